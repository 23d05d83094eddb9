"""JupyterHub for a class: every student signs in and lands on their own copy of the dashboard.

Run it on one machine (from any folder; the hub keeps its database and cookie secret there, or in
``WORKBOOK_HUB_STATE``)::

    jupyterhub -f /opt/career-goals-workbook/deploy/jupyterhub_config.py

For Kubernetes use ``deploy/z2jh-values.yaml`` instead; it makes the same choices.
Why the hub is set up this way:

* Landing page: ``Spawner.default_url`` opens the Voila dashboard on the student's own server.
  The server's root is the repository's ``notebooks/`` folder, shared read-only by everyone, so
  ``dashboard.ipynb`` and the chapters (``/voila/tree``) need no copying into each home.
* Voila runs inside each single-user server as a Jupyter server extension (installed with
  voila). ``JUPYTER_PATH`` gains ``share/jupyter`` (the workbook's page template, no CDN) and
  ``JUPYTER_CONFIG_PATH`` the repository root, whose ``voila.json`` is the one ``make app``
  uses: same template, sources stripped, no tracebacks.
* Storage: each student's work goes to their own ``WORKBOOK_DATA`` folder, created before their
  server starts with mode 0700 and, when the hub runs as root, owned by them. By default it is
  ``~/.career-goals-workbook`` in the student's home; with ``WORKBOOK_HUB_DATA_ROOT`` it is
  ``<root>/<username>``, one tree an instructor can back up or report on. Personal codes name
  files only inside the student's own folder, so another student's code finds nothing there.
* Remembering codes: ``WORKBOOK_SHARED`` is never passed on (the spawner hands a server only the
  variables in ``env_keep`` plus ``Spawner.environment``). It exists for ``make workshop``, where
  one Voila server serves the whole room and must not recall one student's code for the next.
  Behind a hub each server serves one student, so the dashboard may remember their code.
* Culling: jupyter_server itself culls kernels idle for ``WORKBOOK_HUB_IDLE_MINUTES`` (even with
  the tab open: the work is saved on every change) and then shuts the idle server down, freeing
  its memory. When the ``jupyterhub-idle-culler`` package is installed it also runs as a hub
  service with the same timeout, stopping idle servers from the hub's side as z2jh does.

Settings, read from the hub's environment (the defaults suit a machine with real Unix accounts):

``WORKBOOK_HUB_URL``          public address; default ``http://:8000`` (put TLS in front of it)
``WORKBOOK_HUB_AUTH``         authenticator; default ``pam`` (the machine's Unix accounts).
                              ``shared-password``: one class password (set
                              ``WORKBOOK_HUB_PASSWORD``, 8+ characters) for a short workshop;
                              anyone who has it may sign in as any listed student.
                              ``native`` (pip install jupyterhub-nativeauthenticator): students
                              sign up, an admin approves. ``github``, ``google``, ``generic-oauth``
                              (pip install oauthenticator): the institution's accounts.
``WORKBOOK_HUB_USERS``        comma-separated class list allowed to sign in
``WORKBOOK_HUB_ADMINS``       comma-separated instructors (hub admins)
``WORKBOOK_HUB_ALLOW_ALL``    ``1``: anyone the authenticator accepts may sign in (careful with OAuth)
``WORKBOOK_HUB_SPAWNER``      default ``localprocess``: each server runs as the student's Unix
                              user, so the OS keeps folders apart (the hub must run as root).
                              ``simple``: everyone runs as the hub's user in
                              ``WORKBOOK_HUB_HOMES/<username>``; for trying the hub out only.
``WORKBOOK_HUB_HOMES``        homes for the ``simple`` spawner; default ``/tmp/workbook-hub``
``WORKBOOK_HUB_DATA_ROOT``    optional; see Storage above
``WORKBOOK_HUB_IDLE_MINUTES`` default 60; 0 turns culling off
``WORKBOOK_HUB_STATE``        folder for ``jupyterhub.sqlite`` and the cookie secret; default: cwd
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import sys
from pathlib import Path
from typing import Any

c = get_config()  # noqa: F821 (injected by JupyterHub's config loader)

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = REPO / "notebooks"
LANDING = "/voila/render/dashboard.ipynb"
DATA_FOLDER = ".career-goals-workbook"  # the store's own default folder name, kept per home
PROXY_BIN = Path("node") / "node_modules" / ".bin" / "configurable-http-proxy"


def _setting(name: str, default: str = "") -> str:
    return os.environ.get(f"WORKBOOK_HUB_{name}", default).strip()


def _names(name: str) -> set[str]:
    return {n.strip() for n in _setting(name).split(",") if n.strip()}


AUTH = _setting("AUTH", "pam")
SPAWNER = _setting("SPAWNER", "localprocess")
IDLE_SECONDS = int(float(_setting("IDLE_MINUTES", "60")) * 60)

# --- the hub ---------------------------------------------------------------------------------
c.JupyterHub.bind_url = _setting("URL", "http://:8000")
if state := _setting("STATE"):
    c.JupyterHub.db_url = f"sqlite:///{Path(state) / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(Path(state) / "jupyterhub_cookie_secret")
if shutil.which("configurable-http-proxy") is None:
    # scripts/install-chp.sh installs it into the virtual environment, not on PATH
    for venv in (Path(sys.prefix), REPO / ".venv"):
        if (venv / PROXY_BIN).exists():
            c.ConfigurableHTTPProxy.command = [str(venv / PROXY_BIN)]
            break

# --- who may sign in -------------------------------------------------------------------------
c.JupyterHub.authenticator_class = AUTH
c.Authenticator.allowed_users = _names("USERS")
c.Authenticator.admin_users = _names("ADMINS")
c.Authenticator.allow_all = _setting("ALLOW_ALL") == "1"
if AUTH == "shared-password":
    c.SharedPasswordAuthenticator.user_password = _setting("PASSWORD") or None

# --- each student's server -------------------------------------------------------------------
c.JupyterHub.spawner_class = SPAWNER
c.SimpleLocalProcessSpawner.home_dir_template = str(
    Path(_setting("HOMES", "/tmp/workbook-hub")) / "{username}"
)
# The servers run from the hub's own environment, which holds the workbook (no PATH lookup).
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]
c.Spawner.notebook_dir = str(NOTEBOOKS)
c.Spawner.default_url = LANDING
# A class signs in within the same minute: give queued servers time to start on a busy machine.
# bench/hub.py, 2 cores shared with other work: 30 servers started side by side answered after
# 76 s (median) and 87 s (p95), so 90 s would fail a few; the hub does not notice a server that
# died meanwhile before this runs out, so not much longer.
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 180
# Measured here: a dashboard kernel takes about 100 MiB, the student's Jupyter server (with
# JupyterLab and Voila loaded) about 170 MiB. Local processes only advertise these (MEM_LIMIT,
# for resource displays); systemd and container spawners enforce them. 1 GiB leaves room for a
# few chapter kernels (pandas, matplotlib) besides the dashboard.
c.Spawner.mem_guarantee = "384M"
c.Spawner.mem_limit = "1G"
c.Spawner.args = [
    # the classes `make app` serves with (workbook/serving/): notebooks/instructor/ (the class
    # report) out of every student's reach, and a kernel that dies shut down rather than
    # restarted empty, so the page tells the student to reload. ReplacingKernelManager adds: a
    # page gets only a kernel that answered; one that dies at start is replaced (after three
    # failures the page says plainly to reload, never loads forever)
    "--ServerApp.contents_manager_class=workbook.serving.PrivateFoldersContents",
    "--ServerApp.kernel_manager_class=workbook.serving.ReplacingKernelManager",
    # each kernel websocket frame checked before jupyter_server reads it (a malformed one froze
    # the server); the websocket guard of `make app`, for jupyter_server's own kernel websocket
    "--ServerApp.kernel_websocket_connection_class=workbook.serving.GuardedWebsocketConnection",
    # kernels on Unix sockets named after each kernel, as voila.json sets for `make app`: with
    # TCP, twenty servers starting kernels at once picked the same free ports and one kernel
    # died (`ZMQError: Address already in use`)
    "--KernelManager.transport=ipc",
    f"--MappingKernelManager.cull_idle_timeout={IDLE_SECONDS}",
    "--MappingKernelManager.cull_interval=60",
    "--MappingKernelManager.cull_connected=True",
    f"--ServerApp.shutdown_no_activity_timeout={IDLE_SECONDS}",
]


def _home(spawner: Any) -> Path | None:
    """The student's home as the hub sees it: the simple spawner's, else their Unix account's."""
    home = getattr(spawner, "home_dir", "")
    if home:
        return Path(home)
    try:
        return Path(pwd.getpwnam(spawner.user.name).pw_dir)
    except KeyError:
        return None  # no account on the hub's machine (a container spawner)


