"""The coach's review: pitfalls with evidence, context, talking points, numbers, roadmap, bad input."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbook.coach import PITFALL_CODES, Review, compare, load_rules, review, sample_job_ads
from workbook.coach import engine as coach_engine
from workbook.coach.phrases import compile_phrase
from workbook.content import ContentError
from workbook.model import Goal, Horizon, Roadmap

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "data" / "coach"


def pitfalls(text: str, **kwargs) -> set[str]:
    return {f.code for f in review(text, **kwargs).findings if f.pitfall}


def assert_evidence_indexes(result: Review) -> None:
    for f in result.findings:
        for e in f.evidence:
            assert 0 <= e.start < e.end <= len(result.text)
            assert result.text[e.start : e.end] == e.text
    for p in result.talking_points:
        for e in p.evidence:
            assert result.text[e.start : e.end] == e.text


# --- each pitfall, with the words behind it -------------------------------------------------------
CLEAR = {
    "complacent": (
        "Honestly I'm happy where I am. I don't want to change anything about my job.",
        "happy where I am",
    ),
    "salary": (
        "In my first year I'll learn the product. Long term my real aim is a much higher salary.",
        "higher salary",
    ),
    "too_specific": (
        "On 2 March I start the course, on 1 July I become a senior, and by my 32nd birthday "
        "I will be head of department. I have planned every step.",
        "2 March",
    ),
    "irrelevant": (
        "My main goal is to run a marathon on every continent, and I train every morning.",
        "marathon",
    ),
    "too_personal": (
        "My wife and I are trying for a baby, so I need regular hours. I'd like to lead the "
        "team in three years, starting with your induction course.",
        "baby",
    ),
    "beyond_5_years": (
        "In fifteen years I want to be the chief executive. This year I'll do a leadership course.",
        "fifteen years",
    ),
    "leaving_soon": (
        "I'd like to learn the trade here for a year and then open my own garage.",
        "open my own",
    ),
    "no_short_term": (
        "Within four years I'd like to be leading the finance team and advising the board.",
        "Within four years",
    ),
    "no_long_term": (
        "In my first month I want to learn the booking system and get to know every customer.",
        "first month",
    ),
}


@pytest.mark.parametrize("code", PITFALL_CODES)
def test_each_pitfall_is_found_with_its_words(code):
    """Is each of the nine codes raised by a clear example, quoting the words that show it?"""
    text, words = CLEAR[code]
    result = review(text)
    finding = result.finding(code)
    assert finding is not None, result.codes
    assert finding.pitfall and finding.message and finding.suggestion
    assert any(words in e.text for e in finding.evidence), finding.evidence
    assert_evidence_indexes(result)


def test_a_good_answer_has_no_pitfalls_and_covers_the_talking_points():
    """Does a strong answer come back clean, with every talking point covered?"""
    text = (
        "My long-term goal is to become a charge nurse on your cardiac ward within four years. "
        "To get there, this year I want to complete the coronary care course and shadow your "
        "senior nurses. In my last job I set myself the goal of passing my IV certificate in "
        "six months and did it in four. I'm really excited about growing my skills here."
    )
    result = review(text)
    assert not result.pitfalls, result.codes
    assert all(p.covered for p in result.talking_points), [
        p.id for p in result.talking_points if not p.covered
    ]
    assert_evidence_indexes(result)


# --- context: the same words, a different meaning ----------------------------------------------
@pytest.mark.parametrize(
    ("text", "not_code"),
    [
        (
            "I am happy to learn from everyone here, and in three years I'd like to lead the "
            "team, starting with the induction course.",
            "complacent",
        ),
        (
            "I'm not content to stay at the same level. Within three years I want to manage a "
            "store, and first I'll do your supervisor course.",
            "complacent",
        ),
        (
            "I don't want to stay in the same role forever; I'd like to lead a team in three "
            "years, beginning with a coaching course this year.",
            "complacent",
        ),
        (
            "My salary there was the same for three years, but what bothered me was that I "
            "stopped learning. Here I want to earn my Tableau certificate this year and become "
            "a senior analyst within three years.",
            "salary",
        ),
        (
            "I'm not interested in the money. I want to become a team lead within three years, "
            "starting with your leadership course.",
            "salary",
        ),
        (
            "Some people move jobs for a bigger salary, but that isn't what drives me. I want to "
            "lead a lab team in four years, starting with your safety training.",
            "salary",
        ),
        (
            "I want to become payroll manager in three years; first I'll learn your payroll "
            "software and fix pay errors faster.",
            "salary",
        ),
        (
            "I'd like to explain the benefits of our products better and become a senior "
            "adviser within three years, beginning with the lending course.",
            "salary",
        ),
        (
            "I have no plans to start my own business. I want to become a partner here in five "
            "years, starting with my exams this winter.",
            "leaving_soon",
        ),
        (
            "People sometimes ask if I'd ever go freelance, but I want to grow here: a team lead "
            "in three years, starting with the mentoring course.",
            "leaving_soon",
        ),
        (
            "Ten years ago I started as a porter. Now I want to qualify as a nurse within four "
            "years, starting with the access course this year.",
            "beyond_5_years",
        ),
        (
            "I've been a mechanic for ten years. In three years I'd like to run your workshop, "
            "starting with the EV safety course.",
            "beyond_5_years",
        ),
        (
            "My dad was a teacher, which inspired me. I want to become head of year in four "
            "years, starting with the pastoral course.",
            "too_personal",
        ),
        (
            "I'd like to support children with autism better: within three years I want to be a "
            "SENCO, starting with the qualification next year.",
            "too_personal",
        ),
    ],
)
def test_context_changes_the_meaning(text, not_code):
    """Are negation, hypotheticals, complaints, the past and work senses of words respected?"""
    assert not_code not in pitfalls(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("I'm not a very ambitious person. I'm fine staying as a sales assistant.", "complacent"),
        ("I like my work like it is now. I don't want more responsibility.", "complacent"),
        ("I don't really plan that far ahead; I'll see where life takes me.", "complacent"),
        ("My plan is to qualify here and then join one of the Big Four.", "leaving_soon"),
        ("I'm planning to move back to Poland in about a year.", "leaving_soon"),
        ("I need something to tide me over until a job in my field comes up.", "leaving_soon"),
        ("I'm expecting my second baby in March, so I'll be on maternity leave.", "too_personal"),
        ("I have quite bad anxiety and I've been on medication since last year.", "too_personal"),
        ("I see myself retiring from this company one day.", "beyond_5_years"),
        ("My goal is to get my PMP, which should bump my salary quite a bit.", "salary"),
        ("Honestly, my goal is to be financially stable.", "salary"),
        (
            "I'll be head of department by 30, deputy head by 35 and a head before I turn 40.",
            "too_specific",
        ),
        (
            "I'll finish onboarding in 3 weeks, close 40 tickets in my first 90 days, get promoted "
            "in exactly 14 months and to senior in 38 months.",
            "too_specific",
        ),
    ],
)
def test_other_ways_of_saying_each_pitfall(text, code):
    """Are pitfalls found when said in words other than the textbook ones?"""
    assert code in pitfalls(text)


@pytest.mark.parametrize(
    ("text", "not_code"),
    [
        (
            "I'm not interested in management, I'd rather become the technical expert on our "
            "platform within three years; first I'll get my AWS certification.",
            "complacent",
        ),
        (
            "I'm passionate about music and I'd like to work in your music licensing team, "
            "becoming a licensing manager in three years. First I'll learn the catalogue.",
            "irrelevant",
        ),
        (
            "I love photography in my spare time, and it helps my design work. I want to become "
            "a senior designer within three years, starting with your brand guidelines.",
            "irrelevant",
        ),
        (
            "Money matters to everyone, but it's not why I'm here. I want to become a senior "
            "paralegal in two years, starting with your contracts course.",
            "salary",
        ),
        (
            "Over the next three years I want to help organisations make smart decisions with "
            "their money, starting with my CPA exams this year.",
            "salary",
        ),
        (
            "As a mother of two, I've learned to be very organised. I want to become an operations "
            "manager in three years, starting with the Prince2 course this year.",
            "too_personal",
        ),
        (
            "I'm looking for somewhere I can stay for the long term, not a stepping stone. In the "
            "next year I'd like to get my CCNA, and within five years lead the network team.",
            "leaving_soon",
        ),
        (
            "My goal for the summer is to finish my certificate, and within three years I want to "
            "lead the team.",
            "leaving_soon",
        ),
        (
            "In the next two years I want to get fully trained on the mass spec and take over the "
            "weekly QC runs. Eventually I'd like to lead the lab's method development.",
            "no_short_term",
        ),
    ],
)
def test_acceptable_mentions_are_not_pitfalls(text, not_code):
    """Are money, family, hobbies, the future and time words in acceptable senses left alone?"""
    assert not_code not in pitfalls(text)


def test_irrelevant_compares_the_goal_with_the_role_or_job_ad():
    """Is a goal in another field flagged only against a role or ad of a different field?"""
    text = (
        "Over the next three years I plan to qualify as an electrician, and this year I am "
        "starting evening classes."
    )
    assert "irrelevant" not in pitfalls(text)
    finding = review(text, job_ad="Marketing assistant at a software company").finding("irrelevant")
    assert finding is not None and finding.evidence[0].text == "qualify as an electrician"
    assert "irrelevant" not in pitfalls(text, job_ad="Maintenance electrician at a food factory")
    nurse = "Within three years I want to become a senior nurse, starting with the IV course."
    assert "irrelevant" in pitfalls(nurse, job_ad="data_analyst")  # a sample ad, by id
    assert "irrelevant" not in pitfalls(nurse, job_ad="staff_nurse")
    related = "I want to become a pharmacist within five years; this year I'll pass my level 3."
    assert "irrelevant" not in pitfalls(related, job_ad="Pharmacy technician")
    roadmap = Roadmap(owner="Sam", role="Logistics analyst", employer="Northway Shipping")
    dream = "What I want is to become a wildlife photographer within three years."
    assert "irrelevant" in pitfalls(dream, roadmap=roadmap)


PAIRED = {
    "irrelevant": ("leaving_soon", "too_personal"),
    "leaving_soon": ("irrelevant",),
    "too_personal": ("irrelevant",),
}


def test_the_sample_pitfall_answers_get_their_pitfall_with_and_without_the_role():
    """Does each sample answer of the spot-the-pitfall round get its pitfall (and no other)?"""
    import yaml

    data = yaml.safe_load((ROOT / "data" / "examples" / "pitfalls.yaml").read_text())
    for answer in data["answers"]:
        for job_ad in (None, answer["role"]):
            got = pitfalls(answer["text"], job_ad=job_ad) - {"no_short_term", "no_long_term"}
            expected = set() if answer["pitfall"] == "none" else {answer["pitfall"]}
            # LABELLING.md pairs some codes: a goal in another line of work or at another
            # employer is both irrelevant and leaving soon; a goal that is only personal
            # life is both too personal and irrelevant
            allowed = expected | {c for p in expected for c in PAIRED.get(p, ())}
            assert expected <= got <= allowed, (answer["id"], job_ad, got)


def test_dates_of_private_life_are_not_a_rigid_plan():
    """Are a due date, a wedding and a child's birthday private details, not a timetable?"""
    text = (
        "My wife is due on 14 August, we're getting married on 2 May 2027 and my son turns 5 on "
        "3 March, so I need steady hours. I want to lead the team in three years, starting with "
        "the induction course."
    )
    codes = pitfalls(text)
    assert "too_personal" in codes and "too_specific" not in codes
    career = (
        "On 14 August I finish the course, on 2 May 2027 I become a senior and on 3 March 2029 I "
        "take over the team."
    )
    assert "too_specific" in pitfalls(career)


