"""The bundled classification (data/regions) against Statistics Finland's own
files in ../shared/data, code by code, and the county populations against the
Sotkanet population series."""

from __future__ import annotations

import pandas as pd
import pytest

from impactlib import regions


@pytest.fixture(scope="module")
def key2023(municipality_key_2023):
    return municipality_key_2023  # tests/conftest.py


def test_municipalities_2023_code_by_code(key2023):
    ours = regions.municipalities(2023).set_index("code")
    assert sorted(ours.index) == sorted(key2023.index)
    assert len(ours) == 309
    for code, row in ours.iterrows():
        ref = key2023.loc[code]
        # the source has stray trailing spaces in two Swedish names ("Gustav Adolfs  ")
        assert row["name_fi"] == ref["municipality_name_fi"].strip(), code
        assert row["name_sv"] == ref["municipality_name_sv"].strip(), code
        assert int(row["county"]) == int(ref["hyvinvointialue_code"]), code
        assert int(row["region"]) == int(ref["maakunta_code"]), code


def test_county_names_code_by_code(key2023):
    ref = key2023.drop_duplicates("hyvinvointialue_code").set_index("hyvinvointialue_code")
    ours = regions.counties(include_aland=True).set_index("code")
    assert sorted(int(c) for c in ours.index) == sorted(int(c) for c in ref.index)
    for code, row in ours.iterrows():
        r = ref.loc[int(code)]
        # stray trailing spaces in the source ("Norra Savolax välfärdsområde ")
        assert row["name_fi"] == r["hyvinvointialue_name_fi"].strip()
        assert row["name_sv"] == r["hyvinvointialue_name_sv"].strip()
        assert row["name_en"] == r["hyvinvointialue_name_en"].strip()
    assert len(regions.counties()) == 22  # 21 counties + Helsinki; Åland outside the reform


def test_region_names(key2023):
    ref = key2023.drop_duplicates("maakunta_code").set_index("maakunta_code")
    for _, row in regions.regions_table().iterrows():
        r = ref.loc[int(row["code"])]
        assert (row["name_fi"], row["name_sv"], row["name_en"]) == (
            r["maakunta_name_fi"], r["maakunta_name_sv"], r["maakunta_name_en"])


def test_municipality_lists_for_every_year_2013_2026(shared_data):
    slim = pd.read_csv(shared_data / "regions" / "geofi_municipality_key_2013_2026_slim.csv")
    for year, g in slim.groupby("year"):
        ref = set(g["kunta"].astype(int).map("{:03d}".format))
        assert set(regions.municipalities(int(year))["code"]) == ref, year
        assert regions.valid_municipality_codes(int(year)) == ref


def test_merged_municipalities_map_to_the_county_of_their_successor(shared_data):
    slim = pd.read_csv(shared_data / "regions" / "geofi_municipality_key_2013_2026_slim.csv")
    ref = slim[slim["year"] == 2022].assign(code=lambda d: d["kunta"].astype(int).map("{:03d}".format))
    ref = ref.set_index("code")["hyvinvointialue_code"].astype(int)
    ours = regions.county_of(pd.Series(ref.index, index=ref.index)).astype(int)
    pd.testing.assert_series_equal(ours, ref, check_names=False)
    assert regions.county_of(["283", "319", "838"]).tolist() == ["09", "06", "05"]


def test_county_populations_equal_sums_of_municipal_populations(shared_data, finland_population_2022):
    pop = pd.read_csv(shared_data / "population" / "sotkanet_127_population_municipality_2000_2022.csv")
    p22 = pop[pop["year"] == 2022].copy()
    p22["county"] = regions.county_of(p22["municipality_code"].astype(int).map("{:03d}".format)).to_numpy()
    ref = p22.groupby("county")["population"].sum()
    ours = regions.county_population(include_aland=True)
    assert ours.to_dict() == ref.to_dict()
    assert int(ours.sum()) == finland_population_2022  # Finland 31.12.2022, SOURCES.md


def test_find_county_in_finnish_swedish_english():
    assert regions.find_county("KESKI-SUOMI") == "15"
    assert regions.find_county("Keski-Suomen hyvinvointialue") == "15"
    assert regions.find_county("Mellersta Finlands välfärdsområde") == "15"
    assert regions.find_county("Central Finland wellbeing services county") == "15"
    assert regions.find_county("helsingfors") == "90"
    assert regions.find_county("1") == "01"
    with pytest.raises(ValueError, match="Pohjois-Pohjanmaa"):
        regions.find_county("Pohjois-Pohjanma")


def test_parse_area_and_area_counties():
    s = pd.Series(["179 410", "15", "091,092", None], index=[10, 11, 12, 13])
    long = regions.parse_area(s)
    assert long["county"].tolist() == ["15", "15", "15", "90", "04"]
    assert regions.area_counties(s).tolist() == ["15", "15", pd.NA, pd.NA]


def test_area_counties_agrees_with_the_obvious_per_area_rule():
    """The one-pass area_counties equals the per-area rule: the county if all codes share one."""
    import pandas as pd

    areas = pd.Series(["179 410", "091 092", None, "15", "179", "091 179", "20", "15 179",
                       "999", "179 999"], dtype="string")
    long = regions.parse_area(areas)
    expect = {}
    for i in areas.index:
        c = long.loc[long["index"] == i, "county"]
        expect[i] = (c.iloc[0] if c.nunique() == 1 else pd.NA) if len(c) else pd.NA
    got = regions.area_counties(areas)
    assert [None if pd.isna(v) else v for v in got] == [None if pd.isna(expect[i]) else expect[i]
                                                         for i in areas.index]
