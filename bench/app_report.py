"""bench/app.py's results: the JSON it keeps, each floor met or not, and the printed table."""

from __future__ import annotations

import argparse
import statistics
from typing import Any

from app_measure import (
    FLOOR_CHART_MS,
    FLOOR_KERNEL_MIB,
    FLOOR_SESSION_DRIFT,
    FLOOR_TTI_RATIO,
    SAMPLED_PAGES,
    p95,
    sessions_kept,
)


def summarise(
    args: argparse.Namespace,
    base: dict[str, Any],
    dash: dict[str, Any],
    workshops: list[dict[str, Any]],
    imports: dict[str, Any],
) -> dict[str, Any]:
    """The measurements as bench/results/app.json keeps them, medians and floors beside."""
    base_median, dash_median = statistics.median(base["tti"]), statistics.median(dash["tti"])
    chart = dash["chart"]
    return {
        "one_student": {
            "baseline_s": base["tti"],
            "dashboard_s": dash["tti"],
            "baseline_median_s": base_median,
            "dashboard_median_s": dash_median,
            "ratio": dash_median / base_median,
            "floor_ratio": FLOOR_TTI_RATIO,
        },
        "class": {
            "baseline_seats": args.seats[0],
            "baseline_unheated": base["class"],
            "workshops": workshops,
        },
        "chart": {
            **chart,
            "median_ms": statistics.median(chart["times_ms"]),
            "p95_ms": p95(chart["times_ms"]),
            "floor_ms": FLOOR_CHART_MS,
        },
        "memory": {
            "baseline_kernel": base["memory"],
            "dashboard_kernel": dash["memory"],
            "idle_pool_kernel_rss_mib": dash["idle_pool_rss"],
            "ratio_rss": dash["memory"]["rss_mib"] / base["memory"]["rss_mib"],
            "floor_rss_mib": FLOOR_KERNEL_MIB,
            "imports": imports,
        },
        "sessions": {**dash["sessions"], "floor_drift": FLOOR_SESSION_DRIFT},
    }


def floor_checks(r: dict[str, Any], sessions: int) -> dict[str, bool]:
    """Each floor of the module's docstring, met or not, from :func:`summarise`'s results."""
    one, chart = r["one_student"], r["chart"]
    return {
        "one student <= 1.0x baseline": one["dashboard_median_s"]
        <= FLOOR_TTI_RATIO * one["baseline_median_s"],
        **{
            f"workshop of {shop['seats']} from cold: {shop['seats']}/{shop['seats']} pages whole, "
            f"{SAMPLED_PAGES} usable in Chromium, p95 <= {shop['floor_p95_s']:.0f} s": shop["ok"]
            for shop in r["class"]["workshops"]
        },
        "add goal -> chart <= 100 ms": chart["median_ms"] <= FLOOR_CHART_MS,
        "kernel <= 100 MiB RSS (page ready, after the goals, after the whole journey)": max(
            r["memory"]["dashboard_kernel"]["rss_mib"],
            chart["kernel_rss_after_mib"],
            chart["kernel_rss_after_journey_mib"],
        )
        <= FLOOR_KERNEL_MIB,
        f"{sessions} sessions: pool size kept, memory within 10% of the cold start": (
            sessions_kept(r["sessions"])
        ),
    }


