"""Benchmark of the indicator core (issue 12): the library beside a per-association loop and a
plain vectorised version, and the whole suite at 1×, 2×, 5× and 10× the demo.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_indicators.py``). Writes
``build/bench/indicators.csv`` and ``build/bench/indicators.md`` (the tables the README quotes)
and prints them. Speed is measured here, never asserted in the tests.

Part 1 — each public indicator of :mod:`impactlib.continuity` and
:mod:`impactlib.effectiveness` three ways on the whole-country demo:

* **library**: the public function (median of ``--repeat`` runs);
* **loop**: the same numbers from a Python loop over associations (or activities, or groups)
  as a researcher would plainly write it, pandas and statsmodels inside the loop; the loops over
  associations and activities are timed once on a deterministic sample of ``--loop-sample``
  associations and scaled to all (said so in the table), the loops over a handful of groups
  run in full;
* **vectorised**: the best plain pandas/numpy version written here (integer codes from
  :func:`pandas.factorize`, sums by :func:`numpy.bincount`, no Python per group), median of
  the same number of runs, timed alternately with the library so that the load of the machine
  hits both alike.

Before timing, both baselines are checked to give the library's numbers on the columns named
in the table (rows aligned on their keys; ``numpy.isclose`` with ``rtol=1e-9`` unless a case
says otherwise, strings and booleans equal, missing values equal); a disagreement is printed
and marked in the table, not hidden. The ratios come from one run.

Part 2 — every public continuity and effectiveness indicator once, in a fresh process per scale
(:func:`impactlib.demo.scale_dataset`): wall and CPU seconds of the suite (loading and scaling
apart), peak memory as the child reports it (its own high-water mark ``VmHWM`` of
``/proc/self/status``, loading included: ``ru_maxrss`` would carry the parent's peak across
``exec`` on Linux, which made 1× and 2× both read the parent's 634 MB; and the high-water mark
from the start of the suite, reset through ``/proc/self/clear_refs``) and the growth against 1×.

The files record the date, the 1-minute load average at the start (other work on a shared
machine slows the wall clock, much less the CPU seconds), the versions and the git commit.

Options: ``--quick`` (3 runs per median, scales 1 and 2; default 7 runs, scales 1, 2, 5, 10),
``--scales 1,2,5,10``, ``--out DIR``, ``--repeat N``, ``--loop-sample N``, ``--only a,b``
(indicators of part 1), ``--skip-suite`` (part 1 only).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize, special, stats

ROOT = Path(__file__).resolve().parents[1]
#: Associations the loops over associations (and their activities) are timed on.
LOOP_SAMPLE = 500
SEED = 20230101
REFORM_YEAR = 2023
#: Issue 12's targets, printed beside the figures (never asserted).
TARGET_SUITE_1X_S, TARGET_PEAK_1X_MB = 2.0, 600.0
TARGET_SUITE_10X_S, TARGET_PEAK_10X_MB = 20.0, 2048.0
TARGET_LIB_PER_VEC = 2.0


# --- small helpers --------------------------------------------------------------------------------


def _fz(s) -> tuple[np.ndarray, pd.Index]:
    """Integer codes (int64) and the distinct values, in order of appearance."""
    codes, uniques = pd.factorize(s)
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


def _fz_sorted(s) -> tuple[np.ndarray, pd.Index]:
    """Integer codes in the sort order of the values (so code order = alphabetical order)."""
    codes, uniques = pd.factorize(s, sort=True)
    return codes.astype(np.int64, copy=False), pd.Index(uniques)


def _dense(key: np.ndarray, size: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of an integer key (sorted) and each row's position among them."""
    if size is not None and size <= 4 * len(key) + 2_000_000:
        cnt = np.bincount(key, minlength=size)
        present = np.flatnonzero(cnt)
        pos = np.cumsum(cnt > 0) - 1
        return present, pos[key]
    return np.unique(key, return_inverse=True)


def _div(a, b) -> np.ndarray:
    """a / b, NaN where b is 0 or either is missing."""
    a, b = np.broadcast_arrays(np.asarray(a, dtype=float), np.asarray(b, dtype=float))
    out = np.full(a.shape, np.nan)
    np.divide(a, b, out=out, where=np.isfinite(a) & np.isfinite(b) & (b != 0))
    return out


def _bool(s: pd.Series) -> np.ndarray:
    return s.to_numpy(dtype=bool, na_value=False)


def _years(f: pd.DataFrame) -> tuple[np.ndarray, int, int]:
    year = f["year"].to_numpy(dtype=np.int64)
    y0 = int(year.min())
    return year, y0, int(year.max()) - y0 + 1


