"""Tests of impactlib.sources.statfin (and the POST path of sources.download).

Reference values are Statistics Finland's published population figures as
recorded in ../shared/data (see its SOURCES.md), cross-checked against a
second publisher (THL Sotkanet indicator 127) and against independent
computations (numpy's own index arithmetic; pandas reading the raw CSV).
Counts are whole numbers: they are compared exactly (``EXACT``).
No test touches the network: the opener is replaced in every test.
"""

from __future__ import annotations

import io
import json
import urllib.error

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose, assert_array_equal

from impactlib.sources import download, pxcodes, statfin

#: Population counts are integers published without rounding: exact equality.
EXACT = dict(rtol=0, atol=0)

PX = "statfin_pxweb"
CSV_2019 = "population/statfin_11re_population_age1y_sex_municipality_2019.csv"


pytestmark = pytest.mark.usefixtures("no_network")  # tests/conftest.py


# ---------------------------------------------------------------------------
# JSON-stat 2.0: real responses
# ---------------------------------------------------------------------------


def test_three_cities_new_scheme(shared_data):
    df = statfin.read_jsonstat(shared_data / PX / "statfin_11re_jsonstat2_three_cities_2025.json")
    assert list(df.columns[:2]) == ["alue_23_20260101", "alue_23_20260101_label"]
    assert df["alue_23_20260101"].tolist() == ["KU049", "KU091", "KU092"]
    assert df.attrs["table"] == "11re"
    pop = statfin.population_from_jsonstat(shared_data / PX / "statfin_11re_jsonstat2_three_cities_2025.json")
    assert list(pop.columns) == ["area", "area_name", "year", "age", "sex", "population"]
    assert pop["area"].tolist() == ["049", "091", "092"]
    # SOURCES.md, statfin_pxweb: "Three cities, 2025: Espoo 325,716; Helsinki 694,392; Vantaa 252,956"
    assert_allclose(pop["population"].astype(int), [325_716, 694_392, 252_956], **EXACT)
    assert set(pop["age"]) == {"total"} and set(pop["sex"]) == {"total"}


def test_helsinki_time_series(shared_data, helsinki_population):
    pop = statfin.population_from_jsonstat(shared_data / PX / "statfin_11re_jsonstat2_helsinki_2021_2025.json")
    assert pop["year"].tolist() == [2021, 2022, 2023, 2024, 2025]
    # Statistics Finland 11re, Helsinki 31.12.2021–2025 (conftest: helsinki_population)
    assert_allclose(pop["population"].astype(int), [helsinki_population[y] for y in pop["year"]], **EXACT)


def test_old_scheme_swedish_labels_row_major(shared_data):
    path = shared_data / PX / "statfin_vaerak_11rc_jsonstat2_response_sv.json"
    raw = json.loads(path.read_text(encoding="utf-8"))
    df = statfin.read_jsonstat(path)
    assert len(df) == 90
    assert df.loc[0, "Sukupuoli_label"] == "Totalt"
    # Independent position arithmetic: numpy.ravel_multi_index over the
    # published 'size', for every cell, against the raw 'value' array.
    dims = raw["id"]
    pos = np.ravel_multi_index(
        [df[d].map(raw["dimension"][d]["category"]["index"]).to_numpy(int) for d in dims], raw["size"]
    )
    assert_allclose(df["value"], np.asarray(raw["value"], float)[pos], **EXACT)

    pop = statfin.population_from_jsonstat(path)
    assert set(pop["area"]) == {"SSS"}  # no area dimension: the whole country
    assert set(pop["sex"]) == {"total", "male", "female"}
    # SOURCES.md: "the 2020 whole-country total for ages 20-24 is 308,410"
    cell = pop[(pop.year == 2020) & (pop.age == "20-24") & (pop.sex == "total")]
    assert_allclose(cell["population"].astype(int), [308_410], **EXACT)
    # If the row-major order were wrong, men + women would not add up to the total.
    wide = pop.pivot_table(index=["year", "age"], columns="sex", values="population", aggfunc="sum")
    assert_allclose(wide["male"] + wide["female"], wide["total"], **EXACT)


# ---------------------------------------------------------------------------
# JSON-stat 2.0: the format's corners, on small hand-made cubes
# ---------------------------------------------------------------------------


