"""Describe an uploaded file with ffprobe, safely, and reject what cannot become a lesson.

``probe_media`` is the one entry point: it sniffs the first bytes, runs ffprobe in the sandbox
(see ``sandbox.py``), parses the JSON into ``MediaInfo``, scans packets once for keyframes and
truncation, and validates (``validation.py``). Anything unusable raises ``MediaRejected``.
"""

from __future__ import annotations

import json
import subprocess  # noqa: S404
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Any

from . import validation
from .sandbox import PROBE_LIMITS, input_options, input_url, run_captured, tool_binary

# Packets read from the start to find the keyframe pattern; cheap (demux only, no decode).
KEYFRAME_SCAN_SECONDS = 30
# Packets read before the declared end to prove the file really reaches it.
TAIL_SCAN_SECONDS = 3


@dataclass(frozen=True, kw_only=True)
class VideoStream:
    """The lesson's picture. ``width``/``height`` are as stored; ``display_*`` as watched."""

    index: int
    codec: str
    profile: str
    pix_fmt: str
    width: int
    height: int
    rotation: int
    sample_aspect_ratio: Fraction
    avg_frame_rate: Fraction | None
    r_frame_rate: Fraction | None
    bit_rate: int | None
    frame_count: int | None

    @property
    def display_size(self) -> tuple[int, int]:
        """Width and height as shown: square pixels, after the player applies rotation."""
        width = round(self.width * self.sample_aspect_ratio)
        return (self.height, width) if self.rotation in (90, 270) else (width, self.height)

    @property
    def display_width(self) -> int:
        return self.display_size[0]

    @property
    def display_height(self) -> int:
        return self.display_size[1]

    @property
    def fps(self) -> float:
        rate = self.avg_frame_rate or self.r_frame_rate or Fraction(25)
        return float(rate)

    @property
    def is_variable_frame_rate(self) -> bool:
        """avg and r frame rates disagree by over 2%: frames are not evenly spaced."""
        if not (self.avg_frame_rate and self.r_frame_rate):
            return False
        return abs(self.avg_frame_rate - self.r_frame_rate) / self.r_frame_rate > 0.02


@dataclass(frozen=True, kw_only=True)
class AudioStream:
    index: int
    codec: str
    channels: int
    sample_rate: int
    bit_rate: int | None
    is_default: bool


@dataclass(frozen=True, kw_only=True)
class MediaInfo:
    """What ``probe_media`` learned. ``video``/``audio`` are the streams the lesson uses."""

    path: Path
    size_bytes: int
    duration: float
    format_name: str
    bit_rate: int | None
    stream_count: int
    video: VideoStream | None
    audio: AudioStream | None
    audio_streams: tuple[AudioStream, ...]
    keyframe_times: tuple[float, ...] = ()

    @property
    def is_audio_only(self) -> bool:
        return self.video is None

    def keyframe_interval(self) -> float | None:
        """Longest gap between keyframes in the scanned opening, in seconds."""
        times = self.keyframe_times
        if len(times) < 2:
            return None
        return max(b - a for a, b in zip(times, times[1:], strict=False))


def probe_media(*, path: Path, timeout: float = 30) -> MediaInfo:
    """Probe an untrusted local file and validate it as a lesson source.

    Raises ``MediaRejected`` (Chinese ``message``, machine ``code``) for anything unusable.
    """
    path = Path(path)
    validation.check_file_header(path=path)
    document = _run_probe(path=path, timeout=timeout)
    info = parse_probe(path=path, document=document)
    validation.check_streams(info=info)
    packets = _scan_packets(path=path, info=info, timeout=timeout)
    validation.check_complete(info=info, last_packet_time=packets.last_time)
    return _with_keyframes(info, packets.keyframes)


def _ffprobe(path: Path, *extra: str) -> list[str]:
    args = [tool_binary("ffprobe"), "-hide_banner", "-v", "error"]
    for key, value in input_options().items():
        args += [f"-{key}", value]
    return [*args, *extra, "-i", input_url(path)]


