"""Serving a class with JupyterHub: a real hub, three students, each alone with their own work.

The hub tests start JupyterHub from ``deploy/jupyterhub_config.py`` in a subprocess, on free
ports in a temporary folder, with the proxy ``scripts/install-chp.sh`` installs. Only what a test
machine needs differs from a deployment, through the config's own settings and a few overrides:
a class password (``shared-password``) and the ``simple`` spawner, which runs every student's
server as the test's own user in a home under the temporary folder. The students sign in over
HTTP like a browser (cookies, ``_xsrf``), and their saves run in kernels of their own servers.

Without the proxy the hub tests skip, unless ``WORKBOOK_REQUIRE_HUB`` is set (``make test``
sets it), when they fail instead. Every process they start is stopped, even after a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
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

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
Z2JH_VALUES = ROOT / "deploy" / "z2jh-values.yaml"
PROXY_BIN = Path("node") / "node_modules" / ".bin" / "configurable-http-proxy"
LANDING = "voila/render/dashboard.ipynb"
PASSWORD = "class-password-for-the-test"
STUDENTS = ("alice", "bob", "carol")
START_SECONDS = 90  # a cold hub plus three servers on a busy 2-core machine
HTTP_SECONDS = 60


# --- the hub ---------------------------------------------------------------------------------
@dataclass
class Hub:
    url: str
    folder: Path
    log: Path
    process: subprocess.Popen[bytes]

    def home(self, name: str) -> Path:
        return self.folder / "home" / name

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _proxy_command() -> Path | None:
    """configurable-http-proxy as scripts/install-chp.sh installs it, else one on PATH."""
    for prefix in (Path(sys.prefix), ROOT / ".venv"):
        if (prefix / PROXY_BIN).exists():
            return prefix / PROXY_BIN
    found = shutil.which("configurable-http-proxy")
    return Path(found) if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _processes_marked(marker: str) -> list[psutil.Process]:
    """Processes whose environment carries this run's marker (hub, proxy, servers, kernels)."""
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.pid != os.getpid() and proc.environ().get("WORKBOOK_HUB_TEST") == marker:
                found.append(proc)
        except (psutil.Error, OSError):
            continue
    return found


