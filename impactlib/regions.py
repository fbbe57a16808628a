"""Municipalities, wellbeing services counties and regions of Finland.

From 1.1.2023 social and health services are organised by 21 wellbeing
services counties (*hyvinvointialueet*) and the City of Helsinki; Åland
(*Ahvenanmaa*) is outside the reform. This module maps municipality codes
(3-digit Statistics Finland codes, ``"091"``) to county codes (2-digit,
``"01"``…``"21"``, Helsinki ``"90"``, Åland ``"91"``) and regions
(*maakunnat*), with Finnish and Swedish names, for the 2023 classification
and the municipal mergers from 2013 to 2026.

The tables are bundled facts in ``data/regions/`` (source: Statistics Finland
classification service, ``kunta_1_20230101`` → ``hyvinvointialue_1_20230101``
and ``maakunta_1_20230101``; population 31.12.2022 from Statistics Finland;
licence CC BY 4.0). ``tests/test_regions.py`` checks them code by code against
the copies in ``../shared/data``.

Examples
--------
>>> from impactlib import regions
>>> regions.county_of(["179", "091", "092"]).tolist()
['15', '90', '04']
>>> regions.find_county("keski-suomi")
'15'
>>> len(regions.counties())
22
"""

from __future__ import annotations

import difflib
import functools
import unicodedata

import numpy as np
import pandas as pd

from . import _paths

__all__ = [
    "DATA_DIR",
    "REFORM_YEAR",
    "municipalities",
    "counties",
    "regions_table",
    "valid_municipality_codes",
    "is_valid_municipality",
    "county_of",
    "successors",
    "region_of",
    "county_name",
    "municipality_name",
    "find_county",
    "county_population",
    "parse_area",
    "area_counties",
]

#: Folder of the bundled data (``impactlib/data/``, see :mod:`impactlib._paths`).
DATA_DIR = _paths.DATA_DIR
#: The year the wellbeing services counties took over (1.1.2023).
REFORM_YEAR = 2023
_SOURCE = "Tilastokeskus / Statistics Finland, luokitukset (CC BY 4.0)"


@functools.lru_cache(maxsize=1)
def _municipality_table() -> pd.DataFrame:
    df = pd.read_csv(DATA_DIR / "regions" / "municipalities.csv", dtype=str, keep_default_na=False)
    df["valid_to"] = pd.to_numeric(df["valid_to"].replace("", "9999")).astype(int)
    return df


@functools.lru_cache(maxsize=1)
def _county_table() -> pd.DataFrame:
    df = pd.read_csv(DATA_DIR / "regions" / "counties.csv", dtype={"code": str})
    df["reform"] = df["reform"].astype(bool)
    return df


def municipalities(year: int = REFORM_YEAR) -> pd.DataFrame:
    """Municipalities valid in ``year`` with their county and region.

    Parameters
    ----------
    year : int, default 2023
        Classification year, 2013–2026. Municipalities merged before the year
        are left out (e.g. Pertunmaa ``588`` from 2025).

    Returns
    -------
    pandas.DataFrame
        Columns ``code, name_fi, name_sv, region, county``.

    Examples
    --------
    >>> len(municipalities(2023)), len(municipalities(2025)), len(municipalities(2013))
    (309, 308, 320)
    """
    df = _municipality_table()
    out = df[df["valid_to"] >= year]
    return out[["code", "name_fi", "name_sv", "region", "county"]].reset_index(drop=True)


def counties(include_aland: bool = False) -> pd.DataFrame:
    """The 21 wellbeing services counties and Helsinki (and optionally Åland).

    Returns
    -------
    pandas.DataFrame
        Columns ``code, short_fi, name_fi, short_sv, name_sv, name_en, reform,
        population_2022`` (population 31.12.2022, Statistics Finland).

    Examples
    --------
    >>> c = counties()
    >>> c.loc[c.code == "15", "short_fi"].item()
    'Keski-Suomi'
    >>> int(counties(include_aland=True).population_2022.sum())
    5563970
    """
    df = _county_table()
    if not include_aland:
        df = df[df["reform"]]
    return df.reset_index(drop=True).copy()


