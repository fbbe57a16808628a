"""Survival of funding spells (*rahoitussuhteiden kesto*): Kaplan–Meier, log-rank, Cox.

Uses :mod:`statsmodels.duration` (imported when a survival is computed).

Examples
--------
>>> import pandas as pd
>>> sp = pd.DataFrame({"org_id": list("abc"), "funder": ["F"] * 3, "start": [2016] * 3,
...                    "end": [2017, 2018, 2019], "length": [2, 3, 4],
...                    "censored": [False, False, True], "truncated": [False] * 3,
...                    "first_amount_eur": [1.0] * 3, "last_amount_eur": [1.0] * 3})
>>> spell_survival(sp).medians[["n", "events", "median"]]
   n  events  median
0  3       2     3.0
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._util import level_or_confidence
from ..disclosure import THRESHOLD
from .spells import check_spells

__all__ = ["SurvivalResult", "spell_survival"]


@dataclass
class SurvivalResult:
    """Kaplan–Meier survival of funding spells, with log-rank and Cox results.

    Attributes
    ----------
    table : pandas.DataFrame
        ``group, time, at_risk, events, censored, survival, se, ci_low,
        ci_high`` — one row per group and whole year ``time`` = 1 … the
        longest spell: spells at risk of ending after ``time`` years,
        spells ending then (*events*), spells censored then, the Kaplan–Meier
        survival probability P(spell lasts more than ``time`` years), its
        Greenwood standard error and pointwise log-log confidence limits.
    medians : pandas.DataFrame
        ``group, n, events, median, ci_low, ci_high``: median spell length in
        years (NaN: the curve never falls below 0.5) with a confidence
        interval (statsmodels ``quantile_ci``, cloglog; NaN upper limit: not
        reached).
    logrank : pandas.DataFrame or None
        ``statistic, df, pvalue`` of the log-rank test that all groups have
        the same survival (None with one group).
    cox : pandas.DataFrame or None
        ``term, coef, hr, se, ci_low, ci_high, pvalue`` of a Cox
        proportional-hazards model of the ``covariates`` (None without
        covariates).
    group : str or None
        Name of the grouping column(s).
    level : float
        Confidence level of the intervals (``confidence`` is an alias).
    n_used, n_dropped : int
        Spells analysed, and left-truncated spells left out because their
        true start is unknown.
    warnings : tuple of str
        Things a reader should know (left-out spells, small groups, a Cox
        model that did not converge); ``notes`` is an alias.
    cox_converged : bool or None
        Whether the Cox model converged (None without covariates).
    """

    table: pd.DataFrame
    medians: pd.DataFrame
    logrank: pd.DataFrame | None
    cox: pd.DataFrame | None
    group: str | None
    level: float
    n_used: int
    n_dropped: int
    warnings: tuple[str, ...] = field(default_factory=tuple)
    cox_converged: bool | None = None

    @property
    def confidence(self) -> float:
        """Alias of :attr:`level`."""
        return self.level

    @property
    def notes(self) -> tuple[str, ...]:
        """Alias of :attr:`warnings` (the name of earlier versions)."""
        return self.warnings

    def to_frame(self) -> pd.DataFrame:
        """The survival table (:attr:`table`), with the confidence level as a column."""
        return self.table.assign(confidence=self.level)

    def summary(self, lang: str = "fi") -> str:
        """Median spell length per group, the log-rank test and the warnings (counts of 1–4 as "<5").

        Examples
        --------
        >>> sp = pd.DataFrame({"org_id": list("abc"), "funder": ["F"] * 3, "start": [2016] * 3,
        ...                    "end": [2017, 2018, 2019], "length": [2, 3, 4],
        ...                    "censored": [False, False, True], "truncated": [False] * 3,
        ...                    "first_amount_eur": [1.0] * 3, "last_amount_eur": [1.0] * 3})
        >>> print(spell_survival(sp).summary("en"))
        Duration of funding spells (Kaplan–Meier, <5 spells, 95% CI)
        all: n = <5, ended <5, median 3 years (2…∞)
        ! group 'all' has fewer than 5 spells
        """
        from ..i18n import fmt_count, fmt_number, t

        pct = fmt_number(100 * self.level, 0, lang)
        n_used = fmt_count(self.n_used, lang)
        lines = [t(f"Rahoitussuhteiden kesto (Kaplan–Meier, {n_used} suhdetta, {pct} %:n lv)",
                   f"Duration of funding spells (Kaplan–Meier, {n_used} spells, {pct}% CI)",
                   lang)]
        for r in self.medians.itertuples():
            med, lo, hi = (("∞" if pd.isna(v) else fmt_number(v, 0, lang))
                           for v in (r.median, r.ci_low, r.ci_high))
            n, ev = fmt_count(r.n, lang), fmt_count(r.events, lang)
            lines.append(t(f"{r.group}: n = {n}, päättyi {ev}, mediaani {med} v ({lo}…{hi})",
                           f"{r.group}: n = {n}, ended {ev}, median {med} years ({lo}…{hi})", lang))
        if self.logrank is not None:
            lr = self.logrank.iloc[0]
            lines.append(t("log-rank", "log-rank", lang) + f": χ²({int(lr['df'])}) = "
                         f"{fmt_number(lr['statistic'], 2, lang)}, p = {fmt_number(lr['pvalue'], 3, lang)}")
        return "\n".join(lines + [f"! {w}" for w in self.warnings])

    def __repr__(self) -> str:
        lines = [f"SurvivalResult(group={self.group!r}, spells={self.n_used}, "
                 f"left out (left-truncated)={self.n_dropped}, level={self.level})"]
        for r in self.medians.itertuples():
            lines.append(f"  {r.group}: n={r.n}, events={r.events}, median={r.median}")
        if self.logrank is not None:
            lr = self.logrank.iloc[0]
            lines.append(f"  log-rank chi2={lr['statistic']:.3f}, df={int(lr['df'])}, "
                         f"p={lr['pvalue']:.4g}")
        lines += [f"  warning: {w}" for w in self.warnings]
        return "\n".join(lines)


def _km_table(time: np.ndarray, event: np.ndarray, entry: np.ndarray, z: float):
    """Kaplan–Meier by statsmodels plus at-risk counts at every whole year."""
    from statsmodels.duration.survfunc import SurvfuncRight

    late = bool(np.any(entry > 0))
    sf = SurvfuncRight(time, event.astype(float), entry=entry if late else None)
    tmax = int(time.max())
    grid = np.arange(1, tmax + 1, dtype=float)
    ts, te = np.sort(time), np.sort(entry)
    at_risk = np.searchsorted(te, grid, side="left") - np.searchsorted(ts, grid, side="left")
    ev = np.bincount(time[event].astype(int), minlength=tmax + 1)[1:]
    ce = np.bincount(time[~event].astype(int), minlength=tmax + 1)[1:]
    pos = np.searchsorted(sf.surv_times, grid, side="right") - 1
    has = pos >= 0
    surv = np.where(has, sf.surv_prob[np.clip(pos, 0, None)], 1.0) if len(sf.surv_times) else \
        np.ones_like(grid)
    se = np.where(has, sf.surv_prob_se[np.clip(pos, 0, None)], 0.0) if len(sf.surv_times) else \
        np.zeros_like(grid)
    # log-log interval: Var(log(-log S)) = se^2 / (S log S)^2  (Kalbfleisch & Prentice 2002)
    inner = (surv > 0) & (surv < 1) & np.isfinite(se)
    s_in = np.where(inner, surv, 0.5)
    sig = np.where(inner, se, 0.0) / np.abs(s_in * np.log(s_in))
    lo = np.where(inner, s_in ** np.exp(z * sig), np.where(surv >= 1, 1.0, np.nan))
    hi = np.where(inner, s_in ** np.exp(-z * sig), np.where(surv >= 1, 1.0, np.nan))
    table = pd.DataFrame({"time": grid.astype("int64"), "at_risk": at_risk.astype("int64"),
                          "events": ev.astype("int64"), "censored": ce.astype("int64"),
                          "survival": surv, "se": se, "ci_low": lo, "ci_high": hi})
    median = sf.quantile(0.5)
    with np.errstate(divide="ignore", invalid="ignore"):
        # statsmodels takes log(0) when the curve reaches 0; those points are excluded anyway
        qlo, qhi = sf.quantile_ci(0.5, alpha=2 * (1 - _norm_cdf(z)), method="cloglog")
    qhi = np.nan if not np.isfinite(qhi) else qhi
    return table, (float(median), float(qlo), float(qhi))


def _norm_cdf(z: float) -> float:
    from scipy.stats import norm

    return float(norm.cdf(z))


def _design(df: pd.DataFrame, covariates: Sequence[str]) -> pd.DataFrame:
    """Covariate matrix: numbers as they are, categories as 0/1 columns (first level = reference)."""
    parts = []
    for c in covariates:
        if c not in df.columns:
            raise ValueError(f"covariate '{c}' is not a column of the spells table")
        s = df[c]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            parts.append(s.astype(float).rename(c).to_frame())
        else:
            cat = s.astype("string").fillna("unknown")
            levels = sorted(cat.unique())
            d = pd.DataFrame({f"{c}[{lv}]": (cat == lv).astype(float).to_numpy() for lv in levels[1:]},
                             index=df.index)
            parts.append(d)
    return pd.concat(parts, axis=1)


def spell_survival(
    spells: pd.DataFrame,
    *,
    group: str | Sequence[str] | None = None,
    covariates: Sequence[str] | None = None,
    origin: str | None = None,
    level: float = 0.95,
    ties: str = "efron",
    confidence: float | None = None,
) -> SurvivalResult:
    """Survival of funding spells (*rahoitussuhteiden kesto*): Kaplan–Meier, log-rank, Cox.

    How long does a funding relationship last? The time is the spell length
    in years; a spell *ends* (an event) when the funder stops; spells still
    running in the last observed years are right-censored. Uses
    :mod:`statsmodels.duration` (``SurvfuncRight``, ``survdiff``, ``PHReg``):
    statsmodels is already a core dependency of impactlib, and all three
    support delayed entry (``entry=``) for left truncation; lifelines is used
    only in the tests, as an independent check.

    Parameters
    ----------
    spells : pandas.DataFrame
        Output of :func:`spells`, optionally with association attributes
        added by :func:`attach_organisation`.
    group : str or list of str, optional
        Column(s) to compare, e.g. ``"source_group"`` (funder type),
        ``"kind"``, ``"county"``. Missing values form a group ``"unknown"``.
    covariates : list of str, optional
        Columns for a Cox proportional-hazards model (categories are coded
        0/1 against their alphabetically first level).
    origin : str, optional
        Column with the year a relationship really began, where known (e.g.
        from a grant register). Left-truncated spells with a known origin
        enter the risk set late (delayed entry): they are counted only for
        the years they were observed. Left-truncated spells whose origin is
        unknown are left out (``n_dropped``), because their length is
        unknown; without ``origin`` all left-truncated spells are left out.
    level : float, default 0.95
        Confidence level of every interval.
    ties : {"efron", "breslow"}
        Handling of tied spell lengths in the Cox model (lengths are whole
        years, so ties are many; Efron's method is the more accurate).
    confidence : float, optional
        Deprecated alias of ``level`` (warns).

    Returns
    -------
    SurvivalResult
        ``.table`` has the columns ``group, time, at_risk, events, censored,
        survival, se, ci_low, ci_high``; see :class:`SurvivalResult`.

    Raises
    ------
    ValueError
        When no spell is left to analyse, e.g. with one year of data (every
        spell is then both left-truncated and right-censored).

    Notes
    -----
    Spell :math:`i` has length :math:`T_i` years, event indicator
    :math:`\\delta_i` (1 = ended, 0 = censored) and entry time :math:`E_i`
    (0, or the years already lasted before the window when ``origin`` is
    known). It is at risk at time :math:`t` when :math:`E_i < t \\le T_i`.
    With :math:`n_t` at risk and :math:`d_t` ending at :math:`t`, the
    Kaplan–Meier estimator and Greenwood's variance are

    .. math::

        \\hat S(t) = \\prod_{u \\le t} \\left(1 - \\frac{d_u}{n_u}\\right), \\qquad
        \\widehat{\\mathrm{Var}}\\,\\hat S(t) = \\hat S(t)^2 \\sum_{u \\le t}
        \\frac{d_u}{n_u (n_u - d_u)},

    and the log-log interval is :math:`\\hat S(t)^{\\exp(\\pm z\\,\\sigma_t)}`
    with :math:`\\sigma_t = \\mathrm{SE}/(\\hat S |\\log \\hat S|)`. The median
    is the first time with :math:`\\hat S(t) < 0.5` (statsmodels/SAS
    convention). The log-rank statistic compares observed and expected ends
    per group, :math:`\\chi^2_{k-1}`. The same risk sets :math:`E_i < t \\le
    T_i` are used throughout: statsmodels' ``PHReg`` would also count a
    spell at its entry time, so entry times are passed to it shifted by half
    the smallest gap between distinct times (half a year), which gives R's
    ``coxph(Surv(entry, time, event) ~ …)`` risk sets.

    References
    ----------
    Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from
    incomplete observations. *Journal of the American Statistical
    Association*, 53(282), 457–481.

    Mantel, N. (1966). Evaluation of survival data and two new rank order
    statistics arising in its consideration. *Cancer Chemotherapy Reports*,
    50(3), 163–170.

    Cox, D. R. (1972). Regression models and life-tables. *Journal of the
    Royal Statistical Society B*, 34(2), 187–220.

    Klein, J. P., & Moeschberger, M. L. (2003). *Survival Analysis:
    Techniques for Censored and Truncated Data* (2nd ed.), ch. 4.6
    (left truncation). Springer.

    Examples
    --------
    >>> sp = pd.DataFrame({"org_id": list("abcdef"), "funder": ["F"] * 6,
    ...                    "start": [2016] * 6, "end": [2017, 2017, 2018, 2019, 2020, 2020],
    ...                    "length": [2, 2, 3, 4, 5, 5],
    ...                    "censored": [False, False, True, False, True, False],
    ...                    "truncated": [False] * 6,
    ...                    "first_amount_eur": [1.0] * 6, "last_amount_eur": [1.0] * 6})
    >>> res = spell_survival(sp)
    >>> res.table[["time", "at_risk", "events", "survival"]]
       time  at_risk  events  survival
    0     1        6       0  1.000000
    1     2        6       2  0.666667
    2     3        4       0  0.666667
    3     4        3       1  0.444444
    4     5        2       1  0.222222
    >>> float(res.medians["median"].iloc[0])
    4.0
    """
    check_spells(spells)
    level = level_or_confidence(level, confidence, "spell_survival")
    if ties not in ("efron", "breslow"):
        raise ValueError(f"ties must be 'efron' or 'breslow', got {ties!r}")
    from scipy.stats import chi2, norm

    z = float(norm.ppf(1 - (1 - level) / 2))
    sp = spells.reset_index(drop=True)
    trunc = sp["truncated"].astype(bool).to_numpy()
    start = sp["start"].to_numpy(dtype=float)
    end = sp["end"].to_numpy(dtype=float)
    time = sp["length"].to_numpy(dtype=float)
    entry = np.zeros(len(sp))
    use = ~trunc
    if origin is not None:
        if origin not in sp.columns:
            raise ValueError(f"origin column '{origin}' is not in the spells table")
        o = pd.to_numeric(sp[origin], errors="coerce").to_numpy(dtype=float)
        known = ~np.isnan(o)
        if np.any(known & (o > start)):
            raise ValueError(f"'{origin}' must not be after the spell's first observed year (start)")
        late = trunc & known
        entry = np.where(late, start - np.where(known, o, start), 0.0)
        time = np.where(late, end - np.where(known, o, start) + 1, time)
        use = ~trunc | known
    n_dropped = int((~use).sum())
    if not use.any():
        raise ValueError(
            "no spells left to analyse: every spell is left-truncated (it may have started before "
            "the data do, so its length is unknown). This happens with one year of data; give "
            "more years or an 'origin' column with the true start years."
        )
    d = sp[use].copy()
    d["_time"], d["_entry"] = time[use], entry[use]
    d["_event"] = ~d["censored"].astype(bool).to_numpy()
    if group is None:
        gcol = None
        d["_group"] = "all"
    else:
        cols = [group] if isinstance(group, str) else list(group)
        missing = [c for c in cols if c not in d.columns]
        if missing:
            raise ValueError("group column(s) not in the spells table: " + ", ".join(missing)
                             + " (add association attributes with attach_organisation())")
        gcol = " / ".join(cols)
        lab = d[cols[0]].astype("string").fillna("unknown")
        for c in cols[1:]:
            lab = lab + " / " + d[c].astype("string").fillna("unknown")
        d["_group"] = lab.astype(str)
    tables, meds = [], []
    labels = sorted(d["_group"].unique())
    notes = []
    if n_dropped:
        notes.append(f"{n_dropped} left-truncated spells left out: they were already running in the "
                     "first observed years, so their length is unknown")
    for lab in labels:  # one Kaplan–Meier per group (a handful of groups)
        gd = d[d["_group"] == lab]
        t, (m, mlo, mhi) = _km_table(gd["_time"].to_numpy(), gd["_event"].to_numpy(),
                                     gd["_entry"].to_numpy(), z)
        t.insert(0, "group", lab)
        tables.append(t)
        meds.append({"group": lab, "n": len(gd), "events": int(gd["_event"].sum()),
                     "median": m, "ci_low": mlo, "ci_high": mhi})
        if len(gd) < THRESHOLD:
            notes.append(f"group {lab!r} has fewer than {THRESHOLD} spells")
    table = pd.concat(tables, ignore_index=True)
    medians = pd.DataFrame(meds)
    logrank = None
    late = bool((d["_entry"] > 0).any())
    if len(labels) > 1:
        from statsmodels.duration.survfunc import survdiff

        stat, p = survdiff(d["_time"].to_numpy(), d["_event"].to_numpy().astype(float),
                           d["_group"].to_numpy(), entry=d["_entry"].to_numpy() if late else None)
        # p from the survival function of chi2 (statsmodels' 1 - cdf rounds tiny p to 0)
        p = float(chi2.sf(stat, len(labels) - 1))
        logrank = pd.DataFrame({"statistic": [float(stat)], "df": [len(labels) - 1],
                                "pvalue": [p]})
    cox = None
    converged = None
    if covariates:
        from statsmodels.duration.hazard_regression import PHReg

        x = _design(d, covariates)
        keep = x.notna().all(axis=1).to_numpy()
        # PHReg keeps a subject in the risk set *at* its entry time (Stata's convention), while
        # SurvfuncRight, survdiff, R's coxph and lifelines use entry < t. Shift positive entry
        # times by half the smallest gap between distinct times so PHReg uses entry < t too.
        cox_entry = d["_entry"].to_numpy()
        if late:
            u = np.unique(np.concatenate([d["_time"].to_numpy(), cox_entry]))
            half = 0.5 * (float(np.diff(u).min()) if len(u) > 1 else 1.0)
            cox_entry = np.where(cox_entry > 0, cox_entry + half, 0.0)
        if (~keep).any():
            notes.append(f"{int((~keep).sum())} spells with a missing covariate left out of the Cox model")
        import warnings

        from statsmodels.tools.sm_exceptions import ConvergenceWarning

        with warnings.catch_warnings(record=True) as caught:
            # recorded, not printed: non-convergence becomes a note and cox_converged=False
            warnings.simplefilter("always", ConvergenceWarning)
            fit = PHReg(d["_time"].to_numpy()[keep], x[keep].to_numpy(),
                        status=d["_event"].to_numpy()[keep].astype(float),
                        entry=cox_entry[keep] if late else None, ties=ties).fit()
        other = [w for w in caught if not issubclass(w.category, ConvergenceWarning)]
        for w in other:  # pass on anything else unchanged
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        converged = len(other) == len(caught)  # PHReg reports non-convergence only by warning
        if not converged:
            notes.append("the Cox model did not converge: a group where no spell ended (or every "
                         "spell ended) has an infinite hazard ratio; leave it out or merge groups")
        ci = np.asarray(fit.conf_int(alpha=1 - level))
        with np.errstate(over="ignore"):  # exp of a diverging coefficient is inf, shown as such
            cox = pd.DataFrame({"term": list(x.columns), "coef": fit.params,
                                "hr": np.exp(fit.params), "se": fit.bse,
                                "ci_low": np.exp(ci[:, 0]), "ci_high": np.exp(ci[:, 1]),
                                "pvalue": fit.pvalues})
    return SurvivalResult(table=table, medians=medians, logrank=logrank, cox=cox, group=gcol,
                          level=level, n_used=int(use.sum()), n_dropped=n_dropped,
                          warnings=tuple(notes), cox_converged=converged)
