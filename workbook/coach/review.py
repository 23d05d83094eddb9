"""Reviewing a spoken answer to "What are your career goals?": findings with their evidence.

``review(text)`` never raises on what a student types (empty, huge, emoji, another language,
HTML): the worst case is a ``Review`` whose ``notices`` say, kindly, what went wrong. Every
piece of evidence is a span of the original text, so ``text[start:end] == evidence.text``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from workbook.coach.consistency import roadmap_issues
from workbook.coach.engine import (
    MAX_SPANS,
    TIME_ONLY,
    Hit,
    TextContext,
    score_cues,
    weighed_hits,
)
from workbook.coach.horizons import AIM_ONLY, Horizons, read_horizons
from workbook.coach.learned import Model, shape_features, shape_names
from workbook.coach.results import (
    Finding,
    Numbers,
    Review,
    TalkingPoint,
    evidence_from_hits,
)
from workbook.coach.rules import (
    PITFALL_CODES,
    STRUCTURE_CODES,
    CodeRule,
    Rules,
    also_feature,
    load_rules,
    sample_job_ads,
)
from workbook.coach.text import WORD, content_stems, content_words, key_terms, stem
from workbook.model import Roadmap

__all__ = ["answer_shape", "as_text", "features", "review"]


def as_text(value: Any) -> str:
    """Whatever arrived as text: None is empty, bytes are decoded, anything else is str()."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def _job_ad_text(job_ad: Any) -> tuple[str | None, str]:
    """(ad text, employer name) from a text, a sample ad's id, or a mapping with 'text'."""
    if job_ad is None:
        return None, ""
    if isinstance(job_ad, Mapping):
        return as_text(job_ad.get("text")) or None, as_text(job_ad.get("employer"))
    text = as_text(job_ad)
    if re.fullmatch(r"[a-z0-9_]{1,40}", text):
        ad = sample_job_ads().get(text)
        if ad:
            return ad["text"], ad["employer"]
    return (text if text.strip() else None), ""


def _looks_english(text: str, end: int, stopwords: frozenset[str]) -> bool:
    """English prose is about half function words; other languages have almost none of ours."""
    alpha = _LETTER_WORD.findall(text, 0, min(end, 4000))
    if len(alpha) < 8:
        return True
    common = sum(1 for w in alpha if w.lower().replace("’", "'") in stopwords)
    return common / len(alpha) >= 0.12


_LETTER_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def review(
    text: Any,
    job_ad: Any = None,
    roadmap: Roadmap | None = None,
    *,
    rules_dir: str | Path | None = None,
    today: dt.date | None = None,
) -> Review:
    """Review an answer: the article's pitfalls, talking points, numbers and roadmap consistency.

    ``job_ad`` is the ad's text, the id of a sample ad (``data/job_ads``) or a mapping with a
    ``"text"``; ``roadmap`` is the student's :class:`~workbook.model.Roadmap`. A problem in the
    rules files raises :class:`~workbook.content.ContentError` naming the file; nothing the
    student types makes this raise.
    """
    rules = load_rules(rules_dir)
    rules.models()  # a broken weights.json is the instructor's to fix: say so, naming it
    source = as_text(text)
    try:
        ad_text, ad_employer = _job_ad_text(job_ad)
    except Exception:  # a broken sample-ads folder must not stop the review
        ad_text, ad_employer = None, ""
    try:
        return _review(source, rules, ad_text, ad_employer, roadmap, today)
    except Exception as exc:  # never a traceback for the student; say what happened
        return Review(
            text=source,
            notices=[
                "The coach could not finish reading this answer "
                f"({type(exc).__name__}). Your text is safe; try again or shorten it."
            ],
            job_ad=ad_text,
            roadmap=roadmap,
        )


