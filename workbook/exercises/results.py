"""What a check, a hint or a solution gives back: plain text for logs and the console, escaped
HTML for Jupyter and Voila, through the one message box that escapes every piece of text
(:func:`workbook.html.message_box`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from workbook.html import message_box

__all__ = ["Hint", "Result", "Solution", "Status"]


class Status(StrEnum):
    """How an answer fared; compares equal to its plain string."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    PARTIAL = "partial"
    NOT_ATTEMPTED = "not attempted"
    ERROR = "error"


_LOOK = {
    Status.CORRECT: ("✓", "Correct", "#1a7f37"),
    Status.PARTIAL: ("◐", "Partly right", "#9a6700"),
    Status.INCORRECT: ("✗", "Not yet", "#cf222e"),
    Status.NOT_ATTEMPTED: ("…", "Not attempted", "#57606a"),
    Status.ERROR: ("!", "Cannot check", "#8250df"),
}


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer, worded for the student."""

    question_id: str  #: the question checked (as given, if it was not found)
    status: Status  #: correct, incorrect, partial, not attempted, or error (see :class:`Status`)
    message: str  #: what this answer got right or wrong, without giving the answer away
    score: float = 0.0  #: 0 to 1; partial credit for multiple, classify, order and rubric
    details: tuple[str, ...] = ()  #: feedback lines about particular picks, items or criteria
    answer: Any = None  #: the answer as understood (ids, dict, text): JSON-able, for saving

    @property
    def correct(self) -> bool:
        """True only for a fully correct answer."""
        return self.status is Status.CORRECT

    @property
    def counts_as_attempt(self) -> bool:
        """An answer was given and read (correct, partly or not): kept with the student's work.
        A not-attempted or unreadable answer is shown but not kept."""
        return self.status in (Status.CORRECT, Status.PARTIAL, Status.INCORRECT)

    @property
    def text(self) -> str:
        """Message and details as plain text."""
        return "\n".join([self.message, *(f"- {d}" for d in self.details)])

    def __repr__(self) -> str:
        return f"{self.question_id}: {self.status} ({self.score:.0%})\n{self.text}"

    def _repr_html_(self) -> str:
        mark, label, colour = _LOOK[self.status]
        css = f"wb-result wb-result-{self.status.name.lower()}"
        return message_box(
            css, colour, self.message, heading=f"{mark} {label}.", lines=self.details
        )


@dataclass(frozen=True)
class Hint:
    """One tier of help; later tiers say more but never give the whole answer."""

    question_id: str  #: the question it helps with
    level: int  #: which tier this is, from 1 (0 when the question was not found)
    total: int  #: how many tiers the question has
    text: str  #: the hint itself
    note: str = ""  #: e.g. "that was the last hint", or why there is no hint

    def __repr__(self) -> str:
        head = f"Hint {self.level} of {self.total}: " if self.level else ""
        return (head + self.text + (f"\n({self.note})" if self.note else "")).strip()

    def _repr_html_(self) -> str:
        head = f"Hint {self.level} of {self.total}:" if self.level else "Hint:"
        note = [self.note] if self.note else []
        return message_box("wb-hint-block", "#0969da", self.text, heading=head, lines=note)


@dataclass(frozen=True)
class Solution:
    """The model answer, shown when the student asks for it."""

    question_id: str  #: the question it answers
    answer: tuple[str, ...]  #: the correct answer, one line per choice, item or step
    text: str  #: the worked solution: why this answer
    explanation: str = ""  #: the wider point the question makes
    note: str = ""  #: why there is no solution (unknown question), else empty

    def __repr__(self) -> str:
        if self.note:
            return self.note
        lines = ["Solution:", *(f"  {a}" for a in self.answer), self.text]
        return "\n".join(lines + ([self.explanation] if self.explanation else []))

    def _repr_html_(self) -> str:
        if self.note:
            return message_box("wb-solution-block", "#8250df", self.note, heading="Solution:")
        body = self.text + (" " + self.explanation if self.explanation else "")
        return message_box(
            "wb-solution-block", "#57606a", body, heading="Solution:", lines=self.answer
        )
