"""The five-year chart's look: colours, sizes and fixed words, one copy for every renderer.

:mod:`~workbook.timeline.layout` places everything with these sizes, and both renderers
(:mod:`~workbook.timeline.svg`, :mod:`~workbook.timeline.mpl`) colour and label with these
names, so a change to the chart's proportions or colours is made here, once. Lengths are in
inches and text sizes in points: the figure grows with the rows, never the font.
"""

from __future__ import annotations

__all__ = [
    "BAR",
    "BEYOND_NOTE",
    "BOTTOM",
    "COLOURS",
    "ELLIPSIS",
    "EMPTY_MESSAGE",
    "FIG_WIDTH",
    "LABEL_PT",
    "LANE_NAMES",
    "LANE_NOTES",
    "LEFT",
    "LEGEND",
    "LEGEND_DROP",
    "MAX_LABEL_CHARS",
    "MIN_AXES_HEIGHT",
    "NOW_NOTE",
    "PAD",
    "RIGHT",
    "ROW",
    "TITLE_PT",
    "TOP",
    "X_LEFT",
    "X_RIGHT_PAD",
]


#: Okabe-Ito colours (safe for the common colour-vision deficiencies). Lanes also differ by
#: hatching and by their labels, so colour is never the only cue.
COLOURS: dict[str, str] = {
    "short": "#0072B2",  # blue
    "short_edge": "#00466E",
    "long": "#E69F00",  # orange
    "long_edge": "#7A5400",
    "beyond": "#D55E00",  # vermillion, faint
    "link": "#3A3A3A",
    "now": "#000000",
    "grid": "#C8C8C8",
}
EMPTY_MESSAGE = "No goals yet: add a long-term goal, then its first steps."

FIG_WIDTH = 10.0
LEFT, RIGHT, TOP, BOTTOM = 1.45, 0.35, 0.95, 0.95  # margins around the axes
ROW = 0.40  # height of one row of bars
MIN_AXES_HEIGHT = 1.4
BAR = 0.62  # bar height as a share of the row
LABEL_PT = 8.5
TITLE_PT = 12.0
MAX_LABEL_CHARS = 48
PAD = 0.06  # gap between a bar and its label, and between neighbours in a row
X_LEFT = -1.5  # a little room left of "now" (in months) so month-0 bars do not sit on the spine
X_RIGHT_PAD = 0.5  # months of room after the last bar
ELLIPSIS = "…"
LEGEND_DROP = 0.30  # legend top, below the x axis

#: words in the chart itself (a student's words come from the roadmap)
NOW_NOTE = "now"
BEYOND_NOTE = "beyond 5 years"
#: each lane's name, in two lines, left of the axes (the name is the cue beside colour)
LANE_NAMES: dict[str, tuple[str, str]] = {
    "short": ("Short-term", "(stepping stones)"),
    "long": ("Long-term", "(destinations)"),
}
#: said in a lane with no goal while the other lane has some
LANE_NOTES: dict[str, str] = {"long": "no long-term goal yet", "short": "no short-term goal yet"}
#: the legend's entries, in order: what is drawn (a lane's bar, or "milestone", "link", "now")
LEGEND: tuple[tuple[str, str], ...] = (
    ("short", "Short-term (stepping stone)"),
    ("long", "Long-term (destination)"),
    ("milestone", "Milestone"),
    ("link", "Leads to"),
    ("now", "Now"),
)
