"""Attempted and correct questions, chapter by chapter, counted from saved attempts.

The attempts are handed in (a list of the dicts :meth:`workbook.session.Session.record_attempt`
keeps): this module never reaches for the kernel's session, so the command line, the tests
and :func:`workbook.lessons.progress` (which passes the work open in the kernel) count alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.exercises.bank import load_questions
from workbook.exercises.results import Status
from workbook.html import escape

__all__ = ["ChapterProgress", "Progress", "progress"]


@dataclass(frozen=True)
class ChapterProgress:
    """How far a student has got with one chapter's questions."""

    chapter: int  #: chapter number
    title: str  #: chapter title from its question file
    questions: int  #: how many questions the chapter has
    attempted: int  #: questions with at least one checked answer
    correct: int  #: questions answered correctly at least once


@dataclass(frozen=True)
class Progress:
    """Attempted and correct questions, chapter by chapter."""

    chapters: tuple[ChapterProgress, ...] = field(default_factory=tuple)

    @property
    def questions(self) -> int:
        """Questions in the whole workbook."""
        return sum(c.questions for c in self.chapters)

    @property
    def attempted(self) -> int:
        """Questions attempted at least once."""
        return sum(c.attempted for c in self.chapters)

    @property
    def correct(self) -> int:
        """Questions answered correctly at least once."""
        return sum(c.correct for c in self.chapters)

    def __repr__(self) -> str:
        rows = [
            f"{c.chapter:>2}. {c.title}: {c.correct}/{c.questions} correct, {c.attempted} attempted"
            for c in self.chapters
        ]
        rows.append(f"Total: {self.correct}/{self.questions} correct, {self.attempted} attempted")
        return "\n".join(rows)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><td>{c.chapter}</td><td>{escape(c.title)}</td><td>{c.attempted}</td>"
            f"<td>{c.correct}</td><td>{c.questions}</td></tr>"
            for c in self.chapters
        )
        return (
            '<table class="wb-progress"><thead><tr><th>Chapter</th><th></th><th>Attempted</th>'
            f"<th>Correct</th><th>Questions</th></tr></thead><tbody>{rows}</tbody>"
            f"<tfoot><tr><td></td><td>Total</td><td>{self.attempted}</td><td>{self.correct}</td>"
            f"<td>{self.questions}</td></tr></tfoot></table>"
        )


def progress(attempts: Iterable[Any] | None, *, base: Path | None = None) -> Progress:
    """Attempted and correct questions per chapter, from saved attempt dicts.

    None counts nothing; entries that are not dicts, and attempts at questions that no longer
    exist, are ignored (a save file edited by hand must not break the count).
    """
    bank = load_questions(base)
    attempted: set[str] = set()
    correct: set[str] = set()
    for attempt in attempts or ():
        if not isinstance(attempt, Mapping):
            continue
        qid = attempt.get("question")
        if isinstance(qid, str) and qid in bank.questions:
            attempted.add(qid)
            if attempt.get("status") == Status.CORRECT:
                correct.add(qid)
    chapters = []
    for number, title in sorted(bank.titles.items()):
        ids = bank.ids(number)
        chapters.append(
            ChapterProgress(
                number,
                title,
                len(ids),
                sum(1 for i in ids if i in attempted),
                sum(1 for i in ids if i in correct),
            )
        )
    return Progress(tuple(chapters))
