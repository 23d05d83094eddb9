"""Labelled form fields that carry their own message, for every form in the workbook.

A form built on ipywidgets has two places where a student's value can get lost: a widget
silently refuses what it cannot hold (a ``BoundedIntText`` clamps, a ``Dropdown`` raises on an
unknown option, a ``Text`` raises on a number), and an error shown far from its field is hard to
act on. :class:`Field` answers both:

* ``field.value = x`` never raises. A value the widget can hold goes into the widget; any other
  value is kept as the field's *pending* value, a note appears next to the field, and
  ``field.value`` returns the pending value so the model (not the widget) judges it. The first
  edit the student makes in the widget replaces the pending value.
* ``field.show(messages)`` puts the model's messages next to the field, escaped for HTML.

CSS classes: every field's box has ``wb-field`` and ``wb-field-<name>``; its message label has
``wb-field-message``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any

import ipywidgets as widgets

from workbook.html import escape, message_html
from workbook.model import clean_text

__all__ = [
    "ChoiceField",
    "DateField",
    "Field",
    "IntField",
    "TextField",
    "clean_input",
]

LABEL_WIDTH = "11em"
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def clean_input(value: Any) -> Any:
    """Tidy typed text the way the model expects; other values pass through for it to judge.

    Lone surrogates (which a browser can send but UTF-8 cannot store) become U+FFFD, so a saved
    file can always be written and read back.
    """
    if not isinstance(value, str):
        return value
    return clean_text(_SURROGATES.sub("\ufffd", value))


_UNSET = object()


class Field:
    """One labelled input, its message label, and a value that never raises on assignment."""

    def __init__(
        self,
        name: str,
        widget: widgets.ValueWidget,
        *,
        hint: str = "",
        label: widgets.Widget | None = None,
    ) -> None:
        self.name = name
        self.widget = widget
        self.hint = hint
        self._pending: Any = _UNSET
        self._setting = False
        self._callbacks: list[Callable[[Field], None]] = []
        self.message = widgets.HTML(value="")
        self.message.add_class("wb-field-message")
        self.hint_label = widgets.HTML(value=f"<small>{escape(hint)}</small>" if hint else "")
        row = widgets.HBox(
            [*([label] if label is not None else []), widget, self.message],
            layout=widgets.Layout(align_items="center", flex_flow="row wrap"),
        )
        self.hint_label.layout.margin = f"0 0 0 {LABEL_WIDTH}"
        self.box = widgets.VBox([row, self.hint_label]) if hint else row
        self.box.add_class("wb-field")
        self.box.add_class("wb-field-" + (re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")))
        widget.observe(self._widget_changed, names="value")

    # --- value ---------------------------------------------------------------------------------
    @property
    def value(self) -> Any:
        """What the student asked for: the pending value if the widget could not hold it."""
        return self.widget.value if self._pending is _UNSET else self._pending

    @value.setter
    def value(self, value: Any) -> None:
        self.set(value)

    @property
    def pending(self) -> bool:
        """True while the field holds a value its widget could not."""
        return self._pending is not _UNSET

    def holds(self, value: Any) -> bool:
        """Whether the widget can show this value exactly (subclasses narrow it)."""
        return True

    def set(self, value: Any) -> bool:
        """Put a value in the field without ever raising; return whether the widget holds it."""
        held = False
        if self.holds(value):
            self._setting = True
            try:
                self.widget.value = value
                held = self.widget.value == value
            except Exception:  # a trait refused it after all: keep it pending instead
                held = False
            finally:
                self._setting = False
        if held:
            self._pending = _UNSET
            self.clear()
        else:
            self._pending = value
            self.note(self.refusal())
        self._notify()
        return held

    def reset(self, value: Any) -> None:
        """Start again with an ordinary value and no message."""
        self.set(value)
        self.clear()

    def refusal(self) -> str:
        """The note shown when the widget cannot hold a value (never echoes the value)."""
        return "This box cannot show that value; change it here. " + self.hint

    def _widget_changed(self, change: dict[str, Any]) -> None:
        if self._setting:
            return
        self._pending = _UNSET
        self._notify()

    # --- change callbacks -------------------------------------------------------------------------
    def on_change(self, callback: Callable[[Field], None]) -> None:
        """Call ``callback(field)`` after the student or the code changes the value."""
        self._callbacks.append(callback)

    def _notify(self) -> None:
        for callback in self._callbacks:
            callback(self)

    # --- messages ---------------------------------------------------------------------------------
    def show(self, messages: Iterable[str]) -> None:
        """Show the model's messages about this field next to it (or clear it for none)."""
        self.message.value = message_html(messages)

    def note(self, text: str) -> None:
        """A gentler message than an error: something changed or needs a look."""
        self.message.value = message_html([text], kind="note")

    def clear(self) -> None:
        self.message.value = ""

    @property
    def has_message(self) -> bool:
        return bool(self.message.value)


def _style() -> dict[str, str]:
    return {"description_width": LABEL_WIDTH}


