"""Is a goal SMART? For each letter: met or not, the words that show it, and one suggestion.

Works on a goal's text or on a :class:`~workbook.model.Goal`, whose title, five SMART answers,
skills and milestones are read together; the goal's place on the roadmap also counts as its
time frame. Offsets always index ``report.text``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbook.coach.engine import Hit, TextContext, score_cues, weighed_hits
from workbook.coach.learned import Model
from workbook.coach.render import BOX_STYLE, answer_text, highlight, status_mark
from workbook.coach.results import Evidence, evidence_from_hits
from workbook.coach.review import as_text
from workbook.coach.rules import Cue, Rules, load_rules
from workbook.html import escape
from workbook.model import Goal, Smart

__all__ = ["Criterion", "SmartReport", "smart", "smart_features"]

_MIN_FIELD_WORDS = 4  # a SMART answer this long counts as most of the evidence for its letter
_FIELD_WEIGHT = 0.6


@dataclass(frozen=True)
class Criterion:
    """One SMART letter's verdict."""

    id: str  #: ``"specific"``, ``"measurable"``, ``"achievable"``, ``"relevant"``, ``"timely"``
    letter: str  #: S, M, A, R or T
    label: str
    question: str  #: the question the letter asks
    met: bool
    evidence: tuple[Evidence, ...] = ()  #: the words that show it
    suggestion: str = ""  #: one concrete suggestion, when not met
    reason: str = ""  #: why it counts as met when the words alone do not show it

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "letter": self.letter,
            "label": self.label,
            "met": self.met,
            "evidence": [e.to_dict() for e in self.evidence],
            "suggestion": self.suggestion,
            "reason": self.reason,
        }


