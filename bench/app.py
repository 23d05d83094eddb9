"""The app's speed, load and memory against a bare baseline measured in the same run.

``python bench/app.py [--runs N] [--seats N] [--sessions N]`` prints a table, writes
``bench/results/app.json`` and exits 1 when a floor is not met. Every server is the one
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
import asyncio
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from workbook.serving import harness as serve
from workbook.serving.harness import CHROMIUM, CHROMIUM_ARGS, page_problem, run_coroutine

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "app.json"
DASHBOARD_READY = ".wb-goal-title input"
BASELINE_READY = ".wb-baseline"
CHART = "img.wb-timeline"
MIB = 2**20

FLOOR_TTI_RATIO = 1.0
FLOOR_CLASS_P95_S_PER_30 = 2.0
FLOOR_CHART_MS = 100.0
#: pages of the concurrent burst opened in Chromium afterwards
SAMPLED_PAGES = 3
FLOOR_KERNEL_MIB = 100.0
FLOOR_SESSION_DRIFT = 0.10
WARMUP_SESSIONS = 10
HEAVY = ("pandas", "matplotlib", "numpy", "PIL", "scipy", "fontTools")


def log(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


# --- browser measurements -----------------------------------------------------------------------
class Browser:
    """Debian's Chromium through Playwright; each tab gets its own context (its own kernel)."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.browser = self._pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

    def tab(self) -> tuple[Any, Any]:
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(120_000)
        return context, context.new_page()

    @staticmethod
    def wait_usable(page: Any, selector: str) -> None:
        page.locator(selector).first.wait_for(state="visible")
        page.wait_for_function(
            "sel => { const e = document.querySelector(sel); return e && !e.disabled; }",
            arg=selector,
            polling="raf",
        )

    def time_to_usable(self, url: str, selector: str, keep: bool = False) -> tuple[float, Any]:
        """Seconds from navigation to ``selector`` visible and enabled; the tab closed unless kept."""
        context, page = self.tab()
        began = time.perf_counter()
        page.goto(url, wait_until="commit")
        self.wait_usable(page, selector)
        elapsed = time.perf_counter() - began
        if keep:
            return elapsed, (context, page)
        self.close(context, page)
        return elapsed, None

    @staticmethod
    def close(context: Any, page: Any) -> None:
        """Close as a student does: beforeunload runs, so Voila shuts the kernel down."""
        page.close(run_before_unload=True)
        context.close()

    @staticmethod
    def kernel_id(page: Any) -> str:
        return page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )

    def stop(self) -> None:
        self.browser.close()
        self._pw.stop()


def one_student(
    browser: Browser, server: Any, url: str, selector: str, runs: int, pool: int
) -> list[float]:
    """Median-able times to usable, each from a settled server (pool full, kernels idle)."""
    times = []
    for _ in range(runs):
        server.wait_settled(pool, timeout=180)
        elapsed, _ = browser.time_to_usable(url, selector)
        times.append(elapsed)
    server.wait_settled(pool, timeout=180)
    return times


def kernel_memory(browser: Browser, server: Any, url: str, selector: str) -> dict[str, float]:
    """RSS and USS (MiB) of the kernel serving a freshly opened page."""
    _, (context, page) = browser.time_to_usable(url, selector, keep=True)
    page.wait_for_timeout(500)
    proc = server.kernel(browser.kernel_id(page))
    info = proc.memory_full_info()
    browser.close(context, page)
    return {"rss_mib": info.rss / MIB, "uss_mib": info.uss / MIB}


