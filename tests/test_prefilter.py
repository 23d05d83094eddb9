"""The coach's literal prefilter (``coach/prefilter.py``): a cue's pattern is skipped only on a
text where it cannot match, so every review and SMART check is the same with it as without."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.coach import engine, load_rules, review, smart
from workbook.coach.cues import check_regex
from workbook.coach.prefilter import Index, normalise, required
from workbook.coach.review import features
from workbook.coach.smart_report import smart_features

ROOT = Path(__file__).resolve().parent.parent


def _rows() -> list[tuple[str, str | None]]:
    """(text, role) of every labelled row the project has, and of the collected real rows
    when ``$WORKBOOK_REAL_DATA`` names their folder."""
    files = [
        ROOT / "data" / "answers" / "labelled.jsonl",
        *sorted((ROOT / "data" / "real").glob("*.jsonl")),
    ]
    shared = os.environ.get("WORKBOOK_REAL_DATA")
    if shared:
        files += sorted(Path(shared).glob("*.jsonl"))
    rows = []
    for path in files:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append((row["text"], row.get("role")))
    return rows


def _everything(text: str, role: str | None = None) -> dict[str, object]:
    """All the coach says about a text: review (with and without the role), SMART, features."""
    out: dict[str, object] = {
        "review": review(text).to_dict(),
        "smart": smart(text).to_dict(),
        "features": features(text),
        "smart_features": smart_features(text),
    }
    if role:
        out["review_role"] = review(text, job_ad=role).to_dict()
    return out


def _both_ways(monkeypatch: pytest.MonkeyPatch, text: str, role: str | None = None) -> None:
    monkeypatch.setattr(engine, "PREFILTER", True)
    fast = _everything(text, role)
    monkeypatch.setattr(engine, "PREFILTER", False)
    plain = _everything(text, role)
    assert fast == plain, text


def test_every_row_reads_the_same_with_and_without_the_prefilter(monkeypatch):
    """Does every labelled and real row get the same findings, evidence spans, talking points,
    SMART letters and features with the prefilter as with every pattern run?"""
    rows = _rows()
    assert len(rows) > 800
    for text, role in rows:
        _both_ways(monkeypatch, text, role)


def _cue_strings() -> list[str]:
    """Words and phrases the prefilters look for, to make texts that sit on their edges."""
    rules = load_rules()
    cues = [c for r in rules.codes for c in r.cues] + [c for s in rules.smart for c in s["cues"]]
    out: set[str] = set()
    for cue in cues:
        need = required(cue.regex, cue.flags) if cue.regex is not None else None
        for part in need.parts if need is not None else ():
            out.update(s.strip() for s, _ in part.options)
    return sorted(out)


_ODD = ["İ", "ı", "ſ", "K", "\u00a0", "\t", "–", "—", "/", "-", "’", "'", ",", ".", "?", "2030"]
_ODD += ["_", "é", "s", "ing", "\u0301", "(", "Q2"]  # glued to a word: "ski" + "ing" is "skiing"
_WORDS = st.sampled_from(_cue_strings() + _ODD)
#: texts of those words, mostly spaced, sometimes glued ("ski" "ing") or joined by a dash
_TEXTS = st.lists(st.tuples(_WORDS, st.sampled_from([" ", " ", " ", "", "-", "\n", "'"]))).map(
    lambda pairs: "".join(word + sep for word, sep in pairs)
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_texts_made_of_the_cues_own_words_read_the_same_either_way(text):
    """Do texts stitched from the very strings the prefilters look for (cut, glued, joined
    oddly, with letters that only match ignoring case) read the same with and without it?"""
    with pytest.MonkeyPatch.context() as mp:
        _both_ways(mp, text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXTS)
def test_a_cue_its_prefilter_skips_has_no_match(text):
    """Is every cue whose prefilter says no unable to match anywhere in the text?"""
    rules = load_rules()
    hits = rules.prefilters.scan(text)
    cues = [c for r in rules.codes for c in r.cues] + [c for s in rules.smart for c in s["cues"]]
    cues += [c for kind in rules.horizon.values() for c in kind]
    for cue in cues:
        if cue.pattern is not None and cue.prefilter is not None and not cue.prefilter.holds(hits):
            assert cue.pattern.search(text) is None, cue.id
    for name, need in rules.list_needs.items():
        if need is not None and not need.holds(hits):
            assert rules.lists[name].search(text) is None, name


def test_the_strings_a_match_needs_come_from_the_pattern_itself():
    """Is a pattern no instructor wrote before read for what it needs: all of "my own", one of
    "business" or "firm", and nothing from an optional word or a look-ahead?"""
    pattern = re.compile(
        r"(?<![\w'’])(?:start|run)\s+my\s+own\s+(?:small\s+)?(?:business|firm)(?!\s+plan)",
        re.IGNORECASE,
    )
    need = required(pattern)
    index = Index([need])
    assert need is not None
    for text in ["I'd run my OWN small business", "ſtart  my own firm", "run my\town firm!"]:
        assert pattern.search(text)
        assert need.holds(index.scan(text)), text
    for text in ["my own small shop", "a business of my own", "run my own"]:
        assert not pattern.search(text)
        assert not need.holds(index.scan(text)), text


def test_a_pattern_with_no_literal_words_always_runs():
    """Is a pattern made only of classes and numbers never skipped?"""
    assert required(re.compile(r"\d+\s*%", re.IGNORECASE)) is None
    assert required(re.compile(r"(?:a|an)\s+\w+", re.IGNORECASE)) is None


def test_a_part_no_index_has_read_for_lets_its_pattern_run():
    """Does a prefilter checked against another rule set's reading say "may match" (sound)?"""
    need = required(re.compile("salary", re.IGNORECASE))
    other = Index([required(re.compile("pension", re.IGNORECASE))])
    assert need is not None and need.holds(other.scan("pension"))


