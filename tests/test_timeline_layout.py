"""The chart's one layout: what goes where, before any renderer paints it.

Both renderers draw this layout (tests/test_timeline.py and tests/test_timeline_svg.py check
that each draws every part of it), so the chart's rules are tested here once: lanes, rows,
label places and cuts, ticks, notes, links, and a narrow (phone-sized) chart. Labels are
measured with :func:`~workbook.timeline.fonts.text_width`, the live view's own measure.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from strategies import roadmaps
from test_timeline import LONG_TITLE, make_roadmap
from test_timeline_svg import UNVALIDATED, Box

from workbook.model import INTERVIEW_WINDOW, Goal, Horizon, Milestone, Roadmap
from workbook.timeline import Layout, layout
from workbook.timeline.fonts import text_width
from workbook.timeline.style import BAR, BEYOND_NOTE, LANE_NOTES, MIN_AXES_HEIGHT, ROW

PHONE_AXES = 3.2  # inches: the axes of a chart about 390 px wide


def label_boxes(plan: Layout) -> dict[str, Box]:
    """Each label's box: its measured width from its anchor, and a text's height (8.5 pt is
    well under half a row of 0.4 in)."""
    boxes = {}
    for label in plan.labels():
        width = text_width(label.text) * plan.per_inch
        x0 = {"start": label.x, "middle": label.x - width / 2, "end": label.x - width}[label.anchor]
        boxes[label.goal.id] = Box(x0, x0 + width, label.y - 0.25, label.y + 0.25)
    return boxes


def bar_boxes(plan: Layout) -> dict[str, Box]:
    return {b.goal.id: Box(b.x0, b.x1, b.bottom, b.top) for b in plan.bars()}


def test_a_bar_per_goal_in_its_lane_at_its_months():
    """Is each goal a bar from its start month to its end month, long-term goals above the
    lane line and stepping stones below it, a row's height apart?"""
    roadmap = make_roadmap(9)
    plan = layout(roadmap, text_width)
    bars = plan.bars()
    assert sorted(b.goal.id for b in bars) == sorted(g.id for g in roadmap.goals)
    for bar in bars:
        assert (bar.x0, bar.x1) == (bar.goal.start_month, bar.goal.end_month)
        assert bar.top - bar.bottom == pytest.approx(BAR)
        low, high = plan.lane_span(bar.lane)
        assert low < bar.bottom < bar.top < high
        assert bar.lane == ("long" if bar.goal.is_long_term else "short")
        assert (bar.y - 0.5) % 1 == 0  # centred in a row
    assert plan.n_rows == plan.rows["short"] + plan.rows["long"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roadmaps(max_goals=20), st.sampled_from([None, PHONE_AXES]))
@example(make_roadmap(20, long_titles=True), None)
@example(make_roadmap(15, long_titles=True, beyond=True), None)
@example(make_roadmap(20, long_titles=True), PHONE_AXES)
def test_labels_never_overlap_nor_cover_another_goals_bar(roadmap, axes_width):
    """At full width or a phone's, is every label clear of every other label and of other
    goals' bars, inside the axes, and inside its own bar when placed there?"""
    plan = layout(roadmap, text_width, axes_width)
    labels, bars = label_boxes(plan), bar_boxes(plan)
    assert labels.keys() == bars.keys()
    clashes = [
        (a, b) for (a, p), (b, q) in itertools.combinations(labels.items(), 2) if p.overlaps(q)
    ]
    assert clashes == []
    for goal_id, box in labels.items():
        assert not [g for g, bar in bars.items() if g != goal_id and bar.overlaps(box)], goal_id
        assert plan.x_left - 1e-9 <= box.x0 and box.x1 <= plan.x_right + 1e-9, goal_id
    for label in plan.labels():
        if label.anchor == "middle":
            box, bar = labels[label.goal.id], bars[label.goal.id]
            assert bar.x0 < box.x0 and box.x1 < bar.x1


def test_goals_at_the_same_time_get_rows_of_their_own_and_goals_in_turn_share_one():
    """Do goals over the same months stack in as many rows, while goals one after another
    (with room for their labels) share a single row?"""
    at_once = Roadmap(goals=[Goal(f"Course {i}", start_month=0, end_month=12) for i in range(4)])
    plan = layout(at_once, text_width)
    assert plan.rows == {"long": 1, "short": 4}
    assert sorted(p.row for p in plan.lanes["short"]) == [0, 1, 2, 3]
    in_turn = Roadmap(
        goals=[Goal(f"Course {i}", start_month=12 * i, end_month=12 * i + 11) for i in range(4)]
    )
    assert layout(in_turn, text_width).rows == {"long": 1, "short": 1}


def test_the_short_term_rows_ending_latest_sit_next_to_the_long_term_lane():
    """Is the stepping-stone row that ends latest the top one, so links rise across bars
    rather than across other goals' labels?"""
    roadmap = Roadmap(
        goals=[
            Goal("Early", start_month=0, end_month=3),
            Goal("Late", start_month=0, end_month=12),
        ]
    )
    bars = {b.goal.title: b for b in layout(roadmap, text_width).bars()}
    assert bars["Late"].y > bars["Early"].y


