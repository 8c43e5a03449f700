"""What a query asks for, the same on every backend: its meaningful words, the words that
may stand for each (synonyms.txt, and a compound's own parts), and how many must match.

A parent's question has words that matter more than others (孩子沉迷手机: 手机 more than
孩子), so a long query asks for most of its words rather than all of them; ranking then
puts the pages that have more of them, and in their titles, first.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from search.segment import query_words, sub_words

SYNONYMS = Path(__file__).with_name("synonyms.txt")
MAX_TERMS = 8  # the rest of a pasted paragraph only adds noise (and SQL)


@dataclass(frozen=True)
class Term:
    """One query word: the word itself, the words that may stand for it, and the parts of a
    compound (隔代教养 → 隔代, 教养), which match when all of them are present."""

    word: str
    synonyms: tuple[str, ...]
    parts: tuple[str, ...]

    @property
    def alternatives(self) -> tuple[str, ...]:
        return (self.word, *self.synonyms)


def _parse(lines: list[str]) -> dict[str, list[str]]:
    related: dict[str, list[str]] = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if ">" in line:
            word, _sep, rest = line.partition(">")
            pairs = [(word.strip(), rest.split())]
        else:
            group = line.split()
            pairs = [(word, [w for w in group if w != word]) for word in group]
        for word, others in pairs:
            related.setdefault(word, [])
            related[word] += [w for w in others if w not in related[word]]
    return related


@cache
def synonym_table() -> dict[str, list[str]]:
    return _parse(SYNONYMS.read_text("utf-8").splitlines())


def related_words(word: str) -> tuple[str, ...]:
    return tuple(synonym_table().get(word, ()))


def query_terms(text: str) -> list[Term]:
    """The terms of a query, most important words first as the parent typed them."""
    terms = []
    for word in query_words(text)[:MAX_TERMS]:
        parts = sub_words(word)
        terms.append(
            Term(
                word=word,
                synonyms=related_words(word),
                parts=tuple(parts) if len(parts) > 1 else (),
            )
        )
    return terms


def required_count(n_terms: int) -> int:
    """How many of a query's terms a page must match: all of one or two, then three in four
    (3 → 2, 4 → 3, 6 → 4, 8 → 6), like a search engine's minimum_should_match."""
    if n_terms <= 2:
        return n_terms
    return max(2, (n_terms * 3) // 4)
