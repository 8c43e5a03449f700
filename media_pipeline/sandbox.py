"""How ffprobe and ffmpeg are run on untrusted uploads.

Every run gets: a fixed argument list (never a shell), a wall-clock timeout that kills the
whole process group, kernel resource limits (CPU seconds, address space, file size) set in the
child before exec, and input options that let the demuxer read only the one local file it was
given. ``protocol_whitelist=file`` alone is not enough: an HLS playlist or a concat script is
itself a local file that names *other* local files, so the demuxers that follow references
(hls, concat, image2, ...) are kept out with ``format_whitelist`` too.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import resource
import shutil
import signal
import subprocess  # noqa: S404  (fixed argument lists, never a shell)
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GIB = 1024**3
PR_SET_PDEATHSIG = 1
# Loaded before any fork: a preexec_fn should not load libraries.
_LIBC = (
    ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True) if sys.platform == "linux" else None
)

# Demuxers for real audio/video containers. None of them opens another file or URL on its own
# (mov's external data references stay off: ``enable_drefs`` defaults to 0). Deliberately
# absent: hls, dash, concat, image2 and the *_pipe image demuxers, lavfi, tty, sdp, rtsp.
ALLOWED_DEMUXERS = (
    "mov",
    "matroska",
    "avi",
    "flv",
    "mpegts",
    "mpeg",
    "asf",
    "ogg",
    "mp3",
    "aac",
    "wav",
    "flac",
    "amr",
    "h264",
    "hevc",
)


@dataclass(frozen=True, kw_only=True)
class Limits:
    """Kernel limits for one child process (see setrlimit(2))."""

    cpu_seconds: int
    address_space_bytes: int
    file_size_bytes: int


PROBE_LIMITS = Limits(cpu_seconds=30, address_space_bytes=2 * GIB, file_size_bytes=16 * 1024**2)


def input_options() -> dict[str, str]:
    """Options that go before ``-i`` on every ffprobe/ffmpeg run over an upload."""
    return {
        "protocol_whitelist": "file",
        "format_whitelist": ",".join(ALLOWED_DEMUXERS),
    }


def input_url(path: Path) -> str:
    """An explicit ``file:`` URL, so a name containing ':' is never read as another protocol."""
    return "file:" + str(Path(path).resolve())


def tool_binary(name: str) -> str:
    """The configured ffmpeg/ffprobe binary; works without Django settings (the bench)."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        configured = getattr(settings, f"{name.upper()}_BINARY", name)
    except ImproperlyConfigured:  # no Django settings (the bench): use PATH
        configured = name
    return shutil.which(configured) or configured


def limiter(limits: Limits) -> Callable[[], None]:
    """A ``preexec_fn`` that applies ``limits`` in the child, before exec."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
        resource.setrlimit(
            resource.RLIMIT_AS, (limits.address_space_bytes, limits.address_space_bytes)
        )
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.file_size_bytes, limits.file_size_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        _die_with_parent()

    return apply


def _die_with_parent() -> None:
    """Linux: the child gets SIGKILL when the worker that started it dies (even by SIGKILL),
    so a killed worker leaves no ffmpeg behind writing into its abandoned folder."""
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def kill_group(process: subprocess.Popen) -> None:
    """Kill the child and anything it started (it leads its own session)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def run_captured(
    args: list[str], *, timeout: float, limits: Limits
) -> subprocess.CompletedProcess[str]:
    """Run a short tool (ffprobe) to completion and capture its output.

    Raises ``subprocess.TimeoutExpired`` after killing the process group.
    """
    with subprocess.Popen(  # noqa: S603
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
        preexec_fn=limiter(limits),  # only setrlimit: safe before exec
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(process)
            process.communicate()
            raise
    return subprocess.CompletedProcess(args, process.returncode, stdout, stderr)
