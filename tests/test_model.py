"""The goal roadmap model: validation with friendly messages and the article's advice."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from workbook.model import (
    AREAS,
    LONG_TERM_TYPES,
    MAX_GOALS,
    Goal,
    Horizon,
    Milestone,
    Roadmap,
    Smart,
    ValidationError,
)

TODAY = dt.date(2026, 11, 25)


def long_goal(**kw) -> Goal:
    kw.setdefault("title", "Lead the analytics team")
    kw.setdefault("end_month", 48)
    return Goal(horizon=Horizon.LONG, area="leadership", **kw)


def short_goal(**kw) -> Goal:
    kw.setdefault("title", "Finish an SQL course")
    kw.setdefault("end_month", 6)
    return Goal(**kw)


def fields_of(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


def test_areas_cover_the_article():
    """Do the areas include the article's three example areas and six long-term types?"""
    assert {"professional", "education", "personal"} <= set(AREAS)
    assert len(LONG_TERM_TYPES) == 6 and set(LONG_TERM_TYPES) <= set(AREAS)


def test_a_sensible_goal_is_valid():
    """Is an ordinary short-term goal accepted unchanged?"""
    goal = short_goal(milestones=[Milestone("Half the modules", 3)], skills=["SQL"])
    assert goal.validate(today=TODAY) is goal
    assert goal.errors(today=TODAY) == []


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"title": ""}, "title", "empty"),
        ({"title": "   "}, "title", "empty"),
        ({"title": "x" * 2000}, "title", "2,000 characters"),
        ({"end_month": 61}, "end_month", "must end by month 12"),
        ({"start_month": 5, "end_month": 3}, "end_month", "after the start"),
        ({"start_month": 4, "end_month": 4}, "end_month", "after the start"),
        ({"start_date": dt.date(1850, 1, 1)}, "start_date", "out of range"),
        ({"end_month": -1}, "end_month", "month -1"),
        ({"end_month": "six"}, "end_month", "whole number"),
        ({"end_month": 6.5}, "end_month", "whole number"),
        ({"end_month": True}, "end_month", "whole number"),
        ({"area": "astronaut"}, "area", "listed areas"),
        ({"area": ["leadership"]}, "area", "listed areas"),
        ({"horizon": "medium"}, "horizon", "short-term or long-term"),
        ({"milestones": [Milestone("", 2)]}, "milestones[0].title", "empty"),
        ({"milestones": [Milestone("Late", 9)], "end_month": 6}, "milestones[0].month", "outside"),
        ({"skills": ["x" * 100]}, "skills[0]", "characters"),
        ({"smart": Smart(specific="y" * 501)}, "smart.specific", "501 characters"),
    ],
)
def test_bad_fields_are_named_with_a_fix(changes, field, words):
    """Does each absurd value raise a ValidationError naming the field and saying how to fix it?"""
    with pytest.raises(ValidationError) as exc:
        short_goal(**changes).validate(today=TODAY)
    assert field in fields_of(exc)
    assert any(words in m for m in exc.value.for_field(field)), exc.value.errors


def test_every_error_is_reported_not_only_the_first():
    """Does one ValidationError list all the fields at fault?"""
    with pytest.raises(ValidationError) as exc:
        short_goal(title="", end_month=61, start_date=dt.date(1850, 1, 1)).validate(today=TODAY)
    assert {"title", "end_month", "start_date"} <= fields_of(exc)


def test_long_term_goals_may_pass_five_years_but_are_flagged():
    """Is a 7-year goal valid, yet advised against for an interview?"""
    roadmap = Roadmap()
    far = roadmap.add(long_goal(end_month=84))
    roadmap.add(short_goal(leads_to=far.id))
    codes = {a.code: a for a in roadmap.advice()}
    assert "beyond_5_years" in codes
    assert "five years" in codes["beyond_5_years"].message
    assert codes["beyond_5_years"].goal_id == far.id
    with pytest.raises(ValidationError):
        long_goal(end_month=121).validate()


def test_advice_follows_the_article():
    """Are a long-term goal without steps and a step leading nowhere both pointed out?"""
    roadmap = Roadmap()
    assert [a.code for a in roadmap.advice()] == ["empty"]
    vision = roadmap.add(long_goal())
    assert "no_short_term" in {a.code for a in roadmap.advice()}
    loose = roadmap.add(short_goal())
    codes = {a.code for a in roadmap.advice()}
    assert {"no_stepping_stone", "leads_nowhere"} <= codes
    loose.leads_to = vision.id
    codes = {a.code for a in roadmap.advice()}
    assert not {"no_stepping_stone", "leads_nowhere", "no_short_term"} & codes


def test_steps_without_direction_are_flagged():
    """Do short-term goals with no long-term goal earn the 'no_long_term' advice?"""
    roadmap = Roadmap(goals=[short_goal(), short_goal(title="Shadow a manager")])
    assert "no_long_term" in {a.code for a in roadmap.advice()}


def test_a_step_can_only_lead_to_a_long_term_goal():
    """Is linking a stepping stone to a missing or short-term goal refused?"""
    roadmap = Roadmap()
    other = roadmap.add(short_goal())
    with pytest.raises(ValidationError) as exc:
        roadmap.add(short_goal(title="Second", leads_to=other.id))
    assert fields_of(exc) == {"leads_to"}
    with pytest.raises(ValidationError):
        roadmap.add(short_goal(title="Third", leads_to="g-missing"))
    assert len(roadmap.goals) == 1