def _run(args: list[str], *, timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        return run_captured(args, timeout=timeout, limits=PROBE_LIMITS)
    except subprocess.TimeoutExpired as error:
        raise validation.rejection("probe_timeout", detail="ffprobe timed out") from error


def _run_probe(*, path: Path, timeout: float) -> dict[str, Any]:
    args = _ffprobe(path, "-show_format", "-show_streams", "-of", "json")
    result = _run(args, timeout=timeout)
    if result.returncode != 0:
        raise validation.rejection_for_probe_error(result.stderr)
    try:
        return json.loads(result.stdout)
    except ValueError as error:
        raise validation.rejection("not_media", detail="ffprobe printed no JSON") from error


def parse_probe(*, path: Path, document: dict[str, Any]) -> MediaInfo:
    """Turn ``ffprobe -show_format -show_streams -of json`` output into ``MediaInfo``."""
    fmt = document.get("format") or {}
    streams = document.get("streams") or []
    videos = [_video(s) for s in streams if _is_picture(s)]
    audios = tuple(_audio(s) for s in streams if s.get("codec_type") == "audio")
    return MediaInfo(
        path=path,
        size_bytes=path.stat().st_size,
        duration=_float(fmt.get("duration")) or 0.0,
        format_name=str(fmt.get("format_name", "")),
        bit_rate=_int(fmt.get("bit_rate")),
        stream_count=len(streams),
        video=videos[0] if videos else None,
        audio=_pick_audio(audios),
        audio_streams=audios,
    )


def _is_picture(stream: dict[str, Any]) -> bool:
    """A video stream that is not an embedded cover image (as in MP3/M4A files)."""
    attached = (stream.get("disposition") or {}).get("attached_pic", 0)
    return stream.get("codec_type") == "video" and not attached


def _video(stream: dict[str, Any]) -> VideoStream:
    return VideoStream(
        index=int(stream["index"]),
        codec=str(stream.get("codec_name", "")),
        profile=str(stream.get("profile", "")),
        pix_fmt=str(stream.get("pix_fmt", "")),
        width=int(stream.get("width") or 0),
        height=int(stream.get("height") or 0),
        rotation=_rotation(stream),
        sample_aspect_ratio=_fraction(stream.get("sample_aspect_ratio"), ":") or Fraction(1),
        avg_frame_rate=_fraction(stream.get("avg_frame_rate")),
        r_frame_rate=_fraction(stream.get("r_frame_rate")),
        bit_rate=_int(stream.get("bit_rate")),
        frame_count=_int(stream.get("nb_frames")),
    )


def _audio(stream: dict[str, Any]) -> AudioStream:
    return AudioStream(
        index=int(stream["index"]),
        codec=str(stream.get("codec_name", "")),
        channels=int(stream.get("channels") or 0),
        sample_rate=int(stream.get("sample_rate") or 0),
        bit_rate=_int(stream.get("bit_rate")),
        is_default=bool((stream.get("disposition") or {}).get("default", 0)),
    )


def _pick_audio(audios: tuple[AudioStream, ...]) -> AudioStream | None:
    """The track marked default, else the first: what a player would play."""
    return next((a for a in audios if a.is_default), audios[0] if audios else None)


def _rotation(stream: dict[str, Any]) -> int:
    """Rotation in degrees normalised to 0/90/180/270 (display matrix, else the old tag)."""
    value: Any = (stream.get("tags") or {}).get("rotate", 0)
    for side_data in stream.get("side_data_list") or []:
        if "rotation" in side_data:
            value = side_data["rotation"]
    return (round(float(value) / 90) * 90) % 360


@dataclass(frozen=True)
class _Packets:
    keyframes: tuple[float, ...]
    last_time: float


def _scan_packets(*, path: Path, info: MediaInfo, timeout: float) -> _Packets:
    """Read packet headers of the opening and the tail (no decoding)."""
    tail_start = max(0.0, info.duration - TAIL_SCAN_SECONDS)
    intervals = f"%+{KEYFRAME_SCAN_SECONDS},{tail_start:.3f}%"
    entries = "packet=stream_index,pts_time,duration_time,flags"
    args = _ffprobe(path, "-read_intervals", intervals, "-show_entries", entries, "-of", "json")
    result = _run(args, timeout=timeout)
    try:
        packets = json.loads(result.stdout or "{}").get("packets") or []
    except ValueError:
        packets = []  # nothing readable: check_complete() will call it truncated
    return _Packets(
        keyframes=_keyframes(packets, info),
        last_time=max((_packet_end(p) for p in packets), default=0.0),
    )


def _keyframes(packets: list[dict[str, Any]], info: MediaInfo) -> tuple[float, ...]:
    if info.video is None:
        return ()
    times = {
        _float(p.get("pts_time"))
        for p in packets
        if p.get("stream_index") == info.video.index and "K" in str(p.get("flags", ""))
    }
    opening = sorted(t for t in times if t is not None and t <= KEYFRAME_SCAN_SECONDS)
    return tuple(opening)


def _packet_end(packet: dict[str, Any]) -> float:
    return (_float(packet.get("pts_time")) or 0.0) + (_float(packet.get("duration_time")) or 0.0)


def _with_keyframes(info: MediaInfo, keyframes: tuple[float, ...]) -> MediaInfo:
    return replace(info, keyframe_times=keyframes)


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _fraction(value: Any, separator: str = "/") -> Fraction | None:
    try:
        numerator, denominator = (int(part) for part in str(value).split(separator))
        return Fraction(numerator, denominator) if numerator and denominator else None
    except (TypeError, ValueError):
        return None
