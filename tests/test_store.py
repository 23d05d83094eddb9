"""Saving and loading a student's work: real files in a real folder, damaged on purpose."""

from __future__ import annotations

import errno
import json
import os
import random
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from limits import deadline  # tests/ is on sys.path under pytest
from strategies import json_places, json_values, roadmaps  # tests/ is on sys.path

from workbook import store
from workbook.model import Goal, Horizon, Roadmap, ValidationError
from workbook.store import (
    SCHEMA,
    SCHEMA_VERSION,
    StoreError,
    Work,
    data_dir,
    iter_saved,
    load_file,
    load_roadmap,
    load_work,
    new_code,
    normalise_code,
    remember_code,
    remembered_code,
    save_roadmap,
    save_work,
)

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
CRASH_WRITER = Path(__file__).parent / "_crash_writer.py"
HASHED = re.compile(r"[0-9a-f]{32}\.json")


def a_roadmap(owner: str = "Ana", title: str = "Finish the SQL course") -> Roadmap:
    destination = Goal("Lead the analytics team", Horizon.LONG, end_month=48, id="glead")
    step = Goal(title, end_month=6, leads_to="glead", id="gstep")
    return Roadmap(owner=owner, role="Analyst", goals=[destination, step])


def main_file(folder: Path) -> Path:
    """The one save file in ``folder`` (hashed name, not a backup or aside copy)."""
    (path,) = [p for p in folder.iterdir() if HASHED.fullmatch(p.name)]
    return path


def backup(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def saved_twice(folder: Path) -> tuple[str, Path]:
    """A code whose file holds "Second" and whose previous copy holds "First"."""
    code = save_roadmap(a_roadmap(title="First"))
    save_roadmap(a_roadmap(title="Second"), code)
    return code, main_file(folder)


def titles(work: Work) -> list[str]:
    return [g.title for g in work.roadmap.goals]


def child_env(folder: Path) -> dict[str, str]:
    return {**os.environ, "WORKBOOK_DATA": str(folder), "PYTHONPATH": str(ROOT)}


# --- where files live ------------------------------------------------------------------------
def test_data_dir_defaults_to_a_folder_in_home(monkeypatch, tmp_path):
    """Without WORKBOOK_DATA, is work kept in ~/.career-goals-workbook?"""
    monkeypatch.delenv("WORKBOOK_DATA")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_dir() == tmp_path / ".career-goals-workbook"


def test_missing_folder_is_created_private(monkeypatch, tmp_path):
    """Is a missing data folder created readable by its owner only, and are saves private?"""
    folder = tmp_path / "nested" / "data"
    monkeypatch.setenv("WORKBOOK_DATA", str(folder))
    code = save_roadmap(a_roadmap())
    save_roadmap(a_roadmap(), code)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    path = main_file(folder)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup(path).stat().st_mode) == 0o600


# --- personal codes ----------------------------------------------------------------------------
def test_new_codes_are_three_words_and_four_digits_from_a_large_space():
    """Does a code read like maple-river-fox-4821 and leave guessing hopeless (>= 2**40)?"""
    codes = {new_code() for _ in range(300)}
    assert len(codes) == 300
    words = set(store.codes.WORDS)
    for code in codes:
        *parts, digits = code.split("-")
        assert len(parts) == 3 and set(parts) <= words
        assert re.fullmatch(r"\d{4}", digits)
    assert len(words) == 512 and all(w.isascii() and w.isalpha() for w in words)
    assert len(words) ** 3 * 10**4 >= 2**40


@pytest.mark.parametrize(
    "typed",
    [
        "maple-river-fox-4821",
        "Maple River Fox 4821",
        "  MAPLE-river_fox-4821\n",
        "maple–river—fox 4821",  # dashes a word processor might put in
        "ｍａｐｌｅ ｒｉｖｅｒ ｆｏｘ ４８２１",  # full-width, from a phone keyboard
        "mapleriverfox4821",
    ],
)
def test_a_code_typed_back_any_way_opens_the_same_work(typed):
    """Do case, spaces, dashes and full-width characters not matter when typing a code?"""
    save_roadmap(a_roadmap(owner="Typed"), "maple-river-fox-4821")
    work = load_work(typed)
    assert work.roadmap.owner == "Typed"
    assert work.code == normalise_code(typed)


