"""Loading the instructor-editable content in ``data/``.

Content is data so that instructors can change quiz questions, coach rules and example goals
without touching code. Every file is validated against a JSON Schema when it is loaded, and a
bad file fails with the file, the entry and the field named, never a bare traceback.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Hashable
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

import yaml

__all__ = ["ContentError", "content_dir", "jsonschema_module", "load_content"]


class ContentError(ValueError):
    """A file in ``data/`` is missing, unreadable, or does not match its schema."""


#: the repository's data folder (resolved once: every review asks for it)
_DATA = Path(__file__).resolve().parent.parent / "data"


def content_dir() -> Path:
    """The folder holding the workbook's content; ``WORKBOOK_CONTENT`` overrides it."""
    override = os.environ.get("WORKBOOK_CONTENT")
    if override:
        return Path(override)
    return _DATA


def _describe_path(instance: object, path: list[str | int]) -> str:
    """Turn a JSON path into words an instructor can follow, naming entries by their id."""
    parts: list[str] = []
    node = instance
    for step in path:
        if isinstance(step, int) and isinstance(node, list):
            item = node[step] if step < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            parts.append(f"entry {ident!r}" if ident else f"entry #{step + 1}")
            node = item
        else:
            parts.append(f"field {step!r}")
            node = node.get(step) if isinstance(node, dict) else None
    return ", ".join(parts) if parts else "the top level"


class _UniqueKeys:
    """Refuse a key given twice in one mapping: YAML keeps the last silently, so a second word
    list of the same name would replace the first unseen."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)  # type: ignore[attr-defined]
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"the key {key!r} is given twice",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[misc, no-any-return]


class _PlainLoader(_UniqueKeys, yaml.SafeLoader):
    """PyYAML's own safe loader: slower, but its errors quote the line they are on."""


#: libyaml's parser where PyYAML has it (its wheels do): the coach's rules are about 6,000
#: lines of YAML, read at every kernel's first review, and the pure-Python parser took a fifth
#: of that cold start. Its errors name the line without quoting it, so a file it refuses is
#: read again by :class:`_PlainLoader` for the message.
_CSafeLoader: type | None = getattr(yaml, "CSafeLoader", None)
_FastLoader: type = type("_FastLoader", (_UniqueKeys, _CSafeLoader or yaml.SafeLoader), {})


def _load_yaml(text: str) -> Any:
    if _CSafeLoader is not None:
        with suppress(yaml.YAMLError):
            return yaml.load(text, Loader=_FastLoader)  # safe types only
    return yaml.load(text, Loader=_PlainLoader)  # safe types only; its errors quote the line


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    try:
        if path.suffix in {".yaml", ".yml"}:
            return _load_yaml(text)
        if path.suffix == ".jsonl":
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        return json.loads(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ContentError(f"{path}: is not valid {path.suffix[1:].upper()}: {exc}") from None


#: What jsonschema imports for its optional ``format`` checkers (hostnames, IRIs, colours,
#: durations...): at its import they took about 8 MiB in every kernel (rfc3987_syntax alone
#: compiles a grammar for 1.3 s), and our schemas never use ``format``.
_FORMAT_CHECKER_MODULES = (
    "arrow",
    "fqdn",
    "idna",
    "isoduration",
    "jsonpointer",
    "rfc3339_validator",
    "rfc3986_validator",
    "rfc3987",
    "rfc3987_syntax",
    "uri_template",
    "webcolors",
)


def jsonschema_module() -> Any:
    """Import jsonschema without its optional ``format`` checkers (every schema user calls this).

    Modules not yet imported are hidden only while jsonschema is imported (each checker is
    skipped when its module is missing), then unhidden: a student's own ``import idna`` works.
    """
    if "jsonschema" in sys.modules:
        return sys.modules["jsonschema"]
    hidden = [name for name in _FORMAT_CHECKER_MODULES if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # makes its import fail
    try:
        import jsonschema
    finally:
        for name in hidden:
            if name in sys.modules and sys.modules[name] is None:
                del sys.modules[name]
    return jsonschema


def validate_content(data: Any, schema: dict[str, Any], source: str) -> Any:
    """Check ``data`` against ``schema``; raise ContentError naming ``source`` and the field."""
    jsonschema = jsonschema_module()
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"{source}: {len(errors)} problem(s):"]
        for err in errors[:10]:
            lines.append(f"  - {_describe_path(data, list(err.absolute_path))}: {err.message}")
        raise ContentError("\n".join(lines))
    return data


@cache
def _load_cached(path_str: str, mtime: float, schema_json: str) -> Any:
    path = Path(path_str)
    return validate_content(_read(path), json.loads(schema_json), str(path))


def load_content(name: str, schema: dict[str, Any], *, base: Path | None = None) -> Any:
    """Load ``data/<name>`` and validate it; cached until the file changes on disk."""
    path = (base or content_dir()) / name
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise ContentError(f"{path}: the file is missing.") from None
    return _load_cached(str(path), mtime, json.dumps(schema, sort_keys=True))
