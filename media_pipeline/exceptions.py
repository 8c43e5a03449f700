"""Errors the media pipeline raises; the task layer stores them on the job row."""


class MediaRejected(Exception):
    """An upload that will never become a lesson video, whatever we retry.

    ``code`` is stable and machine-readable (for the job row and tests); ``message`` is the
    Simplified Chinese sentence shown to the teacher; ``detail`` is an English note for
    operators (never shown to teachers, never containing file contents).
    """

    def __init__(self, *, code: str, message: str, detail: str = "") -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.detail = detail


class TranscodeFailed(Exception):
    """ffmpeg exited with an error; ``log_tail`` holds the last lines of its stderr."""

    def __init__(self, message: str, *, log_tail: str = "") -> None:
        super().__init__(f"{message}\n{log_tail}" if log_tail else message)
        self.message = message
        self.log_tail = log_tail


class TranscodeTimeout(TranscodeFailed):
    """ffmpeg ran past its time limit and was killed (with its whole process group)."""
