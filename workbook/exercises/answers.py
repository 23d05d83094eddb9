"""Reading what a student typed as an answer: a choice's id or its text in any case, several
choices as a list or ``"a, c"``, pairs as a dict. A form that cannot be read raises
:class:`Unreadable`, whose message says how to answer instead (the check turns it into an
``"error"`` result, never a traceback)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from workbook.exercises.bank import Option, Question, clip, norm

__all__ = ["Unreadable", "blank", "lookup", "many", "not_attempted", "pairs"]


class Unreadable(Exception):
    """The answer's form could not be read; the message says how to answer instead."""


def blank(value: Any) -> bool:
    """Nothing there: None or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def not_attempted(answer: Any) -> bool:
    """True for a blank answer, or a list or dict holding only blanks."""
    if blank(answer):
        return True
    if isinstance(answer, Mapping):
        return all(blank(v) for v in answer.values())
    if isinstance(answer, list | tuple | set | frozenset):
        return all(blank(v) for v in answer)
    return False


def lookup(question: Question, kind: str, value: Any, what: str) -> Option:
    """The option a student meant by ``value`` (its id or its text, any case)."""
    ids = ", ".join(repr(o.id) for o in question.of_kind(kind))
    if not isinstance(value, str):
        raise Unreadable(f"Give each {what} as text: one of {ids}, or its words.")
    key = norm(value)
    index = question.option_keys[kind]
    if key in index:
        return index[key]
    near = difflib.get_close_matches(key[:200], list(index), n=1, cutoff=0.6)
    guess = f" Did you mean {index[near[0]].id!r}?" if near else ""
    raise Unreadable(f"{clip(value)!r} is not a {what} here; use one of {ids}.{guess}")


def _split(text: str) -> list[str]:
    return [p for p in re.split(r"\s*(?:,|;|\n|->|→)\s*", text) if p.strip()]


def many(question: Question, kind: str, answer: Any, what: str) -> list[Option]:
    """A list of options from a list/tuple/set, or from one string ("a, c" or one option)."""
    if isinstance(answer, str):
        try:
            return [lookup(question, kind, answer, what)]
        except Unreadable:
            parts = _split(answer)
            if len(parts) < 2:
                raise
            answer = parts
    if not isinstance(answer, list | tuple | set | frozenset):
        raise Unreadable(f"Give a list of {what}s, for example [{question.options[0].id!r}, ...].")
    if isinstance(answer, set | frozenset):
        answer = sorted(answer, key=str)
    return [lookup(question, kind, v, what) for v in answer if not blank(v)]


def pairs(answer: Any) -> list[tuple[Any, Any]]:
    """(item, category) pairs from a dict or a list of 2-element lists."""
    if isinstance(answer, Mapping):
        return list(answer.items())
    if isinstance(answer, list | tuple) and all(
        isinstance(p, list | tuple) and len(p) == 2 for p in answer
    ):
        return [(p[0], p[1]) for p in answer]
    raise Unreadable("Give a dictionary from each item to its category, e.g. {'item': 'category'}.")
