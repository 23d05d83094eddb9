"""The coach's cues: one compiled phrase or pattern each, with how context changes it.

``compile_cue`` turns one YAML cue into a :class:`Cue`, checking what a schema cannot (a pattern
that does not compile, a word list that does not exist), always naming the file, the entry and
the field. For a cue written as a regular expression it also works out the words a match can
start with, so that the engine tries the pattern only where such a word occurs.
"""

from __future__ import annotations

import re
import re._compiler as _sre_compiler
import re._constants as _sre_constants
import re._parser as _sre_parser
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from workbook.coach.branches import Branches, Start, WordStarts, cue_branches, regex_branches
from workbook.coach.phrases import (
    ANY_WORD,
    NUMBER_KEY,
    SEP,
    alternation,
    bounded,
    compile_phrase,
    phrase_first_words,
    word_key,
)
from workbook.coach.prefilter import Prefilter, required_parsed
from workbook.content import ContentError

#: words that cannot sit inside a two-word compound before a work noun ("compensation and
#: benefits team"): after "and" they start a second goal ("a marathon and become a manager")
NOT_A_COMPOUND = r"(?:a|an|the|to|be|become|becoming|get|getting|my|our|i|then)(?![\w'’])"

__all__ = [
    "DETECTORS",
    "FIELD_PREFIX",
    "Cue",
    "LazyPatterns",
    "check_regex",
    "compile_cue",
    "compile_field_moves",
    "compile_list_fragments",
    "phrases_regex",
    "word_prefixes",
]


@dataclass(frozen=True)
class Cue:
    """One compiled cue: where it came from, its pattern and how context changes it."""

    id: str
    source: str  #: "pitfalls.yaml, code 'salary', cue 'motive_money'" for error messages
    #: the cue's phrases and regexes as one regular expression (checked when the rules load;
    #: compiled on first use, as :attr:`pattern`: most cues never run on a given answer)
    regex: str | None
    flags: int = re.IGNORECASE
    first: frozenset[str] | None = None  #: words a match starts with (None: unknown)
    #: for a regex cue: what a match's first word must be (derived from the pattern itself),
    #: so that it is tried only where such a word occurs
    starts: WordStarts | None = None
    #: words any match contains (see prefilter.py): the pattern runs only on a text that has them
    prefilter: Prefilter = None
    detector: str | None = None
    weight: float = 1.0
    negation: bool = True
    hypothetical: bool = True
    skip_past: bool = False
    role_aware: bool = False
    needs: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    unless_sentence: tuple[str, ...] = ()
    #: not when a phrase of these lists is anywhere in the answer ("a family" is a personal-
    #: only goal in an answer that names no work at all, not beside "lead the team")
    unless_answer: tuple[str, ...] = ()
    #: as ``unless_answer``, but only where the student says it of their own present or
    #: future (not in the past, negated or hypothetical): growth turned down is no growth aim
    unless_said: tuple[str, ...] = ()
    unless_prev: re.Pattern[str] | None = None
    #: for a cue of many phrases: its alternatives by first word (see branches.py), made on
    #: first use, as most cues never run on a given answer
    alternatives: Callable[[], Branches | None] | None = field(
        default=None, compare=False, repr=False
    )

    @cached_property
    def pattern(self) -> re.Pattern[str] | None:
        """The compiled :attr:`regex` (None for a cue implemented in code)."""
        return re.compile(self.regex, self.flags) if self.regex is not None else None

    @cached_property
    def branches(self) -> Branches | None:
        """The cue's alternatives by the words each can start with (None: run it whole)."""
        return self.alternatives() if self.alternatives is not None else None


class LazyPatterns(Mapping[str, re.Pattern[str]]):
    """Named patterns compiled on first use: of the many word lists, an answer needs few, and
    compiling them all made the first review of a session slow."""

    def __init__(
        self,
        sources: Mapping[str, str],
        flags: int = re.IGNORECASE,
        _compiled: dict[str, re.Pattern[str]] | None = None,
    ):
        self._sources = dict(sources)
        self._flags = flags
        self._compiled: dict[str, re.Pattern[str]] = {} if _compiled is None else _compiled

    def only(self, keep: Callable[[str], bool]) -> LazyPatterns:
        """The patterns whose names pass ``keep``, sharing this mapping's compiled ones (a
        pattern named in both is compiled once)."""
        kept = {name: src for name, src in self._sources.items() if keep(name)}
        return LazyPatterns(kept, self._flags, self._compiled)

    def __getitem__(self, name: str) -> re.Pattern[str]:
        source = self._sources[name]  # KeyError for a name not here, even if shared compiled
        pattern = self._compiled.get(name)
        if pattern is None:
            pattern = self._compiled[name] = re.compile(source, self._flags)
        return pattern

    def __contains__(self, name: object) -> bool:
        return name in self._sources  # without compiling it

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)


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


