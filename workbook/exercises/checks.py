"""The checks table: one function per question type, and :func:`check`, :func:`hint` and
:func:`solution` over them. Feedback is written for the very answer given, never the answer
itself; bad input never raises (an unknown id or an unreadable answer is an ``"error"`` result
whose message says what to do)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbook.content import ContentError
from workbook.exercises.answers import Unreadable, blank, lookup, many, not_attempted, pairs
from workbook.exercises.bank import Question, QuestionError, clip, load_questions
from workbook.exercises.results import Hint, Result, Solution, Status
from workbook.text import counted

if TYPE_CHECKING:
    from workbook.coach.smart_report import SmartReport

__all__ = [
    "CHECKS",
    "MAX_FREE_TEXT",
    "Analyser",
    "Criterion",
    "check",
    "hint",
    "smart_criteria",
    "solution",
]

MAX_FREE_TEXT = 5000  # longer free-text answers are judged on their first 5,000 characters

#: what judges a rubric answer: :func:`workbook.coach.smart`, or a stand-in given to check()
Analyser = Callable[[str], "SmartReport"]


def _verb(n: int, one: str, many_: str) -> str:
    return one if n == 1 else many_


def _found(q: Question) -> tuple[str, ...]:
    """What a correct answer is told besides the message: the question's wider point."""
    return (q.explanation,) if q.explanation else ()


def check_single(q: Question, answer: Any) -> Result:
    """One choice: right or wrong, with that choice's own feedback."""
    if isinstance(answer, list | tuple) and len(answer) == 1:
        answer = answer[0]
    if isinstance(answer, list | tuple | set | frozenset):
        raise Unreadable("Pick just one choice for this question.")
    picked = lookup(q, "choices", answer, "choice")
    if picked.id == q.answer:
        return Result(q.id, Status.CORRECT, picked.feedback, 1.0, _found(q), picked.id)
    again = ("Try another choice, or ask for a hint.",)
    return Result(q.id, Status.INCORRECT, picked.feedback, 0.0, again, picked.id)


def check_multiple(q: Question, answer: Any) -> Result:
    """Several choices: partial credit, where a wrong pick cancels a right one."""
    picked = list(dict.fromkeys(many(q, "choices", answer, "choice")))
    ids = [p.id for p in picked]
    right = [p for p in picked if p.id in q.answer]
    wrong = [p for p in picked if p.id not in q.answer]
    missing = len(q.answer) - len(right)
    if not wrong and not missing:
        details = tuple(p.feedback for p in right) + _found(q)
        return Result(q.id, Status.CORRECT, f"All {len(right)} picks belong.", 1.0, details, ids)
    parts = [
        f"{len(right)} of your {counted(len(picked), 'pick')} "
        f"{_verb(len(right), 'belongs', 'belong')}"
    ]
    if wrong:
        parts.append(f"{len(wrong)} {_verb(len(wrong), 'does', 'do')} not")
    if missing:
        parts.append(f"{counted(missing, 'more choice')} still to find")
    message = "; ".join(parts) + "."
    score = max(0, len(right) - len(wrong)) / len(q.answer)
    status = Status.PARTIAL if score > 0 else Status.INCORRECT
    return Result(q.id, status, message, score, tuple(p.feedback for p in wrong), ids)


def check_classify(q: Question, answer: Any) -> Result:
    """Items into categories: credit per item in its place, feedback on the misplaced ones."""
    placed: dict[str, str] = {}
    for item_key, cat_key in pairs(answer):
        item = lookup(q, "items", item_key, "item")
        if blank(cat_key):
            continue
        placed[item.id] = lookup(q, "categories", cat_key, "category").id
    wrong = [i for i in q.items if i.id in placed and placed[i.id] != q.answer[i.id]]
    right = sum(1 for i in q.items if placed.get(i.id) == q.answer[i.id])
    unplaced = len(q.items) - len(placed)
    total = len(q.items)
    ordered = {i.id: placed[i.id] for i in q.items if i.id in placed}
    if right == total:
        message = f"All {total} items are in the right place."
        return Result(q.id, Status.CORRECT, message, 1.0, _found(q), ordered)
    message = f"{right} of {total} items {_verb(right, 'is', 'are')} in the right place"
    if wrong:
        message += f"; {len(wrong)} {_verb(len(wrong), 'needs', 'need')} another look"
    if unplaced:
        message += f"; {unplaced} not placed yet"
    status = Status.PARTIAL if right else Status.INCORRECT
    feedback = tuple(i.feedback for i in wrong)
    return Result(q.id, status, message + ".", right / total, feedback, ordered)


