"""Fast paths of the effectiveness indicators give the numbers of the plain computation (issue 12).

* the weighted least squares of :mod:`impactlib.effectiveness.metafit` (sums, never BLAS) against
  the dense k × k matrix :math:`P = W - WX(X^\\top WX)^{-1}X^\\top W`;
* ``intercept_fit`` (what :func:`pool_multilevel` needs of the two-level pool) against
  :func:`pool` itself;
* the three-level fit with the closed forms computed once per step against the same methods
  computed afresh;
* Egger's classical test in closed form against statsmodels ``WLS``;
* the grouped pre/post statistics on integer codes against the pandas group-by on the text keys.

Each comparison is also shown to fail on a deliberately wrong input.
"""

from __future__ import annotations

import importlib

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from impactlib import effectiveness as eff
from impactlib.effectiveness import metafit, multilevel

prepost = importlib.import_module("impactlib.effectiveness.prepost")  # the module, not the function


def _effects(k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    v = rng.uniform(0.005, 0.2, k)
    return 0.3 + rng.normal(0, np.sqrt(v + 0.04)), v


def _dense_p(v, x, tau2):
    w = 1.0 / (v + tau2)
    wm = np.diag(w)
    return wm - wm @ x @ np.linalg.inv(x.T @ wm @ x) @ x.T @ wm


@pytest.mark.parametrize("p", [1, 3])
def test_wls_and_traces_equal_dense_p(p):
    y, v = _effects(60, 1)
    rng = np.random.default_rng(2)
    x = np.column_stack([np.ones(60), rng.normal(size=(60, p - 1))]) if p > 1 else np.ones((60, 1))
    tau2 = 0.03
    beta, inv, w, resid = metafit._wls(y, v, x, tau2)
    big = _dense_p(v, x, tau2)
    assert_allclose(big @ y, w * resid, rtol=1e-10, atol=1e-12)
    tr_p, tr_pp = metafit._p_traces(w, x, inv)
    assert_allclose([tr_p, tr_pp], [np.trace(big), np.trace(big @ big)], rtol=1e-10)
    wm = np.diag(w)
    assert_allclose(beta, np.linalg.solve(x.T @ wm @ x, x.T @ wm @ y), rtol=1e-10)
    # the comparison can fail: another tau2 gives another P
    assert not np.allclose(np.trace(_dense_p(v, x, 0.1)), tr_p, rtol=1e-6)


@pytest.mark.parametrize("method", ["REML", "DL"])
@pytest.mark.parametrize("k", [1, 2, 7, 300])
def test_intercept_fit_is_pool(method, k):
    y, v = _effects(k, k)
    r = eff.pool(y, v, method=method)
    f = metafit.intercept_fit(y, v, method)
    assert_allclose([f["tau2"], f["estimate"], f["se"], f["qe"], f["qe_p"]],
                    [r.tau2, r.estimate, r.se, r.q, r.q_pvalue], rtol=0, atol=0, equal_nan=True)
    if k > 2:
        assert metafit.intercept_fit(y + np.arange(k) * 0.01, v, method)["estimate"] != r.estimate


@pytest.mark.parametrize("reml", [True, False])
def test_blocks_parts_once_per_step_is_the_same(reml):
    rng = np.random.default_rng(3)
    y, v = _effects(120, 3)
    codes = np.sort(rng.integers(0, 40, 120))
    codes = pd.factorize(codes, sort=True)[0]
    b = multilevel._Blocks(y, v, codes, codes.max() + 1)
    th = (0.02, 0.01)
    pt = b.parts(*th)
    assert b.loglik(*th, reml) == b.loglik(*th, reml, parts=pt)
    assert np.array_equal(b.gradient(*th, reml), b.gradient(*th, reml, parts=pt))
    assert np.array_equal(b.information(*th, reml), b.information(*th, reml, parts=pt))
    # the information is the expected one: ½ tr(P Z_m P Z_n) with dense matrices
    z3 = (codes[:, None] == codes[None, :]).astype(float)
    vm = np.diag(v + th[0]) + th[1] * z3
    vi = np.linalg.inv(vm)
    one = np.ones((120, 1))
    p = vi - vi @ one @ one.T @ vi / float((one.T @ vi @ one)[0, 0]) if reml else vi
    zs = (np.eye(120), z3)
    dense = 0.5 * np.array([[np.trace(p @ a @ p @ c) for c in zs] for a in zs])
    assert_allclose(b.information(*th, reml), dense, rtol=1e-9)
    assert not np.allclose(b.information(0.05, 0.01, reml), dense, rtol=1e-6)


@pytest.mark.parametrize("predictor", ["sei", "sqrtninv"])
@pytest.mark.parametrize("level", [0.95, 0.9])
def test_egger_lm_equals_statsmodels_wls(predictor, level):
    import statsmodels.api as sm

    y, v = _effects(40, 7)
    ni = np.random.default_rng(8).integers(10, 200, 40)
    x = np.sqrt(v) if predictor == "sei" else 1 / np.sqrt(ni)
    fit = sm.WLS(y, sm.add_constant(x, has_constant="add"), weights=1.0 / v).fit()
    ci = fit.conf_int(alpha=1 - level)
    r = eff.egger(y, v, predictor=predictor, ni=ni if predictor == "sqrtninv" else None, level=level)
    assert_allclose([r.intercept, r.se, r.statistic, r.pvalue, r.df],
                    [fit.params[1], fit.bse[1], fit.tvalues[1], fit.pvalues[1], fit.df_resid], rtol=1e-10)
    assert_allclose([r.limit_estimate, r.limit_ci_low, r.limit_ci_high], [fit.params[0], *ci[0]], rtol=1e-10)
    wrong = eff.egger(y[::-1], v, predictor=predictor, ni=ni if predictor == "sqrtninv" else None)
    assert not np.isclose(wrong.intercept, fit.params[1], rtol=1e-6)


def _wide(seed: int, dtype) -> pd.DataFrame:
    """A paired table sorted by its keys, with unpaired rows, one-pair and constant groups."""
    rng = np.random.default_rng(seed)
    n = 400
    df = pd.DataFrame({
        "activity_id": rng.choice(["A1", "A2", "B7", "C", "ä"], n),
        "instrument": rng.choice(["GAD7", "PHQ9", "UCLA3"], n),
        "group": rng.choice(["comparison", "participant"], n),
        "participant_id": [f"p{i}" for i in range(n)],
        "pre": rng.integers(0, 20, n).astype(float) + rng.choice([0.0, 0.1, 0.3], n),
        "post": rng.integers(0, 20, n).astype(float),
    })
    df.loc[rng.random(n) < 0.15, "pre"] = np.nan
    df.loc[rng.random(n) < 0.15, "post"] = np.nan
    one = (df["activity_id"] == "ä") & (df["instrument"] == "GAD7")
    df.loc[one, ["pre", "post"]] = 5.0  # constant: SD 0
    for c in ("activity_id", "instrument", "group", "participant_id"):
        df[c] = df[c].astype(dtype)
    return df.sort_values(["activity_id", "instrument", "group", "participant_id"]).reset_index(drop=True)


@pytest.mark.parametrize("dtype", [object, "string[pyarrow]", "string[python]"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pair_stats_on_codes_equal_pandas_groupby(seed, dtype):
    keys = ["activity_id", "instrument", "group"]
    wide = _wide(seed, dtype)
    fast = prepost._pair_stats_fast(wide, keys)
    assert fast is not None
    pd.testing.assert_frame_equal(fast, prepost._pair_stats(wide, keys), check_exact=True)
    shuffled = wide.sample(frac=1.0, random_state=seed).reset_index(drop=True)  # any row order
    pd.testing.assert_frame_equal(prepost._pair_stats_fast(shuffled, keys), prepost._pair_stats(shuffled, keys),
                                  check_exact=True)
    wrong = wide.assign(pre=wide["pre"] + 1e-9)
    assert not prepost._pair_stats_fast(wrong, keys)["mean_pre"].equals(fast["mean_pre"])


def test_pair_stats_fall_back_for_other_keys():
    keys = ["activity_id", "instrument", "group"]
    wide = _wide(4, object)
    wide["activity_id"] = wide["activity_id"].map({"A1": 1, "A2": 2, "B7": 7, "C": 3, "ä": 9})
    assert prepost._pair_stats_fast(wide, keys) is None
    wide2 = _wide(4, object)
    wide2.loc[3, "group"] = None
    assert prepost._pair_stats_fast(wide2, keys) is None


def test_prepost_on_demo_equals_the_pandas_path(demo):
    keys = ["activity_id", "instrument", "group"]
    wide = eff.paired_scores(demo.outcomes)
    pd.testing.assert_frame_equal(prepost._pair_stats_fast(wide, keys), prepost._pair_stats(wide, keys),
                                  check_exact=True)


@pytest.mark.parametrize("kw", [{}, {"sd_from": "activity"}, {"group": None}, {"by": "theme", "use_activities": 1}])
def test_reliable_change_rates_on_codes_equal_the_pandas_path(demo, monkeypatch, kw):
    rel = importlib.import_module("impactlib.effectiveness.reliable")
    kw = dict(kw)
    if kw.pop("use_activities", 0):
        kw["activities"] = demo.activities
    o = demo.outcomes[demo.outcomes["activity_id"] < "D9003"]
    o = o[~((o["activity_id"] == o["activity_id"].iloc[0]) & (o["phase"] == "post"))]  # no pairs there
    fast = eff.reliable_change_rates(o, **kw)
    monkeypatch.setattr(rel, "group_codes", lambda df, keys: None)
    slow = eff.reliable_change_rates(o, **kw)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert (fast["n_pairs"] == 0).any() or "n_activities" in fast.columns  # by theme: summed
    wrong = eff.reliable_change_rates(o.assign(score=o["score"] + np.arange(len(o)) % 7), **kw)
    assert not wrong["n_improved"].equals(slow["n_improved"])


def test_q_mean_is_q_gen_of_ones():
    y, v = _effects(80, 11)
    x = np.ones((80, 1))
    for t in (0.0, 1e-6, 0.013, 0.5, 40.0):
        assert metafit._q_mean(y, v, t) == metafit._q_gen(y, v, x, t)
    assert metafit._q_mean(y, v, 0.1) != metafit._q_gen(y, v, np.column_stack([x, v]), 0.1)


@pytest.mark.parametrize("kw", [{}, {"method": "DL", "knapp_hartung": True}, {"method": "FE"}])
def test_pool_by_rows_are_pool_to_frame(kw):
    rng = np.random.default_rng(12)
    y, v = _effects(90, 12)
    y[[3, 40]] = np.nan
    e = pd.DataFrame({"theme": rng.choice(["a", "b", "c", "d"], 90), "smd": y, "smd_var": v})
    e.loc[e["theme"] == "d", "smd"] = np.nan  # a group with nothing to pool
    e.loc[e.index[e["theme"] == "c"][1:], "smd_var"] = -1.0  # and one of one effect
    rows = []
    for theme, d in e.groupby("theme", sort=True):
        ok = np.isfinite(d["smd"]) & (d["smd_var"] > 0)
        base = {"theme": theme, "k_dropped": int((~ok).sum())}
        rows.append({**base, **eff.pool(d["smd"][ok], d["smd_var"][ok], **kw).to_frame().iloc[0].to_dict()}
                    if ok.any() else base)
    pd.testing.assert_frame_equal(eff.pool_by(e, **kw), pd.DataFrame(rows), check_exact=True)
