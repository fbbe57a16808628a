"""Tests of impactlib.sources.template.

The workbook is opened with openpyxl and checked against the data model
itself (impactlib.model, impactlib.regions): sheets, headers, help rows,
and every data validation, whose list ranges are resolved cell by cell on
the hidden ``koodit`` sheet. A filled template must load and validate with
impactlib.sources.tables.load_dataset. Where LibreOffice is installed, the
workbook is also converted with it to prove it opens.
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import warnings

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from impactlib import model, regions
from impactlib.errors import DataError, DataWarning
from impactlib.sources import tables, template


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = template.write_template(tmp_path_factory.mktemp("tpl") / "pohja.xlsx")
    return path, openpyxl.load_workbook(path)


def _resolve(wb, formula: str) -> list[str]:
    """Values of the cells a list validation refers to (e.g. 'koodit'!$A$2:$A$4)."""
    m = re.fullmatch(r"'?([^'!]+)'?!(\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?\d+)", formula)
    assert m, f"not a sheet range: {formula}"
    ws = wb[m.group(1)]
    c1, r1, c2, r2 = range_boundaries(m.group(2).replace("$", ""))
    assert c1 == c2
    return [ws.cell(row=r, column=c1).value for r in range(r1, r2 + 1)]


def _validations(ws) -> dict[str, object]:
    """Column letter → the DataValidation covering rows 4…5000 of that column."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            c1, r1, c2, r2 = range_boundaries(rng.coord)
            assert (r1, r2) == (template.FIRST_ROW, template.LAST_ROW)
            for c in range(c1, c2 + 1):
                out[openpyxl.utils.get_column_letter(c)] = dv
    return out


def test_sheets_and_headers(book):
    _, wb = book
    assert wb.sheetnames == ["ohjeet", *model.TABLE_ORDER, "koodit"]
    assert wb["koodit"].sheet_state == "hidden"
    for table in model.TABLE_ORDER:
        ws = wb[table]
        names = [c.value for c in ws[1]]
        assert names == model.column_names(table)  # row 1: the model's names, exactly
        assert str(ws["A2"].value).startswith("#") and str(ws["A3"].value).startswith("#")
        fields = model.TABLES[table].fields
        for j, f in enumerate(fields, start=1):
            assert f.fi in ws.cell(row=2, column=j).value  # Finnish help in row 2
            assert f.en in ws.cell(row=3, column=j).value  # English help in row 3
            ex = ws.cell(row=4, column=j).value
            if f.example is None or f.example == "":
                assert ex is None
            elif isinstance(f.example, bool):
                assert ex == ("true" if f.example else "false")
            else:
                assert ex == f.example
        assert ws.freeze_panes == "A4"
        assert ws.max_row == 4  # nothing below the example row


def test_code_list_dropdowns_resolve_to_the_model(book):
    _, wb = book
    checked = 0
    for table in model.TABLE_ORDER:
        ws = wb[table]
        dvs = _validations(ws)
        for j, f in enumerate(model.TABLES[table].fields, start=1):
            col = openpyxl.utils.get_column_letter(j)
            dv = dvs.get(col)
            if f.kind == "code":
                assert dv is not None and dv.type == "list", (table, f.name)
                assert _resolve(wb, dv.formula1) == list(model.CODE_LISTS[f.codes])
                assert dv.showErrorMessage and dv.errorStyle == "stop"
                checked += 1
            elif f.kind == "bool":
                assert dv.type == "list" and _resolve(wb, dv.formula1) == ["true", "false"]
                checked += 1
            elif f.kind == "municipality":
                codes = _resolve(wb, dv.formula1)
                expected = set(regions.municipalities(2013)["code"]) | set(regions.municipalities(2026)["code"])
                assert set(codes) == expected and len(codes) == len(expected) == 320
                assert "091" in codes and "588" in codes  # zero-padded text; Pertunmaa (to 2024) too
                checked += 1
    # every code-list, yes/no and municipality column of every table was checked
    n_code = sum(f.kind in ("code", "bool", "municipality") for t in model.TABLES.values() for f in t.fields)
    assert checked == n_code


def test_labels_beside_codes(book):
    _, wb = book
    ranges = template.code_ranges()
    ws = wb["koodit"]
    c1, r1, _, r2 = range_boundaries(ranges["source"].split("!")[1].replace("$", ""))
    rows = [[ws.cell(row=r, column=c1 + k).value for k in range(3)] for r in range(r1, r2 + 1)]
    assert rows == [[c, fi, en] for c, (fi, en) in model.SOURCES.items()]
    c1, r1, _, r2 = range_boundaries(ranges["municipality"].split("!")[1].replace("$", ""))
    names = {ws.cell(row=r, column=c1).value: ws.cell(row=r, column=c1 + 1).value for r in range(r1, r2 + 1)}
    assert names["179"] == regions.municipality_name("179") == "Jyväskylä"


