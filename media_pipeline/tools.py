"""Where the media tools are and which versions they are."""

import shutil
import subprocess  # noqa: S404  (fixed argument lists, never a shell)

from django.conf import settings


def tool_path(name: str) -> str | None:
    binary = {"ffmpeg": settings.FFMPEG_BINARY, "ffprobe": settings.FFPROBE_BINARY}[name]
    return shutil.which(binary)


def tool_version(name: str, *, timeout: float = 10) -> str | None:
    """First line of `<tool> -version`, or None when the tool is missing or broken."""
    path = tool_path(name)
    if path is None:
        return None
    try:
        result = subprocess.run(  # noqa: S603
            [path, "-hide_banner", "-version"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.splitlines()[0] if result.stdout else None
