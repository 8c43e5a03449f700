"""Small media fixtures generated with ffmpeg's lavfi sources: fast, and nothing checked in."""

import shutil
import subprocess
from pathlib import Path

import pytest

FFMPEG = shutil.which("ffmpeg")

pytestmark = pytest.mark.skipif(FFMPEG is None, reason="ffmpeg is not installed")


def make(path: Path, *args: str) -> Path:
    """Run ffmpeg with lavfi inputs; ``args`` are everything between the binary and ``path``."""
    if FFMPEG is None:
        pytest.skip("ffmpeg is not installed")
    command = [FFMPEG, "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args, str(path)]
    subprocess.run(command, check=True, timeout=60)
    return path


def video_source(size: str = "640x360", seconds: float = 2, rate: int = 30) -> list[str]:
    return ["-f", "lavfi", "-i", f"testsrc2=s={size}:r={rate}:d={seconds}"]


def tone(seconds: float = 2, frequency: int = 440) -> list[str]:
    return ["-f", "lavfi", "-i", f"sine=f={frequency}:d={seconds}"]


X264_FAST = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def clip(media_dir) -> Path:
    """A normal 2 s 640x360 H.264/AAC clip."""
    return make(media_dir / "clip.mp4", *video_source(), *tone(), *X264_FAST, "-c:a", "aac")


@pytest.fixture(scope="session")
def clip_720p(media_dir) -> Path:
    """A 4 s 720p clip for the full ladder."""
    return make(
        media_dir / "clip720.mp4",
        *video_source("1280x720", 4),
        *tone(4),
        *X264_FAST,
        "-c:a",
        "aac",
    )


@pytest.fixture(scope="session")
def reusable_720p(media_dir) -> Path:
    """Already-acceptable H.264 720p: keyframes every 2 s, modest bitrate."""
    return make(
        media_dir / "reusable720.mp4",
        *video_source("1280x720", 4),
        *tone(4),
        *X264_FAST,
        *("-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-b:v", "1M"),
        *("-c:a", "aac"),
    )


@pytest.fixture(scope="session")
def rotated(media_dir, clip) -> Path:
    """A phone held upright: 640x360 stored, display matrix says rotate by 90 degrees."""
    return make(
        media_dir / "rotated.mp4", "-i", str(clip), "-c", "copy", "-metadata:s:v:0", "rotate=90"
    )


@pytest.fixture(scope="session")
def vfr(media_dir) -> Path:
    """Variable frame rate: all frames for 1 s, then every third frame."""
    return make(
        media_dir / "vfr.mp4",
        *video_source(),
        *tone(),
        "-vf",
        "select='if(lt(t,1),1,not(mod(n,3)))'",
        *("-fps_mode", "vfr"),
        *X264_FAST,
        "-c:a",
        "aac",
    )


@pytest.fixture(scope="session")
def silent(media_dir) -> Path:
    return make(media_dir / "silent.mp4", *video_source(), *X264_FAST)


@pytest.fixture(scope="session")
def two_tracks(media_dir) -> Path:
    """Two audio tracks; the second is flagged default (what a player would pick)."""
    return make(
        media_dir / "two_tracks.mp4",
        *video_source(),
        *tone(frequency=440),
        *tone(frequency=880),
        *("-map", "0:v", "-map", "1:a", "-map", "2:a"),
        *X264_FAST,
        *("-c:a", "aac", "-disposition:a:0", "0", "-disposition:a:1", "default"),
    )


@pytest.fixture(scope="session")
def audio_only(media_dir) -> Path:
    return make(media_dir / "lesson.m4a", *tone(), "-c:a", "aac")


# --- The video library (models, services, views) ---------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    """Each test stores its videos in its own folder; upload retries are instant."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_UPLOAD_RETRY_DELAYS = (0.01, 0.02, 0.04)
    return settings.MEDIA_ROOT


@pytest.fixture
def uploader(db):
    from tests.factories import UserFactory

    return UserFactory(username="uploader")


@pytest.fixture
def root_collection(db):
    from wagtail.models import Collection

    # Transactional tests flush the root collection that Wagtail's migrations create.
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


@pytest.fixture
def upload(media_root, uploader, root_collection):
    """``upload(path)`` stores a file as a new video, as the admin upload form does."""
    from media_pipeline.services import video_create

    def create(path: Path, *, title: str = "第一课", collection=None):
        return video_create(
            title=title,
            collection=collection or root_collection,
            user=uploader,
            source_path=path,
            original_name=path.name,
        )

    return create
