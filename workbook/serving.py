"""The Voila server's own classes: what ``scripts/serve.py`` (``make app``, ``make workshop``)
and the JupyterHub deployment (``deploy/jupyterhub_config.py``) both give the server.

* :class:`PrivateFoldersContents` keeps folders such as ``notebooks/instructor/`` (the class
  report) out of every page, whatever the URL;
* :class:`ReleasingKernelManager` frees what a closed tab leaves behind, gives the memory back,
  and shuts down the empty restart of a kernel that died, so the page can tell the student;
* :class:`ReplacingKernelManager` (the hub's servers) hands a page only a kernel that answered,
  replacing one that dies at start, and keeps IPC socket paths short enough for any home.
* :class:`GuardedKernelManager` adds a cap on kernels ("the room is full", HTTP 503) and shuts
  down kernels no page ever connects to;
* :func:`whole_page_pool` makes Voila's pre-heated pool fill a few kernels at a time and hand out
  only pages whose cells all ran (:class:`PageCheck`);
* :class:`GuardedKernelWebsocketHandler` speaks only the websocket protocol the pages speak, and
  checks each frame before jupyter_server or Voila parse it;
* :class:`CheckedTemplateStaticHandler` and :func:`unservable_path` answer odd URLs with 404.

Only a Jupyter or Voila server imports this module; the notebooks never do.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import ctypes
import gc
import itertools
import json
import os
import queue
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from jupyter_server.services.contents.largefilemanager import LargeFileManager
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from traitlets import Float, Integer, List, Unicode
from voila.request_info_handler import RequestInfoSocketHandler
from voila.static_file_handler import TemplateStaticFileHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

__all__ = [
    "KERNEL_PROTOCOL",
    "PRIVATE_FOLDERS",
    "CheckedTemplateStaticHandler",
    "GuardedKernelManager",
    "GuardedKernelWebsocketHandler",
    "PageCheck",
    "PooledNotebooks",
    "PrivateFoldersContents",
    "ReleasingKernelManager",
    "ReplacingKernelManager",
    "RoomFull",
    "limit_malloc_arenas",
    "reclaim_memory",
    "unservable_path",
    "v1_frame_parts",
    "whole_page_pool",
]

#: folders of notebooks/ that no student page lists or renders (the instructor's class report)
PRIVATE_FOLDERS = ("instructor",)


class PrivateFoldersContents(LargeFileManager):
    """Every Voila page reads notebooks and folders through this object (the chapter list,
    the rendered page, /voila/api/contents, the pre-heated pool), so a folder it neither
    lists nor finds is out of reach whatever the URL: ``a/../instructor``, ``%69nstructor``
    or ``Instructor`` on a case-blind disk all resolve to a path inside it first."""

    private_folders = List(
        Unicode(), list(PRIVATE_FOLDERS), config=True, help="Folder names never listed nor served."
    )

    def _is_private_name(self, name: str) -> bool:
        return name.casefold() in {folder.casefold() for folder in self.private_folders}

    def is_private(self, path: str) -> bool:
        try:
            os_path = Path(self._get_os_path(path))
        except HTTPError:  # outside the root: the parent refuses it anyway
            return False
        try:
            parts = os_path.relative_to(self.root_dir).parts
        except ValueError:
            return False
        return any(self._is_private_name(part) for part in parts)

    def should_list(self, name: str) -> bool:
        return not self._is_private_name(name) and super().should_list(name)

    def is_hidden(self, path: str) -> bool:
        return self.is_private(path) or super().is_hidden(path)

    def file_exists(self, path: str = "") -> bool:
        return not self.is_private(path) and super().file_exists(path)

    def dir_exists(self, path: str) -> bool:
        return not self.is_private(path) and super().dir_exists(path)

    def exists(self, path: str) -> bool:
        return not self.is_private(path) and super().exists(path)

    def get(self, path: str, content: bool = True, **kwargs: Any) -> dict:
        if self.is_private(path):
            raise HTTPError(404, f"No such file or directory: {path}")
        return super().get(path, content=content, **kwargs)


def _glibc() -> Any:
    """The C library when it is glibc (``malloc_trim``, ``mallopt``), else None (macOS, musl)."""
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return None
        return ctypes.CDLL(None)
    except (AttributeError, ValueError, OSError):
        return None


#: glibc's mallopt parameter for the most malloc arenas (malloc.h)
M_ARENA_MAX = -8
#: malloc arenas the server's threads share (glibc's default: 8 a core)
SERVER_ARENAS = 2


def limit_malloc_arenas(arenas: int = SERVER_ARENAS) -> bool:
    """Make the threads of this process share ``arenas`` glibc malloc arenas (before any start).

    Kernels come and go with threads in the server (a ZMQ context's I/O threads, asyncio's
    child watcher), and glibc gives a thread that finds the arenas busy an arena of its own,
    kept for good: 2 -> 6 arenas over 30 sessions here, each holding 1-3 MiB that even
    ``malloc_trim`` left resident. This is MALLOC_ARENA_MAX=2 set from within, before Voila
    starts a thread, so ``make app``, the tests and the benchmarks need no environment.
    """
    libc = _glibc()
    return bool(libc and libc.mallopt(ctypes.c_int(M_ARENA_MAX), ctypes.c_int(arenas)))


def reclaim_memory() -> tuple[int, bool]:
    """Free the cyclic garbage a closed session left, then give the freed heap back to the OS.

    What a session builds in the server (its notebook renderer, nbconvert exporter and Jinja
    environment, the executor's kernel client with its ZMQ sockets) holds reference cycles and
    lives long enough to reach the oldest generation, which CPython only collects once it has
    grown by a quarter; until then tens of sessions of garbage pile up, and glibc keeps the pages
    that held them. Returns the objects collected and whether glibc released memory.
    """
    collected = gc.collect()
    libc = _glibc()
    return collected, bool(libc and libc.malloc_trim(ctypes.c_size_t(0)))


_retiring: set[asyncio.Future[Any]] = set()


class ReleasingKernelManager(AsyncMappingKernelManager):
    """Frees per-kernel state that jupyter_server 2.21 and Voila 0.5.13 keep forever.

    When a student closes a tab, the page's beacon asks Voila to shut the kernel down
    while the browser closes the kernel's websocket. If the websocket closes while the
    shutdown is under way (the kernel is still listed, with no connection left),
    jupyter_server starts *buffering* its messages for a reconnect that never comes
    (``ZMQChannelsWebsocketConnection.disconnect`` -> ``start_buffering``): four open ZMQ
    sockets, their IOLoop handlers, the connection object and its message queues stay in
    ``_kernel_buffers`` after the kernel is gone, since ``stop_buffering`` ran earlier in
    the shutdown. Measured here: 3 of 10 closed tabs, about 40 ZMQ streams after 10
    sessions. jupyter-server/jupyter_server#1619 fixed three other descriptor leaks of that
    lifecycle (#1506), not this one. Voila also keeps each kernel's request info
    (``RequestInfoSocketHandler._cache``) for good. Both are dropped after the shutdown.

    The rest of a closed session is unreachable then but held in reference cycles, so a
    second after the last shutdown the garbage is collected and the heap trimmed
    (:func:`reclaim_memory`; with :func:`limit_malloc_arenas`, the server stays at 93-97
    MiB over 50 sessions, where it grew from 97 to 135 MiB). Once per burst of closed tabs:
    a pause of about 15 ms, the start-up objects being frozen out of the collection.
    """

    #: seconds after the last kernel shutdown before reclaiming memory
    reclaim_delay = 1.0
    _reclaim: asyncio.TimerHandle | None = None

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        kernel_id = await super().start_kernel(*args, **kwargs)
        with contextlib.suppress(KeyError):
            self.get_kernel(kernel_id).add_restart_callback(
                lambda: self._retire(kernel_id), "restart"
            )
        return kernel_id

    def _retire(self, kernel_id: str) -> None:
        """A kernel that died was restarted empty by jupyter_client's restarter: it holds
        none of the page's widgets (nor, if it was pre-heated, the notebook's results), so
        it can only mislead. Shut it down; the page sees its kernel gone and tells the
        student to reload (the workbook template's kernel watch), and saved work is on disk.
        """
        self.log.warning("Kernel %s died; shutting its empty restart down", kernel_id)
        task = asyncio.ensure_future(self._shut_down_when_restarted(kernel_id))
        _retiring.add(task)  # held until done: the loop keeps only weak references
        task.add_done_callback(_retiring.discard)

    async def _shut_down_when_restarted(self, kernel_id: str) -> None:
        # the callback runs mid-restart; shutting down before it completes would fail
        for _ in range(300):
            if kernel_id not in self._kernels:
                return
            ready = self.get_kernel(kernel_id).ready
            if ready.done():
                break
            await asyncio.sleep(0.1)
        await self.shutdown_kernel(kernel_id, now=True)

    async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> Any:
        try:
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)
        finally:
            self.release(kernel_id)
            self.schedule_reclaim()

    def schedule_reclaim(self) -> None:
        """Reclaim memory once no kernel has been shut down for ``reclaim_delay`` s."""
        if self._reclaim is not None:
            self._reclaim.cancel()
        loop = asyncio.get_running_loop()
        self._reclaim = loop.call_later(self.reclaim_delay, self._reclaim_now)

    def _reclaim_now(self) -> None:
        self._reclaim = None
        began = time.perf_counter()
        collected, trimmed = reclaim_memory()
        self.log.debug(
            "Reclaimed memory: %d objects collected, heap %s, in %.0f ms",
            collected,
            "trimmed" if trimmed else "not trimmed",
            1000 * (time.perf_counter() - began),
        )

    def release(self, kernel_id: str) -> None:
        """Close the channels buffered for a kernel that no longer runs, forget its info."""
        if kernel_id in self._kernels:
            return
        buffered = self._kernel_buffers.pop(kernel_id, None) or {}
        for stream in buffered.get("channels", {}).values():
            if stream is not None and not stream.closed():
                stream.on_recv(None)
                stream.close()
        RequestInfoSocketHandler._cache.pop(kernel_id, None)


#: what a page says when no kernel would start for it (an HTTP reason: one line of ASCII)
KERNEL_FAILED_MESSAGE = (
    "Your page could not start. Please reload the page in a moment; your saved work is safe."
)
#: the longest Unix socket path every system takes (sun_path: 108 bytes on Linux, 104 on macOS)
UNIX_SOCKET_PATH_MAX = 100


class ReplacingKernelManager(ReleasingKernelManager):
    """Every kernel this server hands out has answered; one that dies at start is replaced.

    Behind JupyterHub, each student's Voila page starts its kernel on request and waits for it
    to answer. When that kernel died before answering (twenty servers starting kernels at once
    on TCP ports collided: ``ZMQError: Address already in use``), Voila 0.5.13 lost the error in
    a background task and the page kept loading forever. Here ``start_kernel`` returns only once
    the kernel has answered ``kernel_info``; a kernel that dies first, or stays silent for
    ``kernel_answer_timeout``, is shut down and another started, up to ``kernel_attempts`` in
    all, after which the page gets a plain 503 asking the student to reload.

    With ``KernelManager.transport = "ipc"`` (which the hub config sets, as voila.json does for
    ``make app``) kernels talk over Unix sockets named after their own id, so no two can collide.
    Those paths are the connection file's plus ``-ipc-N``; a home deep enough to push them past
    the Unix socket limit would kill every kernel, so such a server keeps its kernels' files in
    a private (0700) temporary folder instead, removed when the server exits.
    """

    kernel_attempts = Integer(
        3, config=True, help="Kernels started for one request before the page says to reload."
    )
    kernel_answer_timeout = Float(
        120.0,
        config=True,
        help="Seconds a new kernel has to answer before it is replaced (a class signing in at "
        "once queues many starts on few cores).",
    )
    _short_connection_dir = ""

    def pre_start_kernel(self, kernel_name: str | None, kwargs: Any) -> tuple[Any, str, str]:
        km, kernel_name, kernel_id = super().pre_start_kernel(kernel_name, kwargs)
        if km.transport == "ipc":
            longest = f"{os.path.splitext(km.connection_file)[0]}-ipc-99"
            if len(os.fsencode(longest)) > UNIX_SOCKET_PATH_MAX:
                km.connection_file = os.path.join(
                    self._private_connection_dir(), os.path.basename(km.connection_file)
                )
                km.ip = f"{os.path.splitext(km.connection_file)[0]}-ipc"
        return km, kernel_name, kernel_id

    def _private_connection_dir(self) -> str:
        if not self._short_connection_dir:
            folder = tempfile.mkdtemp(prefix="kernels-")  # mode 0700
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
            self._short_connection_dir = folder
        return self._short_connection_dir

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        if kwargs.get("kernel_id") in self._kernels:  # an existing kernel: it may be busy
            return await super().start_kernel(*args, **kwargs)
        for attempt in range(1, self.kernel_attempts + 1):
            kernel_id = await super().start_kernel(*args, **dict(kwargs))
            problem = await self._answer_problem(kernel_id)
            if problem is None:
                return kernel_id
            self.log.warning(
                "Kernel %s did not answer (%s), attempt %d of %d; replacing it",
                kernel_id,
                problem,
                attempt,
                self.kernel_attempts,
            )
            if kernel_id in self._kernels:
                with contextlib.suppress(Exception):
                    await self.shutdown_kernel(kernel_id, now=True)
        # the reason is what Voila's error page shows (as "503: <reason>"), so it is the message
        raise HTTPError(503, reason=KERNEL_FAILED_MESSAGE)

    async def _answer_problem(self, kernel_id: str) -> str | None:
        """None when the kernel answers ``kernel_info``, else what went wrong."""
        try:
            kernel = self.get_kernel(kernel_id)
        except KeyError:
            return "was shut down before it answered"
        # jupyter_client's restarter may restart a dead kernel before we notice; that empty
        # restart answers too, but ReleasingKernelManager shuts it down (see _retire)
        restarts: list[bool] = []

        def restarted() -> None:
            restarts.append(True)

        kernel.add_restart_callback(restarted, "restart")
        # the shell channel alone: a kernel answers there once all its sockets are bound, and
        # Voila's own client does the fuller handshake (iopub) right after
        client = kernel.client()
        client.start_channels(iopub=False, stdin=False, hb=False, control=False)
        deadline = time.monotonic() + self.kernel_answer_timeout
        try:
            while True:
                client.kernel_info()  # again each round: a request may precede the bind
                with contextlib.suppress(queue.Empty):
                    reply = await client.shell_channel.get_msg(timeout=1.0)
                    if reply["msg_type"] == "kernel_info_reply":
                        break
                if not await client.is_alive():
                    return "died before it answered"
                if time.monotonic() > deadline:
                    return f"no answer in {self.kernel_answer_timeout:.0f} s"
        finally:
            client.stop_channels()
            kernel.remove_restart_callback(restarted, "restart")
        return "died and was restarted empty" if restarts else None


# --- a class's worth of kernels: a cap, and no kernel left for a page that never came -------------
class RoomFull(HTTPError):
    """Every kernel this server may run is in use: a polite 503 page, not an exhausted machine."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            503,
            "Every seat of this server is taken (%d kernels). Please try again in a minute, "
            "or ask your instructor.",
            limit,
            reason="The room is full",
        )


class GuardedKernelManager(ReleasingKernelManager):
    """:class:`ReleasingKernelManager` that stops one client from taking the room's memory.

    * ``max_kernels``: past it, starting a kernel fails with :class:`RoomFull` (HTTP 503, "the
      room is full"): thirty kernels of about 80 MiB fit a laptop, three hundred do not, and a
      script requesting pages in a loop would otherwise start one each time.
    * ``unclaimed_timeout``: a page's kernel no browser connects to within that many seconds
      (a plain GET, a crawler, a tab closed while loading) is shut down. Voila's idle culler
      waits ``cull_idle_timeout`` (20 minutes) for every kernel, so five GETs of the chapters
      used to keep five kernels (+348 MiB) for 20 minutes. A kernel that *was* connected and
      lost its tab is left to that culler: a student's Wi-Fi may come back.
    """

    max_kernels = Integer(0, config=True, help="Most kernels at once, pools included (0: no cap).")
    unclaimed_timeout = Float(
        90.0, config=True, help="Seconds a page's kernel may wait for its browser to connect."
    )
    unclaimed_interval = Float(15.0, config=True, help="Seconds between unclaimed-kernel checks.")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._starting = 0
        self._handed_out: dict[str, float] = {}
        self._unclaimed_check: Any = None

    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:
        if self.max_kernels and len(self) + self._starting >= self.max_kernels:
            self.log.warning("Room full: %d kernels; refusing another", self.max_kernels)
            raise RoomFull(self.max_kernels)
        self._starting += 1
        try:
            kernel_id = await super().start_kernel(*args, **kwargs)
        finally:
            self._starting -= 1
        self.handed_out(kernel_id)
        return kernel_id

    def handed_out(self, kernel_id: str) -> None:
        """The kernel now belongs to a page: its browser has ``unclaimed_timeout`` s to connect."""
        self._handed_out[kernel_id] = time.monotonic()
        if self._unclaimed_check is None and self.unclaimed_timeout > 0:
            from tornado.ioloop import PeriodicCallback

            self._unclaimed_check = PeriodicCallback(
                self.shut_down_unclaimed, 1000 * self.unclaimed_interval
            )
            self._unclaimed_check.start()

    def kept_back(self, kernel_id: str) -> None:
        """The kernel waits in a pool, for no page yet (see :func:`whole_page_pool`)."""
        self._handed_out.pop(kernel_id, None)

    def notify_connect(self, kernel_id: str) -> None:
        self._handed_out.pop(kernel_id, None)
        super().notify_connect(kernel_id)

    async def shut_down_unclaimed(self) -> list[str]:
        """Shut down the kernels handed out longer than ``unclaimed_timeout`` ago that no
        browser has connected to; returns their ids."""
        now = time.monotonic()
        late = [
            kernel_id
            for kernel_id, since in list(self._handed_out.items())
            if now - since > self.unclaimed_timeout
        ]
        for kernel_id in late:
            self._handed_out.pop(kernel_id, None)
            if kernel_id not in self or self._kernel_connections.get(kernel_id, 0):
                continue
            self.log.warning(
                "Kernel %s: no page connected within %.0f s; shutting it down",
                kernel_id,
                self.unclaimed_timeout,
            )
            with contextlib.suppress(Exception):
                await self.shutdown_kernel(kernel_id, now=True)
        return late

    async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> Any:
        self._handed_out.pop(kernel_id, None)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)


