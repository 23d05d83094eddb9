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
import re._constants as _sre_constants
import re._parser as _sre_parser
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from workbook.coach.learned import SHAPE_FEATURES, Model, load_weights
from workbook.coach.phrases import (
    ANY_WORD,
    SEP,
    alternation,
    bounded,
    compile_phrase,
    phrase_first_words,
    word_key,
)
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
class Cue:
    """One compiled cue: where it came from, its pattern and how context changes it."""

    id: str
    source: str  #: "pitfalls.yaml, code 'salary', cue 'motive_money'" for error messages
    pattern: re.Pattern[str] | None
    first: frozenset[str] | None = None  #: words a match starts with (None: unknown)
    #: for a regex cue: ``^(?:prefix|...)`` that a match's first word starts with (lower case,
    #: derived from the pattern itself), so it is tried only where such a word occurs
    prefixes: re.Pattern[str] | None = None
    detector: str | None = None
    weight: float = 1.0
    negation: bool = True
    hypothetical: bool = True
    skip_past: bool = False
    role_aware: bool = False
    needs: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    unless_sentence: tuple[str, ...] = ()
    unless_prev: re.Pattern[str] | None = None


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

    def models(self) -> tuple[dict[str, Model], dict[str, Model]]:
        """The learned weights (``weights.json``) for the pitfall codes and the SMART letters,
        validated against the cues these rules have; re-read when the file changes."""
        pitfalls = {r.code: r.feature_names(self) for r in self.codes}
        for code in STRUCTURE_CODES:
            pitfalls[code] = frozenset(SHAPE_FEATURES)
        letters = {c["id"]: frozenset(cue.id for cue in c["cues"]) for c in self.smart}
        return load_weights(self.folder, pitfalls, letters)

    def code(self, code: str) -> CodeRule:
        for rule in self.codes:
            if rule.code == code:
                return rule
        raise KeyError(code)


#: Cue detectors implemented in code (for what phrases cannot say, such as arithmetic on
#: durations); the YAML names them with ``detector:``.
DETECTORS = frozenset(
    {
        "long_horizon",
        "interview_horizon",
        "precise_duration",
        "future_year",
        "other_field",
        "stacked_deadlines",
    }
)

#: After a field word, what shows it ends the job title ("become a photographer for weddings",
#: not "become a data-driven marketer", where "data" is not the job).
_TITLE_END = (
    r"(?=\s*(?:[.,;:!?)\]]|$)|\s+(?:and|or|in|at|for|with|by|who|that|which|so|because|but|"
    r"then|when|within|after|before|like|of|to|is|one|someday|eventually|later|myself|"
    r"full[\s-]time|instead|abroad|overseas)(?![\w'’])|\s*[-–—]\s)"
)
FIELD_PREFIX = "field_"


def _field_moves(fragments: Mapping[str, str]) -> dict[str, re.Pattern[str]]:
    """One pattern per field: a career move, up to two words, then a word of that field."""
    move = fragments.get("career_move")
    if move is None:
        return {}
    return {
        name: re.compile(
            rf"(?<![\w'’])(?:{move})(?:{SEP}{ANY_WORD}){{0,2}}?{SEP}(?P<field>{frag})"
            rf"(?![\w]){_TITLE_END}",
            re.IGNORECASE,
        )
        for name, frag in fragments.items()
        if name.startswith(FIELD_PREFIX)
    }


