"""Counting reliable change per activity: the grouped passes behind
:func:`~impactlib.effectiveness.reliable_change_rates` (private).

Three routes to the same table (one row per activity × instrument × group with the counts of
pairs, reliably improved, unchanged and deteriorated participants and the first ``sd_pre``,
``reliability`` and ``s_diff`` of the group):

* :func:`rates_on_pairs` — from the units of :func:`~impactlib.effectiveness._pairs.pair_codes`
  (integer codes, no wide table; every validated ``outcomes`` table);
* :func:`rates_on_codes` — from the wide table of :func:`paired_scores` and integer group codes;
* :func:`rates_by_groupby` — the pandas group-by on the text keys (any keys).

The per-participant index is :func:`rci_parts` (Jacobson & Truax 1991), shared with
:func:`~impactlib.effectiveness.reliable_change`. The SDs are pandas' grouped ``std`` on the
paired participants in the order of :func:`paired_scores` (grouped by an integer instead of the
text, the same kernel on the same numbers in the same order: the same floats); counts are
:func:`numpy.bincount`.

Examples
--------
>>> rci_parts([20.0], [28.0], [4.0], [0.84], [True], 1.96)["rci"].round(3).tolist()
[3.536]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._util import floats
from ._pairs import Pairs, first_valid
from .effectsize import higher_is_better_lookup

__all__ = ["rci_parts", "categories", "rates_on_pairs", "rates_on_codes", "rates_by_groupby", "COUNTS"]

#: The count columns of the table, in order.
COUNTS = ("n_pairs", "n_improved", "n_no_change", "n_deteriorated")


def rci_parts(pre, post, sd_pre, reliability, higher_is_better, criterion: float) -> dict:
    """Change, :math:`S_{diff}`, RCI and direction-signed RCI per participant (validated).

    Raises ``ValueError`` for a reliability outside (0, 1) or an SD that is not positive (the
    checks of :func:`~impactlib.effectiveness.reliable_change`).
    """
    x1, x2 = floats(pre).ravel(), floats(post).ravel()
    if x1.shape != x2.shape:
        raise ValueError("pre and post must have the same length / alku- ja loppumittauksia pitää olla yhtä monta")
    rel = np.broadcast_to(floats(reliability), x1.shape)
    sd = np.broadcast_to(floats(sd_pre), x1.shape)
    if np.any(~np.isfinite(rel)) or np.any((rel <= 0) | (rel >= 1)):
        raise ValueError(
            "reliability must be between 0 and 1 (exclusive), e.g. 0.84 from data/instruments.csv / "
            "reliabiliteetin pitää olla välillä 0–1."
        )
    if np.any(~np.isfinite(sd)) or np.any(sd <= 0):
        raise ValueError("sd_pre must be a positive number / alkumittauksen keskihajonnan pitää olla positiivinen.")
    sign = np.where(np.broadcast_to(np.asarray(higher_is_better, dtype=bool), x1.shape), 1.0, -1.0)
    s_diff = np.sqrt(2.0 * (sd * np.sqrt(1 - rel)) ** 2)
    change = x2 - x1
    rci = change / s_diff
    return {"change": change, "s_diff": s_diff, "rci": rci, "signed": sign * rci}


def categories(rci, signed, criterion: float):
    """``improved``, ``no_reliable_change`` or ``deteriorated`` per participant (a string array,
    missing where the RCI is not finite)."""
    cat = np.where(signed > criterion, "improved", np.where(signed < -criterion, "deteriorated", "no_reliable_change"))
    return pd.array(np.where(np.isfinite(rci), cat, None), dtype="string")


def _category_counts(gid, n_groups, rci, signed, criterion) -> dict:
    """The four counts per group from the RCIs (a missing or infinite RCI counts nowhere)."""
    valid = np.isfinite(rci)
    imp = valid & (signed > criterion)
    det = valid & ~imp & (signed < -criterion)
    rows = {"n_pairs": valid, "n_improved": imp, "n_no_change": valid & ~imp & ~det, "n_deteriorated": det}
    return {c: np.bincount(gid[rows[c]], minlength=n_groups).astype("int64") for c in COUNTS}


def rates_on_pairs(p: Pairs, *, group, sd_from: str, reliability: dict, higher_is_better,
                   criterion: float) -> pd.DataFrame | None:
    """The table from the units ``p`` (see the module); ``None`` when no group is left after
    the ``group`` filter (then the general path gives its empty table)."""
    keep = np.ones(p.n_groups, dtype=bool) if group is None else \
        (pd.Series(p.group) == group).to_numpy(dtype=bool, na_value=False)
    kept = np.flatnonzero(keep)
    if len(kept) == 0:
        return None
    new_id = np.cumsum(keep) - 1
    unit_group = p.gid
    sel = keep[unit_group] & ~np.isnan(p.pre) & ~np.isnan(p.post)
    gid = new_id[unit_group[sel]]
    n_groups = len(kept)
    pre_v, post_v = p.pre[sel], p.post[sel]
    icode = p.instrument_code[unit_group[sel]]
    names = pd.Series(np.asarray(p.instruments, dtype=object))
    rel_i = names.map(reliability)
    present = np.zeros(len(names), dtype=bool)
    present[icode] = True
    bad = present & rel_i.isna().to_numpy()
    if bad.any():
        missing = sorted(set(names[bad].astype(str)))
        raise ValueError(
            f"No reliability for instrument(s) {missing}: add it to data/instruments.csv with its source, or "
            f"pass reliability={{'{missing[0]}': 0.8}} / mittarin reliabiliteetti puuttuu."
        )
    rel = rel_i.to_numpy(dtype=float, na_value=np.nan)[icode]
    x = pd.Series(pre_v)
    if sd_from == "instrument":
        sd_g, by = x.groupby(icode, sort=True).std(), icode
    elif sd_from == "activity":
        sd_g, by = x.groupby(gid, sort=True).std(), gid
    else:
        raise ValueError(f"sd_from must be 'instrument' or 'activity', got {sd_from!r}")
    sd_full = np.full(int(by.max()) + 1 if len(by) else 0, np.nan)
    sd_full[sd_g.index.to_numpy(dtype=np.int64)] = sd_g.to_numpy(dtype=float)
    sd = sd_full[by]
    ok = ~np.isnan(sd) & (sd > 0)
    s_diff = np.full(len(sd), np.nan)
    out = p.key_frame(kept)
    if ok.any():
        used = np.flatnonzero(np.bincount(icode[ok], minlength=len(names)))
        hib_i = np.zeros(len(names), dtype=bool)
        hib_i[used] = higher_is_better_lookup(names.iloc[used].reset_index(drop=True), higher_is_better)
        rc = rci_parts(pre_v[ok], post_v[ok], sd[ok], rel[ok], hib_i[icode[ok]], criterion)
        s_diff[ok] = rc["s_diff"]
        counts = _category_counts(gid[ok], n_groups, rc["rci"], rc["signed"], criterion)
    else:
        counts = {c: np.zeros(n_groups, dtype="int64") for c in COUNTS}
    for c in COUNTS:
        out[c] = counts[c]
    for c, values in (("sd_pre", sd), ("reliability", rel), ("s_diff", s_diff)):
        out[c] = first_valid(gid, n_groups, values)
    return out


def rates_by_groupby(wide, keys, all_keys, ok, higher_is_better, criterion) -> pd.DataFrame:
    """The table by pandas group-by on the text keys (any keys)."""
    wide["category"] = pd.array([None] * len(wide), dtype="string")
    wide["s_diff"] = np.nan
    if ok.any():
        sub = wide[ok]
        rc = rci_parts(sub["pre"], sub["post"], sub["sd_pre"].to_numpy(), sub["reliability"].to_numpy(),
                       higher_is_better_lookup(sub["instrument"], higher_is_better), criterion)
        wide.loc[ok, "category"] = pd.Series(categories(rc["rci"], rc["signed"], criterion), index=sub.index)
        wide.loc[ok, "s_diff"] = pd.Series(rc["s_diff"], index=sub.index)
    for c, what in (("_imp", "improved"), ("_det", "deteriorated"), ("_nc", "no_reliable_change")):
        wide[c] = (wide["category"] == what).fillna(False).astype(int)
    wide["_n"] = wide["category"].notna().astype(int)
    g = wide.groupby(keys, sort=True)
    out = pd.DataFrame({
        "n_pairs": g["_n"].sum(), "n_improved": g["_imp"].sum(), "n_no_change": g["_nc"].sum(),
        "n_deteriorated": g["_det"].sum(), "sd_pre": g["sd_pre"].first(),
        "reliability": g["reliability"].first(), "s_diff": g["s_diff"].first(),
    }).reset_index()
    out = all_keys.merge(out, on=keys, how="left").reset_index(drop=True)
    for c in COUNTS:
        out[c] = out[c].fillna(0).astype("int64")
    return out


def rates_on_codes(wide, all_keys, gid, n_groups, ok, higher_is_better, criterion) -> pd.DataFrame:
    """:func:`rates_by_groupby` on the integer groups ``gid`` of the pairs in ``wide`` (numbered
    by :func:`~impactlib.effectiveness.prepost.group_codes` over every group, ``all_keys``): the
    same counts and first values, without grouping on text or merging."""
    s_diff = np.full(len(wide), np.nan)
    out = all_keys.copy()
    counts = {c: np.zeros(n_groups, dtype="int64") for c in COUNTS}
    if ok.any():
        sub = wide[ok]
        rc = rci_parts(sub["pre"], sub["post"], sub["sd_pre"].to_numpy(), sub["reliability"].to_numpy(),
                       higher_is_better_lookup(sub["instrument"], higher_is_better), criterion)
        s_diff[ok] = rc["s_diff"]
        counts = _category_counts(gid[ok], n_groups, rc["rci"], rc["signed"], criterion)
    for c in COUNTS:
        out[c] = counts[c]
    for col, values in (("sd_pre", wide["sd_pre"].to_numpy(dtype=float)),
                        ("reliability", wide["reliability"].to_numpy(dtype=float)), ("s_diff", s_diff)):
        out[col] = first_valid(gid, n_groups, values)
    return out
