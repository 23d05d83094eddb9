"""The dashboard driven as a student would, without a browser: the four steps, the outline, the
coach with the job ad, the exports, saving and resuming, bad input and escaping.

Every test works on a real session saving real files into its own folder.
"""

from __future__ import annotations

import base64
import html
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import nbformat
import pytest

from workbook import store
from workbook.coach.rules import sample_job_ads
from workbook.model import Horizon
from workbook.session import MAX_DRAFT_CHARS, Session
from workbook.ui import dashboard as dashboard_module
from workbook.ui import rehearse as rehearse_module
from workbook.ui.coach_panel import DRAFT_NAME
from workbook.ui.dashboard import JOB_AD_DRAFT, STEPS, Dashboard, dashboard
from workbook.ui.fields import clean_input

ROOT = Path(__file__).resolve().parent.parent
EVIL = "<img src=x onerror=alert(1)>"
PASTED_AD = (
    "Riverside Clinic is hiring a phlebotomy assistant to take blood samples, label them and "
    "keep patient records accurate. You will work with our nursing team, follow infection "
    "control rules and train towards the phlebotomy certificate we fund for every new starter."
)
SALARY = "Honestly, a higher salary is my main motivation."


# --- helpers -------------------------------------------------------------------------------------
def make(session: Session | None = None) -> Dashboard:
    box = dashboard(session or Session())
    assert isinstance(box, widgets.VBox)
    assert box.dashboard is not None
    return box.dashboard


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def inside(widget: widgets.Widget, container: widgets.Widget) -> bool:
    return any(w is widget for w in walk(container))


def html_values(d: Dashboard) -> list[str]:
    return [w.value for w in walk(d.widget) if isinstance(w, widgets.HTML)]


def add_goal(d: Dashboard, title: str, *, long_term: bool = False, end: int = 6, **kw) -> str:
    form = d.builder.form
    form.horizon.value = str(Horizon.LONG if long_term else Horizon.SHORT)
    form.title.value = title
    form.end_month.value = end
    if "leads_to" in kw:
        form.leads_to.value = kw["leads_to"]
    if "skills" in kw:
        form.skills.value = kw["skills"]
    d.builder.add_button.click()
    assert d.builder.errors == [] and d.errors == []
    return next(g.id for g in d.session.roadmap.goals if g.title == title)


def a_roadmap(d: Dashboard) -> None:
    """Step 1 and step 2 filled in, as a student would."""
    d.builder.owner.value = "Sam Rivera"
    d.builder.role.value = "Data analyst"
    d.builder.employer.value = "Brightline Energy"
    lead = add_goal(d, "Lead a small analytics team", long_term=True, end=36)
    add_goal(d, "Finish an SQL certification", end=6, leads_to=lead, skills="SQL, Power BI")


# --- the steps -------------------------------------------------------------------------------------
def test_four_titled_steps_with_the_first_two_open():
    """Are there four steps, in order, with their titles and classes, steps 1 and 2 open?"""
    d = make()
    steps = [w for w in d.widget.children if isinstance(w, widgets.Accordion)]
    assert steps == list(d.steps.values())
    for step, (key, title) in zip(steps, STEPS.items(), strict=True):
        assert {"wb-step", f"wb-step-{key}"} <= set(step._dom_classes)
        assert step.titles[0].startswith(title)
    assert [d.is_open(key) for key in STEPS] == [True, True, False, False]
    assert "wb-dashboard" in d.widget._dom_classes and d.errors == []


def test_each_part_is_shown_once_in_its_step():
    """Are the builder's about fields in step 1 only, its form and chart in step 2, its downloads
    in step 4, and save/resume above the steps (nothing shown twice)?"""
    d = make()
    b = d.builder
    everything = list(walk(d.widget))
    for widget in (b.owner.widget, b.form.title.widget, b.chart, b.prepare_button, b.save_button):
        assert sum(w is widget for w in everything) == 1
    assert inside(b.owner.widget, d.steps["about"]) and inside(d.job_ad.widget, d.steps["about"])
    assert inside(b.form.title.widget, d.steps["roadmap"]) and inside(b.chart, d.steps["roadmap"])
    assert inside(b.prepare_button, d.steps["export"])
    assert not any(inside(b.save_button, step) for step in d.steps.values())
    assert "wb-job-ad" in d.job_ad.widget._dom_classes
    assert isinstance(d.job_ad.widget, widgets.Textarea)
    assert '<a href="00-Start-Here.ipynb" target="_self"' in d.chapters.value  # one click away


