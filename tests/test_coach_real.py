"""The coach on what real people say (issue 11): the misses once found on real answers and goals,
in our own words; the learned weights; the fixed split of the real data; bad input."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_coach import _bench, assert_evidence_indexes  # tests/ is on sys.path under pytest

from workbook.coach import load_rules, review, smart
from workbook.coach.engine import TextContext
from workbook.coach.learned import Model
from workbook.coach.phrases import compile_phrase
from workbook.coach.review import features
from workbook.content import ContentError

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "data" / "coach"


def pitfalls(text: str) -> set[str]:
    return {f.code for f in review(text).findings if f.pitfall}


# --- the real misses listed in the issue, paraphrased ------------------------------------------


def assert_found_with_its_words(text: str, code: str) -> None:
    """``code`` is found in ``text``, and its finding quotes the words behind it, in place."""
    result = review(text)
    finding = result.finding(code)
    assert finding is not None, result.codes
    assert finding.evidence, "every finding quotes the words behind it"
    assert_evidence_indexes(result)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Where will I be in five years? Making a set number of dollars every year.", "salary"),
        ("By then I hope to be married, with a couple of kids.", "too_personal"),
        (
            "To me the job is ideal just the way it is, and I don't see any need to grow.",
            "complacent",
        ),
        (
            "I look at this junior post as a stepping stone to a later career in youth work.",
            "leaving_soon",
        ),
        (
            "The plan is to be Finance Manager within two years and CFO within five.",
            "too_specific",
        ),
        (
            "I intend to go back to school for an MBA, and someday run my own consulting firm.",
            "leaving_soon",
        ),
        (
            "I intend to go back to school for an MBA, and someday run my own consulting firm.",
            "irrelevant",
        ),
    ],
)
def test_real_misses_are_found(text, code):
    """Are the plain pitfalls that real answers showed (and the coach once missed) found?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Honestly, I'd like to be well compensated for the hours I put in.", "salary"),
        ("I'm happy doing what I'm doing now and would like to keep it that way.", "complacent"),
        ("Later on I plan to apply to graduate school.", "leaving_soon"),
        ("This role would be my way to break into the games industry.", "leaving_soon"),
        (
            "In month one I'd learn the tools, month two I'd run the stand-ups, and in month "
            "three I'd own the release.",
            "too_specific",
        ),
    ],
)
def test_concepts_in_other_words_are_found(text, code):
    """Is a pitfall found when it is said in words none of the labelled answers used?"""
    assert code in pitfalls(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "I'd like to grow into a senior travel consultant role here within three years.",
            "too_personal",
        ),
        ("In a few years I'd like to run the compensation and benefits team.", "salary"),
        ("I want to help our customers' financial goals as a senior adviser.", "salary"),
        ("Within three years I'd like to lead our retirement planning products.", "beyond_5_years"),
        (
            "I want to build on this firm's decades of experience and make partner.",
            "beyond_5_years",
        ),
        ("I hope to lead projects abroad for the company within five years.", "leaving_soon"),
    ],
)
def test_a_concept_word_naming_the_work_is_not_a_pitfall(text, code):
    """Does a money, travel, retirement or abroad word that names the work itself (a "travel
    consultant", "retirement planning products") stay clear of the pitfall it usually signals?"""
    assert code not in pitfalls(text)


def test_a_clear_plan_is_not_vague_and_nothing_is_silenced():
    """Does a clear multi-year plan escape 'vague', and does a pitfall in it still show?"""
    text = (
        "In three years I want to lead the support team. This year I'll finish the ITIL "
        "course. Honestly, a much bigger salary is my main reason for applying."
    )
    result = review(text)
    assert "vague" not in result.codes
    assert "salary" in result.codes
    assert not {"no_short_term", "no_long_term"} & set(result.codes)


def test_a_few_real_sentences_are_not_too_short():
    """Is a real two-to-five sentence answer left alone by 'too short'?"""
    text = (
        "Over the next five years I want to grow into a team lead role in customer success. "
        "This year I'll learn the product inside out and take the onboarding course. "
        "I'd like to mentor new starters as well."
    )
    result = review(text)
    assert not result.numbers.too_short
    assert "too_short" not in result.codes


def test_talking_points_judge_what_they_name():
    """Does opening with pay not 'lead with the vision', and is retiring early not enthusiasm?"""
    money_first = review(
        "Honestly, a six-figure salary. In five years I want to run the sales team here."
    )
    assert not money_first.point("long_term_first").covered
    retire = review(
        "I'd love to retire early. In three years I want to lead a team, starting with a course."
    )
    assert not retire.point("enthusiasm").covered
    keen = review(
        "In three years I want to lead the design team. First I'll take the UX course. I'd "
        "love to grow with you."
    )
    assert keen.point("enthusiasm").covered and keen.point("long_term_first").covered


def test_job_ad_key_terms_are_whole_terms():
    """Are a job ad's key terms whole ("power bi", "data quality"), never fragments or verbs?"""
    ad = (
        "Join our business intelligence team as a data analyst. You will build Power BI "
        "reports and own data quality. Waiting times matter: registered users expect fast "
        "answers. Power BI skills and a love of data quality are essential."
    )
    terms = review("I want to be a data analyst.", job_ad=ad).numbers.key_terms
    assert "power bi" in terms and "data quality" in terms
    assert not {"waiting", "registered", "intelligence team"} & set(terms)
    for term in terms:
        assert " ".join(term.split()) in " ".join(ad.lower().split())


@pytest.mark.parametrize(
    "text",
    [
        "Close every open support ticket by 30 June.",
        "Cut the average time to hire to 25 days by end of Q2.",
        "Answer each supplier invoice within 14 days of receipt.",
        "Revise vocabulary for twenty minutes each night.",
        "Send the weekly figures to the sales team by Monday morning.",
    ],
)
def test_smart_reads_real_time_phrases(text):
    """Are dates, quarters, 'within N days', nightly habits and weekday deadlines time-bound?"""
    timely = smart(text).criterion("T")
    assert timely.met, text
    assert timely.evidence


def test_smart_reads_measures_and_leaves_learning_alone():
    """Is a number or a checkable completion measurable, and plain 'learn' not?"""
    assert smart("Cut the average wait from 20 minutes to 12 minutes.").criterion("M").met
    assert smart("Pass the CIPD level 5 certificate.").criterion("M").met
    assert not smart("Learn more about marketing.").criterion("M").met


# --- LABELLING.md's definitions, said in words of our own (no real row was read for these) ---
@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("complacent", "I haven't made any plans; I'll just see where things go."),
        ("complacent", "I'd be glad to be doing exactly this same job in five years."),
        ("complacent", "I'm not really interested in moving up; this level suits me fine."),
        ("complacent", "Career growth isn't something I think about. I just do my hours."),
        (
            "complacent",
            "I suppose I'll still be here doing the same thing, there isn't much else for me.",
        ),
        ("salary", "I want to be able to buy a nice car and take expensive holidays."),
        ("salary", "I'd like to be making around 80k a year."),
        ("too_personal", "I hope to have bought a house and had my first child by then."),
        ("too_personal", "I want to move to the coast and spend my weekends surfing."),
        ("too_personal", "I want to live near my parents again."),
        ("too_personal", "I'd like to spend more time on my garden and my dogs."),
        ("leaving_soon", "I'm not sure I want to stay in accounting long term."),
        ("leaving_soon", "I'm only looking for something to do until my visa runs out."),
        ("beyond_5_years", "I see myself with this company forever."),
        ("irrelevant", "I'd like to be doing your job, sitting in your chair."),
        ("irrelevant", "I want to sit where you're sitting and run this department."),
        ("salary", "I'd like to be comfortably off, with enough in the bank that I never worry."),
        ("salary", "Within five years I'd like to be the highest earner in my team."),
        (
            "too_specific",
            "I'll be Assistant Store Manager by next March and Store Manager by the following "
            "September.",
        ),
        ("too_specific", "I have it all mapped out: promotion in 18 months, team lead at 30."),
        ("too_personal", "My goal is to be fit enough to climb Kilimanjaro."),
        ("too_personal", "I'd like to move to Lisbon and settle down there."),
        ("leaving_soon", "I'd like to use the experience here to get into a consultancy later."),
        ("leaving_soon", "Honestly I'm not sure this industry is for me in the long run."),
        ("leaving_soon", "I'm hoping to transfer into a different industry within two years."),
        ("complacent", "To be honest I'm not that bothered about promotion."),
    ],
)
def test_labelling_concepts_in_words_of_our_own(code, text):
    """Is each of LABELLING.md's pitfalls found when said in words none of the labelled
    answers use, and does the finding quote its words?"""
    assert_found_with_its_words(text, code)


# --- complacent and salary, widened (issue 11, round 4): each concept of LABELLING.md in
# several phrasings of our own, and the near misses each guard keeps clear
@pytest.mark.parametrize(
    ("code", "text"),
    [
        # happy to stay as it is: the same seat, nothing changing
        ("complacent", "I'll probably still be sitting at this same desk."),
        ("complacent", "Five years from now? Probably the same."),
        (
            "complacent",
            "I'm pretty comfortable in my current position and don't see that changing.",
        ),
        ("complacent", "I'm quite content being a cashier for the rest of my working life."),
        ("complacent", "I'm at the level I want to be at."),
        ("complacent", "Honestly I could do this job forever."),
        ("complacent", "I'm happy to stay put."),
        # no ambition, said outright
        ("complacent", "I've never really been the ambitious type."),
        ("complacent", "I don't have any burning desire to climb the ladder."),
        ("complacent", "Getting promoted isn't something I think about."),
        ("complacent", "I'd rather not take on more responsibility; a quiet life suits me."),
        ("complacent", "I have no real aspirations."),
        # no plans, whatever comes
        ("complacent", "Wherever the wind blows me, really."),
        ("complacent", "I'll play it by ear."),
        ("complacent", "I prefer to let the future take care of itself."),
        ("complacent", "Whatever happens, happens."),
        # resigned, marking time
        ("complacent", "I'm not a career person. It's just a job to me."),
        ("complacent", "I just want to turn up, do my shift and go home."),
        ("complacent", "Hopefully still employed."),
        # money as the goal
        ("salary", "Somewhere that pays a lot more than this."),
        ("salary", "I want my salary to keep rising every year."),
        ("salary", "I hope to be earning what my friends in banking earn."),
        ("salary", "I'd like a job with a decent pension and good perks."),
        ("salary", "A fair wage and paid holidays are what I'm after."),
        # financial status as the goal
        ("salary", "My goal is to be a millionaire by forty."),
        ("salary", "I want to be in the top tax bracket."),
        ("salary", "Rich, hopefully."),
        ("salary", "Wealth and status matter to me, and a raise every year."),
        ("salary", "I'd like to have paid off my student loans and be debt-free."),
        ("salary", "I hope to be in a position where I don't have to think about money."),
        ("salary", "I want to work hard so that money is never a worry again."),
        ("salary", "I want to save enough for a deposit on a flat."),
        # money as the reason
        ("salary", "Honestly the pay is what drew me here."),
        ("salary", "Mostly I'm here because it pays the bills."),
        ("salary", "I want to be paid what I'm worth."),
    ],
)
def test_complacent_and_salary_in_many_phrasings(code, text):
    """Are a content, unambitious or planless answer, and money as the goal or the reason,
    found however they are phrased, each finding quoting its words?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("complacent", "I see myself still here, but as a senior analyst."),
        ("complacent", "I'll take on whatever challenges come my way and grow from them."),
        ("complacent", "I'm not happy doing the same thing every day, so I want to learn more."),
        (
            "complacent",
            "I'm comfortable with where my skills are, and next I want to learn Python.",
        ),
        ("complacent", "I haven't given it much thought, but I'd like to lead a team one day."),
        # "not thought about it" alone is "I don't know": no direction, not contentment
        ("complacent", "I haven't given it much thought."),
        ("complacent", "Honestly, I've never really thought about it."),
        ("complacent", "Gee, I haven't thought about that yet."),
        ("complacent", "I'm happy to start at the bottom and work my way up."),
        ("complacent", "I'd like to take on more responsibility over time."),
        ("complacent", "Married, with kids. Having a family is all I want."),
        ("complacent", "My plan is to be a photographer; this is just a job until then."),
        ("complacent", "I want a job where every day is different, not the same old routine."),
        ("salary", "Money is not what drives me; I want to learn."),
        ("salary", "It's not about the money for me."),
        ("salary", "I'd like to move into a financial analyst role."),
        ("salary", "I'd like to work in compensation and benefits."),
        ("salary", "I want to help clients reach financial security."),
        ("salary", "I want to help families budget and get out of debt."),
        ("salary", "I want to save the company money by streamlining processes."),
        ("salary", "I want to raise a family, and grow with the company."),
        ("salary", "I'd like to raise standards in the kitchen."),
        ("salary", "I'd like to raise the bar for the team and raise participation in surveys."),
        ("salary", "I want to gain rich experience across departments."),
        ("salary", "I want to be well rewarded with new challenges."),
        ("salary", "I want to become a wealth manager."),
        ("salary", "I want to earn a reputation as a reliable engineer."),
        ("salary", "I'm applying for the benefits administrator role."),
        ("salary", "The salary matters less to me than the chance to learn."),
    ],
)
def test_complacent_and_salary_near_misses_stay_clear(code, text):
    """Does growth in the same sentence, a stopgap job, other people's money, a money word
    that names the work or a bare "I haven't thought about it" (LABELLING.md: "I don't know"
    alone is not complacent) keep an answer clear of complacent and salary?"""
    assert code not in pitfalls(text)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("complacent", "I'm not sure yet, but I want to move into data work and learn SQL."),
        ("complacent", "I want to move to the coast office and lead its sales team."),
        ("too_specific", "I'd be glad to lead exactly the kind of team you describe."),
        ("too_personal", "I'm not really interested in moving up; this level suits me fine."),
        ("salary", "Pay isn't the point for me; I want to learn how to run large projects."),
        ("too_personal", "As a parent I know the patience teaching needs; I want to lead a class."),
        ("leaving_soon", "I'd like to grow here, moving from support into the product team."),
        ("beyond_5_years", "I want to make good money now so that I can retire early."),
        ("beyond_5_years", "I'm a lifelong learner, and I'd like to lead a team here."),
        ("beyond_5_years", "My lifelong dream is to lead a newsroom within five years."),
        ("beyond_5_years", "This is a once in a lifetime chance; in five years I'd like to lead."),
        ("beyond_5_years", "I'd be forever grateful to learn here and lead a team in five years."),
        ("beyond_5_years", "I hope to manage a retirement home within a few years."),
        ("too_specific", "I'd like to become a team lead in a few years, once I know the product."),
        ("too_personal", "I'd like to move to a bigger firm after a few years here."),
        ("too_personal", "For now I want to get to know the families and partner agencies here."),
        ("too_personal", "I'd like to be a senior consultant specialising in long-haul travel."),
        ("too_personal", "I'll work here for a year, then move to Australia to nurse there."),
        ("too_personal", "Within five years I'd like to be an HR business partner here."),
        ("too_personal", "I want to become a mortgage adviser within three years."),
        ("too_personal", "I'd like to specialise in supporting patients with anxiety."),
        ("too_specific", "This year I want to grow the newsletter audience by 20%."),
        ("too_specific", "I'd like to grow our following past 40,000 readers in three years."),
        ("leaving_soon", "I'd like my HGV licence this year and move on to long-distance routes."),
        ("beyond_5_years", "After ten years' experience in retail, I'd like to lead a team here."),
    ],
)
def test_near_misses_stay_clear(code, text):
    """Does a word that only looks like a pitfall ("suits me", "the coast office", "exactly
    the kind of team", "retire early", "a lifelong learner") stay clear of it?"""
    assert code not in pitfalls(text)


# --- too_specific, too_personal, beyond_5_years: the concept, said many ways ------------------
# (LABELLING.md: a fixed script of titles, dates, ages or figures; private life offered as a goal;
# a goal clearly past five years), with the near misses the guide names beside them.
SAID_MANY_WAYS = {
    "too_specific": [
        "By March 2027 I will be Senior Account Manager, and by 2029 Head of Sales.",
        "Within 24 months I intend to hold the title of Regional Sales Director.",
        "I want to be Store Manager of the Leeds branch by next summer.",
        "I've got my five-year plan worked out down to the week.",
        "Year 1: learn the product. Year 2: lead a project. Year 3: become team lead.",
        "Every quarter has a milestone: Q1 the certificate, Q2 a project, Q3 team lead.",
        "I want to be earning $95,000 by the time I'm 28.",
        "Senior Developer in two years, Tech Lead in four, Engineering Manager by 30.",
        "By the end of 2027 I will be Head of Digital Marketing.",
        "I want to move into a Finance Director role within three years.",
        "I'd like a corner office with my name on the door by then.",
        "At 25 I'll be a team lead, at 30 a manager and at 35 a director.",
        "I've set dates for each step: supervisor by June, assistant manager by December.",
        "Six months to learn the ropes, 18 months to become Senior Buyer, three years to Head.",
    ],
    "too_personal": [
        "I'd love to have started a family by then.",
        "I'd like to be closer to my elderly parents so I can look after them.",
        "In five years I want to have visited every country in Europe.",
        "My dream is to sail around the world.",
        "I hope to be a homeowner by then, maybe in a cottage with a garden.",
        "I'd like to have a bigger house with room for the kids.",
        "I hope to be less stressed and to spend my evenings painting.",
        "My goal is to run a marathon and get in the best shape of my life.",
        "I want to learn to play the guitar and finally write my novel.",
        "I want to go on lots of holidays and enjoy life.",
        "Honestly I'd like to be engaged by then and living with my girlfriend.",
        "I want to be able to pick up my kids from school every day.",
        "I've got three kids under five and my partner works nights, so I need the early shift.",
        "I'd love to visit Japan and learn the language.",
        "In five years I want to be living on a farm with horses.",
        "Family comes first for me, so I need a role with regular hours.",
        "I'm saving for a house deposit.",
    ],
    "beyond_5_years": [
        "My ten-year plan is to become a consultant surgeon.",
        "Over the next 10+ years I'd like to grow into a director.",
        "By the time I'm fifty I want to be chief engineer.",
        "In my forties I'd like to be managing a department.",
        "Two decades from now I'd like to have trained a generation of engineers.",
        "I'd like to stay here until I retire.",
        "I see myself working here for the rest of my career.",
        "Much further down the line, say in 8 to 10 years, I'd like to run a region.",
        "By 2045 I want to be chief nurse.",
        "Later in life I'd like to teach what I've learned.",
        "I'm looking for a company I can stay with for decades.",
    ],
}

NEAR_MISSES = {
    "too_specific": [
        "This year I'd like to finish my CIPD Level 5 and in three years lead a small team.",
        "Within the next five years I aim to become a project manager for international teams.",
        "In my first year I want to learn the systems; in years two and three, bigger projects.",
        "I'll speak for ten minutes in each meeting and go to a leadership panel every week.",
        "I'm applying for the Marketing Manager role, and in five years I'd like to lead the team.",
        "At 25 people, our team is small, and in three years I'd like to help it grow.",
    ],
    "too_personal": [
        "My family are all nurses, so I know how much the job matters; I want to lead a ward.",
        "Cooking has been in my family for generations; I want to be a sous chef in three years.",
        "I want to grow our fitness app's user base.",
        "I hope to build a healthy team culture where people speak up.",
        "I'd be glad to travel for work and visit clients in different countries.",
        "I'd like to be based in the Leeds office and lead the team there.",
        "I'd like to manage our home care services in the region.",
        "In five years I'd like to be a partner at this firm.",
        "I'd like to meet the team and find my feet in the first month.",
        "I've been a wedding photographer for six years; now I'd like to shoot for your brands.",
        "This year I'd like to become the go-to person for mortgage queries at the counter.",
    ],
    "beyond_5_years": [
        "By then I'll be retired.",
        "Come back in ten years and ask me.",
        "The company has been around for decades; I'd like to help it grow in five years.",
        "I'd like to help our clients plan for retirement as a financial adviser.",
        "Our system is twenty years old; I'd like to lead its replacement within two years.",
        "I'm hoping to step into the role of a colleague who will retire next year.",
        "I've spent a decade in retail, and I'd like to move into buying here.",
        "We've been married ten years; in five years I'd like to manage a branch.",
        "Over the next three to five years I want to grow into a senior role.",
    ],
}


@pytest.mark.parametrize(
    ("code", "text"), [(c, t) for c, texts in SAID_MANY_WAYS.items() for t in texts]
)
def test_a_concept_is_found_however_it_is_said(code, text):
    """Is too_specific, too_personal or beyond_5_years found when the concept is said in words
    of its own (a title at a date, a home or a trip as the goal, a decade away), quoting them?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    ("code", "text"), [(c, t) for c, texts in NEAR_MISSES.items() for t in texts]
)
def test_a_concept_word_in_another_sense_stays_clear(code, text):
    """Does a word of the concept used otherwise (family as background, travel for the work, a
    retirement that is the horizon's end or someone else's, a check-back date) stay clear?"""
    assert code not in pitfalls(text)


# Round 5: the concept first. Each code said in registers and wordings no cue was written from
# (slang, Indian and British English, one-liners, jokes), and the near misses that must not
# fire (money that names the work, a title named only as a distant direction, a move for the
# work, a count that is the present, a hedged plan).
SAID_OTHERWISE = {
    "salary": [
        "Honestly? I'd like to be on a much bigger pay packet by then.",
        "My main aim is a good hike in my CTC, something like 12 LPA.",
        "I want to be earning around $90,000 a year.",
        "I'm hoping to grow professionally and financially.",
        "I want to retire early, so I'm after the big bucks.",
        "A lucrative role where I'm rewarded financially for results.",
        "I'd like a yearly increment and a good bonus.",
        "I'd want to be pulling in at least 80 grand.",
        "Somewhere I can stop living paycheck to paycheck.",
        "Enough money to travel and buy a flat.",
        "Money, honestly.",
        "Fifty thousand dollars a year, ideally.",
        "If the money is right, I'll stay for the long haul.",
        "I'll hit every target, but then I get to set my own bonus.",
    ],
    "too_specific": [
        "In five years I'll be the managing director.",
        "I want to be CEO within ten years.",
        "By 2030 I will be vice president of sales.",
        "I'd like to make partner by the time I'm 35.",
        "First year I learn the product, second year I lead a project, third year I run the team.",
        "Year one, learn the systems; year two, run a small team; year three, head the unit.",
        "Within 18 months I'll be a team leader, and within three years an operations manager.",
        "I'll be running a team of 40 people by 2029.",
        "My career has been mapped out since school: analyst, then manager, then director.",
        "My goal is to be general manager by the time I'm thirty.",
        "Step one, the CPA; step two, senior associate; step three, manager.",
        "In 5 yrs I'll be an AVP at this bank.",
        "I've planned it out: associate in 2026, senior associate in 2028, manager in 2030.",
        "My plan is to be a principal engineer exactly four years from now.",
        "In exactly three years I'll have the top job.",
        "My plan: six months learning, then management at 27.",
    ],
    "too_personal": [
        "I'd like to build a big family, with lots of children.",
        "Hopefully still alive and healthy!",
        "We're planning to move to Denver in the next couple of years.",
        "I'd like to be in a stable relationship and maybe engaged.",
        "I'd like to live abroad for a few years while I'm young.",
        "My dream is to spend a year hopping from country to country.",
        "I want to lower my blood pressure and be less stressed.",
        "I hope to meet the right person and settle down.",
        "Outside work, I want to finish my first novel and get it published.",
        "Hopefully I'll have a couple of little ones running around by then.",
        "My mum's getting older, so I want to be around for her.",
        "I'd love to spend a year in Japan learning the language.",
        "Honestly I'd like to be somewhere sunny by then.",
        "In ten years I'd just like to be happy.",
        "If I could, I'd travel the world.",
        "If I had my way I'd be on a beach somewhere.",
        "I'd like to have travelled to at least 30 countries.",
        "We're planning to emigrate to New Zealand.",
    ],
}

NOT_THE_CONCEPT = {
    "salary": [
        "I'd like to become a financial analyst and later lead the financial planning team.",
        "Money isn't what drives me; I want to build things people use.",
        "In three years I'd like to manage a budget of $2 million for the department.",
        "I want to increase revenue by 20% and cut costs for the business.",
        "My hard work will pay off as I take on more responsibility.",
        "I want to lead the payroll team and modernise our pay systems.",
        "I'd like to help our clients grow financially.",
        "Eventually I want to move into private equity research.",
        "I handle money.",
        "Some people work for the money; I want to learn the trade.",
        "I want to work in payroll and later in compensation and benefits.",
    ],
    "too_specific": [
        "In the long run I'd love to be a CTO, but first I want to master backend work.",
        "The end goal is to be a CTO, ideally of a small business.",
        "In five years I want to be the CEO of my own company.",
        "Within a few years I see myself in a management role.",
        "Then I'd like to take on a shift supervisor role within two years.",
        "I'd like to be promoted to supervisor within a year or two.",
        # a promotion deadline with no title (data/real/ADJUDICATION.md R11, round 8)
        "I plan to be promoted within six months.",
        "In my previous job I was promoted to team lead after eighteen months.",
        "My ultimate ambition, maybe seven or eight years down the line, is chief marketing officer.",
        "I'd like to design dishes within a year, and long term I want to become your head chef.",
        "Nothing is set in stone, but in five years I'd like to lead a team.",
        "In five years I'd like to be a manager or a head of department.",
        "I want to become head of year within four years.",
    ],
    "too_personal": [
        "Our team feels like a family and I want to keep building that culture.",
        "As a teacher I want to help children find their direction.",
        "I want to move to the marketing team within two years.",
        "I'd like to build long-term relationships with key clients.",
        "I'd like a good relationship with my manager and my team.",
        "I want to grow the family business my parents founded into a regional brand.",
        "I'd like to move to the London office in two years.",
        "We need a novel approach to onboarding, and I'd like to lead it.",
        "I'd like to be a Band 6 nurse within three years.",
        "I want to stay engaged with the wider team.",
        "Some people put family first, but I want to lead a team.",
        "I'm interested in travel and tourism management.",
        "I want to help patients live healthier lives.",
    ],
}


@pytest.mark.parametrize(
    ("code", "text"), [(c, t) for c, texts in SAID_OTHERWISE.items() for t in texts]
)
def test_a_concept_said_in_words_no_cue_was_written_from_is_found(code, text):
    """Is salary, too_specific or too_personal found when said in another register (a hike in
    the CTC, a top title on a clock, a year-by-year script, a relationship, a move, a joke about
    staying alive), quoting the words behind it?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    ("code", "text"), [(c, t) for c, texts in NOT_THE_CONCEPT.items() for t in texts]
)
def test_the_concept_words_in_another_sense_stay_clear(code, text):
    """Does money that names the work, a top title named only as a distant or own-company goal,
    a hedged or past promotion, a relationship with clients or a move for the work stay clear?"""
    assert code not in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "Right now I'm focused on learning the product and building relationships with the "
        "customers. Longer term, I see myself taking on account management for the bigger clients.",
        "I'm keen to grow with the company. First I want to learn how the warehouse runs, then "
        "I'd like to move into a supervisor role in two or three years.",
        "I want to spend my first months learning from the team and taking on small campaigns. "
        "Later on I'd like to manage the social media strategy for the whole brand.",
        "Honestly, my aim is simple: get really good at this job in the first year, and then take "
        "on more responsibility, maybe leading the night shift within three years.",
    ],
)
def test_a_plain_two_step_answer_gets_no_pitfall(text):
    """Does a real-sounding answer with a first step and a five-year picture stay clean (the
    false alarms the issue counts)?"""
    assert not pitfalls(text)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (
            "salary",
            "I'd like to learn the role quickly and take on more clients. Ultimately, though, "
            "I'm here because the commission structure is really attractive.",
        ),
        (
            "too_personal",
            "In my first year I'd like to finish the induction and get certified. Outside work, "
            "my wife and I are hoping to start a family soon.",
        ),
        (
            "leaving_soon",
            "I want to learn as much as I can here over the next two years. After that I'm "
            "planning to move back home to Ireland.",
        ),
        (
            "complacent",
            "I'm pretty happy doing what I do now. I don't really see myself changing much over "
            "the next few years.",
        ),
        (
            "irrelevant",
            "I'll do my best here for now. But what I really want is to be a professional "
            "photographer.",
        ),
    ],
)
def test_a_pitfall_in_an_otherwise_good_answer_is_found(code, text):
    """Is a pitfall found when the rest of the answer is a good plan (no code hides another)?"""
    assert code in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    ["I don't know yet.", "Honestly, I haven't got a clue.", "It's hard to say where I'll be."],
)
def test_saying_you_do_not_know_is_no_plan_at_all(text):
    """Does "I don't know" alone carry no_short_term and no_long_term, as LABELLING.md says?
    (The phrases once fell into the single-word '|' trap and never matched.)"""
    assert {"no_short_term", "no_long_term"} <= pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "I've never really thought about it.",
        "Nobody can know what the future holds.",
        "Honestly, I haven't decided yet.",
        "I won't be here, I can promise you that.",
        "I really don't know.",
    ],
)
def test_giving_no_direction_in_other_words_is_no_plan_either(text):
    """Is "never thought about it", "nobody knows", "haven't decided" or only where one will
    not be read like "I don't know": no first step and no five-year picture?"""
    assert {"no_short_term", "no_long_term"} <= pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "Once I've built up enough experience on the shop floor, I'd like to move into management.",
        "I'd like to get my foot in the door here and work my way up to a team lead role within "
        "five years.",
        "In five years I hope to have deepened my knowledge of tax law and to be leading a small "
        "team.",
        "I'm planning to go back to college for a design diploma, and later I'd like to run the "
        "studio's branding work.",
        "I want to grow with the company and, in a few years, manage one of your branches.",
        "In five years I'd like to be a charge nurse, and I plan to prove myself on the ward first.",
    ],
)
def test_building_up_to_a_goal_is_a_first_step(text):
    """Is building experience, getting a foot in the door, studying or growing with the
    company a near-term step (LABELLING.md: "any near-term aim is stated, however briefly"),
    so a destination reached that way is not "a vision with no first steps"?"""
    assert "no_short_term" not in pitfalls(text)
    assert "growth" in features(text)["no_short_term"]


