"""Taking a roadmap out of the workbook: a Markdown one-pager, CSV, a calendar, the chart.

Every export is a pure function from a roadmap to text or bytes, so the widgets, the command
line and the tests share one implementation; :func:`export` only picks one by the file's suffix
and writes it atomically.

CSV layout (``to_csv``), chosen so a spreadsheet opens it as a plain table of goals:

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

import argparse
import csv
import datetime as dt
import hashlib
import io
import json
import logging
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from workbook.inputs import InputError, check_output, decode_text, parse_json, read_bytes
from workbook.inputs import shown as shown_path
from workbook.model import AREAS, Goal, Roadmap, Smart, ValidationError
from workbook.save_schema import roadmap_problem
from workbook.store import ANSWER_DRAFT, MAX_FILE_BYTES, SCHEMA, Work, is_save_file, write_atomic
from workbook.timeline import (
    chart_title,
    describe,
    month_date,
    quiet_missing_glyphs,
    timeline_chart,
    window_words,
)

__all__ = [
    "CHART_FORMATS",
    "CSV_COLUMNS",
    "FORMATS",
    "PREVIEW_DPI",
    "chart_bytes",
    "chart_files",
    "cli_describe",
    "cli_describe_args",
    "cli_export",
    "cli_export_args",
    "export",
    "from_csv",
    "guard_cell",
    "read_roadmap_file",
    "read_work_file",
    "to_csv",
    "to_ics",
    "to_markdown",
]

STORE_SCHEMA = SCHEMA  #: the marker of a workbook save file
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
CHART_FORMATS = ("png", "svg", "pdf")
#: file suffix -> what it holds, for messages and ``--help``
FORMATS: dict[str, str] = {
    ".md": "a Markdown one-pager",
    ".csv": "a table, one row per goal",
    ".ics": "calendar events for milestones and goal deadlines",
    ".json": "the roadmap as data (re-usable as input)",
    ".png": "the timeline chart as an image",
    ".svg": "the timeline chart as a vector drawing",
    ".pdf": "the timeline chart as a PDF page",
}
_UID_DOMAIN = "career-goals-workbook"
_PRODUCT = "Career Goals Workbook"
log = logging.getLogger(__name__)


# --- reading a roadmap file (both command-line tools use this) --------------------------------
def read_roadmap_file(path: str | os.PathLike[str], *, validate: bool = True) -> Roadmap:
    """Load a roadmap from a workbook save file or a bare roadmap ``.json``
    (see :func:`read_work_file`)."""
    return read_work_file(path, validate=validate).roadmap


def read_work_file(path: str | os.PathLike[str], *, validate: bool = True) -> Work:
    """Load the work in a workbook save file (roadmap, drafts, attempts), or a bare roadmap
    ``.json`` as work with nothing else in it.

    Read through :mod:`workbook.inputs` (a regular file within the save size limit, UTF-8,
    JSON nested no deeper than a save), shaped by the save schema, then built by the model
    and validated unless ``validate`` is false (the coach checks half-built roadmaps too).
    Every problem becomes a ``ValueError`` naming the file and what to do, never a traceback.
    """
    p = Path(path)
    name = shown_path(p)
    try:
        data = parse_json(decode_text(read_bytes(p, limit=MAX_FILE_BYTES), name), name)
    except InputError as exc:
        hint = " Give the path of a saved roadmap (.json)." if exc.missing else ""
        raise ValueError(f"{exc}.{hint}") from None
    if isinstance(data, dict) and STORE_SCHEMA in (data.get("schema"), data.get("app")):
        from workbook.store import load_file  # upgrades files saved by older versions

        try:
            work = load_file(p)
        except ValueError as exc:
            raise ValueError(f"{name}: {exc}") from None
        if work.notice:
            log.warning("%s: %s", name, work.notice)
        return work
    if isinstance(data, dict) and "schema" in data:
        raise ValueError(f"{name} is a JSON file, but not a Career Goals Workbook save file.")
    if not (isinstance(data, dict) and {"goals", "owner", "role", "employer"} & data.keys()):
        raise ValueError(
            f"{name} is a JSON file, but holds no roadmap "
            "(expected a workbook save file or an exported roadmap .json)."
        )
    problem = roadmap_problem(data)
    if problem:
        raise ValueError(f"{name} holds a roadmap with problems: {problem}.")
    try:
        return Work(Roadmap.from_dict(data, validate=validate))
    except ValidationError as exc:
        raise ValueError(f"{name} holds a roadmap with problems: {exc}") from None


# --- Markdown ------------------------------------------------------------------------------------


def _md_clean(line: str) -> str:
    """One line of student text, escaped only where Markdown would otherwise change it.

    A one-pager is read as plain text too (pasted into an email), so "A&E", "waiting-time" and
    "month 24." stay as typed; only what would start markup is escaped: HTML tags and entities,
    emphasis, code, links and strike-through, intraword-safe underscores left alone, and the
    block markers a line may start with (headings, quotes, lists, rules).
    """
    line = re.sub(r"&(?=#?\w+;)", "&amp;", line)
    line = re.sub(r"<(?=[A-Za-z/!?])", "&lt;", line)
    line = re.sub(r"([\\`*\[\]~$])", r"\\\1", line)
    line = re.sub(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])", r"\\_", line)
    line = re.sub(r"^([#>+=|-])", r"\\\1", line)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", line)


def _md(text: str, indent: str = "") -> str:
    """Student text rendered exactly as typed (see :func:`_md_clean`).

    Lines are kept as hard line breaks; blank lines are dropped so the text stays in its list item.
    """
    lines = [_md_clean(line.strip()) for line in str(text).splitlines() if line.strip()]
    return ("\\\n" + indent).join(lines)


def _md_line(text: str) -> str:
    """A title, name or skill: one line (a heading cannot hold a line break), escaped; a closing
    run of "#" would be taken for the end of a heading, so it is escaped too."""
    return re.sub(r"(#+)$", lambda m: "\\#" * len(m.group(1)), _md(" ".join(str(text).split())))


def _md_goal(roadmap: Roadmap, goal: Goal, level: str, dates: bool) -> list[str]:
    when = window_words(goal.start_month, goal.end_month)
    if dates and roadmap.start_date:
        a = month_date(roadmap.start_date, goal.start_month)
        b = month_date(roadmap.start_date, goal.end_month)
        when += f", {a:%B %Y} to {b:%B %Y}"
    out = [
        f"{level} {_md_line(goal.title)}",
        "",
        f"*{_md(AREAS.get(goal.area, goal.area))}; {_md(when)}*",
        "",
    ]
    for letter in Smart.LETTERS:
        answer = getattr(goal.smart, letter)
        shown = _md(answer, "  ") if answer.strip() else "*not answered yet*"
        out.append(f"- **{letter.capitalize()}:** {shown}")
    if goal.milestones:
        out.append("- **Milestones:**")
        for ms in sorted(goal.milestones, key=lambda m: m.month):
            out.append(f"  - month {ms.month}: {_md_line(ms.title)}")
    if goal.skills:
        out.append("- **Skills:** " + ", ".join(_md_line(s) for s in goal.skills))
    out.append("")
    return out


def to_markdown(roadmap: Roadmap, advice: bool = True, *, answer: str | None = None) -> str:
    """A one-page summary to print or paste: the rehearsed answer (the thing a student most
    wants to take away), then destinations first, each with its first steps."""
    out = [f"# {_md_line(chart_title(roadmap))}", ""]
    facts = [
        ("Name", roadmap.owner),
        ("Role", roadmap.role),
        ("Employer", roadmap.employer),
        ("Month 0", roadmap.start_date.isoformat() if roadmap.start_date else ""),
    ]
    shown = [f"**{label}:** {_md_line(value)}" for label, value in facts if str(value).strip()]
    if shown:
        out += ["  \n".join(shown), ""]
    if answer and answer.strip():
        out += ["## My answer to “What are your career goals?”", ""]
        paragraphs = [p for p in re.split(r"\n\s*\n", answer.strip()) if p.strip()]
        out += [line for p in paragraphs for line in (f"> {_md(p, '> ')}", ">")][:-1]
        out.append("")
    if not roadmap.goals:
        out += ["No goals yet: add a long-term goal, then the first steps towards it.", ""]
    dated = roadmap.start_date is not None
    if roadmap.long_term:
        out += ["## Long-term goals", ""]
        for goal in roadmap.long_term:
            out += _md_goal(roadmap, goal, "###", dated)
            steps = roadmap.stepping_stones(goal.id)
            if steps:
                out += [f"#### Stepping stones towards {_md_line(goal.title)}", ""]
                for step in steps:
                    out += _md_goal(roadmap, step, "#####", dated)
            else:
                out += ["*No stepping stone leads here yet.*", ""]
    linked = {g.id for g in roadmap.long_term}
    loose = [g for g in roadmap.short_term if g.leads_to not in linked]
    if loose:
        title = "Short-term goals" if not roadmap.long_term else "Other short-term goals"
        out += [f"## {title}", ""]
        for goal in loose:
            out += _md_goal(roadmap, goal, "###", dated)
    notes = roadmap.advice() if advice else []
    if notes:
        out += ["## Advice", ""]
        out += [f"- {_md(a.message, '  ')}" for a in notes]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


# --- CSV -------------------------------------------------------------------------------------------
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


def _milestones_cell(goal: dict[str, Any]) -> str:
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


# --- calendar ---------------------------------------------------------------------------------
def _stamp(roadmap: Roadmap) -> dt.datetime:
    """DTSTAMP: when the roadmap last changed, so the same roadmap gives the same file."""
    updated = roadmap.updated
    if updated.tzinfo is None:
        updated = updated.replace(tzinfo=dt.UTC)
    return updated.astimezone(dt.UTC).replace(microsecond=0)


def to_ics(roadmap: Roadmap, start: dt.date | None = None) -> bytes:
    """An iCalendar file: an all-day event for each milestone and for each goal's deadline.

    Month ``m`` falls on ``start`` (else ``roadmap.start_date``, else today) plus ``m`` months.
    UIDs depend only on the goal id (and a milestone's title and month), so re-importing an
    updated export updates events instead of duplicating them.
    """
    from icalendar import Calendar, Event

    base = start or roadmap.start_date or dt.date.today()
    stamp = _stamp(roadmap)
    cal = Calendar()
    cal.add("prodid", f"-//{_PRODUCT}//Roadmap export//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", chart_title(roadmap))
    long_titles = {g.id: g.title for g in roadmap.long_term}

    def event(uid: str, month: int, summary: str, description: str) -> None:
        day = month_date(base, month)
        ev = Event()
        ev.add("uid", f"{uid}@{_UID_DOMAIN}")
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        ev.add("dtend", day + dt.timedelta(days=1))
        ev.add("summary", summary)
        ev.add("description", description)
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)

    for goal in roadmap.goals:
        kind = "Long-term goal" if goal.is_long_term else "Short-term goal"
        about = [f"{kind}: {goal.title}", window_words(goal.start_month, goal.end_month)]
        if goal.leads_to in long_titles:
            about.append(f"Leads to: {long_titles[goal.leads_to]}")
        if goal.smart.measurable.strip():
            about.append(f"Measurable: {goal.smart.measurable}")
        seen: dict[str, int] = {}
        for ms in goal.milestones:
            digest = hashlib.sha256(f"{ms.month}\x1f{ms.title}".encode()).hexdigest()[:12]
            seen[digest] = seen.get(digest, 0) + 1
            suffix = "" if seen[digest] == 1 else f"-{seen[digest]}"
            event(
                f"{goal.id}-milestone-{digest}{suffix}",
                ms.month,
                f"Milestone: {ms.title}",
                "\n".join([f"Milestone at month {ms.month} of {goal.title}", *about[1:]]),
            )
        event(f"{goal.id}-end", goal.end_month, f"Goal due: {goal.title}", "\n".join(about))
    return cal.to_ical()


# --- chart -----------------------------------------------------------------------------------------
#: Resolution of a chart shown in a notebook's output (:func:`workbook.lessons.show_timeline`):
#: readable at its own size and quick to draw. Downloads use the defaults of :func:`chart_bytes`.
PREVIEW_DPI = 80


def chart_bytes(
    roadmap: Roadmap,
    fmt: str,
    *,
    dates: bool | None = None,
    dpi: int | None = None,
    fast: bool = False,
) -> bytes:
    """The timeline chart as PNG, SVG or PDF bytes: the one place a chart becomes a file.

    ``dates=None`` labels real months when the roadmap has a start date, years otherwise.
    ``dpi`` defaults to 150 for PNG (a download worth printing) and 100 otherwise; ``fast``
    compresses a PNG lightly, for a chart that only travels over a local socket to the page.
    SVG text is drawn as paths with the words kept only in escaped XML comments, and no
    script is ever written.
    """
    fmt = fmt.lower().lstrip(".")
    if fmt not in CHART_FORMATS:
        raise ValueError(
            f"Cannot draw the chart as {fmt!r}; choose one of {', '.join(CHART_FORMATS)}."
        )
    title = chart_title(roadmap)
    metadata: dict[str, dict[str, Any]] = {
        "png": {"Title": title, "Software": _PRODUCT},
        "svg": {"Title": title, "Creator": _PRODUCT, "Date": None},
        "pdf": {"Title": title, "Creator": _PRODUCT, "Producer": _PRODUCT, "CreationDate": None},
    }
    extra: dict[str, Any] = {"pil_kwargs": {"compress_level": 1}} if fast and fmt == "png" else {}
    buf = io.BytesIO()
    with quiet_missing_glyphs():
        fig = timeline_chart(
            roadmap, dates=roadmap.start_date is not None if dates is None else dates
        )
        fig.savefig(
            buf,
            format=fmt,
            dpi=dpi or (150 if fmt == "png" else 100),
            metadata=metadata[fmt],
            facecolor="white",
            **extra,
        )
    return buf.getvalue()


# --- files -----------------------------------------------------------------------------------------
def _json_bytes(roadmap: Roadmap) -> bytes:
    return (json.dumps(roadmap.to_dict(), indent=2, ensure_ascii=False) + "\n").encode()


def chart_files(
    roadmap: Roadmap, formats: Iterable[str], *, dates: bool | None = None, timeout: float = 120
) -> dict[str, bytes]:
    """The chart in several formats, drawn by matplotlib in a separate, short-lived process.

    Why: matplotlib and numpy add some 50 MiB to a process for good, and in a workshop every
    student's kernel would carry them after one download. The child process (this package's
    own ``export`` command) draws every format in one go and exits. If it cannot run, the
    chart is drawn here instead, so the student still gets their files.
    """
    formats = [f.lower().lstrip(".") for f in formats]
    for fmt in formats:
        if fmt not in CHART_FORMATS:
            raise ValueError(
                f"Cannot draw the chart as {fmt!r}; choose one of {', '.join(CHART_FORMATS)}."
            )
    labels = {None: "auto", True: "dates", False: "years"}[dates]
    with tempfile.TemporaryDirectory(prefix="workbook-chart-") as tmp:
        source = Path(tmp, "roadmap.json")
        source.write_bytes(_json_bytes(roadmap))
        targets = {fmt: Path(tmp, f"chart.{fmt}") for fmt in formats}
        command = [sys.executable, "-m", "workbook", "export", str(source), "--labels", labels]
        for target in targets.values():
            command += ["--to", str(target)]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=True)
            return {fmt: target.read_bytes() for fmt, target in targets.items()}
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            log.warning(
                "chart process failed (%s) %s; drawing here instead",
                exc,
                detail.decode(errors="replace")[-500:],
            )
    return {fmt: chart_bytes(roadmap, fmt, dates=dates) for fmt in formats}


_RENDER: dict[str, Callable[[Roadmap], bytes]] = {
    ".md": lambda r: to_markdown(r).encode(),
    ".csv": lambda r: to_csv(r).encode("utf-8-sig"),  # the BOM tells Excel it is UTF-8
    ".ics": to_ics,
    ".json": _json_bytes,
}


def _choices() -> str:
    return ", ".join(FORMATS)


def _write(path: Path, data: bytes) -> None:
    if not path.parent.is_dir():
        raise ValueError(f"Cannot write {path}: the folder {path.parent} does not exist.")
    write_atomic(path, data, mode=0o644)


def _check_target(p: Path) -> str:
    suffix = p.suffix.lower()
    if suffix not in FORMATS:
        shown = f"'{p.suffix}'" if p.suffix else "no suffix"
        raise ValueError(
            f"Cannot export to {p.name} ({shown}): end the file name with one of {_choices()}."
        )
    if p.is_dir():
        raise ValueError(f"Cannot write {p}: it is a folder.")
    if is_save_file(p):
        raise ValueError(
            f"Cannot write {shown_path(p)}: it is a workbook save file (or named like one), and an "
            "export never writes over saved work. Choose another file name."
        )
    return suffix


def export(
    roadmap: Roadmap,
    path: str | os.PathLike[str],
    *,
    dates: bool | None = None,
    answer: str | None = None,
) -> Path:
    """Write the roadmap to ``path`` in the format its suffix names; returns the path.

    ``dates`` only concerns charts: see :func:`chart_bytes`; ``answer`` (the rehearsed answer)
    only the Markdown one-pager.
    """
    p = Path(path)
    suffix = _check_target(p)
    if suffix[1:] in CHART_FORMATS:
        data = chart_bytes(roadmap, suffix[1:], dates=dates)
    elif suffix == ".md":
        data = to_markdown(roadmap, answer=answer).encode()
    else:
        data = _RENDER[suffix](roadmap)
    _write(p, data)
    return p


# --- command line --------------------------------------------------------------------------------
def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2027-03-01") from None


def cli_export_args(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``python -m workbook export``."""
    parser.add_argument(
        "roadmap",
        metavar="ROADMAP.json",
        help="a saved workbook file, or a roadmap exported as .json",
    )
    parser.add_argument(
        "--to",
        required=True,
        action="append",
        metavar="FILE",
        help="where to write (repeat for several files); the suffix picks the format: "
        + "; ".join(f"{s} {what}" for s, what in FORMATS.items()),
    )
    parser.add_argument(
        "--labels",
        choices=("auto", "dates", "years"),
        default="auto",
        help="chart axis: real months, 'Year 1'..'Year 5', or dates when the roadmap has a "
        "start date (auto, the default)",
    )
    parser.add_argument(
        "--start",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="the real date of month 0 for calendars and dated charts "
        "(default: the roadmap's start date, else today)",
    )


