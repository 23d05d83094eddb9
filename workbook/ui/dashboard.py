"""The dashboard: the whole journey on one page, in four steps a student works down.

1. **About you**: name, role and employer (the roadmap builder's own fields, placed here), and
   optionally the job ad, pasted or chosen from the sample ads.
2. **Build your roadmap**: the builder's goal form, goal list and live five-year chart.
3. **Rehearse your answer**: an outline drafted from the roadmap
   (:func:`workbook.coach.outline.outline`) that one button copies into the answer box, the
   coach panel with the evidence for each finding marked, and the coach's check that the answer
   and the roadmap tell the same story.
4. **Export**: the builder's downloads (Markdown one-pager, calendar, chart, CSV, saved file).

``dashboard(session=None)`` returns one ``VBox``; the live :class:`Dashboard` is
``vbox.dashboard`` and its parts are attributes, so tests drive it as a student would::

    d = dashboard(session).dashboard
    d.builder.owner.value = "Sam"                    # step 1 (the builder's fields)
    d.job_ad.value = "We are hiring a data analyst..."
    d.builder.form.title.value = "Finish an SQL course"; d.builder.add_button.click()
    d.open_step("rehearse"); d.copy_button.click()   # the outline lands in d.coach.answer
    d.builder.prepare_button.click()                 # step 4's download links

Each step is an ``Accordion`` of its own, so more than one can be open: steps 1 and 2 start open
(the first controls a student needs are on screen at once), 3 and 4 start closed, and each step
ends with a button that opens the next. Step 3 is built the first time it opens: the coach's
rules are only loaded for a student who rehearses. Save and resume (the builder's own save box)
sit above the steps, with a link to the chapters.

Work is saved after each change once the student has a personal code: the builder saves the
roadmap, this view saves the job ad as the draft ``"job_ad"`` and the coach panel saves the
answer. After a resume every step shows the resumed work. No handler lets an exception reach
the page (each is caught, logged, kept in ``errors`` and reported as one friendly line), and
everything a student typed is escaped before it is shown as HTML.

This module holds the steps and the page; step 1's job ad is :mod:`workbook.ui.job_ad`, step 3
is :mod:`workbook.ui.rehearse`, and steps 2 and 4 are the builder's sections.

Stable CSS classes: ``wb-dashboard`` (the whole), ``wb-progress`` (where the student is; a step
with work in it is ``wb-done``), ``wb-step`` and ``wb-step-about``, ``wb-step-roadmap``,
``wb-step-rehearse``, ``wb-step-export`` (the four steps), ``wb-next`` (the button ending each
step), ``wb-chapters`` (the link to the chapters); step 1's job ad and step 3's parts list
theirs in :mod:`workbook.ui.job_ad` and :mod:`workbook.ui.rehearse`, and the builder's and the
coach panel's own classes are listed in their modules.
"""

from __future__ import annotations

import functools
import itertools
import logging
from typing import Any

import ipywidgets as widgets

from workbook.html import escape, message_html
from workbook.session import Session, current_session
from workbook.text import counted
from workbook.ui.builder import RoadmapBuilder
from workbook.ui.coach_panel import DRAFT_NAME, CoachPanel
from workbook.ui.downloads import LINK_STYLE
from workbook.ui.job_ad import JOB_AD_DRAFT, JobAd
from workbook.ui.parts import Guard, classed, close_all
from workbook.ui.rehearse import RehearseStep

__all__ = ["JOB_AD_DRAFT", "STEPS", "Dashboard", "dashboard"]

log = logging.getLogger(__name__)

#: step key -> title shown on the step (the key names its CSS class, ``wb-step-<key>``)
STEPS: dict[str, str] = {
    "about": "Step 1 · About you and the job",
    "roadmap": "Step 2 · Build your roadmap",
    "rehearse": "Step 3 · Rehearse your answer",
    "export": "Step 4 · Export and keep your work",
}
#: the chapters' start page (its contents list every chapter, with a line on each), relative to
#: the dashboard's page: in the same tab, never Voila's bare file list
CHAPTERS_URL = "00-Start-Here.ipynb"
OPEN_AT_START = ("about", "roadmap")

INTRO = {
    "about": (
        "<p>Who you are and the job you are preparing for. The role and employer appear on your "
        "chart and in your answer outline; a job ad lets the coach point out the words the "
        "employer uses.</p>"
    ),
    "roadmap": (
        "<p>Start with a long-term goal you could reach within five years, then add the "
        "short-term steps (one to twelve months) that lead to it. The timeline below redraws "
        "after every change.</p>"
    ),
    "rehearse": (
        "<p>Turn your roadmap into a spoken answer to <em>“What are your career goals?”</em>: "
        "start from the outline, put it in your own words in the answer box, and let the coach "
        "read it.</p>"
    ),
    "export": (
        "<p>Take your roadmap with you: a one-page summary in Markdown, the goals and "
        "milestones for your calendar, the chart, a spreadsheet, and the saved file itself. "
        "Your personal code (at the top of the page) brings the work back here.</p>"
    ),
}


