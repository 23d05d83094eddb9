"""Reading an answer: sentences and clauses, context around a phrase, durations, key terms.

Every position here is a character offset into the student's original text, never into a
cleaned copy, so the evidence the coach quotes is always exactly ``text[start:end]``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from workbook.text import NUMBER_WORDS

__all__ = [
    "Duration",
    "Segments",
    "content_stems",
    "durations",
    "key_terms",
    "stem",
    "word_spans",
]

WORD = re.compile(r"[^\W_](?:[\w'’\-.+#]*[\w+#])?")
_SENTENCE_END = re.compile(r"[.!?…]+(?=[\s\"'”’)\]]|$)|\n\s*|[;:](?=\s)|\s[-–—]+\s|[—–]")
# A run of spaces is tried from its first character only ((?<!\s)): trying it from every
# character made a long run of spaces quadratic (20,000 spaces took over a minute).
_CONTRAST = re.compile(
    r"(?:,\s*|(?<!\s)\s+)(?=(?:but|although|though|however|whereas|while|yet|except)\b)",
    re.IGNORECASE,
)
_COMMA = re.compile(
    r"(?<!\d),\s*|,(?!\d)\s*|(?<!\s)\s+(?=(?:and then|then|so that|so I|because)\b)"
    r"|(?<!\s)\s+(?=and\s+(?:I['’](?:ll|m|d|ve)|I\s+(?:will|am|want|have|hope|plan|intend)|now|next)\b)",
    re.IGNORECASE,
)


def word_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The (start, end) of each word in ``text[start:end]``."""
    return [m.span() for m in WORD.finditer(text, start, len(text) if end is None else end)]


