"""The light SVG renderer of the live view: it draws every part of the layout, safe text."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from strategies import roadmaps
from test_timeline import LONG_TITLE, make_roadmap

from workbook.model import INTERVIEW_WINDOW, Goal, Horizon, Roadmap
from workbook.timeline import date_labels, drawable, fitted_title, layout, timeline_svg
from workbook.timeline.fonts import text_width
from workbook.timeline.style import LEFT, TOP

ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
LABEL_PT = 8.5


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


def same_points(drawn: list[tuple[float, ...]], expected: list[tuple[float, ...]]) -> bool:
    """Are the points drawn those expected, each within the SVG's rounding (0.01 pt)?"""
    left = list(drawn)
    for point in expected:
        match = next(
            (d for d in left if all(abs(a - b) <= 0.011 for a, b in zip(d, point, strict=True))),
            None,
        )
        if match is None:
            return False
        left.remove(match)
    return not left


def label_box(node: ET.Element) -> Box:
    """A label's box from its SVG attributes: anchored at x, textLength wide, centred on y."""
    x, y = float(node.get("x", "nan")), float(node.get("y", "nan"))
    width, size = float(node.get("textLength", "nan")), float(node.get("font-size", "nan"))
    x0 = {"start": x, "middle": x - width / 2, "end": x - width}[node.get("text-anchor", "")]
    return Box(x0, x0 + width, y - size / 2, y + size / 2)


def rect_box(node: ET.Element) -> Box:
    x, y = float(node.get("x", "nan")), float(node.get("y", "nan"))
    return Box(x, x + float(node.get("width", "nan")), y, y + float(node.get("height", "nan")))


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


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roadmaps(max_goals=12))
@example(make_roadmap(15, long_titles=True, beyond=True))
def test_every_bar_label_mark_and_link_of_the_layout_is_drawn_where_the_layout_puts_it(roadmap):
    """Does the SVG draw each of the layout's bars, labels, milestones and links at the
    layout's own months and rows (mapped to points), and nothing else?"""
    plan = layout(roadmap, text_width)
    root = parse(timeline_svg(roadmap))
    span = plan.x_right - plan.x_left

    def x(month: float) -> float:
        return 72 * (LEFT + (month - plan.x_left) / span * plan.axes_width)

    def y(row: float) -> float:
        return 72 * (TOP + (plan.n_rows - row) / plan.n_rows * plan.axes_height)

    near = pytest.approx
    bars = {e.get("data-goal"): rect_box(e) for e in with_class(root, "wb-bar")}
    assert len(bars) == len(plan.bars())
    for bar in plan.bars():
        drawn = bars[bar.goal.id]
        assert (drawn.x0, drawn.x1) == (near(x(bar.x0), abs=0.01), near(x(bar.x1), abs=0.01))
        assert (drawn.y0, drawn.y1) == (near(y(bar.top), abs=0.01), near(y(bar.bottom), abs=0.01))
    labels = {e.get("data-goal"): e for e in with_class(root, "wb-label")}
    assert len(labels) == len(plan.labels())
    for label in plan.labels():
        node = labels[label.goal.id]
        assert (node.text, node.get("text-anchor"), node.get("fill")) == (
            shown(label.text),
            label.anchor,
            label.colour,
        )
        assert float(node.get("x", "nan")) == near(x(label.x), abs=0.01)
        assert float(node.get("y", "nan")) == near(y(label.y), abs=0.01)
    # a milestone's diamond path starts at its top point: "M{x},{y - 3.6}"
    corners = [e.get("d", "").split()[0][1:].split(",") for e in with_class(root, "wb-milestone")]
    drawn_marks = [(float(px), float(py) + 3.6) for px, py in corners]
    assert same_points(drawn_marks, [(x(mx), y(my)) for mx, my in plan.milestones()])
    drawn_links = [
        tuple(float(e.get(a, "nan")) for a in ("x1", "y1", "x2", "y2"))
        for e in with_class(root, "wb-link")
    ]
    links = [(x(k.x0), y(k.y0), x(k.x1), y(k.y1)) for k in plan.links()]
    assert same_points(drawn_links, links)


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
from workbook.timeline import timeline_svg
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
