"""The five-year roadmap chart, and the same content in words.

Pure matplotlib through its object-oriented API on an Agg canvas: a roadmap goes in, a
``Figure`` comes out, and no pyplot state is touched, so charts draw safely in a Voila kernel,
in threads and on the command line. :func:`describe` says everything the chart shows as plain
text, for screen readers, alt text and ``python -m workbook describe``.

Layout rules the tests hold us to: a lane per horizon, goals packed into rows so that no two
labels ever overlap (labels are measured, not guessed), the figure growing with the rows, and
user text drawn literally (no mathtext, no TeX).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import math
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbook.model import AREAS, INTERVIEW_WINDOW, LONG_TERM_MAX_MONTH, Goal, Milestone, Roadmap
from workbook.text import counted, cut
from workbook.timeline_layout import (
    BAR,
    BOTTOM,
    COLOURS,
    ELLIPSIS,
    EMPTY_MESSAGE,
    FIG_WIDTH,
    LABEL_PT,
    LEFT,
    LEGEND_DROP,
    MAX_LABEL_CHARS,
    MIN_AXES_HEIGHT,
    PAD,
    RIGHT,
    ROW,
    TITLE_PT,
    TOP,
    X_LEFT,
    X_RIGHT_PAD,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

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
    "window_words",
]


def month_date(start: dt.date, month: int) -> dt.date:
    """The real date ``month`` months after ``start`` (the end of a short month is kept valid)."""
    from dateutil.relativedelta import relativedelta

    return start + relativedelta(months=month)


@contextlib.contextmanager
def quiet_missing_glyphs() -> Iterator[None]:
    """Silence "Glyph … missing from font": an emoji or a script the font lacks is drawn as a
    box, which is no reason to show a student a warning. Use it around drawing or saving."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Glyph .* missing from font", category=UserWarning
        )
        yield


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def chart_title(roadmap: Roadmap) -> str:
    """The role and employer aimed at, or a neutral title when neither is set."""
    role, employer = _one_line(roadmap.role), _one_line(roadmap.employer)
    if role and employer:
        return f"Career roadmap: {role} at {employer}"
    if role or employer:
        return f"Career roadmap: {role or employer}"
    return "My five-year career roadmap"


# --- text measurement ---------------------------------------------------------------------------
class _Measure:
    """Widths of single-line text in inches, from the same font engine that draws it."""

    def __init__(self) -> None:
        from matplotlib.backends.backend_agg import RendererAgg

        self._renderer = RendererAgg(4, 4, 72)  # at 72 dpi, pixels are points
        self._cache: dict[tuple[str, float], float] = {}

    def __call__(self, text: str, size: float = LABEL_PT) -> float:
        key = (text, size)
        if key not in self._cache:
            from matplotlib.font_manager import FontProperties

            with quiet_missing_glyphs():
                width, _, _ = self._renderer.get_text_width_height_descent(
                    text, FontProperties(size=size), ismath=False
                )
            self._cache[key] = width / 72.0
        return self._cache[key]


def _fit(text: str, max_width: float, measure: Callable[[str], float]) -> str:
    """The longest prefix of ``text`` (with an ellipsis if cut) no wider than ``max_width``."""
    if measure(text) <= max_width:
        return text
    lo, hi = 0, len(text)  # invariant: prefix of length lo fits (lo=0 is just the ellipsis)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if measure(cut(text, mid).rstrip() + ELLIPSIS) <= max_width:
            lo = mid
        else:
            hi = mid - 1
    return cut(text, lo).rstrip() + ELLIPSIS


def _short_title(title: str) -> str:
    text = _one_line(title) or "(untitled)"
    if len(text) > MAX_LABEL_CHARS:
        text = cut(text, MAX_LABEL_CHARS - 1).rstrip() + ELLIPSIS
    return text


# --- placing labels and packing rows ---------------------------------------------------------
@dataclass
class _Placed:
    goal: Goal
    text: str
    where: str  # "inside", "right" or "left" of the bar
    lo: float  # months occupied by the bar and its label
    hi: float
    row: int = 0


