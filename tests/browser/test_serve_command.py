"""The serve script and voila.json, checked without starting a server or a browser."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def show(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), *args, "--print"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.splitlines()[0]  # the command; a note follows


def test_each_mode_gets_its_own_command_line() -> None:
    """Does each Makefile target's command carry its port, address, pool and sharing?"""
    app = show("app")
    assert f"--Voila.config_file_paths={ROOT}" in app and "--port=8866" in app
    assert "--Voila.ip=localhost" in app and "WORKBOOK_SHARED" not in app
    assert "landing_pool" not in app  # the app keeps voila.json's pools
    workshop = show("workshop", "--seats", "12", "--port", "9000")
    assert "WORKBOOK_SHARED=1" in workshop and "--WorkbookVoila.landing_pool=12" in workshop
    assert "--Voila.ip=0.0.0.0" in workshop and "--port=9000" in workshop
    slides = show("slides")
    assert "--template=reveal" in slides and "--WorkbookVoila.landing_pool=0" in slides
    assert f"JUPYTER_PATH={ROOT / 'share' / 'jupyter'}" in app


def test_voila_json_names_only_real_settings() -> None:
    """Is every key in voila.json a setting Voila knows (a typo would be ignored silently)?"""
    from jupyter_server.services.kernels.kernelmanager import (
        AsyncMappingKernelManager,
        ServerKernelManager,
    )
    from voila.app import Voila
    from voila.configuration import VoilaConfiguration
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    classes = {
        "Voila": Voila,
        "VoilaConfiguration": VoilaConfiguration,
        "MappingKernelManager": AsyncMappingKernelManager,
        "KernelManager": ServerKernelManager,
        "VoilaKernelManager": voila_kernel_manager_factory(AsyncMappingKernelManager, True, 0),
    }
    config = json.loads((ROOT / "voila.json").read_text())
    unknown = [
        f"{section}.{key}"
        for section, values in config.items()
        for key in values
        if section not in classes or key not in classes[section].class_traits(config=True)
    ]
    assert unknown == []
    assert config["VoilaConfiguration"]["show_tracebacks"] is False
    assert config["VoilaConfiguration"]["strip_sources"] is True
    pools = config["VoilaKernelManager"]["kernel_pools_config"]
    assert pools == {"default": {"pool_size": 0}, "dashboard.ipynb": {"pool_size": 1}}
    template = (
        ROOT
        / "share"
        / "jupyter"
        / "voila"
        / "templates"
        / config["VoilaConfiguration"]["template"]
    )
    assert (template / "index.html.j2").exists()
