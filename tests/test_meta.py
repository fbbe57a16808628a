"""Tests of :mod:`impactlib.meta` against published R ``metafor`` output.

Reference values and where they are printed (each number below names its source):

[README]  metafor's GitHub README (github.com/wviechtb/metafor, README.md, section
          "Example"): ``escalc(measure="RR")`` on dat.bcg, ``rma(yi, vi, test="knha")``,
          ``predict(res, transf=exp, digits=2)``, ``regtest(res)`` and
          ``rma(yi, vi, mods=~ablat, test="knha")``.
[RoBMA]   RoBMA package vignette "Bayesian Meta-Analysis" (Bartoš & Maier), which prints
          ``metafor::rma(yi, vi, method="REML")`` on dat.bcg, ``confint()`` of it and
          ``rma(yi, vi, mods=~ablat)``.
[metan]   metafor tests/testthat/test_misc_metan_vs_rma.uni_with_dat.bcg.r (rma vs Stata metan).
[confint] metafor tests/testthat/test_misc_confint.r (DL model on dat.bcg).
[raud]    metafor tests/testthat/test_analysis_example_raudenbush1985.r (Raudenbush & Bryk
          1985, pp. 83–92).
[normand] metafor tests/testthat/test_analysis_example_normand1999.r (Normand 1999, Table IX).
[rmauni]  metafor tests/testthat/test_misc_rma_uni.r (SMCR on the Morris 2008 data; SMD on
          dat.normand1999 studies 1–4).
[pubbias] metafor tests/testthat/test_misc_pub_bias.r (regtest on dat.egger2001).

Tolerances: ``PUB4`` = 5e-5 absolute, half a unit in the 4th decimal, for values printed
with 4 decimals; ``PUB2`` = 5e-3 for values printed with 2 decimals. Where metafor's own
iteration tolerance shows in the 4th decimal, a relative 1e-4 is used and the reason is
given beside the assertion.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from reference import (
    BCG_ABLAT,
    MORRIS_T,
    PUB2,
    PUB4,
    p_dense,
    reml_dense,
)
from scipy import optimize

from impactlib.meta import meta_regression, pool, q_profile_tau2_ci, reml_loglik
from impactlib.pubbias import egger


def test_bcg_effect_sizes_match_escalc(bcg):
    yi, vi = bcg
    # [README] escalc output, 4 decimals
    assert_allclose(yi, [-0.8893, -1.5854, -1.3481, -1.4416, -0.2175, -0.7861, -1.6209, 0.0120,
                         -0.4694, -1.3713, -0.3394, 0.4459, -0.0173], atol=PUB4)
    assert_allclose(vi, [0.3256, 0.1946, 0.4154, 0.0200, 0.0512, 0.0069, 0.2230, 0.0040, 0.0564,
                         0.0730, 0.0124, 0.5325, 0.0714], atol=PUB4)


def test_fixed_effect_bcg(bcg):
    r = pool(*bcg, method="FE")
    # [metan] FE model, measure RR
    assert_allclose(r.estimate, -0.4303, atol=PUB4)
    assert_allclose([r.ci_low, r.ci_high], [-0.5097, -0.3509], atol=PUB4)
    assert_allclose(r.statistic, -10.6247, atol=PUB4)
    assert_allclose(r.q, 152.2330, atol=PUB4)
    assert r.tau2 == 0 and r.q_df == 12


def test_dersimonian_laird_bcg(bcg):
    r = pool(*bcg, method="DL")
    # [metan] RE model with DL estimator, measure RR
    assert_allclose(r.estimate, -0.7141, atol=PUB4)
    assert_allclose([r.ci_low, r.ci_high], [-1.0644, -0.3638], atol=PUB4)
    assert_allclose(r.statistic, -3.9952, atol=PUB4)
    assert_allclose(r.tau2, 0.3088, atol=PUB4)
    assert_allclose(r.i2 * 100, 92.1173, atol=PUB4)  # metafor prints I² in percent
    # [confint] confint() of the DL model: tau² CI and H² with CI
    assert_allclose([r.tau2_ci_low, r.tau2_ci_high], [0.1197, 1.1115], atol=PUB4)
    assert_allclose(r.h2, 12.6861, atol=PUB4)
    assert_allclose(r.i2_ci_high * 100, 97.6781, atol=PUB4)
    # H² = 1 + tau²/s² magnifies the bounds' root-finding error by 1/s² ≈ 38 (see below).
    assert_allclose([r.h2_ci_low, r.h2_ci_high], [5.5303, 43.0680], rtol=2e-4)
    # metafor finds the Q-profile bounds with uniroot (tolerance ~1e-4 in tau²); its lower
    # bound 0.11969 vs the exact root 0.119718 moves I² by 3e-5, so compare the share to 5e-5.
    assert_allclose(r.i2_ci_low, 0.819177, atol=5e-5)


def test_dl_matches_statsmodels_combine_effects(bcg):
    """Cross-check against an independent implementation (statsmodels)."""
    from statsmodels.stats.meta_analysis import combine_effects

    yi, vi = bcg
    sm = combine_effects(yi, vi, method_re="dl")
    r = pool(yi, vi, method="DL")
    tight = 1e-10  # same closed-form estimator: agreement to rounding error
    assert_allclose(r.tau2, sm.tau2, rtol=tight)
    assert_allclose(r.estimate, sm.mean_effect_re, rtol=tight)
    assert_allclose(r.se, sm.sd_eff_w_re, rtol=tight)
    assert_allclose(r.q, sm.q, rtol=tight)
    fe = pool(yi, vi, method="FE")
    assert_allclose(fe.estimate, sm.mean_effect_fe, rtol=tight)
    assert_allclose(fe.se, sm.sd_eff_w_fe, rtol=tight)


def test_reml_bcg(bcg):
    r = pool(*bcg, method="REML")
    # [RoBMA] rma(yi, vi, method="REML") on dat.bcg
    assert_allclose(r.tau2, 0.3132, atol=PUB4)
    assert_allclose(r.tau2_se, 0.1664, atol=PUB4)
    assert_allclose(r.tau, 0.5597, atol=PUB4)
    assert_allclose(r.i2 * 100, 92.22, atol=0.005)  # printed with 2 decimals in percent
    assert_allclose(r.h2, 12.86, atol=PUB2)
    assert_allclose(r.q, 152.2330, atol=PUB4)
    assert_allclose(r.estimate, -0.7145, atol=PUB4)
    assert_allclose(r.se, 0.1798, atol=PUB4)
    assert_allclose(r.statistic, -3.9744, atol=PUB4)
    assert_allclose([r.ci_low, r.ci_high], [-1.0669, -0.3622], atol=PUB4)
    # [RoBMA] confint(): tau² [0.1197, 1.1115], I² 92.2214 [., 97.6781], H² 12.8558 [5.5303, 43.0680]
    assert_allclose([r.tau2_ci_low, r.tau2_ci_high], [0.1197, 1.1115], atol=PUB4)
    assert_allclose(r.i2 * 100, 92.2214, atol=PUB4)
    assert_allclose(r.i2_ci_high * 100, 97.6781, atol=PUB4)
    assert_allclose(r.h2, 12.8558, atol=PUB4)
    assert r.test == "z" and r.warnings == ()


def test_reml_knapp_hartung_and_prediction_interval_bcg(bcg):
    r = pool(*bcg, method="REML", knapp_hartung=True)
    # [README] rma(yi, vi, test="knha")
    assert_allclose(r.se, 0.1808, atol=PUB4)
    assert_allclose(r.statistic, -3.9522, atol=PUB4)
    assert r.test == "t" and r.df == 12
    assert_allclose(r.pvalue, 0.0019, atol=PUB4)
    assert_allclose([r.ci_low, r.ci_high], [-1.1084, -0.3206], atol=PUB4)
    # [README] predict(res, transf=exp, digits=2): 0.49 [0.33, 0.73], PI [0.14, 1.76]
    assert_allclose(np.exp([r.estimate, r.ci_low, r.ci_high, r.pi_low, r.pi_high]),
                    [0.49, 0.33, 0.73, 0.14, 1.76], atol=PUB2)


def test_prediction_interval_formula(bcg):
    """Independent hand computation of the PI: mu ± z·sqrt(se² + tau²)."""
    from scipy import stats

    r = pool(*bcg)
    half = stats.norm.ppf(0.975) * np.sqrt(r.se**2 + r.tau2)
    assert_allclose([r.pi_low, r.pi_high], [r.estimate - half, r.estimate + half], rtol=1e-12)


def test_reml_raudenbush1985(shared_data):
    dat = pd.read_csv(shared_data / "meta_analysis" / "dat.raudenbush1985.csv")
    r = pool(dat.yi, dat.vi)
    # [raud] Raudenbush & Bryk (1985) pp. 83, 85, 86: tau² 0.0188, mu 0.0837, Q 35.8295, z 1.6208
    assert_allclose(r.tau2, 0.0188, atol=PUB4)
    assert_allclose(r.estimate, 0.0837, atol=PUB4)
    assert_allclose(r.q, 35.8295, atol=PUB4)
    assert_allclose(r.statistic, 1.6208, atol=PUB4)
    # [raud] mixed-effects model with weeks.c = min(weeks, 3): tau² 0, b = (0.4072, -0.1572),
    # QE 16.5708, z = (4.6782, -4.3884)
    weeks_c = np.minimum(dat.weeks, 3)
    m = meta_regression(dat.yi, dat.vi, weeks_c.rename("weeks_c"))
    assert_allclose(m.tau2, 0.0, atol=PUB4)
    assert_allclose(m.coefficients.estimate, [0.4072, -0.1572], atol=PUB4)
    assert_allclose(m.qe, 16.5708, atol=PUB4)
    # metafor's Fisher scoring stops at tau² ≈ 1e-6 instead of the boundary 0 that we reach
    # (with tau² = 1e-6 our z values are 4.67819 and -4.38841, the printed ones), so 1e-4.
    assert_allclose(m.coefficients.statistic, [4.6782, -4.3884], atol=1e-4)
    assert m.coefficients.term.tolist() == ["intercept", "weeks_c"]


def test_normand1999_mean_differences(shared_data):
    d = pd.read_csv(shared_data / "meta_analysis" / "dat.normand1999.csv")
    sdp = np.sqrt(((d.n1i - 1) * d.sd1i**2 + (d.n2i - 1) * d.sd2i**2) / (d.n1i + d.n2i - 2))
    yi = d.m1i - d.m2i
    vi = sdp**2 / d.n1i + sdp**2 / d.n2i
    # [normand] Table VIII p. 351: variances 40.59, 2.05, ... (2 decimals)
    assert_allclose(vi, [40.59, 2.05, 15.28, 150.22, 20.19, 1.22, 95.38, 8.03, 20.69], atol=PUB2)
    fe, dl, reml = (pool(yi, vi, method=m) for m in ("FE", "DL", "REML"))
    # [normand] Table IX p. 352 (2 decimals)
    assert_allclose([fe.estimate, fe.ci_low, fe.ci_high], [-3.49, -5.03, -1.96], atol=PUB2)
    assert_allclose([dl.estimate, dl.ci_low, dl.ci_high, dl.tau2], [-14.10, -24.45, -3.75, 218.72], atol=PUB2)
    assert_allclose([reml.estimate, reml.ci_low, reml.ci_high, reml.tau2], [-15.12, -32.67, 2.43, 685.20],
                    atol=PUB2)


def test_meta_regression_bcg_ablat(bcg):
    yi, vi = bcg
    m = meta_regression(yi, vi, pd.Series(BCG_ABLAT, name="ablat"))
    c = m.coefficients.set_index("term")
    # [RoBMA] rma(yi, vi, mods=~ablat): estimates, SEs, CIs (4 decimals)
    assert_allclose(c.estimate, [0.2515, -0.0291], atol=PUB4)
    assert_allclose(c.se, [0.2491, 0.0072], atol=PUB4)
    # ci_low of the intercept: -0.23675 here, -0.23677 at metafor's stopping point tau² = 0.076355
    # (see below), printed -0.2368; hence 1e-4.
    assert_allclose(c.ci_low, [-0.2368, -0.0432], atol=1e-4)
    assert_allclose(c.ci_high, [0.7397, -0.0150], atol=PUB4)
    assert_allclose(m.tau2_se, 0.0591, atol=1e-4)  # 0.059047 here, 0.059051 at tau² = 0.076355
    assert_allclose(m.qe, 30.7331, atol=PUB4)
    assert_allclose(m.i2 * 100, 68.39, atol=0.005)
    assert_allclose(m.h2, 3.16, atol=PUB2)
    assert_allclose(m.r2 * 100, 75.62, rtol=1e-4)  # 75.6266 here, 75.6244 at tau² = 0.076355
    # metafor stops Fisher scoring when tau² changes by < 1e-5 (rma control "threshold"), so
    # its tau² (printed 0.0764) sits ~7e-6 above the REML maximum 0.076348 that we reach (see
    # test_reml_is_the_maximum); the statistics built on it move in the 5th significant digit,
    # hence 1e-4 (rounding 5e-5 plus the 7e-6 offset) for tau² and a relative 1e-4 for QM and z.
    assert_allclose(m.tau2, 0.0764, atol=1e-4)
    assert_allclose(m.qm, 16.3571, rtol=1e-4)
    assert_allclose(c.statistic, [1.0095, -4.0444], rtol=1e-4)
    assert m.qm_df == 1 and m.test == "z"


def test_meta_regression_knapp_hartung_bcg(bcg):
    yi, vi = bcg
    m = meta_regression(yi, vi, BCG_ABLAT, knapp_hartung=True)
    # [README] rma(yi, vi, mods=~ablat, test="knha")
    assert_allclose(m.coefficients.se, [0.2839, 0.0082], atol=PUB4)
    assert_allclose(m.coefficients.statistic, [0.8857, -3.5483], rtol=1e-4)  # see tau² note above
    assert_allclose(m.coefficients.ci_low, [-0.3735, -0.0472], atol=1e-4)  # as in the z-test case
    assert_allclose(m.coefficients.ci_high, [0.8764, -0.0111], atol=PUB4)
    assert_allclose(m.qm, 12.5905, rtol=1e-4)  # F(1, 11)
    assert_allclose(m.qm_pvalue, 0.0046, atol=PUB4)
    assert m.test == "t"


def test_reml_is_the_maximum(bcg):
    """Independent check: maximise the restricted likelihood numerically (scipy)."""
    yi, vi = bcg
    for mods in (None, BCG_ABLAT):
        ours = (pool(yi, vi).tau2 if mods is None else meta_regression(yi, vi, mods).tau2)
        opt = optimize.minimize_scalar(lambda t, m=mods: -reml_loglik(t, yi, vi, m), bounds=(0, 5),
                                       method="bounded", options={"xatol": 1e-10})
        assert_allclose(ours, opt.x, atol=1e-7)  # bounded Brent converges to ~1e-8
        assert reml_loglik(ours, yi, vi, mods) >= reml_loglik(opt.x, yi, vi, mods) - 1e-12


def test_reml_smcr_morris_and_smd_normand():
    from impactlib.effectsize import prepost_from_summary, smd

    # [rmauni] SMCR of the Morris (2008) treatment groups, REML tau² = 0.3164
    t = MORRIS_T
    rows = []
    for i, r in t.iterrows():
        rows += [{"activity_id": i, "instrument": "X", "phase": "pre", "n": r.ni, "mean": r.m_pre, "sd": r.sd_pre},
                 {"activity_id": i, "instrument": "X", "phase": "post", "n": r.ni, "mean": r.m_post,
                  "sd": r.sd_post, "r": r.ri}]
    e = prepost_from_summary(pd.DataFrame(rows), higher_is_better={"X": True})
    assert_allclose(pool(e.smcr, e.smcr_var).tau2, 0.3164, atol=PUB4)
    # [rmauni] SMD of dat.normand1999 studies 1-4, REML tau² = 1.0090
    g = smd([55, 27, 64, 66], [47, 7, 17, 20], [155, 31, 75, 18], [75, 29, 119, 137], [64, 4, 29, 48],
            [156, 32, 71, 18])
    assert_allclose(pool(g.g, g.var).tau2, 1.0090, atol=PUB4)


# --- edge cases -------------------------------------------------------------


def test_single_study():
    r = pool([0.4], [0.04])
    assert_allclose([r.estimate, r.se], [0.4, 0.2], rtol=1e-12)
    assert np.isnan(r.tau2) and np.isnan(r.i2) and np.isnan(r.pi_low) and np.isnan(r.q_pvalue)
    assert r.k == 1 and any("one study" in w for w in r.warnings)
    fe = pool([0.4], [0.04], method="FE")
    assert_allclose([fe.pi_low, fe.pi_high], [fe.ci_low, fe.ci_high])


def test_random_effects_with_two_studies_warns():
    r = pool([0.1, 0.5], [0.02, 0.03])
    assert np.isfinite(r.estimate) and np.isfinite(r.tau2)
    assert any("Only 2 studies" in w for w in r.warnings)
    assert pool([0.1, 0.5], [0.02, 0.03], method="FE").warnings == ()


def test_all_effects_equal_gives_zero_heterogeneity():
    r = pool([0.3] * 5, [0.01, 0.02, 0.03, 0.04, 0.05])
    assert r.tau2 == 0 and r.q == 0 and r.i2 == 0 and r.h2 == 1
    # Q = 0 lies below the lower chi² quantile: the Q-profile interval is the empty set
    # (metafor prints both bounds as 0 and "The CIs are therefore equal to the null/empty set";
    # print.confint.rma.r). An empty interval is NaN with a note, never [0, 0] without one.
    assert np.isnan(r.tau2_ci_low) and np.isnan(r.tau2_ci_high)
    assert np.isnan(r.i2_ci_low) and np.isnan(r.h2_ci_high)
    assert any("empty set" in w for w in r.warnings)
    assert_allclose(r.estimate, 0.3, rtol=1e-12)
    assert_allclose([r.pi_low, r.pi_high], [r.ci_low, r.ci_high], rtol=1e-12)
    assert r.q_pvalue == 1.0
    assert pool([0.3] * 5, [0.01] * 5, method="DL").tau2 == 0


@pytest.mark.parametrize(
    ("yi", "vi", "match"),
    [
        ([0.1, np.nan], [0.01, 0.02], "missing"),
        ([0.1, 0.2], [0.01, 0.0], "greater than 0"),
        ([0.1, 0.2], [0.01], "one sampling variance"),
        ([], [], "No effect sizes"),
    ],
)
def test_bad_input_raises_clear_error(yi, vi, match):
    with pytest.raises(ValueError, match=match):
        pool(yi, vi)


def test_bad_options():
    with pytest.raises(ValueError, match="method"):
        pool([0.1, 0.2], [0.01, 0.02], method="ML")
    with pytest.raises(ValueError, match="level"):
        pool([0.1, 0.2], [0.01, 0.02], level=95)
    with pytest.raises(ValueError, match="coefficients cannot be estimated"):
        meta_regression([0.1, 0.2], [0.01, 0.02], [1, 2])


def test_categorical_moderator_is_dummy_coded(bcg):
    yi, vi = bcg
    alloc = pd.Series(["random"] * 4 + ["alternate"] * 2 + ["random"] * 3 + ["systematic"] * 4, name="alloc")
    m = meta_regression(yi, vi, alloc)
    assert m.coefficients.term.tolist() == ["intercept", "alloc_random", "alloc_systematic"]
    assert m.qm_df == 2


def test_input_not_modified_and_result_tables(bcg):
    yi, vi = (pd.Series(x.copy()) for x in bcg)
    before = yi.copy()
    r = pool(yi, vi, labels=[f"s{i}" for i in range(13)], n=np.arange(13) + 10)
    pd.testing.assert_series_equal(yi, before)
    f = r.to_frame()
    assert list(f.columns[:6]) == ["k", "method", "knapp_hartung", "estimate", "se", "ci_low"]
    assert {"pi_low", "pi_high", "tau2", "i2", "h2", "q", "q_pvalue", "warnings", "confidence"} <= set(f.columns)
    assert_allclose(r.studies.weight.sum(), 1.0)
    assert r.studies.label.tolist()[0] == "s0"
    assert "Yhdistetty vaikutus" in r.summary("fi") and "Pooled effect" in r.summary("en")
    assert "PoolResult(method='REML'" in repr(r)


def test_q_profile_function(bcg):
    lo, hi = q_profile_tau2_ci(*bcg)
    assert_allclose([lo, hi], [0.1197, 1.1115], atol=PUB4)  # [RoBMA] confint()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-2, 2, allow_nan=False), min_size=3, max_size=12).flatmap(
        lambda ys: st.tuples(st.just(ys), st.lists(st.floats(0.005, 1.0), min_size=len(ys), max_size=len(ys)))
    )
)
def test_properties_of_pooling(data):
    yi, vi = (np.asarray(x, dtype=float) for x in data)
    fe, dl, reml = (pool(yi, vi, method=m) for m in ("FE", "DL", "REML"))
    for r in (fe, dl, reml):
        assert yi.min() - 1e-9 <= r.estimate <= yi.max() + 1e-9  # a weighted mean
        assert r.ci_low <= r.estimate <= r.ci_high
        assert r.pi_low <= r.ci_low + 1e-12 and r.pi_high >= r.ci_high - 1e-12
        assert 0 <= r.i2 <= 1
        empty = any("empty set" in w for w in r.warnings)  # Q below its lower quantile
        assert (np.isnan(r.tau2_ci_low) and np.isnan(r.tau2_ci_high)) if empty else \
            r.tau2_ci_low <= r.tau2_ci_high
    assert reml.tau2 >= 0 and dl.tau2 >= 0
    # REML: zero score at an interior maximum, or a non-positive score at tau² = 0
    eps = 1e-6
    if reml.tau2 > 1e-6:
        left = reml_loglik(reml.tau2 - eps, yi, vi)
        right = reml_loglik(reml.tau2 + eps, yi, vi)
        mid = reml_loglik(reml.tau2, yi, vi)
        assert mid >= max(left, right) - 1e-9
    else:
        assert reml_loglik(0.0, yi, vi) >= reml_loglik(eps, yi, vi) - 1e-9
    # shifting every effect shifts the estimate; the heterogeneity does not change
    shifted = pool(yi + 1.0, vi)
    assert_allclose(shifted.estimate, reml.estimate + 1.0, atol=1e-7)
    assert_allclose(shifted.tau2, reml.tau2, atol=1e-7)


# --- Knapp-Hartung, plain and truncated (metafor test="knha" and test="adhoc") ----------------


def test_knapp_hartung_raudenbush2009_reml(shared_data):
    """[raud2009] metafor tests/testthat/test_analysis_example_raudenbush2009.r, "random-effects
    model (Knapp & Hartung method)", REML row (Raudenbush 2009, Table 16.3): mu 0.0837,
    se 0.0616, t 1.3593, CI (-0.0457, 0.2131). The scale is above 1 here, so the truncated form
    (metafor's test="adhoc": "the adjustment ... can never result in adjusted standard errors
    that are smaller than the unadjusted ones", rma.uni help) gives the same numbers."""
    dat = pd.read_csv(shared_data / "meta_analysis" / "dat.raudenbush1985.csv")
    for kh in (True, "truncated"):
        r = pool(dat.yi, dat.vi, knapp_hartung=kh)
        assert_allclose([r.estimate, r.se, r.ci_low, r.ci_high], [0.0837, 0.0616, -0.0457, 0.2131],
                        atol=PUB4)
        # t = 1.35924 here; metafor stops Fisher scoring at a tau² change below 1e-5 (see the
        # BCG meta-regression note above), which moves t in the 5th significant digit: 1e-4.
        assert_allclose(r.statistic, 1.3593, atol=1e-4)
        assert r.test == "t" and r.df == 18 and r.kh_scale > 1
        assert not any("below 1" in w for w in r.warnings)


def test_knapp_hartung_scale_below_one_warns_and_truncates(shared_data):
    """Raudenbush & Bryk (1985) mixed-effects model (weeks.c): tau² = 0 and QE = 16.5708 on
    17 df ([raud], printed values), so the Knapp-Hartung scale is QE/17 = 0.975 < 1."""
    dat = pd.read_csv(shared_data / "meta_analysis" / "dat.raudenbush1985.csv")
    weeks_c = pd.Series(np.minimum(dat.weeks, 3), name="weeks_c")
    kh = meta_regression(dat.yi, dat.vi, weeks_c, knapp_hartung=True)
    scale = 16.5708 / 17
    # test="knha": SEs scaled by sqrt(scale) < 1, i.e. statistics larger than the z values
    assert_allclose(kh.coefficients.statistic, np.array([4.6782, -4.3884]) / np.sqrt(scale), atol=2e-4)
    assert any("below 1" in w for w in kh.warnings)
    # test="adhoc" (metafor rma.uni.r: s2w[s2w < 1] <- 1): the published z values, with t(17)
    tr = meta_regression(dat.yi, dat.vi, weeks_c, knapp_hartung="truncated")
    assert_allclose(tr.coefficients.statistic, [4.6782, -4.3884], atol=1e-4)  # see [raud] note
    assert tr.test == "t" and tr.knapp_hartung == "truncated"
    z = meta_regression(dat.yi, dat.vi, weeks_c)
    assert_allclose(tr.coefficients.se, z.coefficients.se, rtol=1e-12)
    from scipy import stats

    half = stats.t.ppf(0.975, 17) * z.coefficients.se
    assert_allclose(tr.coefficients.ci_high - tr.coefficients.estimate, half, rtol=1e-10)


def test_knapp_hartung_on_identical_effects_gives_nan_not_zero_se():
    yi, vi = [0.3] * 5, [0.01, 0.02, 0.03, 0.04, 0.05]
    r = pool(yi, vi, knapp_hartung=True)  # filterwarnings=error: no RuntimeWarning either
    assert np.isnan(r.se) and np.isnan(r.pvalue) and np.isnan(r.ci_low) and np.isnan(r.statistic)
    assert any("identical" in w for w in r.warnings)
    t = pool(yi, vi, knapp_hartung="truncated")
    z = pool(yi, vi)
    assert_allclose(t.se, z.se, rtol=1e-12) and t.pvalue > 0
    assert t.ci_high - t.ci_low > z.ci_high - z.ci_low  # t quantile on 4 df


def test_knapp_hartung_option_is_checked():
    with pytest.raises(ValueError, match="knapp_hartung"):
        pool([0.1, 0.2, 0.3], [0.01] * 3, knapp_hartung="yes")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(-1, 1, allow_nan=False), min_size=3, max_size=15).flatmap(
        lambda ys: st.tuples(st.just(ys), st.lists(st.floats(0.005, 0.5), min_size=len(ys), max_size=len(ys)))
    )
)
def test_truncated_knapp_hartung_is_never_narrower(data):
    """Independent computation of both forms: se_KH = sqrt(s² / Σw), s² = Σw(y-mu)²/(k-1)."""
    yi, vi = (np.asarray(x, dtype=float) for x in data)
    z = pool(yi, vi)
    kh = pool(yi, vi, knapp_hartung=True)
    tr = pool(yi, vi, knapp_hartung="truncated")
    w = 1 / (vi + z.tau2)
    s2 = np.sum(w * (yi - z.estimate) ** 2) / (len(yi) - 1)
    assert_allclose(tr.kh_scale, s2, rtol=1e-9, atol=1e-15)
    assert_allclose(tr.se, np.sqrt(max(1.0, s2) / w.sum()), rtol=1e-9)
    assert tr.se >= z.se * (1 - 1e-12)
    if s2 > 1e-12:
        assert_allclose(kh.se, np.sqrt(s2 / w.sum()), rtol=1e-9)
        assert any("below 1" in m for m in kh.warnings) == (s2 < 1)