def _place(
    goal: Goal, measure: Callable[[str], float], per_inch: float, x_left: float, x_right: float
) -> _Placed:
    """Inside the bar if it fits, else beside it; if nothing fits whole, cut where most room is."""
    pad = PAD * per_inch
    start, end = goal.start_month, goal.end_month
    text = _short_title(goal.title)
    width = measure(text) * per_inch
    rooms = {
        "inside": (end - start) - 2 * pad,
        "right": x_right - end - 2 * pad,
        "left": start - x_left - 2 * pad,
    }
    where = next((w for w in ("inside", "right", "left") if width <= rooms[w]), None)
    if where is None:
        where = max(rooms, key=lambda w: rooms[w])
        text = _fit(text, max(rooms[where], 0.0) / per_inch, measure)
        width = measure(text) * per_inch
    if where == "inside":
        return _Placed(goal, text, where, start, end)
    if where == "right":
        return _Placed(goal, text, where, start, end + pad + width)
    return _Placed(goal, text, where, start - pad - width, end)


def _pack(items: list[_Placed], gap: float) -> int:
    """Greedy interval partitioning (fewest rows); returns the number of rows used."""
    row_ends: list[float] = []
    for item in sorted(items, key=lambda p: (p.lo, p.hi)):
        for row, last in enumerate(row_ends):
            if item.lo >= last + gap:
                item.row, row_ends[row] = row, item.hi
                break
        else:
            item.row = len(row_ends)
            row_ends.append(item.hi)
    return max(len(row_ends), 1)


def _rows_by_end(items: list[_Placed]) -> None:
    """Renumber rows so the rows ending latest sit on top, next to the long-term lane.

    Links rise from the end of each stepping stone; with later-ending rows above, a link
    mostly crosses bars rather than other goals' labels.
    """
    ends: dict[int, float] = {}
    for item in items:
        ends[item.row] = max(ends.get(item.row, 0.0), item.goal.end_month)
    order = sorted(ends, key=lambda row: (-ends[row], row))
    new = {old: i for i, old in enumerate(order)}
    for item in items:
        item.row = new[item.row]


# --- the chart ---------------------------------------------------------------------------------
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


def _text_kw(**kw: Any) -> dict[str, Any]:
    """Text drawn literally: never mathtext, never TeX, whatever the user's rcParams say."""
    return {"parse_math": False, "usetex": False, **kw}


@dataclass
class Layout:
    """Where everything goes, in months (x) and rows (y): shared by every way of drawing.

    The matplotlib chart and the light SVG of the live view both draw from one ``Layout``, so
    they place lanes, rows and labels alike; only the text measurer differs.
    """

    roadmap: Roadmap  # the drawable goals only
    axes_width: float  # inches
    x_end: int
    x_left: float
    x_right: float
    per_inch: float  # months per inch along x
    lanes: dict[str, list[_Placed]]
    rows: dict[str, int]

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
    def year_marks(self) -> list[int]:
        return list(range(0, self.x_end + 1, 12))

    def links(self) -> list[tuple[Goal, Goal]]:
        """(stepping stone, long-term goal) pairs to draw an arrow between: both drawn, and the
        target really long-term (a hand-edited file may point a step at another step)."""
        long = {g.id: g for g in self.roadmap.long_term}
        return [(g, long[g.leads_to]) for g in self.roadmap.short_term if g.leads_to in long]

    def link_end(self, short: Goal, long: Goal) -> float:
        """Where a link from a stepping stone meets its long-term bar (inside the bar)."""
        return min(max(short.end_month, long.start_month + 0.5), long.end_month - 0.5)