def test_next_buttons_walk_down_the_steps_and_step_3_is_built_on_arrival():
    """Does each step's Next button close it and open the next, building step 3 when reached?"""
    d = make()
    assert d.coach is None  # nothing of the coach until a student rehearses
    d.next_buttons["about"].click()
    assert [d.is_open(key) for key in STEPS] == [False, True, False, False]
    d.next_buttons["roadmap"].click()
    assert [d.is_open(key) for key in STEPS] == [False, False, True, False]
    assert d.coach is not None and inside(d.coach, d.steps["rehearse"])
    assert inside(d.copy_button, d.steps["rehearse"])
    d.next_buttons["rehearse"].click()
    assert [d.is_open(key) for key in STEPS] == [False, False, False, True]
    assert d.errors == []


def test_the_roadmap_step_title_counts_the_goals():
    """Does step 2's title say how many goals the roadmap holds?"""
    d = make()
    add_goal(d, "Finish an SQL course")
    assert d.steps["roadmap"].titles == (f"{STEPS['roadmap']} (1 goal)",)


# --- step 1: about you and the job ad ---------------------------------------------------------
def test_about_you_reaches_the_roadmap_and_bad_values_are_refused_next_to_the_field():
    """Do name, role and employer reach the roadmap, with a too-long role refused beside it?"""
    session = Session()
    d = make(session)
    d.builder.owner.value = "Sam Rivera"
    d.builder.role.value = "Data analyst"
    assert (session.roadmap.owner, session.roadmap.role) == ("Sam Rivera", "Data analyst")
    assert "updated" in d.builder.about_message.value
    d.builder.role.value = "r" * 500
    assert session.roadmap.role == "Data analyst"
    assert "500 characters" in d.builder.role.message.value
    assert d.errors == [] and d.builder.errors == []


def test_a_bad_job_ad_gets_a_message_next_to_its_box_and_the_last_good_one_stays():
    """Is an over-long paste or a non-text value refused beside the box, keeping the last ad?"""
    d = make()
    d.job_ad.value = PASTED_AD
    assert d.job_ad_for_coach() == PASTED_AD and d.job_ad.message.value == ""
    d.job_ad.value = "x " * MAX_DRAFT_CHARS
    assert "characters long" in d.job_ad.message.value
    assert d.job_ad_for_coach() == PASTED_AD
    d.job_ad.value = 42
    assert d.job_ad.message.value and d.job_ad_for_coach() == PASTED_AD
    d.job_ad.value = "Nurse wanted"
    assert "short for a job ad" in d.job_ad.message.value
    assert d.job_ad_for_coach() == "Nurse wanted"
    assert d.errors == []


def test_a_sample_ad_fills_the_box_and_the_coach_reads_that_ad():
    """Does choosing a sample put its text in the box and give the coach the sample (with its
    employer); does editing the text turn it back into the student's own ad?"""
    ads = sample_job_ads()
    ad_id = next(iter(ads))
    d = make()
    d.sample.value = ad_id
    assert d.job_ad.value == clean_input(ads[ad_id]["text"])
    assert d.job_ad_for_coach() == ad_id
    d.open_step("rehearse")
    assert d.coach.job_ad_picker.value == ad_id
    assert d.coach.last_review.job_ad == ads[ad_id]["text"]
    assert ads[ad_id]["title"] in d.job_ad_status.value
    d.job_ad.value = d.job_ad.value + " Extra line."
    assert d.sample.value == ""  # no longer the sample
    assert d.coach.job_ad_picker.value == d.job_ad.value
    assert d.errors == []


