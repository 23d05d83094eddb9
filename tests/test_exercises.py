"""check(), hint(), solution() and progress() against a small question bank written per test.

The bank lives in a temporary content folder (``WORKBOOK_CONTENT``), so these tests pin the
marking rules whatever instructors later do to ``data/questions/``; the real questions are
tested in ``test_questions_data.py``.
"""

from __future__ import annotations

import html
import os
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.coach import Criterion, SmartReport
from workbook.content import ContentError
from workbook.exercises import (
    MAX_FREE_TEXT,
    QuestionError,
    Result,
    Status,
    check,
    get_question,
    hint,
    load_questions,
    progress,
    question_ids,
    smart_criteria,
    solution,
)

BANK = """\
chapter: 1
title: Sample chapter
questions:
  - id: ch1-pick
    type: single
    prompt: Pick the stepping stone.
    choices:
      - {id: a, text: Run a division, feedback: That is a destination.}
      - {id: b, text: Take a short course, feedback: 'Yes, a first step.'}
      - {id: c, text: Retire early, feedback: That is no career step at all.}
    answer: b
    hints: [Think small., Think of something done within a year., Not a or c.]
    solution: The course is the stepping stone.
    explanation: Steps come before destinations.
  - id: ch1-many
    type: multiple
    prompt: Which are SMART letters?
    choices:
      - {id: s, text: Specific, feedback: S is specific.}
      - {id: m, text: Measurable, feedback: M is measurable.}
      - {id: t, text: Timely, feedback: T is timely.}
      - {id: x, text: Expensive, feedback: Cost is not one of the letters.}
      - {id: f, text: Famous, feedback: Fame is not one of the letters.}
    answer: [s, m, t]
    hints: [Five letters spell a word., Think of goals you can check.]
    solution: Specific, measurable and timely.
  - id: ch1-sort
    type: classify
    prompt: Short or long?
    categories:
      - {id: short, text: Short-term}
      - {id: long, text: Long-term}
    items:
      - {id: course, text: A two-day course, feedback: Two days fit well within a year.}
      - {id: degree, text: A part-time degree, feedback: A degree takes years.}
      - {id: lead, text: Lead a region, feedback: Leading a region comes after many steps.}
    answer: {course: short, degree: long, lead: long}
    hints: ["How long does each take?", Within a year means short.]
    solution: The course is short; the degree and the region are long.
  - id: ch1-steps
    type: order
    prompt: Nearest first.
    steps:
      - {id: one, text: Volunteer for a meeting}
      - {id: two, text: Take a course}
      - {id: three, text: Lead a project}
      - {id: four, text: Lead the department}
    answer: [one, two, three, four]
    hints: [Smallest first., Destination last.]
    solution: Meeting, course, project, department.
  - id: ch1-write
    type: rubric
    prompt: Write a SMART goal.
    answer: By June I will pass the SQL exam with my manager's support.
    min_met: 4
    hints: [Add a number., Add a date.]
    solution: A SMART goal has all five letters.
"""