def cli_export(args: argparse.Namespace) -> int:
    """Export a saved roadmap; bad input raises ValueError with a friendly message."""
    work = read_work_file(args.roadmap)
    roadmap, answer = work.roadmap, work.latest_draft(ANSWER_DRAFT)
    if getattr(args, "start", None):
        roadmap.start_date = args.start
    targets = [Path(t) for t in args.to]  # --to is repeatable: always a list
    for target in targets:  # every name checked before anything is written
        _check_target(target)
        check_output(target, [args.roadmap])  # never over the input, a FIFO or a device
    dates = {"auto": None, "dates": True, "years": False}[args.labels]
    for target in targets:
        path = export(roadmap, target, dates=dates, answer=answer)
        print(f"Wrote {path} ({FORMATS[path.suffix.lower()]}).")
    return 0


def cli_describe_args(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``python -m workbook describe``."""
    parser.add_argument(
        "roadmap",
        metavar="ROADMAP.json",
        help="a saved workbook file, or a roadmap exported as .json",
    )


def cli_describe(args: argparse.Namespace) -> int:
    """Print the timeline in words; a bad file raises ValueError with a friendly message.

    It lives here, beside the reader of roadmap files, so :mod:`workbook.timeline` needs
    nothing from this module (which draws with it)."""
    print(describe(read_roadmap_file(args.roadmap)))
    return 0
