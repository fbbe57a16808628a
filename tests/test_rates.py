"""Exact Poisson intervals of rates and the ranking rule of :mod:`impactlib.rates`."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from impactlib import rates


def test_poisson_ci_matches_r_poisson_test():
    # R 4.x: poisson.test(10)$conf.int = 4.795389 18.390356; poisson.test(0)$conf.int = 0 3.688879
    # (exact Garwood interval, R documentation of poisson.test / stats::poisson.test source)
    lo, hi = rates.poisson_ci([10, 0])
    np.testing.assert_allclose(lo, [4.795389, 0.0], atol=5e-7)
    np.testing.assert_allclose(hi, [18.390356, 3.688879], atol=5e-7)


def test_poisson_ci_coverage_by_simulation():
    rng = np.random.default_rng(1)
    mu = 7.3
    x = rng.poisson(mu, 4000)
    lo, hi = rates.poisson_ci(x)
    cover = np.mean((lo <= mu) & (mu <= hi))
    assert cover >= 0.95  # exact intervals are conservative


def test_rate_extremes_refuses_to_rank_overlapping_areas():
    t = pd.DataFrame({"code": ["a", "b"], "n": [1800, 1801], "population": [1_000_000, 1_000_000]})
    r = rates.rate_extremes(t)
    assert not r.distinguishable
    t2 = pd.DataFrame({"code": ["a", "b"], "n": [1000, 1300], "population": [1_000_000, 1_000_000]})
    r2 = rates.rate_extremes(t2)
    assert r2.distinguishable and r2.high["code"] == "b" and r2.low["code"] == "a"


def test_rate_intervals_scale():
    t = pd.DataFrame({"n": [10], "population": [20_000]})
    out = rates.rate_intervals(t)
    assert out["per_1000"].iloc[0] == pytest.approx(0.5)
    assert out["ci_low"].iloc[0] == pytest.approx(1000 * 4.795389 / 20_000, rel=1e-6)
