"""Exposure to the STEA cuts (*altistuminen STEA-leikkauksille*), each part with its base year.

The STEA grant total was cut by 79,5 M€ in 2025 (from almost 384 M€ in 2024), and a further
25 M€ a year was announced for the years after (STEA 2024; :mod:`impactlib.sources.stea`).
A brief that shows one "cut" from an unnamed year hides either the cut already made or the
ones still to come, so :func:`stea_exposure` returns them separately:

* ``made`` — the 2025 cut, from base year 2024 to 2025. Where the data hold both years it is
  *observed*: each association's STEA euros in 2025 against 2024. Where they hold 2024 only it
  is a *scenario*: the national relative change applied to every STEA grant of 2024.
* ``announced`` — the cuts announced after 2025, from the base year (the data's year, at
  least 2025) to ``until``: always a *scenario*, the national relative change applied to
  every STEA grant of the base year.

An association *loses* when its STEA money falls by more than ``threshold`` of its total
funding in the base year.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2024, 2025, 2025],
...                   "source": ["stea_general", "stea_general", "fundraising"],
...                   "funder": ["STEA", "STEA", "own"], "amount_eur": [1000.0, 700.0, 300.0]})
>>> e = stea_exposure(f, year=2025)
>>> e[["part", "base_year", "end_year", "basis", "n", "n_losing", "stea_change_eur"]]
        part  base_year  end_year     basis  n  n_losing  stea_change_eur
0       made       2024      2025  observed  1         1      -300.000000
1  announced       2025      2027  scenario  1         1      -114.942529
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _util, model
from .._util import check_funding
from .scenario import scenario_summary

__all__ = ["EXPOSURE_SOURCES", "stea_exposure"]

#: The STEA grant sources the cuts apply to (source group ``stea``).
EXPOSURE_SOURCES = tuple(s for s, g in model.SOURCE_GROUPS.items() if g == "stea")

_COLUMNS = ["part", "base_year", "end_year", "basis", "national_change_meur", "national_change",
            "group", "n", "n_stea", "n_losing", "n_not_losing", "share_losing", "total_eur",
            "stea_eur", "stea_change_eur", "hidden"]


def _per_association(f: pd.DataFrame, base: int, end: int | None, change: float | None,
                     threshold: float, codes=None) -> pd.DataFrame:
    """One row per association with money in ``base``: total and STEA euros, and the STEA change
    (observed in ``end`` when ``change`` is None, else ``change`` × base STEA euros).

    ``codes`` are :func:`impactlib._util.text_codes` of ``f["org_id"]`` and the STEA rows: then
    the sums are taken on integer codes (:func:`impactlib._util.group_sums`, the floats of
    pandas' grouped sums), otherwise with pandas groupby."""
    if codes is None:
        b = f[f["year"] == base]
        stea_b = b["source"].isin(EXPOSURE_SOURCES).to_numpy()
        out = pd.DataFrame({"total_eur": b.groupby("org_id")["amount_eur"].sum()})
        stea = b[stea_b].groupby("org_id")["amount_eur"].sum().reindex(out.index)
        out["stea_eur"] = stea.fillna(0.0)
        if change is None:
            e = f[(f["year"] == end) & f["source"].isin(EXPOSURE_SOURCES)]
            after = e.groupby("org_id")["amount_eur"].sum().reindex(out.index).fillna(0.0)
            out["stea_change_eur"] = after - out["stea_eur"]
        else:
            out["stea_change_eur"] = out["stea_eur"] * float(change)
        out = out.reset_index()
    else:
        (org, values), is_stea = codes
        year, amt = f["year"].to_numpy(), f["amount_eur"].to_numpy(dtype=float)
        inb = year == base
        present, pos = _util.dense(org[inb], len(values))
        at = np.full(len(values), -1, dtype=np.int64)
        at[present] = np.arange(len(present))

        def sums(rows):  # by association present in the base year; NaN as fillna(0.0) makes it
            g = at[org[rows]]
            s = _util.group_sums(g[g >= 0], amt[rows][g >= 0], len(present))
            return np.where(np.isnan(s), 0.0, s)

        total = _util.group_sums(pos, amt[inb], len(present))
        stea = sums(inb & is_stea)
        with np.errstate(invalid="ignore", over="ignore"):  # inf − inf: NaN, as in pandas
            chg = sums((year == end) & is_stea) - stea if change is None else stea * float(change)
        out = pd.DataFrame({"org_id": values.take(present), "total_eur": total, "stea_eur": stea,
                            "stea_change_eur": chg})
    out["total_after_eur"] = out["total_eur"] + out["stea_change_eur"]
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = (out["stea_change_eur"] / out["total_eur"]).where(out["total_eur"] > 0)
    out["loses"] = (pct < -threshold).fillna(False).astype(bool)
    return out


def stea_exposure(funding: pd.DataFrame, organisations: pd.DataFrame | None = None, *, year: int,
                  until: int = 2027, threshold: float = 0.10, by: str | None = "county",
                  ) -> pd.DataFrame:
    """The STEA cut already made (2025) and the cuts announced after it, each from a named base.

    Parameters
    ----------
    funding : pandas.DataFrame
        The ``funding`` table.
    organisations : pandas.DataFrame, optional
        Needed for ``by`` (the associations' ``county`` or ``kind``).
    year : int
        The data's year: the base of the announced cuts (2025 at the earliest; from ``until``
        on nothing announced is left).
    until : int, default 2027
        Last year of the announced cuts (:func:`impactlib.sources.stea.announced_cuts`).
    threshold : float, default 0.10
        An association *loses* when its STEA money falls by more than this share of its
        total funding in the base year.
    by : {"county", "kind", None}, default "county"
        Groups besides the whole country (group ``all``); used with ``organisations``.

    Returns
    -------
    pandas.DataFrame
        One row per part and group (the groups, then ``all``): ``part`` (``made``,
        ``announced``), ``base_year``, ``end_year``, ``basis`` (``observed``, ``scenario``),
        ``national_change_meur`` and ``national_change`` (the STEA total's change from the
        base year to the end year, M€ and relative), ``group``, ``n`` (associations with
        money in the base year), ``n_stea`` (of them with STEA money), ``n_losing``,
        ``n_not_losing``, ``share_losing`` (of ``n``), ``total_eur`` (their total funding in
        the base year), ``stea_eur`` (their STEA euros in the base year),
        ``stea_change_eur`` and ``hidden`` (a count or its complement is 1–4; pass through
        :func:`impactlib.disclosure.suppress` for people). A part the data cannot give
        (no year 2024 for ``made``, no base year for ``announced``) has no rows.

    Notes
    -----
    With :math:`T_t` the national STEA total (published for 2024, implied by the
    announcement after it), the relative national change from base :math:`b` to end
    :math:`e` is :math:`c = T_e/T_b - 1`. For association :math:`j` with total funding
    :math:`A_j` and STEA euros :math:`S_j` in the base year, the STEA change is
    :math:`\\Delta_j = S_j^{(e)} - S_j` (observed) or :math:`\\Delta_j = c\\,S_j` (scenario),
    and :math:`j` loses when :math:`\\Delta_j < -\\theta A_j`. The scenario spreads the cut
    evenly over every STEA grant; the decided allocation differs (no new general grants in
    2025, larger cuts on large general grants). The sums per association are taken on
    integer codes with NumPy (pandas groupby when ``org_id`` is not plain text), the group
    counts with pandas.

    References
    ----------
    .. [1] STEA. *Kysymyksiä ja vastauksia STEA-avustuksista* (2024).
       https://stea.fi/tietoa-steasta/mita-stea-tekee/kysymyksia-ja-vastauksia-stea-avustuksista

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"], "year": [2024], "source": ["stea_general"],
    ...                   "funder": ["STEA"], "amount_eur": [1000.0]})
    >>> e = stea_exposure(f, year=2024)   # 2024 only: the 2025 cut as a scenario, nothing after
    >>> e[["part", "basis", "national_change_meur"]].to_numpy().tolist()
    [['made', 'scenario', -79.5]]
    >>> round(float(e["national_change"].iloc[0]), 4)   # 304,5 / 384 − 1
    -0.207
    """
    from ..sources import stea
    from .attributes import attach_organisation

    if not 0 <= threshold < 1:
        raise ValueError(f"threshold must be a share between 0 and 1, got {threshold}")
    f = check_funding(funding)
    totals = stea.announced_cuts(until=until).set_index("year")["total_meur"]
    first = min(stea.ANNOUNCED_CUTS_MEUR)
    prior = first - 1
    year_col = f["year"].to_numpy()
    years = {y for y in (prior, first, max(int(year), first)) if (year_col == y).any()}
    codes = _util.text_codes(f["org_id"])  # integer codes: found once for both parts
    if codes is not None:
        codes = (codes[0], codes[1]), f["source"].isin(EXPOSURE_SOURCES).to_numpy(dtype=bool)
    plan = []
    if prior in years:
        observed = first in years
        plan.append(("made", prior, first, "observed" if observed else "scenario"))
    base = max(int(year), first)
    if base < until and base in years:
        plan.append(("announced", base, until, "scenario"))
    parts = []
    for part, b, e, basis in plan:
        nat = float(totals[e] - totals[b])
        rel = float(totals[e] / totals[b] - 1.0)
        per = _per_association(f, b, e, None if basis == "observed" else rel, threshold, codes)
        if organisations is not None:
            per = attach_organisation(per, organisations, columns=["kind", "county"])
        pieces = []
        for grp in ([by] if by is not None and organisations is not None else []) + [None]:
            s = scenario_summary(per, by=grp)
            key = per[grp].astype("string").fillna("unknown").astype(str) if grp else pd.Series("all", index=per.index)
            agg = per.groupby(key.to_numpy())
            n_stea = (per["stea_eur"] > 0).groupby(key.to_numpy()).sum()
            s["n_stea"] = s["group"].map(n_stea).astype("int64")
            s["stea_eur"] = s["group"].map(agg["stea_eur"].sum())
            s["stea_change_eur"] = s["group"].map(agg["stea_change_eur"].sum())
            pieces.append(s)
        s = pd.concat(pieces, ignore_index=True)
        s.insert(0, "part", part)
        s.insert(1, "base_year", b)
        s.insert(2, "end_year", e)
        s.insert(3, "basis", basis)
        s.insert(4, "national_change_meur", nat)
        s.insert(5, "national_change", rel)
        parts.append(s)
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in _COLUMNS})
    out = pd.concat(parts, ignore_index=True)
    out = out.astype({"base_year": "int64", "end_year": "int64"})
    out.attrs["threshold"] = threshold
    return out[_COLUMNS]
