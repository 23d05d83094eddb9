"""The light SVG chart of the live view: same layout as the matplotlib chart, safe text."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import itertools
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties, findfont
from strategies import roadmaps
from test_timeline import LONG_TITLE, make_roadmap

from workbook import glyph_widths, timeline
from workbook.model import INTERVIEW_WINDOW, Goal, Horizon, Milestone, Roadmap, clean_text
from workbook.timeline import Layout, date_labels, drawable, fitted_title, layout
from workbook.timeline_svg import text_width, timeline_svg

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
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
def parse(svg: str) -> ET.Element:
    """The SVG as an element tree (raises if it is not well-formed XML)."""
    return ET.fromstring(svg)


def local(tag: str) -> str:
    return tag.removeprefix(SVG)


def with_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [e for e in root.iter() if e.get("class") == name]


def xml_char(c: str) -> bool:
    """Is ``c`` a Char of XML 1.0 (section 2.2)?"""
    n = ord(c)
    return (
        n in (0x9, 0xA, 0xD)
        or 0x20 <= n <= 0xD7FF
        or 0xE000 <= n <= 0xFFFD
        or 0x10000 <= n <= 0x10FFFF
    )


def shown(text: str) -> str:
    """``text`` as an SVG can carry it: characters XML forbids become U+FFFD."""
    return "".join(c if xml_char(c) else "\N{REPLACEMENT CHARACTER}" for c in text)


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


@dataclass
class Box:
    x0: float
    x1: float
    y0: float
    y1: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def within(self, other: Box, slack: float = 0.02) -> bool:
        return (
            other.x0 - slack <= self.x0
            and self.x1 <= other.x1 + slack
            and other.y0 - slack <= self.y0
            and self.y1 <= other.y1 + slack
        )


def label_box(node: ET.Element) -> Box:
    """A label's box from its SVG attributes: anchored at x, textLength wide, centred on y."""
    x, y = float(node.get("x", "nan")), float(node.get("y", "nan"))
    width, size = float(node.get("textLength", "nan")), float(node.get("font-size", "nan"))
    x0 = {"start": x, "middle": x - width / 2, "end": x - width}[node.get("text-anchor", "")]
    return Box(x0, x0 + width, y - size / 2, y + size / 2)


def rect_box(node: ET.Element) -> Box:
    x, y = float(node.get("x", "nan")), float(node.get("y", "nan"))
    return Box(x, x + float(node.get("width", "nan")), y, y + float(node.get("height", "nan")))


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


# --- same layout as the matplotlib chart -------------------------------------------------------
def layout_mismatches(roadmap: Roadmap, mode: str | None) -> list[tuple[object, object]]:
    plan = drawable(roadmap)
    with hinting(mode):
        theirs = placements(layout(plan, timeline._Measure()))
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
    plan = drawable(roadmap)
    with hinting("no_hinting"):
        measure = timeline._Measure()

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


# --- the SVG's parts ------------------------------------------------------------------------------
UNVALIDATED = Roadmap.from_dict(
    {
        "goals": [
            {"id": "gok", "title": "Fine", "end_month": 6, "milestones": [{"title": "m"}]},
            {"id": "gbad", "title": "No months", "start_month": None, "end_month": "x"},
            {"id": "grev", "title": "Backwards", "start_month": 5, "end_month": 2},
        ]
    },
    validate=False,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roadmaps(max_goals=10))
