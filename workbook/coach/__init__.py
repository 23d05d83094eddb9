"""The coach: reviews a free-text answer to "What are your career goals?", and checks goals
against SMART. Findings quote the words behind them; no widgets here, so the command line,
the notebooks and the tests share one implementation.

    >>> from workbook.coach import review, smart
    >>> [f.code for f in review("In ten years I want to be a director.").pitfalls]
    ['beyond_5_years', 'no_short_term']

The cues live in ``data/coach/*.yaml`` where instructors can read and change them; how much
each counts is learned from labelled answers into ``data/coach/weights.json``.
"""

from __future__ import annotations

from workbook.coach.cli import cli_review, cli_review_args
from workbook.coach.comparison import Comparison, compare
from workbook.coach.results import (
    Evidence,
    Finding,
    Numbers,
    Review,
    RoadmapIssue,
    TalkingPoint,
)
from workbook.coach.review import review
from workbook.coach.rules import PITFALL_CODES, load_rules, sample_job_ads
from workbook.coach.smart_report import Criterion, SmartReport, smart

__all__ = [
    "PITFALL_CODES",
    "Comparison",
    "Criterion",
    "Evidence",
    "Finding",
    "Numbers",
    "Review",
    "RoadmapIssue",
    "SmartReport",
    "TalkingPoint",
    "cli_review",
    "cli_review_args",
    "compare",
    "load_rules",
    "review",
    "sample_job_ads",
    "smart",
]
