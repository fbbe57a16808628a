"""The sales and company columns of the data model (issue 13): the template round-trips them,
and bad input gives one DataError naming file, row, column and rule, with nothing written."""

from __future__ import annotations

import datetime as dt
import hashlib
import warnings

import openpyxl
import pandas as pd
import pytest

from impactlib import DataError, Dataset, load_dataset, model, validate
from impactlib.cli import main as cli
from impactlib.sources import template

ORG = ("org_id;name;municipality;kind;category;operates_company;company_since\n"
       "0112038-9;Palvelu ry;179;service_provider;older_people;kyllä;2021\n"
       "0109862-8;Toinen ry;091;service_provider;carers;ei;\n")
FUND_HEAD = ("org_id;year;source;funder;amount_eur;basis;buyer_type;contract_start;contract_end;"
             "lot_value_eur;contract_end_reason\n")
FUND_OK = FUND_HEAD + (
    "0112038-9;2022;procurement;179;1000;collected;municipality;1.1.2021;31.12.2022;5000;in_house\n"
    "0112038-9;2021;procurement;179;1000;collected;municipality;1.1.2021;31.12.2022;5000;in_house\n"
    "0112038-9;2023;service_voucher;15;300;collected;county;;;;\n"
    "0112038-9;2023;fundraising;own;50;collected;;;;;\n"
    "0109862-8;2023;procurement;YRITYS;200;collected;private_company;2023-03-01;2024-02-29;;\n"
)


def _write(folder, org=ORG, fund=FUND_OK):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "organisations.csv").write_text(org, encoding="utf-8")
    (folder / "funding.csv").write_text(fund, encoding="utf-8")
    return folder


