"""Small helpers the chapter notebooks call, so that every notebook cell stays a line or two.

The notebooks teach; the logic lives here, where it is tested like any other module. Each helper
returns an object that shows itself (plain text for the console, escaped HTML for Jupyter and
Voila) and none of them raises for what a student typed: a goal that does not validate comes
back as a :class:`Note` saying which field to fix, and nothing is saved.

What is here, by chapter:

* every chapter: :func:`my_workbook` (what is saved, under which code), :func:`resume`,
  :func:`ask` (a question with the ids its answer uses) and :func:`check` (the exercise check,
  with the attempt kept for the dashboard's progress);
* 0: :func:`set_target`, the role and employer every later chapter tests goals against;
* 1-7: :func:`save_draft` / :func:`show_draft` / :func:`draft_text` / :func:`draft_box` (the
  same in a text box, for Voila) keep the student's written answers (a rough goal, "What motivates you?", the five-year answer, the SMART rewrite, a past
  success, the career-goals answer) in their session;
* 3-4: :func:`save_goal` adds or updates a goal under a stable key, so re-running a cell updates
  the goal instead of adding a copy; :func:`show_timeline` and :func:`roadmap_advice` show it;
* 5: :func:`example_pairs`, :func:`example_table` (pandas, imported only there) and
  :func:`sample_roadmap`, from ``data/examples/pairs.yaml``;
* 6: :func:`spot_the_pitfall`, a widget round over ``data/examples/pitfalls.yaml``, and
  :func:`judge_pitfall`, the same verdict without widgets, each with the coach's explanation;
* 7: :func:`answer_outline` (long-term vision first, then the steps, then the proof) and
  :func:`consistency` between the final answer, the answers to "What motivates you?" and
  "Where do you see yourself in five years?", and the roadmap.
"""

from __future__ import annotations

import base64
import html
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbook.content import ContentError, load_content
from workbook.model import (
    AREAS,
    INTERVIEW_WINDOW,
    SHORT_TERM_MAX_MONTH,
    Goal,
    Horizon,
    Roadmap,
    ValidationError,
    clean_text,
)
from workbook.store import ANSWER_DRAFT
from workbook.text import counted, number_word

if TYPE_CHECKING:
    from pathlib import Path

    import ipywidgets
    import pandas

    from workbook.exercises import Progress, Result
    from workbook.session import Session

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

log = logging.getLogger(__name__)

#: Draft names shared by the chapters, the coach panel and the dashboard.
DRAFT_ROUGH = "rough_goal"
DRAFT_MOTIVATION = "what_motivates_you"
DRAFT_FIVE_YEARS = "five_years"
DRAFT_SMART = "smart_rewrite"
DRAFT_PROOF = "past_success"
DRAFT_ANSWER = ANSWER_DRAFT  # the dashboard's coach keeps the spoken answer under this name too
_DRAFT_CHAPTER = {
    DRAFT_ROUGH: 1,
    DRAFT_MOTIVATION: 2,
    DRAFT_FIVE_YEARS: 2,
    DRAFT_SMART: 3,
    DRAFT_PROOF: 5,
    DRAFT_ANSWER: 6,
}

# --- content schemas ---------------------------------------------------------------------------
_ID = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$", "maxLength": 40}
_TEXT = {"type": "string", "minLength": 1, "maxLength": 600}


def _goal_schema(top: int) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["title", "end_month"],
        "properties": {
            "title": {"type": "string", "minLength": 1, "maxLength": 120},
            "start_month": {"type": "integer", "minimum": 0, "maximum": top},
            "end_month": {"type": "integer", "minimum": 1, "maximum": top},
            "skills": {"type": "array", "maxItems": 15, "items": {"type": "string"}},
        },
        "additionalProperties": False,
    }


PAIRS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["pairs"],
    "properties": {
        "pairs": {
            "type": "array",
            "minItems": 1,
            "maxItems": 10,
            "items": {
                "type": "object",
                "required": ["id", "area", "short_term", "long_term", "why"],
                "properties": {
                    "id": _ID,
                    "area": {"enum": list(AREAS)},
                    "short_term": _goal_schema(SHORT_TERM_MAX_MONTH),
                    "long_term": _goal_schema(INTERVIEW_WINDOW),
                    "why": _TEXT,
                },
                "additionalProperties": False,
            },
        }
    },
    "additionalProperties": False,
}