_SPECIFIC = re.compile(
    r"\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"exact|precise|plan|map|schedul|timetable|spreadsheet|day|week|month|dot|chance|calendar|"
    r"diary|planner|phone|milestone|deadline|broken|split|update|review",
    re.IGNORECASE,
)
_PERSONAL_WORDS = st.sampled_from(
    [
        "my",
        "My",
        "by",
        "on",
        "in",
        "when",
        "I",
        "am",
        "turn",
        "30th",
        "birthday",
        "wife",
        "son",
        "is",
        "due",
        "14 August",
        "2 May 2027",
        "married",
        "kids",
        "my mum",
        "by 30",
        "by 35",
        "month 3",
        "week 2",
        "exactly 14",
        "Q3",
        "every",
        "Monday",
        ",",
        ".",
        "and",
        "weekly plan",
    ]
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PERSONAL_WORDS, min_size=2, max_size=40).map(" ".join))
def test_too_specific_evidence_always_shows_a_date_a_number_or_a_plan(text):
    """Does every quote behind too_specific name a date, number or plan, never just "my"?"""
    finding = review(text).finding("too_specific")
    for e in finding.evidence if finding else ():
        assert _SPECIFIC.search(e.text), (e.text, text)


def test_hoping_for_the_managers_role_politely_is_not_hostile():
    """Is politely hoping for the manager's role one day not flagged as negative?"""
    polite = review(
        "I'd love to be in a position like yours one day. Within four years I'd like to lead a "
        "team here, starting with your leadership course this year."
    )
    assert "negative" not in polite.codes
    hostile = review("My last manager was useless, so I want to replace my boss within a year.")
    assert "negative" in hostile.codes
    assert not hostile.finding("negative").pitfall


