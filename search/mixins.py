"""What a page contributes to search beyond its own fields."""

from django.db import models
from wagtail.search import index

# Add to a page class's `search_fields` alongside SearchFacetsMixin.
FACET_SEARCH_FIELDS = [
    index.SearchField("search_keywords"),
    index.FilterField("search_facets"),
]


class SearchFacetsMixin(models.Model):
    """Values indexed for facets (stage, grade, topic, school, type, premium) and extra
    keywords (course title, lecturer, topics) for pages that inherit them from above.
    An abstract model, not a plain mixin: the search engines' mappings walk model bases."""

    class Meta:
        abstract = True

    @property
    def search_facets(self) -> list[str]:
        from search.facets import page_facets

        return page_facets(self)

    @property
    def search_keywords(self) -> str:
        from search.facets import page_keywords

        return page_keywords(self)
