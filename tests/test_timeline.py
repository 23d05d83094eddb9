"""The five-year timeline chart and its description in words."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from workbook.model import Goal, Horizon, Milestone, Roadmap, Smart
from workbook.store import iter_saved, save_roadmap
from workbook.timeline import EMPTY_MESSAGE, describe, layout, timeline_chart, window_words
from workbook.timeline.mpl import MatplotlibMeasure

ROOT = Path(__file__).resolve().parent.parent
LONG_TITLE = (
    "Become the person who leads the regional analytics team and owns the quarterly "
    "planning for every office in the north"
)


def make_roadmap(n: int, *, long_titles: bool = False, beyond: bool = False) -> Roadmap:
    """``n`` goals: about a third long-term, the rest stepping stones linked to them.

    Starts and ends are staggered so that many windows overlap and rows must be packed.
    """
    roadmap = Roadmap(owner="Ana", role="Data analyst", employer="Acme Ltd")
    n_long = max(1, n // 3) if n > 1 else n
    longs = []
    for i in range(n_long):
        end = 120 - 7 * i if beyond else 60 - 5 * i
        title = f"{LONG_TITLE} {i}" if long_titles else f"Lead analytics {i}"
        goal = Goal(
            title=title,
            horizon=Horizon.LONG,
            area="leadership",
            start_month=4 * i,
            end_month=end,
            milestones=[Milestone(f"Checkpoint {i}", 4 * i + 6)],
        )
        roadmap.add(goal)
        longs.append(goal)
    for i in range(n - n_long):
        start = i % 7
        title = (
            f"Finish a long SQL course with a certificate and a capstone {i}"
            if long_titles
            else f"SQL course {i}"
        )
        roadmap.add(
            Goal(
                title=title,
                start_month=start,
                end_month=min(12, start + 1 + i % 5),
                milestones=[Milestone("half way", start + 1), Milestone("done", start + 1)],
                leads_to=longs[i % len(longs)].id if longs and i % 4 != 3 else None,
            )
        )
    return roadmap


def by_gid(fig: Figure, gid: str) -> list:
    """Artists tagged ``gid`` exactly, or every ``gid…`` when it ends with a dash."""
    if gid.endswith("-"):
        return [a for a in fig.findobj() if (a.get_gid() or "").startswith(gid)]
    return [a for a in fig.findobj() if a.get_gid() == gid]


def shown_texts(fig: Figure) -> list[Text]:
    """Every piece of text the canvas draws: labels, titles, tick labels, legend entries."""
    fig.canvas.draw()
    tick_labels = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in (*axis.majorTicks, *axis.minorTicks):
                tick_labels |= {id(tick.label1), id(tick.label2)}
    drawn_ticks = [
        t
        for ax in fig.axes
        for t in (*ax.get_xticklabels(which="both"), *ax.get_yticklabels(which="both"))
    ]
    others = [t for t in fig.findobj(Text) if id(t) not in tick_labels]
    return [t for t in others + drawn_ticks if t.get_visible() and t.get_text().strip()]


def overlaps(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


@pytest.mark.parametrize("n", [1, 5, 15, 20])
@pytest.mark.parametrize("long_titles", [False, True])
def test_bars_milestones_and_links_are_all_drawn(n, long_titles):
    """Does the chart draw one bar per goal, every milestone and every stepping-stone link?"""
    roadmap = make_roadmap(n, long_titles=long_titles)
    fig = timeline_chart(roadmap)
    bars = by_gid(fig, "wb-bar-")
    assert sorted(b.get_gid() for b in bars) == sorted(f"wb-bar-{g.id}" for g in roadmap.goals)
    assert len(by_gid(fig, "wb-milestone")) == sum(len(g.milestones) for g in roadmap.goals)
    assert len(by_gid(fig, "wb-link")) == sum(1 for g in roadmap.short_term if g.leads_to)
    assert len(by_gid(fig, "wb-now")) == 1
    assert by_gid(fig, "wb-beyond") == []


@pytest.mark.parametrize(("n", "beyond"), [(4, False), (15, True)])
def test_every_bar_label_and_milestone_of_the_layout_is_drawn_where_the_layout_puts_it(n, beyond):
    """Does the figure draw each of the layout's bars, labels (text, place, alignment,
    colour) and milestones at the layout's months and rows, and one arrow per link?"""
    roadmap = make_roadmap(n, long_titles=True, beyond=beyond)
    plan = layout(roadmap, MatplotlibMeasure())
    fig = timeline_chart(roadmap)
    ha = {"start": "left", "middle": "center", "end": "right"}
    for bar in plan.bars():
        (drawn,) = by_gid(fig, f"wb-bar-{bar.goal.id}")
        assert (drawn.get_x(), drawn.get_x() + drawn.get_width()) == (bar.x0, bar.x1)
        assert drawn.get_y() == pytest.approx(bar.bottom)
        assert drawn.get_y() + drawn.get_height() == pytest.approx(bar.top)
    for label in plan.labels():
        (drawn,) = by_gid(fig, f"wb-label-{label.goal.id}")
        assert drawn.get_text() == label.text
        assert drawn.get_position() == pytest.approx((label.x, label.y))
        assert (drawn.get_horizontalalignment(), drawn.get_color()) == (
            ha[label.anchor],
            label.colour,
        )
    marks = sorted((m.get_xdata()[0], m.get_ydata()[0]) for m in by_gid(fig, "wb-milestone"))
    assert marks == sorted(plan.milestones())
    assert len(by_gid(fig, "wb-link")) == len(plan.links())
    ticks = fig.axes[0].get_xticklabels(which="minor")
    assert [(t.get_position()[0], t.get_text()) for t in ticks] == [
        (t.x, t.text) for t in plan.ticks
    ]


