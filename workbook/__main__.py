"""The command line: ``python -m workbook {review,export,describe,class-report} ...``.

Each sub-command lives next to the code it drives and is imported only when used, so
``review`` never pays for pandas and ``class-report`` never for widgets.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import sys
from collections.abc import Callable, Sequence

#: what each sub-command's module defines: ``<function>(args) -> exit code``, and
#: ``<function>_args(parser)``, which adds the sub-command's arguments
Run = Callable[[argparse.Namespace], int]
Configure = Callable[[argparse.ArgumentParser], None]

# sub-command -> (module, function, help)
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
        "workbook.export",
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
            configure: Configure = getattr(importlib.import_module(module), func + "_args")
            configure(p)
    return parser


def _one_line(message: str) -> str:
    """An error as one line, whatever it quotes (a file name with a newline, YAML context)."""
    return " ".join(message.split())


def _lenient_output() -> None:
    """Print text that cannot be encoded (a lone surrogate from a JSON escape) escaped, rather
    than failing half-way through the output."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run one sub-command. Bad input (a ``ValueError`` or ``OSError``, which every reader of
    :mod:`workbook.inputs` raises) is one line on standard error and exit code 2; anything
    else is a bug, still reported in one line, with exit code 1. Never a traceback."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _lenient_output()
    args = build_parser(argv).parse_args(argv)
    module, func = args._target
    try:
        run: Run = getattr(importlib.import_module(module), func)
        return int(run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader stopped early (`| head`): not an error of ours
        with contextlib.suppress(OSError, ValueError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - so the exit flush stays quiet
        return 0
    except (OSError, ValueError) as exc:  # friendly one-liners, never a traceback
        print(f"workbook {args.command}: {_one_line(str(exc))}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: say so in one line, still no traceback for a student
        print(
            f"workbook {args.command}: unexpected error ({type(exc).__name__}: "
            f"{_one_line(str(exc))[:300]}); please report it",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
