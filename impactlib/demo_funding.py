"""The synthetic demo data, part 1: associations and their funding 2015–2025 (internal).

Invented associations in the 22 organiser areas in proportion to population, and their
funding by source and funder with the planted 2022→2023 hand-over of municipal grants and
the 2025 STEA cut. :func:`impactlib.demo.generate` calls these; the planted parameters are
documented in ``impactlib/data/demo/README.md``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import regions

#: Years of funding data.
YEARS = tuple(range(2015, 2026))
#: About this many associations in the 22 organiser areas (≈ 1.8 per 1,000 inhabitants).
N_ASSOCIATIONS = 10_000
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

# County centres (synthetic weighting: the centre gets 45 % of a county's associations,
# the other municipalities share the rest equally).
_CENTRES = {
    "01": "638", "02": "106", "03": "049", "04": "092", "05": "853", "06": "609", "07": "109",
    "08": "837", "09": "398", "10": "286", "11": "405", "12": "491", "13": "297", "14": "167",
    "15": "179", "16": "743", "17": "905", "18": "272", "19": "564", "20": "205", "21": "698",
    "90": "091",
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


def organisations(rng: np.random.Generator) -> pd.DataFrame:
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


def funding(rng: np.random.Generator, org: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
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