PITFALLS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["pitfalls", "answers"],
    "properties": {
        "pitfalls": {
            "type": "array",
            "minItems": 2,
            "items": {
                "type": "object",
                "required": ["id", "label", "advice"],
                "properties": {"id": _ID, "label": _TEXT, "advice": _TEXT},
                "additionalProperties": False,
            },
        },
        "answers": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "role", "text", "pitfall", "why"],
                "properties": {
                    "id": _ID,
                    "role": _TEXT,
                    "text": {"type": "string", "minLength": 1, "maxLength": 1500},
                    "pitfall": _ID,
                    "why": _TEXT,
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}


def _unique_ids(items: Iterable[dict[str, Any]], source: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item["id"] in seen:
            raise ContentError(f"{source}: entry {item['id']!r}, field 'id': used twice.")
        seen.add(item["id"])


# --- showing things ------------------------------------------------------------------------------
def _html_box(css: str, colour: str, head: str, lines: Iterable[str] = ()) -> str:
    """A bordered block; every piece of text is escaped here, once."""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    body = f"<ul style='margin:4px 0 0 0'>{items}</ul>" if items else ""
    return (
        f"<div class='{css}' style='border-left:4px solid {colour};padding:4px 10px;"
        f"margin:4px 0'><div>{html.escape(head)}</div>{body}</div>"
    )


@dataclass(frozen=True)
class Note:
    """A short, friendly message about what a helper did (or why it did nothing)."""

    ok: bool  #: True when the action happened
    message: str  #: what happened, in one or two sentences
    details: tuple[str, ...] = ()  #: e.g. one line per field to fix, or the text of a draft

    def __repr__(self) -> str:
        return "\n".join([self.message, *(f"- {d}" for d in self.details)])

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.ok else "#bf8700"
        css = "wb-note wb-note-ok" if self.ok else "wb-note wb-note-problem"
        return _html_box(css, colour, self.message, self.details)


# --- the student's session -----------------------------------------------------------------------
def _session(session: Any = None) -> Session:
    """The session to work on, brought up to date first: another chapter or the dashboard may
    have saved since this notebook opened the work, and a cell must build on that save."""
    from workbook.session import current_session

    s: Session = session if session is not None else current_session()
    try:
        s.catch_up()
    except Exception:  # an unreadable file: keep this copy; saving will say what is wrong
        log.warning("Could not read the saved work again", exc_info=True)
    return s


def _save(session: Any) -> str | None:
    """Save the session; return a friendly reason if the disk refused, else None."""
    from workbook.store import StoreError

    try:
        session.save()
    except (StoreError, OSError, ValidationError) as exc:
        return f"Kept in this notebook but not saved to disk: {exc}"
    finally:
        session.changed()  # open views (the roadmap builder, the coach panel) refresh
    return None


def _words(text: str) -> int:
    return len(text.split())


def my_workbook(*, session: Any = None) -> Note:
    """Where the student's work stands: how much is saved, under which personal code."""
    s = _session(session)
    goals, drafts = len(s.roadmap.goals), {d.get("name") for d in s.work.drafts}
    lines = tuple(filter(None, [s.notice]))
    if s.code:
        message = (
            f"Your workbook (personal code {s.code}): {counted(goals, 'goal')} on your roadmap "
            f"and {counted(len(drafts), 'written answer')}. It is saved as you go."
        )
        return Note(True, message, lines)
    message = (
        "A fresh workbook: nothing saved yet. Your first saved answer or goal gives you a "
        'personal code. Already have one? Run resume("your-code") in the next cell.'
    )
    return Note(True, message, lines)


def resume(code: str, *, session: Any = None) -> Note:
    """Open the work saved under a personal code (on a shared server each chapter asks once)."""
    from workbook.store import StoreError

    s = _session(session)
    try:
        s.resume(code)
    except (StoreError, ValueError, TypeError) as exc:
        return Note(False, f"That did not open: {exc}")
    return my_workbook(session=s)


def set_target(role: Any = "", employer: Any = "", *, name: Any = "", session: Any = None) -> Note:
    """Record the role and employer the student is preparing for (and, if given, their name)."""
    s = _session(session)
    candidate = s.roadmap.copy()
    for attr, value in (("role", role), ("employer", employer), ("owner", name)):
        if value:
            setattr(candidate, attr, clean_text(value) if isinstance(value, str) else value)
    errors = candidate.errors()
    if errors:
        return Note(
            False, "Not saved yet; fix this and run the cell again:", tuple(map(str, errors))
        )
    s.roadmap.role, s.roadmap.employer, s.roadmap.owner = (
        candidate.role,
        candidate.employer,
        candidate.owner,
    )
    problem = _save(s)
    target = " at ".join(filter(None, [s.roadmap.role, s.roadmap.employer])) or "no role yet"
    return Note(problem is None, problem or f"Saved. You are preparing for: {target}.")


def check(question_id: str, answer: Any, *, session: Any = None) -> Result:
    """:func:`workbook.exercises.check`, and the attempt is kept with the student's work.

    The dashboard's progress then counts answers checked in a cell, like those in a quiz.
    Not-attempted and unreadable answers are shown but not kept.
    """
    from workbook.exercises import Status
    from workbook.exercises import check as check_answer

    result = check_answer(question_id, answer)
    if result.status in (Status.CORRECT, Status.PARTIAL, Status.INCORRECT):
        s = _session(session)
        try:
            s.record_attempt(result.question_id, result.answer, str(result.status), result.score)
        except Exception:  # the feedback matters more than the record; the next save retries
            log.warning("Could not keep the attempt at %s", question_id, exc_info=True)
    return result


def progress(session: Any = None, *, base: Path | None = None) -> Progress:
    """Attempted and correct questions per chapter: the work open in this kernel unless a
    Session or a list of attempt dicts is given (see :func:`workbook.exercises.progress`)."""
    from workbook.exercises import progress as count

    if session is None:
        try:
            session = _session()
        except Exception:  # no saved work yet, or it cannot be read: nothing attempted
            log.debug("Could not open the saved work to count attempts", exc_info=True)
            session = []
    return count(session, base=base)


def save_draft(name: str, text: Any, *, session: Any = None) -> Note:
    """Keep a written answer in the student's work, so later chapters and the dashboard see it."""
    if not isinstance(text, str) or not clean_text(text):
        return Note(False, "Nothing saved: write your answer between the quotes first.")
    from workbook.store import StoreError

    try:
        _session(session).save_draft(name, text)
    except (StoreError, OSError, ValueError) as exc:
        return Note(False, f"Nothing saved: {exc}")
    return Note(True, f"Saved your draft ({_words(text)} words). You will see it again later.")


def my_roadmap(*, session: Any = None) -> Roadmap:
    """The student's roadmap, for the coach to compare an answer with."""
    return _session(session).roadmap


def draft_text(name: str, *, session: Any = None) -> str:
    """The latest saved text of a draft, or an empty string, for passing to the coach."""
    return _session(session).latest_draft(name) or ""


def draft_box(
    name: str, *, placeholder: str = "", rows: int = 4, session: Any = None
) -> ipywidgets.VBox:
    """A text box for one written answer, with a Save button; it works where code cannot be
    edited (Voila) as well as in JupyterLab.

    It opens with the latest saved draft (else the grey ``placeholder`` example, which is never
    saved), saves only when the student presses Save, and follows a draft saved elsewhere (a
    notebook cell, the coach panel) unless the student has started typing.
    """
    import ipywidgets as widgets

    s = _session(session)
    loaded = {"text": s.latest_draft(name) or ""}
    text = widgets.Textarea(
        value=loaded["text"],
        placeholder=placeholder,
        rows=rows,
        layout=widgets.Layout(width="100%"),
    ).add_class("wb-draft-text")
    save = widgets.Button(description="Save", button_style="primary", icon="save")
    save.add_class("wb-draft-save")
    feedback = widgets.HTML().add_class("wb-draft-feedback")

    def on_save(_: Any) -> None:
        note = save_draft(name, text.value, session=s)
        if note.ok:
            loaded["text"] = text.value
        feedback.value = note._repr_html_()

    def on_change() -> None:
        latest = s.latest_draft(name) or ""
        if text.value == loaded["text"] and latest != loaded["text"]:
            text.value = loaded["text"] = latest

    save.on_click(on_save)
    s.on_change(on_change)
    return widgets.VBox([text, save, feedback]).add_class("wb-draft")


def show_draft(name: str, *, session: Any = None) -> Note:
    """The latest saved version of a draft, or where to go to write it."""
    text = _session(session).latest_draft(name)
    if not text:
        chapter = _DRAFT_CHAPTER.get(name)
        where = f" Go back to chapter {chapter} to write it." if chapter else ""
        return Note(False, f"You have not saved this draft yet.{where}")
    return Note(True, f"Your saved draft ({_words(text)} words):", (text,))


def save_goal(
    key: str,
    title: Any,
    *,
    horizon: str = "short-term",
    area: str = "professional",
    start_month: Any = 0,
    end_month: Any = 6,
    leads_to: str | None = None,
    session: Any = None,
) -> Note:
    """Add a goal to the student's roadmap, or update the goal saved earlier under ``key``.

    A stable key makes a notebook cell safe to run twice. SMART answers, milestones and skills
    the student gave the goal elsewhere (the roadmap builder) are kept.
    """
    s = _session(session)
    roadmap: Roadmap = s.roadmap
    old = next((g for g in roadmap.goals if g.id == key), None)
    goal = Goal(
        title=title if isinstance(title, str) else "",
        horizon=horizon,  # type: ignore[arg-type]  # checked by validate()
        area=area,
        start_month=start_month,
        end_month=end_month,
        leads_to=leads_to or None,
        id=key,
    )
    if old is not None:
        goal.smart, goal.milestones, goal.skills = old.smart, old.milestones, old.skills
    try:
        if old is None:
            roadmap.add(goal)
        else:
            roadmap.replace(goal)
    except ValidationError as exc:
        lines = tuple(f"{e.field.split('.')[-1]}: {e.message}" for e in exc.errors)
        return Note(False, "Not saved yet; fix this and run the cell again:", lines)
    problem = _save(s)
    kind = "long-term goal" if goal.is_long_term else "stepping stone"
    verb = "Updated" if old is not None else "Added"
    message = (
        f"{verb} the {kind} “{goal.title}” (months {goal.start_month} to {goal.end_month}). "
        f"Your roadmap now holds {counted(len(roadmap.goals), 'goal')}."
    )
    return Note(problem is None, message, (problem,) if problem else ())


def roadmap_advice(*, session: Any = None) -> Note:
    """The article's softer rules the student's roadmap does not follow yet."""
    advice = _session(session).roadmap.advice()
    if not advice:
        return Note(True, "Your roadmap follows every rule of thumb in this workbook.")
    return Note(False, "Things to look at on your roadmap:", tuple(a.message for a in advice))


# --- exercises shown in a cell -----------------------------------------------------------------
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
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.lines)
        return (
            f"<div class='wb-ask' style='border-left:4px solid #0969da;padding:4px 10px'>"
            f"<p><b>{html.escape(self.prompt)}</b></p><ul>{items}</ul>"
            f"<p><i>{html.escape(self.how)}</i></p></div>"
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
    from workbook.content import ContentError
    from workbook.exercises import QuestionError, get_question

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


# --- the timeline ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TimelineView:
    """The roadmap's chart as a PNG, with the same content in words for screen readers."""

    png: bytes  #: the chart
    description: str  #: everything the chart shows, as text

    def __repr__(self) -> str:
        return self.description

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.png).decode("ascii")
        first = html.escape(self.description.splitlines()[0] if self.description else "")
        text = html.escape(self.description)
        return (
            f"<figure class='wb-timeline' style='margin:0'><img alt='{first}' "
            f"src='data:image/png;base64,{data}' style='max-width:100%'/>"
            f"<details><summary>The timeline in words</summary><pre style='white-space:"
            f"pre-wrap'>{text}</pre></details></figure>"
        )


