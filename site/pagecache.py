"""Whole-page cache for anonymous visitors, purged whenever any page changes.

Parents arrive in bursts (a school shares a lesson link in a class WeChat group), so public
pages are served from the shared cache. Every cached page belongs to a *generation*; a
publish, unpublish, move or delete starts a new generation, so no visitor sees a stale
catalogue, course or lesson after an editor's change. Only public Wagtail pages rendered
for anonymous visitors without cookies are stored.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import caches

GENERATION_KEY = "pagecache:generation"
logger = logging.getLogger(__name__)


def _cache():
    return caches[getattr(settings, "PAGE_CACHE_ALIAS", "default")]


def current_generation() -> int:
    generation = _cache().get(GENERATION_KEY)
    if generation is None:
        _cache().add(GENERATION_KEY, 1, timeout=None)
        generation = _cache().get(GENERATION_KEY, 1)
    return generation


def purge_all() -> None:
    """Start a new generation: every page cached so far is ignored from now on."""
    cache = _cache()
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:  # no generation yet (or it was evicted)
            cache.set(GENERATION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001  (publishing must not fail because the cache is down)
        logger.error("page cache could not be purged", exc_info=True)


def _key(request, generation: int) -> str:
    digest = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"pagecache:{generation}:{request.method}:{digest}"


def _request_is_cacheable(request) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and not request.path.startswith(("/admin/", "/django-admin/"))
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _request_is_cacheable(request):
            return self.get_response(request)
        try:
            key = _key(request, current_generation())
            cached = _cache().get(key)
        except Exception:  # noqa: BLE001  (a cache outage must not take the site down)
            logger.warning("page cache unavailable", exc_info=True)
            return self.get_response(request)
        if cached is not None:
            cached["X-Page-Cache"] = "hit"
            return cached
        response = self.get_response(request)
        if self._response_is_cacheable(request, response):
            response["X-Page-Cache"] = "miss"
            try:
                _cache().set(key, response, timeout=settings.PAGE_CACHE_SECONDS)
            except Exception:  # noqa: BLE001
                logger.warning("page cache unavailable", exc_info=True)
        return response

    @staticmethod
    def _response_is_cacheable(request, response) -> bool:
        return (
            getattr(request, "page_cacheable", False)
            and response.status_code == 200
            and not response.cookies
            and not getattr(request, "user", None).is_authenticated
            and "private" not in response.get("Cache-Control", "")
        )


def mark_page_cacheable(page, request, serve_args, serve_kwargs) -> None:
    """`before_serve_page` hook: public pages may be cached; restricted ones never are."""
    if not page.get_view_restrictions().exists():
        request.page_cacheable = True
