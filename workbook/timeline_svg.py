"""The five-year chart as a light SVG, for the live view in the app.

:func:`workbook.timeline.timeline_chart` (matplotlib) draws the chart for notebooks and for
the downloads; importing matplotlib and numpy costs a kernel some 50 MiB and every redraw some
70 ms of text drawing. The live chart that redraws on every change is written here instead, as
a few kilobytes of SVG built with :mod:`xml.etree.ElementTree` (which escapes every string a
student typed; characters XML cannot hold become U+FFFD). It draws the same
:class:`~workbook.timeline.Layout` as the matplotlib chart, from the same code: lanes, rows,
label places and cuts follow one set of rules.

Labels are measured with DejaVu Sans' own advance widths (:mod:`workbook.glyph_widths`), and
each label carries its measured width as ``textLength``, so a browser without DejaVu Sans
squeezes or spreads the text to that width and labels still never overlap. matplotlib measures
glyphs as FreeType hints them at 72 dpi, several per cent wider at these sizes, so a label at
the very edge of its room may sit inside its bar in one chart and beside it in the other; with
hinting off the two layouts are identical (tests/test_timeline_svg.py checks both facts).

Classes mark the parts for tests and tools: ``wb-bar`` and ``wb-label`` (with
``data-goal``), ``wb-milestone``, ``wb-link``, ``wb-now``, ``wb-beyond``, ``wb-empty``,
``wb-lane-note``, ``wb-title``, ``wb-legend``.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from functools import lru_cache

from workbook import glyph_widths
from workbook.model import INTERVIEW_WINDOW, Roadmap
from workbook.timeline import Layout, date_labels, drawable, fitted_title, layout
from workbook.timeline_layout import (
    BAR,
    BOTTOM,
    COLOURS,
    EMPTY_MESSAGE,
    FIG_WIDTH,
    LABEL_PT,
    LEFT,
    LEGEND_DROP,
    MIN_AXES_HEIGHT,
    PAD,
    ROW,
    TOP,
)

__all__ = ["FONT_FAMILY", "text_width", "timeline_svg"]

#: DejaVu Sans first (the font the layout is measured with); Verdana has close metrics
FONT_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Geneva, sans-serif"
PT = 72.0  # the drawing is laid out in points: 72 to the inch, as matplotlib's are
#: width in pixels the SVG asks for; it scales down (crisply) on a narrower page
PIXEL_WIDTH = 960  # labels of 8.5 pt come out at about 11 px: readable on a laptop
_FALLBACK_EM = 0.65  # a character DejaVu Sans lacks and that is not wide or combining
# characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/FFFF)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@lru_cache(maxsize=4096)
def _advance(char: str) -> float:
    """The advance width of one character, in ems."""
    code = ord(char)
    for start, widths in glyph_widths.BLOCKS.items():
        if start <= code < start + len(widths):
            if widths[code - start] >= 0:
                return widths[code - start] / glyph_widths.UNITS_PER_EM
            break
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0  # CJK, emoji: a full em
    return _FALLBACK_EM


def text_width(text: str, size: float = LABEL_PT) -> float:
    """Width of one line of ``text`` at ``size`` points, in inches (kerning ignored, which
    errs a little wide: room is never overestimated)."""
    return sum(_advance(c) for c in text) * size / PT


def _clean(text: str) -> str:
    return _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", text)


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _diamond(x: float, y: float, r: float) -> str:
    """A milestone's marker: a square on its point, centred on (x, y)."""
    return f"M{_n(x)},{_n(y - r)} L{_n(x + r)},{_n(y)} L{_n(x)},{_n(y + r)} L{_n(x - r)},{_n(y)} z"


