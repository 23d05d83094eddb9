"""Exports of a roadmap: Markdown, CSV, calendar, chart images, JSON, and the export command."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from strategies import roadmaps, texts

from workbook.export import (
    CSV_COLUMNS,
    FORMATS,
    chart_bytes,
    chart_files,
    export,
    from_csv,
    read_roadmap_file,
    to_csv,
    to_ics,
    to_markdown,
)
from workbook.model import Goal, Horizon, Milestone, Roadmap, Smart, ValidationError
from workbook.store import iter_saved, save_roadmap

ROOT = Path(__file__).resolve().parent.parent
UPDATED = dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC)
#: text a spreadsheet, a Markdown renderer or a CSV parser could take for something else
TRICKY = [
    '=HYPERLINK("http://evil","click")',
    "+1 555 0100",
    "-2+3",
    "@SUM(A1:A9)",
    "'=already quoted",
    "''@twice",
    "\t=tabbed",
    "\r=cr",
    'a, "quoted", b',
    "two\nlines\r\nand\rmore",
    "<b>bold</b> & <script>alert(1)</script>",
    "*stars* _under_ [link](http://x) # hash `code` | pipe ~ $5 $x^2$",
    "1. not a list",
    "- not a bullet",
    "Ziel 🎯 日本語 עברית",
    "  padded  ",
]


def sample_roadmap() -> Roadmap:
    """A small but complete roadmap: one destination, two steps, SMART answers, milestones."""
    roadmap = Roadmap(
        owner="Ana Núñez",
        role="Data analyst",
        employer="Acme & Sons",
        start_date=dt.date(2027, 1, 31),
        updated=UPDATED,
    )
    lead = roadmap.add(
        Goal(
            id="glead0001",
            title="Lead the analytics team",
            horizon=Horizon.LONG,
            area="leadership",
            start_month=12,
            end_month=48,
            smart=Smart(
                specific="Run a team of four analysts",
                measurable="Team delivers the quarterly forecast",
                achievable="I already mentor two juniors",
                relevant="Acme is growing its data team",
                timely="Within four years",
            ),
            milestones=[Milestone("Present to the board", 30)],
            skills=["Leadership", "Forecasting"],
        )
    )
    roadmap.add(
        Goal(
            id="gsql00002",
            title="Finish an SQL course",
            end_month=6,
            leads_to=lead.id,
            milestones=[Milestone("Half the modules", 3), Milestone("Capstone", 6)],
            skills=["SQL"],
            smart=Smart(specific="The advanced SQL course", measurable="Certificate"),
        )
    )
    roadmap.add(Goal(id="gment0003", title="Find a mentor", start_month=1, end_month=4))
    roadmap.updated = UPDATED
    return roadmap


@st.composite
def tricky_roadmaps(draw: st.DrawFn) -> Roadmap:
    """Valid roadmaps whose text is often chosen to break CSV, spreadsheets or Markdown."""
    roadmap = draw(roadmaps(max_goals=4))
    text = st.sampled_from(TRICKY) | texts(min_size=1, max_size=40)
    roadmap.owner = draw(st.just("") | text)
    roadmap.role = draw(st.just("") | text)
    for goal in roadmap.goals:
        goal.title = draw(text)
        goal.smart.specific = draw(st.just("") | text)
        goal.skills = draw(st.lists(text, max_size=2))
        for ms in goal.milestones:
            ms.title = draw(text)
    # rebuilt the way the model builds every roadmap (typed text tidied), then kept if valid
    roadmap = Roadmap.from_dict(roadmap.to_dict(), validate=False)
    assume(not roadmap.errors())
    return roadmap


# --- Markdown ------------------------------------------------------------------------------------
class _TextOf(HTMLParser):
    """The visible text and the tag names of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def render(markdown: str) -> _TextOf:
    mistune = pytest.importorskip("mistune")
    parser = _TextOf()
    parser.feed(mistune.html(markdown))
    return parser


