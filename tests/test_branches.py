"""A pattern's alternatives filed by first word (``coach/branches.py``): where a word starts,
only the alternatives that can begin with it are tried, and the match is the same as the whole
pattern's. (``test_prefilter.py`` also compares whole reviews with this turned off.)"""

from __future__ import annotations

import dataclasses
import json
import re
import re._parser as _sre_parser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbook.coach import branches as branches_module
from workbook.coach import engine, load_rules, review
from workbook.coach.branches import cue_branches
from workbook.coach.cues import compile_cue, word_prefixes
from workbook.coach.phrases import phrase_first_words


def _all_cues():
    rules = load_rules()
    yield from (c for r in rules.codes for c in r.cues)
    yield from (c for s in rules.smart for c in s["cues"])
    yield from (c for cues in rules.horizon.values() for c in cues)
    yield from (c for tp in rules.talking_points for c in tp["cues"])


def _labelled_texts() -> list[str]:
    path = Path(__file__).resolve().parent.parent / "data" / "answers" / "labelled.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def _spans(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    assert pattern is not None
    return [m.span() for m in pattern.finditer(text)]


def test_the_alternatives_put_together_are_each_pattern():
    """Is every split cue and word list, put back together, the pattern it came from: the
    very string, or (for a cue with a whole word list as a phrase, ``<elsewhere>``, read as
    that list's own alternatives) a pattern that finds the same in every labelled answer?"""
    rules = load_rules()
    split = [c for c in _all_cues() if c.branches is not None]
    assert len(split) > 40
    texts = _labelled_texts()
    flattened = 0
    patterns = [(c.source, c.branches, c.pattern) for c in split]
    lists = [n for n in rules.lists if rules.list_branches[n] is not None]
    assert len(lists) > 20
    patterns += [(n, rules.list_branches[n], rules.lists[n]) for n in lists]
    for name, branches, pattern in patterns:
        if branches.regex() != pattern.pattern:
            flattened += 1
            whole = re.compile(branches.regex(), pattern.flags)
            for text in texts:
                assert _spans(whole, text) == _spans(pattern, text), (name, text)
    assert 0 < flattened < len(patterns) / 2


_WORDS = st.sampled_from(
    [
        "i",
        "i'm",
        "my",
        "own",
        "a",
        "an",
        "the",
        "start",
        "starting",
        "set",
        "up",
        "business",
        "company",
        "work",
        "for",
        "myself",
        "freelance",
        "still",
        "same",
        "job",
        "happy",
        "where",
        "am",
        "first",
        ",",
        ".",
        ";",
        "and",
        "then",
        "money",
        "salary",
        "pay",
        "in",
        "five",
        "ten",
        "years",
        "team",
        "lead",
        "manager",
        "family",
        "travel",
        "retire",
        "don't",
        "won't",
        "can't",
        "5",
        "2030",
        "-",
        "work-life",
    ]
)


def _places_agree(text: str) -> int:
    """Where one of a split cue's first words starts, does the pattern of that word's
    alternatives find exactly what the whole pattern finds there? How many places were tried."""
    ctx = engine.TextContext(text, load_rules(), end=len(text))
    tried = 0
    for cue in _all_cues():
        b = cue.branches
        if b is None or cue.first is None:
            continue
        at = ctx._starts([w for w in cue.first if w in ctx.index])
        whole = cue.pattern
        for pos, ws in at.items():
            want = whole.match(text, pos)
            got = b.match(text, pos, len(text), ws, lambda whole=whole: whole)
            assert (got and got.span()) == (want and want.span()), (cue.source, text, pos)
            tried += 1
    return tried


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=30))
def test_at_each_place_the_words_alternatives_match_as_the_whole_does(words):
    _places_agree(" ".join(words))


def test_every_labelled_answer_matches_place_by_place_as_the_whole_does():
    assert sum(_places_agree(text) for text in _labelled_texts()) > 10_000


def test_a_word_no_alternative_starts_with_matches_nothing():
    b = cue_branches(
        ["start a business", "my own company", "open a shop", "go freelance"],
        {},
        {},
        {},
        re.IGNORECASE,
    )
    assert b is not None and len(b) == 4
    assert "(?!)" in b.regex("zebra")
    assert b.pattern("zebra").match("zebra crossing") is None
    assert b.pattern("start").match("Start a business").group() == "Start a business"
    assert b.pattern("open").match("start a business") is None  # not "open"'s alternative