def _review(
    text: str,
    rules: Rules,
    ad_text: str | None,
    ad_employer: str,
    roadmap: Roadmap | None,
    today: dt.date | None,
) -> Review:
    notices: list[str] = []
    limit = rules.settings["max_review_chars"]
    numbers = _speaking_numbers(text, rules)
    word_count, wpm = numbers.words, numbers.words_per_minute
    out = Review(text=text, numbers=numbers, notices=notices, job_ad=ad_text, roadmap=roadmap)
    if not text.strip():
        notices.append(rules.notices["empty"])
        out.numbers = Numbers(0, 0, wpm, False, False)
        return out
    if not any(ch.isalnum() for ch in text[:limit]):
        notices.append(rules.notices["no_words"])
        return out
    end = len(text)
    if len(text) > limit:
        cut = text.rfind(" ", 0, limit)
        end = cut if cut > limit // 2 else limit
        notices.append(rules.notices["cut"].format(chars=f"{len(text):,}", limit=f"{end:,}"))

    role_bits = [ad_text or "", ad_employer]
    if roadmap is not None:
        role_bits += [str(roadmap.role or ""), str(roadmap.employer or "")]
    role_text = " ".join(role_bits)
    role_stems = frozenset(content_stems(role_text, rules.stopwords))
    ctx = TextContext(text, rules, end=end, today=today, role_stems=role_stems, role_text=role_text)

    english = _looks_english(text, end, rules.stopwords)
    findings: list[Finding] = []
    if english:
        codes, _ = rules.models()
        findings = _pitfall_findings(ctx, codes)
        horizons = read_horizons(ctx)
        findings += _structure_findings(ctx, horizons, codes, word_count)
        order = {c: i for i, c in enumerate(PITFALL_CODES)}
        findings.sort(key=lambda f: order.get(f.code, len(order)))
        out.talking_points = _talking_points(ctx, horizons, ad_employer, roadmap, findings)
    else:  # the rules are English; say so rather than guess
        notices.append(rules.notices["not_english"])
        out.talking_points = [
            TalkingPoint(tp["id"], tp["label"], False, tp["tip"]) for tp in rules.talking_points
        ]
    out.findings = findings + _length_findings(rules, numbers)
    if ad_text:
        out.numbers = _with_terms(numbers, ad_text, text, end, rules)
    if roadmap is not None and english:
        out.roadmap_issues = roadmap_issues(ctx, roadmap)
    return out


def _speaking_numbers(text: str, rules: Rules) -> Numbers:
    """Words, speaking time at the rules' pace, and whether that is too short or too long."""
    settings = rules.settings
    word_count = len(WORD.findall(text))
    wpm = settings["words_per_minute"]
    exact_seconds = word_count * 60 / wpm
    return Numbers(
        word_count,
        round(exact_seconds),
        wpm,
        too_short=word_count > 0 and exact_seconds < settings["min_seconds"],
        too_long=exact_seconds > settings["max_seconds"],
    )


def _pitfall_findings(ctx: TextContext, codes: Mapping[str, Model]) -> list[Finding]:
    """A finding for each phrase-found code the answer shows, quoting its words."""
    rules = ctx.rules
    found = {rule.code: _cue_hits(ctx, rule) for rule in rules.codes}
    findings = []
    for rule in rules.codes:
        hits = _code_hits(ctx, rule, codes.get(rule.code), found)
        if hits is not None:
            evidence = evidence_from_hits(ctx.text, hits)
            findings.append(
                Finding(
                    rule.code, rule.label, rule.message, rule.suggestion, evidence, rule.pitfall
                )
            )
    return findings


def _cue_hits(ctx: TextContext, rule: CodeRule) -> dict[str, list[Hit]]:
    """Each cue of a code that matches, with its hits."""
    return {cue.id: hits for cue in rule.cues if (hits := ctx.cue_hits(cue))}


def _present(rule: CodeRule, found: Mapping[str, dict[str, list[Hit]]]) -> dict[str, list[Hit]]:
    """The features of ``rule`` present: its own cues, and for each code in ``also`` whose
    cues are present, ``"<code>:any"`` quoting their words."""
    present = dict(found.get(rule.code, {}))
    for other in rule.also:
        hits = [h for cue_hits in found.get(other, {}).values() for h in cue_hits]
        if hits:
            name = also_feature(other)
            present[name] = [Hit(h.start, h.end, h.weight, name) for h in hits]
    return present


def _code_hits(
    ctx: TextContext,
    rule: CodeRule,
    model: Model | None,
    found: Mapping[str, dict[str, list[Hit]]],
) -> list[Hit] | None:
    """The evidence for one code when it is reported, else None.

    With learned weights, each feature present adds its weight; the evidence quoted is the
    words of the features that count for the code, heaviest first. Without, the hand-set rule.
    """
    if model is None:
        total, hits = score_cues(ctx, rule.cues)
        return hits if total >= rule.threshold - 1e-9 else None
    present = _present(rule, found)
    if not present or model.score(present) < 0:
        return None
    return weighed_hits(present, model.weight)


def answer_shape(ctx: TextContext, horizons: Horizons, word_count: int) -> set[str]:
    """The shape features of an answer (see :func:`_read_shape`)."""
    return _read_shape(ctx, horizons, word_count)[0]


