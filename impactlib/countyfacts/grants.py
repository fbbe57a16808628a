"""Published county grants: per inhabitant, against the amount applied for, like with like.

Part of :mod:`impactlib.countyfacts` (see its docstring for the rules); re-exported there.

Examples
--------
>>> c = compare_areas("20")
>>> c.year, c.measure, c.n_areas
(2023, 'granted', 4)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import population as _population
from .. import regions
from ..model import STRING
from ..sources import counties as _src

__all__ = [
    "MEASURE_PREFERENCE",
    "MIN_AREAS",
    "KEY",
    "ratio_precision",
    "change_precision",
    "grants_per_inhabitant",
    "share_of_applied",
    "grant_changes",
    "AreaComparison",
    "compare_areas",
    "comparability",
    "newest_first",
]

#: Which figure of a year stands for the area when it has several: the amount granted before
#: a first round, a budget or the amount available.
MEASURE_PREFERENCE = ("granted", "granted_first_round", "budget", "available")

#: Fewest areas (the area included) with a figure of the same year, measure and scope before
#: an area's grants per inhabitant are set against the others' (with two, "the median" is
#: just the mean of two areas and says little).
MIN_AREAS = 3

#: The columns that identify a published figure.
KEY = ["county", "year", "measure", "scope"]


def _grants(grants: pd.DataFrame | None) -> pd.DataFrame:
    g = _src.county_grants() if grants is None else grants
    missing = [c for c in (*KEY, "amount_eur", "amount_precision") if c not in g.columns]
    if missing:
        raise ValueError(f"grants must have the columns of county_grants(); missing: {missing}")
    dup = g.duplicated(KEY)
    if dup.any():
        first = g.loc[dup, KEY].iloc[0].tolist()
        raise ValueError(f"two grant figures for the same county, year, measure and scope: {first}")
    return g


def _prec(s: pd.Series) -> np.ndarray:
    return s.astype("object").where(s.notna(), "").to_numpy(dtype=object)


def ratio_precision(numerator, denominator) -> np.ndarray:
    """Precision of a ratio of two published figures.

    Parameters
    ----------
    numerator, denominator : array-like of str
        Precision codes (``exact``, ``about``, ``more_than``, ``derived``).

    Returns
    -------
    numpy.ndarray of str
        ``at_most`` where the denominator is a lower bound ("more than"), so the ratio is an
        upper bound; ``at_least`` where the numerator is one; ``undetermined`` where both
        are; otherwise ``about`` if either is approximate, ``derived`` if either was
        derived, else ``exact``.

    Examples
    --------
    >>> ratio_precision(["exact", "exact", "about", "more_than", "exact"],
    ...                 ["exact", "more_than", "exact", "more_than", "derived"]).tolist()
    ['exact', 'at_most', 'about', 'undetermined', 'derived']
    """
    n = np.asarray(numerator, dtype=object)
    d = np.asarray(denominator, dtype=object)
    out = np.full(n.shape, "exact", dtype=object)
    out[(n == "derived") | (d == "derived")] = "derived"
    out[(n == "about") | (d == "about")] = "about"
    out[n == "more_than"] = "at_least"
    out[d == "more_than"] = "at_most"
    out[(n == "more_than") & (d == "more_than")] = "undetermined"
    return out


def change_precision(before, after) -> np.ndarray:
    """Precision of a change ``after − before`` (or ``after / before − 1``).

    A "more than" figure after the change makes the change a lower bound (``at_least``);
    before it, an upper bound (``at_most``); both, ``undetermined``. Otherwise as
    :func:`ratio_precision`.

    Examples
    --------
    >>> change_precision(["exact", "more_than", "exact"], ["about", "exact", "more_than"]).tolist()
    ['about', 'at_most', 'at_least']
    """
    return ratio_precision(after, before)


def grants_per_inhabitant(grants: pd.DataFrame | None = None, *,
                          population: pd.Series | None = None) -> pd.DataFrame:
    """Published county grants per inhabitant (*avustukset asukasta kohden*), per figure.

    Parameters
    ----------
    grants : pandas.DataFrame, optional
        Published grants (default :func:`impactlib.sources.counties.county_grants`).
    population : pandas.Series, optional
        Population by county code (default :func:`impactlib.population.denominators`,
        31.12.2022).

    Returns
    -------
    pandas.DataFrame
        One row per figure with euros: ``county, county_name, year, measure, scope,
        amount_eur, amount_precision, population, eur_per_inhabitant, published, source``.
        ``amount_precision`` holds for the per-inhabitant value too ("more than" stays a
        lower bound).

    Notes
    -----
    .. math:: a_{c,t} = \\frac{A_{c,t}}{P_{c,2022}}

    with :math:`A` the published amount of county :math:`c` for grant year :math:`t` (one
    measure and scope) and :math:`P` the population on 31.12.2022 (Statistics Finland).
    Euros are nominal.

    Examples
    --------
    >>> g = pd.DataFrame({"county": ["20"], "year": [2023], "measure": ["granted"],
    ...                   "scope": ["all"], "amount_eur": [70_521.0], "amount_precision": ["exact"]})
    >>> grants_per_inhabitant(g)[["county", "population", "eur_per_inhabitant"]]
      county  population  eur_per_inhabitant
    0     20     70521.0                 1.0
    """
    g = _grants(grants)
    pop = _population.denominators() if population is None else pd.Series(population, dtype=float)
    d = g[g["amount_eur"].notna()].reset_index(drop=True)
    d = d.assign(population=d["county"].astype(str).map(pop).astype("float64"))
    d["eur_per_inhabitant"] = d["amount_eur"].astype("float64") / d["population"]
    cols = ["county", "county_name", "year", "measure", "scope", "amount_eur", "amount_precision",
            "population", "eur_per_inhabitant", "published", "source"]
    return d[[c for c in cols if c in d.columns]]


def share_of_applied(grants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Share of the amount applied for that was granted (coverage of demand, *kattavuus*).

    Parameters
    ----------
    grants : pandas.DataFrame, optional
        Published grants (default :func:`impactlib.sources.counties.county_grants`).

    Returns
    -------
    pandas.DataFrame
        One row per figure that has both an amount and the amount applied for: ``county,
        county_name, year, measure, scope, amount_eur, applied_eur, applications,
        share_of_applied, share_precision, published, source``. ``share_precision`` is
        :func:`ratio_precision` of the two figures: ``at_most`` when the amount applied
        was published as "more than" (the share is an upper bound), ``about`` when either
        was approximate. An ``undetermined`` share is NaN. For a budget the share is the
        part of the demand the budget could meet.

    Notes
    -----
    .. math:: s = \\frac{A}{H}

    with :math:`A` the amount granted (or budgeted) and :math:`H` the amount applied for,
    as published for the same year, measure and scope.

    Examples
    --------
    >>> g = pd.DataFrame({"county": ["05", "11"], "year": [2024, 2023],
    ...                   "measure": ["granted_first_round", "granted"], "scope": ["all", "operating"],
    ...                   "amount_eur": [2_273_050.0, 62_250.0], "amount_precision": ["exact", "exact"],
    ...                   "applied_eur": [4_300_000.0, 176_150.0],
    ...                   "applied_precision": ["more_than", "exact"]})
    >>> share_of_applied(g)[["county", "share_of_applied", "share_precision"]].round(4)
      county  share_of_applied share_precision
    0     05            0.5286         at_most
    1     11            0.3534           exact
    """
    g = _grants(grants)
    if "applied_eur" not in g.columns:
        raise ValueError("grants must have the column applied_eur (the amount applied for)")
    d = g[g["amount_eur"].notna() & g["applied_eur"].notna()].reset_index(drop=True)
    prec = ratio_precision(_prec(d["amount_precision"]), _prec(d["applied_precision"]))
    share = d["amount_eur"].astype("float64") / d["applied_eur"].astype("float64")
    d = d.assign(share_of_applied=share.where(prec != "undetermined"),
                 share_precision=pd.array(prec, dtype=STRING))
    cols = ["county", "county_name", "year", "measure", "scope", "amount_eur", "applied_eur",
            "applications", "share_of_applied", "share_precision", "published", "source"]
    return d[[c for c in cols if c in d.columns]]