def _stop(process: subprocess.Popen[bytes], marker: str) -> None:
    """Stop the hub the way an admin would (it stops the servers and proxy), then make sure."""
    try:
        family = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        family = []
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    leftovers = {p.pid: p for p in [*family, *_processes_marked(marker)]}
    for proc in leftovers.values():
        try:
            proc.kill()
        except psutil.Error:
            continue
    psutil.wait_procs(list(leftovers.values()), timeout=10)


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hub]:
    """A running JupyterHub with the deployment's config; stopped with everything it started."""
    proxy = _proxy_command()
    if proxy is None:
        reason = (
            "configurable-http-proxy (npm) is not installed: run `bash scripts/install-chp.sh` "
            "(make test does)"
        )
        if os.environ.get("WORKBOOK_REQUIRE_HUB"):
            pytest.fail(reason + "; WORKBOOK_REQUIRE_HUB is set, so the hub tests may not skip")
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("hub")
    port, api_port, hub_port = _free_port(), _free_port(), _free_port()
    marker = uuid.uuid4().hex
    overrides = folder / "test_config.py"
    overrides.write_text(
        textwrap.dedent(
            f"""\
            # The deployment's config, then only what a test machine needs.
            import os
            load_subconfig({str(DEPLOY_CONFIG)!r})
            c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
            c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
            c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
            c.ConfigurableHTTPProxy.command = [{str(proxy)!r}]
            c.ConfigurableHTTPProxy.pid_file = {str(folder / "proxy.pid")!r}
            c.JupyterHub.pid_file = {str(folder / "hub.pid")!r}
            c.Spawner.environment["WORKBOOK_HUB_TEST"] = {marker!r}  # finds leftovers
            if os.geteuid() == 0:  # CI runs as root; the simple spawner keeps the hub's user
                c.Spawner.args.append("--allow-root")
            """
        )
    )
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "WORKBOOK_HUB_TEST": marker,
        "WORKBOOK_HUB_AUTH": "shared-password",
        "WORKBOOK_HUB_PASSWORD": PASSWORD,
        "WORKBOOK_HUB_USERS": ",".join(STUDENTS),
        "WORKBOOK_HUB_SPAWNER": "simple",
        "WORKBOOK_HUB_HOMES": str(folder / "home"),
        "WORKBOOK_HUB_STATE": str(folder),
        # Set on the hub only to show they never reach a student's server:
        "WORKBOOK_SHARED": "1",
        "WORKBOOK_DATA": str(folder / "the-hubs-own-folder"),
    }
    for name in ("WORKBOOK_HUB_DATA_ROOT", "WORKBOOK_HUB_URL", "JUPYTERHUB_API_TOKEN"):
        env.pop(name, None)
    log = folder / "hub.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(overrides)],
            cwd=folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Hub(f"http://127.0.0.1:{port}", folder, log, process)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if process.poll() is not None:
                pytest.fail(f"JupyterHub exited with {process.returncode}:\n{running.log_tail()}")
            try:
                if requests.get(f"{running.url}/hub/api", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass  # the proxy is not listening yet
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterHub did not answer in {START_SECONDS}s:\n{running.log_tail()}")
            time.sleep(0.3)
        yield running
    finally:
        _stop(process, marker)


# --- students --------------------------------------------------------------------------------
@dataclass
class Student:
    name: str
    browser: requests.Session
    landing: requests.Response | None = None
    token: str = ""
    saved: dict[str, Any] = field(default_factory=dict)


def _xsrf_field(page: str) -> str:
    match = re.search(r'name="_xsrf"\s+value="([^"]+)"', page)
    assert match, "the login form carries no _xsrf field"
    return match.group(1)


def _sign_in(hub: Hub, browser: requests.Session, name: str, password: str) -> requests.Response:
    """Fill in the hub's login form as a browser does."""
    form = browser.get(f"{hub.url}/hub/login", timeout=HTTP_SECONDS)
    assert form.status_code == 200
    return browser.post(
        f"{hub.url}/hub/login",
        data={"username": name, "password": password, "_xsrf": _xsrf_field(form.text)},
        timeout=HTTP_SECONDS,
    )


def _open_landing_page(hub: Hub, student: Student) -> requests.Response:
    """Follow the student's URL until their server is up and the dashboard has rendered."""
    target = f"/user/{student.name}/{LANDING}"
    deadline = time.monotonic() + START_SECONDS
    while True:
        page = student.browser.get(f"{hub.url}/user/{student.name}/", timeout=HTTP_SECONDS)
        if urlparse(page.url).path == target:
            return page
        if page.status_code == 500:  # the hub's answer when a spawn failed
            pytest.fail(f"{student.name}'s server failed to start:\n{hub.log_tail()}")
        # still starting: the hub's spawn-pending page (or, briefly, the proxy's 502/503)
        assert "/hub/spawn-pending/" in page.url or page.status_code in {502, 503}, page.url
        if time.monotonic() > deadline:
            pytest.fail(f"{student.name}'s server did not start:\n{hub.log_tail()}")
        time.sleep(0.5)


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


@pytest.mark.hub
@pytest.mark.slow
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


def test_each_student_lands_on_their_own_rendered_dashboard(hub: Hub, students: dict[str, Student]):
    """After signing in, does each student get the dashboard rendered by their own server?"""
    for name, student in students.items():
        page = student.landing
        assert page is not None and page.status_code == 200
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
    assert again.status_code == 200 and "application/vnd.jupyter.widget-view+json" in again.text


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
    serving = singleuser["extraFiles"]["serving"]["data"]["ServerApp"]
    for name, value in serving.items():
        assert f"--ServerApp.{name}={value}" in config.Spawner.args
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