def test_extra_codes_are_kept_out_of_the_nine():
    """Are too_short, too_long and vague reported but marked as not among the nine pitfalls?"""
    short = review("I want to be a manager.")
    assert "too_short" in short.codes and not short.finding("too_short").pitfall
    vague = review("Honestly, no idea where I will be.")
    assert "vague" in vague.codes and not vague.finding("vague").pitfall
    long_text = "In three years I want to lead the team, and this year I'll do the course. " * 30
    assert "too_long" in review(long_text).codes


# --- talking points and numbers ------------------------------------------------------------------
def test_long_term_first_is_about_order():
    """Is 'leads with the long-term vision' covered only when the vision comes first?"""
    first = review("In three years I want to lead a team. This year I'll do a coaching course.")
    later = review("This year I'll do a coaching course. In three years I want to lead a team.")
    assert first.point("long_term_first").covered
    assert not later.point("long_term_first").covered
    assert later.point("short_term_steps").covered


def test_employer_name_from_the_roadmap_counts_as_a_link():
    """Does naming the employer from the roadmap cover 'links the goals to this employer'?"""
    text = "In three years I want to lead a team at Acme Foods, starting with a course this year."
    assert not review(text).point("employer_link").covered
    roadmap = Roadmap(employer="Acme Foods", role="Shift lead")
    assert review(text, roadmap=roadmap).point("employer_link").covered


