"""Which uploads can become lessons, and what teachers are told when one cannot.

Each rejection has a stable ``code`` and one Simplified Chinese message. Limits live here so
the task layer and the admin can show them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .exceptions import MediaRejected

if TYPE_CHECKING:
    from .probe import MediaInfo

MAX_LONG_SIDE = 4096
MAX_SHORT_SIDE = 2160
MAX_DURATION_SECONDS = 3 * 60 * 60
MAX_STREAMS = 8

MESSAGES = {
    "empty": "文件是空的（0 字节），请重新选择文件上传。",
    "image": "这是一张图片，不是视频或音频。请上传课程视频或音频文件。",
    "not_media": "无法识别这个文件：它不是视频或音频文件。请上传 MP4、MOV、MKV、M4A、MP3 等格式。",
    "truncated": "文件不完整（可能上传或导出时中断），请重新导出或重新上传完整的文件。",
    "corrupt": "文件已损坏，无法读取其中的视频或音频，请重新导出后上传。",
    "too_large": (
        f"视频分辨率过大（上限为 {MAX_LONG_SIDE}×{MAX_SHORT_SIDE}），请导出为 1080p 后再上传。"
    ),
    "too_long": "视频时长超过 3 小时，请剪短或分成几节课上传。",
    "too_many_streams": f"文件包含的音视频轨道过多（上限 {MAX_STREAMS} 条），请重新导出后上传。",
    "probe_timeout": "分析文件超时，请确认文件是正常的视频或音频后重试。",
}

# Leading bytes of still-image formats: rejected before ffprobe ever sees them.
IMAGE_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"BM",
    b"II*\x00",
    b"MM\x00*",
)
# Text formats that name other files; also caught by the demuxer whitelist, refused here first.
PLAYLIST_SIGNATURES = (b"#EXTM3U", b"ffconcat", b"<?xml", b"<MPD")


def rejection(code: str, *, detail: str = "") -> MediaRejected:
    return MediaRejected(code=code, message=MESSAGES[code], detail=detail)


def check_file_header(*, path: Path) -> None:
    """Refuse empty files, images and text (playlists, scripts) from their first bytes."""
    with open(path, "rb") as handle:
        head = handle.read(4096)
    if not head:
        raise rejection("empty")
    if head.startswith(IMAGE_SIGNATURES) or head[8:12] == b"WEBP":
        raise rejection("image")
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(PLAYLIST_SIGNATURES) or _looks_like_text(head):
        raise rejection("not_media", detail="text file")


def _looks_like_text(head: bytes) -> bool:
    """Media containers are binary; a head that decodes as UTF-8 without NULs is text."""
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def rejection_for_probe_error(stderr: str) -> MediaRejected:
    """Map an ffprobe failure to a reason. ``detail`` keeps ffprobe's own words (no content)."""
    tail = "\n".join(stderr.strip().splitlines()[-5:])
    lowered = stderr.lower()
    if any(s in lowered for s in ("moov atom not found", "partial file", "end of file")):
        return rejection("truncated", detail=tail)
    if "invalid data found" in lowered or "not on whitelist" in lowered:
        return rejection("not_media", detail=tail)
    return rejection("corrupt", detail=tail)


def check_streams(*, info: MediaInfo) -> None:
    """Refuse files whose streams cannot make a lesson."""
    if info.stream_count > MAX_STREAMS:
        raise rejection("too_many_streams", detail=f"{info.stream_count} streams")
    if info.video is None and info.audio is None:
        raise rejection("not_media", detail="no audio or video stream")
    if info.video is not None:
        _check_picture(info)
    if info.duration <= 0:
        raise rejection("corrupt", detail="no duration")
    if info.duration > MAX_DURATION_SECONDS:
        raise rejection("too_long", detail=f"{info.duration:.0f} s")


def _check_picture(info: MediaInfo) -> None:
    video = info.video
    assert video is not None
    if info.audio is None and (video.frame_count or 0) == 1:
        raise rejection("image", detail="single video frame")
    if video.width <= 0 or video.height <= 0:
        raise rejection("corrupt", detail="video stream without a size")
    long_side, short_side = sorted(video.display_size, reverse=True)
    if long_side > MAX_LONG_SIDE or short_side > MAX_SHORT_SIDE:
        raise rejection("too_large", detail=f"{video.width}x{video.height}")


def check_complete(*, info: MediaInfo, last_packet_time: float) -> None:
    """Refuse files whose packets stop well before the duration their header declares."""
    missing = info.duration - last_packet_time
    if missing > max(1.5, 0.02 * info.duration):
        raise rejection("truncated", detail=f"packets end at {last_packet_time:.1f} s")
