"""The helpers the chapter notebooks call: real content files, a real session saving to disk.

Every test works in its own ``WORKBOOK_DATA`` folder (tests/conftest.py) through a real
:class:`workbook.session.Session`; content comes from ``data/`` unless a test copies it to a
temporary ``WORKBOOK_CONTENT`` folder to break it on purpose.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from workbook import lessons
from workbook.content import ContentError, content_dir
from workbook.exercises import load_questions
from workbook.model import INTERVIEW_WINDOW, SHORT_TERM_MAX_MONTH, Goal, Horizon, Roadmap, Smart
from workbook.session import Session
from workbook.store import load_work

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def session(workbook_data: Path) -> Session:
    return Session(data_dir=workbook_data)


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of data/ that a test may break; WORKBOOK_CONTENT points at it."""
    copy = tmp_path / "content"
    shutil.copytree(content_dir(), copy)
    monkeypatch.setenv("WORKBOOK_CONTENT", str(copy))
    return copy


def _edit_yaml(path: Path, change: Any) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _saved(session: Session) -> Any:
    assert session.code, "nothing was saved"
    return load_work(session.code, folder=session.folder)


# --- chapter 5: the example pairs -------------------------------------------------------------
def test_example_pairs_cover_the_articles_three_areas():
    """Do the example pairs hold the article's four pairs in its three areas (2, 1 and 1)?"""
    pairs = lessons.example_pairs()
    areas = [p["area"] for p in pairs]
    assert sorted(areas) == ["education", "personal", "professional", "professional"]
    text = " ".join(p["short_term"]["title"] + " " + p["long_term"]["title"] for p in pairs)
    for fact in ("Agile", "factory", "mentoring", "profit-and-loss", "AI", "degree", "board"):
        assert fact in text
    for p in pairs:
        assert p["area_title"] and p["short_term"]["end_month"] <= SHORT_TERM_MAX_MONTH


def test_sample_roadmap_links_every_step_to_its_destination():
    """Is the sample roadmap valid, inside five years, and free of the 'unlinked' advice?"""
    roadmap = lessons.sample_roadmap()
    assert len(roadmap.long_term) == len(roadmap.short_term) == len(lessons.example_pairs())
    for goal in roadmap.long_term:
        assert goal.end_month <= INTERVIEW_WINDOW
        assert len(roadmap.stepping_stones(goal.id)) == 1
    codes = {a.code for a in roadmap.advice()}
    assert not codes & {"no_stepping_stone", "leads_nowhere", "beyond_5_years", "no_long_term"}


def test_example_table_has_one_row_per_pair():
    """Does the chapter 5 table show each pair's stepping stone next to its destination?"""
    table = lessons.example_table()
    pairs = lessons.example_pairs()
    assert len(table) == len(pairs)
    row = table.iloc[0]
    assert row["Short term (stepping stone)"] == pairs[0]["short_term"]["title"]
    assert row["Long term (destination)"] == pairs[0]["long_term"]["title"]


