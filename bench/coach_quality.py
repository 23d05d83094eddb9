"""How well does the coach spot the article's nine pitfalls? Measured on labelled answers.

    python bench/coach_quality.py              # tables for dev, holdout and both; JSON result
    python bench/coach_quality.py --failures   # also list the dev answers the coach gets wrong

The labelled set is ``data/answers/labelled.jsonl``: answers written for this purpose across
many roles and styles, each with the codes a careful reader would give it. About 30% is
"holdout"; rules are tuned by looking at dev failures only, never holdout ones, so the holdout
numbers estimate how the rules do on answers nobody tuned them for. (``--failures`` refuses to
list holdout answers for that reason.)

Labelling guide, so the set can grow consistently:
- complacent: content with the current level or role, no wish to grow.
- salary: pay, perks or benefits as a motive (a salary mentioned as background, a complaint
  about the past, or "money is not what drives me" is not).
- too_specific: several exact dates, ages, month counts or graded titles stacked, or a rigid
  timetable ("week 3", "on 1 June", "by 34", "mapped to the day").
- irrelevant: a goal that has nothing to do with the role (hobbies, another career in
  another field: a photographer's dream when applying to be a logistics analyst).
- too_personal: private details: family plans, relationships, health, bereavement, religion
  (one passing mention of a family member is not enough).
- beyond_5_years: a horizon past five years ("in ten years", "before I retire", "in 2045").
- leaving_soon: implies leaving: own business, stepping stone to another employer, full-time
  study, moving away, a temporary or summer job, a job to fund another career or fitted
  around full-time studies.
- no_short_term / no_long_term: a career plan with only a destination / only near-term steps.
  Not given when the answer's main problem says it is not a plan for this job or not a plan
  at all (irrelevant, leaving_soon, complacent) or is a rigid timetable (too_specific); a goal
  a year or two away counts as both a step and a destination; time words with no step
  ("right now I'm looking for overtime") are not near-term steps.

Prints per-code precision, recall and F1, the macro-F1 over the nine codes, and the share of
good answers (no codes) that got any pitfall finding, next to a naive one-regex-per-code
baseline measured in the same run. The floors apply to the coach reading the answer alone;
the column "F1+role" gives the coach each answer's role as well (as the coach panel does with
a job ad), which matters most for ``irrelevant``. Writes ``bench/results/coach_quality.json`` and exits 1
when the coach falls below the floors on any split.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from workbook.coach import PITFALL_CODES, review
from workbook.content import load_content

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "coach_quality.json"
FLOORS = {"macro_f1": 0.85, "false_alarm_rate": 0.10}

LABELLED_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["id", "text", "codes", "split"],
        "properties": {
            "id": {"type": "string", "minLength": 1},
            "text": {"type": "string", "minLength": 1},
            "codes": {"type": "array", "items": {"enum": list(PITFALL_CODES)}, "uniqueItems": True},
            "split": {"enum": ["dev", "holdout"]},
            "role": {"type": "string"},
            "style": {"type": "string"},
        },
    },
}

Predict = Callable[[str], set[str]]


def load_labelled() -> list[dict]:
    """The labelled answers, validated."""
    return load_content("answers/labelled.jsonl", LABELLED_SCHEMA)


def coach_codes(text: str, role: str | None = None) -> set[str]:
    """The coach's pitfall codes for one answer (extra codes such as too_long left out)."""
    return {f.code for f in review(text, job_ad=role).findings if f.code in PITFALL_CODES}


def with_roles(rows: Iterable[dict]) -> Predict:
    """The coach told each answer's role, as a predictor of the answer's text."""
    roles = {r["text"]: r.get("role") for r in rows}
    return lambda text: coach_codes(text, roles.get(text))


# --- the naive baseline: one regular expression per code --------------------------------------
NAIVE: dict[str, re.Pattern[str]] = {
    "complacent": re.compile(r"\b(happy|content|comfortable|satisfied)\b", re.I),
    "salary": re.compile(r"\b(salary|money|pay|benefits|bonus|pension)\b", re.I),
    "too_specific": re.compile(
        r"\b\d{1,2}(st|nd|rd|th)?\s+(January|February|March|April|May|June|July|August|September|October|November|December)\b|\bage\b",
        re.I,
    ),
    "irrelevant": re.compile(r"\b(passion|hobby|dream)\b", re.I),
    "too_personal": re.compile(r"\b(wife|husband|kids|children|family|health|partner)\b", re.I),
    "beyond_5_years": re.compile(r"\b(ten|10|twenty|20|fifteen|15)\s+years\b|\bretire", re.I),
    "leaving_soon": re.compile(r"\b(own business|stepping stone|school|university|abroad)\b", re.I),
}
_NAIVE_SHORT = re.compile(r"\bshort[- ]term\b", re.I)
_NAIVE_LONG = re.compile(r"\blong[- ]term\b", re.I)


