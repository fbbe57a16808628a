"""Statistics Finland (Tilastokeskus) StatFin tables: JSON-stat 2.0 and PxWeb CSV.

Statistics Finland publishes its StatFin database through the PxWeb API
(``https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin/…``). A POST query with
``"response": {"format": "json-stat2"}`` returns a JSON-stat 2.0 dataset; the
web interface also exports CSV files (Latin-1, ``;``, a title line before the
header). This module reads both, and turns population tables into the
*population frame* the rest of impactlib uses for per-1,000-inhabitant
indicators (:mod:`impactlib.population`):

==============  ==========================================================
``area``        3-digit municipality code (``"091"``), or ``"SSS"`` for the
                whole country; other area codes are kept as published
``area_name``   the name as published (where the source has one)
``year``        statistical year (population at 31.12.), ``Int64``
``age``         where the table has ages: ``"total"``, single years
                ``"0"`` … ``"99"``, groups ``"20-24"``, open ``"100+"``
``sex``         where the table has sexes: ``"total"``, ``"male"``, ``"female"``
``population``  persons, ``Int64`` (missing values ``<NA>``)
==============  ==========================================================

Both StatFin variable schemes are understood: the new one (since 2022–2026,
version-stamped codes such as ``alue_23_20260101`` with areas ``KU091`` and
``SSS``, ``ikaryhma_10_20180101``, ``sukupuoli_9_20180101``,
``timeperiod_y``, ``contentscode``) and the old one (``Vuosi``, ``Alue``,
``Ikä``, ``Sukupuoli``, ``Tiedot``), in Finnish, Swedish or English labels.

Downloading is a separate, explicit call (:func:`download_population`);
reading never touches the network.

Source and licence: Statistics Finland, StatFin, CC BY 4.0 ("Lähde:
Tilastokeskus").

Examples
--------
>>> js = {"version": "2.0", "class": "dataset",
...       "id": ["alue", "timeperiod_y", "contentscode"], "size": [2, 1, 1],
...       "role": {"geo": ["alue"], "time": ["timeperiod_y"], "metric": ["contentscode"]},
...       "dimension": {
...         "alue": {"label": "Alue", "category": {"index": ["KU091", "SSS"],
...                  "label": {"KU091": "Helsinki", "SSS": "KOKO MAA"}}},
...         "timeperiod_y": {"category": {"index": {"2025": 0}}},
...         "contentscode": {"category": {"index": {"vaerak-vaesto": 0}}}},
...       "value": [694392, 5_635_971]}
>>> population_from_jsonstat(js)[["area", "year", "population"]]
  area  year  population
0  091  2025      694392
1  SSS  2025     5635971
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import regions
from .download import _json_source, fetch

__all__ = [
    "PXWEB_BASE",
    "POPULATION_TABLE_URL",
    "MISSING_SYMBOLS",
    "read_jsonstat",
    "population_from_jsonstat",
    "read_px_csv",
    "pxweb_query",
    "download_population",
]

#: Base address of the StatFin PxWeb API (Finnish labels).
PXWEB_BASE = "https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin"
#: Table 11re "Väestö iän (1-v.) ja sukupuolen mukaan alueittain" (population by
#: single year of age and sex, by area, 31.12.).
POPULATION_TABLE_URL = f"{PXWEB_BASE}/vaerak/statfin_vaerak_pxt_11re.px"
#: Symbols PxWeb writes for values that are missing or confidential.
MISSING_SYMBOLS = frozenset({".", "..", "...", "....", "-", "", "x", "X"})

_TOTAL_WORDS = {"sss", "yhteensä", "totalt", "total", "kaikki", "all", "koko maa"}
_SEX_WORDS = {
    "sss": "total", "yhteensä": "total", "totalt": "total", "total": "total",
    "1": "male", "miehet": "male", "män": "male", "males": "male", "men": "male",
    "2": "female", "naiset": "female", "kvinnor": "female", "females": "female",
    "women": "female",
}
_COUNTRY_WORDS = {"koko maa", "hela landet", "whole country", "sss", "suomi", "finland"}


# ---------------------------------------------------------------------------
# JSON-stat 2.0
# ---------------------------------------------------------------------------


def _dataset(obj, label: str) -> dict:
    """Check that ``obj`` is one JSON-stat 2.0 dataset and return it."""
    if not isinstance(obj, dict):
        raise ValueError(f"{label}: expected a JSON-stat 2.0 object, got a JSON {type(obj).__name__}")
    cls = obj.get("class")
    if cls in ("collection", "bundle") or (
        cls is None and "version" not in obj and "dataset" in obj
    ):
        raise ValueError(
            f"{label}: this is a JSON-stat collection or a JSON-stat 1.x bundle, not one "
            "dataset; ask PxWeb for one table with \"response\": {\"format\": \"json-stat2\"}"
        )
    missing = [k for k in ("id", "size", "dimension", "value") if k not in obj]
    if missing:
        raise ValueError(
            f"{label}: not a JSON-stat 2.0 dataset: keys {missing} are missing (expected "
            "'version': '2.0', 'class': 'dataset', 'id', 'size', 'dimension', 'value')"
        )
    ids, sizes = obj["id"], obj["size"]
    if not isinstance(ids, list) or not isinstance(sizes, list) or len(ids) != len(sizes):
        raise ValueError(f"{label}: 'id' and 'size' must be lists of the same length")
    if any(not isinstance(s, int) or s < 0 for s in sizes):
        raise ValueError(f"{label}: 'size' must list whole numbers ≥ 0, got {sizes}")
    for d in ids:
        if d not in obj["dimension"]:
            raise ValueError(f"{label}: dimension {d!r} is listed in 'id' but not described")
    return obj


def _categories(dim: dict, name: str, size: int, label: str) -> tuple[list[str], list[str]]:
    """Category codes in storage order, and their labels."""
    cat = dim.get("category", {})
    index = cat.get("index")
    labels = cat.get("label", {}) or {}
    if index is None:
        codes = list(labels)
    elif isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, dict):
        pos = sorted(index.items(), key=lambda kv: kv[1])
        if [p for _, p in pos] != list(range(len(pos))):
            raise ValueError(
                f"{label}: dimension {name!r}: category positions must be 0…{len(pos) - 1}"
            )
        codes = [str(c) for c, _ in pos]
    else:
        raise ValueError(f"{label}: dimension {name!r}: 'index' must be a list or an object")
    if len(codes) != size:
        raise ValueError(
            f"{label}: dimension {name!r} has {len(codes)} categories but 'size' says {size}"
        )
    return codes, [str(labels.get(c, c)) for c in codes]


def _by_position(values, n: int, label: str, what: str) -> np.ndarray:
    """Dense object array of length ``n`` from a JSON-stat list or sparse object."""
    out = np.full(n, None, dtype=object)
    if isinstance(values, list):
        if len(values) != n:
            raise ValueError(
                f"{label}: '{what}' has {len(values)} entries but the dimensions give "
                f"{n} cells (the product of 'size')"
            )
        out[:] = values
    elif isinstance(values, dict):
        try:
            pos = np.fromiter((int(k) for k in values), dtype=np.int64, count=len(values))
        except ValueError as exc:
            raise ValueError(f"{label}: '{what}' keys must be cell positions") from exc
        if len(pos) and (pos.min() < 0 or pos.max() >= n):
            raise ValueError(f"{label}: '{what}' refers to a cell beyond the {n} cells")
        out[pos] = list(values.values())
    else:
        raise ValueError(f"{label}: '{what}' must be a list or an object")
    return out


def _parse_jsonstat(source) -> tuple[pd.DataFrame, dict]:
    obj, label = _json_source(source, "JSON-stat")
    ds = _dataset(obj, label)
    ids, sizes = list(ds["id"]), list(ds["size"])
    n = int(np.prod(sizes, dtype=np.int64)) if sizes else 1
    cols: dict[str, object] = {}
    # JSON-stat 2.0 stores cells in row-major order: the last dimension in
    # 'id' varies fastest (https://json-stat.org/format/#value).
    positions = np.indices(sizes, dtype=np.int64).reshape(len(sizes), -1) if sizes else np.zeros((0, 1), int)
    dims = {}
    for i, name in enumerate(ids):
        codes, labels = _categories(ds["dimension"][name], name, sizes[i], label)
        dims[name] = {"codes": codes, "labels": labels, "label": ds["dimension"][name].get("label", name)}
        cols[name] = pd.array(np.asarray(codes, dtype=object)[positions[i]] if n else [], dtype="string")
        cols[f"{name}_label"] = pd.array(
            np.asarray(labels, dtype=object)[positions[i]] if n else [], dtype="string"
        )
    raw = pd.Series(_by_position(ds["value"], n, label, "value"), dtype=object)
    value = pd.to_numeric(raw, errors="coerce").astype("float64")
    symbol = raw.where(raw.notna() & value.isna())
    status = None
    if ds.get("status") is not None:
        st = ds["status"]
        status = pd.Series([st] * n if isinstance(st, str) else _by_position(st, n, label, "status"), dtype=object)
    if symbol.notna().any():
        status = symbol if status is None else status.where(status.notna(), symbol)
    cols["value"] = value.to_numpy()
    df = pd.DataFrame(cols, index=pd.RangeIndex(n))
    if status is not None:
        df["status"] = status.astype("string").to_numpy()
    role = ds.get("role", {}) or {}
    meta = {
        "ids": ids,
        "dims": dims,
        "role": role,
        "label": ds.get("label"),
        "source": ds.get("source"),
        "updated": ds.get("updated"),
        "table": (ds.get("extension", {}) or {}).get("px", {}).get("tableid"),
        "file": label,
    }
    df.attrs = {k: meta[k] for k in ("label", "source", "updated", "table")}
    return df, meta


def read_jsonstat(source) -> pd.DataFrame:
    """Read a JSON-stat 2.0 dataset (a PxWeb ``json-stat2`` response) into a tidy table.

    Parameters
    ----------
    source : str, Path, bytes, or dict
        A file, the bytes of a response, or the parsed JSON object.

    Returns
    -------
    pandas.DataFrame
        One row per cell. For every dimension in ``id`` order, a column named
        by the dimension id holding the category codes, and ``<id>_label``
        with the category labels (both ``string``); then ``value``
        (``float64``, NaN where the value is missing) and, where the dataset
        has status symbols or non-numeric values (``".."``), ``status``.
        ``DataFrame.attrs`` holds the dataset's ``label``, ``source``,
        ``updated`` and PxWeb ``table`` id.

    Raises
    ------
    ValueError
        When the input is not one JSON-stat 2.0 dataset, or its sizes,
        categories and values do not agree (the message names the file).

    Notes
    -----
    JSON-stat 2.0 stores the cube as one flat ``value`` array in row-major
    order: with dimension sizes :math:`n_1, \\dots, n_k` (in ``id`` order) the
    cell with category positions :math:`(i_1, \\dots, i_k)` is at

    .. math::

        p = \\sum_{j=1}^{k} i_j \\prod_{l=j+1}^{k} n_l ,

    so the last dimension varies fastest. Category positions come from
    ``category.index`` (a list of codes, or an object code → position; when
    it is absent, from ``category.label``). ``value`` and ``status`` may be
    arrays or sparse objects keyed by position; cells absent from a sparse
    object are missing. Built on :func:`numpy.indices` and pandas.

    References
    ----------
    .. [1] Badosa, X. *JSON-stat format, version 2.0*. https://json-stat.org/format/
    .. [2] Statistics Finland. *PxWeb API user guide* (StatFin database
       interface). https://pxdata.stat.fi/API-description_SCB.pdf

    Examples
    --------
    A 2 × 2 cube with a sparse ``value`` object and a missing cell:

    >>> js = {"version": "2.0", "class": "dataset", "id": ["sex", "year"], "size": [2, 2],
    ...       "dimension": {"sex": {"category": {"index": ["1", "2"],
    ...                                          "label": {"1": "Miehet", "2": "Naiset"}}},
    ...                     "year": {"category": {"index": {"2022": 0, "2023": 1}}}},
    ...       "value": {"0": 10, "1": 11, "3": 13}, "status": {"2": ".."}}
    >>> read_jsonstat(js)[["sex", "sex_label", "year", "value", "status"]]
      sex sex_label  year  value status
    0   1    Miehet  2022   10.0   <NA>
    1   1    Miehet  2023   11.0   <NA>
    2   2    Naiset  2022    NaN     ..
    3   2    Naiset  2023   13.0   <NA>
    """
    return _parse_jsonstat(source)[0]


def _dim_kind(name: str, label: str, role: dict) -> str | None:
    n, lab = name.casefold(), str(label).casefold()
    if name in role.get("time", []) or n.startswith("timeperiod") or n in ("vuosi", "år", "year", "tid") or lab in ("vuosi", "år", "year"):
        return "year"
    if name in role.get("geo", []) or n.startswith("alue") or n.startswith("kunta") or n in ("område", "area", "region") or lab in ("alue", "område", "area", "kunta", "kommun"):
        return "area"
    if n.startswith("ika") or n.startswith("ikä") or n in ("ålder", "age") or lab in ("ikä", "ålder", "age"):
        return "age"
    if n.startswith("sukupuoli") or n in ("kön", "sex", "gender") or lab in ("sukupuoli", "kön", "sex"):
        return "sex"
    if name in role.get("metric", []) or n in ("contentscode", "tiedot", "uppgifter", "information") or lab in ("tiedot", "uppgifter", "information"):
        return "content"
    return None


def _is_population_content(code: str) -> bool:
    """``vaesto``, ``vaerak-vaesto``, ``vaesto_e24`` … but not ``vaesto_osuus`` (a share)."""
    c = str(code).casefold()
    return re.search(r"(^|[-_])(vaesto|väestö)($|_e\d+$)", c) is not None


def _map_unique(values: pd.Series, fn) -> pd.Series:
    """Apply ``fn`` to each distinct value (categories are few) and map back."""
    uniq = pd.unique(values.astype(object))
    table = {u: fn(u) for u in uniq}
    return values.astype(object).map(table)


def _area_code(code) -> str:
    s = str(code).strip()
    if re.fullmatch(r"KU\d{3}", s):
        return s[2:]
    if re.fullmatch(r"\d{3}", s):
        return s
    if s.casefold() in _COUNTRY_WORDS:
        return "SSS"
    return s


def _age_code(code, where: str = "") -> str:
    s = " ".join(str(code).split())
    low = s.casefold()
    if low in _TOTAL_WORDS:
        return "total"
    if re.fullmatch(r"\d+", s):
        return str(int(s))
    m = re.fullmatch(r"(\d+)\s*(?:-|–|\+|and over|och äldre|vuotta täyttäneet|-\s*v\.?)", s)
    if m:
        return f"{int(m.group(1))}+"
    m = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", s)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a > b:
            raise ValueError(f"{where}age group {s!r} runs backwards")
        return f"{a}-{b}"
    raise ValueError(
        f"{where}cannot read the age {s!r}; expected a single year (0, 005), a group "
        "(20-24), an open group (100-, 100 -, 80+) or a total (SSS, Yhteensä)"
    )


def _sex_code(code, where: str = "") -> str:
    s = str(code).strip().casefold()
    if s in _SEX_WORDS:
        return _SEX_WORDS[s]
    raise ValueError(
        f"{where}cannot read the sex {code!r}; expected SSS/1/2 or Yhteensä/Miehet/Naiset"
    )


def _finish_population(out: pd.DataFrame, values: pd.Series, where: str) -> pd.DataFrame:
    num = pd.to_numeric(values, errors="coerce").astype("float64")
    frac = num.notna() & (num != np.floor(num.fillna(0)))
    if frac.any():
        raise ValueError(
            f"{where}population counts must be whole numbers; found e.g. "
            f"{num[frac].iloc[0]!r} — is this a population table?"
        )
    out["population"] = pd.array(num.round().to_numpy(), dtype="Int64") if len(num) else pd.array([], dtype="Int64")
    return out.reset_index(drop=True)


def population_from_jsonstat(source) -> pd.DataFrame:
    """Population frame from a StatFin population table in JSON-stat 2.0.

    Parameters
    ----------
    source : str, Path, bytes, or dict
        A PxWeb ``json-stat2`` response of a population table such as 11re
        (population by age and sex, by area) or 11rc, in either the new or the
        old StatFin variable scheme, with Finnish, Swedish or English labels.

    Returns
    -------
    pandas.DataFrame
        Columns ``area, area_name, year``, then ``age`` and ``sex`` if the
        table has those dimensions, then ``population`` (``Int64``). Area
        codes ``KU091`` become ``"091"``; the whole country is ``"SSS"``. A
        table without an area dimension describes the whole country
        (``area = "SSS"``). Ages become ``"total"``, ``"0"``…``"99"``,
        ``"20-24"``, ``"100+"``; sexes ``"total"``, ``"male"``, ``"female"``.

    Raises
    ------
    ValueError
        When the table has several content variables and none of them is a
        population count, has a dimension other than area, year, age, sex and
        content with more than one category, or holds non-integer values.

    Notes
    -----
    *Väkiluku* (population at 31 December), unit persons. Dimensions are
    recognised by their id, label or JSON-stat role (``geo``, ``time``,
    ``metric``), so the version-stamped ids of the new scheme
    (``alue_23_20260101``) keep working when Statistics Finland renews them.
    Built on :func:`read_jsonstat` (numpy, pandas).

    References
    ----------
    .. [1] Statistics Finland. *Väestörakenne* (Population structure), StatFin
       tables 11re and 11rc. https://stat.fi/tilasto/vaerak (CC BY 4.0).

    Examples
    --------
    >>> js = {"version": "2.0", "class": "dataset",
    ...       "id": ["Vuosi", "Sukupuoli", "Ikä", "Tiedot"], "size": [1, 2, 2, 1],
    ...       "dimension": {
    ...         "Vuosi": {"label": "År", "category": {"index": {"2022": 0}}},
    ...         "Sukupuoli": {"label": "Kön", "category": {"index": {"1": 0, "2": 1}}},
    ...         "Ikä": {"label": "Ålder", "category": {"index": {"20-24": 0, "100-": 1}}},
    ...         "Tiedot": {"category": {"index": {"vaesto": 0}}}},
    ...       "value": [160000, 150, 150000, 700]}
    >>> population_from_jsonstat(js)
      area area_name  year    age     sex  population
    0  SSS      <NA>  2022  20-24    male      160000
    1  SSS      <NA>  2022   100+    male         150
    2  SSS      <NA>  2022  20-24  female      150000
    3  SSS      <NA>  2022   100+  female         700
    """
    df, meta = _parse_jsonstat(source)
    where = f"{meta['file']}: "
    kinds: dict[str, str] = {}
    for name in meta["ids"]:
        kind = _dim_kind(name, meta["dims"][name]["label"], meta["role"])
        if kind is None or kind in kinds:
            if len(meta["dims"][name]["codes"]) > 1:
                raise ValueError(
                    f"{where}dimension {name!r} ({meta['dims'][name]['label']}) is not one of "
                    "area, year, age, sex or content and has several categories; select one "
                    "category of it in the query"
                )
            continue
        kinds[kind] = name
    if "year" not in kinds:
        raise ValueError(f"{where}no year dimension found (expected Vuosi or timeperiod_y)")
    if "content" in kinds:
        cname = kinds["content"]
        codes = meta["dims"][cname]["codes"]
        if len(codes) > 1:
            pop = [c for c in codes if _is_population_content(c)]
            if len(pop) != 1:
                raise ValueError(
                    f"{where}the content variable {cname!r} has {codes}; keep only the "
                    "population (väestö) content in the query"
                )
            df = df[df[cname] == pop[0]]
    out = pd.DataFrame(index=df.index)
    if "area" in kinds:
        a = kinds["area"]
        out["area"] = _map_unique(df[a], _area_code).astype("string")
        out["area_name"] = df[f"{a}_label"].astype("string")
    else:
        out["area"] = pd.array(["SSS"] * len(df), dtype="string")
        out["area_name"] = pd.array([pd.NA] * len(df), dtype="string")
    years = pd.to_numeric(df[kinds["year"]], errors="coerce")
    if years.isna().any():
        bad = df.loc[years.isna(), kinds["year"]].iloc[0]
        raise ValueError(f"{where}year {bad!r} is not a year")
    out["year"] = years.astype("Int64")
    if "age" in kinds:
        out["age"] = _map_unique(df[kinds["age"]], lambda c: _age_code(c, where)).astype("string")
    if "sex" in kinds:
        out["sex"] = _map_unique(df[kinds["sex"]], lambda c: _sex_code(c, where)).astype("string")
    return _finish_population(out, df["value"], where)


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
    if key in _COUNTRY_WORDS:
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
        code = _map_unique(names, lambda n: _name_to_code(n, table)).astype("string")
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
        out["age"] = _map_unique(long[cols["age"]], lambda c: _age_code(c, where)).astype("string")
    if "sex" in cols:
        out["sex"] = _map_unique(long[cols["sex"]], lambda c: _sex_code(c, where)).astype("string")
    elif long["sex"].notna().any():
        if long["sex"].isna().any():
            raise ValueError(f"{where}some value columns name a sex and some do not")
        out["sex"] = long["sex"].astype("string")
    raw = long["raw"].astype("string").str.strip().str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    raw = raw.where(~raw.isin(list(MISSING_SYMBOLS)), None).str.replace(",", ".", regex=False)
    bad_num = raw.notna() & pd.to_numeric(raw, errors="coerce").isna()
    if bad_num.any():
        raise ValueError(f"{where}value {long.loc[bad_num, 'raw'].iloc[0]!r} is not a number")
    res = _finish_population(out, raw, where)
    res.attrs = {"title": title, "encoding": enc}
    return res


# ---------------------------------------------------------------------------
# Download (explicit calls only)
# ---------------------------------------------------------------------------


def _find_variable(variables: list[dict], kind: str) -> dict | None:
    for v in variables:
        k = _dim_kind(v.get("code", ""), v.get("text", ""), {"time": [v["code"]] if v.get("time") else []})
        if k == kind:
            return v
    return None


def pxweb_query(metadata: dict, *, areas=None, years=None, by_age: bool = False, by_sex: bool = False) -> list[dict]:
    """Build PxWeb POST bodies for a population table from its metadata.

    Parameters
    ----------
    metadata : dict
        The table's metadata (``GET`` on the table address): ``{"title",
        "variables": [{"code", "text", "values", "valueTexts", …}]}``.
    areas : list of str, optional
        Municipality codes (``"091"``) and/or ``"SSS"``; default all areas.
    years : list of int, optional
        Default: the latest year in the table.
    by_age, by_sex : bool, default False
        Ask for every single year of age / both sexes (and the totals);
        otherwise only the totals.

    Returns
    -------
    list of dict
        One query per year (keeps each query small; PxWeb refuses queries of
        too many cells), each ``{"query": […], "response": {"format": "json-stat2"}}``.

    Examples
    --------
    >>> meta = {"title": "11re", "variables": [
    ...   {"code": "alue_23_20260101", "text": "Alue", "values": ["SSS", "KU091"]},
    ...   {"code": "ikaryhma_10_20180101", "text": "Ikä", "values": ["SSS", "000", "100-"]},
    ...   {"code": "sukupuoli_9_20180101", "text": "Sukupuoli", "values": ["SSS", "1", "2"]},
    ...   {"code": "timeperiod_y", "text": "Vuosi", "values": ["2024", "2025"], "time": True},
    ...   {"code": "contentscode", "text": "Tiedot", "values": ["vaerak-vaesto"]}]}
    >>> q = pxweb_query(meta, areas=["091"])
    >>> [(s["code"], s["selection"]["values"]) for s in q[0]["query"]]  # doctest: +NORMALIZE_WHITESPACE
    [('alue_23_20260101', ['KU091']), ('ikaryhma_10_20180101', ['SSS']),
     ('sukupuoli_9_20180101', ['SSS']), ('timeperiod_y', ['2025']),
     ('contentscode', ['vaerak-vaesto'])]
    """
    variables = metadata.get("variables") if isinstance(metadata, dict) else None
    if not variables:
        raise ValueError("table metadata has no 'variables'; expected a PxWeb table metadata response")
    found = {k: _find_variable(variables, k) for k in ("area", "age", "sex", "year", "content")}
    if found["year"] is None:
        raise ValueError("the table has no year variable (Vuosi / timeperiod_y)")
    sel: list[tuple[dict, list[str]]] = []
    if found["area"] is not None:
        avail = list(found["area"]["values"])
        if areas is None:
            want = avail
        else:
            want = ["SSS" if str(a) == "SSS" else (f"KU{a}" if f"KU{a}" in avail else str(a)) for a in areas]
            unknown = [w for w in want if w not in avail]
            if unknown:
                raise ValueError(f"areas not in the table: {unknown[:10]}")
        sel.append((found["area"], want))
    for kind, flag in (("age", by_age), ("sex", by_sex)):
        v = found[kind]
        if v is not None:
            vals = list(v["values"])
            total = [x for x in vals if x.casefold() == "sss"] or vals[:1]
            sel.append((v, vals if flag else total))
    avail_years = [str(y) for y in found["year"]["values"]]
    want_years = [avail_years[-1]] if years is None else [str(int(y)) for y in years]
    missing = [y for y in want_years if y not in avail_years]
    if missing:
        raise ValueError(f"years not in the table: {missing}; it has {avail_years[0]}–{avail_years[-1]}")
    if found["content"] is not None:
        vals = list(found["content"]["values"])
        pop = [x for x in vals if _is_population_content(x)] or vals[:1]
        content = [(found["content"], pop[:1])]
    else:
        content = []
    out = []
    for y in want_years:
        parts = [*sel, (found["year"], [y]), *content]
        out.append({
            "query": [{"code": v["code"], "selection": {"filter": "item", "values": vals}} for v, vals in parts],
            "response": {"format": "json-stat2"},
        })
    return out


def download_population(
    *,
    areas=None,
    years=None,
    by_age: bool = False,
    by_sex: bool = False,
    url: str = POPULATION_TABLE_URL,
    cache_dir=None,
    refresh: bool = False,
) -> pd.DataFrame:
    """Download population from StatFin table 11re (explicit call; cached on disk).

    First reads the table's metadata (``GET``), so the current
    version-stamped variable codes are used, then POSTs one JSON-stat 2.0
    query per year (see :func:`pxweb_query`) through
    :func:`impactlib.sources.download.fetch`.

    Parameters
    ----------
    areas : list of str, optional
        Municipality codes and/or ``"SSS"`` (default: every area).
    years : list of int, optional
        Default: the latest year.
    by_age, by_sex : bool, default False
        Single years of age / sexes, with totals.
    url : str
        Table address (default :data:`POPULATION_TABLE_URL`).
    cache_dir, refresh
        As in :func:`impactlib.sources.download.fetch`.

    Returns
    -------
    pandas.DataFrame
        The population frame (:func:`population_from_jsonstat`).

    Examples
    --------
    >>> pop = download_population(areas=["091", "179"], years=[2022, 2023])  # doctest: +SKIP
    """
    import json

    meta = json.loads(fetch(url, cache_dir=cache_dir, refresh=refresh).decode("utf-8"))
    frames = [
        population_from_jsonstat(fetch(url, data=q, cache_dir=cache_dir, refresh=refresh))
        for q in pxweb_query(meta, areas=areas, years=years, by_age=by_age, by_sex=by_sex)
    ]
    return pd.concat(frames, ignore_index=True)