def show_timeline(roadmap: Roadmap | None = None, *, session: Any = None) -> TimelineView:
    """Draw a roadmap (the student's own unless one is given) on the five-year timeline."""
    from workbook.export import PREVIEW_DPI, chart_bytes
    from workbook.timeline import describe

    if roadmap is None:
        roadmap = _session(session).roadmap
    png = chart_bytes(roadmap, "png", dates=False, dpi=PREVIEW_DPI, fast=True)
    return TimelineView(png, describe(roadmap))


# --- chapter 5: the article's example goals -------------------------------------------------------
def example_pairs() -> list[dict[str, Any]]:
    """The example pairs from ``data/examples/pairs.yaml``, each with its area's title."""
    data = load_content("examples/pairs.yaml", PAIRS_SCHEMA)
    _unique_ids(data["pairs"], "data/examples/pairs.yaml")
    return [{**pair, "area_title": AREAS[pair["area"]]} for pair in data["pairs"]]


def example_table() -> pandas.DataFrame:
    """The example pairs as a table: area, stepping stone, destination and why they fit."""
    import pandas as pd  # chapter 5 only: pandas stays off the student's start-up path

    rows = [
        {
            "Area": p["area_title"],
            "Short term (stepping stone)": p["short_term"]["title"],
            "Step done by month": p["short_term"]["end_month"],
            "Long term (destination)": p["long_term"]["title"],
            "Goal reached by month": p["long_term"]["end_month"],
            "Why the pair works": p["why"],
        }
        for p in example_pairs()
    ]
    return pd.DataFrame(rows)


