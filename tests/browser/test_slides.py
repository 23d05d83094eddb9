"""The chapters as slides (``make slides``) and the instructor's notes: speaker notes in the
slides, absent from the app.

The slides are the real server from ``scripts/serve.py slides`` (Voila with the workbook-reveal
template, reveal.js from .venv/node), driven by Debian's Chromium. The phrases looked for are
taken from the chapter notebooks themselves, so the tests follow the chapters as they change.
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from typing import Any

import nbformat
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
CHAPTERS = sorted(p.name for p in NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
#: reveal adds ``ready`` to the .reveal element once it has laid the slides out
REVEAL_READY = ".reveal.ready"
PRESENT = ".reveal .slides > section.present"
#: a run of plain words: markdown and HTML escaping leave it as it is on the rendered page
PLAIN_WORDS = re.compile(r"[A-Za-z][A-Za-z ,]{30,}[A-Za-z]")


def _cells(chapter: str, tag: str | None = None) -> list[Any]:
    nb = nbformat.read(NOTEBOOKS / chapter, as_version=4)
    return [
        c
        for c in nb.cells
        if c.cell_type == "markdown" and (tag is None or tag in c.metadata.get("tags", []))
    ]


def _phrases(cell: Any) -> list[str]:
    """Word runs of a markdown cell that the rendered HTML must contain when the cell is shown."""
    return [" ".join(m.split()) for m in PLAIN_WORDS.findall(cell.source)]


def _instructor_phrase(chapter: str) -> str:
    cells = _cells(chapter, "instructor")
    assert cells, f"{chapter} has no instructor notes to test with"
    phrases = _phrases(cells[0])
    assert phrases, f"no plain phrase in {chapter}'s instructor notes"
    return max(phrases, key=len)


def _shown_phrase(chapter: str) -> str:
    """A phrase of a markdown cell every view shows (a slide, not tagged, not skipped)."""
    for cell in _cells(chapter):
        tags = cell.metadata.get("tags", [])
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        if not tags and kind == "slide" and _phrases(cell):
            return max(_phrases(cell), key=len)
    raise AssertionError(f"{chapter} has no untagged slide with plain words")


def _text(html_or_text: str) -> str:
    return " ".join(html_or_text.split())


def _open_slides(open_tab: Any, url: str) -> Any:
    tab = open_tab()
    tab.page.goto(url)
    tab.page.locator(REVEAL_READY).wait_for(state="attached")
    tab.page.locator(PRESENT).first.wait_for(state="visible")
    return tab


def _present(tab: Any) -> str:
    return _text(tab.page.locator(PRESENT).first.inner_text())


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_each_chapter_opens_as_slides_and_moves_on(
    slides: Any, open_tab: Any, chapter: str
) -> None:
    """Does each chapter open as slides, from this machine alone, at its first slide, and do
    the ArrowRight key and the "next" arrow each move to the next slide?"""
    tab = _open_slides(open_tab, f"{slides.url}/voila/render/{chapter}")
    page = tab.page
    first = _present(tab)
    nb = nbformat.read(NOTEBOOKS / chapter, as_version=4)
    title = next(
        line[2:].strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("# ")
    )
    assert title.casefold() in first.casefold()
    assert page.url.endswith("#/")

    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"#/1$"))
    second = _present(tab)
    assert second and second != first

    page.locator(".reveal .controls .navigate-right").click()
    page.wait_for_url(re.compile(r"#/2$"))
    assert _present(tab) not in {first, second}

    page.wait_for_load_state("networkidle")
    assert tab.log.foreign_requests(slides.port) == []
    assert tab.log.page_errors == []
    assert tab.log.console_errors == []
    assert "Traceback" not in page.locator("body").inner_text()


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_instructor_notes_are_speaker_notes_off_the_slide(
    slides: Any, open_tab: Any, chapter: str
) -> None:
    """Are the chapter's instructor notes on the page as reveal speaker notes (aside.notes),
    and never shown on a slide, not even on the slide they belong to?"""
    phrase = _instructor_phrase(chapter)
    tab = _open_slides(open_tab, f"{slides.url}/voila/render/{chapter}")
    notes = tab.page.locator("aside.notes")
    assert notes.count() >= 1
    assert any(phrase in _text(t) for t in notes.all_text_contents())
    # go to the slide holding the notes: its own content shows, the notes stay hidden
    index = tab.page.evaluate(
        """() => [...document.querySelectorAll('.reveal .slides > section')]
                   .findIndex(s => s.querySelector('aside.notes'))"""
    )
    assert index >= 0
    for step in range(1, index + 1):
        tab.page.keyboard.press("ArrowRight")
        tab.page.wait_for_url(re.compile(rf"#/{step}$"))
    holder = tab.page.locator(PRESENT).first
    assert holder.locator("aside.notes").count() >= 1
    assert holder.is_visible()
    assert all(not note.is_visible() for note in holder.locator("aside.notes").all())
    assert phrase not in _present(tab)


def test_the_speaker_view_shows_the_instructor_notes(slides: Any, open_tab: Any) -> None:
    """Does pressing "s" on the slide with the notes open reveal's speaker view, showing them?"""
    chapter = CHAPTERS[1]
    phrase = _instructor_phrase(chapter)
    tab = _open_slides(open_tab, f"{slides.url}/voila/render/{chapter}")
    index = tab.page.evaluate(
        """() => [...document.querySelectorAll('.reveal .slides > section')]
                   .findIndex(s => s.querySelector('aside.notes'))"""
    )
    tab.page.goto(f"{slides.url}/voila/render/{chapter}#/{index}")
    tab.page.locator(REVEAL_READY).wait_for(state="attached")
    with tab.page.expect_popup() as popup_info:
        tab.page.keyboard.press("s")
    speaker = popup_info.value
    shown = speaker.locator(".speaker-controls-notes .value")
    speaker.wait_for_function(
        "phrase => (document.querySelector('.speaker-controls-notes .value')?.innerText || '')"
        ".replace(/\\s+/g, ' ').includes(phrase)",
        arg=phrase,
        timeout=60_000,
    )
    assert phrase in _text(shown.inner_text())
    speaker.close()


