"""The coach's rules: instructor-editable YAML in ``data/coach/``, validated and compiled once.

Instructors write *phrases* in a small, readable syntax (see ``data/coach/README.md``) rather
than regular expressions; this module turns them into compiled patterns. Everything is checked
when loaded: the JSON Schema catches missing or mistyped fields, and a second pass catches what a
schema cannot (a pattern that does not compile, a word list that does not exist, a missing
pitfall code), always naming the file, the entry and the field.

Compiled rules are cached per folder and re-read when a file's modification time changes, so an
instructor's edit shows up on the next review without restarting the kernel.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from workbook.coach.branches import Branches, ListBranches
from workbook.coach.cues import (
    DETECTORS,
    FIELD_PREFIX,
    Cue,
    LazyPatterns,
    compile_cue,
    compile_field_moves,
    compile_list_fragments,
    phrases_regex,
)
from workbook.coach.learned import Model, load_weights, shape_names
from workbook.coach.phrases import bounded, phrase_first_words
from workbook.coach.prefilter import Index, Prefilter, required
from workbook.coach.schemas import JOB_AD_SCHEMA, SCHEMAS
from workbook.content import ContentError, content_dir, load_content

__all__ = [
    "PITFALL_CODES",
    "STRUCTURE_CODES",
    "CodeRule",
    "Cue",
    "Rules",
    "also_feature",
    "load_rules",
    "rules_folder",
    "sample_job_ads",
]

#: The nine pitfall and structure codes the article names; the quality bench scores these.
PITFALL_CODES: tuple[str, ...] = (
    "complacent",
    "salary",
    "too_specific",
    "irrelevant",
    "too_personal",
    "beyond_5_years",
    "leaving_soon",
    "no_short_term",
    "no_long_term",
)

#: The two codes worked out from the answer's shape rather than from phrases.
STRUCTURE_CODES: tuple[str, ...] = ("no_short_term", "no_long_term")

FILES = ("words.yaml", "pitfalls.yaml", "structure.yaml", "smart.yaml")


# --- compiled rules ---------------------------------------------------------------------------
@dataclass(frozen=True)
class CodeRule:
    """A finding code with its words for the student and the cues that raise it."""

    code: str
    label: str
    message: str
    suggestion: str
    threshold: float
    cues: tuple[Cue, ...]
    pitfall: bool  #: one of the nine codes the quality bench scores
    #: other codes whose evidence counts for this one too, under learned weights (a job at
    #: another employer is also irrelevant; a goal that is only personal life is): one feature
    #: per other code, ``"<code>:any"``, present when any of its cues is, so a handful of
    #: labelled answers learn one weight for the pairing rather than one per phrase
    also: tuple[str, ...] = ()

    def feature_names(self, rules: Rules) -> frozenset[str]:
        """Its cues' ids, and ``"<code>:any"`` for each code in ``also``."""
        return frozenset({c.id for c in self.cues} | {also_feature(o) for o in self.also})


def also_feature(code: str) -> str:
    """The feature that says another code's cues are present (see ``CodeRule.also``)."""
    return f"{code}:any"


