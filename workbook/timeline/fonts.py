"""Text widths without matplotlib: DejaVu Sans' own advance widths, from a generated table.

The live chart is laid out in a student's kernel, where matplotlib is never imported (it costs
some 50 MiB and a second); :func:`text_width` measures labels from :mod:`.glyph_widths` (copied
from the font matplotlib ships by ``scripts/glyph_widths.py``) so the live chart and the
downloads place labels alike. matplotlib measures glyphs as FreeType hints them at 72 dpi,
several per cent wider at these sizes, so a label at the very edge of its room may sit inside
its bar in one chart and beside it in the other; with hinting off the two measures agree
(``tests/test_timeline_fonts.py`` checks both facts).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from workbook.timeline import glyph_widths
from workbook.timeline.style import LABEL_PT

__all__ = ["PT", "text_width"]

PT = 72.0  #: points to the inch, as matplotlib's are
_FALLBACK_EM = 0.65  # a character DejaVu Sans lacks and that is not wide or combining


@lru_cache(maxsize=4096)
def _advance(char: str) -> float:
    """The advance width of one character, in ems."""
    code = ord(char)
    for start, widths in glyph_widths.BLOCKS.items():
        if start <= code < start + len(widths):
            if widths[code - start] >= 0:
                return widths[code - start] / glyph_widths.UNITS_PER_EM
            break
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0  # CJK, emoji: a full em
    return _FALLBACK_EM


def text_width(text: str, size: float = LABEL_PT) -> float:
    """Width of one line of ``text`` at ``size`` points, in inches (kerning ignored, which
    errs a little wide: room is never overestimated)."""
    return sum(_advance(c) for c in text) * size / PT
