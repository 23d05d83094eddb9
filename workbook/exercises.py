"""Quiz questions from ``data/questions/`` and the checks a notebook calls: ``check("ch3-x", "b")``.

Questions are data so instructors can edit them; this module loads and validates them, reads
answers in forgiving forms (a choice's id or its text, any case), and explains each result with
feedback written for that very answer. It never imports widgets: the quiz view in
``workbook.ui.quiz``, the notebooks and the tests share one implementation.

Bad input never raises from ``check``/``hint``/``solution``: an unknown question id or an answer
that cannot be read gives a :class:`Result` (or :class:`Hint`/:class:`Solution`) whose status is
``"error"`` and whose message says what to do, so a notebook never shows a traceback. Code that
wants an exception instead calls :func:`get_question`, which raises :class:`QuestionError`.
"""

from __future__ import annotations

import difflib
import html
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from workbook.content import ContentError, content_dir, load_content

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

QUESTIONS_DIR = "questions"
QUESTION_TYPES = ("single", "multiple", "classify", "order", "rubric")
MAX_FREE_TEXT = 5000  # longer free-text answers are judged on their first 5,000 characters
_ECHO = 60  # how much of a student's unreadable answer is quoted back

# --- the schema instructors' files are validated against -----------------------------------
_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$", "maxLength": 40}
_TEXT = {"type": "string", "minLength": 1, "maxLength": 1500}


def _options(*, feedback: bool, minimum: int = 2) -> dict[str, Any]:
    required = ["id", "text", "feedback"] if feedback else ["id", "text"]
    return {
        "type": "array",
        "minItems": minimum,
        "items": {
            "type": "object",
            "required": required,
            "properties": {"id": _ID, "text": _TEXT, "feedback": _TEXT},
            "additionalProperties": False,
        },
    }


def _when(kind: str, then: dict[str, Any]) -> dict[str, Any]:
    return {"if": {"properties": {"type": {"const": kind}}, "required": ["type"]}, "then": then}


QUESTION_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "type", "prompt", "answer", "hints", "solution"],
    "properties": {
        "id": {"type": "string", "pattern": "^ch[0-9]+-[a-z0-9][a-z0-9-]*$", "maxLength": 60},
        "type": {"enum": list(QUESTION_TYPES)},
        "prompt": _TEXT,
        "choices": _options(feedback=True),
        "items": _options(feedback=True),
        "categories": _options(feedback=False),
        "steps": _options(feedback=False),
        "answer": {},
        "min_met": {"type": "integer", "minimum": 1},
        "hints": {"type": "array", "minItems": 2, "items": _TEXT},
        "solution": _TEXT,
        "explanation": _TEXT,
    },
    "additionalProperties": False,
    "allOf": [
        _when("single", {"required": ["choices"], "properties": {"answer": _ID}}),
        _when(
            "multiple",
            {
                "required": ["choices"],
                "properties": {"answer": {"type": "array", "minItems": 1, "items": _ID}},
            },
        ),
        _when(
            "classify",
            {
                "required": ["items", "categories"],
                "properties": {
                    "answer": {"type": "object", "minProperties": 1, "additionalProperties": _ID}
                },
            },
        ),
        _when(
            "order",
            {
                "required": ["steps"],
                "properties": {"answer": {"type": "array", "minItems": 2, "items": _ID}},
            },
        ),
        _when("rubric", {"properties": {"answer": _TEXT}}),
    ],
}

#: One file per chapter: ``data/questions/NN-slug.yaml``.
FILE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["chapter", "title", "questions"],
    "properties": {
        "chapter": {"type": "integer", "minimum": 0, "maximum": 99},
        "title": _TEXT,
        "questions": {"type": "array", "minItems": 1, "items": QUESTION_SCHEMA},
    },
    "additionalProperties": False,
}

# Fields each type uses besides the common ones; anything else is an instructor's slip.
_TYPE_FIELDS = {
    "single": {"choices"},
    "multiple": {"choices"},
    "classify": {"items", "categories"},
    "order": {"steps"},
    "rubric": {"min_met"},
}


