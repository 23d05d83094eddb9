"""The roadmap builder form, driven as a student would: values in, buttons clicked.

No browser here: each test sets widget values, clicks buttons and checks the real roadmap, the
real file on disk, the messages next to the fields and the chart's SVG.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook import store
from workbook.model import MAX_GOALS, Goal, Horizon, Milestone, Roadmap, Smart
from workbook.session import Session
from workbook.ui.builder import RoadmapBuilder, roadmap_builder
from workbook.ui.fields import Field

PNG = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"
EVIL = "<img src=x onerror=alert(1)>"


# --- helpers -------------------------------------------------------------------------------------
def make(session: Session | None = None, **kw) -> RoadmapBuilder:
    vbox = roadmap_builder(session or Session(), **kw)
    assert isinstance(vbox, widgets.VBox)
    return vbox.builder


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def html_values(b: RoadmapBuilder) -> list[str]:
    return [w.value for w in walk(b.widget) if isinstance(w, widgets.HTML)]


def fill(b: RoadmapBuilder, title: str, *, horizon: str = "short-term", end: int = 6, **kw) -> None:
    form = b.form
    form.horizon.value = horizon
    form.title.value = title
    form.start_month.value = kw.get("start", 0)
    form.end_month.value = end
    if "leads_to" in kw:
        form.leads_to.value = kw["leads_to"]


def add(b: RoadmapBuilder, title: str, **kw) -> Goal:
    fill(b, title, **kw)
    b.add_button.click()
    assert b.errors == []
    return next(g for g in b.session.roadmap.goals if g.title == title)


def row_of(b: RoadmapBuilder, goal: Goal):
    return next(r for r in b.rows if r.goal_id == goal.id and r.box in b.goal_list.children)


def chart_of(b: RoadmapBuilder) -> bytes:
    return bytes(b.chart.value)


def saved_file(folder: Path) -> Path:
    (path,) = [p for p in folder.glob("*.json") if ".broken-" not in p.name]
    return path


def message_text(b: RoadmapBuilder) -> str:
    return b.message.value


def saved_text(b: RoadmapBuilder) -> str:
    """The save section's own message line (saving and loading report there)."""
    return b.save_message.value


# --- building a roadmap --------------------------------------------------------------------------
def test_short_and_long_goals_are_added_and_linked():
    """Do a long-term goal and a short-term goal linked to it land in the roadmap, list and chart?"""
    b = make()
    assert chart_of(b) == b"" and b.chart.layout.display == "none"
    assert "appears here" in b.chart_empty.value

    long = add(b, "Lead the analytics team", horizon="long-term", end=48)
    chart_one = chart_of(b)
    assert b.chart.format == "svg+xml" and b.chart.layout.display is None
    svg = ET.fromstring(chart_one)  # a whole, well-formed SVG document
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert [t.text for t in svg.iter(f"{SVG}text") if t.get("data-goal") == long.id] == [
        "Lead the analytics team"
    ]
    assert b.chart_empty.value == ""
    assert "Added" in message_text(b) and "Lead the analytics team" in message_text(b)
    # the new long-term goal is offered as a destination for stepping stones
    assert (long.title, long.id) in b.form.leads_to.widget.options

    short = add(b, "Finish an SQL course", end=6, leads_to=long.id)
    assert chart_of(b) != chart_one
    svg = ET.fromstring(chart_of(b))
    assert {e.get("data-goal") for e in svg.iter(f"{SVG}rect") if e.get("class") == "wb-bar"} == {
        long.id,
        short.id,
    }
    assert sum(e.get("class") == "wb-link" for e in svg.iter()) == 1
    roadmap = b.session.roadmap
    assert [g.title for g in roadmap.goals] == [long.title, short.title]
    assert roadmap.goal(short.id).leads_to == long.id
    assert roadmap.stepping_stones(long.id) == [roadmap.goal(short.id)]
    assert long.horizon == Horizon.LONG and short.horizon == Horizon.SHORT
    rows = [r.text.value for r in b.rows[:2]]
    assert "Lead the analytics team" in rows[0] and "long-term" in rows[0]
    assert "leads to “Lead the analytics team”" in rows[1]
    assert "months 0–6" in rows[1]
    # the form is empty again, ready for the next goal
    assert b.form.title.value == "" and b.editing is None
    # the chart in words names both goals, the advice comes from the model
    assert "Finish an SQL course" in b.chart_text.value
    assert all(a.message.split("“")[0] in b.advice.value for a in roadmap.advice())


