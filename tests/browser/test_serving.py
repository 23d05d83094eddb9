"""How the app is served: landing page, no request off the machine, kernels, pools, refusals.

Each test drives the real Voila server from scripts/serve.py with Debian's Chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]

# Sent over the kernel's websocket from the page: an execute_request (which Voila must drop) and
# a kernel_info_request (which it must answer, proving the socket and the kernel were live).
PROBE_JS = """
async ({url, code}) => {
  const id = () => Math.random().toString(36).slice(2) + Date.now().toString(36);
  const session = id();
  const message = (type, content) => ({
    header: {msg_id: id(), username: "student", session, msg_type: type, version: "5.3",
             date: new Date().toISOString()},
    parent_header: {}, metadata: {}, content, channel: "shell", buffers: [],
  });
  const ws = new WebSocket(url);
  const seen = [];
  ws.onmessage = (event) => {
    try {
      const m = JSON.parse(event.data);
      seen.push({type: m.header.msg_type, parent: m.parent_header.msg_id || null});
    } catch (e) { seen.push({type: "unreadable", parent: null}); }
  };
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
  const execute = message("execute_request", {code, silent: false, store_history: false,
                          user_expressions: {}, allow_stdin: false, stop_on_error: true});
  const info = message("kernel_info_request", {});
  ws.send(JSON.stringify(execute));
  ws.send(JSON.stringify(info));
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
    """Do the dashboard and the chapter list load everything from the local server only?"""
    tab = open_tab().open(app.url + "/")
    tab.page.wait_for_load_state("networkidle")
    tab.page.get_by_role("link", name="Open the chapters").click()
    tab.page.wait_for_url("**/voila/tree**")
    tab.page.locator(".voila-notebooks").wait_for(state="visible")
    tab.page.wait_for_load_state("networkidle")
    assert len(tab.log.requests) > 20, "the recorder saw too few requests to be trusted"
    assert tab.log.foreign_requests(app.port) == []


def test_the_chapter_list_is_one_click_from_the_dashboard(app: Any, open_tab: Any) -> None:
    """Does the dashboard link to a list of every notebook, chapters included?"""
    tab = open_tab().open(app.url + "/")
    tab.page.get_by_role("link", name="Open the chapters").click()
    tab.page.wait_for_url("**/voila/tree**")
    listed = {name.strip() for name in tab.page.locator(".voila-notebooks a").all_inner_texts()}
    expected = {p.name for p in (ROOT / "notebooks").glob("*.ipynb")}
    assert expected <= listed, expected - listed
    assert {name for name in listed if name.endswith(".ipynb")} == expected


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


def _stand_in(path: Path) -> None:
    shutil.copy(ROOT / "bench" / "baseline.ipynb", path)


def test_only_the_dashboard_is_pre_heated(start_server: Any, tmp_path: Path) -> None:
    """With chapters beside it, does the app keep one warm kernel, for the dashboard alone?"""
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copy(ROOT / "notebooks" / "dashboard.ipynb", root / "dashboard.ipynb")
    for name in ("01-what-are-career-goals.ipynb", "02-smart-goals.ipynb"):
        _stand_in(root / name)
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


def _status(url: str) -> tuple[int, str]:
    """HTTP status and body of a GET, the path sent exactly as written (no normalising)."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    try:
        connection.request("GET", parts.path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _private_folder_is_out_of_reach(server: Any) -> None:
    assert (ROOT / "notebooks" / "instructor" / "class-report.ipynb").exists()
    for path in PRIVATE_URLS:
        status, body = _status(server.url + path)
        assert status in {403, 404}, (path, status)
        assert "Class report" not in body, path
    status, tree = _status(server.url + "/voila/tree")
    assert status == 200 and "01-What-Are-Career-Goals.ipynb" in tree
    assert "instructor" not in tree.lower()
    status, listing = _status(server.url + "/voila/api/contents")
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
import asyncio, importlib.util, json, logging, sys, tempfile
root = sys.argv[1]
spec = importlib.util.spec_from_file_location("workbook_serve", root + "/scripts/serve.py")
serve = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = serve
spec.loader.exec_module(serve)
from voila.request_info_handler import RequestInfoSocketHandler

app = serve._voila_class()()
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
