"""Small-study (funnel-plot) asymmetry: Egger's regression test.

*Pienten tutkimusten vinouma* — do small evaluations report larger effects
than large ones? The classical test is a weighted least-squares line in closed
form (the numbers of statsmodels WLS); the mixed-effects
version uses :func:`impactlib.effectiveness.meta_regression`. Re-exported from
:mod:`impactlib.effectiveness`.

Examples
--------
>>> import numpy as np
>>> r = egger(np.linspace(0.1, 0.5, 12), np.linspace(0.01, 0.1, 12))
>>> r.test, r.k
('t', 12)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._util import check_level, p_text
from .metafit import as_effects, message
from .metareg import meta_regression

__all__ = ["EggerResult", "egger"]

_K_EGGER_MIN = 10


# ---------------------------------------------------------------------------
# Egger's test
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class EggerResult:
    """Result of :func:`egger` (*pienten tutkimusten vinouma*).

    Attributes
    ----------
    intercept, se : float
        Egger's asymmetry coefficient (the intercept of the regression of
        yᵢ/seᵢ on 1/seᵢ; equivalently the coefficient of seᵢ in the weighted
        regression of yᵢ on seᵢ) and its standard error.
    statistic, pvalue : float
        t statistic (``model="lm"`` or Knapp–Hartung) or z statistic, and the
        two-sided p-value.
    test : {"t", "z"}
    df : float
        Degrees of freedom of the t test (``inf`` for z).
    limit_estimate, limit_ci_low, limit_ci_high : float
        Estimated effect as the standard error goes to 0, with CI.
    k : int
    model, predictor : str
    warnings : tuple of str
        E.g. "fewer than 10 studies: little power".
    level : float
        Confidence level of the limit estimate's interval.
    """

    intercept: float
    se: float
    statistic: float
    pvalue: float
    test: str
    df: float
    limit_estimate: float
    limit_ci_low: float
    limit_ci_high: float
    k: int
    model: str
    predictor: str
    warnings: tuple[str, ...] = ()
    level: float = 0.95

    @property
    def t(self) -> float:
        """The test statistic (alias of ``statistic``; NaN when the test is z)."""
        return self.statistic if self.test == "t" else np.nan

    @property
    def z(self) -> float:
        """The test statistic (alias of ``statistic``; NaN when the test is t)."""
        return self.statistic if self.test == "z" else np.nan

    def summary(self, lang: str = "fi") -> str:
        """Egger's test in a few lines, in Finnish or English (numbers rounded for reading only).

        Examples
        --------
        >>> r = egger([0.1, 0.5, 0.3, 0.9], [0.01, 0.04, 0.02, 0.09])
        >>> print(r.summary("en").splitlines()[0])
        Egger's test (lm, k = 4): intercept 4.02 (SE 0.20), t(2) = 20.00, p = 0.002
        """
        from ..i18n import fmt_ci, fmt_number, t

        stat = f"{self.test}({fmt_number(self.df, 0, lang)})" if self.test == "t" else "z"
        head = t("Eggerin testi", "Egger's test", lang)
        lines = [f"{head} ({self.model}, k = {self.k}): "
                 + t("vakiotermi", "intercept", lang) + f" {fmt_number(self.intercept, 2, lang)} "
                 f"(SE {fmt_number(self.se, 2, lang)}), {stat} = {fmt_number(self.statistic, 2, lang)}, "
                 f"p {p_text(self.pvalue, lang)}",
                 t("Arvio, kun keskivirhe → 0: ", "Limit estimate as SE → 0: ", lang)
                 + f"{fmt_number(self.limit_estimate, 2, lang)} "
                 f"({fmt_ci(self.limit_ci_low, self.limit_ci_high, 2, lang)})"]
        return "\n".join(lines + [f"! {w}" for w in self.warnings])

    def __repr__(self) -> str:
        return (f"EggerResult(model={self.model!r}, k={self.k}, intercept={self.intercept:.4f}, "
                f"se={self.se:.4f}, {self.test}={self.statistic:.4f}, pvalue={self.pvalue:.4g}, "
                f"warnings={len(self.warnings)})")

    def to_frame(self) -> pd.DataFrame:
        """One-row table."""
        row = {
            c: getattr(self, c)
            for c in ("k", "model", "predictor", "intercept", "se", "statistic", "test", "df",
                      "pvalue", "limit_estimate", "limit_ci_low", "limit_ci_high")
        }  # fmt: skip
        row["confidence"] = self.level
        row["warnings"] = " | ".join(self.warnings)
        return pd.DataFrame([row])


def egger(
    yi,
    vi,
    *,
    model: str = "lm",
    predictor: str = "sei",
    ni=None,
    method: str = "REML",
    knapp_hartung: bool | str = False,
    level: float = 0.95,
) -> EggerResult:
    """Egger's regression test for small-study (funnel-plot) asymmetry.

    *Eggerin testi pienten tutkimusten vinoumalle* — do small evaluations
    report larger effects than large ones? (Publication bias is one possible
    cause; heterogeneity and chance are others.)

    Parameters
    ----------
    yi, vi : array-like of float
        Effect sizes and sampling variances.
    model : {"lm", "rma"}, default "lm"
        ``"lm"``: the classical test, a weighted least-squares regression of
        :math:`y_i` on :math:`\\sqrt{v_i}` with weights :math:`1/v_i` and a
        multiplicative dispersion (Egger et al. 1997), fitted in closed form
        (the numbers of :class:`statsmodels.regression.linear_model.WLS`,
        without importing statsmodels). ``"rma"``: a
        mixed-effects meta-regression on the same predictor
        (:func:`impactlib.effectiveness.meta_regression`), as ``metafor::regtest``'s default.
    predictor : {"sei", "sqrtninv"}, default "sei"
        The standard error, or :math:`1/\\sqrt{n_i}` (needs ``ni``).
    ni : array-like of int, optional
        Sample sizes, for ``predictor="sqrtninv"``.
    method, knapp_hartung
        Passed to :func:`impactlib.effectiveness.meta_regression` for ``model="rma"``
        (``knapp_hartung`` may be ``"truncated"``).
    level : float, default 0.95

    Returns
    -------
    EggerResult
        ``intercept, se, statistic (t or z), pvalue`` and more. With fewer
        than 10 studies the result carries a warning; with fewer than 3, or
        when every effect has the same standard error (or sample size, for
        ``"sqrtninv"``) so that the regression is rank-deficient, the numbers
        are NaN and ``warnings`` says why.

    Notes
    -----
    Classical form: :math:`y_i/s_i = \\beta_0 + \\beta_1 (1/s_i) + \\varepsilon_i`,
    :math:`s_i=\\sqrt{v_i}`; H₀: :math:`\\beta_0 = 0`, tested with t on k − 2
    df. It is algebraically the same as the weighted regression
    :math:`y_i = \\beta_1 + \\beta_0 s_i` with weights :math:`1/v_i`, where
    :math:`\\beta_1` is the "limit estimate" as :math:`s_i \\to 0`.

    References
    ----------
    Egger, M., Davey Smith, G., Schneider, M., & Minder, C. (1997). Bias in
    meta-analysis detected by a simple, graphical test. *BMJ*, 315(7109),
    629–634.

    Sterne, J. A. C., et al. (2011). Recommendations for examining and
    interpreting funnel plot asymmetry in meta-analyses of randomised
    controlled trials. *BMJ*, 343, d4002.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> vi = rng.uniform(0.01, 0.2, 12)
    >>> yi = 0.3 + rng.normal(0, np.sqrt(vi))
    >>> res = egger(yi, vi)
    >>> res.test, res.df, res.warnings
    ('t', 10.0, ())
    >>> egger(yi[:5], vi[:5]).warnings[0][:14]
    'Only 5 studies'
    """
    y, v = as_effects(yi, vi)
    level = check_level(level)
    k = y.size
    if predictor == "sei":
        xpred = np.sqrt(v)
    elif predictor == "sqrtninv":
        if ni is None:
            raise ValueError("predictor='sqrtninv' needs the sample sizes ni")
        nn = np.asarray(ni, dtype=float).ravel()
        if nn.shape != y.shape or np.any(~np.isfinite(nn)) or np.any(nn <= 0):
            raise ValueError("ni must be positive sample sizes, one per effect size")
        xpred = 1.0 / np.sqrt(nn)
    else:
        raise ValueError(f"predictor must be 'sei' or 'sqrtninv', got {predictor!r}")
    if model not in ("lm", "rma"):
        raise ValueError(f"model must be 'lm' or 'rma', got {model!r}")
    warn: list[str] = []
    if k < 3:
        warn.append(message("egger_k3"))
        nan = np.nan
        return EggerResult(nan, nan, nan, nan, "t" if model == "lm" else "z", nan, nan, nan, nan,
                           k, model, predictor, tuple(warn), level)  # fmt: skip
    if k < _K_EGGER_MIN:
        warn.append(message("egger_k", k=k))
    if np.ptp(xpred) <= 1e-10 * float(np.max(np.abs(xpred))):
        # a constant predictor: the regression is rank-deficient (intercept and slope are one
        # column), so any number it returned would come from a singular fit
        warn.append(message("egger_constant", what="standard error" if predictor == "sei"
                            else "sample size"))
        nan = np.nan
        return EggerResult(nan, nan, nan, nan, "t" if model == "lm" or knapp_hartung else "z", nan,
                           nan, nan, nan, k, model, predictor, tuple(warn), level)  # fmt: skip
    if model == "lm":
        b0, b1, se0, se1, df = _wls_line(y, xpred, 1.0 / v)
        tstat = b1 / se1
        crit = stats.t.ppf(1 - (1 - level) / 2, df)
        return EggerResult(
            intercept=float(b1),
            se=float(se1),
            statistic=float(tstat),
            pvalue=float(stats.t.sf(np.abs(tstat), df) * 2),
            test="t",
            df=float(df),
            limit_estimate=float(b0),
            limit_ci_low=float(b0 - crit * se0),
            limit_ci_high=float(b0 + crit * se0),
            k=k,
            model=model,
            predictor=predictor,
            warnings=tuple(warn),
            level=level,
        )
    mr = meta_regression(y, v, xpred, method=method, knapp_hartung=knapp_hartung, level=level)
    c = mr.coefficients
    return EggerResult(
        intercept=float(c.estimate[1]),
        se=float(c.se[1]),
        statistic=float(c.statistic[1]),
        pvalue=float(c.pvalue[1]),
        test=mr.test,
        df=float(k - 2) if mr.test == "t" else np.inf,
        limit_estimate=float(c.estimate[0]),
        limit_ci_low=float(c.ci_low[0]),
        limit_ci_high=float(c.ci_high[0]),
        k=k,
        model=model,
        predictor=predictor,
        level=level,
        warnings=tuple(warn + list(mr.warnings)),
    )


def _wls_line(y, x, w):
    """Weighted least squares of y on (1, x) with a dispersion estimated from the residuals.

    The same numbers as :class:`statsmodels.regression.linear_model.WLS` (``params``, ``bse``,
    ``df_resid``), from centred sums (numerically stable, no import of statsmodels):
    :math:`b_1 = \\sum w (x-\\bar x)(y-\\bar y) / S_{xx}`, :math:`b_0 = \\bar y - b_1 \\bar x`
    with weighted means, :math:`s^2 = \\sum w r^2/(k-2)`,
    :math:`\\operatorname{SE}(b_1)^2 = s^2/S_{xx}` and
    :math:`\\operatorname{SE}(b_0)^2 = s^2 (1/\\sum w + \\bar x^2/S_{xx})`.
    Returns ``(b0, b1, se0, se1, df)``.
    """
    sw = float(np.sum(w))
    xbar = float(np.sum(w * x)) / sw
    ybar = float(np.sum(w * y)) / sw
    xc = x - xbar
    sxx = float(np.sum(w * xc * xc))
    b1 = float(np.sum(w * xc * (y - ybar))) / sxx
    b0 = ybar - b1 * xbar
    resid = y - b0 - b1 * x
    df = y.size - 2
    s2 = float(np.sum(w * resid * resid)) / df
    return b0, b1, float(np.sqrt(s2 * (1.0 / sw + xbar * xbar / sxx))), float(np.sqrt(s2 / sxx)), df