@pytest.mark.parametrize(
    "text",
    ["My goal is to become a head chef.", "In five years I want to be a partner."],
)
def test_a_bare_destination_still_has_no_first_step(text):
    """Does a one-line destination, with nothing about how to start, carry no_short_term?"""
    assert "no_short_term" in pitfalls(text)
    assert "no_long_term" not in pitfalls(text)


@pytest.mark.parametrize(
    ("past", "ahead"),
    [
        (
            "In my last job I built up my sales skills. In five years I'd like to run a region.",
            "This year I'd like to build up my sales skills. In five years I'd like to run a region.",
        ),
        (
            "When I was at college I gained some experience in retail; now I want to be a buyer.",
            "First I want to gain some experience in retail; then I want to be a buyer.",
        ),
    ],
)
def test_growth_in_a_past_example_is_not_a_step_ahead(past, ahead):
    """Does building up skills count as a near-term aim only when it lies ahead, not in a
    clause about the past?"""
    assert "growth" not in features(past)["no_short_term"]
    assert "growth" in features(ahead)["no_short_term"]


@pytest.mark.parametrize(
    "text",
    ["Retired, on a beach somewhere.", "Married, with two kids.", "Being a travel writer by then."],
)
def test_a_picture_outside_work_is_still_a_picture(text):
    """Is a one-line picture of the years ahead, even outside work, a long-term picture (not
    no_long_term; LABELLING.md: "a five-year picture is given, even a modest one")?"""
    assert "no_long_term" not in pitfalls(text)


@pytest.mark.parametrize(
    ("picture", "doubt"),
    [
        ("On a beach, I hope.", "On a beach? I couldn't say."),
        ("Still in good health.", "Honestly, no clue."),
    ],
)
def test_a_bare_picture_is_told_from_a_bare_doubt(picture, doubt):
    """Is a short answer with no time marker a picture of some kind when it voices no doubt
    (no no_long_term), and no picture at all when it says nobody can know?"""
    assert "bare_picture" in features(picture)["no_long_term"]
    assert "no_long_term" not in pitfalls(picture)
    assert "bare_picture" not in features(doubt)["no_long_term"]
    assert "no_long_term" in pitfalls(doubt)


# --- round 5: each concept of LABELLING.md said in ways the cues were not written from ----------


@pytest.mark.parametrize(
    ("code", "text"),
    [
        # complacent: the same work or place as now, however hedged
        ("complacent", "I'd like to be doing pretty much what I'm doing now."),
        ("complacent", "Same job, same desk, hopefully the same team."),
        ("complacent", "Pretty much where I am now, I reckon."),
        ("complacent", "I'll be doing more or less the same job."),
        ("complacent", "Five years? Still here, still answering the phones."),
        ("complacent", "I enjoy what I do now and would be glad to keep doing it."),
        ("complacent", "I'm comfortable in this position and don't need more."),
        # complacent: no wish to grow, said outright or modestly
        ("complacent", "My dreams aren't big ones."),
        ("complacent", "My goals are modest, to be honest."),
        ("complacent", "I'm not a very goal-oriented person."),
        ("complacent", "I've gone as far as I want to go."),
        ("complacent", "I'm not interested in going any higher."),
        ("complacent", "I'm too old to start climbing the ladder now."),
        # complacent: whatever comes, marking time
        ("complacent", "I'll take whatever I'm given."),
        ("complacent", "Life's too short for five-year plans."),
        ("complacent", "I'm just here for the paycheck."),
        ("complacent", "Honestly, I'd just like to keep doing my job well, nothing more."),
        ("complacent", "I have no intention of changing anything."),
        ("complacent", "I am satisfied with my current designation."),
        ("complacent", "I will continue in the same profile."),
        ("complacent", "A bit older, a bit greyer, same job."),
        ("complacent", "Still doing this, I suppose."),
        ("complacent", "Where I am today is where I want to be."),
        ("complacent", "I'm comfortable; why change?"),
        ("complacent", "I'm not one to rock the boat."),
        ("complacent", "I'm not someone who wants to rush up the ladder."),
        ("complacent", "I'll settle for whatever role is available."),
        ("complacent", "Honestly I'd be happy just to have a stable job."),
        # beyond_5_years: ending one's career somewhere, old age, "years from now"
        ("beyond_5_years", "I'd like to end my career as a head teacher."),
        ("beyond_5_years", "I want to finish my career at this company."),
        ("beyond_5_years", "I see myself here until I'm old and grey."),
        ("beyond_5_years", "Years from now, I'd like to look back on a long career here."),
    ],
)
def test_a_concept_in_words_the_cues_were_not_written_from(code, text):
    """Is each concept found in phrasings of our own, not those of the rows read to write the
    cues (round 4 fitted the rows it read and missed new sites), quoting its words?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (
            "complacent",
            "I'm happy in my current role, but I'd like to take on more responsibility.",
        ),
        ("complacent", "The same as now but with a bigger team."),
        ("complacent", "I'd like to be doing what I do now, but at a senior level."),
        ("complacent", "I hope I'm still here, leading the team."),
        ("complacent", "Nothing will change my commitment to patients."),
        ("complacent", "I might end up doing exactly what I do now, but I hope to run a team."),
        ("complacent", "My goals are big: I want to run the department."),
        ("complacent", "I don't know."),
        ("complacent", "I'd like to continue in the same team and take on more projects."),
        ("complacent", "I'll still be doing this, but at a much bigger scale."),
        ("complacent", "I'm not afraid to rock the boat."),
        ("complacent", "Why change careers? Because I love design."),
        ("complacent", "Same company, but in a leadership role."),
        ("beyond_5_years", "I want to finish my degree first."),
        ("beyond_5_years", "A few years down the line I'd like to lead a team."),
    ],
)
def test_a_near_miss_of_the_widened_cues_stays_clear(code, text):
    """Does a sentence that names growth, a hedge, a plain "I don't know" or a horizon within
    five years stay clear of the widened cues?"""
    assert code not in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "In five years? Honestly, I couldn't tell you.",
        "Where do I see myself in ten years? No idea at all.",
        "Time will tell.",
        "Your guess is as good as mine.",
    ],
)
def test_echoing_the_question_is_no_picture_of_the_future(text):
    """Is the horizon of the question, echoed ("In five years? ..."), no destination, so an
    answer that only echoes it and says nobody can know carries no_long_term?"""
    assert "has_long" not in features(text)["no_long_term"]
    assert {"no_short_term", "no_long_term"} <= pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "I can't see that far ahead.",
        "Five years is a long time, honestly.",
        "It's too far ahead to say.",
        "I can hardly picture next year, let alone five years.",
        "I'm still figuring it out.",
        "Not a clue.",
        "Beats me.",
        "Good question! I'm not really sure.",
        "I haven't got that far.",
        "No plans yet.",
        "I just want to work hard and see where that takes me.",
    ],
)
def test_not_knowing_in_casual_and_hedged_words_is_no_plan(text):
    """Is "I don't know" said casually, hedged or as a joke read as a doubt ('unsure'), so it
    carries no_long_term (LABELLING.md: "'I don't know' alone")?"""
    assert "unsure" in features(text)["no_long_term"]
    assert "no_long_term" in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "I have no plans to leave; I want to become a senior engineer here.",
        "I'm not quite sure which area yet, but I'd like to specialise in tax within five years.",
        "I'm sure I want to be a nurse, and in five years I'd like to lead a ward.",
    ],
)
def test_a_direction_beside_a_doubt_word_is_still_a_direction(text):
    """Does "no plans to leave", "I'm sure" or a doubt followed by a direction keep clear of
    no_long_term?"""
    assert "no_long_term" not in pitfalls(text)


@pytest.mark.parametrize(
    ("doubt", "direction"),
    [
        ("I'm not sure yet.", "I'm not sure yet, but I'd like to be leading a small team."),
        ("Honestly, I don't know.", "Honestly, I don't know; I'd love to be a designer by then."),
    ],
)
def test_a_doubt_then_a_direction_is_a_picture_after_all(doubt, direction):
    """Does a doubt followed by a direction ("not sure, but I'd like to ...") count as a
    five-year picture (LABELLING.md: "a five-year picture is given, even a modest one"), where
    the doubt alone does not?"""
    assert "unsure_then_aim" in features(direction)["no_long_term"]
    assert "no_long_term" not in pitfalls(direction)
    assert "no_long_term" in pitfalls(doubt)


@pytest.mark.parametrize(
    "text",
    [
        "Honestly, I can't say where I'll be in five years.",
        "It's hard to know where I'll be in five years' time.",
        "I don't really know where I see myself in five years.",
        "No idea, to be honest; who knows what the next five years will bring.",
    ],
)
def test_a_horizon_named_only_to_doubt_it_is_no_picture(text):
    """Is "I can't say where I'll be in five years" read as "I don't know" (no first step, no
    five-year picture), not as a horizon: the five years are only the ones it doubts?"""
    shape = features(text)["no_long_term"]
    assert "has_long" not in shape and "far_only" not in shape
    assert "unsure_then_aim" not in shape
    assert {"no_short_term", "no_long_term"} <= pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm not sure where I'll be in five years, but I'd like to be leading a team.",
        "I can't say exactly, but in five years I'd like to be a senior nurse.",
    ],
)
def test_a_doubted_horizon_then_a_direction_is_still_a_picture(text):
    """After a doubt about the horizon, is a direction named past it still a five-year
    picture (LABELLING.md's complacent: "not sure yet" and then a direction)?"""
    assert "no_long_term" not in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "I live in the moment, so I don't plan my career that far ahead.",
        "I'm focused on the here and now.",
        "I take each day as it comes.",
        "Wherever life takes me.",
        "I just go with the flow, really.",
        "I don't have any long-term goals as such.",
        "Five years older and greyer, probably.",
    ],
)
def test_living_in_the_present_or_drifting_is_no_direction(text):
    """Is an answer that lives in the present, drifts or only ages ("wherever life takes me",
    "five years older") read as giving no direction: no step and no five-year picture?"""
    assert "unsure" in features(text)["no_long_term"]
    assert {"no_short_term", "no_long_term"} <= pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "Still here, hopefully.",
        "Doing more or less the same job.",
        "Higher up the ladder, I hope.",
        "Somewhere bigger and better.",
        "Still with the company, I hope, in the same team.",
    ],
)
def test_a_modest_picture_is_a_long_term_picture(text):
    """Is a modest picture ("still here", "the same job", "higher up") a five-year picture, as
    LABELLING.md says ("a five-year picture is given, even a modest one"), while a one-line
    answer still names no first step?"""
    assert "names_goal" in features(text)["no_long_term"]
    assert "no_long_term" not in pitfalls(text)
    assert "no_short_term" in pitfalls(text)


_CONTRACTIONS = {"don't": "do not", "can't": "can not", "won't": "will not", "i'm": "i am"}
_CONTRACTIONS |= {"haven't": "have not", "isn't": "is not", "i've": "i have", "i'd": "i would"}


def _phrases(node, key=None):
    """Every phrase in a rules file (not regular expressions)."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _phrases(v, k)
    elif isinstance(node, list):
        for v in node:
            if isinstance(v, str) and key not in ("regex", "starts_with"):
                yield v
            elif not isinstance(v, str):
                yield from _phrases(v, key)


def _top_words(phrase: str) -> list[str]:
    """The phrase's words, a bracketed group counting as one."""
    out, depth, cur = [], 0, ""
    for ch in phrase:
        depth += (ch == "(") - (ch == ")")
        if ch == " " and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    return [*out, cur]


def _trap(phrase: str) -> bool:
    """Does the phrase fall into the single-word '|' trap ("i don't|do not know" reads "i
    don't not know" or "i do not know", never "i don't know")?"""
    words = _top_words(phrase.lower())
    for word, following in itertools.pairwise(words):
        if word.startswith("(") or "|" not in word or following.endswith("?"):
            continue
        choices = set(word.rstrip("?").split("|"))
        for short, (first, second) in ((c, e.split()) for c, e in _CONTRACTIONS.items()):
            if {short, first} <= choices and following.strip("()") == second:
                return True
    return False


def test_the_single_word_trap_is_caught_and_no_phrase_falls_into_it():
    """Does the check spot "i don't|do not know", and is no phrase of the rules written so?"""
    import yaml

    assert _trap("i don't|do not know") and _trap("i'm|i am pretty settled")
    assert not _trap("i (don't|do not) know") and not _trap("i|i'm am? happy")
    caught = [
        (f.name, p)
        for f in sorted(RULES.glob("*.yaml"))
        for p in _phrases(yaml.safe_load(f.read_text(encoding="utf-8")))
        if _trap(p)
    ]
    assert not caught


def test_no_ignore_case_cue_counts_on_capital_letters():
    """Does every cue that looks for a capitalised word (a place, a title) say so with
    ``case_sensitive: true`` or ``(?-i:...)``? Under ignore-case, '[A-Z]' is any letter: 'move to
    [A-Z]\\b' once matched "move to a bigger firm" and never "move to Lisbon"."""
    import re

    rules = load_rules()
    cues = [c for rule in rules.codes for c in rule.cues]
    cues += [c for found in rules.horizon.values() for c in found]
    cues += [c for crit in rules.smart for c in crit["cues"]]
    careless = [
        c.id
        for c in cues
        if c.pattern is not None
        and c.pattern.flags & re.IGNORECASE
        and re.search(r"(?<!\(\?-i:)\[A-Z\]", c.pattern.pattern)
    ]
    assert not careless


# LABELLING.md: irrelevant = goals that do not help this employer (another field, another
# employer's job, the interviewer's job, goals outside work); leaving_soon = leaving this job or
# field within the horizon (own business, full-time study, moving abroad, switching careers,
# a way into another employer). Sentences in our own words, none from the labelled rows.
ELSEWHERE_AND_GONE = [
    "Within five years I'd like to run a small consultancy of my own.",
    "My plan is to go freelance as soon as I have a few clients.",
    "Eventually I'd like to be my own boss.",
    "I'll probably be working somewhere else by then.",
    "My partner and I want to emigrate to New Zealand in a couple of years.",
    "I'm thinking of retraining as a primary school teacher.",
    "I see this post as a springboard, nothing more.",
    "Retired on a boat, I hope.",
    "Honestly, I'd like to be teaching English abroad.",
    "I'd like to turn my side business into a full-time thing.",
    "Probably doing something else entirely.",
    "I'd like to become an independent consultant.",
    "Probably doing my own thing by then.",
    "I'd like to settle in Canada eventually.",
    "I'll probably have another job by then.",
    "Once I have the skills I'd like to strike out on my own.",
    "I'd like to join a start-up in a couple of years.",
    "Eventually I hope to work for the UN.",
    "My long-term plan is to go into academia.",
    "I'd like to take some time off to raise my children.",
]


@pytest.mark.parametrize("text", ELSEWHERE_AND_GONE)
@pytest.mark.parametrize("code", ["irrelevant", "leaving_soon"])
def test_a_future_away_from_this_job_is_irrelevant_and_leaving(code, text):
    """Is a future elsewhere (a venture of one's own, freelancing, a PhD, another employer,
    another country, another career, a springboard, retirement) found as both paired codes,
    each quoting its words, as LABELLING.md's conventions pair them?"""
    assert_found_with_its_words(text, code)


# LABELLING.md's convention: an answer whose only goals are personal is irrelevant as well as
# too personal. Said many ways: family, home, health, travel, where to live.
PERSONAL_ONLY = [
    "Married, two kids and a dog, if all goes well.",
    "Honestly, I just hope to be healthy, with my blood pressure under control.",
    "I'm hoping to be settled down by then, maybe with a baby on the way.",
    "Living by the sea in Portugal with my wife, ideally.",
    "I'd love to have bought a house and started a family.",
    "Five years from now I'll be on parental leave, I expect.",
    "Travelling from one country to the next, I hope!",
    "Retired, on a beach, with a good book.",
    "Peace of mind, good health and a happy family: that is all I want.",
    "Honestly? To be a better person and make my parents proud.",
    "A quiet life in the country with my girlfriend.",
    "My wife and I want to have our first child.",
]


@pytest.mark.parametrize("text", PERSONAL_ONLY)
def test_an_answer_of_personal_goals_only_is_irrelevant(text):
    """Is an answer whose only goals are private life (family, home, health, travel, where to
    live) irrelevant, quoting the personal words?"""
    assert_found_with_its_words(text, "irrelevant")


@pytest.mark.parametrize(
    "text",
    [
        "I want to become a senior developer and buy a house with my partner.",
        "I'd like to lead the design team, and outside work I hope to be settled with a family.",
        "In five years I hope to be a confident nurse and a happy mum.",
        "I like this kind of work and want to carry on down this path; mostly I want my kids "
        "to know I love them.",
        "Healthy, and running my own caseload as a social worker.",
        "I'd like a stable career here so I can give my family a secure home.",
        "I'd be happy doing more or less the same tasks for years.",
        "I want to lead a team while keeping a balanced life with my family.",
        "Spending more time with customers, as an account manager.",
        "In five years I want to be running the kitchen and have a family.",
        "I'd like to mentor new starters and be settled down with kids.",
    ],
)
def test_personal_life_beside_a_work_goal_is_not_irrelevant(text):
    """Is family, home or health named beside any work goal (a role, a team, "this path")
    kept out of irrelevant, as the labels keep it (too personal at most)?"""
    assert "irrelevant" not in pitfalls(text)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("leaving_soon", "If I'm still doing this job in five years, something has gone wrong."),
        ("leaving_soon", "If I'm still here in five years I'll be pretty miserable, to be honest."),
        ("leaving_soon", "I'm honestly not sure I'll stay in retail much longer."),
        ("leaving_soon", "I'm still working out whether accounting is really for me."),
        ("leaving_soon", "I can't really see myself staying in hospitality."),
        ("leaving_soon", "I'd like to escape the corporate world and do my own thing."),
        ("leaving_soon", "For a few years I want to live and work outside the UK."),
        ("leaving_soon", "Hopping from country to country, with a laptop."),
        ("leaving_soon", "Once I'm financially independent I'll stop working altogether."),
        ("leaving_soon", "Ideally the CEO of a company I founded myself."),
        ("leaving_soon", "I'd like to move into politics and run for city council."),
        ("irrelevant", "I'd like to move into politics and run for city council."),
        ("irrelevant", "Ideally the CEO of a company I founded myself."),
        ("irrelevant", "I want to be making a living from my music."),
        ("irrelevant", "I'd love to play rugby professionally one day."),
        ("irrelevant", "By then I'll have finished and published my first novel."),
        ("irrelevant", "I'd love to be the one conducting these interviews."),
        ("irrelevant", "Enough money that I would never have to work again."),
    ],
)
def test_more_ways_of_leaving_or_looking_elsewhere_are_found(code, text):
    """Are other ways of saying it found, each quoting its words: staying would be a failure,
    doubt about the field, life abroad, no need to work, a company of one's own said in the
    past tense, politics, a living from one's art or sport, the interviewer's seat?"""
    assert_found_with_its_words(text, code)


# A goal in another line of work (a named dream career, another field, politics) is leaving
# this job as well as irrelevant to it: the labels give both, so both codes read these cues.
@pytest.mark.parametrize(
    "text",
    [
        "I want to become a full-time YouTuber.",
        "My dream would be to make it as a singer.",
        "I'd like to use the experience here to launch my career in journalism.",
        "I plan to enlist in the navy after this.",
        "Ideally I'll be running my own clinic by then.",
        "I'll be joining the family business eventually.",
        "My goal is to become an independent financial adviser.",
    ],
)
def test_another_line_of_work_is_both_irrelevant_and_leaving(text):
    """Is a goal in another line of work, at the family firm or on one's own found as both
    paired codes, each quoting its words?"""
    assert_found_with_its_words(text, "irrelevant")
    assert_found_with_its_words(text, "leaving_soon")