def write_bank(folder: Path, files: dict[str, str]) -> Path:
    qdir = folder / "questions"
    qdir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (qdir / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return folder


@pytest.fixture
def bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample bank as the workbook's content folder."""
    folder = write_bank(tmp_path / "content", {"01-sample.yaml": BANK})
    monkeypatch.setenv("WORKBOOK_CONTENT", str(folder))
    return folder


def report_meeting(met: dict[str, bool]) -> SmartReport:
    """A real SmartReport whose letters are met as asked, each with its own suggestion."""
    criteria = [
        Criterion(name, name[0].upper(), name.capitalize(), "?", ok, suggestion=f"Make it {name}.")
        for name, ok in met.items()
    ]
    return SmartReport("", criteria)


def analyser_meeting(*names: str):
    letters = ("specific", "measurable", "achievable", "relevant", "timely")
    calls: list[str] = []

    def analyse(text: str) -> SmartReport:
        calls.append(text)
        return report_meeting({n: n in names for n in letters})

    analyse.calls = calls  # type: ignore[attr-defined]
    return analyse


# --- single --------------------------------------------------------------------------------
def test_single_correct_by_id_or_text(bank):
    """Is the right choice accepted as its id or its text, in any case and spacing?"""
    for answer in ("b", "B", " b ", "take a SHORT  course", "Take a short course.", ["b"]):
        result = check("ch1-pick", answer)
        assert result.status == "correct", answer
        assert result.score == 1.0 and result.answer == "b"
        assert "Yes, a first step." in result.message
        assert "Steps come before destinations." in result.details


@pytest.mark.parametrize(
    ("choice", "feedback"), [("a", "That is a destination."), ("c", "no career step")]
)
def test_single_wrong_choice_gets_its_own_feedback(bank, choice, feedback):
    """Does each wrong choice get the feedback written for it, without giving the answer?"""
    result = check("ch1-pick", choice)
    assert result.status == "incorrect" and result.score == 0.0
    assert feedback in result.message
    assert "short course" not in result.text.lower()


def test_single_unknown_choice_is_explained(bank):
    """Does a choice that does not exist get a how-to message with a near guess?"""
    result = check("ch1-pick", "Take a short curse")
    assert result.status == "error"
    assert "'a', 'b', 'c'" in result.message and "Did you mean 'b'?" in result.message
    assert check("ch1-pick", ["a", "b"]).status == "error"


# --- multiple ------------------------------------------------------------------------------
def test_multiple_partial_counts_without_naming_the_missing(bank):
    """Are right, wrong and missing picks counted, with missing ones never named?"""
    result = check("ch1-many", ["s", "x"])
    assert result.status == "incorrect"  # a wrong pick cancels a right one
    assert result.message == "1 of your 2 picks belongs; 1 does not; 2 more choices still to find."
    assert result.details == ("Cost is not one of the letters.",)
    assert "Measurable" not in result.text and "Timely" not in result.text

    result = check("ch1-many", "specific, M")
    assert result.status == "partial" and result.score == pytest.approx(2 / 3)
    assert result.message == "2 of your 2 picks belong; 1 more choice still to find."
    assert result.answer == ["s", "m"]


def test_multiple_all_right(bank):
    """Is the full set accepted in any order and form, with each pick explained?"""
    result = check("ch1-many", {"t", "Specific", "m"})
    assert result.correct and result.score == 1.0
    assert set(result.details) == {"S is specific.", "M is measurable.", "T is timely."}


# --- classify ------------------------------------------------------------------------------
def test_classify_counts_and_explains_each_misplaced_item(bank):
    """Does a classify answer say how many are right and explain each misplaced item?"""
    result = check("ch1-sort", {"course": "long", "degree": "long", "lead": "short"})
    assert result.status == "partial" and result.score == pytest.approx(1 / 3)
    assert result.message == "1 of 3 items is in the right place; 2 need another look."
    assert result.details == (
        "Two days fit well within a year.",
        "Leading a region comes after many steps.",
    )


def test_classify_accepts_texts_pairs_and_unplaced_items(bank):
    """Are item and category texts, pairs and unplaced items understood?"""
    by_text = {"A two-day course": "short-term", "a part-time degree": "LONG", "lead": "long"}
    assert check("ch1-sort", by_text).correct
    assert check("ch1-sort", [("course", "short"), ("degree", "long"), ("lead", "long")]).correct
    result = check("ch1-sort", {"course": "short", "degree": None})
    assert result.status == "partial"
    assert result.message == "1 of 3 items is in the right place; 2 not placed yet."
    assert result.answer == {"course": "short"}


def test_classify_unknown_names_are_explained(bank):
    """Does an unknown item or category get a message listing the valid ones?"""
    result = check("ch1-sort", {"coarse": "short"})
    assert result.status == "error" and "Did you mean 'course'?" in result.message
    result = check("ch1-sort", {"course": "medium"})
    assert result.status == "error" and "'short', 'long'" in result.message
    assert check("ch1-sort", "course: short").status == "error"


# --- order ---------------------------------------------------------------------------------
def test_order_feedback_counts_places_and_longest_run(bank):
    """Does an order answer report steps in place and the longest stretch in order?"""
    assert check("ch1-steps", ["one", "two", "three", "four"]).correct
    result = check("ch1-steps", ["two", "one", "three", "four"])
    assert result.status == "partial" and result.score == pytest.approx(2 / 3)
    assert result.message == (
        "2 of 4 steps are in their exact place, and your longest stretch in the right order "
        "is 3 steps long."
    )
    result = check("ch1-steps", "four, three, two, one")
    assert result.status == "incorrect" and "backwards" in result.message


def test_order_incomplete_and_duplicate(bank):
    """Is a short list marked as incomplete, and a repeated step refused kindly?"""
    result = check("ch1-steps", ["one", "two"])
    assert result.status == "partial"
    assert result.details == ("You have placed 2 of the 4 steps; place them all.",)
    assert "twice" in check("ch1-steps", ["one", "one", "two", "three"]).message
    assert "no order" in check("ch1-steps", {"one", "two"}).message


# --- rubric --------------------------------------------------------------------------------
def test_rubric_reports_every_criterion_not_just_the_first(bank):
    """Does the rubric say "n of 5 met" and give a suggestion for each unmet criterion?"""
    result = check(
        "ch1-write", "I will learn SQL.", analyser=analyser_meeting("specific", "relevant")
    )
    assert result.status == "partial" and result.score == pytest.approx(2 / 5)
    assert result.message == "2 of 5 SMART criteria met: Specific, Relevant."
    assert result.details == (
        "Measurable: Make it measurable.",
        "Achievable: Make it achievable.",
        "Timely: Make it timely.",
    )


def test_rubric_min_met_decides_correct(bank):
    """Is a rubric answer correct once it meets min_met criteria, and incorrect with none?"""
    four = analyser_meeting("specific", "measurable", "achievable", "timely")
    result = check("ch1-write", "By June I will pass the SQL exam.", analyser=four)
    assert result.correct and result.message.startswith("4 of 5 SMART criteria met")
    assert result.details == ("Relevant: Make it relevant.",)
    assert check("ch1-write", "Something.", analyser=analyser_meeting()).status == "incorrect"


def test_rubric_survives_a_failing_analyser_and_huge_text(bank):
    """Does a crashing analyser give an error result, and is a huge answer clipped?"""

    def broken(text: str):
        raise RuntimeError("boom")

    assert check("ch1-write", "text", analyser=broken).status == "error"
    analyse = analyser_meeting("specific")
    result = check("ch1-write", "word " * 100_000, analyser=analyse)
    assert len(analyse.calls[0]) == MAX_FREE_TEXT
    assert any("first 5,000 characters" in d for d in result.details)
    assert check("ch1-write", 42, analyser=analyse).status == "error"


def test_smart_criteria_adapter_reads_only_the_documented_attributes():
    """Does the adapter turn the coach's report into named, met/unmet criteria?"""
    criteria = smart_criteria("x", analyser_meeting("timely"))
    assert [c.name for c in criteria] == [
        "Specific",
        "Measurable",
        "Achievable",
        "Relevant",
        "Timely",
    ]
    assert [c.met for c in criteria] == [False, False, False, False, True]
    assert criteria[0].suggestion == "Make it specific."


# --- not attempted, unknown questions, hostile input ----------------------------------------
@pytest.mark.parametrize("blank", [None, "", "   \n\t", [], (), {}, {"course": None}, ["", None]])
def test_blank_answers_are_not_attempted(bank, blank):
    """Is an empty answer "not attempted" for every question type, never a wrong answer?"""
    for qid in question_ids():
        result = check(qid, blank, analyser=analyser_meeting())
        assert result.status == "not attempted", (qid, blank)
        assert result.score == 0.0


def test_unknown_question_is_a_friendly_error_with_near_matches(bank):
    """Does a misspelt id give an error result suggesting the right id, not a KeyError?"""
    result = check("ch1-sortt", "a")
    assert result.status == Status.ERROR
    assert "There is no question 'ch1-sortt'" in result.message
    assert "Did you mean 'ch1-sort'" in result.message
    assert check(None, "a").status == "error"
    assert check(3, "a").status == "error"
    assert "ch1-pick" in check("zzz", "a").message  # no near match: shows what ids look like
    with pytest.raises(QuestionError, match="Did you mean"):
        get_question("ch1-pik")
    assert hint("ch1-pik").note.startswith("There is no question")
    assert solution("ch1-pik").note.startswith("There is no question")


ANY = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.binary(max_size=10)
    | st.sampled_from(["<script>alert(1)</script>", "<b>b</b>", "a & b", "b", "course"]),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(
            st.text(max_size=8) | st.sampled_from(["course", "lead"]), inner, max_size=4
        )
    ),
    max_leaves=10,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    answer=ANY, qid=st.sampled_from(["ch1-pick", "ch1-many", "ch1-sort", "ch1-steps", "ch1-write"])
)
def test_any_input_gives_a_result_and_safe_html(bank, answer, qid):
    """Does any answer of any type give a Result whose HTML carries no student markup?"""
    result = check(qid, answer, analyser=analyser_meeting("specific"))
    assert isinstance(result, Result) and isinstance(result.status, Status)
    assert 0.0 <= result.score <= 1.0
    shown = result._repr_html_()
    assert "<script" not in shown and "<b>" not in shown
    assert isinstance(repr(result), str)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(qid=st.text(max_size=40) | st.sampled_from(["<img src=x onerror=alert(1)>"]))