def test_numbers_estimate_speaking_time_and_flag_extremes():
    """Are words counted and speaking time estimated at 140 words a minute, with flags?"""
    words = 70
    text = " ".join(["word"] * words)
    result = review(text)
    assert result.numbers.words == words
    assert result.numbers.seconds == 30
    assert not result.numbers.too_short
    # calibrated on real answers: a few sentences are not "too short", one bare line is
    assert not review(" ".join(["word"] * 69)).numbers.too_short
    assert review("Manager, hopefully.").numbers.too_short
    assert review(" ".join(["word"] * 281)).numbers.too_long
    assert not review(" ".join(["word"] * 280)).numbers.too_long


def test_job_ad_key_terms_used_and_missed():
    """With a job ad, are its key terms split into used and missing, by id or by text?"""
    text = "In two years I'd like to be a data analyst writing SQL and Power BI dashboards."
    by_id = review(text, job_ad="data_analyst")
    assert "sql" in by_id.numbers.terms_used
    assert "power bi" in by_id.numbers.terms_used
    assert "python" in by_id.numbers.terms_missing
    ad = sample_job_ads()["data_analyst"]
    assert review(text, job_ad=ad["text"]).numbers.key_terms == by_id.numbers.key_terms
    assert set(by_id.numbers.terms_used) | set(by_id.numbers.terms_missing) == set(
        by_id.numbers.key_terms
    )


def test_sample_job_ads_are_valid_and_varied():
    """Are there two to four sample job ads, each with a title, an employer and text?"""
    ads = sample_job_ads()
    assert 2 <= len(ads) <= 4
    assert all(ad["title"] and ad["employer"] and len(ad["text"]) > 200 for ad in ads.values())


# --- the roadmap ---------------------------------------------------------------------------------
def _roadmap() -> Roadmap:
    lead = Goal(
        "Become a department manager with budget responsibility", Horizon.LONG, "leadership", 0, 36
    )
    course = Goal(
        "Complete the Agile practitioner course",
        Horizon.SHORT,
        "professional",
        0,
        6,
        leads_to=lead.id,
    )
    degree = Goal("Remote-study degree in computer science", Horizon.LONG, "qualification", 6, 48)
    return Roadmap(owner="Sam", role="Analyst", employer="Acme", goals=[lead, course, degree])


