"""Read a dataset from a folder of CSV files or one Excel workbook.

Finnish CSV conventions are accepted and *detected, not guessed silently*:
the separator (``;``, ``,`` or tab) from the header line; the decimal mark
(``;`` files may use a decimal comma, ``,`` files must use a decimal point);
the encoding (UTF-8 with or without BOM, then Windows-1252/Latin-1). What was
detected is written into ``dataset.provenance.notes``.

Files are found by table name in the file or sheet name (English or Finnish:
``organisations``/``järjestöt``, ``funding``/``rahoitus``,
``activities``/``toiminnot``, ``outcomes``/``tulokset``,
``outcome_summaries``/``yhteenvedot``); ``.csv`` and ``.csv.gz`` are read.
Rows whose first cell starts with ``#`` are comments (the data-entry
template's help rows) and are skipped; so is the template's untouched
example row (with a warning). A text cell that looks like a spreadsheet
formula (``=HYPERLINK(…)``) is read as plain text, never evaluated.

Every problem in every file is collected and raised as one
:class:`~impactlib.errors.DataError`; no file is written or modified.

Examples
--------
>>> from impactlib import load_dataset, regions
>>> ds = load_dataset(regions.DATA_DIR / "demo")
>>> ds.synthetic, len(ds.organisations) > 9000
(True, True)
"""

from __future__ import annotations

import csv
import datetime as _dt
import gzip
import io
import re
import warnings
import zipfile
import zlib
from pathlib import Path

import numpy as np
import pandas as pd

from .. import model
from ..dataset import Dataset, Provenance, sha256_file
from ..errors import DataError, DataWarning, Problem
from . import cache as _cache
from . import limits as _limits
from . import metadata as _meta
from . import xlsx as _xlsx

__all__ = ["load_dataset", "read_csv_text", "neutralise_formulas", "FILE_RULES"]


#: File-level rules: code → (English, Finnish).
FILE_RULES: dict[str, tuple[str, str]] = {
    "not_found": ("no such file or folder", "tiedostoa tai kansiota ei löydy"),
    "not_tabular": (
        "not a CSV file or an .xlsx workbook ({why})",
        "ei ole CSV-tiedosto eikä .xlsx-työkirja ({why})",
    ),
    "empty_file": ("the file is empty", "tiedosto on tyhjä"),
    "outside_folder": (
        "a link to a file outside the data folder; copy the file into the folder instead",
        "linkki aineistokansion ulkopuolella olevaan tiedostoon; kopioi tiedosto kansioon",
    ),
    "header_only": (
        "the file has a header row but no data rows",
        "tiedostossa on otsikkorivi mutta ei yhtään tietoriviä",
    ),
    "encoding": (
        "cannot read the text encoding ({why}); save the file as UTF-8 CSV",
        "merkistöä ei voi lukea ({why}); tallenna tiedosto UTF-8-muotoisena CSV:nä",
    ),
    "missing_table": (
        "required table {table} not found (expected a file named like {table}.csv)",
        "pakollinen taulukko {table_fi} puuttuu (odotettiin tiedostoa {table}.csv)",
    ),
    "missing_sheet": (
        "required sheet {table} not found; the workbook has: {sheets}",
        "pakollinen välilehti {table} ({table_fi}) puuttuu; työkirjassa on: {sheets}",
    ),
    "duplicate_table": (
        "two files hold table {table}: {files}",
        "kaksi tiedostoa sisältää taulukon {table_fi}: {files}",
    ),
    "ragged_row": (
        "row has {n} cells but the header has {m}",
        "rivillä on {n} solua, mutta otsikkorivillä {m}",
    ),
    "decimal_comma_split": (
        "row has {n} cells but the header has {m}: a decimal comma in a comma-separated file "
        "splits numbers; use decimal points, or ; as separator",
        "rivillä on {n} solua, mutta otsikkorivillä {m}: desimaalipilkku pilkuin erotetussa "
        "tiedostossa jakaa luvut; käytä desimaalipistettä tai puolipiste-erotinta",
    ),
    "example_row": (
        "the template's example row was skipped",
        "pohjan esimerkkirivi ohitettiin",
    ),
    "too_large": (
        "{what} exceeds the loader's limit of {limit} ({where}); see impactlib.sources.limits",
        "{what}: lukijan raja {limit} ylittyy ({where}); ks. impactlib.sources.limits",
    ),
    "duplicate_column": (
        "the header names a column twice (letter case and spaces do not count): {names}",
        "otsikkorivillä on sama sarake kahdesti (kirjainkoolla ja välilyönneillä ei ole väliä): {names}",
    ),
    "metadata": (
        "dataset.json: {why}",
        "dataset.json: {why}",
    ),
    "macros": (
        "the workbook holds macros (.xlsm); they are ignored and never run",
        "työkirjassa on makroja (.xlsm); niitä ei ajeta",
    ),
    "no_tables": (
        "no table files found; expected organisations.csv, funding.csv … or one .xlsx workbook",
        "taulukkotiedostoja ei löytynyt; odotettiin tiedostoja organisations.csv, funding.csv … "
        "tai yhtä .xlsx-työkirjaa",
    ),
}

