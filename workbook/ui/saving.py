"""Saving and coming back: the personal code, "Load my work", and the notice when a save was
refused because another tab saved since (with a button that reloads the saved work).

Stable CSS classes: ``wb-notice`` (a notice from the store, e.g. an older copy was restored),
``wb-stale`` with ``wb-reload`` (a refused save and the way back), ``wb-save-box`` (the save
section), ``wb-save`` (the button, shown on the top line), ``wb-code`` (the personal code),
``wb-save-message``, ``wb-load-code`` and ``wb-load``.
"""

from __future__ import annotations

import logging
from typing import Any

import ipywidgets as widgets

from workbook.html import escape, message_html
from workbook.store import StaleWorkError
from workbook.ui.context import BuilderContext
from workbook.ui.fields import clean_input
from workbook.ui.parts import button, classed, heading, message_line

__all__ = ["SAVE_EXPLANATION", "STALE_SHORT", "SavePanel"]

log = logging.getLogger(__name__)

#: beside the change that could not be saved; the banner at the top gives the whole reason
STALE_SHORT = (
    "Not saved: this page is behind your saved work (another tab or window saved since). "
    "See the message at the top."
)
SAVE_EXPLANATION = (
    "Keep this code: you need it to come back to your work. Write it down or store it "
    "somewhere safe. From now on, every change you make is saved automatically."
)


class SavePanel:
    """The notice bar (section ``notice``) and the save box (section ``save``).

    ``spoke_of_saving`` are the message lines (besides this panel's own) that may speak of a
    refused save, cleared once the saved work is reloaded.
    """

    def __init__(self, ctx: BuilderContext, spoke_of_saving: tuple[widgets.HTML, ...]) -> None:
        self.ctx = ctx
        g = ctx.guard.wrap
        self.notice = message_line("wb-notice")
        self.stale_message = widgets.HTML(value="")
        self.reload_button = button("Reload my saved work", "wb-reload", style="warning")
        self.reload_button.on_click(g("reload your saved work", self._on_reload))
        self.stale_box = classed(widgets.VBox([self.stale_message, self.reload_button]), "wb-stale")
        self.stale_box.layout.display = "none"
        self.notice_box = widgets.VBox([self.notice, self.stale_box])

        # not a green call to action at the top of an empty page: a plain button on the line
        # that says whose work this is (the whose line places it)
        self.save_button = button("Save my work", "wb-save")
        self.save_message = message_line("wb-save-message")
        self.save_button.on_click(g("save your work", self._on_save, self.save_message))
        self.code_display = message_line("wb-code")
        self.load_code = classed(
            widgets.Text(
                value="",
                description="Your code",
                placeholder="the code you were given when you saved",
                style={"description_width": "11em"},
                layout=widgets.Layout(width="32em"),
            ),
            "wb-load-code",
        )
        self.load_button = button("Load my work", "wb-load")
        self.load_button.on_click(g("load your work", self._on_load, self.save_message))
        self.widget = classed(
            widgets.VBox(
                [
                    heading("Come back to your work later"),
                    self.code_display,
                    widgets.HBox([self.load_code, self.load_button]),
                    self.save_message,
                ]
            ),
            "wb-save-box",
        )
        self._spoke_of_saving = (*spoke_of_saving, self.save_message)

    def show_notice(self) -> None:
        """The store's notice, and the stale banner with its reload button when a save was
        refused."""
        notice = self.ctx.session.notice
        self.notice.value = message_html([notice], kind="note") if notice else ""
        stale = self.ctx.session.stale
        self.stale_message.value = message_html([stale], kind="error") if stale else ""
        display = None if stale else "none"
        if self.stale_box.layout.display != display:
            self.stale_box.layout.display = display

    def show_code(self) -> None:
        """The personal code, big enough to copy, or how to get one."""
        code = self.ctx.session.code
        if not code:
            self.code_display.value = (
                "<p>Not saved yet. Press “Save my work”, on the top line, to get a "
                "personal code.</p>"
            )
            return
        self.code_display.value = (
            '<div style="border:2px solid #1f4e79;border-radius:6px;padding:0.5em 1em;'
            'margin:0.5em 0">Your personal code:<div style="font-size:1.6em;font-weight:bold;'
            f'letter-spacing:0.08em"><code>{escape(code)}</code></div>'
            f"<div>{escape(SAVE_EXPLANATION)}</div></div>"
        )

    def autosave(self) -> list[str]:
        """Save after a change once there is a code; the problems to tell (none if it worked)."""
        if not self.ctx.session.code:
            return []
        try:
            self.ctx.session.save()
        except StaleWorkError:  # the banner at the top says why and offers the reload
            self.show_notice()
            return [STALE_SHORT]
        except (ValueError, OSError) as exc:  # StoreError is a ValueError with a friendly text
            log.warning("autosave failed: %s", exc)
            return [f"Your change is shown here but could not be saved yet: {exc}"]
        return []

    def _on_save(self, _button: Any = None) -> None:
        say = self.ctx.say
        try:
            with self.ctx.quietly():
                code = self.ctx.session.save()
        except StaleWorkError:
            self.show_notice()
            say(STALE_SHORT, kind="error", where=self.save_message)
            return
        except (ValueError, OSError) as exc:
            log.warning("save failed: %s", exc)
            say(f"Your work could not be saved: {exc}", kind="error", where=self.save_message)
            return
        self.show_code()
        self.ctx.remember()
        say(
            f"Saved. Your personal code is {code}. {SAVE_EXPLANATION}",
            kind="ok",
            where=self.save_message,
        )

    def _on_load(self, _button: Any = None) -> None:
        code = clean_input(self.load_code.value)
        say = self.ctx.say
        if not code:
            say(
                "Type the code you were given when you saved, then press Load.",
                kind="note",
                where=self.save_message,
            )
            return
        try:
            with self.ctx.quietly():
                self.ctx.session.resume(code)
        except (ValueError, OSError) as exc:  # StoreError: wrong code, unreadable file
            log.info("resume failed: %s", exc)
            lines = ["We could not load work with that code.", str(exc)]
            say([*lines, "Your work here is unchanged."], kind="error", where=self.save_message)
            return
        self.ctx.refresh()
        lines = ["Welcome back: your roadmap is loaded."]
        notice = self.ctx.session.notice
        if notice:
            lines.append(str(notice))
        say(lines, kind="ok", where=self.save_message)

    def _on_reload(self, _button: Any = None) -> None:
        """Open the saved file again after a save was refused as stale."""
        try:
            with self.ctx.quietly():
                self.ctx.session.reload()
        except (ValueError, OSError) as exc:  # the file became unreadable meanwhile
            self.ctx.say(str(exc), kind="error", where=self.save_message)
            return
        self.ctx.refresh()
        for line in self._spoke_of_saving:  # they spoke of the refused save
            line.value = ""
        self.ctx.say(
            "Your saved work is open again, with the changes made in your other tab or window. "
            "Carry on from here.",
            kind="ok",
        )
