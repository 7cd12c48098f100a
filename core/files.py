"""The one place files are written: atomically, so a crash or a full disk never leaves a
half-written or lost file."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes | str) -> None:
    """Write to a temporary file in the same folder, flush, fsync, then replace the target.

    Raises OSError (disk full, no permission) with the target left as it was.
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                         dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
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
