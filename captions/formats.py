"""Reading an uploaded caption file: its encoding, its format (WebVTT or SRT), its cues.

Parsing is left to libraries that are strict about timestamps: ``webvtt-py`` (``strict=True``
refuses a malformed cue instead of skipping it) for WebVTT, ``srt`` for SubRip. What is stored
is always the WebVTT that ``webvtt-py`` writes back, never the uploaded bytes: a player gets a
well-formed UTF-8 file whatever the teacher's tool produced.

Errors are ``CaptionFileError`` with a message for the uploader, in their language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import srt
import webvtt
from django.conf import settings
from django.utils.translation import gettext as _
from webvtt.errors import MalformedCaptionError, MalformedFileError
from webvtt.models import Timestamp

DEFAULT_MAX_BYTES = 2 * 1024 * 1024  # an hour of dense captions is about 100 KB
# Caption tools round and pad; a cue ending this much after the video is still accepted.
DURATION_TOLERANCE_SECONDS = 1.0
# UTF-8 (with or without the BOM Windows Notepad writes), then GB18030, the superset of the
# GBK that Chinese subtitle tools and Excel save by default.
ENCODINGS = ("utf-8-sig", "gb18030")
# webvtt-py quotes the offending block or timestamp in its error messages.
QUOTED = re.compile(r"'([^']*)'")
# The ``srt`` library reads "00:00:0x,000" as 0 s; a timing line must be whole to be trusted.
SRT_STAMP = r"\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}"
SRT_TIMING = re.compile(rf"\s*{SRT_STAMP}\s*-->\s*{SRT_STAMP}(?:\s.*)?")


class CaptionFileError(ValueError):
    """The upload cannot be used as captions; ``str()`` says why, for the uploader."""


@dataclass(frozen=True)
class CaptionFile:
    """A validated caption file: WebVTT text ready to store, and its cues' plain text."""

    vtt: str
    cue_count: int
    text: str


def max_bytes() -> int:
    return getattr(settings, "CAPTIONS_MAX_BYTES", DEFAULT_MAX_BYTES)


def check_size(size: int) -> None:
    """Raises ``CaptionFileError`` for a file of ``size`` bytes over the limit."""
    if size > max_bytes():
        raise CaptionFileError(
            _("The file is larger than %(size)s KB. A caption file is much smaller: check it.")
            % {"size": max_bytes() // 1024}
        )


def read_caption_file(data: bytes, *, duration: float) -> CaptionFile:
    """Decode, parse and check an uploaded WebVTT or SRT file against a video ``duration``
    (seconds). Raises ``CaptionFileError``."""
    check_size(len(data))
    text = decode(data)
    if not text.strip():
        raise CaptionFileError(_("The file is empty."))
    document = parse_webvtt(text) if is_webvtt(text) else parse_srt(text)
    if not document.captions:
        raise CaptionFileError(_("The file contains no captions (no cue with a time range)."))
    check_times(document.captions, duration=duration)
    return CaptionFile(
        vtt=document.content,
        cue_count=len(document.captions),
        text="\n".join(caption.text.replace("\n", " ") for caption in document.captions),
    )


def decode(data: bytes) -> str:
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:  # UTF-16 or a binary file that happened to decode
            return text
        break
    raise CaptionFileError(
        _(
            "The file is not text in UTF-8 or GBK. Save the captions as a UTF-8 WebVTT (.vtt) "
            "or SRT (.srt) file and upload it again."
        )
    )


def is_webvtt(text: str) -> bool:
    return text.lstrip().startswith("WEBVTT")


def parse_webvtt(text: str) -> webvtt.WebVTT:
    try:
        return webvtt.from_string(text.lstrip(), strict=True)
    except MalformedCaptionError as error:
        quoted = QUOTED.findall(str(error))
        line = next((part for part in quoted if "-->" in part), quoted[0] if quoted else "")
        raise CaptionFileError(bad_timestamp(line)) from error
    except MalformedFileError as error:
        raise CaptionFileError(not_captions()) from error


def parse_srt(text: str) -> webvtt.WebVTT:
    if "-->" not in text:
        raise CaptionFileError(not_captions())
    for line in text.splitlines():
        if "-->" in line and not SRT_TIMING.fullmatch(line):
            raise CaptionFileError(bad_timestamp(line))
    try:
        subtitles = list(srt.parse(text))
    except srt.SRTParseError as error:
        lines = error.unmatched_content.splitlines()
        line = next((line for line in lines if "-->" in line), lines[0] if lines else "")
        raise CaptionFileError(bad_timestamp(line)) from error
    return webvtt.WebVTT(
        captions=[
            webvtt.Caption(
                start=clock(subtitle.start.total_seconds()),
                end=clock(subtitle.end.total_seconds()),
                text=subtitle.content,
            )
            for subtitle in subtitles
            if subtitle.content.strip()
        ]
    )


def clock(seconds: float) -> str:
    return str(Timestamp.from_seconds(seconds))


def check_times(captions: list[webvtt.Caption], *, duration: float) -> None:
    limit_ms = (duration + DURATION_TOLERANCE_SECONDS) * 1000
    for number, caption in enumerate(captions, start=1):
        start, end = caption.start_time.in_milliseconds(), caption.end_time.in_milliseconds()
        if end <= start:
            raise CaptionFileError(
                _("Caption %(number)s ends (%(end)s) before it starts (%(start)s).")
                % {"number": number, "start": caption.start, "end": caption.end}
            )
        if end > limit_ms:
            raise CaptionFileError(
                _(
                    "Caption %(number)s ends at %(end)s, after the end of the video "
                    "(%(duration)s). Is this the caption file of another video?"
                )
                % {"number": number, "end": caption.end, "duration": clock(duration)}
            )


def not_captions() -> str:
    return _("This is not a caption file. Upload a WebVTT (.vtt) or SRT (.srt) file.")


def bad_timestamp(line: str) -> str:
    return _("A time code cannot be read: “%(line)s”. Time codes look like 00:01:02.500.") % {
        "line": line.strip()[:80]
    }
