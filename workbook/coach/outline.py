"""An answer outline drafted from the student's roadmap: the bones of a spoken answer.

The article orders a strong answer like this: the long-term vision first, then the near-term
stepping stones that lead to it, the skills they build, and why this employer is the place to
do it. :func:`outline` lays the roadmap out in that order as plain text the student can copy
into the coach's answer box and then put into their own words. Anything the roadmap cannot
say (a past example, why this employer) is a prompt in [square brackets].

Only what belongs in an interview goes in: long-term goals reached within five years (others
get a bracketed note), at most two destinations and four steps, so the answer stays short
enough to say. Pure text, no widgets, no HTML: the caller escapes it before showing it.
"""

from __future__ import annotations

from workbook.model import INTERVIEW_WINDOW, Goal, Horizon, Roadmap
from workbook.text import number_word

__all__ = ["MAX_DESTINATIONS", "MAX_SKILLS", "MAX_STEPS", "PROMPT_NOTE", "outline", "within"]

MAX_DESTINATIONS = 2  #: one vision is strongest; a second is the most an answer can carry
MAX_STEPS = 4  #: more steps than this sounds like a to-do list
MAX_SKILLS = 6
#: what the bracketed parts mean, for the view that shows the outline
PROMPT_NOTE = "Words in [square brackets] are prompts: replace them with your own words."


def within(months: int) -> str:
    """A month count as words a person would say: "within six months", "within about two years".

    Words rather than digits, so the coach reads the horizon the way it reads a spoken answer.
    """
    if months <= 1:
        return "within a month"
    if months < 12:
        return f"within {number_word(months)} months"
    if months == 12:
        return "within a year"
    if months == 18:
        return "within a year and a half"
    years, rest = divmod(months, 12)
    if rest == 0:
        return f"within {number_word(years)} years"
    if rest == 6:
        return f"within {number_word(years)} and a half years"
    rounded = round(months / 12)
    return "within about a year" if rounded == 1 else f"within about {number_word(rounded)} years"


def _line(text: str) -> str:
    return " ".join(str(text).split())


def _sentence(title: str) -> str:
    """A goal title as the end of a line: one line, ending in a full stop if it has none."""
    text = _line(title)
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _usable(goal: object) -> bool:
    """A goal an outline can speak about (a roadmap loaded unvalidated may hold odd entries)."""
    return (
        isinstance(goal, Goal)
        and isinstance(goal.title, str)
        and bool(goal.title.strip())
        and isinstance(goal.end_month, int)
        and not isinstance(goal.end_month, bool)
    )


def _skills(goals: list[Goal]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for goal in goals:
        for skill in goal.skills if isinstance(goal.skills, list) else []:
            text = _line(skill) if isinstance(skill, str) else ""
            if text and text.casefold() not in seen:
                seen.add(text.casefold())
                out.append(text)
    return out


def _why_here(roadmap: Roadmap) -> str:
    role = _line(roadmap.role) if isinstance(roadmap.role, str) else ""
    employer = _line(roadmap.employer) if isinstance(roadmap.employer, str) else ""
    prompt = (
        "[how this role, its team or its training helps me get there, and how my goals help them]"
    )
    if role and employer:
        return f"Why here: as {role} at {employer}, {prompt}."
    if employer:
        return f"Why here: at {employer}, {prompt}."
    if role:
        return f"Why here: as {role}, {prompt}."
    return "Why here: [how this employer helps me get there, and how my goals help them]."


def _closing(roadmap: Roadmap, proof: str | None) -> list[str]:
    """The last lines: why this employer, the proof (the student's own, or a prompt), and what
    excites them."""
    if proof and proof.strip():
        proved = f"A goal I set and reached before: {_sentence(proof)}"
    else:
        proved = (
            "A goal I set and reached before: [one sentence: the goal, what I did, the result]."
        )
    return [_why_here(roadmap), proved, "What excites me about it: [one sentence in my own words]."]


def outline(roadmap: Roadmap, *, proof: str | None = None) -> str:
    """The roadmap as an answer outline: vision, first steps, skills, why this employer.

    One line per part (steps as "- " lines), in the order the article recommends. Goal titles
    are quoted as the student wrote them; every gap is a [bracketed prompt]. ``proof``, a goal
    the student set and reached before (chapter 5's draft), fills the proof line's prompt.
    """
    goals = [g for g in roadmap.goals if _usable(g)] if isinstance(roadmap.goals, list) else []
    long_term = [g for g in goals if g.horizon == Horizon.LONG]
    in_window = [g for g in long_term if g.end_month <= INTERVIEW_WINDOW]
    too_far = [g for g in long_term if g.end_month > INTERVIEW_WINDOW]
    destinations = in_window[:MAX_DESTINATIONS]
    shown = {g.id for g in destinations}
    short_term = [g for g in goals if g.horizon == Horizon.SHORT]
    # steps towards the vision first, then any other near-term step, each group soonest first
    steps = sorted(short_term, key=lambda g: (g.leads_to not in shown, g.end_month, goals.index(g)))
    chosen = steps[:MAX_STEPS]

    lines: list[str] = []
    if destinations:
        main = destinations[0]
        lines.append(f"My long-term goal ({within(main.end_month)}): {_sentence(main.title)}")
        for other in destinations[1:]:
            lines.append(
                f"I am also working towards ({within(other.end_month)}): {_sentence(other.title)}"
            )
    else:
        lines.append(
            "My long-term goal (within five years): [where I want to be in three to five years, "
            "in this line of work]."
        )
    for goal in too_far:
        lines.append(
            f"[Left out: “{_line(goal.title)}” reaches beyond five years; in an interview, "
            "keep to what you can reach within five.]"
        )
    if len(in_window) > MAX_DESTINATIONS:
        lines.append(
            f"[Left out: {len(in_window) - MAX_DESTINATIONS} more long-term goal(s); "
            "one clear vision is easier to believe.]"
        )

    lines.append("My first steps to get there:" if destinations else "My first steps:")
    if chosen:
        lines += [f"- {_line(g.title)} ({within(g.end_month)})" for g in chosen]
    else:
        lines.append("- [a step I will take in the next few months]")
    if len(steps) > MAX_STEPS:
        lines.append(f"[Left out: {len(steps) - MAX_STEPS} more step(s) to keep the answer short.]")

    skills = _skills([*destinations, *chosen])[:MAX_SKILLS]
    if skills:
        lines.append(f"Skills I will build on the way: {', '.join(skills)}.")
    else:
        lines.append(
            "Skills I will build on the way: [the skills or qualifications each step builds]."
        )
    lines += _closing(roadmap, proof)
    return "\n".join(lines)
