"""The one place files are written: atomically, so a crash or a full disk never leaves a
half-written or lost file."""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISFIFO, "a pipe (FIFO)"), (stat.S_ISSOCK, "a socket"))


class NotRegularFileError(OSError):
    """A path naming a device, pipe, socket or folder where a regular file belongs."""

    def __init__(self, path: str | os.PathLike, kind: str, advice: str):
        super().__init__(errno.EINVAL, f"is {kind}, not a regular file; {advice}", str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


def file_kind(mode: int) -> str | None:
    """'a device', 'a pipe (FIFO)', ... for anything but a regular file; None for one."""
    return next((kind for test, kind in _KINDS if test(mode)),
                None if stat.S_ISREG(mode) else "not a regular file")


def require_regular_file(path: str | os.PathLike, advice: str) -> None:
    """Raise NotRegularFileError if ``path`` exists and is not a regular file (links
    followed); a missing path passes. Checked before opening: opening a FIFO blocks."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    kind = file_kind(mode)
    if kind is not None:
        raise NotRegularFileError(path, kind, advice)


def write_target(path: str | os.PathLike) -> Path:
    """The file a save really replaces: symlinks followed to their final target, so saving
    over a link updates the file it names and the link stays a link."""
    target = Path(os.path.realpath(path))
    require_regular_file(target, "choose another file name")
    return target


def write_atomic(path: str | os.PathLike, data: bytes | str | Iterable[bytes | str]) -> None:
    """Write to a temporary file beside the final target, flush, fsync, then replace it.

    ``data`` may be an iterable of pieces, written as they come (a large CSV streams).
    A symlink is followed to the file it names; a device, pipe, socket or folder is refused
    with NotRegularFileError before anything is written. Raises OSError (disk full, no
    permission) with the target left as it was.
    """
    target = write_target(path)
    pieces = [data] if isinstance(data, (bytes, bytearray, str)) else data
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            for piece in pieces:
                stream.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            stream.flush()
            os.fchmod(stream.fileno(), _permissions_for(target))
            os.fsync(stream.fileno())
        os.replace(temp_name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    with contextlib.suppress(OSError):  # make the rename durable where the OS allows it
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def _permissions_for(target: Path) -> int:
    """Keep an existing file's mode; a new file gets the usual 0o666 less the umask
    (mkstemp would otherwise leave it readable by its owner only)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def data_folder(package: str, installed_name: str, source_name: str) -> Path:
    """A data folder shipped with a package: ``<package>/<installed_name>`` in an installed
    wheel (pyproject maps it there), the top-level ``<source_name>`` in a source checkout."""
    spec = importlib.util.find_spec(package)
    package_dir = Path(spec.origin).parent if spec.origin else Path(
        next(iter(spec.submodule_search_locations)))
    installed = package_dir / installed_name
    return installed if installed.is_dir() else package_dir.parent / source_name
