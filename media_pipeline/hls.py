"""Turn a probed source into an HLS ladder with ONE ffmpeg process.

The graph: decode the source once -> ``fps`` (constant frame rate, also fixes VFR phone
video) -> ``split`` into one branch per encoded rung (``scale`` once, x264 once each) plus two
cheap branches for the poster and the seek-bar sprite. Audio is encoded once (AAC) and shared
by every video variant as an ``agroup``; the same audio playlist is also listed on its own as
the audio-only variant for weak networks. When ``ladder`` marks the top rung ``copy``, the
source's H.264 stream is muxed as-is. Rotation needs no special case: ffmpeg autorotates on
decode, and rungs are sized from the display (post-rotation) dimensions.

Keyframes are forced at every multiple of the segment length in every encoded rung (and, for a
copied rung, the ladder only allows sources whose keyframes already sit there), so all variants
cut segments at the same instants and ``independent_segments`` holds.

Playlists: with ``-hls_playlist_type vod`` the muxer writes the variant playlists and the
master playlist only in its trailer, after the last segment. Until the run succeeds there is no
master playlist in the output directory, so a half-finished or killed run can never be mistaken
for a playable lesson. ``passes`` runs this twice (the lowest rung first, then the rest) so a
lesson becomes playable early; ``master_name`` and ``pictures`` serve that split.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import ffmpeg as ffmpeg_python

from .ffmpeg import ProgressCallback, run_ffmpeg, transcode_limits
from .ladder import Ladder, Rung
from .probe import MediaInfo
from .sandbox import input_options, input_url, tool_binary
from .thumbnails import SpriteLayout, sprite_layout, write_vtt

MASTER_NAME = "master.m3u8"
FIRST_MASTER_NAME = "first.m3u8"
VARIANT_NAME = "index.m3u8"
AUDIO_NAME = "audio"
POSTER_NAME = "poster.jpg"
SPRITE_NAME = "thumbnails.jpg"
VTT_NAME = "thumbnails.vtt"
GLOBAL_ARGS = ("-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning")
PROGRESS_ARGS = ("-progress", "pipe:1")
POSTER_MAX_SHORT_SIDE = 720


@dataclass(frozen=True, kw_only=True)
class HlsOutput:
    """Where the finished files are. ``variants`` maps rendition name to its playlist."""

    directory: Path
    master: Path
    variants: dict[str, Path]
    poster: Path | None
    sprite: Path | None
    thumbnails_vtt: Path | None
    command: list[str]
    wall_seconds: float


def transcode_hls(
    *,
    media: MediaInfo,
    ladder: Ladder,
    output_dir: Path,
    preset: str = "veryfast",
    timeout: float | None = None,
    on_progress: ProgressCallback | None = None,
    master_name: str = MASTER_NAME,
    pictures: bool = True,
    threads: int = 0,
) -> HlsOutput:
    """Encode ``media`` into ``output_dir`` (must be new or empty) as HLS, plus the poster and
    the seek-bar sprite unless ``pictures`` is false.

    ``threads`` caps the threads of each encoder and of the filter graph (0: ffmpeg decides,
    about one per core), so that several transcodes at once fit a small machine.

    Raises ``TranscodeFailed`` / ``TranscodeTimeout`` with ffmpeg's stderr tail.
    """
    output_dir = _fresh_directory(Path(output_dir))
    pictures = pictures and ladder.has_video
    command = build_hls_command(
        media=media,
        ladder=ladder,
        output_dir=output_dir,
        preset=preset,
        master_name=master_name,
        pictures=pictures,
        threads=threads,
    )
    stats = run_ffmpeg(
        command,
        duration=media.duration,
        timeout=timeout if timeout is not None else 120 + 20 * media.duration,
        limits=transcode_limits(duration=media.duration),
        on_progress=on_progress,
    )
    if pictures:
        layout = _layout(media)
        write_vtt(
            path=output_dir / VTT_NAME,
            layout=layout,
            sprite_name=SPRITE_NAME,
            duration=media.duration,
        )
    return _describe(output_dir, ladder, command, stats.wall_seconds, master_name, pictures)


def build_hls_command(
    *,
    media: MediaInfo,
    ladder: Ladder,
    output_dir: Path,
    preset: str = "veryfast",
    master_name: str = MASTER_NAME,
    pictures: bool = True,
    threads: int = 0,
) -> list[str]:
    """The full ffmpeg argument list (binary first), compiled by ffmpeg-python."""
    source = ffmpeg_python.input(input_url(media.path), **input_options())
    encoded = len(ladder.encoded_rungs)
    pictures = pictures and ladder.has_video
    # One branch per encoded rung, plus the poster and the sprite (always decoded, even when
    # every rung is a copy).
    count = encoded + (2 if pictures else 0)
    branches = _video_branches(source, media, ladder, count=count) if count else []
    muxer = _muxer_options(ladder, output_dir, master_name)
    if threads:
        muxer["threads"] = threads
    outputs = [_hls_output(source, media, ladder, muxer, preset, branches[:encoded])]
    if pictures:
        outputs += _picture_outputs(media, ladder, output_dir, branches[-2:])
    limit = ("-filter_complex_threads", str(threads)) if threads else ()
    graph = ffmpeg_python.merge_outputs(*outputs).global_args(*GLOBAL_ARGS, *limit, *PROGRESS_ARGS)
    return graph.compile(cmd=tool_binary("ffmpeg"))


def _video_branches(source, media: MediaInfo, ladder: Ladder, *, count: int) -> list:
    video = source[str(media.video.index)].filter("fps", fps=str(ladder.frame_rate))
    split = video.filter_multi_output("split", count)
    return [split[i] for i in range(count)]


def _hls_output(source, media, ladder: Ladder, muxer: dict, preset: str, branches: list):
    streams, options = [], dict(muxer)
    encoded = iter(branches)
    for i, rung in enumerate(ladder.rungs):
        if rung.copy:
            streams.append(source[str(media.video.index)])
            options[f"c:v:{i}"] = "copy"
        else:
            streams.append(_scaled(next(encoded), rung))
            options.update(_x264_options(i, rung, ladder, preset))
    if ladder.has_audio:
        streams.append(source[str(media.audio.index)])
        options.update(_audio_options(ladder))
    return ffmpeg_python.output(*streams, options.pop("playlist"), **options)


def _scaled(branch, rung: Rung):
    scaled = branch.filter("scale", rung.width, rung.height).filter("setsar", 1)
    return scaled.filter("format", "yuv420p")


def _x264_options(i: int, rung: Rung, ladder: Ladder, preset: str) -> dict[str, object]:
    gop = round(ladder.frame_rate * ladder.segment_seconds)
    return {
        f"c:v:{i}": "libx264",
        f"preset:v:{i}": preset,
        f"b:v:{i}": rung.video_bitrate,
        f"maxrate:v:{i}": round(rung.video_bitrate * 1.5),
        f"bufsize:v:{i}": rung.video_bitrate * 2,
        f"g:v:{i}": gop,
        f"keyint_min:v:{i}": gop,
        f"sc_threshold:v:{i}": 0,
        f"force_key_frames:v:{i}": f"expr:gte(t,n_forced*{ladder.segment_seconds:g})",
    }


def _audio_options(ladder: Ladder) -> dict[str, object]:
    return {"c:a": "aac", "b:a": ladder.audio_bitrate, "ac": ladder.audio_channels}


def _muxer_options(ladder: Ladder, output_dir: Path, master_name: str) -> dict[str, object]:
    return {
        "playlist": str(output_dir / "%v" / VARIANT_NAME),
        "f": "hls",
        "hls_time": f"{ladder.segment_seconds:g}",
        "hls_playlist_type": "vod",
        "hls_flags": "independent_segments",
        "hls_segment_type": "mpegts",
        "hls_segment_filename": str(output_dir / "%v" / "seg_%05d.ts"),
        "master_pl_name": master_name,
        "var_stream_map": var_stream_map(ladder),
        "max_muxing_queue_size": 4096,
    }


def var_stream_map(ladder: Ladder) -> str:
    """Video variants share audio group ``aud``; the audio playlist is also a variant."""
    group = ",agroup:aud" if ladder.has_audio and ladder.has_video else ""
    variants = [f"v:{i}{group},name:{rung.name}" for i, rung in enumerate(ladder.rungs)]
    if ladder.has_audio:
        variants.append(f"a:0{group},name:{AUDIO_NAME}")
    return " ".join(variants)


def _picture_outputs(media: MediaInfo, ladder: Ladder, output_dir: Path, inputs: list) -> list:
    sprite_input, poster_input = inputs
    layout = _layout(media)
    sprite = (
        sprite_input.filter("fps", fps=f"1/{layout.interval}")
        .filter("scale", layout.width, layout.height)
        .filter("tile", f"{layout.columns}x{layout.rows}")
    )
    rung = _poster_rung(ladder)
    frame = round(min(10.0, media.duration * 0.1) * float(ladder.frame_rate))
    poster = poster_input.trim(start_frame=frame, end_frame=frame + 1).filter(
        "scale", rung.width, rung.height
    )
    return [_jpeg(sprite, output_dir / SPRITE_NAME), _jpeg(poster, output_dir / POSTER_NAME)]


def _jpeg(stream, path: Path):
    options = {"frames:v": 1, "update": 1, "q:v": 4, "pix_fmt": "yuvj420p"}
    return ffmpeg_python.output(stream, str(path), **options)


def _layout(media: MediaInfo) -> SpriteLayout:
    return sprite_layout(duration=media.duration, display_size=media.video.display_size)


def _poster_rung(ladder: Ladder) -> Rung:
    fitting = [r for r in ladder.rungs if min(r.width, r.height) <= POSTER_MAX_SHORT_SIDE]
    return fitting[-1] if fitting else ladder.rungs[0]


def _fresh_directory(path: Path) -> Path:
    if path.exists() and any(path.iterdir()):
        raise FileExistsError(f"HLS output directory is not empty: {path}")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _describe(
    output_dir: Path, ladder: Ladder, command: list[str], wall: float, master: str, pictures: bool
) -> HlsOutput:
    names = [rung.name for rung in ladder.rungs] + ([AUDIO_NAME] if ladder.has_audio else [])
    has_video = pictures
    return HlsOutput(
        directory=output_dir,
        master=output_dir / master,
        variants={name: output_dir / name / VARIANT_NAME for name in names},
        poster=output_dir / POSTER_NAME if has_video else None,
        sprite=output_dir / SPRITE_NAME if has_video else None,
        thumbnails_vtt=output_dir / VTT_NAME if has_video else None,
        command=command,
        wall_seconds=wall,
    )