def test_leads_to_is_only_offered_for_short_term_goals():
    """Is the 'leads to' choice hidden for a long-term goal and ignored if set before switching?"""
    b = make()
    long = add(b, "Head of operations", horizon="long-term", end=50)
    fill(b, "Become a mentor", horizon="short-term", end=8, leads_to=long.id)
    assert b.form.leads_to.box.layout.display is None
    b.form.horizon.value = "long-term"
    assert b.form.leads_to.box.layout.display == "none"
    b.form.end_month.value = 40
    b.add_button.click()
    assert b.errors == []
    assert b.session.roadmap.goals[-1].leads_to is None


def test_all_fields_reach_the_goal():
    """Do the area, dates, SMART answers, milestones and skills typed in the form reach the goal?"""
    b = make()
    form = b.form
    fill(b, "Get the Scrum Master certificate", end=9, start=1)
    form.area.value = "qualification"
    for letter, field in form.smart.items():
        field.value = f"  my {letter} answer  "
    form.add_milestone.click()
    form.add_milestone.click()
    form.milestone_rows[0].title.value = "Pass the mock exam"
    form.milestone_rows[0].month.value = 5
    form.milestone_rows[1].title.value = "Book the exam"
    form.milestone_rows[1].month.value = 8
    form.skills.value = "facilitation, ,  agile coaching ,"
    b.add_button.click()
    assert b.errors == []
    (goal,) = b.session.roadmap.goals
    assert goal.area == "qualification" and goal.start_month == 1 and goal.end_month == 9
    assert goal.start_date is None  # months place a goal; no date is asked per goal
    assert goal.smart == Smart(*(f"my {letter} answer" for letter in Smart.LETTERS))
    assert goal.milestones == [Milestone("Pass the mock exam", 5), Milestone("Book the exam", 8)]
    assert goal.skills == ["facilitation", "agile coaching"]


def test_milestone_rows_can_be_removed():
    """Does removing a milestone row drop that row only, keeping the others' values?"""
    b = make()
    form = b.form
    for _ in range(3):
        form.add_milestone.click()
    for i, row in enumerate(form.active_rows):
        row.title.value = f"step {i}"
        row.month.value = i + 1
    form.milestone_rows[1].remove.click()
    assert b.errors == []
    assert form.milestone_values() == [("step 0", 1), ("step 2", 3)]
    assert len(form.milestone_box.children) == 2


# --- editing, reordering, removing ---------------------------------------------------------------
def test_editing_changes_the_goal_in_place():
    """Does Edit load the goal into the form and Save changes replace it, keeping id and place?"""
    b = make()
    first = add(b, "Finish an SQL course", end=6)
    second = add(b, "Run a team meeting", end=3)
    row_of(b, first).edit.click()
    assert b.editing == first.id
    assert b.form.title.value == "Finish an SQL course"
    assert b.form.end_month.value == 6
    assert b.add_button.description == "Save changes"
    assert b.cancel_button.layout.display is None
    b.form.title.value = "Finish an advanced SQL course"
    b.form.end_month.value = 10
    b.add_button.click()
    assert b.errors == []
    goals = b.session.roadmap.goals
    assert [g.id for g in goals] == [first.id, second.id]
    assert goals[0].title == "Finish an advanced SQL course" and goals[0].end_month == 10
    assert b.editing is None and b.add_button.description == "Add goal"
    assert "advanced SQL" in b.rows[0].text.value


def test_cancel_edit_changes_nothing():
    """Does Cancel edit leave the goal as it was and empty the form?"""
    b = make()
    goal = add(b, "Finish an SQL course", end=6)
    before = b.session.roadmap.to_dict()
    row_of(b, goal).edit.click()
    b.form.title.value = "Something else"
    b.cancel_button.click()
    assert b.session.roadmap.to_dict() == before
    assert b.editing is None and b.form.title.value == ""
    assert b.cancel_button.layout.display == "none"


def test_goals_are_reordered_with_up_and_down():
    """Do the Up and Down buttons move goals through Roadmap.move, with edge buttons disabled?"""
    b = make()
    a, c, d = (add(b, title, end=4) for title in ("Alpha step", "Bravo step", "Charlie step"))
    order = lambda: [g.title for g in b.session.roadmap.goals]  # noqa: E731
    assert b.rows[0].up.disabled and b.rows[2].down.disabled and not b.rows[1].up.disabled
    row_of(b, d).up.click()
    assert order() == ["Alpha step", "Charlie step", "Bravo step"]
    row_of(b, a).down.click()
    assert order() == ["Charlie step", "Alpha step", "Bravo step"]
    assert "Charlie step" in b.rows[0].text.value
    assert b.errors == [] and c in b.session.roadmap.goals


