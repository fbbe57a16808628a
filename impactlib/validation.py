"""Validation of a :class:`~impactlib.dataset.Dataset`: every rule, every problem at once.

:func:`validate` converts each column to its type and checks types, code
lists, ranges, unique keys, the Y-tunnus check digit, municipality and county
codes against the classification of the year, foreign keys between the
tables, and pre/post pairing of outcome scores. It raises **one**
:class:`~impactlib.errors.DataError` listing every problem with file, row (as
a spreadsheet user counts it: the header is row 1), column, offending value
and rule, in English and Finnish. Valid data pass silently. Nothing is
written and the input frames are never modified.

Single-table rules (types, code lists, ranges, keys) are those of the
pandera schemas in :func:`impactlib.model.schema`; this module applies them
with its own vectorised checks so that every failure can be named by file
and spreadsheet row, and adds the rules that span tables.

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

from . import model, regions
from .errors import DataError, DataWarning, Problem

__all__ = ["validate", "check", "coerce_table", "RULES"]

#: Rule code → (English, Finnish) explanation used in problem messages.
RULES: dict[str, tuple[str, str]] = {
    "missing_column": ("required column is missing", "pakollinen sarake puuttuu"),
    "unknown_column": ("unknown column (ignored)", "tuntematon sarake (ohitetaan)"),
    "required": ("a value is required here", "tähän tarvitaan arvo"),
    "type": ("not a {what}", "ei ole {what_fi}"),
    "decimal_comma": (
        "decimal comma in a file that uses decimal points; write 1234.5 or save the file "
        "with ; as separator",
        "desimaalipilkku tiedostossa, jossa käytetään desimaalipistettä; kirjoita 1234.5 tai "
        "tallenna tiedosto puolipiste-erottimella",
    ),
    "code_list": ("not one of the allowed codes: {codes}", "ei ole sallittu koodi: {codes}"),
    "range": ("must be between {lo} and {hi}", "pitää olla välillä {lo}–{hi}"),
    "unique_key": (
        "duplicate key ({key}); first seen on row {first}",
        "avain ({key}) toistuu; ensimmäinen rivillä {first}",
    ),
    "ytunnus": (
        "not a valid Y-tunnus (format 1234567-8 with a correct check digit)",
        "virheellinen Y-tunnus (muoto 1234567-8 ja oikea tarkistusmerkki)",
    ),
    "municipality_code": (
        "not a municipality code of the Statistics Finland classification for {year}",
        "ei ole Tilastokeskuksen kuntaluokituksen kuntanumero vuonna {year}",
    ),
    "county_code": (
        "not a wellbeing services county code (01–21, Helsinki 90)",
        "ei ole hyvinvointialueen koodi (01–21, Helsinki 90)",
    ),
    "county_year": (
        "wellbeing services counties fund only from 2022 (preparation) and 2023 on",
        "hyvinvointialueet rahoittavat vasta vuodesta 2022 (valmistelu) ja 2023 alkaen",
    ),
    "area_code": (
        "area must list municipality (3-digit) or county (2-digit) codes valid in {year}",
        "toiminta-alueen pitää luetella vuonna {year} voimassa olevia kuntanumeroita "
        "tai hyvinvointialueen koodeja",
    ),
    "foreign_key": (
        "not found in table {other}",
        "ei löydy taulukosta {other_fi}",
    ),
    "prepost_pairing": (
        "{phase} score without a pre score for the same participant, activity and instrument",
        "{phase}-mittaus ilman saman osallistujan alkumittausta samassa toiminnossa ja mittarissa",
    ),
    "personal_id": (
        "looks like a Finnish personal identity code; use a pseudonym, never a henkilötunnus",
        "näyttää henkilötunnukselta; käytä pseudonyymiä, ei koskaan henkilötunnusta",
    ),
    "feedback": (
        "more respondents helped than respondents",
        "apua saaneita enemmän kuin vastaajia",
    ),
    "score_range": (
        "score outside the instrument's range {lo}–{hi}",
        "pistemäärä mittarin asteikon {lo}–{hi} ulkopuolella",
    ),
}

_TYPE_WORDS = {
    "int": ("whole number", "kokonaisluku"),
    "year": ("year (whole number)", "vuosiluku"),
    "float": ("number", "luku"),
    "bool": ("yes/no value (true/false, kyllä/ei)", "kyllä/ei-arvo (kyllä/ei, true/false)"),
}

_TRUE = {"true", "1", "kyllä", "kylla", "k", "yes", "y", "tosi", "x"}
_FALSE = {"false", "0", "ei", "e", "no", "n", "epätosi", "epatosi"}
_HETU = re.compile(r"^\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]$")
_SPACES = re.compile(r"[\s\u00a0\u202f]")


class _Collector:
    def __init__(self):
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def add(self, file, rows, column, values, rule, warn=False, **fmt):
        en, fi = RULES[rule]
        fmt.setdefault("what_fi", fmt.get("what", ""))
        en, fi = en.format(**fmt), fi.format(**fmt)
        target = self.warnings if warn else self.problems
        if rows is None:
            target.append(Problem(file, None, column, None if values is None else str(values)[:60], rule, en, fi))
            return
        for r, v in zip(rows, values, strict=True):
            sv = None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)[:60]
            if sv is not None and pd.isna(v):
                sv = None
            target.append(Problem(file, int(r), column, sv, rule, en, fi))


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


def _parse_number(text: pd.Series, decimal: str) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Parse numbers; returns (values, bad_type mask, bad_decimal_comma mask)."""
    t = text.str.replace(_SPACES, "", regex=True)
    has_comma = t.str.contains(",", regex=False).fillna(False).astype(bool)
    bad_comma = has_comma & (decimal == "dot")
    t = t.str.replace("−", "-", regex=False)
    t = t.where(~has_comma, t.str.replace(",", ".", regex=False))
    num = pd.to_numeric(t.where(~bad_comma, pd.NA), errors="coerce")
    bad = text.notna() & num.isna() & ~bad_comma
    return num.astype("float64"), bad.astype(bool), bad_comma.astype(bool)


