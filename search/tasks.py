"""Background indexing. Thin: primitive ids in, a service call out."""

from django_tasks import task

from search import services


@task(queue_name="search")
def reindex_subtree(page_id: int) -> int:
    return services.reindex_subtree(page_id=page_id)
