"""Lookups the continuity indicators share: municipal mergers and attributes of an association.

Examples
--------
>>> import pandas as pd
>>> from impactlib.continuity import attach_organisation
>>> orgs = pd.DataFrame({"org_id": ["0112038-9"], "municipality": ["179"], "kind": ["volunteer"]})
>>> attach_organisation(pd.DataFrame({"org_id": ["0112038-9"]}), orgs, columns=["county"])
      org_id county
0  0112038-9     15
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import regions
from ..dataset import org_county

__all__ = ["municipal_successors", "attach_organisation"]


def municipal_successors() -> dict[str, str]:
    """Municipality codes merged away since 2013 mapped to the municipality that continues them.

    Chains of mergers are followed to the end. Pass the result as ``recode=``
    to :func:`spells` so that a municipality's grants keep one funder code
    across a merger (otherwise the merger ends the spell and starts a new one).

    Returns
    -------
    dict of str to str
        Old code -> current code (Statistics Finland classification, bundled
        in ``data/regions/municipalities.csv``).

    Examples
    --------
    >>> municipal_successors()["099"]   # Honkajoki merged into Kankaanpää in 2021
    '214'
    """
    return regions.successors()


def attach_organisation(
    frame: pd.DataFrame,
    organisations: pd.DataFrame,
    *,
    columns: Sequence[str] = ("kind", "category", "municipality", "county"),
) -> pd.DataFrame:
    """Add attributes of the association (kind, home county, …) to a result table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table with an ``org_id`` column.
    organisations : pandas.DataFrame
        The ``organisations`` table.
    columns : list of str
        Columns of ``organisations`` to add; ``county`` is the wellbeing
        services county of the home municipality (2023 classification,
        :func:`impactlib.dataset.org_county`).

    Returns
    -------
    pandas.DataFrame
        A copy of ``frame`` with the columns added (``<NA>`` for associations
        missing from ``organisations``). Columns already in ``frame`` are
        left as they are.

    Notes
    -----
    Associations are looked up by their ``org_id`` as Arrow strings
    (:func:`pyarrow.compute.index_in`), the attributes taken by position with pandas.

    Examples
    --------
    >>> orgs = pd.DataFrame({"org_id": ["0112038-9"], "municipality": ["179"],
    ...                      "kind": ["volunteer"]})
    >>> attach_organisation(pd.DataFrame({"org_id": ["0112038-9"]}), orgs,
    ...                     columns=["kind", "county"])
          org_id       kind county
    0  0112038-9  volunteer     15
    """
    if "org_id" not in organisations.columns:
        raise ValueError("organisations must have an 'org_id' column (the Y-tunnus)")
    if "org_id" not in frame.columns:
        raise ValueError("the table must have an 'org_id' column to attach association data to")
    want = [c for c in columns if c not in frame.columns]
    if not want:
        return frame.copy()
    orgs = organisations.drop_duplicates("org_id")
    attrs = pd.DataFrame(index=pd.RangeIndex(len(orgs)))  # by position in orgs
    for c in want:
        if c == "county":
            if "municipality" not in orgs.columns:
                raise ValueError("organisations needs a 'municipality' column to find the county")
            attrs["county"] = org_county(orgs).to_numpy()
        elif c in orgs.columns:
            attrs[c] = orgs[c].to_numpy()
        else:
            raise ValueError(f"organisations has no column '{c}'")
    # each row's association by an Arrow hash look-up (pyarrow.compute.index_in: a missing value
    # matches a missing value, as a pandas index does), then the attributes by position; the
    # row of an association not in organisations is label −1 of reindex: missing values
    ids = _arrow(orgs["org_id"])
    pos = pc.index_in(_arrow(frame["org_id"]), value_set=ids).fill_null(-1).to_numpy()
    looked = attrs.reindex(pos)
    out = frame.copy()
    for c in want:
        out[c] = looked[c].to_numpy()
        if c in ("county", "kind", "category", "municipality"):
            out[c] = out[c].astype("string")
    return out


def _arrow(s: pd.Series) -> pa.Array:
    """A column as Arrow strings (the values ``astype("string[pyarrow]")`` gives)."""
    return pa.array(s.astype("string[pyarrow]").array)  # its __arrow_array__: no copy
