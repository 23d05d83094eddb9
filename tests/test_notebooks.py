"""The chapter notebooks: their structure, their generated cells, their prose, and a real run.

Structure tests read the committed ``.ipynb`` files. The slow test executes every chapter in
order, each in its own real kernel (the venv's python3), all saving into one temporary
``WORKBOOK_DATA`` folder, and checks that what an earlier chapter saved is what a later one shows.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
import yaml

from workbook.exercises import load_questions
from workbook.store import load_work, remembered_code

ROOT = Path(__file__).resolve().parent.parent


def _load_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "workbook_notebooks", ROOT / "scripts" / "notebooks.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


HIDDEN_TAGS = _load_script().VOILA_HIDDEN_TAGS
NOTEBOOKS = ROOT / "notebooks"
SCRIPT = ROOT / "scripts" / "notebooks.py"
ARTICLE = Path("/work/shared/seed/article.txt")
ALL = sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
CHAPTERS = [p for p in ALL if not p.name.startswith("00-")]
MAX_CODE_LINES = 6  # a cell is a call or two into workbook, never logic
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
CHECK_CALL = re.compile(r"""\bcheck\(\s*["']([a-z0-9-]+)["']""")
EDITED = re.compile(r"^my_\w+ =|\b(check|save_goal|save_draft|set_target|ask)\(", re.M)
WIDGETS = re.compile(r"\b(quiz|roadmap_builder|draft_box|coach_panel|spot_the_pitfall)\(")


def _read(path: Path) -> Any:
    return nbformat.read(path, as_version=4)


def _generated(cell: Any) -> str | None:
    return cell.metadata.get("workbook", {}).get("generated")


def _authored(nb: Any) -> list[Any]:
    """The cells written by hand: everything the navigation script did not generate."""
    return [c for c in nb.cells if not _generated(c)]


def _instructor(cell: Any) -> bool:
    return "instructor" in cell.metadata.get("tags", [])


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def _run_script(*args: str, folder: Path | None = None) -> subprocess.CompletedProcess[str]:
    extra = ["--folder", str(folder)] if folder else []
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, *extra], capture_output=True, text=True, cwd=ROOT
    )


def test_there_is_a_start_page_and_seven_chapters():
    """Is there one notebook per chapter of the outline, 01 to 07, after 00-Start-Here?"""
    assert [p.name[:3] for p in ALL] == [f"{n:02d}-" for n in range(8)]
    assert ALL[0].name == "00-Start-Here.ipynb"


# --- structure ---------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_opens_with_objectives_and_closes_with_key_points(path: Path):
    """Does the notebook state objectives right after its title and end with key points?"""
    cells = [c for c in _authored(_read(path)) if not _instructor(c)]
    assert cells[0].cell_type == "markdown" and cells[0].source.startswith("# ")
    assert cells[1].source.startswith("## Objectives")
    assert cells[-1].source.startswith("## Key points")
    assert len(re.findall(r"^- ", cells[-1].source, re.M)) >= 3


@pytest.mark.parametrize("path", CHAPTERS, ids=_ids(CHAPTERS))
def test_has_at_least_two_checked_exercises_on_real_questions(path: Path):
    """Does each chapter call check() at least twice, on questions of its own chapter that exist?"""
    code = "\n".join(c.source for c in _read(path).cells if c.cell_type == "code")
    ids = CHECK_CALL.findall(code)
    assert len(ids) >= 2, ids
    bank = load_questions()
    chapter = int(path.name[:2])
    for qid in ids + re.findall(r"""["'](ch\d-[a-z0-9-]+)["']""", code):
        assert qid in bank.questions, f"{path.name}: unknown question {qid}"
        assert bank.questions[qid].chapter == chapter


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_the_student_adds_to_their_own_work(path: Path):
    """Does every notebook have a step that saves the student's own goal, draft or target?"""
    code = "\n".join(c.source for c in _read(path).cells if c.cell_type == "code")
    assert re.search(r"\b(save_goal|save_draft|set_target|roadmap_builder|coach_panel)\(", code)


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_instructor_notes_are_tagged_markdown_slide_notes(path: Path):
    """Are the instructor notes tagged 'instructor', in markdown, and speaker notes in slides?"""
    nb = _read(path)
    notes = [c for c in nb.cells if _instructor(c)]
    assert notes, "every notebook has instructor notes (timing, prompts, mistakes)"
    for cell in notes:
        assert cell.cell_type == "markdown"
        assert cell.metadata["slideshow"]["slide_type"] == "notes"
    for cell in nb.cells:
        if "Instructor notes" in cell.source or "*Timing:*" in cell.source:
            assert _instructor(cell), f"{path.name}: untagged instructor text: {cell.source[:60]}"


