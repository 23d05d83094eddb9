"""The goal form: the fields of one goal, turned into a :class:`~workbook.model.Goal` and back.

The form judges nothing itself: :meth:`GoalForm.to_goal` builds a goal from exactly what the
fields hold, the model decides whether it is valid, and :meth:`GoalForm.show_errors` puts each
of the model's messages next to the field at fault. Milestone rows come and go with "Add a
milestone" and their own "Remove" buttons; their widgets are reused.

Stable CSS classes: ``wb-goal-form`` (the form), ``wb-form-heading``, ``wb-goal-title``,
``wb-goal-horizon``, ``wb-add-milestone``, ``wb-milestone-row`` with ``wb-remove-milestone``;
the fields' own classes are listed in :mod:`workbook.ui.fields`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbook.html import message_html
from workbook.model import (
    AREAS,
    LONG_TERM_MAX_MONTH,
    MAX_MILESTONES,
    SHORT_TERM_MAX_MONTH,
    FieldError,
    Goal,
    Horizon,
    Milestone,
    Smart,
    ValidationError,
)
from workbook.ui.fields import (
    ChoiceField,
    Field,
    IntField,
    TextField,
    clean_input,
)
from workbook.ui.parts import button, heading

__all__ = ["HORIZON_CHOICES", "NO_LINK", "SMART_PROMPTS", "GoalForm", "MilestoneRow", "Wrap"]

SMART_PROMPTS: dict[str, str] = {
    "specific": "What exactly will be different once you have reached it?",
    "measurable": "How will you and your manager know it is done: a number, a result, a certificate?",
    "achievable": "What makes it within reach: your skills, time, support or budget?",
    "relevant": "Why does it matter for this role at this employer?",
    "timely": "By when will you reach it, and what are the checkpoints?",
}
HORIZON_CHOICES = [
    ("Short-term (1–12 months)", str(Horizon.SHORT)),
    ("Long-term (within 5 years)", str(Horizon.LONG)),
]
NO_LINK = ""  #: the "Leads to" choice for a step not linked to a long-term goal


def split_skills(value: Any) -> list[Any]:
    """Comma-separated skills as a list; anything that is not text goes to the model as is."""
    if isinstance(value, str):
        return [s for s in (clean_input(part) for part in value.split(",")) if s]
    if isinstance(value, list | tuple):
        return [clean_input(v) for v in value]
    return [value]


class MilestoneRow:
    """One milestone: a title and the month it should be reached, with its own messages."""

    def __init__(self, index: int) -> None:
        self.index = index
        self.title = TextField(
            f"milestones[{index}].title",
            f"Milestone {index + 1}",
            placeholder="e.g. finish half of the course modules",
            width="30em",
        )
        self.month = IntField(
            f"milestones[{index}].month",
            "in month",
            high=SHORT_TERM_MAX_MONTH,
            label_width="5em",
            width="12em",
        )
        self.remove = button("Remove", "wb-remove-milestone", tooltip="Remove this milestone")
        self.box = widgets.HBox([self.title.box, self.month.box, self.remove])
        self.box.add_class("wb-milestone-row")

    @property
    def fields(self) -> list[Field]:
        return [self.title, self.month]


Wrap = Callable[[str, Callable[..., Any]], Callable[..., Any]]


def unwrapped(_action: str, handler: Callable[..., Any]) -> Callable[..., Any]:
    """No guard: a form used on its own (tests) lets its handlers' exceptions through."""
    return handler


