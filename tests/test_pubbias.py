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

from impactlib.pubbias import egger

PUB4 = 5e-5  # half a unit in the last printed decimal (4 decimals)

# dat.bcg (Colditz et al. 1994), counts as printed in [README]
TPOS = np.array([4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27])
TNEG = np.array([119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493, 16886])
CPOS = np.array([11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29])
CNEG = np.array([128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338, 17825])


@pytest.fixture(scope="module")
def bcg():
    """Log risk ratios and variances of dat.bcg (escalc measure="RR"), full precision."""
    yi = np.log(TPOS / (TPOS + TNEG)) - np.log(CPOS / (CPOS + CNEG))
    vi = 1 / TPOS - 1 / (TPOS + TNEG) + 1 / CPOS - 1 / (CPOS + CNEG)
    return yi, vi


# dat.egger2001 (intravenous magnesium, 16 trials), as in metadat
MG_AI = np.array([1, 9, 2, 1, 10, 1, 1, 0, 6, 1, 2, 5, 4, 90, 4, 2216])
MG_N1 = np.array([40, 135, 200, 48, 150, 59, 25, 22, 76, 27, 89, 23, 130, 1159, 107, 29011])
MG_CI = np.array([2, 23, 7, 1, 8, 9, 3, 1, 11, 7, 12, 13, 8, 118, 17, 2103])
MG_N2 = np.array([36, 135, 200, 46, 148, 56, 23, 21, 75, 27, 80, 33, 122, 1157, 108, 29039])


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
