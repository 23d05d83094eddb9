"""The instructor's class report: honest numbers, anonymised, and never a crash on bad files."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from workbook.classroom import ANSWER_DRAFT, class_report, sample_class
from workbook.model import Goal, Horizon, Roadmap
from workbook.store import SCHEMA_VERSION, Work, save_work

ROOT = Path(__file__).resolve().parent.parent


def _student(folder: Path, owner: str, *, answer: str = "", attempts=()) -> None:
    roadmap = Roadmap(owner=owner, role="Nurse", employer="City Hospital")
    vision = roadmap.add(Goal("Lead a ward", horizon=Horizon.LONG, area="leadership", end_month=48))
    roadmap.add(Goal("Finish a triage course", end_month=6, leads_to=vision.id))
    roadmap.add(Goal("Run a clinic", horizon=Horizon.LONG, area="new_function", end_month=36))
    work = Work(roadmap, attempts=list(attempts))
    if answer:
        work.drafts.append(
            {"name": ANSWER_DRAFT, "text": answer, "at": "2026-11-01T10:00:00+00:00"}
        )
    save_work(work, folder=folder)


def _attempt(question: str, status: str, minute: int) -> dict:
    at = dt.datetime(2026, 11, 1, 9, minute, tzinfo=dt.UTC).isoformat()
    return {"question": question, "answer": "a", "status": status, "score": 0.0, "at": at}


def test_counts_are_exact_on_a_small_class(tmp_path):
    """Do goals, stepping stones, quiz results and findings match what the students saved?"""
    _student(
        tmp_path,
        "Ana",
        answer="A higher salary is what I want most from this job.",
        attempts=[_attempt("q1", "incorrect", 1), _attempt("q1", "correct", 2)],
    )
    _student(
        tmp_path, "Ben", attempts=[_attempt("q1", "correct", 3), _attempt("q2", "incorrect", 4)]
    )
    report = class_report(tmp_path)
    assert len(report.students) == 2 and len(report.goals) == 6
    by_area = report.goals_by_area()
    assert by_area.loc["A leadership role in the industry", "long-term"] == 2
    assert report.stepping_stones() == {
        "long_term_goals": 4,
        "with_stepping_stones": 2,
        "share": 0.5,
    }
    quiz = report.quiz_results()
    assert quiz.loc["q1", "students"] == 2
    assert quiz.loc["q1", "correct_in_the_end"] == 2
    assert quiz.loc["q1", "correct_first_try"] == 1
    assert quiz.loc["q2", "share_correct"] == 0
    assert quiz.index[0] == "q2", "the question the class missed comes first"
    assert "salary" in set(report.findings["finding"])
    assert report.answer_stats()["answers"] == 1


def test_students_are_anonymised_by_default(tmp_path):
    """Are names, roles and employers left out unless the instructor asks for them?"""
    _student(tmp_path, "Zelda Quartermain")
    report = class_report(tmp_path)
    assert "Zelda" not in report.to_csv() and "Zelda" not in report.to_html()
    assert "City Hospital" not in report.to_csv()
    assert "Zelda Quartermain" in class_report(tmp_path, names=True).to_csv()


def test_bad_files_are_skipped_with_a_reason(tmp_path):
    """Are corrupt, half-written, foreign and future-version files listed, never fatal?"""
    _student(tmp_path, "Ana")
    (tmp_path / "cut.json").write_text('{"schema": "career-goals-workbook", "schema_ver')
    (tmp_path / "notebook.json").write_text(json.dumps({"cells": [], "nbformat": 4}))
    (tmp_path / "future.json").write_text(
        json.dumps({"schema": "career-goals-workbook", "schema_version": SCHEMA_VERSION + 5})
    )
    (tmp_path / "binary.json").write_bytes(b"\x00\xff\xfe garbage")
    report = class_report(tmp_path)
    skipped = dict(report.skipped)
    assert set(skipped) == {"cut.json", "notebook.json", "future.json", "binary.json"}
    assert all(reason.strip() for reason in skipped.values())
    assert len(report.students) == 1


def test_old_schema_files_are_read(tmp_path):
    """Is a version-1 save migrated and counted rather than skipped?"""
    old = (ROOT / "tests/fixtures/workbook-v1.json").read_text()
    (tmp_path / "old.json").write_text(old)
    report = class_report(tmp_path)
    assert report.skipped == [] and len(report.students) == 1
    assert len(report.goals) > 0


def test_empty_folder_and_missing_folder(tmp_path):
    """Does an empty class give an empty report, and a wrong folder a friendly error?"""
    report = class_report(tmp_path)
    assert len(report.students) == 0
    assert "No goals yet" in report.to_html()
    with pytest.raises(ValueError, match="not a folder"):
        class_report(tmp_path / "nope")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        self.urls += [v for k, v in attrs if k in {"src", "href"} and v]


def test_html_report_is_self_contained(tmp_path):
    """Does the HTML report load nothing from the network and run no script?"""
    sample_class(tmp_path / "class", 12, seed=3)
    page = class_report(tmp_path / "class").to_html(tmp_path / "report.html")
    assert (tmp_path / "report.html").read_text() == page
    parser = _Collector()
    parser.feed(page)
    assert parser.scripts == 0
    assert parser.urls and all(u.startswith("data:image/png;base64,") for u in parser.urls)


def test_command_line_writes_html_and_csv(tmp_path):
    """Does `python -m workbook class-report DIR --to report.html --csv` write both files?"""
    folder = sample_class(tmp_path / "class", 8, seed=1)
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "workbook",
            "class-report",
            str(folder),
            "--to",
            str(tmp_path / "r.html"),
            "--csv",
            str(tmp_path / "r.csv"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "8 students" in out.stdout and "skipped half-written.json" in out.stdout
    assert (tmp_path / "r.html").read_text().startswith("<!doctype html>")
    assert len((tmp_path / "r.csv").read_text().splitlines()) == 9
    bad = subprocess.run(
        [sys.executable, "-m", "workbook", "class-report", str(tmp_path / "missing")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "not a folder" in bad.stderr


def test_one_folder_per_student_is_read(tmp_path):
    """On JupyterHub each student has a folder: are sub-folders read too?"""
    for name in ("alice", "bob"):
        (tmp_path / name).mkdir()
        _student(tmp_path / name, name.title())
    (tmp_path / "bob" / "junk.json").write_text("{")
    report = class_report(tmp_path)
    assert len(report.students) == 2
    assert [name for name, _ in report.skipped] == ["bob/junk.json"]


@pytest.mark.slow
def test_instructor_notebook_runs(tmp_path, monkeypatch):
    """Does the instructor's notebook run top to bottom on a class folder and write the report?"""
    import nbformat
    from nbclient import NotebookClient

    folder = sample_class(tmp_path / "class", 10, seed=5)
    monkeypatch.setenv("WORKBOOK_CLASS_DATA", str(folder))
    nb = nbformat.read(ROOT / "notebooks/instructor/class-report.ipynb", as_version=4)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    html_out = [
        o
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
        if "text/html" in o.get("data", {})
    ]
    assert "10 students" in html_out[0]["data"]["text/html"]
    assert (tmp_path / "class-report.html").exists() and (tmp_path / "class-students.csv").exists()