def chart_updates(browser: Browser, server: Any, goals: int) -> dict[str, Any]:
    """Click Add goal ``goals`` times; ms from click until the chart's src changes."""
    _, (context, page) = browser.time_to_usable(server.landing_url, DASHBOARD_READY, keep=True)
    title = page.locator(DASHBOARD_READY)
    times = []
    for i in range(goals):
        title.fill(f"Stepping stone number {i + 1}")
        title.press("Tab")  # the field syncs on change; let the kernel take it in first
        page.wait_for_timeout(300)
        rows = page.locator(".wb-goal-row").count()
        # stamps taken in the page: the click as the button receives it, then the first frame
        # that shows a new, loaded chart image
        page.evaluate(
            """([sel, button]) => {
                 window.__clickAt = null; window.__chartAt = null;
                 const old = document.querySelector(sel)?.getAttribute('src') || '';
                 document.querySelector(button).addEventListener(
                   'click', () => { window.__clickAt = performance.now(); },
                   {once: true, capture: true});
                 const check = () => {
                   const e = document.querySelector(sel);
                   if (window.__clickAt !== null && e && (e.getAttribute('src') || '') !== old
                       && e.complete) { window.__chartAt = performance.now(); }
                   else { requestAnimationFrame(check); }
                 };
                 requestAnimationFrame(check);
               }""",
            [CHART, ".wb-add-goal"],
        )
        page.locator(".wb-add-goal").click()
        page.wait_for_function("() => window.__chartAt !== null", polling=50)
        times.append(page.evaluate("() => window.__chartAt - window.__clickAt"))
        page.locator(".wb-goal-row").nth(rows).wait_for(state="attached")
    kernel = server.kernel(browser.kernel_id(page))
    rss = kernel.memory_info().rss / MIB
    # the rest of the journey: an answer reviewed by the coach, then every download prepared
    header = page.locator(".wb-step-rehearse .jupyter-widget-Collapse-header").first
    header.click()
    answer = page.locator(".wb-step-rehearse .wb-answer textarea").first
    answer.wait_for(state="visible")
    answer.fill(
        "In five years I want to lead a small analytics team. This year I will finish an SQL "
        "course and present findings to the operations team every month."
    )
    answer.press("Tab")
    page.locator(".wb-step-rehearse .wb-review").first.click()
    page.wait_for_function(
        "() => (document.querySelector('.wb-step-rehearse .wb-checklist')?.innerText || '')"
        ".trim().length > 0"
    )
    page.locator(".wb-step-rehearse .wb-next").click()  # on to the export step
    page.locator(".wb-prepare-downloads").click()
    page.locator(".wb-download a").first.wait_for(state="visible")
    page.wait_for_timeout(1000)
    journey = kernel.memory_info().rss / MIB
    browser.close(context, page)
    return {"times_ms": times, "kernel_rss_after_mib": rss, "kernel_rss_after_journey_mib": journey}


Memory = tuple[float, float, int]


def settled_memory(server: Any, pool: int) -> Memory:
    """Once the pool is full and all idle: the Voila process's RSS and its kernels' (MiB), and
    the Voila process's open file descriptors (a leaked socket shows there)."""
    import psutil

    server.wait_settled(pool, timeout=300)
    voila = psutil.Process(server.process.pid)
    kernels = 0
    for proc in server.kernels():
        with contextlib.suppress(psutil.Error):
            kernels += proc.memory_info().rss
    return voila.memory_info().rss / MIB, kernels / MIB, voila.num_fds()


