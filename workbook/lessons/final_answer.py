"""Chapter 7: the final answer. :func:`answer_outline` is the coach's outline of the roadmap
(the very one the dashboard shows), with the student's past success as its proof;
:func:`consistency` compares the final answer with the answers to "What motivates you?" and
"Where do you see yourself in five years?", and asks the coach about the five-year horizon and
the roadmap, so a student never gets two verdicts on one answer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbook.content import load_content
from workbook.html import message_box
from workbook.lessons.common import open_session
from workbook.lessons.drafts import DRAFT_ANSWER, DRAFT_FIVE_YEARS, DRAFT_MOTIVATION, DRAFT_PROOF
from workbook.model import Roadmap

if TYPE_CHECKING:
    from workbook.session import Session

__all__ = [
    "CONSISTENCY_SCHEMA",
    "Consistency",
    "ConsistencyCheck",
    "answer_outline",
    "consistency",
]


def answer_outline(
    roadmap: Roadmap | None = None, *, proof: str | None = None, session: Session | None = None
) -> str:
    """The coach's outline of a roadmap (the student's own unless one is given): the long-term
    vision first, then the steps toward it, then the proof, which is the student's past success
    from chapter 5 when saved. One implementation with the dashboard's outline."""
    if roadmap is None:
        s = open_session(session)
        roadmap = s.roadmap
        if proof is None:
            proof = s.latest_draft(DRAFT_PROOF)
    from workbook.coach.outline import outline  # the coach loads on first use, not at import

    return outline(roadmap, proof=proof)


CONSISTENCY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["interview_words"],
    "properties": {
        "interview_words": {
            "type": "array",
            "items": {"type": "string", "pattern": "^[a-z][a-z'-]*$"},
        }
    },
    "additionalProperties": False,
}


def _ignored_words() -> frozenset[str]:
    """Words that never count as a shared theme: the coach's stop words, plus the words
    every answer to these questions uses (``data/examples/consistency.yaml``)."""
    from workbook.coach import load_rules

    data = load_content("examples/consistency.yaml", CONSISTENCY_SCHEMA)
    return load_rules().stopwords | frozenset(data["interview_words"])


def _themes(text: str) -> dict[str, str]:
    """Stem -> the first word the student used for it, read as the coach reads words
    (:func:`workbook.coach.text.content_words` and :func:`~workbook.coach.text.stem`)."""
    from workbook.coach.text import content_words, stem

    out: dict[str, str] = {}
    for _start, _end, word in content_words(text or "", _ignored_words()):
        if len(word) >= 3:
            out.setdefault(stem(word), word)
    return out


@dataclass(frozen=True)
class ConsistencyCheck:
    """One comparison between the final answer and another answer or the roadmap."""

    name: str  #: what was compared
    ok: bool | None  #: True consistent, False a mismatch to fix, None not possible yet
    message: str  #: what was found and what to do
    evidence: tuple[str, ...] = ()  #: the shared (or offending) words

    def __str__(self) -> str:
        mark = {True: "✓", False: "✗", None: "·"}[self.ok]
        words = f" [{', '.join(self.evidence)}]" if self.evidence else ""
        return f"{mark} {self.name}: {self.message}{words}"


@dataclass(frozen=True)
class Consistency:
    """How well the final answer agrees with the student's other answers and roadmap."""

    checks: tuple[ConsistencyCheck, ...]

    @property
    def ok(self) -> bool:
        """True when no check found a mismatch."""
        return all(c.ok is not False for c in self.checks)

    def __repr__(self) -> str:
        return "\n".join(str(c) for c in self.checks)

    def _repr_html_(self) -> str:
        rows = []
        for c in self.checks:
            colour = {True: "#1a7f37", False: "#cf222e", None: "#57606a"}[c.ok]
            label = "Shared words" if c.ok else "Words behind this"
            lines = [f"{label}: {', '.join(c.evidence)}"] if c.evidence else []
            head = f"{c.name}: {c.message}"
            rows.append(message_box("wb-consistency-check", colour, head, lines=lines))
        return "<div class='wb-consistency'>" + "".join(rows) + "</div>"