def test_number_validations_use_model_limits(book):
    _, wb = book
    for table in model.TABLE_ORDER:
        dvs = _validations(wb[table])
        for j, f in enumerate(model.TABLES[table].fields, start=1):
            dv = dvs.get(openpyxl.utils.get_column_letter(j))
            if f.kind in ("int", "year"):
                assert dv.type == "whole", (table, f.name)
            elif f.kind == "float" and (f.min is not None or f.max is not None):
                assert dv.type == "decimal", (table, f.name)
            else:
                continue
            if f.min is not None and f.max is not None:
                assert (dv.operator, float(dv.formula1), float(dv.formula2)) == ("between", f.min, f.max)
            elif f.min is not None:
                assert (dv.operator, float(dv.formula1)) == ("greaterThanOrEqual", f.min)
    amount = _validations(wb["funding"])["E"]
    assert (amount.type, amount.operator, amount.formula1) == ("decimal", "greaterThanOrEqual", "0")


def test_guide_sheet(book):
    _, wb = book
    text = "\n".join(str(c.value) for c in wb["ohjeet"]["A"] if c.value)
    assert "pseudonyymi" in text and "henkilötunnus" in text.lower()
    assert "pseudonym" in text and "personal identity code" in text
    for table in model.TABLE_ORDER:
        assert table in text


def test_text_is_never_a_formula(tmp_path):
    wb = openpyxl.Workbook()
    cell = wb.active["A1"]
    template._set(cell, '=HYPERLINK("http://x","klik")')
    wb.save(tmp_path / "f.xlsx")
    back = openpyxl.load_workbook(tmp_path / "f.xlsx")["Sheet"]["A1"]
    assert back.data_type == "s" and back.value.startswith("=HYPERLINK")
    p = template.write_template(tmp_path / "t.xlsx")
    for ws in openpyxl.load_workbook(p).worksheets:
        for row in ws.iter_rows():
            assert all(c.data_type != "f" for c in row)


def test_atomic_and_arguments(tmp_path):
    p = template.write_template(tmp_path / "pohja")
    assert p.suffix == ".xlsx" and p.exists()
    template.write_template(p, lang="en")  # overwrite in place
    assert sorted(x.name for x in tmp_path.iterdir()) == ["pohja.xlsx"]  # no temporary files left
    with pytest.raises(ValueError, match="lang"):
        template.write_template(tmp_path / "x.xlsx", lang="sv")
    with pytest.raises(ValueError, match="ending in .xlsx"):
        template.write_template(tmp_path / "x.csv")


def _fill(path):
    """Fill the template as an association would: overwrite the example rows."""
    wb = openpyxl.load_workbook(path)
    rows = {
        "organisations": [
            ["0112038-9", "Keski-Suomen Omaiset ry", "179", "volunteer", "carers", 1992, 1.5, 40, 310],
            ["2069479-1", "=HYPERLINK(\"http://x\",\"klik\")", "091", "intermediate", "mental_health_substance", None, None, None, None],
        ],
        "funding": [
            ["0112038-9", 2022, "municipality", "179", 12000, "collected", None],
            ["0112038-9", 2023, "county", "15", 11500.5, "collected", None],
            ["0112038-9", 2023, "stea_general", "STEA", 48000, "collected", "1234"],
            ["2069479-1", 2023, "fundraising", "own", 900, "estimate", None],
        ],
        "activities": [
            ["T-1-2023", "0112038-9", 2023, "Vertaisryhmä", "peer_support", "carers", "65+", "179 410", 25,
             200, 300.0, 80.0, 5000.0, "pre_post", "true", "false", "false", "false", "SWEMWBS", 20, 18, "collected"],
        ],
        "outcomes": [
            ["T-1-2023", "p01", "pre", "SWEMWBS", 20.0, "participant"],
            ["T-1-2023", "p01", "post", "SWEMWBS", 24.5, "participant"],
            ["T-1-2023", "p02", "pre", "SWEMWBS", 18.0, "participant"],
            ["T-1-2023", "p02", "post", "SWEMWBS", 19.0, "participant"],
        ],
        "outcome_summaries": [
            ["T-1-2023", "SWEMWBS", "participant", "pre", 2, 19.0, 1.41, None],
            ["T-1-2023", "SWEMWBS", "participant", "post", 2, 21.75, 3.89, 0.9],
        ],
        "cooperation": [
            ["15", "coordinator", "yes", datetime.datetime(2025, 11, 1), "https://www.sttinfo.fi/tiedote/71609806/",
             "järjestökoordinaattori"],
            [15, "premises_offered", "Unknown", None, "oma selvitys 2026"],
        ],
    }
    for table, data in rows.items():
        ws = wb[table]
        n = len(model.column_names(table))
        assert all(len(v) <= n for v in data)
        for i, values in enumerate(data):
            values = list(values) + [None] * (n - len(values))  # optional columns left empty
            for j, v in enumerate(values, start=1):
                cell = ws.cell(row=template.FIRST_ROW + i, column=j)
                cell.value = v
                if isinstance(v, str):
                    cell.data_type = "s"
    wb.save(path)
    return rows


