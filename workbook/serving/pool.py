"""The pre-heated pool: a few kernels at a time, and only whole pages handed out (issue 10: thirty
dashboards run at once on two cores lost their widget, and Voila handed those pages out)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from typing import TYPE_CHECKING, Any

from tornado.web import HTTPError
from traitlets import Float, Integer
from traitlets.config import LoggingConfigurable
from voila.request_info_handler import RequestInfoSocketHandler

from workbook.serving.rooms import GuardedKernelManager, RoomFull

__all__ = ["PageCheck", "PooledNotebooks", "WholePagePool", "whole_page_pool"]


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


# its keys and values are whatever Voila stores (notebook names, dicts of its own)
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


if TYPE_CHECKING:

    class _VoilaPool(GuardedKernelManager):
        """What the checker is told :class:`WholePagePool` sits on: the class Voila's
        ``voila_kernel_manager_factory`` makes at run time (voila 0.5.13, which ships no types)
        from the server's kernel manager (:class:`GuardedKernelManager`), with the attributes of
        it this mixin uses, typed as the pool uses them."""

        kernel_pools_config: dict[str, dict[str, Any]]
        #: each notebook's pre-heated items, each resolving to its ``_initialize`` content
        _pools: dict[str, list[asyncio.Future[dict[str, Any]]]]
        notebook_data: dict[str, Any]

        async def _initialize(
            self, notebook_path: str, kernel_id: str | None = None, **kwargs: Any
        ) -> dict[str, Any]: ...

        def _notebook_renderer_factory(self, notebook_path: str | None = None) -> Any: ...

        def fill_if_needed(
            self,
            delay: float | None = None,
            notebook_name: str | None = None,
            extra_kernel_env_variables: dict[str, str] | None = None,
            **kwargs: Any,
        ) -> None: ...

else:  # at run time the mixin's only own base; whole_page_pool adds Voila's class after it
    _VoilaPool = LoggingConfigurable


class WholePagePool(_VoilaPool):
    """What :func:`whole_page_pool` puts on top of Voila's pre-heated kernel manager: a pool that
    fills in small batches and hands out whole pages only.

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
        renderer._jinja_cell_generator = renderer.page_check.watch(renderer._jinja_cell_generator)
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
        extra_kernel_env_variables: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> tuple[asyncio.Task[Any], list[str], str]:
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


def whole_page_pool(pool_class: type) -> type:
    """Voila's pre-heated kernel manager (the class ``voila_kernel_manager_factory`` makes, at
    run time) with :class:`WholePagePool` on top: Voila builds that class itself, so the pool's
    behaviour is a mixin applied to it rather than a subclass written here."""
    return type("WholePageKernelManager", (WholePagePool, pool_class), {})