def workshop_rows(workshops: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """The table's rows for each workshop run from cold."""
    rows = []
    for shop in workshops:
        seats, sampled = shop["seats"], shop["sampled"]
        usable = ", ".join(f"{t:.1f}" for t in sampled["usable_s"]) or "-"
        rows += [
            (
                f"workshop {seats} at once: whole pages",
                f"{shop['whole']}/{seats}",
                "-",
                f"floor {seats}/{seats}; " + "; ".join(shop["error_samples"]),
            ),
            (
                f"workshop {seats} at once: full page p95",
                f"{shop['p95_s']:.2f} s",
                "-",
                f"p50 {shop['p50_s']:.2f} s (floor {shop['floor_p95_s']:.0f} s)",
            ),
            (
                f"  {sampled['opened']} of those pages usable in Chromium",
                f"{sampled['usable']}/{sampled['opened']}",
                "-",
                f"after {usable} s " + "; ".join(sampled["errors"]),
            ),
        ]
    return rows


Row = tuple[str, str, str, str]


def student_rows(r: dict[str, Any]) -> list[Row]:
    """The table's rows for one student, the class and the kernel: measure, app, baseline, ratio."""
    one, cls, chart, mem = r["one_student"], r["class"], r["chart"], r["memory"]
    return [
        (
            "one student: page usable (median)",
            f"{one['dashboard_median_s']:.2f} s",
            f"{one['baseline_median_s']:.2f} s",
            f"{one['ratio']:.2f}x (floor 1.0x)",
        ),
        (
            f"{cls['baseline_seats']} at once, unheated baseline: full page p95",
            "-",
            f"{cls['baseline_unheated']['p95_s']:.2f} s",
            f"errors {cls['baseline_unheated']['errors']}",
        ),
        *workshop_rows(cls["workshops"]),
        (
            "add goal -> chart shown (median)",
            f"{chart['median_ms']:.0f} ms",
            "-",
            f"p95 {chart['p95_ms']:.0f} ms (floor {FLOOR_CHART_MS:.0f} ms)",
        ),
        (
            "kernel memory (RSS)",
            f"{mem['dashboard_kernel']['rss_mib']:.1f} MiB",
            f"{mem['baseline_kernel']['rss_mib']:.1f} MiB",
            f"{mem['ratio_rss']:.2f}x (floor 100 MiB)",
        ),
        (
            f"kernel RSS after {len(chart['times_ms'])} goals / whole journey",
            f"{chart['kernel_rss_after_mib']:.1f} / {chart['kernel_rss_after_journey_mib']:.1f} MiB",
            "-",
            "floor 100 MiB",
        ),
        (
            "kernel memory (USS)",
            f"{mem['dashboard_kernel']['uss_mib']:.1f} MiB",
            f"{mem['baseline_kernel']['uss_mib']:.1f} MiB",
            "",
        ),
    ]


def session_rows(ses: dict[str, Any]) -> list[Row]:
    """The table's rows for the sessions opened and closed in turn."""
    return [
        (
            f"{ses['sessions']} sessions: kernels after",
            str(ses["kernels_after"]),
            str(ses["pool_size"]),
            "floor: = pool size",
        ),
        (
            f"{ses['sessions']} sessions: Voila memory",
            f"{ses['server_after_mib']:.0f} MiB",
            f"{ses['server_cold_mib']:.0f} MiB",
            f"{ses['server_drift_from_cold']:+.1%} (floor ±10% from cold)",
        ),
        (
            "  with its kernels",
            f"{ses['memory_after_mib']:.0f} MiB",
            f"{ses['memory_cold_mib']:.0f} MiB",
            f"{ses['drift_from_cold']:+.1%} (floor ±10% from cold)",
        ),
        (
            f"  the same, from session {ses['warmup_sessions']} on",
            f"{ses['memory_after_mib']:.0f} MiB",
            f"{ses['memory_warm_mib']:.0f} MiB",
            f"{ses['drift_after_warmup']:+.1%} (not a floor)",
        ),
        (
            "  Voila process: open files",
            str(ses["open_files_after"]),
            str(ses["open_files_cold"]),
            "",
        ),
    ]


def print_table(r: dict[str, Any], checks: dict[str, bool]) -> None:
    cls, mem, ses = r["class"], r["memory"], r["sessions"]
    rows = [*student_rows(r), *session_rows(ses)]
    widths = [
        max(len(row[i]) for row in [("measure", "app", "baseline", "ratio"), *rows])
        for i in range(4)
    ]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))

    print()
    print(line(("measure", "app", "baseline", "ratio")))
    print(line(tuple("-" * w for w in widths)))
    for row in rows:
        print(line(row))
    for shop in cls["workshops"]:
        print(
            f"\nworkshop pool of {shop['seats']}: filled in {shop['pool_fill_s']:.0f} s from "
            f"cold, {shop['pool_rss_total_mib']:.0f} MiB RSS in all "
            f"({shop['pool_rss_total_mib'] / shop['seats']:.0f} MiB a kernel); "
            f"'Timeout waiting for IOPub output' logged {shop['iopub_timeouts_logged']} times"
        )
    print(
        "memory drift from the cold start (server started, pool full, no browser session yet); "
        "Voila RSS then and every 10 sessions: "
        f"{', '.join(f'{m:.0f}' for m in ses['server_rss_every_10_mib'])} MiB"
    )
    imports = mem["imports"]
    print(
        f"dashboard cell in a plain kernel: {imports['bare_kernel_mib']:.0f} -> "
        f"{imports['after_mib']:.0f} MiB; heavy packages imported: "
        f"{', '.join(imports['heavy']) or 'none'}"
    )
    print(f"all packages it adds: {', '.join(imports['added'])}")
    print()
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'}  {name}")
