"""What bench/app.py measures, one function a measure: a student's page in Chromium, the chart's
redraws, kernel memory, sessions opened and closed in turn, a class's concurrent pages from a
cold start, and what the dashboard kernel imports. The floors are bench/app.py's docstring."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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
