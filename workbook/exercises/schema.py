"""The schema instructors' question files in ``data/questions/`` are validated against.

JSON Schema checks each field's form; what it cannot say (an answer naming a real choice, ids
that start with the chapter) is checked as each question is built, in
:mod:`workbook.exercises.bank`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FILE_SCHEMA", "QUESTION_SCHEMA", "QUESTION_TYPES", "TYPE_FIELDS"]

QUESTION_TYPES = ("single", "multiple", "classify", "order", "rubric")

_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$", "maxLength": 40}
_TEXT = {"type": "string", "minLength": 1, "maxLength": 1500}


def _options(*, feedback: bool, minimum: int = 2) -> dict[str, Any]:
    required = ["id", "text", "feedback"] if feedback else ["id", "text"]
    return {
        "type": "array",
        "minItems": minimum,
        "items": {
            "type": "object",
            "required": required,
            "properties": {"id": _ID, "text": _TEXT, "feedback": _TEXT},
            "additionalProperties": False,
        },
    }


def _when(kind: str, then: dict[str, Any]) -> dict[str, Any]:
    return {"if": {"properties": {"type": {"const": kind}}, "required": ["type"]}, "then": then}


QUESTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "type", "prompt", "answer", "hints", "solution"],
    "properties": {
        "id": {"type": "string", "pattern": "^ch[0-9]+-[a-z0-9][a-z0-9-]*$", "maxLength": 60},
        "type": {"enum": list(QUESTION_TYPES)},
        "prompt": _TEXT,
        "choices": _options(feedback=True),
        "items": _options(feedback=True),
        "categories": _options(feedback=False),
        "steps": _options(feedback=False),
        "answer": {},
        "min_met": {"type": "integer", "minimum": 1},
        "hints": {"type": "array", "minItems": 2, "items": _TEXT},
        "solution": _TEXT,
        "explanation": _TEXT,
    },
    "additionalProperties": False,
    "allOf": [
        _when("single", {"required": ["choices"], "properties": {"answer": _ID}}),
        _when(
            "multiple",
            {
                "required": ["choices"],
                "properties": {"answer": {"type": "array", "minItems": 1, "items": _ID}},
            },
        ),
        _when(
            "classify",
            {
                "required": ["items", "categories"],
                "properties": {
                    "answer": {"type": "object", "minProperties": 1, "additionalProperties": _ID}
                },
            },
        ),
        _when(
            "order",
            {
                "required": ["steps"],
                "properties": {"answer": {"type": "array", "minItems": 2, "items": _ID}},
            },
        ),
        _when("rubric", {"properties": {"answer": _TEXT}}),
    ],
}

#: One file per chapter: ``data/questions/NN-slug.yaml``.
FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["chapter", "title", "questions"],
    "properties": {
        "chapter": {"type": "integer", "minimum": 0, "maximum": 99},
        "title": _TEXT,
        "questions": {"type": "array", "minItems": 1, "items": QUESTION_SCHEMA},
    },
    "additionalProperties": False,
}

#: Fields each type uses besides the common ones; anything else is an instructor's slip.
TYPE_FIELDS: dict[str, set[str]] = {
    "single": {"choices"},
    "multiple": {"choices"},
    "classify": {"items", "categories"},
    "order": {"steps"},
    "rubric": {"min_met"},
}
