"""Save a student's work over and over, printing each counter once its save has completed.

Not a test: tests/test_store.py runs it in a child process and kills it at random moments, or
runs two at once on the same code. The work grows and shrinks with the counter, so a file cut
short can never pass for a smaller valid one.

Usage: python tests/_crash_writer.py FOLDER CODE START [COUNT]
(COUNT saves then exit; 0 or absent: until killed). Prints "ready" once imports are done.
"""

from __future__ import annotations

import sys
from pathlib import Path

from workbook.model import Goal, Horizon, Milestone, Roadmap, Smart
from workbook.store import Work, save_work


def work_for(counter: int) -> Work:
    """The work saved as number ``counter``; its size varies from a few kB to ~150 kB."""
    size = counter % 9
    destination = Goal(
        f"Destination {counter}",
        Horizon.LONG,
        end_month=48,
        smart=Smart(specific="é" * 400, measurable="∑" * 400, relevant="word " * 80),
        milestones=[Milestone(f"Checkpoint {i}", 12 + i) for i in range(size)],
        id="glong0001",
    )
    steps = [
        Goal(f"Step {i} of {counter}", end_month=1 + i % 12, skills=["SQL"], leads_to="glong0001")
        for i in range(2 * size)
    ]
    return Work(
        Roadmap(owner=f"Crash test {counter}", goals=[destination, *steps]),
        attempts=[
            {"question": "counter", "answer": counter, "status": "correct", "score": 1.0, "at": "x"}
        ],
        drafts=[
            {"name": "career_goals_answer", "text": f"draft {counter} " * (size * 1500), "at": "x"}
        ],
    )


def main(argv: list[str]) -> int:
    folder, code, start = Path(argv[0]), argv[1], int(argv[2])
    count = int(argv[3]) if len(argv) > 3 else 0
    print("ready", flush=True)
    counter = start
    while not count or counter < start + count:
        counter += 1
        save_work(work_for(counter), code, folder=folder)
        print(counter, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