#: the spans a shape was read from, by what they are: "doubts", "goals" (destinations named)
#: and "aims" (near-term aims: growth, effort, what one wants now)
ShapeWords = dict[str, list[tuple[int, int]]]


def _read_shape(
    ctx: TextContext, horizons: Horizons, word_count: int
) -> tuple[set[str], ShapeWords]:
    """The shape features of an answer (see :data:`~workbook.coach.learned.SHAPE_FEATURES`).

    A horizon the answer only echoes or doubts is not a picture of the future: in a question
    ("In five years? No idea.") or in the same scope as a doubt ("I can't say where I'll be in
    five years") it counts neither as a destination nor as a far-off time marker, and a direction
    after a doubt must start past the doubt's own clause ("I don't know where I see myself" is
    one doubt; "who knows" in "a leader who knows her team" is no doubt: ``shape_not_unsure``);
    a doubt followed, past its clause, by a goal named ("I'm undecided, but probably something
    in HR") is that picture, not "I don't know".
    A goal dated within the year is a near-term aim, unless a word of a later stage stands in
    its clause ("right now I'm doing my master's and hope to move into research afterwards":
    ``shape_later``), a word of work that paints no picture ("do the best job I can", "be an
    asset": ``shape_not_goal``) names no goal, words that only frame an aim ("my career goal
    is to keep learning") give no horizon, and doing the job well (``shape_effort``) or what
    one wants now (``shape_present``) is a near-term aim only in a sentence with no picture
    ("in a leadership role, contributing to its growth" describes the picture)."""
    window = ctx.rules.settings["short_term_max_months"]
    not_doubts = _spans_ahead(ctx, "shape_not_unsure", past=True)
    doubts = [
        (s, e)
        for s, e in _spans_ahead(ctx, "shape_unsure", past=True)
        if not any(ns < e and s < ne for ns, ne in not_doubts)
    ]
    doubted = {ctx.seg.index("scope", s) for s, _ in doubts}

    def echoed(pos: int) -> bool:
        return _in_question(ctx, pos) or ctx.seg.index("scope", pos) in doubted

    future = [d for d in ctx.durations if d.future and not echoed(d.start)]
    markers = {c.id for c in ctx.rules.horizon["long"]}
    growth = _spans_ahead(ctx, "shape_growth")
    not_goals = _spans_ahead(ctx, "shape_not_goal", past=True)
    now = _dated_near(ctx, horizons)

    later = {ctx.seg.index("clause", s) for s, _ in _spans_ahead(ctx, "shape_later", past=True)}

    def near_dated(pos: int) -> bool:
        clause = ctx.seg.index("clause", pos)
        return clause in now and clause not in later

    now_clauses = {ctx.seg.index("clause", s) for s, _ in _spans_ahead(ctx, "shape_now")}

    def masked(s: int, e: int) -> bool:
        if ctx.seg.index("clause", s) in now_clauses:  # the job held now, described
            return True
        return any(ns < e and s < ne for ns, ne in not_goals)

    goal_spans = [
        (s, e)
        for s, e in _spans_ahead(ctx, "shape_goal", past=True)
        if not (echoed(s) or near_dated(s) or masked(s, e) or ctx.negated(s, e))
    ]
    goals = [s for s, _ in goal_spans]
    far = [
        h.start
        for h in horizons.long
        if not (
            h.cue in AIM_ONLY
            or _in_question(ctx, h.start)
            or near_dated(h.start)
            or masked(h.start, h.end)
            or (_is_marker(h.cue, markers) and echoed(h.start))
        )
    ]
    # doing the job well, and what one wants or values now ("I want a job that keeps me busy",
    # "my priority is my studies"), are near-term aims, unless they describe a picture in
    # their sentence ("in a leadership role, contributing to its growth")
    pictured = {ctx.seg.index("sentence", pos) for pos in far + goals}

    def unpictured(name: str) -> list[tuple[int, int]]:
        spans = _spans_ahead(ctx, name)
        return [(s, e) for s, e in spans if ctx.seg.index("sentence", s) not in pictured]

    effort = unpictured("shape_effort")
    # a want in the clause of a doubt ("I'm focused on the here and now") is the doubt
    doubt_clauses = {ctx.seg.index("clause", s) for s, _ in doubts}
    present = [
        (s, e)
        for s, e in unpictured("shape_present")
        if ctx.seg.index("clause", s) not in doubt_clauses
    ]
    aim_from = ctx.seg.around("clause", doubts[0][0])[1] if doubts else ctx.end
    aims = _spans_ahead(ctx, "shape_aim", aim_from) if doubts else []
    features = shape_features(
        words=word_count,
        # a time word in the scope of a doubt dates the doubt ("I'm all over the place at the
        # moment, no idea"), not a step
        has_short=any(
            not (h.cue in TIME_ONLY and ctx.seg.index("scope", h.start) in doubted)
            for h in horizons.short
        ),
        has_short_step=horizons.has_short_step,
        has_long=bool(far),
        far_only=bool(future) and all(d.low > window for d in future),
        # a doubt, then a picture named past its clause ("I'm undecided, but probably
        # something in HR"), is that picture, not "I don't know" (ADJUDICATION.md R6)
        unsure=bool(doubts) and not any(g >= aim_from for g in goals),
        growth=bool(growth or effort or present),
        names_goal=bool(goals),
        unsure_then_aim=bool(aims),  # read only after a doubt
        manner=bool(not_goals),
        present=bool(present),
    )
    near_aims = growth or effort or present  # the words of growth say most of an aim
    return features, {"doubts": doubts, "goals": goal_spans, "aims": near_aims}