def test_any_question_id_is_safe(bank, qid):
    """Does any question id give an error result, hint and solution with escaped HTML?"""
    for shown in (
        check(qid, "a")._repr_html_(),
        hint(qid)._repr_html_(),
        solution(qid)._repr_html_(),
    ):
        assert "<img" not in shown and "<script" not in shown


def test_markup_in_answers_and_data_is_escaped(bank, tmp_path, monkeypatch):
    """Is markup escaped both when a student types it and when the data contains it?"""
    result = check("ch1-pick", "<script>alert('x')</script>")
    assert result.status == "error"
    assert html.escape("<script>") in result._repr_html_()
    assert "<script>" in result.message  # the plain message keeps what was typed

    folder = write_bank(
        tmp_path / "markup",
        {"01-x.yaml": BANK.replace("'Yes, a first step.'", "'<i>Yes</i> & more'")},
    )
    monkeypatch.setenv("WORKBOOK_CONTENT", str(folder))
    result = check("ch1-pick", "b")
    shown = result._repr_html_()
    assert result.status == "correct"  # the bank loaded: the feedback shown is the data's
    assert "<i>" not in shown and "&lt;i&gt;Yes&lt;/i&gt; &amp; more" in shown


def test_huge_answers_are_handled(bank):
    """Does a megabyte of text as a choice give a short error message, not a hang or a crash?"""
    result = check("ch1-pick", "x" * 1_000_000)
    assert result.status == "error" and len(result.message) < 300