@pytest.mark.parametrize(
    "typed",
    [
        "Ana",
        "../../etc/passwd",
        "",
        "   ",
        "maple-river-fox",
        "4821",
        "maple/river/fox/4821",
        "méple-river-fox-4821",
        "x" * 5000,
        None,
        4821,
    ],
)
def test_a_malformed_code_gets_a_friendly_error_not_a_path_error(typed):
    """Does a name, a path or garbage typed as a code give a StoreError explaining codes?"""
    save_roadmap(a_roadmap())
    with pytest.raises(StoreError, match="three words and four digits"):
        load_work(typed)


def test_a_wrong_code_finds_nothing():
    """Does a well-formed code that was never handed out say 'check it for typos'?"""
    code = save_roadmap(a_roadmap())
    words = code.split("-")
    other = "-".join([*words[:3], f"{(int(words[3]) + 1) % 10000:04d}"])
    with pytest.raises(StoreError, match="No saved work matches that code; check it for typos"):
        load_work(other)


def test_names_are_never_paths(workbook_data):
    """Can a student named '../../etc/passwd' or 'Ana' reach anything but their own file?"""
    outside = sorted(p.name for p in workbook_data.parent.iterdir())
    code_evil = save_roadmap(a_roadmap(owner="../../etc/passwd"))
    code_ana_1 = save_roadmap(a_roadmap(owner="Ana", title="Ana one's step"))
    code_ana_2 = save_roadmap(a_roadmap(owner="Ana", title="Ana two's step"))
    assert len({code_evil, code_ana_1, code_ana_2}) == 3
    assert sorted(p.name for p in workbook_data.parent.iterdir()) == outside
    listing = " ".join(p.name for p in workbook_data.iterdir())
    for leak in ("Ana", "passwd", "etc", *code_ana_1.split("-")[:3]):
        assert leak not in listing
    assert all(
        re.fullmatch(r"[0-9a-f]{32}\.json(\.bak|\.lock)?", p.name) for p in workbook_data.iterdir()
    )
    assert "Ana one's step" in titles(load_work(code_ana_1))
    assert "Ana two's step" in titles(load_work(code_ana_2))
    for typed in ("Ana", "../../etc/passwd", str(main_file_for(workbook_data, code_ana_1))):
        with pytest.raises(StoreError):
            load_work(typed)


def main_file_for(folder: Path, code: str) -> Path:
    """The file of one code, found by what it holds (no private helpers)."""
    wanted = load_work(code).roadmap.to_dict()
    for path in folder.glob("*.json"):
        if load_file(path).roadmap.to_dict() == wanted:
            return path
    raise AssertionError(code)


# --- atomic writes ---------------------------------------------------------------------------
@pytest.mark.parametrize("failing", ["backup", "main"])
def test_a_failed_rename_leaves_the_previous_save_intact(monkeypatch, workbook_data, failing):
    """If os.replace fails mid-save, does the previous save still load, with no temp file?"""
    code, path = saved_twice(workbook_data)
    target = backup(path) if failing == "backup" else path
    real_replace = os.replace

    def replace(src, dst, **kwargs):
        if Path(dst) == target:
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", replace)
        with pytest.raises(StoreError, match=r"could not be saved.*previous save is unchanged"):
            save_roadmap(a_roadmap(title="Third"), code)
    work = load_work(code)
    assert "Second" in titles(work) and work.notice is None
    assert not list(workbook_data.glob("*.tmp")) and not list(workbook_data.glob(".*.tmp"))


