"""Tests of :mod:`impactlib.reliable` (reliable change, felt help, Wilson intervals).

[newcombe] Newcombe (1998), *Statistics in Medicine* 17:857–872, Table I, Wilson score method.
Reliable change is checked against hand-worked values from the formulas of Jacobson & Truax
(1991) and a plain count; Wilson intervals against statsmodels' ``proportion_confint``.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose
from reference import EXACT, PUB4
from reference import long_scores as _long

from impactlib.errors import DataError
from impactlib.reliable import felt_help, reliable_change, reliable_change_rates, wilson_ci


def test_reliable_change_hand_worked():
    # Hand-worked with the formulas of Jacobson & Truax (1991): SD_pre = 4, r_xx = 0.84:
    # S_E = 4·√0.16 = 1.6; S_diff = √(2·1.6²) = 2.262742; RCI = (x2 − x1)/S_diff.
    rc = reliable_change([20, 20, 20, 20], [28, 21, 14, 24.43], sd_pre=4.0, reliability=0.84)
    assert_allclose(rc.s_diff, 2.2627417, rtol=1e-7)
    assert_allclose(rc.rci, [8 / 2.2627417, 1 / 2.2627417, -6 / 2.2627417, 4.43 / 2.2627417], rtol=1e-7)
    assert rc.category.tolist() == ["improved", "no_reliable_change", "deteriorated", "no_reliable_change"]
    low = reliable_change([20, 20], [14, 28], sd_pre=4.0, reliability=0.84, higher_is_better=False)
    assert low.category.tolist() == ["improved", "deteriorated"]


def test_reliable_change_bad_reliability():
    for rel in (0.0, 1.0, 1.2, np.nan):
        with pytest.raises(ValueError, match="reliability"):
            reliable_change([1.0], [2.0], sd_pre=1.0, reliability=rel)
    with pytest.raises(ValueError, match="sd_pre"):
        reliable_change([1.0], [2.0], sd_pre=0.0, reliability=0.8)


def test_reliable_change_rates_against_plain_count():
    from statsmodels.stats.proportion import proportion_confint

    rng = np.random.default_rng(4)
    pre = rng.normal(21, 4, 60).round()
    post = (pre + rng.normal(2, 3, 60)).round()
    o = pd.concat([_long(pre[:30], post[:30], activity="A"), _long(pre[30:], post[30:], activity="B")])
    o["participant_id"] = o["activity_id"] + o["participant_id"]
    rates = reliable_change_rates(o).set_index("activity_id")
    sd = np.std(pre, ddof=1)  # sd_from="instrument": all paired SWEMWBS participants
    s_diff = math.sqrt(2) * sd * math.sqrt(1 - 0.84)  # SWEMWBS reliability 0.84, data/instruments.csv
    for a, sl in (("A", slice(0, 30)), ("B", slice(30, 60))):
        z = (post[sl] - pre[sl]) / s_diff
        n_imp, n_det = int(np.sum(z > 1.96)), int(np.sum(z < -1.96))
        row = rates.loc[a]
        assert (row.n_improved, row.n_deteriorated, row.n_no_change) == (n_imp, n_det, 30 - n_imp - n_det)
        lo, hi = proportion_confint(n_imp, 30, method="wilson")
        assert_allclose([row.share_improved_ci_low, row.share_improved_ci_high], [lo, hi], rtol=1e-9)
    acts = pd.DataFrame({"activity_id": ["A", "B"], "participants": [60, 30], "cost_eur": [6000.0, 3000.0],
                         "theme": ["peer_support", "peer_support"]})
    with_cost = reliable_change_rates(o, activities=acts).set_index("activity_id")
    a = with_cost.loc["A"]
    assert_allclose(a.cost_per_improved_eur, 6000 / (a.share_improved * 60), rtol=EXACT)
    by_theme = reliable_change_rates(o, activities=acts, by="theme").iloc[0]
    assert by_theme.n_activities == 2 and by_theme.n_pairs == 60
    assert_allclose(by_theme.cost_per_improved_eur,
                    9000 / (with_cost.share_improved.loc["A"] * 60 + with_cost.share_improved.loc["B"] * 30),
                    rtol=EXACT)
    with pytest.raises(ValueError, match="activities"):
        reliable_change_rates(o, by="theme")


def test_reliable_change_rates_keeps_activities_without_pairs():
    o = pd.concat([_long([20, 22, 24], [25, 22, 23], activity="A"), _long([20], [None], activity="B")])
    o["participant_id"] = o["activity_id"] + o["participant_id"]
    r = reliable_change_rates(o).set_index("activity_id")
    assert r.loc["B", "n_pairs"] == 0 and np.isnan(r.loc["B", "share_improved"])


def test_wilson_newcombe_table1():
    lo, hi = wilson_ci([81, 15, 0, 1], [263, 148, 20, 29])
    # [newcombe] Table I, method 3 (score interval without continuity correction)
    assert_allclose(lo, [0.2553, 0.0624, 0.0000, 0.0061], atol=PUB4)
    assert_allclose(hi, [0.3662, 0.1605, 0.1611, 0.1718], atol=PUB4)
    lo0, hi0 = wilson_ci(0, 0)
    assert np.isnan(lo0) and np.isnan(hi0)


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_matches_statsmodels(xn):
    from statsmodels.stats.proportion import proportion_confint

    x, n = xn
    lo, hi = wilson_ci(x, n)
    slo, shi = proportion_confint(x, n, method="wilson")
    assert_allclose([lo, hi], [slo, shi], atol=1e-12)
    assert 0 <= lo <= x / n <= hi <= 1


def test_felt_help():
    a = pd.DataFrame({"activity_id": ["A", "B", "C"], "theme": ["x", "x", "y"],
                      "feedback_respondents": pd.array([30, 20, None], dtype="Int64"),
                      "feedback_helped": pd.array([24, 19, None], dtype="Int64")})
    f = felt_help(a, by="theme")
    assert f.theme.tolist() == ["x"] and f.respondents.iloc[0] == 50 and f.helped.iloc[0] == 43
    # two activities (80 % and 95 % helped): the pooled respondents are not independent
    assert f.n_activities.iloc[0] == 2 and f.design_effect.iloc[0] > 1
    assert f.ci_low.iloc[0] < wilson_ci(43, 50)[0] and f.ci_high.iloc[0] > wilson_ci(43, 50)[1]
    pooled = felt_help(a, by="theme", cluster=None)  # respondents as independent: plain Wilson
    assert_allclose(pooled.ci_low.iloc[0], wilson_ci(43, 50)[0], rtol=EXACT)
    one = felt_help(a, by="activity_id")  # one activity per row: plain Wilson as before
    assert_allclose(one.ci_low.iloc[0], wilson_ci(24, 30)[0], rtol=EXACT)
    with pytest.raises(DataError, match="more respondents helped"):
        felt_help(a.assign(feedback_helped=pd.array([31, 19, None], dtype="Int64")))


# --- intervals that respect clustering by activity ------------------------------------------


def test_clustered_interval_matches_statsmodels_cluster_robust_ols():
    """Independent computation: the respondents' 0/1 answers regressed on a constant with
    standard errors clustered by activity (statsmodels OLS, CR1), the design effect from it, and
    the Wilson interval at the effective n with t on G - 1 df (Korn & Graubard 1998)."""
    import statsmodels.api as sm
    from scipy import stats

    helped, resp = np.array([27, 12, 30, 9, 18]), np.array([30, 25, 31, 20, 24])
    y = np.concatenate([np.r_[np.ones(h), np.zeros(r - h)] for h, r in zip(helped, resp, strict=True)])
    groups = np.repeat(np.arange(5), resp)
    fit = sm.OLS(y, np.ones_like(y)).fit(cov_type="cluster", cov_kwds={"groups": groups})
    p, n = y.mean(), len(y)
    deff = fit.bse[0] ** 2 / (p * (1 - p) / n)
    n_eff, t = n / deff, stats.t.ppf(0.975, 4)
    centre = (p + t**2 / (2 * n_eff)) / (1 + t**2 / n_eff)
    half = t * np.sqrt(p * (1 - p) / n_eff + t**2 / (4 * n_eff**2)) / (1 + t**2 / n_eff)
    from impactlib.effectiveness import clustered_wilson_ci

    r = clustered_wilson_ci(helped, resp).iloc[0]
    assert_allclose([r.design_effect, r.n_effective], [deff, n_eff], rtol=1e-10)
    assert_allclose([r.ci_low, r.ci_high], [centre - half, centre + half], rtol=1e-10)
    a = pd.DataFrame({"activity_id": list("ABCDE"), "theme": "t", "feedback_respondents": resp,
                      "feedback_helped": helped})
    f = felt_help(a, by="theme").iloc[0]
    assert_allclose([f.ci_low, f.ci_high], [r.ci_low, r.ci_high], rtol=1e-12)


def test_clustered_interval_covers_when_activities_differ():
    """Simulation: 400 areas of 8 activities x 25 respondents whose true shares vary between
    activities (beta, mean 0.7, ICC 0.15: design effect about 4.6). The design-effect interval
    covers the mean share in at least 95 % - 3.6 points (99.9 % band for 400 reps); the plain
    Wilson interval on pooled respondents covers far less (about 70 %)."""
    rng = np.random.default_rng(12)
    reps, acts, m, mean, icc = 400, 8, 25, 0.7, 0.15
    ab = mean * (1 / icc - 1), (1 - mean) * (1 / icc - 1)
    share = rng.beta(*ab, size=(reps, acts))
    helped = rng.binomial(m, share)
    a = pd.DataFrame({"activity_id": [f"a{i}" for i in range(reps * acts)],
                      "area": np.repeat(np.arange(reps), acts), "feedback_respondents": m,
                      "feedback_helped": helped.ravel()})
    band = 3.29 * np.sqrt(0.95 * 0.05 / reps)
    f = felt_help(a, by="area")
    cov = np.mean((f.ci_low <= mean) & (mean <= f.ci_high))
    assert cov > 0.95 - band, cov
    plain = felt_help(a, by="area", cluster=None)
    assert np.mean((plain.ci_low <= mean) & (mean <= plain.ci_high)) < 0.85


def test_reliable_change_rates_by_theme_are_clustered(demo):
    acts = demo.activities
    rc = reliable_change_rates(demo.outcomes, activities=acts, by="theme")
    plain = reliable_change_rates(demo.outcomes, activities=acts, by="theme", cluster=None)
    assert (rc.share_improved == plain.share_improved).all()
    width = rc.share_improved_ci_high - rc.share_improved_ci_low
    width0 = plain.share_improved_ci_high - plain.share_improved_ci_low
    assert (width >= width0 - 1e-12).all() and (rc.design_effect_improved >= 1).all()
    per_act = reliable_change_rates(demo.outcomes)
    assert "design_effect_improved" not in per_act.columns
    with pytest.raises(ValueError, match="cluster"):
        reliable_change_rates(demo.outcomes, activities=acts, by="theme", cluster="org_id")
