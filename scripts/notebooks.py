"""Keep the chapter notebooks' generated cells in step with the files: ``python scripts/notebooks.py``.

The table of contents (in ``00-Start-Here.ipynb``) and the previous/next links at the top and the
bottom of every chapter are generated from the notebooks themselves (file names, ``# Title``
headings, and ``metadata.workbook.minutes``/``summary``), never typed by hand, so renaming or
adding a chapter cannot leave a dead link. The idea follows jakevdp's PythonDataScienceHandbook
(``tools/add_navigation.py``, ``tools/generate_contents.py``).

Generated cells carry ``metadata.workbook.generated`` (``"nav-top"``, ``"nav-bottom"`` or
``"contents"``) so that re-running replaces them instead of adding copies; everything else in a
notebook is left alone.

    python scripts/notebooks.py            rewrite the generated cells where they are out of date
    python scripts/notebooks.py --check    exit 1 (and name the files) if any is out of date
    python scripts/notebooks.py --strip    also remove outputs, execution counts, widget state
    python scripts/notebooks.py --check --strip    ... and check that too

Chapters are ``notebooks/NN-Title.ipynb``; other notebooks there (the dashboard) are ignored.

Two cell tags matter when the chapters are served by Voila (see :data:`VOILA_HIDDEN_TAGS`):
``instructor`` marks the instructor's notes (timing, prompts, common mistakes; speaker notes in
slides), ``lab-only`` marks cells where the student edits code (an answer to ``check()``, a
goal for ``save_goal``), which mean nothing where code cannot be edited and must not save their
example values into a student's work. Each such step has a widget next to it for Voila.
"""

from __future__ import annotations

import argparse
import copy
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

__all__ = [
    "CONTENTS",
    "NAV_BOTTOM",
    "NAV_TOP",
    "VOILA_HIDDEN_TAGS",
    "Chapter",
    "chapters",
    "contents_markdown",
    "main",
    "navigation_markdown",
    "strip",
    "update",
]

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
NAV_TOP, NAV_BOTTOM, CONTENTS = "nav-top", "nav-bottom", "contents"
#: Cells Voila must drop in the app (``TagRemovePreprocessor.remove_cell_tags``); the slides keep
#: ``instructor`` cells, which the reveal template turns into speaker notes.
VOILA_HIDDEN_TAGS = ("instructor", "lab-only")
_CHAPTER_NAME = re.compile(r"^(\d{2})-[A-Za-z0-9-]+\.ipynb$")
_KEPT_CELL_METADATA = ("tags", "slideshow", "workbook", "jupyter")  # e.g. "execution" goes


@dataclass(frozen=True)
class Chapter:
    """What the generated cells need to know about one chapter notebook."""

    path: Path  #: the notebook file
    number: int  #: from the ``NN-`` prefix of the file name
    title: str  #: the text of its first ``# `` heading
    minutes: int | None  #: ``metadata.workbook.minutes``, if given
    summary: str  #: ``metadata.workbook.summary``, if given


def _title(nb: Any, path: Path) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise ValueError(f"{path.name}: no '# Title' heading in any markdown cell.")


def chapters(folder: Path = NOTEBOOKS) -> list[Chapter]:
    """The chapter notebooks in ``folder``, in file-name order."""
    out = []
    for path in sorted(folder.glob("*.ipynb")):
        match = _CHAPTER_NAME.match(path.name)
        if not match:
            continue
        nb = nbformat.read(path, as_version=4)
        info = nb.metadata.get("workbook", {})
        minutes = info.get("minutes")
        out.append(
            Chapter(
                path=path,
                number=int(match.group(1)),
                title=_title(nb, path),
                minutes=minutes if isinstance(minutes, int) else None,
                summary=str(info.get("summary", "")),
            )
        )
    return out


def _link(chapter: Chapter) -> str:
    return f"[{chapter.title}]({chapter.path.name})"


