"""A roadmap's goals as a CSV table, and read back (``to_csv``, ``from_csv``).

The layout is chosen so a spreadsheet opens it as a plain table of goals:

* one header row (:data:`CSV_COLUMNS`), then one row per goal; the SMART answers are five
  columns; ``leads_to`` names the long-term goal by its title (its id only when two goals share
  a title); ``milestones`` reads "month 3: Half the modules", one per line, and ``skills`` one
  skill per line (a JSON list only where a line break inside a title would make lines
  ambiguous); the goal's ``id`` comes last, for reading the table back;
* who the roadmap belongs to is not repeated on every row: the saved ``.json`` keeps the
  whole work; :func:`from_csv` reads the goals back exactly (and still reads the older layout
  with ``#owner``-style rows and JSON cells);
* any cell that a spreadsheet could take for a formula (it starts with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return, possibly after apostrophes) gets one extra leading
  apostrophe, which :func:`from_csv` removes again.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from workbook.model import GoalData, Roadmap, Smart

__all__ = ["CSV_COLUMNS", "from_csv", "guard_cell", "to_csv"]

CSV_META = ("owner", "role", "employer", "start_date", "updated")  #: the older layout's rows
CSV_COLUMNS: tuple[str, ...] = (
    "title",
    "horizon",
    "area",
    "start_month",
    "end_month",
    "leads_to",
    *Smart.LETTERS,
    "milestones",
    "skills",
    "start_date",
    "id",
)
_MILESTONE_LINE = re.compile(r"^month\s+(-?\d+)\s*:\s?(.*)$", re.IGNORECASE)


_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_GUARDED = re.compile(r"^'+[=+\-@\t\r]")


def guard_cell(cell: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (reversed by :func:`_unguard`);
    every CSV the workbook writes (this roadmap table, the class report) uses it."""
    return "'" + cell if _FORMULA.match(cell) else cell


def _unguard(cell: str) -> str:
    return cell[1:] if _GUARDED.match(cell) else cell


def _lines_or_json(items: list[str]) -> str:
    """One item per line, or a JSON list where a line break inside an item (or a first line
    that looks like JSON) would make the lines ambiguous."""
    text = "\n".join(items)
    # a single line is read back split at ";" (as typed by hand), so one holding ";" is JSON too
    one_line_split = len(items) == 1 and ";" in text
    if (
        any(item.splitlines() != [item] for item in items)  # any line break, \x85 and \u2028 too
        or text.lstrip().startswith("[")
        or one_line_split
    ):
        return json.dumps(items, ensure_ascii=False)
    return text


def _milestones_cell(goal: GoalData) -> str:
    items = goal["milestones"]
    if any(m["title"].splitlines() != [m["title"]] for m in items):
        return json.dumps(items, ensure_ascii=False)
    return "\n".join(f"month {m['month']}: {m['title']}" for m in items)


def to_csv(roadmap: Roadmap) -> str:
    """The roadmap's goals as CSV (layout in the module docstring); ``from_csv`` reads the goals
    back exactly."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf)
    writer.writerow(CSV_COLUMNS)
    titles = [g.title for g in roadmap.goals]
    for goal in roadmap.goals:
        data = goal.to_dict()
        cells: dict[str, Any] = {**data, **data["smart"]}
        target = next((g for g in roadmap.goals if g.id == goal.leads_to), None)
        if target is not None and titles.count(target.title) == 1:
            cells["leads_to"] = target.title
        cells["milestones"] = _milestones_cell(data)
        cells["skills"] = _lines_or_json(data["skills"])
        row = ["" if cells[c] is None else str(cells[c]) for c in CSV_COLUMNS]
        writer.writerow([guard_cell(cell) for cell in row])
    return buf.getvalue()


def _csv_int(cell: str) -> int | str:
    try:
        return int(cell.strip())
    except ValueError:
        return cell  # the model then explains what a month must be


def _csv_list(cell: str, where: str) -> Any:
    if not cell.strip():
        return []
    if cell.lstrip().startswith("["):
        try:
            return json.loads(cell)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{where} is not a valid JSON list ({exc.msg}).") from None
    if "\n" in cell:  # one per line, as to_csv writes them
        return [line.strip() for line in cell.replace("\r\n", "\n").split("\n") if line.strip()]
    return [part.strip() for part in cell.split(";") if part.strip()]  # hand-typed "a; b"


def _csv_milestones(cell: str, where: str) -> Any:
    if not cell.strip() or cell.lstrip().startswith("["):
        return _csv_list(cell, where)
    milestones = []
    for line in cell.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            continue
        match = _MILESTONE_LINE.match(line.strip())
        if match is None:
            raise ValueError(
                f'{where}: "{line.strip()[:40]}" should read like "month 3: Finish module 1".'
            )
        milestones.append({"month": int(match.group(1)), "title": match.group(2)})
    return milestones


def _resolve_links(goals: list[dict[str, Any]]) -> None:
    """``leads_to`` as to_csv writes it (a title, or an id when titles repeat) -> an id."""
    ids = {g.get("id") for g in goals if g.get("id")}
    for goal in goals:
        target = goal.get("leads_to")
        if not target or target in ids:
            continue
        matches = [g for g in goals if g.get("title") == target]
        if len(matches) == 1 and matches[0].get("id"):
            goal["leads_to"] = matches[0]["id"]


def from_csv(text: str) -> Roadmap:
    """Read the goals written by :func:`to_csv` (or edited in a spreadsheet, or in the older
    layout with roadmap rows); validated."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ValueError("The CSV is empty: export a roadmap to CSV first.")
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ValueError(f"This is not a readable CSV file ({exc}).") from None
    meta: dict[str, Any] = {}
    header: list[str] | None = None
    goals: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=1):
        if not any(cell.strip() for cell in row):
            continue  # spreadsheets add blank rows; a goal row always has a title
        if header is None:
            if row[0].startswith("#"):
                key = row[0][1:].strip()
                if key in CSV_META:
                    meta[key] = _unguard(row[1]) if len(row) > 1 else ""
                continue
            header = [cell.strip() for cell in row]
            if "title" not in header:
                raise ValueError(
                    f"Row {number} should be the header of the goals table "
                    f"({', '.join(CSV_COLUMNS)}), but it has no 'title' column."
                )
            continue
        if len(row) > len(header) and any(c.strip() for c in row[len(header) :]):
            raise ValueError(f"Row {number} has more cells than the header row.")
        cells = {name: _unguard(cell) for name, cell in zip(header, row, strict=False)}
        goal: dict[str, Any] = {
            key: cells[key] for key in ("id", "title", "horizon", "area") if key in cells
        }
        for key in ("start_month", "end_month"):
            if key in cells:
                goal[key] = _csv_int(cells[key])
        goal["start_date"] = cells.get("start_date") or None
        goal["leads_to"] = cells.get("leads_to") or None
        goal["smart"] = {letter: cells.get(letter, "") for letter in Smart.LETTERS}
        goal["milestones"] = _csv_milestones(
            cells.get("milestones", ""), f"Row {number}, milestones"
        )
        goal["skills"] = _csv_list(cells.get("skills", ""), f"Row {number}, skills")
        for m in goal["milestones"] if isinstance(goal["milestones"], list) else []:
            if isinstance(m, dict) and isinstance(m.get("month"), str):
                m["month"] = _csv_int(m["month"])
        goals.append(goal)
    if header is None and not meta:
        raise ValueError("This CSV holds no roadmap: no goals table and no roadmap rows.")
    _resolve_links(goals)
    data = {**{key: meta.get(key) or "" for key in CSV_META}, "goals": goals}
    return Roadmap.from_dict(data)
