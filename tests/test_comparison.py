"""Tests of :mod:`impactlib.comparison` (difference-in-differences and IPW).

Checked against independent computations (a numpy cluster-robust sandwich estimator,
propensity scores from statsmodels ``Logit``) and by simulation with the demo generator
(``impactlib.demo.simulate_prepost``): the 95 % CIs cover the planted effect in about 95 % of
200 repetitions.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from reference import BAND, REPS
from reference import sim_comparison as _sim_comparison

from impactlib import effectiveness as eff


def test_did_equals_hand_computation_with_cluster_sandwich():
    d = _sim_comparison(3, n=25)
    e = eff.comparison_effect(d).effects.set_index("method")
    w = eff.paired_scores(d).dropna(subset=["pre", "post"])
    t = (w.group == "participant").to_numpy(float)
    ch = (w.post - w.pre).to_numpy()
    did = ch[t == 1].mean() - ch[t == 0].mean()
    assert_allclose(e.loc["did", "estimate"], did, rtol=1e-9)
    # independent cluster-robust variance (numpy): V = c · B⁻¹ M B⁻¹, clusters = participants
    y = np.concatenate([w.pre, w.post])
    tt, post = np.concatenate([t, t]), np.repeat([0.0, 1.0], len(w))
    x = np.column_stack([np.ones_like(y), tt, post, tt * post])
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    u = y - x @ beta
    g = np.concatenate([np.arange(len(w))] * 2)
    scores = np.zeros((len(w), 4))
    np.add.at(scores, g, x * u[:, None])
    bread = np.linalg.inv(x.T @ x)
    n_obs, k, n_g = len(y), 4, len(w)
    c = n_g / (n_g - 1) * (n_obs - 1) / (n_obs - k)  # statsmodels' default small-sample factor
    v = c * bread @ (scores.T @ scores) @ bread
    assert_allclose(e.loc["did", "se"], math.sqrt(v[3, 3]), rtol=1e-9)


def test_ipw_matches_statsmodels_logit_weights():
    import statsmodels.api as sm

    d = _sim_comparison(5, n=40)
    res = eff.comparison_effect(d, estimand="ATT")
    e = res.effects.set_index("method")
    w = eff.paired_scores(d).dropna(subset=["pre", "post"])
    t = (w.group == "participant").to_numpy(int)
    age = w.age.to_numpy(float)
    ps = sm.Logit(t, sm.add_constant(age)).fit(disp=0).predict()  # independent propensity model
    wt = np.where(t == 1, 1.0, ps / (1 - ps))
    ch = (w.post - w.pre).to_numpy()
    est = np.average(ch[t == 1], weights=wt[t == 1]) - np.average(ch[t == 0], weights=wt[t == 0])
    assert_allclose(e.loc["ipw", "estimate"], est, rtol=1e-5)  # lbfgs vs Newton: optimiser tolerance
    bal = res.balance.set_index("covariate")
    assert set(bal.index) == {"age", "pre"}  # the pre-test score is always shown
    assert abs(bal.loc["age", "smd_after"]) < abs(bal.loc["age", "smd_before"])


def test_comparison_effect_coverage_and_lords_paradox():
    from impactlib.demo import INSTRUMENT_NORMS

    delta = 0.35
    d = _sim_comparison(11, n_act=REPS, n=30, delta=delta)
    res = eff.comparison_effect(d)
    e = res.effects
    sd = INSTRUMENT_NORMS["SWEMWBS"][1]
    for method in ("did", "ipw"):
        x = e[e.method == method]
        assert len(x) == REPS
        cov = np.mean((x.ci_low <= delta * sd) & (delta * sd <= x.ci_high))
        assert abs(cov - 0.95) < BAND, (method, cov)
    did = e[e.method == "did"]
    cov_smd = np.mean((did.smd_ci_low <= delta) & (delta <= did.smd_ci_high))
    assert abs(cov_smd - 0.95) < BAND
    assert abs(did.smd.mean() - delta) < 0.03  # mean of 200 estimates, SE ≈ 0.02
    # Weighting on the pre-test score when the groups differ in level builds regression to
    # the mean into the comparison (Lord's paradox): the demo's DGP shifts the participants'
    # group mean by 0.3 SD, so the bias is about -(1 - ρ)·0.3 SD = -0.12 SD.
    first40 = d[d.activity_id.isin([f"A{i}" for i in range(40)])]
    with_pre = eff.comparison_effect(first40, covariates=["pre", "age"]).effects
    assert with_pre[with_pre.method == "ipw"].smd.mean() < delta - 0.06


def test_comparison_effect_without_comparison_data():
    o = pd.DataFrame({"activity_id": "A", "participant_id": ["p1", "p1"], "phase": ["pre", "post"],
                      "instrument": "SWEMWBS", "score": [20.0, 22.0], "group": "participant"})
    res = eff.comparison_effect(o)
    assert res.effects.empty and "estimate" in res.effects.columns
    with pytest.raises(ValueError, match="estimand"):
        eff.comparison_effect(o, estimand="ATC")


# --- small samples: t on the right degrees of freedom, CR2/Welch, a note ----------------------


def test_three_vs_three_interval_uses_t_on_clusters_minus_one():
    """With 3 + 3 participants the clustered SE has G - 1 = 5 df: t₅ = 2.571, not z = 1.960
    (a quarter too narrow). Cameron & Miller (2015), section VI.C."""
    from scipy import stats

    d = _sim_comparison(21, n=3)
    e = eff.comparison_effect(d).effects.set_index("method")
    did = e.loc["did"]
    assert did.df == 5 and did.se_type == "CR1"
    assert_allclose(did.ci_high - did.estimate, stats.t.ppf(0.975, 5) * did.se, rtol=1e-12)
    assert_allclose(did.pvalue, 2 * stats.t.sf(abs(did.estimate / did.se), 5), rtol=1e-12)
    assert "only 3 participants" in did.note
    ipw = e.loc["ipw"]
    assert ipw.df == 4  # n - 2 for the WLS difference in weighted means
    assert_allclose(ipw.ci_high - ipw.estimate, stats.t.ppf(0.975, 4) * ipw.se, rtol=1e-12)


def test_three_vs_three_coverage():
    """1,000 activities of 3 + 3 participants (demo generator, planted effect 0.35 SD): the 95 %
    CI covers in 95 % ± 2.3 points (a 99.9 % band); with normal critical values it covered
    about 89 %."""
    from impactlib.demo import INSTRUMENT_NORMS

    reps, delta = 1000, 0.35
    d = _sim_comparison(31, n_act=reps, n=3, delta=delta)
    truth = delta * INSTRUMENT_NORMS["SWEMWBS"][1]
    band = 3.29 * math.sqrt(0.95 * 0.05 / reps)
    e = eff.comparison_effect(d).effects
    did = e[e.method == "did"]
    assert len(did) == reps
    cov = np.mean((did.ci_low <= truth) & (truth <= did.ci_high))
    assert abs(cov - 0.95) < band, cov
    cr2 = eff.comparison_effect(d, se="CR2").effects
    cr2 = cr2[cr2.method == "did"]
    cov2 = np.mean((cr2.ci_low <= truth) & (truth <= cr2.ci_high))
    assert cov2 > 0.95 - band, cov2  # Welch is conservative, never too narrow


def test_cr2_is_welchs_test_on_the_change_scores():
    from scipy import stats

    d = _sim_comparison(8, n=6)
    e = eff.comparison_effect(d, se="CR2").effects.set_index("method").loc["did"]
    w = eff.paired_scores(d).dropna(subset=["pre", "post"])
    ch = (w.post - w.pre).to_numpy()
    t = (w.group == "participant").to_numpy()
    ref = stats.ttest_ind(ch[t], ch[~t], equal_var=False)  # independent: scipy's Welch test
    ci = ref.confidence_interval(0.95)
    assert_allclose([e.estimate / e.se, e.pvalue, e.df], [ref.statistic, ref.pvalue, ref.df], rtol=1e-10)
    assert_allclose([e.ci_low, e.ci_high], [ci.low, ci.high], rtol=1e-10)
    with pytest.raises(ValueError, match="se must be"):
        eff.comparison_effect(d, se="HC3")


def _slow_comparison(d, se_type):
    """One statsmodels fit per activity, written the obvious way (the reference for the
    vectorised closed forms)."""
    import statsmodels.api as sm

    rows = []
    w = eff.paired_scores(d).dropna(subset=["pre", "post"])
    for act, a in w.groupby("activity_id", sort=True):
        t = (a.group == "participant").to_numpy(float)
        y = np.concatenate([a.pre, a.post])
        tt, post = np.concatenate([t, t]), np.repeat([0.0, 1.0], len(a))
        x = np.column_stack([np.ones_like(y), tt, post, tt * post])
        fit = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": np.tile(np.arange(len(a)), 2)})
        rows.append((act, "did", fit.params[3], fit.bse[3]))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            ps = sm.Logit(t, sm.add_constant(a.age.to_numpy(float))).fit(disp=0).predict()
        assume(not caught)  # separated or unconverged propensity models have no MLE to compare
        ps = np.clip(ps, 0.01, 0.99)
        wt = np.where(t == 1, 1.0, ps / (1 - ps))
        wls = sm.WLS((a.post - a.pre).to_numpy(), sm.add_constant(t), weights=wt).fit(
            cov_type="HC1" if se_type == "CR1" else "HC2")
        rows.append((act, "ipw", wls.params[1], wls.bse[1]))
    return pd.DataFrame(rows, columns=["activity_id", "method", "estimate", "se"])


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 3), st.integers(6, 12), st.sampled_from(["CR1", "CR2"]))
def test_vectorised_fits_agree_with_one_statsmodels_fit_per_activity(seed, n_act, n, se_type):
    d = _sim_comparison(seed, n_act=n_act, n=n)
    fast = eff.comparison_effect(d, se=se_type).effects.set_index(["activity_id", "method"])
    slow = _slow_comparison(d, se_type).set_index(["activity_id", "method"])
    assert_allclose(fast.loc[slow.index, "estimate"], slow.estimate, rtol=1e-6, atol=1e-9)
    if se_type == "CR1":  # statsmodels has CR1 for OLS; its HC1/HC2 for WLS cover both SE types
        assert_allclose(fast.loc[slow.index, "se"], slow.se, rtol=1e-6)
    else:
        ipw = slow.xs("ipw", level="method", drop_level=False).index
        assert_allclose(fast.loc[ipw, "se"], slow.loc[ipw, "se"], rtol=1e-6)
