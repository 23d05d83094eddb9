"""Small wording helpers shared by every module that writes sentences for a student (the HTML
those sentences are shown in is :mod:`workbook.html`)."""

from __future__ import annotations

import unicodedata

__all__ = ["NUMBER_WORDS", "counted", "cut", "number_word"]

#: number words and their values: what the coach reads in an answer, what outlines write
NUMBER_WORDS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60}
_WORD_OF = {value: word for word, value in NUMBER_WORDS.items()}

_ZWJ = "\u200d"


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """ "1 goal", "3 goals", "2 written answers": a count a student reads as a sentence, never
    the machine-like "goal(s)"."""
    word = noun if number == 1 else (plural or noun + "s")
    return f"{number} {word}"


def _joins_previous(char: str) -> bool:
    """Whether ``char`` belongs to the character before it (one symbol on screen)."""
    code = ord(char)
    return (
        unicodedata.combining(char) != 0
        or unicodedata.category(char) in {"Mn", "Me"}
        or char == _ZWJ
        or 0xFE00 <= code <= 0xFE0F  # variation selectors (emoji or text style)
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
    )


def cut(text: str, length: int) -> str:
    """The first ``length`` characters of ``text`` or fewer, never splitting what the screen
    shows as one symbol: an accent from its letter, or a joined emoji such as 🧙‍♀️."""
    n = max(0, min(length, len(text)))
    while 0 < n < len(text) and (_joins_previous(text[n]) or text[n - 1] == _ZWJ):
        n -= 1
    flags = 0  # a flag is two regional indicators: never keep half of one
    while flags < n and 0x1F1E6 <= ord(text[n - 1 - flags]) <= 0x1F1FF:
        flags += 1
    if flags % 2 and n < len(text) and 0x1F1E6 <= ord(text[n]) <= 0x1F1FF:
        n -= 1
    return text[:n]


def number_word(number: int) -> str:
    """A small count as a person says it ("six"), larger ones as digits ("25")."""
    return _WORD_OF.get(number, str(number)) if 0 <= number <= 12 else str(number)