def sessions_in_turn(
    browser: Browser,
    server: Any,
    count: int,
    pool: int,
    warmup: int = WARMUP_SESSIONS,
    cold: Memory | None = None,
) -> dict[str, Any]:
    """Open and close ``count`` tabs one after another; compare the kernels and the memory after
    them with the cold start (``cold``, taken by the caller right after the server started, or
    here when None), and, not as a floor, with the memory after ``warmup`` of them.

    The Voila process's RSS is also kept every 10 sessions, to show its trend.
    """
    cold = cold or settled_memory(server, pool)
    trend = [cold[0]]
    warm = cold
    for i in range(1, count + 1):
        browser.time_to_usable(server.landing_url, DASHBOARD_READY)
        if i % 10 == 0 or i in (warmup, count):
            now = settled_memory(server, pool)
            if i == warmup:
                warm = now
            if i % 10 == 0:
                trend.append(now[0])
                log(f"{i}/{count} sessions, Voila process {now[0]:.0f} MiB")
    after = now if count else cold
    total = [sum(m[:2]) for m in (cold, warm, after)]
    return {
        "sessions": count,
        "warmup_sessions": warmup,
        "kernels_after": len(server.kernels()),
        "pool_size": pool,
        "memory_cold_mib": total[0],
        "memory_warm_mib": total[1],
        "memory_after_mib": total[2],
        "server_cold_mib": cold[0],
        "server_after_mib": after[0],
        "server_rss_every_10_mib": trend,
        "kernels_cold_mib": cold[1],
        "kernels_after_mib": after[1],
        "open_files_cold": cold[2],
        "open_files_after": after[2],
        "drift_from_cold": (total[2] - total[0]) / total[0],
        "server_drift_from_cold": (after[0] - cold[0]) / cold[0],
        "drift_after_warmup": (total[2] - total[1]) / total[1],
    }


def sessions_kept(ses: dict[str, Any]) -> bool:
    """The floor: the pool size kept, and the memory within 10 % of the cold start, with and
    without the kernels (counted alone, the server's growth cannot hide in a larger total)."""
    return ses["kernels_after"] == ses["pool_size"] and all(
        abs(ses[key]) <= FLOOR_SESSION_DRIFT
        for key in ("drift_from_cold", "server_drift_from_cold")
    )


# --- server-side load ---------------------------------------------------------------------------
def class_floor_s(seats: int) -> float:
    """The p95 floor for ``seats`` pages at once: 2 s per 30 seats (2 s for 30, 4 s for 60)."""
    return FLOOR_CLASS_P95_S_PER_30 * max(1.0, seats / 30)


def concurrent_pages(url: str, count: int, widget: bool = True) -> dict[str, Any]:
    """``count`` simultaneous GETs of the page, each timed until its full HTML has arrived and
    checked whole (with ``widget``: it carries the dashboard's widget). The whole pages' HTML
    is kept under ``pages``."""
    import httpx

    async def run() -> list[tuple[float, str | None, str]]:
        limits = httpx.Limits(max_connections=count, max_keepalive_connections=0)
        async with httpx.AsyncClient(timeout=180, limits=limits) as client:

            async def one() -> tuple[float, str | None, str]:
                began = time.perf_counter()
                body = ""
                try:
                    response = await client.get(url)
                    body = response.text
                    problem = page_problem(response.status_code, body, widget=widget)
                except httpx.HTTPError as exc:
                    problem = repr(exc)
                return time.perf_counter() - began, problem, body

            return await asyncio.gather(*(one() for _ in range(count)))

    results = run_coroutine(run())  # Playwright's sync API already runs a loop in this thread
    times = [t for t, _, _ in results]
    errors = [p for _, p, _ in results if p]
    return {
        "requests": count,
        "whole": count - len(errors),
        "p50_s": statistics.median(times),
        "p95_s": p95(times),
        "max_s": max(times),
        "errors": len(errors),
        "error_samples": errors[:3],
        "pages": [body for _, problem, body in results if not problem],
    }


def start_tabs(browser: Browser, url: str, count: int) -> list[tuple[Any, Any, float]]:
    """Send ``count`` Chromium tabs to ``url`` without waiting for them (so they join the
    burst of requests as students would): (context, page, when it started) each."""
    tabs = []
    for _ in range(count):
        context, page = browser.tab()
        page.goto("about:blank")
        tabs.append((context, page))
    started = []
    for context, page in tabs:
        page.evaluate("url => { window.location.href = url; }", url)
        started.append((context, page, time.perf_counter()))
    return started


