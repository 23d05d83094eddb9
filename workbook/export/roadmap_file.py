"""Reading a roadmap from a file (both command-line tools use this), and writing its JSON."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from workbook.inputs import InputError, decode_text, parse_json, read_bytes
from workbook.inputs import shown as shown_path
from workbook.model import Roadmap, ValidationError
from workbook.save_schema import roadmap_problem
from workbook.store import MAX_FILE_BYTES, SCHEMA, Work

__all__ = ["PRODUCT", "read_roadmap_file", "read_work_file", "roadmap_json"]

STORE_SCHEMA = SCHEMA  #: the marker of a workbook save file
#: the product's name, written into the files it makes (calendar, chart metadata)
PRODUCT = "Career Goals Workbook"
log = logging.getLogger(__name__)


def read_roadmap_file(path: str | os.PathLike[str], *, validate: bool = True) -> Roadmap:
    """Load a roadmap from a workbook save file or a bare roadmap ``.json``
    (see :func:`read_work_file`)."""
    return read_work_file(path, validate=validate).roadmap


def read_work_file(path: str | os.PathLike[str], *, validate: bool = True) -> Work:
    """Load the work in a workbook save file (roadmap, drafts, attempts), or a bare roadmap
    ``.json`` as work with nothing else in it.

    Read through :mod:`workbook.inputs` (a regular file within the save size limit, UTF-8,
    JSON nested no deeper than a save), shaped by the save schema, then built by the model
    and validated unless ``validate`` is false (the coach checks half-built roadmaps too).
    Every problem becomes a ``ValueError`` naming the file and what to do, never a traceback.
    """
    p = Path(path)
    name = shown_path(p)
    try:
        data = parse_json(decode_text(read_bytes(p, limit=MAX_FILE_BYTES), name), name)
    except InputError as exc:
        hint = " Give the path of a saved roadmap (.json)." if exc.missing else ""
        raise ValueError(f"{exc}.{hint}") from None
    if isinstance(data, dict) and STORE_SCHEMA in (data.get("schema"), data.get("app")):
        from workbook.store import load_file  # upgrades files saved by older versions

        try:
            work = load_file(p)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
        if work.notice:
            log.warning("%s: %s", name, work.notice)
        return work
    if isinstance(data, dict) and "schema" in data:
        raise ValueError(f"{name} is a JSON file, but not a Career Goals Workbook save file.")
    if not (isinstance(data, dict) and {"goals", "owner", "role", "employer"} & data.keys()):
        raise ValueError(
            f"{name} is a JSON file, but holds no roadmap "
            "(expected a workbook save file or an exported roadmap .json)."
        )
    problem = roadmap_problem(data)
    if problem:
        raise ValueError(f"{name} holds a roadmap with problems: {problem}.")
    try:
        return Work(Roadmap.from_dict(data, validate=validate))
    except ValidationError as exc:
        raise ValueError(f"{name} holds a roadmap with problems: {exc}") from None


def roadmap_json(roadmap: Roadmap) -> bytes:
    """The roadmap as data, indented UTF-8 JSON (re-usable as input)."""
    return (json.dumps(roadmap.to_dict(), indent=2, ensure_ascii=False) + "\n").encode()
