"""``python -m workbook class-report``: the report from the command line, written only to a new
or ordinary file of its kind, never over saved work."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbook.classroom.report import class_report
from workbook.inputs import InputError, check_output, shown
from workbook.store import is_save_file


def cli_class_report_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", help="the workshop's data folder (its WORKBOOK_DATA)")
    parser.add_argument("--to", metavar="FILE", help="write the report (.html or .csv)")
    parser.add_argument("--csv", metavar="FILE", help="also write the per-student table as CSV")
    parser.add_argument("--names", action="store_true", help="show names (default: anonymised)")


def _check_report_target(target: Path, suffixes: tuple[str, ...]) -> None:
    """A report is written only to a new or ordinary file of its kind, never over saved work."""
    if target.suffix.lower() not in suffixes:
        raise ValueError(f"{shown(target.name)}: choose a {' or '.join(suffixes)} file name.")
    try:
        check_output(target, [])
    except InputError as exc:
        raise ValueError(str(exc)) from None
    if is_save_file(target):
        raise ValueError(
            f"{shown(target)}: is a workbook save file (or named like one); a report never "
            "writes over saved work. Choose another file name."
        )


def cli_class_report(args: argparse.Namespace) -> int:
    """Summarise a class folder; the output names are checked before anything is read."""
    to = Path(args.to) if args.to else None
    csv = Path(args.csv) if args.csv else None
    if to is not None:
        _check_report_target(to, (".html", ".htm", ".csv"))
    if csv is not None:
        _check_report_target(csv, (".csv",))
    report = class_report(args.folder, names=args.names)
    if to is not None:
        if to.suffix.lower() == ".csv":
            report.to_csv(to)
        else:
            report.to_html(to)
    if csv is not None:
        report.to_csv(csv)
    print(repr(report))
    for name, reason in report.skipped:
        print(f"  skipped {name}: {reason}")
    return 0
