"""Slows down password guessing: after repeated failures an account (and, more loosely,
an address) is locked for a while. Counts live in the shared cache, so every web process
sees them; the authentication backend enforces the lock for the public and admin logins.
"""

from django.conf import settings
from django.core.cache import cache

from parentschool.client_address import client_address

FAILURES_PER_ACCOUNT = getattr(settings, "LOGIN_FAILURES_PER_ACCOUNT", 5)
FAILURES_PER_ADDRESS = getattr(settings, "LOGIN_FAILURES_PER_ADDRESS", 30)
LOCK_SECONDS = getattr(settings, "LOGIN_LOCK_SECONDS", 15 * 60)


def _keys(scope: str, username: str, request) -> list[tuple[str, int]]:
    keys = [(f"lockout:{scope}:user:{username.strip().lower()}", FAILURES_PER_ACCOUNT)]
    address = client_address(request) if request is not None else None
    if address:
        keys.append((f"lockout:{scope}:addr:{address}", FAILURES_PER_ADDRESS))
    return keys


def is_locked(*, username: str, request, scope: str = "login") -> bool:
    counts = cache.get_many([key for key, _limit in _keys(scope, username, request)])
    return any(counts.get(key, 0) >= limit for key, limit in _keys(scope, username, request))


def record_failure(*, username: str, request, scope: str = "login") -> None:
    for key, _limit in _keys(scope, username, request):
        # add() starts the window; incr() keeps its expiry on Redis and locmem alike.
        if not cache.add(key, 1, timeout=LOCK_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout=LOCK_SECONDS)


def clear(*, username: str, scope: str = "login") -> None:
    cache.delete(f"lockout:{scope}:user:{username.strip().lower()}")
