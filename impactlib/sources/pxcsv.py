"""Statistics Finland PxWeb CSV exports (Latin-1 or UTF-8, ``;``, a title line before the
header) as the population frame. See :mod:`impactlib.sources.statfin` for an overview.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import regions
from . import pxcodes
from .pxcodes import MISSING_SYMBOLS

__all__ = ["read_px_csv"]

# ---------------------------------------------------------------------------
# PxWeb CSV export
# ---------------------------------------------------------------------------

_STUB_KINDS = {
    "alue": "area", "område": "area", "area": "area", "region": "area", "kunta": "area",
    "kommun": "area", "municipality": "area",
    "ikä": "age", "ålder": "age", "age": "age",
    "sukupuoli": "sex", "kön": "sex", "sex": "sex",
    "vuosi": "year", "år": "year", "year": "year",
}
_HEAD_SEX = {
    "yhteensä": "total", "totalt": "total", "total": "total",
    "miehet": "male", "män": "male", "males": "male",
    "naiset": "female", "kvinnor": "female", "females": "female",
}
_POP_WORDS = ("väestö", "befolkning", "population", "väkiluku", "folkmängd")


def _decode_text(data: bytes, label: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "UTF-8"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "ISO-8859-1 (Latin-1)"


def _name_table(division: int) -> dict[str, str]:
    m = regions.municipalities(division)
    names: dict[str, str] = {}
    for col in ("name_sv", "name_fi"):  # Finnish names win where they clash
        names.update({str(n).casefold(): c for n, c in zip(m[col], m["code"], strict=True)})
    return names


def _name_to_code(name: str, names: dict[str, str]) -> str | None:
    s = " ".join(str(name).split())
    key = s.casefold()
    if key in pxcodes.COUNTRY_WORDS:
        return "SSS"
    if key in names:
        return names[key]
    m = re.match(r"^(?:KU)?(\d{3})\b", s)
    if m:
        return m.group(1)
    for part in re.split(r"\s+-\s+", s):  # bilingual "Maarianhamina - Mariehamn"
        if part.casefold() in names:
            return names[part.casefold()]
    return None


def read_px_csv(path, *, division: int | None = None, unmapped: str = "raise") -> pd.DataFrame:
    """Read a population table exported from StatFin PxWeb as CSV.

    PxWeb's CSV export (e.g. table 11re, *Väestö iän (1-v.) ja sukupuolen
    mukaan alueittain*) has a title line and a blank line before the header,
    ``;`` separators, quoted text, ISO-8859-1 (Latin-1) or UTF-8 encoding,
    the *stub* variables as columns (``Alue``, ``Ikä`` …) and one value column
    per combination of the *heading* variables, named like ``"Miehet 2019
    Väestö 31.12."``. Areas are given by **name** only; they are mapped to
    municipality codes with :func:`impactlib.regions.municipalities`.

    Parameters
    ----------
    path : str or Path
    division : int, optional
        Year of the municipal division whose names to use (default: the
        latest year in the file). For the 2019 file use 2019: it holds the
        municipalities that existed before the 2021 mergers (Honkajoki …).
    unmapped : {"raise", "keep"}, default "raise"
        What to do with area names that match no municipality of the
        division: ``"raise"`` lists them in a ``ValueError``; ``"keep"`` keeps
        the rows with ``area = <NA>`` and the name in ``area_name``. They are
        never dropped silently.

    Returns
    -------
    pandas.DataFrame
        The population frame: ``area, area_name, year, age, sex,
        population`` (``age``/``sex`` where the table has them; see
        :mod:`impactlib.sources.statfin`). ``"KOKO MAA"`` becomes ``"SSS"``.
        ``DataFrame.attrs`` holds the ``title`` line and the detected
        ``encoding``.

    Raises
    ------
    ValueError
        When the file is not a PxWeb population CSV (the message names the
        file and what was expected), or area names do not map.

    Notes
    -----
    Missing-value symbols (``.``, ``..``, ``...``, ``-``) become ``<NA>``.
    Read with Python's :mod:`csv` module and pandas.

    References
    ----------
    .. [1] Statistics Finland. StatFin table 11re, *Väestö iän (1-v.) ja
       sukupuolen mukaan alueittain, 1972–* (CC BY 4.0).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> text = ('"11re -- Väestö iän (1-v.) ja sukupuolen mukaan alueittain, 1972-2019"\\r\\n\\r\\n'
    ...         '"Alue";"Ikä";"Miehet 2019 Väestö 31.12.";"Naiset 2019 Väestö 31.12."\\r\\n'
    ...         '"KOKO MAA";"100 -";152;756\\r\\n"Maarianhamina - Mariehamn";"0";60;58\\r\\n')
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "11re.csv"
    >>> _ = p.write_bytes(text.encode("latin-1"))
    >>> read_px_csv(p, division=2019)
      area                  area_name  year   age     sex  population
    0  SSS                   KOKO MAA  2019  100+    male         152
    1  SSS                   KOKO MAA  2019  100+  female         756
    2  478  Maarianhamina - Mariehamn  2019     0    male          60
    3  478  Maarianhamina - Mariehamn  2019     0  female          58
    """
    if unmapped not in ("raise", "keep"):
        raise ValueError(f"unmapped must be 'raise' or 'keep', got {unmapped!r}")
    path = Path(path)
    label = path.name
    where = f"{label}: "
    if not path.exists():
        raise ValueError(f"{path}: no such file; expected a PxWeb CSV export")
    text, enc = _decode_text(path.read_bytes(), label)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    head_i = next((i for i, r in enumerate(rows) if len(r) >= 2), None)
    if head_i is None:
        raise ValueError(
            f"{where}no ';'-separated header found; expected a PxWeb CSV export (title "
            "line, blank line, then a header such as \"Alue\";\"Ikä\";\"Yhteensä 2019 Väestö 31.12.\")"
        )
    title = " ".join(c for r in rows[:head_i] for c in r if c.strip())
    header = [h.strip() for h in rows[head_i]]
    stub = [h for h in header if h.casefold() in _STUB_KINDS]
    value_cols = [h for h in header if h not in stub]
    if not stub or not value_cols:
        raise ValueError(
            f"{where}header {header} has no area/age/sex/year column (Alue, Ikä, Sukupuoli, "
            "Vuosi) or no value columns; expected a PxWeb CSV export"
        )
    body = [r for r in rows[head_i + 1 :] if len(r) == len(header)]
    frame = pd.DataFrame(body, columns=header, dtype="string")

    # The heading part of each value column: sex and year words, then the content.
    heads = []
    for col in value_cols:
        year_m = re.search(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)", col)
        words = col.split()
        sex = _HEAD_SEX.get(words[0].casefold()) if words else None
        if not any(w in col.casefold() for w in _POP_WORDS):
            raise ValueError(
                f"{where}value column {col!r} is not a population count (expected a name "
                "such as 'Yhteensä 2019 Väestö 31.12.')"
            )
        heads.append({"column": col, "year": int(year_m.group(1)) if year_m else None, "sex": sex})
    heads = pd.DataFrame(heads).assign(_col=range(len(value_cols)))
    frame["_row"] = np.arange(len(frame))
    long = frame.melt(id_vars=[*stub, "_row"], value_vars=value_cols, var_name="column", value_name="raw")
    long = long.merge(heads, on="column", how="left")
    # back to the file's order: row by row, value columns left to right
    long = long.sort_values(["_row", "_col"], kind="stable").reset_index(drop=True)
    kinds = {h: _STUB_KINDS[h.casefold()] for h in stub}
    cols = {v: k for k, v in kinds.items()}

    out = pd.DataFrame(index=long.index)
    if "area" in cols:
        names = long[cols["area"]].astype("string").str.strip()
        if "year" in cols:
            years = pd.to_numeric(long[cols["year"]], errors="coerce")
        else:
            years = long["year"].astype("Float64")
        if years.isna().any():
            raise ValueError(f"{where}no year found in the header or a Vuosi column")
        div = int(division) if division is not None else int(years.max())
        table = _name_table(div)
        code = pxcodes.map_unique(names, lambda n: _name_to_code(n, table)).astype("string")
        bad = sorted(set(names[code.isna()]))
        if bad and unmapped == "raise":
            shown = ", ".join(bad[:10]) + (f" … ({len(bad)} in all)" if len(bad) > 10 else "")
            raise ValueError(
                f"{where}{len(bad)} area name(s) match no municipality of the {div} division: "
                f"{shown}. Pass division=<year of the municipal division> or unmapped='keep'. / "
                f"Alueen nimeä ei löydy vuoden {div} kuntajaosta."
            )
        out["area"] = code
        out["area_name"] = names
    else:
        out["area"] = pd.array(["SSS"] * len(long), dtype="string")
        out["area_name"] = pd.array([pd.NA] * len(long), dtype="string")
    out["year"] = (pd.to_numeric(long[cols["year"]], errors="coerce") if "year" in cols else long["year"]).astype("Int64")
    if "age" in cols:
        out["age"] = pxcodes.map_unique(long[cols["age"]], lambda c: pxcodes.age_code(c, where)).astype("string")
    if "sex" in cols:
        out["sex"] = pxcodes.map_unique(long[cols["sex"]], lambda c: pxcodes.sex_code(c, where)).astype("string")
    elif long["sex"].notna().any():
        if long["sex"].isna().any():
            raise ValueError(f"{where}some value columns name a sex and some do not")
        out["sex"] = long["sex"].astype("string")
    raw = long["raw"].astype("string").str.strip().str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    raw = raw.where(~raw.isin(list(MISSING_SYMBOLS)), None).str.replace(",", ".", regex=False)
    bad_num = raw.notna() & pd.to_numeric(raw, errors="coerce").isna()
    if bad_num.any():
        raise ValueError(f"{where}value {long.loc[bad_num, 'raw'].iloc[0]!r} is not a number")
    res = pxcodes.finish_population(out, raw, where)
    res.attrs = {"title": title, "encoding": enc}
    return res