def coerce_table(table: str, df: pd.DataFrame, origins: dict, col: _Collector | None = None):
    """Convert one table to its model dtypes, collecting problems.

    Returns the converted frame (a new object; ``df`` is untouched) and the
    collector. Unknown columns are kept and give a :class:`DataWarning`.
    """
    col = col or _Collector()
    spec = model.TABLES[table]
    file, rows, decimal = _origin(table, df, origins)
    out = pd.DataFrame(index=df.index)
    present = set(df.columns)
    for f in spec.fields:
        if f.name not in present:
            if f.required:
                col.add(file, None, f.name, None, "missing_column")
            dt = model.pandas_dtype(f)
            out[f.name] = pd.Series(np.nan if dt == "float64" else pd.NA, index=df.index, dtype=dt)
            continue
        s = df[f.name]
        text = _to_text(s) if not pd.api.types.is_bool_dtype(s) else s.astype("boolean")
        missing = text.isna().to_numpy()
        if f.kind in ("int", "year", "float"):
            if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
                num = s.astype("float64")
                bad = np.zeros(len(s), bool)
                badc = np.zeros(len(s), bool)
            else:
                num, bad_s, badc_s = _parse_number(text, decimal)
                bad, badc = bad_s.to_numpy(), badc_s.to_numpy()
            if f.kind in ("int", "year"):
                frac = num.notna() & (num != np.floor(num.fillna(0)))
                bad = bad | frac.to_numpy()
            if bad.any():
                what, what_fi = _TYPE_WORDS[f.kind]
                col.add(file, rows[bad], f.name, text.to_numpy()[bad], "type", what=what, what_fi=what_fi)
            if badc.any():
                col.add(file, rows[badc], f.name, text.to_numpy()[badc], "decimal_comma")
            num = num.mask(pd.Series(bad | badc, index=num.index))
            ok = num.notna().to_numpy()
            lo = f.min if f.min is not None else -np.inf
            hi = f.max if f.max is not None else np.inf
            if f.kind == "year":
                lo, hi = max(lo, model.YEAR_MIN), min(hi, model.YEAR_MAX)
            outside = ok & ((num.to_numpy() < lo) | (num.to_numpy() > hi))
            if outside.any():
                col.add(file, rows[outside], f.name, text.to_numpy()[outside], "range",
                        lo=_fmt_bound(lo), hi=_fmt_bound(hi))
            if f.kind == "float":
                out[f.name] = num.astype("float64")
            else:
                out[f.name] = num.round().astype("Int64")
            missing = missing & ~(bad | badc)
        elif f.kind == "bool":
            if pd.api.types.is_bool_dtype(s):
                out[f.name] = s.astype("boolean")
            else:
                low = text.str.lower()
                val = pd.Series(pd.NA, index=df.index, dtype="boolean")
                val[low.isin(_TRUE).fillna(False).astype(bool)] = True
                val[low.isin(_FALSE).fillna(False).astype(bool)] = False
                bad = (text.notna() & val.isna()).to_numpy()
                if bad.any():
                    what, what_fi = _TYPE_WORDS["bool"]
                    col.add(file, rows[bad], f.name, text.to_numpy()[bad], "type", what=what, what_fi=what_fi)
                out[f.name] = val
                missing = missing & ~bad
        else:
            val = text
            if f.kind == "code":
                val = text.str.lower()
                allowed = list(model.CODE_LISTS[f.codes])
                bad = (val.notna() & ~val.isin(allowed)).to_numpy()
                if bad.any():
                    col.add(file, rows[bad], f.name, text.to_numpy()[bad], "code_list",
                            codes=", ".join(allowed))
            elif f.kind == "ytunnus":
                bad = (val.notna() & ~model.is_valid_ytunnus(val.fillna("")).to_numpy()).to_numpy()
                if bad.any():
                    col.add(file, rows[bad], f.name, text.to_numpy()[bad], "ytunnus")
            elif f.kind == "municipality":
                val = _pad_codes(val, 3)
                valid = regions.municipalities(2013)["code"].tolist() + regions.municipalities(2026)["code"].tolist()
                bad = (val.notna() & ~val.isin(valid)).to_numpy()
                if bad.any():
                    col.add(file, rows[bad], f.name, text.to_numpy()[bad], "municipality_code",
                            year="2013–2026")
            out[f.name] = val.astype(model.STRING)
        if not f.nullable and missing.any():
            col.add(file, rows[missing], f.name, [None] * int(missing.sum()), "required")
    known = {f.name for f in spec.fields}
    for c in df.columns:
        if c not in known:
            col.add(file, None, str(c), None, "unknown_column", warn=True)
            out[c] = df[c]
    return out, col


