"""How fast is the coach? Median review time of a 150-word answer, against baselines.

    python bench/coach_speed.py

Feedback refreshes as a student types, so a review must cost far less than the 300 ms pause
that triggers it; the floor is a median of 5 ms for a 150-word answer. Printed next to two
baselines measured in the same run on the same text: the naive one-regex-per-code baseline
of ``coach_quality.py`` and a plain ``text.split()``, so the ratio means the same on a fast or
a slow machine. Also shown: a 100,000-character paste, the worst inputs known (long runs of
spaces, digits, repeated words: each must take under 200 ms), the memory of a fresh Python
after a review, and a cold start (import, load and validate the rules, first review) in a
fresh interpreter. Writes
``bench/results/coach_speed.json``; exits 1 if the median is above the floor.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from coach_quality import load_labelled, naive_codes  # noqa: E402

from workbook.coach import review, smart  # noqa: E402

RESULTS = HERE / "results" / "coach_speed.json"
FLOOR_MS = 5.0
WORST_FLOOR_MS = 200.0  #: no input up to 100,000 characters may take longer (issue 11)
#: Inputs that once made a regular expression quadratic (20,000 spaces took 54 s), and walls
#: of repeated words that make every cue match everywhere; each up to 100,000 characters.
WORST_CASES: dict[str, str] = {
    "20,000 spaces then a word": " " * 19999 + "a",
    "100,000 spaces then a word": " " * 99999 + "a",
    "100,000 newlines": "\n" * 100_000,
    "100,000 digits": "1" * 100_000,
    "'a ' repeated": "a " * 50_000,
    "'1 ' repeated": "1 " * 50_000,
    "', ' repeated": ", " * 50_000,
    "'a.' repeated": "a." * 50_000,
    "' and then' repeated": " and then" * 11_000,
    "'in 2030 ' repeated": "in 2030 " * 12_000,
    "pitfall words repeated": "in ten years my own business salary " * 2_700,
    "an answer repeated": ("I want to grow. " * 7000)[:100_000],
}
WORDS = 150
RUNS = 400


def answer_of(words: int = WORDS) -> str:
    """A realistic answer of exactly ``words`` words, stitched from labelled good answers."""
    good = [r["text"] for r in load_labelled() if not r["codes"] and r["split"] == "dev"]
    out: list[str] = []
    for text in good:
        out += text.split()
        if len(out) >= words:
            break
    return " ".join(out[:words])


def timed(func: Callable[[], object], runs: int) -> list[float]:
    """Wall time of each call, in milliseconds, after one warm-up call."""
    func()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        func()
        times.append((time.perf_counter() - began) * 1000)
    return times


def cold_start_ms() -> float:
    """Import, load and validate the rules, and review once, in a fresh interpreter."""
    code = (
        "import time; t = time.perf_counter()\n"
        "from workbook.coach import review; review('In five years I want to lead a team.')\n"
        "print((time.perf_counter() - t) * 1000)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def kernel_memory_mib() -> float:
    """Resident memory of a fresh interpreter that imported the coach and reviewed once."""
    code = (
        "import psutil\n"
        "from workbook.coach import review, smart\n"
        "review('In five years I want to lead a team.'); smart('Pass the exam by June.')\n"
        "print(psutil.Process().memory_info().rss / 2**20)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def main() -> int:
    text = answer_of()
    assert len(text.split()) == WORDS
    coach = timed(lambda: review(text), RUNS)
    naive = timed(lambda: naive_codes(text), RUNS)
    split = timed(lambda: text.split(), RUNS)
    big = ("I want to grow. " * 7000)[:100_000]
    paste = timed(lambda: review(big), 5)
    cold = cold_start_ms()
    worst = {
        name: max(timed(lambda t=t: review(t), 3) + timed(lambda t=t: smart(t), 3))
        for name, t in WORST_CASES.items()
    }
    memory = kernel_memory_mib()

    med = statistics.median(coach)
    p95 = statistics.quantiles(coach, n=20)[-1]
    med_naive, med_split = statistics.median(naive), statistics.median(split)
    rows = [
        ("coach review()", med, p95),
        ("naive regex baseline", med_naive, statistics.quantiles(naive, n=20)[-1]),
        ("text.split()", med_split, statistics.quantiles(split, n=20)[-1]),
    ]
    print(f"{WORDS}-word answer, {RUNS} runs each")
    print(f"{'':<24}{'median ms':>10}{'p95 ms':>10}")
    for name, m, p in rows:
        print(f"{name:<24}{m:>10.3f}{p:>10.3f}")
    print(
        f"coach / naive baseline: {med / med_naive:,.1f}x   coach / text.split(): {med / med_split:,.0f}x"
    )
    print(f"100,000-character paste: median {statistics.median(paste):.1f} ms")
    print(f"cold start (import, validate rules, first review): {cold:.0f} ms")
    print(
        f"worst inputs (slowest of 3 review() and 3 smart() calls each, floor {WORST_FLOOR_MS:.0f} ms):"
    )
    for name, ms in worst.items():
        print(f"  {name:<30}{ms:>9.1f} ms")
    print(f"memory of a fresh Python after importing the coach and one review: {memory:.0f} MiB")
    ok_median = med <= FLOOR_MS
    ok_worst = max(worst.values()) <= WORST_FLOOR_MS
    print(f"floor (median <= {FLOOR_MS} ms): {'met' if ok_median else 'NOT MET'}")
    print(
        f"floor (every worst input <= {WORST_FLOOR_MS:.0f} ms): {'met' if ok_worst else 'NOT MET'}"
    )
    ok = ok_median and ok_worst
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "words": WORDS,
                "runs": RUNS,
                "median_ms": med,
                "p95_ms": p95,
                "naive_median_ms": med_naive,
                "split_median_ms": med_split,
                "ratio_vs_naive": med / med_naive,
                "ratio_vs_split": med / med_split,
                "paste_100k_median_ms": statistics.median(paste),
                "cold_start_ms": cold,
                "worst_inputs_ms": worst,
                "worst_floor_ms": WORST_FLOOR_MS,
                "memory_mib": memory,
                "floor_ms": FLOOR_MS,
                "meets_floor": ok,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"wrote {RESULTS.relative_to(HERE.parent)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
