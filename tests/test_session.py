"""The student's session: one roadmap, attempts and drafts per kernel, saved as they happen."""

from __future__ import annotations

import datetime as dt
import errno
import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from workbook import store
from workbook.model import Goal, Horizon, Roadmap, ValidationError
from workbook.session import MAX_DRAFTS_PER_NAME, Session, reopen_when_requested
from workbook.store import StoreError, load_work, save_roadmap

ROOT = Path(__file__).resolve().parent.parent


def a_roadmap(title: str = "Finish the SQL course") -> Roadmap:
    destination = Goal("Lead the analytics team", Horizon.LONG, end_month=48, id="glead")
    return Roadmap(owner="Ana", goals=[destination, Goal(title, end_month=6, leads_to="glead")])


def run_kernel(code: str, env: dict[str, str]) -> dict:
    """Run ``code`` in a fresh Python process (a new kernel) and return the JSON it prints."""
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


REPORT = """
import json
from workbook.session import current_session
s = current_session()
print(json.dumps({"same": s is current_session(), "code": s.code, "notice": s.notice,
                  "goals": [g.title for g in s.roadmap.goals]}))
"""


# --- a fresh session and saving ----------------------------------------------------------------
def test_a_new_session_is_empty_and_unsaved(tmp_path):
    """Does a session start with an empty roadmap, no code and nothing to tell?"""
    session = Session(data_dir=tmp_path)
    assert session.roadmap.goals == [] and session.code is None and session.notice is None
    assert session.work.attempts == [] and session.work.drafts == []
    assert not list(tmp_path.iterdir())


def test_the_first_save_creates_the_code_and_later_saves_keep_it(tmp_path):
    """Does the first save hand out a code, and do later saves write under the same one?"""
    session = Session(data_dir=tmp_path)
    session.roadmap = a_roadmap()
    code = session.save()
    assert session.code == code
    session.roadmap.add(Goal("Present at a team meeting", end_month=2))
    assert session.save() == code
    titles = [g.title for g in load_work(code, folder=tmp_path).roadmap.goals]
    assert titles[-1] == "Present at a team meeting"
    assert store.remembered_code(folder=tmp_path) == code


def test_an_invalid_roadmap_is_not_saved(tmp_path):
    """Does saving an invalid roadmap raise ValidationError and leave no file and no code?"""
    session = Session(data_dir=tmp_path)
    session.roadmap = Roadmap(goals=[Goal("Too long for a stepping stone", end_month=30)])
    with pytest.raises(ValidationError):
        session.save()
    assert session.code is None and not list(tmp_path.glob("*.json"))