def test_remove_asks_for_a_second_click():
    """Does Remove only remove after 'Yes, remove it', and 'Keep it' keep the goal?"""
    b = make()
    long = add(b, "Department manager", horizon="long-term", end=48)
    short = add(b, "Find a mentor", end=3, leads_to=long.id)
    row = row_of(b, long)
    row.remove.click()
    assert long.id in [g.id for g in b.session.roadmap.goals]
    assert row.confirm in row.box.children and row.remove not in row.box.children
    assert "Yes, remove it" in message_text(b)
    assert "“Find a mentor” leads to it" in message_text(b)  # the link it would break, named
    row.keep.click()
    assert long.id in [g.id for g in b.session.roadmap.goals]
    assert row.confirm not in row.box.children
    # a confirm button left over from an earlier arming never removes anything
    row.confirm.click()
    assert long.id in [g.id for g in b.session.roadmap.goals]
    row.remove.click()
    row.confirm.click()
    assert [g.id for g in b.session.roadmap.goals] == [short.id]
    assert b.session.roadmap.goal(short.id).leads_to is None
    assert (long.title, long.id) not in b.form.leads_to.widget.options
    assert "Removed" in message_text(b) and b.errors == []
    assert "“Find a mentor” no longer leads anywhere" in message_text(b)


# --- bad input -----------------------------------------------------------------------------------
BAD_INPUTS = [
    pytest.param({"title": ""}, "title", "empty", id="empty-title"),
    pytest.param({"title": "x" * 2000}, "title", "2,000 characters", id="2000-char-title"),
    pytest.param({"start": 8, "end": 3}, "end_month", "after the start", id="end-before-start"),
    pytest.param({"end": 61}, "end_month", "must end by month 12", id="month-61-short-term"),
    pytest.param({"milestone": 11}, "milestones[0].month", "outside", id="milestone-outside"),
    pytest.param(
        {"horizon": "long-term", "end": 500}, "end_month", "month 500", id="beyond-the-widget"
    ),
]


@pytest.mark.parametrize(("changes", "field_name", "words"), BAD_INPUTS)
def test_bad_input_is_refused_next_to_its_field(
    tmp_path: Path, changes: dict, field_name: str, words: str
):
    """Does each bad input show a message next to the field at fault and change nothing?"""
    session = Session(data_dir=tmp_path)
    b = make(session)
    add(b, "Finish an SQL course", end=6)
    b.save_button.click()
    on_disk = saved_file(tmp_path).read_bytes()
    before = session.roadmap.to_dict()
    chart = chart_of(b)

    form = b.form
    form.horizon.value = changes.get("horizon", "short-term")
    form.title.value = changes.get("title", "A fine new goal")
    form.start_month.value = changes.get("start", 0)
    form.end_month.value = changes.get("end", 8)
    if "milestone" in changes:
        form.add_milestone.click()
        form.milestone_rows[0].title.value = "Checkpoint"
        form.milestone_rows[0].month.value = changes["milestone"]
        form.end_month.value = 8
    b.add_button.click()

    assert b.errors == []
    assert session.roadmap.to_dict() == before
    assert saved_file(tmp_path).read_bytes() == on_disk
    assert chart_of(b) == chart
    by_name = {f.name: f for f in form.fields}
    assert words in by_name[field_name].message.value
    others = [f.name for f in form.fields if f.message.value and f.name != field_name]
    assert others == []
    assert "not added" in message_text(b) and words in message_text(b)
    # the student's text is kept in the form so it can be fixed
    assert form.title.value == changes.get("title", "A fine new goal")


def test_a_full_roadmap_refuses_another_goal_with_a_message():
    """With the model's maximum of goals, is one more refused in words, the form kept?"""
    session = Session()
    session.roadmap = Roadmap(goals=[Goal(f"Step {i}", end_month=3) for i in range(MAX_GOALS)])
    b = make(session)
    fill(b, "One too many", end=4)
    b.add_button.click()
    assert b.errors == [] and len(session.roadmap.goals) == MAX_GOALS
    assert f"at most {MAX_GOALS} goals" in message_text(b)
    assert b.form.title.value == "One too many"


