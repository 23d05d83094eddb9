"""Shared test set-up: every test saves into its own empty folder, never a real student's."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def workbook_data(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A fresh private WORKBOOK_DATA folder for each test, on one's own machine (not shared)."""
    folder = tmp_path_factory.mktemp("workbook-data")
    folder.chmod(0o700)
    monkeypatch.setenv("WORKBOOK_DATA", str(folder))
    monkeypatch.delenv("WORKBOOK_SHARED", raising=False)
    return folder


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the browser tests last.

    Playwright's sync API keeps an asyncio loop marked as running in the main thread for the
    rest of the session; code under test that schedules work on "the running loop" (the coach
    panel's debounce, as in a real kernel) would then wait on a loop that never turns. Running
    the browser tests after everything else also gives the quick feedback first.
    """
    items.sort(key=lambda item: "browser" in item.path.parts)
