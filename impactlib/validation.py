"""Validation of a :class:`~impactlib.dataset.Dataset`: every rule, every problem at once.

:func:`validate` converts each column to its type and checks types, code
lists, ranges, unique keys, the Y-tunnus check digit, municipality and county
codes against the classification of the year, foreign keys between the
tables, and pre/post pairing of outcome scores. It raises **one**
:class:`~impactlib.errors.DataError` listing every problem with file, row (as
a spreadsheet user counts it: the header is row 1), column, offending value
and rule, in English and Finnish. Valid data pass silently; nothing is written
and the input frames are never modified.

Three steps, every problem of every step collected before anything is raised:

1. **Finnish parsing** (:func:`coerce_table`): text cells become the model's
   dtypes (decimal comma or point as the file's separator allows, thousands
   spaces, *kyllä/ei*, municipality codes that lost their leading zero, codes
   in any case); cells that cannot be read are reported (``type``,
   ``decimal_comma``).
2. **Single-table rules: the pandera schemas** of :func:`impactlib.model.schema`
   are the one source of truth (required columns and cells, code lists,
   ranges, the Y-tunnus check digit, municipality codes, unique keys, row
   rules such as feedback counts). They run with lazy validation, and each
   failure case is mapped back to a :class:`~impactlib.errors.Problem` with
   the file and spreadsheet row of the cell and the message of the check's
   rule (:data:`RULES`, parameters from the check's ``statistics``).
3. **Rules across tables** and against the classification of each year:
   foreign keys, funder codes by source and year, activity areas, pre/post
   pairing of outcome scores, scores within the instrument's range.

A dataset that passes comes back with each table marked as validated
(:mod:`impactlib._validated`): indicator functions then check only columns and dtypes.

Examples
--------
>>> import pandas as pd
>>> from impactlib import Dataset, validate
>>> orgs = pd.DataFrame({"org_id": ["1234567-1"], "name": ["Yhdistys ry"],
...                      "municipality": ["179"], "kind": ["volunteer"],
...                      "category": ["older_people"]})
>>> fund = pd.DataFrame({"org_id": ["1234567-1", "1234567-2"], "year": [2023, 2023],
...                      "source": ["county", "municipality"], "funder": ["15", "179"],
...                      "amount_eur": [1000, -5], "basis": ["collected", "collected"]})
>>> validate(Dataset(orgs, fund))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
impactlib.errors.DataError: 3 problems in the data / 3 ongelmaa aineistossa:
  funding, row 3, column org_id, value '1234567-2': [ytunnus] ...
  funding, row 3, column amount_eur, value '-5': [range] ...
  funding, row 3, column org_id, value '1234567-2': [foreign_key] ...
"""

from __future__ import annotations

import re
import warnings
from dataclasses import replace

import numpy as np
import pandas as pd

from . import _cells, model, regions
from ._validated import mark_validated
from .errors import RULES, DataError, DataWarning, Problem

__all__ = ["validate", "check", "coerce_table", "RULES"]

_TYPE_WORDS = {
    "int": ("whole number", "kokonaisluku"),
    "year": ("year (whole number)", "vuosiluku"),
    "float": ("number", "luku"),
    "bool": ("yes/no value (true/false, kyllä/ei)", "kyllä/ei-arvo (kyllä/ei, true/false)"),
    "period": ("date (2023, 2023-03, 2023-03-06 or 6.3.2023)", "päivämäärä (2023, 2023-03, 2023-03-06 tai 6.3.2023)"),
    "date": ("date (dd.mm.yyyy or yyyy-mm-dd)", "päivämäärä (pp.kk.vvvv tai vvvv-kk-pp)"),
}

_TRUE = {"true", "1", "kyllä", "kylla", "k", "yes", "y", "tosi", "x"}
_FALSE = {"false", "0", "ei", "e", "no", "n", "epätosi", "epatosi"}
#: Rules whose offending value is never echoed in a message (a personal identity code).
_HIDDEN_VALUE_RULES = frozenset({"personal_id", "personal_contact", "person_name",
                                 "control_char"})  # and a value that could drive a terminal