def sample_roadmap() -> Roadmap:
    """A valid roadmap built from the example pairs: each step leads to its destination."""
    goals: list[Goal] = []
    for pair in example_pairs():
        long_data, short_data = pair["long_term"], pair["short_term"]
        destination = Goal(
            title=long_data["title"],
            horizon=Horizon.LONG,
            area=pair["area"],
            start_month=long_data.get("start_month", 0),
            end_month=long_data["end_month"],
            id=f"{pair['id']}-long",
        )
        step = Goal(
            title=short_data["title"],
            horizon=Horizon.SHORT,
            area=pair["area"],
            start_month=short_data.get("start_month", 0),
            end_month=short_data["end_month"],
            skills=list(short_data.get("skills", [])),
            leads_to=destination.id,
            id=f"{pair['id']}-short",
        )
        goals += [destination, step]
    return Roadmap(role="Example goals from chapter 5", goals=goals).validate()


# --- chapter 6: spot the pitfall ------------------------------------------------------------------
def _pitfall_data() -> dict[str, Any]:
    source = "data/examples/pitfalls.yaml"
    data = load_content("examples/pitfalls.yaml", PITFALLS_SCHEMA)
    _unique_ids(data["pitfalls"], source)
    _unique_ids(data["answers"], source)
    known = {p["id"] for p in data["pitfalls"]}
    for answer in data["answers"]:
        if answer["pitfall"] not in known:
            raise ContentError(
                f"{source}: entry {answer['id']!r}, field 'pitfall': {answer['pitfall']!r} is "
                f"not one of the pitfalls ({', '.join(sorted(known))})."
            )
    return data


