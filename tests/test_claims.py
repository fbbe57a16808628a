"""Tests of the rules for effectiveness claims (:mod:`impactlib.effectiveness.claims`).

The rules: an effect is stated only from at least MIN_K_CLAIM activities of at least two
associations and with an interval (Knapp-Hartung truncated, or three-level when activities
cluster in associations) that excludes 0; otherwise the sentence says that the evidence does
not yet allow a conclusion; no ranking across pools; a plain-language scale; table columns
from the same activities.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from scipy import stats

from impactlib import effectiveness as eff


def _effects(k_ppc=6, k_pp=4, theme="peer_support", seed=0, orgs=None):
    rng = np.random.default_rng(seed)
    n = k_ppc + k_pp
    smcr = rng.normal(0.5, 0.1, n)
    return pd.DataFrame({
        "activity_id": [f"{theme}{i}" for i in range(n)], "theme": theme,
        "org_id": orgs if orgs is not None else [f"o{i}" for i in range(n)],
        "effect_type": ["ppc"] * k_ppc + ["smcr"] * k_pp,
        "smcr": smcr, "smcr_var": 0.02,
        "smd": np.r_[smcr[:k_ppc] - 0.2 + rng.normal(0, 0.05, k_ppc), smcr[k_ppc:]],
        "smd_var": np.r_[np.full(k_ppc, 0.03), np.full(k_pp, 0.02)], "poolable": True,
    })


def test_claim_needs_enough_activities_and_an_interval_that_excludes_zero():
    assert eff.effect_claim(4, 4, 0.2, 0.9) == ("not_yet", "few_activities")  # interval fine, k small
    assert eff.effect_claim(5, 5, -0.01, 0.9) == ("not_yet", "includes_zero")
    assert eff.effect_claim(9, 1, 0.2, 0.9) == ("not_yet", "one_association")
    assert eff.effect_claim(5, 5, 0.01, 0.9) == ("positive", "")
    assert eff.effect_claim(5, 5, -0.9, -0.01) == ("negative", "")
    assert eff.effect_claim(5, 5, np.nan, np.nan) == ("not_yet", "includes_zero")
    assert eff.MIN_K_CLAIM == 5


def test_effect_table_columns_come_from_the_same_activities():
    e = _effects()
    t = eff.effect_table(e)
    assert t[["activities", "measure"]].values.tolist() == [
        ["with_comparison_group", "before_after"], ["with_comparison_group", "against_comparison"],
        ["before_after_only", "before_after"]]
    comp = e[e.effect_type == "ppc"]
    row = t.set_index(["activities", "measure"])
    # both columns of the comparison-group row pool the same six activities
    assert row.loc[("with_comparison_group", "before_after"), "k"] == 6
    assert row.loc[("with_comparison_group", "against_comparison"), "k"] == 6
    ref_pp = eff.pool(comp.smcr, comp.smcr_var, knapp_hartung="truncated")
    ref_adj = eff.pool(comp.smd, comp.smd_var, knapp_hartung="truncated")
    assert_allclose(row.loc[("with_comparison_group", "before_after"), ["estimate", "ci_low", "ci_high"]],
                    [ref_pp.estimate, ref_pp.ci_low, ref_pp.ci_high], rtol=1e-12)
    assert_allclose(row.loc[("with_comparison_group", "against_comparison"), ["estimate", "ci_high"]],
                    [ref_adj.estimate, ref_adj.ci_high], rtol=1e-12)
    only = e[e.effect_type == "smcr"]
    assert row.loc[("before_after_only", "before_after"), "k"] == len(only)
    assert row.loc[("before_after_only", "before_after"), "claim"] == "not_yet"  # k = 4 < 5
    assert (t.model == "knapp_hartung_truncated").all()


def test_area_pools_use_truncated_knapp_hartung():
    """Homogeneous effects: the plain Knapp-Hartung scale is below 1 and would narrow the interval
    (here below the normal interval); the truncated form never does."""
    e = _effects(k_ppc=8, k_pp=0)
    e["smd"] = 0.3 + np.array([0.01, -0.01, 0.0, 0.02, -0.02, 0.01, 0.0, -0.01])
    t = eff.effect_table(e).set_index("measure").loc["against_comparison"]
    z = eff.pool(e.smd, e.smd_var)
    kh = eff.pool(e.smd, e.smd_var, knapp_hartung=True)
    assert kh.kh_scale < 1 and (kh.ci_high - kh.ci_low) < (z.ci_high - z.ci_low)
    assert t.ci_high - t.ci_low >= z.ci_high - z.ci_low
    assert_allclose(t.ci_high - t.estimate, stats.t.ppf(0.975, 7) * z.se, rtol=1e-10)


def test_clustered_activities_are_pooled_with_the_three_level_model():
    orgs = ["a", "a", "a", "b", "b", "c", "d", "d"]
    e = _effects(k_ppc=8, k_pp=0, orgs=orgs)
    t = eff.effect_table(e).set_index("measure").loc["against_comparison"]
    ml = eff.pool_multilevel(e.smd, e.smd_var, orgs, test="t")
    assert t.model == "three_level" and t.n_associations == 4 and t.df == 3
    assert_allclose([t.estimate, t.ci_low, t.ci_high], [ml.estimate, ml.ci_low, ml.ci_high], rtol=1e-12)
    one = eff.effect_table(_effects(k_ppc=6, k_pp=0, orgs=["a"] * 6)).iloc[0]
    assert (one.claim, one.reason) == ("not_yet", "one_association")


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(4)), st.integers(0, 1000))
def test_no_ranking_rows_keep_their_order_whatever_the_effects(perm, seed):
    themes = ["a_theme", "b_theme", "c_theme", "d_theme"]
    parts = [_effects(k_ppc=5, k_pp=5, theme=t, seed=seed + i) for i, t in enumerate(themes)]
    for p, shift in zip(parts, perm, strict=True):  # effects of any size order
        p["smd"] += shift
        p["smcr"] += shift
    t = eff.effect_table(pd.concat(parts, ignore_index=True))
    assert t.theme.tolist() == sorted(t.theme.tolist())  # by theme, never by effect size
    assert t.groupby("theme", sort=False).size().tolist() == [3] * 4


def test_plain_language_scale():
    for d, size in ((0.1, "very small"), (0.35, "small"), (0.6, "medium"), (1.1, "large"), (-0.3, "small")):
        words = eff.effect_size_words(d, lang="en")
        assert words.startswith(f"a {size}" if size != "medium" else "a medium")
        assert f"{100 * stats.norm.cdf(d):.0f}%" in words  # Cohen's U3 = Φ(d)
    assert "of the participants were at the start" in eff.effect_size_words(0.5, "before_after", "en")
    assert "keskikokoinen" in eff.effect_size_words(0.6, lang="fi")


def test_sentences_state_an_effect_only_when_the_rule_allows():
    t = eff.effect_table(_effects(k_ppc=6, k_pp=3))
    pick = lambda a, m: t[(t.activities == a) & (t.measure == m)].iloc[0]  # noqa: E731
    small = pick("before_after_only", "before_after")
    s_en = eff.claim_sentence(small, "Peer support", lang="en")
    assert "the evidence does not yet allow a conclusion" in s_en and "at least 5" in s_en
    assert "k < 5" in s_en and "k = 3" not in s_en  # counts of 1-4 never exact
    assert "näyttö ei vielä riitä johtopäätökseen" in eff.claim_sentence(small, "Vertaistuki")
    adj = pick("with_comparison_group", "against_comparison")
    assert adj.claim == "positive"
    s = eff.claim_sentence(adj, "Peer support", lang="en")
    assert "more than the comparison group" in s and "better off than" in s and "k = 6" in s
    wide = adj.copy()
    wide["ci_low"], wide["claim"], wide["reason"] = -0.1, "not_yet", "includes_zero"
    assert "includes zero" in eff.claim_sentence(wide, "Peer support", lang="en")


def test_pool_for_claim_result_api():
    p = eff.pool_for_claim([0.2, 0.4, 0.3, 0.5, 0.1], [0.02] * 5, ["a", "a", "b", "c", "d"])
    assert "ClaimPool" in repr(p) and len(p.to_frame()) == 1
    assert "three-level" in p.summary("en") and "kolmitasoinen" in p.summary("fi")
    with pytest.raises(ValueError, match="level"):
        eff.pool_for_claim([0.1, 0.2], [0.01, 0.01], level=95)
