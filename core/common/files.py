"""The one place files are written: atomically, so a crash or a full disk never leaves a
half-written or lost file."""

from __future__ import annotations

import contextlib
import errno
import importlib.util
import os
import re
import signal
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
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
    over a link updates the file it names and the link stays a link. Refused (OSError naming
    ``path``): an empty name, a device, pipe, socket or folder (checked on the name as given
    too, so /dev/stdout into a pipe is caught), and an existing file its owner made
    read-only or the user cannot write, which is never replaced."""
    if not os.fspath(path):
        raise OSError(errno.ENOENT, "the file name is empty", "")
    require_regular_file(path, "choose another file name")
    target = Path(os.path.realpath(path))
    require_regular_file(target, "choose another file name")
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError as error:
        raise _naming(error, path) from None
    if not mode & 0o222 or not os.access(target, os.W_OK):
        raise PermissionError(errno.EACCES, "the file is read-only; it was not replaced",
                              os.fspath(path))
    return target


@contextlib.contextmanager
def replacing(path: str | os.PathLike) -> Iterator[str]:
    """Yield the name of a new temporary file beside ``path``'s target; when the block ends
    normally, give it the target's mode (a new file: 0o666 less the umask), fsync it and
    rename it over the target. On any error or interruption (SIGTERM included, see
    ``removing_on_sigterm``) the temporary file is removed and the target is left as it
    was. OSErrors name ``path``, never the temporary file.

    Temporary files carry the writer's process id; those of a process that no longer runs
    (killed mid-write) are removed on the next write to the same folder."""
    target = write_target(path)
    remove_stale_temporaries(target.parent)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}{_TEMP_MARK}{os.getpid()}-",
                                             suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _naming(error, path, f"cannot write in the folder {Path(path).parent}") from None
    os.close(handle)
    try:
        yield temp_name
        os.chmod(temp_name, _permissions_for(target))
        descriptor = os.open(temp_name, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temp_name, target)
    except OSError as error:
        _remove(temp_name)
        raise _naming(error, path) from None
    except BaseException:
        _remove(temp_name)
        raise
    with contextlib.suppress(OSError):  # make the rename durable where the OS allows it
        directory = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def write_atomic(path: str | os.PathLike, data: bytes | str | Iterable[bytes | str]) -> None:
    """Write ``data`` to ``path`` through ``replacing``: whole or not at all.

    ``data`` may be an iterable of pieces, written as they come (a large CSV streams).
    Raises OSError naming ``path`` (disk full, no permission, read-only file, not a regular
    file) with the target left as it was.
    """
    pieces = [data] if isinstance(data, (bytes, bytearray, str)) else data
    with replacing(path) as temp_name, open(temp_name, "wb") as stream:
        for piece in pieces:
            stream.write(piece.encode("utf-8") if isinstance(piece, str) else piece)


def check_outputs(outputs: Mapping[str, str | None], inputs: Iterable[str]) -> None:
    """Before a command does any work: refuse (OSError naming the option and path) an
    output that is also one of the command's ``inputs``, two outputs naming one file, and
    any output ``write_target`` refuses or whose folder is missing. ``outputs`` maps each
    option (e.g. "--csv") to the path given, None when not given."""
    seen: dict[Path, str] = {}
    read = {_identity(name) for name in inputs if _is_file(name)}
    for option, path in outputs.items():
        if path is None:
            continue
        try:
            target = write_target(path)
        except OSError as error:
            raise _naming(error, f"{option} {path}") from None
        if _identity(target) in read:
            raise OSError(errno.EEXIST, "is also a file this command reads; choose another "
                          "file name", f"{option} {path}")
        if target in seen:
            raise OSError(errno.EEXIST, f"{seen[target]} names the same file; give each "
                          "its own", f"{option} {path}")
        if not target.parent.is_dir():
            raise OSError(errno.ENOENT, f"the folder {Path(path).parent} does not exist",
                          f"{option} {path}")
        if not os.access(target.parent, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, f"cannot write in the folder "
                                  f"{Path(path).parent}", f"{option} {path}")
        seen[target] = option


def _identity(name: str | os.PathLike) -> tuple[int, int] | Path:
    """What makes two names one file: device and inode (a hard link is caught too), or the
    resolved path of a file not made yet."""
    try:
        found = os.stat(name)
    except (OSError, ValueError):
        return Path(os.path.realpath(name))
    return found.st_dev, found.st_ino


def _is_file(name: str) -> bool:
    try:
        return os.path.isfile(name)
    except (OSError, ValueError):
        return False


_TEMP_MARK = ".airace-"
_STALE = re.compile(r"^\..+" + re.escape(_TEMP_MARK) + r"(\d+)-[A-Za-z0-9_]+\.tmp$")


def remove_stale_temporaries(folder: Path) -> None:
    """Remove this app's temporary files in ``folder`` whose writing process has ended
    (a SIGKILL or power cut mid-write); one a live process is writing is kept."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            match = _STALE.match(entry.name)
            if match and not _process_alive(int(match.group(1))) and entry.is_file(
                    follow_symlinks=False):
                _remove(entry.path)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or a number no process has: leave it
    return True


def _remove(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _naming(error: OSError, path: str | os.PathLike, cause: str | None = None) -> OSError:
    """The same error, naming the user's ``path`` (not a temporary file) and its cause."""
    if isinstance(error, NotRegularFileError):
        error.filename = os.fspath(path)
        return error
    reason = error.strerror or str(error)
    renamed = type(error)(error.errno, f"{cause} ({reason})" if cause else reason,
                          os.fspath(path))
    return renamed


@contextlib.contextmanager
def removing_on_sigterm() -> Iterator[None]:
    """While the block runs, SIGTERM raises SystemExit(143) in the main thread, so a write
    under way removes its temporary file; the previous handler is put back after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


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
