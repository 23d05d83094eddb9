"""A class from a cold start: every page the pre-heated pool hands out is whole (issue 10: thirty
dashboards run at once on two cores lost their widget, and Voila handed those pages out).

Real Voila servers from scripts/serve.py (workbook.serving.harness), real kernels; the pool's
own decisions are also checked on Voila's kernel manager class directly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workbook.serving.harness import (
    WIDGET_VIEW,
    fetch,
    fetch_all,
    page_kernel_id,
    page_problem,
    run_coroutine,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_pool_filled_on_busy_cores_hands_out_whole_pages(start_server: Any) -> None:
    """With more pre-heated dashboards than two cores can run at once (Voila alone ran them all
    together and lost every widget to its output timeout), does each of the class's concurrent
    pages carry the dashboard's widget, with no cell failed or timed out?"""
    seats = 16
    server = start_server("workshop", seats=seats)
    server.wait_settled(seats, timeout=600, quiet=3)
    pages = fetch_all(server.landing_url, seats)
    assert [status for status, _ in pages] == [200] * seats
    assert [page_problem(status, body) for status, body in pages] == [None] * seats
    assert [body.count(WIDGET_VIEW) for _, body in pages] == [1] * seats
    assert not any("There was an error" in body or "timed out" in body for _, body in pages)
    assert len({page_kernel_id(body) for _, body in pages}) == seats
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

    # in a thread of its own: an earlier browser test leaves Playwright's loop running in this one
    pooled, other, recorded = run_coroutine(decide())
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
        status, body = fetch(server.landing_url)
        assert status == 200
        assert "There was an error" not in body and "broken on purpose" not in body
        assert body.count(WIDGET_VIEW) == 1
    tab = open_tab().open(server.landing_url, ready=".wb-baseline")
    assert tab.page.locator(".wb-baseline").inner_text() == "whole"
    log = server.log_text()
    assert log.count("has an incomplete page") >= 3
    assert "its page is not whole" in log
    assert log.count("Using pre-heated kernel") == 4, "every page, the first too, is from the pool"
