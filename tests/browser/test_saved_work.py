"""Saved work as students really meet it: a reload after a change, the same work in two tabs,
a second person on the same machine, and a code handed out only when asked for.

Real Voila (scripts/serve.py app, with its pre-heated kernel), real files in a temporary
WORKBOOK_DATA, Chromium. Each test checks the file on disk, not just the page: the promise is
that no save is ever lost or written over by an older copy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_dashboard import add_goal, assert_no_traceback, fill

pytestmark = [pytest.mark.browser, pytest.mark.slow]

STALE = ".wb-stale"


def saved(server: Any, code: str) -> Any:
    from workbook.store import load_roadmap

    return load_roadmap(code, folder=Path(server.env["WORKBOOK_DATA"]))


def save_for_a_code(page: Any) -> str:
    page.locator(".wb-save").click()
    page.locator(".wb-code code").wait_for(state="visible")
    return page.locator(".wb-code code").inner_text().strip()


def eventually(check: Any, timeout: float = 15.0) -> None:
    """Wait for a check of the file on disk (a save lands a moment after the page shows it)."""
    import time

    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the file never showed the change"
        time.sleep(0.2)


def goal_texts(page: Any) -> list[str]:
    return page.locator(".wb-goal-text").all_inner_texts()


def wait_for_goals(page: Any, count: int) -> None:
    page.locator(".wb-goal-row").nth(count - 1).wait_for(state="visible")
    page.wait_for_timeout(300)  # no further row follows
    assert page.locator(".wb-goal-row").count() == count


def test_a_reload_after_a_change_shows_the_file_and_saves_on_top_of_it(
    start_server: Any, open_tab: Any
) -> None:
    """When the pre-heated kernel opened the work before the student changed it, does a reload
    still show every goal the file holds, and does the next change keep them all?"""
    server = start_server("app")
    server.wait_settled(1)
    tab = open_tab().open(server.url + "/")
    page = tab.page
    add_goal(page, "Lead the analytics team", long_term=True, end=48)
    code = save_for_a_code(page)
    page.reload()  # this page's kernel opens the remembered code...
    tab.wait_ready()
    wait_for_goals(page, 1)
    server.wait_settled(2, timeout=120)  # ...and the next pre-heated kernel has opened it too
    for title in ("Finish an SQL course", "Present to the operations team"):
        add_goal(page, title, end=6)
    assert len(saved(server, code).goals) == 3

    page.reload()  # served by the kernel that opened the work when it held one goal
    tab.wait_ready()
    wait_for_goals(page, 3)
    fill(page, ".wb-field-role input", "Data analyst")
    eventually(lambda: saved(server, code).role == "Data analyst")
    assert len(saved(server, code).goals) == 3
    assert page.locator(STALE).is_hidden()
    assert_no_traceback(tab)


def test_two_tabs_on_one_code_never_overwrite_each_other(start_server: Any, open_tab: Any) -> None:
    """With the same work open in two tabs, is the behind tab's save refused with a plain
    message and a reload button (the other tab's goal stays in the file), and does the change
    save after the reload, on top of that goal?"""
    server = start_server("app")
    server.wait_settled(1)
    first = open_tab().open(server.url + "/")
    add_goal(first.page, "Lead the analytics team", long_term=True, end=48)
    code = save_for_a_code(first.page)
    server.wait_settled(2, timeout=120)
    second = open_tab().open(server.url + "/")  # the same machine: the same remembered code
    wait_for_goals(second.page, 1)
    assert code in second.page.locator(".wb-whose").inner_text()

    add_goal(first.page, "Finish an SQL course", end=6)
    fill(second.page, ".wb-field-role input", "Data analyst")
    banner = second.page.locator(STALE)
    banner.wait_for(state="visible")
    assert "behind your saved work" in banner.inner_text()
    roadmap = saved(server, code)
    assert [g.title for g in roadmap.goals] == ["Lead the analytics team", "Finish an SQL course"]
    assert roadmap.role == ""  # the refused change did not reach the file

    second.page.locator(".wb-reload").click()
    wait_for_goals(second.page, 2)
    banner.wait_for(state="hidden")
    assert second.page.locator(".wb-about-message").inner_text().strip() == ""
    fill(second.page, ".wb-field-role input", "Data analyst")
    eventually(lambda: saved(server, code).role == "Data analyst")
    assert len(saved(server, code).goals) == 2
    assert_no_traceback(first)


def test_a_second_person_on_the_same_machine_starts_their_own_workbook(
    start_server: Any, open_tab: Any
) -> None:
    """Does the top of the page say whose work it is (name and code), and does "Start a new
    workbook" give the next person an empty one, with a new code, the first person's file
    untouched, and a reload then showing the new person's work?"""
    server = start_server("app")
    server.wait_settled(1)
    ana = open_tab().open(server.url + "/")
    fill(ana.page, ".wb-field-owner input", "Ana Lima")
    add_goal(ana.page, "Lead the analytics team", long_term=True, end=48)
    ana_code = save_for_a_code(ana.page)
    ana.close()
    server.wait_settled(1, timeout=120)

    ben = open_tab().open(server.url + "/")  # a new browser on the same machine
    whose = ben.page.locator(".wb-whose")
    ben.page.wait_for_function(
        "code => document.querySelector('.wb-whose').innerText.includes(code)", arg=ana_code
    )
    assert "Ana Lima" in whose.inner_text()
    ben.page.locator(".wb-new-workbook").click()
    ben.page.wait_for_function(
        "() => document.querySelector('.wb-whose').innerText.includes('no name yet')"
    )
    ben.page.wait_for_function(  # how to get back to Ana's work, said after the refresh
        "code => document.querySelector('.wb-new-message').innerText.includes(code)", arg=ana_code
    )
    assert ben.page.locator(".wb-goal-row").count() == 0
    fill(ben.page, ".wb-field-owner input", "Ben Okafor")
    add_goal(ben.page, "Run the hospital's reporting", long_term=True, end=36)
    ben_code = save_for_a_code(ben.page)
    assert ben_code != ana_code
    ana_work = saved(server, ana_code)
    assert ana_work.owner == "Ana Lima"
    assert [g.title for g in ana_work.goals] == ["Lead the analytics team"]

    ben.page.reload()
    ben.wait_ready()
    wait_for_goals(ben.page, 1)
    assert "Run the hospital" in goal_texts(ben.page)[0]
    assert "Ben Okafor" in whose.inner_text() and ben_code in whose.inner_text()
    assert_no_traceback(ben)


def test_no_code_is_handed_out_until_the_student_saves(start_server: Any, open_tab: Any) -> None:
    """Do details, a goal, a job ad and a rehearsed answer stay on the page without creating a
    file or a code until "Save my work" is pressed?"""
    server = start_server("app")
    server.wait_settled(1)
    data = Path(server.env["WORKBOOK_DATA"])
    tab = open_tab().open(server.url + "/")
    page = tab.page
    fill(page, ".wb-field-owner input", "Sam Rivera")
    add_goal(page, "Lead the analytics team", long_term=True, end=48)
    page.locator(".wb-step-rehearse .jupyter-widget-Collapse-header").first.click()
    answer = page.locator(".wb-answer textarea")
    answer.wait_for(state="visible")
    answer.fill("In five years I want to lead the analytics team here.")
    answer.press("Tab")
    page.locator(".wb-coach .wb-status").get_by_text("Save my work").wait_for()
    assert sorted(p.name for p in data.iterdir()) == []
    assert "not saved yet" in page.locator(".wb-whose").inner_text()
    code = save_for_a_code(page)
    assert code in page.locator(".wb-whose").inner_text()
    assert [p for p in data.glob("*.json") if ".bak" not in p.name]
