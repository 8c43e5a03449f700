"""Master playlists of a two-pass output (see ``passes``).

The first pass writes a master listing the lowest rung and the audio; the second encodes the
other rungs with the same audio settings, so its master already carries the audio group and
the audio-only variant. The full master is the second one with the lowest rung's entry put
back in front, where a one-pass run would have listed it.
"""

from __future__ import annotations

from pathlib import Path

from .hls import VARIANT_NAME

STREAM_INF = "#EXT-X-STREAM-INF:"


def variant_entry(text: str, *, variant: str) -> list[str]:
    """The ``#EXT-X-STREAM-INF`` line and URI line of ``variant`` in a master playlist."""
    lines = text.splitlines()
    uri = f"{variant}/{VARIANT_NAME}"
    for i, line in enumerate(lines[:-1]):
        if line.startswith(STREAM_INF) and lines[i + 1].strip() == uri:
            return [line, uri]
    raise ValueError(f"master playlist has no variant {uri}")


def merge_masters(*, first: Path, rest: Path, target: Path, variant: str) -> None:
    """Write ``target``: ``rest``'s master with ``first``'s entry for ``variant`` in front of
    the other variants."""
    entry = variant_entry(first.read_text(encoding="utf-8"), variant=variant)
    lines = rest.read_text(encoding="utf-8").splitlines()
    position = next((i for i, line in enumerate(lines) if line.startswith(STREAM_INF)), None)
    if position is None:
        raise ValueError(f"{rest} lists no variants")
    merged = [*lines[:position], *entry, "", *lines[position:]]
    target.write_text("\n".join(merged) + "\n", encoding="utf-8")
