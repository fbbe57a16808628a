"""Reach (*tavoittavuus*), volunteer input and cost per participant of activities.

Examples
--------
>>> import pandas as pd
>>> a = pd.DataFrame({"activity_id": ["A1"], "org_id": ["0112038-9"], "year": [2024],
...                   "area": ["15"], "participants": [272], "cost_eur": [27200.0]})
>>> r = reach(a).iloc[0]
>>> round(float(r.participants_per_1000), 3), float(r.cost_per_participant)
(0.998, 100.0)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import regions
from .._util import div, num, require
from ..dataset import org_county
from ..population import ALL, area_denominators, denominators

__all__ = ["FTE_HOURS", "reach", "reach_summary"]

#: Annual working hours of one full-time person used for volunteer FTE
#: (*henkilötyövuosi*). A stated parameter, not a statistic: 37.5 h × 52 weeks
#: minus about five weeks of holidays and public holidays is ≈ 1 650–1 700 h;
#: the round, slightly conservative 1 600 h is used unless you pass another.
FTE_HOURS = 1600.0


_REACH_BY = {
    "activity": ["activity_id"],
    "organisation": ["org_id", "year"],
    "theme": ["theme", "year"],
    "county": ["county", "year"],
}
_MULTI = "multiple"


def _area_counties(area: pd.Series) -> pd.Series:
    """The county of each row's area, ``"multiple"`` where it spans several, ``<NA>`` where none.

    Each distinct area is parsed once (:func:`impactlib.regions.area_counties` and
    :func:`impactlib.regions.parse_area` on the distinct values) and the answer taken back to
    the rows: the activities of a country share a few hundred areas.
    """
    codes, uniq = pd.factorize(area.astype("string"))
    u = pd.Series(uniq, dtype="string")
    county = regions.area_counties(u)
    spans = regions.parse_area(u).groupby("index")["county"].nunique()
    county = county.where(~county.index.isin(spans[spans > 1].index), _MULTI)
    return pd.Series(county.array.take(codes, allow_fill=True), index=area.index)


def reach(
    activities: pd.DataFrame,
    *,
    by: str | list[str] = "activity",
    organisations: pd.DataFrame | None = None,
    population: pd.Series | None = None,
    population_by_age: pd.DataFrame | None = None,
    fte_hours: float = FTE_HOURS,
    wage_eur_per_hour: float | None = None,
) -> pd.DataFrame:
    """Reach, volunteer input and cost per participant (*tavoittavuus ja panokset*).

    Parameters
    ----------
    activities : pandas.DataFrame
        The ``activities`` table.
    by : {"activity", "organisation", "theme", "county"} or list of str
        Unit of the table: each activity-year, association × year, theme ×
        year, wellbeing services county × year, or any columns of
        ``activities``.
    organisations : pandas.DataFrame, optional
        Used for ``by="county"`` when an activity has no ``area``: the
        association's home municipality then gives the county.
    population : pandas.Series, optional
        Population by area code (3-digit municipality and/or 2-digit county
        codes). Default: the county populations 31.12.2022 of
        :func:`impactlib.population.denominators` (Statistics Finland), so
        activities whose area is given as municipalities need this argument
        for a per-1,000 rate.
    population_by_age : pandas.DataFrame, optional
        Columns ``code`` (or ``area``/``county``), ``age_band, population``,
        one row per area and band, e.g. one year of
        :func:`impactlib.population.age_band_population`: gives the rate per
        1,000 inhabitants of the target age band (``by="activity"`` only).
    fte_hours : float, default 1600
        Annual hours of one full-time person (:data:`FTE_HOURS`, stated).
    wage_eur_per_hour : float, optional
        Hourly value of volunteer work (€/h, stated by the user, e.g. the
        gross hourly wage of a comparable paid job plus side costs); without
        it the value column is missing.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns (and, for activities, ``org_id, year, theme,
        area``), ``n_activities, participants, contacts, population,
        participants_per_1000, population_age_band,
        participants_per_1000_age_band, volunteer_hours, volunteer_fte,
        paid_hours, volunteer_to_paid_ratio, volunteer_value_eur, cost_eur,
        cost_per_participant, fte_hours, wage_eur_per_hour``. For
        ``by="county"`` activities spanning several counties form the row
        ``county = "multiple"``.

    Notes
    -----
    .. math::

        \\text{per 1 000} = 1000\\,\\frac{\\text{participants}}{\\text{population}},\\quad
        \\text{FTE} = \\frac{\\text{volunteer hours}}{\\text{fte\\_hours}},\\quad
        \\text{value} = \\text{hours}\\times\\text{wage}

    ``participants`` are unique *within* an activity-year; summing over
    activities counts a person who takes part in two activities twice, so
    the aggregate is "participations", an upper bound of unique people.
    Per-1,000 rates are given for activities and counties, not for themes or
    associations, whose areas overlap. Ratios of sums, not means of ratios.
    Vectorised pandas group-by.

    References
    ----------
    Statistics Finland, population 31.12.2022 (CC BY 4.0), via
    :mod:`impactlib.regions`.

    Examples
    --------
    >>> a = pd.DataFrame({"activity_id": ["A1", "A2"], "org_id": ["0112038-9"] * 2,
    ...                   "year": [2024, 2024], "theme": ["peer_support"] * 2, "area": ["15", "15"],
    ...                   "participants": [120, 30], "contacts": [900, 100],
    ...                   "volunteer_hours": [800.0, 0.0], "paid_hours": [400.0, 200.0],
    ...                   "cost_eur": [24000.0, 9000.0]})
    >>> r = reach(a, by="county").iloc[0]
    >>> r.county, int(r.participants), round(float(r.participants_per_1000), 3), float(r.volunteer_fte)
    ('15', 150, 0.551, 0.5)
    """
    require(activities, ("activity_id", "participants", "cost_eur"), "activities")
    if fte_hours is None or not float(fte_hours) > 0:
        raise ValueError("fte_hours must be a positive number of hours, e.g. 1600")
    df = activities.copy()
    for c in ("contacts", "volunteer_hours", "paid_hours", "area", "theme", "year", "org_id", "age_band"):
        if c not in df.columns:
            df[c] = np.nan if c not in ("area", "theme", "org_id", "age_band") else pd.NA
    pop = denominators() if population is None else pd.Series(population).rename(index=str).astype(float)
    if by == "county":
        county = _area_counties(df["area"])
        if organisations is not None:  # the home county of the association (dataset.org_county)
            home = org_county(organisations, by_org=True)
            county = county.fillna(df["org_id"].map(home).astype("string[pyarrow]"))
        df["county"] = county.astype("string")
    keys = _REACH_BY[by] if isinstance(by, str) and by in _REACH_BY else ([by] if isinstance(by, str) else list(by))
    require(df, keys, "activities")
    vals = pd.DataFrame(
        {
            "participants": num(df["participants"]),
            "contacts": num(df["contacts"]),
            "volunteer_hours": num(df["volunteer_hours"]),
            "paid_hours": num(df["paid_hours"]),
            "cost_eur": num(df["cost_eur"]),
        },
        index=df.index,
    )
    if by == "activity":
        out = df[["activity_id", "org_id", "year", "theme", "area"]].copy()
        out["n_activities"] = 1
        out = pd.concat([out, vals], axis=1)
        out["population"] = area_denominators(df["area"], pop).to_numpy()
        if population_by_age is not None:
            pa = population_by_age.rename(columns={"area": "code", "county": "code"})
            require(pa, ("code", "age_band", "population"), "population_by_age")
            pa = pa.assign(code=pa["code"].astype(str))[["code", "age_band", "population"]]
            if pa.duplicated(["code", "age_band"]).any():
                raise ValueError(
                    "population_by_age has several rows per area and age band (several years or "
                    "sexes?): keep one year and the total of both sexes first."
                )
            long = regions.parse_area(df["area"])
            long["age_band"] = df["age_band"].reindex(long["index"]).to_numpy()
            long = long.merge(pa, on=["code", "age_band"], how="left")
            long["m"] = long["population"].isna()
            agg = long.groupby("index").agg(p=("population", "sum"), m=("m", "max"))
            out["population_age_band"] = agg["p"].where(~agg["m"].astype(bool)).reindex(df.index).to_numpy(dtype=float)
        else:
            out["population_age_band"] = np.nan
    else:
        grouped = pd.concat([df[keys], vals], axis=1).groupby(keys, dropna=False, sort=True)
        out = grouped.sum(min_count=1).reset_index()
        out.insert(len(keys), "n_activities", grouped.size().to_numpy())
        if by == "county":
            out["population"] = out["county"].astype(object).map(pop).astype(float)
        else:
            out["population"] = np.nan
        out["population_age_band"] = np.nan
    out["participants_per_1000"] = 1000 * div(out["participants"], out["population"])
    out["participants_per_1000_age_band"] = 1000 * div(out["participants"], out["population_age_band"])
    out["volunteer_fte"] = out["volunteer_hours"] / float(fte_hours)
    out["volunteer_to_paid_ratio"] = div(out["volunteer_hours"], out["paid_hours"])
    wage = np.nan if wage_eur_per_hour is None else float(wage_eur_per_hour)
    out["volunteer_value_eur"] = out["volunteer_hours"] * wage
    out["cost_per_participant"] = div(out["cost_eur"], out["participants"])
    out["fte_hours"] = float(fte_hours)
    out["wage_eur_per_hour"] = wage
    out["participants"] = pd.array(np.round(out["participants"]), dtype="Int64") if out["participants"].notna().all() else out["participants"]
    lead = [c for c in (*keys, "org_id", "year", "theme", "area") if c in out.columns]
    lead = list(dict.fromkeys(lead))
    cols = [
        "n_activities", "participants", "contacts", "population", "participants_per_1000",
        "population_age_band", "participants_per_1000_age_band", "volunteer_hours", "volunteer_fte",
        "paid_hours", "volunteer_to_paid_ratio", "volunteer_value_eur", "cost_eur",
        "cost_per_participant", "fte_hours", "wage_eur_per_hour",
    ]  # fmt: skip
    return out[lead + cols].reset_index(drop=True)


def reach_summary(
    reach_by_county: pd.DataFrame,
    county: str,
    *,
    population: pd.Series | None = None,
) -> pd.DataFrame:
    """One county's reach and volunteer input beside the whole country's (one year).

    Parameters
    ----------
    reach_by_county : pandas.DataFrame
        :func:`reach` with ``by="county"`` for one year.
    county : str
        County code (``"15"``).
    population : pandas.Series, optional
        Population by county code for the whole country's rates (default
        :func:`impactlib.population.denominators`, 31.12.2022).

    Returns
    -------
    pandas.DataFrame
        Indexed by area, the county and ``"all"``: ``n_activities, participants,
        participants_per_1000, volunteer_hours, volunteer_fte, volunteer_fte_per_1000,
        cost_eur, cost_per_participant, fte_hours``. The county's row holds the activities
        aimed at the county alone (its row of ``reach_by_county``; zeros and NaN rates when
        it has none); the whole country's row sums every row, activities spanning several
        counties (``"multiple"``) included.

    Notes
    -----
    Ratios of sums over the rows, with :math:`P` the population and :math:`h` the hours of
    one full-time equivalent (``fte_hours``):

    .. math::

        \\text{per 1 000} = 1000\\,\\frac{\\sum \\text{participants}}{P},\\quad
        \\text{FTE per 1 000} = 1000\\,\\frac{\\sum \\text{volunteer hours} / h}{P},\\quad
        \\text{cost per participation} = \\frac{\\sum \\text{cost}}{\\sum \\text{participants}}.

    Examples
    --------
    >>> a = pd.DataFrame({"activity_id": ["A1", "A2", "A3"], "org_id": ["0112038-9"] * 3,
    ...                   "year": [2024] * 3, "area": ["15", "90", "15 90"],
    ...                   "participants": [100, 300, 50], "volunteer_hours": [1600.0, 0.0, 0.0],
    ...                   "cost_eur": [1000.0, 3000.0, 500.0]})
    >>> s = reach_summary(reach(a, by="county"), "15")
    >>> s[["n_activities", "participants", "volunteer_fte", "cost_per_participant"]].reset_index()
      area  n_activities  participants  volunteer_fte  cost_per_participant
    0   15             1           100            1.0                  10.0
    1  all             3           450            1.0                  10.0
    >>> round(float(s.loc["15", "participants_per_1000"]), 4)
    0.3671
    """
    require(reach_by_county, ("county", "n_activities", "participants", "volunteer_hours",
                              "volunteer_fte", "cost_eur", "cost_per_participant", "population",
                              "participants_per_1000", "fte_hours"), "reach_by_county")
    if "year" in reach_by_county.columns and reach_by_county["year"].nunique() > 1:
        raise ValueError("reach_summary takes reach(by='county') of one year; filter the year first")
    cols = ["n_activities", "participants", "participants_per_1000", "volunteer_hours",
            "volunteer_fte", "volunteer_fte_per_1000", "cost_eur", "cost_per_participant",
            "fte_hours"]
    if reach_by_county.empty:
        return pd.DataFrame(columns=cols, index=pd.Index([county, ALL], name="area"))
    r = reach_by_county
    pop_all = float(denominators(population=population)[ALL])
    tot = r[["n_activities", "participants", "volunteer_hours", "cost_eur"]].astype(float).sum()
    fte_h = float(r["fte_hours"].iloc[0])
    whole = {"n_activities": int(tot["n_activities"]), "participants": int(tot["participants"]),
             "participants_per_1000": 1000.0 * tot["participants"] / pop_all,
             "volunteer_hours": float(tot["volunteer_hours"]),
             "volunteer_fte": float(tot["volunteer_hours"]) / fte_h,
             "volunteer_fte_per_1000": 1000.0 * tot["volunteer_hours"] / fte_h / pop_all,
             "cost_eur": float(tot["cost_eur"]),
             "cost_per_participant": (tot["cost_eur"] / tot["participants"] if tot["participants"]
                                      else np.nan),
             "fte_hours": fte_h}
    here = r[r["county"].astype(str) == county]
    if here.empty:
        own = {"n_activities": 0, "participants": 0, "participants_per_1000": np.nan,
               "volunteer_hours": 0.0, "volunteer_fte": 0.0, "volunteer_fte_per_1000": np.nan,
               "cost_eur": 0.0, "cost_per_participant": np.nan, "fte_hours": fte_h}
    else:
        h = here.iloc[0]
        own = {"n_activities": int(h["n_activities"]), "participants": int(h["participants"]),
               "participants_per_1000": float(h["participants_per_1000"]),
               "volunteer_hours": float(h["volunteer_hours"]),
               "volunteer_fte": float(h["volunteer_fte"]),
               "volunteer_fte_per_1000": 1000.0 * float(h["volunteer_fte"]) / float(h["population"]),
               "cost_eur": float(h["cost_eur"]),
               "cost_per_participant": float(h["cost_per_participant"]), "fte_hours": fte_h}
    out = pd.DataFrame([own, whole], index=pd.Index([county, ALL], name="area"))[cols]
    return out.astype({"n_activities": "int64", "participants": "int64"})