_HIDDEN = "(hidden / piilotettu)"
_SPACES = re.compile(r"[\s\u00a0\u202f]")


class _Collector:
    def __init__(self):
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def add(self, file, rows, column, values, rule, warn=False, **fmt):
        en, fi = _messages(rule, fmt)
        target = self.warnings if warn else self.problems
        if rows is None:
            target.append(Problem(file, None, column, None if values is None else str(values)[:60], rule, en, fi))
            return
        for r, v in zip(rows, values, strict=True):
            sv = None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)[:60]
            if sv is not None and pd.isna(v):
                sv = None
            target.append(Problem(file, int(r), column, sv, rule, en, fi))


class _Blank(dict):
    """Format mapping that leaves unknown ``{placeholders}`` as they are."""

    def __missing__(self, key):
        return "{" + key + "}"


def _messages(rule: str, fmt: dict, error: str | None = None) -> tuple[str, str]:
    """English and Finnish message of a rule; a rule unknown to :data:`RULES` uses the
    check's own ``error`` text (``"english / suomeksi"``) or a generic sentence."""
    if rule in RULES:
        en, fi = RULES[rule]
    elif error and " / " in error:
        en, fi = error.split(" / ", 1)
    else:
        en = error or f"breaks the rule {rule}"
        fi = error or f"ei täytä sääntöä {rule}"
    fmt = _Blank(fmt)
    fmt.setdefault("what_fi", fmt.get("what", ""))
    return en.format_map(fmt), fi.format_map(fmt)


def _origin(table: str, df: pd.DataFrame, origins: dict) -> tuple[str, np.ndarray, str]:
    o = origins.get(table)
    if o is None:
        return table, np.arange(len(df)) + 2, "any"
    return o["file"], np.asarray(o["rows"]), o.get("decimal", "any")


def _to_text(s: pd.Series) -> pd.Series:
    """Cells as stripped text; empty → <NA>. Numbers become their shortest text."""
    if pd.api.types.is_float_dtype(s):
        txt = s.map(lambda v: pd.NA if pd.isna(v) else (f"{int(v)}" if float(v).is_integer() else repr(float(v))))
        return txt.astype(model.STRING)
    t = s.astype(model.STRING).str.strip()
    return t.mask(t == "", pd.NA)


def _texts(s: pd.Series, pos: np.ndarray) -> np.ndarray:
    """The cells at positions ``pos`` as text (as :func:`_to_text`), computed for those cells only."""
    return _to_text(s.iloc[pos]).to_numpy(dtype=object, na_value=None)


