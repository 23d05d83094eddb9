"""Quiz questions from ``data/questions/`` and the checks a notebook calls: ``check("ch3-x", "b")``.

Three parts, each small enough to read at once:

* :mod:`~workbook.exercises.bank` (with :mod:`~workbook.exercises.schema`): the question bank,
  loaded from the instructors' files and validated;
* :mod:`~workbook.exercises.checks` (with :mod:`~workbook.exercises.answers`, which reads
  forgiving answer forms): the checks table, one function per question type, and
  :func:`check`, :func:`hint`, :func:`solution`;
* :mod:`~workbook.exercises.results` and :mod:`~workbook.exercises.progress`: what comes back,
  as plain text and as escaped HTML.

It never imports widgets or the kernel session: the quiz view in ``workbook.ui.quiz``, the
notebooks, the command line and the tests share one implementation. :func:`check` here only
judges an answer; :func:`workbook.check`, the one the notebooks call, also keeps the attempt.

Bad input never raises from ``check``/``hint``/``solution``: an unknown question id or an answer
that cannot be read gives a :class:`Result` (or :class:`Hint`/:class:`Solution`) whose status is
``"error"`` and whose message says what to do, so a notebook never shows a traceback. Code that
wants an exception instead calls :func:`get_question`, which raises :class:`QuestionError`.
"""

from __future__ import annotations

from workbook.exercises.bank import (
    Option,
    Question,
    QuestionBank,
    QuestionError,
    get_question,
    load_questions,
    question_ids,
)
from workbook.exercises.checks import (
    MAX_FREE_TEXT,
    Criterion,
    check,
    hint,
    smart_criteria,
    solution,
)
from workbook.exercises.progress import ChapterProgress, Progress, progress
from workbook.exercises.results import Hint, Result, Solution, Status
from workbook.exercises.schema import FILE_SCHEMA, QUESTION_TYPES

__all__ = [
    "FILE_SCHEMA",
    "MAX_FREE_TEXT",
    "QUESTION_TYPES",
    "ChapterProgress",
    "Criterion",
    "Hint",
    "Option",
    "Progress",
    "Question",
    "QuestionBank",
    "QuestionError",
    "Result",
    "Solution",
    "Status",
    "check",
    "get_question",
    "hint",
    "load_questions",
    "progress",
    "question_ids",
    "smart_criteria",
    "solution",
]
