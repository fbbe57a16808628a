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


def _distinct(s: pd.Series):
    """Codes and distinct values of ``s`` (:func:`pandas.factorize`; missing values get code -1)."""
    codes, uniques = pd.factorize(s)
    return codes, pd.Series(uniques)


def map_values(s: pd.Series, mapping) -> pd.Series:
    """``s.map(mapping)`` for a dict, looked up once per distinct value (same values and dtype).

    A long column of codes (Arrow strings in a validated table) holds few
    distinct values; :meth:`pandas.Series.map` would convert every row to a
    Python object first. Here the distinct values are mapped
    (:func:`pandas.factorize`) and the result taken back to the rows.
    """
    if isinstance(s.dtype, pd.CategoricalDtype):
        return s.map(mapping)  # maps the categories only, and stays categorical
    codes, uniques = _distinct(s)
    if (codes < 0).any() and not isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
        return s.map(mapping)  # object NaN/None kept exactly as Series.map keeps them
    mapped = uniques.map(mapping).to_numpy()
    return pd.Series(pd.api.extensions.take(mapped, codes, allow_fill=True), index=s.index, name=s.name)


def recode_values(s: pd.Series, mapping) -> pd.Series:
    """``s`` with the values found in ``mapping`` replaced (a vectorised look-up, dtype kept).

    The look-up is done once per distinct value (:func:`pandas.factorize`)
    and taken back to the rows, so Arrow strings stay Arrow strings.
    """
    if not mapping:
        return s
    codes, uniques = _distinct(s)
    if isinstance(s.dtype, pd.CategoricalDtype) or (
            (codes < 0).any() and not isinstance(s.dtype, pd.api.extensions.ExtensionDtype)):
        new = s.map(mapping)  # categories, or object NaN/None kept exactly as they are
        return new.where(new.notna(), s).astype(s.dtype)
    new = uniques.map(mapping)
    new = new.where(new.notna(), uniques).astype(s.dtype)
    return pd.Series(new.array.take(codes, allow_fill=True), index=s.index, name=s.name)


def p_text(p: float, lang: str = "fi") -> str:
    """A p-value for a sentence: ``"= 0,034"`` or ``"< 0,001"`` (Finnish or English numbers)."""
    from .i18n import fmt_number

    return ("< " + fmt_number(0.001, 3, lang)) if p < 0.001 else "= " + fmt_number(p, 3, lang)


def check_level(level: float) -> float:
    """A confidence level strictly between 0 and 1, as a float."""
    level = float(level)
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level}")
    return level


def level_or_confidence(level: float, confidence: float | None, where: str) -> float:
    """The confidence level, from ``level=`` or the deprecated ``confidence=`` (with a warning)."""
    if confidence is not None:
        import warnings

        warnings.warn(f"{where}(confidence=...) is deprecated; use level=... (the same number)",
                      DeprecationWarning, stacklevel=3)
        level = confidence
    return check_level(level)


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


def hidden_cells(table: pd.DataFrame, counts, groups=None, *, across: bool = False,
                 ordered: bool = False) -> np.ndarray:
    """Rows whose count cells small-cell suppression hides (primary or complementary).

    ``counts`` is one column name or a list; a row is hidden when any of its
    count cells is (:func:`impactlib.disclosure.suppression_mask`; ``ordered``
    for bands, whose complementary cell is a neighbour).
    """
    from .disclosure import THRESHOLD, suppression_mask

    if table.empty:
        return np.zeros(0, dtype=bool)
    counts = [counts] if isinstance(counts, str) else list(counts)
    primary, secondary = suppression_mask(table, counts, threshold=THRESHOLD, groups=groups,
                                          across=across, ordered=ordered)
    return (primary | secondary).any(axis=1).to_numpy()


# ---------------------------------------------------------------------------
# The funding table (continuity indicators)
# ---------------------------------------------------------------------------

#: What a column must hold, by kind: a test of its dtype and the words for a person.
_KINDS = {
    "text": (lambda s: not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)),
             "text (codes, names)", "tekstiä (koodeja, nimiä)"),
    "int": (lambda s: pd.api.types.is_integer_dtype(s) and not pd.api.types.is_bool_dtype(s),
            "whole numbers such as 2023", "kokonaislukuja, esim. 2023"),
    "number": (lambda s: pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s),
               "numbers", "lukuja"),
}