def finish_tabs(browser: Browser, tabs: list[tuple[Any, Any, float]]) -> dict[str, Any]:
    """Wait for each tab of :func:`start_tabs` to show the first step's controls, usable (the
    dashboard's widget drew them); a tab that does not is an error."""
    times, errors = [], []
    for index, (context, page, began) in enumerate(tabs):
        try:
            context.set_default_timeout(90_000)
            browser.wait_usable(page, DASHBOARD_READY)  # drawn by the dashboard's widget
            times.append(time.perf_counter() - began)
        except Exception as exc:  # Playwright's TimeoutError and the like: the page is broken
            errors.append(f"tab {index}: {type(exc).__name__}")
        finally:
            browser.close(context, page)
    return {"opened": len(tabs), "usable": len(times), "usable_s": times, "errors": errors}


def workshop_from_cold(browser: Browser, make: Any, seats: int) -> dict[str, Any]:
    """``make workshop SEATS=seats`` just started: wait for the pool, then the class at once."""
    with make(f"workshop-{seats}", "workshop", seats=seats) as shop:
        began = time.perf_counter()
        shop.wait_settled(seats, timeout=1200, quiet=3)
        fill_s = time.perf_counter() - began
        pool_rss = sum(k.memory_info().rss for k in shop.kernels()) / MIB
        log(f"workshop: {seats} pages at once, {SAMPLED_PAGES} of them in Chromium")
        tabs = start_tabs(browser, shop.landing_url, SAMPLED_PAGES)
        burst = concurrent_pages(shop.landing_url, seats - SAMPLED_PAGES)
        burst.pop("pages")
        sampled = finish_tabs(browser, tabs)
        timeouts = shop.log_text().count("Timeout waiting for IOPub output")
    floor = class_floor_s(seats)
    whole = (
        burst["whole"] + sampled["usable"] - len([e for e in sampled["errors"] if "no widget" in e])
    )
    return {
        **burst,
        "requests": seats,
        "whole": whole,
        "seats": seats,
        "pool_fill_s": fill_s,
        "pool_rss_total_mib": pool_rss,
        "sampled": sampled,
        "iopub_timeouts_logged": timeouts,
        "floor_p95_s": floor,
        "ok": burst["errors"] == 0
        and whole == seats
        and burst["p95_s"] <= floor
        and sampled["usable"] == sampled["opened"] == SAMPLED_PAGES,
    }


# --- what the dashboard kernel imports ------------------------------------------------------------
IMPORTS_PROBE = """
import json, sys
import psutil
from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name="python3", cwd=sys.argv[1])
out = []
def hook(msg):
    if msg["msg_type"] == "stream":
        out.append(msg["content"]["text"])
def run(code):
    out.clear()
    reply = kc.execute_interactive(code, output_hook=hook, timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    return "".join(out)
pid = km.provisioner.process.pid
run("import sys; _before = {m.split('.')[0] for m in sys.modules}")
bare = psutil.Process(pid).memory_info().rss
run(sys.argv[2])
after = psutil.Process(pid).memory_info().rss
added = json.loads(run("import json; print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} - _before)))"))
kc.stop_channels()
km.shutdown_kernel(now=True)
print(json.dumps({"bare_kernel_mib": bare / 2**20, "after_mib": after / 2**20, "added": added}))
"""


def dashboard_imports() -> dict[str, Any]:
    """Run the dashboard's code cell in a plain kernel; list the packages it pulls in."""
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / "dashboard.ipynb", as_version=4)
    code = next(c.source for c in nb.cells if c.cell_type == "code")
    env = {**os.environ, "WORKBOOK_DATA": tempfile.mkdtemp(prefix="bench-imports-")}
    env.pop("WORKBOOK_SHARED", None)
    out = subprocess.run(
        [sys.executable, "-c", IMPORTS_PROBE, str(ROOT / "notebooks"), code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=300,
    )
    data = json.loads(out.stdout.strip().splitlines()[-1])
    data["heavy"] = [name for name in data["added"] if name in HEAVY]
    return data


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


if __name__ == "__main__":
    sys.exit(main())