def test_markdown_one_pager_has_every_part_in_order():
    """Does the one-pager show who, each destination then its steps, SMART, milestones, skills, advice?"""
    roadmap = sample_roadmap()
    md = to_markdown(roadmap)
    assert md.startswith("# Career roadmap: Data analyst at Acme & Sons\n")
    assert "**Name:** Ana Núñez" in md and "**Employer:** Acme & Sons" in md
    order = [
        "## Long-term goals",
        "### Lead the analytics team",
        "**Specific:** Run a team of four analysts",
        "month 30: Present to the board",
        "**Skills:** Leadership, Forecasting",
        "#### Stepping stones towards Lead the analytics team",
        "##### Finish an SQL course",
        "month 3: Half the modules",
        "## Other short-term goals",
        "### Find a mentor",
        "## Advice",
    ]
    positions = [md.index(part) for part in order]
    assert positions == sorted(positions)
    assert "*not answered yet*" in md  # the SQL course leaves three SMART letters open
    shown = " ".join("".join(render(md).text).split())
    assert roadmap.advice()
    for advice in roadmap.advice():
        assert advice.message in shown


def test_markdown_reads_as_plain_text_where_nothing_needs_escaping():
    """Do ordinary words ("A&E", "waiting-time", "month 24.", "snake_case") stay exactly as
    typed in the Markdown source, while still rendering as typed?"""
    typed = "Cut A&E waiting-time by 10% at month 24. Track it in report_v2 (daily)."
    roadmap = Roadmap(updated=UPDATED, employer="St Mary's A&E")
    roadmap.add(Goal(title=typed, end_month=6))
    md = to_markdown(roadmap, advice=False)
    assert typed in md and "St Mary's A&E" in md
    assert "\\" not in md and "&amp;" not in md
    shown = " ".join("".join(render(md).text).split())
    assert typed in shown


def test_markdown_carries_the_rehearsed_answer_as_typed():
    """Is the student's latest answer in the one-pager, near the top, with its paragraphs, and
    rendered as the same words even when it holds markup?"""
    answer = "In five years I want to lead *the* team.\n\nFirst, I'll finish <b>SQL</b> & R."
    md = to_markdown(sample_roadmap(), answer=answer)
    assert md.index("My answer") < md.index("## Long-term goals")
    page = render(md)
    shown = " ".join("".join(page.text).split())
    assert "In five years I want to lead *the* team." in shown
    assert "First, I'll finish <b>SQL</b> & R." in shown
    assert "blockquote" in page.tags and "b" not in page.tags
    assert "My answer" not in to_markdown(sample_roadmap(), answer="  ")


def test_markdown_without_advice():
    """With advice=False, is the advice section left out?"""
    assert "## Advice" not in to_markdown(sample_roadmap(), advice=False)
    assert "## Advice" in to_markdown(sample_roadmap())


@pytest.mark.parametrize("typed", TRICKY)
def test_markdown_shows_student_text_as_typed(typed):
    """Does a title with Markdown or HTML in it render as the same words, with no markup?"""
    roadmap = Roadmap(updated=UPDATED)
    roadmap.add(Goal(title=typed, end_month=6, smart=Smart(specific=typed)))
    page = render(to_markdown(roadmap, advice=False))
    shown = " ".join("".join(page.text).split())
    one_line = " ".join(typed.split())
    assert shown.count(one_line) >= 2  # the heading and the SMART answer
    assert set(page.tags) <= {"h1", "h3", "h2", "p", "ul", "li", "strong", "em", "br"}


def test_markdown_for_an_empty_roadmap():
    """Does an empty roadmap give a short page saying what to add?"""
    md = to_markdown(Roadmap())
    assert "No goals yet" in md and "## Long-term goals" not in md


# --- CSV ---------------------------------------------------------------------------------------------
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tricky_roadmaps())
def test_csv_round_trip_is_exact(roadmap):
    """Does from_csv(to_csv(r)) give back exactly r's goals (links, milestones and skills
    included), whatever the text holds?"""
    assert from_csv(to_csv(roadmap)).goals == roadmap.goals


