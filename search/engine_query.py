"""Our query terms as an Elasticsearch/OpenSearch query, the twin of
backends/database_query.py: each term matches its word, a word that may stand for it, or
all the parts of a compound, in the weighted fields of weights.py; a long query needs
required_count() of its terms. Words are matched as phrases, so a jieba word the smartcn
analyzer splits (隔代教养 → 隔 代 教养) still matches only where its pieces are adjacent.
"""

from search.terms import Term, query_terms, related_words, required_count
from search.weights import engine_fields

SYNONYM_BOOST = 0.8  # the parent's own word counts a little more than a stand-in
PROXIMITY_BOOST = 2  # the words of a query close together, in the order typed
STRICT_BOOST = 10  # when topping up with looser matches, pages with enough terms first


def _phrase(text: str, boost: float = 1) -> dict:
    return {
        "multi_match": {"query": text, "type": "phrase", "fields": engine_fields(), "boost": boost}
    }


def _any(clauses: list[dict]) -> dict:
    return {"bool": {"should": clauses, "minimum_should_match": 1}}


def term_clause(term: Term) -> dict:
    clauses = [_phrase(term.word)]
    clauses += [_phrase(word, SYNONYM_BOOST) for word in term.synonyms]
    if term.parts:
        parts = [
            _any([_phrase(word, SYNONYM_BOOST) for word in (part, *related_words(part))])
            for part in term.parts
        ]
        clauses.append({"bool": {"must": parts}})
    return _any(clauses)


def engine_query(text: str, *, operator: str = "and") -> dict | None:
    """The query for `text`: enough terms (operator="and"), or any term, with the pages that
    have enough ranked first (operator="or")."""
    terms = query_terms(text)
    if not terms:
        return None
    clauses = [term_clause(term) for term in terms]
    strict = {"bool": {"should": clauses, "minimum_should_match": required_count(len(terms))}}
    proximity = []
    if len(terms) > 1:
        words = " ".join(term.word for term in terms)
        phrase = {"query": words, "slop": 3, "boost": PROXIMITY_BOOST}
        proximity = [{"match_phrase": {"_all_text": phrase}}]
    if operator == "and":
        return {"bool": {"must": [strict], "should": proximity}}
    strict_first = {"bool": {**strict["bool"], "boost": STRICT_BOOST}}
    return {"bool": {"must": [_any(clauses)], "should": [strict_first, *proximity]}}
