"""The roadmap: who it is for, its goals and the links between them, its checks and the
article's softer advice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

from workbook.model.goal import Goal, GoalData, Smart
from workbook.model.rules import (
    INTERVIEW_WINDOW,
    MAX_GOALS,
    MAX_NAME,
    MAX_TITLE,
    Advice,
    FieldError,
    Horizon,
    ValidationError,
    check_date,
    check_text,
    clean_text,
    is_int,
    now,
)
from workbook.text import counted


class RoadmapData(TypedDict):
    """A :class:`Roadmap` as plain data, as a save file and an exported ``.json`` hold it."""

    owner: str
    role: str
    employer: str
    start_date: str | None
    updated: str
    goals: list[GoalData]


@dataclass
class Roadmap:
    """A student's roadmap: who it is for, the role aimed at, the goals, when it changed."""

    owner: str = ""  #: the student's name as they want it shown (never used as a path)
    role: str = ""  #: the role they are interviewing for
    employer: str = ""  #: the employer they are interviewing with
    goals: list[Goal] = field(default_factory=list)
    start_date: dt.date | None = None  #: the real date of month 0, for dated charts
    updated: dt.datetime = field(default_factory=now)

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
        self.updated = now()

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
        check_text(errs, "owner", self.owner, "Your name", MAX_NAME, False)
        check_text(errs, "role", self.role, "The role", MAX_TITLE, False)
        check_text(errs, "employer", self.employer, "The employer", MAX_TITLE, False)
        check_date(errs, "start_date", self.start_date, today or dt.date.today())
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
        if not self.goals:
            return [
                Advice(
                    "empty",
                    "Start with one long-term goal you could reach within five "
                    "years at this employer, then add its first steps.",
                )
            ]
        out: list[Advice] = []
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
        out += self._link_advice()
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

    def _link_advice(self) -> list[Advice]:
        """Per goal: a destination too far off or with no first step, a step leading nowhere."""
        out: list[Advice] = []
        for g in self.long_term:
            if is_int(g.end_month) and g.end_month > INTERVIEW_WINDOW:
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
            out += [
                Advice(
                    "leads_nowhere",
                    f"“{g.title}” does not lead to a long-term goal yet. Link "
                    "it to one, or ask whether it belongs in your answer.",
                    g.id,
                )
                for g in self.short_term
                if not g.leads_to
            ]
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
        updated = now()
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