def test_a_full_disk_leaves_the_previous_save_intact(monkeypatch, workbook_data):
    """If the disk fills up while writing, does the previous save still load unchanged?"""
    code, path = saved_twice(workbook_data)
    before = path.read_bytes(), backup(path).read_bytes()

    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", fsync)
        with pytest.raises(StoreError, match="No space left on device"):
            save_roadmap(a_roadmap(title="Third"), code)
    assert (path.read_bytes(), backup(path).read_bytes()) == before
    assert not [p for p in workbook_data.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize(
    "attempt",
    [
        {"question": "q1", "answer": {1, 2}, "status": "correct", "score": 1.0, "at": "now"},
        {"question": "q1", "answer": 1, "status": "correct", "score": float("nan"), "at": "now"},
        {"question": "q1", "answer": 1, "status": "sort of", "score": 1.0, "at": "now"},
    ],
)
def test_work_that_cannot_be_saved_writes_nothing(workbook_data, attempt):
    """Is work that could not be read back (not JSON, NaN, unknown status) refused unwritten?"""
    code, _path = saved_twice(workbook_data)
    before = sorted((p.name, p.read_bytes()) for p in workbook_data.iterdir() if p.is_file())
    work = load_work(code)
    work.attempts.append(attempt)
    with pytest.raises(StoreError, match="nothing was written"):
        save_work(work)
    after = sorted((p.name, p.read_bytes()) for p in workbook_data.iterdir() if p.is_file())
    assert after == before


def test_an_invalid_roadmap_raises_validation_error_and_writes_nothing(workbook_data):
    """Is the roadmap validated before writing, with ValidationError naming the field?"""
    code, path = saved_twice(workbook_data)
    before = path.read_bytes()
    bad = a_roadmap()
    bad.goals[1].end_month = 30  # a short-term goal past month 12
    with pytest.raises(ValidationError) as caught:
        save_roadmap(bad, code)
    assert caught.value.for_field("goals[1].end_month")
    assert path.read_bytes() == before
    with pytest.raises(ValidationError):
        save_roadmap(bad)
    assert len(list(workbook_data.glob("*.json"))) == 1


def test_each_save_keeps_the_previous_one_as_backup(workbook_data):
    """After two saves, does the .bak hold the first one?"""
    code, path = saved_twice(workbook_data)
    assert "Second" in titles(load_work(code))
    assert "First" in titles(load_file(backup(path)))


def test_stale_temp_files_from_a_killed_save_are_cleared(workbook_data):
    """Does the next save remove temporary files a killed save left behind?"""
    code, path = saved_twice(workbook_data)
    stale = path.parent / f".{path.name}.abc123.tmp"
    stale.write_bytes(b'{"half": ')
    save_roadmap(a_roadmap(title="Third"), code)
    assert not stale.exists()


def test_a_hand_edited_backup_is_set_aside_not_overwritten(workbook_data):
    """Is a .bak someone broke by hand kept (moved aside) when the next save rotates it?"""
    code, path = saved_twice(workbook_data)
    backup(path).write_text("my notes", encoding="utf-8")
    save_roadmap(a_roadmap(title="Third"), code)
    (aside,) = workbook_data.glob("*.bak.broken-*.json")
    assert aside.read_text(encoding="utf-8") == "my notes"
    assert "Second" in titles(load_file(backup(path)))


# --- damaged files -----------------------------------------------------------------------------
def test_a_truncated_file_opens_the_previous_copy_with_a_notice(workbook_data):
    """Does a save cut short load the copy before it, explain why, and leave the file alone?"""
    code, path = saved_twice(workbook_data)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    work = load_work(code)
    assert "First" in titles(work)
    assert "cut short" in work.notice and "copy saved before it" in work.notice
    assert path.read_bytes() == data[: len(data) // 2]


def _roadmap_failing_validation(doc: dict) -> dict:
    doc["roadmap"]["goals"][1]["end_month"] = 0  # ends before it starts
    return doc


def _attempts_not_a_list(doc: dict) -> dict:
    doc["attempts"] = {"q1": "correct"}
    return doc


def _draft_without_text(doc: dict) -> dict:
    doc["drafts"] = [{"name": "career_goals_answer", "at": "2025-01-01T00:00:00+00:00"}]
    return doc


def _no_roadmap(doc: dict) -> dict:
    del doc["roadmap"]
    return doc


def _version_is_text(doc: dict) -> dict:
    doc["schema_version"] = "two"
    return doc


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"\x00\xff\xfe binary junk", "not text"),
        (b'{"schema": "career-goals-workbook", "schema_ver', "cut short"),
        (b"I wrote my goals here instead", "not valid JSON"),
        (b"[1, 2, 3]", "no schema marker"),
        (b'{"cells": [], "nbformat": 4}', "no schema marker"),
        (b"[" * 100_000, "not valid JSON"),
        (_roadmap_failing_validation, "does not pass its checks"),
        (_attempts_not_a_list, "attempts are not a list"),
        (_draft_without_text, "draft #1 has no text"),
        (_no_roadmap, "holds no roadmap"),
        (_version_is_text, "schema version"),
    ],
)
def test_nonsense_opens_the_previous_copy(workbook_data, damage, reason):
    """Does bad JSON, or valid JSON of the wrong shape, open the previous copy and say why?"""
    code, path = saved_twice(workbook_data)
    if callable(damage):
        doc = json.loads(path.read_text(encoding="utf-8"))
        damage = json.dumps(damage(doc)).encode()
    path.write_bytes(damage)
    work = load_work(code)
    assert "First" in titles(work)
    assert reason in work.notice
    assert path.read_bytes() == damage