def test_a_label_sits_inside_then_right_then_left_and_is_cut_only_when_nothing_fits():
    """Does a title go inside its bar when it fits, else right of it, else left, and only
    when no place holds it whole is it cut, with an ellipsis, where most room is?"""
    roadmap = Roadmap(
        goals=[
            Goal("Fits inside", start_month=0, end_month=24, id="ginside"),
            Goal("Beside the short bar", start_month=0, end_month=1, id="gright"),
            Goal("Near the end of the axis", start_month=57, end_month=60, id="gleft"),
            Goal(LONG_TITLE, start_month=0, end_month=1, id="gcut"),
        ]
    )
    plan = layout(roadmap, text_width)
    placed = {p.goal.id: p for p in plan.lanes["short"]}
    assert [placed[g].where for g in ("ginside", "gright", "gleft")] == ["inside", "right", "left"]
    assert {lab.goal.id: lab.anchor for lab in plan.labels()} == {
        "ginside": "middle",
        "gright": "start",
        "gleft": "end",
        "gcut": "start",
    }
    cut = placed["gcut"].text
    assert cut.endswith("…") and LONG_TITLE.startswith(cut[:-1].rstrip())
    assert len(cut) < len(LONG_TITLE)
    assert all(placed[g].text == placed[g].goal.title for g in ("ginside", "gright", "gleft"))


def test_label_colours_and_backings_keep_the_words_readable():
    """Are words inside a short-term bar white on its plain colour, inside a (hatched)
    long-term bar black on a patch of the bar's colour, and beside a bar black on white?"""
    roadmap = Roadmap(
        goals=[
            Goal("Lead", Horizon.LONG, start_month=0, end_month=50, id="glong"),
            Goal("Course", start_month=0, end_month=24, id="gshort"),
            Goal("A step beside its bar", start_month=30, end_month=31, id="gbeside"),
        ]
    )
    shown = {lab.goal.id: (lab.colour, lab.backing) for lab in layout(roadmap, text_width).labels()}
    assert shown == {
        "glong": ("black", "bar"),
        "gshort": ("white", None),
        "gbeside": ("black", "white"),
    }


def test_the_axes_grow_with_the_rows():
    """Does a roadmap with many overlapping goals get taller axes than one goal (which gets
    the minimum height)?"""
    small = layout(make_roadmap(1), text_width)
    large = layout(make_roadmap(20), text_width)
    assert small.axes_height == MIN_AXES_HEIGHT
    assert large.axes_height == large.n_rows * ROW > small.axes_height + 2
    assert large.fig_height - large.axes_height == pytest.approx(
        small.fig_height - small.axes_height
    )


def test_beyond_five_years_only_when_a_goal_reaches_past_60():
    """Is the axis 60 months with no "beyond" note, until a goal ends later: then the axis
    reaches the end of that goal's year and the note sits over the zone past month 60?"""
    roadmap = make_roadmap(3)
    plan = layout(roadmap, text_width)
    assert (plan.x_end, plan.beyond, plan.beyond_note) == (60, False, None)
    assert [t.text for t in plan.ticks] == [f"Year {i}" for i in range(1, 6)]
    roadmap.add(Goal(title="Start a consultancy", horizon=Horizon.LONG, end_month=84))
    plan = layout(roadmap, text_width)
    assert plan.x_end == 84 and plan.x_right >= 84 and plan.beyond
    note = plan.beyond_note
    assert note is not None and note.text == BEYOND_NOTE
    assert INTERVIEW_WINDOW < note.x <= plan.x_right
    assert [t.text for t in plan.ticks] == [f"Year {i}" for i in range(1, 8)]
    assert [t.x for t in plan.ticks] == [12 * i + 6 for i in range(7)]


def test_a_narrow_zone_past_five_years_ends_its_note_at_the_axis():
    """When the zone past month 60 is too narrow for its note (a phone-sized chart), does the
    note end at the axis' right end instead of spilling past it?"""
    roadmap = Roadmap(goals=[Goal("Far", Horizon.LONG, start_month=0, end_month=61)])
    wide, narrow = layout(roadmap, text_width), layout(roadmap, text_width, PHONE_AXES)
    assert wide.beyond_note is not None and narrow.beyond_note is not None
    assert narrow.beyond_note.anchor == "end" and narrow.beyond_note.x == narrow.x_right
    zone = (wide.x_right - INTERVIEW_WINDOW) / wide.per_inch
    assert (wide.beyond_note.anchor == "middle") == (text_width(BEYOND_NOTE) <= zone)