def _split(
    text: str, spans: Iterable[tuple[int, int]], sep: re.Pattern[str]
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in spans:
        cur = s
        for m in sep.finditer(text, s, e):
            if m.start() > cur:
                out.append((cur, m.start()))
            cur = m.end()
        if e > cur:
            out.append((cur, e))
    return out


class Segments:
    """Sentences, scopes (sentences cut at 'but', 'although'...) and clauses (cut at commas).

    Negation and hypotheticals look within a scope; word lists that must appear "in the same
    clause" look within a clause.
    """

    def __init__(self, text: str, limit: int):
        self.text = text
        self.end = min(len(text), limit)
        self.sentences = _split(text, [(0, self.end)], _SENTENCE_END) or [(0, self.end)]
        self.scopes = _split(text, self.sentences, _CONTRAST) or self.sentences
        self.clauses = _split(text, self.scopes, _COMMA) or self.scopes
        self._starts = {
            "answer": [0],
            "sentence": [s for s, _ in self.sentences],
            "scope": [s for s, _ in self.scopes],
            "clause": [s for s, _ in self.clauses],
        }

    def around(self, kind: str, pos: int) -> tuple[int, int]:
        """The sentence, scope or clause holding position ``pos`` (or the whole ``answer``)."""
        spans: list[tuple[int, int]] = {
            "answer": [(0, self.end)],
            "sentence": self.sentences,
            "scope": self.scopes,
            "clause": self.clauses,
        }[kind]
        i = max(0, bisect.bisect_right(self._starts[kind], pos) - 1)
        return spans[i]

    def index(self, kind: str, pos: int) -> int:
        return max(0, bisect.bisect_right(self._starts[kind], pos) - 1)


# --- durations --------------------------------------------------------------------------------
_NUMBERS: dict[str, float] = {
    **NUMBER_WORDS,
    "a": 1,
    "an": 1,
    "couple": 2,
    "few": 3,
    "several": 4,
    "some": 3,
    "dozen": 12,
    "half": 0.5,
}
_NUM = (
    r"(?:\d+(?:\.\d+)?|(?:a\s+)?(?:couple(?:\s+of)?|few|dozen)|several|some|half\s+an?|an?|"
    + "|".join(
        k for k in _NUMBERS if k not in {"a", "an", "couple", "few", "dozen", "half", "some"}
    )
    + ")"
)
_UNIT_MONTHS = {"year": 12, "yr": 12, "month": 1, "decade": 120, "week": 0.25, "day": 1 / 30}
_DURATION = re.compile(
    rf"(?<![\w'’])(?P<n1>{_NUM})(?:\s*(?:-|–|to|or)\s*(?P<n2>{_NUM}))?\s+(?:more\s+|extra\s+)?"
    r"(?P<unit>years?|yrs?|months?|decades?|weeks?|days?)(?![\w])"
    r"(?:\s+or\s+(?P<n3>two|three|four|five|so|more|\d+)(?![\w]))?(?P<post>['’]s?\s+time|\s+from\s+now|"
    r"\s+time|\s+ahead|\s+out|\s+down\s+the\s+(?:line|road|track)|\s+later|\s+hence|\s+away|"
    r"\s+ago|\s+of\b|['’]s?\s+experience|\s+experience|\s+in\s+(?:the|this|my|a)\s+\w+)?",
    re.IGNORECASE,
)
_FUTURE_BEFORE = re.compile(
    r"\b(?P<prep>in|within|by|after|before|next|another|the\s+next|the\s+coming|the\s+following|"
    r"(?:stay|staying|remain|remaining|spend|spending|work|working)\s+(?:here\s+|there\s+)?for|"
    r"(?:over|for|during|in|within)\s+the\s+(?:next|coming|following))\s+"
    r"(?:(?:my|the|a|first|next|coming|about|around|roughly|approximately|maybe|perhaps|probably|"
    r"say|some|another|just|under|over|exactly|precisely|less\s+than|more\s+than|at\s+least|"
    r"at\s+most)\s+)*$",
    re.IGNORECASE,
)
_AFTER_FUTURE = re.compile(
    r"\s*(?:[,.;!?]|$|here\b|with\s+(?:you|the|your)\b|in\s+(?:this|the|that)\s+(?:role|job|post|"
    r"position|company|team)\b|i\b|i['’]|we\b|that\b|then\b|and\s+then\b|and\s+\d+\s+months?\b)",
    re.IGNORECASE,
)
_PAST_BEFORE = re.compile(
    r"\b(?:last|past|previous|spent|been|had|have|has|was|were|my|our|of|with|over\s+the\s+"
    r"(?:last|past)|for\s+the\s+(?:last|past)|in\s+the\s+(?:last|past)|i['’]ve|i\s+have|"
    r"took|takes|take|it\s+took)\s+(?:about\s+|around\s+|almost\s+|nearly\s+|over\s+|the\s+)?$",
    re.IGNORECASE,
)
_YEAR = re.compile(
    r"\b(?P<prep>by|in|until|till|before|around|from|after|beyond|of|to)\s+(?:the\s+(?:end|start|"
    r"beginning|middle)\s+of\s+)?(?:(?:early|mid|late)[\s-]+)?(?:\w+\s+){0,2}?(?P<year>20\d\d|21\d\d)\b",
    re.IGNORECASE,
)

#: "by the end of year two" (of the job); not "in Year 2", which is a school year group
_JOB_YEAR = re.compile(
    r"\b(?:by|before|after|until|till)\s+(?:the\s+(?:end|start)\s+of\s+)?(?:my\s+)?year\s+"
    r"(?P<n>[1-9]|one|two|three|four|five|six|seven|eight|nine|ten)(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Duration:
    """A stretch of time the answer names, in months from now (a range when the text gives one)."""

    start: int
    end: int
    low: float  #: months
    high: float  #: months
    future: bool  #: said about the future, not about experience or the past

    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def _number(word: str | None) -> float | None:
    if not word:
        return None
    w = re.sub(r"\s+", " ", word.lower()).replace("a ", "").replace(" of", "").strip()
    if w.startswith("half"):
        return 0.5
    try:
        return float(w)
    except ValueError:
        return _NUMBERS.get(w)


def durations(text: str, end: int, today: dt.date | None = None) -> list[Duration]:
    """Durations ("in ten years", "a year or two", "by 2040") found in ``text[:end]``."""
    out: list[Duration] = []
    for m in _DURATION.finditer(text, 0, end):
        n1 = _number(m.group("n1"))
        n2 = _number(m.group("n2"))
        if n1 is None:
            continue
        unit = m.group("unit").lower().rstrip("s")
        per = _UNIT_MONTHS.get(unit, 1)
        n3 = m.group("n3")
        if n3:
            n3_value = {"so": n1 * 1.5, "more": n1 * 1.5}.get(n3.lower(), _number(n3))
            n2 = n3_value if n3_value is not None else n2
        low, high = n1 * per, (n2 if n2 is not None else n1) * per
        post = (m.group("post") or "").strip().lower()
        base = max(0, m.start() - 40)
        before = text[base : m.start()]
        start = m.start()
        if post.startswith(("ago", "of", "experience")) or "experience" in post:
            future = False
        elif post.startswith("in "):
            future = bool(_FUTURE_BEFORE.search(before)) and not before.lower().rstrip().endswith(
                "after"
            )
        elif post:
            future = True
        elif _PAST_BEFORE.search(before):
            future = False
        else:
            prefix = _FUTURE_BEFORE.search(before)
            future = prefix is not None
            if prefix is not None and prefix.group("prep").lower().startswith("after"):
                future = bool(_AFTER_FUTURE.match(text, m.end(), min(len(text), m.end() + 40)))
            if future and prefix is not None:
                start = (
                    base + prefix.start()
                )  # quote "within the next three years", not "three years"
        span_end = m.end("unit") if post.startswith(("in ", "of")) else m.end()
        out.append(Duration(start, span_end, min(low, high), max(low, high), future))
    this_year = (today or dt.date.today()).year
    for m in _YEAR.finditer(text, 0, end):
        year = int(m.group("year"))
        if year < this_year:
            continue
        months = (year - this_year) * 12
        out.append(Duration(m.start(), m.end(), months, months, True))
    for m in _JOB_YEAR.finditer(text, 0, end):
        years = _number(m.group("n")) or 1
        out.append(Duration(m.start(), m.end(), int(years * 12), int(years * 12), True))
    out.sort(key=lambda d: d.start)
    return out


# --- words, stems, key terms ------------------------------------------------------------------
_SUFFIXES = (
    "ations",
    "ation",
    "ments",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "s",
    "ly",
    "e",
)


def stem(word: str) -> str:
    """A rough stem so that 'nursing', 'nurses' and 'nurse' meet; no library needed for this."""
    w = word.lower().strip("'’.-")
    w = w.replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def content_words(
    text: str, stopwords: frozenset[str], start: int = 0, end: int | None = None
) -> Iterator[tuple[int, int, str]]:
    """(start, end, lowercase word) for each word that is not a stopword or a bare number."""
    for s, e in word_spans(text, start, end):
        w = text[s:e].lower().replace("’", "'")
        if w in stopwords or len(w) < 2 or w.replace(".", "").isdigit():
            continue
        yield s, e, w


def content_stems(text: str, stopwords: frozenset[str]) -> set[str]:
    return {stem(w) for _, _, w in content_words(text, stopwords)}


def _sentences(text: str) -> Iterator[str]:
    yield from (p for p in _SENTENCE_END.split(text) if p and p.strip())


_VERB_LIKE = re.compile(r"(?:ing|ed|ly)$")


def _chunks(sentence: str, stopwords: frozenset[str]) -> Iterator[list[str]]:
    """Runs of content words, cut at stopwords, numbers and punctuation: the candidate terms
    ("Power BI", "data quality"), never a pair straddling two phrases."""
    run: list[str] = []
    last_end = -1
    for s, e in word_spans(sentence):
        w = sentence[s:e].lower().replace("’", "'")
        gap = sentence[last_end:s] if last_end >= 0 else ""
        if run and gap.strip():  # punctuation between two words ends the term
            yield run
            run = []
        last_end = e
        if w in stopwords or len(w) < 2 or w.replace(".", "").isdigit():
            if run:
                yield run
            run = []
            continue
        run.append(w)
    if run:
        yield run


def key_terms(text: str, stopwords: frozenset[str], limit: int = 12) -> list[str]:
    """The job ad's key terms, whole: phrases said at least twice first ("data quality",
    "power bi"), then the most frequent words that are not verbs or adverbs ("waiting",
    "registered" are not terms). Lower case, in order of weight."""
    phrases: Counter[str] = Counter()
    singles: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for sentence in _sentences(text):
        for run in _chunks(sentence, stopwords):
            # trim verb-like words at the edges: "managing data quality" -> "data quality"
            while run and _VERB_LIKE.search(run[0]):
                run = run[1:]
            while run and _VERB_LIKE.search(run[-1]):
                run = run[:-1]
            if len(run) >= 2:
                for size in (3, 2):
                    for i in range(len(run) - size + 1):
                        phrases[" ".join(run[i : i + size])] += 1
            for w in run:
                if not _VERB_LIKE.search(w):
                    singles[stem(w)] += 1
                    forms.setdefault(stem(w), Counter())[w] += 1
    chosen: list[str] = []
    covered: set[str] = set()
    for phrase, n in sorted(phrases.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0])):
        if n < 2 or len(chosen) >= limit // 3:
            break
        if any(phrase in c for c in chosen):
            continue  # "data quality" when "data quality checks" is chosen
        chosen = [c for c in chosen if c not in phrase]
        chosen.append(phrase)
        covered.update(stem(w) for w in phrase.split())
    ranked = sorted(singles.items(), key=lambda kv: (-kv[1], kv[0]))
    for st, n in ranked:
        if len(chosen) >= limit:
            break
        if st in covered or (n < 2 and len(ranked) > limit):
            continue
        chosen.append(forms[st].most_common(1)[0][0])
    return chosen