def regions_table() -> pd.DataFrame:
    """The 19 regions (*maakunnat*) with Finnish, Swedish and English names."""
    return pd.read_csv(DATA_DIR / "regions" / "regions.csv", dtype=str)


def is_valid_municipality(codes, years) -> np.ndarray:
    """Vectorised: is each code a municipality valid in the matching year?

    Years before 2013 are checked against the 2013 list, years after 2026
    against the 2026 list.

    Examples
    --------
    >>> is_valid_municipality(["588", "588", "999"], [2024, 2025, 2024]).tolist()
    [True, False, False]
    """
    t = _municipality_table().set_index("code")["valid_to"]
    y = np.minimum(np.maximum(np.asarray(years, dtype=float), 2013), 2026)
    to = pd.Series(codes, dtype="string[pyarrow]").map(t).to_numpy(dtype=float, na_value=np.nan)
    return ~np.isnan(to) & (y <= to)


@functools.lru_cache(maxsize=64)
def valid_municipality_codes(year: int) -> frozenset[str]:
    """Set of municipality codes valid in ``year``.

    Years before 2013 use the 2013 list; years after 2026 the 2026 list.

    Examples
    --------
    >>> "588" in valid_municipality_codes(2024), "588" in valid_municipality_codes(2025)
    (True, False)
    """
    year = min(max(int(year), 2013), 2026)
    return frozenset(municipalities(year)["code"])


def county_of(codes) -> pd.Series:
    """Map municipality codes to county codes (2023 counties).

    Municipalities merged away since 2013 map to the county of the
    municipality they merged into. Unknown codes give ``<NA>``.

    Parameters
    ----------
    codes : array-like of str

    Returns
    -------
    pandas.Series of str (dtype ``string``), same index as ``codes`` if it is a Series
    """
    s = pd.Series(codes, dtype="string[pyarrow]") if not isinstance(codes, pd.Series) else codes.astype("string[pyarrow]")
    m = _municipality_table().set_index("code")["county"]
    return s.map(m).astype("string[pyarrow]")


def successors() -> dict[str, str]:
    """Municipalities merged away since 2013 → the municipality they are part of now.

    Chains are followed to the current code.

    Examples
    --------
    >>> successors()["588"], successors()["099"]   # Pertunmaa 2025, Honkajoki 2021
    ('507', '214')
    """
    t = _municipality_table()
    m = t.loc[t["merged_into"] != "", ["code", "merged_into"]]
    succ = dict(zip(m["code"], m["merged_into"], strict=True))
    for _ in range(10):  # follow chains (a merged municipality merged again)
        nxt = {k: succ.get(v, v) for k, v in succ.items()}
        if nxt == succ:
            break
        succ = nxt
    return succ


def region_of(codes) -> pd.Series:
    """Map municipality codes to region (*maakunta*) codes (2023 regions)."""
    s = pd.Series(codes, dtype="string[pyarrow]") if not isinstance(codes, pd.Series) else codes.astype("string[pyarrow]")
    m = _municipality_table().set_index("code")["region"]
    return s.map(m).astype("string[pyarrow]")


def county_name(code: str, lang: str = "fi", short: bool = True) -> str:
    """Name of a county in Finnish (``fi``), Swedish (``sv``) or English (``en``).

    Examples
    --------
    >>> county_name("15"), county_name("15", "en"), county_name("90", short=False)
    ('Keski-Suomi', 'Central Finland', 'Helsingin kaupunki')
    >>> county_name("15", "en", short=False)
    'Central Finland wellbeing services county'
    """
    row = _county_table().set_index("code").loc[str(code)]
    if lang == "en":
        name = row["name_en"]
        return name.removesuffix(" wellbeing services county") if short else name
    if lang == "sv":
        return row["short_sv"] if short else row["name_sv"]
    return row["short_fi"] if short else row["name_fi"]