@pytest.mark.parametrize(
    "text",
    [
        "I'm only looking for something short-term.",
        "I'd like to take a career break in a couple of years.",
        "I might not be working here in five years; who knows.",
        "This job would help me build a portfolio for art school.",
        "I'm hoping to be accepted into nursing school.",
        "I'd hope to be somewhere with better pay.",
        "I'd rather be a stay-at-home dad by then.",
        "I'd like to go in-house within a couple of years.",
        "I'm not sure this is the right fit for me long-term.",
        "I'll finish my apprenticeship and then go to university.",
        "I want to land a job at a big law firm.",
        "After two years I plan to go for higher studies.",
        "I'm preparing for the UPSC exams.",
        "I'd like to settle abroad eventually.",
        "Oh, I'll be long gone by then.",
        "I'd probably hand in my notice once something better turns up.",
        "Off to greener pastures, I expect.",
    ],
)
def test_a_short_stay_is_leaving(text):
    """Is a short stay said another way (short-term, a career break, "might not be here",
    school next, somewhere that pays more, staying home) leaving soon, quoting its words?"""
    assert_found_with_its_words(text, "leaving_soon")


@pytest.mark.parametrize(
    "text",
    [
        "I want to study for my CIPD while working here.",
        "I'd like to work abroad for the company's Paris office.",
        "My passion is data, and I want to lead our analytics team.",
        "I want to get my MBA through the company's sponsorship programme.",
        "In five years I'd like to be leading a team, and maybe doing an evening MBA.",
        "I'd love to travel with the job, visiting our suppliers.",
        "I see myself as a senior engineer here, maybe leading the new plant abroad.",
        "I'd like to help our clients start their own businesses as a small-business adviser.",
        "Something completely new to me: the data side of marketing, here in this team.",
        "I'm not planning to start my own business; I want to grow here.",
        "I'd like to keep playing football at the weekends, and to become a team lead at work.",
        "I want to help other marketing companies make sense of their data.",
        "We compete with bigger firms, and I want to help us win more of those pitches.",
        "I don't plan to leave this job; I want to grow in it.",
        "I'd like to move into higher education administration here at the university.",
        "Outside work, my goal is to record an album with my band; here I want to master the "
        "reporting.",
    ],
)
def test_near_misses_of_leaving_stay_clear(text):
    """Are study paid for or fitted around the job, travel and sites abroad for the job, a
    passion for the work itself and a hobby beside a work goal kept out of both paired codes?"""
    assert not pitfalls(text) & {"irrelevant", "leaving_soon"}


@pytest.mark.parametrize(
    "text",
    [
        "I want to get my foot in the door, then work my way up through the organisation.",
        "I'll keep moving up here, and maybe run a small business on the side.",
        "I'd like to get better at Excel in my spare time and take on more reporting.",
        "I'd like to stay in this role and grow; I don't see myself staying in the same "
        "position forever.",
    ],
)
def test_growth_here_with_a_side_project_is_not_leaving(text):
    """Is a foot in the door that grows inside this employer, or a venture kept on the side,
    kept out of leaving_soon and irrelevant?"""
    assert not pitfalls(text) & {"irrelevant", "leaving_soon"}


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("leaving_soon", "Realistically, I won't still be with this company."),
        ("leaving_soon", "I doubt I'll be in this job by then."),
        ("leaving_soon", "To be honest, I don't see myself here long-term."),
        ("leaving_soon", "Hopefully not here, no offence."),
        ("irrelevant", "I'd like to be sitting on your side of the table."),
        ("irrelevant", "I want to be the one asking the questions."),
        ("irrelevant", "Honestly? Doing exactly what you do, from that side of the desk."),
        ("irrelevant", "All I really want is a big family and a quiet life."),
        ("irrelevant", "I'd like to have won the lottery by then."),
        ("irrelevant", "Being the owner of this company, hopefully."),
    ],
)
def test_not_here_or_not_about_work_is_found(code, text):
    """Is "not in this job any more" leaving soon, and the interviewer's own job, or a goal
    with nothing to do with work, irrelevant, each quoting its words?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to grow with this company and lead a team here within five years.",
        "I want to become a specialist in payroll and train the new starters in our department.",
        "I'd like to do a master's part-time, sponsored by the firm, to get better at my job.",
        "I'd like to move into management once I know the business.",
        "I hope to help the company open its new office abroad.",
        "I want to work closely with our freelance designers and manage the agency relationships.",
        "I'm not planning to leave: I want to stay in this role and then lead the team.",
        "I'd like to relocate to the Leeds branch for the company in a couple of years.",
        "My own development matters to me: I want to finish the accounting qualification.",
        "I want to support our retired volunteers and grow the shop's team.",
        "I hope not to be in this role but in a senior one, leading the team.",
        "In five years I'd like to be running the night shift and training new staff.",
        "I'd like to lead projects with our overseas partners.",
        "I don't see myself staying in the same role forever; I want to lead the team here.",
        "This year I want to complete my safety training and then supervise a crew.",
        "My main goal is to specialise in child protection and become a senior practitioner.",
        "I'd like to move into design and become a senior design engineer.",
        "I'd like to take on another role within the team.",
        "I'd like to work with independent contractors on our sites.",
        "I'd like to understand the other side of the table: the customer.",
        "I'd like to launch our own products in the new market and lead that team.",
        "I'd like to compete better against a rival and win clients.",
    ],
)
def test_growing_here_is_neither_irrelevant_nor_leaving(text):
    """Does a plan that grows inside this employer stay clear of both paired codes, even with
    words that only look like leaving ("freelance designers", "office abroad", a part-time
    master's, "retired volunteers", "not in this role but leading the team")?"""
    assert not pitfalls(text) & {"irrelevant", "leaving_soon"}


@pytest.mark.parametrize(
    "text",
    ["Probably elsewhere, to be honest.", "Most likely somewhere other than here."],
)
def test_gone_with_no_destination_is_leaving_not_irrelevant(text):
    """Is "somewhere other than here", with no other job, field or venture named, leaving
    soon but not yet irrelevant (LABELLING.md: irrelevant centres on a goal elsewhere)?"""
    assert_found_with_its_words(text, "leaving_soon")
    assert "irrelevant" not in pitfalls(text)


# Round 6, concept first (LABELLING.md: another field, another employer's job; leaving: moving
# away, switching careers, a way into another employer): a change of course into a named line
# of work, a household-name employer, a named city, exams that lead elsewhere, a venture named
# as a hedge. Sentences in our own words, written from the definitions, not from labelled rows.
@pytest.mark.parametrize(
    "text",
    [
        "In a couple of years I'd like to pivot into data science.",
        "Long term, I'm hoping to retrain in nursing.",
        "My aim is to break into journalism once I've built a portfolio.",
        "Eventually I want to make the jump to product design.",
        "I'd like to try my hand at real estate.",
        "Honestly, I'd love to become a chef.",
        "I see myself working at Google by then.",
        "My dream company has always been Microsoft.",
        "Ideally I'd land a role at Goldman Sachs within three years.",
        "I'd like to get placed in a big MNC after this.",
        "I want to work for companies like Apple one day.",
    ],
)
def test_another_field_or_a_named_employer_is_both_codes(text):
    """Is a change of course into a named line of work, or a job at a named employer
    elsewhere, found as irrelevant and leaving soon, each quoting its words, with no role
    given?"""
    assert_found_with_its_words(text, "irrelevant")
    assert_found_with_its_words(text, "leaving_soon")


@pytest.mark.parametrize(
    "text",
    [
        "We're planning to relocate to New York in a couple of years.",
        "By then I hope to be living in Toronto.",
        "I'm preparing for the civil services exams alongside this job.",
        "I'm studying for the GMAT in the evenings.",
        "I'm sitting the IELTS next spring.",
        "If things keep going well here, great; if we're doing well, maybe I'd start my own "
        "thing, possibly.",
    ],
)
def test_a_named_move_exams_elsewhere_or_a_hedged_venture_is_leaving(text):
    """Is a move to a named city, preparing for exams that lead away from the job (even
    alongside it) or a venture of one's own named inside an "if", leaving soon, quoting its
    words?"""
    assert_found_with_its_words(text, "leaving_soon")


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to switch to the data team here and lead it.",
        "I want to transition into a leadership role.",
        "I want to transition into management in this company.",
        "I'd like to move to Marketing within the company.",
        "I want to move to the London office in a couple of years and lead a team there.",
        "I use Google Analytics and Microsoft Excel every day, and want to lead our reporting.",
        "Clients like Google rely on our agency, and I want to lead those accounts.",
        "I sell to Amazon and Tesco and want to grow those accounts.",
        "I'd like to become a head chef within three years.",
        "I want to become a sous chef here.",
        "I passed my IELTS last year and now want to lead a team.",
        "I'd like to branch out into consulting for our clients here.",
        "I want to shift into a more senior role.",
        "People sometimes ask if I'd ever go freelance, but I want to grow here as a manager.",
    ],
)
def test_near_misses_of_a_named_field_employer_or_place_stay_clear(text):
    """Do a move inside this employer (a team, a department, an office), a product of a big
    company, a big company as a client, a rank in the kitchen, an exam in the past and someone
    else's question stay clear of both paired codes?"""
    assert not pitfalls(text) & {"irrelevant", "leaving_soon"}


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to go into business for myself.",
        "One day I'll hang out my own shingle.",
        "I want to co-found a startup with a friend from college.",
        "I'd love to take over my dad's shop eventually.",
        "I plan to join my family's construction business.",
        "I see myself running a little bed and breakfast by the sea.",
        "I hope to be a full-time author.",
    ],
)
def test_a_venture_or_family_firm_in_other_words_is_both_codes(text):
    """Is a venture of one's own, the family firm or a living from one's writing, said in
    words no earlier cue knew, found as irrelevant and leaving soon, quoting its words?"""
    assert_found_with_its_words(text, "irrelevant")
    assert_found_with_its_words(text, "leaving_soon")


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("leaving_soon", "I'd like to explore other career options."),
        ("leaving_soon", "I don't think I'll stay in retail forever."),
        ("leaving_soon", "Hopefully somewhere that values me more."),
        ("irrelevant", "Ruling the world, obviously."),
        ("irrelevant", "Probably on the moon."),
        ("irrelevant", "In five years I'll be living my best life on a yacht."),
    ],
)
def test_options_kept_open_or_a_joke_goal_is_found(code, text):
    """Are options kept open and a field left "not for ever" leaving soon, and a goal said
    as a joke with nothing to do with work irrelevant, each quoting its words?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    "text",
    [
        "I don't think I'll stay in the same role forever; I want to lead the team.",
        "I'd like to explore other opportunities within the company.",
        "I want to build a startup culture in our team.",
        "I'd like to help our clients find somewhere that values them.",
    ],
)
def test_growth_said_like_leaving_stays_clear(text):
    """Do growth past the same role, options inside this employer, a start-up culture in the
    team and clients' needs stay clear of both paired codes?"""
    assert not pitfalls(text) & {"irrelevant", "leaving_soon"}


