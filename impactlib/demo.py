"""The synthetic demo dataset (*demo — keksitty aineisto*) and its generator.

The bundled demo data in ``data/demo/`` are **invented**: about 10,000
associations in all 22 organiser areas (21 wellbeing services counties and
Helsinki) in proportion to population, with funding 2015–2025, activities
2023–2025 and participant-level outcome scores. No row describes a real
association or person. The data are realistic enough for every analysis in
impactlib to show something, and the parameters planted in them are module
constants here (documented in ``data/demo/README.md``, which the generator
writes) so that tests can check that the estimators recover them.

Regenerate with ``impactlib demo`` (or ``make demo``); the output
is byte-identical for the same seed (``tests/test_demo.py`` checks the
SHA-256 of every file).

Examples
--------
>>> ds = load_demo()
>>> ds.synthetic
True
>>> ds.organisations["kind"].value_counts(normalize=True).round(1).to_dict()
{'volunteer': 0.6, 'intermediate': 0.3, 'service_provider': 0.1}
"""

from __future__ import annotations

import functools
import gzip
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from . import demo_market, model, regions
from ._io import write_bytes, write_text

__all__ = [
    "SEED",
    "YEARS",
    "ACTIVITY_YEARS",
    "N_ASSOCIATIONS",
    "CATEGORY_SHARES",
    "KIND_SHARES",
    "HANDOVER_RATES",
    "HANDOVER_OUTCOMES",
    "STEA_CUT_2025",
    "TRUE_EFFECTS",
    "TAU",
    "SECULAR_TREND",
    "PREPOST_R",
    "INSTRUMENT_NORMS",
    "DEMO_DIR",
    "FILE_PREFIX",
    "generate",
    "simulate_prepost",
    "write_demo",
    "load_demo",
]

#: Seed of the bundled demo data.
SEED = 20230101
#: Years of funding data.
YEARS = tuple(range(2015, 2026))
#: Years of activity data.
ACTIVITY_YEARS = (2023, 2024, 2025)
#: About this many associations in the 22 organiser areas (≈ 1.8 per 1,000 inhabitants).
N_ASSOCIATIONS = 10_000
#: Folder of the bundled demo data and the prefix of every file in it.
DEMO_DIR = regions.DATA_DIR / "demo"
FILE_PREFIX = "DEMO_keksitty_"

#: Category shares, following the published Keski-Suomi profile of about 500 sote
#: associations (about a fifth for older people; nearly 100 patient, public-health and
#: disability; about 90 child and family; about 65 general health and wellbeing; about
#: 35 mental health and substance use; carers, rescue volunteers and youth under 10
#: each; about 30 in employment; the rest other).
CATEGORY_SHARES: dict[str, float] = {
    "older_people": 0.200,
    "patients_disability": 0.190,
    "children_families": 0.180,
    "health_wellbeing": 0.130,
    "mental_health_substance": 0.070,
    "carers": 0.016,
    "rescue": 0.016,
    "youth": 0.016,
    "employment": 0.060,
    "other": 0.122,
}

#: Probability of (intermediate, service_provider) by category; the rest are volunteer-based.
#: Overall about 12 % sell services (about 60 of Keski-Suomi's 500).
KIND_SHARES: dict[str, tuple[float, float]] = {
    "older_people": (0.25, 0.12),
    "patients_disability": (0.25, 0.12),
    "children_families": (0.25, 0.10),
    "health_wellbeing": (0.20, 0.06),
    "mental_health_substance": (0.40, 0.25),
    "carers": (0.40, 0.10),
    "rescue": (0.10, 0.00),
    "youth": (0.30, 0.05),
    "employment": (0.40, 0.35),
    "other": (0.15, 0.05),
}

#: Outcomes of the 2022→2023 hand-over of municipal grants, as planted.
HANDOVER_OUTCOMES = ("continued_municipality", "taken_over_county", "split", "reduced", "lost")

# Invented county profiles: where municipalities held on, where the county took over,
# and where grants fell between the two (katkos). Not estimates of any real county.
_PROFILES = {
    "municipalities_hold": (0.55, 0.15, 0.10, 0.10, 0.10),
    "balanced": (0.40, 0.25, 0.10, 0.12, 0.13),
    "county_takes_over": (0.20, 0.50, 0.12, 0.10, 0.08),
    "katkos": (0.30, 0.15, 0.05, 0.20, 0.30),
}
_COUNTY_PROFILE = {
    "01": "balanced", "02": "county_takes_over", "03": "municipalities_hold", "04": "balanced",
    "05": "municipalities_hold", "06": "katkos", "07": "balanced", "08": "county_takes_over",
    "09": "katkos", "10": "balanced", "11": "county_takes_over", "12": "katkos",
    "13": "balanced", "14": "county_takes_over", "15": "balanced", "16": "municipalities_hold",
    "17": "municipalities_hold", "18": "katkos", "19": "balanced", "20": "county_takes_over",
    "21": "katkos", "90": "municipalities_hold",
}
#: Planted probability of each hand-over outcome per county (per association).
HANDOVER_RATES: dict[str, dict[str, float]] = {
    c: dict(zip(HANDOVER_OUTCOMES, _PROFILES[p], strict=True)) for c, p in _COUNTY_PROFILE.items()
}

#: Relative change of STEA grants in 2025 (the announced −79.5 M€ of about 384 M€, ≈ −21 %).
STEA_CUT_2025 = -0.21

#: Planted true effect per activity theme and instrument: the standardised mean change
#: caused by the activity, in the improvement direction, raw-score standardised by the
#: pre-test SD (metafor ``SMCR``), before the secular trend is added.
TRUE_EFFECTS: dict[str, dict[str, float]] = {
    "peer_support": {"SWEMWBS": 0.35, "UCLA3": 0.30},
    "volunteer_help": {"UCLA3": 0.25},
    "low_threshold": {"CORE10": 0.40},
    "guidance": {"GAD7": 0.20},
    "group_activity": {"SWEMWBS": 0.15},
    "service": {"PHQ9": 0.50},
    "other": {"SWEMWBS": 0.10},
}
#: Between-activity standard deviation of true effects (τ, in SMC units).
TAU = 0.10
#: Change (SD units, improvement direction) that happens without the activity, in
#: participants and comparison groups alike: a pre/post design estimates δ + trend.
SECULAR_TREND = 0.10
#: Pre/post correlation of scores.
PREPOST_R = 0.60
#: Baseline mean and SD of each instrument in the demo population.
INSTRUMENT_NORMS: dict[str, tuple[float, float]] = {
    "SWEMWBS": (21.0, 4.0),
    "WEMWBS": (48.0, 8.0),
    "UCLA3": (6.0, 1.2),
    "PHQ9": (12.0, 4.5),
    "GAD7": (10.0, 4.0),
    "CORE10": (18.0, 6.0),
}
#: Participants of non-randomised comparison designs start this many SDs worse off than
#: their comparison group, and are this many years older on average (selection).
SELECTION_SHIFT = 0.30
SELECTION_AGE = 5.0
#: Share of participants measured before but not after (drop-out).
DROPOUT = 0.15