class QuestionError(ValueError):
    """No question has this id; the message suggests the nearest ones."""


class Status(StrEnum):
    """How an answer fared; compares equal to its plain string."""

    CORRECT = "correct"
    INCORRECT = "incorrect"
    PARTIAL = "partial"
    NOT_ATTEMPTED = "not attempted"
    ERROR = "error"


# --- the questions ---------------------------------------------------------------------------
def _norm(text: str) -> str:
    """Forgiving comparison key: any case, any spacing, no surrounding quotes or full stop."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split()).strip(" .!;:)'\"“”‘’`")


@dataclass(frozen=True)
class Option:
    """A choice, an item to classify, a category or a step to order."""

    id: str  #: short stable id a student may type, e.g. ``"b"`` or ``"course"``
    text: str  #: what the student reads
    feedback: str = ""  #: shown when this option is picked (choices) or misplaced (items)


@dataclass(frozen=True)
class Question:
    """One quiz question as written in ``data/questions/``."""

    id: str  #: unique across all files, e.g. ``"ch3-smart-letters"``
    chapter: int  #: from the file's ``chapter`` field
    type: str  #: one of :data:`QUESTION_TYPES`
    prompt: str  #: the question itself
    answer: Any  #: choice id, tuple of ids, dict item->category, tuple of step ids, or model text
    hints: tuple[str, ...]  #: tiered, gentlest first
    solution: str  #: the worked answer, shown only when asked for
    explanation: str = ""  #: why the answer is right, shown once it is found
    choices: tuple[Option, ...] = ()  #: ``single`` and ``multiple``
    items: tuple[Option, ...] = ()  #: ``classify``: what is sorted
    categories: tuple[Option, ...] = ()  #: ``classify``: where it goes
    steps: tuple[Option, ...] = ()  #: ``order``
    min_met: int | None = None  #: ``rubric``: criteria needed for "correct" (default: all)
    source: str = ""  #: the file it came from, for messages to instructors

    @property
    def options(self) -> tuple[Option, ...]:
        """What a student picks from: choices, items or steps."""
        return self.choices or self.items or self.steps

    @cached_property
    def _keys(self) -> dict[str, dict[str, Option]]:
        """Normalised id and text -> option, per kind, for forgiving look-ups."""
        keys: dict[str, dict[str, Option]] = {}
        for kind in ("choices", "items", "categories", "steps"):
            index: dict[str, Option] = {}
            for opt in getattr(self, kind):
                index.setdefault(_norm(opt.text), opt)
            for opt in getattr(self, kind):
                index[_norm(opt.id)] = opt  # an id wins over another option's text
            keys[kind] = index
        return keys


@dataclass(frozen=True)
class QuestionBank:
    """Every question, by id, with each chapter's title."""

    questions: dict[str, Question]
    titles: dict[int, str]

    def ids(self, chapter: int | None = None) -> list[str]:
        """Question ids in file order, optionally for one chapter."""
        return [q.id for q in self.questions.values() if chapter is None or q.chapter == chapter]

    def get(self, question_id: Any) -> Question:
        """The question, or a QuestionError naming the nearest ids."""
        if not isinstance(question_id, str):
            raise QuestionError(
                f"A question id is text such as {next(iter(self.questions), 'ch1-...')!r}, "
                f"not {type(question_id).__name__}."
            )
        key = question_id.strip().lower()
        if key in self.questions:
            return self.questions[key]
        near = difflib.get_close_matches(key[:100], list(self.questions), n=3, cutoff=0.5)
        shown = _clip(question_id)
        if near:
            hint_ = "Did you mean " + " or ".join(repr(n) for n in near) + "?"
        else:
            hint_ = "The ids look like " + ", ".join(repr(i) for i in list(self.questions)[:3])
            hint_ += "; question_ids() lists them all."
        raise QuestionError(f"There is no question {shown!r}. {hint_}")


def _problem(source: str, qid: str, fld: str, message: str) -> ContentError:
    return ContentError(f"{source}: question {qid!r}, field {fld!r}: {message}")


