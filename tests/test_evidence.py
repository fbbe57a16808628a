"""Tests of :mod:`impactlib.evidence` (Nesta Standards of Evidence and the Kasvun tuki scale).

Hand-made cases cover every level, the next step, and the rule that "no effect" and "harmful"
are results, not gaps; a property test checks that levels are cumulative.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from impactlib import effectiveness as eff

_CASES = pd.DataFrame(
    [
        # id, design, toc, independent, replicated, manualised, ci_low, ci_high
        ("no_toc", "pre_post", False, False, False, False, 0.1, 0.5),
        ("toc_only", "none", True, False, False, False, np.nan, np.nan),
        ("prepost_pos", "pre_post", True, False, False, False, 0.1, 0.5),
        ("comp_pos", "comparison_group", True, False, False, True, 0.1, 0.5),
        ("rct_indep", "randomised", True, True, False, False, 0.1, 0.5),
        ("rct_all", "randomised", True, True, True, True, 0.1, 0.5),
        ("comp_null", "comparison_group", True, False, False, True, -0.2, 0.3),
        ("harm", "randomised", True, False, False, True, -0.6, -0.1),
        ("prepost_no_data", "pre_post", True, False, False, False, np.nan, np.nan),
        ("toc_missing", "pre_post", None, False, False, False, 0.1, 0.5),
    ],
    columns=["activity_id", "design", "theory_of_change", "independent_evaluation", "replicated",
             "manualised", "smd_ci_low", "smd_ci_high"],
)


def test_evidence_levels_cases():
    acts = _CASES.drop(columns=["smd_ci_low", "smd_ci_high"]).astype({"theory_of_change": "boolean"})
    effects = _CASES[["activity_id", "smd_ci_low", "smd_ci_high"]].assign(
        smd=(_CASES.smd_ci_low + _CASES.smd_ci_high) / 2)
    r = eff.evidence_level(acts, effects.dropna(), lang="en").set_index("activity_id")
    expected = {
        # id: (nesta level, outcome, next step, Kasvun tuki level)
        "no_toc": (0, "positive", "no written theory of change", 0),
        "toc_only": (1, "not_measured", "no pre/post outcome data", 0),
        "prepost_pos": (2, "positive", "no comparison group", 0),
        "comp_pos": (3, "positive", "no independent evaluation or replication", 4),
        "rct_indep": (4, "positive", "not manualised or not replicated elsewhere", 0),
        "rct_all": (5, "positive", "", 5),
        "comp_null": (1, "no_effect", "", 2),
        "harm": (1, "harmful", "", 2),
        "prepost_no_data": (1, "not_measured", "no pre/post outcome data", 0),
        "toc_missing": (0, "positive", "no written theory of change", 0),
    }
    for a, (lvl, outcome, nxt, kt) in expected.items():
        row = r.loc[a]
        assert (row.nesta_level, row.outcome, row.next_step, row.kasvun_tuki_level) == (lvl, outcome, nxt, kt), a
    assert r.loc["comp_null", "kasvun_tuki_rating"] == "no effect"
    assert r.loc["harm", "kasvun_tuki_rating"] == "negative effects"
    assert r.loc["comp_null", "design_level"] == 3  # well evaluated; the result is null
    fi = eff.evidence_level(acts, effects.dropna()).set_index("activity_id")
    assert fi.loc["prepost_pos", "next_step"] == "ei vertailuryhmää"
    assert fi.loc["rct_all", "kasvun_tuki_rating"] == "vahva dokumentoitu näyttö"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["none", "monitoring", "pre_post", "comparison_group", "randomised"]),
                          st.booleans(), st.booleans(), st.booleans(), st.booleans(),
                          st.sampled_from([-1, 0, 1, None])), min_size=1, max_size=30))
def test_evidence_levels_are_cumulative(rows):
    acts = pd.DataFrame(rows, columns=["design", "theory_of_change", "independent_evaluation", "replicated",
                                       "manualised", "sign"])
    acts["activity_id"] = [f"a{i}" for i in range(len(acts))]
    eff_rows = acts[acts.sign.notna()]
    lo = eff_rows.sign.map({-1: -0.5, 0: -0.1, 1: 0.1}).astype(float)
    effects = pd.DataFrame({"activity_id": eff_rows.activity_id, "smd": lo + 0.2, "smd_ci_low": lo,
                            "smd_ci_high": lo + 0.4})
    r = eff.evidence_level(acts.drop(columns="sign"), effects)
    met = r[[f"level{i}_met" for i in range(1, 6)]].to_numpy()
    assert (met[:, 1:] <= met[:, :-1]).all()  # a level holds only if the lower ones do
    assert (r.nesta_level == met.sum(axis=1)).all()
    assert (r.nesta_level <= r.design_level).all()
    assert r.outcome.isin(eff.OUTCOMES).all()
    assert ((r.nesta_level >= 2) <= (r.outcome == "positive")).all()


def test_evidence_levels_demo(demo):
    e = eff.activity_effects(demo.activities, demo.outcomes, demo.outcome_summaries)
    r = eff.evidence_level(demo.activities, e[e.poolable])
    assert len(r) == demo.activities.activity_id.nunique()
    assert r.nesta_level.between(0, 5).all() and r.kasvun_tuki_level.between(0, 5).all()
    measured = demo.activities.set_index("activity_id").design.isin(["pre_post", "comparison_group", "randomised"])
    assert (r.set_index("activity_id").outcome.eq("not_measured") | measured).all()
