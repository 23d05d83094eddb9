"""A roadmap as a Markdown one-pager: the rehearsed answer, then destinations and their steps."""

from __future__ import annotations

import re

from workbook.model import AREAS, Goal, Roadmap, Smart
from workbook.timeline import chart_title, month_date, window_words

__all__ = ["to_markdown"]


def _md_clean(line: str) -> str:
    """One line of student text, escaped only where Markdown would otherwise change it.

    A one-pager is read as plain text too (pasted into an email), so "A&E", "waiting-time" and
    "month 24." stay as typed; only what would start markup is escaped: HTML tags and entities,
    emphasis, code, links and strike-through, intraword-safe underscores left alone, and the
    block markers a line may start with (headings, quotes, lists, rules).
    """
    line = re.sub(r"&(?=#?\w+;)", "&amp;", line)
    line = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", line)
    line = re.sub(r"([\\`*\[\]~$])", r"\\\1", line)
    line = re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", line)
    line = re.sub(r"^([#>+=|-])", r"\\\1", line)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", line)


def _md(text: str, indent: str = "") -> str:
    """Student text rendered exactly as typed (see :func:`_md_clean`).

    Lines are kept as hard line breaks; blank lines are dropped so the text stays in its list item.
    """
    lines = [_md_clean(line.strip()) for line in str(text).splitlines() if line.strip()]
    return ("\\\n" + indent).join(lines)


def _md_line(text: str) -> str:
    """A title, name or skill: one line (a heading cannot hold a line break), escaped; a closing
    run of "#" would be taken for the end of a heading, so it is escaped too."""
    return re.sub(r"(#+)$", lambda m: "\\#" * len(m.group(1)), _md(" ".join(str(text).split())))


def _md_goal(roadmap: Roadmap, goal: Goal, level: str, dates: bool) -> list[str]:
    when = window_words(goal.start_month, goal.end_month)
    if dates and roadmap.start_date:
        a = month_date(roadmap.start_date, goal.start_month)
        b = month_date(roadmap.start_date, goal.end_month)
        when += f", {a:%B %Y} to {b:%B %Y}"
    out = [
        f"{level} {_md_line(goal.title)}",
        "",
        f"*{_md(AREAS.get(goal.area, goal.area))}; {_md(when)}*",
        "",
    ]
    for letter in Smart.LETTERS:
        answer = getattr(goal.smart, letter)
        shown = _md(answer, "  ") if answer.strip() else "*not answered yet*"
        out.append(f"- **{letter.capitalize()}:** {shown}")
    if goal.milestones:
        out.append("- **Milestones:**")
        for ms in sorted(goal.milestones, key=lambda m: m.month):
            out.append(f"  - month {ms.month}: {_md_line(ms.title)}")
    if goal.skills:
        out.append("- **Skills:** " + ", ".join(_md_line(s) for s in goal.skills))
    out.append("")
    return out


def to_markdown(roadmap: Roadmap, advice: bool = True, *, answer: str | None = None) -> str:
    """A one-page summary to print or paste: the rehearsed answer (the thing a student most
    wants to take away), then destinations first, each with its first steps."""
    out = [f"# {_md_line(chart_title(roadmap))}", ""]
    facts = [
        ("Name", roadmap.owner),
        ("Role", roadmap.role),
        ("Employer", roadmap.employer),
        ("Month 0", roadmap.start_date.isoformat() if roadmap.start_date else ""),
    ]
    shown = [f"**{label}:** {_md_line(value)}" for label, value in facts if str(value).strip()]
    if shown:
        out += ["  \n".join(shown), ""]
    if answer and answer.strip():
        out += ["## My answer to “What are your career goals?”", ""]
        paragraphs = [p for p in re.split(r"\n\s*\n", answer.strip()) if p.strip()]
        out += [line for p in paragraphs for line in (f"> {_md(p, '> ')}", ">")][:-1]
        out.append("")
    if not roadmap.goals:
        out += ["No goals yet: add a long-term goal, then the first steps towards it.", ""]
    dated = roadmap.start_date is not None
    if roadmap.long_term:
        out += ["## Long-term goals", ""]
        for goal in roadmap.long_term:
            out += _md_goal(roadmap, goal, "###", dated)
            steps = roadmap.stepping_stones(goal.id)
            if steps:
                out += [f"#### Stepping stones towards {_md_line(goal.title)}", ""]
                for step in steps:
                    out += _md_goal(roadmap, step, "#####", dated)
            else:
                out += ["*No stepping stone leads here yet.*", ""]
    linked = {g.id for g in roadmap.long_term}
    loose = [g for g in roadmap.short_term if g.leads_to not in linked]
    if loose:
        title = "Short-term goals" if not roadmap.long_term else "Other short-term goals"
        out += [f"## {title}", ""]
        for goal in loose:
            out += _md_goal(roadmap, goal, "###", dated)
    notes = roadmap.advice() if advice else []
    if notes:
        out += ["## Advice", ""]
        out += [f"- {_md(a.message, '  ')}" for a in notes]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
