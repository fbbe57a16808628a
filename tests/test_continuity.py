"""Tests for impactlib.continuity.

Every expected number is either worked out by hand in the comment beside it,
taken from a published reference (R package ``survival`` output for the
``aml`` data, named at the number), or computed independently (lifelines,
NumPy formulas written out in the test). Tolerances are named with the reason
for their size.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from impactlib import continuity as c
from impactlib import model
from impactlib.errors import DataError

# Tolerances
EXACT = 1e-12  # sums and ratios of a few floats: only rounding error
R_3DP = 5e-4  # R prints survival to 3 decimals: half a unit in the last place
R_4DP = 5e-5  # R prints std.err / coef / se to 4 decimals
R_1DP = 0.05  # R prints the log-rank chi-square to 1 decimal
LIB = 1e-4  # two Newton-Raphson Cox fits stop at different convergence criteria (seen: 4e-6)


def fund(rows, grant=False) -> pd.DataFrame:
    """Funding frame from (org, year, source, funder, amount[, grant_id]) tuples."""
    cols = ["org_id", "year", "source", "funder", "amount_eur"] + (["grant_id"] if grant else [])
    df = pd.DataFrame(rows, columns=cols)
    df["year"] = df["year"].astype("Int64")
    df["amount_eur"] = df["amount_eur"].astype(float)
    return df


ORGS = pd.DataFrame({
    "org_id": list("ABCDEFGH"),
    "municipality": ["179", "179", "179", "179", "179", "179", "091", "179"],
    "kind": ["volunteer", "intermediate", "volunteer", "service_provider", "volunteer",
             "volunteer", "intermediate", "volunteer"],
    "category": ["other"] * 8,
})


# ---------------------------------------------------------------------------
# Input validation (shared by every function that reads the funding table)
# ---------------------------------------------------------------------------

FUNDING_FUNCS = [
    lambda f: c.funding_mix(f),
    lambda f: c.mix_over_years(f),
    lambda f: c.concentration(f),
    lambda f: c.volatility(f),
    lambda f: c.spells(f),
    lambda f: c.handover(f, ORGS),
    lambda f: c.project_cliff(f),
    lambda f: c.scenario(f, {"stea_general": -0.1}),
]


@pytest.mark.parametrize("func", FUNDING_FUNCS)
def test_missing_column_and_wrong_dtype_are_data_errors(func):
    f = fund([("A", 2022, "municipality", "179", 100.0)]).drop(columns="funder")
    with pytest.raises(DataError) as err:
        func(f)
    assert [(p.rule, p.column) for p in err.value.problems] == [("missing_column", "funder")]
    g = fund([("A", 2022, "municipality", "179", 1.0)])
    g["year"], g["amount_eur"] = g["year"].astype(str), ["1,0"]  # not validated: text, not numbers
    with pytest.raises(DataError) as err:
        func(g)
    assert [(p.rule, p.column, p.value) for p in err.value.problems] == [
        ("dtype", "year", "object"), ("dtype", "amount_eur", "object")]
    assert "impactlib.validate()" in err.value.problems[0].message_en


def test_value_rules_are_checked_once_by_validate(demo):
    """Indicators trust a validated table (they check columns and dtypes only); negative euros and
    unknown sources are rules of validate(), which names file, row, column and value."""
    import impactlib

    org = demo.organisations.head(1)
    oid = org["org_id"].iloc[0]
    bad = fund([(oid, 2022, "municipality", "179", 100.0), (oid, 2023, "lottery", "X", -5.0)])
    bad["basis"] = "collected"
    with pytest.raises(DataError) as err:
        impactlib.validate(impactlib.Dataset(organisations=org, funding=bad))
    got = {(p.file, p.row, p.column, p.rule) for p in err.value.problems}
    assert got == {("funding", 3, "amount_eur", "range"), ("funding", 3, "source", "code_list")}


def test_missing_years_are_listed_but_long_lists_capped():
    rows = [("A", None, "other", "X", 1.0)] * 25 + [("A", 2022, "other", "X", 1.0)]
    with pytest.raises(DataError) as err:
        c.concentration(fund(rows))
    rules = [(p.rule, p.row) for p in err.value.problems]
    assert rules[:2] == [("missing_value", 2), ("missing_value", 3)]  # header = row 1
    assert len(rules) == 21  # 20 listed + one "... and 5 more rows"
    assert "5 more rows" in err.value.problems[-1].message_en


def test_not_a_dataframe_is_a_type_error():
    with pytest.raises(TypeError, match="pandas DataFrame"):
        c.concentration([1, 2, 3])


def test_functions_do_not_modify_their_input():
    f = fund([("A", y, s, fu, a) for y in (2021, 2022, 2023, 2024)
              for s, fu, a in (("municipality", "179", 1000.0), ("county", "15", 500.0),
                               ("stea_project", "STEA", 2000.0), ("fundraising", "own", 0.0))]
             + [("B", 2023, "county", "15", 100.0)])
    f["grant_id"] = np.where(f["source"] == "stea_project", "C-1", None)
    before = f.copy()
    c.funding_mix(f), c.mix_over_years(f, ORGS, by="kind"), c.concentration(f, by="funder")
    c.volatility(f, missing_as_zero=True)
    sp = c.spells(f, recode="municipal_mergers")
    sp_before = sp.copy()
    c.interruptions(sp), c.spell_survival(sp)
    c.handover(f, ORGS), c.project_cliff(f, ORGS), c.scenario(f, {"county": -0.5}, organisations=ORGS)
    pd.testing.assert_frame_equal(f, before)
    pd.testing.assert_frame_equal(sp, sp_before)


# ---------------------------------------------------------------------------
# Funding mix
# ---------------------------------------------------------------------------


def test_funding_mix_by_source_and_group_hand_computed():
    f = fund([("A", 2024, "stea_general", "STEA", 6000), ("A", 2024, "stea_project", "STEA", 2000),
              ("A", 2024, "fundraising", "own", 1500), ("A", 2024, "fundraising", "own", 500)])
    m = c.funding_mix(f)
    src = m[m.level == "source"].set_index("code")
    grp = m[m.level == "source_group"].set_index("code")
    # 6000/10000, 2000/10000, (1500+500)/10000
    assert_allclose(src.loc[["stea_general", "stea_project", "fundraising"], "share"],
                    [0.6, 0.2, 0.2], rtol=EXACT)
    assert_allclose(grp.loc[["stea", "own"], "share"], [0.8, 0.2], rtol=EXACT)
    assert_allclose(grp.loc["stea", "amount_eur"], 8000.0)
    assert set(m["scheme"]) == {"impactlib-2024"}
    assert list(m.columns) == ["org_id", "year", "level", "code", "amount_eur", "total", "share",
                               "scheme"]


def test_funding_mix_scheme_is_named_and_checked():
    f = fund([("A", 2024, "stea_general", "STEA", 1.0), ("A", 2024, "county", "15", 3.0)])
    public = {s: ("public" if s in {"stea_general", "stea_targeted", "stea_project", "municipality",
                                    "county", "state_other", "eu"} else "private")
              for s in model.SOURCES}
    m = c.funding_mix(f, levels=["source_group"], scheme=public, scheme_name="public-private")
    assert m["code"].tolist() == ["public"] and set(m["scheme"]) == {"public-private"}
    with pytest.raises(ValueError, match="missing: .*county"):
        c.funding_mix(f, scheme={"stea_general": "x"})


def test_funding_mix_zero_total_gives_nan_share_without_warning():
    m = c.funding_mix(fund([("A", 2024, "fundraising", "own", 0.0)]), levels=["source"])
    assert np.isnan(m["share"].iloc[0]) and m["total"].iloc[0] == 0.0


SOURCES = ["stea_general", "stea_project", "municipality", "county", "foundation", "fundraising",
           "procurement"]
FUNDERS = {"stea_general": "STEA", "stea_project": "STEA", "municipality": "179", "county": "15",
           "foundation": "F1", "fundraising": "own", "procurement": "179"}

row_strategy = st.tuples(
    st.sampled_from(["A", "B", "C"]),
    st.integers(2015, 2024),
    st.sampled_from(SOURCES),
    st.one_of(st.just(0.0), st.floats(0.01, 1e7, allow_nan=False, allow_infinity=False)),
)


def _frame(rows) -> pd.DataFrame:
    return fund([(o, y, s, FUNDERS[s], a) for o, y, s, a in rows])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row_strategy, min_size=1, max_size=40))
def test_property_mix_shares_sum_to_one_and_preserve_totals(rows):
    f = _frame(rows)
    m = c.funding_mix(f)
    totals = f.groupby(["org_id", "year"])["amount_eur"].sum()
    for level in ("source", "source_group"):
        d = m[m.level == level]
        g = d.groupby(["org_id", "year"])
        assert_allclose(g["amount_eur"].sum().reindex(totals.index), totals, rtol=EXACT)
        pos = g["total"].first() > 0
        assert_allclose(g["share"].sum()[pos], 1.0, rtol=EXACT)


def test_mix_over_years_adds_up_associations_and_marks_small_counts():
    f = fund([(o, 2022, "municipality", "179", 100.0) for o in "ABCDEF"]
             + [("A", 2022, "fundraising", "own", 200.0), ("B", 2022, "fundraising", "own", 200.0)])
    m = c.mix_over_years(f).set_index("code")
    # 600 € municipal and 400 € own fundraising: shares 0.6 and 0.4
    assert_allclose(m.loc[["municipality", "own"], "share"], [0.6, 0.4], rtol=EXACT)
    assert m.loc["municipality", "n_orgs"] == 6 and m.loc["own", "n_orgs"] == 2
    # 2 associations is a small count; its only complement (6) is hidden with it
    assert m["hidden"].tolist() == [True, True]
    by_kind = c.mix_over_years(f, ORGS, by="kind")
    assert set(by_kind["group"]) == {"volunteer", "intermediate", "service_provider"}
    with pytest.raises(ValueError, match="organisations"):
        c.mix_over_years(f, by="county")


# ---------------------------------------------------------------------------
# Concentration
# ---------------------------------------------------------------------------


def test_concentration_hand_computed_hhi():
    f = fund([("A", 2024, "municipality", "179", 5000), ("A", 2024, "municipality", "410", 3000),
              ("A", 2024, "fundraising", "own", 2000)])
    r = c.concentration(f, by="funder").iloc[0]
    # shares 0.5, 0.3, 0.2: HHI = 0.25 + 0.09 + 0.04 = 0.38 (Tuckman & Chang 1991 index)
    assert_allclose(r.hhi, 0.38, rtol=EXACT)
    # normalised (0.38 - 1/3) / (1 - 1/3) = 0.07
    assert_allclose(r.hhi_norm, 0.07, rtol=1e-10)
    assert_allclose(r.n_eff, 1 / 0.38, rtol=EXACT)
    assert (r.n, r.top) == (3, "179")
    assert_allclose([r.top_share, r.public_share], [0.5, 0.8], rtol=EXACT)
    # by source the two municipalities are one source: shares 0.8, 0.2 -> 0.68
    assert_allclose(c.concentration(f, by="source").hhi.iloc[0], 0.68, rtol=EXACT)


def test_concentration_funder_merges_stea_grant_types_and_excludes_sources():
    f = fund([("A", 2024, "stea_general", "STEA", 100), ("A", 2024, "stea_project", "STEA", 100),
              ("A", 2024, "fundraising", "own", 200)])
    by_source = c.concentration(f, by="source").iloc[0]
    by_funder = c.concentration(f, by="funder").iloc[0]
    by_group = c.concentration(f, by="source_group").iloc[0]
    assert_allclose(by_source.hhi, 0.25**2 + 0.25**2 + 0.5**2, rtol=EXACT)  # 0.375
    assert_allclose([by_funder.hhi, by_funder.hhi_norm, by_group.hhi], [0.5, 0.0, 0.5], atol=EXACT)
    # ties between equal funders: the alphabetically first code is "top"
    assert by_funder.top == "STEA"
    outside = c.concentration(f, by="funder", exclude_sources=["fundraising"]).iloc[0]
    assert (outside.n, outside.total, outside.hhi, outside.top_share) == (1, 200.0, 1.0, 1.0)
    with pytest.raises(ValueError, match="lottery"):
        c.concentration(f, exclude_sources=["lottery"])


def test_concentration_one_source_zero_amounts_and_zero_total():
    f = fund([("A", 2024, "municipality", "179", 900), ("A", 2024, "county", "15", 0.0),
              ("B", 2024, "fundraising", "own", 0.0)])
    r = c.concentration(f).set_index("org_id")
    # a 0 € row is not a source: A has one source, HHI 1, normalised HHI undefined (0/0)
    assert (r.loc["A", "n"], r.loc["A", "hhi"], r.loc["A", "n_eff"]) == (1, 1.0, 1.0)
    assert np.isnan(r.loc["A", "hhi_norm"])
    # B has no money at all: nothing to be concentrated
    assert r.loc["B", "n"] == 0 and r.loc["B", "total"] == 0.0
    assert r.loc[["B"], ["hhi", "hhi_norm", "n_eff", "top_share", "public_share"]].isna().all(axis=None)
    assert list(c.concentration(f).columns[:9]) == ["org_id", "year", "total", "n", "hhi", "hhi_norm",
                                                   "n_eff", "top", "top_share"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row_strategy, min_size=1, max_size=40), st.sampled_from(["source", "source_group",
                                                                         "funder"]))
def test_property_hhi_between_one_over_n_and_one(rows, by):
    r = c.concentration(_frame(rows), by=by)
    r = r[r["n"] > 0]
    assert np.all(r["hhi"] >= 1.0 / r["n"] - EXACT) and np.all(r["hhi"] <= 1.0 + EXACT)
    assert np.all(r["top_share"] >= 1.0 / r["n"] - EXACT)
    assert np.all((r["n_eff"] >= 1 - EXACT) & (r["n_eff"] <= r["n"] + 1e-9))
    norm = r["hhi_norm"].dropna()
    assert np.all((norm >= -1e-9) & (norm <= 1 + 1e-9))


def test_dependence_bands_boundaries_and_counts():
    conc = pd.DataFrame({"org_id": list("abcdefg"), "year": [2024] * 7,
                         "top_share": [0.49, 0.5, 0.75, 0.9, 0.999999, 1.0, 1.0 - 1e-15]})
    b = c.dependence_bands(conc, by=None).set_index("band")
    # lower bounds inclusive; 1 - 1e-15 is float rounding of a single funder's share
    assert b["n"].to_dict() == {"under_50": 1, "50_75": 1, "75_90": 1, "90_100": 2, "single": 2}
    assert_allclose(b["share"].sum(), 1.0, rtol=EXACT)
    with pytest.raises(ValueError, match="organisations"):
        c.dependence_bands(conc)


# ---------------------------------------------------------------------------
# Volatility
# ---------------------------------------------------------------------------


def test_volatility_hand_computed_and_against_numpy():
    f = fund([("A", 2022, "municipality", "179", 1000), ("A", 2023, "municipality", "179", 400),
              ("A", 2024, "municipality", "179", 600), ("A", 2024, "fundraising", "own", 400)])
    v = c.volatility(f).iloc[0]
    totals = np.array([1000.0, 400.0, 1000.0])
    assert_allclose(v.cv, np.std(totals, ddof=1) / np.mean(totals), rtol=EXACT)  # 0.4330
    assert (v.years, v.first_year, v.last_year) == (3, 2022, 2024)
    assert (v.drop_eur, v.drop_eur_year, v.drop_pct, v.drop_pct_year) == (600.0, 2023, 0.6, 2023)
    v0 = c.volatility(f, ddof=0).iloc[0]
    assert_allclose(v0.cv, np.std(totals) / np.mean(totals), rtol=EXACT)


def test_volatility_gaps_single_year_and_rises():
    f = fund([("A", 2020, "other", "X", 500), ("A", 2022, "other", "X", 500),
              ("B", 2020, "other", "X", 100), ("B", 2021, "other", "X", 300),
              ("C", 2020, "other", "X", 100)])
    v = c.volatility(f).set_index("org_id")
    # A: 2021 not observed, so no year-on-year change can be computed
    assert np.isnan(v.loc["A", "drop_eur"]) and pd.isna(v.loc["A", "drop_eur_year"])
    # B only rose: largest drop 0 €, no drop year
    assert v.loc["B", "drop_eur"] == 0.0 and pd.isna(v.loc["B", "drop_eur_year"])
    # C: one year, CV undefined
    assert np.isnan(v.loc["C", "cv"]) and v.loc["C", "years"] == 1
    z = c.volatility(f, missing_as_zero=True).set_index("org_id")
    # A with 2021 counted as 0 €: drop 500 € (100 %), totals 500, 0, 500
    assert (z.loc["A", "drop_eur"], z.loc["A", "drop_pct"], z.loc["A", "years"]) == (500.0, 1.0, 3)
    sub = c.volatility(f, window=(2021, 2022)).set_index("org_id")
    assert sorted(sub.index) == ["A", "B"]


# ---------------------------------------------------------------------------
# Spells and interruptions
# ---------------------------------------------------------------------------


def test_spells_hand_example_with_censoring_truncation_and_gaps():
    f = fund([("A", 2015, "municipality", "179", 10), ("A", 2016, "municipality", "179", 20),
              ("A", 2018, "municipality", "179", 30), ("A", 2019, "municipality", "179", 40),
              ("A", 2020, "municipality", "179", 0.0),
              ("A", 2022, "municipality", "179", 50),
              ("A", 2017, "foundation", "F1", 5), ("A", 2018, "foundation", "F1", 6)])
    sp = c.spells(f, window=(2015, 2022))
    mun = sp[sp.funder == "179"]
    assert mun[["start", "end", "length"]].values.tolist() == [[2015, 2016, 2], [2018, 2019, 2],
                                                               [2022, 2022, 1]]
    assert mun["amount_eur"].tolist() == [30.0, 70.0, 50.0]
    assert mun["truncated"].tolist() == [True, False, False]  # 2015 = first observed year
    assert mun["censored"].tolist() == [False, False, True]  # 2022 = last observed year
    assert mun["last_amount_eur"].tolist() == [20.0, 40.0, 50.0]  # the 0 € year is not funded
    assert sp.loc[sp.funder == "F1", "source_group"].item() == "foundation"
    # gap tolerance 1: 2016 -> 2018 is one spell, 2019 -> 2022 (two empty years) is not
    g1 = c.spells(f, window=(2015, 2022), gap_tolerance=1)
    g1 = g1[g1.funder == "179"]
    assert g1[["start", "end", "length", "years_funded"]].values.tolist() == [[2015, 2019, 5, 4],
                                                                              [2022, 2022, 1, 1]]
    # with tolerance g a spell is censored if it reaches the last g + 1 years, truncated likewise
    assert g1["censored"].tolist() == [False, True] and g1["truncated"].tolist() == [True, False]
    assert list(sp.columns[:8]) == ["org_id", "funder", "start", "end", "length", "amount_eur",
                                    "censored", "truncated"]
    with pytest.raises(ValueError, match="gap_tolerance"):
        c.spells(f, gap_tolerance=-1)


def test_spells_by_source_and_dominant_group():
    f = fund([("A", 2020, "procurement", "179", 100), ("A", 2020, "municipality", "179", 300),
              ("A", 2021, "procurement", "179", 100)])
    sp = c.spells(f, by="funder")
    assert (sp["source_group"].item(), sp["length"].item()) == ("municipality", 2)
    by_source = c.spells(f, by="source").set_index("source")
    assert by_source.loc["procurement", "length"] == 2 and by_source.loc["municipality", "length"] == 1


def test_funder_that_changes_code():
    # Honkajoki (099) merged into Kankaanpää (214) in 2021: its grant continued under a new code
    f = fund([("A", y, "municipality", "099", 100) for y in (2018, 2019, 2020)]
             + [("A", y, "municipality", "214", 100) for y in (2021, 2022)])
    plain = c.spells(f, window=(2017, 2023))
    assert plain[["funder", "end", "censored"]].values.tolist() == [["099", 2020, False],
                                                                    ["214", 2022, False]]
    merged = c.spells(f, window=(2017, 2023), recode="municipal_mergers")
    assert merged[["funder", "start", "end", "length"]].values.tolist() == [["214", 2018, 2022, 5]]
    assert c.spells(f, recode={"099": "X"})["funder"].tolist() == ["214", "X"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row_strategy, min_size=1, max_size=40), st.integers(0, 2))
def test_property_spells_partition_the_funded_years(rows, gap):
    f = _frame(rows)
    funded = f[f.amount_eur > 0].groupby(["org_id", "funder", "year"])["amount_eur"].sum()
    if funded.empty:
        return
    sp = c.spells(f, gap_tolerance=gap).sort_values(["org_id", "funder", "start"])
    # each funded year lies in exactly one spell of its pair
    cover = pd.DataFrame({"org_id": np.repeat(sp.org_id, sp.length),
                          "funder": np.repeat(sp.funder.astype(str), sp.length),
                          "year": np.concatenate([np.arange(s, e + 1) for s, e in zip(sp.start, sp.end,
                                                                                      strict=True)])})
    counts = cover.groupby(["org_id", "funder", "year"]).size()
    assert counts.max() == 1  # no overlap
    assert funded.index.isin(counts.index).all()  # every funded year covered
    assert sp["years_funded"].sum() == len(funded)
    assert_allclose(sp["amount_eur"].sum(), funded.sum(), rtol=1e-9)
    # consecutive spells of one pair are separated by more than the tolerance
    same = (sp.org_id.shift() == sp.org_id) & (sp.funder.shift() == sp.funder)
    assert np.all((sp.start - sp.end.shift())[same] > gap + 1)


def test_interruptions_hand_example():
    f = fund([("A", 2019, "foundation", "F1", 100), ("A", 2020, "foundation", "F1", 120),
              ("A", 2023, "foundation", "F1", 80), ("A", 2024, "foundation", "F1", 90),
              ("A", 2019, "county", "15", 10), ("A", 2021, "county", "15", 10)])
    i = c.interruptions(c.spells(f, window=(2018, 2024))).set_index(["funder", "start"])
    # F1 stopped after 2020 (lost 120 € in 2021) and came back in 2023 with 80 € after 2 empty years
    r = i.loc[("F1", 2019)]
    assert (r.stop_year, r.lost_eur, r.resumed, r.resumed_year, r.gap_years, r.resumed_eur) == (
        2021, 120.0, True, 2023, 2, 80.0)
    # the F1 spell 2023-2024 is still running: not an interruption
    assert ("F1", 2023) not in i.index
    # the county's 2021 grant ended before the data do and never came back
    r = i.loc[("15", 2021)]
    assert (r.stop_year, r.resumed, pd.isna(r.resumed_year), np.isnan(r.resumed_eur)) == (
        2022, False, True, True)
    with pytest.raises(ValueError, match="spells\\(funding\\)"):
        c.interruptions(f)


# ---------------------------------------------------------------------------
# Spell survival
# ---------------------------------------------------------------------------


def _spell_frame(time_, event, group=None, entry=None, first=2010):
    """Spells as spells() returns them, from survival-style (time, event, entry) data."""
    n = len(time_)
    entry = np.zeros(n) if entry is None else np.asarray(entry, dtype=float)
    trunc = entry > 0
    origin = first - entry  # the year the relationship began (before the window when entry > 0)
    start = np.full(n, first)  # first observed year
    end = origin + np.asarray(time_) - 1
    d = pd.DataFrame({"org_id": [f"o{i}" for i in range(n)], "funder": "F",
                      "start": start.astype(int), "end": end.astype(int),
                      "length": (end - start + 1).astype(int),
                      "censored": ~np.asarray(event, dtype=bool), "truncated": trunc,
                      "first_amount_eur": 1.0, "last_amount_eur": 1.0,
                      "origin": np.where(trunc, origin, np.nan)})
    if group is not None:
        d["x"] = group
    return d


# A hand-worked Kaplan-Meier table with ties (two ends at t=2), censoring (t=3, t=5, a
# censoring tied with an end at 5) and late entry (D, E, G were already running 1, 2 and
# 3 years when observation began; at risk at t when entry < t <= time).
#            A  B  C  D  E  F  G
HAND_T = [2, 2, 3, 3, 4, 5, 5]
HAND_E = [1, 1, 0, 1, 1, 0, 1]
HAND_ENTRY = [0, 0, 0, 1, 2, 0, 3]
# t  at risk            ends  censored  S(t)
# 1  A B C F        4   0     0         1
# 2  A B C D F      5   2     0         1 - 2/5 = 0.6
# 3  C D E F        4   1     1         0.6 * 3/4 = 0.45
# 4  E F G          3   1     0         0.45 * 2/3 = 0.3
# 5  F G            2   1     1         0.3 * 1/2 = 0.15
HAND_TABLE = {"at_risk": [4, 5, 4, 3, 2], "events": [0, 2, 1, 1, 1], "censored": [0, 0, 1, 0, 1],
              "survival": [1.0, 0.6, 0.45, 0.3, 0.15]}
# Greenwood sums d / (n (n - d)): 2/15, + 1/12, + 1/6, + 1/2
HAND_GW = np.cumsum([0.0, 2 / 15, 1 / 12, 1 / 6, 1 / 2])


def test_kaplan_meier_hand_worked_table_with_ties_censoring_and_late_entry():
    sp = _spell_frame(HAND_T, HAND_E, entry=HAND_ENTRY)
    res = c.spell_survival(sp, origin="origin")
    t = res.table
    assert t["time"].tolist() == [1, 2, 3, 4, 5]
    for col in ("at_risk", "events", "censored"):
        assert t[col].tolist() == HAND_TABLE[col], col
    assert_allclose(t["survival"], HAND_TABLE["survival"], rtol=EXACT)
    s = np.array(HAND_TABLE["survival"])
    assert_allclose(t["se"], s * np.sqrt(HAND_GW), rtol=1e-10)
    # log-log interval written out: S ** exp(+-z se / (S |log S|)), z = 1.959963984540054
    z = 1.959963984540054
    inner = (s > 0) & (s < 1)
    sig = s[inner] * np.sqrt(HAND_GW[inner]) / (s[inner] * np.abs(np.log(s[inner])))
    assert_allclose(t["ci_low"][inner], s[inner] ** np.exp(z * sig), rtol=1e-10)
    assert_allclose(t["ci_high"][inner], s[inner] ** np.exp(-z * sig), rtol=1e-10)
    assert_allclose(t.loc[~inner, ["ci_low", "ci_high"]], 1.0)
    assert res.medians["median"].item() == 3.0  # first t with S(t) < 0.5
    assert (res.n_used, res.n_dropped) == (7, 0)
    assert list(t.columns[:7]) == ["group", "time", "at_risk", "events", "censored", "survival", "se"]


def test_kaplan_meier_with_late_entry_matches_lifelines():
    import lifelines  # a test dependency: an independent implementation
    sp = _spell_frame(HAND_T, HAND_E, entry=HAND_ENTRY)
    t = c.spell_survival(sp, origin="origin").table.set_index("time")
    km = lifelines.KaplanMeierFitter().fit(HAND_T, HAND_E, entry=HAND_ENTRY)
    times = [2, 3, 4, 5]
    assert_allclose(t.loc[times, "survival"], km.survival_function_.loc[times].iloc[:, 0], rtol=EXACT)
    # lifelines' default interval is the exponential Greenwood (log-log) one
    ci = km.confidence_interval_.loc[times]
    assert_allclose(t.loc[times, "ci_low"], ci.iloc[:, 0], rtol=1e-9)
    assert_allclose(t.loc[times, "ci_high"], ci.iloc[:, 1], rtol=1e-9)


def test_left_truncated_spells_without_origin_are_left_out():
    sp = _spell_frame(HAND_T, HAND_E, entry=HAND_ENTRY)
    res = c.spell_survival(sp)  # no origin: D, E, G have unknown lengths
    assert (res.n_used, res.n_dropped) == (4, 3)
    assert "left-truncated" in res.warnings[0]
    # A, B end at 2, C censored at 3, F censored at 5: S = 1 - 2/4 = 0.5 from t = 2 on
    assert_allclose(res.table["survival"], [1.0, 0.5, 0.5, 0.5, 0.5], rtol=EXACT)
    # never strictly below 0.5: no median by the "first" rule; R's midpoint rule: see test_survival
    assert np.isnan(c.spell_survival(sp, median="first").medians["median"].item())


# The aml data (acute myelogenous leukaemia; R package survival, data(aml); Miller 1997).
AML_TIME = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
AML_STATUS = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
AML_X = ["Maintained"] * 11 + ["Nonmaintained"] * 12


def test_kaplan_meier_log_rank_and_cox_match_r_survival_on_aml():
    sp = _spell_frame(AML_TIME, AML_STATUS, group=AML_X)
    res = c.spell_survival(sp, group="x", covariates=["x"])
    t = res.table.set_index(["group", "time"])
    # R survival: summary(survfit(Surv(time, status) ~ x, data = aml)), group Maintained
    ref_m = {9: (11, 0.909, 0.0867), 13: (10, 0.818, 0.1163), 18: (8, 0.716, 0.1397),
             23: (7, 0.614, 0.1526), 31: (5, 0.491, 0.1642), 34: (4, 0.368, 0.1627),
             48: (2, 0.184, 0.1535)}
    # ... and Nonmaintained (survival printed to 4 decimals there)
    ref_n = {5: (12, 0.8333, 0.1076), 8: (10, 0.6667, 0.1361), 12: (8, 0.5833, 0.1423),
             23: (6, 0.4861, 0.1481), 27: (5, 0.3889, 0.1470), 30: (4, 0.2917, 0.1387),
             33: (3, 0.1944, 0.1219), 43: (2, 0.0972, 0.0919)}
    for grp, ref, tol in (("Maintained", ref_m, R_3DP), ("Nonmaintained", ref_n, R_4DP)):
        got = t.loc[[(grp, k) for k in ref]]
        assert got["at_risk"].tolist() == [v[0] for v in ref.values()]
        assert_allclose(got["survival"], [v[1] for v in ref.values()], atol=tol)
        assert_allclose(got["se"], [v[2] for v in ref.values()], atol=R_4DP)
    # R: survdiff(Surv(time, status) ~ x, data = aml): Chisq = 3.4 on 1 df, p = 0.07
    # (therneau/survival, tests/difftest.Rout.save)
    lr = res.logrank.iloc[0]
    assert_allclose(lr["statistic"], 3.4, atol=R_1DP)
    assert lr["df"] == 1 and abs(lr["pvalue"] - 0.07) < 0.005  # p printed to 2 decimals
    # R: coxph(Surv(time, status) ~ x, data = aml), Efron ties:
    # xNonmaintained coef 0.9155, exp(coef) 2.4981, se(coef) 0.5119, p 0.0737
    cox = res.cox.set_index("term").loc["x[Nonmaintained]"]
    assert_allclose([cox["coef"], cox["se"], cox["pvalue"]], [0.9155, 0.5119, 0.0737], atol=R_4DP)
    assert_allclose(cox["hr"], 2.4981, atol=R_4DP)
    assert res.cox_converged is True


def test_log_rank_matches_lifelines_and_an_independent_computation_with_late_entry():
    import lifelines  # a test dependency: an independent implementation
    from lifelines.statistics import logrank_test

    sp = _spell_frame(AML_TIME, AML_STATUS, group=AML_X)
    stat = c.spell_survival(sp, group="x").logrank["statistic"].item()
    a = np.array(AML_X) == "Maintained"
    t, e = np.array(AML_TIME), np.array(AML_STATUS)
    ref = logrank_test(t[a], t[~a], e[a], e[~a]).test_statistic
    assert_allclose(stat, ref, rtol=1e-10)
    assert lifelines  # imported for the comparison

    # with late entry: the two-group log-rank written out over the risk sets entry < t <= time
    g = np.array(["a", "b", "a", "b", "a", "b", "a"])
    sp2 = _spell_frame(HAND_T, HAND_E, group=g, entry=HAND_ENTRY)
    got = c.spell_survival(sp2, group="x", origin="origin").logrank["statistic"].item()
    tt, ee, en = np.array(HAND_T), np.array(HAND_E), np.array(HAND_ENTRY)
    o_minus_e, var = 0.0, 0.0
    for u in np.unique(tt[ee == 1]):
        risk = (en < u) & (u <= tt)
        d = ((tt == u) & (ee == 1))
        n, n1 = risk.sum(), (risk & (g == "a")).sum()
        dd, d1 = d.sum(), (d & (g == "a")).sum()
        o_minus_e += d1 - dd * n1 / n
        if n > 1:
            var += dd * (n1 / n) * (1 - n1 / n) * (n - dd) / (n - 1)
    assert_allclose(got, o_minus_e**2 / var, rtol=1e-10)


def test_cox_with_late_entry_and_ties_matches_lifelines():
    import lifelines  # a test dependency: an independent implementation
    rng = np.random.default_rng(7)
    n = 120
    x = rng.integers(0, 2, n)
    time_ = rng.integers(1, 9, n)  # whole years: many ties
    event = rng.random(n) < np.where(x == 1, 0.8, 0.5)
    entry = np.where(rng.random(n) < 0.3, rng.integers(0, 3, n), 0)
    entry = np.minimum(entry, time_ - 1)
    sp = _spell_frame(time_, event, group=np.where(x == 1, "b", "a"), entry=entry)
    res = c.spell_survival(sp, covariates=["x"], origin="origin")
    cph = lifelines.CoxPHFitter().fit(
        pd.DataFrame({"T": time_, "E": event.astype(int), "x": x, "entry": entry}),
        duration_col="T", event_col="E", entry_col="entry")
    row = res.cox.iloc[0]
    assert_allclose(row["coef"], cph.params_["x"], rtol=LIB)
    assert_allclose(row["se"], cph.standard_errors_["x"], rtol=LIB)


def test_spell_survival_edge_cases():
    # one year of data: every spell is both left-truncated and right-censored
    one = c.spells(fund([("A", 2024, "county", "15", 1.0), ("B", 2024, "county", "15", 2.0)]))
    assert one["censored"].all() and one["truncated"].all()
    with pytest.raises(ValueError, match="one year of data"):
        c.spell_survival(one)
    sp = _spell_frame(AML_TIME, AML_STATUS, group=AML_X)
    with pytest.raises(ValueError, match="kind"):
        c.spell_survival(sp, group="kind")
    # a group where nothing ended makes the Cox model diverge: a note, not a warning
    sp.loc[sp.x == "Maintained", "censored"] = True
    res = c.spell_survival(sp, covariates=["x"])
    assert res.cox_converged is False and any("did not converge" in n for n in res.warnings)
    assert "SurvivalResult" in repr(res)
    pd.testing.assert_frame_equal(res.to_frame().drop(columns="confidence"), res.table)


# ---------------------------------------------------------------------------
# Hand-over 2022 -> 2023
# ---------------------------------------------------------------------------


def _handover_frame():
    rows = [
        # A continued: Jyväskylä (179) pays 95 %, county 15 nothing
        ("A", 2022, "municipality", "179", 1000), ("A", 2023, "municipality", "179", 950),
        # B taken over: the county pays 100 %
        ("B", 2022, "municipality", "179", 1000), ("B", 2023, "county", "15", 1000),
        # C split: 500 + 480 = 98 %
        ("C", 2022, "municipality", "179", 1000), ("C", 2023, "municipality", "179", 500),
        ("C", 2023, "county", "15", 480),
        # D reduced: 600 of 1000 (> 25 % fall), from the county
        ("D", 2022, "municipality", "179", 1000), ("D", 2023, "county", "15", 600),
        # E lost: nothing in 2023 (own fundraising does not count); county comes back in 2024
        ("E", 2022, "municipality", "179", 1000), ("E", 2023, "fundraising", "own", 5000),
        ("E", 2024, "county", "15", 800),
        # F: two municipalities of one county (Jyväskylä 179, Laukaa 410); 179 continues,
        # the county takes over Laukaa's part: 1000 + 500 of 1500 -> split, one row
        ("F", 2022, "municipality", "179", 1000), ("F", 2022, "municipality", "410", 500),
        ("F", 2023, "municipality", "179", 1000), ("F", 2023, "county", "15", 500),
        # G Helsinki (091) is its own organiser, county code 90
        ("G", 2022, "municipality", "091", 2000), ("G", 2023, "municipality", "091", 2000),
        # H: only after the reform (no 2022 municipal grant): not in the table
        ("H", 2023, "county", "15", 700),
    ]
    return fund(rows)


def test_handover_classifies_each_outcome():
    ho = c.handover(_handover_frame(), ORGS).set_index("org_id")
    assert ho["outcome"].to_dict() == {
        "A": "continued_municipality", "B": "taken_over_county", "C": "split", "D": "reduced",
        "E": "lost", "F": "split", "G": "continued_municipality"}
    assert ho.loc["F", ["municipalities", "n_municipalities", "before_eur", "municipality_eur",
                        "county_eur"]].tolist() == ["179 410", 2, 1500.0, 1000.0, 500.0]
    assert ho.loc["G", "county"] == "90" and ho.loc["A", "county"] == "15"
    assert_allclose(ho.loc[["A", "C", "D"], "ratio"], [0.95, 0.98, 0.6], rtol=EXACT)
    # the year after (2024): only E's county grant is there; the others have no 2024 rows
    assert ho.loc["E", "outcome_next"] == "taken_over_county"
    assert_allclose(ho.loc["E", "ratio_next"], 0.8, rtol=EXACT)
    assert ho.loc["A", "outcome_next"] == "lost"
    assert ho.loc["A", "kind"] == "volunteer" and ho.loc["G", "home_county"] == "90"


def test_handover_threshold_boundary_and_missing_next_year():
    f = fund([("A", 2022, "municipality", "179", 1000), ("A", 2023, "municipality", "179", 750),
              ("B", 2022, "municipality", "179", 1000), ("B", 2023, "municipality", "179", 720)])
    ho = c.handover(f, ORGS).set_index("org_id")
    # exactly 25 % down is not "more than" 25 %; 28 % down is
    assert ho["outcome"].tolist() == ["continued_municipality", "reduced"]
    assert c.handover(f, ORGS, reduced_threshold=0.3)["outcome"].tolist() == [
        "continued_municipality", "continued_municipality"]
    # 2024 is not in the data: the year-after columns are missing, not zero
    assert ho["outcome_next"].isna().all() and ho["total_eur_next"].isna().all()
    with pytest.raises(ValueError, match="reduced_threshold"):
        c.handover(f, ORGS, reduced_threshold=1.5)


def test_handover_merged_municipality_two_counties_and_errors():
    # Pertunmaa (588) merged into Mäntyharju (507) in 2025: the same relationship
    f = fund([("A", 2023, "municipality", "588", 900), ("A", 2024, "municipality", "507", 900),
              ("A", 2024, "county", "12", 1.0)])
    ho = c.handover(f, ORGS, reform_year=2024)
    assert ho["outcome"].tolist() == ["split"] and ho["county"].tolist() == ["12"]
    # municipalities in two counties: one row per county
    g = fund([("A", 2022, "municipality", "179", 100), ("A", 2022, "municipality", "091", 100),
              ("A", 2023, "county", "90", 100)])
    two = c.handover(g, ORGS)
    assert two[["county", "outcome"]].values.tolist() == [["15", "lost"], ["90", "taken_over_county"]]
    with pytest.raises(ValueError, match="no municipal grants in 2022"):
        c.handover(fund([("A", 2023, "county", "15", 1.0)]), ORGS)
    with pytest.raises(DataError, match="999"):
        c.handover(fund([("A", 2022, "municipality", "999", 1.0)]), ORGS)


def test_handover_summary_counts_shares_and_suppression():
    ho = c.handover(_handover_frame(), ORGS)
    s = c.handover_summary(ho, by=None).set_index("outcome")
    assert s["n"].to_dict() == {"continued_municipality": 2, "taken_over_county": 1, "split": 2,
                                "reduced": 1, "lost": 1}
    assert_allclose(s["share"].sum(), 1.0, rtol=EXACT)
    assert_allclose([s.loc["split", "before_eur"], s.loc["split", "after_eur"]], [2500.0, 2480.0])
    # every non-zero count here is 1-4 associations: all hidden; zeros are shown
    assert s["hidden"].all()
    big = pd.DataFrame({"county": ["15"] * 20, "outcome": ["lost"] * 3 + ["split"] * 9
                        + ["reduced"] * 8, "before_eur": 1.0, "total_eur": 1.0})
    b = c.handover_summary(big).set_index("outcome")
    # 3 is hidden, and the smallest other non-zero cell (8, reduced) with it
    assert b["hidden"].to_dict() == {"continued_municipality": False, "taken_over_county": False,
                                     "split": False, "reduced": True, "lost": True}


def test_handover_recovers_planted_rates_per_county(demo):
    """The demo plants a hand-over outcome per association with county-specific rates.

    Each county's observed count of each outcome must be consistent with its
    planted rate: two-sided exact binomial tests, Bonferroni-corrected over the
    22 x 5 cells at a family-wise level of 0.001, and a chi-square
    goodness-of-fit test per county (Bonferroni over 22). The demo data are
    deterministic, so the test is not flaky; a wrong classification shifts
    whole outcome classes and fails it.
    """
    from scipy.stats import binomtest, chisquare, norm

    from impactlib.demo import HANDOVER_RATES

    ho = c.handover(demo.funding, demo.organisations)
    s = c.handover_summary(ho, by="home_county")
    assert set(s["group"]) == set(HANDOVER_RATES)
    alpha = 0.001
    cells = len(s)
    for r in s.itertuples():
        p = binomtest(int(r.n), int(r.n_group), HANDOVER_RATES[r.group][r.outcome]).pvalue
        assert p > alpha / cells, (r.group, r.outcome, r.n, r.n_group)
    for county, d in s.groupby("group"):
        expected = np.array([HANDOVER_RATES[county][o] for o in d["outcome"]]) * d["n_group"].iloc[0]
        assert chisquare(d["n"].to_numpy(), expected).pvalue > alpha / 22, county
    # pooled over counties (more power): each outcome's count is a sum of independent
    # binomials with mean sum(n_c p_c) and variance sum(n_c p_c (1 - p_c))
    p = np.array([HANDOVER_RATES[g][o] for g, o in zip(s["group"], s["outcome"], strict=True)])
    pooled = s.assign(e=s["n_group"] * p, v=s["n_group"] * p * (1 - p)).groupby("outcome")[
        ["n", "e", "v"]].sum()
    z = (pooled["n"] - pooled["e"]) / np.sqrt(pooled["v"])
    assert (z.abs() < norm.isf(alpha / 2 / len(z))).all(), z.to_dict()


def test_handover_matches_planted_outcome_per_association(demo):
    """Association by association, the classification equals the planted outcome.

    Except where the demo moved an association's free premises from the
    municipality to the county in 2023: the generator records them as source
    ``county``, which the funding table cannot tell apart from a grant (see
    the handover() Notes), so those few associations are left out here.
    """
    from impactlib.demo import DEMO_DIR

    planted = pd.read_csv(DEMO_DIR / "DEMO_keksitty_planted_handover.csv", dtype=str)
    f = demo.funding
    prem = f[f["source"] == "in_kind_premises"]
    moved = set(prem.loc[prem["year"] == 2022, "org_id"]) - set(prem.loc[prem["year"] == 2023, "org_id"])
    ho = c.handover(f, demo.organisations).merge(planted, on="org_id", how="outer", indicator=True)
    assert (ho["_merge"] == "both").all()  # the same associations
    clean = ho[~ho["org_id"].isin(moved)]
    assert len(clean) > 0.9 * len(ho)
    assert_array_equal(clean["outcome"].astype(str), clean["planted_outcome"])


# ---------------------------------------------------------------------------
# Project cliff
# ---------------------------------------------------------------------------


def test_project_cliff_hand_example():
    f = fund([
        ("A", 2019, "stea_project", "STEA", 9e4, "C-1"), ("A", 2020, "stea_project", "STEA", 8e4, "C-1"),
        ("A", 2021, "stea_targeted", "STEA", 7e4, "Ak-1"),           # A: followed by Ak
        ("B", 2019, "stea_project", "STEA", 5e4, "C-2"), ("B", 2020, "stea_project", "STEA", 5e4, "C-2"),
        ("B", 2021, "stea_project", "STEA", 4e4, "C-3"),              # B: cliff, but a new project
        ("C", 2018, "stea_project", "STEA", 3e4, None), ("C", 2019, "stea_project", "STEA", 3e4, None),
        ("C", 2020, "stea_general", "STEA", 1e5, "Ay-1"),            # C: no grant id, followed by Ay
        ("D", 2021, "stea_project", "STEA", 2e4, "C-4"),              # D: ends in the last year
        ("D", 2021, "fundraising", "own", 1e3, None),
    ], grant=True)
    p = c.project_cliff(f, ORGS).set_index("org_id")
    assert p.loc["A", ["grant_id", "start", "end", "years", "amount_eur", "last_amount_eur"]].tolist() == [
        "C-1", 2019, 2020, 2, 170000.0, 80000.0]
    assert (p.loc["A", "followed_by"], p.loc["A", "cliff"]) == ("stea_targeted", False)
    b = p.loc["B"].set_index("grant_id")
    assert b.loc["C-2", "cliff"] and b.loc["C-2", "new_project_next"]
    assert pd.isna(b.loc["C-3", "cliff"])  # 2021 is the last year: not yet known
    assert (p.loc["C", "grant_id"], p.loc["C", "followed_by"], p.loc["C", "cliff"]) == (
        "(spell 1)", "stea_general", False)
    assert p.loc["A", "county"] == "15" and p.loc["D", "kind"] == "service_provider"
    s = c.cliff_summary(p.reset_index(), by=None)
    # ended 2019 (C, followed) and 2020 (A followed, B cliff)
    assert s[["end", "n_ended", "n_cliff", "n_followed"]].values.tolist() == [[2019, 1, 0, 1],
                                                                             [2020, 2, 1, 1]]
    assert_allclose(s["cliff_eur"], [0.0, 5e4])
    assert s["hidden"].all()  # counts of 1-2 projects
    empty = c.project_cliff(fund([("A", 2021, "fundraising", "own", 1.0)]))
    assert empty.empty and "cliff" in empty.columns


# ---------------------------------------------------------------------------
# Scenario
# ---------------------------------------------------------------------------


def test_scenario_tiered_stea_cut_hand_computed():
    f = fund([("A", 2024, "stea_general", "STEA", 2_000_000), ("A", 2024, "fundraising", "own", 500_000),
              ("B", 2024, "stea_general", "STEA", 100_000), ("B", 2023, "stea_general", "STEA", 1.0),
              ("C", 2024, "municipality", "179", 1000)])
    rules = [{"source": "stea_general", "change": -0.19, "min_eur": 1e6},
             {"source": "stea_general", "change": -0.10, "max_eur": 1e6}]
    s = c.scenario(f, rules, organisations=ORGS).set_index("org_id")
    # A: 2.0 M€ * 0.81 + 0.5 M€ = 2.12 M€ (-15.2 %); B: 0.1 M€ * 0.9 (-10 %, not more than 10 %)
    assert_allclose(s["total_after_eur"], [2_120_000.0, 90_000.0, 1000.0], rtol=EXACT)
    assert_allclose(s["change_pct"], [-0.152, -0.10, 0.0], atol=EXACT)
    assert s["loses"].tolist() == [True, False, False]
    assert (s["year"] == 2024).all() and s.loc["B", "kind"] == "intermediate"
    summ = c.scenario_summary(s.reset_index(), by=None).iloc[0]
    assert (summ.n, summ.n_losing, summ.n_not_losing) == (3, 1, 2)
    assert summ.hidden  # 1 and 2 associations: either count reveals the other
    assert_allclose(summ.change_eur, -380_000.0 - 10_000.0, rtol=EXACT)


def test_scenario_rule_errors():
    f = fund([("A", 2024, "stea_general", "STEA", 10.0)])
    with pytest.raises(ValueError, match="overlap"):
        c.scenario(f, [{"source": "stea_general", "change": -0.1},
                       {"source": "stea_general", "change": -0.2, "min_eur": 5}])
    with pytest.raises(ValueError, match="below"):
        c.scenario(f, {"stea_general": -1.5})
    with pytest.raises(ValueError, match="lottery"):
        c.scenario(f, {"lottery": -0.1})
    with pytest.raises(ValueError, match="2030"):
        c.scenario(f, {"stea_general": -0.1}, year=2030)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row_strategy, min_size=1, max_size=40))
def test_property_scenario_with_zero_change_preserves_totals(rows):
    f = _frame(rows)
    y = int(f["year"].max())
    s = c.scenario(f, {src: 0.0 for src in SOURCES}, year=y)
    expect = f[f["year"] == y].groupby("org_id")["amount_eur"].sum()
    assert_allclose(s.set_index("org_id")["total_after_eur"].reindex(expect.index), expect, rtol=EXACT)
    assert not s["loses"].any()


# ---------------------------------------------------------------------------
# Whole country on the demo data
# ---------------------------------------------------------------------------


def test_whole_country_run_adds_up(demo):
    """Every indicator on the whole demo country, checked against plain pandas sums (the time it
    takes is measured by ``benchmarks/indicators.py``, not here)."""
    f, o = demo.funding, demo.organisations
    by_year = f.groupby("year")["amount_eur"].sum()
    mix = c.funding_mix(f)
    shares = mix[mix["total"] > 0].groupby(["org_id", "year", "level"])["share"].sum()
    assert_allclose(shares.to_numpy(), 1.0, atol=EXACT * 10)
    mix_c = c.mix_over_years(f, o, by="county")
    assert_allclose(mix_c.groupby("year")["amount_eur"].sum().to_numpy(), by_year.to_numpy(), rtol=1e-12)
    conc = c.concentration(f, by="funder")
    assert_allclose(conc.groupby("year")["total"].sum().to_numpy(), by_year.to_numpy(), rtol=1e-12)
    bands = c.dependence_bands(conc, o)
    assert bands["n"].sum() == conc.loc[(conc.year == conc.year.max()) & conc.top_share.notna()].shape[0]
    vol = c.volatility(f)
    assert len(vol) == f["org_id"].nunique()
    sp = c.spells(f, recode="municipal_mergers")
    assert_allclose(sp["amount_eur"].sum(), f.loc[f.amount_eur > 0, "amount_eur"].sum(), rtol=1e-12)
    assert len(c.interruptions(sp)) == int((~sp["censored"]).sum())
    spo = c.attach_organisation(sp, o)
    four = spo[spo.source_group.isin(["stea", "municipality", "county", "foundation"])]
    res = c.spell_survival(four, group="source_group", covariates=["source_group", "kind"])
    assert res.n_used + res.n_dropped == len(four) and res.cox_converged
    ho = c.handover(f, o)
    assert c.handover_summary(ho)["n"].sum() == ho["outcome"].notna().sum()
    cl = c.project_cliff(f, o)
    assert c.cliff_summary(cl)["n_ended"].sum() == cl["cliff"].notna().sum()
    sc = c.scenario(f, {"stea_general": -0.1}, organisations=o, year=2024)
    assert_allclose(sc["total_eur"].sum(), by_year[2024], rtol=1e-12)
    assert c.scenario_summary(sc)["n"].sum() == len(sc)


# ---------------------------------------------------------------------------
# Figures the briefs state: euros kept at the hand-over, the announced STEA cuts
# ---------------------------------------------------------------------------


def test_handover_euros_kept_hand_computed():
    ho = c.handover(_handover_frame(), ORGS)
    kept = c.handover_euros_kept(c.handover_summary(ho, by="county"))
    # county 15: before 1000 (A, B, C, D, E) + 1500 (F) = 6500; after 950 + 1000 + 980 + 600 + 0
    # (E's fundraising is not municipal or county money) + 1500 = 5030. Helsinki: 2000 of 2000.
    assert kept.index.tolist() == ["15", "90"]
    assert_allclose(kept.to_numpy(), [5030 / 6500, 1.0], rtol=EXACT)
    whole = c.handover_euros_kept(c.handover_summary(ho, by=None))
    assert_allclose(whole["all"], (5030 + 2000) / (6500 + 2000), rtol=EXACT)
    empty = pd.DataFrame({"group": ["x"], "before_eur": [0.0], "after_eur": [0.0]})
    assert np.isnan(c.handover_euros_kept(empty)["x"])
    with pytest.raises(ValueError, match="handover_summary"):
        c.handover_euros_kept(ho)


def test_stea_cut_plan_against_the_published_totals():
    """STEA, Kysymyksiä ja vastauksia STEA-avustuksista (2024): the 2024 total "almost 384 M€",
    79.5 M€ less in 2025 and about 25 M€ less every year after (read as in
    impactlib.sources.stea.announced_cuts)."""
    t2024, t2025 = 384.0, 384.0 - 79.5
    t2027 = t2025 - 2 * 25.0
    f = fund([("A", y, "stea_general", "STEA", 1.0) for y in (2020, 2024, 2025, 2026)])
    plan = c.stea_cut_plan(f, year=2025)
    assert (plan["base"], plan["until"]) == (2025, 2027)
    assert_allclose(plan["change"], t2027 / t2025 - 1, rtol=EXACT)
    # an earlier year is measured from 2024, the first year of the announcement
    assert_allclose(c.stea_cut_plan(f, year=2020)["change"], t2027 / t2024 - 1, rtol=EXACT)
    assert_allclose(c.stea_cut_plan(f, year=2026, until=2030)["change"],
                    (t2025 - 5 * 25.0) / (t2025 - 25.0) - 1, rtol=EXACT)
    # nothing announced after the last year, or no data in the base year: no change
    assert c.stea_cut_plan(f, year=2027) == {"base": 2027, "until": 2027, "change": None}
    assert c.stea_cut_plan(f.iloc[2:], year=2020)["change"] is None  # no 2024 funding


def test_stea_cut_scenario_cuts_every_stea_grant_alike():
    f = fund([("A", 2025, "stea_general", "STEA", 800), ("A", 2025, "fundraising", "own", 200),
              ("B", 2025, "stea_targeted", "STEA", 500), ("B", 2025, "stea_project", "STEA", 500),
              ("C", 2025, "municipality", "179", 1000), ("A", 2024, "stea_general", "STEA", 9e9)])
    plan = {"base": 2025, "until": 2027, "change": -0.2}
    sc = c.stea_cut_scenario(f, plan, organisations=ORGS).set_index("org_id")
    assert set(c.STEA_SOURCES) == {s for s in model.SOURCES if s.startswith("stea_")}
    assert_allclose(sc["total_after_eur"], [840.0, 800.0, 1000.0], rtol=EXACT)
    assert sc["loses"].tolist() == [True, True, False] and (sc["year"] == 2025).all()
    assert sc.loc["C", "county"] == "15"
    assert c.stea_cut_scenario(f, {"base": 2027, "until": 2027, "change": None}) is None
