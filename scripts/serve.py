"""Serve the workbook with Voila: ``python scripts/serve.py app|workshop|slides [options]``.

This is the command the Makefile runs, so ``make app``, the browser tests and the benchmarks all
start the same server (tests and benchmarks through ``workbook.serving.harness.VoilaServer``,
which runs this script as a subprocess). It only reads its arguments: the command lines live in
``workbook/serving/command.py``, the Voila application in ``workbook/serving/app.py``.
``--print`` shows the command.

* ``app``: notebooks/ on http://localhost:8866; ``/`` opens the dashboard, ``/voila/tree`` lists
  the chapters (linked from the dashboard's title cell). One pre-heated dashboard kernel.
* ``workshop --seats N``: the same on every interface (0.0.0.0), one pre-heated dashboard kernel
  per seat, and ``WORKBOOK_SHARED=1`` so no student's code is remembered for the next one; the
  pool refills 10 s after the class took it (``WORKSHOP_FILL_DELAY_S``).
* ``slides``: the chapters as reveal.js slides, kernels started on demand; the instructor's
  notes are speaker notes (press "s"). reveal.js's stylesheets come from the npm package that
  scripts/install-reveal.sh puts in .venv/node, served at /voila/reveal.js/ (never a CDN).

What never changes lives in ``voila.json`` (read from the repository root only):
``show_tracebacks: false`` (students see a friendly line, never a traceback), ``strip_sources``
(no code on the page), the ``workbook`` template from share/jupyter (Voila's lab template without
its CDN links, a loading message naming the workbook), pre-heating with
``kernel_pools_config`` = 1 kernel for dashboard.ipynb and 0 for everything else (a pool per
chapter would multiply memory), idle kernels culled after 20 minutes (checked every minute;
kernels with an open tab are kept), ``allow_template_override: NO`` (no ``?template=`` back to
the CDN-linking templates), the classic (plain HTML) chapter list, and nbconvert's
``TagRemovePreprocessor`` dropping cells tagged ``instructor`` (the instructor's notes) or
``lab-only`` (code a student edits in JupyterLab) before a page is run or shown, and a cell
whose output is more than 60 s late failing instead of rendering empty (``VoilaExecutor``). The slides
keep ``instructor`` cells (``--TagRemovePreprocessor.remove_cell_tags=lab-only``), and the
``workbook-reveal`` template makes them speaker notes.

Voila itself is subclassed for what its options cannot do: the ``/`` redirect, one option for
the landing notebook's pool size (``--WorkbookVoila.landing_pool``), the ``_xsrf`` cookie
without which a closed tab never shuts its kernel down (voila#1458), serving reveal.js from
the machine, keeping ``notebooks/instructor/`` (the class report) out of every Voila page:
not listed, not rendered, 404 (``--WorkbookVoila.private_folders``; instructors open it in
JupyterLab, ``make lab``), and releasing what each closed tab's kernel used to leave in the
server for good (open ZMQ channels, request info, a logger: ``ReleasingKernelManager``), which
kept the server's memory and open files climbing session after session (bench/app.py), then
collecting the garbage a closed session leaves and handing the freed heap back to the system.

So that one class, or one client, cannot break the server (workbook/serving/): the pool fills
a few kernels at a time and hands out only whole pages (``whole_page_pool``); kernels are capped
(``--max-kernels``, by default what 80 % of the memory available at start holds at 128 MiB
each; past it a "room is full" page, HTTP 503); a kernel no browser connects to within 90 s is
shut down; the kernel websocket speaks only the v1 protocol the pages use, each frame checked;
odd URLs (a NUL byte, ``/voila/templates/../..``, ``/logout``) answer 404. Any Voila setting
can be added as ``--Class.trait=value`` (the tests shorten timeouts that way).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from workbook.serving.app import LANDING, NOTEBOOKS
from workbook.serving.command import MODES, build_command, describe_command, serve


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="serve.py", description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=MODES)
    parser.add_argument("--port", type=int, default=8866)
    parser.add_argument("--ip", help="address to listen on (app: localhost, workshop: 0.0.0.0)")
    parser.add_argument("--seats", type=int, default=30, help="workshop: students at once")
    parser.add_argument("--root", type=Path, default=NOTEBOOKS, help="folder of notebooks")
    parser.add_argument("--landing", default=LANDING, help="notebook the root URL opens")
    parser.add_argument("--pool", type=int, help="pre-heated kernels for the landing notebook")
    parser.add_argument(
        "--max-kernels", type=int, help="most kernels at once (default: what the memory holds)"
    )
    parser.add_argument("--print", action="store_true", help="show the command, do not run it")
    args, rest = parser.parse_known_args(argv)
    # Voila's own settings (--Class.trait=value) go through unchanged; nothing else does
    unknown = [arg for arg in rest if not re.fullmatch(r"--[A-Za-z]\w*\.\w+=.*", arg)]
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    args.voila_args = rest
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(sys.argv[1:] if argv is None else argv)
    voila_argv, env = build_command(
        args.mode,
        port=args.port,
        ip=args.ip,
        seats=args.seats,
        root=args.root,
        landing=args.landing,
        pool=args.pool,
        max_kernels=args.max_kernels,
    )
    voila_argv += args.voila_args
    if args.print:
        print(describe_command(voila_argv, env))
        return 0
    return serve(args.mode, voila_argv, env, seats=args.seats, pool=args.pool)


if __name__ == "__main__":
    sys.exit(main())