# --- the pre-heated pool: a few kernels at a time, and only whole pages handed out -----------------
class PageCheck:
    """Watches one pre-rendered page's cells as Voila runs them, to tell a whole page from one
    that lost its output.

    Under load, Voila's executor gives up on a cell's output after ``iopub_timeout`` (4 s by
    default; "Timeout waiting for IOPub output") and renders the cell empty: thirty dashboards
    run at once on two cores gave thirty pages without their widget. With
    ``raise_on_iopub_timeout`` (voila.json) that is a timeout, and Voila stops the page there;
    this records it, along with a cell that failed, the server's own errors and a stop before the
    last cell.
    """

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.cells_run = 0
        self.finished = False

    def watch(self, cells: Any) -> Any:
        """Wrap a renderer's ``_jinja_cell_generator`` (an async generator of executed cells)."""

        async def watched(nb: Any, kernel_id: str) -> Any:
            total = len(nb.cells)
            async for cell in cells(nb, kernel_id):
                self.cells_run += 1
                problem = self.cell_problem(cell)
                if problem:
                    self.problems.append(f"cell {self.cells_run}: {problem}")
                yield cell
            if self.cells_run < total and not self.problems:
                self.problems.append(f"stopped after {self.cells_run} of {total} cells")
            self.finished = True

        return watched

    @staticmethod
    def cell_problem(cell: Any) -> str:
        """What went wrong in an executed cell ('' when nothing did). Voila keeps error outputs
        (their text replaced when tracebacks are hidden) and reports its own failures as stderr,
        which it strips from every healthy cell."""
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return f"{output.get('ename', 'error')}: {output.get('evalue', '')}"
            if output.get("output_type") == "stream" and output.get("name") == "stderr":
                return "the server failed to run it"
        return ""

    @property
    def whole(self) -> bool:
        return not self.problems


