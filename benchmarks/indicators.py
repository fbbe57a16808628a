"""Time the continuity indicators on the bundled demo data (the whole country).

Run: ``.venv/bin/python benchmarks/indicators.py``. Prints the input check each indicator
does on a validated funding table (columns and dtypes only, no re-validation), each
indicator, and the whole continuity run. Wall-clock figures belong here, not in the tests.
"""

from __future__ import annotations

import time

from impactlib import _util, load_demo
from impactlib import continuity as c


def best_of(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    ds = load_demo()
    f, o = ds.funding, ds.organisations
    print(f"demo funding table: {len(f):,} rows, {o.shape[0]:,} associations")
    print(f"input check per indicator call (check_funding): {best_of(lambda: _util.check_funding(f)) * 1000:.1f} ms")
    sp = c.spells(f, recode="municipal_mergers")
    spo = c.attach_organisation(sp, o)
    four = spo[spo.source_group.isin(["stea", "municipality", "county", "foundation"])]
    conc = c.concentration(f, by="funder")
    steps = {
        "funding_mix": lambda: c.funding_mix(f),
        "mix_over_years (by county)": lambda: c.mix_over_years(f, o, by="county"),
        "concentration (by funder)": lambda: c.concentration(f, by="funder"),
        "dependence_bands": lambda: c.dependence_bands(conc, o),
        "volatility": lambda: c.volatility(f),
        "spells (municipal mergers)": lambda: c.spells(f, recode="municipal_mergers"),
        "interruptions": lambda: c.interruptions(sp),
        "spell_survival (4 groups + Cox)": lambda: c.spell_survival(
            four, group="source_group", covariates=["source_group", "kind"]),
        "handover + summary": lambda: c.handover_summary(c.handover(f, o)),
        "project_cliff + summary": lambda: c.cliff_summary(c.project_cliff(f, o)),
        "scenario + summary": lambda: c.scenario_summary(
            c.scenario(f, {"stea_general": -0.1}, organisations=o, year=2024)),
    }
    total = 0.0
    for name, fn in steps.items():
        t = best_of(fn)
        total += t
        print(f"  {name:34s} {t:6.3f} s")
    print(f"whole continuity run: {total:.2f} s")


if __name__ == "__main__":
    main()
