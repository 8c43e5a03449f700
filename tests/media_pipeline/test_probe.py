"""probe_media: describes good uploads correctly and refuses bad ones with a Chinese reason."""

from pathlib import Path

import pytest

from media_pipeline.exceptions import MediaRejected
from media_pipeline.probe import probe_media

from .conftest import X264_FAST, make, tone, video_source

MARKER = "TOP-SECRET-7f3a9c1e-MARKER"


def rejected(path: Path) -> MediaRejected:
    with pytest.raises(MediaRejected) as caught:
        probe_media(path=path)
    assert caught.value.message  # a sentence for the teacher
    assert any("\u4e00" <= ch <= "\u9fff" for ch in caught.value.message)  # in Chinese
    return caught.value


def test_normal_clip(clip):
    info = probe_media(path=clip)
    assert info.format_name.startswith("mov")
    assert 1.9 < info.duration < 2.2
    assert info.video.codec == "h264"
    assert (info.video.display_width, info.video.display_height) == (640, 360)
    assert info.video.fps == 30
    assert not info.video.is_variable_frame_rate
    assert info.audio.codec == "aac"
    assert info.audio.sample_rate == 44100
    assert info.keyframe_times[0] == pytest.approx(0, abs=0.1)


def test_rotated_phone_video_reports_display_size(rotated):
    video = probe_media(path=rotated).video
    assert (video.width, video.height) == (640, 360)
    assert video.rotation in (90, 270)
    assert (video.display_width, video.display_height) == (360, 640)


def test_variable_frame_rate_is_detected(vfr):
    assert probe_media(path=vfr).video.is_variable_frame_rate


def test_video_without_audio(silent):
    info = probe_media(path=silent)
    assert info.video is not None
    assert info.audio is None


def test_several_audio_tracks_pick_the_default(two_tracks):
    info = probe_media(path=two_tracks)
    assert len(info.audio_streams) == 2
    assert info.audio == info.audio_streams[1]


def test_audio_only_lesson(audio_only):
    info = probe_media(path=audio_only)
    assert info.is_audio_only
    assert info.audio.codec == "aac"


def test_zero_byte_file(tmp_path):
    path = tmp_path / "empty.mp4"
    path.touch()
    assert rejected(path).code == "empty"


@pytest.mark.parametrize("faststart", [False, True], ids=["moov-at-end", "faststart"])
def test_truncated_file(tmp_path, faststart):
    extra = ["-movflags", "+faststart"] if faststart else []
    whole = make(tmp_path / "whole.mp4", *video_source(seconds=4), *tone(4), *X264_FAST, *extra)
    cut = tmp_path / "cut.mp4"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    assert rejected(cut).code == "truncated"


def test_text_file(tmp_path):
    path = tmp_path / "notes.mp4"
    path.write_text("家长学校第一课：讲义\n" * 50, encoding="utf-8")
    assert rejected(path).code == "not_media"


def test_random_bytes(tmp_path):
    path = tmp_path / "noise.mp4"
    path.write_bytes(bytes(range(256)) * 64)
    # Named .mp4, garbage looks like an mp4 without its index: "truncated" is fair too.
    assert rejected(path).code in ("not_media", "corrupt", "truncated")


def test_png_image(tmp_path):
    path = make(tmp_path / "slide.png", *video_source(), "-frames:v", "1")
    assert rejected(path).code == "image"


def test_image_renamed_as_video(tmp_path):
    png = make(tmp_path / "slide.png", *video_source(), "-frames:v", "1")
    disguised = tmp_path / "slide.mp4"
    disguised.write_bytes(png.read_bytes())
    assert rejected(disguised).code == "image"


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(f"{MARKER}\n", encoding="utf-8")
    return path


def playlists(secret: Path) -> dict[str, str]:
    return {
        "hls": "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-MEDIA-SEQUENCE:0\n"
        f"#EXTINF:10.0,\nfile://{secret}\n#EXTINF:10.0,\n{secret}\n#EXT-X-ENDLIST\n",
        "ffconcat": f"ffconcat version 1.0\nfile '{secret}'\n",
        "hls-with-bom": f"\ufeff#EXTM3U\n#EXTINF:10.0,\n{secret}\n#EXT-X-ENDLIST\n",
    }


@pytest.mark.parametrize("kind", ["hls", "ffconcat", "hls-with-bom"])
def test_playlist_disguised_as_video_reads_nothing(tmp_path, secret, kind):
    path = tmp_path / "lesson.mp4"
    path.write_text(playlists(secret)[kind], encoding="utf-8")
    error = rejected(path)
    assert error.code == "not_media"
    for text in (str(error), error.message, error.detail, repr(error)):
        assert MARKER not in text


def test_oversized_resolution(tmp_path):
    path = make(
        tmp_path / "huge.mp4",
        *("-f", "lavfi", "-i", "color=s=4200x100:r=5:d=0.4"),
        *tone(0.4),
        *X264_FAST,
    )
    error = rejected(path)
    assert error.code == "too_large"
    assert "4096" in error.message


def test_oversized_portrait_resolution(tmp_path):
    path = make(
        tmp_path / "tall.mp4", *("-f", "lavfi", "-i", "color=s=100x4200:r=5:d=0.4"), *X264_FAST
    )
    assert rejected(path).code == "too_large"


def test_over_three_hours(tmp_path):
    """Two frames three hours apart: a cheap file whose duration is over the limit."""
    path = make(
        tmp_path / "long.mkv",
        *("-f", "lavfi", "-i", "color=s=64x64:r=1:d=2"),
        *("-vf", "setpts=N*10900/TB", "-fps_mode", "passthrough"),
        *X264_FAST,
    )
    assert rejected(path).code == "too_long"


def test_too_many_streams(tmp_path):
    maps = [arg for _ in range(9) for arg in ("-map", "0:a")]
    path = make(tmp_path / "many.m4a", *tone(0.5), *maps, "-c:a", "aac")
    assert rejected(path).code == "too_many_streams"