@pytest.mark.parametrize("n", [1, 5, 15, 20])
@pytest.mark.parametrize(("long_titles", "beyond"), [(False, False), (True, False), (True, True)])
def test_no_two_labels_overlap(n, long_titles, beyond):
    """With 1, 5, 15 or 20 goals, long titles or not, does any text touch another?"""
    roadmap = make_roadmap(n, long_titles=long_titles, beyond=beyond)
    fig = timeline_chart(roadmap)
    texts = shown_texts(fig)
    assert len([t for t in texts if (t.get_gid() or "").startswith("wb-label-")]) == n
    boxes = [(t.get_text(), t.get_window_extent()) for t in texts]
    clashes = [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if overlaps(ba, bb)]
    assert clashes == []
    whole = fig.bbox
    for text, box in boxes:  # nothing is cut off at the figure's edge
        assert whole.x0 - 1 <= box.x0 and box.x1 <= whole.x1 + 1, text
        assert whole.y0 - 1 <= box.y0 and box.y1 <= whole.y1 + 1, text


@pytest.mark.parametrize("n", [5, 20])
def test_a_label_never_covers_another_goals_bar(n):
    """Is each goal's label clear of every other goal's bar (rows are packed with labels)?"""
    roadmap = make_roadmap(n, long_titles=True)
    fig = timeline_chart(roadmap)
    fig.canvas.draw()
    bars = {b.get_gid()[len("wb-bar-") :]: b.get_window_extent() for b in by_gid(fig, "wb-bar-")}
    for label in by_gid(fig, "wb-label-"):
        own = label.get_gid()[len("wb-label-") :]
        box = label.get_window_extent()
        hit = [gid for gid, bar in bars.items() if gid != own and overlaps(box, bar)]
        assert hit == [], label.get_text()


def test_figure_grows_with_the_rows():
    """Does a roadmap with many overlapping goals get a taller figure than one goal?"""
    small = timeline_chart(make_roadmap(1))
    large = timeline_chart(make_roadmap(20))
    assert large.get_figheight() > small.get_figheight() + 2


def test_long_titles_are_cut_with_an_ellipsis_but_described_in_full():
    """Is a very long title shortened on the chart, and kept whole in describe()?"""
    roadmap = Roadmap()
    goal = roadmap.add(Goal(title=LONG_TITLE, start_month=0, end_month=1))
    fig = timeline_chart(roadmap)
    (label,) = by_gid(fig, f"wb-label-{goal.id}")
    assert label.get_text().endswith("…")
    assert LONG_TITLE.startswith(label.get_text()[:-1].rstrip())
    assert len(label.get_text()) < len(LONG_TITLE)
    assert LONG_TITLE in describe(roadmap)


