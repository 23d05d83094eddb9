"""The student's work in this kernel: one roadmap, their quiz attempts and answer drafts.

Every view (the roadmap builder, the quizzes, the coach panel) works on the same
:class:`Session`, so a goal added in one chapter's form appears in the next chapter's chart.
Views register :meth:`Session.on_change` to refresh. Saving goes through :mod:`workbook.store`,
which hands out the student's personal code on the first save the student asks for (pressing
"Save my work", running a ``save_...`` cell); drafts the coach keeps and quiz attempts are only
written once there is a code.

Several pages may hold the same work (two tabs, a chapter notebook and the dashboard). The
store refuses a save from a copy that is behind the file; the session then keeps the reason in
:attr:`Session.stale` for the page to show with a way to reload. Notebook helpers call
:meth:`Session.catch_up` first, so a chapter always builds on the latest save.

One session per kernel, created on first use by :func:`current_session`; on a shared server each
student has their own kernel, so sessions never mix. The session stores no mode flags: whether
this is a shared server is read from the environment each time it matters.

Voila pre-heats the dashboard's kernel before any student asks for the page, so the work
remembered at that moment may be stale by the time someone arrives: the dashboard's last cell
calls :func:`reopen_when_requested`, which waits for the real page request and only then
reopens the remembered code.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import inspect
import json
import logging
import math
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from workbook import store
from workbook.model import Roadmap
from workbook.save_schema import ATTEMPT_SCORES, ATTEMPT_STATUSES, JSON, Attempt, Draft
from workbook.store import StaleWorkError, StoreError, Work

if TYPE_CHECKING:
    from workbook.exercises import Result

__all__ = [
    "MAX_ATTEMPTS",
    "MAX_DRAFTS_PER_NAME",
    "MAX_DRAFT_CHARS",
    "Session",
    "current_session",
    "reopen_when_requested",
]

log = logging.getLogger(__name__)

MAX_DRAFTS_PER_NAME = 20  #: drafts kept per answer; older ones drop off the history
MAX_ATTEMPTS = 500  #: quiz attempts kept; far more than a course needs, so the file stays small
MAX_DRAFT_CHARS = 20_000  #: a spoken answer is a few hundred words; this refuses a stray paste

#: a view's refresh: called with the session, or with nothing if it takes no argument
Callback = Callable[..., object]


def _now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _call(callback: Callback, session: Session) -> None:
    """Call ``callback(session)``, or ``callback()`` if it takes no argument."""
    try:
        inspect.signature(callback).bind(session)
    except TypeError:
        callback()
        return
    except ValueError:  # no signature to inspect (some built-ins): pass the session
        pass
    callback(session)


class Session:
    """One student's work in this kernel, and the views that show it."""

    def __init__(self, data_dir: Path | None = None) -> None:
        #: where to save; ``None`` means :func:`workbook.store.data_dir` at the time of saving
        self.data_dir = Path(data_dir) if data_dir is not None else None
        self.work = Work(Roadmap())
        #: why the last save was refused because this copy is behind the file, else ``None``
        self.stale: str | None = None
        self._callbacks: list[Callback] = []

    def __repr__(self) -> str:
        saved = f"code={self.code!r}" if self.code else "not saved yet"
        return f"<Session {len(self.roadmap.goals)} goal(s), {saved}>"

    # --- what the views read ---------------------------------------------------------------
    @property
    def folder(self) -> Path:
        return self.data_dir if self.data_dir is not None else store.data_dir()

    @property
    def roadmap(self) -> Roadmap:
        return self.work.roadmap

    @roadmap.setter
    def roadmap(self, roadmap: Roadmap) -> None:
        """Put a new roadmap in place (not saved yet) and let the views refresh."""
        self.work.roadmap = roadmap
        self.changed()

    @property
    def code(self) -> str | None:
        """The personal code the work is saved under; ``None`` before the first save."""
        return self.work.code

    @property
    def notice(self) -> str | None:
        """A friendly message for the student (a backup was opened, a resume failed)."""
        return self.work.notice

    @notice.setter
    def notice(self, message: str | None) -> None:
        self.work.notice = message

    # --- saving and resuming -----------------------------------------------------------------
    def _save(self) -> tuple[str, bool]:
        """Save; return the code and whether this save created (or changed) it."""
        before = self.work.code
        try:
            code = store.save_work(self.work, folder=self.folder)
        except StaleWorkError as exc:
            self.stale = str(exc)
            raise
        store.remember_code(code, folder=self.folder)
        return code, code != before

    def _save_if_saved(self) -> None:
        """Save work that already has a code; before the first save, keep it in memory only
        (a code is handed out when the student asks for one, never behind their back)."""
        if self.work.code:
            self._save()

    def save(self) -> str:
        """Save everything now and return the personal code (the first save creates it).

        Raises :class:`~workbook.model.ValidationError` for an invalid roadmap and
        :class:`~workbook.store.StoreError` when the disk refuses (or
        :class:`~workbook.store.StaleWorkError` when another tab saved since this copy was
        opened; :attr:`stale` then says so); the work stays in memory.
        """
        code, new = self._save()
        if new:
            self.changed()  # views showing the code pick it up
        return code

    def resume(self, code: str) -> None:
        """Open the work saved under ``code`` in place of the current work.

        Raises :class:`~workbook.store.StoreError` (wrong code, unreadable file) and then
        changes nothing.
        """
        self.work = store.load_work(code, folder=self.folder)
        self.stale = None
        store.remember_code(self.work.code or code, folder=self.folder)
        self.changed()

    def reload(self) -> None:
        """Read this work's file again, dropping what this page had not saved (after a save
        was refused as stale). Without a code there is nothing to reload."""
        if self.work.code:
            self.resume(self.work.code)

    def catch_up(self) -> bool:
        """Reopen the work if its file was saved elsewhere since this copy was read; return
        whether it was. A file that cannot be read leaves this copy as it is."""
        code = self.work.code
        if not code:
            return False
        revision = store.revision_of(code, folder=self.folder)
        if revision is None or revision == self.work.revision:
            return False
        self.resume(code)
        return True

    def start_over(self) -> None:
        """Begin an empty workbook; the saved work stays on disk under its code."""
        self.work = Work(Roadmap())
        self.stale = None
        store.forget_code(folder=self.folder)
        self.changed()

    # --- what the student does ---------------------------------------------------------------
    def record_result(self, result: Result) -> Attempt | None:
        """Keep a checked answer as an attempt when it counts as one (the one path by which the
        chapters' ``check`` cells and the quiz cards record); None when it does not."""
        if not result.counts_as_attempt:
            return None
        return self.record_attempt(
            result.question_id, result.answer, str(result.status), result.score
        )

    def record_attempt(
        self, question_id: str, answer: object, status: str, score: float | None = None
    ) -> Attempt:
        """Keep a quiz attempt (saved at once when the work has a code); return it as stored.

        ``answer`` must be JSON data. A failed save (StoreError) propagates but the attempt
        stays in memory and goes out with the next save.
        """
        if status not in ATTEMPT_STATUSES:
            raise ValueError(f"status must be one of {', '.join(ATTEMPT_STATUSES)}, not {status!r}")
        score = ATTEMPT_SCORES[status] if score is None else float(score)
        if not math.isfinite(score):
            raise ValueError("score must be a finite number")
        try:  # stored as it will load back: tuples become lists, keys become strings
            stored: JSON = json.loads(json.dumps(answer, allow_nan=False))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"The answer cannot be stored as JSON ({exc}).") from None
        attempt: Attempt = {
            "question": str(question_id),
            "answer": stored,
            "status": status,
            "score": score,
            "at": _now_iso(),
        }
        self.work.attempts.append(attempt)
        del self.work.attempts[:-MAX_ATTEMPTS]
        try:
            self._save_if_saved()
        finally:
            self.changed()
        return attempt

    def save_draft(self, name: str, text: str, *, give_code: bool = True) -> None:
        """Keep a new version of a written answer and save; the last 20 per name are kept.

        The same text as the latest draft is not stored twice. ``give_code=False`` is for
        drafts kept as the student types (the coach, the job ad): they are written only once
        the work has a code, and never create one.
        """
        if not isinstance(name, str) or not name.strip():
            raise ValueError("A draft needs a name, such as 'career_goals_answer'.")
        if not isinstance(text, str):
            raise ValueError("A draft must be text.")
        if len(text) > MAX_DRAFT_CHARS:
            raise ValueError(
                f"This answer is {len(text):,} characters long; keep it under "
                f"{MAX_DRAFT_CHARS:,} (a spoken answer is a few hundred words)."
            )
        if self.latest_draft(name) == text:
            return
        drafts = self.work.drafts
        drafts.append({"name": name, "text": text, "at": _now_iso()})
        mine = [i for i, d in enumerate(drafts) if d.get("name") == name]
        drop = set(mine[: max(0, len(mine) - MAX_DRAFTS_PER_NAME)])
        if drop:
            self.work.drafts = [d for i, d in enumerate(drafts) if i not in drop]
        try:
            if give_code:
                self._save()
            else:
                self._save_if_saved()
        finally:
            self.changed()

    def drafts(self, name: str) -> list[Draft]:
        """The history of one answer, oldest first."""
        return [d for d in self.work.drafts if d.get("name") == name]

    def latest_draft(self, name: str) -> str | None:
        """The most recent text saved under ``name``, or ``None``."""
        return self.work.latest_draft(name)

    # --- views -------------------------------------------------------------------------------
    def on_change(self, callback: Callback) -> Callback:
        """Call ``callback(session)`` (or ``callback()``) after the work changes; returns the
        callback, so this also works as a decorator."""
        self._callbacks.append(callback)
        return callback

    def off_change(self, callback: Callback) -> None:
        """Stop calling ``callback`` (a view that was closed)."""
        while callback in self._callbacks:
            self._callbacks.remove(callback)

    def changed(self) -> None:
        """Tell every view the work changed. A view that fails is logged; the others still run."""
        for callback in list(self._callbacks):
            try:
                _call(callback, self)
            except Exception:  # one broken view must not stop the others refreshing
                log.exception("A view failed to refresh after a change: %r", callback)


