"""The Voila application ``make app``, ``make workshop`` and ``make slides`` run: Voila itself,
subclassed for what its options cannot do (``scripts/serve.py`` says what each one is for).

* ``/`` sends a visitor to the landing notebook (``--WorkbookVoila.landing``), and one option
  sizes that notebook's pool (``--WorkbookVoila.landing_pool``) instead of voila.json's pools;
* each page sets the ``_xsrf`` cookie without which a closed tab never shuts its kernel down
  (voila#1458) and answers 404 to a path no notebook has;
* reveal.js is served from this machine (never a CDN);
* ``notebooks/instructor/`` is never listed, rendered or served (``private_folders``);
* the kernel manager, pool, websocket and static handlers are the guarded ones of this package.
"""

from __future__ import annotations

import gc
import re
import sys
from pathlib import Path
from typing import Any

import voila.app as voila_app
from jupyter_events import EventLogger
from jupyter_server.auth.logout import LogoutHandler
from jupyter_server.utils import url_path_join
from tornado.web import HTTPError, RedirectHandler, StaticFileHandler
from traitlets import Integer, List, Unicode
from voila.static_file_handler import AllowListFileHandler, TemplateStaticFileHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from workbook.serving.contents import PRIVATE_FOLDERS, PrivateFoldersContents
from workbook.serving.handlers import (
    CheckedTemplateStaticHandler,
    GuardedKernelWebsocketHandler,
    unservable_path,
)
from workbook.serving.pool import whole_page_pool
from workbook.serving.rooms import GuardedKernelManager

__all__ = [
    "LANDING",
    "NOTEBOOKS",
    "REVEAL_URL",
    "ROOT",
    "SLIDES_TEMPLATE",
    "PageHandler",
    "WorkbookVoila",
    "reveal_package",
]

#: the repository: voila.json, share/jupyter (the page templates) and notebooks/ live there, so
#: the app is served from a checkout (pip install -e), as every Makefile target does
ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
LANDING = "dashboard.ipynb"
#: share/jupyter/voila/templates/workbook-reveal: Voila's reveal template with nothing from a CDN
SLIDES_TEMPLATE = "workbook-reveal"
#: where (under the base URL) the reveal.js npm package is served
REVEAL_URL = "voila/reveal.js"


def reveal_package() -> Path | None:
    """The reveal.js npm package scripts/install-reveal.sh installed (in this virtual
    environment's node/ folder, or the repository's .venv), or None when it is missing."""
    for venv in (Path(sys.prefix), ROOT / ".venv"):
        package = venv / "node" / "node_modules" / "reveal.js"
        if (package / "dist" / "reveal.css").is_file():
            return package
    return None


# voila ships no types (voila.* is ignore_missing_imports), so its classes are Any to the checker
class PageHandler(TornadoVoilaHandler):  # type: ignore[misc]
    """Voila's page, also setting the ``_xsrf`` cookie that the page's unload beacon sends.

    Voila 0.5.13 never sets that cookie, so the beacon asking to shut the kernel down when
    a tab closes is refused (403, voila-dashboards/voila#1458) and each closed tab leaves a
    kernel running until culled. Reading ``xsrf_token`` makes tornado set the cookie.
    """

    async def get(self, path: str | None = None) -> None:
        if unservable_path(path):
            raise HTTPError(404)
        self.xsrf_token  # noqa: B018 - read for its side effect, the cookie
        await super().get(path)


#: Voila's handlers -> the workbook's, put in their place by :meth:`WorkbookVoila.init_handlers`
REPLACED_HANDLERS: dict[type, type] = {
    TornadoVoilaHandler: PageHandler,
    VoilaKernelWebsocketHandler: GuardedKernelWebsocketHandler,
    TemplateStaticFileHandler: CheckedTemplateStaticHandler,
}