def compile_field_moves(fragments: Mapping[str, str]) -> LazyPatterns:
    """One pattern per field: a career move, up to two words, then a word of that field
    (compiled when first used: only an answer with a role to compare with needs them)."""
    move = fragments.get("career_move")
    if move is None:
        return LazyPatterns({})
    return LazyPatterns(
        {
            name: rf"(?<![\w'’])(?:{move})(?:{SEP}{ANY_WORD}){{0,2}}?{SEP}(?P<field>{frag})"
            rf"(?![\w]){_TITLE_END}"
            for name, frag in fragments.items()
            if name.startswith(FIELD_PREFIX)
        }
    )


def compile_cue(
    raw: Mapping[str, Any],
    source: str,
    fragments: Mapping[str, str],
    defaults: Mapping[str, Any],
    firsts: Mapping[str, frozenset[str] | None] | None = None,
    word_lists: Mapping[str, Sequence[str]] | None = None,
) -> Cue:
    where = f"{source}, cue {raw['id']!r}"
    flags = 0 if raw.get("case_sensitive") else re.IGNORECASE
    regex = _cue_pattern(raw, where, fragments, flags)
    parsed = None
    if regex is not None:
        try:  # read once, for the checks, the first letters and the prefilter
            parsed = _sre_parser.parse(regex, flags)
        except re.error as exc:
            raise ContentError(f"{where}: the cue's patterns do not go together ({exc})") from None
    unless_prev = None
    if raw.get("unless_prev"):
        prev = "|".join(fragments[n] for n in raw["unless_prev"])
        unless_prev = re.compile(rf"(?<![\w'’])(?:{prev})[\s\-–—/]*$", re.IGNORECASE)
    first = _first_words(raw, firsts)
    starts = None
    if first is None and parsed is not None and raw.get("regex") and not raw.get("phrases"):
        found = word_prefixes(parsed)
        if found:
            starts = WordStarts.of(found)
    return Cue(
        id=raw["id"],
        source=where,
        regex=regex,
        flags=flags,
        first=first,
        starts=starts,
        prefilter=required_parsed(parsed) if parsed is not None else None,
        detector=raw.get("detector"),
        weight=float(raw.get("weight", defaults.get("weight", 1.0))),
        negation=bool(raw.get("negation", defaults.get("negation", True))),
        hypothetical=bool(raw.get("hypothetical", defaults.get("hypothetical", True))),
        skip_past=bool(raw.get("skip_past", defaults.get("skip_past", False))),
        role_aware=bool(raw.get("role_aware", False)),
        needs=tuple(raw.get("needs", ())),
        unless=tuple(raw.get("unless", ())),
        unless_sentence=tuple(raw.get("unless_sentence", ())),
        unless_answer=tuple(raw.get("unless_answer", ())),
        unless_said=tuple(raw.get("unless_said", ())),
        unless_prev=unless_prev,
        alternatives=_alternatives(
            raw, word_lists or {}, fragments, firsts, flags, first, starts is not None
        ),
    )


def _alternatives(
    raw: Mapping[str, Any],
    word_lists: Mapping[str, Sequence[str]],
    fragments: Mapping[str, str],
    firsts: Mapping[str, frozenset[str] | None] | None,
    flags: int,
    first: frozenset[str] | None,
    filed: bool,
) -> Callable[[], Branches | None] | None:
    """How to make the cue's :class:`Branches` when it first runs: a phrase cue by its phrases'
    first words, a regex cue by the letters each regex's matches start with."""
    after = _unless_next(raw, fragments)
    if first is not None and raw.get("phrases") and not raw.get("regex") and firsts is not None:
        return partial(
            cue_branches,
            tuple(raw["phrases"]),
            word_lists,
            fragments,
            firsts,
            flags,
            after,
        )
    if filed:
        return partial(
            regex_branches,
            tuple(raw["regex"]),
            partial(_regex_prefixes, flags=flags),
            flags,
            after,
        )
    return None


def _regex_prefixes(regex: str, flags: int) -> frozenset[Start] | None:
    """The starts of one of a cue's regexes, as the cue's pattern holds it: after the head
    that keeps a match from starting inside a word (see :func:`bounded`)."""
    return word_prefixes(_sre_parser.parse(bounded(regex), flags))


