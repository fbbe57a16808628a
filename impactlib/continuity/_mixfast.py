"""Integer-code cores of funding_mix, volatility and interruptions (private fast paths).

Each core gives the very rows, order, dtypes and floats of the grouped pandas code it stands
in for, or ``None`` when its input is not plain (a key that is categorical or has missing
values, an unusual dtype): the caller then takes its pandas path. Grouped sums, means and
standard deviations repeat pandas' own algorithms step for step (Kahan summation,
:func:`impactlib._util.group_sums`; Welford's update of ``groupby(...).std``), vectorised over
the groups with one NumPy step per row position within a group.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import _util, model


def _starts(group: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """First row and number of rows of each group ``0 … n − 1`` of rows sorted by group."""
    counts = np.bincount(group, minlength=n)
    return np.cumsum(counts) - counts, counts


def group_std(values: np.ndarray, group: np.ndarray, n: int, ddof: int) -> np.ndarray:
    """``Series(values).groupby(group).std(ddof)`` of rows sorted by group: the same floats.

    pandas (``group_var`` in ``pandas/_libs/groupby.pyx``) updates a running mean and sum of
    squared deviations row by row, skipping NaN (Welford 1962):
    :math:`\\bar x_k = \\bar x_{k-1} + (x_k - \\bar x_{k-1})/k`,
    :math:`M_k = M_{k-1} + (x_k - \\bar x_k)(x_k - \\bar x_{k-1})`, then
    :math:`\\sqrt{M_n/(n - \\mathrm{ddof})}` (NaN for :math:`n \\le \\mathrm{ddof}`). The same
    steps are taken here, all groups at once for each position within a group.
    """
    first, size = _starts(group, n)
    nobs, mean, m2 = np.zeros(n, dtype=np.int64), np.zeros(n), np.zeros(n)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        for p in range(int(size.max()) if n else 0):
            g = np.flatnonzero(size > p)
            v = values[first[g] + p]
            ok = ~np.isnan(v)
            g, v = g[ok], v[ok]
            nobs[g] += 1
            old = mean[g]
            new = old + (v - old) / nobs[g]
            mean[g] = new
            m2[g] = m2[g] + (v - new) * (v - old)
        return np.where(nobs <= ddof, np.nan, np.sqrt(m2 / (nobs - ddof)))


def _first_best(value: np.ndarray, best: np.ndarray, group: np.ndarray, year: np.ndarray,
                n: int) -> pd.arrays.IntegerArray:
    """Year of each group's first row (rows sorted by group and year) above 0 and equal to
    the group's ``best``; ``<NA>`` where there is none (an ``Int64`` array)."""
    with np.errstate(invalid="ignore"):
        rows = np.flatnonzero((value > 0) & (value == best[group]))
    rows = rows[np.r_[True, group[rows][1:] != group[rows][:-1]]] if len(rows) else rows
    out, mask = np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool)
    out[group[rows]], mask[group[rows]] = year[rows], False
    return pd.arrays.IntegerArray(out, mask)


