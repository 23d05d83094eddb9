"""Hypothesis strategies for valid goals and roadmaps, shared by every module's tests.

Everything drawn here passes ``validate()``: text in any script (emoji, accents, right-to-left,
CJK), months inside each horizon's limits, milestones inside their goal, links only from a
stepping stone to a long-term goal of the same roadmap.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from workbook.model import (
    AREAS,
    LONG_TERM_MAX_MONTH,
    MAX_NAME,
    SHORT_TERM_MAX_MONTH,
    Goal,
    Horizon,
    Milestone,
    Roadmap,
    Smart,
    clean_text,
)

__all__ = ["dates", "goals", "json_places", "json_values", "roadmaps", "texts"]

_TODAY = dt.date.today()


def texts(*, min_size: int = 0, max_size: int = 40) -> st.SearchStrategy[str]:
    """Unicode text as a student might type it, tidied as the model tidies it (``clean_text``),
    so a drawn goal equals the goal the model builds from it. No lone surrogates: browsers
    never send them. With ``min_size >= 1`` there is something besides spaces."""
    raw = st.text(st.characters(codec="utf-8"), min_size=min_size, max_size=max_size)
    return raw.map(clean_text).filter(lambda s: min_size <= len(s) <= max_size)


def dates() -> st.SearchStrategy[dt.date]:
    """Real dates the model accepts (within 15 years of today, with a year's margin)."""
    return st.dates(dt.date(_TODAY.year - 14, 1, 1), dt.date(_TODAY.year + 14, 12, 31))


@st.composite
def goals(draw: st.DrawFn, horizon: Horizon | None = None, goal_id: str | None = None) -> Goal:
    """A valid goal (no ``leads_to``; :func:`roadmaps` adds links)."""
    horizon = horizon or draw(st.sampled_from(list(Horizon)))
    top = LONG_TERM_MAX_MONTH if horizon == Horizon.LONG else SHORT_TERM_MAX_MONTH
    start = draw(st.integers(0, top - 1))
    end = draw(st.integers(start + 1, top))
    milestones = draw(
        st.lists(
            st.builds(Milestone, title=texts(min_size=1), month=st.integers(start, end)),
            max_size=3,
        )
    )
    extra = {"id": goal_id} if goal_id else {}
    return Goal(
        title=draw(texts(min_size=1, max_size=120)),
        horizon=horizon,
        area=draw(st.sampled_from(sorted(AREAS))),
        start_month=start,
        end_month=end,
        start_date=draw(st.none() | dates()),
        smart=Smart(*(draw(texts(max_size=80)) for _ in Smart.LETTERS)),
        milestones=milestones,
        skills=draw(st.lists(texts(min_size=1, max_size=60), max_size=4)),
        **extra,
    )


@st.composite
def roadmaps(draw: st.DrawFn, max_goals: int = 6) -> Roadmap:
    """A valid roadmap: some long-term goals, some stepping stones linked to them or not."""
    count = draw(st.integers(0, max_goals))
    ids = draw(
        st.lists(
            st.from_regex(r"g[0-9a-f]{8}", fullmatch=True),
            min_size=count,
            max_size=count,
            unique=True,
        )
    )
    horizons = draw(st.lists(st.sampled_from(list(Horizon)), min_size=count, max_size=count))
    drawn = [draw(goals(h, gid)) for h, gid in zip(horizons, ids, strict=True)]
    long_ids = [g.id for g in drawn if g.horizon == Horizon.LONG]
    for goal in drawn:
        if goal.horizon == Horizon.SHORT and long_ids:
            goal.leads_to = draw(st.none() | st.sampled_from(long_ids))
    return Roadmap(
        owner=draw(texts(max_size=MAX_NAME)),
        role=draw(texts(max_size=60)),
        employer=draw(texts(max_size=60)),
        goals=drawn,
        start_date=draw(st.none() | dates()),
        updated=draw(
            st.datetimes(
                dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1), timezones=st.just(dt.UTC)
            )
        ),
    )


# --- hostile input: any JSON value, anywhere in a document ---------------------------------------
def json_values(*, nan: bool = False) -> st.SearchStrategy[object]:
    """Any small JSON value (with NaN and the infinities when ``nan``), to put where a save
    file or a batch line expects something else."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(-(10**30), 10**30)
        | st.floats(allow_nan=nan, allow_infinity=nan)
        | st.text(max_size=30)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )


def json_places(node: object, here: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    """Every place in a JSON document as a path of keys and indexes (the root excluded)."""
    if isinstance(node, dict):
        items = list(node.items())
    elif isinstance(node, list):
        items = list(enumerate(node))
    else:
        return []
    out: list[tuple[object, ...]] = []
    for key, child in items:
        out.append((*here, key))
        out.extend(json_places(child, (*here, key)))
    return out
