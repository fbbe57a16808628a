"""Tests of impactlib.sources.sotkanet (and the GET path and cache of sources.download).

Reference values come from the recorded real Sotkanet responses in
../shared/data/sotkanet (SOURCES.md), cross-checked against a second
publisher (Statistics Finland's JSON-stat response) and against
impactlib.regions (Statistics Finland's classification). Counts and ids are
integers: compared exactly (``EXACT``). No test touches the network.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from impactlib import regions
from impactlib.sources import download, sotkanet, statfin

#: ids, counts and years are whole numbers: exact equality.
EXACT = dict(rtol=0, atol=0)
#: Sotkanet rates are published with one decimal; the JSON carries them as
#: binary floats, so compare to within a tiny fraction of that last digit.
RATE = dict(rtol=0, atol=1e-9)

SK = "sotkanet"


pytestmark = pytest.mark.usefixtures("no_network")  # tests/conftest.py


def test_read_data_indicator_127(shared_data, helsinki_population):
    d = sotkanet.read_data(shared_data / SK / "sotkanet_json_ind127_2019_2023_sample.json")
    assert list(d.columns) == ["indicator", "region", "year", "gender", "value", "abs_value"]
    assert str(d["region"].dtype) == "Int64" and len(d) == 10
    assert d["abs_value"].isna().all()  # 127 is itself a count: no absValue in the response
    hel = d[(d.region == 46) & (d.year == 2023)]["value"]
    # SOURCES.md: "Helsinki 2023 = 674,500" (conftest: helsinki_population)
    assert_allclose(hel, [helsinki_population[2023]], **EXACT)


def test_population_127_agrees_with_statfin(shared_data):
    """Two publishers, one fact: Sotkanet 127 (THL) and StatFin 11re (Statistics Finland)."""
    d = sotkanet.read_data(shared_data / SK / "sotkanet_json_ind127_2019_2023_sample.json")
    sf = statfin.population_from_jsonstat(
        shared_data / "statfin_pxweb" / "statfin_11re_jsonstat2_helsinki_2021_2025.json"
    ).set_index("year")["population"]
    assert_allclose(d[(d.region == 46) & (d.year == 2023)]["value"], [int(sf[2023])], **EXACT)


def test_read_data_rates_with_abs_values(shared_data):
    d = sotkanet.read_data(shared_data / SK / "sotkanet_json_ind171_2019_2023_sample.json")
    assert d["abs_value"].notna().all()
    row = d[(d.region == 46) & (d.year == 2023)]
    # recorded response: value 8.6, absValue 57877 (Helsinki, indicator 171, 2023)
    assert_allclose(row["value"], [8.6], **RATE)
    assert_allclose(row["abs_value"], [57_877], **EXACT)
    d5513 = sotkanet.read_data(shared_data / SK / "sotkanet_json_ind5513_2023_sample.json")
    assert set(d5513["indicator"]) == {5513} and len(d5513) == 5
    # Independent: the absolute counts divided by population (indicator 127, same
    # regions, 2023) reproduce the published per-cent rate of 171 to its one decimal.
    pop = sotkanet.read_data(shared_data / SK / "sotkanet_json_ind127_2019_2023_sample.json")
    m = d.merge(pop[["region", "year", "value"]].rename(columns={"value": "pop"}), on=["region", "year"])
    # rate is a % of population, published rounded to 1 decimal → within 0.05 + float slack
    assert_allclose(100 * m["abs_value"] / m["pop"], m["value"], rtol=0, atol=0.05 + 1e-9)


def test_read_data_decimal_comma_and_errors():
    d = sotkanet.read_data([{"indicator": 1, "region": 2, "year": 2020, "gender": "Male",
                             "value": "12,5", "absValue": "3"}])
    assert d.loc[0, "value"] == 12.5 and d.loc[0, "gender"] == "male"
    with pytest.raises(ValueError, match=r"lack the keys \['year'\]"):
        sotkanet.read_data([{"indicator": 1, "region": 2, "gender": "total", "value": 1}])
    with pytest.raises(ValueError, match="record 2: gender 'both'"):
        sotkanet.read_data([{"indicator": 1, "region": 2, "year": 2020, "gender": "total", "value": 1},
                            {"indicator": 1, "region": 2, "year": 2020, "gender": "both", "value": 1}])
    with pytest.raises(ValueError, match="record 1: value 'n/a' is not a number"):
        sotkanet.read_data([{"indicator": 1, "region": 2, "year": 2020, "gender": "total", "value": "n/a"}])
    with pytest.raises(ValueError, match="expected a JSON list"):
        sotkanet.read_data({"indicator": 1})
    empty = sotkanet.read_data([])
    assert len(empty) == 0 and list(empty.columns)[-1] == "abs_value"


def test_read_regions(shared_data):
    r = sotkanet.read_regions(shared_data / SK / "sotkanet_regions_sample.json")
    assert len(r) == 7
    assert r["code"].tolist()[:5] == ["049", "091", "564", "837", "853"]  # zero-padded text
    assert r.loc[r.region == 20, "title_sv"].item() == "Esbo"
    assert 969 in r.loc[r.region == 20, "member_of"].item()
    kunta = r[r.category == "KUNTA"]
    # Independent: the county read from Sotkanet's memberOf equals Statistics
    # Finland's classification of the same municipality code (impactlib.regions).
    assert kunta["county"].tolist() == regions.county_of(kunta["code"]).tolist()
    assert r[r.category == "MAAKUNTA"]["county"].isna().all()


def test_county_region_ids_match_shared_table(shared_data):
    mine = sotkanet.county_region_ids()
    ref = pd.read_csv(shared_data / SK / "sotkanet_hyvinvointialueet_region_ids.csv")
    assert len(mine) == len(ref) == 23
    ref["county"] = ref["uusi_code"].astype(int).astype(str).str.zfill(2)
    m = mine.merge(ref, on="county", how="outer", validate="one_to_one", indicator=True)
    assert (m["_merge"] == "both").all()
    assert_allclose(m["region"].astype(int), m["uusi_id"], **EXACT)
    both = m["vanha_id"].notna()
    assert_allclose(m.loc[both, "region_old"].astype(int), m.loc[both, "vanha_id"], **EXACT)
    assert m.loc[~both, "region_old"].isna().all()
    assert (m.loc[both, "code_old"].astype(int) == m.loc[both, "vanha_code"].astype(int)).all()
    assert (m["name_fi"] == m["nimi"]).all()
    # and the county codes are those of impactlib.regions (Statistics Finland)
    assert set(mine["county"]) == set(regions.counties(include_aland=True)["code"])


def test_read_indicator_metadata_wrapped_file(shared_data):
    m = sotkanet.read_indicator_metadata(shared_data / SK / "hus_sotkanet_indicators_metadata_7.json")
    assert m["indicator"].tolist() == [186, 322, 5051, 5074, 5034, 5033, 3336]
    # SOURCES.md table: organisation and unit per indicator (its "%" is the
    # API's primaryValueType code PROS, titled "Percent")
    units = dict(zip(m["indicator"], m["unit"], strict=True))
    assert units == {186: "PER100000", 322: "PER100000", 5051: "PROS", 5074: "PROS",
                     5034: "PER100000", 5033: "PROS", 3336: "PER10000"}
    assert set(m.loc[m.unit == "PROS", "unit_en"]) == {"Percent"}
    orgs = dict(zip(m["indicator"], m["organization_fi"], strict=True))
    assert orgs[186] == orgs[322] == "Tilastokeskus"
    assert orgs[3336] == "Terveyden ja hyvinvoinnin laitos (THL)"
    assert m.loc[m.indicator == 186, "title_fi"].item() == "Kuolleisuus / 100 000 asukasta"
    text = m.filter(regex="^(description|interpretation|limits|notices)_").stack()
    assert not text.str.contains(r"<\s*/?\s*[a-zA-Z][^>]*>", regex=True).any()  # no HTML tags left
    assert not text.str.contains("&amp;|&lt;|&gt;", regex=True).any()
    assert m.loc[m.indicator == 186, "range_start"].item() == 1990


def test_read_indicator_metadata_single_record(shared_data):
    wrapped = json.loads((shared_data / SK / "hus_sotkanet_indicators_metadata_7.json").read_text())
    rec = dict(wrapped["indicators"]["5034"])
    rec.pop("indicator_id")  # the key the fetch script added: a bare API response
    m = sotkanet.read_indicator_metadata(json.dumps(rec).encode())
    assert len(m) == 1 and m.loc[0, "indicator"] == 5034
    assert m.loc[0, "notices_fi"].startswith("Indikaattori ei sisällä puolitekonivelen asennuksia.\n")
    with pytest.raises(ValueError, match="record 1 is not Sotkanet indicator metadata"):
        sotkanet.read_indicator_metadata([{"foo": 1}])


@pytest.mark.parametrize(
    "html, text",
    [
        ("a<br>b<br />c", "a\nb\nc"),
        ("<p id=suhteutus>THL &amp; Tilastokeskus</p> ", "THL & Tilastokeskus"),
        ("<a href=\"x\" TARGET=\"_blank\">linkki</A>", "linkki"),
        ("  ", None),
        (None, None),
    ],
)
def test_html_to_text(html, text):
    assert sotkanet.html_to_text(html) == text


def _recorded(shared_data):
    """Handler for the ``serve`` fixture: the recorded Sotkanet responses by endpoint."""
    files = {
        "json": "sotkanet_json_ind127_2019_2023_sample.json",
        "regions": "sotkanet_regions_sample.json",
    }

    def handler(req):
        path = urllib.parse.urlsplit(req.full_url).path.rsplit("/", 1)[-1]
        return (shared_data / SK / files[path]).read_bytes()

    return handler


def _urls(calls):
    return [c.full_url for c in calls]


def test_download_data_and_cache(shared_data, tmp_path, serve, helsinki_population):
    requests = serve(_recorded(shared_data))
    d = sotkanet.download_data(127, years=[2019, 2023], cache_dir=tmp_path)
    calls = _urls(requests)
    q = urllib.parse.parse_qs(urllib.parse.urlsplit(calls[0]).query)
    assert calls[0].startswith("https://sotkanet.fi/rest/1.1/json?")
    assert q == {"indicator": ["127"], "years": ["2019", "2023"], "genders": ["total"]}
    assert_allclose(d.loc[(d.region == 46) & (d.year == 2023), "value"], [helsinki_population[2023]], **EXACT)
    # second call: from the cache, no request
    d2 = sotkanet.download_data(127, years=[2019, 2023], cache_dir=tmp_path)
    assert len(requests) == 1
    pd.testing.assert_frame_equal(d, d2)
    # refresh=True asks again and replaces the entry
    sotkanet.download_data(127, years=[2019, 2023], cache_dir=tmp_path, refresh=True)
    assert len(requests) == 2
    entry = download.cache_entry(calls[0], cache_dir=tmp_path)
    assert entry["method"] == "GET" and entry["url"] == calls[0]
    assert entry["bytes"] == len((shared_data / SK / "sotkanet_json_ind127_2019_2023_sample.json").read_bytes())
    r = sotkanet.download_regions(cache_dir=tmp_path)
    assert len(r) == 7 and requests[-1].full_url == "https://sotkanet.fi/rest/1.1/regions"
    with pytest.raises(ValueError, match="genders must be among"):
        sotkanet.download_data(127, years=[2023], genders=["both"], cache_dir=tmp_path)


def test_download_metadata_offline(shared_data, tmp_path, serve):
    wrapped = json.loads((shared_data / SK / "hus_sotkanet_indicators_metadata_7.json").read_text())
    calls = serve(lambda req: json.dumps(wrapped["indicators"][req.full_url.rsplit("/", 1)[-1]]).encode())
    m = sotkanet.download_indicator_metadata([186, 3336], cache_dir=tmp_path)
    assert _urls(calls) == ["https://sotkanet.fi/rest/1.1/indicators/186", "https://sotkanet.fi/rest/1.1/indicators/3336"]
    assert m["unit"].tolist() == ["PER100000", "PER10000"]


def test_cache_folder_from_environment(shared_data, tmp_path, monkeypatch, serve):
    serve(_recorded(shared_data))
    monkeypatch.setenv("IMPACTLIB_CACHE", str(tmp_path / "env-cache"))
    sotkanet.download_regions()
    assert len(list((tmp_path / "env-cache").glob("*.body"))) == 1


def test_unreachable_network_is_explained(tmp_path, serve):
    def down(req):
        raise urllib.error.URLError(OSError(101, "Network is unreachable"))

    serve(down)
    with pytest.raises(download.DownloadError, match="cannot reach sotkanet.fi.*Network is unreachable.*verkkoyhteys"):
        sotkanet.download_regions(cache_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []
