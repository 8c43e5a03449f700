"""transcode_hls: one ffmpeg process turns a probed source into a playable HLS ladder."""

import json
import os
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from media_pipeline.exceptions import TranscodeFailed, TranscodeTimeout
from media_pipeline.hls import transcode_hls
from media_pipeline.ladder import build_ladder
from media_pipeline.probe import probe_media

from .conftest import X264_FAST, make, tone, video_source
from .test_probe import MARKER


def transcode(source: Path, output_dir: Path, **kwargs):
    media = probe_media(path=source)
    return transcode_hls(
        media=media, ladder=build_ladder(media=media), output_dir=output_dir, **kwargs
    )


def stream_info(path: Path) -> dict:
    result = subprocess.run(
        [
            "ffprobe",
            "-v",
            "error",
            "-select_streams",
            "v:0",
            "-show_streams",
            "-of",
            "json",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return json.loads(result.stdout)["streams"][0]


def segments(playlist: Path) -> list[tuple[float, Path]]:
    lines = playlist.read_text().splitlines()
    return [
        (float(line.split(":")[1].rstrip(",")), playlist.parent / lines[i + 1])
        for i, line in enumerate(lines)
        if line.startswith("#EXTINF:")
    ]


@pytest.fixture(scope="module")
def full_ladder(clip_720p, tmp_path_factory):
    output_dir = tmp_path_factory.mktemp("hls") / "out"
    progress, master_seen_early = [], []

    def on_progress(percent):
        progress.append(percent)
        if percent < 100 and (output_dir / "master.m3u8").exists():
            master_seen_early.append(percent)

    result = transcode(clip_720p, output_dir, on_progress=on_progress)
    return result, progress, master_seen_early


def test_master_playlist_lists_the_ladder_and_shared_audio(full_ladder):
    result, _, _ = full_ladder
    master = result.master.read_text()
    resolutions = re.findall(r"RESOLUTION=(\d+x\d+)", master)
    assert resolutions == ["640x360", "960x540", "1280x720"]
    assert master.count('TYPE=AUDIO,GROUP-ID="group_aud"') == 1
    assert master.count('AUDIO="group_aud"') == 4  # three video variants + audio-only
    assert 'CODECS="mp4a.40.2"' in master  # the audio-only variant for weak networks
    assert "360p/index.m3u8" in master and "audio/index.m3u8" in master


def test_every_variant_has_segments_of_the_right_size(full_ladder):
    result, _, _ = full_ladder
    expected = {"360p": (640, 360), "540p": (960, 540), "720p": (1280, 720)}
    for name, playlist in result.variants.items():
        assert "#EXT-X-ENDLIST" in playlist.read_text()
        for _, segment in segments(playlist):
            assert segment.stat().st_size > 0
        if name in expected:
            info = stream_info(segments(playlist)[0][1])
            assert info["codec_name"] == "h264"
            assert (info["width"], info["height"]) == expected[name]


def test_keyframes_are_aligned_across_rungs(full_ladder):
    result, _, _ = full_ladder
    durations = {
        name: [d for d, _ in segments(result.variants[name])] for name in ("360p", "540p", "720p")
    }
    assert durations["360p"] == pytest.approx(durations["720p"], abs=0.05)
    assert durations["540p"] == pytest.approx(durations["720p"], abs=0.05)
    assert "#EXT-X-INDEPENDENT-SEGMENTS" in result.variants["720p"].read_text()


def test_poster_and_seek_bar_thumbnails(full_ladder):
    result, _, _ = full_ladder
    assert stream_info(result.poster)["codec_name"] == "mjpeg"
    sprite = stream_info(result.sprite)
    assert (sprite["width"], sprite["height"]) == (320, 90)  # 2 thumbnails, 2 s apart
    vtt = result.thumbnails_vtt.read_text()
    assert vtt.startswith("WEBVTT")
    assert "thumbnails.jpg#xywh=160,0,160,90" in vtt


def test_progress_is_monotonic_and_ends_at_100(full_ladder):
    _, progress, master_seen_early = full_ladder
    assert progress[-1] == 100
    assert progress == sorted(progress)
    assert not master_seen_early  # the master playlist appears only once all is written


def test_reusable_source_is_copied_not_reencoded(reusable_720p, full_ladder, tmp_path):
    result = transcode(reusable_720p, tmp_path / "out")
    command = " ".join(result.command)
    assert "-c:v:2 copy" in command
    assert command.count("libx264") == 2
    top = stream_info(segments(result.variants["720p"])[0][1])
    assert top["profile"] == "Constrained Baseline"  # the source's own stream, untouched
    durations = [[d for d, _ in segments(result.variants[n])] for n in ("360p", "720p")]
    assert durations[0] == pytest.approx(durations[1], abs=0.05)
    assert result.wall_seconds < full_ladder[0].wall_seconds


def test_timeout_kills_ffmpeg_and_publishes_nothing(clip_720p, tmp_path):
    output_dir = tmp_path / "out"
    with pytest.raises(TranscodeTimeout) as caught:
        transcode(clip_720p, output_dir, timeout=0.3)
    assert "超时" in caught.value.message
    assert not (output_dir / "master.m3u8").exists()
    assert not [
        pid for pid in os.listdir("/proc") if pid.isdigit() and str(output_dir) in _cmdline(pid)
    ]


def _cmdline(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


def test_rotated_phone_video_comes_out_upright(rotated, tmp_path):
    result = transcode(rotated, tmp_path / "out")
    info = stream_info(segments(result.variants["360p"])[0][1])
    assert (info["width"], info["height"]) == (360, 640)
    assert "RESOLUTION=360x640" in result.master.read_text()


def test_variable_frame_rate_comes_out_constant(vfr, tmp_path):
    result = transcode(vfr, tmp_path / "out")
    info = stream_info(segments(result.variants["360p"])[0][1])
    assert info["avg_frame_rate"] == info["r_frame_rate"] == "30/1"


def test_video_without_audio_has_no_audio_group(silent, tmp_path):
    result = transcode(silent, tmp_path / "out")
    master = result.master.read_text()
    assert "AUDIO" not in master
    assert list(result.variants) == ["360p"]
    assert not (tmp_path / "out" / "audio").exists()


def test_audio_only_lesson(audio_only, tmp_path):
    result = transcode(audio_only, tmp_path / "out")
    assert list(result.variants) == ["audio"]
    assert 'CODECS="mp4a.40.2"' in result.master.read_text()
    assert result.poster is None and not (tmp_path / "out" / "poster.jpg").exists()


def test_ffmpeg_itself_refuses_a_disguised_playlist(clip, tmp_path):
    """Even if probing were skipped, the transcode's demuxer whitelist reads no other file."""
    secret = tmp_path / "secret.txt"
    secret.write_text(MARKER)
    evil = tmp_path / "lesson.mp4"
    evil.write_text(f"#EXTM3U\n#EXTINF:10.0,\nfile://{secret}\n#EXT-X-ENDLIST\n")
    media = replace(probe_media(path=clip), path=evil)
    output_dir = tmp_path / "out"
    with pytest.raises(TranscodeFailed) as caught:
        transcode_hls(media=media, ladder=build_ladder(media=media), output_dir=output_dir)
    # The hls demuxer is not on the whitelist, so only real containers try, and fail.
    assert "Invalid data" in caught.value.log_tail or "whitelist" in caught.value.log_tail
    assert MARKER not in str(caught.value)
    for path in output_dir.rglob("*"):
        assert path.is_dir() or MARKER.encode() not in path.read_bytes()


def test_small_reusable_source_is_only_copied(tmp_path):
    """A 360p source that fits its only rung: nothing re-encoded, poster and sprite still made."""
    source = make(
        tmp_path / "small.mp4",
        *video_source(seconds=4),
        *tone(4),
        *X264_FAST,
        *("-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-b:v", "300k"),
        *("-c:a", "aac"),
    )
    result = transcode(source, tmp_path / "out")
    assert "libx264" not in result.command
    assert "copy" in result.command
    assert result.poster.exists() and result.sprite.exists()
