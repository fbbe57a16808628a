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
        covariates). ``hr`` is the relative hazard: the yearly risk that a
        running relationship ends, relative to the reference level and
        assumed the same in every year (check it with
        :func:`~impactlib.continuity.proportional_hazards`) — not how much
        more likely the relationship is to end overall.
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
        if self.cox is not None:
            lines.append(t("Cox-malli: suhteellinen riski (riskisuhde, HR) päättyä vuosittain verrattuna "
                           "vertailuryhmään, oletettu samaksi joka vuonna:",
                           "Cox model: relative hazard (hazard ratio, HR) of ending in any year, against "
                           "the reference group, assumed the same every year:", lang))
            for r in self.cox.itertuples():
                if pd.isna(r.hr):
                    lines.append(f"  {r.term}: –")
                    continue
                lines.append(f"  {r.term}: {fmt_number(r.hr, 2, lang)} "
                             f"({fmt_number(r.ci_low, 2, lang)}…{fmt_number(r.ci_high, 2, lang)})")
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


#: Conventions for the median spell length (``spell_survival(median=...)``).
MEDIAN_CONVENTIONS = ("midpoint", "first")


def _median(sf, time: np.ndarray, convention: str) -> float:
    """Median of a Kaplan–Meier curve (statsmodels ``SurvfuncRight``) by ``convention``.

    ``"first"``: the first time with S(t) < 0.5 (statsmodels' ``quantile``).
    ``"midpoint"``: as R ``survival`` (``quantile.survfit``, ``findq``) and SAS
    ``PROC LIFETEST``: where S(t) equals 0.5 exactly (within √machine ε) over an
    interval, the midpoint of that interval — from the time S reaches 0.5 to
    the next time it drops, or to the last observed time when it never
    drops; otherwise the first time with S(t) ≤ 0.5.
    """
    first = float(sf.quantile(0.5))
    if convention == "first" or not len(sf.surv_times):
        return first
    tol = np.sqrt(np.finfo(float).eps)
    flat = np.flatnonzero(np.abs(sf.surv_prob - 0.5) < tol)
    if not flat.size:
        return first
    j = flat[0]
    nxt = np.flatnonzero(sf.surv_prob < 0.5 - tol)
    end = float(sf.surv_times[nxt[0]]) if nxt.size else float(np.max(time))
    return (float(sf.surv_times[j]) + end) / 2


def _km_table(time: np.ndarray, event: np.ndarray, entry: np.ndarray, z: float, median: str = "midpoint"):
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
    med = _median(sf, time, median)
    with np.errstate(divide="ignore", invalid="ignore"):
        # statsmodels takes log(0) when the curve reaches 0; those points are excluded anyway
        qlo, qhi = sf.quantile_ci(0.5, alpha=2 * (1 - _norm_cdf(z)), method="cloglog")
    qhi = np.nan if not np.isfinite(qhi) else qhi
    return table, (float(med), float(qlo), float(qhi))


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


def spell_data(spells: pd.DataFrame, origin: str | None) -> tuple[pd.DataFrame, int]:
    """Spells with ``_time``, ``_entry`` and ``_event`` (serves :mod:`.ph` too); left-truncated
    spells without a known origin are left out (their number is returned)."""
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
    return d, n_dropped


def _with_groups(d: pd.DataFrame, group) -> tuple[pd.DataFrame, str | None]:
    if group is None:
        d["_group"] = "all"
        return d, None
    cols = [group] if isinstance(group, str) else list(group)
    missing = [c for c in cols if c not in d.columns]
    if missing:
        raise ValueError("group column(s) not in the spells table: " + ", ".join(missing)
                         + " (add association attributes with attach_organisation())")
    lab = d[cols[0]].astype("string").fillna("unknown")
    for c in cols[1:]:
        lab = lab + " / " + d[c].astype("string").fillna("unknown")
    d["_group"] = lab.astype(str)
    return d, " / ".join(cols)


def cox_inputs(d: pd.DataFrame, covariates: Sequence[str], late: bool):
    """Design matrix, complete rows and entry times for ``PHReg`` (serves :mod:`.ph` too).

    PHReg keeps a subject in the risk set *at* its entry time (Stata's convention), while
    SurvfuncRight, survdiff, R's coxph and lifelines use entry < t. Positive entry times are
    shifted by half the smallest gap between distinct times so that PHReg uses entry < t too.
    """
    x = _design(d, covariates)
    keep = x.notna().all(axis=1).to_numpy()
    cox_entry = d["_entry"].to_numpy()
    if late:
        u = np.unique(np.concatenate([d["_time"].to_numpy(), cox_entry]))
        half = 0.5 * (float(np.diff(u).min()) if len(u) > 1 else 1.0)
        cox_entry = np.where(cox_entry > 0, cox_entry + half, 0.0)
    return x, keep, cox_entry


def separated_levels(d: pd.DataFrame, covariates: Sequence[str], event: np.ndarray) -> list[str]:
    """Levels of categorical (or 0/1) covariates with no ended spell: their hazard ratio is 0 or ∞."""
    out = []
    for c in covariates:
        s = d[c]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            lev = s.astype("string").fillna("unknown")
        elif set(pd.unique(s.dropna())) <= {0, 1}:
            lev = s.astype("Int64").astype("string")
        else:
            continue
        ended = pd.Series(event, index=d.index).groupby(lev.to_numpy()).sum()
        if len(ended) > 1:
            out += [f"{c} = {k}" for k, v in ended.items() if v == 0]
    return out