class PooledNotebooks(dict):  # type: ignore[type-arg]
    """Voila's ``notebook_data`` (what the pool knows of each pre-heated notebook), answering for
    a pooled notebook before its first kernel has started.

    Voila's handler uses the pool only for a notebook found here, and Voila adds it only once a
    kernel for it has started: a request on a cold server (a class arriving the moment ``make
    workshop`` answers) was rendered live, unchecked, beside the filling pool, and got a page
    whose cell had failed. Until then, a pooled notebook reads as known, with no template or
    theme of its own, so that every such request waits for the pool's next whole page.
    """

    def __init__(self, pools: dict[str, list[Any]]) -> None:
        super().__init__()
        self._pools = pools

    def get(self, key: Any, default: Any = None) -> Any:
        if key not in self and key in self._pools:
            return {"notebook": None, "template": None, "theme": None, "kernel_ids": set()}
        return super().get(key, default)


def whole_page_pool(pool_class: type) -> type:
    """Voila's pre-heated kernel manager (``voila_kernel_manager_factory``'s class) made to fill
    in small batches and to hand out whole pages only.

    Voila 0.5.13 starts every kernel of a pool at once and renders their notebooks together:
    thirty on two cores took long enough that every page lost its widget (see
    :class:`PageCheck`), and Voila handed those pages out anyway, forever empty. Here:

    * at most ``fill_batch`` kernels start and run their notebook at a time (the others wait
      their turn), so each finishes quickly and the pool of thirty or sixty fills whole;
    * a kernel counts as ready ("warm") once its page finished, or once its notebook waits for
      the student's request (it connected to ``/voila/query/<id>``: every cell before has run);
    * a page is handed out only when its check found nothing wrong; a broken one's kernel is
      shut down and the next kernel is taken (a new one started if the pool is empty), up to
      ``page_attempts`` times, after which the student gets a 503 page rather than a broken one;
    * every request for a pooled notebook goes through the pool, even when it is momentarily
      empty (Voila would render that one live, unchecked, while the pool refills).
    """

    class WholePagePool(pool_class):  # type: ignore[misc,valid-type]
        fill_batch = Integer(
            max(1, os.cpu_count() or 1),
            config=True,
            help="Pooled kernels that may start and run their notebook at the same time.",
        )
        warm_timeout = Float(
            300.0, config=True, help="Seconds a pooled kernel may take to run its notebook."
        )
        page_attempts = Integer(
            4, config=True, help="Pre-rendered pages tried for one request before a 503."
        )

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)  # schedules the first fill; it runs once the loop does
            self._fill_gate = asyncio.Semaphore(max(1, self.fill_batch))
            self.notebook_data = PooledNotebooks(self._pools)

        def get_pool_size(self, notebook_name: str) -> int:
            """The configured size for a pooled notebook, even while its pool refills, so that
            Voila's handler always asks :meth:`get_rendered_notebook` (which waits for the next
            whole page) instead of rendering a page live and unchecked."""
            default = self.kernel_pools_config.get("default", {})
            config = self.kernel_pools_config.get(notebook_name, default)
            return int(config.get("pool_size", default.get("pool_size", 1)))

        async def _initialize(
            self, notebook_path: str, kernel_id: str | None = None, **kwargs: Any
        ) -> dict[str, Any]:
            if kernel_id is not None:  # Voila re-running a restarted kernel: not a pool item
                return await super()._initialize(notebook_path, kernel_id, **kwargs)
            gate = self._fill_gate
            await gate.acquire()
            try:
                content = await super()._initialize(notebook_path, None, **kwargs)
            except Exception as exc:
                gate.release()
                level = self.log.info if isinstance(exc, RoomFull) else self.log.warning
                level("Could not pre-heat a kernel for %s: %s", notebook_path, exc)
                failed: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
                failed.set_result(False)
                return {
                    "kernel_id": None,
                    "task": None,
                    "renderer": None,
                    "warm": failed,
                    "error": exc,
                }
            self.kept_back(content["kernel_id"])
            content["warm"] = asyncio.ensure_future(self._until_warm(content, gate))
            return content

        def _notebook_renderer_factory(self, notebook_path: str | None = None) -> Any:
            renderer = super()._notebook_renderer_factory(notebook_path)
            renderer.page_check = PageCheck()
            renderer._jinja_cell_generator = renderer.page_check.watch(
                renderer._jinja_cell_generator
            )
            return renderer

        async def _until_warm(self, content: dict[str, Any], gate: asyncio.Semaphore) -> bool:
            """Wait until the pooled page is whole or broken, then let the next kernel start."""
            kernel_id, task = content["kernel_id"], content["task"]
            check: PageCheck = content["renderer"].page_check
            deadline = time.monotonic() + self.warm_timeout
            try:
                while not task.done() and not check.problems:
                    if kernel_id in RequestInfoSocketHandler._waiters:
                        break  # waiting for its student: every cell before has run
                    if kernel_id not in self or time.monotonic() > deadline:
                        check.problems.append("its kernel ended or never finished the notebook")
                        break
                    await asyncio.sleep(0.05)
                if task.done() and task.exception() is not None:
                    check.problems.append(f"rendering failed: {task.exception()!r}")
            finally:
                gate.release()
            if check.problems:
                self.log.warning(
                    "Pre-heated kernel %s has an incomplete page (%s)",
                    kernel_id,
                    "; ".join(check.problems),
                )
            return check.whole

        async def get_rendered_notebook(
            self,
            notebook_name: str,
            extra_kernel_env_variables: dict | None = None,
            **kwargs: Any,
        ) -> tuple[asyncio.Task, list[str], str]:
            extra = dict(extra_kernel_env_variables or {})
            error: Exception | None = None
            for _ in range(max(1, self.page_attempts)):
                pool = self._pools.setdefault(notebook_name, [])
                if not pool:
                    self.fill_if_needed(0, notebook_name, extra, **kwargs)
                if not pool:
                    break
                item = pool.pop(0)
                self.fill_if_needed(None, notebook_name, extra, **kwargs)  # as Voila does
                content = await item
                if content["kernel_id"] is None:
                    error = content.get("error")
                    continue
                whole = await asyncio.shield(content["warm"])
                kernel_id = content["kernel_id"]
                if whole and kernel_id in self:
                    renderer = content["renderer"]
                    renderer.stop_generator = True
                    self.handed_out(kernel_id)
                    self.log.info("Using pre-heated kernel: %s for %s", kernel_id, notebook_name)
                    return content["task"], renderer.rendered_cache, kernel_id
                await self._discard(content)
            if isinstance(error, RoomFull):
                raise error
            raise HTTPError(
                503,
                "The page could not be prepared just now. Please reload it in a minute.",
                reason="Not ready yet",
            )

        async def _discard(self, content: dict[str, Any]) -> None:
            task, kernel_id = content["task"], content["kernel_id"]
            if not task.done():
                task.cancel()
            if kernel_id in self:
                self.log.warning("Shutting down kernel %s: its page is not whole", kernel_id)
                with contextlib.suppress(Exception):
                    await self.shutdown_kernel(kernel_id, now=True)

    return WholePagePool


