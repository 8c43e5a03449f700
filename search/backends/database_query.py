"""Our query terms as a modelsearch query for the database backend (SQLite FTS5, PostgreSQL).

Each term matches its word, any word that may stand for it, or all the parts of a compound.
The index holds jieba search-mode tokens, so a multi-word synonym (自己的事情自己做) matches
when all its words are present. A query with more terms than required_count() asks for
any large-enough subset of them: an OR of ANDs, kept small by MAX_SUBSETS.
"""

from itertools import combinations

from modelsearch.query import And, Or, PlainText, SearchQuery

from search.segment import precise_words
from search.terms import Term, query_terms, related_words, required_count

MAX_SUBSETS = 16  # C(6, 4) = 15; beyond that any term may match and ranking sorts it out


def _words(text: str) -> SearchQuery | None:
    words = list(dict.fromkeys(precise_words(text)))
    return PlainText(" ".join(words), operator="and") if words else None


def _either(queries: list[SearchQuery | None]) -> SearchQuery | None:
    queries = [query for query in queries if query is not None]
    if len(queries) > 1:
        return Or(queries)
    return queries[0] if queries else None


def _all(queries: list[SearchQuery]) -> SearchQuery:
    return And(queries) if len(queries) > 1 else queries[0]


def term_query(term: Term) -> SearchQuery | None:
    alternatives = [_words(word) for word in term.alternatives]
    if term.parts:
        parts = [_either([_words(w) for w in (part, *related_words(part))]) for part in term.parts]
        alternatives.append(_all([part for part in parts if part is not None]))
    return _either(alternatives)


def build_query(text: str, *, operator: str = "and") -> SearchQuery | None:
    """A modelsearch query for `text`: enough of its terms (operator="and"), or any of them
    (operator="or", the fallback when nothing has enough)."""
    clauses = [q for q in map(term_query, query_terms(text)) if q is not None]
    if not clauses:
        return None
    needed = required_count(len(clauses))
    subsets = list(combinations(clauses, needed))
    if operator == "or" or needed == 1 or len(subsets) > MAX_SUBSETS:
        return _either(clauses)
    return _either([_all(list(subset)) for subset in subsets])