def check_columns(df: pd.DataFrame, kinds: dict[str, str], *, table: str) -> None:
    """A cheap check of a table that :func:`impactlib.validate` has already checked.

    Only the columns and their dtypes are looked at (no value is scanned, no
    copy is made): a validated table passes in microseconds. Raises
    :class:`~impactlib.errors.DataError` listing every missing column and
    every column of the wrong dtype (rule ``dtype``), with the advice to
    validate the table first. ``kinds`` maps a column to ``"text"``, ``"int"``
    or ``"number"``.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"{table} must be a pandas DataFrame (the {table} table), "
                        f"got {type(df).__name__}")
    probs = [
        Problem(file=table, row=None, column=c, value=None, rule="missing_column",
                message_en=f"the {table} table needs a column '{c}'",
                message_fi=f"taulukosta {table} puuttuu sarake '{c}'")
        for c in kinds if c not in df.columns
    ]
    for c, kind in kinds.items():
        ok, en, fi = _KINDS[kind]
        if c in df.columns and not ok(df[c]):
            probs.append(Problem(
                file=table, row=None, column=c, value=str(df[c].dtype), rule="dtype",
                message_en=f"the column must hold {en}; check the table with impactlib.validate() "
                           "(or read it with impactlib.load_dataset), which also converts "
                           "Finnish-formatted numbers",
                message_fi=f"sarakkeessa pitää olla {fi}; tarkista taulukko ensin "
                           "impactlib.validate()-funktiolla (tai lue se load_dataset-funktiolla)"))
    if probs:
        raise DataError(probs)


#: Columns every continuity indicator needs from the funding table, and what they hold.
FUNDING_COLUMNS = {"org_id": "text", "year": "int", "source": "text", "funder": "text",
                   "amount_eur": "number"}


def check_funding(funding: pd.DataFrame, *, table: str = "funding") -> pd.DataFrame:
    """Check the columns of a validated funding table; return a slim working frame.

    The table is trusted to have passed :func:`impactlib.validate` (as every
    table from :func:`impactlib.load_dataset` and :func:`impactlib.load_demo`
    has): only its columns and dtypes are checked (:func:`check_columns`).
    The working frame holds the needed columns (``grant_id`` too, when
    present) with the text columns as they are (Arrow strings stay Arrow
    strings), ``year`` as int64 and ``amount_eur`` as float64, on a new
    :class:`pandas.RangeIndex`. It is a new frame, so indicators may add or
    replace columns without touching the input; its columns are not copied
    (no row is copied for a table that already has these dtypes), so they
    must never be written into: the numeric ones are read-only views.
    """
    check_columns(funding, FUNDING_COLUMNS, table=table)
    year = funding["year"]
    if year.hasnans:
        raise DataError(problems(year.isna().to_numpy(), year, column="year", table=table,
                                 rule="missing_value",
                                 en="empty year; every funding row needs one",
                                 fi="vuosi puuttuu; jokaisella rahoitusrivillä pitää olla vuosi"))
    cols = {"org_id": _shared(funding["org_id"]), "year": _shared(year, np.int64),
            "source": _shared(funding["source"]), "funder": _shared(funding["funder"]),
            "amount_eur": _shared(funding["amount_eur"], np.float64)}
    if "grant_id" in funding.columns:
        gid = funding["grant_id"]
        cols["grant_id"] = gid.array if isinstance(gid.dtype, pd.StringDtype) else gid.astype(
            "string").array
    return pd.DataFrame(cols, copy=False)


def _shared(s: pd.Series, dtype=None):
    """The values of ``s`` for a working frame: no copy, numbers as read-only NumPy arrays."""
    if dtype is None and isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
        return s.array  # Arrow arrays cannot be written into
    a = (s if dtype is None else s.astype(dtype, copy=False)).to_numpy().view()
    a.flags.writeable = False
    return a


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


# ---------------------------------------------------------------------------
# Integer keys for the indicator cores (fast paths with the same results)
# ---------------------------------------------------------------------------


def text_codes(s: pd.Series) -> tuple[np.ndarray, pd.api.extensions.ExtensionArray] | None:
    """Integer codes of a text column in the sort order of its values, and the values.

    For grouping on integers instead of strings: code ``i`` is the ``i``-th
    value in sorted order (as ``groupby(sort=True)`` orders them) and the
    values are taken from the column itself, so they keep its dtype (Arrow
    strings stay Arrow strings). ``None`` when the column is not plain text
    (categorical, numbers, mixed objects) or has a missing value: then the
    caller takes its general path.
    """
    if isinstance(s.dtype, pd.StringDtype):
        pass
    elif s.dtype != object or pd.api.types.infer_dtype(s, skipna=False) != "string":
        return None
    codes, uniques = pd.factorize(s, sort=True)
    if len(codes) == 0 or codes.min() < 0:
        return None
    codes = codes.astype(np.int64, copy=False)
    if uniques.dtype == s.dtype:  # the column's own kind of array (Arrow stays Arrow)
        return codes, uniques.array
    first = np.empty(len(uniques), dtype=np.int64)
    first[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    return codes, s.array.take(first)


def dense(key: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of an integer key in ``[0, size)`` (sorted) and each row's position."""
    key = np.asarray(key, dtype=np.int64)
    if size <= 2 * len(key) + 1000:  # counting beats sorting only for a small key space
        present = np.flatnonzero(np.bincount(key, minlength=size))
        pos = np.zeros(size, dtype=np.int64)
        pos[present] = np.arange(len(present))
        return present, pos[key]
    # a stable sort: linear on keys that come nearly in order (rows sorted by association and
    # year), where np.unique's quicksort is not; the same distinct values and positions
    order = np.argsort(key, kind="stable")
    sk = key[order]
    new = np.empty(len(sk), dtype=bool)
    new[:1] = True
    np.not_equal(sk[1:], sk[:-1], out=new[1:])
    inv = np.empty(len(sk), dtype=np.int64)
    inv[order] = np.cumsum(new) - 1
    return sk[new], inv


