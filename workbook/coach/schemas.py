"""The JSON Schemas the coach's rules files are validated against.

Kept apart from the loading code so an instructor (or a reviewer) can read in one place what
each file may contain. A schema cannot check everything (a pattern that does not compile, a
word list that does not exist); :mod:`workbook.coach.rules` checks those after loading.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CUE_SCHEMA",
    "JOB_AD_SCHEMA",
    "PITFALLS_SCHEMA",
    "SCHEMAS",
    "SMART_SCHEMA",
    "STRUCTURE_SCHEMA",
    "WORDS_SCHEMA",
]

_STRINGS = {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1}
_NAMES = {"type": "array", "items": {"type": "string", "pattern": "^[a-z_]+$"}, "minItems": 1}

CUE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id"],
    "additionalProperties": False,
    "anyOf": [{"required": ["phrases"]}, {"required": ["regex"]}, {"required": ["detector"]}],
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
        "note": {"type": "string"},
        "phrases": _STRINGS,
        "regex": _STRINGS,
        "detector": {"type": "string", "pattern": "^[a-z_]+$"},
        "weight": {"type": "number", "exclusiveMinimum": 0, "maximum": 10},
        "negation": {"type": "boolean"},
        "hypothetical": {"type": "boolean"},
        "skip_past": {"type": "boolean"},
        "role_aware": {"type": "boolean"},
        "case_sensitive": {"type": "boolean"},
        "starts_with": _STRINGS,
        "needs": _NAMES,
        "unless": _NAMES,
        "unless_sentence": _NAMES,
        "unless_answer": _NAMES,
        "unless_said": _NAMES,
        "unless_next": _NAMES,
        "unless_prev": _NAMES,
    },
}

_MESSAGE = {
    "type": "object",
    "required": ["label", "message", "suggestion"],
    "additionalProperties": False,
    "properties": {
        "label": {"type": "string", "minLength": 1},
        "message": {"type": "string", "minLength": 1},
        "suggestion": {"type": "string", "minLength": 1},
    },
}

WORDS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["lists", "negation", "hypothetical", "stopwords"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "integer"},
        "lists": {
            "type": "object",
            "propertyNames": {"pattern": "^[a-z_]+$"},
            "additionalProperties": _STRINGS,
        },
        "negation": {
            "type": "object",
            "required": ["before", "after", "cancel"],
            "additionalProperties": False,
            "properties": {
                "before": _STRINGS,
                "after": _STRINGS,
                "cancel": _STRINGS,
                "words_before": {"type": "integer", "minimum": 1, "maximum": 12},
                "words_after": {"type": "integer", "minimum": 1, "maximum": 12},
            },
        },
        "hypothetical": {
            "type": "object",
            "required": ["cues", "exempt"],
            "additionalProperties": False,
            "properties": {"cues": _STRINGS, "exempt": _STRINGS},
        },
        "stopwords": _STRINGS,
    },
}

PITFALLS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["codes"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "integer"},
        "codes": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["code", "label", "message", "suggestion", "cues"],
                "additionalProperties": False,
                "properties": {
                    "code": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                    "label": {"type": "string", "minLength": 1},
                    "message": {"type": "string", "minLength": 1},
                    "suggestion": {"type": "string", "minLength": 1},
                    "threshold": {"type": "number", "exclusiveMinimum": 0},
                    "also": {
                        "type": "array",
                        "items": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                        "uniqueItems": True,
                    },
                    "cues": {"type": "array", "minItems": 1, "items": CUE_SCHEMA},
                },
            },
        },
    },
}

_MARKERS = {"type": "array", "items": CUE_SCHEMA, "minItems": 1}

STRUCTURE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["settings", "horizon", "structure", "talking_points", "extras", "notices"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "integer"},
        "settings": {
            "type": "object",
            "required": [
                "words_per_minute",
                "min_seconds",
                "max_seconds",
                "interview_window_months",
                "short_term_max_months",
                "min_words_for_structure",
                "max_review_chars",
            ],
            "additionalProperties": False,
            "properties": {
                "words_per_minute": {"type": "integer", "minimum": 60, "maximum": 300},
                "min_seconds": {"type": "integer", "minimum": 1},
                "max_seconds": {"type": "integer", "minimum": 10},
                "interview_window_months": {"type": "integer", "minimum": 12},
                "short_term_max_months": {"type": "integer", "minimum": 1},
                "min_words_for_structure": {"type": "integer", "minimum": 1},
                "max_review_chars": {"type": "integer", "minimum": 1000},
                "key_terms": {"type": "integer", "minimum": 3, "maximum": 40},
            },
        },
        "horizon": {
            "type": "object",
            "required": ["short", "long", "steps", "destinations", "past"],
            "additionalProperties": False,
            "properties": {
                "short": _MARKERS,
                "long": _MARKERS,
                "steps": _MARKERS,
                "destinations": _MARKERS,
                "past": _MARKERS,
            },
        },
        "structure": {
            "type": "object",
            "required": ["no_short_term", "no_long_term"],
            "additionalProperties": False,
            "properties": {
                "no_short_term": _MESSAGE,
                "no_long_term": _MESSAGE,
            },
        },
        "talking_points": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "label", "tip"],
                "additionalProperties": False,
                "properties": {
                    "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
                    "label": {"type": "string", "minLength": 1},
                    "tip": {"type": "string", "minLength": 1},
                    "computed": {"type": "boolean"},
                    "cues": _MARKERS,
                },
            },
        },
        "extras": {
            "type": "object",
            "required": ["too_short", "too_long", "vague"],
            "additionalProperties": _MESSAGE,
        },
        "notices": {
            "type": "object",
            "required": ["empty", "no_words", "not_english", "cut"],
            "additionalProperties": {"type": "string", "minLength": 1},
        },
    },
}

SMART_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["criteria"],
    "additionalProperties": False,
    "properties": {
        "version": {"type": "integer"},
        "criteria": {
            "type": "array",
            "minItems": 5,
            "maxItems": 5,
            "items": {
                "type": "object",
                "required": ["id", "letter", "label", "question", "suggestion", "cues"],
                "additionalProperties": False,
                "properties": {
                    "id": {"enum": ["specific", "measurable", "achievable", "relevant", "timely"]},
                    "letter": {"type": "string", "pattern": "^[SMART]$"},
                    "label": {"type": "string", "minLength": 1},
                    "question": {"type": "string", "minLength": 1},
                    "suggestion": {"type": "string", "minLength": 1},
                    "threshold": {"type": "number", "exclusiveMinimum": 0},
                    "cues": {"type": "array", "minItems": 1, "items": CUE_SCHEMA},
                },
            },
        },
    },
}

JOB_AD_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "title", "employer", "text"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": "^[a-z0-9_]+$"},
        "title": {"type": "string", "minLength": 1},
        "employer": {"type": "string", "minLength": 1},
        "text": {"type": "string", "minLength": 50},
    },
}

SCHEMAS = {
    "words.yaml": WORDS_SCHEMA,
    "pitfalls.yaml": PITFALLS_SCHEMA,
    "structure.yaml": STRUCTURE_SCHEMA,
    "smart.yaml": SMART_SCHEMA,
}