def _longest_run(positions: Sequence[int]) -> int:
    """Length of the longest increasing subsequence: steps already in the right relative order."""
    best: list[int] = []
    for p in positions:
        lo, hi = 0, len(best)
        while lo < hi:
            mid = (lo + hi) // 2
            if best[mid] < p:
                lo = mid + 1
            else:
                hi = mid
        best[lo : lo + 1] = [p]
    return len(best)


def check_order(q: Question, answer: Any) -> Result:
    """Steps in order: credit for the longest stretch already in the right relative order."""
    if isinstance(answer, set | frozenset):
        raise Unreadable("A set has no order; give a list of steps, first to last.")
    steps = [s.id for s in many(q, "steps", answer, "step")]
    if len(set(steps)) != len(steps):
        raise Unreadable("Each step should appear once; a step is listed twice.")
    n = len(q.steps)
    if steps == list(q.answer):
        return Result(q.id, Status.CORRECT, f"All {n} steps are in order.", 1.0, _found(q), steps)
    where = {s: i for i, s in enumerate(q.answer)}
    in_place = sum(1 for i, s in enumerate(steps) if where[s] == i)
    run = _longest_run([where[s] for s in steps])
    score = (run - 1) / (n - 1) if steps else 0.0
    if len(steps) == n and steps == list(reversed(q.answer)):
        message = "This is exactly backwards: read the question again for which end comes first."
    else:
        message = (
            f"{in_place} of {n} steps {_verb(in_place, 'is in its', 'are in their')} exact "
            f"place, and your longest stretch in the right order is {counted(run, 'step')} long."
        )
    details: tuple[str, ...] = ()
    if len(steps) < n:
        details = (f"You have placed {len(steps)} of the {n} steps; place them all.",)
    status = Status.PARTIAL if score > 0 else Status.INCORRECT
    return Result(q.id, status, message, score, details, steps)


#: question type -> its check; ``rubric`` answers go to the SMART coach (:func:`check_rubric`)
CHECKS: dict[str, Callable[[Question, Any], Result]] = {
    "single": check_single,
    "multiple": check_multiple,
    "classify": check_classify,
    "order": check_order,
}


@dataclass(frozen=True)
class Criterion:
    """One SMART criterion as judged by the coach, in the shape the rubric needs."""

    name: str  #: e.g. "Measurable"
    met: bool  #: whether the text meets it
    suggestion: str = ""  #: how to meet it, when it is not met


def smart_criteria(text: str, analyser: Analyser | None = None) -> list[Criterion]:
    """Judge ``text`` with the SMART analyser (:func:`workbook.coach.smart` unless one is
    given), reduced to each letter's label, verdict and suggestion."""
    if analyser is None:
        from workbook.coach import smart

        analyser = smart
    report = analyser(text)
    return [Criterion(c.label, c.met, c.suggestion) for c in report.criteria]