def test_beyond_five_years_zone_only_when_a_goal_reaches_past_60():
    """Is the 'beyond 5 years' zone shown only when needed, with the axis reaching the goal?"""
    roadmap = make_roadmap(3)
    fig = timeline_chart(roadmap)
    assert by_gid(fig, "wb-beyond") == [] and by_gid(fig, "wb-beyond-label") == []
    assert fig.axes[0].get_xlim()[1] < 61

    far = roadmap.add(Goal(title="Start a consultancy", horizon=Horizon.LONG, end_month=84))
    fig = timeline_chart(roadmap)
    (zone,) = by_gid(fig, "wb-beyond")
    (label,) = by_gid(fig, "wb-beyond-label")
    assert label.get_text() == "beyond 5 years"
    assert zone.get_x() == 60
    assert fig.axes[0].get_xlim()[1] >= far.end_month
    year_labels = [t.get_text() for t in fig.axes[0].get_xticklabels(which="minor")]
    assert year_labels == [f"Year {i}" for i in range(1, 8)]


def test_years_axis_labels():
    """Are months 0 to 60 labelled Year 1 … Year 5, with year boundaries every 12 months?"""
    fig = timeline_chart(make_roadmap(5))
    ax = fig.axes[0]
    fig.canvas.draw()
    assert list(ax.get_xticks()) == [0, 12, 24, 36, 48, 60]
    minor = ax.get_xticklabels(which="minor")
    assert [t.get_text() for t in minor] == [f"Year {i}" for i in range(1, 6)]
    assert [t.get_position()[0] for t in minor] == [6, 18, 30, 42, 54]
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    assert any("Short-term" in s for s in lanes) and any("Long-term" in s for s in lanes)


def test_dates_axis_uses_the_roadmap_start_date():
    """With dates=True, are the year boundaries labelled with real months from the start date?"""
    roadmap = make_roadmap(5)
    roadmap.start_date = dt.date(2027, 1, 31)
    fig = timeline_chart(roadmap, dates=True)
    fig.canvas.draw()
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert labels == ["Jan 2027", "Jan 2028", "Jan 2029", "Jan 2030", "Jan 2031", "Jan 2032"]
    assert not any(t.get_text().startswith("Year") for t in shown_texts(fig))


def test_dates_axis_counts_from_today_without_a_start_date():
    """Without a start date, does the dated axis start at today's month?"""
    fig = timeline_chart(make_roadmap(2), dates=True)
    fig.canvas.draw()
    first = fig.axes[0].get_xticklabels()[0].get_text()
    assert first == dt.date.today().strftime("%b %Y")


def test_dates_axis_with_ten_years_has_no_clashing_labels():
    """Does a dated axis out to month 120 still keep its labels apart?"""
    roadmap = make_roadmap(6, beyond=True)
    roadmap.start_date = dt.date(2026, 9, 1)
    fig = timeline_chart(roadmap, dates=True)
    boxes = [t.get_window_extent() for t in shown_texts(fig)]
    assert not any(overlaps(a, b) for a, b in itertools.combinations(boxes, 2))


def test_empty_roadmap_shows_a_helpful_empty_chart():
    """Does an empty roadmap give the year axis and a message saying what to add first?"""
    fig = timeline_chart(Roadmap())
    (message,) = by_gid(fig, "wb-empty")
    assert message.get_text() == EMPTY_MESSAGE
    assert by_gid(fig, "wb-bar-") == [] and by_gid(fig, "wb-link") == []
    texts = [t.get_text() for t in shown_texts(fig)]
    assert {f"Year {i}" for i in range(1, 6)} <= set(texts)


def test_title_names_role_and_employer():
    """Is the chart titled with the role and employer aimed at?"""
    fig = timeline_chart(make_roadmap(2))
    (title,) = by_gid(fig, "wb-title")
    assert title.get_text() == "Career roadmap: Data analyst at Acme Ltd"


