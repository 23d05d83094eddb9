"""The report as an HTML page: its tables, and charts drawn off-screen by matplotlib and
inlined, so no request leaves the machine."""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from workbook.classroom.tables import ClassTables
from workbook.html import escape

if TYPE_CHECKING:
    from matplotlib.axes import Axes


def chart_png(draw: Callable[[Axes], None], height: float = 2.8) -> str:
    """Draw with ``draw(ax)`` on an off-screen figure and return a data: URL."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, height), dpi=96, layout="constrained")
    draw(fig.add_subplot())
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]


def _area_section(report: ClassTables) -> list[str]:
    """Goals by area and horizon: the table and a stacked bar chart."""
    by_area = report.goals_by_area()
    parts = ["<h2>Goals by area and horizon</h2>"]
    if not len(by_area):
        return [*parts, "<p>No goals yet.</p>"]
    parts.append(by_area.to_html(classes="wb-table"))

    def draw_area(ax: Axes) -> None:
        short, long = OKABE_ITO[:2]
        by_area.plot.barh(ax=ax, stacked=True, color=[short, long], width=0.7)
        ax.set_xlabel("goals")
        ax.set_ylabel("")

    height = 1.2 + 0.35 * len(by_area)
    parts.append(f'<img alt="Goals by area and horizon" src="{chart_png(draw_area, height)}">')
    return parts


def _answer_section(report: ClassTables) -> list[str]:
    """Answer lengths and speaking times: the figures and a histogram."""
    stats = report.answer_stats()
    parts = ["<h2>Answers</h2>"]
    if not stats["answers"]:
        return [*parts, "<p>No answers drafted yet.</p>"]
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

    parts.append(f'<img alt="Answer length" src="{chart_png(draw_words)}">')
    return parts


def render_body(report: ClassTables) -> str:
    """The report's sections as HTML; every file name and reason from the folder is escaped."""
    esc = escape
    parts: list[str] = [
        f"<h1>Class report</h1><p>{len(report.students)} students, {len(report.goals)} goals, "
        f"{len(report.attempts)} quiz attempts. Generated "
        f"{report.created:%Y-%m-%d %H:%M} UTC.</p>",
        *_area_section(report),
    ]
    steps = report.stepping_stones()
    parts.append(
        "<h2>Stepping stones</h2>"
        f"<p>{steps['with_stepping_stones']} of {steps['long_term_goals']} long-term goals have "
        "at least one short-term stepping stone.</p>"
    )
    parts.append("<h2>SMART completeness</h2>" + report.smart_completeness().to_html())
    parts.append("<h2>Most common coach findings</h2>")
    parts.append(report.findings.to_html(index=False) if len(report.findings) else "<p>None.</p>")
    parts += _answer_section(report)
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


def render_html(report: ClassTables) -> str:
    """A whole page around :func:`render_body`, styled inline (no CDN, no request)."""
    style = (
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2rem .5rem}"
        "img{max-width:100%}"
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'>"
        f"<title>Class report</title><style>{style}</style></head><body>"
        f"{render_body(report)}</body></html>"
    )
