"""The phrase syntax instructors write rules in, turned into regular expressions.

``happy|content where i am``, ``(rather than|instead of) money``, ``really? happy``,
``start ... course``, ``manag*``, ``#``, ``<money>``, ``don't``: see ``data/coach/README.md``.
Also here: the first words a phrase can start with, which lets the coach run a pattern only
where one of those words occurs in the answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from workbook.text import NUMBER_WORDS as _NUMBER_VALUES

__all__ = [
    "ANY_WORD",
    "NUMBER_KEY",
    "NUMBER_WORDS",
    "SEP",
    "alternation",
    "alternation_parts",
    "bounded",
    "compile_phrase",
    "phrase_first_words",
    "trie",
    "word_key",
]

#: the word-index key under which every number is filed (engine.TextContext.index): a digit,
#: or a number word, with no letter, digit or apostrophe before it
NUMBER_KEY = "#"


#: What separates two words of a phrase: spaces, or one hyphen, dash or slash.
SEP = r"(?:\s*[-–—/]\s*|\s+)"
ANY_WORD = r"[\w'’]+"
NUMBER_WORDS = "|".join(word for word, value in _NUMBER_VALUES.items() if value > 0)
_NUM = rf"(?:\d+(?:[.,]\d+)?|{NUMBER_WORDS})"
_LIST_REF = re.compile(r"<([a-z_]+)>")
_GAP = re.compile(r"^\.\.\.(\d?)$")


_PLAIN = re.compile(r"[a-z0-9]+")
_HEAD = re.compile(r"[^\W_]+")
_Trie = dict[str, "_Trie"]


def trie(words: Sequence[str]) -> str:
    """Plain lower-case words as one regex that tries each letter once ("lead", "leader",
    "learn" -> ``le(?:a(?:d(?:er)?|rn))``): a cue's word list is read in one pass per place,
    not one try per word, which keeps long lists cheap. Matches the same words as
    ``(?:lead|leader|learn)``."""
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: _Trie) -> str:
        ends = "" in node
        branches = [re.escape(ch) + walk(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return "(?:" + walk(root) + ")"


def _word_regex(word: str, lists: Mapping[str, str]) -> str:
    """One alternative of one word: ``manag*``, ``don't``, ``six-figure``, ``#``, ``<family>'s``."""
    out: list[str] = []
    pos = 0
    for ref in _LIST_REF.finditer(word):
        out.append(_literal(word[pos : ref.start()], at_end=False))
        if ref.group(1) not in lists:
            raise KeyError(ref.group(1))
        out.append(lists[ref.group(1)])
        pos = ref.end()
    out.append(_literal(word[pos:], at_end=True))
    return "".join(out)


def _literal(word: str, *, at_end: bool) -> str:
    out: list[str] = []
    for i, ch in enumerate(word):
        if ch == "*" and at_end and i == len(word) - 1:
            out.append(r"[\w'’]*")
        elif ch in "'’":
            out.append("['’]?")
        elif ch == "-":
            out.append(r"[\s\-–]?")
        elif ch == "#":
            out.append(_NUM)
        else:
            out.append(re.escape(ch))
    return "".join(out)


_TOKEN = re.compile(r"\([^()]*\)\??|[^\s()]+")


def _tokens(phrase: str) -> list[str]:
    if phrase.count("(") != phrase.count(")"):
        raise ValueError("a bracket is not closed")
    tokens = _TOKEN.findall(phrase)
    if "".join(tokens).replace(" ", "") != phrase.replace(" ", ""):
        raise ValueError("brackets cannot be nested")
    return tokens


def compile_phrase(phrase: str, lists: Mapping[str, str] | None = None) -> str:
    """Turn one phrase into a regular expression (without word boundaries).

    ``a|b`` offers alternatives for one word, ``(get on|move up)`` for several words,
    ``word?`` or ``(...)?`` makes it optional, ``...`` allows up to four words in between
    (``...2`` up to two), ``manag*`` matches any ending, ``#`` a number, ``<name>`` any phrase
    of a word list, and ``'`` matches a straight, curly or missing apostrophe.
    """
    lists = lists or {}
    tokens = _tokens(phrase)
    if not tokens:
        raise ValueError("the phrase is empty")
    if _GAP.match(tokens[0]) or _GAP.match(tokens[-1]):
        raise ValueError("'...' must stand between two words")
    pieces: list[str] = []
    for i, tok in enumerate(tokens):
        gap = _GAP.match(tok)
        if gap:
            pieces.append(rf"(?:{SEP}{ANY_WORD}){{0,{gap.group(1) or 4}}}?")
            continue
        optional = tok.endswith("?") and len(tok) > 1
        if optional:
            tok = tok[:-1]
        if tok.startswith("("):
            alts = [a.strip() for a in tok[1:-1].split("|") if a.strip()]
            if not alts:
                raise ValueError(f"{tok!r} has no words")
            body = "(?:" + "|".join(compile_phrase(a, lists) for a in alts) + ")"
        else:
            words = [a for a in tok.split("|") if a]
            lower = [w.lower() for w in words]
            try:
                alts = (
                    [trie(lower)]
                    if len(lower) > 1 and all(_PLAIN.fullmatch(w) for w in lower)
                    else [_word_regex(a, lists) for a in words]
                )
            except KeyError as exc:
                raise ValueError(f"<{exc.args[0]}> is not a word list in words.yaml") from None
            if not alts:
                raise ValueError(f"{tok!r} has no words")
            body = "(?:" + "|".join(alts) + ")"
        # a clitic joins the word before it with no space: "money's", "it'll" ("'s", "'ll")
        clitic = any(a.lstrip("(").startswith(("'", "’")) for a in tok.strip("()").split("|"))
        sep = f"(?:{SEP}|(?=['’]))" if clitic else SEP
        if i == 0:
            if optional and len(tokens) == 1:
                raise ValueError("a phrase needs at least one word that is not optional")
            pieces.append(f"(?:{body}{SEP})?" if optional else body)
        elif pieces and pieces[-1].endswith(f"{SEP})?") and i == 1 and tokens[0].endswith("?"):
            pieces.append(f"(?:{body})?" if optional else body)
        else:
            pieces.append(f"(?:{sep}{body})?" if optional else sep + body)
    return "".join(pieces)


def word_key(word: str) -> str:
    """How a word is looked up in the first-word index: lower case, no apostrophes."""
    return word.lower().replace("'", "").replace("’", "")


def _alt_first_words(
    alt: str, list_firsts: Mapping[str, frozenset[str] | None]
) -> frozenset[str] | None:
    ref = _LIST_REF.match(alt)
    if ref:
        return list_firsts.get(ref.group(1))
    if alt.startswith("#"):
        return frozenset({NUMBER_KEY})  # any number
    if "*" in alt or "#" in alt or "<" in alt:
        return None
    key = word_key(alt)
    head = _HEAD.match(key)  # as the index files it: "first" of "first,", "work" of "work/life"
    if not head:
        return None
    return frozenset({head.group(), key.replace("-", "")})


def phrase_first_words(
    phrase: str, list_firsts: Mapping[str, frozenset[str] | None]
) -> frozenset[str] | None:
    """The words a match of ``phrase`` can start with, or None when that cannot be known.

    The coach uses this to run a cue's pattern only where one of these words starts, which
    is most of its speed: most cues' first words are absent from any given answer.
    """
    out: set[str] = set()
    for tok in _tokens(phrase):
        optional = tok.endswith("?") and len(tok) > 1
        body = tok[:-1] if optional else tok
        if body.startswith("("):
            alts = [a.strip() for a in body[1:-1].split("|") if a.strip()]
            words = [phrase_first_words(a, list_firsts) for a in alts]
        else:
            words = [_alt_first_words(a, list_firsts) for a in body.split("|") if a]
        known = [w for w in words if w is not None]
        if len(known) < len(words):
            return None
        for w in known:
            out |= w
        if not optional:
            return frozenset(out)
    return None


def alternation_parts(phrases: Sequence[str]) -> tuple[list[str], list[str]]:
    """The plain words among ``phrases`` (one plain word, or a choice of plain words), and the
    other phrases, in order."""
    plain: list[str] = []
    rest: list[str] = []
    for phrase in phrases:
        words = phrase.lower().split("|")
        if " " not in phrase and all(_PLAIN.fullmatch(w) for w in words):
            plain += words
        else:
            rest.append(phrase)
    return plain, rest


def alternation(phrases: Sequence[str], lists: Mapping[str, str]) -> str:
    """Several phrases as one regular expression body (the phrases that are one plain word,
    or a choice of plain words, are read together as one :func:`trie`)."""
    plain, rest = alternation_parts(phrases)
    bodies = [compile_phrase(p, lists) for p in rest]
    if plain:
        bodies.insert(0, trie(plain))
    return "(?:" + "|".join(bodies) + ")"


def bounded(body: str) -> str:
    """Only whole words: not inside another word, not after an apostrophe, and not cut from a
    negative contraction ("won" is not "won't", "can" is not "can't")."""
    return rf"(?<![\w'’]){body}(?![\w]|['’]t(?!\w))"
