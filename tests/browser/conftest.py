"""Fixtures for the browser tests: the real app served by scripts/serve.py, driven by Chromium.

The server is the same command ``make app`` runs, started as a subprocess on a free loopback port
(``workbook.serving.harness.VoilaServer``) with ``WORKBOOK_DATA`` pointing at a temporary folder,
and stopped at the end. The browser is Debian's Chromium through Playwright (no browser
download). Every page records each request, console error, uncaught exception and dialog, so a
test can assert on them.

Without Chromium the tests skip with the reason, unless ``WORKBOOK_REQUIRE_BROWSER`` is set (as
``make test`` and CI do): then a missing browser is a failure, so nothing skips silently.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from workbook.serving import harness as serve
from workbook.serving.app import reveal_package
from workbook.serving.harness import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[2]
#: selector of the first control a student uses; visible and enabled = the dashboard is usable
READY = ".wb-goal-title input"


@dataclass
class PageLog:
    """What a page did: every request (and websocket), console errors, exceptions, dialogs."""

    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        page.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", lambda ws: self.requests.append(ws.url))
        page.on(
            "console",
            lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))

        def on_dialog(dialog: Any) -> None:
            self.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)

    def foreign_requests(self, port: int) -> list[str]:
        """Requests that went anywhere but this machine's server (data: and blob: are local)."""
        foreign = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in {"data", "blob"}:
                continue
            local = parts.hostname in {"127.0.0.1", "localhost"} and parts.port == port
            if parts.scheme not in {"http", "ws"} or not local:
                foreign.append(url)
        return foreign


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium, or a skip (a failure when WORKBOOK_REQUIRE_BROWSER is set)."""
    if CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK):
        return CHROMIUM
    reason = f"no Chromium at {CHROMIUM}: install Debian's chromium (make chromium)"
    if os.environ.get("WORKBOOK_REQUIRE_BROWSER"):
        pytest.fail(f"WORKBOOK_REQUIRE_BROWSER is set but there is {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser(chromium: Path) -> Iterator[Any]:
    """One headless Chromium for the whole run; each test gets fresh contexts from it."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _start(server: Any) -> Any:
    # the developer's own WORKBOOK_SHARED must not change what these tests see
    server.env.pop("WORKBOOK_SHARED", None)
    return server.start()


@pytest.fixture(scope="session")
def app_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app server's WORKBOOK_DATA: a temporary folder, never a real student's."""
    folder = tmp_path_factory.mktemp("app-data")
    folder.chmod(0o700)
    return folder


@pytest.fixture(scope="session")
def app(chromium: Path, app_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The app as ``make app`` serves it (notebooks/, voila.json), on a free loopback port."""
    logs = tmp_path_factory.mktemp("voila-logs")
    server = serve.VoilaServer(
        "app", log_path=logs / "app.log", env={"WORKBOOK_DATA": str(app_data)}
    )
    _start(server)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def slides(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The chapters as slides, as ``make slides`` serves them, on a free loopback port.

    The slides need the reveal.js npm package (scripts/install-reveal.sh, run by ``make test``);
    without it they skip, or fail when WORKBOOK_REQUIRE_BROWSER is set.
    """
    if reveal_package() is None:
        reason = "reveal.js is not installed: run bash scripts/install-reveal.sh"
        if os.environ.get("WORKBOOK_REQUIRE_BROWSER"):
            pytest.fail(f"WORKBOOK_REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    logs = tmp_path_factory.mktemp("voila-slides-logs")
    data = tmp_path_factory.mktemp("slides-data")
    data.chmod(0o700)
    server = serve.VoilaServer(
        "slides", log_path=logs / "slides.log", env={"WORKBOOK_DATA": str(data)}
    )
    _start(server)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def start_server(tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """Start another server (a mode, folder or pool of the test's choosing); stopped after."""
    started: list[Any] = []

    def start(mode: str = "app", **kwargs: Any) -> Any:
        data = tmp_path / f"data-{len(started)}"
        data.mkdir(mode=0o700)
        server = serve.VoilaServer(
            mode,
            log_path=tmp_path / f"voila-{len(started)}.log",
            env={"WORKBOOK_DATA": str(data)},
            **kwargs,
        )
        started.append(server)
        return _start(server)

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def light_notebooks(tmp_path: Path) -> Callable[[list[str]], Path]:
    """Make a notebooks folder of the real dashboard and, under the given names, light stand-in
    chapters (bench/baseline.ipynb: one button, ``.wb-baseline``), quick to run on any kernel."""

    def make(names: list[str]) -> Path:
        root = tmp_path / "notebooks"
        root.mkdir()
        shutil.copy(ROOT / "notebooks" / "dashboard.ipynb", root / "dashboard.ipynb")
        for name in names:
            shutil.copy(ROOT / "bench" / "baseline.ipynb", root / name)
        return root

    return make


@dataclass
class Tab:
    """A page in its own browser context (its own cookies, so its own Voila kernel)."""

    page: Any
    log: PageLog
    context: Any

    def open(self, url: str, ready: str = READY) -> Tab:
        """Go to ``url`` and wait until the page is usable (``ready`` visible and enabled)."""
        self.page.goto(url)
        self.wait_ready(ready)
        return self

    def wait_ready(self, ready: str = READY, timeout: float = 60_000) -> None:
        """Wait until ``ready`` (by default the dashboard's goal title box) is usable."""
        self.page.locator(ready).first.wait_for(state="visible", timeout=timeout)
        self.page.wait_for_function(
            "sel => { const e = document.querySelector(sel); return e && !e.disabled; }",
            arg=ready,
            timeout=timeout,
        )

    def kernel_id(self) -> str:
        """The id of the kernel Voila started for this page (from the page's config data)."""
        return self.page.evaluate(
            "() => JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )

    def close(self) -> None:
        """Close as a student closes a tab: beforeunload runs, so Voila shuts the kernel down."""
        if not self.page.is_closed():
            self.page.close(run_before_unload=True)
        self.context.close()


@pytest.fixture
def open_tab(browser: Any) -> Iterator[Callable[..., Tab]]:
    """Factory of recorded pages, each in a fresh browser context (1280x900 unless given a
    viewport); all closed after the test."""
    tabs: list[Tab] = []

    def new_tab(viewport: dict[str, int] | None = None) -> Tab:
        context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        context.set_default_timeout(60_000)
        page = context.new_page()
        log = PageLog()
        log.attach(page)
        tab = Tab(page, log, context)
        tabs.append(tab)
        return tab

    yield new_tab
    for tab in tabs:
        tab.close()
