"""Hostile and unlucky inputs answered by a DataError naming the limit or rule (issue 11)."""

from __future__ import annotations

import gzip
import io
import re
import shutil
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest

from impactlib import DataError, DataWarning, load_dataset
from impactlib.sources import limits

SMALL = Path(__file__).resolve().parent / "data" / "small_dataset"


def _folder(tmp_path: Path, name: str = "d") -> Path:
    d = tmp_path / name
    d.mkdir()
    for p in SMALL.glob("*.csv"):
        shutil.copy(p, d / p.name)
    return d


def _workbook(tmp_path: Path) -> Path:
    """A valid workbook of the small dataset's required tables."""
    import pandas as pd

    path = tmp_path / "aineisto.xlsx"
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for table in ("organisations", "funding"):
        df = pd.read_csv(next(SMALL.glob(f"*_{table}.csv")), dtype=str, keep_default_na=False)
        ws = wb.create_sheet(table)
        ws.append(list(df.columns))
        for row in df.head(50).itertuples(index=False):
            ws.append(list(row))
    wb.save(path)
    return path


def _inflate_dimension(path: Path, sheet: str = "xl/worksheets/sheet1.xml") -> Path:
    """Declare A1:XFD1048576 and put one cell in the last row (the 10,7 KB workbook of the issue)."""
    out = path.with_name("hostile.xlsx")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == sheet:
                text = data.decode("utf-8")
                text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', text)
                text = text.replace("</sheetData>",
                                    '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c>'
                                    "</row></sheetData>")
                data = text.encode("utf-8")
            zout.writestr(item, data)
    return out


