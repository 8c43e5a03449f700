"""Transcode benchmark: one ffmpeg per rendition vs this pipeline's single pass.

    .venv/bin/python bench/transcode/run.py

Generates a 20 s 1080p30 phone-style source (noisy picture, speech-like audio), then runs, in
one go and on the same ladder (360p/720p/1080p) with x264 --preset veryfast:

  (a) one ffmpeg process per rendition, each decoding the source and encoding its own audio
      (how MediaCMS and PeerTube do it);
  (b) this pipeline: probe + one ffmpeg process (decode once, split, encode each rung once,
      audio once, plus poster and sprite);
  (c) this pipeline on a source whose H.264 stream fits the top rung, so it is copied.

Each case runs in a forked worker, so ``getrusage(RUSAGE_CHILDREN)`` there counts only that
case's ffprobe/ffmpeg children (CPU time, and ``ru_maxrss`` = the largest child's peak RSS).
Prints a markdown table and writes it to bench/transcode/RESULTS.md.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from media_pipeline.ffmpeg import run_ffmpeg, transcode_limits  # noqa: E402
from media_pipeline.hls import transcode_hls  # noqa: E402
from media_pipeline.ladder import VIDEO_BITRATES, build_ladder  # noqa: E402
from media_pipeline.probe import probe_media  # noqa: E402
from media_pipeline.sandbox import input_options, input_url, tool_binary  # noqa: E402

DURATION = 20
HEIGHTS = (360, 720, 1080)
PRESET = "veryfast"
SEGMENT = 4
RESULTS = Path(__file__).with_name("RESULTS.md")


@dataclass(frozen=True)
class Measure:
    name: str
    wall: float
    cpu: float
    peak_rss_mib: float
    first_playable: float


def ffmpeg(*args: str) -> None:
    command = [tool_binary("ffmpeg"), "-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
    subprocess.run([*command, *args], check=True, timeout=600)  # noqa: S603


def lavfi_source(audio_seconds: int = DURATION) -> list[str]:
    picture = f"testsrc2=s=1920x1080:r=30:d={DURATION},noise=alls=20:allf=t"
    # Speech-like: band-limited pink noise with a syllable-rate (4 Hz) amplitude envelope.
    speech = (
        f"anoisesrc=color=pink:amplitude=0.5:d={audio_seconds}:r=48000,"
        "bandpass=f=800:width_type=h:w=1500,volume='0.2+0.8*abs(sin(2*PI*2*t))':eval=frame,"
        "pan=stereo|c0=c0|c1=c0"
    )
    return ["-f", "lavfi", "-i", picture, "-f", "lavfi", "-i", speech]


def make_sources(directory: Path) -> tuple[Path, Path]:
    """The phone-style source (too rich to reuse) and an already-acceptable H.264 one."""
    phone = directory / "phone.mp4"
    ffmpeg(*lavfi_source(), "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "16M",
           "-maxrate", "20M", "-bufsize", "32M", "-pix_fmt", "yuv420p", "-c:a", "aac",
           "-b:a", "192k", str(phone))  # fmt: skip
    reusable = directory / "reusable.mp4"
    ffmpeg("-i", str(phone), "-c:v", "libx264", "-preset", "ultrafast", "-b:v", "4M",
           "-maxrate", "5M", "-bufsize", "8M", "-g", "60", "-keyint_min", "60",
           "-sc_threshold", "0", "-c:a", "copy", str(reusable))  # fmt: skip
    return phone, reusable


def per_rendition(source: Path, out: Path) -> float:
    """(a): one full ffmpeg run per rung; returns when the first (360p) rung was done."""
    first_done = 0.0
    started = time.monotonic()
    for height in HEIGHTS:
        width = height * 16 // 9
        args = per_rendition_command(source, out / f"{height}p", width, height)
        run_ffmpeg(args, duration=DURATION, timeout=600, limits=transcode_limits(duration=20))
        first_done = first_done or time.monotonic() - started
    return first_done


def per_rendition_command(source: Path, out: Path, width: int, height: int) -> list[str]:
    out.mkdir(parents=True)
    rate = VIDEO_BITRATES[height]
    return [
        tool_binary("ffmpeg"), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "warning",
        *[arg for key, value in input_options().items() for arg in (f"-{key}", value)],
        "-i", input_url(source),
        "-vf", f"fps=30,scale={width}:{height},setsar=1,format=yuv420p",
        "-c:v", "libx264", "-preset", PRESET, "-b:v", str(rate),
        "-maxrate", str(rate * 3 // 2), "-bufsize", str(rate * 2),
        "-g", str(30 * SEGMENT), "-keyint_min", str(30 * SEGMENT), "-sc_threshold", "0",
        "-force_key_frames", f"expr:gte(t,n_forced*{SEGMENT})",
        "-c:a", "aac", "-b:a", "128000", "-ac", "2",
        "-f", "hls", "-hls_time", str(SEGMENT), "-hls_playlist_type", "vod",
        "-hls_flags", "independent_segments", "-hls_segment_filename", str(out / "seg_%05d.ts"),
        "-progress", "pipe:1", str(out / "index.m3u8"),
    ]  # fmt: skip


def one_pass(source: Path, out: Path) -> float:
    """(b)/(c): probe, plan and one ffmpeg run; first playable = done (master written last)."""
    started = time.monotonic()
    media = probe_media(path=source)
    ladder = build_ladder(media=media, heights=HEIGHTS)
    transcode_hls(media=media, ladder=ladder, output_dir=out, preset=PRESET, timeout=600)
    copied = [rung.name for rung in ladder.rungs if rung.copy]
    print(f"    one pass on {source.name}: copied rungs {copied or 'none'}", flush=True)
    return time.monotonic() - started


def worker(case: str, source: Path, out: Path, results) -> None:
    started = time.monotonic()
    first = per_rendition(source, out) if case == "a" else one_pass(source, out)
    wall = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    results.put((wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, first))


def measure(name: str, case: str, source: Path, out: Path) -> Measure:
    print(f"running {name} ...", flush=True)
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    process = context.Process(target=worker, args=(case, source, out, results))
    process.start()
    wall, cpu, rss, first = results.get(timeout=900)
    process.join()
    return Measure(name, wall, cpu, rss, first)


def table(measures: list[Measure]) -> str:
    base = measures[0]
    rows = [
        "| case | wall s | CPU s (user+sys) | wall vs (a) | CPU vs (a) | realtime factor "
        "| first playable s | peak RSS of an ffmpeg child MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for m in measures:
        rows.append(
            f"| {m.name} | {m.wall:.1f} | {m.cpu:.1f} | {base.wall / m.wall:.2f}x "
            f"| {base.cpu / m.cpu:.2f}x | {DURATION / m.wall:.2f}x | {m.first_playable:.1f} "
            f"| {m.peak_rss_mib:.0f} |"
        )
    return "\n".join(rows)


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines()
                  if line.startswith("model name")), platform.processor())  # fmt: skip
    version = subprocess.run(  # noqa: S603
        [tool_binary("ffmpeg"), "-version"], capture_output=True, text=True, check=True
    ).stdout.splitlines()[0]
    cores = multiprocessing.cpu_count()
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"- CPU: {model}, {cores} logical cores (nproc)\n- {version}\n"
        f"- Python {sys.version.split()[0]}\n"
        f"- load average (1/5/15 min) when the run ended: {load}. Other work shares this machine;"
        " where CPU time is close to wall time, the run got about one core."
    )


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-transcode-") as tmp:
        directory = Path(tmp)
        started = time.monotonic()
        phone, reusable = make_sources(directory)
        print(f"sources generated in {time.monotonic() - started:.0f} s", flush=True)
        measures = [
            measure("(a) one ffmpeg per rendition", "a", phone, directory / "a"),
            measure("(b) one pass, all rungs encoded", "b", phone, directory / "b"),
            measure("(c) one pass, top rung reused", "c", reusable, directory / "c"),
        ]
    report = table(measures)
    print(report)
    RESULTS.write_text(results_markdown(report), encoding="utf-8")


def results_markdown(report: str) -> str:
    return f"""# Transcode benchmark

Reproduce: `.venv/bin/python bench/transcode/run.py` (rewrites this file).

Source: {DURATION} s 1080p30 `testsrc2` + temporal noise (`noise=alls=20:allf=t`), speech-like
band-passed pink noise with a 4 Hz envelope, stereo 48 kHz; phone-style H.264 at 16 Mbit/s
(too rich to reuse). Case (c) uses the same content pre-encoded at 4 Mbit/s with a keyframe
every 2 s, which the ladder accepts for the 1080p rung. Ladder 360p/720p/1080p
(0.8/2.5/4.5 Mbit/s), x264 `{PRESET}`, AAC 128 kbit/s, HLS segments of {SEGMENT} s.
Case (a) encodes the audio once per rendition and makes no poster or thumbnails; (b) and (c)
include probing, the poster and the seek-bar sprite.

CPU time is user+sys of the ffmpeg/ffprobe children; peak RSS is the largest single child's
`ru_maxrss`. "First playable" is when a playable HLS rendition exists: after the 360p run for
(a); at the end for (b)/(c), whose master playlist is written last.

{machine()}

{report}
"""


if __name__ == "__main__":
    main()