def test_a_failed_save_keeps_the_work_in_memory(monkeypatch, tmp_path):
    """If the disk refuses a save, is the attempt kept and saved by the next save?"""
    session = Session(data_dir=tmp_path)
    session.roadmap = a_roadmap()
    code = session.save()
    real_replace = os.replace

    def replace(src, dst, **kwargs):
        if str(dst).endswith(".json"):
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(src, dst, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", replace)
        with pytest.raises(StoreError, match="could not be saved"):
            session.record_attempt("q1", "B", "incorrect")
    assert [a["question"] for a in session.work.attempts] == ["q1"]
    assert load_work(code, folder=tmp_path).attempts == []
    session.save()
    assert [a["question"] for a in load_work(code, folder=tmp_path).attempts] == ["q1"]


# --- resuming --------------------------------------------------------------------------------------
def test_resume_replaces_the_work_and_tells_the_views(tmp_path):
    """Does resume(code) open the saved work, however the code is typed, and fire on_change?"""
    code = save_roadmap(a_roadmap("Saved earlier"), folder=tmp_path)
    session = Session(data_dir=tmp_path)
    seen = []
    session.on_change(lambda s: seen.append([g.title for g in s.roadmap.goals]))
    session.resume(f"  {code.upper().replace('-', ' ')} ")
    assert session.code == code
    assert seen == [["Lead the analytics team", "Saved earlier"]]


@pytest.mark.parametrize("typed", ["Ana", "maple-river-fox-0000", "../../etc/passwd"])
def test_a_failed_resume_changes_nothing(tmp_path, typed):
    """Does a wrong or malformed code raise StoreError, keep the current work, fire nothing?"""
    session = Session(data_dir=tmp_path)
    session.roadmap = a_roadmap("Mine")
    session.save()
    before = session.work
    fired = []
    session.on_change(lambda: fired.append(1))
    with pytest.raises(StoreError):
        session.resume(typed)
    assert session.work is before and fired == []


def test_resume_opens_the_backup_and_keeps_the_notice(tmp_path):
    """Resuming a damaged save: is the previous copy opened, with the notice on the session?"""
    session = Session(data_dir=tmp_path)
    session.roadmap = a_roadmap("First")
    code = session.save()
    session.roadmap = a_roadmap("Second")
    session.save()
    (path,) = tmp_path.glob("*.json")
    path.write_text('{"schema": "career-goals-workbook", "ro', encoding="utf-8")
    other = Session(data_dir=tmp_path)
    other.resume(code)
    assert other.roadmap.goals[-1].title == "First"
    assert "copy saved before it" in other.notice


# --- attempts and drafts -------------------------------------------------------------------------
def test_record_attempt_appends_a_timed_attempt_and_saves(tmp_path):
    """Is each attempt kept with its question, answer, status, score and time, and saved once
    the work has a code?"""
    session = Session(data_dir=tmp_path)
    session.save()
    session.record_attempt("horizons-1", ("a", "b"), "correct")
    session.record_attempt("smart-2", {"letters": ["S", "M"]}, "partial", score=0.4)
    session.record_attempt("smart-2", None, "incorrect")
    first, second, third = session.work.attempts
    assert first["answer"] == ["a", "b"] and first["score"] == 1.0
    assert second == {**second, "question": "smart-2", "status": "partial", "score": 0.4}
    assert third["score"] == 0.0
    at = dt.datetime.fromisoformat(first["at"])
    assert at.tzinfo is not None and abs(dt.datetime.now(dt.UTC) - at) < dt.timedelta(minutes=5)
    assert load_work(session.code, folder=tmp_path).attempts == session.work.attempts


def test_a_checked_answer_is_recorded_only_when_it_counts_as_an_attempt(tmp_path):
    """Does record_result (the one path the chapters' check cells and the quiz cards record
    by) keep a read answer with its status and score, and skip one not attempted or unreadable?"""
    from workbook.exercises import Result, Status

    session = Session(data_dir=tmp_path)
    session.save()
    kept = session.record_result(Result("smart-2", Status.PARTIAL, "Nearly.", 0.5, (), ["S"]))
    assert kept is not None and kept["status"] == "partial" and kept["score"] == 0.5
    for status in (Status.NOT_ATTEMPTED, Status.ERROR):
        assert session.record_result(Result("smart-2", status, "?")) is None
    assert load_work(session.code, folder=tmp_path).attempts == [kept]


@pytest.mark.parametrize(
    ("answer", "status", "score"),
    [("B", "sort of", None), ({1, 2}, "correct", None), ("B", "correct", float("inf"))],
)
def test_a_bad_attempt_is_refused_before_saving(tmp_path, answer, status, score):
    """Are an unknown status, a non-JSON answer or an infinite score refused with ValueError?"""
    session = Session(data_dir=tmp_path)
    with pytest.raises(ValueError):
        session.record_attempt("q1", answer, status, score)
    assert session.work.attempts == [] and not list(tmp_path.glob("*.json"))


def test_drafts_keep_a_history_of_twenty_per_answer(tmp_path):
    """Does each answer keep its last 20 drafts, without touching other answers' drafts?"""
    session = Session(data_dir=tmp_path)
    session.save_draft("elevator_pitch", "I build dashboards.")
    for i in range(25):
        session.save_draft("career_goals_answer", f"Version {i}")
    history = session.drafts("career_goals_answer")
    assert len(history) == MAX_DRAFTS_PER_NAME
    assert [d["text"] for d in history] == [f"Version {i}" for i in range(5, 25)]
    assert session.latest_draft("career_goals_answer") == "Version 24"
    assert session.latest_draft("elevator_pitch") == "I build dashboards."
    assert session.latest_draft("never_written") is None
    saved = load_work(session.code, folder=tmp_path)
    assert saved.drafts == session.work.drafts


def test_the_same_draft_twice_is_stored_once(tmp_path):
    """Does saving unchanged text add no new version?"""
    session = Session(data_dir=tmp_path)
    session.save_draft("career_goals_answer", "Same words")
    session.save_draft("career_goals_answer", "Same words")
    assert len(session.drafts("career_goals_answer")) == 1


def test_a_huge_paste_is_refused_kindly(tmp_path):
    """Is a draft far longer than any answer refused with a message, keeping earlier drafts?"""
    session = Session(data_dir=tmp_path)
    session.save_draft("career_goals_answer", "Short")
    with pytest.raises(ValueError, match="keep it under"):
        session.save_draft("career_goals_answer", "word " * 10_000)
    assert session.latest_draft("career_goals_answer") == "Short"


# --- views ---------------------------------------------------------------------------------------
def test_a_failing_view_is_logged_and_the_others_still_refresh(tmp_path, caplog):
    """When one on_change callback raises, are the others still called and the error logged?"""
    session = Session(data_dir=tmp_path)
    calls = []

    def broken(session):
        raise RuntimeError("widget was closed")

    session.on_change(lambda: calls.append("no argument"))
    session.on_change(broken)
    session.on_change(lambda s: calls.append(s))
    with caplog.at_level(logging.ERROR, logger="workbook.session"):
        session.save_draft("career_goals_answer", "Text")
    assert calls == ["no argument", session]
    assert "widget was closed" in caplog.text


def test_a_closed_view_stops_hearing_changes(tmp_path):
    """After off_change, is a callback no longer called?"""
    session = Session(data_dir=tmp_path)
    calls = []
    callback = session.on_change(lambda: calls.append(1))
    session.changed()
    session.off_change(callback)
    session.changed()
    assert calls == [1]


def test_start_over_gives_an_empty_workbook_and_keeps_the_saved_one(tmp_path):
    """Does start_over empty the session and forget the code, leaving the saved file?"""
    session = Session(data_dir=tmp_path)
    session.roadmap = a_roadmap("Keep me")
    code = session.save()
    session.start_over()
    assert session.code is None and session.roadmap.goals == []
    assert store.remembered_code(folder=tmp_path) is None
    assert load_work(code, folder=tmp_path).roadmap.goals[-1].title == "Keep me"


# --- one session per kernel --------------------------------------------------------------------
def test_own_machine_reopens_the_last_code_in_a_new_kernel(workbook_data):
    """On one's own machine, does a new kernel's session reopen the last saved work?"""
    session = Session(data_dir=workbook_data)
    session.roadmap = a_roadmap("From yesterday")
    code = session.save()
    result = run_kernel(REPORT, {})
    assert result["same"] is True
    assert result["code"] == code and result["goals"][-1] == "From yesterday"
    assert result["notice"] is None


def test_a_shared_server_never_reopens_someone_elses_work(workbook_data):
    """With WORKBOOK_SHARED set, does a new kernel start empty even if a code was remembered?"""
    session = Session(data_dir=workbook_data)
    session.roadmap = a_roadmap("Another student's")
    code = session.save()
    assert store.remembered_code() == code  # saved on one's own machine: remembered
    result = run_kernel(REPORT, {"WORKBOOK_SHARED": "1"})
    assert result == {"same": True, "code": None, "notice": None, "goals": []}
    run_kernel(
        "import json\nfrom workbook.session import current_session\n"
        "s = current_session()\ns.save_draft('career_goals_answer', 'Mine')\n"
        "print(json.dumps({}))",
        {"WORKBOOK_SHARED": "1"},
    )
    assert store.remembered_code() == code  # the shared kernel did not overwrite it


def test_an_unreadable_remembered_code_starts_fresh_without_overwriting(workbook_data):
    """If the remembered work cannot be opened, does the kernel start fresh with a notice,
    and does its first save go under a new code, leaving the broken file alone?"""
    session = Session(data_dir=workbook_data)
    session.roadmap = a_roadmap("Broken later")
    code = session.save()
    (path,) = workbook_data.glob("*.json")
    path.write_bytes(b"{")
    result = run_kernel(
        REPORT.replace("s = current_session()", "s = current_session()\ns.save()"), {}
    )
    assert result["code"] != code and result["goals"] == []
    assert code in result["notice"] and "could not be reopened" in result["notice"]
    assert path.read_bytes() == b"{"


# --- a kernel Voila pre-heated ---------------------------------------------------------------------
def saved_in_another_tab(folder: Path, title: str) -> str:
    """Work saved by another session on this machine (as a student saving in another tab)."""
    other = Session(data_dir=folder)
    other.roadmap = a_roadmap(title)
    return other.save()


def test_reopen_without_voila_opens_work_saved_since_the_kernel_started(tmp_path, monkeypatch):
    """Outside a pre-heated kernel, is there no wait, and is the work remembered since the
    session started reopened, with the views told?"""
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    session = Session(data_dir=tmp_path)
    seen = []
    session.on_change(lambda s: seen.append(s.code))
    code = saved_in_another_tab(tmp_path, "Saved after the kernel started")
    reopen_when_requested(session)
    assert session.code == code and seen == [code]
    assert session.roadmap.goals[-1].title == "Saved after the kernel started"


def test_reopen_leaves_the_open_work_alone_when_it_is_the_remembered_one(tmp_path, monkeypatch):
    """When the remembered code is the one already open, is nothing reloaded (unsaved edits kept)?"""
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    session = Session(data_dir=tmp_path)
    session.roadmap = a_roadmap("Open now")
    session.save()
    session.roadmap.owner = "Edited, not saved yet"
    fired = []
    session.on_change(lambda: fired.append(1))
    reopen_when_requested(session)
    assert session.roadmap.owner == "Edited, not saved yet" and fired == []


def test_reopen_on_a_shared_server_never_opens_the_remembered_work(tmp_path, monkeypatch):
    """With WORKBOOK_SHARED set, does a kernel stay empty even if a code file is present?"""
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    saved_in_another_tab(tmp_path, "Another student's")
    assert store.remembered_code(folder=tmp_path)
    monkeypatch.setenv("WORKBOOK_SHARED", "1")
    session = Session(data_dir=tmp_path)
    reopen_when_requested(session)
    assert session.code is None and session.roadmap.goals == []


def test_reopen_of_a_broken_file_keeps_the_fresh_work_and_explains(tmp_path, monkeypatch):
    """If the remembered work cannot be read, is nothing raised, the open work kept, and the
    reason put in the notice the page shows?"""
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    session = Session(data_dir=tmp_path)
    code = saved_in_another_tab(tmp_path, "Broken later")
    (path,) = tmp_path.glob("*.json")
    path.write_bytes(b"{")
    seen = []
    session.on_change(lambda s: seen.append(s.notice))
    reopen_when_requested(session)
    assert session.code is None and session.roadmap.goals == []
    assert code in session.notice and "could not be reopened" in session.notice
    assert seen == [session.notice] and path.read_bytes() == b"{"


def _query_server(payload: dict[str, str], before_sending) -> tuple[int, Callable[[], None]]:
    """A real tornado server on a free loopback port with Voila's ``voila/query/<kernel>``
    websocket: on connection it runs ``before_sending`` then sends ``payload``."""
    import asyncio
    import threading

    from tornado.httpserver import HTTPServer
    from tornado.netutil import bind_sockets
    from tornado.web import Application
    from tornado.websocket import WebSocketHandler

    class Query(WebSocketHandler):
        async def open(self, kernel_id: str) -> None:
            await asyncio.sleep(0.3)  # the student is still on the way
            before_sending(kernel_id)
            await self.write_message(json.dumps(payload))

    ready = threading.Event()
    state: dict = {}

    def serve() -> None:
        async def main() -> None:
            sockets = bind_sockets(0, "127.0.0.1")
            server = HTTPServer(Application([(r"/voila/query/(.*)", Query)]))
            server.add_sockets(sockets)
            state["port"] = sockets[0].getsockname()[1]
            state["stop"] = asyncio.Event()
            state["loop"] = asyncio.get_running_loop()
            ready.set()
            await state["stop"].wait()
            server.stop()

        asyncio.run(main())

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert ready.wait(10)

    def stop() -> None:
        state["loop"].call_soon_threadsafe(state["stop"].set)
        thread.join(10)

    return state["port"], stop


def test_a_preheated_kernel_waits_for_the_page_request_then_reopens(tmp_path, monkeypatch):
    """In a pre-heated kernel, does it wait for Voila's request message, take its details into
    the environment, and only then reopen the work saved while it waited?"""
    session = Session(data_dir=tmp_path)
    asked: list[str] = []

    def student_saves_meanwhile(kernel_id: str) -> None:
        asked.append(kernel_id)
        asked.append(saved_in_another_tab(tmp_path, "Saved while the kernel waited"))

    port, stop = _query_server({"QUERY_STRING": "step=2"}, student_saves_meanwhile)
    try:
        monkeypatch.setenv("VOILA_PREHEAT", "True")
        monkeypatch.setenv("VOILA_APP_PORT", str(port))
        monkeypatch.setenv("VOILA_SERVER_URL", "/")
        monkeypatch.setenv("VOILA_KERNEL_ID", "kernel-1234")
        monkeypatch.delenv("QUERY_STRING", raising=False)
        reopen_when_requested(session)
    finally:
        stop()
    assert asked[0] == "kernel-1234"
    assert os.environ["QUERY_STRING"] == "step=2"
    assert session.code == asked[1]
    assert session.roadmap.goals[-1].title == "Saved while the kernel waited"


def test_a_preheated_kernel_with_no_server_to_ask_still_opens(tmp_path, monkeypatch, caplog):
    """If Voila's query socket cannot be reached, does the page still open (a warning, no raise)?"""
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setenv("VOILA_APP_PORT", str(port))
    monkeypatch.setenv("VOILA_KERNEL_ID", "kernel-1234")
    code = saved_in_another_tab(tmp_path, "Still reopened")
    session = Session(data_dir=tmp_path)
    with caplog.at_level(logging.WARNING, logger="workbook.session"):
        reopen_when_requested(session)
    assert "Could not receive the page request" in caplog.text
    assert session.code == code


# --- two pages on the same work ------------------------------------------------------------------
def two_pages(tmp_path: Path) -> tuple[Session, Session]:
    """The same saved work open in two places (two tabs, or a chapter and the dashboard)."""
    first = Session(data_dir=tmp_path)
    first.roadmap = a_roadmap()
    code = first.save()
    second = Session(data_dir=tmp_path)
    second.resume(code)
    return first, second


def test_a_save_from_a_page_behind_the_file_is_refused_and_loses_nothing(tmp_path):
    """When one tab saved a new goal, is the other tab's save of its older copy refused with a
    plain reason (kept in ``stale``), leaving the newer file exactly as it was?"""
    first, second = two_pages(tmp_path)
    first.roadmap.add(Goal("Present at the team meeting", end_month=3, leads_to="glead"))
    first.save()
    on_disk = store.codes.path_for(store.codes.parse_code(first.code)[1], tmp_path).read_bytes()
    second.roadmap.role = "Data analyst"
    with pytest.raises(store.StaleWorkError, match="behind your saved work"):
        second.save()
    assert "Reload" in second.stale
    assert (
        store.codes.path_for(store.codes.parse_code(first.code)[1], tmp_path).read_bytes()
        == on_disk
    )
    second.reload()
    assert second.stale is None and len(second.roadmap.goals) == 3
    second.roadmap.role = "Data analyst"
    second.save()  # after the reload the same change saves, on top of the other tab's goal
    saved = load_work(first.code, folder=tmp_path)
    assert len(saved.roadmap.goals) == 3 and saved.roadmap.role == "Data analyst"


def test_each_save_moves_the_revision_on_and_a_file_without_one_still_opens(tmp_path):
    """Does every save count up, and does a file saved before revisions existed open as 0?"""
    first, _second = two_pages(tmp_path)
    assert first.work.revision == 1
    first.save()
    first.save()
    assert store.revision_of(first.code, folder=tmp_path) == 3 == first.work.revision
    path = store.codes.path_for(store.codes.parse_code(first.code)[1], tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    del doc["revision"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert load_work(first.code, folder=tmp_path).revision == 0


def test_catch_up_reads_the_file_again_only_when_it_moved_on(tmp_path):
    """Does a notebook's session pick up a save made elsewhere, and leave itself alone when
    nothing changed?"""
    first, second = two_pages(tmp_path)
    assert second.catch_up() is False
    first.roadmap.owner = "Ana Lima"
    first.save()
    assert second.catch_up() is True
    assert second.roadmap.owner == "Ana Lima"


def test_attempts_and_typed_drafts_hand_out_no_code_until_the_student_saves(tmp_path):
    """Are a checked quiz answer and a draft the coach keeps as the student types held in
    memory only, with no file and no code, until the student asks to save?"""
    session = Session(data_dir=tmp_path)
    session.record_attempt("horizons-1", "a", "correct")
    session.save_draft("career_goals_answer", "I want to lead a team.", give_code=False)
    assert session.code is None and list(tmp_path.iterdir()) == []
    code = session.save()
    saved = load_work(code, folder=tmp_path)
    assert len(saved.attempts) == 1 and saved.drafts[0]["text"] == "I want to lead a team."
    session.save_draft("career_goals_answer", "I want to lead a data team.", give_code=False)
    assert load_work(code, folder=tmp_path).drafts[-1]["text"] == "I want to lead a data team."


def test_a_page_opened_after_a_save_elsewhere_shows_that_save(tmp_path, monkeypatch):
    """Does a pre-heated page whose kernel opened the remembered work before another tab saved
    read the file again when the student's request arrives, instead of showing the old copy?"""
    monkeypatch.delenv("WORKBOOK_SHARED", raising=False)
    first = Session(data_dir=tmp_path)
    first.roadmap = a_roadmap()
    code = first.save()
    store.remember_code(code, folder=tmp_path)
    preheated = Session(data_dir=tmp_path)
    preheated.resume(code)  # what current_session() did while Voila pre-heated the page
    first.roadmap.add(Goal("Present at the team meeting", end_month=3, leads_to="glead"))
    first.save()
    reopen_when_requested(preheated)
    assert len(preheated.roadmap.goals) == 3


@pytest.mark.parametrize("revision", [-1, 2.5, "3", True, None])
def test_a_hand_edited_revision_is_named_and_never_saved_over(tmp_path, revision):
    """Is a save file whose revision is not a whole number refused on load with the field
    named, like any other hand-edited field?"""
    first, _second = two_pages(tmp_path)
    path = store.codes.path_for(store.codes.parse_code(first.code)[1], tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["revision"] = revision
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(StoreError, match="its revision"):
        load_work(first.code, folder=tmp_path)