def test_a_deleted_file_opens_the_previous_copy(workbook_data):
    """If the save file was deleted but its backup remains, is the backup opened?"""
    code, path = saved_twice(workbook_data)
    path.unlink()
    work = load_work(code)
    assert "First" in titles(work) and "missing" in work.notice


def test_both_copies_broken_raise_and_nothing_is_overwritten(workbook_data):
    """With neither copy readable, does loading refuse kindly, and saving set both aside?"""
    code, path = saved_twice(workbook_data)
    path.write_bytes(b'{"schema": "career-goals-workbook", "sch')
    backup(path).write_bytes(b"")
    with pytest.raises(StoreError, match="could not be opened") as caught:
        load_work(code)
    assert "Traceback" not in str(caught.value) and str(path) not in str(caught.value)
    assert path.read_bytes().endswith(b'"sch') and backup(path).read_bytes() == b""

    save_roadmap(a_roadmap(title="Fresh start"), code)
    (aside,) = workbook_data.glob("*.broken-*.json")
    assert aside.name.startswith(path.stem) and aside.read_bytes().endswith(b'"sch')
    assert "Fresh start" in titles(load_work(code))


def test_saving_over_a_broken_file_keeps_the_good_backup(workbook_data):
    """Does a save over a damaged file set it aside and leave the last good copy as backup?"""
    code, path = saved_twice(workbook_data)
    path.write_bytes(b"{broken")
    save_roadmap(a_roadmap(title="Third"), code)
    assert "Third" in titles(load_work(code))
    assert "First" in titles(load_file(backup(path)))
    (aside,) = workbook_data.glob("*.broken-*.json")
    assert aside.read_bytes() == b"{broken"


def test_work_from_a_newer_workbook_is_never_overwritten(workbook_data):
    """Is a file saved by a newer schema refused on load and on save, and left unchanged?"""
    code, path = saved_twice(workbook_data)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["schema_version"] = SCHEMA_VERSION + 1
    path.write_text(json.dumps(doc), encoding="utf-8")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version of the workbook"):
        load_work(code)
    with pytest.raises(StoreError, match="newer version of the workbook"):
        save_roadmap(a_roadmap(title="Older"), code)
    assert path.read_bytes() == before


# --- save_roadmap --------------------------------------------------------------------------------
def test_save_roadmap_keeps_attempts_and_drafts(workbook_data):
    """Does saving a new roadmap under a code keep the quiz attempts and drafts saved there?"""
    attempt = {"question": "q1", "answer": [1], "status": "partial", "score": 0.5, "at": "t"}
    draft = {"name": "career_goals_answer", "text": "In five years…", "at": "t"}
    code = save_work(Work(a_roadmap(), [attempt], [draft]))
    save_roadmap(a_roadmap(title="Changed"), code)
    work = load_work(code)
    assert "Changed" in titles(work)
    assert work.attempts == [attempt] and work.drafts == [draft]
    assert titles(Work(load_roadmap(code))) == titles(work)


def test_save_roadmap_with_a_malformed_code_says_so():
    """Is a malformed code refused by save_roadmap too, rather than used as a file name?"""
    with pytest.raises(StoreError, match="three words and four digits"):
        save_roadmap(a_roadmap(), "../../etc/passwd")


def test_a_lone_surrogate_survives_a_save():
    """Does text a UTF-8 encoder refuses (a lone surrogate) still save and load back exactly?"""
    roadmap = a_roadmap(owner="Ana \udc80")
    assert load_roadmap(save_roadmap(roadmap)).owner == "Ana \udc80"


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(roadmap=roadmaps())
def test_any_valid_roadmap_survives_save_and_load(workbook_data, roadmap):
    """Does every valid roadmap (any script, any size) load back exactly as it was saved?"""
    roadmap.validate()
    code = save_roadmap(roadmap)
    assert load_roadmap(code).to_dict() == roadmap.to_dict()


# --- remembering the last code ---------------------------------------------------------------
def test_own_machine_remembers_the_last_code(workbook_data):
    """On one's own machine, is the last code remembered in the data folder?"""
    code = save_roadmap(a_roadmap())
    remember_code(code.upper())
    assert remembered_code() == code
    assert (workbook_data / store.LAST_CODE_FILE).read_text(encoding="utf-8").strip() == code