# --- the kernel websocket: only what the pages speak ------------------------------------------------
#: the websocket subprotocol of JupyterLab's kernel client, which every Voila page uses
KERNEL_PROTOCOL = "v1.kernel.websocket.jupyter.org"
#: parts a kernel message has in a v1 frame: channel, header, parent, metadata, content, buffers
MAX_FRAME_PARTS = 64


def v1_frame_parts(frame: Any, max_parts: int = MAX_FRAME_PARTS) -> list[bytes] | None:
    """The parts of a v1 kernel websocket frame (channel, header, parent header, metadata,
    content, buffers...), or None when the frame is not one.

    A v1 frame is a count n (8 bytes, little-endian), n offsets, then the parts. jupyter_server
    2.21 and Voila 0.5.13 trust the count: an old-style frame read as v1 gave a count near 8.6e17
    and a list that size, which froze the server and took gigabytes. Here the count, the offsets
    and their order are checked against the frame's length first.
    """
    if not isinstance(frame, bytes) or len(frame) < 8:
        return None
    count = int.from_bytes(frame[:8], "little")
    if not 6 <= count <= max_parts or len(frame) < 8 * (count + 1):
        return None
    offsets = [int.from_bytes(frame[8 * i : 8 * (i + 1)], "little") for i in range(1, count + 1)]
    if offsets[0] != 8 * (count + 1) or offsets[-1] > len(frame):
        return None
    if any(later < earlier for earlier, later in itertools.pairwise(offsets)):
        return None
    return [frame[start:end] for start, end in itertools.pairwise(offsets)]


