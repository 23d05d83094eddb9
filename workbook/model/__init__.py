"""The student's goal roadmap: plain typed data, its validation and the article's advice.

Nothing here knows about widgets, files or charts, so the form, the storage, the timeline and
the command line all share one definition of what a valid roadmap is.

Two kinds of feedback, on purpose:

* ``validate()`` raises :class:`ValidationError` for things that are simply wrong (an empty
  title, an end before its start, a short-term goal in month 61, a date in 1850). Each problem
  names the field and says how to fix it.
* ``Roadmap.advice()`` lists the article's softer rules (a long-term goal with no stepping stone,
  a horizon past five years). A roadmap being built is allowed to break them for a while.

Where each part lives: :mod:`.rules` (the limits, horizons and areas, the errors and advice a
student sees), :mod:`.goal` (one goal) and :mod:`.roadmap` (the goals together). Everything
public is importable from here.
"""

from __future__ import annotations

from workbook.model.goal import (
    Goal,
    GoalData,
    Milestone,
    MilestoneData,
    Smart,
    SmartData,
)
from workbook.model.roadmap import (
    Roadmap,
    RoadmapData,
)
from workbook.model.rules import (
    AREAS,
    DATE_SPAN_YEARS,
    INTERVIEW_WINDOW,
    LONG_TERM_MAX_MONTH,
    LONG_TERM_TYPES,
    MAX_GOALS,
    MAX_MILESTONES,
    MAX_NAME,
    MAX_SKILL,
    MAX_SKILLS,
    MAX_TEXT,
    MAX_TITLE,
    SHORT_TERM_MAX_MONTH,
    Advice,
    FieldError,
    Horizon,
    ValidationError,
    clean_text,
    field_names,
    new_id,
)

__all__ = [
    "AREAS",
    "DATE_SPAN_YEARS",
    "INTERVIEW_WINDOW",
    "LONG_TERM_MAX_MONTH",
    "LONG_TERM_TYPES",
    "MAX_GOALS",
    "MAX_MILESTONES",
    "MAX_NAME",
    "MAX_SKILL",
    "MAX_SKILLS",
    "MAX_TEXT",
    "MAX_TITLE",
    "SHORT_TERM_MAX_MONTH",
    "Advice",
    "FieldError",
    "Goal",
    "GoalData",
    "Horizon",
    "Milestone",
    "MilestoneData",
    "Roadmap",
    "RoadmapData",
    "Smart",
    "SmartData",
    "ValidationError",
    "clean_text",
    "field_names",
    "new_id",
]
