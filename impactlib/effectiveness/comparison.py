"""Effects against a comparison group: difference-in-differences and inverse
probability weighting, with a balance table.

*Vaikutus vertailuryhmään verrattuna* (designs ``comparison_group`` and
``randomised``). Difference-in-differences uses statsmodels OLS with
participant-clustered standard errors; inverse probability weighting uses a
scikit-learn logistic propensity model. Re-exported from
:mod:`impactlib.effectiveness`.

Examples
--------
>>> ComparisonResult.__name__
'ComparisonResult'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._util import div, require
from .effectsize import higher_is_better_lookup, smd_ppc
from .meta import PoolResult, pool
from .prepost import paired_scores, prepost

__all__ = ["ComparisonResult", "comparison_effect", "comparison_trend"]


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
    level : float
        Confidence level of the intervals.
    warnings : tuple of str
        The notes of the effects table, each with its activity, instrument
        and method (e.g. one comparison person carrying much of the weight).
    """

    effects: pd.DataFrame
    balance: pd.DataFrame
    level: float = 0.95
    warnings: tuple[str, ...] = ()

    @property
    def confidence(self) -> float:
        """Alias of ``level`` (the column name used in tables)."""
        return self.level

    def to_frame(self) -> pd.DataFrame:
        """The effects table."""
        return self.effects.copy()

    def summary(self, lang: str = "fi") -> str:
        """One line per activity, instrument and method, in Finnish or English (counts of 1–4 as "<5").

        Examples
        --------
        >>> print(ComparisonResult(pd.DataFrame(), pd.DataFrame()).summary("en"))
        Effects against a comparison group: none (no activity with both groups measured)
        """
        from ..i18n import fmt_ci, fmt_count, fmt_number, t

        if self.effects.empty:
            return t("Vaikutukset vertailuryhmään: ei yhtään (kummankin ryhmän mittauksia ei ole)",
                     "Effects against a comparison group: none (no activity with both groups "
                     "measured)", lang)
        pct = fmt_number(100 * self.level, 0, lang)
        lines = [t(f"Vaikutukset vertailuryhmään ({pct} %:n lv, keskihajontayksikköinä):",
                   f"Effects against a comparison group ({pct}% CI, in SD units):", lang)]
        for r in self.effects.itertuples():
            lines.append(f"  {r.activity_id} / {r.instrument} / {r.method}: "
                         f"{fmt_number(r.smd, 2, lang)} ({fmt_ci(r.smd_ci_low, r.smd_ci_high, 2, lang)}), "
                         f"n = {fmt_count(r.n_participant, lang)} + {fmt_count(r.n_comparison, lang)}")
        return "\n".join(lines + [f"! {w}" for w in self.warnings])

    def __repr__(self) -> str:
        methods = self.effects["method"].value_counts().to_dict() if "method" in self.effects else {}
        return (f"ComparisonResult(effects={len(self.effects)} rows {methods}, "
                f"balance={len(self.balance)} rows, level={self.level}, "
                f"warnings={len(self.warnings)})")


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
                "smd_before": float(div(mt - mc, denom)),
                "smd_after": float(div(mtw - mcw, denom)),
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
    :math:`d_{ppc2}` (:func:`impactlib.effectiveness.smd_ppc`), with r the pooled within-group
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
        return ComparisonResult(pd.DataFrame(columns=eff_cols), pd.DataFrame(columns=bal_cols),
                                level=float(level))
    sign = np.where(higher_is_better_lookup(wide["instrument"], higher_is_better), 1.0, -1.0)
    wide["pre_d"], wide["post_d"] = sign * wide["pre"], sign * wide["post"]
    wide["change"] = wide["post_d"] - wide["pre_d"]
    wide["treated"] = (wide["group"] == "participant").astype(int)
    if covariates is None:
        covs = ["age"] if "age" in wide.columns else []
    else:
        covs = ["pre_d" if c == "pre" else c for c in covariates]
        require(wide, covs, "outcomes")
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
    r_pooled = np.clip(div(cov_p, sp("sd_pre") * sp("sd_post")), -1, 1)
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
                            **ipw, "smd": float(div(ipw["estimate"], s)), "smd_var": float(div(ipw["se"] ** 2, s**2)),
                            "smd_ci_low": float(div(ipw["ci_low"], s)), "smd_ci_high": float(div(ipw["ci_high"], s)),
                            "n_participant": n_t, "n_comparison": n_c, "note": note})  # fmt: skip
            for b in bal:
                b["covariate"] = "pre" if b["covariate"] == "pre_d" else b["covariate"]
                balance.append({"activity_id": key[0], "instrument": key[1], **b})
    eff = pd.DataFrame(effects)
    eff["confidence"] = float(level)
    noted = eff[eff["note"] != ""]
    warns = tuple(f"{a} / {i} / {m}: {n}" for a, i, m, n in
                  zip(noted["activity_id"], noted["instrument"], noted["method"], noted["note"],
                      strict=True))
    return ComparisonResult(eff[eff_cols], pd.DataFrame(balance, columns=bal_cols),
                            level=float(level), warnings=warns)


def comparison_trend(outcomes: pd.DataFrame, *, min_pairs: int = 3,
                     method: str = "REML") -> PoolResult | None:
    """Pooled pre/post change of the comparison groups: how much people change without the
    activity (*vertailuryhmien muutos ilman toimintaa*).

    A before/after change of participants alone mixes the activity's effect with this
    change (time, regression to the mean, the season); the briefs state it beside the share
    of activities measured before and after only.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        The ``outcomes`` table; only rows of ``group == "comparison"`` are used.
    min_pairs : int, default 3
        Comparison groups with fewer paired participants are left out.
    method : str, default "REML"
        Estimator of the between-group variance (:func:`impactlib.effectiveness.pool`).

    Returns
    -------
    PoolResult or None
        The random-effects pool of the comparison groups' standardised mean changes (SMCR,
        positive = improvement, in standard deviations); ``None`` when fewer than two
        comparison groups have a usable change.

    Notes
    -----
    Each comparison group's :math:`\\text{SMCR}_i` and variance :math:`v_i` come from
    :func:`impactlib.effectiveness.prepost` (Becker 1988; Morris 2008); groups with a
    non-finite SMCR or :math:`v_i \\le 0` are left out; the rest are pooled with
    :func:`impactlib.effectiveness.pool` (REML, Viechtbauer 2010).

    Examples
    --------
    >>> rows = []
    >>> for act, shift in (("A1", 1.0), ("A2", 2.0)):
    ...     for i, pre in enumerate([10.0, 12.0, 14.0, 16.0, 18.0]):
    ...         for phase, score in (("pre", pre), ("post", pre - shift - (i % 2))):
    ...             rows.append((act, f"P{act}{i}", phase, "PHQ9", score, "comparison"))
    >>> o = pd.DataFrame(rows, columns=["activity_id", "participant_id", "phase", "instrument",
    ...                                 "score", "group"])
    >>> res = comparison_trend(o)
    >>> res.k, round(res.estimate, 2)
    (2, 0.43)
    """
    require(outcomes, ("group",), "outcomes")
    comp = outcomes[outcomes["group"] == "comparison"]
    if comp.empty:
        return None
    pp = prepost(comp)
    smcr, var = pp["smcr"].to_numpy(dtype=float), pp["smcr_var"].to_numpy(dtype=float)
    pp = pp[np.isfinite(smcr) & (var > 0) & (pp["n_pairs"] >= min_pairs)]
    if len(pp) < 2:
        return None
    return pool(pp["smcr"], pp["smcr_var"], method=method)
