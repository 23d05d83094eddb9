"""Writing saves: one checked encoding, the file's lock, the revision check, the previous copy.

Every save carries a revision number, checked under the file's lock: a page or notebook whose
copy is behind the file (another tab saved since it opened) is refused with
:class:`StaleWorkError` instead of silently writing its older copy over the newer one.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from workbook.model import Roadmap
from workbook.model.rules import now
from workbook.store.codes import backup_of, ensure_folder, folder_of, new_code, parse_code, path_for
from workbook.store.files import remove_stale_temps, set_aside, write_atomic
from workbook.store.reading import Unreadable, decode, load_work, read_save_bytes, read_work
from workbook.store.work import (
    MAX_FILE_BYTES,
    NEWER,
    SCHEMA,
    SCHEMA_VERSION,
    StaleWorkError,
    StoreError,
    Work,
)

log = logging.getLogger(__package__)  # "workbook.store": one logger for the whole package

LOCK_TIMEOUT = 10.0  # seconds a save waits for another tab's save of the same work


TOO_BIG = (
    f"Your work has grown past {MAX_FILE_BYTES // 1_000_000} MB, far more than a workbook needs; "
    "delete some long drafts and save again. Nothing was written."
)
_REVISION = b'"revision": '


@dataclass(frozen=True)
class _Encoded:
    """A save document encoded and read back once, split around its revision number.

    The revision is settled only under the file's lock, but it is an integer of at least 0,
    which the schema accepts whatever its value: writing it into bytes already checked keeps
    "nothing is written that could not be read back" without encoding and decoding twice.
    """

    head: bytes  # up to and including ``"revision": ``
    tail: bytes  # from the comma after the number

    def at(self, revision: int) -> bytes:
        """The file's bytes with ``revision`` written in (StoreError if that makes it too big)."""
        data = self.head + str(revision).encode("ascii") + self.tail
        if len(data) > MAX_FILE_BYTES:
            raise StoreError(TOO_BIG)
        return data


def _encode(work: Work, saved_at: dt.datetime, revision: int) -> _Encoded:
    """The document as bytes, checked by reading it back: never write what cannot be loaded."""
    doc = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "saved_at": saved_at.isoformat(),
        "revision": revision,  # first of the nested keys, so the first match below is this one
        "roadmap": work.roadmap.to_dict(),
        "attempts": work.attempts,
        "drafts": work.drafts,
    }
    try:
        try:
            data = json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a paste: escape instead of failing
            data = json.dumps(doc, ensure_ascii=True, indent=1, allow_nan=False).encode("ascii")
    except (TypeError, ValueError) as exc:
        raise StoreError(
            f"Your work holds something that cannot be saved ({exc}); nothing was written."
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise StoreError(TOO_BIG)
    try:
        decode(data)
    except Unreadable as exc:
        raise StoreError(
            f"Your work could not be saved because {exc.reason}; nothing was written."
        ) from None
    number = data.index(_REVISION) + len(_REVISION)
    comma = data.index(b",", number)
    return _Encoded(data[:number], data[comma:])


def dumps_work(work: Work) -> bytes:
    """The work exactly as a save file holds it, for a download that :func:`load_file` reopens."""
    work.roadmap.validate()
    revision = work.revision or 0
    return _encode(work, now(), revision).at(revision)


def _replace_locked(path: Path, work: Work, encoded: _Encoded) -> int:
    """Under the file's lock: refuse a stale copy, keep the current file as the previous copy
    if it is good, then write the new one. Returns the revision written."""
    remove_stale_temps(path)
    current: Work | None = None
    old = b""  # the current file's bytes, kept as the previous copy when they are good
    try:
        old = read_save_bytes(path)
        current = decode(old)
    except Unreadable as problem:
        if problem.kind == "newer":
            raise StoreError(NEWER.format(version=problem.version)) from None
        if problem.kind != "missing":
            aside = set_aside(path)
            log.warning("%s: %s; moved aside to %s", path, problem.reason, aside.name)
    if current is not None and work.revision is not None and current.revision != work.revision:
        raise StaleWorkError(current.saved_at)
    base = current.revision if current is not None else (work.revision or 0)
    revision = (base or 0) + 1
    data = encoded.at(revision)
    if current is not None:
        backup = backup_of(path)
        try:
            read_work(backup)
        except Unreadable as problem:
            if problem.kind != "missing":  # a hand-edited copy is set aside, not overwritten
                set_aside(backup)
        write_atomic(backup, old)
    write_atomic(path, data)
    return revision


def save_work(work: Work, code: str | None = None, *, folder: Path | str | None = None) -> str:
    """Save everything under ``code`` (default: the work's own code, else a new one) and
    return the code, which the student needs to open the work again.

    The roadmap is validated first (:class:`ValidationError`, nothing written); any other
    failure is a :class:`StoreError` and leaves the previous save as it was. Work read from a
    file (:attr:`Work.revision` set) is refused with :class:`StaleWorkError` when the file has
    been saved again since.
    """
    work.roadmap.validate()
    saved_at = now()
    # encoded and checked once, before any folder or lock file is made: unsavable work fails here
    encoded = _encode(work, saved_at, (work.revision or 0) + 1)
    folder = folder_of(folder)
    ensure_folder(folder)
    code = code if code is not None else work.code
    if code is None:
        for _ in range(20):  # a clash is astronomically unlikely, but cheap to rule out
            display, key = parse_code(new_code())
            path = path_for(key, folder)
            if not path.exists() and not backup_of(path).exists():
                break
        else:  # never taken in practice; refuse rather than share someone's file
            raise StoreError("The workbook could not find a free code; please save again.")
    else:
        display, key = parse_code(code)
        path = path_for(key, folder)
    try:
        with FileLock(path.with_name(path.name + ".lock"), timeout=LOCK_TIMEOUT, mode=0o600):
            revision = _replace_locked(path, work, encoded)
    except Timeout:
        raise StoreError(
            "Another tab or window is saving this work right now. Wait a moment and save again."
        ) from None
    except OSError as exc:
        raise StoreError(
            f"Your work could not be saved ({exc.strerror or exc}). The previous save is "
            "unchanged; keep this page open and try again, or ask your instructor."
        ) from None
    work.code = display
    work.saved_at = saved_at
    work.revision = revision
    return display


def save_roadmap(
    roadmap: Roadmap, code: str | None = None, *, folder: Path | str | None = None
) -> str:
    """Save a roadmap under ``code`` (a new code if ``None``), keeping the attempts and drafts
    already saved there; return the code."""
    roadmap.validate()
    work = Work(roadmap)
    if code is not None:
        parse_code(code)  # a malformed code is reported as such, not as "nothing saved"
        try:
            saved = load_work(code, folder=folder)
        except StoreError:
            pass  # nothing readable there yet; saving sets a damaged file aside, never over it
        else:
            work.attempts, work.drafts = saved.attempts, saved.drafts
    return save_work(work, code, folder=folder)
