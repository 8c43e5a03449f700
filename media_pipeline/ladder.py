"""Choose the HLS renditions for a probed source, and whether its video can be reused.

A rung is named by its short side (a portrait 1080x1920 phone video is "1080p"), measured
after rotation, so portrait stays portrait. Rungs are capped at the source: nothing is upscaled.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from fractions import Fraction

from .probe import KEYFRAME_SCAN_SECONDS, MediaInfo, VideoStream

# Short side -> video bitrate (bit/s) for x264 at lesson-content quality.
VIDEO_BITRATES = {360: 800_000, 540: 1_400_000, 720: 2_500_000, 1080: 4_500_000}
DEFAULT_HEIGHTS = (360, 540, 720, 1080)
DEFAULT_SEGMENT_SECONDS = 4.0
# Segment lengths we accept when the source's own keyframes must line up with them.
REUSE_SEGMENT_CHOICES = (4.0, 6.0, 5.0, 3.0, 2.0)
REUSE_BITRATE_HEADROOM = 1.5
REUSABLE_PROFILES = {"Constrained Baseline", "Baseline", "Main", "High"}
MAX_FRAME_RATE = Fraction(30)


@dataclass(frozen=True, kw_only=True)
class Rung:
    """One video rendition. ``copy`` means the source stream is reused as-is."""

    name: str
    width: int
    height: int
    video_bitrate: int
    copy: bool = False


@dataclass(frozen=True, kw_only=True)
class Ladder:
    """Renditions lowest first, the shared audio, segment length and output frame rate."""

    rungs: tuple[Rung, ...]
    audio_bitrate: int | None
    audio_channels: int
    segment_seconds: float
    frame_rate: Fraction

    @property
    def has_audio(self) -> bool:
        return self.audio_bitrate is not None

    @property
    def has_video(self) -> bool:
        return bool(self.rungs)

    @property
    def encoded_rungs(self) -> tuple[Rung, ...]:
        return tuple(rung for rung in self.rungs if not rung.copy)

    def split_lowest(self) -> tuple[Ladder, Ladder] | None:
        """(the lowest rung alone, every other rung), both with the shared audio; None when
        there is nothing to split (one rung, or audio only)."""
        if len(self.rungs) < 2:
            return None
        return replace(self, rungs=self.rungs[:1]), replace(self, rungs=self.rungs[1:])


def build_ladder(
    *, media: MediaInfo, heights: tuple[int, ...] = DEFAULT_HEIGHTS, allow_reuse: bool = True
) -> Ladder:
    """The renditions for ``media``: standard rungs up to the source, plus shared audio."""
    audio = media.audio
    rungs = _rungs(media.video, heights) if media.video else ()
    segment = DEFAULT_SEGMENT_SECONDS
    if rungs and allow_reuse:
        reuse_segment = reusable_segment(media=media, rung=rungs[-1])
        if reuse_segment is not None:
            segment = reuse_segment
            rungs = (*rungs[:-1], _as_copy(rungs[-1]))
    return Ladder(
        rungs=rungs,
        audio_bitrate=(128_000 if audio.channels >= 2 else 96_000) if audio else None,
        audio_channels=min(audio.channels, 2) if audio else 0,
        segment_seconds=segment,
        frame_rate=output_frame_rate(media.video) if media.video else MAX_FRAME_RATE,
    )


def output_frame_rate(video: VideoStream) -> Fraction:
    """Constant output rate: the source's nominal (fastest) rate, at most 30 fps.

    For variable frame rate, ``r_frame_rate`` is the rate of the densest stretch; the average
    would drop frames there. Absurd nominal rates (container timebases) fall back to the average.
    """
    nominal = video.r_frame_rate if video.r_frame_rate and video.r_frame_rate <= 120 else None
    rate = nominal or video.avg_frame_rate or MAX_FRAME_RATE
    if rate > MAX_FRAME_RATE:
        return MAX_FRAME_RATE
    return rate if rate.denominator in (1, 1001) else Fraction(max(1, round(rate)))


def _rungs(video: VideoStream, heights: tuple[int, ...]) -> tuple[Rung, ...]:
    short_side = min(video.display_size)
    fitting = [h for h in sorted(heights) if h <= short_side] or [_even(short_side)]
    return tuple(_rung(video, short) for short in fitting)


def _rung(video: VideoStream, short: int) -> Rung:
    width, height = video.display_size
    if width >= height:
        size = (_even(short * width / height), short)
    else:
        size = (short, _even(short * height / width))
    bitrate = VIDEO_BITRATES.get(short) or round(VIDEO_BITRATES[360] * (short / 360) ** 2)
    return Rung(name=f"{short}p", width=size[0], height=size[1], video_bitrate=bitrate)


def _as_copy(rung: Rung) -> Rung:
    return Rung(
        name=rung.name,
        width=rung.width,
        height=rung.height,
        video_bitrate=rung.video_bitrate,
        copy=True,
    )


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def reusable_segment(*, media: MediaInfo, rung: Rung) -> float | None:
    """Segment length at which the source video can be copied as ``rung``, or None.

    Reusable means: H.264 8-bit 4:2:0 in a common profile, no rotation, square pixels, exactly
    the rung's size, constant frame rate, bitrate within the rung's budget x1.5, and a keyframe
    at every multiple of some acceptable segment length (so all rungs cut at the same times).
    """
    video = media.video
    if video is None or not _stream_fits(video, rung):
        return None
    return _aligned_segment(media)


def _stream_fits(video: VideoStream, rung: Rung) -> bool:
    return (
        video.codec == "h264"
        and video.pix_fmt == "yuv420p"
        and video.profile in REUSABLE_PROFILES
        and video.rotation == 0
        and video.sample_aspect_ratio == 1
        and (video.width, video.height) == (rung.width, rung.height)
        and not video.is_variable_frame_rate
        and video.fps <= 60
        and video.bit_rate is not None
        and video.bit_rate <= rung.video_bitrate * REUSE_BITRATE_HEADROOM
    )


def _aligned_segment(media: MediaInfo) -> float | None:
    times = media.keyframe_times
    if not times or media.video is None:
        return None
    start = times[0]
    tolerance = 0.5 / media.video.fps
    # Only the scanned opening is known; the last partial segment needs no keyframe.
    horizon = min(KEYFRAME_SCAN_SECONDS, media.duration) - 2 * tolerance
    relative = [t - start for t in times]
    for segment in REUSE_SEGMENT_CHOICES:
        boundaries = [segment * n for n in range(1, int(horizon // segment) + 1)]
        if all(any(abs(t - b) <= tolerance for t in relative) for b in boundaries):
            return segment
    return None
