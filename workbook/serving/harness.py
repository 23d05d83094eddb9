"""A real server for the browser tests and the benchmarks: :class:`VoilaServer` starts exactly
the command ``make app`` (or ``workshop``, ``slides``) runs, ``scripts/serve.py``, as a subprocess
on a free loopback port, waits until it answers, reads its log and its kernels, and stops it.

Also the headless Chromium both use (Debian's, through Playwright's executable_path: no browser
download), so a test and a benchmark see the same browser.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from workbook.serving.app import LANDING, NOTEBOOKS, ROOT

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "SERVE_SCRIPT",
    "WIDGET_VIEW",
    "ServerProcess",
    "VoilaServer",
    "fetch",
    "fetch_all",
    "free_port",
    "page_kernel_id",
    "page_problem",
    "run_coroutine",
]

T = TypeVar("T")

#: the command line the Makefile runs (``make app``)
SERVE_SCRIPT = ROOT / "scripts" / "serve.py"
#: Debian's Chromium, or the one WORKBOOK_CHROMIUM names
CHROMIUM = Path(os.environ.get("WORKBOOK_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: what every whole dashboard page carries: the output of its dashboard() cell
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: what Voila writes into a page instead of a cell's output when the cell failed or timed out
FAILED_CELL_MARKS = (
    "There was an error when executing",
    "Cell execution timed out",
    '"output_type": "error"',
)


def page_problem(status: int, body: str, *, widget: bool = True) -> str | None:
    """Why a served page is not whole, or None when it is: HTTP 200, the whole HTML, no cell
    failed or timed out and (with ``widget``) the dashboard's widget in it. A fast page that is
    not whole counts as an error in the benchmarks and the tests, never as a fast page."""
    if status != 200:
        return f"HTTP {status}"
    if "</html>" not in body:
        return "incomplete HTML"
    if any(mark in body for mark in FAILED_CELL_MARKS):
        return "a cell failed or timed out"
    if widget and WIDGET_VIEW not in body:
        return "no widget: the dashboard's output is missing"
    return None


def fetch(url: str, timeout: float = 120) -> tuple[int, str]:
    """HTTP status and body of a GET, the path sent exactly as written (no normalising, so a
    test can send ``../`` or ``%00`` as a prober would)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=timeout)
    try:
        connection.request("GET", parts.path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def fetch_all(url: str, count: int) -> list[tuple[int, str]]:
    """``count`` GETs of ``url`` at the same moment (a class arriving): (status, body) each."""
    with concurrent.futures.ThreadPoolExecutor(count) as pool:
        return list(pool.map(lambda _: fetch(url), range(count)))


def page_kernel_id(html: str) -> str:
    """The kernel a served page belongs to, from the config data Voila writes into it."""
    found = re.search(r'"kernelId":\s*"([0-9a-f-]+)"', html)
    if not found:
        raise LookupError("no kernel id in the page")
    return found.group(1)


def run_coroutine(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to the end in a thread of its own: Playwright's sync API keeps an event
    loop running in the main thread, where ``asyncio.run`` refuses to start."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        # an AF_INET address: (host, port)
        return cast(int, sock.getsockname()[1])


class ServerProcess:
    """A server run as a subprocess in a session of its own, its output in ``log_path``: what
    :class:`VoilaServer` and the trial JupyterHub (:mod:`workbook.serving.hub`) share."""

    #: what the messages call this server
    name = "The server"

    def __init__(self, log_path: Path) -> None:
        self.log_path = Path(log_path)
        self.process: subprocess.Popen[bytes] | None = None

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def launch(self, argv: list[str], *, cwd: Path, env: dict[str, str]) -> None:
        """Start ``argv``; a session of its own lets ``stop`` end its whole process group."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                argv,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until(self, answers: Callable[[], bool], timeout: float, poll: float = 0.2) -> None:
        """Return once ``answers()`` is true; stop the server and raise if it exits first
        (RuntimeError) or ``timeout`` s pass (TimeoutError), with the log's tail."""
        deadline = time.monotonic() + timeout
        while True:
            if self.process is None or self.process.poll() is not None:
                code = self.process.returncode if self.process else None
                raise RuntimeError(f"{self.name} exited with {code}:\n{self.log_tail()}")
            if answers():
                return
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError(
                    f"{self.name} did not answer within {timeout} s:\n{self.log_tail()}"
                )
            time.sleep(poll)

    def stop(self) -> None:
        """Stop the server and everything it started (each server knows how)."""
        raise NotImplementedError

    def __exit__(self, *exc: object) -> None:
        self.stop()


class VoilaServer(ServerProcess):
    """``scripts/serve.py`` run as a subprocess on 127.0.0.1, for the browser tests and benchmarks.

    Use as a context manager: it waits until the server answers and stops it (SIGTERM, which
    makes Voila shut its kernels down) on the way out. The log goes to ``log_path``.
    """

    name = "Voila"

    def __init__(
        self,
        mode: str = "app",
        *,
        log_path: Path,
        env: dict[str, str] | None = None,
        port: int | None = None,
        root: Path = NOTEBOOKS,
        landing: str = LANDING,
        pool: int | None = None,
        seats: int = 30,
        max_kernels: int | None = None,
        voila_args: list[str] | None = None,
    ) -> None:
        super().__init__(log_path)
        self.mode, self.root, self.landing, self.pool, self.seats = mode, root, landing, pool, seats
        self.max_kernels, self.voila_args = max_kernels, list(voila_args or [])
        self.port = port or free_port()
        self.env = {**os.environ, **(env or {})}

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def landing_url(self) -> str:
        return f"{self.url}/voila/render/{self.landing}"

    def start(self, timeout: float = 60) -> VoilaServer:
        """Start the server and return once it answers HTTP."""
        args = [self.mode, "--port", str(self.port), "--ip", "127.0.0.1", "--root", str(self.root)]
        args += ["--landing", self.landing, "--seats", str(self.seats)]
        if self.pool is not None:
            args += ["--pool", str(self.pool)]
        if self.max_kernels is not None:
            args += ["--max-kernels", str(self.max_kernels)]
        args += self.voila_args
        self.launch([sys.executable, str(SERVE_SCRIPT), *args], cwd=ROOT, env=self.env)
        self.wait_until(self._answers, timeout)
        return self

    def _answers(self) -> bool:
        try:
            urllib.request.urlopen(f"{self.url}/voila/tree", timeout=2).close()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False
        return True

    def kernels(self) -> list[Any]:
        """The kernel processes (psutil.Process) this server runs now."""
        import psutil

        if self.process is None:
            return []
        try:
            children = psutil.Process(self.process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        found = []
        for child in children:
            try:
                if "ipykernel_launcher" in " ".join(child.cmdline()):
                    found.append(child)
            except psutil.Error:
                continue
        return found

    def kernel(self, kernel_id: str) -> Any:
        """The process of the kernel with this id (its connection file is named after it)."""
        for proc in self.kernels():
            try:
                if f"kernel-{kernel_id}.json" in " ".join(proc.cmdline()):
                    return proc
            except Exception:  # psutil.Error: it just ended
                continue
        raise LookupError(f"no kernel process for {kernel_id}")

    def wait_settled(self, kernels: int, timeout: float = 120, quiet: float = 1.5) -> float:
        """Wait until exactly ``kernels`` kernels run and neither they nor Voila use CPU.

        That is when the pools are full and every pooled kernel has run its notebook (Voila
        renders pooled notebooks one after another, so a kernel waiting its turn is idle while
        Voila is not). Returns the seconds waited.
        """
        import psutil

        began = time.monotonic()
        deadline = began + timeout
        calm_since: float | None = None
        # cpu_percent compares with the previous call on the same object, so keep them; a
        # process seen for the first time counts as busy until it has a measure
        watched: dict[int, Any] = {}
        server = psutil.Process(self.process.pid) if self.process else None
        while time.monotonic() < deadline:
            procs = self.kernels()
            busy = False
            for proc in [*procs, server] if server else procs:
                known = proc.pid in watched
                proc = watched.setdefault(proc.pid, proc)
                try:
                    busy = proc.cpu_percent(interval=None) > 5.0 or not known or busy
                except psutil.Error:
                    busy = True
            now = time.monotonic()
            if len(procs) == kernels and not busy:
                calm_since = calm_since or now
                if now - calm_since >= quiet:
                    return now - began
            else:
                calm_since = None
            time.sleep(0.25)
        raise TimeoutError(
            f"expected {kernels} idle kernel(s), have {len(self.kernels())} after {timeout} s:\n"
            f"{self.log_tail()}"
        )

    def pool_fills(self, notebook: str | None = None) -> int:
        """How many times Voila logged that a kernel pool was (re)filled."""
        name = re.escape(notebook or self.landing)
        return len(re.findall(rf"Kernel pool of {name} is filled", self.log_text()))

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM (Voila then shuts its kernels down); SIGKILL the group if that hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def __enter__(self) -> VoilaServer:
        return self.start() if self.process is None else self
