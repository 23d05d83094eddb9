"""Reading what the command line (and the store) is given, so that bad input is one clear line.

Every file a command reads comes through here, because every one of them can be anything a
user can type a path to: a FIFO that never ends, ``/dev/zero``, a folder, a link, a 4 GB log,
a Latin-1 text, JSON nested 100,000 deep or holding ``NaN``. The rules, once for all:

* only regular files are read (a FIFO, device or folder is refused before it is opened for
  reading, so nothing blocks), and never more than a size limit;
* text is UTF-8, with or without a byte-order mark; anything else is named, not guessed;
* JSON and YAML are parsed with a nesting limit, JSON without ``NaN``/``Infinity`` (not JSON,
  and not writable back as JSON), YAML without aliases (``*name``), which can multiply a small
  file into a huge document;
* every problem is an :class:`InputError` whose text is one line: the file, then the reason.
  The command line prints it and exits with code 2, never a traceback.

This module imports nothing from the workbook, so every layer may use it.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, NoReturn

import yaml

__all__ = [
    "MAX_DEPTH",
    "MAX_JSON_BYTES",
    "MAX_TEXT_BYTES",
    "InputError",
    "check_output",
    "decode_text",
    "iter_lines",
    "open_regular",
    "parse_json",
    "parse_yaml",
    "read_bytes",
    "read_text",
    "shown",
]

#: a save file or roadmap is a few hundred kB at most (the store refuses to write more)
MAX_JSON_BYTES = 5_000_000
#: an answer or a job ad is a page or two; a megabyte is a short novel
MAX_TEXT_BYTES = 1_000_000
#: a save file nests about six levels (a quiz answer may add a few); far below Python's
#: recursion limit, so nothing downstream (the schema, json.dumps) can hit it
MAX_DEPTH = 100
_READ_CHUNK = 64 * 1024


class InputError(ValueError):
    """A file cannot be used; ``str()`` is one line naming the file and the reason."""

    def __init__(self, source: str, reason: str, *, missing: bool = False):
        self.source = source
        self.reason = reason
        #: the file does not exist (the store falls back to a previous copy then)
        self.missing = missing
        super().__init__(f"{source}: {reason}" if source else reason)


def shown(path: str | os.PathLike[str]) -> str:
    """A path as it can be printed on one line: odd characters (a newline, a byte that is not
    UTF-8) are shown escaped rather than printed."""
    text = os.fspath(path)
    if text.isprintable():
        return text
    return ascii(text)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _megabytes(limit: int) -> str:
    return f"{limit / 1_000_000:g} MB"


def open_regular(path: str | os.PathLike[str], *, limit: int = MAX_JSON_BYTES) -> IO[bytes]:
    """Open a regular file for reading in binary; anything else is an :class:`InputError`.

    The type is checked before opening (a device is never opened) and again on the open file
    (the name may have been swapped in between). ``O_NONBLOCK`` makes even a FIFO swapped in
    at that moment open at once instead of waiting for a writer.
    """
    name = shown(path)
    try:
        before = os.stat(path)
        if not stat.S_ISREG(before.st_mode):
            raise InputError(
                name, f"cannot be read (it is {_kind(before.st_mode)}, not a regular file)"
            )
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError(name, "no such file", missing=True) from None
    except OSError as exc:
        raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    except ValueError:  # an embedded NUL in the name
        raise InputError(name, "is not a usable file name") from None
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode):
            raise InputError(
                name, f"cannot be read (it is {_kind(now.st_mode)}, not a regular file)"
            )
        if now.st_size > limit:
            raise InputError(name, f"is larger than {_megabytes(limit)}, too large to be read")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: str | os.PathLike[str], *, limit: int = MAX_JSON_BYTES) -> bytes:
    """The whole of a regular file (``-`` is standard input), refusing more than ``limit``."""
    if os.fspath(path) == "-":
        data = sys.stdin.buffer.read(limit + 1)
        name = "standard input"
    else:
        name = shown(path)
        try:
            with open_regular(path, limit=limit) as fh:
                data = fh.read(limit + 1)
        except OSError as exc:  # an I/O error part way through
            raise InputError(name, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:  # it grew while being read, or came from standard input
        raise InputError(name, f"is larger than {_megabytes(limit)}, too large to be read")
    return data


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text, a leading byte-order mark dropped; anything else is named, not guessed."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            source,
            f"is not UTF-8 text (byte {data[exc.start]:#04x} at position {exc.start}); "
            "save it as UTF-8 and try again",
        ) from None


def read_text(path: str | os.PathLike[str], *, limit: int = MAX_TEXT_BYTES) -> str:
    """A regular file (or ``-``, standard input) as UTF-8 text, within ``limit`` bytes."""
    name = "standard input" if os.fspath(path) == "-" else shown(path)
    return decode_text(read_bytes(path, limit=limit), name)


def _too_deep(data: Any, limit: int) -> bool:
    """Whether lists and objects nest more than ``limit`` deep: level by level, a loop and not
    recursion, touching each container once."""
    level, depth = [data], 1
    while level:
        if depth > limit:
            return True
        level = [
            child
            for node in level
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, dict | list)
        ]
        depth += 1
    return False


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):  # 1e400: valid JSON that no float can hold
        raise ValueError(f"the number {text[:20]} is too large")
    return value


def parse_json(text: str | bytes, source: str, *, depth: int = MAX_DEPTH) -> Any:
    """JSON text -> data, with ``NaN``/``Infinity`` refused and nesting kept to ``depth``."""
    try:
        data = json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except json.JSONDecodeError as exc:
        raise InputError(
            source, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise InputError(
            source, f"is not valid JSON here (nested more than {depth} levels deep)"
        ) from None
    except ValueError as exc:  # NaN, an integer of thousands of digits, bad UTF-8 in bytes
        raise InputError(source, f"is not valid JSON ({exc})") from None
    if isinstance(data, dict | list) and _too_deep(data, depth):
        raise InputError(source, f"is not valid JSON here (nested more than {depth} levels deep)")
    return data


class _LimitedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing aliases and nesting past :data:`MAX_DEPTH`."""

    _depth = 0

    def _next_mark(self) -> yaml.Mark | None:
        """Where the next event starts, for an error that names the line (PyYAML's stubs leave
        ``peek_event`` untyped; this pure-Python loader's marks are :class:`yaml.Mark`)."""
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        mark = event.start_mark
        return mark if isinstance(mark, yaml.Mark) else None

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed here", self._next_mark()
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels", self._next_mark()
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def parse_yaml(text: str, source: str) -> Any:
    """YAML text -> data (safe types only), without aliases and within :data:`MAX_DEPTH`."""
    try:
        return yaml.load(text, Loader=_LimitedLoader)  # a SafeLoader subclass: safe types only
    except yaml.YAMLError as exc:
        where, problem = None, None
        if isinstance(exc, yaml.MarkedYAMLError):
            where, problem = exc.problem_mark, exc.problem
        line = f", line {where.line + 1}" if where is not None else ""
        problem = problem or "not YAML"
        raise InputError(source, f"is not valid YAML ({problem}{line})") from None
    except (RecursionError, ValueError, OverflowError) as exc:
        raise InputError(source, f"is not valid YAML ({type(exc).__name__})") from None


def iter_lines(stream: IO[bytes], *, limit: int = MAX_TEXT_BYTES) -> Iterator[str | InputError]:
    """Lines of a binary stream as text, one at a time (a batch can be long); a line over
    ``limit`` bytes or not UTF-8 comes back as an :class:`InputError` object, not raised, so
    the caller reports that line and carries on with the next."""
    number = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the long line
                line = stream.readline(_READ_CHUNK)
            yield InputError(f"line {number}", f"is longer than {_megabytes(limit)}")
            continue
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield InputError(f"line {number}", f"is not UTF-8 text (position {exc.start})")


def check_output(target: str | os.PathLike[str], sources: list[str | os.PathLike[str]]) -> Path:
    """Refuse an output path that would destroy input: one of ``sources`` (also through a
    link or a second name), or anything but a regular file or a new name."""
    path = Path(target)
    name = shown(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise InputError(name, f"cannot be written ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(name, f"cannot be written (it is {_kind(info.st_mode)})")
    for source in sources:
        if os.fspath(source) == "-":
            continue
        try:
            same = os.path.samefile(path, source)
        except (OSError, ValueError):
            same = False
        if same:
            raise InputError(name, "is the file being read; write the output to another file")
    return path
