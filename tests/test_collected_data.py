"""The real answers and goals the project collected (``data/real/``): valid, split by site, and
never a copy of the shared real data the coach is measured on (issue 11)."""

from __future__ import annotations

import difflib
import json
import re
import shutil
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from test_coach import _bench  # tests/ is on sys.path under pytest

from workbook.content import ContentError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
BENCH = _bench()  # bench/coach_quality.py, loaded once


def _words(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


@pytest.mark.parametrize("kind", ["answers", "goals"])
def test_the_collected_rows_load_and_each_site_sits_in_one_half(kind):
    """Are the rows valid, many, and is every site wholly in the tune or the check half?"""
    rows = BENCH.load_collected(kind)
    assert len(rows) >= 150
    halves: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        halves[BENCH.site(row)].add(row["half"])
    assert all(len(h) == 1 for h in halves.values()), "a site split across halves"
    counts = [sum(r["half"] == h for r in rows) for h in ("collected tune", "collected check")]
    assert min(counts) >= len(rows) // 3, counts
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))


def test_a_collected_row_without_a_label_is_named_when_loaded(tmp_path, monkeypatch):
    """Does a row missing a label stop the loader with the file and the field?"""
    shutil.copytree(DATA / "real", tmp_path / "real")
    path = tmp_path / "real" / "answers.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines()
    row = json.loads(lines[3])
    del row["labels"]["salary"]
    lines[3] = json.dumps(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.setenv("WORKBOOK_CONTENT", str(tmp_path))
    with pytest.raises(ContentError) as err:
        BENCH.load_collected("answers")
    assert "answers.jsonl" in str(err.value) and "salary" in str(err.value)


def test_the_trainer_can_keep_each_site_in_one_fold():
    """With ``--by-site``, do all rows of a site fall in the same cross-validation fold?"""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import train_coach
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    rows = BENCH.load_collected("answers")
    for repeat in range(train_coach.CV_REPEATS):
        folds: dict[str, set[int]] = defaultdict(set)
        for row in rows:
            folds[BENCH.site(row)].add(train_coach.fold(row, repeat, by_site=True))
        assert all(len(f) == 1 for f in folds.values())
        assert len({f for fs in folds.values() for f in fs}) == train_coach.CV_FOLDS


@pytest.mark.parametrize(
    ("kind", "shared"), [("answers", "answers.jsonl"), ("goals", "smart_goals.jsonl")]
)
def test_no_collected_row_comes_from_the_sites_or_texts_the_coach_is_measured_on(kind, shared):
    """Does no collected row share a site with the shared real data, or copy one of its rows?
    (Run where the shared real data are present; elsewhere there is nothing to compare.)"""
    measured = BENCH.load_real(shared)
    if measured is None:
        pytest.skip(f"no shared real data in {BENCH.real_data_dir()}")
    collected = BENCH.load_collected(kind)
    assert not {BENCH.site(r) for r in collected} & {BENCH.site(r) for r in measured}
    theirs = [_words(r["text"]) for r in measured]
    for row in collected:
        mine = _words(row["text"])
        for other in theirs:
            matcher = difflib.SequenceMatcher(None, mine, other)
            assert matcher.quick_ratio() <= 0.8 or matcher.ratio() <= 0.8, (row["id"], other)