def _dated_near(ctx: TextContext, horizons: Horizons) -> set[int]:
    """The clauses dated within the year by a time word or a short duration ("right now",
    "this year", "within a year") and by no longer duration: a goal or a "main goal" there is
    a near-term aim ("I want to be promoted within a year", "my main goal right now is to
    settle in"), not a picture of the years ahead."""
    near, far = set(), set()
    for h in horizons.short:
        if h.cue in TIME_ONLY or h.cue == "duration_short":
            near.add(ctx.seg.index("clause", h.start))
    for h in horizons.long:
        if h.cue.startswith("duration_"):
            far.add(ctx.seg.index("clause", h.start))
    return near - far


def _is_marker(cue: str, markers: set[str]) -> bool:
    """Is ``cue`` a time marker ("in five years", "long term"), not a destination named?"""
    return cue in markers or cue.startswith("duration_")


def _in_question(ctx: TextContext, pos: int) -> bool:
    """Is ``pos`` in a sentence that ends with a question mark (the interviewer's question,
    echoed: "Where do I see myself in ten years?")?"""
    _, end = ctx.seg.around("sentence", pos)
    return ctx.text.startswith("?", end)


def _spans_ahead(
    ctx: TextContext, name: str, start: int = 0, *, past: bool = False
) -> list[tuple[int, int]]:
    """Where the word list ``name`` occurs from ``start``, outside a clause about the past
    unless ``past`` ("I built up my skills at my last job" is a past example, not a near-term
    aim; a doubt is read anywhere: the past-clause list reads "I won" in "I won't be here")."""
    out = []
    for n, m in enumerate(ctx.list_matches(name, start)):
        if n >= MAX_SPANS:
            break
        if past or not ctx.in_past(m.start()):
            out.append(m.span())
    return out


def features(text: str, *, rules_dir: str | Path | None = None) -> dict[str, set[str]]:
    """For each code, the names of its features present in ``text`` (what the learned weights
    multiply); read without a role or job ad, as the benches and the training script do."""
    rules = load_rules(rules_dir)
    end = min(len(text), rules.settings["max_review_chars"])
    ctx = TextContext(text, rules, end=end)
    found = {rule.code: _cue_hits(ctx, rule) for rule in rules.codes}
    out = {rule.code: set(_present(rule, found)) for rule in rules.codes}
    words = sum(1 for _ in WORD.finditer(text, 0, end))
    shape = answer_shape(ctx, read_horizons(ctx), words)
    for code in STRUCTURE_CODES:
        out[code] = shape.intersection(shape_names(code))
    return out


def _structure_findings(
    ctx: TextContext, horizons: Horizons, models: Mapping[str, Model], word_count: int
) -> list[Finding]:
    """no_short_term / no_long_term, each from its own evidence; 'vague' (not one of the
    nine) when both are missing. Neither silences nor is silenced by any other code."""
    rules = ctx.rules
    if word_count == 0:
        return []
    shape, read = _read_shape(ctx, horizons, word_count)
    fired: dict[str, tuple[Hit, ...]] = {}
    for code, other in (("no_short_term", horizons.long), ("no_long_term", horizons.short)):
        model = models.get(code)
        if model is not None:
            on = model.score(shape.intersection(shape_names(code))) >= 0
        elif word_count < rules.settings["min_words_for_structure"]:
            on = False
        elif code == "no_short_term":
            on = horizons.has_long and not horizons.has_short
        else:
            on = horizons.has_short_step and not horizons.has_long
        if on:
            fired[code] = other or _absence_words(read, code)
    out = []
    for code, hits in fired.items():
        s = rules.structure[code]
        evidence = evidence_from_hits(ctx.text, list(hits)[:2])
        out.append(Finding(code, s["label"], s["message"], s["suggestion"], evidence, True))
    if len(fired) == 2:
        v = rules.extras["vague"]
        out.append(Finding("vague", v["label"], v["message"], v["suggestion"], (), False))
    return out


