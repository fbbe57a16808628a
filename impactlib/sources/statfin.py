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

import pandas as pd

from . import pxcodes
from .download import fetch
from .jsonstat import population_from_jsonstat, read_jsonstat
from .pxcodes import MISSING_SYMBOLS
from .pxcsv import read_px_csv

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


# ---------------------------------------------------------------------------
# Download (explicit calls only)
# ---------------------------------------------------------------------------


def _find_variable(variables: list[dict], kind: str) -> dict | None:
    for v in variables:
        k = pxcodes.dim_kind(v.get("code", ""), v.get("text", ""), {"time": [v["code"]] if v.get("time") else []})
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
        pop = [x for x in vals if pxcodes.is_population_content(x)] or vals[:1]
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
