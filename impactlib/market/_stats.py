"""Interval estimates the market indicators share: ratio of sums, mean, proportion.

Examples
--------
>>> import pandas as pd
>>> d = pd.DataFrame({"g": ["a"] * 4, "y": [1.0, 2.0, 3.0, 4.0], "x": [2.0, 4.0, 5.0, 9.0]})
>>> r = ratio_table(d, ["g"], "y", "x")
>>> round(float(r["ratio"].iloc[0]), 4), int(r["n"].iloc[0])
(0.5, 4)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._util import check_level, tcrit, zcrit

__all__ = ["ratio_table", "mean_table", "wilson"]


def ratio_table(units: pd.DataFrame, keys: list[str], y: str, x: str, *, level: float = 0.95,
                clip: bool = True) -> pd.DataFrame:
    """Ratio of sums Σy/Σx per group with a linearisation (Taylor) interval.

    One row of ``units`` is one unit (an association): with :math:`R = \\sum y_i / \\sum x_i`,

    .. math::

        \\widehat{\\mathrm{Var}}(R) = \\frac{1}{n \\bar x^2} \\frac{\\sum_i (y_i - R x_i)^2}{n - 1},
        \\qquad R \\pm z_{1-\\alpha/2} \\sqrt{\\widehat{\\mathrm{Var}}(R)},

    the ratio estimator's variance without finite-population correction
    (Cochran 1977, *Sampling Techniques*, 3rd ed., eq. 6.13), clipped to
    [0, 1] for shares (``clip=True``). NaN limits when n < 2.

    Returns ``keys…, n, y, x, ratio, se, ci_low, ci_high``.
    """
    z = zcrit(check_level(level))
    d = units[keys + [y, x]].copy()
    g = d.groupby(keys, sort=True, dropna=False)
    out = g[[y, x]].sum()
    out["n"] = g.size()
    out["ratio"] = out[y] / out[x].where(out[x] > 0)
    r = d[keys].merge(out["ratio"].reset_index(), on=keys, how="left")["ratio"].to_numpy()
    d["_e2"] = (d[y].to_numpy() - r * d[x].to_numpy()) ** 2
    ss = d.groupby(keys, sort=True, dropna=False)["_e2"].sum()
    n = out["n"].astype(float)
    xbar = out[x] / n
    var = ss / (n - 1).where(n > 1) / (n * xbar**2).where(xbar > 0)
    out["se"] = np.sqrt(var)
    out["ci_low"] = out["ratio"] - z * out["se"]
    out["ci_high"] = out["ratio"] + z * out["se"]
    if clip:
        out[["ci_low", "ci_high"]] = out[["ci_low", "ci_high"]].clip(0, 1)
    return out.reset_index()[keys + ["n", y, x, "ratio", "se", "ci_low", "ci_high"]]


def mean_table(units: pd.DataFrame, keys: list[str], value: str, *, level: float = 0.95
               ) -> pd.DataFrame:
    """Mean of ``value`` per group with a t interval: ``keys…, n, mean, sd, ci_low, ci_high``.

    :math:`\\bar v \\pm t_{n-1, 1-\\alpha/2}\\, s/\\sqrt n` (NaN limits when n < 2).
    """
    level = check_level(level)
    d = units[keys + [value]].dropna(subset=[value])
    g = d.groupby(keys, sort=True, dropna=False)[value]
    out = pd.DataFrame({"n": g.size(), "mean": g.mean(), "sd": g.std(ddof=1)})
    half = tcrit(level, out["n"].to_numpy() - 1) * out["sd"].to_numpy() / np.sqrt(out["n"].to_numpy())
    out["ci_low"] = out["mean"] - half
    out["ci_high"] = out["mean"] + half
    return out.reset_index()


def wilson(k, n, *, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of k/n (:func:`impactlib.effectiveness.wilson_ci`)."""
    from ..effectiveness.reliable import wilson_ci

    return wilson_ci(np.asarray(k, dtype=float), np.asarray(n, dtype=float), level=level)
