"""The instructor's class-wide summary of a workshop's saved work.

This is the one module that uses pandas: the report is an instructor's tool, so it stays off
the student's path (nothing imports this module except the instructor's notebook and the
command line). It reads every file in a workshop's data folder, never trusts any of them,
and lists what it skipped and why instead of failing.

Anonymised by default: students appear as "Student 1", "Student 2"... in the order of their
files, unless ``names=True``. The report shows aggregates, never what a student wrote.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NotRequired, TypedDict

from workbook.inputs import InputError, check_output, shown
from workbook.model import AREAS, Smart
from workbook.store import ANSWER_DRAFT, SavedFile, Work, is_save_file, iter_saved, write_atomic

if TYPE_CHECKING:
    import argparse

    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["ANSWER_DRAFT", "ClassReport", "class_report", "cli_class_report", "sample_class"]

WORDS_PER_MINUTE = 140


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


def _columns(row: type[StudentRow] | type[GoalRow] | type[AttemptRow]) -> list[str]:
    """A table's columns, in order: its row type's keys, so the two never disagree."""
    return list(row.__annotations__)


class SteppingStones(TypedDict):
    """How many long-term goals have a stepping stone: :meth:`ClassReport.stepping_stones`."""

    long_term_goals: int
    with_stepping_stones: int
    share: float | None  #: ``None`` when there is no long-term goal


class AnswerStats(TypedDict):
    """Answer length and speaking time: :meth:`ClassReport.answer_stats`; only ``answers``
    when nobody drafted one."""

    answers: int
    median_words: NotRequired[float]
    median_seconds: NotRequired[float]
    under_30_s: NotRequired[int]
    over_2_min: NotRequired[int]


@dataclass
class ClassReport:
    """Tables (pandas) summarising one workshop; ``to_html``/``to_csv`` write them out."""

    folder: Path
    students: pd.DataFrame  #: one row per student (anonymised), the CSV export
    goals: pd.DataFrame  #: one row per goal
    attempts: pd.DataFrame  #: one row per quiz attempt
    findings: pd.DataFrame  #: coach finding codes: how many answers have each
    skipped: list[tuple[str, str]] = field(default_factory=list)  #: (file name, reason)
    created: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    # --- the summaries ------------------------------------------------------------------
    def goals_by_area(self) -> pd.DataFrame:
        """Goals per area (rows) and horizon (columns)."""
        import pandas as pd

        if self.goals.empty:
            return pd.DataFrame(columns=["short-term", "long-term"])
        table = pd.crosstab(self.goals["area"], self.goals["horizon"])
        return table.reindex(columns=["short-term", "long-term"], fill_value=0)

    def stepping_stones(self) -> SteppingStones:
        """How many long-term goals have at least one stepping stone."""
        if not len(self.goals):
            return {"long_term_goals": 0, "with_stepping_stones": 0, "share": None}
        long_term = self.goals[self.goals["horizon"] == "long-term"]
        total = len(long_term)
        with_steps = int((long_term["stepping_stones"] > 0).sum()) if total else 0
        return {
            "long_term_goals": total,
            "with_stepping_stones": with_steps,
            "share": round(with_steps / total, 3) if total else None,
        }

    def smart_completeness(self) -> pd.DataFrame:
        """How many goals have 0..5 SMART answers filled in."""
        import pandas as pd

        counts = self.goals["smart_answered"].value_counts() if len(self.goals) else pd.Series()
        return (
            counts.reindex(range(len(Smart.LETTERS) + 1), fill_value=0)
            .rename_axis("SMART answers")
            .to_frame("goals")
        )

    def quiz_results(self) -> pd.DataFrame:
        """Per question: students who tried, got it right in the end, right first time."""
        import pandas as pd

        cols = ["students", "correct_in_the_end", "correct_first_try", "share_correct"]
        if self.attempts.empty:
            return pd.DataFrame(columns=cols)
        ordered = self.attempts.sort_values("at", kind="stable")
        per_student = ordered.groupby(["question", "student"], sort=False)
        first = per_student["status"].first().eq("correct")
        ever = per_student["status"].agg(lambda s: bool((s == "correct").any()))
        table = pd.DataFrame(
            {
                "students": ever.groupby(level="question").size(),
                "correct_in_the_end": ever.groupby(level="question").sum(),
                "correct_first_try": first.groupby(level="question").sum(),
            }
        )
        table["share_correct"] = (table["correct_in_the_end"] / table["students"]).round(2)
        return table.sort_values(["share_correct", "students"], ascending=[True, False])

    def answer_stats(self) -> AnswerStats:
        """Answer length and speaking time across the students who drafted one."""
        if not len(self.students):
            return {"answers": 0}
        words = self.students["answer_words"].dropna()
        if not len(words):
            return {"answers": 0}
        seconds = words / WORDS_PER_MINUTE * 60
        return {
            "answers": len(words),
            "median_words": float(words.median()),
            "median_seconds": round(float(seconds.median()), 1),
            "under_30_s": int((seconds < 30).sum()),
            "over_2_min": int((seconds > 120).sum()),
        }

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
        page = _render_html(self)
        if path is not None:
            _write(Path(path), page.encode("utf-8"))
        return page

    def _repr_html_(self) -> str:
        return _render_body(self)

    def __repr__(self) -> str:
        return (
            f"ClassReport({len(self.students)} students, {len(self.goals)} goals, "
            f"{len(self.attempts)} quiz attempts, {len(self.skipped)} files skipped)"
        )


# --- building the report ------------------------------------------------------------------------
def _answer_review(text: str) -> tuple[int, list[str]]:
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
    for saved in _saved_files(folder):
        if saved.work is None:
            skipped.append((str(saved.path.relative_to(folder)), saved.problem or "unreadable"))
            continue
        label = f"Student {len(students) + 1}"
        row = _student_row(saved.work, label, names)
        answer = _latest_text(saved.work, ANSWER_DRAFT)
        if answer:
            row["answer_words"], codes = _answer_review(answer)
            row["answer_findings"] = " ".join(codes)
            finding_counts.update(codes)
        students.append(row)
        goals.extend(_goal_rows(saved.work, label))
        attempts.extend(
            {
                "student": label,
                "question": str(a.get("question", "")),
                "status": str(a.get("status", "")),
                "at": str(a.get("at", "")),
            }
            for a in saved.work.attempts
            if isinstance(a, dict)
        )
    # the most common finding first, ties alphabetically
    ranked_findings = sorted(finding_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ClassReport(
        folder=folder,
        students=pd.DataFrame(students, columns=_columns(StudentRow)),
        goals=pd.DataFrame(goals, columns=_columns(GoalRow)),
        attempts=pd.DataFrame(attempts, columns=_columns(AttemptRow)),
        findings=pd.DataFrame(ranked_findings, columns=["finding", "answers"]),
        skipped=skipped,
    )


def _saved_files(folder: Path) -> list[SavedFile]:
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


def _latest_text(work: Work, name: str) -> str:
    for draft in reversed(work.drafts):
        if isinstance(draft, dict) and draft.get("name") == name:
            text = draft.get("text")
            return text if isinstance(text, str) else ""
    return ""


def _student_row(work: Work, label: str, names: bool) -> StudentRow:
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


def _goal_rows(work: Work, label: str) -> list[GoalRow]:
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


# --- rendering ------------------------------------------------------------------------------------
def _chart_png(draw: Callable[[Axes], None], height: float = 2.8) -> str:
    """Draw with ``draw(ax)`` on an off-screen figure and return a data: URL."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, height), dpi=96, layout="constrained")
    draw(fig.add_subplot())
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]