def _shared(a: str, b: str) -> tuple[str, ...]:
    ta, tb = _themes(a), _themes(b)
    return tuple(ta[s] for s in ta if s in tb)


def _agreement(
    name: str, answer: str, other: str | None, missing: str, apart: str
) -> ConsistencyCheck:
    if not other or not other.strip():
        return ConsistencyCheck(name, None, missing)
    shared = _shared(answer, other)
    if shared:
        return ConsistencyCheck(name, True, "Both answers point the same way.", shared[:8])
    return ConsistencyCheck(name, False, apart)


def _coach_checks(
    answer: str, five_years: str | None, roadmap: Roadmap | None
) -> list[ConsistencyCheck]:
    """The five-year horizon and the roadmap, judged by the coach exactly as the dashboard
    judges them, so a student never gets two verdicts on one answer."""
    from workbook.coach import review

    result = review(answer, roadmap=roadmap)
    far = [f for f in result.findings if f.code == "beyond_5_years"]
    if five_years and five_years.strip():
        far += [f for f in review(five_years).findings if f.code == "beyond_5_years"]
    words = tuple(dict.fromkeys(e.text for f in far for e in f.evidence))
    if far:
        horizon = ConsistencyCheck(
            "Five-year horizon",
            False,
            "You talk about a time beyond five years. Keep to what you could reach in your "
            "likely time with this employer.",
            words,
        )
    else:
        horizon = ConsistencyCheck("Five-year horizon", True, "You stay within five years.")
    if roadmap is None or not roadmap.long_term:
        return [
            horizon,
            ConsistencyCheck("Your roadmap", None, "Your roadmap has no long-term goal yet."),
        ]
    issues = result.roadmap_issues
    if issues:
        shown = tuple(dict.fromkeys(e.text for i in issues for e in i.evidence))
        mismatch = ConsistencyCheck(
            "Your roadmap", False, " ".join(i.message for i in issues), shown
        )
        return [horizon, mismatch]
    agree = ConsistencyCheck(
        "Your roadmap",
        True,
        "Every goal on your roadmap appears in your answer, in its time frame.",
    )
    return [horizon, agree]


def consistency(
    answer: str | None = None,
    *,
    motivates: str | None = None,
    five_years: str | None = None,
    roadmap: Roadmap | None = None,
    session: Session | None = None,
) -> Consistency:
    """Compare the final answer with the other future-focused answers and with the roadmap.

    Anything not given is read from the session: the saved drafts and the roadmap. The test is
    deliberately simple and explainable: answers agree when they share theme words (not
    function words, not words like "goal" or "years" that every answer uses).
    """
    if answer is None or motivates is None or five_years is None or roadmap is None:
        s = open_session(session)
        answer = (s.latest_draft(DRAFT_ANSWER) or "") if answer is None else answer
        motivates = s.latest_draft(DRAFT_MOTIVATION) if motivates is None else motivates
        five_years = s.latest_draft(DRAFT_FIVE_YEARS) if five_years is None else five_years
        roadmap = s.roadmap if roadmap is None else roadmap
    if not isinstance(answer, str) or not answer.strip():
        return Consistency(
            (ConsistencyCheck("Your answer", None, "Write your answer first, then compare."),)
        )
    checks = [
        _agreement(
            "Where you see yourself in five years",
            answer,
            five_years,
            "No five-year answer saved yet (chapter 2), so there is nothing to compare.",
            "Your five-year answer and this answer share no key words. An interviewer who "
            "hears both may wonder which is true: name the same destination in each.",
        ),
        _agreement(
            "What motivates you",
            answer,
            motivates,
            "No answer to “What motivates you?” saved yet (chapter 2).",
            "What you said motivates you does not show up in your goals. Link them: the goal "
            "should be something that motivation pushes you toward.",
        ),
    ]
    checks += _coach_checks(answer, five_years, roadmap)
    return Consistency(tuple(checks))
