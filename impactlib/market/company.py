"""Incorporation (*yhtiöittäminen*): service producers that run their services through a company.

Examples
--------
>>> import pandas as pd
>>> orgs = pd.DataFrame({"org_id": list("abcde"), "municipality": ["179"] * 5,
...                      "kind": ["service_provider"] * 5,
...                      "operates_company": [True, False, False, None, True],
...                      "company_since": [2019, None, None, None, 2021]})
>>> incorporation(orgs, by=None)[["n_producers", "n_known", "n_company", "share", "first_year"]]
   n_producers  n_known  n_company  share  first_year
0            5        4          2    0.5        2019
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import regions
from .._util import hidden_cells
from ..continuity.attributes import attach_organisation
from ._stats import ratio_table, wilson

__all__ = ["incorporation", "incorporation_timeline", "company_sales_change"]


def _producers(organisations: pd.DataFrame, by: str | None) -> pd.DataFrame:
    for c in ("org_id", "kind", "operates_company"):
        if c not in organisations.columns:
            raise ValueError(f"organisations has no column '{c}' (operates_company is optional in the "
                             "data model; add it to use the incorporation indicators)")
    o = organisations.drop_duplicates("org_id")
    o = o[(o["kind"].astype("string") == "service_provider").fillna(False).to_numpy(dtype=bool)]
    d = pd.DataFrame({"org_id": o["org_id"].astype(str).to_numpy(),
                      "company": pd.array(o["operates_company"].to_numpy(dtype=object), dtype="boolean"),
                      "since": pd.to_numeric(o.get("company_since", pd.Series(np.nan, index=o.index)),
                                             errors="coerce").to_numpy(dtype=float)})
    if by is None:
        d["group"] = "all"
    else:
        d["group"] = attach_organisation(d[["org_id"]], o, columns=[by])[by].astype("string") \
            .fillna("unknown").astype(str).to_numpy()
    return d


def incorporation(organisations: pd.DataFrame, *, by: str | None = "county", level: float = 0.95
                  ) -> pd.DataFrame:
    """Share of service producers operating through a company they own, and since when.

    Parameters
    ----------
    organisations : pandas.DataFrame
        The ``organisations`` table with ``kind`` and the optional
        ``operates_company`` and ``company_since``.
    by : str, optional
        Attribute to group by (default the home ``county``); ``None``: all.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        One row per group: ``group, n_producers, n_known, n_company, share,
        ci_low, ci_high, confidence, first_year, median_year, hidden``.
        ``n_known`` producers say whether they run a company; ``share`` =
        n_company / n_known with a Wilson interval; ``first_year`` and
        ``median_year`` of ``company_since`` among the companies.

    Notes
    -----
    Only associations of the kind ``service_provider`` count. An empty
    ``operates_company`` is unknown, not "no". Share :math:`k/n` with the
    Wilson score interval.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA*, 22(158), 209–212.

    Examples
    --------
    >>> import pandas as pd
    >>> orgs = pd.DataFrame({"org_id": list("ab"), "municipality": ["179", "091"],
    ...                      "kind": ["service_provider"] * 2, "operates_company": [True, False],
    ...                      "company_since": [2020, None]})
    >>> incorporation(orgs)[["group", "n_known", "n_company", "share"]]
      group  n_known  n_company  share
    0    15        1          1    1.0
    1    90        1          0    0.0
    """
    d = _producers(organisations, by)
    g = d.groupby("group", sort=True)
    out = pd.DataFrame({"n_producers": g.size(), "n_known": g["company"].count(),
                        "n_company": g["company"].apply(lambda x: int(x.fillna(False).sum()))})
    comp = d[d["company"].fillna(False).to_numpy(dtype=bool)]
    out["share"] = out["n_company"] / out["n_known"].where(out["n_known"] > 0)
    out["ci_low"], out["ci_high"] = wilson(out["n_company"], out["n_known"], level=level)
    out["confidence"] = level
    out["first_year"] = comp.groupby("group")["since"].min().reindex(out.index).astype("Int64")
    out["median_year"] = comp.groupby("group")["since"].median().reindex(out.index)
    out = out.reset_index()
    out["hidden"] = hidden_cells(out, ["n_producers", "n_company"]) if len(out) else np.zeros(0, bool)
    return out


def incorporation_timeline(organisations: pd.DataFrame, *, by: str | None = None) -> pd.DataFrame:
    """When services moved into companies: new companies per year and the running share.

    Returns
    -------
    pandas.DataFrame
        ``group, year, n_new, n_cumulative, n_known, cumulative_share,
        hidden``, one row per group and year from the first ``company_since``
        to the last; ``cumulative_share`` = companies by then / producers
        whose status is known (today's producers: an association that left
        the field is not in the table).

    Notes
    -----
    :math:`C_t = \\sum_{u \\le t} N_u` companies by year :math:`t`, share
    :math:`C_t / n_{\\text{known}}`.

    Examples
    --------
    >>> import pandas as pd
    >>> orgs = pd.DataFrame({"org_id": list("abcd"), "kind": ["service_provider"] * 4,
    ...                      "operates_company": [True, True, False, False],
    ...                      "company_since": [2019, 2021, None, None]})
    >>> incorporation_timeline(orgs)[["year", "n_new", "n_cumulative", "cumulative_share"]]
       year  n_new  n_cumulative  cumulative_share
    0  2019      1             1              0.25
    1  2020      0             1              0.25
    2  2021      1             2              0.50
    """
    d = _producers(organisations, by)
    known = d[d["company"].notna()]
    comp = known[known["company"].astype(bool) & np.isfinite(known["since"].to_numpy())]
    if comp.empty:
        return pd.DataFrame(columns=["group", "year", "n_new", "n_cumulative", "n_known",
                                     "cumulative_share", "hidden"])
    y0, y1 = int(comp["since"].min()), int(comp["since"].max())
    groups = sorted(known["group"].unique())
    idx = pd.MultiIndex.from_product([groups, range(y0, y1 + 1)], names=["group", "year"])
    new = comp.groupby(["group", comp["since"].astype(int).rename("year")]).size().reindex(idx, fill_value=0)
    out = new.rename("n_new").reset_index()
    out["n_cumulative"] = out.groupby("group")["n_new"].cumsum()
    out["n_known"] = out["group"].map(known.groupby("group").size()).astype("int64")
    out["cumulative_share"] = out["n_cumulative"] / out["n_known"]
    out["hidden"] = hidden_cells(out, ["n_new", "n_cumulative"], "year")
    return out


def company_sales_change(
    funding: pd.DataFrame,
    organisations: pd.DataFrame,
    *,
    window: int = 2,
    reform_year: int = regions.REFORM_YEAR,
    level: float = 0.95,
) -> pd.DataFrame:
    """How much of its sales an association keeps after moving services into a company.

    For each producer with ``company_since`` = :math:`c`, its sales (all
    sales sources) in the ``window`` years after :math:`c` are compared with
    the ``window`` years before; the year :math:`c` itself (a move during
    the year) is left out, and so are moves whose windows straddle the
    reform (the reform changes sales too).

    Returns
    -------
    pandas.DataFrame
        One row: ``n, before_eur, after_eur, kept, ci_low, ci_high,
        confidence, hidden``: ``kept`` = :math:`\\sum_j A_j / \\sum_j B_j`
        over the producers :math:`j` with sales in both windows, a ratio of
        sums with producers as units (Cochran 1977, eq. 6.13; the interval
        is not clipped at 1).

    Notes
    -----
    Before :math:`B_j = \\sum_{t=c-w}^{c-1} S_{jt}`, after
    :math:`A_j = \\sum_{t=c+1}^{c+w} S_{jt}`; without a comparison group
    the ratio also carries whatever else changed in those years.

    Examples
    --------
    >>> import pandas as pd
    >>> orgs = pd.DataFrame({"org_id": ["a"], "kind": ["service_provider"],
    ...                      "operates_company": [True], "company_since": [2018]})
    >>> f = pd.DataFrame({"org_id": ["a"] * 5, "year": [2016, 2017, 2018, 2019, 2020],
    ...                   "source": ["procurement"] * 5, "funder": ["YRITYS"] * 5,
    ...                   "amount_eur": [100.0, 100.0, 70.0, 40.0, 40.0]})
    >>> company_sales_change(f, orgs)[["n", "before_eur", "after_eur", "kept"]]
       n  before_eur  after_eur  kept
    0  1       200.0       80.0   0.4
    """
    from .share import sales_share

    w = int(window)
    d = _producers(organisations, None)
    d = d[d["company"].fillna(False).to_numpy(dtype=bool) & np.isfinite(d["since"].to_numpy())]
    r = int(reform_year)
    c = d["since"].astype(int)
    d = d[~((c - w < r) & (c + w >= r))]
    sh = sales_share(funding)[["org_id", "year", "sales_eur"]]
    m = sh.merge(d[["org_id", "since"]], on="org_id")
    off = m["year"] - m["since"]
    m["_b"] = np.where(off.between(-w, -1), m["sales_eur"], 0.0)
    m["_a"] = np.where(off.between(1, w), m["sales_eur"], 0.0)
    u = m.groupby("org_id", as_index=False)[["_b", "_a"]].sum()
    u = u[(u["_b"] > 0)]
    u["group"] = "all"
    t = ratio_table(u, ["group"], "_a", "_b", level=level, clip=False)
    out = pd.DataFrame({"n": [int(t["n"].sum())], "before_eur": [float(t["_b"].sum())],
                        "after_eur": [float(t["_a"].sum())],
                        "kept": [float(t["ratio"].iloc[0]) if len(t) else np.nan],
                        "ci_low": [float(t["ci_low"].iloc[0]) if len(t) else np.nan],
                        "ci_high": [float(t["ci_high"].iloc[0]) if len(t) else np.nan]})
    out["confidence"] = level
    out["hidden"] = (out["n"] > 0) & (out["n"] < 5)
    return out