@settings(max_examples=30, deadline=None)
@given(tricky_roadmaps())
def test_csv_cells_never_start_a_formula(roadmap):
    """Does no cell, as a spreadsheet reads it, start with =, +, -, @, a tab or a CR?"""
    for row in csv.reader(io.StringIO(to_csv(roadmap), newline="")):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_layout_is_a_plain_table():
    """Does the CSV open as one header row and one row per goal, with the link named by its
    goal's title, milestones and skills one per line (no JSON, no '#' rows), and cells that
    could run as formulas guarded?"""
    roadmap = sample_roadmap()
    roadmap.goals[1].skills = ["SQL", "=cmd|' /C calc'!A0"]
    rows = list(csv.reader(io.StringIO(to_csv(roadmap), newline="")))
    header, *goals = rows
    assert tuple(header) == CSV_COLUMNS and header[0] == "title"
    assert not any(cell.startswith("#") for row in rows for cell in row[:1])
    assert [row[0] for row in goals] == [g.title for g in roadmap.goals]
    sql = dict(zip(header, goals[1], strict=True))
    assert sql["milestones"] == "month 3: Half the modules\nmonth 6: Capstone"
    assert sql["skills"] == "SQL\n=cmd|' /C calc'!A0"  # only a cell's start can run a formula
    assert sql["leads_to"] == "Lead the analytics team"
    assert sql["specific"] == "The advanced SQL course"
    assert not any(cell.lstrip().startswith(("[", "{")) for row in goals for cell in row)
    back = from_csv(to_csv(roadmap))
    assert back.goals == roadmap.goals


@pytest.mark.parametrize("skills", [[";"], ["a; b"], ["[x]"], ["two\nlines", "b"], ["a", "b; c"]])
def test_skills_that_look_like_the_cells_own_syntax_come_back_as_typed(skills):
    """Does a skill holding ";", "[" or a line break survive the CSV round trip (hypothesis
    once found ';' coming back as no skill at all)?"""
    roadmap = Roadmap(updated=UPDATED)
    roadmap.add(Goal(title="Learn", end_month=6, skills=skills))
    assert from_csv(to_csv(roadmap)).goals[0].skills == roadmap.goals[0].skills


def test_a_formula_at_the_start_of_a_cell_is_guarded():
    """Is a title a spreadsheet would run as a formula kept as text, and read back as typed?"""
    roadmap = sample_roadmap()
    roadmap.goals[0].title = '=HYPERLINK("http://evil","click")'
    rows = list(csv.reader(io.StringIO(to_csv(roadmap), newline="")))
    assert rows[1][0].startswith("'=")
    assert from_csv(to_csv(roadmap)).goals[0].title == roadmap.goals[0].title


def test_csv_edited_in_a_spreadsheet_still_reads():
    """Does a CSV with blank rows, a BOM and hand-typed skills ('a; b') still load?"""
    text = (
        "\ufeff#owner,Sam\r\n\r\n"
        "title,horizon,start_month,end_month,skills,milestones\r\n"
        "Learn Python,short-term,0,6,Python; pandas,\r\n"
        ",,,,,\r\n"
    )
    roadmap = from_csv(text)
    assert roadmap.owner == "Sam"
    (goal,) = roadmap.goals
    assert (goal.title, goal.end_month, goal.skills) == ("Learn Python", 6, ["Python", "pandas"])


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("just,some,words\r\nmore,words,here\r\n", "no 'title' column"),
        ("title,end_month,milestones\r\nX,6,[{oops\r\n", "milestones is not a valid JSON list"),
        ("title,end_month\r\nX,six\r\n", "whole number of months"),
        ("title,end_month\r\nX,40\r\n", "must end by month 12"),
        ("title,end_month\r\nX,6,extra\r\n", "more cells than the header"),
    ],
)
def test_bad_csv_gives_a_friendly_error(text, words):
    """Does a broken CSV raise a ValueError that says what is wrong?"""
    with pytest.raises(ValueError, match=words):
        from_csv(text)


def test_bad_csv_goal_names_the_field():
    """Is an invalid goal in a CSV reported with the field at fault?"""
    with pytest.raises(ValidationError) as exc:
        from_csv("title,start_month,end_month\r\nX,5,3\r\n")
    assert exc.value.for_field("goals[0].end_month")


# --- JSON --------------------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(tricky_roadmaps())
def test_json_round_trip_is_exact(roadmap):
    """Does the exported JSON load back as exactly the same roadmap?"""
    text = json.dumps(roadmap.to_dict(), ensure_ascii=False)
    assert Roadmap.from_dict(json.loads(text)) == roadmap


def test_json_file_round_trip(tmp_path):
    """Does a roadmap exported as .json read back through read_roadmap_file unchanged?"""
    roadmap = sample_roadmap()
    path = export(roadmap, tmp_path / "mine.json")
    assert read_roadmap_file(path) == roadmap


# --- calendar ---------------------------------------------------------------------------------------
def events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


