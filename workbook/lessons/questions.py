"""Exercises in a chapter cell: :func:`ask` shows a question with the ids its answer uses, and
:func:`check` is :func:`workbook.exercises.check` with the attempt kept with the student's work,
so the dashboard's :func:`progress` counts answers checked in a cell like those in a quiz."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook.content import ContentError
from workbook.exercises import (
    Progress,
    QuestionError,
    Result,
    get_question,
)
from workbook.exercises import check as check_answer
from workbook.exercises import progress as count_progress
from workbook.html import escape
from workbook.lessons.common import Note, open_session

if TYPE_CHECKING:
    from workbook.session import Session

__all__ = ["QuestionView", "ask", "check", "progress"]

log = logging.getLogger(__name__)


def check(question_id: str, answer: Any, *, session: Session | None = None) -> Result:
    """:func:`workbook.exercises.check`, and the attempt is kept with the student's work.

    The dashboard's progress then counts answers checked in a cell, like those in a quiz.
    Not-attempted and unreadable answers are shown but not kept.
    """
    result = check_answer(question_id, answer)
    if result.counts_as_attempt:
        s = open_session(session)
        try:
            s.record_result(result)
        except Exception:  # the feedback matters more than the record; the next save retries
            log.warning("Could not keep the attempt at %s", question_id, exc_info=True)
    return result


def progress(session: Session | list[Any] | None = None, *, base: Path | None = None) -> Progress:
    """Attempted and correct questions per chapter: the work open in this kernel unless a
    Session or a list of attempt dicts is given (see :func:`workbook.exercises.progress`)."""
    if isinstance(session, list):
        attempts = session
    elif session is not None:
        attempts = session.work.attempts
    else:
        try:
            attempts = open_session().work.attempts
        except Exception:  # no saved work yet, or it cannot be read: nothing attempted
            log.debug("Could not open the saved work to count attempts", exc_info=True)
            attempts = []
    return count_progress(attempts, base=base)


@dataclass(frozen=True)
class QuestionView:
    """A question's prompt and the ids a student types into ``check()``, read from ``data/``."""

    question_id: str  #: the id to pass to check()
    prompt: str  #: the question itself
    lines: tuple[str, ...]  #: one line per choice, item, category or step, with its id
    how: str  #: what form the answer takes in code

    def __repr__(self) -> str:
        body = [f"{self.prompt}", *(f"  {line}" for line in self.lines), self.how]
        return "\n".join(body)

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{escape(line)}</li>" for line in self.lines)
        return (
            f"<div class='wb-ask' style='border-left:4px solid #0969da;padding:4px 10px'>"
            f"<p><b>{escape(self.prompt)}</b></p><ul>{items}</ul>"
            f"<p><i>{escape(self.how)}</i></p></div>"
        )


_HOW = {
    "single": "Answer with the id of one choice, in quotes.",
    "multiple": "Answer with a list of choice ids, in square brackets.",
    "classify": "Answer with a dictionary from each item id to a category id.",
    "order": "Answer with a list of every step id, first to last.",
    "rubric": "Answer with a sentence or two of text.",
}


def ask(question_id: str) -> QuestionView | Note:
    """Show a question with the ids its answer uses, so a check() cell can be edited."""
    try:
        q = get_question(question_id)
    except (QuestionError, ContentError) as exc:
        return Note(False, str(exc))
    if q.type == "classify":
        lines = [f"item {i.id!r}: {i.text}" for i in q.items]
        lines += [f"category {c.id!r}: {c.text}" for c in q.categories]
    else:
        lines = [f"{o.id!r}: {o.text}" for o in q.options]
    return QuestionView(q.id, q.prompt, tuple(lines), _HOW[q.type])