_current: Session | None = None
_current_lock = threading.Lock()


def current_session() -> Session:
    """The one session of this kernel, created on first use.

    On one's own machine it reopens the last code used here; if that fails it starts fresh
    and keeps the reason in :attr:`Session.notice`. On a shared server (``WORKBOOK_SHARED``)
    it always starts fresh: the student types their code to resume.
    """
    global _current
    with _current_lock:
        if _current is None:
            session = Session()
            code = store.remembered_code()
            if code:
                _reopen(session, code, "A fresh workbook was started")
            _current = session
        return _current


def _reopen(session: Session, code: str, fallback: str) -> bool:
    """Open the remembered work (or read it again if the copy here is behind); a file that
    cannot be read never stops the page opening: the reason goes to :attr:`Session.notice`,
    with ``fallback`` saying what the student has instead. Returns whether it went well."""
    try:
        if code == session.code:  # opened while pre-heating: another page may have saved since
            session.catch_up()
        else:
            session.resume(code)
    except Exception as exc:  # a bad file must never stop the workbook opening
        reason = str(exc) if isinstance(exc, StoreError) else repr(exc)
        log.warning("Could not reopen %s: %s", code, reason)
        session.notice = (
            f"Your last workbook (code {code}) could not be reopened: {reason} {fallback}; "
            "the old code still works once the problem is fixed."
        )
        return False
    return True