# --- hints and solutions --------------------------------------------------------------------
def test_hints_are_tiered(bank):
    """Does each level give its own hint, and a level past the last give the last with a note?"""
    assert [hint("ch1-pick", n).text for n in (1, 2, 3)] == [
        "Think small.",
        "Think of something done within a year.",
        "Not a or c.",
    ]
    assert hint("ch1-pick").level == 1 and hint("ch1-pick").note == ""
    last = hint("ch1-pick", 9)
    assert (last.level, last.total, last.text) == (3, 3, "Not a or c.")
    assert "last hint" in last.note
    assert hint("ch1-pick", 0).level == 1 and hint("ch1-pick", -4).level == 1
    assert "whole numbers" in hint("ch1-pick", "2").note  # type: ignore[arg-type]
    assert repr(hint("ch1-pick", 2)) == "Hint 2 of 3: Think of something done within a year."


def test_solution_shows_the_answer_in_words(bank):
    """Does solution() give the right answer in the student's terms, with the worked text?"""
    assert solution("ch1-pick").answer == ("Take a short course",)
    assert solution("ch1-sort").answer == (
        "A two-day course → Short-term",
        "A part-time degree → Long-term",
        "Lead a region → Long-term",
    )
    assert solution("ch1-steps").answer[0] == "1. Volunteer for a meeting"
    sol = solution("ch1-many")
    assert sol.text == "Specific, measurable and timely." and "Solution:" in repr(sol)
    assert "Take a short course" in solution("ch1-pick")._repr_html_()


