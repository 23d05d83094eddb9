"""Chapter 6: spot the pitfall in sample answers from ``data/examples/pitfalls.yaml``, as a
widget round (:func:`spot_the_pitfall`) or one verdict at a time (:func:`judge_pitfall`), each
with what the coach itself finds in the answer. The round is practice on other people's
answers, so nothing is saved."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from workbook.content import ContentError, load_content
from workbook.html import escape, message_box
from workbook.lessons.common import ID_SCHEMA, TEXT_SCHEMA, unique_ids

if TYPE_CHECKING:
    import ipywidgets

__all__ = [
    "PITFALLS_SCHEMA",
    "PitfallVerdict",
    "judge_pitfall",
    "pitfall_answers",
    "pitfalls",
    "spot_the_pitfall",
]

PITFALLS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["pitfalls", "answers"],
    "properties": {
        "pitfalls": {
            "type": "array",
            "minItems": 2,
            "items": {
                "type": "object",
                "required": ["id", "label", "advice"],
                "properties": {"id": ID_SCHEMA, "label": TEXT_SCHEMA, "advice": TEXT_SCHEMA},
                "additionalProperties": False,
            },
        },
        "answers": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["id", "role", "text", "pitfall", "why"],
                "properties": {
                    "id": ID_SCHEMA,
                    "role": TEXT_SCHEMA,
                    "text": {"type": "string", "minLength": 1, "maxLength": 1500},
                    "pitfall": ID_SCHEMA,
                    "why": TEXT_SCHEMA,
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}


def _pitfall_data() -> dict[str, Any]:
    source = "data/examples/pitfalls.yaml"
    data: dict[str, Any] = load_content("examples/pitfalls.yaml", PITFALLS_SCHEMA)
    unique_ids(data["pitfalls"], source)
    unique_ids(data["answers"], source)
    known = {p["id"] for p in data["pitfalls"]}
    for answer in data["answers"]:
        if answer["pitfall"] not in known:
            raise ContentError(
                f"{source}: entry {answer['id']!r}, field 'pitfall': {answer['pitfall']!r} is "
                f"not one of the pitfalls ({', '.join(sorted(known))})."
            )
    return data


def pitfalls() -> dict[str, dict[str, str]]:
    """Pitfall id -> its label and advice, in the file's order."""
    return {p["id"]: p for p in _pitfall_data()["pitfalls"]}


def pitfall_answers() -> list[dict[str, str]]:
    """The sample answers of the round, in the file's order."""
    return list(_pitfall_data()["answers"])


def _coach_lines(answer: dict[str, str], kinds: dict[str, dict[str, str]]) -> tuple[str, ...]:
    """What the coach says about the pitfall a sample answer shows, quoting the words."""
    from workbook.coach import review

    result = review(answer["text"], job_ad=answer["role"])
    expected = answer["pitfall"]
    if expected not in {f.code for f in result.findings} | {"none"}:
        return ("Not flagged from the words alone: it takes a listener who knows the job.",)
    if expected == "none":
        found = [f.label.lower() for f in result.findings if f.code in kinds]
        if found:
            return (f"Would still raise: {'; '.join(found)}.",)
        return ("None of the five pitfalls found here either.",)
    finding = result.finding(expected)
    assert finding is not None
    quotes = ", ".join(f"“{e.text}”" for e in finding.evidence[:4])
    lines = [finding.message + (f" Words behind it: {quotes}." if quotes else "")]
    return (*lines, f"Try instead: {finding.suggestion}")


@dataclass(frozen=True)
class PitfallVerdict:
    """The verdict on one guess in the pitfall round."""

    answer_id: str  #: which sample answer
    guess: str  #: the pitfall id the student picked
    expected: str  #: the pitfall id the answer shows
    correct: bool  #: whether the guess was right
    message: str  #: right or not, and why
    coach: tuple[str, ...] = field(default_factory=tuple)  #: the coach's own findings

    def __repr__(self) -> str:
        lines = [self.message, *(f"- Coach: {c}" for c in self.coach)]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.correct else "#cf222e"
        lines = [f"Coach: {c}" for c in self.coach]
        return message_box("wb-pitfall-verdict", colour, self.message, lines=lines)


def judge_pitfall(answer_id: str, guess: Any) -> PitfallVerdict:
    """Compare a guess with the pitfall the sample answer shows, and explain it."""
    answers = {a["id"]: a for a in pitfall_answers()}
    kinds = pitfalls()
    answer = answers.get(answer_id)
    if answer is None:
        message = f"There is no sample answer {answer_id!r}; pick one of: {', '.join(answers)}."
        return PitfallVerdict(str(answer_id), str(guess), "", False, message)
    expected = kinds[answer["pitfall"]]
    picked = kinds.get(guess) if isinstance(guess, str) else None
    coach = _coach_lines(answer, kinds)
    if picked is None:
        message = "Pick one of the pitfalls first (or “no pitfall”)."
        return PitfallVerdict(answer_id, str(guess), expected["id"], False, message, ())
    correct = picked["id"] == expected["id"]
    head = "Spot on" if correct else f"Not quite: this one is “{expected['label']}”"
    message = f"{head}. {answer['why']} {expected['advice']}"
    return PitfallVerdict(answer_id, picked["id"], expected["id"], correct, message, coach)


@dataclass
class _Round:
    """Where a student is in the round: which answer, how many spotted, which judged."""

    index: int = 0
    right: int = 0
    judged: set[str] = field(default_factory=set)


def spot_the_pitfall() -> ipywidgets.VBox:
    """A round over the sample answers: read one, name its pitfall, see why; then the next.

    The round is practice on other people's answers, so nothing is saved.
    """
    import ipywidgets as widgets

    answers, kinds = pitfall_answers(), pitfalls()
    state = _Round()
    counter = widgets.HTML().add_class("wb-pitfall-counter")
    sample = widgets.HTML().add_class("wb-pitfall-sample")
    choice = widgets.RadioButtons(
        options=[(p["label"], p["id"]) for p in kinds.values()],
        value=None,
        description="Pitfall:",
        layout=widgets.Layout(width="auto"),
    ).add_class("wb-pitfall-choice")
    check_button = widgets.Button(description="Check", button_style="primary")
    next_button = widgets.Button(description="Next answer", disabled=True)
    check_button.add_class("wb-pitfall-check")
    next_button.add_class("wb-pitfall-next")
    feedback = widgets.HTML().add_class("wb-pitfall-feedback")

    def show() -> None:
        answer = answers[state.index]
        counter.value = escape(
            f"Answer {state.index + 1} of {len(answers)} · spotted {state.right} so far"
        )
        sample.value = (
            f"<p><b>Role:</b> {escape(answer['role'])}</p>"
            f"<blockquote style='margin:4px 0 4px 12px'>{escape(answer['text'])}"
            "</blockquote>"
        )
        choice.value, feedback.value = None, ""
        next_button.disabled = True

    def on_check(_: Any) -> None:
        answer = answers[state.index]
        verdict = judge_pitfall(answer["id"], choice.value)
        if verdict.correct and answer["id"] not in state.judged:
            state.right += 1
        if verdict.expected and verdict.guess in kinds:
            state.judged.add(answer["id"])
            next_button.disabled = state.index + 1 >= len(answers)
        feedback.value = verdict._repr_html_()

    def on_next(_: Any) -> None:
        state.index = min(state.index + 1, len(answers) - 1)
        show()

    check_button.on_click(on_check)
    next_button.on_click(on_next)
    show()
    buttons = widgets.HBox([check_button, next_button])
    return widgets.VBox([counter, sample, choice, buttons, feedback]).add_class("wb-pitfall")