# --- REML in O(k): the fast closed forms against the obvious k x k computation -------------


def _reml_slow(yi, vi):
    """τ², its SE and the typical within-study variance, all from dense matrices
    (``reference.reml_dense``, Viechtbauer 2005)."""
    t2, _ = reml_dense(yi, vi)
    p = p_dense(vi, t2)
    return t2, np.sqrt(2 / np.trace(p @ p)), (len(yi) - 1) / np.trace(p_dense(vi, 0.0))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.floats(-2, 2, allow_nan=False), min_size=3, max_size=25).flatmap(
        lambda ys: st.tuples(st.just(ys), st.lists(st.floats(0.005, 1.0), min_size=len(ys), max_size=len(ys)))
    )
)
@example(([1.0, 0.0, 0.0, 0.0, 0.0], [0.125, 1.0, 1.0, 1.0, 1.0]))  # Fisher scoring oscillates here
@example(([0.0, 1.0, 0.5, 0.0, 1.125, 0.0, 0.5], [1.0, 0.5, 1.0, 0.125, 0.5, 1.0, 1.0]))  # flat: CI
def test_fast_reml_agrees_with_dense_implementation(data):
    yi, vi = (np.asarray(x, dtype=float) for x in data)
    t2, se_t2, s2 = _reml_slow(yi, vi)
    r = pool(yi, vi)
    assert_allclose(r.tau2, t2, rtol=1e-7, atol=1e-9)  # bounded Brent (both fallbacks) to ~1e-9
    if t2 > 0:
        assert_allclose(r.tau2_se, se_t2, rtol=1e-6)
        assert_allclose(r.i2, t2 / (t2 + s2), rtol=1e-6, atol=1e-12)


