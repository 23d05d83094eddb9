"""Folders no page of the server lists, renders or serves (``notebooks/instructor/``, the
instructor's class report), whatever the URL: the contents manager of ``make app`` and of every
student's server behind JupyterHub (``deploy/jupyterhub_config.py`` names it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from jupyter_server.services.contents.largefilemanager import LargeFileManager
from tornado.web import HTTPError
from traitlets import List, Unicode

__all__ = ["PRIVATE_FOLDERS", "PrivateFoldersContents"]


#: folders of notebooks/ that no student page lists or renders (the instructor's class report)
PRIVATE_FOLDERS = ("instructor",)


class PrivateFoldersContents(LargeFileManager):
    """Every Voila page reads notebooks and folders through this object (the chapter list,
    the rendered page, /voila/api/contents, the pre-heated pool), so a folder it neither
    lists nor finds is out of reach whatever the URL: ``a/../instructor``, ``%69nstructor``
    or ``Instructor`` on a case-blind disk all resolve to a path inside it first."""

    # jupyter_server's contents managers are unannotated: each call to their methods below is
    # an ignored no-untyped-call, and what they return (Any) is cast to what they do return

    private_folders = List(
        Unicode(), list(PRIVATE_FOLDERS), config=True, help="Folder names never listed nor served."
    )

    def _is_private_name(self, name: str) -> bool:
        return name.casefold() in {folder.casefold() for folder in self.private_folders}

    def is_private(self, path: str) -> bool:
        try:
            os_path = Path(self._get_os_path(path))  # type: ignore[no-untyped-call]
        except HTTPError:  # outside the root: the parent refuses it anyway
            return False
        try:
            parts = os_path.relative_to(self.root_dir).parts
        except ValueError:
            return False
        return any(self._is_private_name(part) for part in parts)

    def should_list(self, name: str) -> bool:
        return not self._is_private_name(name) and super().should_list(name)  # type: ignore[no-untyped-call]

    def is_hidden(self, path: str) -> bool:
        return self.is_private(path) or super().is_hidden(path)  # type: ignore[no-untyped-call]

    def file_exists(self, path: str = "") -> bool:
        # typed for sync and async managers alike; this one (FileContentsManager) is sync
        return not self.is_private(path) and cast(bool, super().file_exists(path))

    def dir_exists(self, path: str) -> bool:
        return not self.is_private(path) and super().dir_exists(path)  # type: ignore[no-untyped-call]

    def exists(self, path: str) -> bool:
        return not self.is_private(path) and super().exists(path)  # type: ignore[no-untyped-call]

    # upstream names type, format and require_hash, which its callers (jupyter_server, Voila)
    # pass by keyword: **kwargs forwards them, so the narrower signature is an ignored override
    def get(  # type: ignore[override]
        self, path: str, content: bool = True, **kwargs: Any
    ) -> dict[str, Any]:
        if self.is_private(path):
            raise HTTPError(404, f"No such file or directory: {path}")
        model = super().get(path, content=content, **kwargs)  # type: ignore[no-untyped-call]
        return cast(dict[str, Any], model)
