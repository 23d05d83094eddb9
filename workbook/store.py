"""Saving and loading a student's work: one JSON file per personal code, and nothing lost.

Why it is built this way:

* A student's name is never a path. The first save hands out a personal code such as
  ``maple-river-fox-4821``; the file is named after a hash of it, so on a shared server nobody
  opens another student's work by typing a name, and the folder listing shows neither names
  nor codes.
* Every write is atomic (temporary file in the same folder, fsync, ``os.replace``, fsync of the
  folder) and the previous good copy is kept as ``<name>.json.bak``. A killed kernel, a full disk
  or a hand edit costs at most the last save, and loading says so in :attr:`Work.notice`
  instead of showing a traceback.
* A file that cannot be read is never overwritten: loading leaves it alone and saving first
  moves it aside to ``<name>.broken-<timestamp>.json``. Nothing is written that this module
  could not read back.
* Files from older versions of the workbook are upgraded on load by a chain of migrations
  (:data:`MIGRATIONS`), so students keep their work across updates.
* Every save carries a revision number, checked under the file's lock: a page or notebook
  whose copy is behind the file (another tab saved since it opened) is refused with
  :class:`StaleWorkError` instead of silently writing its older copy over the newer one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import re
import secrets
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from workbook.inputs import InputError, parse_json, read_bytes
from workbook.model import AREAS, SHORT_TERM_MAX_MONTH, Horizon, Roadmap, ValidationError
from workbook.save_schema import ATTEMPT_SCORES, ATTEMPT_STATUSES, Attempt, Draft, save_problem

__all__ = [
    "ANSWER_DRAFT",
    "ATTEMPT_STATUSES",
    "MIGRATIONS",
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

log = logging.getLogger(__name__)

#: The marker that says a JSON file is a workbook save (and not, say, a notebook).
SCHEMA = "career-goals-workbook"
#: The version written today; older ones are upgraded on load through :data:`MIGRATIONS`.
SCHEMA_VERSION = 2

MAX_FILE_BYTES = 5_000_000  # a full workbook is a few hundred kB; anything bigger is not ours
LOCK_TIMEOUT = 10.0  # seconds a save waits for another tab's save of the same work
LAST_CODE_FILE = "last-code.txt"
CODE_WORDS = 3
CODE_DIGITS = 4

#: Words for personal codes: short, concrete and easy to spell. 512 words, three of them and
#: four digits give 512**3 * 10**4 (about 2**40) codes, so guessing a classmate's is hopeless.
_WORD_LIST = """
    acorn actor adobe agent alarm album alder alley alpha amber anchor angle ankle apple
    apron arch arena arrow aspen atlas atom attic autumn avenue badge badger bagel baker
    bamboo banjo barley barn basil basin basket bay beach beacon bead beam bean bear beaver
    beet beetle bell bench berry birch bird bison blade blaze bloom board boat bolt bonnet
    book boot border bottle bowl branch brass bread breeze brick bridge brie brook broom
    bucket buckle bugle bundle bunny butter button cabin cable cactus cake camel camera
    canal candle canoe canopy canyon cape cargo carpet carrot cashew castle cedar celery
    cello chalk chapel cherry chess chest chime cider cinema circle citrus clam clay cliff
    cloak clock cloud clover coast cobalt cobble cobra cocoa comet condor copper coral cork
    cosmos cotton cougar cove crane crater crayon creek crest crow crown cub cumin cycle
    dahlia daisy dawn delta denim desert dial dingo dock dome domino donkey dove dragon drum
    dune dusk eagle easel echo eel elbow elm ember engine fable falcon fawn fennel fern
    ferret ferry fiddle field fig finch flag flame flint flute fog forest forge fossil fox
    frost fruit galaxy gale garden garnet gecko gem geyser ginger glade glen globe glove
    goose gopher grain grape gravel grove guitar gull gust hammer harbor harp hawk hazel
    heath hedge helm heron hill hive honey hoop hornet hotel husky hut hyena igloo indigo
    inlet iris island ivory ivy jackal jacket jade jaguar jam jelly jet jewel jigsaw jungle
    kayak kelp kernel kettle kite kiwi koala ladder lagoon lake lamp larch lark latch lava
    leaf lemon lemur lentil lilac lily lime linen lion lizard llama locket lodge loom lotus
    lunar lute lynx magnet mane mango mantis maple marble marsh mast maze meadow melon mesa
    meteor mill mint mirror mist mitten moat moon moose mosaic moss moth mule mural museum
    myrtle nectar needle nest newt nickel nomad noodle nut nutmeg oak oasis oat oboe ocean
    ocelot olive onyx opal orb orbit orca orchid osprey otter owl oyster paddle palm panda
    papaya paper parade parrot pasta path peach peanut pearl pebble pecan peony pepper
    pewter piano pickle pier pigeon pillow pilot pine planet plank plaza plum pocket pod
    polar pond pony poppy prism puffin puzzle quail quartz quill quilt quince rabbit radar
    radish raft rain raisin ramp rapids raven reed reef rhino ribbon ridge river robe robin
    rocket rook root rope rose ruby saddle sage sail salmon salt sand sandal satin scarf
    school scroll seal seed shadow shed shell shore silver sketch sky slate sled slope sloth
    snail snow sock sonnet spark spice spider spire spoon spruce squash squid star stem stew
    stone stork storm straw stream summit sun surf swan table tablet tango tapir teapot
    temple tent tiara tide tiger tile timber toast tofu token topaz torch toucan tower trail
    train trout tuba tulip tuna tundra turnip turtle twig valley vase vault veil velvet vine
    violet violin vortex waffle wagon walnut walrus wand water wave web whale wheat wick
    willow window wing winter wizard wolf wool wren yacht yak yard yarn yeti yucca zebra
    zenith zephyr zest zinc zipper