def layout(
    roadmap: Roadmap, measure: Callable[[str], float], axes_width: float | None = None
) -> Layout:
    """Lanes, rows and label places for ``roadmap`` (already :func:`drawable`); ``measure``
    gives a label's width in inches at the label size."""
    if axes_width is None:
        axes_width = FIG_WIDTH - LEFT - RIGHT
    x_end = _x_end(roadmap)
    x_left, x_right = X_LEFT, x_end + X_RIGHT_PAD
    per_inch = (x_right - x_left) / axes_width
    lanes: dict[str, list[_Placed]] = {
        "long": [_place(g, measure, per_inch, x_left, x_right) for g in roadmap.long_term],
        "short": [_place(g, measure, per_inch, x_left, x_right) for g in roadmap.short_term],
    }
    rows = {lane: _pack(items, 2 * PAD * per_inch) for lane, items in lanes.items()}
    _rows_by_end(lanes["short"])
    return Layout(roadmap, axes_width, x_end, x_left, x_right, per_inch, lanes, rows)


def date_labels(roadmap: Roadmap, plan: Layout, measure: Callable[..., float]) -> list[str]:
    """Real months at the year marks; every other one left blank when they would collide."""
    base = roadmap.start_date or dt.date.today()
    labels = [month_date(base, m).strftime("%b %Y") for m in plan.year_marks]
    if max(measure(s, LABEL_PT) for s in labels) * 1.25 > 12 / plan.per_inch:
        labels = [s if i % 2 == 0 else "" for i, s in enumerate(labels)]
    return labels


def fitted_title(roadmap: Roadmap, plan: Layout, measure: Callable[..., float]) -> str:
    """The chart title, cut with an ellipsis to the width it may take."""
    return _fit(chart_title(roadmap), plan.axes_width + LEFT - 0.2, lambda s: measure(s, TITLE_PT))