def test_a_few_phrases_are_not_split():
    assert cue_branches(["start a business", "go freelance"], {}, {}, {}, 0) is None


@pytest.mark.parametrize(
    ("phrase", "word"),
    [("first, i|i'll|we", "first"), ("work/life balance", "work"), ("six-figure salary", "six")],
)
def test_a_phrase_starts_with_the_word_the_index_files(phrase, word):
    """The first word of "first, I" is "first", as the word index files it, not "first,":
    with alternatives filed by first word, a wrong key would never be tried."""
    assert word in phrase_first_words(phrase, {})


def test_first_comma_i_is_a_near_term_step():
    found = review("First, I would complete the licensing exam. Later I hope to lead a team.")
    point = next(p for p in found.talking_points if p.id == "short_term_steps")
    assert point.covered
    assert any(e.text.startswith("First, I") for e in point.evidence)


def test_the_patterns_compiled_for_words_stay_within_their_budget(monkeypatch):
    """A session meets ever more words; what is compiled for them is capped, and past the cap
    a word's place is tried with the whole pattern (the same match)."""
    monkeypatch.setattr(branches_module, "BUDGET", 0.5)
    words = ("start", "open", "run", "own", "found")
    b = cue_branches([f"{w} a business|company|shop" for w in words], {}, {}, {}, 2)
    assert b is not None
    got = [b.pattern(w) for w in words]
    compiled = [p for p in got if p is not None]
    assert 0 < len(compiled) < len(got)
    assert sum(len(p.pattern) for p in compiled) <= 0.5 * len(b.regex())
    late = words[got.index(None)]
    text = f"I will {late} a shop"
    whole = re.compile(b.regex(), 2)
    assert b.match(text, 7, len(text), late, lambda: whole).group() == f"{late} a shop"


def test_a_long_look_ahead_is_checked_once_not_copied_into_each_word():
    """A cue's ``unless_next`` (here: not followed by "here") is kept out of each word's
    pattern and checked where a match is found; where it refuses the first alternative, a
    later one that it allows is still found, as the whole pattern finds it."""
    after = r"(?!\s+here\b)" + "(?!" + "|".join(f"\\s+x{i}" for i in range(200)) + ")"
    phrases = ["my own company", "my own company here and now", "open a shop", "go freelance"]
    b = cue_branches(phrases, {}, {}, {}, re.IGNORECASE, after)
    assert b is not None
    whole = re.compile(b.regex(), re.IGNORECASE)
    assert len(b.pattern("my").pattern) < len(after) < len(whole.pattern)
    for text in (
        "My own company there.",
        "My own company here.",
        "My own company here and now.",
        "My own company x7",
        "Open a shop here",
    ):
        want = whole.match(text)
        got = b.match(text, 0, len(text), text.split()[0].lower(), lambda: whole)
        assert (got and got.span()) == (want and want.span()), text
    assert b.match("My own company here.", 0, 20, "my", lambda: whole) is None
    found = b.match("My own company here and now.", 0, 28, "my", lambda: whole)
    assert found is not None and found.group().endswith("now")


def test_branches_are_used_when_the_prefilter_is_on(monkeypatch):
    calls: list[object] = []
    real = engine.tried

    def spy(text, places, at, end, whole, branches):
        if branches is not None:
            calls.append(places)
        return real(text, places, at, end, whole, branches)

    monkeypatch.setattr(engine, "tried", spy)
    text = "I want to start my own business in five years and stay happy where I am."
    monkeypatch.setattr(engine, "PREFILTER", True)
    review(text)
    assert calls
    calls.clear()
    monkeypatch.setattr(engine, "PREFILTER", False)
    review(text)
    assert not calls


