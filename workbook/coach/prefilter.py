"""A literal prefilter for the coach's patterns, as RE2 and Hyperscan do: before a pattern runs
on a text, check that the text holds the words any match must contain.

Most of a review's time went on trying cues whose words the answer does not use at all. From a
compiled pattern, :func:`required` works out (from its parsed form, so it holds for any cue an
instructor writes) which literal strings a match must contain: all of some, one of others, and
for an alternation of phrases, the words of at least one phrase. A text is read once
(:class:`Seen`): its words, its pairs of words and its three-letter pieces, as sets. Each string
is then looked for by one key, in a set: a pair of whole words it holds ("is really"), else a
whole word (" committed "), else a piece of a word ("manag" by "nag", then the piece itself).
The test is sound, never complete: it may let a pattern run that then finds nothing, but never
skips one that would match, so every result stays the same (the tests compare both ways).
"""

from __future__ import annotations

import math
import operator
import re
import re._constants as _c
import re._parser as _parser
from collections.abc import Iterable, Set
from itertools import repeat
from typing import Any

__all__ = ["AllOf", "AnyOf", "Hits", "Index", "Prefilter", "normalise", "required"]

#: letters per piece of a word ("nag" in "manage"); a shorter string is in nearly every answer
GRAM = 3
#: most strings one part of a pattern may stand for before only what it needs is kept: a
#: word list's trie is read as its words, "organi[sz]e" as two
_EXACT_MAX = 16
#: more strings than this in one set cost more to look for than the pattern saves
_SET_MAX = 400
#: A letter's share of English text (per 1,000 letters, rounded; a space 180, a digit or
#: anything else 5): a piece's letters multiplied say how rare it is.
_LETTER_FREQ = dict(
    zip(
        "etaoinshrdlcumwfgypbvkjxqz ",
        (
            *(127, 91, 82, 75, 70, 67, 63, 61, 60, 43, 40, 28, 28, 24, 24),
            *(22, 20, 20, 19, 15, 10, 8, 2, 2, 1, 1, 180),
        ),
        strict=True,
    )
)
#: The words in at least 3% of the project's labelled answers (``data/answers/labelled.jsonl``):
#: a string is looked for by rarer words of its own when it has them. Only speed depends on
#: this list, never a result.
_COMMON = frozenset(
    "1 3 a about after all already also am an and as at be because become been before big "
    "build building business but by can career certification chef company complete couple "
    "course data day department design director do doing don't end engineer eventually every "
    "experience few finish first five focus for four from get getting go goal good got grow "
    "happy have head help here honestly how hr i i'd i'll i'm i've in into is it job just "
    "keep know last lead leader leading learn learning level like long looking love main "
    "management manager maybe me money month months more move much my myself need new next "
    "not now nurse of on one or over own partner people plan product really right role run "
    "sales see senior set short six small so some start starting system take team term that "
    "that's the then there think this three through time to training two up very want was "
    "well what when where which whole with within work working would year years you your".split()
)

# Characters re.IGNORECASE matches to an ASCII letter whose ``str.lower()`` is not that letter
# (the test suite checks this against every code point): "İ".lower() is "i" + a dot above.
_FOLD = (("i\u0307", "i"), ("\u0131", "i"), ("\u017f", "s"))
#: What separates two words of a phrase (``phrases.SEP``): spaces, hyphens, dashes, a slash. The
#: prefilter reads any run of them as one space, so "my own" is looked for as one string.
_SEP_CHARS = "-/\u2013\u2014"
_TO_SPACE = str.maketrans(dict.fromkeys(_SEP_CHARS, " "))


def normalise(text: str) -> str:
    """The text as the prefilter reads it: lower case, with the few letters that
    ``re.IGNORECASE`` takes for an ASCII letter written as that letter, each run of spaces and
    separators as one space, and a space at each end."""
    low = text.lower()
    if not low.isascii():
        for odd, plain in _FOLD:
            low = low.replace(odd, plain)
    return " " + " ".join(low.translate(_TO_SPACE).split()) + " "


class Hits:
    """One text as a rule set's prefilters read it: normalised (``low``), and for each part of
    a prefilter, the keys of it that the text has (see :meth:`Index.scan`)."""

    __slots__ = ("found", "low", "members")

    def __init__(self, low: str, found: dict[AnyOf, list[str]], members: Set[AnyOf]):
        self.low = low
        self.found = found
        self.members = members


