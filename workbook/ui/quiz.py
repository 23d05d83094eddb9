"""The quiz view: one card per question, built only from ipywidgets so it works in Voila.

Each card has the control that suits its question type, a Check button, a Hint button that
reveals one tier at a time, and a Show solution button. Checking goes through
:func:`workbook.exercises.check`, so the notebook, the command line and this view agree, and
checked attempts are saved through the session so a reload finds the last answer filled in.

Stable CSS classes for tests and the browser: ``wb-quiz``, ``wb-question``, ``wb-answer`` (the
main control), ``wb-check``, ``wb-hint``, ``wb-solution``, ``wb-feedback``, ``wb-hint-text``,
``wb-solution-text``; ordering rows carry ``wb-step``, ``wb-up`` and ``wb-down``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

import ipywidgets as widgets

from workbook.content import ContentError
from workbook.exercises import (
    Question,
    QuestionError,
    check,
    get_question,
    hint,
    solution,
)
from workbook.exercises import question_ids as chapter_question_ids
from workbook.html import escape, message_html
from workbook.session import Session, current_session
from workbook.ui.parts import classed

__all__ = ["QuestionCard", "quiz"]

_FULL = widgets.Layout(width="auto")


# --- one control per question type; each reads and writes answers in check()'s forms ----------
class _Single:
    def __init__(self, q: Question) -> None:
        self.widget = widgets.RadioButtons(
            options=[(c.text, c.id) for c in q.choices], value=None, layout=_FULL
        )

    def get(self) -> Any:
        return self.widget.value

    def set(self, answer: Any) -> None:
        self.widget.value = answer


class _Multiple:
    def __init__(self, q: Question) -> None:
        self.boxes = {
            c.id: classed(
                widgets.Checkbox(value=False, description=c.text, indent=False, layout=_FULL),
                "wb-choice",
            )
            for c in q.choices
        }
        self.widget = widgets.VBox(list(self.boxes.values()))

    def get(self) -> Any:
        return [cid for cid, box in self.boxes.items() if box.value]

    def set(self, answer: Any) -> None:
        chosen = set(answer)
        for cid, box in self.boxes.items():
            box.value = cid in chosen


class _Classify:
    def __init__(self, q: Question) -> None:
        options = [(c.text, c.id) for c in q.categories]
        self.menus = {
            i.id: classed(widgets.Dropdown(options=options, value=None), "wb-item-select")
            for i in q.items
        }
        rows = [
            classed(widgets.HBox([widgets.HTML(escape(i.text)), self.menus[i.id]]), "wb-item")
            for i in q.items
        ]
        self.widget = widgets.VBox(rows)

    def get(self) -> Any:
        return {iid: menu.value for iid, menu in self.menus.items() if menu.value is not None}

    def set(self, answer: Any) -> None:
        if isinstance(answer, Mapping):
            for iid, menu in self.menus.items():
                menu.value = answer.get(iid)


class _Order:
    """Rows with up/down buttons; the widgets stay put and only their labels move."""

    def __init__(self, q: Question) -> None:
        self.text = {s.id: s.text for s in q.steps}
        ids = [s.id for s in q.steps]
        # start from a fixed shuffle that is never already the answer
        self.order = ids[1::2] + ids[0::2]
        if self.order == list(q.answer):
            self.order = self.order[1:] + self.order[:1]
        self.labels = [widgets.HTML(layout=widgets.Layout(flex="1")) for _ in ids]
        self.ups = [
            classed(widgets.Button(icon="arrow-up", tooltip="Move up"), "wb-up") for _ in ids
        ]
        self.downs = [
            classed(widgets.Button(icon="arrow-down", tooltip="Move down"), "wb-down") for _ in ids
        ]
        for i, (up, down) in enumerate(zip(self.ups, self.downs, strict=True)):
            for button in (up, down):
                button.layout = widgets.Layout(width="36px")
            up.on_click(lambda _b, i=i: self.swap(i - 1))
            down.on_click(lambda _b, i=i: self.swap(i))
        rows = [
            classed(widgets.HBox([up, down, label]), "wb-step")
            for up, down, label in zip(self.ups, self.downs, self.labels, strict=True)
        ]
        self.widget = widgets.VBox(rows)
        self._render()

    def swap(self, i: int) -> None:
        """Swap the steps at positions ``i`` and ``i + 1``."""
        if 0 <= i < len(self.order) - 1:
            self.order[i], self.order[i + 1] = self.order[i + 1], self.order[i]
            self._render()

    def _render(self) -> None:
        for n, sid in enumerate(self.order):
            self.labels[n].value = f"<b>{n + 1}.</b> {escape(self.text[sid])}"
            self.ups[n].disabled = n == 0
            self.downs[n].disabled = n == len(self.order) - 1

    def get(self) -> Any:
        return list(self.order)

    def set(self, answer: Any) -> None:
        if sorted(map(str, answer)) == sorted(self.order):
            self.order = list(answer)
            self._render()


class _Text:
    def __init__(self, q: Question) -> None:
        self.widget = widgets.Textarea(
            placeholder="Write your answer here…",
            layout=widgets.Layout(width="100%", height="7em"),
        )

    def get(self) -> Any:
        return self.widget.value

    def set(self, answer: Any) -> None:
        if isinstance(answer, str):
            self.widget.value = answer


class Control(Protocol):
    """A question type's control: its widget, and the answer in the form check() reads."""

    widget: Any

    def get(self) -> Any: ...

    def set(self, answer: Any) -> None: ...


_CONTROLS: dict[str, Callable[[Question], Control]] = {
    "single": _Single,
    "multiple": _Multiple,
    "classify": _Classify,
    "order": _Order,
    "rubric": _Text,
}