def check_rubric(q: Question, answer: Any, analyser: Analyser | None = None) -> Result:
    """Free text judged by the SMART coach: correct once ``min_met`` letters are met."""
    if not isinstance(answer, str):
        raise Unreadable("Write your answer as text, in a sentence or two.")
    text = answer.strip()
    clipped = len(text) > MAX_FREE_TEXT
    text = text[:MAX_FREE_TEXT]
    try:
        criteria = smart_criteria(text, analyser)
    except Exception as exc:  # a broken rules file or a stand-in analyser: report, never crash
        message = f"The SMART coach could not read this answer ({type(exc).__name__})."
        return Result(q.id, Status.ERROR, message, answer=text)
    if not criteria:
        return Result(q.id, Status.ERROR, "The SMART coach returned no criteria.", answer=text)
    met = [c for c in criteria if c.met]
    total = len(criteria)
    needed = min(q.min_met or total, total)
    message = f"{len(met)} of {total} SMART criteria met"
    message += f": {', '.join(c.name for c in met)}." if met else "."
    details = [f"{c.name}: {c.suggestion or 'not met yet.'}" for c in criteria if not c.met]
    if clipped:
        details.append(
            f"Only the first {MAX_FREE_TEXT:,} characters were read; a sentence or two is enough."
        )
    if len(met) >= needed:
        status = Status.CORRECT
        details += _found(q)
    else:
        status = Status.PARTIAL if met else Status.INCORRECT
    return Result(q.id, status, message, len(met) / total, tuple(details), text)


def check(
    question_id: str,
    answer: Any,
    *,
    analyser: Analyser | None = None,
    base: Path | None = None,
) -> Result:
    """Check ``answer`` and say what it gets right or wrong; never raises for bad input.

    This only judges: :func:`workbook.check` (the one the notebooks call) also keeps the
    attempt with the student's work. Answers are read forgivingly: a choice's id or its text
    in any case; several choices as a list or ``"a, c"``; classify as ``{item: category}``;
    order as a list of step ids; rubric as free text judged by the SMART coach (``analyser``
    replaces it, e.g. in tests).
    """
    try:
        question = load_questions(base).get(question_id)
    except (QuestionError, ContentError) as exc:
        qid = question_id if isinstance(question_id, str) else clip(question_id)
        return Result(clip(qid, 80), Status.ERROR, str(exc))
    if not_attempted(answer):
        message = "No answer yet: pick or write one, then check."
        return Result(question.id, Status.NOT_ATTEMPTED, message)
    try:
        if question.type == "rubric":
            return check_rubric(question, answer, analyser)
        return CHECKS[question.type](question, answer)
    except Unreadable as exc:
        return Result(question.id, Status.ERROR, str(exc))


def hint(question_id: str, level: int = 1, *, base: Path | None = None) -> Hint:
    """Hint number ``level`` (1 = gentlest); past the last tier, the last one with a note."""
    try:
        question = load_questions(base).get(question_id)
    except (QuestionError, ContentError) as exc:
        return Hint(clip(question_id, 80), 0, 0, "", str(exc))
    total = len(question.hints)
    note = ""
    if isinstance(level, bool) or not isinstance(level, int):
        level, note = 1, "Hint levels are whole numbers; here is the first."
    elif level < 1:
        level = 1
    elif level > total:
        level = total
        note = f"That was the last hint ({total} in all); solution() shows the answer."
    return Hint(question.id, level, total, question.hints[level - 1], note)


def _answer_lines(q: Question) -> tuple[str, ...]:
    by_id = {o.id: o for o in (*q.choices, *q.items, *q.categories, *q.steps)}
    if q.type == "single":
        return (by_id[q.answer].text,)
    if q.type == "multiple":
        return tuple(by_id[a].text for a in q.answer)
    if q.type == "classify":
        return tuple(f"{i.text} → {by_id[q.answer[i.id]].text}" for i in q.items)
    if q.type == "order":
        return tuple(f"{n}. {by_id[s].text}" for n, s in enumerate(q.answer, 1))
    return (q.answer,)


def solution(question_id: str, *, base: Path | None = None) -> Solution:
    """The model answer and why it is right, for a student who asks to see it."""
    try:
        question = load_questions(base).get(question_id)
    except (QuestionError, ContentError) as exc:
        return Solution(clip(question_id, 80), (), "", note=str(exc))
    return Solution(question.id, _answer_lines(question), question.solution, question.explanation)
