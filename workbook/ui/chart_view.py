"""The builder's chart section: the live five-year timeline, the same in words, and the advice.

The live chart is an SVG from :func:`workbook.timeline.timeline_svg`: the same layout as
the matplotlib chart, drawn in a millisecond or two without importing matplotlib (about 50 MiB
with numpy), so a student's kernel stays small in a class of thirty. An empty roadmap shows a
short HTML note instead; the page's stylesheet swaps the chart for a list on a phone.

Stable CSS classes: ``wb-chart`` (the section), ``wb-timeline`` (the SVG image),
``wb-timeline-empty`` (the note shown while there are no goals), ``wb-timeline-list`` holding
``wb-timeline-items``, ``wb-timeline-text`` (the chart in words), ``wb-advice``.
"""

from __future__ import annotations

import time

import ipywidgets as widgets

from workbook.html import escape, message_html
from workbook.model import Horizon
from workbook.ui.context import BuilderContext
from workbook.ui.parts import classed, heading, message_line

__all__ = ["EMPTY_CHART_HTML", "ChartView"]

EMPTY_CHART_HTML = (
    '<div style="border:1px dashed #8c959f;border-radius:6px;padding:1.2em 1.5em;'
    'max-width:46em;color:#3a3a3a"><b>Your five-year timeline appears here.</b><br>'
    "Add your first goal above: long-term goals get the top lane, the short-term steps "
    "that lead to them the lane below, from now to five years ahead.</div>"
)


class ChartView:
    """The chart's widgets and :meth:`redraw`, which the builder calls after every change."""

    def __init__(self, ctx: BuilderContext) -> None:
        self.ctx = ctx
        #: seconds the last chart redraw took (layout + SVG)
        self.render_seconds: float | None = None
        self.chart = widgets.Image(
            format="svg+xml",
            value=b"",
            # its own size on a wide page, scaled down (crisply: it is vector) on a narrow one
            layout=widgets.Layout(max_width="100%", align_self="flex-start"),
        )
        self.chart.add_class("wb-timeline")
        self.chart_empty = message_line("wb-timeline-empty")
        # the timeline as a list, shown in the chart's place where a chart would be unreadable
        self.chart_list = message_line("wb-timeline-list")
        self.chart_text = message_line("wb-timeline-text")
        self.advice = message_line("wb-advice")
        self.widget = classed(
            widgets.VBox(
                [
                    heading("Your timeline"),
                    self.chart,
                    self.chart_list,
                    self.chart_empty,
                    self.chart_text,
                    self.advice,
                ]
            ),
            "wb-chart",
        )

    def redraw(self) -> None:
        """Draw the roadmap (a failure is one line in words: the goals are never at risk)."""
        from workbook.timeline import describe, timeline_svg

        roadmap = self.ctx.roadmap
        start = time.perf_counter()
        empty = not roadmap.goals
        try:
            svg = b"" if empty else timeline_svg(roadmap, dates=self.ctx.dates).encode("utf-8")
        except Exception as exc:
            self.ctx.guard.failed(exc, "the chart could not be drawn")
            self.chart_text.value = message_html(
                ["The chart could not be drawn just now; your goals are safe."], kind="error"
            )
            return
        if svg != self.chart.value:
            self.chart.value = svg
        self.chart_list.value = self.timeline_list()
        self._show_chart(not empty)
        self.render_seconds = time.perf_counter() - start
        words = describe(roadmap)  # (no Image.tooltip: ipywidgets 8.1 then fails to draw it)
        self.chart_text.value = (
            "<details><summary>The timeline in words</summary>"
            f"<p>{escape(words).replace(chr(10), '<br>')}</p></details>"
        )
        advice = roadmap.advice()
        items = "".join(f"<li>{escape(a.message)}</li>" for a in advice)
        self.advice.value = f"<b>Advice on your roadmap</b><ul>{items}</ul>" if items else ""

    def timeline_list(self) -> str:
        """The chart's content in reading order: each long-term goal, then the steps to it."""
        goals = self.ctx.roadmap.goals
        if not goals:
            return ""
        by_end = sorted(goals, key=lambda g: (g.end_month, g.start_month))
        long_terms = [g for g in by_end if g.horizon == Horizon.LONG]
        steps = [g for g in by_end if g.horizon != Horizon.LONG]
        items = []
        for goal in long_terms + steps:
            kind = "Long-term" if goal.horizon == Horizon.LONG else "Step"
            items.append(
                f"<li><b>{escape(goal.title)}</b><br><small>{kind} · months "
                f"{goal.start_month}–{goal.end_month}</small></li>"
            )
        return f'<ol class="wb-timeline-items">{"".join(items)}</ol>'

    def _show_chart(self, drawn: bool) -> None:
        """The chart image when there is a drawing, else the empty-state note in its place."""
        display = None if drawn else "none"
        if self.chart.layout.display != display:
            self.chart.layout.display = display
        note = "" if drawn else EMPTY_CHART_HTML
        if self.chart_empty.value != note:
            self.chart_empty.value = note
