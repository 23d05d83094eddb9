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


# --- a class from a cold start: every pre-rendered page whole -------------------------------------
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def _kernel_id(html: str) -> str:
    """The page's kernel, from the config data Voila writes into it."""
    import re

    found = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html)
    assert found, "no kernel id in the page"
    return found.group(1)


def _get_all(url: str, count: int) -> list[tuple[int, str]]:
    """``count`` GETs of ``url`` at the same moment: (status, body) each."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(lambda _: _status(url), range(count)))


def test_a_pool_filled_on_busy_cores_hands_out_whole_pages(start_server: Any) -> None:
    """With more pre-heated dashboards than two cores can run at once (Voila alone ran them all
    together and lost every widget to its output timeout), does each of the class's concurrent
    pages carry the dashboard's widget, with no cell failed or timed out?"""
    seats = 16
    server = start_server("workshop", seats=seats)
    server.wait_settled(seats, timeout=600, quiet=3)
    pages = _get_all(server.landing_url, seats)
    assert [status for status, _ in pages] == [200] * seats
    assert [body.count(WIDGET_VIEW) for _, body in pages] == [1] * seats
    assert not any("There was an error" in body or "timed out" in body for _, body in pages)
    assert len({_kernel_id(body) for _, body in pages}) == seats
    log = server.log_text()
    assert "Timeout waiting for IOPub output" not in log
    assert server.pool_fills() == 1


# every other kernel fails the cell (a counter shared through WORKBOOK_DATA), as a kernel whose
# output timed out under load would: its page must never reach a student
FLAKY_CELL = """\
import fcntl, os, pathlib
import ipywidgets as widgets
with open(pathlib.Path(os.environ["WORKBOOK_DATA"]) / "runs", "a+") as runs:
    fcntl.flock(runs, fcntl.LOCK_EX)
    runs.seek(0)
    earlier = len(runs.read())
    runs.write("x")
if earlier % 2 == 0:
    raise RuntimeError("this kernel's page is broken on purpose")
widgets.Button(description="whole").add_class("wb-baseline")
"""


def test_a_request_before_the_first_kernel_starts_waits_for_the_pool(tmp_path: Path) -> None:
    """On a cold server, before any pooled kernel has started (the moment a class arrives), does
    Voila's handler take the pool's next whole page for a pooled notebook, rather than render
    a live page beside the pool, unchecked (a failed cell reached a student that way)?"""
    import asyncio

    import nbformat
    from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
    from traitlets.config import Configurable
    from voila.handler import VoilaHandler
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    from workbook.serving import whole_page_pool

    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "pooled.ipynb")
    nbformat.write(nbformat.v4.new_notebook(), tmp_path / "other.ipynb")
    app = Configurable()
    for name, value in {"root_dir": str(tmp_path), "notebook_path": None, "base_url": "/"}.items():
        setattr(app, name, value)
    app.server_url, app.port = "/", 8866  # type: ignore[attr-defined]

    class NeverStarts(
        whole_page_pool(voila_kernel_manager_factory(AsyncMappingKernelManager, True, 1))
    ):  # type: ignore[misc]
        async def _initialize(
            self, notebook_path: str, kernel_id: str | None = None, **kwargs: Any
        ) -> Any:
            await asyncio.Event().wait()  # a kernel still starting

    async def decide() -> tuple[bool, bool, dict]:
        manager = NeverStarts(
            parent=app,
            root_dir=str(tmp_path),
            kernel_pools_config={"default": {"pool_size": 0}, "pooled.ipynb": {"pool_size": 2}},
        )
        await asyncio.sleep(0.05)  # the fill has begun; no kernel has started
        tasks = [task for pool in manager._pools.values() for task in pool]

        def chosen(name: str) -> bool:
            data = manager.notebook_data.get(name, {})
            size = manager.get_pool_size(name)
            return bool(VoilaHandler.should_use_rendered_notebook(None, data, size, None, None, {}))

        try:
            return chosen("pooled.ipynb"), chosen("other.ipynb"), dict(manager.notebook_data)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

    pooled, other, recorded = asyncio.run(decide())
    assert pooled, "a request on a cold server would be rendered live, unchecked"
    assert not other, "a notebook without a pool must still render live"
    assert recorded == {}, "nothing is recorded for a notebook until its kernel starts"