def test_a_value_the_widget_cannot_hold_gives_a_message():
    """Is a value outside the widget's bounds (or of the wrong type) a message, not a crash?"""
    b = make()
    form = b.form
    form.title.value = "Finish an SQL course"
    form.end_month.value = 61  # the short-term box stops at 12
    assert "0 to 12" in form.end_month.message.value
    assert form.end_month.value == 61 == form.end_month.widget.value  # shown as typed
    form.start_month.value = "three"
    assert form.start_month.message.value
    form.area.value = ["not", "an", "area"]
    form.horizon.value = 7
    b.add_button.click()
    assert b.errors == [] and b.session.roadmap.goals == []
    assert "whole number" in form.start_month.message.value
    assert "listed areas" in form.area.message.value
    assert "short-term or long-term" in form.horizon.message.value
    # typing in the widget replaces the pending value
    form.end_month.widget.value = 7
    form.start_month.widget.value = 1
    form.area.widget.value = "education"
    form.horizon.widget.value = "long-term"
    form.horizon.widget.value = "short-term"
    b.add_button.click()
    assert b.errors == [] and [g.end_month for g in b.session.roadmap.goals] == [7]


def test_switching_to_short_term_moves_a_late_end_and_says_so():
    """Does switching a month-48 goal to short-term move the end to 12 with a note?"""
    b = make()
    form = b.form
    form.horizon.value = "long-term"
    form.end_month.value = 48
    form.horizon.value = "short-term"
    assert form.end_month.value == 12
    assert "48" in form.end_month.message.value
    assert form.end_month.high == 12


def test_about_fields_are_validated_next_to_the_field(tmp_path: Path):
    """Are name, role and employer applied when valid, and refused with a message when not?"""
    session = Session(data_dir=tmp_path)
    b = make(session)
    b.owner.value = "  Ada  Lovelace "
    b.role.value = "Data analyst"
    b.employer.value = "Acme"
    assert (session.roadmap.owner, session.roadmap.role, session.roadmap.employer) == (
        "Ada Lovelace",
        "Data analyst",
        "Acme",
    )
    assert "updated" in b.about_message.value
    b.role.value = "r" * 500
    assert session.roadmap.role == "Data analyst"
    assert "500 characters" in b.role.message.value
    assert "not updated" in b.about_message.value
    b.employer.value = 42
    assert session.roadmap.employer == "Acme" and "must be text" in b.employer.message.value
    assert b.errors == []


# --- saving and loading --------------------------------------------------------------------------
def test_save_gives_a_code_and_a_file_on_disk(workbook_data: Path):
    """Does Save show a personal code and write the work under WORKBOOK_DATA?"""
    b = make(Session())
    assert "Not saved yet" in b.code_display.value
    add(b, "Finish an SQL course", end=6)
    b.save_button.click()
    code = b.session.code
    assert code and code in b.code_display.value
    assert "you need it to come back to your work" in b.code_display.value
    assert code in saved_text(b)
    path = saved_file(workbook_data)
    assert store.load_work(code).roadmap.to_dict() == b.session.roadmap.to_dict()
    assert json.loads(path.read_text())["roadmap"]["goals"][0]["title"] == "Finish an SQL course"


def test_changes_are_autosaved_once_there_is_a_code(tmp_path: Path):
    """After the first save, is each add, move, edit and removal saved without pressing Save?"""
    session = Session(data_dir=tmp_path)
    b = make(session)
    first = add(b, "First step", end=2)
    b.save_button.click()
    add(b, "Second step", end=4)
    loaded = lambda: [g.title for g in store.load_work(session.code, folder=tmp_path).roadmap.goals]  # noqa: E731
    assert loaded() == ["First step", "Second step"]
    row_of(b, first).down.click()
    assert loaded() == ["Second step", "First step"]
    row = row_of(b, first)
    row.remove.click()
    row.confirm.click()
    assert loaded() == ["Second step"]
    b.owner.value = "Sam"
    assert store.load_work(session.code, folder=tmp_path).roadmap.owner == "Sam"


def test_load_with_the_code_restores_the_work_in_a_fresh_builder(tmp_path: Path):
    """Does a new session + builder, given the code, show the same roadmap, details and chart?"""
    first = make(Session(data_dir=tmp_path))
    first.owner.value = "Ada"
    first.role.value = "Analyst"
    long = add(first, "Lead the analytics team", horizon="long-term", end=48)
    add(first, "Finish an SQL course", end=6, leads_to=long.id)
    first.save_button.click()
    code = first.session.code

    fresh = make(Session(data_dir=tmp_path))
    empty_chart = chart_of(fresh)
    fresh.load_code.value = f"  {code.upper()} "
    fresh.load_button.click()
    assert fresh.errors == []
    assert fresh.session.roadmap.to_dict() == first.session.roadmap.to_dict()
    assert fresh.owner.value == "Ada" and fresh.role.value == "Analyst"
    assert "Welcome back" in saved_text(fresh)
    assert code in fresh.code_display.value
    assert "Lead the analytics team" in fresh.rows[0].text.value
    assert chart_of(fresh) != empty_chart
    assert (long.title, long.id) in fresh.form.leads_to.widget.options


