"""Property tests for the command line: every command, fed anything, ends well (issue 12).

Every command gets random bytes, JSON with ``NaN`` and ``Infinity``, nesting thousands deep, a
real save or roadmap with one field replaced by anything, files over the size limits, and
special files (a FIFO, a folder, a dangling link, a link out of the folder). Whatever it is:

* the command ends within 5 s (a SIGALRM in this process, see ``limits.py``);
* it succeeds (exit 0) or refuses in one line (exit 2): never a traceback, never exit 1
  (the command line's "unexpected error", i.e. a bug);
* the input file is unchanged, and nothing is written anywhere but the output path.

The commands run in this process through ``workbook.__main__.main`` (fast); one test runs a
few of them as real processes, measured against the same command on a good file.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from limits import deadline  # tests/ is on sys.path under pytest
from strategies import json_places, json_values

from workbook.__main__ import main
from workbook.classroom import ANSWER_DRAFT
from workbook.model import Goal, Horizon, Roadmap
from workbook.store import Work, dumps_work

ROOT = Path(__file__).resolve().parent.parent
LIMIT_S = 5.0
ANSWER = "In five years I want to lead a team; first I will finish an SQL course."


def _good_roadmap() -> Roadmap:
    destination = Goal("Lead the analytics team", Horizon.LONG, end_month=48, id="glead")
    step = Goal("Finish the SQL course", end_month=6, leads_to="glead", skills=["SQL"], id="gstep")
    return Roadmap(owner="Ana", role="Analyst", employer="Acme", goals=[destination, step])


def _good_save() -> bytes:
    work = Work(
        _good_roadmap(),
        attempts=[{"question": "q1", "answer": "a", "status": "correct", "score": 1.0, "at": "t"}],
        drafts=[{"name": ANSWER_DRAFT, "text": ANSWER, "at": "t"}],
    )
    return dumps_work(work)


GOOD_SAVE = _good_save()
GOOD_ROADMAP = json.dumps(_good_roadmap().to_dict()).encode()
GOOD_BATCH = (json.dumps({"id": "a", "text": ANSWER}) + "\n").encode()
GOOD_AD = b"text: We need a data analyst who writes SQL daily.\n"


# --- what each command is given ---------------------------------------------------------------------
def _argv(command: str, source: Path, out: Path, answer: Path) -> list[str]:
    """The command line for ``command`` reading ``source`` and writing only inside ``out``."""
    return {
        "describe": ["describe", str(source)],
        "export": [
            "export",
            str(source),
            "--to",
            str(out / "roadmap.md"),
            "--to",
            str(out / "r.csv"),
        ],
        "review": ["review", "--json", str(source)],
        "review --roadmap": ["review", "--roadmap", str(source), str(answer)],
        "review --job-ad": ["review", "--job-ad", str(source), str(answer)],
        "review --batch": ["review", "--json", "--batch", str(source)],
        "class-report": ["class-report", str(source.parent), "--csv", str(out / "class.csv")],
    }[command]


COMMANDS = (
    "describe",
    "export",
    "review",
    "review --roadmap",
    "review --job-ad",
    "review --batch",
    "class-report",
)
#: the file name each command's input gets (the suffix matters: .yaml is parsed as YAML)
NAMES = {"review --job-ad": "ad.yaml", "review --batch": "answers.jsonl", "review": "answer.txt"}


def _mutated(doc: bytes, changes: list[tuple[int, object]]) -> bytes:
    """A good JSON document with values at a few places (each chosen by a number) replaced."""
    data = json.loads(doc)
    for pick, value in changes:
        places = json_places(data)
        if not places:
            break
        *parents, key = places[pick % len(places)]
        node = data
        for step in parents:
            node = node[step]
        node[key] = value
    return json.dumps(data, allow_nan=True).encode()


def _deep(levels: int, kind: str) -> bytes:
    if kind == "list":
        return b"[" * levels + b"]" * levels
    if kind == "object":
        return b'{"a":' * levels + b"1" + b"}" * levels
    return b"text:\n" + b"".join(b"  " * i + b"- \n" for i in range(min(levels, 300)))


# a good save or roadmap with a few places replaced by a value of another type, or anything:
# the likeliest hand edit, so it is drawn as often as the other kinds together
_confusers = st.sampled_from([0, 5, -1, 1.5, True, None, "", "x", [], {}, ["a"], {"a": 1}])
_one_field_changed = st.builds(
    _mutated,
    st.sampled_from([GOOD_SAVE, GOOD_ROADMAP]),
    st.lists(
        st.tuples(st.integers(0, 10_000), _confusers | json_values(nan=True)),
        min_size=1,
        max_size=2,
    ),
)
contents = st.one_of(
    _one_field_changed,
    st.one_of(
        st.binary(max_size=2000),
        st.builds(lambda v: json.dumps(v, allow_nan=True).encode(), json_values(nan=True)),
        st.builds(_deep, st.integers(90, 3000), st.sampled_from(["list", "object", "yaml"])),
        st.builds(
            lambda value: GOOD_BATCH.replace(b'"a"', json.dumps(value, allow_nan=True).encode()),
            json_values(nan=True),
        ),
        st.sampled_from([GOOD_SAVE, GOOD_ROADMAP, GOOD_BATCH, GOOD_AD, ANSWER.encode()]),
    ),
)


def _snapshot(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every path under ``root`` (links not followed) with its type, size and change time."""
    seen: dict[str, tuple[int, int, int]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            info = os.lstat(os.path.join(folder, name))
            seen[os.path.relpath(os.path.join(folder, name), root)] = (
                info.st_mode,
                info.st_size,
                info.st_mtime_ns,
            )
    return seen


@contextlib.contextmanager
def _case() -> Iterator[tuple[Path, Path, Path]]:
    """A fresh folder: ``input/`` (the class folder too), ``out/``, and a good answer file."""
    with tempfile.TemporaryDirectory(prefix="wb-hostile-") as tmp:
        root = Path(tmp)
        (root / "input").mkdir()
        (root / "out").mkdir()
        answer = root / "answer-given.txt"
        answer.write_text(ANSWER, encoding="utf-8")
        yield root, root / "input", root / "out"


def _call(argv: list[str]) -> tuple[int, str, str, float]:
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with deadline(LIMIT_S), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue(), time.perf_counter() - start


def _inside_out(path: str) -> bool:
    return path == "out" or path.startswith("out" + os.sep)


def _check(command: str, root: Path, source: Path) -> None:
    """Run ``command`` on ``source`` and check every promise of the module docstring."""
    out_dir = root / "out"
    before = _snapshot(root)
    original = source.read_bytes() if source.is_file() and not source.is_symlink() else None
    code, out, err, _ = _call(_argv(command, source, out_dir, root / "answer-given.txt"))
    assert "Traceback" not in err and "Traceback" not in out
    assert code in (0, 2), (code, err)
    if code == 2:
        assert err.count("\n") == 1 and err.startswith(f"workbook {command.split()[0]}: "), err
    if original is not None:
        assert source.read_bytes() == original
    after = _snapshot(root)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    outside = {p for p in changed if not _inside_out(p)}
    assert not outside, outside
    written = {p for p in changed if p in after and p.startswith("out" + os.sep)}
    assert written <= {os.path.join("out", n) for n in ("roadmap.md", "r.csv", "class.csv")}
    if command == "review --batch":
        for line in out.splitlines():  # strict JSON: NaN or Infinity would fail here
            json.loads(line, parse_constant=lambda name: pytest.fail(f"{name} in the output"))


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Each command once on good input, without a limit: the first call loads the coach's
    rules and pandas, which is start-up, not the input's doing."""
    for command in COMMANDS:
        with _case() as (root, folder, out):
            source = folder / NAMES.get(command, "work.json")
            source.write_bytes(
                {"review --job-ad": GOOD_AD, "review --batch": GOOD_BATCH, "review": b"x"}.get(
                    command, GOOD_SAVE
                )
            )
            main(_argv(command, source, out, root / "answer-given.txt"))


@pytest.mark.parametrize("command", COMMANDS)
@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(content=contents, bom=st.booleans())
def test_any_bytes_end_in_a_result_or_one_line(command, content, bom):
    """Whatever bytes a command is given, does it end within 5 s with exit 0 or one line and
    exit 2, the input unchanged and nothing written outside its output path?"""
    with _case() as (root, folder, _out):
        source = folder / NAMES.get(command, "work.json")
        source.write_bytes((b"\xef\xbb\xbf" if bom else b"") + content)
        _check(command, root, source)


def _special(kind: str, folder: Path, root: Path) -> Path:
    """A special file in ``folder`` named like an input."""
    path = folder / "work.json"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "dangling link":
        path.symlink_to(root / "nowhere.json")
    elif kind == "link out of the folder":
        outside = root / "outside.json"
        outside.write_bytes(GOOD_SAVE)
        path.symlink_to(outside)
    elif kind == "loop link":
        (folder / "loop").symlink_to(".", target_is_directory=True)
        path.write_bytes(GOOD_SAVE)
    elif kind == "sparse 6 MB":
        with path.open("wb") as fh:
            fh.truncate(6_000_000)
    elif kind == "1.2 MB of text":
        path.write_bytes(b"I want to lead a team. " * 52_000)
    elif kind == "4 MB roadmap":
        doc = _good_roadmap().to_dict()
        doc["owner"] = "x" * 4_000_000
        path.write_text(json.dumps(doc))
    return path


SPECIALS = (
    "fifo",
    "folder",
    "dangling link",
    "link out of the folder",
    "loop link",
    "sparse 6 MB",
    "1.2 MB of text",
    "4 MB roadmap",
)


@pytest.mark.parametrize("kind", SPECIALS)
@pytest.mark.parametrize("command", COMMANDS)
def test_special_files_and_links_end_in_a_result_or_one_line(command, kind):
    """Given a FIFO, a folder, links (dangling, out of the folder, a loop) or a file over a
    size limit, does every command end within 5 s, unchanged input, nothing written outside?"""
    with _case() as (root, folder, _out):
        _check(command, root, _special(kind, folder, root))


def test_class_report_never_counts_a_file_outside_its_folder():
    """With a save linked in from outside, is it left out of the class (listed as skipped)?"""
    with _case() as (root, folder, out):
        _special("link out of the folder", folder, root)
        (folder / "loop").symlink_to(".", target_is_directory=True)
        code, text, err, _ = _call(["class-report", str(folder), "--csv", str(out / "c.csv")])
        assert code == 0, err
        assert text.startswith("ClassReport(0 students") and "skipped work.json" in text


def _run(argv: list[str]) -> tuple[subprocess.CompletedProcess[str], float]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "workbook", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return done, time.perf_counter() - start


@pytest.mark.parametrize("command", ["export", "review --batch", "class-report"])
def test_a_real_process_given_junk_ends_as_fast_as_one_given_good_input(command):
    """As a real process (its own start-up, its own stderr), does a command given nested junk
    with NaN end in one line, within 5 s of the time the same command takes on good input?"""
    junk = b'{"id": NaN, "goals": ' + _deep(5000, "list") + b"}\n"
    with _case() as (root, folder, out):
        source = folder / NAMES.get(command, "work.json")
        source.write_bytes(GOOD_BATCH if command == "review --batch" else GOOD_SAVE)
        good, baseline = _run(_argv(command, source, out, root / "answer-given.txt"))
        assert good.returncode == 0, good.stderr
        source.write_bytes(junk)
        before = _snapshot(root)
        bad, took = _run(_argv(command, source, out, root / "answer-given.txt"))
        assert "Traceback" not in bad.stderr
        assert took < baseline + LIMIT_S, (took, baseline)
        if command == "review --batch":
            assert bad.returncode == 0 and "error" in json.loads(bad.stdout)
        elif command == "class-report":
            assert bad.returncode == 0 and "skipped work.json" in bad.stdout
        else:
            assert bad.returncode == 2 and bad.stderr.count("\n") == 1, bad.stderr
        assert source.read_bytes() == junk
        changed = {p for p, v in _snapshot(root).items() if before.get(p) != v}
        assert all(_inside_out(p) for p in changed), changed
