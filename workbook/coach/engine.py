"""Matching the rules against one text, with the context that changes what a phrase means.

A phrase only counts when its context agrees: not after "not" or "never" (negation), not
inside "if..." or "some people..." (hypotheticals), not in a clause about the past when the
rule says so, and only with (or without) certain words in the same clause. The rules decide
which of these checks apply; this module performs them, once per text, with results cached.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from functools import cached_property
from typing import cast

from workbook.coach.branches import Branches, tried
from workbook.coach.phrases import NUMBER_KEY, NUMBER_WORDS
from workbook.coach.prefilter import Hits, Prefilter
from workbook.coach.rules import Cue, Rules
from workbook.coach.text import Duration, Segments, content_stems, durations, stem, word_spans

__all__ = [
    "MAX_SPANS",
    "TIME_ONLY",
    "Hit",
    "TextContext",
    "score_cues",
    "stems_meet",
    "weighed_hits",
]

_COMMON_MONTHS = frozenset({1, 2, 3, 4, 6, 9, 12, 15, 18, 24, 30, 36, 48, 60})
_INDEX_RUN = re.compile(r"[^\W_]+")  # every run of letters or digits: "master" in "master's"
# "don't" as "dont", "six-figure"; possessive and tried from a word's start only, so that a
# long run of digits or letters is read once, not once per character
_INDEX_JOINED = re.compile(r"(?<![^\W_])[^\W_]++(?:['’\-][^\W_]++)+")
_UNJOIN = str.maketrans("", "", "'’-")
_INDEX_NUMBER = re.compile(rf"(?<![\w'’])(?:\d|(?:{NUMBER_WORDS})(?![\w]))", re.IGNORECASE)
#: the horizon cue of bare time words ("right now", "this year"): they date a step, they are
#: not one
TIME_ONLY = frozenset({"time_words"})
_ROLE_FIELDS: dict[str, tuple[object, frozenset[str]]] = {}  # role text -> (fields, found)
_ROLE_FIELDS_KEPT = 64
_TIMETABLE_FROM = 4  # deadlines in one answer; good answers in the labelled set have at most 3
_SHARED_PREFIX = 6  # "pharmacist" and "pharmacy", "analyst" and "analytics" are one field
_WORD_WINDOW = 40  # characters per word when reading a few words around a phrase
# a "not" after a phrase but past one of these belongs to the next clause, not the phrase
# ("earning enough that I never have to check my balance", "saving so I don't worry")
_SUBORDINATE = re.compile(
    r"\b(?:that|so|which|who|where|because|when|until|till|before|after)\b", re.I
)
#: per cue and text: enough places to quote and to weigh, and a bound on the work a pasted
#: wall of repeated words can cause
MAX_HITS = 16
MAX_SPANS = 64
MAX_STARTS = 512  #: word starts tried per cue (a 300-word answer has about 300)
#: Skip a pattern whose words the text lacks (prefilter.py). Results are the same either way;
#: the tests turn it off to compare with the plain path.
PREFILTER = True


def stems_meet(a: str, b: str) -> bool:
    """Do two stems name the same thing ("photograph" and "photography", "nurs" and "nurs")?"""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 5 and long_.startswith(short):  # not "care" and "career"
        return True
    return len(short) >= _SHARED_PREFIX and long_[:_SHARED_PREFIX] == short[:_SHARED_PREFIX]


@dataclass(frozen=True)
class Hit:
    """One cue that matched, with the span of text that shows it."""

    start: int
    end: int
    weight: float
    cue: str


class TextContext:
    """One text prepared for matching: segments, durations and memoised context checks."""

    def __init__(
        self,
        text: str,
        rules: Rules,
        *,
        end: int | None = None,
        today: dt.date | None = None,
        role_stems: frozenset[str] = frozenset(),
        role_text: str = "",
    ):
        self.text = text
        self.rules = rules
        self.end = len(text) if end is None else min(end, len(text))
        self.today = today or dt.date.today()
        self.role_stems = role_stems
        self.role_text = role_text
        self.seg = Segments(text, self.end)
        self._past: dict[int, bool] = {}
        self._index: dict[str, list[int]] | None = None
        self._lists: dict[tuple[str, str, int, int], list[tuple[int, int]]] = {}
        #: spans by pattern: a cue two codes share (a YAML alias) is matched once per text
        self._spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
        self._hypothetical: dict[int, int] = {}
        self._live: dict[str, list[tuple[int, int]]] = {}

    # --- durations ------------------------------------------------------------------------
    @cached_property
    def durations(self) -> list[Duration]:
        return durations(self.text, self.end, self.today)

    def detect(self, name: str) -> list[tuple[int, int]]:
        """Spans for a cue implemented in code rather than phrases."""
        window = self.rules.settings["interview_window_months"]
        future = [d for d in self.durations if d.future]
        if name == "long_horizon":
            return [d.span() for d in future if d.high > window]
        if name == "interview_horizon":
            return [d.span() for d in future if 0 < d.high <= window]
        if name == "future_year":
            return [d.span() for d in future if self.text[d.start : d.end].rstrip()[-4:].isdigit()]
        if name == "other_field":
            return self._other_field()
        if name == "stacked_deadlines":  # a fourth deadline: a timetable is taking shape
            return [d.span() for d in future[_TIMETABLE_FROM - 1 : _TIMETABLE_FROM]]
        if name == "precise_duration":
            return [
                d.span()
                for d in future
                if "month" in self.text[d.start : d.end].lower()
                and d.low == d.high
                and d.low > 1
                and d.low not in _COMMON_MONTHS
            ]
        return []

    @cached_property
    def role_fields(self) -> frozenset[str]:
        """The fields of work (``field_*`` lists in words.yaml) the role or job ad belongs to.

        Remembered per ad: the panel reviews every pause in typing against the same ad."""
        fields = self.rules.fields
        known = _ROLE_FIELDS.get(self.role_text)
        if known is not None and known[0] is fields:
            return known[1]
        found = frozenset(name for name, p in fields.items() if p.search(self.role_text))
        if len(_ROLE_FIELDS) >= _ROLE_FIELDS_KEPT:
            _ROLE_FIELDS.clear()
        _ROLE_FIELDS[self.role_text] = (fields, found)
        return found

    def _other_field(self) -> list[tuple[int, int]]:
        """Goals to work in another field than the role's ("become a wildlife photographer"
        when applying to be a logistics analyst). Only with a role or job ad to compare with."""
        rules = self.rules
        if not self.role_text.strip() or not rules.field_moves or rules.career_move is None:
            return []
        moves = [m.start() for m in rules.career_move.finditer(self.text, 0, self.end)]
        if not moves:
            return []
        role_fields = self.role_fields
        spans: list[tuple[int, int]] = []
        for name, pattern in rules.field_moves.items():
            if name in role_fields:
                continue
            for pos in moves:
                m = pattern.match(self.text, pos, self.end)
                if m is None:
                    continue
                word = m.group("field")
                if any(rules.fields[f].fullmatch(word) for f in role_fields):
                    continue  # "analyst" is data work as well as finance work
                if self._shares_role_words(m.start(), m.end()):
                    continue  # "become a quality engineer" when applying as quality inspector
                spans.append(m.span())
        return sorted(set(spans))

    def _shares_role_words(self, start: int, end: int) -> bool:
        """Does the destination ("become a data engineer") use any of the role's words?"""
        words = content_stems(self.text[start:end], self.rules.stopwords)
        return any(stems_meet(w, r) for w in words for r in self.role_stems)

    # --- context checks ---------------------------------------------------------------------
    def in_past(self, pos: int) -> bool:
        """Is the clause holding ``pos`` about the past ("In my last job I...")?"""
        i = self.seg.index("clause", pos)
        if i not in self._past:
            cs, ce = self.seg.clauses[i]
            self._past[i] = any(
                (pattern := self._runnable(cue)) is not None and pattern.search(self.text, cs, ce)
                for cue in self.rules.horizon["past"]
            )
        return self._past[i]

    def clause_has(
        self, name: str, start: int, end: int, kind: str = "clause"
    ) -> tuple[int, int] | None:
        """Where word list ``name`` occurs in the clause (or ``kind``) of ``start``, outside
        ``start:end``."""
        cs, ce = self.seg.around(kind, start)
        key = (name, kind, cs, max(ce, end))
        spans = self._lists.get(key)
        if spans is None:  # each clause is scanned once per list, not once per phrase in it
            spans = []
            if self.may_match(self.rules.list_needs.get(name)):
                pattern = self.rules.lists[name]
                spans = [m.span() for m in pattern.finditer(self.text, cs, max(ce, end))]
            self._lists[key] = spans
        for s, e in spans:
            if e <= start or s >= end:
                return (s, e)
        return None

    def said_in_answer(self, name: str, start: int, end: int) -> bool:
        """Does the student say a phrase of word list ``name`` anywhere in the answer, outside
        ``start:end``, as their own present or future: not in a clause about the past, not
        negated, not inside "if ..." or someone else's view, not in a question ("I led a team
        once and hated it", "people ask if I'll go for head of year" or "Running a team? No
        thanks." names no growth aim)?"""
        spans = self._live.get(name)
        if spans is None:  # the answer is scanned once per list
            spans = [
                (s, e)
                for m in self.list_matches(name)
                if not self.in_past(s := m.start())
                and not self.negated(s, e := m.end())
                and not self.hypothetical(s)
                and not self.asked(s)
            ]
            self._live[name] = spans
        return any(e <= start or s >= end for s, e in spans)

    def asked(self, pos: int) -> bool:
        """Is ``pos`` in a sentence that ends with a question mark (the interviewer's question
        echoed, or a rhetorical one)?"""
        _, se = self.seg.around("sentence", pos)
        return self.text[pos:se].rstrip().endswith("?") or self.text.startswith("?", se)

    def negated(self, start: int, end: int) -> bool:
        """Is the phrase at ``start:end`` negated ("not", "never", "... isn't")?"""
        rules = self.rules
        cs, ce = self.seg.around("clause", start)
        # a few words either side: read a bounded window, not the whole clause
        window = _WORD_WINDOW * (rules.words_before + 1)
        before = word_spans(self.text, max(cs, start - window), start)[-rules.words_before :]
        if before:
            for m in rules.negation_before.finditer(self.text, before[0][0], start):
                # "no-shows", "non-", "a not-for-profit": a compound word, not a negation
                if self.text.startswith("-", m.end()):
                    continue
                if not rules.negation_cancel.match(self.text, m.start()):
                    return True
        window = _WORD_WINDOW * (rules.words_after + 1)
        after = word_spans(self.text, end, min(max(ce, end), end + window))[: rules.words_after]
        if after:
            hit = rules.negation_after.search(self.text, end, after[-1][1])
            if (
                hit
                and not rules.negation_cancel.match(self.text, hit.start())
                and not _SUBORDINATE.search(self.text, end, hit.start())
            ):
                return True
        return False

    def hypothetical(self, start: int) -> bool:
        """Is the phrase inside "if...", "some people..." or somebody else's view?"""
        ss, se = self.seg.around("scope", start)
        first = self._hypothetical.get(ss)
        if first is None:  # where the scope's first hypothetical starts (or -1), found once
            rules = self.rules
            first = next(
                (
                    m.start()
                    for m in rules.hypothetical.finditer(self.text, ss, se)
                    if not rules.hypothetical_exempt.match(self.text, m.start())
                ),
                -1,
            )
            self._hypothetical[ss] = first
        return 0 <= first < start

    def list_matches(self, name: str, start: int = 0) -> Iterator[re.Match[str]]:
        """The matches of word list ``name`` from ``start``, as ``finditer`` finds them: none
        when the text lacks what any match needs, and tried only where one of the list's first
        words starts when those are known (the leftmost match starts at one of them)."""
        lists = self.rules.lists
        if name not in lists or not self.may_match(self.rules.list_needs.get(name)):
            return
        first = self.rules.list_firsts.get(name) if PREFILTER else None
        if first is None:
            yield from lists[name].finditer(self.text, start, self.end)
            return
        at = self._starts(self._present(first))
        branches = self.rules.list_branches.get(name)
        for m in self._tried(at, branches, lambda: lists[name], start):
            if m.end() == m.start():  # pragma: no cover - a list never matches nothing
                yield from lists[name].finditer(self.text, m.start(), self.end)
                return
            yield m

    def about_the_role(self, start: int, end: int) -> bool:
        """Do the matched words belong to the role or job ad applied for?"""
        if not self.role_stems:
            return False
        return any(
            stems_meet(stem(self.text[s:e]), r)
            for s, e in word_spans(self.text, start, end)
            for r in self.role_stems
        )

    # --- cues -------------------------------------------------------------------------------
    @property
    def index(self) -> dict[str, list[int]]:
        """Where each word starts, by lookup key (built once per text).

        Keys are lower case without apostrophes or hyphens ("dont", "sixfigure"); each part of
        a joined word is indexed too ("master" in "master's"), and every number under "#".
        """
        if self._index is None:
            text, end = self.text, self.end
            index: dict[str, list[int]] = {}
            add = index.setdefault
            for m in _INDEX_RUN.finditer(text, 0, end):
                add(m.group().lower(), []).append(m.start())
            for m in _INDEX_JOINED.finditer(text, 0, end):
                add(m.group().translate(_UNJOIN).lower(), []).append(m.start())
            numbers = [m.start() for m in _INDEX_NUMBER.finditer(text, 0, end)]
            if numbers:
                index[NUMBER_KEY] = numbers
            self._index = index
        return self._index

    @cached_property
    def _keys(self) -> tuple[list[str], list[int]]:
        """The index's words, and where each starts in :attr:`_keys_text`."""
        keys = [k for k in self.index if k != NUMBER_KEY]
        lines, pos = [], 0
        for k in keys:
            lines.append(pos)
            pos += len(k) + 1
        return keys, lines

    @cached_property
    def _keys_text(self) -> str:
        """The index's words, one a line: a cue's prefixes are found in it in one C-level scan."""
        return "\n".join(self._keys[0])

    @cached_property
    def hits(self) -> Hits:
        """The text as the rules' prefilters read it (see prefilter.py)."""
        return self.rules.prefilters.scan(self.text[: self.end])

    def may_match(self, need: Prefilter) -> bool:
        """Does the text hold what a pattern needs (see prefilter.py)?"""
        return not PREFILTER or need is None or need.holds(self.hits)

    def _runnable(self, cue: Cue) -> re.Pattern[str] | None:
        """The cue's pattern, or None when the text lacks a string every match holds (then it
        is never compiled) or the cue has no pattern."""
        if cue.regex is None or not self.may_match(cue.prefilter):
            return None
        return cue.pattern

    def _matches(self, cue: Cue) -> list[tuple[int, int]]:
        if cue.regex is None:  # pragma: no cover - the schema requires phrases, regex or detector
            return []
        key = (cue.regex, cue.flags)
        known = self._spans.get(key)
        if known is None:
            runnable = self.may_match(cue.prefilter)
            known = self._spans[key] = self._find(cue) if runnable else []
        return known

    def _find(self, cue: Cue) -> list[tuple[int, int]]:
        """Where ``cue``'s pattern matches, tried where a word starts as a match must, each
        place with just the alternatives that can start there (see branches.py); the whole
        pattern is compiled only if it is needed."""
        if cue.starts is not None:  # only where a word is one a match can start with
            present = self._present(cue.starts.words)
            scan = cue.starts.scan
            if scan is not None:
                keys, lines = self._keys
                present = present | {
                    keys[bisect.bisect_right(lines, m.start()) - 1]
                    for m in scan.finditer(self._keys_text)
                }
        elif cue.first is None:
            found = (
                m.span()
                for m in cast(re.Pattern[str], cue.pattern).finditer(self.text, 0, self.end)
            )
            return list(itertools.islice((sp for sp in found if sp[1] > sp[0]), MAX_SPANS))
        else:
            present = self._present(cue.first)
        if not present:
            return []
        branches = cue.branches if PREFILTER else None
        at = self._starts(present)
        spans: list[tuple[int, int]] = []
        whole = cast(Callable[[], re.Pattern[str]], lambda: cue.pattern)
        for m in self._tried(at, branches, whole, most=MAX_STARTS):
            if m.end() > m.start():
                spans.append(m.span())
                if len(spans) >= MAX_SPANS:
                    break
        return spans

    def _tried(
        self,
        at: Mapping[int, str | frozenset[str]],
        branches: Branches | None,
        whole: Callable[[], re.Pattern[str]],
        start: int = 0,
        most: int | None = None,
    ) -> Iterator[re.Match[str]]:
        """The matches from the places ``at`` (those from ``start``, the first ``most`` of
        them), left to right without overlap, as ``finditer`` finds them from those places:
        each place tried with just the alternatives that can start with its words
        (branches.py), or with the ``whole`` pattern (compiled only if needed)."""
        places = sorted(at) if start <= 0 else sorted(p for p in at if p >= start)
        return tried(self.text, places[:most], at, self.end, whole, branches)

    def _present(self, words: frozenset[str]) -> AbstractSet[str]:
        """Which of ``words`` the text has, by one C-level pass over the smaller side."""
        index = self.index
        return words.intersection(index) if len(words) > len(index) else index.keys() & words

    def _starts(self, words: Iterable[str]) -> dict[int, str | frozenset[str]]:
        """Where each of ``words`` starts in the text, with the word (or, where several start
        at one place, such as "don" and "dont", the set of them)."""
        index = self.index
        at: dict[int, str | frozenset[str]] = {}
        for w in words:
            for p in index[w]:
                got = at.get(p)
                if got is None:
                    at[p] = w
                else:
                    at[p] = (frozenset({got}) if isinstance(got, str) else got) | {w}
        return at

    def cue_hits(self, cue: Cue) -> list[Hit]:
        """Every place ``cue`` matches and its context agrees."""
        spans = self.detect(cue.detector) if cue.detector else self._matches(cue)
        hits: list[Hit] = []
        for s, e in spans[:MAX_SPANS]:
            if len(hits) >= MAX_HITS:
                break
            if cue.unless_prev is not None and cue.unless_prev.search(self.text, max(0, s - 40), s):
                continue
            if any(self.clause_has(name, s, e) for name in cue.unless):
                continue
            if any(self.clause_has(name, s, e, "sentence") for name in cue.unless_sentence):
                continue
            if any(self.clause_has(name, s, e, "answer") for name in cue.unless_answer):
                continue
            if any(self.said_in_answer(name, s, e) for name in cue.unless_said):
                continue
            shown = (s, e)
            if cue.needs:
                found = [f for name in cue.needs if (f := self.clause_has(name, s, e))]
                if not found:
                    continue
                near = min(found, key=lambda f: abs(f[0] - s))
                if abs(near[0] - s) <= 60:
                    shown = (min(s, near[0]), max(e, near[1]))
            if cue.skip_past and self.in_past(s):
                continue
            if cue.negation and self.negated(s, e):
                continue
            if cue.hypothetical and self.hypothetical(s):
                continue
            if cue.role_aware and self.about_the_role(s, e):
                continue
            hits.append(Hit(shown[0], shown[1], cue.weight, cue.id))
        return hits


