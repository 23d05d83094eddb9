"""The chart as a light SVG, for the live view in the app.

:func:`~workbook.timeline.mpl.timeline_chart` (matplotlib) draws the chart for notebooks and
for the downloads; importing matplotlib and numpy costs a kernel some 50 MiB and every redraw
some 70 ms of text drawing. The live chart that redraws on every change is written here
instead, as a few kilobytes of SVG built with :mod:`xml.etree.ElementTree` (which escapes
every string a student typed; characters XML cannot hold become U+FFFD). It paints the
:class:`~workbook.timeline.layout.Layout` measured by :func:`~workbook.timeline.fonts.text_width`;
each label carries its measured width as ``textLength``, so a browser without DejaVu Sans
squeezes or spreads the text to that width and labels still never overlap.

Classes mark the parts for tests and tools: ``wb-bar`` and ``wb-label`` (with
``data-goal``), ``wb-milestone``, ``wb-link``, ``wb-now``, ``wb-beyond``, ``wb-empty``,
``wb-lane-note``, ``wb-title``, ``wb-legend``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from workbook.model import INTERVIEW_WINDOW, Roadmap
from workbook.timeline.fonts import PT, text_width
from workbook.timeline.layout import Bar, Label, Lane, layout
from workbook.timeline.style import (
    COLOURS,
    EMPTY_MESSAGE,
    FIG_WIDTH,
    LABEL_PT,
    LANE_NAMES,
    LEGEND,
    LEGEND_DROP,
    NOW_NOTE,
)
from workbook.timeline.svgdoc import Canvas, add_defs, clean, diamond, num

__all__ = ["timeline_svg"]


def _lanes(c: Canvas) -> None:
    """A tint per lane, the zone past five years, year lines, the separator and the spines."""
    plan = c.plan
    tints: tuple[tuple[Lane, float], ...] = (("short", 0.06), ("long", 0.09))
    for lane, opacity in tints:
        bottom, top = plan.lane_span(lane)
        c.add(
            "rect",
            x=c.left,
            y=c.y(top),
            width=c.width,
            height=c.y(bottom) - c.y(top),
            fill=COLOURS[lane],
            fill_opacity=opacity,
        )
    if plan.beyond_note is not None:
        x0 = c.x(INTERVIEW_WINDOW)
        zone = c.add("g", class_="wb-beyond")
        for fill, opacity in ((COLOURS["beyond"], 0.10), ("url(#wb-dots)", 1.0)):
            c.add(
                "rect",
                zone,
                x=x0,
                y=c.top,
                width=c.left + c.width - x0,
                height=c.height,
                fill=fill,
                fill_opacity=opacity,
            )
        note = plan.beyond_note
        c.text(
            c.x(note.x) if note.anchor == "middle" else c.left + c.width,
            c.top - 3,
            note.text,
            text_anchor=note.anchor,
            font_style="italic",
            fill="#8A3A00",
            class_="wb-beyond-label",
        )
    for month in plan.year_marks:
        x = c.x(month)
        c.add("line", x1=x, y1=c.top, x2=x, y2=c.bottom, stroke=COLOURS["grid"], stroke_width=0.8)
        c.add("line", x1=x, y1=c.bottom, x2=x, y2=c.bottom + 3.5, stroke="black", stroke_width=0.8)
    y = c.y(plan.n_short)
    c.add("line", x1=c.left, y1=y, x2=c.left + c.width, y2=y, stroke="#777777", stroke_width=1.0)
    c.add(
        "path",
        d=f"M{num(c.left)},{num(c.top)} V{num(c.bottom)} H{num(c.left + c.width)}",
        fill="none",
        stroke="black",
        stroke_width=0.8,
    )


def _axis_words(c: Canvas, dates: bool) -> None:
    """Each lane's name left of the axes; below them the layout's ticks (dates at the year
    lines, or "Year n" in the middle of each year)."""
    plan = c.plan
    for centre, lane in (
        (plan.n_short / 2, "short"),
        (plan.n_short + plan.rows["long"] / 2, "long"),
    ):
        label = c.text(
            c.left - 3.5, c.y(centre), "", size=9.0, text_anchor="end", font_weight="bold"
        )
        for dy, words in zip((-5.4, 10.8), LANE_NAMES[lane], strict=True):
            line = c.add("tspan", label, x=c.left - 3.5, dy=dy, dominant_baseline="central")
            line.text = words
    for tick in plan.ticks:
        if tick.text:
            c.text(
                c.x(tick.x),
                c.bottom + (7 if dates else 3.5),
                tick.text,
                text_anchor="middle",
                dominant_baseline="hanging",
            )


def _now(c: Canvas, group: ET.Element) -> None:
    x_now = c.x(0)
    c.add(
        "line",
        group,
        x1=x_now,
        y1=c.top,
        x2=x_now,
        y2=c.bottom,
        stroke=COLOURS["now"],
        stroke_width=1.2,
        stroke_dasharray="4.4,1.9",
        class_="wb-now",
    )
    c.text(
        x_now,
        c.top - 3,
        NOW_NOTE,
        parent=group,
        text_anchor="middle",
        font_weight="bold",
        class_="wb-now-label",
    )


def _backing(c: Canvas, parent: ET.Element, x: float, y: float, anchor: str, words: str) -> None:
    """A white box behind a label beside its bar, as in the matplotlib chart."""
    margin, width = 0.12 * LABEL_PT, text_width(clean(words)) * PT
    bx = {"start": x, "middle": x - width / 2, "end": x - width}[anchor] - margin
    c.add(
        "rect",
        parent,
        x=bx,
        y=y - 0.62 * LABEL_PT,
        width=width + 2 * margin,
        height=1.24 * LABEL_PT,
        fill="white",
        fill_opacity=0.8,
    )


def _bar(c: Canvas, group: ET.Element, bar: Bar) -> None:
    """A goal's bar; a long-term one hatched over its colour (colour is never the only cue)."""
    x0, x1 = c.x(bar.x0), c.x(bar.x1)
    y0, y1 = c.y(bar.top), c.y(bar.bottom)
    c.add(
        "rect",
        group,
        x=x0,
        y=y0,
        width=x1 - x0,
        height=y1 - y0,
        fill=COLOURS[bar.lane],
        stroke=COLOURS[f"{bar.lane}_edge"],
        stroke_width=0.9,
        class_="wb-bar",
        data_goal=bar.goal.id,
    )
    if bar.lane == "long":
        c.add("rect", group, x=x0, y=y0, width=x1 - x0, height=y1 - y0, fill="url(#wb-hatch)")


