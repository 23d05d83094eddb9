"""The phrase compiler's word trie: the same words as a plain alternation, read faster."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from workbook.coach.phrases import alternation, trie

WORDS = st.lists(st.text("abcde1", min_size=1, max_size=6), min_size=1, max_size=12)


@given(WORDS, st.text("abcde1", max_size=7))
def test_a_trie_matches_exactly_the_words_of_the_plain_alternation(words, probe):
    """Does the trie accept a string whole exactly when one of its words is that string?"""
    plain = re.compile("(?:" + "|".join(map(re.escape, words)) + ")")
    assert bool(re.fullmatch(trie(words), probe)) == bool(plain.fullmatch(probe))
    for word in words:
        assert re.fullmatch(trie(words), word)


def test_a_word_list_of_plain_words_becomes_one_trie_and_keeps_its_phrases():
    """Are one-word entries read together, and do multi-word phrases still match?"""
    body = alternation(["lead|leader", "manager", "head of department"], {})
    rx = re.compile(rf"\b{body}\b", re.IGNORECASE)
    found = [m.group() for m in rx.finditer("A Leader, a manager and the head of department.")]
    assert found == ["Leader", "manager", "head of department"]
    assert not rx.search("a leading role")
