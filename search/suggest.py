"""Autocomplete suggestions, with pinyin: `jiating` and `jtjy` both suggest 家庭教育.

The vocabulary is small (domain words, topics, course titles), so it is matched in Python
on every backend; it is cached for a few minutes.
"""

import re

from django.core.cache import cache
from pypinyin import Style, lazy_pinyin

from search.segment import DICTIONARY

CACHE_KEY = "search:suggest:vocabulary"
CACHE_SECONDS = 300
_LATIN = re.compile(r"[a-z]+")


def _entry(word: str) -> tuple[str, str, str]:
    full = "".join(lazy_pinyin(word)).lower()
    initials = "".join(lazy_pinyin(word, style=Style.FIRST_LETTER)).lower()
    return word, full, initials


def build_vocabulary() -> list[tuple[str, str, str]]:
    """(word, full pinyin, initials) for domain words, topics and live public course titles,
    the short, general words first."""
    from courses.models import CoursePage, Topic

    words = [line.split()[0] for line in DICTIONARY.read_text("utf-8").splitlines() if line]
    words += list(Topic.objects.values_list("name", flat=True))
    words += list(CoursePage.objects.live().public().values_list("title", flat=True)[:2000])
    return [_entry(word) for word in dict.fromkeys(words)]


def vocabulary() -> list[tuple[str, str, str]]:
    return cache.get_or_set(CACHE_KEY, build_vocabulary, CACHE_SECONDS)


def suggest(*, prefix: str, limit: int = 8) -> list[str]:
    """Up to `limit` words for what has been typed: Chinese by substring, Latin letters by
    full pinyin or initials."""
    typed = re.sub(r"\s+", "", (prefix or "").lower())[:40]
    if not typed:
        return []
    if _LATIN.fullmatch(typed):
        found = [w for w, full, initials in vocabulary() if full.startswith(typed)]
        found += [w for w, _full, initials in vocabulary() if initials.startswith(typed)]
    else:
        found = [w for w, _f, _i in vocabulary() if w.startswith(typed)]
        found += [w for w, _f, _i in vocabulary() if typed in w]
    return list(dict.fromkeys(found))[:limit]