def _cube(index_as="list", value_as="list", with_label=True):
    codes = {"a": ["x", "y"], "b": ["1", "2", "3"]}

    def cat(d):
        c = {"index": codes[d] if index_as == "list" else {k: i for i, k in enumerate(codes[d])}}
        if with_label:
            c["label"] = {k: f"{d}:{k}" for k in codes[d]}
        return {"category": c}

    values = [0, 1, 2, 10, 11, 12]
    return {
        "version": "2.0",
        "class": "dataset",
        "id": ["a", "b"],
        "size": [2, 3],
        "dimension": {"a": cat("a"), "b": cat("b")},
        "value": values if value_as == "list" else {str(i): v for i, v in enumerate(values) if v != 11},
    }


@pytest.mark.parametrize("index_as", ["list", "dict"])
def test_index_list_or_dict(index_as):
    df = statfin.read_jsonstat(_cube(index_as))
    # hand-worked: value = 10*position(a) + position(b)
    assert df["a"].tolist() == ["x", "x", "x", "y", "y", "y"]
    assert df["b"].tolist() == ["1", "2", "3"] * 2
    assert_allclose(df["value"], [0, 1, 2, 10, 11, 12], **EXACT)
    assert df["a_label"].tolist()[0] == "a:x"


def test_sparse_value_and_missing():
    df = statfin.read_jsonstat(_cube(value_as="dict"))
    assert np.isnan(df.loc[4, "value"])
    assert_allclose(df["value"].drop(index=4), [0, 1, 2, 10, 12], **EXACT)
    assert "status" not in df


def test_status_string_and_symbols():
    js = _cube()
    js["value"] = [0, 1, None, "..", 11, 12]
    js["status"] = {"2": "."}
    df = statfin.read_jsonstat(js)
    assert df["status"].tolist()[2:4] == [".", ".."]
    assert np.isnan(df["value"][2]) and np.isnan(df["value"][3])
    js["status"] = "p"  # one status for all cells
    assert set(statfin.read_jsonstat(js)["status"]) == {"p"}


def test_index_missing_uses_labels():
    js = _cube(with_label=True)
    for d in ("a", "b"):
        del js["dimension"][d]["category"]["index"]
    assert statfin.read_jsonstat(js)["b"].tolist() == ["1", "2", "3"] * 2


@pytest.mark.parametrize(
    "breakit, message",
    [
        (lambda j: j.update(value=[1, 2, 3]), "3 entries but the dimensions give 6"),
        (lambda j: j.update(size=[2, 2]), "has 3 categories but 'size' says 2"),
        (lambda j: j.pop("dimension"), "keys ['dimension'] are missing"),
        (lambda j: j.update({"class": "collection"}), "collection"),
        (lambda j: j["dimension"]["a"]["category"].update(index={"x": 0, "y": 5}), "positions must be"),
        (lambda j: j.update(value={"9": 1}), "beyond the 6 cells"),
    ],
)
def test_bad_jsonstat_is_explained(breakit, message):
    js = _cube()
    breakit(js)
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("]", r"\]")):
        statfin.read_jsonstat(js)


def test_jsonstat_file_errors(tmp_path):
    with pytest.raises(ValueError, match="no such file"):
        statfin.read_jsonstat(tmp_path / "nothing.json")
    p = tmp_path / "broken.json"
    p.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.json: not valid JSON"):
        statfin.read_jsonstat(p)
    with pytest.raises(ValueError, match="JSON-stat 1.x bundle"):
        statfin.read_jsonstat({"dataset": {"dimension": {}}})


@settings(max_examples=60, deadline=None)
@given(sizes=st.lists(st.integers(1, 4), min_size=1, max_size=4), data=st.data())
def test_row_major_property(sizes, data):
    """Any cube: each row's value equals the cell at numpy's row-major position."""
    n = int(np.prod(sizes))
    values = data.draw(st.lists(st.integers(-10**6, 10**6), min_size=n, max_size=n))
    ids = [f"d{i}" for i in range(len(sizes))]
    as_dict = data.draw(st.booleans())
    dims = {}
    for d, s in zip(ids, sizes, strict=True):
        codes = [f"{d}c{j}" for j in range(s)]
        # a dict index may list codes in any order: positions decide
        order = data.draw(st.permutations(range(s)))
        dims[d] = {"category": {"index": {codes[j]: j for j in order} if as_dict else codes}}
    df = statfin.read_jsonstat({"version": "2.0", "class": "dataset", "id": ids, "size": sizes,
                                "dimension": dims, "value": values})
    pos = [df[d].str.rsplit("c", n=1).str[1].astype(int).to_numpy() for d in ids]
    flat = np.ravel_multi_index(pos, sizes)
    assert_array_equal(flat, np.arange(n))
    assert_allclose(df["value"], values, **EXACT)


