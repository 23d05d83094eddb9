"""The top line: whose work this page holds, "Save my work", and "Start a new workbook".

On a shared computer the next student must see at once that the page holds someone else's work,
and be able to start their own without losing it: saved work stays on disk under its code, and
unsaved work is only dropped after a second press.

Stable CSS classes: ``wb-whose`` (the line), ``wb-whose-text``, ``wb-new-workbook``,
``wb-new-message``; the save button is the save panel's ``wb-save``.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workbook.html import escape
from workbook.ui.context import BuilderContext
from workbook.ui.parts import button, classed, message_line
from workbook.ui.saving import SavePanel

__all__ = ["WhoseLine"]


class WhoseLine:
    """Who, save, start afresh: the builder's ``whose`` section."""

    def __init__(self, ctx: BuilderContext, save: SavePanel) -> None:
        self.ctx = ctx
        self.save = save
        self.whose = message_line("wb-whose-text")
        self.new_button = button("Start a new workbook", "wb-new-workbook")
        self.new_button.on_click(ctx.guard.wrap("start a new workbook", self._on_new_workbook))
        self.new_message = message_line("wb-new-message")
        self._armed = False
        row = widgets.HBox([self.whose, save.save_button, self.new_button])
        self.widget = classed(widgets.VBox([row, self.new_message]), "wb-whose")

    def show(self) -> None:
        """Whose work this page holds: the name typed in step 1 and the personal code."""
        owner = self.ctx.roadmap.owner.strip()
        name = f"<b>{escape(owner)}</b>" if owner else "<b>no name yet</b>"
        code = self.ctx.session.code
        saved = (
            f"personal code <code>{escape(code)}</code>"
            if code
            else "not saved yet, so it has no personal code"
        )
        text = f"<span>This workbook: {name} · {saved}</span>"
        if self.whose.value != text:
            self.whose.value = text

    def _on_new_workbook(self, _button: Any = None) -> None:
        """Leave this work (kept on disk under its code) for an empty workbook; unsaved work
        is only dropped after a second press, so one click never loses anything."""
        session = self.ctx.session
        previous = session.code
        unsaved = previous is None and bool(
            session.roadmap.goals or session.work.drafts or session.work.attempts
        )
        if unsaved and not self._armed:
            self._armed = True
            self.new_button.description = "Yes, start a new workbook"
            self.ctx.say(
                "This workbook has not been saved, so starting a new one throws it away. "
                "Press “Save my work” first to keep it, or press the button again to start "
                "afresh.",
                kind="note",
                where=self.new_message,
            )
            return
        self._armed = False
        self.new_button.description = "Start a new workbook"
        with self.ctx.quietly():
            session.start_over()
        self.ctx.refresh()
        self.save.load_code.value = ""
        self.ctx.say("", where=self.save.save_message)
        kept = (
            f" The workbook before it is still saved under the code {previous}: type that code "
            "under “Load my work” to open it again."
            if previous
            else ""
        )
        self.ctx.say(f"A new, empty workbook.{kept}", kind="ok", where=self.new_message)
