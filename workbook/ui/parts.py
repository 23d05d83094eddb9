"""Small pieces every view is built from: classed widgets, message lines and the handler guard.

The builder, the dashboard, the coach panel and the quiz all add stable ``wb-*`` classes to
their widgets and all promise that no click ends in a traceback. Both live here once, so a
view's module holds only what that view does.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar

import ipywidgets as widgets

from workbook.html import escape, message_html

__all__ = ["Guard", "button", "classed", "close_all", "heading", "message_line"]

W = TypeVar("W", bound=widgets.DOMWidget)

SORRY = (
    "Sorry, something went wrong while trying to {action}. What you already saved is safe; "
    "try again, and tell your instructor if it keeps happening."
)


def classed(widget: W, *classes: str) -> W:
    """``widget`` with the given CSS classes added (so a view can build and class in one go)."""
    for css in classes:
        widget.add_class(css)
    return widget


def button(label: str, css: str, *, tooltip: str = "", style: str = "") -> widgets.Button:
    """A button with its stable class; the tooltip defaults to the label (for screen readers)."""
    return classed(
        widgets.Button(description=label, tooltip=tooltip or label, button_style=style), css
    )


def message_line(css: str) -> widgets.HTML:
    """An empty message line for one section, with its stable class."""
    return classed(widgets.HTML(value=""), css)


def heading(text: str, level: int = 3) -> widgets.HTML:
    """A section heading (the text is escaped: some headings quote a student's goal)."""
    return widgets.HTML(value=f"<h{level}>{escape(text)}</h{level}>")


def close_all(*roots: widgets.Widget) -> None:
    """Close these widgets and everything inside them (children, layouts, styles), once each:
    a view being replaced must not leave its widgets alive in the kernel."""
    todo: list[Any] = list(roots)
    seen: set[int] = set()
    while todo:
        widget = todo.pop()
        if id(widget) in seen or not isinstance(widget, widgets.Widget):
            continue
        seen.add(id(widget))
        todo.extend(getattr(widget, "children", ()))
        todo.extend(
            x for x in (getattr(widget, "layout", None), getattr(widget, "style", None)) if x
        )
        widget.close()


class Guard:
    """Runs a view's handlers so that no exception ever reaches the page as a traceback.

    An unexpected exception is logged (for the instructor), kept in ``errors`` (for the tests:
    a healthy view keeps it empty) and told to the student as one friendly sentence in the
    message line ``where``, by default the view's main one.
    """

    def __init__(self, who: str, default: Callable[[], widgets.HTML], log: logging.Logger) -> None:
        self.who = who  #: names the view in the log ("roadmap builder", "dashboard")
        self.errors: list[BaseException] = []
        self._default = default
        self._log = log

    def wrap(
        self, action: str, handler: Callable[..., Any], where: widgets.HTML | None = None
    ) -> Callable[..., None]:
        """``handler`` wrapped for ``on_click``/``observe``; ``action`` completes "trying to"."""

        @functools.wraps(handler)
        def run(*args: Any, **kwargs: Any) -> None:
            self.run(action, handler, *args, where=where, **kwargs)

        return run

    def run(
        self,
        action: str,
        handler: Callable[..., Any],
        *args: Any,
        where: widgets.HTML | None = None,
        **kwargs: Any,
    ) -> None:
        """Call ``handler`` now, with the same promise as :meth:`wrap`."""
        try:
            handler(*args, **kwargs)
        except Exception as exc:  # the promise: a friendly line, never a traceback
            self.failed(exc, f"could not {action}")
            target = self._default() if where is None else where
            target.value = message_html([SORRY.format(action=action)])

    def failed(self, exc: BaseException, what: str) -> None:
        """Keep and log an exception a view handled itself (e.g. one download that failed)."""
        self.errors.append(exc)
        self._log.error("%s: %s", self.who, what, exc_info=exc)