def grant_changes(grants: pd.DataFrame | None = None) -> pd.DataFrame:
    """Change of a county's grants between successive published years, like with like.

    Only figures of the same county, measure and scope are compared: a budget is never set
    against an amount granted, nor operating grants against all grants.

    Parameters
    ----------
    grants : pandas.DataFrame, optional
        Published grants (default :func:`impactlib.sources.counties.county_grants`).

    Returns
    -------
    pandas.DataFrame
        One row per pair of successive years with figures of the same measure and scope:
        ``county, county_name, measure, scope, year_from, year_to, amount_from, amount_to,
        change_eur, change_rel, change_precision`` (:func:`change_precision`; an
        ``undetermined`` change is NaN). Years need not be adjacent (``year_to −
        year_from`` says how far apart).

    Notes
    -----
    .. math:: \\Delta = A_{t_2} - A_{t_1}, \\qquad r = A_{t_2}/A_{t_1} - 1

    for successive years :math:`t_1 < t_2` with a figure of the same measure and scope.
    Euros are nominal.

    Examples
    --------
    >>> c = grant_changes()
    >>> v = c[c.county == "04"][["year_from", "year_to", "change_eur", "change_precision"]]
    >>> v.to_numpy().tolist()
    [[2023, 2024, 0.0, 'derived'], [2024, 2025, 70000.0, 'derived'], [2025, 2026, 50000.0, 'exact']]
    >>> bool((c.county == "08").any())   # Pirkanmaa: a different measure or scope every year
    False
    """
    g = _grants(grants)
    d = g[g["amount_eur"].notna()].sort_values(["county", "measure", "scope", "year"])
    prev = d.groupby(["county", "measure", "scope"], sort=False).shift(1)
    has = prev["year"].notna().to_numpy()
    before, after = prev[has], d[has]
    prec = change_precision(_prec(before["amount_precision"]), _prec(after["amount_precision"]))
    a0 = before["amount_eur"].astype("float64").to_numpy()
    a1 = after["amount_eur"].astype("float64").to_numpy()
    ok = prec != "undetermined"
    out = pd.DataFrame({
        "county": after["county"].to_numpy(),
        "county_name": after["county_name"].to_numpy() if "county_name" in after else after["county"].to_numpy(),
        "measure": after["measure"].to_numpy(),
        "scope": after["scope"].to_numpy(),
        "year_from": pd.array(before["year"].to_numpy(), dtype="Int64"),
        "year_to": pd.array(after["year"].to_numpy(), dtype="Int64"),
        "amount_from": a0,
        "amount_to": a1,
        "change_eur": np.where(ok, a1 - a0, np.nan),
        "change_rel": np.where(ok, a1 / a0 - 1, np.nan),
        "change_precision": pd.array(prec, dtype=STRING),
    })
    for c in ("county", "county_name", "measure", "scope"):
        out[c] = out[c].astype(STRING)
    return out.sort_values(["county", "measure", "scope", "year_from"], kind="stable").reset_index(drop=True)