def _lab_only(cell: Any) -> bool:
    return "lab-only" in cell.metadata.get("tags", [])


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_cells_the_student_edits_are_lab_only_and_widgets_are_not(path: Path):
    """Is every cell holding an example answer tagged 'lab-only' (so Voila never runs it),
    while every widget stays, and does each chapter keep a widget for the student's own work?"""
    code = [c for c in _read(path).cells if c.cell_type == "code"]
    for cell in code:
        if EDITED.search(cell.source):
            assert _lab_only(cell), f"{path.name}: untagged: {cell.source[:60]}"
        if WIDGETS.search(cell.source):
            assert not _lab_only(cell), f"{path.name}: a widget hidden from Voila: {cell.source}"
    shown = "\n".join(c.source for c in code if not _lab_only(c))
    if path in CHAPTERS:
        assert re.search(r"\b(draft_box|roadmap_builder|coach_panel)\(", shown)


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_every_cell_has_slide_metadata(path: Path):
    """Does every cell say how it shows in slides, with a new slide for each section heading?"""
    for cell in _read(path).cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        assert kind in SLIDE_TYPES, cell.source[:60]
        if _generated(cell):
            assert kind == "skip"
        elif cell.cell_type == "markdown" and re.match(r"#{1,2} ", cell.source):
            assert kind == "slide", cell.source[:60]


@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_code_cells_are_thin(path: Path):
    """Is every code cell a few lines of calls into workbook, starting with an import cell?"""
    code = [c for c in _read(path).cells if c.cell_type == "code"]
    assert code[0].source.startswith("from workbook")
    for cell in code:
        lines = [line for line in cell.source.splitlines() if line.strip()]
        assert len(lines) <= MAX_CODE_LINES, cell.source
        assert not re.search(r"^\s*(def|class|for|while|if|try|with)\b", cell.source, re.M)


def test_pandas_is_used_in_chapter_5_only():
    """Is the pandas table the only one, in chapter 5, and never imported by a cell itself?"""
    for path in ALL:
        code = "\n".join(c.source for c in _read(path).cells if c.cell_type == "code")
        assert "import pandas" not in code
        assert ("example_table()" in code) == path.name.startswith("05-")


def test_chapter_times_add_up_to_60_to_90_minutes():
    """Do the chapters' stated times add up to a 60 to 90 minute workbook?"""
    minutes = [_read(p).metadata["workbook"]["minutes"] for p in ALL]
    assert 60 <= sum(minutes) <= 90


# --- committed clean --------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ALL, ids=_ids(ALL))
def test_committed_without_outputs_or_counts(path: Path):
    """Is the notebook committed with no outputs, no execution counts and no widget state?"""
    nb = json.loads(path.read_text())
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, cell["source"]
    assert "widgets" not in nb["metadata"]


# --- generated navigation and contents ---------------------------------------------------------------
def test_navigation_and_contents_are_up_to_date():
    """Does `scripts/notebooks.py --check --strip` find nothing to change in the committed tree?"""
    result = _run_script("--check", "--strip")
    assert result.returncode == 0, result.stderr


def test_navigation_links_point_to_neighbours():
    """Does each chapter link to the previous and next notebooks, top and bottom, by title?"""
    for i, path in enumerate(ALL):
        nb = _read(path)
        top = [c for c in nb.cells if _generated(c) == "nav-top"]
        bottom = [c for c in nb.cells if _generated(c) == "nav-bottom"]
        assert len(top) == len(bottom) == 1
        assert nb.cells[0] is top[0] and nb.cells[-1] is bottom[0]
        links = re.findall(r"\]\(([^)#]+)", top[0].source)
        expected = [p.name for p in (ALL[i - 1 : i] if i else [])]
        expected += [ALL[0].name] if i else []
        expected += [p.name for p in ALL[i + 1 : i + 2]]
        assert links == expected


