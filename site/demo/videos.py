"""Generated demo videos, put through the real media pipeline.

ffmpeg draws a few short clips (moving patterns with a calm tone); `video_create` stores
each one and queues its transcode, which the task worker started by `make run` performs.
The clips are cached in var/demo-videos/, so building the demo again reuses them.
"""

import subprocess  # noqa: S404  (fixed argument lists, never a shell)
from pathlib import Path

from django.conf import settings
from wagtail.models import Collection

from media_pipeline.models import Video
from media_pipeline.sandbox import tool_binary
from media_pipeline.services import video_create

CLIPS = [
    ("微课视频·亲子共读", "mandelbrot=s=640x360:rate=25", 220),
    ("微课视频·情绪小课堂", "life=s=640x360:rate=25:mold=10:ratio=0.1:death_color=#4a6fa5", 262),
    ("微课视频·安全第一课", "testsrc2=s=640x360:rate=25", 330),
]
SECONDS = 12


def demo_videos(*, collection: Collection) -> list[Video]:
    """The demo's videos, created (and queued for transcoding) the first time."""
    videos = []
    for index, (title, pattern, tone) in enumerate(CLIPS, start=1):
        video = Video.objects.filter(title=title).first()
        if video is None:
            clip = _clip(index, pattern, tone)
            video = video_create(
                title=title,
                collection=collection,
                user=None,
                original_name=clip.name,
                source_path=clip,
            )
        videos.append(video)
    return videos


def _clip(index: int, pattern: str, tone: int) -> Path:
    folder = Path(settings.VAR_DIR) / "demo-videos"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"demo-{index}.mp4"
    if not path.exists():
        command = [
            tool_binary("ffmpeg"),
            "-hide_banner",
            "-loglevel",
            "error",
            "-y",
            "-f",
            "lavfi",
            "-i",
            pattern,
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={tone}:sample_rate=44100",
            "-t",
            str(SECONDS),
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-pix_fmt",
            "yuv420p",
            "-c:a",
            "aac",
            "-b:a",
            "96k",
            "-shortest",
            str(path),
        ]
        subprocess.run(command, check=True, timeout=120, capture_output=True)  # noqa: S603
    return path
