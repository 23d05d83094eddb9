"""Serve the workbook with Voila: ``python scripts/serve.py app|workshop|slides [options]``.

This file holds the exact Voila command lines the Makefile runs, so ``make app``, the browser
tests and the benchmarks all start the same server (tests and benchmarks through
:class:`VoilaServer`, which runs this script as a subprocess). ``--print`` shows the command.

* ``app``: notebooks/ on http://localhost:8866; ``/`` opens the dashboard, ``/voila/tree`` lists
  the chapters (linked from the dashboard's title cell). One pre-heated dashboard kernel.
* ``workshop --seats N``: the same on every interface (0.0.0.0), one pre-heated dashboard kernel
  per seat, and ``WORKBOOK_SHARED=1`` so no student's code is remembered for the next one; the
  pool refills 10 s after the class took it (``WORKSHOP_FILL_DELAY_S``).
* ``slides``: the chapters as reveal.js slides, kernels started on demand; the instructor's
  notes are speaker notes (press "s"). reveal.js's stylesheets come from the npm package that
  scripts/install-reveal.sh puts in .venv/node, served at /voila/reveal.js/ (never a CDN).

What never changes lives in ``voila.json`` (read from the repository root only):
``show_tracebacks: false`` (students see a friendly line, never a traceback), ``strip_sources``
(no code on the page), the ``workbook`` template from share/jupyter (Voila's lab template without
its CDN links, a loading message naming the workbook), pre-heating with
``kernel_pools_config`` = 1 kernel for dashboard.ipynb and 0 for everything else (a pool per
chapter would multiply memory), idle kernels culled after 20 minutes (checked every minute;
kernels with an open tab are kept), ``allow_template_override: NO`` (no ``?template=`` back to
the CDN-linking templates), the classic (plain HTML) chapter list, and nbconvert's
``TagRemovePreprocessor`` dropping cells tagged ``instructor`` (the instructor's notes) or
``lab-only`` (code a student edits in JupyterLab) before a page is run or shown, and a cell
whose output is more than 60 s late failing instead of rendering empty (``VoilaExecutor``). The slides
keep ``instructor`` cells (``--TagRemovePreprocessor.remove_cell_tags=lab-only``), and the
``workbook-reveal`` template makes them speaker notes.

Voila itself is subclassed for what its options cannot do: the ``/`` redirect, one option for
the landing notebook's pool size (``--WorkbookVoila.landing_pool``), the ``_xsrf`` cookie
without which a closed tab never shuts its kernel down (voila#1458), serving reveal.js from
the machine, keeping ``notebooks/instructor/`` (the class report) out of every Voila page:
not listed, not rendered, 404 (``--WorkbookVoila.private_folders``; instructors open it in
JupyterLab, ``make lab``), and releasing what each closed tab's kernel used to leave in the
server for good (open ZMQ channels, request info, a logger: ``ReleasingKernelManager``), which
kept the server's memory and open files climbing session after session (bench/app.py), then
collecting the garbage a closed session leaves and handing the freed heap back to the system.

So that one class, or one client, cannot break the server (workbook/serving.py): the pool fills
a few kernels at a time and hands out only whole pages (``whole_page_pool``); kernels are capped
(``--max-kernels``, by default what 80 % of the memory available at start holds at 128 MiB
each; past it a "room is full" page, HTTP 503); a kernel no browser connects to within 90 s is
shut down; the kernel websocket speaks only the v1 protocol the pages use, each frame checked;
odd URLs (a NUL byte, ``/voila/templates/../..``, ``/logout``) answer 404. Any Voila setting
can be added as ``--Class.trait=value`` (the tests shorten timeouts that way).
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from workbook.serving import (
    PRIVATE_FOLDERS,
    CheckedTemplateStaticHandler,
    GuardedKernelManager,
    GuardedKernelWebsocketHandler,
    PrivateFoldersContents,
    limit_malloc_arenas,
    unservable_path,
    whole_page_pool,
)

__all__ = [
    "LANDING",
    "NOTEBOOKS",
    "PRIVATE_FOLDERS",
    "REVEAL_URL",
    "ROOT",
    "SLIDES_TEMPLATE",
    "VoilaServer",
    "build_command",
    "free_port",
    "main",
    "reveal_package",
]

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LANDING = "dashboard.ipynb"
#: share/jupyter/voila/templates/workbook-reveal: Voila's reveal template with nothing from a CDN
SLIDES_TEMPLATE = "workbook-reveal"
#: cell tags the slides drop; ``instructor`` cells stay, as speaker notes (voila.json drops both)
SLIDES_REMOVED_TAG = "lab-only"
#: where (under the base URL) the reveal.js npm package is served
REVEAL_URL = "voila/reveal.js"

# A workshop pre-heats one dashboard kernel per seat: the class opens the dashboard within the
# same minute, and a student who misses the pool waits for a cold kernel, several seconds when
# thirty start at once. Chapters start kernels on demand (a pool each would multiply memory).
WORKSHOP_POOL_PER_SEAT = 1
# Once the class has taken the pool, Voila refills it 1 s after each page (voila.json): thirty
# kernels starting while the thirty pages load and fetch their widgets. A workshop waits 10 s:
# 30 pages at once on 2 busy cores, p95 2.2 s -> 0.9 s and tabs usable after 12 s -> 5 s. A
# student who reloads in those seconds waits for the refill instead (a kernel start or two).
WORKSHOP_FILL_DELAY_S = 10
#: memory planned per kernel for the default cap (a dashboard kernel stays under 100 MiB)
KERNEL_BUDGET_MIB = 128
#: share of the memory available at start that the kernels may take
KERNEL_MEMORY_SHARE = 0.8


def available_mib() -> float:
    """Memory available to new processes now (MemAvailable on Linux, else all of it)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**20


