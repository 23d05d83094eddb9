"""The coach panel widget, driven without a browser: type, wait or click, read the HTML."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from workbook.model import Goal, Horizon
from workbook.session import Session
from workbook.ui.coach_panel import DRAFT_NAME, CoachPanel, coach_panel

ROOT = Path(__file__).resolve().parent.parent
ANSWER = (
    "Within four years I'd like to lead the analytics team. This year I'll complete the SQL "
    "course. Also I want a much higher salary <script>alert('x')</script> <b>now</b>."
)


def wait_for(condition, timeout: float = 30.0) -> bool:
    """Poll until ``condition`` holds; generous, since the first review compiles the rules."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.fixture
def panel():
    p = coach_panel()
    yield p
    p.close()


def test_the_panel_carries_stable_classes(panel):
    """Do the panel and its main controls carry the documented wb-* classes?"""
    assert "wb-coach" in panel._dom_classes
    assert "wb-answer" in panel.answer._dom_classes
    assert "wb-review" in panel.review_button._dom_classes
    assert "wb-feedback" in panel.feedback._dom_classes
    assert "wb-checklist" in panel.checklist._dom_classes
    assert "wb-numbers" in panel.numbers._dom_classes
    assert "wb-job-ad" in panel.job_ad_picker._dom_classes


def test_review_now_marks_the_evidence_and_escapes_the_text(panel):
    """After 'Review now', is the evidence in <mark> and no student markup left unescaped?"""
    panel.answer.value = ANSWER
    panel.review_button.click()
    html = panel.feedback.value
    assert '<mark class="wb-evidence" data-code="salary"' in html
    assert "<script>" not in html and "<b>now" not in html
    assert "&lt;script&gt;" in html and "&lt;b&gt;now" in html
    for part in (panel.checklist.value, panel.numbers.value):
        assert "<script>" not in part


def test_feedback_follows_typing_once_it_pauses():
    """Do quick keystrokes give one refresh after the pause, showing the latest text?"""
    p = CoachPanel(delay=0.5)
    try:
        start = p.reviews
        for i in range(1, 6):
            p.answer.value = ANSWER[: 20 * i]
        assert p.pending
        assert wait_for(lambda: not p.pending and p.reviews > start)
        time.sleep(0.7)
        assert p.reviews == start + 1
        assert p.last_review is not None and p.last_review.text == ANSWER[:100]
        p.answer.value = ANSWER
        assert wait_for(lambda: '<mark class="wb-evidence" data-code="salary"' in p.feedback.value)
    finally:
        p.close()


def test_talking_points_and_numbers_are_shown(panel):
    """Are the talking-point checklist and the numbers filled in for the answer?"""
    panel.answer.value = ANSWER
    panel.review_now()
    assert 'data-point="long_term_first" data-covered="true"' in panel.checklist.value
    assert 'data-point="past_example" data-covered="false"' in panel.checklist.value
    assert f"{panel.last_review.numbers.words} words" in panel.numbers.value


def test_a_sample_job_ad_adds_its_key_terms(panel):
    """Does picking a sample job ad show the ad's key terms used and missing?"""
    panel.answer.value = ANSWER
    panel.job_ad_picker.value = "data_analyst"
    panel.review_now()
    assert "Job ad terms you use" in panel.numbers.value
    assert "sql" in panel.numbers.value


def test_drafts_are_saved_to_the_session_and_restored(tmp_path):
    """Is the draft saved through the session, and shown again in a new panel after resuming?"""
    session = Session(data_dir=tmp_path)
    session.save()  # the student has asked for a code; drafts then save as they are typed
    p = coach_panel(session=session)
    p.answer.value = ANSWER
    p.review_now()
    p.close()
    assert session.latest_draft(DRAFT_NAME) == ANSWER
    assert "saved" in p.status.value.lower()
    later = Session(data_dir=tmp_path)
    later.resume(session.code)
    again = coach_panel(session=later)
    assert again.answer.value == ANSWER
    assert '<mark class="wb-evidence"' in again.feedback.value
    again.close()


def test_a_typed_draft_hands_out_no_code_until_the_student_saves(tmp_path):
    """Does a draft typed before the first save stay on the page (no file, no code) and say
    how to keep it?"""
    session = Session(data_dir=tmp_path)
    p = coach_panel(session=session)
    p.answer.value = ANSWER
    p.review_now()
    p.close()
    assert session.latest_draft(DRAFT_NAME) == ANSWER
    assert session.code is None and list(tmp_path.iterdir()) == []
    assert "Save my work" in p.status.value


