"""The sales rows of the funding table, with their buyer and buyer type.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2022, 2023, 2023],
...                   "source": ["procurement", "procurement", "fundraising"],
...                   "funder": ["179", "15", "own"], "amount_eur": [100.0, 90.0, 5.0]})
>>> sales_rows(f)[["year", "buyer", "buyer_type", "buyer_type_inferred", "public"]]
   year buyer    buyer_type  buyer_type_inferred  public
0  2022   179  municipality                 True    True
1  2023    15        county                 True    True
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import model, regions
from .._util import check_funding
from .._validated import require_columns

__all__ = ["SALES_SOURCES", "PUBLIC_BUYERS", "sales_rows"]

#: The sales sources of the data model (procurement, service vouchers, personal budgets).
SALES_SOURCES: tuple[str, ...] = model.SALES_SOURCES
#: Buyer types that spend public money (*julkinen ostaja*): municipality, county, state.
PUBLIC_BUYERS: frozenset[str] = frozenset({"municipality", "county", "state"})

_OPTIONAL = {"buyer_type": "string", "contract_start": "datetime64[ns]", "contract_end": "datetime64[ns]",
             "lot_value_eur": "float64", "contract_end_reason": "string"}


def sales_rows(funding: pd.DataFrame) -> pd.DataFrame:
    """The sales rows (*myyntirivit*) of the funding table, one buyer and buyer type each.

    Parameters
    ----------
    funding : pandas.DataFrame
        The ``funding`` table; the sales columns (``buyer_type``,
        ``contract_start``, ``contract_end``, ``lot_value_eur``,
        ``contract_end_reason``) are optional.

    Returns
    -------
    pandas.DataFrame
        One row per sales row (sources procurement, service_voucher,
        personal_budget; euros above zero): ``org_id, year, source, buyer,
        buyer_type, buyer_type_inferred, public, amount_eur, contract_start,
        contract_end, lot_value_eur, contract_end_reason``.

        ``buyer``
            the funder code or id (the buyer);
        ``buyer_type``
            as given; where empty, inferred from the code: a municipality
            code valid in the year → ``municipality``, a county code →
            ``county``, anything else → ``other`` (``buyer_type_inferred``
            True);
        ``public``
            the buyer type is municipality, county or state
            (:data:`PUBLIC_BUYERS`).

    Notes
    -----
    A validated table (:func:`impactlib.validate`) is trusted after a look
    at its columns (:func:`impactlib._validated.require_columns`); any other
    frame gets the full check of the funding columns. Inference uses
    :func:`impactlib.regions.is_valid_municipality` and the county list.

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 2, "year": [2024, 2024],
    ...                   "source": ["service_voucher", "procurement"], "funder": ["15", "X"],
    ...                   "amount_eur": [10.0, 20.0], "buyer_type": [None, "private_person"]})
    >>> sales_rows(f)[["buyer", "buyer_type", "public"]]
      buyer      buyer_type  public
    0    15          county    True
    1     X  private_person   False
    """
    trusted = require_columns(funding, ["org_id", "year", "source", "funder", "amount_eur"],
                              table="funding")
    base = funding if trusted else check_funding(funding)
    sel = base["source"].isin(SALES_SOURCES).to_numpy() & (base["amount_eur"].to_numpy(dtype=float) > 0)
    src = funding if trusted else funding.reset_index(drop=True)
    out = pd.DataFrame({
        "org_id": base["org_id"].to_numpy()[sel].astype(str),
        "year": base["year"].to_numpy()[sel].astype("int64"),
        "source": base["source"].to_numpy()[sel].astype(str),
        "buyer": base["funder"].to_numpy()[sel].astype(str),
        "amount_eur": base["amount_eur"].to_numpy(dtype=float)[sel],
    })
    pos = np.flatnonzero(sel)
    for c, dt in _OPTIONAL.items():
        if c not in src.columns:
            out[c] = pd.Series(pd.NaT if dt.startswith("datetime") else None, index=out.index,
                               dtype=dt if dt != "float64" else "float64")
            continue
        v = src[c].iloc[pos].reset_index(drop=True)
        if dt == "string":
            out[c] = v.astype("string")
        elif dt == "float64":
            out[c] = pd.to_numeric(v, errors="coerce").astype("float64")
        elif pd.api.types.is_datetime64_dtype(v):
            out[c] = v.astype("datetime64[ns]")
        else:
            out[c] = pd.to_datetime(v.astype(object), errors="coerce", format="ISO8601")
    given = out["buyer_type"].notna().to_numpy()
    inferred = np.full(len(out), "other", dtype=object)
    if (~given).any():
        codes = out.loc[~given, "buyer"].to_numpy().astype(str)
        mun = regions.is_valid_municipality(codes, out.loc[~given, "year"].to_numpy())
        cty = np.isin(codes, list(regions.counties()["code"]))
        inferred[~given] = np.where(mun, "municipality", np.where(cty, "county", "other"))
    out["buyer_type"] = pd.array(np.where(given, out["buyer_type"].to_numpy(dtype=object, na_value=None), inferred),
                                 dtype="string")
    out["buyer_type_inferred"] = ~given
    out["public"] = out["buyer_type"].isin(list(PUBLIC_BUYERS)).to_numpy(dtype=bool)
    cols = ["org_id", "year", "source", "buyer", "buyer_type", "buyer_type_inferred", "public", "amount_eur",
            "contract_start", "contract_end", "lot_value_eur", "contract_end_reason"]
    return out[cols].reset_index(drop=True)