@pytest.mark.parametrize("code", ["nothing-here-1234", "apple-grape-lemon-0000", "", "../etc"])
def test_a_wrong_code_gives_a_friendly_message(tmp_path: Path, code: str):
    """Does a wrong, empty or malformed code explain itself and leave the work as it was?"""
    b = make(Session(data_dir=tmp_path))
    add(b, "Keep me", end=3)
    before = b.session.roadmap.to_dict()
    b.load_code.value = code
    b.load_button.click()
    assert b.errors == []
    assert b.session.roadmap.to_dict() == before
    text = saved_text(b)
    assert ("could not load" in text or "Type the code" in text) and "Traceback" not in text
    assert "Something went wrong" not in text


def test_a_restored_backup_is_announced(tmp_path: Path):
    """When the saved file is damaged and the previous copy is used, does the builder say so?"""
    session = Session(data_dir=tmp_path)
    b = make(session)
    add(b, "First step", end=2)
    b.save_button.click()
    add(b, "Second step", end=4)  # autosave: the first version becomes the backup
    saved_file(tmp_path).write_text("{ this is not json", encoding="utf-8")

    fresh = make(Session(data_dir=tmp_path))
    fresh.load_code.value = session.code
    fresh.load_button.click()
    assert fresh.errors == []
    assert [g.title for g in fresh.session.roadmap.goals] == ["First step"]
    assert fresh.session.notice
    assert fresh.notice.value and "wb-note" in fresh.notice.value
    assert fresh.notice.value == fresh.notice.value.replace("<script", "")


def test_the_builder_follows_changes_made_elsewhere(tmp_path: Path):
    """When another view replaces the session's roadmap, do the list, details and chart follow?"""
    session = Session(data_dir=tmp_path)
    b = make(session)
    chart = chart_of(b)
    session.roadmap = Roadmap(owner="Kim", goals=[Goal("Made elsewhere", end_month=5)])
    assert b.owner.value == "Kim"
    assert "Made elsewhere" in b.rows[0].text.value
    assert chart_of(b) != chart and b.errors == []
    # a quiz answer changes the work but not the roadmap: no costly redraw
    b.render_seconds = None
    session.record_attempt("q1", "b", "correct")
    assert b.render_seconds is None
    assert session.code is None  # a checked answer hands out no code; saving does
    session.save()
    assert session.code in b.code_display.value and session.code in b.whose.value


# --- safety --------------------------------------------------------------------------------------
def test_student_html_is_escaped_in_every_html_widget():
    """Is '<img onerror>' typed into every text field shown escaped, never as markup?"""
    b = make()
    for field in (b.owner, b.role, b.employer):
        field.value = EVIL
    long = add(b, EVIL, horizon="long-term", end=30)
    form = b.form
    fill(b, EVIL + " step", end=6, leads_to=long.id)
    for field in form.smart.values():
        field.value = EVIL
    form.add_milestone.click()
    form.milestone_rows[0].title.value = EVIL
    form.milestone_rows[0].month.value = 3
    form.skills.value = EVIL
    b.add_button.click()
    assert b.errors == [] and len(b.session.roadmap.goals) == 2
    step = b.session.roadmap.goals[1]
    assert step.skills == [EVIL] and step.smart.specific == EVIL
    checks = [html_values(b)]
    row_of(b, step).edit.click()  # the form heading names the goal
    checks.append(html_values(b))
    form.title.value = "x" * 200
    b.add_button.click()  # refused: messages
    checks.append(html_values(b))
    b.cancel_button.click()
    row_of(b, long).remove.click()  # the confirmation names the goal
    checks.append(html_values(b))
    b.prepare_button.click()
    checks.append(html_values(b))
    escaped = 0
    for values in checks:
        for value in values:
            assert "<img" not in value and "onerror=alert(1)>" not in value
            escaped += "&lt;img src=x onerror=alert(1)&gt;" in value
    assert escaped >= 8  # list rows, headings, confirmations, the chart in words, advice...
    assert b.errors == []


def test_an_unexpected_error_becomes_a_friendly_message(monkeypatch: pytest.MonkeyPatch):
    """If something breaks inside a handler, does the student see a sentence, not a traceback?"""
    b = make()
    add(b, "Finish an SQL course", end=6)

    def broken() -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(b.session, "save", broken)
    b.save_button.click()  # must not raise
    assert len(b.errors) == 1 and isinstance(b.errors[0], RuntimeError)
    assert "Sorry, something went wrong" in saved_text(b)  # next to the button pressed
    assert "disk on fire" not in saved_text(b) and "Traceback" not in saved_text(b)


