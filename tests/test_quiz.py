"""The quiz widget driven without a browser: set values, click buttons, read the feedback.

Widgets are found by their CSS classes, as the browser tests find them. The questions come from
``data/questions/``; expected answers are read from the data, not written here.
"""

from __future__ import annotations

import html
from types import SimpleNamespace
from typing import Any

import ipywidgets as widgets
import pytest

from workbook import session as session_module
from workbook.exercises import load_questions
from workbook.session import Session
from workbook.store import load_work
from workbook.ui.quiz import quiz

BANK = load_questions()


def first(kind: str) -> str:
    return next(q.id for q in BANK.questions.values() if q.type == kind)


def find_all(widget: widgets.Widget, css: str) -> list[widgets.Widget]:
    found = [widget] if css in getattr(widget, "_dom_classes", ()) else []
    for child in getattr(widget, "children", ()):
        found += find_all(child, css)
    return found


def find(widget: widgets.Widget, css: str) -> Any:
    [one] = find_all(widget, css)
    return one


class FakeSession:
    """Records attempts like a Session would, with ``work.attempts`` for pre-filling."""

    def __init__(self, attempts: list[dict[str, Any]] | None = None, fail: bool = False):
        self.calls: list[tuple[Any, ...]] = []
        self.work = SimpleNamespace(attempts=list(attempts or []))
        self.fail = fail

    record_result = Session.record_result  # the real rule for what counts, over this store

    def record_attempt(self, question_id, answer, status, score=None):
        if self.fail:
            raise OSError("No space left on device")
        self.calls.append((question_id, answer, status, score))
        self.work.attempts.append({"question": question_id, "answer": answer, "status": status})


def test_single_choice_check_shows_feedback_and_records():
    """Does picking a choice and clicking Check show its feedback and record the attempt?"""
    qid = first("single")
    q = BANK.questions[qid]
    fake = FakeSession()
    view = quiz(qid, session=fake)
    radio = find(view, "wb-answer")
    assert isinstance(radio, widgets.RadioButtons) and radio.value is None
    wrong = next(c for c in q.choices if c.id != q.answer)
    radio.value = wrong.id
    find(view, "wb-check").click()
    shown = find(view, "wb-feedback").value
    assert "wb-result-incorrect" in shown and wrong.feedback.split(".")[0] in shown
    radio.value = q.answer
    find(view, "wb-check").click()
    assert "wb-result-correct" in find(view, "wb-feedback").value
    assert fake.calls == [(qid, wrong.id, "incorrect", 0.0), (qid, q.answer, "correct", 1.0)]


def test_nothing_picked_is_not_attempted_and_not_recorded():
    """Does Check with nothing picked say so, without saving an attempt?"""
    fake = FakeSession()
    view = quiz(first("multiple"), session=fake)
    find(view, "wb-check").click()
    assert "wb-result-not_attempted" in find(view, "wb-feedback").value
    assert fake.calls == []


def test_multiple_choice_partial_is_counted():
    """Do ticked checkboxes give a partial result with counts, recorded with its score?"""
    qid = first("multiple")
    q = BANK.questions[qid]
    fake = FakeSession()
    view = quiz(qid, session=fake)
    boxes = {b.description: b for b in find_all(view, "wb-choice")}
    right = next(c for c in q.choices if c.id == q.answer[0])
    boxes[right.text].value = True
    find(view, "wb-check").click()
    [(recorded_id, answer, status, score)] = fake.calls
    assert (recorded_id, answer, status) == (qid, [right.id], "partial")
    assert score == pytest.approx(1 / len(q.answer))
    assert "1 of your 1 pick belongs" in find(view, "wb-feedback").value


def test_classify_dropdowns_per_item():
    """Does each item get a dropdown, and do the picks check as a classify answer?"""
    qid = first("classify")
    q = BANK.questions[qid]
    fake = FakeSession()
    view = quiz(qid, session=fake)
    menus = find_all(view, "wb-item-select")
    assert len(menus) == len(q.items)
    for item, menu in zip(q.items, menus, strict=True):
        menu.value = q.answer[item.id]
    find(view, "wb-check").click()
    assert "wb-result-correct" in find(view, "wb-feedback").value
    assert fake.calls == [(qid, dict(q.answer), "correct", 1.0)]


def test_order_control_moves_steps_with_buttons():
    """Do the up/down buttons reorder the steps until Check says they are in order?"""
    qid = first("order")
    q = BANK.questions[qid]
    fake = FakeSession()
    view = quiz(qid, session=fake)
    labels = [row.children[2] for row in find_all(view, "wb-step")]
    ups = find_all(view, "wb-up")
    assert ups[0].disabled and find_all(view, "wb-down")[-1].disabled
    text = {s.id: s.text for s in q.steps}

    def current() -> list[str]:
        by_text = {v: k for k, v in text.items()}
        return [by_text[html.unescape(label.value.split("</b> ", 1)[1])] for label in labels]

    assert current() != list(q.answer)  # the control never starts solved
    # selection sort using only the up buttons, as a student would click
    for target, sid in enumerate(q.answer):
        while current().index(sid) > target:
            ups[current().index(sid)].click()
    assert current() == list(q.answer)
    find(view, "wb-check").click()
    assert "wb-result-correct" in find(view, "wb-feedback").value
    assert fake.calls == [(qid, list(q.answer), "correct", 1.0)]


