"""The cooperation sheet of the data-entry template: a group's own record of its county's
cooperation structures (item, status yes/no/unknown, since, source), loaded and checked like
the other tables; bad input gives one DataError naming sheet, row, column and rule."""

from __future__ import annotations

import datetime

import openpyxl
import pandas as pd
import pytest

from impactlib import Dataset, countyfacts, model, validate
from impactlib.errors import DataError
from impactlib.sources import tables, template

ORGS = [["0112038-9", "Omaiset ry", "179", "volunteer", "carers"]]
FUNDING = [["0112038-9", 2023, "county", "15", 1000, "collected"]]


def _workbook(tmp_path, coop_rows):
    path = template.write_template(tmp_path / "aineisto.xlsx")
    wb = openpyxl.load_workbook(path)
    for sheet, rows in (("organisations", ORGS), ("funding", FUNDING), ("cooperation", coop_rows)):
        ws = wb[sheet]
        ws.delete_rows(template.FIRST_ROW, 1)  # the example row
        for i, values in enumerate(rows):
            for j, v in enumerate(values, start=1):
                cell = ws.cell(row=template.FIRST_ROW + i, column=j)
                cell.value = v
                if isinstance(v, str):
                    cell.data_type = "s"
    for sheet in ("activities", "outcomes", "outcome_summaries"):
        del wb[sheet]
    wb.save(path)
    return path


def test_the_sheet_is_in_the_template_with_dropdowns(tmp_path):
    path = template.write_template(tmp_path / "pohja.xlsx")
    ws = openpyxl.load_workbook(path)["cooperation"]
    assert [c.value for c in ws[1]] == ["county", "item", "status", "since", "source", "description"]
    lists = {str(dv.sqref).split(":")[0][0]: dv.formula1 for dv in ws.data_validations.dataValidation
             if dv.type == "list"}
    ranges = template.code_ranges()
    assert lists["A"] == ranges["county"] and lists["B"] == ranges["cooperation_item"]
    assert lists["C"] == ranges["cooperation_status"]
    assert model.TABLES["cooperation"].key == ("county", "item")


def test_a_good_sheet_loads(tmp_path):
    path = _workbook(tmp_path, [
        ["15", "coordinator", "yes", datetime.datetime(2025, 11, 3), "https://www.sttinfo.fi/tiedote/71609806/",
         "järjestökoordinaattori"],
        ["15", "premises_offered", "NO", "3/2024", "Aluehallitus 12.3.2024 § 45"],
        ["15", "partnership_agreements", "unknown", None, "Oma selvitys, kysytty alueelta 2026"],
    ])
    ds = tables.load_dataset(path, cache=False)
    c = ds.cooperation.set_index("item")
    assert c.loc["coordinator", "since"] == "2025-11-03"
    assert c.loc["premises_offered", ["status", "since"]].tolist() == ["no", "2024-03"]
    assert pd.isna(c.loc["partnership_agreements", "since"])
    # the brief's facts use the group's rows ahead of the published ones, and say so
    f = countyfacts.published_facts("15", cooperation_own=ds.cooperation).cooperation.set_index("item")
    assert f.loc["coordinator", "origin"] == "own" and f.loc["premises_offered", "status"] == "no"
    assert f.loc["written_plan", "origin"] == "published"


def test_every_bad_cell_is_reported_at_once(tmp_path):
    path = _workbook(tmp_path, [
        ["15", "coordinater", "yes", "2024", "https://pohde.fi/x"],            # unknown item
        ["15", "written_plan", "maybe", "2024", "Aluevaltuusto 29.11.2022 §356"],  # unknown status
        ["15", "cooperation_body", "yes", "2024", "12345"],                  # source: no text, no URL
        ["15", "premises_offered", "yes", "2024", "htps:/pohde"],            # source: a broken address
        ["15", "partnership_agreements", "yes", "2999", "kyt.fi (8.3.2023)"],  # since: in the future
        ["15", "strategy_mentions_associations", "yes", "31.2.2023", "Strategia 2023–2025"],  # no such day
        ["99", "coordinator", "yes", "2023", "Strategia"],                   # no such area
    ])
    with pytest.raises(DataError) as err:
        tables.load_dataset(path, cache=False)
    got = {(p.row, p.column, p.rule) for p in err.value.problems if "cooperation" in p.file}
    assert got == {
        (4, "item", "code_list"),
        (5, "status", "code_list"),
        (6, "source", "source_text"),
        (7, "source", "source_text"),
        (8, "since", "future_date"),
        (9, "since", "type"),
        (10, "county", "county_code"),
    }
    assert all(p.file.endswith("aineisto.xlsx:cooperation") for p in err.value.problems)
    text = str(err.value)
    assert "web address" in text and "verkko-osoite" in text and "in the future" in text


def test_duplicate_item_and_missing_source(tmp_path):
    coop = pd.DataFrame({"county": ["15", "15"], "item": ["coordinator", "coordinator"],
                         "status": ["yes", "no"], "source": ["Strategia", None]})
    orgs = pd.DataFrame({"org_id": ["0112038-9"], "name": ["Ry"], "municipality": ["179"],
                         "kind": ["volunteer"], "category": ["other"]})
    fund = pd.DataFrame({"org_id": ["0112038-9"], "year": [2023], "source": ["fundraising"],
                         "funder": ["own"], "amount_eur": [10.0], "basis": ["collected"]})
    with pytest.raises(DataError) as err:
        validate(Dataset(orgs, fund, cooperation=coop))
    rules = sorted((p.row, p.column, p.rule) for p in err.value.problems)
    assert rules == [(3, "county, item", "unique_key"), (3, "source", "required")]


def test_optional_and_filtered_by_county(demo):
    assert demo.cooperation.empty and list(demo.cooperation.columns) == model.column_names("cooperation")
    coop = pd.DataFrame({"county": ["15", "20"], "item": ["coordinator"] * 2, "status": ["yes"] * 2,
                         "source": ["Strategia"] * 2})
    ds = validate(Dataset(demo.organisations, demo.funding, cooperation=coop))
    assert ds.for_county("20").cooperation["county"].tolist() == ["20"]
