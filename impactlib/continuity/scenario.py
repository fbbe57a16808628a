"""Cut scenario (*leikkausskenaario*): association totals after relative changes by source.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"org_id": ["0112038-9"], "year": [2024], "source": ["stea_general"],
...                   "funder": ["STEA"], "amount_eur": [100_000.0]})
>>> scenario(f, {"stea_general": -0.2})[["total_after_eur", "change_pct", "loses"]]
   total_after_eur  change_pct  loses
0          80000.0        -0.2   True
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import _util, model
from .._util import check_funding
from ..disclosure import THRESHOLD, suppression_mask
from .attributes import attach_organisation

__all__ = ["STEA_SOURCES", "scenario", "scenario_summary", "stea_cut_plan", "stea_cut_scenario"]

#: The STEA grant sources the announced cuts apply to.
STEA_SOURCES = ("stea_general", "stea_targeted", "stea_project")


def _rules(changes) -> pd.DataFrame:
    if isinstance(changes, Mapping):
        rules = pd.DataFrame({"source": list(changes), "change": list(changes.values())})
    else:
        rules = pd.DataFrame(list(changes) if not isinstance(changes, pd.DataFrame) else changes)
    if "source" not in rules.columns or "change" not in rules.columns:
        raise ValueError("each change needs a 'source' and a relative 'change' (e.g. -0.1 for −10 %)")
    rules = rules.copy()
    for c, default in (("min_eur", 0.0), ("max_eur", np.inf)):
        if c not in rules.columns:
            rules[c] = default
        rules[c] = pd.to_numeric(rules[c]).fillna(default).astype(float)
    rules["change"] = pd.to_numeric(rules["change"]).astype(float)
    unknown = sorted(set(rules["source"]) - set(model.SOURCES))
    if unknown:
        raise ValueError("unknown source(s) in the scenario: " + ", ".join(unknown))
    if (rules["change"] < -1).any():
        raise ValueError("a change cannot be below −1 (−100 %: the money stops)")
    return rules[["source", "change", "min_eur", "max_eur"]].reset_index(drop=True)


def scenario(
    funding: pd.DataFrame,
    changes,
    *,
    organisations: pd.DataFrame | None = None,
    year: int | None = None,
    threshold: float = 0.10,
) -> pd.DataFrame:
    """Cut scenario (*leikkausskenaario*): association totals after relative changes by source.

    Parameters
    ----------
    funding : pandas.DataFrame
    changes : dict or list of dict or pandas.DataFrame
        ``{source: change}`` (e.g. ``{"stea_general": -0.10}`` for −10 %),
        or rules with keys ``source, change`` and optionally ``min_eur``
        (inclusive) and ``max_eur`` (exclusive): the association's euros
        from that source in the year must lie in ``[min_eur, max_eur)``
        for the rule to apply, e.g. −19 % for STEA general grants of 1 M€
        or more and −10 % below. Rules of one source must not overlap.
    organisations : pandas.DataFrame, optional
        Adds ``kind`` and ``county`` (home county).
    year : int, optional
        Base year; default the last year in the table.
    threshold : float, default 0.10
        An association *loses* when its total falls by more than this share.

    Returns
    -------
    pandas.DataFrame
        One row per association with money in the base year: ``org_id,
        year, total_eur, total_after_eur, change_eur, change_pct, loses``
        (+ ``kind, county``). ``change_pct`` is 0–1 of the total (negative
        for a loss), NaN when the total is 0 €.

    Notes
    -----
    With :math:`a_{js}` the euros of association :math:`j` from source
    :math:`s` in the base year and :math:`c_{js}` the change of the rule
    that applies (0 if none):

    .. math::

        T'_j = \\sum_s a_{js} (1 + c_{js}), \\qquad
        \\mathrm{loses}_j = \\left[\\frac{T'_j - T_j}{T_j} < -\\theta\\right].

    The sums are taken on integer codes of ``org_id`` and ``source`` with NumPy, as pandas'
    grouped sums add them (pandas groupby when a key is categorical or has missing values).

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 2 + ["0116297-6"],
    ...                   "year": [2024] * 3,
    ...                   "source": ["stea_general", "fundraising", "stea_general"],
    ...                   "funder": ["STEA", "own", "STEA"],
    ...                   "amount_eur": [2_000_000.0, 500_000.0, 100_000.0]})
    >>> rules = [{"source": "stea_general", "change": -0.19, "min_eur": 1e6},
    ...          {"source": "stea_general", "change": -0.10, "max_eur": 1e6}]
    >>> scenario(f, rules)[["org_id", "total_eur", "total_after_eur", "change_pct", "loses"]]
          org_id  total_eur  total_after_eur  change_pct  loses
    0  0112038-9  2500000.0        2120000.0      -0.152   True
    1  0116297-6   100000.0          90000.0      -0.100  False
    """
    f = check_funding(funding)
    rules = _rules(changes)
    y = int(f["year"].max()) if year is None else int(year)
    f = f.loc[(f["year"] == y).to_numpy(), ["org_id", "source", "amount_eur"]]
    if f.empty:
        raise ValueError(f"no funding rows in the base year {y}")
    out = _totals_on_codes(f, rules)
    if out is None:
        out = _totals_grouped(f, rules)
    out.insert(1, "year", y)
    out["change_eur"] = out["total_after_eur"] - out["total_eur"]
    out["change_pct"] = (out["change_eur"] / out["total_eur"]).where(out["total_eur"] > 0)
    out["loses"] = (out["change_pct"] < -threshold).fillna(False).astype(bool)
    if organisations is not None:
        out = attach_organisation(out, organisations, columns=["kind", "county"])
    out.attrs["rules"] = rules
    out.attrs["threshold"] = threshold
    return out


def _overlap(sources) -> ValueError:
    src = ", ".join(sorted(set(sources)))
    return ValueError(f"scenario rules overlap for source(s) {src}: give each amount one rule")


def _totals_grouped(f: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame:
    """``org_id, total_eur, total_after_eur`` of the base year's rows (pandas groupby)."""
    a = f.groupby(["org_id", "source"], sort=True)["amount_eur"].sum().reset_index()
    m = a.reset_index().merge(rules, on="source", how="inner")
    m = m[(m["amount_eur"] >= m["min_eur"]) & (m["amount_eur"] < m["max_eur"])]
    dup = m["index"].duplicated(keep=False)
    if dup.any():
        raise _overlap(m.loc[dup, "source"].unique())
    a["change"] = m.set_index("index")["change"].reindex(a.index).fillna(0.0)
    a["after"] = a["amount_eur"] * (1.0 + a["change"])
    g = a.groupby("org_id", sort=True)
    out = pd.DataFrame({"total_eur": g["amount_eur"].sum(), "total_after_eur": g["after"].sum()})
    return out.reset_index()