@example(Roadmap())
@example(UNVALIDATED)
@example(make_roadmap(6, long_titles=True, beyond=True))
def test_svg_has_one_part_per_goal_milestone_and_link(roadmap):
    """Is the SVG well-formed, with a bar, label, milestone and link for each, and the title?"""
    root = parse(timeline_svg(roadmap))
    assert local(root.tag) == "svg"
    goals = drawable(roadmap).goals
    ids = sorted(g.id for g in goals)
    bars, labels = with_class(root, "wb-bar"), with_class(root, "wb-label")
    assert {local(e.tag) for e in bars} <= {"rect"} and {local(e.tag) for e in labels} <= {"text"}
    assert sorted(e.get("data-goal", "") for e in bars) == ids
    assert sorted(e.get("data-goal", "") for e in labels) == ids
    assert len(with_class(root, "wb-milestone")) == sum(len(g.milestones) for g in goals)
    long_ids = {g.id for g in goals if g.horizon == Horizon.LONG}
    linked = [g for g in goals if g.horizon == Horizon.SHORT and g.leads_to in long_ids]
    assert len(with_class(root, "wb-link")) == len(linked)
    assert len(with_class(root, "wb-now")) == 1
    far = any(g.end_month > INTERVIEW_WINDOW for g in goals)
    assert len(with_class(root, "wb-beyond")) == int(far)
    assert len(with_class(root, "wb-beyond-label")) == int(far)
    assert len(with_class(root, "wb-empty")) == int(not goals)
    empty_lanes = sum(1 for h in Horizon if goals and not any(g.horizon == h for g in goals))
    assert len(with_class(root, "wb-lane-note")) == empty_lanes

    plan = drawable(roadmap)
    title = shown(fitted_title(plan, layout(plan, text_width), text_width))
    assert [e.text for e in root if local(e.tag) == "title"] == [title]
    assert [e.text for e in with_class(root, "wb-title")] == [title]
    years = [e.text for e in axis_texts(root)]
    assert years == [f"Year {i}" for i in range(1, len(years) + 1)] and len(years) >= 5


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roadmaps(max_goals=20).filter(lambda r: r.goals))
@example(make_roadmap(20, long_titles=True))
@example(make_roadmap(15, long_titles=True, beyond=True))
def test_labels_never_overlap(roadmap):
    """Measured from the SVG itself, are labels clear of each other and of others' bars?"""
    root = parse(timeline_svg(roadmap))
    _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
    labels = {e.get("data-goal"): label_box(e) for e in with_class(root, "wb-label")}
    bars = {e.get("data-goal"): rect_box(e) for e in with_class(root, "wb-bar")}
    assert labels.keys() == bars.keys() and len(labels) == len(drawable(roadmap).goals)
    clashes = [
        (a, b)
        for (a, box_a), (b, box_b) in itertools.combinations(labels.items(), 2)
        if box_a.overlaps(box_b)
    ]
    assert clashes == []
    for goal_id, box in labels.items():
        assert box.within(Box(0, width, 0, height)), goal_id  # not cut off at the edge
        assert not any(bar.overlaps(box) for g, bar in bars.items() if g != goal_id), goal_id
    inside = [e for e in with_class(root, "wb-label") if e.get("text-anchor") == "middle"]
    for node in inside:
        goal_id = node.get("data-goal")
        assert label_box(node).within(bars[goal_id]), goal_id


# --- hostile text --------------------------------------------------------------------------------
HOSTILE = [
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("<img src=x onerror=alert(1)>", "<img src=x onerror=alert(1)>"),
    ("]]> &amp; &lt;b&gt; <![CDATA[x", "]]> &amp; &lt;b&gt; <![CDATA[x"),
    ("\"double\" 'single' `back`", "\"double\" 'single' `back`"),
    ("nul\x00 bs\x08 esc\x1b", "nul\ufffd bs\ufffd esc\ufffd"),
    ("non \ufffe \uffff char", "non \ufffd \ufffd char"),
    ("lone \ud800 half \udfff", "lone \ufffd half \ufffd"),
    ('<svg onload="alert(1)">x</svg>', '<svg onload="alert(1)">x</svg>'),
]


@pytest.mark.parametrize(("raw", "visible"), HOSTILE)
def test_hostile_text_is_escaped_and_inert(raw, visible):
    """Does text with markup or forbidden characters show as typed, never as live markup?"""
    roadmap = Roadmap()
    far = roadmap.add(Goal(title="x", horizon=Horizon.LONG, start_month=0, end_month=60))
    near = roadmap.add(Goal(title="x", start_month=0, end_month=3, leads_to=far.id))
    # set after construction, past clean_text: the chart must cope with any str it is given
    roadmap.role, roadmap.employer = raw, raw
    far.title = near.title = raw
    svg = timeline_svg(roadmap, description=raw)
    root = parse(svg)
    assert "<script" not in svg.lower() and "<img" not in svg.lower()
    for node in root.iter():
        assert local(node.tag) not in ("script", "img", "foreignObject", "a"), node.tag
        assert not [name for name in node.attrib if name.lower().startswith("on")], node.attrib
    title = f"Career roadmap: {visible} at {visible}"
    assert [e.text for e in root if local(e.tag) == "title"] == [title]
    assert [e.text for e in with_class(root, "wb-title")] == [title]
    assert [e.text for e in root if local(e.tag) == "desc"] == [visible]
    assert sorted((e.get("data-goal"), e.text) for e in with_class(root, "wb-label")) == sorted(
        [(far.id, visible), (near.id, visible)]
    )


