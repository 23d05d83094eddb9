"""The builder's downloads: the roadmap as Markdown, CSV, calendar, chart and saved file.

Nothing is prepared until the student asks ("Prepare downloads"), and a change to the roadmap
marks the links stale. Each file is a ``data:`` link built by :mod:`workbook.export`; the chart
files are drawn by matplotlib in a separate short-lived process
(:func:`workbook.export.chart_files`), so matplotlib never enters the student's kernel. One
file that cannot be made is named, and the others are still offered.

Stable CSS classes: ``wb-download-box`` (the section), ``wb-prepare-downloads`` (the button),
``wb-download`` (the links), ``wb-download-message`` (how it went).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from workbook.html import escape, message_html
from workbook.store import ANSWER_DRAFT, dumps_work
from workbook.ui.context import BuilderContext
from workbook.ui.parts import button, classed, heading, message_line

__all__ = ["DOWNLOADS", "LINK_STYLE", "DownloadsPanel"]

#: file suffix -> (link text, MIME type) of each download offered
DOWNLOADS: dict[str, tuple[str, str]] = {
    "md": ("Markdown", "text/markdown;charset=utf-8"),
    "csv": ("CSV (spreadsheet)", "text/csv;charset=utf-8"),
    "ics": ("Calendar (.ics)", "text/calendar;charset=utf-8"),
    "png": ("Chart (PNG)", "image/png"),
    "svg": ("Chart (SVG)", "image/svg+xml"),
    "json": ("Your data (JSON)", "application/json"),
}
LINK_STYLE = "color:#0b57d0;text-decoration:underline"  # Voila's page styles no widget links


class DownloadsPanel:
    """The ``downloads`` section: a button, a message line and the links."""

    def __init__(self, ctx: BuilderContext) -> None:
        self.ctx = ctx
        self.prepare_button = button("Prepare downloads", "wb-prepare-downloads")
        self.download_message = message_line("wb-download-message")
        self.prepare_button.on_click(
            ctx.guard.wrap("prepare your downloads", self._on_prepare, self.download_message)
        )
        self.downloads = message_line("wb-download")
        self.ready = False  #: the links match the roadmap as it is now
        self.widget = classed(
            widgets.VBox(
                [
                    heading("Download your roadmap"),
                    self.prepare_button,
                    self.download_message,
                    self.downloads,
                ]
            ),
            "wb-download-box",
        )

    def stale(self) -> None:
        """The roadmap changed: the links no longer match it, so say so instead."""
        if self.ready:
            self.ready = False
            self.downloads.value = (
                "<p><i>Your roadmap changed: press “Prepare downloads” for fresh files.</i></p>"
            )

    def _makers(self) -> dict[str, Callable[[], bytes | str]]:
        """Suffix -> how to make that file from the roadmap as it is now."""
        from workbook import export

        session, roadmap = self.ctx.session, self.ctx.roadmap
        answer = session.latest_draft(ANSWER_DRAFT)  # the rehearsed answer, in the one-pager
        start = roadmap.start_date or dt.date.today()

        @functools.cache  # both formats from one matplotlib process, drawn once
        def drawn() -> dict[str, bytes]:
            return export.chart_files(roadmap, ("png", "svg"), dates=self.ctx.dates)

        return {
            "md": lambda: export.to_markdown(roadmap, answer=answer),
            "csv": lambda: export.to_csv(roadmap),
            "ics": lambda: export.to_ics(roadmap, start=start),
            "png": lambda: drawn()["png"],
            "svg": lambda: drawn()["svg"],
            "json": lambda: dumps_work(session.work),  # the same JSON the store writes
        }

    def _on_prepare(self, _button: Any = None) -> None:
        makers = self._makers()
        links, problems = [], []
        for suffix, (label, mime) in DOWNLOADS.items():
            name = f"my-roadmap.{suffix}"
            try:
                data = makers[suffix]()
            except Exception as exc:
                self.ctx.guard.failed(exc, f"could not prepare {name}")
                problems.append(label)
                continue
            raw = data.encode("utf-8") if isinstance(data, str) else data
            b64 = base64.b64encode(raw).decode("ascii")
            links.append(
                f'<li><a download="{name}" href="data:{mime};base64,{b64}" style="{LINK_STYLE}">'
                f"{escape(label)}</a> <small>({escape(name)})</small></li>"
            )
        parts = [f"<ul>{''.join(links)}</ul>"]
        if problems:
            parts.append(message_html([f"Could not prepare: {', '.join(problems)}."]))
        self.downloads.value = "".join(parts)
        self.ready = True
        self.ctx.say("Your downloads are ready below.", kind="ok", where=self.download_message)
