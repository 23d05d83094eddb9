"""``python -m workbook review``, run for real in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbook", "review", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_review_a_file_as_text(tmp_path):
    """Does reviewing a file print the findings with their quoted words, exit code 0?"""
    answer = tmp_path / "answer.txt"
    answer.write_text("Honestly I'm happy where I am, and in ten years I'd like a higher salary.")
    out = run(str(answer))
    assert out.returncode == 0, out.stderr
    assert "[complacent]" in out.stdout and "“happy where I am”" in out.stdout
    assert "[salary]" in out.stdout and "[beyond_5_years]" in out.stdout
    assert "Talking points:" in out.stdout


def test_review_stdin_as_json_with_a_job_ad(tmp_path):
    """Does '--json --job-ad FILE -' read stdin and report findings and the ad's key terms?"""
    ad = tmp_path / "ad.txt"
    ad.write_text(
        "We need a data analyst who writes SQL daily. Our data analyst builds Power BI "
        "dashboards. SQL and Power BI skills matter; dashboards are reviewed weekly."
    )
    out = run("--json", "--job-ad", str(ad), "-", stdin="In three years I want to lead a team.")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert "no_short_term" in [f["code"] for f in data["findings"]]
    assert "sql" in data["numbers"]["terms_missing"]
    assert data["numbers"]["seconds"] >= 0


def test_batch_keeps_ids_and_reports_bad_lines(tmp_path):
    """Does --batch write one result per line with the same id, and errors for bad lines?"""
    lines = [
        json.dumps({"id": "a", "text": "I want a much higher salary."}),
        "this is not json",
        json.dumps({"id": 7, "text": None}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"id": "b", "text": "In my first month I'll learn the till system."}),
    ]
    batch = tmp_path / "answers.jsonl"
    batch.write_text("\n".join(lines) + "\n")
    out = run("--json", "--batch", str(batch))
    assert out.returncode == 0, out.stderr
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r.get("id") for r in results] == ["a", None, 7, None, "b"]
    assert "salary" in [f["code"] for f in results[0]["findings"]]
    assert all("error" in r for r in results[1:4])
    assert "no_long_term" in [f["code"] for f in results[4]["findings"]]
    assert "could not be reviewed" in out.stderr


def test_batch_keeps_one_line_per_result_whatever_the_text_holds(tmp_path):
    """Does a result stay one line for every reader when an id or answer holds a character
    that str.splitlines() takes as a line break (U+0085, U+2028), and read back unchanged?"""
    rows = [
        {"id": "\x85", "text": "I want to lead the team\u2028within three years."},
        {"id": "a\u2029b", "text": "Next year I'll finish the course.\x85Then I'll lead."},
    ]
    batch = tmp_path / "answers.jsonl"
    batch.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    out = run("--json", "--batch", str(batch))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 2
    assert [json.loads(line)["id"] for line in lines] == ["\x85", "a\u2029b"]


def test_a_missing_file_is_a_friendly_error():
    """Does a missing answer file give a one-line message and exit code 2, no traceback?"""
    out = run("no-such-answer.txt")
    assert out.returncode == 2
    assert "cannot read the answer" in out.stderr
    assert "Traceback" not in out.stderr


def test_review_with_a_roadmap_file(tmp_path):
    """Does --roadmap FILE check the answer against a roadmap saved as JSON?"""
    roadmap = {
        "owner": "Sam",
        "goals": [
            {
                "title": "Become a ward manager",
                "horizon": "long-term",
                "area": "leadership",
                "start_month": 0,
                "end_month": 36,
            },
        ],
    }
    path = tmp_path / "roadmap.json"
    path.write_text(json.dumps(roadmap))
    out = run(
        "--json", "--roadmap", str(path), "-", stdin="In ten years I'll become a ward manager."
    )
    assert out.returncode == 0, out.stderr
    kinds = [i["kind"] for i in json.loads(out.stdout)["roadmap_issues"]]
    assert "horizon_mismatch" in kinds