def _unless_next(raw: Mapping[str, Any], fragments: Mapping[str, str]) -> str:
    """What a cue's pattern ends with to refuse a match followed by a phrase of its
    ``unless_next`` lists (nothing when it has none)."""
    if not raw.get("unless_next"):
        return ""
    nxt = "|".join(fragments[n] for n in raw["unless_next"])
    # "travel and tourism consultant" names the work; "a marathon and become a manager"
    # is a second goal, so the words skipped after "and" are no article, verb or "my"
    return (
        rf"(?!(?:{SEP}(?:and|or|&)(?:{SEP}(?!{NOT_A_COMPOUND}){ANY_WORD}){{1,2}})?"
        rf"{SEP}(?:{nxt})(?!\w))"
    )


def _cue_pattern(
    raw: Mapping[str, Any], where: str, fragments: Mapping[str, str], flags: int
) -> str | None:
    """The cue's phrases and regexes as one pattern, after checking every name it uses."""
    bodies: list[str] = []
    for i, phrase in enumerate(raw.get("phrases", [])):
        try:
            bodies.append(compile_phrase(phrase, fragments))
        except ValueError as exc:
            raise ContentError(f"{where}, field 'phrases' #{i + 1} ({phrase!r}): {exc}") from None
    for i, rx in enumerate(raw.get("regex", [])):
        try:
            check_regex(rx, flags)
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
    for key in (
        "needs",
        "unless",
        "unless_sentence",
        "unless_answer",
        "unless_said",
        "unless_next",
        "unless_prev",
    ):
        for name in raw.get(key, []):
            if name not in fragments:
                raise ContentError(
                    f"{where}, field {key!r}: {name!r} is not a word list in words.yaml."
                )
    if not bodies:
        return None
    return bounded("(?:" + "|".join(bodies) + ")") + _unless_next(raw, fragments)


def check_regex(rx: str, flags: int) -> None:
    """Raise ``re.error`` for a pattern ``re.compile`` would refuse, without compiling it
    (compiling every cue made the first review of a session slow; a cue compiles when first
    used): parsed, and each look-behind of a fixed width, the one check compiling adds."""
    _check_lookbehinds(_sre_parser.parse(rx, flags).data)


def _check_lookbehinds(seq: Any) -> None:
    c = _sre_constants
    for op, av in seq:
        if op in (c.ASSERT, c.ASSERT_NOT):
            direction, sub = av
            if direction < 0:  # as re._compiler words it
                lo, hi = sub.getwidth()
                if lo > _sre_compiler.MAXCODE:
                    raise re.error("looks too much behind")
                if lo != hi:
                    raise re.error("look-behind requires fixed-width pattern")
            _check_lookbehinds(sub.data)
        elif op is c.SUBPATTERN:
            _check_lookbehinds(av[-1].data)
        elif op is c.ATOMIC_GROUP:
            _check_lookbehinds(av.data)
        elif op is c.BRANCH:
            for branch in av[1]:
                _check_lookbehinds(branch.data)
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            _check_lookbehinds(av[2].data)
        elif op is c.GROUPREF_EXISTS:
            for branch in av[1:]:
                if branch is not None:
                    _check_lookbehinds(branch.data)


def _first_words(
    raw: Mapping[str, Any], firsts: Mapping[str, frozenset[str] | None] | None
) -> frozenset[str] | None:
    """The words a match can start with, when the cue says or its phrases show (else None)."""
    if raw.get("regex") and raw.get("starts_with") and not raw.get("phrases"):
        hints = {word_key(w) for w in raw["starts_with"]}
        return frozenset(hints | {h.replace("-", "") for h in hints})
    if raw.get("phrases") and not raw.get("regex") and firsts is not None:
        found = [phrase_first_words(p, firsts) for p in raw["phrases"]]
        known = [f for f in found if f is not None]
        if len(known) == len(found):
            return frozenset().union(*known)
    return None


_MAX_PREFIXES = 300


def word_prefixes(parsed: Any) -> frozenset[Start] | None:
    """The ways every match of a parsed pattern must start, lower case as the word index
    keys words (for a case-sensitive pattern that only adds places to try); None when a match
    could begin otherwise (a letter class, an optional phrase with nothing after it, a
    symbol). Sound, not complete: None just means the cue scans the whole text."""
    found = _prefixes(list(parsed.data))
    return frozenset(found) if found else None


