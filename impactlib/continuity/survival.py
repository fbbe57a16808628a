"""Survival of funding spells (*rahoitussuhteiden kesto*): Kaplan–Meier, log-rank, Cox.

NumPy only: one grouped pass gives every group's Kaplan–Meier curve and the log-rank test with
the arithmetic of statsmodels' ``SurvfuncRight`` and ``survdiff`` (the same numbers, without a
DataFrame per group); the Cox model is :mod:`.coxfit`'s Newton–Raphson.

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
from .coxfit import cox_inputs, fit_cox, text_codes
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


def _time_codes(v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values (sorted) and each value's position among them, as ``np.unique``;
    whole numbers in a short range (years) are counted by ``np.bincount`` instead of sorted."""
    if len(v) and np.isfinite(v).all():
        lo = v.min()
        if v.max() - lo < 4 * len(v) + 1024 and np.array_equal(v, np.floor(v)):
            off = (v - lo).astype(np.int64)
            present = np.bincount(off) > 0
            return np.flatnonzero(present) + lo, (np.cumsum(present) - 1)[off]
    return np.unique(v, return_inverse=True)


def _risk_sets(time, event, entry, gcode, ng, late):
    """Ends, rows and rows at risk per group on the distinct times (those of statsmodels'
    ``survdiff``: of time and, with late entries, entry). At risk at t: entry < t <= time."""
    utime, inv = _time_codes(np.concatenate([time, entry]) if late else time)
    u = len(utime)
    cell = gcode * u + inv[: len(time)]
    cnt = np.bincount(cell, minlength=ng * u).reshape(ng, u)
    ends = np.bincount(cell, weights=event.astype(float), minlength=ng * u).reshape(ng, u)
    if late:
        ent = np.bincount(gcode * u + inv[len(time):], minlength=ng * u).reshape(ng, u)
        n_risk = (np.cumsum(ent, axis=1) - ent) - (np.cumsum(cnt, axis=1) - cnt)
    else:
        ent = None
        n_risk = np.cumsum(cnt[:, ::-1], axis=1)[:, ::-1]
    return utime, cnt, ends, n_risk, ent


def _kaplan_meier(ends, n_risk):
    """Kaplan–Meier and Greenwood SE per group (rows) on the distinct times, with statsmodels'
    ``SurvfuncRight`` arithmetic (exp of summed logs, S floored at 1e-16 then set to 0); a
    time without ends carries the value before it (it adds log 1 = 0 and 0 exactly)."""
    has = ends > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        q = np.where(has, 1 - ends / n_risk.astype(np.float64), 1.0)
        tiny = has & (q < 1e-16)
        q[tiny] = 1e-16
        surv = np.exp(np.cumsum(np.log(q), axis=1))
        surv[tiny] = 0
        term = np.where(has, ends / np.clip(n_risk * (n_risk - ends), 1e-12, np.inf), 0.0)
    term[has & ((n_risk == ends) | (n_risk == 0))] = np.nan
    se = np.sqrt(np.cumsum(term, axis=1))
    se = np.where(np.isfinite(se) | (surv != 0), se * surv, np.nan)
    return has, surv, se


def km_curve(time, event, entry=None) -> tuple[np.ndarray, np.ndarray]:
    """Kaplan–Meier of one group at its end times: ``(times, survival)``, the ``surv_times``
    and ``surv_prob`` of statsmodels' ``SurvfuncRight`` (serves :mod:`.ph`)."""
    time = np.asarray(time, dtype=float)
    late = entry is not None and bool(np.any(np.asarray(entry) > 0))
    entry = np.zeros(len(time)) if entry is None else np.asarray(entry, dtype=float)
    utime, _, ends, n_risk, _ = _risk_sets(time, np.asarray(event, dtype=bool), entry,
                                           np.zeros(len(time), dtype=np.int64), 1, late)
    has, surv, _ = _kaplan_meier(ends, n_risk)
    return utime[has[0]], surv[0, has[0]]