"""
_WORDS: tuple[str, ...] = tuple(_WORD_LIST.split())

NO_MATCH = "No saved work matches that code; check it for typos."
BAD_CODE = (
    "That does not look like a workbook code. A code is three words and four digits, "
    "like maple-river-fox-4821; capitals, spaces and dashes do not matter."
)
NEWER = (
    "This work was saved by a newer version of the workbook (schema version {version}). "
    "Update the workbook to open it; the file has not been changed."
)


#: the draft the spoken answer is kept under (the coach panel, chapter 7, the one-pager)
ANSWER_DRAFT = "career_goals_answer"


class StoreError(ValueError):
    """Saved work cannot be opened or saved; the message is written for the student."""


class StaleWorkError(StoreError):
    """The file was saved from elsewhere (another tab, window or notebook) after this copy was
    opened; saving it would throw that newer work away, so nothing was written."""

    def __init__(self, saved_at: dt.datetime | None) -> None:
        when = f" at {saved_at:%H:%M} UTC" if saved_at else ""
        super().__init__(
            "This page is behind your saved work: it was saved from another tab or window"
            f"{when} after this page opened. Nothing was saved here, so that newer work is "
            "safe. Reload your saved work to carry on from it; the change you just made on "
            "this page is not in it, so make it again after reloading."
        )
        self.saved_at = saved_at


@dataclass
class Work:
    """Everything one student has done: the roadmap, quiz attempts and answer drafts."""

    roadmap: Roadmap = field(default_factory=Roadmap)
    #: quiz attempts, oldest first
    attempts: list[Attempt] = field(default_factory=list)
    #: written answers, oldest first; several per name make a history
    drafts: list[Draft] = field(default_factory=list)
    #: the personal code it is saved under (``None`` until the first save)
    code: str | None = None
    #: a friendly message when loading had to fall back to the previous copy
    notice: str | None = None
    #: when it was last saved (UTC), ``None`` until then
    saved_at: dt.datetime | None = None
    #: the file's save count when this copy was read or written; ``None`` for work that did
    #: not come from a file (saving it under an existing code is then a deliberate replace)
    revision: int | None = None

    def latest_draft(self, name: str) -> str | None:
        """The most recent text kept under ``name``, or ``None``."""
        texts = [d.get("text") for d in self.drafts if d.get("name") == name]
        return texts[-1] if texts else None


@dataclass(frozen=True)
class SavedFile:
    """One file found by :func:`iter_saved`: exactly one of ``work`` and ``problem`` is set."""

    path: Path
    work: Work | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None


# --- where files live ------------------------------------------------------------------------
_OFF = {"", "0", "false", "no", "off"}


def data_dir() -> Path:
    """The folder for saved work; ``WORKBOOK_DATA`` lets a server (or a test) choose it."""
    override = os.environ.get("WORKBOOK_DATA", "").strip()
    if override:
        return Path(override).expanduser()
    return Path.home() / ".career-goals-workbook"


def shared_server() -> bool:
    """Whether one server holds a whole class (``WORKBOOK_SHARED``); read at each call."""
    return os.environ.get("WORKBOOK_SHARED", "").strip().lower() not in _OFF


def _folder(folder: Path | str | None) -> Path:
    return Path(folder) if folder is not None else data_dir()


def _ensure_folder(folder: Path) -> None:
    """Create the folder private to its owner: other users of the machine cannot list it."""
    if folder.is_dir():
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder.chmod(0o700)  # mkdir's mode is filtered by the umask
    except OSError as exc:
        raise StoreError(
            f"The workbook cannot create its folder for saved work ({exc.strerror or exc}). "
            "Ask your instructor to check WORKBOOK_DATA."
        ) from None


# --- personal codes ----------------------------------------------------------------------------
_CODE_KEY = re.compile(rf"[a-z]{{6,60}}[0-9]{{{CODE_DIGITS}}}")
_SEPARATOR_CATEGORIES = {"Pd", "Zs", "Zl", "Zp", "Cc"}  # dashes, spaces, line breaks, tabs


def new_code() -> str:
    """A fresh random personal code, such as ``maple-river-fox-4821``."""
    words = [secrets.choice(_WORDS) for _ in range(CODE_WORDS)]
    return "-".join([*words, f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"])


def _parse_code(code: object) -> tuple[str, str]:
    """The display form and the hashing key of a typed code; StoreError if it cannot be one."""
    if not isinstance(code, str) or len(code) > 200:
        raise StoreError(BAD_CODE)
    text = unicodedata.normalize("NFKC", code).casefold()
    tokens: list[str] = []
    current = ""
    for char in text:
        if char.isascii() and char.isalnum():
            if current and current[-1].isdigit() != char.isdigit():
                tokens.append(current)
                current = ""
            current += char
        elif char in "_.," or unicodedata.category(char) in _SEPARATOR_CATEGORIES:
            if current:
                tokens.append(current)
            current = ""
        else:
            raise StoreError(BAD_CODE)
    if current:
        tokens.append(current)
    key = "".join(tokens)
    if not _CODE_KEY.fullmatch(key):
        raise StoreError(BAD_CODE)
    return "-".join(tokens), key


def normalise_code(code: str) -> str:
    """The canonical form of a typed code: ``" Maple River fox 4821"`` -> ``maple-river-fox-4821``."""
    return _parse_code(code)[0]


def _path_for(key: str, folder: Path) -> Path:
    """The file for a code: a hash, so neither the code nor a name ever becomes a path."""
    digest = hashlib.sha256(f"{SCHEMA}:{key}".encode()).hexdigest()[:32]
    return folder / f"{digest}.json"


def _backup_of(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def remember_code(code: str, *, folder: Path | str | None = None) -> None:
    """Remember the last code on one's own machine; never on a shared server, where the next
    student at that server would open this one's work."""
    if shared_server():
        return
    folder = _folder(folder)
    display = normalise_code(code)
    try:
        _ensure_folder(folder)
        write_atomic(folder / LAST_CODE_FILE, (display + "\n").encode("ascii"))
    except (OSError, StoreError) as exc:  # a convenience only: the work itself is saved
        log.warning("Could not remember the last workbook code: %s", exc)


