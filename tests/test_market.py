"""impactlib.market on hand-worked cases (every number below is worked out in the comment
beside it), and on the demo data, where each indicator recovers the effects planted by
impactlib.demo_market (data/demo/DEMO_keksitty_planted_*.csv) within its interval."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from impactlib import continuity, demo_market, market
from impactlib.demo import DEMO_DIR

#: Float tolerance for sums and ratios of a few exact numbers (rounding only).
EXACT = 1e-12
#: The demo's euros carry row noise exp(N(0, 0.08)) clipped to ±20 %; the planted values are the
#: noise-free ones, so an estimate over hundreds of rows may differ from them by this much.
NOISE_TOL = 0.01
#: 22 organiser areas: a family-wise 5 % level for intervals checked once per area (Bonferroni).
LEVEL_22 = 1 - 0.05 / 22


def frame(rows, columns=("org_id", "year", "source", "funder", "amount_eur", "buyer_type",
                         "contract_start", "contract_end", "lot_value_eur", "contract_end_reason")):
    rows = [tuple(r) + (None,) * (len(columns) - len(r)) for r in rows]
    return pd.DataFrame(rows, columns=list(columns))


# --------------------------------------------------------------------------- hand-worked cases


def test_sales_rows_infer_buyer_types_from_codes():
    f = frame([("a", 2022, "procurement", "179", 10.0),          # municipality code of 2022
               ("a", 2023, "service_voucher", "15", 5.0),        # county code
               ("a", 2023, "procurement", "YRITYS", 5.0),        # an id: other
               ("a", 2025, "procurement", "588", 5.0),           # Pertunmaa merged away in 2025
               ("a", 2023, "procurement", "X", 7.0, "private_company"),
               ("a", 2023, "fundraising", "own", 1.0),           # not a sale
               ("a", 2023, "procurement", "179", 0.0)])          # no money: left out
    s = market.sales_rows(f)
    assert s["buyer_type"].tolist() == ["municipality", "county", "other", "other", "private_company"]
    assert s["buyer_type_inferred"].tolist() == [True, True, True, True, False]
    assert s["public"].tolist() == [True, True, False, False, False]


def test_sales_share_and_mix():
    f = frame([("a", 2024, "procurement", "15", 600.0), ("a", 2024, "service_voucher", "15", 200.0),
               ("a", 2024, "stea_general", "STEA", 150.0), ("a", 2024, "fundraising", "own", 50.0),
               ("b", 2024, "fundraising", "own", 100.0)])
    sh = market.sales_share(f).set_index("org_id")
    # a: income 1000, sales 800 → 0.8; mix 600/800, 200/800, 0
    assert_allclose(sh.loc["a", ["income_eur", "sales_eur", "sales_share"]].astype(float), [1000, 800, 0.8])
    assert_allclose(sh.loc["a", ["procurement_share", "service_voucher_share", "personal_budget_share"]]
                    .astype(float), [0.75, 0.25, 0.0])
    assert sh.loc["b", "sales_share"] == 0 and np.isnan(sh.loc["b", "procurement_share"])
    s = market.sales_summary(market.sales_share(f), by=()).iloc[0]
    # R = 800/1100; residuals y − R·x: 800 − R·1000 = +72.73, 0 − R·100 = −72.73;
    # Var = Σe²/(n−1) / (n·x̄²) = 2·72.727²/1 / (2·550²) = 0.0174851; SE = 0.132231
    r = 800 / 1100
    se = np.sqrt(2 * (800 - r * 1000) ** 2 / 1 / (2 * 550**2))
    assert_allclose(se, 0.132231, atol=1e-6)
    assert (s["n"], s["n_selling"]) == (2, 1)
    assert_allclose([s["sales_share"], s["ci_low"], s["ci_high"]],
                    [r, r - 1.959964 * se, r + 1.959964 * se], atol=1e-6)
    assert_allclose(s["procurement_share"], 0.75, atol=EXACT)


def test_sales_summary_pools_years_per_association():
    sh = pd.DataFrame({"org_id": ["a", "a", "b"], "year": [2023, 2024, 2024],
                       "income_eur": [100.0, 100.0, 200.0], "sales_eur": [50.0, 30.0, 20.0],
                       "procurement_eur": [50.0, 30.0, 0.0], "service_voucher_eur": [0.0, 0.0, 20.0],
                       "personal_budget_eur": [0.0] * 3})
    s = market.sales_summary(sh, by=(), years=(2023, 2024)).iloc[0]
    # a: 80/200 over both years, b: 20/200 → (80 + 20)/(200 + 200) = 0.25; two units
    assert (s["year"], s["n"]) == ("2023–2024", 2)
    assert_allclose([s["sales_share"], s["procurement_share"]], [0.25, 0.8], atol=EXACT)


def test_buyer_concentration_hand_worked():
    f = frame([("a", 2022, "procurement", "179", 60.0, "municipality"),
               ("a", 2022, "service_voucher", "410", 20.0, "municipality"),
               ("a", 2022, "procurement", "YRITYS", 20.0, "private_company"),
               ("a", 2023, "procurement", "15", 70.0, "county"),
               ("a", 2023, "personal_budget", "15", 10.0, "county"),
               ("a", 2023, "procurement", "YRITYS", 20.0, "private_company")])
    c = market.buyer_concentration(f).set_index("year")
    # 2022: shares .6 .2 .2 → HHI .36 + .04 + .04 = .44; largest public .6 of all, .6/.8 of public
    # 2023: county 80 of 100, company 20 → HHI .64 + .04 = .68; county .8 of all, 1 of public
    assert_allclose(c["hhi"], [0.44, 0.68], atol=EXACT)
    assert_allclose(c["top_public_share"], [0.6, 0.8], atol=EXACT)
    assert_allclose(c["top_public_of_public"], [0.75, 1.0], atol=EXACT)
    assert c["n_buyers"].tolist() == [3, 2] and c["n_public_buyers"].tolist() == [2, 1]
    assert c["top_public_buyer"].tolist() == ["179", "15"]


def test_concentration_change_paired_t_interval():
    conc = pd.DataFrame({"org_id": ["a", "a", "b", "b", "c"], "year": [2022, 2023, 2022, 2023, 2022],
                         "hhi": [0.5, 1.0, 0.6, 0.9, 0.7]})
    t = market.concentration_change(conc, measures=["hhi"]).set_index("period")
    # before: a .5, b .6, c .7 → mean .6; after: a 1.0, b .9 → .95; change (a .5, b .3) → .4,
    # sd .141421, t(1) 97.5 % = 12.706205 (scipy; Student's table), half width 12.706205·.141421/√2
    assert t["n"].tolist() == [3, 2, 2]
    assert_allclose(t["mean"], [0.6, 0.95, 0.4], atol=EXACT)
    assert_allclose(t.loc["change", ["ci_low", "ci_high"]].astype(float),
                    [0.4 - 12.706205 * 0.141421 / np.sqrt(2), 0.4 + 12.706205 * 0.141421 / np.sqrt(2)],
                    atol=1e-5)


def _transition_case():
    f = frame([
        ("o1", 2022, "procurement", "179", 1000.0), ("o1", 2023, "procurement", "179", 800.0),
        ("o2", 2022, "procurement", "179", 1000.0), ("o2", 2023, "procurement", "15", 900.0),
        ("o2", 2023, "service_voucher", "15", 100.0),
        ("o3", 2022, "procurement", "179", 1000.0), ("o3", 2022, "service_voucher", "179", 200.0),
        ("o3", 2023, "service_voucher", "15", 600.0), ("o3", 2023, "personal_budget", "15", 300.0),
        ("o4", 2022, "service_voucher", "179", 1000.0), ("o4", 2023, "service_voucher", "15", 1000.0),
        ("o5", 2022, "procurement", "179", 1000.0, "municipality", "2020-01-01", "2022-12-31", None,
         "in_house"),
        ("o6", 2022, "procurement", "179", 1000.0), ("o6", 2023, "fundraising", "own", 10.0),
        ("o7", 2022, "procurement", "179", 1000.0), ("o7", 2023, "procurement", "179", 400.0),
        ("o7", 2023, "procurement", "15", 300.0),
        ("o8", 2022, "procurement", "091", 500.0), ("o8", 2023, "procurement", "90", 500.0),
        ("o9", 2022, "procurement", "YRITYS", 500.0, "private_company"),
    ])
    orgs = pd.DataFrame({"org_id": [f"o{i}" for i in range(1, 10)], "municipality": ["179"] * 7 + ["091", "179"],
                         "kind": ["service_provider"] * 9})
    return f, orgs


def test_sales_transition_each_outcome():
    f, orgs = _transition_case()
    tr = market.sales_transition(f, orgs).set_index("org_id")
    assert tr["outcome"].to_dict() == {
        "o1": "continued_municipality",  # M 800, C 0
        "o2": "moved_county",            # M 0 < C 1000; Bp 1000 > Bv 0 but Cv 100 < Cp 900
        "o3": "replaced_vouchers",       # Bp 1000 > Bv 200, Cv 900 > Cp 0
        "o4": "moved_county",            # vouchers before and after: moved, not replaced
        "o5": "in_house",                # nothing in 2023, the 2022 contract ended in-house
        "o6": "lost",                    # nothing in 2023, no reason recorded
        "o7": "continued_municipality",  # M 400 ≥ C 300
        "o8": "moved_county",            # Helsinki: 091 → 90
    }                                    # o9 sold only to a company: not in the table
    assert tr.loc["o8", "county"] == "90" and tr.loc["o3", "before_voucher_eur"] == 200
    assert_allclose(tr.loc["o7", "ratio"], 0.7, atol=EXACT)
    s = market.transition_summary(tr.reset_index(), by=None).set_index("outcome")
    assert s["n"].to_dict() == {"continued_municipality": 2, "moved_county": 3, "replaced_vouchers": 1,
                                "in_house": 1, "lost": 1}
    assert s["hidden"].all()  # every count is 1–4 (or its complement)


def test_transition_summary_wilson_interval_published_value():
    # Newcombe (1998), Statistics in Medicine 17:857, Table I: 81/263 → Wilson 0.2553–0.3662
    tr = pd.DataFrame({"county": ["15"] * 263, "outcome": ["lost"] * 81 + ["moved_county"] * 182,
                       "before_eur": 1.0, "total_eur": 0.0})
    s = market.transition_summary(tr).set_index("outcome")
    assert_allclose(s.loc["lost", ["ci_low", "ci_high"]].astype(float), [0.2553, 0.3662], atol=5e-5)
    assert not s["hidden"].any()


def test_contracts_length_renewal_censoring():
    f = frame([
        # chain with buyer 179: renewed (next starts the day after), then a gap of 5 months
        ("a", 2020, "procurement", "179", 10.0, "municipality", "2020-01-01", "2021-12-31", 50.0),
        ("a", 2021, "procurement", "179", 10.0, "municipality", "2020-01-01", "2021-12-31", 50.0),
        ("a", 2022, "procurement", "179", 10.0, "municipality", "2022-01-01", "2022-12-31", 50.0),
        ("a", 2023, "procurement", "179", 10.0, "municipality", "2023-06-01", "2024-05-31", 50.0),
        ("a", 2024, "procurement", "179", 10.0, "municipality", "2023-06-01", "2024-05-31", 50.0),
        # carried over the reform: municipal rows, then the county's: one contract
        ("b", 2021, "procurement", "410", 10.0, "municipality", "2021-01-01", "2023-12-31"),
        ("b", 2022, "procurement", "410", 10.0, "municipality", "2021-01-01", "2023-12-31"),
        ("b", 2023, "procurement", "15", 10.0, "county", "2021-01-01", "2023-12-31"),
        # ends on the last day of the data: renewal unknown
        ("c", 2025, "procurement", "15", 10.0, "county", "2025-01-01", "2025-12-31"),
        ("c", 2025, "service_voucher", "15", 10.0, "county"),  # no dates: not a contract
    ])
    ct = market.contracts(f).set_index(["org_id", "contract_start"])
    assert len(ct) == 5
    a = ct.loc["a"]
    assert_allclose(a["length_years"], [2.0, 1.0, 1.0], atol=EXACT)
    assert a["renewed"].tolist() == [True, False, False]  # 2022-12-31 → 2023-06-01 is 152 days
    assert a["period"].tolist() == ["before", "at_reform", "after"]
    b = ct.loc["b"].iloc[0]
    assert (b["buyer"], b["n_buyers"], b["amount_eur"], b["length_years"]) == ("15", 2, 30.0, 3.0)
    c = ct.loc["c"].iloc[0]
    assert bool(c["censored"]) and pd.isna(c["renewed"])
    s = market.contract_summary(market.contracts(f), periods=False).iloc[0]
    # lengths 2, 1, 1, 3, 1 → mean 1.6; known renewals 4 (c unknown), 1 renewed
    assert (s["n"], s["n_known"], s["n_renewed"]) == (5, 4, 1)
    assert_allclose([s["length_mean"], s["length_median"], s["renewal_rate"]], [1.6, 1.0, 0.25], atol=EXACT)


def test_sales_spells_feed_the_spell_machinery():
    f = frame([("a", y, "procurement", "179", 5.0) for y in (2016, 2017, 2018)]
              + [("a", y, "procurement", "15", 5.0) for y in (2023, 2024, 2025)]
              + [("b", y, "service_voucher", "179", 5.0) for y in (2015, 2016, 2017, 2018, 2019)]
              + [("b", 2020, "fundraising", "own", 1.0), ("c", 2019, "procurement", "YRITYS", 1.0)])
    sp = market.sales_spells(f).set_index(["org_id", "funder"])
    assert len(sp) == 3  # the company spell is private
    assert sp.loc[("a", "179"), ["start", "end", "length"]].tolist() == [2016, 2018, 3]
    assert bool(sp.loc[("a", "15"), "censored"]) and bool(sp.loc[("b", "179"), "truncated"])
    res = continuity.spell_survival(sp.reset_index())
    # left-truncated b is left out; a/179 ended after 3 years, a/15 censored at 3 → S(3) = 1 − 1/2
    assert res.n_used == 2 and res.n_dropped == 1
    assert_allclose(res.table.set_index("time").loc[3, "survival"], 0.5, atol=EXACT)


def test_producer_access_hand_worked():
    orgs = pd.DataFrame({"org_id": ["a", "b", "c"], "municipality": ["179", "179", "091"],
                         "kind": ["service_provider", "service_provider", "volunteer"]})
    f = frame([("a", 2024, "procurement", "15", 300.0, "county", "2024-01-01", "2024-12-31", 350_000.0),
               ("a", 2024, "service_voucher", "15", 100.0, "county"),
               ("b", 2024, "procurement", "15", 500.0, "county", "2024-01-01", "2024-12-31", 900_000.0),
               ("b", 2024, "personal_budget", "15", 100.0, "county"),
               ("b", 2024, "procurement", "YRITYS", 999.0, "private_company"),
               ("b", 2020, "procurement", "179", 100.0, "municipality", "2020-01-01", "2020-12-31", 1000.0)])
    acc = market.producer_access(f, orgs, years=(2023, 2025)).set_index("group")
    k = acc.loc["15"]
    # public 300 + 100 + 500 + 100 = 1000, vouchers and budgets 200 → 0.2; private sales left out;
    # lots active 2023–2025: 350 k (small) and 900 k (large) → 1 of 2
    assert (k["n_producers"], k["n_selling_public"], k["n_lots"], k["n_small_lots"]) == (2, 2, 2, 1)
    assert_allclose([k["voucher_share"], k["small_lot_share"], k["small_lot_eur_share"]],
                    [0.2, 0.5, 300 / 800], atol=EXACT)
    assert acc.loc["90", "n_producers"] == 0  # a volunteer-based association is not a producer
    higher = market.producer_access(f, orgs, years=(2023, 2025), threshold=1_000_000).set_index("group")
    assert higher.loc["15", "n_small_lots"] == 2


def test_incorporation_and_sales_kept():
    orgs = pd.DataFrame({"org_id": list("abcdef"), "municipality": ["179"] * 6,
                         "kind": ["service_provider"] * 5 + ["volunteer"],
                         "operates_company": [True, True, False, None, False, True],
                         "company_since": [2018, 2022, None, None, None, 2019]})
    inc = market.incorporation(orgs, by=None).iloc[0]
    # producers a–e; known a, b, c, e; companies a, b → 2/4 (f is not a producer)
    assert (inc["n_producers"], inc["n_known"], inc["n_company"]) == (5, 4, 2)
    assert_allclose(inc["share"], 0.5) and inc["first_year"] == 2018
    f = frame([("a", y, "procurement", "YRITYS", v) for y, v in
               ((2016, 100.0), (2017, 100.0), (2018, 70.0), (2019, 40.0), (2020, 40.0))]
              + [("b", y, "procurement", "YRITYS", 100.0) for y in range(2020, 2025)])
    k = market.company_sales_change(f, orgs).iloc[0]
    # a: before 2016–17 = 200, after 2019–20 = 80 → 0.4; b (2022) straddles the reform: left out
    assert (k["n"], k["before_eur"], k["after_eur"]) == (1, 200.0, 80.0)
    assert_allclose(k["kept"], 0.4, atol=EXACT) and bool(k["hidden"])


def test_inputs_are_not_modified():
    f, orgs = _transition_case()
    before = f.copy()
    market.sales_transition(f, orgs)
    market.contracts(f)
    market.buyer_concentration(f)
    pd.testing.assert_frame_equal(f, before)


# --------------------------------------------------------------------------- the demo: planted effects


@pytest.fixture(scope="module")
def planted():
    sales = pd.read_csv(DEMO_DIR / "DEMO_keksitty_planted_sales.csv", dtype={"county": str})
    mk = pd.read_csv(DEMO_DIR / "DEMO_keksitty_planted_market.csv", dtype={"group": str})
    return sales, mk


def _value(mk, indicator, group="all", period="all"):
    row = mk[(mk["indicator"] == indicator) & (mk["group"] == group) & (mk["period"] == period)]
    assert len(row) == 1, (indicator, group, period)
    return float(row["value"].iloc[0])


def test_demo_reform_outcomes_are_recovered_exactly(demo, planted):
    sales, mk = planted
    tr = market.sales_transition(demo.funding, demo.organisations)
    got = tr.set_index("org_id")["outcome"]
    want = sales.dropna(subset=["transition"]).set_index("org_id")["transition"]
    assert got.index.is_unique and set(got.index) == set(want.index)
    assert (got.reindex(want.index) == want).all()  # every association, every outcome
    # rates by county profile, with what the generator may re-map kept together
    # (replaced → moved where vouchers dominated in 2022, in-house → lost where no contract ran)
    tr["profile"] = tr["home_county"].map(demo_market.COUNTY_MARKET_PROFILE)
    groups = {"continued": ["continued_municipality"], "kept by the county": ["moved_county", "replaced_vouchers"],
              "ended": ["lost", "in_house"]}
    from impactlib.effectiveness import wilson_ci
    for prof, g in tr.groupby("profile"):
        rates = dict(zip(demo_market.TRANSITIONS, demo_market.MARKET_PROFILES[prof]["rates"], strict=True))
        for outs in groups.values():
            lo, hi = wilson_ci(int(g["outcome"].isin(outs).sum()), len(g), level=1 - 0.05 / 9)
            assert lo <= sum(rates[o] for o in outs) <= hi, (prof, outs)
    # counties buying through vouchers replace procurement with them more often
    v = tr[tr["profile"] == "vouchers"]["outcome"].eq("replaced_vouchers")
    p = tr[tr["profile"] == "procurement"]["outcome"].eq("replaced_vouchers")
    lo_v, _ = wilson_ci(int(v.sum()), len(v))
    _, hi_p = wilson_ci(int(p.sum()), len(p))
    assert lo_v > hi_p


def test_demo_voucher_share_and_small_lots_by_county(demo, planted):
    _, mk = planted
    acc = market.producer_access(demo.funding, demo.organisations, years=(2023, 2025),
                                 level=LEVEL_22).set_index("group")
    for c in demo_market.COUNTY_MARKET_PROFILE:
        v = _value(mk, "voucher_share", c, "after")
        assert acc.loc[c, "voucher_ci_low"] <= v <= acc.loc[c, "voucher_ci_high"], c
        assert abs(acc.loc[c, "voucher_share"] - v) < NOISE_TOL, c
        q = _value(mk, "small_lot_probability", c)
        assert acc.loc[c, "small_lot_ci_low"] <= q <= acc.loc[c, "small_lot_ci_high"], c
    # the profiles differ: pooled, the voucher counties buy more through vouchers and split lots more
    prof = {c: demo_market.COUNTY_MARKET_PROFILE[c] for c in acc.index}
    orgs = demo.organisations.assign(profile=demo.org_county().reindex(demo.organisations["org_id"])
                                     .map(prof).to_numpy())
    by = market.producer_access(demo.funding, orgs, by="profile", years=(2023, 2025)).set_index("group")
    assert by.loc["vouchers", "voucher_ci_low"] > by.loc["procurement", "voucher_ci_high"]
    assert by.loc["vouchers", "voucher_share"] > by.loc["mixed", "voucher_share"] > by.loc[
        "procurement", "voucher_share"]
    for p, params in demo_market.MARKET_PROFILES.items():  # all years, pooled by profile
        allyears = market.producer_access(demo.funding, orgs, by="profile", level=1 - 0.05 / 3)
        row = allyears.set_index("group").loc[p]
        assert row["small_lot_ci_low"] <= params["small_lot"] <= row["small_lot_ci_high"], p


def test_demo_buyer_concentration_before_and_after(demo, planted):
    _, mk = planted
    conc = market.buyer_concentration(demo.funding)
    t = market.concentration_change(conc).set_index(["measure", "period"])
    for m in ("hhi", "top_public_share", "top_public_of_public"):
        for period in ("before", "after"):
            v = _value(mk, m, "all", period)
            lo, hi = t.loc[(m, period), ["ci_low", "ci_high"]]
            assert lo - NOISE_TOL / 10 <= v <= hi + NOISE_TOL / 10, (m, period)
    # the county became the one public buyer: everything public from one buyer after 2023
    assert t.loc[("top_public_of_public", "after"), "mean"] == 1.0
    assert t.loc[("top_public_of_public", "change"), "ci_low"] > 0
    by = market.concentration_change(conc, demo.organisations, by="county", level=LEVEL_22)
    by = by[by["period"] != "change"].merge(
        mk.rename(columns={"indicator": "measure", "value": "planted"}), on=["group", "measure", "period"])
    assert len(by) == 22 * 3 * 2
    assert ((by["ci_low"] - 1e-3 <= by["planted"]) & (by["planted"] <= by["ci_high"] + 1e-3)).all()


def test_demo_contracts_length_and_renewal(demo, planted):
    _, mk = planted
    ct = market.contracts(demo.funding)
    level = 1 - 0.05 / 4  # four intervals below: two renewal rates, two mean lengths
    s = market.contract_summary(ct, level=level).set_index("period")
    for period in ("before", "after"):
        r = _value(mk, "renewal_probability", "all", period)
        assert s.loc[period, "ci_low"] <= r <= s.loc[period, "ci_high"], period
    assert s.loc["at_reform", "renewal_rate"] < 0.05  # the reform ended relationships, not renewals
    mean = _value(mk, "contract_years_mean")
    # by their start (no selection on the end): 2015–2018 starts end by 31.12.2022, before any
    # cut at the reform; starts from 2023 on are after it
    for years in ((2015, 2018), (2023, 2025)):
        row = market.contract_summary(ct, periods=False, started=years, level=level).iloc[0]
        assert row["length_ci_low"] <= mean <= row["length_ci_high"], years
    sp = market.sales_spells(demo.funding)
    res = continuity.spell_survival(sp)
    assert res.n_used > 500 and 0 < res.medians["median"].iloc[0] < 11


def test_demo_incorporation(demo, planted):
    _, mk = planted
    inc = market.incorporation(demo.organisations, by=None).iloc[0]
    assert inc["ci_low"] <= _value(mk, "incorporation_share") <= inc["ci_high"]
    assert inc["first_year"] == demo_market.COMPANY_YEARS[0]
    tl = market.incorporation_timeline(demo.organisations)
    assert tl["year"].tolist() == list(demo_market.COMPANY_YEARS)
    assert tl["n_cumulative"].iloc[-1] == inc["n_company"]
    k = market.company_sales_change(demo.funding, demo.organisations).iloc[0]
    assert k["ci_low"] <= _value(mk, "sales_kept_after_company") <= k["ci_high"]


def test_demo_sales_share_matches_an_independent_sum(demo):
    f = demo.funding
    sh = market.sales_share(f)
    s = market.sales_summary(sh, demo.organisations, by=("kind",), years=(2023, 2025)).set_index("kind")
    oc = demo.organisations.set_index("org_id")["kind"]
    sel = f["year"].between(2023, 2025) & f["org_id"].map(oc).eq("service_provider")
    sales = f[sel & f["source"].isin(market.SALES_SOURCES)]["amount_eur"].sum()
    assert_allclose(s.loc["service_provider", "sales_share"], sales / f[sel]["amount_eur"].sum(), rtol=1e-12)
    assert s.loc["volunteer", "n_selling"] == 0
    # the issue's description of the demo: sales are 35–40 % of all associations' income before 2023
    allyears = market.sales_summary(sh, by=()).set_index("year")
    assert ((allyears.loc[2015:2022, "sales_share"] > 0.33) & (allyears.loc[2015:2022, "sales_share"] < 0.40)).all()


def test_given_sales_rows_give_the_same_results_as_computing_them(demo):
    """``rows=`` (the brief computes the sales rows once for all its market figures) changes
    nothing: every indicator that takes it gives the same table as when it computes them."""
    f, orgs = demo.funding, demo.organisations
    rows = market.sales_rows(f)
    before = rows.copy()
    pd.testing.assert_frame_equal(market.sales_share(f, rows=rows), market.sales_share(f))
    pd.testing.assert_frame_equal(market.buyer_concentration(f, rows=rows),
                                  market.buyer_concentration(f))
    pd.testing.assert_frame_equal(market.sales_transition(f, orgs, rows=rows),
                                  market.sales_transition(f, orgs))
    pd.testing.assert_frame_equal(market.contracts(f, rows=rows), market.contracts(f))
    for by in ("county", None):
        pd.testing.assert_frame_equal(market.public_channels(f, orgs, by=by, rows=rows),
                                      market.public_channels(f, orgs, by=by))
    pd.testing.assert_frame_equal(rows, before)  # and the shared rows are not changed