def volatility_on_codes(f: pd.DataFrame, ddof: int, missing_as_zero: bool) -> pd.DataFrame | None:
    """:func:`impactlib.continuity.volatility` on integer codes (``None``: not plain text).

    Yearly totals per association are pandas' grouped sums (:func:`_util.group_sums`); the
    mean is their Kahan sum over the count, the SD pandas' Welford steps (:func:`group_std`),
    the falls and their maxima exact comparisons, so every float is that of the pandas path.
    """
    codes = _util.text_codes(f["org_id"])
    if codes is None:
        return None
    year = f["year"].to_numpy(dtype=np.int64)
    y0, ny, n = int(year.min()), int(year.max() - year.min()) + 1, len(codes[1])
    present, inv = _util.dense(codes[0] * ny + (year - y0), n * ny)
    tot = _util.group_sums(inv, f["amount_eur"].to_numpy(dtype=float), len(present))
    org, yr = present // ny, present % ny
    if missing_as_zero:  # every year from an association's first to its last, 0 € if none
        first, size = _starts(org, n)
        lo, hi = yr[first], yr[first + size - 1]
        lens = hi - lo + 1
        full_first = np.cumsum(lens) - lens
        full = np.zeros(int(lens.sum()))
        full[full_first[org] + (yr - lo[org])] = tot
        tot = np.where(np.isnan(full), 0.0, full)  # as fillna(0.0) after the merge
        org = np.repeat(np.arange(n), lens)
        yr = np.repeat(lo, lens) + (np.arange(len(tot)) - np.repeat(full_first, lens))
    same = np.r_[False, org[1:] == org[:-1]]
    consec = same & (np.r_[0, np.diff(yr)] == 1)
    prev = np.r_[np.nan, tot[:-1]]
    with np.errstate(invalid="ignore", divide="ignore"):
        d = prev - tot
        fall = np.where(consec, np.where((d >= 0) | np.isnan(d), d, 0.0), np.nan)  # clip(0)
        pct = np.where(consec & (prev > 0), fall / prev, np.nan)
    pct = np.where(consec & (prev == 0), 0.0, pct)  # nothing to lose from 0 €
    first, size = _starts(org, n)
    ok = ~np.isnan(tot)
    cnt = np.bincount(org[ok], minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(cnt > 0, _util.group_sums(org, tot, n) / cnt, np.nan)
        sd = group_std(tot, org, n, ddof)
        cv = np.where(mean > 0, sd / mean, np.nan)
    drop_eur, drop_pct = np.fmax.reduceat(fall, first), np.fmax.reduceat(pct, first)
    yv = yr + y0
    vals = np.asarray(codes[1], dtype=object) if missing_as_zero else codes[1]
    return pd.DataFrame({
        "org_id": vals.take(np.arange(n)), "first_year": yv[first],
        "last_year": yv[first + size - 1], "years": size.astype(np.int64), "mean_total": mean,
        "sd_total": sd, "cv": cv, "drop_eur": drop_eur,
        "drop_eur_year": _first_best(fall, drop_eur, org, yv, n), "drop_pct": drop_pct,
        "drop_pct_year": _first_best(pct, drop_pct, org, yv, n)})


def interruptions_on_codes(spells: pd.DataFrame, key: str, cols: list[str]) -> pd.DataFrame | None:
    """:func:`impactlib.continuity.interruptions` on integer codes (``None``: not plain).

    Plain means text keys without missing values, whole-number ``start`` and ``end``, float
    ``first_amount_eur`` and a boolean ``censored`` column (as :func:`spells` returns them).
    """
    num = {"start": "iu", "end": "iu", "first_amount_eur": "f", "censored": "b"}
    for c, kinds in num.items():
        dt = spells[c].dtype
        if not isinstance(dt, np.dtype) or dt.kind not in kinds:
            return None
    org, k = _util.text_codes(spells["org_id"]), _util.text_codes(spells[key])
    if org is None or k is None:
        return None
    start = spells["start"].to_numpy()
    order = np.lexsort((start, k[0], org[0]))  # stable, as sort_values(kind="mergesort")
    pair = org[0][order] * len(k[1]) + k[0][order]
    same = np.r_[pair[1:] == pair[:-1], False]
    keep = np.flatnonzero(~spells["censored"].to_numpy()[order])
    rows = order[keep]
    res = same[keep]
    after = order[np.minimum(keep + 1, len(order) - 1)]  # the next spell of the same pair
    nxt = np.where(res, start[after], 0)
    end = spells["end"].to_numpy()[rows]
    out = spells[[c for c in cols if c in spells.columns]].take(rows).reset_index(drop=True)
    out = out.rename(columns={"last_amount_eur": "lost_eur"})
    out["stop_year"] = (end + 1).astype("int64")
    out["resumed"] = res
    out["resumed_year"] = pd.arrays.IntegerArray(nxt.astype(np.int64), ~res)
    out["gap_years"] = pd.arrays.IntegerArray((nxt - end - 1).astype(np.int64), ~res)
    out["resumed_eur"] = np.where(res, spells["first_amount_eur"].to_numpy(dtype=float)[after],
                                  np.nan)
    return out


def mix_on_codes(f: pd.DataFrame, levels: Sequence[str], groups: dict) -> pd.DataFrame | None:
    """:func:`impactlib.continuity.funding_mix` (no ``scheme`` column yet) on integer codes.

    The same rows, order, dtypes and floats as its pandas path; ``None`` when a key column is
    not plain text without missing values (then that path). Euros are summed per association,
    year and code in row order (:func:`_util.group_sums`); the levels are merged into the
    order ``org_id, year, level, code`` by counting, without a sort.
    """
    lvs = sorted(set(levels))  # "source" sorts before "source_group", as in the output
    org, src = _util.text_codes(f["org_id"]), _util.text_codes(f["source"])
    grp = None if src is None else _util.mapped_codes(*src, groups)
    if len(lvs) != len(levels) or grp is None or org is None:
        return None
    codes = [{"source": src, "source_group": grp}[lv] for lv in lvs]
    year, amt = f["year"].to_numpy(dtype=np.int64), f["amount_eur"].to_numpy(dtype=float)
    y0, ny = int(year.min()), int(year.max() - year.min()) + 1
    oys, inv = _util.dense(org[0] * ny + (year - y0), len(org[1]) * ny)
    n_oy = len(oys)
    tot = _util.group_sums(inv, amt, n_oy)
    parts, start = [], 0
    for c, vals in codes:  # per association-year and code of each level
        k, kinv = _util.dense(inv * len(vals) + c, n_oy * len(vals))
        parts.append((k // len(vals), k % len(vals) + start, _util.group_sums(kinv, amt, len(k))))
        start += len(vals)
    counts = [np.bincount(p[0], minlength=n_oy) for p in parts]
    size = np.sum(counts, axis=0)
    base = np.cumsum(size) - size  # first output row of each association-year
    n_out = int(size.sum())
    code, a = np.empty(n_out, dtype=np.int64), np.empty(n_out)
    lv = np.empty(n_out, dtype=np.int64)
    for i, ((oy, cd, sums), cnt) in enumerate(zip(parts, counts, strict=True)):
        at = base[oy] + (np.arange(len(oy)) - (np.cumsum(cnt) - cnt)[oy])
        code[at], a[at], lv[at] = cd, sums, i
        base = base + cnt  # the next level's rows follow this level's
    key = np.repeat(np.arange(n_oy), size)
    total = tot[key]
    vals = pd.concat([pd.Series(v) for _, v in codes], ignore_index=True).array
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total == 0, np.nan, a / total)
    okey = oys[key]
    return pd.DataFrame({"org_id": org[1].take(okey // ny), "year": okey % ny + y0,
                         "level": np.array(lvs, dtype=object)[lv],
                         "code": _util.column(vals.take(code)),
                         "amount_eur": a, "total": total, "share": share}, copy=False)


def concentration_on_codes(f: pd.DataFrame, by: str, groups: dict | None) -> pd.DataFrame | None:
    """:func:`impactlib.continuity.concentration` on integer codes.

    The same rows, order, dtypes and floats as its pandas path (the HHI adds
    the squared shares in the order ``groupby(sort=False)`` meets them);
    ``None`` when a key column is not plain text without missing values.
    """
    org, src = _util.text_codes(f["org_id"]), _util.text_codes(f["source"])
    if org is None or src is None:
        return None
    key = {"source": src, "funder": _util.text_codes(f["funder"])}.get(by) if groups is None \
        else _util.mapped_codes(*src, groups)
    if key is None:
        return None
    year, amt = f["year"].to_numpy(), f["amount_eur"].to_numpy()
    y0, ny, nk = int(year.min()), int(year.max() - year.min()) + 1, len(key[1])
    oys, inv = _util.dense(org[0] * ny + (year - y0), len(org[1]) * ny)
    n_oy = len(oys)
    total = _util.group_sums(inv, amt, n_oy)
    pub = np.isin(np.asarray(src[1], dtype=object), list(model.PUBLIC_SOURCES))[src[0]]
    pub = _util.group_sums(inv[pub], amt[pub], n_oy)
    k, kinv = _util.dense(inv * nk + key[0], n_oy * nk)  # association, year and source
    a = _util.group_sums(kinv, amt, len(k))
    first = np.empty(len(k), dtype=np.int64)  # each group's first row (the last write wins)
    first[kinv[::-1]] = np.arange(len(kinv) - 1, -1, -1)
    g = np.argsort(first, kind="stable")  # in order of first appearance, as groupby(sort=False)
    g = g[a[g] > 0]
    g_oy = k[g] // nk
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        share = a / total[k // nk]
        n = np.bincount(g_oy, minlength=n_oy)
        hhi = np.where(n > 0, _util.group_sums(g_oy, share[g] ** 2, n_oy), np.nan)
        inv_n = np.where(n > 0, 1.0 / n, np.nan)
        pos = np.flatnonzero(a > 0)  # by association, year and code: the largest, first code
        most = np.full(n_oy, -np.inf)
        np.maximum.at(most, k[pos] // nk, a[pos])
        top = pos[a[pos] == most[k[pos] // nk]]
        top = top[np.diff(k[top] // nk, prepend=-1) != 0]
        top_code, top_share = np.full(n_oy, -1), np.full(n_oy, np.nan)
        top_code[k[top] // nk], top_share[k[top] // nk] = k[top] % nk, share[top]
        return pd.DataFrame({
            "org_id": org[1].take(oys // ny), "year": oys % ny + y0, "total": total, "n": n,
            "hhi": hhi, "hhi_norm": np.where(n > 1, (hhi - inv_n) / (1.0 - inv_n), np.nan),
            "n_eff": 1.0 / hhi,
            "top": pd.array(key[1]).astype("string").take(top_code, allow_fill=True),
            "top_share": top_share, "public_share": np.where(total > 0, pub / total, np.nan)},
            copy=False)
