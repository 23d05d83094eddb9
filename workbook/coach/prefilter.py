"""A literal prefilter for the coach's patterns, as RE2 and Hyperscan do: before a pattern runs
on a text, check that the text holds the strings any match must contain.

Most of a review's time went on trying cues whose words the answer does not use at all. From a
compiled pattern, :func:`required` works out (from its parsed form, so it holds for any cue an
instructor writes) which literal strings a match must contain: all of some, one of others, and
for an alternation of phrases, the words of one phrase at least ("my own" + "business"). The
strings of all the rules' patterns go into one Aho-Corasick automaton (:class:`Index`), which
finds those a text holds in one pass; each pattern then runs only if its strings are there.
The test is sound, never complete: it may let a pattern run that then finds nothing, but never
skips one that would match, so every result stays the same (the tests compare both ways).
"""

from __future__ import annotations

import re
import re._constants as _c
import re._parser as _parser
from array import array
from collections.abc import Iterable, Set
from functools import lru_cache
from itertools import accumulate, chain
from typing import Any

import ahocorasick

__all__ = [
    "AllOf",
    "AnyOf",
    "Hits",
    "Index",
    "Prefilter",
    "normalise",
    "required",
    "required_parsed",
]

#: a string shorter than this ("a", "in") is in nearly every answer: not worth looking for
GRAM = 3
#: most strings one part of a pattern may stand for before only what it needs is kept: a
#: word list's trie is read as its words, "organi[sz]e" as two
_EXACT_MAX = 64
#: a longer string is looked for by its first letters only, which any text holding it has
#: too: the long variants of phrases filled the automaton (4.7 MB; 2.5 MB cut at 14 letters,
#: for 0.6% more patterns run on the real rows)
_LONGEST = 14
#: a part of many alternatives (a word list's phrases) is looked for by fewer letters: its
#: strings are most of the automaton's, and each is one of many ways in. At 12 letters the
#: automaton went 4.8 -> 3.7 MB for 1.8% more patterns run on the real rows (10 letters:
#: 2.6 MB for 6%, measurably slower); a part of a few keeps 14 ("run my own" + "business")
_MANY = 33
_LONGEST_OF_MANY = 12
#: more strings than this in one set cost more to look for than the pattern saves
_SET_MAX = 400
# Characters re.IGNORECASE matches to an ASCII letter whose ``str.lower()`` is not that letter
# (the test suite checks this against every code point): "İ".lower() is "i" + a dot above.
_FOLD = (("i\u0307", "i"), ("\u0131", "i"), ("\u017f", "s"))
#: Any run of characters that are not letters, digits or "_" (``\W`` in a pattern): the
#: prefilter reads it as one space, in the text and in a pattern's literals alike, so "my own"
#: is looked for as one string and a word boundary as a space ("ski " is not in "skills").
_NON_WORD = re.compile(r"\W+")


def normalise(text: str) -> str:
    """The text as the prefilter reads it: lower case, with the few letters that
    ``re.IGNORECASE`` takes for an ASCII letter written as that letter, each run of other
    characters than letters, digits and "_" as one space, and a space at each end."""
    low = text.lower()
    if not low.isascii():
        for odd, plain in _FOLD:
            low = low.replace(odd, plain)
    return " " + _NON_WORD.sub(" ", low).strip(" ") + " "


class Hits:
    """One text as a rule set's prefilters read it: which of their strings it holds, and so
    which parts hold by one string alone."""

    __slots__ = ("index", "plain", "present")

    def __init__(self, index: Index, present: Set[int], plain: Set[int] = frozenset()):
        self.index = index
        self.present = present
        #: the numbers of the parts one of whose strings, needing nothing else, is present
        self.plain = plain


