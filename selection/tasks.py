"""Background work of the selection. Thin: primitive ids in, a service call out."""

from django_tasks import task

from . import services


@task()
def purge_pages_at_broadcast_edge(broadcast_id: int) -> bool:
    return services.purge_for_broadcast_edge(broadcast_id=broadcast_id)