def _label(c: Canvas, group: ET.Element, label: Label) -> None:
    """A goal's title, pinned to its measured width, on the backing the layout chose."""
    x, y = c.x(label.x), c.y(label.y)
    if label.backing == "white":
        _backing(c, group, x, y, label.anchor, label.text)
    node = c.text(
        x,
        y,
        label.text,
        fit=True,
        parent=group,
        text_anchor=label.anchor,
        dominant_baseline="central",
        fill=label.colour,
        class_="wb-label",
        data_goal=label.goal.id,
    )
    if label.backing == "bar":  # letters stand out from the hatching
        node.set("stroke", COLOURS["long"])
        node.set("stroke-width", "3")
        node.set("stroke-linejoin", "round")
        node.set("paint-order", "stroke")


def _goals(c: Canvas) -> None:
    """Bars, then the "now" line and the links, then labels and milestones on top."""
    plan = c.plan
    bars, now, links = c.add("g"), c.add("g"), c.add("g")  # the "now" line above the bars
    _now(c, now)
    # made now, added after the links: a link passes behind the words and the milestones
    labels, marks = ET.Element("g"), ET.Element("g")
    for bar in plan.bars():
        _bar(c, bars, bar)
    for label in plan.labels():
        _label(c, labels, label)
    for month, row in plan.milestones():
        c.add(
            "path",
            marks,
            d=diamond(c.x(month), c.y(row), 3.6),
            fill="white",
            stroke="black",
            stroke_width=1.2,
            class_="wb-milestone",
        )
    for link in plan.links():
        c.add(
            "line",
            links,
            x1=c.x(link.x0),
            y1=c.y(link.y0),
            x2=c.x(link.x1),
            y2=c.y(link.y1),
            stroke=COLOURS["link"],
            stroke_width=1.1,
            marker_end="url(#wb-arrow)",
            class_="wb-link",
        )
    c.root.append(labels)
    c.root.append(marks)


