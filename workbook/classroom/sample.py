"""A made-up class, for trying the report, the benchmark and the tests."""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

from workbook.model import AREAS, Goal, Horizon, Roadmap, Smart
from workbook.store import ANSWER_DRAFT, Work, save_work

_ROLES = [
    "data analyst",
    "nurse",
    "sales lead",
    "teacher",
    "software engineer",
    "chef",
    "warehouse supervisor",
    "designer",
    "accountant",
    "project coordinator",
]
_SHORT = [
    "Finish an online course in {skill}",
    "Shadow a senior {role} for a quarter",
    "Lead one small project end to end",
    "Get certified in {skill}",
    "Present at a team meeting every month",
    "Find a mentor in the department",
]
_LONG = [
    "Lead a team of {role}s",
    "Move into product management",
    "Complete a part-time degree",
    "Run the regional {role} programme",
    "Become the go-to expert in {skill}",
]
_SKILLS = ["SQL", "negotiation", "scheduling", "public speaking", "budgeting", "Python", "coaching"]
_OPENINGS = [
    "In the long run I want to {long}.",
    "My main goal is to {long} within five years.",
    "I'd love to {long} one day.",
]
_STEPS = [
    "To get there, this year I plan to {short}.",
    "First I will {short} in the next months.",
    "My next step is to {short}.",
]
_EXTRAS = [
    "",
    " Honestly I am happy where I am and don't want much to change.",
    " A higher salary and better benefits matter most to me.",
    " In ten years I see myself retired somewhere warm.",
    " I want to open my own bakery in two years.",
    " I'm really excited about this role.",
]


_QUESTIONS = [f"ch{c}-q{q}" for c in range(1, 8) for q in range(1, 4)]


def _sample_roadmap(rng: random.Random, i: int) -> tuple[Roadmap, str, str]:
    """Student ``i``'s roadmap, with the role and skill its goals were worded for."""
    areas = list(AREAS)
    role, skill = rng.choice(_ROLES), rng.choice(_SKILLS)
    roadmap = Roadmap(owner=f"Learner {i + 1}", role=role, employer="Acme Ltd")
    longs = [
        roadmap.add(
            Goal(
                rng.choice(_LONG).format(role=role, skill=skill),
                horizon=Horizon.LONG,
                area=rng.choice(areas),
                start_month=0,
                end_month=rng.choice([24, 36, 48, 60, 72]),
            )
        )
        for _ in range(rng.randint(0, 2))
    ]
    for _ in range(rng.randint(0, 4)):
        start = rng.randint(0, 6)
        goal = Goal(
            rng.choice(_SHORT).format(role=role, skill=skill),
            area=rng.choice(areas[:3]),
            start_month=start,
            end_month=rng.randint(start + 1, 12),
            leads_to=rng.choice([*(g.id for g in longs), None]),
        )
        for letter in Smart.LETTERS[: rng.randint(0, 5)]:
            setattr(goal.smart, letter, f"My {letter} answer.")
        roadmap.add(goal)
    return roadmap, role, skill


def _sample_work(rng: random.Random, i: int) -> Work:
    """Student ``i``'s work: a roadmap, some quiz attempts and, usually, a drafted answer."""
    roadmap, role, skill = _sample_roadmap(rng, i)
    work = Work(roadmap)
    at = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
    for q in rng.sample(_QUESTIONS, rng.randint(0, len(_QUESTIONS))):
        for _ in range(rng.randint(1, 3)):
            at += dt.timedelta(minutes=1)
            status = rng.choice(["correct", "incorrect", "partial"])
            work.attempts.append(
                {
                    "question": q,
                    "answer": "x",
                    "status": status,
                    "score": 1.0 if status == "correct" else 0.0,
                    "at": at.isoformat(),
                }
            )
    if rng.random() < 0.8:
        text = " ".join(
            [
                rng.choice(_OPENINGS).format(long=rng.choice(_LONG).lower()),
                rng.choice(_STEPS).format(short=rng.choice(_SHORT).lower()),
                rng.choice(_EXTRAS),
            ]
        ).format(role=role, skill=skill)
        work.drafts.append({"name": ANSWER_DRAFT, "text": text, "at": at.isoformat()})
    return work


def sample_class(
    folder: str | os.PathLike[str], students: int = 30, *, seed: int = 0, faults: bool = True
) -> Path:
    """Write a made-up class into ``folder`` (plus a few broken files when ``faults``)."""
    rng = random.Random(seed)
    folder = Path(folder)
    for i in range(students):
        save_work(_sample_work(rng, i), folder=folder)
    if faults:
        (folder / "half-written.json").write_text('{"schema": "career-goals-workbook", "sch')
        (folder / "not-ours.json").write_text('{"cells": [], "nbformat": 4}')
        (folder / "nonsense.json").write_text("\x00\x01 not json at all")
    return folder
