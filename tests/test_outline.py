"""The answer outline drafted from a roadmap: the article's order, only what fits an interview."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from strategies import roadmaps  # tests/ is on sys.path under pytest

from workbook.coach import review
from workbook.coach.outline import MAX_STEPS, outline, within
from workbook.model import Goal, Horizon, Roadmap


def lead() -> Goal:
    return Goal("Lead a small analytics team", Horizon.LONG, "leadership", end_month=36, id="glead")


def full_roadmap() -> Roadmap:
    return Roadmap(
        owner="Sam",
        role="Data analyst",
        employer="Brightline Energy",
        goals=[
            Goal("Present at the monthly team meeting", start_month=3, end_month=12, skills=["Presenting"]),
            lead(),
            Goal("Finish an SQL certification", end_month=6, leads_to="glead", skills=["SQL", "sql", "Power BI"]),
        ],
    )  # fmt: skip


def line_index(lines: list[str], start: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(start))


def test_the_vision_comes_first_then_the_steps_skills_and_employer():
    """Is the outline in the article's order: long-term goal, steps, skills, why this employer?"""
    lines = outline(full_roadmap()).splitlines()
    vision = line_index(lines, "My long-term goal")
    steps = line_index(lines, "My first steps")
    skills = line_index(lines, "Skills")
    why = line_index(lines, "Why here")
    assert vision == 0 and vision < steps < skills < why
    assert lines[vision] == "My long-term goal (within three years): Lead a small analytics team."
    assert lines[why].startswith("Why here: as Data analyst at Brightline Energy, [")


def test_steps_towards_the_vision_come_first_and_soonest_first():
    """Are the stepping stones of the vision listed before other steps, each group by end month?"""
    lines = outline(full_roadmap()).splitlines()
    steps = [line for line in lines if line.startswith("- ")]
    assert steps == [
        "- Finish an SQL certification (within six months)",
        "- Present at the monthly team meeting (within a year)",
    ]


def test_skills_are_gathered_once_each_in_order():
    """Are the goals' skills listed once each (whatever their case), in the order met?"""
    lines = outline(full_roadmap()).splitlines()
    assert lines[line_index(lines, "Skills")] == (
        "Skills I will build on the way: SQL, Power BI, Presenting."
    )


def test_goals_beyond_five_years_are_left_out_with_a_note():
    """Does a long-term goal past month 60 stay out of the vision, with a bracketed reason?"""
    far = Goal("Become head of data", Horizon.LONG, end_month=96)
    text = outline(Roadmap(goals=[far, Goal("Finish an SQL course", end_month=6)]))
    first = text.splitlines()[0]
    assert first.startswith("My long-term goal (within five years): [")
    assert "[Left out: “Become head of data” reaches beyond five years" in text
    assert "My first steps:" in text and "- Finish an SQL course (within six months)" in text


def test_a_long_roadmap_is_cut_to_what_an_answer_can_carry():
    """With three destinations and six steps, are two and four kept and the rest noted?"""
    destinations = [
        Goal(f"Destination {i}", Horizon.LONG, end_month=24 + i, id=f"gd{i}") for i in range(3)
    ]
    steps = [Goal(f"Step {i}", end_month=i + 1, leads_to="gd0") for i in range(6)]
    lines = outline(Roadmap(goals=[*destinations, *steps])).splitlines()
    assert lines[0] == "My long-term goal (within two years): Destination 0."
    assert lines[1] == "I am also working towards (within about two years): Destination 1."
    assert not any("Destination 2." in line for line in lines)
    assert "[Left out: 1 more long-term goal(s); one clear vision is easier to believe.]" in lines
    assert [line for line in lines if line.startswith("- ")] == [
        f"- Step {i} ({within(i + 1)})" for i in range(MAX_STEPS)
    ]
    assert "[Left out: 2 more step(s) to keep the answer short.]" in lines  # fmt: skip


@pytest.mark.parametrize(
    ("role", "employer", "expected"),
    [
        ("Nurse", "", "Why here: as Nurse, ["),
        ("", "St Mary's", "Why here: at St Mary's, ["),
        ("", "", "Why here: [how this employer helps me get there"),
    ],
)
def test_the_employer_line_uses_what_the_student_gave(role: str, employer: str, expected: str):
    """Does the employer line name the role and employer the student gave, or prompt for them?"""
    text = outline(Roadmap(role=role, employer=employer, goals=[lead()]))
    assert any(line.startswith(expected) for line in text.splitlines())


def test_an_empty_roadmap_gives_prompts_for_every_part():
    """With no goals, is every part a bracketed prompt (nothing invented)?"""
    lines = outline(Roadmap()).splitlines()
    assert len(lines) == 7
    for line in lines:
        if not line.startswith(("My first steps", "[")):
            assert "[" in line and line.endswith(("].", "]")), line


def test_a_proof_fills_the_proof_line_and_nothing_else():
    """Does a past success the student saved replace only the proof prompt, on one line, and a
    blank one leave the prompt?"""
    roadmap = full_roadmap()
    plain = outline(roadmap).splitlines()
    proved = outline(roadmap, proof="Last year I  halved\nour report time").splitlines()
    changed = [(a, b) for a, b in zip(plain, proved, strict=True) if a != b]
    assert changed == [
        (
            "A goal I set and reached before: [one sentence: the goal, what I did, the result].",
            "A goal I set and reached before: Last year I halved our report time.",
        )
    ]
    assert outline(roadmap, proof="  ") == outline(roadmap)


@pytest.mark.parametrize(
    ("months", "words"),
    [
        (1, "within a month"),
        (6, "within six months"),
        (12, "within a year"),
        (14, "within about a year"),
        (18, "within a year and a half"),
        (24, "within two years"),
        (30, "within two and a half years"),
        (40, "within about three years"),
        (60, "within five years"),
    ],
)
def test_months_are_said_in_words(months: int, words: str):
    """Is a month count said as a person would say it, in words the coach reads as a horizon?"""
    assert within(months) == words


def test_the_coach_reads_the_outline_as_a_well_built_answer_that_matches_the_roadmap():
    """Does the coach find the outline leading with the vision, naming steps, skills and the
    employer, with no pitfall and no disagreement with the roadmap it came from?"""
    roadmap = full_roadmap()
    result = review(outline(roadmap), None, roadmap)
    covered = {p.id for p in result.talking_points if p.covered}
    assert {"long_term_first", "short_term_steps", "skills", "employer_link"} <= covered
    assert result.pitfalls == []
    assert result.roadmap_issues == []


@settings(max_examples=40, deadline=None)
@given(roadmap=roadmaps())
def test_any_roadmap_gives_an_outline_naming_its_interview_goals(roadmap: Roadmap):
    """For any valid roadmap, is there an outline, and does it name every goal it keeps?"""
    text = outline(roadmap)
    assert text.splitlines()[0].startswith("My long-term goal")
    kept = [g for g in roadmap.long_term if g.end_month <= 60][:2]
    for goal in kept:
        assert " ".join(goal.title.split()) in text