def test_importing_lessons_does_not_load_pandas():
    """Does pandas stay off the student's path until the chapter 5 table asks for it?"""
    code = (
        "import sys, workbook.lessons as l\n"
        "assert 'pandas' not in sys.modules\n"
        "l.example_pairs(); l.sample_roadmap()\n"
        "assert 'pandas' not in sys.modules\n"
        "l.example_table()\n"
        "print('pandas' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True"


def test_a_bad_pairs_file_names_the_file_entry_and_field(content: Path):
    """Does a broken example file fail with the file, the pair and the field named?"""
    path = content / "examples" / "pairs.yaml"
    _edit_yaml(path, lambda d: d["pairs"][1]["short_term"].update(end_month=30))
    with pytest.raises(ContentError) as err:
        lessons.example_pairs()
    message = str(err.value)
    assert "pairs.yaml" in message and "mentor-to-manager" in message and "end_month" in message


def test_duplicate_example_ids_are_refused(content: Path):
    """Are two pairs with one id reported, rather than one silently hiding the other?"""
    path = content / "examples" / "pairs.yaml"
    _edit_yaml(path, lambda d: d["pairs"].append(dict(d["pairs"][0])))
    with pytest.raises(ContentError, match=r"agile-to-operations.*used twice"):
        lessons.example_pairs()


# --- chapter 6: spot the pitfall ----------------------------------------------------------------
def test_every_sample_answer_is_judged_right_for_its_own_pitfall():
    """Does guessing each sample's own pitfall count as right, with the reason shown?"""
    for answer in lessons.pitfall_answers():
        verdict = lessons.judge_pitfall(answer["id"], answer["pitfall"])
        assert verdict.correct and verdict.message.startswith("Spot on")
        assert answer["why"] in verdict.message


def test_the_coach_explains_each_sample_quoting_its_words():
    """Does each verdict carry the coach's view, with quotes taken from the answer itself?"""
    for answer in lessons.pitfall_answers():
        verdict = lessons.judge_pitfall(answer["id"], answer["pitfall"])
        assert verdict.coach, answer["id"]
        for quote in re.findall(r"“([^”]+)”", verdict.coach[0]):
            assert quote.lower() in answer["text"].lower(), (answer["id"], quote)
    salary = lessons.judge_pitfall("pay-rise", "salary").coach
    assert "Words behind it" in salary[0] and salary[1].startswith("Try instead")
    assert "None of the five" in lessons.judge_pitfall("strong", "none").coach[0]


def test_the_samples_cover_all_five_pitfalls_and_a_good_answer():
    """Do the sample answers show each of the article's five pitfalls, plus one strong answer?"""
    shown = {a["pitfall"] for a in lessons.pitfall_answers()}
    assert shown == {"complacent", "salary", "too_specific", "irrelevant", "too_personal", "none"}
    assert set(lessons.pitfalls()) == shown


def test_a_wrong_guess_names_the_real_pitfall():
    """Does a wrong guess say which pitfall the answer really shows?"""
    verdict = lessons.judge_pitfall("pay-rise", "too_personal")
    assert not verdict.correct and verdict.expected == "salary"
    assert lessons.pitfalls()["salary"]["label"] in verdict.message


@pytest.mark.parametrize(
    "answer_id, guess", [("no-such", "money"), ("pay-rise", None), ("pay-rise", 3)]
)
def test_odd_guesses_get_a_friendly_message(answer_id: str, guess: Any):
    """Do an unknown answer id or a missing guess give a message, not an exception?"""
    verdict = lessons.judge_pitfall(answer_id, guess)
    assert not verdict.correct and verdict.message


def test_a_pitfall_file_with_an_unknown_pitfall_is_refused(content: Path):
    """Is a sample answer whose pitfall is not in the list caught when the file loads?"""
    path = content / "examples" / "pitfalls.yaml"
    _edit_yaml(path, lambda d: d["answers"][0].update(pitfall="gossip"))
    with pytest.raises(ContentError, match=r"settled.*'pitfall'.*gossip"):
        lessons.pitfall_answers()


def _find(widget: widgets.Widget, css: str) -> Any:
    if css in getattr(widget, "_dom_classes", ()):
        return widget
    for child in getattr(widget, "children", ()):
        found = _find(child, css)
        if found is not None:
            return found
    return None


def test_the_pitfall_round_can_be_played_by_clicking():
    """Can a student pick, check, see why, and move to the next answer, with a running score?"""
    answers = lessons.pitfall_answers()
    box = lessons.spot_the_pitfall()
    choice, feedback = _find(box, "wb-pitfall-choice"), _find(box, "wb-pitfall-feedback")
    check, following = _find(box, "wb-pitfall-check"), _find(box, "wb-pitfall-next")
    counter = _find(box, "wb-pitfall-counter")
    assert f"Answer 1 of {len(answers)}" in counter.value and following.disabled
    check.click()  # nothing picked yet
    assert "Pick one" in feedback.value and following.disabled
    choice.value = answers[0]["pitfall"]
    check.click()
    assert "Spot on" in feedback.value and not following.disabled
    following.click()
    assert f"Answer 2 of {len(answers)}" in counter.value and "spotted 1" in counter.value
    assert choice.value is None and feedback.value == ""
    choice.value = "none" if answers[1]["pitfall"] != "none" else "salary"
    check.click()
    assert "Not quite" in feedback.value


def test_the_pitfall_round_escapes_what_the_file_says(content: Path):
    """Is text from the content file escaped before it is shown as HTML?"""
    path = content / "examples" / "pitfalls.yaml"
    _edit_yaml(path, lambda d: d["answers"][0].update(text="<script>alert(1)</script> & co"))
    box = lessons.spot_the_pitfall()
    sample = _find(box, "wb-pitfall-sample")
    assert "<script>" not in sample.value and "&lt;script&gt;" in sample.value


# --- saving the student's own work --------------------------------------------------------------
def test_save_goal_adds_once_then_updates_under_the_same_key(session: Session):
    """Does running a goal cell twice update the goal instead of adding a copy, on disk too?"""
    note = lessons.save_goal(
        "dest", "Lead a team", horizon="long-term", end_month=48, session=session
    )
    assert note.ok and "Added" in note.message
    again = lessons.save_goal(
        "dest", "Lead a bigger team", horizon="long-term", end_month=50, session=session
    )
    assert again.ok and "Updated" in again.message
    saved = _saved(session).roadmap
    assert [(g.id, g.title, g.end_month) for g in saved.goals] == [
        ("dest", "Lead a bigger team", 50)
    ]


def test_save_goal_keeps_smart_answers_given_elsewhere(session: Session):
    """Are SMART answers typed in the builder kept when the notebook cell runs again?"""
    lessons.save_goal("dest", "Lead a team", horizon="long-term", end_month=48, session=session)
    session.roadmap.goal("dest").smart = Smart(specific="three analysts")
    lessons.save_goal("dest", "Lead a team", horizon="long-term", end_month=40, session=session)
    assert _saved(session).roadmap.goal("dest").smart.specific == "three analysts"


def test_an_invalid_goal_is_refused_with_the_field_named(session: Session):
    """Does a 20-month stepping stone come back as a message naming end_month, saving nothing?"""
    note = lessons.save_goal("step", "Take a course", end_month=20, session=session)
    assert not note.ok and any("end_month" in line for line in note.details)
    assert session.roadmap.goals == [] and session.code is None


def test_a_stepping_stone_links_to_its_destination(session: Session):
    """Does leads_to connect a stepping stone to the long-term goal saved under that key?"""
    lessons.save_goal("dest", "Lead a team", horizon="long-term", end_month=48, session=session)
    lessons.save_goal("s1", "Finish a course", end_month=4, leads_to="dest", session=session)
    bad = lessons.save_goal("s2", "Read a book", end_month=3, leads_to="nowhere", session=session)
    assert not bad.ok
    roadmap = _saved(session).roadmap
    assert [g.id for g in roadmap.stepping_stones("dest")] == ["s1"]
    assert "no_stepping_stone" not in {a.code for a in roadmap.advice()}
    assert lessons.roadmap_advice(session=session).ok is False  # SMART answers still missing


def test_drafts_are_saved_and_shown_back(session: Session):
    """Is a draft kept on disk, shown back by name, and is an empty one refused?"""
    assert not lessons.save_draft("five_years", "   ", session=session).ok
    too_long = lessons.save_draft("five_years", "word " * 5000, session=session)
    assert not too_long.ok and "characters" in too_long.message
    assert lessons.save_draft("five_years", "Leading a team", session=session).ok
    assert [d["text"] for d in _saved(session).drafts] == ["Leading a team"]
    shown = lessons.show_draft("five_years", session=session)
    assert shown.ok and shown.details == ("Leading a team",)
    assert lessons.draft_text("five_years", session=session) == "Leading a team"
    missing = lessons.show_draft(lessons.DRAFT_PROOF, session=session)
    assert not missing.ok and "chapter 5" in missing.message


def test_notes_escape_what_the_student_typed(session: Session):
    """Is a draft containing HTML shown as text, never as markup?"""
    lessons.save_draft("x", "<img src=x onerror=alert(1)>", session=session)
    shown = lessons.show_draft("x", session=session)._repr_html_()
    assert "<img" not in shown and "&lt;img" in shown


@given(st.text(max_size=40), st.lists(st.text(max_size=20), max_size=3))
def test_every_box_a_chapter_shows_is_the_one_escaping_box(message: str, lines: list[str]):
    """Do a note, a pitfall verdict, a consistency check and an exercise's result all come out
    of the one message box (workbook.html.message_box), with whatever text they hold escaped?"""
    from workbook.exercises import Result, Status
    from workbook.html import message_box

    details = tuple(lines)
    check = lessons.ConsistencyCheck("Name", False, message, details)
    shown = [  # (the HTML, the texts it must show escaped, how many list items)
        (lessons.Note(True, message, details)._repr_html_(), (message, *lines), len(lines)),
        (
            lessons.PitfallVerdict("a", "b", "b", True, message, details)._repr_html_(),
            (message, *(f"Coach: {line}" for line in lines)),
            len(lines),
        ),
        (
            lessons.Consistency((check,))._repr_html_(),
            (f"Name: {message}", f"Words behind this: {', '.join(lines)}" if lines else ""),
            1 if lines else 0,
        ),
        (
            Result("ch1-x", Status.PARTIAL, message, 0.5, details)._repr_html_(),
            (message, *lines),
            len(lines),
        ),
    ]
    assert shown[0][0] == message_box("wb-note wb-note-ok", "#1a7f37", message, lines=lines)
    for page, texts, items in shown:
        assert page.count("<div") == page.count("</div>") and page.count("<li>") == items
        for text in texts:
            assert html.escape(text) in page


def test_set_target_saves_role_and_employer(session: Session):
    """Are the role and employer saved, and a far-too-long role refused without a change?"""
    assert lessons.set_target("Data analyst", "Acme Freight", session=session).ok
    assert _saved(session).roadmap.employer == "Acme Freight"
    note = lessons.set_target("x" * 500, session=session)
    assert not note.ok and session.roadmap.role == "Data analyst"


def test_check_keeps_the_attempt_for_the_dashboard(session: Session):
    """Is a checked answer returned with its feedback, kept with the work, and written to disk
    with the first save the student asks for (a check alone hands out no code)?"""
    bank = load_questions()
    question = next(q for q in bank.questions.values() if q.type == "single")
    result = lessons.check(question.id, question.answer, session=session)
    assert result.correct
    assert session.code is None and not list(session.folder.glob("*.json"))
    assert lessons.save_draft("rough_goal", "Lead a team", session=session).ok
    [attempt] = _saved(session).attempts
    assert attempt["question"] == question.id and attempt["status"] == "correct"
    unknown = lessons.check("ch9-nothing", "a", session=session)
    assert unknown.status == "error" and len(session.work.attempts) == 1


def test_progress_counts_the_checks_made_in_this_kernel(
    workbook_data: Path, monkeypatch: pytest.MonkeyPatch
):
    """Does workbook.progress() with no argument count the attempts of the work open in this
    kernel (exercises.progress itself is handed the attempts, never reaching for the session)?"""
    import workbook

    monkeypatch.setattr("workbook.session._current", None)  # a fresh kernel's session
    bank = load_questions()
    question = next(q for q in bank.questions.values() if q.type == "single")
    assert workbook.progress().attempted == 0
    assert lessons.check(question.id, question.answer).correct
    counted = workbook.progress()
    assert (counted.attempted, counted.correct) == (1, 1)
    assert workbook.progress is lessons.progress
    assert workbook.check is lessons.check  # the one check the notebooks use records attempts


def test_resume_with_a_wrong_code_explains(session: Session):
    """Does a mistyped personal code give a message instead of a traceback?"""
    note = lessons.resume("not-a-real-code-0000", session=session)
    assert not note.ok and note.message


def test_my_workbook_reports_the_code_once_saved(session: Session):
    """Does the status line mention the personal code after the first save?"""
    assert "nothing saved" in lessons.my_workbook(session=session).message
    lessons.save_draft("five_years", "Leading a team", session=session)
    assert session.code and session.code in lessons.my_workbook(session=session).message


# --- chapter 3-4: the timeline; exercises in cells -------------------------------------------------
def test_show_timeline_gives_a_png_and_the_same_in_words():
    """Does the timeline view hold a real PNG and a description naming each goal?"""
    roadmap = lessons.sample_roadmap()
    view = lessons.show_timeline(roadmap)
    assert view.png.startswith(b"\x89PNG")
    for goal in roadmap.goals:
        assert goal.title in view.description
    assert "data:image/png;base64," in view._repr_html_()


def test_ask_lists_every_id_an_answer_may_use():
    """Does ask() show every choice, item, category and step id a check() answer needs?"""
    for question in load_questions().questions.values():
        shown = repr(lessons.ask(question.id))
        for option in (*question.options, *question.categories):
            assert repr(option.id) in shown, (question.id, option.id)
    assert not lessons.ask("ch1-missing").ok


# --- chapter 7: the final answer ------------------------------------------------------------------
def _roadmap() -> Roadmap:
    roadmap = Roadmap(employer="Acme Freight")
    dest = Goal("Lead a small analytics team", Horizon.LONG, "leadership", 0, 48, id="d")
    roadmap.add(dest)
    roadmap.add(Goal("Take over the stock report", end_month=10, start_month=4, leads_to="d"))
    roadmap.add(Goal("Finish a forecasting course", end_month=4, leads_to="d"))
    return roadmap


def test_the_outline_leads_with_the_vision_then_the_steps_then_proof():
    """Does the outline open with the destination, list steps by end month, and carry the
    proof, and is it the coach's outline, the one the dashboard shows (one implementation)?"""
    from workbook.coach.outline import outline

    roadmap = _roadmap()
    text = lessons.answer_outline(roadmap, proof="Last year I halved our report time.")
    lines = text.splitlines()
    assert lines[0].startswith("My long-term goal (within four years): Lead a small analytics")
    assert text.index("Finish a forecasting course") < text.index("Take over the stock report")
    assert "A goal I set and reached before: Last year I halved our report time." in lines
    assert text == outline(roadmap, proof="Last year I halved our report time.")
    assert lessons.answer_outline(roadmap, proof="") == outline(roadmap)
    assert "[where I want to be" in lessons.answer_outline(Roadmap(), proof="")


def test_the_outline_takes_the_proof_saved_in_chapter_5(session: Session):
    """With no roadmap given, does the outline use the saved roadmap and the past success?"""
    lessons.save_goal("d", "Lead a team", horizon="long-term", end_month=36, session=session)
    lessons.save_draft(lessons.DRAFT_PROOF, "I shipped our  new rota in May.", session=session)
    text = lessons.answer_outline(session=session)
    assert "(within three years): Lead a team." in text
    assert "A goal I set and reached before: I shipped our new rota in May." in text


FINAL = (
    "Within four years I'd like to lead a small analytics team, helping planners decide faster. "
    "I'm starting with a forecasting course, then I'll take over the stock report."
)


def test_consistent_answers_pass_every_check():
    """Do answers that share a destination and a motivation pass, with the shared words shown?"""
    report = lessons.consistency(
        FINAL,
        motivates="I love helping planners decide with clear data.",
        five_years="In five years I see myself leading an analytics team.",
        roadmap=_roadmap(),
    )
    assert report.ok, report
    five = report.checks[0]
    assert five.ok and "analytics" in five.evidence


def test_a_contradicting_five_year_answer_is_flagged():
    """Is a five-year answer about something else entirely reported as a mismatch?"""
    report = lessons.consistency(
        FINAL,
        motivates="Helping planners decide.",
        five_years="I picture myself running a surf school in Portugal.",
        roadmap=_roadmap(),
    )
    assert not report.ok and report.checks[0].ok is False


def test_talking_past_five_years_is_flagged():
    """Does 'in ten years' in the five-year answer break the five-year horizon check?"""
    report = lessons.consistency(
        FINAL,
        motivates="analytics",
        five_years="In ten years, an analytics lead.",
        roadmap=_roadmap(),
    )
    horizon = next(c for c in report.checks if c.name == "Five-year horizon")
    assert horizon.ok is False and "ten years" in " ".join(horizon.evidence).lower()


def test_a_roadmap_goal_missing_from_the_answer_is_flagged():
    """Is a long-term goal on the roadmap that the answer never mentions reported?"""
    roadmap = _roadmap()
    roadmap.add(Goal("Earn a degree in statistics", Horizon.LONG, "qualification", 0, 60))
    report = lessons.consistency(FINAL, motivates="x", five_years="analytics team", roadmap=roadmap)
    check = next(c for c in report.checks if c.name == "Your roadmap")
    assert check.ok is False and "Earn a degree in statistics" in check.message


def test_chapter_7_and_the_coach_give_one_verdict_on_the_roadmap():
    """Does chapter 7's roadmap check say exactly what the dashboard's coach says (one
    implementation), step by step goals included?"""
    from workbook.coach import review

    roadmap = _roadmap()
    answer = "Within four years I'd like to lead a small analytics team here."
    report = lessons.consistency(
        answer, motivates="x", five_years="analytics team", roadmap=roadmap
    )
    check = next(c for c in report.checks if c.name == "Your roadmap")
    issues = review(answer, roadmap=roadmap).roadmap_issues
    assert issues and check.ok is False
    assert check.message == " ".join(i.message for i in issues)


def test_consistency_reads_the_saved_drafts(session: Session):
    """With no arguments, does the check use the drafts and roadmap saved in the session?"""
    assert lessons.consistency(session=session).checks[0].ok is None  # nothing written yet
    lessons.save_draft(lessons.DRAFT_FIVE_YEARS, "Leading an analytics team.", session=session)
    lessons.save_draft(lessons.DRAFT_ANSWER, FINAL, session=session)
    report = lessons.consistency(session=session)
    assert report.checks[0].ok is True and report.checks[1].ok is None  # no motivation yet


def test_the_draft_box_saves_only_when_asked_and_follows_other_saves(session: Session):
    """Does the box save on Save (not before), refuse an empty answer, and show a draft saved
    elsewhere unless the student has started typing?"""
    box = lessons.draft_box("five_years", placeholder="In five years …", session=session)
    text, save = _find(box, "wb-draft-text"), _find(box, "wb-draft-save")
    feedback = _find(box, "wb-draft-feedback")
    assert text.value == "" and text.placeholder == "In five years …" and session.code is None
    save.click()
    assert "Nothing saved" in feedback.value and session.code is None
    text.value = "Leading an analytics team <b>here</b>"
    save.click()
    assert [d["text"] for d in _saved(session).drafts] == ["Leading an analytics team <b>here</b>"]
    lessons.save_draft("five_years", "Saved from a cell", session=session)
    assert text.value == "Saved from a cell"  # untouched box follows the newer draft
    text.value = "I am typing"
    lessons.save_draft("five_years", "Saved again from a cell", session=session)
    assert text.value == "I am typing"  # never overwrites what the student is typing