def _resolve_session(session: Session | None) -> Session | None:
    """The given session, else the kernel's current one, else None (answers are not saved)."""
    if session is not None:
        return session
    try:
        return current_session()
    except Exception:  # e.g. an unreadable data folder: the quiz still works, unsaved
        return None


def _last_attempt(session: Session | None, question_id: str) -> Mapping[str, Any] | None:
    """The student's last checked answer to this question, if the save file has a sound one."""
    attempts = session.work.attempts if session is not None else []
    try:
        mine = [a for a in attempts if isinstance(a, Mapping) and a.get("question") == question_id]
    except TypeError:
        return None
    return mine[-1] if mine else None


class QuestionCard:
    """One question's widgets and what happens when its buttons are clicked."""

    def __init__(
        self, question_id: str, session: Session | None = None, number: int | None = None
    ) -> None:
        self.question_id = question_id
        self.session = session
        self.feedback = classed(widgets.HTML(), "wb-feedback")
        try:
            self.question: Question | None = get_question(question_id)
        except (QuestionError, ContentError) as exc:
            self.question = None
            self.feedback.value = message_html([str(exc)], block=True)
            self.box = classed(widgets.VBox([self.feedback]), "wb-question")
            return
        q = self.question
        label = f"Question {number}. " if number else ""
        self.prompt = widgets.HTML(f"<p><b>{escape(label)}</b>{escape(q.prompt)}</p>")
        self.control = _CONTROLS[q.type](q)
        classed(self.control.widget, "wb-answer", f"wb-answer-{q.type}")
        self.check_button = classed(
            widgets.Button(description="Check", button_style="primary", icon="check"), "wb-check"
        )
        self.hint_button = classed(
            widgets.Button(description=f"Hint (1 of {len(q.hints)})", icon="lightbulb-o"),
            "wb-hint",
        )
        self.solution_button = classed(
            widgets.Button(description="Show solution", icon="eye"), "wb-solution"
        )
        self.hint_text = classed(widgets.HTML(), "wb-hint-text")
        self.solution_text = classed(widgets.HTML(), "wb-solution-text")
        self.hints_shown = 0
        self.check_button.on_click(lambda _b: self._safely(self.on_check))
        self.hint_button.on_click(lambda _b: self._safely(self.on_hint))
        self.solution_button.on_click(lambda _b: self._safely(self.on_solution))
        buttons = widgets.HBox([self.check_button, self.hint_button, self.solution_button])
        self.box = classed(
            widgets.VBox(
                [
                    self.prompt,
                    self.control.widget,
                    buttons,
                    self.feedback,
                    self.hint_text,
                    self.solution_text,
                ]
            ),
            "wb-question",
            f"wb-q-{q.id}",
        )
        self._prefill()

    def _safely(self, action: Any) -> None:
        """Run a click handler; an unexpected failure becomes a message, never a traceback."""
        try:
            action()
        except Exception as exc:
            self.feedback.value = message_html(
                [f"Something went wrong ({type(exc).__name__}); your answer is still here."],
                block=True,
            )

    def _prefill(self) -> None:
        last = _last_attempt(self.session, self.question_id)
        if last is None:
            return
        try:
            self.control.set(last.get("answer"))
        except Exception:  # a stale answer (question edited since) is simply not filled in
            return
        status = str(last.get("status", ""))
        self.feedback.value = message_html(
            [f"Your last answer ({status}) is filled in; check it again any time."],
            kind="quiet",
            block=True,
        )

    def answer(self) -> Any:
        """The answer as the controls hold it now, in a form check() reads."""
        return self.control.get()

    def on_check(self) -> None:
        result = check(self.question_id, self.answer())
        shown = result._repr_html_()
        if result.counts_as_attempt and self.session is not None:
            try:
                self.session.record_result(result)
            except Exception as exc:  # a full disk must not hide the feedback
                shown += message_html(
                    [f"Checked, but this attempt could not be saved: {exc}"], block=True
                )
        self.feedback.value = shown

    def on_hint(self) -> None:
        assert self.question is not None
        total = len(self.question.hints)
        self.hints_shown = min(self.hints_shown + 1, total)
        self.hint_text.value = "".join(
            hint(self.question_id, level)._repr_html_() for level in range(1, self.hints_shown + 1)
        )
        if self.hints_shown >= total:
            self.hint_button.description = "No more hints"
            self.hint_button.disabled = True
        else:
            self.hint_button.description = f"Hint ({self.hints_shown + 1} of {total})"

    def on_solution(self) -> None:
        if self.solution_text.value:
            self.solution_text.value = ""
            self.solution_button.description = "Show solution"
        else:
            self.solution_text.value = solution(self.question_id)._repr_html_()
            self.solution_button.description = "Hide solution"


def quiz(question_ids: str | int | list[str], session: Session | None = None) -> widgets.VBox:
    """A quiz of one question, several, or a whole chapter (an int), saved through ``session``.

    ``session=None`` uses :func:`workbook.session.current_session` when it can, so answers are
    saved and the last one is filled in again after a reload.
    """
    if isinstance(question_ids, bool):
        raise TypeError("quiz() takes a question id, a list of ids or a chapter number")
    if isinstance(question_ids, int):
        try:
            ids = chapter_question_ids(question_ids)
        except ContentError as exc:
            return classed(
                widgets.VBox([widgets.HTML(message_html([str(exc)], block=True))]), "wb-quiz"
            )
    elif isinstance(question_ids, str):
        ids = [question_ids]
    else:
        ids = list(question_ids)
    session = _resolve_session(session)
    numbered = len(ids) > 1
    cards = [
        QuestionCard(qid, session, n if numbered else None).box for n, qid in enumerate(ids, 1)
    ]
    return classed(widgets.VBox(cards), "wb-quiz")
