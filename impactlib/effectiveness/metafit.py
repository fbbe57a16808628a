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
from scipy import optimize

from .._util import check_level
from . import _dist

__all__ = ["METHODS", "KH_OPTIONS", "q_profile_tau2_ci", "reml_loglik"]

#: Estimators of the between-study variance τ² accepted by :func:`pool`.
METHODS = ("REML", "DL", "FE")

K_RANDOM_MIN = 3
REML_MAXITER = 200
REML_TOL = 1e-12
#: Fisher steps after which iterates on both sides of the root are handed to Brent's method.
REML_OSCILLATING = 20


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
# Core linear algebra (weighted least squares for a given tau^2), O(k p^2): no k x k matrix.
# Sums over the k effects are numpy reductions (np.sum, np.einsum), never BLAS: a threaded BLAS
# call on a k x 1 or k x p product costs thread start-ups (tens of ms on a busy machine) that
# grew the time of pool and meta_regression super-linearly with k.
# ---------------------------------------------------------------------------


def _xtwx(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """:math:`X^\\top W X` without BLAS (one column: a plain sum)."""
    if x.shape[1] == 1:
        c = x[:, 0]
        return np.array([[float(np.sum(w * c * c))]])
    return np.einsum("ki,kj->ij", x * w[:, None], x)


def _wls(y: np.ndarray, v: np.ndarray, x: np.ndarray, tau2: float):
    w = 1.0 / (v + tau2)
    if x.shape[1] == 1:  # intercept only (or one column): closed-form sums, O(k)
        c = x[:, 0]
        wc = w * c
        inv = np.array([[1.0 / float(np.sum(wc * c))]])
        beta = inv[0] * float(np.sum(wc * y))
        resid = y - c * beta[0]
        return beta, inv, w, resid
    xw = x * w[:, None]
    inv = np.linalg.inv(np.einsum("ki,kj->ij", xw, x))
    beta = inv @ np.einsum("ki,k->i", xw, y)
    resid = y - np.einsum("ki,i->k", x, beta)
    return beta, inv, w, resid


def _p_traces(w: np.ndarray, x: np.ndarray, inv: np.ndarray) -> tuple[float, float]:
    """tr(P) and tr(PP) of P = W − W X (X'WX)⁻¹ X'W in closed form, O(k p²).

    With :math:`A = X^\\top W X`, :math:`B_m = X^\\top W^m X`:
    :math:`\\operatorname{tr}P = \\sum w_i - \\operatorname{tr}(A^{-1}B_2)` and
    :math:`\\operatorname{tr}(PP) = \\sum w_i^2 - 2\\operatorname{tr}(A^{-1}B_3)
    + \\operatorname{tr}\\big((A^{-1}B_2)^2\\big)` (P is symmetric, so
    :math:`\\sum_{ij}P_{ij}P_{ji} = \\operatorname{tr}(PP)`).
    """
    w2 = w * w
    b2 = _xtwx(x, w2)
    b3 = _xtwx(x, w2 * w)
    m2 = inv @ b2
    tr_p = float(np.sum(w) - np.trace(m2))
    tr_pp = float(np.sum(w2) - 2.0 * np.trace(inv @ b3) + np.sum(m2 * m2.T))
    return tr_p, tr_pp


def _q_gen(y, v, x, tau2) -> float:
    """Generalised Q statistic Σ wᵢ(τ²)(yᵢ − xᵢβ̂(τ²))²."""
    _, _, w, resid = _wls(y, v, x, tau2)
    return float(np.sum(w * resid**2))


def _q_mean(y, v, tau2) -> float:
    """:func:`_q_gen` of the intercept-only model (x a column of ones), the same floats in fewer
    steps (multiplying by 1.0 changes nothing): for the root search of :func:`_q_profile`."""
    w = 1.0 / (v + tau2)
    resid = y - (1.0 / float(np.sum(w))) * float(np.sum(w * y))
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
    _, inv, w, resid = _wls(y, v, x, 0.0)
    qe = float(np.sum(w * resid**2))
    trp, _ = _p_traces(w, x, inv)
    return max(0.0, (qe - (k - p)) / trp)


def _tau2_reml(y, v, x) -> tuple[float, bool, int]:
    """REML estimate by Fisher scoring (as metafor), with a numerical fallback.

    Each step is O(k p²): :math:`Py = W(y - X\\hat\\beta)` and the traces of P and PP
    come from :func:`_p_traces`, so no k × k matrix is formed.
    """
    tau2 = _tau2_dl(y, v, x)
    converged = False
    it = 0
    last = None  # (τ², score) of the step before
    for it in range(1, REML_MAXITER + 1):  # noqa: B007 - iteration count is reported
        _, inv, w, resid = _wls(y, v, x, tau2)
        py = w * resid
        tr_p, tr_pp = _p_traces(w, x, inv)
        score = float(np.sum(py * py)) - tr_p
        if it > REML_OSCILLATING and last is not None and last[1] * score < 0:
            # Fisher scoring swinging across the root (the observed information about twice the
            # expected one, on a flat likelihood) converges very slowly; the last two iterates
            # bracket the root of the score, which Brent's method finds to full precision
            lo, hi = sorted((last[0], tau2))
            tau2 = float(optimize.brentq(lambda t: _reml_score(y, v, x, t), lo, hi, xtol=1e-15,
                                         rtol=4 * np.finfo(float).eps))
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
            lambda t: -reml_loglik(t, y, v, x[:, 1:] if x.shape[1] > 1 else None),
            bounds=(0.0, upper),
            method="bounded",
            options={"xatol": 1e-12},
        )
        tau2, converged = float(opt.x), bool(opt.success)
    return float(tau2), converged, it