def default_max_kernels(pool: int) -> int:
    """The most kernels a server starts: what 80 % of the memory available now holds at
    KERNEL_BUDGET_MIB each, and never fewer than the pool plus a few pages. Past it a student
    gets the "room is full" page (HTTP 503) instead of a machine that runs out of memory."""
    fits = int(KERNEL_MEMORY_SHARE * available_mib() // KERNEL_BUDGET_MIB)
    return max(pool + 5, fits)


def build_command(
    mode: str,
    *,
    port: int = 8866,
    ip: str | None = None,
    seats: int = 30,
    root: Path = NOTEBOOKS,
    landing: str = LANDING,
    pool: int | None = None,
    max_kernels: int | None = None,
) -> tuple[list[str], dict[str, str]]:
    """The Voila arguments and the extra environment for ``mode``.

    ``pool`` overrides the landing notebook's pool size from voila.json (0 turns pre-heating
    off); the benchmarks use it to serve the bare baseline the same way, without pre-heating.
    ``max_kernels`` caps the kernels at once (default: :func:`default_max_kernels`).
    """
    if mode not in {"app", "workshop", "slides"}:
        raise ValueError(f"unknown mode {mode!r}: choose app, workshop or slides")
    jupyter_path = [str(ROOT / "share" / "jupyter"), os.environ.get("JUPYTER_PATH", "")]
    env = {"JUPYTER_PATH": os.pathsep.join(p for p in jupyter_path if p)}
    argv = [
        str(Path(root).resolve()),
        f"--Voila.config_file_paths={ROOT}",
        f"--port={port}",
        f"--Voila.ip={ip or ('0.0.0.0' if mode == 'workshop' else 'localhost')}",
        f"--WorkbookVoila.landing={landing}",
    ]
    if mode == "workshop":
        env["WORKBOOK_SHARED"] = "1"
        argv.append(f"--VoilaKernelManager.fill_delay={WORKSHOP_FILL_DELAY_S}")
        if pool is None:
            pool = max(1, seats * WORKSHOP_POOL_PER_SEAT)
    elif mode == "slides":
        # reveal.js slides of the chapters, started on demand: nothing to pre-heat, and the
        # root URL shows the chapter list rather than a dashboard made into slides. A room is
        # watching: like a workshop, nothing remembered on this machine is opened, so the
        # presenter's own code and work never appear on the projector
        env["WORKBOOK_SHARED"] = "1"
        argv = [a for a in argv if not a.startswith("--WorkbookVoila.landing=")]
        argv += [
            f"--template={SLIDES_TEMPLATE}",
            "--WorkbookVoila.landing=",
            f"--TagRemovePreprocessor.remove_cell_tags={SLIDES_REMOVED_TAG}",
        ]
        pool = 0
    if pool is not None:
        argv.append(f"--WorkbookVoila.landing_pool={pool}")
    if max_kernels is None:
        max_kernels = default_max_kernels(pool if pool is not None else 1)
    argv.append(f"--GuardedKernelManager.max_kernels={max_kernels}")
    return argv, env


def reveal_package() -> Path | None:
    """The reveal.js npm package scripts/install-reveal.sh installed (in this virtual
    environment's node/ folder, or the repository's .venv), or None when it is missing."""
    for venv in (Path(sys.prefix), ROOT / ".venv"):
        package = venv / "node" / "node_modules" / "reveal.js"
        if (package / "dist" / "reveal.css").is_file():
            return package
    return None


def _voila_class() -> type:
    """Voila with the root URL sending visitors to the landing notebook, closed tabs shutting
    their kernels down, reveal.js served from this machine and private folders kept out."""
    from jupyter_server.auth.logout import LogoutHandler
    from jupyter_server.utils import url_path_join
    from tornado.web import HTTPError, RedirectHandler, StaticFileHandler
    from traitlets import Integer, List, Unicode
    from voila.app import Voila
    from voila.static_file_handler import AllowListFileHandler, TemplateStaticFileHandler
    from voila.tornado.handler import TornadoVoilaHandler
    from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

    class PageHandler(TornadoVoilaHandler):
        """Voila's page, also setting the ``_xsrf`` cookie that the page's unload beacon sends.

        Voila 0.5.13 never sets that cookie, so the beacon asking to shut the kernel down when
        a tab closes is refused (403, voila-dashboards/voila#1458) and each closed tab leaves a
        kernel running until culled. Reading ``xsrf_token`` makes tornado set the cookie.
        """

        async def get(self, path: str | None = None) -> None:
            if unservable_path(path):
                raise HTTPError(404)
            self.xsrf_token  # noqa: B018 - read for its side effect, the cookie
            await super().get(path)

    class WorkbookVoila(Voila):
        landing = Unicode(
            LANDING, config=True, help="Notebook the root URL redirects to ('': the list)."
        )
        landing_pool = Integer(
            None,
            allow_none=True,
            config=True,
            help="Pre-heated kernels for the landing notebook only, instead of voila.json's "
            "pools; 0 turns pre-heating off.",
        )
        private_folders = List(
            Unicode(),
            list(PRIVATE_FOLDERS),
            config=True,
            help="Names of folders (at any depth) no Voila page lists, renders or serves.",
        )
        reveal_dir = Unicode(
            "",
            config=True,
            help="The reveal.js npm package served at /voila/reveal.js/ ('': the one "
            "scripts/install-reveal.sh installed).",
        )

        def initialize(self, argv: list[str] | None = None) -> None:
            super().initialize(argv)
            self.voila_configuration.multi_kernel_manager_class = GuardedKernelManager
            # Each kernel's manager looks for its app's event logger and, finding none on
            # Voila, makes its own: a logging.Logger named after id() that the logging module
            # keeps forever, and the event schemas parsed again (jupyter_server's
            # ServerKernelManager._default_event_logger). One shared logger, as ServerApp has.
            from jupyter_events import EventLogger

            self.event_logger = EventLogger(parent=self)
            # reveal templates link reveal.css and the theme from resources.reveal.url_prefix
            # (unpkg.com when unset); Voila reads the resources from its config object
            section = self.voila_configuration.config.VoilaConfiguration
            resources = dict(self.voila_configuration.resources)
            reveal = {"url_prefix": url_path_join(self.base_url, REVEAL_URL)}
            resources["reveal"] = {**reveal, **dict(resources.get("reveal", {}))}
            section.resources = resources
            if self.landing_pool is None:
                return
            if self.landing_pool <= 0:
                self.voila_configuration.preheat_kernel = False
            else:
                # read by the kernel manager, which Voila creates later, in start()
                pools = {
                    "default": {"pool_size": 0},
                    self.landing: {"pool_size": self.landing_pool},
                }
                self.config.VoilaKernelManager.kernel_pools_config = pools

        def init_settings(self) -> dict:
            # Voila builds its pre-heating kernel manager in init_settings, from a factory named
            # in voila.app: for that call, the factory's class gets whole_page_pool on top
            import voila.app as voila_app

            factory = voila_app.voila_kernel_manager_factory

            def pooled(base: type, preheat: bool, size: int, **kwargs: Any) -> type:
                made = factory(base, preheat, size, **kwargs)
                return whole_page_pool(made) if preheat else made

            voila_app.voila_kernel_manager_factory = pooled
            try:
                settings = super().init_settings()
            finally:
                voila_app.voila_kernel_manager_factory = factory
            # Voila hard-codes LargeFileManager; the same class, minus the private folders
            self.contents_manager = PrivateFoldersContents(
                parent=self, private_folders=self.private_folders
            )
            settings["contents_manager"] = self.contents_manager
            return settings

        def init_handlers(self) -> list:
            ours = {
                TornadoVoilaHandler: PageHandler,
                VoilaKernelWebsocketHandler: GuardedKernelWebsocketHandler,
                TemplateStaticFileHandler: CheckedTemplateStaticHandler,
            }
            # no /logout: nobody logs in to this app (jupyter_server's page for it was a 500)
            handlers = [
                (rule[0], ours.get(rule[1], rule[1]), *rule[2:])
                for rule in super().init_handlers()
                if not (isinstance(rule[1], type) and issubclass(rule[1], LogoutHandler))
            ]
            # /voila/files/ (images) reads the disk directly, not through the contents manager
            deny = [rf"(?:.*[/\\])?{re.escape(name)}[/\\].*" for name in self.private_folders]
            for rule in handlers:
                if rule[1] is AllowListFileHandler:
                    rule[2]["denylist"] = [*rule[2]["denylist"], *deny]
            reveal = self.reveal_dir or reveal_package()
            if reveal:
                pattern = url_path_join(self.server_url, REVEAL_URL, "(.*)")
                handlers.insert(0, (pattern, StaticFileHandler, {"path": str(reveal)}))
            if not self.landing:
                return handlers
            target = url_path_join(self.base_url, "voila/render", self.landing)
            # tornado takes the first matching rule, so this one shadows Voila's tree at "/"
            redirect = (self.server_url, RedirectHandler, {"url": target, "permanent": False})
            return [redirect, *handlers]

        def listen(self) -> None:
            # Everything built so far (modules, the app, its handlers and kernel manager) lives
            # as long as the server: freezing it keeps the collection after each closed tab
            # (reclaim_memory) to what sessions made since, instead of every object.
            gc.collect()
            gc.freeze()
            super().listen()

    return WorkbookVoila


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class VoilaServer:
    """This script run as a subprocess on 127.0.0.1, for the browser tests and the benchmarks.

    Use as a context manager: it waits until the server answers and stops it (SIGTERM, which
    makes Voila shut its kernels down) on the way out. The log goes to ``log_path``.
    """

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
        self.mode, self.root, self.landing, self.pool, self.seats = mode, root, landing, pool, seats
        self.max_kernels, self.voila_args = max_kernels, list(voila_args or [])
        self.port = port or free_port()
        self.log_path = Path(log_path)
        self.env = {**os.environ, **(env or {})}
        self.process: subprocess.Popen[bytes] | None = None

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
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, str(Path(__file__).resolve()), *args],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Voila exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                urllib.request.urlopen(f"{self.url}/voila/tree", timeout=2).close()
                return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.2)
        self.stop()
        raise TimeoutError(f"Voila did not answer within {timeout} s:\n{self.log_tail()}")

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

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

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="serve.py", description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=["app", "workshop", "slides"])
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--ip", help="address to listen on (app: localhost, workshop: 0.0.0.0)")
    parser.add_argument("--seats", type=int, default=30, help="workshop: students at once")
    parser.add_argument("--root", type=Path, default=NOTEBOOKS, help="folder of notebooks")
    parser.add_argument("--landing", default=LANDING, help="notebook the root URL opens")
    parser.add_argument("--pool", type=int, help="pre-heated kernels for the landing notebook")
    parser.add_argument(
        "--max-kernels", type=int, help="most kernels at once (default: what the memory holds)"
    )
    parser.add_argument("--print", action="store_true", help="show the command, do not run it")
    args, rest = parser.parse_known_args(argv)
    # Voila's own settings (--Class.trait=value) go through unchanged; nothing else does
    unknown = [arg for arg in rest if not re.fullmatch(r"--[A-Za-z]\w*\.\w+=.*", arg)]
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.voila_args = rest
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    voila_argv, env = build_command(
        args.mode,
        port=args.port,
        ip=args.ip,
        seats=args.seats,
        root=args.root,
        landing=args.landing,
        pool=args.pool,
        max_kernels=args.max_kernels,
    )
    voila_argv += args.voila_args
    if args.print:
        prefix = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
        print(f"{prefix} WorkbookVoila {shlex.join(voila_argv)}")
        print(
            "(WorkbookVoila: voila.app.Voila plus the / redirect, the landing_pool option, "
            f"reveal.js at /{REVEAL_URL}/ and {', '.join(PRIVATE_FOLDERS)}/ kept out)"
        )
        return 0
    if args.mode == "slides" and reveal_package() is None:
        print(
            "The slides need reveal.js from npm, which is not installed yet: run\n"
            "    bash scripts/install-reveal.sh\n"
            "(make slides does this for you), then try again.",
            file=sys.stderr,
        )
        return 1
    os.environ.update(env)
    if args.mode == "workshop":
        seats = args.pool if args.pool is not None else args.seats * WORKSHOP_POOL_PER_SEAT
        print(
            f"Workshop for {args.seats} students: {seats} pre-heated dashboard kernels; "
            "personal codes are not remembered between students.",
            flush=True,
        )
    limit_malloc_arenas()
    _voila_class().launch_instance(voila_argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