def _median(times, prob, se, tmax, convention, tr) -> tuple[float, float, float]:
    """Median of a Kaplan–Meier curve (values at its end times) and its cloglog interval.

    ``"first"``: the first time with S(t) < 0.5 (statsmodels' ``quantile``).
    ``"midpoint"``: as R ``survival`` (``quantile.survfit``, ``findq``) and SAS
    ``PROC LIFETEST``: where S(t) equals 0.5 exactly (within √machine ε) over an interval, the
    midpoint of that interval — from the time S reaches 0.5 to the next time it drops, or to
    the last observed time when it never drops; otherwise the first time with S(t) ≤ 0.5. The
    interval inverts the z test of log(-log S) (statsmodels' ``quantile_ci``, cloglog).
    """
    below = np.flatnonzero(prob < 0.5)
    med = float(times[below[0]]) if below.size else np.nan
    tol = np.sqrt(np.finfo(float).eps)
    flat = np.flatnonzero(np.abs(prob - 0.5) < tol)
    if convention == "midpoint" and flat.size:
        nxt = np.flatnonzero(prob < 0.5 - tol)
        end = float(times[nxt[0]]) if nxt.size else float(tmax)
        med = (float(times[flat[0]]) + end) / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        # log(0) where the curve reaches 0; those points are excluded anyway
        r = np.log(-np.log(prob)) - np.log(-np.log(0.5))
        r /= (-1 / (prob * np.log(prob))) * se
    ok = np.flatnonzero(np.abs(r) <= tr)
    if not ok.size:
        return med, np.nan, np.nan
    hi = np.nan if ok[-1] == len(times) - 1 else float(times[ok[-1] + 1])
    return med, float(times[ok[0]]), hi


def _km_tables(time, event, entry, gcode, labels, late, z, median):
    """The survival table and the medians of every group, from one grouped pass (NumPy)."""
    ng = len(labels)
    utime, cnt, ends, n_risk, ent = _risk_sets(time, event, entry, gcode, ng, late)
    has, surv_u, se_u = _kaplan_meier(ends, n_risk)
    last = np.maximum.accumulate(np.where(has, np.arange(len(utime)), -1), axis=1)
    tmax_g = utime[len(utime) - 1 - np.argmax(cnt[:, ::-1] > 0, axis=1)]  # longest spell per group
    top = int(time.max())
    grid = np.arange(1, top + 1, dtype=float)
    j = np.searchsorted(utime, grid, side="right") - 1  # last distinct time <= t
    pos = np.where(j >= 0, last[:, np.maximum(j, 0)], -1)
    rows = np.arange(ng)[:, None]
    surv = np.where(pos >= 0, surv_u[rows, np.maximum(pos, 0)], 1.0)
    se = np.where(pos >= 0, se_u[rows, np.maximum(pos, 0)], 0.0)
    # at risk at t: entered before t, minus those whose time is before t
    jl = np.searchsorted(utime, grid, side="left") - 1
    before = np.where(jl >= 0, np.cumsum(cnt, axis=1)[:, np.maximum(jl, 0)], 0)
    entered = (np.where(jl >= 0, np.cumsum(ent, axis=1)[:, np.maximum(jl, 0)], 0) if late
               else cnt.sum(axis=1)[:, None])
    cell = gcode * (top + 1) + time.astype(int)
    ev = np.bincount(cell[event], minlength=ng * (top + 1)).reshape(ng, top + 1)[:, 1:]
    ce = np.bincount(cell[~event], minlength=ng * (top + 1)).reshape(ng, top + 1)[:, 1:]
    gi, ti = np.nonzero(grid[None, :] <= tmax_g.astype(int)[:, None])
    s, e = surv[gi, ti], se[gi, ti]
    # log-log interval: Var(log(-log S)) = se^2 / (S log S)^2  (Kalbfleisch & Prentice 2002)
    inner = (s > 0) & (s < 1) & np.isfinite(e)
    s_in = np.where(inner, s, 0.5)
    sig = np.where(inner, e, 0.0) / np.abs(s_in * np.log(s_in))
    table = pd.DataFrame({"group": np.asarray(labels, dtype=object)[gi],
                          "time": grid[ti].astype("int64"),
                          "at_risk": (entered - before)[gi, ti].astype("int64"),
                          "events": ev[gi, ti].astype("int64"),
                          "censored": ce[gi, ti].astype("int64"), "survival": s, "se": e,
                          "ci_low": np.where(inner, s_in ** np.exp(z * sig),
                                             np.where(s >= 1, 1.0, np.nan)),
                          "ci_high": np.where(inner, s_in ** np.exp(-z * sig),
                                              np.where(s >= 1, 1.0, np.nan))})
    from scipy.special import ndtr, ndtri  # what scipy.stats.norm's ppf and cdf call

    tr = float(ndtri(1 - (2 * (1 - ndtr(z))) / 2))  # quantile_ci(alpha) takes z from alpha
    meds = [_median(utime[has[g]], surv_u[g, has[g]], se_u[g, has[g]], tmax_g[g], median, tr)
            for g in range(ng)]  # a handful of groups, each a few distinct times
    return table, meds, (ends, n_risk)


