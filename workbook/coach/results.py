"""What the coach returns: findings with evidence, talking points, numbers, roadmap issues.

Plain dataclasses with a plain ``__repr__`` for logs, a friendly ``_repr_html_`` for notebooks
(every piece of student text escaped, evidence in ``<mark>``) and ``to_dict()`` for JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbook.coach.engine import Hit
from workbook.coach.render import BOX_STYLE, answer_text, highlight, status_mark
from workbook.html import escape
from workbook.model import Roadmap

__all__ = [
    "MAX_EVIDENCE",
    "Evidence",
    "Finding",
    "Numbers",
    "Review",
    "RoadmapIssue",
    "TalkingPoint",
    "evidence_from_hits",
]

MAX_EVIDENCE = 4  # per finding: enough to find the words, not a wall of quotes


@dataclass(frozen=True)
class Evidence:
    """A span of the student's text: the words and where they are (``text[start:end]``)."""

    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True)
class Finding:
    """One thing to work on, in plain words, with the words that show it."""

    code: str  #: stable identifier, e.g. ``"salary"``
    label: str  #: a short title
    message: str  #: what the coach noticed and why it matters
    suggestion: str  #: one concrete thing to try
    evidence: tuple[Evidence, ...] = ()  #: quoted spans of the answer (may be empty)
    pitfall: bool = True  #: one of the article's nine pitfall and structure codes

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "message": self.message,
            "suggestion": self.suggestion,
            "evidence": [e.to_dict() for e in self.evidence],
            "pitfall": self.pitfall,
        }


@dataclass(frozen=True)
class TalkingPoint:
    """One part of a strong answer, and whether this answer covers it."""

    id: str
    label: str
    covered: bool
    tip: str  #: how to cover it (shown when it is missing)
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "covered": self.covered,
            "tip": self.tip,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Numbers:
    """Length and speaking time, and the job ad's key terms used and missed."""

    words: int
    seconds: int  #: estimated speaking time
    words_per_minute: int
    too_short: bool
    too_long: bool
    key_terms: tuple[str, ...] = ()  #: from the job ad, if one was given
    terms_used: tuple[str, ...] = ()
    terms_missing: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "seconds": self.seconds,
            "words_per_minute": self.words_per_minute,
            "too_short": self.too_short,
            "too_long": self.too_long,
            "key_terms": list(self.key_terms),
            "terms_used": list(self.terms_used),
            "terms_missing": list(self.terms_missing),
        }