def _reml_score(y, v, x, tau2) -> float:
    """The REML score (twice ∂ℓ/∂τ²): :math:`y^\\top P P y - \\operatorname{tr} P`."""
    _, inv, w, resid = _wls(y, v, x, tau2)
    py = w * resid
    return float(np.sum(py * py)) - _p_traces(w, x, inv)[0]


def _s2_typical(v, x) -> float:
    """'Typical' within-study variance (k − p)/tr(P) at τ² = 0 (Higgins & Thompson 2002)."""
    k, p = x.shape
    w = 1.0 / v
    inv = np.linalg.inv(_xtwx(x, w))
    tr_p, _ = _p_traces(w, x, inv)
    return (k - p) / tr_p


def q_profile_tau2_ci(yi, vi, *, mods=None, level: float = 0.95) -> tuple[float, float]:
    """Q-profile confidence interval for τ² (Viechtbauer 2007).

    The bounds are the values of τ² at which the generalised Q statistic
    equals the upper and lower quantiles of a χ² distribution with
    :math:`k-p` degrees of freedom:

    .. math::

        Q(\\tau^2_{\\text{low}}) = \\chi^2_{k-p;\\,1-\\alpha/2}, \\qquad
        Q(\\tau^2_{\\text{high}}) = \\chi^2_{k-p;\\,\\alpha/2},

    truncated at 0. This is metafor's default ``confint(rma)`` method.

    When Q at τ² = 0 is already below the lower χ² quantile (the effects
    vary less than sampling error alone would make them), both bounds lie
    below 0 and the interval is the empty set: metafor then shows both
    bounds as 0 and prints that "the CIs are therefore equal to the
    null/empty set" (``print.confint.rma``). This function returns
    ``(nan, nan)`` instead, so that an empty interval is never read as
    "τ² is exactly 0"; :func:`impactlib.effectiveness.pool` adds the note to
    its ``warnings``.

    References
    ----------
    Viechtbauer, W. (2007). Confidence intervals for the amount of
    heterogeneity in meta-analysis. *Statistics in Medicine*, 26(1), 37–52.

    Examples
    --------
    >>> lo, hi = q_profile_tau2_ci([0.1, 0.5, 0.3, 0.9], [0.02, 0.03, 0.04, 0.02])
    >>> 0 < lo < hi
    True
    >>> q_profile_tau2_ci([0.30, 0.31, 0.30, 0.29], [0.02, 0.03, 0.04, 0.02])  # Q far below k - 1
    (nan, nan)
    """
    y, v = as_effects(yi, vi)
    x, _ = design_matrix(mods, y.size)
    lo, hi, _ = _q_profile(y, v, x, check_level(level))
    return lo, hi