def remembered_code(*, folder: Path | str | None = None) -> str | None:
    """The code remembered by :func:`remember_code`, or ``None`` (always on a shared server)."""
    if shared_server():
        return None
    try:
        with (_folder(folder) / LAST_CODE_FILE).open(encoding="utf-8") as fh:
            return normalise_code(fh.read(200).strip())
    except (OSError, UnicodeDecodeError, StoreError):
        return None


def forget_code(*, folder: Path | str | None = None) -> None:
    """Stop remembering the last code (the saved work itself is kept)."""
    with suppress(OSError):
        (_folder(folder) / LAST_CODE_FILE).unlink()


# --- reading -------------------------------------------------------------------------------------
class _Unreadable(Exception):
    """Why one file cannot be used; ``kind`` is missing, broken, foreign or newer."""

    def __init__(self, reason: str, kind: str = "broken", version: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.kind = kind
        self.version = version


def _read_bytes(path: Path) -> bytes:
    """A regular file's bytes only: a FIFO or device named like a save must not hang a kernel
    or the class report (:func:`workbook.inputs.read_bytes`)."""
    try:
        return read_bytes(path, limit=MAX_FILE_BYTES)
    except InputError as exc:
        if exc.missing:
            raise _Unreadable("the file is missing", "missing") from None
        raise _Unreadable(f"the file {exc.reason}") from None


def _decode(raw: bytes) -> Work:
    """Bytes of a saved file -> Work, upgrading older versions; _Unreadable says why not."""
    if not raw.strip():
        raise _Unreadable("the file is empty (a save was probably interrupted)")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark from a Windows editor is fine
    except UnicodeDecodeError:
        raise _Unreadable("the file is not text any more (it may have been damaged)") from None
    try:
        doc = parse_json(text, "")
    except InputError as exc:
        if exc.reason.startswith("is not valid JSON (line "):
            raise _Unreadable(f"the file is cut short or {exc.reason}") from None
        raise _Unreadable(f"the file {exc.reason}") from None
    version = _version_of(doc)
    if version > SCHEMA_VERSION:
        raise _Unreadable(f"it was saved by a newer workbook (schema {version})", "newer", version)
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            raise _Unreadable(f"schema version {version} is not one this workbook knows")
        try:
            doc = migrate(doc)
        except Exception as exc:  # a migration meets hand-edited data: report, never crash
            raise _Unreadable(
                f"it could not be upgraded from schema version {version} ({exc})"
            ) from None
        version += 1
    try:
        return _work_from(doc)
    except _Unreadable:
        raise
    except Exception as exc:  # the schema should catch everything; never crash a load anyway
        log.exception("unexpected problem reading a save")
        raise _Unreadable(f"its contents could not be used ({type(exc).__name__})") from None


def _version_of(doc: object) -> int:
    if isinstance(doc, dict) and doc.get("schema") == SCHEMA:
        version = doc.get("schema_version")
    elif isinstance(doc, dict) and doc.get("app") == SCHEMA:  # schema 1 spelled it this way
        version = doc.get("version")
    else:
        raise _Unreadable("it is not a Career Goals Workbook save (no schema marker)", "foreign")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _Unreadable("its schema version is missing or not a whole number")
    return version


def _work_from(doc: dict[str, Any]) -> Work:
    """A current-version document -> Work: every field's type checked by one schema
    (:data:`workbook.save_schema.SAVE_SCHEMA`), then the roadmap's values by the model."""
    problem = save_problem(doc)
    if problem:
        raise _Unreadable(problem)
    lists = {key: doc.get(key, []) for key in ("attempts", "drafts")}
    try:
        roadmap = Roadmap.from_dict(doc["roadmap"])
    except ValidationError as exc:
        first = exc.errors[0] if exc.errors else exc
        more = f" and {len(exc.errors) - 1} more" if len(exc.errors) > 1 else ""
        raise _Unreadable(f"the roadmap inside does not pass its checks ({first}{more})") from None
    saved_at = None
    if isinstance(doc.get("saved_at"), str):
        with suppress(ValueError):
            saved_at = dt.datetime.fromisoformat(doc["saved_at"])
    revision = doc.get("revision", 0)  # checked by the schema; files before revisions: 0
    return Work(roadmap, lists["attempts"], lists["drafts"], saved_at=saved_at, revision=revision)


def _read(path: Path) -> Work:
    return _decode(_read_bytes(path))


def _load(path: Path, missing: str) -> Work:
    """Load ``path``, or its previous copy with a notice; StoreError when neither will do.

    Loading never writes: a damaged file stays exactly as it is, for saving to set aside.
    """
    try:
        return _read(path)
    except _Unreadable as main:
        if main.kind == "newer":
            raise StoreError(NEWER.format(version=main.version)) from None
        problem = main
    try:
        work = _read(_backup_of(path))
    except _Unreadable as backup:
        if problem.kind == "missing" and backup.kind == "missing":
            raise StoreError(missing) from None
        log.warning("%s: %s; its previous copy: %s", path, problem.reason, backup.reason)
        if backup.kind == "missing":
            raise StoreError(
                f"Your saved work could not be opened: {problem.reason}, and there is no "
                "earlier copy to fall back on. The file has been left exactly as it is; "
                "ask your instructor to look at it."
            ) from None
        raise StoreError(
            f"Your saved work could not be opened: {problem.reason}. The copy saved before "
            f"it could not be opened either ({backup.reason}). Both files have been left "
            "exactly as they are; ask your instructor to look at them."
        ) from None
    log.warning("%s: %s; opened its previous copy", path, problem.reason)
    when = f" (saved {work.saved_at:%d %B %Y at %H:%M} UTC)" if work.saved_at else ""
    work.notice = (
        f"Your last save could not be opened ({problem.reason}), so the workbook opened "
        f"the copy saved before it{when}. Anything you did after that copy needs doing "
        "again; your next save replaces the damaged file."
    )
    return work


def load_work(code: str, *, folder: Path | str | None = None) -> Work:
    """Open the work saved under a personal code (typed any way: case, spaces, dashes)."""
    display, key = _parse_code(code)
    work = _load(_path_for(key, _folder(folder)), NO_MATCH)
    work.code = display
    return work


def load_roadmap(code: str, *, folder: Path | str | None = None) -> Roadmap:
    """Just the roadmap saved under a personal code."""
    work = load_work(code, folder=folder)
    if work.notice:
        log.warning("%s", work.notice)
    return work.roadmap


def load_file(path: Path | str) -> Work:
    """Open a save file by its path (an instructor's copy, an export), falling back like
    :func:`load_work`; ``code`` stays ``None`` because the file does not hold it."""
    path = Path(path)
    return _load(path, f"There is no saved work at {path}.")


def iter_saved(folder: Path | str) -> Iterator[SavedFile]:
    """Every save file in a folder, for the instructor's class report. Never raises: a file
    that cannot be used comes with the reason instead of its work.

    A link is not followed (it is listed with the reason): it could lead out of the folder
    or to a file already counted.
    """
    folder = Path(folder)
    try:
        paths = sorted(
            p
            for p in folder.glob("*.json")
            if not p.name.startswith(".") and ".tmp" not in p.name and ".bak" not in p.name
        )
    except OSError:
        return
    for path in paths:
        if path.is_symlink():
            yield SavedFile(path, None, "A link, not followed: only files in the folder count.")
            continue
        try:
            yield SavedFile(path, _read(path), None)
        except _Unreadable as exc:
            reason = exc.reason
            if ".broken-" in path.name:
                reason = f"set aside after it could not be opened: {reason}"
            elif exc.kind != "newer" and _backup_opens(path):
                reason += "; the copy saved before it opens instead"
            yield SavedFile(path, None, reason[0].upper() + reason[1:] + ".")
        except Exception as exc:  # the report must list every file, whatever went wrong
            yield SavedFile(path, None, f"Could not be read ({type(exc).__name__}: {exc}).")


_SAVE_NAME = re.compile(r"[0-9a-f]{32}(\.json\.bak|\.json|\.broken-.*\.json)")


def is_save_file(path: Path | str) -> bool:
    """Whether ``path`` holds saved work (or is named like a save, its previous copy or a
    set-aside copy), so an export or a report never writes over one."""
    path = Path(path)
    if _SAVE_NAME.fullmatch(path.name):
        return True
    try:
        doc = json.loads(_read_bytes(path).decode("utf-8-sig"))
    except (_Unreadable, ValueError, RecursionError):
        return False
    return isinstance(doc, dict) and SCHEMA in (doc.get("schema"), doc.get("app"))


def _backup_opens(path: Path) -> bool:
    try:
        _read(_backup_of(path))
    except Exception:  # only a yes/no for the report
        return False
    return True


# --- writing -------------------------------------------------------------------------------------
def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable; a folder that cannot be opened for fsync (some systems) is fine."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: Path, data: bytes, *, mode: int | None = None) -> None:
    """Replace ``path`` with ``data`` so that a reader only ever sees the old or the new file.

    The file is private (0600) unless ``mode`` says otherwise, e.g. 0o644 for an export.
    """
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp_name)
        raise
    _fsync_folder(path.parent)


