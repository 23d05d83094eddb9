"""How the app is served: landing page, no request off the machine, kernels, pre-heating,
private folders, what a closed tab leaves behind.

Each test drives the real Voila server from scripts/serve.py with Debian's Chromium. The pool's
whole pages are in test_serving_pool.py, what one hostile client cannot do in
test_serving_guards.py.
"""

from __future__ import annotations

import json
import os
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from workbook.serving.harness import fetch

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]

# Sent over the kernel's websocket from the page, in the v1 protocol the pages speak (binary
# frames): an execute_request (which Voila must drop) and a kernel_info_request (which it must
# answer, proving the socket and the kernel were live).
PROBE_JS = """
async ({url, code}) => {
  const id = () => Math.random().toString(36).slice(2) + Date.now().toString(36);
  const session = id();
  const message = (type, content) => ({
    header: {msg_id: id(), username: "student", session, msg_type: type, version: "5.3",
             date: new Date().toISOString()},
    parent_header: {}, metadata: {}, content, channel: "shell", buffers: [],
  });
  const frame = (m) => {  // count, offsets (8 bytes each, little-endian), then the parts
    const enc = new TextEncoder();
    const parts = [m.channel, JSON.stringify(m.header), JSON.stringify(m.parent_header),
                   JSON.stringify(m.metadata), JSON.stringify(m.content)].map(p => enc.encode(p));
    const count = parts.length + 1;
    const offsets = [8 * (count + 1)];
    for (const p of parts) { offsets.push(offsets[offsets.length - 1] + p.length); }
    const bytes = new Uint8Array(offsets[offsets.length - 1]);
    const view = new DataView(bytes.buffer);
    view.setBigUint64(0, BigInt(count), true);
    offsets.forEach((o, i) => view.setBigUint64(8 * (i + 1), BigInt(o), true));
    parts.forEach((p, i) => bytes.set(p, offsets[i]));
    return bytes;
  };
  const read = (data) => {
    const view = new DataView(data);
    const count = Number(view.getBigUint64(0, true));
    const at = [];
    for (let i = 1; i <= count; i++) { at.push(Number(view.getBigUint64(8 * i, true))); }
    const part = (i) => JSON.parse(new TextDecoder().decode(
      new Uint8Array(data, at[i], at[i + 1] - at[i])));
    return {header: part(1), parent_header: part(2)};
  };
  const ws = new WebSocket(url, ["v1.kernel.websocket.jupyter.org"]);
  ws.binaryType = "arraybuffer";
  const seen = [];
  ws.onmessage = (event) => {
    try {
      const m = read(event.data);
      seen.push({type: m.header.msg_type, parent: m.parent_header.msg_id || null});
    } catch (e) { seen.push({type: "unreadable", parent: null}); }
  };
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  const execute = message("execute_request", {code, silent: false, store_history: false,
                          user_expressions: {}, allow_stdin: false, stop_on_error: true});
  const info = message("kernel_info_request", {});
  ws.send(frame(execute));
  ws.send(frame(info));
  const until = Date.now() + 15000;
  while (Date.now() < until && !seen.some(m => m.parent === info.header.msg_id
                                          && m.type === "kernel_info_reply")) {
    await new Promise(r => setTimeout(r, 100));
  }
  await new Promise(r => setTimeout(r, 2000));  // time for the code to run, had it been accepted
  ws.close();
  return {seen, execute: execute.header.msg_id, info: info.header.msg_id};
}
"""


def test_root_url_lands_on_the_dashboard(app: Any, open_tab: Any) -> None:
    """Does http://host:port/ open the dashboard, with its widgets usable?"""
    tab = open_tab().open(app.url + "/")
    assert tab.page.url == app.landing_url
    assert tab.page.title() == "Career Goals Workbook"
    assert tab.page.locator(".jupyter-widgets-error-widget").count() == 0


def test_the_page_shows_a_loading_indicator_while_it_runs(app: Any) -> None:
    """Does the HTML Voila streams start with a loading message before the cells arrive?"""
    with urllib.request.urlopen(app.landing_url, timeout=60) as response:
        html = response.read().decode("utf-8")
    loading = html.index('id="loading"')
    assert "Loading the Career Goals Workbook" in html[loading : loading + 3000]
    assert "dashboard()" not in html and "reopen_when_requested" not in html, (
        "sources must be stripped"
    )


def test_every_request_stays_on_this_machine(app: Any, open_tab: Any) -> None:
    """Do the dashboard, the chapters' start page and Voila's file list load everything from
    the local server only?"""
    tab = open_tab().open(app.url + "/")
    tab.page.wait_for_load_state("networkidle")
    tab.page.get_by_role("link", name="Open the chapters").click()
    tab.page.wait_for_url("**/voila/render/00-Start-Here.ipynb**")
    tab.page.get_by_role("heading", name="Contents").wait_for(state="visible", timeout=120_000)
    tab.page.goto(app.url + "/voila/tree")
    tab.page.locator(".voila-notebooks").wait_for(state="visible")
    tab.page.wait_for_load_state("networkidle")
    assert len(tab.log.requests) > 20, "the recorder saw too few requests to be trusted"
    assert tab.log.foreign_requests(app.port) == []