@dataclass
class SmartReport:
    """The SMART verdict on one goal."""

    text: str  #: what was read (for a Goal: title, answers, skills, milestones, one per line)
    criteria: list[Criterion] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def met(self) -> int:
        return sum(c.met for c in self.criteria)

    @property
    def score(self) -> str:
        """For example ``"4 of 5 criteria met"``."""
        return f"{self.met} of {len(self.criteria)} criteria met"

    def criterion(self, key: str) -> Criterion:
        """A criterion by id (``"timely"``) or letter (``"T"``)."""
        for c in self.criteria:
            if key in (c.id, c.letter):
                return c
        raise KeyError(key)

    def __repr__(self) -> str:
        letters = "".join(c.letter if c.met else "·" for c in self.criteria)
        return f"SmartReport({self.score}: {letters})"

    def __str__(self) -> str:
        lines = [self.score + "."]
        lines += [f"Note: {n}" for n in self.notices]
        for c in self.criteria:
            if c.met:
                shown = ", ".join(f"“{e.text}”" for e in c.evidence) or c.reason
                lines.append(f"  [x] {c.label}: {shown}")
            else:
                lines.append(f"  [ ] {c.label}: {c.suggestion}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        marks = [(e.start, e.end, c.id) for c in self.criteria for e in c.evidence]
        rows = []
        for c in self.criteria:
            if c.met:
                quotes = ", ".join(f"<q>{escape(e.text)}</q>" for e in c.evidence) or escape(
                    c.reason
                )
                detail = quotes
            else:
                detail = f"<em>Try:</em> {escape(c.suggestion)}"
            rows.append(
                f'<li class="wb-smart-criterion" data-criterion="{escape(c.id)}" '
                f'data-met="{str(c.met).lower()}">{status_mark(c.met, "Met", "Missing")} '
                f"<strong>{escape(c.letter)}</strong> {escape(c.label)}: {detail}</li>"
            )
        notes = "".join(f'<p class="wb-notice">{escape(n)}</p>' for n in self.notices)
        body = answer_text(highlight(self.text, marks)) if self.text.strip() else ""
        return (
            f'<div class="wb-smart" style="{BOX_STYLE}"><p><strong>{escape(self.score)}</strong></p>'
            f'{notes}{body}<ul style="list-style:none;padding-left:0">{"".join(rows)}</ul></div>'
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "met": self.met,
            "criteria": [c.to_dict() for c in self.criteria],
            "notices": list(self.notices),
        }


def _goal_text(goal: Goal) -> tuple[str, dict[str, tuple[int, int]]]:
    """The goal as lines of text, and where each SMART answer sits in it."""
    parts: list[str] = []
    where: dict[str, tuple[int, int]] = {}
    pos = 0

    def add(line: str, key: str | None = None) -> None:
        nonlocal pos
        line = " ".join(as_text(line).split())
        if not line:
            return
        if parts:
            pos += 1  # the newline
        if key:
            where[key] = (pos, pos + len(line))
        parts.append(line)
        pos += len(line)

    add(goal.title)
    answers = goal.smart if isinstance(goal.smart, Smart) else Smart()
    for letter in Smart.LETTERS:
        add(getattr(answers, letter, ""), letter)
    skills = [str(s) for s in (goal.skills or []) if str(s).strip()]
    if skills:
        add("Skills: " + ", ".join(skills))
    milestones = [m for m in (goal.milestones or []) if getattr(m, "title", "")]
    if milestones:
        add("Milestones: " + "; ".join(f"{m.title} (month {m.month})" for m in milestones))
    return "\n".join(parts), where


def smart(
    goal: Goal | str,
    *,
    rules_dir: str | Path | None = None,
    today: dt.date | None = None,
) -> SmartReport:
    """Check one goal (its text, or a :class:`~workbook.model.Goal`) against SMART."""
    rules = load_rules(rules_dir)
    rules.models()  # a broken weights.json raises ContentError naming it
    fields: dict[str, tuple[int, int]] = {}
    if isinstance(goal, Goal):
        text, fields = _goal_text(goal)
    else:
        text = as_text(goal)
    report = SmartReport(text=text)
    try:
        _check(report, goal if isinstance(goal, Goal) else None, fields, rules, today)
    except Exception as exc:  # never a traceback for the student
        report.notices.append(
            f"The coach could not finish checking this goal ({type(exc).__name__})."
        )
    return report


def _learned(
    ctx: TextContext, cues: tuple[Cue, ...], model: Model, answered: bool
) -> tuple[bool, list[Hit]]:
    """A letter by its learned weights: met when the cues present (and a filled-in SMART answer
    of the goal, worth a share of what is missing) outweigh the bias, and never without words
    to show for it."""
    present = {cue.id: found for cue in cues if (found := ctx.cue_hits(cue))}
    z = model.score(present)
    if answered:
        z += _FIELD_WEIGHT * max(1.0, -model.bias)
    hits = weighed_hits(present, model.weight)
    return z >= 0 and bool(hits or answered), hits


def smart_features(text: str, *, rules_dir: str | Path | None = None) -> dict[str, set[str]]:
    """For each SMART letter, the names of its cues present in ``text`` (for training)."""
    rules = load_rules(rules_dir)
    ctx = TextContext(text, rules, end=rules.settings["max_review_chars"])
    return {c["id"]: {cue.id for cue in c["cues"] if ctx.cue_hits(cue)} for c in rules.smart}


def _check(
    report: SmartReport,
    goal: Goal | None,
    fields: dict[str, tuple[int, int]],
    rules: Rules,
    today: dt.date | None,
) -> None:
    text = report.text
    limit = rules.settings["max_review_chars"]
    if not text.strip():
        report.notices.append("Write the goal first; then the coach can check it against SMART.")
    ctx = TextContext(text, rules, end=limit, today=today)
    window = rules.settings["interview_window_months"]
    far = [d for d in ctx.durations if d.future and d.high > window]
    _, models = rules.models()
    for c in rules.smart:
        model = models.get(c["id"])
        answered = False
        span = fields.get(c["id"])
        if span and len(text[span[0] : span[1]].split()) >= _MIN_FIELD_WORDS:
            answered = True
        if model is None:
            total, hits = score_cues(ctx, c["cues"])
            met = total + (_FIELD_WEIGHT if answered else 0.0) >= c["threshold"] - 1e-9
        else:
            met, hits = _learned(ctx, c["cues"], model, answered)
        evidence = list(evidence_from_hits(text, hits))
        reason = ""
        if answered and span and not evidence:
            evidence = [Evidence(text[span[0] : span[1]], span[0], span[1])]
        suggestion = c["suggestion"]
        if c["id"] == "timely":
            too_far = bool(far) and not ctx.detect("interview_horizon")
            if goal is not None and isinstance(goal.end_month, int) and goal.end_month > 0:
                if goal.end_month <= window:
                    met = True
                    reason = f"Your roadmap places it at month {goal.end_month}, within five years."
                else:
                    too_far = True
            if too_far:
                met = False
                suggestion = (
                    "Bring the time frame within five years; further ahead sounds like a time "
                    "when you will have left. " + c["suggestion"]
                )
        report.criteria.append(
            Criterion(
                id=c["id"],
                letter=c["letter"],
                label=c["label"],
                question=c["question"],
                met=met,
                evidence=tuple(evidence) if met else (),
                suggestion="" if met else suggestion,
                reason=reason if met else "",
            )
        )
