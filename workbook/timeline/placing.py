"""Placing each goal's label and packing goals into rows, for :mod:`.layout`.

A label goes inside its bar when it fits, else right of it, else left; when no place holds it
whole it is cut, with an ellipsis, where most room is. Goals then share rows greedily (the
fewest rows in which no two bars-with-labels touch), and the stepping stones' rows are ordered
so the rows ending latest sit next to the long-term lane.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from workbook.model import Goal
from workbook.text import cut
from workbook.timeline.style import ELLIPSIS, MAX_LABEL_CHARS, PAD

__all__ = ["Measure", "Placed", "Where", "fit", "one_line", "pack_rows", "place", "rows_by_end"]

#: a text measurer: ``measure(text, size_in_points)`` -> width in inches (size defaults to
#: :data:`~workbook.timeline.style.LABEL_PT`)
Measure = Callable[..., float]
Where = Literal["inside", "right", "left"]
#: where a label goes, the first place it fits whole
PREFERENCE: tuple[Where, ...] = ("inside", "right", "left")


def one_line(text: str) -> str:
    """``text`` on one line, runs of white space made single spaces (a chart has no room for
    a student's line breaks)."""
    return " ".join(str(text).split())


def fit(text: str, max_width: float, measure: Callable[[str], float]) -> str:
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


def short_title(title: str) -> str:
    text = one_line(title) or "(untitled)"
    if len(text) > MAX_LABEL_CHARS:
        text = cut(text, MAX_LABEL_CHARS - 1).rstrip() + ELLIPSIS
    return text


@dataclass
class Placed:
    """A goal's label decided: its (perhaps cut) text, where it sits and the row it shares."""

    goal: Goal
    text: str
    where: Where  # "inside", "right" or "left" of the bar
    lo: float  # months occupied by the bar and its label
    hi: float
    row: int = 0  # counted from the top of its lane


def place(goal: Goal, measure: Measure, per_inch: float, x_left: float, x_right: float) -> Placed:
    """Inside the bar if it fits, else beside it; if nothing fits whole, cut where most room is."""
    pad = PAD * per_inch
    start, end = goal.start_month, goal.end_month
    text = short_title(goal.title)
    width = measure(text) * per_inch
    rooms: dict[Where, float] = {
        "inside": (end - start) - 2 * pad,
        "right": x_right - end - 2 * pad,
        "left": start - x_left - 2 * pad,
    }
    fits = next((w for w in PREFERENCE if width <= rooms[w]), None)
    # nothing fits whole: where most room is (the first of equal rooms)
    where: Where = max(PREFERENCE, key=lambda w: rooms[w]) if fits is None else fits
    if fits is None:
        text = fit(text, max(rooms[where], 0.0) / per_inch, measure)
        width = measure(text) * per_inch
    if where == "inside":
        return Placed(goal, text, where, start, end)
    if where == "right":
        return Placed(goal, text, where, start, end + pad + width)
    return Placed(goal, text, where, start - pad - width, end)


def pack_rows(items: list[Placed], gap: float) -> int:
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


def rows_by_end(items: list[Placed]) -> None:
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