@dataclass(frozen=True)
class Rules:
    """Everything the coach needs, compiled; one instance per rules folder and version."""

    folder: Path
    lists: Mapping[str, re.Pattern[str]]
    negation_before: re.Pattern[str]
    negation_after: re.Pattern[str]
    negation_cancel: re.Pattern[str]
    words_before: int
    words_after: int
    hypothetical: re.Pattern[str]
    hypothetical_exempt: re.Pattern[str]
    stopwords: frozenset[str]
    codes: tuple[CodeRule, ...]
    horizon: Mapping[str, tuple[Cue, ...]]
    structure: Mapping[str, Mapping[str, str]]
    talking_points: tuple[Mapping[str, Any], ...]
    extras: Mapping[str, Mapping[str, str]]
    notices: Mapping[str, str]
    settings: Mapping[str, int]
    smart: tuple[Mapping[str, Any], ...]
    detectors: frozenset[str] = field(default_factory=frozenset)
    #: the ``field_*`` word lists (fields of work), for telling a role's field from another
    fields: Mapping[str, re.Pattern[str]] = field(default_factory=dict)
    #: per field, "<career_move> ... <a word of the field>" ("become a wildlife photographer")
    field_moves: Mapping[str, re.Pattern[str]] = field(default_factory=dict)
    #: the ``career_move`` list ("become a", "work as a"): where a field_moves match can start
    career_move: re.Pattern[str] | None = None
    #: what a match of each word list needs of a text (see prefilter.py)
    list_needs: Mapping[str, Prefilter] = field(default_factory=dict)
    #: the words a match of each word list can start with (None: not known)
    list_firsts: Mapping[str, frozenset[str] | None] = field(default_factory=dict)
    #: each word list's alternatives by first word (see branches.py; None: run it whole)
    list_branches: Mapping[str, Branches | None] = field(default_factory=dict)
    #: every cue's and word list's prefilter: a text is read once for all of them
    prefilters: Index = field(default_factory=lambda: Index(()))

    def models(self) -> tuple[dict[str, Model], dict[str, Model]]:
        """The learned weights (``weights.json``) for the pitfall codes and the SMART letters,
        validated against the cues these rules have; re-read when the file changes."""
        return load_weights(self.folder, *self._feature_names)

    @cached_property
    def _feature_names(self) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
        """Each code's and SMART letter's feature names (fixed for these rules; every review
        asks for the weights twice)."""
        pitfalls = {r.code: r.feature_names(self) for r in self.codes}
        for code in STRUCTURE_CODES:
            pitfalls[code] = frozenset(shape_names(code))
        letters = {c["id"]: frozenset(cue.id for cue in c["cues"]) for c in self.smart}
        return pitfalls, letters

    def code(self, code: str) -> CodeRule:
        for rule in self.codes:
            if rule.code == code:
                return rule
        raise KeyError(code)


def rules_folder(rules_dir: str | Path | None = None) -> Path:
    """The folder holding the coach's rules: ``rules_dir``, else ``<content>/coach``."""
    return Path(rules_dir) if rules_dir is not None else content_dir() / "coach"


def load_rules(rules_dir: str | Path | None = None) -> Rules:
    """The compiled rules for ``rules_dir`` (default ``data/coach``), cached until a file changes."""
    folder = rules_folder(rules_dir)
    stamps = []
    for name in FILES:
        try:
            stamps.append((name, (folder / name).stat().st_mtime_ns))
        except OSError:
            raise ContentError(f"{folder / name}: the file is missing.") from None
    return _compile_rules(str(folder), tuple(stamps))


#: each word list's possible first words (None: any word may start it)
_Firsts = dict[str, frozenset[str] | None]