def test_the_chapters_are_one_click_from_the_dashboard_in_the_same_tab(
    app: Any, open_tab: Any
) -> None:
    """Does "Open the chapters" lead, in the same tab, to the start page whose contents list
    every chapter (and not the dashboard or a bare file list), each a link that opens here?"""
    tab = open_tab().open(app.url + "/")
    pages_before = len(tab.context.pages)
    tab.page.get_by_role("link", name="Open the chapters").click()
    tab.page.wait_for_url("**/voila/render/00-Start-Here.ipynb**")
    tab.page.get_by_role("heading", name="Contents").wait_for(state="visible", timeout=120_000)
    assert len(tab.context.pages) == pages_before  # no new tab
    hrefs = tab.page.eval_on_selector_all(
        "a[href$='.ipynb']", "els => els.map(e => [e.getAttribute('href'), e.target])"
    )
    chapters = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    linked = {href for href, _target in hrefs}
    assert set(chapters[1:]) <= linked, set(chapters[1:]) - linked
    assert "dashboard.ipynb" not in linked
    assert all(target in ("", "_self") for _href, target in hrefs)
    first = chapters[1]
    with tab.page.expect_navigation():
        tab.page.locator(f"a[href='{first}']").first.click()
    assert tab.page.url.endswith(f"/voila/render/{first}")


def test_the_dashboard_logs_no_javascript_errors(app: Any, open_tab: Any) -> None:
    """Does the dashboard load and settle without console errors or uncaught exceptions?"""
    tab = open_tab().open(app.url + "/")
    tab.page.wait_for_load_state("networkidle")
    tab.page.wait_for_timeout(500)
    assert tab.log.page_errors == []
    assert tab.log.console_errors == []


def test_voila_refuses_code_sent_from_the_browser(app: Any, open_tab: Any, tmp_path: Path) -> None:
    """Is an execute_request sent over the page's own kernel websocket dropped, not run?"""
    tab = open_tab().open(app.url + "/")
    target = tmp_path / "ran.txt"
    code = f"open({str(target)!r}, 'w').write('the kernel ran code sent by the browser')"
    url = f"ws://127.0.0.1:{app.port}/api/kernels/{tab.kernel_id()}/channels"
    result = tab.page.evaluate(PROBE_JS, {"url": url, "code": code})
    replies = {(m["type"], m["parent"]) for m in result["seen"]}
    assert ("kernel_info_reply", result["info"]) in replies, "the probe never reached the kernel"
    assert not any(parent == result["execute"] for _, parent in replies)
    assert not target.exists()
    assert 'type "execute_request", which is not allowed' in app.log_text()


def test_each_visitor_gets_their_own_kernel(app: Any, open_tab: Any) -> None:
    """Do two browsers (separate contexts) get two kernels, both with a usable dashboard?"""
    first = open_tab().open(app.url + "/")
    second = open_tab().open(app.url + "/")
    assert first.kernel_id() != second.kernel_id()
    first.page.locator(".wb-goal-title input").fill("Mine")
    second.page.wait_for_timeout(300)
    assert second.page.locator(".wb-goal-title input").input_value() == ""


def test_closing_a_tab_shuts_its_kernel_down(start_server: Any, open_tab: Any) -> None:
    """When a student closes the tab, does the kernel stop, leaving only the pre-heated one?"""
    server = start_server("app")
    server.wait_settled(1)
    tab = open_tab().open(server.url + "/")
    used = tab.kernel_id()
    tab.close()
    server.wait_settled(1, timeout=60)
    assert f"Kernel shutdown: {used}" in server.log_text()


def test_only_the_dashboard_is_pre_heated(start_server: Any, light_notebooks: Any) -> None:
    """With chapters beside it, does the app keep one warm kernel, for the dashboard alone?"""
    root = light_notebooks(["01-what-are-career-goals.ipynb", "02-smart-goals.ipynb"])
    server = start_server("app", root=root)
    server.wait_settled(1)
    time.sleep(2)  # a pool for the chapters would have started by now
    assert len(server.kernels()) == 1
    assert server.pool_fills("dashboard.ipynb") == 1
    assert server.pool_fills("01-what-are-career-goals.ipynb") == 0


def test_a_workshop_pre_heats_a_kernel_per_seat_without_memory(start_server: Any) -> None:
    """Does `workshop --seats N` warm N dashboard kernels, each told WORKBOOK_SHARED=1?"""
    server = start_server("workshop", seats=2)
    server.wait_settled(2, timeout=120)
    kernels = server.kernels()
    assert len(kernels) == 2
    assert all(k.environ().get("WORKBOOK_SHARED") == "1" for k in kernels)
    assert all("WORKBOOK_DATA" in k.environ() for k in kernels)


