"""Mixed-effects meta-regression (*meta-regressio*): do moderators explain heterogeneity?

Fitted with the same τ² estimators as :func:`impactlib.effectiveness.pool`
(:mod:`impactlib.effectiveness.metafit`), as ``metafor::rma(yi, vi, mods=…)``;
``tests/test_meta.py`` checks it against metafor's published values.

Examples
--------
>>> res = meta_regression([0.2, 0.3, 0.5, 0.6, 0.8, 0.9], [0.02] * 6, [0, 0, 1, 1, 2, 2])
>>> res.coefficients.term.tolist()
['intercept', 'mod1']
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._util import check_level, p_text
from . import _dist
from ._metamean import intercept_mean
from .metafit import K_RANDOM_MIN, as_effects, check_method, design_matrix, fit_model, message

__all__ = ["MetaRegressionResult", "meta_regression"]


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
    knapp_hartung: bool | str
    level: float
    warnings: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """The coefficient table (with ``confidence``)."""
        out = self.coefficients.copy()
        out["confidence"] = self.level
        return out

    @property
    def confidence(self) -> float:
        """Alias of ``level`` (the column name used in tables)."""
        return self.level

    def summary(self, lang: str = "fi") -> str:
        """The coefficients and the heterogeneity in a few lines, in Finnish or English.

        Examples
        --------
        >>> res = meta_regression([0.2, 0.3, 0.5, 0.6, 0.8, 0.9], [0.02] * 6, [0, 0, 1, 1, 2, 2])
        >>> print(res.summary("en"))
        Meta-regression (REML, k = 6): 2 coefficients, 95% CI
          intercept: 0.25 (0.07 to 0.43), p = 0.006
          mod1: 0.30 (0.16 to 0.44), p < 0.001
        Residual heterogeneity: tau² = 0.000, QE(4) = 0.75, p = 0.945; explained (R²) 100%
        """
        from ..i18n import fmt_ci, fmt_number, fmt_pct, t

        pct = fmt_number(100 * self.level, 0, lang)
        lines = [t(f"Meta-regressio ({self.method}, k = {self.k}): {self.p} kerrointa, {pct} %:n lv",
                   f"Meta-regression ({self.method}, k = {self.k}): {self.p} coefficients, {pct}% CI",
                   lang)]
        for r in self.coefficients.itertuples():
            lines.append(f"  {r.term}: {fmt_number(r.estimate, 2, lang)} "
                         f"({fmt_ci(r.ci_low, r.ci_high, 2, lang)}), p {p_text(r.pvalue, lang)}")
        r2 = t("ei laskettavissa", "n/a", lang) if np.isnan(self.r2) else fmt_pct(self.r2, 0, lang)
        lines.append(t("Jäljelle jäävä vaihtelu", "Residual heterogeneity", lang)
                     + f": {t('τ²', 'tau²', lang)} = {fmt_number(self.tau2, 3, lang)}, "
                     f"QE({self.qe_df}) = {fmt_number(self.qe, 2, lang)}, p {p_text(self.qe_pvalue, lang)}; "
                     + t("selitetty osuus (R²)", "explained (R²)", lang) + f" {r2}")
        return "\n".join(lines + [f"! {w}" for w in self.warnings])

    def __repr__(self) -> str:
        coefs = ", ".join(
            f"{t}={e:.4f}" for t, e in zip(self.coefficients.term, self.coefficients.estimate, strict=True)
        )
        return (
            f"MetaRegressionResult(method={self.method!r}, k={self.k}, {coefs}, tau2={self.tau2:.4f}, "
            f"r2={self.r2:.3f}, qm_pvalue={self.qm_pvalue:.4g}, warnings={len(self.warnings)})"
        )


def meta_regression(
    yi,
    vi,
    mods,
    *,
    method: str = "REML",
    knapp_hartung: bool | str = False,
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
    knapp_hartung : {False, True, "truncated"}, default False
        t and F tests with k − p df and the Knapp–Hartung variance; with
        ``"truncated"`` the scale is at least 1 (``metafor``'s
        ``test="adhoc"``). See :func:`impactlib.effectiveness.pool`.
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
    method = check_method(method)
    level = check_level(level)
    y, v = as_effects(yi, vi)
    x, names = design_matrix(mods, y.size)
    k, p = x.shape
    if p >= k:
        raise ValueError(
            f"{p} coefficients cannot be estimated from {k} effect sizes; use fewer moderators / "
            "liian monta moderaattoria aineiston kokoon nähden."
        )
    if np.linalg.matrix_rank(x) < p:
        raise ValueError("The moderators are collinear (one is a combination of others) / moderaattorit ovat lineaarisesti riippuvia.")
    fit = fit_model(y, v, x, method, knapp_hartung, level)
    warn = list(fit["notes"])
    if method != "FE" and k < K_RANDOM_MIN + p - 1:
        warn.append(message("k_random", k=k))
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
    qm = (float(b2 @ np.linalg.solve(v22, b2)) if p > 1 and np.all(np.isfinite(v22)) else np.nan)
    m = p - 1
    if p > 1 and np.isfinite(qm) and fit["use_t"]:
        qm = qm / m
        qm_p = float(stats.f.sf(qm, m, fit["df"]))
    elif p > 1 and np.isfinite(qm):
        qm_p = float(_dist.chi2_sf(qm, m))
    else:
        qm_p = np.nan
    if method == "FE":
        r2 = np.nan
    else:
        tau2_0 = intercept_mean(y, v, method)["tau2"]  # τ² of fit_model with x = ones
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
        knapp_hartung=fit["knapp_hartung"],
        level=level,
        warnings=tuple(warn),
    )
