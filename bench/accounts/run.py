"""Costs of the parents' side: login with the lockout backend vs Django's plain backend,
the 我的学习 page for the demo parent, and the lesson page's JavaScript (full vs light hls.js).

    DJANGO_SETTINGS_MODULE=parentschool.settings.test .venv/bin/python bench/accounts/run.py \
        [--logins 300] [--pages 100]      # REDIS_URL=... puts the lockout counts in Redis

Builds the demo city (no videos) in an in-memory SQLite database.
"""

import argparse
import contextlib
import gzip
import io
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentschool.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.signals import user_logged_in, user_login_failed  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    override_settings,
    setup_test_environment,  # noqa: E402
)

PASSWORD = "bench-demo-2026"  # noqa: S105 (demo users of a throwaway database)
LOGIN = "/zh-hans/accounts/login/"


def timed(n: int, action) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]


def login_once(client: Client, password: str) -> None:
    client.post(LOGIN, {"username": "parent", "password": password})
    client.logout()


@contextlib.contextmanager
def lockout_off(off: bool):
    """The baseline: no counting on failure or success, no check in the login form."""
    if not off:
        yield
        return
    from accounts import signal_handlers

    receivers = [
        (user_login_failed, signal_handlers.count_login_failure, "accounts_login_failed"),
        (user_logged_in, signal_handlers.forget_login_failures, "accounts_logged_in"),
    ]
    for signal, receiver, uid in receivers:
        signal.disconnect(receiver, dispatch_uid=uid)
    try:
        with mock.patch("accounts.forms.lockout.is_locked", return_value=False):
            yield
    finally:
        for signal, receiver, uid in receivers:
            signal.connect(receiver, dispatch_uid=uid)


def bench_logins(n: int) -> dict[str, tuple[float, float]]:
    cache = (
        {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": settings.TEST_REDIS_URL,
            }
        }
        if settings.TEST_REDIS_URL
        else settings.CACHES
    )
    backends = {
        "no lockout (ModelBackend)": "django.contrib.auth.backends.ModelBackend",
        "lockout (LockoutModelBackend)": "accounts.backends.LockoutModelBackend",
    }
    with override_settings(CACHES=cache):
        from django.core.cache import cache as default_cache

        samples = {f"{label}, {kind}": [] for label in backends for kind in ("right", "wrong")}
        client = Client()
        # Rounds alternate the backends so the load of a shared machine falls on both alike.
        for _round in range(max(1, n // 4)):
            for label, backend in backends.items():
                with (
                    override_settings(AUTHENTICATION_BACKENDS=[backend]),
                    lockout_off("no lockout" in label),
                ):
                    default_cache.clear()  # four failures a round: the account never locks
                    samples[f"{label}, right"] += timed(4, lambda: login_once(client, PASSWORD))
                    samples[f"{label}, wrong"] += timed(4, lambda: login_once(client, "wrong"))
        default_cache.clear()
    results = {key + " password": summary(values) for key, values in samples.items()}
    return results


def bench_learning(n: int) -> tuple[tuple[float, float], int]:
    client = Client()
    client.post(LOGIN, {"username": "parent", "password": PASSWORD})
    client.get("/zh-hans/accounts/learning/")  # warm caches
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    # An execute wrapper, not CaptureQueriesContext: request_started resets the query log.
    with connection.execute_wrapper(count):
        response = client.get("/zh-hans/accounts/learning/")
    assert response.status_code == 200 and "我的学习" in response.content.decode()
    return summary(timed(n, lambda: client.get("/zh-hans/accounts/learning/"))), len(queries)


def javascript_sizes() -> dict[str, int]:
    player = (ROOT / "site/static/js/lesson-player.js").read_bytes()
    files = {
        "hls.min.js (served)": ROOT / "site/static/vendor/hls.js/hls.min.js",
        "hls.light.min.js (npm ci first)": ROOT / "node_modules/hls.js/dist/hls.light.min.js",
    }
    sizes = {"lesson-player.js": len(gzip.compress(player, 9))}
    for label, path in files.items():
        if path.exists():
            sizes[label] = len(gzip.compress(path.read_bytes(), 9))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--logins", type=int, default=300)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    setup_test_environment()
    settings.DATABASES["default"]["NAME"] = ":memory:"
    call_command("migrate", verbosity=0)
    call_command("load_demo", password=PASSWORD, no_videos=True, stdout=io.StringIO())

    print(f"cache: {'redis' if settings.TEST_REDIS_URL else 'locmem'}; hasher: test (MD5)")
    print("| login | p50 ms | p95 ms |\n|---|---|---|")
    logins = bench_logins(args.logins)
    for label, (p50, p95) in logins.items():
        print(f"| {label} | {p50:.2f} | {p95:.2f} |")
    for kind in ("right", "wrong"):
        base = logins[f"no lockout (ModelBackend), {kind} password"][0]
        ours = logins[f"lockout (LockoutModelBackend), {kind} password"][0]
        print(f"\nlockout cost, {kind} password (p50): ×{ours / base:.2f} ({ours - base:+.2f} ms)")

    (p50, p95), queries = bench_learning(args.pages)
    print(f"\n我的学习 (demo parent): p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries")

    sizes = javascript_sizes()
    print("\n| script | gzipped bytes |\n|---|---|")
    for label, size in sizes.items():
        print(f"| {label} | {size} |")
    served = sizes["lesson-player.js"] + sizes["hls.min.js (served)"]
    print(f"\nlesson page JavaScript: {served} bytes gzipped (budget 204800)")


if __name__ == "__main__":
    main()
