"""The rules every goal follows: limits, horizons, areas, the errors and advice a student sees,
and the checks :mod:`.goal` and :mod:`.roadmap` share. The article's numbers live here (a
stepping stone takes one month to one year, an interview looks five years ahead) so each is
stated once."""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import TypeGuard

# --- limits: generous for real use, tight enough to refuse nonsense -------------------------
MAX_TITLE = 120
MAX_TEXT = 500
MAX_NAME = 80
MAX_SKILL = 60
MAX_SKILLS = 15
MAX_MILESTONES = 12
MAX_GOALS = 20
SHORT_TERM_MAX_MONTH = 12  # the article: a stepping stone takes one month to one year
INTERVIEW_WINDOW = 60  # the article: in an interview, talk about the next five years
LONG_TERM_MAX_MONTH = 120  # the article: long-term goals in general reach up to ten years
DATE_SPAN_YEARS = 15  # real dates must fall within this many years of today


class Horizon(StrEnum):
    """Stepping stone (tactics) or destination (strategy)."""

    SHORT = "short-term"
    LONG = "long-term"


#: Areas a goal can belong to: the article's three example areas, then its six long-term types.
AREAS: dict[str, str] = {
    "professional": "Professional development",
    "education": "Educational advancement",
    "personal": "Personal improvement",
    "leadership": "A leadership role in the industry",
    "new_function": "Moving to a new function",
    "qualification": "A new qualification or degree",
    "productivity": "Better personal productivity",
    "business": "Starting a business or side project",
    "communication": "Becoming a more effective communicator",
}
#: The six long-term goal types of chapter 4, a subset of :data:`AREAS`.
LONG_TERM_TYPES: tuple[str, ...] = (
    "leadership",
    "new_function",
    "qualification",
    "productivity",
    "business",
    "communication",
)


@dataclass(frozen=True)
class FieldError:
    """One thing wrong with one field, phrased for the student."""

    field: str  #: where: ``"title"``, ``"goals[2].end_month"``, ``"milestones[0].month"``
    message: str  #: what is wrong and how to fix it

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(ValueError):
    """A goal or roadmap is not valid; ``errors`` names each field and how to fix it."""

    def __init__(self, errors: Iterable[FieldError]):
        self.errors: list[FieldError] = list(errors)
        super().__init__("; ".join(str(e) for e in self.errors) or "invalid")

    def for_field(self, name: str) -> list[str]:
        """Messages for one field (exact name or a sub-field of it), for a form to show."""
        return [
            e.message
            for e in self.errors
            if e.field == name or e.field.startswith((name + ".", name + "["))
        ]


@dataclass(frozen=True)
class Advice:
    """A softer warning from the article's rules; the roadmap is still valid."""

    code: str  #: stable identifier, e.g. ``"beyond_5_years"``
    message: str  #: friendly explanation and what to do
    goal_id: str | None = None  #: the goal it is about, if any


# --- text cleaning ---------------------------------------------------------------------------
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")


def clean_text(value: object) -> str:
    """Normalise typed text: NFC, no control characters, no surrounding or repeated spaces."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value))
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n"))
    return re.sub(r"[ \t]+", " ", text).strip()


def check_text(
    errors: list[FieldError], name: str, value: object, label: str, limit: int, required: bool
) -> None:
    if not isinstance(value, str):
        errors.append(FieldError(name, f"{label} must be text."))
        return
    if required and not value.strip():
        errors.append(FieldError(name, f"{label} is empty: write a few words."))
    elif len(value) > limit:
        errors.append(
            FieldError(
                name,
                f"{label} is {len(value):,} characters long; keep it under {limit} "
                "(one clear sentence is best).",
            )
        )


def is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def check_month(errors: list[FieldError], name: str, value: object, label: str, top: int) -> bool:
    if not is_int(value):
        errors.append(FieldError(name, f"{label} must be a whole number of months (0 to {top})."))
        return False
    if not 0 <= value <= top:
        errors.append(FieldError(name, f"{label} is month {value}; pick a month from 0 to {top}."))
        return False
    return True


def check_date(errors: list[FieldError], name: str, value: object, today: dt.date) -> None:
    if value is None:
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        errors.append(FieldError(name, "The start date must be a calendar date, or left empty."))
        return
    low, high = today.year - DATE_SPAN_YEARS, today.year + DATE_SPAN_YEARS
    if not low <= value.year <= high:
        errors.append(
            FieldError(
                name,
                f"{value.isoformat()} is out of range; pick a date between "
                f"{low} and {high}, or leave it empty.",
            )
        )


def new_id() -> str:
    """A short random identifier for a goal, stable across edits and saves."""
    return "g" + secrets.token_hex(4)


def now() -> dt.datetime:
    """The current time in UTC to the second, as a roadmap and a save file record it."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def field_names(cls: type) -> list[str]:
    """The data fields of a model class, for forms and CSV headers."""
    return [f.name for f in fields(cls)]
