"""Reading saves: decoding (with upgrades), falling back to the previous copy, and listing a
folder for the class report. Reading never writes: a damaged file stays as it is, for a save
to set aside.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

from workbook.inputs import InputError, parse_json, read_bytes
from workbook.model import Roadmap, ValidationError
from workbook.save_schema import save_problem
from workbook.store.codes import backup_of, folder_of, parse_code, path_for
from workbook.store.migrations import MIGRATIONS
from workbook.store.work import (
    MAX_FILE_BYTES,
    NEWER,
    NO_MATCH,
    SCHEMA,
    SCHEMA_VERSION,
    SavedFile,
    StoreError,
    Work,
)

log = logging.getLogger(__package__)  # "workbook.store": one logger for the whole package


class Unreadable(Exception):
    """Why one file cannot be used; ``kind`` is missing, broken, foreign or newer."""

    def __init__(self, reason: str, kind: str = "broken", version: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind
        self.version = version


def read_save_bytes(path: Path) -> bytes:
    """A regular file's bytes only: a FIFO or device named like a save must not hang a kernel
    or the class report (:func:`workbook.inputs.read_bytes`)."""
    try:
        return read_bytes(path, limit=MAX_FILE_BYTES)
    except InputError as exc:
        if exc.missing:
            raise Unreadable("the file is missing", "missing") from None
        raise Unreadable(f"the file {exc.reason}") from None


def decode(raw: bytes) -> Work:
    """Bytes of a saved file -> Work, upgrading older versions; Unreadable says why not."""
    if not raw.strip():
        raise Unreadable("the file is empty (a save was probably interrupted)")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from a Windows editor is fine
    except UnicodeDecodeError:
        raise Unreadable("the file is not text any more (it may have been damaged)") from None
    try:
        doc = parse_json(text, "")
    except InputError as exc:
        if exc.reason.startswith("is not valid JSON (line "):
            raise Unreadable(f"the file is cut short or {exc.reason}") from None
        raise Unreadable(f"the file {exc.reason}") from None
    version = _version_of(doc)
    if version > SCHEMA_VERSION:
        raise Unreadable(f"it was saved by a newer workbook (schema {version})", "newer", version)
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise Unreadable(f"schema version {version} is not one this workbook knows")
        try:
            doc = migrate(doc)
        except Exception as exc:  # a migration meets hand-edited data: report, never crash
            raise Unreadable(
                f"it could not be upgraded from schema version {version} ({exc})"
            ) from None
        version += 1
    try:
        return _work_from(doc)
    except Unreadable:
        raise
    except Exception as exc:  # the schema should catch everything; never crash a load anyway
        log.exception("unexpected problem reading a save")
        raise Unreadable(f"its contents could not be used ({type(exc).__name__})") from None


def _version_of(doc: object) -> int:
    if isinstance(doc, dict) and doc.get("schema") == SCHEMA:
        version = doc.get("schema_version")
    elif isinstance(doc, dict) and doc.get("app") == SCHEMA:  # schema 1 spelled it this way
        version = doc.get("version")
    else:
        raise Unreadable("it is not a Career Goals Workbook save (no schema marker)", "foreign")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise Unreadable("its schema version is missing or not a whole number")
    return version


def _work_from(doc: dict[str, Any]) -> Work:
    """A current-version document -> Work: every field's type checked by one schema
    (:data:`workbook.save_schema.SAVE_SCHEMA`), then the roadmap's values by the model."""
    problem = save_problem(doc)
    if problem:
        raise Unreadable(problem)
    lists = {key: doc.get(key, []) for key in ("attempts", "drafts")}
    try:
        roadmap = Roadmap.from_dict(doc["roadmap"])
    except ValidationError as exc:
        first = exc.errors[0] if exc.errors else exc
        more = f" and {len(exc.errors) - 1} more" if len(exc.errors) > 1 else ""
        raise Unreadable(f"the roadmap inside does not pass its checks ({first}{more})") from None
    saved_at = None
    if isinstance(doc.get("saved_at"), str):
        with suppress(ValueError):
            saved_at = dt.datetime.fromisoformat(doc["saved_at"])
    revision = doc.get("revision", 0)  # checked by the schema; files before revisions: 0
    return Work(roadmap, lists["attempts"], lists["drafts"], saved_at=saved_at, revision=revision)


def read_work(path: Path) -> Work:
    return decode(read_save_bytes(path))


