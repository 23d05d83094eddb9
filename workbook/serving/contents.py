"""Folders no page of the server lists, renders or serves (``notebooks/instructor/``, the
instructor's class report), whatever the URL: the contents manager of ``make app`` and of every
student's server behind JupyterHub (``deploy/jupyterhub_config.py`` names it)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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

    private_folders = List(
        Unicode(), list(PRIVATE_FOLDERS), config=True, help="Folder names never listed nor served."
    )

    def _is_private_name(self, name: str) -> bool:
        return name.casefold() in {folder.casefold() for folder in self.private_folders}

    def is_private(self, path: str) -> bool:
        try:
            os_path = Path(self._get_os_path(path))
        except HTTPError:  # outside the root: the parent refuses it anyway
            return False
        try:
            parts = os_path.relative_to(self.root_dir).parts
        except ValueError:
            return False
        return any(self._is_private_name(part) for part in parts)

    def should_list(self, name: str) -> bool:
        return not self._is_private_name(name) and super().should_list(name)

    def is_hidden(self, path: str) -> bool:
        return self.is_private(path) or super().is_hidden(path)

    def file_exists(self, path: str = "") -> bool:
        return not self.is_private(path) and super().file_exists(path)

    def dir_exists(self, path: str) -> bool:
        return not self.is_private(path) and super().dir_exists(path)

    def exists(self, path: str) -> bool:
        return not self.is_private(path) and super().exists(path)

    def get(self, path: str, content: bool = True, **kwargs: Any) -> dict:
        if self.is_private(path):
            raise HTTPError(404, f"No such file or directory: {path}")
        return super().get(path, content=content, **kwargs)
