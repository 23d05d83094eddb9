"""HTML for the coach's results: every piece of student text escaped, evidence in ``<mark>``.

Plain functions returning strings, shared by ``Review._repr_html_``, ``SmartReport`` and the
coach panel, so a notebook, Voila and the tests see the same markup.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from workbook.html import escape

__all__ = ["BOX_STYLE", "MARK_STYLE", "answer_text", "highlight", "status_mark"]

#: Inline styles (Voila pages have no stylesheet for these classes).
MARK_STYLE = "background:#fde68a;border-radius:3px;padding:0 2px"
BOX_STYLE = (
    "font-family:system-ui,sans-serif;line-height:1.45;max-width:52em;"
    "border:1px solid #d4d4d8;border-radius:8px;padding:0.8em 1em"
)
TEXT_STYLE = (
    "white-space:pre-wrap;overflow-wrap:anywhere;background:#fafafa;border-radius:6px;"
    "padding:0.6em 0.8em;margin:0.4em 0 0.8em"
)


def answer_text(marked: str) -> str:
    """The student's answer as the coach shows it: already escaped and marked text (from
    :func:`highlight`) in a shaded box that keeps its line breaks."""
    return f'<div class="wb-answer-text" style="{TEXT_STYLE}">{marked}</div>'


def highlight(text: str, marks: Iterable[tuple[int, int, str]], *, limit: int | None = None) -> str:
    """``text`` escaped, with each (start, end, code) span wrapped in a ``<mark>``.

    Overlapping spans are split into pieces, each marked with every code that covers it, so
    the markup always nests correctly.
    """
    end = len(text) if limit is None else min(limit, len(text))
    spans = [(max(0, s), min(e, end), c) for s, e, c in marks if s < e and s < end]
    cuts = sorted({0, end, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces: list[str] = []
    prev_codes: tuple[str, ...] = ()
    buf: list[str] = []

    def flush() -> None:
        if not buf:
            return
        body = escape("".join(buf))
        if prev_codes:
            codes = " ".join(dict.fromkeys(prev_codes))
            pieces.append(
                f'<mark class="wb-evidence" data-code="{escape(codes)}" title="{escape(codes)}" '
                f'style="{MARK_STYLE}">{body}</mark>'
            )
        else:
            pieces.append(body)
        buf.clear()

    for a, b in itertools.pairwise(cuts):
        if a >= b:
            continue
        codes = tuple(sorted({c for s, e, c in spans if s <= a and e >= b}))
        if codes != prev_codes:
            flush()
            prev_codes = codes
        buf.append(text[a:b])
    flush()
    if end < len(text):
        pieces.append(escape(f" … ({len(text) - end:,} more characters)"))
    return "".join(pieces)


def status_mark(ok: bool, yes: str, no: str) -> str:
    """A pass/fail mark said in words, with a shape and a colour as well: never an emoji
    alone, which a machine without an emoji font shows as the same empty box either way."""
    colour, shape, word = ("#1a7f37", "&#10003;", yes) if ok else ("#9a3412", "&#9675;", no)
    return (
        f'<span class="wb-mark wb-mark-{"yes" if ok else "no"}" style="display:inline-block;'
        f'min-width:5.5em;color:{colour};font-weight:600">{shape} {escape(word)}</span>'
    )
