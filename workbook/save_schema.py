"""The shape of a save file, as one JSON Schema: every field's type, checked before any code
touches the data.

Why a schema and not checks scattered through the code: a hand-edited ``"skills": 5`` used to
reach ``list(5)`` deep in the model and come out as a ``TypeError``, which the store could
neither report nor set aside. Now the loader (:mod:`workbook.store`), the saver (which reads
back what it is about to write), the class report (which loads through the store) and the
command line's roadmap files all check the same schema first, and the first problem comes
back as one sentence naming the field, the way :class:`workbook.model.FieldError` names them
(``goals[0].skills``).

The schema checks types and required fields only; what a value may be (a month within its
horizon, a title's length) stays with :meth:`workbook.model.Roadmap.validate`, which explains
it to the student. Unknown fields are allowed, so a newer workbook's additions (a revision
number, say) do not make a file unreadable here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NotRequired, TypeAlias, TypedDict

import fastjsonschema

from workbook.content import jsonschema_module
from workbook.model import Smart

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

__all__ = [
    "ATTEMPT_SCORES",
    "ATTEMPT_STATUSES",
    "JSON",
    "ROADMAP_SCHEMA",
    "SAVE_SCHEMA",
    "Attempt",
    "Draft",
    "roadmap_problem",
    "save_problem",
]

#: What a quiz attempt's ``status`` may be, and the score it earns unless a check gives one.
ATTEMPT_SCORES: dict[str, float] = {"correct": 1.0, "incorrect": 0.0, "partial": 0.5}
ATTEMPT_STATUSES: tuple[str, ...] = tuple(ATTEMPT_SCORES)

#: Any value JSON can hold: a quiz answer is stored as one.
JSON: TypeAlias = dict[str, "JSON"] | list["JSON"] | str | int | float | bool | None


class Attempt(TypedDict):
    """One quiz attempt in a save file (the ``attempts`` items of :data:`SAVE_SCHEMA`)."""

    question: str
    answer: NotRequired[JSON]  #: what the student answered (``None`` in files from schema 1)
    status: str  #: one of :data:`ATTEMPT_STATUSES`
    score: NotRequired[float | None]
    at: str  #: when, ISO 8601 in UTC


class Draft(TypedDict):
    """One version of a written answer in a save file (the ``drafts`` items of
    :data:`SAVE_SCHEMA`); several with one ``name`` make its history."""

    name: str
    text: str
    at: str  #: when, ISO 8601 in UTC


_TEXT: dict[str, Any] = {"type": "string"}
_TEXT_OR_NULL: dict[str, Any] = {"type": ["string", "null"]}
_WHOLE: dict[str, Any] = {"type": "integer"}

_GOAL: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": _TEXT_OR_NULL,
        "title": _TEXT,
        "horizon": _TEXT,
        "area": _TEXT,
        "start_month": _WHOLE,
        "end_month": _WHOLE,
        "start_date": _TEXT_OR_NULL,
        "smart": {
            "type": ["object", "null"],
            "properties": {letter: _TEXT for letter in Smart.LETTERS},
        },
        "milestones": {
            "type": ["array", "null"],
            "items": {
                "type": "object",
                "properties": {"title": _TEXT, "month": _WHOLE},
                "required": ["title", "month"],
            },
        },
        "skills": {"type": ["array", "null"], "items": _TEXT},
        "leads_to": _TEXT_OR_NULL,
    },
}

#: A roadmap, as ``Roadmap.to_dict`` writes it and an exported ``.json`` holds it.
ROADMAP_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
        "owner": _TEXT_OR_NULL,
        "role": _TEXT_OR_NULL,
        "employer": _TEXT_OR_NULL,
        "start_date": _TEXT_OR_NULL,
        "updated": _TEXT_OR_NULL,
        "goals": {"type": ["array", "null"], "items": _GOAL},
    },
}

#: A whole save file of the current schema version (older ones are migrated first).
SAVE_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "properties": {
        "schema": _TEXT,
        "schema_version": _WHOLE,
        "saved_at": _TEXT,
        # the save count the store checks under its lock, so a page behind the file is refused
        "revision": {"type": "integer", "minimum": 0},
        "roadmap": {k: v for k, v in ROADMAP_SCHEMA.items() if k != "$schema"},
        "attempts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "question": {"type": "string", "minLength": 1},
                    "status": {"enum": list(ATTEMPT_STATUSES)},
                    "score": {"type": ["number", "null"]},
                    "at": _TEXT,
                },
                "required": ["question", "status", "at"],
            },
        },
        "drafts": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "text": _TEXT,
                    "at": _TEXT,
                },
                "required": ["name", "text", "at"],
            },
        },
    },
    "required": ["roadmap"],
}

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "an object",
    "null": "empty",
    "boolean": "true or false",
}
_FIELD_WORDS = {"at": "time"}


def _type_of(value: object) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _field(path: Sequence[str | int]) -> str:
    """A JSON path as the model names fields: ``goals[0].skills``."""
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out += f".{step}" if out else str(step)
    return out


def _where(path: list[str | int], in_roadmap: bool) -> str:
    kind, index = (path[0], path[1]) if len(path) >= 2 else ("", "")
    if not in_roadmap and kind in ("attempts", "drafts") and isinstance(index, int):
        label = f"{str(kind)[:-1]} #{index + 1}"
        rest = _field(path[2:])
        return f"{label}'s {rest}" if rest else label
    return _field(path) or ("the roadmap" if in_roadmap else "the file")


def _say(error: ValidationError, path: list[str | int], in_roadmap: bool) -> str:
    where = _where(path, in_roadmap)
    kind = error.validator
    # the schema's value for the failed keyword and the data it failed on: set on every error
    # that iter_errors yields (the stubs allow "unset" for errors built by hand)
    rule: Any = error.validator_value
    instance: Any = error.instance
    if kind == "required":
        missing = next((f for f in rule if f not in instance), "a field")
        return f"{where} has no {_FIELD_WORDS.get(missing, missing)}"
    if kind == "type":
        wanted = [rule] if isinstance(rule, str) else rule
        words = " or ".join(_TYPE_WORDS.get(w, w) for w in wanted if w != "null")
        verb = "are" if "array" in wanted and path and isinstance(path[-1], str) else "is"
        return f"{where} {verb} not {words} but {_type_of(instance)}"
    if kind == "enum":
        allowed = ", ".join(str(v) for v in rule)
        return f"{where} has a value other than {allowed}"
    if kind == "minLength":
        return f"{where} is empty"
    return f"{where}: {error.message[:120]}"


# Two validators of the same schema: fastjsonschema compiles it to Python code and answers
# yes or no some twenty times faster (0.1-0.3 ms per save of the sample class instead of
# 3.5-8 ms, measured here on a loaded machine; the class report reads 1,000 and every kernel
# checks each save), so jsonschema, whose errors carry the path, runs only for a file that
# fails. Both built at import (about 0.1 s),
# not at the first save, which a hurried kernel must get done.
_FAST: dict[str, Callable[[object], object]] = {
    "save": fastjsonschema.compile(SAVE_SCHEMA),
    "roadmap": fastjsonschema.compile(ROADMAP_SCHEMA),
}
_VALIDATORS: dict[str, Validator] = {
    "save": jsonschema_module().Draft7Validator(SAVE_SCHEMA),
    "roadmap": jsonschema_module().Draft7Validator(ROADMAP_SCHEMA),
}


def _passes(doc: JSON, which: str) -> bool:
    try:
        _FAST[which](doc)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _problem(doc: JSON, which: str) -> tuple[str, bool] | None:
    """The first problem (by position in the file) and whether it lies inside the roadmap."""
    if _passes(doc, which):
        return None
    errors = sorted(
        _VALIDATORS[which].iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]
    )
    if not errors:  # the two disagree on an edge (none known): the model checks values next
        return None
    path = list(errors[0].absolute_path)
    in_roadmap = which == "roadmap" or path[:1] == ["roadmap"]
    if which == "save" and in_roadmap:
        path = path[1:]  # name roadmap fields as the model does: goals[0].skills
    more = f"; {len(errors) - 1} more problem(s)" if len(errors) > 1 else ""
    return _say(errors[0], path, in_roadmap) + more, in_roadmap


def save_problem(doc: JSON) -> str | None:
    """What is wrong with a save document's shape, as the end of a sentence, or ``None``:
    ``its draft #1 has no text``, ``the roadmap inside does not pass its checks (goals[0]
    .skills are not a list but a whole number)``."""
    found = _problem(doc, "save")
    if found is None:
        return None
    message, in_roadmap = found
    if in_roadmap:
        return f"the roadmap inside does not pass its checks ({message})"
    if message.startswith("the file has no roadmap"):
        return "it holds no roadmap"
    if message.startswith("the file "):
        return "it " + message.removeprefix("the file ")
    return f"its {message}"


def roadmap_problem(doc: JSON) -> str | None:
    """What is wrong with a bare roadmap's shape (an exported ``.json``), or ``None``."""
    found = _problem(doc, "roadmap")
    return None if found is None else found[0]
