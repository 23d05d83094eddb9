"""HTML fragments for every page the workbook shows, one copy each: :func:`escape` for any text
placed in markup, and the two shapes a message takes, a bordered :func:`message_box` (a
chapter's note, an exercise's result) and an inline :func:`message_html` (a field's error, a
quiz's feedback, the coach's status line).

Every piece of text these helpers are given is escaped here, once, so a caller passes what a
student typed or an instructor wrote as it is, and never escapes it itself.

Why the standard library's ``html.escape`` and not ``markupsafe``: both escape the same five
characters, but ``html.escape`` needs no declared dependency and writes the entities every page
(and the instructor's class report) already shows (``&quot;``, ``&#x27;``), so no markup changes.
``markupsafe`` pays off only when every fragment is built as a ``Markup`` object, which these
f-string fragments are not.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape as _escape
from typing import Literal

__all__ = ["MESSAGE_COLOURS", "MessageKind", "escape", "message_box", "message_html"]

MessageKind = Literal["error", "note", "ok", "quiet"]

#: the colour of each kind of inline message: errors red, notes blue, done green, asides grey
MESSAGE_COLOURS: dict[MessageKind, str] = {
    "error": "#b00020",
    "note": "#1f4e79",
    "ok": "#1b5e20",
    "quiet": "#57606a",
}


def escape(value: object) -> str:
    """Anything (a student's text, a number, an exception) as text safe inside an HTML element
    or a quoted attribute: ``<``, ``>``, ``&`` and both quotes become entities."""
    return _escape(str(value), quote=True)


def message_box(
    css: str, colour: str, body: str, *, heading: str = "", lines: Iterable[str] = ()
) -> str:
    """A short message as a bordered HTML block: an optional bold heading in the border's
    colour, the message, then one list item per line."""
    head = f'<strong style="color:{escape(colour)}">{escape(heading)}</strong> ' if heading else ""
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return (
        f'<div class="{escape(css)}" style="border-left:4px solid {escape(colour)};'
        f'padding:4px 10px;margin:4px 0">{head}{escape(body)}'
        + (f'<ul style="margin:4px 0">{items}</ul>' if items else "")
        + "</div>"
    )


def message_html(
    messages: Iterable[str], *, kind: MessageKind = "error", block: bool = False
) -> str:
    """Messages as one coloured line (empty for none), one message per line; an error is
    announced to a screen reader (``role="alert"``). ``block`` makes it a ``<div>``, for a
    message that follows other content and must start on its own line."""
    items = [escape(m) for m in messages if str(m).strip()]
    if not items:
        return ""
    tag = "div" if block else "span"
    role = ' role="alert"' if kind == "error" else ""
    body = "<br>".join(items)
    return f'<{tag} class="wb-{kind}" style="color:{MESSAGE_COLOURS[kind]}"{role}>{body}</{tag}>'