def naive_codes(text: str) -> set[str]:
    """The baseline a first attempt would write: keyword hits, no context at all."""
    codes = {code for code, rx in NAIVE.items() if rx.search(text)}
    if not _NAIVE_SHORT.search(text):
        codes.add("no_short_term")
    if not _NAIVE_LONG.search(text):
        codes.add("no_long_term")
    return codes


# --- scoring ----------------------------------------------------------------------------------
def evaluate(rows: Iterable[dict], predict: Predict) -> dict:
    """Per-code precision/recall/F1, macro-F1 over the nine codes, false alarms on good answers."""
    rows = list(rows)
    counts = {c: {"tp": 0, "fp": 0, "fn": 0} for c in PITFALL_CODES}
    good = alarms = 0
    misses: list[dict] = []
    for row in rows:
        gold = set(row["codes"])
        got = predict(row["text"]) & set(PITFALL_CODES)
        for c in PITFALL_CODES:
            if c in got and c in gold:
                counts[c]["tp"] += 1
            elif c in got:
                counts[c]["fp"] += 1
            elif c in gold:
                counts[c]["fn"] += 1
        if not gold:
            good += 1
            alarms += bool(got)
        if got != gold:
            misses.append({"id": row["id"], "gold": sorted(gold), "got": sorted(got)})
    per_code = {}
    for c, n in counts.items():
        p = n["tp"] / (n["tp"] + n["fp"]) if n["tp"] + n["fp"] else 1.0
        r = n["tp"] / (n["tp"] + n["fn"]) if n["tp"] + n["fn"] else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        per_code[c] = {"precision": p, "recall": r, "f1": f1, **n}
    macro = sum(v["f1"] for v in per_code.values()) / len(per_code)
    return {
        "answers": len(rows),
        "good_answers": good,
        "macro_f1": macro,
        "false_alarm_rate": alarms / good if good else 0.0,
        "per_code": per_code,
        "misses": misses,
    }


def meets_floors(result: dict) -> bool:
    return (
        result["macro_f1"] >= FLOORS["macro_f1"]
        and result["false_alarm_rate"] <= FLOORS["false_alarm_rate"]
    )


def run(split: str = "dev", predict: Predict = coach_codes) -> dict:
    """Evaluate on one split ("dev", "holdout" or "all")."""
    rows = [r for r in load_labelled() if split == "all" or r["split"] == split]
    return evaluate(rows, predict)


def _table(name: str, coach: dict, naive: dict, role: dict) -> str:
    lines = [
        f"\n{name}: {coach['answers']} answers ({coach['good_answers']} good)",
        f"{'code':<16}{'P':>6}{'R':>6}{'F1':>6}   {'naive F1':>8}   {'F1+role':>7}",
    ]
    for c in PITFALL_CODES:
        m, b, r = coach["per_code"][c], naive["per_code"][c], role["per_code"][c]
        lines.append(
            f"{c:<16}{m['precision']:>6.2f}{m['recall']:>6.2f}{m['f1']:>6.2f}   {b['f1']:>8.2f}"
            f"   {r['f1']:>7.2f}"
        )
    lines.append(
        f"{'macro-F1':<28}{coach['macro_f1']:>6.3f}   {naive['macro_f1']:>8.3f}"
        f"   {role['macro_f1']:>7.3f}"
    )
    lines.append(
        f"{'false alarms on good':<28}{coach['false_alarm_rate']:>6.1%}   "
        f"{naive['false_alarm_rate']:>8.1%}   {role['false_alarm_rate']:>7.1%}"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list dev answers it gets wrong")
    args = parser.parse_args(argv)
    rows = load_labelled()
    texts = {r["id"]: r for r in rows}
    out: dict = {"floors": FLOORS, "splits": {}}
    ok = True
    for split in ("dev", "holdout", "all"):
        chosen = [r for r in rows if split == "all" or r["split"] == split]
        coach, naive = evaluate(chosen, coach_codes), evaluate(chosen, naive_codes)
        role = evaluate(chosen, with_roles(chosen))
        print(_table(split, coach, naive, role))
        passed = meets_floors(coach)
        ok &= passed
        print(
            f"floors (macro-F1 >= {FLOORS['macro_f1']}, false alarms <= {FLOORS['false_alarm_rate']:.0%}): {'met' if passed else 'NOT MET'}"
        )
        out["splits"][split] = {
            "coach": {k: v for k, v in coach.items() if k != "misses"},
            "naive": {k: v for k, v in naive.items() if k != "misses"},
            "coach_with_role": {k: v for k, v in role.items() if k != "misses"},
            "meets_floors": passed,
        }
        if split == "dev" and args.failures:
            for miss in coach["misses"]:
                print(
                    f"  {miss['id']}: gold={miss['gold']} got={miss['got']}\n    {texts[miss['id']]['text'][:300]}"
                )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(HERE.parent)}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