def _load(path: Path, missing: str) -> Work:
    """Load ``path``, or its previous copy with a notice; StoreError when neither will do.

    Loading never writes: a damaged file stays exactly as it is, for saving to set aside.
    """
    try:
        return read_work(path)
    except Unreadable as main:
        if main.kind == "newer":
            raise StoreError(NEWER.format(version=main.version)) from None
        problem = main
    try:
        work = read_work(backup_of(path))
    except Unreadable as backup:
        if problem.kind == "missing" and backup.kind == "missing":
            raise StoreError(missing) from None
        log.warning("%s: %s; its previous copy: %s", path, problem.reason, backup.reason)
        if backup.kind == "missing":
            raise StoreError(
                f"Your saved work could not be opened: {problem.reason}, and there is no "
                "earlier copy to fall back on. The file has been left exactly as it is; "
                "ask your instructor to look at it."
            ) from None
        raise StoreError(
            f"Your saved work could not be opened: {problem.reason}. The copy saved before "
            f"it could not be opened either ({backup.reason}). Both files have been left "
            "exactly as they are; ask your instructor to look at them."
        ) from None
    log.warning("%s: %s; opened its previous copy", path, problem.reason)
    when = f" (saved {work.saved_at:%d %B %Y at %H:%M} UTC)" if work.saved_at else ""
    work.notice = (
        f"Your last save could not be opened ({problem.reason}), so the workbook opened "
        f"the copy saved before it{when}. Anything you did after that copy needs doing "
        "again; your next save replaces the damaged file."
    )
    return work


def load_work(code: str, *, folder: Path | str | None = None) -> Work:
    """Open the work saved under a personal code (typed any way: case, spaces, dashes)."""
    display, key = parse_code(code)
    work = _load(path_for(key, folder_of(folder)), NO_MATCH)
    work.code = display
    return work


def load_roadmap(code: str, *, folder: Path | str | None = None) -> Roadmap:
    """Just the roadmap saved under a personal code."""
    work = load_work(code, folder=folder)
    if work.notice:
        log.warning("%s", work.notice)
    return work.roadmap


def load_file(path: Path | str) -> Work:
    """Open a save file by its path (an instructor's copy, an export), falling back like
    :func:`load_work`; ``code`` stays ``None`` because the file does not hold it."""
    path = Path(path)
    return _load(path, f"There is no saved work at {path}.")


def iter_saved(folder: Path | str) -> Iterator[SavedFile]:
    """Every save file in a folder, for the instructor's class report. Never raises: a file
    that cannot be used comes with the reason instead of its work.

    A link is not followed (it is listed with the reason): it could lead out of the folder
    or to a file already counted.
    """
    folder = Path(folder)
    try:
        paths = sorted(
            p
            for p in folder.glob("*.json")
            if not p.name.startswith(".") and ".tmp" not in p.name and ".bak" not in p.name
        )
    except OSError:
        return
    for path in paths:
        if path.is_symlink():
            yield SavedFile(path, None, "A link, not followed: only files in the folder count.")
            continue
        try:
            yield SavedFile(path, read_work(path), None)
        except Unreadable as exc:
            reason = exc.reason
            if ".broken-" in path.name:
                reason = f"set aside after it could not be opened: {reason}"
            elif exc.kind != "newer" and backup_opens(path):
                reason += "; the copy saved before it opens instead"
            yield SavedFile(path, None, reason[0].upper() + reason[1:] + ".")
        except Exception as exc:  # the report must list every file, whatever went wrong
            yield SavedFile(path, None, f"Could not be read ({type(exc).__name__}: {exc}).")


_SAVE_NAME = re.compile(r"[0-9a-f]{32}(\.json\.bak|\.json|\.broken-.*\.json)")


def is_save_file(path: Path | str) -> bool:
    """Whether ``path`` holds saved work (or is named like a save, its previous copy or a
    set-aside copy), so an export or a report never writes over one."""
    path = Path(path)
    if _SAVE_NAME.fullmatch(path.name):
        return True
    try:
        doc = json.loads(read_save_bytes(path).decode("utf-8-sig"))
    except (Unreadable, ValueError, RecursionError):
        return False
    return isinstance(doc, dict) and SCHEMA in (doc.get("schema"), doc.get("app"))


def backup_opens(path: Path) -> bool:
    try:
        read_work(backup_of(path))
    except Exception:  # only a yes/no for the report
        return False
    return True


def revision_of(code: str, *, folder: Path | str | None = None) -> int | None:
    """The revision of the file saved under ``code`` now, or ``None`` if it cannot be read:
    how a page or notebook tells that another tab saved since it opened the work."""
    _display, key = parse_code(code)
    try:
        return read_work(path_for(key, folder_of(folder))).revision
    except Unreadable:
        return None