@pytest.mark.skipif(sys.maxunicode < 0x10FFFF, reason="a narrow build")
def test_normalise_writes_each_letter_ignorecase_takes_for_an_ascii_letter_as_that_letter():
    r"""Does every character re.IGNORECASE matches to an ASCII letter ("ſ" for s, "K" for k)
    come out of normalise() as that letter, and every character ``\W`` matches (a space, a
    dash, an apostrophe, an accent on its own) as one space?"""
    letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x80, sys.maxunicode + 1):
        ch = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        if letter.fullmatch(ch):
            ascii_letter = next(
                a for a in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(a, ch, re.I)
            )
            assert normalise(ch) == f" {ascii_letter} ", hex(code)
        if re.fullmatch(r"\W", ch):
            assert normalise(f"a{ch}b") == " a b ", hex(code)


@pytest.mark.parametrize(
    "rx",
    [
        r"(?<=a+)b",
        r"(?<!ab|c)x",
        r"(a",
        r"(?:(?<=a*)b)+",
        r"(a)x(?(1)(?<=a+)|b)",
        r"[a-",
        r"(?<=ab|cd)x",
        r"\bQ[1-4]\b",
    ],
)
def test_a_regex_is_checked_as_compiling_would_check_it(rx):
    """Does the load-time check (no compiling) refuse what re.compile refuses, in its words?"""
    try:
        re.compile(rx)
        expected = None
    except re.error as exc:
        expected = str(exc)
    try:
        check_regex(rx, 0)
        got = None
    except re.error as exc:
        got = str(exc)
    assert got == expected


def test_every_cue_and_list_compiles_when_first_used():
    """Does every cue's whole pattern, and every word list, compile (they compile lazily)?"""
    rules = load_rules()
    cues = [c for r in rules.codes for c in r.cues] + [c for s in rules.smart for c in s["cues"]]
    cues += [c for kind in rules.horizon.values() for c in kind]
    cues += [c for point in rules.talking_points for c in point["cues"]]
    assert all(c.pattern is not None for c in cues if c.regex is not None)
    assert all(isinstance(rules.lists[name], re.Pattern) for name in rules.lists)
    assert all(isinstance(p, re.Pattern) for p in rules.field_moves.values())


def test_a_field_list_is_the_same_compiled_pattern_as_its_word_list():
    """Is a field of work (``field_*``) compiled once, whether it is reached as a word list
    or as a field (the two mappings used to compile it twice)?"""
    rules = load_rules()
    names = [name for name in rules.lists if name.startswith("field_")]
    assert names and set(rules.fields) == set(names)
    for name in names:
        assert rules.fields[name] is rules.lists[name]
    assert "career_move" in rules.lists and "career_move" not in rules.fields
