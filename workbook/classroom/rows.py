"""Reading a class folder: every save once, whatever its layout, and one row per student,
goal and quiz attempt. Nothing here trusts a file: one that cannot be used is listed with the
reason instead."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TypedDict

from workbook.model import AREAS, Smart
from workbook.store import SavedFile, Work, iter_saved


class StudentRow(TypedDict):
    """One student in :attr:`ClassReport.students` (and the CSV): these keys are its columns."""

    student: str  #: "Student 3", or the name the student gave when the report shows names
    role: str
    employer: str
    goals: int
    short_term: int
    long_term: int
    long_term_with_steps: int
    smart_complete_goals: int
    quiz_attempts: int
    quiz_correct: int  #: questions answered correctly at least once
    answer_words: int | None  #: ``None`` without a drafted answer
    answer_findings: str  #: the coach's finding codes, space-separated
    updated: str


class GoalRow(TypedDict):
    """One goal in :attr:`ClassReport.goals`."""

    student: str
    area: str
    horizon: str
    months: int
    stepping_stones: int
    smart_answered: int


class AttemptRow(TypedDict):
    """One quiz attempt in :attr:`ClassReport.attempts`."""

    student: str
    question: str
    status: str
    at: str


def columns(row: type[StudentRow] | type[GoalRow] | type[AttemptRow]) -> list[str]:
    """A table's columns, in order: its row type's keys, so the two never disagree."""
    return list(row.__annotations__)


def saved_files(folder: Path) -> list[SavedFile]:
    """Every save under ``folder`` once, in path order: one folder for a Voila workshop, one
    sub-folder per student on JupyterHub. Links are not followed (a link could lead out of
    the folder, or back into it and count a class twice), and a file with a second name (a
    hard link) counts once; each is listed with the reason instead."""
    folders: list[Path] = []
    found: list[SavedFile] = []
    for root, dirs, _files in os.walk(folder, followlinks=False):
        here = Path(root)
        folders.append(here)
        for name in [d for d in dirs if (here / d).is_symlink()]:
            dirs.remove(name)
            found.append(
                SavedFile(
                    here / name,
                    None,
                    "A link to a folder, not followed: only folders inside the class folder count.",
                )
            )
    found.extend(saved for f in folders for saved in iter_saved(f))
    found.sort(key=lambda s: str(s.path.relative_to(folder)))
    seen: dict[tuple[int, int], Path] = {}
    out: list[SavedFile] = []
    for saved in found:
        if saved.work is not None:
            try:
                info = os.stat(saved.path, follow_symlinks=False)
            except OSError:
                info = None
            if info is not None:
                key = (info.st_dev, info.st_ino)
                if key in seen:
                    first = seen[key].relative_to(folder)
                    saved = SavedFile(saved.path, None, f"The same file as {first}, counted once.")
                else:
                    seen[key] = saved.path
        out.append(saved)
    return out


def latest_text(work: Work, name: str) -> str:
    for draft in reversed(work.drafts):
        if isinstance(draft, dict) and draft.get("name") == name:
            text = draft.get("text")
            return text if isinstance(text, str) else ""
    return ""


def student_row(work: Work, label: str, names: bool) -> StudentRow:
    roadmap = work.roadmap
    long_term = roadmap.long_term
    statuses = [a.get("status") for a in work.attempts if isinstance(a, dict)]
    return {
        "student": (roadmap.owner or label) if names else label,
        "role": roadmap.role if names else "",
        "employer": roadmap.employer if names else "",
        "goals": len(roadmap.goals),
        "short_term": len(roadmap.short_term),
        "long_term": len(long_term),
        "long_term_with_steps": sum(1 for g in long_term if roadmap.stepping_stones(g.id)),
        "smart_complete_goals": sum(
            1 for g in roadmap.goals if len(g.smart.answered()) == len(Smart.LETTERS)
        ),
        "quiz_attempts": len(statuses),
        "quiz_correct": len(
            {
                a.get("question")
                for a in work.attempts
                if isinstance(a, dict) and a.get("status") == "correct"
            }
        ),
        "answer_words": None,
        "answer_findings": "",
        "updated": roadmap.updated.isoformat(),
    }


def goal_rows(work: Work, label: str) -> list[GoalRow]:
    roadmap = work.roadmap
    return [
        {
            "student": label,
            "area": AREAS.get(g.area, g.area),
            "horizon": str(g.horizon),
            "months": g.end_month - g.start_month,
            "stepping_stones": len(roadmap.stepping_stones(g.id)) if g.is_long_term else 0,
            "smart_answered": len(g.smart.answered()),
        }
        for g in roadmap.goals
    ]


def attempt_rows(work: Work, label: str) -> list[AttemptRow]:
    """The student's quiz attempts, as the report's rows (anything not an object is skipped)."""
    return [
        {
            "student": label,
            "question": str(a.get("question", "")),
            "status": str(a.get("status", "")),
            "at": str(a.get("at", "")),
        }
        for a in work.attempts
        if isinstance(a, dict)
    ]
