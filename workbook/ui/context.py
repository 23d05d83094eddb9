"""What the roadmap builder's parts share: the session, the guard, the main message line and
the builder's hooks for after a change.

Each part of the builder (:mod:`~workbook.ui.goals`, :mod:`~workbook.ui.chart_view`,
:mod:`~workbook.ui.saving`, ...) holds its own widgets and handlers; what they must agree on is
here, so no part imports another's internals and none imports the builder itself.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator

import ipywidgets as widgets

from workbook.html import MessageKind, message_html
from workbook.model import Roadmap
from workbook.session import Session
from workbook.ui.parts import Guard, message_line

__all__ = ["BuilderContext"]

log = logging.getLogger(__name__)


def _not_yet(*_args: object) -> None:
    """A hook the builder has not set yet (the parts are built before the builder wires them)."""


class BuilderContext:
    """The builder as its parts see it."""

    def __init__(self, session: Session, *, dates: bool) -> None:
        self.session = session
        #: show real dates (the chart, the goal list) and ask for the date of month 0
        self.dates = dates
        #: the goal section's message line, where a message goes unless a part names another
        self.message = message_line("wb-message")
        self.guard = Guard("roadmap builder", lambda: self.message, log)
        self.quiet = 0  #: >0 while the builder changes things itself (its own echoes are ignored)
        #: redraw, save and tell the other views after a change: ``changed(message, where)``
        self.changed: Callable[[str, widgets.HTML | None], None] = _not_yet
        #: show the session's work afresh (after a load, a reload, a new workbook)
        self.refresh: Callable[[], None] = _not_yet
        #: the widgets now show the session as it is: update the top line, and note it so the
        #: session's echo of this change is not drawn again
        self.remember: Callable[[], None] = _not_yet

    @property
    def roadmap(self) -> Roadmap:
        """The session's roadmap now (a resume replaces it, so never keep it)."""
        return self.session.roadmap

    def say(
        self, text: str | list[str], *, kind: MessageKind = "ok", where: widgets.HTML | None = None
    ) -> None:
        """Show a message in ``where`` (a section's message line; default: the goal section's)."""
        target = self.message if where is None else where
        target.value = message_html([text] if isinstance(text, str) else text, kind=kind)

    @contextlib.contextmanager
    def quietly(self) -> Iterator[None]:
        """While the builder changes the session or its own fields, ignore their echoes."""
        self.quiet += 1
        try:
            yield
        finally:
            self.quiet -= 1
