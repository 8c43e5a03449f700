"""Snippets of page text with the matched words in <mark>, everything else escaped."""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

SNIPPET_CHARS = 110


def page_text(page) -> str:
    """The readable text of a specific page, in the order a parent would read it."""
    parts = [getattr(page, name, "") for name in ("summary", "intro", "description", "place")]
    notes = getattr(page, "notes", None)
    if notes:
        parts.append(" ".join(notes.stream_block.get_searchable_content(notes)))
    text = " ".join(strip_tags(str(part)) for part in parts if part)
    return re.sub(r"\s+", " ", text).strip()


def snippet(*, text: str, terms: list[str], chars: int = SNIPPET_CHARS) -> SafeString:
    """A window of `text` around the first matched term, terms wrapped in <mark>."""
    terms = [term for term in terms if term]
    pattern = re.compile("|".join(map(re.escape, terms)), re.IGNORECASE) if terms else None
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - chars // 4) if first else 0
    window = text[start : start + chars]
    prefix = "…" if start else ""
    suffix = "…" if start + chars < len(text) else ""
    if pattern is None:
        return mark_safe(prefix + escape(window) + suffix)  # noqa: S308 - escaped above
    pieces, last = [], 0
    for match in pattern.finditer(window):
        pieces += [escape(window[last : match.start()]), f"<mark>{escape(match.group())}</mark>"]
        last = match.end()
    pieces.append(escape(window[last:]))
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 - every piece escaped