class TextField(Field):
    """A one-line or multi-line text box; ``value`` stays raw, use :func:`clean_input` to tidy."""

    def __init__(
        self,
        name: str,
        label: str,
        *,
        placeholder: str = "",
        textarea: bool = False,
        rows: int = 2,
        hint: str = "",
        width: str = "42em",
    ) -> None:
        kind = widgets.Textarea if textarea else widgets.Text
        extra = {"rows": rows} if textarea else {}
        widget = kind(
            value="",
            description=label,
            placeholder=placeholder,
            continuous_update=False,
            style=_style(),
            layout=widgets.Layout(width=width),
            **extra,
        )
        super().__init__(name, widget, hint=hint)

    def holds(self, value: Any) -> bool:
        return isinstance(value, str)

    def refusal(self) -> str:
        return "Only text can go here; type it in the box."

    @property
    def text(self) -> Any:
        """The value tidied for the model (raw if it is not text, so the model can say so)."""
        return clean_input(self.value)


class IntField(Field):
    """A whole number within bounds the form may change (e.g. 12 or 60 months).

    The box itself takes any whole number: a bounded box would quietly turn 200 into the
    highest month allowed, and the student would never know. A number out of bounds stays as
    typed, with a message beside the box saying what is allowed.
    """

    def __init__(
        self,
        name: str,
        label: str,
        *,
        low: int = 0,
        high: int = 100,
        hint: str = "",
        label_width: str = LABEL_WIDTH,
        width: str = "19em",
    ) -> None:
        self.low, self.high = low, high
        widget = widgets.IntText(
            value=low,
            description=label,
            style={"description_width": label_width},
            layout=widgets.Layout(width=width),
        )
        super().__init__(name, widget, hint=hint)

    @property
    def in_range(self) -> bool:
        value = self.value
        return isinstance(value, int) and self.low <= value <= self.high

    def holds(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**31

    def refusal(self) -> str:
        return f"This box takes a whole number from {self.low} to {self.high}; change it here."

    def out_of_range(self) -> str:
        value = self.value
        return (
            f"{value} is outside what this goal allows (from {self.low} to {self.high}); "
            "change it here. Nothing was changed for you."
        )

    def set(self, value: Any) -> bool:
        held = super().set(value)
        if held and not self.in_range:
            self.show([self.out_of_range()])
        return held

    def _widget_changed(self, change: dict[str, Any]) -> None:
        if self._setting:
            return
        self._pending = _UNSET
        if self.in_range:
            self.clear()
        else:
            self.show([self.out_of_range()])
        self._notify()

    def set_bounds(self, low: int, high: int) -> str | None:
        """Change the bounds; if the shown value no longer fits, move it and say so."""
        before = self.widget.value
        self.low, self.high = low, high
        if self.pending or self.low <= before <= self.high:
            if self.in_range and self.message.value and not self.pending:
                self.clear()  # a complaint about the old bounds no longer applies
            return None
        moved = min(max(before, low), high)
        self._setting = True
        try:
            self.widget.value = moved
        finally:
            self._setting = False
        text = f"Moved from month {before} to {moved}, the nearest this goal allows."
        self.note(text)
        self._notify()
        return text


class ChoiceField(Field):
    """A Dropdown or ToggleButtons over ``(label, value)`` options."""

    def __init__(
        self,
        name: str,
        label: str,
        options: Sequence[tuple[str, Hashable]],
        *,
        toggle: bool = False,
        hint: str = "",
    ) -> None:
        if toggle:
            # ToggleButtons puts its description above the buttons; a label of the same width
            # as the other fields' keeps the form aligned
            widget = widgets.ToggleButtons(options=list(options), style={"button_width": "auto"})
            side = widgets.HTML(
                value=f'<div style="text-align:right;padding-right:8px">{escape(label)}</div>',
                layout=widgets.Layout(width=LABEL_WIDTH),
            )
            side.add_class("wb-side-label")  # the app's stylesheet puts it above, like the rest
            super().__init__(name, widget, hint=hint, label=side)
        else:
            widget = widgets.Dropdown(
                options=list(options),
                description=label,
                style=_style(),
                layout=widgets.Layout(width="42em"),
            )
            super().__init__(name, widget, hint=hint)

    def holds(self, value: Any) -> bool:
        def same(a: Any, b: Any) -> bool:
            alike = type(a) is type(b) or (isinstance(a, str) and isinstance(b, str))
            return alike and a == b

        try:
            return any(same(value, v) for _, v in self.widget.options)
        except Exception:  # a value whose comparison itself fails is simply not a choice
            return False

    @property
    def value(self) -> Any:
        """The chosen value; a pending one is given as short text so any model can compare it."""
        if self._pending is _UNSET:
            return self.widget.value
        pending = self._pending
        return pending if isinstance(pending, str) else repr(pending)[:200]

    @value.setter
    def value(self, value: Any) -> None:
        self.set(value)

    def refusal(self) -> str:
        return "That is not one of the choices; pick one from the list."

    def set_options(self, options: Sequence[tuple[str, Hashable]], keep: Any = _UNSET) -> None:
        """Replace the options, keeping the current choice when it is still offered."""
        current = self.widget.value if keep is _UNSET else keep
        options = list(options)
        if [tuple(o) for o in self.widget.options] == options:
            return
        self._setting = True
        try:
            self.widget.options = options
            values = [v for _, v in options]
            if current in values:
                self.widget.value = current
            elif values:
                self.widget.value = values[0]
        finally:
            self._setting = False


class DateField(Field):
    """An optional calendar date; no widget bounds, so the model can explain a wrong year."""

    def __init__(self, name: str, label: str, *, hint: str = "") -> None:
        widget = widgets.DatePicker(value=None, description=label, style=_style())
        super().__init__(name, widget, hint=hint)

    def holds(self, value: Any) -> bool:
        return value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime))

    def refusal(self) -> str:
        return "This box takes a calendar date, or nothing."
