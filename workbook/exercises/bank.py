"""The question bank: questions read from ``data/questions/``, validated, looked up by id.

Questions are data so instructors can edit them; this module loads them (cached until a file
changes), checks what the schema cannot (answers that name real options, ids that start with
their chapter, no id twice) and names the file, question and field of every slip.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from workbook.content import ContentError, content_dir, load_content
from workbook.exercises.schema import FILE_SCHEMA, TYPE_FIELDS

__all__ = [
    "QUESTIONS_DIR",
    "Option",
    "Question",
    "QuestionBank",
    "QuestionError",
    "clip",
    "get_question",
    "load_questions",
    "norm",
    "question_ids",
]

QUESTIONS_DIR = "questions"
ECHO = 60  #: how much of a student's unreadable answer or id is quoted back
OPTION_KINDS = ("choices", "items", "categories", "steps")


class QuestionError(ValueError):
    """No question has this id; the message suggests the nearest ones."""


def norm(text: str) -> str:
    """Forgiving comparison key: any case, any spacing, no surrounding quotes or full stop."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(text.split()).strip(" .!;:)'\"“”‘’`")


def clip(value: Any, limit: int = ECHO) -> str:
    """What a student typed, short enough to quote back on one line."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text[: limit * 4].split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


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
    type: str  #: one of :data:`~workbook.exercises.schema.QUESTION_TYPES`
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

    def of_kind(self, kind: str) -> tuple[Option, ...]:
        """The options of one kind: ``"choices"``, ``"items"``, ``"categories"`` or ``"steps"``."""
        kinds = {
            "choices": self.choices,
            "items": self.items,
            "categories": self.categories,
            "steps": self.steps,
        }
        return kinds[kind]

    @cached_property
    def option_keys(self) -> dict[str, dict[str, Option]]:
        """Per kind, normalised id and text -> option, for forgiving look-ups."""
        keys: dict[str, dict[str, Option]] = {}
        for kind in OPTION_KINDS:
            index: dict[str, Option] = {}
            for opt in self.of_kind(kind):
                index.setdefault(norm(opt.text), opt)
            for opt in self.of_kind(kind):
                index[norm(opt.id)] = opt  # an id wins over another option's text
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
        if near:
            hint_ = "Did you mean " + " or ".join(repr(n) for n in near) + "?"
        else:
            hint_ = "The ids look like " + ", ".join(repr(i) for i in list(self.questions)[:3])
            hint_ += "; question_ids() lists them all."
        raise QuestionError(f"There is no question {clip(question_id)!r}. {hint_}")


Problem = Callable[[str, str], ContentError]  # (field, message) -> the error to raise


def _options(raw: dict[str, Any], name: str, problem: Problem) -> tuple[Option, ...]:
    """One kind of option from a raw entry; no id and no text twice."""
    result = tuple(Option(o["id"], o["text"], o.get("feedback", "")) for o in raw.get(name, []))
    for label, keyfunc in (("id", lambda o: o.id), ("text", lambda o: norm(o.text))):
        seen: set[str] = set()
        for opt in result:
            if keyfunc(opt) in seen:
                raise problem(name, f"two entries share the {label} {opt.id!r}.")
            seen.add(keyfunc(opt))
    return result


def _answer(kind: str, answer: Any, opts: dict[str, tuple[Option, ...]], problem: Problem) -> Any:
    """The answer checked against the options it names, as the Question keeps it."""
    ids = {name: {o.id for o in found} for name, found in opts.items()}
    if kind == "single" and answer not in ids["choices"]:
        raise problem("answer", f"{answer!r} is not one of the choices' ids.")
    if kind == "multiple":
        if any(a not in ids["choices"] for a in answer) or len(set(answer)) != len(answer):
            raise problem("answer", "list each correct choice id once.")
        return tuple(answer)
    if kind == "classify":
        if set(answer) != ids["items"]:
            raise problem("answer", "give a category for every item id, and only those.")
        if any(v not in ids["categories"] for v in answer.values()):
            raise problem("answer", "every value must be a category id.")
    if kind == "order":
        if sorted(answer) != sorted(ids["steps"]) or len(set(answer)) != len(answer):
            raise problem("answer", "list every step id exactly once, in order.")
        return tuple(answer)
    return answer


def build_question(raw: dict[str, Any], chapter: int, source: str) -> Question:
    """Turn one schema-valid entry into a Question, checking what JSON Schema cannot."""
    qid, kind = raw["id"], raw["type"]

    def problem(fld: str, message: str) -> ContentError:
        return ContentError(f"{source}: question {qid!r}, field {fld!r}: {message}")

    if not qid.startswith(f"ch{chapter}-"):
        raise problem("id", f"ids in chapter {chapter}'s file start with 'ch{chapter}-'.")
    unused = sorted(set(raw) & (set().union(*TYPE_FIELDS.values()) - TYPE_FIELDS[kind]))
    if unused:
        raise problem(unused[0], f"is not used by {kind!r} questions; remove it.")
    opts = {name: _options(raw, name, problem) for name in OPTION_KINDS}
    return Question(
        id=qid,
        chapter=chapter,
        type=kind,
        prompt=raw["prompt"],
        answer=_answer(kind, raw["answer"], opts, problem),
        hints=tuple(raw["hints"]),
        solution=raw["solution"],
        explanation=raw.get("explanation", ""),
        min_met=raw.get("min_met"),
        source=source,
        **opts,
    )


@lru_cache(maxsize=8)
def _build_bank(root: str, files: tuple[tuple[str, int], ...]) -> QuestionBank:
    """The bank from these files; the modification times in ``files`` key the cache."""
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
            question = build_question(raw, chapter, source)
            if question.id in questions:
                raise ContentError(
                    f"{source}: question {question.id!r}, field 'id': the same id is already "
                    f"used in {questions[question.id].source}."
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