def test_a_page_whose_cell_failed_is_never_handed_out(
    start_server: Any, tmp_path: Path, open_tab: Any
) -> None:
    """When a pre-heated kernel's notebook fails, does the student get the next kernel's whole
    page (the broken kernel shut down) rather than the broken one?"""
    import nbformat

    root = tmp_path / "flaky"
    root.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLAKY_CELL)])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, root / "flaky.ipynb")
    server = start_server("app", root=root, landing="flaky.ipynb", pool=2)
    for _ in range(3):
        status, body = _status(server.landing_url)
        assert status == 200
        assert "There was an error" not in body and "broken on purpose" not in body
        assert body.count(WIDGET_VIEW) == 1
    tab = open_tab().open(server.landing_url, ready=".wb-baseline")
    assert tab.page.locator(".wb-baseline").inner_text() == "whole"
    log = server.log_text()
    assert log.count("has an incomplete page") >= 3
    assert "its page is not whole" in log
    assert log.count("Using pre-heated kernel") == 4, "every page, the first too, is from the pool"


# --- one hostile or broken client --------------------------------------------------------------
def _legacy_message(msg_type: str, content: dict) -> str:
    """A kernel message as the legacy (no subprotocol) websocket protocol sends it: JSON text."""
    import uuid

    header = {
        "msg_id": uuid.uuid4().hex,
        "username": "probe",
        "session": "probe",
        "msg_type": msg_type,
        "version": "5.3",
        "date": "2026-01-01T00:00:00Z",
    }
    return json.dumps(
        {
            "header": header,
            "parent_header": {},
            "metadata": {},
            "content": content,
            "channel": "shell",
            "buffers": [],
        }
    )


def _v1_frame(msg_type: str, content: dict) -> bytes:
    from jupyter_server.services.kernels.connection.base import serialize_msg_to_ws_v1

    message = json.loads(_legacy_message(msg_type, content))
    return serialize_msg_to_ws_v1(message, "shell", lambda part: json.dumps(part).encode())


def _v1_read(frame: bytes) -> dict:
    from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1

    channel, parts = deserialize_msg_from_ws_v1(frame)
    names = ("header", "parent_header", "metadata", "content")
    message = {name: json.loads(part) for name, part in zip(names, parts, strict=False)}
    return {**message, "channel": channel, "buffers": parts[4:]}


async def _ask_for_every_widget_state(url: str, v1: bool, seconds: float = 20) -> dict[str, Any]:
    """The probe from the issue: connect to a page's kernel, ask for the comms
    (comm_info_request), then ``request_state`` for each; report what came back."""
    import asyncio

    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import WebSocketClosedError, websocket_connect

    protocols = ["v1.kernel.websocket.jupyter.org"] if v1 else None
    try:
        ws = await websocket_connect(HTTPRequest(url), subprotocols=protocols)
    except HTTPClientError as exc:
        return {"refused": exc.code, "states": 0, "buffers": 0}
    send = (lambda t, c: ws.write_message(_v1_frame(t, c), binary=True)) if v1 else None
    send = send or (lambda t, c: ws.write_message(_legacy_message(t, c)))
    states = buffers = 0
    comms: dict = {}
    deadline = asyncio.get_running_loop().time() + seconds
    try:
        await send("comm_info_request", {"target_name": "jupyter.widget"})
        while asyncio.get_running_loop().time() < deadline:
            left = deadline - asyncio.get_running_loop().time()
            try:
                raw = await asyncio.wait_for(ws.read_message(), left)
            except TimeoutError:
                break
            if raw is None:
                break
            if isinstance(raw, bytes) and not v1:
                continue  # a legacy binary frame: the reply the server used to choke on
            message = _v1_read(raw) if v1 else json.loads(raw)
            kind = message["header"]["msg_type"]
            if kind == "comm_info_reply" and not comms:
                comms = message["content"].get("comms", {})
                for comm_id in comms:
                    await send(
                        "comm_msg", {"comm_id": comm_id, "data": {"method": "request_state"}}
                    )
            elif kind == "comm_msg" and message["content"]["data"].get("method") == "update":
                states += 1
                buffers += bool(message.get("buffers"))
                if states == len(comms):
                    break
    except WebSocketClosedError:
        pass
    finally:
        ws.close()
    return {"refused": None, "comms": len(comms), "states": states, "buffers": buffers}


