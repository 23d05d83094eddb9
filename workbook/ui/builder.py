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

The builder is made of sections (``b.sections``: ``whose``, ``notice``, ``about``, ``goals``,
``chart``, ``save``, ``downloads``), each with its own message line, so a host such as the
dashboard can place them on different steps:
``RoadmapBuilder(session, sections=("goals", "chart"))`` keeps only those two in ``b.widget``
and leaves the others for the host to show. Nothing is shown twice, and a message always
appears next to the control that caused it.

Each section is a part in its own module, over a shared
:class:`~workbook.ui.context.BuilderContext` (the session, the guard, the main message line);
this module only puts them together and runs what follows every change (redraw, autosave, tell
the other views):

================  ===========================================  ================================
section           part                                         module
================  ===========================================  ================================
``whose``         whose work this is, save, start afresh       :mod:`workbook.ui.whose`
``notice``        the store's notice, a refused save, reload   :mod:`workbook.ui.saving`
``about``         name, role, employer (month 0 with dates)    :mod:`workbook.ui.about`
``goals``         the goal form, then the goal list            :mod:`workbook.ui.goals`,
                                                               :mod:`~workbook.ui.goal_form`,
                                                               :mod:`~workbook.ui.goal_list`
``chart``         the live SVG timeline, in words, advice      :mod:`workbook.ui.chart_view`
``save``          the personal code, load my work              :mod:`workbook.ui.saving`
``downloads``     Markdown, CSV, calendar, chart, saved file   :mod:`workbook.ui.downloads`
================  ===========================================  ================================

Stable CSS classes: ``wb-builder`` (the whole builder, the returned VBox); each part's module
lists its own, and :mod:`workbook.ui.fields` those of every field.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from workbook.model import Roadmap
from workbook.session import Session
from workbook.ui.about import AboutSection
from workbook.ui.chart_view import ChartView
from workbook.ui.context import BuilderContext
from workbook.ui.downloads import DownloadsPanel
from workbook.ui.goal_list import GoalRow
from workbook.ui.goals import GoalSection
from workbook.ui.parts import close_all
from workbook.ui.saving import SavePanel
from workbook.ui.whose import WhoseLine

__all__ = ["SECTIONS", "RoadmapBuilder", "roadmap_builder"]

#: the builder's parts, in the order the stand-alone builder shows them
SECTIONS = ("whose", "notice", "about", "goals", "chart", "save", "downloads")


