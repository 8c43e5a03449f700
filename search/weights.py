"""How much a match in each field counts, one table for every backend: a word in the title
counts most, then the summary, then what search_keywords adds (topics, lecturer, the
course of a lesson), then the body (notes, descriptions).

Kept here rather than as SearchField(boost=...) on the page classes because the weights are
a search concern shared by three implementations: the SQLite index (title column weight,
other fields repeated), PostgreSQL (tsvector weights A-D) and the engine (field boosts).
"""

TITLE_WEIGHT = 4
FIELD_WEIGHTS = {"title": TITLE_WEIGHT, "summary": 3, "search_keywords": 2}
BODY_WEIGHT = 1


def field_weight(field_name: str) -> int:
    return FIELD_WEIGHTS.get(field_name, BODY_WEIGHT)


def postgres_weight(field_name: str) -> str:
    """The tsvector weight letter of a field: A (4) … D (1)."""
    return "DCBA"[field_weight(field_name) - 1]


# ts_rank's weights for {D, C, B, A}, in the same proportions as the table above.
POSTGRES_RANK_WEIGHTS = "{" + ",".join(str(w / TITLE_WEIGHT) for w in (1, 2, 3, 4)) + "}"


def engine_fields() -> list[str]:
    """multi_match fields for the engine's mapping (modelsearch names a page model's field
    <app>_<model>__<field>; `_all_text` holds every field once)."""
    boosted = [f"title^{TITLE_WEIGHT}"]
    boosted += [f"*__{name}^{w}" for name, w in FIELD_WEIGHTS.items() if name != "title"]
    return [*boosted, f"_all_text^{BODY_WEIGHT}"]