_ALIASES = sorted(
    ((alias, name) for name, spec in model.TABLES.items() for alias in spec.sheet_aliases),
    key=lambda p: -len(p[0]),
)


_CONTROL = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _problem(file, rule, row=None, column=None, value=None, **fmt) -> Problem:
    en, fi = FILE_RULES[rule]
    if "table" in fmt:
        fmt.setdefault("table_fi", model.TABLES[fmt["table"]].fi if fmt["table"] in model.TABLES else fmt["table"])
    return Problem(str(file), row, column, value, rule, en.format(**fmt), fi.format(**fmt))


def _limit_problem(label, exc) -> Problem:
    return _problem(label, "too_large", what=exc.what, limit=f"{exc.limit:,}".replace(",", " "),
                    where=exc.where or "–")


def _table_of(stem: str) -> str | None:
    s = stem.lower()
    for alias, name in _ALIASES:
        if re.search(rf"(^|[^a-zäö]){re.escape(alias)}($|[^a-zäö])", s):
            return name
    return None


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8 with BOM"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252 (Latin-1)"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1 (Latin-1)"


def _sniff_separator(header: str) -> str | None:
    counts = {sep: header.count(sep) for sep in (";", ",", "\t")}
    sep, n = max(counts.items(), key=lambda kv: kv[1])
    return sep if n > 0 else None


