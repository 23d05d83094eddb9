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
    # the class takes the pool at once; the refill waits until their pages are served
    assert "--VoilaKernelManager.fill_delay=10" in workshop and "fill_delay" not in app
    # every server caps its kernels ("the room is full" past the cap)
    assert "--GuardedKernelManager.max_kernels=" in app and "max_kernels=" in workshop
    capped = show("app", "--max-kernels", "7", "--GuardedKernelManager.unclaimed_timeout=30")
    assert "--GuardedKernelManager.max_kernels=7" in capped
    assert capped.endswith("--GuardedKernelManager.unclaimed_timeout=30")
    slides = show("slides")
    assert "--template=workbook-reveal" in slides and "--WorkbookVoila.landing_pool=0" in slides
    # the slides keep the instructor's notes (as speaker notes) and drop only lab-only cells
    assert "--TagRemovePreprocessor.remove_cell_tags=lab-only" in slides
    assert "remove_cell_tags" not in app and "remove_cell_tags" not in workshop
    assert f"JUPYTER_PATH={ROOT / 'share' / 'jupyter'}" in app


def test_voila_json_names_only_real_settings() -> None:
    """Is every key in voila.json a setting Voila knows (a typo would be ignored silently)?"""
    from jupyter_server.services.kernels.kernelmanager import (
        AsyncMappingKernelManager,
        ServerKernelManager,
    )
    from nbconvert.preprocessors import TagRemovePreprocessor
    from voila.app import Voila
    from voila.configuration import VoilaConfiguration
    from voila.execute import VoilaExecutor
    from voila.voila_kernel_manager import voila_kernel_manager_factory

    classes = {
        "Voila": Voila,
        "VoilaConfiguration": VoilaConfiguration,
        "MappingKernelManager": AsyncMappingKernelManager,
        "KernelManager": ServerKernelManager,
        "VoilaKernelManager": voila_kernel_manager_factory(AsyncMappingKernelManager, True, 0),
        "TagRemovePreprocessor": TagRemovePreprocessor,
        "VoilaExecutor": VoilaExecutor,
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
    # a cell whose output arrives late under load fails (and its page is not handed out)
    # rather than rendering empty after nbclient's 4 s default
    executor = config["VoilaExecutor"]
    assert executor["raise_on_iopub_timeout"] is True and executor["iopub_timeout"] >= 30
    hiding = config["TagRemovePreprocessor"]
    assert hiding["enabled"] is True
    assert set(hiding["remove_cell_tags"]) == {"instructor", "lab-only"}
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
    assert (template.parent / "workbook-reveal" / "index.html.j2").exists()


def test_the_cell_tags_voila_hides_are_the_chapters_own() -> None:
    """Are the tags voila.json hides exactly the ones the chapters use for that
    (scripts/notebooks.py VOILA_HIDDEN_TAGS), and do the chapters carry them?"""
    import importlib.util

    import nbformat

    spec = importlib.util.spec_from_file_location("nb_tool", ROOT / "scripts" / "notebooks.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = tool  # dataclasses look their module up there
    spec.loader.exec_module(tool)
    config = json.loads((ROOT / "voila.json").read_text())
    assert set(config["TagRemovePreprocessor"]["remove_cell_tags"]) == set(tool.VOILA_HIDDEN_TAGS)
    used = {
        tag
        for path in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")
        for cell in nbformat.read(path, as_version=4).cells
        for tag in cell.metadata.get("tags", [])
    }
    assert set(tool.VOILA_HIDDEN_TAGS) <= used


def test_install_reveal_pins_the_reveal_js_that_voila_bundles() -> None:
    """Does scripts/install-reveal.sh install the reveal.js version whose script Voila bundles,
    so the local stylesheets match the slides' JavaScript (a Voila upgrade must update both)?"""
    import re

    from voila.paths import collect_static_paths

    script = (ROOT / "scripts" / "install-reveal.sh").read_text()
    pinned = re.search(r"^REVEAL_VERSION=(\S+)", script, re.MULTILINE)
    assert pinned
    bundles = [Path(d) / "reveal.js" for d in collect_static_paths(["voila"], "reveal")]
    bundle = next(b for b in bundles if b.is_file())
    # the minified bundle holds one version literal, reveal.js's own VERSION constant
    versions = set(re.findall(r'"(\d+\.\d+\.\d+)"', bundle.read_text()))
    assert versions == {pinned.group(1)}


def test_only_well_formed_v1_frames_pass_the_websocket_check() -> None:
    """Does the kernel websocket's frame check take jupyter_server's own v1 frames (buffers
    included) apart, and refuse the old-style frame that froze Voila, a huge part count, offsets
    out of order or past the end, and text?"""
    from jupyter_server.services.kernels.connection.base import (
        serialize_binary_message,
        serialize_msg_to_ws_v1,
    )

    from workbook.serving import v1_frame_parts

    message = {
        "header": {"msg_id": "1", "msg_type": "comm_msg"},
        "parent_header": {},
        "metadata": {},
        "content": {"data": {"method": "update"}},
        "buffers": [b"\x89PNG"],
    }
    pack = [json.dumps(message[key]).encode() for key in list(message)[:4]]
    frame = serialize_msg_to_ws_v1([*pack, *message["buffers"]], "iopub")
    parts = v1_frame_parts(frame)
    assert parts is not None
    assert parts[0] == b"iopub" and json.loads(parts[1])["msg_type"] == "comm_msg"
    assert parts[-1] == b"\x89PNG"
    legacy = serialize_binary_message({**message, "channel": "iopub"})
    assert int.from_bytes(legacy[:8], "little") > 10**15  # what Voila 0.5.13 took as a count
    assert v1_frame_parts(legacy) is None
    count = int.from_bytes(frame[:8], "little")
    assert v1_frame_parts((2**62).to_bytes(8, "little") + frame[8:]) is None
    swapped = bytearray(frame)
    swapped[16:24], swapped[24:32] = frame[24:32], frame[16:24]
    assert v1_frame_parts(bytes(swapped)) is None
    assert v1_frame_parts(frame[: 8 * (count + 1)]) is None  # offsets past the end
    assert v1_frame_parts(frame.decode("latin-1")) is None
    assert v1_frame_parts(b"") is None