@pytest.mark.parametrize(
    "text",
    [
        "I'd love to study medicine eventually.",
        "I'm studying to become a nurse.",
        "I'm currently doing a coding bootcamp.",
        "I'd like to get into teaching.",
        "I'm thinking about going into nursing.",
        "I'd like to use this as a launching pad for a career in journalism.",
    ],
)
def test_entering_a_far_field_is_both_codes(text):
    """Is study or training for a profession far from most jobs, or getting into one, found
    as irrelevant and leaving soon with no role given, quoting its words?"""
    assert_found_with_its_words(text, "irrelevant")
    assert_found_with_its_words(text, "leaving_soon")


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("leaving_soon", "Ideally I'll be back in Australia."),
        ("leaving_soon", "I'll be applying for jobs in Canada next year."),
        ("irrelevant", "I'd like to be on the other side of this desk."),
    ],
)
def test_back_in_another_country_or_the_interviewers_desk_is_found(code, text):
    """Is being back in another country leaving soon, and the interviewer's side of the desk
    irrelevant, each quoting its words?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    "text",
    [
        "I'll be back in January after my leave and want to lead the team.",
        "I'm training to become a senior nurse on this ward.",
        "I want to move into the law team here.",
        "I want to head into management.",
        "I'm applying for roles in Marketing within the company.",
        "I applied for jobs in London before I found this one.",
        "I'd like to understand the other side of the table: the customer.",
    ],
)
def test_a_month_a_rank_or_a_team_is_no_field_or_place_elsewhere(text):
    """Do a month after "back in", a rank on this ward, a team here and management stay clear
    of both paired codes?"""
    assert not pitfalls(text) & {"irrelevant", "leaving_soon"}


def test_having_worked_elsewhere_is_not_leaving():
    """Does a past job elsewhere ("I tried working elsewhere") stay clear of leaving soon?"""
    text = "I tried working elsewhere and found this is where I want to build my career."
    assert not pitfalls(text) & {"irrelevant", "leaving_soon"}


def test_paired_codes_share_one_feature_each():
    """Does irrelevant weigh leaving_soon's evidence as one feature (learned from a handful of
    answers) rather than one per phrase, and still quote the words behind it?"""
    text = "I'd like to run my own consulting business one day."
    present = features(text)
    assert "leaving_soon:any" in present["irrelevant"]
    assert not [
        n for n in present["irrelevant"] if n.startswith("leaving_soon:") and n[13:] != "any"
    ]


@pytest.mark.parametrize(
    ("letter", "text", "met"),
    [
        ("T", "Deliver the migration in the third quarter.", True),
        ("T", "Attend a Toastmasters meeting every Tuesday.", True),
        ("T", "Bring the average call wait below two minutes.", False),
        ("S", "Be a better team player.", False),
        ("M", "Hit a 95% first-call resolution rate this quarter.", True),
        ("M", "Publish four blog posts a month.", True),
        ("M", "Reduce customer churn.", False),
        ("R", "Improve my Spanish because half of our clients are in Mexico.", True),
    ],
)
def test_smart_letters_in_words_of_our_own(letter, text, met):
    """Does each SMART letter read LABELLING.md's definition in goals none of the labelled
    rows use, and quote its evidence when met?"""
    c = smart(text).criterion(letter)
    assert c.met is met, (c.evidence, c.suggestion)
    if met:
        assert c.evidence


@pytest.mark.parametrize(
    ("letter", "text", "met"),
    [
        # Specific: what exactly will be done or changed, not a direction
        ("S", "Swim two lengths of butterfly at the club gala.", True),
        ("S", "Raise two thousand pounds for the hospice appeal.", True),
        ("S", "Answer all customer emails within 24 hours.", True),
        ("S", "Check the stock levels at the start of every shift.", True),
        ("S", "Clear my inbox today.", True),
        ("S", "Get better at public speaking.", False),
        ("S", "Enhance my Python abilities.", False),
        ("S", "Work on my time management.", False),
        ("S", "Sell more subscriptions.", False),
        ("S", "Grow the business.", False),
        ("S", "Make our onboarding better.", False),
        # Measurable: a number, count, score, certificate or checkable completion
        ("M", "Earn a million dollars in sales.", True),
        ("M", "Become a registered nurse.", True),
        ("M", "Get promoted to assistant store manager.", True),
        ("M", "Hand in the grant proposal on Friday.", True),
        ("M", "Lead the stand-up meeting three times a week.", True),
        ("M", "Learn a new language in a year.", False),
        ("M", "Study Mandarin within three months.", False),
        ("M", "Become a better developer.", False),
        ("M", "Be a more effective supervisor.", False),
        ("M", "Hire more staff.", False),
        # Time-bound: a deadline, date, duration or recurring schedule
        ("T", "Finish my dissertation draft by year-end.", True),
        ("T", "Launch the new booking page before the year is out.", True),
        ("T", "Hand in the grant proposal by the close of business on Friday.", True),
        ("T", "Get my error rate under 2% by my next performance review.", True),
        ("T", "Pass the DELF B1 exam before I graduate.", True),
        ("T", "Submit the audit tomorrow.", True),
        ("T", "Ship the redesign this sprint.", True),
        ("T", "Check the patient's drip every two hours.", True),
        ("T", "Book a one-to-one with my manager once a month.", True),
        ("T", "Meet my mentor weekly.", True),
        ("T", "Respond to most enquiries the same day.", True),
        ("T", "In terms of skills I want to grow.", False),
        ("T", "Over the years I want to grow as a leader.", False),
        ("T", "Help first-year students settle in.", False),
        ("T", "Keep our weekly meetings short.", False),
        ("T", "Fill in the quarterly survey.", False),
        ("T", "Increase daily active users by 20%.", False),
        ("T", "I have been a nurse since 2019.", False),
        ("T", "Improve day by day.", False),
        ("T", "Raise donations by 15% compared with last year.", False),
        ("T", "Build my network in the coming years.", False),
        ("T", "Take a few days off to recharge.", False),
        ("T", "Write up my thesis by the time I graduate.", True),
    ],
)
def test_smart_letters_read_the_concept_in_other_words(letter, text, met):
    """Does each of S, M and T read LABELLING.md's concept in phrasings none of the labelled
    rows use (a vague "get better", a time frame's number, an adjective "quarterly" are near
    misses), and quote its words, in place, when met?"""
    report = smart(text)
    c = report.criterion(letter)
    assert c.met is met, (c.evidence, c.suggestion)
    if met:
        assert c.evidence
        for e in c.evidence:
            assert report.text[e.start : e.end] == e.text


@pytest.mark.parametrize(
    "text",
    [
        # one deed done, which anyone can tick off
        "Replan the induction course for new starters.",
        "Buy a van of my own for the business.",
        "Put a new rota in place on the ward.",
        "I need to get that grant report written.",
        "Have all staff trained in manual handling.",
        "Make sure everyone on the ward has done their fire training.",
        "Renovate the staff room.",
        "Record a video of my sales pitch.",
        "Take the placement test.",
        "Give a talk at the local meetup.",
        "Read every book on the module reading list.",
        # a role taken
        "Become a software engineer.",
        "Become charge nurse within two years.",
        "Join Deloitte as a graduate analyst.",
        "Be employed as a teaching assistant.",
        "Make partner at the firm.",
        # a certificate, a class of degree, a place won
        "Get certified in AWS.",
        "Pass my driving test.",
        "Graduate with a distinction.",
        "Secure a place on the graduate scheme.",
        "Get into medical school.",
        # a number, a threshold, a state anyone can check
        "Triple our newsletter sign-ups.",
        "Achieve zero lost-time injuries.",
        "Keep the error rate below the national average.",
        "Stay within budget on the refit.",
        "Be debt-free.",
        "Swim a mile.",
        "Get my maths grade from C to B.",
    ],
)
def test_measurable_reads_a_checkable_completion_however_it_is_said(text):
    """Is LABELLING.md's "number, count, score, certificate or other checkable completion" met
    in phrasings of our own (a deed done, a role taken, a place won, a threshold), quoting its
    words in place, with or without a deadline beside it?"""
    report = smart(text)
    c = report.criterion("M")
    assert c.met, c.suggestion
    assert c.evidence
    for e in c.evidence:
        assert report.text[e.start : e.end] == e.text


@pytest.mark.parametrize(
    "text",
    [
        "Learn Spanish.",
        "Master French this year.",
        "Become a better leader.",
        "Be a more effective supervisor.",
        "Build good relationships with my colleagues.",
        "Deliver an excellent service to every patient.",
        "Create a positive work environment for my team.",
        "Achieve a healthy work-life balance.",
        "Join a company where I can grow.",
        "Take a leadership role in the department.",
        "Reach a wider audience with our posts.",
        "Get more done each day.",
        "Be accepted by my peers.",
        "Earn the respect of my team.",
        "Complete my tasks efficiently.",
        "Perform my duties well.",
        "Become an expert in SQL.",
        "Become more of a leader.",
        "Hire the right people.",
        "Deliver above average results.",
        "Go the extra mile for customers.",
        "Improve our patient safety scores.",
        "Bring in more revenue.",
        "Keep injury rates low.",
    ],
)
def test_a_direction_a_quality_or_a_manner_is_no_measure(text):
    """Is a goal with no number, level or completion to check (to learn, to be better, a deed
    on a quality, done "well", a score named with no level) left unmeasured?"""
    c = smart(text).criterion("M")
    assert not c.met, [e.text for e in c.evidence]


@pytest.mark.parametrize(
    ("text", "met"),
    [
        ("Remodel the clinic's waiting room.", True),
        ("Put a new rota in place on the ward.", True),
        ("I will meditate twice a week.", True),
        ("Run in the park for 30 minutes.", True),
        ("Save $12,000 for a deposit.", True),
        ("Land a job as a junior developer.", True),
        ("Keep the error rate below the national average.", True),
        ("Hit my sales target every month.", True),
        # a named language learned is what exactly will change (ADJUDICATION.md S3); an
        # unnamed one, or "improve", is a direction
        ("Learn Spanish.", True),
        ("Master French.", True),
        ("Learn a new language.", False),
        ("Improve my Spanish.", False),
        ("Bring in more revenue.", False),
        ("Become the best hotel in town.", False),
        ("Increase the number of leads we generate.", False),
        ("Improve my proficiency in project management.", False),
        ("Build a strong team culture.", False),
        ("Complete my tasks efficiently.", False),
        ("Study for two hours each day.", False),
    ],
)
def test_specific_reads_what_exactly_will_be_done(text, met):
    """Does Specific read a deed on a concrete thing, an act pinned down by how often or how
    long, an amount and a threshold as "what exactly will be done or changed", and leave a
    direction ("learn", "more revenue", "the best") or a manner ("efficiently") alone?"""
    c = smart(text).criterion("S")
    assert c.met is met, [e.text for e in c.evidence]


# --- round 8: a paraphrase audit of M, S and R in words of our own (ADJUDICATION.md) ---
@pytest.mark.parametrize(
    ("text", "met"),
    [
        # a job, promotion or raise won, with or without a role named (M1)
        ("Find a full-time job by the end of the year.", True),
        ("Get promoted by next spring.", True),
        ("Get a promotion.", True),
        ("Secure a promotion.", True),
        ("Get a pay rise at my next review.", True),
        ("Have a job offer in hand before graduation.", True),
        ("I will be employed full time by the end of the year.", True),
        ("Start a new position by January.", True),
        ("Quit my job and go freelance by spring.", True),
        # a life event anyone can check (M1)
        ("Get married next summer.", True),
        ("Move into my own flat by September.", True),
        ("Move out of my parents' house this year.", True),
        # a role held, said as work done; an exam "cracked" (Indian English for passed)
        ("My goal is to be working as a staff nurse on a surgical ward by next June.", True),
        ("I'd like to have moved into a team leader role by the end of next year.", True),
        ("I am going to crack the CA final exams in the November attempt.", True),
        # going without a named thing, or not once: a state anyone can check
        ("Give up sugar for Lent.", True),
        ("Stay off social media during the working week.", True),
        ("Stop using my phone after 10pm.", True),
        ("Never miss a deadline this year.", True),
        ("Not have a single sick day this year.", True),
        ("Speak at least once in every team meeting.", True),
        ("Clean and sort the stock room before the audit.", True),
        # a campus placement, a training contract, tenure, going part-time, a move abroad
        ("Get placed in a good company through campus placement.", True),
        ("Secure a training contract with a City firm.", True),
        ("Get tenure.", True),
        ("Go part-time by next year.", True),
        ("Relocate to Canada in 2026.", True),
        ("Stop worrying so much about what others think.", False),
        ("Give up on perfectionism.", False),
        ("Never stop learning.", False),
        ("Stay away from negative people.", False),
        # the job done, a place in the team, a feeling about the job: nothing to tick off
        ("Get the job done without cutting corners.", False),
        ("Do my job to the best of my ability.", False),
        ("Find my job more rewarding.", False),
        ("Find my role in the team.", False),
        ("Feel more confident in my new position.", False),
        ("Take my job more seriously.", False),
        ("Be happy in whatever job I end up in.", False),
    ],
)
def test_a_job_or_a_life_event_won_is_measurable(text, met):
    """Is a job, promotion, raise or life event won a checkable completion (ADJUDICATION.md
    M1), quoted in place, while doing the job well or feeling better about it is not?"""
    assert bool(_quoted_in_place("M", text)) is met


@pytest.mark.parametrize(
    ("text", "met"),
    [
        # job, career and job-search goals (R3)
        ("Land a job as a junior analyst.", True),
        ("Update my resume by Friday.", True),
        ("Apply to five nursing jobs a week.", True),
        ("Find a full-time job by the end of the year.", True),
        ("Get a pay rise at my next review.", True),
        ("Become a registered nurse by 2027.", True),
        ("Start my own bookkeeping service.", True),
        # an outcome of the organisation, named without "we" (R1)
        ("Increase repeat bookings by 15% this year.", True),
        ("Recruit three new volunteers for the food bank.", True),
        ("Cut energy costs in the warehouse by 10%.", True),
        ("Increase website traffic by 20%.", True),
        ("Train every new hire on the till system in their first week.", True),
        ("Cut falls with injury on the stroke unit by a fifth.", True),
        ("Serve hot lunches to 40 seniors every Friday.", True),
        # the people one works with or serves, a duty taken on at work (R4, R5)
        ("I will help my manager prepare the annual budget.", True),
        ("I want to cut the backlog of repair requests at the housing office.", True),
        ("I will take on the role of fire warden for my floor.", True),
        ("Clear the interview at Infosys.", True),
        # the organisation's bodies and its own things, a career step in the field
        ("Present my findings to the board in March.", True),
        ("Raise £5,000 for the hospice's new garden.", True),
        ("Bring the kitchen's food hygiene rating up to 5.", True),
        ("Resolve 90% of IT tickets within a day.", True),
        ("Get the new intake of apprentices through their first assessment.", True),
        ("Publish two papers in my field this year.", True),
        ("Attend a leadership course to prepare for a supervisor role.", True),
        # the groups a service serves or a school teaches, "let's" for "we"
        ("Help 50 more families into work this year.", True),
        ("Get all my third graders reading at grade level by June.", True),
        ("Let's cut paper waste by half.", True),
        ("Get placed in a good company through campus placement.", True),
        # a study step one's path requires (R6)
        ("Take the pre-med biology course required for my medical school application.", True),
        # private goals and study with no reason: not relevant (R2, R6)
        ("Cut my living costs by 10% this year.", False),
        ("Start my own vegetable patch.", False),
        ("Apply for a new passport before the trip.", False),
        ("Become a better cook.", False),
        ("Get 1,000 followers on my Instagram.", False),
        ("Revise the first three chapters before my supervisor meeting.", False),
        ("Get an A in my history essay.", False),
        ("Finish the report by Friday.", False),
        ("Learn to bake sourdough bread.", False),
        ("Become a stronger writer.", False),
        ("Spend more time with my children.", False),
        ("Pay off my student loans.", False),
        ("Have children by 35.", False),
        ("Improve my time management.", False),
        ("Meet 5 new people at the gym.", False),
        ("File my tax returns by January.", False),
        ("Play board games with my kids every Sunday.", False),
        ("Complete a 30-day yoga challenge.", False),
    ],
)
def test_relevant_reads_career_goals_and_the_organisations_outcomes(text, met):
    """Is a job, career or job-search goal (ADJUDICATION.md R3), an outcome of the organisation
    named without "we" (R1) or a study step one's path requires (R6) relevant, quoted in place,
    and a private goal or a task with no one served left alone?"""
    assert bool(_quoted_in_place("R", text)) is met


@pytest.mark.parametrize(
    ("text", "met"),
    [
        ("Master Excel pivot tables.", True),
        ("Learn to play the piano.", True),
        ("Become a certified Scrum Master.", True),
        ("Get married next summer.", True),
        ("Move into my own flat by September.", True),
        ("I want to switch careers and retrain as a plumber.", True),
        ("Get my CSCS card.", True),
        # an acronym beside a direction names no more than the acronym cue says: it is no
        # second named object ("the HR team", "the NQTs")
        ("Improve communication with the HR team.", False),
        ("Be a good role model for the NQTs.", False),
        ("Learn the ropes.", False),
        # a change verb with no target is a direction, even beside a named place (S1)
        ("Improve my work at Tesco.", False),
        ("Increase my knowledge of the NHS.", False),
        ("Be more proactive in my role at Google.", False),
        ("Grow my Instagram.", False),
        ("Get better at French.", False),
        ("Have a healthier lifestyle.", False),
    ],
)
def test_specific_reads_a_named_subject_and_a_life_event(text, met):
    """Is a named subject, language or instrument learned (ADJUDICATION.md S3; a title such as
    "Scrum Master" is no act of mastering) or a life event (S6) what exactly will change?"""
    assert bool(_quoted_in_place("S", text)) is met


def _quoted_in_place(letter: str, text: str) -> list[str]:
    """The words quoted for ``letter`` (checked to sit where they say in the text)."""
    report = smart(text)
    c = report.criterion(letter)
    for e in c.evidence:
        assert report.text[e.start : e.end] == e.text
    return [e.text for e in c.evidence] if c.met else []


@pytest.mark.parametrize(
    ("text", "met"),
    [
        # a named measure of a named place or group, with a level to reach: what exactly will
        # change; with none it is a direction, however narrowly named (ADJUDICATION.md S1,
        # S2: "lower the readmission rates to the general medicine floors" is not specific)
        ("Bring the pressure-ulcer rate on the stroke unit down to 2%.", True),
        ("Shorten discharge times on the surgical ward to under four hours.", True),
        ("Reduce prescribing errors in the outpatient clinic by a third.", True),
        ("Lower staff turnover among our night-shift porters to 10% a year.", True),
        ("Bring down the pressure-ulcer rate on the stroke unit.", False),
        ("Reduce prescribing errors in the outpatient clinic.", False),
        # the lever named: how exactly it will be done (a direction with a lever and no
        # target is still a direction: S1, "expand the business by winning new clients")
        ("Win back lapsed customers by sending a personal thank-you card.", True),
        ("Boost footfall through hosting a monthly open evening.", False),
        # a multiple of a named thing, a named method put to use, a fixed body to learn
        ("Halve the number of missed appointments.", True),
        ("Triple this year's bake-sale takings.", True),
        ("Adopt the Pomodoro technique for my revision.", True),
        ("Memorise the cranial nerves.", True),
        ("Streamline the expenses process for the sales team.", True),
        ("Set up automated alerts for failed payments.", True),
        ("Be able to carry out a full set of neurological observations.", True),
        ("Get quicker at suturing by practising on a pig-skin pad.", True),
        ("Run a lunch-and-learn on data protection for the office.", True),
        ("Be able to independently set up a syringe driver.", True),
        ("Be able to handle the pressure of the job.", False),
        ("Be able to do the job well.", False),
        # near misses: a measure with no place, a vague lever, a fixed phrase
        ("Keep complaint rates down.", False),
        ("Grow the team by working harder.", False),
        ("Boost morale by being more positive.", False),
        ("Double down on quality.", False),
        ("Learn the ropes in my first month.", False),
        ("Use my skills to help people.", False),
        ("Go through hard times with a smile.", False),
    ],
)
def test_specific_reads_a_measure_a_lever_or_a_method_named(text, met):
    """Is a named measure of a named place ("the fall rate on the ward"), the lever named ("by
    winning contracts"), a multiple of a named thing, a named method put to use or a fixed body
    of material to learn "what exactly will be done or changed" (LABELLING.md), quoted in its
    own words, while a bare direction, a vague lever ("by working harder") or an idiom ("double
    down", "learn the ropes") is not?"""
    quoted = _quoted_in_place("S", text)
    assert bool(quoted) is met, quoted


@pytest.mark.parametrize(
    ("text", "met"),
    [
        # putting oneself forward, signed off, rated, offered: anyone can check it happened
        ("Put myself forward for the deputy head of year post.", True),
        ("Put my name forward to chair the staff council.", True),
        ("Be signed off as competent in venepuncture.", True),
        ("Get assessed as proficient in sterile technique by my assessor.", True),
        ("Be graded outstanding in my next lesson observation.", True),
        ("Receive an offer from a graduate scheme.", True),
        ("Be offered a permanent contract.", True),
        # a line crossed, a cap, named tasks done, a thing moved, a credential earned
        ("Break even on the café in its first year.", True),
        ("Have no more than three missed deadlines this term.", True),
        ("Finish units 3 and 4 of the workbook.", True),
        ("Transfer our patient notes from paper into the new system.", True),
        ("Get my teaching registration.", True),
        ("Close out every open snag on the site.", True),
        ("Get my pull request merged.", True),
        ("Respond to every parent's message within a school day.", True),
        ("Get every skill in my competency passport signed off.", True),
        ("Conduct a survey of the outpatients' car parking.", True),
        ("Get shortlisted for the regional award.", True),
        ("Reach full compliance with fire-safety training.", True),
        ("Lift the school's inspection rating to Outstanding.", True),
        ("Take my cooking to the next level.", False),
        # how many times in a period is a count, in words as in digits
        ("Go swimming three times a week.", True),
        ("Phone my grandmother once a week.", True),
        ("Smile at customers every day.", False),
        # near misses: a direction, a manner, an idiom
        ("Put myself out there more.", False),
        ("Move the business forward.", False),
        ("Double down on customer care.", False),
        ("Be more confident in meetings.", False),
        ("Do my job well.", False),
    ],
)
def test_measurable_reads_a_check_someone_else_could_make(text, met):
    """Is a completion anyone could check met in more ways of saying it (putting oneself
    forward, signed off or rated, an offer received, breaking even, a cap "no more than three",
    tasks named by a label, records moved from one place to another, a registration earned),
    quoted in its own words, while a direction or an idiom stays unmeasured?"""
    quoted = _quoted_in_place("M", text)
    assert bool(quoted) is met, quoted


# --- Measurable and Time-bound, round 7: the concept said without a digit -------------------
@pytest.mark.parametrize(
    ("text", "met"),
    [
        # a credential named by its letters, a language level, a belt or a prize
        ("Get my CELTA before the summer.", True),
        ("Earn a PhD in marine biology.", True),
        ("Reach B2 in German.", True),
        ("Earn my black belt.", True),
        # every one of a set dealt with, or a service each one receives
        ("Train every new starter on the till system.", True),
        ("Sell every ticket for the charity gala.", True),
        ("Make sure every caller gets a callback on the same day.", True),
        ("Eliminate all paper forms from the clinic.", True),
        # a deed finished, a system made live, a test or a round got through
        ("Finish reading all the set texts.", True),
        ("Have the new payroll system live.", True),
        ("Get all staff through their first-aid refresher.", True),
        ("Pass my probation.", True),
        ("Make the shortlist for the graduate scheme.", True),
        ("Enrol on the part-time MSc.", True),
        # a yes someone else gives, a first of its kind, a level or rating reached
        ("Get sign-off from the board for the new design.", True),
        ("Secure funding for the community garden.", True),
        ("Make my first sale on Etsy.", True),
        ("Attain a rating of outstanding at my next appraisal.", True),
        ("Raise our hygiene score from good to excellent.", True),
        ("Become a published author.", True),
        # a share or a state said in words
        ("Have a third fewer missed appointments.", True),
        ("Quit smoking.", True),
        ("Lose a stone.", True),
        ("Finish first in the county league.", True),
        ("Reach inbox zero.", True),
        # near misses: a number that only says when or how long, a manner, an idiom
        ("Work on my Spanish for 3 months.", False),
        ("Spend 2 years learning the business.", False),
        ("After 5 years in retail, I want to move into HR.", False),
        ("Be more confident by my 30th birthday.", False),
        ("Meet every customer's needs.", False),
        ("Every patient gets the best possible care.", False),
        ("Get everyone on the same page.", False),
        ("Grow the practice by raising how many referrals we get.", False),
        ("Create a streamlined process.", False),
        ("Learn French well enough to read the news.", False),
        ("Put customers first.", False),
        ("Eliminate stress from my life.", False),
        ("Understand our products better within 3 months.", False),
        # a number that is a range of time, a version, a year group, a clock; a deed on an
        # abstraction
        ("Become a team leader within 3-5 years.", False),
        ("Grow in the role over the next 2 to 3 years.", False),
        ("Learn Python 3 properly.", False),
        ("Improve my Year 10 teaching.", False),
        ("Be available 24/7 for my clients.", False),
        ("Close the gap between sales and marketing.", False),
        # a manner kept towards a set, on a schedule, is a habit with nothing to count
        ("Be kind to all the children every day.", False),
        ("Greet every customer with a smile each day.", False),
        ("Treat all residents with dignity on every shift.", False),
        ("Stay positive with all customers every day.", False),
        ("Support all my colleagues every week.", False),
        ("Answer every parent's email each week.", True),
        ("Secure my future in the company.", False),
        ("Build my resilience under pressure.", False),
        ("Update my LinkedIn profile.", True),
        ("Complete the risk assessment for the new lab.", True),
        ("Have my portfolio reviewed by a senior designer.", True),
        ("Write up one idea to try in my own lessons.", True),
        ("Keep late deliveries to fewer than one a week.", True),
        ("Sign up for the mentoring scheme.", True),
        ("Get featured in a national newspaper.", True),
        ("Speak at a regional conference.", True),
        ("Be given my own caseload.", True),
        ("Enter the German market.", True),
        ("Achieve a clean audit.", True),
    ],
)
def test_measurable_reads_a_completion_said_without_a_digit(text, met):
    """Is LABELLING.md's "certificate or other checkable completion" met when it is said in
    words (a credential by its letters, every one of a set, a system live, a rating reached,
    "a third fewer", "quit smoking"), quoting its words in place, while a number that is only
    a time frame ("for 3 months", "after 5 years", "my 30th birthday"), a manner or an idiom
    stays unmeasured?"""
    quoted = _quoted_in_place("M", text)
    assert bool(quoted) is met, quoted


@pytest.mark.parametrize(
    ("text", "met"),
    [
        # written-out dates, holidays, seasons
        ("Finish the audit by the thirtieth of June.", True),
        ("Have the new timetable ready by mid-August.", True),
        ("Get the booking system live by Easter.", True),
        ("Pass my theory test in the spring.", True),
        ("Hand in the portfolio by [date].", True),
        # fiscal and academic periods, the job's own stages and events
        ("Cut agency spend in the next financial year.", True),
        ("Be ready for the new school year.", True),
        ("Get signed off before my probation ends.", True),
        ("Complete the course by the end of my placement.", True),
        ("Finish the upgrade before the busy season starts.", True),
        ("Raise it at my next appraisal.", True),
        ("Sign up for the mentoring scheme at the next intake.", True),
        ("Six months into the role, lead the weekly huddle.", True),
        ("Buy a flat before I turn 30.", True),
        ("Keep injury rates low for the year.", True),
        ("Be asleep by 10:30pm on work nights.", True),
        ("Over the course of the year, mentor a new nurse.", True),
        ("Throughout the autumn term, run the chess club.", True),
        # recurring schedules said in words
        ("Review the rota on a weekly basis.", True),
        ("Meet my supervisor every couple of weeks.", True),
        ("Send a progress note to parents termly.", True),
        ("Check the resuscitation trolley at every handover.", True),
        ("Update the budget every payday.", True),
        ("Reply to every complaint within 5 working days.", True),
        ("Check the fridge log every working day.", True),
        ("Have the stand ready in time for the open day.", True),
        ("Finish the window displays ahead of peak season.", True),
        # an event that dates the step
        ("Once I qualify, join the bank staff team.", True),
        ("On my first day, introduce myself to the whole ward.", True),
        ("By week 6, run the till alone.", True),
        ("At the six-month mark, review my progress with my manager.", True),
        # near misses: a name that holds a period, a baseline, no date at all
        ("Bring agenda items to our weekly meeting.", False),
        ("I have worked here since 2019 and want to lead a team.", False),
        ("Sell more than last year.", False),
        ("Make his daily preparation more thorough.", False),
        ("Review the rota on a regular basis.", False),
        ("At the end of the day, I want to be a better nurse.", False),
        ("Do it as soon as possible.", False),
        ("In the long run, lead a team.", False),
        ("Win employee of the month.", False),
        ("After my degree, look for jobs in London.", False),
        ("Be more of a morning person.", False),
        ("Become a day-one expert in our products.", False),
        ("Support the company's Vision 2030 plan.", False),
        ("Learn from my 2019 appraisal.", False),
        ("Practise the piano for an hour a day.", True),
        ("When I was at school I loved maths; I want to teach it.", False),
    ],
)
def test_time_bound_reads_dates_periods_and_schedules_in_words(text, met):
    """Is LABELLING.md's "deadline, date, duration or recurring schedule" met when said in words
    (a date written out, a holiday or season, a fiscal or school year, the end of a probation or
    placement, the next appraisal, "on a weekly basis", "termly", "at every handover"), quoting
    its words in place, while a meeting named by its period ("our weekly meeting"), a baseline
    ("since 2019", "than last year"), "a regular basis" or "as soon as possible" is not?"""
    quoted = _quoted_in_place("T", text)
    assert bool(quoted) is met, quoted


@pytest.mark.parametrize(
    ("text", "met"),
    [
        ("I want to get a B in my maths mock.", True),
        ("Go to at least one industry networking event a month.", True),
        ("Be chartered by the time I'm 28.", True),
        ("Take the lead on organising the summer fete.", True),
        ("Deliver the refurbishment on time and on budget.", True),
        ("Get a handle on things at work.", False),
        ("Score at least a B+ in chemistry.", True),
        ("Get a better grade.", False),
    ],
)
def test_specific_reads_a_grade_a_rate_or_a_lead_taken(text, met):
    """Is a letter grade to reach ("get a B in my maths mock"), one thing at a set rate, a
    chartered status or the lead on a named piece of work what exactly will change, while "a
    better grade" or "a handle on things" is only a direction?"""
    quoted = _quoted_in_place("S", text)
    assert bool(quoted) is met, quoted


def test_smart_reads_fractions_and_named_support():
    """Is "by a third" a measure and "with my manager's support" a means?"""
    assert smart("Reduce stock errors by a third.").criterion("M").met
    assert (
        smart("With my manager's support, I will shadow the senior buyer once a week.")
        .criterion("A")
        .met
    )


# --- Measurable, round 9: a measure said in a shape no tune row shows ----------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        # a cap or floor said with a negation is still a level to check
        ("Make sure no patient waits longer than fifteen minutes to be seen.", "fifteen"),
        ("Not have more than 2 complaints a month.", "2"),
        ("Never let the ticket queue go above 20.", "20"),
        # "no-shows" is a word, not a negation of the level after it
        ("Reduce no-shows at the clinic to 5%.", "5%"),
        # a number left to fill in
        ("Grow our newsletter to X subscribers by [date].", "X"),
        ("Increase website conversions by [number]% next quarter.", "[number]"),
        ("Raise £X for the hospice appeal.", "£X"),
        # a count in words
        ("Take on a couple of new clients each month.", "a couple of new clients"),
        ("Get through a dozen leadership books this year.", "a dozen leadership books"),
        # a grade, score or rank by its level
        ("Achieve a grade B or higher in my accounting module.", "grade B"),
        ("Get a perfect score on the food hygiene inspection.", "perfect score"),
        ("Bring our Ofsted grade up to Outstanding.", "grade up to Outstanding"),
        ("Finish the year in the top quartile for customer satisfaction.", "top quartile"),
        ("Get late invoices down into single figures.", "single figures"),
        # a checkable act done on a schedule (ADJUDICATION.md M2)
        ("Post on LinkedIn every week.", "every week"),
        ("Ring one former client each Friday.", "each Friday"),
        ("Bake a loaf of sourdough every weekend.", "every weekend"),
        # a test got through by a whole group named at length
        ("Get all of my team members through their appraisals by June.", "appraisals"),
        # a schedule said as an adverb after the act; a level named in quotes; back at work
        ("Hold a one-to-one with each of my direct reports monthly.", "monthly"),
        ("Earn an overall 'good' rating at our next inspection.", "'good' rating"),
        ("Be back at work full-time after my maternity leave.", "back at work"),
        # zero of a thing, a cap of time in words, a threshold with its kind named, a record kept
        ("Have zero overdue safeguarding referrals at month end.", "zero"),
        ("Bring first-response times on the helpdesk under an hour.", "under an hour"),
        ("Keep overtime spend within the monthly budget.", "within the monthly budget"),
        ("Have every hand-off documented in the shared tracker.", "documented"),
    ],
)
def test_measurable_reads_a_level_capped_left_blank_or_in_words(text, words):
    """Is a level Measurable when it is capped under a negation ("no patient waits more than
    fifteen minutes"), left blank to fill in ("X subscribers", "[number]%"), said in words
    ("a couple of", "a grade B", "the top quartile") or a checkable act on a schedule, and is
    that what is quoted?"""
    quoted = _quoted_in_place("M", text)
    assert any(words in q for q in quoted), quoted


@pytest.mark.parametrize(
    "text",
    [
        # effort, a practice with nothing to count, a manner, however often
        "Give 100% every single day.",
        "Keep learning new things every day.",
        "Be a positive presence on the ward every shift.",
        "Try to be more patient with customers each day.",
        "Look after my team every week.",
        "Take pride in my work every day.",
        "Bring a can-do attitude to every shift.",
        "Be more organised in my weekly planning.",
        "Have a zero tolerance approach to lateness.",
        "Speak up more about zero-hours contracts.",
        # an idiom or a span of time, not a count
        "Double down on my networking efforts.",
        "Spend a couple of years finding my feet.",
        "Meet every customer's needs.",
        # a named level with no level to reach
        "Improve my grades.",
        "Stay at the top of my game.",
    ],
)
def test_measurable_leaves_effort_manner_and_idioms_unmeasured(text):
    """Do effort ("give 100%"), a practice or manner on a schedule, "a couple of years" and a
    set's possessive stay unmeasured, however a number or frequency sits beside them?"""
    assert _quoted_in_place("M", text) == []


# --- Measurable, round 10: a measure said as a past figure beaten, a zero, an honour -----------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        # a past figure or a record beaten
        ("Beat last year's turnover at the farm shop.", "Beat last year"),
        ("Outperform the previous quarter on new mortgage leads.", "previous quarter"),
        ("Break the branch record for loans approved in a month.", "record"),
        ("Set a new personal best at the county championships.", "personal best"),
        # none left undone or gone wrong
        ("Leave no outstanding defects at practical completion.", "no outstanding"),
        ("Get through the winter without a missed bin collection.", "without a missed"),
        ("Make sure no complaint goes unanswered for the whole quarter.", "unanswered"),
        # a standard each case meets
        ("Send out quotes on the same day a customer asks.", "the same day"),
        ("Fix boiler faults right first time.", "right first time"),
        # a first of its kind, a debt paid off, a finished piece of work handed over
        ("Take on our first paid intern.", "first"),
        ("Treat my first patient on my own.", "my first patient"),
        ("Finish paying back the loan from my parents.", "paying back the loan"),
        ("Hand over the finished loft conversion to the owners.", "finished"),
        # an honour, a grade at the top, a place on a shortlist, a yes from a partner
        ("Make the Dean's list this spring.", "Dean's list"),
        ("Get straight A's next term.", "straight A's"),
        ("Be voted player of the season by my teammates.", "of the season"),
        ("Get my short film shortlisted for a festival award.", "shortlisted"),
        ("Persuade the council to renew our lease on the hall.", "renew our lease"),
        ("Get my van through its MOT with no advisories.", "MOT"),
        # money in words
        ("Keep monthly spending under a grand.", "under a grand"),
        # first in a ranking, a podium, a share reached in words
        ("Rank number one in the region for repeat custom.", "number one"),
        ("Grab a podium place at the regional champs.", "podium place"),
        ("Grow our share of local buyers to a majority.", "majority"),
        # a piece of work wrapped up or turned in, a credential with its board, a schedule
        # named before the act
        ("Wrap up the payroll migration before the audit.", "Wrap up"),
        ("Turn in my dissertation to the exams office.", "Turn in"),
        ("Become board certified in family medicine.", "board certified"),
        ("Run fortnightly fire drills on each floor.", "fortnightly"),
        # more of a counted thing than a past period, an all-time high matched
        ("Take more bookings this Easter than we did last Easter.", "more bookings"),
        ("Collect larger donations than the previous year's raffle.", "larger donations"),
        ("Equal our all-time high for footfall in one day.", "all-time high"),
        # none of a fault, said with "no" or in the passive
        ("Go the whole quarter with no escalations to the director.", "no escalations"),
        ("Make sure no parcel is delivered late this month.", "delivered late"),
        # a place in a ranking or table, a team made, an exam qualified
        ("Be the top fundraiser in the office for the hospice.", "top fundraiser"),
        ("Finish the year top of the league table for first-call resolution.", "top of the"),
        ("Land in the 95th percentile for my practice exams.", "percentile"),
        ("Make varsity soccer as a junior.", "varsity"),
        ("Qualify the prelims for the state civil service.", "prelims"),
        # a limit kept, records brought up to date, a clean sheet
        ("Keep every call-out inside the agreed SLA.", "SLA"),
        ("Get all our fire logbooks up to date.", "up to date"),
        ("Keep a clean sheet on food safety checks all year.", "clean sheet"),
        # a level at a set rate, even after a direction ("cut", "reduce")
        ("Cut my screen time to an hour a night.", "an hour a night"),
        # a reference figure or a rival beaten, first by a count, a state, a role climbed to
        ("Get our carbon use under the 2022 baseline.", "baseline"),
        ("Outscore every other team in the quiz league.", "Outscore"),
        ("Get my marks higher than last term.", "marks higher than"),
        ("Be the most requested stylist in the salon.", "the most requested"),
        ("Go paperless in the admin office.", "paperless"),
        ("Work my way up to charge nurse.", "way up to charge nurse"),
        ("Rise to head of department.", "Rise to head"),
        # a deliverable turned in before a meeting is still a deliverable
        ("Prepare the board report before the March meeting.", "Prepare the board report"),
    ],
)
def test_measurable_reads_a_baseline_beaten_a_zero_or_an_honour(text, words):
    """Is a goal Measurable when it beats a past figure or a record, leaves none of a thing
    undone ("no outstanding defects", "no complaint goes unanswered"), meets a standard case by
    case ("the same day", "right first time"), does a first of its kind, takes a place in a
    ranking or wins an honour or a partner's yes, and are those words quoted?"""
    quoted = _quoted_in_place("M", text)
    assert any(words in q for q in quoted), quoted


