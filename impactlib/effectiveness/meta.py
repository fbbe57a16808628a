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
:func:`meta_regression` (in :mod:`impactlib.effectiveness.metareg`)
    The mixed-effects meta-regression on one or more moderators
    (*moderaattorit*): does a characteristic of the activity explain the
    heterogeneity? Returns a :class:`MetaRegressionResult`.

Egger's test for funnel-plot asymmetry is in :mod:`impactlib.effectiveness.pubbias`.

The model fit (τ² by DerSimonian–Laird or REML by Fisher scoring as in
``metafor::rma.uni``) is in :mod:`impactlib.effectiveness.metafit`;
``tests/test_meta.py`` checks it against metafor's published values and
against a direct numerical maximisation of the restricted likelihood with
:func:`scipy.optimize.minimize_scalar`.

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

from .._util import check_level, p_text
from . import _dist
from ._metamean import fit_mean
from .metafit import (
    K_RANDOM_MIN,
    METHODS,
    as_effects,
    check_method,
    message,
    q_profile_tau2_ci,
    reml_loglik,
)
from .metareg import MetaRegressionResult, meta_regression  # re-exported: the meta-analysis API

__all__ = [
    "METHODS",
    "PoolResult",
    "MetaRegressionResult",
    "pool",
    "meta_regression",
    "q_profile_tau2_ci",
    "reml_loglik",
]


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
    knapp_hartung : bool or str
        ``False``, ``True`` or ``"truncated"``, as passed to :func:`pool`.
    level : float
    warnings : tuple of str
        Warnings kept with the result (e.g. k < 3 for random effects).
    studies : pandas.DataFrame
        The input effects with their CIs and weights (columns ``label, n, yi,
        vi, se, ci_low, ci_high, weight``), for the forest plot.
    kh_scale : float
        The Knapp–Hartung scale :math:`s^2 = \\sum w_i(y_i-\\hat\\mu)^2/(k-1)` before
        any truncation (NaN without Knapp–Hartung).
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
    kh_scale: float = np.nan

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
        "kh_scale",
    )  # fmt: skip

    def to_frame(self) -> pd.DataFrame:
        """One-row table of the pooled result (stable column names, plus ``confidence``)."""
        return pd.DataFrame([self._row()])

    def _row(self) -> dict:
        """The row of :meth:`to_frame` as a dict (for tables of many pools)."""
        row = {c: getattr(self, c) for c in self._COLUMNS}
        row["tau"] = self.tau
        row["confidence"] = self.level
        row["warnings"] = " | ".join(self.warnings)
        return row

    def summary(self, lang: str = "fi") -> str:
        """A short text summary in Finnish or English (numbers rounded for reading only)."""
        from ..i18n import fmt_number, fmt_pct

        _p = p_text

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
    knapp_hartung: bool | str = False,
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
    knapp_hartung : {False, True, "truncated"}, default False
        ``True``: the Knapp–Hartung (Hartung–Knapp–Sidik–Jonkman) standard
        error and the t-distribution with k − 1 degrees of freedom
        (``metafor``'s ``test="knha"``). ``"truncated"``: the same, but the
        scale :math:`s^2` is truncated at 1 so that the interval is never
        narrower than the unadjusted one (``metafor``'s ``test="adhoc"``;
        Jackson et al. 2017, section 4.3). With ``True`` a scale below 1 adds
        a warning, and identical effects (scale 0) give NaN standard error,
        interval and p-value with a warning instead of an SE of 0.
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
    Knapp–Hartung, whose SE is :math:`\\sqrt{s^2/\\sum w_i}` with
    :math:`s^2 = \\sum w_i (y_i-\\hat\\mu)^2 / (k-1)`, or
    :math:`\\sqrt{\\max(1, s^2)/\\sum w_i}` when truncated.

    τ² by REML costs O(k) per Fisher-scoring step: with
    :math:`P = W - ww^\\top/\\sum w_i` the score and information need only
    :math:`Py = w\\,(y - \\hat\\mu)`, :math:`\\operatorname{tr}P = \\sum w_i - \\sum w_i^2/\\sum w_i`
    and :math:`\\operatorname{tr}P^2 = \\sum w_i^2 - 2\\sum w_i^3/\\sum w_i + (\\sum w_i^2/\\sum w_i)^2`,
    so no k × k matrix is built; the sums are numpy reductions, not BLAS calls (a threaded
    BLAS product of k values costs thread start-ups that grew faster than k).

    When Q is below the lower χ² quantile the Q-profile interval of τ² is
    the empty set: its bounds (and those of I² and H²) are NaN with a
    warning (metafor prints both bounds as 0 and says the interval is the
    null/empty set).

    Guards: a random-effects model with k < 3 returns its numbers with a
    warning in ``result.warnings``; with k = 1 τ², I² and the prediction
    interval are not defined (NaN).

    References
    ----------
    DerSimonian, R., & Laird, N. (1986). Meta-analysis in clinical trials.
    *Controlled Clinical Trials*, 7(3), 177–188.

    Higgins, J. P. T., & Thompson, S. G. (2002). Quantifying heterogeneity
    in a meta-analysis. *Statistics in Medicine*, 21(11), 1539–1558.

    Jackson, D., Law, M., Rücker, G., & Schwarzer, G. (2017). The
    Hartung-Knapp modification for random-effects meta-analysis: A useful
    refinement but are there any residual concerns? *Statistics in
    Medicine*, 36(25), 3923–3934.

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

    Knapp–Hartung, plain and truncated at 1:

    >>> kh = pool(yi, vi, method="DL", knapp_hartung=True)
    >>> tr = pool(yi, vi, method="DL", knapp_hartung="truncated")
    >>> round(kh.kh_scale, 3), kh.warnings[0][:41]
    (0.603, 'The Knapp–Hartung scale is 0.603, below 1')
    >>> tr.se == pool(yi, vi, method="DL").se, tr.test
    (True, 't')
    """
    return pool_result(yi, vi, method=method, knapp_hartung=knapp_hartung, level=level, labels=labels, n=n)


def pool_result(yi, vi, *, method, knapp_hartung, level, labels=None, n=None, studies=True) -> PoolResult:
    """:func:`pool`; with ``studies=False`` the ``studies`` table is left empty (for
    :func:`~impactlib.effectiveness.pool_by`, which keeps only :meth:`PoolResult.to_frame`)."""
    method = check_method(method)
    level = check_level(level)
    y, v = as_effects(yi, vi)
    k = y.size
    fit = fit_mean(y, v, method, knapp_hartung, level)  # fit_model with x = ones, in scalars
    warn: list[str] = list(fit["notes"])
    est, se = float(fit["beta"][0]), float(fit["se"][0])
    crit = fit["crit"]
    ci = (est - crit * se, est + crit * se)
    if k == 1:
        warn.append(message("k_one"))
        pi = (np.nan, np.nan) if method != "FE" else ci
    else:
        if method != "FE" and k < K_RANDOM_MIN:
            warn.append(message("k_random", k=k))
        half = crit * np.sqrt(se**2 + (fit["tau2"] if method != "FE" else 0.0))
        pi = (est - half, est + half)
    studies = _studies_frame(y, v, fit["weights"], labels, n, level) if studies else _EMPTY.copy()
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
        knapp_hartung=fit["knapp_hartung"],
        level=level,
        warnings=tuple(warn),
        studies=studies,
        kh_scale=fit["kh_scale"],
    )


#: ``pd.DataFrame()`` to copy: constructing an empty frame takes about 0.2 ms, copying it 0.02 ms.
_EMPTY = pd.DataFrame()


def _studies_frame(y, v, weights, labels, n, level) -> pd.DataFrame:
    k = y.size
    z = _dist.norm_ppf(0.5 + level / 2)
    se = np.sqrt(v)
    lab = list(labels) if labels is not None else [str(i + 1) for i in range(k)]
    if len(lab) != k:
        raise ValueError(f"labels has {len(lab)} values but there are {k} effect sizes")
    if n is None:  # all missing, without pd.array's look at k NA objects
        nn = pd.arrays.IntegerArray(np.zeros(k, dtype=np.int64), np.ones(k, dtype=bool))
    else:
        nn = pd.array(n, dtype="Int64")
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