def test_back_to_no_sample_takes_the_sample_away_but_never_the_students_own_ad():
    """Does choosing "None" after a sample empty the box, while an ad the student pasted (or
    edited) stays?"""
    ads = sample_job_ads()
    ad_id = next(iter(ads))
    d = make()
    d.sample.value = ad_id
    d.sample.value = ""
    assert d.job_ad.widget.value == "" and d.job_ad_for_coach() is None
    d.job_ad.value = PASTED_AD
    d.sample.value = ""
    assert d.job_ad_text() == clean_input(PASTED_AD)


def test_a_sample_ad_from_another_employer_says_so():
    """When the student typed one employer and picks a sample ad from another, is there a
    plain note beside the ad (and none when they match)?"""
    ads = sample_job_ads()
    ad_id, ad = next(iter(ads.items()))
    d = make()
    d.builder.employer.value = "Someone Else Entirely"
    d.sample.value = ad_id
    assert f"from {ad['employer']}" in d.job_ad.message.value
    assert "Someone Else Entirely" in d.job_ad.message.value
    d.sample.value = ""
    d.builder.employer.value = ad["employer"]
    d.sample.value = ad_id
    assert "not " + ad["employer"] not in d.job_ad.message.value
    assert d.errors == []


def test_a_pasted_job_ad_is_passed_to_the_coach():
    """Does the coach check the answer against the ad pasted in step 1 (its key terms)?"""
    d = make()
    d.job_ad.value = PASTED_AD
    d.open_step("rehearse")
    assert d.coach.job_ad_picker.layout.display == "none"  # step 1 chooses the ad
    d.coach.answer.value = (
        "In three years I want to lead the phlebotomy service here. This year I will earn the "
        "phlebotomy certificate you fund and learn your infection control rules."
    )
    result = d.coach.review_now()
    assert result.job_ad == PASTED_AD
    assert "phlebotomy" in " ".join(result.numbers.terms_used)
    assert "pasted" in d.job_ad_status.value
    assert d.errors == []


# --- step 3: rehearse ----------------------------------------------------------------------------
def test_the_outline_follows_the_roadmap():
    """Does step 3 show the outline of the current roadmap, and redraw it after a change?"""
    d = make()
    a_roadmap(d)
    d.open_step("rehearse")
    assert "Lead a small analytics team" in d.outline_view.value
    assert d.outline_view.value.index("Lead a small") < d.outline_view.value.index("Finish an SQL")
    add_goal(d, "Present at the monthly team meeting", end=12)
    assert "Present at the monthly team meeting" in d.outline_view.value
    assert d.errors == []


def test_the_outline_is_the_chapters_one_with_the_proof_from_chapter_5():
    """Does step 3's outline carry the past success a student saved in chapter 5, word for word
    the outline the chapters print, so that the app and the notebooks never disagree?"""
    from workbook.coach.outline import outline
    from workbook.store import PROOF_DRAFT

    d = make()
    a_roadmap(d)
    d.session.save_draft(PROOF_DRAFT, "I cut our clinic's waiting list by a third in 2024.")
    d.open_step("rehearse")
    assert "A goal I set and reached before: I cut our clinic" in html.unescape(
        d.outline_view.value
    )
    expected = outline(d.session.roadmap, proof=d.session.latest_draft(PROOF_DRAFT))
    d.copy_button.click()
    assert d.coach.answer.value == expected
    assert d.errors == []


def test_copy_puts_the_outline_in_the_answer_box_and_never_drops_own_words():
    """Does the copy button fill an empty answer box, add below text already there, and save?"""
    d = make()
    a_roadmap(d)
    d.open_step("rehearse")
    d.copy_button.click()
    first = d.coach.answer.value
    assert first.startswith("My long-term goal (within three years): Lead a small analytics team.")
    assert "in the answer box" in d.rehearse_message.value
    assert d.session.latest_draft(DRAFT_NAME) == first  # saved as a draft

    d.coach.answer.value = "My own opening sentence."
    d.copy_button.click()
    assert d.coach.answer.value.startswith("My own opening sentence.\n\nMy long-term goal")
    assert "kept above" in d.rehearse_message.value
    d.copy_button.click()
    assert "already" in d.rehearse_message.value
    assert d.errors == []


