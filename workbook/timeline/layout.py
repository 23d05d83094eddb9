"""The chart's layout: a roadmap in, every bar, label, mark, line and word of the chart out.

Pure (no matplotlib, no widgets): :func:`layout` takes a roadmap and a text measurer and
decides everything a renderer draws, in chart units: x in months, y in rows counted up from
the bottom of the axes (the short-term lane below, the long-term lane above). A renderer only
maps those units to its own and paints; a change to the chart is made here (or, for colours
and sizes, in :mod:`~workbook.timeline.style`), once.

Rules the tests hold the layout to: a lane per horizon; goals packed into rows so that no two
labels overlap and no label covers another goal's bar (labels are measured, not guessed); a
label inside its bar when it fits, else beside it, else cut with an ellipsis where most room
is; the axes growing with the rows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from typing import Any, Literal

from workbook.model import INTERVIEW_WINDOW, LONG_TERM_MAX_MONTH, Goal, Milestone, Roadmap
from workbook.timeline.placing import Measure, Placed, fit, one_line, pack_rows, place, rows_by_end
from workbook.timeline.style import (
    BAR,
    BEYOND_NOTE,
    BOTTOM,
    FIG_WIDTH,
    LABEL_PT,
    LANE_NOTES,
    LEFT,
    MIN_AXES_HEIGHT,
    PAD,
    RIGHT,
    ROW,
    TITLE_PT,
    TOP,
    X_LEFT,
    X_RIGHT_PAD,
)

__all__ = [
    "Bar",
    "Label",
    "Layout",
    "Link",
    "Note",
    "chart_title",
    "date_labels",
    "drawable",
    "fitted_title",
    "layout",
    "month_date",
]

Lane = Literal["short", "long"]


def month_date(start: dt.date, month: int) -> dt.date:
    """The real date ``month`` months after ``start`` (the end of a short month is kept valid)."""
    from dateutil.relativedelta import relativedelta

    day: dt.date = start + relativedelta(months=month)
    return day


def chart_title(roadmap: Roadmap) -> str:
    """The role and employer aimed at, or a neutral title when neither is set."""
    role, employer = one_line(roadmap.role), one_line(roadmap.employer)
    if role and employer:
        return f"Career roadmap: {role} at {employer}"
    if role or employer:
        return f"Career roadmap: {role or employer}"
    return "My five-year career roadmap"


# --- which goals can be drawn --------------------------------------------------------------------
def _is_month(value: Any) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= LONG_TERM_MAX_MONTH
    )


def drawable(roadmap: Roadmap) -> Roadmap:
    """The goals that can be placed on a timeline (a roadmap still being edited, or loaded
    unvalidated, may hold one without valid months); the roadmap itself if that is all."""
    goals = []
    for g in roadmap.goals:
        if not (
            isinstance(g, Goal)
            and _is_month(g.start_month)
            and _is_month(g.end_month)
            and g.start_month < g.end_month
        ):
            continue
        marks = g.milestones if isinstance(g.milestones, list) else []
        keep = [m for m in marks if isinstance(m, Milestone) and _is_month(m.month)]
        goals.append(g if keep == g.milestones else dataclasses.replace(g, milestones=keep))
    if len(goals) == len(roadmap.goals) and all(
        a is b for a, b in zip(goals, roadmap.goals, strict=True)
    ):
        return roadmap
    return dataclasses.replace(roadmap, goals=goals)


def _x_end(roadmap: Roadmap) -> int:
    """Month where the axis ends: 60, or the end of the year holding the furthest goal."""
    furthest = max((g.end_month for g in roadmap.goals), default=0)
    return INTERVIEW_WINDOW if furthest <= INTERVIEW_WINDOW else math.ceil(furthest / 12) * 12


# --- what the renderers draw -----------------------------------------------------------------------
@dataclass(frozen=True)
class Bar:
    """A goal's bar: months ``x0`` to ``x1``, centred on row height ``y``, :data:`BAR` tall."""

    goal: Goal
    lane: Lane
    x0: float
    x1: float
    y: float

    @property
    def bottom(self) -> float:
        return self.y - BAR / 2

    @property
    def top(self) -> float:
        return self.y + BAR / 2


