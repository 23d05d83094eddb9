"""JupyterHub from ``deploy/jupyterhub_config.py`` on this machine, for a trial class, the hub
tests (tests/test_hub.py) and the hub benchmark (bench/hub.py): one way to start it, as
:mod:`workbook.serving.harness` is for Voila.

:class:`LocalHub` runs the deployment's config, then only what a trial needs, through the
config's own settings and a few overrides: a class password (``shared-password``), the
``simple`` spawner (every student's server runs as this user, in a home under the hub's folder),
loopback addresses on free ports and the proxy ``scripts/install-chp.sh`` installs. Every
process it starts is stopped on the way out, even the servers and kernels of a hub that had to
be killed (they carry a marker in their environment). :func:`sign_in` and
:func:`open_landing` do what a student's browser does.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import requests

from workbook.serving.app import ROOT
from workbook.serving.harness import ServerProcess, free_port, page_problem

if TYPE_CHECKING:
    import psutil

__all__ = [
    "DEPLOY_CONFIG",
    "LANDING",
    "Landing",
    "LocalHub",
    "login_form",
    "open_landing",
    "proxy_command",
    "run_trial",
    "sign_in",
]

DEPLOY_CONFIG = ROOT / "deploy" / "jupyterhub_config.py"
PROXY_BIN = Path("node") / "node_modules" / ".bin" / "configurable-http-proxy"
#: where the hub sends a student after signing in (deploy/jupyterhub_config.py's default_url)
LANDING = "voila/render/dashboard.ipynb"
#: the environment variable marking every process of one hub (servers, kernels, proxy)
MARKER = "WORKBOOK_HUB_TEST"


def proxy_command() -> Path | None:
    """configurable-http-proxy as scripts/install-chp.sh installs it, else one on PATH."""
    for prefix in (Path(sys.prefix), ROOT / ".venv"):
        if (prefix / PROXY_BIN).exists():
            return prefix / PROXY_BIN
    found = shutil.which("configurable-http-proxy")
    return Path(found) if found else None


class LocalHub(ServerProcess):
    """JupyterHub from the deployment's config in a subprocess, in ``folder``, on free ports.

    ``config`` is the deployment's config (another copy only to compare with an old one);
    ``extra_config`` is Python appended to the overrides (``c`` is the config); ``env`` adds
    to the hub's environment. Use as a context manager, or call :meth:`start` and :meth:`stop`.
    """

    name = "JupyterHub"

    def __init__(
        self,
        folder: Path,
        students: list[str],
        password: str,
        *,
        extra_config: str = "",
        env: dict[str, str] | None = None,
        config: Path = DEPLOY_CONFIG,
    ) -> None:
        super().__init__(Path(folder) / "hub.log")
        self.folder, self.config = Path(folder), Path(config)
        self.students, self.password = list(students), password
        self.extra_config, self.extra_env = extra_config, env or {}
        self.port = free_port()
        self.marker = uuid.uuid4().hex

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def home(self, name: str) -> Path:
        return self.folder / "home" / name

    def log_tail(self, lines: int = 60) -> str:
        return super().log_tail(lines)

    def _write_config(self, proxy: Path) -> Path:
        overrides = self.folder / "trial_config.py"
        overrides.write_text(
            textwrap.dedent(
                f"""\
                # The deployment's config, then only what a trial on one machine needs.
                import os
                load_subconfig({str(self.config)!r})
                c.JupyterHub.bind_url = "http://127.0.0.1:{self.port}"
                c.JupyterHub.hub_bind_url = "http://127.0.0.1:{free_port()}"
                c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
                c.ConfigurableHTTPProxy.command = [{str(proxy)!r}]
                c.ConfigurableHTTPProxy.pid_file = {str(self.folder / "proxy.pid")!r}
                c.JupyterHub.pid_file = {str(self.folder / "hub.pid")!r}
                c.Spawner.environment["{MARKER}"] = {self.marker!r}  # finds leftovers
                if os.geteuid() == 0:  # CI runs as root; the simple spawner keeps the hub's user
                    c.Spawner.args.append("--allow-root")
                """
            )
            + self.extra_config
        )
        return overrides

    def start(self, timeout: float = 90) -> LocalHub:
        """Start the hub and return once its API answers through the proxy."""
        proxy = proxy_command()
        if proxy is None:
            raise FileNotFoundError(
                "configurable-http-proxy (npm) is not installed: run `bash scripts/install-chp.sh`"
            )
        self.folder.mkdir(parents=True, exist_ok=True)
        overrides = self._write_config(proxy)
        env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            MARKER: self.marker,
            "WORKBOOK_HUB_AUTH": "shared-password",
            "WORKBOOK_HUB_PASSWORD": self.password,
            "WORKBOOK_HUB_USERS": ",".join(self.students),
            "WORKBOOK_HUB_SPAWNER": "simple",
            "WORKBOOK_HUB_HOMES": str(self.folder / "home"),
            "WORKBOOK_HUB_STATE": str(self.folder),
            **self.extra_env,
        }
        for name in ("WORKBOOK_HUB_DATA_ROOT", "WORKBOOK_HUB_URL", "JUPYTERHUB_API_TOKEN"):
            if name not in self.extra_env:
                env.pop(name, None)
        self.launch(
            [sys.executable, "-m", "jupyterhub", "-f", str(overrides)], cwd=self.folder, env=env
        )
        self.wait_until(self._answers, timeout, poll=0.3)
        return self

    def _answers(self) -> bool:
        try:
            return requests.get(f"{self.url}/hub/api", timeout=5).status_code == 200
        except requests.RequestException:
            return False  # the proxy is not listening yet

    def processes(self) -> list[psutil.Process]:
        """Processes whose environment carries this hub's marker (hub, proxy, servers, kernels)."""
        import psutil  # a test and benchmark dependency, like this whole class

        found = []
        for proc in psutil.process_iter():
            try:
                if proc.pid != os.getpid() and proc.environ().get(MARKER) == self.marker:
                    found.append(proc)
            except (psutil.Error, OSError):
                continue
        return found

    def stop(self) -> None:
        """Stop the hub the way an admin would (it stops the servers and proxy), then make sure."""
        import psutil

        if self.process is None:
            return
        try:
            family = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.Error:
            family = []
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        leftovers = {p.pid: p for p in [*family, *self.processes()]}
        for proc in leftovers.values():
            try:
                proc.kill()
            except psutil.Error:
                continue
        psutil.wait_procs(list(leftovers.values()), timeout=10)

    def __enter__(self) -> LocalHub:
        return self.start()


