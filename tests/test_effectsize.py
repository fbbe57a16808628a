"""Tests of :mod:`impactlib.effectsize` against published values and independent computations.

Sources of reference values (named again beside each number):

[morris]   metafor tests/testthat/test_analysis_example_morris2008.r (github.com/wviechtb/metafor):
           escalc(measure="SMCR"/"SMCC") on the data of Morris (2008), Table 1, and the
           pretest-posttest-control d_ppc2 "compare with results on page 382 (Table 5)".
[boren]    Borenstein, Hedges, Higgins & Rothstein (2009), *Introduction to Meta-Analysis*,
           ch. 4 worked example (means 103 and 100, SDs 5.5 and 4.5, n = 50 + 50).
[lakens]   Lakens (2013), *Frontiers in Psychology* 4:863, Table 1 (movie ratings, n = 10):
           t(9) = 4.74, Cohen's d_z = 1.50.

Tolerances: ``PUB4`` = 5e-5 for values published with 4 decimals, ``PUB2`` = 5e-3 for 2
decimals; ``EXACT`` = 1e-10 where two computations of the same formula are compared.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from reference import BAND, EXACT, MORRIS_C, MORRIS_T, PUB2, PUB4, REPS
from reference import long_scores as _long
from reference import split_activities as _split
from reference import summary_rows as _summary_rows

from impactlib.effectsize import (
    hedges_j,
    instruments,
    paired_scores,
    prepost,
    prepost_from_summary,
    smd,
    smd_ppc,
)
from impactlib.errors import DataError
from impactlib.reliable import reliable_change_rates

MT, MC = MORRIS_T, MORRIS_C  # [morris] Morris (2008) Table 1




# --- standardised mean change -------------------------------------------------


def test_smcr_smcc_morris_treatment_and_control():
    x = {"X": True}
    t = prepost_from_summary(_summary_rows(MT), higher_is_better=x)
    c = prepost_from_summary(_summary_rows(MC), higher_is_better=x)
    # [morris] SMCR, treatment and control groups (4 decimals)
    assert_allclose(t.smcr, [0.5056, 1.0481, 1.8054, 1.4181, 0.0801], atol=PUB4)
    assert_allclose(t.smcr_var, [0.0594, 0.0254, 0.2322, 0.1225, 0.0802], atol=PUB4)
    assert_allclose(c.smcr, [-0.2365, 0.0958, 0.0000, 0.2667, -0.4250], atol=PUB4)
    assert_allclose(c.smcr_var, [0.0544, 0.0173, 0.0511, 0.0232, 0.0864], atol=PUB4)
    # [morris] SMCC
    assert_allclose(t.smcc, [0.5417, 1.0198, 2.6619, 1.9088, 0.0765], atol=PUB4)
    assert_allclose(t.smcc_var, [0.0573, 0.0304, 0.5048, 0.2822, 0.0716], atol=PUB4)
    assert_allclose(c.smcc, [-0.2213, 0.1219, 0.0000, 0.5575, -0.2126], atol=PUB4)
    assert_allclose(c.smcc_var, [0.0512, 0.0240, 0.1111, 0.1050, 0.0730], atol=PUB4)
    # [morris] difference of the SMCRs, "compare with results on page 382 (Table 5)"
    assert_allclose(t.smcr - c.smcr, [0.7421, 0.9524, 1.8054, 1.1514, 0.5050], atol=1e-4)  # 2 roundings
    assert (t.r_source == "reported").all()


def test_smd_ppc_morris_table5():
    d = smd_ppc(MT.m_pre, MT.m_post, MT.sd_pre, MT.ni, MC.m_pre, MC.m_post, MC.sd_pre, MC.ni, MT.ri)
    # [morris] d_ppc2, Morris (2008) p. 382, Table 5; variances as in the metafor test
    assert_allclose(d.smd, [0.7684, 0.8010, 1.2045, 1.0476, 0.4389], atol=PUB4)
    assert_allclose(d.smd_var, [0.1134, 0.0350, 0.1425, 0.0681, 0.1634], atol=PUB4)


def test_lakens_movie_ratings_dz():
    movie1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9]
    movie2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7]
    # Movie 2 is the "post" score here so that the change is movie2 - movie1 = -1 on average;
    # with higher_is_better=False the standardised change is +d_z·J.
    r = prepost(_long(movie1, movie2, instrument="M"), higher_is_better={"M": False}).iloc[0]
    t_stat = abs(r.mean_change) / r.mean_change_se
    assert_allclose(t_stat, 4.74, atol=PUB2)  # [lakens] t(9) = 4.74
    dz = r.smcc / hedges_j(r.n_pairs - 1)
    assert_allclose(dz, 1.50, atol=PUB2)  # [lakens] Cohen's d_z = 1.50


def test_prepost_equals_summary_path_and_scipy():
    """Participant-level path vs an independent pandas/numpy/scipy computation."""
    from scipy import stats

    rng = np.random.default_rng(2)
    pre = rng.normal(20, 4, 25).round()
    post = (pre + rng.normal(1.5, 3, 25)).round()
    r = prepost(_long(pre, post)).iloc[0]
    rr = np.corrcoef(pre, post)[0, 1]
    assert_allclose([r.mean_pre, r.mean_post, r.sd_pre, r.sd_post, r.r],
                    [pre.mean(), post.mean(), pre.std(ddof=1), post.std(ddof=1), rr], rtol=EXACT)
    ci = stats.ttest_rel(post, pre).confidence_interval(0.95)
    assert_allclose([r.mean_change_ci_low, r.mean_change_ci_high], [ci.low, ci.high], rtol=EXACT)
    s = pd.DataFrame({"activity_id": "A", "instrument": "SWEMWBS", "group": "participant",
                      "phase": ["pre", "post"], "n": [25, 25], "mean": [pre.mean(), post.mean()],
                      "sd": [pre.std(ddof=1), post.std(ddof=1)], "r": [np.nan, rr]})
    f = prepost_from_summary(s).iloc[0]
    for c in ("smcr", "smcr_var", "smcc", "smcc_var", "mean_change_ci_low"):
        assert_allclose(r[c], f[c], rtol=EXACT)
    # hand formula (Becker 1988; metafor): SMCR = J·Δ/sd_pre, v = 2(1-r)/n + SMCR²/(2n)
    j = math.exp(math.lgamma(12) - 0.5 * math.log(12) - math.lgamma(11.5))  # J(24), independent
    g = j * (post.mean() - pre.mean()) / pre.std(ddof=1)
    assert_allclose([r.smcr, r.smcr_var], [g, 2 * (1 - rr) / 25 + g**2 / 50], rtol=EXACT)


def test_direction_lower_is_better_and_instruments_table():
    t = instruments().set_index("instrument")
    assert not t.loc["UCLA3", "higher_is_better"] and t.loc["SWEMWBS", "higher_is_better"]
    for c in ("reliability", "reliability_type", "reference"):
        assert t[c].notna().all()
    r = prepost(_long([7, 6, 8, 7], [5, 5, 6, 6], instrument="UCLA3")).iloc[0]
    assert r.mean_change < 0 and r.smcr > 0 and r.smcc > 0 and not r.higher_is_better


def test_unpaired_rows_are_reported():
    o = _long([20, 21, 22, 23, 24], [22, 23, None, 25, None])
    o = pd.concat([o, _long([None], [30]).assign(participant_id="late")])
    r = prepost(o).iloc[0]
    assert (r.n_pairs, r.n_pre_only, r.n_post_only) == (3, 2, 1)
    assert_allclose(r.mean_pre, np.mean([20, 21, 23]))  # paired participants only


def test_edge_cases_give_nan_with_a_note():
    o = pd.concat([
        _long([20], [25], activity="one_pair"),
        _long([20, 20, 20], [21, 22, 23], activity="no_pre_variation"),
        _long([20, 21, 22], [20, 21, 22], activity="identical"),
        _long([20, 21], [None, None], activity="missing_post"),
    ])
    r = prepost(o).set_index("activity_id")
    assert np.isnan(r.loc["one_pair", "smcr"]) and "fewer than 2" in r.loc["one_pair", "note"]
    assert np.isnan(r.loc["no_pre_variation", "smcr"]) and "pre-test" in r.loc["no_pre_variation", "note"]
    ident = r.loc["identical"]
    assert ident.smcr == 0 and ident.smcr_var == 0 and ident.r == 1  # r = 1 exactly, no rounding
    assert np.isnan(ident.smcc) and "change scores" in ident.note
    assert r.loc["missing_post", "n_pairs"] == 0 and r.loc["missing_post", "n_pre_only"] == 2
    # r = 1 in a summary: SMCR variance is SMCR²/(2n)
    s = pd.DataFrame({"activity_id": "A", "instrument": "SWEMWBS", "phase": ["pre", "post"], "n": [10, 10],
                      "mean": [20.0, 22.0], "sd": [4.0, 4.0], "r": [np.nan, 1.0]})
    f = prepost_from_summary(s).iloc[0]
    assert_allclose(f.smcr_var, f.smcr**2 / 20, rtol=EXACT)
    assert np.isnan(f.smcc)


def test_assumed_r_and_sensitivity():
    s = _summary_rows(MT).assign(r=np.nan)
    f = prepost_from_summary(s, higher_is_better={"X": True})
    assert (f.r_source == "assumed").all() and (f.r == 0.5).all()
    assert_allclose(f.smcr_var, 1 / MT.ni + f.smcr**2 / (2 * MT.ni), rtol=EXACT)  # r = 0.5 by hand
    sens = prepost_from_summary(s, higher_is_better={"X": True}, sensitivity=[0.2, 0.5, 0.8])
    assert len(sens) == 15 and set(sens.scenario_r) == {0.2, 0.5, 0.8}
    v = sens.pivot(index="activity_id", columns="scenario_r", values="smcr_var")
    assert (v[0.2] > v[0.5]).all() and (v[0.5] > v[0.8]).all()  # higher r, smaller variance
    with pytest.raises(ValueError, match="between -1 and 1"):
        prepost_from_summary(s, higher_is_better={"X": True}, assumed_r=1.5)


def test_bad_input():
    o = _long([20, 21], [22, 23])
    with pytest.raises(DataError, match="two scores"):
        prepost(pd.concat([o, o.iloc[[0]]]))
    with pytest.raises(DataError, match="score"):
        prepost(o.drop(columns="score"))
    with pytest.raises(ValueError, match="Unknown instrument"):
        prepost(o.assign(instrument="NEW"))
    assert prepost(o.assign(instrument="NEW"), higher_is_better={"NEW": True}).n_pairs.iloc[0] == 2


def test_input_frame_not_modified():
    o = _long([20, 21, 22], [22, 23, 25])
    before = o.copy()
    prepost(o)
    reliable_change_rates(o)
    pd.testing.assert_frame_equal(o, before)


def test_paired_scores_carries_covariates():
    o = _long([20, 21], [22, 23]).assign(age=[30, 40, 30, 40])
    w = paired_scores(o)
    assert w.age.tolist() == [30, 40] and w.pre.tolist() == [20.0, 21.0]


# --- two groups ------------------------------------------------------------------


def test_hedges_g_borenstein_chapter4():
    r = smd(103, 5.5, 50, 100, 4.5, 50, exact=False)
    # [boren] d = 0.5970, V_d = 0.0418, J = 0.9923, g = 0.5924
    assert_allclose([r.d, r.d_var, r.j, r.g], [0.5970, 0.0418, 0.9923, 0.5924], atol=PUB4)
    # metafor-style variance: (n1+n2)/(n1 n2) + g²/(2(n1+n2)), by hand
    assert_allclose(r.var, 100 / 2500 + r.g**2 / 200, rtol=EXACT)
    assert_allclose(r.sd_pooled, math.sqrt((49 * 5.5**2 + 49 * 4.5**2) / 98), rtol=EXACT)


def test_smd_arrays_in_arrays_out():
    r = smd([1.0, 2.0, 3.0], 1.0, [10, 20, 30], 0.0, 1.0, [10, 20, 30])
    assert r.g.shape == (3,) and r.var.shape == (3,)
    assert np.all(np.diff(r.g) > 0)
    assert r.to_frame().shape == (3, 10)
    assert np.isnan(smd(1.0, 0.0, 5, 1.0, 0.0, 5).g)  # zero SD in both groups: undefined
    with pytest.raises(ValueError, match="negative"):
        smd(1.0, -1.0, 5, 0.0, 1.0, 5)


def test_hedges_j_exact_vs_approximation():
    m = np.arange(2, 200)
    exact = hedges_j(m)
    independent = np.array([math.exp(math.lgamma(k / 2) - 0.5 * math.log(k / 2) - math.lgamma((k - 1) / 2))
                            for k in m])
    assert_allclose(exact, independent, rtol=EXACT)
    approx = hedges_j(m, exact=False)
    diff = np.abs(exact - approx)  # the approximation's documented accuracy
    assert np.all(diff[m >= 6] < 1e-3) and np.all(diff[m >= 19] < 1e-4) and diff[m == 18][0] > 1e-4
    assert np.isnan(hedges_j(1))


# --- reliable change -------------------------------------------------------------


# --- Wilson interval and felt help ----------------------------------------------


# --- simulation: CIs cover the planted truth (demo generator) --------------------


def test_smcr_and_smcc_ci_coverage():
    from impactlib.demo import PREPOST_R, SECULAR_TREND, simulate_prepost

    rng = np.random.default_rng(20240101)
    delta, n = 0.35, 30
    d = _split(simulate_prepost(rng, REPS * n, delta, round_scores=False), n)
    r = prepost(d)
    assert len(r) == REPS
    target = delta + SECULAR_TREND  # a pre/post design estimates the effect plus the trend
    cov_r = np.mean((r.smcr_ci_low <= target) & (target <= r.smcr_ci_high))
    assert abs(cov_r - 0.95) < BAND
    target_c = target / math.sqrt(2 * (1 - PREPOST_R))  # change-score standardisation
    cov_c = np.mean((r.smcc_ci_low <= target_c) & (target_c <= r.smcc_ci_high))
    assert abs(cov_c - 0.95) < BAND
    assert abs(r.smcr.mean() - target) < 0.03  # unbiased after the J correction (SE of mean ≈ 0.02)