@dataclass(frozen=True)
class Label:
    """A goal's title as drawn: anchored at (x, y) by its ``anchor`` end, vertically centred.

    ``backing`` is what sits behind the words: ``"bar"`` (a patch of the long-term colour, so
    the hatching never runs through the letters), ``"white"`` (a link crossing a label beside
    its bar passes behind it) or None (white words on the plain short-term bar).
    """

    goal: Goal
    text: str
    x: float
    y: float
    anchor: Literal["start", "middle", "end"]
    colour: str
    backing: Literal["bar", "white"] | None


@dataclass(frozen=True)
class Link:
    """An arrow from the end of a stepping stone's bar up to the long-term bar it leads to."""

    source: Goal
    target: Goal
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Note:
    """A few words at (x, y): months, and rows (or 1.0 for just above the axes)."""

    text: str
    x: float
    y: float
    anchor: Literal["start", "middle", "end"] = "middle"


@dataclass
class Layout:
    """Where everything goes, in months (x) and rows (y): shared by every way of drawing."""

    roadmap: Roadmap  # the drawable goals only
    axes_width: float  # inches
    x_end: int
    x_left: float
    x_right: float
    per_inch: float  # months per inch along x
    lanes: dict[Lane, list[Placed]]
    rows: dict[Lane, int]
    title: str = ""  # fitted to its room (see fitted_title)
    ticks: list[Note] = dataclasses.field(default_factory=list)  # "Year n" or dates below
    beyond_note: Note | None = None  # "beyond 5 years", above the axes (y = 1.0)

    @property
    def beyond(self) -> bool:
        return self.x_end > INTERVIEW_WINDOW

    @property
    def n_short(self) -> int:
        return self.rows["short"]

    @property
    def n_rows(self) -> int:
        return self.rows["short"] + self.rows["long"]

    @property
    def axes_height(self) -> float:
        """Inches, when the chart sizes its own figure: the axes grow with the rows."""
        return max(self.n_rows * ROW, MIN_AXES_HEIGHT)

    @property
    def fig_height(self) -> float:
        return TOP + self.axes_height + BOTTOM

    @property
    def year_marks(self) -> list[int]:
        return list(range(0, self.x_end + 1, 12))

    def lane_span(self, lane: Lane) -> tuple[int, int]:
        """The rows a lane takes, bottom and top."""
        return (0, self.n_short) if lane == "short" else (self.n_short, self.n_rows)

    def _bar(self, lane: Lane, placed: Placed) -> Bar:
        goal = placed.goal
        return Bar(
            goal, lane, goal.start_month, goal.end_month, self.lane_span(lane)[1] - placed.row - 0.5
        )

    def bars(self) -> list[Bar]:
        """Every goal's bar, the long-term lane's first (in the order of the roadmap)."""
        return [self._bar(lane, p) for lane, items in self.lanes.items() for p in items]

    def labels(self) -> list[Label]:
        """Every goal's label, in the order of :meth:`bars`."""
        pad = PAD * self.per_inch
        return [
            _label(self._bar(lane, p), p, pad) for lane, items in self.lanes.items() for p in items
        ]

    def milestones(self) -> list[tuple[float, float]]:
        """Each milestone's point, on the bottom edge of its goal's bar."""
        return [(ms.month, bar.bottom) for bar in self.bars() for ms in bar.goal.milestones]

    def links(self) -> list[Link]:
        """A link from each stepping stone to its long-term goal: both drawn, and the target
        really long-term (a hand-edited file may point a step at another step). The arrow
        meets the long-term bar inside it, at the step's end where it can."""
        bars = {bar.goal.id: bar for bar in self.bars()}
        long = {g.id: g for g in self.roadmap.long_term}
        found = []
        for g in self.roadmap.short_term:
            if g.leads_to in long:
                target = long[g.leads_to]
                x_to = min(max(g.end_month, target.start_month + 0.5), target.end_month - 0.5)
                found.append(
                    Link(g, target, g.end_month, bars[g.id].top, x_to, bars[target.id].bottom)
                )
        return found

    def lane_notes(self) -> list[Note]:
        """ "No … goal yet" in a lane left empty while the other has goals."""
        if not self.roadmap.goals:
            return []
        return [
            Note(LANE_NOTES[lane], INTERVIEW_WINDOW / 2, sum(self.lane_span(lane)) / 2)
            for lane in ("long", "short")
            if not self.lanes[lane]
        ]


