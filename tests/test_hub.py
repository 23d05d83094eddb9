"""Serving a class with JupyterHub: a real hub, three students, each alone with their own work,
and two more whose kernels die before answering, whose pages must still end.

The hub tests start JupyterHub from ``deploy/jupyterhub_config.py`` in a subprocess, on free
ports in a temporary folder, with the proxy ``scripts/install-chp.sh`` installs, through
``workbook.serving.hub`` (which scripts/hub.py and bench/hub.py use too). Only what a test machine needs differs from a
deployment, through the config's own settings and a few overrides: a class password
(``shared-password``) and the ``simple`` spawner, which runs every student's server as the test's
own user in a home under the temporary folder. The students sign in over HTTP like a browser
(cookies, ``_xsrf``), and their saves run in kernels of their own servers. The dying kernels are
real kernelspecs in those students' homes (tests/_dying_kernel.py), so their servers run the
deployment's classes unchanged.

Without the proxy the hub tests skip, unless ``WORKBOOK_REQUIRE_HUB`` is set (``make test``
sets it), when they fail instead. Every process they start is stopped, even after a failure.
"""

from __future__ import annotations

import json
import os
import re
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import psutil
import pytest
import requests
import websocket
import yaml

from workbook.serving import KERNEL_PROTOCOL
from workbook.serving import hub as hub_script

ROOT = Path(__file__).resolve().parent.parent
Z2JH_VALUES = ROOT / "deploy" / "z2jh-values.yaml"
PASSWORD = "class-password-for-the-test"
STUDENTS = ("alice", "bob", "carol")
#: students whose kernels die before answering: dave's once (the replacement must render),
#: erin's every time (the page must say so plainly, never load forever)
DYING = {"dave": 1, "erin": 1000}
START_SECONDS = 90  # a cold hub plus three servers on a busy 2-core machine
HTTP_SECONDS = 60


DEPLOY_CONFIG = hub_script.DEPLOY_CONFIG
LANDING = hub_script.LANDING
Hub = hub_script.LocalHub
Landing = hub_script.Landing


# --- the hub ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """A running JupyterHub with the deployment's config; stopped with everything it started."""
    if hub_script.proxy_command() is None:
        reason = (
            "configurable-http-proxy (npm) is not installed: run `bash scripts/install-chp.sh` "
            "(make test does)"
        )
        if os.environ.get("WORKBOOK_REQUIRE_HUB"):
            pytest.fail(reason + "; WORKBOOK_REQUIRE_HUB is set, so the hub tests may not skip")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("hub")
    # Set on the hub only to show they never reach a student's server:
    only_the_hubs = {"WORKBOOK_SHARED": "1", "WORKBOOK_DATA": str(folder / "the-hubs-own-folder")}
    # the dying students' kernelspecs sit in their homes, which a virtual environment's own
    # kernelspecs otherwise come before (jupyter_core's prefer-environment rule)
    user_first = 'c.Spawner.environment["JUPYTER_PREFER_ENV_PATH"] = "0"\n'
    running = Hub(folder, [*STUDENTS, *DYING], PASSWORD, env=only_the_hubs, extra_config=user_first)
    for name, deaths in DYING.items():
        _install_dying_kernel(running.home(name), deaths)
    try:
        running.start(timeout=START_SECONDS)
    except (RuntimeError, TimeoutError) as error:
        pytest.fail(str(error))
    try:
        yield running
    finally:
        running.stop()


def _install_dying_kernel(home: Path, deaths: int) -> None:
    """A ``python3`` kernelspec in this student's home (found before the system's) whose
    kernel exits before answering its first ``deaths`` starts, as one whose port was taken."""
    spec = home / ".local" / "share" / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, str(ROOT / "tests" / "_dying_kernel.py"), str(home / "deaths")]
    argv += [str(deaths), "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Python 3", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel))


# --- students --------------------------------------------------------------------------------
@dataclass
class Student:
    name: str
    browser: requests.Session
    landing: Landing | None = None
    token: str = ""
    saved: dict[str, Any] = field(default_factory=dict)