@pytest.mark.parametrize(
    "text",
    [
        # a quality or practice at a set rate: no count of a checkable act
        "Keep a positive attitude each morning.",
        "Keep growing as a teacher every year.",
        # a comparison with no figure, a rival, an idiom
        "Do better than last year.",
        "Beat the competition.",
        "Exceed expectations in everything I do.",
        "Set the record straight with my manager.",
        "Leave no stone unturned.",
        "Make sure nobody feels left out in team meetings.",
        # a feeling renewed, knowledge extended, a day or impression that is "first"
        "Renew my enthusiasm for teaching.",
        "Extend my knowledge of employment law.",
        "Take on my first day with confidence.",
        "Make my first impression count.",
        "Bring a grand vision to the department.",
        # a ranking that is a priority, a meeting named by its period, a quality of being
        # qualified, a day wrapped up, a majority listened to
        "Make safety our number one priority.",
        "Enjoy our weekly meeting more.",
        "Become better qualified for senior roles.",
        "Wrap up my day on a positive note.",
        "Listen to the majority of the team.",
        # a quality compared with the past, one's field topped, knowledge kept fresh
        "Be more productive than in previous years.",
        "Stay at the top of my field for years.",
        "Keep my knowledge up to date.",
        "Keep my skills up to date.",
        "Keep costs within limits.",
        # above average as a quality, a process bettered, a helpful colleague, climbing with
        # no role, an occasion risen to, a star player
        "Be above average at everything.",
        "Make our sales process better than it was.",
        "Be the most helpful colleague I can be.",
        "Work my way up in the company.",
        "Rise to the occasion when it counts.",
        "Be a star player in the team.",
        # a habit before or after a meeting: the meeting is when, not what is turned in
        "Compile my thoughts before meetings.",
        "Put together my notes ahead of each meeting.",
        "Review my diary prior to every client session.",
    ],
)
def test_measurable_leaves_comparisons_without_a_figure_and_qualities_unmeasured(text):
    """Do a quality kept at a set rate, a comparison with no figure to beat ("do better than
    last year", "beat the competition"), idioms near the new shapes ("set the record
    straight", "leave no stone unturned", "a grand vision") and a habit timed by a meeting
    ("compile my thoughts before meetings") stay unmeasured?"""
    assert _quoted_in_place("M", text) == []


@pytest.mark.parametrize(
    ("text", "met"),
    [
        ("Get certified as a scrum master.", True),
        ("Get accredited in cognitive behavioural therapy.", True),
        # a generic product with nothing identifying it (ADJUDICATION.md S5), still a
        # completion for Measurable
        ("Write a novel.", False),
        ("Start my paper by the end of the month.", False),
        ("Write a book about my grandmother's war.", True),
        ("Become a registered dietitian.", True),
        ("Convert the old stock room into a quiet study space.", True),
        ("Teach a beginners' pottery class at the community centre.", True),
        ("Become a better colleague.", False),
    ],
)
def test_specific_reads_a_certificate_by_its_subject_not_a_generic_product(text, met):
    """Is a certificate named by what it certifies specific, while "write a novel" names no
    product exactly (ADJUDICATION.md S5) though it is a completion for Measurable?"""
    assert bool(_quoted_in_place("S", text)) is met
    if text == "Write a novel.":
        assert _quoted_in_place("M", text)


# --- salary and too_personal, round 6: the concept in other registers --------------------------
@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("salary", "In five years I'd like to be comfortable financially and leading a team."),
        ("salary", "Honestly, I want to make it big: a nice flat, no more counting pennies."),
        ("salary", "I need a job that lets me put food on the table and make ends meet."),
        ("salary", "Money is what gets me out of bed, if I'm honest."),
        ("salary", "For me it's mostly about the money."),
        ("salary", "I want to increase my earning potential over the next few years."),
        ("salary", "Right now I'm underpaid, and I want to earn my worth."),
        ("salary", "I'd like to earn as much as I can while I'm young."),
        ("salary", "My main goal is financial stability for me and my family."),
        ("salary", "I want a position that rewards me financially for the hours I put in."),
        ("salary", "I want to make a lot of dough, to be frank."),
        ("salary", "One day I want to buy my parents a house."),
        ("salary", "I'd like to get to where I can live off my investments."),
        ("salary", "I want a job that pays decently, with weekends off."),
        ("salary", "By thirty I'd like to be minted."),
        ("too_personal", "In five years I hope to be settled in life, with a wife and two kids."),
        ("too_personal", "I'd like to own a cabin in the woods and a couple of dogs."),
        ("too_personal", "I'm hoping to balance my career with raising two young children."),
        ("too_personal", "By then I'd like to have adopted a rescue dog and a veg patch."),
        ("too_personal", "I want to be happy, healthy and surrounded by the people I love."),
        ("too_personal", "My biggest goal is to grow in my faith."),
        ("too_personal", "After marriage I hope to build a home and family of my own."),
        ("too_personal", "I'd like to live a quiet, simple life by then."),
        ("too_personal", "Once the kids start school I want more me-time."),
        ("too_personal", "I want to go back to my native place and look after my mother."),
        ("too_personal", "I'd like to be home in time for bedtime with my kids every night."),
        ("too_personal", "In Canada, hopefully."),
        ("too_personal", "I want to take a year out and backpack through South America."),
        ("salary", "My current salary is far too low, so I'm looking around."),
        ("salary", "I'm not paid enough where I am now."),
        ("too_personal", "I'm a family man, so that matters most to me."),
        ("too_personal", "I'm very family-oriented, and I want a job close to home."),
        ("too_personal", "In five years I'll be forty and hopefully a grandmother."),
        ("too_personal", "I want to get back into running and eat better."),
        ("too_personal", "I'd like to keep dancing and maybe teach salsa at weekends."),
        ("too_personal", "If I have kids, I want them to know their dad loves them."),
        ("too_personal", "I want to grow into a manager without missing my kids growing up."),
        ("salary", "I left my last job for better pay."),
        ("salary", "I'm looking for a full-time job with benefits."),
        ("salary", "Money, a nice title and a car."),
        ("salary", "In five years? A Rolex and a Tesla."),
        ("too_personal", "On a yacht, sipping cocktails."),
        ("too_personal", "Honestly? On the sofa watching Netflix."),
        ("too_personal", "Still living with my parents, sadly."),
    ],
)
def test_money_and_private_life_in_other_registers(code, text):
    """Are money as a reason, a wish or a status, and private life offered as the goal, found
    in idioms, slang and other Englishes too, each finding quoting its words?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("salary", "Any recognition along the way would just be a bonus."),
        ("salary", "As an added bonus, I'd get to mentor new starters."),
        ("salary", "I want to enjoy the work, not just the money I earn."),
        ("salary", "I want to build a rich portfolio of projects."),
        ("salary", "I want to help our clients make ends meet as a debt adviser."),
        ("salary", "I'd like to be comfortable with every tool we use by my first review."),
        ("salary", "It's not about the money; I want to design bridges."),
        ("salary", "I want to increase the team's revenue by a fifth."),
        ("too_personal", "I'd like to relocate to Australia to nurse there."),
        ("too_personal", "I'm willing to relocate wherever the company needs me."),
        ("too_personal", "In five years I want to become the ambassador to another country."),
        ("too_personal", "In Marketing, hopefully."),
        ("too_personal", "I'd like to lead the dog training unit at the police academy."),
        ("too_personal", "I want to raise children's reading levels across the school."),
        ("too_personal", "In my spare time I'm learning Python to grow into a data role."),
        (
            "too_personal",
            "I paint in my spare time, which helps my design work; next I want to lead a project.",
        ),
        ("too_personal", "I want to help families find a home as a housing officer."),
        ("too_personal", "I'd like to be a father figure for the apprentices."),
        ("salary", "I left my last job for a role with more responsibility."),
        ("salary", "Money management is something I want to get better at."),
        ("salary", "I want to be a service engineer at a BMW dealership."),
        ("too_personal", "I want to build a streaming platform like Netflix for schools."),
        ("salary", "I want to sell health insurance products to small firms."),
        ("too_personal", "Some people put their family first; I want to lead a team."),
        ("too_personal", "As a mother of two, I've learned to plan; next I want to lead a team."),
        ("too_personal", "I want to start running the team's weekly stand-ups."),
        ("too_personal", "I'd like to take up photography for the marketing team."),
    ],
)
def test_money_and_private_life_near_misses_stay_clear(code, text):
    """Does "a bonus" meaning something extra, money named as not the point, a comfort with
    the tools, a move for the work, a place that is a field, or other people's children and
    homes keep an answer clear of salary and too_personal?"""
    assert code not in pitfalls(text)


# --- no_long_term, round 7: a picture of the years ahead, not any word about work --------------
# LABELLING.md: no_long_term "gives no direction past the near term: no 3-5 year picture at all",
# not when "a five-year picture is given, even a modest one". Written from the definition before
# any row was read: only near-term aims, or no direction at all, in several registers.


@pytest.mark.parametrize(
    "text",
    [
        "Today my aim is to do the best job I can.",
        "My goal is to learn as much as I can in this role.",
        "Honestly, I just need a job at the moment.",
        "Right now I'm focused on getting this job.",
        "I want to do well in this position and see what happens.",
        "Working hard and doing my best.",
        "I want to get my foot in the door.",
        "I want to hit the ground running and make an impact from day one.",
        "I'd like to upskill and get certified in Salesforce.",
        "I want to work in a challenging environment that helps me grow.",
        "To enhance my skills and knowledge in a reputed organisation.",
        "I'd like to get my head down, learn the trade and earn my stripes.",
        "I want to keep improving every day and keep adding value wherever I can.",
        "My main goal right now is to get settled into a new role and learn as much as possible "
        "from the people around me. I want to build my technical skills, especially in SQL, and "
        "contribute to the team's projects from the start.",
        "I am looking for a job where I can use my skills, learn new things and grow as a "
        "professional. I want to be a valuable member of your team and help the company achieve "
        "its goals.",
        "My immediate goal is to secure a position in a reputed company where I can utilise my "
        "skills and knowledge for the growth of the organisation.",
        "For the first year I will focus on learning your processes and building good "
        "relationships with my colleagues. I want to be someone the team can rely on.",
    ],
)
def test_only_near_term_aims_give_no_long_term_picture(text):
    """Do near-term aims alone (doing the job well, learning, a first job, a foothold), said
    briefly or at length, carry no_long_term? A word about work ("job", "role", "company",
    "my aim is") is no picture of the years ahead."""
    assert "names_goal" not in features(text)["no_long_term"]
    assert "no_long_term" in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "In five years I'll be 40!",
        "I'll be pushing forty by then.",
        "Somewhere in my mid thirties, I suppose.",
        "Not sitting in a room like this one, I hope.",
        "Taking up a better opportunity wherever it turns up.",
        "Whatever comes my way.",
        "Whatever the company needs me to do.",
        "I'll go where the work is.",
        "Anywhere that pays the bills.",
        "I'll cross that bridge when I come to it.",
        "Ask me in five years!",
        "That's a tough one. Things change so fast.",
        "I'm open to anything, really.",
        "I don't really think about five years. I think about this week.",
    ],
)
def test_an_age_an_evasion_or_whatever_turns_up_is_no_direction(text):
    """Is an answer that only gives an age, only says where it will not be, or takes whatever
    turns up read as a doubt, with no step and no five-year picture (like "I don't know")?"""
    assert "unsure" in features(text)["no_long_term"]
    assert {"no_short_term", "no_long_term"} <= pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to be a more senior member of the team.",
        "Heading up my own department.",
        "Hopefully I'll have made partner.",
        "I'd like to be known as the go-to person for data.",
        "Qualified and practising as a solicitor.",
        "I want to have my own caseload and be trusted with complex clients.",
        "On the management track.",
        "I want to be a part of the leadership team.",
        "It's a tough question, but I'd like to be leading a team by then.",
        "I know things change fast in tech, but I'd like to be a lead engineer.",
        "I'd like to be in a position where I'm mentoring new hires.",
        "I want to build a career in cyber security.",
        "Still doing this job, but better at it.",
        "I'd like to progressively take on bigger accounts.",
        "I'd love to be mentoring apprentices.",
        "My short-term goal is to settle in and learn the ropes. Longer term, I'd like to be "
        "managing a small team here.",
        "I'd like to be running my own little studio one day, but for now I want to learn "
        "everything I can here.",
        "Right now I'm focused on my CIMA exams; once qualified I'd like to move into a finance "
        "business partner role.",
        "I'm not chasing titles, but in a few years I'd like to be the person people come to "
        "for anything about payroll.",
    ],
)
def test_a_modest_picture_in_other_words_is_still_a_picture(text):
    """Near misses: a modest or hedged picture, a picture beside near-term steps, or a picture
    after "a tough question" keeps clear of no_long_term (LABELLING.md: "a five-year picture
    is given, even a modest one")."""
    assert "no_long_term" not in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "I want to have made a name for myself in the industry.",
        "Hopefully at the top of my game.",
        "With more responsibility and a bigger team.",
        "Working at a top tech company.",
        "Happily working here, maybe in a different department.",
        "I hope to have grown professionally and be handling bigger clients.",
        "Hopefully settled into a career I love.",
        "I'd like to be recognised as an expert in payroll.",
        "I'd like to be in charge of a small team.",
        "In a role where I can mentor others.",
        "Climbing the corporate ladder.",
        "Ideally I'd be an integral part of the team by then.",
        "Ideally, heading a department.",
        "A little higher up, hopefully.",
        "Taking on more, gradually, as I learn the business.",
        "In due course, a bigger remit.",
    ],
)
def test_a_modest_picture_names_a_goal_at_any_length(text):
    """Is a modest picture (a name made, more responsibility, a place of work, bigger clients)
    read as a goal named, not only as a short answer with no marker, so it still counts
    inside a longer answer?"""
    assert "names_goal" in features(text)["no_long_term"]
    longer = text + " I enjoy working with people and I always try to stay calm under pressure."
    assert "no_long_term" not in pitfalls(longer)


@pytest.mark.parametrize(
    "text",
    [
        "I'm a hard worker and a fast learner.",
        "I see myself as a hard-working person who always delivers.",
        "Honestly, I'm a very reliable team player.",
    ],
)
def test_saying_how_one_works_is_no_picture(text):
    """Is a short answer that only says how one works (a trait instead of a goal) no picture
    of the years ahead, and nearer to "no long-term picture" than a short picture is ("On a
    beach.")? (Whether it crosses the line is learned from the labelled answers; after round
    7's relabelling such answers sit at its edge.)"""
    assert "bare_picture" not in features(text)["no_long_term"]
    model = load_rules().models()[0]["no_long_term"]
    picture = "On a beach, with my family."
    assert "bare_picture" in features(picture)["no_long_term"]
    assert (
        model.score(features(text)["no_long_term"])
        > model.score(features(picture)["no_long_term"]) + 0.5
    )


@pytest.mark.parametrize(
    ("near", "far"),
    [
        ("I want to be promoted within a year.", "I want to be promoted within three years."),
        (
            "Right now my main goal is to settle into the team.",
            "My main goal is to become a team leader.",
        ),
        ("By next year I want to be a supervisor.", "By 2031 I want to be a supervisor."),
    ],
)
def test_a_goal_dated_within_the_year_is_a_near_term_aim(near, far):
    """Is a goal, or a "main goal", in a clause dated within the year ("within a year",
    "right now", "next year") a near-term aim, so no_long_term is found quoting the date,
    while the same goal a few years away is a picture?"""
    assert {"names_goal", "has_long"}.isdisjoint(features(near)["no_long_term"])
    assert_found_with_its_words(near, "no_long_term")
    assert {"names_goal", "has_long"} & features(far)["no_long_term"]
    assert "no_long_term" not in pitfalls(far)


@pytest.mark.parametrize(
    ("no_goal", "goal"),
    [
        ("I want to be an asset to the team.", "I want to be a team leader."),
        ("I want to manage my time better.", "I want to manage a team."),
        ("I want to work in a team where I can grow.", "I want to work as a data engineer."),
        ("I want to do a better job than last year.", "I want a better job than this one."),
        ("I want to lead by example.", "I want to lead the sales team."),
        ("I want to make a good impression on my manager.", "I want to be a manager."),
        ("I like to work as part of a team.", "I want to work as a paramedic."),
        ("I want to play a part in the team's success.", "I'd hope to be playing a part in it."),
        ("I want to learn from the senior nurses.", "I'd like to be a senior nurse."),
        ("I'd like to shadow experienced managers.", "I'd like to be an experienced manager."),
        ("I'd like to lead a small project.", "I'd like to lead the projects team."),
        ("I want to partner with other teams.", "I want to become a partner."),
    ],
)
def test_words_of_work_that_paint_no_picture_name_no_goal(no_goal, goal):
    """Does a role word that names a part played, a quality or the job done well ("be an
    asset", "manage my time", "lead by example", "my manager") name no goal, where the same
    word naming a place in the career does?"""
    assert "names_goal" not in features(no_goal)["no_long_term"]
    assert "names_goal" in features(goal)["no_long_term"]


@pytest.mark.parametrize(
    ("framed", "picture"),
    [
        (
            "My career goal is to keep learning and to contribute to the success of the team.",
            "My career goal is to become a chartered accountant.",
        ),
        (
            "My main objective is to learn the business and be useful to the team.",
            "My main objective is to move into a supervisory role.",
        ),
        (
            "I aspire to learn from the best and give my best every day.",
            "I aspire to be a head of product.",
        ),
        (
            "I'm working towards my first certification and want to learn the ropes.",
            "I'm working towards becoming a senior engineer.",
        ),
        (
            "I want to be responsible for delivering high-quality work.",
            "I want to be responsible for the whole northern region.",
        ),
    ],
)
def test_words_that_frame_an_aim_are_no_picture_without_one(framed, picture):
    """Do "my career goal is", "I aspire to" or "working towards" give no horizon of their own,
    so near-term aims framed by them carry no_long_term, and the same frame around a role is a
    picture? Does the step they frame still count as a near-term step?"""
    assert "has_long" not in features(framed)["no_long_term"]
    assert "no_long_term" in pitfalls(framed)
    assert "no_short_term" not in pitfalls(framed)
    assert "no_long_term" not in pitfalls(picture)


@pytest.mark.parametrize(
    "text",
    [
        "Today my aim is to do the best job I can.",
        "Working hard and doing my best.",
        "I want to be an asset to the team.",
        "I'd like to play a key part in helping the team hit its targets.",
        "I want to make a real contribution.",
    ],
)
def test_doing_the_job_well_is_a_near_term_aim(text):
    """Is doing the job well ("do my best", "be an asset", "contribute") a near-term aim, so
    no_short_term stays clear (LABELLING.md: "any near-term aim is stated, however briefly")
    while no_long_term is found (no picture of the years ahead)?"""
    assert "growth" in features(text)["no_short_term"]
    assert "no_short_term" not in pitfalls(text)
    assert "no_long_term" in pitfalls(text)


@pytest.mark.parametrize(
    ("picture", "step"),
    [
        (
            "In five years I see myself in a leadership role, contributing to the company's growth.",
            "I want to contribute to the team and learn its tools. In five years I'd like to lead it.",
        ),
        (
            "Five years from now I hope to be a department head, making a real impact on patient "
            "care.",
            "I want to make a real impact on the ward. Five years from now I hope to run it.",
        ),
    ],
)
def test_doing_the_job_well_inside_a_picture_is_no_first_step(picture, step):
    """Does "contributing" or "making an impact" that describes a five-year picture stay part
    of the picture, so the answer still names no first step (no_short_term), while the same
    words said of the present, beside the picture, are a near-term aim?"""
    assert "growth" not in features(picture)["no_short_term"]
    assert "no_short_term" in pitfalls(picture)
    assert "growth" in features(step)["no_short_term"]
    assert "no_short_term" not in pitfalls(step)


