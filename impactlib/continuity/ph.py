"""Do hazard ratios stay constant over time? The proportional-hazards check of a Cox model.

*Suhteellisten riskien oletuksen tarkistus* — a Cox hazard ratio says how much
higher the yearly risk is that a running funding relationship ends in one group
than in the reference group, **assumed the same in every year of the
relationship**. If, say, foundation grants end often in their first year but
rarely later, one number misdescribes them. :func:`proportional_hazards` tests
the assumption with the scaled Schoenfeld residuals of the fitted model
(Grambsch & Therneau 1994), the test R ``survival``'s ``cox.zph`` used up to
version 2.44 and lifelines' ``proportional_hazard_test`` uses. The model is fitted
as in :func:`impactlib.continuity.spell_survival` (the NumPy Newton–Raphson fit of
:mod:`.coxfit`, the same risk sets and delayed entry).

Examples
--------
>>> import pandas as pd
>>> sp = pd.DataFrame({"org_id": list("abcdefgh"), "funder": ["F"] * 8, "start": [2016] * 8,
...                    "end": [2017, 2018, 2019, 2020, 2017, 2019, 2021, 2022],
...                    "length": [2, 3, 4, 5, 2, 4, 6, 7], "censored": [False] * 7 + [True],
...                    "truncated": [False] * 8, "first_amount_eur": 1.0, "last_amount_eur": 1.0,
...                    "kind": ["a"] * 4 + ["b"] * 4})
>>> r = proportional_hazards(sp, ["kind"])
>>> r.table.term.tolist()
['kind[b]', 'GLOBAL']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._util import check_level
from .coxfit import cox_inputs, fit_cox
from .spells import check_spells
from .survival import km_curve, spell_data

__all__ = ["PH_TRANSFORMS", "PHTestResult", "proportional_hazards"]

#: Transforms of time for the test: R's default ``"km"`` (1 − Kaplan–Meier just before each
#: end), ``"rank"``, ``"identity"`` and ``"log"``.
PH_TRANSFORMS = ("km", "rank", "identity", "log")


@dataclass(frozen=True)
class PHTestResult:
    """Result of :func:`proportional_hazards`.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per Cox term and a ``GLOBAL`` row: ``term, rho, statistic,
        df, pvalue, proportional`` — ``rho`` is the correlation of the scaled
        Schoenfeld residuals with transformed time (a sign of a hazard ratio
        that grows or shrinks with the length of the relationship),
        ``statistic`` the χ² test (1 df per term, p df for ``GLOBAL``), and
        ``proportional`` is False where p < 1 − ``level``.
    transform : str
    n_events : int
        Ended spells in the model.
    level : float
        1 − level is the significance level of ``proportional``.
    warnings : tuple of str
    """

    table: pd.DataFrame
    transform: str
    n_events: int
    level: float
    warnings: tuple[str, ...] = field(default_factory=tuple)

    @property
    def violated(self) -> list[str]:
        """Terms (not ``GLOBAL``) whose hazard ratio changes with time at the chosen level."""
        t = self.table[self.table["term"] != "GLOBAL"]
        return t.loc[~t["proportional"].astype(bool), "term"].tolist()

    def to_frame(self) -> pd.DataFrame:
        """The test table, with the transform and ``confidence``."""
        return self.table.assign(transform=self.transform, confidence=self.level)

    def summary(self, lang: str = "fi") -> str:
        """One line per term, in Finnish or English.

        Examples
        --------
        >>> t = pd.DataFrame({"term": ["x[b]", "GLOBAL"], "rho": [0.3, np.nan], "statistic": [5.0, 5.0],
        ...                   "df": [1, 1], "pvalue": [0.025, 0.025], "proportional": [False, False]})
        >>> print(PHTestResult(t, "km", 40, 0.95).summary("en"))
        Proportional hazards (scaled Schoenfeld residuals, time transform km, 40 ended spells):
          x[b]: chi² = 5.00, p = 0.025 — the relative hazard changes with time
          GLOBAL: chi² = 5.00, p = 0.025 — the relative hazard changes with time
        """
        from .._util import p_text
        from ..i18n import fmt_number, t

        lines = [t(f"Suhteellisten riskien oletus (skaalatut Schoenfeldin jäännökset, ajan muunnos "
                   f"{self.transform}, {self.n_events} päättynyttä suhdetta):",
                   f"Proportional hazards (scaled Schoenfeld residuals, time transform {self.transform}, "
                   f"{self.n_events} ended spells):", lang)]
        for r in self.table.itertuples():
            verdict = (t("riskisuhde pysyy samana", "the relative hazard stays the same", lang)
                       if r.proportional else
                       t("riskisuhde muuttuu ajan myötä", "the relative hazard changes with time", lang))
            stat = "–" if pd.isna(r.statistic) else fmt_number(r.statistic, 2, lang)
            p = "–" if pd.isna(r.pvalue) else p_text(r.pvalue, lang)
            lines.append(f"  {r.term}: chi² = {stat}, p {p} — {verdict}")
        return "\n".join(lines + [f"! {w}" for w in self.warnings])

    def __repr__(self) -> str:
        glob = self.table[self.table["term"] == "GLOBAL"]
        p = float(glob["pvalue"].iloc[0]) if len(glob) else np.nan
        return (f"PHTestResult(transform={self.transform!r}, terms={len(self.table) - 1}, "
                f"global_p={p:.4g}, violated={self.violated}, warnings={len(self.warnings)})")


def _transform(kind: str, t_event: np.ndarray, time, event, entry) -> np.ndarray:
    if kind == "identity":
        return t_event.astype(float)
    if kind == "log":
        return np.log(t_event.astype(float))
    if kind == "rank":
        from scipy.stats import rankdata

        return rankdata(t_event)
    times, prob = km_curve(time, event, entry)  # statsmodels SurvfuncRight's numbers
    # Kaplan-Meier just before each end (left-continuous), as R survival 2.x cox.zph
    pos = np.searchsorted(times, t_event, side="left") - 1
    km = np.where(pos >= 0, prob[np.clip(pos, 0, None)], 1.0)
    return 1.0 - km


def proportional_hazards(
    spells: pd.DataFrame,
    covariates: Sequence[str],
    *,
    origin: str | None = None,
    transform: str = "km",
    ties: str = "efron",
    level: float = 0.95,
) -> PHTestResult:
    """Check the proportional-hazards assumption of the Cox model of :func:`spell_survival`.

    *Suhteellisten riskien oletus* — does the relative hazard (hazard ratio)
    of a group stay the same over the years of a funding relationship?

    Parameters
    ----------
    spells : pandas.DataFrame
        Output of :func:`impactlib.continuity.spells` (with association
        attributes from :func:`~impactlib.continuity.attach_organisation` as
        needed).
    covariates : list of str
        The Cox model's covariates, as in :func:`spell_survival`.
    origin, ties
        As in :func:`spell_survival`.
    transform : {"km", "rank", "identity", "log"}, default "km"
        Transform of time: R's default, 1 − the Kaplan–Meier estimate just
        before each end, spreads the ends evenly.
    level : float, default 0.95
        ``proportional`` is False where p < 1 − level.

    Returns
    -------
    PHTestResult

    Notes
    -----
    With the fitted coefficients :math:`\\hat\\beta`, covariance :math:`V`,
    the Schoenfeld residual :math:`r_k` of the k-th ended spell (its
    covariates minus the risk-weighted average of those at risk then;
    computed as statsmodels' ``schoenfeld_residuals``), :math:`d` ended spells and
    centred transformed times :math:`x_k = g(t_k) - \\bar g`, the scaled
    residuals are :math:`r^*_k = d\\,V r_k` and the test of term j is

    .. math::

        T_j = \\frac{\\big(\\sum_k x_k r^*_{kj}\\big)^2}{d\\,V_{jj} \\sum_k x_k^2}
        \\sim \\chi^2_1, \\qquad
        T = \\frac{d\\,(\\sum_k x_k r_k)^\\top V (\\sum_k x_k r_k)}{\\sum_k x_k^2}
        \\sim \\chi^2_p

    (Grambsch & Therneau 1994; the formula of R ``survival`` 2.x ``cox.zph``
    and lifelines' ``proportional_hazard_test``). R's ``cox.zph`` from
    version 3.0 uses a score test instead, so its numbers differ a little.
    When the assumption fails, report the hazard ratio per period (split
    the time axis) or the survival curves instead of one ratio. Tied end
    years are many; the residuals use Breslow-type risk-set averages at the
    fitted coefficients (:mod:`.coxfit`).

    References
    ----------
    Grambsch, P. M., & Therneau, T. M. (1994). Proportional hazards tests and
    diagnostics based on weighted residuals. *Biometrika*, 81(3), 515–526.

    Therneau, T. M., & Grambsch, P. M. (2000). *Modeling Survival Data:
    Extending the Cox Model*, ch. 6. Springer.

    Examples
    --------
    >>> sp = pd.DataFrame({"org_id": list("abcdefgh"), "funder": ["F"] * 8, "start": [2016] * 8,
    ...                    "end": [2017, 2018, 2019, 2020, 2017, 2019, 2021, 2022],
    ...                    "length": [2, 3, 4, 5, 2, 4, 6, 7], "censored": [False] * 7 + [True],
    ...                    "truncated": [False] * 8, "first_amount_eur": 1.0, "last_amount_eur": 1.0,
    ...                    "kind": ["a"] * 4 + ["b"] * 4})
    >>> r = proportional_hazards(sp, ["kind"])
    >>> r.n_events, bool(r.table.pvalue.between(0, 1).all())
    (7, True)
    """
    check_spells(spells)
    level = check_level(level)
    if transform not in PH_TRANSFORMS:
        raise ValueError(f"transform must be one of {PH_TRANSFORMS}, got {transform!r}")
    if ties not in ("efron", "breslow"):
        raise ValueError(f"ties must be 'efron' or 'breslow', got {ties!r}")
    covariates = [covariates] if isinstance(covariates, str) else list(covariates)
    if not covariates:
        raise ValueError("give at least one covariate of the Cox model")
    d, _ = spell_data(spells, origin, columns=covariates)
    late = bool((d["_entry"] > 0).any())
    x, keep, cox_entry, empty = cox_inputs(d, covariates, late, d["_event"].to_numpy(dtype=bool))
    terms = list(x.columns)
    x, cox_entry, entry = x.to_numpy()[keep], cox_entry[keep], d["_entry"].to_numpy()[keep]
    time, event = d["_time"].to_numpy(dtype=float)[keep], d["_event"].to_numpy(dtype=bool)[keep]
    warn: list[str] = []

    def nan_result(msg):
        nan = np.full(len(terms) + 1, np.nan)
        tab = pd.DataFrame({"term": [*terms, "GLOBAL"], "rho": nan, "statistic": nan,
                            "df": [1] * len(terms) + [len(terms)], "pvalue": nan,
                            "proportional": [True] * (len(terms) + 1)})
        return PHTestResult(tab, transform, int(event.sum()), level, (*warn, msg))

    if empty:
        return nan_result("the Cox model cannot be fitted: no spell ended where " + "; ".join(empty)
                          + "; the test is not defined (NaN)")
    if event.sum() < 3:
        return nan_result("fewer than 3 ended spells: the test is not defined (NaN)")
    fit, converged = fit_cox(time, x, event, cox_entry, ties)
    if not converged:
        warn.append("the Cox model did not converge; the test is unreliable")
    res = np.asarray(fit.schoenfeld_residuals)
    rows = event & np.isfinite(res).all(axis=1)
    order = np.argsort(time[rows], kind="mergesort")
    r = res[rows][order]
    t_ev = time[rows][order]
    g = _transform(transform, t_ev, time, event, entry if late else None)
    xx = g - g.mean()
    v = np.asarray(fit.cov_params())
    n_ev = len(t_ev)
    sxx = float(np.einsum("k,k->", xx, xx))  # sums over the ends: no threaded BLAS
    from scipy.stats import chi2

    if sxx <= 0:
        return nan_result("every spell ended at the same time: the test is not defined (NaN)")
    # scaled Schoenfeld residuals (the +β does not move the test)
    scaled = np.einsum("kj,jl->kl", n_ev * r, v) + fit.params
    test = np.einsum("k,kj->j", xx, scaled)
    stat = test**2 / (np.diag(v) * n_ev * sxx)
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = np.array([np.corrcoef(xx, scaled[:, j])[0, 1] if np.std(scaled[:, j]) > 0 else np.nan
                        for j in range(len(terms))])
    u = np.einsum("k,kj->j", xx, r)
    glob = float(np.einsum("j,jl,l->", u, v, u)) * n_ev / sxx
    stats_ = np.append(stat, glob)
    dfs = [1] * len(terms) + [len(terms)]
    p = chi2.sf(stats_, dfs)
    tab = pd.DataFrame({"term": [*terms, "GLOBAL"], "rho": np.append(rho, np.nan), "statistic": stats_,
                        "df": dfs, "pvalue": p, "proportional": p >= 1 - level})
    return PHTestResult(tab, transform, n_ev, level, tuple(warn))
