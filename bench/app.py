"""The app's speed, load and memory against a bare baseline measured in the same run.

``python bench/app.py [--runs N] [--seats N] [--sessions N]`` prints a table, writes
``bench/results/app.json`` and exits 1 when a floor is not met. Each measure is a function of
bench/app_measure.py, the results and the table are bench/app_report.py's. Every server is the one
``make app`` / ``make workshop`` starts (scripts/serve.py, voila.json), on a free loopback port
(workbook.serving.harness.VoilaServer).
The baseline is bench/baseline.ipynb (one button) served the same way WITHOUT pre-heating.

Floors (2-core machine):

* one student: navigation -> dashboard usable in Chromium, median <= 1.0x the bare baseline;
* a class, from a cold start (``make workshop SEATS=N`` just started, its pool filled): N
  pages requested at once, N - 3 by an HTTP client and 3 by Chromium tabs; every page whole
  (HTTP 200, the dashboard's widget in it, no cell failed or timed out: a page that is not
  whole is an error, not a fast page), the 3 tabs showing the first step's controls, usable;
  the HTTP pages' p95 <= 2 s for 30 seats and <= 4 s for 60 (2 s per 30 seats), for each N
  of ``--seats`` (30 and 60 by default);
* add a goal -> the redrawn chart shown in the browser: median <= 100 ms;
* the dashboard kernel's memory <= 100 MiB RSS (and what it imports, to see what costs);
* SESSIONS tabs opened and closed in turn: kernels back to the pool size, and the memory within
  10 % of the cold start, both the Voila process's alone and with its kernels'.

The cold start is the server just started: it has answered its first page (the chapter list,
which VoilaServer.start waits for), and the pre-heated dashboard kernel has run the notebook and
Voila has rendered it (wait_settled), before any browser session. Earlier, the pool's first fill
would count as drift; later, a warm-up would hide growth. In the full run the other measurements
open about ten more tabs on that server first, so the floor there covers SESSIONS + ~10 sessions.
Memory is RSS, taken with the server settled (pool full, all idle). The drift from session WARMUP
on and the Voila process's RSS every 10 sessions are reported too, not floors.

Before scripts/serve.py reclaimed memory after closed tabs, the Voila process grew 97 -> 135 MiB
over the first 40-50 sessions, then stayed about there: not retained objects (their count, the
open files and loggers stay flat) but each session's cyclic garbage (renderer, exporter, Jinja
environment, kernel client) waiting in the oldest GC generation for tens of sessions, and glibc
keeping the freed pages, in one more malloc arena for each new thread the kernels bring. Now it
stays within 93-97 MiB over 100 sessions (ReleasingKernelManager, limit_malloc_arenas there).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path
from typing import Any

from app_measure import (
    BASELINE_READY,
    DASHBOARD_READY,
    FLOOR_SESSION_DRIFT,
    HERE,
    MIB,
    RESULTS,
    ROOT,
    WARMUP_SESSIONS,
    Browser,
    chart_updates,
    concurrent_pages,
    dashboard_imports,
    kernel_memory,
    log,
    one_student,
    sessions_in_turn,
    sessions_kept,
    settled_memory,
    workshop_from_cold,
)
from app_report import floor_checks, print_table, summarise, workshop_rows

from workbook.serving import harness as serve
from workbook.serving.harness import CHROMIUM


# --- the run ------------------------------------------------------------------------------------
def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="page loads per median")
    parser.add_argument(
        "--seats",
        type=int,
        nargs="+",
        default=[30, 60],
        help="students at once: one workshop from cold for each number",
    )
    parser.add_argument("--sessions", type=int, default=50, help="tabs opened and closed")
    parser.add_argument(
        "--warmup",
        type=int,
        default=WARMUP_SESSIONS,
        help="also report the memory drift from this many sessions on (not a floor)",
    )
    parser.add_argument("--goals", type=int, default=10, help="goals added for the chart timing")
    parser.add_argument(
        "--only-sessions",
        action="store_true",
        help="run the sessions floor alone (writes bench/results/app-sessions.json)",
    )
    parser.add_argument(
        "--only-workshop",
        action="store_true",
        help="run the workshops from cold alone (writes bench/results/app-workshop.json)",
    )
    return parser.parse_args(argv)


def server_maker(work: Path) -> Any:
    """A factory of servers as ``make app`` starts them, each with its own data folder and log
    under ``work`` (started by ``with``)."""

    def server(name: str, mode: str, **kwargs: Any) -> Any:
        data = work / f"data-{name}"
        data.mkdir(mode=0o700)
        env = {"WORKBOOK_DATA": str(data)}
        made = serve.VoilaServer(mode, log_path=work / f"{name}.log", env=env, **kwargs)
        made.env.pop("WORKBOOK_SHARED", None)
        return made

    return server


def measure_baseline(browser: Browser, server: Any, args: argparse.Namespace) -> dict[str, Any]:
    """bench/baseline.ipynb served the same way without pre-heating: page loads, its kernel's
    memory and a burst of concurrent requests."""
    log("baseline: bench/baseline.ipynb, served the same way, no pre-heating")
    with server("baseline", "app", root=HERE, landing="baseline.ipynb", pool=0) as base:
        url = base.landing_url
        browser.time_to_usable(url, BASELINE_READY)  # warm the server (templates, first kernel)
        base.wait_settled(0, timeout=60)
        tti = one_student(browser, base, url, BASELINE_READY, args.runs, 0)
        memory = kernel_memory(browser, base, url, BASELINE_READY)
        base.wait_settled(0, timeout=60)
        log(f"baseline: {args.seats[0]} concurrent requests")
        burst = concurrent_pages(url, args.seats[0], widget=False)
        burst.pop("pages")
    return {"tti": tti, "memory": memory, "class": burst}


def measure_app(browser: Browser, server: Any, args: argparse.Namespace) -> dict[str, Any]:
    """``make app``: page loads, kernel memory, the chart's redraws and sessions in turn."""
    log("dashboard: make app (pool of 1 for the dashboard)")
    with server("app", "app") as app:
        cold = settled_memory(app, 1)  # the sessions floor's starting point
        browser.time_to_usable(app.landing_url, DASHBOARD_READY)  # warm the server
        tti = one_student(browser, app, app.landing_url, DASHBOARD_READY, args.runs, 1)
        idle_pool_rss = [k.memory_info().rss / MIB for k in app.kernels()]
        memory = kernel_memory(browser, app, app.landing_url, DASHBOARD_READY)
        app.wait_settled(1, timeout=180)
        log(f"dashboard: {args.goals} goals added")
        chart = chart_updates(browser, app, args.goals)
        log(f"dashboard: {args.sessions} sessions opened and closed in turn")
        sessions = sessions_in_turn(browser, app, args.sessions, 1, args.warmup, cold)
    return {
        "tti": tti,
        "idle_pool_rss": idle_pool_rss,
        "memory": memory,
        "chart": chart,
        "sessions": sessions,
    }


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    if not Path(CHROMIUM).exists():
        print(f"no Chromium at {CHROMIUM}: run `make chromium`", file=sys.stderr)
        return 2
    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "settings": vars(args),
    }
    server = server_maker(Path(tempfile.mkdtemp(prefix="bench-app-")))
    browser = Browser()
    if args.only_sessions:
        return only_sessions(browser, server, args, results)
    if args.only_workshop:
        return only_workshop(browser, server, args, results)
    try:
        base = measure_baseline(browser, server, args)
        dash = measure_app(browser, server, args)
        workshops = []
        for seats in args.seats:
            log(f"workshop: {seats} seats, pool of {seats}, from a cold start")
            workshops.append(workshop_from_cold(browser, server, seats))
        log("what the dashboard kernel imports")
        imports = dashboard_imports()
    finally:
        browser.stop()
    results.update(summarise(args, base, dash, workshops, imports))
    checks = floor_checks(results, args.sessions)
    results["floors"] = checks
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print_table(results, checks)
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0 if all(checks.values()) else 1


