"""The chart drawn by matplotlib, for notebooks and the downloads (PNG, SVG, PDF).

Pure matplotlib through its object-oriented API on an Agg canvas: a roadmap goes in, a
``Figure`` comes out, and no pyplot state is touched, so charts draw safely in a Voila kernel,
in threads and on the command line. Everything is placed by :func:`~workbook.timeline.layout`;
this module measures text with the font engine that draws it, maps the layout onto an Axes
and paints. User text is drawn literally (no mathtext, no TeX). matplotlib is imported inside
the functions only, so importing this module costs a student's kernel nothing.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, cast

from workbook.model import INTERVIEW_WINDOW, Roadmap
from workbook.timeline.layout import Label, Layout, layout
from workbook.timeline.style import (
    BAR,
    BOTTOM,
    COLOURS,
    EMPTY_MESSAGE,
    FIG_WIDTH,
    LABEL_PT,
    LANE_NAMES,
    LEFT,
    LEGEND,
    LEGEND_DROP,
    NOW_NOTE,
    RIGHT,
    TITLE_PT,
)

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["MatplotlibMeasure", "quiet_missing_glyphs", "timeline_chart"]

_HA = {"start": "left", "middle": "center", "end": "right"}  # layout anchors in matplotlib


@contextlib.contextmanager
def quiet_missing_glyphs() -> Iterator[None]:
    """Silence "Glyph … missing from font": an emoji or a script the font lacks is drawn as a
    box, which is no reason to show a student a warning. Use it around drawing or saving."""
    with warnings.catch_warnings():
        warnings.filterwarnings(
            "ignore", message="Glyph .* missing from font", category=UserWarning
        )
        yield


class MatplotlibMeasure:
    """Widths of single-line text in inches, from the same font engine that draws it."""

    def __init__(self) -> None:
        from matplotlib.backends.backend_agg import RendererAgg

        # matplotlib's Agg renderer has no type hints
        self._renderer = RendererAgg(4, 4, 72)  # type: ignore[no-untyped-call]  # 72 dpi: px = pt
        self._cache: dict[tuple[str, float], float] = {}

    def __call__(self, text: str, size: float = LABEL_PT) -> float:
        key = (text, size)
        if key not in self._cache:
            from matplotlib.font_manager import FontProperties

            with quiet_missing_glyphs():
                width, _, _ = self._renderer.get_text_width_height_descent(  # type: ignore[no-untyped-call]
                    text, FontProperties(size=size), ismath=False
                )
            self._cache[key] = width / 72.0
        return self._cache[key]


def _figure(ax: Axes) -> Figure:
    """The figure an Axes is on (an Axes of a subfigure is not supported, as before)."""
    return cast("Figure", ax.figure)


def _text_kw(**kw: Any) -> dict[str, Any]:
    """Text drawn literally: never mathtext, never TeX, whatever the user's rcParams say."""
    return {"parse_math": False, "usetex": False, **kw}


