"""Small helpers the chapter notebooks call, so that every notebook cell stays a line or two.

The notebooks teach; the logic lives here, where it is tested like any other module, and each
helper is a thin layer over the pure parts (the exercises, the coach, the timeline) and the
session. Each returns an object that shows itself (plain text for the console, escaped HTML
for Jupyter and Voila) and none of them raises for what a student typed. The notebooks import
them through ``workbook`` (``from workbook import check, save_goal``).

What is here, by chapter:

* every chapter (:mod:`~workbook.lessons.work`, :mod:`~workbook.lessons.questions`):
  :func:`my_workbook`, :func:`resume`, :func:`ask` (a question with the ids its answer uses)
  and :func:`check` (the exercise check, with the attempt kept for the dashboard's progress);
* 0: :func:`set_target`, the role and employer every later chapter tests goals against;
* 1-7 (:mod:`~workbook.lessons.drafts`): :func:`save_draft` / :func:`show_draft` /
  :func:`draft_text` / :func:`draft_box` keep the student's written answers;
* 3-4: :func:`save_goal`, :func:`show_timeline` and :func:`roadmap_advice`;
* 5 (:mod:`~workbook.lessons.examples`): :func:`example_pairs`, :func:`example_table` and
  :func:`sample_roadmap`, from ``data/examples/pairs.yaml``;
* 6 (:mod:`~workbook.lessons.pitfalls`): :func:`spot_the_pitfall` and :func:`judge_pitfall`;
* 7 (:mod:`~workbook.lessons.final_answer`): :func:`answer_outline` (the coach's outline) and
  :func:`consistency` with the other future-focused answers and the roadmap.
"""

from __future__ import annotations

from workbook.lessons.common import Note
from workbook.lessons.drafts import (
    DRAFT_ANSWER,
    DRAFT_FIVE_YEARS,
    DRAFT_MOTIVATION,
    DRAFT_PROOF,
    DRAFT_ROUGH,
    DRAFT_SMART,
    draft_box,
    draft_text,
    save_draft,
    show_draft,
)
from workbook.lessons.examples import PAIRS_SCHEMA, example_pairs, example_table, sample_roadmap
from workbook.lessons.final_answer import (
    CONSISTENCY_SCHEMA,
    Consistency,
    ConsistencyCheck,
    answer_outline,
    consistency,
)
from workbook.lessons.pitfalls import (
    PITFALLS_SCHEMA,
    PitfallVerdict,
    judge_pitfall,
    pitfall_answers,
    pitfalls,
    spot_the_pitfall,
)
from workbook.lessons.questions import QuestionView, ask, check, progress
from workbook.lessons.work import (
    TimelineView,
    my_roadmap,
    my_workbook,
    resume,
    roadmap_advice,
    save_goal,
    set_target,
    show_timeline,
)

__all__ = [
    "CONSISTENCY_SCHEMA",
    "DRAFT_ANSWER",
    "DRAFT_FIVE_YEARS",
    "DRAFT_MOTIVATION",
    "DRAFT_PROOF",
    "DRAFT_ROUGH",
    "DRAFT_SMART",
    "PAIRS_SCHEMA",
    "PITFALLS_SCHEMA",
    "Consistency",
    "ConsistencyCheck",
    "Note",
    "PitfallVerdict",
    "QuestionView",
    "TimelineView",
    "answer_outline",
    "ask",
    "check",
    "consistency",
    "draft_box",
    "draft_text",
    "example_pairs",
    "example_table",
    "judge_pitfall",
    "my_roadmap",
    "my_workbook",
    "pitfall_answers",
    "pitfalls",
    "progress",
    "resume",
    "roadmap_advice",
    "sample_roadmap",
    "save_draft",
    "save_goal",
    "set_target",
    "show_draft",
    "show_timeline",
    "spot_the_pitfall",
]
