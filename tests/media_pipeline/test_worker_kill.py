"""A real worker process is killed (SIGKILL) in the middle of a transcode; after the watchdog
and a restart the job completes, and at no point can a player reach a partial output."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone

from media_pipeline.models import Status, TranscodeJob, Video
from media_pipeline.services import requeue_stuck_jobs
from tests.factories import UserFactory

from .conftest import make, tone
from .playback import play_everything

ROOT = Path(__file__).resolve().parents[2]
IN_MEMORY = settings.DATABASES["default"]["ENGINE"].endswith("sqlite3")

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        IN_MEMORY,
        reason="needs a database a second process can open: set DATABASE_URL (PostgreSQL)",
    ),
]


@pytest.fixture
def lesson_clip(media_dir) -> Path:
    """12 s of noisy 720p: long enough to be caught mid-encode."""
    picture = "testsrc2=s=1280x720:r=30:d=12,noise=alls=20:allf=t"
    return make(
        media_dir / "lesson12.mp4",
        *("-f", "lavfi", "-i", picture),
        *tone(12),
        *("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac"),
    )


@pytest.fixture
def worker_env(tmp_path, media_root) -> dict[str, str]:
    """Settings for worker processes: this test's database and media folder."""
    package = tmp_path / "workersettings"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from parentschool.settings.test import *  # noqa\n"
        f"DATABASES['default']['NAME'] = {connection.settings_dict['NAME']!r}\n"
        f"MEDIA_ROOT = {str(media_root)!r}\n"
        "MEDIA_UPLOAD_RETRY_DELAYS = (0.01,)\n"
    )
    scratch = tmp_path / "scratch"  # the killed worker's transcode folder is left here
    scratch.mkdir()
    return {
        **os.environ,
        "TMPDIR": str(scratch),
        "DJANGO_SETTINGS_MODULE": "workersettings",
        "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]),
    }


def worker(env: dict[str, str], *extra: str) -> list[str]:
    return [sys.executable, str(ROOT / "manage.py"), "db_worker", "--queue-name", "*", *extra]


def children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def wait_for(condition, *, seconds: float, what: str) -> None:
    """Poll another process's progress (not queued work of ours) up to a deadline."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.1)


def assert_nothing_partial_is_playable(video: Video, client: Client) -> None:
    video.refresh_from_db()
    if video.hls_prefix:  # a published preview: everything it names must be there
        play_everything(client, video)
    else:  # nothing published: the lesson says the video is being prepared
        assert not video.is_ready and video.playlist_url == ""


def test_killed_worker_then_restart_completes_the_job(
    upload, lesson_clip, worker_env, settings, tmp_path
):
    settings.MEDIA_JOB_STALL_SECONDS = 600
    viewer = Client()
    viewer.force_login(UserFactory(username="viewer", is_superuser=True, is_staff=True))
    video = upload(lesson_clip)
    job = video.jobs.get()

    first = subprocess.Popen(  # noqa: S603
        worker(worker_env), env=worker_env, cwd=ROOT, stdout=subprocess.DEVNULL
    )
    try:
        running = TranscodeJob.objects.filter(pk=job.pk, status=Status.TRANSCODING, progress__gte=5)
        wait_for(running.exists, seconds=180, what="the worker to be transcoding")
        ffmpeg = children(first.pid)
        assert ffmpeg, "the worker should be running ffmpeg"
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        if first.poll() is None:
            first.kill()
            first.wait()
    # ffmpeg dies with its worker instead of writing on into an abandoned folder.
    wait_for(lambda: not any(alive(pid) for pid in ffmpeg), seconds=10, what="ffmpeg to die")

    job.refresh_from_db()
    abandoned = job.output_prefix
    assert job.status == Status.TRANSCODING and job.attempts == 1
    assert_nothing_partial_is_playable(video, viewer)

    # Ten minutes later the watchdog notices the silence.
    later = timezone.now() + timedelta(minutes=11)
    assert requeue_stuck_jobs(now=later) == {"requeued": [job.pk], "failed": []}
    assert_nothing_partial_is_playable(video, viewer)

    restarted = subprocess.run(  # noqa: S603
        worker(worker_env, "--batch"),
        env=worker_env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert restarted.returncode == 0, restarted.stderr[-2000:]
    job.refresh_from_db()
    video.refresh_from_db()
    assert (job.status, job.attempts, video.status) == (Status.READY, 2, Status.READY)
    assert video.hls_prefix == job.output_prefix != abandoned
    assert len(play_everything(viewer, video)) == 4  # 360p, 540p, 720p, audio
    assert not (Path(settings.MEDIA_ROOT) / abandoned).exists()  # the dead run's files are gone
