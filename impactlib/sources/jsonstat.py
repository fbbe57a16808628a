"""Statistics Finland JSON-stat 2.0 (PxWeb ``"format": "json-stat2"``): tables and the
population frame. See :mod:`impactlib.sources.statfin` for the formats and an overview.

Examples
--------
>>> js = {"version": "2.0", "class": "dataset", "id": ["alue", "timeperiod_y"], "size": [1, 1],
...       "dimension": {"alue": {"category": {"index": ["KU091"]}},
...                     "timeperiod_y": {"category": {"index": ["2025"]}}},
...       "value": [694392]}
>>> population_from_jsonstat(js)[["area", "year", "population"]]
  area  year  population
0  091  2025      694392
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import pxcodes
from .download import json_source

__all__ = ["read_jsonstat", "population_from_jsonstat"]

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
    obj, label = json_source(source, "JSON-stat")
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
        kind = pxcodes.dim_kind(name, meta["dims"][name]["label"], meta["role"])
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
            pop = [c for c in codes if pxcodes.is_population_content(c)]
            if len(pop) != 1:
                raise ValueError(
                    f"{where}the content variable {cname!r} has {codes}; keep only the "
                    "population (väestö) content in the query"
                )
            df = df[df[cname] == pop[0]]
    out = pd.DataFrame(index=df.index)
    if "area" in kinds:
        a = kinds["area"]
        out["area"] = pxcodes.map_unique(df[a], pxcodes.area_code).astype("string")
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
        out["age"] = pxcodes.map_unique(df[kinds["age"]], lambda c: pxcodes.age_code(c, where)).astype("string")
    if "sex" in kinds:
        out["sex"] = pxcodes.map_unique(df[kinds["sex"]], lambda c: pxcodes.sex_code(c, where)).astype("string")
    return pxcodes.finish_population(out, df["value"], where)