def test_contents_lists_every_chapter():
    """Does the table of contents in 00-Start-Here link every chapter, by its title?"""
    [contents] = [c for c in _read(ALL[0]).cells if _generated(c) == "contents"]
    for path in CHAPTERS:
        heading = next(c for c in _authored(_read(path)) if c.cell_type == "markdown")
        title = heading.source.splitlines()[0].removeprefix("# ")
        assert f"[{title}]({path.name})" in contents.source


def test_the_script_catches_and_fixes_a_renamed_chapter(tmp_path: Path):
    """After a chapter's title changes, does --check fail, and does a rewrite fix every link?"""
    folder = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, folder)
    path = folder / CHAPTERS[2].name
    nb = _read(path)
    title_cell = next(c for c in nb.cells if c.source.startswith("# "))
    title_cell.source = title_cell.source.replace("# 3.", "# 3. Renamed:", 1)
    nbformat.write(nb, path)
    stale = _run_script("--check", folder=folder)
    assert stale.returncode == 1
    assert all(name in stale.stderr for name in (ALL[0].name, CHAPTERS[1].name, CHAPTERS[3].name))
    assert _run_script(folder=folder).returncode == 0
    assert _run_script("--check", folder=folder).returncode == 0
    assert "3. Renamed:" in (folder / CHAPTERS[3].name).read_text()
    assert "3. Renamed:" in (folder / ALL[0].name).read_text()


def test_the_script_strips_outputs(tmp_path: Path):
    """Does --strip remove outputs, counts and widget state that a run left behind?"""
    folder = tmp_path / "notebooks"
    shutil.copytree(NOTEBOOKS, folder)
    path = folder / CHAPTERS[0].name
    nb = _read(path)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.execution_count = 3
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hi")]
    code.metadata["execution"] = {"iopub.status.busy": "2025-01-01T00:00:00"}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {}}
    nbformat.write(nb, path)
    assert _run_script("--check", "--strip", folder=folder).returncode == 1
    assert _run_script("--strip", folder=folder).returncode == 0
    clean = json.loads(path.read_text())
    first = next(c for c in clean["cells"] if c["cell_type"] == "code")
    assert first["outputs"] == [] and first["execution_count"] is None
    assert "execution" not in first["metadata"] and "widgets" not in clean["metadata"]
    assert first["metadata"]["slideshow"]  # the metadata we rely on is kept


# --- own words ------------------------------------------------------------------------------------
def _words(text: str) -> list[str]:
    text = text.lower().replace("’", "").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def _shared_runs(text: str, source: list[str], n: int = 8) -> set[str]:
    runs = {tuple(source[i : i + n]) for i in range(len(source) - n + 1)}
    words = _words(text)
    return {
        " ".join(words[i : i + n])
        for i in range(len(words) - n + 1)
        if tuple(words[i : i + n]) in runs
    }


def _prose() -> list[tuple[str, str]]:
    """Every markdown cell of the notebooks, and every text in data/examples, with its origin."""
    out = [
        (f"{p.name} cell {i}", c.source)
        for p in ALL
        for i, c in enumerate(_read(p).cells)
        if c.cell_type == "markdown"
    ]

    def walk(node: Any, where: str) -> None:
        if isinstance(node, str):
            out.append((where, node))
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    for path in sorted((ROOT / "data" / "examples").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text()), path.name)
    return out


@pytest.mark.skipif(not ARTICLE.exists(), reason="the source article is not on this machine")
def test_prose_is_in_our_own_words():
    """Does no markdown cell (or example text) share a run of 8 words with the article?"""
    article = _words(ARTICLE.read_text())
    sentence = "Career goals keep us motivated when we encounter setbacks."
    assert _shared_runs(sentence, article), "the detector must catch a copied sentence"
    copied = {where: runs for where, text in _prose() if (runs := _shared_runs(text, article))}
    assert not copied


# --- a real run, in order, in one data folder ---------------------------------------------------------
PROBE = (
    "import json, sys; print(json.dumps({'prefix': sys.prefix, 'pandas': 'pandas' in sys.modules}))"
)