CHAPTERS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_renders_from_this_machine_alone(
    app: Any, open_tab: Any, chapter: str
) -> None:
    """Does each chapter page render, with every request local and no JavaScript error?"""
    tab = open_tab()
    tab.page.goto(f"{app.url}/voila/render/{chapter}")
    tab.page.locator("#rendered_cells").wait_for(state="visible")
    tab.page.wait_for_load_state("networkidle")
    assert tab.page.locator("#loading").count() == 0
    assert tab.page.locator(".jupyter-widgets-error-widget").count() == 0
    assert tab.log.foreign_requests(app.port) == []
    assert tab.log.page_errors == []
    assert tab.log.console_errors == []
    assert "Traceback" not in tab.page.locator("body").inner_text()


PRIVATE_URLS = [
    "/voila/render/instructor/class-report.ipynb",
    "/voila/render/%69nstructor/class-report.ipynb",  # percent-encoded "i"
    "/voila/render/./instructor/class-report.ipynb",
    "/voila/render/x/../instructor/class-report.ipynb",
    "/voila/tree/instructor",
    "/voila/tree/instructor/class-report.ipynb",
    "/voila/api/contents/instructor",
    "/voila/api/contents/instructor/class-report.ipynb",
    "/voila/files/instructor/class-report.ipynb",
]


def _private_folder_is_out_of_reach(server: Any) -> None:
    assert (ROOT / "notebooks" / "instructor" / "class-report.ipynb").exists()
    for path in PRIVATE_URLS:
        status, body = fetch(server.url + path)
        assert status in {403, 404}, (path, status)
        assert "Class report" not in body, path
    status, tree = fetch(server.url + "/voila/tree")
    assert status == 200 and "01-What-Are-Career-Goals.ipynb" in tree
    assert "instructor" not in tree.lower()
    status, listing = fetch(server.url + "/voila/api/contents")
    names = {entry["name"] for entry in json.loads(listing)["content"]}
    assert status == 200 and "dashboard.ipynb" in names and "instructor" not in names


def test_the_instructor_notebook_is_out_of_the_apps_reach(app: Any) -> None:
    """Does the app neither list nor render notebooks/instructor/ (the class report), whatever
    the spelling of the URL, while the chapters stay listed?"""
    _private_folder_is_out_of_reach(app)


def test_the_instructor_notebook_is_out_of_a_workshops_reach(start_server: Any) -> None:
    """Does a workshop server (the one a room of students shares) keep the class report out of
    its list and refuse to render or serve it?"""
    server = start_server("workshop", seats=1)
    _private_folder_is_out_of_reach(server)


# Run in a subprocess (Voila's initialize installs signal handlers and singletons): a real
# WorkbookVoila and its kernel manager, real kernels and real ZMQ streams, with the websocket
# disconnect of a closing tab (ZMQChannelsWebsocketConnection.disconnect -> start_buffering)
# happening while the kernel's shutdown is under way, the race a closed tab runs.
RELEASE_SCENARIO = """
import asyncio, json, logging, sys, tempfile
root = sys.argv[1]
from voila.request_info_handler import RequestInfoSocketHandler
from workbook.serving.app import WorkbookVoila

app = WorkbookVoila()
app.initialize([root + "/notebooks", "--Voila.config_file_paths=" + root])

def event_loggers():
    return sum(n.startswith("jupyter_events.logger.") for n in logging.Logger.manager.loggerDict)

async def main():
    manager = app.voila_configuration.multi_kernel_manager_class(
        parent=app, connection_dir=tempfile.mkdtemp())
    before = event_loggers()
    kernels = [await manager.start_kernel(kernel_name="python3") for _ in range(3)]
    started = event_loggers() - before
    kid = kernels[0]
    channels = {c: getattr(manager, "connect_" + c)(kid)
                for c in ("iopub", "shell", "control", "stdin")}
    RequestInfoSocketHandler._cache[kid] = {"REQUEST_URL": "/voila/render/dashboard.ipynb"}
    shutdown = asyncio.ensure_future(manager.shutdown_kernel(kid))
    await asyncio.sleep(0.05)
    racing = kid in manager and manager._kernel_connections.get(kid) == 0
    manager.start_buffering(kid, "closing-tab", channels)
    await shutdown
    result = {
        "racing": racing,
        "gone": kid not in manager,
        "buffered": kid in manager._kernel_buffers,
        "open_streams": sorted(c for c, s in channels.items() if not s.closed()),
        "request_info_kept": kid in RequestInfoSocketHandler._cache,
        "event_loggers_per_3_kernels": started,
    }
    await manager.shutdown_all(now=True)
    print(json.dumps(result))

asyncio.run(main())
"""


def test_a_tab_closed_mid_shutdown_leaves_no_open_channels(tmp_path: Path) -> None:
    """When a tab's websocket closes while its kernel is shutting down (jupyter_server then
    buffers the kernel's channels for a reconnect), are those ZMQ channels closed and the
    kernel's request info dropped once it is gone, and do kernels share one event logger
    instead of each leaving a logger behind?"""
    import subprocess
    import sys

    env = {**os.environ, "JUPYTER_PATH": str(ROOT / "share" / "jupyter"), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", RELEASE_SCENARIO, str(ROOT)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["racing"], "the disconnect did not fall inside the shutdown"
    assert result["gone"]
    assert result["buffered"] is False, result
    assert result["open_streams"] == []
    assert result["request_info_kept"] is False
    assert result["event_loggers_per_3_kernels"] == 0
