"""Benchmark: the class report for 1,000 students must take under 10 seconds.

Baseline, measured in the same run on the same files: just reading and JSON-parsing every
file (the I/O floor no report can beat). The ratio shows what validation, the coach's review of
every answer, pandas and the charts add on top.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from workbook.classroom import class_report, sample_class

STUDENTS = 1000
FLOOR_SECONDS = 10.0
RUNS = 3


def baseline(folder: Path) -> int:
    count = 0
    for path in folder.glob("*.json"):
        try:
            json.loads(path.read_bytes())
            count += 1
        except ValueError:
            pass
    return count


def full_report(folder: Path, out: Path) -> int:
    report = class_report(folder)
    report.to_html(out / "report.html")
    report.to_csv(out / "report.csv")
    return len(report.students)


def timed(func, *args) -> tuple[float, object]:
    began = time.perf_counter()
    value = func(*args)
    return time.perf_counter() - began, value


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "class"
        generate, _ = timed(sample_class, folder, STUDENTS)
        base_times, report_times = [], []
        for _ in range(RUNS):
            t, n_base = timed(baseline, folder)
            base_times.append(t)
            t, n_students = timed(full_report, folder, Path(tmp))
            report_times.append(t)
    base, report = statistics.median(base_times), statistics.median(report_times)
    result = {
        "students": n_students,
        "files_parsed_by_baseline": n_base,
        "generate_seconds": round(generate, 3),
        "baseline_read_json_seconds": round(base, 3),
        "report_seconds_median": round(report, 3),
        "report_seconds_all": [round(t, 3) for t in report_times],
        "ratio_vs_baseline": round(report / base, 1) if base else None,
        "floor_seconds": FLOOR_SECONDS,
        "ok": report < FLOOR_SECONDS and n_students == STUDENTS,
    }
    print(f"{'measure':<34}{'seconds':>10}")
    print(f"{'read + parse JSON (baseline)':<34}{base:>10.3f}")
    print(
        f"{'class report, HTML + CSV':<34}{report:>10.3f}   ({result['ratio_vs_baseline']}x baseline)"
    )
    print(
        f"{STUDENTS} students; floor {FLOOR_SECONDS:.0f} s: {'met' if result['ok'] else 'NOT MET'}"
    )
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "class_report.json").write_text(json.dumps(result, indent=2))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