def login_form(hub: LocalHub, browser: requests.Session, timeout: float = 60) -> str:
    """Open the hub's login form as a browser does; its ``_xsrf`` field (the cookie is set)."""
    form = browser.get(f"{hub.url}/hub/login", timeout=timeout)
    form.raise_for_status()
    match = re.search(r'name="_xsrf"\s+value="([^"]+)"', form.text)
    if not match:
        raise ValueError("the login form carries no _xsrf field")
    return match.group(1)


def sign_in(
    hub: LocalHub,
    browser: requests.Session,
    name: str,
    password: str,
    timeout: float = 60,
    xsrf: str | None = None,
) -> requests.Response:
    """Fill in the hub's login form as a browser does (which starts the student's server);
    ``xsrf`` from a :func:`login_form` opened earlier, else the form is opened now."""
    if xsrf is None:
        xsrf = login_form(hub, browser, timeout)
    return browser.post(
        f"{hub.url}/hub/login",
        data={"username": name, "password": password, "_xsrf": xsrf},
        timeout=timeout,
    )


@dataclass
class Landing:
    """What a student's browser got from ``/user/<name>/`` by the deadline."""

    status: int  # the landing page's HTTP status, 0 when the server never started
    url: str  # where the browser ended up
    text: str  # as much of the page as came in
    complete: bool  # the page ended before the deadline (False: still loading, or no page)
    detail: str = ""

    @property
    def whole(self) -> bool:
        """The rendered dashboard: its widget is on the page, and no cell failed."""
        return self.complete and page_problem(self.status, self.text) is None


def open_landing(
    hub: LocalHub, browser: requests.Session, name: str, deadline: float, poll: float = 0.5
) -> Landing:
    """Follow ``/user/<name>/`` as a browser does until the dashboard page has come in whole,
    or ``deadline`` (time.monotonic()) passes. Voila streams the page and sends a heartbeat
    every 10 s while a kernel works, so only a deadline tells a slow page from a hanging one."""
    target = f"/user/{name}/{LANDING}"
    while time.monotonic() < deadline:
        page = browser.get(f"{hub.url}/user/{name}/", timeout=60, stream=True)
        if urlparse(page.url).path == target:
            chunks: list[bytes] = []
            complete = True
            for chunk in page.iter_content(chunk_size=65536):
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    complete = False
                    break
            page.close()
            text = b"".join(chunks).decode(errors="replace")
            detail = "" if complete else "still loading"
            return Landing(page.status_code, page.url, text, complete, detail)
        page.close()
        if page.status_code == 500:  # the hub's answer when a spawn failed
            return Landing(0, page.url, "", False, "the server failed to start")
        time.sleep(poll)  # the hub's spawn-pending page: the server is still starting
    return Landing(0, "", "", False, "the server did not start in time")


def run_trial(students: int) -> int:
    """A hub for ``students`` (student01 ..) with a fresh class password, until Ctrl-C."""
    names = [f"student{i:02d}" for i in range(1, students + 1)]
    password = uuid.uuid4().hex[:12]
    with (
        tempfile.TemporaryDirectory(prefix="hub-") as folder,
        LocalHub(Path(folder), names, password) as hub,
    ):
        print(f"{hub.url}  students {names[0]}..{names[-1]}  password {password}  (Ctrl-C stops)")
        with contextlib.suppress(KeyboardInterrupt):
            if hub.process is not None:
                hub.process.wait()
    return 0