@dataclass(frozen=True)
class RoadmapIssue:
    """Where the answer and the student's roadmap disagree."""

    kind: str  #: ``"not_mentioned"`` or ``"horizon_mismatch"``
    goal_id: str
    goal_title: str
    message: str
    evidence: tuple[Evidence, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "goal_id": self.goal_id,
            "goal_title": self.goal_title,
            "message": self.message,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass
class Review:
    """The coach's reading of one answer. Print it, show it in a notebook, or ``to_dict()`` it."""

    text: str  #: the answer exactly as given (evidence offsets index this)
    findings: list[Finding] = field(default_factory=list)
    talking_points: list[TalkingPoint] = field(default_factory=list)
    numbers: Numbers = field(default_factory=lambda: Numbers(0, 0, 140, False, False))
    roadmap_issues: list[RoadmapIssue] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  #: friendly notes about the input itself
    job_ad: str | None = field(default=None, repr=False, compare=False)
    roadmap: Roadmap | None = field(default=None, repr=False, compare=False)

    @property
    def codes(self) -> list[str]:
        """Every finding's code, in order."""
        return [f.code for f in self.findings]

    @property
    def pitfalls(self) -> list[Finding]:
        """Only the findings among the article's nine pitfall and structure codes."""
        return [f for f in self.findings if f.pitfall]

    def has(self, code: str) -> bool:
        return any(f.code == code for f in self.findings)

    def finding(self, code: str) -> Finding | None:
        return next((f for f in self.findings if f.code == code), None)

    def point(self, point_id: str) -> TalkingPoint | None:
        return next((p for p in self.talking_points if p.id == point_id), None)

    # --- showing it -----------------------------------------------------------------------------
    def __repr__(self) -> str:
        covered = sum(p.covered for p in self.talking_points)
        return (
            f"Review(words={self.numbers.words}, seconds={self.numbers.seconds}, "
            f"findings={self.codes}, talking_points={covered}/{len(self.talking_points)}"
            + (f", notices={len(self.notices)}" if self.notices else "")
            + ")"
        )

    def __str__(self) -> str:
        lines = [f"{self.numbers.words} words, about {self.numbers.seconds} seconds to say."]
        lines += [f"Note: {n}" for n in self.notices]
        if self.findings:
            lines.append("")
            lines.append("To work on:")
            for f in self.findings:
                lines.append(f"- {f.label} [{f.code}]: {f.message}")
                for e in f.evidence:
                    lines.append(f"    “{_short(e.text)}” (characters {e.start}-{e.end})")
                lines.append(f"    Try: {f.suggestion}")
        elif not self.notices:
            lines += ["", "No pitfalls found."]
        if self.talking_points:
            lines.append("")
            lines.append("Talking points:")
            for p in self.talking_points:
                lines.append(f"  [{'x' if p.covered else ' '}] {p.label}")
        if self.numbers.key_terms:
            lines.append("")
            lines.append("Job ad terms used: " + (", ".join(self.numbers.terms_used) or "none"))
            lines.append(
                "Job ad terms missing: " + (", ".join(self.numbers.terms_missing) or "none")
            )
        if self.roadmap_issues:
            lines.append("")
            lines.append("Your roadmap:")
            lines += [f"- {i.message}" for i in self.roadmap_issues]
        return "\n".join(lines)

    def highlighted_html(self) -> str:
        """The answer, escaped, with every finding's evidence in a ``<mark>``."""
        marks = [(e.start, e.end, f.code) for f in self.findings for e in f.evidence]
        return highlight(self.text, marks)

    def feedback_html(self) -> str:
        """The findings as an HTML list (no answer text beyond the quoted evidence)."""
        if not self.findings:
            if self.notices or not self.text.strip():
                return ""
            return '<p class="wb-none">No pitfalls found. Well done.</p>'
        items = []
        for f in self.findings:
            quotes = "".join(
                f' <q style="color:#52525b">{escape(_short(e.text))}</q>' for e in f.evidence
            )
            items.append(
                f'<li class="wb-finding" data-code="{escape(f.code)}"><strong>{escape(f.label)}</strong>. '
                f"{escape(f.message)}{quotes}<br><em>Try:</em> {escape(f.suggestion)}</li>"
            )
        return '<ul class="wb-findings">' + "".join(items) + "</ul>"

    def points_html(self) -> str:
        rows = []
        for p in self.talking_points:
            mark = status_mark(p.covered, "Covered", "Not yet")
            tip = "" if p.covered else f' <span style="color:#52525b">{escape(p.tip)}</span>'
            rows.append(
                f'<li class="wb-point" data-point="{escape(p.id)}" data-covered="{str(p.covered).lower()}">'
                f"{mark} {escape(p.label)}{tip}</li>"
            )
        return (
            '<ul class="wb-points" style="list-style:none;padding-left:0">'
            + "".join(rows)
            + "</ul>"
        )

    def numbers_html(self) -> str:
        n = self.numbers
        flag = " (short)" if n.too_short else " (long)" if n.too_long else ""
        out = (
            f'<p class="wb-numbers">{n.words} words, about {n.seconds} seconds to say at '
            f"{n.words_per_minute} words a minute{escape(flag)}.</p>"
        )
        if n.key_terms:
            used = ", ".join(escape(t) for t in n.terms_used) or "none yet"
            missing = ", ".join(escape(t) for t in n.terms_missing) or "none"
            out += (
                f'<p class="wb-terms">Job ad terms you use: {used}.<br>'
                f"Job ad terms you could add: {missing}.</p>"
            )
        return out

    def roadmap_html(self) -> str:
        if not self.roadmap_issues:
            return ""
        items = "".join(
            f'<li class="wb-roadmap-issue" data-kind="{escape(i.kind)}">{escape(i.message)}</li>'
            for i in self.roadmap_issues
        )
        return f'<ul class="wb-roadmap-issues">{items}</ul>'

    def _repr_html_(self) -> str:
        parts = [f'<div class="wb-review" style="{BOX_STYLE}">']
        parts += [
            f'<p class="wb-notice"><strong>Note:</strong> {escape(n)}</p>' for n in self.notices
        ]
        if self.text.strip():
            parts.append(answer_text(self.highlighted_html()))
        fb = self.feedback_html()
        if fb:
            parts.append("<h4>What to work on</h4>" + fb)
        parts.append("<h4>Talking points</h4>" + self.points_html())
        parts.append("<h4>Numbers</h4>" + self.numbers_html())
        rm = self.roadmap_html()
        if rm:
            parts.append("<h4>Your roadmap</h4>" + rm)
        parts.append("</div>")
        return "".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data (the answer's text is left out; offsets refer to it)."""
        return {
            "chars": len(self.text),
            "codes": self.codes,
            "findings": [f.to_dict() for f in self.findings],
            "talking_points": [p.to_dict() for p in self.talking_points],
            "numbers": self.numbers.to_dict(),
            "roadmap_issues": [i.to_dict() for i in self.roadmap_issues],
            "notices": list(self.notices),
        }


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def evidence_from_hits(text: str, hits: list[Hit] | tuple[Hit, ...]) -> tuple[Evidence, ...]:
    """Evidence for the first few hits, trimmed of surrounding spaces."""
    out: list[Evidence] = []
    for h in hits[:MAX_EVIDENCE]:
        s, e = h.start, h.end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append(Evidence(text[s:e], s, e))
    return tuple(out)