def test_declared_huge_dimension_does_not_hang(tmp_path):
    hostile = _inflate_dimension(_workbook(tmp_path))
    assert hostile.stat().st_size < 60_000
    import signal

    def hang(signum, frame):  # the old reader built 1 048 576 rows of 16 384 cells (hours)
        raise AssertionError("the loader hangs on a declared A1:XFD1048576")

    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(300)
    try:
        with pytest.raises(DataError):  # the stray last-row cell is a row with a bad id, reported
            load_dataset(hostile)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_too_many_columns_is_a_limit_error(tmp_path, monkeypatch):
    path = _workbook(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["organisations"].cell(row=2, column=limits.MAX_COLUMNS + 5, value="x")
    wb.save(path)
    with pytest.raises(DataError) as err:
        load_dataset(path)
    assert any(p.rule == "too_large" and "columns" in p.message_en for p in err.value.problems)


def test_gzip_bomb_stops_at_the_byte_limit(tmp_path, monkeypatch):
    d = _folder(tmp_path)
    monkeypatch.setattr(limits, "MAX_BYTES", 5_000_000)
    funding = next(d.glob("*_funding.csv"))
    header = funding.read_text(encoding="utf-8").splitlines()[0]
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as fh:
        fh.write((header + "\n").encode())
        chunk = b"0" * 1_000_000
        for _ in range(50):  # 50 MB of zeros in a ~50 KB file
            fh.write(chunk)
    funding.unlink()
    (d / "funding.csv.gz").write_bytes(buf.getvalue())
    assert len(buf.getvalue()) < 200_000
    with pytest.raises(DataError) as err:
        load_dataset(d)
    probs = [p for p in err.value.problems if p.rule == "too_large"]
    assert probs and "decompressed bytes" in probs[0].message_en and "5 000 000" in probs[0].message_en


def test_broken_gzip_is_a_data_error(tmp_path):
    d = _folder(tmp_path)
    funding = next(d.glob("*_funding.csv"))
    data = gzip.compress(funding.read_bytes())
    funding.unlink()
    (d / "funding.csv.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(DataError) as err:
        load_dataset(d)
    assert any(p.rule == "not_tabular" and "gzip" in p.message_en for p in err.value.problems)


def test_oversized_cell_is_a_limit_error(tmp_path, monkeypatch):
    d = _folder(tmp_path)
    monkeypatch.setattr(limits, "MAX_CELL_CHARS", 1000)
    orgs = next(d.glob("*_organisations.csv"))
    text = orgs.read_text(encoding="utf-8") + '"' + "y" * 5000 + '"' + "\n"  # one 5 000-character cell
    orgs.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_dataset(d)
    assert any(p.rule == "too_large" and "characters in a cell" in p.message_en for p in err.value.problems)


def test_macros_are_reported_never_run(tmp_path):
    path = _workbook(tmp_path)
    xlsm = tmp_path / "makrot.xlsm"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(xlsm, "w") as zout:
        for item in zin.infolist():
            zout.writestr(item, zin.read(item.filename))
        zout.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a macro")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", DataWarning)
        try:
            load_dataset(xlsm)
        except DataError:
            pass
    assert any("macros" in str(w.message) for w in caught)


def _set_cell(folder: Path, table: str, column: str, value: str, row: int = 1) -> None:
    p = next(folder.glob(f"*_{table}.csv"))
    lines = p.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[row].split(",")
    cells[header.index(column)] = value
    lines[row] = ",".join(cells)
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("table,column,value", [
    ("funding", "amount_eur", "inf"), ("funding", "amount_eur", "-inf"), ("funding", "amount_eur", "1e308"),
    ("organisations", "volunteers", "1e30"), ("organisations", "volunteers", "99999999999999999999999"),
])
def test_non_finite_and_huge_numbers_are_refused(tmp_path, table, column, value):
    d = _folder(tmp_path)
    _set_cell(d, table, column, value)
    with pytest.raises(DataError) as err:
        load_dataset(d)
    assert [(p.rule, p.column) for p in err.value.problems] == [("not_finite", column)]


def test_thousands_dot_in_a_decimal_comma_file_is_ambiguous(tmp_path):
    import pandas as pd

    d = _folder(tmp_path)
    p = next(d.glob("*_funding.csv"))
    df = pd.read_csv(p, dtype=str, keep_default_na=False)
    df.loc[0, "amount_eur"] = "12.500"  # 12,5 or 12 500? never guessed
    df.to_csv(p, sep=";", index=False)
    with pytest.raises(DataError) as err:
        load_dataset(d)
    assert [(q.rule, q.value) for q in err.value.problems] == [("ambiguous_number", "12.500")]


@pytest.mark.parametrize("header_edit", [
    lambda h: h.replace("amount_eur", "year", 1),      # the same column twice
    lambda h: h + ",Amount_EUR ",                       # a case-and-space variant
])
def test_duplicate_or_case_variant_headers(tmp_path, header_edit):
    d = _folder(tmp_path)
    p = next(d.glob("*_funding.csv"))
    lines = p.read_text(encoding="utf-8").splitlines()
    extra = lines[0].count(",") < header_edit(lines[0]).count(",")
    lines = [header_edit(lines[0])] + [ln + (",1" if extra else "") for ln in lines[1:]]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_dataset(d)
    assert any(q.rule == "duplicate_column" for q in err.value.problems)


@pytest.mark.parametrize("text,keys", [
    ('{"source": "X", ', [None]),
    ('["a list"]', [None]),
    ('{"source": 5, "synthetic": "yes", "date": "2.12.2026", "files": []}', ["source", "synthetic", "date", "files"]),
])
def test_dataset_json_is_checked_against_its_schema(tmp_path, text, keys):
    d = _folder(tmp_path)
    (d / "dataset.json").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_dataset(d)
    assert [q.rule for q in err.value.problems] == ["metadata"] * len(keys)
    assert [q.column for q in err.value.problems] == keys


def test_booleans_through_the_api_are_a_data_error():
    from dataclasses import replace

    import impactlib

    ds = load_dataset(SMALL)
    f = ds.funding.copy()
    f["amount_eur"] = True
    o = ds.organisations.copy()
    o["name"] = False
    with pytest.raises(DataError) as err:
        impactlib.validate(replace(ds, funding=f, organisations=o, origins={}))
    assert {q.column for q in err.value.problems} >= {"amount_eur"}


def test_control_character_in_a_csv_cell_is_named_by_row_and_column(tmp_path):
    """Issue 11: control characters were kept in text (the file-level check looked at the first
    64 KiB only and called a stray one "binary data"). Now every text cell is checked: rule
    ``control_char`` with file, row and column, the value never echoed."""
    d = _folder(tmp_path)
    p = next(d.glob("*_organisations.csv"))
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    # far beyond the first 64 KiB of the file: add it at the end, in the last row's name
    last = lines[-1].split(",")
    last[1] = last[1][:4] + "\x1b[2J" + last[1][4:]
    lines[-1] = ",".join(last)
    p.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_dataset(d)
    (prob,) = [q for q in err.value.problems if q.rule == "control_char"]
    assert prob.file == p.name and prob.column == "name" and prob.row == len(lines)
    assert "\x1b" not in str(err.value) and "[2J" not in str(err.value)


def test_control_character_in_a_workbook_cell(tmp_path):
    """An .xlsx cannot carry a control character in XML 1.0: a character reference to one
    (``&#27;``) makes the sheet unreadable, answered by a DataError naming the file, not a
    traceback; Excel's own escape ``_x001B_`` is kept as the literal text it is (openpyxl does
    not decode cell text), so no control character reaches a table."""
    path = _workbook(tmp_path)

    def edited(name, old, new):
        out = path.with_name(name)
        with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data, n = re.subn(old, new, data, count=1)
                    assert n == 1
                zout.writestr(item, data)
        return out

    with pytest.raises(DataError) as err:
        load_dataset(edited("ref.xlsx", rb"(<is><t>)(Demo-)", rb"\1\2&#27;"))
    assert err.value.problems and all(q.file for q in err.value.problems)
    ds = load_dataset(edited("esc.xlsx", rb"(<is><t>)(Demo-)", rb"\1\2_x001B_"))
    names = ds.organisations["name"].astype(str)
    assert not names.str.contains("\x1b", regex=False).any()
    assert names.str.contains("_x001B_", regex=False).any()


def test_a_short_row_names_its_own_count_and_echoes_nothing(tmp_path):
    """Issue 11: "row has 9 cells but the header has 9" (the row was padded before it was
    counted), and the message echoed the row's text."""
    d = _folder(tmp_path)
    p = next(d.glob("*_organisations.csv"))
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)
    width = len(lines[0].split(","))
    lines[5] = ",".join(lines[5].split(",")[:5]) + "\n"
    p.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_dataset(d)
    (prob,) = [q for q in err.value.problems if q.rule == "ragged_row"]
    assert prob.row == 6 and prob.value is None
    assert f"row has 5 cells but the header has {width}" in prob.message_en


