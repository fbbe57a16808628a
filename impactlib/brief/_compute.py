"""TEMPORARY home of the figures the brief computed itself, until they move into the
indicator modules (continuity, effectiveness, field) after the package split lands.

Each function here is a library result: context.py only calls and caches them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import continuity as cont
from .. import effectiveness as eff
from .. import regions


def _years(table: pd.DataFrame) -> set[int]:
    return set(pd.to_numeric(table["year"], errors="coerce").dropna().astype(int))


def latest_year(funding: pd.DataFrame, activities: pd.DataFrame) -> int:
    years, acts = _years(funding), _years(activities)
    both = years & acts
    if both:
        return max(both)
    if years:
        return max(years)
    raise ValueError("the funding table has no years / rahoitustaulukossa ei ole vuosia")


def associations_per_1000(kinds: pd.DataFrame, area: str) -> tuple[int, float]:
    k = kinds[kinds["area"] == area]
    n = int(k["n"].sum())
    pop = float(k["population"].iloc[0])
    return n, 1000.0 * n / pop


def reach_summary(reach: pd.DataFrame, county: str) -> dict | None:
    if reach is None or reach.empty:
        return None
    here = reach[reach["county"].astype(str) == county]
    pop_all = float(regions.county_population().sum())
    tot = reach[["n_activities", "participants", "volunteer_hours", "cost_eur"]].astype(float).sum()
    fte_h = float(reach["fte_hours"].iloc[0])
    out = {
        "k_all": int(tot["n_activities"]),
        "participants_all": int(tot["participants"]),
        "per1000_all": 1000.0 * tot["participants"] / pop_all,
        "fte1000_all": 1000.0 * tot["volunteer_hours"] / fte_h / pop_all,
        "cpp_all": tot["cost_eur"] / tot["participants"] if tot["participants"] else np.nan,
        "fte_hours": fte_h,
    }
    if here.empty:
        out.update(k=0, participants=0, per1000=np.nan, hours=0.0, fte=0.0, fte1000=np.nan,
                   cost=0.0, cpp=np.nan)
    else:
        h = here.iloc[0]
        out.update(k=int(h["n_activities"]), participants=int(h["participants"]),
                   per1000=float(h["participants_per_1000"]), hours=float(h["volunteer_hours"]),
                   fte=float(h["volunteer_fte"]),
                   fte1000=1000.0 * float(h["volunteer_fte"]) / float(h["population"]),
                   cost=float(h["cost_eur"]), cpp=float(h["cost_per_participant"]))
    return out


def handover_euros_kept(summary: pd.DataFrame) -> pd.Series:
    return pd.Series({g: d["after_eur"].sum() / d["before_eur"].sum()
                      for g, d in summary.groupby("group", sort=False)}, dtype=float)


def stea_cut_plan(funding: pd.DataFrame, year: int, *, until: int = 2027) -> dict:
    from ..sources import stea

    cuts = stea.announced_cuts(until=until).set_index("year")["total_meur"]
    base = min(max(year, int(cuts.index.min())), until)
    if base >= until or base not in _years(funding):
        return {"base": base, "until": until, "change": None}
    return {"base": base, "until": until, "change": float(cuts[until] / cuts[base] - 1.0)}


def stea_cut_scenario(funding, organisations, plan: dict, *, threshold: float = 0.10):
    if plan["change"] is None:
        return None
    change = {s: plan["change"] for s in ("stea_general", "stea_targeted", "stea_project")}
    sc = cont.scenario(funding, change, organisations=organisations, year=plan["base"],
                       threshold=threshold)
    return pd.concat([cont.scenario_summary(sc, by="county"), cont.scenario_summary(sc, by=None)],
                     ignore_index=True)


def comparison_trend(outcomes, *, min_pairs: int = 3):
    if outcomes is None or outcomes.empty or "group" not in outcomes.columns:
        return None
    comp = outcomes[outcomes["group"] == "comparison"]
    if comp.empty:
        return None
    pp = eff.prepost(comp)
    pp = pp[np.isfinite(pp["smcr"].to_numpy(dtype=float))
            & (pp["smcr_var"].to_numpy(dtype=float) > 0) & (pp["n_pairs"] >= min_pairs)]
    if len(pp) < 2:
        return None
    return eff.pool(pp["smcr"], pp["smcr_var"])
