"""How much each piece of evidence counts: weights learned from labelled answers and goals.

The cues in ``data/coach/*.yaml`` find evidence (each match keeps its span, so every finding
quotes its words); ``data/coach/weights.json``, written by ``scripts/train_coach.py``, says how
much each cue counts for its code. A code is reported when ``bias + sum(weight of each cue
present)`` reaches zero (a probability of one half): a dot product, no library needed in the
student's kernel. A code or SMART letter with no learned weights falls back to the hand-set
rule (the cues' YAML weights adding up to the threshold), so an instructor's new code works
before anyone retrains; a new cue in a trained code counts as enough on its own until then.
No code silences another: each is decided from its own evidence.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from workbook.content import ContentError

__all__ = ["SHAPE_FEATURES", "Model", "load_weights", "shape_features", "shape_names"]

#: Measurements of the answer's shape, used by the two structure codes (no_short_term,
#: no_long_term) only. Each is 0 or 1 so its weight reads as "how much this counts".
SHAPE_FEATURES: tuple[str, ...] = (
    "has_short",  # any near-term marker ("this year", "right now", "in six months")
    "has_short_step",  # a near-term step, not only a time word
    "has_long",  # a destination or a horizon past a year
    "far_only",  # every time marker is past a year away
    "words_le_12",  # one line
    "words_le_30",  # two or three sentences
    "unsure",  # "I don't know", "not sure", "no idea"
    "growth",  # "keep learning", "grow in the role": a near-term aim, however brief
    "near_only",  # near-term markers or growth, and no destination
    "no_markers",  # no time marker, step, destination or growth at all
    "names_goal",  # names where the career is heading ("become a", a role, "my own business")
    "unsure_then_aim",  # "I'm not sure, but I'd like to ...": doubt, then a direction after all
    "bare_picture",  # a short answer with no time marker, step, doubt or manner: "On a beach."
    "only_near",  # near-term markers, steps or growth, and no destination or goal named at all
    "present_only",  # what one wants or values now ("I want a job that keeps me busy"), no picture
)

#: Shape features only no_long_term reads: they tell a picture of some kind from none, which
#: says nothing about a first step (no_short_term keeps the features its shift was set with).
#: 'only_near' (round 7) is 'near_only' without even a goal named: "I want to learn as much as
#: I can and do the best job I can" (by-site CV: no_long_term F1 0.825 -> 0.843).
#: 'present_only' (round 8) is a want or value about the job now with no picture ahead
#: (ADJUDICATION.md R5: "a want about the job now ... if nothing lies beyond it, no_long_term").
LONG_TERM_ONLY: frozenset[str] = frozenset(
    {"unsure_then_aim", "bare_picture", "only_near", "present_only"}
)

WEIGHTS_FILE = "weights.json"


@cache
def shape_names(code: str) -> tuple[str, ...]:
    """The shape features structure code ``code`` reads."""
    return tuple(f for f in SHAPE_FEATURES if code == "no_long_term" or f not in LONG_TERM_ONLY)


@dataclass(frozen=True)
class Model:
    """One code's (or SMART letter's) learned weights."""

    bias: float
    weights: Mapping[str, float]

    def score(self, present: Iterable[str]) -> float:
        """``bias`` plus the weight of each feature present; reported when >= 0."""
        total = self.bias
        for name in present:
            total += self.weight(name)
        return total

    def weight(self, name: str) -> float:
        """A feature's weight; a cue nobody trained yet counts as enough on its own, a shape
        feature never seen in training not at all (it is a measurement, not evidence)."""
        w = self.weights.get(name)
        if w is not None:
            return w
        return 0.0 if name in SHAPE_FEATURES else max(1.0, 1.0 - self.bias)

    def probability(self, present: Iterable[str]) -> float:
        z = self.score(present)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def _models(raw: object, where: str, known: Mapping[str, frozenset[str]]) -> dict[str, Model]:
    if not isinstance(raw, Mapping):
        raise ContentError(f"{where}: expected a mapping of code to {{bias, weights}}.")
    out: dict[str, Model] = {}
    for code, entry in raw.items():
        at = f"{where}, entry {code!r}"
        if code not in known:
            raise ContentError(f"{at}: no such code in the rules ({', '.join(sorted(known))}).")
        if not isinstance(entry, Mapping) or not isinstance(entry.get("weights"), Mapping):
            raise ContentError(f"{at}: needs 'bias' (a number) and 'weights' (a mapping).")
        bias = entry.get("bias")
        if not isinstance(bias, int | float) or isinstance(bias, bool) or not math.isfinite(bias):
            raise ContentError(f"{at}, field 'bias': expected a finite number, got {bias!r}.")
        weights: dict[str, float] = {}
        for name, w in entry["weights"].items():
            if name not in known[code]:
                raise ContentError(
                    f"{at}, field 'weights': {name!r} is not a cue of this code "
                    "(retrain with scripts/train_coach.py after renaming cues)."
                )
            if not isinstance(w, int | float) or isinstance(w, bool) or not math.isfinite(w):
                raise ContentError(f"{at}, weight {name!r}: expected a finite number, got {w!r}.")
            weights[name] = float(w)
        out[code] = Model(float(bias), weights)
    return out


def load_weights(
    folder: Path,
    pitfalls: Mapping[str, frozenset[str]],
    smart: Mapping[str, frozenset[str]],
) -> tuple[dict[str, Model], dict[str, Model]]:
    """The learned models for the pitfall codes and the SMART letters, validated against the
    cues that exist (``pitfalls`` and ``smart`` map each code or letter to its feature names).
    A missing file means no learned weights: every code uses its hand-set rule."""
    path = folder / WEIGHTS_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return {}, {}
    return _load(str(path), stamp, _freeze(pitfalls), _freeze(smart))


_Frozen = tuple[tuple[str, frozenset[str]], ...]


def _freeze(m: Mapping[str, frozenset[str]]) -> _Frozen:
    return tuple(sorted(m.items()))


@lru_cache(maxsize=8)
def _load(
    path_str: str, stamp: int, pitfalls: _Frozen, smart: _Frozen
) -> tuple[dict[str, Model], dict[str, Model]]:
    path = Path(path_str)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: cannot be read ({exc}).") from None
    except json.JSONDecodeError as exc:
        raise ContentError(f"{path}: not valid JSON ({exc.msg}, line {exc.lineno}).") from None
    if not isinstance(raw, Mapping) or raw.get("version") != 1:
        raise ContentError(f"{path}: expected an object with 'version: 1'.")
    codes = _models(raw.get("codes", {}), f"{path}, field 'codes'", dict(pitfalls))
    letters = _models(raw.get("smart", {}), f"{path}, field 'smart'", dict(smart))
    return codes, letters


def shape_features(
    *,
    words: int,
    has_short: bool,
    has_short_step: bool,
    has_long: bool,
    far_only: bool,
    unsure: bool,
    growth: bool,
    names_goal: bool = False,
    unsure_then_aim: bool = False,
    manner: bool = False,
    present: bool = False,
) -> set[str]:
    """The shape features present in one answer."""
    near = has_short or has_short_step or growth
    flags = {
        "has_short": has_short,
        "has_short_step": has_short_step,
        "has_long": has_long,
        "far_only": far_only,
        "words_le_12": words <= 12,
        "words_le_30": words <= 30,
        "unsure": unsure,
        "growth": growth,
        "near_only": near and not has_long,
        "no_markers": not near and not has_long,
        "names_goal": names_goal,
        "unsure_then_aim": unsure_then_aim,  # the caller reads it only after a doubt
        # a short answer that only says how one works ("I'm a hard worker") or what one wants
        # now ("I want a job that keeps me busy") is no picture
        "bare_picture": words <= 30 and not (near or has_long or unsure or manner or present),
        "only_near": near and not has_long and not names_goal,
        "present_only": present and not has_long and not names_goal,
    }
    return {name for name, on in flags.items() if on}