def newest_first(d: pd.DataFrame) -> pd.DataFrame:
    """Rows newest first, then by :data:`MEASURE_PREFERENCE`, ``scope == "all"`` first."""
    rank = {m: i for i, m in enumerate(MEASURE_PREFERENCE)}
    return d.assign(
        _m=d["measure"].astype(str).map(rank).fillna(len(rank)),
        _s=(d["scope"].astype(str) != "all").astype(int),
        _y=-d["year"].astype("float64"),
    ).sort_values(["_y", "_m", "_s"], kind="stable").drop(columns=["_y", "_m", "_s"])


@dataclass(frozen=True)
class AreaComparison:
    """An area's published grants per inhabitant against other areas with the same measure.

    Attributes
    ----------
    county : str
    year : int
    measure, scope : str
        The measure and scope all compared figures share.
    eur_per_inhabitant : float
        The area's own figure.
    median : float
        Median over the compared areas (the area included).
    n_areas : int
        Areas compared (the area included), at least :data:`MIN_AREAS`.
    rank : int
        1 = the highest grants per inhabitant.
    approximate : bool
        True when any compared figure is not exact (``about``, ``derived``, ``more_than``).
    table : pandas.DataFrame
        The compared figures (:func:`grants_per_inhabitant` rows), highest first.
    """

    county: str
    year: int
    measure: str
    scope: str
    eur_per_inhabitant: float
    median: float
    n_areas: int
    rank: int
    approximate: bool
    table: pd.DataFrame = field(repr=False)

    @property
    def below_median(self) -> bool:
        """True when the area's grants per inhabitant are below the median of the areas compared."""
        return bool(self.eur_per_inhabitant < self.median)