def test_population_frame_rules():
    js = {
        "version": "2.0", "class": "dataset", "id": ["Alue", "Vuosi", "Tiedot"], "size": [1, 1, 2],
        "dimension": {
            "Alue": {"category": {"index": ["091"]}},
            "Vuosi": {"category": {"index": ["2022"]}},
            "Tiedot": {"category": {"index": ["vaesto", "vaesto_osuus"]}},
        },
        "value": [664_028, 11.9],
    }
    pop = statfin.population_from_jsonstat(js)
    assert pop["population"].tolist() == [664_028]  # the share content was left out
    js["dimension"]["Tiedot"]["category"]["index"] = ["a", "b"]
    with pytest.raises(ValueError, match="keep only the population"):
        statfin.population_from_jsonstat(js)
    js2 = {
        "version": "2.0", "class": "dataset", "id": ["Vuosi", "Siviilisääty"], "size": [1, 2],
        "dimension": {"Vuosi": {"category": {"index": ["2022"]}},
                      "Siviilisääty": {"category": {"index": ["1", "2"]}}},
        "value": [1, 2],
    }
    with pytest.raises(ValueError, match="Siviilisääty"):
        statfin.population_from_jsonstat(js2)
    js3 = {
        "version": "2.0", "class": "dataset", "id": ["Vuosi"], "size": [1],
        "dimension": {"Vuosi": {"category": {"index": ["2022"]}}}, "value": [1.5],
    }
    with pytest.raises(ValueError, match="whole numbers"):
        statfin.population_from_jsonstat(js3)


@pytest.mark.parametrize(
    "code, expected",
    [("SSS", "total"), ("Yhteensä", "total"), ("000", "0"), ("099", "99"), ("100-", "100+"),
     ("100 -", "100+"), ("20 - 24", "20-24"), ("80-", "80+"), ("75+", "75+")],
)
def test_age_codes(code, expected):
    assert pxcodes.age_code(code) == expected


# ---------------------------------------------------------------------------
# PxWeb CSV export
# ---------------------------------------------------------------------------


def test_px_csv_2019(shared_data):
    pop = statfin.read_px_csv(shared_data / CSV_2019, division=2019)
    assert pop.attrs["encoding"].startswith("ISO-8859-1")
    assert pop.attrs["title"].startswith("11re -- Väestö")
    # 311 areas (KOKO MAA + 310 municipalities) × 103 ages × 3 sexes, all mapped
    assert len(pop) == 31_722 * 3
    assert pop["area"].notna().all() and pop["area"].nunique() == 311
    tot = pop[(pop.age == "total") & (pop.sex == "total")].set_index("area")["population"]
    # Statistics Finland: population of Finland 31.12.2019 = 5,525,292 (first data row of the file)
    assert_allclose(int(tot["SSS"]), 5_525_292, **EXACT)
    # Independent: the municipalities add up to the whole country
    assert_allclose(int(tot.drop("SSS").sum()), 5_525_292, **EXACT)
    # Mariehamn is written bilingually in the file and still maps
    assert tot.index.isin(["478"]).any()
    # men + women = total in every area and age
    wide = pop.pivot_table(index=["area", "age"], columns="sex", values="population", aggfunc="sum")
    assert_allclose(wide["male"] + wide["female"], wide["total"], **EXACT)


def test_px_csv_agrees_with_raw_pandas_read(shared_data):
    """Independent parse: pandas on the raw file, as SOURCES.md describes it."""
    raw = pd.read_csv(shared_data / CSV_2019, encoding="latin-1", sep=";", skiprows=2)
    pop = statfin.read_px_csv(shared_data / CSV_2019, division=2019)
    mine = pop[pop.sex == "female"].reset_index(drop=True)
    assert_allclose(mine["population"].astype(int), raw["Naiset 2019 Väestö 31.12."], **EXACT)
    assert mine["area_name"].tolist() == raw["Alue"].tolist()


