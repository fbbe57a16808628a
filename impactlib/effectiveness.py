"""Activity effectiveness (*toiminnan vaikuttavuus*): reach, effects, pooled
evidence and evidence levels.

This is the public face of the effectiveness indicators. It defines

* :func:`reach` — whom the activities reached, per 1,000 inhabitants,
  volunteer input and cost per participant (*tavoittavuus*);
* :func:`comparison_effect` — difference-in-differences and inverse
  probability weighting for activities with a comparison group, with a
  balance table (*vertailuryhmäasetelma*);
* :func:`activity_effects` — one effect size per activity, from
  participant-level outcomes or reported summaries, comparison-adjusted where
  the design allows;
* :func:`pool_by` — pooled effects per theme (or any grouping);
* :func:`evidence_level` — the level on the Nesta Standards of Evidence and
  the Kasvun tuki scale, with the criterion met or missing (*näytön taso*);

and re-exports the estimators of :mod:`impactlib.effectsize` (``prepost``,
``prepost_from_summary``, ``smd``, ``smd_ppc``, ``reliable_change``,
``reliable_change_rates``, ``felt_help``, ``wilson_ci``, ``instruments``)
and :mod:`impactlib.meta` (``pool``, ``meta_regression``, ``egger``), so that
every public name is importable from here.

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

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import regions
from .effectsize import (
    ASSUMED_R,
    RELIABLE_CHANGE_CATEGORIES,
    RELIABLE_CHANGE_CRITERION,
    SMDResult,
    _div,
    _f,
    _require,
    felt_help,
    hedges_j,
    higher_is_better,
    higher_is_better_lookup,
    instruments,
    paired_scores,
    prepost,
    prepost_from_summary,
    reliable_change,
    reliable_change_rates,
    smd,
    smd_ppc,
    wilson_ci,
)
from .meta import (
    METHODS,
    EggerResult,
    MetaRegressionResult,
    PoolResult,
    egger,
    meta_regression,
    pool,
)

__all__ = [
    # this module
    "FTE_HOURS",
    "NESTA_LEVELS",
    "KASVUN_TUKI_LEVELS",
    "OUTCOMES",
    "reach",
    "ComparisonResult",
    "comparison_effect",
    "activity_effects",
    "pool_by",
    "evidence_level",
    # re-exported from impactlib.effectsize
    "ASSUMED_R",
    "RELIABLE_CHANGE_CRITERION",
    "RELIABLE_CHANGE_CATEGORIES",
    "instruments",
    "higher_is_better",
    "hedges_j",
    "wilson_ci",
    "SMDResult",
    "smd",
    "smd_ppc",
    "paired_scores",
    "prepost",
    "prepost_from_summary",
    "reliable_change",
    "reliable_change_rates",
    "felt_help",
    # re-exported from impactlib.meta
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
# Comparison-group designs: difference-in-differences and IPW
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ComparisonResult:
    """Result of :func:`comparison_effect`.

    Attributes
    ----------
    effects : pandas.DataFrame
        One row per activity, instrument and method (``did``, ``ipw``):
        ``estimate, se, ci_low, ci_high, pvalue`` in instrument points
        (improvement direction), ``smd, smd_var, smd_ci_low, smd_ci_high``
        in pooled pre-test SDs, ``n_participant, n_comparison, confidence,
        note``.
    balance : pandas.DataFrame
        One row per activity, instrument and covariate: means in both groups,
        ``smd_before`` and ``smd_after`` (weighted) standardised differences.
    """

    effects: pd.DataFrame
    balance: pd.DataFrame

    def to_frame(self) -> pd.DataFrame:
        """The effects table."""
        return self.effects.copy()


def _did_one(d: pd.DataFrame, level: float) -> dict:
    """OLS difference-in-differences with participant-clustered SEs (statsmodels)."""
    import statsmodels.api as sm

    t = d["treated"].to_numpy(dtype=float)
    y = np.concatenate([d["pre_d"].to_numpy(), d["post_d"].to_numpy()])
    tt = np.concatenate([t, t])
    post = np.concatenate([np.zeros(len(d)), np.ones(len(d))])
    x = np.column_stack([np.ones_like(y), tt, post, tt * post])
    groups = np.concatenate([np.arange(len(d)), np.arange(len(d))])
    fit = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": groups})
    return _normal_inference(float(fit.params[3]), float(fit.cov_params()[3, 3]), level)


def _normal_inference(estimate: float, var: float, level: float) -> dict:
    """z-based SE, CI and p-value (statsmodels' robust covariances use the normal, use_t=False).

    Computed here from the covariance so that a degenerate variance gives NaN, not a
    RuntimeWarning from statsmodels' ``bse``.
    """
    from scipy import stats

    se = float(np.sqrt(var)) if np.isfinite(var) and var > 0 else np.nan
    z = stats.norm.ppf(0.5 + level / 2)
    stat = estimate / se if np.isfinite(se) else np.nan
    return {
        "estimate": estimate,
        "se": se,
        "ci_low": estimate - z * se,
        "ci_high": estimate + z * se,
        "pvalue": float(2 * stats.norm.sf(abs(stat))) if np.isfinite(stat) else np.nan,
    }


def _wmean_var(x: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    m = float(np.sum(w * x) / np.sum(w))
    v1, v2 = np.sum(w), np.sum(w**2)
    var = float(np.sum(w * (x - m) ** 2) * v1 / (v1**2 - v2)) if v1**2 > v2 else np.nan
    return m, var


def _ipw_one(d: pd.DataFrame, covs: list[str], estimand: str, trim: float, level: float):
    """Logistic propensity (scikit-learn), weighted means, robust WLS SE (statsmodels)."""
    import statsmodels.api as sm
    from sklearn.linear_model import LogisticRegression

    if not covs:
        return None, None
    d = d.dropna(subset=covs)
    t = d["treated"].to_numpy(dtype=int)
    if t.sum() < 3 or (1 - t).sum() < 3:
        return None, None
    xc = d[covs].to_numpy(dtype=float)
    sd = xc.std(axis=0, ddof=0)
    z = (xc - xc.mean(axis=0)) / np.where(sd > 0, sd, 1.0)
    model = LogisticRegression(C=np.inf, max_iter=1000).fit(z, t)
    ps = np.clip(model.predict_proba(z)[:, 1], trim, 1 - trim)
    if estimand == "ATT":
        w = np.where(t == 1, 1.0, ps / (1 - ps))
    else:
        w = np.where(t == 1, 1 / ps, 1 / (1 - ps))
    ch = d["change"].to_numpy(dtype=float)
    fit = sm.WLS(ch, sm.add_constant(t.astype(float), has_constant="add"), weights=w).fit(cov_type="HC1")
    eff = _normal_inference(float(fit.params[1]), float(fit.cov_params()[1, 1]), level)
    eff["max_weight_share"] = float(np.max(w[t == 0]) / np.sum(w[t == 0]))
    rows = []
    bal_covs = covs if "pre_d" in covs else [*covs, "pre_d"]  # baseline balance is always shown
    xb = d[bal_covs].to_numpy(dtype=float)
    for j, c in enumerate(bal_covs):
        x = xb[:, j]
        mt, vt = float(x[t == 1].mean()), float(x[t == 1].var(ddof=1))
        mc, vc = float(x[t == 0].mean()), float(x[t == 0].var(ddof=1))
        denom = np.sqrt((vt + vc) / 2)
        mtw, _ = _wmean_var(x[t == 1], w[t == 1])
        mcw, _ = _wmean_var(x[t == 0], w[t == 0])
        rows.append(
            {
                "covariate": c,
                "mean_participant": mt,
                "mean_comparison": mc,
                "mean_participant_weighted": mtw,
                "mean_comparison_weighted": mcw,
                "smd_before": float(_div(mt - mc, denom)),
                "smd_after": float(_div(mtw - mcw, denom)),
            }
        )
    return eff, rows


def comparison_effect(
    outcomes: pd.DataFrame,
    *,
    covariates: list[str] | None = None,
    estimand: str = "ATT",
    trim: float = 0.01,
    level: float = 0.95,
    pre: str = "pre",
    post: str = "post",
    higher_is_better: dict[str, bool] | None = None,
) -> ComparisonResult:
    """Effect of an activity against its comparison group (DiD and IPW).

    *Vaikutus vertailuryhmään verrattuna* — for activities whose outcomes
    include a ``comparison`` group (designs ``comparison_group`` and
    ``randomised``). The change that happens anyway (time, season, regression
    to the mean) also happens in the comparison group and is removed.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        The ``outcomes`` table with ``group`` = ``participant`` /
        ``comparison``; covariate columns (e.g. ``age``) are used for IPW.
    covariates : list of str, optional
        Propensity-model covariates (columns of ``outcomes``; ``"pre"`` is
        the pre-test score). Default: ``age`` when present. The pre-test
        score is left out by default: when the groups differ in their average
        level, weighting on the baseline score builds regression to the mean
        into the change-score comparison (Lord's paradox), whereas
        difference-in-differences assumes parallel trends. Its balance is
        always shown in ``balance``.
    estimand : {"ATT", "ATE"}, default "ATT"
        Effect on the participants (comparison group reweighted to look like
        them) or in the whole population.
    trim : float, default 0.01
        Propensity scores are clipped to [trim, 1 − trim].
    level : float, default 0.95
    pre, post : str
    higher_is_better : dict, optional

    Returns
    -------
    ComparisonResult
        ``effects`` (methods ``did`` and ``ipw``) and ``balance`` tables.

    Notes
    -----
    Difference-in-differences: OLS of the (direction-signed) score
    :math:`y_{it} = \\beta_0 + \\beta_1 T_i + \\beta_2 P_t + \\delta\\,T_iP_t +
    \\varepsilon_{it}` on both phases of the paired participants
    (:class:`statsmodels.regression.linear_model.OLS`) with standard errors
    clustered by participant; :math:`\\hat\\delta` is the difference between
    the groups' mean changes. In SD units (``smd``) it is Morris's (2008)
    :math:`d_{ppc2}` (:func:`smd_ppc`), with r the pooled within-group
    pre/post correlation.

    Inverse probability weighting: a logistic propensity model
    :math:`e(x) = P(T=1\\mid x)` (:class:`sklearn.linear_model.LogisticRegression`,
    unpenalised, standardised covariates), weights 1 for participants and
    :math:`e/(1-e)` for the comparison group (ATT) or :math:`1/e`,
    :math:`1/(1-e)` (ATE); the effect is the weighted difference in mean
    change, with a heteroskedasticity-robust (HC1) WLS standard error that
    ignores the estimation of the propensity score (conservative for the
    ATE; Lunceford & Davidian 2004). Balance: standardised differences
    :math:`(\\bar x_T-\\bar x_C)/\\sqrt{(s_T^2+s_C^2)/2}` before and after
    weighting, with the unweighted denominator (Austin & Stuart 2015);
    |d| < 0.1 is usually taken as balanced. ``smd`` for IPW is the estimate
    divided by the pooled pre-test SD.

    Activities are fitted one by one (few have comparison groups); each group
    needs at least 3 paired participants. Intervals and p-values use the
    normal distribution, as statsmodels does for robust covariances.

    References
    ----------
    Angrist, J. D., & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*.
    Princeton University Press, ch. 5.

    Austin, P. C., & Stuart, E. A. (2015). Moving towards best practice when
    using inverse probability of treatment weighting (IPTW) using the
    propensity score. *Statistics in Medicine*, 34(28), 3661–3679.

    Lunceford, J. K., & Davidian, M. (2004). Stratification and weighting via
    the propensity score in estimation of causal treatment effects.
    *Statistics in Medicine*, 23(19), 2937–2960.

    Morris, S. B. (2008). Estimating effect sizes from pretest-posttest-control
    group designs. *Organizational Research Methods*, 11(2), 364–386.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(3)
    >>> n = 40
    >>> pre_ = rng.normal(20, 4, 2 * n)
    >>> grp = np.repeat(["participant", "comparison"], n)
    >>> post_ = pre_ + 1.0 + np.where(grp == "participant", 2.0, 0.0) + rng.normal(0, 2, 2 * n)
    >>> o = pd.DataFrame({"activity_id": "A", "instrument": "SWEMWBS",
    ...     "participant_id": np.tile([f"p{i}" for i in range(2 * n)], 2),
    ...     "group": np.tile(grp, 2), "phase": np.repeat(["pre", "post"], 2 * n),
    ...     "score": np.concatenate([pre_, post_])})
    >>> res = comparison_effect(o)
    >>> res.effects[["method", "n_participant", "n_comparison"]].to_dict("records")[0]
    {'method': 'did', 'n_participant': 40, 'n_comparison': 40}
    >>> bool(1.0 < res.effects.estimate.iloc[0] < 3.0)
    True
    """
    if estimand not in ("ATT", "ATE"):
        raise ValueError(f"estimand must be 'ATT' or 'ATE', got {estimand!r}")
    if not 0 <= trim < 0.5:
        raise ValueError("trim must be between 0 and 0.5")
    wide = paired_scores(outcomes, pre=pre, post=post)
    wide = wide[wide["pre"].notna() & wide["post"].notna() & wide["group"].isin(["participant", "comparison"])]
    keys = ["activity_id", "instrument"]
    sizes = wide.groupby(keys + ["group"]).size().unstack("group", fill_value=0)
    for gname in ("participant", "comparison"):
        if gname not in sizes.columns:
            sizes[gname] = 0
    eligible = sizes[(sizes["participant"] >= 3) & (sizes["comparison"] >= 3)].index
    wide = wide.set_index(keys).loc[wide.set_index(keys).index.isin(eligible)].reset_index()
    eff_cols = [
        "activity_id", "instrument", "method", "estimand", "estimate", "se", "ci_low", "ci_high", "pvalue",
        "smd", "smd_var", "smd_ci_low", "smd_ci_high", "n_participant", "n_comparison", "confidence", "note",
    ]  # fmt: skip
    bal_cols = [
        "activity_id", "instrument", "covariate", "mean_participant", "mean_comparison",
        "mean_participant_weighted", "mean_comparison_weighted", "smd_before", "smd_after",
    ]  # fmt: skip
    if wide.empty:
        return ComparisonResult(pd.DataFrame(columns=eff_cols), pd.DataFrame(columns=bal_cols))
    sign = np.where(higher_is_better_lookup(wide["instrument"], higher_is_better), 1.0, -1.0)
    wide["pre_d"], wide["post_d"] = sign * wide["pre"], sign * wide["post"]
    wide["change"] = wide["post_d"] - wide["pre_d"]
    wide["treated"] = (wide["group"] == "participant").astype(int)
    if covariates is None:
        covs = ["age"] if "age" in wide.columns else []
    else:
        covs = ["pre_d" if c == "pre" else c for c in covariates]
        _require(wide, covs, "outcomes")
    # descriptives per group, vectorised, for Morris's d_ppc2
    g = wide.groupby(keys + ["group"])
    desc = pd.DataFrame(
        {"n": g.size(), "m_pre": g["pre_d"].mean(), "m_post": g["post_d"].mean(), "sd_pre": g["pre_d"].std(),
         "sd_post": g["post_d"].std()}
    ).unstack("group")  # fmt: skip
    wide["_cp"] = (wide["pre_d"] - g["pre_d"].transform("mean")) * (wide["post_d"] - g["post_d"].transform("mean"))
    cov_p = wide.groupby(keys)["_cp"].sum() / (desc[("n", "participant")] + desc[("n", "comparison")] - 2)
    sp = lambda c: np.sqrt(  # noqa: E731 - pooled SD of one phase
        ((desc[("n", "participant")] - 1) * desc[(c, "participant")] ** 2
         + (desc[("n", "comparison")] - 1) * desc[(c, "comparison")] ** 2)
        / (desc[("n", "participant")] + desc[("n", "comparison")] - 2)
    )  # fmt: skip
    r_pooled = np.clip(_div(cov_p, sp("sd_pre") * sp("sd_post")), -1, 1)
    ppc = smd_ppc(
        desc[("m_pre", "participant")], desc[("m_post", "participant")], desc[("sd_pre", "participant")],
        desc[("n", "participant")], desc[("m_pre", "comparison")], desc[("m_post", "comparison")],
        desc[("sd_pre", "comparison")], desc[("n", "comparison")], r_pooled, level=level,
    )  # fmt: skip
    ppc.index = desc.index
    effects, balance = [], []
    for key, d in wide.groupby(keys, sort=True):  # one model per activity with a comparison group
        n_t, n_c = int(d["treated"].sum()), int((1 - d["treated"]).sum())
        did = _did_one(d, level)
        row = ppc.loc[key]
        effects.append({"activity_id": key[0], "instrument": key[1], "method": "did", "estimand": "ATT",
                        **did, "smd": row.smd, "smd_var": row.smd_var, "smd_ci_low": row.smd_ci_low,
                        "smd_ci_high": row.smd_ci_high, "n_participant": n_t, "n_comparison": n_c,
                        "note": ""})  # fmt: skip
        ipw, bal = _ipw_one(d, covs, estimand, trim, level)
        if ipw is not None:
            s = float(row.sd_pre_pooled)
            note = ""
            if ipw.pop("max_weight_share") > 0.2:
                note = "one comparison person carries >20 % of the weight / yksi vertailuhenkilö painaa yli 20 %"
            effects.append({"activity_id": key[0], "instrument": key[1], "method": "ipw", "estimand": estimand,
                            **ipw, "smd": float(_div(ipw["estimate"], s)), "smd_var": float(_div(ipw["se"] ** 2, s**2)),
                            "smd_ci_low": float(_div(ipw["ci_low"], s)), "smd_ci_high": float(_div(ipw["ci_high"], s)),
                            "n_participant": n_t, "n_comparison": n_c, "note": note})  # fmt: skip
            for b in bal:
                b["covariate"] = "pre" if b["covariate"] == "pre_d" else b["covariate"]
                balance.append({"activity_id": key[0], "instrument": key[1], **b})
    eff = pd.DataFrame(effects)
    eff["confidence"] = float(level)
    return ComparisonResult(eff[eff_cols], pd.DataFrame(balance, columns=bal_cols))


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


# ---------------------------------------------------------------------------
# Evidence levels
# ---------------------------------------------------------------------------

#: Nesta Standards of Evidence (Puttick & Ludlow 2013): level -> (Finnish, English).
NESTA_LEVELS = {
    0: ("ei tasoa", "no level"),
    1: ("kuvattu, miksi toiminta auttaa (muutosteoria)", "describes what it does and why it matters"),
    2: ("aineisto näyttää muutoksen osallistujissa", "data show positive change"),
    3: ("vertailuryhmä tukee syy-yhteyttä", "comparison group shows it caused the change"),
    4: ("riippumaton arviointi tai toisto vahvistaa", "independent evaluation or replication confirms"),
    5: ("mallinnettu ja toimii useassa paikassa", "manualised and shown to work in several places"),
}
#: Kasvun tuki overall ratings (Itla; cumulative 1–5) -> (Finnish, English).
KASVUN_TUKI_LEVELS = {
    0: ("ei arvioitavissa", "not rateable"),
    1: ("hyvin kuvattu menetelmä", "well-described method"),
    2: ("teoreettisesti perusteltu menetelmä", "theoretically grounded method"),
    3: ("vähäinen dokumentoitu näyttö", "little documented evidence"),
    4: ("kohtalainen dokumentoitu näyttö", "moderate documented evidence"),
    5: ("vahva dokumentoitu näyttö", "strong documented evidence"),
}
#: Measured outcomes of an activity (results, not gaps) -> (Finnish, English).
OUTCOMES = {
    "positive": ("myönteinen muutos", "positive change"),
    "no_effect": ("ei havaittua vaikutusta", "no detectable effect"),
    "harmful": ("kielteinen muutos", "harmful change"),
    "not_measured": ("ei mitattu", "not measured"),
}
_KT_NEGATIVE = ("kielteiset vaikutukset", "negative effects")
_KT_NONE = ("ei vaikutusta", "no effect")

_GAPS = {
    1: ("muutosteoria puuttuu", "no written theory of change"),
    2: ("ei alku- ja loppumittausta", "no pre/post outcome data"),
    3: ("ei vertailuryhmää", "no comparison group"),
    4: ("ei riippumatonta arviointia eikä toistoa", "no independent evaluation or replication"),
    5: ("ei mallinnettu tai toistettu useassa paikassa", "not manualised or not replicated elsewhere"),
}


def _bool(s: pd.Series) -> np.ndarray:
    return s.astype("boolean").fillna(False).to_numpy(dtype=bool)


def evidence_level(
    activities: pd.DataFrame,
    effects: pd.DataFrame | None = None,
    *,
    estimate: str = "smd",
    ci_low: str = "smd_ci_low",
    ci_high: str = "smd_ci_high",
    lang: str = "fi",
) -> pd.DataFrame:
    """Evidence level of each activity: Nesta Standards and the Kasvun tuki scale.

    *Näytön taso* — how strong is the evidence that the activity works, and
    what is the next step? A level counts only if all lower levels hold.
    "No effect" and "harmful" are **results** (column ``outcome``), not gaps
    in the evaluation: an activity evaluated with a comparison group that
    showed no effect is well evaluated.

    Parameters
    ----------
    activities : pandas.DataFrame
        The ``activities`` table (``design, theory_of_change,
        independent_evaluation, replicated, manualised``; missing booleans
        count as "no").
    effects : pandas.DataFrame, optional
        Effects in the improvement direction with CIs, one or more rows per
        activity (e.g. :func:`activity_effects`). Without it no activity
        has measured results.
    estimate, ci_low, ci_high : str
        Column names in ``effects``.
    lang : {"fi", "en"}
        Language of the text columns.

    Returns
    -------
    pandas.DataFrame
        ``activity_id, design, outcome, nesta_level, nesta_label,
        level1_met … level5_met, design_level, next_step,
        kasvun_tuki_level, kasvun_tuki_rating``.

    Notes
    -----
    ``outcome``: ``positive`` if some instrument's CI lies above 0,
    ``harmful`` if some CI lies below 0, ``no_effect`` if measured otherwise
    (the CI includes 0), ``not_measured`` without effects.

    Nesta levels (Puttick & Ludlow 2013), cumulative:

    1. a written theory of change (``theory_of_change``);
    2. pre/post or stronger design and a positive outcome;
    3. a comparison-group or randomised design and a positive outcome
       (``effects`` should then be comparison-adjusted, as in
       :func:`activity_effects`);
    4. an independent evaluation or a replication (``independent_evaluation``
       or ``replicated``);
    5. manualised and replicated in several places (``manualised`` and
       ``replicated``).

    ``design_level`` is the level the evaluation design alone would allow,
    whatever the result; ``next_step`` names the first missing criterion
    (empty when the evidence stops at a result rather than a gap).

    Kasvun tuki (Itla) overall rating, approximated from the same fields
    (the real rating is a systematic review of published studies): 1 well
    described = manualised; 2 theoretically grounded = theory of change;
    3 little documented evidence = positive outcome from pre/post or better;
    4 moderate = positive with a comparison group; 5 strong = positive in a
    randomised design plus independent evaluation or replication. Measured
    null or harmful outcomes give the ratings "ei vaikutusta" / "kielteiset
    vaikutukset". Vectorised with numpy.

    References
    ----------
    Puttick, R., & Ludlow, J. (2013). *Standards of Evidence: An Approach
    that Balances the Need for Evidence with Innovation*. London: Nesta.

    Kasvun tuki / Itla (2024). Arviointikäsikirja: menetelmän kokonaisarvio.
    https://kasvuntuki.fi/menetelmaarviointi/arviointikasikirja/

    Examples
    --------
    >>> a = pd.DataFrame({"activity_id": ["A", "B"], "design": ["pre_post", "comparison_group"],
    ...                   "theory_of_change": [True, True], "independent_evaluation": [False, False],
    ...                   "replicated": [False, False], "manualised": [True, False]})
    >>> e = pd.DataFrame({"activity_id": ["A", "B"], "smd": [0.4, 0.05],
    ...                   "smd_ci_low": [0.1, -0.2], "smd_ci_high": [0.7, 0.3]})
    >>> evidence_level(a, e, lang="en")[["activity_id", "outcome", "nesta_level", "next_step"]].to_dict("records")
    [{'activity_id': 'A', 'outcome': 'positive', 'nesta_level': 2, 'next_step': 'no comparison group'}, {'activity_id': 'B', 'outcome': 'no_effect', 'nesta_level': 1, 'next_step': ''}]
    """
    if lang not in ("fi", "en"):
        raise ValueError("lang must be 'fi' or 'en'")
    li = 0 if lang == "fi" else 1
    _require(activities, ("activity_id", "design"), "activities")
    acts = activities.drop_duplicates("activity_id").reset_index(drop=True)
    for c in ("theory_of_change", "independent_evaluation", "replicated", "manualised"):
        if c not in acts.columns:
            acts[c] = pd.NA
    toc, ind, rep, man = (_bool(acts[c]) for c in ("theory_of_change", "independent_evaluation", "replicated", "manualised"))
    design = acts["design"].astype(str).to_numpy()
    measured_design = np.isin(design, ["pre_post", *_COMPARISON_DESIGNS])
    comp_design = np.isin(design, _COMPARISON_DESIGNS)
    rand = design == "randomised"
    if effects is not None and len(effects):
        _require(effects, ("activity_id", estimate, ci_low, ci_high), "effects")
        e = effects.assign(
            _pos=_f(effects[ci_low]) > 0, _neg=_f(effects[ci_high]) < 0, _has=np.isfinite(_f(effects[estimate]))
        ).groupby("activity_id")[["_pos", "_neg", "_has"]].any()
        pos = acts["activity_id"].isin(e.index[e["_pos"]]).to_numpy()
        neg = acts["activity_id"].isin(e.index[e["_neg"]]).to_numpy()
        has = acts["activity_id"].isin(e.index[e["_has"]]).to_numpy() & measured_design
    else:
        pos = neg = has = np.zeros(len(acts), dtype=bool)
    outcome = np.where(~has, "not_measured", np.where(neg, "harmful", np.where(pos, "positive", "no_effect")))
    good = has & (outcome == "positive")
    l1 = toc
    l2 = l1 & good
    l3 = l2 & comp_design
    l4 = l3 & (ind | rep)
    l5 = l4 & man & rep
    met = np.column_stack([l1, l2, l3, l4, l5])
    level = met.sum(axis=1)  # cumulative, so the count is the level
    dl1 = toc
    dl2 = dl1 & measured_design
    dl3 = dl2 & comp_design
    dl4 = dl3 & (ind | rep)
    dl5 = dl4 & man & rep
    design_level = np.column_stack([dl1, dl2, dl3, dl4, dl5]).sum(axis=1)
    # next step: first unmet level, unless the stop is a measured result
    gap_text = np.array([""] + [_GAPS[i][li] for i in range(1, 6)], dtype=object)
    nxt = np.minimum(level + 1, 5)
    stop_is_result = has & ~good & (design_level >= level + 1)
    next_step = np.where((level >= 5) | stop_is_result, "", gap_text[nxt])
    # Kasvun tuki
    k1 = man
    k2 = k1 & toc
    k3 = k2 & good
    k4 = k3 & comp_design
    k5 = k4 & rand & (ind | rep)
    kt = np.column_stack([k1, k2, k3, k4, k5]).sum(axis=1)
    kt_label = np.array([KASVUN_TUKI_LEVELS[i][li] for i in range(6)], dtype=object)[kt]
    kt_label = np.where(has & (outcome == "harmful"), _KT_NEGATIVE[li], kt_label)
    kt_label = np.where(has & (outcome == "no_effect") & comp_design, _KT_NONE[li], kt_label)
    out = pd.DataFrame(
        {
            "activity_id": acts["activity_id"],
            "design": acts["design"],
            "outcome": outcome,
            "nesta_level": level.astype(int),
            "nesta_label": np.array([NESTA_LEVELS[i][li] for i in range(6)], dtype=object)[level],
            **{f"level{i + 1}_met": met[:, i] for i in range(5)},
            "design_level": design_level.astype(int),
            "next_step": next_step,
            "kasvun_tuki_level": kt.astype(int),
            "kasvun_tuki_rating": kt_label,
        }
    )
    return out