# --- complacent, salary and too_specific, round 7: the concept first, in many registers ------
@pytest.mark.parametrize(
    ("code", "text"),
    [
        # complacent: idling along, seeing a career out, a job as only a job
        ("complacent", "Honestly, I'm content to just keep ticking along."),
        ("complacent", "Still plodding along, I expect."),
        ("complacent", "At my age I'm just looking to see out my career quietly."),
        ("complacent", "I work to live, I don't live to work."),
        ("complacent", "I'm comfortable. I don't need to prove anything to anyone."),
        ("complacent", "I'm a simple person, I don't ask for much."),
        ("complacent", "I'd be fine doing this till I retire."),
        ("complacent", "I'd like to be here, doing what I do, for as long as they'll have me."),
        (
            "complacent",
            "I'd rather stay a regular team member than have the headaches of management.",
        ),
        ("complacent", "I've kind of plateaued and I'm fine with that."),
        ("complacent", "Honestly I have no idea and I'm not too worried about it."),
        ("complacent", "I'm not really into this whole five-year plan thing."),
        # complacent: wanting nothing to change, said in other Englishes and registers
        (
            "complacent",
            "See, I have been in this post for eight years and I am quite satisfied only. "
            "I don't want to shift anywhere.",
        ),
        ("complacent", "I enjoy what I do now and I'd like to carry on as normal."),
        ("complacent", "Things are good as they are, so I'll just keep going."),
        ("complacent", "I'm okay with staying at my current grade."),
        ("complacent", "I reckon I'll still be on the tills, and that's alright with me."),
        ("complacent", "I'm not someone with grand plans. I turn up, I do a good job, I go home."),
        (
            "complacent",
            "Career goals? I don't really have any, I just like helping out where I can.",
        ),
        ("complacent", "My plan is to not have a plan."),
        ("complacent", "The future will take care of itself."),
        ("complacent", "I'm not fussed either way to be honest."),
        ("complacent", "Haha, five years? Probably still answering phones."),
        # complacent: a low bar (any role, a job at all, less stress, worn out, left to fate)
        ("complacent", "I'm open to whatever opportunities come my way."),
        ("complacent", "I'm not picky, any position is fine."),
        ("complacent", "Still working, I hope."),
        ("complacent", "Hopefully in a job."),
        ("complacent", "I'm just grateful to be working."),
        ("complacent", "I'd like to work fewer hours and have more free time."),
        ("complacent", "Honestly, I'm kind of burnt out, so I just want something easy."),
        ("complacent", "Just surviving, to be honest."),
        ("complacent", "Not much different from now, to be fair."),
        ("complacent", "I'll leave that up to fate."),
        ("complacent", "I'm happy to be a small cog in the machine."),
        ("complacent", "I don't like to plan; I'm more of a spontaneous person."),
        ("complacent", "Sitting in the same cubicle, I imagine."),
        (
            "complacent",
            "I like the people and I'm really happy here. I hope I'm still here in five years.",
        ),
        # complacent: sameness, deference, not a leader, no point planning
        ("complacent", "Probably in this same role, since I really love it."),
        ("complacent", "I'd be quite content to be doing the exact same job."),
        ("complacent", "Doing exactly this."),
        ("complacent", "I'm good where I'm at."),
        ("complacent", "I'll be here as long as you want me."),
        ("complacent", "That's for the bosses to decide."),
        ("complacent", "I'm happy to follow instructions."),
        ("complacent", "I'm a worker, not a leader."),
        ("complacent", "Not everyone needs to be a manager."),
        ("complacent", "I'll leave the big ambitions to others."),
        ("complacent", "Management isn't for me. I'm happy on the shop floor."),
        ("complacent", "To be frank, I have not set any target for myself."),
        ("complacent", "I don't really see the point in planning, things change so fast."),
        ("complacent", "I'm not really bothered where I end up."),
        ("complacent", "I'm kind of lazy, to be honest."),
        ("complacent", "My job is my job. I do it well and that's it."),
        # complacent: carrying on as now, in the same capacity, resigned to no path
        (
            "complacent",
            "I enjoy my current role and see myself continuing to contribute in the same capacity.",
        ),
        ("complacent", "I'd like to continue in my current capacity."),
        ("complacent", "Continuing as I am, really."),
        ("complacent", "I'd like to keep contributing as I do now."),
        ("complacent", "I'd like to remain in this role for the foreseeable future."),
        ("complacent", "I'll probably still be here, there aren't many jobs around anyway."),
        ("complacent", "There's no career path here anyway, so I'll just do my job."),
        ("complacent", "I hope to still be part of this great team, helping customers every day."),
        ("complacent", "I just want a permanent contract and a stable routine."),
        # complacent: stasis said plainly, in an answer that reaches for nothing more
        ("complacent", "Erm, not too sure. Probably around here somewhere."),
        ("complacent", "I'm not one for big changes; I like things steady."),
        ("complacent", "I've been doing retail for years and I'll probably keep doing it."),
        ("complacent", "I guess I'll be in the same boat as now."),
        ("complacent", "Wherever I end up, I end up."),
        ("complacent", "I just want to do my eight hours and go home to my family."),
        ("complacent", "I'm not a high achiever, I'm an average person who does an average job."),
        ("complacent", "I'm comfortable at my current pay grade and don't want the extra hassle."),
        ("complacent", "I'm happy being a small fish."),
        ("complacent", "I honestly don't mind, as long as I'm busy."),
        ("complacent", "Nothing's going to change for me, and that's OK."),
        ("complacent", "Probably doing what I'm doing, but older and greyer."),
        ("complacent", "I'm not really thinking about the future at the moment."),
        ("complacent", "I'd rather not think about it."),
        ("complacent", "My ambition is just to keep my job."),
        ("complacent", "No idea. Whatever."),
        ("complacent", "I think I'll still be a cleaner here. It suits me."),
        ("complacent", "I'll still be driving the van, I should think."),
        ("complacent", "Five years is a long time. I'd probably just be doing my job like now."),
        ("complacent", "I think I'd be happy to be exactly as I am now."),
        ("complacent", "Why would I want to change? I've got a good thing going."),
        ("complacent", "I'm too set in my ways to change now."),
        ("complacent", "Career-wise I'm done, I've got where I want to be."),
        ("complacent", "I'd like to take a back seat, let the younger ones take over."),
        ("complacent", "Honestly, I don't see myself progressing much."),
        ("complacent", "Not going for any promotions, that's for sure."),
        ("complacent", "I haven't got any particular ambitions, I just like my work."),
        ("complacent", "Hopefully not much has changed."),
        ("complacent", "I just like doing my own little job."),
        # complacent: single words of staying put, in an answer that reaches for nothing more
        ("complacent", "I guess still stocking shelves, which is fine."),
        ("complacent", "I'd probably still be in accounts payable, doing invoices."),
        ("complacent", "I can't say I have big dreams; this job is enough."),
        ("complacent", "I'm here for the long haul, doing what I'm doing."),
        ("complacent", "I'm happy being a regular staff member."),
        ("complacent", "I haven't really got a five-year plan, I just take each week as it comes."),
        ("complacent", "I'm quite happy to let others do the climbing."),
        ("complacent", "Work's work. I do it, I go home."),
        ("complacent", "I don't aim high, I aim for stable."),
        ("complacent", "I'd stay on the tills; I like chatting to customers."),
        ("complacent", "I'm quite laid back, I don't stress about the future."),
        ("complacent", "I'm fine with being a cog in the wheel."),
        ("complacent", "I'd be happy to see the next five years out here."),
        ("complacent", "I've no plans to go anywhere or change anything."),
        ("complacent", "I'm just going to stick with what I know."),
        ("complacent", "To be honest, I'm happy plodding on."),
        ("complacent", "I don't mind staying at this level for a long time."),
        ("complacent", "I reckon I'll still be on reception."),
        # salary: the words of pay in sales, tech and everyday speech
        ("salary", "I want to smash my OTE every quarter."),
        ("salary", "I want my comp to reflect my work."),
        ("salary", "I'd like to double what I make now."),
        ("salary", "I want to be well-off."),
        ("salary", "I want to provide for my family."),
        ("salary", "The salary here is very competitive, which matters to me."),
        ("salary", "I want to be in a high-earning position."),
        ("salary", "I'd like equity and RSUs as part of my package."),
        ("salary", "Salary progression is important to me."),
        ("salary", "The financial package is what attracted me."),
        ("salary", "I want to earn a solid living."),
        ("salary", "I want to be rewarded financially for my hard work."),
        ("salary", "I'm quite money-minded."),
        ("salary", "I'd like a profit share."),
        ("salary", "As long as I get paid, I'm happy."),
        ("salary", "I want to be the breadwinner for my family."),
        ("salary", "My main motivation is financial."),
        ("salary", "I hope to be making over a hundred thousand."),
        ("salary", "I'd like more paid holiday and a better package."),
        # too_specific: ranks on clocks counted out, months chained, distant precise figures
        (
            "too_specific",
            "I'll be a senior associate in two years, a manager in four and a director in seven.",
        ),
        (
            "too_specific",
            "My five-year plan: six months to learn the role, 18 months to senior, "
            "three years to team lead.",
        ),
        (
            "too_specific",
            "After 18 months I'll apply for the senior role, and after 36 months the manager post.",
        ),
        ("too_specific", "Next March I'll sit the exam, and in September I'll go for supervisor."),
        ("too_specific", "I plan to increase my sales by 37% by 2029."),
        ("too_specific", "I'll have 500 clients by 2028."),
        ("too_specific", "I've planned my career quarter by quarter."),
        ("too_specific", "I have a plan for every month of the next two years."),
        ("too_specific", "I want to be promoted twice in the next three years."),
        (
            "too_specific",
            "Quarter one, onboarding; quarter two, my first project; quarter three, a promotion.",
        ),
    ],
)
def test_complacent_money_and_scripts_in_other_words(code, text):
    """Are contentment and drift, money as a motive and a career fixed as a script found when
    said in idioms, other Englishes, jokes and registers no cue was written from, each finding
    quoting its words?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("complacent", "I'm happy in my role and want to grow into a senior position."),
        ("complacent", "I'm not after a manager title; I want to deepen my technical skills."),
        ("complacent", "I'm not sure yet, but I know I want to work with data."),
        (
            "complacent",
            "I take each day as it comes with patients, but long-term I want to be a nurse "
            "practitioner.",
        ),
        (
            "complacent",
            "I'm not planning to go anywhere; I want to build my career here as a team leader.",
        ),
        ("complacent", "I'll keep learning and see where it takes me, ideally into product."),
        ("complacent", "I'm content with my progress so far and aim to get chartered next year."),
        (
            "complacent",
            "Since my mum got sick I'm hoping for something less stressful. Longer term I'd "
            "like to move into a team leader role.",
        ),
        ("complacent", "I'm open to new challenges and want to grow into a lead role."),
        ("complacent", "Honestly I'm happy where I am, and in ten years I'd like to lead it."),
        ("complacent", "I'm a team player, and I want to become a better leader in five years."),
        ("complacent", "I'd like to stay in the same company but take on a bigger remit."),
        ("complacent", "I'm open to new responsibilities, and I aim to become a charge nurse."),
        ("complacent", "I want to work fewer late nights by automating the month-end reports."),
        ("complacent", "I hope to still be with the company, in a management role."),
        ("salary", "Retired, on a beach somewhere."),
        ("complacent", "I don't mind relocating for the right opportunity in logistics."),
        ("complacent", "I'll still be learning, but as the lead of the night team."),
        ("complacent", "Why would I want to change teams? I want to grow into this one's lead."),
        ("complacent", "Giving some other interviewer the answer to this same silly question."),
        (
            "complacent",
            "I'd be happy to still be working as a teacher then; over the years I want to become "
            "a great one.",
        ),
        ("complacent", "In ten years I'll be retired, healthy and still writing, I hope."),
        ("complacent", "I'd love to live on the coast with my kids."),
        ("complacent", "I'd like to be on the same team, leading the weekend shift."),
        ("complacent", "I want to stick with what I know best, data, and become an expert in it."),
        ("complacent", "I'm not going anywhere: I want to grow into the deputy manager role here."),
        ("complacent", "I want to do the basics brilliantly this year, then take on the ordering."),
        (
            "complacent",
            "I see myself as an average performer now, but I want to be one of the best.",
        ),
        (
            "complacent",
            "I'm not thinking about leaving; I love this work and want to be a paramedic.",
        ),
        ("salary", "I want to become a compensation analyst and design fair pay structures."),
        ("salary", "I want to make a difference, not just make money."),
        ("salary", "My goal is to help low-income families access benefits."),
        ("salary", "I want to help people get out of debt as a financial coach."),
        ("salary", "I want to earn the trust of my colleagues."),
        ("salary", "I'd like to work in the payroll department."),
        ("salary", "I'd like to handle the bonus and incentive schemes in HR."),
        ("too_specific", "In five years I want to be a manager or a head of department."),
        ("too_specific", "In five years maybe I could be a head of department."),
        ("too_specific", "I'd like to lead a small team of three or four."),
        ("too_specific", "In about five years I'd like to be a senior engineer."),
        ("too_specific", "I want to complete my Level 3 diploma by next summer."),
        ("too_specific", "My first 90 days will be about learning the systems."),
    ],
)
def test_complacent_money_and_script_near_misses_stay_clear(code, text):
    """Does a growth aim said anywhere in the answer, money that is the work or not the point,
    other people's money, and a title offered as one of two or hedged keep an answer clear of
    complacent, salary and too_specific?"""
    assert code not in pitfalls(text)


# --- learned weights ---------------------------------------------------------------------------
def test_every_finding_quotes_features_that_count_for_it():
    """Is each finding of a learned code backed by a feature with a positive weight?"""
    weights = json.loads((RULES / "weights.json").read_text())["codes"]
    text = "My lifelong goal is to be a famous novelist; this job is just my plan B."
    result = review(text)
    present = features(text)
    for f in result.pitfalls:
        model = weights.get(f.code)
        if model is None or f.code.startswith("no_"):
            continue
        assert any(model["weights"].get(n, 0) > 0 for n in present[f.code]), f.code


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (lambda d: d["codes"]["salary"]["weights"].update({"no_such_cue": 1.0}), "no_such_cue"),
        (lambda d: d["codes"]["salary"].update({"bias": "high"}), "finite number"),
        (lambda d: d["codes"].update({"no_such_code": {"bias": 0, "weights": {}}}), "no such"),
        (lambda d: d.update({"version": 2}), "version"),
    ],
)
def test_a_broken_weights_file_names_the_file_and_the_problem(tmp_path, change, problem):
    """Does a bad weights.json stop with the file and what is wrong, not a traceback later?"""
    folder = tmp_path / "coach"
    shutil.copytree(RULES, folder)
    data = json.loads((folder / "weights.json").read_text())
    change(data)
    (folder / "weights.json").write_text(json.dumps(data))
    with pytest.raises(ContentError) as err:
        review("I want more money.", rules_dir=folder)
    assert "weights.json" in str(err.value) and problem in str(err.value)


def test_without_weights_the_hand_set_rules_still_work(tmp_path):
    """With no weights.json, does each code fall back to its cues' YAML weights?"""
    folder = tmp_path / "coach"
    shutil.copytree(RULES, folder)
    (folder / "weights.json").unlink()
    result = review("Honestly, my goal is a much bigger salary.", rules_dir=folder)
    assert "salary" in result.codes


# --- the fixed split and the bench -------------------------------------------------------------
def test_the_real_data_split_is_fixed_and_balanced():
    """Is each row's half a pure function of its id, with about half the ids on each side?"""
    bench = _bench()
    ids = [f"x{i}" for i in range(400)]
    halves = [bench.half(i) for i in ids]
    assert halves == [bench.half(i) for i in ids]
    assert set(halves) == {"tune", "held-out"}
    assert 150 <= halves.count("tune") <= 250


def test_the_bench_says_plainly_when_the_real_data_are_absent(tmp_path, monkeypatch, capsys):
    """Without the real data, does the bench say so and still report the project's own set?"""
    bench = _bench()
    monkeypatch.setenv(bench.REAL_DATA_ENV, str(tmp_path))
    monkeypatch.setattr(bench, "RESULTS", tmp_path / "out.json")
    few = [r for r in bench.load_labelled() if r["split"] == "holdout"][:12]
    monkeypatch.setattr(bench, "load_labelled", lambda: few)
    bench.main([])
    out = capsys.readouterr().out
    assert "Real data: not found" in out and str(tmp_path) in out
    assert "project set, dev" in out


# --- bad input, and the input that once froze the kernel ---------------------------------------
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                " ",
                "\n",
                "\t",
                ",",
                ".",
                "-",
                "1",
                "a",
                "I",
                "'",
                "and then",
                "in 2030",
                "salary",
                "my own business",
                "ten years",
                "\u200b",
                "é",
                "😀",
                "<b>",
                "by Q2",
            ]
        ),
        max_size=300,
    ).map("".join)
)
def test_review_and_smart_never_raise_on_odd_text(text):
    """Do review() and smart() return a result, with spans that index the text, for any mix?"""
    result = review(text)
    for f in result.findings:
        for e in f.evidence:
            assert text[e.start : e.end] == e.text
    report = smart(text)
    assert len(report.criteria) == 5
    for c in report.criteria:
        for e in c.evidence:
            assert text[e.start : e.end] == e.text


@pytest.mark.parametrize(
    "text",
    [" " * 19999 + "a", "1" * 100_000, "1 " * 50_000, "1," * 50_000, "in 2030 " * 12_000],
)
def test_long_runs_are_read_in_well_under_a_second(text):
    """Sanity, not a benchmark: is a long run of spaces or digits far from quadratic again?
    (20,000 spaces once took 54 s; the 200 ms floor is measured in bench/coach_speed.py. The
    bound here is loose because test machines are shared and busy.)"""
    review("warm up")
    began = time.perf_counter()
    review(text)
    smart(text)
    assert time.perf_counter() - began < 10.0


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "my",
                "own",
                "business",
                "franchisee",
                "Start",
                "starting",
                "a",
                "small",
                "company",
                "go",
                "back",
                "to",
                "school",
                "by",
                "Q2",
                "every",
                "Friday",
                "within",
                "14",
                "days",
                "salary",
                "retire",
                "retiring",
                "for",
                "life",
                "I",
                "don't",
                "see",
                "any",
                "need",
                "to",
                "grow",
                ",",
                ".",
                "self-employed",
                "stepping",
                "stone",
                "\n",
                "é",
                # a whole first word against a longer one, and case-sensitive cues
                "abroad",
                "at",
                "At",
                "Google",
                "Join",
                "joining",
                "CFO",
                "C-suite",
                "Vice",
                "President",
                "a-list",
                "six-figure",
                "home",
                # numbers inside a word, after an apostrophe, and standing alone
                "x10",
                "’90s",
                "5%",
                "3",
                "2030",
                "team",
            ]
        ),
        max_size=80,
    ).map(" ".join)
)
def test_prefix_gated_cues_find_what_a_full_scan_finds(text):
    """Does trying a regex cue only where its first word can start miss nothing a scan finds?"""
    rules = load_rules()
    ctx = TextContext(text, rules)
    cues = [c for r in rules.codes for c in r.cues] + [c for s in rules.smart for c in s["cues"]]
    for cue in cues:
        if cue.starts is not None and cue.pattern is not None:
            # a full scan of the whole pattern (_find: not the per-text cache)
            full = dataclasses.replace(cue, starts=None, alternatives=None)
            assert ctx._find(cue) == ctx._find(full), cue.id


#: A negative contraction is its own word: "won" in "won't" is no past deed, "can" in "can't"
#: no ability. (The past-clause list holds "I won", which once read "I won't" as the past and
#: hid every cue in that clause.)
CONTRACTIONS = [
    ("I won't stop learning; I will sit my CPA exams this year.", False),
    ("I won the regional sales award last year.", True),
    ("We won't settle for second place.", False),
]


@pytest.mark.parametrize(("text", "past"), CONTRACTIONS)
def test_a_negative_contraction_is_not_the_word_it_starts_with(text, past):
    """Is a clause with "I won't" about the future, while "I won" is about the past?"""
    ctx = TextContext(text, load_rules(), end=len(text))
    assert ctx.in_past(3) is past


def test_an_untrained_shape_feature_counts_for_nothing_but_an_untrained_cue_counts_alone():
    """Does a shape feature the weights never saw stay neutral, while a new cue an instructor
    adds before retraining is enough on its own?"""
    model = Model(bias=-2.0, weights={"has_long": 0.5})
    assert model.score({"bare_picture"}) == -2.0
    assert model.score({"a_new_cue"}) >= 0


# --- the paired codes, too_personal and beyond_5_years, round 7: the concept in other words ---
# Sentences of our own from LABELLING.md's definitions (none from the labelled rows): leaving
# (doubt about the field, this job not for ever, study as the five-year picture, a move, time
# out, the forces, a venture), another field or dream (both paired codes), a private detail
# beside a work goal, a horizon past five years in idiom.
ROUND7_FOUND = [
    ("leaving_soon", "To be honest, I'm not sure marketing is for me in the long run."),
    ("leaving_soon", "I'm still unsure whether this is the right career for me."),
    ("leaving_soon", "I don't see myself doing this long term, if I'm honest."),
    ("leaving_soon", "This isn't my forever job."),
    ("leaving_soon", "In five years I'll probably be finishing my master's."),
    ("leaving_soon", "I'll probably be in grad school by then."),
    ("leaving_soon", "I'm thinking of applying to a postgraduate programme in psychology."),
    ("leaving_soon", "After two years I want to go for higher studies."),
    ("leaving_soon", "My partner and I plan to shift to Bangalore next year."),
    ("leaving_soon", "Not here, hopefully."),
    ("leaving_soon", "Anywhere but here!"),
    ("leaving_soon", "I'd like to take a couple of years out to travel."),
    ("leaving_soon", "In the Navy, hopefully."),
    ("leaving_soon", "Surfing in Bali, if all goes well."),
    ("leaving_soon", "I'm preparing for the CAT exam."),
    ("leaving_soon", "I'd love to run a little B&B in Cornwall."),
    ("leaving_soon", "Living off the grid, ideally."),
    ("irrelevant", "I plan to do a PGCE next year."),
    ("irrelevant", "I'd love to be on Broadway."),
    ("irrelevant", "By then I hope to have sold my startup."),
    ("irrelevant", "Running my own show."),
    ("irrelevant", "I'd like to become a consultant for myself."),
    ("irrelevant", "I'd like to go back to college for nursing."),
    ("irrelevant", "After a year or so I'd like to go to law school."),
    ("irrelevant", "I want to be a full-time content creator."),
    ("irrelevant", "I'd love to become a writer."),
    ("irrelevant", "I'm doing this while I build up my photography business."),
    ("irrelevant", "In five years I'll be going into the seminary."),
    ("irrelevant", "I'd like to be a successful entrepreneur."),
    ("irrelevant", "I'd like to be the person interviewing you, ha."),
    ("irrelevant", "Then I'd like to move to one of the big consultancies."),
    ("too_personal", "I'd like to lead a team; I have two young daughters, so stability matters."),
    ("too_personal", "I want to be a senior analyst, and my mum's health means I must stay local."),
    ("too_personal", "I'd like to specialise in tax, and keep up my running."),
    ("too_personal", "I'm a keen cyclist, and I'd like to lead the logistics team."),
    ("too_personal", "I'd like to grow into a supervisor, and lose a few pounds."),
    ("too_personal", "I'd like to be an account manager and finally buy my first car."),
    ("too_personal", "I want to progress to team leader and take more holidays abroad."),
    ("too_personal", "I want to become a manager and see my family more."),
    ("too_personal", "I'd like to be a charge nurse; I'm also a carer for my dad."),
    ("irrelevant", "In ten years I'd like to be running this company."),
    ("irrelevant", "The big boss, obviously."),
    ("irrelevant", "I'd like to be the CEO of this company one day."),
    ("leaving_soon", "I'd like to be working in Germany by then."),
    ("leaving_soon", "I'll be looking for new challenges elsewhere."),
    ("too_personal", "I had a health scare last year, so I'd like a calmer team-lead role."),
    ("leaving_soon", "Hopefully not answering this question again."),
    ("leaving_soon", "Interviewing for my next job, probably."),
    ("leaving_soon", "Doing something more exciting than this."),
    ("leaving_soon", "Far away from here."),
    ("irrelevant", "Working for your biggest competitor."),
    ("leaving_soon", "Volunteering in South America for a year."),
    ("beyond_5_years", "I'm looking for a company I can grow old with."),
    ("beyond_5_years", "Before I hang up my boots I'd like to run this department."),
    ("beyond_5_years", "Twenty-odd years from now I'd like to be a director."),
    ("beyond_5_years", "When I'm much older I'd like to mentor others."),
    ("beyond_5_years", "I want a career here that spans decades."),
]


@pytest.mark.parametrize(("code", "text"), ROUND7_FOUND)
def test_leaving_elsewhere_private_detail_and_far_horizons_in_other_words(code, text):
    """Are a doubt about the field, study or a life elsewhere as the picture, another field or a
    dream, a private detail beside a work goal and a horizon said in idiom each found, quoting
    the words behind it?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("too_personal", "In a decade I hope to be a partner."),
        ("irrelevant", "In ten years I'd like to make partner."),
        ("leaving_soon", "I'd like to help small business owners grow through our lending team."),
        ("leaving_soon", "I'd like to lead a team, and have finished renovating my house by then."),
        ("too_personal", "I want to pull my weight and become a supervisor."),
        ("leaving_soon", "I see this role as a stepping stone toward a management position here."),
        ("irrelevant", "I see this role as a stepping stone toward a management position here."),
        ("leaving_soon", "My aim is to become an entrepreneur within the company."),
        ("leaving_soon", "I'd like to take some time off for training, then lead the rollout."),
        ("leaving_soon", "I'd like to build my business acumen with the finance team."),
        ("leaving_soon", "I'd like a holiday abroad each year, and to lead the sales team."),
        ("beyond_5_years", "I bring two decades of experience; in three years I'd like to lead."),
        (
            "leaving_soon",
            "I'm not sure which specialism is right for me, but I'll stay in nursing.",
        ),
        ("leaving_soon", "I have permanent residency, and I want to grow my career in accounting."),
        ("leaving_soon", "I want to shift to Python for our data pipelines."),
        ("irrelevant", "I'd like to lead content creation for our brand."),
        ("leaving_soon", "This is where my heart is, and I'd like to manage a flagship store."),
        (
            "too_personal",
            "I'm an avid reader, which keeps me current; next I'd like to lead research.",
        ),
        ("too_personal", "I'd like to support families' recovery as a senior social worker."),
        ("leaving_soon", "I'd like to run a cafe for the chain within three years."),
        ("irrelevant", "I'd like to work with children with special needs as a SENCO here."),
        ("irrelevant", "I'd like to run the whole night shift as a supervisor."),
        ("leaving_soon", "Having lived in the UK for years, I want to lead the Leeds team."),
        ("leaving_soon", "I'd like to explore new opportunities within the company."),
        ("leaving_soon", "I want our sales to be better than this year's."),
        ("leaving_soon", "I'd like to help answer this question for our clients: what next?"),
    ],
)
def test_round7_near_misses_stay_clear(code, text):
    """Does a rank named like a relationship ("make partner"), other people's businesses, a
    house renovated, an idiom ("pull my weight"), growth here, study for the job, years of
    experience, a choice inside the field, a status held, a tool, a team's work, a value
    linked to the work or a step up in this chain keep the answer clear of the code?"""
    assert code not in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "Touring the Middle East, with any luck.",
        "Backpacking across the Caribbean.",
        "Sipping cocktails in Nepal.",
    ],
)
def test_countries_written_as_several_words_are_whole_choices(text):
    """Do the countries once lost to a one-word choice that ran on ("patagonia|the caribbean|
    the middle east" matched none of them alone) now count as a life abroad?"""
    assert_found_with_its_words(text, "leaving_soon")


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("leaving_soon", "I have always dreamed of opening a bakery."),
        ("irrelevant", "I have always dreamed of opening a bakery."),
        ("leaving_soon", "I've always wanted to move to Spain."),
        ("leaving_soon", "If it goes to plan, I'll have moved to Spain."),
        ("leaving_soon", "Hopefully, if I save enough, I'll have my own salon."),
        ("irrelevant", "If the opportunity came up, I'd go freelance."),
    ],
)
def test_a_wish_held_now_and_the_students_own_condition_still_count(code, text):
    """Is "I've always wanted/dreamed" a wish held now rather than a clause about the past, and
    is the student's own condition ("if it goes to plan", "if I save enough") no one else's
    hypothetical, so that the plan after it is found, quoting its words?"""
    assert_found_with_its_words(text, code)


def test_ive_always_before_a_deed_is_still_the_past():
    """Does "I've always worked/been ..." still mark a clause about the past (a cue that skips
    the past ignores it), while "I've always wanted" does not?"""
    rules = load_rules()
    deed = "I've always worked nights."
    wish = "I've always wanted to travel."
    assert TextContext(deed, rules, end=len(deed)).in_past(5)
    assert not TextContext(wish, rules, end=len(wish)).in_past(5)


@pytest.mark.parametrize(
    "text",
    [
        "I haven't given it much thought.",
        "Honestly, I've never really thought about it.",
        "Gee, I haven't thought about that yet.",
    ],
)
def test_not_having_thought_about_it_is_no_direction(text):
    """Is "I haven't thought about it", like "I don't know" alone, read as no first step
    rather than as contentment?"""
    found = pitfalls(text)
    assert "no_short_term" in found
    assert "complacent" not in found


# --- complacent, round 8: a paraphrase audit, then the kinds of saying it missed -------------
# LABELLING.md: complacent "shows no ambition to grow: happy to stay as it is, no plans,
# 'whatever comes', resigned"; data/real/ADJUDICATION.md R1: openly turning down more ambition
# counts, "I don't know" alone, unhappiness about staying and personal happiness do not.
@pytest.mark.parametrize(
    "text",
    [
        "I don't particularly want to be a department head in five years. I just want to be me.",
        "I'm not someone who needs to be the boss. Give me my tasks and I'll get them done.",
        "Growth isn't really a priority for me; I'm comfortable as an assistant.",
        "Look, I know the job, and I'm not looking to reinvent myself.",
        "I have zero interest in a bigger title. I like my nine to five.",
        "Honestly, I don't need to be in charge of anybody.",
        "I've been a porter for twenty years. I have no wish for a higher post.",
    ],
)
def test_ambition_turned_down_in_any_words_is_complacent(text):
    """Is more ambition turned down found however it is worded (a title, promotion, the
    boss's chair, a bigger post or "reinventing myself" in a clause that declines it), quoting
    its words?"""
    assert_found_with_its_words(text, "complacent")