class _Canvas:
    """Maps months and rows to points and collects the SVG elements."""

    def __init__(self, plan: Layout, width: float, height: float, axes_height: float) -> None:
        self.plan = plan
        self.left = LEFT * PT
        self.top = TOP * PT
        self.width = plan.axes_width * PT
        self.height = axes_height * PT
        self.root = ET.Element(
            "svg",
            {
                "xmlns": "http://www.w3.org/2000/svg",
                "version": "1.1",
                "width": _n(PIXEL_WIDTH),
                "height": _n(PIXEL_WIDTH * height / width),
                "viewBox": f"0 0 {_n(width * PT)} {_n(height * PT)}",
                "font-family": FONT_FAMILY,
                "role": "img",
                "aria-labelledby": "wb-svg-title",
            },
        )

    def x(self, month: float) -> float:
        p = self.plan
        return self.left + (month - p.x_left) / (p.x_right - p.x_left) * self.width

    def y(self, row: float) -> float:
        """``row`` counts up from the bottom of the axes, as in the matplotlib chart."""
        return self.top + (self.plan.n_rows - row) / self.plan.n_rows * self.height

    @property
    def bottom(self) -> float:
        return self.top + self.height

    def add(self, tag: str, parent: ET.Element | None = None, **attrs: object) -> ET.Element:
        attributes = {
            k.rstrip("_").replace("_", "-"): _n(v) if isinstance(v, float) else _clean(str(v))
            for k, v in attrs.items()
            if v is not None
        }
        return ET.SubElement(self.root if parent is None else parent, tag, attributes)

    def text(
        self,
        x: float,
        y: float,
        words: str,
        *,
        size: float = LABEL_PT,
        fit: bool = False,
        parent: ET.Element | None = None,
        **kw: object,
    ) -> ET.Element:
        """Text at (x, y) in points; ``fit`` pins it to its measured width."""
        words = _clean(words)
        node = self.add(
            "text",
            parent,
            x=x,
            y=y,
            font_size=size,
            textLength=text_width(words, size) * PT if fit and words else None,
            lengthAdjust="spacingAndGlyphs" if fit and words else None,
            **kw,
        )
        node.text = words
        return node


def _defs(c: _Canvas) -> None:
    defs = c.add("defs")
    hatch = c.add(
        "pattern",
        defs,
        id="wb-hatch",
        patternUnits="userSpaceOnUse",
        width=6.0,
        height=6.0,
        patternTransform="rotate(45)",
    )
    c.add("line", hatch, x1=0, y1=0, x2=0, y2=6, stroke=COLOURS["long_edge"], stroke_width=1.0)
    dots = c.add("pattern", defs, id="wb-dots", patternUnits="userSpaceOnUse", width=4, height=4)
    c.add("circle", dots, cx=1, cy=1, r=0.6, fill="#B0B0B0")
    arrow = c.add(
        "marker",
        defs,
        id="wb-arrow",
        viewBox="0 0 10 10",
        refX=10,
        refY=5,
        markerWidth=7,
        markerHeight=7,
        markerUnits="userSpaceOnUse",
        orient="auto",
    )
    c.add("path", arrow, d="M0,0 L10,5 L0,10 z", fill=COLOURS["link"])