def test_roadmap_goals_the_answer_never_mentions():
    """Are roadmap goals the answer never mentions listed by title?"""
    text = (
        "Within three years I want to become a department manager with budget responsibility. "
        "First I'll complete the Agile practitioner course."
    )
    issues = review(text, roadmap=_roadmap()).roadmap_issues
    missing = [i.goal_title for i in issues if i.kind == "not_mentioned"]
    assert missing == ["Remote-study degree in computer science"]


def test_roadmap_horizons_that_disagree():
    """Is 'in ten years' for a goal at month 36, or a long-term goal called near-term, flagged?"""
    text = (
        "In ten years I want to become a department manager. This year I'll do the Agile "
        "practitioner course, and in the short term I'll start the computer science degree."
    )
    issues = [
        i for i in review(text, roadmap=_roadmap()).roadmap_issues if i.kind == "horizon_mismatch"
    ]
    titles = {i.goal_title for i in issues}
    assert "Become a department manager with budget responsibility" in titles
    assert "Remote-study degree in computer science" in titles
    for issue in issues:
        for e in issue.evidence:
            assert text[e.start : e.end] == e.text


# --- before and after ----------------------------------------------------------------------------
def test_compare_reports_what_improved_and_what_got_worse():
    """Does compare() list findings fixed and introduced, talking points gained, and length?"""
    old = "I want a much higher salary in ten years."
    new = (
        "Within four years I'd like to lead the analytics team here. This year I'll complete "
        "the SQL course and build your monthly dashboard. I'm excited about your data team."
    )
    comparison = compare(old, new)
    assert {"salary", "beyond_5_years"} <= {f.code for f in comparison.fixed}
    assert "short_term_steps" in {p.id for p in comparison.points_gained}
    assert comparison.verdict in {"better", "mixed"}
    assert comparison.improved
    back = compare(review(new), old)
    assert {"salary", "beyond_5_years"} <= {f.code for f in back.introduced}
    assert back.verdict in {"worse", "mixed"}
    json.dumps(comparison.to_dict())
    assert "Overall" in comparison._repr_html_()


# --- showing it ----------------------------------------------------------------------------------
def test_repr_html_and_dict():
    """Is the repr plain, the HTML escaped with evidence in <mark>, and to_dict JSON-able?"""
    text = 'I want a higher salary <script>alert("x")</script> & <b>bonus</b>'
    result = review(text)
    assert repr(result).startswith("Review(") and "\n" not in repr(result)
    page = result._repr_html_()
    assert "<script>" not in page and "<b>bonus" not in page
    assert "&lt;script&gt;" in page and "&amp;" in page
    assert '<mark class="wb-evidence" data-code="salary"' in page
    data = json.loads(json.dumps(result.to_dict()))
    assert "salary" in data["codes"]
    assert data["findings"][0]["evidence"][0]["start"] >= 0
    assert "salary" in str(result)


# --- bad input -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        None,
        "🙂🚀🎯🙂",
        "<script>alert(1)</script>",
        "Mein Ziel ist es, in fünf Jahren ein Team zu leiten und jeden Tag dazuzulernen.",
        "我的目标是在五年内成为团队负责人",
        b"bytes input, in three years lead a team",
        12345,
    ],
)
def test_bad_input_gets_a_friendly_review(text):
    """Does odd input (empty, emoji, other languages, HTML, bytes, numbers) give a Review?"""
    result = review(text)
    assert isinstance(result, Review)
    assert_evidence_indexes(result)
    json.dumps(result.to_dict())
    assert "<script>" not in result._repr_html_()


def test_empty_and_foreign_text_say_why():
    """Do empty and non-English answers come back with a notice instead of findings?"""
    assert review("  ").notices and not review("  ").findings
    german = review(
        "Mein Ziel ist es, in fünf Jahren ein Team zu leiten und jeden Tag dazuzulernen."
    )
    assert german.notices and not german.pitfalls


def test_a_huge_paste_is_read_in_part_and_quickly():
    """Is a 100,000-character paste reviewed (cut, with a notice) without slowing to a crawl?"""
    text = ("In ten years I want to be a director and earn more money. " * 2000)[:100_000]
    began = time.perf_counter()
    result = review(text)
    elapsed = time.perf_counter() - began
    assert result.notices and "100,000" in result.notices[0]
    assert {"beyond_5_years", "salary", "too_long"} <= set(result.codes)
    assert_evidence_indexes(result)
    assert elapsed < 10  # a generous guard against runaway regexes, not a benchmark