class WorkbookVoila(voila_app.Voila):  # type: ignore[misc]  # Voila is untyped (Any)
    """Voila with the root URL sending visitors to the landing notebook, closed tabs shutting
    their kernels down, reveal.js served from this machine and private folders kept out."""

    landing = Unicode(
        LANDING, config=True, help="Notebook the root URL redirects to ('': the list)."
    )
    landing_pool = Integer(
        None,
        allow_none=True,
        config=True,
        help="Pre-heated kernels for the landing notebook only, instead of voila.json's "
        "pools; 0 turns pre-heating off.",
    )
    private_folders = List(
        Unicode(),
        list(PRIVATE_FOLDERS),
        config=True,
        help="Names of folders (at any depth) no Voila page lists, renders or serves.",
    )
    reveal_dir = Unicode(
        "",
        config=True,
        help="The reveal.js npm package served at /voila/reveal.js/ ('': the one "
        "scripts/install-reveal.sh installed).",
    )

    def initialize(self, argv: list[str] | None = None) -> None:
        super().initialize(argv)
        self.voila_configuration.multi_kernel_manager_class = GuardedKernelManager
        # Each kernel's manager looks for its app's event logger and, finding none on
        # Voila, makes its own: a logging.Logger named after id() that the logging module
        # keeps forever, and the event schemas parsed again (jupyter_server's
        # ServerKernelManager._default_event_logger). One shared logger, as ServerApp has.
        self.event_logger = EventLogger(parent=self)
        # reveal templates link reveal.css and the theme from resources.reveal.url_prefix
        # (unpkg.com when unset); Voila reads the resources from its config object
        section = self.voila_configuration.config.VoilaConfiguration
        resources = dict(self.voila_configuration.resources)
        reveal = {"url_prefix": url_path_join(self.base_url, REVEAL_URL)}
        resources["reveal"] = {**reveal, **dict(resources.get("reveal", {}))}
        section.resources = resources
        self._configure_landing_pool()

    def _configure_landing_pool(self) -> None:
        """``landing_pool`` in place of voila.json's pools (read by the kernel manager, which
        Voila creates later, in start())."""
        if self.landing_pool is None:
            return
        if self.landing_pool <= 0:
            self.voila_configuration.preheat_kernel = False
            return
        pools = {"default": {"pool_size": 0}, self.landing: {"pool_size": self.landing_pool}}
        self.config.VoilaKernelManager.kernel_pools_config = pools

    def init_settings(self) -> dict[str, Any]:
        # Voila builds its pre-heating kernel manager in init_settings, from a factory named
        # in voila.app: for that call, the factory's class gets whole_page_pool on top
        factory = voila_app.voila_kernel_manager_factory

        def pooled(base: type, preheat: bool, size: int, **kwargs: Any) -> type:
            made = factory(base, preheat, size, **kwargs)
            return whole_page_pool(made) if preheat else made

        voila_app.voila_kernel_manager_factory = pooled
        try:
            settings: dict[str, Any] = super().init_settings()
        finally:
            voila_app.voila_kernel_manager_factory = factory
        # Voila hard-codes LargeFileManager; the same class, minus the private folders
        self.contents_manager = PrivateFoldersContents(
            parent=self, private_folders=self.private_folders
        )
        settings["contents_manager"] = self.contents_manager
        return settings

    def init_handlers(self) -> list[Any]:
        # no /logout: nobody logs in to this app (jupyter_server's page for it was a 500)
        handlers = [
            (rule[0], REPLACED_HANDLERS.get(rule[1], rule[1]), *rule[2:])
            for rule in super().init_handlers()
            if not (isinstance(rule[1], type) and issubclass(rule[1], LogoutHandler))
        ]
        # /voila/files/ (images) reads the disk directly, not through the contents manager
        deny = [rf"(?:.*[/\\])?{re.escape(name)}[/\\].*" for name in self.private_folders]
        for rule in handlers:
            if rule[1] is AllowListFileHandler:
                rule[2]["denylist"] = [*rule[2]["denylist"], *deny]
        reveal = self.reveal_dir or reveal_package()
        if reveal:
            pattern = url_path_join(self.server_url, REVEAL_URL, "(.*)")
            handlers.insert(0, (pattern, StaticFileHandler, {"path": str(reveal)}))
        if not self.landing:
            return handlers
        target = url_path_join(self.base_url, "voila/render", self.landing)
        # tornado takes the first matching rule, so this one shadows Voila's tree at "/"
        redirect = (self.server_url, RedirectHandler, {"url": target, "permanent": False})
        return [redirect, *handlers]

    def listen(self) -> None:
        # Everything built so far (modules, the app, its handlers and kernel manager) lives
        # as long as the server: freezing it keeps the collection after each closed tab
        # (reclaim_memory) to what sessions made since, instead of every object.
        gc.collect()
        gc.freeze()
        super().listen()
