"""One goal: its SMART answers, milestones and skills, its checks and its plain-data form."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypedDict, cast

from workbook.model.rules import (
    AREAS,
    LONG_TERM_MAX_MONTH,
    MAX_MILESTONES,
    MAX_SKILL,
    MAX_SKILLS,
    MAX_TEXT,
    MAX_TITLE,
    SHORT_TERM_MAX_MONTH,
    FieldError,
    Horizon,
    ValidationError,
    check_date,
    check_month,
    check_text,
    clean_text,
    is_int,
    new_id,
)


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
        check_text(errs, p + "title", self.title, "The goal's title", MAX_TITLE, True)
        if not isinstance(self.horizon, Horizon):
            errs.append(FieldError(p + "horizon", "Choose short-term or long-term."))
        if not isinstance(self.area, str) or self.area not in AREAS:
            errs.append(FieldError(p + "area", "Choose one of the listed areas."))
        top, months_ok = self._month_errors(errs, p)
        check_date(errs, p + "start_date", self.start_date, today)
        smart = self.smart if isinstance(self.smart, Smart) else Smart()
        for letter in Smart.LETTERS:
            check_text(
                errs,
                f"{p}smart.{letter}",
                getattr(smart, letter),
                f"The {letter!r} answer",
                MAX_TEXT,
                False,
            )
        self._milestone_errors(errs, p, top, months_ok)
        if not isinstance(self.skills, list) or len(self.skills) > MAX_SKILLS:
            errs.append(FieldError(p + "skills", f"List at most {MAX_SKILLS} skills."))
        else:
            for i, skill in enumerate(self.skills):
                check_text(errs, f"{p}skills[{i}]", skill, "A skill", MAX_SKILL, True)
        if self.horizon == Horizon.LONG and self.leads_to:
            errs.append(FieldError(p + "leads_to", "Only a short-term goal leads to another."))
        return errs

    def _month_errors(self, errs: list[FieldError], p: str) -> tuple[int, bool]:
        """Check the start and end months; return the horizon's last month and whether both
        months are usable (so milestones can be checked against them)."""
        long_term = self.horizon == Horizon.LONG
        top = LONG_TERM_MAX_MONTH if long_term else SHORT_TERM_MAX_MONTH
        ok_start = check_month(errs, p + "start_month", self.start_month, "The start", top)
        ok_end = check_month(errs, p + "end_month", self.end_month, "The end", top)
        if not long_term and is_int(self.end_month) and self.end_month > SHORT_TERM_MAX_MONTH:
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
        return top, ok_start and ok_end

    def _milestone_errors(self, errs: list[FieldError], p: str, top: int, months_ok: bool) -> None:
        """Check each milestone, and that it falls within the goal when the goal's months do."""
        if not isinstance(self.milestones, list) or len(self.milestones) > MAX_MILESTONES:
            errs.append(FieldError(p + "milestones", f"Keep to {MAX_MILESTONES} milestones."))
            return
        for i, ms in enumerate(self.milestones):
            mp = f"{p}milestones[{i}]."
            if not isinstance(ms, Milestone):
                errs.append(FieldError(mp[:-1], "A milestone needs a title and a month."))
                continue
            check_text(errs, mp + "title", ms.title, "A milestone's title", MAX_TITLE, True)
            if (
                check_month(errs, mp + "month", ms.month, "A milestone", top)
                and months_ok
                and not self.start_month <= ms.month <= self.end_month
            ):
                errs.append(
                    FieldError(
                        mp + "month",
                        f"Milestone {ms.month} falls outside the goal (months "
                        f"{self.start_month} to {self.end_month}).",
                    )
                )

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
