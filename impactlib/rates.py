"""Rates per 1,000 inhabitants with exact Poisson intervals, and which areas they can rank.

A rate such as associations or participations per 1,000 inhabitants is a count over a
population. Two areas whose rates differ by 0,01 are not "higher" and "lower" in any sense a
reader should act on: :func:`rate_intervals` gives each rate its exact (Garwood) Poisson
interval, and :func:`rate_extremes` names the highest and lowest area only when their
intervals do not overlap, so that notebooks and briefs rank areas only where the counts can
carry it.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"code": ["a", "b"], "n": [10, 40], "population": [10_000, 10_000]})
>>> rate_intervals(t).round(3)[["code", "per_1000", "ci_low", "ci_high"]]
  code  per_1000  ci_low  ci_high
0    a       1.0   0.480    1.839
1    b       4.0   2.858    5.447
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["RateExtremes", "poisson_ci", "rate_extremes", "rate_intervals"]


def poisson_ci(count, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood 1936) confidence interval of a Poisson count.

    Parameters
    ----------
    count : int or array-like of int
        Observed counts (≥ 0).
    level : float
        Confidence level.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper limits of the expected count; the lower limit is 0 for a count of 0.

    Notes
    -----
    :math:`[\\chi^2_{\\alpha/2}(2x)/2,\\ \\chi^2_{1-\\alpha/2}(2x+2)/2]`, as R's
    ``poisson.test`` (scipy's ``chi2.ppf``).

    Examples
    --------
    >>> lo, hi = poisson_ci(10)
    >>> round(float(lo), 4), round(float(hi), 4)
    (4.7954, 18.3904)
    """
    from scipy.stats import chi2

    x = np.asarray(count, dtype=float)
    alpha = 1.0 - level
    with np.errstate(invalid="ignore"):
        lo = np.where(x > 0, chi2.ppf(alpha / 2, 2 * x) / 2, 0.0)
    hi = chi2.ppf(1 - alpha / 2, 2 * x + 2) / 2
    return lo, hi


def rate_intervals(table: pd.DataFrame, *, count: str = "n", population: str = "population",
                   per: float = 1000.0, level: float = 0.95) -> pd.DataFrame:
    """Add the rate per ``per`` inhabitants and its exact Poisson interval to a table.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per area with a count column and a population column (for example
        :func:`impactlib.field.association_counts`).
    count, population : str
        Column names.
    per : float
        Rate per this many inhabitants.
    level : float
        Confidence level.

    Returns
    -------
    pandas.DataFrame
        A copy with ``per_1000`` (named for the default ``per``; ``rate`` otherwise),
        ``ci_low`` and ``ci_high``.
    """
    out = table.copy()
    lo, hi = poisson_ci(out[count].to_numpy(), level)
    pop = out[population].to_numpy(float)
    name = "per_1000" if per == 1000.0 else "rate"
    out[name] = per * out[count].to_numpy(float) / pop
    out["ci_low"] = per * lo / pop
    out["ci_high"] = per * hi / pop
    return out


@dataclass(frozen=True)
class RateExtremes:
    """The lowest and highest rate of a set of areas and whether they can be ranked.

    Attributes
    ----------
    low, high : pandas.Series
        The rows of the lowest and highest rate (with ``ci_low``, ``ci_high``).
    distinguishable : bool
        True when the two intervals do not overlap: only then may a text say one area has
        more than the other.
    """

    low: pd.Series
    high: pd.Series
    distinguishable: bool


def rate_extremes(table: pd.DataFrame, *, count: str = "n", population: str = "population",
                  level: float = 0.95) -> RateExtremes:
    """The areas with the lowest and highest rate per 1,000, and whether they differ.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per area (shown areas only: leave suppressed ones out before calling).
    count, population : str
        Column names.
    level : float
        Confidence level of the exact Poisson intervals (:func:`poisson_ci`).

    Returns
    -------
    RateExtremes

    Examples
    --------
    >>> t = pd.DataFrame({"code": ["a", "b", "c"], "n": [180, 181, 400],
    ...                   "population": [100_000, 100_000, 100_000]})
    >>> r = rate_extremes(t)
    >>> r.low["code"], r.high["code"], r.distinguishable
    ('a', 'c', True)
    >>> rate_extremes(t.iloc[:2]).distinguishable
    False
    """
    r = rate_intervals(table, count=count, population=population, level=level)
    r = r.sort_values("per_1000", kind="stable")
    low, high = r.iloc[0], r.iloc[-1]
    return RateExtremes(low=low, high=high, distinguishable=bool(high["ci_low"] > low["ci_high"]))