class GoalForm:
    """The fields of one goal; turns them into a :class:`Goal` and back.

    ``wrap(action, handler)`` guards the form's own buttons (the builder passes its guard).
    """

    def __init__(self, wrap: Wrap = unwrapped) -> None:
        self._wrap = wrap
        self.title = TextField(
            "title",
            "Goal",
            placeholder="e.g. Lead a small analytics team",
            hint="One clear sentence: what you want to achieve.",
        )
        self.title.widget.add_class("wb-goal-title")
        self.horizon = ChoiceField("horizon", "Horizon", HORIZON_CHOICES, toggle=True)
        self.horizon.widget.add_class("wb-goal-horizon")
        self.area = ChoiceField("area", "Area", [(label, key) for key, label in AREAS.items()])
        self.start_month = IntField(
            "start_month", "Starts in month", high=SHORT_TERM_MAX_MONTH, hint="0 means now."
        )
        self.end_month = IntField(
            "end_month",
            "Reached by month",
            high=SHORT_TERM_MAX_MONTH,
            hint=(
                "A short-term goal ends by month 12; a long-term one by month 60, the five-year "
                "window an interview answer keeps to. A later dream (up to month 120) is shown "
                "past that window, outside your answer."
            ),
        )
        self.end_month.widget.value = 6
        # no date per goal: months from "now" place it, and the roadmap's "Month 0 is" date
        # (asked once, with dates=True) turns months into dates for the chart and calendar. A
        # goal's own start date, from an older save, is kept as it was but never asked for.
        self._kept_start_date: dt.date | None = None
        self.smart = {
            letter: TextField(
                f"smart.{letter}",
                f"{letter[0].upper()} – {letter}",
                textarea=True,
                hint=SMART_PROMPTS[letter],
            )
            for letter in Smart.LETTERS
        }
        self.milestone_rows: list[MilestoneRow] = []
        self.milestone_count = 0
        self.milestone_box = widgets.VBox([])
        self.milestone_message = widgets.HTML(value="")
        self.milestone_message.add_class("wb-field-message")
        self.add_milestone = button("Add a milestone", "wb-add-milestone")
        self.add_milestone.on_click(wrap("add a milestone", self._on_add_milestone))
        self.skills = TextField(
            "skills",
            "Skills",
            placeholder="e.g. SQL, presenting, coaching",
            hint="Skills this goal needs or builds, separated by commas.",
        )
        self.leads_to = ChoiceField(
            "leads_to",
            "Leads to",
            [("(not linked to a long-term goal yet)", NO_LINK)],
            hint="Which long-term goal is this a stepping stone to?",
        )

    # --- the fields, in order, with the model's name for each --------------------------------
    @property
    def fields(self) -> list[Field]:
        rows = [f for row in self.active_rows for f in row.fields]
        return [
            self.title,
            self.horizon,
            self.area,
            self.start_month,
            self.end_month,
            *self.smart.values(),
            *rows,
            self.skills,
            self.leads_to,
        ]

    @property
    def active_rows(self) -> list[MilestoneRow]:
        return self.milestone_rows[: self.milestone_count]

    @property
    def is_short(self) -> bool:
        return bool(self.horizon.value == Horizon.SHORT)

    # --- milestones ----------------------------------------------------------------------------
    def milestone_values(self) -> list[tuple[Any, Any]]:
        return [(row.title.value, row.month.value) for row in self.active_rows]

    def set_milestones(self, values: list[tuple[Any, Any]]) -> None:
        """Show exactly these (title, month) rows, reusing row widgets."""
        values = values[:MAX_MILESTONES]
        while len(self.milestone_rows) < len(values):
            row = MilestoneRow(len(self.milestone_rows))
            remove = functools.partial(self._on_remove_milestone, row.index)
            row.remove.on_click(self._wrap("remove the milestone", remove))
            self.milestone_rows.append(row)
        self.milestone_count = len(values)
        top = self.month_limit()
        for row, (title, month) in zip(self.active_rows, values, strict=True):
            row.month.set_bounds(0, top)
            row.title.reset(title)
            row.month.reset(month)
        self.milestone_box.children = tuple(row.box for row in self.active_rows)
        self.add_milestone.disabled = self.milestone_count >= MAX_MILESTONES

    def _on_add_milestone(self, _button: Any = None) -> None:
        values = self.milestone_values()
        if len(values) < MAX_MILESTONES:
            self.set_milestones([*values, ("", self.end_month.widget.value)])

    def _on_remove_milestone(self, index: int, _button: Any = None) -> None:
        values = self.milestone_values()
        if 0 <= index < len(values):
            del values[index]
            self.set_milestones(values)

    def month_limit(self) -> int:
        return SHORT_TERM_MAX_MONTH if self.is_short else LONG_TERM_MAX_MONTH

    # --- to and from a goal ---------------------------------------------------------------------
    def to_goal(self, goal_id: str | None = None) -> Goal:
        """A goal from exactly what the fields hold; the model decides whether it is valid."""
        leads = self.leads_to.value if self.is_short else NO_LINK
        goal = Goal(
            title=self.title.text,
            horizon=self.horizon.value,
            area=self.area.value,
            start_month=self.start_month.value,
            end_month=self.end_month.value,
            start_date=self._kept_start_date if goal_id else None,
            smart=Smart(**{letter: field.text for letter, field in self.smart.items()}),
            milestones=[Milestone(r.title.text, r.month.value) for r in self.active_rows],
            skills=split_skills(self.skills.value),
            leads_to=leads or None,
        )
        if goal_id:
            goal.id = goal_id
        return goal

    def load(self, goal: Goal) -> None:
        """Fill the form with a goal for editing (values it cannot show become messages)."""
        self.horizon.reset(str(goal.horizon))
        self.title.reset(goal.title)
        self.area.reset(goal.area)
        self.start_month.reset(goal.start_month)
        self.end_month.reset(goal.end_month)
        self._kept_start_date = goal.start_date
        for letter, field in self.smart.items():
            field.reset(getattr(goal.smart, letter))
        self.set_milestones([(m.title, m.month) for m in goal.milestones])
        self.skills.reset(", ".join(str(s) for s in goal.skills))
        self.leads_to.reset(goal.leads_to or NO_LINK)
        self.milestone_message.value = ""

    def clear(self) -> None:
        """Back to an empty short-term goal."""
        self.load(Goal(title=""))
        self.clear_messages()

    def clear_messages(self) -> None:
        for field in self.fields:
            field.clear()
        self.milestone_message.value = ""

    def show_errors(self, exc: ValidationError) -> list[FieldError]:
        """Put each message next to its field; return the errors no field could show."""
        shown: set[int] = set()
        for field in self.fields:
            messages = [
                (i, e.message)
                for i, e in enumerate(exc.errors)
                if e.field == field.name or e.field.startswith((field.name + ".", field.name + "["))
            ]
            if field.name.startswith("milestones[") and field.name.endswith(".title"):
                row = field.name[: -len(".title")]
                messages += [(i, e.message) for i, e in enumerate(exc.errors) if e.field == row]
            field.show(m for _, m in messages)
            shown.update(i for i, _ in messages)
        rest = [(i, e) for i, e in enumerate(exc.errors) if i not in shown]
        milestone_level = [e.message for _, e in rest if e.field == "milestones"]
        self.milestone_message.value = message_html(milestone_level)
        return [e for _, e in rest if e.field != "milestones"]

    @property
    def widget(self) -> widgets.VBox:
        return self._widget

    def build(self, buttons: widgets.HBox) -> widgets.VBox:
        self.heading = heading("Add a goal")
        self.heading.add_class("wb-form-heading")
        smart_intro = widgets.HTML(
            value="<p>Answer the five SMART questions: a goal an interviewer can believe in "
            "is Specific, Measurable, Achievable, Relevant and Timely.</p>"
        )
        milestones = widgets.VBox(
            [
                widgets.HTML(value="<b>Milestones</b> (checkpoints on the way, optional)"),
                self.milestone_box,
                widgets.HBox([self.add_milestone, self.milestone_message]),
            ]
        )
        self._widget = widgets.VBox(
            [
                self.heading,
                self.title.box,
                self.horizon.box,
                self.area.box,
                self.start_month.box,
                self.end_month.box,
                smart_intro,
                *(field.box for field in self.smart.values()),
                milestones,
                self.skills.box,
                self.leads_to.box,
                buttons,
            ]
        )
        self._widget.add_class("wb-goal-form")
        return self._widget
