"""The student's written answers, kept in their work so later chapters and the dashboard see
them: :func:`save_draft` and :func:`draft_text` from a cell, :func:`draft_box` (a text box with
a Save button, for Voila where code cannot be edited) and :func:`show_draft`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbook.lessons.common import Note, open_session
from workbook.model import clean_text
from workbook.store import ANSWER_DRAFT, PROOF_DRAFT

if TYPE_CHECKING:
    import ipywidgets

    from workbook.session import Session

__all__ = [
    "DRAFT_ANSWER",
    "DRAFT_FIVE_YEARS",
    "DRAFT_MOTIVATION",
    "DRAFT_PROOF",
    "DRAFT_ROUGH",
    "DRAFT_SMART",
    "draft_box",
    "draft_text",
    "save_draft",
    "show_draft",
]

#: Draft names shared by the chapters, the coach panel and the dashboard.
DRAFT_ROUGH = "rough_goal"
DRAFT_MOTIVATION = "what_motivates_you"
DRAFT_FIVE_YEARS = "five_years"
DRAFT_SMART = "smart_rewrite"
DRAFT_PROOF = PROOF_DRAFT  # the dashboard's outline reads it too
DRAFT_ANSWER = ANSWER_DRAFT  # the dashboard's coach keeps the spoken answer under this name too
_DRAFT_CHAPTER = {
    DRAFT_ROUGH: 1,
    DRAFT_MOTIVATION: 2,
    DRAFT_FIVE_YEARS: 2,
    DRAFT_SMART: 3,
    DRAFT_PROOF: 5,
    DRAFT_ANSWER: 6,
}


def _words(text: str) -> int:
    return len(text.split())


def save_draft(name: str, text: Any, *, session: Session | None = None) -> Note:
    """Keep a written answer in the student's work, so later chapters and the dashboard see it."""
    if not isinstance(text, str) or not clean_text(text):
        return Note(False, "Nothing saved: write your answer between the quotes first.")
    from workbook.store import StoreError

    try:
        open_session(session).save_draft(name, text)
    except (StoreError, OSError, ValueError) as exc:
        return Note(False, f"Nothing saved: {exc}")
    return Note(True, f"Saved your draft ({_words(text)} words). You will see it again later.")


def draft_text(name: str, *, session: Session | None = None) -> str:
    """The latest saved text of a draft, or an empty string, for passing to the coach."""
    return open_session(session).latest_draft(name) or ""


def draft_box(
    name: str, *, placeholder: str = "", rows: int = 4, session: Session | None = None
) -> ipywidgets.VBox:
    """A text box for one written answer, with a Save button; it works where code cannot be
    edited (Voila) as well as in JupyterLab.

    It opens with the latest saved draft (else the grey ``placeholder`` example, which is never
    saved), saves only when the student presses Save, and follows a draft saved elsewhere (a
    notebook cell, the coach panel) unless the student has started typing.
    """
    import ipywidgets as widgets

    s = open_session(session)
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


def show_draft(name: str, *, session: Session | None = None) -> Note:
    """The latest saved version of a draft, or where to go to write it."""
    text = open_session(session).latest_draft(name)
    if not text:
        chapter = _DRAFT_CHAPTER.get(name)
        where = f" Go back to chapter {chapter} to write it." if chapter else ""
        return Note(False, f"You have not saved this draft yet.{where}")
    return Note(True, f"Your saved draft ({_words(text)} words):", (text,))
