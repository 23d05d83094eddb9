"""A class's worth of kernels: a cap ("the room is full", HTTP 503) and no kernel kept for a
page whose browser never connected."""

from __future__ import annotations

import contextlib
import time
from typing import Any

from tornado.web import HTTPError
from traitlets import Float, Integer

from workbook.serving.kernels import ReleasingKernelManager

__all__ = ["GuardedKernelManager", "RoomFull"]


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
        super().__init__(**kwargs)  # type: ignore[no-untyped-call]  # jupyter_server's, unannotated
        self._starting = 0
        self._handed_out: dict[str, float] = {}
        self._unclaimed_check: Any = None

    # async, as ReleasingKernelManager's (the checker still compares with the sync declaration)
    async def start_kernel(self, *args: Any, **kwargs: Any) -> str:  # type: ignore[override]
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
        super().notify_connect(kernel_id)  # type: ignore[no-untyped-call]  # unannotated upstream

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

    async def shutdown_kernel(  # type: ignore[override]  # async, as start_kernel
        self, kernel_id: str, *args: Any, **kwargs: Any
    ) -> Any:
        self._handed_out.pop(kernel_id, None)
        return await super().shutdown_kernel(kernel_id, *args, **kwargs)