def test_result_repr_is_plain_and_html_is_friendly(bank):
    """Is the plain repr one readable block and the HTML marked with the status class?"""
    result = check("ch1-pick", "a")
    assert repr(result).startswith("ch1-pick: incorrect (0%)\nThat is a destination.")
    assert 'class="wb-result wb-result-incorrect"' in result._repr_html_()
    assert Status.NOT_ATTEMPTED == "not attempted"


# --- loading and validation -----------------------------------------------------------------
def broken_bank(tmp_path: Path, old: str, new: str, name: str = "01-sample.yaml") -> Path:
    assert old in BANK
    return write_bank(tmp_path / "broken", {name: BANK.replace(old, new, 1)})


@pytest.mark.parametrize(
    ("old", "new", "field", "words"),
    [
        ("hints: [Add a number., Add a date.]", "hints: [Add a number.]", "'hints'", "too short"),
        (
            '    hints: ["How long does each take?", Within a year means short.]\n',
            "",
            "'hints'",
            "required",
        ),
        ("answer: b\n", "answer: z\n", "'answer'", "not one of the choices"),
        ("answer: [s, m, t]", "answer: [s, m, q]", "'answer'", "each correct choice id once"),
        (
            "{course: short, degree: long, lead: long}",
            "{course: short, degree: long}",
            "'answer'",
            "every item",
        ),
        (
            "{course: short, degree: long, lead: long}",
            "{course: short, degree: long, lead: mid}",
            "'answer'",
            "category id",
        ),
        (
            "answer: [one, two, three, four]",
            "answer: [one, two, three]",
            "'answer'",
            "exactly once",
        ),
        ("{id: c, text: Retire early,", "{id: a, text: Retire early,", "'choices'", "share the id"),
        ("type: order", "type: ordering", "'type'", "is not one of"),
        (
            "    min_met: 4\n",
            "    min_met: 4\n    steps: [{id: a, text: b}, {id: c, text: d}]\n",
            "'steps'",
            "not used by 'rubric'",
        ),
        (
            "{id: x, text: Expensive, feedback: Cost is not one of the letters.}",
            "{id: x, text: Expensive}",
            "'feedback'",
            "required",
        ),
    ],
)
def test_schema_errors_name_file_question_and_field(tmp_path, old, new, field, words):
    """Does a broken question file fail with the file, the question and the field named?"""
    folder = broken_bank(tmp_path, old, new)
    with pytest.raises(ContentError) as caught:
        load_questions(folder)
    message = str(caught.value)
    assert "01-sample.yaml" in message
    assert field in message and words in message
    qid = next(
        q for q in ("ch1-pick", "ch1-many", "ch1-sort", "ch1-steps", "ch1-write") if q in message
    )
    assert qid


def test_duplicate_ids_and_chapters_are_refused(tmp_path):
    """Is an id used twice refused, and so is a second file for the same chapter?

    Ids start with their chapter and each chapter has one file, so these two checks together
    keep ids unique across all files.
    """
    twice = BANK.replace("id: ch1-many", "id: ch1-pick")
    with pytest.raises(
        ContentError, match=r"01-a\.yaml: question 'ch1-pick'.*already used in .*01-a\.yaml"
    ):
        load_questions(write_bank(tmp_path / "a", {"01-a.yaml": twice}))
    with pytest.raises(ContentError, match=r"01-b\.yaml: chapter 1 already has a question file"):
        load_questions(write_bank(tmp_path / "b", {"01-a.yaml": BANK, "01-b.yaml": BANK}))


