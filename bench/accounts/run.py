"""Costs of the parents' side: login with the lockout backend vs Django's plain backend,
the 我的学习 page for the demo parent, and the lesson page's JavaScript (full vs light hls.js).

    DJANGO_SETTINGS_MODULE=parentschool.settings.test .venv/bin/python bench/accounts/run.py \
        [--logins 300] [--pages 100]      # REDIS_URL=... puts the lockout counts in Redis

Builds the demo city (no videos) in an in-memory SQLite database.
"""

import argparse
import gzip
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentschool.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
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
    results = {}
    backends = {
        "plain ModelBackend": "django.contrib.auth.backends.ModelBackend",
        "LockoutModelBackend": "accounts.backends.LockoutModelBackend",
    }
    with override_settings(CACHES=cache):
        from django.core.cache import cache as default_cache

        for label, backend in backends.items():
            with override_settings(AUTHENTICATION_BACKENDS=[backend]):
                client = Client()
                default_cache.clear()
                results[f"{label}, right password"] = summary(
                    timed(n, lambda c=client: login_once(c, PASSWORD))
                )
                # Wrong passwords, four at a time so the account never locks: the cost of
                # counting a failure, not of refusing a locked account.
                wrong = []
                for _batch in range(max(1, n // 4)):
                    default_cache.clear()
                    wrong += timed(4, lambda c=client: login_once(c, "wrong"))
                results[f"{label}, wrong password"] = summary(wrong)
                default_cache.clear()
    return results


def bench_learning(n: int) -> tuple[tuple[float, float], int]:
    client = Client()
    client.post(LOGIN, {"username": "parent", "password": PASSWORD})
    client.get("/zh-hans/accounts/learning/")  # warm caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/zh-hans/accounts/learning/").status_code == 200
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
    base = logins["plain ModelBackend, right password"][0]
    ours = logins["LockoutModelBackend, right password"][0]
    print(f"\nlockout overhead on a good login: ×{ours / base:.2f} ({ours - base:+.2f} ms)")

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
