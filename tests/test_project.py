"""Project-wide promises: packaging in step, notebooks committed clean, the public API."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _name_and_bound(spec: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", spec)
    assert match, spec
    name = match.group(1).lower().replace("_", "-")
    conda_names = {"python-fastjsonschema": "fastjsonschema"}  # conda-forge's name for it
    return conda_names.get(name, name), match.group(2).replace(" ", "")


def test_environment_yml_matches_pyproject():
    """Does environment.yml ask for exactly the runtime packages, with the same lower bounds?"""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = dict(_name_and_bound(d) for d in project["dependencies"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = dict(
        _name_and_bound(d)
        for d in env["dependencies"]
        if isinstance(d, str) and _name_and_bound(d)[0] not in {"python", "pip"}
    )
    assert conda == wanted
    python_pin = next(
        d for d in env["dependencies"] if isinstance(d, str) and _name_and_bound(d)[0] == "python"
    )
    assert python_pin.replace(" ", "") == "python" + project["requires-python"]


def test_constraints_pin_every_dependency():
    """Is every direct dependency pinned to one version in constraints.txt?"""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = project["dependencies"] + [
        d for extra in project["optional-dependencies"].values() for d in extra
    ]
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    missing = [s for s in specs if _name_and_bound(s)[0] not in pins]
    assert not missing, f"not pinned in constraints.txt: {missing}"


def _tracked_notebooks() -> list[Path]:
    out = subprocess.run(
        ["git", "ls-files", "*.ipynb"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    tracked = [ROOT / line for line in out.stdout.splitlines() if line]
    return tracked or sorted(ROOT.glob("notebooks/**/*.ipynb")) + sorted(ROOT.glob("bench/*.ipynb"))


def test_notebooks_are_committed_without_outputs():
    """Does every notebook in the tree come without outputs and execution counts?"""
    notebooks = sorted(set(_tracked_notebooks()) | set(ROOT.glob("notebooks/**/*.ipynb")))
    dirty = []
    for path in notebooks:
        if ".ipynb_checkpoints" in path.parts or not path.exists():
            continue
        nb = json.loads(path.read_text())
        for cell in nb["cells"]:
            if cell["cell_type"] == "code" and (cell.get("outputs") or cell.get("execution_count")):
                dirty.append(path.relative_to(ROOT))
                break
    assert not dirty, f"strip outputs from: {dirty}"


def test_public_api_is_importable_and_small():
    """Does everything in workbook.__all__ resolve, without pulling pandas into the import?"""
    code = (
        "import sys, workbook\n"
        "missing = [n for n in workbook.__all__ if getattr(workbook, n, None) is None]\n"
        "assert not missing, missing\n"
        "assert 'pandas' not in sys.modules, 'pandas leaked into the student path'\n"
        "print(len(workbook.__all__))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert 8 <= int(out.stdout) <= 50  # the model, the chapters' helpers, the app's views


def test_notebooks_import_only_the_public_api():
    """Does every chapter and the dashboard take what it needs from ``workbook`` itself (the
    curated API), never from a module inside it? (The instructor's class report imports
    ``workbook.classroom`` on purpose: pandas stays out of the students' API.)"""
    import json
    import re

    import workbook

    deep, missing = [], []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            source = "".join(cell["source"])
            deep += [
                f"{path.name}: {m}" for m in re.findall(r"from workbook\.[\w.]+ import", source)
            ]
            for names in re.findall(r"from workbook import ([\w, ]+)", source):
                missing += [
                    n.strip() for n in names.split(",") if n.strip() not in workbook.__all__
                ]
    assert deep == [] and missing == [], (deep, missing)


def test_ci_runs_the_readme_test_command():
    """Does .ci/run call the same test command the README gives first?"""
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```bash\n(.*?)```", readme, re.S)
    assert first_block, "the README should open with a code block of commands"
    commands = [line.split("#")[0].strip() for line in first_block.group(1).splitlines()]
    assert commands[:2] == ["make app", "make test"]
    assert re.search(r"^make test$", (ROOT / ".ci/run").read_text(), re.M)


def _lint_commands() -> list[str]:
    """The commands ``make lint`` runs, as make would run them (a dry run: nothing runs)."""
    out = subprocess.run(
        ["make", "--dry-run", "--always-make", "--no-print-directory", "lint"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return [line.strip() for line in out.stdout.splitlines() if line.strip()]


def _names_a_module(pattern: str) -> bool:
    """Whether a mypy module pattern (``workbook.ui.*`` or ``workbook.timeline_svg``) matches a
    module or package in the tree."""
    path = ROOT.joinpath(*pattern.removesuffix(".*").split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def test_lint_type_checks_the_package_strictly():
    """Does ``make lint`` run mypy, strict on all of ``workbook/``, with the only exceptions
    being modules still waiting for their split (each one still in the tree, so a finished
    split cannot leave a stale exception behind) and third-party packages without types?"""
    mypy = [c.split() for c in _lint_commands() if c.split()[0].endswith("/mypy")]
    assert len(mypy) == 1, "make lint should run mypy once"
    assert mypy[0][1:] == [], "mypy reads what to check, and how strictly, from pyproject.toml"
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["strict"] is True
    assert config["files"] == ["workbook"]
    relaxed = {key: value for key, value in config.items() if value is False}
    assert not relaxed, f"strict checks switched off for the whole package: {relaxed}"
    for override in config.get("overrides", []):
        modules = override["module"]
        modules = [modules] if isinstance(modules, str) else modules
        settings = {key for key in override if key != "module"}
        if settings == {"ignore_errors"}:
            assert all(m.startswith("workbook.") for m in modules), modules
            stale = [m for m in modules if not _names_a_module(m)]
            assert not stale, f"not-yet-strict entries naming no module any more: {stale}"
        else:
            assert settings == {"ignore_missing_imports"}, f"unexpected mypy override {override}"
            assert not any(m.startswith("workbook") for m in modules), modules
