"""Encode, store and publish one run's output, the lowest rung first.

A lesson should be watchable long before its whole ladder is encoded (a 10-minute lesson in
well under 5 minutes). So when the video has nothing to play yet, a run makes two passes into
the same output prefix:

1. the lowest rung, the shared audio, the poster and the seek-bar sprite, with a master
   playlist of its own (``first.m3u8``) listing just the rung and the audio. Once every file
   is stored, one transaction publishes the prefix as a preview: the video plays.
2. the other rungs (same frame rate, segment length and forced keyframes, so they cut at the
   same instants as the first). Their files are stored next to the first pass's, then the
   full ``master.m3u8`` (the first pass's rung put back in front), and one more transaction
   switches the video to it.

A master playlist is stored only after every file it names, and the database points at it
only after that, so no player is ever handed a master with missing variants. The second
pass decodes the source again: that costs one decode and one audio encode (the audio it
writes is dropped; the first pass's is already published), a small price next to the ladder's
encodes. A re-transcode of a video that already plays a full ladder makes one pass: parents
keep the old ladder until the new one is complete.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from . import jobs
from .hls import AUDIO_NAME, FIRST_MASTER_NAME, HlsOutput
from .jobs import Run
from .ladder import Ladder
from .playlists import merge_masters
from .probe import MediaInfo
from .storage import UploadFailed, discard_prefix, media_storage, upload_tree

# Job progress (percent) at the end of each stage: pass 1 encode, its upload, pass 2 encode.
FIRST_ENCODE, FIRST_STORED, REST_ENCODE = 20, 25, 90

Encoder = Callable[..., HlsOutput]


def encode_and_publish(
    *, run: Run, media: MediaInfo, ladder: Ladder, workdir: Path, encode: Encoder
) -> None:
    """Publish ``ladder`` for ``run``: the lowest rung early when that helps, then the rest.

    ``encode(media=..., ladder=..., output_dir=..., on_progress=..., **options)`` is
    ``hls.transcode_hls`` with the job's preset and thread settings bound.
    """
    split = ladder.split_lowest()
    if split is None or not jobs.may_preview(run):
        reporter = jobs.ProgressReporter(run)
        output = encode(
            media=media, ladder=ladder, output_dir=workdir / "hls", on_progress=reporter
        )
        _store(run, output.directory, reporter)
        _publish(run, output)
        return
    lowest, rest = split
    first = _first_pass(run, media, lowest, workdir, encode)
    reporter = jobs.ProgressReporter(run, start=FIRST_STORED, ceiling=REST_ENCODE)
    second = encode(
        media=media, ladder=rest, output_dir=workdir / "rest", on_progress=reporter, pictures=False
    )
    merge_masters(
        first=first.master, rest=second.master, target=second.master, variant=lowest.rungs[0].name
    )
    if rest.has_audio:
        shutil.rmtree(second.directory / AUDIO_NAME)  # the first pass's audio is published
    _store(run, second.directory, reporter)
    _publish(run, first)


def _first_pass(run: Run, media: MediaInfo, lowest: Ladder, workdir: Path, encode) -> HlsOutput:
    reporter = jobs.ProgressReporter(run, ceiling=FIRST_ENCODE, upload_end=FIRST_STORED)
    output = encode(
        media=media,
        ladder=lowest,
        output_dir=workdir / "first",
        on_progress=reporter,
        master_name=FIRST_MASTER_NAME,
    )
    _store(run, output.directory, reporter)
    previous = jobs.publish_preview(
        run, poster=output.poster is not None, thumbnails=output.thumbnails_vtt is not None
    )
    if previous:
        transaction.on_commit(lambda: discard_prefix(previous))
    return output


def _store(run: Run, directory: Path, reporter: jobs.ProgressReporter) -> None:
    try:
        upload_tree(media_storage(), directory, run.prefix, on_saved=reporter.upload)
    except UploadFailed:
        discard_unpublished(run)
        raise


def _publish(run: Run, pictures: HlsOutput) -> None:
    """The full ladder is stored: switch to it. ``pictures`` is the pass that made them."""
    previous = jobs.publish(
        run, poster=pictures.poster is not None, thumbnails=pictures.thumbnails_vtt is not None
    )
    if previous:
        transaction.on_commit(lambda: discard_prefix(previous))


def discard_unpublished(run: Run) -> None:
    """Delete the run's output unless parents are playing it (its published preview: that
    stays until a later run's output replaces it)."""
    if not jobs.is_published(run):
        discard_prefix(run.prefix)
