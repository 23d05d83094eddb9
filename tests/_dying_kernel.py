"""A kernel that dies before it answers, its first DEATHS times: as one whose port was taken.

Not a test: tests/test_hub.py installs it as a student's ``python3`` kernelspec. Each start
counts itself in COUNTER; while the count is within DEATHS it exits at once, as the kernel did
that failed with ``ZMQError: Address already in use``; after that it is the real ipykernel.

Usage: python tests/_dying_kernel.py COUNTER DEATHS -f CONNECTION_FILE
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    counter, deaths, kernel_args = Path(argv[0]), int(argv[1]), argv[2:]
    started = int(counter.read_text()) if counter.exists() else 0
    if started < deaths:
        counter.write_text(str(started + 1))
        print("zmq.error.ZMQError: Address already in use (a test's dying kernel)", file=sys.stderr)
        sys.exit(1)
    os.execv(sys.executable, [sys.executable, "-m", "ipykernel_launcher", *kernel_args])


if __name__ == "__main__":
    main(sys.argv[1:])