def test_a_pitfall_is_marked_and_the_roadmap_check_speaks():
    """With a salary motive typed after the outline, is its evidence marked; and does the
    roadmap check agree with the outline but flag an answer that leaves a goal out?"""
    d = make()
    a_roadmap(d)
    d.open_step("rehearse")
    d.copy_button.click()
    assert "agree" in d.consistency.value
    d.coach.answer.value = d.coach.answer.value + " " + SALARY
    d.coach.review_now()
    marks = re.findall(r'<mark class="wb-evidence"[^>]*>(.*?)</mark>', d.coach.feedback.value)
    assert any("salary" in m for m in marks), d.coach.feedback.value
    assert 'data-code="salary"' in d.coach.feedback.value

    d.coach.answer.value = "In three years I want to lead a small analytics team at your company."
    d.coach.review_now()
    assert "wb-roadmap-issue" in d.consistency.value
    assert "Finish an SQL certification" in d.consistency.value
    assert d.errors == []


# --- step 4: export ------------------------------------------------------------------------------
def test_the_export_step_offers_every_download_as_a_data_link():
    """Does step 4 give the Markdown one-pager, calendar, chart (PNG, SVG), CSV and saved file?"""
    d = make()
    a_roadmap(d)
    d.open_step("export")
    d.builder.prepare_button.click()
    links = dict(re.findall(r'download="([^"]+)" href="data:[^;]+;(?:charset=utf-8;)?base64,([^"]+)"', d.builder.downloads.value))  # fmt: skip
    names = {f"my-roadmap.{s}" for s in ("md", "csv", "ics", "png", "svg", "json")}
    assert set(links) == names
    markdown = base64.b64decode(links["my-roadmap.md"]).decode()
    assert "Sam Rivera" in markdown and "Lead a small analytics team" in markdown
    assert base64.b64decode(links["my-roadmap.ics"]).startswith(b"BEGIN:VCALENDAR")
    assert "ready" in d.builder.download_message.value and d.errors == []


# --- saving and resuming ---------------------------------------------------------------------------
def test_work_is_saved_after_each_change_once_there_is_a_code(tmp_path: Path):
    """After the first save, are the roadmap, the job ad and the answer saved as they change,
    and does a fresh dashboard given the code bring every step back?"""
    session = Session(data_dir=tmp_path)
    d = make(session)
    a_roadmap(d)
    d.job_ad.value = PASTED_AD
    assert session.code is None and not list(tmp_path.glob("*.json"))  # nothing before a save
    d.builder.save_button.click()
    code = session.code
    saved = store.load_work(code, folder=tmp_path)
    assert saved.roadmap.owner == "Sam Rivera"
    assert [x["text"] for x in saved.drafts if x["name"] == JOB_AD_DRAFT] == [PASTED_AD]
    add_goal(d, "Present at the monthly team meeting", end=12)
    d.open_step("rehearse")
    d.copy_button.click()
    d.coach.answer.value += " " + SALARY
    d.coach.review_now()
    saved = store.load_work(code, folder=tmp_path)
    assert len(saved.roadmap.goals) == 3
    assert SALARY in next(x["text"] for x in reversed(saved.drafts) if x["name"] == DRAFT_NAME)

    fresh = make(Session(data_dir=tmp_path))
    fresh.open_step("rehearse")  # built before the resume: it must follow it
    fresh.builder.load_code.value = code.upper()
    fresh.builder.load_button.click()
    assert "Welcome back" in fresh.builder.save_message.value
    assert fresh.builder.owner.value == "Sam Rivera" and len(fresh.builder.rows) >= 3
    assert fresh.job_ad.value == PASTED_AD
    assert SALARY in fresh.coach.answer.value
    assert "Present at the monthly team meeting" in fresh.outline_view.value
    assert fresh.errors == [] and fresh.builder.errors == []


