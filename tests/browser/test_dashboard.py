"""The dashboard as a student uses it: build a roadmap, save, come back, make mistakes, try tricks.

Real Voila (scripts/serve.py), real kernel, real files in a temporary WORKBOOK_DATA, Chromium.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CHART = "img.wb-timeline"
CODE = re.compile(r"[a-z]+-[a-z]+-[a-z]+-\d{4}")
PAYLOADS = [
    "<img src=x onerror=window.__xss=1>",
    "<script>window.__xss=1</script>",
    "javascript:window.__xss=1",
    '"><svg onload=window.__xss=1>',
    "[click me](javascript:window.__xss=1)",
]


def chart_src(page: Any) -> str:
    return page.locator(CHART).get_attribute("src") or ""


def add_goal(page: Any, title: str, *, long_term: bool = False, end: int | None = None) -> None:
    """Fill the goal form and press Add goal; wait until the chart has been redrawn."""
    if long_term:
        page.locator(".wb-goal-horizon button", has_text="Long-term").click()
    page.locator(".wb-goal-title input").fill(title)
    if end is not None:
        page.locator(".wb-field-end-month input").fill(str(end))
        page.locator(".wb-field-end-month input").press("Tab")
    rows = page.locator(".wb-goal-row").count()
    before = chart_src(page)
    page.locator(".wb-add-goal").click()
    page.locator(".wb-goal-row").nth(rows).wait_for(state="visible")
    page.wait_for_function(
        "([sel, old]) => (document.querySelector(sel)?.getAttribute('src') || '') !== old",
        arg=[CHART, before],
    )


def page_text(page: Any) -> str:
    return page.locator("body").inner_text()


def assert_no_traceback(tab: Any) -> None:
    text = page_text(tab.page)
    assert "Traceback" not in text
    assert "Error" not in text, [line for line in text.splitlines() if "Error" in line]
    assert tab.page.locator(".jupyter-widgets-error-widget").count() == 0
    assert tab.log.page_errors == []


def test_a_student_builds_saves_and_resumes_a_roadmap(
    start_server: Any, tmp_path: Path, open_tab: Any
) -> None:
    """Can a student fill the form, see the chart change, save, reload and resume with the code?"""
    server = start_server("workshop", seats=1)  # shared: a reload must not reopen the work itself
    tab = open_tab().open(server.url + "/")
    page = tab.page
    page.locator(".wb-field-owner input").fill("Sam Rivera")
    page.locator(".wb-field-role input").fill("Data analyst")
    page.locator(".wb-field-employer input").fill("Northwind Health")
    page.locator(".wb-field-employer input").press("Tab")
    page.wait_for_function(
        "() => document.querySelector('.wb-message').innerText.includes('updated')"
    )
    empty_chart = chart_src(page)
    add_goal(page, "Finish an SQL certification")
    assert "Added" in page.locator(".wb-message").inner_text()
    assert chart_src(page) != empty_chart
    add_goal(page, "Lead a small analytics team", long_term=True, end=36)
    rows = page.locator(".wb-goal-row")
    assert rows.count() == 2
    assert "Lead a small analytics team" in rows.nth(1).inner_text()

    page.set_viewport_size({"width": 1280, "height": 1600})
    page.locator(".wb-message").evaluate("e => e.scrollIntoView({block: 'start'})")
    (ROOT / "docs").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))

    page.locator(".wb-save").click()
    page.locator(".wb-code code").wait_for(state="visible")
    code = page.locator(".wb-code code").inner_text().strip()
    assert CODE.fullmatch(code), code
    data = Path(server.env["WORKBOOK_DATA"])
    saved = [p for p in data.rglob("*") if p.is_file() and "Lead a small" in p.read_text()]
    assert saved, f"no file in {data} holds the roadmap"

    old_kernel = tab.kernel_id()
    page.reload()
    tab.wait_ready()
    assert tab.kernel_id() != old_kernel
    assert page.locator(".wb-goal-row").count() == 0
    page.locator(".wb-load-code input").fill(code.upper().replace("-", " "))
    page.locator(".wb-load").click()
    page.locator(".wb-goal-row").nth(1).wait_for(state="visible")
    page.wait_for_function(
        "() => document.querySelector('.wb-message').innerText.includes('Welcome back')"
    )
    titles = page.locator(".wb-goal-text").all_inner_texts()
    assert any("Finish an SQL certification" in t for t in titles)
    assert page.locator(".wb-field-owner input").input_value() == "Sam Rivera"
    assert chart_src(page)
    assert_no_traceback(tab)


def test_bad_values_get_friendly_messages_never_a_traceback(app: Any, open_tab: Any) -> None:
    """Do an empty title, a wrong code and an absurd title each get a plain message?"""
    tab = open_tab().open(app.url + "/")
    page = tab.page
    message = page.locator(".wb-message")

    page.locator(".wb-add-goal").click()
    message.locator("[role=alert]").wait_for(state="visible")
    assert "not added" in message.inner_text()
    assert page.locator(".wb-goal-row").count() == 0

    page.locator(".wb-goal-title input").fill("x" * 5000)
    page.locator(".wb-add-goal").click()
    page.wait_for_timeout(500)
    assert message.inner_text().strip()

    page.locator(".wb-load-code input").fill("not a real code")
    page.locator(".wb-load").click()
    page.wait_for_function(
        "() => document.querySelector('.wb-message').innerText.includes('could not load')"
    )

    page.locator(".wb-load-code input").fill("maple-river-fox-0000")
    page.locator(".wb-load").click()
    page.wait_for_timeout(800)
    assert message.inner_text().strip()
    assert_no_traceback(tab)


def test_script_typed_into_any_field_never_runs(app: Any, open_tab: Any) -> None:
    """Do script payloads typed into every text field show as text, never run?"""
    tab = open_tab().open(app.url + "/")
    page = tab.page
    boxes = page.locator(".wb-builder input[type=text], .wb-builder textarea")
    count = boxes.count()
    assert count >= 8, f"only {count} text fields found"
    for i in range(count):
        box = boxes.nth(i)
        if box.is_visible() and box.is_enabled():
            box.fill(PAYLOADS[i % len(PAYLOADS)])
            box.press("Tab")
    page.wait_for_timeout(1000)  # let the kernel take in every field before the button
    page.locator(".wb-add-goal").click()
    page.locator(".wb-goal-row").first.wait_for(state="visible")
    page.locator(".wb-goal-edit").first.click()  # the title goes into the form's heading too
    page.locator(".wb-prepare-downloads").click()
    page.locator(".wb-download a").first.wait_for(state="attached")
    page.locator(".wb-load-code input").fill(PAYLOADS[1])
    page.locator(".wb-load").click()
    page.wait_for_timeout(1000)

    shown = page.locator(".wb-goal-text").first.inner_text()
    assert any(payload in shown for payload in PAYLOADS), shown  # shown as text, not markup
    assert tab.log.dialogs == []
    assert page.evaluate("() => typeof window.__xss") == "undefined"
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    assert not [u for u in tab.log.requests if u.rstrip("/").endswith("/x")]
    assert_no_traceback(tab)


def test_a_student_who_comes_back_on_their_own_machine_sees_their_work(
    start_server: Any, open_tab: Any
) -> None:
    """After saving and closing the tab, does reopening the app (a pre-heated kernel) show it?"""
    server = start_server("app")
    server.wait_settled(1)
    tab = open_tab().open(server.url + "/")
    add_goal(tab.page, "Present at a team meeting every month")
    tab.page.locator(".wb-save").click()
    tab.page.locator(".wb-code code").wait_for(state="visible")
    code = tab.page.locator(".wb-code code").inner_text().strip()
    tab.close()
    server.wait_settled(1, timeout=60)  # the kernel now waiting was heated before the save

    again = open_tab().open(server.url + "/")
    again.page.locator(".wb-goal-row").first.wait_for(state="visible")
    assert "Present at a team meeting" in again.page.locator(".wb-goal-text").first.inner_text()
    assert code in again.page.locator(".wb-code").inner_text()
