"""Bad input to the command line never hangs, crashes, leaks or destroys (issue 12).

Each test is one way the commands were broken by an adversarial tester. Where the old code
would hang or eat memory (a FIFO, ``/dev/zero``) the command runs in a child process with a
timeout and a memory cap; everything else calls ``workbook.__main__.main`` in this process.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from workbook.__main__ import main
from workbook.classroom import ANSWER_DRAFT, class_report
from workbook.export import guard_cell
from workbook.model import Goal, Horizon, Roadmap
from workbook.store import Work, load_work, save_work

ROOT = Path(__file__).resolve().parent.parent


def call(*args: str) -> tuple[int, str, str]:
    """``python -m workbook ARGS`` in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def _memory_cap() -> None:  # runs in the child: 1.5 GB, so a runaway read fails, not the host
    resource.setrlimit(resource.RLIMIT_AS, (1_500_000_000, 1_500_000_000))


def run(*args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """``python -m workbook ARGS`` in a child process that may not hang or grow past 1.5 GB."""
    return subprocess.run(
        [sys.executable, "-m", "workbook", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        preexec_fn=_memory_cap,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def one_line_error(code: int, err: str, command: str) -> str:
    """Assert the shape every refusal has: exit 2, one line naming the command, no traceback."""
    assert code == 2, err
    assert "Traceback" not in err
    assert err.count("\n") == 1 and err.startswith(f"workbook {command}: "), err
    return err


def a_roadmap(owner: str = "Ana", role: str = "Analyst", employer: str = "Acme") -> Roadmap:
    destination = Goal("Lead the analytics team", Horizon.LONG, end_month=48, id="glead")
    step = Goal("Finish the SQL course", end_month=6, leads_to="glead", skills=["SQL"], id="gstep")
    return Roadmap(owner=owner, role=role, employer=employer, goals=[destination, step])


def a_save(folder: Path, owner: str = "Ana", **roadmap: str) -> tuple[str, Path]:
    """A real save (with a draft and a quiz attempt) written by the store; (code, path)."""
    work = Work(
        a_roadmap(owner, **roadmap),
        attempts=[{"question": "q1", "answer": "a", "status": "correct", "score": 1.0, "at": "t"}],
        drafts=[{"name": ANSWER_DRAFT, "text": "In five years I want to lead a team.", "at": "t"}],
    )
    before = set(folder.glob("*.json"))
    code = save_work(work, folder=folder)
    (path,) = set(folder.glob("*.json")) - before
    return code, path


# --- data destroyed -------------------------------------------------------------------------------
def test_export_never_writes_over_a_save_file(workbook_data):
    """Is an export onto a save file (its own input, or another student's) refused, with the
    save, its drafts and its quiz attempts left exactly as they were?"""
    code, path = a_save(workbook_data)
    before = path.read_bytes()
    bare = workbook_data.parent / "bare-roadmap.json"
    bare.write_text(json.dumps(a_roadmap("Ben").to_dict()))

    for source in (path, bare):
        code_, _, err = call("export", str(source), "--to", str(path))
        assert "save file" in one_line_error(code_, err, "export")
    assert path.read_bytes() == before
    work = load_work(code)
    assert work.notice is None and work.drafts and work.attempts


def test_export_never_writes_over_its_own_input(tmp_path):
    """Is ``export X --to X`` refused, also when X is reached by a second name (a hard link
    or a symbolic link), and X left as it was?"""
    source = tmp_path / "roadmap.json"
    source.write_text(json.dumps(a_roadmap().to_dict(), separators=(",", ":")))
    before = source.read_bytes()
    os.link(source, tmp_path / "hard.json")
    (tmp_path / "soft.json").symlink_to(source)
    for target in ("roadmap.json", "hard.json", "soft.json"):
        code, _, err = call("export", str(source), "--to", str(tmp_path / target))
        assert "being read" in one_line_error(code, err, "export")
    assert source.read_bytes() == before


def _bad_skills(path: Path) -> None:
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["roadmap"]["goals"][1]["skills"] = 5
    path.write_text(json.dumps(doc), encoding="utf-8")


@pytest.mark.parametrize("command", ["export", "describe"])
def test_a_save_with_a_wrongly_typed_field_is_one_line_naming_it(workbook_data, tmp_path, command):
    """Does a save whose goal has ``"skills": 5`` give one line naming goals[1].skills (not a
    TypeError traceback) from export and describe?"""
    _, path = a_save(workbook_data)
    _bad_skills(path)
    args = ["--to", str(tmp_path / "out.md")] if command == "export" else []
    code, out, err = call(command, str(path), *args)
    assert "goals[1].skills" in one_line_error(code, err, command) and out == ""
    assert not (tmp_path / "out.md").exists()


@pytest.mark.parametrize("command", ["export", "describe"])
def test_a_save_with_a_byte_order_mark_is_read(workbook_data, tmp_path, command):
    """Does a save file that an editor prefixed with a UTF-8 BOM export and describe as usual?"""
    _, path = a_save(workbook_data)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    args = ["--to", str(tmp_path / "out.md")] if command == "export" else []
    code, out, err = call(command, str(path), *args)
    assert code == 0, err
    written = out if command == "describe" else (tmp_path / "out.md").read_text(encoding="utf-8")
    assert "Finish the SQL course" in written


# --- hangs and runaway memory ------------------------------------------------------------------------
def test_class_report_skips_a_fifo_instead_of_hanging(tmp_path):
    """Does class-report finish, and list a FIFO named like a save as skipped, not hang on it?"""
    a_save(tmp_path)
    os.mkfifo(tmp_path / "trap.json")
    out = run("class-report", str(tmp_path))
    assert out.returncode == 0, out.stderr
    assert "1 students" in out.stdout and "skipped trap.json" in out.stdout
    assert "not a regular file" in out.stdout


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "roadmap.json"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("special", ["/dev/zero", "fifo"])
@pytest.mark.parametrize("command", ["export", "describe", "review --roadmap"])
def test_special_files_are_refused_at_once(tmp_path, fifo, special, command):
    """Are /dev/zero and a FIFO refused as "not a regular file" within seconds by export,
    describe and review --roadmap, instead of blocking or reading until memory runs out?"""
    source = str(fifo) if special == "fifo" else special
    answer = tmp_path / "answer.txt"
    answer.write_text("In five years I want to lead a team.")
    args = {
        "export": ["export", source, "--to", str(tmp_path / "out.md")],
        "describe": ["describe", source],
        "review --roadmap": ["review", "--roadmap", source, str(answer)],
    }[command]
    out = run(*args)
    one_line_error(out.returncode, out.stderr, args[0])
    assert "not a regular file" in out.stderr
    assert not (tmp_path / "out.md").exists()


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    """Is a 6 MB file (sparse: nothing is really read) refused by its size before reading?"""
    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(6_000_000)
    code, _, err = call("describe", str(big))
    assert "larger than 5 MB" in one_line_error(code, err, "describe")


def _deep(levels: int) -> str:
    return "[" * levels + "]" * levels


def test_a_deeply_nested_batch_line_is_one_error_line_and_the_batch_goes_on(tmp_path):
    """With a line nested 1,000 deep in the middle of a batch, is that line one error line and
    are the lines after it still reviewed?"""
    lines = [
        json.dumps({"id": "before", "text": "I want a much higher salary."}),
        '{"id": "deep", "text": ' + _deep(1000) + "}",
        json.dumps({"id": "after", "text": "In my first month I'll learn the till system."}),
    ]
    batch = tmp_path / "answers.jsonl"
    batch.write_text("\n".join(lines) + "\n")
    code, out, err = call("review", "--json", "--batch", str(batch))
    assert code == 0, err
    results = [json.loads(line) for line in out.splitlines()]
    assert [r.get("id") for r in results] == ["before", None, "after"]
    assert "nested" in results[1]["error"] and results[1]["error"].startswith("line 2")
    assert "findings" in results[0] and "findings" in results[2]
    assert "1 line(s) could not be reviewed" in err


@pytest.mark.parametrize(
    ("option", "name", "content"),
    [
        ("--roadmap", "deep.json", _deep(1000)),
        ("--roadmap", "deep-object.json", '{"goals": ' + '{"a": ' * 3000 + "1" + "}" * 3001),
        ("--job-ad", "deep.yaml", "text: " + _deep(1000)),
        ("--job-ad", "aliases.yaml", "a: &a [x, x]\nb: &b [*a, *a]\ntext: hello\n"),
    ],
)
def test_deep_roadmap_and_job_ad_files_are_one_line(tmp_path, option, name, content):
    """Is a roadmap or job ad nested 1,000+ deep (or a YAML of aliases) one line and exit 2?"""
    source = tmp_path / name
    source.write_text(content)
    answer = tmp_path / "answer.txt"
    answer.write_text("In five years I want to lead a team.")
    code, out, err = call("review", option, str(source), str(answer))
    assert name in one_line_error(code, err, "review") and out == ""


# --- wrong or unsafe output ---------------------------------------------------------------------------
def test_class_report_counts_each_file_once_and_never_leaves_the_folder(tmp_path):
    """With a save linked in from outside (as a file and as a folder), a ``loop -> .`` link and
    a hard link, does the report count exactly the two students saved in the folder?"""
    folder, outside = tmp_path / "class", tmp_path / "elsewhere"
    folder.mkdir()
    outside.mkdir()
    a_save(folder, "Ana")
    _, ben = a_save(folder, "Ben")
    _, stranger = a_save(outside, "Stranger")
    (folder / "stranger.json").symlink_to(stranger)
    (folder / "elsewhere").symlink_to(outside, target_is_directory=True)
    (folder / "loop").symlink_to(".", target_is_directory=True)
    (folder / "sub").mkdir()
    os.link(ben, folder / "sub" / "ben-again.json")

    report = class_report(folder, names=True)
    assert sorted(report.students["student"]) == ["Ana", "Ben"]
    skipped = dict(report.skipped)
    assert set(skipped) == {"stranger.json", "elsewhere", "loop", "sub/ben-again.json"}
    assert "link" in skipped["loop"] and "counted once" in skipped["sub/ben-again.json"]


def test_class_report_csv_guards_formula_cells(tmp_path):
    """With --names --csv, do a name, role and employer that a spreadsheet would run as a
    formula come out guarded exactly as the roadmap CSV export guards them?"""
    folder = tmp_path / "class"
    folder.mkdir()
    evil = {
        "owner": '=HYPERLINK("http://evil.example","Ana")',
        "role": "+1+cmd|' /C calc'!A0",
        "employer": "@SUM(1+1)",
    }
    a_save(folder, evil["owner"], role=evil["role"], employer=evil["employer"])
    target = tmp_path / "names.csv"
    code, _, err = call("class-report", str(folder), "--names", "--csv", str(target))
    assert code == 0, err
    (row,) = csv.DictReader(io.StringIO(target.read_text(encoding="utf-8")))
    assert row["student"] == guard_cell(evil["owner"]) == "'" + evil["owner"]
    assert row["role"] == guard_cell(evil["role"]) and row["role"].startswith("'+")
    assert row["employer"] == guard_cell(evil["employer"]) and row["employer"].startswith("'@")


def test_class_report_never_writes_over_a_save(workbook_data):
    """Is ``--csv`` or ``--to`` onto a save file in the class folder refused, the save kept?"""
    _, path = a_save(workbook_data)
    before = path.read_bytes()
    for option in ("--csv", "--to"):
        code, _, err = call("class-report", str(workbook_data), option, str(path))
        one_line_error(code, err, "class-report")
    assert path.read_bytes() == before


def _strict(line: str) -> object:
    def refuse(name: str) -> object:
        raise ValueError(f"{name} is not JSON")

    return json.loads(line, parse_constant=refuse)


def test_review_batch_writes_only_strict_json(tmp_path):
    """With ids of NaN, Infinity, 1e400 and a lone surrogate, is every output line strict JSON
    (what any other program can read), and is each such line answered?"""
    lines = [
        '{"id": NaN, "text": "I want a higher salary."}',
        '{"id": Infinity, "text": "I want a higher salary."}',
        '{"id": -Infinity, "text": "x"}',
        '{"id": 1e400, "text": "x"}',
        '{"id": "\\ud800", "text": "lone \\udc00 surrogates"}',
        '{"id": "ok", "text": "I want a higher salary."}',
    ]
    batch = tmp_path / "answers.jsonl"
    batch.write_text("\n".join(lines) + "\n")
    code, out, err = call("review", "--json", "--batch", str(batch))
    assert code == 0, err
    results = [_strict(line) for line in out.splitlines()]
    assert len(results) == len(lines) and results[-1]["id"] == "ok"
    assert all("error" in r for r in results[:4]) and "findings" in results[4]


def test_a_file_name_with_a_newline_is_still_one_line(tmp_path):
    """Is an error about a file whose name holds a newline still a single line?"""
    code, _, err = call("describe", str(tmp_path / "two\nlines.json"))
    assert "no such file" in one_line_error(code, err, "describe")


def test_text_that_is_not_utf8_is_named(tmp_path):
    """Is a Latin-1 answer refused with the byte and its position, not silently mangled?"""
    answer = tmp_path / "answer.txt"
    answer.write_bytes("Ich möchte ein Team führen.".encode("latin-1"))
    code, _, err = call("review", str(answer))
    assert "not UTF-8" in one_line_error(code, err, "review") and "0xf6" in err