def test_a_wrong_code_leaves_every_step_as_it_was(tmp_path: Path):
    """Does a wrong code give a message beside the code box and change nothing?"""
    d = make(Session(data_dir=tmp_path))
    a_roadmap(d)
    d.job_ad.value = PASTED_AD
    d.builder.load_code.value = "maple-river-fox-0000"
    d.builder.load_button.click()
    assert "could not load" in d.builder.save_message.value
    assert len(d.session.roadmap.goals) == 2 and d.job_ad.value == PASTED_AD
    assert d.errors == []


# --- safety --------------------------------------------------------------------------------------
def test_script_typed_into_every_text_field_is_shown_escaped():
    """Is '<img onerror>' typed into every text field (about, job ad, goal, answer) shown as
    text in every HTML widget of every step, never as markup?"""
    d = make()
    for field in (d.builder.owner, d.builder.role, d.builder.employer):
        field.value = EVIL
    d.job_ad.value = EVIL
    form = d.builder.form
    form.horizon.value = "long-term"
    form.title.value = EVIL
    form.end_month.value = 30
    for field in form.smart.values():
        field.value = EVIL
    form.skills.value = EVIL
    d.builder.add_button.click()
    assert len(d.session.roadmap.goals) == 1
    d.open_step("rehearse")
    d.copy_button.click()
    d.coach.answer.value = f"{EVIL} {SALARY} {EVIL}"
    d.coach.review_now()
    d.builder.prepare_button.click()
    d.builder.load_code.value = EVIL
    d.builder.load_button.click()
    escaped = 0
    for value in html_values(d):
        assert "<img" not in value and "onerror=alert(1)>" not in value
        escaped += "&lt;img src=x onerror=alert(1)&gt;" in value
    assert escaped >= 5  # goal list, outline, answer, chart in words, heading...
    assert d.errors == [] and d.builder.errors == []


def test_an_unexpected_error_in_a_handler_is_one_friendly_line(monkeypatch: pytest.MonkeyPatch):
    """If something breaks inside the copy button or while saving the job ad, does the student
    see a sentence next to the control, never a traceback?"""
    d = make()
    a_roadmap(d)
    d.open_step("rehearse")

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(rehearse_module, "outline", broken)
    d.copy_button.click()  # must not raise
    assert len(d.errors) == 1 and isinstance(d.errors[0], RuntimeError)
    assert "Sorry, something went wrong" in d.rehearse_message.value
    assert "disk on fire" not in d.rehearse_message.value

    d.builder.save_button.click()

    def refuse(*_args, **_kwargs):
        raise store.StoreError("The disk is full.")

    monkeypatch.setattr(d.session, "save_draft", refuse)
    d.job_ad.value = PASTED_AD
    assert "could not be saved yet: The disk is full." in d.job_ad.message.value
    assert d.job_ad_for_coach() == PASTED_AD  # still used


def test_a_coach_that_cannot_open_is_one_line_in_its_step(monkeypatch: pytest.MonkeyPatch):
    """If the coach cannot be built when step 3 opens, does step 3 say so in a sentence while
    the other steps keep working?"""

    def broken(*_args, **_kwargs):
        raise RuntimeError("rules on fire")

    monkeypatch.setattr(rehearse_module, "coach_panel", broken)
    d = make()
    d.open_step("rehearse")
    assert "Sorry, something went wrong" in d.rehearse_placeholder.value
    assert "rules on fire" not in d.rehearse_placeholder.value
    assert len(d.errors) == 1
    d.builder.form.title.value = "Finish an SQL course"
    d.builder.add_button.click()  # the roadmap still works
    assert len(d.session.roadmap.goals) == 1 and d.builder.errors == []


def test_a_dashboard_that_cannot_be_built_says_so(monkeypatch: pytest.MonkeyPatch):
    """If building the page fails, is a friendly message returned instead of an exception?"""

    def broken(*_args, **_kwargs):
        raise RuntimeError("no widgets today")

    monkeypatch.setattr(dashboard_module, "RoadmapBuilder", broken)
    box = dashboard(Session())
    assert box.dashboard is None
    text = box.children[0].value
    assert "could not open just now" in text and "no widgets today" not in text


