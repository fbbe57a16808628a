"""Small producers' access to public purchases (*pienten tuottajien pääsy julkisiin hankintoihin*).

Examples
--------
>>> SMALL_LOT_THRESHOLD_EUR
400000.0
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import regions
from .._util import hidden_cells
from ..continuity.attributes import attach_organisation
from ._stats import ratio_table, wilson
from .contracts import contracts
from .rows import sales_rows

__all__ = ["SMALL_LOT_THRESHOLD_EUR", "producer_access", "public_channels"]

#: Size below which a procurement lot counts as small: the national threshold of the Finnish
#: procurement act for social and health services (400,000 €; Act on Public Procurement and
#: Concession Contracts 1397/2016, section 25(1)(3), services of Annex E points 1–4). Below it
#: no competitive tendering under the act is required, so counties can buy in pieces a small
#: association can bid for; above it (and above the EU threshold of 750,000 € for social and
#: other specific services, Directive 2014/24/EU art. 4(d)) lots are large.
SMALL_LOT_THRESHOLD_EUR = 400_000.0

_VOUCHERS = ("service_voucher", "personal_budget")


def producer_access(
    funding: pd.DataFrame,
    organisations: pd.DataFrame,
    *,
    by: str | None = "county",
    years: tuple[int, int] | None = None,
    threshold: float = SMALL_LOT_THRESHOLD_EUR,
    level: float = 0.95,
) -> pd.DataFrame:
    """Service-producing associations' access to public purchases, per county.

    How many associations produce services, how much public money buys
    from them through vouchers and personal budgets rather than
    procurement, and how many of the procurement lots they won were small.

    Parameters
    ----------
    funding, organisations : pandas.DataFrame
        The ``funding`` and ``organisations`` tables.
    by : str, optional
        Attribute of the association (default its home ``county``);
        ``None``: all together (group ``"all"``).
    years : (int, int), optional
        Years of sales to count (default all). A contract counts when any
        of its rows falls in these years.
    threshold : float, default :data:`SMALL_LOT_THRESHOLD_EUR`
        A lot below this value is small.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per group: ``group, n_producers, n_selling_public,
        public_eur, procurement_eur, voucher_eur, personal_budget_eur,
        voucher_share, voucher_ci_low, voucher_ci_high, n_lots,
        n_small_lots, small_lot_share, small_lot_ci_low, small_lot_ci_high,
        small_lot_eur_share, threshold_eur, confidence, hidden``.

        ``n_producers``
            associations of the kind ``service_provider`` in the group;
        ``n_selling_public``
            associations (of any kind) with sales to public buyers in the
            years;
        ``voucher_share``
            (vouchers + personal budgets) / all public purchases from the
            associations, a ratio of sums with associations as units
            (Cochran 1977, eq. 6.13);
        ``n_lots``, ``n_small_lots``, ``small_lot_share``
            procurement contracts with a public buyer and a recorded lot
            value, those whose lot is below the threshold, and their share
            with a Wilson interval; ``small_lot_eur_share`` the same in
            euros of the contracts.

    Notes
    -----
    With :math:`V_j`, :math:`B_j`, :math:`P_j` association :math:`j`'s
    public sales through vouchers, personal budgets and procurement:

    .. math::

        \\text{voucher share} = \\frac{\\sum_j (V_j + B_j)}{\\sum_j (V_j + B_j + P_j)},
        \\qquad \\text{small-lot share} = \\frac{\\#\\{k : L_k < \\theta\\}}{\\#\\{k\\}}

    over contracts :math:`k` with lot value :math:`L_k` and threshold
    :math:`\\theta`. A small lot is one a small association can win alone;
    a share near 0 says the county buys in lots only large producers (or
    consortia) can bid for.

    References
    ----------
    Laki julkisista hankinnoista ja käyttöoikeussopimuksista 1397/2016,
    25 § (kansalliset kynnysarvot). Directive 2014/24/EU, art. 4(d) and 46
    (division of contracts into lots, to open procurement to small and
    medium enterprises). Cochran, W. G. (1977). *Sampling Techniques*
    (3rd ed.), §6.3–6.4. Wilson, E. B. (1927), *JASA* 22(158), 209–212.

    Examples
    --------
    >>> import pandas as pd
    >>> orgs = pd.DataFrame({"org_id": ["a", "b"], "municipality": ["179", "179"],
    ...                      "kind": ["service_provider"] * 2})
    >>> f = pd.DataFrame({"org_id": ["a", "a", "b"], "year": [2024] * 3,
    ...                   "source": ["procurement", "service_voucher", "personal_budget"],
    ...                   "funder": ["15"] * 3, "amount_eur": [300.0, 100.0, 100.0],
    ...                   "buyer_type": ["county"] * 3,
    ...                   "contract_start": ["2024-01-01", None, None],
    ...                   "contract_end": ["2025-12-31", None, None],
    ...                   "lot_value_eur": [350_000.0, None, None]})
    >>> producer_access(f, orgs)[["group", "n_producers", "voucher_share", "n_lots", "small_lot_share"]]
      group  n_producers  voucher_share  n_lots  small_lot_share
    0    15            2            0.4       1              1.0
    """
    return _access(sales_rows(funding), contracts(funding), organisations, by=by, years=years,
                   threshold=threshold, level=level)


def _access(s: pd.DataFrame, ct: pd.DataFrame, organisations: pd.DataFrame, *, by, years, threshold,
            level) -> pd.DataFrame:
    """:func:`producer_access` on sales rows and contracts already found (computed once for
    several periods by :func:`public_channels`)."""
    s = s[s["public"]]
    ct = ct[ct["source"].eq("procurement") & ct["buyer_type"].isin(["municipality", "county", "state"])
            & ct["lot_value_eur"].notna()]
    if years is not None:
        a, b = int(years[0]), int(years[1])
        s = s[s["year"].between(a, b)]
        ct = ct[(ct["contract_start"].dt.year <= b) & (ct["contract_end"].dt.year >= a)]
    orgs = organisations.drop_duplicates("org_id")
    if by is None:
        org_grp = pd.Series("all", index=orgs["org_id"].astype(str).to_numpy())
    else:
        org_grp = attach_organisation(orgs[["org_id"]], orgs, columns=[by])[by]
        org_grp = pd.Series(org_grp.astype("string").fillna("unknown").astype(str).to_numpy(),
                            index=orgs["org_id"].astype(str).to_numpy())

    def group_of(ids: pd.Series) -> np.ndarray:
        return ids.map(org_grp).fillna("unknown").to_numpy(dtype=object)

    units = s.assign(_v=np.where(s["source"].isin(_VOUCHERS), s["amount_eur"], 0.0))
    units = units.groupby("org_id", as_index=False)[["_v", "amount_eur"]].sum()
    units["group"] = group_of(units["org_id"])
    r = ratio_table(units, ["group"], "_v", "amount_eur", level=level).set_index("group")
    by_src = s.assign(group=group_of(s["org_id"])).pivot_table(index="group", columns="source",
                                                              values="amount_eur", aggfunc="sum")
    kind = orgs["kind"].astype("string") if "kind" in orgs.columns else pd.Series(pd.NA, index=orgs.index)
    prod = pd.Series((kind == "service_provider").fillna(False).to_numpy(dtype=bool), index=org_grp.index)
    n_prod = prod.groupby(org_grp).sum()
    groups = sorted(set(org_grp.unique()) | set(units["group"]))
    out = pd.DataFrame(index=pd.Index(groups, name="group"))
    out["n_producers"] = n_prod.reindex(out.index).fillna(0).astype("int64")
    out["n_selling_public"] = units[units["amount_eur"] > 0].groupby("group").size().reindex(out.index) \
        .fillna(0).astype("int64")
    out["public_eur"] = r["amount_eur"].reindex(out.index).fillna(0.0)
    for src, name in (("procurement", "procurement_eur"), ("service_voucher", "voucher_eur"),
                      ("personal_budget", "personal_budget_eur")):
        out[name] = by_src[src].reindex(out.index).fillna(0.0) if src in by_src else 0.0
    out["voucher_share"] = r["ratio"].reindex(out.index)
    out["voucher_ci_low"] = r["ci_low"].reindex(out.index)
    out["voucher_ci_high"] = r["ci_high"].reindex(out.index)
    ct = ct.assign(group=group_of(ct["org_id"]), _small=ct["lot_value_eur"] < float(threshold))
    cg = ct.groupby("group")
    out["n_lots"] = cg.size().reindex(out.index).fillna(0).astype("int64")
    out["n_small_lots"] = cg["_small"].sum().reindex(out.index).fillna(0).astype("int64")
    out["small_lot_share"] = out["n_small_lots"] / out["n_lots"].where(out["n_lots"] > 0)
    out["small_lot_ci_low"], out["small_lot_ci_high"] = wilson(out["n_small_lots"], out["n_lots"],
                                                              level=level)
    eur = ct.assign(_se=np.where(ct["_small"], ct["amount_eur"], 0.0)).groupby("group")[["_se", "amount_eur"]].sum()
    out["small_lot_eur_share"] = (eur["_se"] / eur["amount_eur"].where(eur["amount_eur"] > 0)).reindex(out.index)
    out["threshold_eur"] = float(threshold)
    out["confidence"] = level
    out = out.reset_index()
    out["hidden"] = hidden_cells(out, ["n_producers", "n_selling_public", "n_small_lots"]) if len(out) \
        else np.zeros(0, bool)
    return out


def public_channels(
    funding: pd.DataFrame,
    organisations: pd.DataFrame,
    *,
    by: str | None = "county",
    reform_year: int = regions.REFORM_YEAR,
    years: tuple[int, int] | None = None,
    level: float = 0.95,
    rows: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Public purchases from associations by channel, before and after the reform.

    :func:`producer_access` for the years before the reform and for the
    reform year on, stacked, with each channel's share of the public
    purchases (what :func:`impactlib.plots.plot_sales_channels` draws).

    Parameters
    ----------
    funding, organisations : pandas.DataFrame
    by : str, optional
        As in :func:`producer_access`; ``None``: group ``"all"``.
    reform_year : int, default 2023
    years : (int, int), optional
        The years to use (default all in the table), split at the reform.
    level : float, default 0.95
    rows : pandas.DataFrame, optional
        :func:`~impactlib.market.sales_rows` of this ``funding``, where the caller has it
        already (a brief computes it once for all its market figures); computed when omitted.

    Returns
    -------
    pandas.DataFrame
        One row per group and period (``before``, ``after``): ``group,
        period, years, n_selling_public, public_eur, procurement_share,
        service_voucher_share, personal_budget_share, voucher_share,
        voucher_ci_low, voucher_ci_high, confidence, hidden``; the three
        channel shares sum to 1 (NaN without public purchases).

    Notes
    -----
    Channel :math:`c`'s share :math:`\\sum_j P_{cj} / \\sum_j \\sum_{c'} P_{c'j}`
    of the public purchases in the period; the interval of ``voucher_share``
    as in :func:`producer_access` (Cochran 1977, eq. 6.13).

    Examples
    --------
    >>> import pandas as pd
    >>> orgs = pd.DataFrame({"org_id": ["a"], "municipality": ["179"], "kind": ["service_provider"]})
    >>> f = pd.DataFrame({"org_id": ["a"] * 3, "year": [2022, 2023, 2023],
    ...                   "source": ["procurement", "procurement", "service_voucher"],
    ...                   "funder": ["179", "15", "15"], "amount_eur": [100.0, 60.0, 40.0]})
    >>> public_channels(f, orgs, by=None)[["period", "years", "procurement_share", "voucher_share"]]
       period years  procurement_share  voucher_share
    0  before  2022                1.0            0.0
    1   after  2023                0.6            0.4
    """
    yr = pd.to_numeric(funding["year"])
    first, last = (int(yr.min()), int(yr.max())) if years is None else (int(years[0]), int(years[1]))
    r = int(reform_year)
    parts = []
    s = sales_rows(funding) if rows is None else rows
    ct = contracts(funding, rows=s)
    for period, (a, b) in (("before", (first, min(last, r - 1))), ("after", (max(first, r), last))):
        if a > b:
            continue
        t = _access(s, ct, organisations, by=by, years=(a, b), threshold=SMALL_LOT_THRESHOLD_EUR,
                    level=level)
        t.insert(1, "period", period)
        t.insert(2, "years", f"{a}–{b}" if a != b else str(a))
        parts.append(t)
    out = pd.concat(parts, ignore_index=True)
    pub = out["public_eur"].where(out["public_eur"] > 0)
    out["procurement_share"] = out["procurement_eur"] / pub
    out["service_voucher_share"] = out["voucher_eur"] / pub
    out["personal_budget_share"] = out["personal_budget_eur"] / pub
    # the channel shares of fewer than 5 selling associations would describe them one by one
    out["hidden"] = hidden_cells(out, ["n_selling_public"], "period") if len(out) else np.zeros(0, bool)
    return out[["group", "period", "years", "n_selling_public", "public_eur", "procurement_share",
                "service_voucher_share", "personal_budget_share", "voucher_share", "voucher_ci_low",
                "voucher_ci_high", "confidence", "hidden"]]
