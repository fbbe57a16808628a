"""Buyer concentration (*ostajakeskittyneisyys*): HHI over buyers and the largest public buyer's share.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2022] * 3,
...                   "source": ["procurement"] * 3, "funder": ["179", "410", "YRITYS"],
...                   "amount_eur": [60.0, 20.0, 20.0],
...                   "buyer_type": ["municipality", "municipality", "private_company"]})
>>> buyer_concentration(f)[["n_buyers", "hhi", "top_public_buyer", "top_public_share"]]
   n_buyers   hhi top_public_buyer  top_public_share
0         3  0.44              179               0.6
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import regions
from .._util import hidden_cells
from ..continuity.attributes import attach_organisation
from ._stats import mean_table
from .rows import sales_rows

__all__ = ["buyer_concentration", "concentration_change"]


def buyer_concentration(funding: pd.DataFrame, *, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Buyer concentration of each association's sales per year: HHI and the largest public buyer.

    Parameters
    ----------
    funding : pandas.DataFrame
        The ``funding`` table (sales rows with ``buyer_type``, or buyer types
        inferred from the funder codes, see :func:`impactlib.market.sales_rows`).
    rows : pandas.DataFrame, optional
        :func:`~impactlib.market.sales_rows` of this ``funding``, where the caller has it
        already (a brief computes it once for all its market figures); computed when omitted.

    Returns
    -------
    pandas.DataFrame
        One row per association and year with sales: ``org_id, year,
        sales_eur, n_buyers, hhi, top_buyer, top_buyer_type,
        top_buyer_share, n_public_buyers, public_share, top_public_buyer,
        top_public_share, top_public_of_public``. ``top_public_share`` is
        the largest public buyer's share of all sales, 0 (``top_public_buyer``
        empty) when no public buyer bought anything; ``top_public_of_public``
        its share of the public purchases (NaN without them): 1 when one
        public buyer buys everything public.

    Notes
    -----
    A buyer is one funder code or id of a sales row (a municipality, the
    county, one company id …); rows with the same id count as one buyer, so
    private persons recorded under one id count as one. With :math:`s_b`
    buyer :math:`b`'s share of the association's sales in the year:

    .. math::

        \\mathrm{HHI} = \\sum_b s_b^2 \\in [1/n, 1], \\qquad
        \\text{top public share} = \\max_{b\\ \\text{public}} s_b, \\qquad
        \\text{top public of public} = \\frac{\\max_{b\\ \\text{public}} s_b}
        {\\sum_{b\\ \\text{public}} s_b}.

    After the reform the wellbeing services county is often the one public
    buyer: the largest public buyer's share then rises even where the total
    public money did not change.

    References
    ----------
    Hirschman, A. O. (1964). The paternity of an index. *American Economic
    Review*, 54(5), 761. Tuckman, H. P., & Chang, C. F. (1991). A
    methodology for measuring the financial vulnerability of charitable
    nonprofit organizations. *Nonprofit and Voluntary Sector Quarterly*,
    20(4), 445–460 (revenue concentration).

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 2, "year": [2023] * 2,
    ...                   "source": ["procurement", "service_voucher"], "funder": ["15", "15"],
    ...                   "amount_eur": [70.0, 30.0]})
    >>> buyer_concentration(f)[["n_buyers", "hhi", "top_public_share", "top_public_of_public"]]
       n_buyers  hhi  top_public_share  top_public_of_public
    0         1  1.0               1.0                   1.0
    """
    s = sales_rows(funding) if rows is None else rows
    key = ["org_id", "year"]
    b = s.groupby([*key, "buyer"], sort=True).agg(amount=("amount_eur", "sum"),
                                                  buyer_type=("buyer_type", "first"),
                                                  public=("public", "any")).reset_index()
    tot = b.groupby(key)["amount"].transform("sum")
    b["share"] = b["amount"] / tot
    b["_sq"] = b["share"] ** 2
    g = b.groupby(key, sort=True)
    out = pd.DataFrame({"sales_eur": g["amount"].sum(), "n_buyers": g.size(), "hhi": g["_sq"].sum()})
    top = b.sort_values([*key, "share", "buyer"], ascending=[True, True, False, True],
                        kind="mergesort").drop_duplicates(key).set_index(key)
    out["top_buyer"] = top["buyer"].astype("string")
    out["top_buyer_type"] = top["buyer_type"].astype("string")
    out["top_buyer_share"] = top["share"]
    pub = b[b["public"]]
    out["n_public_buyers"] = pub.groupby(key).size().reindex(out.index).fillna(0).astype("int64")
    out["public_share"] = pub.groupby(key)["share"].sum().reindex(out.index).fillna(0.0)
    ptop = pub.sort_values([*key, "share", "buyer"], ascending=[True, True, False, True],
                           kind="mergesort").drop_duplicates(key).set_index(key)
    out["top_public_buyer"] = ptop["buyer"].reindex(out.index).astype("string")
    out["top_public_share"] = ptop["share"].reindex(out.index).fillna(0.0)
    out["top_public_of_public"] = out["top_public_share"] / out["public_share"].where(out["public_share"] > 0)
    return out.reset_index()