def test_add_replace_remove_and_move():
    """Do the edits keep links consistent and stamp the roadmap as changed?"""
    roadmap = Roadmap(updated=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    vision = roadmap.add(long_goal())
    step = roadmap.add(short_goal(leads_to=vision.id))
    assert roadmap.updated.year > 2020
    assert roadmap.stepping_stones(vision.id) == [step]
    roadmap.move(step.id, -1)
    assert roadmap.goals[0] is step
    edited = Goal.from_dict({**step.to_dict(), "title": "Finish two SQL courses"})
    roadmap.replace(edited)
    assert roadmap.goal(step.id).title == "Finish two SQL courses"
    roadmap.remove(vision.id)
    assert roadmap.goal(step.id).leads_to is None
    with pytest.raises(KeyError):
        roadmap.goal(vision.id)


def test_demoting_a_long_term_goal_unlinks_its_steps():
    """When a long-term goal becomes short-term, do its stepping stones stop pointing at it?"""
    roadmap = Roadmap()
    vision = roadmap.add(long_goal(end_month=12))
    step = roadmap.add(short_goal(leads_to=vision.id))
    roadmap.replace(Goal.from_dict({**vision.to_dict(), "horizon": "short-term"}))
    assert step.leads_to is None
    roadmap.validate()


def test_a_failed_add_changes_nothing():
    """Does an invalid goal leave the roadmap exactly as it was?"""
    roadmap = Roadmap()
    roadmap.add(long_goal())
    before = roadmap.to_dict()
    with pytest.raises(ValidationError):
        roadmap.add(short_goal(title=""))
    assert roadmap.to_dict() == before


def test_roadmap_size_is_capped():
    """Is a runaway roadmap stopped with a friendly message?"""
    roadmap = Roadmap()
    for i in range(MAX_GOALS):
        roadmap.add(long_goal(title=f"Goal {i}"))
    with pytest.raises(ValidationError) as exc:
        roadmap.add(long_goal(title="One too many"))
    assert "at most" in str(exc.value)


def test_dict_round_trip_and_friendly_errors_for_bad_data():
    """Does to_dict/from_dict round-trip, and does bad data name the field instead of crashing?"""
    roadmap = Roadmap(owner="Ana", role="Analyst", employer="Acme", start_date=TODAY)
    vision = roadmap.add(long_goal(smart=Smart(specific="Own the team's roadmap")))
    roadmap.add(short_goal(leads_to=vision.id, start_date=TODAY, milestones=[Milestone("Exam", 5)]))
    assert Roadmap.from_dict(roadmap.to_dict()) == roadmap
    bad = roadmap.to_dict()
    bad["goals"][1]["start_date"] = "yesterday"
    bad["goals"][0]["title"] = ""
    with pytest.raises(ValidationError) as exc:
        Roadmap.from_dict(bad)
    assert {"goals[1].start_date"} <= fields_of(exc)
    for nonsense in (None, [], "roadmap", {"goals": "many"}, {"goals": [1, 2]}):
        with pytest.raises(ValidationError):
            Roadmap.from_dict(nonsense)  # type: ignore[arg-type]


def test_typed_text_is_tidied():
    """Are stray spaces and control characters removed from what a student typed?"""
    goal = Goal("  Learn\x00 SQL \t ", skills=[" Python  "], smart=Smart(specific=" a\u200b b "))
    assert goal.title == "Learn SQL"
    assert goal.skills == ["Python"]
    assert goal.smart.specific == "a b"
    assert Goal(goal.title).title == goal.title


def test_copy_is_deep():
    """Can a form edit a copy without touching the original?"""
    roadmap = Roadmap(goals=[short_goal()])
    clone = roadmap.copy()
    clone.goals[0].title = "Changed"
    assert roadmap.goals[0].title == "Finish an SQL course"


def test_counts_read_as_words_not_machine_text():
    """Does a count a student reads say "1 goal" and "2 goals", never "goal(s)"?"""
    from workbook.text import counted

    assert counted(1, "goal") == "1 goal" and counted(2, "goal") == "2 goals"
    assert counted(0, "written answer") == "0 written answers"
    assert counted(3, "child", "children") == "3 children"
    roadmap = Roadmap(goals=[Goal("Lead the team", Horizon.LONG, end_month=40)])
    texts = [a.message for a in roadmap.advice()]
    assert texts and not [t for t in texts if "(s)" in t]
    assert any("1 goal has SMART questions" in t for t in texts)


@pytest.mark.parametrize(
    ("text", "length", "kept"),
    [
        (
            "Lead 🧙\u200d♀️ team",
            6,
            "Lead ",
        ),  # the wizard woman is one symbol: kept whole or not at all
        ("Lead 🧙\u200d♀️ team", 9, "Lead 🧙\u200d♀️"),
        ("Café", 4, "Caf"),  # an accent typed as a separate mark stays with its letter
        ("👍🏽 done", 1, ""),  # a skin tone stays with its hand
        ("🇬🇧🇫🇷", 3, "🇬🇧"),  # a flag is two letters: never half of one
        ("plain words", 5, "plain"),
    ],
)
def test_a_cut_never_splits_what_the_screen_shows_as_one_symbol(text, length, kept):
    """Does shortening a label keep joined emoji, accents, skin tones and flags whole?"""
    from workbook.text import cut

    text = unicodedata.normalize("NFD", text) if text.startswith("Caf") else text
    kept = unicodedata.normalize("NFD", kept) if kept.startswith("Caf") else kept
    assert cut(text, length) == kept


def test_number_words_have_one_home_for_reading_and_writing():
    """Do the coach's reading of "fourteen months", the outline's "within six months" and the
    chapters' "four years" all come from one table of number words?"""
    from workbook.coach import outline, phrases
    from workbook.text import NUMBER_WORDS, number_word

    assert number_word(6) == "six" and number_word(25) == "25" and NUMBER_WORDS["sixty"] == 60
    assert outline.within(6) == "within six months"
    assert phrases.NUMBER_WORDS.split("|") == [w for w, v in NUMBER_WORDS.items() if v > 0]
