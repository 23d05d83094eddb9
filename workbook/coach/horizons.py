"""Near term and long term: where an answer's time markers, steps and destinations fall.

The pitfall codes ``no_short_term`` and ``no_long_term``, the "lead with the long-term vision"
talking point and the roadmap check all read the answer's horizons from here, so they agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbook.coach.engine import MAX_SPANS, TIME_ONLY, Hit, TextContext
from workbook.coach.text import Duration

__all__ = ["AIM_ONLY", "Horizons", "duration_kind", "read_horizons"]

#: Long-term cues that frame an aim ("my career goal is", "I aspire to", "working towards") but
#: give no horizon of their own: they date a destination that follows as long-term, not a step
#: ("My career goal is to learn the business" names a near-term step), and the shape of an
#: answer does not count them as a picture of the years ahead.
AIM_ONLY = frozenset({"aim_words"})


@dataclass(frozen=True)
class Horizons:
    """What the answer says about the near term and the long term, and where."""

    short: tuple[Hit, ...]
    long: tuple[Hit, ...]

    @property
    def has_short(self) -> bool:
        return bool(self.short)

    @property
    def has_short_step(self) -> bool:
        """Is there a near-term step, not only a time word ("right now", "in six months")?"""
        return any(h.cue not in TIME_ONLY and not h.cue.startswith("duration_") for h in self.short)

    @property
    def has_long(self) -> bool:
        return bool(self.long)

    @property
    def long_first(self) -> bool:
        """Is a long-term goal stated before the first near-term step?"""
        if not self.long:
            return False
        return not self.short or self.long[0].start <= self.short[0].start


def duration_kind(d: Duration, short_max: int) -> str:
    """Near term up to a year, long term beyond two years; in between (a year or two away) it
    is both a next step and a destination, depending on the words."""
    if d.high <= short_max:
        return "short"
    if d.low > 2 * short_max:
        return "long"
    return "medium"


def read_horizons(ctx: TextContext) -> Horizons:
    """Sort the answer's time markers, steps and destinations into near term and long term."""
    rules = ctx.rules
    short_max = rules.settings["short_term_max_months"]
    explicit: list[tuple[Hit, str]] = []
    for d in ctx.durations[:MAX_SPANS]:
        if d.future and not ctx.in_past(d.start) and not ctx.negated(d.start, d.end):
            kind = duration_kind(d, short_max)
            explicit.append((Hit(d.start, d.end, 1.0, f"duration_{kind}"), kind))
    for kind in ("short", "long"):
        for cue in rules.horizon[kind]:
            for h in ctx.cue_hits(cue):
                if not ctx.in_past(h.start):
                    explicit.append((h, kind))
    # a year or two away is both the next step and a destination
    short = [h for h, k in explicit if k in ("short", "medium")]
    long = [h for h, k in explicit if k in ("long", "medium")]

    def nearest(h: Hit, step: bool) -> str | None:
        """The kind of the closest time marker in the same clause ("..., and then ..." is a
        new clause, so a later goal is not dated by the step before it); a step is not dated
        by words that only frame an aim."""
        cs, ce = ctx.seg.around("clause", h.start)
        best: tuple[int, str] | None = None
        for m, kind in explicit:
            if not cs <= m.start < ce or (m.start < h.end and m.end > h.start):
                continue
            if step and m.cue in AIM_ONLY:
                continue
            gap = max(m.start - h.end, h.start - m.end, 0)
            if best is None or (gap, kind) < best:
                best = (gap, kind)
        return best[1] if best else None

    for kind, default in (("steps", "short"), ("destinations", "long")):
        for cue in rules.horizon[kind]:
            for h in ctx.cue_hits(cue):
                if ctx.in_past(h.start):
                    continue
                near = nearest(h, kind == "steps")
                if near == "medium" and kind == "destinations":
                    # a goal a year or two away is both the next step and a destination
                    short.append(h)
                    long.append(h)
                    continue
                side = default if near in (None, "medium") else near
                (short if side == "short" else long).append(h)
    short.sort(key=lambda h: h.start)
    long.sort(key=lambda h: h.start)
    return Horizons(tuple(short), tuple(long))