def test_a_closed_dashboard_stops_following_the_session():
    """After close(), do changes to the session reach no view, and are its widgets closed?"""
    session = Session()
    d = make(session)
    d.open_step("rehearse")
    d.close()
    session.roadmap.owner = "Changed elsewhere"
    session.changed()
    assert d.builder.owner.value == "" and d.errors == []
    assert d.widget.comm is None and d.steps["rehearse"].comm is None and d.coach.comm is None


# --- the page as Voila runs it -----------------------------------------------------------------------
LIGHT_PAGE = """
import json, sys
from workbook.session import Session
from workbook.ui.dashboard import dashboard
d = dashboard(Session(data_dir=sys.argv[1])).dashboard
heavy = ("matplotlib", "numpy", "PIL", "pandas", "scipy", "fontTools")
before = sorted(m for m in heavy if m in sys.modules)
d.builder.form.title.value = "Finish an SQL course"
d.builder.add_button.click()
print(json.dumps({"before": before, "after": sorted(m for m in heavy if m in sys.modules),
                  "errors": len(d.errors) + len(d.builder.errors)}))
"""


def test_the_page_opens_without_any_heavy_package(tmp_path: Path):
    """In a fresh kernel, does the dashboard open with no matplotlib, numpy, PIL or pandas, and
    still have none after the first goal is charted?"""
    done = subprocess.run(
        [sys.executable, "-c", LIGHT_PAGE, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result == {"before": [], "after": [], "errors": 0}


def test_the_notebook_is_thin_and_runs_in_a_real_kernel(tmp_path: Path):
    """Is notebooks/dashboard.ipynb a title cell and two short code cells, and does it run in a
    real kernel with no error output and the dashboard's widget displayed?"""
    from nbclient import NotebookClient

    nb = nbformat.read(ROOT / "notebooks" / "dashboard.ipynb", as_version=4)
    kinds = [c.cell_type for c in nb.cells]
    assert kinds == ["markdown", "code", "code"]
    assert "(00-Start-Here.ipynb)" in nb.cells[0].source
    code = [c.source for c in nb.cells[1:]]
    assert all(
        len([x for x in src.splitlines() if x and not x.startswith("#")]) <= 3 for src in code
    )
    assert "dashboard()" in code[0] and "reopen_when_requested()" in code[1]
    NotebookClient(
        nb, timeout=120, resources={"metadata": {"path": str(ROOT / "notebooks")}}
    ).execute()
    outputs = [o for c in nb.cells[1:] for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error" or o.get("name") == "stderr"]
    views = [o for o in outputs if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 1  # the dashboard, and nothing printed by the reopen cell


def test_the_answer_is_checked_against_the_roadmap_in_one_place_only():
    """In step 3, is the answer-against-roadmap check shown once, under its own heading, and not
    repeated inside the coach panel?"""
    d = make()
    a_roadmap(d)
    d.open_step("rehearse")
    d.coach.answer.value = "In five years I want to run a marketing agency of my own."
    d.coach.review_now()
    assert "Your roadmap" not in d.coach.numbers.value
    assert d.consistency.value  # the dashboard's own section says how they compare
    texts = [w.value for w in walk(d.widget) if isinstance(w, widgets.HTML)]
    assert sum("match your roadmap" in t for t in texts) == 1
    assert d.errors == []


def test_the_top_line_says_whose_work_with_a_plain_save_beside_it():
    """Is "Save my work" a plain button on the line naming whose work this is (not a green
    call to action above step 1), with "Start a new workbook" beside it?"""
    d = make()
    b = d.builder
    assert d.widget.children[0] is b.sections["whose"]
    assert inside(b.save_button, b.sections["whose"]) and inside(b.new_button, b.sections["whose"])
    assert b.save_button.button_style == ""
    styled = [
        w for w in walk(d.widget) if isinstance(w, widgets.Button) and w.button_style == "success"
    ]
    assert styled == []
