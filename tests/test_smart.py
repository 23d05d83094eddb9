"""The SMART analyser: each letter met or not, the words that show it, a suggestion when not."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.coach import SmartReport, smart
from workbook.model import Goal, Horizon, Milestone, Smart

LETTERS = ["specific", "measurable", "achievable", "relevant", "timely"]


def assert_spans(report: SmartReport) -> None:
    for c in report.criteria:
        for e in c.evidence:
            assert report.text[e.start : e.end] == e.text


def test_a_full_smart_goal_meets_all_five_with_evidence():
    """Does a goal with all five qualities score 5 of 5, quoting the words for each letter?"""
    text = (
        "Become a charge nurse on your cardiac ward within three years, measured by passing the "
        "band 6 interview. I already mentor students and will take the coronary care course; "
        "it helps the ward cover night shifts."
    )
    report = smart(text)
    assert report.score == "5 of 5 criteria met"
    assert [c.id for c in report.criteria] == LETTERS
    assert [c.letter for c in report.criteria] == list("SMART")
    for c in report.criteria:
        assert c.met and c.evidence and not c.suggestion
    assert_spans(report)
    assert "three years" in report.criterion("T").evidence[0].text


def test_a_vague_goal_gets_one_suggestion_per_missing_letter():
    """Does 'be better at my job' miss every letter, each with a concrete suggestion?"""
    report = smart("I want to be better at my job.")
    assert report.met == 0 and report.score == "0 of 5 criteria met"
    for c in report.criteria:
        assert not c.met and not c.evidence
        assert len(c.suggestion) > 30


@pytest.mark.parametrize(
    ("text", "letter", "met"),
    [
        ("Lead a team of five analysts.", "S", True),
        ("Do well.", "S", False),
        # a count of a named thing says what exactly will be done (LABELLING.md)
        ("Hire two engineers before the end of the fiscal year.", "S", True),
        ("Answer every support ticket within a day.", "S", True),
        ("Train for two weeks.", "S", False),
        ("Raise customer satisfaction from 80 to 90 percent.", "M", True),
        ("Pass the CIPD Level 5 exams.", "M", True),
        ("Get better generally.", "M", False),
        ("Read one industry article each week.", "M", True),
        ("Read more articles.", "M", False),
        ("With support from my mentor I can do it.", "A", True),
        ("This helps your team serve more patients.", "R", True),
        ("By the end of next year.", "T", True),
        ("Within 18 months.", "T", True),
        ("In ten years.", "T", False),
    ],
)
def test_single_letters(text, letter, met):
    """Is each letter judged on its own kind of evidence?"""
    assert smart(text).criterion(letter).met is met


def test_a_horizon_past_five_years_is_not_timely():
    """Does a goal ten years out fail Timely with a suggestion to bring it within five years?"""
    report = smart("In ten years I want to become head of department.")
    timely = report.criterion("timely")
    assert not timely.met
    assert "five years" in timely.suggestion


def test_a_goal_object_reads_title_answers_and_roadmap_month():
    """For a Goal, are its title, SMART answers, skills and milestones read, and its month used?"""
    goal = Goal(
        "Lead the analytics team",
        Horizon.LONG,
        "leadership",
        0,
        36,
        smart=Smart(
            specific="Lead a team of five analysts",
            measurable="Team of five, forecast accuracy above 90 percent",
            achievable="I already mentor two juniors",
            relevant="The insights team is growing and needs a lead",
            timely="",
        ),
        skills=["Python", "coaching"],
        milestones=[Milestone("Run the forecast review", 12)],
    )
    report = smart(goal)
    assert report.score == "5 of 5 criteria met"
    assert report.text.splitlines()[0] == "Lead the analytics team"
    assert "Skills: Python, coaching" in report.text
    assert "Run the forecast review (month 12)" in report.text
    timely = report.criterion("T")
    assert timely.met and "month 36" in timely.reason
    assert_spans(report)


def test_a_goal_placed_past_month_60_is_not_timely():
    """Is a roadmap goal ending at month 96 flagged as not timely, even with no words about time?"""
    report = smart(Goal("Run the factory", Horizon.LONG, "leadership", 0, 96))
    assert not report.criterion("T").met
    assert "five years" in report.criterion("T").suggestion


def test_repr_html_and_dict():
    """Is the repr plain, the HTML escaped with evidence marked, and to_dict JSON-able?"""
    report = smart('<img src=x onerror="alert(1)"> Lead a team of five within two years')
    assert repr(report).startswith("SmartReport(") and "\n" not in repr(report)
    page = report._repr_html_()
    assert "<img" not in page and "&lt;img" in page
    assert '<mark class="wb-evidence"' in page
    data = json.loads(json.dumps(report.to_dict()))
    assert data["score"] == report.score
    assert len(data["criteria"]) == 5
    assert "criteria met" in str(report)


@pytest.mark.parametrize("value", ["", "   ", "🙂" * 50, None, "x" * 50_000])
def test_odd_input_never_raises(value):
    """Does odd input give a report (with a note when empty) rather than an exception?"""
    report = smart(value)
    assert len(report.criteria) == 5
    if not (value or "").strip():
        assert report.notices


def test_a_goal_with_odd_fields_never_raises():
    """Does a goal built without validation (odd types) still give a report?"""
    goal = Goal.__new__(Goal)
    goal.__dict__.update(
        title=None,
        horizon="long-term",
        area="x",
        start_month=0,
        end_month="soon",
        start_date=None,
        smart=None,
        milestones=None,
        skills=None,
        leads_to=None,
        id="g1",
    )
    report = smart(goal)
    assert len(report.criteria) == 5


@settings(max_examples=40, deadline=None)
@given(st.text(max_size=300))
def test_smart_never_raises_and_spans_index_the_text(text):
    """For arbitrary text, does smart() return with every evidence span indexing its text?"""
    report = smart(text)
    assert report.text == text
    assert_spans(report)
