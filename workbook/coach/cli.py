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
from pathlib import Path
from typing import Any, TextIO

import yaml

from workbook.coach.review import review
from workbook.model import Roadmap

__all__ = ["cli_review", "cli_review_args"]


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
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise OSError(f"cannot read the {what} {path!r}: {exc.strerror or exc}") from None


def _job_ad(path: str | None) -> Any:
    if not path:
        return None
    text = _read(path, "job ad")
    if path.endswith((".yaml", ".yml")):
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError:
            raise ValueError(f"the job ad {path!r} is not valid YAML") from None
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            return data
        raise ValueError(f"the job ad {path!r} needs a 'text' field")
    return text


def _roadmap(path: str | None) -> Roadmap | None:
    if not path:
        return None
    try:
        data = json.loads(_read(path, "roadmap"))
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"the roadmap {path!r} is not valid JSON ({exc.msg}, line {exc.lineno})"
        ) from None
    if isinstance(data, dict) and isinstance(data.get("roadmap"), dict):
        data = data["roadmap"]  # a whole saved work file
    return Roadmap.from_dict(data, validate=False)


def _batch(stream: TextIO, out: TextIO, job_ad: Any, roadmap: Roadmap | None) -> int:
    bad = 0
    for number, line in enumerate(stream, 1):
        if not line.strip():
            continue
        ident: Any = None
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise ValueError("each line must be a JSON object with 'id' and 'text'")
            ident = item.get("id")
            if not isinstance(item.get("text"), str):
                raise ValueError("the 'text' field is missing or not a string")
            result: dict[str, Any] = {
                "id": ident,
                **review(item["text"], job_ad, roadmap).to_dict(),
            }
        except (ValueError, TypeError) as exc:
            bad += 1
            message = (
                f"line {number}: {exc}"
                if not isinstance(exc, json.JSONDecodeError)
                else (f"line {number}: not valid JSON ({exc.msg})")
            )
            result = {"id": ident, "error": message}
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    if bad:
        print(
            f"workbook review: {bad} line(s) could not be reviewed (see 'error').", file=sys.stderr
        )
    return 0


def cli_review(args: argparse.Namespace) -> int:
    """Run ``review`` for the parsed arguments; returns the exit code."""
    job_ad = _job_ad(getattr(args, "job_ad", None))
    roadmap = _roadmap(getattr(args, "roadmap", None))
    if getattr(args, "batch", None):
        if args.batch == "-":
            return _batch(sys.stdin, sys.stdout, job_ad, roadmap)
        try:
            with open(args.batch, encoding="utf-8", errors="replace") as stream:
                return _batch(stream, sys.stdout, job_ad, roadmap)
        except OSError as exc:
            raise OSError(f"cannot read the batch {args.batch!r}: {exc.strerror or exc}") from None
    text = _read(getattr(args, "source", "-") or "-", "answer")
    result = review(text, job_ad, roadmap)
    if getattr(args, "json", False):
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(result)
    return 0