def _compile_cue(
    raw: Mapping[str, Any],
    source: str,
    fragments: Mapping[str, str],
    defaults: Mapping[str, Any],
    firsts: Mapping[str, frozenset[str] | None] | None = None,
) -> Cue:
    where = f"{source}, cue {raw['id']!r}"
    flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
    bodies: list[str] = []
    for i, phrase in enumerate(raw.get("phrases", [])):
        try:
            bodies.append(compile_phrase(phrase, fragments))
        except ValueError as exc:
            raise ContentError(f"{where}, field 'phrases' #{i + 1} ({phrase!r}): {exc}") from None
    for i, rx in enumerate(raw.get("regex", [])):
        try:
            re.compile(rx, flags)
        except re.error as exc:
            raise ContentError(
                f"{where}, field 'regex' #{i + 1}: not a valid pattern ({exc})"
            ) from None
        bodies.append(f"(?:{rx})")
    detector = raw.get("detector")
    if detector is not None and detector not in DETECTORS:
        raise ContentError(
            f"{where}, field 'detector': {detector!r} is not one of {', '.join(sorted(DETECTORS))}."
        )
    for key in ("needs", "unless", "unless_sentence", "unless_next", "unless_prev"):
        for name in raw.get(key, []):
            if name not in fragments:
                raise ContentError(
                    f"{where}, field {key!r}: {name!r} is not a word list in words.yaml."
                )
    pattern = None
    if bodies:
        body = bounded("(?:" + "|".join(bodies) + ")")
        if raw.get("unless_next"):
            nxt = "|".join(fragments[n] for n in raw["unless_next"])
            body += rf"(?!(?:{SEP}(?:and|or|&)(?:{SEP}{ANY_WORD}){{1,2}})?{SEP}(?:{nxt})(?!\w))"
        pattern = re.compile(body, flags)
    unless_prev = None
    if raw.get("unless_prev"):
        prev = "|".join(fragments[n] for n in raw["unless_prev"])
        unless_prev = re.compile(rf"(?<![\w'’])(?:{prev})[\s\-–—/]*$", re.IGNORECASE)
    first: frozenset[str] | None = None
    if raw.get("regex") and raw.get("starts_with") and not raw.get("phrases"):
        hints = {word_key(w) for w in raw["starts_with"]}
        first = frozenset(hints | {h.replace("-", "") for h in hints})
    elif raw.get("phrases") and not raw.get("regex") and firsts is not None:
        found = [phrase_first_words(p, firsts) for p in raw["phrases"]]
        known = [f for f in found if f is not None]
        if len(known) == len(found):
            first = frozenset().union(*known)
    prefixes = None
    if first is None and pattern is not None and raw.get("regex") and not raw.get("phrases"):
        words = word_prefixes(pattern)
        if words:
            alts = "|".join(re.escape(p) for p in sorted(words, key=lambda p: (-len(p), p)))
            prefixes = re.compile(f"^(?:{alts})", re.MULTILINE)
    return Cue(
        id=raw["id"],
        source=where,
        pattern=pattern,
        first=first,
        prefixes=prefixes,
        detector=detector,
        weight=float(raw.get("weight", defaults.get("weight", 1.0))),
        negation=bool(raw.get("negation", defaults.get("negation", True))),
        hypothetical=bool(raw.get("hypothetical", defaults.get("hypothetical", True))),
        skip_past=bool(raw.get("skip_past", defaults.get("skip_past", False))),
        role_aware=bool(raw.get("role_aware", False)),
        needs=tuple(raw.get("needs", ())),
        unless=tuple(raw.get("unless", ())),
        unless_sentence=tuple(raw.get("unless_sentence", ())),
        unless_prev=unless_prev,
    )


_MAX_PREFIXES = 300


