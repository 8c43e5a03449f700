"""Viewers for the heartbeat benchmark: a test city, one lesson of ten minutes, and
``--viewers`` parent accounts, each signed in (a session row and cache entry) with an open
playback session. Writes the cookies and session ids the load generator needs as JSON.

    DJANGO_SETTINGS_MODULE=parentschool.settings.production ... \\
    .venv/bin/python bench/attendance/seed.py --viewers 5000 --out /tmp/viewers.json

Re-running reuses the city and accounts and only opens fresh playback sessions. A tenth
of the viewers start at 89% coverage, so during the run they pass 90% and the ledger
writes (entry + running totals) are part of the measured load.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentschool.settings.dev")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,  # noqa: E402
)
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.crypto import get_random_string  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from attendance import playback_store, session_auth  # noqa: E402
from attendance.models import PlaybackSession, SchoolYear, Semester  # noqa: E402
from courses.models import LessonPage  # noqa: E402
from families.models import Child, Family, Guardian  # noqa: E402
from schools.models import Region, SchoolClass  # noqa: E402

CITY_CODE = "990900"
LESSON_SECONDS = 600


def build_city_once() -> None:
    if Region.objects.filter(code=CITY_CODE).exists():
        return
    call_command("flush", interactive=False, verbosity=0)
    from tests.courses.tree import build_city

    tree = build_city()
    today = timezone.localdate()
    year = SchoolYear.objects.create(
        region=tree["city"],
        name="基准学年",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today + datetime.timedelta(days=300),
    )
    Semester.objects.create(
        school_year=year, name="第一学期", starts_on=year.starts_on, ends_on=year.ends_on
    )


def ensure_viewers(count: int) -> list:
    User = get_user_model()
    existing = User.objects.filter(username__startswith="viewer").count()
    if existing < count:
        school_class = SchoolClass.objects.order_by("pk").first()
        password = make_password("bench-viewer")
        with transaction.atomic():
            users = User.objects.bulk_create(
                User(username=f"viewer{i:05d}", password=password) for i in range(existing, count)
            )
            families = Family.objects.bulk_create(
                Family(code=f"B{i:07d}") for i in range(existing, count)
            )
            Guardian.objects.bulk_create(
                Guardian(family=f, user=u, name="观众家长", relation="mother")
                for f, u in zip(families, users, strict=True)
            )
            Child.objects.bulk_create(
                Child(
                    family=f,
                    name="孩子",
                    gender="f",
                    birth_date=datetime.date(2017, 3, 1),
                    school_class=school_class,
                )
                for f in families
            )
    return list(
        User.objects.filter(username__startswith="viewer")
        .order_by("username")
        .select_related("guardian")[:count]
    )


def open_sessions(users, lesson) -> list[dict]:
    """A signed-in Django session and a fresh playback session per viewer."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {PlaybackSession._meta.db_table}")  # noqa: S608
    store_class = import_string(settings.SESSION_ENGINE + ".SessionStore")
    started = timezone.now() - datetime.timedelta(hours=1)
    rows, viewers = [], []
    for index, user in enumerate(users):
        store = store_class()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        near_done = index % 10 == 0
        covered = [[0.0, 0.89 * LESSON_SECONDS]] if near_done else []
        session = PlaybackSession(
            user=user,
            family_id=user.guardian.family_id,
            lesson=lesson,
            duration=LESSON_SECONDS,
            intervals=covered,
            covered_seconds=covered[0][1] if covered else 0,
            started_at=started,
            last_beat_at=started,
        )
        rows.append(session)
        viewers.append(
            {
                "cookie": store.session_key,
                "session": str(session.pk),
                "offset": covered[0][1] if covered else 0.0,
            }
        )
    PlaybackSession.objects.bulk_create(rows, batch_size=1000)
    # What the start endpoint does for each viewer: the state in the playback store and the
    # account verified for its beats.
    playback_store.store().opened(rows)
    for user in users:
        session_auth.remember(user=user, backend=settings.AUTHENTICATION_BACKENDS[0])
    return viewers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--viewers", type=int, default=5000)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    begin = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    build_city_once()
    lesson = LessonPage.objects.live().public().order_by("pk").first()
    lesson.duration_minutes = LESSON_SECONDS // 60
    lesson.save(update_fields=["duration_minutes"])
    users = ensure_viewers(args.viewers)
    viewers = open_sessions(users, lesson)
    csrf = get_random_string(32)
    Path(args.out).write_text(
        json.dumps(
            {
                "csrf": csrf,
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "csrf_cookie": settings.CSRF_COOKIE_NAME,
                "viewers": viewers,
            }
        )
    )
    print(f"seeded {len(viewers)} viewers in {time.perf_counter() - begin:.1f} s")


if __name__ == "__main__":
    main()
