"""Who sent a heartbeat, without a user query per beat.

Django checks a signed-in request by loading the user row and comparing the session's
auth hash (derived from the password hash) with it. A beat arrives every ten seconds
from every phone playing a lesson, so that row read would be most of a beat's database
work. Once Django has verified an account the usual way, we keep its session auth hash
in the cache; later beats compare against that. Saving or deleting the user (a password
change, a deactivation) drops the record, so the next beat is checked by Django again
and an old session is refused exactly as Django would refuse it.

Each web process also remembers the records it read for `MEMO_SECONDS`, which spares a
cache round trip on most beats; another process's copy of a dropped record lives on for
at most that long, during which an old session can add watched seconds to its own
playback and nothing else."""

import threading
import time

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare

# Short enough that a change made behind the ORM's back (queryset.update) ages out soon.
RECORD_SECONDS = 600
MEMO_SECONDS = 30

_memo: dict[str, tuple[float, dict]] = {}
_memo_lock = threading.Lock()


def _record(user_id) -> dict | None:
    now = time.monotonic()
    remembered = _memo.get(str(user_id))
    if remembered is not None and now - remembered[0] < MEMO_SECONDS:
        return remembered[1]
    record = cache.get(_key(user_id))
    if record is not None:
        with _memo_lock:
            if len(_memo) > 50_000:  # a process never holds more than its viewers
                _memo.clear()
            _memo[str(user_id)] = (now, record)
    return record


def _key(user_id) -> str:
    return f"attendance:session-auth:{user_id}"


def signed_in_user_id(request: HttpRequest) -> int | None:
    """The id of the account signed in on this request, or None, with Django's verdict."""
    session = request.session
    user_id = session.get(SESSION_KEY)
    if user_id is None:
        return None
    record = _record(user_id)
    if (
        record is not None
        and record["backend"] == session.get(BACKEND_SESSION_KEY)
        and constant_time_compare(record["hash"], session.get(HASH_SESSION_KEY, ""))
    ):
        return record["id"]
    user = request.user  # Django's own check: user row, backend, is_active, auth hash
    if not user.is_authenticated:
        return None
    remember(user=user, backend=session.get(BACKEND_SESSION_KEY))
    return user.pk


def remember(*, user, backend: str) -> None:
    """Record `user` as verified by Django for sessions signed in through `backend`."""
    record = {"id": user.pk, "backend": backend, "hash": user.get_session_auth_hash()}
    cache.set(_key(user.pk), record, timeout=RECORD_SECONDS)
    with _memo_lock:
        _memo[str(user.pk)] = (time.monotonic(), record)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def forget_verified_user(sender, instance, **kwargs) -> None:
    _memo.pop(str(instance.pk), None)
    cache.delete(_key(instance.pk))