# County centres (synthetic weighting: the centre gets 45 % of a county's associations,
# the other municipalities share the rest equally).
_CENTRES = {
    "01": "638", "02": "106", "03": "049", "04": "092", "05": "853", "06": "609", "07": "109",
    "08": "837", "09": "398", "10": "286", "11": "405", "12": "491", "13": "297", "14": "167",
    "15": "179", "16": "743", "17": "905", "18": "272", "19": "564", "20": "205", "21": "698",
    "90": "091",
}

_THEMES_BY_KIND = {
    "volunteer": (["volunteer_help", "group_activity", "peer_support", "other"], [0.40, 0.30, 0.25, 0.05]),
    "intermediate": (["low_threshold", "peer_support", "guidance", "group_activity"], [0.35, 0.30, 0.25, 0.10]),
    "service_provider": (["service", "guidance", "low_threshold"], [0.55, 0.25, 0.20]),
}
_INSTRUMENT_BY_THEME = {t: next(iter(v)) for t, v in TRUE_EFFECTS.items()}
_AGE_BAND = {
    "older_people": "65+", "children_families": "0-17", "youth": "15-29", "employment": "18-64",
    "carers": "all", "patients_disability": "all", "health_wellbeing": "all",
    "mental_health_substance": "18-64", "rescue": "all", "other": "all",
}
_NAME_STEMS = {
    "older_people": ["Eläkeläiset", "Seniorit", "Ikäihmisten tuki", "Vanhustuki"],
    "patients_disability": ["Sydänyhdistys", "Diabetesyhdistys", "Invalidit", "Näkövammaiset",
                            "Kuuloyhdistys", "Reumayhdistys", "Syöpäyhdistys", "Aivoyhdistys"],
    "children_families": ["Perheyhdistys", "Lapsiperheiden tuki", "Vanhempainyhdistys", "Perhekerho"],
    "health_wellbeing": ["Terveysliikkujat", "Hyvinvointiyhdistys", "Kansanterveys"],
    "mental_health_substance": ["Mielenterveysyhdistys", "Päihdetyön yhdistys", "Kriisikeskus"],
    "carers": ["Omaishoitajat"],
    "rescue": ["Vapaaehtoinen pelastuspalvelu", "Meripelastajat"],
    "youth": ["Nuorisoyhdistys", "Nuorten tuki"],
    "employment": ["Työttömät", "Työpaja", "Työllistämisyhdistys"],
    "other": ["Kyläyhdistys", "Monitoimiyhdistys", "Asukasyhdistys", "Kansalaisapu"],
}


