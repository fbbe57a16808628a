"""Disclosure control: small-cell suppression and pseudonymisation.

Every count of people or associations shown to people is suppressed when it
is below a threshold (default 5): it is shown as ``"<5"``. So that no
suppressed value can be recovered by subtraction from a shown total, cells
are also suppressed *complementarily* (secondary suppression, shown as
``"x"``): in every group of cells that adds up to a shown total, never
exactly one cell is hidden. Values derived from a suppressed count (euros,
shares, means of the same people) are hidden with it.

Zeros are shown: a cell of 0 people describes nobody. This follows the
threshold rule for frequency tables in Hundepool et al. (2012), *Statistical
Disclosure Control*, Wiley, ch. 5.

Participant identifiers never leave the library: :func:`pseudonymise`
replaces them with keyed hashes when data must be passed on.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"county": ["A", "B", "C"], "n": [12, 3, 40]})
>>> suppress(t, ["n"]).n.tolist()
['x', '<5', '40']
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .i18n import SMALL

__all__ = [
    "THRESHOLD",
    "SECONDARY",
    "suppression_mask",
    "suppress",
    "is_small",
    "pseudonymise",
]

#: Smallest count that may be shown.
THRESHOLD = 5
#: How a complementarily suppressed cell is shown.
SECONDARY = "x"


def is_small(n, threshold: int = THRESHOLD) -> np.ndarray:
    """True where a count is between 1 and ``threshold - 1`` (must be hidden).

    Examples
    --------
    >>> is_small([0, 1, 4, 5]).tolist()
    [False, True, True, False]
    """
    a = np.asarray(pd.to_numeric(pd.Series(n), errors="coerce"), dtype=float)
    return (a > 0) & (a < threshold)


def _complement(values: np.ndarray, hidden: np.ndarray) -> np.ndarray:
    """Hide one more cell in a 1-d group when exactly one cell is hidden."""
    added = np.zeros_like(hidden)
    if hidden.sum() == 1 and len(hidden) > 1:
        cand = np.where(~hidden & ~np.isnan(values))[0]
        if len(cand):
            pos = cand[values[cand] > 0]
            pool = pos if len(pos) else cand
            added[pool[np.argmin(values[pool])]] = True
    return added


def suppression_mask(
    table: pd.DataFrame,
    counts: Sequence[str],
    *,
    threshold: int = THRESHOLD,
    groups: str | Sequence[str] | None = None,
    across: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Primary and secondary suppression masks of the count columns.

    Parameters
    ----------
    table : pandas.DataFrame
    counts : list of str
        Columns holding counts of people or associations.
    threshold : int, default 5
        Counts from 1 to ``threshold - 1`` are hidden (primary suppression).
    groups : str or list of str, optional
        Columns whose values define groups of rows that add up to a shown
        total (e.g. the categories within each county). By default all rows
        form one group (a column total is assumed to be shown).
    across : bool, default False
        Also treat the count columns of one row as adding up to a shown row
        total.

    Returns
    -------
    primary, secondary : pandas.DataFrame of bool
        Same index as ``table``, columns ``counts``.
    """
    vals = table[list(counts)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    primary = is_small(vals.ravel(), threshold).reshape(vals.shape)
    hidden = primary.copy()
    if groups is None:
        gidx = [np.arange(len(table))]
    else:
        keys = [groups] if isinstance(groups, str) else list(groups)
        gidx = list(table.groupby(keys, sort=False, dropna=False).indices.values())
    for _ in range(100):  # small tables: iterate to a fixed point
        before = hidden.copy()
        for j in range(vals.shape[1]):
            for rows in gidx:
                hidden[rows, j] |= _complement(vals[rows, j], hidden[rows, j])
        if across and vals.shape[1] > 1:
            for i in range(vals.shape[0]):
                hidden[i, :] |= _complement(vals[i, :], hidden[i, :])
        if (hidden == before).all():
            break
    secondary = hidden & ~primary
    cols = list(counts)
    return (
        pd.DataFrame(primary, index=table.index, columns=cols),
        pd.DataFrame(secondary, index=table.index, columns=cols),
    )


def suppress(
    table: pd.DataFrame,
    counts: Sequence[str],
    *,
    threshold: int = THRESHOLD,
    dependent: Sequence[str] | dict[str, Sequence[str]] = (),
    groups: str | Sequence[str] | None = None,
    across: bool = False,
) -> pd.DataFrame:
    """Return a copy of ``table`` fit to show to people.

    Counts from 1 to ``threshold - 1`` become ``"<5"``; complementary cells
    become ``"x"``; values derived from a hidden count (``dependent``) become
    ``"x"`` in the same row. Other cells keep their values; the input frame is
    not modified.

    Parameters
    ----------
    table : pandas.DataFrame
    counts : list of str
        Count columns (people or associations).
    threshold : int, default 5
    dependent : list of str or dict, optional
        Columns hidden in every row where any count is hidden; or a dict
        ``{count_column: [dependent columns]}`` to tie them to one count.
    groups, across
        See :func:`suppression_mask`.

    Returns
    -------
    pandas.DataFrame
        Count and dependent columns are of object dtype.

    Examples
    --------
    >>> t = pd.DataFrame({"kind": ["a", "b", "c"], "n": [2, 9, 30],
    ...                   "eur": [1000.0, 5000.0, 9000.0]})
    >>> suppress(t, ["n"], dependent=["eur"]).to_dict("list")
    {'kind': ['a', 'b', 'c'], 'n': ['<5', 'x', '30'], 'eur': ['x', 'x', 9000.0]}
    """
    primary, secondary = suppression_mask(
        table, counts, threshold=threshold, groups=groups, across=across
    )
    out = table.copy()
    for c in counts:
        col = out[c].astype(object)
        col = col.where(~primary[c], SMALL).where(~secondary[c], SECONDARY)
        shown = ~(primary[c] | secondary[c])
        col[shown] = out.loc[shown, c].map(lambda v: v if pd.isna(v) else f"{int(v)}")
        out[c] = col
    hidden_any = (primary | secondary).any(axis=1)
    if isinstance(dependent, dict):
        pairs = [(c, deps) for c, deps in dependent.items()]
    else:
        pairs = [(None, list(dependent))]
    for c, deps in pairs:
        rows = hidden_any if c is None else (primary[c] | secondary[c])
        for d in deps:
            out[d] = out[d].astype(object).where(~rows, SECONDARY)
    return out


def pseudonymise(ids, key: str | bytes, *, length: int = 12) -> pd.Series:
    """Replace identifiers with keyed SHA-256 hashes (HMAC), stable for one key.

    Use a secret key that is not shared with the data; without it the hashes
    cannot be linked back to the original identifiers.

    Examples
    --------
    >>> pseudonymise(["anna", "ben"], key="secret").str.len().tolist()
    [12, 12]
    """
    k = key.encode() if isinstance(key, str) else key
    s = pd.Series(ids, dtype="string")
    return s.map(
        lambda v: v if pd.isna(v) else hmac.new(k, str(v).encode(), hashlib.sha256).hexdigest()[:length]
    )
