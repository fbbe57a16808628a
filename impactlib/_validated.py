"""The mark of a validated table, and the cheap check indicator functions do.

:func:`impactlib.validate` (and so :func:`impactlib.load_dataset` and
:func:`impactlib.load_demo`) checks every rule once and marks each table it
returns: ``DataFrame.attrs["impactlib.validated"]`` holds the table's name and
a fingerprint of the validation code. The mark travels with copies, row
filters, column selections and pickling, so an indicator function given
``ds.funding`` or ``ds.for_county("15").funding`` can trust the values and
do only :func:`require_columns`: the columns are there and still have their
model dtypes. A frame built by hand carries no mark and gets the indicator's
full check. Whoever changes values of a validated table in place should
validate it again.

Examples
--------
>>> import pandas as pd
>>> from impactlib import load_demo
>>> ds = load_demo()
>>> require_columns(ds.funding, ["org_id", "year", "amount_eur"], table="funding")
True
>>> plain = pd.DataFrame({"org_id": ["1234567-1"], "year": [2023], "amount_eur": [1.0]})
>>> require_columns(plain, ["org_id", "year", "amount_eur"], table="funding")
False
>>> require_columns(plain, ["org_id", "source"], table="funding")
Traceback (most recent call last):
...
impactlib.errors.DataError: 1 problem in the data / 1 ongelma aineistossa:
  funding, column source: [missing_column] required column is missing / pakollinen sarake puuttuu
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import pandas as pd

from . import model
from .errors import RULES, DataError, Problem

__all__ = ["VALIDATED_KEY", "validation_id", "mark_validated", "is_validated", "require_columns"]

#: Key of the mark in ``DataFrame.attrs``.
VALIDATED_KEY = "impactlib.validated"

#: The modules whose code decides what "valid" means.
_VALIDATION_CODE = ("model.py", "validation.py", "_validated.py", "_row_rules.py")


@cache
def validation_id() -> str:
    """Fingerprint of the validation code: SHA-256 over the modules that define the rules.

    A table marked by another version of the rules is not trusted.
    """
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for name in _VALIDATION_CODE:
        try:
            h.update((here / name).read_bytes())
        except OSError:  # a zipped install without sources: fall back to the version
            from . import __version__

            h.update(f"{name} {__version__}".encode())
    return h.hexdigest()


def mark_validated(df: pd.DataFrame, table: str) -> pd.DataFrame:
    """Mark ``df`` (in place, in ``df.attrs``) as the validated table ``table``; return it."""
    df.attrs[VALIDATED_KEY] = {"table": table, "by": validation_id()}
    return df


def is_validated(df, table: str | None = None) -> bool:
    """True if ``df`` carries the mark of :func:`impactlib.validate` (for ``table``, if given)."""
    mark = getattr(df, "attrs", {}).get(VALIDATED_KEY) if isinstance(df, pd.DataFrame) else None
    if not isinstance(mark, dict) or mark.get("by") != validation_id():
        return False
    return table is None or mark.get("table") == table


def require_columns(df, columns: Iterable[str], *, table: str, file: str | None = None) -> bool:
    """Cheap input check for indicator functions: columns present, dtypes unchanged.

    Parameters
    ----------
    df : pandas.DataFrame
        The table the function was given.
    columns : iterable of str
        Columns the function reads.
    table : str
        The data-model table ``df`` should be (``"funding"``, ``"activities"`` …),
        named in messages.
    file : str, optional
        Name for messages instead of ``table``.

    Returns
    -------
    bool
        True when ``df`` is a table validated by :func:`impactlib.validate`
        for ``table`` and every requested model column still has its model
        dtype: its values can be trusted. False otherwise: the caller checks
        the values itself.

    Raises
    ------
    TypeError
        If ``df`` is not a DataFrame.
    DataError
        Listing every missing column at once (rule ``missing_column``).

    Notes
    -----
    Never reads the values: the cost is one look at the column names and dtypes.
    """
    if not isinstance(df, pd.DataFrame):
        raise TypeError(
            f"{table} must be a pandas DataFrame (the {table} table), got {type(df).__name__}"
        )
    columns = list(columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        en, fi = RULES["missing_column"]
        raise DataError([Problem(file or table, None, c, None, "missing_column", en, fi) for c in missing])
    if not is_validated(df, table):
        return False
    dtypes = _model_dtypes(table)
    return all(c not in dtypes or df[c].dtype == dtypes[c] for c in columns)


@cache
def _model_dtypes(table: str) -> dict:
    spec = model.TABLES.get(table)
    if spec is None:
        return {}
    return {f.name: pd.api.types.pandas_dtype(model.pandas_dtype(f)) for f in spec.fields}