def _logrank(ends, n_risk) -> float:
    """Log-rank χ² from the ends and numbers at risk per group (rows) on survdiff's distinct
    times: statsmodels' ``survdiff`` (``_survdiff``), step for step."""
    obsv, nrisk = list(ends), list(n_risk.astype(float))
    obs, nrisk_tot = sum(obsv), sum(nrisk)
    ix = np.flatnonzero(nrisk_tot > 1)
    dfs = len(obsv) - 1
    r = np.vstack(nrisk) / np.clip(nrisk_tot, 1e-10, np.inf)[None, :]
    var_denom = np.clip(nrisk_tot - 1, 1e-10, np.inf)
    oes, vs = [], []
    for g in range(1, dfs + 1):  # one row of the (k-1) x (k-1) variance per group
        oe = obsv[g] - r[g] * obs
        part = r[1:, :].T * (np.eye(1, dfs, g - 1).ravel() - r[g, :, None])
        var = part * (obs * (nrisk_tot - obs) / var_denom)[:, None]
        oes.append(oe[ix].sum())
        vs.append(var[ix].sum(axis=0))
    o = np.hstack(oes)
    return float(o.dot(np.linalg.solve(np.vstack(vs), o)))


def spell_data(spells: pd.DataFrame, origin: str | None,
               columns: Sequence[str] | None = None) -> tuple[pd.DataFrame, int]:
    """Spells with ``_time``, ``_entry`` and ``_event`` (serves :mod:`.ph` too); left-truncated
    spells without a known origin are left out (their number is returned). ``columns``: the
    other columns to keep (those present; default all); the index is a new ``RangeIndex``."""
    trunc = spells["truncated"].astype(bool).to_numpy()
    start = spells["start"].to_numpy(dtype=float)
    end = spells["end"].to_numpy(dtype=float)
    time = spells["length"].to_numpy(dtype=float)
    entry = np.zeros(len(spells))
    use = ~trunc
    if origin is not None:
        if origin not in spells.columns:
            raise ValueError(f"origin column '{origin}' is not in the spells table")
        o = pd.to_numeric(spells[origin], errors="coerce").to_numpy(dtype=float)
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
    cols = spells.columns if columns is None else [c for c in dict.fromkeys(columns)
                                                   if c in spells.columns]
    d = pd.DataFrame({**{c: spells[c].array[use] for c in cols},  # .array keeps each dtype
                      "_time": time[use], "_entry": entry[use],
                      "_event": ~spells["censored"].astype(bool).to_numpy()[use]}, copy=False)
    return d, n_dropped