def _text_elsewhere(chapter: str, hidden: list[Any]) -> str:
    """Everything else the chapter's page could show: its other cells, and the data and code its
    widgets draw on (a hidden cell may quote a question that a quiz also asks)."""
    nb = nbformat.read(NOTEBOOKS / chapter, as_version=4)
    texts = [c.source for c in nb.cells if c not in hidden]
    for folder, pattern in ((ROOT / "data", "**/*.*"), (ROOT / "workbook", "**/*.py")):
        texts += [p.read_text(errors="replace") for p in folder.glob(pattern) if p.is_file()]
    return _text("\n".join(texts))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_app_leaves_instructor_notes_out(app: Any, chapter: str) -> None:
    """In the student app, is every instructor-tagged (and lab-only) cell absent from the
    chapter's page (not hidden: not in the HTML at all), while the chapter's slides are there?"""
    with urllib.request.urlopen(f"{app.url}/voila/render/{chapter}", timeout=120) as response:
        html = _text(response.read().decode("utf-8"))
    assert _shown_phrase(chapter) in html, "the page did not render the chapter"
    instructor = _cells(chapter, "instructor")
    hidden_cells = instructor + _cells(chapter, "lab-only")
    elsewhere = _text_elsewhere(chapter, hidden_cells)
    own = {id(c): [p for p in _phrases(c) if p not in elsewhere] for c in hidden_cells}
    assert instructor and all(own[id(c)] for c in instructor), "no phrase of their own"
    shown = [p for phrases in own.values() for p in phrases if p in html]
    assert shown == []
    assert 'class="notes"' not in html


def test_the_slides_chapter_list_stays_on_this_machine(slides: Any, open_tab: Any) -> None:
    """Does `make slides` open on the list of chapters, each linked, with every request local?"""
    tab = open_tab()
    tab.page.goto(slides.url + "/")
    tab.page.locator(".voila-notebooks").wait_for(state="visible")
    tab.page.wait_for_load_state("networkidle")
    listed = {name.strip() for name in tab.page.locator(".voila-notebooks a").all_inner_texts()}
    assert set(CHAPTERS) <= listed
    assert "instructor" not in {name.rstrip("/") for name in listed}
    assert tab.log.requests, "the recorder saw no requests"
    assert tab.log.foreign_requests(slides.port) == []
    assert tab.log.page_errors == []


def test_the_slides_never_show_the_presenters_own_work(slides: Any, open_tab: Any) -> None:
    """On the presenter's machine, where a code is remembered with their roadmap, do the slides
    of chapter 0 show a fresh workbook instead of the presenter's code, name and goal count?"""
    from workbook import store
    from workbook.model import Goal, Horizon, Roadmap

    folder = Path(slides.env["WORKBOOK_DATA"])
    roadmap = Roadmap(
        owner="Presenter Private", goals=[Goal("Lead the team", Horizon.LONG, end_month=40)]
    )
    code = store.save_roadmap(roadmap, folder=folder)
    store.remember_code(code, folder=folder)
    try:
        tab = _open_slides(open_tab, f"{slides.url}/voila/render/{CHAPTERS[0]}")
        html = tab.page.content()
        assert "A fresh workbook" in html  # the cell that would show the work was rendered
        assert code not in html and "Presenter Private" not in html
    finally:
        store.forget_code(folder=folder)
