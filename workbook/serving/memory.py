"""Memory a long-running server gives back: fewer malloc arenas, and the garbage of closed
sessions collected and returned to the system (bench/app.py measures the drift)."""

from __future__ import annotations

import ctypes
import gc
import os
from typing import Any

__all__ = ["limit_malloc_arenas", "reclaim_memory"]


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