def test_dated_ticks_are_real_months_and_thin_out_when_they_would_collide():
    """With dates, are the year marks labelled with real months from the start date, and
    out to ten years (or on a phone) every other one left blank so none collide?"""
    roadmap = make_roadmap(5)
    roadmap.start_date = dt.date(2027, 1, 31)
    plan = layout(roadmap, text_width, dates=True)
    assert [(t.x, t.text) for t in plan.ticks] == [(12 * i, f"Jan {2027 + i}") for i in range(6)]
    far = make_roadmap(6, beyond=True)
    far.start_date = dt.date(2026, 9, 1)
    wide = layout(far, text_width, dates=True)
    assert [t.text for t in wide.ticks] == [f"Sep {year}" for year in range(2026, 2037)]
    phone = layout(roadmap, text_width, PHONE_AXES, dates=True)
    assert [t.text for t in phone.ticks] == ["Jan 2027", "", "Jan 2029", "", "Jan 2031", ""]
    for plan in (wide, phone):
        shown = [t for t in plan.ticks if t.text]
        widths = [text_width(t.text) * plan.per_inch for t in shown]
        for (a, wa), (b, wb) in itertools.pairwise(zip(shown, widths, strict=True)):
            assert a.x + wa / 2 < b.x - wb / 2


def test_dated_ticks_without_a_start_date_count_from_today():
    """Without a start date, does the dated axis start at this month?"""
    plan = layout(make_roadmap(2), text_width, dates=True)
    assert plan.ticks[0].text == dt.date.today().strftime("%b %Y")


def test_links_rise_from_each_step_to_inside_its_long_term_bar():
    """Does each linked stepping stone get one link from the top of its bar's end to the
    bottom of its long-term bar, meeting that bar inside its months; and none to a step?"""
    lead = Goal("Lead", Horizon.LONG, start_month=7, end_month=10, id="glead")
    early = Goal("Course", start_month=0, end_month=6, leads_to=lead.id)
    late = Goal("Project", start_month=9, end_month=12, leads_to=lead.id)
    roadmap = Roadmap(goals=[lead, early, late, Goal("Loose", start_month=0, end_month=3)])
    plan = layout(roadmap, text_width)
    bars = {b.goal.id: b for b in plan.bars()}
    links = {k.source.id: k for k in plan.links()}
    assert links.keys() == {early.id, late.id}
    for step in (early, late):
        link = links[step.id]
        assert (link.x0, link.y0) == (step.end_month, bars[step.id].top)
        assert link.y1 == bars[lead.id].bottom
        assert lead.start_month < link.x1 < lead.end_month
    assert links[early.id].x1 == lead.start_month + 0.5  # the step ends before the goal starts
    assert links[late.id].x1 == lead.end_month - 0.5  # ... or after it ends

    steps = Roadmap.from_dict(
        {
            "goals": [
                {"id": "ga", "title": "First step", "end_month": 6},
                {"id": "gb", "title": "Second step", "end_month": 6, "leads_to": "ga"},
            ]
        },
        validate=False,
    )
    assert layout(steps, text_width).links() == []


def test_milestones_sit_on_the_bottom_edge_of_their_bar():
    """Is each milestone placed at its month on the bottom edge of its goal's bar?"""
    roadmap = Roadmap()
    goal = roadmap.add(
        Goal("Course", end_month=12, milestones=[Milestone("half", 6), Milestone("exam", 11)])
    )
    plan = layout(roadmap, text_width)
    (bar,) = plan.bars()
    assert plan.milestones() == [(6, bar.bottom), (11, bar.bottom)]
    assert bar.goal is goal


def test_an_empty_lane_says_so_and_an_empty_chart_has_no_lane_notes():
    """Does a lane with no goal get its note in the middle of the lane, while an empty
    roadmap (whose chart shows one message instead) gets none?"""
    only_long = Roadmap(goals=[Goal("Lead", Horizon.LONG, end_month=50)])
    (note,) = layout(only_long, text_width).lane_notes()
    plan = layout(only_long, text_width)
    assert note.text == LANE_NOTES["short"]
    assert note.y == sum(plan.lane_span("short")) / 2 and note.x == INTERVIEW_WINDOW / 2
    empty = layout(Roadmap(), text_width)
    assert empty.lane_notes() == [] and empty.bars() == [] and empty.rows == {"long": 1, "short": 1}


def test_goals_without_valid_months_are_left_out():
    """Does a roadmap loaded unvalidated lay out only its goals with valid months, dropping
    milestones without one, and leave the roadmap itself alone?"""
    roadmap = UNVALIDATED
    plan = layout(roadmap, text_width)
    assert [b.goal.id for b in plan.bars()] == ["gok"] and plan.milestones() == []
    assert len(roadmap.goals) == 3


def test_the_title_names_the_role_and_is_cut_to_its_room():
    """Is the title the role and employer aimed at, cut with an ellipsis on a phone?"""
    roadmap = make_roadmap(2)
    assert layout(roadmap, text_width).title == "Career roadmap: Data analyst at Acme Ltd"
    roadmap.employer = "The Regional Health Authority of the North and the Islands"
    narrow = layout(roadmap, text_width, PHONE_AXES).title
    assert (
        narrow.endswith("…")
        and narrow[:-1] in f"Career roadmap: Data analyst at {roadmap.employer}"
    )