def _sign_in(hub: Hub, browser: requests.Session, name: str, password: str) -> requests.Response:
    """Fill in the hub's login form as a browser does."""
    return hub_script.sign_in(hub, browser, name, password, timeout=HTTP_SECONDS)


def _open_landing_page(hub: Hub, student: Student, seconds: float = START_SECONDS) -> Landing:
    """Follow the student's URL until their server is up and the dashboard has come in, or fail
    (never wait forever: a page that keeps loading is a failure too)."""
    page = hub_script.open_landing(hub, student.browser, student.name, time.monotonic() + seconds)
    if not page.complete:
        pytest.fail(f"{student.name}: {page.detail} after {seconds} s:\n{hub.log_tail()}")
    return page


def _new_token(hub: Hub, student: Student) -> str:
    """A token made by the signed-in student, as the hub's token page does (cookie + _xsrf)."""
    made = student.browser.post(
        f"{hub.url}/hub/api/users/{student.name}/tokens",
        json={"note": "test_hub", "expires_in": 900},
        headers={"X-XSRFToken": student.browser.cookies.get("_xsrf", path="/hub/")},
        timeout=HTTP_SECONDS,
    )
    assert made.status_code == 201, made.text
    return made.json()["token"]


@pytest.fixture(scope="module")
def students(hub: Hub) -> dict[str, Student]:
    """The three students signed in, their servers started and their landing pages loaded."""
    signed_in = {}
    for name in STUDENTS:  # sign-in starts each server; they come up side by side
        student = Student(name, requests.Session())
        answer = _sign_in(hub, student.browser, name, PASSWORD)
        assert answer.status_code == 200, (answer.status_code, answer.url)
        signed_in[name] = student
    for student in signed_in.values():
        student.landing = _open_landing_page(hub, student)
        student.token = _new_token(hub, student)
    return signed_in


