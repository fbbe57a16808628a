"""Pre/post pairs on integer codes: the one grouped pass behind the participant-level indicators.

:func:`paired_scores`, :func:`prepost`, :func:`reliable_change_rates` and
:func:`comparison_effect` all start by pairing each participant's pre- and post-test score
(one *unit* per activity × instrument × group × participant). Done on text, this means
grouping and re-taking four string columns of the whole ``outcomes`` table; here each key
column is turned into integer codes once (:func:`pandas.factorize` with ``sort=True``, so that
code order is the sorted order of the values, as ``groupby(sort=True)`` and ``pivot`` order
them), the four codes are combined into one integer per row and sorted once
(:func:`numpy.unique`), and the scores are put in place with numpy. The units come out in the
sorted order of their keys — the row order of :func:`paired_scores` — so sums taken over them
in unit order add the same numbers in the same order as the pandas group-bys of the plain
path. The text values are taken back only for the (small) tables the indicators return.

:func:`pair_codes` returns ``None`` where the plain path is needed (keys that are not plain
text, a key missing on a pre/post row, scores that are not float64, ``pre == post``); the
callers then take their general path, which is unchanged. Private: the names here serve the
modules of :mod:`impactlib.effectiveness` only.

Examples
--------
>>> o = pd.DataFrame({"activity_id": ["A", "A", "A"], "participant_id": ["p2", "p1", "p1"],
...                   "phase": ["pre", "post", "pre"], "instrument": ["GAD7"] * 3,
...                   "score": [10.0, 8.0, 12.0]})
>>> p = pair_codes(o, "pre", "post")
>>> p.pre.tolist(), p.post.tolist(), p.row.tolist(), p.n_groups
([12.0, 10.0], [8.0, nan], [2, 0], 1)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .._util import div, require
from ..errors import DataError, Problem

__all__ = ["OUTCOME_COLS", "Pairs", "pair_codes", "raise_duplicates", "column_at", "grouped_pair_stats",
           "first_valid"]

#: The columns every ``outcomes`` table needs for pairing.
OUTCOME_COLS = ("activity_id", "participant_id", "phase", "instrument", "score")

#: The key columns of a unit, in the order of :func:`paired_scores`' sort.
UNIT_KEYS = ("activity_id", "instrument", "group", "participant_id")


@dataclass(frozen=True)
class Pairs:
    """The units (activity × instrument × group × participant) of an outcomes table.

    Attributes
    ----------
    pre, post : numpy.ndarray
        Each unit's scores (NaN where that phase is missing), units in the sorted order of
        their keys.
    row : numpy.ndarray
        Position (0-based, in the outcomes table) of each unit's pre-test row, or of its
        post-test row where it has none: the row its keys and extra columns come from.
    gid : numpy.ndarray
        Each unit's activity × instrument × group, numbered 0 … ``n_groups`` − 1 in sorted order
        (non-decreasing along the units).
    n_groups : int
    activity, instrument, group : array-like
        The key values of each group (the columns' own values and dtype; ``group`` is an object
        array of ``"participant"`` where the table has no ``group`` column).
    instrument_code : numpy.ndarray
        Each group's instrument as a code into ``instruments`` (sorted distinct values).
    instruments : array-like
        The distinct instruments of the table, sorted.
    activity_code : numpy.ndarray
        Each group's activity as a code (sorted order of the activities).
    """

    pre: np.ndarray
    post: np.ndarray
    row: np.ndarray
    gid: np.ndarray
    n_groups: int
    activity: object
    instrument: object
    group: object
    instrument_code: np.ndarray
    instruments: object
    activity_code: np.ndarray

    def key_frame(self, groups: np.ndarray | None = None) -> pd.DataFrame:
        """``activity_id, instrument, group`` of the groups (all, or the positions ``groups``)."""
        take = np.arange(self.n_groups) if groups is None else np.asarray(groups, dtype=np.int64)
        return pd.DataFrame({"activity_id": _take(self.activity, take),
                             "instrument": _take(self.instrument, take),
                             "group": _take(self.group, take)})


def _take(values, idx: np.ndarray):
    """``values[idx]`` keeping the dtype of an extension array (Arrow strings stay Arrow)."""
    if isinstance(values, np.ndarray):
        return values[idx]
    return values.take(idx)


def _mask(s: pd.Series) -> np.ndarray:
    """A boolean column as a numpy array, missing values False."""
    return s.to_numpy(dtype=bool, na_value=False)


def _sorted_codes(s: pd.Series) -> tuple[np.ndarray, object] | None:
    """Codes of a text column in the sorted order of its values (-1 where missing) and the values.

    The values are taken from the column itself (its dtype kept). ``None`` unless the column is
    plain text (a string dtype, or objects that are all ``str`` apart from missing values).
    """
    if not isinstance(s.dtype, pd.StringDtype):
        if s.dtype != object or pd.api.types.infer_dtype(s, skipna=True) != "string":
            return None
    codes, uniques = pd.factorize(s, sort=True)
    codes = codes.astype(np.int64, copy=False)
    first = np.empty(len(uniques), dtype=np.int64)
    valid = np.flatnonzero(codes >= 0)
    first[codes[valid][::-1]] = valid[::-1]
    return codes, s.array.take(first)


def raise_duplicates(df: pd.DataFrame, dup) -> None:
    """DataError naming the rows where a participant has two scores for one phase and instrument."""
    dup = np.asarray(dup, dtype=bool)
    if dup.any():
        rows = df.index[dup][:20]
        raise DataError(
            [
                Problem(
                    file="outcomes", row=int(i) + 2 if isinstance(i, (int, np.integer)) else None,
                    column="participant_id", value=str(df.at[i, "participant_id"]), rule="prepost_pairing",
                    message_en="the same participant has two scores for one phase and instrument",
                    message_fi="samalla osallistujalla on kaksi tulosta samassa mittauksessa",
                )
                for i in rows
            ]
        )  # fmt: skip


def pair_codes(outcomes: pd.DataFrame, pre: str, post: str) -> Pairs | None:
    """The units of ``outcomes`` with their pre- and post-test scores (see the module).

    Parameters
    ----------
    outcomes : pandas.DataFrame
        The ``outcomes`` table.
    pre, post : str
        The phases to pair.

    Returns
    -------
    Pairs or None
        ``None`` where the plain path is needed.

    Raises
    ------
    DataError
        If a column is missing, or a participant has two scores for one phase and instrument
        (:func:`raise_duplicates`, the rows named as the plain path names them).
    """
    require(outcomes, OUTCOME_COLS, "outcomes")
    if pre == post or outcomes["score"].dtype != np.float64:
        return None
    phase = outcomes["phase"]
    is_pre = _mask(phase == pre)
    use = np.flatnonzero(is_pre | _mask(phase == post))
    coded = []
    for k in UNIT_KEYS[:3]:
        if k == "group" and k not in outcomes.columns:
            coded.append((np.zeros(len(outcomes), dtype=np.int64), np.array(["participant"], dtype=object)))
            continue
        sc = _sorted_codes(outcomes[k])
        if sc is None or (len(use) and int(sc[0][use].min()) < 0):
            return None
        coded.append(sc)
    sizes = [max(len(v), 1) for _, v in coded]
    if float(np.prod(np.array(sizes, dtype=float))) >= 2.0**62:
        return None
    gkey = np.zeros(len(use), dtype=np.int64)
    for (codes, _), size in zip(coded, sizes, strict=True):
        gkey = gkey * size + codes[use]
    units = _units(gkey, outcomes["participant_id"], use)
    if units is None:
        return None
    inv, unit_gkey = units
    n = len(unit_gkey)
    pre_row = is_pre[use]
    slot = 2 * inv + pre_row
    counts = np.bincount(slot, minlength=2 * n)
    if n and counts.max() > 1:
        raise_duplicates(outcomes.iloc[use], counts[slot] > 1)
    score = outcomes["score"].to_numpy()[use]
    pre_v, post_v = np.full(n, np.nan), np.full(n, np.nan)
    pre_v[inv[pre_row]] = score[pre_row]
    post_v[inv[~pre_row]] = score[~pre_row]
    row = np.empty(n, dtype=np.int64)
    row[inv[~pre_row]] = use[~pre_row]
    row[inv[pre_row]] = use[pre_row]  # the pre-test row wins
    start = np.ones(n, dtype=bool)
    start[1:] = unit_gkey[1:] != unit_gkey[:-1]
    gid = np.cumsum(start) - 1
    gk = unit_gkey[start]
    n_i, n_g = sizes[1], sizes[2]
    a_code, i_code, g_code = gk // (n_i * n_g), (gk // n_g) % n_i, gk % n_g
    return Pairs(pre_v, post_v, row, gid, len(gk), _take(coded[0][1], a_code), _take(coded[1][1], i_code),
                 _take(coded[2][1], g_code), i_code, coded[1][1], a_code)


def _units(gkey: np.ndarray, people: pd.Series, use: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Each pre/post row's unit and each unit's group key, units in the sorted order of
    (group key, participant); ``None`` if a participant is missing or not text.

    With Arrow strings the rows are sorted on the group key and the participant text at once
    (:func:`pyarrow.compute.sort_indices`, a stable sort; UTF-8 byte order is the code-point
    order Python and pandas sort text in) and a unit starts wherever the key or the text changes,
    without hashing the participants; otherwise the participants get sorted codes
    (:func:`pandas.factorize`) and the combined integer is sorted (:func:`numpy.unique`).
    """
    if isinstance(people.dtype, pd.StringDtype) and people.dtype.storage != "python":
        ids = pa.chunked_array(people.array.__arrow_array__()).take(pa.array(use)).combine_chunks()
        if ids.null_count:
            return None
        order = pc.sort_indices(pa.table({"g": gkey, "p": ids}),
                                sort_keys=[("g", "ascending"), ("p", "ascending")]).to_numpy()
        g_sorted, ids = gkey[order], ids.take(pa.array(order))
        new = np.ones(len(order), dtype=bool)
        if len(order) > 1:
            same = pc.equal(ids.slice(1), ids.slice(0, len(ids) - 1)).to_numpy(zero_copy_only=False)
            new[1:] = (g_sorted[1:] != g_sorted[:-1]) | ~same
        inv = np.empty(len(order), dtype=np.int64)
        inv[order] = np.cumsum(new) - 1
        return inv, g_sorted[new]
    sc = _sorted_codes(people)
    if sc is None or (len(use) and int(sc[0][use].min()) < 0):
        return None
    size = max(len(sc[1]), 1)
    if (float(gkey.max(initial=0)) + 1.0) * size >= 2.0**62:
        return None
    units, inv = np.unique(gkey * size + sc[0][use], return_inverse=True)
    return inv.reshape(-1), units // size


