"""A class signing in to JupyterHub at once: whole dashboards, waiting time, memory per student.

``python bench/hub.py [--students N] [--deadline S]`` starts JupyterHub from
``deploy/jupyterhub_config.py`` (workbook.serving.hub, as scripts/hub.py: a class password and the simple spawner, as in
tests/test_hub.py), then N students (default 20) sign in over HTTP at the same moment, as
browsers do: the login form, then ``/user/<name>/`` until the hub has started their server and
their own dashboard page has been read to its end. It prints a table, writes
``bench/results/hub.json`` and exits 1 when a floor is not met.

Each student's outcome is one of:

* **whole**: HTTP 200 and the page carries the dashboard's widget
  (``application/vnd.jupyter.widget-view+json``), no error output;
* **told to reload**: the server answered with a plain message instead (a failure, not a hang);
* **broken**: any other answer (an error page, a page without the widget, a failed spawn);
* **hanging**: no complete page within ``--deadline`` seconds (a browser would spin forever).

Login -> dashboard is the time from posting the login form to the last byte of the dashboard,
median and p95 over the whole pages. Memory is PSS (shared pages split between the processes
sharing them) of each student's server with its kernels, taken once every page has come back;
the hub and the proxy are reported apart. The hub's log is searched for kernels that died or were
replaced, and each kernel's connection file for its transport (IPC cannot collide; TCP ports
picked by twenty servers at once did: ``ZMQError: Address already in use``).

Floor (2-core machine): N of N whole dashboards, none hanging. ``--config`` loads another copy
of the hub config (to compare with an older one); the results then say so.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil
import requests

from workbook.serving import hub as hub_script
from workbook.serving.harness import WIDGET_VIEW

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results" / "hub.json"
MIB = 2**20
PASSWORD = "class-password-for-the-bench"


def log(message: str) -> None:
    print(f"  [{time.strftime('%H:%M:%S')}] {message}", flush=True)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


@dataclass
class Outcome:
    name: str
    result: str = "hanging"  # whole | told to reload | broken | hanging
    seconds: float | None = None  # login posted -> last byte of the dashboard
    detail: str = ""
    bytes: int = 0


def student_signs_in(
    hub: Any, name: str, start: threading.Barrier, deadline_s: float, outcome: Outcome
) -> None:
    """One student: the login form, then their landing page until it is whole or time is up."""
    browser = requests.Session()
    try:
        xsrf = hub_script.login_form(hub, browser)
        start.wait(timeout=300)  # all at once; a student who could not get the form breaks it
        began = time.monotonic()
        answer = hub_script.sign_in(hub, browser, name, PASSWORD, xsrf=xsrf)
        if answer.status_code != 200:
            outcome.result, outcome.detail = "broken", f"login answered {answer.status_code}"
            return
        page = hub_script.open_landing(hub, browser, name, began + deadline_s)
    except (requests.RequestException, ValueError, threading.BrokenBarrierError) as error:
        outcome.result, outcome.detail = "broken", f"{type(error).__name__}: {error}"[:200]
        start.abort()  # the others go on without waiting for this one
        return
    outcome.bytes = len(page.text)
    if page.status == 0:
        outcome.result, outcome.detail = "broken", page.detail
    elif not page.complete:
        outcome.detail = f"{len(page.text)} bytes, {page.detail} after {deadline_s:.0f} s"
    else:
        outcome.seconds = time.monotonic() - began
        if page.whole:
            outcome.result = "whole"
        elif page.status >= 500 and "reload" in page.text.lower():
            outcome.result, outcome.detail = "told to reload", f"HTTP {page.status}"
        else:
            widget = "in" if WIDGET_VIEW in page.text else "missing"
            outcome.result, outcome.detail = "broken", f"HTTP {page.status}, widget {widget}"


def _pss(proc: psutil.Process) -> int:
    try:
        return proc.memory_full_info().pss
    except (psutil.Error, AttributeError):
        return 0


def memory(hub: Any, names: list[str]) -> dict[str, Any]:
    """PSS of each student's server and kernels, and of the hub with its proxy."""
    per_student = {name: 0 for name in names}
    kernels = {name: 0 for name in names}
    hub_mib = 0
    for proc in hub.processes():
        try:
            user = proc.environ().get("JUPYTERHUB_USER")
            is_kernel = "ipykernel_launcher" in " ".join(proc.cmdline())
        except psutil.Error:
            continue
        if user in per_student:
            per_student[user] += _pss(proc)
            kernels[user] += is_kernel
        else:
            hub_mib += _pss(proc)
    values = [v / MIB for v in per_student.values() if v]
    return {
        "student_median_mib": round(statistics.median(values), 1) if values else None,
        "student_max_mib": round(max(values), 1) if values else None,
        "students_total_mib": round(sum(values), 1),
        "hub_and_proxy_mib": round(hub_mib / MIB, 1),
        "kernels_per_student": sorted(set(kernels.values())),
    }


def kernel_transports(hub: Any) -> dict[str, int]:
    """How many running kernels talk over each transport (from their connection files)."""
    counts: dict[str, int] = {}
    for proc in hub.processes():
        try:
            cmd = proc.cmdline()
        except psutil.Error:
            continue
        if "-f" in cmd and "ipykernel_launcher" in " ".join(cmd):
            try:
                info = json.loads(Path(cmd[cmd.index("-f") + 1]).read_text())
            except (OSError, ValueError, IndexError):
                continue
            counts[info.get("transport", "?")] = counts.get(info.get("transport", "?"), 0) + 1
    return counts


