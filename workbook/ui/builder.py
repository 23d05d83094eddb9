"""The roadmap builder: a form that turns a student's goals into a validated roadmap and chart.

``roadmap_builder(session=None, *, dates=False)`` returns an ``ipywidgets.VBox``; the live
:class:`RoadmapBuilder` behind it is ``vbox.builder``. Its parts are plain attributes, so the
dashboard and the tests drive it as a student would::

    b = roadmap_builder(session).builder
    b.form.title.value = "Finish an SQL course"     # each form field is a fields.Field
    b.form.end_month.value = 6
    b.add_button.click()                              # -> b.session.roadmap, b.message, b.chart
    b.save_button.click(); b.session.code             # autosave after each change from then on
    b.errors                                          # unexpected exceptions caught (normally [])

Other parts: ``b.owner``/``b.role``/``b.employer`` (about fields), ``b.rows`` (goal rows, with
``edit``/``up``/``down``/``remove``/``confirm``/``keep`` buttons), ``b.chart`` (Image),
``b.chart_text``, ``b.advice``, ``b.load_code``/``b.load_button``, ``b.prepare_button``/
``b.downloads``, ``b.render_seconds`` (last chart redraw) and ``b.close()``. Everything goes
through the model: the form builds a :class:`~workbook.model.Goal`, ``Roadmap.add``/``replace``
judge it, and each message lands next to the field at fault. No handler lets an exception
escape: an unexpected one is logged, kept in ``builder.errors`` and shown as a friendly line in
the message area of its section. Everything a student typed is escaped before it is placed in
an HTML widget. Pure ipywidgets, no JavaScript, so it runs the same in Voila.

The builder is made of sections (``b.sections``: ``notice``, ``about``, ``goals``, ``chart``,
``save``, ``downloads``), each with its own message line, so a host such as the dashboard can
place them on different steps: ``RoadmapBuilder(session, sections=("goals", "chart"))`` keeps
only those two in ``b.widget`` and leaves the others for the host to show. Nothing is shown
twice, and a message always appears next to the control that caused it.

The live chart is an SVG from :func:`workbook.timeline.timeline_svg`: the same layout as
the matplotlib chart, drawn in a millisecond or two without importing matplotlib (about 50 MiB
with numpy), so a student's kernel stays small in a class of thirty. An empty roadmap shows a
short HTML note instead. The chart downloads (PNG, SVG) are drawn by matplotlib in a separate
short-lived process (:func:`workbook.export.chart_files`), for the same reason.

Stable CSS classes (for the app's stylesheet and the browser tests):

==========================  ================================================================
``wb-builder``              the whole builder (the returned VBox)
``wb-notice``               a notice from the store (e.g. an older copy was restored)
``wb-about``                the owner / role / employer box; ``wb-about-message`` its messages
``wb-goal-form``            the goal form; ``wb-form-heading`` its heading
``wb-goal-title``           the goal title text box
``wb-add-goal``             Add goal / Save changes; ``wb-cancel-edit`` leaves editing
``wb-add-milestone``        adds a milestone row; rows are ``wb-milestone-row`` with a
                            ``wb-remove-milestone`` button
``wb-message``              the summary message after each action
``wb-goal-list``            the list of goals; each ``wb-goal-row`` has ``wb-goal-text`` and
                            buttons ``wb-goal-edit``, ``wb-goal-up``, ``wb-goal-down``,
                            ``wb-goal-remove``, then ``wb-goal-confirm-remove``/``wb-goal-keep``
``wb-timeline``             the chart (an SVG image); ``wb-timeline-text`` the chart in words;
                            ``wb-timeline-empty`` the note shown instead while there are no goals
``wb-advice``               the article's advice on this roadmap
``wb-save-box``             the save section: ``wb-save`` button, ``wb-code`` shows the personal
                            code, ``wb-save-message`` the outcome of saving or loading
``wb-load-code``, ``wb-load``  the code box and the button that brings work back
``wb-download-box``         the downloads section: ``wb-prepare-downloads`` builds the links,
                            ``wb-download`` holds them, ``wb-download-message`` says how it went
``wb-field``, ``wb-field-<name>``, ``wb-field-message``  see :mod:`workbook.ui.fields`
==========================  ================================================================
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import logging
import time
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbook.model import (
    AREAS,
    LONG_TERM_MAX_MONTH,
    MAX_MILESTONES,
    SHORT_TERM_MAX_MONTH,
    FieldError,
    Goal,
    Horizon,
    Milestone,
    Roadmap,
    Smart,
    ValidationError,
)
from workbook.store import ANSWER_DRAFT, StaleWorkError
from workbook.ui.fields import (
    ChoiceField,
    DateField,
    Field,
    IntField,
    TextField,
    clean_input,
    escape,
    message_html,
)

__all__ = [
    "SECTIONS",
    "RoadmapBuilder",
    "roadmap_builder",
]

log = logging.getLogger(__name__)

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
NO_LINK = ""
#: file suffix -> (link text, MIME type) of each download offered
DOWNLOADS: dict[str, tuple[str, str]] = {
    "md": ("Markdown", "text/markdown;charset=utf-8"),
    "csv": ("CSV (spreadsheet)", "text/csv;charset=utf-8"),
    "ics": ("Calendar (.ics)", "text/calendar;charset=utf-8"),
    "png": ("Chart (PNG)", "image/png"),
    "svg": ("Chart (SVG)", "image/svg+xml"),
    "json": ("Your data (JSON)", "application/json"),
}
LINK_STYLE = "color:#0b57d0;text-decoration:underline"  # Voila's page styles no widget links
#: the builder's parts, in the order the stand-alone builder shows them
SECTIONS = ("whose", "notice", "about", "goals", "chart", "save", "downloads")
EMPTY_CHART_HTML = (
    '<div style="border:1px dashed #8c959f;border-radius:6px;padding:1.2em 1.5em;'
    'max-width:46em;color:#3a3a3a"><b>Your five-year timeline appears here.</b><br>'
    "Add your first goal above: long-term goals get the top lane, the short-term steps "
    "that lead to them the lane below, from now to five years ahead.</div>"
)
#: beside the change that could not be saved; the banner at the top gives the whole reason
STALE_SHORT = (
    "Not saved: this page is behind your saved work (another tab or window saved since). "
    "See the message at the top."
)
SAVE_EXPLANATION = (
    "Keep this code: you need it to come back to your work. Write it down or store it "
    "somewhere safe. From now on, every change you make is saved automatically."
)


def _months(start: dt.date, months: int) -> dt.date:
    from dateutil.relativedelta import relativedelta

    return start + relativedelta(months=months)


def _button(label: str, css: str, *, tooltip: str = "", style: str = "") -> widgets.Button:
    button = widgets.Button(description=label, tooltip=tooltip or label, button_style=style)
    button.add_class(css)
    return button


def _message(css: str) -> widgets.HTML:
    """An empty message line for one section, with its stable class."""
    line = widgets.HTML(value="")
    line.add_class(css)
    return line


def _heading(text: str, level: int = 3) -> widgets.HTML:
    return widgets.HTML(value=f"<h{level}>{escape(text)}</h{level}>")


def _titles(goals: list[Goal]) -> str:
    """“A”, “A” and “B”, “A”, “B” and “C”: goal titles for a sentence."""
    quoted = [f"“{g.title}”" for g in goals]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _split_skills(value: Any) -> list[Any]:
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
        self.remove = _button("Remove", "wb-remove-milestone", tooltip="Remove this milestone")
        self.box = widgets.HBox([self.title.box, self.month.box, self.remove])
        self.box.add_class("wb-milestone-row")

    @property
    def fields(self) -> list[Field]:
        return [self.title, self.month]


Wrap = Callable[[str, Callable[..., Any]], Callable[..., Any]]


def _unwrapped(_action: str, handler: Callable[..., Any]) -> Callable[..., Any]:
    return handler


class GoalForm:
    """The fields of one goal; turns them into a :class:`Goal` and back.

    ``wrap(action, handler)`` guards the form's own buttons (the builder passes its guard).
    """

    def __init__(self, wrap: Wrap = _unwrapped) -> None:
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
        self.add_milestone = _button("Add a milestone", "wb-add-milestone")
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
        return self.horizon.value == Horizon.SHORT

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
            skills=_split_skills(self.skills.value),
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
        self.heading = _heading("Add a goal")
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


class GoalRow:
    """One line of the goal list; rows are reused, so only their text and target change."""

    def __init__(self) -> None:
        self.goal_id: str | None = None
        self.text = widgets.HTML(value="", layout=widgets.Layout(flex="1 1 auto"))
        self.text.add_class("wb-goal-text")
        self.edit = _button("Edit", "wb-goal-edit", tooltip="Edit this goal in the form")
        self.up = _button("Up", "wb-goal-up", tooltip="Move this goal up")
        self.down = _button("Down", "wb-goal-down", tooltip="Move this goal down")
        self.remove = _button("Remove", "wb-goal-remove", tooltip="Remove this goal")
        self.confirm = _button(
            "Yes, remove it", "wb-goal-confirm-remove", style="danger", tooltip="Remove for good"
        )
        self.keep = _button("Keep it", "wb-goal-keep", tooltip="Do not remove")
        for button in (self.edit, self.up, self.down, self.remove, self.confirm, self.keep):
            button.layout.width = "auto"
        self.normal = (self.edit, self.up, self.down, self.remove)
        self.confirming = (self.confirm, self.keep)
        self.box = widgets.HBox([self.text, *self.normal])
        self.box.add_class("wb-goal-row")

    def show(self, html_text: str, *, first: bool, last: bool, armed: bool) -> None:
        self.text.value = html_text
        self.up.disabled = first
        self.down.disabled = last
        buttons = self.confirming if armed else self.normal
        children = (self.text, *buttons)
        if self.box.children != children:
            self.box.children = children


class RoadmapBuilder:
    """The live builder: its widgets, the form, and the handlers that drive the session."""

    def __init__(
        self, session: Any = None, *, dates: bool = False, sections: tuple[str, ...] = SECTIONS
    ) -> None:
        unknown = [name for name in sections if name not in SECTIONS]
        if unknown:
            raise ValueError(f"unknown builder sections {unknown}; choose from {SECTIONS}")
        if session is None:
            from workbook.session import current_session

            session = current_session()
        self.session = session
        self.dates = dates
        #: unexpected exceptions caught by the handlers (a healthy builder keeps this empty)
        self.errors: list[BaseException] = []
        #: id of the goal being edited, or None when the form adds a new goal
        self.editing: str | None = None
        #: id of the goal whose removal waits for a second click
        self.armed: str | None = None
        #: seconds the last chart redraw took (layout + SVG)
        self.render_seconds: float | None = None
        self._quiet = 0  # >0 while this builder changes things itself
        self._shown: tuple[Any, ...] | None = None  # what the widgets show (see _fingerprint)
        self._downloads_ready = False
        self._build(sections)
        self.widget.builder = self  # reachable from the returned VBox, as documented
        self._callback = self._guard("refresh the builder", self._session_changed)
        on_change = getattr(session, "on_change", None)
        if callable(on_change):
            on_change(self._callback)
        self._run("show your roadmap", self.refresh)

    def close(self) -> None:
        """Stop listening to the session and close every widget (a dashboard replacing it)."""
        off_change = getattr(self.session, "off_change", None)
        if callable(off_change):
            off_change(self._callback)
        roots = [
            self.widget,
            *self.sections.values(),
            *(row.box for row in self.rows),
            *(row.box for row in self.form.milestone_rows),
            self.empty_list,
        ]
        seen: set[int] = set()
        while roots:
            w = roots.pop()
            if id(w) in seen or not isinstance(w, widgets.Widget):
                continue
            seen.add(id(w))
            roots.extend(getattr(w, "children", ()))
            roots.extend(x for x in (getattr(w, "layout", None), getattr(w, "style", None)) if x)
            w.close()

    # --- construction --------------------------------------------------------------------------
    def _build(self, sections: tuple[str, ...]) -> None:
        g = self._guard
        self.notice = widgets.HTML(value="")
        self.notice.add_class("wb-notice")
        # a save refused because another tab saved since: say so, and offer the way back
        self.stale_message = widgets.HTML(value="")
        self.reload_button = _button("Reload my saved work", "wb-reload", style="warning")
        self.reload_button.on_click(g("reload your saved work", self._on_reload))
        self.stale_box = widgets.VBox([self.stale_message, self.reload_button])
        self.stale_box.add_class("wb-stale")
        self.stale_box.layout.display = "none"

        # whose work this page shows, and a way for the next person to start their own
        self.whose = widgets.HTML(value="")
        self.whose.add_class("wb-whose-text")
        self.new_button = _button("Start a new workbook", "wb-new-workbook")
        self.new_button.on_click(g("start a new workbook", self._on_new_workbook))
        self.new_message = _message("wb-new-message")
        self._new_armed = False
        # the save button joins this line once it exists (below): who, save, start afresh
        self._whose_row = widgets.HBox([self.whose, self.new_button])
        whose = widgets.VBox([self._whose_row, self.new_message])
        whose.add_class("wb-whose")

        self.owner = TextField("owner", "Your name", placeholder="as you want it shown")
        self.role = TextField("role", "Role", placeholder="the job you are interviewing for")
        self.employer = TextField("employer", "Employer", placeholder="who you would work for")
        self.about_fields: dict[str, Field] = {
            "owner": self.owner,
            "role": self.role,
            "employer": self.employer,
        }
        if self.dates:
            self.roadmap_start = DateField(
                "roadmap_start_date",
                "Month 0 is",
                hint="The real date your plan starts, so the chart can show dates.",
            )
            self.about_fields["start_date"] = self.roadmap_start
        self.about_message = _message("wb-about-message")
        for attr, field in self.about_fields.items():
            handler = functools.partial(self._on_about, attr)
            field.on_change(g("update your details", handler, self.about_message))
        about = widgets.VBox(
            [
                _heading("About you"),
                *(field.box for field in self.about_fields.values()),
                self.about_message,
            ]
        )
        about.add_class("wb-about")

        self.form = GoalForm(g)
        self.form.horizon.on_change(g("change the horizon", self._on_horizon))
        self.add_button = _button("Add goal", "wb-add-goal", style="primary")
        self.add_button.on_click(g("add the goal", self._on_submit))
        self.cancel_button = _button("Cancel edit", "wb-cancel-edit")
        self.cancel_button.on_click(g("cancel the edit", self._on_cancel))
        self.cancel_button.layout.display = "none"
        form = self.form.build(widgets.HBox([self.add_button, self.cancel_button]))

        self.message = widgets.HTML(value="")
        self.message.add_class("wb-message")

        self.rows: list[GoalRow] = []
        self.goal_list = widgets.VBox([])
        self.goal_list.add_class("wb-goal-list")
        self.empty_list = widgets.HTML(
            value="<p><i>No goals yet: add your first one above.</i></p>"
        )

        self.chart = widgets.Image(
            format="svg+xml",
            value=b"",
            # its own size on a wide page, scaled down (crisply: it is vector) on a narrow one
            layout=widgets.Layout(max_width="100%", align_self="flex-start"),
        )
        self.chart.add_class("wb-timeline")
        self.chart_empty = widgets.HTML(value="")
        self.chart_empty.add_class("wb-timeline-empty")
        # the timeline as a list, shown in the chart's place where a chart would be unreadable
        # (the page's stylesheet swaps them on a phone)
        self.chart_list = widgets.HTML(value="")
        self.chart_list.add_class("wb-timeline-list")
        self.chart_text = widgets.HTML(value="")
        self.chart_text.add_class("wb-timeline-text")
        self.advice = widgets.HTML(value="")
        self.advice.add_class("wb-advice")

        # not a green call to action at the top of an empty page: a plain button on the line
        # that says whose work this is
        self.save_button = _button("Save my work", "wb-save")
        self.save_message = _message("wb-save-message")
        self.save_button.on_click(g("save your work", self._on_save, self.save_message))
        self.code_display = widgets.HTML(value="")
        self.code_display.add_class("wb-code")
        self.load_code = widgets.Text(
            value="",
            description="Your code",
            placeholder="the code you were given when you saved",
            style={"description_width": "11em"},
            layout=widgets.Layout(width="32em"),
        )
        self.load_code.add_class("wb-load-code")
        self.load_button = _button("Load my work", "wb-load")
        self.load_button.on_click(g("load your work", self._on_load, self.save_message))
        self._whose_row.children = (self.whose, self.save_button, self.new_button)
        save_box = widgets.VBox(
            [
                _heading("Come back to your work later"),
                self.code_display,
                widgets.HBox([self.load_code, self.load_button]),
                self.save_message,
            ]
        )
        save_box.add_class("wb-save-box")

        self.prepare_button = _button("Prepare downloads", "wb-prepare-downloads")
        self.download_message = _message("wb-download-message")
        self.prepare_button.on_click(
            g("prepare your downloads", self._on_prepare_downloads, self.download_message)
        )
        self.downloads = widgets.HTML(value="")
        self.downloads.add_class("wb-download")
        download_box = widgets.VBox(
            [
                _heading("Download your roadmap"),
                self.prepare_button,
                self.download_message,
                self.downloads,
            ]
        )
        download_box.add_class("wb-download-box")

        goals = widgets.VBox([form, self.message, _heading("Your goals"), self.goal_list])
        goals.add_class("wb-goals")
        chart = widgets.VBox(
            [
                _heading("Your timeline"),
                self.chart,
                self.chart_list,
                self.chart_empty,
                self.chart_text,
                self.advice,
            ]
        )
        chart.add_class("wb-chart")
        #: every part by name; the ones not in ``widget`` are for a host to place
        self.sections: dict[str, widgets.Widget] = {
            "whose": whose,
            "notice": widgets.VBox([self.notice, self.stale_box]),
            "about": about,
            "goals": goals,
            "chart": chart,
            "save": save_box,
            "downloads": download_box,
        }
        self.widget = widgets.VBox([self.sections[name] for name in sections])
        self.widget.add_class("wb-builder")

    # --- running handlers safely -------------------------------------------------------------------
    def _guard(
        self, action: str, handler: Callable[..., Any], where: widgets.HTML | None = None
    ) -> Callable[..., None]:
        """Wrap a handler so that no exception ever reaches the notebook as a traceback; an
        unexpected one is reported in ``where`` (default: the goal section's message)."""

        @functools.wraps(handler)
        def run(*args: Any, **kwargs: Any) -> None:
            self._run(action, handler, *args, where=where, **kwargs)

        return run

    def _run(
        self,
        action: str,
        handler: Callable[..., Any],
        *args: Any,
        where: widgets.HTML | None = None,
        **kwargs: Any,
    ) -> None:
        try:
            handler(*args, **kwargs)
        except Exception as exc:  # the promise: a friendly line, never a traceback
            self.errors.append(exc)
            log.exception("roadmap builder: could not %s", action)
            self._say(
                f"Sorry, something went wrong while trying to {action}. What you already "
                "saved is safe; try again, and tell your instructor if it keeps happening.",
                kind="error",
                where=where,
            )

    def _say(
        self, text: str | list[str], *, kind: str = "ok", where: widgets.HTML | None = None
    ) -> None:
        """Show a message in ``where`` (a section's message line; default: the goal section's)."""
        target = self.message if where is None else where
        target.value = message_html([text] if isinstance(text, str) else text, kind=kind)

    @property
    def roadmap(self) -> Roadmap:
        return self.session.roadmap

    # --- the goal form -------------------------------------------------------------------------
    def _on_horizon(self, _field: Field) -> None:
        short = self.form.is_short
        top = self.form.month_limit()
        for field in (
            self.form.start_month,
            self.form.end_month,
            *(r.month for r in self.form.active_rows),
        ):
            field.set_bounds(0, top)
        self.form.leads_to.box.layout.display = None if short else "none"

    def _on_submit(self, _button: Any = None) -> None:
        self._disarm()
        editing = self.editing
        goal = self.form.to_goal(editing)
        self.form.clear_messages()
        try:
            if editing:
                self.roadmap.replace(goal)
            else:
                self.roadmap.add(goal)
        except ValidationError as exc:
            rest = self.form.show_errors(exc)
            verb = "Nothing was changed" if editing else "The goal was not added"
            count = len(exc.errors)
            where = " (see the messages next to the fields)" if len(rest) < count else ""
            lines = [
                f"{verb}: {count} thing{'s' if count != 1 else ''} to fix{where}.",
                *(e.message for e in exc.errors),
            ]
            self._say(lines, kind="error")
            if rest:
                log.debug("errors with no field of their own: %s", rest)
            return
        except KeyError:
            self._stop_editing()
            self._say(
                "That goal is no longer on your roadmap, so the edit could not be saved. "
                "Add it again as a new goal if you still want it.",
                kind="error",
            )
            self._refresh_list()
            return
        done = "Saved your changes to" if editing else "Added"
        self.editing = None
        self._changed(f"{done} “{goal.title}”.")  # the chart first, then the form is emptied
        self._stop_editing()

    def _on_cancel(self, _button: Any = None) -> None:
        self._stop_editing()
        self._say("Edit cancelled; nothing was changed.", kind="note")

    def _stop_editing(self) -> None:
        self.editing = None
        self.add_button.description = "Add goal"
        self.cancel_button.layout.display = "none"
        self.form.heading.value = "<h3>Add a goal</h3>"
        self._refresh_links()
        self.form.clear()

    def _start_editing(self, goal: Goal) -> None:
        self.editing = goal.id
        self._refresh_links()
        self.form.load(goal)
        self.form.clear_messages()
        self.add_button.description = "Save changes"
        self.cancel_button.layout.display = None
        self.form.heading.value = f"<h3>Editing “{escape(goal.title)}”</h3>"

    # --- the goal list -----------------------------------------------------------------------------
    def _row_for(self, index: int) -> GoalRow:
        while len(self.rows) <= index:
            row = GoalRow()
            g = self._guard
            row.edit.on_click(g("edit the goal", lambda _b, r=row: self._on_edit(r)))
            row.up.on_click(g("move the goal", lambda _b, r=row: self._on_move(r, -1)))
            row.down.on_click(g("move the goal", lambda _b, r=row: self._on_move(r, 1)))
            row.remove.on_click(g("remove the goal", lambda _b, r=row: self._on_remove(r)))
            row.confirm.on_click(g("remove the goal", lambda _b, r=row: self._on_confirm(r)))
            row.keep.on_click(g("keep the goal", lambda _b, r=row: self._on_keep(r)))
            self.rows.append(row)
        return self.rows[index]

    def _describe_goal(self, goal: Goal) -> str:
        horizon = "long-term" if goal.horizon == Horizon.LONG else "short-term"
        window = f"months {goal.start_month}–{goal.end_month}"
        start = goal.start_date or (
            _months(self.roadmap.start_date, goal.start_month) if self.roadmap.start_date else None
        )
        if self.dates and start:
            end = _months(start, goal.end_month - goal.start_month)
            window += f" ({start:%b %Y} – {end:%b %Y})"
        link = ""
        if goal.leads_to:
            target = next((g for g in self.roadmap.goals if g.id == goal.leads_to), None)
            if target is not None:
                link = f" · leads to “{escape(target.title)}”"
        area = AREAS.get(goal.area, goal.area)
        return (
            f"<b>{escape(goal.title)}</b><br><small>{horizon} · {escape(area)} · "
            f"{window}{link}</small>"
        )

    def _refresh_list(self) -> None:
        goals = list(self.roadmap.goals)
        if self.armed not in {g.id for g in goals}:
            self.armed = None
        boxes = []
        for i, goal in enumerate(goals):
            row = self._row_for(i)
            row.goal_id = goal.id
            text = self._describe_goal(goal)
            armed = goal.id == self.armed
            if armed:
                text = f"Remove <b>{escape(goal.title)}</b>? This cannot be undone."
            row.show(text, first=i == 0, last=i == len(goals) - 1, armed=armed)
            boxes.append(row.box)
        children = tuple(boxes) if boxes else (self.empty_list,)
        if self.goal_list.children != children:
            self.goal_list.children = children

    def _goal_of(self, row: GoalRow) -> Goal | None:
        try:
            return self.roadmap.goal(row.goal_id or "")
        except KeyError:
            self._say("That goal is no longer on your roadmap.", kind="note")
            self._refresh_list()
            return None

    def _on_edit(self, row: GoalRow) -> None:
        self._disarm()
        goal = self._goal_of(row)
        if goal is not None:
            self._start_editing(goal)
            self._say(
                f"Editing “{goal.title}”: change the form, then press “Save changes”.",
                kind="note",
            )

    def _on_move(self, row: GoalRow, offset: int) -> None:
        self._disarm()
        goal = self._goal_of(row)
        if goal is not None:
            self.roadmap.move(goal.id, offset)
            self._changed(f"Moved “{goal.title}” {'up' if offset < 0 else 'down'}.")

    def _on_remove(self, row: GoalRow) -> None:
        goal = self._goal_of(row)
        if goal is not None:
            self.armed = goal.id
            self._refresh_list()
            steps = self._steps_to(goal)
            linked = (
                f" {_titles(steps)} {'leads' if len(steps) == 1 else 'lead'} to it; "
                f"{'it stays' if len(steps) == 1 else 'they stay'} on your roadmap but will no "
                "longer lead to a long-term goal."
                if steps
                else ""
            )
            self._say(
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
        self.roadmap.remove(goal.id)
        if self.editing == goal.id:
            self._stop_editing()
        unlinked = (
            f" {_titles(steps)} no longer {'leads' if len(steps) == 1 else 'lead'} anywhere: "
            "link it to another long-term goal with Edit."
            if steps
            else ""
        )
        self._changed(f"Removed “{goal.title}”.{unlinked}")

    def _steps_to(self, goal: Goal) -> list[Goal]:
        return [g for g in self.roadmap.goals if g.leads_to == goal.id]

    def _on_keep(self, _row: GoalRow) -> None:
        self._disarm()
        self._say("Kept: nothing was removed.", kind="note")

    def _disarm(self) -> None:
        if self.armed is not None:
            self.armed = None
            self._refresh_list()

    def _refresh_links(self) -> None:
        """Offer the roadmap's long-term goals (not the one being edited) as destinations."""
        options = [("(not linked to a long-term goal yet)", NO_LINK)]
        for goal in self.roadmap.long_term:
            if goal.id != self.editing:
                title = goal.title if len(goal.title) <= 60 else goal.title[:59] + "…"
                options.append((title, goal.id))
        self.form.leads_to.set_options(options)

    # --- about the student ---------------------------------------------------------------------
    def _on_about(self, attr: str, field: Field) -> None:
        if self._quiet:
            return
        value = field.text if isinstance(field, TextField) else field.value
        probe = Roadmap(**{attr: value})
        messages = [e.message for e in probe.errors() if e.field == attr]
        field.show(messages)
        if messages:
            self._say(
                ["Your details were not updated:", *messages],
                kind="error",
                where=self.about_message,
            )
            return
        if getattr(self.roadmap, attr) != value:
            setattr(self.roadmap, attr, value)
            self.roadmap.touch()
            self._changed("Your details are updated.", where=self.about_message)

    # --- after every change ------------------------------------------------------------------------
    def _changed(self, message: str, where: widgets.HTML | None = None) -> None:
        """Redraw everything that shows the roadmap, then autosave and tell the other views.

        The chart goes first so the student sees it as soon as possible (the save takes a few
        milliseconds more; a failed save is reported in the message area).
        """
        self._redraw()  # first: the chart is what the student waits for
        self._refresh_list()
        self._refresh_links()
        self._downloads_stale()
        self._quiet += 1
        try:
            problems = self._autosave()
            self._notify_others()
        finally:
            self._quiet -= 1
        self._shown = self._fingerprint()
        self._show_whose()
        if problems:
            self._say([message, *problems], kind="error", where=where)
        else:
            self._say(message, kind="ok", where=where)

    def _autosave(self) -> list[str]:
        if not self.session.code:
            return []
        try:
            self.session.save()
        except StaleWorkError:  # the banner at the top says why and offers the reload
            self._show_notice()
            return [STALE_SHORT]
        except (ValueError, OSError) as exc:  # StoreError is a ValueError with a friendly text
            log.warning("autosave failed: %s", exc)
            return [f"Your change is shown here but could not be saved yet: {exc}"]
        return []

    def _notify_others(self) -> None:
        """Let other views on this session know (sessions without the hook are fine)."""
        notify = getattr(self.session, "changed", None)
        if callable(notify):
            notify()

    def _fingerprint(self) -> tuple[Any, ...]:
        """What the builder shows; a quiz answer saved elsewhere leaves it unchanged."""
        roadmap = self.roadmap
        session = self.session
        return (id(roadmap), repr(roadmap.to_dict()), session.code, session.notice, session.stale)

    def _session_changed(self, *_args: Any) -> None:
        shown, now = self._shown, self._fingerprint()
        if self._quiet or now == shown:
            return
        if shown is not None and now[:2] == shown[:2]:  # only the code or a notice changed
            self._show_code()
            self._show_notice()
            self._shown = now
            return
        self.refresh()

    def refresh(self) -> None:
        """Show the session's roadmap afresh (after loading, or a change made elsewhere)."""
        self._quiet += 1
        try:
            for attr, field in self.about_fields.items():
                field.reset(getattr(self.roadmap, attr))
        finally:
            self._quiet -= 1
        self.armed = None
        if self.editing is not None:
            self._stop_editing()
        else:
            self._refresh_links()
        self._refresh_list()
        self._on_horizon(self.form.horizon)
        self._show_code()
        self._show_notice()
        self._redraw()
        self._downloads_stale()
        self._shown = self._fingerprint()

    def _show_notice(self) -> None:
        notice = getattr(self.session, "notice", None)
        self.notice.value = message_html([notice], kind="note") if notice else ""
        stale = self.session.stale
        self.stale_message.value = message_html([stale], kind="error") if stale else ""
        display = None if stale else "none"
        if self.stale_box.layout.display != display:
            self.stale_box.layout.display = display

    def _show_whose(self) -> None:
        """Whose work this page holds: the name typed in step 1 and the personal code."""
        owner = self.roadmap.owner.strip()
        name = f"<b>{escape(owner)}</b>" if owner else "<b>no name yet</b>"
        code = self.session.code
        saved = (
            f"personal code <code>{escape(code)}</code>"
            if code
            else "not saved yet, so it has no personal code"
        )
        text = f"<span>This workbook: {name} · {saved}</span>"
        if self.whose.value != text:
            self.whose.value = text

    def _redraw(self) -> None:
        from workbook.timeline import describe, timeline_svg

        roadmap = self.roadmap
        start = time.perf_counter()
        empty = not roadmap.goals
        try:
            svg = b"" if empty else timeline_svg(roadmap, dates=self.dates).encode("utf-8")
        except Exception as exc:
            self.errors.append(exc)
            log.exception("roadmap builder: the chart could not be drawn")
            self.chart_text.value = message_html(
                ["The chart could not be drawn just now; your goals are safe."], kind="error"
            )
            return
        if svg != self.chart.value:
            self.chart.value = svg
        self.chart_list.value = self._timeline_list()
        self._show_chart(not empty)
        self.render_seconds = time.perf_counter() - start
        words = describe(roadmap)  # (no Image.tooltip: ipywidgets 8.1 then fails to draw it)
        self.chart_text.value = (
            "<details><summary>The timeline in words</summary>"
            f"<p>{escape(words).replace(chr(10), '<br>')}</p></details>"
        )
        advice = roadmap.advice()
        items = "".join(f"<li>{escape(a.message)}</li>" for a in advice)
        self.advice.value = f"<b>Advice on your roadmap</b><ul>{items}</ul>" if items else ""

    def _timeline_list(self) -> str:
        """The chart's content in reading order: each long-term goal, then the steps to it."""
        goals = self.roadmap.goals
        if not goals:
            return ""
        by_end = sorted(goals, key=lambda g: (g.end_month, g.start_month))
        long_terms = [g for g in by_end if g.horizon == Horizon.LONG]
        steps = [g for g in by_end if g.horizon != Horizon.LONG]
        items = []
        for goal in long_terms + steps:
            kind = "Long-term" if goal.horizon == Horizon.LONG else "Step"
            items.append(
                f"<li><b>{escape(goal.title)}</b><br><small>{kind} · months "
                f"{goal.start_month}–{goal.end_month}</small></li>"
            )
        return f'<ol class="wb-timeline-items">{"".join(items)}</ol>'

    def _show_chart(self, drawn: bool) -> None:
        """The chart image when there is a drawing, else the empty-state note in its place."""
        display = None if drawn else "none"
        if self.chart.layout.display != display:
            self.chart.layout.display = display
        note = "" if drawn else EMPTY_CHART_HTML
        if self.chart_empty.value != note:
            self.chart_empty.value = note

    # --- saving and loading ------------------------------------------------------------------------
    def _show_code(self) -> None:
        self._show_whose()
        code = self.session.code
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

    def _on_save(self, _button: Any = None) -> None:
        self._quiet += 1
        try:
            code = self.session.save()
        except StaleWorkError:
            self._show_notice()
            self._say(STALE_SHORT, kind="error", where=self.save_message)
            return
        except (ValueError, OSError) as exc:
            log.warning("save failed: %s", exc)
            self._say(f"Your work could not be saved: {exc}", kind="error", where=self.save_message)
            return
        finally:
            self._quiet -= 1
        self._show_code()
        self._shown = self._fingerprint()
        self._say(
            f"Saved. Your personal code is {code}. {SAVE_EXPLANATION}",
            kind="ok",
            where=self.save_message,
        )

    def _on_load(self, _button: Any = None) -> None:
        code = clean_input(self.load_code.value)
        if not code:
            self._say(
                "Type the code you were given when you saved, then press Load.",
                kind="note",
                where=self.save_message,
            )
            return
        self._quiet += 1
        try:
            self.session.resume(code)
        except (ValueError, OSError) as exc:  # StoreError: wrong code, unreadable file
            log.info("resume failed: %s", exc)
            self._say(
                [
                    "We could not load work with that code.",
                    str(exc),
                    "Your work here is unchanged.",
                ],
                kind="error",
                where=self.save_message,
            )
            return
        finally:
            self._quiet -= 1
        self.refresh()
        lines = ["Welcome back: your roadmap is loaded."]
        notice = getattr(self.session, "notice", None)
        if notice:
            lines.append(str(notice))
        self._say(lines, kind="ok", where=self.save_message)

    def _on_reload(self, _button: Any = None) -> None:
        """Open the saved file again after a save was refused as stale."""
        self._quiet += 1
        try:
            self.session.reload()
        except (ValueError, OSError) as exc:  # the file became unreadable meanwhile
            self._say(str(exc), kind="error", where=self.save_message)
            return
        finally:
            self._quiet -= 1
        self.refresh()
        for line in (self.about_message, self.save_message):  # they spoke of the refused save
            line.value = ""
        self._say(
            "Your saved work is open again, with the changes made in your other tab or window. "
            "Carry on from here.",
            kind="ok",
        )

    def _on_new_workbook(self, _button: Any = None) -> None:
        """Leave this work (kept on disk under its code) for an empty workbook; unsaved work
        is only dropped after a second press, so one click never loses anything."""
        session = self.session
        previous = session.code
        unsaved = previous is None and bool(
            session.roadmap.goals or session.work.drafts or session.work.attempts
        )
        if unsaved and not self._new_armed:
            self._new_armed = True
            self.new_button.description = "Yes, start a new workbook"
            self._say(
                "This workbook has not been saved, so starting a new one throws it away. "
                "Press “Save my work” first to keep it, or press the button again to start "
                "afresh.",
                kind="note",
                where=self.new_message,
            )
            return
        self._disarm_new()
        self._quiet += 1
        try:
            session.start_over()
        finally:
            self._quiet -= 1
        self.refresh()
        self.load_code.value = ""
        self._say("", where=self.save_message)
        kept = (
            f" The workbook before it is still saved under the code {previous}: type that code "
            "under “Load my work” to open it again."
            if previous
            else ""
        )
        self._say(f"A new, empty workbook.{kept}", kind="ok", where=self.new_message)

    def _disarm_new(self) -> None:
        self._new_armed = False
        self.new_button.description = "Start a new workbook"

    # --- downloads ---------------------------------------------------------------------------------
    def _downloads_stale(self) -> None:
        if self._downloads_ready:
            self._downloads_ready = False
            self.downloads.value = (
                "<p><i>Your roadmap changed: press “Prepare downloads” for fresh files.</i></p>"
            )

    def _saved_json(self) -> bytes:
        """The same JSON the store writes (the roadmap alone if the store offers no helper)."""
        from workbook import store

        dump = getattr(store, "dumps_work", None)
        if callable(dump) and getattr(self.session, "work", None) is not None:
            data = dump(self.session.work)
            return data if isinstance(data, bytes) else str(data).encode("utf-8")
        doc = self.roadmap.to_dict()
        try:
            return json.dumps(doc, indent=2, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from elsewhere: escape it instead
            return json.dumps(doc, indent=2).encode("ascii")

    def _on_prepare_downloads(self, _button: Any = None) -> None:
        from workbook import export

        roadmap = self.roadmap
        answer = self.session.latest_draft(ANSWER_DRAFT)  # the rehearsed answer, in the one-pager
        start = roadmap.start_date or dt.date.today()

        @functools.cache  # both formats from one matplotlib process, drawn once
        def drawn() -> dict[str, bytes]:
            return export.chart_files(roadmap, ("png", "svg"), dates=self.dates)

        def chart(fmt: str) -> bytes:
            return drawn()[fmt]

        makers: dict[str, Callable[[], bytes | str]] = {
            "md": lambda: export.to_markdown(roadmap, answer=answer),
            "csv": lambda: export.to_csv(roadmap),
            "ics": lambda: export.to_ics(roadmap, start=start),
            "png": lambda: chart("png"),
            "svg": lambda: chart("svg"),
            "json": self._saved_json,
        }
        links, problems = [], []
        for suffix, (label, mime) in DOWNLOADS.items():
            make, name = makers[suffix], f"my-roadmap.{suffix}"
            try:
                data = make()
            except Exception as exc:
                self.errors.append(exc)
                log.exception("roadmap builder: could not prepare %s", name)
                problems.append(label)
                continue
            raw = data.encode("utf-8") if isinstance(data, str) else data
            b64 = base64.b64encode(raw).decode("ascii")
            links.append(
                f'<li><a download="{name}" href="data:{mime};base64,{b64}" style="{LINK_STYLE}">'
                f"{escape(label)}</a> <small>({escape(name)})</small></li>"
            )
        parts = [f"<ul>{''.join(links)}</ul>"]
        if problems:
            parts.append(message_html([f"Could not prepare: {', '.join(problems)}."]))
        self.downloads.value = "".join(parts)
        self._downloads_ready = True
        self._say("Your downloads are ready below.", kind="ok", where=self.download_message)


def roadmap_builder(session: Any = None, *, dates: bool = False) -> widgets.VBox:
    """The roadmap builder form for ``session`` (default: this kernel's session).

    The live :class:`RoadmapBuilder` is ``vbox.builder``; ``dates=True`` shows real dates on
    the chart and in the goal list, and asks for the date of month 0.
    """
    return RoadmapBuilder(session, dates=dates).widget