def _absence_words(read: ShapeWords, code: str) -> tuple[Hit, ...]:
    """What an absence finding quotes when no horizon cue is there to quote: the words the
    shape was read from, so every finding still shows its words. For no_long_term, a doubt
    ("no idea", "who knows") or else the near-term aims ("get my head around the software");
    for no_short_term, the destination named ("a project leader") or else a doubt."""
    order = ("doubts", "aims") if code == "no_long_term" else ("goals", "doubts")
    spans = next((sorted(read[k]) for k in order if read[k]), [])
    return tuple(Hit(s, e, 1.0, code) for s, e in spans[:2])


def _length_findings(rules: Rules, numbers: Numbers) -> list[Finding]:
    out = []
    values = {
        "words": numbers.words,
        "seconds": numbers.seconds,
        "min_seconds": rules.settings["min_seconds"],
        "max_seconds": rules.settings["max_seconds"],
    }
    for code, flag in (("too_short", numbers.too_short), ("too_long", numbers.too_long)):
        if flag:
            e = rules.extras[code]
            out.append(
                Finding(
                    code,
                    e["label"],
                    e["message"].format(**values),
                    e["suggestion"].format(**values),
                    (),
                    False,
                )
            )
    return out


def _talking_points(
    ctx: TextContext,
    horizons: Horizons,
    employer: str,
    roadmap: Roadmap | None,
    findings: list[Finding],
) -> list[TalkingPoint]:
    """Which parts of a strong answer it covers. A talking point judges what it names: words
    in a sentence that shows a pitfall do not count ("I'd love to retire early" is not
    enthusiasm for the job), and the long-term vision leads only when the answer opens with a
    destination, not with pay or a time word."""
    rules = ctx.rules
    flagged = [e.start for f in findings if f.pitfall for e in f.evidence]
    bad = {ctx.seg.index("sentence", pos) for pos in flagged}

    def fair(h: Hit) -> bool:
        return ctx.seg.index("sentence", h.start) not in bad

    destinations = {c.id for c in rules.horizon["destinations"]}
    points = []
    names = [employer] + ([roadmap.employer] if roadmap is not None and roadmap.employer else [])
    for tp in rules.talking_points:
        if tp["id"] == "long_term_first":
            vision = [h for h in horizons.long if h.cue in destinations and fair(h)]
            first = vision[0].start if vision else None
            covered = (
                first is not None
                and all(first <= h.start for h in horizons.short)
                and all(first <= pos for pos in flagged)
            )
            hits = vision[:1] if covered else []
        elif tp["id"] == "short_term_steps":
            hits = [h for h in horizons.short if fair(h)][:2]
            covered = bool(hits)
        else:
            _, found = score_cues(ctx, tp["cues"])
            if tp["id"] == "employer_link":
                found += _name_hits(ctx, names)
            hits = [h for h in found if fair(h)]
            covered = bool(hits)
        points.append(
            TalkingPoint(
                tp["id"], tp["label"], covered, tp["tip"], evidence_from_hits(ctx.text, hits[:2])
            )
        )
    return points


def _name_hits(ctx: TextContext, names: list[str]) -> list[Hit]:
    hits = []
    for name in names:
        name = name.strip()
        if len(name) < 2:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)
        hits += [
            Hit(m.start(), m.end(), 1.0, "employer_name")
            for m in pattern.finditer(ctx.text, 0, ctx.end)
        ]
    return hits


def _with_terms(numbers: Numbers, ad_text: str, text: str, end: int, rules: Rules) -> Numbers:
    terms = key_terms(ad_text, rules.stopwords, rules.settings["key_terms"])
    answer = {stem(w) for _, _, w in content_words(text, rules.stopwords, 0, end)}
    used = tuple(t for t in terms if all(stem(w) in answer for w in t.split()))
    missing = tuple(t for t in terms if t not in used)
    return Numbers(
        numbers.words,
        numbers.seconds,
        numbers.words_per_minute,
        numbers.too_short,
        numbers.too_long,
        tuple(terms),
        used,
        missing,
    )
