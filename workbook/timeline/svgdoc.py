"""The SVG canvas the live chart is painted on: chart units to points, and safe text.

Built with :mod:`xml.etree.ElementTree`, which escapes every string a student typed;
characters XML 1.0 cannot hold become U+FFFD, so any ``str`` gives a well-formed document and
nothing typed can become markup. :class:`Canvas` maps the layout's months and rows to points
(72 to the inch, as matplotlib's are) inside the chart's margins.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from workbook.timeline.fonts import PT, text_width
from workbook.timeline.layout import Layout
from workbook.timeline.style import COLOURS, LABEL_PT, LEFT, TOP

__all__ = ["FONT_FAMILY", "PIXEL_WIDTH", "Canvas", "add_defs", "clean", "diamond", "num"]

#: DejaVu Sans first (the font the layout is measured with); Verdana has close metrics
FONT_FAMILY = "'DejaVu Sans', 'Bitstream Vera Sans', Verdana, Geneva, sans-serif"
#: width in pixels the SVG asks for; it scales down (crisply) on a narrower page
PIXEL_WIDTH = 960  # labels of 8.5 pt come out at about 11 px: readable on a laptop
# characters XML 1.0 forbids (control characters, lone surrogates, U+FFFE/FFFF)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """``text`` with every character XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", text)


def num(value: float) -> str:
    """A coordinate to two decimals, trailing zeros dropped (a small, stable file)."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def diamond(x: float, y: float, r: float) -> str:
    """A milestone's marker: a square on its point, centred on (x, y)."""
    return f"M{num(x)},{num(y - r)} L{num(x + r)},{num(y)} L{num(x)},{num(y + r)} L{num(x - r)},{num(y)} z"


class Canvas:
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
                "width": num(PIXEL_WIDTH),
                "height": num(PIXEL_WIDTH * height / width),
                "viewBox": f"0 0 {num(width * PT)} {num(height * PT)}",
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
            k.rstrip("_").replace("_", "-"): num(v) if isinstance(v, float) else clean(str(v))
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
        words = clean(words)
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


def add_defs(c: Canvas) -> None:
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