def timeline_chart(roadmap: Roadmap, *, dates: bool = False, ax: Axes | None = None) -> Figure:
    """Draw the roadmap on a five-year timeline and return the Figure.

    ``dates=True`` labels the axis with real months from ``roadmap.start_date`` (or today)
    instead of "Year 1" … "Year 5". With ``ax`` the chart is drawn into an existing Axes and the
    figure is not resized (so rows may be tighter than when the chart sizes itself).
    Artists carry gids for tests and tools: ``wb-bar-<goal id>``, ``wb-label-<goal id>``,
    ``wb-milestone``, ``wb-link``, ``wb-now``, ``wb-beyond``, ``wb-empty``.
    """
    from matplotlib import transforms
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Patch, Rectangle
    from matplotlib.ticker import FixedFormatter, FixedLocator, NullFormatter

    roadmap = drawable(roadmap)
    measure = _Measure()
    axes_width = (
        FIG_WIDTH - LEFT - RIGHT
        if ax is None
        else ax.get_position().width * ax.figure.get_figwidth()
    )
    plan = layout(roadmap, measure, axes_width)
    beyond, per_inch = plan.beyond, plan.per_inch
    x_left, x_right, lanes, rows = plan.x_left, plan.x_right, plan.lanes, plan.rows
    n_short, n_rows = plan.n_short, plan.n_rows

    if ax is None:
        axes_height = max(n_rows * ROW, MIN_AXES_HEIGHT)
        height = TOP + axes_height + BOTTOM
        fig = Figure(figsize=(FIG_WIDTH, height), dpi=100, facecolor="white")
        FigureCanvasAgg(fig)
        ax = fig.add_axes(
            (
                LEFT / FIG_WIDTH,
                BOTTOM / height,
                axes_width / FIG_WIDTH,
                axes_height / height,
            )
        )
    else:
        fig = ax.figure  # type: ignore[assignment]
        axes_height = ax.get_position().height * fig.get_figheight()

    ax.set_xlim(x_left, x_right)
    ax.set_ylim(0, n_rows)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    # lanes: a tint, a separator and a label each (the label is the non-colour cue)
    ax.axhspan(0, n_short, color=COLOURS["short"], alpha=0.06, lw=0, zorder=0)
    ax.axhspan(n_short, n_rows, color=COLOURS["long"], alpha=0.09, lw=0, zorder=0)
    ax.axhline(n_short, color="#777777", lw=1.0, zorder=1)
    ax.yaxis.set_major_locator(FixedLocator([n_short / 2, n_short + rows["long"] / 2]))
    ax.yaxis.set_major_formatter(
        FixedFormatter(["Short-term\n(stepping stones)", "Long-term\n(destinations)"])
    )
    ax.tick_params(axis="y", length=0, labelsize=9)
    for label in ax.get_yticklabels():
        label.set_fontweight("bold")

    # x axis: year boundaries as gridlines; "Year n" centred in each year, or real dates
    year_marks = plan.year_marks
    ax.xaxis.set_major_locator(FixedLocator(year_marks))
    ax.grid(axis="x", which="major", color=COLOURS["grid"], lw=0.8, zorder=0)
    ax.set_axisbelow(True)
    if dates:
        labels = date_labels(roadmap, plan, measure)
        ax.xaxis.set_major_formatter(FixedFormatter(labels))
        ax.tick_params(axis="x", which="major", labelsize=LABEL_PT)
    else:
        ax.xaxis.set_major_formatter(NullFormatter())
        ax.xaxis.set_minor_locator(FixedLocator([m + 6 for m in year_marks[:-1]]))
        ax.xaxis.set_minor_formatter(
            FixedFormatter([f"Year {i + 1}" for i in range(len(year_marks) - 1)])
        )
        ax.tick_params(axis="x", which="minor", length=0, labelsize=LABEL_PT)

    above_axes = transforms.offset_copy(
        ax.get_xaxis_transform(), fig=fig, y=3, units="points"
    )  # x in months, y (1 = the top of the axes) nudged up
    if beyond:
        ax.axvspan(
            INTERVIEW_WINDOW,
            x_right,
            facecolor=COLOURS["beyond"],
            alpha=0.10,
            hatch="..",
            edgecolor="#B0B0B0",
            lw=0,
            zorder=0,
            gid="wb-beyond",
        )
        note = "beyond 5 years"
        zone_inches = (x_right - INTERVIEW_WINDOW) / per_inch
        centred = measure(note) <= zone_inches
        ax.text(
            (INTERVIEW_WINDOW + x_right) / 2 if centred else x_right,
            1,
            note,
            transform=above_axes,
            ha="center" if centred else "right",
            va="bottom",
            fontsize=LABEL_PT,
            style="italic",
            color="#8A3A00",
            gid="wb-beyond-label",
        )

    ax.axvline(0, color=COLOURS["now"], ls="--", lw=1.2, zorder=3, gid="wb-now")
    ax.text(
        0,
        1,
        "now",
        transform=above_axes,
        ha="center",
        va="bottom",
        fontsize=LABEL_PT,
        fontweight="bold",
        gid="wb-now-label",
    )

    # bars, labels and milestones
    bar_h = BAR
    pad = PAD * per_inch
    centre: dict[str, tuple[float, _Placed]] = {}
    for lane, items in lanes.items():
        top = n_rows if lane == "long" else n_short
        for item in items:
            g, y = item.goal, top - item.row - 0.5
            centre[g.id] = (y, item)
            long_term = lane == "long"
            ax.add_patch(
                Rectangle(
                    (g.start_month, y - bar_h / 2),
                    g.end_month - g.start_month,
                    bar_h,
                    facecolor=COLOURS[lane],
                    edgecolor=COLOURS[f"{lane}_edge"],
                    hatch="///" if long_term else None,
                    lw=0.9,
                    zorder=2,
                    gid=f"wb-bar-{g.id}",
                )
            )
            if item.where == "inside":
                x, ha = (g.start_month + g.end_month) / 2, "center"
                colour = "black" if long_term else "white"
            elif item.where == "right":
                x, ha, colour = g.end_month + pad, "left", "black"
            else:
                x, ha, colour = g.start_month - pad, "right", "black"
            text = ax.text(
                x,
                y,
                item.text,
                **_text_kw(
                    ha=ha,
                    va="center",
                    fontsize=LABEL_PT,
                    color=colour,
                    zorder=5,
                    gid=f"wb-label-{g.id}",
                ),
            )
            if item.where == "inside" and long_term:  # a plain patch of the bar's colour
                # behind the words: at print sizes a stroke alone left the hatching in the text
                text.set_bbox({"boxstyle": "square,pad=0.2", "facecolor": COLOURS["long"], "lw": 0})
            elif item.where != "inside":  # a link crossing the label passes behind it
                text.set_bbox(
                    {"boxstyle": "square,pad=0.12", "facecolor": "white", "alpha": 0.8, "lw": 0}
                )
            for ms in g.milestones:
                ax.add_line(
                    Line2D(
                        [ms.month],
                        [y - bar_h / 2],
                        marker="D",
                        markersize=6.5,
                        markerfacecolor="white",
                        markeredgecolor="black",
                        markeredgewidth=1.2,
                        linestyle="none",
                        zorder=6,
                        clip_on=False,
                        gid="wb-milestone",
                    )
                )

    # links: from the end of each stepping stone to the long-term bar it leads to
    for g, tg in plan.links():
        (ys, _), (yl, _) = centre[g.id], centre[tg.id]
        x_to = plan.link_end(g, tg)
        ax.add_patch(
            FancyArrowPatch(
                (g.end_month, ys + bar_h / 2),
                (x_to, yl - bar_h / 2),
                arrowstyle="-|>",
                mutation_scale=10,
                color=COLOURS["link"],
                lw=1.1,
                shrinkA=0,
                shrinkB=0,
                zorder=4,
                gid="wb-link",
            )
        )

    if not roadmap.goals:
        ax.text(
            0.5,
            0.5,
            EMPTY_MESSAGE,
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize=11,
            color="#333333",
            bbox={"boxstyle": "round,pad=0.5", "facecolor": "white", "edgecolor": "#999999"},
            zorder=7,
            gid="wb-empty",
        )
    else:
        for lane, words in (("long", "no long-term goal yet"), ("short", "no short-term goal yet")):
            if not lanes[lane]:
                y = (n_short + n_rows) / 2 if lane == "long" else n_short / 2
                ax.text(
                    INTERVIEW_WINDOW / 2,
                    y,
                    words,
                    ha="center",
                    va="center",
                    fontsize=LABEL_PT,
                    style="italic",
                    color="#555555",
                    gid="wb-lane-note",
                )

    # title above the "now" row; legend below the year labels
    title = fitted_title(roadmap, plan, measure)
    ax.set_title(title, **_text_kw(fontsize=TITLE_PT, pad=20, gid="wb-title"))
    handles = [
        Patch(
            facecolor=COLOURS["short"],
            edgecolor=COLOURS["short_edge"],
            label="Short-term (stepping stone)",
        ),
        Patch(
            facecolor=COLOURS["long"],
            edgecolor=COLOURS["long_edge"],
            hatch="///",
            label="Long-term (destination)",
        ),
        Line2D(
            [],
            [],
            marker="D",
            linestyle="none",
            markerfacecolor="white",
            markeredgecolor="black",
            label="Milestone",
        ),
        Line2D([], [], color=COLOURS["link"], lw=1.1, label="Leads to"),
        Line2D([], [], color=COLOURS["now"], ls="--", lw=1.2, label="Now"),
    ]
    drop = transforms.ScaledTranslation(0, -LEGEND_DROP, fig.dpi_scale_trans)
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, 0),
        bbox_transform=ax.transAxes + drop,
        ncols=len(handles),
        frameon=False,
        fontsize=LABEL_PT,
        handlelength=1.8,
        columnspacing=1.4,
    )
    return fig