def sign_in_at_once(hub: Any, names: list[str], deadline_s: float) -> list[Outcome]:
    """Every student signs in at the same moment (a barrier), each in a thread of their own."""
    outcomes = [Outcome(name) for name in names]
    start = threading.Barrier(len(names))
    threads = [
        threading.Thread(
            target=student_signs_in, args=(hub, o.name, start, deadline_s, o), daemon=True
        )
        for o in outcomes
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(deadline_s + 120)
    return outcomes


def log_events(hub_log: str) -> tuple[dict[str, int], dict[str, dict[str, float]]]:
    """What the hub's log tells: kernels that collided, died or were replaced; and where the
    time went (the hub starting each server, then the server rendering the page)."""
    events = {
        "address_in_use": hub_log.count("Address already in use"),
        "kernels_replaced": len(re.findall(r"Kernel \S+ .* replacing it", hub_log)),
        "kernels_died": len(
            re.findall(r"Kernel \S+ died|KernelRestarter: restarting kernel", hub_log)
        ),
    }
    started = [float(t) for t in re.findall(r"User \S+ took ([0-9.]+) seconds to start", hub_log)]
    rendered = [
        float(ms) / 1000
        for ms in re.findall(
            r"200 GET /user/\S+/voila/render/dashboard\.ipynb\S* .*? ([0-9.]+)ms", hub_log
        )
    ]
    phases = {
        name: {"median_s": round(statistics.median(v), 1), "p95_s": round(p95(v), 1)}
        for name, v in (("server_start", started), ("dashboard_render", rendered))
        if v
    }
    return events, phases


def print_report(result: dict[str, Any], outcomes: list[Outcome], floor_met: bool) -> None:
    students, mem = result["students"], result["memory"]
    print()
    print(f"  JupyterHub, {students} students signing in at once ({os.cpu_count()} cores)")
    print(f"  whole dashboards            {result['whole']} of {students}   (floor: all)")
    for kind in ("told to reload", "broken", "hanging"):
        print(f"  {kind:<27} {result[kind]}")
    if result["login_to_dashboard_median_s"] is not None:
        print(
            f"  login -> dashboard          median {result['login_to_dashboard_median_s']} s, "
            f"p95 {result['login_to_dashboard_p95_s']} s, max {result['login_to_dashboard_max_s']} s"
        )
    for name, v in result["phases"].items():
        print(f"  {name.replace('_', ' '):<27} median {v['median_s']} s, p95 {v['p95_s']} s")
    print(
        f"  memory (PSS) per student    median {mem['student_median_mib']} MiB, max "
        f"{mem['student_max_mib']} MiB; hub + proxy {mem['hub_and_proxy_mib']} MiB"
    )
    print(f"  kernel transports           {result['kernel_transports']}")
    print(f"  hub log                     {result['hub_log']}")
    print(f"  load average before/after   {result['load_before']} / {result['load_after']}")
    for o in outcomes:
        if o.result != "whole":
            print(f"  FAILED {o.name}: {o.result} {o.detail}")
    print(f"  floor {'met' if floor_met else 'NOT MET'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=20)
    parser.add_argument("--deadline", type=float, default=300.0, help="seconds before 'hanging'")
    parser.add_argument("--config", type=Path, default=hub_script.DEPLOY_CONFIG)
    args = parser.parse_args(argv)
    if hub_script.proxy_command() is None:
        print("configurable-http-proxy is missing: make .venv/node/.chp", file=sys.stderr)
        return 2
    names = [f"student{i:02d}" for i in range(1, args.students + 1)]
    load_before = os.getloadavg()
    folder = Path(tempfile.mkdtemp(prefix="bench-hub-"))
    hub = hub_script.LocalHub(folder, names, PASSWORD, config=args.config.resolve())
    try:
        log(f"starting JupyterHub ({args.config}), {args.students} students")
        hub.start()
        outcomes = sign_in_at_once(hub, names, args.deadline)
        log("every student has an answer (or ran out of time); measuring memory")
        mem = memory(hub, names)
        transports = kernel_transports(hub)
        hub_log = hub.log_text()
    finally:
        hub.stop()
        shutil.rmtree(folder, ignore_errors=True)
    load_after = os.getloadavg()

    times = [o.seconds for o in outcomes if o.result == "whole" and o.seconds is not None]
    counts = {
        kind: sum(o.result == kind for o in outcomes)
        for kind in ("whole", "told to reload", "broken", "hanging")
    }
    events, phases = log_events(hub_log)
    result = {
        "students": args.students,
        "config": str(args.config),
        **counts,
        "login_to_dashboard_median_s": round(statistics.median(times), 1) if times else None,
        "login_to_dashboard_p95_s": round(p95(times), 1) if times else None,
        "login_to_dashboard_max_s": round(max(times), 1) if times else None,
        "phases": phases,
        "memory": mem,
        "kernel_transports": transports,
        "hub_log": events,
        "failures": [asdict(o) for o in outcomes if o.result != "whole"],
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in load_after],
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }
    floor_met = counts["whole"] == args.students and counts["hanging"] == 0
    print_report(result, outcomes, floor_met)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if floor_met else 1


if __name__ == "__main__":
    sys.exit(main())
