"""``python -m workbook review``: review one answer, or a batch of answers as JSON lines.

    python -m workbook review answer.txt
    python -m workbook review --job-ad ad.txt --json -  < answer.txt
    python -m workbook review --json --batch answers.jsonl > results.jsonl

A batch reads lines like ``{"id": "a1", "text": "..."}`` and writes one JSON result per line
with the same ``id``; a line that cannot be read gives ``{"id": ..., "error": "..."}`` and the
batch carries on.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any, TextIO

from workbook.coach.review import review
from workbook.inputs import (
    InputError,
    iter_lines,
    open_regular,
    parse_json,
    parse_yaml,
    read_text,
    shown,
)
from workbook.model import Roadmap

__all__ = ["cli_review", "cli_review_args"]

#: a batch is read a line at a time; this only stops a runaway file (a log, a disk image)
MAX_BATCH_BYTES = 1_000_000_000


def cli_review_args(parser: argparse.ArgumentParser) -> None:
    """Add the ``review`` sub-command's arguments."""
    parser.add_argument(
        "source",
        nargs="?",
        default="-",
        metavar="FILE|-",
        help="the answer as a text file, or - to read it from standard input (the default)",
    )
    parser.add_argument(
        "--job-ad",
        metavar="FILE",
        help="a job ad (plain text, or YAML with a 'text' field) to compare key terms with",
    )
    parser.add_argument(
        "--roadmap", metavar="FILE", help="a roadmap saved as JSON, to check consistency with"
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    parser.add_argument(
        "--batch",
        metavar="ANSWERS.jsonl",
        help='review many answers: one {"id", "text"} object per line (- for standard input)',
    )


def _read(path: str, what: str) -> str:
    """An answer or job ad: a regular file (or ``-``), UTF-8, within the text size limit."""
    try:
        return read_text(path)
    except InputError as exc:
        raise ValueError(f"cannot read the {what} {exc}") from None


def _job_ad(path: str | None) -> Any:
    if not path:
        return None
    text = _read(path, "job ad")
    if path.endswith((".yaml", ".yml")):
        try:
            data = parse_yaml(text, shown(path))
        except InputError as exc:
            raise ValueError(f"the job ad {exc}") from None
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            return data
        raise ValueError(f"the job ad {shown(path)}: needs a 'text' field")
    return text


def _roadmap(path: str | None) -> Roadmap | None:
    if not path:
        return None
    from workbook.export import read_roadmap_file  # the one reader of roadmap files

    return read_roadmap_file(path, validate=False)


#: characters that end a line for Python's str.splitlines() (and some editors) but that JSON
#: leaves as they are: escaped, so one result stays one line for every reader
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _json_line(result: dict[str, Any]) -> str:
    """One result as a JSON line; text that UTF-8 cannot carry (a lone surrogate) escaped, and
    so are the characters other readers take as line breaks (U+0085, U+2028, U+2029)."""
    line = json.dumps(result, ensure_ascii=False, allow_nan=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        line = json.dumps(result, ensure_ascii=True, allow_nan=False)
    return line.translate(_LINE_BREAKS)


def _batch(stream: IO[bytes], out: TextIO, job_ad: Any, roadmap: Roadmap | None) -> int:
    """Review each line; a line that cannot be read or reviewed is one error line, and the
    batch carries on."""
    bad = 0
    for number, line in enumerate(iter_lines(stream), 1):
        if isinstance(line, str) and not line.strip():
            continue
        ident: Any = None
        try:
            if isinstance(line, InputError):
                raise line
            item = parse_json(line, f"line {number}")
            if not isinstance(item, dict):
                raise ValueError(
                    f"line {number}: each line must be a JSON object with 'id' and 'text'"
                )
            ident = item.get("id")
            if not isinstance(item.get("text"), str):
                raise ValueError(f"line {number}: the 'text' field is missing or not a string")
            result: dict[str, Any] = {
                "id": ident,
                **review(item["text"], job_ad, roadmap).to_dict(),
            }
            text = _json_line(result)
        except (ValueError, TypeError, RecursionError) as exc:
            bad += 1
            message = str(exc) if str(exc).startswith("line ") else f"line {number}: {exc}"
            text = _json_line({"id": _plain_id(ident), "error": message})
        out.write(text + "\n")
    if bad:
        print(
            f"workbook review: {bad} line(s) could not be reviewed (see 'error').", file=sys.stderr
        )
    return 0


def _plain_id(ident: Any) -> Any:
    """The id as given when it can be written back as JSON, else ``None``."""
    try:
        json.dumps(ident, allow_nan=False)
    except (ValueError, TypeError, RecursionError):
        return None
    return ident


def cli_review(args: argparse.Namespace) -> int:
    """Run ``review`` for the parsed arguments; returns the exit code."""
    job_ad = _job_ad(getattr(args, "job_ad", None))
    roadmap = _roadmap(getattr(args, "roadmap", None))
    if getattr(args, "batch", None):
        if args.batch == "-":
            return _batch(sys.stdin.buffer, sys.stdout, job_ad, roadmap)
        try:  # a batch is read line by line, so it has no overall size limit
            stream = open_regular(args.batch, limit=MAX_BATCH_BYTES)
        except InputError as exc:
            raise ValueError(f"cannot read the batch {exc}") from None
        with stream:
            return _batch(stream, sys.stdout, job_ad, roadmap)
    text = _read(getattr(args, "source", "-") or "-", "answer")
    result = review(text, job_ad, roadmap)
    if getattr(args, "json", False):
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result)
    return 0
