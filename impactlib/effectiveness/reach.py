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
from ..population import ALL, area_denominators, area_tokens, denominators

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

    Each distinct area is parsed once and the answer taken back to the rows: the activities of
    a country share a few hundred areas. The codes of a cell are split as
    :func:`impactlib.regions.parse_area` splits them (:func:`impactlib.population.area_tokens`)
    and a municipality's county is :func:`impactlib.regions.county_of`, called once on the
    distinct codes; cells with other characters than printable ASCII go through
    :func:`impactlib.regions.area_counties` and :func:`~impactlib.regions.parse_area` instead.
    """
    codes, uniq, tokens = area_tokens(area)
    if tokens is None:
        u = pd.Series(uniq, dtype="string")
        county = regions.area_counties(u)
        spans = regions.parse_area(u).groupby("index")["county"].nunique()
        county = county.where(~county.index.isin(spans[spans > 1].index), _MULTI)
        return pd.Series(county.array.take(codes, allow_fill=True), index=area.index)
    # a 2-character code is a county code as it stands, any other goes through county_of
    distinct = list(dict.fromkeys(c for t in tokens for c in t if len(c) != 2))
    of = dict(zip(distinct, regions.county_of(pd.Series(distinct, dtype="string[pyarrow]")).array,
                  strict=True))
    per = []
    for t in tokens:
        cty = [c if len(c) == 2 else of[c] for c in t]
        seen = {c for c in cty if c is not pd.NA}
        # the first code's county when the cell lies in one county (area_counties), "multiple"
        # when it spans several, <NA> when it lists no code of a known county
        per.append(_MULTI if len(seen) > 1 else (cty[0] if seen else pd.NA))
    county = pd.array(per, dtype="string[pyarrow]")
    return pd.Series(county.take(codes, allow_fill=True), index=area.index)


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
    df = activities.copy(deep=False)  # columns are added to this copy, never changed in place
    for c in ("contacts", "volunteer_hours", "paid_hours", "area", "theme", "year", "org_id", "age_band"):
        if c not in df.columns:
            df[c] = np.nan if c not in ("area", "theme", "org_id", "age_band") else pd.NA
    pop = denominators() if population is None else pd.Series(population).rename(index=str).astype(float)
    if by == "county":
        county = _area_counties(df["area"])
        if organisations is not None:  # the home county of the association (dataset.org_county)
            county = _home_county(county, df["org_id"], organisations)
        # grouped on the Arrow strings (the same order); the key is made "string" in the result
        df["county"] = county
    keys = _REACH_BY[by] if isinstance(by, str) and by in _REACH_BY else ([by] if isinstance(by, str) else list(by))
    require(df, keys, "activities")
    vals = {c: _floats(df[c]) for c in _SUMMED}
    if by == "activity":
        lead = {c: df[c].array for c in ("activity_id", "org_id", "year", "theme", "area")}
        n_act = np.ones(len(df), dtype=np.int64)
        population_ = area_denominators(df["area"], pop).to_numpy()
        if population_by_age is not None:
            population_age = _age_band_population(df, population_by_age)
        else:
            population_age = np.full(len(df), np.nan)
    else:
        lead, n_act, vals = _group_sums(df, keys, vals)
        if by == "county":
            lead["county"] = lead["county"].astype("string")  # the key as df["county"] holds it
            population_ = pd.Series(lead["county"]).astype(object).map(pop).astype(float).to_numpy()
        else:
            population_ = np.full(len(n_act), np.nan)
        population_age = np.full(len(n_act), np.nan)
    return _reach_frame(lead, n_act, vals, population_, population_age, fte_hours,
                        wage_eur_per_hour)


#: The columns of ``activities`` summed over the rows of a unit (as floats).
_SUMMED = ("participants", "contacts", "volunteer_hours", "paid_hours", "cost_eur")


def _plain_key(dtype) -> bool:
    """Keys :func:`_group_sums` factorises itself: text, integers and floats (not categories,
    booleans or objects, whose grouping rules differ)."""
    if isinstance(dtype, pd.StringDtype):
        return True
    return (pd.api.types.is_integer_dtype(dtype) or pd.api.types.is_float_dtype(dtype)) and not (
        isinstance(dtype, pd.CategoricalDtype))


def _group_sums(df: pd.DataFrame, keys: list, vals: dict) -> tuple[dict, np.ndarray, dict]:
    """Key columns, row counts and float sums (``min_count=1``) per distinct combination of
    ``keys``, sorted with missing keys last: ``df.groupby(keys, dropna=False, sort=True)``.

    Each key is factorised once (:func:`pandas.factorize`, sorted) and the combinations coded
    as one integer; the sums are still pandas' grouped sums (its compensated summation, the rows
    in the same order), over that integer. Other key types go through the pandas group-by.
    """
    ok = (len(set(keys)) == len(keys) and not set(keys) & set(vals)
          and all(_plain_key(df[k].dtype) for k in keys))
    if not ok:
        grouped = pd.concat([df[keys], pd.DataFrame(vals, index=df.index)], axis=1).groupby(
            keys, dropna=False, sort=True)
        sums = grouped.sum(min_count=1).reset_index()
        return ({c: sums[c].array for c in keys}, grouped.size().to_numpy(),
                {c: sums[c].to_numpy() for c in vals})
    code = np.zeros(len(df), dtype=np.int64)
    parts = []
    for k in keys:
        col = df[k]
        ext = isinstance(col.dtype, pd.api.extensions.ExtensionDtype)
        arr = col.array if ext else col.to_numpy()
        c, u = pd.factorize(arr, sort=True, use_na_sentinel=True)  # an array in, an array out
        c = c.astype(np.int64)
        c[c < 0] = len(u)  # missing after every value, as the group-by puts it
        code = code * (len(u) + 1) + c
        parts.append(u)
    total = int(np.prod([len(u) + 1 for u in parts], dtype=float))
    if total <= 4 * len(df) + 1_000_000:
        cnt = np.bincount(code, minlength=total)
        present = np.flatnonzero(cnt)
        inv = (np.cumsum(cnt > 0) - 1)[code]
        size = cnt[present]
    else:
        present, inv, size = np.unique(code, return_inverse=True, return_counts=True)
    sums = pd.DataFrame(vals).groupby(inv, sort=True).sum(min_count=1)
    lead = {}
    rest = present
    for k, u in zip(reversed(keys), reversed(parts), strict=True):
        at = rest % (len(u) + 1)
        rest = rest // (len(u) + 1)
        missing = at == len(u)
        if isinstance(u, pd.api.extensions.ExtensionArray):
            lead[k] = u.take(np.where(missing, -1, at), allow_fill=True)
        elif missing.any():  # a float key with NaN (an integer one has none)
            known = u.take(np.where(missing, 0, at)) if len(u) else np.nan
            lead[k] = np.where(missing, np.nan, known)
        else:
            lead[k] = u.take(at)
    return ({k: lead[k] for k in keys}, size.astype(np.int64),
            {c: sums[c].to_numpy(dtype=float) for c in vals})


def _floats(s: pd.Series) -> np.ndarray:
    """:func:`impactlib._util.num` (floats, NaN for missing or non-numbers) without
    :func:`pandas.to_numeric` for a column that is numeric already (the same numbers)."""
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        return s.to_numpy(dtype=float, na_value=np.nan)
    return num(s)


def _home_county(county: pd.Series, org_id: pd.Series, organisations: pd.DataFrame) -> pd.Series:
    """``county`` with its missing values filled by the county of the row's association
    (:func:`impactlib.dataset.org_county`, as ``Series.fillna`` would).

    Only the associations of the rows to fill are looked up: the first row of each of them in
    ``organisations`` is the first row it has in the whole table, so their counties are the same.
    """
    pos = np.flatnonzero(county.isna().to_numpy())
    ids = org_id.iloc[pos]
    orgs = organisations
    if "org_id" in organisations.columns:
        orgs = organisations[organisations["org_id"].isin(ids.unique())]
    home = org_county(orgs, by_org=True)
    filled = county.array.copy()
    if len(pos):
        filled[pos] = ids.map(home).astype("string[pyarrow]").array
    return pd.Series(filled, index=county.index)


def _age_band_population(df: pd.DataFrame, population_by_age: pd.DataFrame) -> np.ndarray:
    """Population of each activity's target age band in its area (NaN when any code lacks it)."""
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
    return agg["p"].where(~agg["m"].astype(bool)).reindex(df.index).to_numpy(dtype=float)