def _execute(path: Path) -> Any:
    from nbclient import NotebookClient

    nb = _read(path)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    client = NotebookClient(
        nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    client.execute()
    return nb


def _errors(nb: Any) -> list[tuple[str, str]]:
    """(cell source, problem) for every error output or traceback printed by a cell."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out["output_type"] == "error" or "Traceback" in out.get("text", ""):
                found.append((cell.source, out.get("ename") or out.get("text", "")[:200]))
    return found


def _text(cell: Any) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        parts.append(out.get("data", {}).get("text/plain", ""))
        parts.append(out.get("data", {}).get("text/html", ""))
    return "\n".join(parts)


def _cell(nb: Any, source: str) -> Any:
    return next(c for c in nb.cells if c.cell_type == "code" and c.source.strip() == source)


def _default(nb: Any, variable: str) -> str:
    """The text a notebook's cell assigns to ``variable`` and saves as a draft, spaces tidied."""
    for cell in nb.cells:
        if cell.source.startswith(variable + " =") and "save_draft(" in cell.source:
            statement = ast.parse(cell.source).body[0]
            assert isinstance(statement, ast.Assign)
            return " ".join(ast.literal_eval(statement.value).split())
    raise AssertionError(f"no cell saves {variable} as a draft")


@pytest.mark.slow
def test_the_chapters_run_in_order_and_pick_up_earlier_work(workbook_data: Path):
    """Does every notebook run top to bottom in a real venv kernel, and does each chapter see
    the roadmap and drafts saved by the chapters before it?"""
    runs: dict[str, Any] = {}
    for path in ALL:
        nb = _execute(path)
        runs[path.name[:2]] = nb
        assert not _errors(nb), (path.name, _errors(nb))
        probe = json.loads(nb.cells[-1].outputs[0]["text"])
        assert Path(probe["prefix"]).resolve() == Path(sys.prefix).resolve()  # the venv's kernel
        assert probe["pandas"] == path.name.startswith("05-"), path.name

    code = remembered_code(folder=workbook_data)
    work = load_work(code, folder=workbook_data)
    latest = {d["name"]: d["text"] for d in work.drafts}
    assert latest["rough_goal"] == _default(runs["01"], "my_rough_goal")
    assert {"what_motivates_you", "five_years", "smart_rewrite", "past_success"} <= set(latest)
    assert work.roadmap.employer == "a regional logistics company"

    roadmap = work.roadmap
    assert roadmap.goal("my-destination").horizon == "long-term"
    assert [g.id for g in roadmap.stepping_stones("my-destination")] == ["step-1", "step-2"]
    timelines = [_text(c) for c in runs["04"].cells if c.source == "show_timeline()"]
    assert "Short-term lane (stepping stones): empty." in timelines[0]
    assert "Short-term lane (stepping stones): 1 goal." in timelines[1]
    assert "Short-term lane (stepping stones): 2 goals." in timelines[2]

    ch6_draft = _default(runs["06"], "my_draft")
    assert ch6_draft in " ".join(
        _text(_cell(runs["07"], 'show_draft("career_goals_answer")')).split()
    )
    assert " ".join(latest["career_goals_answer"].split()) == _default(runs["07"], "my_answer")
    answers = [d["text"] for d in work.drafts if d["name"] == "career_goals_answer"]
    assert len(answers) == 2  # chapter 6's draft is kept in the history, under chapter 7's

    checked = {a["question"] for a in work.attempts}
    for nb in runs.values():
        code_text = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert set(CHECK_CALL.findall(code_text)) <= checked
    [shown] = _cell(runs["07"], "consistency()").outputs
    consistent = shown["data"]["text/plain"]
    assert consistent.count("Both answers point the same way") == 2  # five years, motivation
    assert "Every goal on your roadmap appears" in consistent


@pytest.mark.slow
def test_the_chapters_run_as_voila_serves_them(workbook_data: Path):
    """With the cells Voila hides removed (by the same nbconvert preprocessor Voila runs), does
    every chapter still run without error, show no instructor notes, and save nothing that the
    student did not type?"""
    from nbclient import NotebookClient
    from nbconvert.preprocessors import TagRemovePreprocessor

    remover = TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_TAGS))
    for path in ALL:
        nb, _ = remover.preprocess(_read(path), {})
        assert not [c for c in nb.cells if "Instructor notes" in c.source]
        NotebookClient(
            nb, kernel_name="python3", timeout=120, resources={"metadata": {"path": str(NOTEBOOKS)}}
        ).execute()
        assert not _errors(nb), (path.name, _errors(nb))
    assert remembered_code(folder=workbook_data) is None
    assert not list(workbook_data.glob("*.json")), "opening the chapters saved work by itself"