def test_dollar_signs_are_drawn_literally():
    """Does user text with '$' signs draw as typed instead of crashing in mathtext?"""
    roadmap = Roadmap(role="Earn $5 more $", employer="$x^2$ Corp")
    goal = roadmap.add(Goal(title="Save $100 and $\\alpha$", start_month=0, end_month=8))
    fig = timeline_chart(roadmap)
    texts = shown_texts(fig)  # draws the canvas: mathtext would raise on the lone '$'
    shown = {t.get_text(): t for t in texts}
    label = shown["Save $100 and $\\alpha$"]
    assert label.get_gid() == f"wb-label-{goal.id}"
    assert label.get_parse_math() is False
    assert shown["Career roadmap: Earn $5 more $ at $x^2$ Corp"].get_parse_math() is False


def test_lanes_differ_by_more_than_colour():
    """Are long-term bars hatched and short-term bars plain, besides their colours?"""
    roadmap = make_roadmap(4)
    fig = timeline_chart(roadmap)
    for goal in roadmap.goals:
        (bar,) = by_gid(fig, f"wb-bar-{goal.id}")
        assert bool(bar.get_hatch()) == goal.is_long_term


def test_draws_into_a_given_axes():
    """Given an Axes of another figure, is the chart drawn there and that figure returned?"""
    fig = Figure(figsize=(12, 6))
    ax = fig.add_subplot()
    roadmap = make_roadmap(3)
    assert timeline_chart(roadmap, ax=ax) is fig
    assert len(by_gid(fig, "wb-bar-")) == 3


def test_charts_can_be_drawn_in_threads():
    """Can several charts be drawn at once in threads (no pyplot global state)?"""

    def draw(n: int) -> int:
        fig = timeline_chart(make_roadmap(n))
        fig.canvas.draw()
        return len(by_gid(fig, "wb-bar-"))

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert list(pool.map(draw, [1, 5, 9, 12])) == [1, 5, 9, 12]


def test_goals_without_valid_months_are_left_out_not_crashed_on():
    """Does a roadmap loaded unvalidated, with a goal lacking valid months, still draw?"""
    roadmap = Roadmap.from_dict(
        {
            "goals": [
                {"id": "gok", "title": "Fine", "end_month": 6, "milestones": [{"title": "m"}]},
                {"id": "gbad", "title": "No months", "start_month": None, "end_month": "x"},
                {"id": "grev", "title": "Backwards", "start_month": 5, "end_month": 2},
            ]
        },
        validate=False,
    )
    fig = timeline_chart(roadmap)
    shown_texts(fig)  # draws
    assert [b.get_gid() for b in by_gid(fig, "wb-bar-")] == ["wb-bar-gok"]
    assert by_gid(fig, "wb-milestone") == []
    text = describe(roadmap)
    assert "“Fine”" in text and "No months" not in text
    assert "2 goals are left out" in text
    assert len(roadmap.goals) == 3  # nothing was removed from the roadmap itself


# --- describe() ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("start", "end", "words"),
    [
        (0, 6, "months 0–6 (first half of year 1)"),
        (6, 12, "months 6–12 (second half of year 1)"),
        (0, 12, "months 0–12 (all of year 1)"),
        (3, 9, "months 3–9 (during year 1)"),
        (12, 48, "months 12–48 (from the start of year 2 to the end of year 4)"),
        (6, 28, "months 6–28 (from the middle of year 1 to the first half of year 3)"),
        (6, 30, "months 6–30 (from the middle of year 1 to the middle of year 3)"),
        (24, 84, "months 24–84 (from the start of year 3 to the end of year 7, beyond 5 years)"),
    ],
)
def test_window_words(start, end, words):
    """Is a goal's window put in plain words a student would say?"""
    assert window_words(start, end) == words