def _run(coroutine: Any) -> Any:
    """Run a coroutine to the end in a thread of its own (Playwright's sync API may already run
    an event loop in this one)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _timed_get(url: str) -> float:
    began = time.perf_counter()
    status, _ = _status(url)
    assert status == 200, (url, status)
    return time.perf_counter() - began


def test_a_legacy_websocket_client_cannot_freeze_the_class(start_server: Any) -> None:
    """A client asking a page's widgets for their state over the legacy websocket protocol once
    froze the server (memory to gigabytes); is it refused, while another student's requests
    keep answering within a second (beyond what they took just before, on this shared machine)
    and the server's memory grows by less than 50 MiB? Is a malformed v1 frame refused too, and
    does the pages' own protocol (v1) still get every widget's state?"""
    import threading

    import psutil

    server = start_server("workshop", seats=2)
    server.wait_settled(2, timeout=180)
    status, victim = _status(server.landing_url)
    assert status == 200 and victim.count(WIDGET_VIEW) == 1
    status, other = _status(server.landing_url)
    assert status == 200
    voila = psutil.Process(server.process.pid)
    before = voila.memory_info().rss
    took: dict[str, list[float]] = {"before": [], "probe": []}
    phase = ["before"]
    stop = threading.Event()

    def another_student() -> None:
        while not stop.is_set():
            took[phase[0]].append(_timed_get(f"{server.url}/api/kernels/{_kernel_id(other)}"))
            took[phase[0]].append(_timed_get(f"{server.url}/voila/tree"))
            time.sleep(0.1)

    watcher = threading.Thread(target=another_student)
    watcher.start()
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{_kernel_id(victim)}/channels"
    try:
        time.sleep(2)
        phase[0] = "probe"
        legacy = _run(_ask_for_every_widget_state(url + "?session_id=probe", v1=False))
        malformed = _run(_send_raw(url, (2**62).to_bytes(8, "little") + b"\0" * 64))
        time.sleep(3)
        grown = (voila.memory_info().rss - before) / 2**20
    finally:
        stop.set()
        watcher.join(30)
    assert legacy["refused"] == 400, legacy
    assert malformed == "closed"
    assert grown < 50, f"the server grew by {grown:.0f} MiB"
    assert len(took["before"]) >= 4 and len(took["probe"]) >= 10, took
    assert max(took["probe"]) < 1.0 + max(took["before"]), took
    log = server.log_text()
    assert "without the v1.kernel.websocket.jupyter.org subprotocol" in log
    assert "sent a malformed message" in log
    # the protocol the pages speak still gets every state, buffers included
    v1 = _run(_ask_for_every_widget_state(url + "?session_id=probe", v1=True, seconds=60))
    assert v1["comms"] > 100 and v1["states"] == v1["comms"] and v1["buffers"] >= 1, v1


async def _send_raw(url: str, frame: bytes) -> str:
    """Send one binary frame over the v1 protocol; 'closed' if the server hung up on it."""
    import asyncio

    from tornado.websocket import websocket_connect

    ws = await websocket_connect(url, subprotocols=["v1.kernel.websocket.jupyter.org"])
    await ws.write_message(frame, binary=True)
    try:
        while True:
            if await asyncio.wait_for(ws.read_message(), 10) is None:
                return "closed"
    except TimeoutError:
        return "open"
    finally:
        ws.close()


def _chapters_root(tmp_path: Path, count: int = 3) -> Path:
    """A notebooks folder: the dashboard and ``count`` light stand-in chapters."""
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copy(ROOT / "notebooks" / "dashboard.ipynb", root / "dashboard.ipynb")
    for number in range(1, count + 1):
        _stand_in(root / f"{number:02d}-chapter.ipynb")
    return root


def test_kernels_no_page_connects_to_are_shut_down(
    start_server: Any, tmp_path: Path, open_tab: Any
) -> None:
    """Do plain GETs of chapter pages (no browser ever connects) leave no kernel behind once
    the unclaimed timeout has passed, while a chapter open in a browser keeps its kernel?"""
    root = _chapters_root(tmp_path)
    timeout = ["--GuardedKernelManager.unclaimed_timeout=4"]
    server = start_server(
        "app", root=root, voila_args=[*timeout, "--GuardedKernelManager.unclaimed_interval=1"]
    )
    server.wait_settled(1)
    tab = open_tab()
    tab.page.goto(f"{server.url}/voila/render/01-chapter.ipynb")
    tab.wait_ready(".wb-baseline")
    kept = tab.kernel_id()
    for number in (1, 2, 3):
        status, _ = _status(f"{server.url}/voila/render/{number:02d}-chapter.ipynb")
        assert status == 200
    assert len(server.kernels()) == 5
    deadline = time.monotonic() + 30
    while len(server.kernels()) > 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(server.kernels()) == 2  # the pool's and the open tab's
    server.kernel(kept)  # still there
    assert server.log_text().count("no page connected within 4 s") == 3


ODD_URLS = [
    "/voila/render/instructor/class-report.ipynb%00",
    "/voila/render/dashboard.ipynb%00",
    "/voila/render/%00",
    "/voila/templates/../../etc/passwd",
    "/voila/templates/..%2F..%2Fetc%2Fpasswd",
    "/voila/static/..%2F..%2Fetc%2Fpasswd",
    "/voila/files/%00",
    "/voila/tree/%00",
    "/logout",
    "/login",
    "/voila/api/shutdown/%00",
]


def test_odd_urls_answer_4xx_not_500(app: Any) -> None:
    """Do malformed or probing URLs (a NUL byte, ../ out of the templates, /logout) get a 4xx
    answer, never a 500, and never a file from outside the app?"""
    answers = {path: _status(app.url + path) for path in ODD_URLS}
    wrong = {path: status for path, (status, _) in answers.items() if not 400 <= status < 500}
    assert wrong == {}
    assert not any("root:x:0:0" in body for _, body in answers.values())
    assert _status(app.url + "/voila/tree")[0] == 200


def test_a_full_room_says_so_politely(start_server: Any, tmp_path: Path) -> None:
    """With the kernel cap reached, does another page get a friendly 'room is full' page (HTTP
    503) instead of a kernel, while the server keeps answering, and is a seat free again once
    a kernel is gone?"""
    root = _chapters_root(tmp_path)
    unclaimed = ["--GuardedKernelManager.unclaimed_timeout=6"]
    server = start_server(
        "app",
        root=root,
        max_kernels=3,
        voila_args=[*unclaimed, "--GuardedKernelManager.unclaimed_interval=1"],
    )
    server.wait_settled(1)
    pages = [_status(f"{server.url}/voila/render/{n:02d}-chapter.ipynb") for n in (1, 2, 3)]
    assert [status for status, _ in pages[:2]] == [200, 200]
    status, body = pages[2]
    assert status == 503
    assert "The room is full" in body and "try again in a minute" in body
    assert "Traceback" not in body
    status, body = _status(server.landing_url)  # the pool's kernel is one of the three
    assert status == 200 and body.count(WIDGET_VIEW) == 1
    assert len(server.kernels()) <= 3
    assert _status(f"{server.url}/voila/tree")[0] == 200
    assert "Room full: 3 kernels" in server.log_text()
    # nobody opened those pages in a browser: their kernels go, and the seats come back
    deadline = time.monotonic() + 30
    while server.kernels() and time.monotonic() < deadline:
        time.sleep(0.5)
    status, body = _status(f"{server.url}/voila/render/03-chapter.ipynb")
    assert status == 200 and "The room is full" not in body