def read_csv_text(data: bytes, label: str):
    """Parse the bytes of one CSV file into text cells.

    Returns
    -------
    frame : pandas.DataFrame or None
        All cells as text (``string`` dtype), columns as in the header.
    rows : numpy.ndarray
        Spreadsheet row number of each data row (header = 1).
    decimal : {"comma", "dot", "any"}
    note : str
        What was detected, e.g. ``"UTF-8, separator ';', decimal comma"``.
    problems : list of Problem
    """
    if gzip_magic(data):
        try:  # streamed, stopping one byte past the limit: a gzip bomb never fills the memory
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
                data = fh.read(_limits.MAX_BYTES + 1)
        except (OSError, EOFError, zlib.error) as exc:
            return None, None, None, "", [_problem(label, "not_tabular", why=f"broken gzip: {exc}")]
        if len(data) > _limits.MAX_BYTES:
            return None, None, None, "", [_limit_problem(
                label, _xlsx.LimitExceeded("decompressed bytes", _limits.MAX_BYTES, "gzip"))]
    elif len(data) > _limits.MAX_BYTES:
        return None, None, None, "", [_limit_problem(
            label, _xlsx.LimitExceeded("bytes", _limits.MAX_BYTES, "file size"))]
    if len(data.strip()) == 0:
        return None, None, None, "", [_problem(label, "empty_file")]
    if data[:4] == b"PK\x03\x04":
        return None, None, None, "", [
            _problem(label, "not_tabular", why="it is a zip/xlsx workbook; name it .xlsx")
        ]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:
        why = "UTF-16 or binary data"
        return None, None, None, "", [_problem(label, "encoding", why=why)]
    text, enc = _decode(data)
    # binary data: control characters throughout the start of the file; a stray one in a cell
    # is reported by the validator with its row and column (rule control_char)
    head = text[:65536]
    if len(_CONTROL.findall(head)) > max(8, len(head) // 100):
        return None, None, None, "", [_problem(label, "not_tabular", why="binary data, not text")]
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
    sep = _sniff_separator(first)
    if sep is None:
        return None, None, None, "", [
            _problem(label, "not_tabular", why="no ; , or tab separator in the header line")
        ]
    csv.field_size_limit(_limits.MAX_CELL_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    problems: list[Problem] = []
    header = None
    records, rownums = [], []
    try:
        for i, rec in enumerate(reader, start=1):
            if not rec or all(not c.strip() for c in rec):
                continue
            if rec[0].lstrip().startswith("#"):
                continue
            if header is None:
                header = [c.strip() for c in rec]
                while header and header[-1] == "":
                    header.pop()
                hrow = i
                continue
            m = len(header)
            if len(rec) != m:
                extra = rec[m:]
                if len(rec) > m and all(not c.strip() for c in extra):
                    rec = rec[:m]
                elif len(rec) < m:
                    # the count the row has (it was once padded first: "9 cells but the header
                    # has 9"); the row itself is not echoed (it may hold anything)
                    problems.append(_problem(label, "ragged_row", row=i, n=len(rec), m=m))
                    continue
                else:
                    looks_decimal = sep == "," and re.search(r"\d,\d", ",".join(rec)) is not None
                    rule = "decimal_comma_split" if looks_decimal else "ragged_row"
                    problems.append(_problem(label, rule, row=i, n=len(rec), m=m))
                    continue
            records.append(rec)
            rownums.append(i)
            if len(records) > _limits.MAX_ROWS:
                problems.append(_limit_problem(label, _xlsx.LimitExceeded("rows", _limits.MAX_ROWS, f"row {i}")))
                return None, None, None, "", problems
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            problems.append(_limit_problem(label, _xlsx.LimitExceeded(
                "characters in a cell", _limits.MAX_CELL_CHARS, f"near row {reader.line_num}")))
        else:
            problems.append(_problem(label, "not_tabular", why=f"CSV syntax: {exc}"))
        return None, None, None, "", problems
    if header is None:
        return None, None, None, "", [_problem(label, "empty_file")]
    decimal = {";": "comma", ",": "dot", "\t": "any"}[sep]
    sep_name = {";": "';'", ",": "','", "\t": "tab"}[sep]
    note = f"{label}: {enc}, separator {sep_name}, decimal {'comma' if decimal == 'comma' else 'point' if decimal == 'dot' else 'comma or point'}"
    frame = pd.DataFrame(records, columns=header, dtype=model.STRING) if records else pd.DataFrame(columns=header, dtype=model.STRING)
    frame.attrs["header_row"] = hrow
    return frame, np.asarray(rownums, dtype=int), decimal, note, problems


def gzip_magic(data: bytes) -> bool:
    """True if the bytes start with the gzip magic number."""
    return data[:2] == b"\x1f\x8b"


def _cell_text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, _dt.datetime | _dt.date):
        return v.isoformat()
    return str(v)


def _read_xlsx(path: Path, label: str):
    """Yield (table, frame, rows, problems) for each table sheet of a workbook."""
    try:
        import openpyxl  # uses defusedxml for the XML parts when it is installed

        if _xlsx.check_archive(path):
            warnings.warn(f"{label}: {FILE_RULES['macros'][0]} / {FILE_RULES['macros'][1]}", DataWarning,
                          stacklevel=3)
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except _xlsx.LimitExceeded as exc:
        return None, [_limit_problem(label, exc)]
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        why = "not a valid .xlsx file" if isinstance(exc, zipfile.BadZipFile) else str(exc)[:80]
        return None, [_problem(label, "not_tabular", why=why)]
    except Exception as exc:  # openpyxl raises its own InvalidFileException and others
        return None, [_problem(label, "not_tabular", why=f"{type(exc).__name__}: {str(exc)[:80]}")]
    found: dict[str, tuple] = {}
    problems: list[Problem] = []
    try:
        for ws in wb.worksheets:
            table = _table_of(ws.title)
            if table is None:
                continue
            slabel = f"{label}:{ws.title}"
            header, records, rownums = None, [], []
            for i, row in _xlsx.iter_sheet_rows(ws):  # only rows with cells, within the limits
                cells = [_cell_text(v) for v in row]
                if not any(c.strip() for c in cells):
                    continue
                if cells[0].lstrip().startswith("#"):
                    continue
                if header is None:
                    header = [c.strip() for c in cells]
                    while header and header[-1] == "":
                        header.pop()
                    continue
                m = len(header)
                cells = (cells + [""] * m)[:m]
                records.append(cells)
                rownums.append(i)
            if header is None:
                problems.append(_problem(slabel, "empty_file"))
                continue
            frame = pd.DataFrame(records, columns=header, dtype=model.STRING) if records else pd.DataFrame(columns=header, dtype=model.STRING)
            found[table] = (slabel, frame, np.asarray(rownums, dtype=int))
    except _xlsx.LimitExceeded as exc:
        problems.append(_limit_problem(label, exc))
        return None, problems
    except (SyntaxError, ValueError, KeyError, zipfile.BadZipFile, OSError, EOFError,
            zlib.error) as exc:
        # a sheet's XML that does not parse (xml.etree's ParseError is a SyntaxError; e.g. a
        # reference to a control character, which XML 1.0 forbids) or a damaged part
        where = f"{label}:{ws.title}" if "ws" in locals() else label
        problems.append(_problem(where, "not_tabular",
                                 why=f"a sheet that cannot be read ({type(exc).__name__}: "
                                     f"{str(exc)[:80]})"))
        return None, problems
    finally:
        wb.close()
    sheets = ", ".join(ws.title for ws in wb.worksheets)
    for t in model.REQUIRED_TABLES:
        if t not in found:
            problems.append(_problem(label, "missing_sheet", table=t, sheets=sheets))
    return found, problems


def _example_mask(table: str, frame: pd.DataFrame) -> np.ndarray:
    """Rows that are the data-entry template's untouched example row."""
    spec = model.TABLES[table]
    cols = [f for f in spec.fields if f.example not in (None, "") and f.name in frame.columns]
    if not cols or frame.empty:
        return np.zeros(len(frame), bool)
    mask = np.ones(len(frame), bool)
    for f in cols:
        ex = f.example
        txt = frame[f.name].fillna("").str.strip()
        if isinstance(ex, bool):
            mask &= txt.str.lower().isin(["true", "kyllä"] if ex else ["false", "ei"]).to_numpy()
        elif isinstance(ex, int | float):
            num = pd.to_numeric(txt.str.replace(",", ".", regex=False), errors="coerce")
            mask &= (num == float(ex)).fillna(False).to_numpy()
        else:
            mask &= (txt == str(ex)).to_numpy()
    return mask


def _canonical_columns(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    names = {n.lower(): n for n in model.column_names(table)}
    return frame.rename(columns=lambda c: names.get(str(c).strip().lower(), str(c).strip()))


def load_dataset(
    path, *, source: str | None = None, licence: str | None = None, cache: bool = False
) -> Dataset:
    """Load and validate a dataset from a folder of CSV files or one ``.xlsx`` workbook.

    Parameters
    ----------
    path : str or Path
        A folder holding ``organisations.csv``, ``funding.csv`` and optionally
        ``activities.csv``, ``outcomes.csv``, ``outcome_summaries.csv``
        (Finnish names and ``.csv.gz`` work too; a ``dataset.json`` sidecar
        gives provenance), or one workbook with a sheet per table (the
        data-entry template from :func:`impactlib.write_template`).
    source, licence : str, optional
        Provenance to record when the folder has no ``dataset.json``.
    cache : bool, default False
        Opt in to keeping the validated tables in a cache folder
        (``~/.cache/impactlib``, or ``$IMPACTLIB_CACHE``) as Parquet files and a
        JSON manifest (never pickle: :mod:`impactlib.sources.cache`), keyed by the
        input's path, the SHA-256 of every input file and the library's validation
        code, so that loading the same files again skips parsing and validation.
        Without it nothing is written. ``impactlib cache clear`` empties the cache.
        The input files are never touched.

    Returns
    -------
    Dataset
        Validated, with every column in its model dtype, and provenance
        (SHA-256 of every input file, what the reader detected).

    Raises
    ------
    DataError
        Listing every problem in every file (file, row, column, value, rule).

    Notes
    -----
    Reads with Python's :mod:`csv` module and :mod:`openpyxl`
    (``read_only=True, data_only=False``: formulas come back as their text
    and are never evaluated), then :func:`impactlib.validate`.
    """
    from ..validation import check

    path = Path(path)
    problems: list[Problem] = []
    warns: list[str] = []
    raw: dict[str, pd.DataFrame] = {}
    origins: dict[str, dict] = {}
    files: dict[str, str] = {}
    notes: list[str] = []
    meta: dict = {}

    if not path.exists():
        raise DataError([_problem(path, "not_found")])
    if path.is_dir():
        meta, bad = _meta.read(path)
        if bad:
            raise DataError([_problem("dataset.json", "metadata", column=k, value=v, why=why)
                             for k, v, why in bad])
        candidates = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        by_table: dict[str, list[Path]] = {}
        for p in candidates:
            name = p.name
            if not (name.lower().endswith(".csv") or name.lower().endswith(".csv.gz")):
                continue
            stem = name[: -len(".csv.gz")] if name.lower().endswith(".gz") else p.stem
            t = _table_of(stem)
            if t is not None:
                by_table.setdefault(t, []).append(p)
        if not by_table:
            raise DataError([_problem(path, "no_tables")])
        # a symbolic link may point anywhere: only files that resolve inside the folder are read
        # (issue 11: the loader followed links out of the data folder)
        inside = path.resolve()
        outside = [p for ps in by_table.values() for p in ps
                   if not p.resolve().is_relative_to(inside)]
        if outside:
            raise DataError([_problem(p.name, "outside_folder") for p in outside])
        for ps in by_table.values():
            for p in ps:
                files[p.name] = sha256_file(p)
        cache_key = _cache.entry_key(path, files, source, licence, meta) if cache else None
        hit = _from_cache(cache_key)
        if hit is not None:
            return hit
        for t, ps in by_table.items():
            if len(ps) > 1:
                problems.append(_problem(path, "duplicate_table", table=t, files=", ".join(p.name for p in ps)))
                continue
            p = ps[0]
            if p.stat().st_size > _limits.MAX_BYTES:  # checked before a byte is read
                problems.append(_limit_problem(p.name, _xlsx.LimitExceeded("bytes", _limits.MAX_BYTES, "file size")))
                continue
            data = p.read_bytes()
            frame, rows, decimal, note, probs = read_csv_text(data, p.name)
            problems += probs
            if frame is None:
                continue
            if note:
                notes.append(note)
            raw[t] = frame
            origins[t] = {"file": p.name, "rows": rows, "decimal": decimal}
        for t in model.REQUIRED_TABLES:
            if t not in by_table:
                problems.append(_problem(path, "missing_table", table=t))
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        files[path.name] = sha256_file(path)
        cache_key = _cache.entry_key(path, files, source, licence, meta) if cache else None
        hit = _from_cache(cache_key)
        if hit is not None:
            return hit
        found, probs = _read_xlsx(path, path.name)
        problems += probs
        for t, (slabel, frame, rows) in (found or {}).items():
            raw[t] = frame
            origins[t] = {"file": slabel, "rows": rows, "decimal": "any"}
        notes.append(f"{path.name}: Excel workbook")
    else:
        data = path.read_bytes()
        why = "give the folder that holds the CSV files, or an .xlsx workbook"
        if data[:4] == b"PK\x03\x04":
            why = "looks like a zip or Excel file; name it .xlsx"
        elif path.suffix.lower() in (".csv", ".gz"):
            why = "give the folder that holds the CSV files, not one CSV file"
        raise DataError([_problem(path.name, "not_tabular", why=why)])

    # header-only files, example rows, column-name normalisation
    for t in list(raw):
        frame = _canonical_columns(raw[t], t)
        o = origins[t]
        dupes = frame.columns[frame.columns.duplicated(keep=False)]
        if len(dupes):  # "year" twice, or "Amount_EUR" beside "amount_eur"
            names = ", ".join(dict.fromkeys(str(c) for c in raw[t].columns
                                            if str(c).strip().lower() in {str(d).lower() for d in dupes}))
            problems.append(_problem(o["file"], "duplicate_column", row=raw[t].attrs.get("header_row", 1),
                                     names=names))
            del raw[t]
            continue
        ex = _example_mask(t, frame)
        untouched = bool(ex.all()) and t not in model.REQUIRED_TABLES  # an optional sheet left as it came
        if ex.any() and not untouched:
            warns.append(f"{o['file']}: {FILE_RULES['example_row'][0]} / {FILE_RULES['example_row'][1]}")
        if ex.any():
            frame = frame[~ex].reset_index(drop=True)
            o["rows"] = o["rows"][~ex]
        if frame.empty and not untouched:
            if t in model.REQUIRED_TABLES:
                problems.append(_problem(o["file"], "header_only"))
            else:
                warns.append(f"{o['file']}: {FILE_RULES['header_only'][0]}")
        raw[t] = frame

    tables = {t: raw.get(t, model.empty_table(t)) for t in model.TABLE_ORDER}
    label = meta.get("source") or source or str(path.name)
    prov = Provenance(
        source=label,
        licence=meta.get("licence") or licence or "not stated / ei ilmoitettu",
        date=meta.get("date") or _dt.date.today().isoformat(),
        files=files,
        synthetic=bool(meta.get("synthetic", False)),
        url=meta.get("url"),
        notes=tuple(notes),
    )
    ds = Dataset(**tables, provenance=prov, origins=origins)
    converted, vproblems, vwarns = check(ds)
    if problems:
        # file-level problems make cross-table checks unreliable: keep only cell-level ones
        vproblems = [p for p in vproblems if p.rule not in ("foreign_key",)]
    problems += vproblems
    warns += [f"{w.file}: {w.column}: {w.message_en} / {w.message_fi}" for w in vwarns]
    if warns:
        warnings.warn("; ".join(warns), DataWarning, stacklevel=2)
    if problems:
        raise DataError(problems)
    if cache_key is not None:
        _cache.store(cache_key, converted, "; ".join(warns))
    return converted


def _from_cache(key: str | None):
    """The cached validated dataset, re-emitting its warnings; None on a miss."""
    if key is None:
        return None
    hit = _cache.fetch(key)
    if hit is None:
        return None
    cached, cached_warns = hit
    if cached_warns:
        warnings.warn(cached_warns, DataWarning, stacklevel=3)
    return cached


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy whose text cells cannot run as spreadsheet formulas.

    Text starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is
    prefixed with an apostrophe (OWASP, *CSV Injection*), unless it is a
    plain number such as ``-5``. Use on every table the library writes for
    spreadsheets.

    Examples
    --------
    >>> df = pd.DataFrame({"name": ['=HYPERLINK("http://x","klik")', "-5", "Ry"]})
    >>> neutralise_formulas(df)["name"].tolist()
    ['\\'=HYPERLINK("http://x","klik")', '-5', 'Ry']
    """
    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            s = out[c]
            txt = s.astype("string")
            risky = txt.str.match(r"^[=+\-@\t\r]").fillna(False).astype(bool)
            numeric = pd.to_numeric(txt.str.replace(",", ".", regex=False), errors="coerce").notna()
            fix = risky & ~numeric
            if fix.any():
                out[c] = s.astype(object).where(~fix, "'" + txt.astype(object))
    return out
