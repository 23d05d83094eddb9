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
