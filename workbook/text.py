"""Small wording helpers shared by every module that writes sentences for a student."""

from __future__ import annotations

__all__ = ["counted"]


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """ "1 goal", "3 goals", "2 written answers": a count a student reads as a sentence, never
    the machine-like "goal(s)"."""
    word = noun if number == 1 else (plural or noun + "s")
    return f"{number} {word}"