def fit_cox(time, x, event, entry, ties):
    """statsmodels ``PHReg`` fit; returns (result, converged). Non-convergence is recorded, not printed."""
    import warnings

    from statsmodels.duration.hazard_regression import PHReg
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        fit = PHReg(time, x, status=event.astype(float), entry=entry, ties=ties).fit()
    other = [w for w in caught if not issubclass(w.category, ConvergenceWarning)]
    for w in other:  # pass on anything else unchanged
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return fit, len(other) == len(caught)  # PHReg reports non-convergence only by warning


def spell_survival(
    spells: pd.DataFrame,
    *,
    group: str | Sequence[str] | None = None,
    covariates: Sequence[str] | None = None,
    origin: str | None = None,
    level: float = 0.95,
    ties: str = "efron",
    confidence: float | None = None,
    median: str = "midpoint",
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
    median : {"midpoint", "first"}, default "midpoint"
        Convention for the median spell length when the curve is exactly 0.5
        over an interval: ``"midpoint"`` (the default) takes the middle of
        that interval, as R ``survival`` (``print.survfit``,
        ``quantile.survfit``) and SAS ``PROC LIFETEST`` do; ``"first"`` takes
        the first time the curve is *below* 0.5 (statsmodels' ``quantile``;
        the only rule of earlier versions). Both give the first time with
        S(t) < 0.5 when the curve never equals 0.5 exactly.

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
    is the first time with :math:`\\hat S(t) < 0.5`, except that where
    :math:`\\hat S(t) = 0.5` exactly over an interval the default
    ``median="midpoint"`` takes its middle (R ``survival``'s rule, which SAS
    ``PROC LIFETEST`` also uses; to the last observed time when the curve
    stays at 0.5); its interval is statsmodels' ``quantile_ci`` (cloglog).
    The log-rank statistic compares observed and expected ends
    per group, :math:`\\chi^2_{k-1}`; when no spell ended at all it is not
    defined (NaN, with a warning). The Cox model is not fitted when a level
    of a categorical covariate (or a value of a 0/1 covariate) has no ended
    spell: its hazard ratio would be 0 or infinite (monotone likelihood), so
    the coefficients are NaN and a warning names the level, instead of the
    optimiser running to its iteration cap. A hazard ratio is a *relative
    hazard*: the yearly risk that a relationship still running ends, relative
    to the reference group, assumed constant over time — check that with
    :func:`impactlib.continuity.proportional_hazards`. The same risk sets :math:`E_i < t \\le
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
    if median not in MEDIAN_CONVENTIONS:
        raise ValueError(f"median must be one of {MEDIAN_CONVENTIONS}, got {median!r}")
    from scipy.stats import chi2, norm

    z = float(norm.ppf(1 - (1 - level) / 2))
    d, n_dropped = spell_data(spells, origin)
    d, gcol = _with_groups(d, group)
    tables, meds = [], []
    labels = sorted(d["_group"].unique())
    notes = []
    if n_dropped:
        notes.append(f"{n_dropped} left-truncated spells left out: they were already running in the "
                     "first observed years, so their length is unknown")
    for lab in labels:  # one Kaplan–Meier per group (a handful of groups)
        gd = d[d["_group"] == lab]
        t, (m, mlo, mhi) = _km_table(gd["_time"].to_numpy(), gd["_event"].to_numpy(),
                                     gd["_entry"].to_numpy(), z, median)
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

        stat = np.nan
        if not d["_event"].any():
            notes.append("no spell ended in any group: the log-rank test is not defined (NaN)")
        else:
            try:
                stat, _ = survdiff(d["_time"].to_numpy(), d["_event"].to_numpy().astype(float),
                                   d["_group"].to_numpy(), entry=d["_entry"].to_numpy() if late else None)
            except np.linalg.LinAlgError:  # a singular covariance of the observed - expected ends
                notes.append("the log-rank test is not defined for these groups (singular "
                             "variance: too few ended spells); given as NaN")
        # p from the survival function of chi2 (statsmodels' 1 - cdf rounds tiny p to 0)
        p = float(chi2.sf(stat, len(labels) - 1)) if np.isfinite(stat) else np.nan
        logrank = pd.DataFrame({"statistic": [float(stat)], "df": [len(labels) - 1],
                                "pvalue": [p]})
    cox = None
    converged = None
    if covariates:
        x, keep, cox_entry = cox_inputs(d, covariates, late)
        if (~keep).any():
            notes.append(f"{int((~keep).sum())} spells with a missing covariate left out of the Cox model")
        empty = separated_levels(d[keep], covariates, d["_event"].to_numpy()[keep])
        if empty:
            converged = False
            notes.append("the Cox model was not fitted (it did not converge): no spell ended where "
                         + "; ".join(empty) + ", so the hazard ratio there is 0 or infinite; leave "
                         "that group out or merge it with another")
            nan = np.full(x.shape[1], np.nan)
            cox = pd.DataFrame({"term": list(x.columns), "coef": nan, "hr": nan, "se": nan,
                                "ci_low": nan, "ci_high": nan, "pvalue": nan})
        else:
            fit, converged = fit_cox(d["_time"].to_numpy()[keep], x[keep].to_numpy(),
                                     d["_event"].to_numpy()[keep], cox_entry[keep] if late else None, ties)
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
                          level=level, n_used=len(d), n_dropped=n_dropped,
                          warnings=tuple(notes), cox_converged=converged)