@lru_cache(maxsize=8)
def _compile_rules(folder_str: str, stamps: tuple[tuple[str, int], ...]) -> Rules:
    folder = Path(folder_str)
    raw = {name: load_content(name, SCHEMAS[name], base=folder) for name in FILES}
    src = {name: str(folder / name) for name in FILES}

    words = raw["words.yaml"]
    fragments = compile_list_fragments(words["lists"], src["words.yaml"])
    firsts: _Firsts = {}
    for name, phrases in words["lists"].items():
        found = [phrase_first_words(p, firsts) for p in phrases]
        known = [f for f in found if f is not None]
        firsts[name] = frozenset().union(*known) if len(known) == len(found) else None
    sources = {n: bounded(f) for n, f in fragments.items()}
    lists = LazyPatterns(sources)
    list_needs = {n: required(source, re.IGNORECASE) for n, source in sources.items()}
    neg = words["negation"]
    hyp = words["hypothetical"]
    wsrc = src["words.yaml"]
    word_lists = words["lists"]

    codes = _compile_codes(
        raw["pitfalls.yaml"], src["pitfalls.yaml"], fragments, firsts, word_lists
    )
    structure = raw["structure.yaml"]
    horizon, points, settings = _compile_structure(
        structure, src["structure.yaml"], fragments, firsts, word_lists
    )
    criteria = _compile_smart(raw["smart.yaml"], src["smart.yaml"], fragments, firsts, word_lists)
    every_cue = [
        *(cue for rule in codes for cue in rule.cues),
        *(cue for cues in horizon.values() for cue in cues),
        *(cue for point in points for cue in point["cues"]),
        *(cue for criterion in criteria for cue in criterion["cues"]),
    ]

    return Rules(
        folder=folder,
        lists=lists,
        negation_before=phrases_regex(neg["before"], fragments, f"{wsrc}, negation 'before'"),
        negation_after=phrases_regex(neg["after"], fragments, f"{wsrc}, negation 'after'"),
        negation_cancel=phrases_regex(neg["cancel"], fragments, f"{wsrc}, negation 'cancel'"),
        words_before=int(neg.get("words_before", 5)),
        words_after=int(neg.get("words_after", 4)),
        hypothetical=phrases_regex(hyp["cues"], fragments, f"{wsrc}, hypothetical 'cues'"),
        hypothetical_exempt=phrases_regex(hyp["exempt"], fragments, f"{wsrc}, 'exempt'"),
        stopwords=frozenset(w.lower() for w in words["stopwords"]),
        codes=codes,
        horizon=horizon,
        structure=structure["structure"],
        talking_points=tuple(points),
        extras=structure["extras"],
        notices=structure["notices"],
        settings=settings,
        smart=criteria,
        detectors=DETECTORS,
        fields=lists.only(lambda name: name.startswith(FIELD_PREFIX)),
        field_moves=compile_field_moves(fragments),
        career_move=lists.get("career_move"),
        list_needs=list_needs,
        list_firsts=firsts,
        list_branches=ListBranches(word_lists, fragments, firsts),
        prefilters=Index([*(cue.prefilter for cue in every_cue), *list_needs.values()]),
    )


def _compile_codes(
    entries: dict[str, Any],
    source: str,
    fragments: dict[str, str],
    firsts: _Firsts,
    word_lists: Mapping[str, Sequence[str]],
) -> tuple[CodeRule, ...]:
    """pitfalls.yaml: one rule per pitfall code, each code once, its 'also' codes real."""
    codes: list[CodeRule] = []
    seen: set[str] = set()
    for entry in entries["codes"]:
        where = f"{source}, entry {entry['code']!r}"
        if entry["code"] in seen:
            raise ContentError(f"{where}: the code appears twice.")
        if entry["code"] in ("no_short_term", "no_long_term"):
            raise ContentError(f"{where}: this code is computed; its words live in structure.yaml.")
        seen.add(entry["code"])
        cues = tuple(
            compile_cue(c, where, fragments, {}, firsts, word_lists) for c in entry["cues"]
        )
        _check_unique(cues, where)
        codes.append(
            CodeRule(
                code=entry["code"],
                label=entry["label"],
                message=entry["message"],
                suggestion=entry["suggestion"],
                threshold=float(entry.get("threshold", 1.0)),
                cues=cues,
                pitfall=entry["code"] in PITFALL_CODES,
                also=tuple(entry.get("also", ())),
            )
        )
    for rule in codes:
        for other in rule.also:
            if other not in seen or other == rule.code:
                raise ContentError(
                    f"{source}, entry {rule.code!r}, field 'also': {other!r} is "
                    "not another code in this file."
                )
    missing = [c for c in PITFALL_CODES if c not in seen and not c.startswith("no_")]
    if missing:
        raise ContentError(
            f"{source}: the pitfall code(s) {', '.join(missing)} are missing; "
            "the coach needs all of the article's pitfalls."
        )

    return tuple(codes)


