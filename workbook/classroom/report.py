"""The class report: the tables built from a folder, written out as CSV or a self-contained
page."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from workbook.classroom.charts import render_body, render_html
from workbook.classroom.rows import (
    AttemptRow,
    GoalRow,
    StudentRow,
    attempt_rows,
    columns,
    goal_rows,
    latest_text,
    saved_files,
    student_row,
)
from workbook.classroom.tables import ClassTables
from workbook.store import ANSWER_DRAFT, write_atomic


class ClassReport(ClassTables):
    """Tables (pandas) summarising one workshop; ``to_html``/``to_csv`` write them out."""

    # --- outputs ------------------------------------------------------------------------
    def to_csv(self, path: str | os.PathLike[str] | None = None) -> str:
        """The per-student table as CSV (anonymised unless built with names). Every text cell
        is guarded as the roadmap CSV's are: a name like ``=HYPERLINK(...)`` stays text."""
        from workbook.export import guard_cell

        table = self.students.astype(object).map(
            lambda v: guard_cell(v) if isinstance(v, str) else v
        )
        text = table.to_csv(index=False)
        if path is not None:
            _write(Path(path), text.encode("utf-8"))
        return text

    def to_html(self, path: str | os.PathLike[str] | None = None) -> str:
        """A self-contained page: tables and charts inline, no request leaves the machine."""
        page = render_html(self)
        if path is not None:
            _write(Path(path), page.encode("utf-8"))
        return page

    def _repr_html_(self) -> str:
        return render_body(self)

    def __repr__(self) -> str:
        return (
            f"ClassReport({len(self.students)} students, {len(self.goals)} goals, "
            f"{len(self.attempts)} quiz attempts, {len(self.skipped)} files skipped)"
        )


# --- building the report ------------------------------------------------------------------------
def answer_review(text: str) -> tuple[int, list[str]]:
    """Word count and finding codes for one answer, via the coach."""
    from workbook.coach import review

    result = review(text)
    codes = sorted({f.code for f in result.findings})
    return len(text.split()), codes


def class_report(folder: str | os.PathLike[str], *, names: bool = False) -> ClassReport:
    """Read every saved file in ``folder`` and summarise the class."""
    import pandas as pd

    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder; give the workshop's WORKBOOK_DATA folder.")
    students: list[StudentRow] = []
    goals: list[GoalRow] = []
    attempts: list[AttemptRow] = []
    finding_counts: Counter[str] = Counter()
    skipped: list[tuple[str, str]] = []
    for saved in saved_files(folder):
        if saved.work is None:
            skipped.append((str(saved.path.relative_to(folder)), saved.problem or "unreadable"))
            continue
        label = f"Student {len(students) + 1}"
        row = student_row(saved.work, label, names)
        answer = latest_text(saved.work, ANSWER_DRAFT)
        if answer:
            row["answer_words"], codes = answer_review(answer)
            row["answer_findings"] = " ".join(codes)
            finding_counts.update(codes)
        students.append(row)
        goals.extend(goal_rows(saved.work, label))
        attempts.extend(attempt_rows(saved.work, label))
    # the most common finding first, ties alphabetically
    ranked_findings = sorted(finding_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ClassReport(
        folder=folder,
        students=pd.DataFrame(students, columns=columns(StudentRow)),
        goals=pd.DataFrame(goals, columns=columns(GoalRow)),
        attempts=pd.DataFrame(attempts, columns=columns(AttemptRow)),
        findings=pd.DataFrame(ranked_findings, columns=["finding", "answers"]),
        skipped=skipped,
    )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, mode=0o644)
