"""The student's work from a chapter cell: where it stands (:func:`my_workbook`), opening it
under a personal code (:func:`resume`), the target role (:func:`set_target`, chapter 0), goals
saved under a stable key (:func:`save_goal`, chapters 3-4) and the roadmap shown on the
five-year timeline (:func:`show_timeline`) with the article's advice (:func:`roadmap_advice`).

None of them raises for what a student typed: a goal that does not validate comes back as a
:class:`~workbook.lessons.common.Note` saying which field to fix, and nothing is saved.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbook.html import escape
from workbook.lessons.common import Note, open_session, save_work
from workbook.model import Goal, Roadmap, ValidationError, clean_text
from workbook.text import counted

if TYPE_CHECKING:
    from workbook.session import Session

__all__ = [
    "TimelineView",
    "my_roadmap",
    "my_workbook",
    "resume",
    "roadmap_advice",
    "save_goal",
    "set_target",
    "show_timeline",
]


def my_workbook(*, session: Session | None = None) -> Note:
    """Where the student's work stands: how much is saved, under which personal code."""
    s = open_session(session)
    goals, drafts = len(s.roadmap.goals), {d.get("name") for d in s.work.drafts}
    lines = tuple(filter(None, [s.notice]))
    if s.code:
        message = (
            f"Your workbook (personal code {s.code}): {counted(goals, 'goal')} on your roadmap "
            f"and {counted(len(drafts), 'written answer')}. It is saved as you go."
        )
        return Note(True, message, lines)
    message = (
        "A fresh workbook: nothing saved yet. Your first saved answer or goal gives you a "
        'personal code. Already have one? Run resume("your-code") in the next cell.'
    )
    return Note(True, message, lines)


def resume(code: str, *, session: Session | None = None) -> Note:
    """Open the work saved under a personal code (on a shared server each chapter asks once)."""
    from workbook.store import StoreError

    s = open_session(session)
    try:
        s.resume(code)
    except (StoreError, ValueError, TypeError) as exc:
        return Note(False, f"That did not open: {exc}")
    return my_workbook(session=s)


def set_target(
    role: Any = "", employer: Any = "", *, name: Any = "", session: Session | None = None
) -> Note:
    """Record the role and employer the student is preparing for (and, if given, their name)."""
    s = open_session(session)
    candidate = s.roadmap.copy()
    for attr, value in (("role", role), ("employer", employer), ("owner", name)):
        if value:
            setattr(candidate, attr, clean_text(value) if isinstance(value, str) else value)
    errors = candidate.errors()
    if errors:
        return Note(
            False, "Not saved yet; fix this and run the cell again:", tuple(map(str, errors))
        )
    s.roadmap.role, s.roadmap.employer, s.roadmap.owner = (
        candidate.role,
        candidate.employer,
        candidate.owner,
    )
    problem = save_work(s)
    target = " at ".join(filter(None, [s.roadmap.role, s.roadmap.employer])) or "no role yet"
    return Note(problem is None, problem or f"Saved. You are preparing for: {target}.")


def my_roadmap(*, session: Session | None = None) -> Roadmap:
    """The student's roadmap, for the coach to compare an answer with."""
    return open_session(session).roadmap


def save_goal(
    key: str,
    title: Any,
    *,
    horizon: str = "short-term",
    area: str = "professional",
    start_month: Any = 0,
    end_month: Any = 6,
    leads_to: str | None = None,
    session: Session | None = None,
) -> Note:
    """Add a goal to the student's roadmap, or update the goal saved earlier under ``key``.

    A stable key makes a notebook cell safe to run twice. SMART answers, milestones and skills
    the student gave the goal elsewhere (the roadmap builder) are kept.
    """
    s = open_session(session)
    roadmap: Roadmap = s.roadmap
    old = next((g for g in roadmap.goals if g.id == key), None)
    goal = Goal(
        title=title if isinstance(title, str) else "",
        horizon=horizon,  # type: ignore[arg-type]  # checked by validate()
        area=area,
        start_month=start_month,
        end_month=end_month,
        leads_to=leads_to or None,
        id=key,
    )
    if old is not None:
        goal.smart, goal.milestones, goal.skills = old.smart, old.milestones, old.skills
    try:
        if old is None:
            roadmap.add(goal)
        else:
            roadmap.replace(goal)
    except ValidationError as exc:
        lines = tuple(f"{e.field.split('.')[-1]}: {e.message}" for e in exc.errors)
        return Note(False, "Not saved yet; fix this and run the cell again:", lines)
    problem = save_work(s)
    kind = "long-term goal" if goal.is_long_term else "stepping stone"
    verb = "Updated" if old is not None else "Added"
    message = (
        f"{verb} the {kind} “{goal.title}” (months {goal.start_month} to {goal.end_month}). "
        f"Your roadmap now holds {counted(len(roadmap.goals), 'goal')}."
    )
    return Note(problem is None, message, (problem,) if problem else ())


def roadmap_advice(*, session: Session | None = None) -> Note:
    """The article's softer rules the student's roadmap does not follow yet."""
    advice = open_session(session).roadmap.advice()
    if not advice:
        return Note(True, "Your roadmap follows every rule of thumb in this workbook.")
    return Note(False, "Things to look at on your roadmap:", tuple(a.message for a in advice))


@dataclass(frozen=True)
class TimelineView:
    """The roadmap's chart as a PNG, with the same content in words for screen readers."""

    png: bytes  #: the chart
    description: str  #: everything the chart shows, as text

    def __repr__(self) -> str:
        return self.description

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        first = escape(self.description.splitlines()[0] if self.description else "")
        text = escape(self.description)
        return (
            f"<figure class='wb-timeline' style='margin:0'><img alt='{first}' "
            f"src='data:image/png;base64,{data}' style='max-width:100%'/>"
            f"<details><summary>The timeline in words</summary><pre style='white-space:"
            f"pre-wrap'>{text}</pre></details></figure>"
        )


def show_timeline(
    roadmap: Roadmap | None = None, *, session: Session | None = None
) -> TimelineView:
    """Draw a roadmap (the student's own unless one is given) on the five-year timeline."""
    from workbook.export import PREVIEW_DPI, chart_bytes
    from workbook.timeline import describe

    if roadmap is None:
        roadmap = open_session(session).roadmap
    png = chart_bytes(roadmap, "png", dates=False, dpi=PREVIEW_DPI, fast=True)
    return TimelineView(png, describe(roadmap))