def _reach_frame(lead: dict, n_act, vals: dict, population, population_age, fte_hours,
                 wage_eur_per_hour) -> pd.DataFrame:
    """The table of :func:`reach` from its key columns and sums, built at once."""
    part, vh = vals["participants"], vals["volunteer_hours"]
    wage = np.nan if wage_eur_per_hour is None else float(wage_eur_per_hour)
    n = len(n_act)
    out = {
        **lead,
        "n_activities": n_act,
        "participants": _counts(part),
        "contacts": vals["contacts"],
        "population": population,
        "participants_per_1000": 1000 * div(part, population),
        "population_age_band": population_age,
        "participants_per_1000_age_band": 1000 * div(part, population_age),
        "volunteer_hours": vh,
        "volunteer_fte": vh / float(fte_hours),
        "paid_hours": vals["paid_hours"],
        "volunteer_to_paid_ratio": div(vh, vals["paid_hours"]),
        "volunteer_value_eur": vh * wage,
        "cost_eur": vals["cost_eur"],
        "cost_per_participant": div(vals["cost_eur"], part),
        "fte_hours": np.full(n, float(fte_hours)),
        "wage_eur_per_hour": np.full(n, wage),
    }
    return pd.DataFrame(out, index=pd.RangeIndex(n))


def _counts(part: np.ndarray):
    """Participants as ``Int64`` when none is missing (rounded), else the floats."""
    if not np.isnan(part).any():
        r = np.round(part)
        if np.isfinite(r).all() and (np.abs(r) < 2.0**63).all():
            return pd.arrays.IntegerArray(r.astype(np.int64), np.zeros(len(r), dtype=bool))
        return pd.array(r, dtype="Int64")  # raises as before on values that are no integers
    return part


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

