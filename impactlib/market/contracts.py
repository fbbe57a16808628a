"""Sales contracts (*myyntisopimukset*): length, renewal, and spells of sales with censoring.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"org_id": ["0112038-9"] * 4, "year": [2020, 2021, 2022, 2023],
...                   "source": ["procurement"] * 4, "funder": ["179"] * 4,
...                   "amount_eur": [10.0] * 4, "buyer_type": ["municipality"] * 4,
...                   "contract_start": ["2020-01-01", "2020-01-01", "2022-01-01", "2022-01-01"],
...                   "contract_end": ["2021-12-31", "2021-12-31", "2023-12-31", "2023-12-31"]})
>>> contracts(f)[["contract_start", "length_years", "renewed", "censored"]]
  contract_start  length_years  renewed  censored
0     2020-01-01           2.0     True     False
1     2022-01-01           2.0     <NA>      True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import regions
from .._util import hidden_cells
from ..continuity.attributes import attach_organisation
from ..continuity.spells import spells
from ._stats import mean_table, wilson
from .rows import sales_rows

__all__ = ["RENEWAL_GAP_DAYS", "contracts", "contract_summary", "sales_spells"]

#: A contract counts as renewed when the next one with the same buyer starts at most this
#: many days after it ended (a quarter of a year).
RENEWAL_GAP_DAYS = 92
_DAYS_PER_YEAR = 365.25


def contracts(
    funding: pd.DataFrame,
    *,
    renewal_gap_days: int = RENEWAL_GAP_DAYS,
    data_end: str | pd.Timestamp | None = None,
    reform_year: int = regions.REFORM_YEAR,
    rows: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Sales contracts recorded with their dates: length, renewal, and whether it is still unknown.

    Parameters
    ----------
    funding : pandas.DataFrame
        The ``funding`` table; sales rows with ``contract_start`` and
        ``contract_end`` are contracts (rows without dates are left out).
    renewal_gap_days : int, default 92
        The next contract with the same buyer must start within this many
        days after the end for the contract to count as renewed.
    data_end : date, optional
        Last day the data cover; default 31 December of the last year in the
        table.
    reform_year : int, default 2023
        For ``period``.
    rows : pandas.DataFrame, optional
        :func:`~impactlib.market.sales_rows` of this ``funding``, where the caller has it
        already (a brief computes it once for all its market figures); computed when omitted.

    Returns
    -------
    pandas.DataFrame
        One row per contract: ``org_id, source, buyer, buyer_type,
        n_buyers, contract_start, contract_end, length_years, amount_eur,
        lot_value_eur, end_reason, period, renewed, censored``.

        ``buyer``
            the buyer of the contract's last row: a municipality's contract
            the county took over at the reform is one contract (rows with
            the same dates whose buyers lie in one county: ``n_buyers`` 2);
        ``length_years``
            from the first day to the day after the last: whole calendar
            years and months, leftover days / 365.25 (1.1.2020–31.12.2021
            is 2 years);
        ``period``
            when it ended: ``before`` the reform (before 31 December of the
            year before), ``at_reform`` (that day) or ``after``;
        ``renewed``
            the next contract with the same buyer (its buyer when it
            began) started within
            ``renewal_gap_days`` of the end; ``<NA>`` when that is not yet
            known (``censored``: the end plus the gap lies after
            ``data_end``).

    Notes
    -----
    A contract is the set of sales rows of one association with the same
    source, contract dates and buyer (a municipality or county buyer stands
    for its county, so a contract carried across the reform stays one).
    Renewal is found with :func:`pandas.merge_asof` (the first contract of
    the same association and buyer starting after the end). The renewal
    rate is estimated from contracts whose end is observed with its gap:
    :math:`\\hat r = \\#\\text{renewed} / \\#\\text{uncensored}`.

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 2, "year": [2021, 2023],
    ...                   "source": ["procurement"] * 2, "funder": ["15", "15"],
    ...                   "amount_eur": [5.0, 5.0], "buyer_type": ["county"] * 2,
    ...                   "contract_start": ["2021-07-01", "2023-01-01"],
    ...                   "contract_end": ["2022-06-30", "2023-12-31"]})
    >>> contracts(f, data_end="2025-12-31")[["length_years", "period", "renewed"]]
       length_years  period  renewed
    0           1.0  before    False
    1           1.0   after    False
    """
    s = sales_rows(funding) if rows is None else rows
    s = s[s["contract_start"].notna() & s["contract_end"].notna()]
    root = np.where(s["buyer_type"].isin(["municipality", "county"]).to_numpy(),
                    regions.county_of(s["buyer"]).astype(object).to_numpy(), None)
    s = s.assign(_root=pd.array(np.where(pd.isna(root), s["buyer"].to_numpy(dtype=object), root),
                                dtype="string").astype(str))
    key = ["org_id", "source", "contract_start", "contract_end", "_root"]
    s = s.sort_values([*key, "year"], kind="mergesort")
    g = s.groupby(key, sort=True)
    ct = g.agg(first_buyer=("buyer", "first"), buyer=("buyer", "last"), buyer_type=("buyer_type", "last"),
               n_buyers=("buyer", "nunique"),
               amount_eur=("amount_eur", "sum"), lot_value_eur=("lot_value_eur", "max"),
               end_reason=("contract_end_reason", "last")).reset_index()
    if data_end is None:
        years = funding["year"] if "year" in funding.columns else s["year"]
        data_end = pd.Timestamp(int(pd.to_numeric(years).max()), 12, 31)
    data_end = pd.Timestamp(data_end)
    after = ct["contract_end"] + pd.Timedelta(days=1)  # the day after the last day
    st = ct["contract_start"]
    ct["length_years"] = ((after.dt.year - st.dt.year) + (after.dt.month - st.dt.month) / 12
                          + (after.dt.day - st.dt.day) / _DAYS_PER_YEAR)
    reform_eve = pd.Timestamp(int(reform_year) - 1, 12, 31)
    ct["period"] = np.select([ct["contract_end"] < reform_eve, ct["contract_end"] == reform_eve],
                             ["before", "at_reform"], "after")
    # renewal: the first contract of the same association and buyer (its buyer when it began:
    # a renewal in 2022 the county later took over counts) that starts after the end
    nxt = ct[["org_id", "first_buyer", "contract_start"]].rename(
        columns={"first_buyer": "buyer", "contract_start": "next_start"})
    nxt = nxt.sort_values("next_start", kind="mergesort")
    left = ct[["org_id", "buyer", "contract_end"]].assign(
        _from=ct["contract_end"] + pd.Timedelta(days=1), _i=np.arange(len(ct))).sort_values("_from", kind="mergesort")
    m = pd.merge_asof(left, nxt, left_on="_from", right_on="next_start", by=["org_id", "buyer"],
                      direction="forward").set_index("_i").sort_index()
    gap = (m["next_start"] - m["contract_end"]).dt.days
    found = (gap.notna() & (gap <= renewal_gap_days)).to_numpy()
    known = found | ((ct["contract_end"] + pd.Timedelta(days=int(renewal_gap_days))) <= data_end).to_numpy()
    ct["renewed"] = pd.array(np.where(known, found, None), dtype="boolean")
    ct["censored"] = ~known
    ct["end_reason"] = ct["end_reason"].astype("string")
    cols = ["org_id", "source", "buyer", "buyer_type", "n_buyers", "contract_start", "contract_end",
            "length_years", "amount_eur", "lot_value_eur", "end_reason", "period", "renewed", "censored"]
    out = ct[cols].reset_index(drop=True)
    out.attrs["data_end"] = data_end
    return out


