"""Saving and loading a student's work: one JSON file per personal code, and nothing lost.

Why it is built this way:

* A student's name is never a path. The first save hands out a personal code such as
  ``maple-river-fox-4821``; the file is named after a hash of it, so on a shared server nobody
  opens another student's work by typing a name, and the folder listing shows neither names
  nor codes (:mod:`.codes`).
* Every write is atomic (temporary file in the same folder, fsync, ``os.replace``, fsync of the
  folder) and the previous good copy is kept as ``<name>.json.bak``. A killed kernel, a full disk
  or a hand edit costs at most the last save, and loading says so in :attr:`Work.notice`
  instead of showing a traceback (:mod:`.files`, :mod:`.reading`).
* A file that cannot be read is never overwritten: loading leaves it alone and saving first
  moves it aside to ``<name>.broken-<timestamp>.json``. Nothing is written that this package
  could not read back (:mod:`.saving`).
* Files from older versions of the workbook are upgraded on load by a chain of migrations
  (:data:`MIGRATIONS`, :mod:`.migrations`), so students keep their work across updates.
* Every save carries a revision number, checked under the file's lock: a page or notebook
  whose copy is behind the file (another tab saved since it opened) is refused with
  :class:`StaleWorkError` instead of silently writing its older copy over the newer one.

Everything public is importable from here; the submodules are where each part lives.
"""

from __future__ import annotations

from workbook.save_schema import ATTEMPT_STATUSES, Attempt, Draft
from workbook.store.codes import (
    LAST_CODE_FILE,
    data_dir,
    forget_code,
    new_code,
    normalise_code,
    remember_code,
    remembered_code,
    shared_server,
)
from workbook.store.files import write_atomic
from workbook.store.migrations import MIGRATIONS
from workbook.store.reading import (
    is_save_file,
    iter_saved,
    load_file,
    load_roadmap,
    load_work,
    revision_of,
)
from workbook.store.saving import dumps_work, save_roadmap, save_work
from workbook.store.work import (
    ANSWER_DRAFT,
    MAX_FILE_BYTES,
    PROOF_DRAFT,
    SCHEMA,
    SCHEMA_VERSION,
    SavedFile,
    StaleWorkError,
    StoreError,
    Work,
)

__all__ = [
    "ANSWER_DRAFT",
    "ATTEMPT_STATUSES",
    "LAST_CODE_FILE",
    "MAX_FILE_BYTES",
    "MIGRATIONS",
    "PROOF_DRAFT",
    "SCHEMA",
    "SCHEMA_VERSION",
    "Attempt",
    "Draft",
    "SavedFile",
    "StaleWorkError",
    "StoreError",
    "Work",
    "data_dir",
    "dumps_work",
    "forget_code",
    "is_save_file",
    "iter_saved",
    "load_file",
    "load_roadmap",
    "load_work",
    "new_code",
    "normalise_code",
    "remember_code",
    "remembered_code",
    "revision_of",
    "save_roadmap",
    "save_work",
    "shared_server",
    "write_atomic",
]
