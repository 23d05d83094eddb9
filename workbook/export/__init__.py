"""Taking a roadmap out of the workbook: a Markdown one-pager, CSV, a calendar, the chart.

Every export is a pure function from a roadmap to text or bytes, so the widgets, the command
line and the tests share one implementation; :func:`export` only picks one by the file's
suffix and writes it atomically, never over a save file. One module per format:

- :mod:`.markdown` the one-pager (``to_markdown``), :mod:`.csv_table` the goals as a table and
  back (``to_csv``, ``from_csv``, ``guard_cell``), :mod:`.ical` the calendar (``to_ics``),
  :mod:`.chart` the chart as PNG, SVG or PDF (``chart_bytes``, ``chart_files``);
- :mod:`.roadmap_file` reads a save file or a roadmap ``.json`` (``read_work_file``) and
  writes a roadmap's JSON; :mod:`.writer` picks the format by suffix (``export``) and holds
  the ``export`` and ``describe`` commands.
"""

from __future__ import annotations

from workbook.export.chart import CHART_FORMATS, PREVIEW_DPI, chart_bytes, chart_files
from workbook.export.csv_table import CSV_COLUMNS, from_csv, guard_cell, to_csv
from workbook.export.ical import to_ics
from workbook.export.markdown import to_markdown
from workbook.export.roadmap_file import read_roadmap_file, read_work_file
from workbook.export.writer import (
    FORMATS,
    cli_describe,
    cli_describe_args,
    cli_export,
    cli_export_args,
    export,
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