class Dashboard:
    """The four steps over one session; ``dashboard()`` builds one and returns its widget."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session if session is not None else current_session()
        self.builder = RoadmapBuilder(self.session, sections=("goals", "chart"))
        self.guard = Guard("dashboard", lambda: self.builder.message, log)
        self._work = self.session.work  # to notice a resume (the work object is replaced)
        self.job_ad_part = JobAd(self.session, self.guard, on_applied=self._point_coach)
        self.job_ad, self.sample = self.job_ad_part.field, self.job_ad_part.sample
        self.rehearse = RehearseStep(self.session, self.guard, self.job_ad_part)
        self.rehearse_placeholder = self.rehearse.placeholder
        self.chapters = classed(
            widgets.HTML(
                value=f'<p>Want to know more? <a href="{CHAPTERS_URL}" target="_self" '
                f'style="{LINK_STYLE}">Read the chapters</a>: one notebook per part of the '
                "article, with quizzes.</p>"
            ),
            "wb-chapters",
        )
        self.bodies = {
            "about": self._build_about(),
            "roadmap": widgets.VBox([widgets.HTML(INTRO["roadmap"]), self.builder.widget]),
            "rehearse": widgets.VBox([widgets.HTML(INTRO["rehearse"]), self.rehearse_placeholder]),
            "export": widgets.VBox(
                [widgets.HTML(INTRO["export"]), self.builder.sections["downloads"]]
            ),
        }
        self.next_buttons = self._build_next_buttons()
        self.steps = self._build_steps()
        #: where the student is: the step opened last, and which steps have something in them
        self.current_step = "roadmap"
        self.progress = classed(widgets.HTML(value=""), "wb-progress")
        self.widget = classed(
            widgets.VBox(
                [
                    self.builder.sections["whose"],
                    self.progress,
                    self.builder.sections["notice"],
                    self.builder.sections["save"],
                    *self.steps.values(),
                    self.chapters,
                ]
            ),
            "wb-dashboard",
        )
        self.widget.dashboard = self
        self.job_ad_part.load()
        self._titles()
        self._callback = self.guard.wrap("refresh the dashboard", self._session_changed)
        self.session.on_change(self._callback)

    # --- the parts, as tests and hosts reach them ----------------------------------------------
    @property
    def errors(self) -> list[BaseException]:
        """Unexpected exceptions caught by the handlers (a healthy dashboard keeps this empty)."""
        return self.guard.errors

    @property
    def coach(self) -> CoachPanel | None:
        """The coach panel, built the first time step 3 opens."""
        return self.rehearse.coach

    @property
    def outline_view(self) -> widgets.HTML:
        return self.rehearse.outline_view

    @property
    def copy_button(self) -> widgets.Button:
        return self.rehearse.copy_button

    @property
    def rehearse_message(self) -> widgets.HTML:
        return self.rehearse.message

    @property
    def job_ad_status(self) -> widgets.HTML:
        return self.rehearse.job_ad_status

    @property
    def consistency(self) -> widgets.HTML:
        return self.rehearse.consistency

    def job_ad_text(self) -> str:
        """The job ad as the student last gave it (validated), or "" for none."""
        return self.job_ad_part.text()

    def job_ad_for_coach(self) -> str | None:
        """What the coach reads: a sample ad's id when the text is that ad's, else the text."""
        return self.job_ad_part.for_coach()

    # --- steps ---------------------------------------------------------------------------------
    def _build_about(self) -> widgets.VBox:
        return widgets.VBox(
            [
                widgets.HTML(INTRO["about"]),
                self.builder.sections["about"],
                widgets.HTML("<h3>The job ad (optional)</h3>"),
                self.sample,
                self.job_ad.box,
            ]
        )

    def _build_next_buttons(self) -> dict[str, widgets.Button]:
        """The button that ends each step but the last and opens the next one."""
        buttons: dict[str, widgets.Button] = {}
        for key, following in itertools.pairwise(STEPS):
            button = classed(
                widgets.Button(
                    description=f"Next: {STEPS[following].split('·', 1)[1].strip().lower()}",
                    icon="arrow-down",
                    layout=widgets.Layout(width="auto", margin="1em 0 0.5em 0"),
                ),
                "wb-next",
            )
            button.on_click(
                self.guard.wrap("open the next step", functools.partial(self._next, key))
            )
            self.bodies[key].children = (*self.bodies[key].children, button)
            buttons[key] = button
        return buttons

    def _build_steps(self) -> dict[str, widgets.Accordion]:
        """One accordion per step, so more than one can be open at a time."""
        steps: dict[str, widgets.Accordion] = {}
        for key, title in STEPS.items():
            step = widgets.Accordion(
                children=[self.bodies[key]],
                titles=(title,),
                selected_index=0 if key in OPEN_AT_START else None,
            )
            steps[key] = classed(step, "wb-step", f"wb-step-{key}")
        steps["rehearse"].observe(
            self.guard.wrap(
                "open the rehearsal step", self._on_rehearse_toggled, self.rehearse_placeholder
            ),
            names="selected_index",
        )
        for key, step in steps.items():
            step.observe(
                self.guard.wrap(
                    "show your progress", functools.partial(self._on_step_toggled, key)
                ),
                names="selected_index",
            )
        return steps

    def open_step(self, key: str, *, close_others: bool = False) -> None:
        """Open one step (building it if needed); optionally close the others."""
        if key not in self.steps:
            raise KeyError(f"no step {key!r}; the steps are {', '.join(STEPS)}")
        for other, step in self.steps.items():
            if other == key:
                step.selected_index = 0
            elif close_others:
                step.selected_index = None

    def is_open(self, key: str) -> bool:
        return bool(self.steps[key].selected_index == 0)

    def _next(self, key: str, _button: Any = None) -> None:
        keys = list(STEPS)
        following = keys[keys.index(key) + 1]
        self.steps[key].selected_index = None
        self.open_step(following)

    def _on_step_toggled(self, key: str, change: dict[str, Any]) -> None:
        if change.get("new") == 0:
            self.current_step = key
        self._show_progress()

    def _on_rehearse_toggled(self, change: dict[str, Any]) -> None:
        if change.get("new") == 0 and self.rehearse.coach is None:
            body = self.bodies["rehearse"]
            middle = self.rehearse.build()
            body.children = (body.children[0], *middle, self.next_buttons["rehearse"])

    def _point_coach(self) -> None:
        self.rehearse.point_coach()

    def _steps_done(self) -> set[str]:
        roadmap = self.session.roadmap
        done = set()
        if roadmap.owner.strip() or roadmap.role.strip():
            done.add("about")
        if any(goal.is_long_term for goal in roadmap.goals):
            done.add("roadmap")
        if (self.session.latest_draft(DRAFT_NAME) or "").strip():
            done.add("rehearse")
        if self.builder.downloads.value:
            done.add("export")
        return done

    def _show_progress(self) -> None:
        """The four steps as a list: the current one marked (bold, underlined, and said in
        words), the ones with work in them ticked in words too, never by colour alone."""
        done = self._steps_done()
        items = []
        for key, title in STEPS.items():
            number, name = (part.strip() for part in title.split("·", 1))
            state = []
            if key in done:
                state.append("done")
            if key == self.current_step:
                state.append("you are here")
            said = f" ({', '.join(state)})" if state else ""
            attrs = ' aria-current="step"' if key == self.current_step else ""
            css = ' class="wb-done"' if key in done else ""
            items.append(f"<li{attrs}{css}>{escape(number)}: {escape(name)}{said}</li>")
        html = f'<nav aria-label="Your progress"><ol>{"".join(items)}</ol></nav>'
        if self.progress.value != html:
            self.progress.value = html

    def _titles(self) -> None:
        count = len(self.session.roadmap.goals)
        goals = f" ({counted(count, 'goal')})" if count else ""
        titles = {
            "roadmap": STEPS["roadmap"] + goals,
            "rehearse": STEPS["rehearse"],
        }
        for key, title in titles.items():
            if self.steps[key].titles != (title,):
                self.steps[key].titles = (title,)
        self._show_progress()

    # --- after every change ---------------------------------------------------------------------
    def _session_changed(self, *_args: Any) -> None:
        """Follow the session: a resume brings back the job ad and the answer; a roadmap change
        redraws the outline and re-checks the answer against it."""
        resumed = self.session.work is not self._work
        self._work = self.session.work
        if resumed:
            self.job_ad_part.load()
        else:
            self.job_ad_part.save()  # the first save just gave the work a code
        self.rehearse.follow(resumed=resumed)
        self._titles()

    def close(self) -> None:
        """Stop following the session and close every widget (a page being replaced)."""
        self.session.off_change(self._callback)
        self.rehearse.close()  # cancels a pending review
        self.builder.close()
        close_all(self.widget)


def dashboard(session: Session | None = None) -> widgets.VBox:
    """The whole workbook on one page, in four steps (see the module's docstring).

    The live :class:`Dashboard` is ``vbox.dashboard``. If the page cannot be built at all, a
    friendly message is returned in its place and the reason goes to the log.
    """
    try:
        return Dashboard(session).widget
    except Exception:  # the page must open with a sentence, never a traceback
        log.exception("dashboard: could not be built")
        box = widgets.VBox(
            [
                widgets.HTML(
                    message_html(
                        [
                            "Sorry, the workbook could not open just now. Your saved work is "
                            "safe; reload the page, and tell your instructor if this keeps "
                            "happening."
                        ]
                    )
                )
            ]
        )
        box.dashboard = None
        return box