def _convert(table: str, df: pd.DataFrame, file: str, rows: np.ndarray, decimal: str,
             col: _Collector) -> tuple[dict, dict]:
    """Finnish parsing of one table's model columns: text → model dtypes.

    ``df`` has a positional index. Returns the converted columns (present ones,
    and absent optional ones as empty cells; absent required columns are left
    out for the schema to report) and, per column, the cells whose text could
    not be read (reported here, so the schema's "required" rule skips them).
    """
    spec = model.TABLES[table]
    out: dict[str, pd.Series] = {}
    unreadable: dict[str, np.ndarray] = {}
    for f in spec.fields:
        dt = model.pandas_dtype(f)
        if f.name not in df.columns:
            if not f.required:
                out[f.name] = pd.Series(np.nan if dt == "float64" else pd.NA, index=df.index, dtype=dt)
            continue
        s = df[f.name]
        if f.kind in ("int", "year", "float"):
            numeric = pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)
            if numeric and str(s.dtype) == dt:
                out[f.name] = s
                continue
            if numeric:
                text = None
                num = s.astype("float64")
                bad = np.zeros(len(s), bool)
                badc = np.zeros(len(s), bool)
                amb = np.zeros(len(s), bool)
                wild = (num.notna() & ~(num.abs() <= _cells.NUMBER_LIMIT)).to_numpy()
                num = num.mask(pd.Series(wild, index=num.index))
            else:
                text = _to_text(s)
                num, bad_s, badc_s, amb_s, wild_s = _cells.parse_number(text, decimal)
                bad, badc, amb, wild = bad_s.to_numpy(), badc_s.to_numpy(), amb_s.to_numpy(), wild_s.to_numpy()
            if f.kind in ("int", "year"):
                frac = num.notna() & (num != np.floor(num.fillna(0)))
                bad = bad | frac.to_numpy()
            if bad.any():
                what, what_fi = _TYPE_WORDS[f.kind]
                col.add(file, rows[bad], f.name, _texts(s, np.flatnonzero(bad)), "type",
                        what=what, what_fi=what_fi)
            if badc.any():
                col.add(file, rows[badc], f.name, _texts(s, np.flatnonzero(badc)), "decimal_comma")
            if amb.any():
                col.add(file, rows[amb], f.name, _texts(s, np.flatnonzero(amb)), "ambiguous_number")
            if wild.any():
                col.add(file, rows[wild], f.name, _texts(s, np.flatnonzero(wild)), "not_finite",
                        limit="1 000 000 000 000")
            failed = bad | badc | amb | wild
            if failed.any():
                num = num.mask(pd.Series(failed, index=num.index))
                unreadable[f.name] = failed
            out[f.name] = num if f.kind == "float" else num.round().astype("Int64")
        elif f.kind == "bool":
            if pd.api.types.is_bool_dtype(s):
                out[f.name] = s.astype("boolean")
                continue
            text = _to_text(s)
            low = text.str.lower()
            val = pd.Series(pd.NA, index=df.index, dtype="boolean")
            val[low.isin(_TRUE).fillna(False).astype(bool)] = True
            val[low.isin(_FALSE).fillna(False).astype(bool)] = False
            bad = (text.notna() & val.isna()).to_numpy()
            if bad.any():
                what, what_fi = _TYPE_WORDS["bool"]
                col.add(file, rows[bad], f.name, text.to_numpy()[bad], "type", what=what, what_fi=what_fi)
                unreadable[f.name] = bad
            out[f.name] = val
        elif f.kind == "period":
            text = _to_text(s)
            val = _cells.parse_dates(text).astype(model.STRING)
            bad = (text.notna() & val.isna()).to_numpy()
            if bad.any():
                what, what_fi = _TYPE_WORDS["period"]
                col.add(file, rows[bad], f.name, text.to_numpy()[bad], "type", what=what, what_fi=what_fi)
                unreadable[f.name] = bad
            out[f.name] = val
        elif f.kind == "date":
            val, bad = (s.astype(dt), None) if pd.api.types.is_datetime64_dtype(s) else _parse_dates(_to_text(s))
            if bad is not None and bad.any():
                what, what_fi = _TYPE_WORDS["date"]
                col.add(file, rows[bad], f.name, _texts(s, np.flatnonzero(bad)), "type", what=what, what_fi=what_fi)
                unreadable[f.name] = bad
            out[f.name] = val
        else:
            val = _to_text(s)
            if f.kind == "code":
                val = val.str.lower()
            elif f.kind == "municipality":
                val = _pad_codes(val, 3)
            elif f.kind == "county":
                val = _pad_codes(val, 2)
            out[f.name] = val.astype(model.STRING)
    return out, unreadable


