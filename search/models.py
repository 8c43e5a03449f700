"""The facet values of indexed pages, for counting and filtering on the database backend,
and the stamp that tells a process its in-memory copy of them is out of date."""

import uuid

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


class SearchIndexStamp(models.Model):
    """One row whose token changes whenever pages are (re)indexed on SQLite.

    search/backends/index_map.py keeps, per process, which page each full-text row belongs
    to and each page's facet values; it rebuilds them when this token differs from the one
    it was built at. A fresh random token, not a counter or a max id: ids come back after a
    rolled-back transaction, a random token never does."""

    token = models.UUIDField(default=uuid.uuid4)

    def __str__(self) -> str:
        return str(self.token)


def index_token() -> uuid.UUID | None:
    return SearchIndexStamp.objects.filter(pk=1).values_list("token", flat=True).first()


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


def mark_index_changed() -> None:
    """Give the index a new token: every process rebuilds its map on its next search."""
    SearchIndexStamp.objects.update_or_create(pk=1, defaults={"token": uuid.uuid4()})