# --- a kernel Voila pre-heated ---------------------------------------------------------------------
def _request_url() -> str:
    """Where Voila hands a pre-heated kernel the request that finally uses it (voila/query)."""
    port = os.environ.get("VOILA_APP_PORT", "8866")
    base = os.environ.get("VOILA_SERVER_URL", "/")
    return f"ws://127.0.0.1:{port}{base}voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}"


def _wait_for_page_request() -> None:
    """In a kernel Voila pre-heated, block until a student's request for the page arrives, then
    put that request's details (query string, server name...) in ``os.environ`` as Voila does.

    Voila's own ``voila.utils.wait_for_request`` does the same but imports the ``websockets``
    package (about 40 MiB more in every kernel); tornado's client is already loaded by the
    kernel. A thread, because the kernel's own event loop is busy running this cell. If the
    server cannot be reached the page simply goes on with what it has.
    """
    if os.environ.get("VOILA_PREHEAT") != "True":
        return
    from tornado.websocket import websocket_connect

    url = _request_url()
    received: dict[str, str] = {}

    async def receive() -> None:
        ws = await websocket_connect(url)
        try:
            message = await ws.read_message()
        finally:
            ws.close()
        info = json.loads(message or "{}")
        if isinstance(info, dict):
            received.update({str(k): str(v) for k, v in info.items()})

    def wait() -> None:
        try:
            asyncio.run(receive())
        except Exception as exc:  # the page must still open; only the request details are lost
            log.warning("Could not receive the page request from %s: %s", url, exc)

    waiter = threading.Thread(target=wait, name="workbook-wait-for-request", daemon=True)
    waiter.start()
    waiter.join()
    os.environ.update(received)


def reopen_when_requested(session: Session | None = None) -> None:
    """Wait for the real page request if Voila pre-heated this kernel, then reopen the work
    remembered on this machine, or read it again if it was saved since it was opened here.

    Outside a pre-heated kernel there is no wait. On a shared server (``WORKBOOK_SHARED``)
    nothing is reopened: the student types their code. A remembered file that cannot be read
    leaves the fresh workbook open and explains why in :attr:`Session.notice`; nothing raises.
    """
    _wait_for_page_request()
    session = session if session is not None else current_session()
    if store.shared_server():
        return
    code = store.remembered_code(folder=session.folder)
    if not code:
        return
    if not _reopen(session, code, "Your work here is unchanged"):
        session.changed()
