"""Moving pipeline files between the worker's disk and the media storage.

Works with any Django storage: ``FileSystemStorage`` locally, ``S3Storage`` (django-storages,
multipart for big files) in production. Output uploads are retried with exponential backoff
(``MEDIA_UPLOAD_RETRY_DELAYS``, seconds) because object stores drop connections now and then;
a file is re-sent under the same name, and a name the storage had to change is an error (the
playlists refer to the files by name).
"""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, default_storage

from .hls import MASTER_NAME

logger = logging.getLogger(__name__)

DEFAULT_RETRY_DELAYS = (1.0, 2.0, 4.0, 8.0)


class UploadFailed(Exception):
    """The storage kept refusing a file after every retry."""

    def __init__(self, name: str, cause: BaseException) -> None:
        super().__init__(f"uploading {name} failed: {type(cause).__name__}: {cause}")
        self.name = name
        self.cause = cause


def media_storage() -> Storage:
    """The storage videos live in (looked up per call, so settings overrides apply)."""
    return default_storage


def local_path(storage: Storage, name: str) -> Path | None:
    """The file's path on this machine, when the storage is a local filesystem."""
    try:
        return Path(storage.path(name))
    except NotImplementedError:
        return None


def fetch(storage: Storage, name: str, directory: Path) -> Path:
    """A local path holding the stored file: the file itself when local, else a download."""
    path = local_path(storage, name)
    if path is not None:
        return path
    target = directory / "source"
    with storage.open(name, "rb") as remote, target.open("wb") as local:
        shutil.copyfileobj(remote, local, length=8 * 1024 * 1024)
    return target


def upload_tree(
    storage: Storage,
    directory: Path,
    prefix: str,
    on_saved: Callable[[int, int], None] | None = None,
) -> list[str]:
    """Store every file under ``directory`` below ``prefix``; the master playlist goes last,
    so a listing of the prefix never shows a master without its variants. ``on_saved(done,
    total)`` runs after each file (the job's heartbeat)."""
    files = sorted(_files(directory), key=lambda p: (p.name == MASTER_NAME, str(p)))
    names = []
    for path in files:
        name = prefix + path.relative_to(directory).as_posix()
        names.append(save_with_retry(storage, name, path))
        if on_saved is not None:
            on_saved(len(names), len(files))
    return names


def save_with_retry(storage: Storage, name: str, path: Path) -> str:
    delays = retry_delays()
    for attempt in range(len(delays) + 1):
        try:
            return _save_exact(storage, name, path)
        except Exception as error:  # noqa: BLE001  (any storage/network error is retried)
            if attempt == len(delays):
                raise UploadFailed(name, error) from error
            logger.warning("upload of %s failed (%s), retrying", name, error)
            time.sleep(delays[attempt])
    raise AssertionError("unreachable")


def _save_exact(storage: Storage, name: str, path: Path) -> str:
    # A failed earlier try may have stored the object after all; clear it so the storage does
    # not pick another name.
    if storage.exists(name):
        storage.delete(name)
    with path.open("rb") as handle:
        saved = storage.save(name, File(handle, name=path.name))
    if saved != name:
        storage.delete(saved)
        raise OSError(f"storage renamed {name} to {saved}")
    return saved


def retry_delays() -> tuple[float, ...]:
    return tuple(getattr(settings, "MEDIA_UPLOAD_RETRY_DELAYS", DEFAULT_RETRY_DELAYS))


def _files(directory: Path) -> Iterator[Path]:
    return (path for path in directory.rglob("*") if path.is_file())


def delete_prefix(storage: Storage, prefix: str) -> int:
    """Delete every file below ``prefix`` (which ends with '/'); returns how many."""
    if not prefix:
        return 0
    path = local_path(storage, prefix)
    if path is not None:
        # Local: one tree removal also drops the empty directories.
        count = len(list(_files(path))) if path.is_dir() else 0
        shutil.rmtree(path, ignore_errors=True)
        return count
    count = 0
    try:
        directories, files = storage.listdir(prefix.rstrip("/"))
    except FileNotFoundError:
        return 0
    for name in files:
        storage.delete(prefix + name)
        count += 1
    for directory in directories:
        count += delete_prefix(storage, f"{prefix}{directory}/")
    return count


def discard_prefix(prefix: str) -> None:
    """Delete an output nothing refers to, best effort: an unreachable storage leaves
    orphans behind rather than failing the caller."""
    try:
        delete_prefix(media_storage(), prefix)
    except Exception:  # noqa: BLE001
        logger.warning("could not delete %s", prefix, exc_info=True)
