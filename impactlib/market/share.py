"""Sales share of income (*myyntitulojen osuus*) and its mix: procurement, vouchers, personal budgets.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"org_id": ["0112038-9"] * 4, "year": [2024] * 4,
...                   "source": ["procurement", "service_voucher", "stea_general", "fundraising"],
...                   "funder": ["15", "15", "STEA", "own"],
...                   "amount_eur": [600.0, 200.0, 150.0, 50.0]})
>>> sales_share(f)[["income_eur", "sales_eur", "sales_share", "procurement_share",
...                 "service_voucher_share"]]
   income_eur  sales_eur  sales_share  procurement_share  service_voucher_share
0      1000.0      800.0          0.8               0.75                   0.25
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._util import check_funding, hidden_cells
from .._validated import require_columns
from ..continuity.attributes import attach_organisation
from ._stats import ratio_table
from .rows import SALES_SOURCES, sales_rows

__all__ = ["sales_share", "sales_summary"]


def sales_share(funding: pd.DataFrame, *, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Sales share of income (*myyntitulojen osuus tuloista*) per association and year, and its mix.

    Parameters
    ----------
    funding : pandas.DataFrame
        The ``funding`` table.
    rows : pandas.DataFrame, optional
        :func:`~impactlib.market.sales_rows` of this ``funding``, where the caller has it
        already (a brief computes it once for all its market figures); computed when omitted.

    Returns
    -------
    pandas.DataFrame
        One row per association and year with income: ``org_id, year,
        income_eur, sales_eur, sales_share, public_sales_eur,
        procurement_eur, service_voucher_eur, personal_budget_eur,
        procurement_share, service_voucher_share, personal_budget_share``.
        ``income_eur`` is every source together (own fundraising and in-kind
        support included); the three ``*_share`` of the mix are shares of
        the sales (NaN without sales); ``public_sales_eur`` is sales to
        municipalities, counties and the state
        (:func:`impactlib.market.sales_rows`).

    Notes
    -----
    For association :math:`j` in year :math:`t`, with income :math:`I_{jt}`
    and sales :math:`S_{jt} = \\sum_{c} S_{cjt}` over the channels
    :math:`c` ∈ {procurement, service voucher, personal budget}:

    .. math::

        \\text{sales share}_{jt} = S_{jt} / I_{jt}, \\qquad
        \\text{mix}_{cjt} = S_{cjt} / S_{jt}.

    The channels are the sales sources of the data model; their shares sum
    to 1. Grouped sums in pandas.

    References
    ----------
    Froelich, K. A. (1999). Diversification of revenue strategies: evolving
    resource dependence in nonprofit organizations. *Nonprofit and Voluntary
    Sector Quarterly*, 28(3), 246–268 (commercial revenue as a funding
    source of its own).

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2024] * 3,
    ...                   "source": ["procurement", "personal_budget", "fundraising"],
    ...                   "funder": ["15", "15", "own"], "amount_eur": [300.0, 100.0, 100.0]})
    >>> sales_share(f)[["sales_share", "procurement_share", "personal_budget_share"]]
       sales_share  procurement_share  personal_budget_share
    0          0.8               0.75                   0.25
    """
    trusted = require_columns(funding, ["org_id", "year", "source", "amount_eur"], table="funding")
    f = funding if trusted else check_funding(funding)
    key = ["org_id", "year"]
    work = pd.DataFrame({"org_id": f["org_id"].astype(str) if not trusted else f["org_id"],
                         "year": f["year"].astype("int64"), "amount_eur": f["amount_eur"].astype(float)})
    income = work.groupby(key, sort=True)["amount_eur"].sum().rename("income_eur")
    income.index = income.index.set_levels(income.index.levels[0].astype(object), level=0)
    s = sales_rows(funding) if rows is None else rows
    by_src = s.pivot_table(index=key, columns="source", values="amount_eur", aggfunc="sum", fill_value=0.0)
    by_src = by_src.reindex(columns=list(SALES_SOURCES), fill_value=0.0)
    pub = s[s["public"]].groupby(key)["amount_eur"].sum()
    out = income.to_frame()
    out = out[out["income_eur"] > 0]
    for c in SALES_SOURCES:
        out[f"{c}_eur"] = by_src[c].reindex(out.index).fillna(0.0)
    out["sales_eur"] = out[[f"{c}_eur" for c in SALES_SOURCES]].sum(axis=1)
    out["sales_share"] = out["sales_eur"] / out["income_eur"]
    out["public_sales_eur"] = pub.reindex(out.index).fillna(0.0)
    sales = out["sales_eur"].where(out["sales_eur"] > 0)
    for c in SALES_SOURCES:
        out[f"{c}_share"] = out[f"{c}_eur"] / sales
    cols = ["income_eur", "sales_eur", "sales_share", "public_sales_eur",
            *[f"{c}_eur" for c in SALES_SOURCES], *[f"{c}_share" for c in SALES_SOURCES]]
    return out[cols].reset_index()