def test_ics_has_an_all_day_event_per_milestone_and_goal_end():
    """Does the calendar hold one all-day event per milestone and per goal, on the right days?"""
    roadmap = sample_roadmap()
    found = events(to_ics(roadmap))
    assert len(found) == 3 + 3  # three milestones, three goals
    by_summary = {str(e["SUMMARY"]): e for e in found}
    board = by_summary["Milestone: Present to the board"]
    assert board.decoded("DTSTART") == dt.date(2029, 7, 31)  # Jan 31 2027 + 30 months
    assert board.decoded("DTEND") == dt.date(2029, 8, 1)
    assert by_summary["Goal due: Finish an SQL course"].decoded("DTSTART") == dt.date(2027, 7, 31)
    assert by_summary["Goal due: Lead the analytics team"].decoded("DTSTART") == dt.date(
        2031, 1, 31
    )
    for event in found:
        assert type(event.decoded("DTSTART")) is dt.date  # all-day, not a time
        assert event.decoded("DTSTAMP") == UPDATED
        assert str(event["UID"]).endswith("@career-goals-workbook")
    sql_due = str(by_summary["Goal due: Finish an SQL course"]["DESCRIPTION"])
    assert "Leads to: Lead the analytics team" in sql_due and "months 0–6" in sql_due
    assert len({str(e["UID"]) for e in found}) == len(found)


def test_ics_start_date_overrides_and_defaults_to_today():
    """Does an explicit start move every date, and does no start date count from today?"""
    roadmap = sample_roadmap()
    moved = events(to_ics(roadmap, start=dt.date(2030, 5, 10)))
    days = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in moved}
    assert days["Goal due: Find a mentor"] == dt.date(2030, 9, 10)
    roadmap.start_date = None
    today = dt.date.today()
    found = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events(to_ics(roadmap))}
    assert found["Goal due: Find a mentor"] - today >= dt.timedelta(days=118)
    assert found["Goal due: Find a mentor"] - today <= dt.timedelta(days=124)


def test_ics_uids_are_stable_across_exports_and_edits():
    """Do events keep their UIDs when the roadmap is exported again or another goal is added?"""
    roadmap = sample_roadmap()
    first = {str(e["SUMMARY"]): str(e["UID"]) for e in events(to_ics(roadmap))}
    roadmap.add(Goal(title="Give a talk", start_month=2, end_month=9))
    again = {str(e["SUMMARY"]): str(e["UID"]) for e in events(to_ics(roadmap))}
    assert {k: again[k] for k in first} == first
    assert len(again) == len(first) + 1


def test_ics_survives_tricky_text():
    """Does text with commas, semicolons, newlines and unicode come back from the calendar intact?"""
    roadmap = Roadmap(updated=UPDATED)
    title = "Réunion; a, b\nnext line 🎯 \\ back"
    roadmap.add(Goal(title=title, end_month=3, milestones=[Milestone(title, 2)]))
    summaries = {str(e["SUMMARY"]) for e in events(to_ics(roadmap, start=dt.date(2027, 1, 1)))}
    assert summaries == {f"Goal due: {title}", f"Milestone: {title}"}


# --- chart bytes ------------------------------------------------------------------------------------
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}


@pytest.mark.parametrize("fmt", sorted(MAGIC))
def test_chart_bytes_formats(fmt):
    """Does each chart format start with its file signature?"""
    data = chart_bytes(sample_roadmap(), fmt)
    assert data.startswith(MAGIC[fmt]) and len(data) > 1000


def test_chart_bytes_unknown_format():
    """Is an unknown chart format refused with the choices named?"""
    with pytest.raises(ValueError, match="png, svg, pdf"):
        chart_bytes(sample_roadmap(), "gif")


def test_svg_has_no_script_and_escapes_user_text():
    """Does a title containing <script> end up escaped, with no script element in the SVG?"""
    roadmap = Roadmap(role="<script>alert('role')</script>", employer="A & B", updated=UPDATED)
    roadmap.add(Goal(title='<script>alert("goal")</script> --> <!--', end_month=6))
    svg = chart_bytes(roadmap, "svg").decode()
    assert "<script" not in svg.lower()
    assert "&lt;script&gt;alert('role')&lt;/script&gt;" in svg
    assert '&lt;script&gt;alert("goal")&lt;/script&gt;' in svg
    ElementTree.fromstring(
        svg.encode()
    )  # still well-formed XML: the comment text did not break out