def _recoded_funders(f: pd.DataFrame, succ: dict) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Raw funder codes, recoded funder codes (municipal mergers) and the recoded values."""
    raw, fu = _fz(f["funder"])
    rc, ru = pd.factorize(np.array([succ.get(x, x) for x in fu], dtype=object))
    return raw, rc.astype(np.int64)[raw], pd.Index(ru)


def _hedges_j(m) -> np.ndarray:
    m = np.asarray(m, dtype=float)
    ok = np.isfinite(m) & (m > 1)
    mm = np.where(ok, m, 3.0)
    j = np.exp(special.gammaln(mm / 2) - 0.5 * np.log(mm / 2) - special.gammaln((mm - 1) / 2))
    return np.where(ok, j, np.nan)


def _instrument_tables():
    from impactlib import effectiveness as eff

    inst = eff.instruments()
    hib = dict(zip(inst["instrument"], inst["higher_is_better"].astype(bool), strict=True))
    rel = dict(zip(inst["instrument"], inst["reliability"].astype(float), strict=True))
    return hib, rel


# --- continuity: funding mix ---------------------------------------------------------------------


def mix_loop(f: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for org, g in f.groupby("org_id", sort=False, observed=True):
        for year, gy in g.groupby("year"):
            total = gy["amount_eur"].sum()
            for src, amount in gy.groupby("source")["amount_eur"].sum().items():
                rows.append((org, year, src, amount, amount / total if total else np.nan))
    return pd.DataFrame(rows, columns=["org_id", "year", "code", "amount_eur", "share"])


def mix_vectorised(f: pd.DataFrame) -> pd.DataFrame:
    oc, ou = _fz(f["org_id"])
    sc, su = _fz(f["source"])
    year, y0, ny = _years(f)
    oy = oc * ny + (year - y0)
    amt = f["amount_eur"].to_numpy(dtype=float)
    ns = len(su)
    keys, inv = _dense(oy * ns + sc, len(ou) * ny * ns)
    a = np.bincount(inv, amt)
    k_oy = keys // ns
    tot = np.bincount(oy, amt, minlength=len(ou) * ny)[k_oy]
    return pd.DataFrame({"org_id": ou.take(k_oy // ny), "year": k_oy % ny + y0,
                         "code": su.take(keys % ns), "amount_eur": a, "share": _div(a, tot)})


# --- continuity: concentration (HHI by funder) ---------------------------------------------------


def hhi_loop(f: pd.DataFrame) -> pd.DataFrame:
    from impactlib import model

    public = model.PUBLIC_SOURCES
    rows = []
    for org, g in f.groupby("org_id", sort=False, observed=True):
        for year, gy in g.groupby("year"):
            total = gy["amount_eur"].sum()
            by = gy.groupby("funder")["amount_eur"].sum()
            by = by[by > 0]
            share = by / total
            top = by.sort_values(ascending=False, kind="mergesort").index[0] if len(by) else None
            pub = gy.loc[gy["source"].isin(public), "amount_eur"].sum()
            rows.append((org, year, len(by), float((share**2).sum()) if len(by) else np.nan,
                         top, float(share[top]) if top is not None else np.nan,
                         pub / total if total > 0 else np.nan))
    return pd.DataFrame(rows, columns=["org_id", "year", "n", "hhi", "top", "top_share", "public_share"])


def hhi_vectorised(f: pd.DataFrame) -> pd.DataFrame:
    from impactlib import model

    oc, ou = _fz(f["org_id"])
    fc, fu = _fz_sorted(f["funder"])
    sc, su = _fz(f["source"])
    year, y0, ny = _years(f)
    n_oy = len(ou) * ny
    oy = oc * ny + (year - y0)
    amt = f["amount_eur"].to_numpy(dtype=float)
    nf = len(fu)
    keys, inv = _dense(oy * nf + fc)
    a = np.bincount(inv, amt)
    k_oy, k_f = keys // nf, keys % nf
    tot = np.bincount(oy, amt, minlength=n_oy)
    pos = a > 0
    share = a[pos] / tot[k_oy[pos]]
    hhi = np.bincount(k_oy[pos], share**2, minlength=n_oy)
    n = np.bincount(k_oy[pos], minlength=n_oy)
    # largest funder: most euros, ties to the alphabetically first code (codes are sorted)
    order = np.lexsort((k_f[pos], -a[pos], k_oy[pos]))
    first = order[np.r_[True, k_oy[pos][order][1:] != k_oy[pos][order][:-1]]]
    top_code = np.full(n_oy, -1)
    top_share = np.full(n_oy, np.nan)
    top_code[k_oy[pos][first]] = k_f[pos][first]
    top_share[k_oy[pos][first]] = share[first]
    is_pub = np.array([s in model.PUBLIC_SOURCES for s in su], dtype=bool)
    pub = np.bincount(oy, np.where(is_pub[sc], amt, 0.0), minlength=n_oy)
    present = np.flatnonzero(np.bincount(oy, minlength=n_oy))
    nn = n[present]
    top = np.where(nn > 0, np.asarray(fu, dtype=object)[np.maximum(top_code[present], 0)], None)
    return pd.DataFrame({"org_id": ou.take(present // ny), "year": present % ny + y0, "n": nn,
                         "hhi": np.where(nn > 0, hhi[present], np.nan), "top": top,
                         "top_share": top_share[present],
                         "public_share": np.where(tot[present] > 0, _div(pub[present], tot[present]),
                                                  np.nan)})


# --- continuity: volatility ----------------------------------------------------------------------


def cv_loop(f: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for org, g in f.groupby("org_id", sort=False, observed=True):
        totals = g.groupby("year")["amount_eur"].sum().sort_index()
        mean, sd = totals.mean(), totals.std(ddof=1)
        falls, pcts = [], []
        prev_year = prev = None
        for year, total in totals.items():
            if prev_year is not None and year - prev_year == 1:
                fall = max(prev - total, 0.0)
                falls.append(fall)
                pcts.append(fall / prev if prev > 0 else 0.0)
            prev_year, prev = year, total
        rows.append((org, mean, sd / mean if mean > 0 else np.nan, max(falls) if falls else np.nan,
                     max(pcts) if pcts else np.nan))
    return pd.DataFrame(rows, columns=["org_id", "mean_total", "cv", "drop_eur", "drop_pct"])


def cv_vectorised(f: pd.DataFrame) -> pd.DataFrame:
    oc, ou = _fz(f["org_id"])
    year, y0, ny = _years(f)
    present, inv = _dense(oc * ny + (year - y0), len(ou) * ny)
    tot = np.bincount(inv, f["amount_eur"].to_numpy(dtype=float))
    org, yr = present // ny, present % ny
    n = np.bincount(org, minlength=len(ou))
    mean = _div(np.bincount(org, tot, minlength=len(ou)), n)
    sd = np.sqrt(_div(np.bincount(org, (tot - mean[org]) ** 2, minlength=len(ou)), n - 1))
    same = org[1:] == org[:-1]
    consec = same & (yr[1:] - yr[:-1] == 1)
    prev, cur = tot[:-1], tot[1:]
    fall = np.where(consec, np.maximum(prev - cur, 0.0), np.nan)
    pct = np.where(consec, np.where(prev > 0, _div(fall, prev), 0.0), np.nan)
    starts = np.flatnonzero(np.r_[True, ~same])
    return pd.DataFrame({"org_id": ou.take(org[starts]), "mean_total": mean[org[starts]],
                         "cv": np.where(mean > 0, _div(sd, mean), np.nan)[org[starts]],
                         "drop_eur": np.fmax.reduceat(np.r_[np.nan, fall], starts),
                         "drop_pct": np.fmax.reduceat(np.r_[np.nan, pct], starts)})


# --- continuity: spells and interruptions --------------------------------------------------------


def spells_loop(f: pd.DataFrame, succ: dict, first: int, last: int) -> pd.DataFrame:
    from impactlib import model

    groups = model.SOURCE_GROUPS
    rows = []
    for org, g in f.groupby("org_id", sort=False, observed=True):
        g = g[g["amount_eur"] > 0]
        funder = g["funder"].map(lambda x: succ.get(x, x))
        for fu, gf in g.groupby(funder):
            by_year = gf.groupby("year")["amount_eur"].sum()
            years = list(by_year.index)
            run = [years[0]]
            for y in [*years[1:], None]:
                if y is not None and y - run[-1] == 1:
                    run.append(y)
                    continue
                part = gf[gf["year"].isin(run)]
                by_group = part.groupby(part["source"].map(groups))["amount_eur"].sum()
                top = sorted(by_group.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
                a = by_year.loc[run]
                rows.append((org, fu, run[0], run[-1], run[-1] - run[0] + 1, a.sum(), len(run),
                             a.iloc[0], a.iloc[-1], run[-1] >= last, run[0] <= first, top))
                run = [y]
    return pd.DataFrame(rows, columns=["org_id", "funder", "start", "end", "length", "amount_eur",
                                       "years_funded", "first_amount_eur", "last_amount_eur",
                                       "censored", "truncated", "source_group"])


def spells_vectorised(f: pd.DataFrame, succ: dict) -> pd.DataFrame:
    from impactlib import model

    amt = f["amount_eur"].to_numpy(dtype=float)
    pos = amt > 0
    year, y0, ny = _years(f)
    oc, ou = _fz(f["org_id"])
    _, fc, ru = _recoded_funders(f, succ)
    nf = len(ru)
    sc, su = _fz(f["source"])
    gc, gu = _fz_sorted(pd.Series([model.SOURCE_GROUPS.get(s) for s in su], dtype=object))
    sg = gc[sc][pos]
    ng = len(gu)
    a_rows = amt[pos]
    keys, inv = np.unique(((oc * nf + fc) * ny + (year - y0))[pos], return_inverse=True)
    a = np.bincount(inv, a_rows)
    pair, yy = keys // ny, keys % ny
    new = np.ones(len(keys), dtype=bool)
    new[1:] = (pair[1:] != pair[:-1]) | (yy[1:] - yy[:-1] > 1)
    spell = np.cumsum(new) - 1
    starts = np.flatnonzero(new)
    ends = np.r_[starts[1:], len(keys)] - 1
    n_sp = len(starts)
    # source group with the most euros in the spell (ties: alphabetically first)
    k2, inv2 = _dense(spell[inv] * ng + sg, n_sp * ng)
    s2 = np.bincount(inv2, a_rows)
    sp2, g2 = k2 // ng, k2 % ng
    order = np.lexsort((g2, -s2, sp2))
    top = g2[order[np.r_[True, sp2[order][1:] != sp2[order][:-1]]]]
    start, end = yy[starts] + y0, yy[ends] + y0
    return pd.DataFrame({"org_id": ou.take(pair[starts] // nf), "funder": ru.take(pair[starts] % nf),
                         "start": start, "end": end, "length": end - start + 1,
                         "amount_eur": np.add.reduceat(a, starts), "years_funded": ends - starts + 1,
                         "first_amount_eur": a[starts], "last_amount_eur": a[ends],
                         "censored": end >= y0 + ny - 1, "truncated": start <= y0,
                         "source_group": gu.take(top)})


def interruptions_loop(sp: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for org, g in sp.groupby("org_id", sort=False, observed=True):
        for fu, gf in g.groupby("funder"):
            recs = gf.sort_values("start").to_dict("records")
            for i, r in enumerate(recs):
                if r["censored"]:
                    continue
                nxt = recs[i + 1] if i + 1 < len(recs) else None
                rows.append((org, fu, r["start"], r["end"] + 1, r["last_amount_eur"], nxt is not None,
                             nxt["start"] if nxt else np.nan,
                             nxt["start"] - r["end"] - 1 if nxt else np.nan,
                             nxt["first_amount_eur"] if nxt else np.nan))
    return pd.DataFrame(rows, columns=["org_id", "funder", "start", "stop_year", "lost_eur", "resumed",
                                       "resumed_year", "gap_years", "resumed_eur"])


def interruptions_vectorised(sp: pd.DataFrame) -> pd.DataFrame:
    oc, ou = _fz(sp["org_id"])
    fc, fu = _fz(sp["funder"])
    start = sp["start"].to_numpy(dtype=np.int64)
    pair = oc * len(fu) + fc
    order = np.lexsort((start, pair))
    p, s = pair[order], start[order]
    end = sp["end"].to_numpy(dtype=np.int64)[order]
    first_amt = sp["first_amount_eur"].to_numpy(dtype=float)[order]
    nxt = np.r_[p[1:] == p[:-1], False]
    nxt_start = np.where(nxt, np.r_[s[1:], 0], -1)
    keep = ~_bool(sp["censored"])[order]
    o = order[keep]
    res = nxt[keep]
    return pd.DataFrame({"org_id": ou.take(oc[o]), "funder": fu.take(fc[o]), "start": s[keep],
                         "stop_year": end[keep] + 1,
                         "lost_eur": sp["last_amount_eur"].to_numpy(dtype=float)[o], "resumed": res,
                         "resumed_year": np.where(res, nxt_start[keep], np.nan),
                         "gap_years": np.where(res, nxt_start[keep] - end[keep] - 1, np.nan),
                         "resumed_eur": np.where(res, np.r_[first_amt[1:], np.nan][keep], np.nan)})


# --- continuity: the reform hand-over ------------------------------------------------------------


def _classify_one(before: float, mun: float, cty: float, threshold: float = 0.25) -> str:
    total = mun + cty
    if total <= 0:
        return "lost"
    if total < (1 - threshold) * before:
        return "reduced"
    if cty <= 0:
        return "continued_municipality"
    if mun <= 0:
        return "taken_over_county"
    return "split"


def _county_of(codes) -> dict:
    from impactlib import regions

    codes = list(codes)
    cty = regions.county_of(pd.Series(codes, dtype="string"))
    return {c: (None if pd.isna(k) else str(k)) for c, k in zip(codes, cty, strict=True)}


def handover_loop(f: pd.DataFrame, succ: dict, r: int = REFORM_YEAR) -> pd.DataFrame:
    county_of = _county_of(pd.unique(f["funder"].map(lambda x: succ.get(x, x))))
    rows = []
    for org, g in f.groupby("org_id", sort=False, observed=True):
        mun = g[(g["source"] == "municipality") & (g["amount_eur"] > 0)]
        mun = mun.assign(funder=mun["funder"].map(lambda x: succ.get(x, x)))
        before = mun[mun["year"] == r - 1].groupby("funder")["amount_eur"].sum()
        if before.empty:
            continue
        by_county: dict[str, list[str]] = {}
        for m in before.index:
            by_county.setdefault(county_of[m], []).append(m)
        for county, munis in by_county.items():
            b = before[munis].sum()
            row = {"org_id": org, "county": county, "before_eur": b}
            for y, sfx in ((r, ""), (r + 1, "_next")):
                m_eur = mun.loc[(mun["year"] == y) & mun["funder"].isin(munis), "amount_eur"].sum()
                c_eur = g.loc[(g["source"] == "county") & (g["year"] == y) & (g["funder"] == county),
                              "amount_eur"].sum()
                row[f"municipality_eur{sfx}"], row[f"county_eur{sfx}"] = m_eur, c_eur
                row[f"outcome{sfx}"] = _classify_one(b, m_eur, c_eur)
            rows.append(row)
    return pd.DataFrame(rows)


def handover_vectorised(f: pd.DataFrame, succ: dict, r: int = REFORM_YEAR) -> pd.DataFrame:
    amt = f["amount_eur"].to_numpy(dtype=float)
    year = f["year"].to_numpy(dtype=np.int64)
    oc, ou = _fz(f["org_id"])
    sc, su = _fz(f["source"])
    raw, fc, ru = _recoded_funders(f, succ)
    is_mun = (sc == su.get_loc("municipality")) & (amt > 0) if "municipality" in su else np.zeros(len(f), bool)
    is_cty = (sc == su.get_loc("county")) if "county" in su else np.zeros(len(f), bool)
    mun_county = _county_of(ru)
    names = sorted({c for c in mun_county.values() if c is not None}
                   | set(pd.unique(f["funder"][is_cty])))
    idx = {c: i for i, c in enumerate(names)}
    nc = len(names)
    cc_of_rec = np.array([idx.get(mun_county[c], -1) if mun_county[c] else -1 for c in ru])
    _, fu_raw = _fz(f["funder"])
    cc_of_raw = np.array([idx.get(c, -1) for c in fu_raw])
    pair = oc * len(ru) + fc
    b = is_mun & (year == r - 1)
    bpairs = np.unique(pair[b])
    keys, inv = np.unique(oc[b] * nc + cc_of_rec[fc[b]], return_inverse=True)
    before = np.bincount(inv, amt[b])
    out = {"org_id": ou.take(keys // nc), "county": np.asarray(names, dtype=object)[keys % nc],
           "before_eur": before}
    for y, sfx in ((r, ""), (r + 1, "_next")):
        m = is_mun & (year == y) & np.isin(pair, bpairs)
        msum = np.bincount(np.searchsorted(keys, oc[m] * nc + cc_of_rec[fc[m]]), amt[m],
                           minlength=len(keys))
        c = is_cty & (year == y) & (cc_of_raw[raw] >= 0)
        ck = oc[c] * nc + cc_of_raw[raw[c]]
        at = np.minimum(np.searchsorted(keys, ck), len(keys) - 1)
        hit = keys[at] == ck
        csum = np.bincount(at[hit], amt[c][hit], minlength=len(keys))
        total = msum + csum
        out[f"municipality_eur{sfx}"], out[f"county_eur{sfx}"] = msum, csum
        out[f"outcome{sfx}"] = np.select(
            [total <= 0, total < 0.75 * before, csum <= 0, msum <= 0],
            ["lost", "reduced", "continued_municipality", "taken_over_county"], "split")
    return pd.DataFrame(out)


# --- continuity: survival of spells (Kaplan–Meier and log-rank) ----------------------------------


def km_loop(sp: pd.DataFrame) -> pd.DataFrame:
    d = sp[~sp["truncated"].astype(bool)]
    groups = sorted(d["source_group"].astype(str).unique())
    rows, per_group = [], {}
    for gname in groups:
        g = d[d["source_group"].astype(str) == gname]
        time_ = g["length"].to_numpy(dtype=int)
        event = ~g["censored"].to_numpy(dtype=bool)
        per_group[gname] = (time_, event)
        s, gw = 1.0, 0.0
        for t in range(1, int(time_.max()) + 1):
            n = int((time_ >= t).sum())
            e = int(((time_ == t) & event).sum())
            c = int(((time_ == t) & ~event).sum())
            if n > 0 and e > 0:
                s *= 1 - e / n
                gw = gw + e / (n * (n - e)) if n > e else np.inf
            rows.append((gname, t, n, e, c, s, s * np.sqrt(gw) if s > 0 else np.nan))
    # log-rank: observed minus expected ends per group, summed over the distinct times
    tmax = max(int(t.max()) for t, _ in per_group.values())
    k = len(groups)
    o_e, v = np.zeros(k), np.zeros((k, k))
    for t in range(1, tmax + 1):
        n = np.array([(tm >= t).sum() for tm, _ in per_group.values()], dtype=float)
        e = np.array([((tm == t) & ev).sum() for tm, ev in per_group.values()], dtype=float)
        nt, et = n.sum(), e.sum()
        if et == 0 or nt < 2:
            continue
        o_e += e - n * et / nt
        v += et * (nt - et) / (nt - 1) * (np.diag(n / nt) - np.outer(n, n) / nt**2)
    stat = float(o_e[:-1] @ np.linalg.solve(v[:-1, :-1], o_e[:-1]))
    out = pd.DataFrame(rows, columns=["group", "time", "at_risk", "events", "censored", "survival", "se"])
    return out.assign(logrank=stat)


def km_vectorised(sp: pd.DataFrame) -> pd.DataFrame:
    keep = ~_bool(sp["truncated"])
    gc, gu = _fz_sorted(sp["source_group"].astype(str)[keep])
    time_ = sp["length"].to_numpy(dtype=np.int64)[keep]
    event = ~_bool(sp["censored"])[keep]
    k, tmax = len(gu), int(time_.max())
    cell = gc * (tmax + 1) + time_
    ends = np.bincount(cell, weights=event, minlength=k * (tmax + 1)).reshape(k, tmax + 1)[:, 1:]
    cnt = np.bincount(cell, minlength=k * (tmax + 1)).reshape(k, tmax + 1)[:, 1:]
    at_risk = np.cumsum(cnt[:, ::-1], axis=1)[:, ::-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        surv = np.cumprod(np.where(at_risk > 0, 1 - ends / np.maximum(at_risk, 1), 1.0), axis=1)
        term = np.where(ends > 0, ends / (at_risk * (at_risk - ends)), 0.0)
        se = surv * np.sqrt(np.cumsum(term, axis=1))
        se = np.where(surv > 0, se, np.nan)
        n_t, e_t = at_risk.sum(axis=0).astype(float), ends.sum(axis=0)
        use = (e_t > 0) & (n_t > 1)
        share = at_risk[:, use] / n_t[use]
        o_e = (ends[:, use] - share * e_t[use]).sum(axis=1)
        wt = e_t[use] * (n_t[use] - e_t[use]) / (n_t[use] - 1)
        v = np.einsum("t,gt->g", wt, share)[:, None] * np.eye(k) - np.einsum("t,gt,ht->gh", wt, share, share)
    stat = float(o_e[:-1] @ np.linalg.solve(v[:-1, :-1], o_e[:-1]))
    gmax = np.zeros(k, dtype=np.int64)
    np.maximum.at(gmax, gc, time_)
    mask = np.arange(1, tmax + 1)[None, :] <= gmax[:, None]
    gi, ti = np.nonzero(mask)
    return pd.DataFrame({"group": gu.take(gi), "time": ti + 1, "at_risk": at_risk[gi, ti],
                         "events": ends[gi, ti], "censored": (cnt - ends)[gi, ti],
                         "survival": surv[gi, ti], "se": se[gi, ti], "logrank": stat})


# --- effectiveness: reach per activity -----------------------------------------------------------


def reach_loop(acts: pd.DataFrame, pop: pd.Series) -> pd.DataFrame:
    rows = []
    for aid, area, p in zip(acts["activity_id"], acts["area"], acts["participants"], strict=True):
        codes = str(area).replace(",", " ").split() if isinstance(area, str) else []
        popn = sum(pop.get(c, np.nan) for c in codes) if codes else np.nan
        rows.append((aid, 1000 * p / popn if popn == popn and popn else np.nan))
    return pd.DataFrame(rows, columns=["activity_id", "participants_per_1000"])


def reach_vectorised(acts: pd.DataFrame, pop: pd.Series) -> pd.DataFrame:
    codes, uniques = pd.factorize(acts["area"])
    long = pd.Series(uniques).str.replace(",", " ").str.split().explode()
    p = long.map(pop).astype(float)
    per = p.groupby(level=0).sum(min_count=1).where(~p.isna().groupby(level=0).any())
    popn = np.where(codes >= 0, per.reindex(range(len(uniques))).to_numpy()[np.maximum(codes, 0)], np.nan)
    return pd.DataFrame({"activity_id": acts["activity_id"].to_numpy(),
                         "participants_per_1000": 1000 * _div(acts["participants"].astype(float).to_numpy(),
                                                              popn)})


# --- effectiveness: pairs of pre and post scores ------------------------------------------------


@dataclass
class Pairs:
    """One row per activity × instrument × group × participant, and the groups they form."""

    pre: np.ndarray
    post: np.ndarray
    age: np.ndarray | None
    group_of_unit: np.ndarray  # dense code of (activity, instrument, group) per unit
    activity: pd.Index  # per group
    instrument: np.ndarray  # per group (values)
    group: np.ndarray  # per group (values)
    act_inst: np.ndarray  # code of (activity, instrument) per group


def pairs_vectorised(o: pd.DataFrame, *, only_group: str | None = None, age: bool = False) -> Pairs:
    ph = o["phase"]
    is_pre, is_post = _bool(ph == "pre"), _bool(ph == "post")
    use = is_pre | is_post
    if only_group is not None:
        use &= _bool(o["group"] == only_group)
    ac, au = _fz(o["activity_id"])
    ic, iu = _fz(o["instrument"])
    gc, gu = _fz(o["group"])
    pc, pu = _fz(o["participant_id"])
    ni, ng, npid = len(iu), len(gu), len(pu)
    gk = (ac * ni + ic) * ng + gc
    units, inv = np.unique((gk * npid + pc)[use], return_inverse=True)
    pre_row = is_pre[use]
    if np.bincount(inv * 2 + pre_row, minlength=2 * len(units)).max(initial=0) > 1:
        raise ValueError("a participant has two scores for one phase and instrument")
    score = o["score"].to_numpy(dtype=float)[use]
    pre = np.full(len(units), np.nan)
    post = np.full(len(units), np.nan)
    pre[inv[pre_row]] = score[pre_row]
    post[inv[~pre_row]] = score[~pre_row]
    ages = None
    if age:
        a = o["age"].to_numpy(dtype=float, na_value=np.nan)[use]
        ages = np.full(len(units), np.nan)
        ages[inv[pre_row]] = a[pre_row]
    gkeys, g_of_u = np.unique(units // npid, return_inverse=True)
    return Pairs(pre, post, ages, g_of_u, au.take(gkeys // (ni * ng)),
                 np.asarray(iu, dtype=object)[(gkeys // ng) % ni], np.asarray(gu, dtype=object)[gkeys % ng],
                 gkeys // ng)


# --- effectiveness: pre/post change (SMCR) -------------------------------------------------------


def prepost_loop(o: pd.DataFrame, hib: dict) -> pd.DataFrame:
    rows = []
    o = o[o["phase"].isin(["pre", "post"])]
    for aid, ga in o.groupby("activity_id", sort=False, observed=True):
        for (inst, grp), g in ga.groupby(["instrument", "group"], observed=True):
            pre = dict(zip(g.loc[g["phase"] == "pre", "participant_id"], g.loc[g["phase"] == "pre", "score"],
                           strict=True))
            post = dict(zip(g.loc[g["phase"] == "post", "participant_id"],
                            g.loc[g["phase"] == "post", "score"], strict=True))
            both = [p for p in pre if p in post]
            x = np.array([pre[p] for p in both])
            y = np.array([post[p] for p in both])
            n = len(both)
            row = {"activity_id": aid, "instrument": inst, "group": grp, "n_pairs": n,
                   "n_pre_only": len(pre) - n, "n_post_only": len(post) - n}
            if n >= 1:
                row["mean_change"] = y.mean() - x.mean()
            if n >= 2:
                sd_pre, sd_post = x.std(ddof=1), y.std(ddof=1)
                r = float(np.corrcoef(x, y)[0, 1]) if sd_pre > 0 and sd_post > 0 else np.nan
                change = y.mean() - x.mean()
                sign = 1.0 if hib[inst] else -1.0
                j = float(_hedges_j(n - 1))
                smcr = j * sign * change / sd_pre if sd_pre > 0 else np.nan
                row.update(mean_change=change, sd_pre=sd_pre, r=r, smcr=smcr,
                           smcr_var=2 * (1 - r) / n + smcr**2 / (2 * n))
            rows.append(row)
    return pd.DataFrame(rows)


def prepost_vectorised(o: pd.DataFrame, hib: dict) -> pd.DataFrame:
    p = pairs_vectorised(o)
    g, G = p.group_of_unit, len(p.activity)
    has_pre, has_post = np.isfinite(p.pre), np.isfinite(p.post)
    both = has_pre & has_post
    n = np.bincount(g, both, minlength=G)
    x, y = np.where(both, p.pre, 0.0), np.where(both, p.post, 0.0)
    m_pre, m_post = _div(np.bincount(g, x, minlength=G), n), _div(np.bincount(g, y, minlength=G), n)
    dx, dy = np.where(both, p.pre - m_pre[g], 0.0), np.where(both, p.post - m_post[g], 0.0)
    n1 = np.where(n >= 2, n - 1, np.nan)
    sd_pre = np.sqrt(_div(np.bincount(g, dx * dx, minlength=G), n1))
    sd_post = np.sqrt(_div(np.bincount(g, dy * dy, minlength=G), n1))
    r = np.clip(_div(_div(np.bincount(g, dx * dy, minlength=G), n1), sd_pre * sd_post), -1.0, 1.0)
    r = np.where(np.abs(1.0 - r) < 1e-12, 1.0, r)
    nn = np.where(n >= 2, n, np.nan)
    sign = np.where(np.array([hib[i] for i in p.instrument], dtype=bool), 1.0, -1.0)
    change = m_post - m_pre
    smcr = _hedges_j(nn - 1) * _div(sign * change, sd_pre)
    return pd.DataFrame({"activity_id": p.activity, "instrument": p.instrument, "group": p.group,
                         "n_pairs": n, "n_pre_only": np.bincount(g, has_pre & ~has_post, minlength=G),
                         "n_post_only": np.bincount(g, ~has_pre & has_post, minlength=G),
                         "mean_change": change, "sd_pre": sd_pre, "r": r, "smcr": smcr,
                         "smcr_var": _div(2 * (1 - r), nn) + _div(smcr**2, 2 * nn)})


# --- effectiveness: reliable change (Jacobson–Truax) --------------------------------------------


def reliable_loop(o: pd.DataFrame, hib: dict, rel: dict, sd_by_instrument: dict,
                  criterion: float) -> pd.DataFrame:
    rows = []
    o = o[(o["group"] == "participant") & o["phase"].isin(["pre", "post"])]
    for aid, ga in o.groupby("activity_id", sort=False, observed=True):
        for inst, g in ga.groupby("instrument", observed=True):
            pre = dict(zip(g.loc[g["phase"] == "pre", "participant_id"], g.loc[g["phase"] == "pre", "score"],
                           strict=True))
            post = dict(zip(g.loc[g["phase"] == "post", "participant_id"],
                            g.loc[g["phase"] == "post", "score"], strict=True))
            s_diff = sd_by_instrument[inst] * np.sqrt(2 * (1 - rel[inst]))
            sign = 1.0 if hib[inst] else -1.0
            n = imp = det = 0
            for pid, x in pre.items():
                if pid not in post:
                    continue
                n += 1
                rci = sign * (post[pid] - x) / s_diff
                imp += rci > criterion
                det += rci < -criterion
            rows.append((aid, inst, "participant", n, imp, det, imp / n if n else np.nan,
                         s_diff if n else np.nan))
    return pd.DataFrame(rows, columns=["activity_id", "instrument", "group", "n_pairs", "n_improved",
                                       "n_deteriorated", "share_improved", "s_diff"])


def sd_by_instrument(o: pd.DataFrame) -> dict:
    """Pre-test SD of all paired participants per instrument (the loop's first pass)."""
    p = pairs_vectorised(o, only_group="participant")
    both = np.isfinite(p.pre) & np.isfinite(p.post)
    inst = p.instrument[p.group_of_unit]
    return pd.Series(p.pre[both]).groupby(inst[both]).std().to_dict()


def reliable_vectorised(o: pd.DataFrame, hib: dict, rel: dict, criterion: float) -> pd.DataFrame:
    p = pairs_vectorised(o, only_group="participant")
    g, G = p.group_of_unit, len(p.activity)
    both = np.isfinite(p.pre) & np.isfinite(p.post)
    ic, iu = _fz(pd.Series(p.instrument, dtype=object))
    iu_ = np.asarray(iu, dtype=object)
    ni = len(iu)
    unit_inst = ic[g]
    cnt = np.bincount(unit_inst, both, minlength=ni)
    x = np.where(both, p.pre, 0.0)
    mean = _div(np.bincount(unit_inst, x, minlength=ni), cnt)
    sd = np.sqrt(_div(np.bincount(unit_inst, np.where(both, (p.pre - mean[unit_inst]) ** 2, 0.0),
                                  minlength=ni), np.where(cnt >= 2, cnt - 1, np.nan)))
    s_diff = np.sqrt(2.0 * (sd * np.sqrt(1 - np.array([rel[i] for i in iu_]))) ** 2)
    sign = np.where(np.array([hib[i] for i in iu_], dtype=bool), 1.0, -1.0)
    ok = both & (sd[unit_inst] > 0)
    signed = sign[unit_inst] * _div(p.post - p.pre, s_diff[unit_inst])
    n = np.bincount(g, ok, minlength=G)
    imp = np.bincount(g, ok & (signed > criterion), minlength=G)
    return pd.DataFrame({"activity_id": p.activity, "instrument": p.instrument, "group": p.group,
                         "n_pairs": n, "n_improved": imp,
                         "n_deteriorated": np.bincount(g, ok & (signed < -criterion), minlength=G),
                         "share_improved": _div(imp, n),
                         "s_diff": np.where(n > 0, s_diff[ic], np.nan)})


# --- effectiveness: effects against a comparison group (DiD and IPW) -----------------------------


def comparison_loop(o: pd.DataFrame, hib: dict, trim: float = 0.01) -> pd.DataFrame:
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    rows = []
    o = o[o["phase"].isin(["pre", "post"]) & o["group"].isin(["participant", "comparison"])]
    for (aid, inst), g in o.groupby(["activity_id", "instrument"], sort=False, observed=True):
        w = g.pivot_table(index=["participant_id", "group"], columns="phase", values="score",
                          aggfunc="first", observed=True)
        if "pre" not in w.columns or "post" not in w.columns:
            continue
        w = w.dropna(subset=["pre", "post"]).reset_index()
        age = g[g["phase"] == "pre"].set_index(["participant_id", "group"])["age"]
        w["age"] = age.reindex(pd.MultiIndex.from_frame(w[["participant_id", "group"]])).to_numpy(
            dtype=float, na_value=np.nan)
        treated = (w["group"] == "participant").to_numpy(dtype=int)
        if treated.sum() < 3 or (1 - treated).sum() < 3:
            continue
        s = 1.0 if hib[inst] else -1.0
        k = len(w)
        long = pd.DataFrame({"y": s * np.r_[w["pre"], w["post"]], "treated": np.r_[treated, treated],
                             "post": np.repeat([0, 1], k), "pid": np.r_[np.arange(k), np.arange(k)]})
        fit = smf.ols("y ~ treated * post", long).fit(cov_type="cluster", cov_kwds={"groups": long["pid"]})
        rows.append((aid, inst, "did", fit.params["treated:post"], fit.bse["treated:post"]))
        c = w[w["age"].notna()]
        t = (c["group"] == "participant").to_numpy(dtype=float)
        if t.sum() < 3 or (1 - t).sum() < 3:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ps = sm.Logit(t, sm.add_constant(c["age"].to_numpy(dtype=float))).fit(disp=0, maxiter=100).predict()
            except Exception:  # perfect separation: statsmodels may stop with an error
                ps = np.where(t == 1, 1.0, 0.0)
        ps = np.clip(ps, trim, 1 - trim)
        weight = np.where(t == 1, 1.0, ps / (1 - ps))
        change = s * (c["post"] - c["pre"]).to_numpy(dtype=float)
        wls = sm.WLS(change, sm.add_constant(t), weights=weight).fit(cov_type="HC1")
        rows.append((aid, inst, "ipw", wls.params[1], wls.bse[1]))
    return pd.DataFrame(rows, columns=["activity_id", "instrument", "method", "estimate", "se"])


def comparison_vectorised(o: pd.DataFrame, hib: dict, trim: float = 0.01) -> pd.DataFrame:
    p = pairs_vectorised(o, age=True)
    g = p.group_of_unit
    both = np.isfinite(p.pre) & np.isfinite(p.post)
    grp = p.group[g]
    treated_u = grp == "participant"
    keep = both & (treated_u | (grp == "comparison"))
    ai = p.act_inst[g][keep]
    T = treated_u[keep]
    keys, cc = np.unique(ai, return_inverse=True)
    nt, nc_ = np.bincount(cc, T, minlength=len(keys)), np.bincount(cc, ~T, minlength=len(keys))
    elig = (nt >= 3) & (nc_ >= 3)
    sel = elig[cc]
    remap = np.cumsum(elig) - 1
    c, T = remap[cc[sel]], T[sel]
    G = int(elig.sum())
    first_group = np.zeros(len(keys), dtype=np.int64)
    first_group[cc] = g[keep]  # any group of the pair: for the activity and instrument names
    gi = first_group[elig]
    inst = p.instrument[gi]
    sign = np.where(np.array([hib[i] for i in inst], dtype=bool), 1.0, -1.0)
    change = sign[c] * (p.post[keep][sel] - p.pre[keep][sel])
    t = T.astype(float)
    n_t, n_c = np.bincount(c, t, minlength=G), np.bincount(c, 1 - t, minlength=G)
    m_t, m_c = np.bincount(c, change * t, minlength=G) / n_t, np.bincount(c, change * (1 - t), minlength=G) / n_c
    dev = change - np.where(T, m_t[c], m_c[c])
    ss_t, ss_c = np.bincount(c, dev**2 * t, minlength=G), np.bincount(c, dev**2 * (1 - t), minlength=G)
    gg = n_t + n_c
    var = (ss_t / n_t**2 + ss_c / n_c**2) * gg / (gg - 1) * (2 * gg - 1) / (2 * gg - 4)
    did = pd.DataFrame({"activity_id": p.activity.take(gi), "instrument": inst, "method": "did",
                        "estimate": m_t - m_c, "se": np.sqrt(var)})
    # IPW: logistic propensity on age per group (batched Newton), ATT weights, HC1 standard error
    age = p.age[keep][sel]
    comp = np.isfinite(age)
    cq, tq, aq, chq = c[comp], t[comp], age[comp], change[comp]
    ok = (np.bincount(cq, tq, minlength=G) >= 3) & (np.bincount(cq, 1 - tq, minlength=G) >= 3)
    m = ok[cq]
    cq, tq, aq, chq = cq[m], tq[m], aq[m], chq[m]
    cnt = np.bincount(cq, minlength=G).astype(float)
    mu = _div(np.bincount(cq, aq, minlength=G), cnt)
    sd = np.sqrt(_div(np.bincount(cq, (aq - mu[cq]) ** 2, minlength=G), cnt))
    z = (aq - mu[cq]) / np.where(sd > 0, sd, 1.0)[cq]
    beta = np.zeros((G, 2))
    live = np.ones(G, dtype=bool)
    rows = np.arange(len(cq))
    for _ in range(50):  # Newton steps; a group leaves (with its rows) once it has converged
        rows = rows[live[cq[rows]]]
        cr, zr = cq[rows], z[rows]
        pi = special.expit(beta[cr, 0] + beta[cr, 1] * zr)
        wv, res = pi * (1 - pi), tq[rows] - pi
        g0, g1 = np.bincount(cr, res, minlength=G), np.bincount(cr, res * zr, minlength=G)
        h00, h01 = np.bincount(cr, wv, minlength=G), np.bincount(cr, wv * zr, minlength=G)
        h11 = np.bincount(cr, wv * zr * zr, minlength=G)
        det = h00 * h11 - h01**2
        regular = live & (det > 1e-12 * np.maximum(h00 * h11, 1e-300))
        step = np.zeros((G, 2))
        step[regular, 0] = (h11 * g0 - h01 * g1)[regular] / det[regular]
        step[regular, 1] = (h00 * g1 - h01 * g0)[regular] / det[regular]
        near = live & ~regular  # nearly separated: the pseudo-inverse, as a careful analyst would
        if near.any():
            h = np.stack([np.column_stack([h00, h01]), np.column_stack([h01, h11])], axis=1)[near]
            step[near] = np.einsum("gij,gj->gi", np.linalg.pinv(h), np.column_stack([g0, g1])[near])
        beta += step
        live &= np.abs(step).max(axis=1) > 1e-10 * np.maximum(1.0, np.abs(beta).max(axis=1))
        if not live.any():
            break
    ps = np.clip(special.expit(beta[cq, 0] + beta[cq, 1] * z), trim, 1 - trim)
    w = np.where(tq == 1, 1.0, ps / (1 - ps))
    w_t, w_c = np.bincount(cq, w * tq, minlength=G), np.bincount(cq, w * (1 - tq), minlength=G)
    with np.errstate(divide="ignore", invalid="ignore"):
        mw_t = np.bincount(cq, w * chq * tq, minlength=G) / w_t
        mw_c = np.bincount(cq, w * chq * (1 - tq), minlength=G) / w_c
        e = chq - np.where(tq == 1, mw_t[cq], mw_c[cq])
        term = w**2 * e**2
        var_ipw = (np.bincount(cq, term * tq, minlength=G) / w_t**2
                   + np.bincount(cq, term * (1 - tq), minlength=G) / w_c**2) * cnt / (cnt - 2)
    ipw = pd.DataFrame({"activity_id": p.activity.take(gi[ok]), "instrument": inst[ok], "method": "ipw",
                        "estimate": (mw_t - mw_c)[ok], "se": np.sqrt(var_ipw[ok])})
    return pd.concat([did, ipw], ignore_index=True)


# --- effectiveness: REML pooling per group -------------------------------------------------------


def _reml_one(y: np.ndarray, v: np.ndarray, level: float = 0.95) -> dict:
    """Intercept-only REML by Fisher scoring, Q-profile CI of τ² by brentq, for one group."""
    k = len(y)
    w0 = 1 / v
    mu0 = (w0 * y).sum() / w0.sum()
    q = float((w0 * (y - mu0) ** 2).sum())
    trp0 = w0.sum() - (w0**2).sum() / w0.sum()
    tau2 = max(0.0, (q - (k - 1)) / trp0)
    for _ in range(200):
        w = 1 / (v + tau2)
        sw = w.sum()
        py = w * (y - (w * y).sum() / sw)
        trp = sw - (w**2).sum() / sw
        trpp = (w**2).sum() - 2 * (w**3).sum() / sw + ((w**2).sum() / sw) ** 2
        new = max(0.0, tau2 + (py @ py - trp) / trpp)
        done = abs(new - tau2) <= 1e-12 * max(1.0, tau2)
        tau2 = new
        if done:
            break
    w = 1 / (v + tau2)
    est = float((w * y).sum() / w.sum())
    s2 = (k - 1) / trp0

    def qgen(t):
        ww = 1 / (v + t)
        return float((ww * (y - (ww * y).sum() / ww.sum()) ** 2).sum())

    lo_t, hi_t = stats.chi2.ppf(1 - (1 - level) / 2, k - 1), stats.chi2.ppf((1 - level) / 2, k - 1)

    def solve(target):
        if q <= target:
            return 0.0
        upper = max(1.0, 10.0 * float(np.var(y)))
        while qgen(upper) > target:
            upper *= 10.0
        return optimize.brentq(lambda t: qgen(t) - target, 0.0, upper, xtol=1e-12, rtol=1e-12)

    ci = (np.nan, np.nan) if q < hi_t else (solve(lo_t), solve(hi_t))
    return {"k": k, "estimate": est, "se": float(np.sqrt(1 / w.sum())), "tau2": tau2,
            "tau2_ci_low": ci[0], "tau2_ci_high": ci[1], "q": q, "i2": tau2 / (tau2 + s2)}


def pool_by_loop(e: pd.DataFrame, by: list[str], yi: str = "smd", vi: str = "smd_var") -> pd.DataFrame:
    rows = []
    for key, d in e.groupby(by, sort=True, observed=True):
        y, v = d[yi].to_numpy(dtype=float), d[vi].to_numpy(dtype=float)
        ok = np.isfinite(y) & np.isfinite(v) & (v > 0)
        rows.append({**dict(zip(by, key, strict=True)), **_reml_one(y[ok], v[ok])})
    return pd.DataFrame(rows)


def reml_vectorised(c: np.ndarray, G: int, y: np.ndarray, v: np.ndarray, level: float = 0.95) -> dict:
    """Intercept-only REML for G groups at once: O(k) sums per Fisher step, no k × k matrix; the
    Q-profile CI of τ² by bisection on all groups at once."""
    k = np.bincount(c, minlength=G).astype(float)

    def sums(tau2):
        w = 1 / (v + tau2[c])
        sw = np.bincount(c, w, minlength=G)
        mu = np.bincount(c, w * y, minlength=G) / sw
        return w, sw, mu

    w0, sw0, mu0 = sums(np.zeros(G))
    s20 = np.bincount(c, w0**2, minlength=G)
    q = np.bincount(c, w0 * (y - mu0[c]) ** 2, minlength=G)
    trp0 = sw0 - s20 / sw0
    tau2 = np.maximum(0.0, (q - (k - 1)) / trp0)
    live = np.ones(G, dtype=bool)
    for _ in range(200):
        w, sw, mu = sums(tau2)
        py = w * (y - mu[c])
        s2, s3 = np.bincount(c, w**2, minlength=G), np.bincount(c, w**3, minlength=G)
        trp, trpp = sw - s2 / sw, s2 - 2 * s3 / sw + (s2 / sw) ** 2
        new = np.maximum(0.0, tau2 + (np.bincount(c, py**2, minlength=G) - trp) / trpp)
        new = np.where(live, new, tau2)
        live &= np.abs(new - tau2) > 1e-12 * np.maximum(1.0, tau2)
        tau2 = new
        if not live.any():
            break
    _, sw, mu = sums(tau2)

    def qgen(t):
        w, _, m = sums(t)
        return np.bincount(c, w * (y - m[c]) ** 2, minlength=G)

    lo_t, hi_t = stats.chi2.ppf(1 - (1 - level) / 2, k - 1), stats.chi2.ppf((1 - level) / 2, k - 1)

    def solve(target):
        # the root of Q(τ²) = target for every group at once: bracket, then Illinois steps
        f_a = q - target
        a, b = np.zeros(G), np.maximum(1.0, 10.0 * (np.bincount(c, y**2, minlength=G) / k
                                                    - (np.bincount(c, y, minlength=G) / k) ** 2))
        f_b = qgen(b) - target
        while np.any(grow := f_b > 0):
            b = np.where(grow, 10 * b, b)
            f_b = qgen(b) - target
        live = f_a > 0
        side = np.zeros(G)
        x = np.where(live, b, 0.0)
        for _ in range(200):
            with np.errstate(invalid="ignore", divide="ignore"):
                r = np.where(live, (a * f_b - b * f_a) / (f_b - f_a), x)
            f_r = qgen(r) - target
            to_b = live & (f_r * f_b > 0)
            to_a = live & (f_r * f_a > 0) & ~to_b
            f_a = np.where(to_b & (side == -1), f_a / 2, f_a)
            f_b = np.where(to_a & (side == 1), f_b / 2, f_b)
            b, f_b = np.where(to_b, r, b), np.where(to_b, f_r, f_b)
            a, f_a = np.where(to_a, r, a), np.where(to_a, f_r, f_a)
            side = np.where(to_b, -1, np.where(to_a, 1, side))
            done = live & ((np.abs(r - x) <= 1e-13 * np.maximum(1.0, r)) | ~(to_a | to_b))
            x = np.where(live, r, x)
            live &= ~done
            if not live.any():
                break
        return np.where(q <= target, 0.0, x)

    empty = q < hi_t
    return {"k": k.astype(int), "estimate": mu, "se": np.sqrt(1 / sw), "tau2": tau2,
            "tau2_ci_low": np.where(empty, np.nan, solve(lo_t)),
            "tau2_ci_high": np.where(empty, np.nan, solve(hi_t)), "q": q,
            "i2": tau2 / (tau2 + (k - 1) / trp0)}


def pool_by_vectorised(e: pd.DataFrame, by: list[str], yi: str = "smd", vi: str = "smd_var") -> pd.DataFrame:
    y, v = e[yi].to_numpy(dtype=float), e[vi].to_numpy(dtype=float)
    ok = np.isfinite(y) & np.isfinite(v) & (v > 0)
    codes = [_fz(e[b]) for b in by]
    key = np.zeros(len(e), dtype=np.int64)
    for cc, u in codes:
        key = key * len(u) + cc
    keys, c = np.unique(key[ok], return_inverse=True)
    out = reml_vectorised(c, len(keys), y[ok], v[ok])
    cols = {}
    rest = keys
    for b, (_, u) in zip(reversed(by), reversed(codes), strict=True):
        cols[b] = u.take(rest % len(u))
        rest = rest // len(u)
    return pd.DataFrame({**{b: cols[b] for b in by}, **out})


def pool_vectorised(y, v) -> pd.DataFrame:
    """One pool: numpy over the k effects (the scalar REML of :func:`_reml_one`)."""
    y, v = np.asarray(y, dtype=float), np.asarray(v, dtype=float)
    ok = np.isfinite(y) & np.isfinite(v) & (v > 0)
    return pd.DataFrame([_reml_one(y[ok], v[ok])]).assign(all="all")


# --- comparing two tables ------------------------------------------------------------------------


def _numeric(s: pd.Series) -> np.ndarray | None:
    if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
        return s.astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    return None


def compare(lib: pd.DataFrame, other: pd.DataFrame, keys: list[str], cols: list[str], *,
            rtol: float = 1e-9, atol: float = 1e-12) -> dict:
    """Align two tables on their keys and compare the columns; a short report."""
    def norm(t):
        t = t[keys + cols].copy()
        for k in keys:
            t[k] = t[k].astype(str)
        return t

    m = norm(lib).merge(norm(other), on=keys, how="outer", suffixes=("", "__b"), indicator=True)
    only_lib, only_other = int((m["_merge"] == "left_only").sum()), int((m["_merge"] == "right_only").sum())
    both = m[m["_merge"] == "both"]
    bad: dict[str, str] = {}
    for col in cols:
        a, b = both[col], both[col + "__b"]
        na, nb = _numeric(a), _numeric(b)
        if na is not None and nb is not None:
            close = np.isclose(na, nb, rtol=rtol, atol=atol, equal_nan=True)
            if not close.all():
                diff = np.abs(na - nb)[~close]
                bad[col] = f"{int((~close).sum())} differ (max |Δ| {np.nanmax(diff) if np.isfinite(diff).any() else np.nan:.3g})"
        else:
            sa, sb = a.astype(object).where(a.notna(), None), b.astype(object).where(b.notna(), None)
            eq = np.array([x == y or (x is None and y is None) for x, y in zip(sa, sb, strict=True)])
            if not eq.all():
                bad[col] = f"{int((~eq).sum())} differ"
    ok = not bad and only_lib == 0 and only_other == 0
    parts = []
    if only_lib:
        parts.append(f"{only_lib} rows only in the library")
    if only_other:
        parts.append(f"{only_other} rows only in the baseline")
    parts += [f"{c}: {t}" for c, t in bad.items()]
    return {"ok": ok, "rows": len(both), "detail": "; ".join(parts)}


# --- part 1 --------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    what: str
    lib: Callable[[], object]
    view: Callable[[object], pd.DataFrame]
    loop: Callable[[], pd.DataFrame] | None
    vec: Callable[[], pd.DataFrame]
    keys: list[str]
    cols: list[str]
    loop_scale: float = 1.0
    loop_note: str = "all groups"
    sample: Callable[[pd.DataFrame], pd.DataFrame] | None = None
    rtol: float = 1e-9
    atol: float = 1e-12
    result: dict = field(default_factory=dict)


def cases(loop_sample: int) -> list[Case]:
    import impactlib
    from impactlib import continuity as c
    from impactlib import effectiveness as eff
    from impactlib.population import denominators

    ds = impactlib.load_demo()
    f, o, acts, out = ds.funding, ds.organisations, ds.activities, ds.outcomes
    orgs = o["org_id"].astype(str)
    sample = set(orgs.sample(min(loop_sample, len(orgs)), random_state=SEED))
    in_sample = lambda t: t[t["org_id"].astype(str).isin(sample)]  # noqa: E731
    f_s = in_sample(f)
    n_org, n_org_s = f["org_id"].nunique(), f_s["org_id"].nunique()
    succ = c.municipal_successors()
    first, last = int(f["year"].min()), int(f["year"].max())
    sp = c.spells(f, recode="municipal_mergers")
    sp_s = in_sample(sp)
    four = c.attach_organisation(sp, o)
    four = four[four["source_group"].isin(["stea", "municipality", "county", "foundation"])]
    pop = denominators()
    acts_s = in_sample(acts)
    sample_acts = set(acts_s["activity_id"].astype(str))
    out_s = out[out["activity_id"].astype(str).isin(sample_acts)]
    by_act = lambda t: t[t["activity_id"].astype(str).isin(sample_acts)]  # noqa: E731
    n_act, n_act_s = out["activity_id"].nunique(), out_s["activity_id"].nunique()
    hib, rel = _instrument_tables()
    crit = eff.RELIABLE_CHANGE_CRITERION
    sd_inst = sd_by_instrument(out)
    effects = eff.activity_effects(acts, out, ds.outcome_summaries, vtype="AV")
    usable = effects[effects["poolable"]].reset_index(drop=True)
    theme = ["theme", "instrument", "effect_type"]

    def note(unit, n_s, n):
        whose = "" if unit == "associations" else f" of the {n_org_s:,} sampled associations"
        return f"timed on {n_s:,} of {n:,} {unit}{whose}, scaled ×{n / n_s:.1f}"

    org_note = note("associations", n_org_s, n_org)
    act_note = note("activities with outcomes", n_act_s, n_act)
    handover_cols = ["before_eur", "municipality_eur", "county_eur", "outcome", "municipality_eur_next",
                     "county_eur_next", "outcome_next"]
    pool_cols = ["k", "estimate", "se", "tau2", "tau2_ci_low", "tau2_ci_high", "q", "i2"]

    def comparison_view(r):
        return r.effects[["activity_id", "instrument", "method", "estimate", "se"]]

    def survival_view(r):
        return r.table.assign(logrank=float(r.logrank["statistic"].iloc[0]))

    return [
        Case("funding_mix", "share of each source per association-year",
             lambda: c.funding_mix(f, levels=["source"]), lambda r: r,
             lambda: mix_loop(f_s), lambda: mix_vectorised(f),
             ["org_id", "year", "code"], ["amount_eur", "share"], n_org / n_org_s, org_note, in_sample),
        Case("concentration", "HHI, number and largest funder per association-year (by funder)",
             lambda: c.concentration(f, by="funder"), lambda r: r,
             lambda: hhi_loop(f_s), lambda: hhi_vectorised(f), ["org_id", "year"],
             ["n", "hhi", "top", "top_share", "public_share"], n_org / n_org_s, org_note, in_sample),
        Case("volatility", "CV of yearly totals and largest drop per association",
             lambda: c.volatility(f), lambda r: r, lambda: cv_loop(f_s), lambda: cv_vectorised(f),
             ["org_id"], ["mean_total", "cv", "drop_eur", "drop_pct"], n_org / n_org_s, org_note, in_sample),
        Case("spells", "funding spells per association and funder (municipal mergers recoded)",
             lambda: c.spells(f, recode="municipal_mergers"), lambda r: r,
             lambda: spells_loop(f_s, succ, first, last), lambda: spells_vectorised(f, succ),
             ["org_id", "funder", "start"],
             ["end", "length", "amount_eur", "years_funded", "first_amount_eur", "last_amount_eur",
              "censored", "truncated", "source_group"], n_org / n_org_s, org_note, in_sample),
        Case("interruptions", "ended spells: lost euros, resumption and gap",
             lambda: c.interruptions(sp), lambda r: r, lambda: interruptions_loop(sp_s),
             lambda: interruptions_vectorised(sp), ["org_id", "funder", "start"],
             ["stop_year", "lost_eur", "resumed", "resumed_year", "gap_years", "resumed_eur"],
             sp["org_id"].nunique() / sp_s["org_id"].nunique(),
             note("associations", sp_s["org_id"].nunique(), sp["org_id"].nunique()), in_sample),
        Case("handover", "municipal grants 2022 → 2023/2024 per association and county",
             lambda: c.handover(f, o), lambda r: r, lambda: handover_loop(f_s, succ),
             lambda: handover_vectorised(f, succ), ["org_id", "county"], handover_cols,
             n_org / n_org_s, org_note, in_sample),
        Case("spell_survival", "Kaplan–Meier per funder type and log-rank (no Cox model)",
             lambda: c.spell_survival(four, group="source_group"), survival_view,
             lambda: km_loop(four), lambda: km_vectorised(four), ["group", "time"],
             ["at_risk", "events", "censored", "survival", "se", "logrank"],
             loop_note="loop over funder types and years (all)"),
        Case("reach", "participants per 1,000 inhabitants of each activity's area",
             lambda: eff.reach(acts, by="activity"), lambda r: r,
             lambda: reach_loop(acts_s, pop), lambda: reach_vectorised(acts, pop), ["activity_id"],
             ["participants_per_1000"], len(acts) / max(len(acts_s), 1),
             note("activities", len(acts_s), len(acts)), by_act),
        Case("prepost", "pre/post SMCR per activity × instrument × group",
             lambda: eff.prepost(out), lambda r: r, lambda: prepost_loop(out_s, hib),
             lambda: prepost_vectorised(out, hib), ["activity_id", "instrument", "group"],
             ["n_pairs", "n_pre_only", "n_post_only", "mean_change", "sd_pre", "r", "smcr", "smcr_var"],
             n_act / n_act_s, act_note, by_act),
        Case("reliable_change_rates", "reliably improved and deteriorated per activity × instrument",
             lambda: eff.reliable_change_rates(out), lambda r: r,
             lambda: reliable_loop(out_s, hib, rel, sd_inst, crit),
             lambda: reliable_vectorised(out, hib, rel, crit), ["activity_id", "instrument", "group"],
             ["n_pairs", "n_improved", "n_deteriorated", "share_improved", "s_diff"],
             n_act / n_act_s, act_note, by_act),
        Case("comparison_effect", "DiD (cluster SE) and IPW (HC1 SE) per activity × instrument",
             lambda: eff.comparison_effect(out), comparison_view, lambda: comparison_loop(out_s, hib),
             lambda: comparison_vectorised(out, hib), ["activity_id", "instrument", "method"],
             ["estimate", "se"], n_act / n_act_s, act_note + "; statsmodels per group", by_act,
             rtol=1e-7, atol=1e-9),
        Case("pool_by", "REML pool per theme × instrument × effect type (k 5–963)",
             lambda: eff.pool_by(usable, theme), lambda r: r, lambda: pool_by_loop(usable, theme),
             lambda: pool_by_vectorised(usable, theme), theme, pool_cols,
             loop_note="loop over the groups (all)", rtol=1e-7, atol=1e-10),
        Case("pool", f"REML pool of all {len(usable):,} poolable effects at once",
             lambda: eff.pool(usable["smd"], usable["smd_var"]), lambda r: r.to_frame().assign(all="all"),
             None, lambda: pool_vectorised(usable["smd"], usable["smd_var"]), ["all"], pool_cols,
             loop_note="—", rtol=1e-7, atol=1e-10),
    ]


def _fmt_s(x: float) -> str:
    return "–" if not np.isfinite(x) else (f"{x:.3f}" if x < 10 else f"{x:.1f}")


def _csv(x: float, digits: int) -> str:
    return f"{x:.{digits}f}" if np.isfinite(x) else ""


def _fmt_x(x: float) -> str:
    return "–" if not np.isfinite(x) else (f"{x:.1f}×" if x < 10 else f"{x:.0f}×")


def part1(repeat: int, loop_sample: int, only: set[str] | None = None) -> list[dict]:
    t0 = time.perf_counter()
    all_cases = cases(loop_sample)
    print(f"  (inputs prepared in {time.perf_counter() - t0:.1f} s)", flush=True)
    rows = []
    for case in all_cases:
        if only and case.name not in only:
            continue
        row = {"indicator": case.name, "what": case.what, "loop_note": case.loop_note,
               "columns": ", ".join(case.cols), "library_s": np.nan, "loop_s": np.nan,
               "vectorised_s": np.nan, "library_first_s": np.nan, "loop_agrees": None, "vectorised_agrees": None,
               "loop_detail": "", "vectorised_detail": "", "rows": 0, "error": ""}
        try:
            s0 = time.perf_counter()
            first_result = case.lib()
            row["library_first_s"] = time.perf_counter() - s0  # the first call (caches cold)
            ref = case.view(first_result)
            ve = case.vec()
            cv = compare(ref, ve, case.keys, case.cols, rtol=case.rtol, atol=case.atol)
            row.update(vectorised_agrees=cv["ok"], vectorised_detail=cv["detail"], rows=cv["rows"])
            if case.loop is not None:
                t_loop0 = time.perf_counter()
                lo = case.loop()
                row["loop_s"] = (time.perf_counter() - t_loop0) * case.loop_scale
                ref_s = case.sample(ref) if case.sample else ref
                cl = compare(ref_s, lo, case.keys, case.cols, rtol=case.rtol, atol=case.atol)
                row.update(loop_agrees=cl["ok"], loop_detail=cl["detail"], loop_rows=cl["rows"])
            # the library and the vectorised version alternately, so that the load hits both alike
            t_lib, t_vec = [], []
            for _ in range(repeat):
                s = time.perf_counter()
                case.lib()
                t_lib.append(time.perf_counter() - s)
                s = time.perf_counter()
                case.vec()
                t_vec.append(time.perf_counter() - s)
            row["library_s"], row["vectorised_s"] = statistics.median(t_lib), statistics.median(t_vec)
        except Exception as exc:  # a case that breaks is reported, the others still run
            row["error"] = f"{type(exc).__name__}: {exc}"
            traceback.print_exc()
        row["loop_per_library"] = row["loop_s"] / row["library_s"]
        row["library_per_vectorised"] = row["library_s"] / row["vectorised_s"]
        rows.append(row)
        agree = (f"vectorised {'yes' if row['vectorised_agrees'] else 'NO'} ({row['rows']:,} rows"
                 + (f"; {row['vectorised_detail']}" if row["vectorised_detail"] else "") + ")")
        if row["loop_agrees"] is not None:
            agree += (f", loop {'yes' if row['loop_agrees'] else 'NO'} ({row.get('loop_rows', 0):,} rows"
                      + (f"; {row['loop_detail']}" if row["loop_detail"] else "") + ")")
        print(f"  {case.name}: library {_fmt_s(row['library_s'])} s, vectorised "
              f"{_fmt_s(row['vectorised_s'])} s (library/vectorised {_fmt_x(row['library_per_vectorised'])}), "
              f"loop {_fmt_s(row['loop_s'])} s (loop/library {_fmt_x(row['loop_per_library'])})"
              + (f"; ERROR {row['error']}" if row["error"] else f"; same numbers: {agree}"), flush=True)
    return rows


# --- part 2: the whole suite in a fresh process --------------------------------------------------


def suite(ds) -> tuple[dict[str, float], dict[str, str]]:
    """Every public indicator once; seconds per indicator (and the errors, if any)."""
    from impactlib import continuity as c
    from impactlib import effectiveness as eff

    f, o = ds.funding, ds.organisations
    times: dict[str, float] = {}
    errors: dict[str, str] = {}

    def run(name, fn):
        t0 = time.perf_counter()
        try:
            out = fn()
        except Exception as exc:  # reported, the rest of the suite still runs
            errors[name] = f"{type(exc).__name__}: {exc}"
            out = None
        times[name] = time.perf_counter() - t0
        return out

    year = int(f["year"].max())
    run("funding_mix", lambda: c.funding_mix(f))
    run("mix_over_years", lambda: c.mix_over_years(f, o, by="county"))
    conc = run("concentration", lambda: c.concentration(f, by="funder"))
    bands = run("dependence_bands", lambda: c.dependence_bands(conc, o))
    run("one_funder_share", lambda: c.one_funder_share(bands))
    run("volatility", lambda: c.volatility(f))
    sp = run("spells", lambda: c.spells(f, recode="municipal_mergers"))
    run("interruptions", lambda: c.interruptions(sp))
    four = run("attach_organisation", lambda: c.attach_organisation(sp, o))
    four = four[four["source_group"].isin(["stea", "municipality", "county", "foundation"])]
    run("spell_survival", lambda: c.spell_survival(four, group="source_group",
                                                   covariates=["source_group", "kind"]))
    run("proportional_hazards", lambda: c.proportional_hazards(four, ["source_group"]))
    summary = run("handover", lambda: c.handover_summary(c.handover(f, o)))
    run("handover_euros_kept", lambda: c.handover_euros_kept(summary))
    run("project_cliff", lambda: c.cliff_summary(c.project_cliff(f, o)))
    run("scenario", lambda: c.scenario_summary(c.scenario(f, {"stea_general": -0.1}, organisations=o,
                                                          year=year)))
    run("stea_cut_scenario", lambda: c.stea_cut_scenario(f, c.stea_cut_plan(f, year=year), organisations=o))
    run("stea_exposure", lambda: c.stea_exposure(f, o, year=year, by="kind"))
    run("reach by county", lambda: eff.reach(ds.activities, by="county", organisations=o))
    run("reach per activity", lambda: eff.reach(ds.activities, by="activity"))
    run("prepost", lambda: eff.prepost(ds.outcomes))
    run("prepost_from_summary", lambda: eff.prepost_from_summary(ds.outcome_summaries))
    effects = run("activity_effects", lambda: eff.activity_effects(ds.activities, ds.outcomes,
                                                                   ds.outcome_summaries, vtype="AV"))
    usable = effects[effects["poolable"]]
    comp = usable[usable["effect_type"] == "ppc"]
    run("pool", lambda: eff.pool(usable["smd"], usable["smd_var"]))
    run("pool_by", lambda: eff.pool_by(usable, ["theme", "instrument", "effect_type"]))
    run("pool_multilevel", lambda: eff.pool_multilevel(usable["smd"], usable["smd_var"], usable["org_id"]))
    run("meta_regression", lambda: eff.meta_regression(comp["smd"], comp["smd_var"], comp["theme"]))
    run("egger", lambda: eff.egger(comp["smd"], comp["smd_var"]))
    run("effect_table", lambda: eff.effect_table(usable, by="theme"))
    run("comparison_effect", lambda: eff.comparison_effect(ds.outcomes))
    run("comparison_trend", lambda: eff.comparison_trend(ds.outcomes))
    run("reliable_change_rates", lambda: eff.reliable_change_rates(ds.outcomes, activities=ds.activities,
                                                                   by="theme"))
    run("felt_help", lambda: eff.felt_help(ds.activities, by="theme"))
    run("evidence_level", lambda: eff.evidence_level(ds.activities, usable))
    return times, errors


def _proc_status_mb(name: str) -> float:
    """A ``Vm…`` line of ``/proc/self/status`` in MB (NaN where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(name + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _reset_peak() -> bool:
    """Reset the high-water mark of resident memory (Linux ≥ 4.0: ``clear_refs`` 5)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def child(scale: int) -> None:
    import gc

    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    import impactlib
    from impactlib.demo import scale_dataset

    ds = impactlib.load_demo()
    t_load = time.perf_counter() - t0
    ds = scale_dataset(ds, scale)
    t_scale = time.perf_counter() - t0 - t_load
    # the child's own high-water mark (VmHWM); ru_maxrss keeps the parent's across exec on Linux
    hwm = _proc_status_mb("VmHWM")
    rss_before = hwm * 1024 if np.isfinite(hwm) else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    gc.collect()
    data_mb = _proc_status_mb("VmRSS")
    reset = _reset_peak()
    t1, c1 = time.perf_counter(), time.process_time()
    times, errors = suite(ds)
    wall, cpu = time.perf_counter() - t1, time.process_time() - c1
    suite_peak = _proc_status_mb("VmHWM") if reset else float("nan")
    print(json.dumps({"scale": scale, "load_s": t_load, "scale_s": t_scale, "suite_s": wall, "suite_cpu_s": cpu,
                      "times": times, "errors": errors,
                      "peak_mb": (max(rss_before / 1024, suite_peak) if np.isfinite(suite_peak)
                                  else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
                      "peak_before_suite_mb": rss_before / 1024, "data_rss_mb": data_mb,
                      "suite_peak_mb": suite_peak, "associations": len(ds.organisations),
                      "funding_rows": len(ds.funding), "outcome_rows": len(ds.outcomes)}))


def part2(scales: list[int]) -> list[dict]:
    rows = []
    for k in scales:
        t0 = time.perf_counter()
        res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(k)],
                             capture_output=True, text=True, env={**os.environ, "MPLBACKEND": "agg"},
                             check=False)
        elapsed = time.perf_counter() - t0
        if res.returncode != 0:
            print(res.stderr[-3000:])
            print(f"  {k:>2}×: the suite failed (exit {res.returncode}); later scales skipped")
            break
        r = json.loads(res.stdout.strip().splitlines()[-1])
        r["process_s"] = elapsed
        r["children_maxrss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        base = rows[0] if rows else r
        r["time_ratio"] = r["suite_s"] / base["suite_s"]
        r["memory_ratio"] = r["peak_mb"] / base["peak_mb"]
        r["data_ratio"] = r["funding_rows"] / base["funding_rows"]
        rows.append(r)
        slow = ", ".join(f"{n} {s:.2f} s" for n, s in sorted(r["times"].items(), key=lambda kv: -kv[1])[:4])
        print(f"  {k:>2}×: {r['associations']:,} associations, {r['funding_rows']:,} funding rows: suite "
              f"{r['suite_s']:.2f} s wall, {r['suite_cpu_s']:.2f} s CPU (×{r['time_ratio']:.1f} of 1×), "
              f"peak {r['peak_mb']:.0f} MB (×{r['memory_ratio']:.1f}; {r['peak_before_suite_mb']:.0f} MB "
              f"while loading, {r['data_rss_mb']:.0f} MB resident before the suite, "
              f"{r['suite_peak_mb']:.0f} MB at most during it); load "
              f"{r['load_s']:.1f} s + scaling {r['scale_s']:.1f} s; slowest: {slow}", flush=True)
        for name, err in r["errors"].items():
            print(f"      ERROR in {name}: {err}")
    return rows


# --- output --------------------------------------------------------------------------------------


def _git() -> str:
    try:
        return subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except Exception:
        return "unknown"


def write(out: Path, p1: list[dict], p2: list[dict], meta: dict) -> None:
    out.mkdir(parents=True, exist_ok=True)
    fields = ["part", "what", "scale", "library_s", "library_first_s", "vectorised_s", "loop_s",
              "library_per_vectorised", "loop_per_library", "vectorised_agrees", "loop_agrees",
              "rows_compared", "columns_compared", "note", "suite_s", "suite_cpu_s", "peak_mb",
              "suite_peak_mb", "data_rss_mb", "time_ratio", "memory_ratio", "associations", "funding_rows",
              "date", "load_average_start"]
    stamp = {"date": meta["date"], "load_average_start": f"{meta['load'][0]:.2f}"}
    with open(out / "indicators.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, restval="")
        w.writeheader()
        for r in p1:
            w.writerow({"part": "indicator", "what": r["indicator"], "scale": 1,
                        "library_s": _csv(r["library_s"], 5), "library_first_s": _csv(r["library_first_s"], 5),
                        "vectorised_s": _csv(r["vectorised_s"], 5), "loop_s": _csv(r["loop_s"], 4),
                        "library_per_vectorised": _csv(r["library_per_vectorised"], 3),
                        "loop_per_library": _csv(r["loop_per_library"], 2),
                        "vectorised_agrees": r["vectorised_agrees"], "loop_agrees": r["loop_agrees"],
                        "rows_compared": r["rows"], "columns_compared": r["columns"],
                        "note": r["error"] or "; ".join(x for x in (r["loop_note"], r["vectorised_detail"],
                                                                    r["loop_detail"]) if x),
                        **stamp})
        for r in p2:
            w.writerow({"part": "suite", "what": "every indicator once, fresh process", "scale": r["scale"],
                        "note": f"load {r['load_s']:.2f} s, scaling {r['scale_s']:.2f} s",
                        "suite_s": f"{r['suite_s']:.3f}", "suite_cpu_s": f"{r['suite_cpu_s']:.3f}",
                        "peak_mb": f"{r['peak_mb']:.0f}", "suite_peak_mb": f"{r['suite_peak_mb']:.0f}",
                        "data_rss_mb": f"{r['data_rss_mb']:.0f}", "time_ratio": f"{r['time_ratio']:.2f}",
                        "memory_ratio": f"{r['memory_ratio']:.2f}", "associations": r["associations"],
                        "funding_rows": r["funding_rows"], **stamp})
            for name, sec in r["times"].items():
                w.writerow({"part": "suite_indicator", "what": name, "scale": r["scale"],
                            "library_s": f"{sec:.4f}", "note": r["errors"].get(name, ""),
                            "associations": r["associations"], "funding_rows": r["funding_rows"], **stamp})
    la = meta["load"]
    lines = [f"Measured {meta['date']} on {meta['cpus']} CPUs ({meta['machine']}), load average "
             f"{la[0]:.2f} / {la[1]:.2f} / {la[2]:.2f} (1 / 5 / 15 min) at the start, "
             f"{meta['load_end'][0]:.2f} at the end; Python {meta['python']}, pandas {pd.__version__}, "
             f"numpy {np.__version__}; impactlib {meta['version']} ({meta['git']}); "
             f"{meta['repeat']} runs per median.", ""]
    if p1:
        lines += ["| Indicator (whole-country demo) | Library, s | Vectorised, s | Loop, s "
                  "| Library / vectorised | Loop / library | Same numbers |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for r in p1:
            if r["error"]:
                lines.append(f"| {r['indicator']} | error: {r['error'][:80]} | | | | | |")
                continue
            same = "yes" if r["vectorised_agrees"] and r["loop_agrees"] in (True, None) else "**no**"
            loop = "–" if not np.isfinite(r["loop_s"]) else _fmt_s(r["loop_s"])
            lines.append(f"| {r['indicator']} | {r['library_s']:.3f} | {r['vectorised_s']:.3f} | {loop} "
                         f"| {r['library_per_vectorised']:.1f}× | {_fmt_x(r['loop_per_library'])} | {same} |")
        lines += ["", f"Loops over associations or activities were timed once on the {meta['loop_sample']} "
                  "associations of a fixed random sample (or their activities) and scaled to all; "
                  "the loops over funder types and pooling groups ran in full; `pool` (one pool) has no "
                  "loop. Compared columns: "
                  + "; ".join(f"{r['indicator']}: {r['columns']}" for r in p1) + "."]
        bad = [r for r in p1 if not r["error"] and not (r["vectorised_agrees"] and r["loop_agrees"] in (True, None))]
        for r in bad:
            lines.append(f"Disagreement in {r['indicator']}: vectorised {r['vectorised_detail'] or 'same'}; "
                         f"loop {r['loop_detail'] or 'same'}.")
        ratios = [r["library_per_vectorised"] for r in p1 if np.isfinite(r["library_per_vectorised"])]
        if ratios:
            within = sum(x <= TARGET_LIB_PER_VEC for x in ratios)
            lines += ["", f"Library within {TARGET_LIB_PER_VEC:.0f}× of the vectorised version (issue 12 "
                      f"target): {within} of {len(ratios)} indicators."]
    if p2:
        lines += ["", "| Scale | Associations | Funding rows | Whole suite, s | CPU, s | Peak memory, MB "
                  "| Peak during the suite, MB | Time / 1× | Memory / 1× |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for r in p2:
            lines.append(f"| {r['scale']}× | {r['associations']:,} | {r['funding_rows']:,} | "
                         f"{r['suite_s']:.2f} | {r['suite_cpu_s']:.2f} | {r['peak_mb']:.0f} | "
                         f"{r['suite_peak_mb']:.0f} | {r['time_ratio']:.1f} | {r['memory_ratio']:.1f} |")
        base, top = p2[0], p2[-1]
        lines += ["", f"Each scale in a fresh process (`impactlib.demo.scale_dataset`); the suite is every "
                  f"public continuity and effectiveness indicator once ({len(base['times'])} calls). "
                  f"Loading the demo ({base['load_s']:.1f} s) and scaling it are not in the suite's time. "
                  f"Peak memory is the process's own high-water mark (`VmHWM`), loading included; the peak "
                  f"during the suite is the high-water mark from the start of the suite, the data already "
                  f"resident then ({base['data_rss_mb']:.0f} MB at 1×).",
                  "", "Slowest at 1×: " + ", ".join(
                      f"{n} {s:.2f} s" for n, s in sorted(base["times"].items(), key=lambda kv: -kv[1])[:5]) + "."]
        if top is not base:
            lines.append(f"Slowest at {top['scale']}×: " + ", ".join(
                f"{n} {s:.2f} s" for n, s in sorted(top["times"].items(), key=lambda kv: -kv[1])[:5]) + ".")
        t = [f"1×: {base['suite_s']:.1f} s (target {TARGET_SUITE_1X_S:.0f} s), {base['peak_mb']:.0f} MB "
             f"(target {TARGET_PEAK_1X_MB:.0f} MB)"]
        ten = [r for r in p2 if r["scale"] == 10]
        if ten:
            t.append(f"10×: {ten[0]['suite_s']:.1f} s (target {TARGET_SUITE_10X_S:.0f} s), "
                     f"{ten[0]['peak_mb']:.0f} MB (target {TARGET_PEAK_10X_MB:.0f} MB)")
        lines += ["", "Issue 12's targets (measured, not asserted): " + "; ".join(t) + "."]
        errs = {f"{r['scale']}× {n}": e for r in p2 for n, e in r["errors"].items()}
        for n, e in errs.items():
            lines.append(f"ERROR in the suite at {n}: {e}")
    (out / "indicators.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print()
    print("\n".join(lines))
    print(f"\nWritten: {out / 'indicators.csv'} and {out / 'indicators.md'}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="3 runs per median, scales 1 and 2")
    ap.add_argument("--scales", default=None, help="comma-separated scales (default 1,2,5,10)")
    ap.add_argument("--out", default=str(ROOT / "build" / "bench"), help="output folder")
    ap.add_argument("--repeat", type=int, default=None, help="runs per median (default 7; 3 with --quick)")
    ap.add_argument("--loop-sample", type=int, default=LOOP_SAMPLE,
                    help="associations the loops are timed on (default %(default)s)")
    ap.add_argument("--only", default=None, help="comma-separated indicators of part 1 (default all)")
    ap.add_argument("--skip-suite", action="store_true", help="part 1 only")
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        child(args.child)
        return
    warnings.simplefilter("ignore")
    import impactlib

    started = time.perf_counter()
    load = os.getloadavg()
    repeat = args.repeat or (3 if args.quick else 7)
    scales = [int(s) for s in (args.scales or ("1,2" if args.quick else "1,2,5,10")).split(",")]
    meta = {"date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"), "load": load, "cpus": os.cpu_count(),
            "machine": f"{platform.system()} {platform.machine()}", "python": platform.python_version(),
            "version": impactlib.__version__, "git": _git(), "repeat": repeat,
            "loop_sample": args.loop_sample}
    print(f"Load average at the start: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} on {os.cpu_count()} CPUs")
    print("Part 1: library, vectorised baseline and per-association loop (whole-country demo)")
    only = set(args.only.split(",")) if args.only else None
    p1 = part1(repeat, args.loop_sample, only)
    p2 = []
    if not args.skip_suite:
        print(f"Part 2: every indicator once, a fresh process per scale ({', '.join(f'{k}×' for k in scales)})")
        p2 = part2(scales)
    meta["load_end"] = os.getloadavg()
    write(Path(args.out), p1, p2, meta)
    print(f"The benchmark took {(time.perf_counter() - started) / 60:.1f} min.")


if __name__ == "__main__":
    main()