def concentration_change(
    conc: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    by: str | None = None,
    reform_year: int = regions.REFORM_YEAR,
    level: float = 0.95,
    measures: Sequence[str] = ("hhi", "top_public_share", "top_public_of_public"),
) -> pd.DataFrame:
    """Buyer concentration before and after the reform, with intervals.

    Parameters
    ----------
    conc : pandas.DataFrame
        Output of :func:`buyer_concentration`.
    organisations : pandas.DataFrame, optional
        The ``organisations`` table, for ``by``.
    by : str, optional
        An attribute of the association (``"county"``, ``"kind"`` …);
        ``None``: all together (group ``"all"``).
    reform_year : int, default 2023
    level : float, default 0.95
    measures : sequence of str
        Columns of ``conc`` to summarise.

    Returns
    -------
    pandas.DataFrame
        One row per group, measure and period: ``group, measure, period, n,
        mean, ci_low, ci_high, confidence, hidden``. ``period`` is
        ``before`` (years before ``reform_year``), ``after`` (from it) or
        ``change`` (after − before, for associations with sales in both).

    Notes
    -----
    Each association's years in a period are averaged first, so each
    association counts once: :math:`\\bar m_{j,\\cdot}` over its years;
    the period's value is :math:`\\frac1n \\sum_j \\bar m_{j,\\cdot}` with a
    t interval; the change is the mean of the paired differences
    :math:`\\bar m_{j,\\text{after}} - \\bar m_{j,\\text{before}}` with a
    paired t interval (Student 1908).

    Examples
    --------
    >>> import pandas as pd
    >>> conc = pd.DataFrame({"org_id": ["a", "a", "b", "b"], "year": [2022, 2023, 2022, 2023],
    ...                      "hhi": [0.5, 1.0, 0.6, 0.9],
    ...                      "top_public_share": [0.5, 1.0, 0.6, 0.9]})
    >>> t = concentration_change(conc, measures=["hhi"])
    >>> t[["period", "n", "mean"]]
       period  n  mean
    0  before  2  0.55
    1   after  2  0.95
    2  change  2  0.40
    """
    for c in ["org_id", "year", *measures]:
        if c not in conc.columns:
            raise ValueError(f"expected the table returned by buyer_concentration(); '{c}' is missing")
    d = conc[["org_id", "year", *measures]].copy()
    d["period"] = np.where(d["year"] < int(reform_year), "before", "after")
    per = d.groupby(["org_id", "period"], sort=True)[list(measures)].mean().reset_index()
    if by is None:
        per["group"] = "all"
    else:
        if organisations is None:
            raise ValueError(f"organisations is needed to group by {by!r}")
        per = attach_organisation(per, organisations, columns=[by])
        per["group"] = per[by].astype("string").fillna("unknown").astype(str)
    parts = []
    for m in measures:
        t = mean_table(per, ["group", "period"], m, level=level)
        wide = per.pivot_table(index=["group", "org_id"], columns="period", values=m)
        if {"before", "after"} <= set(wide.columns):
            diff = (wide["after"] - wide["before"]).dropna().rename("change").reset_index()
            diff["period"] = "change"
            t = pd.concat([t, mean_table(diff, ["group", "period"], "change", level=level)],
                          ignore_index=True)
        t.insert(1, "measure", m)
        parts.append(t)
    out = pd.concat(parts, ignore_index=True)
    order = {"before": 0, "after": 1, "change": 2}
    out = out.sort_values(["group", "measure", "period"], key=lambda s: s.map(order) if s.name == "period"
                          else s, kind="mergesort").reset_index(drop=True)
    out["confidence"] = level
    out["hidden"] = hidden_cells(out, "n", ["measure", "period"]) if len(out) else np.zeros(0, bool)
    return out[["group", "measure", "period", "n", "mean", "ci_low", "ci_high", "confidence", "hidden"]]