def municipality_name(code: str, lang: str = "fi") -> str:
    """Name of a municipality in Finnish or Swedish.

    Examples
    --------
    >>> municipality_name("091", "sv")
    'Helsingfors'
    """
    row = _municipality_table().set_index("code").loc[str(code)]
    return row["name_sv"] if lang == "sv" else row["name_fi"]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", str(text)).casefold().strip()


def find_county(name_or_code: str) -> str:
    """Find a county code from a code or a Finnish, Swedish or English name.

    Matching is case-insensitive; the short name (``Keski-Suomi``), the full
    name (``Keski-Suomen hyvinvointialue``) and the Swedish names work.

    Raises
    ------
    ValueError
        With close matches listed, when nothing matches.

    Examples
    --------
    >>> find_county("Mellersta Finland"), find_county("90"), find_county("helsinki")
    ('15', '90', '90')
    >>> find_county("Keski-Suom")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: No wellbeing services county called 'Keski-Suom' / ... Tarkoititko: Keski-Suomi, ...?
    """
    key = _fold(name_or_code)
    df = _county_table()
    names: dict[str, str] = {}
    for _, r in df.iterrows():
        for col in ("code", "short_fi", "name_fi", "short_sv", "name_sv", "name_en"):
            names[_fold(r[col])] = r["code"]
    if key.isdigit() and len(key) == 1:
        key = "0" + key
    if key in names:
        return names[key]
    shown = {_fold(r["short_fi"]): r["short_fi"] for _, r in df.iterrows()}
    shown.update({_fold(r["short_sv"]): r["short_sv"] for _, r in df.iterrows()})
    close = difflib.get_close_matches(key, list(shown), n=3, cutoff=0.5)
    hint = ", ".join(shown[c] for c in close) if close else ", ".join(df["short_fi"])
    raise ValueError(
        f"No wellbeing services county called {name_or_code!r} / "
        f"Hyvinvointialuetta {name_or_code!r} ei löydy. Did you mean / Tarkoititko: {hint}?"
    )


def county_population(include_aland: bool = False) -> pd.Series:
    """Population 31.12.2022 by county code (Statistics Finland).

    Examples
    --------
    >>> int(county_population()["90"])
    664028
    """
    c = counties(include_aland=include_aland)
    return c.set_index("code")["population_2022"].rename("population")


def parse_area(area: pd.Series) -> pd.DataFrame:
    """Split an ``area`` column (codes separated by spaces/commas) into long form.

    Parameters
    ----------
    area : pandas.Series of str
        Each cell lists municipality codes (3 digits) and/or county codes
        (2 digits).

    Returns
    -------
    pandas.DataFrame
        Columns ``index`` (the position label of the original row), ``code``,
        ``level`` (``"municipality"`` or ``"county"``) and ``county``.

    Examples
    --------
    >>> parse_area(pd.Series(["179 410", "15"])).to_dict("list")["county"]
    ['15', '15', '15']
    """
    s = area.astype("string[pyarrow]").fillna("").str.replace(",", " ", regex=False).str.split()
    long = s.explode().dropna()
    long = long[long != ""]
    out = pd.DataFrame({"index": long.index, "code": long.to_numpy()})
    out["level"] = out["code"].str.len().map({3: "municipality", 2: "county"})
    out["county"] = out["code"].where(out["level"] == "county", county_of(out["code"]).to_numpy())
    return out.reset_index(drop=True)


def area_counties(area: pd.Series) -> pd.Series:
    """The single county an ``area`` lies in, or ``<NA>`` if it spans several.

    Examples
    --------
    >>> area_counties(pd.Series(["179 410", "091 092", None])).tolist()
    ['15', <NA>, <NA>]
    """
    long = parse_area(area)
    # one pass, no Python per area: the first county of each area where it has only one
    first = long.drop_duplicates("index").set_index("index")["county"]
    single = long.groupby("index")["county"].nunique() == 1
    per = first.where(single.reindex(first.index, fill_value=False))
    return per.reindex(area.index).astype("string[pyarrow]")
