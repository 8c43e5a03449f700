"""Run one ffmpeg command in the sandbox, reporting progress and enforcing a deadline.

The command comes from ``hls.build_hls_command`` (ffmpeg-python compiles it; we run it, so we
own the timeout, the resource limits and the progress parsing). ``-progress pipe:1`` makes
ffmpeg print ``key=value`` blocks on stdout; ``out_time_us`` over the source duration is the
percentage. stderr goes to an unnamed temporary file (no pipe to deadlock on) and its tail is
attached to any failure.
"""

from __future__ import annotations

import subprocess  # noqa: S404
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from .exceptions import TranscodeFailed, TranscodeTimeout
from .sandbox import GIB, Limits, kill_group, limiter

LOG_TAIL_LINES = 40
ProgressCallback = Callable[[float], None]


@dataclass(frozen=True, kw_only=True)
class RunStats:
    wall_seconds: float


def transcode_limits(*, duration: float) -> Limits:
    """Generous for a real ladder (x264 uses ~5 CPU-seconds per source second at 1080p)."""
    return Limits(
        cpu_seconds=int(600 + 60 * duration),
        address_space_bytes=6 * GIB,
        file_size_bytes=4 * GIB,
    )


class ProgressParser:
    """Turns ``-progress`` lines into a monotonic percentage for ``on_progress``."""

    def __init__(self, *, duration: float, on_progress: ProgressCallback | None) -> None:
        self.duration_us = max(duration, 0.001) * 1_000_000
        self.on_progress = on_progress
        self.percent = 0.0
        self.out_time_us = 0

    def feed(self, line: str) -> None:
        """Report once per block: a block ends with ``progress=continue`` or ``progress=end``."""
        key, _, value = line.strip().partition("=")
        if key in ("out_time_us", "out_time_ms") and value.lstrip("-").isdigit():
            # ffmpeg 5.1 prints microseconds under both names.
            self.out_time_us = int(value)
        elif key == "progress":
            done = value == "end"
            self._report(100.0 if done else min(99.9, 100 * self.out_time_us / self.duration_us))

    def _report(self, percent: float) -> None:
        if percent <= self.percent and not (percent == 100.0 and self.percent < 100.0):
            return
        self.percent = percent
        if self.on_progress is not None:
            self.on_progress(percent)


def run_ffmpeg(
    args: list[str],
    *,
    duration: float,
    timeout: float,
    limits: Limits,
    on_progress: ProgressCallback | None = None,
) -> RunStats:
    """Run ``args`` (which must include ``-progress pipe:1``) to completion.

    Raises ``TranscodeTimeout`` once ``timeout`` seconds pass (the process group is killed
    first) and ``TranscodeFailed`` on a non-zero exit; both carry the stderr tail.
    """
    parser = ProgressParser(duration=duration, on_progress=on_progress)
    started = time.monotonic()
    with tempfile.TemporaryFile() as stderr:
        process = _start(args, stderr=stderr, limits=limits)
        expired = threading.Event()
        deadline = threading.Timer(timeout, _expire, args=(process, expired))
        deadline.start()
        try:
            _pump(process, parser)
            process.wait()
        finally:
            deadline.cancel()
            if process.poll() is None:
                kill_group(process)
                process.wait()
        _raise_for_status(process, stderr, timed_out=expired.is_set())
    return RunStats(wall_seconds=time.monotonic() - started)


def _expire(process: subprocess.Popen[str], expired: threading.Event) -> None:
    expired.set()
    kill_group(process)


def _start(args: list[str], *, stderr, limits: Limits) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,
        text=True,
        errors="replace",
        start_new_session=True,
        preexec_fn=limiter(limits),  # only setrlimit: safe before exec
    )


def _pump(process: subprocess.Popen[str], parser: ProgressParser) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        parser.feed(line)


def _raise_for_status(process: subprocess.Popen[str], stderr, *, timed_out: bool) -> None:
    if process.returncode == 0 and not timed_out:
        return
    stderr.seek(0)
    lines = stderr.read().decode("utf-8", "replace").splitlines()
    tail = "\n".join(lines[-LOG_TAIL_LINES:])
    if timed_out:
        raise TranscodeTimeout("转码超时，已停止。", log_tail=tail)
    raise TranscodeFailed(f"转码失败（ffmpeg 退出码 {process.returncode}）。", log_tail=tail)