def compare_areas(county: str, grants: pd.DataFrame | None = None, *,
                  population: pd.Series | None = None, min_areas: int = MIN_AREAS,
                  year: int | None = None) -> AreaComparison | None:
    """Set an area's published grants per inhabitant against the areas with the same measure.

    The area's figures are tried newest year first, then by :data:`MEASURE_PREFERENCE`
    (amount granted first) and ``scope == "all"`` first; the first for which at least
    ``min_areas`` areas published a figure of the same year, measure and scope is compared.

    Parameters
    ----------
    county : str
        County code (``"20"``).
    grants : pandas.DataFrame, optional
        Published grants (default :func:`impactlib.sources.counties.county_grants`).
    population : pandas.Series, optional
        As in :func:`grants_per_inhabitant`.
    min_areas : int, default :data:`MIN_AREAS`
    year : int, optional
        Compare only figures of this grant year (default: the newest that can be compared).

    Returns
    -------
    AreaComparison or None
        ``None`` when the area has no figure that enough other areas share (unknown: no
        comparison is made).

    Notes
    -----
    The median is taken over the compared areas' :math:`a_{c,t}` of
    :func:`grants_per_inhabitant`; rank 1 is the highest.

    Examples
    --------
    >>> c = compare_areas("20")   # Kainuu 2023, granted, all grants: 4 areas published
    >>> c.year, c.measure, c.n_areas, c.rank, c.below_median
    (2023, 'granted', 4, 4, True)
    >>> round(c.eur_per_inhabitant, 2), round(c.median, 2)
    (1.73, 2.94)
    >>> compare_areas("15") is None   # Keski-Suomi: no euro figure found
    True
    >>> compare_areas("05", year=2023).rank   # Varsinais-Suomi, highest of the four in 2023
    1
    """
    if min_areas < 2:
        raise ValueError(f"min_areas must be at least 2, got {min_areas}")
    per = grants_per_inhabitant(grants, population=population)
    per = per[per["eur_per_inhabitant"].notna()]
    mine = newest_first(per[per["county"] == county])
    if year is not None:
        mine = mine[mine["year"] == int(year)]
    for row in mine.itertuples(index=False):
        same = per[(per["year"] == row.year) & (per["measure"] == row.measure) & (per["scope"] == row.scope)]
        if same["county"].nunique() < min_areas:
            continue
        same = same.sort_values("eur_per_inhabitant", ascending=False, kind="stable").reset_index(drop=True)
        value = float(row.eur_per_inhabitant)
        return AreaComparison(
            county=county, year=int(row.year), measure=str(row.measure), scope=str(row.scope),
            eur_per_inhabitant=value, median=float(same["eur_per_inhabitant"].median()),
            n_areas=int(same["county"].nunique()),
            rank=int((same["eur_per_inhabitant"] > value).sum() + 1),
            approximate=bool((same["amount_precision"].astype(str) != "exact").any()),
            table=same,
        )
    return None


