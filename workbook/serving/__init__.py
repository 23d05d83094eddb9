"""The Voila server's own classes: what ``scripts/serve.py`` (``make app``, ``make workshop``)
and the JupyterHub deployment (``deploy/jupyterhub_config.py``) both give the server.

* :class:`PrivateFoldersContents` (``contents``) keeps folders such as ``notebooks/instructor/``
  (the class report) out of every page, whatever the URL;
* :class:`ReleasingKernelManager` (``kernels``) frees what a closed tab leaves behind, gives the
  memory back (``memory``), and shuts down the empty restart of a kernel that died, so the page
  can tell the student;
* :class:`ReplacingKernelManager` (``kernels``, the hub's servers) hands a page only a kernel
  that answered, replacing one that dies at start, and keeps IPC socket paths short enough;
* :class:`GuardedKernelManager` (``rooms``) adds a cap on kernels ("the room is full", HTTP 503)
  and shuts down kernels no page ever connects to;
* :func:`whole_page_pool` (``pool``) makes Voila's pre-heated pool fill a few kernels at a time
  and hand out only pages whose cells all ran (:class:`PageCheck`);
* :class:`GuardedKernelWebsocketHandler` (``handlers``) speaks only the websocket protocol the
  pages speak, checking each frame before jupyter_server or Voila parse it
  (:class:`GuardedWebsocketConnection` does the same for the hub's servers), and
  :class:`CheckedTemplateStaticHandler` and :func:`unservable_path` answer odd URLs with 404.

Beside them, imported on their own: ``app`` (``WorkbookVoila``, the Voila application),
``command`` (the command line of each mode, and running it), ``harness`` (a real server for
tests and benchmarks) and ``hub`` (a trial JupyterHub). Only a Jupyter or Voila server, the
scripts, tests and benchmarks import this package; the notebooks never do.
"""

from __future__ import annotations

from workbook.serving.contents import PRIVATE_FOLDERS, PrivateFoldersContents
from workbook.serving.handlers import (
    KERNEL_PROTOCOL,
    CheckedTemplateStaticHandler,
    GuardedKernelWebsocketHandler,
    GuardedWebsocketConnection,
    legacy_frame_fits,
    unservable_path,
    v1_frame_parts,
)
from workbook.serving.kernels import ReleasingKernelManager, ReplacingKernelManager
from workbook.serving.memory import limit_malloc_arenas, reclaim_memory
from workbook.serving.pool import PageCheck, PooledNotebooks, WholePagePool, whole_page_pool
from workbook.serving.rooms import GuardedKernelManager, RoomFull

__all__ = [
    "KERNEL_PROTOCOL",
    "PRIVATE_FOLDERS",
    "CheckedTemplateStaticHandler",
    "GuardedKernelManager",
    "GuardedKernelWebsocketHandler",
    "GuardedWebsocketConnection",
    "PageCheck",
    "PooledNotebooks",
    "PrivateFoldersContents",
    "ReleasingKernelManager",
    "ReplacingKernelManager",
    "RoomFull",
    "WholePagePool",
    "legacy_frame_fits",
    "limit_malloc_arenas",
    "reclaim_memory",
    "unservable_path",
    "v1_frame_parts",
    "whole_page_pool",
]
