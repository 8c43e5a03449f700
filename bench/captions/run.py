"""How long checking and converting an uploaded caption file takes.

Generates an hour-long lesson's captions (1,200 cues of Chinese, one every 3 s) as a GBK
SRT file and as a UTF-8 WebVTT file, then times, in the same process and run:

- ours: ``captions.formats.read_caption_file`` (decode, strict timing-line check, ``srt``
  parse, cue-time checks against the video's length, WebVTT written by ``webvtt-py``);
- the obvious alternative: ``webvtt-py``'s own SRT reader and writer
  (``webvtt.from_buffer(format="srt").content``), which skips what it cannot parse and
  checks nothing against the video.

    DJANGO_SETTINGS_MODULE=parentschool.settings.test .venv/bin/python bench/captions/run.py
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parentschool.settings.test")

import django  # noqa: E402

django.setup()

import webvtt  # noqa: E402

from captions.formats import read_caption_file  # noqa: E402

CUES = 1200
STEP = 3.0
LINES = ["孩子放学回家，先听他说完再回应。", "每天睡前留出十五分钟，和孩子一起读一本绘本。"]
RUNS = 30


def stamp(seconds: float, separator: str) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{separator}{ms:03d}"


def srt_text() -> str:
    return "\n".join(
        f"{n}\n{stamp(i * STEP, ',')} --> {stamp((i + 1) * STEP, ',')}\n{LINES[i % 2]}\n"
        for n, i in enumerate(range(CUES), start=1)
    )


def vtt_text() -> str:
    cues = (
        f"{stamp(i * STEP, '.')} --> {stamp((i + 1) * STEP, '.')}\n{LINES[i % 2]}\n"
        for i in range(CUES)
    )
    return "WEBVTT\n\n" + "\n".join(cues)


def timed(function) -> tuple[float, float]:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def main() -> None:
    duration = CUES * STEP
    srt_gbk = srt_text().encode("gbk")
    vtt_utf8 = vtt_text().encode("utf-8")
    assert read_caption_file(srt_gbk, duration=duration).cue_count == CUES
    lenient = webvtt.from_buffer(io.StringIO(srt_gbk.decode("gbk")), format="srt")
    assert len(lenient.captions) == CUES
    rows = [
        (
            "ours: GBK SRT → WebVTT",
            len(srt_gbk),
            lambda: read_caption_file(srt_gbk, duration=duration),
        ),
        (
            "webvtt-py alone: SRT → WebVTT",
            len(srt_gbk),
            lambda: webvtt.from_buffer(io.StringIO(srt_gbk.decode("gbk")), format="srt").content,
        ),
        (
            "ours: UTF-8 WebVTT",
            len(vtt_utf8),
            lambda: read_caption_file(vtt_utf8, duration=duration),
        ),
        (
            "webvtt-py alone (lenient): WebVTT",
            len(vtt_utf8),
            lambda: webvtt.from_string(vtt_utf8.decode("utf-8")).content,
        ),
    ]
    print(f"{CUES} cues, {RUNS} runs each; load average {os.getloadavg()[0]:.1f}")
    print(f"{'path':36} {'bytes':>8} {'median ms':>10} {'p95 ms':>8}")
    results = {}
    for name, size, function in rows:
        median, p95 = timed(function)
        results[name] = median
        print(f"{name:36} {size:>8} {median:>10.1f} {p95:>8.1f}")
    srt_ratio = results["ours: GBK SRT → WebVTT"] / results["webvtt-py alone: SRT → WebVTT"]
    vtt_ratio = results["ours: UTF-8 WebVTT"] / results["webvtt-py alone (lenient): WebVTT"]
    print(f"ours / webvtt-py alone: SRT {srt_ratio:.2f}×, WebVTT {vtt_ratio:.2f}×")


if __name__ == "__main__":
    main()