def score_cues(ctx: TextContext, cues: tuple[Cue, ...]) -> tuple[float, list[Hit]]:
    """Total weight of the cues that match, counting overlapping matches once (the heaviest),
    and the same words matched twice by one cue once ("music ... music" is one sign)."""
    hits = []
    for cue in cues:
        seen: set[str] = set()
        for h in ctx.cue_hits(cue):
            words = " ".join(ctx.text[h.start : h.end].lower().split())
            if words not in seen:
                seen.add(words)
                hits.append(h)
    kept = _apart(hits, lambda h: h.weight)
    return sum(h.weight for h in kept), kept


def _apart(hits: Iterable[Hit], weight: Callable[[Hit], float]) -> list[Hit]:
    """The heaviest hits that do not overlap, in the order of the text."""
    kept: list[Hit] = []
    for h in sorted(hits, key=lambda h: (-weight(h), h.start)):
        if all(h.end <= k.start or h.start >= k.end for k in kept):
            kept.append(h)
    kept.sort(key=lambda h: h.start)
    return kept


def weighed_hits(present: Mapping[str, list[Hit]], weight: Callable[[str], float]) -> list[Hit]:
    """The evidence for a learned code: the words of the cues that count for it (positive
    weight), heaviest first when they overlap."""
    chosen = [h for name, found in present.items() if weight(name) > 0 for h in found]
    return _apart(chosen, lambda h: weight(h.cue))
