"""The Career Goals Workbook: build a goal roadmap, see it on a 5-year timeline, check answers.

The public API is small on purpose; notebooks call only what is listed in ``__all__``.
Heavy or widget modules are imported lazily, so ``import workbook`` stays fast for the
command line and for a Voila kernel.
"""

from __future__ import annotations

import importlib
from typing import Any

from workbook.model import (
    Advice,
    FieldError,
    Goal,
    Horizon,
    Milestone,
    Roadmap,
    Smart,
    ValidationError,
)

__version__ = "0.1.0"

# name -> module that defines it, imported on first use
_LAZY: dict[str, str] = {
    "save_roadmap": "workbook.store",
    "load_roadmap": "workbook.store",
    "timeline_chart": "workbook.timeline",
    "describe": "workbook.timeline",
    "roadmap_builder": "workbook.ui.builder",
    # check() records the attempt with the student's work; exercises.check only judges it
    "check": "workbook.lessons",
    "hint": "workbook.exercises",
    "solution": "workbook.exercises",
    "progress": "workbook.lessons",  # of the work open in this kernel
    "quiz": "workbook.ui.quiz",
    "current_session": "workbook.session",
    "review": "workbook.coach",
    "smart": "workbook.coach",
    "compare": "workbook.coach",
    "coach_panel": "workbook.ui.coach_panel",
    "dashboard": "workbook.ui.dashboard",
    "reopen_when_requested": "workbook.session",
    # the chapters' helpers: every name a chapter notebook imports comes from here
    **{
        name: "workbook.lessons"
        for name in (
            "answer_outline",
            "ask",
            "consistency",
            "draft_box",
            "draft_text",
            "example_table",
            "judge_pitfall",
            "my_roadmap",
            "my_workbook",
            "resume",
            "roadmap_advice",
            "sample_roadmap",
            "save_draft",
            "save_goal",
            "set_target",
            "show_draft",
            "show_timeline",
            "spot_the_pitfall",
        )
    },
}

__all__ = [
    "Advice",
    "FieldError",
    "Goal",
    "Horizon",
    "Milestone",
    "Roadmap",
    "Smart",
    "ValidationError",
    *_LAZY,
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'workbook' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
