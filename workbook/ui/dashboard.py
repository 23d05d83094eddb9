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

Stable CSS classes: ``wb-dashboard`` (the whole), ``wb-step`` and ``wb-step-about``,
``wb-step-roadmap``, ``wb-step-rehearse``, ``wb-step-export`` (the four steps), ``wb-next``
(the button ending each step), ``wb-chapters`` (the link to the chapters), ``wb-job-ad`` (the
job-ad text box), ``wb-job-ad-sample`` (the sample ads), ``wb-job-ad-status`` (which ad the
coach uses), ``wb-outline``, ``wb-copy-outline``, ``wb-rehearse-message``, ``wb-consistency``;
the builder's and the coach panel's own classes are listed in their modules.
"""

from __future__ import annotations

import functools
import itertools
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbook.coach.outline import PROMPT_NOTE, outline
from workbook.session import MAX_DRAFT_CHARS, Session, current_session
from workbook.ui.builder import RoadmapBuilder
from workbook.ui.coach_panel import DRAFT_NAME, CoachPanel, coach_panel
from workbook.ui.downloads import LINK_STYLE
from workbook.ui.fields import TextField, clean_input, escape, message_html

__all__ = ["JOB_AD_DRAFT", "STEPS", "Dashboard", "dashboard"]

log = logging.getLogger(__name__)

JOB_AD_DRAFT = "job_ad"  #: the draft name the job ad is saved under in the session
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
_NO_SAMPLE = ""
_OPEN_AT_START = ("about", "roadmap")

_INTRO = {
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


def _classed(widget: Any, *classes: str) -> Any:
    for css in classes:
        widget.add_class(css)
    return widget


def _line(css: str) -> widgets.HTML:
    return _classed(widgets.HTML(value=""), css)


class Dashboard:
    """The four steps over one session; ``dashboard()`` builds one and returns its widget."""

    def __init__(self, session: Session | None = None) -> None:
        self.session = session if session is not None else current_session()
        #: unexpected exceptions caught by the handlers (a healthy dashboard keeps this empty)
        self.errors: list[BaseException] = []
        self.builder = RoadmapBuilder(self.session, sections=("goals", "chart"))
        self.coach: CoachPanel | None = None  #: built the first time step 3 opens
        self._work = self.session.work  # to notice a resume (the work object is replaced)
        self._coached: str | None = None  # the roadmap the coach last reviewed against
        self._samples = self._load_samples()
        self._quiet = 0
        self._job_ad_applied = ""  # the last job ad that passed the checks

        self.chapters = _classed(
            widgets.HTML(
                value=f'<p>Want to know more? <a href="{CHAPTERS_URL}" target="_self" '
                f'style="{LINK_STYLE}">Read the chapters</a>: one notebook per part of the '
                "article, with quizzes.</p>"
            ),
            "wb-chapters",
        )
        #: step 3 until it is first opened (and where a failure to build it would be told)
        self.rehearse_placeholder = widgets.HTML("<p><i>Opening the coach…</i></p>")
        self.bodies = {
            "about": self._build_about(),
            "roadmap": widgets.VBox([widgets.HTML(_INTRO["roadmap"]), self.builder.widget]),
            "rehearse": widgets.VBox([widgets.HTML(_INTRO["rehearse"]), self.rehearse_placeholder]),
            "export": widgets.VBox(
                [widgets.HTML(_INTRO["export"]), self.builder.sections["downloads"]]
            ),
        }
        self.next_buttons: dict[str, widgets.Button] = {}
        for key, following in itertools.pairwise(STEPS):
            button = _classed(
                widgets.Button(
                    description=f"Next: {STEPS[following].split('·', 1)[1].strip().lower()}",
                    icon="arrow-down",
                    layout=widgets.Layout(width="auto", margin="1em 0 0.5em 0"),
                ),
                "wb-next",
            )
            button.on_click(self._guard("open the next step", functools.partial(self._next, key)))
            self.bodies[key].children = (*self.bodies[key].children, button)
            self.next_buttons[key] = button
        self.steps: dict[str, widgets.Accordion] = {}
        for key, title in STEPS.items():
            step = widgets.Accordion(
                children=[self.bodies[key]],
                titles=(title,),
                selected_index=0 if key in _OPEN_AT_START else None,
            )
            self.steps[key] = _classed(step, "wb-step", f"wb-step-{key}")
        self.steps["rehearse"].observe(
            self._guard(
                "open the rehearsal step", self._on_rehearse_toggled, self.rehearse_placeholder
            ),
            names="selected_index",
        )
        #: where the student is: the step opened last, and which steps have something in them
        self.current_step = "roadmap"
        self.progress = _classed(widgets.HTML(value=""), "wb-progress")
        for key, step in self.steps.items():
            step.observe(
                self._guard("show your progress", functools.partial(self._on_step_toggled, key)),
                names="selected_index",
            )
        self.widget = _classed(
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
        self._load_job_ad()
        self._titles()
        self._callback = self._guard("refresh the dashboard", self._session_changed)
        self.session.on_change(self._callback)

    # --- running handlers safely -------------------------------------------------------------
    def _guard(
        self, action: str, handler: Callable[..., Any], where: widgets.HTML | None = None
    ) -> Callable[..., None]:
        """Wrap a handler so no exception reaches the page: one friendly line in ``where``."""

        @functools.wraps(handler)
        def run(*args: Any, **kwargs: Any) -> None:
            try:
                handler(*args, **kwargs)
            except Exception as exc:  # the promise: a sentence, never a traceback
                self.errors.append(exc)
                log.exception("dashboard: could not %s", action)
                target = where if where is not None else self.builder.message
                target.value = message_html(
                    [
                        f"Sorry, something went wrong while trying to {action}. What you "
                        "already saved is safe; try again, and tell your instructor if it "
                        "keeps happening."
                    ]
                )

        return run

    # --- steps ---------------------------------------------------------------------------------
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
        return self.steps[key].selected_index == 0

    def _next(self, key: str, _button: Any = None) -> None:
        keys = list(STEPS)
        following = keys[keys.index(key) + 1]
        self.steps[key].selected_index = None
        self.open_step(following)

    def _on_step_toggled(self, key: str, change: dict[str, Any]) -> None:
        if change.get("new") == 0:
            self.current_step = key
        self._show_progress()

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
        goals = f" ({count} goal{'s' if count != 1 else ''})" if count else ""
        titles = {
            "roadmap": STEPS["roadmap"] + goals,
            "rehearse": STEPS["rehearse"],
        }
        for key, title in titles.items():
            if self.steps[key].titles != (title,):
                self.steps[key].titles = (title,)
        self._show_progress()

    # --- step 1: about you and the job ad ------------------------------------------------------
    @staticmethod
    def _load_samples() -> dict[str, dict[str, str]]:
        """The sample job ads; a broken file means no samples, never a broken page."""
        from workbook.coach.rules import sample_job_ads

        try:
            return sample_job_ads()
        except Exception as exc:  # ContentError names the file; the log is for the instructor
            log.warning("sample job ads not available: %s", exc)
            return {}

    def _build_about(self) -> widgets.VBox:
        self.job_ad = TextField(
            "job_ad",
            "Job ad",
            textarea=True,
            rows=8,
            placeholder="Paste the job ad here (optional)",
            hint="The coach picks out its key terms and checks that your answer uses them.",
            width="48em",
        )
        _classed(self.job_ad.widget, "wb-job-ad")
        self.job_ad.on_change(
            self._guard("take in the job ad", self._on_job_ad, self.job_ad.message)
        )
        options = [("None: paste your own ad below, or pick a sample", _NO_SAMPLE)]
        options += [
            (f"{ad['title']}, {ad['employer']}", ad_id) for ad_id, ad in self._samples.items()
        ]
        self.sample = _classed(
            widgets.Dropdown(
                options=options,
                description="Sample ad",
                style={"description_width": "11em"},
                layout=widgets.Layout(width="42em"),
                disabled=not self._samples,
            ),
            "wb-job-ad-sample",
        )
        self.sample.observe(
            self._guard("use the sample ad", self._on_sample, self.job_ad.message), names="value"
        )
        return widgets.VBox(
            [
                widgets.HTML(_INTRO["about"]),
                self.builder.sections["about"],
                widgets.HTML("<h3>The job ad (optional)</h3>"),
                self.sample,
                self.job_ad.box,
            ]
        )

    def job_ad_text(self) -> str:
        """The job ad as the student last gave it (validated), or "" for none."""
        value = self.job_ad.text
        if not isinstance(value, str) or len(value) > MAX_DRAFT_CHARS:
            return self._job_ad_applied
        return value

    def job_ad_for_coach(self) -> str | None:
        """What the coach reads: a sample ad's id when the text is that ad's, else the text."""
        text = self.job_ad_text()
        if not text:
            return None
        for ad_id, ad in self._samples.items():
            if clean_input(ad["text"]) == text:
                return ad_id
        return text

    def _on_sample(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        if change.get("new") == _NO_SAMPLE:
            # back to "None": take the sample's text away too, but never the student's own ad
            old = self._samples.get(change.get("old") or "")
            if old is not None and self.job_ad_text() == clean_input(old["text"]):
                self.job_ad.value = ""
            return
        ad = self._samples.get(change["new"])
        if ad is not None:
            self.job_ad.value = clean_input(ad["text"])
            typed = self.session.roadmap.employer.strip()
            if typed and typed.casefold() != str(ad["employer"]).strip().casefold():
                self.job_ad.note(
                    f"This sample ad is from {ad['employer']}, not {typed}, the employer you "
                    "typed in step 1. Fine for practice; paste the real ad when you have it."
                )

    def _on_job_ad(self, _field: Any = None) -> None:
        """Check the ad next to its box, then keep it (and save it once there is a code)."""
        if self._quiet:
            return
        value = self.job_ad.text
        if not isinstance(value, str):
            self.job_ad.show(["The job ad must be text: paste it into the box."])
            return
        if len(value) > MAX_DRAFT_CHARS:
            self.job_ad.show(
                [
                    f"This is {len(value):,} characters long; a job ad is rarely over "
                    f"{MAX_DRAFT_CHARS:,}. Paste just the ad itself. The coach still uses the "
                    "ad you gave before."
                ]
            )
            return
        self._job_ad_applied = value
        if value and len(value.split()) < 20:
            self.job_ad.note(
                "That is short for a job ad; the whole ad gives the coach more to use."
            )
        else:
            self.job_ad.clear()
        self._sync_sample()
        self._save_job_ad()
        self._point_coach()

    def _sync_sample(self) -> None:
        """Show which sample ad the text is (or none once the student edits it)."""
        chosen = self.job_ad_for_coach()
        value = chosen if chosen in self._samples else _NO_SAMPLE
        if self.sample.value != value:
            self._quiet += 1
            try:
                self.sample.value = value
            finally:
                self._quiet -= 1

    def _save_job_ad(self) -> None:
        """Keep the ad with the work once the student has a code (the first save takes it)."""
        text = self._job_ad_applied
        if not self.session.code or (self.session.latest_draft(JOB_AD_DRAFT) or "") == text:
            return
        try:
            self.session.save_draft(JOB_AD_DRAFT, text, give_code=False)
        except (ValueError, OSError) as exc:  # StoreError: the disk refused; say so, keep it
            log.warning("job ad not saved: %s", exc)
            self.job_ad.show([f"The job ad is used here but could not be saved yet: {exc}"])

    def _load_job_ad(self) -> None:
        """Show the job ad saved with the work (after opening the page or resuming)."""
        text = self.session.latest_draft(JOB_AD_DRAFT) or ""
        self._job_ad_applied = text
        self._quiet += 1
        try:
            self.job_ad.reset(text)
        finally:
            self._quiet -= 1
        self._sync_sample()
        self._point_coach()

    # --- step 3: rehearse ------------------------------------------------------------------------
    def _on_rehearse_toggled(self, change: dict[str, Any]) -> None:
        if change.get("new") == 0 and self.coach is None:
            self._build_rehearse()

    def _build_rehearse(self) -> None:
        self.outline_view = _line("wb-outline")
        self.copy_button = _classed(
            widgets.Button(
                description="Copy the outline into the answer box",
                icon="copy",
                layout=widgets.Layout(width="auto"),
            ),
            "wb-copy-outline",
        )
        self.rehearse_message = _line("wb-rehearse-message")
        self.copy_button.on_click(
            self._guard("copy the outline", self._on_copy, self.rehearse_message)
        )
        self.job_ad_status = _line("wb-job-ad-status")
        self.consistency = _line("wb-consistency")
        # the roadmap follows the session (a resume replaces it), so the panel reads it there
        # the answer-against-roadmap check has its own heading below, so not in the panel too
        self.coach = coach_panel(self.session, self.job_ad_for_coach(), None, roadmap_section=False)
        self.coach.job_ad_picker.layout.display = "none"  # step 1 chooses the ad
        self.coach.feedback.observe(
            self._guard("check your answer against your roadmap", self._show_consistency),
            names="value",
        )
        self._coached = self._roadmap_key()
        body = self.bodies["rehearse"]
        body.children = (
            body.children[0],
            widgets.HTML("<h3>An outline from your roadmap</h3>"),
            widgets.HTML(f"<p><small>{escape(PROMPT_NOTE)}</small></p>"),
            self.outline_view,
            widgets.HBox([self.copy_button, self.rehearse_message]),
            widgets.HTML("<h3>Your answer</h3>"),
            self.job_ad_status,
            self.coach,
            widgets.HTML("<h3>Does your answer match your roadmap?</h3>"),
            self.consistency,
            self.next_buttons["rehearse"],
        )
        self._show_outline()
        self._point_coach()
        self._show_consistency()

    def _roadmap_key(self) -> str:
        return repr(self.session.roadmap.to_dict())

    def _show_outline(self) -> None:
        if self.coach is None:
            return
        text = outline(self.session.roadmap)
        html = (
            '<div style="white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.5;'
            "background:#f6f8fa;border:1px solid #d0d7de;border-radius:6px;padding:0.7em 1em;"
            'max-width:52em">'
            f"{escape(text)}</div>"
        )
        if self.outline_view.value != html:
            self.outline_view.value = html

    def _on_copy(self, _button: Any = None) -> None:
        """Put the outline in the answer box; text already there is kept above it."""
        text = outline(self.session.roadmap)
        current = self.coach.answer.value or ""
        if text in current:
            self.rehearse_message.value = message_html(
                ["The outline is already in your answer box."], kind="note"
            )
            return
        combined = f"{current.rstrip()}\n\n{text}" if current.strip() else text
        if len(combined) > MAX_DRAFT_CHARS:
            self.rehearse_message.value = message_html(
                ["Your answer box is too full to add the outline; shorten your answer first."]
            )
            return
        self.coach.answer.value = combined
        self.coach.review_now()  # feedback at once, and the draft is saved
        kept = " Your own text is kept above it." if current.strip() else ""
        self.rehearse_message.value = message_html(
            [f"The outline is in the answer box: now say it in your own words.{kept}"], kind="ok"
        )

    def _point_coach(self) -> None:
        """Give the coach the job ad from step 1 (its own picker is hidden)."""
        if self.coach is None:
            return
        value = self.job_ad_for_coach()
        if value is None:
            status = "No job ad yet: add one in step 1 and the coach checks its key terms too."
            options: list[tuple[str, Any]] = [("none", None)]
        else:
            ad = self._samples.get(value)
            what = (
                f"the sample ad “{ad['title']}, {ad['employer']}”"
                if ad
                else f"the job ad you pasted ({len(value.split())} words)"
            )
            status = f"The coach compares your answer with {what}; change it in step 1."
            options = [("the job ad from step 1", value)]
        self.job_ad_status.value = f"<p><small>{escape(status)}</small></p>"
        picker = self.coach.job_ad_picker
        if len(picker.options) != 1 or picker.value != value:
            picker.options = options  # the panel reviews again with the new ad

    def _show_consistency(self, _change: Any = None) -> None:
        if self.coach is None:
            return
        self.consistency.value = self._consistency_html()

    def _consistency_html(self) -> str:
        """The coach's roadmap check on the last review, in words (student text escaped)."""
        assert self.coach is not None
        count = len(self.session.roadmap.goals)
        result = self.coach.last_review
        if not count:
            return message_html(
                [
                    "Add goals in step 2: the coach then checks that your answer and your "
                    "roadmap tell the same story."
                ],
                kind="note",
            )
        if result is None or not result.text.strip():
            goals = f"{count} goal{'s' if count != 1 else ''}"
            return message_html(
                [f"Write or copy your answer above: the coach checks it against your {goals}."],
                kind="note",
            )
        if result.roadmap_issues:
            items = "".join(
                f'<li class="wb-roadmap-issue" data-kind="{escape(i.kind)}">'
                f"{escape(i.message)}</li>"
                for i in result.roadmap_issues
            )
            return f'<ul style="margin:0.3em 0">{items}</ul>'
        if result.notices and not result.talking_points:  # e.g. not English: no check was made
            lines = ["The coach could not compare this answer with your roadmap.", *result.notices]
            return message_html(lines, kind="note")
        return message_html(
            ["Your answer and your roadmap agree: every goal is there, in the same time frame."],
            kind="ok",
        )

    # --- after every change ---------------------------------------------------------------------
    def _session_changed(self, *_args: Any) -> None:
        """Follow the session: a resume brings back the job ad and the answer; a roadmap change
        redraws the outline and re-checks the answer against it."""
        resumed = self.session.work is not self._work
        self._work = self.session.work
        if resumed:
            self._load_job_ad()
            if self.coach is not None:
                draft = self.session.latest_draft(DRAFT_NAME) or ""
                if (self.coach.answer.value or "") != draft:
                    self.coach.answer.value = draft
                    self.coach.review_now()
        else:
            self._save_job_ad()  # the first save just gave the work a code
        self._titles()
        if self.coach is not None:
            self._show_outline()
            key = self._roadmap_key()
            if key != self._coached:
                self._coached = key
                self.coach.refresh(save=False)
            self._show_consistency()

    def close(self) -> None:
        """Stop following the session and close every widget (a page being replaced)."""
        self.session.off_change(self._callback)
        if self.coach is not None:
            self.coach.close()  # cancels a pending review
        self.builder.close()
        seen: set[int] = set()
        todo: list[Any] = [self.widget]
        while todo:
            widget = todo.pop()
            if id(widget) in seen or not isinstance(widget, widgets.Widget):
                continue
            seen.add(id(widget))
            todo.extend(getattr(widget, "children", ()))
            widget.close()


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
