"""Activity effectiveness (*toiminnan vaikuttavuus*): reach, effects, pooled
evidence and evidence levels — the public face of the effectiveness
indicators.

Every public name is importable from here. The estimators live in a small
flat set of modules by topic:

* :mod:`impactlib.effectsize` — pre/post change (``prepost``,
  ``prepost_from_summary``: SMCR, SMCC), Hedges' g (``smd``), Morris's
  d_ppc2 (``smd_ppc``), the instrument table (``instruments``);
* :mod:`impactlib.reliable` — Jacobson–Truax reliable change
  (``reliable_change``, ``reliable_change_rates``), felt help and Wilson
  intervals;
* :mod:`impactlib.meta` — pooling (``pool``: FE, DerSimonian–Laird, REML,
  Knapp–Hartung, prediction interval) and ``meta_regression``;
* :mod:`impactlib.pubbias` — Egger's test (``egger``);
* :mod:`impactlib.comparison` — difference-in-differences and IPW
  (``comparison_effect``);
* :mod:`impactlib.evidence` — Nesta and Kasvun tuki levels
  (``evidence_level``);

and this module adds

* :func:`reach` — whom the activities reached, per 1,000 inhabitants,
  volunteer input and cost per participant (*tavoittavuus*);
* :func:`activity_effects` — one effect size per activity, from
  participant-level outcomes or reported summaries, comparison-adjusted where
  the design allows;
* :func:`pool_by` — pooled effects per theme (or any grouping).

Every table meant for people must go through
:func:`impactlib.disclosure.suppress` (counts below 5 shown as "<5").

Examples
--------
>>> from impactlib import effectiveness as eff
>>> res = eff.pool([0.2, 0.4, 0.3, 0.5], [0.02, 0.03, 0.02, 0.04], method="DL")
>>> round(res.estimate, 3)
0.321
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import regions
from .comparison import ComparisonResult, comparison_effect
from .effectsize import (
    ASSUMED_R,
    SMDResult,
    _div,
    _f,
    _require,
    hedges_j,
    higher_is_better,
    instruments,
    paired_scores,
    prepost,
    prepost_from_summary,
    smd,
    smd_ppc,
)
from .evidence import KASVUN_TUKI_LEVELS, NESTA_LEVELS, OUTCOMES, evidence_level
from .meta import METHODS, MetaRegressionResult, PoolResult, meta_regression, pool
from .pubbias import EggerResult, egger
from .reliable import (
    RELIABLE_CHANGE_CATEGORIES,
    RELIABLE_CHANGE_CRITERION,
    felt_help,
    reliable_change,
    reliable_change_rates,
    wilson_ci,
)

__all__ = [
    # this module
    "FTE_HOURS",
    "reach",
    "activity_effects",
    "pool_by",
    # re-exported from impactlib.comparison
    "ComparisonResult",
    "comparison_effect",
    # re-exported from impactlib.evidence
    "NESTA_LEVELS",
    "KASVUN_TUKI_LEVELS",
    "OUTCOMES",
    "evidence_level",
    # re-exported from impactlib.effectsize
    "ASSUMED_R",
    "instruments",
    "higher_is_better",
    "hedges_j",
    "SMDResult",
    "smd",
    "smd_ppc",
    "paired_scores",
    "prepost",
    "prepost_from_summary",
    # re-exported from impactlib.reliable
    "RELIABLE_CHANGE_CRITERION",
    "RELIABLE_CHANGE_CATEGORIES",
    "wilson_ci",
    "reliable_change",
    "reliable_change_rates",
    "felt_help",
    # re-exported from impactlib.meta and impactlib.pubbias
    "METHODS",
    "PoolResult",
    "MetaRegressionResult",
    "EggerResult",
    "pool",
    "meta_regression",
    "egger",
]

#: Annual working hours of one full-time person used for volunteer FTE
#: (*henkilötyövuosi*). A stated parameter, not a statistic: 37.5 h × 52 weeks
#: minus about five weeks of holidays and public holidays is ≈ 1 650–1 700 h;
#: the round, slightly conservative 1 600 h is used unless you pass another.
FTE_HOURS = 1600.0


# ---------------------------------------------------------------------------
# Reach
# ---------------------------------------------------------------------------

_REACH_BY = {
    "activity": ["activity_id"],
    "organisation": ["org_id", "year"],
    "theme": ["theme", "year"],
    "county": ["county", "year"],
}
_MULTI = "multiple"


def _num(s: pd.Series) -> np.ndarray:
    return pd.to_numeric(s, errors="coerce").astype(float).to_numpy()


def _area_population(area: pd.Series, population: pd.Series) -> np.ndarray:
    """Sum of the population of the codes in each ``area`` cell (NaN if any is unknown)."""
    long = regions.parse_area(area)
    if long.empty:
        return np.full(len(area), np.nan)
    long["pop"] = long["code"].map(population)
    agg = long.groupby("index").agg(pop=("pop", "sum"), missing=("pop", lambda s: s.isna().any()))
    pop = agg["pop"].where(~agg["missing"].astype(bool))
    return pop.reindex(area.index).to_numpy(dtype=float)


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
        :func:`impactlib.regions.county_population` (Statistics Finland), so
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
    _require(activities, ("activity_id", "participants", "cost_eur"), "activities")
    if fte_hours is None or not float(fte_hours) > 0:
        raise ValueError("fte_hours must be a positive number of hours, e.g. 1600")
    df = activities.copy()
    for c in ("contacts", "volunteer_hours", "paid_hours", "area", "theme", "year", "org_id", "age_band"):
        if c not in df.columns:
            df[c] = np.nan if c not in ("area", "theme", "org_id", "age_band") else pd.NA
    pop = regions.county_population() if population is None else population
    pop = pd.Series(pop).rename(index=str).astype(float)
    if by == "county":
        county = regions.area_counties(df["area"].astype("string"))
        spans = regions.parse_area(df["area"]).groupby("index")["county"].nunique()
        county = county.where(~df.index.isin(spans[spans > 1].index), _MULTI)
        if organisations is not None:
            home = df["org_id"].map(organisations.drop_duplicates("org_id").set_index("org_id")["municipality"])
            county = county.fillna(regions.county_of(home.astype("string")))
        df["county"] = county.astype("string")
    keys = _REACH_BY[by] if isinstance(by, str) and by in _REACH_BY else ([by] if isinstance(by, str) else list(by))
    _require(df, keys, "activities")
    vals = pd.DataFrame(
        {
            "participants": _num(df["participants"]),
            "contacts": _num(df["contacts"]),
            "volunteer_hours": _num(df["volunteer_hours"]),
            "paid_hours": _num(df["paid_hours"]),
            "cost_eur": _num(df["cost_eur"]),
        },
        index=df.index,
    )
    if by == "activity":
        out = df[["activity_id", "org_id", "year", "theme", "area"]].copy()
        out["n_activities"] = 1
        out = pd.concat([out, vals], axis=1)
        out["population"] = _area_population(df["area"], pop)
        if population_by_age is not None:
            pa = population_by_age.rename(columns={"area": "code", "county": "code"})
            _require(pa, ("code", "age_band", "population"), "population_by_age")
            pa = pa.assign(code=pa["code"].astype(str))[["code", "age_band", "population"]]
            if pa.duplicated(["code", "age_band"]).any():
                raise ValueError(
                    "population_by_age has several rows per area and age band (several years or "
                    "sexes?): keep one year and the total of both sexes first."
                )
            long = regions.parse_area(df["area"])
            long["age_band"] = df["age_band"].reindex(long["index"]).to_numpy()
            long = long.merge(pa, on=["code", "age_band"], how="left")
            agg = long.groupby("index").agg(p=("population", "sum"), m=("population", lambda s: s.isna().any()))
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
    out["participants_per_1000"] = 1000 * _div(out["participants"], out["population"])
    out["participants_per_1000_age_band"] = 1000 * _div(out["participants"], out["population_age_band"])
    out["volunteer_fte"] = out["volunteer_hours"] / float(fte_hours)
    out["volunteer_to_paid_ratio"] = _div(out["volunteer_hours"], out["paid_hours"])
    wage = np.nan if wage_eur_per_hour is None else float(wage_eur_per_hour)
    out["volunteer_value_eur"] = out["volunteer_hours"] * wage
    out["cost_per_participant"] = _div(out["cost_eur"], out["participants"])
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


# ---------------------------------------------------------------------------
# One effect per activity; pooled effects by group
# ---------------------------------------------------------------------------

_ACTIVITY_FIELDS = ("org_id", "year", "name", "theme", "target_group", "design", "participants", "cost_eur")
_COMPARISON_DESIGNS = ("comparison_group", "randomised")


def activity_effects(
    activities: pd.DataFrame,
    outcomes: pd.DataFrame | None = None,
    outcome_summaries: pd.DataFrame | None = None,
    *,
    assumed_r: float = ASSUMED_R,
    level: float = 0.95,
    pre: str = "pre",
    post: str = "post",
    higher_is_better: dict[str, bool] | None = None,
    vtype: str = "LS",
    av_by: tuple[str, ...] = ("theme", "instrument"),
) -> pd.DataFrame:
    """One standardised effect per activity and instrument, ready to pool.

    *Toimintokohtaiset vaikutuskoot*. Participant-level ``outcomes`` are
    used where they exist, otherwise ``outcome_summaries``. For designs with
    a comparison group (``comparison_group``, ``randomised``) whose
    comparison data are present the effect is the comparison-adjusted
    standardised difference in mean change (:func:`smd_ppc`,
    ``effect_type = "ppc"``); otherwise the participants' standardised
    mean change with raw-score standardisation (``effect_type = "smcr"``).
    Both are in pre-test SD units, positive = improvement.

    Parameters
    ----------
    activities : pandas.DataFrame
        The ``activities`` table (design, theme, cost … are joined).
    outcomes, outcome_summaries : pandas.DataFrame, optional
    assumed_r : float, default 0.5
        For summaries without r (see :func:`prepost_from_summary`).
    level, pre, post, higher_is_better
        As in :func:`prepost`.
    vtype : {"LS", "AV"}, default "LS"
        Sampling variance of ``smd``. ``"LS"``: each activity's own
        large-sample variance (metafor's default). ``"AV"``: the same formula
        with the sample-size-weighted average effect and average pre/post
        correlation of the activities in the same ``av_by`` group and
        ``effect_type`` in place of each activity's own values (as
        ``metafor::escalc(vtype="AV")`` does for the effect). With small
        groups (n ≈ 10–40) the own-value variance is correlated with the
        estimate, and inverse-variance pooling is then biased towards zero
        (Hamman et al. 2018; Lin 2018); "AV" removes that correlation.
        ``smcr_var`` is always the own-value variance.
    av_by : tuple of str, default ("theme", "instrument")
        Groups whose averages ``vtype="AV"`` uses.

    Returns
    -------
    pandas.DataFrame
        ``activity_id, instrument, source, effect_type, n_pairs,
        n_comparison, smd, smd_var, smd_ci_low, smd_ci_high, smcr,
        smcr_var, smcr_ci_low, smcr_ci_high, mean_change, r, r_source,
        note, poolable`` (a finite effect with a positive sampling variance
        from at least 3 pairs per group; with 2 pairs the pre/post
        correlation is always ±1 and the variance degenerate) and the
        activity fields ``org_id, year, name, theme,
        target_group, design, participants, cost_eur``. Activities without
        outcome data are not listed.

    Notes
    -----
    The pre/post ``smcr`` of the participants is kept beside the adjusted
    ``smd`` so that the two can be compared: their difference estimates the
    change that would have happened anyway. With ``vtype="AV"``,
    :math:`v_i = 2(1-\bar r)/n_i + \bar y^2/(2n_i)` for pre/post effects and
    :math:`v_i = 2(1-\bar r)(1/n_{T,i}+1/n_{C,i}) + \bar y^2/(2(n_{T,i}+n_{C,i}))`
    for comparison-adjusted ones, :math:`\bar y, \bar r` the n-weighted
    group means.

    References
    ----------
    Morris, S. B. (2008). *Organizational Research Methods*, 11(2), 364–386.

    Hamman, E. A., Pappalardo, P., Bence, J. R., Peacor, S. D., & Osenberg,
    C. W. (2018). Bias in meta-analyses using Hedges' d. *Ecosphere*, 9(9),
    e02419.

    Lin, L. (2018). Bias caused by sampling error in meta-analysis with small
    sample sizes. *PLoS ONE*, 13(9), e0204056.

    Examples
    --------
    >>> acts = pd.DataFrame({"activity_id": ["A"], "design": ["pre_post"], "theme": ["peer_support"]})
    >>> summ = pd.DataFrame({"activity_id": "A", "instrument": "SWEMWBS", "group": "participant",
    ...                      "phase": ["pre", "post"], "n": [25, 25], "mean": [20.0, 22.0],
    ...                      "sd": [4.0, 4.2], "r": [None, 0.6]})
    >>> e = activity_effects(acts, outcome_summaries=summ).iloc[0]
    >>> e.effect_type, round(float(e.smd), 3), e.source
    ('smcr', 0.484, 'outcome_summaries')
    """
    parts = []
    if outcomes is not None and len(outcomes):
        pp = prepost(outcomes, level=level, pre=pre, post=post, higher_is_better=higher_is_better)
        parts.append(pp.assign(source="outcomes"))
    if outcome_summaries is not None and len(outcome_summaries):
        ps = prepost_from_summary(
            outcome_summaries, assumed_r=assumed_r, level=level, pre=pre, post=post, higher_is_better=higher_is_better
        )
        parts.append(ps.assign(source="outcome_summaries"))
    cols = [
        "activity_id", "instrument", "source", "effect_type", "n_pairs", "n_comparison", "smd", "smd_var",
        "smd_ci_low", "smd_ci_high", "smcr", "smcr_var", "smcr_ci_low", "smcr_ci_high", "mean_change", "r",
        "r_source", "note", "poolable", *_ACTIVITY_FIELDS,
    ]  # fmt: skip
    if not parts:
        return pd.DataFrame(columns=cols)
    allp = pd.concat(parts, ignore_index=True)
    # participant-level data win over summaries of the same activity and instrument
    allp["_rank"] = (allp["source"] != "outcomes").astype(int)
    allp = allp.sort_values(["activity_id", "instrument", "group", "_rank"]).drop_duplicates(
        ["activity_id", "instrument", "group"]
    )
    part = allp[allp["group"] == "participant"].set_index(["activity_id", "instrument"])
    comp = allp[allp["group"] == "comparison"].set_index(["activity_id", "instrument"])
    out = part[["source", "n_pairs", "smcr", "smcr_var", "smcr_ci_low", "smcr_ci_high", "mean_change", "r",
                "r_source", "note"]].copy()  # fmt: skip
    out["n_comparison"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["effect_type"] = "smcr"
    out["smd"], out["smd_var"] = out["smcr"], out["smcr_var"]
    out["smd_ci_low"], out["smd_ci_high"] = out["smcr_ci_low"], out["smcr_ci_high"]
    acts = activities.drop_duplicates("activity_id").set_index("activity_id")
    design = out.index.get_level_values(0).map(acts["design"]) if "design" in acts else pd.Index([None] * len(out))
    both = out.index.isin(comp.index) & np.isin(np.asarray(design, dtype=object), _COMPARISON_DESIGNS)
    if both.any():
        idx = out.index[both]
        p_, c_ = part.loc[idx], comp.loc[idx]
        sign_p = np.where(p_["higher_is_better"].astype(bool), 1.0, -1.0)
        rr = np.column_stack([_f(p_["r"]), _f(c_["r"])])
        n_r = np.isfinite(rr).sum(axis=1)
        r_avg = _div(np.where(np.isfinite(rr), rr, 0.0).sum(axis=1), n_r)
        ppc = smd_ppc(
            sign_p * _f(p_["mean_pre"]), sign_p * _f(p_["mean_post"]), _f(p_["sd_pre"]), _f(p_["n_pairs"]),
            sign_p * _f(c_["mean_pre"]), sign_p * _f(c_["mean_post"]), _f(c_["sd_pre"]), _f(c_["n_pairs"]),
            r_avg, level=level,
        )  # fmt: skip
        ok = np.isfinite(ppc["smd"].to_numpy()) & (np.nan_to_num(ppc["smd_var"].to_numpy(), nan=0.0) > 0)
        sel = idx[ok]
        out.loc[sel, "effect_type"] = "ppc"
        for c in ("smd", "smd_var", "smd_ci_low", "smd_ci_high"):
            out.loc[sel, c] = ppc[c].to_numpy()[ok]
        out.loc[sel, "n_comparison"] = pd.array(_f(c_["n_pairs"])[ok], dtype="Float64").astype("Int64")
    out = out.reset_index()
    fields = [c for c in _ACTIVITY_FIELDS if c in acts.columns]
    out = out.merge(acts[fields], left_on="activity_id", right_index=True, how="left")
    for c in _ACTIVITY_FIELDS:
        if c not in out.columns:
            out[c] = pd.NA
    n_t = out["n_pairs"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    n_c = out["n_comparison"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    is_ppc = (out["effect_type"] == "ppc").to_numpy()
    n_min = np.fmin(n_t, np.where(is_ppc, n_c, np.inf))
    out["poolable"] = (np.isfinite(_f(out["smd"])) & (np.nan_to_num(_f(out["smd_var"]), nan=0.0) > 1e-12)
                       & (np.nan_to_num(n_min, nan=0.0) >= 3))
    if vtype == "AV":
        out = _average_variance(out, list(av_by), n_t, n_c, is_ppc, level)
    elif vtype != "LS":
        raise ValueError(f"vtype must be 'LS' or 'AV', got {vtype!r}")
    return out[cols].sort_values(["activity_id", "instrument"]).reset_index(drop=True)


def _average_variance(out, av_by, n_t, n_c, is_ppc, level) -> pd.DataFrame:
    """Replace smd_var with the variance at the group-average effect and r (vtype "AV")."""
    from scipy import stats

    out = out.copy()
    n_w = np.where(is_ppc, n_t + n_c, n_t)
    use = out["poolable"].to_numpy() & np.isfinite(_f(out["r"]))
    w = np.where(use, n_w, 0.0)
    keys = [*av_by, "effect_type"]
    frame = out[keys].copy()
    frame["_w"], frame["_wy"] = w, w * np.nan_to_num(_f(out["smd"]))
    frame["_wr"] = w * np.nan_to_num(_f(out["r"]))
    g = frame.groupby(keys, dropna=False)
    ybar = _div(g["_wy"].transform("sum"), g["_w"].transform("sum"))
    rbar = _div(g["_wr"].transform("sum"), g["_w"].transform("sum"))
    v_pp = _div(2 * (1 - rbar), n_t) + _div(ybar**2, 2 * n_t)
    v_ppc = 2 * (1 - rbar) * (_div(1, n_t) + _div(1, n_c)) + _div(ybar**2, 2 * (n_t + n_c))
    v = np.where(is_ppc, v_ppc, v_pp)
    ok = out["poolable"].to_numpy() & np.isfinite(v) & (v > 0)
    z = stats.norm.ppf(0.5 + level / 2)
    y = _f(out["smd"])
    out["smd_var"] = np.where(ok, v, np.nan)
    out["smd_ci_low"] = np.where(ok, y - z * np.sqrt(np.where(ok, v, 0.0)), np.nan)
    out["smd_ci_high"] = np.where(ok, y + z * np.sqrt(np.where(ok, v, 0.0)), np.nan)
    out["poolable"] = ok
    return out


def pool_by(
    effects: pd.DataFrame,
    by: str | list[str] = "theme",
    *,
    yi: str = "smd",
    vi: str = "smd_var",
    method: str = "REML",
    knapp_hartung: bool = False,
    level: float = 0.95,
) -> pd.DataFrame:
    """Pooled effect per group (e.g. per theme) — one :func:`pool` per group.

    *Yhdistetty vaikutus ryhmittäin*. Rows with a missing effect or a
    non-positive variance are left out (and counted in ``k_dropped``).

    Parameters
    ----------
    effects : pandas.DataFrame
        E.g. the output of :func:`activity_effects`.
    by : str or list of str, default "theme"
    yi, vi : str
        Columns of effect sizes and sampling variances.
    method, knapp_hartung, level
        Passed to :func:`pool`.

    Returns
    -------
    pandas.DataFrame
        The ``by`` columns, ``k_dropped`` and the columns of
        :meth:`PoolResult.to_frame` (``k, estimate, ci_low, ci_high,
        pi_low, pi_high, tau2, i2, q_pvalue, warnings`` …).

    Notes
    -----
    See :func:`pool`. Groups are a handful of themes, so a loop over groups
    is used; each pool is vectorised.

    Examples
    --------
    >>> e = pd.DataFrame({"theme": ["a"] * 3 + ["b"] * 3, "smd": [0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
    ...                   "smd_var": [0.02] * 6})
    >>> pool_by(e, method="FE")[["theme", "k", "estimate"]].round(3).to_dict("records")
    [{'theme': 'a', 'k': 3, 'estimate': 0.3}, {'theme': 'b', 'k': 3, 'estimate': 0.6}]
    """
    keys = [by] if isinstance(by, str) else list(by)
    _require(effects, [*keys, yi, vi], "effects")
    y, v = _f(effects[yi]), _f(effects[vi])
    usable = np.isfinite(y) & np.isfinite(v) & (v > 0)
    rows = []
    for key, d in effects.assign(_ok=usable).groupby(keys, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        ok = d["_ok"].to_numpy()
        base = dict(zip(keys, key, strict=True))
        base["k_dropped"] = int((~ok).sum())
        if ok.sum() == 0:
            rows.append(base)
            continue
        res = pool(_f(d[yi])[ok], _f(d[vi])[ok], method=method, knapp_hartung=knapp_hartung, level=level)
        rows.append({**base, **res.to_frame().iloc[0].to_dict()})
    return pd.DataFrame(rows)
