"""Indicators on the published county facts (impactlib.countyfacts), by hand-worked cases.

The grant figures are the counties' own (../shared/data/counties, checked cell by cell in
test_countyfacts_data.py); the populations are Statistics Finland's on 31.12.2022, here taken
independently from the Sotkanet series by municipality (conftest ``county_population_2022``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from impactlib import countyfacts as cf
from impactlib.labels import COOPERATION_ITEMS, GRANT_MEASURES, GRANT_SCOPES, HANDOVER_RULES
from impactlib.sources import counties as src

#: Euro arithmetic on published whole euros: exact up to float rounding.
EXACT = 1e-12


def _row(df, county, year, measure, scope="all"):
    m = (df.county == county) & (df.year == year) & (df.measure == measure) & (df.scope == scope)
    assert m.sum() == 1, (county, year, measure, scope)
    return df[m].iloc[0]


def test_every_code_of_the_facts_has_a_label():
    g = src.county_grants()
    assert set(g["measure"]) <= set(GRANT_MEASURES)
    assert set(g["scope"]) <= set(GRANT_SCOPES)
    assert set(src.handover_rules()["rule"]) <= set(HANDOVER_RULES)
    assert set(src.cooperation_structures()["item"]) <= set(COOPERATION_ITEMS)


def test_grants_per_inhabitant_kainuu_by_hand(county_population_2022):
    per = cf.grants_per_inhabitant()
    k = _row(per, "20", 2023, "granted")
    # Kainuu 2023: 122 200 € granted (county release 15.3.2023); population 31.12.2022 summed
    # from the municipalities (Sotkanet 127)
    assert county_population_2022["20"] == 70_521
    assert_allclose(k.eur_per_inhabitant, 122_200 / 70_521, rtol=EXACT)
    assert k.amount_precision == "exact"
    # every figure with euros gets a value, and only those
    assert len(per) == src.county_grants()["amount_eur"].notna().sum()
    assert per["eur_per_inhabitant"].notna().all()


def test_a_lower_bound_stays_a_lower_bound():
    g = pd.DataFrame({"county": ["20"], "year": [2030], "measure": ["granted"], "scope": ["all"],
                      "amount_eur": [141_042.0], "amount_precision": ["more_than"]})
    per = cf.grants_per_inhabitant(g)
    assert per.amount_precision.tolist() == ["more_than"]
    assert_allclose(per.eur_per_inhabitant, [2.0], rtol=EXACT)   # 141 042 / 70 521


def test_share_of_applied_carries_precision():
    s = cf.share_of_applied()
    # Varsinais-Suomi 2024, first round: 2 273 050 € of "more than 4,3 M€" applied → at most 52,9 %
    v = _row(s, "05", 2024, "granted_first_round")
    assert_allclose(v.share_of_applied, 2_273_050 / 4_300_000, rtol=EXACT)
    assert v.share_precision == "at_most"
    # Satakunta 2024 operating grants: 647 100 € of 1 353 904 € applied, both exact
    v = _row(s, "06", 2024, "granted", "operating")
    assert_allclose(v.share_of_applied, 647_100 / 1_353_904, rtol=EXACT)
    assert v.share_precision == "exact"
    # Vantaa-Kerava 2023: 850 000 € of "about 1,7 M€" → about one half
    v = _row(s, "04", 2023, "granted")
    assert_allclose(v.share_of_applied, 0.5, rtol=EXACT)
    assert v.share_precision == "about"
    # Pirkanmaa 2026: "about 3,82 M€" of "more than 7,5 M€": the bound wins
    assert _row(s, "08", 2026, "granted").share_precision == "at_most"
    # rows without the amount applied for have no share
    assert not ((s.county == "20") & (s.year == 2023)).any()


def test_ratio_and_change_precision_table():
    codes = ["exact", "about", "more_than", "derived"]
    n, d = np.meshgrid(codes, codes, indexing="ij")
    got = cf.ratio_precision(n.ravel(), d.ravel()).reshape(4, 4)
    want = [  # rows: numerator; columns: denominator (exact, about, more_than, derived)
        ["exact", "about", "at_most", "derived"],
        ["about", "about", "at_most", "about"],
        ["at_least", "at_least", "undetermined", "at_least"],
        ["derived", "about", "at_most", "derived"],
    ]
    assert got.tolist() == want
    # a change after − before: "more than" after → at least; before → at most
    assert cf.change_precision(["exact", "more_than"], ["more_than", "exact"]).tolist() == ["at_least", "at_most"]


def test_changes_only_like_with_like():
    c = cf.grant_changes()
    key = c[["county", "measure", "scope", "year_from", "year_to"]].astype(str).agg("|".join, axis=1)
    vs = c.assign(k=key).set_index("k")
    # Varsinais-Suomi granted, all: 2023 → 2025 (2024 is a first round, another measure)
    assert_allclose(vs.loc["05|granted|all|2023|2025", "change_eur"], 2_605_000 - 2_497_717, rtol=EXACT)
    assert_allclose(vs.loc["05|granted|all|2025|2026", "change_rel"], 2_614_960 / 2_605_000 - 1, rtol=EXACT)
    assert_allclose(vs.loc["05|budget|all|2024|2025", "change_eur"], 2_635_400 - 2_720_000, rtol=EXACT)
    # Pohjois-Pohjanmaa operating grants 2023 → 2026: 310 000 − 255 547,70
    assert_allclose(vs.loc["19|granted|operating|2023|2026", "change_eur"], 310_000 - 255_547.70, rtol=EXACT)
    # Satakunta: all grants 2023 vs operating grants 2024, never compared; Pirkanmaa changes
    # measure or scope every year
    assert not c.county.isin(["06", "08", "20", "90"]).any()
    # no pair mixes measures or scopes, and years increase
    assert (c.year_to > c.year_from).all()
    # Länsi-Uusimaa: "about 2,5 M€" → "about 2,6 M€" is an approximate change
    assert vs.loc["03|granted|all|2024|2026", "change_precision"] == "about"


def test_changes_with_bounds():
    g = pd.DataFrame({"county": ["01"] * 3, "county_name": ["x"] * 3, "year": [2023, 2024, 2025],
                      "measure": ["granted"] * 3, "scope": ["all"] * 3,
                      "amount_eur": [100.0, 150.0, 120.0],
                      "amount_precision": ["exact", "more_than", "more_than"]})
    c = cf.grant_changes(g)
    assert c.change_precision.tolist() == ["at_least", "undetermined"]
    assert_allclose(c.change_eur.iloc[0], 50.0)
    assert np.isnan(c.change_eur.iloc[1]) and np.isnan(c.change_rel.iloc[1])


def test_duplicate_figures_are_refused():
    g = src.county_grants()
    with pytest.raises(ValueError, match="two grant figures"):
        cf.grant_changes(pd.concat([g, g.iloc[[0]]]))


def test_compare_areas_kainuu_by_hand():
    c = cf.compare_areas("20")
    # 2023, amount granted, all grants: Varsinais-Suomi, Vantaa-Kerava, Satakunta, Kainuu
    assert (c.year, c.measure, c.scope) == (2023, "granted", "all")
    assert sorted(c.table.county) == ["04", "05", "06", "20"]
    per = {"05": 2_497_717 / 485_567, "04": 850_000 / 280_495, "06": 606_191 / 212_556, "20": 122_200 / 70_521}
    assert_allclose(c.median, np.median(list(per.values())), rtol=EXACT)
    assert_allclose(c.median, (per["04"] + per["06"]) / 2, rtol=EXACT)
    assert c.rank == 4 and c.below_median and c.n_areas == 4 and not c.approximate
    # with five areas required, the 2023 budgets are compared (Kainuu 150 000 €, Päijät-Häme,
    # Pohjois-Savo, Pohjois-Karjala, Pohjois-Pohjanmaa); with six, nothing: unknown, not "below"
    b = cf.compare_areas("20", min_areas=5)
    assert (b.measure, b.n_areas) == ("budget", 5)
    assert_allclose(b.median, 800_000 / 416_543, rtol=EXACT)   # Pohjois-Pohjanmaa, the middle one
    assert b.rank == 2 and not b.below_median
    assert cf.compare_areas("20", min_areas=6) is None
    with pytest.raises(ValueError, match="min_areas"):
        cf.compare_areas("20", min_areas=1)


def test_compare_areas_prefers_newest_granted_figure():
    c = cf.compare_areas("05")   # Varsinais-Suomi 2026: granted, all (5 areas)
    assert (c.year, c.measure) == (2026, "granted")
    assert c.approximate            # Länsi-Uusimaa and Pirkanmaa 2026 are "about"
    assert cf.compare_areas("90") is None   # Helsinki: the city board's grants only


def test_comparability_table_of_22_areas():
    t = cf.comparability().set_index("county")
    assert len(t) == 22 and "91" not in t.index
    none = sorted(t.index[t.n_figures == 0])
    # SOURCES.md: "no euro figures were found for Keski-Uusimaa, Kymenlaakso, Etelä-Savo,
    # Keski-Suomi and Lappi"
    assert none == ["02", "10", "12", "15", "21"]
    assert t.loc[none, "latest_eur_per_inhabitant"].isna().all()      # unknown, not zero
    assert t.loc[none, "latest_measure"].isna().all()
    assert not t.loc[none, "trend_comparable"].any()
    assert t.loc["04", "trend_comparable"] and t.loc["04", "comparable_changes"] == 3
    assert not t.loc["08", "trend_comparable"]
    assert t.loc["90", "latest_scope"] == "city_board_health_promotion"
    assert not t.loc["90", "comparable_across_areas"]
    assert_allclose(t.loc["20", "latest_eur_per_inhabitant"], 122_200 / 70_521, rtol=EXACT)


def test_cooperation_own_first_and_absent_is_unknown():
    c = cf.cooperation("15").set_index("item")
    assert list(c.index) == list(COOPERATION_ITEMS)
    assert set(c.loc[["coordinator", "cooperation_body", "written_plan"], "origin"]) == {"published"}
    rest = c.drop(["coordinator", "cooperation_body", "written_plan"])
    assert set(rest.status) == {"unknown"} and set(rest.origin) == {"not_found"}
    assert "no" not in set(cf.cooperation("10").status)          # nothing found: unknown, never no
    own = pd.DataFrame({"county": ["15", "15", "14"], "item": ["coordinator", "premises_offered", "coordinator"],
                        "status": ["no", "yes", "yes"], "since": [pd.NA, "2024", pd.NA],
                        "source": ["oma selvitys", "oma selvitys", "x"]})
    c = cf.cooperation("15", own).set_index("item")
    assert c.loc["coordinator", ["status", "origin"]].tolist() == ["no", "own"]
    assert c.loc["premises_offered", ["status", "origin", "since"]].tolist() == ["yes", "own", "2024"]
    assert c.loc["written_plan", "origin"] == "published"


def test_published_facts_of_three_areas():
    k = cf.published_facts("20")
    assert k.grants.iloc[0][["year", "measure"]].tolist() == [2023, "granted"]
    assert_allclose(k.grants.iloc[0]["eur_per_inhabitant"], 122_200 / 70_521, rtol=EXACT)
    assert k.handover_rule is None and k.comparison.below_median
    ks = cf.published_facts("Keski-Suomi")
    assert ks.handover_rule["rule"] == "continuity_of_2022_municipal_funding_considered"
    assert ks.handover_rule["quote_fi"].startswith("Turvallisen siirtymän varmistamiseksi")
    assert len(ks.grants) == 0 and ks.comparison is None
    assert ks.associations["n_associations"].tolist() == [300, 350, 420, 500]
    assert ks.cooperation_origin == "published"
    own = pd.DataFrame({"county": ["15"], "item": ["premises_offered"], "status": ["yes"],
                        "since": ["2025"], "source": ["https://example.fi"]})
    assert cf.published_facts("15", cooperation_own=own).cooperation_origin == "own_and_published"
    assert not cf.published_facts("Kymenlaakso").has_any
    assert cf.published_facts("Kymenlaakso").cooperation_origin == "none"
