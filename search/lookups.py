"""Lookups shared by the pages of one bulk index run.

A lesson's facets and keywords come from its course (grades, topics, lecturer) and its
school; indexing 20,000 lessons asked for the same course and school thousands of times.
Inside `shared_lookups()` (a rebuild, a subtree re-index) each is fetched once; outside it,
every call reads the database, so a single page indexed after a publish is never stale.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
_memo: ContextVar[dict | None] = ContextVar("search_shared_lookups", default=None)


@contextmanager
def shared_lookups() -> Iterator[None]:
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def looked_up(key: tuple, compute: Callable[[], T]) -> T:
    memo = _memo.get()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