def _new_axes(plan: Layout) -> Axes:
    """A figure of the chart's own size (growing with the rows) and the axes on it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    height = plan.fig_height
    fig = Figure(figsize=(FIG_WIDTH, height), dpi=100, facecolor="white")
    FigureCanvasAgg(fig)
    return fig.add_axes(
        (
            LEFT / FIG_WIDTH,
            BOTTOM / height,
            plan.axes_width / FIG_WIDTH,
            plan.axes_height / height,
        )
    )


def _lanes(ax: Axes, plan: Layout) -> None:
    """A tint, a separator and a bold two-line name per lane (the name is the non-colour cue)."""
    from matplotlib.ticker import FixedFormatter, FixedLocator

    ax.set_xlim(plan.x_left, plan.x_right)
    ax.set_ylim(0, plan.n_rows)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.axhspan(*plan.lane_span("short"), color=COLOURS["short"], alpha=0.06, lw=0, zorder=0)
    ax.axhspan(*plan.lane_span("long"), color=COLOURS["long"], alpha=0.09, lw=0, zorder=0)
    ax.axhline(plan.n_short, color="#777777", lw=1.0, zorder=1)
    ax.yaxis.set_major_locator(
        FixedLocator([plan.n_short / 2, plan.n_short + plan.rows["long"] / 2])
    )
    ax.yaxis.set_major_formatter(
        FixedFormatter(["\n".join(LANE_NAMES[k]) for k in ("short", "long")])
    )
    ax.tick_params(axis="y", length=0, labelsize=9)
    for label in ax.get_yticklabels():
        label.set_fontweight("bold")


def _x_axis(ax: Axes, plan: Layout, dates: bool) -> None:
    """Year boundaries as gridlines; the layout's ticks as labels (dates at the marks, or
    "Year n" centred in each year, as minor ticks without a tick line)."""
    from matplotlib.ticker import FixedFormatter, FixedLocator, NullFormatter

    ax.xaxis.set_major_locator(FixedLocator(plan.year_marks))
    ax.grid(axis="x", which="major", color=COLOURS["grid"], lw=0.8, zorder=0)
    ax.set_axisbelow(True)
    words = [t.text for t in plan.ticks]
    if dates:
        ax.xaxis.set_major_formatter(FixedFormatter(words))
        ax.tick_params(axis="x", which="major", labelsize=LABEL_PT)
    else:
        ax.xaxis.set_major_formatter(NullFormatter())
        ax.xaxis.set_minor_locator(FixedLocator([t.x for t in plan.ticks]))
        ax.xaxis.set_minor_formatter(FixedFormatter(words))
        ax.tick_params(axis="x", which="minor", length=0, labelsize=LABEL_PT)


def _now_and_beyond(ax: Axes, plan: Layout) -> None:
    """The hatched zone past five years with its note, and the dashed "now" line."""
    from matplotlib import transforms

    above_axes = transforms.offset_copy(
        ax.get_xaxis_transform(), fig=_figure(ax), y=3, units="points"
    )  # x in months, y (1 = the top of the axes) nudged up
    note = plan.beyond_note
    if note is not None:
        ax.axvspan(
            INTERVIEW_WINDOW,
            plan.x_right,
            facecolor=COLOURS["beyond"],
            alpha=0.10,
            hatch="..",
            edgecolor="#B0B0B0",
            lw=0,
            zorder=0,
            gid="wb-beyond",
        )
        ax.text(
            note.x,
            note.y,
            note.text,
            transform=above_axes,
            ha=_HA[note.anchor],
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
        NOW_NOTE,
        transform=above_axes,
        ha="center",
        va="bottom",
        fontsize=LABEL_PT,
        fontweight="bold",
        gid="wb-now-label",
    )


def _goals(ax: Axes, plan: Layout) -> None:
    """Each goal's bar (a long-term one hatched), label and milestones, then the links."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Rectangle

    for bar in plan.bars():
        ax.add_patch(
            Rectangle(
                (bar.x0, bar.y - BAR / 2),
                bar.x1 - bar.x0,
                BAR,
                facecolor=COLOURS[bar.lane],
                edgecolor=COLOURS[f"{bar.lane}_edge"],
                hatch="///" if bar.lane == "long" else None,
                lw=0.9,
                zorder=2,
                gid=f"wb-bar-{bar.goal.id}",
            )
        )
    for label in plan.labels():
        _label(ax, label)
    for month, row in plan.milestones():
        ax.add_line(
            Line2D(
                [month],
                [row],
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
    for link in plan.links():
        ax.add_patch(
            FancyArrowPatch(
                (link.x0, link.y0),
                (link.x1, link.y1),
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


def _label(ax: Axes, label: Label) -> None:
    """A goal's title, drawn literally, on the backing the layout chose."""
    text = ax.text(
        label.x,
        label.y,
        label.text,
        **_text_kw(
            ha=_HA[label.anchor],
            va="center",
            fontsize=LABEL_PT,
            color=label.colour,
            zorder=5,
            gid=f"wb-label-{label.goal.id}",
        ),
    )
    if label.backing == "bar":  # a plain patch of the bar's colour behind the words: at
        # print sizes a stroke alone left the hatching in the text
        text.set_bbox({"boxstyle": "square,pad=0.2", "facecolor": COLOURS["long"], "lw": 0})
    elif label.backing == "white":
        text.set_bbox({"boxstyle": "square,pad=0.12", "facecolor": "white", "alpha": 0.8, "lw": 0})


def _notes(ax: Axes, plan: Layout) -> None:
    """What to add first on an empty chart, or which lane has no goal yet."""
    if not plan.roadmap.goals:
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
    for note in plan.lane_notes():
        ax.text(
            note.x,
            note.y,
            note.text,
            ha="center",
            va="center",
            fontsize=LABEL_PT,
            style="italic",
            color="#555555",
            gid="wb-lane-note",
        )


def _title_and_legend(ax: Axes, plan: Layout) -> None:
    """The title above the "now" note; the legend below the axis labels."""
    from matplotlib import transforms
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax.set_title(plan.title, **_text_kw(fontsize=TITLE_PT, pad=20, gid="wb-title"))
    handles: list[Artist] = []
    for kind, words in LEGEND:
        if kind in ("short", "long"):
            handles.append(
                Patch(
                    facecolor=COLOURS[kind],
                    edgecolor=COLOURS[f"{kind}_edge"],
                    hatch="///" if kind == "long" else None,
                    label=words,
                )
            )
        elif kind == "milestone":
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="D",
                    linestyle="none",
                    markerfacecolor="white",
                    markeredgecolor="black",
                    label=words,
                )
            )
        else:
            dashed = {"ls": "--", "lw": 1.2} if kind == "now" else {"lw": 1.1}
            handles.append(Line2D([], [], color=COLOURS[kind], label=words, **dashed))
    drop = transforms.ScaledTranslation(0, -LEGEND_DROP, _figure(ax).dpi_scale_trans)
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


def timeline_chart(roadmap: Roadmap, *, dates: bool = False, ax: Axes | None = None) -> Figure:
    """Draw the roadmap on a five-year timeline and return the Figure.

    ``dates=True`` labels the axis with real months from ``roadmap.start_date`` (or today)
    instead of "Year 1" … "Year 5". With ``ax`` the chart is drawn into an existing Axes and the
    figure is not resized (so rows may be tighter than when the chart sizes itself).
    Artists carry gids for tests and tools: ``wb-bar-<goal id>``, ``wb-label-<goal id>``,
    ``wb-milestone``, ``wb-link``, ``wb-now``, ``wb-beyond``, ``wb-empty``.
    """
    measure = MatplotlibMeasure()
    if ax is None:
        plan = layout(roadmap, measure, FIG_WIDTH - LEFT - RIGHT, dates=dates)
        ax = _new_axes(plan)
    else:
        width = ax.get_position().width * _figure(ax).get_figwidth()
        plan = layout(roadmap, measure, width, dates=dates)
    _lanes(ax, plan)
    _x_axis(ax, plan, dates)
    _now_and_beyond(ax, plan)
    _goals(ax, plan)
    _notes(ax, plan)
    _title_and_legend(ax, plan)
    return _figure(ax)