def _build_question(raw: dict[str, Any], chapter: int, source: str) -> Question:
    """Turn one validated entry into a Question, checking what JSON Schema cannot."""
    qid, kind = raw["id"], raw["type"]
    if not qid.startswith(f"ch{chapter}-"):
        raise _problem(
            source, qid, "id", f"ids in chapter {chapter}'s file start with 'ch{chapter}-'."
        )
    unused = sorted(set(raw) & (set().union(*_TYPE_FIELDS.values()) - _TYPE_FIELDS[kind]))
    if unused:
        raise _problem(source, qid, unused[0], f"is not used by {kind!r} questions; remove it.")

    def opts(name: str) -> tuple[Option, ...]:
        result = tuple(Option(o["id"], o["text"], o.get("feedback", "")) for o in raw.get(name, []))
        for label, keyfunc in (("id", lambda o: o.id), ("text", lambda o: _norm(o.text))):
            seen: set[str] = set()
            for opt in result:
                if keyfunc(opt) in seen:
                    raise _problem(source, qid, name, f"two entries share the {label} {opt.id!r}.")
                seen.add(keyfunc(opt))
        return result

    choices, items, categories, steps = (
        opts(n) for n in ("choices", "items", "categories", "steps")
    )
    answer = raw["answer"]
    if kind == "single":
        if answer not in {c.id for c in choices}:
            raise _problem(source, qid, "answer", f"{answer!r} is not one of the choices' ids.")
    elif kind == "multiple":
        unknown = [a for a in answer if a not in {c.id for c in choices}]
        if unknown or len(set(answer)) != len(answer):
            raise _problem(source, qid, "answer", "list each correct choice id once.")
        answer = tuple(answer)
    elif kind == "classify":
        if set(answer) != {i.id for i in items}:
            raise _problem(
                source, qid, "answer", "give a category for every item id, and only those."
            )
        if any(v not in {c.id for c in categories} for v in answer.values()):
            raise _problem(source, qid, "answer", "every value must be a category id.")
    elif kind == "order":
        if sorted(answer) != sorted(s.id for s in steps) or len(set(answer)) != len(answer):
            raise _problem(source, qid, "answer", "list every step id exactly once, in order.")
        answer = tuple(answer)
    return Question(
        id=qid,
        chapter=chapter,
        type=kind,
        prompt=raw["prompt"],
        answer=answer,
        hints=tuple(raw["hints"]),
        solution=raw["solution"],
        explanation=raw.get("explanation", ""),
        choices=choices,
        items=items,
        categories=categories,
        steps=steps,
        min_met=raw.get("min_met"),
        source=source,
    )


@lru_cache(maxsize=8)
def _build_bank(root: str, files: tuple[tuple[str, int], ...]) -> QuestionBank:
    questions: dict[str, Question] = {}
    titles: dict[int, str] = {}
    seen: dict[int, str] = {}  # chapter -> its file
    for name, _mtime in files:
        rel = f"{QUESTIONS_DIR}/{name}"
        source = str(Path(root) / rel)
        data = load_content(rel, FILE_SCHEMA, base=Path(root))
        chapter = data["chapter"]
        prefix = re.match(r"(\d+)-", name)
        if prefix is None or int(prefix.group(1)) != chapter:
            raise ContentError(
                f"{source}: field 'chapter' is {chapter} but the file name says otherwise; "
                f"name chapter files 'NN-slug.yaml' with NN = {chapter:02d}."
            )
        if chapter in seen:
            raise ContentError(
                f"{source}: chapter {chapter} already has a question file ({seen[chapter]}); "
                "keep one file per chapter."
            )
        seen[chapter] = name
        titles[chapter] = data["title"]
        for raw in data["questions"]:
            question = _build_question(raw, chapter, source)
            if question.id in questions:
                other = questions[question.id].source
                raise _problem(
                    source, question.id, "id", f"the same id is already used in {other}."
                )
            questions[question.id] = question
    return QuestionBank(questions, titles)


