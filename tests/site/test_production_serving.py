"""Production settings served by the production server (parentschool.serve, granian):
hashed compressed static files, security headers, JSON logs. Runs the real server on
loopback."""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")
    port = free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DATABASE_URL", "REDIS_URL", "AWS_", "SEARCH_", "DJANGO_ALLOW"))
    } | {
        "DJANGO_SETTINGS_MODULE": "parentschool.settings.production",
        "PARENTSCHOOL_VAR_DIR": str(var),
        "SECRET_KEY": secrets.token_urlsafe(64),
        "WEB_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    manage = [sys.executable, str(REPO / "manage.py")]
    for command in (["migrate", "-v0"], ["collectstatic", "--no-input", "-v0"]):
        subprocess.run(manage + command, env=env, check=True, timeout=300, cwd=REPO)
    log = (var / "web.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "parentschool.serve"],
        env=env,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                requests.get(base + "/healthz", timeout=10)
                break
            except requests.RequestException:
                time.sleep(0.2)
        yield {"base": base, "log": var / "web.log", "static": var / "static"}
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


HTTPS = {"X-Forwarded-Proto": "https"}


def test_health_is_answered_over_plain_http_for_load_balancers(server):
    response = requests.get(server["base"] + "/healthz", timeout=10, allow_redirects=False)
    assert response.status_code == 200, response.text


def test_plain_http_is_redirected_to_https(server):
    response = requests.get(server["base"] + "/zh-hans/", timeout=10, allow_redirects=False)
    assert response.status_code == 301
    assert response.headers["Location"].startswith("https://")


def test_security_headers(server):
    response = requests.get(
        server["base"] + "/admin/login/", headers=HTTPS, timeout=10, allow_redirects=False
    )
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Strict-Transport-Security"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    cookies = response.headers.get("Set-Cookie", "")
    assert "csrftoken" in cookies and "Secure" in cookies
    public = requests.get(server["base"] + "/zh-hans/accounts/login/", headers=HTTPS, timeout=10)
    policy = public.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy


def test_static_files_are_hashed_and_compressed(server):
    manifest = json.loads((server["static"] / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert re.fullmatch(r"css/site\.[0-9a-f]{12}\.css", hashed)
    response = requests.get(
        f"{server['base']}/static/{hashed}",
        headers=HTTPS | {"Accept-Encoding": "gzip"},
        timeout=10,
    )
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "immutable" in response.headers["Cache-Control"]


def access_log_entries(path: Path) -> list[dict]:
    lines = [line for line in path.read_text().splitlines() if line.startswith("{")]
    return [json.loads(line) for line in lines]


def test_access_log_is_json_lines(server):
    requests.get(server["base"] + "/healthz?probe=1", timeout=10)
    deadline = time.monotonic() + 10  # the line is written once the response has gone
    while time.monotonic() < deadline:
        entries = access_log_entries(server["log"])
        if any(e.get("path") == "/healthz" and e.get("query") == "probe=1" for e in entries):
            break
        time.sleep(0.1)
    probe = [e for e in entries if e.get("path") == "/healthz" and e.get("query") == "probe=1"]
    assert probe and probe[0]["status"] == 200 and probe[0]["method"] == "GET", entries[-5:]