@pytest.mark.skipif(not hasattr(Path, "symlink_to"), reason="symbolic links")
def test_a_link_out_of_the_data_folder_is_not_followed(tmp_path):
    """Issue 11: the loader followed symbolic links out of the data folder."""
    d = _folder(tmp_path)
    p = next(d.glob("*_funding.csv"))
    away = tmp_path / "elsewhere.csv"
    shutil.move(p, away)
    try:
        p.symlink_to(away)
    except OSError:
        pytest.skip("cannot make a symbolic link here")
    with pytest.raises(DataError) as err:
        load_dataset(d)
    assert [(q.file, q.rule) for q in err.value.problems] == [(p.name, "outside_folder")]
    # a link inside the folder is an ordinary file
    p.unlink()
    shutil.move(away, d / "real_funding.csv.keep")
    p.symlink_to(d / "real_funding.csv.keep")
    assert len(load_dataset(d).funding) > 0


def test_a_missing_header_row_is_not_echoed(tmp_path, capsys):
    """Issue 11: without its header row, the first data row was read as the header and every
    cell of it echoed as an "unknown column", identity codes included. Now the required
    columns are reported missing and the row is not printed; an unknown column whose name
    carries personal data is shown hidden."""
    from impactlib import cli

    d = _folder(tmp_path)
    p = next(d.glob("*_organisations.csv"))
    lines = p.read_text(encoding="utf-8").splitlines(keepends=True)[1:]
    lines[0] = "131052-308T " + lines[0]
    p.write_text("".join(lines), encoding="utf-8")
    assert cli.main(["validate", str(d)]) == cli.EXIT_DATA
    out = capsys.readouterr()
    text = out.out + out.err
    assert "missing_column" in text
    assert "131052" not in text and "Demo-" not in text