class AllOf:
    """Every part holds in the text."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[AnyOf, ...]):
        self.parts = parts

    def holds(self, hits: Hits) -> bool:
        for part in self.parts:
            if not part.holds(hits):
                return False
        return True


_Found = tuple[tuple[str, tuple[AllOf, ...] | None], ...]


class AnyOf:
    """One of these strings is in the text, with what else the alternative it stands for
    needs. Each string is filed under its key (:func:`_key`), which the text must have for the
    string to be there; only the strings under keys the text has are looked for, whole."""

    __slots__ = ("by_key", "options")

    def __init__(self, options: Iterable[tuple[str, AllOf | None]]):
        #: the strings, each with what else its alternative needs (to build larger ones)
        self.options = tuple(options)
        files: dict[str, dict[str, list[AllOf] | None]] = {}
        for s, rest in self.options:
            strings = files.setdefault(_key(s), {})
            if rest is None or s in strings and strings[s] is None:
                strings[s] = None  # the string alone is enough, whatever else others need
            else:
                known = strings.setdefault(s, [])
                if known is not None:
                    known.append(rest)
        self.by_key: dict[str, _Found] = {
            key: tuple((s, tuple(r) if r is not None else None) for s, r in sorted(ss.items()))
            for key, ss in files.items()
        }

    def holds(self, hits: Hits) -> bool:
        keys = hits.found.get(self)
        if keys is None:
            return self not in hits.members  # a part no index knows: let the pattern run
        low = hits.low
        by_key = self.by_key
        for key in keys:
            for s, rests in by_key[key]:
                if s in low:
                    if rests is None:
                        return True
                    for rest in rests:
                        if rest.holds(hits):
                            return True
        return False

    def rarity(self) -> float:
        """Roughly how likely an answer holds one of its keys (the rarest part is tried
        first)."""
        return min(1.0, sum(_key_chance(k) for k in self.by_key))


class Index:
    """Every part of a rule set's prefilters, by key, so that a text's keys are looked up once
    for all of them rather than once per pattern."""

    def __init__(self, needs: Iterable[Prefilter]):
        by_key: dict[str, list[AnyOf]] = {}
        members: dict[int, AnyOf] = {}
        todo = [need for need in needs if need is not None]
        while todo:
            for part in todo.pop().parts:
                if id(part) in members:
                    continue
                members[id(part)] = part
                for key, strings in part.by_key.items():
                    by_key.setdefault(key, []).append(part)
                    todo += [r for _, rests in strings for r in rests or ()]
        self._by_key = {k: tuple(v) for k, v in by_key.items()}
        self._keys = frozenset(by_key)
        self._members = frozenset(members.values())

    def scan(self, text: str) -> Hits:
        """Read a text: its words, pairs of words and three-letter pieces, against every key."""
        low = normalise(text)
        add = operator.add
        words = low.split(" ")
        keys = set(words)
        keys.update(map(add, map(add, words, repeat(" ")), words[1:]))
        two = list(map(add, low, low[1:]))
        keys.update(map(add, two, low[2:]))
        found: dict[AnyOf, list[str]] = {}
        by_key = self._by_key
        for key in self._keys.intersection(keys):
            for part in by_key[key]:
                got = found.get(part)
                if got is None:
                    found[part] = [key]
                else:
                    got.append(key)
        return Hits(low, found, self._members)


#: what a pattern needs of a text: None when nothing is known (it runs on every text)
Prefilter = AllOf | None


def _key(s: str) -> str:
    """What a string is filed under, which any text holding it has (:meth:`Index.scan`): its
    rarest pair of whole words (a word between two spaces of the string is whole in the
    text), else its rarest whole word, else the rarest three letters of its longest run of
    letters (a word the string may only begin or end: "manag")."""
    parts = s.split(" ")
    whole = [i for i in range(1, len(parts) - 1) if parts[i]]
    pairs = [(parts[i], parts[i + 1]) for i in whole if i + 1 in whole]
    if pairs:
        a, b = min(pairs, key=lambda p: (_common(p[0]) + _common(p[1]), -len(p[0] + p[1]), p))
        return f"{a} {b}"
    if whole:
        best = min((parts[i] for i in whole), key=lambda w: (_common(w), -len(w), w))
        if len(best) >= GRAM:
            return best
    runs = [p for p in parts if len(p) >= GRAM]
    return _gram(min(runs, key=lambda w: (_common(w), -len(w), w)) if runs else s)


def _common(word: str) -> int:
    return 1 if word in _COMMON else 0


# --- what a pattern needs ---------------------------------------------------------------------
#: a condition on literal strings, before they become grams: a set of strings (one is in the
#: text) or ("all" | "any", conditions)
_Cond = frozenset[str] | tuple[str, tuple["_Cond", ...]]


class _Info:
    """What one part of a pattern tells about its matches: ``exact``, the strings it matches
    (None when too many or unknown), and ``needs``, conditions every match meets."""

    __slots__ = ("exact", "needs")

    def __init__(self, exact: set[str] | None, needs: list[_Cond] | None = None):
        self.exact = exact
        self.needs = needs or []

    def settle(self) -> list[_Cond]:
        """Only the conditions, the exact strings becoming one more."""
        out = list(self.needs)
        if self.exact is not None:
            if self.exact and "" not in self.exact and len(self.exact) <= _SET_MAX:
                out.append(frozenset(self.exact))
            self.exact = None
        return out


def _unknown() -> _Info:
    return _Info(None)


def _empty() -> _Info:
    return _Info({""})


def _char(code: int) -> str | None:
    """A literal character as normalise() writes it (None: a character it may change)."""
    ch = chr(code)
    if ch.isspace() or ch in _SEP_CHARS:
        return " "
    if not ch.isascii():
        return None  # "’", "é": a gram holds only what normalise() keeps as it is
    return ch.lower()


def _joined(a: str, b: str) -> str:
    """Two strings one after the other, as normalise() writes them (one space between)."""
    return (a + b).replace("  ", " ")


def _concat(parts: list[_Info]) -> _Info:
    """A sequence: runs of known strings multiply out ("organi" + "s|z" + "e"); a part too
    varied or unknown ends the run, and what is known so far becomes conditions (the whole
    is then no longer known exactly)."""
    run = _empty()
    cut = False
    for part in parts:
        assert run.exact is not None
        if part.exact is not None and len(run.exact) * len(part.exact) <= _EXACT_MAX:
            run.exact = {_joined(a, b) for a in run.exact for b in part.exact}
            run.needs += part.needs
            continue
        cut = True
        run = _Info({""}, run.settle() + part.settle())
    if cut:
        return _Info(None, run.settle())
    return run


def _branch(alternatives: list[_Info]) -> _Info:
    """An alternation: its strings when few, else one of the alternatives' conditions."""
    if all(a.exact is not None for a in alternatives):
        union: set[str] = set()
        for a in alternatives:
            union |= a.exact or set()
        if len(union) <= _EXACT_MAX:
            return _Info(union)
    options: list[_Cond] = []
    for a in alternatives:
        needs = a.settle()
        if not needs:
            return _unknown()  # this alternative needs nothing, so the alternation neither
        options.append(needs[0] if len(needs) == 1 else ("all", tuple(needs)))
    return _Info(None, [("any", tuple(options))])


