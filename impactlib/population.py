"""Population denominators for per-1,000-inhabitant indicators.

Reach (*tavoittavuus*) is shown per 1,000 inhabitants of an area, and of the
target age group where it is known. This module turns a *population frame*
(one row per area, year and, where present, age and sex, with
``population``; read by :mod:`impactlib.sources.statfin` from Statistics
Finland or by :func:`read_sotkanet_population_csv` from THL Sotkanet) into
the denominators:

- :func:`county_population`: municipalities summed to the 22 organisers of
  sote services from 2023 (21 wellbeing services counties and Helsinki),
  with :func:`impactlib.regions.county_of`;
- :func:`age_band_population`: the age bands of
  :data:`impactlib.model.AGE_BANDS` (``0-17``, ``15-29``, ``18-64``,
  ``65+``, ``75+``, ``all``) by municipality or county.

Population is the number of residents at 31 December (*väkiluku 31.12.*),
Statistics Finland, CC BY 4.0.

Examples
--------
>>> import pandas as pd
>>> pop = pd.DataFrame({"area": ["179", "410", "091"], "year": [2022] * 3,
...                     "population": [146_000, 19_000, 664_028]})
>>> county_population(pop)
  county  year  population
0     15  2022      165000
1     90  2022      664028
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from . import labels, model, regions

__all__ = [
    "KEY_COLUMNS",
    "ALL",
    "denominators",
    "area_denominators",
    "county_population",
    "age_band_population",
    "age_interval",
    "read_sotkanet_population_csv",
]

#: Columns that identify a cell of a population frame besides the area.
KEY_COLUMNS = ("year", "sex", "age", "age_band")

#: Code of the whole country (all organiser areas together) in :func:`denominators`
#: (:data:`impactlib.labels.ALL`, also ``impactlib.field.ALL``).
ALL = labels.ALL


# ---------------------------------------------------------------------------
# Denominators of per-1,000-inhabitant rates (the one place they are made)
# ---------------------------------------------------------------------------


def denominators(counties=(), population: pd.Series | None = None) -> pd.Series:
    """Population by county code, with the whole country under :data:`ALL`.

    The denominators of every per-1,000-inhabitant rate of the library
    (:func:`impactlib.field.association_counts`,
    :func:`impactlib.effectiveness.reach`, the county briefs).

    Parameters
    ----------
    counties : list of str, optional
        County codes present in the data; Åland (``"91"``, outside the sote
        reform) is counted only when it is among them.
    population : pandas.Series, optional
        Population by county code. Default: the population on 31.12.2022 of
        the 21 wellbeing services counties and Helsinki (Statistics Finland,
        CC BY 4.0; :func:`impactlib.regions.county_population`).

    Returns
    -------
    pandas.Series of float
        Indexed by county code plus ``"all"``, the sum of the counties.

    Examples
    --------
    >>> p = denominators()
    >>> int(p["15"]), int(p["all"])
    (272437, 5533611)
    """
    if population is None:
        population = regions.county_population(include_aland="91" in set(counties))
    pop = pd.Series(population, dtype=float).rename(index=str)
    return pd.concat([pop, pd.Series({ALL: float(pop.sum())})])


def area_denominators(area: pd.Series, population: pd.Series | None = None) -> pd.Series:
    """Population of each ``area`` cell: the sum over the codes it lists.

    Parameters
    ----------
    area : pandas.Series of str
        Each cell lists municipality (3-digit) and/or county (2-digit) codes,
        separated by spaces or commas (:func:`impactlib.regions.parse_area`).
    population : pandas.Series, optional
        Population by area code; default :func:`denominators` (counties).

    Returns
    -------
    pandas.Series of float
        Same index as ``area``; NaN where a cell is empty or lists a code
        without a population (no silent undercount).

    Examples
    --------
    >>> area_denominators(pd.Series(["15", "15 90", "179", None])).tolist()
    [272437.0, 936465.0, nan, nan]
    """
    pop = denominators() if population is None else pd.Series(population, dtype=float).rename(index=str)
    codes, uniques, tokens = area_tokens(area)
    if tokens is None:
        return _area_denominators_frame(codes, uniques, area.index, pop)
    # the few hundred distinct cells in plain Python, then one grouped sum over their codes
    flat = [c for t in tokens for c in t]
    if not flat:
        return pd.Series(np.nan, index=area.index, dtype=float)
    cell = np.repeat(np.arange(len(tokens)), [len(t) for t in tokens])
    p = pd.Series(flat, dtype=object).map(pop).astype(float).to_numpy()
    missing = np.bincount(cell, np.isnan(p), minlength=len(tokens)) > 0
    total = pd.Series(p).groupby(cell).sum().reindex(range(len(tokens))).to_numpy(dtype=float)
    per_unique = np.where(missing, np.nan, total)
    out = np.full(len(area), np.nan)
    known = codes >= 0
    out[known] = per_unique[codes[known]]
    return pd.Series(out, index=area.index, dtype=float)


#: Characters of an ``area`` cell split here in Python; a cell with any other character (tabs,
#: non-ASCII spaces …) is left to :func:`impactlib.regions.parse_area` with the others.
_PLAIN = re.compile(r"[\x20-\x7e]*")


def area_tokens(
    area: pd.Series,
) -> tuple[np.ndarray, pd.Index, list[list[str]] | None]:
    """Codes of the distinct ``area`` cells (:func:`pandas.factorize`, -1 for missing), the cells,
    and the codes each lists, split as :func:`impactlib.regions.parse_area` splits them (commas
    and spaces; ``None`` when a cell holds a character outside printable ASCII)."""
    s = area if isinstance(area.dtype, pd.StringDtype) else area.astype("string")
    codes, uniques = pd.factorize(s, use_na_sentinel=True)
    cells = [str(u) for u in uniques]
    if not all(_PLAIN.fullmatch(u) for u in cells):
        return codes, uniques, None
    return codes, uniques, [u.replace(",", " ").split() for u in cells]


def _area_denominators_frame(codes, uniques, index, pop: pd.Series) -> pd.Series:
    """:func:`area_denominators` through :func:`impactlib.regions.parse_area` (any text)."""
    # each distinct area cell once (activities repeat a few hundred areas), then one join back;
    # grouped sums and a grouped max of the missing flags, no Python per group
    long = regions.parse_area(pd.Series(uniques, dtype="string"))
    if long.empty:
        return pd.Series(np.nan, index=index, dtype=float)
    long["pop"] = long["code"].map(pop).astype(float)
    long["missing"] = long["pop"].isna()
    agg = long.groupby("index").agg(pop=("pop", "sum"), missing=("missing", "max"))
    per_unique = agg["pop"].where(~agg["missing"]).reindex(range(len(uniques))).to_numpy(dtype=float)
    out = np.full(len(codes), np.nan)
    known = codes >= 0
    out[known] = per_unique[codes[known]]
    return pd.Series(out, index=index, dtype=float)


def _keys(pop: pd.DataFrame) -> list[str]:
    return [c for c in KEY_COLUMNS if c in pop.columns]


def _check_frame(pop, what: str) -> None:
    if not isinstance(pop, pd.DataFrame):
        raise ValueError(f"{what}: expected a pandas DataFrame (a population frame), got {type(pop).__name__}")
    missing = [c for c in ("area", "population") if c not in pop.columns]
    if missing:
        raise ValueError(
            f"{what}: the population frame lacks the columns {missing}; expected at least "
            "'area' (3-digit municipality code) and 'population' (and usually 'year')"
        )
    num = pd.to_numeric(pop["population"], errors="coerce")
    if (num < 0).any():
        raise ValueError(f"{what}: population must not be negative")
    dup = pop.duplicated(["area", *_keys(pop)])
    if dup.any():
        row = pop.loc[dup, ["area", *_keys(pop)]].iloc[0].to_dict()
        raise ValueError(f"{what}: the same cell is given twice, e.g. {row}; give each area once per year/age/sex")


def _sum_or_na(frame: pd.DataFrame, by: list[str], col: str = "population") -> pd.DataFrame:
    """Group sums that stay missing when any member is missing (no silent undercount)."""
    total = frame.groupby(by, sort=True, dropna=False, observed=True)[col].sum(min_count=1)
    if frame[col].isna().any():
        has_na = frame.assign(_na=frame[col].isna()).groupby(by, sort=True, dropna=False, observed=True)["_na"].any()
        total = total.mask(has_na)
    out = total.reset_index()
    if "age_band" in by:  # bands in the order of model.AGE_BANDS, not alphabetical
        order = {b: i for i, b in enumerate(model.AGE_BANDS)}
        out = out.sort_values(by, key=lambda s: s.map(order) if s.name == "age_band" else s, kind="stable")
    return out.reset_index(drop=True)


def county_population(pop: pd.DataFrame, *, include_aland: bool = False) -> pd.DataFrame:
    """Sum municipal population to wellbeing services counties (and Helsinki).

    Parameters
    ----------
    pop : pandas.DataFrame
        A population frame: ``area`` (3-digit municipality codes; rows for
        the whole country, ``"SSS"``, are left out), ``population``, and any
        of ``year``, ``age``, ``age_band``, ``sex``. Municipalities merged
        since 2013 are counted in the county of the municipality they merged
        into.
    include_aland : bool, default False
        Keep Åland (county code ``91``), which is outside the sote reform.

    Returns
    -------
    pandas.DataFrame
        ``county`` (2-digit code), the key columns present in ``pop``, and
        ``population`` (``Int64``). A county total is ``<NA>`` when any of
        its municipalities' values is missing.

    Raises
    ------
    ValueError
        When ``pop`` lacks ``area`` or ``population``, gives a cell twice, or
        has area codes that are not municipality codes (they are listed).

    Notes
    -----
    .. math::

        P_{c} = \\sum_{m \\in c} P_{m}

    over the municipalities :math:`m` of county :math:`c` in the 2023
    classification (Statistics Finland ``kunta_1_20230101`` →
    ``hyvinvointialue_1_20230101``), for each year, age and sex. Unit:
    persons. Grouped sums with pandas.

    References
    ----------
    .. [1] Statistics Finland. *Kuntien ja hyvinvointialueiden
       luokitusavain 2023*. https://stat.fi/fi/luokitukset (CC BY 4.0).

    Examples
    --------
    >>> import pandas as pd
    >>> pop = pd.DataFrame({"area": ["478", "179", "SSS"], "year": [2022] * 3,
    ...                     "population": [11_900, 146_000, 5_563_970]})
    >>> county_population(pop, include_aland=True)
      county  year  population
    0     15  2022      146000
    1     91  2022       11900
    """
    _check_frame(pop, "county_population")
    keys = _keys(pop)
    work = pop.loc[pop["area"].astype("string") != "SSS", ["area", *keys, "population"]].copy()
    work["county"] = regions.county_of(work["area"].astype("string")).to_numpy()
    unknown = work.loc[work["county"].isna(), "area"].astype(str).unique().tolist()
    if unknown:
        shown = ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else "")
        raise ValueError(
            f"county_population: {len(unknown)} area code(s) are not municipality codes of "
            f"2013–2026: {shown}. Expected 3-digit codes such as '091'. / Tuntematon kuntanumero."
        )
    if not include_aland:
        work = work[work["county"] != "91"]
    work["population"] = pd.to_numeric(work["population"]).astype("Float64")
    out = _sum_or_na(work, ["county", *keys])
    out["county"] = out["county"].astype("string")
    out["population"] = out["population"].round().astype("Int64")
    return out


def age_interval(age) -> tuple[float, float] | None:
    """Years of age a code covers, as ``(low, high)``; ``None`` for a total.

    Examples
    --------
    >>> age_interval("7"), age_interval("20-24"), age_interval("75+"), age_interval("total")
    ((7.0, 7.0), (20.0, 24.0), (75.0, inf), None)
    """
    s = str(age).strip().casefold()
    if s in ("total", "all", "sss"):
        return None
    if re.fullmatch(r"\d+", s):
        return (float(s), float(s))
    m = re.fullmatch(r"(\d+)-(\d+)", s)
    if m:
        return (float(m.group(1)), float(m.group(2)))
    m = re.fullmatch(r"(\d+)\+", s)
    if m:
        return (float(m.group(1)), float("inf"))
    raise ValueError(f"cannot read the age {age!r}; expected 'total', '7', '20-24' or '75+'")


def _tiles(intervals: list[tuple[float, float]], low: float, high: float) -> bool:
    """True if the intervals of whole years cover [low, high] exactly once."""
    if not intervals:
        return False
    iv = sorted(intervals)
    if iv[0][0] != low or iv[-1][1] != high:
        return False
    return all(b[0] == a[1] + 1 for a, b in zip(iv, iv[1:], strict=False))


def age_band_population(
    pop: pd.DataFrame, *, by: str = "municipality", bands=None, include_aland: bool = False
) -> pd.DataFrame:
    """Population of the target age bands of :data:`impactlib.model.AGE_BANDS`.

    Parameters
    ----------
    pop : pandas.DataFrame
        A population frame with an ``age`` column: single years
        (``"0"`` … ``"99"``, ``"100+"``) as read from table 11re, or groups
        (``"20-24"``), and optionally ``"total"`` rows.
    by : {"municipality", "county"}, default "municipality"
        Return municipalities (column ``area``, as given, including
        ``"SSS"``), or counties (column ``county``, with
        :func:`county_population`).
    bands : list of str, optional
        Codes of :data:`impactlib.model.AGE_BANDS` (default all:
        ``all, 0-17, 15-29, 18-64, 65+, 75+``).
    include_aland : bool, default False
        With ``by="county"``: keep Åland.

    Returns
    -------
    pandas.DataFrame
        ``area`` (or ``county``), ``year`` and ``sex`` where present,
        ``age_band``, ``population`` (``Int64``). A band is ``<NA>`` for an
        area when any of its ages is missing there.

    Raises
    ------
    ValueError
        When the ages in ``pop`` cannot make up a requested band exactly
        (e.g. ``0-17`` from 5-year groups): the band and the ages are named.

    Notes
    -----
    For band :math:`b = [a_0, a_1]`,

    .. math::

        P_{b} = \\sum_{x \\in b} P_{x} ,

    the sum over the age codes whose years lie inside the band; they must
    cover the band exactly (overlapping bands such as ``0-17`` and ``15-29``
    share ages, which is intended). ``all`` is the ``total`` row where the
    table has one, else the sum of all ages (which must then reach from 0
    to an open top group). Unit: persons. Vectorised with a pandas merge of
    ages to bands and a grouped sum.

    References
    ----------
    .. [1] Statistics Finland. StatFin table 11re, *Väestö iän (1-v.) ja
       sukupuolen mukaan alueittain* (CC BY 4.0).

    Examples
    --------
    >>> import pandas as pd
    >>> pop = pd.DataFrame({"area": "179", "year": 2022,
    ...                     "age": ["0-14", "15-17", "18-64", "65-74", "75+"],
    ...                     "population": [20, 5, 90, 15, 10]})
    >>> age_band_population(pop, bands=["0-17", "65+", "all"])
      area  year age_band  population
    0  179  2022      all         140
    1  179  2022     0-17          25
    2  179  2022      65+          25
    """
    _check_frame(pop, "age_band_population")
    if "age" not in pop.columns:
        raise ValueError("age_band_population: the population frame has no 'age' column; read a table by age (e.g. StatFin 11re)")
    if by not in ("municipality", "county"):
        raise ValueError(f"by must be 'municipality' or 'county', got {by!r}")
    wanted = list(model.AGE_BANDS) if bands is None else list(bands)
    unknown = [b for b in wanted if b not in model.AGE_BANDS]
    if unknown:
        raise ValueError(f"unknown age band(s) {unknown}; expected among {list(model.AGE_BANDS)}")

    ages = pd.Series(pd.unique(pop["age"].astype(str)))
    spans = {a: age_interval(a) for a in ages}
    parts = [a for a, iv in spans.items() if iv is not None]
    has_total = any(iv is None for iv in spans.values())
    rows = []
    for band in wanted:
        if band == "all":
            if has_total:
                rows += [(a, band) for a, iv in spans.items() if iv is None]
                continue
            low, high = 0.0, float("inf")
        elif band.endswith("+"):
            low, high = float(band[:-1]), float("inf")
        else:
            lo, hi = band.split("-")
            low, high = float(lo), float(hi)
        inside = [a for a in parts if spans[a][0] >= low and spans[a][1] <= high]
        if not _tiles([spans[a] for a in inside], low, high):
            raise ValueError(
                f"age_band_population: the ages in the data cannot make up the band {band!r} "
                f"exactly (ages inside it: {sorted(inside, key=lambda a: spans[a])[:12]}); "
                "use single years of age (StatFin 11re) or drop the band with bands=[…]"
            )
        rows += [(a, band) for a in inside]
    mapping = pd.DataFrame(rows, columns=["age", "age_band"])
    keys = [c for c in ("year", "sex") if c in pop.columns]
    work = pop[["area", *keys, "age", "population"]].copy()
    work["age"] = work["age"].astype(str)
    work["population"] = pd.to_numeric(work["population"]).astype("Float64")
    long = work.merge(mapping, on="age", how="inner")
    need = mapping.groupby("age_band").size()
    grp = ["area", *keys, "age_band"]
    out = _sum_or_na(long, grp)
    count = long.groupby(grp, sort=True, dropna=False).size().reset_index(name="_n")
    out = out.merge(count, on=grp, how="left")
    out["population"] = out["population"].mask(out["_n"].to_numpy() < out["age_band"].map(need).to_numpy())
    out = out.drop(columns="_n")
    out["age_band"] = out["age_band"].astype("string")
    out["population"] = out["population"].round().astype("Int64")
    out = out.reset_index(drop=True)
    if by == "county":
        return county_population(out, include_aland=include_aland)
    return out


def read_sotkanet_population_csv(path) -> pd.DataFrame:
    """Read population by municipality and year from a Sotkanet indicator 127 CSV.

    Parameters
    ----------
    path : str or Path
        A comma-separated file with columns ``municipality_code`` (integer,
        without leading zeros), ``year`` and ``population`` (e.g. Sotkanet
        indicator 127 *Väestö 31.12.* by municipality, as compiled by the
        rOpenGov geofi package).

    Returns
    -------
    pandas.DataFrame
        A population frame: ``area`` (3-digit code, ``"091"``), ``year``,
        ``population`` (``Int64``).

    Raises
    ------
    ValueError
        When a column is missing or a code, year or count is not a whole
        number (the file and the first bad row are named).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "pop.csv"
    >>> _ = p.write_text("municipality_code,year,population\\n91,2022,664028\\n5,2022,9311\\n")
    >>> read_sotkanet_population_csv(p)
      area  year  population
    0  091  2022      664028
    1  005  2022        9311
    """
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path}: no such file; expected a CSV with municipality_code, year, population")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    need = ["municipality_code", "year", "population"]
    missing = [c for c in need if c not in df.columns]
    if missing:
        raise ValueError(f"{path.name}: columns {missing} are missing; expected {need}, found {list(df.columns)}")
    out = pd.DataFrame(index=df.index)
    for col in need:
        num = pd.to_numeric(df[col].str.strip(), errors="coerce")
        bad = num.isna() | (num != np.floor(num.fillna(0)))
        if col == "population":
            bad = bad & (df[col].str.strip() != "")
        if bad.any():
            i = int(bad.to_numpy().argmax())
            raise ValueError(f"{path.name}: row {i + 2}, column {col}: {df[col].iloc[i]!r} is not a whole number")
        out[col] = num.astype("Int64")
    codes = out["municipality_code"]
    if ((codes < 0) | (codes > 999)).any():
        raise ValueError(f"{path.name}: municipality codes must be 0–999")
    res = pd.DataFrame(
        {
            "area": codes.astype(int).astype(str).str.zfill(3).astype("string"),
            "year": out["year"],
            "population": out["population"],
        }
    )
    return res
