"""The intercept-only random-effects model of :func:`impactlib.effectiveness.pool`, in scalars.

:func:`fit_mean` returns what :func:`impactlib.effectiveness.metafit.fit_model` returns for a
design matrix that is one column of ones, the same floats: each sum is the same numpy reduction
over the same array (a column of ones multiplies by 1.0, which changes nothing, and a 1 × 1
matrix product or inverse is the one multiplication or division), so τ², the Q-profile bounds and
every statistic agree bit for bit (``tests/test_fast_pool.py`` compares them with ``==``). What is
saved is per call, not per effect: the 1 × 1 matrices, :func:`numpy.trace`, :func:`numpy.einsum`
dispatch and the argument checking of :mod:`scipy.stats` (quantiles from :mod:`scipy.special`,
:mod:`impactlib.effectiveness._dist`), which dominated :func:`~impactlib.effectiveness.pool_by`
with its pools of a few dozen effects.

Examples
--------
>>> import numpy as np
>>> y, v = np.array([0.1, 0.5, 0.3, 0.9]), np.array([0.02, 0.03, 0.04, 0.02])
>>> f = fit_mean(y, v, "REML", False, 0.95)
>>> 0 < f["tau2_ci"][0] < f["tau2"] < f["tau2_ci"][1]
True
"""

from __future__ import annotations

import numpy as np
from scipy import optimize

from . import _dist
from .metafit import REML_MAXITER, REML_OSCILLATING, REML_TOL, check_kh, message, reml_loglik

__all__: list[str] = []


#: ``ndarray.sum`` without its Python wrapper (the same pairwise summation).
_sum = np.add.reduce


def _sums(y, v, tau2):
    """Weights, Σw, 1/Σw, the weighted mean and the residuals at τ² (``metafit._wls`` for ones)."""
    w = 1.0 / (v + tau2)
    sw = float(_sum(w))
    inv = 1.0 / sw
    beta = inv * float(_sum(w * y))
    return w, sw, inv, beta, y - beta


def _traces(w, sw, inv):
    """tr(P) and tr(PP) (``metafit._p_traces`` for a column of ones; ``sw`` = Σw)."""
    w2 = w * w
    s2 = float(_sum(w2))
    m2 = inv * s2
    tr_p = float(sw - m2)
    tr_pp = float(s2 - 2.0 * (inv * float(_sum(w2 * w))) + m2 * m2)
    return tr_p, tr_pp


def _q(y, v, tau2) -> float:
    """Generalised Q at τ² (``metafit._q_mean``)."""
    w = 1.0 / (v + tau2)
    resid = y - (1.0 / float(_sum(w))) * float(_sum(w * y))
    return float(_sum(w * resid**2))


def _score(y, v, tau2) -> float:
    """The REML score (``metafit._reml_score`` for ones)."""
    w, sw, inv, _, resid = _sums(y, v, tau2)
    py = w * resid
    return float(_sum(py * py)) - _traces(w, sw, inv)[0]


def _tau2_dl(y, v) -> float:
    k = y.size
    w, sw, inv, _, resid = _sums(y, v, 0.0)
    qe = float(_sum(w * resid**2))
    return max(0.0, (qe - (k - 1)) / _traces(w, sw, inv)[0])


def tau2_reml(y, v) -> tuple[float, bool, int]:
    """``metafit._tau2_reml`` for a column of ones: Fisher scoring from the DL estimate."""
    tau2 = _tau2_dl(y, v)
    converged = False
    it = 0
    last = None
    for it in range(1, REML_MAXITER + 1):  # noqa: B007 - iteration count is reported
        w, sw, inv, _, resid = _sums(y, v, tau2)
        py = w * resid
        tr_p, tr_pp = _traces(w, sw, inv)
        score = float(_sum(py * py)) - tr_p
        if it > REML_OSCILLATING and last is not None and last[1] * score < 0:
            lo, hi = sorted((last[0], tau2))
            tau2 = float(
                optimize.brentq(
                    lambda t: _score(y, v, t), lo, hi, xtol=1e-15, rtol=4 * np.finfo(float).eps
                )
            )
            converged = True
            break
        last = (tau2, score)
        step = score / tr_pp
        new = tau2 + step
        while new < 0 and step < 0 and tau2 > 0:
            step /= 2.0
            new = tau2 + step
            if abs(step) < REML_TOL:
                new = 0.0
        new = max(new, 0.0)
        if abs(new - tau2) <= REML_TOL * max(1.0, tau2):
            tau2 = new
            converged = True
            break
        tau2 = new
    if not converged:  # pragma: no cover - Fisher scoring converges on all test data
        upper = 10.0 * (np.var(y) + np.max(v)) + 1.0
        opt = optimize.minimize_scalar(
            lambda t: -reml_loglik(t, y, v),
            bounds=(0.0, upper),
            method="bounded",
            options={"xatol": 1e-12},
        )
        tau2, converged = float(opt.x), bool(opt.success)
    return float(tau2), converged, it


def q_profile(y, v, level) -> tuple[float, float, bool]:
    """``metafit._q_profile`` for a column of ones."""
    df = y.size - 1
    if df < 1:
        return (np.nan, np.nan, False)
    alpha = 1 - level
    crit_lo = _dist.chi2_ppf(1 - alpha / 2, df)
    crit_hi = _dist.chi2_ppf(alpha / 2, df)
    q0 = _q(y, v, 0.0)
    if q0 < crit_hi:
        return (np.nan, np.nan, True)

    start = []  # the first upper bound, max(1, 10 var(y)), computed once for both bounds

    def solve(target: float) -> float:
        if q0 <= target:
            return 0.0
        if not start:
            start.append(max(1.0, 10.0 * float(np.var(y))))
        upper = start[0]
        while _q(y, v, upper) > target:
            upper *= 10.0
            if upper > 1e12:  # pragma: no cover - pathological input
                return np.inf
        return float(
            optimize.brentq(lambda t: _q(y, v, t) - target, 0.0, upper, xtol=1e-12, rtol=1e-12)
        )

    return solve(crit_lo), solve(crit_hi), False