def test_px_csv_helsinki_agrees_with_sotkanet(shared_data):
    """Second publisher: Sotkanet indicator 127 (population 31.12.) for 2019."""
    pop = statfin.read_px_csv(shared_data / CSV_2019, division=2019)
    tot = pop[(pop.age == "total") & (pop.sex == "total")].set_index("area")["population"]
    sk = json.loads((shared_data / "sotkanet" / "sotkanet_json_ind127_2019_2023_sample.json").read_text())
    # Sotkanet region ids → codes, from sotkanet_regions_sample.json (Espoo 20, Helsinki 46, …)
    ids = {20: "049", 46: "091", 261: "564", 378: "837", 389: "853"}
    ref = {ids[r["region"]]: r["value"] for r in sk if r["year"] == 2019}
    assert len(ref) == 5
    assert_allclose([int(tot[c]) for c in ref], list(ref.values()), **EXACT)


def _px_text(names, enc="latin-1"):
    lines = ['"11re -- Väestö iän (1-v.) ja sukupuolen mukaan alueittain, 1972-2019"', "",
             '"Alue";"Ikä";"Yhteensä 2019 Väestö 31.12."']
    lines += [f'"{n}";"Yhteensä";{v}' for n, v in names]
    return ("\r\n".join(lines) + "\r\n").encode(enc)


def test_px_csv_unmapped_names_reported(tmp_path):
    p = tmp_path / "x.csv"
    p.write_bytes(_px_text([("Jyväskylä", 144_000), ("Atlantis", 10), ("KOKO MAA", 144_010)]))
    with pytest.raises(ValueError, match=r"x.csv: 1 area name\(s\) match no municipality.*Atlantis"):
        statfin.read_px_csv(p)
    kept = statfin.read_px_csv(p, unmapped="keep")
    assert kept["area"].isna().sum() == 1
    assert kept.loc[kept["area"].isna(), "area_name"].item() == "Atlantis"
    assert kept["area"].tolist()[0] == "179"


def test_px_csv_utf8_and_division(tmp_path):
    p = tmp_path / "u.csv"
    p.write_bytes(_px_text([("Honkajoki", 1_700), ("Pertunmaa", 1_700)], enc="utf-8"))
    out = statfin.read_px_csv(p, division=2019)
    assert out["area"].tolist() == ["099", "588"]
    assert out.attrs["encoding"] == "UTF-8"
    # Honkajoki merged into Kankaanpää in 2021: not a municipality of the 2026 division
    with pytest.raises(ValueError, match="Honkajoki"):
        statfin.read_px_csv(p, division=2026)


def test_px_csv_not_a_px_file(tmp_path):
    p = tmp_path / "n.csv"
    p.write_text("just one column\nno separators\n", encoding="utf-8")
    with pytest.raises(ValueError, match="n.csv: no ';'-separated header"):
        statfin.read_px_csv(p)
    q = tmp_path / "m.csv"
    q.write_text('"t"\n\n"Alue";"Yhteensä 2019 Työttömät"\n"Akaa";5\n', encoding="utf-8")
    with pytest.raises(ValueError, match="not a population count"):
        statfin.read_px_csv(q)
    with pytest.raises(ValueError, match="no such file"):
        statfin.read_px_csv(tmp_path / "none.csv")


# ---------------------------------------------------------------------------
# Download: PxWeb metadata GET + json-stat2 POST, served from recorded responses
# ---------------------------------------------------------------------------

#: A stand-in for the table metadata (GET on the table address). The real
#: metadata lists 309 areas and 102 ages; the variable codes are those of the
#: recorded 11re responses.
META_11RE = {
    "title": "Väestö 31.12. muuttujina Alue, Ikä, Sukupuoli, Vuosi ja Tiedot",
    "variables": [
        {"code": "alue_23_20260101", "text": "Alue", "values": ["SSS", "KU049", "KU091", "KU092"],
         "valueTexts": ["KOKO MAA", "Espoo", "Helsinki", "Vantaa"]},
        {"code": "ikaryhma_10_20180101", "text": "Ikä", "values": ["SSS", "000", "001", "100-"],
         "valueTexts": ["Yhteensä", "0", "1", "100 -"]},
        {"code": "sukupuoli_9_20180101", "text": "Sukupuoli", "values": ["SSS", "1", "2"],
         "valueTexts": ["Yhteensä", "Miehet", "Naiset"]},
        {"code": "timeperiod_y", "text": "Vuosi", "values": [str(y) for y in range(2019, 2026)],
         "time": True},
        {"code": "contentscode", "text": "Tiedot", "values": ["vaerak-vaesto"]},
    ],
}


