"""Small numeric and checking helpers shared by several modules (private).

Every module of impactlib that needs one of these imports it from here;
no module imports another module's ``_private`` names. The names here have
no leading underscore because the module itself is private: they are not
part of the public API and may change without notice.

Numeric helpers never warn on empty, zero or missing input (NaN out instead).
Checking helpers raise :class:`impactlib.errors.DataError` naming the table,
row, column and rule, all problems at once.

Examples
--------
>>> from impactlib import _util
>>> _util.div([1.0, 1.0], [2.0, 0.0]).tolist()
[0.5, nan]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import model
from .errors import DataError, Problem

#: Problems listed per rule before "... and N more".
MAX_LISTED = 20


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------


def floats(x) -> np.ndarray:
    """``x`` as a float array."""
    return np.asarray(x, dtype=float)


def num(s: pd.Series) -> np.ndarray:
    """A column as floats; text that is not a number becomes NaN."""
    return pd.to_numeric(s, errors="coerce").astype(float).to_numpy()


def div(a, b) -> np.ndarray:
    """a / b, NaN where b is 0 or either is missing (no RuntimeWarning)."""
    a, b = np.broadcast_arrays(floats(a), floats(b))
    out = np.full(a.shape, np.nan)
    ok = np.isfinite(a) & np.isfinite(b) & (b != 0)
    np.divide(a, b, out=out, where=ok)
    return out


def sqrt(x) -> np.ndarray:
    """Square root; tiny negative rounding errors become 0, NaN stays NaN."""
    x = floats(x)
    out = np.full(x.shape, np.nan)
    ok = np.isfinite(x)
    np.sqrt(np.clip(x, 0.0, None), out=out, where=ok)
    return out


def check_level(level: float) -> float:
    """A confidence level strictly between 0 and 1, as a float."""
    level = float(level)
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level}")
    return level


def zcrit(level: float) -> float:
    """Two-sided normal quantile of a confidence level (1.959964 for 0.95); uses scipy."""
    from scipy import stats

    return float(stats.norm.ppf(0.5 + check_level(level) / 2))


def tcrit(level: float, df) -> np.ndarray:
    """Two-sided t quantiles of a confidence level (NaN where df < 1); uses scipy."""
    from scipy import stats

    df = floats(df)
    out = np.full(df.shape, np.nan)
    ok = np.isfinite(df) & (df >= 1)
    out[ok] = stats.t.ppf(0.5 + level / 2, df[ok])
    return out


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------


def require(df: pd.DataFrame, cols, table: str) -> None:
    """Raise a DataError listing every column of ``cols`` missing from ``df``."""
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise DataError([
            Problem(file=table, row=None, column=c, value=None, rule="missing_column",
                    message_en=f"column {c!r} is needed", message_fi=f"sarake {c!r} puuttuu")
            for c in missing
        ])


def problems(mask: np.ndarray, values: pd.Series, *, column: str, rule: str, en: str, fi: str,
             table: str) -> list[Problem]:
    """Problems for the rows where ``mask`` is true (first few listed, the rest counted).

    Row numbers count the header as row 1 (as a spreadsheet user does).
    """
    idx = np.flatnonzero(mask)
    out = [
        Problem(file=table, row=int(i) + 2, column=column, value=str(values.iloc[i])[:60],
                rule=rule, message_en=en, message_fi=fi)
        for i in idx[:MAX_LISTED]
    ]
    if len(idx) > MAX_LISTED:
        more = len(idx) - MAX_LISTED
        out.append(Problem(file=table, row=None, column=column, value=None, rule=rule,
                           message_en=f"... and {more} more rows with the same problem",
                           message_fi=f"... ja {more} muuta riviä, joissa sama ongelma"))
    return out


# ---------------------------------------------------------------------------
# Small-cell suppression marks
# ---------------------------------------------------------------------------


def hidden_cells(table: pd.DataFrame, counts, groups=None, *, across: bool = False) -> np.ndarray:
    """Rows whose count cells small-cell suppression hides (primary or complementary).

    ``counts`` is one column name or a list; a row is hidden when any of its
    count cells is (:func:`impactlib.disclosure.suppression_mask`).
    """
    from .disclosure import THRESHOLD, suppression_mask

    if table.empty:
        return np.zeros(0, dtype=bool)
    counts = [counts] if isinstance(counts, str) else list(counts)
    primary, secondary = suppression_mask(table, counts, threshold=THRESHOLD, groups=groups,
                                          across=across)
    return (primary | secondary).any(axis=1).to_numpy()


# ---------------------------------------------------------------------------
# The funding table (continuity indicators)
# ---------------------------------------------------------------------------

#: Columns every continuity indicator needs from the funding table.
FUNDING_REQUIRED = ("org_id", "year", "source", "funder", "amount_eur")
def check_funding(funding: pd.DataFrame, *, table: str = "funding") -> pd.DataFrame:
    """Check the funding table and return a slim working copy with plain dtypes.

    Raises :class:`~impactlib.errors.DataError` listing every problem: missing
    columns, empty cells, years or euros that are not numbers, negative euros
    and unknown source codes. Row numbers count the header as row 1.
    """
    if not isinstance(funding, pd.DataFrame):
        raise TypeError(
            f"funding must be a pandas DataFrame (the funding table), got {type(funding).__name__}"
        )
    missing = [c for c in FUNDING_REQUIRED if c not in funding.columns]
    if missing:
        raise DataError([
            Problem(file=table, row=None, column=c, value=None, rule="missing_column",
                    message_en=f"the funding table needs a column '{c}'",
                    message_fi=f"rahoitustaulukosta puuttuu sarake '{c}'")
            for c in missing
        ])
    probs: list[Problem] = []
    for c in ("org_id", "source", "funder"):
        na = funding[c].isna().to_numpy()
        probs += problems(na, funding[c], column=c, rule="missing_value", table=table,
                           en="empty cell; every funding row needs a value here",
                           fi="tyhjä solu; jokaisella rahoitusrivillä pitää olla arvo")
    year = pd.to_numeric(funding["year"], errors="coerce")
    bad_year = (year.isna() | (year.round() != year)).to_numpy()
    probs += problems(bad_year, funding["year"], column="year", rule="type", table=table,
                       en="the year must be a whole number such as 2023",
                       fi="vuoden pitää olla kokonaisluku, esim. 2023")
    amount = pd.to_numeric(funding["amount_eur"], errors="coerce")
    bad_amount = amount.isna().to_numpy()
    probs += problems(bad_amount, funding["amount_eur"], column="amount_eur", rule="type",
                       table=table, en="the amount must be a number of euros",
                       fi="summan pitää olla euromäärä (luku)")
    neg = (amount < 0).fillna(False).to_numpy()
    probs += problems(neg, funding["amount_eur"], column="amount_eur", rule="range", table=table,
                       en="the amount must be 0 or more (enter refunds as a smaller grant)",
                       fi="summan pitää olla vähintään 0 (kirjaa palautukset pienempänä avustuksena)")
    src = funding["source"].astype("string")
    unknown = (~src.isin(list(model.SOURCES)) & src.notna()).to_numpy()
    probs += problems(unknown, funding["source"], column="source", rule="code_list", table=table,
                       en="unknown funding source; use one of " + ", ".join(model.SOURCES),
                       fi="tuntematon rahoituslähde; käytä jotakin näistä: " + ", ".join(model.SOURCES))
    if probs:
        raise DataError(probs)
    out = pd.DataFrame({
        "org_id": funding["org_id"].astype(str).to_numpy(),
        "year": year.astype("int64").to_numpy(),
        "source": src.astype(str).to_numpy(),
        "funder": funding["funder"].astype(str).to_numpy(),
        "amount_eur": amount.astype("float64").to_numpy(),
    })
    if "grant_id" in funding.columns:
        out["grant_id"] = funding["grant_id"].astype("string").to_numpy()
    return out



def source_scheme(scheme, scheme_name: str | None = None, default_name: str = "") -> tuple[dict, str]:
    """The source -> group scheme and its name (default :data:`impactlib.model.SOURCE_GROUPS`)."""
    if scheme is None:
        return dict(model.SOURCE_GROUPS), scheme_name or default_name
    missing = [s for s in model.SOURCES if s not in scheme]
    if missing:
        raise ValueError(
            "the source-group scheme must give a group for every source code; missing: "
            + ", ".join(missing)
        )
    return dict(scheme), scheme_name or "custom"


def year_window(f: pd.DataFrame, window: tuple[int, int] | None) -> tuple[pd.DataFrame, int, int]:
    """Rows of ``f`` within the window (first, last year) and the window; default all years."""
    if window is None:
        if f.empty:
            raise ValueError("the funding table has no rows")
        return f, int(f["year"].min()), int(f["year"].max())
    first, last = (int(window[0]), int(window[1]))
    if first > last:
        raise ValueError(f"window must be (first year, last year), got {window!r}")
    f = f[(f["year"] >= first) & (f["year"] <= last)]
    if f.empty:
        raise ValueError(f"the funding table has no rows in the years {first}–{last}")
    return f, first, last
