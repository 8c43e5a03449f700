"""Seek-bar thumbnails: one sprite JPEG plus a WebVTT file pointing into it (``#xywh=``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

THUMB_WIDTH = 160
COLUMNS = 10
MAX_THUMBS = 200
MIN_INTERVAL = 2


@dataclass(frozen=True, kw_only=True)
class SpriteLayout:
    """Where thumbnail ``i`` (taken at ``i * interval`` seconds) sits in the sprite."""

    interval: int
    count: int
    width: int
    height: int
    columns: int

    @property
    def rows(self) -> int:
        return math.ceil(self.count / self.columns)

    def cell(self, i: int) -> tuple[int, int]:
        return (i % self.columns) * self.width, (i // self.columns) * self.height


def sprite_layout(*, duration: float, display_size: tuple[int, int]) -> SpriteLayout:
    """At most ``MAX_THUMBS`` thumbnails, one every ``MIN_INTERVAL`` seconds or more."""
    interval = max(MIN_INTERVAL, math.ceil(duration / MAX_THUMBS))
    count = max(1, math.ceil(duration / interval))
    width, height = display_size
    thumb_height = max(2, round(THUMB_WIDTH * height / width / 2) * 2)
    return SpriteLayout(
        interval=interval,
        count=count,
        width=THUMB_WIDTH,
        height=thumb_height,
        columns=min(COLUMNS, count),
    )


def write_vtt(*, path: Path, layout: SpriteLayout, sprite_name: str, duration: float) -> None:
    """The WebVTT cue list players (Video.js, Plyr, hls.js UIs) read for seek previews."""
    lines = ["WEBVTT", ""]
    for i in range(layout.count):
        start, end = i * layout.interval, min((i + 1) * layout.interval, duration)
        x, y = layout.cell(i)
        lines += [
            f"{_timestamp(start)} --> {_timestamp(end)}",
            f"{sprite_name}#xywh={x},{y},{layout.width},{layout.height}",
            "",
        ]
    path.write_text("\n".join(lines), encoding="utf-8")


def _timestamp(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"