def _notes(c: Canvas) -> None:
    """What to add first on an empty chart, or which lane has no goal yet."""
    plan = c.plan
    if not plan.roadmap.goals:
        w = text_width(EMPTY_MESSAGE, 11.0) * PT + 11.0
        cx, cy = c.left + c.width / 2, c.top + c.height / 2
        box = c.add("g", class_="wb-empty")
        c.add(
            "rect",
            box,
            x=cx - w / 2,
            y=cy - 11.0,
            width=w,
            height=22.0,
            rx=5.0,
            fill="white",
            stroke="#999999",
        )
        c.text(
            cx,
            cy,
            EMPTY_MESSAGE,
            size=11.0,
            parent=box,
            text_anchor="middle",
            dominant_baseline="central",
            fill="#333333",
        )
    for note in plan.lane_notes():
        c.text(
            c.x(note.x),
            c.y(note.y),
            note.text,
            text_anchor="middle",
            dominant_baseline="central",
            font_style="italic",
            fill="#555555",
            class_="wb-lane-note",
        )


def _legend_handle(c: Canvas, group: ET.Element, kind: str, x: float, y: float) -> None:
    size, handle = LABEL_PT, 1.8 * LABEL_PT
    if kind in ("short", "long"):
        for fill in (COLOURS[kind], "url(#wb-hatch)") if kind == "long" else (COLOURS[kind],):
            c.add(
                "rect",
                group,
                x=x,
                y=y - 0.35 * size,
                width=handle,
                height=0.7 * size,
                fill=fill,
                stroke=COLOURS[f"{kind}_edge"],
                stroke_width=0.9,
            )
    elif kind == "milestone":
        d = diamond(x + handle / 2, y, 3.2)
        c.add("path", group, d=d, fill="white", stroke="black", stroke_width=1.0)
    else:
        c.add(
            "line",
            group,
            x1=x,
            y1=y,
            x2=x + handle,
            y2=y,
            stroke=COLOURS[kind],
            stroke_width=1.1 if kind == "link" else 1.2,
            stroke_dasharray="4.4,1.9" if kind == "now" else None,
        )


def _legend(c: Canvas) -> None:
    """The legend's entries in a centred row below the axis labels."""
    size, handle, gap, spacing = LABEL_PT, 1.8 * LABEL_PT, 0.8 * LABEL_PT, 1.4 * LABEL_PT
    total = sum(handle + gap + text_width(words) * PT for _, words in LEGEND)
    total += spacing * (len(LEGEND) - 1)
    x = c.left + c.width / 2 - total / 2
    y = c.bottom + LEGEND_DROP * PT + 0.9 * size
    group = c.add("g", class_="wb-legend")
    for kind, words in LEGEND:
        _legend_handle(c, group, kind, x, y)
        c.text(x + handle + gap, y, words, size=size, parent=group, dominant_baseline="central")
        x += handle + gap + text_width(words) * PT + spacing


def timeline_svg(roadmap: Roadmap, *, dates: bool = False, description: str = "") -> str:
    """The roadmap's five-year chart as an SVG document (a string), from the same layout as
    :func:`~workbook.timeline.timeline_chart`; ``description`` becomes the SVG's ``<desc>``
    (for example :func:`~workbook.timeline.describe`'s words)."""
    plan = layout(roadmap, text_width, dates=dates)
    c = Canvas(plan, FIG_WIDTH, plan.fig_height, plan.axes_height)
    c.add("title", id="wb-svg-title").text = clean(plan.title)
    if description:
        c.add("desc").text = clean(description)
    add_defs(c)
    c.add("rect", width="100%", height="100%", fill="white")
    _lanes(c)
    _axis_words(c, dates)
    _goals(c)
    _notes(c)
    _legend(c)
    c.text(
        c.left + c.width / 2,
        c.top - 20,
        plan.title,
        size=12.0,
        fit=True,
        text_anchor="middle",
        class_="wb-title",
    )
    return ET.tostring(c.root, encoding="unicode")
