"""/healthz: is every service this process depends on answering?

Answers 200 when all parts are healthy and 503 naming the part that failed, so a load
balancer can take the process out of rotation and a person can see why.
"""

import time
import uuid
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.db.models import Case, F, When
from django.db.models.functions import Greatest
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks import task_backends

from search.health import search_backend_status


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_cache() -> str:
    cache = caches["default"]
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("a value written to the cache could not be read back")
    cache.delete(key)
    return type(cache).__name__


def check_storage() -> str:
    default_storage = storages["default"]
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as handle:
            if handle.read() != b"ok":
                raise RuntimeError("a file written to storage read back different")
    finally:
        default_storage.delete(name)
    return type(default_storage).__name__


def check_task_queue() -> str:
    backend = task_backends["default"]
    if type(backend).__module__.startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult, get_date_max

        stall = timedelta(seconds=settings.TASK_QUEUE_STALL_SECONDS)
        # A task deferred with `run_after` (the media maintenance task) has only been
        # waiting for a worker since it became due, not since it was queued.
        due_since = Case(
            When(run_after=get_date_max(), then=F("enqueued_at")),
            default=Greatest("enqueued_at", "run_after"),
        )
        waiting = DBTaskResult.objects.ready().annotate(due_since=due_since)
        oldest = waiting.order_by("due_since").values_list("due_since", flat=True).first()
        count = waiting.count() if oldest is not None else 0
        if oldest is not None and timezone.now() - oldest > stall:
            raise RuntimeError(
                f"{count} tasks waiting, the oldest since {oldest:%Y-%m-%d %H:%M:%S}: "
                "no task worker is taking work (run `manage.py db_worker`)"
            )
        return f"database queue, {count} waiting"
    return type(backend).__name__


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "tasks": check_task_queue,
    "search": search_backend_status,
}


def run_checks() -> dict[str, dict]:
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            detail, ok = check(), True
        except Exception as exc:  # noqa: BLE001  (any failure is the answer)
            detail, ok = f"{type(exc).__name__}: {exc}"[:300], False
        results[name] = {
            "ok": ok,
            "detail": detail,
            "ms": round((time.perf_counter() - started) * 1000, 1),
        }
    return results


@never_cache
def healthz(request):
    results = run_checks()
    failed = [name for name, result in results.items() if not result["ok"]]
    body = {"status": "fail" if failed else "ok", "failed": failed, "checks": results}
    return JsonResponse(
        body, status=503 if failed else 200, json_dumps_params={"ensure_ascii": False}
    )
