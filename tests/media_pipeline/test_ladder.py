"""build_ladder: rungs capped at the source, sized after rotation, reuse only when safe."""

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

from media_pipeline.ladder import build_ladder
from media_pipeline.probe import AudioStream, MediaInfo, VideoStream

VIDEO = VideoStream(
    index=0,
    codec="h264",
    profile="High",
    pix_fmt="yuv420p",
    width=1920,
    height=1080,
    rotation=0,
    sample_aspect_ratio=Fraction(1),
    avg_frame_rate=Fraction(30),
    r_frame_rate=Fraction(30),
    bit_rate=4_000_000,
    frame_count=600,
)
AUDIO = AudioStream(
    index=1, codec="aac", channels=2, sample_rate=48000, bit_rate=128000, is_default=True
)


def media(
    video=VIDEO, audio=AUDIO, keyframes=(0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0)
) -> MediaInfo:
    return MediaInfo(
        path=Path("/nonexistent.mp4"),
        size_bytes=1,
        duration=20.0,
        format_name="mov,mp4,m4a,3gp,3g2,mj2",
        bit_rate=None,
        stream_count=2,
        video=video,
        audio=audio,
        audio_streams=(audio,) if audio else (),
        keyframe_times=keyframes,
    )


def sizes(ladder):
    return [(r.name, r.width, r.height) for r in ladder.rungs]


def test_full_ladder_capped_at_source():
    ladder = build_ladder(media=media(replace(VIDEO, width=1280, height=720)))
    assert sizes(ladder) == [("360p", 640, 360), ("540p", 960, 540), ("720p", 1280, 720)]
    assert ladder.has_audio and ladder.audio_channels == 2


def test_portrait_phone_video_stays_portrait():
    rotated = replace(VIDEO, rotation=90, bit_rate=20_000_000)
    ladder = build_ladder(media=media(rotated))
    assert sizes(ladder)[-1] == ("1080p", 1080, 1920)
    assert sizes(ladder)[0] == ("360p", 360, 640)
    assert not any(r.copy for r in ladder.rungs)


def test_odd_aspect_gives_even_dimensions():
    ladder = build_ladder(media=media(replace(VIDEO, width=1000, height=562)))
    assert all(r.width % 2 == 0 and r.height % 2 == 0 for r in ladder.rungs)
    assert [r.name for r in ladder.rungs] == ["360p", "540p"]


def test_tiny_source_gets_one_rung_at_its_own_size():
    ladder = build_ladder(media=media(replace(VIDEO, width=320, height=240)))
    assert sizes(ladder) == [("240p", 320, 240)]


def test_acceptable_h264_is_reused_for_the_top_rung():
    ladder = build_ladder(media=media())
    assert ladder.rungs[-1].copy
    assert not any(r.copy for r in ladder.rungs[:-1])
    assert ladder.segment_seconds == 4.0


def test_reuse_refused_when_unsafe():
    unsafe = [
        replace(VIDEO, codec="hevc"),
        replace(VIDEO, pix_fmt="yuv420p10le"),
        replace(VIDEO, bit_rate=12_000_000),
        replace(VIDEO, rotation=90),
        replace(VIDEO, avg_frame_rate=Fraction(24)),  # VFR
        replace(VIDEO, width=1920, height=1088),
    ]
    for video in unsafe:
        assert not any(r.copy for r in build_ladder(media=media(video)).rungs), video


def test_reuse_refused_when_keyframes_do_not_line_up():
    sparse = (0.0, 10.0, 20.0)
    assert not build_ladder(media=media(keyframes=sparse)).rungs[-1].copy
    irregular = (0.0, 2.5, 4.1, 7.0, 9.9, 13.0)
    assert not build_ladder(media=media(keyframes=irregular)).rungs[-1].copy


def test_three_second_gop_picks_a_matching_segment():
    ladder = build_ladder(media=media(keyframes=tuple(float(t) for t in range(0, 21, 3))))
    assert ladder.rungs[-1].copy
    assert ladder.segment_seconds in (3.0, 6.0)


def test_audio_only_and_silent_ladders():
    audio_only = build_ladder(media=media(video=None))
    assert not audio_only.has_video and audio_only.has_audio
    silent = build_ladder(media=media(audio=None))
    assert silent.has_video and not silent.has_audio


def test_vfr_and_high_frame_rate_output_constant_rate():
    vfr = replace(VIDEO, avg_frame_rate=Fraction(2387, 100), r_frame_rate=Fraction(30))
    assert build_ladder(media=media(vfr)).frame_rate == 30  # densest stretch kept
    odd = replace(VIDEO, avg_frame_rate=Fraction(2387, 100), r_frame_rate=Fraction(90000))
    assert build_ladder(media=media(odd)).frame_rate == 24
    fast = replace(VIDEO, avg_frame_rate=Fraction(60), r_frame_rate=Fraction(60))
    assert build_ladder(media=media(fast)).frame_rate == 30