_WORDS = st.sampled_from(
    [
        "I",
        "want",
        "not",
        "in",
        "ten",
        "years",
        "salary",
        "happy",
        "where",
        "am",
        "my",
        "own",
        "business",
        "wife",
        "first",
        "course",
        "become",
        "manager",
        "if",
        "by",
        "2040",
        "1 June",
        "'",
        "’",
        ",",
        ".",
        "\n",
        "🙂",
        "<b>",
        "&",
        "-",
        "(",
        ")",
        "#",
        "money",
        "retire",
        "day 3",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), st.lists(_WORDS, max_size=60).map(" ".join)))
def test_review_never_raises_and_offsets_index_the_text(text):
    """For arbitrary text, does review() return, with every evidence span indexing the text?"""
    result = review(text)
    assert result.text == text
    assert_evidence_indexes(result)
    json.dumps(result.to_dict())


def test_first_word_index_finds_what_a_full_scan_finds(monkeypatch):
    """Does the fast first-word index give exactly the results of scanning the whole text?"""
    rows = [json.loads(line) for line in (ROOT / "data/answers/labelled.jsonl").open()]
    texts = [r["text"] for r in rows[::3]] + ["I want to earn six-figures", "40,000 followers"]
    fast = [review(t).to_dict() for t in texts]

    def full_scan(self, cue):
        return [
            m.span() for m in cue.pattern.finditer(self.text, 0, self.end) if m.end() > m.start()
        ]

    monkeypatch.setattr(coach_engine.TextContext, "_matches", full_scan)
    assert [review(t).to_dict() for t in texts] == fast


# --- the rules files ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "text", "expected"),
    [
        ("(rather than|instead of) money", "instead of money", "instead of money"),
        ("really? happy", "I am happy", "happy"),
        ("really? happy", "really happy", "really happy"),
        ("don't want", "I dont want", "dont want"),
        ("don't want", "I don’t want", "don’t want"),
        ("start ... course", "start the new leadership course", "start the new leadership course"),
        ("six-figure", "a six figure salary", "six figure"),
        ("manag*", "managing", "managing"),
        ("# years", "five years", "five years"),
        ("in|within # years", "within 3 years", "within 3 years"),
    ],
)
def test_phrase_syntax(phrase, text, expected):
    """Does the instructors' phrase syntax match what README.md promises?"""
    import re

    m = re.search(compile_phrase(phrase), text, re.IGNORECASE)
    assert m and m.group(0) == expected


def _copy_rules(tmp_path: Path) -> Path:
    folder = tmp_path / "coach"
    shutil.copytree(RULES, folder)
    return folder


@pytest.mark.parametrize(
    ("name", "old", "new", "problem"),
    [
        ("pitfalls.yaml", "needs: [motive]", "needs: [motives]", "'motives' is not a word list"),
        ("pitfalls.yaml", "  - code: salary\n", "  - code: wages\n", "salary"),
        ("pitfalls.yaml", "weight: 0.5", "weight: lots", "'lots' is not of type 'number'"),
        ("words.yaml", "  words_before: 8", "  words_before: [8", "not valid YAML"),
        # the line is quoted (libyaml, which reads the files, does not; its refusals are read
        # again by PyYAML's own parser for the message)
        ("words.yaml", "  words_before: 8", "  words_before: [8", "\n      words_before: [8\n"),
        ("words.yaml", "  private_dates:", "  private_life:", "'private_life' is given twice"),
        ("words.yaml", "  private_dates:", "  private_life:", "\n      private_life:\n"),
        ("structure.yaml", "words_per_minute: 140", "words_per_minute: 2", "words_per_minute"),
        ("pitfalls.yaml", r"\bQ[1-4]\b", r"\bQ[1-4\b", "not a valid pattern"),
        ("smart.yaml", "- id: timely", "- id: timing", "timing"),
        ("pitfalls.yaml", "- <money>", "- <cash>", "<cash> is not a word list"),
        (
            "pitfalls.yaml",
            "unless_sentence: [growth_instead]",
            "unless_sentence: [growth]",
            "'growth' is not a word list",
        ),
        (
            "pitfalls.yaml",
            "unless_said: [growth_aim, growth_turn]",
            "unless_said: [growth_aims, growth_turn]",
            "'growth_aims' is not a word list",
        ),
        ("pitfalls.yaml", "detector: other_field", "detector: elsewhere", "'elsewhere' is not one"),
        ("structure.yaml", "{seconds} seconds", "{secs} seconds", "unknown placeholder"),
    ],
)
def test_a_broken_rules_file_names_the_file_and_the_problem(tmp_path, name, old, new, problem):
    """Does a malformed rules file raise ContentError naming the file and what is wrong?"""
    folder = _copy_rules(tmp_path)
    path = folder / name
    source = path.read_text()
    assert old in source
    path.write_text(source.replace(old, new, 1))
    with pytest.raises(ContentError) as err:
        review("In three years I want to lead a team.", rules_dir=folder)
    assert name in str(err.value)
    assert problem in str(err.value)