@pytest.mark.parametrize(
    "text",
    [
        "I have twenty years of experience and I'm happy where I am.",
        "I've got the skills for this job and I'd like to stay doing it.",
        "My ambition is to keep my head above water and keep my job.",
        "I had to lead a team at my last job and hated it. I'd rather keep things as they are.",
        "Some people want to climb the ladder; I like things steady.",
        "I've got a good thing going here. Why mess with it?",
        "This job ticks all my boxes, so I'm not looking elsewhere or upward.",
        "Five years from now I'd like my life to look a lot like it does today.",
        "I'd be perfectly happy to still be stacking shelves here.",
        "At my age there isn't much point in big plans.",
        "Goals? I'm more of a go-where-the-wind-blows kind of person.",
        "My plan? To stay on this ward until they carry me out.",
        "As long as I've got a job and the bills are paid, I'm good.",
    ],
)
def test_contentment_beside_skills_held_or_growth_declined_is_found(text):
    """Are contentment and drift found when the answer also names skills or experience held, a
    leader's role in the past, someone else's ambition or "keep my head down": growth the
    student does not claim as their own aim does not silence it?"""
    assert_found_with_its_words(text, "complacent")


@pytest.mark.parametrize(
    "text",
    [
        "I'm not a manager yet, but I'd like to be one in a few years.",
        "I can't wait to take on more responsibility.",
        "No promotion comes overnight, so I'll work hard for mine.",
        "There's no career ladder in my current job, which is why I'm applying here.",
        "I don't want to be a manager. I want to be the best mechanic in the shop.",
        "Management isn't really for me, but I want to become the specialist for tax questions.",
        "I'm not sure whether I want management or a technical path yet.",
        "I'd be happy to stay in this department for years, as long as I'm learning.",
        "I'm happy where I am, but I want to build my skills in data analysis.",
        "I'd like to stay in this role and gain more experience with clients.",
        "I have no idea where I'll be, but if I'm still here doing this job I'll be bitter.",
        "Hopefully still alive!",
        "Mostly I hope I'm content and happy, with a family of my own.",
        "I don't want to be stuck as a junior; I'd like to be promoted to senior.",
    ],
)
def test_ambition_not_turned_down_stays_clear_of_complacent(text):
    """Do a title not reached yet, eagerness for more, a complaint about the old job, the
    expert's path, doubt between paths, skills or experience to be gained, unhappiness at the
    thought of staying and personal happiness stay clear of complacent?"""
    assert "complacent" not in pitfalls(text)


def test_growth_said_only_in_the_past_negated_or_hypothetical_is_not_the_students_aim():
    """Does a growth word count as the student's aim (``unless_said``) only in a clause that is
    not about the past, not negated and not someone else's view?"""
    rules = load_rules()
    for text, said in [
        ("I want to lead the team. I'm happy.", True),
        ("I don't want to lead anyone. I'm happy.", False),
        ("In my last job I was promoted to lead. I'm happy.", False),
        ("Some people want to lead. I'm happy.", False),
    ]:
        ctx = TextContext(text, rules, end=len(text))
        happy = text.index("happy")
        assert ctx.said_in_answer("growth_aim", happy, happy + 5) is said, text


@pytest.mark.parametrize(
    "text",
    [
        "If I'm still sorting the post here in five years, I'll be perfectly happy.",
        "If things stay much the same as they are, that would suit me.",
        "I really can't see why anything should have to change.",
        "I like it here. Why would I go looking for something else?",
        "A steady wage and my evenings free. I'm not asking for the moon.",
        "These days I try not to make any plans.",
        "Still filing the same invoices, I imagine.",
        "Keep my job and not get sacked. Anything beyond that is a bonus.",
        "Not much different, I expect. I've found a team I like.",
    ],
)
def test_contentment_said_as_a_condition_a_question_or_a_low_bar_is_found(text):
    """Is contentment found when said as the student's own condition ("if I'm still ..., I'll
    be happy"), a rhetorical question, a low bar or "still ... the same", quoting its words?"""
    assert_found_with_its_words(text, "complacent")


@pytest.mark.parametrize(
    "text",
    [
        "If I'm still doing this in five years, something has gone badly wrong.",
        "I'd hate to be doing the same job at forty.",
        "I'm happy here, and over the next few years I want to finish my nursing degree.",
        "Same company, definitely, but a couple of rungs up.",
        "If I'm still here, I'd like to be running the team.",
    ],
)
def test_staying_dreaded_or_with_a_step_up_stays_clear_of_complacent(text):
    """Do staying put dreaded ("something has gone wrong", "I'd hate to"), a degree under way
    and a step up in the same company stay clear of complacent?"""
    assert "complacent" not in pitfalls(text)


# --- too_specific, round 8: the conventions of data/real/ADJUDICATION.md R11 ------------------
@pytest.mark.parametrize(
    "text",
    [
        "Within six months I intend to be promoted to shift supervisor.",
        "I'll be a team lead within 18 months of starting.",
        "Three months to learn the systems, nine months to run my own desk, at fifteen months a "
        "senior post.",
        "I aim to be looking after 1,500 accounts within five years.",
        "My goal is to become Chief Nursing Officer by the end of 2030.",
    ],
)
def test_a_title_on_a_clock_is_a_script(text):
    """Is a named post on a stated clock, however it is reached ("promoted to", "become",
    "be"), found as too_specific, quoting its words?"""
    assert_found_with_its_words(text, "too_specific")


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to get promoted within two years.",
        "I'd hope to earn a promotion in about a year.",
        "I plan to take the CFA Level 1 exam in June.",
        "This year I want to pass my Level 3 diploma, ideally by July.",
        "By 30 I want to have bought a house and have two kids.",
        "I started here in March 2021 and was made supervisor in June 2023.",
        "The firm has 5,000 staff, and I'd like to learn from as many as I can.",
    ],
)
def test_a_bare_promotion_date_a_qualification_level_or_a_private_date_is_no_script(text):
    """Do a promotion deadline with no title, the level of a qualification and dates for
    private life stay clear of too_specific (ADJUDICATION.md R11)?"""
    assert "too_specific" not in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "Less work for the same money would be lovely.",
        "I'd like a cushy number with nobody breathing down my neck.",
        "I don't want everything resting on my shoulders.",
        "I gave up making plans years ago; they never work out anyway.",
        "I'll do what's expected of me, no more, no less.",
        "Why bother aiming high? A steady wage and I'm sorted.",
        "Keep out of trouble and get paid. That'll do me.",
        "I'm too long in the tooth for all that climbing.",
        "Counting down to the weekend, same as always.",
        "Running a department? No thanks, I'm happy being one of the crew.",
        "Me, a few years older, doing my usual rounds. I can't complain.",
    ],
)
def test_a_low_bar_in_the_words_of_worst_answers_is_complacent(text):
    """Is the register of "worst answers" found as complacent (LABELLING.md's "no ambition to
    grow ... resigned"): less effort as the aim, responsibility dreaded, resigned shrugs, an
    undemanding job wanted, a growth word only in an echoed question, quoting its words?"""
    assert_found_with_its_words(text, "complacent")


@pytest.mark.parametrize(
    "text",
    [
        "I'd like less admin and more time leading projects.",
        "I'd like a role with no weekends so I can study for my accountancy exams.",
        "No idea yet, that's all I can say.",
        "At my age I'd like to settle down and have kids.",
        "I want a relaxed environment where I can learn from the senior engineers.",
        "Keep the customers happy and eventually run the store.",
        "I'm happy to do whatever it takes to succeed in this role.",
    ],
)
def test_less_of_one_thing_for_growth_is_not_a_low_bar(text):
    """Do less of one task to make room for growth, study, "I don't know" and personal plans
    stay clear of complacent?"""
    assert "complacent" not in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "I want a job I enjoy.",
        "I just want interesting work and a fair wage.",
        "I want to feel valued at work and be appreciated for what I do.",
        "Honestly I'm looking for stability and a decent boss.",
        "I'd like a role with good work-life balance and friendly colleagues.",
        "I want a job where I can use my creativity every day.",
        "For me the most important thing is balance between work and my family.",
    ],
)
def test_a_want_about_the_job_now_is_a_present_aim_with_nothing_ahead(text):
    """Is a want about the job now ("a job I enjoy", "feel valued", "stability and a decent
    boss") read as a near-term aim with no picture of the years ahead (ADJUDICATION.md R5:
    no first step missing, but no five-year picture)?"""
    found = pitfalls(text)
    assert "no_long_term" in found
    assert "no_short_term" not in found


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("In ten years I hope I'm settled in a job I love, running the studio.", "a horizon"),
        ("I want to do something meaningful and make a difference to people.", "a purpose"),
        ("I want to be a nurse, working in a job I enjoy.", "a role"),
    ],
)
def test_a_want_placed_at_the_horizon_or_a_purpose_is_a_picture(text, kind):
    """Is a want placed at the horizon, beside a role, or said as a purpose ("make a
    difference") a picture of the years ahead rather than a want about the job now?"""
    assert "present_only" not in features(text)["no_long_term"], kind
    assert "no_long_term" not in pitfalls(text), kind


@pytest.mark.parametrize(
    "text",
    [
        "I've no real idea where I'll be in five years, I'm afraid.",
        "Haven't the foggiest, if I'm being truthful.",
        "Truthfully, I haven't mapped anything out and I'm okay with not knowing yet.",
        "It's impossible for me to know at this stage.",
        "Where will I be? Good lord, I couldn't begin to guess.",
        "Not something I've given a great deal of thought to, if I'm honest.",
        "That's the question everyone asks, isn't it?",
        "Ha, is this a trick question?",
        "Five years? I can barely plan my lunch.",
    ],
)
def test_doubts_and_quips_said_other_ways_give_no_direction(text):
    """Are doubts said with a qualifier ("no real idea", "haven't the foggiest"), a plan not
    yet drawn and quips about the question itself read as no direction at all: neither a first
    step nor a five-year picture (ADJUDICATION.md R6: "I don't know", quips about the
    question)?"""
    assert "unsure" in features(text)["no_long_term"]
    assert {"no_short_term", "no_long_term"} <= pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to be a manager, a person who knows her team inside out.",
        "In five years I want to be a leader who knows how to get the best out of people.",
        "A teacher who knows how to get every child to love reading.",
    ],
)
def test_a_person_who_knows_is_no_doubt(text):
    """Is "who knows" after a person ("a leader who knows her team") read as a description
    of the picture, not as the doubt "who knows?"?"""
    assert "unsure" not in features(text)["no_long_term"]
    assert "no_long_term" not in pitfalls(text)


def test_who_knows_on_its_own_is_still_a_doubt():
    """Does "who knows?" on its own still say that the answer has no direction?"""
    text = "Five years from now? Who knows."
    assert "unsure" in features(text)["no_long_term"]
    assert "no_long_term" in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "First I'd like to land this job, and then become a team lead.",
        "I'm working hard at college so I can become a vet.",
        "I want to grow into a great teacher over the years.",
        "I plan to keep working towards a management role here.",
        "Publishing papers toward tenure and, eventually, a professorship.",
        "I want to streamline operations in the department and cut waste.",
        "I'll give one hundred percent and support my colleagues wherever I can.",
    ],
)
def test_a_near_term_aim_however_lenient_is_a_first_step(text):
    """Is a near-term aim read as leniently as ADJUDICATION.md R7 reads it (getting this job,
    working hard at college, growing into the role, keeping on towards a goal, publishing
    towards it, an operational aim) and so no "no first step" finding?"""
    assert "no_short_term" not in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "In five years I'll have published my novel.",
        "I see myself having graduated in law and practising in Leeds.",
    ],
)
def test_a_future_perfect_at_the_horizon_is_no_first_step(text):
    """Is a deed placed at the horizon ("in five years I'll have published my novel") a
    picture, not a first step taken now?"""
    assert "growth" not in features(text)["no_short_term"]
    assert "no_short_term" in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "I'm doing my master's part-time right now and hope to move into research afterwards.",
        "I'm not sure yet, but I'd like to go into marketing eventually.",
        "I'm undecided, but probably something in HR.",
        "Honestly I haven't decided, but most likely one of two areas: tax or audit.",
        "I'm not sure what I'll be doing, but I'd like to be really good at whatever it is.",
        "Learn the ropes first, then maybe take on a team of my own.",
    ],
)
def test_thin_or_later_pictures_still_count(text):
    """Is a picture still read when it is thin or comes later (ADJUDICATION.md R6: entering a
    field, a choice between named options, "be really good at whatever", a team of one's own,
    a goal "afterwards" in a clause dated now)?"""
    assert "no_long_term" not in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "I currently work in retail as a sales assistant and I really enjoy dealing with customers. "
        "My manager always says I'm good with people. For me, the most important thing is to keep "
        "learning and to be part of a team that supports each other.",
        "My current manager has been a great mentor and taught me a lot. I try to lead by example, "
        "even though I'm not in charge. I'd like to keep building those skills and support the "
        "team however I can.",
        "What drives me is helping people. I'm patient, caring and calm under pressure, and I want "
        "to bring those qualities to this role and make sure every patient feels listened to.",
    ],
)
def test_a_long_answer_about_the_job_now_gives_no_picture(text):
    """Is a longer answer about the job held now, someone else's manager, or what one brings
    to the role read as naming no picture of the years ahead, however many words of work it
    uses ("I work in retail", "my manager", "not in charge")?"""
    assert "names_goal" not in features(text)["no_long_term"]
    assert "no_long_term" in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "I currently work in retail, and in three years I'd like to be an assistant buyer.",
        "I'm currently training to become a nurse, and I'd like to work on a children's ward.",
        "I'm not a manager yet, but I'd love to run the team one day.",
    ],
)
def test_the_job_now_beside_a_picture_keeps_the_picture(text):
    """Does an answer that states the job held now, or a rank not held yet, still give its
    picture of the years ahead when it names one?"""
    assert "no_long_term" not in pitfalls(text)


# Full-time study or retirement, with nothing else said, leaves the job (leaving_soon) but
# names no other field, employer or private life: the labels leave such answers out of
# irrelevant ("I'm thinking of going back to university", "by then I intend to be retired").
STUDY_ALONE = [
    "Next year I'm hoping to start a PhD.",
    "I'm considering a master's in data science.",
    "By then I'll have graduated, hopefully with a good degree.",
    "I'm planning to go back to uni full-time next autumn.",
]


@pytest.mark.parametrize("text", STUDY_ALONE)
def test_study_alone_is_leaving_not_irrelevant(text):
    """Is study with nothing else named leaving soon, quoting its words, and not irrelevant (no
    other field, employer or private life is named)?"""
    assert_found_with_its_words(text, "leaving_soon")
    assert "irrelevant" not in pitfalls(text)


# ADJUDICATION.md R4 (round 8): retirement inside the horizon is a goal with nothing to do with
# work, so irrelevant as well as leaving; dated past five years it is a far horizon instead.
RETIRED_WITHIN_HORIZON = [
    "I expect to be retired by then, to be honest.",
    "By then I intend to be retired.",
    "Semi-retired, I hope, doing a bit of consulting.",
]


@pytest.mark.parametrize("text", RETIRED_WITHIN_HORIZON)
def test_retired_within_the_horizon_is_leaving_and_irrelevant(text):
    """Is being retired by the horizon both leaving soon and irrelevant, each quoting its words?"""
    assert_found_with_its_words(text, "leaving_soon")
    assert_found_with_its_words(text, "irrelevant")


def test_retirement_dated_far_off_is_not_retired_now():
    """Is a career looked back on at retirement a far horizon, not a goal of being retired?"""
    text = (
        "When I retire, I want to look back and know I changed how children learn in this school."
    )
    assert "beyond_5_years" in pitfalls(text)
    assert "irrelevant" not in pitfalls(text)


# --- round 8: a paraphrase audit of leaving_soon and irrelevant (sentences written from
# LABELLING.md and ADJUDICATION.md, not from the rows) -------------------------------------------
ROUND8_FOUND = [
    # a doubt about staying in the field, or about fitting it, said of the field by name
    ("leaving_soon", "I'm not sure I'll still be in hospitality in five years."),
    ("leaving_soon", "I don't know if I'll be in marketing long term."),
    ("leaving_soon", "Honestly, I'm not sure retail is something I'll stay in."),
    ("leaving_soon", "I'm still figuring out if nursing is the right fit for me."),
    ("leaving_soon", "I'm not certain this industry is where I belong."),
    ("leaving_soon", "I'm not sure I'll still be working in this field in a few years."),
    # this job as a bridge until something else starts
    ("leaving_soon", "This is more of a stop-gap while I figure out my next move."),
    ("leaving_soon", "Realistically it's a bridge job."),
    ("leaving_soon", "I'm after something to do while I finish my degree."),
    ("leaving_soon", "I need something to keep me going until my training contract starts."),
    ("leaving_soon", "I'm taking a year to earn, then I'm off to uni to study architecture."),
    # another employer, described rather than named
    ("leaving_soon", "I'd like to be working for one of the larger agencies by then."),
    ("irrelevant", "I'd like to be working for one of the larger agencies by then."),
    ("leaving_soon", "I'm hoping this experience will get me into a top hospital."),
    ("irrelevant", "In five years I see myself at a leading tech company as a senior developer."),
    # another line of work, a venture, study
    ("leaving_soon", "I'm retraining as an electrician in the evenings."),
    ("leaving_soon", "I'm really looking to transition out of sales into HR."),
    ("irrelevant", "I'd like to swap careers and get into the wine trade."),
    ("leaving_soon", "I want to do this for a few years and then start something of my own."),
    ("leaving_soon", "I'm hoping to get onto a full-time teacher training course next year."),
    # the interviewer's job, a life with no work in it
    ("irrelevant", "Probably interviewing people for this job!"),
    ("irrelevant", "Sitting in that chair, asking someone else this question."),
    ("irrelevant", "Just to be healthy and see my kids grow up."),
    ("irrelevant", "Honestly? Just being content, with a good work-life balance."),
    ("irrelevant", "Winning the lottery and never working again."),
    # a second batch, written after the first fixes to see whether they carry over
    ("leaving_soon", "Ask me again in a year, I might not even be in this industry."),
    ("leaving_soon", "I'm giving this field a couple of years to see if it suits me."),
    ("leaving_soon", "I need some income while I wait to hear back from medical schools."),
    ("leaving_soon", "I'll do this while my music takes off."),
    ("leaving_soon", "I'd like to get hired by a bigger hospital trust with a research wing."),
    ("irrelevant", "Maybe working in-house for a brand rather than at an agency."),
    ("leaving_soon", "Down the road, I want to be my own employer."),
    ("leaving_soon", "I'd like to turn my Etsy shop into a full-time business."),
    ("leaving_soon", "I'd like to move over to the police in a few years."),
    ("leaving_soon", "I'm thinking of becoming a teacher after this job."),
    ("leaving_soon", "I'm hoping to get a job in Dubai."),
    ("irrelevant", "Honestly, I'd like to be on your side of the interview table."),
    ("irrelevant", "Just happy, really."),
    ("too_personal", "Just happy, really."),
    ("irrelevant", "Healthier, richer and wiser!"),
    ("irrelevant", "Ruling the galaxy."),
    ("irrelevant", "Probably on a sun lounger somewhere."),
    ("irrelevant", "Playing cricket for my state team."),
    ("too_personal", "I sing in a choir and want to keep that up while I train as a supervisor."),
    ("too_personal", "With two toddlers at home, I want a role that lets me grow steadily."),
    # the student's own options after "whether" are no one else's hypothetical (R8: hedged)
    ("leaving_soon", "Something I enjoy, whether that's consulting for myself or not."),
    ("leaving_soon", "I'd like to be a sous chef in one of the best restaurants in Paris."),
    ("irrelevant", "On tour with Coldplay, ideally."),
    # a third batch, in the style of interview Q&A pages (one-liners, long answers)
    ("leaving_soon", "Not in retail, that's for sure."),
    ("leaving_soon", "Hopefully in a job that actually uses my degree."),
    ("leaving_soon", "Teaching English somewhere in Asia."),
    ("leaving_soon", "Running a dive shop in Thailand."),
    ("leaving_soon", "Wherever pays the most."),
    ("leaving_soon", "Full-time on my YouTube channel."),
    ("leaving_soon", "By then I'd like to have finished my law conversion."),
    ("irrelevant", "Ideally I'd be working for a football club."),
    ("leaving_soon", "I'm applying to the Army officer training programme next spring."),
    ("irrelevant", "Running the interviews, not sitting in them."),
    ("leaving_soon", "Probably at a startup."),
    ("leaving_soon", "A different career path altogether."),
    ("leaving_soon", "Earning enough to quit, honestly."),
    ("leaving_soon", "I see myself in a larger, more established firm."),
    ("leaving_soon", "I'm hoping to have made the jump to a product company."),
    ("leaving_soon", "I'd like to do this until I get into the fire service."),
    ("leaving_soon", "Honestly I'm not sure I'm cut out for sales long term."),
    ("leaving_soon", "Once my husband finishes his residency we'll likely move states."),
    # private life beside a work goal, in other words
    ("too_personal", "I want to run a marathon and become a manager."),
    ("too_personal", "Staying healthy and being a senior developer."),
    ("too_personal", "I hope I'm settled down with a nice family, and leading a team."),
    ("too_personal", "Sleeping more, mostly, and a steadier role."),
    ("too_personal", "Being a good mum, and a senior nurse on this ward."),
]


