"""The list of goals under the form: edit, move up or down, and remove after a second click.

Removing asks first ("Yes, remove it" / "Keep it" in the goal's own row) and says which short-term
steps lead to the goal, since they lose their link. A stale second click never removes a
different goal. Row widgets are reused, so only their text and target change.

Stable CSS classes: ``wb-goal-list``; each ``wb-goal-row`` has ``wb-goal-text`` and buttons
``wb-goal-edit``, ``wb-goal-up``, ``wb-goal-down``, ``wb-goal-remove``, then
``wb-goal-confirm-remove``/``wb-goal-keep``.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from workbook.html import escape
from workbook.model import AREAS, Goal, Horizon
from workbook.ui.context import BuilderContext
from workbook.ui.parts import button, classed

__all__ = ["GoalList", "GoalRow", "titles"]


def titles(goals: list[Goal]) -> str:
    """“A”, “A” and “B”, “A”, “B” and “C”: goal titles for a sentence."""
    quoted = [f"“{g.title}”" for g in goals]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


class GoalRow:
    """One line of the goal list; rows are reused, so only their text and target change."""

    def __init__(self) -> None:
        self.goal_id: str | None = None
        self.text = widgets.HTML(value="", layout=widgets.Layout(flex="1 1 auto"))
        self.text.add_class("wb-goal-text")
        self.edit = button("Edit", "wb-goal-edit", tooltip="Edit this goal in the form")
        self.up = button("Up", "wb-goal-up", tooltip="Move this goal up")
        self.down = button("Down", "wb-goal-down", tooltip="Move this goal down")
        self.remove = button("Remove", "wb-goal-remove", tooltip="Remove this goal")
        self.confirm = button(
            "Yes, remove it", "wb-goal-confirm-remove", style="danger", tooltip="Remove for good"
        )
        self.keep = button("Keep it", "wb-goal-keep", tooltip="Do not remove")
        for each in (self.edit, self.up, self.down, self.remove, self.confirm, self.keep):
            each.layout.width = "auto"
        self.normal = (self.edit, self.up, self.down, self.remove)
        self.confirming = (self.confirm, self.keep)
        self.box = classed(widgets.HBox([self.text, *self.normal]), "wb-goal-row")

    def show(self, html_text: str, *, first: bool, last: bool, armed: bool) -> None:
        self.text.value = html_text
        self.up.disabled = first
        self.down.disabled = last
        buttons = self.confirming if armed else self.normal
        children = (self.text, *buttons)
        if self.box.children != children:
            self.box.children = children


class GoalList:
    """The goal rows and their buttons.

    ``on_edit(goal)`` opens a goal in the form; ``on_removed(goal)`` lets the form stop editing
    a goal that is gone. Everything else goes through the context.
    """

    def __init__(
        self,
        ctx: BuilderContext,
        *,
        on_edit: Callable[[Goal], None],
        on_removed: Callable[[Goal], None],
    ) -> None:
        self.ctx = ctx
        self._on_edit_goal = on_edit
        self._on_removed = on_removed
        self.rows: list[GoalRow] = []
        #: id of the goal whose removal waits for a second click
        self.armed: str | None = None
        self.widget = classed(widgets.VBox([]), "wb-goal-list")
        self.empty = widgets.HTML(value="<p><i>No goals yet: add your first one above.</i></p>")

    def _row_for(self, index: int) -> GoalRow:
        while len(self.rows) <= index:
            row = GoalRow()
            g = self.ctx.guard.wrap
            row.edit.on_click(g("edit the goal", lambda _b, r=row: self._on_edit(r)))
            row.up.on_click(g("move the goal", lambda _b, r=row: self._on_move(r, -1)))
            row.down.on_click(g("move the goal", lambda _b, r=row: self._on_move(r, 1)))
            row.remove.on_click(g("remove the goal", lambda _b, r=row: self._on_remove(r)))
            row.confirm.on_click(g("remove the goal", lambda _b, r=row: self._on_confirm(r)))
            row.keep.on_click(g("keep the goal", lambda _b, r=row: self._on_keep(r)))
            self.rows.append(row)
        return self.rows[index]

    def describe(self, goal: Goal) -> str:
        """One goal as the list shows it: title, horizon, area, months (and dates), its link."""
        from workbook.timeline import month_date

        roadmap = self.ctx.roadmap
        horizon = "long-term" if goal.horizon == Horizon.LONG else "short-term"
        window = f"months {goal.start_month}–{goal.end_month}"
        start = goal.start_date or (
            month_date(roadmap.start_date, goal.start_month) if roadmap.start_date else None
        )
        if self.ctx.dates and start:
            end = month_date(start, goal.end_month - goal.start_month)
            window += f" ({start:%b %Y} – {end:%b %Y})"
        link = ""
        if goal.leads_to:
            target = next((g for g in roadmap.goals if g.id == goal.leads_to), None)
            if target is not None:
                link = f" · leads to “{escape(target.title)}”"
        area = AREAS.get(goal.area, goal.area)
        return (
            f"<b>{escape(goal.title)}</b><br><small>{horizon} · {escape(area)} · "
            f"{window}{link}</small>"
        )

    def refresh(self) -> None:
        """Show the roadmap's goals, in order; the one armed for removal asks to confirm."""
        goals = list(self.ctx.roadmap.goals)
        if self.armed not in {g.id for g in goals}:
            self.armed = None
        boxes = []
        for i, goal in enumerate(goals):
            row = self._row_for(i)
            row.goal_id = goal.id
            text = self.describe(goal)
            armed = goal.id == self.armed
            if armed:
                text = f"Remove <b>{escape(goal.title)}</b>? This cannot be undone."
            row.show(text, first=i == 0, last=i == len(goals) - 1, armed=armed)
            boxes.append(row.box)
        children = tuple(boxes) if boxes else (self.empty,)
        if self.widget.children != children:
            self.widget.children = children

    def disarm(self) -> None:
        """Forget a removal that waits for its second click (any other action does this)."""
        if self.armed is not None:
            self.armed = None
            self.refresh()

    def _goal_of(self, row: GoalRow) -> Goal | None:
        try:
            return self.ctx.roadmap.goal(row.goal_id or "")
        except KeyError:
            self.ctx.say("That goal is no longer on your roadmap.", kind="note")
            self.refresh()
            return None

    def _on_edit(self, row: GoalRow) -> None:
        self.disarm()
        goal = self._goal_of(row)
        if goal is not None:
            self._on_edit_goal(goal)
            self.ctx.say(
                f"Editing “{goal.title}”: change the form, then press “Save changes”.",
                kind="note",
            )

    def _on_move(self, row: GoalRow, offset: int) -> None:
        self.disarm()
        goal = self._goal_of(row)
        if goal is not None:
            self.ctx.roadmap.move(goal.id, offset)
            self.ctx.changed(f"Moved “{goal.title}” {'up' if offset < 0 else 'down'}.", None)

    def _on_remove(self, row: GoalRow) -> None:
        goal = self._goal_of(row)
        if goal is not None:
            self.armed = goal.id
            self.refresh()
            steps = self._steps_to(goal)
            linked = (
                f" {titles(steps)} {'leads' if len(steps) == 1 else 'lead'} to it; "
                f"{'it stays' if len(steps) == 1 else 'they stay'} on your roadmap but will no "
                "longer lead to a long-term goal."
                if steps
                else ""
            )
            self.ctx.say(
                f"Remove “{goal.title}”?{linked} Press “Yes, remove it” to confirm, or “Keep it”.",
                kind="note",
            )

    def _on_confirm(self, row: GoalRow) -> None:
        goal = self._goal_of(row)
        if goal is None:
            return
        if self.armed != goal.id:  # a stale second click must never remove a different goal
            self._on_remove(row)
            return
        self.armed = None
        steps = self._steps_to(goal)
        self.ctx.roadmap.remove(goal.id)
        self._on_removed(goal)
        unlinked = (
            f" {titles(steps)} no longer {'leads' if len(steps) == 1 else 'lead'} anywhere: "
            "link it to another long-term goal with Edit."
            if steps
            else ""
        )
        self.ctx.changed(f"Removed “{goal.title}”.{unlinked}", None)

    def _steps_to(self, goal: Goal) -> list[Goal]:
        return [g for g in self.ctx.roadmap.goals if g.leads_to == goal.id]

    def _on_keep(self, _row: GoalRow) -> None:
        self.disarm()
        self.ctx.say("Kept: nothing was removed.", kind="note")
