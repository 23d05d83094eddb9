"""One vocabulary everywhere a student reads: the five-year window of an interview answer, and
one meaning of SMART's R (relevant to this employer).

The chapters, the quiz questions, the coach's wording, the dashboard and the exports are written
in different files by different hands; this reads them all as plain text and fails on the
phrasings that once contradicted each other.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: what students read: chapters, content data, and the package's own words
SOURCES = sorted(
    [
        *ROOT.glob("notebooks/**/*.ipynb"),
        *ROOT.glob("data/**/*.yaml"),
        *ROOT.glob("workbook/**/*.py"),
        *ROOT.glob("share/jupyter/voila/templates/**/*.j2"),
    ]
)
CONTRADICTIONS = {
    "R spelled 'Realistic'": re.compile(
        r"\bR\s*[–-]\s*Realistic|\*\*R\*\*ealistic|R stands for realistic|"
        r"label:\s*Realistic|Realistic and relevant",
        re.IGNORECASE,
    ),
    "a long-term goal 'up to ten years' in the interview's roadmap": re.compile(
        r"Long-term \((?:up to|within) (?:10|ten) years\)|long-term one by month 120\b",
        re.IGNORECASE,
    ),
}


@pytest.mark.parametrize("name", list(CONTRADICTIONS))
def test_no_source_says_the_contradicting_thing(name: str) -> None:
    """Does no chapter, data file, template or module use the wording that contradicts the
    workbook's one vocabulary?"""
    pattern = CONTRADICTIONS[name]
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)!r}"
        for path in SOURCES
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert found == [], f"{name}: {found}"


def test_the_sources_are_there_to_read() -> None:
    """Does the scan see the chapters, the data and the package (a moved folder would make the
    test above pass by reading nothing)?"""
    kinds = {path.suffix for path in SOURCES}
    assert {".ipynb", ".yaml", ".py", ".j2"} <= kinds
    assert len(SOURCES) > 40