# --- the same, in words --------------------------------------------------------------------------
def _year_part(offset: int, *, at_start: bool) -> str:
    if at_start:
        return {0: "the start of", 6: "the middle of"}.get(
            offset, "the first half of" if offset < 6 else "the second half of"
        )
    return {12: "the end of", 6: "the middle of"}.get(
        offset, "the first half of" if offset < 6 else "the second half of"
    )


def window_words(start: int, end: int) -> str:
    """A goal's window in plain words, e.g. ``months 0–6 (first half of year 1)``."""
    y1 = start // 12 + 1
    y2 = max(end - 1, start) // 12 + 1
    s_off, e_off = start - 12 * (y1 - 1), end - 12 * (y2 - 1)
    if y1 == y2:
        if (s_off, e_off) == (0, 12):
            when = f"all of year {y1}"
        elif e_off <= 6:
            when = f"first half of year {y1}"
        elif s_off >= 6:
            when = f"second half of year {y1}"
        else:
            when = f"during year {y1}"
    else:
        when = (
            f"from {_year_part(s_off, at_start=True)} year {y1} "
            f"to {_year_part(e_off, at_start=False)} year {y2}"
        )
    if end > INTERVIEW_WINDOW:
        when += ", beyond 5 years"
    return f"months {start}–{end} ({when})"


