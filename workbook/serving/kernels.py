"""Kernel managers that free what a closed tab leaves behind and hand a page only a kernel that
answered (``make app`` through :class:`~workbook.serving.rooms.GuardedKernelManager`, the hub's
servers through :class:`ReplacingKernelManager`)."""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import os
import queue
import shutil
import tempfile
import time
from typing import Any, cast

from jupyter_client.manager import AsyncKernelManager
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from tornado.web import HTTPError
from traitlets import Float, Integer
from voila.request_info_handler import RequestInfoSocketHandler

from workbook.serving.memory import reclaim_memory

__all__ = ["KERNEL_FAILED_MESSAGE", "ReleasingKernelManager", "ReplacingKernelManager"]


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

    # jupyter_server makes start_kernel and shutdown_kernel coroutines (AsyncMappingKernelManager
    # assigns its async versions with an ignore), while jupyter_client's MultiKernelManager, the
    # type the checker sees, declares them sync: these overrides are async, as the server awaits
    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
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

    async def shutdown_kernel(  # type: ignore[override]  # async, as start_kernel
        self, kernel_id: str, *args: Any, **kwargs: Any
    ) -> Any:
        try:
            # jupyter_server's _async_shutdown_kernel is unannotated
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)  # type: ignore[no-untyped-call]
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

    # async, as ReleasingKernelManager's (the checker still compares with the sync declaration)
    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
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
            # a server's kernels are ServerKernelManagers (async); get_kernel is typed for any
            kernel = cast(AsyncKernelManager, self.get_kernel(kernel_id))
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
