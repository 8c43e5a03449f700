"""Is the configured search backend answering?"""

from wagtail.models import Page
from wagtail.search.backends import get_search_backend


def search_backend_status() -> str:
    """Return a short description of the backend; raise when it does not answer."""
    backend = get_search_backend()
    client = getattr(backend, "es", None)  # Elasticsearch/OpenSearch backends
    if client is not None:
        health = client.cluster.health()
        if health["status"] == "red":
            raise RuntimeError(f"cluster {health['cluster_name']} is red")
        return f"{type(backend).__module__} cluster {health['status']}"
    # The database backend: run a real (tiny) query through it.
    list(backend.search("家长学校", Page)[:1])
    return type(backend).__module__
