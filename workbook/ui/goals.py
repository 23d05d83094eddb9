"""The builder's goal section: the goal form with Add goal / Save changes, then the goal list.

The form adds a goal, or (after "Edit" in the list) saves changes to one; "Cancel edit" leaves
editing. Everything goes through the model: ``Roadmap.add``/``replace`` judge the goal, and
each message lands next to the field at fault, with a summary in the section's message line.

Stable CSS classes: ``wb-goals`` (the section), ``wb-add-goal``, ``wb-cancel-edit``,
``wb-message``; the form's and the list's own classes are listed in their modules.
"""

from __future__ import annotations

import logging
from typing import Any

import ipywidgets as widgets

from workbook.html import escape
from workbook.model import Goal, ValidationError
from workbook.text import counted
from workbook.ui.context import BuilderContext
from workbook.ui.fields import Field
from workbook.ui.goal_form import NO_LINK, GoalForm
from workbook.ui.goal_list import GoalList
from workbook.ui.parts import button, classed, heading

__all__ = ["GoalSection"]

log = logging.getLogger(__name__)


class GoalSection:
    """The form, its buttons, the goal list, and which goal (if any) is being edited."""

    def __init__(self, ctx: BuilderContext) -> None:
        self.ctx = ctx
        g = ctx.guard.wrap
        #: id of the goal being edited, or None when the form adds a new goal
        self.editing: str | None = None
        self.form = GoalForm(g)
        self.form.horizon.on_change(g("change the horizon", self.on_horizon))
        self.add_button = button("Add goal", "wb-add-goal", style="primary")
        self.add_button.on_click(g("add the goal", self._on_submit))
        self.cancel_button = button("Cancel edit", "wb-cancel-edit")
        self.cancel_button.on_click(g("cancel the edit", self._on_cancel))
        self.cancel_button.layout.display = "none"
        form = self.form.build(widgets.HBox([self.add_button, self.cancel_button]))
        self.list = GoalList(ctx, on_edit=self._start_editing, on_removed=self._removed)
        self.widget = classed(
            widgets.VBox([form, ctx.message, heading("Your goals"), self.list.widget]), "wb-goals"
        )

    def refresh(self) -> None:
        """Show the session's goals afresh: no removal pending, no edit of a goal now gone."""
        self.list.armed = None
        if self.editing is not None:
            self.stop_editing()
        else:
            self.refresh_links()
        self.list.refresh()
        self.on_horizon(self.form.horizon)

    def on_horizon(self, _field: Field) -> None:
        """A short-term goal ends by month 12 and may lead somewhere; a long-term one neither."""
        top = self.form.month_limit()
        for field in (
            self.form.start_month,
            self.form.end_month,
            *(r.month for r in self.form.active_rows),
        ):
            field.set_bounds(0, top)
        self.form.leads_to.box.layout.display = None if self.form.is_short else "none"

    def _on_submit(self, _button: Any = None) -> None:
        self.list.disarm()
        editing = self.editing
        goal = self.form.to_goal(editing)
        self.form.clear_messages()
        try:
            if editing:
                self.ctx.roadmap.replace(goal)
            else:
                self.ctx.roadmap.add(goal)
        except ValidationError as exc:
            self._refused(exc, editing=bool(editing))
            return
        except KeyError:
            self.stop_editing()
            self.ctx.say(
                "That goal is no longer on your roadmap, so the edit could not be saved. "
                "Add it again as a new goal if you still want it.",
                kind="error",
            )
            self.list.refresh()
            return
        done = "Saved your changes to" if editing else "Added"
        self.editing = None
        self.ctx.changed(f"{done} “{goal.title}”.", None)  # the chart first, then the form
        self.stop_editing()

    def _refused(self, exc: ValidationError, *, editing: bool) -> None:
        """Each of the model's messages beside its field, and all of them in the summary."""
        rest = self.form.show_errors(exc)
        verb = "Nothing was changed" if editing else "The goal was not added"
        count = len(exc.errors)
        where = " (see the messages next to the fields)" if len(rest) < count else ""
        lines = [
            f"{verb}: {counted(count, 'thing')} to fix{where}.",
            *(e.message for e in exc.errors),
        ]
        self.ctx.say(lines, kind="error")
        if rest:
            log.debug("errors with no field of their own: %s", rest)

    def _on_cancel(self, _button: Any = None) -> None:
        self.stop_editing()
        self.ctx.say("Edit cancelled; nothing was changed.", kind="note")

    def stop_editing(self) -> None:
        """Back to adding: an empty form, the Add goal button, every long-term goal a target."""
        self.editing = None
        self.add_button.description = "Add goal"
        self.cancel_button.layout.display = "none"
        self.form.heading.value = "<h3>Add a goal</h3>"
        self.refresh_links()
        self.form.clear()

    def _start_editing(self, goal: Goal) -> None:
        self.editing = goal.id
        self.refresh_links()
        self.form.load(goal)
        self.form.clear_messages()
        self.add_button.description = "Save changes"
        self.cancel_button.layout.display = None
        self.form.heading.value = f"<h3>Editing “{escape(goal.title)}”</h3>"

    def _removed(self, goal: Goal) -> None:
        if self.editing == goal.id:
            self.stop_editing()

    def refresh_links(self) -> None:
        """Offer the roadmap's long-term goals (not the one being edited) as destinations."""
        options = [("(not linked to a long-term goal yet)", NO_LINK)]
        for goal in self.ctx.roadmap.long_term:
            if goal.id != self.editing:
                title = goal.title if len(goal.title) <= 60 else goal.title[:59] + "…"
                options.append((title, goal.id))
        self.form.leads_to.set_options(options)
