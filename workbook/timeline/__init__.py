"""The five-year roadmap chart: one layout, two thin renderers, and the same in words.

- :mod:`~workbook.timeline.layout` (pure) takes a roadmap and a text measurer and decides
  everything the chart shows: lanes, rows, bars, label texts and places, milestones, links,
  ticks, notes and the title, in months and rows (:mod:`~workbook.timeline.placing` places
  each label and packs the rows). :mod:`~workbook.timeline.style` holds the colours, sizes
  and fixed words it uses.
- :mod:`~workbook.timeline.svg` paints a layout as a light SVG (the live view in the app) on
  :mod:`~workbook.timeline.svgdoc`'s canvas (safe text), measured by
  :mod:`~workbook.timeline.fonts` (DejaVu Sans' widths from a table).
- :mod:`~workbook.timeline.mpl` paints a layout with matplotlib (notebooks and the PNG, SVG
  and PDF downloads), measured by matplotlib's own font engine.
- :mod:`~workbook.timeline.words` says everything the chart shows as text (:func:`describe`).

Why two renderers and not one: the live view redraws on every change in a student's kernel,
where matplotlib would add some 50 MiB and about 70 ms of text drawing per redraw, so it stays
a few kilobytes of SVG written without it; the downloads need PNG and PDF, which matplotlib
writes well and the SVG cannot give without a rasteriser, and the notebooks show a matplotlib
figure a student can keep working with (``ax=``). Both renderers only map the one layout to
their units and paint, so a change to what the chart shows or where is made in ``layout``
(or ``style``), once; the tests check the layout, and each renderer only for drawing every
part of it.
"""

from __future__ import annotations

from workbook.timeline.layout import (
    Layout,
    chart_title,
    date_labels,
    drawable,
    fitted_title,
    layout,
    month_date,
)
from workbook.timeline.mpl import quiet_missing_glyphs, timeline_chart
from workbook.timeline.style import COLOURS, EMPTY_MESSAGE
from workbook.timeline.svg import timeline_svg
from workbook.timeline.words import describe, window_words

__all__ = [
    "COLOURS",
    "EMPTY_MESSAGE",
    "Layout",
    "chart_title",
    "date_labels",
    "describe",
    "drawable",
    "fitted_title",
    "layout",
    "month_date",
    "quiet_missing_glyphs",
    "timeline_chart",
    "timeline_svg",
    "window_words",
]
