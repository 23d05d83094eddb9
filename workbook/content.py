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
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

__all__ = ["ContentError", "content_dir", "jsonschema_module", "load_content"]


class ContentError(ValueError):
    """A file in ``data/`` is missing, unreadable, or does not match its schema."""


def content_dir() -> Path:
    """The folder holding the workbook's content; ``WORKBOOK_CONTENT`` overrides it."""
    override = os.environ.get("WORKBOOK_CONTENT")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent / "data"


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


#: libyaml's parser when PyYAML was built with it (its wheels are): the coach's rules are about
#: 6,000 lines of YAML, read at every kernel's first review, and the pure-Python parser took a
#: fifth of that cold start
if TYPE_CHECKING:
    _SafeLoader = yaml.SafeLoader
else:
    _SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):
    """PyYAML's safe loader, refusing a key given twice in one mapping: YAML keeps the last
    silently, so a second word list of the same name would replace the first unseen."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, Hashable) and key in seen:
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"the key {key!r} is given twice",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ContentError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    try:
        if path.suffix in {".yaml", ".yml"}:
            return yaml.load(text, Loader=_UniqueKeyLoader)  # safe types only
        if path.suffix == ".jsonl":
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        return json.loads(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise ContentError(f"{path}: is not valid {path.suffix[1:].upper()}: {exc}") from None


def jsonschema_module() -> Any:
    """Import jsonschema without its optional ``format`` checkers (every schema user calls this).

    jsonschema imports every optional format checker it finds; one of them, rfc3987_syntax,
    compiles a grammar at import (1.3 s and about 20 MiB in every kernel, measured here). Our
    schemas never use ``format``, so that import is blocked unless something already loaded it.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    import jsonschema

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
