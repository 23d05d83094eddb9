"""Upgrading files saved by older versions of the workbook, one schema version at a time, so
students keep their work across updates."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from workbook.model import AREAS, SHORT_TERM_MAX_MONTH, Horizon
from workbook.model.rules import now
from workbook.save_schema import ATTEMPT_SCORES
from workbook.store.work import ANSWER_DRAFT, SCHEMA

Migration = Callable[[dict[str, Any]], dict[str, Any]]
#: schema version -> function turning a document of that version into the next version
MIGRATIONS: dict[int, Migration] = {}


def _migration(from_version: int) -> Callable[[Migration], Migration]:
    def register(func: Migration) -> Migration:
        MIGRATIONS[from_version] = func
        return func

    return register


_V1_STATUS = {"correct": "correct", "right": "correct", "wrong": "incorrect", "partial": "partial"}


def _v1_time(value: object) -> str:
    """Version 1 wrote local times without a zone; read them as UTC."""
    try:
        when = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return now().isoformat()
    return (when if when.tzinfo else when.replace(tzinfo=dt.UTC)).isoformat()


def _v1_goal(i: int, old: object) -> tuple[dict[str, Any], bool]:
    """One schema-1 goal as a schema-2 one, and whether it is long-term."""
    if not isinstance(old, dict):
        raise ValueError(f"goal #{i + 1} is not an object")
    title = str(old.get("title", ""))
    end = old.get("end", 6)
    long_term = old.get("term") == "long" or (isinstance(end, int) and end > SHORT_TERM_MAX_MONTH)
    skills = old.get("skills") or ""
    if isinstance(skills, str):
        skills = [s.strip() for s in skills.split(",") if s.strip()]
    goal = {
        "id": "g" + hashlib.sha256(f"{i}:{title}".encode()).hexdigest()[:8],
        "title": title,
        "horizon": str(Horizon.LONG if long_term else Horizon.SHORT),
        "area": old.get("type") if old.get("type") in AREAS else "professional",
        "start_month": old.get("start", 0),
        "end_month": end,
        "start_date": None,
        "smart": {"relevant": str(old.get("why") or "")},
        "milestones": old.get("steps") or [],
        "skills": skills,
        "leads_to": None if long_term else old.get("for"),
    }
    return goal, long_term


def _v1_goals(raw_goals: object) -> list[dict[str, Any]]:
    """Schema-1 goals, with links by a long-term goal's title turned into links by id."""
    if not isinstance(raw_goals, list):
        raise ValueError("its goals are not a list")
    goals: list[dict[str, Any]] = []
    long_ids: dict[str, str] = {}
    for i, old in enumerate(raw_goals):
        goal, long_term = _v1_goal(i, old)
        goals.append(goal)
        if long_term:
            long_ids.setdefault(str(goal["title"]).casefold(), goal["id"])
    for goal in goals:
        if goal["leads_to"] is not None:
            goal["leads_to"] = long_ids.get(str(goal["leads_to"]).casefold())
    return goals


def _v1_attempts(quiz: object, saved: str) -> list[dict[str, Any]]:
    """Schema-1 quiz results (question -> verdict) as attempts, all at the save's time."""
    if not isinstance(quiz, dict):
        raise ValueError("its quiz results are not an object")
    attempts = []
    for question, result in quiz.items():
        status = _V1_STATUS.get(str(result).casefold())
        if status is None:
            raise ValueError(f"quiz result {result!r} for {question!r} is not one it knows")
        attempts.append(
            {
                "question": str(question),
                "answer": None,
                "status": status,
                "score": ATTEMPT_SCORES[status],
                "at": saved,
            }
        )
    return attempts


@_migration(1)
def _v1_to_v2(doc: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 (the first classroom pilot): flat fields, goals by ``term``, links by title.

    Schema 2 moves the roadmap under ``"roadmap"``, gives goals ids, a ``horizon`` and a
    ``leads_to`` link, and keeps attempts and a history of drafts. A short-term goal ending
    after month 12 (schema 1 allowed 24) becomes long-term, as the article counts anything
    beyond a year as long-term; its link, if any, is dropped.
    """
    saved = _v1_time(doc.get("saved"))
    goals = _v1_goals(doc.get("goals") or [])
    attempts = _v1_attempts(doc.get("quiz") or {}, saved)
    answer = doc.get("answer")
    drafts = (
        [{"name": ANSWER_DRAFT, "text": answer, "at": saved}]
        if isinstance(answer, str) and answer.strip()
        else []
    )
    return {
        "schema": SCHEMA,
        "schema_version": 2,
        "saved_at": saved,
        "roadmap": {
            "owner": doc.get("name") or "",
            "role": doc.get("job") or "",
            "employer": doc.get("company") or "",
            "start_date": None,
            "updated": saved,
            "goals": goals,
        },
        "attempts": attempts,
        "drafts": drafts,
    }