def _fmt_bound(x: float) -> str:
    if np.isinf(x):
        return "∞" if x > 0 else "−∞"
    return f"{int(x)}" if float(x).is_integer() else f"{x}"


def _pad_codes(s: pd.Series, width: int) -> pd.Series:
    """Pad numeric codes that lost leading zeros in a spreadsheet (``91`` → ``091``)."""
    s = s.astype(model.STRING).str.replace(r"^KU", "", regex=True)
    numeric = s.str.fullmatch(rf"\d{{1,{width}}}").fillna(False).astype(bool)
    return s.where(~numeric, s.str.zfill(width))


def _check_unique(table, df, origins, col):
    spec = model.TABLES[table]
    key = [k for k in spec.key if k in df.columns]
    if not key or df.empty:
        return
    file, rows, _ = _origin(table, df, origins)
    k = df[key].astype(model.STRING).fillna("")
    grp = k.groupby(key, sort=False).ngroup().to_numpy()
    pos = np.arange(len(df))
    first = pd.Series(pos).groupby(grp).transform("min").to_numpy()
    later = pos != first
    if later.any():
        vals = k.iloc[later].agg(" / ".join, axis=1).to_numpy()
        for r, v, f0 in zip(rows[later], vals, rows[first[later]], strict=True):
            col.add(file, [r], ", ".join(key), [v], "unique_key", key=", ".join(key), first=int(f0))


