"""A pattern's alternatives filed by the words each can start with.

A cue or word list of many phrases is one regular expression with one alternative per phrase,
and Python's ``re`` tries every alternative, one after another, at each place it is run (with
IGNORECASE it cannot skip one by its first letter). The coach already runs a pattern only
where one of its first words starts (see :func:`~workbook.coach.phrases.phrase_first_words`);
there, only the alternatives that can begin with that word can match. :class:`Branches` keeps
each alternative with its first words and compiles, on first use, the pattern of just the
alternatives for a word, in their original order. The match found is the same: the
alternatives left out cannot match at that place, and ``re`` takes the first alternative (in
order) that matches. A phrase that is one word list (``<elsewhere>``) is read as that list's
own alternatives, since ``(?:(?:a|b)|c)`` tries a, b, c in the same order as ``(?:a|b|c)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from workbook.coach.phrases import (
    alternation_parts,
    bounded,
    compile_phrase,
    phrase_first_words,
    trie,
)

__all__ = [
    "Branches",
    "ListBranches",
    "Start",
    "WordStarts",
    "cue_branches",
    "regex_branches",
    "tried",
]

#: a pattern of fewer alternatives is run whole (splitting it gains nothing)
MIN_ALTERNATIVES = 4
#: the patterns compiled for single words may total this many times the whole pattern's
#: length; past that, a new word's place is tried with the whole pattern. An alternative that
#: can start with many words sits in each of their patterns, and a session meets ever more
#: words, so without a cap the compiled patterns would grow with the session (the words met
#: first, the common ones, are the ones that pay: they are tried most)
BUDGET = 1.0
#: and at most this many words are remembered per pattern (a class report meets thousands)
MAX_WORDS = 2048
_ONE_LIST = re.compile(r"<([a-z_]+)>")
_NEVER = "(?!)"


#: how a match can start: the letters of its first word, and whether they are the whole word
#: (``a`` in ``a\s+home``: "a", not "also") or only its start (``franchis`` in ``franchis\w*``)
Start = tuple[str, bool]


@dataclass(frozen=True)
class WordStarts:
    """What the first word of a regex's matches must be, read from the regex itself: one of
    ``words``, or a word that starts with one of ``prefixes`` (word-index keys: lower case,
    no apostrophes)."""

    words: frozenset[str]
    prefixes: tuple[str, ...]

    @classmethod
    def of(cls, found: Iterable[Start]) -> WordStarts:
        found = set(found)
        return cls(
            frozenset(w for w, whole in found if whole),
            tuple(sorted(p for p, whole in found if not whole)),
        )

    def admits(self, word: str) -> bool:
        return word in self.words or word.startswith(self.prefixes)

    @cached_property
    def scan(self) -> re.Pattern[str] | None:
        """The prefixes as one pattern over words written one a line (each letter tried once)."""
        return re.compile("^" + trie(self.prefixes), re.MULTILINE) if self.prefixes else None


@dataclass(frozen=True)
class _Words:
    """Plain words, read together as one trie; each starts with itself."""

    words: tuple[str, ...]


@dataclass(frozen=True)
class _Phrase:
    body: str
    firsts: frozenset[str]


@dataclass(frozen=True)
class _Regex:
    """A regex alternative, known by the first words its matches can have."""

    body: str
    starts: WordStarts


_Item = _Words | _Phrase | _Regex


class Branches:
    """The alternatives of one pattern, ``head`` + ``(?:a|b|...)`` + ``tail`` + ``after``, in
    order, each with the words it can start with.

    ``after`` is a look-ahead the match's end must pass (a cue's ``unless_next``: "my own
    business" unless "here" follows). It can be kilobytes long, so it is not copied into each
    word's pattern but checked once a match is found: the first way the alternatives match
    that passes it is the first way the whole pattern matches, so where it passes, that is the
    match; where it fails, the place is tried again with the whole pattern (rare)."""

    def __init__(self, head: str, tail: str, items: Sequence[_Item], flags: int, after: str = ""):
        self._head, self._tail, self._after, self._flags = head, tail, after, flags
        self._items = tuple(items)
        self._check = re.compile(after, flags) if after else None
        self._by_words: dict[str | frozenset[str], re.Pattern[str] | None] = {}
        self._by_choice: dict[str, re.Pattern[str]] = {}
        self._left = BUDGET * len(self.regex())

    def regex(self, words: str | frozenset[str] | None = None, *, after: bool = True) -> str:
        """The pattern of the alternatives that can start with ``words`` (all by default),
        ending with ``after`` unless told not to."""
        ws = {words} if isinstance(words, str) else words
        parts: list[str] = []
        for item in self._items:
            if isinstance(item, _Words):
                kept = item.words if ws is None else [w for w in item.words if w in ws]
                if kept:
                    parts.append(trie(kept))
            elif isinstance(item, _Phrase):
                if ws is None or not item.firsts.isdisjoint(ws):
                    parts.append(item.body)
            elif ws is None or any(item.starts.admits(w) for w in ws):
                parts.append(item.body)
        body = "|".join(parts) if parts else _NEVER
        return f"{self._head}(?:{body}){self._tail}{self._after if after else ''}"

    def pattern(self, words: str | frozenset[str]) -> re.Pattern[str] | None:
        """The alternatives that can start with ``words`` (a word, or the words that start at
        one place, such as "don" and "dont"), without ``after``, compiled once; None once the
        budget is spent."""
        try:
            return self._by_words[words]
        except KeyError:
            pass
        if self._left <= 0 or len(self._by_words) >= MAX_WORDS:
            return None
        regex = self.regex(words, after=False)
        found = self._by_choice.get(regex)
        if found is None and len(regex) <= self._left:
            self._left -= len(regex)
            found = self._by_choice[regex] = re.compile(regex, self._flags)
        self._by_words[words] = found
        return found

    def match(
        self,
        text: str,
        pos: int,
        end: int,
        words: str | frozenset[str],
        whole: Callable[[], re.Pattern[str]],
    ) -> re.Match[str] | None:
        """The ``whole`` pattern's match at ``pos``, where ``words`` start (see :func:`tried`)."""
        return next(tried(text, (pos,), {pos: words}, end, whole, self), None)

    def __len__(self) -> int:
        return sum(len(i.words) if isinstance(i, _Words) else 1 for i in self._items)


