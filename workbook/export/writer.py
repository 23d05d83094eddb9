"""Writing a roadmap to a file by its suffix, and the ``export`` and ``describe`` commands."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

from workbook.export.chart import CHART_FORMATS, chart_bytes
from workbook.export.csv_table import to_csv
from workbook.export.ical import to_ics
from workbook.export.markdown import to_markdown
from workbook.export.roadmap_file import read_roadmap_file, read_work_file, roadmap_json
from workbook.inputs import check_output
from workbook.inputs import shown as shown_path
from workbook.model import Roadmap
from workbook.store import ANSWER_DRAFT, is_save_file, write_atomic
from workbook.timeline import describe

__all__ = [
    "FORMATS",
    "cli_describe",
    "cli_describe_args",
    "cli_export",
    "cli_export_args",
    "export",
]

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


_RENDER: dict[str, Callable[[Roadmap], bytes]] = {
    ".md": lambda r: to_markdown(r).encode(),
    ".csv": lambda r: to_csv(r).encode("utf-8-sig"),  # the BOM tells Excel it is UTF-8
    ".ics": to_ics,
    ".json": roadmap_json,
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
