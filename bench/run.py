"""Run the benchmarks: ``python bench/run.py [name ...]`` (default: all of them).

Each benchmark is a script in this folder that prints its table, writes
``bench/results/<name>.json`` and exits non-zero when a floor is not met. They run one after
another (never in parallel) because these machines are small and shared.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ALL = ["coach_speed", "coach_quality", "app", "class_report", "hub"]


def main(argv: list[str]) -> int:
    names = argv or [n for n in ALL if (HERE / f"{n}.py").exists()]
    failed: list[str] = []
    for name in names:
        script = HERE / f"{name}.py"
        if not script.exists():
            print(f"no benchmark named {name!r}; choose from {', '.join(ALL)}", file=sys.stderr)
            return 2
        print(f"\n=== {name} ===", flush=True)
        began = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(
            f"--- {name}: {'ok' if code == 0 else f'FAILED ({code})'} in {time.perf_counter() - began:.1f} s"
        )
        if code:
            failed.append(name)
    if failed:
        print(f"\nbelow a floor or broken: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
