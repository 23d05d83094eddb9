"""Measuring text without matplotlib: the glyph table is DejaVu Sans', text_width agrees with
matplotlib's own measure, so the layout of the live SVG and of the downloads is the same."""

from __future__ import annotations

import contextlib
import importlib.util
from collections.abc import Iterator
from pathlib import Path

import matplotlib as mpl
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties, findfont
from strategies import roadmaps
from test_timeline import make_roadmap

from workbook.model import Goal, Horizon, Milestone, Roadmap, clean_text
from workbook.timeline import Layout, glyph_widths, layout
from workbook.timeline.fonts import text_width
from workbook.timeline.mpl import MatplotlibMeasure

ROOT = Path(__file__).resolve().parent.parent
LABEL_PT = 8.5

# Realistic labels as students type them: accents, Cyrillic, Greek, punctuation, numbers.
REALISTIC_LABELS = [
    "Finish an SQL course",
    "Lead the analytics team",
    "Café résumé naïve",
    "Straße in Łódź",
    "Żółć gęślą jaźń",
    "Ğöç şüı İstanbul",
    "Стать руководителем отдела",
    "Μάθηση ελληνικών",
    "Get a 10% raise (by Q3)!",
    "“Quoted” — dash – ‘x’ …",
    "Tiếng Việt cơ bản",
    "Ana's 1st mentor; plan: A/B",
    "Year 1",
    "Mar 2027",
    "beyond 5 years",
    "Career roadmap: Data analyst at Acme Ltd",
]
# Characters in the glyph table, for titles whose matplotlib width is the font's own.
PLAIN_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?'\"()/&%-+"
    "éèêëàâäçñöüßłŁśźżąęőøåæœÉÀÇ"
    "абвгдежзийклмнопрстуфхцчшщыэюяАБВГДЕЖЗ"
    "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΩ"
    "–—‘’“”…€£"
)


# --- helpers --------------------------------------------------------------------------------
def in_table(c: str) -> bool:
    code = ord(c)
    for start, widths in glyph_widths.BLOCKS.items():
        if start <= code < start + len(widths):
            return widths[code - start] >= 0
    return False


@contextlib.contextmanager
def hinting(mode: str | None) -> Iterator[None]:
    """matplotlib's text hinting set to ``mode`` (None: as matplotlib ships it)."""
    with mpl.rc_context({} if mode is None else {"text.hinting": mode}):
        yield


def matplotlib_width(text: str, size: float = LABEL_PT) -> float:
    """Width in inches as matplotlib measures it (with the rcParams in force)."""
    renderer = RendererAgg(4, 4, 72)
    width, _, _ = renderer.get_text_width_height_descent(
        text, FontProperties(size=size), ismath=False
    )
    return width / 72


def placements(plan: Layout) -> dict[str, object]:
    """What the chart shows of a layout: each goal's label text, place and row, and the rows."""
    lanes = {
        lane: [(p.goal.id, p.text, p.where, p.row) for p in items]
        for lane, items in plan.lanes.items()
    }
    return {**lanes, "rows": plan.rows}


@st.composite
def plain_roadmaps(draw: st.DrawFn, max_goals: int = 20) -> Roadmap:
    """:func:`strategies.roadmaps` with goal titles in Latin, Greek and Cyrillic letters and
    punctuation only: characters DejaVu Sans has, so matplotlib measures real glyphs."""
    roadmap = draw(roadmaps(max_goals=max_goals))
    title = st.text(st.sampled_from(PLAIN_ALPHABET), min_size=1, max_size=60).map(clean_text)
    for goal in roadmap.goals:
        goal.title = draw(title.filter(bool))
    return roadmap


def multilingual_roadmap() -> Roadmap:
    roadmap = Roadmap(owner="Zoë", role="Аналитик данных", employer="Müller & Söhne GmbH")
    lead = roadmap.add(
        Goal(
            title="Leiterin der Datenanalyse in Łódź",
            horizon=Horizon.LONG,
            start_month=12,
            end_month=54,
            milestones=[Milestone("Präsentation", 30)],
        )
    )
    other = roadmap.add(
        Goal(title="Μεταπτυχιακό στη στατιστική", horizon=Horizon.LONG, end_month=36)
    )
    for i, (title, start, end) in enumerate(
        [
            ("Café-Kurs: SQL für Anfänger", 0, 4),
            ("Прочитать «Статистика» — 3 книги", 1, 9),
            ("Naïve Bayes, ßtraße, œuvre…", 2, 5),
            ("Ελληνικά B2", 0, 12),
            ("Mentor finden", 6, 7),
        ]
    ):
        roadmap.add(
            Goal(
                title=title,
                start_month=start,
                end_month=end,
                leads_to=(lead if i % 2 else other).id,
            )
        )
    return roadmap