def word_prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The letters every match must start with, one string per way the pattern can begin
    ("franchis" for ``franchis\\w*``), lower case; None when a match could begin otherwise
    (a digit class, an optional group, a symbol). Sound, not complete: None just means the
    cue scans the whole text."""
    if pattern.flags & re.IGNORECASE == 0:
        return None  # case-sensitive cues are few; the word index is lower case
    try:
        parsed = _sre_parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - the pattern compiled already
        return None
    found = _prefixes(list(parsed.data))
    return frozenset(found) if found else None


def _prefixes(seq: list[Any]) -> set[str] | None:
    c = _sre_constants
    prefix = ""
    for i, (op, av) in enumerate(seq):
        if op is c.AT or op in (c.ASSERT, c.ASSERT_NOT):
            if prefix:
                return {prefix}
            continue  # zero width: a boundary or a look-around
        if op is c.LITERAL and chr(av).isalnum():
            prefix += chr(av).lower()
            continue
        if prefix:
            return {prefix}
        if op is c.SUBPATTERN:
            return _prefixes(list(av[-1].data) + seq[i + 1 :])
        if op is c.BRANCH:
            out: set[str] = set()
            for branch in av[1]:
                got = _prefixes(list(branch.data) + seq[i + 1 :])
                if not got or len(out) > _MAX_PREFIXES:
                    return None
                out |= got
            return out
        return None
    return {prefix} if prefix else None


def _compile_list_fragments(lists: Mapping[str, Sequence[str]], source: str) -> dict[str, str]:
    """Word lists become regex fragments; a list may use lists defined before it."""
    fragments: dict[str, str] = {}
    for name, phrases in lists.items():
        try:
            fragments[name] = alternation(phrases, fragments)
        except ValueError as exc:
            raise ContentError(f"{source}, field 'lists', entry {name!r}: {exc}") from None
    return fragments


def _phrases_regex(
    phrases: Sequence[str], fragments: Mapping[str, str], where: str
) -> re.Pattern[str]:
    try:
        return re.compile(bounded(alternation(phrases, fragments)), re.IGNORECASE)
    except ValueError as exc:
        raise ContentError(f"{where}: {exc}") from None


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


@lru_cache(maxsize=8)
def _compile_rules(folder_str: str, stamps: tuple[tuple[str, int], ...]) -> Rules:
    folder = Path(folder_str)
    raw = {name: load_content(name, SCHEMAS[name], base=folder) for name in FILES}
    src = {name: str(folder / name) for name in FILES}

    words = raw["words.yaml"]
    fragments = _compile_list_fragments(words["lists"], src["words.yaml"])
    firsts: dict[str, frozenset[str] | None] = {}
    for name, phrases in words["lists"].items():
        found = [phrase_first_words(p, firsts) for p in phrases]
        firsts[name] = (
            frozenset().union(*found) if all(f is not None for f in found) else None  # type: ignore[arg-type]
        )
    lists = {n: re.compile(bounded(f), re.IGNORECASE) for n, f in fragments.items()}
    neg = words["negation"]
    hyp = words["hypothetical"]
    wsrc = src["words.yaml"]

    codes: list[CodeRule] = []
    seen: set[str] = set()
    for entry in raw["pitfalls.yaml"]["codes"]:
        where = f"{src['pitfalls.yaml']}, entry {entry['code']!r}"
        if entry["code"] in seen:
            raise ContentError(f"{where}: the code appears twice.")
        if entry["code"] in ("no_short_term", "no_long_term"):
            raise ContentError(f"{where}: this code is computed; its words live in structure.yaml.")
        seen.add(entry["code"])
        cues = tuple(_compile_cue(c, where, fragments, {}, firsts) for c in entry["cues"])
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
                    f"{src['pitfalls.yaml']}, entry {rule.code!r}, field 'also': {other!r} is "
                    "not another code in this file."
                )
    missing = [c for c in PITFALL_CODES if c not in seen and not c.startswith("no_")]
    if missing:
        raise ContentError(
            f"{src['pitfalls.yaml']}: the pitfall code(s) {', '.join(missing)} are missing; "
            "the coach needs all of the article's pitfalls."
        )

    structure = raw["structure.yaml"]
    ssrc = src["structure.yaml"]
    horizon = {
        kind: tuple(
            _compile_cue(c, f"{ssrc}, horizon {kind!r}", fragments, {}, firsts)
            for c in structure["horizon"][kind]
        )
        for kind in ("short", "long", "steps", "destinations", "past")
    }
    points = []
    for tp in structure["talking_points"]:
        cues = tuple(
            _compile_cue(c, f"{ssrc}, talking point {tp['id']!r}", fragments, {}, firsts)
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

    criteria = []
    for c in raw["smart.yaml"]["criteria"]:
        where = f"{src['smart.yaml']}, criterion {c['id']!r}"
        cues = tuple(_compile_cue(cue, where, fragments, {}, firsts) for cue in c["cues"])
        _check_unique(cues, where)
        criteria.append({**c, "cues": cues, "threshold": float(c.get("threshold", 1.0))})
    ids = [c["id"] for c in criteria]
    if len(set(ids)) != 5:
        raise ContentError(
            f"{src['smart.yaml']}: each of the five SMART criteria must appear once."
        )

    return Rules(
        folder=folder,
        lists=lists,
        negation_before=_phrases_regex(neg["before"], fragments, f"{wsrc}, negation 'before'"),
        negation_after=_phrases_regex(neg["after"], fragments, f"{wsrc}, negation 'after'"),
        negation_cancel=_phrases_regex(neg["cancel"], fragments, f"{wsrc}, negation 'cancel'"),
        words_before=int(neg.get("words_before", 5)),
        words_after=int(neg.get("words_after", 4)),
        hypothetical=_phrases_regex(hyp["cues"], fragments, f"{wsrc}, hypothetical 'cues'"),
        hypothetical_exempt=_phrases_regex(hyp["exempt"], fragments, f"{wsrc}, 'exempt'"),
        stopwords=frozenset(w.lower() for w in words["stopwords"]),
        codes=tuple(codes),
        horizon=horizon,
        structure=structure["structure"],
        talking_points=tuple(points),
        extras=structure["extras"],
        notices=structure["notices"],
        settings=settings,
        smart=tuple(criteria),
        detectors=DETECTORS,
        fields={n: p for n, p in lists.items() if n.startswith(FIELD_PREFIX)},
        field_moves=_field_moves(fragments),
        career_move=lists.get("career_move"),
    )


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
