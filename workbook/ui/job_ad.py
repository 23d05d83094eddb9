"""The job ad in the dashboard's step 1: pasted, or chosen from the sample ads.

The ad is checked next to its box (text, not too long), kept as the draft ``"job_ad"`` once the
student has a personal code, and handed to the coach: a sample ad by its id (the coach knows its
key terms), anything else as text. Choosing "None" again takes a sample's text away, never the
student's own.

Stable CSS classes: ``wb-job-ad`` (the text box), ``wb-job-ad-sample`` (the sample ads).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbook.session import MAX_DRAFT_CHARS, Session
from workbook.ui.fields import TextField, clean_input
from workbook.ui.parts import Guard, classed

__all__ = ["JOB_AD_DRAFT", "JobAd", "load_samples"]

log = logging.getLogger(__name__)

JOB_AD_DRAFT = "job_ad"  #: the draft name the job ad is saved under in the session
NO_SAMPLE = ""  #: the sample picker's "None"


def load_samples() -> dict[str, dict[str, str]]:
    """The sample job ads; a broken file means no samples, never a broken page."""
    from workbook.coach.rules import sample_job_ads

    try:
        return sample_job_ads()
    except Exception as exc:  # ContentError names the file; the log is for the instructor
        log.warning("sample job ads not available: %s", exc)
        return {}


class JobAd:
    """The sample picker and the ad's text box; ``on_applied()`` runs when the ad in use
    changes (the dashboard points the coach at it)."""

    def __init__(self, session: Session, guard: Guard, on_applied: Callable[[], None]) -> None:
        self.session = session
        self.samples = load_samples()
        self._on_applied = on_applied
        self._quiet = 0
        self._applied = ""  # the last job ad that passed the checks
        self.field = TextField(
            "job_ad",
            "Job ad",
            textarea=True,
            rows=8,
            placeholder="Paste the job ad here (optional)",
            hint="The coach picks out its key terms and checks that your answer uses them.",
            width="48em",
        )
        classed(self.field.widget, "wb-job-ad")
        self.field.on_change(guard.wrap("take in the job ad", self._on_text, self.field.message))
        options = [("None: paste your own ad below, or pick a sample", NO_SAMPLE)]
        options += [(f"{ad['title']}, {ad['employer']}", key) for key, ad in self.samples.items()]
        self.sample = classed(
            widgets.Dropdown(
                options=options,
                description="Sample ad",
                style={"description_width": "11em"},
                layout=widgets.Layout(width="42em"),
                disabled=not self.samples,
            ),
            "wb-job-ad-sample",
        )
        self.sample.observe(
            guard.wrap("use the sample ad", self._on_sample, self.field.message), names="value"
        )

    def text(self) -> str:
        """The job ad as the student last gave it (validated), or "" for none."""
        value = self.field.text
        if not isinstance(value, str) or len(value) > MAX_DRAFT_CHARS:
            return self._applied
        return value

    def for_coach(self) -> str | None:
        """What the coach reads: a sample ad's id when the text is that ad's, else the text."""
        text = self.text()
        if not text:
            return None
        for key, ad in self.samples.items():
            if clean_input(ad["text"]) == text:
                return key
        return text

    def _on_sample(self, change: dict[str, Any]) -> None:
        if self._quiet:
            return
        if change.get("new") == NO_SAMPLE:
            # back to "None": take the sample's text away too, but never the student's own ad
            old = self.samples.get(change.get("old") or "")
            if old is not None and self.text() == clean_input(old["text"]):
                self.field.value = ""
            return
        ad = self.samples.get(change["new"])
        if ad is not None:
            self.field.value = clean_input(ad["text"])
            typed = self.session.roadmap.employer.strip()
            if typed and typed.casefold() != str(ad["employer"]).strip().casefold():
                self.field.note(
                    f"This sample ad is from {ad['employer']}, not {typed}, the employer you "
                    "typed in step 1. Fine for practice; paste the real ad when you have it."
                )

    def _on_text(self, _field: Any = None) -> None:
        """Check the ad next to its box, then keep it (and save it once there is a code)."""
        if self._quiet:
            return
        value = self.field.text
        if not isinstance(value, str):
            self.field.show(["The job ad must be text: paste it into the box."])
            return
        if len(value) > MAX_DRAFT_CHARS:
            self.field.show(
                [
                    f"This is {len(value):,} characters long; a job ad is rarely over "
                    f"{MAX_DRAFT_CHARS:,}. Paste just the ad itself. The coach still uses the "
                    "ad you gave before."
                ]
            )
            return
        self._applied = value
        if value and len(value.split()) < 20:
            self.field.note("That is short for a job ad; the whole ad gives the coach more to use.")
        else:
            self.field.clear()
        self._sync_sample()
        self.save()
        self._on_applied()

    def _sync_sample(self) -> None:
        """Show which sample ad the text is (or none once the student edits it)."""
        chosen = self.for_coach()
        value = chosen if chosen in self.samples else NO_SAMPLE
        if self.sample.value != value:
            self._quiet += 1
            try:
                self.sample.value = value
            finally:
                self._quiet -= 1

    def save(self) -> None:
        """Keep the ad with the work once the student has a code (the first save takes it)."""
        text = self._applied
        if not self.session.code or (self.session.latest_draft(JOB_AD_DRAFT) or "") == text:
            return
        try:
            self.session.save_draft(JOB_AD_DRAFT, text, give_code=False)
        except (ValueError, OSError) as exc:  # StoreError: the disk refused; say so, keep it
            log.warning("job ad not saved: %s", exc)
            self.field.show([f"The job ad is used here but could not be saved yet: {exc}"])

    def load(self) -> None:
        """Show the job ad saved with the work (after opening the page or resuming)."""
        text = self.session.latest_draft(JOB_AD_DRAFT) or ""
        self._applied = text
        self._quiet += 1
        try:
            self.field.reset(text)
        finally:
            self._quiet -= 1
        self._sync_sample()
        self._on_applied()
