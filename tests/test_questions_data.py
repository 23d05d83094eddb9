"""The real questions in ``data/questions/``: they load, and each one marks and explains itself.

Expected values come from the data itself (each question's answer, choices and feedback), so
an instructor's edit is checked by the same rules without changing these tests.
"""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from workbook.content import content_dir
from workbook.exercises import (
    QUESTION_TYPES,
    Question,
    check,
    hint,
    load_questions,
    solution,
)

BANK = load_questions(content_dir())
QUESTIONS = list(BANK.questions.values())
CHAPTERS = range(1, 8)


def ids_of(kind: str) -> list[str]:
    return [q.id for q in QUESTIONS if q.type == kind]


def test_every_chapter_has_varied_questions():
    """Does each of chapters 1–7 have at least three questions of at least two types?"""
    assert sorted(BANK.titles) == list(CHAPTERS)
    for chapter in CHAPTERS:
        kinds = Counter(BANK.questions[i].type for i in BANK.ids(chapter))
        assert sum(kinds.values()) >= 3, chapter
        assert len(kinds) >= 2, chapter
    assert {q.type for q in QUESTIONS} == set(QUESTION_TYPES)


def test_ids_follow_the_naming_rule():
    """Is every id unique and prefixed with its chapter, as the notebooks expect?"""
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)
    for q in QUESTIONS:
        assert q.id.startswith(f"ch{q.chapter}-")


@pytest.mark.parametrize("qid", [q.id for q in QUESTIONS if q.type != "rubric"])
def test_stored_answer_and_solution_are_correct(qid):
    """Is each question's own answer correct, and so is its solution typed back as text?"""
    q = BANK.questions[qid]
    result = check(qid, q.answer)
    assert result.correct, result
    assert result.score == 1.0
    texts = {o.id: o.text for o in (*q.choices, *q.items, *q.categories, *q.steps)}
    if q.type == "single":
        as_text = solution(qid).answer[0]
    elif q.type == "multiple":
        as_text = list(solution(qid).answer)
    elif q.type == "classify":
        as_text = {texts[item]: texts[cat].upper() for item, cat in q.answer.items()}
    else:
        as_text = [texts[s] for s in q.answer]
    assert check(qid, as_text).correct


@pytest.mark.parametrize("qid", ids_of("single"))
def test_each_wrong_single_choice_gets_its_own_feedback(qid):
    """Does every wrong choice give its own feedback, without naming the right choice?"""
    q = BANK.questions[qid]
    right = next(c for c in q.choices if c.id == q.answer)
    for choice in q.choices:
        if choice.id == q.answer:
            continue
        result = check(qid, choice.id)
        assert result.status == "incorrect"
        assert choice.feedback in result.message
        assert right.text not in result.text


@pytest.mark.parametrize("qid", ids_of("multiple"))
def test_each_wrong_multiple_pick_gets_its_own_feedback(qid):
    """Does every wrong pick, alone or with the right ones, get its feedback and a count?"""
    q = BANK.questions[qid]
    wrong = [c for c in q.choices if c.id not in q.answer]
    assert wrong, "a multiple-choice question needs at least one choice that does not belong"
    for choice in wrong:
        alone = check(qid, [choice.id])
        assert alone.status == "incorrect" and alone.details == (choice.feedback,)
        with_right = check(qid, [*q.answer, choice.id])
        assert with_right.status == "partial"
        assert "1 does not" in with_right.message and choice.feedback in with_right.details
    missing_one = check(qid, list(q.answer[1:]))
    if len(q.answer) > 1:
        assert (
            missing_one.status == "partial" and "1 more choice still to find" in missing_one.message
        )
        for c in q.choices:
            if c.id == q.answer[0]:
                assert c.text not in missing_one.text  # the missing one is counted, not named


@pytest.mark.parametrize("qid", ids_of("classify"))
def test_each_misplaced_item_gets_its_own_feedback(qid):
    """Does putting any one item in any wrong category give that item's feedback?"""
    q = BANK.questions[qid]
    for item, category in itertools.product(q.items, q.categories):
        if q.answer[item.id] == category.id:
            continue
        answer = dict(q.answer, **{item.id: category.id})
        result = check(qid, answer)
        assert result.status == "partial", (item.id, category.id)
        assert result.details == (item.feedback,)
        assert result.message.startswith(f"{len(q.items) - 1} of {len(q.items)} items")


@pytest.mark.parametrize("qid", ids_of("order"))
def test_order_questions_give_partial_credit(qid):
    """Is each swap of two neighbouring steps partial, and the reversed order incorrect?"""
    q = BANK.questions[qid]
    n = len(q.answer)
    for i in range(n - 1):
        swapped = list(q.answer)
        swapped[i], swapped[i + 1] = swapped[i + 1], swapped[i]
        result = check(qid, swapped)
        assert result.status == "partial"
        assert result.message.startswith(f"{n - 2} of {n} steps")
    assert check(qid, list(reversed(q.answer))).status == "incorrect"


@pytest.mark.parametrize("qid", [q.id for q in QUESTIONS])
def test_hints_are_tiered_and_do_not_give_the_answer(qid):
    """Does each question have distinct tiers of hints, none quoting the right option?"""
    q: Question = BANK.questions[qid]
    tiers = [hint(qid, level).text for level in range(1, len(q.hints) + 1)]
    assert len(tiers) >= 2 and len(set(tiers)) == len(tiers)
    assert hint(qid, len(q.hints) + 1).text == tiers[-1]
    right = [
        c.text for c in q.choices if c.id in (q.answer if q.type == "multiple" else [q.answer])
    ]
    for tier in tiers:
        assert all(text.lower() not in tier.lower() for text in right)
        assert tier not in q.solution


@pytest.mark.parametrize("qid", [q.id for q in QUESTIONS])
def test_blank_answers_are_not_attempted(qid):
    """Is an empty answer "not attempted" for every real question?"""
    for blank in (None, "", "  ", [], {}):
        assert check(qid, blank).status == "not attempted"


@pytest.mark.parametrize("qid", ids_of("rubric"))
def test_rubric_model_answers_pass_the_real_smart_coach(qid):
    """Does each rubric question's model answer meet its criteria with the real SMART coach,
    while its vague starting point does not?"""
    q = BANK.questions[qid]
    result = check(qid, q.answer)
    assert result.correct, result
    vague = check(qid, "I want to get better at data.")
    assert vague.status in {"partial", "incorrect"}
    assert vague.message.split(" of ")[0].isdigit() and "SMART criteria met" in vague.message
