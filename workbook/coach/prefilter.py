"""A literal prefilter for the coach's patterns, as RE2 and Hyperscan do: before a pattern runs
on a text, check that the text holds the words any match must contain.

Most of a review's time went on trying cues whose words the answer does not use at all. From a
compiled pattern, :func:`required` works out (from its parsed form, so it holds for any cue an
instructor writes) which literal strings a match must contain: all of some, one of others, and
for an alternation of phrases, all the words of at least one phrase. Each string is looked for
by one of its pieces of up to four letters ("grams"), and a text's grams are collected once
(:func:`text_grams`). The test is sound, never complete: it may let a pattern run that then
finds nothing, but never skips one that would match, which keeps every result identical.
"""

from __future__ import annotations

import math
import operator
import re
import re._constants as _c
import re._parser as _parser
from dataclasses import dataclass
from typing import Any

__all__ = ["GRAM", "AllOf", "AnyOf", "Prefilter", "normalise", "required", "text_grams"]

#: letters per gram: each string is looked for by its rarest three-letter piece first, then
#: whole; a shorter string ("a", "in") is in nearly every answer and not looked for
GRAM = 3
#: most strings one part of a pattern may stand for before only what it needs is kept: a
#: word list's trie is read as its words, "organi[sz]e" as two
_EXACT_MAX = 64
#: more strings than this in one set cost more to look for than the pattern saves
_SET_MAX = 400
#: A letter's share of English text (per 1,000 letters, rounded; a space 180, a digit or
#: anything else 5): a gram's letters multiplied say how rare it is.
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
#: The three-letter pieces in at least a fifth of the project's labelled answers
#: (``data/answers/labelled.jsonl``, normalised; ``_`` is a space): in nearly every answer,
#: whatever their letters say, so never the piece a string is looked for by. Only speed
#: depends on this list, never a result.
_COMMON = frozenset(
    g.replace("_", " ")
    for g in (
        "'d_ 'm_ ,_a ,_i ._i _a_ _an _be _ca _co _de _do _fi _fo _ge _go _he _ho _i' _i_ _in "
        "_is _le _li _lo _ma _me _mo _my _ne _of _on _pa _pr _re _se _so _st _te _th _to _wa "
        "_wh _wi _wo _ye _yo a_s age al_ all an_ ana and ant ar_ arn ars art at_ ati be_ bec "
        "com cou d_a d_i d_l d_t e._ e_a e_i e_m e_n e_o e_s e_t e_w e_y ead ear eco ed_ ee_ "
        "en_ ent er_ ere et_ eve ext fir for g_t get hat he_ her hin his i'd i'm i_w ike in_ "
        "ing ion irs is_ ith ke_ le_ lea lik ll_ ly_ me_ mon my_ n_a n_m n_t nd_ nex ng_ nt_ "
        "o_b of_ ome on_ one ont or_ ork our ove pro r._ r_a r_i r_t re_ rea ree rs_ rst s,_ "
        "s._ s_a s_i s_t se_ so_ st_ sta t_a t_i t_m t_t tea ter th_ the thi tio to_ ur_ ve_ "
        "ver wan wit wor xt_ yea you"
    ).split()
)
_TEXT_LETTERS = 1000  #: an answer's length, for the chance that it holds a gram


class AllOf:
    """Every part holds in the text."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[AnyOf, ...]):
        self.parts = parts

    def holds(self, grams: set[str], low: str) -> bool:
        for part in self.parts:
            if not part.holds(grams, low):
                return False
        return True


class AnyOf:
    """One of these strings is in the text, with what else that alternative needs. Tested in
    two steps: which of the strings' rarest grams the text has, in one set operation; then
    only those strings, whole, and what their alternative needs."""

    __slots__ = ("by_gram", "grams")

    def __init__(self, options: list[tuple[str, AllOf | None]]):
        by_gram: dict[str, list[tuple[str, AllOf | None]]] = {}
        for option in options:
            by_gram.setdefault(_gram(option[0]), []).append(option)
        self.grams = frozenset(by_gram)
        self.by_gram = {g: tuple(v) for g, v in by_gram.items()}

    @property
    def options(self) -> list[tuple[str, AllOf | None]]:
        return [o for v in self.by_gram.values() for o in v]

    def holds(self, grams: set[str], low: str) -> bool:
        by_gram = self.by_gram
        for g in self.grams.intersection(grams):
            for s, rest in by_gram[g]:
                if s in low and (rest is None or rest.holds(grams, low)):
                    return True
        return False


#: what a pattern needs of a text: None when nothing is known (it runs on every text)
Prefilter = AllOf | None


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


def text_grams(low: str) -> set[str]:
    """Every :data:`GRAM`-letter piece of a normalised text (once per text)."""
    add = operator.add
    return set(map(add, map(add, low, low[1:]), low[2:]))


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
        if any(_likely(s) for s in cond):
            return []
        return [AnyOf([(s, None) for s in sorted(cond)])]
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
    """Roughly how likely an answer holds one of its grams (letters taken as independent)."""
    return min(1.0, sum(map(_gram_chance, part.grams)))


def _likely(s: str) -> bool:
    """Is a string too short or too common to be worth looking for?"""
    return len(s) < GRAM or _gram_chance(_gram(s)) >= 1.0


def _gram_chance(gram: str) -> float:
    if gram in _COMMON:
        return 1.0
    return _TEXT_LETTERS * math.prod(_LETTER_FREQ.get(ch, 5) / 1000 for ch in gram)


def _gram(s: str) -> str:
    """The string's rarest gram: the one a text most likely lacks."""
    n = min(GRAM, len(s))
    pieces = [s[i : i + n] for i in range(len(s) - n + 1)]
    return min(pieces, key=lambda g: (_gram_chance(g), g))