def test_reml_where_fisher_scoring_swings_is_the_exact_root():
    """Seven effects whose REML likelihood is flat at τ² ≈ 0.004: Fisher scoring swings across
    the root for hundreds of steps (observed information about twice the expected). The
    estimate is the root of the REML score, here found independently in exact rational
    arithmetic (fractions, bisection to 2⁻⁶⁰ of the bracket)."""
    from fractions import Fraction as F

    yi, vi = [0.0, 1.0, 0.5, 0.0, 1.125, 0.0, 0.5], [1.0, 0.5, 1.0, 0.125, 0.5, 1.0, 1.0]

    def score(t):
        w = [1 / (F(v) + t) for v in vi]
        mu = sum(wi * F(y) for wi, y in zip(w, yi, strict=True)) / sum(w)
        return (sum((wi * (F(y) - mu)) ** 2 for wi, y in zip(w, yi, strict=True))
                - (sum(w) - sum(wi * wi for wi in w) / sum(w)))

    lo, hi = F(0), F(1, 10)
    assert score(lo) > 0 > score(hi)
    for _ in range(60):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if score(mid) > 0 else (lo, mid)
    r = pool(yi, vi)
    assert_allclose(r.tau2, float(lo), rtol=1e-12)
    assert not r.warnings


# --- Egger's test on a constant predictor -----------------------------------------------------


@pytest.mark.parametrize("model", ["lm", "rma"])
def test_egger_with_equal_variances_is_nan_with_a_note(model):
    yi = [0.1, 0.3, 0.2, 0.5, 0.4, 0.25, 0.35, 0.15, 0.45, 0.3, 0.2]
    r = egger(yi, [0.02] * len(yi), model=model)  # SE is constant: the design is rank-deficient
    assert np.isnan(r.intercept) and np.isnan(r.pvalue) and np.isnan(r.limit_estimate)
    assert any("rank-deficient" in w for w in r.warnings)
    n = egger(yi, np.linspace(0.01, 0.05, len(yi)), model="lm", predictor="sqrtninv", ni=[40] * len(yi))
    assert np.isnan(n.statistic) and any("sample size" in w for w in n.warnings)