class RoadmapBuilder:
    """The live builder: its parts, put together over one session."""

    def __init__(
        self,
        session: Session | None = None,
        *,
        dates: bool = False,
        sections: tuple[str, ...] = SECTIONS,
    ) -> None:
        unknown = [name for name in sections if name not in SECTIONS]
        if unknown:
            raise ValueError(f"unknown builder sections {unknown}; choose from {SECTIONS}")
        if session is None:
            from workbook.session import current_session

            session = current_session()
        self.session = session
        self.dates = dates
        ctx = self.ctx = BuilderContext(session, dates=dates)
        self.about = AboutSection(ctx)
        self.goals = GoalSection(ctx)
        self.chart_view = ChartView(ctx)
        self.saving = SavePanel(ctx, spoke_of_saving=(self.about.message,))
        self.whose_line = WhoseLine(ctx, self.saving)
        self.downloads_panel = DownloadsPanel(ctx)
        ctx.changed, ctx.refresh, ctx.remember = self._changed, self.refresh, self._remember
        self._shown: tuple[Any, ...] | None = None  # what the widgets show (see _fingerprint)
        #: every part by name; the ones not in ``widget`` are for a host to place
        self.sections: dict[str, widgets.Widget] = {
            "whose": self.whose_line.widget,
            "notice": self.saving.notice_box,
            "about": self.about.widget,
            "goals": self.goals.widget,
            "chart": self.chart_view.widget,
            "save": self.saving.widget,
            "downloads": self.downloads_panel.widget,
        }
        self.widget = widgets.VBox([self.sections[name] for name in sections])
        self.widget.add_class("wb-builder")
        self.widget.builder = self  # reachable from the returned VBox, as documented
        self._expose()
        self._callback = ctx.guard.wrap("refresh the builder", self._session_changed)
        session.on_change(self._callback)
        ctx.guard.run("show your roadmap", self.refresh)

    def _expose(self) -> None:
        """The parts' widgets as the builder's own attributes: the surface the dashboard and
        the tests drive (widgets are never replaced, so these stay true)."""
        about, goals, chart, saving = self.about, self.goals, self.chart_view, self.saving
        self.message = self.ctx.message
        self.owner, self.role, self.employer = about.owner, about.role, about.employer
        self.roadmap_start = about.roadmap_start
        self.about_fields, self.about_message = about.fields, about.message
        self.form, self.add_button, self.cancel_button = (
            goals.form,
            goals.add_button,
            goals.cancel_button,
        )
        self.goal_list, self.empty_list = goals.list.widget, goals.list.empty
        self.chart, self.chart_empty, self.chart_list = (
            chart.chart,
            chart.chart_empty,
            chart.chart_list,
        )
        self.chart_text, self.advice = chart.chart_text, chart.advice
        self.notice, self.stale_message, self.stale_box = (
            saving.notice,
            saving.stale_message,
            saving.stale_box,
        )
        self.reload_button, self.save_button, self.save_message = (
            saving.reload_button,
            saving.save_button,
            saving.save_message,
        )
        self.code_display, self.load_code, self.load_button = (
            saving.code_display,
            saving.load_code,
            saving.load_button,
        )
        self.whose, self.new_button = self.whose_line.whose, self.whose_line.new_button
        self.new_message = self.whose_line.new_message
        downloads = self.downloads_panel
        self.prepare_button, self.download_message = (
            downloads.prepare_button,
            downloads.download_message,
        )
        self.downloads = downloads.downloads

    # --- state the parts keep ------------------------------------------------------------------
    @property
    def errors(self) -> list[BaseException]:
        """Unexpected exceptions caught by the handlers (a healthy builder keeps this empty)."""
        return self.ctx.guard.errors

    @property
    def editing(self) -> str | None:
        """Id of the goal being edited, or None when the form adds a new goal."""
        return self.goals.editing

    @property
    def armed(self) -> str | None:
        """Id of the goal whose removal waits for a second click."""
        return self.goals.list.armed

    @property
    def rows(self) -> list[GoalRow]:
        """The goal list's rows (some may be unused: rows are reused)."""
        return self.goals.list.rows

    @property
    def render_seconds(self) -> float | None:
        """Seconds the last chart redraw took (layout + SVG)."""
        return self.chart_view.render_seconds

    @render_seconds.setter
    def render_seconds(self, seconds: float | None) -> None:
        self.chart_view.render_seconds = seconds  # a test or bench resets it to see a redraw

    @property
    def roadmap(self) -> Roadmap:
        return self.session.roadmap

    # --- after every change ------------------------------------------------------------------
    def _changed(self, message: str, where: widgets.HTML | None = None) -> None:
        """Redraw everything that shows the roadmap, then autosave and tell the other views.

        The chart goes first so the student sees it as soon as possible (the save takes a few
        milliseconds more; a failed save is reported in the message area).
        """
        self.chart_view.redraw()  # first: the chart is what the student waits for
        self.goals.list.refresh()
        self.goals.refresh_links()
        self.downloads_panel.stale()
        with self.ctx.quietly():
            problems = self.saving.autosave()
            self.session.changed()  # the other views on this session
        self._remember()
        if problems:
            self.ctx.say([message, *problems], kind="error", where=where)
        else:
            self.ctx.say(message, kind="ok", where=where)

    def _remember(self) -> None:
        self._shown = self._fingerprint()
        self.whose_line.show()

    def _fingerprint(self) -> tuple[Any, ...]:
        """What the builder shows; a quiz answer saved elsewhere leaves it unchanged."""
        roadmap = self.roadmap
        session = self.session
        return (id(roadmap), repr(roadmap.to_dict()), session.code, session.notice, session.stale)

    def _session_changed(self, *_args: Any) -> None:
        shown, now = self._shown, self._fingerprint()
        if self.ctx.quiet or now == shown:
            return
        if shown is not None and now[:2] == shown[:2]:  # only the code or a notice changed
            self.whose_line.show()
            self.saving.show_code()
            self.saving.show_notice()
            self._shown = now
            return
        self.refresh()

    def refresh(self) -> None:
        """Show the session's roadmap afresh (after loading, or a change made elsewhere)."""
        self.about.reset()
        self.goals.refresh()
        self.whose_line.show()
        self.saving.show_code()
        self.saving.show_notice()
        self.chart_view.redraw()
        self.downloads_panel.stale()
        self._shown = self._fingerprint()

    def close(self) -> None:
        """Stop listening to the session and close every widget (a dashboard replacing it)."""
        self.session.off_change(self._callback)
        close_all(
            self.widget,
            *self.sections.values(),
            *(row.box for row in self.rows),  # rows and milestone rows not shown just now
            *(row.box for row in self.form.milestone_rows),
            self.empty_list,
        )


def roadmap_builder(session: Session | None = None, *, dates: bool = False) -> widgets.VBox:
    """The roadmap builder form for ``session`` (default: this kernel's session).

    The live :class:`RoadmapBuilder` is ``vbox.builder``; ``dates=True`` shows real dates on
    the chart and in the goal list, and asks for the date of month 0.
    """
    return RoadmapBuilder(session, dates=dates).widget