def test_filled_template_loads_and_validates(tmp_path):
    path = template.write_template(tmp_path / "aineisto.xlsx")
    rows = _fill(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a clean fill raises no warning either
        ds = tables.load_dataset(path, cache=False)
    assert len(ds.organisations) == 2 and len(ds.funding) == 4 and len(ds.outcomes) == 4
    org = ds.organisations.set_index("org_id")
    assert org.loc["0112038-9", "municipality"] == "179"
    assert org.loc["2069479-1", "municipality"] == "091"  # leading zero kept
    assert org.loc["2069479-1", "name"].startswith("=HYPERLINK")  # read as plain text
    assert ds.funding["amount_eur"].sum() == 12000 + 11500.5 + 48000 + 900
    act = ds.activities.iloc[0]
    assert bool(act["theory_of_change"]) is True and bool(act["manualised"]) is False
    assert act["area"] == "179 410"
    assert list(ds.outcomes["score"]) == [r[4] for r in rows["outcomes"]]
    coop = ds.cooperation.set_index("item")
    assert coop.loc["coordinator", "since"] == "2025-11-01"  # a spreadsheet date, read as a day
    assert coop.loc["premises_offered", ["county", "status"]].tolist() == ["15", "unknown"]


def test_template_example_rows_are_skipped(tmp_path):
    path = template.write_template(tmp_path / "aineisto.xlsx")
    wb = openpyxl.load_workbook(path)
    # add real rows below the untouched examples
    wb["organisations"].append(["0112038-9", "Omaiset ry", "179", "volunteer", "carers"])
    wb["funding"].append(["0112038-9", 2023, "county", "15", 100, "collected"])
    wb.save(path)
    with pytest.warns(DataWarning, match="example row"):
        ds = tables.load_dataset(path, cache=False)
    assert ds.organisations["org_id"].tolist() == ["0112038-9"]
    assert len(ds.funding) == 1


def test_blank_template_is_refused_clearly(tmp_path):
    path = template.write_template(tmp_path / "tyhja.xlsx")
    with pytest.warns(DataWarning), pytest.raises(DataError, match="header row but no data rows"):
        tables.load_dataset(path, cache=False)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_opens_in_libreoffice_with_working_dropdowns(tmp_path):
    """LibreOffice reads the workbook and keeps every validation, lists pointing at koodit."""
    path = template.write_template(tmp_path / "pohja.xlsx")
    res = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile",
         "--convert-to", "fods", "--outdir", str(tmp_path), str(path)],
        capture_output=True, text=True, timeout=120,
    )
    assert res.returncode == 0, res.stderr
    fods = (tmp_path / "pohja.fods").read_text(encoding="utf-8")
    sheets = re.findall(r'<table:table table:name="([^"]+)"', fods)
    assert sheets == ["ohjeet", *model.TABLE_ORDER, "koodit"]
    conditions = re.findall(r'<table:content-validation table:name="[^"]+" table:condition="([^"]+)"', fods)
    wb = openpyxl.load_workbook(path)
    ours = [dv for ws in wb.worksheets for dv in ws.data_validations.dataValidation]
    assert len(conditions) == len(ours)
    lists = [c for c in conditions if "cell-content-is-in-list" in c]
    assert len(lists) == sum(dv.type == "list" for dv in ours)
    assert all("$koodit." in c for c in lists)
    # every validation is attached to cells
    used = set(re.findall(r'table:content-validation-name="([^"]+)"', fods))
    assert len(used) == len(ours)
    assert 'table:display="false"' in fods  # the koodit sheet stays hidden