def _label(bar: Bar, placed: Placed, pad: float) -> Label:
    """Words inside a bar are centred (black on a patch of a long-term bar's colour, white on
    a short-term bar); beside it they start or end a pad away, black on white."""
    goal, text = placed.goal, placed.text
    if placed.where == "inside":
        x = (bar.x0 + bar.x1) / 2
        if bar.lane == "long":
            return Label(goal, text, x, bar.y, "middle", "black", "bar")
        return Label(goal, text, x, bar.y, "middle", "white", None)
    if placed.where == "right":
        return Label(goal, text, bar.x1 + pad, bar.y, "start", "black", "white")
    return Label(goal, text, bar.x0 - pad, bar.y, "end", "black", "white")


def date_labels(roadmap: Roadmap, plan: Layout, measure: Measure) -> list[str]:
    """Real months at the year marks; every other one left blank when they would collide."""
    base = roadmap.start_date or dt.date.today()
    labels = [month_date(base, m).strftime("%b %Y") for m in plan.year_marks]
    if max(measure(s, LABEL_PT) for s in labels) * 1.25 > 12 / plan.per_inch:
        labels = [s if i % 2 == 0 else "" for i, s in enumerate(labels)]
    return labels


def fitted_title(roadmap: Roadmap, plan: Layout, measure: Measure) -> str:
    """The chart title, cut with an ellipsis to the width it may take."""
    return fit(chart_title(roadmap), plan.axes_width + LEFT - 0.2, lambda s: measure(s, TITLE_PT))


def _ticks(plan: Layout, measure: Measure, dates: bool) -> list[Note]:
    """Real months at the year marks (some blank), or "Year n" in the middle of each year."""
    if dates:
        labels = date_labels(plan.roadmap, plan, measure)
        return [Note(s, m, 0.0) for m, s in zip(plan.year_marks, labels, strict=True)]
    return [Note(f"Year {i + 1}", m + 6, 0.0) for i, m in enumerate(plan.year_marks[:-1])]


def _beyond_note(plan: Layout, measure: Measure) -> Note | None:
    """Centred over the zone past five years, or ending at the axis when the zone is narrow."""
    if not plan.beyond:
        return None
    zone_inches = (plan.x_right - INTERVIEW_WINDOW) / plan.per_inch
    if measure(BEYOND_NOTE) <= zone_inches:
        return Note(BEYOND_NOTE, (INTERVIEW_WINDOW + plan.x_right) / 2, 1.0)
    return Note(BEYOND_NOTE, plan.x_right, 1.0, "end")


def layout(
    roadmap: Roadmap,
    measure: Measure,
    axes_width: float | None = None,
    *,
    dates: bool = False,
) -> Layout:
    """Lanes, rows, label places, ticks and title for ``roadmap``'s drawable goals;
    ``measure`` gives a text's width in inches, ``axes_width`` is in inches (the chart's own
    by default) and ``dates`` labels the axis with real months instead of years."""
    roadmap = drawable(roadmap)
    if axes_width is None:
        axes_width = FIG_WIDTH - LEFT - RIGHT
    x_end = _x_end(roadmap)
    x_left, x_right = X_LEFT, x_end + X_RIGHT_PAD
    per_inch = (x_right - x_left) / axes_width
    lanes: dict[Lane, list[Placed]] = {
        "long": [place(g, measure, per_inch, x_left, x_right) for g in roadmap.long_term],
        "short": [place(g, measure, per_inch, x_left, x_right) for g in roadmap.short_term],
    }
    rows: dict[Lane, int] = {
        lane: pack_rows(items, 2 * PAD * per_inch) for lane, items in lanes.items()
    }
    rows_by_end(lanes["short"])
    plan = Layout(roadmap, axes_width, x_end, x_left, x_right, per_inch, lanes, rows)
    plan.title = fitted_title(roadmap, plan, measure)
    plan.ticks = _ticks(plan, measure, dates)
    plan.beyond_note = _beyond_note(plan, measure)
    return plan