def test_hint_button_reveals_tiers_then_stops():
    """Does each Hint click reveal one more tier, and the button stop after the last?"""
    qid = first("single")
    q = BANK.questions[qid]
    view = quiz(qid, session=FakeSession())
    button, shown = find(view, "wb-hint"), find(view, "wb-hint-text")
    assert shown.value == "" and button.description == f"Hint (1 of {len(q.hints)})"
    button.click()
    assert "Hint 1 of" in shown.value and "Hint 2 of" not in shown.value
    for _ in q.hints[1:]:
        button.click()
    assert shown.value.count("wb-hint-block") == len(q.hints)
    assert button.disabled and button.description == "No more hints"


def test_solution_button_toggles():
    """Does Show solution reveal the model answer and a second click hide it?"""
    qid = first("classify")
    view = quiz(qid, session=FakeSession())
    button, shown = find(view, "wb-solution"), find(view, "wb-solution-text")
    button.click()
    assert "wb-solution-block" in shown.value and button.description == "Hide solution"
    button.click()
    assert shown.value == "" and button.description == "Show solution"


def test_free_text_is_escaped_in_feedback():
    """Is markup typed into a free-text answer escaped in the feedback shown?"""
    fake = FakeSession()
    view = quiz(first("rubric"), session=fake)
    find(view, "wb-answer").value = "<script>alert(1)</script> I will <b>learn</b> SQL by June."
    find(view, "wb-check").click()
    shown = find(view, "wb-feedback").value
    assert "<script" not in shown and "<b>learn" not in shown
    assert "SMART criteria met" in shown and len(fake.calls) == 1


def test_unknown_question_shows_an_escaped_message():
    """Does an unknown id give a card with a near-match message instead of raising?"""
    view = quiz(["ch1-roadmapp", "<img src=x onerror=alert(1)>"], session=FakeSession())
    first_card, second_card = find_all(view, "wb-question")
    assert "Did you mean" in find(first_card, "wb-feedback").value
    assert "<img" not in find(second_card, "wb-feedback").value


def test_a_failed_save_still_shows_feedback():
    """When saving fails, is the result still shown with a note that it was not saved?"""
    qid = first("single")
    view = quiz(qid, session=FakeSession(fail=True))
    find(view, "wb-answer").value = BANK.questions[qid].answer
    find(view, "wb-check").click()
    shown = find(view, "wb-feedback").value
    assert "wb-result-correct" in shown and "could not be saved" in shown


def test_last_attempt_is_prefilled():
    """Is the last saved answer filled in again, with its status mentioned?"""
    qid = first("multiple")
    q = BANK.questions[qid]
    attempts = [
        {"question": qid, "answer": [q.answer[0]], "status": "partial"},
        {"question": "other", "answer": "x", "status": "correct"},
    ]
    view = quiz(qid, session=FakeSession(attempts))
    ticked = [b.description for b in find_all(view, "wb-choice") if b.value]
    assert ticked == [next(c.text for c in q.choices if c.id == q.answer[0])]
    assert "last answer (partial)" in find(view, "wb-feedback").value


def test_stale_prefill_is_ignored():
    """Does a saved answer that no longer fits the question leave the control empty?"""
    qid = first("single")
    view = quiz(
        qid, session=FakeSession([{"question": qid, "answer": "zz", "status": "incorrect"}])
    )
    assert find(view, "wb-answer").value is None


def test_attempts_reach_disk_with_a_real_session(tmp_path):
    """Does a checked answer land in the student's file and come back pre-filled after reopening?"""
    qid = first("classify")
    q = BANK.questions[qid]
    student = Session(data_dir=tmp_path)
    student.save()  # attempts reach disk once the student has a code
    view = quiz(qid, session=student)
    item = q.items[0]
    find_all(view, "wb-item-select")[0].value = q.answer[item.id]
    find(view, "wb-check").click()
    saved = load_work(student.code, folder=tmp_path).attempts
    assert [(a["question"], a["answer"], a["status"]) for a in saved] == [
        (qid, {item.id: q.answer[item.id]}, "partial")
    ]
    reopened = Session(data_dir=tmp_path)
    reopened.resume(student.code)
    again = quiz(qid, session=reopened)
    assert [m.value for m in find_all(again, "wb-item-select")][:1] == [q.answer[item.id]]


def test_default_session_is_the_kernels_current_one(monkeypatch):
    """With no session given, is the attempt recorded in current_session()?"""
    monkeypatch.setattr(session_module, "_current", None)
    qid = first("single")
    view = quiz(qid)
    find(view, "wb-answer").value = BANK.questions[qid].answer
    find(view, "wb-check").click()
    attempts = session_module.current_session().work.attempts
    assert [(a["question"], a["status"]) for a in attempts] == [(qid, "correct")]


def test_a_chapter_or_a_list_gives_numbered_cards():
    """Does quiz(3) show every chapter-3 question, numbered, each with the stable classes?"""
    view = quiz(3, session=FakeSession())
    cards = find_all(view, "wb-question")
    assert len(cards) == len(BANK.ids(3))
    for n, (card, qid) in enumerate(zip(cards, BANK.ids(3), strict=True), 1):
        assert f"wb-q-{qid}" in card._dom_classes
        assert f"Question {n}." in card.children[0].value
        for css in ("wb-answer", "wb-check", "wb-hint", "wb-solution", "wb-feedback"):
            assert len(find_all(card, css)) == 1, css
