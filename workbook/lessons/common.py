"""What every chapter's helpers share: the :class:`Note` they return, the checks on
``data/examples/`` files, and the session they work on."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbook.content import ContentError
from workbook.html import message_box
from workbook.model import ValidationError

if TYPE_CHECKING:
    from workbook.session import Session

__all__ = [
    "ID_SCHEMA",
    "TEXT_SCHEMA",
    "Note",
    "open_session",
    "save_work",
    "unique_ids",
]

log = logging.getLogger(__name__)

#: the form of an id and of a short text in ``data/examples/`` files
ID_SCHEMA = {"type": "string", "pattern": "^[a-z0-9][a-z0-9_-]*$", "maxLength": 40}
TEXT_SCHEMA = {"type": "string", "minLength": 1, "maxLength": 600}


def unique_ids(items: Iterable[dict[str, Any]], source: str) -> None:
    """Raise a ContentError naming the file and the entry if two entries share an id."""
    seen: set[str] = set()
    for item in items:
        if item["id"] in seen:
            raise ContentError(f"{source}: entry {item['id']!r}, field 'id': used twice.")
        seen.add(item["id"])


@dataclass(frozen=True)
class Note:
    """A short, friendly message about what a helper did (or why it did nothing)."""

    ok: bool  #: True when the action happened
    message: str  #: what happened, in one or two sentences
    details: tuple[str, ...] = ()  #: e.g. one line per field to fix, or the text of a draft

    def __repr__(self) -> str:
        return "\n".join([self.message, *(f"- {d}" for d in self.details)])

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.ok else "#bf8700"
        css = "wb-note wb-note-ok" if self.ok else "wb-note wb-note-problem"
        return message_box(css, colour, self.message, lines=self.details)


def open_session(session: Session | None = None) -> Session:
    """The session to work on, brought up to date first: another chapter or the dashboard may
    have saved since this notebook opened the work, and a cell must build on that save."""
    from workbook.session import current_session

    s = session if session is not None else current_session()
    try:
        s.catch_up()
    except Exception:  # an unreadable file: keep this copy; saving will say what is wrong
        log.warning("Could not read the saved work again", exc_info=True)
    return s


def save_work(session: Session) -> str | None:
    """Save the session; return a friendly reason if the disk refused, else None."""
    from workbook.store import StoreError

    try:
        session.save()
    except (StoreError, OSError, ValidationError) as exc:
        return f"Kept in this notebook but not saved to disk: {exc}"
    finally:
        session.changed()  # open views (the roadmap builder, the coach panel) refresh
    return None
