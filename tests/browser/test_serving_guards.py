"""One hostile or broken client must not take the class down (issue 10): the legacy websocket
protocol and malformed frames are refused, kernels no page connects to are shut down, odd URLs
answer 4xx, and a full room says so politely.

Real Voila servers from scripts/serve.py (workbook.serving.harness), real kernels, real
websocket clients sending exactly what a prober sent.
"""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from workbook.serving.harness import WIDGET_VIEW, fetch, page_kernel_id, run_coroutine

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: light stand-in chapters beside the dashboard (the light_notebooks fixture)
CHAPTER_NAMES = ["01-chapter.ipynb", "02-chapter.ipynb", "03-chapter.ipynb"]


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


def _timed_get(url: str) -> float:
    began = time.perf_counter()
    status, _ = fetch(url)
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
    status, victim = fetch(server.landing_url)
    assert status == 200 and victim.count(WIDGET_VIEW) == 1
    status, other = fetch(server.landing_url)
    assert status == 200
    voila = psutil.Process(server.process.pid)
    before = voila.memory_info().rss
    took: dict[str, list[float]] = {"before": [], "probe": []}
    phase = ["before"]
    stop = threading.Event()

    def another_student() -> None:
        while not stop.is_set():
            took[phase[0]].append(_timed_get(f"{server.url}/api/kernels/{page_kernel_id(other)}"))
            took[phase[0]].append(_timed_get(f"{server.url}/voila/tree"))
            time.sleep(0.1)

    watcher = threading.Thread(target=another_student)
    watcher.start()
    url = f"ws://127.0.0.1:{server.port}/api/kernels/{page_kernel_id(victim)}/channels"
    try:
        time.sleep(2)
        phase[0] = "probe"
        legacy = run_coroutine(_ask_for_every_widget_state(url + "?session_id=probe", v1=False))
        malformed = run_coroutine(_send_raw(url, (2**62).to_bytes(8, "little") + b"\0" * 64))
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
    v1 = run_coroutine(_ask_for_every_widget_state(url + "?session_id=probe", v1=True, seconds=60))
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


def test_kernels_no_page_connects_to_are_shut_down(
    start_server: Any, light_notebooks: Any, open_tab: Any
) -> None:
    """Do plain GETs of chapter pages (no browser ever connects) leave no kernel behind once
    the unclaimed timeout has passed, while a chapter open in a browser keeps its kernel?"""
    root = light_notebooks(CHAPTER_NAMES)
    timeout = ["--GuardedKernelManager.unclaimed_timeout=4"]
    server = start_server(
        "app", root=root, voila_args=[*timeout, "--GuardedKernelManager.unclaimed_interval=1"]
    )
    server.wait_settled(1)
    tab = open_tab()
    tab.page.goto(f"{server.url}/voila/render/01-chapter.ipynb")
    tab.wait_ready(".wb-baseline")
    kept = tab.kernel_id()
    unclaimed = set()
    for number in (1, 2, 3):
        status, body = fetch(f"{server.url}/voila/render/{number:02d}-chapter.ipynb")
        assert status == 200
        unclaimed.add(page_kernel_id(body))
    # each GET started a kernel of its own (under load, the first may already be gone: its
    # 4 s can pass while the next pages render, so they are counted by id, not by process)
    assert len(unclaimed) == 3 and kept not in unclaimed
    deadline = time.monotonic() + 30
    while len(server.kernels()) > 2 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert len(server.kernels()) == 2  # the pool's and the open tab's
    server.kernel(kept)  # still there
    log = server.log_text()
    assert log.count("no page connected within 4 s") == 3
    assert all(f"Kernel {kernel_id}: no page connected" in log for kernel_id in unclaimed)


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
    answers = {path: fetch(app.url + path) for path in ODD_URLS}
    wrong = {path: status for path, (status, _) in answers.items() if not 400 <= status < 500}
    assert wrong == {}
    assert not any("root:x:0:0" in body for _, body in answers.values())
    assert fetch(app.url + "/voila/tree")[0] == 200


def test_a_full_room_says_so_politely(start_server: Any, light_notebooks: Any) -> None:
    """With the kernel cap reached, does another page get a friendly 'room is full' page (HTTP
    503) instead of a kernel, while the server keeps answering, and is a seat free again once
    a kernel is gone?"""
    root = light_notebooks(CHAPTER_NAMES)
    unclaimed = ["--GuardedKernelManager.unclaimed_timeout=6"]
    server = start_server(
        "app",
        root=root,
        max_kernels=3,
        voila_args=[*unclaimed, "--GuardedKernelManager.unclaimed_interval=1"],
    )
    server.wait_settled(1)
    pages = [fetch(f"{server.url}/voila/render/{n:02d}-chapter.ipynb") for n in (1, 2, 3)]
    assert [status for status, _ in pages[:2]] == [200, 200]
    status, body = pages[2]
    assert status == 503
    assert "The room is full" in body and "try again in a minute" in body
    assert "Traceback" not in body
    status, body = fetch(server.landing_url)  # the pool's kernel is one of the three
    assert status == 200 and body.count(WIDGET_VIEW) == 1
    assert len(server.kernels()) <= 3
    assert fetch(f"{server.url}/voila/tree")[0] == 200
    assert "Room full: 3 kernels" in server.log_text()
    # nobody opened those pages in a browser: their kernels go, and the seats come back
    deadline = time.monotonic() + 30
    while server.kernels() and time.monotonic() < deadline:
        time.sleep(0.5)
    status, body = fetch(f"{server.url}/voila/render/03-chapter.ipynb")
    assert status == 200 and "The room is full" not in body