def test_chapter_must_match_file_name_and_id_prefix(tmp_path):
    """Are a chapter number that contradicts the file name and a wrong id prefix caught?"""
    with pytest.raises(ContentError, match=r"03-sample\.yaml: field 'chapter'"):
        load_questions(write_bank(tmp_path / "a", {"03-sample.yaml": BANK}))
    wrong_prefix = BANK.replace("id: ch1-pick", "id: ch2-pick")
    with pytest.raises(ContentError, match=r"question 'ch2-pick', field 'id'"):
        load_questions(write_bank(tmp_path / "b", {"01-sample.yaml": wrong_prefix}))


def test_unreadable_yaml_and_empty_folder(tmp_path):
    """Do invalid YAML and a folder without question files give named, friendly errors?"""
    with pytest.raises(ContentError, match=r"01-bad\.yaml: is not valid YAML"):
        load_questions(write_bank(tmp_path / "a", {"01-bad.yaml": "questions: [\n"}))
    (tmp_path / "empty" / "questions").mkdir(parents=True)
    with pytest.raises(ContentError, match="no question files"):
        load_questions(tmp_path / "empty")
    with pytest.raises(ContentError, match="cannot read"):
        load_questions(tmp_path / "missing")


def test_check_on_broken_content_returns_an_error_result(tmp_path, monkeypatch):
    """Does a student see a message naming the broken file instead of a traceback?"""
    monkeypatch.setenv("WORKBOOK_CONTENT", str(broken_bank(tmp_path, "answer: b\n", "answer: z\n")))
    result = check("ch1-pick", "b")
    assert result.status == "error" and "01-sample.yaml" in result.message
    assert hint("ch1-pick").note and solution("ch1-pick").note


def test_edits_on_disk_are_picked_up(bank):
    """Does an instructor's edit show up without restarting the kernel?"""
    assert check("ch1-pick", "b").correct
    path = bank / "questions" / "01-sample.yaml"
    path.write_text(BANK.replace("answer: b\n", "answer: a\n"), encoding="utf-8")
    later = time.time() + 5
    os.utime(path, (later, later))
    assert check("ch1-pick", "a").correct
    assert check("ch1-pick", "b").status == "incorrect"


def test_question_ids_by_chapter(bank, tmp_path):
    """Are ids listed in file order, per chapter?"""
    assert question_ids() == ["ch1-pick", "ch1-many", "ch1-sort", "ch1-steps", "ch1-write"]
    assert question_ids(1) == question_ids() and question_ids(2) == []
    assert get_question("CH1-PICK ").chapter == 1


# --- progress --------------------------------------------------------------------------------
def test_progress_from_attempt_dicts(bank):
    """Does progress count each question once, as attempted and as correct if ever right?"""
    attempts = [
        {"question": "ch1-pick", "status": "incorrect"},
        {"question": "ch1-pick", "status": "correct"},
        {"question": "ch1-sort", "status": "partial"},
        {"question": "gone-question", "status": "correct"},
        "not a dict",
    ]
    summary = progress(attempts)
    [chapter] = summary.chapters
    assert (chapter.chapter, chapter.title) == (1, "Sample chapter")
    assert (chapter.questions, chapter.attempted, chapter.correct) == (5, 2, 1)
    assert (summary.questions, summary.attempted, summary.correct) == (5, 2, 1)
    assert "Total: 1/5 correct, 2 attempted" in repr(summary)
    assert "<td>Sample chapter</td>" in summary._repr_html_()


def test_progress_from_a_real_session(bank, tmp_path):
    """Does progress read a real Session's saved attempts, also after reopening it?"""
    from workbook.session import Session

    session = Session(data_dir=tmp_path / "student")
    session.save()  # attempts are written once the student has a code
    for qid, answer in (("ch1-pick", "b"), ("ch1-many", ["s"])):
        result = check(qid, answer)
        session.record_attempt(qid, result.answer, str(result.status), result.score)
    reopened = Session(data_dir=tmp_path / "student")
    reopened.resume(session.code)
    summary = progress(reopened.work.attempts)
    assert (summary.attempted, summary.correct) == (2, 1)
    assert progress(None).attempted == 0