def test_a_goal_id_with_a_control_character_keeps_the_svg_well_formed():
    """Does a goal id with a control character (from a hand-edited file) still give valid XML?"""
    roadmap = Roadmap.from_dict({"goals": [{"id": 'g\x00<"1', "title": "Fine", "end_month": 6}]})
    root = parse(timeline_svg(roadmap))
    assert [e.get("data-goal") for e in with_class(root, "wb-bar")] == ['g\ufffd<"1']


def test_no_link_from_a_stepping_stone_to_another_stepping_stone():
    """Is a link drawn only to a long-term goal, even in a roadmap loaded unvalidated?"""
    roadmap = Roadmap.from_dict(
        {
            "goals": [
                {"id": "ga", "title": "First step", "end_month": 6},
                {"id": "gb", "title": "Second step", "end_month": 6, "leads_to": "ga"},
            ]
        },
        validate=False,
    )
    assert with_class(parse(timeline_svg(roadmap)), "wb-link") == []


# --- no matplotlib, dates ----------------------------------------------------------------------
def test_timeline_svg_never_imports_matplotlib():
    """Does drawing the SVG (dates, beyond 5 years, links) leave matplotlib, numpy, PIL unloaded?"""
    code = """
import datetime, json, sys
from workbook.model import Goal, Horizon, Milestone, Roadmap
from workbook.timeline_svg import timeline_svg
r = Roadmap(role="Analyst", employer="Acme", start_date=datetime.date(2027, 3, 1))
lead = r.add(Goal(title="Lead analytics", horizon=Horizon.LONG, start_month=6, end_month=84,
                  milestones=[Milestone("Promotion", 30)]))
r.add(Goal(title="SQL course", end_month=6, leads_to=lead.id))
svg = timeline_svg(r, dates=True, description="words")
top = {name.split(".")[0] for name in sys.modules}
print(json.dumps({"bars": svg.count('class="wb-bar"'),
                  "loaded": sorted(top & {"matplotlib", "numpy", "PIL"})}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"bars": 2, "loaded": []}


def axis_texts(root: ET.Element) -> list[ET.Element]:
    """Texts hanging below the x axis: the year or date labels."""
    return [e for e in root.iter() if e.get("dominant-baseline") == "hanging"]


def test_dates_axis_shows_months_from_the_start_date():
    """With dates=True, are the year marks labelled with real months, at the year lines?"""
    roadmap = make_roadmap(5)
    roadmap.start_date = dt.date(2027, 3, 1)
    root = parse(timeline_svg(roadmap, dates=True))
    marks = axis_texts(root)
    assert [e.text for e in marks] == [f"Mar {year}" for year in range(2027, 2033)]
    xs = [float(e.get("x", "nan")) for e in marks]
    (now,) = with_class(root, "wb-now")
    assert xs[0] == pytest.approx(float(now.get("x1", "nan")), abs=0.01)  # month 0
    steps = [b - a for a, b in itertools.pairwise(xs)]
    assert max(steps) - min(steps) < 0.05 and min(steps) > 0
    assert not any((e.text or "").startswith("Year") for e in root.iter())
    undated = [e.text for e in axis_texts(parse(timeline_svg(roadmap)))]
    assert undated == [f"Year {i}" for i in range(1, 6)]


def test_dates_axis_to_ten_years_keeps_the_labels_date_labels_chose():
    """Out to month 120, does the dated axis show exactly the labels date_labels() keeps?"""
    roadmap = make_roadmap(6, beyond=True)
    roadmap.start_date = dt.date(2026, 9, 1)
    root = parse(timeline_svg(roadmap, dates=True))
    plan = drawable(roadmap)
    chosen = date_labels(plan, layout(plan, text_width), text_width)
    assert len(chosen) == 11 and chosen[0] == "Sep 2026" and chosen[-1] == "Sep 2036"
    assert [e.text for e in axis_texts(root)] == [s for s in chosen if s]
    boxes = [
        Box(float(e.get("x", 0)) - w / 2, float(e.get("x", 0)) + w / 2, 0, 1)
        for e in axis_texts(root)
        if (w := text_width(e.text or "") * 72)
    ]
    assert not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


def test_long_title_is_cut_as_the_matplotlib_chart_cuts_it():
    """Is a very long goal title cut with an ellipsis, to a prefix of the title?"""
    roadmap = Roadmap()
    goal = roadmap.add(Goal(title=LONG_TITLE, start_month=0, end_month=1))
    (label,) = with_class(parse(timeline_svg(roadmap)), "wb-label")
    assert label.get("data-goal") == goal.id
    text = label.text or ""
    assert text.endswith("…") and LONG_TITLE.startswith(text[:-1].rstrip())
    assert len(text) < len(LONG_TITLE)