def _q_profile(y, v, x, level) -> tuple[float, float, bool]:
    """Q-profile bounds and whether the interval is empty (both bounds below 0)."""
    k, p = x.shape
    df = k - p
    if df < 1:
        return (np.nan, np.nan, False)
    alpha = 1 - level
    crit_lo = _dist.chi2_ppf(1 - alpha / 2, df)  # gives the lower bound
    crit_hi = _dist.chi2_ppf(alpha / 2, df)  # gives the upper bound
    if x.shape[1] == 1 and bool(np.all(x == 1.0)):
        def q(t):
            return _q_mean(y, v, t)
    else:
        def q(t):
            return _q_gen(y, v, x, t)
    q0 = q(0.0)
    if q0 < crit_hi:  # both bounds below 0: the null/empty set (metafor's ci.null)
        return (np.nan, np.nan, True)

    def solve(target: float) -> float:
        if q0 <= target:
            return 0.0
        upper = max(1.0, 10.0 * float(np.var(y)))
        while q(upper) > target:
            upper *= 10.0
            if upper > 1e12:  # pragma: no cover - pathological input
                return np.inf
        return float(optimize.brentq(lambda t: q(t) - target, 0.0, upper, xtol=1e-12, rtol=1e-12))

    return solve(crit_lo), solve(crit_hi), False


# ---------------------------------------------------------------------------
# Fitting
# ---------------------------------------------------------------------------

#: Values of ``knapp_hartung=``: off, the plain Knapp–Hartung scale, or the scale truncated at 1.
KH_OPTIONS = (False, True, "truncated")


def check_kh(knapp_hartung) -> bool | str:
    """``False``, ``True`` or ``"truncated"`` (``"adhoc"``, metafor's name, is accepted too)."""
    if isinstance(knapp_hartung, str):
        kh = knapp_hartung.lower()
        if kh in ("truncated", "adhoc"):
            return "truncated"
        raise ValueError(f"knapp_hartung must be False, True or 'truncated', got {knapp_hartung!r}")
    if isinstance(knapp_hartung, (bool, np.bool_)):
        return bool(knapp_hartung)
    raise ValueError(f"knapp_hartung must be False, True or 'truncated', got {knapp_hartung!r}")


def fit_model(y, v, x, method, knapp_hartung, level):
    """Fit the FE / random / mixed-effects model; return a dict of results.

    ``knapp_hartung``: ``False``, ``True`` (the Knapp–Hartung scale
    :math:`s^2 = \\sum w_i r_i^2/(k-p)` as ``metafor``'s ``test="knha"``) or
    ``"truncated"`` (:math:`\\max(1, s^2)`, ``metafor``'s ``test="adhoc"``).
    A scale below 1 under ``True`` adds a note; a scale of 0 (all residuals 0,
    e.g. identical effects) gives NaN standard errors and a note instead of an
    SE of 0 and a p-value of 0.
    """
    kh = check_kh(knapp_hartung)
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
    use_t = bool(kh and df_res >= 1)
    kh_scale = np.nan
    if use_t:
        rss = float(np.sum(w * resid**2))
        kh_scale = rss / df_res
        if kh == "truncated":
            vcov = max(1.0, kh_scale) * inv
        elif rss <= np.finfo(float).eps * max(1.0, float(np.sum(w * y**2))):
            vcov = np.full_like(inv, np.nan)  # an SE of 0 would claim certainty the data do not give
            notes.append(message("kh_zero"))
        else:
            vcov = kh_scale * inv
            if kh_scale < 1:
                notes.append(message("kh_below_one", scale=f"{kh_scale:.3f}"))
    se = np.sqrt(np.diag(vcov))
    crit = _dist.t_ppf(0.5 + level / 2, df_res) if use_t else _dist.norm_ppf(0.5 + level / 2)
    stat = np.full_like(beta, np.nan)
    ok = np.isfinite(se) & (se > 0)
    stat[ok] = beta[ok] / se[ok]
    pval = np.full_like(beta, np.nan)
    tail = _dist.t_sf(np.abs(stat[ok]), df_res) if use_t else _dist.norm_sf(np.abs(stat[ok]))
    pval[ok] = 2 * tail

    # heterogeneity statistics (always from the fixed-effect fit)
    _, _, w0, resid0 = _wls(y, v, x, 0.0)
    qe = float(np.sum(w0 * resid0**2))
    qe_p = float(_dist.chi2_sf(qe, df_res)) if df_res >= 1 else np.nan
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
        _, inv_t, w_t, _ = _wls(y, v, x, tau2)
        tau2_se = float(np.sqrt(2.0 / _p_traces(w_t, x, inv_t)[1]))
    else:
        tau2_se = np.nan
    if df_res >= 1:
        t_lo, t_hi, empty = _q_profile(y, v, x, level)
        if empty:
            notes.append(message("qprofile_empty"))
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
        "knapp_hartung": kh,
        "kh_scale": float(kh_scale),
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


