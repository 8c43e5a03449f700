"""The facet values of indexed pages, for counting and filtering on the database backend."""

from django.db import models


class SearchFacet(models.Model):
    """One facet value of one page (grade=p3, topic=亲子沟通 …), written when the page is
    indexed, so facet counts are one GROUP BY over the matched page ids."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    facet = models.CharField(max_length=16)
    value = models.CharField(max_length=100)

    class Meta:
        indexes = [models.Index(fields=["facet", "value"])]

    def __str__(self) -> str:
        return f"{self.facet}:{self.value}"


def store_facets(*, pages) -> None:
    """Replace the facet rows of `pages` (any models; only those with facets count)."""
    from search.facets import split

    pages = [page for page in pages if hasattr(page, "search_facets")]
    if not pages:
        return
    SearchFacet.objects.filter(page_id__in=[page.pk for page in pages]).delete()
    SearchFacet.objects.bulk_create(
        SearchFacet(page_id=page.pk, facet=facet, value=value[:100])
        for page in pages
        for facet, value in map(split, page.search_facets)
    )