def pitfalls() -> dict[str, dict[str, str]]:
    """Pitfall id -> its label and advice, in the file's order."""
    return {p["id"]: p for p in _pitfall_data()["pitfalls"]}


def pitfall_answers() -> list[dict[str, str]]:
    """The sample answers of the round, in the file's order."""
    return list(_pitfall_data()["answers"])


def _coach_lines(answer: dict[str, str], kinds: dict[str, dict[str, str]]) -> tuple[str, ...]:
    """What the coach says about the pitfall a sample answer shows, quoting the words."""
    from workbook.coach import review

    result = review(answer["text"], job_ad=answer["role"])
    expected = answer["pitfall"]
    if expected not in {f.code for f in result.findings} | {"none"}:
        return ("Not flagged from the words alone: it takes a listener who knows the job.",)
    if expected == "none":
        found = [f.label.lower() for f in result.findings if f.code in kinds]
        if found:
            return (f"Would still raise: {'; '.join(found)}.",)
        return ("None of the five pitfalls found here either.",)
    finding = result.finding(expected)
    assert finding is not None
    quotes = ", ".join(f"“{e.text}”" for e in finding.evidence[:4])
    lines = [finding.message + (f" Words behind it: {quotes}." if quotes else "")]
    return (*lines, f"Try instead: {finding.suggestion}")