def _prefixes(seq: list[Any], prefix: str = "", fenced: bool = False) -> set[Start] | None:
    """The starts of ``seq``'s matches, each after ``prefix`` (letters already read);
    ``fenced``: a match cannot start right after a letter, digit or apostrophe."""
    c = _sre_constants
    for i, (op, av) in enumerate(seq):
        rest = seq[i + 1 :]
        if op is c.LITERAL and chr(av).isalnum():
            prefix += chr(av).lower()
            continue
        if prefix and _ends_word(op, av):
            return {(prefix, True)}
        if not prefix and op is c.ASSERT_NOT and _is_fence(av):
            fenced = True
            continue
        if op is c.AT or op in (c.ASSERT, c.ASSERT_NOT):
            continue  # zero width: reading past it only finds more starts, never fewer
        if not prefix and fenced and _is_digits(op, av):
            # a number that starts a word: the word index files each one under "#"
            return {(NUMBER_KEY, True)}
        if op is c.SUBPATTERN:
            return _prefixes(list(av[-1].data) + rest, prefix, fenced)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] == 0 and av[1] == 1:
            # an optional part ("(?:down )?to the day"): with it, or without it
            taken = _prefixes(list(av[2].data) + rest, prefix, fenced)
            skipped = _prefixes(rest, prefix, fenced)
            return taken | skipped if taken and skipped else _open(prefix)
        if op is c.IN:
            # a few letters or digits ("[2-4] times"): a match starts with one of them
            chars = _class_chars(av)
            if not chars:
                return _open(prefix)
            out: set[Start] = set()
            for ch in chars:
                out |= _prefixes(rest, prefix + ch.lower()) or set()
            return out
        if op is c.BRANCH:
            out = set()
            for branch in av[1]:
                got = _prefixes(list(branch.data) + rest, prefix, fenced)
                if not got or len(out) > _MAX_PREFIXES:
                    return _open(prefix)
                out |= got
            return out
        return _open(prefix)
    return _open(prefix)


def _is_fence(av: Any) -> bool:
    """Is this negative look-around ``(?<![\\w'’])``, or stricter: nothing of a word before?"""
    c = _sre_constants
    direction, body = av
    if direction != -1 or len(body.data) != 1 or body.data[0][0] is not c.IN:
        return False
    items = set(body.data[0][1])
    return {(c.CATEGORY, c.CATEGORY_WORD), (c.LITERAL, ord("'")), (c.LITERAL, ord("’"))} <= items


def _is_digits(op: Any, av: Any) -> bool:
    """Does this part of a pattern start with ``\\d``?"""
    c = _sre_constants
    if op is c.IN:
        return list(av) == [(c.CATEGORY, c.CATEGORY_DIGIT)]
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and av[2].data:
        return _is_digits(*av[2].data[0])
    return False


def _open(prefix: str) -> set[Start] | None:
    """``prefix`` as the start of a first word, when there is one."""
    return {(prefix, False)} if prefix else None


_WORD_ENDS = (
    _sre_constants.AT_BOUNDARY,
    _sre_constants.AT_END,
    _sre_constants.AT_END_LINE,
    _sre_constants.AT_END_STRING,
)
_NOT_WORD = (
    _sre_constants.CATEGORY_SPACE,
    _sre_constants.CATEGORY_NOT_WORD,
    _sre_constants.CATEGORY_LINEBREAK,
)


def _ends_word(op: Any, av: Any) -> bool:
    """After letters, does this part of a pattern end their word (a space, a dash, ``\\b``)?
    Then the letters are the whole first word, as the engine's word index keys it."""
    c = _sre_constants
    if op is c.LITERAL:
        return not chr(av).isalnum()
    if op is c.AT:
        return av in _WORD_ENDS
    if op is c.IN:
        return all(
            (o is c.LITERAL and not chr(a).isalnum()) or (o is c.CATEGORY and a in _NOT_WORD)
            for o, a in av
        )
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1 and av[2].data:
        return _ends_word(*av[2].data[0])
    return False


def _class_chars(items: list[Any], most: int = 10) -> set[str] | None:
    """The letters and digits a character class of at most ``most`` of them allows, or None
    for a class that is negated, holds a category (``\\w``) or a symbol, or is larger."""
    c = _sre_constants
    chars: set[str] = set()
    for op, av in items:
        if op is c.LITERAL:
            chars.add(chr(av))
        elif op is c.RANGE and av[1] - av[0] < most:
            chars.update(chr(x) for x in range(av[0], av[1] + 1))
        else:
            return None
    if len(chars) > most or not all(ch.isalnum() for ch in chars):
        return None
    return chars


def compile_list_fragments(lists: Mapping[str, Sequence[str]], source: str) -> dict[str, str]:
    """Word lists become regex fragments; a list may use lists defined before it."""
    fragments: dict[str, str] = {}
    for name, phrases in lists.items():
        try:
            fragments[name] = alternation(phrases, fragments)
        except ValueError as exc:
            raise ContentError(f"{source}, field 'lists', entry {name!r}: {exc}") from None
    return fragments


def phrases_regex(
    phrases: Sequence[str], fragments: Mapping[str, str], where: str
) -> re.Pattern[str]:
    try:
        return re.compile(bounded(alternation(phrases, fragments)), re.IGNORECASE)
    except ValueError as exc:
        raise ContentError(f"{where}: {exc}") from None
