"""The builder's "About you" box: name, role, employer (and, with dates, when month 0 is).

Each change is judged by the model (a probe roadmap with just that field) before it touches
the student's roadmap, and its message lands next to the field.

Stable CSS classes: ``wb-about`` (the box), ``wb-about-message`` (its messages); the fields'
own classes (``wb-field-owner``...) are listed in :mod:`workbook.ui.fields`.
"""

from __future__ import annotations

import functools

import ipywidgets as widgets

from workbook.model import Roadmap
from workbook.ui.context import BuilderContext
from workbook.ui.fields import DateField, Field, TextField
from workbook.ui.parts import classed, heading, message_line

__all__ = ["AboutSection"]


class AboutSection:
    """The ``about`` section; ``fields`` maps each roadmap attribute to its field."""

    def __init__(self, ctx: BuilderContext) -> None:
        self.ctx = ctx
        self.owner = TextField("owner", "Your name", placeholder="as you want it shown")
        self.role = TextField("role", "Role", placeholder="the job you are interviewing for")
        self.employer = TextField("employer", "Employer", placeholder="who you would work for")
        self.fields: dict[str, Field] = {
            "owner": self.owner,
            "role": self.role,
            "employer": self.employer,
        }
        self.roadmap_start: DateField | None = None
        if ctx.dates:
            self.roadmap_start = DateField(
                "roadmap_start_date",
                "Month 0 is",
                hint="The real date your plan starts, so the chart can show dates.",
            )
            self.fields["start_date"] = self.roadmap_start
        self.message = message_line("wb-about-message")
        for attr, field in self.fields.items():
            handler = functools.partial(self._on_change, attr)
            field.on_change(ctx.guard.wrap("update your details", handler, self.message))
        self.widget = classed(
            widgets.VBox(
                [
                    heading("About you"),
                    *(field.box for field in self.fields.values()),
                    self.message,
                ]
            ),
            "wb-about",
        )

    def reset(self) -> None:
        """Show the roadmap's values (the builder's own change, so not echoed back)."""
        with self.ctx.quietly():
            for attr, field in self.fields.items():
                field.reset(getattr(self.ctx.roadmap, attr))

    def _on_change(self, attr: str, field: Field) -> None:
        if self.ctx.quiet:
            return
        value = field.text if isinstance(field, TextField) else field.value
        probe = Roadmap(**{attr: value})
        messages = [e.message for e in probe.errors() if e.field == attr]
        field.show(messages)
        if messages:
            self.ctx.say(
                ["Your details were not updated:", *messages], kind="error", where=self.message
            )
            return
        roadmap = self.ctx.roadmap
        if getattr(roadmap, attr) != value:
            setattr(roadmap, attr, value)
            roadmap.touch()
            self.ctx.changed("Your details are updated.", self.message)