def column_at(outcomes: pd.DataFrame, c: str, rows: np.ndarray):
    """Column ``c`` of ``outcomes`` at the positions ``rows`` (its dtype kept; a missing ``group``
    column is ``"participant"`` throughout, as object)."""
    if c == "group" and c not in outcomes.columns:
        return np.full(len(rows), "participant", dtype=object)
    s = outcomes[c]
    if isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
        return s.array.take(rows)
    return s.to_numpy()[rows]


def grouped_pair_stats(gid: np.ndarray, n_groups: int, pre_v: np.ndarray, post_v: np.ndarray) -> dict:
    """Counts, means, SDs and r of paired scores per group, by pandas' grouped kernels.

    ``gid`` numbers each unit's group (0 … ``n_groups`` − 1). The means, SDs and the sum of
    cross-products are pandas' grouped ``mean``, ``std`` and ``sum`` on the paired units in their
    order, grouped by the integer — the same kernels on the same numbers in the same order as a
    group-by on the text keys, so the same floats.
    """
    has_pre, has_post = ~np.isnan(pre_v), ~np.isnan(post_v)
    both = has_pre & has_post
    out = {"n_pairs": np.bincount(gid[both], minlength=n_groups),
           "n_pre_only": np.bincount(gid[has_pre & ~has_post], minlength=n_groups),
           "n_post_only": np.bincount(gid[~has_pre & has_post], minlength=n_groups)}
    g_p = gid[both]
    x, y = pd.Series(pre_v[both]), pd.Series(post_v[both])
    gx, gy = x.groupby(g_p, sort=True), y.groupby(g_p, sort=True)
    m_pre, m_post = gx.mean(), gy.mean()
    at = m_pre.index.to_numpy()  # the groups with at least one pair

    def full(s: pd.Series) -> np.ndarray:
        a = np.full(n_groups, np.nan)
        a[at] = s.to_numpy(dtype=float)
        return a

    mp, mq = full(m_pre), full(m_post)
    sd_pre, sd_post = full(gx.std(ddof=1)), full(gy.std(ddof=1))
    cp = pd.Series((x.to_numpy() - mp[g_p]) * (y.to_numpy() - mq[g_p])).groupby(g_p, sort=True).sum()
    cov = np.full(n_groups, np.nan)
    cov[at] = div(cp.to_numpy(dtype=float), out["n_pairs"][at] - 1)
    out.update(mean_pre=mp, mean_post=mq, sd_pre=sd_pre, sd_post=sd_post, cov=cov)
    return out


def first_valid(gid: np.ndarray, n_groups: int, values: np.ndarray) -> np.ndarray:
    """Per group the first value that is not NaN (NaN where there is none), as pandas' ``first()``."""
    first, valid = np.full(n_groups, np.nan), np.flatnonzero(~np.isnan(values))
    first[gid[valid][::-1]] = values[valid][::-1]
    return first