@dataclass(frozen=True)
class PitfallVerdict:
    """The verdict on one guess in the pitfall round."""

    answer_id: str  #: which sample answer
    guess: str  #: the pitfall id the student picked
    expected: str  #: the pitfall id the answer shows
    correct: bool  #: whether the guess was right
    message: str  #: right or not, and why
    coach: tuple[str, ...] = field(default_factory=tuple)  #: the coach's own findings

    def __repr__(self) -> str:
        lines = [self.message, *(f"- Coach: {c}" for c in self.coach)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.correct else "#cf222e"
        lines = [f"Coach: {c}" for c in self.coach]
        return _html_box("wb-pitfall-verdict", colour, self.message, lines)


def judge_pitfall(answer_id: str, guess: Any) -> PitfallVerdict:
    """Compare a guess with the pitfall the sample answer shows, and explain it."""
    answers = {a["id"]: a for a in pitfall_answers()}
    kinds = pitfalls()
    answer = answers.get(answer_id)
    if answer is None:
        message = f"There is no sample answer {answer_id!r}; pick one of: {', '.join(answers)}."
        return PitfallVerdict(str(answer_id), str(guess), "", False, message)
    expected = kinds[answer["pitfall"]]
    picked = kinds.get(guess) if isinstance(guess, str) else None
    coach = _coach_lines(answer, kinds)
    if picked is None:
        message = "Pick one of the pitfalls first (or “no pitfall”)."
        return PitfallVerdict(answer_id, str(guess), expected["id"], False, message, ())
    correct = picked["id"] == expected["id"]
    head = "Spot on" if correct else f"Not quite: this one is “{expected['label']}”"
    message = f"{head}. {answer['why']} {expected['advice']}"
    return PitfallVerdict(answer_id, picked["id"], expected["id"], correct, message, coach)


def spot_the_pitfall() -> ipywidgets.VBox:
    """A round over the sample answers: read one, name its pitfall, see why; then the next.

    The round is practice on other people's answers, so nothing is saved.
    """
    import ipywidgets as widgets

    answers, kinds = pitfall_answers(), pitfalls()
    state = {"index": 0, "right": 0, "judged": set()}
    counter = widgets.HTML().add_class("wb-pitfall-counter")
    sample = widgets.HTML().add_class("wb-pitfall-sample")
    choice = widgets.RadioButtons(
        options=[(p["label"], p["id"]) for p in kinds.values()],
        value=None,
        description="Pitfall:",
        layout=widgets.Layout(width="auto"),
    ).add_class("wb-pitfall-choice")
    check_button = widgets.Button(description="Check", button_style="primary")
    next_button = widgets.Button(description="Next answer", disabled=True)
    check_button.add_class("wb-pitfall-check")
    next_button.add_class("wb-pitfall-next")
    feedback = widgets.HTML().add_class("wb-pitfall-feedback")

    def show() -> None:
        answer = answers[state["index"]]
        counter.value = html.escape(
            f"Answer {state['index'] + 1} of {len(answers)} · spotted {state['right']} so far"
        )
        sample.value = (
            f"<p><b>Role:</b> {html.escape(answer['role'])}</p>"
            f"<blockquote style='margin:4px 0 4px 12px'>{html.escape(answer['text'])}"
            "</blockquote>"
        )
        choice.value, feedback.value = None, ""
        next_button.disabled = True

    def on_check(_: Any) -> None:
        answer = answers[state["index"]]
        verdict = judge_pitfall(answer["id"], choice.value)
        if verdict.correct and answer["id"] not in state["judged"]:
            state["right"] += 1
        if verdict.expected and verdict.guess in kinds:
            state["judged"].add(answer["id"])
            next_button.disabled = state["index"] + 1 >= len(answers)
        feedback.value = verdict._repr_html_()

    def on_next(_: Any) -> None:
        state["index"] = min(state["index"] + 1, len(answers) - 1)
        show()

    check_button.on_click(on_check)
    next_button.on_click(on_next)
    show()
    buttons = widgets.HBox([check_button, next_button])
    return widgets.VBox([counter, sample, choice, buttons, feedback]).add_class("wb-pitfall")


# --- chapter 7: the final answer -----------------------------------------------------------------
def _years(months: int) -> str:
    years = max(1, -(-months // 12))
    word = number_word(years) if years <= 10 else str(years)
    return f"{word} year" + ("" if years == 1 else "s")


def _as_clause(title: str) -> str:
    """'Lead the team' -> 'lead the team', but 'AI seminars' keeps its capitals."""
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def answer_outline(
    roadmap: Roadmap | None = None, *, proof: str | None = None, session: Any = None
) -> str:
    """A first draft from the roadmap: the long-term vision first, then the steps toward it,
    then the proof (the student's past success from chapter 5, if saved)."""
    if roadmap is None:
        s = _session(session)
        roadmap = s.roadmap
        if proof is None:
            proof = s.latest_draft(DRAFT_PROOF)
    destinations = sorted(roadmap.long_term, key=lambda g: g.end_month)
    if not destinations:
        return (
            "(Your roadmap has no long-term goal yet. Add one in chapter 3, and its first "
            "steps in chapter 4; this outline is built from them.)"
        )
    main = destinations[0]
    steps = sorted(roadmap.stepping_stones(main.id), key=lambda g: g.end_month)
    where = f" at {roadmap.employer}" if roadmap.employer else ""
    parts = [f"Within {_years(main.end_month)}, I'd like to {_as_clause(main.title)}{where}."]
    if steps:
        chain = ", then ".join(_as_clause(step.title) for step in steps)
        parts.append(f"To get there, I'm starting with this: {chain}.")
    else:
        parts.append("To get there, my first step is … (add a stepping stone in chapter 4).")
    if proof and proof.strip():
        parts.append(" ".join(proof.split()))
    else:
        parts.append("I've done this before: … (one goal you set and reached, and how).")
    return " ".join(parts)


CONSISTENCY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["interview_words"],
    "properties": {
        "interview_words": {
            "type": "array",
            "items": {"type": "string", "pattern": "^[a-z][a-z'-]*$"},
        }
    },
    "additionalProperties": False,
}


def _ignored_words() -> frozenset[str]:
    """Words that never count as a shared theme: the coach's stop words, plus the words
    every answer to these questions uses (``data/examples/consistency.yaml``)."""
    from workbook.coach import load_rules

    data = load_content("examples/consistency.yaml", CONSISTENCY_SCHEMA)
    return load_rules().stopwords | frozenset(data["interview_words"])


_SUFFIXES = ("ing", "ed", "es", "s", "ly", "er")


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _themes(text: str) -> dict[str, str]:
    """Stem -> the first word the student used for it, ignoring function words."""
    ignored = _ignored_words()
    out: dict[str, str] = {}
    for word in re.findall(r"[a-z][a-z'-]+", (text or "").lower()):
        word = word.strip("'-")
        if len(word) >= 3 and word not in ignored:
            out.setdefault(_stem(word), word)
    return out


@dataclass(frozen=True)
class ConsistencyCheck:
    """One comparison between the final answer and another answer or the roadmap."""

    name: str  #: what was compared
    ok: bool | None  #: True consistent, False a mismatch to fix, None not possible yet
    message: str  #: what was found and what to do
    evidence: tuple[str, ...] = ()  #: the shared (or offending) words

    def __str__(self) -> str:
        mark = {True: "✓", False: "✗", None: "·"}[self.ok]
        words = f" [{', '.join(self.evidence)}]" if self.evidence else ""
        return f"{mark} {self.name}: {self.message}{words}"


@dataclass(frozen=True)
class Consistency:
    """How well the final answer agrees with the student's other answers and roadmap."""

    checks: tuple[ConsistencyCheck, ...]

    @property
    def ok(self) -> bool:
        """True when no check found a mismatch."""
        return all(c.ok is not False for c in self.checks)

    def __repr__(self) -> str:
        return "\n".join(str(c) for c in self.checks)

    def _repr_html_(self) -> str:
        rows = []
        for c in self.checks:
            colour = {True: "#1a7f37", False: "#cf222e", None: "#57606a"}[c.ok]
            label = "Shared words" if c.ok else "Words behind this"
            lines = [f"{label}: {', '.join(c.evidence)}"] if c.evidence else []
            rows.append(_html_box("wb-consistency-check", colour, f"{c.name}: {c.message}", lines))
        return "<div class='wb-consistency'>" + "".join(rows) + "</div>"


def _shared(a: str, b: str) -> tuple[str, ...]:
    ta, tb = _themes(a), _themes(b)
    return tuple(ta[s] for s in ta if s in tb)


def _agreement(
    name: str, answer: str, other: str | None, missing: str, apart: str
) -> ConsistencyCheck:
    if not other or not other.strip():
        return ConsistencyCheck(name, None, missing)
    shared = _shared(answer, other)
    if shared:
        return ConsistencyCheck(name, True, "Both answers point the same way.", shared[:8])
    return ConsistencyCheck(name, False, apart)


def _coach_checks(
    answer: str, five_years: str | None, roadmap: Roadmap | None
) -> list[ConsistencyCheck]:
    """The five-year horizon and the roadmap, judged by the coach exactly as the dashboard
    judges them, so a student never gets two verdicts on one answer."""
    from workbook.coach import review

    result = review(answer, roadmap=roadmap)
    far = [f for f in result.findings if f.code == "beyond_5_years"]
    if five_years and five_years.strip():
        far += [f for f in review(five_years).findings if f.code == "beyond_5_years"]
    words = tuple(dict.fromkeys(e.text for f in far for e in f.evidence))
    if far:
        horizon = ConsistencyCheck(
            "Five-year horizon",
            False,
            "You talk about a time beyond five years. Keep to what you could reach in your "
            "likely time with this employer.",
            words,
        )
    else:
        horizon = ConsistencyCheck("Five-year horizon", True, "You stay within five years.")
    if roadmap is None or not roadmap.long_term:
        return [
            horizon,
            ConsistencyCheck("Your roadmap", None, "Your roadmap has no long-term goal yet."),
        ]
    issues = result.roadmap_issues
    if issues:
        shown = tuple(dict.fromkeys(e.text for i in issues for e in i.evidence))
        mismatch = ConsistencyCheck(
            "Your roadmap", False, " ".join(i.message for i in issues), shown
        )
        return [horizon, mismatch]
    agree = ConsistencyCheck(
        "Your roadmap",
        True,
        "Every goal on your roadmap appears in your answer, in its time frame.",
    )
    return [horizon, agree]


def consistency(
    answer: str | None = None,
    *,
    motivates: str | None = None,
    five_years: str | None = None,
    roadmap: Roadmap | None = None,
    session: Any = None,
) -> Consistency:
    """Compare the final answer with the other future-focused answers and with the roadmap.

    Anything not given is read from the session: the saved drafts and the roadmap. The test is
    deliberately simple and explainable: answers agree when they share theme words (not
    function words, not words like "goal" or "years" that every answer uses).
    """
    needs_session = answer is None or motivates is None or five_years is None or roadmap is None
    s = _session(session) if needs_session else None
    if answer is None:
        answer = s.latest_draft(DRAFT_ANSWER) or ""
    if motivates is None:
        motivates = s.latest_draft(DRAFT_MOTIVATION)
    if five_years is None:
        five_years = s.latest_draft(DRAFT_FIVE_YEARS)
    if roadmap is None:
        roadmap = s.roadmap
    if not isinstance(answer, str) or not answer.strip():
        return Consistency(
            (ConsistencyCheck("Your answer", None, "Write your answer first, then compare."),)
        )
    checks = [
        _agreement(
            "Where you see yourself in five years",
            answer,
            five_years,
            "No five-year answer saved yet (chapter 2), so there is nothing to compare.",
            "Your five-year answer and this answer share no key words. An interviewer who "
            "hears both may wonder which is true: name the same destination in each.",
        ),
        _agreement(
            "What motivates you",
            answer,
            motivates,
            "No answer to “What motivates you?” saved yet (chapter 2).",
            "What you said motivates you does not show up in your goals. Link them: the goal "
            "should be something that motivation pushes you toward.",
        ),
    ]
    checks += _coach_checks(answer, five_years, roadmap)
    return Consistency(tuple(checks))
