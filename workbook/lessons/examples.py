"""Chapter 5: the article's example goals from ``data/examples/pairs.yaml``, as dicts
(:func:`example_pairs`), as a table (:func:`example_table`, the only user of pandas, imported
there alone) and as a roadmap to show on the timeline (:func:`sample_roadmap`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbook.content import load_content
from workbook.lessons.common import ID_SCHEMA, TEXT_SCHEMA, unique_ids
from workbook.model import AREAS, INTERVIEW_WINDOW, SHORT_TERM_MAX_MONTH, Goal, Horizon, Roadmap

if TYPE_CHECKING:
    import pandas

__all__ = ["PAIRS_SCHEMA", "example_pairs", "example_table", "sample_roadmap"]


def _goal_schema(top: int) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["title", "end_month"],
        "properties": {
            "title": {"type": "string", "minLength": 1, "maxLength": 120},
            "start_month": {"type": "integer", "minimum": 0, "maximum": top},
            "end_month": {"type": "integer", "minimum": 1, "maximum": top},
            "skills": {"type": "array", "maxItems": 15, "items": {"type": "string"}},
        },
        "additionalProperties": False,
    }


PAIRS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["pairs"],
    "properties": {
        "pairs": {
            "type": "array",
            "minItems": 1,
            "maxItems": 10,
            "items": {
                "type": "object",
                "required": ["id", "area", "short_term", "long_term", "why"],
                "properties": {
                    "id": ID_SCHEMA,
                    "area": {"enum": list(AREAS)},
                    "short_term": _goal_schema(SHORT_TERM_MAX_MONTH),
                    "long_term": _goal_schema(INTERVIEW_WINDOW),
                    "why": TEXT_SCHEMA,
                },
                "additionalProperties": False,
            },
        }
    },
    "additionalProperties": False,
}


def example_pairs() -> list[dict[str, Any]]:
    """The example pairs from ``data/examples/pairs.yaml``, each with its area's title."""
    data = load_content("examples/pairs.yaml", PAIRS_SCHEMA)
    unique_ids(data["pairs"], "data/examples/pairs.yaml")
    return [{**pair, "area_title": AREAS[pair["area"]]} for pair in data["pairs"]]


def example_table() -> pandas.DataFrame:
    """The example pairs as a table: area, stepping stone, destination and why they fit."""
    import pandas as pd  # chapter 5 only: pandas stays off the student's start-up path

    rows = [
        {
            "Area": p["area_title"],
            "Short term (stepping stone)": p["short_term"]["title"],
            "Step done by month": p["short_term"]["end_month"],
            "Long term (destination)": p["long_term"]["title"],
            "Goal reached by month": p["long_term"]["end_month"],
            "Why the pair works": p["why"],
        }
        for p in example_pairs()
    ]
    return pd.DataFrame(rows)


def _goal(data: dict[str, Any], horizon: Horizon, area: str, key: str, **more: Any) -> Goal:
    """One goal of an example pair, under a stable id."""
    start, end = data.get("start_month", 0), data["end_month"]
    return Goal(data["title"], horizon, area, start, end, id=key, **more)


def sample_roadmap() -> Roadmap:
    """A valid roadmap built from the example pairs: each step leads to its destination."""
    goals: list[Goal] = []
    for pair in example_pairs():
        area, key = pair["area"], pair["id"]
        destination = _goal(pair["long_term"], Horizon.LONG, area, f"{key}-long")
        skills = list(pair["short_term"].get("skills", []))
        step = _goal(
            pair["short_term"],
            Horizon.SHORT,
            area,
            f"{key}-short",
            skills=skills,
            leads_to=destination.id,
        )
        goals += [destination, step]
    return Roadmap(role="Example goals from chapter 5", goals=goals).validate()