def _group_codes(d: pd.DataFrame, group) -> tuple[np.ndarray, list[str], str | None]:
    """Each spell's group (codes into the sorted labels ``"a / b"``; missing: ``"unknown"``)."""
    if group is None:
        return np.zeros(len(d), dtype=np.int64), ["all"], None
    cols = [group] if isinstance(group, str) else list(group)
    missing = [c for c in cols if c not in d.columns]
    if missing:
        raise ValueError("group column(s) not in the spells table: " + ", ".join(missing)
                         + " (add association attributes with attach_organisation())")
    combo, texts = np.zeros(len(d), dtype=np.int64), []
    for c in cols:  # codes into each column's sorted text levels, combined
        code, lab = text_codes(d[c])
        combo, texts = combo * len(lab) + code, [*texts, lab]
    inv, present = pd.factorize(combo)
    names = []
    for k in present:  # the distinct combinations (a handful)
        parts = []
        for lab in reversed(texts):
            k, i = divmod(int(k), len(lab))
            parts.append(lab[i])
        names.append(" / ".join(reversed(parts)))
    labels = sorted(set(names))
    where = {lab: i for i, lab in enumerate(labels)}
    return np.array([where[nm] for nm in names], dtype=np.int64)[inv], labels, " / ".join(cols)


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
    running in the last observed years are right-censored. Computed with
    NumPy: Kaplan–Meier and log-rank as statsmodels' ``SurvfuncRight`` and
    ``survdiff`` compute them (the tests compare the two), the Cox model by
    Newton–Raphson on the partial likelihood (:mod:`.coxfit`); all support
    delayed entry for left truncation. lifelines and statsmodels' ``PHReg``
    are used only in the tests, as independent checks.

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
    the coefficients are NaN and a warning names the level; other monotone
    likelihoods are found while fitting (the fit stops, with a warning). A
    hazard ratio is a *relative
    hazard*: the yearly risk that a relationship still running ends, relative
    to the reference group, assumed constant over time — check that with
    :func:`impactlib.continuity.proportional_hazards`. The same risk sets :math:`E_i < t \\le
    T_i` are used throughout, those of R's ``coxph(Surv(entry, time, event) ~ …)``.

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
    from scipy.special import chdtrc, ndtri  # what scipy.stats' chi2.sf and norm.ppf call

    z = float(ndtri(1 - (1 - level) / 2))
    gcols = [] if group is None else [group] if isinstance(group, str) else list(group)
    d, n_dropped = spell_data(spells, origin, columns=[*gcols, *(covariates or [])])
    gcode, labels, gcol = _group_codes(d, group)
    time, event = d["_time"].to_numpy(), d["_event"].to_numpy()
    entry = d["_entry"].to_numpy()
    late = bool((entry > 0).any())
    notes = []
    if n_dropped:
        notes.append(f"{n_dropped} left-truncated spells left out: they were already running in the "
                     "first observed years, so their length is unknown")
    table, meds, (ends, n_risk) = _km_tables(time, event, entry, gcode, labels, late, z, median)
    n_g = np.bincount(gcode, minlength=len(labels))
    ev_g = np.bincount(gcode[event], minlength=len(labels))
    medians = pd.DataFrame({"group": labels, "n": n_g.astype("int64"),
                            "events": ev_g.astype("int64"),
                            "median": [m[0] for m in meds], "ci_low": [m[1] for m in meds],
                            "ci_high": [m[2] for m in meds]})
    notes += [f"group {lab!r} has fewer than {THRESHOLD} spells"
              for lab, n in zip(labels, n_g, strict=True) if n < THRESHOLD]
    logrank = None
    if len(labels) > 1:
        stat = np.nan
        if not event.any():
            notes.append("no spell ended in any group: the log-rank test is not defined (NaN)")
        else:
            try:
                stat = _logrank(ends, n_risk)
            except np.linalg.LinAlgError:  # a singular covariance of the observed - expected ends
                notes.append("the log-rank test is not defined for these groups (singular "
                             "variance: too few ended spells); given as NaN")
        # p from the survival function of chi2 (statsmodels' 1 - cdf rounds tiny p to 0)
        p = float(chdtrc(len(labels) - 1, stat)) if np.isfinite(stat) else np.nan
        logrank = pd.DataFrame({"statistic": [float(stat)], "df": [len(labels) - 1],
                                "pvalue": [p]})
    cox = None
    converged = None
    if covariates:
        x, keep, cox_entry, empty = cox_inputs(d, covariates, late, event)
        if (~keep).any():
            notes.append(f"{int((~keep).sum())} spells with a missing covariate left out of the Cox model")
        if empty or not event[keep].any():
            converged = False
            notes.append("the Cox model was not fitted (it did not converge): no spell ended where "
                         + "; ".join(empty) + ", so the hazard ratio there is 0 or infinite; leave "
                         "that group out or merge it with another" if empty else
                         "the Cox model was not fitted: no spell ended, so it is not defined (NaN)")
            nan = np.full(x.shape[1], np.nan)
            cox = pd.DataFrame({"term": list(x.columns), "coef": nan, "hr": nan, "se": nan,
                                "ci_low": nan, "ci_high": nan, "pvalue": nan})
        else:
            fit, converged = fit_cox(time[keep], x[keep].to_numpy(), event[keep], cox_entry[keep],
                                     ties)
            if not converged:
                notes.append("the Cox model did not converge: a group where no spell ended (or every "
                             "spell ended) has an infinite hazard ratio; leave it out or merge groups")
            elif np.isnan(fit.params).any():  # a covariate that does not vary among those at risk
                notes.append("the Cox model has no hazard ratio for "
                             + ", ".join(x.columns[np.isnan(fit.params)])
                             + ": it does not vary among the spells at risk")
            ci = np.asarray(fit.conf_int(alpha=1 - level))
            with np.errstate(over="ignore"):  # exp of a diverging coefficient is inf, shown as such
                cox = pd.DataFrame({"term": list(x.columns), "coef": fit.params,
                                    "hr": np.exp(fit.params), "se": fit.bse,
                                    "ci_low": np.exp(ci[:, 0]), "ci_high": np.exp(ci[:, 1]),
                                    "pvalue": fit.pvalues})
    return SurvivalResult(table=table, medians=medians, logrank=logrank, cox=cox, group=gcol,
                          level=level, n_used=len(d), n_dropped=n_dropped,
                          warnings=tuple(notes), cox_converged=converged)