def _render_body(report: ClassReport) -> str:
    esc = html.escape
    parts: list[str] = [
        f"<h1>Class report</h1><p>{len(report.students)} students, {len(report.goals)} goals, "
        f"{len(report.attempts)} quiz attempts. Generated "
        f"{report.created:%Y-%m-%d %H:%M} UTC.</p>"
    ]
    by_area = report.goals_by_area()
    parts.append("<h2>Goals by area and horizon</h2>")
    if len(by_area):
        parts.append(by_area.to_html(classes="wb-table"))

        def draw_area(ax: Axes) -> None:
            short, long = OKABE_ITO[:2]
            by_area.plot.barh(ax=ax, stacked=True, color=[short, long], width=0.7)
            ax.set_xlabel("goals")
            ax.set_ylabel("")

        height = 1.2 + 0.35 * len(by_area)
        parts.append(f'<img alt="Goals by area and horizon" src="{_chart_png(draw_area, height)}">')
    else:
        parts.append("<p>No goals yet.</p>")
    steps = report.stepping_stones()
    parts.append(
        "<h2>Stepping stones</h2>"
        f"<p>{steps['with_stepping_stones']} of {steps['long_term_goals']} long-term goals have "
        "at least one short-term stepping stone.</p>"
    )
    parts.append("<h2>SMART completeness</h2>" + report.smart_completeness().to_html())
    parts.append("<h2>Most common coach findings</h2>")
    parts.append(report.findings.to_html(index=False) if len(report.findings) else "<p>None.</p>")
    stats = report.answer_stats()
    parts.append("<h2>Answers</h2>")
    if stats["answers"]:
        parts.append(
            f"<p>{stats['answers']} answers; median {stats['median_words']:.0f} words "
            f"(about {stats['median_seconds']:.0f} s spoken); {stats['under_30_s']} under 30 s, "
            f"{stats['over_2_min']} over 2 minutes.</p>"
        )
        words = report.students["answer_words"].dropna()

        def draw_words(ax: Axes) -> None:
            ax.hist(words, bins=20, color=OKABE_ITO[0])
            ax.set_xlabel("words in the answer")
            ax.set_ylabel("students")

        parts.append(f'<img alt="Answer length" src="{_chart_png(draw_words)}">')
    else:
        parts.append("<p>No answers drafted yet.</p>")
    quiz = report.quiz_results()
    parts.append("<h2>Quiz results per question</h2><p>Hardest first.</p>")
    parts.append(quiz.to_html() if len(quiz) else "<p>No attempts yet.</p>")
    parts.append("<h2>Files skipped</h2>")
    if report.skipped:
        rows = "".join(
            f"<tr><td>{esc(name)}</td><td>{esc(reason)}</td></tr>"
            for name, reason in report.skipped
        )
        parts.append(f"<table><tr><th>file</th><th>reason</th></tr>{rows}</table>")
    else:
        parts.append("<p>None: every file was read.</p>")
    return "\n".join(parts)


