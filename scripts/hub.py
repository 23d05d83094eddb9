"""Run ``deploy/jupyterhub_config.py`` on this machine for a trial class: ``python scripts/hub.py``.

``python scripts/hub.py --students 5`` runs one until Ctrl-C and prints the address and password.
The hub it starts is ``workbook.serving.hub.LocalHub``, the one the hub tests (tests/test_hub.py)
and the hub benchmark (bench/hub.py) start: the deployment's config, then only what a trial needs
(a class password, the ``simple`` spawner, loopback addresses on free ports, the proxy
``scripts/install-chp.sh`` installs).
"""

from __future__ import annotations

import argparse
import sys

from workbook.serving.hub import run_trial


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=3, help="student01 .. studentNN")
    args = parser.parse_args(argv)
    return run_trial(args.students)


if __name__ == "__main__":
    sys.exit(main())