def _encode(work: Work, saved_at: dt.datetime, revision: int) -> bytes:
    """The document as bytes, checked by reading it back: never write what cannot be loaded."""
    doc = {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "saved_at": saved_at.isoformat(),
        "revision": revision,
        "roadmap": work.roadmap.to_dict(),
        "attempts": work.attempts,
        "drafts": work.drafts,
    }
    try:
        try:
            data = json.dumps(doc, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate from a paste: escape instead of failing
            data = json.dumps(doc, ensure_ascii=True, indent=1, allow_nan=False).encode("ascii")
    except (TypeError, ValueError) as exc:
        raise StoreError(
            f"Your work holds something that cannot be saved ({exc}); nothing was written."
        ) from None
    if len(data) > MAX_FILE_BYTES:
        raise StoreError(
            f"Your work has grown past {MAX_FILE_BYTES // 1_000_000} MB, far more than a "
            "workbook needs; delete some long drafts and save again. Nothing was written."
        )
    try:
        _decode(data)
    except _Unreadable as exc:
        raise StoreError(
            f"Your work could not be saved because {exc.reason}; nothing was written."
        ) from None
    return data


def dumps_work(work: Work) -> bytes:
    """The work exactly as a save file holds it, for a download that :func:`load_file` reopens."""
    work.roadmap.validate()
    return _encode(work, _now(), work.revision or 0)


def _set_aside(path: Path) -> Path:
    """Move a damaged file out of the way under a name that says so; never overwrite one."""
    stamp = _now().strftime("%Y%m%dT%H%M%SZ")
    stem = path.name.removesuffix(".json").replace(".json.bak", ".bak")
    for n in range(1000):
        target = path.with_name(f"{stem}.broken-{stamp}{f'-{n}' if n else ''}.json")
        if not target.exists():
            os.rename(path, target)
            _fsync_folder(path.parent)
            return target
    raise StoreError("Too many damaged copies of this work; ask your instructor to tidy up.")


def _remove_stale_temps(path: Path) -> None:
    """Temporary files a killed save left behind (only our own: we hold this file's lock)."""
    for tmp in path.parent.glob(f".{path.name}.*.tmp"):
        with suppress(OSError):
            tmp.unlink()


def _replace_locked(path: Path, work: Work, saved_at: dt.datetime) -> int:
    """Under the file's lock: refuse a stale copy, keep the current file as the previous copy
    if it is good, then write the new one. Returns the revision written."""
    _remove_stale_temps(path)
    current: Work | None = None
    old = b""  # the current file's bytes, kept as the previous copy when they are good
    try:
        old = _read_bytes(path)
        current = _decode(old)
    except _Unreadable as problem:
        if problem.kind == "newer":
            raise StoreError(NEWER.format(version=problem.version)) from None
        if problem.kind != "missing":
            aside = _set_aside(path)
            log.warning("%s: %s; moved aside to %s", path, problem.reason, aside.name)
    if current is not None and work.revision is not None and current.revision != work.revision:
        raise StaleWorkError(current.saved_at)
    base = current.revision if current is not None else (work.revision or 0)
    revision = (base or 0) + 1
    data = _encode(work, saved_at, revision)
    if current is not None:
        backup = _backup_of(path)
        try:
            _read(backup)
        except _Unreadable as problem:
            if problem.kind != "missing":  # a hand-edited copy is set aside, not overwritten
                _set_aside(backup)
        write_atomic(backup, old)
    write_atomic(path, data)
    return revision


def save_work(work: Work, code: str | None = None, *, folder: Path | str | None = None) -> str:
    """Save everything under ``code`` (default: the work's own code, else a new one) and
    return the code, which the student needs to open the work again.

    The roadmap is validated first (:class:`ValidationError`, nothing written); any other
    failure is a :class:`StoreError` and leaves the previous save as it was. Work read from a
    file (:attr:`Work.revision` set) is refused with :class:`StaleWorkError` when the file has
    been saved again since.
    """
    work.roadmap.validate()
    saved_at = _now()
    _encode(work, saved_at, (work.revision or 0) + 1)  # fails before the lock if unsavable
    folder = _folder(folder)
    _ensure_folder(folder)
    code = code if code is not None else work.code
    if code is None:
        for _ in range(20):  # a clash is astronomically unlikely, but cheap to rule out
            display, key = _parse_code(new_code())
            path = _path_for(key, folder)
            if not path.exists() and not _backup_of(path).exists():
                break
        else:  # never taken in practice; refuse rather than share someone's file
            raise StoreError("The workbook could not find a free code; please save again.")
    else:
        display, key = _parse_code(code)
        path = _path_for(key, folder)
    try:
        with FileLock(path.with_name(path.name + ".lock"), timeout=LOCK_TIMEOUT, mode=0o600):
            revision = _replace_locked(path, work, saved_at)
    except Timeout:
        raise StoreError(
            "Another tab or window is saving this work right now. Wait a moment and save again."
        ) from None
    except OSError as exc:
        raise StoreError(
            f"Your work could not be saved ({exc.strerror or exc}). The previous save is "
            "unchanged; keep this page open and try again, or ask your instructor."
        ) from None
    work.code = display
    work.saved_at = saved_at
    work.revision = revision
    return display


def revision_of(code: str, *, folder: Path | str | None = None) -> int | None:
    """The revision of the file saved under ``code`` now, or ``None`` if it cannot be read:
    how a page or notebook tells that another tab saved since it opened the work."""
    _display, key = _parse_code(code)
    try:
        return _read(_path_for(key, _folder(folder))).revision
    except _Unreadable:
        return None


def save_roadmap(
    roadmap: Roadmap, code: str | None = None, *, folder: Path | str | None = None
) -> str:
    """Save a roadmap under ``code`` (a new code if ``None``), keeping the attempts and drafts
    already saved there; return the code."""
    roadmap.validate()
    work = Work(roadmap)
    if code is not None:
        _parse_code(code)  # a malformed code is reported as such, not as "nothing saved"
        try:
            saved = load_work(code, folder=folder)
        except StoreError:
            pass  # nothing readable there yet; saving sets a damaged file aside, never over it
        else:
            work.attempts, work.drafts = saved.attempts, saved.drafts
    return save_work(work, code, folder=folder)


# --- migrations from older schema versions --------------------------------------------------
Migration = Callable[[dict[str, Any]], dict[str, Any]]
#: schema version -> function turning a document of that version into the next version
MIGRATIONS: dict[int, Migration] = {}


def _migration(from_version: int) -> Callable[[Migration], Migration]:
    def register(func: Migration) -> Migration:
        MIGRATIONS[from_version] = func
        return func

    return register


_V1_STATUS = {"correct": "correct", "right": "correct", "wrong": "incorrect", "partial": "partial"}


def _v1_time(value: object) -> str:
    """Version 1 wrote local times without a zone; read them as UTC."""
    try:
        when = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return _now().isoformat()
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).isoformat()


