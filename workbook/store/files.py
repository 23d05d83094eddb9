"""Files on disk: atomic replacement, and moving a damaged file aside instead of over it."""

from __future__ import annotations

import os
import tempfile
from contextlib import suppress
from pathlib import Path

from workbook.model.rules import now
from workbook.store.work import StoreError


def fsync_folder(folder: Path) -> None:
    """Make a rename durable; a folder that cannot be opened for fsync (some systems) is fine."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` so that a reader only ever sees the old or the new file.

    The file is private (0600) unless ``mode`` says otherwise, e.g. 0o644 for an export.
    """
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp_name)
        raise
    fsync_folder(path.parent)


def set_aside(path: Path) -> Path:
    """Move a damaged file out of the way under a name that says so; never overwrite one."""
    stamp = now().strftime("%Y%m%dT%H%M%SZ")
    stem = path.name.removesuffix(".json").replace(".json.bak", ".bak")
    for n in range(1000):
        target = path.with_name(f"{stem}.broken-{stamp}{f'-{n}' if n else ''}.json")
        if not target.exists():
            os.rename(path, target)
            fsync_folder(path.parent)
            return target
    raise StoreError("Too many damaged copies of this work; ask your instructor to tidy up.")


def remove_stale_temps(path: Path) -> None:
    """Temporary files a killed save left behind (only our own: we hold this file's lock)."""
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        with suppress(OSError):
            tmp.unlink()