def _compile_structure(
    structure: dict[str, Any],
    ssrc: str,
    fragments: dict[str, str],
    firsts: _Firsts,
    word_lists: Mapping[str, Sequence[str]],
) -> tuple[dict[str, tuple[Cue, ...]], list[dict[str, Any]], dict[str, Any]]:
    """structure.yaml: the horizon cues, the talking points and the settings, checked."""
    horizon = {
        kind: tuple(
            compile_cue(c, f"{ssrc}, horizon {kind!r}", fragments, {}, firsts, word_lists)
            for c in structure["horizon"][kind]
        )
        for kind in ("short", "long", "steps", "destinations", "past")
    }
    points = []
    for tp in structure["talking_points"]:
        cues = tuple(
            compile_cue(c, f"{ssrc}, talking point {tp['id']!r}", fragments, {}, firsts, word_lists)
            for c in tp.get("cues", [])
        )
        if not cues and not tp.get("computed"):
            raise ContentError(
                f"{ssrc}, talking point {tp['id']!r}: give it 'cues', or mark it 'computed: true'."
            )
        points.append({**tp, "cues": cues})
    settings = dict(structure["settings"])
    settings.setdefault("key_terms", 12)
    if settings["max_seconds"] <= settings["min_seconds"]:
        raise ContentError(f"{ssrc}, field 'settings': max_seconds must exceed min_seconds.")
    for key, text in structure["notices"].items():
        _check_placeholders(text, f"{ssrc}, notice {key!r}")
    for key, entry in structure["extras"].items():
        for part in ("message", "suggestion"):
            _check_placeholders(entry[part], f"{ssrc}, extra {key!r}, field {part!r}")

    return horizon, points, settings


def _compile_smart(
    smart: dict[str, Any],
    source: str,
    fragments: dict[str, str],
    firsts: _Firsts,
    word_lists: Mapping[str, Sequence[str]],
) -> tuple[dict[str, Any], ...]:
    """smart.yaml: the five SMART criteria, each once."""
    criteria = []
    for c in smart["criteria"]:
        where = f"{source}, criterion {c['id']!r}"
        cues = tuple(
            compile_cue(cue, where, fragments, {}, firsts, word_lists) for cue in c["cues"]
        )
        _check_unique(cues, where)
        criteria.append({**c, "cues": cues, "threshold": float(c.get("threshold", 1.0))})
    ids = [c["id"] for c in criteria]
    if len(set(ids)) != 5:
        raise ContentError(f"{source}: each of the five SMART criteria must appear once.")
    return tuple(criteria)


def _check_unique(cues: tuple[Cue, ...], where: str) -> None:
    """Cue ids name the learned weights, so two cues of one code cannot share an id."""
    seen: set[str] = set()
    for cue in cues:
        if cue.id in seen:
            raise ContentError(f"{where}, cue {cue.id!r}: the id is used twice in this entry.")
        seen.add(cue.id)


_PLACEHOLDERS = {
    "seconds": 0,
    "words": 0,
    "min_seconds": 0,
    "max_seconds": 0,
    "chars": "0",
    "limit": "0",
    "window_years": 5,
}


def _check_placeholders(text: str, where: str) -> None:
    try:
        text.format(**_PLACEHOLDERS)
    except (KeyError, IndexError, ValueError) as exc:
        raise ContentError(
            f"{where}: unknown placeholder {exc}; use only "
            + ", ".join("{" + k + "}" for k in _PLACEHOLDERS)
            + "."
        ) from None


# --- sample job ads ---------------------------------------------------------------------------
def sample_job_ads(base: str | Path | None = None) -> dict[str, dict[str, str]]:
    """The sample job ads in ``data/job_ads/*.yaml``, by id, each validated."""
    folder = Path(base) if base is not None else content_dir() / "job_ads"
    ads: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.yaml")):
        ad = load_content(path.name, JOB_AD_SCHEMA, base=folder)
        if ad["id"] in ads:
            raise ContentError(f"{path}: the id {ad['id']!r} is used by another job ad.")
        ads[ad["id"]] = dict(ad)
    return ads