def test_describe_tells_everything_the_chart_shows():
    """Does describe() list lanes, windows, milestones, links, stepping stones and advice?"""
    roadmap = Roadmap(owner="Ana", role="Data analyst", employer="Acme Ltd")
    lead = roadmap.add(
        Goal(
            title="Lead the analytics team",
            horizon=Horizon.LONG,
            area="leadership",
            start_month=12,
            end_month=48,
            milestones=[Milestone("Present to the board", 30)],
        )
    )
    roadmap.add(Goal(title="Finish an SQL course", end_month=6, leads_to=lead.id))
    roadmap.add(Goal(title="Find a mentor", start_month=2, end_month=5, leads_to=lead.id))
    text = describe(roadmap)
    assert text.startswith("Career roadmap for Ana: Data analyst at Acme Ltd.")
    assert "Long-term lane (destinations): 1 goal." in text
    assert "Short-term lane (stepping stones): 2 goals." in text
    assert (
        "“Lead the analytics team”: months 12–48 (from the start of year 2 to the end of year 4)"
        in text
    )
    assert "“Finish an SQL course”: months 0–6 (first half of year 1)" in text
    assert "Milestones: “Present to the board” at month 30." in text
    assert "Stepping stones: “Finish an SQL course”, “Find a mentor”." in text
    assert text.count("Leads to: “Lead the analytics team”.") == 2
    assert "Beyond 5 years" not in text
    for advice in roadmap.advice():
        assert advice.message in text
    assert text.index("Long-term lane") < text.index("Short-term lane") < text.index("Advice:")


def test_describe_notes_goals_beyond_five_years_and_loose_steps():
    """Are goals past month 60 and steps that lead nowhere called out in words?"""
    roadmap = Roadmap(start_date=dt.date(2026, 3, 1))
    roadmap.add(Goal(title="Open a bakery", horizon=Horizon.LONG, start_month=24, end_month=84))
    roadmap.add(Goal(title="Bake daily", end_month=3, smart=Smart(specific="x")))
    text = describe(roadmap)
    assert "Beyond 5 years: “Open a bakery” reaches month 84 (year 7)" in text
    assert "starting March 2026" in text and "March 2028 to March 2033" in text
    assert "“Bake daily”: months 0–3" in text and "Leads to: no long-term goal yet." in text
    assert "Stepping stones: none yet." in text
    assert {a.code for a in roadmap.advice()} >= {"beyond_5_years", "leads_nowhere"}


def test_describe_an_empty_roadmap():
    """Does an empty roadmap get a helpful sentence instead of empty lanes?"""
    text = describe(Roadmap())
    assert "No goals yet" in text and "long-term goal" in text
    assert "lane" not in text
    assert Roadmap().advice()[0].message in text


# --- the command line -------------------------------------------------------------------------
def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workbook", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_describe_prints_the_description(tmp_path):
    """Does `python -m workbook describe` print describe() for a save file and a bare roadmap?"""
    roadmap = make_roadmap(4)
    save_roadmap(roadmap, folder=tmp_path / "saved")
    (saved,) = list(iter_saved(tmp_path / "saved"))
    store_file = saved.path
    bare = tmp_path / "roadmap.json"
    bare.write_text(json.dumps(roadmap.to_dict()))
    for path in (store_file, bare):
        out = run_cli("describe", str(path), cwd=ROOT)
        assert out.returncode == 0, out.stderr
        assert out.stdout == describe(roadmap) + "\n"


def test_cli_describe_bad_file_is_a_friendly_error(tmp_path):
    """Does a corrupt roadmap file give exit code 2 and a message, not a traceback?"""
    bad = tmp_path / "broken.json"
    bad.write_text('{"goals": [')
    out = run_cli("describe", str(bad), cwd=ROOT)
    assert out.returncode == 2
    assert "not valid JSON" in out.stderr and "Traceback" not in out.stderr


def test_a_label_inside_a_long_term_bar_sits_on_plain_colour_not_hatching():
    """Is the title written inside a (hatched) long-term bar given a solid patch of the bar's
    colour behind it, so the hatching never runs through the letters in a download?"""
    from matplotlib.colors import to_rgba

    from workbook.timeline import COLOURS

    roadmap = Roadmap(goals=[Goal("Lead the team", Horizon.LONG, end_month=50, id="glong")])
    fig = timeline_chart(roadmap)
    shown_texts(fig)
    (label,) = by_gid(fig, "wb-label-glong")
    patch = label.get_bbox_patch()
    assert patch is not None
    assert patch.get_facecolor() == to_rgba(COLOURS["long"])