def test_the_words_remembered_per_pattern_are_capped(monkeypatch):
    """A class report meets thousands of words: past the cap a new word's place is tried with
    the whole pattern, and nothing more is remembered."""
    monkeypatch.setattr(branches_module, "MAX_WORDS", 2)
    words = ("start", "open", "run", "own", "found")
    b = cue_branches([f"{w} a business|company|shop" for w in words], {}, {}, {}, 2)
    assert b is not None
    assert [b.pattern(w) is not None for w in words] == [True, True, False, False, False]
    assert b.pattern("start").match("start a shop")  # remembered words keep their pattern


@pytest.mark.parametrize(
    ("regex", "prefixes"),
    [
        (r"\b(?:(?:down\s+)?to\s+the\s+day|on\s+schedule)\b", {"down ", "to ", "on "}),
        (r"\b(?:twice|[2-4]\s+times)\b", {"twice ", "2 ", "3 ", "4 "}),
        (r"\bq[1-4]\b", {"q1 ", "q2 ", "q3 ", "q4 "}),
        # a word a space or a dash ends is the whole first word; one nothing ends, its start
        (r"a\s+home|abroad|away\w*", {"a ", "abroad", "away"}),
        (r"don't|franchis\w*|six-figure", {"don ", "franchis", "six "}),
        (r"(?:go|went)(?!\s+on)\s+back", {"go ", "went "}),  # past a look-ahead
        # a number where no word goes before it (a cue's head) is filed under "#"; a number
        # anywhere ("Q2", "x10") is not
        (r"(?<![\w'’])(?:by\s+)?\d+\s?%", {"by ", "# "}),
        (r"\d+\s?%", None),
        (r"\b\d+", None),
        (r"(?:very\s+)?", None),  # nothing after the optional words: could start anywhere
        (r"[a-z]+ing", None),  # too many letters to file by
        (r"[^a]x", None),
        (r"[$£]\d+", None),
    ],
)
def test_a_regex_cue_is_filed_by_the_words_its_matches_start_with(regex, prefixes):
    """An optional first word, or a few digits, still tell where a match can start; written
    here with a space after a whole word."""
    found = word_prefixes(_sre_parser.parse(regex, re.IGNORECASE))
    assert ({w + " " * whole for w, whole in found} if found else None) == prefixes


@pytest.mark.parametrize(
    "text",
    [
        "I was promoted 3 times in two years and planned it down to the day.",
        "Two promotions within three years, then a move, then a team, then a region.",
        "I have it all mapped out: 2 promotions by 2027, a third in 2029.",
        "Promoted twice; to the day, on schedule.",
    ],
)
def test_a_cue_filed_by_optional_words_and_digits_finds_what_a_scan_finds(text):
    """Is a cue with such starts (a script of promotions, "down to the day") tried only where
    they start, and does it still find all a scan of the text finds?"""
    rules = load_rules()
    ctx = engine.TextContext(text, rules, end=len(text))
    cue = next(c for r in rules.codes for c in r.cues if c.id == "timetable")
    assert cue.starts is not None
    scan = dataclasses.replace(cue, starts=None, alternatives=None)
    found = ctx._find(cue)
    assert found and found == ctx._find(scan)


@pytest.mark.parametrize("case_sensitive", [False, True])
def test_a_regex_cue_is_tried_only_where_its_whole_first_word_is(monkeypatch, case_sensitive):
    """A pattern's first word that a space or ``\\b`` ends ("a" in ``a\\s+home``) is a whole
    word: the cue is tried where "a" or "abroad" stands, not at "also", "at" or "always"
    (which only start with "a"); a case-sensitive cue is filed the same way, lower-cased."""
    raw = {
        "id": "home",
        "regex": [r"\ba\s+home\b", r"\babroad\b"],
        "case_sensitive": case_sensitive,
    }
    cue = compile_cue(raw, "test.yaml", {}, {})
    text = "Also at a home abroad, always."
    tried: list[list[int]] = []
    real = engine.TextContext._tried

    def spy(self, at, *args, **kwargs):
        tried.append(sorted(at))
        return real(self, at, *args, **kwargs)

    monkeypatch.setattr(engine.TextContext, "_tried", spy)
    ctx = engine.TextContext(text, load_rules(), end=len(text))
    found = ctx._find(cue)
    assert [text[s:e] for s, e in found] == ["a home", "abroad"]
    assert tried == [[text.index("a home"), text.index("abroad")]]
