"""The instructor's class-wide summary of a workshop's saved work.

This is the one module that uses pandas: the report is an instructor's tool, so it stays off
the student's path (nothing imports this module except the instructor's notebook and the
command line). It reads every file in a workshop's data folder, never trusts any of them,
and lists what it skipped and why instead of failing.

Anonymised by default: students appear as "Student 1", "Student 2"... in the order of their
files, unless ``names=True``. The report shows aggregates, never what a student wrote.

Where each part lives: :mod:`.rows` (reading the folder into rows), :mod:`.tables` (the tables
and their summaries), :mod:`.charts` (the HTML page and its charts), :mod:`.report` (building
and writing the report), :mod:`.sample` (a made-up class) and :mod:`.cli` (the command line).
"""

from __future__ import annotations

from workbook.classroom.cli import cli_class_report, cli_class_report_args
from workbook.classroom.report import ClassReport, class_report
from workbook.classroom.sample import sample_class
from workbook.store import ANSWER_DRAFT

__all__ = [
    "ANSWER_DRAFT",
    "ClassReport",
    "class_report",
    "cli_class_report",
    "cli_class_report_args",
    "sample_class",
]