def load_questions(base: Path | None = None) -> QuestionBank:
    """All questions under ``<base>/questions/`` (default: the content folder), validated.

    Raises :class:`workbook.content.ContentError` naming the file, the question and the field.
    Cached until a file changes.
    """
    root = Path(base) if base is not None else content_dir()
    folder = root / QUESTIONS_DIR
    try:
        paths = sorted(p for p in folder.iterdir() if p.suffix in {".yaml", ".yml"})
        files = tuple((p.name, p.stat().st_mtime_ns) for p in paths)
    except OSError as exc:
        raise ContentError(
            f"{folder}: cannot read the question files ({exc.strerror or exc})."
        ) from None
    if not files:
        raise ContentError(f"{folder}: there are no question files (*.yaml) here.")
    return _build_bank(str(root), files)


def get_question(question_id: str, *, base: Path | None = None) -> Question:
    """The question with this id; raises QuestionError (friendly, with near matches) if none."""
    return load_questions(base).get(question_id)


def question_ids(chapter: int | None = None, *, base: Path | None = None) -> list[str]:
    """Ids of every question, or of one chapter's, in the order they are written."""
    return load_questions(base).ids(chapter)


# --- results ---------------------------------------------------------------------------------
_LOOK = {
    Status.CORRECT: ("✓", "Correct", "#1a7f37"),
    Status.PARTIAL: ("◐", "Partly right", "#9a6700"),
    Status.INCORRECT: ("✗", "Not yet", "#cf222e"),
    Status.NOT_ATTEMPTED: ("…", "Not attempted", "#57606a"),
    Status.ERROR: ("!", "Cannot check", "#8250df"),
}


def _html_block(css: str, colour: str, heading: str, body: str, lines: Iterable[str] = ()) -> str:
    """A small bordered block; every argument except ``colour``/``css`` is escaped here."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return (
        f'<div class="{css}" style="border-left:4px solid {colour};padding:4px 10px;margin:4px 0">'
        f'<strong style="color:{colour}">{html.escape(heading)}</strong> '
        f"{html.escape(body)}"
        + (f'<ul style="margin:4px 0">{items}</ul>' if items else "")
        + "</div>"
    )


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
    def text(self) -> str:
        """Message and details as plain text."""
        return "\n".join([self.message, *(f"- {d}" for d in self.details)])

    def __repr__(self) -> str:
        return f"{self.question_id}: {self.status} ({self.score:.0%})\n{self.text}"

    def _repr_html_(self) -> str:
        mark, label, colour = _LOOK[self.status]
        return _html_block(
            f"wb-result wb-result-{self.status.name.lower()}",
            colour,
            f"{mark} {label}.",
            self.message,
            self.details,
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
        return _html_block("wb-hint-block", "#0969da", head, self.text, note)


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
            return _html_block("wb-solution-block", "#8250df", "Solution:", self.note)
        body = self.text + (" " + self.explanation if self.explanation else "")
        return _html_block("wb-solution-block", "#57606a", "Solution:", body, self.answer)


# --- reading answers -------------------------------------------------------------------------
class _Unreadable(Exception):
    """The answer's form could not be read; the message says how to answer instead."""


def _clip(value: Any, limit: int = _ECHO) -> str:
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text[: limit * 4].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _not_attempted(answer: Any) -> bool:
    if _blank(answer):
        return True
    if isinstance(answer, Mapping):
        return all(_blank(v) for v in answer.values())
    if isinstance(answer, list | tuple | set | frozenset):
        return all(_blank(v) for v in answer)
    return False


def _lookup(question: Question, kind: str, value: Any, what: str) -> Option:
    """The option a student meant by ``value`` (its id or its text, any case)."""
    options = getattr(question, kind)
    ids = ", ".join(repr(o.id) for o in options)
    if not isinstance(value, str):
        raise _Unreadable(f"Give each {what} as text: one of {ids}, or its words.")
    key = _norm(value)
    index = question._keys[kind]
    if key in index:
        return index[key]
    near = difflib.get_close_matches(key[:200], list(index), n=1, cutoff=0.6)
    guess = f" Did you mean {index[near[0]].id!r}?" if near else ""
    raise _Unreadable(f"{_clip(value)!r} is not a {what} here; use one of {ids}.{guess}")


