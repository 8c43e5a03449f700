import shutil

from django.core import checks

from .sandbox import tool_binary


@checks.register(checks.Tags.compatibility)
def check_media_tools(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """The task worker transcodes with ffmpeg and probes with ffprobe."""
    errors = []
    for name in ("ffmpeg", "ffprobe"):
        if shutil.which(tool_binary(name)) is None:
            errors.append(
                checks.Warning(
                    f"{name} was not found on PATH; lesson videos cannot be processed.",
                    hint="Install it (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew "
                    f"install ffmpeg) or set {name.upper()}_BINARY to its path.",
                    id=f"media_pipeline.W00{1 if name == 'ffmpeg' else 2}",
                )
            )
    return errors