def _info(seq: Any) -> _Info:
    parts: list[_Info] = []
    for op, av in seq:
        if op is _c.LITERAL:
            ch = _char(av)
            parts.append(_Info({ch}) if ch is not None else _unknown())
        elif op is _c.SUBPATTERN:
            parts.append(_info(av[-1]))
        elif op is _c.ATOMIC_GROUP:
            parts.append(_info(av))
        elif op is _c.BRANCH:
            parts.append(_branch([_info(b) for b in av[1]]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, high, item = av
            inner = _info(item)
            if low == high == 1:
                parts.append(inner)
            elif inner.exact == {" "}:  # a run of spaces reads as one
                parts.append(_Info({"", " "} if low == 0 else {" "}))
            elif low == 0 and high == 1 and inner.exact is not None:
                parts.append(_Info(inner.exact | {""}))
            elif low >= 1:
                parts.append(_Info(None, inner.settle()))
            else:
                parts.append(_unknown())
        elif op is _c.IN:
            chars = _class_chars(av)
            parts.append(_Info(chars) if chars is not None else _unknown())
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            parts.append(_empty())  # zero width: no part of the match
        else:  # any character, a category, a back-reference...
            parts.append(_unknown())
    return _concat(parts)


def _class_chars(items: Any) -> set[str] | None:
    """A small class of plain characters (``[sz]``, ``[\\s-]``) as its characters, else None."""
    out: set[str] = set()
    for op, av in items:
        if op is _c.CATEGORY and av is _c.CATEGORY_SPACE:
            out.add(" ")
            continue
        if op is not _c.LITERAL:
            return None
        ch = _char(av)
        if ch is None:
            return None
        out.add(ch)
    return out if len(out) <= 4 else None


def required(pattern: re.Pattern[str]) -> Prefilter:
    """What any match of a compiled pattern needs of a text (None: nothing is known, it runs
    on every text)."""
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - the pattern compiled already
        return None
    parts = _parts(("all", tuple(_info(parsed.data).settle())))
    return AllOf(tuple(sorted(parts, key=_chance))) if parts else None


def _parts(cond: _Cond) -> list[AnyOf]:
    """A condition on strings as parts that must all hold (none: it holds nearly always)."""
    if isinstance(cond, frozenset):
        if any(len(s.strip()) < GRAM for s in cond):
            return []  # "a", "in": in nearly every answer
        return [AnyOf((s, None) for s in sorted(cond))]
    kind, conds = cond
    if kind == "all":
        return [part for c in conds for part in _parts(c)]
    options: list[tuple[str, AllOf | None]] = []
    for c in conds:
        parts = sorted(_parts(c), key=_chance)
        if not parts:
            return []  # one alternative needs nothing, so the alternation neither
        key, others = parts[0], parts[1:]  # the alternative is found by its rarest part
        for s, rest in key.options:
            more = (rest.parts if rest else ()) + tuple(others)
            options.append((s, AllOf(more) if more else None))
    return [AnyOf(options)]


def _chance(part: AnyOf) -> float:
    return part.rarity()


def _key_chance(key: str) -> float:
    if key in _COMMON:
        return 1.0
    return min(1.0, 1000 * math.prod(_LETTER_FREQ.get(ch, 5) / 1000 for ch in key[:GRAM]))


def _gram(s: str) -> str:
    """The string's rarest piece of three letters: the one a text most likely lacks."""
    pieces = [s[i : i + GRAM] for i in range(len(s) - GRAM + 1)]
    return min(pieces, key=lambda g: (_key_chance(g), g))