def _split(text: str) -> list[str]:
    return [p for p in re.split(r"\s*(?:,|;|\n|->|→)\s*", text) if p.strip()]


def _many(question: Question, kind: str, answer: Any, what: str) -> list[Option]:
    """A list of options from a list/tuple/set, or from one string ("a, c" or one option)."""
    if isinstance(answer, str):
        try:
            return [_lookup(question, kind, answer, what)]
        except _Unreadable:
            parts = _split(answer)
            if len(parts) < 2:
                raise
            answer = parts
    if not isinstance(answer, list | tuple | set | frozenset):
        raise _Unreadable(f"Give a list of {what}s, for example [{question.options[0].id!r}, ...].")
    if isinstance(answer, set | frozenset):
        answer = sorted(answer, key=str)
    return [_lookup(question, kind, v, what) for v in answer if not _blank(v)]


def _pairs(answer: Any) -> list[tuple[Any, Any]]:
    if isinstance(answer, Mapping):
        return list(answer.items())
    if isinstance(answer, list | tuple) and all(
        isinstance(p, list | tuple) and len(p) == 2 for p in answer
    ):
        return [tuple(p) for p in answer]
    raise _Unreadable(
        "Give a dictionary from each item to its category, e.g. {'item': 'category'}."
    )


# --- checking, one function per question type ------------------------------------------------
def _check_single(q: Question, answer: Any) -> Result:
    if isinstance(answer, list | tuple) and len(answer) == 1:
        answer = answer[0]
    if isinstance(answer, list | tuple | set | frozenset):
        raise _Unreadable("Pick just one choice for this question.")
    picked = _lookup(q, "choices", answer, "choice")
    if picked.id == q.answer:
        details = (q.explanation,) if q.explanation else ()
        return Result(q.id, Status.CORRECT, picked.feedback, 1.0, details, picked.id)
    return Result(
        q.id,
        Status.INCORRECT,
        picked.feedback,
        0.0,
        ("Try another choice, or ask for a hint.",),
        picked.id,
    )


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _verb(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def _check_multiple(q: Question, answer: Any) -> Result:
    picked = list(dict.fromkeys(_many(q, "choices", answer, "choice")))
    ids = [p.id for p in picked]
    right = [p for p in picked if p.id in q.answer]
    wrong = [p for p in picked if p.id not in q.answer]
    missing = len(q.answer) - len(right)
    if not wrong and not missing:
        details = tuple(p.feedback for p in right) + ((q.explanation,) if q.explanation else ())
        return Result(q.id, Status.CORRECT, f"All {len(right)} picks belong.", 1.0, details, ids)
    parts = [
        f"{len(right)} of your {_count(len(picked), 'pick')} {_verb(len(right), 'belongs', 'belong')}"
    ]
    if wrong:
        parts.append(f"{len(wrong)} {_verb(len(wrong), 'does', 'do')} not")
    if missing:
        parts.append(f"{_count(missing, 'more choice')} still to find")
    message = "; ".join(parts) + "."
    score = max(0, len(right) - len(wrong)) / len(q.answer)  # a wrong pick cancels a right one
    status = Status.PARTIAL if score > 0 else Status.INCORRECT
    return Result(q.id, status, message, score, tuple(p.feedback for p in wrong), ids)


def _check_classify(q: Question, answer: Any) -> Result:
    placed: dict[str, str] = {}
    for item_key, cat_key in _pairs(answer):
        item = _lookup(q, "items", item_key, "item")
        if _blank(cat_key):
            continue
        placed[item.id] = _lookup(q, "categories", cat_key, "category").id
    wrong = [i for i in q.items if i.id in placed and placed[i.id] != q.answer[i.id]]
    right = sum(1 for i in q.items if placed.get(i.id) == q.answer[i.id])
    unplaced = len(q.items) - len(placed)
    total = len(q.items)
    ordered = {i.id: placed[i.id] for i in q.items if i.id in placed}
    if right == total:
        details = (q.explanation,) if q.explanation else ()
        return Result(
            q.id,
            Status.CORRECT,
            f"All {total} items are in the right place.",
            1.0,
            details,
            ordered,
        )
    message = f"{right} of {total} items {_verb(right, 'is', 'are')} in the right place"
    if wrong:
        message += f"; {len(wrong)} {_verb(len(wrong), 'needs', 'need')} another look"
    if unplaced:
        message += f"; {unplaced} not placed yet"
    status = Status.PARTIAL if right else Status.INCORRECT
    return Result(
        q.id, status, message + ".", right / total, tuple(i.feedback for i in wrong), ordered
    )


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


def _check_order(q: Question, answer: Any) -> Result:
    if isinstance(answer, set | frozenset):
        raise _Unreadable("A set has no order; give a list of steps, first to last.")
    steps = [s.id for s in _many(q, "steps", answer, "step")]
    if len(set(steps)) != len(steps):
        raise _Unreadable("Each step should appear once; a step is listed twice.")
    n = len(q.steps)
    if steps == list(q.answer):
        details = (q.explanation,) if q.explanation else ()
        return Result(q.id, Status.CORRECT, f"All {n} steps are in order.", 1.0, details, steps)
    where = {s: i for i, s in enumerate(q.answer)}
    in_place = sum(1 for i, s in enumerate(steps) if where[s] == i)
    run = _longest_run([where[s] for s in steps])
    score = (run - 1) / (n - 1) if steps else 0.0
    if len(steps) == n and steps == list(reversed(q.answer)):
        message = "This is exactly backwards: read the question again for which end comes first."
    else:
        message = (
            f"{in_place} of {n} steps {_verb(in_place, 'is in its', 'are in their')} exact place, and your longest stretch "
            f"in the right order is {_count(run, 'step')} long."
        )
    details: tuple[str, ...] = ()
    if len(steps) < n:
        details = (f"You have placed {len(steps)} of the {n} steps; place them all.",)
    status = Status.PARTIAL if score > 0 else Status.INCORRECT
    return Result(q.id, status, message, score, details, steps)


@dataclass(frozen=True)
class Criterion:
    """One SMART criterion as judged by the coach, in the shape the rubric needs."""

    name: str  #: e.g. "Measurable"
    met: bool  #: whether the text meets it
    suggestion: str = ""  #: how to meet it, when it is not met


Analyser = Callable[[str], Any]


def _criterion_name(c: Any) -> str:
    for attr in ("label", "name", "id"):
        value = getattr(c, attr, None)
        if isinstance(value, str) and value.strip():
            return value.replace("_", " ").strip().capitalize()
    return "Criterion"


def smart_criteria(text: str, analyser: Analyser | None = None) -> list[Criterion]:
    """Judge ``text`` with the SMART analyser (``workbook.coach.smart`` unless one is given).

    The adapter reads only ``report.criteria[*]``'s ``label`` (or ``name``/``id``), ``met`` and
    ``suggestion``, so the rubric does not depend on the rest of the coach's report.
    """
    if analyser is None:
        from workbook.coach import smart as analyser
    report = analyser(text)
    return [
        Criterion(
            _criterion_name(c),
            bool(getattr(c, "met", False)),
            str(getattr(c, "suggestion", "") or ""),
        )
        for c in getattr(report, "criteria", [])
    ]


def _check_rubric(q: Question, answer: Any, analyser: Analyser | None) -> Result:
    if not isinstance(answer, str):
        raise _Unreadable("Write your answer as text, in a sentence or two.")
    text = answer.strip()
    clipped = len(text) > MAX_FREE_TEXT
    text = text[:MAX_FREE_TEXT]
    try:
        criteria = smart_criteria(text, analyser)
    except ImportError:
        return Result(
            q.id,
            Status.ERROR,
            "The SMART coach is not available yet, so this answer cannot be judged.",
            answer=text,
        )
    except Exception as exc:  # the analyser is another module's code: report, never crash
        return Result(
            q.id,
            Status.ERROR,
            f"The SMART coach could not read this answer ({type(exc).__name__}).",
            answer=text,
        )
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
        if q.explanation:
            details.append(q.explanation)
    else:
        status = Status.PARTIAL if met else Status.INCORRECT
    return Result(q.id, status, message, len(met) / total, tuple(details), text)


def _error(question_id: Any, message: str) -> Result:
    qid = question_id if isinstance(question_id, str) else _clip(question_id)
    return Result(_clip(qid, 80), Status.ERROR, message)


def check(
    question_id: str,
    answer: Any,
    *,
    analyser: Analyser | None = None,
    base: Path | None = None,
) -> Result:
    """Check ``answer`` and say what it gets right or wrong; never raises for bad input.

    Answers are read forgivingly: a choice's id or its text in any case; several choices as a
    list or ``"a, c"``; classify as ``{item: category}``; order as a list of step ids; rubric
    as free text judged by the SMART coach (``analyser`` replaces it, e.g. in tests).
    """
    try:
        question = load_questions(base).get(question_id)
    except (QuestionError, ContentError) as exc:
        return _error(question_id, str(exc))
    if _not_attempted(answer):
        return Result(
            question.id, Status.NOT_ATTEMPTED, "No answer yet: pick or write one, then check."
        )
    try:
        if question.type == "single":
            return _check_single(question, answer)
        if question.type == "multiple":
            return _check_multiple(question, answer)
        if question.type == "classify":
            return _check_classify(question, answer)
        if question.type == "order":
            return _check_order(question, answer)
        return _check_rubric(question, answer, analyser)
    except _Unreadable as exc:
        return Result(question.id, Status.ERROR, str(exc))


def hint(question_id: str, level: int = 1, *, base: Path | None = None) -> Hint:
    """Hint number ``level`` (1 = gentlest); past the last tier, the last one with a note."""
    try:
        question = load_questions(base).get(question_id)
    except (QuestionError, ContentError) as exc:
        return Hint(_clip(question_id, 80), 0, 0, "", str(exc))
    total = len(question.hints)
    note = ""
    if isinstance(level, bool) or not isinstance(level, int):
        level, note = 1, "Hint levels are whole numbers; here is the first."
    elif level < 1:
        level = 1
    elif level > total:
        level, note = (
            total,
            f"That was the last hint ({total} in all); solution() shows the answer.",
        )
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
        return Solution(_clip(question_id, 80), (), "", note=str(exc))
    return Solution(question.id, _answer_lines(question), question.solution, question.explanation)


# --- progress, for the dashboard ---------------------------------------------------------------
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
            f"<tr><td>{c.chapter}</td><td>{html.escape(c.title)}</td><td>{c.attempted}</td>"
            f"<td>{c.correct}</td><td>{c.questions}</td></tr>"
            for c in self.chapters
        )
        return (
            '<table class="wb-progress"><thead><tr><th>Chapter</th><th></th><th>Attempted</th>'
            f"<th>Correct</th><th>Questions</th></tr></thead><tbody>{rows}</tbody>"
            f"<tfoot><tr><td></td><td>Total</td><td>{self.attempted}</td><td>{self.correct}</td>"
            f"<td>{self.questions}</td></tr></tfoot></table>"
        )


def _attempts_of(session: Any) -> list[Any]:
    if session is None:
        return []
    work = getattr(session, "work", None)
    attempts = getattr(work, "attempts", None) if work is not None else session
    try:
        return list(attempts or [])
    except TypeError:
        return []


def progress(session: Any, *, base: Path | None = None) -> Progress:
    """Attempted and correct questions per chapter, from a session's saved attempts.

    ``session`` is a Session (its ``work.attempts`` are read) or a plain list of attempt dicts;
    None counts nothing. The work open in the kernel is passed in by
    :func:`workbook.lessons.progress`: this module never reaches for the kernel's session, so
    the command line and tests count attempts the same way. Attempts at questions that no
    longer exist are ignored.
    """
    bank = load_questions(base)
    attempted: set[str] = set()
    correct: set[str] = set()
    for attempt in _attempts_of(session):
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
