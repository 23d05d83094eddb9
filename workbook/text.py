"""Small wording helpers shared by every module that writes sentences for a student, and the
one message box those sentences are shown in as HTML."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from html import escape

__all__ = ["NUMBER_WORDS", "counted", "cut", "message_box", "number_word"]

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


def message_box(
    css: str, colour: str, body: str, *, heading: str = "", lines: Iterable[str] = ()
) -> str:
    """A short message as a bordered HTML block: an optional bold heading in the border's
    colour, the message, then one list item per line.

    Every piece of text is escaped here, once, so a result, a hint or a note can hold whatever
    a student typed or an instructor wrote.
    """
    head = f'<strong style="color:{escape(colour)}">{escape(heading)}</strong> ' if heading else ""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return (
        f'<div class="{escape(css)}" style="border-left:4px solid {escape(colour)};'
        f'padding:4px 10px;margin:4px 0">{head}{escape(body)}'
        + (f'<ul style="margin:4px 0">{items}</ul>' if items else "")
        + "</div>"
    )
