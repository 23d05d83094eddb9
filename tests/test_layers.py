"""The package's layers, read from the source: imports only point down, no module imports
another's private names, there is no import cycle, and the student's kernel never pays for
pandas or matplotlib just by importing the workbook.

The rules are those of ``DESIGN.md`` ("Layers only point down"). Every import counts, at module
level or inside a function (a lazy import is still a dependency), and so does a module named
in a string (``workbook/__init__.py``'s lazy names, ``__main__``'s sub-commands).
"""

from __future__ import annotations

import ast
import graphlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "workbook"

#: layer -> the layers its modules may import (their own included)
MAY_IMPORT: dict[str, set[str]] = {
    # data, validation, files and small helpers: the floor everything stands on
    "base": {"base"},
    # the pure parts: no widgets, no kernel session, usable from the command line and tests
    "pure": {"base", "pure"},
    # the work open in this kernel: the only module that knows about kernels
    "session": {"base", "pure", "session"},
    # widgets, and beside them (not above or below) the chapters' helpers
    "ui": {"base", "pure", "session", "ui"},
    "lessons": {"base", "pure", "session", "lessons"},
    # the instructor's class report (pandas): only the command line and instructor views use it
    "classroom": {"base", "pure", "classroom"},
    # the Voila server classes run in the server, never in a kernel
    "server": {"base", "server"},
    # the public API the notebooks import: everything a student needs, never the class report
    "api": {"base", "pure", "session", "ui", "lessons", "api"},
    # the command line may drive anything
    "cli": {"base", "pure", "session", "ui", "lessons", "classroom", "server", "api", "cli"},
}

#: module (or package, with everything under it) -> its layer; the longest match wins
LAYER_OF: dict[str, str] = {
    "workbook": "api",
    "workbook.__main__": "cli",
    "workbook.model": "base",  # rules, goal, roadmap
    "workbook.text": "base",
    "workbook.html": "base",
    "workbook.inputs": "base",
    "workbook.content": "base",
    "workbook.save_schema": "base",
    "workbook.store": "base",  # work, codes, files, migrations, reading, saving
    "workbook.coach": "pure",
    "workbook.exercises": "pure",
    "workbook.timeline": "pure",  # layout, style, fonts, words; renderers svg, mpl
    "workbook.export": "pure",  # markdown, csv_table, ical, chart, roadmap_file, writer
    "workbook.session": "session",
    "workbook.ui": "ui",
    "workbook.lessons": "lessons",
    "workbook.classroom": "classroom",  # rows, tables, charts, report, sample, cli
    "workbook.serving": "server",
}

#: layers whose modules a student's kernel may import: pandas and matplotlib stay out of them
STUDENT_LAYERS = {"base", "pure", "session", "ui", "lessons", "api"}
HEAVY = ("pandas", "matplotlib")


def module_files() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = module_files()


def layer(module: str) -> str | None:
    """The layer of a module, from the longest entry of :data:`LAYER_OF` that contains it."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        found = LAYER_OF.get(".".join(parts[:end]))
        if found:
            return found
    return None


def imports_of(module: str) -> tuple[set[str], set[tuple[str, str]]]:
    """The package modules ``module`` imports, and the private names it takes from them
    (as ``(module, name)``)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    targets: set[str] = set()
    private: set[tuple[str, str]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets.update(a.name for a in node.names if a.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source not in MODULES:
                continue
            for alias in node.names:
                submodule = f"{source}.{alias.name}"
                targets.add(submodule if submodule in MODULES else source)
                if alias.name.startswith("_"):
                    private.add((source, alias.name))
        elif isinstance(node, ast.Constant) and "." in str(node.value) and node.value in MODULES:
            targets.add(node.value)  # imported by name: importlib.import_module(...)
    targets.discard(module)
    return targets, private


GRAPH = {module: imports_of(module)[0] for module in MODULES}


def test_every_module_has_a_layer():
    """Is every module of the package placed in a layer, so a new one cannot slip past?"""
    assert [m for m in MODULES if layer(m) is None] == []
    assert set(LAYER_OF.values()) <= set(MAY_IMPORT)


def test_the_checker_sees_imports_at_module_level_in_functions_and_by_name():
    """Does the graph see each kind of import (or would the other tests pass for nothing)?"""
    assert "workbook.model" in GRAPH["workbook.store.saving"]  # at module level
    assert "workbook.classroom" in GRAPH["workbook.__main__"]  # by name, for importlib
    assert "workbook.ui.builder" in GRAPH["workbook"]  # by name, in the lazy table
    assert "workbook.timeline" in GRAPH["workbook.export.chart"]
    assert "workbook.export" in GRAPH["workbook.lessons.work"]  # inside show_timeline()


def test_the_chart_layout_never_imports_a_renderer():
    """Does the timeline's layout (and its style, fonts and words) stand below both renderers,
    so each renderer draws the one layout and neither can reach into the other?"""
    renderers = {"workbook.timeline.svg", "workbook.timeline.mpl"}
    below = [m for m in MODULES if m.startswith("workbook.timeline.") and m not in renderers]
    assert len(below) >= 4  # layout, style, fonts, words (and the glyph table)
    assert {m: GRAPH[m] & renderers for m in below} == {m: set() for m in below}
    for renderer in renderers:
        assert "workbook.timeline.layout" in GRAPH[renderer]
        assert not (GRAPH[renderer] & (renderers - {renderer}))


def test_no_import_cycle():
    """Can the package's modules be put in an order where each imports only earlier ones?"""
    try:
        tuple(graphlib.TopologicalSorter(GRAPH).static_order())
    except graphlib.CycleError as exc:
        # each node in the cycle is imported by the next one
        pytest.fail("import cycle: " + " imports ".join(reversed(exc.args[1])))


def test_imports_only_point_down():
    """Does every module import only from its own layer and the layers below it?"""
    upward = sorted(
        f"{module} ({layer(module)}) imports {target} ({layer(target)})"
        for module, targets in GRAPH.items()
        for target in targets
        if layer(target) not in MAY_IMPORT[layer(module) or ""]
    )
    assert not upward, "\n".join(upward)


def test_no_module_imports_another_modules_private_names():
    """Is everything one module takes from another public, so shared constants and helpers
    have one named home instead of a private one reached into from outside?"""
    reached = sorted(
        f"{module} imports {source}.{name}"
        for module in MODULES
        for source, name in imports_of(module)[1]
    )
    assert not reached, "\n".join(reached)


def test_the_students_modules_never_import_pandas_or_matplotlib():
    """Does importing the workbook and each module a student's kernel uses leave pandas and
    matplotlib unloaded (they cost a kernel some 50 MiB and a second of start-up)?"""
    student = sorted(m for m in MODULES if layer(m) in STUDENT_LAYERS and m != "workbook")
    script = (
        "import importlib, json, sys\n"
        f"heavy = {HEAVY!r}\n"
        "loaded = {}\n"
        f"for name in ['workbook', *{student!r}]:\n"
        "    importlib.import_module(name)\n"
        "    for h in heavy:\n"
        "        if h in sys.modules and h not in loaded:\n"
        "            loaded[h] = name\n"
        "print(json.dumps(loaded))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert json.loads(out.stdout) == {}  # heavy package -> the first module that loaded it