def contract_summary(
    ct: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    by: str | None = None,
    periods: bool = True,
    started: tuple[int, int] | None = None,
    level: float = 0.95,
) -> pd.DataFrame:
    """Contract length and renewal per group (and period of the end), with intervals.

    Parameters
    ----------
    ct : pandas.DataFrame
        Output of :func:`contracts`.
    organisations : pandas.DataFrame, optional
        For ``by`` attributes of the association (``county``, ``kind`` …);
        ``buyer_type`` and ``source`` are columns of ``ct`` already.
    by : str, optional
        Group column; ``None``: group ``"all"``.
    periods : bool, default True
        One row per period of the end (``before``, ``at_reform``,
        ``after``); False: all contracts together (period ``"all"``).
    started : (int, int), optional
        Only contracts that started in these years. Lengths are unbiased
        only over contracts selected by their start (selecting by the end
        favours short contracts); a window of starts that no early end cut
        short (e.g. the reform) gives the agreed lengths.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        ``group, period, n, length_mean, length_ci_low, length_ci_high,
        length_median, n_known, n_renewed, renewal_rate, ci_low, ci_high,
        confidence, hidden``: mean length with a t interval; renewals among
        the contracts whose renewal is known (``n_known``), with a Wilson
        interval.

    Notes
    -----
    Mean length :math:`\\bar\\ell \\pm t_{n-1,1-\\alpha/2}\\, s/\\sqrt n`; renewal rate
    :math:`\\hat r = k / m` over the :math:`m` contracts whose renewal is known,
    with the Wilson score interval (Wilson 1927, *JASA* 22(158), 209–212).

    Examples
    --------
    >>> import pandas as pd
    >>> ct = pd.DataFrame({"contract_start": pd.to_datetime(["2016-01-01"] * 4),
    ...                    "length_years": [1.0, 2.0, 3.0, 4.0], "period": ["before"] * 4,
    ...                    "renewed": pd.array([True, True, False, pd.NA], dtype="boolean")})
    >>> contract_summary(ct)[["n", "length_mean", "n_known", "n_renewed", "renewal_rate"]].round(3)
       n  length_mean  n_known  n_renewed  renewal_rate
    0  4          2.5        3          2         0.667
    """
    for c in ("contract_start", "length_years", "period", "renewed"):
        if c not in ct.columns:
            raise ValueError(f"expected the table returned by contracts(); '{c}' is missing")
    d = ct.copy()
    if started is not None:
        y = d["contract_start"].dt.year
        d = d[y.between(int(started[0]), int(started[1]))]
    if by is None:
        d["group"] = "all"
    else:
        if by not in d.columns:
            if organisations is None:
                raise ValueError(f"organisations is needed to group by {by!r}")
            d = attach_organisation(d, organisations, columns=[by])
        d["group"] = d[by].astype("string").fillna("unknown").astype(str)
    if not periods:
        d["period"] = "all"
    keys = ["group", "period"]
    ln = mean_table(d, keys, "length_years", level=level).rename(columns={
        "mean": "length_mean", "ci_low": "length_ci_low", "ci_high": "length_ci_high"}).drop(columns="sd")
    g = d.groupby(keys, sort=True)
    ren = d["renewed"].astype("boolean")
    agg = pd.DataFrame({"length_median": g["length_years"].median(),
                        "n_known": ren.notna().groupby([d[k] for k in keys]).sum(),
                        "n_renewed": ren.fillna(False).astype(bool).groupby([d[k] for k in keys]).sum()})
    out = ln.merge(agg.reset_index(), on=keys, how="left")
    out[["n_known", "n_renewed"]] = out[["n_known", "n_renewed"]].astype("int64")
    out["renewal_rate"] = out["n_renewed"] / out["n_known"].where(out["n_known"] > 0)
    out["ci_low"], out["ci_high"] = wilson(out["n_renewed"], out["n_known"], level=level)
    out["confidence"] = level
    out["hidden"] = hidden_cells(out, ["n", "n_renewed"], "period") if len(out) else np.zeros(0, bool)
    return out[["group", "period", "n", "length_mean", "length_ci_low", "length_ci_high", "length_median",
                "n_known", "n_renewed", "renewal_rate", "ci_low", "ci_high", "confidence", "hidden"]]


