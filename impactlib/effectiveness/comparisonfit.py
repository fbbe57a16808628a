"""The grouped fits behind :func:`impactlib.effectiveness.comparison_effect`.

Every activity × instrument with a comparison group is fitted at once, with
group sums (:func:`numpy.bincount`) in place of one regression per group:

* difference-in-differences: the OLS fit of the two-phase model has closed
  forms — the estimate is the difference of the groups' mean changes and its
  participant-clustered sandwich variance is a sum over participants
  (:func:`did_by_group`);
* inverse probability weighting: a logistic propensity model per group by
  batched Newton–Raphson (:func:`logistic_by_group`) and the weighted
  difference in mean change with a heteroskedasticity-robust variance
  (:func:`weighted_difference_by_group`);
* covariate balance before and after weighting (:func:`balance_by_group`).

The names here serve :mod:`~impactlib.effectiveness.comparison` only; the
tests check them against statsmodels' cluster-robust OLS and Logit, scipy's
Welch test and a per-group loop written the obvious way.

Examples
--------
>>> import numpy as np
>>> codes = np.array([0, 0, 0, 0, 0, 0])
>>> treated = np.array([1, 1, 1, 0, 0, 0], dtype=bool)
>>> d = did_by_group(codes, 1, treated, np.array([3.0, 2.0, 4.0, 1.0, 0.0, 2.0]), "CR1", 0.95)
>>> float(d["estimate"][0]), float(d["df"][0])
(2.0, 5.0)
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats

__all__ = ["SE_TYPES", "did_by_group", "logistic_by_group", "weighted_difference_by_group",
           "balance_by_group", "t_inference"]

#: Standard-error types of :func:`impactlib.effectiveness.comparison_effect`.
SE_TYPES = ("CR1", "CR2")


def _sum(codes, g, x):
    return np.bincount(codes, weights=x, minlength=g)


def t_inference(estimate, var, df, level):
    """SE, t interval and two-sided p on ``df`` degrees of freedom (NaN where var ≤ 0 or df < 1)."""
    estimate, var, df = (np.asarray(a, dtype=float) for a in (estimate, var, df))
    ok = np.isfinite(var) & (var > 0) & np.isfinite(df) & (df >= 1)
    se = np.where(ok, np.sqrt(np.where(ok, var, 1.0)), np.nan)
    crit = np.full(se.shape, np.nan)
    crit[ok] = stats.t.ppf(0.5 + level / 2, df[ok])
    stat = np.where(ok, estimate / np.where(ok, se, 1.0), np.nan)
    p = np.full(se.shape, np.nan)
    p[ok] = 2 * stats.t.sf(np.abs(stat[ok]), df[ok])
    return {"se": se, "ci_low": estimate - crit * se, "ci_high": estimate + crit * se, "pvalue": p}


def did_by_group(codes, g, treated, change, se_type, level) -> dict:
    """Difference-in-differences per group with participant-clustered SEs, in closed form.

    The saturated OLS of the two-phase score on group, phase and their
    interaction gives :math:`\\hat\\delta = \\bar d_T - \\bar d_C` (mean
    changes). Clustering by participant, participant *i*'s score is
    :math:`(d_i - \\bar d_{g(i)})/n_{g(i)}`, so the CR1 variance (statsmodels'
    default small-sample factor) is

    .. math::

        \\frac{G}{G-1}\\frac{N-1}{N-4}\\Big(\\frac{SS_T}{n_T^2} + \\frac{SS_C}{n_C^2}\\Big),
        \\quad G = n_T + n_C,\\ N = 2G,

    with t on G − 1 df. CR2 (Bell & McCaffrey 2002): each cluster's hat
    block is :math:`I/n_{g}`, so the adjustment gives
    :math:`s_T^2/n_T + s_C^2/n_C`, Welch's variance, with the
    Welch–Satterthwaite df.
    """
    t = treated.astype(float)
    n_t, n_c = _sum(codes, g, t), _sum(codes, g, 1 - t)
    m_t = _sum(codes, g, change * t) / n_t
    m_c = _sum(codes, g, change * (1 - t)) / n_c
    dev = change - np.where(treated, m_t[codes], m_c[codes])
    ss_t, ss_c = _sum(codes, g, dev**2 * t), _sum(codes, g, dev**2 * (1 - t))
    est = m_t - m_c
    if se_type == "CR1":
        gg = n_t + n_c
        nobs = 2 * gg
        var = (ss_t / n_t**2 + ss_c / n_c**2) * gg / (gg - 1) * (nobs - 1) / (nobs - 4)
        df = gg - 1
    else:
        a, b = ss_t / (n_t - 1) / n_t, ss_c / (n_c - 1) / n_c
        var = a + b
        with np.errstate(invalid="ignore", divide="ignore"):
            df = np.where(var > 0, var**2 / (a**2 / (n_t - 1) + b**2 / (n_c - 1)), np.nan)
    out = {"estimate": est, **t_inference(est, var, df, level), "df": np.asarray(df, dtype=float)}
    return out


def logistic_by_group(codes, g, y, z, *, maxiter: int = 50, tol: float = 1e-10):
    """Unpenalised logistic regression per group by batched Newton–Raphson.

    ``z`` is the design with an intercept column; returns the coefficients
    (g × p) and whether each group converged (a group whose covariates
    separate the two groups perfectly does not: its coefficients diverge).
    Gradients and Hessians are group sums (:func:`numpy.bincount`), the steps
    :func:`numpy.linalg.pinv` of the stacked Hessians; a group that has
    converged drops out of the later steps together with its rows, so a few
    separated groups running to ``maxiter`` cost little.
    """
    p = z.shape[1]
    beta = np.zeros((g, p))
    active = np.ones(g, dtype=bool)
    pairs = [(a, b) for a in range(p) for b in range(a, p)]
    rows = np.arange(len(codes))
    for _ in range(maxiter):
        # only the rows and groups still iterating: a converged group's coefficients are final, so
        # the later steps cost no more than its separated neighbours (the sums per group are the
        # same numbers added in the same order, so the result does not depend on this)
        live = np.flatnonzero(active)
        rows = rows[active[codes[rows]]]
        c, zr = codes[rows], z[rows]
        pi = special.expit(np.einsum("ij,ij->i", zr, beta[c]))
        wv, r = pi * (1 - pi), y[rows] - pi
        grad = np.column_stack([_sum(c, g, zr[:, a] * r) for a in range(p)])[live]
        h = np.empty((g, p, p))
        for a, b in pairs:
            h[:, a, b] = h[:, b, a] = _sum(c, g, wv * zr[:, a] * zr[:, b])
        step = np.zeros((g, p))
        step[live] = np.einsum("gij,gj->gi", np.linalg.pinv(h[live]), grad)
        beta += step
        active &= np.max(np.abs(step), axis=1) > tol * np.maximum(1.0, np.max(np.abs(beta), axis=1))
        if not active.any():
            break
    return beta, ~active


def weighted_difference_by_group(codes, g, treated, y, w, se_type, level) -> dict:
    """Weighted difference in mean ``y`` (treated − control) with an HC1 or HC2 SE, t on n − 2 df.

    The WLS fit of ``y`` on an intercept and the treatment indicator has the
    weighted group means as fitted values; with residuals :math:`e_i` and
    :math:`W_g = \\sum_{i\\in g} w_i` the HC0 variance is
    :math:`\\sum_T w_i^2e_i^2/W_T^2 + \\sum_C w_i^2e_i^2/W_C^2`; HC1 multiplies
    it by n/(n − 2), HC2 divides each term by :math:`1 - w_i/W_{g(i)}` (the
    leverage).
    """
    t = treated.astype(float)
    w_t, w_c = _sum(codes, g, w * t), _sum(codes, g, w * (1 - t))
    m_t = _sum(codes, g, w * y * t) / w_t
    m_c = _sum(codes, g, w * y * (1 - t)) / w_c
    wg = np.where(treated, w_t[codes], w_c[codes])
    e = y - np.where(treated, m_t[codes], m_c[codes])
    n = np.bincount(codes, minlength=g).astype(float)
    term = w**2 * e**2
    if se_type == "CR2":
        term = term / (1 - w / wg)
    var = _sum(codes, g, term * t) / w_t**2 + _sum(codes, g, term * (1 - t)) / w_c**2
    if se_type == "CR1":
        var = var * n / (n - 2)
    est = m_t - m_c
    return {"estimate": est, **t_inference(est, var, n - 2, level), "df": n - 2}


def balance_by_group(codes, g, treated, x, w) -> dict:
    """Means, unweighted SMD and weighted SMD of one covariate per group (Austin & Stuart 2015)."""
    t = treated.astype(float)
    n_t, n_c = _sum(codes, g, t), _sum(codes, g, 1 - t)
    m_t, m_c = _sum(codes, g, x * t) / n_t, _sum(codes, g, x * (1 - t)) / n_c
    dev = x - np.where(treated, m_t[codes], m_c[codes])
    v_t = _sum(codes, g, dev**2 * t) / (n_t - 1)
    v_c = _sum(codes, g, dev**2 * (1 - t)) / (n_c - 1)
    mw_t = _sum(codes, g, w * x * t) / _sum(codes, g, w * t)
    mw_c = _sum(codes, g, w * x * (1 - t)) / _sum(codes, g, w * (1 - t))
    denom = np.sqrt((v_t + v_c) / 2)
    ok = np.isfinite(denom) & (denom > 0)
    safe = np.where(ok, denom, 1.0)
    return {"mean_participant": m_t, "mean_comparison": m_c, "mean_participant_weighted": mw_t,
            "mean_comparison_weighted": mw_c, "smd_before": np.where(ok, (m_t - m_c) / safe, np.nan),
            "smd_after": np.where(ok, (mw_t - mw_c) / safe, np.nan)}