def _ytunnus_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """Distinct valid Y-tunnus from the unused 9xxxxxx range (never a real ID)."""
    body = rng.choice(np.arange(9_000_000, 10_000_000), size=int(n * 1.2), replace=False)
    digits = np.stack([(body // 10**k) % 10 for k in range(6, -1, -1)], axis=1)
    r = (digits * np.array([7, 9, 10, 5, 8, 4, 2])).sum(axis=1) % 11
    ok = r != 1
    body, r = body[ok][:n], r[ok][:n]
    check = np.where(r == 0, 0, 11 - r)
    return np.array([f"{b:07d}-{c}" for b, c in zip(body, check, strict=True)])


def _allocate(total: int, shares: np.ndarray) -> np.ndarray:
    """Largest-remainder allocation of ``total`` items to ``shares``."""
    raw = total * shares / shares.sum()
    base = np.floor(raw).astype(int)
    rest = total - base.sum()
    base[np.argsort(-(raw - base), kind="stable")[:rest]] += 1
    return base


def _organisations(rng: np.random.Generator) -> pd.DataFrame:
    cty = regions.counties()
    pop = cty.set_index("code")["population_2022"]
    n_cty = pd.Series(_allocate(N_ASSOCIATIONS, pop.to_numpy(float)), index=pop.index)
    munis = regions.municipalities(2024)
    cats = np.array(list(CATEGORY_SHARES))
    cshare = np.array(list(CATEGORY_SHARES.values()))
    parts = []
    for code, n in n_cty.items():  # 22 areas, not associations
        m = munis[munis["county"] == code]["code"].to_numpy()
        w = np.where(m == _CENTRES[code], 0.45, 0.55 / max(len(m) - 1, 1)) if len(m) > 1 else np.ones(1)
        counts = _allocate(n, cshare)
        cat = rng.permutation(np.repeat(cats, counts))
        parts.append(pd.DataFrame({"county": code, "municipality": rng.choice(m, size=n, p=w / w.sum()),
                                   "category": cat}))
    org = pd.concat(parts, ignore_index=True)
    n = len(org)
    p_int = org["category"].map(lambda c: KIND_SHARES[c][0]).to_numpy()
    p_sp = org["category"].map(lambda c: KIND_SHARES[c][1]).to_numpy()
    u = rng.random(n)
    org["kind"] = np.where(u < p_sp, "service_provider", np.where(u < p_sp + p_int, "intermediate", "volunteer"))
    org["org_id"] = _ytunnus_numbers(rng, n)
    stems = org["category"].map(_NAME_STEMS)
    pick = rng.random(n)
    stem = [s[int(p * len(s))] for s, p in zip(stems, pick, strict=True)]
    mname = regions.municipalities(2024).set_index("code")["name_fi"]
    org["name"] = [f"Demo-{s} {mname[m]} ry" for s, m in zip(stem, org["municipality"], strict=True)]
    # make names unique by numbering repeats
    dup = org.groupby("name").cumcount()
    org["name"] = np.where(dup > 0, org["name"].str.replace(" ry$", "", regex=True) + " " + (dup + 1).astype(str) + " ry", org["name"])
    founded = np.clip(np.round(2018 - rng.gamma(2.0, 15.0, n)), 1890, 2022).astype(int)
    late = rng.random(n) < 0.012  # associations founded after the reform
    founded[late] = rng.integers(2023, 2025, late.sum())
    org["founded"] = founded
    kind = org["kind"].to_numpy()
    staff = np.where(kind == "service_provider", np.round(np.exp(rng.normal(np.log(8), 0.9, n)), 1),
                     np.where(kind == "intermediate", np.round(np.exp(rng.normal(np.log(1.5), 0.7, n)), 1),
                              np.round(rng.uniform(0.2, 1.0, n), 1)))
    none = np.where(kind == "volunteer", rng.random(n) < 0.90,
                    np.where(kind == "intermediate", rng.random(n) < 0.40, False))
    org["staff_fte"] = np.where(none, 0.0, np.maximum(staff, 0.1))
    vol_med = np.select([kind == "volunteer", kind == "intermediate"], [15, 25], 10)
    org["volunteers"] = np.round(np.exp(rng.normal(np.log(vol_med), 0.8, n))).astype(int)
    org["members"] = np.round(np.exp(rng.normal(np.log(np.where(kind == "service_provider", 80, 120)), 1.0, n))).astype(int)
    org = org.sort_values("org_id", kind="stable").reset_index(drop=True)
    return org


def _years_frame(rel: pd.DataFrame, start: np.ndarray, end: np.ndarray) -> pd.DataFrame:
    """Expand relations to one row per year from ``start`` to ``end`` (inclusive)."""
    length = np.maximum(end - start + 1, 0)
    idx = np.repeat(np.arange(len(rel)), length)
    out = rel.iloc[idx].reset_index(drop=True)
    offs = np.arange(len(idx)) - np.repeat(np.cumsum(length) - length, length)
    out["year"] = np.repeat(start, length) + offs
    return out


def _funding(rng: np.random.Generator, org: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    y0, y1 = YEARS[0], YEARS[-1]
    n = len(org)
    kind = org["kind"].to_numpy()
    first = np.maximum(org["founded"].to_numpy(), y0)
    parts = []
    base_org = org[["org_id", "municipality", "county", "kind", "category"]]

    def rows(rel, start, end, amount, noise, source, funder, basis="collected", grant=None, gap=0.0):
        df = _years_frame(rel.assign(_amt=amount, _funder=funder, _grant=grant if grant is not None else ""), start, end)
        if gap:
            df = df[rng.random(len(df)) >= gap]
        df["amount_eur"] = df["_amt"] * np.exp(rng.normal(0, noise, len(df)))
        df["source"] = source
        df["funder"] = df["_funder"]
        df["grant_id"] = df["_grant"]
        df["basis"] = basis
        return df[["org_id", "year", "source", "funder", "amount_eur", "basis", "grant_id"]]

    # own fundraising and membership fees: everyone, every year
    med = np.select([kind == "volunteer", kind == "intermediate"], [2500, 15000], 40000)
    parts.append(rows(base_org, first, np.full(n, y1), np.exp(rng.normal(np.log(med), 0.8)), 0.15,
                      "fundraising", "own", basis="collected"))
    # free premises from the home municipality (an estimate of their value); 10 % of them
    # move to the county in 2023 (premises in health and social care buildings)
    has = rng.random(n) < 0.30
    r = base_org[has]
    f = first[has]
    prem = rows(r, f, np.full(len(r), y1), rng.uniform(1000, 12000, len(r)), 0.05, "in_kind_premises",
                r["municipality"].to_numpy(), basis="estimate")
    to_cty = prem["org_id"].isin(r["org_id"][rng.random(len(r)) < 0.10]) & (prem["year"] >= 2023)
    prem.loc[to_cty, "funder"] = prem.loc[to_cty, "org_id"].map(org.set_index("org_id")["county"])
    parts.append(prem)

    # municipal grants before the reform, and their fate at the hand-over
    p_grant = np.select([kind == "volunteer", kind == "intermediate"], [0.50, 0.70], 0.40)
    has = (rng.random(n) < p_grant) & (first <= 2021)
    r = base_org[has].copy()
    r["_amt"] = np.exp(rng.normal(np.log(np.select([r.kind == "volunteer", r.kind == "intermediate"], [1500, 8000], 15000)), 0.7))
    start = np.where(rng.random(len(r)) < 0.7, first[has], rng.integers(2016, 2022, len(r)))
    start = np.maximum(start, first[has])
    ends_early = rng.random(len(r)) < 0.10
    end = np.where(ends_early, np.maximum(start, rng.integers(2016, 2022, len(r))), 2022)
    r["_start"], r["_end"] = start, end
    # some also funded by a second municipality of the same county
    munis = regions.municipalities(2024)
    second = rng.random(len(r)) < np.where(r.kind == "volunteer", 0.05, 0.20)
    r2 = r[second].copy()
    cand = munis.groupby("county")["code"].apply(np.array)
    r2["municipality"] = [rng.choice(cand[c][cand[c] != m]) if len(cand[c]) > 1 else m
                          for c, m in zip(r2["county"], r2["municipality"], strict=True)]
    r2 = r2[r2["municipality"] != r.loc[r2.index, "municipality"]]
    r2["_amt"] *= 0.5
    rel = pd.concat([r, r2], ignore_index=True)
    pre = rows(rel, rel["_start"].to_numpy(), rel["_end"].to_numpy(), rel["_amt"].to_numpy(), 0.10,
               "municipality", rel["municipality"].to_numpy(), gap=0.05)
    # make sure relations planted as active in 2022 really are funded in 2022
    active = rel[rel["_end"] == 2022]
    a22 = pre[(pre["year"] == 2022) & (pre["source"] == "municipality")]
    missing = active.merge(a22[["org_id", "funder"]], left_on=["org_id", "municipality"],
                           right_on=["org_id", "funder"], how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"]
    fill = pd.DataFrame({"org_id": missing["org_id"], "year": 2022, "source": "municipality",
                         "funder": missing["municipality"], "amount_eur": missing["_amt"].to_numpy(),
                         "basis": "collected", "grant_id": ""})
    pre = pd.concat([pre, fill], ignore_index=True)
    parts.append(pre)

    # hand-over: one planted outcome per association, from its county's rates
    g22 = pre[pre["year"] == 2022].groupby(["org_id", "funder"], as_index=False)["amount_eur"].sum()
    g22["county"] = regions.county_of(g22["funder"]).to_numpy()
    orgs22 = g22.drop_duplicates("org_id")[["org_id"]].merge(org[["org_id", "county"]], on="org_id")
    probs = np.array([[HANDOVER_RATES[c][o] for o in HANDOVER_OUTCOMES] for c in orgs22["county"]])
    cum = probs.cumsum(axis=1)
    u = rng.random(len(orgs22))[:, None]
    orgs22["planted_outcome"] = np.array(HANDOVER_OUTCOMES)[(u > cum).sum(axis=1)]
    g = g22.merge(orgs22[["org_id", "planted_outcome"]], on="org_id")
    m = len(g)
    keep = rng.uniform(0.9, 1.1, m)
    share_m = rng.uniform(0.3, 0.7, m)
    red = rng.uniform(0.30, 0.65, m)
    by_m = rng.random(m) < 0.5
    o = g["planted_outcome"].to_numpy()
    a = g["amount_eur"].to_numpy()
    mun23 = np.select([o == "continued_municipality", o == "split", (o == "reduced") & by_m], [a * keep, a * keep * share_m, a * red], 0.0)
    cty23 = np.select([o == "taken_over_county", o == "split", (o == "reduced") & ~by_m], [a * keep, a * keep * (1 - share_m), a * red], 0.0)
    # later years: relations continue with 5 % yearly ending; 30 % of lost ones resume from the county in 2024
    post = []
    for year, stop in ((2023, 0.0), (2024, 0.05), (2025, 0.05)):
        alive = rng.random(m) >= stop
        if year > 2023:
            mun23 = np.where(alive, mun23, 0.0)
            cty23 = np.where(alive, cty23, 0.0)
        if year == 2024:
            resume = (o == "lost") & (rng.random(m) < 0.30)
            cty23 = np.where(resume, a * rng.uniform(0.5, 1.0, m), cty23)
        noise = np.exp(rng.normal(0, 0.05, m)) if year > 2023 else 1.0
        funder_m = np.where((g["funder"] == "588") & (year >= 2025), "507", g["funder"])  # Pertunmaa → Mäntyharju
        post.append(pd.DataFrame({"org_id": g["org_id"], "year": year, "source": "municipality",
                                  "funder": funder_m, "amount_eur": mun23 * noise, "basis": "collected", "grant_id": ""}))
        post.append(pd.DataFrame({"org_id": g["org_id"], "year": year, "source": "county",
                                  "funder": g["county"], "amount_eur": cty23 * noise, "basis": "collected", "grant_id": ""}))
    post = pd.concat(post, ignore_index=True)
    post = post[post["amount_eur"] > 0]
    # two municipalities of one county both handing over to the county: one county row per year
    post = post.groupby(["org_id", "year", "source", "funder", "basis", "grant_id"], as_index=False)["amount_eur"].sum()
    parts.append(post)
    planted = orgs22.rename(columns={"county": "org_county"})

    # new county partnership grants for associations without municipal money
    newc = (~has) & (rng.random(n) < 0.08) & (first <= 2025)
    r = base_org[newc]
    st = np.maximum(rng.integers(2023, 2026, len(r)), first[newc])
    parts.append(rows(r, st, np.full(len(r), y1), np.exp(rng.normal(np.log(4000), 0.7, len(r))), 0.05,
                      "county", r["county"].to_numpy()))

    # STEA: general (Ay) and targeted (Ak) operating grants, and projects (C)
    big = np.isin(kind, ["intermediate", "service_provider"])
    u = rng.random(n)
    ay = (u < np.where(big, 0.08, 0.004)) & (first <= 2016)
    ak = (~ay) & (u < np.where(big, 0.20, 0.015)) & (first <= 2019)
    r = base_org[ay]
    amt = np.exp(rng.normal(np.log(250_000), 0.9, len(r)))
    parts.append(rows(r, first[ay], np.full(len(r), y1), amt, 0.05, "stea_general", "STEA", grant=[f"Ay-{i:05d}" for i in range(len(r))]))
    r = base_org[ak]
    st = np.where(rng.random(len(r)) < 0.6, first[ak], rng.integers(2016, 2023, len(r)))
    en = np.where(rng.random(len(r)) < 0.15, rng.integers(2018, 2025, len(r)), y1)
    en = np.maximum(en, st)
    parts.append(rows(r, st, en, np.exp(rng.normal(np.log(70_000), 0.7, len(r))), 0.05, "stea_targeted", "STEA",
                      grant=[f"Ak-{i:05d}" for i in range(len(r))]))
    # projects: new ones start every year for ~1 % of (larger) associations, fewer in 2025
    proj = []
    pid = 0
    for year in range(2013, 2026):
        p = np.where(big, 0.030, 0.003) * (0.5 if year == 2025 else 1.0)
        starts = (rng.random(n) < p) & (org["founded"].to_numpy() <= year)
        k = int(starts.sum())
        length = rng.choice([2, 3, 3, 3, 4], size=k)
        proj.append(pd.DataFrame({"org_id": org["org_id"].to_numpy()[starts], "_start": year,
                                  "_end": year + length - 1, "_amt": np.exp(rng.normal(np.log(90_000), 0.6, k)),
                                  "_grant": [f"C-{pid + i:05d}" for i in range(k)]}))
        pid += k
    proj = pd.concat(proj, ignore_index=True)
    prows = rows(proj, proj["_start"].to_numpy(), proj["_end"].to_numpy(), proj["_amt"].to_numpy(), 0.03,
                 "stea_project", "STEA", grant=proj["_grant"].to_numpy())
    parts.append(prows[prows["year"].between(y0, y1)])
    # 35 % of projects ending by 2024 continue as a targeted grant (Ak) the next year
    ends = proj[(proj["_end"] >= y0 - 1) & (proj["_end"] <= y1 - 1)]
    ends = ends[~ends["org_id"].isin(base_org["org_id"][ak | ay])]
    cont = ends[rng.random(len(ends)) < 0.35].drop_duplicates("org_id")
    parts.append(rows(cont, (cont["_end"] + 1).to_numpy(), np.full(len(cont), y1), cont["_amt"].to_numpy() * 0.8, 0.05,
                      "stea_targeted", "STEA", grant=[f"Ak-{90000 + i:05d}" for i in range(len(cont))]))

    # placeholder sales of services: generate() replaces these rows with the buyers, contracts and
    # reform of impactlib.demo_market (issue 13); they are still drawn here so that the random
    # stream, and so every other planted effect of the demo, stays as it was
    sp = kind == "service_provider"
    for source, p, med, y_start in (("procurement", 0.70, 200_000, y0), ("service_voucher", 0.40, 60_000, 2017),
                                    ("personal_budget", 0.10, 20_000, 2019)):
        sel = sp & (rng.random(n) < p)
        r = base_org[sel]
        d = rows(r, np.maximum(first[sel], y_start), np.full(len(r), y1), np.exp(rng.normal(np.log(med), 0.8, len(r))), 0.12,
                 source, r["municipality"].to_numpy())
        after = d["year"] >= regions.REFORM_YEAR
        d.loc[after, "funder"] = d.loc[after, "org_id"].map(org.set_index("org_id")["county"])
        lost = d["org_id"].isin(r["org_id"][rng.random(len(r)) < 0.15]) & after
        parts.append(d[~lost])

    # foundations (short spells), other state and EU money (employment), other
    for source, p, med, funders in (("foundation", 0.12, 8_000, [f"SÄÄTIÖ-{i:02d}" for i in range(1, 21)]),
                                    ("other", 0.05, 2_000, ["MUU"])):
        yrs = _years_frame(base_org.assign(_f=0), first, np.full(n, y1))
        yrs = yrs[rng.random(len(yrs)) < p]
        parts.append(pd.DataFrame({"org_id": yrs["org_id"], "year": yrs["year"], "source": source,
                                   "funder": rng.choice(funders, len(yrs)),
                                   "amount_eur": np.exp(rng.normal(np.log(med), 0.8, len(yrs))),
                                   "basis": "collected", "grant_id": ""}))
    emp = org["category"].to_numpy() == "employment"
    for source, p, med, fid in (("state_other", 0.60, 30_000, "TYÖLLISYYSPALVELUT"), ("eu", 0.20, 50_000, "ESR")):
        yrs = _years_frame(base_org[emp].assign(_f=0), first[emp], np.full(int(emp.sum()), y1))
        yrs = yrs[rng.random(len(yrs)) < p]
        parts.append(pd.DataFrame({"org_id": yrs["org_id"], "year": yrs["year"], "source": source, "funder": fid,
                                   "amount_eur": np.exp(rng.normal(np.log(med), 0.6, len(yrs))),
                                   "basis": "collected", "grant_id": ""}))

    fund = pd.concat(parts, ignore_index=True)
    stea = fund["source"].str.startswith("stea") & (fund["year"] == 2025)
    fund.loc[stea, "amount_eur"] *= 1 + STEA_CUT_2025
    fund["amount_eur"] = fund["amount_eur"].round(0)
    fund = fund[fund["amount_eur"] > 0]
    basis_u = rng.random(len(fund))
    fund["basis"] = np.where((fund["basis"] == "collected") & (basis_u < 0.04), "estimate", fund["basis"])
    fund = fund.groupby(["org_id", "year", "source", "funder", "grant_id"], as_index=False, sort=True).agg(
        amount_eur=("amount_eur", "sum"), basis=("basis", "first"))
    fund = fund[["org_id", "year", "source", "funder", "amount_eur", "basis", "grant_id"]]
    return fund.reset_index(drop=True), planted


def simulate_prepost(
    rng: np.random.Generator,
    n: int,
    delta: float,
    *,
    instrument: str = "SWEMWBS",
    trend: float = SECULAR_TREND,
    rho: float = PREPOST_R,
    n_comparison: int = 0,
    randomised: bool = False,
    dropout: float = 0.0,
    follow_up: bool = False,
    round_scores: bool = True,
) -> pd.DataFrame:
    """Simulate participant-level pre/post scores with a known true effect.

    Pre scores are normal with the instrument's demo mean and SD
    (:data:`INSTRUMENT_NORMS`); post scores have correlation ``rho`` with
    pre scores and the same SD, and move by ``(delta + trend) · SD`` in the
    improvement direction (down for instruments where lower is better). A
    comparison group, if any, moves by ``trend · SD`` only; unless
    ``randomised``, participants' group mean starts :data:`SELECTION_SHIFT`
    SDs worse off and they are :data:`SELECTION_AGE` years older (age does
    not affect scores). Each group regresses towards its own mean, so
    difference-in-differences is unbiased for ``delta``, while adjusting or
    weighting on the pre score is biased by ``(1 − rho) · SELECTION_SHIFT``
    (Lord's paradox; see :func:`impactlib.comparison.comparison_effect`).

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int
        Participants measured at baseline.
    delta : float
        True standardised mean change caused by the activity (SMCR units).
    instrument : str
        Key of :data:`INSTRUMENT_NORMS` (direction from ``data/instruments.csv``).
    trend, rho : float
        Secular trend (SD units) and pre/post correlation.
    n_comparison : int
        Size of the comparison group (0 = none).
    randomised : bool
        If True, no selection difference between groups.
    dropout : float
        Share of participants with no post score.
    follow_up : bool
        Add a follow-up measurement where half the effect remains.
    round_scores : bool
        Round scores to whole points and clip them to the instrument's range.

    Returns
    -------
    pandas.DataFrame
        Columns ``participant_id, phase, instrument, score, group, age``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> d = simulate_prepost(rng, 2000, 0.5, trend=0.0, round_scores=False)
    >>> w = d.pivot(index="participant_id", columns="phase", values="score")
    >>> bool(abs((w.post - w.pre).mean() / w.pre.std() - 0.5) < 0.05)
    True
    """
    inst = _instrument_table().loc[instrument]
    mean, sd = INSTRUMENT_NORMS[instrument]
    sign = 1.0 if inst["higher_is_better"] else -1.0
    out = []
    for group, size, eff in (("participant", n, delta + trend), ("comparison", n_comparison, trend)):
        if size <= 0:
            continue
        sel = group == "participant" and n_comparison > 0 and not randomised
        mu = mean - sign * SELECTION_SHIFT * sd if sel else mean
        age = rng.normal(45 + (SELECTION_AGE if sel else 0.0), 12, size).clip(18, 90)
        pre = mu + sd * rng.standard_normal(size)
        post = mu + rho * (pre - mu) + np.sqrt(1 - rho**2) * sd * rng.standard_normal(size) + sign * eff * sd
        ids = np.array([f"{group[0]}{i:03d}" for i in range(size)])
        frames = [("pre", pre, np.ones(size, bool)), ("post", post, rng.random(size) >= dropout)]
        if follow_up:
            fu = mu + rho * (pre - mu) + np.sqrt(1 - rho**2) * sd * rng.standard_normal(size) + sign * (trend + (eff - trend) / 2) * sd
            frames.append(("follow_up", fu, frames[1][2] & (rng.random(size) >= 0.2)))
        for phase, score, keep in frames:
            out.append(pd.DataFrame({"participant_id": ids[keep], "phase": phase, "instrument": instrument,
                                     "score": score[keep], "group": group, "age": np.round(age[keep]).astype(int)}))
    df = pd.concat(out, ignore_index=True)
    if round_scores:
        df["score"] = df["score"].round().clip(inst["min"], inst["max"])
    return df


@functools.lru_cache(maxsize=1)
def _instrument_table() -> pd.DataFrame:
    t = pd.read_csv(regions.DATA_DIR / "instruments.csv").set_index("instrument")
    t["higher_is_better"] = t["higher_is_better"].astype(bool)
    return t


def _activities(rng: np.random.Generator, org: pd.DataFrame, fund: pd.DataFrame):
    stea_orgs = set(fund.loc[fund["source"].str.startswith("stea"), "org_id"])
    per_kind = {"volunteer": (1, 0.6), "intermediate": (2, 0.9), "service_provider": (2, 0.95)}
    base = []
    for year in ACTIVITY_YEARS:
        alive = org[org["founded"] <= year]
        k = alive["kind"].map(lambda x: per_kind[x][0]).to_numpy()
        rep = np.repeat(np.arange(len(alive)), k)
        a = alive.iloc[rep].reset_index(drop=True)
        a["_k"] = np.arange(len(a)) - np.repeat(np.cumsum(k) - k, k) + 1
        p = a["kind"].map(lambda x: per_kind[x][1]).to_numpy()
        a = a[rng.random(len(a)) < p].copy()
        a["year"] = year
        base.append(a)
    a = pd.concat(base, ignore_index=True)
    n = len(a)
    # a stable theme per association activity slot, whatever the year
    slot_u = pd.util.hash_pandas_object(a[["org_id", "_k"]], index=False).to_numpy() % 10_000 / 10_000
    theme = np.empty(n, dtype=object)
    for kind, (themes, probs) in _THEMES_BY_KIND.items():
        sel = (a["kind"] == kind).to_numpy()
        cum = np.cumsum(probs)
        theme[sel] = np.array(themes)[(slot_u[sel][:, None] > cum).sum(axis=1)]
    a["theme"] = theme
    a["activity_id"] = "D" + a["org_id"].str[:7] + "-" + a["_k"].astype(str) + "-" + a["year"].astype(str)
    names = {t: model.label("theme", t, "fi").split(" (")[0].capitalize() for t in model.THEMES}
    a["name"] = a["theme"].map(names) + " (demo)"
    a["target_group"] = a["category"]
    a["age_band"] = a["category"].map(_AGE_BAND)
    u = rng.random(n)
    a["area"] = np.where(u < 0.80, a["municipality"], np.where(u < 0.95, a["county"], a["municipality"] + " " + a["county"]))
    # a municipality plus its own county code is redundant; use municipality only
    a["area"] = np.where(u >= 0.95, a["municipality"], a["area"])
    # Pertunmaa (588) merged into Mäntyharju (507) on 1.1.2025
    a["area"] = np.where((a["year"] >= 2025) & (a["area"] == "588"), "507", a["area"])
    med = {"volunteer_help": 25, "peer_support": 15, "low_threshold": 120, "guidance": 200,
           "group_activity": 30, "service": 80, "other": 20}
    part = np.round(np.exp(rng.normal(np.log(a["theme"].map(med).to_numpy(float)), 0.9))).astype(int)
    part = np.maximum(part, 1)
    a["participants"] = part
    a["contacts"] = np.round(part * rng.uniform(2, 12, n)).astype(int)
    kind = a["kind"].to_numpy()
    a["volunteer_hours"] = np.round(part * np.select([kind == "volunteer", kind == "intermediate"], [12.0, 6.0], 1.5) * np.exp(rng.normal(0, 0.5, n)))
    a["paid_hours"] = np.round(part * np.select([kind == "volunteer", kind == "intermediate"], [0.3, 3.0], 10.0) * np.exp(rng.normal(0, 0.5, n)))
    a["cost_eur"] = np.round(a["paid_hours"] * 38 + part * rng.uniform(20, 80, n) + rng.uniform(200, 3000, n))
    # evaluation designs: measuring is rarer in volunteer-based associations
    u = rng.random(n)
    vol = kind == "volunteer"
    cut = np.where(vol[:, None], [0.50, 0.94, 0.985, 0.997], [0.28, 0.80, 0.955, 0.99])
    a["design"] = np.array(["none", "monitoring", "pre_post", "comparison_group", "randomised"])[(u[:, None] > cut).sum(axis=1)]
    measured = a["design"].isin(["pre_post", "comparison_group", "randomised"]).to_numpy()
    a["instrument"] = np.where(measured, a["theme"].map(_INSTRUMENT_BY_THEME), None)
    older = (a["category"] == "older_people").to_numpy() & (a["theme"] == "peer_support").to_numpy()
    a.loc[measured & older, "instrument"] = "UCLA3"
    stea = a["org_id"].isin(stea_orgs).to_numpy()
    a["theory_of_change"] = rng.random(n) < np.where(stea, 0.75, np.where(measured, 0.55, 0.25))
    a["independent_evaluation"] = rng.random(n) < np.where(measured, 0.15, 0.01)
    a["replicated"] = rng.random(n) < np.where(stea, 0.12, 0.03)
    a["manualised"] = rng.random(n) < np.where(stea, 0.20, 0.04)
    fb = a["design"].to_numpy() != "none"
    resp = np.where(fb, rng.binomial(part, 0.5), 0)
    helped_p = a["theme"].map({"volunteer_help": 0.85, "peer_support": 0.88, "low_threshold": 0.80, "guidance": 0.78,
                               "group_activity": 0.82, "service": 0.75, "other": 0.70}).to_numpy()
    a["feedback_respondents"] = pd.array(np.where(fb, resp, pd.NA), dtype="Int64")
    a["feedback_helped"] = pd.array(np.where(fb, rng.binomial(resp, helped_p), pd.NA), dtype="Int64")
    a["basis"] = np.where(rng.random(n) < 0.8, "collected", np.where(rng.random(n) < 0.5, "sample", "estimate"))

    # outcomes for measured activities: true effects vary around the theme's planted effect
    m = a[measured].copy()
    m["delta"] = [TRUE_EFFECTS[t].get(i, TRUE_EFFECTS[t][next(iter(TRUE_EFFECTS[t]))]) for t, i in zip(m["theme"], m["instrument"], strict=True)]
    m["delta"] += rng.normal(0, TAU, len(m))
    m["n_measured"] = np.minimum(m["participants"], rng.integers(8, 41, len(m)))
    m["summary_only"] = rng.random(len(m)) < 0.30
    m["follow_up"] = rng.random(len(m)) < 0.20
    a["participants"] = a["participants"].where(~a["activity_id"].isin(m["activity_id"]),
                                                 a["activity_id"].map(m.set_index("activity_id")["n_measured"]).fillna(0).astype(int).clip(lower=a["participants"]))
    outs = []
    for rec in m.itertuples(index=False):  # measured activities (a few thousand), not associations
        ncomp = int(rec.n_measured) if rec.design != "pre_post" else 0
        d = simulate_prepost(rng, int(rec.n_measured), float(rec.delta), instrument=rec.instrument, n_comparison=ncomp,
                             randomised=rec.design == "randomised", dropout=DROPOUT, follow_up=bool(rec.follow_up))
        d.insert(0, "activity_id", rec.activity_id)
        d["participant_id"] = rec.activity_id[1:8] + "-" + d["participant_id"]
        outs.append(d)
    outc = pd.concat(outs, ignore_index=True)
    outc["participant_id"] = "P" + pd.util.hash_pandas_object(outc[["activity_id", "participant_id"]], index=False).astype("uint64").map(lambda h: f"{h % 10**10:010d}")
    summ_ids = set(m.loc[m["summary_only"], "activity_id"])
    is_sum = outc["activity_id"].isin(summ_ids)
    summaries = _summaries(outc[is_sum])
    outc = outc[~is_sum].reset_index(drop=True)
    truth = m[["activity_id", "theme", "instrument", "design", "delta"]].rename(columns={"delta": "true_delta"})
    acts = a[model.column_names("activities")].sort_values("activity_id").reset_index(drop=True)
    return acts, outc[model.column_names("outcomes")], summaries, truth


def _summaries(outc: pd.DataFrame) -> pd.DataFrame:
    key = ["activity_id", "instrument", "group"]
    s = outc.groupby(key + ["phase"], as_index=False)["score"].agg(n="count", mean="mean", sd="std")
    w = outc.pivot_table(index=key + ["participant_id"], columns="phase", values="score").reset_index()
    rs = []
    for ph in ("post", "follow_up"):
        if ph in w:
            pair = w.dropna(subset=["pre", ph])
            r = pair.groupby(key)[["pre", ph]].corr().xs("pre", level=-1)[ph].rename("r").reset_index()
            rs.append(r.assign(phase=ph))
    r = pd.concat(rs, ignore_index=True)
    s = s.merge(r, on=key + ["phase"], how="left")
    s[["mean", "sd"]] = s[["mean", "sd"]].round(3)
    s["r"] = s["r"].round(3)
    return s[model.column_names("outcome_summaries")].sort_values(key + ["phase"]).reset_index(drop=True)


def generate(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Generate the demo tables (and the planted truths) deterministically.

    Returns
    -------
    dict of pandas.DataFrame
        ``organisations, funding, activities, outcomes, outcome_summaries``
        and the tables of planted truth: ``planted_handover`` (association →
        planted hand-over outcome), ``planted_effects`` (measured activity
        → its true δ), ``planted_sales`` and ``planted_market`` (service
        producers: see :mod:`impactlib.demo_market`).
    """
    rng = np.random.default_rng(seed)
    org = _organisations(rng)
    fund, planted = _funding(rng, org)
    acts, outc, summ, truth = _activities(rng, org, fund)
    # sales of services (issue 13): a random stream of their own, so nothing above changes
    sales, company, market = demo_market.generate_sales(np.random.default_rng([seed, 13]), org)
    fund = pd.concat([fund[~fund["source"].isin(model.SALES_SOURCES)], sales], ignore_index=True)
    fund = fund.sort_values(list(model.TABLES["funding"].key), kind="stable", na_position="first")
    fund = fund[model.column_names("funding")].reset_index(drop=True)
    orgs = org[model.column_names("organisations")[:9]].merge(company, on="org_id", how="left")
    return {
        "organisations": orgs[model.column_names("organisations")],
        "funding": fund,
        "activities": acts,
        "outcomes": outc,
        "outcome_summaries": summ,
        "planted_handover": planted[["org_id", "org_county", "planted_outcome"]].sort_values("org_id").reset_index(drop=True),
        "planted_effects": truth.sort_values("activity_id").reset_index(drop=True),
        **market,
    }


_FILES = {
    "organisations": "organisations.csv",
    "funding": "funding.csv.gz",
    "activities": "activities.csv.gz",
    "outcomes": "outcomes.csv.gz",
    "outcome_summaries": "outcome_summaries.csv",
    "planted_handover": "planted_handover.csv",
    "planted_effects": "planted_effects.csv",
    "planted_sales": "planted_sales.csv",
    "planted_market": "planted_market.csv",
}


def _csv_bytes(df: pd.DataFrame, gz: bool) -> bytes:
    text = df.to_csv(index=False, lineterminator="\n")
    data = text.encode("utf-8")
    if not gz:
        return data
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as fh:
        fh.write(data)
    return buf.getvalue()


def write_demo(folder: str | Path = DEMO_DIR, seed: int = SEED) -> dict[str, str]:
    """Generate the demo data and write it into ``folder`` (atomically, file by file).

    Writes the tables as ``DEMO_keksitty_<table>.csv[.gz]``, the planted
    truths (``DEMO_keksitty_planted_*.csv``, not read by :func:`load_demo`),
    ``dataset.json`` (provenance and SHA-256 of every file) and ``README.md``
    (the planted parameters).

    Returns
    -------
    dict
        File name → SHA-256.
    """
    import hashlib

    folder = Path(folder)
    tables = generate(seed)
    sums = {}
    for name, fname in _FILES.items():
        data = _csv_bytes(tables[name], fname.endswith(".gz"))
        target = folder / (FILE_PREFIX + fname)
        write_bytes(target, data)
        sums[target.name] = hashlib.sha256(data).hexdigest()
    meta = {
        "source": "impactlib demo — keksitty aineisto / synthetic data (impactlib.demo, seed "
        f"{seed})",
        "licence": "CC0 1.0 (synthetic data)",
        "date": "2026-11-23",
        "synthetic": True,
        "url": None,
        "seed": seed,
        "files": sums,
    }
    write_text(folder / "dataset.json", json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    write_text(folder / "README.md", _readme(tables, seed))
    return sums


def _readme(tables: dict, seed: int) -> str:
    lines = [
        "# Demo data — keksitty aineisto / synthetic data",
        "",
        "**Every row in this folder is invented.** No row describes a real association or person; the",
        "business IDs come from the unused range 9000000–9999999 and every name starts with `Demo-`.",
        f"Generated by `impactlib/demo.py` with seed {seed} (`make demo` or `impactlib demo`);",
        "regenerating gives byte-identical files (`tests/test_demo.py` checks the SHA-256 in",
        "`dataset.json`). Licence: CC0 1.0.",
        "",
        "| file | rows | what |",
        "|---|---|---|",
    ]
    what = {
        "organisations": "associations in the 22 organiser areas, in proportion to population 31.12.2022",
        "funding": f"funding {YEARS[0]}–{YEARS[-1]} by source and funder",
        "activities": f"activities {ACTIVITY_YEARS[0]}–{ACTIVITY_YEARS[-1]}",
        "outcomes": "participant-level pre/post (and follow-up) scores, pseudonymous",
        "outcome_summaries": "the same as n/mean/SD for activities that report only summaries",
        "planted_handover": "planted truth: the hand-over outcome drawn for each association (not part of the data model)",
        "planted_effects": "planted truth: the true effect δ of each measured activity (not part of the data model)",
        "planted_sales": "planted truth: each service producer's reform outcome, company and buyer structure (not part of the data model)",
        "planted_market": "planted truth: market parameters per county and overall (not part of the data model)",
    }
    for name, fname in _FILES.items():
        lines.append(f"| `{FILE_PREFIX}{fname}` | {len(tables[name]):,} | {what[name]} |")
    lines += ["", "## Planted parameters", "",
              "All of them are constants in `impactlib/demo.py`; tests check that the estimators recover them.", "",
              "### Associations", "",
              f"- About {N_ASSOCIATIONS:,} associations, allocated to counties by population 31.12.2022; within a county the",
              "  county centre gets 45 % and the other municipalities share the rest equally (synthetic weighting).",
              "- Category shares follow the published Keski-Suomi profile of about 500 sote associations:", ""]
    lines += [f"  - {model.label('category', c, 'en')}: {s:.1%}" for c, s in CATEGORY_SHARES.items()]
    lines += ["", "- Kind (intermediate, service producer) probabilities by category; the rest are volunteer-based:", ""]
    lines += [f"  - {model.label('category', c, 'en')}: {p[0]:.0%}, {p[1]:.0%}" for c, p in KIND_SHARES.items()]
    lines += ["", "- Most associations have no paid staff (90 % of volunteer-based, 40 % of intermediate ones).",
              "- About 1 % were founded in 2023–2024, after the reform.", "",
              "### Funding", "",
              f"- Years {YEARS[0]}–{YEARS[-1]}. Own fundraising for all; free premises from the home municipality for 30 %;",
              "  municipal grants before 2023 for 50 % (volunteer), 70 % (intermediate), 40 % (service producers), some",
              "  from a second municipality of the same county, with 5 % random gap years; foundations, other, and for",
              "  employment associations other state and EU money; sales (procurement, vouchers, personal budgets) for",
              "  service producers (see *Sales of services* below).",
              "- STEA general (Ay) and targeted (Ak) grants for larger associations; projects (C) of 2–4 years; 35 % of",
              "  projects ending are followed by a targeted grant next year, the rest end with nothing (project cliff).",
              f"- STEA cut in 2025: every STEA grant × {1 + STEA_CUT_2025:.2f} (≈ {STEA_CUT_2025:.0%}), and half as many new projects.",
              "- Pertunmaa (588) merged into Mäntyharju (507) in 2025: its grants change funder code.", "",
              "### Hand-over of municipal grants 2022→2023 (per association, by home county)", "",
              "Definitions: continued = the same municipality pays 90–110 % of its 2022 amount; taken over = the county",
              "pays 90–110 %; split = both pay, together 90–110 %; reduced = 30–65 % of the 2022 amount, from the",
              "municipality or the county; lost = nothing from either in 2023 (30 % of these get a county grant in 2024).",
              "",
              "| county | " + " | ".join(HANDOVER_OUTCOMES) + " |",
              "|---|" + "---|" * len(HANDOVER_OUTCOMES)]
    for c, rates in HANDOVER_RATES.items():
        lines.append(f"| {c} {regions.county_name(c)} | " + " | ".join(f"{rates[o]:.2f}" for o in HANDOVER_OUTCOMES) + " |")
    lines += ["", "These county profiles are invented to make the analysis show differences; they are not estimates.", ""]
    lines += demo_market.readme_lines()
    lines += ["",
              "### Effects (activities with outcome measurements)", "",
              "True standardised mean change δ per activity theme and instrument, in the improvement direction,",
              "standardised by the pre-test SD (metafor `SMCR`), before the secular trend:", "",
              "| theme | instrument | δ |", "|---|---|---|"]
    for t, d in TRUE_EFFECTS.items():
        for i, v in d.items():
            lines.append(f"| {t} | {i} | {v:.2f} |")
    lines += ["", f"- Each measured activity's own δ is drawn around its theme's value with SD τ = {TAU}.",
              f"- Secular trend (improvement without the activity, in comparison groups too): {SECULAR_TREND} SD;",
              "  a pre/post design therefore estimates δ + trend; difference-in-differences estimates δ.",
              f"- Pre/post correlation ρ = {PREPOST_R}; {DROPOUT:.0%} of participants drop out before the post measurement.",
              f"- Non-randomised comparison designs: participants start {SELECTION_SHIFT} SD worse off and {SELECTION_AGE:g} years",
              "  older than their comparison group; age does not affect scores. Each group regresses to its",
              "  own mean, so difference-in-differences is unbiased, and weighting on the pre score is biased",
              f"  by (1 − ρ) · {SELECTION_SHIFT} SD (Lord's paradox).",
              "- 20 % of measured activities have a follow-up measurement where half of the effect remains.",
              "- 30 % of measured activities report only summaries (`outcome_summaries`).",
              "- Scores are rounded to whole points and clipped to the instrument's range, which shrinks standardised",
              "  effects slightly (under 3 % for UCLA3, less for the others).",
              "- Instrument norms (mean, SD) in the demo population: "
              + "; ".join(f"{k} {v[0]:g}, {v[1]:g}" for k, v in INSTRUMENT_NORMS.items()) + ".", ""]
    return "\n".join(lines)


@functools.lru_cache(maxsize=2)
def _load_cached(folder: str):
    from .sources.tables import load_dataset

    return load_dataset(folder)


def load_demo(folder: str | Path = DEMO_DIR):
    """Load the bundled synthetic demo dataset (validated).

    The dataset is read once per process and cached; every call returns a
    copy of each table, so callers may modify what they get.

    Returns
    -------
    Dataset
        With ``synthetic == True``.
    """
    from dataclasses import replace

    ds = _load_cached(str(Path(folder).resolve()))
    return replace(ds, **{k: v.copy() for k, v in ds.tables().items()})
