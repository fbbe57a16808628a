"""Tests of the three-level model (:func:`impactlib.effectiveness.pool_multilevel`).

Reference values and where they are printed:

[konst]  metafor tests/testthat/test_analysis_example_konstantopoulos2011.r (github.com/wviechtb/
         metafor; see also metafor-project.org/doku.php/analyses:konstantopoulos2011):
         ``rma.mv(yi, vi, random = ~ 1 | district/study)`` on dat.konstantopoulos2011, REML:
         coef 0.185, se 0.085, sigma2 (0.065, 0.033), ICC 0.665, total 0.098 (3 decimals) and
         logLik -7.9587 (4 decimals); ML (Konstantopoulos 2011, Table 5): coef 0.184, se 0.080,
         sigma2 (0.058, 0.033), prediction interval (-0.426, 0.795); the two-level ``rma``:
         0.128, se 0.044, tau² 0.088 (Table 4).
[cheung] Cheung's metaSEM three-level tutorial (courses.nus.edu.sg/course/psycwlm/Internet/
         metaSEM/3level.html), Cooper03 = the same data: Q = 578.86 on 55 df.

An independent computation (the dense k x k restricted likelihood maximised with scipy)
checks the O(k) closed forms on small random data.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from reference import KONST_DISTRICT, KONST_VI, KONST_YI, PUB2, PUB3, PUB4
from scipy import optimize

from impactlib import effectiveness as eff


def test_three_level_reml_matches_metafor_konstantopoulos2011():
    r = eff.pool_multilevel(KONST_YI, KONST_VI, KONST_DISTRICT)
    assert (r.k, r.n_clusters, r.method, r.test) == (56, 11, "REML", "z")
    # [konst] REML three-level model
    assert_allclose([r.estimate, r.se], [0.185, 0.085], atol=PUB3)
    assert_allclose(r.sigma2, (0.065, 0.033), atol=PUB3)
    assert_allclose(r.icc, 0.665, atol=PUB3)
    assert_allclose(r.sigma2_between + r.sigma2_within, 0.098, atol=PUB3)
    assert_allclose(r.loglik, -7.9587, atol=PUB4)
    # [cheung] Q(55) = 578.86
    assert_allclose(r.q, 578.86, atol=PUB2)
    assert r.q_df == 55
    assert r.converged and r.warnings == ()
    # the two-level model of the same data, [konst] Table 4: clustering widens the interval
    two = eff.pool(KONST_YI, KONST_VI)
    assert_allclose([two.estimate, two.se, two.tau2], [0.128, 0.044, 0.088], atol=PUB3)
    assert r.se > 1.5 * two.se


def test_three_level_ml_matches_konstantopoulos2011_table5():
    r = eff.pool_multilevel(KONST_YI, KONST_VI, KONST_DISTRICT, method="ML")
    # [konst] ML, Konstantopoulos (2011) Table 5, and predict(): cr.lb, cr.ub
    assert_allclose([r.estimate, r.se], [0.184, 0.080], atol=PUB3)
    assert_allclose(r.sigma2, (0.058, 0.033), atol=PUB3)
    assert_allclose([r.pi_low, r.pi_high], [-0.426, 0.795], atol=PUB3)


def test_three_level_t_test_uses_clusters_minus_one_df():
    from scipy import stats

    z = eff.pool_multilevel(KONST_YI, KONST_VI, KONST_DISTRICT)
    t = eff.pool_multilevel(KONST_YI, KONST_VI, KONST_DISTRICT, test="t")
    assert t.df == 10 and t.test == "t"
    assert_allclose(t.ci_high - t.estimate, stats.t.ppf(0.975, 10) * z.se, rtol=1e-10)


def _dense_reml(y, v, cl):
    """-REML log-likelihood with the dense V = diag(v + s2) + s3 Z Zᵀ (the obvious way)."""
    z = (cl[:, None] == np.unique(cl)[None, :]).astype(float)
    x = np.ones((len(y), 1))

    def nll(th):
        s2, s3 = th
        vm = np.diag(v + s2) + s3 * z @ z.T
        vinv = np.linalg.inv(vm)
        xtv = x.T @ vinv
        b = xtv @ x
        mu = np.linalg.solve(b, xtv @ y)
        r = y - x @ mu
        return 0.5 * (np.linalg.slogdet(vm)[1] + np.linalg.slogdet(b)[1] + r @ vinv @ r)

    return nll


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(3, 6), st.integers(2, 4))
def test_closed_forms_agree_with_dense_likelihood(seed, n_clusters, per):
    rng = np.random.default_rng(seed)
    cl = np.repeat(np.arange(n_clusters), per)
    k = cl.size
    v = rng.uniform(0.01, 0.2, k)
    y = rng.normal(0.3, 0.3, n_clusters)[cl] + rng.normal(0, 0.2, k) + rng.normal(0, np.sqrt(v))
    r = eff.pool_multilevel(y, v, cl)
    nll = _dense_reml(y, v, cl)
    ours = nll([r.sigma2_within, r.sigma2_between])
    best = optimize.minimize(nll, [0.05, 0.05], method="Nelder-Mead", bounds=[(0, 1), (0, 1)],
                             options={"xatol": 1e-9, "fatol": 1e-12, "maxiter": 4000})
    assert ours <= best.fun + 1e-7  # our optimum is at least as good as the dense one
    # mean and SE at our variances, computed densely
    z = (cl[:, None] == np.arange(n_clusters)[None, :]).astype(float)
    vinv = np.linalg.inv(np.diag(v + r.sigma2_within) + r.sigma2_between * z @ z.T)
    b = vinv.sum()
    assert_allclose(r.estimate, (vinv @ y).sum() / b, rtol=1e-9, atol=1e-12)
    assert_allclose(r.se, 1 / np.sqrt(b), rtol=1e-9)


def test_edge_cases_are_answered_with_a_note():
    # every activity from a different association: the two-level pool, level 3 NaN
    r = eff.pool_multilevel([0.1, 0.3, 0.5, 0.2], [0.02] * 4, ["a", "b", "c", "d"])
    two = eff.pool([0.1, 0.3, 0.5, 0.2], [0.02] * 4)
    assert np.isnan(r.sigma2_between)
    assert_allclose([r.sigma2_within, r.estimate, r.se], [two.tau2, two.estimate, two.se], rtol=1e-12)
    assert any("cannot be told apart" in w for w in r.warnings)
    few = eff.pool_multilevel([0.1, 0.3, 0.5, 0.2], [0.02] * 4, ["a", "a", "b", "b"])
    assert any("Only 2 associations" in w for w in few.warnings)
    with pytest.raises(ValueError, match="cluster has"):
        eff.pool_multilevel([0.1, 0.2], [0.01, 0.01], ["a"])
    assert "MultilevelResult" in repr(few) and len(few.to_frame()) == 1
    assert "kolmitasoinen" in few.summary("fi") and "three-level" in few.summary("en")



def test_a_likelihood_ridge_converges_to_the_dense_optimum(demo):
    """The demo's "service" activities with a comparison group (211 effects in 193 associations,
    nearly all alone in their cluster): σ²₂ and σ²₃ are barely told apart, full Fisher steps
    overshoot and halved ones crawl. The fit stops on the Newton decrement (converged, no
    warning) at the optimum an independent dense likelihood and Nelder–Mead find."""
    effects = eff.activity_effects(demo.activities, demo.outcomes, demo.outcome_summaries, vtype="AV")
    rows = effects[effects["poolable"] & (effects["theme"] == "service") & (effects["effect_type"] == "ppc")]
    y, v = rows["smcr"].to_numpy(float), rows["smcr_var"].to_numpy(float)
    cl = np.unique(rows["org_id"].astype(str), return_inverse=True)[1].ravel()
    assert (len(y), cl.max() + 1) == (211, 193)
    r = eff.pool_multilevel(y, v, cl)
    assert r.converged and not r.warnings
    nll = _dense_reml(y, v, cl)
    best = optimize.minimize(nll, [1e-3, 1e-3], method="Nelder-Mead", bounds=[(0, 1), (0, 1)],
                             options={"xatol": 1e-12, "fatol": 1e-14, "maxiter": 5000})
    assert nll([r.sigma2_within, r.sigma2_between]) <= best.fun + 1e-10