def run_in_kernel(hub: Hub, name: str, token: str, code: str) -> str:
    """Run code in a new kernel of ``name``'s server (Jupyter's REST and websocket APIs)."""
    auth = {"Authorization": f"token {token}"}
    api = f"{hub.url}/user/{name}/api/kernels"
    started = requests.post(api, json={"name": "python3"}, headers=auth, timeout=HTTP_SECONDS)
    assert started.status_code == 201, (started.status_code, started.text)
    kernel = started.json()["id"]
    channel = websocket.create_connection(
        f"{hub.url.replace('http', 'ws', 1)}/user/{name}/api/kernels/{kernel}/channels",
        header=[f"Authorization: token {token}"],
        timeout=HTTP_SECONDS,
    )
    try:
        request_id = uuid.uuid4().hex
        header = {"msg_id": request_id, "msg_type": "execute_request", "version": "5.3"}
        header |= {"session": uuid.uuid4().hex, "username": name, "date": ""}
        channel.send(
            json.dumps(
                {
                    "header": header,
                    "parent_header": {},
                    "metadata": {},
                    "content": {"code": code, "silent": False, "allow_stdin": False},
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        printed, failure = [], None
        while True:
            message = json.loads(channel.recv())
            if message.get("parent_header", {}).get("msg_id") != request_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream":
                printed.append(content["text"])
            elif kind == "error":
                failure = "\n".join(content["traceback"])
            elif kind == "status" and content["execution_state"] == "idle":
                break
        assert failure is None, re.sub(r"\x1b\[[0-9;]*m", "", failure)
        return "".join(printed)
    finally:
        channel.close()
        requests.delete(f"{api}/{kernel}", headers=auth, timeout=HTTP_SECONDS)


SAVE = """\
import json, os
from workbook.model import Goal, Horizon, Roadmap
from workbook.session import current_session

session = current_session()
session.roadmap = Roadmap(
    owner={name!r}, role="Data analyst", employer="Acme Health",
    goals=[Goal(title="Lead a small analytics team", horizon=Horizon.LONG, start_month=12, end_month=48)],
)
code = session.save()
print(json.dumps({{"code": code, "folder": str(session.folder),
                  "data": os.environ.get("WORKBOOK_DATA"), "shared": os.environ.get("WORKBOOK_SHARED")}}))
"""

REOPEN = """\
import json
from workbook.session import current_session

session = current_session()
print(json.dumps({"code": session.code, "owner": session.roadmap.owner, "notice": session.notice}))
"""

OPEN_CODE = """\
from workbook.store import StoreError, load_roadmap

try:
    print("opened", load_roadmap({code!r}).owner)
except StoreError:
    print("refused")
"""


@pytest.fixture(scope="module")
def saved(hub: Hub, students: dict[str, Student]) -> dict[str, Student]:
    """Each student saves a roadmap from a kernel of their own server, as the dashboard does."""
    for student in students.values():
        out = run_in_kernel(hub, student.name, student.token, SAVE.format(name=student.name))
        student.saved = json.loads(out)
    return students


# --- the questions ---------------------------------------------------------------------------
@pytest.mark.parametrize("name, password", [("alice", "not-the-password"), ("mallory", PASSWORD)])
@pytest.mark.hub
@pytest.mark.slow
def test_sign_in_needs_the_password_and_a_place_in_the_class(hub: Hub, name: str, password: str):
    """Does the hub refuse a wrong password, and a stranger who knows the class password?"""
    answer = _sign_in(hub, requests.Session(), name, password)
    assert answer.status_code == 403
    assert urlparse(answer.url).path == "/hub/login"
    if name == "mallory":
        assert not hub.home(name).exists(), "a server was started for a stranger"


def _dashboard_code_lines() -> list[str]:
    """The dashboard's code lines worth searching for (not blank, not a lone import)."""
    nb = json.loads((ROOT / "notebooks" / "dashboard.ipynb").read_text())
    lines = [
        line.strip()
        for cell in nb["cells"]
        if cell["cell_type"] == "code"
        for line in "".join(cell["source"]).splitlines()
    ]
    found = [line for line in lines if line and not line.startswith("#") and len(line) > 10]
    assert found, "the dashboard should have code to strip"
    return found


@pytest.mark.hub
@pytest.mark.slow
def test_each_student_lands_on_their_own_rendered_dashboard(hub: Hub, students: dict[str, Student]):
    """After signing in, does each student get the dashboard rendered by their own server?"""
    for name, student in students.items():
        page = student.landing
        assert page is not None and page.status == 200
        assert urlparse(page.url).path == f"/user/{name}/{LANDING}"
        html = page.text
        assert f'"baseUrl": "/user/{name}/"' in html  # served by this student's server
        assert 'id="Career-Goals-Workbook"' in html  # the markdown cell, rendered
        assert "application/vnd.jupyter.widget-view+json" in html  # the builder's widgets
        assert "Traceback" not in html and '"output_type": "error"' not in html
        for line in _dashboard_code_lines():  # voila.json's strip_sources is in force
            assert line not in html
        # the workbook's page template (share/jupyter): no stylesheet or script from a CDN
        assert not re.search(r'(?:href|src)="(?:https?:)?//', html)


@pytest.mark.hub
@pytest.mark.slow
def test_each_student_saves_into_a_private_folder_of_their_own(hub: Hub, saved: dict[str, Student]):
    """Does each save land in that student's own 0700 folder, and nowhere else?"""
    from workbook.store import load_file, load_work

    files = {}
    for name, student in saved.items():
        folder = hub.home(name) / ".career-goals-workbook"
        assert student.saved["folder"] == student.saved["data"] == str(folder)
        assert folder.stat().st_mode & 0o777 == 0o700
        (path,) = folder.glob("*.json")  # one file, named by a hash of the code
        assert load_file(path).roadmap.owner == name
        assert load_work(student.saved["code"], folder=folder).roadmap.owner == name
        files[name] = path.name
    assert len(set(files.values())) == len(STUDENTS)
    assert not (hub.folder / "the-hubs-own-folder").exists()


@pytest.mark.hub
@pytest.mark.slow
def test_reopening_the_dashboard_brings_back_ones_own_work(hub: Hub, saved: dict[str, Student]):
    """Behind a hub (WORKBOOK_SHARED unset), does a new kernel reopen the student's last code?"""
    for name, student in saved.items():
        assert student.saved["shared"] is None  # set on the hub, never passed to a server
        reopened = json.loads(run_in_kernel(hub, name, student.token, REOPEN))
        assert reopened == {"code": student.saved["code"], "owner": name, "notice": None}


@pytest.mark.hub
@pytest.mark.slow
def test_no_student_reaches_anothers_server_or_work(hub: Hub, saved: dict[str, Student]):
    """Can bob reach alice's server with his token or his cookies, or open her code? (No.)"""
    alice, bob = saved["alice"], saved["bob"]
    as_bob = {"Authorization": f"token {bob.token}"}
    base = f"{hub.url}/user/alice"
    assert (
        requests.get(f"{base}/api/contents", headers=as_bob, timeout=HTTP_SECONDS).status_code
        == 403
    )
    started = requests.post(f"{base}/api/kernels", headers=as_bob, timeout=HTTP_SECONDS)
    assert started.status_code == 403
    assert bob.browser.get(f"{base}/{LANDING}", timeout=HTTP_SECONDS).status_code == 403
    # his own server looks only in his own folder, so even her code opens nothing there
    assert (
        run_in_kernel(hub, "bob", bob.token, OPEN_CODE.format(code=alice.saved["code"]))
        == "refused\n"
    )
    # while her own server opens it
    opened = run_in_kernel(hub, "alice", alice.token, OPEN_CODE.format(code=alice.saved["code"]))
    assert opened == "opened alice\n"


def _api(hub: Hub, student: Student, path: str) -> requests.Response:
    auth = {"Authorization": f"token {student.token}"}
    return requests.get(f"{hub.url}/user/{student.name}/{path}", headers=auth, timeout=HTTP_SECONDS)


@pytest.mark.hub
@pytest.mark.slow
def test_the_instructor_notebook_is_out_of_a_students_reach(hub: Hub, students: dict[str, Student]):
    """On the hub too, is notebooks/instructor/ (the class report) neither listed nor served?"""
    carol = students["carol"]
    listing = _api(hub, carol, "api/contents")
    assert listing.status_code == 200
    names = {item["name"] for item in listing.json()["content"]}
    assert "dashboard.ipynb" in names and "instructor" not in names
    for path in (
        "api/contents/instructor",
        "api/contents/instructor/class-report.ipynb",
        "voila/render/instructor/class-report.ipynb",
        "voila/render/a/../instructor/class-report.ipynb",
    ):
        assert _api(hub, carol, path).status_code in {403, 404}, path


@pytest.mark.hub
@pytest.mark.slow
def test_a_kernel_that_dies_is_not_restarted_empty(hub: Hub, students: dict[str, Student]):
    """When the kernel behind a student's dashboard is killed (as an out-of-memory kill would),
    does their server drop it instead of restarting it empty, so the page's watch (which asks
    /api/kernels/<id>) sees it gone and tells the student to reload?"""
    carol = students["carol"]
    kernels = _api(hub, carol, "api/kernels").json()
    assert kernels, "the dashboard's kernel should be running"
    kernel_id = kernels[0]["id"]
    assert _api(hub, carol, f"api/kernels/{kernel_id}").status_code == 200
    (process,) = [
        p
        for p in psutil.process_iter(["cmdline"])
        if any(f"kernel-{kernel_id}.json" in part for part in p.info["cmdline"] or [])
    ]
    process.kill()
    deadline = time.monotonic() + 60
    while _api(hub, carol, f"api/kernels/{kernel_id}").status_code != 404:
        assert time.monotonic() < deadline, hub.log_tail()
        time.sleep(0.5)
    again = _open_landing_page(hub, carol)  # a reload renders a fresh dashboard
    assert again.whole, again.text[-2000:]


@pytest.mark.hub
@pytest.mark.slow
def test_the_students_kernels_talk_over_unix_sockets(hub: Hub, students: dict[str, Student]):
    """Do the students' kernels use IPC (Unix sockets named after each kernel, which no other
    kernel can take), not TCP ports that twenty servers starting at once picked twice, and do
    the socket paths fit the Unix limit even from a home as deep as this test's?"""
    connections = []
    for proc in hub.processes():
        try:
            cmd = proc.cmdline()
        except psutil.Error:
            continue
        if "ipykernel_launcher" in " ".join(cmd) and "-f" in cmd:
            connections.append(Path(cmd[cmd.index("-f") + 1]))
    assert len(connections) >= len(students), "every student's dashboard should have a kernel"
    assert len(str(hub.home("alice") / ".local/share/jupyter/runtime/kernel-")) + 36 + 6 > 107
    for path in connections:
        info = json.loads(path.read_text())
        assert info["transport"] == "ipc", info
        sockets = [f"{info['ip']}-{info[f'{c}_port']}" for c in ("shell", "iopub", "hb")]
        for socket in sockets:
            assert Path(socket).is_socket(), socket
            assert len(os.fsencode(socket)) <= 100, socket
        assert path.parent.stat().st_mode & 0o077 == 0, "kernel files readable by others"


#: frames whose part count is far beyond their length, in each protocol: a server that trusts
#: the count (jupyter_server 2.21 does, as Voila 0.5.13 did) freezes while its memory grows
MALFORMED_FRAMES = {
    KERNEL_PROTOCOL: (2**62).to_bytes(8, "little") + b"\0" * 64,
    "": (2**31 - 1).to_bytes(4, "big") + b"\0" * 64,
}


def _close_code(channel: websocket.WebSocket) -> int | None:
    """Read until the server closes the websocket: its close code (None if it stays open)."""
    try:
        while True:
            opcode, data = channel.recv_data(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                return int.from_bytes(data[:2], "big") if len(data) >= 2 else 1005
    except websocket.WebSocketTimeoutException:
        return None


@pytest.mark.hub
@pytest.mark.slow
def test_a_malformed_websocket_frame_cannot_freeze_a_students_server(
    hub: Hub, students: dict[str, Student]
):
    """A kernel websocket frame whose part count is far beyond its length froze the server that
    read it. Behind the hub, does a student's server close that one connection (in the v1
    protocol the pages speak and in the legacy one), and keep answering within a second of
    what it took just before?"""
    alice = students["alice"]
    auth = {"Authorization": f"token {alice.token}"}
    api = f"{hub.url}/user/alice/api/kernels"
    started = requests.post(api, json={"name": "python3"}, headers=auth, timeout=HTTP_SECONDS)
    assert started.status_code == 201, (started.status_code, started.text)
    kernel = started.json()["id"]
    url = f"{hub.url.replace('http', 'ws', 1)}/user/alice/api/kernels/{kernel}/channels"

    def answer_seconds() -> float:
        began = time.perf_counter()
        status = requests.get(f"{api}/{kernel}", headers=auth, timeout=HTTP_SECONDS).status_code
        assert status == 200, status
        return time.perf_counter() - began

    try:
        before = max(answer_seconds() for _ in range(3))
        for protocol, frame in MALFORMED_FRAMES.items():
            channel = websocket.create_connection(
                url,
                header=[f"Authorization: token {alice.token}"],
                subprotocols=[protocol] if protocol else None,
                timeout=20,
            )
            try:
                assert (channel.getsubprotocol() or "") == protocol
                channel.send_binary(frame)
                assert _close_code(channel) == 1003, protocol or "legacy"
            finally:
                channel.close()
            assert answer_seconds() < 1.0 + before, protocol or "legacy"
    finally:
        requests.delete(f"{api}/{kernel}", headers=auth, timeout=HTTP_SECONDS)
    assert hub.log_text().count("Closed a kernel websocket that sent a malformed message") == 2


def _open_as(hub: Hub, name: str, seconds: float) -> Landing:
    browser = requests.Session()
    answer = _sign_in(hub, browser, name, PASSWORD)
    assert answer.status_code == 200, (answer.status_code, answer.url)
    return hub_script.open_landing(hub, browser, name, time.monotonic() + seconds)


@pytest.mark.hub
@pytest.mark.slow
def test_a_kernel_that_dies_before_it_answers_is_replaced(hub: Hub):
    """When a student's first kernel dies before answering (as one did when another server's
    kernel took its port), does their page still come in whole, from a replacement kernel,
    instead of loading forever?"""
    page = _open_as(hub, "dave", START_SECONDS)
    assert page.complete, f"the page is {page.detail}:\n{hub.log_tail()}"
    assert page.whole, page.text[-2000:]
    assert (hub.home("dave") / "deaths").read_text() == "1"  # the first kernel did die
    assert re.search(
        r"Kernel \S+ did not answer \(died before it answered\).*replacing it", hub.log_text()
    )


@pytest.mark.hub
@pytest.mark.slow
def test_a_student_whose_kernels_keep_dying_is_told_to_reload(hub: Hub):
    """When every kernel dies before answering, does the page say plainly to reload (soon, not
    after the browser gives up), without a traceback, and stop starting kernels?"""
    began = time.monotonic()
    page = _open_as(hub, "erin", START_SECONDS)
    assert page.complete, f"the page is {page.detail}:\n{hub.log_tail()}"
    assert page.status == 503 and "reload the page" in page.text, page.text[-2000:]
    assert "Traceback" not in page.text
    assert time.monotonic() - began < START_SECONDS
    deaths = int((hub.home("erin") / "deaths").read_text())
    assert deaths == 3, "three kernels tried, no more"  # ReplacingKernelManager.kernel_attempts


# --- the deployment files agree --------------------------------------------------------------
def test_kubernetes_values_make_the_same_choices_as_the_hub_config(monkeypatch: pytest.MonkeyPatch):
    """Do deploy/z2jh-values.yaml and deploy/jupyterhub_config.py agree on landing, culling, memory?"""
    from traitlets.config.loader import PyFileConfigLoader

    for name in [n for n in os.environ if n.startswith("WORKBOOK_HUB_")]:
        monkeypatch.delenv(name)  # the config's defaults, as a fresh deployment has them

    config = PyFileConfigLoader(DEPLOY_CONFIG.name, path=str(DEPLOY_CONFIG.parent)).load_config()
    values = yaml.safe_load(Z2JH_VALUES.read_text())
    singleuser = values["singleuser"]
    assert singleuser["defaultUrl"] == config.Spawner.default_url
    idle = next(a for a in config.Spawner.args if a.startswith("--ServerApp.shutdown_no_activity"))
    assert values["cull"]["enabled"] is True
    assert f"={values['cull']['timeout']}" in idle
    assert singleuser["memory"]["guarantee"] == config.Spawner.mem_guarantee
    assert singleuser["memory"]["limit"] == config.Spawner.mem_limit
    kernels = singleuser["extraFiles"]["culling"]["data"]["MappingKernelManager"]
    assert f"--MappingKernelManager.cull_idle_timeout={kernels['cull_idle_timeout']}" in (
        config.Spawner.args
    )
    serving = singleuser["extraFiles"]["serving"]["data"]
    for section in ("ServerApp", "KernelManager"):
        for name, value in serving[section].items():
            assert f"--{section}.{name}={value}" in config.Spawner.args
    assert serving["KernelManager"]["transport"] == "ipc"
    assert "WORKBOOK_SHARED" not in singleuser.get("extraEnv", {})
    assert singleuser["extraEnv"]["WORKBOOK_DATA"].startswith(
        singleuser["storage"]["homeMountPath"]
    )


def test_binder_installs_what_the_project_needs():
    """Does binder/environment.yml ask for the same packages as environment.yml, and postBuild the workbook?"""
    ours = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    binder = yaml.safe_load((ROOT / "binder" / "environment.yml").read_text())["dependencies"]

    def names(deps: list) -> dict[str, str]:
        return {
            re.split(r"[<>=]", d, maxsplit=1)[0].strip(): d.replace(" ", "")
            for d in deps
            if isinstance(d, str)
        }

    ours_n, binder_n = names(ours), names(binder)
    assert {k: v for k, v in binder_n.items() if k != "python"} == {
        k: v for k, v in ours_n.items() if k != "python"
    }
    assert re.fullmatch(r"python=3\.1[1-9]", binder_n["python"])  # repo2docker needs one version
    assert not any(isinstance(d, dict) for d in binder)  # the repo is not there yet at that step
    post_build = (ROOT / "binder" / "postBuild").read_text()
    assert re.search(r"pip install\b.*\s\.(\s|$)", post_build, re.M)
