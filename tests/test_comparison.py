"""Tests of :mod:`impactlib.comparison` (difference-in-differences and IPW).

Checked against independent computations (a numpy cluster-robust sandwich estimator,
propensity scores from statsmodels ``Logit``) and by simulation with the demo generator
(``impactlib.demo.simulate_prepost``): the 95 % CIs cover the planted effect in about 95 % of
200 repetitions.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
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
