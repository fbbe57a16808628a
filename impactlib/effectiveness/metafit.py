"""The random/mixed-effects model behind :mod:`impactlib.effectiveness.meta`: τ² and the fit.

Effect sizes and sampling variances are checked (:func:`as_effects`), a
design matrix is built (:func:`design_matrix`), τ² is estimated by
DerSimonian–Laird or REML and the model fitted by weighted least squares
(:func:`fit_model`). The REML estimator is implemented here (statsmodels has
DerSimonian–Laird and Paule–Mandel but no REML for meta-analysis) by Fisher
scoring as in ``metafor::rma.uni``, with :func:`scipy.optimize.minimize_scalar`
as fallback; :func:`q_profile_tau2_ci` and :func:`reml_loglik` are public.
The other names here serve :mod:`~impactlib.effectiveness.meta` and
:mod:`~impactlib.effectiveness.pubbias` only.

Examples
--------
>>> lo, hi = q_profile_tau2_ci([0.1, 0.5, 0.3, 0.9], [0.02, 0.03, 0.04, 0.02])
>>> 0 < lo < hi
True
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize, stats

from .._util import check_level

__all__ = ["METHODS", "q_profile_tau2_ci", "reml_loglik"]

#: Estimators of the between-study variance τ² accepted by :func:`pool`.
METHODS = ("REML", "DL", "FE")

K_RANDOM_MIN = 3
_MAXITER = 200
_TOL = 1e-12


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


def as_effects(yi, vi) -> tuple[np.ndarray, np.ndarray]:
    """Check effect sizes and sampling variances; return float arrays."""
    try:
        y = np.asarray(yi, dtype=float).ravel()
        v = np.asarray(vi, dtype=float).ravel()
    except (TypeError, ValueError) as exc:
        raise ValueError(
            "Effect sizes (yi) and sampling variances (vi) must be numbers / "
            "vaikutuskokojen ja otantavarianssien pitää olla lukuja."
        ) from exc
    if y.shape != v.shape:
        raise ValueError(
            f"yi has {y.size} values but vi has {v.size}: give one sampling variance per effect size / "
            "jokaisella vaikutuskoolla pitää olla oma otantavarianssi."
        )
    if y.size == 0:
        raise ValueError("No effect sizes to pool / ei yhdistettäviä vaikutuskokoja.")
    bad = np.flatnonzero(~np.isfinite(y) | ~np.isfinite(v))
    if bad.size:
        raise ValueError(
            f"Effect size or variance missing or infinite at positions {bad.tolist()}: drop those "
            "rows before pooling / puuttuva tai ääretön arvo riveillä "
            f"{bad.tolist()}; poista ne ennen yhdistämistä."
        )
    bad = np.flatnonzero(v <= 0)
    if bad.size:
        raise ValueError(
            f"Sampling variance must be greater than 0; it is {v[bad].tolist()} at positions "
            f"{bad.tolist()} (an estimate with no uncertainty usually means n < 2 or identical "
            "scores) / otantavarianssin pitää olla suurempi kuin 0."
        )
    return y, v


def check_method(method: str) -> str:
    m = str(method).upper()
    if m not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    return m


def design_matrix(mods, k: int) -> tuple[np.ndarray, list[str]]:
    """Design matrix with an intercept; categorical moderators dummy-coded."""
    if mods is None:
        return np.ones((k, 1)), ["intercept"]
    if isinstance(mods, pd.Series):
        frame = mods.to_frame(name=mods.name if mods.name is not None else "mod")
    elif isinstance(mods, pd.DataFrame):
        frame = mods
    else:
        arr = np.asarray(mods)
        if arr.ndim == 1:
            arr = arr[:, None]
        frame = pd.DataFrame(arr, columns=[f"mod{i + 1}" for i in range(arr.shape[1])])
    frame = frame.reset_index(drop=True)
    if len(frame) != k:
        raise ValueError(f"mods has {len(frame)} rows but there are {k} effect sizes")
    cat_cols = [
        c
        for c in frame.columns
        if not (pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c]))
    ]
    if cat_cols:
        frame = pd.get_dummies(frame, columns=cat_cols, drop_first=True, dtype=float)
    if frame.isna().to_numpy().any():
        raise ValueError("Moderator values are missing; drop those rows first / moderaattoritieto puuttuu.")
    x = frame.to_numpy(dtype=float)
    return np.column_stack([np.ones(k), x]), ["intercept", *[str(c) for c in frame.columns]]


# ---------------------------------------------------------------------------
# Core linear algebra (weighted least squares for a given tau^2)
# ---------------------------------------------------------------------------


def _wls(y: np.ndarray, v: np.ndarray, x: np.ndarray, tau2: float):
    w = 1.0 / (v + tau2)
    xtw = x.T * w
    inv = np.linalg.inv(xtw @ x)
    beta = inv @ (xtw @ y)
    resid = y - x @ beta
    return beta, inv, w, resid


def _p_matrix(v: np.ndarray, x: np.ndarray, tau2: float) -> np.ndarray:
    """P = W − W X (X'WX)⁻¹ X'W, the residual-maker of the weighted fit."""
    w = 1.0 / (v + tau2)
    xtw = x.T * w
    inv = np.linalg.inv(xtw @ x)
    return np.diag(w) - xtw.T @ inv @ xtw


def _q_gen(y, v, x, tau2) -> float:
    """Generalised Q statistic Σ wᵢ(τ²)(yᵢ − xᵢβ̂(τ²))²."""
    _, _, w, resid = _wls(y, v, x, tau2)
    return float(np.sum(w * resid**2))


def reml_loglik(tau2: float, yi, vi, mods=None) -> float:
    """Restricted (REML) log-likelihood of the random/mixed-effects model.

    .. math::

        \\ell_R(\\tau^2) = -\\tfrac12\\Big[\\sum_i \\log(v_i+\\tau^2)
        + \\log\\lvert X^\\top W X\\rvert + \\sum_i w_i (y_i - x_i\\hat\\beta)^2\\Big]
        + \\text{const}, \\qquad w_i = 1/(v_i+\\tau^2)

    Used by :func:`pool` only to check convergence; exposed for tests and
    profile plots.

    Examples
    --------
    >>> reml_loglik(0.1, [0.1, 0.5, 0.3], [0.02, 0.03, 0.04]) > reml_loglik(2.0, [0.1, 0.5, 0.3], [0.02, 0.03, 0.04])
    True
    """
    y, v = as_effects(yi, vi)
    x, _ = design_matrix(mods, y.size)
    beta, inv, w, resid = _wls(y, v, x, float(tau2))
    _, logdet = np.linalg.slogdet(np.linalg.inv(inv))
    return float(-0.5 * (np.sum(np.log(v + tau2)) + logdet + np.sum(w * resid**2)))


def _tau2_dl(y, v, x) -> float:
    """DerSimonian–Laird (method-of-moments) estimate, truncated at 0."""
    k, p = x.shape
    beta, inv, w, resid = _wls(y, v, x, 0.0)
    qe = float(np.sum(w * resid**2))
    xtw = x.T * w
    trp = float(np.sum(w) - np.trace(inv @ (xtw * w) @ x))
    return max(0.0, (qe - (k - p)) / trp)


def _tau2_reml(y, v, x) -> tuple[float, bool, int]:
    """REML estimate by Fisher scoring (as metafor), with a numerical fallback."""
    tau2 = _tau2_dl(y, v, x)
    converged = False
    it = 0
    for it in range(1, _MAXITER + 1):  # noqa: B007 - iteration count is reported
        pm = _p_matrix(v, x, tau2)
        py = pm @ y
        score = float(py @ py - np.trace(pm))
        info = float(np.sum(pm * pm.T))
        step = score / info
        new = tau2 + step
        while new < 0 and step < 0 and tau2 > 0:
            step /= 2.0
            new = tau2 + step
            if abs(step) < _TOL:
                new = 0.0
        new = max(new, 0.0)
        if abs(new - tau2) <= _TOL * max(1.0, tau2):
            tau2 = new
            converged = True
            break
        tau2 = new
    if not converged:  # pragma: no cover - Fisher scoring converges on all test data
        upper = 10.0 * (np.var(y) + np.max(v)) + 1.0
        opt = optimize.minimize_scalar(
            lambda t: -reml_loglik(t, y, v, x[:, 1:] if x.shape[1] > 1 else None),
            bounds=(0.0, upper),
            method="bounded",
            options={"xatol": 1e-12},
        )
        tau2, converged = float(opt.x), bool(opt.success)
    return float(tau2), converged, it


def _s2_typical(v, x) -> float:
    """'Typical' within-study variance (k − p)/tr(P) at τ² = 0 (Higgins & Thompson 2002)."""
    k, p = x.shape
    pm = _p_matrix(v, x, 0.0)
    return (k - p) / float(np.trace(pm))


def q_profile_tau2_ci(yi, vi, *, mods=None, level: float = 0.95) -> tuple[float, float]:
    """Q-profile confidence interval for τ² (Viechtbauer 2007).

    The bounds are the values of τ² at which the generalised Q statistic
    equals the upper and lower quantiles of a χ² distribution with
    :math:`k-p` degrees of freedom:

    .. math::

        Q(\\tau^2_{\\text{low}}) = \\chi^2_{k-p;\\,1-\\alpha/2}, \\qquad
        Q(\\tau^2_{\\text{high}}) = \\chi^2_{k-p;\\,\\alpha/2},

    truncated at 0. This is metafor's default ``confint(rma)`` method.

    References
    ----------
    Viechtbauer, W. (2007). Confidence intervals for the amount of
    heterogeneity in meta-analysis. *Statistics in Medicine*, 26(1), 37–52.

    Examples
    --------
    >>> lo, hi = q_profile_tau2_ci([0.1, 0.5, 0.3, 0.9], [0.02, 0.03, 0.04, 0.02])
    >>> 0 < lo < hi
    True
    """
    y, v = as_effects(yi, vi)
    x, _ = design_matrix(mods, y.size)
    return _q_profile(y, v, x, check_level(level))


def _q_profile(y, v, x, level) -> tuple[float, float]:
    k, p = x.shape
    df = k - p
    if df < 1:
        return (np.nan, np.nan)
    alpha = 1 - level
    crit_lo = stats.chi2.ppf(1 - alpha / 2, df)  # gives the lower bound
    crit_hi = stats.chi2.ppf(alpha / 2, df)  # gives the upper bound
    q0 = _q_gen(y, v, x, 0.0)

    def solve(target: float) -> float:
        if q0 <= target:
            return 0.0
        upper = max(1.0, 10.0 * float(np.var(y)))
        while _q_gen(y, v, x, upper) > target:
            upper *= 10.0
            if upper > 1e12:  # pragma: no cover - pathological input
                return np.inf
        return float(
            optimize.brentq(lambda t: _q_gen(y, v, x, t) - target, 0.0, upper, xtol=1e-12, rtol=1e-12)
        )

    return solve(crit_lo), solve(crit_hi)


# ---------------------------------------------------------------------------
# Fitting
# ---------------------------------------------------------------------------


def fit_model(y, v, x, method, knapp_hartung, level):
    """Fit the FE / random / mixed-effects model; return a dict of results."""
    k, p = x.shape
    df_res = k - p
    notes: list[str] = []
    converged, iterations = True, 0
    if method == "FE":
        tau2 = 0.0
    elif df_res < 1:
        tau2 = np.nan
    elif method == "DL":
        tau2 = _tau2_dl(y, v, x)
    else:
        tau2, converged, iterations = _tau2_reml(y, v, x)
        if not converged:  # pragma: no cover
            notes.append("REML did not converge; τ² is from a bounded numerical maximisation.")
    tau2_fit = 0.0 if not np.isfinite(tau2) else tau2
    beta, inv, w, resid = _wls(y, v, x, tau2_fit)
    vcov = inv.copy()
    if knapp_hartung and df_res >= 1:
        s2_kh = float(np.sum(w * resid**2)) / df_res
        vcov = s2_kh * inv
    use_t = bool(knapp_hartung and df_res >= 1)
    se = np.sqrt(np.diag(vcov))
    crit = stats.t.ppf(0.5 + level / 2, df_res) if use_t else stats.norm.ppf(0.5 + level / 2)
    stat = beta / se
    pval = 2 * (stats.t.sf(np.abs(stat), df_res) if use_t else stats.norm.sf(np.abs(stat)))

    # heterogeneity statistics (always from the fixed-effect fit)
    _, _, w0, resid0 = _wls(y, v, x, 0.0)
    qe = float(np.sum(w0 * resid0**2))
    qe_p = float(stats.chi2.sf(qe, df_res)) if df_res >= 1 else np.nan
    if df_res < 1:
        i2 = h2 = np.nan
        s2 = np.nan
    else:
        s2 = _s2_typical(v, x)
        if method == "FE":
            i2 = max(0.0, (qe - df_res) / qe) if qe > 0 else 0.0
            h2 = qe / df_res
        else:
            i2 = tau2 / (tau2 + s2)
            h2 = (tau2 + s2) / s2
    if method == "REML" and np.isfinite(tau2):
        pm = _p_matrix(v, x, tau2)
        tau2_se = float(np.sqrt(2.0 / np.sum(pm * pm.T)))
    else:
        tau2_se = np.nan
    if df_res >= 1:
        t_lo, t_hi = _q_profile(y, v, x, level)
        i2_ci = (t_lo / (t_lo + s2), t_hi / (t_hi + s2))
        h2_ci = ((t_lo + s2) / s2, (t_hi + s2) / s2)
    else:
        t_lo = t_hi = np.nan
        i2_ci = h2_ci = (np.nan, np.nan)
    return {
        "beta": beta,
        "vcov": vcov,
        "se": se,
        "stat": stat,
        "pvalue": pval,
        "crit": float(crit),
        "use_t": use_t,
        "df": df_res,
        "tau2": float(tau2),
        "tau2_se": tau2_se,
        "tau2_ci": (t_lo, t_hi),
        "qe": qe,
        "qe_p": qe_p,
        "i2": float(i2),
        "h2": float(h2),
        "i2_ci": i2_ci,
        "h2_ci": h2_ci,
        "weights": w / np.sum(w),
        "converged": converged,
        "iterations": iterations,
        "notes": notes,
    }



_TEXT = {
    "k_random": (
        "Vain {k} tutkimusta: satunnaisvaikutusten malli ei pysty arvioimaan vaihtelua (τ²) "
        "luotettavasti; tulkitse varoen.",
        "Only {k} studies: a random-effects model cannot estimate the between-study variance "
        "(τ²) reliably; interpret with caution.",
    ),
    "k_one": (
        "Vain yksi tutkimus: mitään ei yhdistetty, τ²:ta ja ennusteväliä ei voi laskea.",
        "Only one study: nothing was pooled; τ² and the prediction interval cannot be computed.",
    ),
    "egger_k": (
        "Vain {k} tutkimusta: Eggerin testi tarvitsee vähintään 10 tutkimusta, muuten sen voima on "
        "pieni (Sterne ym. 2011).",
        "Only {k} studies: Egger's test needs at least 10 studies, otherwise it has little power "
        "(Sterne et al. 2011).",
    ),
    "egger_k3": (
        "Alle 3 tutkimusta: Eggerin testiä ei voi laskea.",
        "Fewer than 3 studies: Egger's test cannot be computed.",
    ),
}


def message(key: str, **kw) -> str:
    fi, en = _TEXT[key]
    return f"{en.format(**kw)} / {fi.format(**kw)}"