def intercept_fit(y, v, method: str) -> dict:
    """τ², the pooled estimate and its SE, and Q of the intercept-only model, nothing else.

    The same numbers as ``fit_model(y, v, ones, method, False, level)`` (keys ``tau2, estimate,
    se, qe, qe_p``) without the Q-profile interval, I² and the weights. The library computes
    them in scalars (:func:`impactlib.effectiveness._metamean.intercept_mean`, the same floats);
    this is the general path they are tested against.
    """
    k = y.size
    x = np.ones((k, 1))
    if method == "FE":
        tau2 = 0.0
    elif k < 2:
        tau2 = np.nan
    elif method == "DL":
        tau2 = _tau2_dl(y, v, x)
    else:
        tau2 = _tau2_reml(y, v, x)[0]
    beta, inv, _, _ = _wls(y, v, x, 0.0 if not np.isfinite(tau2) else tau2)
    _, _, w0, resid0 = _wls(y, v, x, 0.0)
    qe = float(np.sum(w0 * resid0**2))
    return {"tau2": float(tau2), "estimate": float(beta[0]), "se": float(np.sqrt(inv[0, 0])),
            "qe": qe, "qe_p": float(_dist.chi2_sf(qe, k - 1)) if k >= 2 else np.nan}


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
    "kh_below_one": (
        "Knapp–Hartungin skaala on {scale} eli alle 1: väli on kapeampi kuin ilman korjausta; "
        "käytä knapp_hartung=\"truncated\" (skaala vähintään 1; Jackson ym. 2017).",
        "The Knapp–Hartung scale is {scale}, below 1: the interval is narrower than the unadjusted "
        "one; use knapp_hartung=\"truncated\" (scale at least 1; Jackson et al. 2017).",
    ),
    "kh_zero": (
        "Vaikutukset ovat samat (jäännökset 0): Knapp–Hartungin keskivirhe olisi 0, joten sitä ei "
        "anneta; käytä knapp_hartung=\"truncated\".",
        "The effects are identical (residuals 0): the Knapp–Hartung standard error would be 0, so "
        "none is given; use knapp_hartung=\"truncated\".",
    ),
    "qprofile_empty": (
        "Q on pienempi kuin χ²-jakauman alakvantiili: vaikutukset vaihtelevat vähemmän kuin "
        "otantavirhe yksin selittäisi, ja τ²:n Q-profiililuottamusväli on tyhjä (NaN).",
        "Q is below the lower quantile of its χ² distribution: the effects vary less than sampling "
        "error alone would make them, and the Q-profile interval of τ² is the empty set (NaN).",
    ),
    "ml_singletons": (
        "Jokainen toiminto on eri järjestöltä: tasoja ei voi erottaa, joten tulos on kaksitasoinen "
        "yhdistäminen (vaihtelu järjestöjen välillä NaN).",
        "Every activity comes from a different association: the two levels cannot be told apart, "
        "so this is the two-level pool (variance between associations NaN).",
    ),
    "ml_few_clusters": (
        "Vain {g} järjestöä: järjestöjen välistä vaihtelua ei voi arvioida luotettavasti; tulkitse "
        "varoen.",
        "Only {g} associations: the variance between associations cannot be estimated reliably; "
        "interpret with caution.",
    ),
    "egger_constant": (
        "Kaikilla vaikutuksilla on sama {what_fi}: Eggerin regressio on singulaarinen, joten testiä "
        "ei voi laskea.",
        "Every effect has the same {what}: Egger's regression is rank-deficient, so the test cannot "
        "be computed.",
    ),
    "egger_k3": (
        "Alle 3 tutkimusta: Eggerin testiä ei voi laskea.",
        "Fewer than 3 studies: Egger's test cannot be computed.",
    ),
}


_WHAT_FI = {"standard error": "keskivirhe", "sample size": "otoskoko"}


def message(key: str, **kw) -> str:
    fi, en = _TEXT[key]
    if "what" in kw:
        kw["what_fi"] = _WHAT_FI.get(kw["what"], kw["what"])
    return f"{en.format(**kw)} / {fi.format(**kw)}"
