"""What a page contributes to search beyond its own fields."""


class SearchFacetsMixin:
    """Values indexed for facets (stage, grade, topic, school, type, premium) and extra
    keywords (course title, lecturer, topics) for pages that inherit them from above."""

    @property
    def search_facets(self) -> list[str]:
        from search.facets import page_facets

        return page_facets(self)

    @property
    def search_keywords(self) -> str:
        from search.facets import page_keywords

        return page_keywords(self)