def _recorded(shared_data):
    """Handler for the ``serve`` fixture: metadata on GET, the recorded Helsinki answer on POST."""
    helsinki = (shared_data / PX / "statfin_11re_jsonstat2_helsinki_2021_2025.json").read_bytes()
    js = json.loads(helsinki)

    def one_year(year):
        # cut the recorded 2021–2025 response down to the year asked (what PxWeb would return)
        pos = js["dimension"]["timeperiod_y"]["category"]["index"][year]
        out = json.loads(helsinki)
        out["size"][3] = 1
        out["dimension"]["timeperiod_y"]["category"] = {"index": {year: 0}, "label": {year: year}}
        out["value"] = [js["value"][pos]]
        return json.dumps(out).encode()

    def handler(req):
        if req.data is None:
            return json.dumps(META_11RE).encode()
        body = json.loads(req.data)
        year = next(q for q in body["query"] if q["code"] == "timeperiod_y")["selection"]["values"][0]
        return one_year(year)

    return handler


def test_download_population_offline(shared_data, tmp_path, serve, helsinki_population):
    calls = serve(_recorded(shared_data))
    pop = statfin.download_population(areas=["091"], years=[2022, 2023], cache_dir=tmp_path)
    # Statistics Finland 11re, Helsinki 2022 and 2023 (conftest: helsinki_population)
    assert_allclose(pop["population"].astype(int), [helsinki_population[2022], helsinki_population[2023]], **EXACT)
    assert pop["area"].tolist() == ["091", "091"]
    assert [c.get_method() for c in calls] == ["GET", "POST", "POST"]
    assert calls[1].full_url == statfin.POPULATION_TABLE_URL
    body = json.loads(calls[1].data)
    assert body["response"] == {"format": "json-stat2"}
    sel = {q["code"]: q["selection"]["values"] for q in body["query"]}
    assert sel["alue_23_20260101"] == ["KU091"] and sel["ikaryhma_10_20180101"] == ["SSS"]
    assert calls[1].get_header("Content-type").startswith("application/json")

    # The cache answers the same call without the network …
    def down(req):
        raise urllib.error.URLError("Temporary failure in name resolution")

    serve(down)
    again = statfin.download_population(areas=["091"], years=[2022, 2023], cache_dir=tmp_path)
    pd.testing.assert_frame_equal(again, pop)
    # … a refresh says clearly that the network is unreachable
    with pytest.raises(download.DownloadError, match="cannot reach pxdata.stat.fi"):
        statfin.download_population(areas=["091"], years=[2022], cache_dir=tmp_path, refresh=True)
    # entries are complete pairs; no temporary files are left behind
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 6 and all(n.endswith((".body", ".json")) for n in names)
    record = download.cache_entry(statfin.POPULATION_TABLE_URL, data=statfin.pxweb_query(
        META_11RE, areas=["091"], years=[2022])[0], cache_dir=tmp_path)
    assert record["method"] == "POST" and len(record["sha256"]) == 64


def test_pxweb_query_checks():
    with pytest.raises(ValueError, match="areas not in the table"):
        statfin.pxweb_query(META_11RE, areas=["999"])
    with pytest.raises(ValueError, match="years not in the table"):
        statfin.pxweb_query(META_11RE, years=[1900])
    q = statfin.pxweb_query(META_11RE, by_age=True, by_sex=True, years=[2024, 2025])
    assert len(q) == 2
    sel = {s["code"]: s["selection"]["values"] for s in q[0]["query"]}
    assert sel["ikaryhma_10_20180101"] == ["SSS", "000", "001", "100-"]
    assert sel["sukupuoli_9_20180101"] == ["SSS", "1", "2"]
    assert sel["alue_23_20260101"] == ["SSS", "KU049", "KU091", "KU092"]
    with pytest.raises(ValueError, match="no 'variables'"):
        statfin.pxweb_query({})


def test_http_error_is_explained(tmp_path, serve):
    def refuse(req):
        raise urllib.error.HTTPError(req.full_url, 403, "Forbidden", {}, io.BytesIO(b"Too many values selected"))

    serve(refuse)
    with pytest.raises(download.DownloadError, match="HTTP 403 Forbidden.*Too many values selected"):
        download.fetch("https://pxdata.stat.fi/x", data={"query": []}, cache_dir=tmp_path)
    assert list(tmp_path.iterdir()) == []  # a failed download leaves no cache entry
    with pytest.raises(ValueError, match="not a web address"):
        download.fetch("file:///etc/passwd", cache_dir=tmp_path)