def _check_schema(table: str, typed: pd.DataFrame, df: pd.DataFrame, file: str, rows: np.ndarray,
                  unreadable: dict, col: _Collector) -> None:
    """Run the table's pandera schema (lazy: every failure) and report each as a Problem.

    ``typed`` (converted) and ``df`` (as given) share a positional index, so a
    failure case's index is the position whose spreadsheet row is ``rows[i]``.
    """
    import pandera.pandas as pa

    sch = model.schema(table)
    try:
        with warnings.catch_warnings():
            # pandera's own summary of failure cases concatenates all-NA frames (pandas 2.x
            # deprecation inside pandera, not about the user's data)
            warnings.filterwarnings("ignore", "The behavior of DataFrame concatenation with empty",
                                    FutureWarning)
            sch.validate(typed, lazy=True, inplace=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
    else:
        return
    fc = fc.assign(_pos=pd.to_numeric(fc["index"], errors="coerce"))
    # a check on the whole frame (a row rule, the unique key) fails once per failing row;
    # pandera lists each column of the row
    frame = ((fc["schema_context"] == "DataFrameSchema")
             & (fc["check_number"].notna() | (fc["check"] == "multiple_fields_uniqueness"))).to_numpy()
    if frame.any():
        fc.loc[frame, "column"] = None
        fc = fc[~(frame & fc.duplicated(["check", "check_number", "_pos"]).to_numpy())]
    for (context, check, number, column), g in fc.groupby(
        ["schema_context", "check", "check_number", "column"], sort=False, dropna=False
    ):
        pos = g["_pos"].dropna().astype(int).unique()
        column = None if pd.isna(column) else str(column)
        if check == "column_in_dataframe":
            for name in g["failure_case"]:
                col.add(file, None, str(name), None, "missing_column")
        elif check == "not_nullable":
            if column in unreadable:
                pos = pos[~unreadable[column][pos]]
            if len(pos):
                col.add(file, rows[pos], column, [None] * len(pos), "required")
        elif check == "multiple_fields_uniqueness":
            # with a key column missing (reported above) the key means nothing: no flood of rows
            if all(k in typed.columns for k in sch.unique):
                _report_duplicates(sch, typed, pos, file, rows, col)
        elif str(check).startswith("dtype("):
            col.add(file, None, column, g["failure_case"].iloc[0], "type", what=str(check))
        else:
            _report_check(sch, context, number, column, check, pos, typed, df, file, rows, col)


def _report_check(sch, context, number, column, check_text, pos, typed, df, file, rows, col) -> None:
    """One named check of the schema failed at positions ``pos``: report it with its rule."""
    if pd.isna(number):
        chk = None
    elif context == "DataFrameSchema":
        chk = sch.checks[int(number)]
    else:
        chk = sch.columns[column].checks[int(number)]
    rule = (chk.name if chk is not None else None) or str(check_text)
    stats = dict(chk.statistics or {}) if chk is not None else {}
    if context == "DataFrameSchema":
        column = stats.pop("column", None) or column
    fmt = dict(stats)
    if "allowed_values" in stats:
        fmt["codes"] = ", ".join(map(str, stats["allowed_values"]))
    if "min_value" in stats or "max_value" in stats:
        fmt["lo"] = _fmt_bound(stats.get("min_value", -np.inf))
        fmt["hi"] = _fmt_bound(stats.get("max_value", np.inf))
    source = df[column] if column in df.columns else typed[column] if column in typed.columns else None
    if rule in _HIDDEN_VALUE_RULES:
        values = [_HIDDEN] * len(pos)
    elif source is not None:
        values = _texts(source, pos)
    else:
        values = [None] * len(pos)
    error = getattr(chk, "error", None)
    en, fi = _messages(rule, fmt, error)
    for r, v in zip(rows[pos], values, strict=True):
        col.problems.append(Problem(file, int(r), column, None if v is None else str(v)[:60], rule, en, fi))


def _report_duplicates(sch, typed, pos, file, rows, col) -> None:
    """Later rows repeating a key (pandera's uniqueness check) name the row where it first appeared."""
    key = [k for k in sch.unique if k in typed.columns]
    k = typed[key].astype(model.STRING).fillna("")
    grp = k.groupby(key, sort=False).ngroup().to_numpy()
    first = pd.Series(np.arange(len(typed))).groupby(grp).transform("min").to_numpy()
    pos = np.sort(pos)
    vals = k.iloc[pos].agg(" / ".join, axis=1).to_numpy()
    for r, v, f0 in zip(rows[pos], vals, rows[first[pos]], strict=True):
        col.add(file, [r], ", ".join(key), [v], "unique_key", key=", ".join(key), first=int(f0))


def coerce_table(table: str, df: pd.DataFrame, origins: dict, col: _Collector | None = None):
    """Convert one table to its model dtypes and check it against its schema, collecting problems.

    Finnish parsing (decimal comma, thousands spaces, *kyllä/ei*, lost
    leading zeros, codes in any case) converts the text; then the table's
    pandera schema (:func:`impactlib.model.schema`) checks every single-table
    rule with lazy validation. Returns the converted frame (a new object;
    ``df`` is untouched) and the collector. Unknown columns are kept and give
    a :class:`DataWarning`.
    """
    col = col or _Collector()
    spec = model.TABLES[table]
    file, rows, decimal = _origin(table, df, origins)
    given = df.reset_index(drop=True)
    mine = _Collector()
    converted, unreadable = _convert(table, given, file, rows, decimal, mine)
    typed = pd.DataFrame(converted, index=given.index)
    _check_schema(table, typed, given, file, rows, unreadable, mine)
    # missing columns first, then column by column in the model's order (rows rules and keys last)
    order = {f.name: i for i, f in enumerate(spec.fields)}
    col.problems += sorted(
        mine.problems,
        key=lambda p: -1 if p.rule == "missing_column" else order.get(p.column, len(order)),
    )
    out = {}
    for f in spec.fields:
        if f.name in typed.columns:
            out[f.name] = typed[f.name]
        else:
            dt = model.pandas_dtype(f)
            out[f.name] = pd.Series(np.nan if dt == "float64" else pd.NA, index=given.index, dtype=dt)
    from .identity import is_personal

    known = any(c in order for c in given.columns)
    for c in given.columns:
        if c not in order:
            # a "header" may be a data row (a file without its header row): a column name that
            # carries personal data is never echoed, and without one known column none is
            if known:
                col.add(file, None, _HIDDEN if is_personal(c) else str(c)[:60], None,
                        "unknown_column", warn=True)
            out[c] = given[c]
    if not known and len(given.columns):
        col.add(file, None, _HIDDEN, None, "unknown_column", warn=True)
    result = pd.DataFrame(out, index=given.index)
    result.index = df.index
    return result, col


def _parse_dates(text: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Dates as 2023-01-31 (a spreadsheet's 2023-01-31T00:00:00 too) or 31.1.2023; (values, unreadable)."""
    t = text.astype(model.STRING).str.replace(r"[T ]00:00(:00)?(\.0+)?$", "", regex=True)
    val = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for pattern, fmt in ((r"\d{4}-\d{1,2}-\d{1,2}", "%Y-%m-%d"), (r"\d{1,2}\.\d{1,2}\.\d{4}", "%d.%m.%Y")):
        m = t.str.fullmatch(pattern).fillna(False).to_numpy(dtype=bool)
        if m.any():
            val[m] = pd.to_datetime(t[m].to_numpy(dtype=object), format=fmt, errors="coerce")
    return val, (text.notna() & val.isna()).to_numpy(dtype=bool)


def _fmt_bound(x: float) -> str:
    if np.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{int(x)}" if float(x).is_integer() else f"{x}"


def _pad_codes(s: pd.Series, width: int) -> pd.Series:
    """Pad numeric codes that lost leading zeros in a spreadsheet (``91`` → ``091``)."""
    s = s.astype(model.STRING).str.replace(r"^KU", "", regex=True)
    numeric = s.str.fullmatch(rf"\d{{1,{width}}}").fillna(False).astype(bool)
    return s.where(~numeric, s.str.pad(width, side="left", fillchar="0"))


def _isin(s: pd.Series, values) -> np.ndarray:
    """``s.isin(values)`` as a bool array (empty cells False), testing each distinct value once."""
    values = values if isinstance(values, set | frozenset) else set(values)
    codes, uniques = pd.factorize(s)
    ok = np.fromiter((u in values for u in uniques), dtype=bool, count=len(uniques))
    return (codes >= 0) & ok[np.maximum(codes, 0)] if len(uniques) else np.zeros(len(s), bool)


def _check_cross(tables: dict, origins: dict, col: _Collector) -> None:
    orgs, fund = tables["organisations"], tables["funding"]
    acts, outc, summ = tables["activities"], tables["outcomes"], tables["outcome_summaries"]
    known_orgs = set(orgs["org_id"].dropna())
    for name, df in (("funding", fund), ("activities", acts)):
        file, rows, _ = _origin(name, df, origins)
        bad = df["org_id"].notna().to_numpy() & ~_isin(df["org_id"], known_orgs)
        # an invalid Y-tunnus is already reported; the orphan is reported too (both rules fail)
        if bad.any():
            col.add(file, rows[bad], "org_id", df["org_id"].to_numpy()[bad], "foreign_key",
                    other="organisations", other_fi="järjestöt (organisations)")
    known_acts = set(acts["activity_id"].dropna())
    for name, df in (("outcomes", outc), ("outcome_summaries", summ)):
        if df.empty:
            continue
        file, rows, _ = _origin(name, df, origins)
        bad = df["activity_id"].notna().to_numpy() & ~_isin(df["activity_id"], known_acts)
        if bad.any():
            col.add(file, rows[bad], "activity_id", df["activity_id"].to_numpy()[bad], "foreign_key",
                    other="activities", other_fi="toiminnot (activities)")

    # funder codes by source, against the classification of the funding year
    if not fund.empty:
        file, rows, _ = _origin("funding", fund, origins)
        years = fund["year"].fillna(regions.REFORM_YEAR).astype(int).to_numpy()
        funder = _pad_codes(fund["funder"], 3)
        # a sale's buyer type municipality/county: its funder is that buyer's code (buyer codes)
        sale = fund["source"].isin(model.SALES_SOURCES).fillna(False) & fund["buyer_type"].notna()
        src = fund["source"].where(~sale, fund["buyer_type"])
        given = fund["funder"].notna().to_numpy()  # an empty funder is reported as "required"
        is_mun = (src == "municipality").fillna(False).to_numpy() & given
        if is_mun.any():
            ok = regions.is_valid_municipality(funder.to_numpy()[is_mun], years[is_mun])
            idx = np.where(is_mun)[0][~ok]
            for y in np.unique(years[idx]):
                sel = idx[years[idx] == y]
                col.add(file, rows[sel], "funder", fund["funder"].to_numpy()[sel], "municipality_code", year=int(y))
        is_cty = (src == "county").fillna(False).to_numpy()
        if is_cty.any():
            codes = list(regions.counties()["code"])
            known = _isin(_pad_codes(fund["funder"], 2), codes)
            bad = is_cty & given & ~known
            if bad.any():
                col.add(file, rows[bad], "funder", fund["funder"].to_numpy()[bad], "county_code")
            early = is_cty & (years < 2022)
            if early.any():
                col.add(file, rows[early], "year", fund["year"].to_numpy()[early], "county_year")

    if not acts.empty and acts["area"].notna().any():
        file, rows, _ = _origin("activities", acts, origins)
        long = regions.parse_area(acts["area"])
        pos = acts.index.get_indexer(long["index"])
        years = acts["year"].fillna(regions.REFORM_YEAR).astype(int).to_numpy()[pos]
        county_codes = set(regions.counties()["code"])
        codes = long["code"].astype(model.STRING)
        ok = np.where(codes.str.len().to_numpy() == 2, codes.isin(county_codes).to_numpy(),
                      regions.is_valid_municipality(codes.to_numpy(), years))
        bad_pos = np.unique(pos[~ok])
        for y in np.unique(years[~ok]) if len(bad_pos) else []:
            sel = np.unique(pos[~ok][years[~ok] == y])
            col.add(file, rows[sel], "area", acts["area"].to_numpy()[sel], "area_code", year=int(y))

    if not outc.empty:
        file, rows, _ = _origin("outcomes", outc, origins)
        key = ["activity_id", "participant_id", "instrument", "group"]
        pre = outc.loc[outc["phase"] == "pre", key].astype(model.STRING).drop_duplicates()
        later = (outc["phase"].isin(["post", "follow_up"])).fillna(False).to_numpy()
        if later.any():
            m = outc.loc[later, key].astype(model.STRING).merge(pre.assign(_has=True), on=key, how="left")
            nopre = m["_has"].isna().to_numpy()
            pos = np.where(later)[0][nopre]
            for ph in ("post", "follow_up"):
                sel = pos[outc["phase"].to_numpy()[pos] == ph]
                if len(sel):
                    col.add(file, rows[sel], "phase", outc["phase"].to_numpy()[sel], "prepost_pairing", phase=ph)
        inst = _instruments()
        lim = outc[["instrument"]].merge(inst, how="left", left_on="instrument", right_index=True)
        sc = outc["score"].to_numpy(dtype=float, na_value=np.nan)
        lo, hi = lim["min"].to_numpy(dtype=float), lim["max"].to_numpy(dtype=float)
        bad = ~np.isnan(lo) & ~np.isnan(sc) & ((sc < lo) | (sc > hi))
        if bad.any():
            for (l_, h_), idx in pd.Series(np.where(bad)[0]).groupby([lo[bad], hi[bad]]):
                sel = idx.to_numpy()
                col.add(file, rows[sel], "score", sc[sel], "score_range", lo=_fmt_bound(l_), hi=_fmt_bound(h_))


def _instruments() -> pd.DataFrame:
    return pd.read_csv(regions.DATA_DIR / "instruments.csv").set_index("instrument")[["min", "max"]]


def check(dataset) -> tuple:
    """Convert and check a dataset; return ``(converted_dataset, problems, warnings)``.

    Nothing is raised or warned; :func:`validate` is the usual entry point.
    """
    col = _Collector()
    origins = dataset.origins or {}
    typed = {}
    for name in model.TABLE_ORDER:
        df = getattr(dataset, name)
        if df is None:
            df = model.empty_table(name)
        typed[name], _ = coerce_table(name, df, origins, col)
    _check_cross(typed, origins, col)
    if not col.problems:
        for name, df in typed.items():
            mark_validated(df, name)
    return replace(dataset, **typed), col.problems, col.warnings


def validate(dataset):
    """Check every rule of the data model; raise one :class:`DataError` listing every problem.

    Parameters
    ----------
    dataset : Dataset

    Returns
    -------
    Dataset
        The dataset with every column converted to its model dtype (a new
        object; the input is not modified), each table marked as validated
        (``Dataset.validated`` is True), so that indicator functions check
        only columns and dtypes. Unknown extra columns give one
        :class:`~impactlib.errors.DataWarning` and are kept.

    Raises
    ------
    DataError
        With every problem found: file, row, column, value, rule, and a
        message in English and Finnish.

    Notes
    -----
    The single-table rules are the pandera schemas of
    :func:`impactlib.model.schema`, run with ``lazy=True`` so that every
    failure is collected; the input is checked in full every time (a mark
    from an earlier validation is not trusted here).

    Examples
    --------
    >>> import pandas as pd
    >>> from impactlib import Dataset
    >>> orgs = pd.DataFrame({"org_id": ["0112038-9"], "name": ["Ry"], "municipality": ["179"],
    ...                      "kind": ["Volunteer"], "category": ["other"]})
    >>> fund = pd.DataFrame({"org_id": ["0112038-9"], "year": ["2023"], "source": ["fundraising"],
    ...                      "funder": ["own"], "amount_eur": ["1 500,5"], "basis": ["collected"]})
    >>> ds = validate(Dataset(orgs, fund))
    >>> ds.validated, ds.funding["amount_eur"].tolist(), ds.organisations["kind"].tolist()
    (True, [1500.5], ['volunteer'])
    """
    converted, problems, warns = check(dataset)
    if warns:
        warnings.warn(
            "; ".join(f"{w.file}: {w.column}: {w.message_en} / {w.message_fi}" for w in warns),
            DataWarning,
            stacklevel=2,
        )
    if problems:
        raise DataError(problems)
    return converted