@_migration(1)
def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 (the first classroom pilot): flat fields, goals by ``term``, links by title.

    Schema 2 moves the roadmap under ``"roadmap"``, gives goals ids, a ``horizon`` and a
    ``leads_to`` link, and keeps attempts and a history of drafts. A short-term goal ending
    after month 12 (schema 1 allowed 24) becomes long-term, as the article counts anything
    beyond a year as long-term; its link, if any, is dropped.
    """
    saved = _v1_time(doc.get("saved"))
    raw_goals = doc.get("goals") or []
    if not isinstance(raw_goals, list):
        raise ValueError("its goals are not a list")
    goals: list[dict[str, Any]] = []
    long_ids: dict[str, str] = {}
    for i, old in enumerate(raw_goals):
        if not isinstance(old, dict):
            raise ValueError(f"goal #{i + 1} is not an object")
        title = str(old.get("title", ""))
        end = old.get("end", 6)
        long_term = old.get("term") == "long" or (
            isinstance(end, int) and end > SHORT_TERM_MAX_MONTH
        )
        skills = old.get("skills") or ""
        if isinstance(skills, str):
            skills = [s.strip() for s in skills.split(",") if s.strip()]
        goal_id = "g" + hashlib.sha256(f"{i}:{title}".encode()).hexdigest()[:8]
        goals.append(
            {
                "id": goal_id,
                "title": title,
                "horizon": str(Horizon.LONG if long_term else Horizon.SHORT),
                "area": old.get("type") if old.get("type") in AREAS else "professional",
                "start_month": old.get("start", 0),
                "end_month": end,
                "start_date": None,
                "smart": {"relevant": str(old.get("why") or "")},
                "milestones": old.get("steps") or [],
                "skills": skills,
                "leads_to": None if long_term else old.get("for"),
            }
        )
        if long_term:
            long_ids.setdefault(title.casefold(), goal_id)
    for goal in goals:
        if goal["leads_to"] is not None:
            goal["leads_to"] = long_ids.get(str(goal["leads_to"]).casefold())
    quiz = doc.get("quiz") or {}
    if not isinstance(quiz, dict):
        raise ValueError("its quiz results are not an object")
    attempts = []
    for question, result in quiz.items():
        status = _V1_STATUS.get(str(result).casefold())
        if status is None:
            raise ValueError(f"quiz result {result!r} for {question!r} is not one it knows")
        attempts.append(
            {
                "question": str(question),
                "answer": None,
                "status": status,
                "score": ATTEMPT_SCORES[status],
                "at": saved,
            }
        )
    answer = doc.get("answer")
    drafts = (
        [{"name": "career_goals_answer", "text": answer, "at": saved}]
        if isinstance(answer, str) and answer.strip()
        else []
    )
    return {
        "schema": SCHEMA,
        "schema_version": 2,
        "saved_at": saved,
        "roadmap": {
            "owner": doc.get("name") or "",
            "role": doc.get("job") or "",
            "employer": doc.get("company") or "",
            "start_date": None,
            "updated": saved,
            "goals": goals,
        },
        "attempts": attempts,
        "drafts": drafts,
    }