@pytest.mark.parametrize("value", ["1", "yes", "workshop"])
def test_a_shared_server_never_remembers(monkeypatch, workbook_data, value):
    """With WORKBOOK_SHARED set, is no code written, and is an old remembered one ignored?"""
    code = save_roadmap(a_roadmap())
    monkeypatch.setenv("WORKBOOK_SHARED", value)
    remember_code(code)
    assert not (workbook_data / store.LAST_CODE_FILE).exists()
    (workbook_data / store.LAST_CODE_FILE).write_text(code, encoding="utf-8")
    assert remembered_code() is None


def test_shared_set_to_off_still_remembers(monkeypatch):
    """Does WORKBOOK_SHARED=0 mean 'not shared'?"""
    monkeypatch.setenv("WORKBOOK_SHARED", "0")
    code = save_roadmap(a_roadmap())
    remember_code(code)
    assert remembered_code() == code


# --- one writer at a time ------------------------------------------------------------------------
def test_a_save_waits_for_another_writer_then_gives_a_friendly_timeout(monkeypatch, workbook_data):
    """While another process holds this work's lock, does a save wait, then explain kindly?"""
    code, path = saved_twice(workbook_data)
    lock = str(path) + ".lock"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import filelock,sys,time\nwith filelock.FileLock({lock!r}):\n"
            "    print('held', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        monkeypatch.setattr(store.saving, "LOCK_TIMEOUT", 0.3)
        with pytest.raises(StoreError, match="Another tab or window is saving"):
            save_roadmap(a_roadmap(title="Blocked"), code)
    finally:
        holder.kill()
        holder.wait()
    assert "Second" in titles(load_work(code))
    save_roadmap(a_roadmap(title="Unblocked"), code)  # the lock died with its holder
    assert "Unblocked" in titles(load_work(code))


