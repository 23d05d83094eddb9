"""Before and after: what a new draft fixed, what it broke, what it gained."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.coach.render import BOX_STYLE
from workbook.coach.results import Finding, Review, TalkingPoint
from workbook.coach.review import review
from workbook.html import escape
from workbook.model import Roadmap

__all__ = ["Comparison", "compare"]


@dataclass
class Comparison:
    """What changed between two drafts: findings fixed or introduced, points gained or lost."""

    before: Review
    after: Review
    fixed: list[Finding] = field(default_factory=list)
    introduced: list[Finding] = field(default_factory=list)
    points_gained: list[TalkingPoint] = field(default_factory=list)
    points_lost: list[TalkingPoint] = field(default_factory=list)
    improved: list[str] = field(default_factory=list)  #: plain sentences for the student
    worse: list[str] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """``"better"``, ``"worse"``, ``"mixed"`` or ``"same"``."""
        if self.improved and self.worse:
            return "mixed"
        return "better" if self.improved else "worse" if self.worse else "same"

    @property
    def words_change(self) -> int:
        return self.after.numbers.words - self.before.numbers.words

    def __repr__(self) -> str:
        return (
            f"Comparison({self.verdict}: fixed={[f.code for f in self.fixed]}, "
            f"introduced={[f.code for f in self.introduced]}, "
            f"words {self.before.numbers.words}->{self.after.numbers.words})"
        )

    def __str__(self) -> str:
        lines = [f"Overall: {self.verdict}."]
        lines += [f"+ {s}" for s in self.improved]
        lines += [f"- {s}" for s in self.worse]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        better = "".join(f'<li class="wb-better">{escape(s)}</li>' for s in self.improved)
        worse = "".join(f'<li class="wb-worse">{escape(s)}</li>' for s in self.worse)
        return (
            f'<div class="wb-compare" style="{BOX_STYLE}"><p><strong>Overall: '
            f"{escape(self.verdict)}</strong></p>"
            + (f"<h4>Better</h4><ul>{better}</ul>" if better else "")
            + (f"<h4>Worse</h4><ul>{worse}</ul>" if worse else "")
            + "</div>"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "fixed": [f.code for f in self.fixed],
            "introduced": [f.code for f in self.introduced],
            "points_gained": [p.id for p in self.points_gained],
            "points_lost": [p.id for p in self.points_lost],
            "words_before": self.before.numbers.words,
            "words_after": self.after.numbers.words,
            "seconds_before": self.before.numbers.seconds,
            "seconds_after": self.after.numbers.seconds,
            "improved": list(self.improved),
            "worse": list(self.worse),
        }


def compare(
    old: Review | str,
    new_text: str,
    *,
    job_ad: Any = None,
    roadmap: Roadmap | None = None,
    rules_dir: str | Path | None = None,
) -> Comparison:
    """Compare a new draft with an old one (a Review or its text): what improved, what got worse."""
    if isinstance(old, Review):
        before = old
        job_ad = job_ad if job_ad is not None else old.job_ad
        roadmap = roadmap if roadmap is not None else old.roadmap
    else:
        before = review(old, job_ad, roadmap, rules_dir=rules_dir)
    after = review(new_text, job_ad, roadmap, rules_dir=rules_dir)
    old_codes = set(before.codes)
    new_codes = set(after.codes)
    fixed = [f for f in before.findings if f.code not in new_codes]
    introduced = [f for f in after.findings if f.code not in old_codes]
    old_points = {p.id: p.covered for p in before.talking_points}
    gained = [p for p in after.talking_points if p.covered and not old_points.get(p.id, False)]
    lost = [p for p in after.talking_points if not p.covered and old_points.get(p.id, False)]
    improved = [f"Fixed: {f.label.lower()}." for f in fixed]
    improved += [f"Now covers: {p.label.lower()}." for p in gained]
    worse = [f"New: {f.label.lower()}." for f in introduced]
    worse += [f"No longer covers: {p.label.lower()}." for p in lost]
    b, a = before.numbers, after.numbers
    if a.words != b.words:
        change = f"{b.words} → {a.words} words (about {b.seconds} → {a.seconds} seconds)"
        if (b.too_long and not a.too_long) or (b.too_short and not a.too_short):
            improved.append(f"Length is now comfortable: {change}.")
        elif (a.too_long and not b.too_long) or (a.too_short and not b.too_short):
            worse.append(f"Length is now a problem: {change}.")
    return Comparison(before, after, fixed, introduced, gained, lost, improved, worse)