class GuardedKernelWebsocketHandler(VoilaKernelWebsocketHandler):
    """Voila's kernel websocket, refusing what the workbook's pages never send.

    * A client that does not offer the v1 subprotocol (:data:`KERNEL_PROTOCOL`) is refused
      (HTTP 400) before the upgrade: with the legacy protocol, Voila misread the binary replies
      to ``request_state`` (a widget with a buffer) and froze the whole class.
    * Every incoming message must be a well-formed v1 frame (:func:`v1_frame_parts`); anything
      else closes that one connection (code 1003), before jupyter_server parses it.
    * Outgoing messages are filtered as Voila does (no ``execute_input``: the page never shows
      code), reading their header with the checked parser.
    """

    async def get(self, *args: Any, **kwargs: Any) -> None:
        offered = self.request.headers.get("Sec-WebSocket-Protocol", "")
        if KERNEL_PROTOCOL not in {part.strip() for part in offered.split(",")}:
            self.log.warning(
                "Refused a kernel websocket from %s without the %s subprotocol",
                self.request.remote_ip,
                KERNEL_PROTOCOL,
            )
            self.set_status(400)
            self.finish(f"This server speaks the {KERNEL_PROTOCOL} protocol only.")
            return
        await super().get(*args, **kwargs)

    def on_message(self, message: str | bytes) -> Any:
        if v1_frame_parts(message) is None:
            self.log.warning("Closed a kernel websocket that sent a malformed message")
            self.close(1003, "malformed message")
            return None
        return super().on_message(message)

    def write_message(self, message: Any, binary: bool = False) -> Any:
        header: Any = None
        if isinstance(message, bytes):
            parts = v1_frame_parts(message)
            with contextlib.suppress(ValueError, UnicodeDecodeError):
                header = json.loads(parts[1]) if parts else None
        elif isinstance(message, dict):
            header = message.get("header")
        if isinstance(header, dict) and header.get("msg_type") == "execute_input":
            return None
        # Voila's own write_message is the unchecked parser this class replaces
        return super(VoilaKernelWebsocketHandler, self).write_message(message, binary)


# --- odd URLs: a 4xx answer, never a 500 -------------------------------------------------------------
def unservable_path(path: str | None) -> bool:
    """Whether a page path holds characters no notebook name has (NUL, other control
    characters): ``dashboard.ipynb%00`` reached a header and made Voila answer 500."""
    return bool(path) and any(ord(char) < 32 or ord(char) == 127 for char in path)


class CheckedTemplateStaticHandler(TemplateStaticFileHandler):
    """Voila's ``/voila/templates/<template>/static/<file>``, answering 404 to any other shape
    (Voila asserted the shape: ``/voila/templates/../../etc/passwd`` was a 500, though nothing
    leaked) and to a template name that is not a plain name."""

    def parse_url_path(self, url_path: str) -> str:
        template, _, rest = url_path.partition("/static/")
        plain = re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", template) is not None
        if not plain or not rest or unservable_path(url_path):
            raise HTTPError(404)
        return super().parse_url_path(url_path)