def _check_cross(tables: dict, origins: dict, col: _Collector) -> None:
    orgs, fund = tables["organisations"], tables["funding"]
    acts, outc, summ = tables["activities"], tables["outcomes"], tables["outcome_summaries"]
    known_orgs = set(orgs["org_id"].dropna())
    for name, df in (("funding", fund), ("activities", acts)):
        file, rows, _ = _origin(name, df, origins)
        bad = (df["org_id"].notna() & ~df["org_id"].isin(known_orgs)).to_numpy()
        # an invalid Y-tunnus is already reported; the orphan is reported too (both rules fail)
        if bad.any():
            col.add(file, rows[bad], "org_id", df["org_id"].to_numpy()[bad], "foreign_key",
                    other="organisations", other_fi="järjestöt (organisations)")
    known_acts = set(acts["activity_id"].dropna())
    for name, df in (("outcomes", outc), ("outcome_summaries", summ)):
        if df.empty:
            continue
        file, rows, _ = _origin(name, df, origins)
        bad = (df["activity_id"].notna() & ~df["activity_id"].isin(known_acts)).to_numpy()
        if bad.any():
            col.add(file, rows[bad], "activity_id", df["activity_id"].to_numpy()[bad], "foreign_key",
                    other="activities", other_fi="toiminnot (activities)")

    # funder codes by source, against the classification of the funding year
    if not fund.empty:
        file, rows, _ = _origin("funding", fund, origins)
        years = fund["year"].fillna(regions.REFORM_YEAR).astype(int).to_numpy()
        funder = _pad_codes(fund["funder"], 3)
        src = fund["source"]
        is_mun = (src == "municipality").fillna(False).to_numpy()
        if is_mun.any():
            ok = regions.is_valid_municipality(funder.to_numpy()[is_mun], years[is_mun])
            idx = np.where(is_mun)[0][~ok]
            for y in np.unique(years[idx]):
                sel = idx[years[idx] == y]
                col.add(file, rows[sel], "funder", fund["funder"].to_numpy()[sel], "municipality_code", year=int(y))
        is_cty = (src == "county").fillna(False).to_numpy()
        if is_cty.any():
            codes = set(regions.counties()["code"])
            fc = _pad_codes(fund["funder"], 2).to_numpy()
            bad = is_cty & ~np.isin(fc, list(codes))
            if bad.any():
                col.add(file, rows[bad], "funder", fund["funder"].to_numpy()[bad], "county_code")
            early = is_cty & (years < 2022)
            if early.any():
                col.add(file, rows[early], "year", fund["year"].to_numpy()[early], "county_year")

    if not orgs.empty:
        pass  # organisation municipality codes are checked in coerce_table

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

    if not acts.empty:
        file, rows, _ = _origin("activities", acts, origins)
        fr, fh = acts["feedback_respondents"], acts["feedback_helped"]
        bad = (fr.notna() & fh.notna() & (fh > fr)).fillna(False).to_numpy()
        if bad.any():
            col.add(file, rows[bad], "feedback_helped", fh.to_numpy()[bad], "feedback")

    if not outc.empty:
        file, rows, _ = _origin("outcomes", outc, origins)
        pid = outc["participant_id"].astype(model.STRING)
        hetu = pid.str.fullmatch(_HETU.pattern).fillna(False).to_numpy()
        if hetu.any():
            col.add(file, rows[hetu], "participant_id", ["(hidden / piilotettu)"] * int(hetu.sum()), "personal_id")
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
    for name in model.TABLE_ORDER:
        _check_unique(name, typed[name], origins, col)
    _check_cross(typed, origins, col)
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
        object; the input is not modified). Unknown extra columns give one
        :class:`~impactlib.errors.DataWarning` and are kept.

    Raises
    ------
    DataError
        With every problem found: file, row, column, value, rule, and a
        message in English and Finnish.
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
