"""What a save is: the student's :class:`Work`, the file format's marker and version, and the
errors a student may see. Every other part of :mod:`workbook.store` builds on these."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from workbook.model import Roadmap
from workbook.save_schema import Attempt, Draft

#: The marker that says a JSON file is a workbook save (and not, say, a notebook).
SCHEMA = "career-goals-workbook"
#: The version written today; older ones are upgraded on load through :data:`MIGRATIONS`.
SCHEMA_VERSION = 2

MAX_FILE_BYTES = 5_000_000  # a full workbook is a few hundred kB; anything bigger is not ours

#: what a student reads when a code matches nothing, or the file is from a newer workbook
NO_MATCH = "No saved work matches that code; check it for typos."
NEWER = (
    "This work was saved by a newer version of the workbook (schema version {version}). "
    "Update the workbook to open it; the file has not been changed."
)


#: the draft the spoken answer is kept under (the coach panel, chapter 7, the one-pager)
ANSWER_DRAFT = "career_goals_answer"
#: the draft of a goal set and reached before (chapter 5): the proof line of every outline
PROOF_DRAFT = "past_success"


class StoreError(ValueError):
    """Saved work cannot be opened or saved; the message is written for the student."""


class StaleWorkError(StoreError):
    """The file was saved from elsewhere (another tab, window or notebook) after this copy was
    opened; saving it would throw that newer work away, so nothing was written."""

    def __init__(self, saved_at: dt.datetime | None) -> None:
        when = f" at {saved_at:%H:%M} UTC" if saved_at else ""
        super().__init__(
            "This page is behind your saved work: it was saved from another tab or window"
            f"{when} after this page opened. Nothing was saved here, so that newer work is "
            "safe. Reload your saved work to carry on from it; the change you just made on "
            "this page is not in it, so make it again after reloading."
        )
        self.saved_at = saved_at


@dataclass
class Work:
    """Everything one student has done: the roadmap, quiz attempts and answer drafts."""

    roadmap: Roadmap = field(default_factory=Roadmap)
    #: quiz attempts, oldest first
    attempts: list[Attempt] = field(default_factory=list)
    #: written answers, oldest first; several per name make a history
    drafts: list[Draft] = field(default_factory=list)
    #: the personal code it is saved under (``None`` until the first save)
    code: str | None = None
    #: a friendly message when loading had to fall back to the previous copy
    notice: str | None = None
    #: when it was last saved (UTC), ``None`` until then
    saved_at: dt.datetime | None = None
    #: the file's save count when this copy was read or written; ``None`` for work that did
    #: not come from a file (saving it under an existing code is then a deliberate replace)
    revision: int | None = None

    def latest_draft(self, name: str) -> str | None:
        """The most recent text kept under ``name``, or ``None``."""
        texts = [d.get("text") for d in self.drafts if d.get("name") == name]
        return texts[-1] if texts else None


@dataclass(frozen=True)
class SavedFile:
    """One file found by :func:`iter_saved`: exactly one of ``work`` and ``problem`` is set."""

    path: Path
    work: Work | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None
