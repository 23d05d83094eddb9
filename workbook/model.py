"""The student's goal roadmap: plain typed data, its validation and the article's advice.

Nothing here knows about widgets, files or charts, so the form, the storage, the timeline and
the command line all share one definition of what a valid roadmap is.

Two kinds of feedback, on purpose:

* ``validate()`` raises :class:`ValidationError` for things that are simply wrong (an empty
  title, an end before its start, a short-term goal in month 61, a date in 1850). Each problem
  names the field and says how to fix it.
* ``Roadmap.advice()`` lists the article's softer rules (a long-term goal with no stepping stone,
  a horizon past five years). A roadmap being built is allowed to break them for a while.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any, ClassVar, TypedDict, TypeGuard, cast

from workbook.text import counted

__all__ = [
    "AREAS",
    "LONG_TERM_TYPES",
    "MAX_GOALS",
    "Advice",
    "FieldError",
    "Goal",
    "GoalData",
    "Horizon",
    "Milestone",
    "Roadmap",
    "RoadmapData",
    "Smart",
    "ValidationError",
]

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


def _check_text(
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


def _is_int(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_month(errors: list[FieldError], name: str, value: object, label: str, top: int) -> bool:
    if not _is_int(value):
        errors.append(FieldError(name, f"{label} must be a whole number of months (0 to {top})."))
        return False
    if not 0 <= value <= top:
        errors.append(FieldError(name, f"{label} is month {value}; pick a month from 0 to {top}."))
        return False
    return True


def _check_date(errors: list[FieldError], name: str, value: object, today: dt.date) -> None:
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


# --- the data as JSON holds it (``to_dict``; the save file's schema checks it on loading) --------
class SmartData(TypedDict):
    """:class:`Smart` as plain data: its :attr:`Smart.LETTERS` as keys."""

    specific: str
    measurable: str
    achievable: str
    relevant: str
    timely: str


class MilestoneData(TypedDict):
    """A :class:`Milestone` as plain data."""

    title: str
    month: int


class GoalData(TypedDict):
    """A :class:`Goal` as plain data: dates as ISO text, the horizon as its value."""

    id: str
    title: str
    horizon: str
    area: str
    start_month: int
    end_month: int
    start_date: str | None
    smart: SmartData
    milestones: list[MilestoneData]
    skills: list[str]
    leads_to: str | None


class RoadmapData(TypedDict):
    """A :class:`Roadmap` as plain data, as a save file and an exported ``.json`` hold it."""

    owner: str
    role: str
    employer: str
    start_date: str | None
    updated: str
    goals: list[GoalData]


# --- the data ----------------------------------------------------------------------------------
@dataclass
class Smart:
    """The student's answers to the five SMART questions about one goal."""

    specific: str = ""  #: what exactly will be achieved
    measurable: str = ""  #: how progress or success will be measured
    achievable: str = ""  #: why it is within reach (skills, resources, support)
    relevant: str = ""  #: why it matters to this employer and role (the article's "realistic")
    timely: str = ""  #: by when

    LETTERS: ClassVar[tuple[str, ...]] = (
        "specific",
        "measurable",
        "achievable",
        "relevant",
        "timely",
    )

    def answered(self) -> list[str]:
        """The SMART letters the student has answered."""
        return [name for name in self.LETTERS if getattr(self, name).strip()]


@dataclass
class Milestone:
    """A checkpoint on the way to a goal, placed at a month from now."""

    title: str
    month: int