# --- export() ----------------------------------------------------------------------------------------
def check_file(path: Path, roadmap: Roadmap) -> None:
    """The file at ``path`` holds ``roadmap`` in the format its suffix names."""
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".md":
        assert data.decode() == to_markdown(roadmap)
    elif suffix == ".csv":
        assert data.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
        assert from_csv(data.decode("utf-8-sig")).goals == roadmap.goals
    elif suffix == ".ics":
        assert len(events(data)) == 6
    elif suffix == ".json":
        assert Roadmap.from_dict(json.loads(data)) == roadmap
    else:
        assert data.startswith(MAGIC[suffix[1:]])


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_export_picks_the_format_from_the_suffix(tmp_path, suffix):
    """Does export() write each format, judged by reading the file back?"""
    roadmap = sample_roadmap()
    path = export(roadmap, tmp_path / f"roadmap{suffix.upper() if suffix == '.md' else suffix}")
    check_file(path, roadmap)
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temp file left


def test_export_unknown_suffix_lists_the_choices(tmp_path):
    """Is an unknown suffix refused with a message listing every format?"""
    with pytest.raises(ValueError) as exc:
        export(sample_roadmap(), tmp_path / "roadmap.docx")
    for suffix in FORMATS:
        assert suffix in str(exc.value)
    assert list(tmp_path.iterdir()) == []


def test_export_into_a_missing_folder(tmp_path):
    """Does writing into a folder that does not exist give a friendly error?"""
    with pytest.raises(ValueError, match="does not exist"):
        export(sample_roadmap(), tmp_path / "nope" / "roadmap.md")


def test_export_is_atomic(tmp_path, monkeypatch):
    """If the final rename fails, is the old file untouched and no temp file left behind?"""
    target = tmp_path / "roadmap.md"
    target.write_text("the old one")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)  # write_atomic renames with it
    with pytest.raises(OSError, match="disk full"):
        export(sample_roadmap(), target)
    assert target.read_text() == "the old one"
    assert [p.name for p in tmp_path.iterdir()] == ["roadmap.md"]
    monkeypatch.undo()
    export(sample_roadmap(), target)
    assert target.read_text() == to_markdown(sample_roadmap())


# --- read_roadmap_file ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "no such file"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'{"goals": [', "not valid JSON (line 1"),
        (b"[1, 2, 3]", "holds no roadmap"),
        (b'{"schema": "something-else", "roadmap": {}}', "not a Career Goals Workbook"),
        (b'{"goals": [{"title": "", "end_month": 99}]}', "goals[0].title"),
    ],
)
def test_read_roadmap_file_problems_are_friendly(tmp_path, content, words):
    """Does each kind of bad input file raise a ValueError naming the file and the problem?"""
    path = tmp_path / "input.json"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ValueError, match=r"input\.json") as exc:
        read_roadmap_file(path)
    assert words in str(exc.value)


def saved_file(roadmap: Roadmap, folder: Path) -> Path:
    """A real save file, written by the workbook's own store."""
    save_roadmap(roadmap, folder=folder)
    (saved,) = list(iter_saved(folder))
    return saved.path


def test_read_roadmap_file_accepts_a_save_file(tmp_path):
    """Does a file saved by the workbook's store load as the same roadmap?"""
    roadmap = sample_roadmap()
    assert read_roadmap_file(saved_file(roadmap, tmp_path)) == roadmap


def test_read_roadmap_file_reports_a_damaged_save_file(tmp_path):
    """Is a save file whose roadmap was broken by hand refused with the store's reason?"""
    path = saved_file(sample_roadmap(), tmp_path)
    doc = json.loads(path.read_text())
    doc["schema_version"] = "two"
    path.write_text(json.dumps(doc))
    path.with_name(path.name + ".bak").unlink(missing_ok=True)
    with pytest.raises(ValueError, match=path.name) as exc:
        read_roadmap_file(path)
    assert "schema version" in str(exc.value)