def workbook_data(spawner: Any) -> str:
    """Where this student's work is saved; one folder per student, never shared."""
    if root := _setting("DATA_ROOT"):
        return str(Path(root) / spawner.user.name)
    home = _home(spawner)
    # in a container the student's own process expands "~" (workbook.store.data_dir does)
    return str(home / DATA_FOLDER) if home else f"~/{DATA_FOLDER}"


def _search_path(first: Path, name: str) -> str:
    return os.pathsep.join(filter(None, [str(first), os.environ.get(name, "")]))


def prepare_data_dir(spawner: Any) -> None:
    """Create the student's folder private to them before their server can write into it.

    The store would create it on first save, but with the server's umask (often world-readable);
    made here it is 0700 from the start and, when the hub is root, owned by the student.
    """
    path = Path(workbook_data(spawner))
    runs_as_hub = bool(getattr(spawner, "home_dir", ""))  # the simple spawner: no Unix account
    if path.parts[0] == "~":
        return  # a container's home: the store makes the folder, also 0700, on the first save
    if not (runs_as_hub or _setting("DATA_ROOT") or path.parent.is_dir()):
        return  # a Unix account without a home yet: never create one owned by root
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    if os.geteuid() == 0 and not runs_as_hub:
        try:
            account = pwd.getpwnam(spawner.user.name)
        except KeyError:
            return
        os.chown(path, account.pw_uid, account.pw_gid)


c.Spawner.pre_spawn_hook = prepare_data_dir
c.Spawner.environment = {
    "WORKBOOK_DATA": workbook_data,
    "JUPYTER_PATH": _search_path(REPO / "share" / "jupyter", "JUPYTER_PATH"),
    "JUPYTER_CONFIG_PATH": _search_path(REPO, "JUPYTER_CONFIG_PATH"),
}

# --- culling idle servers from the hub, when the culler is installed -------------------------
if importlib.util.find_spec("jupyterhub_idle_culler") is not None:
    c.JupyterHub.load_roles = [
        {
            "name": "workbook-idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["workbook-idle-culler"],
        }
    ]
    c.JupyterHub.services = [
        {
            "name": "workbook-idle-culler",
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={IDLE_SECONDS}",
            ],
        }
    ]