def navigation_markdown(index: int, all_chapters: Sequence[Chapter]) -> str:
    """One line: previous chapter, contents, next chapter (each only where it exists)."""
    parts = []
    if index > 0:
        parts.append(f"← {_link(all_chapters[index - 1])}")
    if index > 0 and all_chapters:
        parts.append(f"[Contents]({all_chapters[0].path.name}#Contents)")
    if index + 1 < len(all_chapters):
        parts.append(f"{_link(all_chapters[index + 1])} →")
    return " | ".join(parts)


def contents_markdown(all_chapters: Sequence[Chapter]) -> str:
    """The table of contents: every chapter after the first, with its time and summary."""
    lines = ["## Contents", ""]
    total = 0
    for chapter in all_chapters[1:]:
        line = f"- **{_link(chapter)}**"
        if chapter.minutes:
            total += chapter.minutes
            line += f" (about {chapter.minutes} minutes)"
        if chapter.summary:
            line += f": {chapter.summary[:1].lower()}{chapter.summary[1:]}"
        lines.append(line)
    if total:
        first = all_chapters[0].minutes or 0
        lines += ["", f"About {total + first} minutes in all, including this page."]
    return "\n".join(lines)


def _generated(kind: str, source: str) -> Any:
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = kind
    cell.metadata = {"slideshow": {"slide_type": "skip"}, "workbook": {"generated": kind}}
    return cell


def _kind(cell: Any) -> str | None:
    info = cell.get("metadata", {}).get("workbook", {})
    return info.get("generated") if isinstance(info, dict) else None


def _put(nb: Any, kind: str, source: str, default_index: int) -> None:
    """Replace the generated cell of this kind, or insert one at ``default_index``."""
    for cell in nb.cells:
        if _kind(cell) == kind:
            cell.source = source
            cell.metadata["slideshow"] = {"slide_type": "skip"}
            return
    nb.cells.insert(default_index, _generated(kind, source))


def _contents_index(nb: Any) -> int:
    """Where a missing table of contents goes: in place of a bare '## Contents' heading, else
    before the key points, else at the end."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.strip() == "## Contents":
            del nb.cells[i]
            return i
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and cell.source.startswith("## Key points"):
            return i
    return len(nb.cells)


def strip(nb: Any) -> None:
    """Remove what running a notebook leaves behind: outputs, counts, widget state, timings."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
        for key in list(cell.metadata):
            if key not in _KEPT_CELL_METADATA:
                del cell.metadata[key]
    for key in ("widgets", "toc", "varInspector"):
        nb.metadata.pop(key, None)


def update(nb: Any, index: int, all_chapters: Sequence[Chapter], *, strip_outputs: bool) -> Any:
    """A copy of ``nb`` with its generated cells (and, if asked, its outputs) brought up to date."""
    nb = copy.deepcopy(nb)
    nav = navigation_markdown(index, all_chapters)
    _put(nb, NAV_TOP, nav, 0)
    _put(nb, NAV_BOTTOM, nav, len(nb.cells))
    if index == 0:
        _put(nb, CONTENTS, contents_markdown(all_chapters), _contents_index(nb))
    if strip_outputs:
        strip(nb)
    return nb


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    parser.add_argument("--strip", action="store_true", help="also strip outputs")
    parser.add_argument("--folder", type=Path, default=NOTEBOOKS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        all_chapters = chapters(args.folder)
    except (ValueError, OSError, nbformat.ValidationError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not all_chapters:
        print(f"error: no NN-Title.ipynb notebooks in {args.folder}", file=sys.stderr)
        return 2
    stale = []
    for index, chapter in enumerate(all_chapters):
        nb = nbformat.read(chapter.path, as_version=4)
        new = update(nb, index, all_chapters, strip_outputs=args.strip)
        if new == nb:
            continue
        stale.append(chapter.path.name)
        if not args.check:
            nbformat.write(new, chapter.path)
    if args.check and stale:
        what = "navigation, contents or outputs" if args.strip else "navigation or contents"
        print(f"out of date ({what}): {', '.join(stale)}", file=sys.stderr)
        print(
            "run: python scripts/notebooks.py" + (" --strip" if args.strip else ""), file=sys.stderr
        )
        return 1
    if not args.check:
        print(
            f"updated {len(stale)} of {len(all_chapters)} notebooks"
            + (f": {', '.join(stale)}" if stale else "")
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
