"""A time limit for code run in the test process, for tests of "never hangs".

A hang in the code under test (an ``open`` of a FIFO waiting for a writer, a loop that never
ends) is interrupted by SIGALRM and raised as :class:`Hung`, a ``BaseException`` so that no
``except Exception`` in the code under test can swallow it. pytest-timeout's own alarm, if
armed, is put back afterwards with the time it had left.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Hung", "deadline"]


class Hung(BaseException):
    """The code under test ran past its time limit."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`Hung` in the block if it runs longer than ``seconds`` (main thread only)."""

    def on_alarm(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds:g} s")

    start = time.monotonic()
    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler)
        if old_delay:
            left = max(old_delay - (time.monotonic() - start), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, old_interval)
