"""The Voila command line of each way the workbook is served (app, workshop, slides), and the
call that runs it: ``scripts/serve.py`` parses its arguments and comes here, so ``make app``,
the browser tests and the benchmarks all start the same server."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

from workbook.serving.app import (
    LANDING,
    NOTEBOOKS,
    REVEAL_URL,
    ROOT,
    SLIDES_TEMPLATE,
    WorkbookVoila,
    reveal_package,
)
from workbook.serving.contents import PRIVATE_FOLDERS
from workbook.serving.memory import limit_malloc_arenas

__all__ = [
    "KERNEL_BUDGET_MIB",
    "MODES",
    "WORKSHOP_FILL_DELAY_S",
    "WORKSHOP_POOL_PER_SEAT",
    "available_mib",
    "build_command",
    "default_max_kernels",
    "describe_command",
    "serve",
]

MODES = ("app", "workshop", "slides")
#: cell tags the slides drop; ``instructor`` cells stay, as speaker notes (voila.json drops both)
SLIDES_REMOVED_TAG = "lab-only"
# A workshop pre-heats one dashboard kernel per seat: the class opens the dashboard within the
# same minute, and a student who misses the pool waits for a cold kernel, several seconds when
# thirty start at once. Chapters start kernels on demand (a pool each would multiply memory).
WORKSHOP_POOL_PER_SEAT = 1
# Once the class has taken the pool, Voila refills it 1 s after each page (voila.json): thirty
# kernels starting while the thirty pages load and fetch their widgets. A workshop waits 10 s:
# 30 pages at once on 2 busy cores, p95 2.2 s -> 0.9 s and tabs usable after 12 s -> 5 s. A
# student who reloads in those seconds waits for the refill instead (a kernel start or two).
WORKSHOP_FILL_DELAY_S = 10
#: memory planned per kernel for the default cap (a dashboard kernel stays under 100 MiB)
KERNEL_BUDGET_MIB = 128
#: share of the memory available at start that the kernels may take
KERNEL_MEMORY_SHARE = 0.8


def available_mib() -> float:
    """Memory available to new processes now (MemAvailable on Linux, else all of it)."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**20


def default_max_kernels(pool: int) -> int:
    """The most kernels a server starts: what 80 % of the memory available now holds at
    KERNEL_BUDGET_MIB each, and never fewer than the pool plus a few pages. Past it a student
    gets the "room is full" page (HTTP 503) instead of a machine that runs out of memory."""
    fits = int(KERNEL_MEMORY_SHARE * available_mib() // KERNEL_BUDGET_MIB)
    return max(pool + 5, fits)


def build_command(
    mode: str,
    *,
    port: int = 8866,
    ip: str | None = None,
    seats: int = 30,
    root: Path = NOTEBOOKS,
    landing: str = LANDING,
    pool: int | None = None,
    max_kernels: int | None = None,
) -> tuple[list[str], dict[str, str]]:
    """The Voila arguments and the extra environment for ``mode``.

    ``pool`` overrides the landing notebook's pool size from voila.json (0 turns pre-heating
    off); the benchmarks use it to serve the bare baseline the same way, without pre-heating.
    ``max_kernels`` caps the kernels at once (default: :func:`default_max_kernels`).
    """
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}: choose app, workshop or slides")
    jupyter_path = [str(ROOT / "share" / "jupyter"), os.environ.get("JUPYTER_PATH", "")]
    env = {"JUPYTER_PATH": os.pathsep.join(p for p in jupyter_path if p)}
    argv = [
        str(Path(root).resolve()),
        f"--Voila.config_file_paths={ROOT}",
        f"--port={port}",
        f"--Voila.ip={ip or ('0.0.0.0' if mode == 'workshop' else 'localhost')}",
        f"--WorkbookVoila.landing={landing}",
    ]
    if mode == "workshop":
        env["WORKBOOK_SHARED"] = "1"
        argv.append(f"--VoilaKernelManager.fill_delay={WORKSHOP_FILL_DELAY_S}")
        if pool is None:
            pool = max(1, seats * WORKSHOP_POOL_PER_SEAT)
    elif mode == "slides":
        # reveal.js slides of the chapters, started on demand: nothing to pre-heat, and the
        # root URL shows the chapter list rather than a dashboard made into slides. A room is
        # watching: like a workshop, nothing remembered on this machine is opened, so the
        # presenter's own code and work never appear on the projector
        env["WORKBOOK_SHARED"] = "1"
        argv = [a for a in argv if not a.startswith("--WorkbookVoila.landing=")]
        argv += [
            f"--template={SLIDES_TEMPLATE}",
            "--WorkbookVoila.landing=",
            f"--TagRemovePreprocessor.remove_cell_tags={SLIDES_REMOVED_TAG}",
        ]
        pool = 0
    if pool is not None:
        argv.append(f"--WorkbookVoila.landing_pool={pool}")
    if max_kernels is None:
        max_kernels = default_max_kernels(pool if pool is not None else 1)
    argv.append(f"--GuardedKernelManager.max_kernels={max_kernels}")
    return argv, env


def describe_command(voila_argv: list[str], env: dict[str, str]) -> str:
    """The command as a shell line, and a note on what WorkbookVoila adds to Voila."""
    prefix = " ".join(f"{key}={shlex.quote(value)}" for key, value in env.items())
    return (
        f"{prefix} WorkbookVoila {shlex.join(voila_argv)}\n"
        "(WorkbookVoila: voila.app.Voila plus the / redirect, the landing_pool option, "
        f"reveal.js at /{REVEAL_URL}/ and {', '.join(PRIVATE_FOLDERS)}/ kept out)"
    )


def serve(
    mode: str,
    voila_argv: list[str],
    env: dict[str, str],
    *,
    seats: int = 30,
    pool: int | None = None,
) -> int:
    """Run the server until it is stopped; 1 (and why, on stderr) when it cannot start.

    ``seats`` and ``pool`` only word the workshop's greeting (``voila_argv`` holds the pool).
    """
    if mode == "slides" and reveal_package() is None:
        print(
            "The slides need reveal.js from npm, which is not installed yet: run\n"
            "    bash scripts/install-reveal.sh\n"
            "(make slides does this for you), then try again.",
            file=sys.stderr,
        )
        return 1
    os.environ.update(env)
    if mode == "workshop":
        kernels = pool if pool is not None else seats * WORKSHOP_POOL_PER_SEAT
        print(
            f"Workshop for {seats} students: {kernels} pre-heated dashboard kernels; "
            "personal codes are not remembered between students.",
            flush=True,
        )
    limit_malloc_arenas()
    WorkbookVoila.launch_instance(voila_argv)
    return 0
