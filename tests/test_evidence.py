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
    # what each effect is: adjusted for the comparison group where the design has one
    effects = _CASES[["activity_id", "smd_ci_low", "smd_ci_high"]].assign(
        smd=(_CASES.smd_ci_low + _CASES.smd_ci_high) / 2,
        effect_type=np.where(_CASES.design.isin(["comparison_group", "randomised"]), "ppc", "smcr"))
    r = eff.evidence_level(acts, effects.dropna(), lang="en").set_index("activity_id")
    expected = {
        # id: (nesta level, outcome, next step, Kasvun tuki level)
        "no_toc": (0, "positive", "no written theory of change", 0),
        "toc_only": (1, "not_measured", "no pre/post outcome data", 0),
        "prepost_pos": (2, "positive", "no comparison group", 0),
        "comp_pos": (3, "positive", "no independent replication evaluation", 4),
        # Nesta level 4: "one + independent replication evaluations" - independent AND replicated
        "rct_indep": (3, "positive", "no independent replication evaluation", 0),
        # level 5 needs consistent replication: one recorded replication is not enough
        "rct_all": (4, "positive", "no manual or not replicated in several places", 5),
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


# --- what the effect is, how many instruments, and Nesta's levels 4 and 5 -----------------


def _acts(**cols):
    base = {"activity_id": ["A"], "design": ["comparison_group"], "theory_of_change": [True],
            "independent_evaluation": [False], "replicated": [False], "manualised": [False]}
    base.update(cols)
    return pd.DataFrame(base)


def test_level_three_only_from_a_comparison_adjusted_effect():
    acts = _acts()
    pre_post = pd.DataFrame({"activity_id": ["A"], "smd": [0.4], "smd_ci_low": [0.1], "smd_ci_high": [0.7],
                             "effect_type": ["smcr"]})
    r = eff.evidence_level(acts, pre_post, lang="en").iloc[0]
    assert r.nesta_level == 2 and not r.comparison_adjusted
    assert r.next_step == "no comparison-adjusted effect"
    assert "before–after change only" in r.nesta_reason
    adjusted = pre_post.assign(effect_type="ppc")
    r3 = eff.evidence_level(acts, adjusted, lang="en").iloc[0]
    assert r3.nesta_level == 3 and r3.comparison_adjusted
    assert r3.nesta_reason.startswith("Level 3: positive effect against a comparison group")
    # effects without any column saying what they are never count as comparison-adjusted
    assert eff.evidence_level(acts, pre_post.drop(columns="effect_type")).nesta_level.iloc[0] == 2
    # comparison_effect's rows say it by their method
    did = pre_post.drop(columns="effect_type").assign(method="did")
    assert eff.evidence_level(acts, did).nesta_level.iloc[0] == 3


def test_declared_comparison_design_whose_data_are_missing_is_level_two(demo):
    """activity_effects falls back to the pre/post effect when the comparison data are missing;
    the evidence level must follow the effect, not the declared design."""
    acts = demo.activities
    comp = acts[acts.design == "comparison_group"].activity_id.iloc[:40]
    outcomes = demo.outcomes[~((demo.outcomes.group == "comparison") & demo.outcomes.activity_id.isin(comp))]
    e = eff.activity_effects(acts[acts.activity_id.isin(comp)], outcomes[outcomes.activity_id.isin(comp)])
    assert (e.effect_type == "smcr").all()
    lv = eff.evidence_level(acts[acts.activity_id.isin(comp)], e[e.poolable])
    assert (lv.nesta_level <= 2).all() and not lv.comparison_adjusted.any()
    assert (lv.outcome == "positive").any()  # positive before-after changes, still not level 3


def test_positive_needs_the_declared_instrument_or_holm():
    """Five instruments, one with p = 0.03: trying many instruments must not make the activity
    "positive" (Holm 1979: 5 x 0.03 = 0.15 > 0.05); declaring that instrument does."""
    from scipy import stats

    se = 0.2
    est = np.array([stats.norm.ppf(1 - 0.03 / 2) * se, 0.05, -0.02, 0.1, 0.0])
    z = stats.norm.ppf(0.975)
    effects = pd.DataFrame({"activity_id": "A", "instrument": ["I1", "I2", "I3", "I4", "I5"], "smd": est,
                            "smd_var": se**2, "smd_ci_low": est - z * se, "smd_ci_high": est + z * se,
                            "effect_type": "smcr"})
    assert effects.smd_ci_low.iloc[0] > 0  # on its own the first interval excludes 0
    acts = _acts(design=["pre_post"], instrument=[None])
    r = eff.evidence_level(acts, effects, lang="en").iloc[0]
    assert (r.outcome, r.nesta_level, r.outcome_basis) == ("no_effect", 1, "holm")
    assert "none of 5 instruments" in r.nesta_reason
    declared = eff.evidence_level(_acts(design=["pre_post"], instrument=["I1"]), effects, lang="en").iloc[0]
    assert (declared.outcome, declared.nesta_level, declared.outcome_basis) == ("positive", 2, "primary")
    assert declared.outcome_instrument == "I1"
    # a declared instrument decides alone: declaring a null one makes the activity "no effect"
    null = eff.evidence_level(_acts(design=["pre_post"], instrument=["I2"]), effects).iloc[0]
    assert null.outcome == "no_effect"
    # Holm with a strong effect: adjusted p = 5 x 1e-6, positive
    strong = effects.assign(smd=lambda d: np.where(d.instrument == "I1", 1.0, d.smd))
    strong = strong.assign(smd_ci_low=strong.smd - z * se, smd_ci_high=strong.smd + z * se)
    assert eff.evidence_level(acts, strong).outcome.iloc[0] == "positive"


def _holm_reject(p, alpha=0.05):
    """Holm (1979) as written: reject in order of p while p_(j) <= alpha / (m - j); then stop."""
    order = np.argsort(p)
    rej = np.zeros(len(p), dtype=bool)
    for j, i in enumerate(order):
        if p[i] > alpha / (len(p) - j):
            break
        rej[i] = True
    return rej


def test_holm_decisions_match_the_sequential_procedure():
    """Independent computation: Holm's sequentially rejective procedure written out (and, on the
    first family, statsmodels' multipletests)."""
    from scipy import stats
    from statsmodels.stats.multitest import multipletests

    rng = np.random.default_rng(4)
    rows = []
    for a in range(60):
        m = rng.integers(1, 5)
        est = rng.normal(0.15, 0.15, m)
        rows += [{"activity_id": f"A{a}", "instrument": f"I{j}", "smd": est[j], "smd_var": 0.01}
                 for j in range(m)]
    e = pd.DataFrame(rows)
    e["smd_ci_low"], e["smd_ci_high"] = e.smd - 1.96 * 0.1, e.smd + 1.96 * 0.1
    acts = pd.DataFrame({"activity_id": e.activity_id.unique(), "design": "pre_post",
                         "theory_of_change": True})
    got = eff.evidence_level(acts, e, primary=None).set_index("activity_id")
    checked = False
    for a, d in e.groupby("activity_id"):
        p = 2 * stats.norm.sf(np.abs(d.smd / 0.1))
        if len(d) == 1:
            expect = "positive" if d.smd_ci_low.iloc[0] > 0 else ("harmful" if d.smd_ci_high.iloc[0] < 0
                                                                   else "no_effect")
        else:
            rej = _holm_reject(np.asarray(p))
            if not checked:  # one family against statsmodels (it runs gc.collect on every call)
                assert (rej == multipletests(p, alpha=0.05, method="holm")[0]).all()
                checked = True
            expect = ("harmful" if (rej & (d.smd < 0)).any() else
                      "positive" if (rej & (d.smd > 0)).any() else "no_effect")
        assert got.loc[a, "outcome"] == expect, a
    assert checked


def test_levels_four_and_five_follow_nestas_wording():
    effects = pd.DataFrame({"activity_id": "A", "smd": [0.4], "smd_ci_low": [0.1], "smd_ci_high": [0.7],
                            "effect_type": ["ppc"]})
    one_rep = _acts(design=["randomised"], replicated=[True], manualised=[True])
    r = eff.evidence_level(one_rep, effects, lang="en").iloc[0]
    assert r.nesta_level == 3  # a replication without an independent evaluation is not level 4
    assert "no independent evaluation" in r.nesta_reason
    ind_rep = _acts(design=["randomised"], replicated=[True], independent_evaluation=[True], manualised=[True])
    r4 = eff.evidence_level(ind_rep, effects, lang="en").iloc[0]
    assert r4.nesta_level == 4 and "fewer than two replications" in r4.nesta_reason
    r5 = eff.evidence_level(ind_rep.assign(replications=[3]), effects, lang="en").iloc[0]
    assert r5.nesta_level == 5 and r5.next_step == "" and r5.nesta_reason.endswith("every level is met.")
    fi = eff.evidence_level(ind_rep.assign(replications=[3]), effects).iloc[0]
    assert fi.nesta_reason.startswith("Taso 5")