@dataclass
class Goal:
    """One goal on the roadmap: a short-term stepping stone or a long-term destination."""

    title: str
    horizon: Horizon = Horizon.SHORT
    area: str = "professional"
    start_month: int = 0  #: months from now when work on it begins (0 = now)
    end_month: int = 6  #: months from now when it should be reached
    start_date: dt.date | None = None  #: optional real date for ``start_month``
    smart: Smart = field(default_factory=Smart)
    milestones: list[Milestone] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    leads_to: str | None = None  #: id of the long-term goal a stepping stone serves
    id: str = field(default_factory=new_id)

    def __post_init__(self) -> None:
        # tidy what was typed once, here, so every view and file sees the same text
        if isinstance(self.title, str):
            self.title = clean_text(self.title)
        if isinstance(self.skills, list):
            self.skills = [clean_text(s) if isinstance(s, str) else s for s in self.skills]
        if isinstance(self.smart, Smart):
            for letter in Smart.LETTERS:
                value = getattr(self.smart, letter)
                if isinstance(value, str):
                    setattr(self.smart, letter, clean_text(value))
        if isinstance(self.milestones, list):
            for ms in self.milestones:
                if isinstance(ms, Milestone) and isinstance(ms.title, str):
                    ms.title = clean_text(ms.title)
        if isinstance(self.horizon, str) and not isinstance(self.horizon, Horizon):
            # an unknown value is left as is; validate() reports it with a friendly message
            with contextlib.suppress(ValueError):
                self.horizon = Horizon(self.horizon)

    @property
    def is_long_term(self) -> bool:
        return self.horizon == Horizon.LONG

    def errors(self, *, today: dt.date | None = None, prefix: str = "") -> list[FieldError]:
        """Everything wrong with this goal on its own (field names get ``prefix``)."""
        today = today or dt.date.today()
        errs: list[FieldError] = []
        p = prefix
        _check_text(errs, p + "title", self.title, "The goal's title", MAX_TITLE, True)
        if not isinstance(self.horizon, Horizon):
            errs.append(FieldError(p + "horizon", "Choose short-term or long-term."))
        if not isinstance(self.area, str) or self.area not in AREAS:
            errs.append(FieldError(p + "area", "Choose one of the listed areas."))
        long_term = self.horizon == Horizon.LONG
        top = LONG_TERM_MAX_MONTH if long_term else SHORT_TERM_MAX_MONTH
        ok_start = _check_month(errs, p + "start_month", self.start_month, "The start", top)
        ok_end = _check_month(errs, p + "end_month", self.end_month, "The end", top)
        if not long_term and _is_int(self.end_month) and self.end_month > SHORT_TERM_MAX_MONTH:
            errs[-1:] = [
                FieldError(
                    p + "end_month",
                    f"A short-term goal is a stepping stone of one month to one year, so it "
                    f"must end by month {SHORT_TERM_MAX_MONTH} (it ends at month "
                    f"{self.end_month}). Make it long-term, or split it into smaller steps.",
                )
            ]
        if ok_start and ok_end and self.end_month <= self.start_month:
            errs.append(
                FieldError(
                    p + "end_month",
                    f"The end (month {self.end_month}) must come after the start "
                    f"(month {self.start_month}).",
                )
            )
        _check_date(errs, p + "start_date", self.start_date, today)
        smart = self.smart if isinstance(self.smart, Smart) else Smart()
        for letter in Smart.LETTERS:
            _check_text(
                errs,
                f"{p}smart.{letter}",
                getattr(smart, letter),
                f"The {letter!r} answer",
                MAX_TEXT,
                False,
            )
        if not isinstance(self.milestones, list) or len(self.milestones) > MAX_MILESTONES:
            errs.append(FieldError(p + "milestones", f"Keep to {MAX_MILESTONES} milestones."))
        else:
            for i, ms in enumerate(self.milestones):
                mp = f"{p}milestones[{i}]."
                if not isinstance(ms, Milestone):
                    errs.append(FieldError(mp[:-1], "A milestone needs a title and a month."))
                    continue
                _check_text(errs, mp + "title", ms.title, "A milestone's title", MAX_TITLE, True)
                if (
                    _check_month(errs, mp + "month", ms.month, "A milestone", top)
                    and ok_start
                    and ok_end
                    and not self.start_month <= ms.month <= self.end_month
                ):
                    errs.append(
                        FieldError(
                            mp + "month",
                            f"Milestone {ms.month} falls outside the goal (months "
                            f"{self.start_month} to {self.end_month}).",
                        )
                    )
        if not isinstance(self.skills, list) or len(self.skills) > MAX_SKILLS:
            errs.append(FieldError(p + "skills", f"List at most {MAX_SKILLS} skills."))
        else:
            for i, skill in enumerate(self.skills):
                _check_text(errs, f"{p}skills[{i}]", skill, "A skill", MAX_SKILL, True)
        if long_term and self.leads_to:
            errs.append(FieldError(p + "leads_to", "Only a short-term goal leads to another."))
        return errs

    def validate(self, *, today: dt.date | None = None) -> Goal:
        """Raise :class:`ValidationError` if the goal is not valid; return it otherwise."""
        errs = self.errors(today=today)
        if errs:
            raise ValidationError(errs)
        return self

    # --- plain data, for JSON and CSV -----------------------------------------------------
    def to_dict(self) -> GoalData:
        return {
            "id": self.id,
            "title": self.title,
            "horizon": str(self.horizon),
            "area": self.area,
            "start_month": self.start_month,
            "end_month": self.end_month,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "smart": cast("SmartData", {k: getattr(self.smart, k) for k in Smart.LETTERS}),
            "milestones": [{"title": m.title, "month": m.month} for m in self.milestones],
            "skills": list(self.skills),
            "leads_to": self.leads_to,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, prefix: str = "") -> Goal:
        """Build a goal from plain data; a wrongly typed field raises a friendly error."""
        if not isinstance(data, Mapping):
            raise ValidationError([FieldError(prefix.rstrip(".") or "goal", "Not a goal.")])
        errs: list[FieldError] = []
        start_date = data.get("start_date")
        if isinstance(start_date, str) and start_date:
            try:
                start_date = dt.date.fromisoformat(start_date)
            except ValueError:
                errs.append(FieldError(prefix + "start_date", "Use a date like 2027-03-01."))
                start_date = None
        elif not start_date:
            start_date = None
        smart_data = data.get("smart") or {}
        if not isinstance(smart_data, Mapping):
            errs.append(FieldError(prefix + "smart", "The SMART answers are missing."))
            smart_data = {}
        raw_ms = data.get("milestones") or []
        milestones = []
        for i, m in enumerate(raw_ms if isinstance(raw_ms, list) else []):
            if isinstance(m, Mapping):
                # kept as typed: validate() names a missing or wrongly typed month
                month = cast("int", m.get("month"))
                milestones.append(Milestone(m.get("title", ""), month))
            else:
                errs.append(FieldError(f"{prefix}milestones[{i}]", "Not a milestone."))
        if errs:
            raise ValidationError(errs)
        kwargs: dict[str, Any] = {
            "title": data.get("title", ""),
            "horizon": data.get("horizon", Horizon.SHORT),
            "area": data.get("area", "professional"),
            "start_month": data.get("start_month", 0),
            "end_month": data.get("end_month", 6),
            "start_date": start_date,
            "smart": Smart(**{k: smart_data.get(k, "") for k in Smart.LETTERS}),
            "milestones": milestones,
            "skills": list(data.get("skills") or []),
            "leads_to": data.get("leads_to") or None,
        }
        if data.get("id"):
            kwargs["id"] = str(data["id"])
        return cls(**kwargs)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass
class Roadmap:
    """A student's roadmap: who it is for, the role aimed at, the goals, when it changed."""

    owner: str = ""  #: the student's name as they want it shown (never used as a path)
    role: str = ""  #: the role they are interviewing for
    employer: str = ""  #: the employer they are interviewing with
    goals: list[Goal] = field(default_factory=list)
    start_date: dt.date | None = None  #: the real date of month 0, for dated charts
    updated: dt.datetime = field(default_factory=_now)

    def __post_init__(self) -> None:
        for name in ("owner", "role", "employer"):
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, clean_text(value))

    # --- queries --------------------------------------------------------------------------
    def goal(self, goal_id: str) -> Goal:
        """The goal with this id (KeyError if absent)."""
        for g in self.goals:
            if g.id == goal_id:
                return g
        raise KeyError(goal_id)

    @property
    def short_term(self) -> list[Goal]:
        return [g for g in self.goals if g.horizon == Horizon.SHORT]

    @property
    def long_term(self) -> list[Goal]:
        return [g for g in self.goals if g.horizon == Horizon.LONG]

    def stepping_stones(self, goal_id: str) -> list[Goal]:
        """The short-term goals that lead to the long-term goal ``goal_id``."""
        return [g for g in self.short_term if g.leads_to == goal_id]

    # --- edits (each one stamps ``updated``) ------------------------------------------------
    def touch(self) -> None:
        self.updated = _now()

    def add(self, goal: Goal) -> Goal:
        """Validate and append a goal; raise ValidationError and change nothing if invalid."""
        if len(self.goals) >= MAX_GOALS:
            raise ValidationError(
                [
                    FieldError(
                        "goals",
                        f"A roadmap holds at most {MAX_GOALS} goals; "
                        "an interview answer needs far fewer.",
                    )
                ]
            )
        self._check_link(goal).validate()
        self.goals.append(goal)
        self.touch()
        return goal

    def replace(self, goal: Goal) -> Goal:
        """Validate and put ``goal`` in place of the goal with the same id."""
        for i, g in enumerate(self.goals):
            if g.id == goal.id:
                self._check_link(goal).validate()
                if goal.horizon == Horizon.SHORT and g.horizon == Horizon.LONG:
                    for step in self.stepping_stones(g.id):
                        step.leads_to = None  # its destination is no longer long-term
                self.goals[i] = goal
                self.touch()
                return goal
        raise KeyError(goal.id)

    def remove(self, goal_id: str) -> Goal:
        """Remove a goal; stepping stones that led to it are kept but unlinked."""
        goal = self.goal(goal_id)
        self.goals.remove(goal)
        for g in self.goals:
            if g.leads_to == goal_id:
                g.leads_to = None
        self.touch()
        return goal

    def move(self, goal_id: str, offset: int) -> None:
        """Move a goal up (negative) or down (positive) in the list."""
        goal = self.goal(goal_id)
        i = self.goals.index(goal)
        j = max(0, min(len(self.goals) - 1, i + offset))
        self.goals.insert(j, self.goals.pop(i))
        self.touch()

    def _check_link(self, goal: Goal) -> Goal:
        errs = self._link_errors(goal, "")
        if errs:
            raise ValidationError(errs)
        return goal

    def _link_errors(self, goal: Goal, prefix: str) -> list[FieldError]:
        if not goal.leads_to or goal.horizon != Horizon.SHORT:
            return []
        target = next((g for g in self.goals if g.id == goal.leads_to), None)
        if target is None or target.horizon != Horizon.LONG:
            return [FieldError(prefix + "leads_to", "Pick one of your long-term goals, or none.")]
        return []

    # --- validation ---------------------------------------------------------------------------
    def errors(self, *, today: dt.date | None = None) -> list[FieldError]:
        errs: list[FieldError] = []
        _check_text(errs, "owner", self.owner, "Your name", MAX_NAME, False)
        _check_text(errs, "role", self.role, "The role", MAX_TITLE, False)
        _check_text(errs, "employer", self.employer, "The employer", MAX_TITLE, False)
        _check_date(errs, "start_date", self.start_date, today or dt.date.today())
        if not isinstance(self.goals, list):
            return [*errs, FieldError("goals", "The goals are missing.")]
        if len(self.goals) > MAX_GOALS:
            errs.append(FieldError("goals", f"A roadmap holds at most {MAX_GOALS} goals."))
        seen: set[str] = set()
        for i, goal in enumerate(self.goals):
            prefix = f"goals[{i}]."
            if not isinstance(goal, Goal):
                errs.append(FieldError(f"goals[{i}]", "Not a goal."))
                continue
            if goal.id in seen:
                errs.append(FieldError(prefix + "id", "Two goals share one id."))
            seen.add(goal.id)
            errs.extend(goal.errors(today=today, prefix=prefix))
            errs.extend(self._link_errors(goal, prefix))
        return errs

    def validate(self, *, today: dt.date | None = None) -> Roadmap:
        """Raise :class:`ValidationError` naming every bad field; return self if valid."""
        errs = self.errors(today=today)
        if errs:
            raise ValidationError(errs)
        return self

    def advice(self) -> list[Advice]:
        """The article's softer rules this roadmap does not yet follow."""
        out: list[Advice] = []
        if not self.goals:
            return [
                Advice(
                    "empty",
                    "Start with one long-term goal you could reach within five "
                    "years at this employer, then add its first steps.",
                )
            ]
        if not self.long_term:
            out.append(
                Advice(
                    "no_long_term",
                    "Many small goals with no destination make a "
                    "career wander. Add a long-term goal they lead to.",
                )
            )
        if not self.short_term:
            out.append(
                Advice(
                    "no_short_term",
                    "A destination with no first steps stalls. Add "
                    "a short-term goal (1 to 12 months) leading to it.",
                )
            )
        for g in self.long_term:
            if _is_int(g.end_month) and g.end_month > INTERVIEW_WINDOW:
                out.append(
                    Advice(
                        "beyond_5_years",
                        f"“{g.title}” ends at month {g.end_month}. It is fine to dream "
                        "further, but in an interview keep to five years (60 months).",
                        g.id,
                    )
                )
            if self.short_term and not self.stepping_stones(g.id):
                out.append(
                    Advice(
                        "no_stepping_stone",
                        f"“{g.title}” has no stepping stone yet. Which short-term goal "
                        "gets you started on it?",
                        g.id,
                    )
                )
        if self.long_term:
            for g in self.short_term:
                if not g.leads_to:
                    out.append(
                        Advice(
                            "leads_nowhere",
                            f"“{g.title}” does not lead to a long-term goal yet. Link "
                            "it to one, or ask whether it belongs in your answer.",
                            g.id,
                        )
                    )
        unfinished = [g for g in self.goals if len(g.smart.answered()) < len(Smart.LETTERS)]
        if unfinished:
            out.append(
                Advice(
                    "smart_incomplete",
                    f"{counted(len(unfinished), 'goal')} "
                    f"{'has' if len(unfinished) == 1 else 'have'} SMART questions left to answer; "
                    "an interviewer finds a goal credible when all five are clear.",
                )
            )
        return out

    # --- plain data -------------------------------------------------------------------------
    def to_dict(self) -> RoadmapData:
        return {
            "owner": self.owner,
            "role": self.role,
            "employer": self.employer,
            "start_date": self.start_date.isoformat() if self.start_date else None,
            "updated": self.updated.isoformat(),
            "goals": [g.to_dict() for g in self.goals],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, validate: bool = True) -> Roadmap:
        """Build a roadmap from plain data (as stored in JSON), validated unless told not to."""
        if not isinstance(data, Mapping):
            raise ValidationError([FieldError("roadmap", "This is not a roadmap.")])
        errs: list[FieldError] = []
        goals: list[Goal] = []
        raw_goals = data.get("goals") or []
        if not isinstance(raw_goals, list):
            errs.append(FieldError("goals", "The goals are missing."))
            raw_goals = []
        for i, gd in enumerate(raw_goals):
            try:
                goals.append(Goal.from_dict(gd, prefix=f"goals[{i}]."))
            except ValidationError as exc:
                errs.extend(exc.errors)
        start_date = None
        if data.get("start_date"):
            try:
                start_date = dt.date.fromisoformat(str(data["start_date"]))
            except ValueError:
                errs.append(FieldError("start_date", "Use a date like 2027-03-01."))
        updated = _now()
        if data.get("updated"):
            try:
                updated = dt.datetime.fromisoformat(str(data["updated"]))
            except ValueError:
                errs.append(FieldError("updated", "Not a date and time."))
        if errs:
            raise ValidationError(errs)
        roadmap = cls(
            owner=data.get("owner", "") or "",
            role=data.get("role", "") or "",
            employer=data.get("employer", "") or "",
            goals=goals,
            start_date=start_date,
            updated=updated,
        )
        return roadmap.validate() if validate else roadmap

    def copy(self) -> Roadmap:
        """A deep copy, so a form can edit without touching the saved roadmap."""
        return Roadmap.from_dict(self.to_dict(), validate=False)


def field_names(cls: type) -> list[str]:
    """The data fields of a model class, for forms and CSV headers."""
    return [f.name for f in fields(cls)]
