"""Tests of impactlib.population.

Reference values: the county populations 31.12.2022 bundled in
impactlib.regions (Statistics Finland), Helsinki 2021–2025 from StatFin
11re (SOURCES.md), and independent computations from the raw 2019 PxWeb CSV
read with plain pandas. Population counts are whole numbers and are
compared exactly (``EXACT``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from impactlib import population, regions
from impactlib.sources import statfin

#: Population counts are integers: exact equality.
EXACT = dict(rtol=0, atol=0)
SOTKANET_CSV = "population/sotkanet_127_population_municipality_2000_2022.csv"
PX_2019 = "population/statfin_11re_population_age1y_sex_municipality_2019.csv"


@pytest.fixture(scope="module")
def sotkanet_pop(shared_data):
    return population.read_sotkanet_population_csv(shared_data / SOTKANET_CSV)


@pytest.fixture(scope="module")
def px2019(shared_data):
    return statfin.read_px_csv(shared_data / PX_2019, division=2019)


def test_read_sotkanet_population_csv(sotkanet_pop):
    # SOURCES.md: 7,107 rows (309 municipalities × 23 years); Finland 2022: 5,563,970
    assert len(sotkanet_pop) == 7_107
    assert sotkanet_pop["area"].str.fullmatch(r"\d{3}").all()
    assert sotkanet_pop["area"].nunique() == 309
    assert_allclose(int(sotkanet_pop.loc[sotkanet_pop.year == 2022, "population"].sum()), 5_563_970, **EXACT)
    assert set(sotkanet_pop["area"]) == set(regions.municipalities(2023)["code"])


def test_county_sums_2022_equal_bundled_county_population(sotkanet_pop):
    c = population.county_population(sotkanet_pop[sotkanet_pop.year == 2022])
    ref = regions.county_population()  # Statistics Finland, 31.12.2022, bundled facts
    assert c["county"].tolist() == sorted(ref.index)  # 21 counties + Helsinki, no Åland
    got = c.set_index("county")["population"].astype(int)
    assert_allclose(got.to_numpy(), ref.reindex(got.index).to_numpy(), **EXACT)
    with_aland = population.county_population(sotkanet_pop[sotkanet_pop.year == 2022], include_aland=True)
    ref_all = regions.county_population(include_aland=True)
    assert_allclose(with_aland.set_index("county")["population"].astype(int), ref_all.reindex(with_aland["county"]), **EXACT)


def test_helsinki_2021_2025_from_jsonstat(shared_data):
    pop = statfin.population_from_jsonstat(
        shared_data / "statfin_pxweb" / "statfin_11re_jsonstat2_helsinki_2021_2025.json"
    )
    c = population.county_population(pop)
    assert set(c["county"]) == {"90"}  # Helsinki organises its own services
    # Statistics Finland 11re (SOURCES.md): 658 457; 664 028; 674 500; 684 018; 694 392
    assert_allclose(c["population"].astype(int), [658_457, 664_028, 674_500, 684_018, 694_392], **EXACT)
    assert c["year"].tolist() == [2021, 2022, 2023, 2024, 2025]


def test_counties_2019_two_publishers_agree(sotkanet_pop, px2019):
    """StatFin 11re (2019 division, by name) and Sotkanet 127 (2021 division, by code)."""
    a = population.county_population(px2019[(px2019.age == "total") & (px2019.sex == "total")].drop(columns=["age", "sex"]))
    b = population.county_population(sotkanet_pop[sotkanet_pop.year == 2019])
    m = a.merge(b, on=["county", "year"], suffixes=("_statfin", "_sotkanet"), validate="one_to_one")
    assert len(m) == 22
    assert_allclose(m["population_statfin"].astype(int), m["population_sotkanet"].astype(int), **EXACT)


def test_age_bands_against_raw_csv(shared_data, px2019):
    """Independent: sum the single-year columns of the raw file with plain pandas."""
    raw = pd.read_csv(shared_data / PX_2019, encoding="latin-1", sep=";", skiprows=2)
    raw = raw[raw["Ikä"] != "Yhteensä"].copy()
    raw["years"] = raw["Ikä"].str.replace(" -", "", regex=False).astype(int)
    col = "Yhteensä 2019 Väestö 31.12."
    ref = {
        "0-17": raw[raw.years <= 17].groupby("Alue")[col].sum(),
        "15-29": raw[raw.years.between(15, 29)].groupby("Alue")[col].sum(),
        "18-64": raw[raw.years.between(18, 64)].groupby("Alue")[col].sum(),
        "65+": raw[raw.years >= 65].groupby("Alue")[col].sum(),
        "75+": raw[raw.years >= 75].groupby("Alue")[col].sum(),
    }
    bands = population.age_band_population(px2019)
    names = px2019.drop_duplicates("area").set_index("area")["area_name"]
    tot = bands[bands.sex == "total"].assign(name=lambda d: d["area"].map(names))
    for band, r in ref.items():
        got = tot[tot.age_band == band].set_index("name")["population"].astype(int)
        assert len(got) == 311
        assert_allclose(got.sort_index().to_numpy(), r.sort_index().to_numpy(), **EXACT)


def test_age_bands_partition_and_total(px2019):
    bands = population.age_band_population(px2019)
    wide = bands.pivot_table(index=["area", "sex"], columns="age_band", values="population", aggfunc="sum")
    # 0–17, 18–64 and 65+ partition all ages: they add up to the published total
    assert_allclose(wide["0-17"] + wide["18-64"] + wide["65+"], wide["all"], **EXACT)
    assert (wide["75+"] <= wide["65+"]).all()
    # "all" built from single years (total rows removed) equals the published total rows
    pieces = population.age_band_population(px2019[px2019.age != "total"], bands=["all"])
    assert_allclose(pieces["population"].astype(int), wide["all"].to_numpy(), **EXACT)


def test_age_bands_by_county_sum_municipalities(px2019):
    muni = population.age_band_population(px2019, bands=["65+", "75+"])
    cty = population.age_band_population(px2019, by="county", bands=["65+", "75+"])
    assert set(cty["county"]) == set(regions.county_population().index)
    assert list(cty.columns) == ["county", "year", "sex", "age_band", "population"]
    muni = muni[muni.area != "SSS"].assign(county=lambda d: regions.county_of(d["area"]).to_numpy())
    muni = muni[muni.county != "91"]
    ref = muni.groupby(["county", "sex", "age_band"])["population"].sum()
    got = cty.set_index(["county", "sex", "age_band"])["population"]
    assert_allclose(got.sort_index().astype(int), ref.sort_index().astype(int), **EXACT)


def test_band_that_cannot_be_built_is_refused(shared_data):
    five_year = statfin.population_from_jsonstat(
        shared_data / "statfin_pxweb" / "statfin_vaerak_11rc_jsonstat2_response_sv.json"
    )
    with pytest.raises(ValueError, match="cannot make up the band '0-17'"):
        population.age_band_population(five_year, bands=["0-17"])
    # 20–24 … 65–69 cannot make 65+ either (nothing above 69)
    with pytest.raises(ValueError, match="'65\\+'"):
        population.age_band_population(five_year, bands=["65+"])
    with pytest.raises(ValueError, match="unknown age band"):
        population.age_band_population(five_year, bands=["20-24"])


def test_missing_values_are_not_undercounted():
    pop = pd.DataFrame({"area": ["179", "410", "091"], "year": 2022,
                        "population": pd.array([100, None, 50], dtype="Int64")})
    c = population.county_population(pop).set_index("county")["population"]
    assert pd.isna(c["15"]) and c["90"] == 50
    ages = pd.DataFrame({"area": "179", "year": 2022, "age": ["0-64", "65-74", "75+"],
                         "population": pd.array([1, None, 3], dtype="Int64")})
    b = population.age_band_population(ages, bands=["all", "65+", "75+"]).set_index("age_band")["population"]
    assert pd.isna(b["all"]) and pd.isna(b["65+"]) and b["75+"] == 3


def test_bad_input_is_explained(tmp_path):
    with pytest.raises(ValueError, match="lacks the columns \\['population'\\]"):
        population.county_population(pd.DataFrame({"area": ["091"]}))
    with pytest.raises(ValueError, match="not municipality codes of 2013–2026: 999"):
        population.county_population(pd.DataFrame({"area": ["999", "091"], "population": [1, 2]}))
    with pytest.raises(ValueError, match="given twice"):
        population.county_population(pd.DataFrame({"area": ["091", "091"], "year": 2022, "population": [1, 2]}))
    with pytest.raises(ValueError, match="no 'age' column"):
        population.age_band_population(pd.DataFrame({"area": ["091"], "population": [1]}))
    p = tmp_path / "p.csv"
    p.write_text("kunta,year,population\n91,2022,5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="p.csv: columns \\['municipality_code'\\] are missing"):
        population.read_sotkanet_population_csv(p)
    p.write_text("municipality_code,year,population\n91,2022,5.5\n", encoding="utf-8")
    with pytest.raises(ValueError, match="p.csv: row 2, column population: '5.5'"):
        population.read_sotkanet_population_csv(p)


def test_input_not_modified(sotkanet_pop):
    before = sotkanet_pop.copy()
    population.county_population(sotkanet_pop)
    pd.testing.assert_frame_equal(sotkanet_pop, before)


_CODES = sorted(regions.municipalities(2023)["code"])


@settings(max_examples=40, deadline=None)
@given(
    picks=st.lists(st.sampled_from(_CODES), min_size=1, max_size=40, unique=True),
    data=st.data(),
)
def test_county_sum_property(picks, data):
    """Any set of municipalities: county totals add up to the total and match a plain groupby."""
    values = data.draw(st.lists(st.integers(0, 700_000), min_size=len(picks), max_size=len(picks)))
    pop = pd.DataFrame({"area": picks, "year": 2023, "population": values})
    c = population.county_population(pop, include_aland=True)
    assert int(c["population"].sum()) == sum(values)
    county = regions.county_of(pd.Series(picks)).to_numpy()
    ref = pd.Series(values).groupby(county).sum()
    assert_allclose(c.set_index("county")["population"].astype(int).sort_index(), ref.sort_index(), **EXACT)
    expected_np = np.bincount(pd.factorize(county, sort=True)[0], weights=values)
    assert_allclose(c["population"].astype(float), expected_np, **EXACT)


# --- denominators: the one place per-1,000 rates get their population ----------------------


def test_denominators_are_the_sotkanet_county_sums(county_population_2022):
    d = population.denominators()
    expected = county_population_2022.drop("91", errors="ignore")
    assert_allclose(d.drop("all").sort_index().to_numpy(), expected.sort_index().to_numpy())
    assert d["all"] == pytest.approx(expected.sum())
    assert "91" in population.denominators(["91"]).index and "91" not in d.index


def test_area_denominators_sum_the_codes_of_a_cell(county_population_2022):
    pop = county_population_2022
    area = pd.Series(["15", "15, 90", " 06 ", "179", None], index=[3, 5, 7, 9, 11])
    got = population.area_denominators(area)
    assert list(got.index) == [3, 5, 7, 9, 11]
    assert_allclose(got.to_numpy()[:3], [pop["15"], pop["15"] + pop["90"], pop["06"]])
    assert np.isnan(got.iloc[3]) and np.isnan(got.iloc[4])  # a municipality has no county figure
    mun = pd.Series({"179": 146_000.0, "410": 19_000.0})
    assert population.area_denominators(pd.Series(["179 410", "179 999"]), mun).tolist()[0] == 165_000.0
    assert np.isnan(population.area_denominators(pd.Series(["179 999"]), mun).iloc[0])


def test_old_denominator_names_delegate():
    from impactlib import field

    pd.testing.assert_series_equal(field.area_population(["91"]), population.denominators(["91"]))
    assert population.ALL == field.ALL == "all"