def sales_summary(
    shares: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    by: Sequence[str] = ("county",),
    years: tuple[int, int] | None = None,
    selling_only: bool = False,
    level: float = 0.95,
) -> pd.DataFrame:
    """Sales share and mix per kind, county (or other attribute) and year, with intervals.

    Parameters
    ----------
    shares : pandas.DataFrame
        Output of :func:`sales_share`.
    organisations : pandas.DataFrame, optional
        The ``organisations`` table, for the ``by`` attributes (``kind``,
        ``county``, ``category``, ``municipality``). Not needed for
        ``by=()``.
    by : sequence of str, default ("county",)
        Attributes to group by (empty: all associations together, group
        ``"all"``).
    years : (int, int), optional
        Pool these years (each association's sums over them are one unit);
        default: one row per year.
    selling_only : bool, default False
        Only associations with sales (in the year, or the pooled years).
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        ``<by…>, year, n, n_selling, income_eur, sales_eur, sales_share,
        ci_low, ci_high, confidence, procurement_share,
        service_voucher_share, personal_budget_share, hidden``; ``year`` is
        ``"2023–2025"`` text when ``years`` pools several. ``sales_share`` is
        the groups' euros :math:`\\sum_j S_j / \\sum_j I_j`; ``ci_low``,
        ``ci_high`` its interval with associations as units (ratio
        estimator, Cochran 1977, eq. 6.13); the mix shares are shares of the
        group's sales. ``hidden`` marks rows whose association counts
        small-cell suppression hides (1–4 associations, or 1–4 selling).

    Notes
    -----
    A ratio of sums weighs associations by their income; the mean of the
    associations' own shares (each counting once) is the other common
    summary and can differ a lot when large producers sell most.

    References
    ----------
    Cochran, W. G. (1977). *Sampling Techniques* (3rd ed.), §6.3–6.4. Wiley.

    Examples
    --------
    >>> import pandas as pd
    >>> sh = pd.DataFrame({"org_id": ["a", "b"], "year": [2024, 2024],
    ...                    "income_eur": [100.0, 300.0], "sales_eur": [50.0, 150.0],
    ...                    "procurement_eur": [50.0, 100.0], "service_voucher_eur": [0.0, 50.0],
    ...                    "personal_budget_eur": [0.0, 0.0]})
    >>> sales_summary(sh, by=())[["group", "n", "sales_share", "ci_low", "procurement_share"]]
      group  n  sales_share  ci_low  procurement_share
    0   all  2          0.5     0.5               0.75
    """
    need = ["org_id", "year", "income_eur", "sales_eur", *[f"{c}_eur" for c in SALES_SOURCES]]
    missing = [c for c in need if c not in shares.columns]
    if missing:
        raise ValueError("expected the table returned by sales_share(); missing: " + ", ".join(missing))
    by = list(by)
    d = shares[need].copy()
    if years is not None:
        a, b = int(years[0]), int(years[1])
        d = d[d["year"].between(a, b)]
        d = d.groupby("org_id", as_index=False)[need[2:]].sum()
        d["year"] = f"{a}–{b}" if a != b else str(a)
    if by:
        if organisations is None:
            raise ValueError(f"organisations is needed to group by {by}")
        d = attach_organisation(d, organisations, columns=by)
        for c in by:
            d[c] = d[c].astype("string").fillna("unknown").astype(str)
    else:
        d["group"] = "all"
        by = ["group"]
    if selling_only:
        d = d[d["sales_eur"] > 0]
    d["_selling"] = (d["sales_eur"] > 0).astype(int)
    keys = [*by, "year"]
    r = ratio_table(d, keys, "sales_eur", "income_eur", level=level)
    r = r.rename(columns={"ratio": "sales_share"}).drop(columns="se")
    g = d.groupby(keys, sort=True, dropna=False)
    r = r.merge(g["_selling"].sum().rename("n_selling").reset_index(), on=keys)
    mix = g[[f"{c}_eur" for c in SALES_SOURCES]].sum()
    tot = mix.sum(axis=1).where(lambda x: x > 0)
    for c in SALES_SOURCES:
        r = r.merge((mix[f"{c}_eur"] / tot).rename(f"{c}_share").reset_index(), on=keys)
    r["confidence"] = level
    cols = [*keys, "n", "n_selling", "income_eur", "sales_eur", "sales_share", "ci_low", "ci_high",
            "confidence", *[f"{c}_share" for c in SALES_SOURCES]]
    r = r[cols]
    # counts of associations (and of those that sold) within a year add up to a shown total
    r["hidden"] = hidden_cells(r, ["n", "n_selling"], "year") if len(r) else np.zeros(0, bool)
    return r.reset_index(drop=True)
