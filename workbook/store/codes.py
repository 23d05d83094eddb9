"""Personal codes and where their files live.

A student's name is never a path: the first save hands out a code such as
``maple-river-fox-4821`` and the file is named after a hash of it, so on a shared server nobody
opens another student's work by typing a name, and the folder listing shows neither.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import unicodedata
from contextlib import suppress
from pathlib import Path

from workbook.store.files import write_atomic
from workbook.store.work import SCHEMA, StoreError

log = logging.getLogger(__package__)  # "workbook.store": one logger for the whole package

LAST_CODE_FILE = "last-code.txt"
CODE_WORDS = 3
CODE_DIGITS = 4

#: Words for personal codes: short, concrete and easy to spell. 512 words, three of them and
#: four digits give 512**3 * 10**4 (about 2**40) codes, so guessing a classmate's is hopeless.
WORD_LIST = """
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
WORDS: tuple[str, ...] = tuple(WORD_LIST.split())

BAD_CODE = (
    "That does not look like a workbook code. A code is three words and four digits, "
    "like maple-river-fox-4821; capitals, spaces and dashes do not matter."
)
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


def folder_of(folder: Path | str | None) -> Path:
    return Path(folder) if folder is not None else data_dir()


def ensure_folder(folder: Path) -> None:
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
    words = [secrets.choice(WORDS) for _ in range(CODE_WORDS)]
    return "-".join([*words, f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"])


def parse_code(code: object) -> tuple[str, str]:
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
    return parse_code(code)[0]


def path_for(key: str, folder: Path) -> Path:
    """The file for a code: a hash, so neither the code nor a name ever becomes a path."""
    digest = hashlib.sha256(f"{SCHEMA}:{key}".encode()).hexdigest()[:32]
    return folder / f"{digest}.json"


def backup_of(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def remember_code(code: str, *, folder: Path | str | None = None) -> None:
    """Remember the last code on one's own machine; never on a shared server, where the next
    student at that server would open this one's work."""
    if shared_server():
        return
    folder = folder_of(folder)
    display = normalise_code(code)
    try:
        ensure_folder(folder)
        write_atomic(folder / LAST_CODE_FILE, (display + "\n").encode("ascii"))
    except (OSError, StoreError) as exc:  # a convenience only: the work itself is saved
        log.warning("Could not remember the last workbook code: %s", exc)


def remembered_code(*, folder: Path | str | None = None) -> str | None:
    """The code remembered by :func:`remember_code`, or ``None`` (always on a shared server)."""
    if shared_server():
        return None
    try:
        with (folder_of(folder) / LAST_CODE_FILE).open(encoding="utf-8") as fh:
            return normalise_code(fh.read(200).strip())
    except (OSError, UnicodeDecodeError, StoreError):
        return None


def forget_code(*, folder: Path | str | None = None) -> None:
    """Stop remembering the last code (the saved work itself is kept)."""
    with suppress(OSError):
        (folder_of(folder) / LAST_CODE_FILE).unlink()
