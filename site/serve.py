"""The production web server: granian (HTTP in Rust, the Django app in Python threads).

    DJANGO_SETTINGS_MODULE=parentschool.settings.production python -m parentschool.serve

Chosen over gunicorn after measuring both on this project's heartbeat endpoint, the
busiest of the site: the HTTP work around a request costs granian about a third of the CPU
gunicorn's gthread worker spends (bench/attendance/RESULTS.md). Slow phones cost no Python
thread while their bytes trickle in or out: the Rust side buffers them.

Settings, from the environment (defaults suit a small machine):

- ``WEB_BIND`` — ``host:port`` to listen on (``127.0.0.1:8000``; a proxy terminates TLS)
- ``WEB_CONCURRENCY`` — processes (one per core)
- ``WEB_THREADS`` — Python threads per process running requests (4)
- ``WEB_ACCESS_LOG`` — ``1`` writes one JSON line per request to stderr, ``0`` turns it off
- ``WEB_WORKER_LIFETIME`` — seconds before a process is replaced, so a slow leak never takes
  a small machine down (6 hours; 0 keeps them)
"""

import os

from granian.constants import Interfaces
from granian.server import Server

# One JSON object a line, like the application's own logs (path is percent-encoded, so it
# holds no quote).
ACCESS_LOG_FORMAT = (
    '{"time":"%(time)s","remote":"%(addr)s","method":"%(method)s","path":"%(path)s",'
    '"query":"%(query_string)s","status":%(status)d,"ms":%(dt_ms).1f}'
)


def server() -> Server:
    host, _, port = os.environ.get("WEB_BIND", "127.0.0.1:8000").rpartition(":")
    lifetime = int(os.environ.get("WEB_WORKER_LIFETIME", 6 * 3600))
    return Server(
        "parentschool.wsgi:application",
        address=host or "127.0.0.1",
        port=int(port),
        interface=Interfaces.WSGI,
        workers=int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 1)),
        blocking_threads=int(os.environ.get("WEB_THREADS", 4)),
        websockets=False,
        log_access=os.environ.get("WEB_ACCESS_LOG", "1") == "1",
        log_access_format=ACCESS_LOG_FORMAT,
        respawn_failed_workers=True,
        workers_lifetime=lifetime or None,
        workers_kill_timeout=20,
    )


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentschool.settings.production")
    server().serve()