def test_two_writers_at_once_never_break_the_file(workbook_data):
    """Do two processes saving the same work 25 times each both succeed, leaving a good file?"""
    code = save_work(Work(a_roadmap()))
    writers = [
        subprocess.Popen(
            [sys.executable, str(CRASH_WRITER), str(workbook_data), code, str(start), "25"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(workbook_data),
        )
        for start in (0, 1000)
    ]
    outputs = [w.communicate(timeout=120) for w in writers]
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert out.split()[-1] in {"25", "1025"}
    work = load_work(code)
    assert work.notice is None
    assert work.attempts[0]["answer"] in {25, 1025}


# --- a writer killed at random moments ---------------------------------------------------------
def _counter(work: Work) -> int:
    value = work.attempts[0]["answer"]
    assert work.roadmap.owner == f"Crash test {value}"
    return value


@pytest.mark.timeout(120)
def test_a_writer_killed_at_random_moments_never_loses_the_last_good_save(workbook_data):
    """Killed with SIGKILL 30 times mid-loop, does the file always load the newest or the
    previous state, and the backup the one before?"""
    rng = random.Random(20251125)
    code = new_code()
    counter = 0
    torn = 0
    for _ in range(30):
        child = subprocess.Popen(
            [sys.executable, str(CRASH_WRITER), str(workbook_data), code, str(counter)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=child_env(workbook_data),
        )
        assert child.stdout.readline() == "ready\n", child.stderr.read()
        time.sleep(rng.uniform(0.0, 0.12))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        # read through the same text stream as "ready": lines the child printed right after
        # it may already sit in that stream's buffer, where communicate() would not see them
        out, err = child.stdout.read(), child.stderr.read()
        assert child.returncode == -signal.SIGKILL, err
        reported = [
            int(line) for line in out.splitlines(keepends=True) if re.fullmatch(r"\d+\n", line)
        ]
        last = reported[-1] if reported else counter
        torn += bool(list(workbook_data.glob(".*.tmp")))
        if last == 0 and not list(workbook_data.glob("*.json")):
            continue  # killed before its first save completed: nothing to check yet
        work = load_work(code)
        assert work.notice is None
        loaded = _counter(work)
        assert loaded in {last, last + 1}, (loaded, reported[-3:])
        bak = backup(main_file(workbook_data))
        if bak.exists():
            assert _counter(load_file(bak)) in {loaded - 1, loaded}
        counter = loaded
    assert counter > 0
    print(f"{counter} saves; {torn} of 30 kills left a half-written temporary file")


# --- older versions ----------------------------------------------------------------------------
def _install_v1(folder: Path) -> tuple[str, Path]:
    """A code whose file is the schema 1 fixture (as an old workbook would have left it)."""
    code = save_roadmap(a_roadmap())
    path = main_file(folder)
    shutil.copyfile(FIXTURES / "workbook-v1.json", path)
    backup(path).unlink(missing_ok=True)
    return code, path


def test_every_old_version_has_a_migration():
    """Is there a migration from every older schema version up to the current one?"""
    assert sorted(store.MIGRATIONS) == list(range(1, SCHEMA_VERSION))


def test_a_version_1_file_is_migrated_on_load(workbook_data):
    """Does a schema 1 file open as schema 2 with its goals, links, quiz and answer intact?"""
    code, _path = _install_v1(workbook_data)
    work = load_work(code)
    rm = work.roadmap
    assert (rm.owner, rm.role, rm.employer) == (
        "Ana Pereira",
        "Junior data analyst",
        "Northwind Health",
    )
    lead, cert, dashboards, present = rm.goals
    assert lead.horizon == Horizon.LONG and lead.area == "leadership"
    assert lead.skills == ["people management", "SQL", "reporting"]
    assert lead.smart.relevant.startswith("The team is growing")
    assert [(m.title, m.month) for m in lead.milestones] == [("Mentor a new hire", 18)]
    assert cert.horizon == Horizon.SHORT and cert.leads_to == lead.id  # linked by title, any case
    assert dashboards.horizon == Horizon.LONG and dashboards.leads_to is None  # 18 months: long
    assert present.area == "professional" and present.leads_to is None
    assert [(a["question"], a["status"], a["score"]) for a in work.attempts] == [
        ("horizons-1", "correct", 1.0),
        ("smart-2", "incorrect", 0.0),
        ("stepping-stones", "partial", 0.5),
    ]
    assert work.drafts[0]["name"] == "career_goals_answer"
    assert work.drafts[0]["text"].startswith("In five years")
    assert work.attempts[0]["at"] == "2024-03-02T10:15:00+00:00"
    assert [g.id for g in load_work(code).roadmap.goals] == [g.id for g in rm.goals]
    assert work.notice is None


def test_saving_migrated_work_writes_version_2_and_keeps_the_original(workbook_data):
    """After a migrated load and a save, is the file schema 2 and the .bak the schema 1 original?"""
    code, path = _install_v1(workbook_data)
    save_work(load_work(code))
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert (doc["schema"], doc["schema_version"]) == (SCHEMA, SCHEMA_VERSION)
    assert backup(path).read_bytes() == (FIXTURES / "workbook-v1.json").read_bytes()


def test_a_broken_version_1_file_falls_back_instead_of_crashing(workbook_data):
    """Does a hand-edited schema 1 file that cannot be migrated open the previous copy?"""
    code, path = saved_twice(workbook_data)
    path.write_text(json.dumps({"app": SCHEMA, "version": 1, "goals": "lots"}), encoding="utf-8")
    work = load_work(code)
    assert "First" in titles(work) and "upgraded from schema version 1" in work.notice


# --- the instructor's view of a folder ---------------------------------------------------------
def test_iter_saved_reports_every_file_and_never_raises(workbook_data):
    """Does the class report get each save (migrated if old) or the reason it cannot be used?"""
    folder = workbook_data
    good = save_roadmap(a_roadmap(owner="Good"))
    good_path = main_file_for(folder, good)
    code_v1 = save_roadmap(a_roadmap(owner="Old"))
    shutil.copyfile(FIXTURES / "workbook-v1.json", main_file_for(folder, code_v1))
    (folder / "cut.json").write_bytes(good_path.read_bytes()[:100])
    (folder / "notebook.json").write_text('{"cells": []}', encoding="utf-8")
    (folder / "newer.json").write_text(
        json.dumps({"schema": SCHEMA, "schema_version": 99}), encoding="utf-8"
    )
    (folder / "folder.json").mkdir()
    (folder / "x.broken-20250101T000000Z.json").write_text("{", encoding="utf-8")
    (folder / ".hidden.json.abc.tmp").write_text("{", encoding="utf-8")
    half = folder / "half.json"  # cut short, but with a good previous copy
    half.write_bytes(good_path.read_bytes()[:-20])
    shutil.copyfile(good_path, backup(half))

    found = {s.path.name: s for s in iter_saved(folder)}
    assert found[good_path.name].work.roadmap.owner == "Good" and found[good_path.name].ok
    owners = {s.work.roadmap.owner for s in found.values() if s.ok}
    assert owners == {"Good", "Ana Pereira"}  # Ana's is the schema 1 file, migrated
    assert "cut short" in found["cut.json"].problem
    assert "no schema marker" in found["notebook.json"].problem
    assert "newer workbook" in found["newer.json"].problem
    assert "cannot be read" in found["folder.json"].problem
    assert found["x.broken-20250101T000000Z.json"].problem.startswith("Set aside")
    assert "copy saved before it opens instead" in found["half.json"].problem
    assert not any(name.endswith((".bak", ".tmp", ".lock")) for name in found)
    for saved in found.values():
        assert (saved.work is None) != (saved.problem is None)
    assert list(iter_saved(folder / "does-not-exist")) == []


def test_a_new_code_never_lands_on_someone_elses_file(monkeypatch):
    """If the random code were one already in use, would saving refuse instead of sharing?"""
    taken = save_roadmap(a_roadmap(owner="First owner"))
    monkeypatch.setattr(store.saving, "new_code", lambda: taken)
    with pytest.raises(StoreError, match="free code"):
        save_roadmap(a_roadmap(owner="Second owner"))
    assert load_work(taken).roadmap.owner == "First owner"


def test_a_downloaded_work_file_opens_again(tmp_path):
    """Does dumps_work give bytes that load_file reopens with roadmap, attempts and drafts?"""
    draft = {"name": "career_goals_answer", "text": "Ich möchte 🚀", "at": "t"}
    work = Work(a_roadmap(owner="Zoë"), [], [draft])
    path = tmp_path / "my-work.json"
    path.write_bytes(store.dumps_work(work))
    again = load_file(path)
    assert again.roadmap.to_dict() == work.roadmap.to_dict() and again.drafts == [draft]


# --- every field checked by the save schema; odd files never hang or crash (issue 12) -----------
def _goal_skills_are_a_number(doc: dict) -> dict:
    doc["roadmap"]["goals"][1]["skills"] = 5
    return doc


def test_a_wrongly_typed_field_is_a_store_error_naming_it(workbook_data):
    """Does ``"skills": 5`` in a save (no earlier copy) raise StoreError naming goals[1].skills,
    rather than a TypeError from deep in the model?"""
    code = save_roadmap(a_roadmap())
    path = main_file(workbook_data)
    path.write_text(json.dumps(_goal_skills_are_a_number(json.loads(path.read_text()))))
    with pytest.raises(StoreError, match=re.escape("goals[1].skills")):
        load_work(code)


def test_saving_sets_aside_a_file_that_fails_the_schema(workbook_data):
    """Can work be saved again over a save with ``"skills": 5``, the bad file kept aside
    byte for byte instead of the save raising a TypeError?"""
    code = save_roadmap(a_roadmap())
    path = main_file(workbook_data)
    path.write_text(json.dumps(_goal_skills_are_a_number(json.loads(path.read_text()))))
    damaged = path.read_bytes()
    save_roadmap(a_roadmap(title="Saved again"), code)
    assert "Saved again" in titles(load_work(code))
    (aside,) = workbook_data.glob("*.broken-*.json")
    assert aside.read_bytes() == damaged


def test_a_save_with_a_byte_order_mark_opens_and_is_not_set_aside(workbook_data):
    """Does a save that an editor prefixed with a UTF-8 BOM open without a notice, and does
    the next save keep it as the previous copy instead of setting it aside as damaged?"""
    code, path = saved_twice(workbook_data)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    work = load_work(code)
    assert work.notice is None and "Second" in titles(work)
    save_roadmap(a_roadmap(title="Third"), code)
    assert not list(workbook_data.glob("*.broken-*"))
    assert "Second" in titles(load_file(backup(path)))


def test_a_fifo_in_place_of_a_save_never_hangs(workbook_data):
    """With a FIFO where the save file should be, does loading open the previous copy at once
    (and the class report list it) instead of waiting forever for a writer?"""
    code, path = saved_twice(workbook_data)
    path.unlink()
    os.mkfifo(path)
    with deadline(5):
        work = load_work(code)
        found = {s.path.name: s for s in iter_saved(workbook_data)}
    assert "First" in titles(work) and "not a regular file" in work.notice
    assert "FIFO" in found[path.name].problem


def test_iter_saved_does_not_follow_links(workbook_data, tmp_path):
    """Is a link to a save elsewhere listed as a link, its work not read?"""
    save_roadmap(a_roadmap(owner="Elsewhere"), folder=tmp_path)
    (elsewhere,) = tmp_path.glob("*.json")
    (workbook_data / "link.json").symlink_to(elsewhere)
    (found,) = iter_saved(workbook_data)
    assert found.work is None and "link" in found.problem


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pick=st.integers(0, 10_000), remove=st.booleans(), value=json_values())
def test_any_one_field_changed_by_hand_gives_a_store_error_or_the_work(
    workbook_data, pick, remove, value
):
    """Whatever one field of a real save is changed to (any JSON value, or removed), does
    loading give the work or a StoreError, and does saving over it succeed, setting the
    file aside when it could not be read? Never a TypeError, KeyError or RecursionError."""
    folder = Path(tempfile.mkdtemp(dir=workbook_data))
    plain = a_roadmap().to_dict()
    plain["goals"][1]["milestones"] = [{"title": "Half way", "month": 3}]
    work = Work(
        Roadmap.from_dict(plain),
        attempts=[
            {"question": "q1", "answer": ["a"], "status": "correct", "score": 1.0, "at": "t"}
        ],
        drafts=[{"name": "career_goals_answer", "text": "I want to lead.", "at": "t"}],
    )
    code = save_work(work, folder=folder)
    path = main_file(folder)
    doc = json.loads(path.read_text(encoding="utf-8"))
    places = json_places(doc)
    *parent_path, key = places[pick % len(places)]
    parent = doc
    for step in parent_path:
        parent = parent[step]
    if remove and isinstance(parent, dict):
        del parent[key]
    else:
        parent[key] = value
    path.write_text(json.dumps(doc), encoding="utf-8")
    damaged = path.read_bytes()
    try:
        load_work(code, folder=folder)
    except StoreError as exc:  # the student's message: says why, names no path
        assert str(folder) not in str(exc)
    try:
        save_roadmap(a_roadmap(title="Saved again"), code, folder=folder)
    except StoreError as exc:  # only a file from a "newer" workbook is refused, and kept
        assert "newer version" in str(exc) and path.read_bytes() == damaged
        return
    assert "Saved again" in titles(load_work(code, folder=folder))
    kept = [p.read_bytes() for p in folder.glob("*.json*") if not p.name.endswith(".lock")]
    assert damaged in kept  # as the previous copy, or set aside: never lost


def test_a_save_encodes_and_reads_back_the_work_once(monkeypatch, workbook_data):
    """Is the work encoded and checked once per save (not once to fail early and again under
    the lock), while the file still holds exactly what a fresh encoding would write?"""
    checked: list[int] = []
    decode = store.saving.decode

    def counting(raw: bytes) -> Work:
        checked.append(len(raw))
        return decode(raw)

    monkeypatch.setattr(store.saving, "decode", counting)
    code = save_work(Work(a_roadmap()))
    assert len(checked) == 1  # nothing there yet: only the new document is read back
    work = load_work(code)
    checked.clear()
    save_work(work)
    assert len(checked) == 2  # the file's current copy (for its revision), then the new one
    doc = json.loads(main_file(workbook_data).read_bytes())
    assert doc["revision"] == 2
    assert main_file(workbook_data).read_bytes() == json.dumps(
        doc, ensure_ascii=False, indent=1
    ).encode("utf-8")


def test_replacing_a_file_on_purpose_carries_on_from_its_revision(workbook_data):
    """Does work that did not come from a file, saved under a taken code, get the file's
    revision plus one, written into the checked document without breaking it?"""
    code, path = saved_twice(workbook_data)
    for _ in range(8):  # to revision 10: one more digit than the revision first encoded
        save_roadmap(a_roadmap(title="Again"), code)
    assert store.revision_of(code) == 10
    fresh = Work(a_roadmap(title="Replaced"))  # revision None: a deliberate replace
    save_work(fresh, code)
    assert fresh.revision == 11
    doc = json.loads(path.read_bytes())
    assert doc["revision"] == 11 and titles(load_work(code)) == [
        "Lead the analytics team",
        "Replaced",
    ]
    assert path.read_bytes() == json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
