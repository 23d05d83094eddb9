"""The class's tables and the summaries an instructor reads from them (pandas, loaded only when
a summary is asked for)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NotRequired, TypedDict

from workbook.model import Smart

if TYPE_CHECKING:
    import pandas as pd

WORDS_PER_MINUTE = 140


class SteppingStones(TypedDict):
    """How many long-term goals have a stepping stone: :meth:`ClassTables.stepping_stones`."""

    long_term_goals: int
    with_stepping_stones: int
    share: float | None  #: ``None`` when there is no long-term goal


class AnswerStats(TypedDict):
    """Answer length and speaking time: :meth:`ClassTables.answer_stats`; only ``answers``
    when nobody drafted one."""

    answers: int
    median_words: NotRequired[float]
    median_seconds: NotRequired[float]
    under_30_s: NotRequired[int]
    over_2_min: NotRequired[int]


@dataclass
class ClassTables:
    """Tables (pandas) summarising one workshop, and the summaries drawn from them."""

    folder: Path
    students: pd.DataFrame  #: one row per student (anonymised), the CSV export
    goals: pd.DataFrame  #: one row per goal
    attempts: pd.DataFrame  #: one row per quiz attempt
    findings: pd.DataFrame  #: coach finding codes: how many answers have each
    skipped: list[tuple[str, str]] = field(default_factory=list)  #: (file name, reason)
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    # --- the summaries ------------------------------------------------------------------
    def goals_by_area(self) -> pd.DataFrame:
        """Goals per area (rows) and horizon (columns)."""
        import pandas as pd

        if self.goals.empty:
            return pd.DataFrame(columns=["short-term", "long-term"])
        table = pd.crosstab(self.goals["area"], self.goals["horizon"])
        return table.reindex(columns=["short-term", "long-term"], fill_value=0)

    def stepping_stones(self) -> SteppingStones:
        """How many long-term goals have at least one stepping stone."""
        if not len(self.goals):
            return {"long_term_goals": 0, "with_stepping_stones": 0, "share": None}
        long_term = self.goals[self.goals["horizon"] == "long-term"]
        total = len(long_term)
        with_steps = int((long_term["stepping_stones"] > 0).sum()) if total else 0
        return {
            "long_term_goals": total,
            "with_stepping_stones": with_steps,
            "share": round(with_steps / total, 3) if total else None,
        }

    def smart_completeness(self) -> pd.DataFrame:
        """How many goals have 0..5 SMART answers filled in."""
        import pandas as pd

        counts = self.goals["smart_answered"].value_counts() if len(self.goals) else pd.Series()
        return (
            counts.reindex(range(len(Smart.LETTERS) + 1), fill_value=0)
            .rename_axis("SMART answers")
            .to_frame("goals")
        )

    def quiz_results(self) -> pd.DataFrame:
        """Per question: students who tried, got it right in the end, right first time."""
        import pandas as pd

        cols = ["students", "correct_in_the_end", "correct_first_try", "share_correct"]
        if self.attempts.empty:
            return pd.DataFrame(columns=cols)
        ordered = self.attempts.sort_values("at", kind="stable")
        per_student = ordered.groupby(["question", "student"], sort=False)
        first = per_student["status"].first().eq("correct")
        ever = per_student["status"].agg(lambda s: bool((s == "correct").any()))
        table = pd.DataFrame(
            {
                "students": ever.groupby(level="question").size(),
                "correct_in_the_end": ever.groupby(level="question").sum(),
                "correct_first_try": first.groupby(level="question").sum(),
            }
        )
        table["share_correct"] = (table["correct_in_the_end"] / table["students"]).round(2)
        return table.sort_values(["share_correct", "students"], ascending=[True, False])

    def answer_stats(self) -> AnswerStats:
        """Answer length and speaking time across the students who drafted one."""
        if not len(self.students):
            return {"answers": 0}
        words = self.students["answer_words"].dropna()
        if not len(words):
            return {"answers": 0}
        seconds = words / WORDS_PER_MINUTE * 60
        return {
            "answers": len(words),
            "median_words": float(words.median()),
            "median_seconds": round(float(seconds.median()), 1),
            "under_30_s": int((seconds < 30).sum()),
            "over_2_min": int((seconds > 120).sum()),
        }
