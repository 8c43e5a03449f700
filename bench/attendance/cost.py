"""CPU cost of one heartbeat in the Django process, independent of how busy the machine is.

    DATABASE_URL=… REDIS_URL=… DJANGO_SETTINGS_MODULE=parentschool.settings.production \\
    SECRET_KEY=… SECURE_SSL_REDIRECT=false .venv/bin/python bench/attendance/cost.py \\
        --viewers-file $BENCH_VAR_DIR/viewers.json [--beats 300]

Sends beats through Django's full middleware stack in this process (test client, no
network) for viewers the load run did not use, and reports process CPU time and wall time
per beat. CPU time excludes the database server's own work; wall time includes it.
"""

import argparse
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

from django.test import Client  # noqa: E402

from attendance.models import PlaybackSession  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--viewers-file", required=True)
    parser.add_argument("--beats", type=int, default=300)
    args = parser.parse_args()
    data = json.loads(Path(args.viewers_file).read_text())
    viewers = data["viewers"][-args.beats :]
    client = Client(HTTP_HOST="127.0.0.1")
    client.cookies[data["csrf_cookie"]] = data["csrf"]
    path = "/zh-hans/attendance/api/playback/beat/"
    cpu = wall = 0.0
    sessions = PlaybackSession.objects.select_related("user")
    found = sessions.filter(pk__in=[v["session"] for v in viewers])
    users = {str(s.pk): s.user for s in found}
    next_seq = {str(s.pk): s.last_seq + 1 for s in found}
    for viewer in viewers:
        client.force_login(users[viewer["session"]])  # a session signed with this SECRET_KEY
        # A beat with no new seconds: everything but the interval merge and a ledger write.
        seq = next_seq[viewer["session"]]
        body = {"session": viewer["session"], "seq": seq, "ranges": [], "position": 1}
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        response = client.post(
            path, json.dumps(body), content_type="application/json", HTTP_X_CSRFTOKEN=data["csrf"]
        )
        cpu += time.process_time() - start_cpu
        wall += time.perf_counter() - start_wall
        assert response.status_code == 200, (response.status_code, response.headers)
    count = len(viewers)
    cpu_ms, wall_ms = 1000 * cpu / count, 1000 * wall / count
    print(f"{count} beats: {cpu_ms:.2f} ms CPU and {wall_ms:.2f} ms wall each")
    print(f"CPU-bound ceiling on 2 cores, Django side alone: {2000 / cpu_ms:.0f} beats/s")


if __name__ == "__main__":
    main()
