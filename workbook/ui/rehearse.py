"""The dashboard's step 3: an outline from the roadmap, the coach panel, and the coach's check
that the answer and the roadmap tell the same story.

Built the first time the step opens (:meth:`RehearseStep.build`), so the coach's rules are only
loaded for a student who rehearses. The outline (:func:`workbook.coach.outline.outline`) is one
button away from the answer box; the coach reads the job ad chosen in step 1 (its own picker is
hidden), and the roadmap check is shown here under its own heading rather than in the panel.

Stable CSS classes: ``wb-outline``, ``wb-copy-outline``, ``wb-rehearse-message``,
``wb-job-ad-status`` (which ad the coach uses), ``wb-consistency`` with ``wb-roadmap-issue``
items; the coach panel's own classes are listed in :mod:`workbook.ui.coach_panel`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workbook.coach.outline import PROMPT_NOTE, outline
from workbook.html import escape, message_html
from workbook.session import MAX_DRAFT_CHARS, Session
from workbook.store import PROOF_DRAFT
from workbook.text import counted
from workbook.ui.coach_panel import DRAFT_NAME, CoachPanel, coach_panel
from workbook.ui.job_ad import JobAd
from workbook.ui.parts import Guard, classed, message_line

__all__ = ["RehearseStep"]

OUTLINE_STYLE = (
    "white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.5;background:#f6f8fa;"
    "border:1px solid #d0d7de;border-radius:6px;padding:0.7em 1em;max-width:52em"
)


class RehearseStep:
    """Step 3's parts; everything but ``placeholder`` exists once :meth:`build` has run."""

    def __init__(self, session: Session, guard: Guard, job_ad: JobAd) -> None:
        self.session = session
        self.guard = guard
        self.job_ad = job_ad
        #: step 3 until it is first opened (and where a failure to build it would be told)
        self.placeholder = widgets.HTML("<p><i>Opening the coach…</i></p>")
        self.coach: CoachPanel | None = None  #: built the first time step 3 opens
        self._coached: str | None = None  # the roadmap the coach last reviewed against
        self.outline_view = message_line("wb-outline")
        self.copy_button = classed(
            widgets.Button(
                description="Copy the outline into the answer box",
                icon="copy",
                layout=widgets.Layout(width="auto"),
            ),
            "wb-copy-outline",
        )
        self.message = message_line("wb-rehearse-message")
        self.copy_button.on_click(guard.wrap("copy the outline", self._on_copy, self.message))
        self.job_ad_status = message_line("wb-job-ad-status")
        self.consistency = message_line("wb-consistency")

    def build(self) -> tuple[widgets.Widget, ...]:
        """Make the coach panel and return the step's widgets, in order."""
        # the roadmap follows the session (a resume replaces it), so the panel reads it there;
        # the answer-against-roadmap check has its own heading below, so not in the panel too
        coach = coach_panel(self.session, self.job_ad.for_coach(), None, roadmap_section=False)
        self.coach = coach
        coach.job_ad_picker.layout.display = "none"  # step 1 chooses the ad
        coach.feedback.observe(
            self.guard.wrap("check your answer against your roadmap", self.show_consistency),
            names="value",
        )
        self._coached = self._roadmap_key()
        children = (
            widgets.HTML("<h3>An outline from your roadmap</h3>"),
            widgets.HTML(f"<p><small>{escape(PROMPT_NOTE)}</small></p>"),
            self.outline_view,
            widgets.HBox([self.copy_button, self.message]),
            widgets.HTML("<h3>Your answer</h3>"),
            self.job_ad_status,
            coach,
            widgets.HTML("<h3>Does your answer match your roadmap?</h3>"),
            self.consistency,
        )
        self.show_outline()
        self.point_coach()
        self.show_consistency()
        return children

    def follow(self, *, resumed: bool) -> None:
        """After a change to the session: the resumed answer, a fresh outline, a new check."""
        coach = self.coach
        if coach is None:
            return
        if resumed:
            draft = self.session.latest_draft(DRAFT_NAME) or ""
            if (coach.answer.value or "") != draft:
                coach.answer.value = draft
                coach.review_now()
        self.show_outline()
        key = self._roadmap_key()
        if key != self._coached:
            self._coached = key
            coach.refresh(save=False)
        self.show_consistency()

    def close(self) -> None:
        if self.coach is not None:
            self.coach.close()  # cancels a pending review

    def _roadmap_key(self) -> str:
        return repr(self.session.roadmap.to_dict())

    def _outline(self) -> str:
        """The chapters' outline too: chapter 5's proof, when saved, fills its line."""
        return outline(self.session.roadmap, proof=self.session.latest_draft(PROOF_DRAFT))

    def show_outline(self) -> None:
        if self.coach is None:
            return
        text = self._outline()
        html = f'<div style="{OUTLINE_STYLE}">{escape(text)}</div>'
        if self.outline_view.value != html:
            self.outline_view.value = html

    def _on_copy(self, _button: Any = None) -> None:
        """Put the outline in the answer box; text already there is kept above it."""
        assert self.coach is not None  # the button exists only once the coach does
        text = self._outline()
        current = self.coach.answer.value or ""
        if text in current:
            self.message.value = message_html(
                ["The outline is already in your answer box."], kind="note"
            )
            return
        combined = f"{current.rstrip()}\n\n{text}" if current.strip() else text
        if len(combined) > MAX_DRAFT_CHARS:
            self.message.value = message_html(
                ["Your answer box is too full to add the outline; shorten your answer first."]
            )
            return
        self.coach.answer.value = combined
        self.coach.review_now()  # feedback at once, and the draft is saved
        kept = " Your own text is kept above it." if current.strip() else ""
        self.message.value = message_html(
            [f"The outline is in the answer box: now say it in your own words.{kept}"], kind="ok"
        )

    def point_coach(self) -> None:
        """Give the coach the job ad from step 1 (its own picker is hidden)."""
        if self.coach is None:
            return
        value = self.job_ad.for_coach()
        if value is None:
            status = "No job ad yet: add one in step 1 and the coach checks its key terms too."
            options: list[tuple[str, str | None]] = [("none", None)]
        else:
            ad = self.job_ad.samples.get(value)
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

    def show_consistency(self, _change: Any = None) -> None:
        if self.coach is None:
            return
        self.consistency.value = self._consistency_html(self.coach)

    def _consistency_html(self, coach: CoachPanel) -> str:
        """The coach's roadmap check on the last review, in words (student text escaped)."""
        count = len(self.session.roadmap.goals)
        result = coach.last_review
        if not count:
            return message_html(
                [
                    "Add goals in step 2: the coach then checks that your answer and your "
                    "roadmap tell the same story."
                ],
                kind="note",
            )
        if result is None or not result.text.strip():
            return message_html(
                [
                    "Write or copy your answer above: the coach checks it against your "
                    f"{counted(count, 'goal')}."
                ],
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
