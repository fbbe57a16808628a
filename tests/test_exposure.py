"""STEA cut exposure (impactlib.continuity.stea_exposure): the cut already made in 2025 and the
cuts announced after it, each from its named base year, by hand-worked cases and against an
independent pandas computation on the demo data.

National figures: STEA, "Kysymyksiä ja vastauksia STEA-avustuksista" (2024): almost 384 M€ in
2024, 79,5 M€ less in 2025, 25 M€ less every year after (impactlib.sources.stea).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from impactlib import continuity

T2024, T2025, T2026, T2027 = 384.0, 384.0 - 79.5, 384.0 - 79.5 - 25, 384.0 - 79.5 - 50


def _f(rows):
    return pd.DataFrame(rows, columns=["org_id", "year", "source", "funder", "amount_eur"])


A, B = "0112038-9", "0116297-6"
FUNDING = _f([
    (A, 2024, "stea_general", "STEA", 1000.0),
    (A, 2025, "stea_general", "STEA", 700.0), (A, 2025, "fundraising", "own", 300.0),
    (B, 2024, "stea_project", "STEA", 100.0), (B, 2024, "municipality", "179", 900.0),
    (B, 2025, "stea_project", "STEA", 50.0), (B, 2025, "municipality", "179", 900.0),
])
ORGS = pd.DataFrame({"org_id": [A, B], "name": ["a", "b"], "municipality": ["179", "091"],
                     "kind": ["volunteer", "volunteer"], "category": ["other", "other"]})


def test_two_parts_by_hand():
    e = continuity.stea_exposure(FUNDING, ORGS, year=2025)
    made = e[(e.part == "made")].set_index("group")
    ann = e[(e.part == "announced")].set_index("group")
    assert list(made.index) == ["15", "90", "all"] and list(ann.index) == ["15", "90", "all"]
    # made: 2024 → 2025, observed in the data
    assert (made.base_year == 2024).all() and (made.end_year == 2025).all()
    assert set(made.basis) == {"observed"}
    assert_allclose(made.national_change_meur, -79.5)
    assert_allclose(made.national_change, T2025 / T2024 - 1)
    # A (Keski-Suomi): STEA 1000 → 700, −300 of a 1000 total: loses (> 10 %)
    # B (Helsinki): STEA 100 → 50, −50 of a 1000 total: does not
    assert made.loc["15", ["n", "n_losing", "n_stea"]].tolist() == [1, 1, 1]
    assert made.loc["90", ["n", "n_losing"]].tolist() == [1, 0]
    assert_allclose(made.loc["all", "stea_change_eur"], -350.0)
    assert_allclose(made.loc["all", "stea_eur"], 1100.0)
    # announced: 2025 → 2027, the national relative change on every 2025 STEA euro
    rel = T2027 / T2025 - 1
    assert set(ann.basis) == {"scenario"} and (ann.base_year == 2025).all()
    assert_allclose(ann.national_change_meur, -50.0)
    assert_allclose(ann.national_change, rel)
    assert_allclose(ann.loc["15", "stea_change_eur"], 700 * rel)   # −114,9 of 1000: loses
    assert_allclose(ann.loc["90", "stea_change_eur"], 50 * rel)    # −8,2 of 950: does not
    assert ann.loc["all", "n_losing"] == 1 and ann.loc["all", "n"] == 2
    assert made.loc["all", "hidden"]  # 1 of 2: small counts are marked for suppression


def test_base_year_follows_the_data():
    f = pd.concat([FUNDING, _f([(A, 2026, "stea_general", "STEA", 700.0)])], ignore_index=True)
    e = continuity.stea_exposure(f, year=2026)
    ann = e[e.part == "announced"].iloc[0]
    assert (ann.base_year, ann.end_year) == (2026, 2027)
    assert_allclose(ann.national_change_meur, -25.0)
    assert_allclose(ann.national_change, T2027 / T2026 - 1)
    # a year after the last announced one: nothing announced is left
    assert "announced" not in set(continuity.stea_exposure(f, year=2030).part)
    # data that end in 2024: the 2025 cut as a scenario on 2024 money, and no announced part
    only = FUNDING[FUNDING.year == 2024]
    e = continuity.stea_exposure(only, year=2024)
    assert e[["part", "basis"]].to_numpy().tolist() == [["made", "scenario"]]
    assert_allclose(e.stea_change_eur, 1100.0 * (T2025 / T2024 - 1))
    # data of 2025 only: the announced cuts from 2025, the 2025 cut has no base in the data
    assert list(continuity.stea_exposure(FUNDING[FUNDING.year == 2025], year=2025).part) == ["announced"]
    # data of 2023 only: no part can be given
    f23 = FUNDING[FUNDING.year == 2024].assign(year=2023)
    assert continuity.stea_exposure(f23, year=2023).empty


def test_threshold_is_a_share_of_total_funding():
    # B loses 50 of 1000 = 5 %: loses at a 4 % threshold, not at 5 %
    e = continuity.stea_exposure(FUNDING[FUNDING.org_id == B], year=2025, threshold=0.04)
    assert e.loc[e.part == "made", "n_losing"].iloc[0] == 1
    e = continuity.stea_exposure(FUNDING[FUNDING.org_id == B], year=2025, threshold=0.05)
    assert e.loc[e.part == "made", "n_losing"].iloc[0] == 0
    with pytest.raises(ValueError, match="threshold"):
        continuity.stea_exposure(FUNDING, year=2025, threshold=1.5)


def test_demo_against_an_independent_computation(demo):
    f, o = demo.funding, demo.organisations
    e = continuity.stea_exposure(f, o, year=2025)
    made = e[(e.part == "made") & (e.group == "all")].iloc[0]
    stea = f["source"].isin(["stea_general", "stea_targeted", "stea_project"])
    tot24 = f[f.year == 2024].groupby("org_id")["amount_eur"].sum()
    s24 = f[stea & (f.year == 2024)].groupby("org_id")["amount_eur"].sum().reindex(tot24.index, fill_value=0)
    s25 = f[stea & (f.year == 2025)].groupby("org_id")["amount_eur"].sum().reindex(tot24.index, fill_value=0)
    loses = (s25 - s24) < -0.10 * tot24
    assert made.n == len(tot24) and made.n_losing == int(loses.sum())
    assert_allclose(made.stea_change_eur, float((s25 - s24).sum()), rtol=1e-12)
    # the groups add up to the whole country
    by = e[(e.part == "made") & (e.group != "all")]
    assert by.n.sum() == made.n and by.n_losing.sum() == made.n_losing
    assert np.isclose(by.stea_change_eur.sum(), made.stea_change_eur)
