"""The dashboard on a laptop and on a phone: nothing wider than the screen, no word cut off, the
chart readable, and an accessibility audit (axe-core, run inside the page) with no serious
finding and nothing outside a landmark.

Real Voila (scripts/serve.py app), Chromium at 1280x900 and 390x844. axe-core comes from npm at
set-up (make test installs it into .venv/node); nothing is fetched while the tests run.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import pytest
from test_dashboard import add_goal, fill, open_step

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

#: elements wider than the viewport, or whose own text does not fit in them (cut off or "E..")
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  const seen = (e) => { const r = e.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  const name = (e) => e.tagName.toLowerCase() + '.' + [...e.classList].slice(0, 4).join('.') +
    ' "' + (e.innerText || e.value || '').trim().slice(0, 30) + '"';
  const wide = [...document.querySelectorAll('.wb-dashboard *')].filter(seen)
    .filter(e => e.getBoundingClientRect().right > width + 1).map(name);
  const clipped = [...document.querySelectorAll(
      '.wb-dashboard button, .wb-dashboard .widget-label, .wb-dashboard .wb-goal-text')]
    .filter(seen).filter(e => e.scrollWidth > e.clientWidth + 1).map(name);
  return {wide, clipped};
}"""


def axe_script() -> Path:
    """axe-core's bundle from the environment's node/ folder; a skip (or a failure when
    WORKBOOK_REQUIRE_BROWSER is set) if set-up has not installed it."""
    for venv in (Path(sys.prefix), ROOT / ".venv"):
        script = venv / "node" / "node_modules" / "axe-core" / "axe.min.js"
        if script.is_file():
            return script
    reason = "axe-core is not installed: run make .venv/node/.axe"
    if os.environ.get("WORKBOOK_REQUIRE_BROWSER"):
        pytest.fail(f"WORKBOOK_REQUIRE_BROWSER is set but {reason}")
    pytest.skip(reason)


def whole_journey(page: Any) -> None:
    """Fill every step as a student would, so every part of the page is there to check."""
    fill(page, ".wb-field-owner input", "Sam Rivera")
    fill(page, ".wb-field-role input", "Junior data analyst")
    fill(page, ".wb-field-employer input", "Northwind Health, accident & emergency analytics")
    add_goal(page, "Lead the hospital's analytics team for waiting times", long_term=True, end=48)
    add_goal(
        page,
        "Finish the Power BI data analyst certificate",
        end=6,
        leads_to="Lead the hospital's analytics team for waiting times",
    )
    open_step(page, "rehearse")
    answer = page.locator(".wb-answer textarea")
    answer.wait_for(state="visible")
    answer.fill(
        "In five years I want to lead the analytics team here. This year I will finish the "
        "Power BI certificate and take over the weekly waiting-time report."
    )
    answer.press("Tab")
    page.locator(".wb-feedback").wait_for(state="visible")
    open_step(page, "export")
    page.locator(".wb-prepare-downloads").click()
    # drawn in a short-lived matplotlib process: slow on a busy machine, so wait longer
    page.locator(".wb-download a").first.wait_for(state="attached", timeout=180_000)


def run_axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(axe_script()))
    return page.evaluate(
        """async () => {
          const result = await axe.run(document, {resultTypes: ['violations']});
          return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )


def screenshot(page: Any, name: str, tmp_path: Path) -> None:
    """The README's pictures: written to docs/ by ``make screenshots`` (WORKBOOK_SCREENSHOTS),
    else to the test's own folder, so a test run leaves the tree as it was."""
    folder = Path(os.environ.get("WORKBOOK_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": 1500})
    page.locator(".wb-step-roadmap").evaluate("e => e.scrollIntoView({block: 'start'})")
    page.screenshot(path=str(folder / f"{name}.png"))
    page.set_viewport_size(size)


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop-1280", "phone-390"])
def test_nothing_is_wider_than_the_screen_or_cut_off(
    app: Any, open_tab: Any, viewport: dict[str, int], tmp_path: Path
) -> None:
    """Through the whole journey, is every element of the dashboard inside the screen's width,
    and does every button, label and goal line show its whole text?"""
    page = open_tab(viewport).open(app.url + "/").page
    whole_journey(page)
    found = page.evaluate(OVERFLOW_JS)
    assert found["wide"] == [], f"wider than {viewport['width']} px: {found['wide']}"
    assert found["clipped"] == [], f"text cut off: {found['clipped']}"
    screenshot(page, "laptop" if viewport is LAPTOP else "phone", tmp_path)


def test_on_a_laptop_the_form_and_the_chart_sit_side_by_side(app: Any, open_tab: Any) -> None:
    """At 1280 px, does the live chart stand beside the goal form (not far below it), drawn at
    a size where its labels stay readable?"""
    tab = open_tab().open(app.url + "/")
    page = tab.page
    add_goal(page, "Lead the analytics team", long_term=True, end=48)
    goals = page.locator(".wb-goals").bounding_box()
    chart = page.locator("img.wb-timeline").bounding_box()
    assert goals and chart
    assert chart["x"] >= goals["x"] + goals["width"]  # to the right of the form
    assert abs(chart["y"] - goals["y"]) < 120  # level with its top
    assert chart["width"] >= 0.75 * 960  # labels of ~11 px at 960 stay at 8 px or more
    assert page.locator(".wb-timeline-list").is_hidden()


def test_on_a_phone_the_chart_becomes_a_readable_list(app: Any, open_tab: Any) -> None:
    """At 390 px, where the chart's labels would be a few pixels tall, is the timeline shown as
    a list of the goals, in full-size text, instead?"""
    page = open_tab(PHONE).open(app.url + "/").page
    add_goal(page, "Lead the analytics team", long_term=True, end=48)
    listed = page.locator(".wb-timeline-list")
    listed.wait_for(state="visible")
    assert "Lead the analytics team" in listed.inner_text()
    assert page.locator("img.wb-timeline").is_hidden()
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector("
        "'.wb-timeline-list li')).fontSize)"
    )
    assert size >= 12


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop-1280", "phone-390"])
def test_an_accessibility_audit_finds_nothing_serious(
    app: Any, open_tab: Any, viewport: dict[str, int]
) -> None:
    """Does axe-core, run on the dashboard after the whole journey, find no critical or serious
    violation, and no content outside a landmark?"""
    page = open_tab(viewport).open(app.url + "/").page
    whole_journey(page)
    violations = run_axe(page)
    serious = [v for v in violations if v["impact"] in {"critical", "serious"}]
    assert serious == [], serious
    outside = [v for v in violations if v["id"] == "region"]
    assert outside == [], outside