# --- the command line --------------------------------------------------------------------------------
def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "workbook", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_exports_every_format(tmp_path):
    """Does `python -m workbook export IN --to FILE` write each format, with a clear message?"""
    roadmap = sample_roadmap()
    source = saved_file(roadmap, tmp_path / "saved")
    procs = {}
    for suffix in FORMATS:  # started together: each pays its own start-up, in parallel
        target = tmp_path / f"out{suffix}"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        procs[target] = subprocess.Popen(
            [sys.executable, "-m", "workbook", "export", str(source), "--to", str(target)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    for target, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert f"Wrote {target}" in out
        check_file(target, roadmap)


def test_cli_export_start_moves_the_calendar(tmp_path):
    """Does --start set month 0 for the calendar export?"""
    source = tmp_path / "roadmap.json"
    source.write_text(json.dumps(sample_roadmap().to_dict()))
    target = tmp_path / "cal.ics"
    out = run_cli("export", str(source), "--to", str(target), "--start", "2031-02-01", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    days = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events(target.read_bytes())}
    assert days["Goal due: Find a mentor"] == dt.date(2031, 6, 1)


@pytest.mark.parametrize(
    ("setup", "words"),
    [
        ("missing", "no such file"),
        ("corrupt", "not valid JSON"),
        ("invalid", "end_month"),
        ("bad-suffix", ".md, .csv"),
    ],
)
def test_cli_export_bad_input_exits_2_without_traceback(tmp_path, setup, words):
    """Does bad input give exit code 2 and a one-line reason, never a traceback?"""
    source = tmp_path / "in.json"
    target = tmp_path / "out.md"
    if setup == "corrupt":
        source.write_text('{"role": "x", "goals": [{"title": ')
    elif setup == "invalid":
        source.write_text(json.dumps({"goals": [{"title": "X", "start_month": 5, "end_month": 2}]}))
    elif setup == "bad-suffix":
        source.write_text(json.dumps(sample_roadmap().to_dict()))
        target = tmp_path / "out.xlsx"
    out = run_cli("export", str(source), "--to", str(target), cwd=tmp_path)
    assert out.returncode == 2
    assert out.stderr.startswith("workbook export: ") and words in out.stderr
    assert "Traceback" not in out.stderr and out.stdout == ""
    assert not target.exists()


def test_cli_export_writes_several_files_and_checks_every_name_first(tmp_path):
    """Does one command write every --to file, and write none when one of the names is bad?"""
    source = tmp_path / "roadmap.json"
    source.write_text(json.dumps(sample_roadmap().to_dict()))
    good, other = tmp_path / "a.md", tmp_path / "b.ics"
    out = run_cli("export", str(source), "--to", str(good), "--to", str(other), cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("Wrote ") == 2 and good.exists() and other.exists()
    good.unlink()
    out = run_cli("export", str(source), "--to", str(good), "--to", "c.xlsx", cwd=tmp_path)
    assert out.returncode == 2 and ".xlsx" in out.stderr and not good.exists()


def test_chart_labels_follow_the_choice(tmp_path):
    """Do --labels years / dates (and chart_files' dates flag) decide the chart's x axis, even
    for a roadmap that has a start date?"""
    roadmap = sample_roadmap()
    roadmap.start_date = dt.date(2031, 2, 1)
    files = chart_files(roadmap, ["svg"], dates=False) | {
        "dated": chart_files(roadmap, ["svg"], dates=True)["svg"]
    }
    # matplotlib writes text as paths and keeps the words in comments
    assert b"Year 1" in files["svg"] and b"Feb 2031" not in files["svg"]
    assert b"Feb 2031" in files["dated"] and b"Year 1" not in files["dated"]


def test_cli_markdown_of_a_save_carries_the_rehearsed_answer(tmp_path):
    """Does `export work.json --to page.md` put the student's latest answer (kept with the save)
    in the one-pager, as the dashboard's download does?"""
    from workbook.store import ANSWER_DRAFT, Work, save_work

    work = Work(sample_roadmap())
    work.drafts = [
        {"name": ANSWER_DRAFT, "text": "An older answer.", "at": "2027-01-01T10:00:00+00:00"},
        {"name": ANSWER_DRAFT, "text": "In five years I lead the team.", "at": "2027-01-02"},
    ]
    folder = tmp_path / "saved"
    code = save_work(work, folder=folder)
    (source,) = [p for p in folder.glob("*.json")]
    target = tmp_path / "page.md"
    done = subprocess.run(
        [sys.executable, "-m", "workbook", "export", str(source), "--to", str(target)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    page = target.read_text(encoding="utf-8")
    assert "In five years I lead the team." in page and "An older answer." not in page
    assert code  # the save really happened