def _render_html(report: ClassReport) -> str:
    style = (
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}"
        "img{max-width:100%}"
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>Class report</title><style>{style}</style></head><body>"
        f"{_render_body(report)}</body></html>"
    )


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data, mode=0o644)


# --- a sample class, for trying the report, the benchmark and the tests ----------------------------
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


def sample_class(
    folder: str | os.PathLike[str], students: int = 30, *, seed: int = 0, faults: bool = True
) -> Path:
    """Write a made-up class into ``folder`` (plus a few broken files when ``faults``)."""
    import random

    from workbook.model import Goal, Horizon, Roadmap
    from workbook.store import save_work

    rng = random.Random(seed)
    folder = Path(folder)
    areas = list(AREAS)
    questions = [f"ch{c}-q{q}" for c in range(1, 8) for q in range(1, 4)]
    for i in range(students):
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
        work = Work(roadmap)
        at = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
        for q in rng.sample(questions, rng.randint(0, len(questions))):
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
        save_work(work, folder=folder)
    if faults:
        (folder / "half-written.json").write_text('{"schema": "career-goals-workbook", "sch')
        (folder / "not-ours.json").write_text('{"cells": [], "nbformat": 4}')
        (folder / "nonsense.json").write_text("\x00\x01 not json at all")
    return folder


# --- command line ------------------------------------------------------------------------------------
def cli_class_report_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("folder", help="the workshop's data folder (its WORKBOOK_DATA)")
    parser.add_argument("--to", metavar="FILE", help="write the report (.html or .csv)")
    parser.add_argument("--csv", metavar="FILE", help="also write the per-student table as CSV")
    parser.add_argument("--names", action="store_true", help="show names (default: anonymised)")


def _check_report_target(target: Path, suffixes: tuple[str, ...]) -> None:
    """A report is written only to a new or ordinary file of its kind, never over saved work."""
    if target.suffix.lower() not in suffixes:
        raise ValueError(f"{shown(target.name)}: choose a {' or '.join(suffixes)} file name.")
    try:
        check_output(target, [])
    except InputError as exc:
        raise ValueError(str(exc)) from None
    if is_save_file(target):
        raise ValueError(
            f"{shown(target)}: is a workbook save file (or named like one); a report never "
            "writes over saved work. Choose another file name."
        )


def cli_class_report(args: argparse.Namespace) -> int:
    """Summarise a class folder; the output names are checked before anything is read."""
    to = Path(args.to) if args.to else None
    csv = Path(args.csv) if args.csv else None
    if to is not None:
        _check_report_target(to, (".html", ".htm", ".csv"))
    if csv is not None:
        _check_report_target(csv, (".csv",))
    report = class_report(args.folder, names=args.names)
    if to is not None:
        if to.suffix.lower() == ".csv":
            report.to_csv(to)
        else:
            report.to_html(to)
    if csv is not None:
        report.to_csv(csv)
    print(repr(report))
    for name, reason in report.skipped:
        print(f"  skipped {name}: {reason}")
    return 0