def fit_mean(y, v, method, knapp_hartung, level) -> dict:
    """``metafit.fit_model(y, v, ones, method, knapp_hartung, level)``, the same dict and floats."""
    kh = check_kh(knapp_hartung)
    k = y.size
    df_res = k - 1
    notes: list[str] = []
    converged, iterations = True, 0
    if method == "FE":
        tau2 = 0.0
    elif df_res < 1:
        tau2 = np.nan
    elif method == "DL":
        tau2 = _tau2_dl(y, v)
    else:
        tau2, converged, iterations = tau2_reml(y, v)
        if not converged:  # pragma: no cover
            notes.append("REML did not converge; τ² is from a bounded numerical maximisation.")
    tau2_fit = 0.0 if not np.isfinite(tau2) else tau2
    w, sw, inv, beta, resid = _sums(y, v, tau2_fit)
    var = inv
    use_t = bool(kh and df_res >= 1)
    kh_scale = np.nan
    if use_t:
        rss = float(_sum(w * resid**2))
        kh_scale = rss / df_res
        if kh == "truncated":
            var = max(1.0, kh_scale) * inv
        elif rss <= np.finfo(float).eps * max(1.0, float(_sum(w * y**2))):
            var = np.nan
            notes.append(message("kh_zero"))
        else:
            var = kh_scale * inv
            if kh_scale < 1:
                notes.append(message("kh_below_one", scale=f"{kh_scale:.3f}"))
    se = np.sqrt(np.array([var]))
    crit = _dist.t_ppf(0.5 + level / 2, df_res) if use_t else _dist.norm_ppf(0.5 + level / 2)
    b = np.array([beta])
    stat = np.full_like(b, np.nan)
    pval = np.full_like(b, np.nan)
    if np.isfinite(se[0]) and se[0] > 0:
        stat[0] = b[0] / se[0]
        pval[0] = 2 * (
            _dist.t_sf(np.abs(stat[0]), df_res) if use_t else _dist.norm_sf(np.abs(stat[0]))
        )

    w0, sw0, inv0, _, resid0 = _sums(y, v, 0.0)
    qe = float(_sum(w0 * resid0**2))
    qe_p = float(_dist.chi2_sf(qe, df_res)) if df_res >= 1 else np.nan
    if df_res < 1:
        i2 = h2 = s2 = np.nan
    else:
        s2 = (
            df_res / _traces(w0, sw0, inv0)[0]
        )  # metafit._s2_typical: w = 1/v, the same as at τ² = 0
        if method == "FE":
            i2 = max(0.0, (qe - df_res) / qe) if qe > 0 else 0.0
            h2 = qe / df_res
        else:
            i2 = tau2 / (tau2 + s2)
            h2 = (tau2 + s2) / s2
    if method == "REML" and np.isfinite(tau2):
        w_t, sw_t, inv_t, _, _ = _sums(y, v, tau2)
        tau2_se = float(np.sqrt(2.0 / _traces(w_t, sw_t, inv_t)[1]))
    else:
        tau2_se = np.nan
    if df_res >= 1:
        t_lo, t_hi, empty = q_profile(y, v, level)
        if empty:
            notes.append(message("qprofile_empty"))
        i2_ci = (t_lo / (t_lo + s2), t_hi / (t_hi + s2))
        h2_ci = ((t_lo + s2) / s2, (t_hi + s2) / s2)
    else:
        t_lo = t_hi = np.nan
        i2_ci = h2_ci = (np.nan, np.nan)
    return {
        "beta": b, "vcov": np.array([[var]]), "se": se, "stat": stat, "pvalue": pval,
        "crit": float(crit), "use_t": use_t, "df": df_res, "knapp_hartung": kh,
        "kh_scale": float(kh_scale), "tau2": float(tau2), "tau2_se": tau2_se,
        "tau2_ci": (t_lo, t_hi), "qe": qe, "qe_p": qe_p, "i2": float(i2), "h2": float(h2),
        "i2_ci": i2_ci, "h2_ci": h2_ci, "weights": w / _sum(w), "converged": converged,
        "iterations": iterations, "notes": notes,
    }  # fmt: skip


def intercept_mean(y, v, method: str) -> dict:
    """``metafit.intercept_fit``: τ², the pooled estimate, its SE and Q, the same floats."""
    k = y.size
    if method == "FE":
        tau2 = 0.0
    elif k < 2:
        tau2 = np.nan
    elif method == "DL":
        tau2 = _tau2_dl(y, v)
    else:
        tau2 = tau2_reml(y, v)[0]
    _, _, inv, beta, _ = _sums(y, v, 0.0 if not np.isfinite(tau2) else tau2)
    w0, _, _, _, resid0 = _sums(y, v, 0.0)
    qe = float(_sum(w0 * resid0**2))
    return {
        "tau2": float(tau2),
        "estimate": float(beta),
        "se": float(np.sqrt(inv)),
        "qe": qe,
        "qe_p": float(_dist.chi2_sf(qe, k - 1)) if k >= 2 else np.nan,
    }
