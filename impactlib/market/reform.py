"""What happened to associations' public sales at the reform (*myynnin siirtymä 2022→2023*).

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2022, 2023, 2023],
...                   "source": ["procurement", "service_voucher", "personal_budget"],
...                   "funder": ["179", "15", "15"], "amount_eur": [1000.0, 500.0, 300.0]})
>>> orgs = pd.DataFrame({"org_id": ["0112038-9"], "municipality": ["179"],
...                      "kind": ["service_provider"]})
>>> sales_transition(f, orgs)[["county", "before_eur", "county_voucher_eur", "outcome"]]
  county  before_eur  county_voucher_eur            outcome
0     15      1000.0               800.0  replaced_vouchers
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import labels, regions
from .._util import hidden_cells
from ..continuity.attributes import attach_organisation, municipal_successors
from ._stats import wilson
from .rows import sales_rows

__all__ = ["SALES_TRANSITIONS", "sales_transition", "transition_summary"]

#: Outcomes of public sales at the reform: code -> (Finnish, English)
#: (the catalogue :data:`impactlib.labels.SALES_TRANSITIONS`).
SALES_TRANSITIONS: dict[str, tuple[str, str]] = labels.SALES_TRANSITIONS

_VOUCHERS = ("service_voucher", "personal_budget")


def sales_transition(
    funding: pd.DataFrame,
    organisations: pd.DataFrame,
    *,
    reform_year: int = regions.REFORM_YEAR,
    rows: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """What happened to each association's public sales at the reform, by county.

    For every association that sold to municipalities in the year before the
    reform, its sales in the reform year to the same municipalities and to
    their wellbeing services county are compared with what it sold before.

    Parameters
    ----------
    funding, organisations : pandas.DataFrame
        The ``funding`` and ``organisations`` tables. Buyer types come from
        ``buyer_type`` or are inferred from the funder code
        (:func:`impactlib.market.sales_rows`).
    reform_year : int, default 2023
    rows : pandas.DataFrame, optional
        :func:`~impactlib.market.sales_rows` of this ``funding``, where the caller has it
        already (a brief computes it once for all its market figures); computed when omitted.

    Returns
    -------
    pandas.DataFrame
        One row per association and county of the buying municipalities:
        ``org_id, county, home_county, kind, municipalities, before_eur,
        before_procurement_eur, before_voucher_eur, municipality_eur,
        county_procurement_eur, county_voucher_eur, total_eur, ratio,
        in_house_recorded, outcome``. ``*_voucher_eur`` are service
        vouchers and personal budgets together; ``outcome`` is one of
        :data:`SALES_TRANSITIONS`.

    Notes
    -----
    With :math:`B = B_p + B_v` the sales to the municipalities in the year
    before (procurement :math:`B_p`, vouchers and personal budgets
    :math:`B_v`), and in the reform year :math:`M` to the same
    municipalities, :math:`C_p` and :math:`C_v` to their county:

    .. math::

        \\text{outcome} = \\begin{cases}
        \\text{in\\_house} & M + C_p + C_v = 0 \\text{ and an in-house end recorded} \\\\
        \\text{lost} & M + C_p + C_v = 0 \\\\
        \\text{continued\\_municipality} & M \\ge C_p + C_v \\\\
        \\text{replaced\\_vouchers} & B_p > B_v \\text{ and } C_v > C_p \\\\
        \\text{moved\\_county} & \\text{otherwise.}
        \\end{cases}

    *In-house where recorded*: a sales row of the year before to those
    municipalities whose ``contract_end_reason`` is ``in_house``; without
    such a record the association counts as ``lost``. *Replaced by
    vouchers*: the county buys mainly through vouchers and personal budgets
    from an association whose municipal sales were mainly procurement; an
    association that sold through vouchers before and still does has moved
    to the county. A municipality merged later counts under its successor.
    Computed with grouped pandas operations.

    References
    ----------
    Laki sosiaali- ja terveydenhuollon järjestämisestä 612/2021 and its
    implementing act 616/2021 (the transfer of the municipalities'
    service contracts to the wellbeing services counties on 1.1.2023).

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9", "0112038-9", "0116297-6"],
    ...                   "year": [2022, 2023, 2022], "source": ["procurement"] * 3,
    ...                   "funder": ["179", "15", "179"], "amount_eur": [100.0, 90.0, 50.0]})
    >>> orgs = pd.DataFrame({"org_id": ["0112038-9", "0116297-6"], "municipality": ["179"] * 2,
    ...                      "kind": ["service_provider"] * 2})
    >>> sales_transition(f, orgs)[["org_id", "before_eur", "county_procurement_eur", "outcome"]]
          org_id  before_eur  county_procurement_eur       outcome
    0  0112038-9       100.0                    90.0  moved_county
    1  0116297-6        50.0                     0.0          lost
    """
    r = int(reform_year)
    s = sales_rows(funding) if rows is None else rows
    succ = municipal_successors()
    mun = s[s["buyer_type"] == "municipality"].copy()
    mun["buyer"] = mun["buyer"].map(lambda v: succ.get(v, v))
    before = mun[mun["year"] == r - 1].copy()
    if before.empty:
        raise ValueError(f"no sales to municipalities in {r - 1} (the year before the reform) in the data")
    before["county"] = regions.county_of(before["buyer"]).astype("string").to_numpy()
    before = before[before["county"].notna()]
    before["_vpb"] = before["source"].isin(_VOUCHERS).to_numpy()
    keys = ["org_id", "county"]
    g = before.groupby(keys, sort=True)
    out = pd.DataFrame({
        "municipalities": g["buyer"].agg(lambda x: " ".join(sorted(set(x)))),
        "before_eur": g["amount_eur"].sum(),
        "before_procurement_eur": before[~before["_vpb"]].groupby(keys)["amount_eur"].sum(),
        "before_voucher_eur": before[before["_vpb"]].groupby(keys)["amount_eur"].sum(),
    })
    out[["before_procurement_eur", "before_voucher_eur"]] = out[["before_procurement_eur",
                                                                 "before_voucher_eur"]].fillna(0.0)
    rel = before[[*keys, "buyer"]].drop_duplicates()
    after_m = mun[mun["year"] == r].merge(rel, on=["org_id", "buyer"])
    out["municipality_eur"] = after_m.groupby(keys)["amount_eur"].sum().reindex(out.index).fillna(0.0)
    cty = s[(s["buyer_type"] == "county") & (s["year"] == r)].rename(columns={"buyer": "county"})
    cty["_vpb"] = cty["source"].isin(_VOUCHERS).to_numpy()
    for name, part in (("county_procurement_eur", cty[~cty["_vpb"]]), ("county_voucher_eur", cty[cty["_vpb"]])):
        out[name] = part.groupby(keys)["amount_eur"].sum().reindex(out.index).fillna(0.0)
    out["total_eur"] = out["municipality_eur"] + out["county_procurement_eur"] + out["county_voucher_eur"]
    out["ratio"] = out["total_eur"] / out["before_eur"]
    ih = before[(before["contract_end_reason"] == "in_house").fillna(False).to_numpy(dtype=bool)]
    out["in_house_recorded"] = out.index.isin(pd.MultiIndex.from_frame(ih[keys].drop_duplicates()))
    m, cp, cv = (out[c].to_numpy() for c in ("municipality_eur", "county_procurement_eur", "county_voucher_eur"))
    bp, bv = out["before_procurement_eur"].to_numpy(), out["before_voucher_eur"].to_numpy()
    none = (m + cp + cv) <= 0
    out["outcome"] = pd.array(np.select(
        [none & out["in_house_recorded"].to_numpy(), none, m >= cp + cv, (bp > bv) & (cv > cp)],
        ["in_house", "lost", "continued_municipality", "replaced_vouchers"], "moved_county"), dtype="string")
    out = out.reset_index()
    attrs = attach_organisation(out[["org_id"]], organisations, columns=["county", "kind"])
    out.insert(2, "home_county", attrs["county"].to_numpy())
    out.insert(3, "kind", attrs["kind"].to_numpy())
    out["county"] = out["county"].astype("string")
    out.attrs["reform_year"] = r
    return out


def transition_summary(tr: pd.DataFrame, *, by: str | None = "county", level: float = 0.95
                       ) -> pd.DataFrame:
    """Reform outcomes of public sales per county (or kind): counts, shares with intervals, euros.

    Parameters
    ----------
    tr : pandas.DataFrame
        Output of :func:`sales_transition`.
    by : {"county", "home_county", "kind", None}
        ``None``: one group ``"all"``.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per group and outcome (all five, zeros included): ``group,
        outcome, n, n_group, share, ci_low, ci_high, confidence,
        before_eur, after_eur, hidden``. ``share`` = n / n_group with a
        Wilson score interval; ``hidden`` marks cells small-cell suppression
        hides (1–4 associations, their complements, groups under 5). For
        people, pass the table through :func:`impactlib.disclosure.suppress`
        (``counts=["n"], dependent=["share", "ci_low", "ci_high",
        "before_eur", "after_eur"], groups="group"``).

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA*, 22(158), 209–212.

    Examples
    --------
    >>> import pandas as pd
    >>> tr = pd.DataFrame({"county": ["15"] * 10, "outcome": ["lost"] * 2 + ["moved_county"] * 8,
    ...                    "before_eur": [1.0] * 10, "total_eur": [0.0] * 2 + [1.0] * 8})
    >>> s = transition_summary(tr)
    >>> s.loc[s["outcome"] == "moved_county", ["n", "share", "ci_low", "ci_high"]].round(3)
       n  share  ci_low  ci_high
    1  8    0.8    0.49    0.943
    """
    for c in ("outcome", "before_eur", "total_eur"):
        if c not in tr.columns:
            raise ValueError(f"expected the table returned by sales_transition(); '{c}' is missing")
    if by is None:
        grp = pd.Series("all", index=tr.index)
    else:
        if by not in tr.columns:
            raise ValueError(f"by={by!r} is not a column of the transition table")
        grp = tr[by].astype("string").fillna("unknown")
    d = tr.assign(group=grp.astype(str).to_numpy())
    g = d.groupby(["group", "outcome"])
    agg = pd.DataFrame({"n": g.size(), "before_eur": g["before_eur"].sum(), "after_eur": g["total_eur"].sum()})
    full = pd.MultiIndex.from_product([sorted(d["group"].unique()), list(SALES_TRANSITIONS)],
                                      names=["group", "outcome"])
    out = agg.reindex(full).reset_index()
    out["n"] = out["n"].fillna(0).astype("int64")
    out[["before_eur", "after_eur"]] = out[["before_eur", "after_eur"]].fillna(0.0)
    out["n_group"] = out.groupby("group")["n"].transform("sum")
    out["share"] = out["n"] / out["n_group"]
    out["ci_low"], out["ci_high"] = wilson(out["n"], out["n_group"], level=level)
    out["confidence"] = level
    small_group = ((out["n_group"] > 0) & (out["n_group"] < 5)).to_numpy()
    out["hidden"] = hidden_cells(out, "n", "group") | small_group
    return out[["group", "outcome", "n", "n_group", "share", "ci_low", "ci_high", "confidence",
                "before_eur", "after_eur", "hidden"]]
