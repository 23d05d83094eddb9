"""The command line: ``python -m workbook {review,export,describe,class-report} ...``.

Each sub-command lives next to the code it drives and is imported only when used, so
``review`` never pays for pandas and ``class-report`` never for widgets.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# sub-command -> (module, function taking the parsed args and returning an exit code)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "review": (
        "workbook.coach",
        "cli_review",
        "review a spoken answer to 'What are your career goals?'",
    ),
    "export": (
        "workbook.export",
        "cli_export",
        "export a saved roadmap (.md, .csv, .ics, .json, .png, .svg, .pdf)",
    ),
    "describe": (
        "workbook.timeline",
        "cli_describe",
        "describe a saved roadmap's timeline in words",
    ),
    "class-report": ("workbook.classroom", "cli_class_report", "summarise a workshop's saved work"),
}


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """All sub-commands for ``--help``; only the chosen one's module is imported."""
    chosen = next((a for a in argv if a in COMMANDS), None)
    parser = argparse.ArgumentParser(prog="python -m workbook", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module, func, help_text) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(_target=(module, func))
        if name == chosen:
            configure = getattr(importlib.import_module(module), func + "_args", None)
            if configure is not None:
                configure(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = build_parser(argv).parse_args(argv)
    module, func = args._target
    try:
        return int(getattr(importlib.import_module(module), func)(args) or 0)
    except KeyboardInterrupt:
        return 130
    except (OSError, ValueError) as exc:  # friendly one-liners, never a traceback
        print(f"workbook {args.command}: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