def test_the_panel_needs_only_the_sessions_drafts_code_and_roadmap():
    """Does the panel use nothing of its session but the draft methods, the code and the
    roadmap, so that any object offering those works?"""

    class Notebook:
        code = None  # no personal code: drafts are kept on the page until the student saves
        roadmap = None  # the panel then reviews without a roadmap

        def __init__(self):
            self.saved: dict[str, str] = {DRAFT_NAME: "In three years I want to lead a team."}

        def save_draft(self, name, text, **_options):
            self.saved[name] = text

        def latest_draft(self, name):
            return self.saved.get(name)

    book = Notebook()
    p = coach_panel(session=book)
    assert p.answer.value == "In three years I want to lead a team."
    p.answer.value = ANSWER
    p.review_now()
    assert book.saved[DRAFT_NAME] == ANSWER
    p.close()


def test_a_draft_that_cannot_be_saved_stays_and_is_explained(tmp_path):
    """When saving fails (text too long), is the text kept and the problem said kindly?"""
    session = Session(data_dir=tmp_path)
    p = coach_panel(session=session)
    huge = "I want to lead a team in three years. " * 800
    p.answer.value = huge
    p.review_now()
    assert p.answer.value == huge
    assert "not saved" in p.status.value
    assert session.latest_draft(DRAFT_NAME) is None
    p.close()


def test_the_roadmap_check_uses_the_sessions_roadmap(tmp_path):
    """Does the panel check the answer against the session's roadmap?"""
    session = Session(data_dir=tmp_path)
    session.roadmap.add(
        Goal("Qualify as a chartered accountant", Horizon.LONG, "qualification", 0, 36)
    )
    p = coach_panel(session=session)
    p.answer.value = ANSWER
    p.review_now()
    assert "never mentions" in p.numbers.value
    assert "chartered accountant" in p.numbers.value
    p.close()


def test_broken_rules_give_a_message_not_a_traceback(tmp_path, monkeypatch):
    """If the instructor's rules are broken, does the panel still open and say so?"""
    shutil.copytree(ROOT / "data" / "coach", tmp_path / "coach")
    bad = tmp_path / "coach" / "pitfalls.yaml"
    bad.write_text(bad.read_text().replace("needs: [motive]", "needs: [nothing_here]"))
    monkeypatch.setenv("WORKBOOK_CONTENT", str(tmp_path))
    p = coach_panel()
    assert "rules could not be loaded" in p.status.value
    assert "pitfalls.yaml" in p.status.value
    p.answer.value = "anything"
    p.review_now()
    p.close()


@pytest.mark.slow
def test_in_a_real_kernel_the_pause_runs_on_the_kernels_event_loop():
    """In a real kernel, is the refresh scheduled on its event loop and run once typing stops?"""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")

    def run(code: str) -> str:
        msg_id = kc.execute(code)
        out = []
        while True:
            msg = kc.get_iopub_msg(timeout=60)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append(f"ERROR {msg['content']['ename']}: {msg['content']['evalue']}")
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out)

    try:
        first = run(
            "from workbook.ui.coach_panel import coach_panel\n"
            "p = coach_panel()\n"
            "p.answer.value = 'I want a much higher salary.'\n"
            "print(p.pending, type(p._timer).__name__, p.reviews)"
        )
        assert first.split() == ["True", "TimerHandle", "1"], first
        time.sleep(1.0)
        later = run("print(p.pending, p.reviews, 'data-code=\"salary\"' in p.feedback.value)")
        assert later.split() == ["False", "2", "True"], later
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_talking_points_say_covered_or_not_in_words_not_only_by_emoji():
    """Is each talking point marked "Covered" or "Not yet" in words (plus a shape and a colour),
    so that it reads the same on a machine with no emoji font?"""
    p = coach_panel()
    p.answer.value = ANSWER
    p.review_now()
    html = p.checklist.value
    assert "✅" not in html and "⬜" not in html
    covered = html.count('data-covered="true"')
    assert html.count("Covered</span>") == covered
    assert html.count("Not yet</span>") == html.count('data-covered="false"')
    assert covered >= 1 and html.count('data-covered="false"') >= 1
    p.close()