def test_workbook_content_folder_and_live_edits(tmp_path, monkeypatch):
    """Are rules read from WORKBOOK_CONTENT, and does an edit apply on the next review?"""
    _copy_rules(tmp_path)
    monkeypatch.setenv("WORKBOOK_CONTENT", str(tmp_path))
    text = "I want to become a lighthouse keeper in three years, starting with a course."
    assert "irrelevant" not in review(text).codes
    path = tmp_path / "coach" / "pitfalls.yaml"
    source = path.read_text()
    path.write_text(
        source.replace(
            "          - black belt\n", "          - black belt\n          - lighthouse keeper\n", 1
        )
    )
    later = path.stat().st_mtime_ns + 2_000_000_000  # coarse file-system clocks: be explicit
    os.utime(path, ns=(later, later))
    assert "irrelevant" in review(text).codes
    (tmp_path / "coach" / "smart.yaml").unlink()
    with pytest.raises(ContentError, match=r"smart\.yaml"):
        load_rules()


# --- measured quality ------------------------------------------------------------------------------
def _bench():
    spec = importlib.util.spec_from_file_location(
        "coach_quality", ROOT / "bench" / "coach_quality.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quality_floors_on_the_dev_split():
    """Does the coach meet its floors on the labelled dev answers, well above the naive baseline?"""
    bench = _bench()
    coach = bench.run("dev")
    naive = bench.run("dev", bench.naive_codes)
    assert coach["macro_f1"] >= bench.FLOORS["macro_f1"], coach["per_code"]
    assert coach["false_alarm_rate"] <= bench.FLOORS["false_alarm_rate"]
    assert coach["macro_f1"] > naive["macro_f1"] + 0.2


def test_labelled_set_covers_every_code_and_many_roles():
    """Does the labelled set have 8+ answers per code, 30+ good ones, many roles, ~30% holdout?"""
    rows = _bench().load_labelled()
    assert len(rows) >= 100
    for code in PITFALL_CODES:
        assert sum(code in r["codes"] for r in rows) >= 8, code
    assert sum(not r["codes"] for r in rows) >= 30
    assert len({r["role"] for r in rows}) >= 20
    share = sum(r["split"] == "holdout" for r in rows) / len(rows)
    assert 0.25 <= share <= 0.35
    assert len({r["id"] for r in rows}) == len(rows)


SCHEMA_IMPORT = """
import json, sys
from workbook.content import load_content, jsonschema_module
from workbook.coach.rules import SCHEMAS, rules_folder
load_content("pitfalls.yaml", SCHEMAS["pitfalls.yaml"], base=rules_folder())  # validated
checkers = sorted(jsonschema_module().FormatChecker.checkers)
skipped = sorted(m for m in ("arrow", "idna", "webcolors", "rfc3987_syntax") if m in sys.modules)
import idna  # a student's own import of one of them still works afterwards
print(json.dumps({"skipped": skipped, "checkers": checkers, "idna": idna.__name__}))
"""


def test_validating_content_leaves_out_the_format_checkers_but_not_their_modules():
    """In a fresh kernel, is content validated without importing jsonschema's optional format
    checkers (about 8 MiB in every kernel), while those modules can still be imported later?"""
    done = subprocess.run(
        [sys.executable, "-c", SCHEMA_IMPORT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["skipped"] == [] and result["idna"] == "idna"
    assert "hostname" not in result["checkers"] and "color" not in result["checkers"]
    assert "regex" in result["checkers"]  # the checkers needing nothing extra remain