def _quoted(text: str) -> str:
    return f"“{_one_line(text)}”"


def _dated(roadmap: Roadmap, goal: Goal) -> str:
    if roadmap.start_date is None:
        return ""
    a = month_date(roadmap.start_date, goal.start_month).strftime("%B %Y")
    b = month_date(roadmap.start_date, goal.end_month).strftime("%B %Y")
    return f", {a} to {b}"


def _goal_lines(roadmap: Roadmap, goal: Goal, titles: dict[str, str]) -> list[str]:
    lines = [
        f"- {_quoted(goal.title)}: {window_words(goal.start_month, goal.end_month)}"
        f"{_dated(roadmap, goal)}. Area: {AREAS.get(goal.area, goal.area)}."
    ]
    if goal.is_long_term:
        steps = roadmap.stepping_stones(goal.id)
        lines.append(
            "  Stepping stones: " + ", ".join(_quoted(s.title) for s in steps) + "."
            if steps
            else "  Stepping stones: none yet."
        )
    elif goal.leads_to in titles:
        lines.append(f"  Leads to: {titles[goal.leads_to]}.")
    else:
        lines.append("  Leads to: no long-term goal yet.")
    if goal.milestones:
        marks = "; ".join(
            f"{_quoted(m.title)} at month {m.month}"
            for m in sorted(goal.milestones, key=lambda m: m.month)
        )
        lines.append(f"  Milestones: {marks}.")
    return lines


def describe(roadmap: Roadmap) -> str:
    """Everything the chart shows, as text: lanes, windows, milestones, links and advice."""
    skipped = len(roadmap.goals)
    roadmap = drawable(roadmap)
    skipped -= len(roadmap.goals)
    who = f" for {_one_line(roadmap.owner)}" if _one_line(roadmap.owner) else ""
    heading = chart_title(roadmap).replace("Career roadmap", f"Career roadmap{who}", 1)
    out = [heading + "."]
    if not roadmap.goals:
        out.append(
            "No goals yet, so the timeline is empty. Add a long-term goal first, then the "
            "short-term steps that lead to it; they will appear here over the next five years."
        )
    else:
        start = f", starting {roadmap.start_date.strftime('%B %Y')}" if roadmap.start_date else ""
        out.append(f"The timeline runs from now (month 0) to five years ahead (month 60){start}.")
        titles = {g.id: _quoted(g.title) for g in roadmap.long_term}
        for name, goals in (
            ("Long-term lane (destinations)", roadmap.long_term),
            ("Short-term lane (stepping stones)", roadmap.short_term),
        ):
            count = f"{len(goals)} goal" + ("" if len(goals) == 1 else "s")
            out.append("")
            out.append(f"{name}: {count}." if goals else f"{name}: empty.")
            for g in goals:
                out.extend(_goal_lines(roadmap, g, titles))
        far = [g for g in roadmap.goals if g.end_month > INTERVIEW_WINDOW]
        if far:
            out.append("")
            out.append(
                "Beyond 5 years: "
                + "; ".join(
                    f"{_quoted(g.title)} reaches month {g.end_month} (year "
                    f"{(g.end_month - 1) // 12 + 1})"
                    for g in far
                )
                + ". In an interview, keep to the next five years."
            )
    if skipped:
        out.append("")
        out.append(
            f"{counted(skipped, 'goal')} {'is' if skipped == 1 else 'are'} left out because "
            "their months are not valid yet; "
            "fix them in the roadmap builder."
        )
    advice = roadmap.advice()
    if advice:
        out.append("")
        out.append("Advice:")
        out.extend(f"- {_one_line(a.message)}" for a in advice)
    return "\n".join(out)