def _axes(c: _Canvas, roadmap: Roadmap, dates: bool) -> None:
    plan = c.plan
    n_short = plan.n_short
    c.add(
        "rect",
        x=c.left,
        y=c.y(n_short),
        width=c.width,
        height=c.y(0) - c.y(n_short),
        fill=COLOURS["short"],
        fill_opacity=0.06,
    )
    c.add(
        "rect",
        x=c.left,
        y=c.top,
        width=c.width,
        height=c.y(n_short) - c.top,
        fill=COLOURS["long"],
        fill_opacity=0.09,
    )
    if plan.beyond:
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
        note = "beyond 5 years"
        room = (plan.x_right - INTERVIEW_WINDOW) / plan.per_inch
        centred = text_width(note) <= room
        c.text(
            c.x((INTERVIEW_WINDOW + plan.x_right) / 2) if centred else c.left + c.width,
            c.top - 3,
            note,
            text_anchor="middle" if centred else "end",
            font_style="italic",
            fill="#8A3A00",
            class_="wb-beyond-label",
        )
    for month in plan.year_marks:
        x = c.x(month)
        c.add("line", x1=x, y1=c.top, x2=x, y2=c.bottom, stroke=COLOURS["grid"], stroke_width=0.8)
        c.add("line", x1=x, y1=c.bottom, x2=x, y2=c.bottom + 3.5, stroke="black", stroke_width=0.8)
    c.add(
        "line",
        x1=c.left,
        y1=c.y(n_short),
        x2=c.left + c.width,
        y2=c.y(n_short),
        stroke="#777777",
        stroke_width=1.0,
    )
    c.add(
        "path",
        d=f"M{_n(c.left)},{_n(c.top)} V{_n(c.bottom)} H{_n(c.left + c.width)}",
        fill="none",
        stroke="black",
        stroke_width=0.8,
    )

    # lane names, bold, two lines, right of nothing and left of the axes
    for centre, (first, second) in (
        (n_short / 2, ("Short-term", "(stepping stones)")),
        (n_short + plan.rows["long"] / 2, ("Long-term", "(destinations)")),
    ):
        label = c.text(
            c.left - 3.5, c.y(centre), "", size=9.0, text_anchor="end", font_weight="bold"
        )
        for dy, words in ((-5.4, first), (10.8, second)):
            line = c.add("tspan", label, x=c.left - 3.5, dy=dy, dominant_baseline="central")
            line.text = words

    # the x axis: "Year n" in the middle of each year, or real months at the year marks
    if dates:
        for month, words in zip(
            plan.year_marks, date_labels(roadmap, plan, text_width), strict=True
        ):
            if words:
                c.text(
                    c.x(month),
                    c.bottom + 7,
                    words,
                    text_anchor="middle",
                    dominant_baseline="hanging",
                )
    else:
        for i, month in enumerate(plan.year_marks[:-1]):
            c.text(
                c.x(month + 6),
                c.bottom + 3.5,
                f"Year {i + 1}",
                text_anchor="middle",
                dominant_baseline="hanging",
            )


def _goals(c: _Canvas) -> None:
    plan = c.plan
    bar = BAR
    pad = PAD * plan.per_inch
    centre: dict[str, float] = {}
    bars, now, links = c.add("g"), c.add("g"), c.add("g")  # the "now" line above the bars
    x_now = c.x(0)
    c.add(
        "line",
        now,
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
        "now",
        parent=now,
        text_anchor="middle",
        font_weight="bold",
        class_="wb-now-label",
    )
    # made now, added after the links: a link passes behind the words and the milestones
    labels, marks = ET.Element("g"), ET.Element("g")
    for lane, items in plan.lanes.items():
        top = plan.n_rows if lane == "long" else plan.n_short
        long_term = lane == "long"
        for item in items:
            g, row = item.goal, top - item.row - 0.5
            centre[g.id] = row
            x0, x1 = c.x(g.start_month), c.x(g.end_month)
            y0, y1 = c.y(row + bar / 2), c.y(row - bar / 2)
            c.add(
                "rect",
                bars,
                x=x0,
                y=y0,
                width=x1 - x0,
                height=y1 - y0,
                fill=COLOURS[lane],
                stroke=COLOURS[f"{lane}_edge"],
                stroke_width=0.9,
                class_="wb-bar",
                data_goal=g.id,
            )
            if long_term:
                c.add(
                    "rect", bars, x=x0, y=y0, width=x1 - x0, height=y1 - y0, fill="url(#wb-hatch)"
                )
            if item.where == "inside":
                x, anchor = (x0 + x1) / 2, "middle"
                colour = "black" if long_term else "white"
            elif item.where == "right":
                x, anchor, colour = c.x(g.end_month + pad), "start", "black"
            else:
                x, anchor, colour = c.x(g.start_month - pad), "end", "black"
            y = c.y(row)
            if item.where != "inside":  # a white box behind the words, as in the matplotlib chart
                margin, words = 0.12 * LABEL_PT, text_width(_clean(item.text)) * PT
                bx = {"start": x, "middle": x - words / 2, "end": x - words}[anchor] - margin
                w = words + 2 * margin
                c.add(
                    "rect",
                    labels,
                    x=bx,
                    y=y - 0.62 * LABEL_PT,
                    width=w,
                    height=1.24 * LABEL_PT,
                    fill="white",
                    fill_opacity=0.8,
                )
            node = c.text(
                x,
                y,
                item.text,
                fit=True,
                parent=labels,
                text_anchor=anchor,
                dominant_baseline="central",
                fill=colour,
                class_="wb-label",
                data_goal=g.id,
            )
            if item.where == "inside" and long_term:  # letters stand out from the hatching
                node.set("stroke", COLOURS["long"])
                node.set("stroke-width", "3")
                node.set("stroke-linejoin", "round")
                node.set("paint-order", "stroke")
            for ms in g.milestones:
                mx, my, r = c.x(ms.month), y1, 3.6
                c.add(
                    "path",
                    marks,
                    d=_diamond(mx, my, r),
                    fill="white",
                    stroke="black",
                    stroke_width=1.2,
                    class_="wb-milestone",
                )
    for g, target in plan.links():
        c.add(
            "line",
            links,
            x1=c.x(g.end_month),
            y1=c.y(centre[g.id] + bar / 2),
            x2=c.x(plan.link_end(g, target)),
            y2=c.y(centre[target.id] - bar / 2),
            stroke=COLOURS["link"],
            stroke_width=1.1,
            marker_end="url(#wb-arrow)",
            class_="wb-link",
        )
    c.root.append(labels)
    c.root.append(marks)