def test_css_classes_mark_the_main_controls():
    """Do the main controls carry the stable classes the app and browser tests rely on?"""
    b = make()
    expected = {
        "wb-goal-title": b.form.title.widget,
        "wb-add-goal": b.add_button,
        "wb-timeline": b.chart,
        "wb-save": b.save_button,
        "wb-load": b.load_button,
        "wb-message": b.message,
        "wb-download": b.downloads,
        "wb-builder": b.widget,
        "wb-about-message": b.about_message,
        "wb-save-message": b.save_message,
        "wb-download-message": b.download_message,
        "wb-timeline-empty": b.chart_empty,
        "wb-save-box": b.sections["save"],
        "wb-download-box": b.sections["downloads"],
    }
    for css, widget in expected.items():
        assert css in widget._dom_classes
        assert widget in list(walk(b.widget))


def test_a_host_places_the_sections_it_takes_out():
    """With sections=("goals", "chart"), does the builder show only those, leave the rest to the
    host, and do the sections it left out still work?"""
    session = Session()
    b = RoadmapBuilder(session, sections=("goals", "chart"))
    assert list(b.widget.children) == [b.sections["goals"], b.sections["chart"]]
    inside = set(map(id, walk(b.widget)))
    for name in ("notice", "about", "save", "downloads"):
        assert id(b.sections[name]) not in inside
    assert id(b.owner.widget) in set(map(id, walk(b.sections["about"])))
    b.owner.value = "Ada"
    assert session.roadmap.owner == "Ada" and "updated" in b.about_message.value
    add(b, "Finish an SQL course", end=6)
    b.prepare_button.click()
    assert "my-roadmap.md" in b.downloads.value and "ready" in b.download_message.value
    assert b.errors == []
    with pytest.raises(ValueError, match="unknown builder sections"):
        RoadmapBuilder(Session(), sections=("goals", "sidebar"))


EMPTY_THEN_DRAWN = """
import json, sys
from workbook.session import Session
from workbook.ui.builder import roadmap_builder
heavy = ("matplotlib", "numpy", "PIL", "pandas")
b = roadmap_builder(Session(data_dir=sys.argv[1])).builder
empty = bytes(b.chart.value)
b.form.title.value = "Finish an SQL course"
b.add_button.click()
drawn = bytes(b.chart.value)
b.rows[0].remove.click(); b.rows[0].confirm.click()
print(json.dumps({"heavy": [m for m in heavy if m in sys.modules], "errors": len(b.errors),
                  "empty": empty.decode(), "drawn": drawn[:4].decode(),
                  "again": bytes(b.chart.value).decode(), "note": b.chart_empty.value}))
"""


