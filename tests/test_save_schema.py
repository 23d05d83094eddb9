"""The one schema of a save file: its two validators agree, and a problem names its field."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import json_places, json_values, roadmaps  # tests/ is on sys.path

from workbook import save_schema
from workbook.model import Roadmap
from workbook.store import Work, dumps_work


def _document(roadmap: Roadmap) -> dict:
    work = Work(
        roadmap,
        attempts=[{"question": "q1", "answer": [1], "status": "partial", "score": 0.5, "at": "t"}],
        drafts=[{"name": "career_goals_answer", "text": "I want to lead.", "at": "t"}],
    )
    return json.loads(dumps_work(work))


_VALUES = st.sampled_from([0, 5, 1.5, True, None, "", "x", [], {}, ["a"], {"a": 1}]) | json_values()


@settings(max_examples=60, deadline=None)
@given(roadmap=roadmaps(max_goals=3), pick=st.integers(0, 10_000), value=_VALUES)
def test_the_fast_and_the_explaining_validator_agree(roadmap, pick, value):
    """With any one place of a real save replaced by any value, do the compiled check and
    jsonschema give the same verdict, and does a failing file's message name a field?"""
    doc = _document(roadmap)
    places = json_places(doc)
    *parents, key = places[pick % len(places)]
    node = doc
    for step in parents:
        node = node[step]
    node[key] = value
    explained = list(save_schema._VALIDATORS["save"].iter_errors(doc))
    assert save_schema._passes(doc, "save") == (not explained)
    problem = save_schema.save_problem(doc)
    assert (problem is None) == (not explained)
    if problem and parents[:1] == ["roadmap"] and len(parents) > 1:
        assert str(parents[1]) in problem  # goals[0]..., named as the model names fields


@settings(max_examples=30, deadline=None)
@given(roadmap=roadmaps())
def test_every_save_the_workbook_writes_passes(roadmap):
    """Does every save the store writes (any valid roadmap, attempts, drafts) pass the schema,
    and its roadmap alone pass the roadmap schema?"""
    doc = _document(roadmap)
    assert save_schema.save_problem(doc) is None
    assert save_schema.roadmap_problem(doc["roadmap"]) is None


def test_a_wrong_type_is_named_the_way_the_model_names_fields():
    """Is ``"skills": 5`` in the second goal reported as goals[1].skills, a list expected?"""
    doc = _document(Roadmap.from_dict({"goals": [{"title": "A"}, {"title": "B"}]}))
    doc["roadmap"]["goals"][1]["skills"] = 5
    assert save_schema.save_problem(doc) == (
        "the roadmap inside does not pass its checks "
        "(goals[1].skills are not a list but a whole number)"
    )
    doc["roadmap"]["goals"][1]["skills"] = []
    doc["drafts"][0].pop("text")
    assert save_schema.save_problem(doc) == "its draft #1 has no text"