def _notes(c: _Canvas) -> None:
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
        return
    for lane, words in (("long", "no long-term goal yet"), ("short", "no short-term goal yet")):
        if not plan.lanes[lane]:
            row = (plan.n_short + plan.n_rows) / 2 if lane == "long" else plan.n_short / 2
            c.text(
                c.x(INTERVIEW_WINDOW / 2),
                c.y(row),
                words,
                text_anchor="middle",
                dominant_baseline="central",
                font_style="italic",
                fill="#555555",
                class_="wb-lane-note",
            )


def _legend(c: _Canvas) -> None:
    entries = (
        ("short", "Short-term (stepping stone)"),
        ("long", "Long-term (destination)"),
        ("milestone", "Milestone"),
        ("link", "Leads to"),
        ("now", "Now"),
    )
    size, handle, gap, spacing = LABEL_PT, 1.8 * LABEL_PT, 0.8 * LABEL_PT, 1.4 * LABEL_PT
    total = sum(handle + gap + text_width(words) * PT for _, words in entries)
    total += spacing * (len(entries) - 1)
    x = c.left + c.width / 2 - total / 2
    y = c.bottom + LEGEND_DROP * PT + 0.9 * size
    group = c.add("g", class_="wb-legend")
    for kind, words in entries:
        mid = x + handle / 2
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
            r = 3.2
            c.add(
                "path",
                group,
                d=_diamond(mid, y, r),
                fill="white",
                stroke="black",
                stroke_width=1.0,
            )
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
        c.text(x + handle + gap, y, words, size=size, parent=group, dominant_baseline="central")
        x += handle + gap + text_width(words) * PT + spacing


def timeline_svg(roadmap: Roadmap, *, dates: bool = False, description: str = "") -> str:
    """The roadmap's five-year chart as an SVG document (a string), laid out exactly as
    :func:`~workbook.timeline.timeline_chart` lays it out; ``description`` becomes the SVG's
    ``<desc>`` (for example :func:`~workbook.timeline.describe`'s words)."""
    roadmap = drawable(roadmap)
    plan = layout(roadmap, text_width)
    axes_height = max(plan.n_rows * ROW, MIN_AXES_HEIGHT)
    height = TOP + axes_height + BOTTOM
    c = _Canvas(plan, FIG_WIDTH, height, axes_height)
    title = fitted_title(roadmap, plan, text_width)
    c.add("title", id="wb-svg-title").text = _clean(title)
    if description:
        c.add("desc").text = _clean(description)
    _defs(c)
    c.add("rect", width="100%", height="100%", fill="white")
    _axes(c, roadmap, dates)
    _goals(c)
    _notes(c)
    _legend(c)
    c.text(
        c.left + c.width / 2,
        c.top - 20,
        title,
        size=12.0,
        fit=True,
        text_anchor="middle",
        class_="wb-title",
    )
    return ET.tostring(c.root, encoding="unicode")
