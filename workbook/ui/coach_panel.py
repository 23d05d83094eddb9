"""The coach panel: type an answer, see feedback as you go, with the words behind it marked.

Pure ipywidgets (no JavaScript output), so it works in JupyterLab and in Voila. Feedback is
debounced: it refreshes about 0.3 s after the student stops typing (on the kernel's event loop
when there is one, else on a timer thread), and at once with "Review now". Every piece of the
student's text is escaped before it is shown; evidence is wrapped in
``<mark class="wb-evidence" data-code=...>``.

Stable CSS classes: ``wb-coach`` (the panel), ``wb-answer`` (the text area), ``wb-review``
(the button), ``wb-job-ad`` (the job-ad picker), ``wb-feedback`` (highlighted answer and
findings), ``wb-checklist`` (talking points), ``wb-numbers`` (length, time, key terms, roadmap),
``wb-status`` (saving and problems).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from typing import Any

import ipywidgets as widgets

from workbook.coach.render import answer_text
from workbook.coach.results import Review
from workbook.coach.review import review
from workbook.coach.rules import sample_job_ads
from workbook.content import ContentError
from workbook.html import escape, message_html
from workbook.model import Roadmap
from workbook.session import Session
from workbook.store import ANSWER_DRAFT
from workbook.ui.parts import classed

__all__ = ["DRAFT_NAME", "CoachPanel", "coach_panel"]

log = logging.getLogger(__name__)

DRAFT_NAME = ANSWER_DRAFT  #: the name drafts are saved under in the session
DELAY = 0.3  #: seconds of quiet typing before the feedback refreshes

_INTRO = (
    "<p><strong>Rehearse your answer.</strong> Type what you would say when the interviewer "
    "asks <em>“What are your career goals?”</em> The coach reads it as you type and marks the "
    "words behind each piece of feedback.</p>"
)


class CoachPanel(widgets.VBox):  # type: ignore[misc]  # ipywidgets ships no type hints
    """The panel itself; ``coach_panel()`` builds one. Attributes are the parts tests drive."""

    def __init__(
        self,
        session: Session | None = None,
        job_ad: str | None = None,
        roadmap: Roadmap | None = None,
        *,
        delay: float = DELAY,
        roadmap_section: bool = True,
    ) -> None:
        self.session = session
        self.roadmap = roadmap
        self.delay = delay
        #: show "Your roadmap" (the answer against the roadmap) here; a host that shows that
        #: check in its own place (the dashboard) turns it off, so it is never printed twice
        self.roadmap_section = roadmap_section
        self.last_review: Review | None = None
        self.reviews = 0  #: how many times the feedback was refreshed (for tests and benches)
        self._timer: threading.Timer | asyncio.TimerHandle | None = None
        self._lock = threading.RLock()
        self._saved_text: str | None = None

        self._build(job_ad)
        draft = self._latest_draft()
        if draft:
            self.answer.value = draft
            self._saved_text = draft
        self.refresh(save=False)
        self.answer.observe(self._typed, names="value")
        self.review_button.on_click(lambda _button: self.review_now())
        self.job_ad_picker.observe(lambda _change: self.refresh(save=False), names="value")

    def _build(self, job_ad: str | None) -> None:
        """The panel's widgets, in the order the student meets them."""
        self.answer = classed(
            widgets.Textarea(
                placeholder="In the long term I would like to ... To get there, this year I ...",
                continuous_update=True,
                layout=widgets.Layout(width="100%", height="11em"),
            ),
            "wb-answer",
        )
        self.review_button = classed(
            widgets.Button(description="Review now", icon="check", button_style="primary"),
            "wb-review",
        )
        self.job_ad_picker = classed(
            widgets.Dropdown(
                options=self._job_ad_options(job_ad),
                description="Job ad:",
                layout=widgets.Layout(width="22em"),
            ),
            "wb-job-ad",
        )
        if job_ad is not None:
            self.job_ad_picker.index = len(self.job_ad_picker.options) - 1
        self.status = classed(widgets.HTML(), "wb-status")
        self.feedback = classed(widgets.HTML(), "wb-feedback")
        self.checklist = classed(
            widgets.HTML(layout=widgets.Layout(margin="0 2em 0 0")), "wb-checklist"
        )
        self.numbers = classed(widgets.HTML(), "wb-numbers")

        super().__init__(
            [
                widgets.HTML(_INTRO),
                self.answer,
                widgets.HBox([self.review_button, self.job_ad_picker, self.status]),
                self.feedback,
                widgets.HBox(
                    [self.checklist, self.numbers], layout=widgets.Layout(flex_flow="row wrap")
                ),
            ]
        )
        classed(self, "wb-coach")

    # --- inputs --------------------------------------------------------------------------------
    @staticmethod
    def _job_ad_options(job_ad: str | None) -> list[tuple[str, str | None]]:
        options: list[tuple[str, str | None]] = [("none", None)]
        try:
            for ad_id, ad in sample_job_ads().items():
                options.append((f"{ad['title']} ({ad['employer']})", ad_id))
        except ContentError as exc:  # a broken sample ad must not stop the panel
            log.warning("sample job ads not available: %s", exc)
        if job_ad is not None:
            options.append(("the ad you gave", job_ad))
        return options

    def _latest_draft(self) -> str | None:
        if self.session is None:
            return None
        try:
            draft = self.session.latest_draft(DRAFT_NAME)
        except Exception as exc:  # a broken session must not hide the panel
            log.warning("could not read the draft: %s", exc)
            return None
        return draft if isinstance(draft, str) else None

    def _current_roadmap(self) -> Roadmap | None:
        if self.roadmap is not None:
            return self.roadmap
        return self.session.roadmap if self.session is not None else None

    # --- debouncing ----------------------------------------------------------------------------
    def _typed(self, _change: Any = None) -> None:
        """Each keystroke restarts the wait; feedback comes once typing pauses."""
        with self._lock:
            self._cancel()
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                timer = threading.Timer(self.delay, self._fire)
                timer.daemon = True
                timer.start()
                self._timer = timer
            else:
                self._timer = loop.call_later(self.delay, self._fire)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
        self.refresh()

    @property
    def pending(self) -> bool:
        """Is a refresh waiting for typing to pause?"""
        return self._timer is not None

    def review_now(self) -> Review | None:
        """Refresh at once (the "Review now" button)."""
        with self._lock:
            self._cancel()
        return self.refresh()

    def close(self) -> None:
        with self._lock:
            self._cancel()
        super().close()

    # --- the feedback --------------------------------------------------------------------------
    def refresh(self, *, save: bool = True) -> Review | None:
        """Review the text in the box, show the feedback, and save the draft."""
        with self._lock:
            text = self.answer.value or ""
            try:
                result = review(text, self.job_ad_picker.value, self._current_roadmap())
            except ContentError as exc:
                self.status.value = message_html(
                    [
                        "The coach's rules could not be loaded, so there is no feedback. "
                        f"Tell your instructor: {exc}"
                    ]
                )
                return None
            self.last_review = result
            self.reviews += 1
            self.feedback.value = _feedback_html(result)
            self.checklist.value = "<h4>Talking points</h4>" + result.points_html()
            roadmap = result.roadmap_html() if self.roadmap_section else ""
            self.numbers.value = (
                "<h4>Numbers</h4>"
                + result.numbers_html()
                + (f"<h4>Your roadmap</h4>{roadmap}" if roadmap else "")
            )
            if save:
                self._save(text)
            return result

    def _save(self, text: str) -> None:
        if self.session is None or text == self._saved_text:
            return
        try:  # kept as the student types: written once the work has a code, never making one
            self.session.save_draft(DRAFT_NAME, text, give_code=False)
        except Exception as exc:  # disk full, text too long...: say so, keep the text
            self.status.value = message_html([f"Your draft is not saved yet: {exc}"])
            return
        self._saved_text = text
        self.status.value = message_html(
            [
                "Draft saved."
                if self.session.code
                else "Draft kept on this page; press “Save my work” to keep it for later."
            ],
            kind="quiet",
        )


def _feedback_html(result: Review) -> str:
    parts = [f'<p class="wb-notice">{escape(n)}</p>' for n in result.notices]
    if result.text.strip():
        parts.append(answer_text(result.highlighted_html()))
    fb = result.feedback_html()
    if fb:
        parts.append(fb)
    return "".join(parts)


def coach_panel(
    session: Session | None = None,
    job_ad: str | None = None,
    roadmap: Roadmap | None = None,
    *,
    roadmap_section: bool = True,
) -> CoachPanel:
    """A panel to rehearse the answer, with live feedback from the coach.

    ``session`` is where drafts are read and saved (normally
    :func:`workbook.session.current_session`); drafts are saved only when one is given.
    ``job_ad`` is an ad's text or a sample ad's id; ``roadmap`` defaults to the session's
    roadmap, for the consistency check.
    """
    return CoachPanel(
        session=session, job_ad=job_ad, roadmap=roadmap, roadmap_section=roadmap_section
    )