def tried(
    text: str,
    places: Iterable[int],
    at: Mapping[int, str | frozenset[str]],
    end: int,
    whole: Callable[[], re.Pattern[str]],
    branches: Branches | None,
) -> Iterator[re.Match[str]]:
    """The ``whole`` pattern's matches from ``places`` (in order; ``at`` gives the words that
    start at each), left to right without overlap, as ``finditer`` finds them from those
    places. With ``branches``, each place is tried with just the alternatives that can start
    with its words; the whole is compiled only if it is needed (no branches, past the budget,
    or where ``after`` refuses what they found). One loop for every place: a review tries
    about a thousand, so nothing here is a call per place that need not be."""
    last = -1
    known = branches._by_words if branches is not None else {}
    check = branches._check if branches is not None else None
    for pos in places:
        if pos < last:
            continue
        if branches is None:
            found = whole().match(text, pos, end)
        else:
            words = at[pos]
            run = known[words] if words in known else branches.pattern(words)
            found = run.match(text, pos, end) if run is not None else None
            if run is None or (
                found is not None and check is not None and not check.match(text, found.end(), end)
            ):
                found = whole().match(text, pos, end)
        if found is not None:
            yield found
            if found.end() > found.start():
                last = found.end()


def _items(
    phrases: Sequence[str],
    plain_first: bool,
    lists: Mapping[str, Sequence[str]],
    fragments: Mapping[str, str],
    firsts: Mapping[str, frozenset[str] | None],
) -> list[_Item] | None:
    """The alternatives of ``phrases`` in the order the pattern tries them (for a word list,
    its plain words first, as one trie); None when one's first words are not known."""
    plain, rest = alternation_parts(phrases) if plain_first else ([], list(phrases))
    out: list[_Item] = [_Words(tuple(plain))] if plain else []
    for phrase in rest:
        one = _ONE_LIST.fullmatch(phrase.strip())
        if one and one.group(1) in lists:
            inner = _items(lists[one.group(1)], True, lists, fragments, firsts)
            if inner is None:
                return None
            out += inner
            continue
        first = phrase_first_words(phrase, firsts)
        if first is None:
            return None
        out.append(_Phrase(compile_phrase(phrase, fragments), first))
    return out


#: what a pattern's alternatives sit between: only whole words (see phrases.bounded)
_HEAD, _TAIL = bounded("\0").split("\0")


def _branches(items: list[_Item] | None, flags: int, after: str = "") -> Branches | None:
    if items is None:
        return None
    found = Branches(_HEAD, _TAIL, items, flags, after)
    return found if len(found) >= MIN_ALTERNATIVES else None


def cue_branches(
    phrases: Sequence[str],
    lists: Mapping[str, Sequence[str]],
    fragments: Mapping[str, str],
    firsts: Mapping[str, frozenset[str] | None],
    flags: int,
    after: str = "",
) -> Branches | None:
    """A phrase cue's alternatives (each phrase on its own, as the cue's pattern has them),
    or None when a phrase's first words are not known or there are too few to be worth it.
    The cue's pattern ends with ``after``, a look-ahead (see :class:`Branches`)."""
    items = _items(phrases, False, lists, fragments, firsts)
    return _branches(items, flags, after)


def regex_branches(
    regexes: Sequence[str],
    starts: Callable[[str], frozenset[Start] | None],
    flags: int,
    after: str = "",
) -> Branches | None:
    """A regex cue's alternatives (one per regex, known by the first words a match can have,
    as ``starts`` finds them), or None as for :func:`cue_branches`."""
    items: list[_Item] = []
    for rx in regexes:
        found = starts(f"(?:{rx})")
        if not found:
            return None
        items.append(_Regex(f"(?:{rx})", WordStarts.of(found)))
    return _branches(items, flags, after)


class ListBranches(Mapping[str, "Branches | None"]):
    """Each word list's :class:`Branches`, made when a list is first run."""

    def __init__(
        self,
        lists: Mapping[str, Sequence[str]],
        fragments: Mapping[str, str],
        firsts: Mapping[str, frozenset[str] | None],
        flags: int = re.IGNORECASE,
    ):
        self._lists, self._fragments, self._firsts = lists, fragments, firsts
        self._flags = flags
        self._made: dict[str, Branches | None] = {}

    def __getitem__(self, name: str) -> Branches | None:
        if name not in self._made:
            phrases = self._lists[name]  # KeyError for a list that does not exist
            items = None
            if self._firsts.get(name) is not None:
                items = _items(phrases, True, self._lists, self._fragments, self._firsts)
            self._made[name] = _branches(items, self._flags)
        return self._made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._lists)

    def __len__(self) -> int:
        return len(self._lists)
