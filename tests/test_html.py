"""The package's one home for HTML fragments (``workbook.html``): whatever text goes through it
comes out escaped, shown exactly as typed, inside the tags the helper writes and no others; and
no other module keeps a copy of it.

The markup is read back with the standard library's HTML parser, as a browser would read it,
rather than compared with strings written here.
"""

from __future__ import annotations

import ast
import html
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from workbook.html import MESSAGE_COLOURS, escape, message_box, message_html

PACKAGE = Path(__file__).resolve().parent.parent / "workbook"

#: any text, with the characters that matter to HTML drawn often
TEXT = st.text(
    st.one_of(st.sampled_from("<>&\"'=/; \n"), st.characters(codec="utf-8")), max_size=30
)


class Page(HTMLParser):
    """What a browser would make of a fragment: its tags, their attributes and its text."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@given(TEXT)
def test_escaped_text_holds_no_markup_and_reads_back_as_typed(text: str):
    """Does any text come out with no raw <, >, or quote, every & the start of an entity, and
    read back (as a browser reads it) exactly as it was typed?"""
    out = escape(text)
    assert not {"<", ">", '"', "'"} & set(out)
    assert out.count("&") == out.count("&amp;") + out.count("&lt;") + out.count("&gt;") + (
        out.count("&quot;") + out.count("&#x27;")
    )
    assert html.unescape(out) == text
    assert Page(f"<p>{out}</p>").text == ([text] if text else [])


@given(TEXT, TEXT, TEXT, st.lists(TEXT, max_size=3))
@example('a" onclick="x', "<b>", "&amp;", ["'", "</li><li>"])
def test_a_message_box_shows_every_text_as_typed_inside_its_own_tags(
    css: str, heading: str, body: str, lines: list[str]
):
    """Does a message box, whatever its class, heading, message and lines hold, contain only
    the tags it writes (a div, the bold heading, the list), with every text and attribute read
    back as given?"""
    page = Page(message_box(css, "#1a7f37", body, heading=heading, lines=lines))
    assert set(page.tags) <= {"div", "strong", "ul", "li"}
    assert page.tags.count("li") == len(lines)
    assert ("class", css) in page.attrs
    assert {name for name, _ in page.attrs} <= {"class", "style"}
    shown = "".join(page.text)
    expected = (f"{heading} " if heading else "") + body + "".join(lines)
    assert shown == expected


@given(st.lists(TEXT, max_size=4), st.sampled_from(sorted(MESSAGE_COLOURS)), st.booleans())
def test_a_message_line_shows_every_message_as_typed(messages: list[str], kind, block: bool):
    """Does a message line hold each non-blank message as typed, one per line, in its kind's
    colour, with an alert role for an error only, and nothing at all when there is nothing to
    say?"""
    out = message_html(messages, kind=kind, block=block)
    said = [m for m in messages if m.strip()]
    if not said:
        assert out == ""
        return
    page = Page(out)
    assert page.tags == ["div" if block else "span"] + ["br"] * (len(said) - 1)
    assert dict(page.attrs)["style"] == f"color:{MESSAGE_COLOURS[kind]}"
    assert (dict(page.attrs).get("role") == "alert") == (kind == "error")
    assert "".join(page.text) == "".join(said)


def test_no_other_module_escapes_html_itself():
    """Does every module escape through ``workbook.html`` rather than import the standard
    library's ``html`` or ``markupsafe`` and keep a copy of its own?"""
    own = {"html.py"}
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in own and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            found += [f"{path.name}: {n}" for n in names if n in {"html", "markupsafe"}]
    assert found == []