def sales_spells(
    funding: pd.DataFrame,
    *,
    public_only: bool = True,
    gap_tolerance: int = 0,
    window: tuple[int, int] | None = None,
    sources: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Spells of sales to one buyer (*myyntisuhteet*), censored where still running: the spell machinery.

    Consecutive years in which one buyer buys from one association form a
    spell (:func:`impactlib.continuity.spells` with ``by="funder"`` on the
    sales rows); a spell reaching the last years of the data is
    right-censored, one starting in the first years left-truncated. Pass the
    result to :func:`impactlib.continuity.spell_survival` for Kaplan–Meier
    curves of how long a buyer keeps buying (``group="buyer_type"``).

    Parameters
    ----------
    funding : pandas.DataFrame
    public_only : bool, default True
        Only sales to municipalities, counties and the state.
    gap_tolerance, window
        As in :func:`impactlib.continuity.spells`.
    sources : list of str, optional
        Sales sources to include (default all three).

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`impactlib.continuity.spells` (``funder`` is
        the buyer) plus ``buyer_type``.

    Notes
    -----
    A municipality's purchases and the county's after the reform are
    different buyers: the reform ends the municipal spell (censoring does
    not apply to it), which is what the reform did to the relationship.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2021, 2022, 2023],
    ...                   "source": ["procurement"] * 3, "funder": ["179", "179", "15"],
    ...                   "amount_eur": [5.0, 5.0, 5.0]})
    >>> sales_spells(f)[["funder", "buyer_type", "start", "end", "censored", "truncated"]]
      funder    buyer_type  start   end  censored  truncated
    0     15        county   2023  2023      True      False
    1    179  municipality   2021  2022     False       True
    """
    s = sales_rows(funding)
    if public_only:
        s = s[s["public"]]
    if sources is not None:
        s = s[s["source"].isin(list(sources))]
    if window is None:
        years = pd.to_numeric(funding["year"])
        window = (int(years.min()), int(years.max()))
    rows = s.rename(columns={"buyer": "funder"})[["org_id", "year", "source", "funder", "amount_eur"]]
    sp = spells(rows, by="funder", gap_tolerance=gap_tolerance, window=window)
    types = s.groupby("buyer")["buyer_type"].agg(lambda x: x.mode().iloc[0])
    sp["buyer_type"] = sp["funder"].map(types).astype("string")
    return sp