@pytest.mark.parametrize(("code", "text"), ROUND8_FOUND)
def test_leaving_and_elsewhere_said_in_other_words(code, text):
    """Are a doubt about staying in a named field, this job as a bridge, another employer
    described (not named), retraining, a venture with no trade, the interviewer's job and a
    life with no work in it each found, quoting the words behind it?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("irrelevant", "I'd love to support the company's charity work alongside my role."),
        ("leaving_soon", "I'd love to support the company's charity work alongside my role."),
        ("leaving_soon", "Moving on to bigger projects within the company is my goal."),
        ("leaving_soon", "I previously worked at a bigger firm, but I prefer a team like yours."),
        ("irrelevant", "I previously worked at a bigger firm, but I prefer a team like yours."),
        (
            "leaving_soon",
            "I'd like to advise entrepreneurs who are setting up their own companies.",
        ),
        ("leaving_soon", "I'd like to bring an entrepreneurial mindset to the sales team."),
        ("leaving_soon", "In five years I want to be working at a leading company like yours."),
        ("leaving_soon", "I'm not sure if I'll be in a management role or a specialist one."),
        ("leaving_soon", "I'd love to keep working with the biggest brands as an account lead."),
        ("irrelevant", "I'd like to watch our new graduates grow into team leads."),
        (
            "leaving_soon",
            "I'm not sure which ward is right for me yet, but I'm staying in nursing.",
        ),
        ("leaving_soon", "I want to help this become the leading firm in the region."),
        ("irrelevant", "I'd like to be interviewing candidates for my own team one day."),
        ("leaving_soon", "Until my probation ends, I want to learn the systems."),
        ("leaving_soon", "I want to help us become the top agency in the city."),
        ("irrelevant", "I want to help us become the top agency in the city."),
        ("leaving_soon", "After years as a stay-at-home mum, I'm ready to build my career here."),
        ("leaving_soon", "Having run a small business before, I want to manage budgets here."),
        ("leaving_soon", "I'd like a temporary secondment to head office to learn more."),
        ("leaving_soon", "I'm not sure whether I'll specialise in tax or audit, but I'll stay."),
        ("irrelevant", "I'd like to be the person our big-name clients ask for."),
        ("leaving_soon", "Whether the market is good or not, I want to grow our client base."),
        ("leaving_soon", "I'd like to help make us one of the best firms in the county."),
        ("irrelevant", "I'd like to go touring with the sales team to meet clients."),
        ("leaving_soon", "I want to represent the company at industry conferences abroad."),
        ("leaving_soon", "I'd love to visit our suppliers in Asia to improve quality."),
        ("leaving_soon", "Not in charge yet, but leading projects."),
        ("leaving_soon", "I'd like to do more work for our bigger clients, like the major banks."),
        ("leaving_soon", "I came from a big corporate background and want to stay here long term."),
        ("irrelevant", "I want to run a marathon and become a manager."),
        ("irrelevant", "I'd like to travel for work more, visiting our suppliers."),
        ("too_personal", "I'd like to be a travel and tourism consultant."),
        ("leaving_soon", "I want us to be the best brand in the region."),
        ("leaving_soon", "I want to get the best out of the company and its people."),
        ("leaving_soon", "I'd like to be my own harshest critic and keep improving here."),
    ],
)
def test_round8_near_misses_stay_clear(code, text):
    """Does a charity or venture beside the job, bigger projects here, a past employer, other
    people's ventures, a company like this one, a choice of role or ward inside the field,
    clients' brands, others growing, interviewing for one's own team or a probation period
    keep the answer clear of the code?"""
    assert code not in pitfalls(text)


def test_used_to_marks_a_clause_about_the_past():
    """Does "I used to ..." mark a clause about the past, as "previously" does?"""
    rules = load_rules()
    text = "I used to manage a shop."
    assert TextContext(text, rules, end=len(text)).in_past(2)


# --- round 8b: complacent said in the kinds of wording the paraphrase audit found missed -------


@pytest.mark.parametrize(
    "text",
    [
        "Where I am now is where I'd like to stay.",
        "I've found a team I like and I mean to stay there.",
        "I like my job and I'm glad for it to stay that way.",
        "I'm perfectly fine being where I am for the foreseeable.",
        "Truthfully I'm in my comfort zone, and that's where I like to be.",
        "I'd just like to keep doing the work I'm doing now.",
        "Doing this exact role at sixty would suit me.",
        "I've never been one to ask for more. What I have is plenty.",
        "For me the job is a means to an end.",
        "It pays the bills and I go home on time.",
        "Happy with a predictable routine, to be honest.",
        "I'm a simple man. I turn up, I collect my wages, I'm happy.",
        "To be honest with you, I'm content.",
        "I'm really comfortable here.",
        "I'm not trying to get anywhere in particular, I like it here.",
        "I would rather not be stretched at work.",
        "I don't want my job to change much at all.",
        "Nothing too ambitious. I'd like to carry on just as things are.",
        "There is nothing I'd want to change about my work.",
        "A comfortable job I can switch off from is all I want.",
        "I have gone as far as I want to, and that's fine.",
        "Honestly, I reckon I'm right where I ought to be.",
        "I don't feel any need to push for more.",
        "Why would I go looking for something bigger?",
        "I'd be glad to do this job for life.",
        "The role is a doddle and I like it like that.",
    ],
)
def test_round8b_complacent_in_audit_shapes(text):
    """Is staying as one is found, and quoted, when it is said through a place word ("stay
    there"), the job kept as it is now, more declined as a trait, a low bar in plain words
    ("a means to an end", "pays the bills"), or contentment as a whole clause?"""
    assert_found_with_its_words(text, "complacent")


@pytest.mark.parametrize(
    "text",
    [
        "I'm happy here, and I want to grow into a supervisor role.",
        "I'd like to stay in this team and take over the rota planning.",
        "I enjoy the routine of the workshop and I want to run my own jobs one day.",
        "I want to do the same job but at a much higher level.",
        "I'm comfortable with spreadsheets and want to learn SQL next.",
        "I don't want to stay where I am; I want to qualify as a midwife.",
        "I don't know yet what I'd like to do.",
        "I'm a happy person who loves time with my family.",
        "I'm content for now, but I'm working towards becoming a chartered surveyor.",
        "I want to step out of my comfort zone and speak at events.",
        "I don't want to be pushed out of the team, so I'll learn the new system.",
        "I'd love to keep working here while I study for my nursing degree.",
        "Why not aim for more? I'd like to lead the night shift next year.",
        "I'm not where I want to be yet, so I'm training as an assessor.",
        "I look after my dad, so I need predictable shifts; I'd like a senior post in two years.",
        "I'd be happy to keep learning forever; next I want to qualify as an electrician.",
        "My job is easy now, so I want to take on more of the ordering.",
    ],
)
def test_round8b_complacent_near_misses_stay_clear(text):
    """Do loyalty with growth, a duty taken over, a venture of one's own, "I don't know yet",
    personal happiness, contentment followed by a goal and leaving the comfort zone keep
    the answer clear of complacent?"""
    assert "complacent" not in pitfalls(text)


@pytest.mark.parametrize(
    "picture",
    [
        "Later on I'd like to end up building tools that thousands of people rely on.",
        "Eventually I hope to take charge of the purchasing team.",
        "Longer term I want to take ownership of our supplier relationships.",
        "After that I'd like to own the whole onboarding process.",
        "Then I'd like to be looking after an entire region.",
        "Beyond that, I want to be recognised as an authority in my field.",
        "Later I'd like to be known for my work on road safety.",
        "In the end I want a deep expertise in cloud infrastructure.",
        "My hope is to master the craft well enough to teach it.",
        "I see my future in clinical research.",
        "My future lies in teaching, I'm sure of it.",
        "Over the years I'd like to grow into someone who runs the audits.",
        "The end goal is a seat at the table when decisions get made.",
        "Down the line I'd love to sit on the hiring panel.",
        "After that I want to be an integral part of the leadership group.",
        "Then I'd like a bigger say in how the product is built.",
        "After that I'd like to be doing more strategic work.",
        "Later, I want to be working on the big international projects.",
        "After that, moving on to a bigger opportunity, maybe abroad.",
    ],
)
def test_steps_then_a_picture_by_its_say_are_not_no_long_term(picture):
    """After near-term steps, is a picture of the years ahead named by where one ends up, what
    one takes charge of, owns or looks after, a standing or mastery reached, a future placed in
    a field, a person one grows into, a seat at the table, a say in decisions or a bigger kind
    of work, read as a long-term goal (no "steps with no direction")?"""
    for steps in (
        "This year I'll finish my course and learn the payroll system. ",
        "Right now I'm focusing on learning the ropes and building relationships. ",
    ):
        assert "no_long_term" not in pitfalls(steps + picture), steps + picture


@pytest.mark.parametrize(
    "text",
    [
        "This year I'll learn the tills. I want to take charge of my own learning.",
        "This year I'll learn the tills. I want to take ownership of my mistakes.",
        "This year I'll learn the tills. I'd like to look after my health too.",
        "This year I'll learn the tills. I'd like to be known for being punctual.",
        "This year I'll learn the tills. I have real expertise in sales already.",
        "I want to work on big projects this year and learn the systems.",
        "I worked on major international projects before. This year I'll learn the ropes here.",
        "This month I'll learn the tools. I am working on a big project now.",
    ],
)
def test_near_misses_of_a_picture_by_its_say_stay_no_long_term(text):
    """Are one's own learning, mistakes or health taken charge of, a quality one is known for,
    expertise held now, and big projects this year, now or in the past still steps with no
    picture ahead?"""
    assert "no_long_term" in pitfalls(text)


@pytest.mark.parametrize(
    "picture",
    [
        "After that, I'd like to be financially independent.",
        "After that, a little flat of my own by the coast.",
        "After that I hope to have paid off my student loans.",
        "After that, travelling the world with my laptop.",
        "After that I'd like to be earning six figures.",
        "After that I want to be doing something creative.",
    ],
)
def test_steps_then_a_life_placed_ahead_are_not_no_long_term(picture):
    """After near-term steps, is a life placed at the horizon outside work (money settled, a
    home owned, loans paid off, the world travelled, work one loves) a picture of the years
    ahead (ADJUDICATION.md R6: a place, a life event or an activity)?"""
    text = "This year I'll finish my course and learn the payroll system. " + picture
    assert "no_long_term" not in pitfalls(text)


@pytest.mark.parametrize(
    "text",
    [
        "Right now I want to be financially stable, so I'll learn fast.",
        "I want to learn the ropes this year and pay off my loans.",
        "This year I will learn the systems. I am doing something I love already.",
    ],
)
def test_money_or_love_of_the_work_now_is_no_picture_ahead(text):
    """Are money wanted now, debts paid this year and work one loves already still steps with
    no picture ahead?"""
    assert "no_long_term" in pitfalls(text)


# --- round 9: a paraphrase audit of the two shape codes, in our own words ------------------------


@pytest.mark.parametrize(
    "text",
    [
        "I'd like to run the weekly stock count and lead the Friday briefings.",
        "My aim is to manage the rota and the supplier emails on my own.",
        "Get my head around the booking system and earn the team's trust.",
        "Hit the ground running and get the basics right.",
        "I want to be a patient listener for the families and learn the care plans.",
        "I'd like to pair with the senior engineers and learn the deployment process.",
        "Keep my head above water and get my time management sorted.",
        "I want to be the sort of colleague who covers a shift without being asked.",
        "Soak up everything I can and prove I can handle the pressure.",
    ],
)
def test_the_job_handled_day_to_day_is_a_step_with_no_picture(text):
    """Are the day-to-day things of the job run, led or managed (a stock count, the briefings,
    the rota), a grip on the job got in any words, a quality one will be to others, other people
    in a role worked beside, and "management" as a skill, near-term aims with no picture of the
    years ahead: no_long_term, and not no_short_term (LABELLING.md: "any near-term aim is
    stated, however briefly")?"""
    found = pitfalls(text)
    assert "no_long_term" in found, text
    assert "no_short_term" not in found, text
    assert_found_with_its_words(text, "no_long_term")


@pytest.mark.parametrize(
    "text",
    [
        "This year I'll learn the rota; in a few years I'd like to run the whole store.",
        "First I'll do the CIPD, then I'd like to lead the HR team.",
        "This year I'll learn the systems, and I hope to be working somewhere I'm trusted.",
        "Right now I'm learning the ropes, but later I'd like a position with a bit more say.",
        "This year I'll learn the systems, and in time become one of the most trusted advisers.",
        "After my probation I'd like to move over to the design side.",
        "This year I'm learning the tills; later I'd like to be one of the store managers.",
        "Not sure about the exact title, but I want to lead a team.",
        "Whatever happens, I want to end up teaching.",
    ],
)
def test_a_picture_beside_day_to_day_steps_is_still_a_picture(text):
    """Near misses: is a unit led, a place one hopes to be working in, a position with more say,
    a standing among one's peers, a move to another side of the work, and a goal after a doubt
    or a concessive "whatever happens" still a picture of the years ahead (no no_long_term)?"""
    assert "no_long_term" not in pitfalls(text), text


@pytest.mark.parametrize(
    "text",
    [
        "Not sure, to be honest.",
        "I'd rather not guess.",
        "I live day by day, really.",
        "I'm a bit lost at the moment, no idea.",
        "Things change.",
    ],
)
def test_a_doubt_without_i_or_dated_now_is_no_direction(text):
    """Is a doubt said without "I", a guess declined, living day by day, "things change", and a
    doubt dated "at the moment" (the time word dates the doubt, not a step) "I don't know":
    both no_short_term and no_long_term?"""
    assert {"no_short_term", "no_long_term"} <= pitfalls(text), text


@pytest.mark.parametrize(
    "text",
    [
        "First the exams, then I'd like to be an actuary.",
        "For the time being, nights on the ward; long term, a ward manager.",
        "On day one I'd meet the team; one day I'd like to run the branch.",
        "In the beginning, the helpdesk; eventually, a network engineer.",
        "Starting off on reception, I'd like to become a practice manager.",
        "At first the night shifts, and later a charge nurse post.",
    ],
)
def test_a_first_step_without_a_date_word_is_a_first_step(text):
    """Is a first step marked by "first", "for the time being", "on day one", "in the
    beginning", "starting off" or "at first", with no date, a near-term step beside the
    destination (no no_short_term)?"""
    assert "no_short_term" not in pitfalls(text), text


@pytest.mark.parametrize(
    "text",
    [
        "I want to manage the whole region one day.",
        "In five years I see myself as a senior buyer for one of your bigger categories, I hope.",
        "Hopefully leading a team of my own.",
    ],
)
def test_a_destination_alone_still_has_no_first_step(text):
    """Near misses of the above: is a destination with no near-term aim at all, marked by no
    date word either, still no_short_term, quoting its words?"""
    assert_found_with_its_words(text, "no_short_term")


ROUND9_FOUND = [
    # irrelevant: a venture named by its trade, a calling with its own training or licence, the
    # civil service, volunteering abroad, a pastime taught for a living, the interviewer's job
    # by its duties, a degree for another calling
    ("irrelevant", "I'd love to open a dog grooming business."),
    ("irrelevant", "Down the line I plan to launch a small design agency."),
    ("irrelevant", "My long-term goal is to become a paramedic."),
    ("irrelevant", "I want to become a police officer eventually."),
    ("irrelevant", "Hopefully I'll be a qualified counsellor by then."),
    ("irrelevant", "I'm hoping to get into the civil service in a couple of years."),
    ("irrelevant", "I'd like to spend the next few years volunteering in orphanages in Kenya."),
    ("irrelevant", "In five years I'd love to be teaching yoga in Bali."),
    ("irrelevant", "I'd like to be the person making the hiring decisions, like you."),
    ("irrelevant", "Ideally I'd do what my interviewer does."),
    ("irrelevant", "Honestly I see myself back in uni doing a law degree."),
    ("irrelevant", "My goal is to train as a primary school teacher next year."),
    # too_personal: weight lost, a hobbyist's skill, a home done up, an illness named, a pastime
    # by its names, and a personal-only answer (LABELLING.md: both codes)
    ("too_personal", "I want to lose the weight I put on during lockdown."),
    ("too_personal", "Personally, I want to become a better cook and host more dinner parties."),
    ("too_personal", "I want to renovate the old farmhouse we just bought."),
    ("too_personal", "I want to get my eczema under control, it's been bad lately."),
    ("too_personal", "After my mother's stroke I want to be near her in Bristol."),
    ("too_personal", "Another goal is to go back to martial arts and get my brown belt."),
    ("too_personal", "In my free time I'm working towards my scuba diving certificate."),
    ("too_personal", "I'd like to adopt a rescue greyhound once I'm settled."),
    ("too_personal", "Family is my number one goal, then work."),
    ("too_personal", "I'd like to be a grandad who has time for his grandkids."),
    ("irrelevant", "Family is my number one goal, then work."),
]


@pytest.mark.parametrize(("code", "text"), ROUND9_FOUND)
def test_irrelevant_and_personal_said_in_other_words(code, text):
    """Is a goal away from this employer (a venture named by its trade, a licensed calling, the
    civil service, a pastime taught, the interviewer's duties, a degree for another calling)
    or a private one (weight, a hobby skill, a home, an illness, a pastime, family as all) found
    with its words, however it is phrased?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        # a charity, a venture word, a calling or training inside this employer's work
        ("irrelevant", "I'd love to run the company's charity partnerships as part of my role."),
        ("irrelevant", "I want to work with the charity partners our company already supports."),
        ("irrelevant", "My goal is to move from nights to days and then train as a charge nurse."),
        ("irrelevant", "I'd like to help the company launch a new business unit in Spain."),
        ("irrelevant", "I'd like to become a senior paramedic in this ambulance service."),
        ("irrelevant", "One day I'd like a post like yours, running the whole depot."),
        ("irrelevant", "I hope to be a midwife team leader here within five years."),
        # a family or a home word that names the work, a value linked to it, a move for it
        ("too_personal", "Being a parent has taught me patience, which helps with customers."),
        ("too_personal", "My goal is to relocate to the Manchester office to lead the new team."),
        ("too_personal", "I'd like to design marketing campaigns for the family travel market."),
        ("too_personal", "I'd like to create fitness programmes for our gym members."),
        ("too_personal", "I want to be a strong partner to the sales team."),
        ("too_personal", "I'd like to work on our home insurance products."),
        ("too_personal", "I want to make sure our elderly residents feel at home."),
        ("too_personal", "I want to guide parents through admissions at this school."),
        ("too_personal", "I want to lead our wellbeing committee and cut stress leave."),
        ("too_personal", "I hope to take the kids in my class on a trip to the science museum."),
        ("too_personal", "I'd like to look after our biggest accounts and travel to meet them."),
        ("too_personal", "I'd like a job that lets me see different parts of the world."),
        ("too_personal", "I want to cut our stroke unit's waiting times."),
        ("too_personal", "I'd like to earn my Six Sigma black belt this year."),
        ("too_personal", "For two years I want to work abroad to gain library experience."),
    ],
)
def test_round9_near_misses_stay_clear(code, text):
    """Do words that only look like a goal elsewhere or a private one (a charity or a venture
    inside the role, training in one's own line, a parent's lesson linked to the work, an
    office moved to, a market or members served, a job that travels, a Six Sigma belt, work
    abroad as the work's place: ADJUDICATION.md R10) stay clear of it?"""
    assert code not in pitfalls(text)


ROUND9_LEAVING_FOUND = [
    # a venture said in idiom or by its trade
    ("leaving_soon", "In a few years I'd like to set up shop as a furniture restorer."),
    ("leaving_soon", "Once I'm qualified I want to go it alone as a bookkeeper."),
    ("leaving_soon", "I'd love to be selling my own ceramics by then."),
    ("leaving_soon", "The dream is to open a little vintage clothing place of my own."),
    ("leaving_soon", "By thirty I hope to be running my own dog-walking outfit."),
    ("leaving_soon", "I plan to launch an Etsy shop for my prints."),
    ("leaving_soon", "Later on I'd like to be tutoring independently."),
    ("leaving_soon", "My cousin and I want to go into business with each other."),
    # the field doubted by its long run, or left for another
    ("leaving_soon", "I'm not sure logistics is where I'll settle."),
    ("leaving_soon", "To be honest I doubt banking is a long-term career for me."),
    ("leaving_soon", "I'm unsure I'll still be doing retail in a few years."),
    ("leaving_soon", "I'd rather move into journalism than stay in admin."),
    ("leaving_soon", "I want to move into design instead of staying in support."),
    ("leaving_soon", "At some point I may retrain."),
    ("leaving_soon", "In two years I hope to have made the leap to cybersecurity."),
    # another employer, or a place, or study
    ("leaving_soon", "I want a trainee post at a big accountancy firm after this."),
    ("leaving_soon", "My hope is to get headhunted by a bigger agency."),
    ("leaving_soon", "I'd like to end up as a senior partner at a larger practice."),
    ("leaving_soon", "Then I'll apply to one of the large consultancies."),
    ("leaving_soon", "I'm putting in an application for the civil service next year."),
    ("leaving_soon", "I'd like to try my luck in Canada."),
    ("leaving_soon", "We're hoping to start a new life abroad."),
    ("leaving_soon", "I intend to finish my nursing studies at uni full-time."),
    ("leaving_soon", "I'd like to get into midwifery eventually."),
    # money said in other registers
    ("salary", "I want to stop living paycheck to paycheck."),
    ("salary", "I'm tired of scraping by every month."),
    ("salary", "What draws me is the generous annual leave and a good pension."),
    ("salary", "I'd like to earn enough that I never have to think twice about bills."),
    ("salary", "Being able to provide for my kids is the main thing."),
    ("salary", "Earning well is important to me."),
    ("salary", "I'm driven by the earning potential of the role."),
    ("salary", "I want pay that recognises my experience."),
    ("salary", "I want something that funds my lifestyle."),
    ("salary", "The money's great here, which is why I applied."),
]


@pytest.mark.parametrize(("code", "text"), ROUND9_LEAVING_FOUND)
def test_round9_leaving_and_money_said_by_kind(code, text):
    """Are a venture said in idiom or by its trade, a field doubted by its long run or left for
    another, a job at an employer named with "a", a far field applied to, luck tried abroad,
    study named before "full-time", and money said as pay-to-pay living, generous perks, a
    family kept, earning well, earning potential, pay matched to one's worth or a lifestyle
    paid for each found, quoting the words behind it?"""
    assert_found_with_its_words(text, code)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        # money words that name the work, the organisation's money or a quality
        ("salary", "I'd like to become the go-to person for bonus calculations."),
        ("salary", "I want to grow the charity's income from legacies."),
        ("salary", "I'd like to help tenants claim the benefits they are owed."),
        ("salary", "I want to help customers save for a deposit."),
        ("salary", "I hope to be rich in experience by the end of my training."),
        ("salary", "I'd like to pay closer attention to the small details."),
        ("salary", "I want to pay it forward by coaching the juniors."),
        ("salary", "I'd like to take over running the share scheme for our staff."),
        ("salary", "Pay was never the reason I went into teaching."),
        # growth here, study alongside work, a past venture, travel for the work
        ("leaving_soon", "Before joining you I ran my own business for years; now I want a team."),
        ("leaving_soon", "Years ago I lived overseas, but my home and career are here now."),
        ("leaving_soon", "I'd like to go up a level rather than stay in the same post."),
        ("leaving_soon", "I want to push myself rather than stay in my comfort zone."),
        ("leaving_soon", "I'd like to help launch our own-brand range next year."),
        ("leaving_soon", "I want to lead our business development team in five years."),
        ("leaving_soon", "I'm doing a part-time master's that the trust is paying for."),
        ("leaving_soon", "I'd like a role at a company that values its people, like this one."),
        ("leaving_soon", "I want to run my own projects and grow my caseload here."),
        ("leaving_soon", "I'd like a job with a company car and a decent pension."),
        ("leaving_soon", "In a few years I'd love to run my own branch for you."),
        ("leaving_soon", "I'd like to be running my own small trials in the lab by then."),
    ],
)
def test_round9_leaving_near_misses_stay_clear(code, text):
    """Do money words that name the work (calculations, others' benefits or savings, the
    charity's income, a share scheme run), "rich in experience", paying attention or paying it
    forward, money denied, and, for leaving, a past venture, a past life abroad, growth
    preferred to staying put, a store's own-brand range, business development, sponsored
    part-time study, the kind of company sought, a company car, one's own projects or trials and a
    branch run for this employer keep the answer clear?"""
    assert code not in pitfalls(text)


def test_a_venture_pictured_ahead_is_not_a_clause_about_the_past():
    """Is "a company I built" at the horizon still a venture of one's own, while "before this I
    ran my own business" is a clause about the past?"""
    assert "leaving_soon" in pitfalls("In ten years I'd like to be CEO of a company I built.")
    rules = load_rules()
    text = "Before this I ran my own business."
    assert TextContext(text, rules, end=len(text)).in_past(text.index("own"))


def test_a_not_in_the_next_clause_does_not_negate():
    """Does a "never" past "that" or "so" belong to the next clause ("enough that I never have
    to worry"), while one right after the phrase still negates it ("the salary is never what
    drives me")?"""
    assert "salary" in pitfalls("I want to be earning enough so I never have to worry.")
    assert "salary" not in pitfalls("The salary is never what drives me.")


def test_a_clitic_in_a_phrase_matches_it_joined_or_apart():
    """Does a phrase word like "'s" match it joined to the word before ("money's") as well as
    apart, and with no apostrophe only as a separate word?"""
    pattern = re.compile(r"\b" + compile_phrase("the money|pay is|'s good") + r"\b", re.I)
    assert pattern.search("The money's good.")
    assert pattern.search("The pay’s good.")
    assert pattern.search("The money is good.")
    assert not pattern.search("The moneys good.")


@pytest.mark.parametrize(
    ("text", "goal", "step"),
    [
        (
            "My aim is to become a qualified accountant and I'm starting the ACCA papers this "
            "autumn.",
            "become a qualified accountant",
            "I'm starting",
        ),
        ("I want to run the lab one day and I've signed up for a GLP course.", "run", "I've"),
        ("I'd love to lead a team and I hope to shadow a manager next year.", "lead", "I hope"),
    ],
)
def test_and_with_a_new_subject_starts_a_clause(text, goal, step):
    """Is "and I'm / I've / I hope ..." the start of a new clause, so that a step's date
    ("this autumn") does not date the goal before it, and a five-year picture stays one?"""
    rules = load_rules()
    ctx = TextContext(text, rules, end=len(text))
    assert ctx.seg.index("clause", text.index(goal)) != ctx.seg.index("clause", text.index(step))
    assert "no_long_term" not in pitfalls(text)


def test_and_inside_a_pair_of_people_or_things_does_not_cut_a_clause():
    """Near miss: is "and" between two nouns ("my manager and mentor") still one clause?"""
    rules = load_rules()
    text = "I'd like to learn from my manager and mentor this year."
    ctx = TextContext(text, rules, end=len(text))
    assert ctx.seg.index("clause", text.index("learn")) == ctx.seg.index(
        "clause", text.index("mentor")
    )


@pytest.mark.parametrize(
    ("text", "code", "quoted"),
    [
        ("What I'm after is your job.", "no_short_term", "your job"),
        ("Acting is where I see myself.", "no_short_term", "where I see myself"),
        ("Sir, I honestly can't say where I'll be in five years.", "no_long_term", "can't say"),
        ("I don't know.", "no_short_term", "I don't know"),
        ("I want to keep learning and contributing.", "no_long_term", "keep learning"),
        ("Honestly, no idea. Somewhere with a secure job.", "no_long_term", "no idea"),
    ],
)
def test_a_missing_horizon_still_quotes_the_words_it_read(text, code, quoted):
    """With no date word to quote, does a finding of a missing first step quote the destination
    named (or the doubt), and one of a missing picture the doubt (or the near-term aims), so
    that the student sees what the coach read?"""
    result = review(text)
    finding = result.finding(code)
    assert finding is not None, text
    assert quoted in [e.text for e in finding.evidence]
    assert_evidence_indexes(result)


@pytest.mark.parametrize(
    "text",
    [
        "By week 2 I will know every table in the warehouse, and in five years I want to run the site.",
        "By month 3 I want to handle my own accounts. In five years I hope to lead the team.",
        "By day 30 I want to know every product we sell; in five years I want to lead the shop floor.",
        "Around week four I hope to take my own caseload, and in five years I see myself as a senior "
        "social worker.",
    ],
)
def test_a_numbered_week_day_or_month_is_a_first_step(text):
    """Is a milestone dated by the new job's week, day or month ("by week 2", "in month 3") a
    near-term step, so a plan with a five-year picture is not told it has no first step?"""
    assert "no_short_term" not in pitfalls(text)


def test_a_numbered_day_in_the_past_is_no_step():
    """Near miss: is "from day 1" in a clause about the past ("I worked there from day 1") no
    near-term step?"""
    assert "no_short_term" in pitfalls(
        "I worked there from day 1 and I want to lead a team in five years."
    )