def _snapshot(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_good_sales_rows_load_with_their_types(tmp_path):
    ds = load_dataset(_write(tmp_path / "d"), cache=False)
    f = ds.funding.sort_values(["org_id", "year", "source"]).reset_index(drop=True)
    assert str(f["contract_start"].dtype) == "datetime64[ns]"
    first = f[(f["org_id"] == "0112038-9") & (f["year"] == 2021)].iloc[0]
    assert first["contract_start"] == pd.Timestamp("2021-01-01")  # Finnish d.m.yyyy
    assert first["contract_end"] == pd.Timestamp("2022-12-31")
    assert first["lot_value_eur"] == 5000 and first["contract_end_reason"] == "in_house"
    leap = f[f["buyer_type"] == "private_company"].iloc[0]
    assert leap["contract_end"] == pd.Timestamp("2024-02-29")  # ISO, a leap day
    assert f["buyer_type"].isna().sum() == 1  # the fundraising row
    o = ds.organisations.set_index("org_id")
    assert bool(o.loc["0112038-9", "operates_company"]) and o.loc["0112038-9", "company_since"] == 2021
    assert not bool(o.loc["0109862-8", "operates_company"])


def test_every_bad_sales_cell_is_reported_at_once_and_nothing_is_written(tmp_path):
    fund = FUND_HEAD + (
        # row 2: ends before it starts; row 3: a lot smaller than the contract's two rows (2 × 1000)
        "0112038-9;2022;procurement;179;1000;collected;municipality;1.1.2022;31.12.2021;;\n"
        "0112038-9;2022;procurement;410;1000;collected;municipality;2021-01-01;2022-12-31;1500;\n"
        "0112038-9;2021;procurement;410;1000;collected;municipality;2021-01-01;2022-12-31;1500;\n"
        # row 5: a buyer type outside the code list; row 6: sales columns on a grant row
        "0112038-9;2023;procurement;15;100;collected;wellbeing_area;;;;\n"
        "0112038-9;2023;county;15;100;collected;county;2023-01-01;;;\n"
        # row 7: a lot on a voucher row; row 8: a municipal buyer with a county code
        "0112038-9;2023;service_voucher;15;100;collected;county;;;999;\n"
        "0112038-9;2023;personal_budget;15;100;collected;municipality;;;;\n"
        # row 9: not a date
        "0112038-9;2024;procurement;15;100;collected;county;31.2.2024;;;\n"
    )
    org = ORG.replace("0109862-8;Toinen ry;091;service_provider;carers;ei;",
                      "0109862-8;Toinen ry;091;service_provider;carers;ei;2020")
    folder = _write(tmp_path / "bad", org=org, fund=fund)
    before = _snapshot(folder)
    with pytest.raises(DataError) as info:
        load_dataset(folder, cache=False)
    assert _snapshot(folder) == before  # nothing written or changed
    got = {(p.file, p.row, p.column, p.rule) for p in info.value.problems}
    assert got == {
        ("funding.csv", 2, "contract_end", "contract_dates"),
        ("funding.csv", 3, "lot_value_eur", "lot_value"),
        ("funding.csv", 4, "lot_value_eur", "lot_value"),
        ("funding.csv", 5, "buyer_type", "code_list"),
        ("funding.csv", 6, "buyer_type", "sales_only"),
        ("funding.csv", 6, "contract_start", "sales_only"),
        ("funding.csv", 7, "lot_value_eur", "lot_procurement"),
        ("funding.csv", 8, "funder", "municipality_code"),
        ("funding.csv", 9, "contract_start", "type"),
        ("organisations.csv", 3, "company_since", "company_since"),
    }
    msg = str(info.value)
    assert "ends before it starts" in msg and "päättyy ennen kuin se alkaa" in msg
    assert "only on rows of the sources procurement" in msg
    # the command line says the same and writes nothing either
    assert cli(["validate", str(folder)]) == 1
    assert _snapshot(folder) == before


def test_validate_in_memory_frames_with_dates():
    orgs = pd.DataFrame({"org_id": ["0112038-9"], "name": ["Ry"], "municipality": ["179"],
                         "kind": ["service_provider"], "category": ["other"]})
    fund = pd.DataFrame({"org_id": ["0112038-9"] * 2, "year": [2023, 2023],
                         "source": ["procurement"] * 2, "funder": ["15", "15"],
                         "amount_eur": [100.0, 50.0], "basis": ["collected"] * 2,
                         "buyer_type": ["county"] * 2,
                         "contract_start": [dt.date(2023, 1, 1), dt.date(2023, 7, 1)],
                         "contract_end": [pd.Timestamp("2023-06-30"), pd.NaT]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = validate(Dataset(orgs, fund))
    # one buyer, two contracts in one year: two rows (the key includes contract_start)
    assert ds.funding["contract_start"].tolist() == [pd.Timestamp("2023-01-01"), pd.Timestamp("2023-07-01")]
    assert fund["contract_start"].tolist()[0] == dt.date(2023, 1, 1)  # input untouched


def _fill(path):
    wb = openpyxl.load_workbook(path)
    org = ["0112038-9", "Palvelu ry", "179", "service_provider", "older_people", 1990, 12.0, 5, 80,
           "true", 2021]
    org2 = ["0109862-8", "Toinen ry", "091", "service_provider", "carers", None, None, None, None,
            "false", None]
    fund = [
        ["0112038-9", 2022, "procurement", "179", 1000, "collected", None, "municipality",
         dt.datetime(2021, 1, 1), dt.datetime(2022, 12, 31), 399_999.5, "in_house"],
        ["0112038-9", 2023, "service_voucher", "15", 250.5, "collected", None, "county"],
        ["0109862-8", 2023, "procurement", "YRITYS", 800, "collected", None, "private_company",
         "1.3.2023", "2024-02-29", None, "expired"],
        ["0109862-8", 2023, "fundraising", "own", 90, "estimate"],
    ]
    for ws, rows in ((wb["organisations"], [org, org2]), (wb["funding"], fund)):
        n = ws.max_column
        for i, values in enumerate(rows):
            values = list(values) + [None] * (n - len(values))
            for j, v in enumerate(values, start=1):
                cell = ws.cell(row=template.FIRST_ROW + i, column=j)
                cell.value = v
                if isinstance(v, str):
                    cell.data_type = "s"
    for name in ("activities", "outcomes", "outcome_summaries"):  # sheets this association leaves out
        del wb[name]
    wb.save(path)


def test_template_round_trips_the_new_fields(tmp_path):
    path = template.write_template(tmp_path / "aineisto.xlsx")
    wb = openpyxl.load_workbook(path)
    heads = {ws: [c.value for c in wb[ws][1]] for ws in ("organisations", "funding")}
    assert heads["funding"][-5:] == ["buyer_type", "contract_start", "contract_end", "lot_value_eur",
                                     "contract_end_reason"]
    assert heads["organisations"][-2:] == ["operates_company", "company_since"]
    # dropdowns: buyer types and end reasons from the catalogue, yes/no, a date check
    dvs = {}
    for dv in wb["funding"].data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            dvs[rng.coord.split(":")[0].rstrip("0123456789")] = dv
    col = {name: openpyxl.utils.get_column_letter(j) for j, name in enumerate(heads["funding"], start=1)}
    assert dvs[col["buyer_type"]].type == "list" and dvs[col["contract_end_reason"]].type == "list"
    assert dvs[col["contract_start"]].type == "date" and dvs[col["contract_end"]].type == "date"
    codes = wb["koodit"]
    listed = {codes.cell(row=1, column=c).value for c in range(1, codes.max_column + 1)}
    assert {"buyer_type", "end_reason"} <= listed
    guide = " ".join(str(c.value) for c in wb["ohjeet"]["A"] if c.value)
    assert "Palvelumyynnin riveillä" in guide and "Rows of sales" in guide
    _fill(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds = load_dataset(path, cache=False)
    f = ds.funding.set_index(["org_id", "source"])
    p = f.loc[("0112038-9", "procurement")]
    assert (p["buyer_type"], p["contract_start"], p["contract_end"], p["lot_value_eur"],
            p["contract_end_reason"]) == ("municipality", pd.Timestamp("2021-01-01"),
                                          pd.Timestamp("2022-12-31"), 399_999.5, "in_house")
    q = f.loc[("0109862-8", "procurement")]
    assert (q["contract_start"], q["contract_end"]) == (pd.Timestamp("2023-03-01"), pd.Timestamp("2024-02-29"))
    assert f.loc[("0112038-9", "service_voucher"), "amount_eur"] == 250.5
    o = ds.organisations.set_index("org_id")
    assert o.loc["0112038-9", "company_since"] == 2021 and bool(o.loc["0112038-9", "operates_company"])
    assert not bool(o.loc["0109862-8", "operates_company"]) and pd.isna(o.loc["0109862-8", "company_since"])
    assert set(model.column_names("funding")) <= set(ds.funding.columns)
