"""Validation and the CSV/xlsx reader: every bad input gives one DataError naming
file, row, column and rule; nothing is written or modified; good Finnish-format
input is read and what was detected is reported."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from impactlib import DataError, Dataset, DataWarning, load_dataset, model, validate
from impactlib.sources.tables import neutralise_formulas

ORG = (
    "org_id;name;municipality;kind;category;founded;staff_fte;volunteers;members\n"
    "0112038-9;Testiyhdistys ry;179;volunteer;older_people;1985;0;20;150\n"
    "0109862-8;Toinen yhdistys ry;091;intermediate;carers;2001;1,5;12;80\n"
)
FUND = (
    "org_id;year;source;funder;amount_eur;basis\n"
    "0112038-9;2022;municipality;179;1500,50;collected\n"
    "0112038-9;2023;county;15;1600;collected\n"
    "0109862-8;2023;stea_targeted;STEA;70 000,00;collected\n"
)
ACT = (
    "activity_id;org_id;year;participants;cost_eur;design;area;instrument;feedback_respondents;feedback_helped\n"
    "A1;0112038-9;2023;12;5000;pre_post;179 410;SWEMWBS;10;8\n"
)
OUT = (
    "activity_id;participant_id;phase;instrument;score;group\n"
    "A1;p1;pre;SWEMWBS;20;participant\n"
    "A1;p1;post;SWEMWBS;23;participant\n"
    "A1;p2;pre;SWEMWBS;18;participant\n"
    "A1;p2;post;SWEMWBS;19;participant\n"
)


def write(folder: Path, files: dict[str, str | bytes], encoding: str = "utf-8") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        data = content if isinstance(content, bytes) else content.encode(encoding)
        (folder / name).write_bytes(data)
    return folder


def good_files() -> dict[str, str]:
    return {"organisations.csv": ORG, "funding.csv": FUND, "activities.csv": ACT, "outcomes.csv": OUT}


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


def load_expecting_error(folder: Path, **kw) -> DataError:
    """Load, require a DataError, and check that the folder is unchanged."""
    before = snapshot(folder) if folder.is_dir() else None
    with pytest.raises(DataError) as info:
        load_dataset(folder, cache=False, **kw)
    if before is not None:
        assert snapshot(folder) == before, "the reader changed or wrote files"
    return info.value


def only(err: DataError, rule: str):
    hits = [p for p in err.problems if p.rule == rule]
    assert hits, f"no problem with rule {rule!r} in:\n{err}"
    return hits


# --------------------------------------------------------------------------- good input


def test_good_finnish_csv_loads_and_reports_detection(tmp_path):
    ds = load_dataset(write(tmp_path / "d", good_files()), cache=False)
    assert len(ds.organisations) == 2 and len(ds.outcomes) == 4
    assert ds.organisations["staff_fte"].tolist() == [0.0, 1.5]  # decimal comma
    assert ds.funding["amount_eur"].tolist() == [1500.5, 1600.0, 70000.0]  # thousands space
    assert ds.organisations["municipality"].tolist() == ["179", "091"]
    notes = " ".join(ds.provenance.notes)
    assert "separator ';'" in notes and "decimal comma" in notes and "UTF-8" in notes
    assert set(ds.provenance.files) == set(good_files())
    assert len(ds.provenance.sha256) == 64


def test_bom_and_latin1_are_detected(tmp_path):
    files = good_files()
    folder = write(tmp_path / "d", {k: v for k, v in files.items() if k != "organisations.csv"})
    org = ORG.replace("Testiyhdistys", "Äänekosken Ässät")
    (folder / "organisations.csv").write_bytes(org.encode("latin-1"))
    (folder / "funding.csv").write_bytes(b"\xef\xbb\xbf" + FUND.encode("utf-8"))
    ds = load_dataset(folder, cache=False)
    assert ds.organisations["name"].iloc[0] == "Äänekosken Ässät ry"
    notes = " ".join(ds.provenance.notes)
    assert "organisations.csv: Windows-1252 (Latin-1)" in notes
    assert "funding.csv: UTF-8 with BOM" in notes


def test_comma_csv_with_decimal_points_and_gzip(tmp_path):
    import gzip

    org = ORG.replace(";", ",").replace("1,5", "1.5")
    fund = "org_id,year,source,funder,amount_eur,basis\n0112038-9,2022,municipality,179,1500.5,collected\n"
    folder = write(tmp_path / "d", {"organisations.csv": org, "funding.csv.gz": gzip.compress(fund.encode())})
    ds = load_dataset(folder, cache=False)
    assert ds.funding["amount_eur"].tolist() == [1500.5]
    assert "decimal point" in " ".join(ds.provenance.notes)


def test_finnish_file_names_and_excel_lost_leading_zero(tmp_path):
    org = ORG.replace("091;intermediate", "91;intermediate")
    folder = write(tmp_path / "d", {"järjestöt.csv": org, "rahoitus.csv": FUND})
    ds = load_dataset(folder, cache=False)
    assert ds.organisations["municipality"].tolist() == ["179", "091"]


def test_valid_in_memory_dataset_passes_silently():
    orgs = pd.DataFrame({"org_id": ["0112038-9"], "name": ["Ry"], "municipality": ["179"],
                         "kind": ["volunteer"], "category": ["other"]})
    fund = pd.DataFrame({"org_id": ["0112038-9"], "year": [2023], "source": ["fundraising"],
                         "funder": ["own"], "amount_eur": [100.0], "basis": ["collected"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = validate(Dataset(orgs, fund))
    assert out.funding["year"].dtype == "Int64"
    assert orgs["municipality"].tolist() == ["179"]  # input untouched


def test_validation_does_not_modify_input_frames():
    orgs = pd.DataFrame({"org_id": [" 0112038-9 "], "name": ["Ry"], "municipality": [179],
                         "kind": ["Volunteer"], "category": ["other"]})
    fund = pd.DataFrame({"org_id": ["0112038-9"], "year": ["2023"], "source": ["fundraising"],
                         "funder": ["own"], "amount_eur": ["100,5"], "basis": ["collected"]})
    before = (orgs.copy(), fund.copy())
    out = validate(Dataset(orgs, fund))
    pd.testing.assert_frame_equal(orgs, before[0])
    pd.testing.assert_frame_equal(fund, before[1])
    assert out.organisations["org_id"].iloc[0] == "0112038-9"
    assert out.organisations["kind"].iloc[0] == "volunteer"
    assert out.funding["amount_eur"].iloc[0] == 100.5


# --------------------------------------------------------------------------- bad input, one by one


def test_missing_column(tmp_path):
    fund = FUND.replace("amount_eur;", "").replace(";1500,50", "").replace(";1600", "").replace(";70 000,00", "")
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "funding.csv": fund}))
    p = only(err, "missing_column")[0]
    assert (p.file, p.column, p.row) == ("funding.csv", "amount_eur", None)
    assert "puuttuu" in p.message_fi


def test_extra_unknown_column_is_a_warning_not_an_error(tmp_path):
    org = ORG.replace("members\n", "members;lempiväri\n").replace("150\n", "150;sininen\n").replace("80\n", "80;punainen\n")
    folder = write(tmp_path / "d", {**good_files(), "organisations.csv": org})
    with pytest.warns(DataWarning, match="lempiväri"):
        ds = load_dataset(folder, cache=False)
    assert "lempiväri" in ds.organisations.columns


def test_wrong_type(tmp_path):
    fund = FUND.replace("1600;", "tuhat;")
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "funding.csv": fund}))
    p = only(err, "type")[0]
    assert (p.file, p.row, p.column, p.value) == ("funding.csv", 3, "amount_eur", "tuhat")


def test_decimal_comma_in_a_dot_file(tmp_path):
    org = ORG.replace(";", ",").replace("1,5", "1.5")
    fund = ('org_id,year,source,funder,amount_eur,basis\n'
            '0112038-9,2022,municipality,179,"1500,5",collected\n'
            '0112038-9,2023,county,15,1600,5,collected\n')
    err = load_expecting_error(write(tmp_path / "d", {"organisations.csv": org, "funding.csv": fund}))
    quoted = only(err, "decimal_comma")[0]
    assert (quoted.file, quoted.row, quoted.column, quoted.value) == ("funding.csv", 2, "amount_eur", "1500,5")
    split = only(err, "decimal_comma_split")[0]
    assert (split.file, split.row) == ("funding.csv", 3)


def test_invalid_ytunnus(tmp_path):
    org = ORG.replace("0109862-8", "0109862-7")
    fund = FUND.replace("0109862-8", "0109862-7")
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "organisations.csv": org, "funding.csv": fund}))
    rows = {(p.file, p.row, p.column) for p in only(err, "ytunnus")}
    assert rows == {("organisations.csv", 3, "org_id"), ("funding.csv", 4, "org_id")}


def test_unknown_municipality_code(tmp_path):
    org = ORG.replace("179;volunteer", "999;volunteer")
    fund = FUND.replace("municipality;179", "municipality;588").replace("2022;municipality", "2025;municipality")
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "organisations.csv": org, "funding.csv": fund}))
    probs = only(err, "municipality_code")
    assert {(p.file, p.row, p.column, p.value) for p in probs} == {
        ("organisations.csv", 2, "municipality", "999"),
        # Pertunmaa (588) merged into Mäntyharju on 1.1.2025: not valid in 2025
        ("funding.csv", 2, "funder", "588"),
    }
    assert "2025" in [p for p in probs if p.file == "funding.csv"][0].message_en


def test_municipality_code_valid_in_its_year(tmp_path):
    fund = FUND.replace("municipality;179", "municipality;588")
    ds = load_dataset(write(tmp_path / "d", {**good_files(), "funding.csv": fund}), cache=False)
    assert "588" in ds.funding["funder"].tolist()


def test_negative_amount(tmp_path):
    fund = FUND.replace("1600;", "-1600;")
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "funding.csv": fund}))
    p = only(err, "range")[0]
    assert (p.file, p.row, p.column, p.value) == ("funding.csv", 3, "amount_eur", "-1600")


def test_year_out_of_range(tmp_path):
    fund = FUND.replace("0112038-9;2023", "0112038-9;1999")
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "funding.csv": fund}))
    p = only(err, "range")[0]
    assert (p.row, p.column, p.value) == (3, "year", "1999")


def test_duplicate_key(tmp_path):
    fund = FUND + "0112038-9;2023;county;15;99;collected\n"
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "funding.csv": fund}))
    p = only(err, "unique_key")[0]
    assert (p.file, p.row) == ("funding.csv", 5)
    assert "row 3" in p.message_en and "rivillä 3" in p.message_fi


def test_orphan_foreign_keys(tmp_path):
    fund = FUND + "1234567-1;2023;fundraising;own;10;collected\n"
    out = OUT + "A9;p9;pre;SWEMWBS;20;participant\n"
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "funding.csv": fund, "outcomes.csv": out}))
    got = {(p.file, p.row, p.column, p.value) for p in only(err, "foreign_key")}
    assert got == {("funding.csv", 5, "org_id", "1234567-1"), ("outcomes.csv", 6, "activity_id", "A9")}


def test_post_score_without_pre(tmp_path):
    out = OUT + "A1;p3;post;SWEMWBS;20;participant\n"
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "outcomes.csv": out}))
    p = only(err, "prepost_pairing")[0]
    assert (p.file, p.row, p.column, p.value) == ("outcomes.csv", 6, "phase", "post")


def test_personal_identity_code_as_participant_id_is_refused(tmp_path):
    out = OUT.replace("p1;", "131052-308T;")
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "outcomes.csv": out}))
    probs = only(err, "personal_id")
    assert {p.row for p in probs} == {2, 3}
    assert all("131052" not in (p.value or "") for p in probs), "the identity code must not be echoed"


def test_empty_file(tmp_path):
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "funding.csv": ""}))
    assert only(err, "empty_file")[0].file == "funding.csv"


def test_header_only_file(tmp_path):
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "funding.csv": FUND.splitlines()[0] + "\n"}))
    assert only(err, "header_only")[0].file == "funding.csv"


def test_wrong_encoding(tmp_path):
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "funding.csv": FUND.encode("utf-16")}))
    p = only(err, "encoding")[0]
    assert p.file == "funding.csv" and "UTF-16" in p.message_en


def test_workbook_without_a_required_sheet(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "organisations"
    for line in ORG.splitlines():
        ws.append(line.split(";"))
    path = tmp_path / "aineisto.xlsx"
    wb.save(path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    err = load_expecting_error(path)
    p = only(err, "missing_sheet")[0]
    assert p.file == "aineisto.xlsx" and "funding" in p.message_en and "organisations" in p.message_en
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_file_that_is_not_csv_or_xlsx(tmp_path):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "funding.csv": png}))
    assert only(err, "encoding")[0].file == "funding.csv"
    fake = tmp_path / "kuva.xlsx"
    fake.write_bytes(png)
    assert only(load_expecting_error(fake), "not_tabular")[0].file == "kuva.xlsx"
    pdf = tmp_path / "raportti.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    assert only(load_expecting_error(pdf), "not_tabular")[0].file == "raportti.pdf"


def test_missing_path_and_missing_required_table(tmp_path):
    assert only(load_expecting_error(tmp_path / "ei-ole"), "not_found")
    err = load_expecting_error(write(tmp_path / "d", {"organisations.csv": ORG}))
    assert only(err, "missing_table")[0].message_en.startswith("required table funding")


def test_every_problem_is_reported_at_once(tmp_path):
    org = ORG.replace("0109862-8", "0109862-7").replace("179;volunteer", "999;volunteer").replace("older_people", "vanhukset")
    fund = FUND.replace("1600;", "-1600;").replace("collected\n0109862-8", "kerätty\n0109862-8")
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "organisations.csv": org, "funding.csv": fund}))
    rules = {p.rule for p in err.problems}
    assert {"ytunnus", "municipality_code", "code_list", "range"} <= rules
    text = str(err)
    assert "organisations.csv, row 2, column category, value 'vanhukset'" in text
    assert err.to_frame().columns.tolist() == ["file", "row", "column", "value", "rule", "message_en", "message_fi"]


def test_feedback_helped_cannot_exceed_respondents(tmp_path):
    act = ACT.replace(";10;8\n", ";10;11\n")
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "activities.csv": act}))
    assert only(err, "feedback")[0].column == "feedback_helped"


def test_score_outside_instrument_range(tmp_path):
    out = OUT.replace("SWEMWBS;23;", "SWEMWBS;40;")  # SWEMWBS runs 7-35
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "outcomes.csv": out}))
    p = only(err, "score_range")[0]
    assert (p.row, p.column) == (3, "score")


def test_county_funding_before_the_counties_existed(tmp_path):
    fund = FUND.replace("0112038-9;2023;county", "0112038-9;2019;county")
    err = load_expecting_error(write(tmp_path / "d", {**good_files(), "funding.csv": fund}))
    assert only(err, "county_year")[0].row == 3


# --------------------------------------------------------------------------- formulas


def test_formula_text_is_read_as_plain_text_and_neutralised_on_write(tmp_path):
    formula = '=HYPERLINK("http://example.invalid","klikkaa")'
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "organisations"
    ws.append(ORG.splitlines()[0].split(";"))
    row = ORG.splitlines()[1].split(";")
    row[1] = formula
    ws.append(row)
    ws2 = wb.create_sheet("funding")
    for line in FUND.splitlines()[:3]:
        ws2.append(line.split(";"))
    path = tmp_path / "a.xlsx"
    wb.save(path)
    ds = load_dataset(path, cache=False)
    assert ds.organisations["name"].iloc[0] == formula  # text, not evaluated
    safe = neutralise_formulas(ds.organisations)
    assert safe["name"].iloc[0] == "'" + formula
    assert ds.organisations["name"].iloc[0] == formula  # input not modified


# --------------------------------------------------------------------------- properties


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_give_only_data_errors(tmp_path, data):
    folder = write(tmp_path / "fuzz", {"organisations.csv": ORG, "funding.csv": data})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataWarning)
            load_dataset(folder, cache=False)
    except DataError:
        pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.text(max_size=12), min_size=6, max_size=6))
def test_arbitrary_cells_give_only_data_errors(tmp_path, cells):
    cells = [c.replace(";", "").replace("\n", "").replace("\r", "").replace('"', "") for c in cells]
    fund = FUND.splitlines()[0] + "\n" + ";".join(cells) + "\n"
    folder = write(tmp_path / "fuzz2", {"organisations.csv": ORG, "funding.csv": fund})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataWarning)
            load_dataset(folder, cache=False)
    except DataError as exc:
        assert all(p.file for p in exc.problems)


# --------------------------------------------------------------------------- the schema is the rule book


def _schema_with(monkeypatch, table: str, column: str, check) -> None:
    """Give ``model.schema(table)`` one more check on ``column`` (for this test only)."""
    original = model.schema

    def patched(name):
        s = original(name)
        if name != table:
            return s
        return s.update_column(column, checks=[*s.columns[column].checks, check])

    monkeypatch.setattr(model, "schema", patched)


def test_a_rule_added_to_the_schema_is_reported_by_validate(tmp_path, monkeypatch):
    import pandera.pandas as pa

    org = ORG.replace("Toinen yhdistys ry", "Toinen yhdistys")
    folder = write(tmp_path / "d", {**good_files(), "organisations.csv": org})
    load_dataset(folder, cache=False)  # valid under the model's own rules
    _schema_with(monkeypatch, "organisations", "name", pa.Check(
        lambda s: s.str.endswith(" ry"), name="name_ry",
        error="an association's registered name ends in ry / yhdistyksen nimi päättyy ry"))
    err = load_expecting_error(folder)
    assert [(p.file, p.row, p.column, p.value, p.rule) for p in err.problems] == [
        ("organisations.csv", 3, "name", "Toinen yhdistys", "name_ry")]
    assert err.problems[0].message_en == "an association's registered name ends in ry"
    assert err.problems[0].message_fi == "yhdistyksen nimi päättyy ry"


def test_a_known_rule_in_the_schema_takes_its_parameters_from_the_check(tmp_path, monkeypatch):
    import pandera.pandas as pa

    _schema_with(monkeypatch, "funding", "amount_eur", pa.Check.in_range(0, 50_000, name="range"))
    err = load_expecting_error(write(tmp_path / "d", good_files()))
    (p,) = err.problems
    assert (p.file, p.row, p.column, p.value, p.rule) == ("funding.csv", 4, "amount_eur", "70 000,00", "range")
    assert p.message_en == "must be between 0 and 50000" and p.message_fi == "pitää olla välillä 0–50000"


def test_failure_cases_map_back_to_spreadsheet_rows(demo):
    """pandera's failure cases (by index label) and validate()'s problems (by spreadsheet row)
    name the same cells, also for a slice of a table whose index does not start at 0."""
    import pandera.pandas as pa

    bad = demo.funding.iloc[1000:1050].copy()
    bad.loc[bad.index[3], "amount_eur"] = -1.0
    bad.loc[bad.index[7], "source"] = "lottery"
    with pytest.raises(pa.errors.SchemaErrors) as info:
        model.schema("funding").validate(bad, lazy=True)
    flagged = set(info.value.failure_cases["index"].dropna().astype(int))
    assert flagged == {1003, 1007}
    with pytest.raises(DataError) as ours:
        validate(Dataset(demo.organisations, bad))
    got = {(p.row, p.column, p.rule, p.value) for p in ours.value.problems}
    # positions 3 and 7 of the slice, + 1 for the header row, + 1 to count from 1
    assert got == {(5, "amount_eur", "range", "-1"), (9, "source", "code_list", "lottery")}


def test_validated_tables_are_marked_and_trusted(demo):
    from impactlib._validated import is_validated, require_columns
    from impactlib.validation import check

    assert demo.validated
    f = demo.for_county("15").funding  # a filtered copy keeps the mark
    assert require_columns(f, ["org_id", "year", "amount_eur"], table="funding") is True
    assert require_columns(f, ["org_id"], table="activities") is False  # marked as funding
    hand = pd.DataFrame(f.to_dict("list"))  # the same values, rebuilt by hand: no mark
    assert require_columns(hand, ["org_id", "amount_eur"], table="funding") is False
    text = f.assign(amount_eur=f["amount_eur"].astype(str))  # the mark travels, the dtype changed
    assert is_validated(text, "funding")
    assert require_columns(text, ["amount_eur"], table="funding") is False
    with pytest.raises(DataError) as info:
        require_columns(f.drop(columns=["source", "funder"]), ["org_id", "source", "funder"], table="funding")
    assert [(p.column, p.rule, p.row) for p in info.value.problems] == [
        ("source", "missing_column", None), ("funder", "missing_column", None)]
    with pytest.raises(TypeError, match="pandas DataFrame"):
        require_columns([1, 2], ["org_id"], table="funding")
    # validate() itself never trusts a mark: a marked table with a bad value is refused
    negative = f.assign(amount_eur=-f["amount_eur"] - 1)
    assert is_validated(negative, "funding")
    with pytest.raises(DataError, match=r"\[range\]"):
        validate(Dataset(demo.organisations, negative))
    # and a dataset with problems comes back unmarked from check()
    converted, problems, _ = check(Dataset(demo.organisations, negative))
    assert problems and not converted.validated and not is_validated(converted.funding)


def test_cache_is_keyed_by_content(tmp_path, monkeypatch):
    monkeypatch.setenv("IMPACTLIB_CACHE", str(tmp_path / "cache"))
    folder = write(tmp_path / "d", good_files())
    a = load_dataset(folder, cache=True)
    assert list((tmp_path / "cache" / "datasets").glob("*/manifest.json"))
    b = load_dataset(folder, cache=True)
    pd.testing.assert_frame_equal(a.funding, b.funding)
    assert a.validated and b.validated  # the mark survives the cache
    (folder / "funding.csv").write_text(FUND.replace("1600;", "-1600;"))
    with pytest.raises(DataError):
        load_dataset(folder, cache=True)
    np.testing.assert_array_equal(b.funding["amount_eur"], [1500.5, 1600.0, 70000.0])