def test_the_live_chart_never_loads_matplotlib(tmp_path: Path):
    """In a fresh kernel, is a goal drawn (as SVG) with no matplotlib, numpy, PIL or pandas
    loaded, and does removing the last goal bring the empty-state note back?"""
    done = subprocess.run(
        [sys.executable, "-c", EMPTY_THEN_DRAWN, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["heavy"] == [] and result["errors"] == 0
    assert result["empty"] == "" and result["drawn"] == "<svg" and result["again"] == ""
    assert "appears here" in result["note"]


DOWNLOADS_ELSEWHERE = """
import json, sys
from workbook.session import Session
from workbook.ui.builder import roadmap_builder
b = roadmap_builder(Session(data_dir=sys.argv[1])).builder
b.form.title.value = "Finish an SQL course"
b.add_button.click()
b.prepare_button.click()
print(json.dumps({"matplotlib": "matplotlib" in sys.modules, "errors": len(b.errors),
                  "png": "my-roadmap.png" in b.downloads.value}))
"""


def test_chart_downloads_are_drawn_in_another_process(tmp_path: Path):
    """Are the PNG and SVG downloads drawn by matplotlib in a child process, so the kernel
    that prepared them still has no matplotlib loaded?"""
    done = subprocess.run(
        [sys.executable, "-c", DOWNLOADS_ELSEWHERE, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {
        "matplotlib": False,
        "errors": 0,
        "png": True,
    }


def test_chart_downloads_still_come_when_the_child_process_cannot_start(monkeypatch):
    """If the drawing process cannot run (say the interpreter path is gone), are the chart
    files drawn in this process instead, so the student still gets them?"""
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    b = make()
    add(b, "Finish an SQL course", end=6)
    b.prepare_button.click()
    assert b.errors == []
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;(?:charset=utf-8;)?base64,([^"]+)"', b.downloads.value))  # fmt: skip
    assert base64.b64decode(links["my-roadmap.png"]).startswith(PNG)


# --- downloads -----------------------------------------------------------------------------------
def test_downloads_are_data_links_regenerated_after_changes():
    """Does Prepare downloads give six working data: links, marked stale after a change?"""
    b = make()
    add(b, "Finish an SQL course", end=6)
    b.prepare_button.click()
    assert b.errors == []
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;(?:charset=utf-8;)?base64,([^"]+)"', b.downloads.value))  # fmt: skip
    assert set(links) == {f"my-roadmap.{s}" for s in ("md", "csv", "ics", "png", "svg", "json")}
    data = {name: base64.b64decode(value) for name, value in links.items()}
    assert b"Finish an SQL course" in data["my-roadmap.md"]
    assert b"Finish an SQL course" in data["my-roadmap.csv"]
    assert data["my-roadmap.ics"].startswith(b"BEGIN:VCALENDAR")
    assert data["my-roadmap.png"].startswith(PNG)
    assert b"<svg" in data["my-roadmap.svg"]
    assert "Finish an SQL course" in data["my-roadmap.json"].decode()
    add(b, "Run a meeting", end=2)
    assert "data:" not in b.downloads.value and "Prepare downloads" in b.downloads.value


def test_dates_mode_shows_real_months(tmp_path: Path):
    """With dates=True, does month 0 take a real date that reaches the roadmap and the list?"""
    b = make(Session(data_dir=tmp_path), dates=True)
    start = dt.date(dt.date.today().year, 1, 1)
    b.roadmap_start.value = start
    assert b.session.roadmap.start_date == start
    add(b, "Finish an SQL course", end=6)
    assert f"{start:%b %Y}" in b.rows[0].text.value
    b.roadmap_start.value = dt.date(1850, 1, 1)
    assert "1850" in b.roadmap_start.message.value
    assert b.session.roadmap.start_date == start


# --- property test: nothing a student does escapes as an exception --------------------------------
ANY_VALUE = st.one_of(
    st.text(max_size=150),
    st.text(alphabet=st.characters(), min_size=100, max_size=2500),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.integers(min_value=-2, max_value=130),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates(),
    st.datetimes(),
    st.none(),
    st.booleans(),
    st.sampled_from(["short-term", "long-term", "leadership", "education", EVIL]),
    st.lists(st.text(max_size=10), max_size=3),
)
BUTTONS = ["add", "save", "milestone+", "milestone-", "edit", "up", "down", "remove", "confirm"]
ACTIONS = st.lists(
    st.one_of(
        st.tuples(st.just("set"), st.integers(0, 40), ANY_VALUE),
        st.tuples(st.just("click"), st.sampled_from(BUTTONS), st.integers(0, 5)),
    ),
    min_size=1,
    max_size=14,
)


def _fields(b: RoadmapBuilder) -> list[Field]:
    return [*b.about_fields.values(), *b.form.fields]


def _act(b: RoadmapBuilder, action: tuple) -> None:
    kind, what, arg = action
    if kind == "set":
        fields = _fields(b)
        fields[what % len(fields)].value = arg
        return
    shown = [r for r in b.rows if r.box in b.goal_list.children]
    buttons = {
        "add": lambda: b.add_button,
        "save": lambda: b.save_button,
        "milestone+": lambda: b.form.add_milestone,
        "milestone-": lambda: b.form.active_rows[arg % len(b.form.active_rows)].remove,
        "edit": lambda: shown[arg % len(shown)].edit,
        "up": lambda: shown[arg % len(shown)].up,
        "down": lambda: shown[arg % len(shown)].down,
        "remove": lambda: shown[arg % len(shown)].remove,
        "confirm": lambda: shown[arg % len(shown)].confirm,
    }
    try:
        button = buttons[what]()
    except ZeroDivisionError:  # no such row right now
        return
    button.click()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(actions=ACTIONS, dates=st.booleans())
def test_random_input_never_escapes_or_corrupts_the_file(actions: list[tuple], dates: bool):
    """Whatever goes into any field and whatever is clicked, is no exception uncaught and does
    the saved file always load back as the roadmap on screen?"""
    with tempfile.TemporaryDirectory() as folder:
        session = Session(data_dir=Path(folder))
        b = make(session, dates=dates)
        try:
            add(b, "A goal to start from", end=5)
            b.save_button.click()
            for action in [*actions, ("click", "save", 0)]:
                _act(b, action)  # a handler error would be caught and recorded, not raised
                assert b.errors == [], action
                session.roadmap.validate()
            loaded = store.load_work(session.code, folder=folder)
            assert loaded.roadmap.to_dict()["goals"] == session.roadmap.to_dict()["goals"]
            for value in html_values(b):
                assert "<img" not in value
        finally:
            b.close()


# --- whose work, two pages, a new workbook ---------------------------------------------------------
def test_a_page_behind_the_file_refuses_to_save_and_offers_a_reload(tmp_path: Path):
    """With the same work open in two builders, is the older page's change refused with a
    banner and a reload button (the newer file untouched), and does the reload bring in the
    other page's goal?"""
    first = make(Session(data_dir=tmp_path))
    add(first, "Lead the data team", horizon="long-term", end=36)
    first.save_button.click()
    second = make(Session(data_dir=tmp_path))
    second.load_code.value = first.session.code
    second.load_button.click()
    add(first, "Finish the SQL course", end=4)
    before = saved_file(tmp_path).read_bytes()
    second.owner.value = "Ana"
    assert "behind your saved work" in message_text(second) + second.stale_message.value
    assert second.stale_box.layout.display is None  # the banner and its button are shown
    assert saved_file(tmp_path).read_bytes() == before
    second.reload_button.click()
    assert second.errors == [] and second.stale_box.layout.display == "none"
    assert [r.goal_id for r in second.rows if r.box in second.goal_list.children] == [
        g.id for g in first.session.roadmap.goals
    ]
    second.owner.value = "Ana"
    assert store.load_work(first.session.code, folder=tmp_path).roadmap.owner == "Ana"


def test_whose_work_is_shown_escaped_and_a_new_workbook_starts_empty(tmp_path: Path):
    """Does the top line name the owner (escaped) and the code, and does "Start a new workbook"
    leave the saved work on disk and open an empty one?"""
    b = make(Session(data_dir=tmp_path))
    assert "not saved yet" in b.whose.value
    b.owner.value = "<b>Ana</b>"
    add(b, "Lead the data team", horizon="long-term", end=36)
    b.save_button.click()
    code = b.session.code
    assert "&lt;b&gt;Ana&lt;/b&gt;" in b.whose.value and code in b.whose.value
    on_disk = saved_file(tmp_path).read_bytes()
    b.new_button.click()
    assert b.session.code is None and b.session.roadmap.goals == []
    assert b.owner.value == "" and "no name yet" in b.whose.value
    assert code in b.new_message.value  # how to get back to the previous work
    assert saved_file(tmp_path).read_bytes() == on_disk
    assert store.remembered_code(folder=tmp_path) is None


def test_starting_afresh_asks_twice_before_dropping_unsaved_work(tmp_path: Path):
    """Is unsaved work kept after one press of "Start a new workbook", and dropped only after
    the second?"""
    b = make(Session(data_dir=tmp_path))
    add(b, "Lead the data team", horizon="long-term", end=36)
    b.new_button.click()
    assert len(b.session.roadmap.goals) == 1 and "not been saved" in b.new_message.value
    b.new_button.click()
    assert b.session.roadmap.goals == [] and b.errors == []
    assert list(tmp_path.glob("*.json")) == []


@pytest.mark.parametrize(
    ("box", "typed"), [("end_month", 200), ("end_month", 13), ("start_month", -5)]
)
def test_a_month_out_of_range_is_kept_as_typed_and_explained(box: str, typed: int):
    """When a student types 200, 13 or -5 into a month box, does the box keep the number and say
    beside it what is allowed (instead of quietly changing it), and is the goal not added?"""
    b = make()
    form = b.form
    form.title.value = "Finish an SQL course"
    field = getattr(form, box)
    field.widget.value = typed  # as the browser sends it
    assert field.widget.value == typed and field.value == typed
    assert "outside what this goal allows" in field.message.value
    assert "Nothing was changed for you" in field.message.value
    b.add_button.click()
    assert b.session.roadmap.goals == [] and b.errors == []
    assert field.message.value  # still explained beside the box
    field.widget.value = 6 if box == "end_month" else 0
    assert field.message.value == ""


def test_a_goal_asks_for_months_not_a_date_that_would_move_nothing(tmp_path: Path):
    """Is there no per-goal start date in the form (it moved nothing on the chart or the
    calendar), while a goal that carries one from an older save keeps it through an edit?"""
    b = make(Session(data_dir=tmp_path))
    assert not hasattr(b.form, "start_date")
    assert "Start date" not in " ".join(html_values(b))
    old = Goal("Finish the SQL course", end_month=6, start_date=dt.date(2027, 3, 1))
    b.session.roadmap = Roadmap(goals=[old])
    row_of(b, old).edit.click()
    b.form.title.value = "Finish the advanced SQL course"
    b.add_button.click()
    assert b.errors == []
    (goal,) = b.session.roadmap.goals
    assert goal.title == "Finish the advanced SQL course" and goal.start_date == old.start_date
