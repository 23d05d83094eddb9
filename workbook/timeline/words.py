"""The chart in words: everything it shows, as plain text for screen readers and alt text.

:func:`describe` is the chart's alternative: the live view puts it in the SVG's ``<desc>`` and
beside the chart, the notebooks print it under the image, and ``python -m workbook describe``
prints it. It reads the same drawable goals the layout places, never the drawing.
"""

from __future__ import annotations

from workbook.model import AREAS, INTERVIEW_WINDOW, Goal, Roadmap
from workbook.text import counted
from workbook.timeline.layout import chart_title, drawable, month_date
from workbook.timeline.placing import one_line

__all__ = ["describe", "window_words"]


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
    return f"“{one_line(text)}”"


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
    who = f" for {one_line(roadmap.owner)}" if one_line(roadmap.owner) else ""
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
        out.extend(f"- {one_line(a.message)}" for a in advice)
    return "\n".join(out)
