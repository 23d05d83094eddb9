"""Does the answer agree with the student's roadmap? Goals never mentioned, horizons that differ.

Interviewers ask several future-focused questions and notice when the answers disagree, so the
coach compares the spoken answer with the roadmap the student built: each goal should be
mentioned (fuzzy overlap of content words), and in the same time frame.
"""

from __future__ import annotations

import math

from workbook.coach.engine import TextContext
from workbook.coach.horizons import read_horizons
from workbook.coach.results import Evidence, RoadmapIssue
from workbook.coach.text import Duration, content_stems, content_words, stem
from workbook.model import INTERVIEW_WINDOW, Goal, Roadmap

__all__ = ["roadmap_issues"]


def _goal_stems(goal: Goal, stopwords: frozenset[str]) -> set[str]:
    return content_stems(str(goal.title or ""), stopwords)


def _mention(goal_stems: set[str], found: set[str]) -> bool:
    """Half the goal's content words (at most two) are enough: answers paraphrase titles."""
    if not goal_stems:
        return False
    need = max(1, math.ceil(len(goal_stems) / 2)) if len(goal_stems) < 4 else 2
    return len(goal_stems & found) >= need


#: a goal named in a sentence, with where its words stand there
Mention = tuple[Goal, list[tuple[int, int]]]


def roadmap_issues(ctx: TextContext, roadmap: Roadmap) -> list[RoadmapIssue]:
    """Roadmap goals the answer never mentions, and time frames that disagree with it."""
    rules = ctx.rules
    goals = [g for g in (roadmap.goals or []) if isinstance(g, Goal)]
    answer_words = list(content_words(ctx.text, rules.stopwords, 0, ctx.end))
    stems_of = {g.id: _goal_stems(g, rules.stopwords) for g in goals}
    issues = _unmentioned(goals, stems_of, {stem(w) for _, _, w in answer_words})
    horizons = read_horizons(ctx)
    short_markers = [
        h for h in horizons.short if not h.cue.startswith(("qualification", "learning"))
    ]
    for ss, se in ctx.seg.sentences:
        words = [(s, e, stem(w)) for s, e, w in answer_words if ss <= s < se]
        sentence_stems = {st for _, _, st in words}
        mentioned: list[Mention] = [
            (g, [(s, e) for s, e, w in words if w in stems_of[g.id]])
            for g in goals
            if stems_of[g.id] and _mention(stems_of[g.id], sentence_stems)
        ]
        if not mentioned:
            continue
        for d in ctx.durations:
            if d.future and ss <= d.start < se:
                issue = _duration_issue(ctx, _owner(ctx, mentioned, d.start), d)
                if issue is not None:
                    issues.append(issue)
        for h in short_markers:
            if ss <= h.start < se and not h.cue.startswith("duration"):
                g = _owner(ctx, mentioned, h.start)
                if g.is_long_term:
                    issues.append(_called_near_term(ctx.text, g, h.start, h.end))
    return _unique(issues)


def _unmentioned(
    goals: list[Goal], stems_of: dict[str, set[str]], answer_stems: set[str]
) -> list[RoadmapIssue]:
    return [
        RoadmapIssue(
            "not_mentioned",
            g.id,
            g.title,
            f"Your roadmap has “{g.title}”, but the answer never mentions it. "
            "Either bring it in, or ask whether it belongs on the roadmap.",
        )
        for g in goals
        if stems_of[g.id] and not _mention(stems_of[g.id], answer_stems)
    ]


def _owner(ctx: TextContext, mentioned: list[Mention], pos: int) -> Goal:
    """The goal a time marker is about: one named in its clause, else the nearest."""
    cs, ce = ctx.seg.around("clause", pos)
    local = [m for m in mentioned if any(cs <= s < ce for s, _ in m[1])]

    def distance(m: Mention) -> int:
        return min(min(abs(pos - s), abs(pos - e)) for s, e in m[1])

    return min(local or mentioned, key=distance)[0]


def _duration_issue(ctx: TextContext, g: Goal, d: Duration) -> RoadmapIssue | None:
    """A time frame said about ``g`` that its place on the roadmap contradicts, if it does."""
    window = ctx.rules.settings["interview_window_months"] or INTERVIEW_WINDOW
    short_max = ctx.rules.settings["short_term_max_months"]
    end_month = g.end_month if isinstance(g.end_month, int) else None
    if end_month is None:
        return None
    said = ctx.text[d.start : d.end]
    if d.high > window and end_month <= window:
        msg = (
            f"You say “{said}” about “{g.title}”, but your roadmap reaches it by month "
            f"{end_month}. Keep the two the same; interviewers notice."
        )
    elif g.is_long_term and d.high <= short_max:
        msg = (
            f"You say “{said}” about “{g.title}”, which your roadmap has as a long-term "
            f"goal (month {end_month}). Is it a near-term step or a destination?"
        )
    elif not g.is_long_term and d.low > short_max:
        msg = (
            f"You say “{said}” about “{g.title}”, a short-term step on your roadmap "
            f"(month {end_month}). Bring the two in line."
        )
    else:
        return None
    return RoadmapIssue("horizon_mismatch", g.id, g.title, msg, (Evidence(said, d.start, d.end),))


def _called_near_term(text: str, g: Goal, start: int, end: int) -> RoadmapIssue:
    said = text[start:end]
    return RoadmapIssue(
        "horizon_mismatch",
        g.id,
        g.title,
        f"You call “{g.title}” near-term (“{said}”), but on your roadmap it is a "
        "long-term goal. Lead with it as your destination instead.",
        (Evidence(said, start, end),),
    )


def _unique(issues: list[RoadmapIssue]) -> list[RoadmapIssue]:
    """Each issue once, by kind, goal and where its evidence starts."""
    seen: set[tuple[str, str, int]] = set()
    unique = []
    for i in issues:
        key = (i.kind, i.goal_id, i.evidence[0].start if i.evidence else -1)
        if key not in seen:
            seen.add(key)
            unique.append(i)
    return unique