def comparability(grants: pd.DataFrame | None = None, *,
                  population: pd.Series | None = None) -> pd.DataFrame:
    """Which published grant figures of the 22 areas can be compared, and how.

    Parameters
    ----------
    grants : pandas.DataFrame, optional
        Published grants (default :func:`impactlib.sources.counties.county_grants`).
    population : pandas.Series, optional
        As in :func:`grants_per_inhabitant`.

    Returns
    -------
    pandas.DataFrame
        One row per organiser of sote services (21 wellbeing services counties and
        Helsinki, in code order): ``county, county_name, n_figures`` (figures with euros),
        ``years`` (grant years with euros, e.g. ``"2023, 2025"``), ``measures`` (the
        ``measure/scope`` pairs published), ``comparable_changes`` (pairs of years with the
        same measure and scope, :func:`grant_changes`), ``trend_comparable`` (at least one),
        ``latest_year, latest_measure, latest_scope, latest_eur_per_inhabitant`` (the
        area's newest figure, by :data:`MEASURE_PREFERENCE`), ``areas_same_measure``
        (areas with a figure of that year, measure and scope, the area included) and
        ``comparable_across_areas`` (at least :data:`MIN_AREAS`). An area with no euro
        figure has ``n_figures`` 0 and empty (unknown) cells, never zeros.

    Examples
    --------
    >>> t = comparability()
    >>> len(t), int(t.trend_comparable.sum())
    (22, 8)
    >>> k = t.set_index("county").loc["15"]   # Keski-Suomi: no euro figure found
    >>> int(k.n_figures), k.latest_year, bool(k.comparable_across_areas)
    (0, <NA>, False)
    """
    g = _grants(grants)
    per = grants_per_inhabitant(g, population=population)
    changes = grant_changes(g)
    areas = regions.counties()
    rows = []
    for code, name in zip(areas["code"], areas["short_fi"], strict=True):
        mine = per[per["county"] == code]
        n_changes = int((changes["county"] == code).sum())
        row = {"county": code, "county_name": name, "n_figures": len(mine),
               "years": ", ".join(str(y) for y in sorted(mine["year"].dropna().unique())) or pd.NA,
               "measures": ", ".join(sorted({f"{m}/{s}" for m, s in zip(mine["measure"], mine["scope"],
                                                                          strict=True)})) or pd.NA,
               "comparable_changes": n_changes, "trend_comparable": n_changes > 0,
               "latest_year": pd.NA, "latest_measure": pd.NA, "latest_scope": pd.NA,
               "latest_eur_per_inhabitant": np.nan, "areas_same_measure": 0}
        if len(mine):
            top = newest_first(mine).iloc[0]
            same = per[(per["year"] == top["year"]) & (per["measure"] == top["measure"])
                       & (per["scope"] == top["scope"])]
            row.update(latest_year=int(top["year"]), latest_measure=top["measure"],
                       latest_scope=top["scope"], latest_eur_per_inhabitant=float(top["eur_per_inhabitant"]),
                       areas_same_measure=int(same["county"].nunique()))
        rows.append(row)
    out = pd.DataFrame(rows)
    out["comparable_across_areas"] = out["areas_same_measure"] >= MIN_AREAS
    for c in ("county", "county_name", "years", "measures", "latest_measure", "latest_scope"):
        out[c] = out[c].astype(STRING)
    for c in ("n_figures", "comparable_changes", "areas_same_measure"):
        out[c] = out[c].astype("int64")
    out["latest_year"] = out["latest_year"].astype("Int64")
    out["latest_eur_per_inhabitant"] = out["latest_eur_per_inhabitant"].astype("float64")
    return out