def _totals_on_codes(f: pd.DataFrame, rules: pd.DataFrame) -> pd.DataFrame | None:
    """:func:`_totals_grouped` on integer codes: the same rows and floats (None: not plain text).

    Euros per association and source are pandas' grouped sums
    (:func:`impactlib._util.group_sums`), then the association totals are summed in the
    order ``org_id, source`` as pandas sums them.
    """
    org, src = _util.text_codes(f["org_id"]), _util.text_codes(f["source"])
    if org is None or src is None:
        return None
    ns = len(src[1])
    k, inv = _util.dense(org[0] * ns + src[0], len(org[1]) * ns)
    a = _util.group_sums(inv, f["amount_eur"].to_numpy(dtype=float), len(k))
    code = {v: i for i, v in enumerate(np.asarray(src[1], dtype=object).tolist())}
    change, hits = np.zeros(len(k)), np.zeros(len(k), dtype=np.int64)
    for r in rules.itertuples(index=False):  # a few rules
        if r.source not in code:
            continue
        with np.errstate(invalid="ignore"):
            on = (k % ns == code[r.source]) & (a >= r.min_eur) & (a < r.max_eur)
        change[on], hits = r.change, hits + on
    if (hits > 1).any():
        raise _overlap(np.asarray(src[1], dtype=object)[k[hits > 1] % ns].tolist())
    change = np.where(np.isnan(change), 0.0, change)  # as fillna(0.0)
    present, pos = _util.dense(k // ns, len(org[1]))
    with np.errstate(invalid="ignore", over="ignore"):  # inf × 0: NaN, as in pandas
        after = a * (1.0 + change)
    return pd.DataFrame({"org_id": org[1].take(present),
                         "total_eur": _util.group_sums(pos, a, len(present)),
                         "total_after_eur": _util.group_sums(pos, after, len(present))})


def scenario_summary(sc: pd.DataFrame, *, by: str | None = "kind") -> pd.DataFrame:
    """Share of associations losing more than the threshold, by kind or county.

    Parameters
    ----------
    sc : pandas.DataFrame
        Output of :func:`scenario` (with ``organisations`` for ``by``).
    by : {"kind", "county", None}

    Returns
    -------
    pandas.DataFrame
        ``group, n, n_losing, n_not_losing, share_losing, total_eur,
        total_after_eur, change_eur, hidden``; ``hidden`` marks rows where
        ``n_losing`` or ``n_not_losing`` is 1–4 (either reveals the other).
        For people: ``disclosure.suppress(t, ["n", "n_losing",
        "n_not_losing"], across=True, dependent=["share_losing"])``.

    Examples
    --------
    >>> sc = pd.DataFrame({"kind": ["volunteer"] * 6, "loses": [True] * 5 + [False],
    ...                    "total_eur": [10.0] * 6, "total_after_eur": [8.0] * 6})
    >>> scenario_summary(sc)[["group", "n", "n_losing", "share_losing", "change_eur"]]
           group  n  n_losing  share_losing  change_eur
    0  volunteer  6         5      0.833333       -12.0
    """
    for c in ("loses", "total_eur", "total_after_eur"):
        if c not in sc.columns:
            raise ValueError(f"expected the table returned by scenario(); column '{c}' is missing")
    d = sc.copy()
    if by is None:
        d["group"] = "all"
    else:
        if by not in d.columns:
            raise ValueError(f"by={by!r} is not a column (pass organisations to scenario)")
        d["group"] = d[by].astype("string").fillna("unknown").astype(str)
    g = d.groupby("group", sort=True)
    out = pd.DataFrame({"n": g.size(), "n_losing": g["loses"].sum(),
                        "total_eur": g["total_eur"].sum(),
                        "total_after_eur": g["total_after_eur"].sum()}).reset_index()
    out["n_losing"] = out["n_losing"].astype("int64")
    out["share_losing"] = out["n_losing"] / out["n"]
    out["change_eur"] = out["total_after_eur"] - out["total_eur"]
    out["n_not_losing"] = out["n"] - out["n_losing"]
    prim, sec = suppression_mask(out, ["n_losing", "n_not_losing"], threshold=THRESHOLD,
                                 across=True, groups="group")
    small = ((out["n"] > 0) & (out["n"] < THRESHOLD)).to_numpy()
    out["hidden"] = (prim | sec).any(axis=1).to_numpy() | small
    return out[["group", "n", "n_losing", "n_not_losing", "share_losing", "total_eur",
                "total_after_eur", "change_eur", "hidden"]]


def stea_cut_plan(funding: pd.DataFrame, *, year: int, until: int = 2027) -> dict:
    """The announced STEA cuts as one relative change from a base year to ``until``.

    Parameters
    ----------
    funding : pandas.DataFrame
        The ``funding`` table: the base year must be one of its years.
    year : int
        The year of the data the cut is measured from; clipped to the years of the
        announcement (2024 … ``until``).
    until : int, default 2027
        Last year of the announced cuts (:func:`impactlib.sources.stea.announced_cuts`).

    Returns
    -------
    dict
        ``{"base": int, "until": int, "change": float or None}``: ``change`` is the relative
        change of the STEA total from ``base`` to ``until`` (negative for a cut), ``None``
        when no cut is announced after ``base`` or the data hold no year ``base``.

    Notes
    -----
    With :math:`T_t` the STEA total implied by the announcement in year :math:`t`
    (:func:`impactlib.sources.stea.announced_cuts`) and :math:`b` the base year:

    .. math::

        c = \\frac{T_{\\text{until}}}{T_b} - 1 .

    The same relative change for every STEA grant is an assumption of the scenario, not a
    decided allocation.

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"], "year": [2025], "source": ["stea_general"],
    ...                   "funder": ["STEA"], "amount_eur": [1000.0]})
    >>> plan = stea_cut_plan(f, year=2025)
    >>> plan["base"], plan["until"], round(plan["change"], 4)
    (2025, 2027, -0.1642)
    >>> stea_cut_plan(f, year=2023)["change"] is None  # 2024: no funding that year
    True
    """
    from ..sources import stea

    cuts = stea.announced_cuts(until=until).set_index("year")["total_meur"]
    base = min(max(int(year), int(cuts.index.min())), until)
    years = pd.to_numeric(funding["year"], errors="coerce")
    ints = years.to_numpy(dtype=float, na_value=np.nan)
    if np.isinf(ints).any():  # astype(int) refuses them, with pandas' message
        years.dropna().astype(int)
    if base >= until or not (np.trunc(ints) == base).any():  # a year as astype(int) reads it
        return {"base": base, "until": until, "change": None}
    return {"base": base, "until": until, "change": float(cuts[until] / cuts[base] - 1.0)}


def stea_cut_scenario(
    funding: pd.DataFrame,
    plan: dict,
    *,
    organisations: pd.DataFrame | None = None,
    threshold: float = 0.10,
) -> pd.DataFrame | None:
    """The cut :func:`scenario` of a :func:`stea_cut_plan`: every STEA grant changed alike.

    Parameters
    ----------
    funding : pandas.DataFrame
    plan : dict
        From :func:`stea_cut_plan`.
    organisations : pandas.DataFrame, optional
        Adds ``kind`` and ``county`` (for :func:`scenario_summary` by county or kind).
    threshold : float, default 0.10
        An association *loses* when its total falls by more than this share.

    Returns
    -------
    pandas.DataFrame or None
        :func:`scenario` in the plan's base year with the plan's change on
        :data:`STEA_SOURCES`; ``None`` when the plan has no change.

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 2, "year": [2025] * 2,
    ...                   "source": ["stea_general", "fundraising"], "funder": ["STEA", "own"],
    ...                   "amount_eur": [900.0, 100.0]})
    >>> sc = stea_cut_scenario(f, {"base": 2025, "until": 2027, "change": -0.2})
    >>> sc[["total_eur", "total_after_eur", "change_pct", "loses"]]
       total_eur  total_after_eur  change_pct  loses
    0     1000.0            820.0       -0.18   True
    """
    if plan.get("change") is None:
        return None
    changes = {s: plan["change"] for s in STEA_SOURCES}
    return scenario(funding, changes, organisations=organisations, year=plan["base"],
                    threshold=threshold)

