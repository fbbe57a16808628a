"""Tests of :mod:`impactlib.pubbias` (Egger's test) against published R ``metafor`` output.

[README]  metafor's GitHub README (github.com/wviechtb/metafor, README.md, "Example"):
          ``regtest(res)`` for ``rma(yi, vi, test="knha")`` on dat.bcg.
[pubbias] metafor tests/testthat/test_misc_pub_bias.r: ``regtest`` on dat.egger2001.

Tolerance ``PUB4`` = 5e-5: half a unit in the 4th printed decimal.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from reference import MG_AI, MG_CI, MG_N1, MG_N2, PUB4

from impactlib.pubbias import egger


def test_egger_mixed_effects_bcg(bcg):
    r = egger(*bcg, model="rma", knapp_hartung=True)
    # [README] regtest(res) for the knha model: t = -0.7812, df = 11, p = 0.4512,
    # limit estimate b = -0.5104 (CI -1.2123, 0.1915)
    assert_allclose(r.statistic, -0.7812, atol=PUB4)
    assert r.df == 11 and r.test == "t"
    assert_allclose(r.pvalue, 0.4512, atol=PUB4)
    assert_allclose([r.limit_estimate, r.limit_ci_low, r.limit_ci_high], [-0.5104, -1.2123, 0.1915], atol=PUB4)


def test_egger_magnesium():
    a, c = MG_AI.astype(float), MG_CI.astype(float)
    b, d = MG_N1 - a, MG_N2 - c
    zero = (a == 0) | (b == 0) | (c == 0) | (d == 0)  # escalc default add=1/2, to="only0"
    a, b, c, d = (x + 0.5 * zero for x in (a, b, c, d))
    yi, vi = np.log(a * d / (b * c)), 1 / a + 1 / b + 1 / c + 1 / d
    # [pubbias] regtest(rma(...)) z = -4.6686; regtest(res, model="lm", predictor="sqrtninv") -5.6083
    assert_allclose(egger(yi, vi, model="rma").statistic, -4.6686, atol=PUB4)
    assert_allclose(egger(yi, vi, model="lm", predictor="sqrtninv", ni=MG_N1 + MG_N2).statistic, -5.6083,
                    atol=PUB4)


def test_classical_egger_equals_standardised_regression(bcg):
    """Independent computation: OLS of y/se on 1/se (Egger 1997), intercept t-test (statsmodels)."""
    import statsmodels.api as sm

    yi, vi = bcg
    se = np.sqrt(vi)
    fit = sm.OLS(yi / se, sm.add_constant(1 / se)).fit()
    r = egger(yi, vi)
    assert_allclose([r.intercept, r.se, r.statistic, r.pvalue],
                    [fit.params[0], fit.bse[0], fit.tvalues[0], fit.pvalues[0]], rtol=1e-9)
    assert_allclose(r.limit_estimate, fit.params[1], rtol=1e-9)


def test_egger_guards():
    rng = np.random.default_rng(5)
    vi = rng.uniform(0.01, 0.1, 9)
    yi = rng.normal(0, np.sqrt(vi))
    r = egger(yi, vi)
    assert np.isfinite(r.statistic) and len(r.warnings) == 1 and "10 studies" in r.warnings[0]
    r2 = egger(yi[:2], vi[:2])
    assert np.isnan(r2.statistic) and "Fewer than 3" in r2.warnings[0]
    assert r.to_frame().shape[0] == 1
    with pytest.raises(ValueError, match="ni"):
        egger(yi, vi, predictor="sqrtninv")
