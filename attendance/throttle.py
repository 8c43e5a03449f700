"""A per-account limit on starting playback sessions. Each start writes a session row and
supersedes the previous one, so a script hammering the endpoint would churn the table;
a person opening lessons never comes close. Counts live in the shared cache so every web
process sees the same window."""

from django.conf import settings
from django.core.cache import cache

STARTS_PER_WINDOW = getattr(settings, "PLAYBACK_STARTS_PER_MINUTE", 30)
WINDOW_SECONDS = 60


def start_allowed(*, user_id: int) -> bool:
    """Count one start for the account; False once it is over the limit for this minute."""
    key = f"playback:starts:user:{user_id}"
    # add() opens the window with its expiry; incr() keeps that expiry on Redis and locmem.
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return True
    return count <= STARTS_PER_WINDOW