def only_sessions(browser: Browser, server: Any, args: Any, results: dict[str, Any]) -> int:
    """The sessions floor on its own, for working on the server's memory."""
    try:
        with server("app", "app") as app:
            log(f"dashboard: {args.sessions} sessions in turn")
            ses = sessions_in_turn(browser, app, args.sessions, 1, args.warmup)
    finally:
        browser.stop()
    ok = sessions_kept(ses)
    results["sessions"] = {**ses, "floor_drift": FLOOR_SESSION_DRIFT}
    out = RESULTS.with_name("app-sessions.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(
        f"\n{ses['sessions']} sessions from the cold start: kernels {ses['kernels_after']} "
        f"(pool {ses['pool_size']}); Voila {ses['server_cold_mib']:.0f} -> "
        f"{ses['server_after_mib']:.0f} MiB ({ses['server_drift_from_cold']:+.1%}), with its "
        f"kernels {ses['memory_cold_mib']:.0f} -> {ses['memory_after_mib']:.0f} MiB "
        f"({ses['drift_from_cold']:+.1%}), floor ±10% each; from session "
        f"{ses['warmup_sessions']} on {ses['drift_after_warmup']:+.1%}; Voila open files "
        f"{ses['open_files_cold']} -> {ses['open_files_after']}"
    )
    print(
        "Voila RSS at the cold start and every 10 sessions: "
        + ", ".join(f"{m:.0f}" for m in ses["server_rss_every_10_mib"])
        + " MiB"
    )
    print(
        f"{'ok  ' if ok else 'FAIL'}  sessions: pool size kept, memory within 10% of the cold start"
    )
    print(f"wrote {out}")
    return 0 if ok else 1


def only_workshop(browser: Browser, server: Any, args: Any, results: dict[str, Any]) -> int:
    """The class floors on their own: a workshop from cold for each ``--seats``."""
    try:
        workshops = [workshop_from_cold(browser, server, seats) for seats in args.seats]
    finally:
        browser.stop()
    results["workshops"] = workshops
    out = RESULTS.with_name("app-workshop.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    for row in workshop_rows(workshops):
        print("  ".join(row))
    for shop in workshops:
        print(
            f"{'ok  ' if shop['ok'] else 'FAIL'}  workshop of {shop['seats']} from cold "
            f"(pool filled in {shop['pool_fill_s']:.0f} s, {shop['iopub_timeouts_logged']} "
            "IOPub timeouts logged)"
        )
    print(f"wrote {out}")
    return 0 if all(shop["ok"] for shop in workshops) else 1


if __name__ == "__main__":
    sys.exit(main())