class AllOf:
    """Every part holds in the text."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[AnyOf, ...]):
        self.parts = parts

    def holds(self, hits: Hits) -> bool:
        for part in self.parts:  # a loop, not all(): this runs for every cue of every review
            if not part.holds(hits):
                break
        else:
            return True
        return False


class AnyOf:
    """One of these strings is in the text, with what else the alternative it stands for
    needs. Strings are numbered by the :class:`Index` that holds this part, and so is the
    part: the index, not the part, keeps which strings are enough for it alone."""

    __slots__ = ("index", "number", "options", "rests")

    def __init__(self, options: Iterable[tuple[str, AllOf | None]]):
        #: the strings, each with what else its alternative needs
        self.options = tuple(options)
        self.index: Index | None = None
        self.number = -1
        self.rests: dict[int, tuple[AllOf, ...]] = {}

    def file(self, index: Index, number: int, ids: dict[str, int]) -> list[int]:
        """File this part in ``index`` as part ``number`` (once: a part belongs to the first
        index that holds it) and return the numbers of its strings that are enough alone;
        its strings are then dropped, to keep the kernel light."""
        cut = self.cut()
        plain = {ids[s[:cut]] for s, rest in self.options if rest is None}
        rests: dict[int, list[AllOf]] = {}
        for s, rest in self.options:
            if rest is not None and ids[s[:cut]] not in plain:
                rests.setdefault(ids[s[:cut]], []).append(rest)
        self.index, self.number = index, number
        self.rests = {i: tuple(r) for i, r in rests.items()}
        self.options = ()
        return sorted(plain)

    def cut(self) -> int:
        """How many first letters of each string are looked for."""
        return _LONGEST if len(self.options) < _MANY else _LONGEST_OF_MANY

    def holds(self, hits: Hits) -> bool:
        if self.index is not hits.index:
            return True  # a part no index read the text for: let the pattern run
        if self.number in hits.plain:
            return True
        rests = self.rests
        if rests:
            for i in hits.present & rests.keys():
                for rest in rests[i]:
                    if rest.holds(hits):
                        return True
        return False

    def rarity(self) -> float:
        """Roughly how likely an answer holds one of its strings, taking a letter to match by
        chance one time in eight: the rarest part is tried first."""
        return min(1.0, sum(8.0 ** (GRAM - len(s.strip())) for s, _ in self.options))


class Index:
    """Every string of a rule set's prefilters in one Aho-Corasick automaton: a text is read
    once for all of them, in one pass, rather than once per pattern."""

    def __init__(self, needs: Iterable[Prefilter]):
        parts: dict[int, AnyOf] = {}
        todo = [need for need in needs if need is not None]
        while todo:
            for part in todo.pop().parts:
                if id(part) not in parts and part.index is None:
                    parts[id(part)] = part
                    todo += [rest for _, rest in part.options if rest is not None]
        ids: dict[str, int] = {}
        for part in parts.values():
            cut = part.cut()
            for s, _ in part.options:
                ids.setdefault(s[:cut], len(ids))
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for s, i in ids.items():
            self._automaton.add_word(s, i)
        if ids:
            self._automaton.make_automaton()
        # which parts each string is enough for, as two flat arrays (string i's parts are
        # _parts[_starts[i]:_starts[i + 1]]): a set of numbers per part took 2.3 MB
        enough: list[list[int]] = [[] for _ in ids]
        for number, part in enumerate(parts.values()):
            for i in part.file(self, number, ids):
                enough[i].append(number)
        self._starts = array("I", accumulate((len(e) for e in enough), initial=0))
        self._parts = array("I", chain.from_iterable(enough))

    def scan(self, text: str) -> Hits:
        """Which strings the text holds."""
        if self._automaton.kind != ahocorasick.AHOCORASICK:
            return Hits(self, frozenset())
        present = {i for _, i in self._automaton.iter(normalise(text))}
        starts, parts = self._starts, self._parts
        plain: set[int] = set()
        for i in present:
            plain.update(parts[starts[i] : starts[i + 1]])
        return Hits(self, present, plain)


#: what a pattern needs of a text: None when nothing is known (it runs on every text)
Prefilter = AllOf | None


# --- what a pattern needs ---------------------------------------------------------------------
#: a condition on literal strings, while a pattern is read: a set of strings (one is in the
#: text) or ("all" | "any", conditions)
_Cond = frozenset[str] | tuple[str, tuple["_Cond", ...]]


class _Info:
    """What one part of a pattern tells about its matches: ``exact``, the strings it matches
    (None when too many or unknown), and ``needs``, conditions every match meets."""

    __slots__ = ("edge", "exact", "needs")

    def __init__(
        self, exact: set[str] | None, needs: list[_Cond] | None = None, edge: str | None = None
    ):
        self.exact = exact
        self.needs = needs or []
        #: for a zero-width part that says a neighbour is no word character (``\b``,
        #: ``(?<![\w'])``, ``(?!\w)``): which one (its strings are then the empty string)
        self.edge = edge

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


@lru_cache(maxsize=512)
def _char(code: int) -> str | None:
    """A literal character as normalise() writes it (None: a character it may change)."""
    ch = chr(code)
    if not (ch.isalnum() or ch == "_"):
        return " "  # not a word character (as \w reads it): a space, like the text's
    if not ch.isascii():
        return None  # "é": lower case and folding may change it
    return ch.lower()


#: zero-width parts that say the next (or previous) character is not a word character
_NOT_WORD_AFTER, _NOT_WORD_BEFORE, _BOUNDARY = "after", "before", "boundary"


def _joined(a: str, b: str) -> str:
    """Two strings one after the other, as normalise() writes them (one space between)."""
    return a + b[1:] if a[-1:] == " " and b[:1] == " " else a + b


def _edge(strings: set[str], where: str) -> set[str]:
    """Strings with the space a zero-width "no word character here" part stands for: after
    each that ends with a word character (``ski\b``), before each that starts with one."""
    if where == "after":
        return {s + " " if s and s[-1] != " " else s for s in strings}
    return {" " + s if s and s[0] != " " else s for s in strings}


def _concat(parts: list[_Info]) -> _Info:
    """A sequence: runs of known strings multiply out ("organi" + "s|z" + "e"); a part too
    varied or unknown ends the run, and what is known so far becomes conditions (the whole
    is then no longer known exactly). A word boundary next to a word character is a space."""
    run = _empty()
    cut = False
    before = False  # the next strings follow a character that is no word character
    for part in parts:
        assert run.exact is not None
        if part.edge is not None:
            if run.exact == {""}:  # at the start of a run: about what comes before the next
                before = before or part.edge != _NOT_WORD_AFTER
            elif part.edge != _NOT_WORD_BEFORE:  # after a word character: a space follows
                run.exact = _edge(run.exact, "after")
            continue
        if before and part.exact is not None:
            part = _Info(_edge(part.exact, "before"), part.needs)
        before = False
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


def _info(seq: Any, ascii_only: bool = False) -> _Info:
    """What a parsed sequence tells (``ascii_only``: under re.ASCII, where a word boundary
    means something else than in normalise(), so it tells nothing)."""
    parts: list[_Info] = []
    letters = ""  # a run of literal characters, read as one string
    for op, av in seq:
        if op is _c.LITERAL:
            ch = _char(av)
            if ch is not None:
                letters = _joined(letters, ch) if letters else ch
                continue
        if letters:
            parts.append(_Info({letters}))
            letters = ""
        if op is _c.LITERAL:
            parts.append(_unknown())
        elif op is _c.SUBPATTERN:
            parts.append(_info(av[-1], ascii_only or bool(av[1] & re.ASCII)))
        elif op is _c.ATOMIC_GROUP:
            parts.append(_info(av, ascii_only))
        elif op is _c.BRANCH:
            parts.append(_branch([_info(b, ascii_only) for b in av[1]]))
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT):
            low, high, item = av
            inner = _info(item, ascii_only)
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
        elif op is _c.AT and av is _c.AT_BOUNDARY and not ascii_only:
            parts.append(_Info({""}, edge=_BOUNDARY))
        elif op is _c.ASSERT_NOT and not ascii_only and _no_word_char(av[1]):
            parts.append(_Info({""}, edge=_NOT_WORD_BEFORE if av[0] < 0 else _NOT_WORD_AFTER))
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            parts.append(_empty())  # zero width: no part of the match
        else:  # any character, a category, a back-reference...
            parts.append(_unknown())
    if letters:
        parts.append(_Info({letters}))
    return parts[0] if len(parts) == 1 else _concat(parts)


def _no_word_char(sub: Any) -> bool:
    r"""Is a negative look-around's pattern one character of a class that holds every word
    character (``\w``, ``[\w'’]``), so that it says "no word character here"?"""
    if len(sub.data) != 1:
        return False
    op, av = sub.data[0]
    return op is _c.IN and (_c.CATEGORY, _c.CATEGORY_WORD) in av and (_c.NEGATE, None) not in av


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


def required(pattern: re.Pattern[str] | str, flags: int = 0) -> Prefilter:
    """What any match of a pattern (compiled, or its source and flags) needs of a text (None:
    nothing is known, it runs on every text)."""
    if isinstance(pattern, re.Pattern):
        source, flags = pattern.pattern, pattern.flags
    else:
        source = pattern
    try:
        parsed = _parser.parse(source, flags)
    except re.error:  # pragma: no cover - the pattern was checked already
        return None
    return required_parsed(parsed)


def required_parsed(parsed: Any) -> Prefilter:
    """:func:`required` of a pattern parsed already (``re._parser.parse``)."""
    info = _info(parsed.data, bool(parsed.state.flags & re.ASCII))
    parts = _parts(("all", tuple(info.settle())))
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
        key, others = parts[0], tuple(parts[1:])  # the alternative is found by its rarest part
        also = AllOf(others) if others else None  # one object for all its strings' rests
        for s, rest in key.options:
            options.append((s, AllOf(rest.parts + others) if rest else also))
    return [AnyOf(options)]


def _chance(part: AnyOf) -> float:
    return part.rarity()
