"""Benchmark of the indicator core (issue 12): the library beside a per-association loop and a
plain vectorised version, and the whole suite at 1×, 2×, 5× and 10× the demo.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_indicators.py``). Writes
``build/bench/indicators.csv`` and ``build/bench/indicators.md`` (the tables the README quotes)
and prints them. Speed is measured here, never asserted in the tests.

Part 1 — for the indicators with an obvious baseline, three ways on the whole-country demo:

* **library**: the public function (median of ``--repeat`` runs);
* **loop**: a per-association Python loop as a researcher would write it (timed on a
  deterministic sample of associations and scaled up to all, said so in the table);
* **vectorised**: the best plain pandas/numpy version written here.

Before timing, both baselines are checked to give the library's numbers (``numpy.allclose``
after aligning rows); a disagreement is printed and marked in the table, not hidden. The ratios
are measured in the same run.

Part 2 — every public continuity and effectiveness indicator once, in a fresh process per scale
(``impactlib.demo.scale_dataset``): wall seconds (loading excluded and reported apart) and peak
memory (``ru_maxrss`` of the child).

Options: ``--quick`` (3 repeats, scales 1 and 2), ``--scales 1,2,5,10``, ``--out DIR``.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
#: Associations the loops are timed on (then scaled to all): the loops take minutes otherwise.
LOOP_SAMPLE = 500


def _median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# --- the baselines -----------------------------------------------------------------------------
# Each returns a DataFrame keyed like the library's output, with the value column compared.


def mix_loop(f: pd.DataFrame, orgs) -> pd.DataFrame:
    rows = []
    for org in orgs:
        g = f[f["org_id"] == org]
        for year, gy in g.groupby("year"):
            total = gy["amount_eur"].sum()
            for src, amount in gy.groupby("source")["amount_eur"].sum().items():
                rows.append((org, year, src, amount / total if total else np.nan))
    return pd.DataFrame(rows, columns=["org_id", "year", "code", "share"])


def mix_vectorised(f: pd.DataFrame) -> pd.DataFrame:
    a = f.groupby(["org_id", "year", "source"], observed=True, sort=False)["amount_eur"].sum()
    total = a.groupby(level=[0, 1], sort=False).transform("sum")
    return (a / total).rename("share").reset_index().rename(columns={"source": "code"})


def hhi_loop(f: pd.DataFrame, orgs) -> pd.DataFrame:
    rows = []
    for org in orgs:
        g = f[f["org_id"] == org]
        for year, gy in g.groupby("year"):
            by = gy.groupby(gy["funder"].fillna(gy["source"]))["amount_eur"].sum()
            total = by.sum()
            rows.append((org, year, float(((by / total) ** 2).sum()) if total > 0 else np.nan))
    return pd.DataFrame(rows, columns=["org_id", "year", "hhi"])


def hhi_vectorised(f: pd.DataFrame) -> pd.DataFrame:
    key = f["funder"].fillna(f["source"])
    a = f.assign(key=key).groupby(["org_id", "year", "key"], observed=True, sort=False)["amount_eur"].sum()
    total = a.groupby(level=[0, 1], sort=False).transform("sum")
    hhi = ((a / total) ** 2).groupby(level=[0, 1], sort=False).sum()
    return hhi.rename("hhi").reset_index()


def cv_loop(f: pd.DataFrame, orgs) -> pd.DataFrame:
    rows = []
    for org in orgs:
        totals = f[f["org_id"] == org].groupby("year")["amount_eur"].sum()
        rows.append((org, float(totals.std(ddof=1) / totals.mean()) if len(totals) > 1 and totals.mean() else np.nan))
    return pd.DataFrame(rows, columns=["org_id", "cv"])


def cv_vectorised(f: pd.DataFrame) -> pd.DataFrame:
    totals = f.groupby(["org_id", "year"], observed=True, sort=False)["amount_eur"].sum()
    g = totals.groupby(level=0, sort=False)
    cv = g.std(ddof=1) / g.mean()
    return cv.rename("cv").reset_index()


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
                         "participants_per_1000": 1000 * acts["participants"].astype(float).to_numpy() / popn})


def _agree(lib: pd.DataFrame, other: pd.DataFrame, keys: list[str], value: str) -> bool:
    m = lib[keys + [value]].merge(other[keys + [value]], on=keys, how="inner", suffixes=("", "_b"))
    if len(m) != len(other):
        return False
    return bool(np.allclose(m[value].astype(float), m[value + "_b"].astype(float), equal_nan=True,
                            rtol=1e-9, atol=1e-12))


def part1(repeat: int) -> list[dict]:
    import impactlib
    from impactlib import continuity as c
    from impactlib import effectiveness as eff
    from impactlib.population import denominators

    ds = impactlib.load_demo()
    f, o = ds.funding, ds.organisations
    orgs = o["org_id"].astype(str)
    sample = orgs.sample(LOOP_SAMPLE, random_state=20230101).tolist()
    f_sample = f[f["org_id"].isin(sample)]
    scale = len(orgs) / LOOP_SAMPLE
    pop = denominators()
    acts = ds.activities
    acts_sample = acts[acts["org_id"].isin(sample)]

    def lib_mix():
        m = c.funding_mix(f)
        return m[m["level"] == "source"]

    cases = [
        ("funding_mix (share per association-year and source)", lib_mix,
         lambda: mix_loop(f_sample, sample), lambda: mix_vectorised(f), ["org_id", "year", "code"], "share",
         scale),
        ("concentration (HHI per association-year, by funder)", lambda: c.concentration(f, by="funder"),
         lambda: hhi_loop(f_sample, sample), lambda: hhi_vectorised(f), ["org_id", "year"], "hhi", scale),
        ("volatility (CV of yearly totals per association)", lambda: c.volatility(f),
         lambda: cv_loop(f_sample, sample), lambda: cv_vectorised(f), ["org_id"], "cv", scale),
        ("reach (per activity, per 1,000 inhabitants of its area)",
         lambda: eff.reach(acts, by="activity"),
         lambda: reach_loop(acts_sample, pop), lambda: reach_vectorised(acts, pop),
         ["activity_id"], "participants_per_1000", len(acts) / max(len(acts_sample), 1)),
    ]
    rows = []
    for name, lib, loop, vec, keys, value, loop_scale in cases:
        ref = lib()
        ref = ref.assign(**{k: ref[k].astype(str) for k in keys})
        lo, ve = loop(), vec()
        lo = lo.assign(**{k: lo[k].astype(str) for k in keys})
        ve = ve.assign(**{k: ve[k].astype(str) for k in keys})
        ok_loop, ok_vec = _agree(ref, lo, keys, value), _agree(ref, ve, keys, value)
        t_lib = _median_time(lib, repeat)
        t_vec = _median_time(vec, repeat)
        t_loop = _median_time(loop, 1) * loop_scale
        rows.append({"indicator": name, "library_s": t_lib, "loop_s": t_loop, "vectorised_s": t_vec,
                     "loop_per_library": t_loop / t_lib, "library_per_vectorised": t_lib / t_vec,
                     "loop_agrees": ok_loop, "vectorised_agrees": ok_vec,
                     "loop_note": f"timed on {LOOP_SAMPLE} associations, scaled ×{loop_scale:.0f}"})
        print(f"  {name}: library {t_lib:.3f} s, loop {t_loop:.2f} s (×{t_loop / t_lib:.0f}), "
              f"vectorised {t_vec:.3f} s (library/vectorised {t_lib / t_vec:.1f}); "
              f"agree: loop {ok_loop}, vectorised {ok_vec}", flush=True)
    return rows


# --- part 2: the whole suite in a fresh process --------------------------------------------------


def suite(ds) -> dict[str, float]:
    """Every public indicator once; seconds per indicator."""
    from impactlib import continuity as c
    from impactlib import effectiveness as eff

    f, o = ds.funding, ds.organisations
    times: dict[str, float] = {}

    def run(name, fn):
        t0 = time.perf_counter()
        out = fn()
        times[name] = time.perf_counter() - t0
        return out

    year = int(f["year"].max())
    run("funding_mix", lambda: c.funding_mix(f))
    run("mix_over_years", lambda: c.mix_over_years(f, o, by="county"))
    conc = run("concentration", lambda: c.concentration(f, by="funder"))
    run("dependence_bands", lambda: c.dependence_bands(conc, o))
    run("volatility", lambda: c.volatility(f))
    sp = run("spells", lambda: c.spells(f, recode="municipal_mergers"))
    run("interruptions", lambda: c.interruptions(sp))
    spo = c.attach_organisation(sp, o)
    four = spo[spo["source_group"].isin(["stea", "municipality", "county", "foundation"])]
    run("spell_survival", lambda: c.spell_survival(four, group="source_group",
                                                   covariates=["source_group", "kind"]))
    run("handover", lambda: c.handover_summary(c.handover(f, o)))
    run("project_cliff", lambda: c.cliff_summary(c.project_cliff(f, o)))
    run("stea_exposure", lambda: c.stea_exposure(f, o, year=year, by="kind"))
    run("reach", lambda: eff.reach(ds.activities, by="county", organisations=o))
    run("reach per activity", lambda: eff.reach(ds.activities, by="activity"))
    effects = run("activity_effects", lambda: eff.activity_effects(ds.activities, ds.outcomes,
                                                                   ds.outcome_summaries, vtype="AV"))
    usable = effects[effects["poolable"]]
    run("pool_by", lambda: eff.pool_by(usable, ["theme", "instrument", "effect_type"]))
    run("comparison_effect", lambda: eff.comparison_effect(ds.outcomes))
    run("reliable_change_rates", lambda: eff.reliable_change_rates(ds.outcomes, activities=ds.activities,
                                                                   by="theme"))
    run("felt_help", lambda: eff.felt_help(ds.activities, by="theme"))
    run("evidence_level", lambda: eff.evidence_level(ds.activities, usable))
    return times


def child(scale: int) -> None:
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    import impactlib
    from impactlib.demo import scale_dataset

    ds = scale_dataset(impactlib.load_demo(), scale)
    load = time.perf_counter() - t0
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t1 = time.perf_counter()
    times = suite(ds)
    wall = time.perf_counter() - t1
    print(json.dumps({"scale": scale, "load_s": load, "suite_s": wall, "times": times,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "peak_before_suite_mb": rss_before / 1024,
                      "funding_rows": len(ds.funding), "outcome_rows": len(ds.outcomes)}))


def part2(scales: list[int]) -> list[dict]:
    rows = []
    for k in scales:
        res = subprocess.run([sys.executable, __file__, "--child", str(k)], capture_output=True, text=True,
                             env={**os.environ, "MPLBACKEND": "agg"}, check=False)
        if res.returncode != 0:
            print(res.stderr[-2000:])
            raise SystemExit(f"the suite failed at scale {k}")
        r = json.loads(res.stdout.strip().splitlines()[-1])
        rows.append(r)
        print(f"  {k:>2}×: {r['funding_rows']:,} funding rows, suite {r['suite_s']:.2f} s, peak "
              f"{r['peak_mb']:.0f} MB (load and scaling {r['load_s']:.1f} s)", flush=True)
    return rows


def write(out: Path, p1: list[dict], p2: list[dict], load: float) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with open(out / "indicators.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["part", "what", "library_s", "loop_s", "vectorised_s", "loop_per_library",
                    "library_per_vectorised", "agree", "scale", "suite_s", "peak_mb"])
        for r in p1:
            w.writerow(["indicator", r["indicator"], f"{r['library_s']:.4f}", f"{r['loop_s']:.3f}",
                        f"{r['vectorised_s']:.4f}", f"{r['loop_per_library']:.1f}",
                        f"{r['library_per_vectorised']:.2f}", r["loop_agrees"] and r["vectorised_agrees"],
                        "", "", ""])
        for r in p2:
            w.writerow(["suite", f"all indicators at {r['scale']}x", "", "", "", "", "", "", r["scale"],
                        f"{r['suite_s']:.3f}", f"{r['peak_mb']:.0f}"])
    base = p2[0] if p2 else None
    lines = [f"Measured {dt.date.today().isoformat()}, {os.cpu_count()} CPUs, 1-minute load "
             f"average {load:.1f} at the start.", "",
             "| Indicator (whole-country demo) | Library, s | Loop, s | Vectorised, s | Loop / library "
             "| Library / vectorised | Same numbers |", "|---|---:|---:|---:|---:|---:|---|"]
    for r in p1:
        same = "yes" if r["loop_agrees"] and r["vectorised_agrees"] else "**no**"
        lines.append(f"| {r['indicator']} | {r['library_s']:.3f} | {r['loop_s']:.1f} | "
                     f"{r['vectorised_s']:.3f} | {r['loop_per_library']:.0f}× | "
                     f"{r['library_per_vectorised']:.1f}× | {same} |")
    lines += ["", f"Loops timed on {LOOP_SAMPLE} associations (or their activities) and scaled to all.",
              "", "| Scale | Funding rows | Whole suite, s | Peak memory, MB | Time / 1× | Memory / 1× |",
              "|---:|---:|---:|---:|---:|---:|"]
    for r in p2:
        lines.append(f"| {r['scale']}× | {r['funding_rows']:,} | {r['suite_s']:.2f} | {r['peak_mb']:.0f} | "
                     f"{r['suite_s'] / base['suite_s']:.1f} | {r['peak_mb'] / base['peak_mb']:.1f} |")
    if p2:
        slow = sorted(base["times"].items(), key=lambda kv: -kv[1])[:5]
        lines += ["", "Slowest at 1×: " + ", ".join(f"{n} {s:.2f} s" for n, s in slow) + "."]
    (out / "indicators.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--scales", default=None)
    ap.add_argument("--out", default=str(ROOT / "build" / "bench"))
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child is not None:
        child(args.child)
        return
    warnings.simplefilter("ignore")
    load = os.getloadavg()[0]
    scales = [int(s) for s in (args.scales or ("1,2" if args.quick else "1,2,5,10")).split(",")]
    print("Part 1: library, per-association loop and vectorised baseline (whole-country demo)")
    p1 = part1(3 if args.quick else 5)
    print("Part 2: every indicator once, fresh process per scale")
    p2 = part2(scales)
    write(Path(args.out), p1, p2, load)


if __name__ == "__main__":
    main()
