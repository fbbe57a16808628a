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
    assert_allclose(f.ci_low.iloc[0], wilson_ci(43, 50)[0], rtol=EXACT)
    with pytest.raises(DataError, match="more respondents helped"):
        felt_help(a.assign(feedback_helped=pd.array([31, 19, None], dtype="Int64")))
