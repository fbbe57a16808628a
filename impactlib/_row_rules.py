"""Row rules of the sales and company columns: checks across the cells of one table.

The data model's schemas (:func:`impactlib.model.schema`) hold every rule on
one table; the rules here compare cells of one row (or the rows of one
contract) and are added to those schemas as pandera frame checks, each named
by its rule code (messages in :data:`ROW_RULES`, part of
:data:`impactlib.validation.RULES`) and carrying the column it reports
(``statistics``), so that :func:`impactlib.validate` names file, row,
column, value and rule.

``funding``
    ``sales_only``
        a sales column (:data:`SALES_COLUMNS`) is given on a
        row whose source is not a sales source (procurement, service voucher,
        personal budget); one check per column.
    ``lot_procurement``
        a lot value on a voucher or personal-budget row (a lot is a part of a
        procurement).
    ``contract_dates``
        the contract ends before it starts.
    ``lot_value``
        the lot is smaller than the contract: the euros of the contract's rows
        (same association, source, buyer and contract dates) add up to more
        than the lot value; a row without contract dates is compared alone.

``activities``
    ``feedback``
        more respondents said they were helped than responded.

``organisations``
    ``company_since``
        a year of moving services into a company without ``operates_company``
        being true.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"source": ["procurement", "fundraising"],
...                   "amount_eur": [500.0, 10.0], "lot_value_eur": [400.0, None]})
>>> _lot_ok(f).tolist()
[False, True]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["SALES_COLUMNS", "ROW_RULES", "row_checks"]

_SALES = ("procurement", "service_voucher", "personal_budget")
#: The optional columns of ``funding`` that describe a sale (rows of the sales sources only).
SALES_COLUMNS = ("buyer_type", "contract_start", "contract_end", "lot_value_eur", "contract_end_reason")

#: Rule code → (English, Finnish) message; part of :data:`impactlib.validation.RULES`.
ROW_RULES: dict[str, tuple[str, str]] = {
    "sales_only": (
        "a sales column: only on rows of the sources procurement, service_voucher and "
        "personal_budget",
        "myyntisarake: vain rahoituslähteiden procurement, service_voucher ja personal_budget "
        "riveillä",
    ),
    "lot_procurement": (
        "a lot value belongs to procurement rows only (not vouchers or personal budgets)",
        "hankinnan osan arvo kuuluu vain hankintariveille (ei palveluseteli- eikä "
        "henkilökohtaisen budjetin riveille)",
    ),
    "contract_dates": (
        "the contract ends before it starts (contract_end before contract_start)",
        "sopimus päättyy ennen kuin se alkaa (contract_end ennen contract_start-päivää)",
    ),
    "lot_value": (
        "the procurement lot is smaller than the contract's euros (lot_value_eur must be at least "
        "the sum of amount_eur over the contract's rows)",
        "hankinnan osa on pienempi kuin sopimuksen eurot (lot_value_eur vähintään sopimuksen "
        "rivien amount_eur-summa)",
    ),
    "company_since": (
        "a year of moving services into a company needs operates_company = true",
        "yhtiöön siirtymisen vuosi edellyttää, että operates_company on kyllä (true)",
    ),
}


def _true(df: pd.DataFrame) -> pd.Series:
    return pd.Series(True, index=df.index)


def _not_sales(df: pd.DataFrame) -> pd.Series:
    """Rows whose source is a known code other than a sales source (an unknown code is its own problem)."""
    from .labels import SOURCES

    other = [s for s in SOURCES if s not in _SALES]
    return df["source"].isin(other).fillna(False).astype(bool)


def _sales_only(column: str):
    def check(df: pd.DataFrame) -> pd.Series:
        if column not in df or "source" not in df:
            return _true(df)
        return ~(df[column].notna() & _not_sales(df)).astype(bool)

    return check


def _lot_on_procurement(df: pd.DataFrame) -> pd.Series:
    if "lot_value_eur" not in df or "source" not in df:
        return _true(df)
    sale_not_proc = df["source"].isin(_SALES[1:]).fillna(False).astype(bool)
    return ~(df["lot_value_eur"].notna() & sale_not_proc).astype(bool)


def _dates_ok(df: pd.DataFrame) -> pd.Series:
    if "contract_start" not in df or "contract_end" not in df:
        return _true(df)
    bad = df["contract_end"] < df["contract_start"]
    return ~bad.fillna(False).astype(bool)


def _lot_ok(df: pd.DataFrame) -> pd.Series:
    """Lot value at least the contract's euros (rows of one contract summed)."""
    if "lot_value_eur" not in df or "amount_eur" not in df:
        return _true(df)
    lot = df["lot_value_eur"].to_numpy(dtype=float, na_value=np.nan)
    amount = df["amount_eur"].to_numpy(dtype=float, na_value=np.nan)
    total = amount.copy()
    key = ["org_id", "source", "funder", "contract_start", "contract_end"]
    if all(k in df for k in key):
        dated = (df["contract_start"].notna() & df["contract_end"].notna()).to_numpy(dtype=bool)
        if dated.any():
            sub = df.loc[dated, key].astype("string").assign(_a=amount[dated])
            total[dated] = sub.groupby(key, sort=False, dropna=False)["_a"].transform("sum").to_numpy()
    bad = ~np.isnan(lot) & ~np.isnan(total) & (total > lot)
    return pd.Series(~bad, index=df.index)


def _feedback_ok(df: pd.DataFrame) -> pd.Series:
    """Respondents who were helped cannot outnumber respondents (empty cells pass)."""
    if "feedback_helped" not in df or "feedback_respondents" not in df:
        return _true(df)
    more = df["feedback_helped"] > df["feedback_respondents"]
    return ~more.fillna(False).astype(bool)


def _company_ok(df: pd.DataFrame) -> pd.Series:
    if "company_since" not in df or "operates_company" not in df:
        return _true(df)
    has_company = df["operates_company"].fillna(False).astype(bool)
    return ~(df["company_since"].notna() & ~has_company).astype(bool)


def row_checks(table: str) -> list:
    """The pandera frame checks of this module for ``table`` (an empty list for other tables).

    Each check is named by its rule code (its message is in
    :data:`ROW_RULES`) and carries the reported column in
    ``statistics={"column": ...}`` (how :func:`impactlib.validate` reports
    a frame check).

    Examples
    --------
    >>> [c.name for c in row_checks("funding")][:2]
    ['sales_only', 'sales_only']
    >>> row_checks("outcomes")
    []
    """
    import pandera.pandas as pa

    def check(fn, rule: str, column: str):
        return pa.Check(fn, name=rule, ignore_na=False, statistics={"column": column})

    if table == "funding":
        return [
            *(check(_sales_only(c), "sales_only", c) for c in SALES_COLUMNS),
            check(_lot_on_procurement, "lot_procurement", "lot_value_eur"),
            check(_dates_ok, "contract_dates", "contract_end"),
            check(_lot_ok, "lot_value", "lot_value_eur"),
        ]
    if table == "organisations":
        return [check(_company_ok, "company_since", "company_since")]
    if table == "activities":
        return [check(_feedback_ok, "feedback", "feedback_helped")]
    return []