def realistic_roadmaps() -> dict[str, Roadmap]:
    """test_timeline's staggered roadmaps, a multilingual one, and a label that fits its bar
    by DejaVu Sans' widths but not by widths hinted to whole pixels at 8.5 px."""
    made = {
        f"{n} goals{', long titles' * long_titles}{', beyond' * beyond}": make_roadmap(
            n, long_titles=long_titles, beyond=beyond
        )
        for n in (1, 5, 15, 20)
        for long_titles, beyond in ((False, False), (True, False), (True, True))
    }
    made["multilingual"] = multilingual_roadmap()
    one = Roadmap()
    one.add(Goal(title="Finish an SQL course", start_month=0, end_month=11))
    made["SQL course, months 0-11"] = one
    return made


# --- the glyph table and text widths -------------------------------------------------------
def test_glyph_table_matches_the_installed_dejavu_sans():
    """Is every width in workbook/glyph_widths.py DejaVu Sans' advance, as matplotlib ships it?"""
    from fontTools.ttLib import TTFont

    font = TTFont(findfont("DejaVu Sans", fallback_to_default=False))
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    assert font["head"].unitsPerEm == glyph_widths.UNITS_PER_EM
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "glyph_widths.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert {start: start + len(w) for start, w in glyph_widths.BLOCKS.items()} == dict(
        script.BLOCKS
    ), "the table lacks blocks the script copies: run scripts/glyph_widths.py"
    wrong = [
        (f"U+{start + i:04X}", width, hmtx[cmap[start + i]][0] if start + i in cmap else -1)
        for start, widths in glyph_widths.BLOCKS.items()
        for i, width in enumerate(widths)
        if width != (hmtx[cmap[start + i]][0] if start + i in cmap else -1)
    ]
    assert wrong == [], (
        f"{len(wrong)} widths differ from the installed font (first: {wrong[:5]}); "
        "matplotlib's DejaVu Sans changed: run .venv/bin/python scripts/glyph_widths.py"
    )


def width_errors(mode: str | None) -> list[str]:
    """Labels whose text_width is off matplotlib's: more than 3% or 0.02 in either way, or
    more than 1% narrower (kerning only narrows matplotlib's, so ours may only be wider)."""
    bad = []
    with hinting(mode):
        for text in REALISTIC_LABELS:
            ours, theirs = text_width(text), matplotlib_width(text)
            close = abs(ours - theirs) <= max(0.03 * theirs, 0.02)
            if not close or ours < 0.99 * theirs:
                bad.append(f"{text!r}: text_width {ours:.4f} in, matplotlib {theirs:.4f} in")
    return bad


def test_text_width_agrees_with_matplotlib_unhinted():
    """Does text_width give matplotlib's own width of a label when hinting is off?"""
    assert width_errors("no_hinting") == []


def test_kerning_only_ever_narrows_matplotlib_s_width():
    """Is text_width never narrower than matplotlib's unhinted width, even for kerned pairs?"""
    with hinting("no_hinting"):
        for text in ("AWAY To WAVE", "VAVAVA", "Yacht LTA", "P.J. Fry, T.V."):
            ours, theirs = text_width(text), matplotlib_width(text)
            assert theirs - 0.001 <= ours <= 1.12 * theirs, text
        assert text_width("AWAY To WAVE") > matplotlib_width("AWAY To WAVE") + 0.02  # kerned


# --- the same layout with either measure -------------------------------------------------------
def layout_mismatches(roadmap: Roadmap, mode: str | None) -> list[tuple[object, object]]:
    plan = roadmap
    with hinting(mode):
        theirs = placements(layout(plan, MatplotlibMeasure()))
    ours = placements(layout(plan, text_width))
    return [(ours[k], theirs[k]) for k in ours if ours[k] != theirs[k]]


def test_same_layout_as_the_matplotlib_chart_for_realistic_roadmaps():
    """For realistic roadmaps, does every goal get the matplotlib chart's label, place and row
    once both measure the font's own widths (matplotlib with hinting off)?"""
    different = {
        name: diff
        for name, roadmap in realistic_roadmaps().items()
        if (diff := layout_mismatches(roadmap, "no_hinting"))
    }
    assert different == {}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_roadmaps())
def test_same_layout_as_the_matplotlib_chart_for_generated_roadmaps(roadmap):
    """For any roadmap in letters the font has, is the layout matplotlib's, kerning aside?"""
    assert all(in_table(c) for g in roadmap.goals for c in g.title)
    plan = roadmap
    with hinting("no_hinting"):
        measure = MatplotlibMeasure()

        def unkerned(text: str, size: float = LABEL_PT) -> float:
            """matplotlib's advances one glyph at a time (no pairs to kern), measured at 100
            times the size so FreeType's 1/64 px rounding cannot tip a label either way."""
            return sum(measure(c, 100 * size) for c in text) / 100

        theirs = placements(layout(plan, unkerned))
        kerned = placements(layout(plan, measure))
    ours = placements(layout(plan, text_width))
    assert ours == theirs
    # kerning narrows matplotlib's labels a little: about 1 roadmap in 160 then differs, a
    # label whose width is within kerning of its room going beside its bar instead of inside
    event("kerning tips a label" if ours != kerned else "same as kerned matplotlib")