def group_sums(inv: np.ndarray, values, n: int, *, max_rows: int = 256) -> np.ndarray:
    """Sums of ``values`` by group ``inv`` (0 … n − 1): the very floats of pandas' grouped sum.

    pandas adds a group's values in row order with Kahan compensation and
    skips NaN. Whole numbers (as euros often are) whose absolute values add
    up to less than 2**52 are added exactly in any order, so there
    :func:`numpy.bincount` gives the same sums. Otherwise the same Kahan steps
    are taken in the same order, vectorised over the groups (one step per row
    of the largest group; pandas itself sums groups of more than ``max_rows``).
    """
    v = floats(values)
    inv = np.asarray(inv, dtype=np.int64)
    if np.isfinite(v).all() and (v == np.rint(v)).all() and np.abs(v).sum() < 2.0 ** 52:
        return np.bincount(inv, v, minlength=n).astype(float)
    cnt = np.bincount(inv, minlength=n)
    if len(v) == 0 or cnt.max() > max_rows:
        s = pd.Series(v).groupby(inv, sort=True).sum()
        return s.reindex(np.arange(n), fill_value=0.0).to_numpy(dtype=float)
    if (inv[1:] >= inv[:-1]).all():  # rows already grouped (sorted keys): no sort needed
        order, ginv = np.arange(len(v)), inv
    else:
        order = np.argsort(inv, kind="stable")  # rows of each group in their order
        ginv = inv[order]
    at = np.arange(len(v)) - (np.cumsum(cnt) - cnt)[ginv]  # position within the group
    # positions are below max_rows + 1: as 16-bit integers they are sorted by radix sort
    small = np.uint16 if max_rows < 2**16 else np.int64
    step = np.argsort(at.astype(small), kind="stable")
    bounds = np.r_[0, np.cumsum(np.bincount(at))]
    total, comp = np.zeros(n), np.zeros(n)
    nan = np.isnan(v).any()
    with np.errstate(invalid="ignore", over="ignore"):
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):
            rows = order[step[lo:hi]]
            if nan:
                rows = rows[~np.isnan(v[rows])]
            g, val = inv[rows], v[rows]
            y = val - comp[g]
            t = total[g] + y
            c = (t - total[g]) - y
            comp[g] = np.where(np.isnan(c), 0.0, c)  # as pandas: an infinity keeps its sign
            total[g] = t
    return total


def mapped_codes(codes: np.ndarray, values, mapping) -> tuple[np.ndarray, object] | None:
    """:func:`text_codes` of a column mapped with :func:`map_values`, from the column's codes.

    Only the distinct ``values`` are mapped, so ``f["source"]`` of many rows
    gives the codes of its source groups in microseconds. ``None`` when a
    value has no mapping.
    """
    m = text_codes(map_values(pd.Series(values), mapping))
    return None if m is None else (m[0][codes], m[1])


def column(values) -> object:
    """Values for a new DataFrame column: an object array as a plain NumPy array (no NA scan)."""
    return np.asarray(values) if pd.api.types.is_object_dtype(values.dtype) else values


# ---------------------------------------------------------------------------
# Integer-code cores of continuity indicators (their fast paths)
# ---------------------------------------------------------------------------


def year_codes(year) -> tuple[np.ndarray, np.ndarray]:
    """Codes (year − first year) and values (first … last year) of a year column, for grouping."""
    year = np.asarray(year, dtype=np.int64)
    return year - year.min(), np.arange(year.min(), year.max() + 1)


def keyed_sums(keys: list, amount: np.ndarray, org: np.ndarray | None, n_org: int) -> tuple:
    """Sums of ``amount`` and associations with money by combination of keys, sorted.

    ``keys`` are ``(codes, values)`` pairs (:func:`text_codes`); returns the
    values of each key per combination present, the sums (as pandas sums,
    :func:`group_sums`) and the number of distinct ``org`` codes with an
    amount above 0 (as ``groupby(...).nunique()``; None without ``org``).
    """
    comb, size = np.zeros(len(amount), dtype=np.int64), 1
    for c, v in keys:
        comb, size = comb * len(v) + c, size * len(v)
    k, inv = dense(comb, size)
    pos, n = amount > 0, None
    if org is not None:
        # distinct (association, combination) pairs, keyed association first: rows sorted by
        # association give nearly sorted keys, which dense() sorts in linear time
        n = np.bincount(dense(org[pos] * len(k) + inv[pos], len(k) * n_org)[0] % len(k),
                        minlength=len(k))
    cols, rest = [], k
    for _, v in reversed(keys):
        cols.insert(0, v.take(rest % len(v)))
        rest = rest // len(v)
    return cols, group_sums(inv, amount, len(k)), n
