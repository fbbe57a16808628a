"""Pooling effect sizes across activities: meta-analysis and small-study tests.

*Yhdistetty vaikutus* — the pooled effect of many activities or associations,
how much the true effects differ between them (heterogeneity, *vaihtelu*), and
whether small evaluations report larger effects than big ones (small-study
asymmetry). Every estimator here follows R ``metafor`` (Viechtbauer 2010) and
is tested against its published output (``tests/test_meta.py``).

Functions
---------
:func:`pool`
    Fixed-effect (inverse-variance) and random-effects pooling with the
    DerSimonian–Laird or REML estimate of τ², Q, I², H², a Q-profile CI for
    τ², the 95 % CI, the prediction interval and optional Knapp–Hartung
    adjustment. Returns a :class:`PoolResult`.
:func:`meta_regression`
    The mixed-effects meta-regression on one or more moderators
    (*moderaattorit*): does a characteristic of the activity explain the
    heterogeneity? Returns a :class:`MetaRegressionResult`.

Egger's test for funnel-plot asymmetry is in :mod:`impactlib.pubbias`.

The REML estimator is implemented here (statsmodels has DerSimonian–Laird and
Paule–Mandel but no REML for meta-analysis) by Fisher scoring as in
``metafor::rma.uni``; ``tests/test_meta.py`` checks it against metafor's
published values and against a direct numerical maximisation of the
restricted likelihood with :func:`scipy.optimize.minimize_scalar`.

Examples
--------
>>> import numpy as np
>>> yi = np.array([0.10, 0.30, 0.35, 0.65, 0.45, 0.15])
>>> vi = np.array([0.03, 0.03, 0.05, 0.01, 0.05, 0.02])
>>> res = pool(yi, vi, method="REML")
>>> round(res.estimate, 3), res.k
(0.346, 6)
>>> res.warnings
()
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize, stats

__all__ = [
    "METHODS",
    "PoolResult",
    "MetaRegressionResult",
    "pool",
    "meta_regression",
    "q_profile_tau2_ci",
    "reml_loglik",
]

#: Estimators of the between-study variance τ² accepted by :func:`pool`.
METHODS = ("REML", "DL", "FE")

_K_RANDOM_MIN = 3
_MAXITER = 200
_TOL = 1e-12


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


def _as_effects(yi, vi) -> tuple[np.ndarray, np.ndarray]:
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


def _check_method(method: str) -> str:
    m = str(method).upper()
    if m not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    return m


def _check_level(level: float) -> float:
    level = float(level)
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level}")
    return level


def _design(mods, k: int) -> tuple[np.ndarray, list[str]]:
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
    y, v = _as_effects(yi, vi)
    x, _ = _design(mods, y.size)
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
    y, v = _as_effects(yi, vi)
    x, _ = _design(mods, y.size)
    return _q_profile(y, v, x, _check_level(level))


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


def _fit(y, v, x, method, knapp_hartung, level):
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


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------

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


def _msg(key: str, **kw) -> str:
    fi, en = _TEXT[key]
    return f"{en.format(**kw)} / {fi.format(**kw)}"


@dataclass(frozen=True)
class PoolResult:
    """Result of :func:`pool` (*yhdistetty vaikutus*).

    Attributes
    ----------
    estimate, se : float
        Pooled effect and its standard error (Knapp–Hartung SE if requested).
    ci_low, ci_high : float
        Confidence interval of the pooled (average) effect at ``level``.
    pi_low, pi_high : float
        Prediction interval: where the true effect of a *new* comparable
        activity is expected to lie (*ennusteväli*).
    statistic, pvalue : float
        z (or t under Knapp–Hartung) statistic and two-sided p-value of H₀:
        effect = 0; ``test`` says which.
    tau2, tau2_se, tau2_ci_low, tau2_ci_high : float
        Between-study variance τ² (*todellisten vaikutusten vaihtelu*), its SE
        (REML only) and Q-profile CI.
    tau : float
        √τ², in the units of the effect sizes.
    i2, i2_ci_low, i2_ci_high : float
        I² as a share 0–1 (not percent): the part of the total variability due
        to heterogeneity rather than sampling error.
    h2, h2_ci_low, h2_ci_high : float
        H² = total variability / sampling variability, with CI from the
        τ² bounds.
    q, q_df, q_pvalue : float
        Cochran's Q test of heterogeneity.
    k : int
        Number of effect sizes.
    method : str
        ``"REML"``, ``"DL"`` or ``"FE"``.
    knapp_hartung : bool
    level : float
    warnings : tuple of str
        Warnings kept with the result (e.g. k < 3 for random effects).
    studies : pandas.DataFrame
        The input effects with their CIs and weights (columns ``label, n, yi,
        vi, se, ci_low, ci_high, weight``), for the forest plot.
    """

    estimate: float
    se: float
    ci_low: float
    ci_high: float
    pi_low: float
    pi_high: float
    statistic: float
    pvalue: float
    test: str
    df: float
    tau2: float
    tau2_se: float
    tau2_ci_low: float
    tau2_ci_high: float
    i2: float
    i2_ci_low: float
    i2_ci_high: float
    h2: float
    h2_ci_low: float
    h2_ci_high: float
    q: float
    q_df: int
    q_pvalue: float
    k: int
    method: str
    knapp_hartung: bool
    level: float
    warnings: tuple[str, ...] = ()
    studies: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False, compare=False)

    @property
    def tau(self) -> float:
        """Square root of τ²."""
        return float(np.sqrt(self.tau2)) if np.isfinite(self.tau2) else np.nan

    @property
    def confidence(self) -> float:
        """Alias of ``level`` (the column name used in tables)."""
        return self.level

    _COLUMNS = (
        "k", "method", "knapp_hartung", "estimate", "se", "ci_low", "ci_high", "pi_low",
        "pi_high", "statistic", "pvalue", "test", "df", "tau2", "tau2_se", "tau2_ci_low",
        "tau2_ci_high", "i2", "i2_ci_low", "i2_ci_high", "h2", "h2_ci_low", "h2_ci_high", "q", "q_df", "q_pvalue",
    )  # fmt: skip

    def to_frame(self) -> pd.DataFrame:
        """One-row table of the pooled result (stable column names, plus ``confidence``)."""
        row = {c: getattr(self, c) for c in self._COLUMNS}
        row["tau"] = self.tau
        row["confidence"] = self.level
        row["warnings"] = " | ".join(self.warnings)
        return pd.DataFrame([row])

    def summary(self, lang: str = "fi") -> str:
        """A short text summary in Finnish or English (numbers rounded for reading only)."""
        from .i18n import fmt_number, fmt_pct

        def _p(p, lang):
            return ("< " + fmt_number(0.001, 3, lang)) if p < 0.001 else "= " + fmt_number(p, 3, lang)

        est = fmt_number(self.estimate, 2, lang)
        lo, hi = fmt_number(self.ci_low, 2, lang), fmt_number(self.ci_high, 2, lang)
        plo, phi = fmt_number(self.pi_low, 2, lang), fmt_number(self.pi_high, 2, lang)
        pct = int(round(self.level * 100))
        if lang == "fi":
            lines = [
                f"Yhdistetty vaikutus ({self.method}, k = {self.k}): {est} ({pct} %:n lv {lo}…{hi})",
                f"Ennusteväli uudelle toiminnalle: {plo}…{phi}",
                f"Vaihtelu: τ² = {fmt_number(self.tau2, 3, lang)}, I² = {fmt_pct(self.i2, 0, lang)}, "
                f"Q({self.q_df}) = {fmt_number(self.q, 2, lang)}, p {_p(self.q_pvalue, lang)}",
            ]
        else:
            lines = [
                f"Pooled effect ({self.method}, k = {self.k}): {est} ({pct}% CI {lo} to {hi})",
                f"Prediction interval for a new activity: {plo} to {phi}",
                f"Heterogeneity: tau² = {fmt_number(self.tau2, 3, lang)}, I² = {fmt_pct(self.i2, 0, lang)}, "
                f"Q({self.q_df}) = {fmt_number(self.q, 2, lang)}, p {_p(self.q_pvalue, lang)}",
            ]
        lines += [f"! {w}" for w in self.warnings]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"PoolResult(method={self.method!r}, k={self.k}, estimate={self.estimate:.4f}, "
            f"ci=[{self.ci_low:.4f}, {self.ci_high:.4f}], pi=[{self.pi_low:.4f}, {self.pi_high:.4f}], "
            f"tau2={self.tau2:.4f}, i2={self.i2:.3f}, q_pvalue={self.q_pvalue:.4g}, "
            f"warnings={len(self.warnings)})"
        )


def pool(
    yi,
    vi,
    *,
    method: str = "REML",
    knapp_hartung: bool = False,
    level: float = 0.95,
    labels: Sequence | None = None,
    n: Sequence | None = None,
) -> PoolResult:
    """Pool effect sizes: fixed-effect or random-effects meta-analysis.

    *Vaikutusten yhdistäminen (meta-analyysi)* — pooled effect (*yhdistetty
    vaikutus*) with its confidence interval, the prediction interval
    (*ennusteväli*) and the heterogeneity between activities.

    Parameters
    ----------
    yi : array-like of float
        Effect sizes, e.g. standardised mean changes from
        :func:`impactlib.effectiveness.prepost` (unit: SD units).
    vi : array-like of float
        Their sampling variances (> 0).
    method : {"REML", "DL", "FE"}, default "REML"
        Estimator of τ²: restricted maximum likelihood, DerSimonian–Laird,
        or none (fixed effect, τ² = 0).
    knapp_hartung : bool, default False
        Use the Knapp–Hartung (Hartung–Knapp–Sidik–Jonkman) standard error
        and t-distribution with k − 1 degrees of freedom.
    level : float, default 0.95
        Confidence level of all intervals.
    labels, n : array-like, optional
        Study labels and sample sizes, kept in ``result.studies`` for the
        forest plot (:func:`impactlib.plots.forest_plot`).

    Returns
    -------
    PoolResult
        Attributes ``estimate, se, ci_low, ci_high, pi_low, pi_high, tau2,
        i2, h2, q, q_pvalue, k, method, warnings`` and more; ``to_frame()``
        gives a one-row table.

    Notes
    -----
    With weights :math:`w_i = 1/(v_i + \\hat\\tau^2)` the pooled estimate and
    its standard error are

    .. math::

        \\hat\\mu = \\frac{\\sum w_i y_i}{\\sum w_i}, \\qquad
        \\operatorname{SE}(\\hat\\mu) = \\Big(\\sum w_i\\Big)^{-1/2}.

    Heterogeneity: :math:`Q = \\sum v_i^{-1}(y_i - \\hat\\mu_{FE})^2` with
    :math:`k-1` df. DerSimonian–Laird:
    :math:`\\hat\\tau^2 = \\max\\{0, (Q-(k-1))/(\\sum w_i - \\sum w_i^2/\\sum w_i)\\}`
    with :math:`w_i = 1/v_i`. REML maximises the restricted likelihood by
    Fisher scoring,
    :math:`\\tau^2 \\leftarrow \\tau^2 + (y^\\top P P y - \\operatorname{tr}P)/\\operatorname{tr}(PP)`,
    truncated at 0 (as ``metafor::rma``). I² and H² use the typical
    within-study variance :math:`s^2 = (k-1)/\\operatorname{tr}P_{\\tau^2=0}`:
    :math:`I^2 = \\hat\\tau^2/(\\hat\\tau^2+s^2)` (Higgins & Thompson 2002);
    for the fixed-effect model :math:`I^2 = (Q-(k-1))/Q`. The CI of τ² is the
    Q-profile interval (Viechtbauer 2007). The prediction interval is
    :math:`\\hat\\mu \\pm c\\sqrt{\\operatorname{SE}^2 + \\hat\\tau^2}`, with
    c the normal quantile, or the t quantile with k − 1 df under
    Knapp–Hartung, whose SE is
    :math:`\\sqrt{\\sum w_i (y_i-\\hat\\mu)^2 / ((k-1)\\sum w_i)}`.

    Guards: a random-effects model with k < 3 returns its numbers with a
    warning in ``result.warnings``; with k = 1 τ², I² and the prediction
    interval are not defined (NaN).

    References
    ----------
    DerSimonian, R., & Laird, N. (1986). Meta-analysis in clinical trials.
    *Controlled Clinical Trials*, 7(3), 177–188.

    Higgins, J. P. T., & Thompson, S. G. (2002). Quantifying heterogeneity
    in a meta-analysis. *Statistics in Medicine*, 21(11), 1539–1558.

    Knapp, G., & Hartung, J. (2003). Improved tests for a random effects
    meta-regression with a single covariate. *Statistics in Medicine*,
    22(17), 2693–2710.

    Viechtbauer, W. (2005). Bias and efficiency of meta-analytic variance
    estimators in the random-effects model. *Journal of Educational and
    Behavioral Statistics*, 30(3), 261–293.

    Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor
    package. *Journal of Statistical Software*, 36(3), 1–48.

    Examples
    --------
    BCG vaccine trials (Colditz et al. 1994; log risk ratios as in
    ``metafor::dat.bcg``), first five trials:

    >>> yi = [-0.8893, -1.5854, -1.3481, -1.4416, -0.2175]
    >>> vi = [0.3256, 0.1946, 0.4154, 0.0200, 0.0512]
    >>> res = pool(yi, vi, method="DL")
    >>> print(f"{res.estimate:.3f} [{res.ci_low:.3f}, {res.ci_high:.3f}], I2 = {res.i2:.2f}")
    -1.066 [-1.738, -0.394], I2 = 0.82
    >>> pool(yi[:2], vi[:2]).warnings[0][:40]
    'Only 2 studies: a random-effects model c'
    """
    method = _check_method(method)
    level = _check_level(level)
    y, v = _as_effects(yi, vi)
    k = y.size
    x = np.ones((k, 1))
    fit = _fit(y, v, x, method, knapp_hartung, level)
    warn: list[str] = list(fit["notes"])
    est, se = float(fit["beta"][0]), float(fit["se"][0])
    crit = fit["crit"]
    ci = (est - crit * se, est + crit * se)
    if k == 1:
        warn.append(_msg("k_one"))
        pi = (np.nan, np.nan) if method != "FE" else ci
    else:
        if method != "FE" and k < _K_RANDOM_MIN:
            warn.append(_msg("k_random", k=k))
        half = crit * np.sqrt(se**2 + (fit["tau2"] if method != "FE" else 0.0))
        pi = (est - half, est + half)
    studies = _studies_frame(y, v, fit["weights"], labels, n, level)
    return PoolResult(
        estimate=est,
        se=se,
        ci_low=float(ci[0]),
        ci_high=float(ci[1]),
        pi_low=float(pi[0]),
        pi_high=float(pi[1]),
        statistic=float(fit["stat"][0]),
        pvalue=float(fit["pvalue"][0]),
        test="t" if fit["use_t"] else "z",
        df=float(fit["df"]) if fit["use_t"] else np.inf,
        tau2=fit["tau2"],
        tau2_se=fit["tau2_se"],
        tau2_ci_low=float(fit["tau2_ci"][0]),
        tau2_ci_high=float(fit["tau2_ci"][1]),
        i2=fit["i2"],
        i2_ci_low=float(fit["i2_ci"][0]),
        i2_ci_high=float(fit["i2_ci"][1]),
        h2=fit["h2"],
        h2_ci_low=float(fit["h2_ci"][0]),
        h2_ci_high=float(fit["h2_ci"][1]),
        q=fit["qe"],
        q_df=int(fit["df"]),
        q_pvalue=fit["qe_p"],
        k=k,
        method=method,
        knapp_hartung=bool(knapp_hartung),
        level=level,
        warnings=tuple(warn),
        studies=studies,
    )


def _studies_frame(y, v, weights, labels, n, level) -> pd.DataFrame:
    k = y.size
    z = stats.norm.ppf(0.5 + level / 2)
    se = np.sqrt(v)
    lab = list(labels) if labels is not None else [str(i + 1) for i in range(k)]
    if len(lab) != k:
        raise ValueError(f"labels has {len(lab)} values but there are {k} effect sizes")
    nn = pd.array(n if n is not None else [pd.NA] * k, dtype="Int64")
    if len(nn) != k:
        raise ValueError(f"n has {len(nn)} values but there are {k} effect sizes")
    return pd.DataFrame(
        {
            "label": lab,
            "n": nn,
            "yi": y,
            "vi": v,
            "se": se,
            "ci_low": y - z * se,
            "ci_high": y + z * se,
            "weight": weights,
        }
    )


@dataclass(frozen=True)
class MetaRegressionResult:
    """Result of :func:`meta_regression` (*meta-regressio*).

    Attributes
    ----------
    coefficients : pandas.DataFrame
        One row per term: ``term, estimate, se, statistic, pvalue, ci_low,
        ci_high``.
    tau2, tau2_se, tau2_ci_low, tau2_ci_high : float
        Residual between-study variance and its SE (REML) and Q-profile CI.
    i2, h2 : float
        Residual I² (share 0–1) and H².
    r2 : float
        Share of the heterogeneity explained by the moderators,
        ``(τ²₀ − τ²)/τ²₀`` with τ²₀ from the model without moderators
        (truncated at 0; NaN when τ²₀ = 0).
    qe, qe_df, qe_pvalue : float
        Test for residual heterogeneity.
    qm, qm_df, qm_pvalue : float
        Omnibus test of the moderators (χ², or F under Knapp–Hartung).
    k, p : int
        Number of effects and of coefficients.
    method, test : str
    warnings : tuple of str
    """

    coefficients: pd.DataFrame
    tau2: float
    tau2_se: float
    tau2_ci_low: float
    tau2_ci_high: float
    i2: float
    h2: float
    r2: float
    qe: float
    qe_df: int
    qe_pvalue: float
    qm: float
    qm_df: int
    qm_pvalue: float
    k: int
    p: int
    method: str
    test: str
    knapp_hartung: bool
    level: float
    warnings: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """The coefficient table (with ``confidence``)."""
        out = self.coefficients.copy()
        out["confidence"] = self.level
        return out

    def __repr__(self) -> str:
        coefs = ", ".join(
            f"{t}={e:.4f}" for t, e in zip(self.coefficients.term, self.coefficients.estimate, strict=True)
        )
        return (
            f"MetaRegressionResult(method={self.method!r}, k={self.k}, {coefs}, tau2={self.tau2:.4f}, "
            f"r2={self.r2:.3f}, qm_pvalue={self.qm_pvalue:.4g})"
        )


def meta_regression(
    yi,
    vi,
    mods,
    *,
    method: str = "REML",
    knapp_hartung: bool = False,
    level: float = 0.95,
) -> MetaRegressionResult:
    """Mixed-effects meta-regression: do moderators explain heterogeneity?

    *Meta-regressio* — regresses effect sizes on characteristics of the
    activities (*moderaattorit*: theme, design, year, …) with a residual
    between-study variance τ².

    Parameters
    ----------
    yi, vi : array-like of float
        Effect sizes and sampling variances.
    mods : array-like, pandas.Series or pandas.DataFrame
        Moderators, one row per effect. Text or categorical columns are
        dummy-coded with the first category as reference. An intercept is
        always added.
    method : {"REML", "DL", "FE"}, default "REML"
    knapp_hartung : bool, default False
        t and F tests with k − p df and the Knapp–Hartung variance.
    level : float, default 0.95

    Returns
    -------
    MetaRegressionResult

    Notes
    -----
    The model is :math:`y_i = x_i^\\top\\beta + u_i + e_i`,
    :math:`u_i\\sim N(0,\\tau^2)`, :math:`e_i \\sim N(0, v_i)`. Given τ²,
    :math:`\\hat\\beta = (X^\\top W X)^{-1}X^\\top W y` with
    :math:`W = \\operatorname{diag}(1/(v_i+\\tau^2))`. τ² is estimated by REML
    (Fisher scoring) or the method of moments (DerSimonian–Laird
    generalised). :math:`Q_E = \\sum v_i^{-1}(y_i - x_i^\\top\\hat\\beta_{FE})^2`
    on :math:`k-p` df; :math:`Q_M = \\hat\\beta_2^\\top V_{22}^{-1}\\hat\\beta_2`
    for the moderator coefficients. Pseudo-R² as in ``metafor``
    (Raudenbush 2009).

    References
    ----------
    Raudenbush, S. W. (2009). Analyzing effect sizes: Random-effects models.
    In H. Cooper, L. V. Hedges & J. C. Valentine (Eds.), *The Handbook of
    Research Synthesis and Meta-Analysis* (2nd ed., pp. 295–315). Russell
    Sage Foundation.

    Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor
    package. *Journal of Statistical Software*, 36(3), 1–48.

    Examples
    --------
    >>> yi = [0.2, 0.3, 0.5, 0.6, 0.8, 0.9]
    >>> vi = [0.02] * 6
    >>> res = meta_regression(yi, vi, [0, 0, 1, 1, 2, 2])
    >>> res.coefficients.term.tolist()
    ['intercept', 'mod1']
    >>> round(float(res.coefficients.estimate[1]), 3)
    0.3
    """
    method = _check_method(method)
    level = _check_level(level)
    y, v = _as_effects(yi, vi)
    x, names = _design(mods, y.size)
    k, p = x.shape
    if p >= k:
        raise ValueError(
            f"{p} coefficients cannot be estimated from {k} effect sizes; use fewer moderators / "
            "liian monta moderaattoria aineiston kokoon nähden."
        )
    if np.linalg.matrix_rank(x) < p:
        raise ValueError("The moderators are collinear (one is a combination of others) / moderaattorit ovat lineaarisesti riippuvia.")
    fit = _fit(y, v, x, method, knapp_hartung, level)
    warn = list(fit["notes"])
    if method != "FE" and k < _K_RANDOM_MIN + p - 1:
        warn.append(_msg("k_random", k=k))
    crit = fit["crit"]
    coefs = pd.DataFrame(
        {
            "term": names,
            "estimate": fit["beta"],
            "se": fit["se"],
            "statistic": fit["stat"],
            "pvalue": fit["pvalue"],
            "ci_low": fit["beta"] - crit * fit["se"],
            "ci_high": fit["beta"] + crit * fit["se"],
        }
    )
    b2 = fit["beta"][1:]
    v22 = fit["vcov"][1:, 1:]
    qm = float(b2 @ np.linalg.solve(v22, b2)) if p > 1 else np.nan
    m = p - 1
    if p > 1 and fit["use_t"]:
        qm = qm / m
        qm_p = float(stats.f.sf(qm, m, fit["df"]))
    elif p > 1:
        qm_p = float(stats.chi2.sf(qm, m))
    else:
        qm_p = np.nan
    if method == "FE":
        r2 = np.nan
    else:
        tau2_0 = _fit(y, v, np.ones((k, 1)), method, False, level)["tau2"]
        r2 = max(0.0, (tau2_0 - fit["tau2"]) / tau2_0) if tau2_0 > 0 else np.nan
    return MetaRegressionResult(
        coefficients=coefs,
        tau2=fit["tau2"],
        tau2_se=fit["tau2_se"],
        tau2_ci_low=float(fit["tau2_ci"][0]),
        tau2_ci_high=float(fit["tau2_ci"][1]),
        i2=fit["i2"],
        h2=fit["h2"],
        r2=float(r2),
        qe=fit["qe"],
        qe_df=int(fit["df"]),
        qe_pvalue=fit["qe_p"],
        qm=qm,
        qm_df=m,
        qm_pvalue=qm_p,
        k=k,
        p=p,
        method=method,
        test="t" if fit["use_t"] else "z",
        knapp_hartung=bool(knapp_hartung),
        level=level,
        warnings=tuple(warn),
    )
