"""Synthetic sales of services for the demo data (*demo — keksitty aineisto*): buyers, contracts, the reform.

The service-producing associations of the demo (``kind == "service_provider"``)
sell services to municipalities (before 2023), the wellbeing services county
(from 2023) and private buyers, through procurement contracts, service
vouchers and personal budgets. Every number is invented; the county profiles
below are not estimates of any real county. :func:`impactlib.demo.generate`
calls :func:`generate_sales` with its own random stream (``seed`` and 13), so
the rest of the demo data stays as it was.

What is planted (module constants, written to ``data/demo/README.md`` and to
``DEMO_keksitty_planted_sales.csv`` (per association) and
``DEMO_keksitty_planted_market.csv`` (per county and overall); the tests in
``tests/test_market.py`` recover them with :mod:`impactlib.market`):

* **Contracts.** Public procurement is a chain of contracts per association
  and buyer; each contract lasts 1–4 years (:data:`CONTRACT_YEARS`, mean 2.7)
  and starts on the first of a month. A contract ending before the reform is
  renewed with the same buyer with probability :data:`RENEWAL_BEFORE`, one
  ending after it with :data:`RENEWAL_AFTER`; a chain that is not renewed
  starts again with a new contract on 1 January after a year or two without.
* **Lots.** A contract comes from a procurement lot below the small-lot
  threshold (400,000 €, :data:`impactlib.market.SMALL_LOT_THRESHOLD_EUR`)
  with the county's probability (:data:`MARKET_PROFILES`, ``small_lot``);
  a small lot caps what the contract can pay.
* **Vouchers and personal budgets.** Before 2023 about 15 % of an
  association's public sales are vouchers or personal budgets; from 2023 the
  county's voucher policy (``vouchers`` of its profile) sets the share.
* **The reform.** Each association with public sales in 2022 gets one
  outcome drawn from its county's rates (``rates`` of its profile):
  the municipality kept buying; the county took the contracts over (and the
  second municipality's part into them); the county ended the contracts and
  bought through vouchers and personal budgets instead (planted only where
  procurement was at least 1.5 × vouchers in 2022, otherwise moved to the
  county); the county took the service in-house (recorded as the reason of
  the contract that ended at the reform; planted only where a contract ran
  into the reform, otherwise lost); or the public sales were lost.
  The amounts are set so that the documented rules of
  :func:`impactlib.market.sales_transition` find the planted outcome
  whatever the noise (margins of 1.5 against noise of at most ±20 %).
* **Companies.** :data:`INCORPORATION_SHARE` of the service producers move
  services into a company they own in a year of :data:`COMPANY_YEARS`; from
  that year the association keeps :data:`SALES_KEPT` of its sales.

Examples
--------
>>> from impactlib import load_demo
>>> f = load_demo().funding
>>> sorted(f["buyer_type"].dropna().unique())
['county', 'municipality', 'other', 'private_company', 'private_person']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import regions

__all__ = [
    "CONTRACT_YEARS",
    "RENEWAL_BEFORE",
    "RENEWAL_AFTER",
    "SMALL_LOT_EUR",
    "MARKET_PROFILES",
    "COUNTY_MARKET_PROFILE",
    "TRANSITIONS",
    "INCORPORATION_SHARE",
    "COMPANY_YEARS",
    "SALES_KEPT",
    "SALES_MEDIAN_EUR",
    "generate_sales",
    "readme_lines",
]

#: Contract length in years → probability (mean 2.7 years).
CONTRACT_YEARS: dict[int, float] = {1: 0.10, 2: 0.30, 3: 0.40, 4: 0.20}
#: Probability that a contract ending before the reform (before 31.12.2022) is renewed with its buyer.
RENEWAL_BEFORE = 0.80
#: Probability that a contract ending from 2023 on is renewed with its buyer.
RENEWAL_AFTER = 0.65
#: The small-lot threshold of the demo (the national threshold for social and health services).
SMALL_LOT_EUR = 400_000.0
#: Median yearly sales of a service-producing association (all buyers).
SALES_MEDIAN_EUR = 220_000.0
#: Share of service producers that move services into a company they own.
INCORPORATION_SHARE = 0.08
#: Years in which they do so (uniform).
COMPANY_YEARS = tuple(range(2017, 2025))
#: Share of its sales an association keeps from the year its services move into a company.
SALES_KEPT = 0.40
#: Outcomes at the reform, in the order of :data:`impactlib.labels.SALES_TRANSITIONS`.
TRANSITIONS = ("continued_municipality", "moved_county", "replaced_vouchers", "in_house", "lost")

#: Invented county market profiles: the share of public purchases (from 2023) through
#: vouchers and personal budgets the county aims at, the probability that a procurement
#: lot is small (below :data:`SMALL_LOT_EUR`), and the rates of the reform outcomes.
MARKET_PROFILES: dict[str, dict] = {
    "vouchers": {"vouchers": 0.45, "small_lot": 0.60,
                 "rates": (0.05, 0.50, 0.25, 0.05, 0.15)},
    "mixed": {"vouchers": 0.25, "small_lot": 0.35,
              "rates": (0.05, 0.65, 0.10, 0.05, 0.15)},
    "procurement": {"vouchers": 0.10, "small_lot": 0.15,
                    "rates": (0.05, 0.60, 0.05, 0.10, 0.20)},
}
#: Market profile of each organiser area (invented).
COUNTY_MARKET_PROFILE: dict[str, str] = {
    "01": "mixed", "02": "vouchers", "03": "mixed", "04": "procurement", "05": "vouchers",
    "06": "procurement", "07": "mixed", "08": "vouchers", "09": "procurement", "10": "mixed",
    "11": "mixed", "12": "procurement", "13": "vouchers", "14": "mixed", "15": "vouchers",
    "16": "mixed", "17": "mixed", "18": "procurement", "19": "vouchers", "20": "mixed",
    "21": "procurement", "90": "vouchers",
}

_REFORM = regions.REFORM_YEAR
_R = (_REFORM - 2000) * 12            # month index of January of the reform year
_Y0, _Y1 = 2015, 2025                 # years of the funding data
_LAST = (_Y1 - 2000) * 12 + 11        # month index of December of the last year
_NOISE, _NOISE_CAP = 0.08, 0.20       # row noise: exp(clip(N(0, 0.08), ±0.20))
_MARGIN = 1.5                         # planted dominance margins (beat the noise)
_PRIVATE = (("private_company", "YRITYS", 0.60), ("private_person", "ASIAKKAAT", 0.25),
            ("other", "MUU-OSTAJA", 0.15))


def _month_date(m: np.ndarray, last: bool = False) -> np.ndarray:
    """Month index (months since January 2000) → first (or last) day of that month."""
    y, mo = 2000 + m // 12, m % 12 + 1
    first = pd.to_datetime({"year": y, "month": mo, "day": 1})
    return (first + pd.offsets.MonthEnd(0)).to_numpy() if last else first.to_numpy()


def _chains(rng, start: np.ndarray, stop: int) -> pd.DataFrame:
    """Contracts of chains that begin in month ``start``, until a contract would start after ``stop``.

    Vectorised over chains, one loop step per contract (a handful). A contract ending
    before December of the year before the reform is renewed with probability
    :data:`RENEWAL_BEFORE`, a later one with :data:`RENEWAL_AFTER`; a renewed contract is
    followed by the next one the month after, otherwise on January after one or two years
    without. Returns ``chain`` (position in ``start``), ``s``, ``e`` (first and last month),
    ``years``, ``renewed`` and ``next`` (the month the next contract would start).
    """
    lengths = np.array(list(CONTRACT_YEARS))
    probs = np.array(list(CONTRACT_YEARS.values()))
    out = []
    s = np.asarray(start, dtype=int).copy()
    alive = s <= stop
    while alive.any():
        n = len(s)
        years = rng.choice(lengths, size=n, p=probs)
        e = s + 12 * years - 1
        renewed = rng.random(n) < np.where(e < _R - 1, RENEWAL_BEFORE, RENEWAL_AFTER)
        nxt = np.where(renewed, e + 1, (e // 12 + 1 + rng.integers(1, 3, n)) * 12)
        idx = np.flatnonzero(alive)
        out.append(pd.DataFrame({"chain": idx, "s": s[idx], "e": e[idx], "years": years[idx],
                                 "renewed": renewed[idx], "next": nxt[idx]}))
        s = nxt
        alive = alive & (s <= stop)
    if not out:
        return pd.DataFrame(columns=["chain", "s", "e", "years", "renewed", "next"], dtype=int)
    return pd.concat(out, ignore_index=True)


def _year_rows(ct: pd.DataFrame) -> pd.DataFrame:
    """Contracts → one row per contract and calendar year covered (noise-free euros).

    A contract running into the reform pays ``rate_pre`` to … from ``buyer_pre`` before it
    and ``rate_post`` from ``buyer_post`` after it (a contract the county took over).
    """
    y0, y1 = ct["s"].to_numpy() // 12, ct["e"].to_numpy() // 12
    n = y1 - y0 + 1
    rep = np.repeat(np.arange(len(ct)), n)
    year = np.repeat(y0, n) + (np.arange(len(rep)) - np.repeat(np.cumsum(n) - n, n))
    s, e = ct["s"].to_numpy()[rep], ct["e"].to_numpy()[rep]
    months = np.minimum(e, year * 12 + 11) - np.maximum(s, year * 12) + 1
    out = ct.iloc[rep].reset_index(drop=True)
    out["year"] = 2000 + year
    after = out["year"].to_numpy() >= _REFORM
    out["buyer"] = np.where(after, out["buyer_post"], out["buyer_pre"])
    out["buyer_type"] = np.where(after, out["type_post"], out["type_pre"])
    out["amount"] = np.where(after, out["rate_post"], out["rate_pre"]) * months / 12
    return out


def _end_reasons(rng, n: int) -> np.ndarray:
    """Reason recorded for a contract that was not renewed: expired, tender lost, or not recorded."""
    r = rng.random(n)
    return np.where(r < 0.3, "expired", np.where(r < 0.7, "tender_lost", ""))


def generate_sales(rng: np.random.Generator, org: pd.DataFrame):
    """Sales rows, company columns and planted truths for the demo's service producers.

    Parameters
    ----------
    rng : numpy.random.Generator
        A stream of its own (the demo passes ``default_rng([seed, 13])``).
    org : pandas.DataFrame
        The demo's organisations with ``org_id, municipality, county, kind, founded``.

    Returns
    -------
    rows : pandas.DataFrame
        Funding rows of the sources procurement, service_voucher and
        personal_budget with ``buyer_type``, contract dates, lot values and
        end reasons (the columns of the funding table).
    org_columns : pandas.DataFrame
        ``org_id, operates_company, company_since`` for every association
        (empty for those that produce no services).
    planted : dict of pandas.DataFrame
        ``planted_sales`` (per service producer) and ``planted_market``
        (per county and overall).

    Examples
    --------
    >>> org = pd.DataFrame({"org_id": ["9000019-3", "9000291-4"], "municipality": ["179", "179"],
    ...                     "county": ["15", "15"], "kind": ["service_provider", "volunteer"],
    ...                     "founded": [1990, 2000]})
    >>> rows, company, planted = generate_sales(np.random.default_rng(1), org)
    >>> sorted(rows["org_id"].unique()), company["operates_company"].isna().tolist()
    (['9000019-3'], [False, True])
    """
    p = _producers(rng, org)
    ct = _contracts(rng, p)
    rows_nf = pd.concat([_procurement_rows(ct, p), _voucher_rows(ct, p), _private_rows(p)],
                        ignore_index=True)
    f = np.where(p["company"][rows_nf["prod"]] & (rows_nf["year"] >= p["since"][rows_nf["prod"]]), SALES_KEPT, 1.0)
    rows_nf["amount"] = rows_nf["amount"] * f
    rows_nf = rows_nf[(rows_nf["year"] >= p["first"][rows_nf["prod"]]) & (rows_nf["year"] <= _Y1)]
    rows_nf = rows_nf[rows_nf["amount"] > 0].reset_index(drop=True)
    noise = np.exp(np.clip(rng.normal(0, _NOISE, len(rows_nf)), -_NOISE_CAP, _NOISE_CAP))
    rows = _funding_rows(rows_nf, p, noise)
    org_cols = pd.DataFrame({"org_id": org["org_id"].to_numpy()})
    comp = pd.Series(p["company"], index=p["org_id"])
    org_cols["operates_company"] = pd.array(org_cols["org_id"].map(comp), dtype="boolean")
    since = pd.Series(np.where(p["company"], p["since"], np.nan), index=p["org_id"])
    org_cols["company_since"] = pd.array(org_cols["org_id"].map(since), dtype="Int64")
    planted = _planted(rows_nf, ct, p)
    return rows, org_cols, planted


def _producers(rng: np.random.Generator, org: pd.DataFrame) -> dict:
    """Every random number of a service producer that is not about contracts, in a fixed order."""
    prod = org[org["kind"] == "service_provider"].reset_index(drop=True)
    n = len(prod)
    county = prod["county"].to_numpy().astype(str)
    prof = np.array([COUNTY_MARKET_PROFILE[c] for c in county])
    founded = prod["founded"].to_numpy().astype(int)
    p = {"n": n, "org_id": prod["org_id"].to_numpy(), "county": county, "prof": prof,
         "founded": founded, "first": np.maximum(founded, _Y0),
         "q_small": np.array([MARKET_PROFILES[x]["small_lot"] for x in prof]),
         "level": np.exp(rng.normal(np.log(SALES_MEDIAN_EUR), 0.8, n)),
         "private": np.where(rng.random(n) < 0.5, rng.beta(2, 8, n), 0.0),
         "private_kind": rng.choice(len(_PRIVATE), size=n, p=[x[2] for x in _PRIVATE]),
         "v_pre": rng.beta(1.5, 8.5, n),      # vouchers + personal budgets before the reform
         "pb": rng.beta(2, 6, n)}             # the personal budgets' part of them
    mean = np.array([MARKET_PROFILES[x]["vouchers"] for x in prof])
    p["w"] = rng.beta(8 * mean, 8 * (1 - mean))   # the county's vouchers from the reform
    p["u_replaced"] = rng.uniform(0.6, 1.0, n)
    munis = regions.municipalities(2024)
    cand = munis.groupby("county")["code"].apply(np.array)
    home = prod["municipality"].to_numpy().astype(str)
    second = np.array([rng.choice(cand[c][cand[c] != m]) if len(cand[c]) > 1 else m
                       for c, m in zip(county, home, strict=True)])  # about 1,200 producers
    has2 = (rng.random(n) < 0.35) & (second != home)
    p.update(home=home, second=second, has2=has2,
             sigma=np.where(has2, rng.uniform(0.20, 0.45, n), 0.0))
    p["company"] = rng.random(n) < INCORPORATION_SHARE
    p["since"] = np.where(p["company"], rng.choice(COMPANY_YEARS, n), 0)
    p["pub"] = p["level"] * (1 - p["private"])
    p["home_rate"] = p["pub"] * (1 - p["sigma"]) * (1 - p["v_pre"])
    p["second_rate"] = p["pub"] * p["sigma"] * (1 - p["v_pre"])
    rates = np.array([MARKET_PROFILES[x]["rates"] for x in prof])
    p["outcome"] = np.array(TRANSITIONS)[(rng.random(n)[:, None] > rates.cumsum(axis=1)).sum(axis=1)]
    return p


def _contracts(rng: np.random.Generator, p: dict) -> pd.DataFrame:
    """Every public procurement contract: chains before the reform, the reform, chains after it."""
    n, founded, first = p["n"], p["founded"], p["first"]
    pre = founded <= _REFORM - 1
    lo = np.maximum(founded, first - 3)
    s_home = (lo - 2000) * 12 + rng.integers(0, 12 * (first - lo + 1))
    s_second = s_home + rng.integers(0, 12, n)
    who = np.r_[np.flatnonzero(pre), np.flatnonzero(pre & p["has2"])]
    role = np.r_[np.full(pre.sum(), "home"), np.full((pre & p["has2"]).sum(), "second")]
    start = np.r_[s_home[pre], s_second[pre & p["has2"]]]
    c1 = _chains(rng, start, _R - 1)
    c1["prod"], c1["role"] = who[c1["chain"]], role[c1["chain"]]
    home1 = (c1["role"] == "home").to_numpy()
    _lot_draws(rng, c1, p)
    c1["rate_pre"] = np.minimum(np.where(home1, p["home_rate"][c1["prod"]], p["second_rate"][c1["prod"]]),
                                c1["_cap"])

    # the reform outcome: replaced by vouchers only where procurement dominated in 2022,
    # in-house only where a contract of the home municipality ran on 31.12.2022
    months22 = np.clip(np.minimum(c1["e"], _R - 1) - np.maximum(c1["s"], _R - 12) + 1, 0, None)
    bp = np.bincount(c1["prod"], weights=c1["rate_pre"] * months22 / 12, minlength=n)
    bv = p["pub"] * p["v_pre"]
    out = np.where(pre, p["outcome"], "")
    out = np.where((out == "replaced_vouchers") & ~(bp >= _MARGIN * bv), "moved_county", out)
    on_dec = home1 & (c1["s"] <= _R - 1).to_numpy() & (c1["e"] >= _R - 1).to_numpy()
    running = np.bincount(c1["prod"][on_dec], minlength=n) > 0
    out = np.where((out == "in_house") & ~running, "lost", out)
    p["outcome"] = out

    oc = out[c1["prod"]]
    keeps = home1 & np.isin(oc, ["continued_municipality", "moved_county"])
    over = (c1["e"] > _R - 1).to_numpy()
    at_dec = (c1["e"] == _R - 1).to_numpy()
    moved = oc != "continued_municipality"
    c1["buyer_pre"] = np.where(home1, p["home"][c1["prod"]], p["second"][c1["prod"]])
    c1["type_pre"] = "municipality"
    c1["buyer_post"] = np.where(keeps & moved, p["county"][c1["prod"]], c1["buyer_pre"])
    c1["type_post"] = np.where(keeps & moved, "county", "municipality")
    c1["rate_post"] = np.minimum(np.where(moved, (p["home_rate"] + p["second_rate"])[c1["prod"]],
                                          p["home_rate"][c1["prod"]]), c1["_cap"])
    # contracts running into the reform are carried on (kept) or ended on 31.12.2022
    cut = over & ~keeps
    c1.loc[cut, "e"] = _R - 1
    c1["reason"] = np.where(c1["renewed"], "", _end_reasons(rng, len(c1)))
    reform_end = cut | (at_dec & ~keeps)
    c1.loc[reform_end, "reason"] = np.where(oc[reform_end] == "in_house", "in_house",
                                            np.where(cut[reform_end], "terminated",
                                                     c1.loc[reform_end, "reason"]))
    c1.loc[reform_end, "renewed"] = False
    c1.loc[at_dec & keeps, "renewed"] = oc[at_dec & keeps] == "continued_municipality"
    c1.loc[at_dec & keeps, "reason"] = ""

    # chains after the reform: continuing home chains (after a carried contract, or anew in
    # January of the reform year) and the producers founded from the reform on
    carried = c1[over & keeps]
    cont = np.isin(out, ["continued_municipality", "moved_county"])
    new = founded >= _REFORM
    start2 = np.full(n, _R)
    start2[carried["prod"].to_numpy()] = carried["next"].to_numpy()
    start2 = np.where(new, (founded - 2000) * 12 + rng.integers(0, 12, n), start2)
    who2 = np.flatnonzero(cont | new)
    c2 = _chains(rng, start2[who2], _LAST)
    c2["prod"] = who2[c2["chain"]]
    c2["role"] = "home"
    to_county = out[c2["prod"]] != "continued_municipality"
    c2["buyer_pre"] = np.where(to_county, p["county"][c2["prod"]], p["home"][c2["prod"]])
    c2["type_pre"] = np.where(to_county, "county", "municipality")
    c2["buyer_post"], c2["type_post"] = c2["buyer_pre"], c2["type_pre"]
    rate_new = p["pub"] * (1 - p["w"])
    _lot_draws(rng, c2, p)
    c2["rate_post"] = np.minimum(np.where(new, rate_new, np.where(out == "continued_municipality", p["home_rate"],
                                                                  p["home_rate"] + p["second_rate"]))[c2["prod"]],
                                 c2["_cap"])
    c2["rate_pre"] = c2["rate_post"]
    c2["reason"] = np.where(c2["renewed"], "", _end_reasons(rng, len(c2)))
    ct = pd.concat([c1, c2], ignore_index=True).drop(columns=["chain", "next"])
    ct = ct[ct["e"] >= (_Y0 - 2000) * 12].reset_index(drop=True)  # contracts with rows in the data years

    total = ct["years"] * np.maximum(ct["rate_pre"], ct["rate_post"])
    ct["lot"] = np.where(ct["small_lot"], ct["_lot_small"],
                         np.maximum(total * _MARGIN, SMALL_LOT_EUR) * ct["_lot_large"])
    ct["contract"] = np.arange(len(ct))
    return ct.drop(columns=["_lot_small", "_lot_large", "_cap"])


def _lot_draws(rng: np.random.Generator, ct: pd.DataFrame, p: dict) -> None:
    """Lot of each contract: small (below the threshold) with the county's probability.

    A small lot caps what the contract can pay (``_cap`` per year, so that the contract's
    euros stay under the lot by the planted margin); a large lot is set at the end, from
    the contract's euros (``_lot_large``).
    """
    m = len(ct)
    ct["small_lot"] = rng.random(m) < p["q_small"][ct["prod"]]
    ct["_lot_small"] = SMALL_LOT_EUR * rng.uniform(0.3, 0.95, m)
    ct["_lot_large"] = rng.uniform(1.2, 8.0, m)
    ct["_cap"] = np.where(ct["small_lot"], ct["_lot_small"] / (_MARGIN * ct["years"]), np.inf)


def _procurement_rows(ct: pd.DataFrame, p: dict) -> pd.DataFrame:
    r = _year_rows(ct)
    return r.assign(source="procurement")[["prod", "year", "source", "buyer", "buyer_type", "amount",
                                           "contract", "s", "e", "lot", "reason"]]


def _voucher_rows(ct: pd.DataFrame, p: dict) -> pd.DataFrame:
    """Service vouchers and personal budgets, yearly, by buyer (no contracts)."""
    n = p["n"]
    years = np.arange(_Y0, _Y1 + 1)
    prod = np.repeat(np.arange(n), len(years))
    year = np.tile(years, n)
    out = p["outcome"]
    before = year < _REFORM
    pub, v_pre, sigma = p["pub"][prod], p["v_pre"][prod], p["sigma"][prod]
    oc = out[prod]
    # the county's procurement in the reform year caps its vouchers (planted margin)
    pr = _year_rows(ct)
    cp = pr[(pr["year"] == _REFORM) & (pr["buyer_type"] == "county")]
    cp = np.bincount(cp["prod"], weights=cp["amount"], minlength=n)
    w = np.where(np.isin(out, ["moved_county"]), np.minimum(p["w"], cp / (_MARGIN * p["pub"])), p["w"])
    post = np.select([oc == "continued_municipality", oc == "moved_county", oc == "replaced_vouchers",
                      p["founded"][prod] >= _REFORM],
                     [pub * (1 - sigma) * v_pre, pub * w[prod], pub * p["u_replaced"][prod], pub * w[prod]], 0.0)
    parts = []
    home_amt = np.where(before, pub * (1 - sigma) * v_pre, np.where(oc == "continued_municipality", post, 0.0))
    parts.append(pd.DataFrame({"prod": prod, "year": year, "buyer": p["home"][prod], "buyer_type": "municipality",
                               "total": home_amt}))
    parts.append(pd.DataFrame({"prod": prod, "year": year, "buyer": p["second"][prod],
                               "buyer_type": "municipality", "total": np.where(before, pub * sigma * v_pre, 0.0)}))
    parts.append(pd.DataFrame({"prod": prod, "year": year, "buyer": p["county"][prod], "buyer_type": "county",
                               "total": np.where(before | (oc == "continued_municipality"), 0.0, post)}))
    v = pd.concat(parts, ignore_index=True)
    v = v[v["total"] > 0]
    share_pb = p["pb"][v["prod"]]
    rows = pd.concat([v.assign(source="service_voucher", amount=v["total"] * (1 - share_pb)),
                      v.assign(source="personal_budget", amount=v["total"] * share_pb)], ignore_index=True)
    return rows.drop(columns="total")


def _private_rows(p: dict) -> pd.DataFrame:
    """Sales to companies, private persons and other private buyers (procurement rows, no contract dates)."""
    years = np.arange(_Y0, _Y1 + 1)
    who = np.flatnonzero(p["private"] > 0)
    prod = np.repeat(who, len(years))
    kind = p["private_kind"][prod]
    return pd.DataFrame({"prod": prod, "year": np.tile(years, len(who)), "source": "procurement",
                         "buyer": np.array([x[1] for x in _PRIVATE])[kind],
                         "buyer_type": np.array([x[0] for x in _PRIVATE])[kind],
                         "amount": p["level"][prod] * p["private"][prod]})


def _funding_rows(r: pd.DataFrame, p: dict, noise: np.ndarray) -> pd.DataFrame:
    """Noise-free sales → rows of the funding table (noisy euros, contract dates, lots, reasons)."""
    amount = np.round(r["amount"].to_numpy() * noise)
    keep = amount > 0
    r, amount = r[keep], amount[keep]
    year = r["year"].to_numpy()
    buyer = r["buyer"].astype(str).to_numpy()
    # Pertunmaa (588) merged into Mäntyharju (507) on 1.1.2025
    buyer = np.where((buyer == "588") & (year >= 2025), "507", buyer)
    dated = r["contract"].notna().to_numpy()
    s = np.where(dated, r["s"].fillna(0), 0).astype(int)
    e = np.where(dated, r["e"].fillna(0), 0).astype(int)
    start = pd.Series(_month_date(s), dtype="datetime64[ns]").where(dated)
    end = pd.Series(_month_date(e, last=True), dtype="datetime64[ns]").where(dated)
    reason = r["reason"].fillna("").to_numpy() if "reason" in r else np.full(len(r), "")
    return pd.DataFrame({
        "org_id": p["org_id"][r["prod"].to_numpy()], "year": year, "source": r["source"].to_numpy(),
        "funder": buyer, "amount_eur": amount, "basis": "collected", "grant_id": "",
        "buyer_type": r["buyer_type"].to_numpy(), "contract_start": start.to_numpy(),
        "contract_end": end.to_numpy(),
        "lot_value_eur": np.where(dated, np.ceil(r["lot"].fillna(0).to_numpy()), np.nan),
        "contract_end_reason": pd.array(np.where(dated & (reason != ""), reason, None), dtype="string"),
    })


def _planted(r: pd.DataFrame, ct: pd.DataFrame, p: dict) -> dict[str, pd.DataFrame]:
    """The planted truths: noise-free buyer structure per producer; parameters per county."""
    public = r["buyer_type"].isin(["municipality", "county", "state"]).to_numpy()
    key = ["prod", "year"]
    total = r.groupby(key)["amount"].sum()
    by_buyer = r.groupby([*key, "buyer"])["amount"].sum()
    share = by_buyer / total.reindex(by_buyer.index.droplevel("buyer")).to_numpy()
    hhi = (share**2).groupby(level=key).sum()
    pub_b = r[public].groupby([*key, "buyer"])["amount"].sum()
    top = (pub_b / total.reindex(pub_b.index.droplevel("buyer")).to_numpy()).groupby(level=key).max()
    top_pp = pub_b.groupby(level=key).max() / pub_b.groupby(level=key).sum()
    per = pd.DataFrame({"hhi": hhi, "top": top.reindex(hhi.index).fillna(0.0),
                        "top_pp": top_pp.reindex(hhi.index)}).reset_index()
    per["period"] = np.where(per["year"] < _REFORM, "before", "after")
    m = per.groupby(["prod", "period"])[["hhi", "top", "top_pp"]].mean().unstack("period")
    n = p["n"]
    sales = pd.DataFrame({
        "org_id": p["org_id"], "county": p["county"], "profile": p["prof"], "transition": p["outcome"],
        "operates_company": p["company"], "company_since": np.where(p["company"], p["since"], 0),
    })
    for stat, name in (("hhi", "hhi"), ("top", "top_public_share"), ("top_pp", "top_public_of_public")):
        for period in ("before", "after"):
            col = m[(stat, period)] if (stat, period) in m.columns else pd.Series(dtype=float)
            sales[f"{name}_{period}"] = col.reindex(np.arange(n)).to_numpy()
    sales["company_since"] = pd.array(np.where(p["company"], p["since"], pd.NA), dtype="Int64")
    sales["transition"] = pd.array(np.where(p["outcome"] == "", None, p["outcome"]), dtype="string")

    rows = []
    pub = r[public].assign(county=p["county"][r.loc[public, "prod"].to_numpy()])
    pub["vpb"] = np.where(pub["source"] != "procurement", pub["amount"], 0.0)
    pub["period"] = np.where(pub["year"] < _REFORM, "before", "after")
    for (grp, period), g in pd.concat([pub, pub.assign(county="all")]).groupby(["county", "period"]):
        rows.append(("voucher_share", grp, period, g["vpb"].sum() / g["amount"].sum()))
    for c in sorted(COUNTY_MARKET_PROFILE):
        prof = MARKET_PROFILES[COUNTY_MARKET_PROFILE[c]]
        rows.append(("small_lot_probability", c, "all", prof["small_lot"]))
        rows += [(f"transition_rate:{o}", c, "reform", rate) for o, rate in zip(TRANSITIONS, prof["rates"], strict=True)]
    rows += [("renewal_probability", "all", "before", RENEWAL_BEFORE),
             ("renewal_probability", "all", "after", RENEWAL_AFTER),
             ("contract_years_mean", "all", "all", float(sum(k * v for k, v in CONTRACT_YEARS.items()))),
             ("incorporation_share", "all", "all", INCORPORATION_SHARE),
             ("sales_kept_after_company", "all", "all", SALES_KEPT)]
    for stat in ("hhi", "top_public_share", "top_public_of_public"):
        for period in ("before", "after"):
            v = sales[f"{stat}_{period}"].dropna()
            for grp, g in pd.concat([pd.DataFrame({"c": sales["county"][v.index], "v": v}),
                                     pd.DataFrame({"c": "all", "v": v})]).groupby("c"):
                rows.append((stat, grp, period, g["v"].mean()))
    market = pd.DataFrame(rows, columns=["indicator", "group", "period", "value"])
    return {"planted_sales": sales.sort_values("org_id").reset_index(drop=True),
            "planted_market": market}


def readme_lines() -> list[str]:
    """The section of ``data/demo/README.md`` on sales of services (planted parameters).

    Examples
    --------
    >>> readme_lines()[0].startswith("### Sales of services")
    True
    """
    mean = sum(k * v for k, v in CONTRACT_YEARS.items())
    lines = [
        "### Sales of services (service producers; `impactlib/demo_market.py`, its own random stream)", "",
        f"- Median yearly sales {SALES_MEDIAN_EUR:,.0f} € (log-normal, σ 0.8); half of the producers also sell to",
        "  private buyers (companies, private persons, other; on average 20 % of their sales).",
        "- Before 2023 each producer sells to its home municipality and 35 % also to a second municipality of the",
        "  county (20–45 % of the public sales); about 15 % of public sales are vouchers or personal budgets",
        "  (a quarter of these personal budgets).",
        "- Public procurement runs in chains of contracts: each lasts "
        + ", ".join(f"{k} ({v:.0%})" for k, v in CONTRACT_YEARS.items()) + f" years (mean {mean:.1f}),",
        f"  renewed with the same buyer with probability {RENEWAL_BEFORE} before the reform and {RENEWAL_AFTER} after it;",
        "  otherwise a new contract starts on 1 January after one or two years without.",
        f"- Lots below {SMALL_LOT_EUR:,.0f} € (a small lot caps what the contract pays) with the county's probability;",
        "  from 2023 the county's vouchers and personal budgets follow its profile.",
        "- The reform: every producer with public sales in 2022 gets one outcome (municipality kept buying; moved",
        "  to the county, which takes the running contract over; replaced by vouchers or personal budgets; taken",
        "  in-house, recorded as the reason of the contract that ended on 31.12.2022; lost), with the rates of",
        "  its county's profile. Replacement by vouchers is planted only where procurement was at least",
        "  1.5 × vouchers in 2022 (otherwise: moved to the county), in-house only where a contract ran into the",
        "  reform (otherwise: lost).",
        f"- {INCORPORATION_SHARE:.0%} of the producers move services into a company they own in "
        f"{COMPANY_YEARS[0]}–{COMPANY_YEARS[-1]}; from that year the association keeps {SALES_KEPT:.0%} of its sales.",
        "- Every euro has noise exp(N(0, 0.08)) clipped to ±20 %; the planted margins (1.5) keep the reform",
        "  outcomes recoverable whatever the noise.",
        "", "| profile | vouchers and personal budgets from 2023 | small lots | "
        + " | ".join(TRANSITIONS) + " | counties |", "|---|---|---|" + "---|" * len(TRANSITIONS) + "---|"]
    for name, prof in MARKET_PROFILES.items():
        cs = ", ".join(c for c, x in COUNTY_MARKET_PROFILE.items() if x == name)
        lines.append(f"| {name} | {prof['vouchers']:.2f} | {prof['small_lot']:.2f} | "
                     + " | ".join(f"{x:.2f}" for x in prof["rates"]) + f" | {cs} |")
    lines += ["", "The planted values per county and overall are in `DEMO_keksitty_planted_market.csv`; the",
              "buyer structure (HHI over buyers, the largest public buyer's share; noise-free) and the reform",
              "outcome of each producer in `DEMO_keksitty_planted_sales.csv`. These profiles are invented.", ""]
    return lines
