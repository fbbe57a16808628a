"""Effects against a comparison group: difference-in-differences and inverse
probability weighting, with a balance table.

*Vaikutus vertailuryhmään verrattuna* (designs ``comparison_group`` and
``randomised``). Difference-in-differences with participant-clustered
standard errors and inverse probability weighting with a logistic propensity
model, every activity fitted at once by the closed forms and batched Newton
steps of :mod:`~impactlib.effectiveness.comparisonfit` (numpy, scipy).
Intervals use t on the degrees of freedom of the standard error. Re-exported
from :mod:`impactlib.effectiveness`.

Examples
--------
>>> ComparisonResult.__name__
'ComparisonResult'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit

from .._util import div, require
from ._comparison_prep import prepare
from .comparisonfit import (
    SE_TYPES,
    balance_by_group,
    did_by_group,
    logistic_by_group,
    weighted_difference_by_group,
)
from .meta import PoolResult, pool
from .prepost import prepost

__all__ = ["ComparisonResult", "comparison_effect", "comparison_trend", "SMALL_GROUP"]

#: Fewer participants than this in either group: the effect row carries a note (the interval
#: then leans on small-sample corrections: t on few degrees of freedom, CR1 or CR2).
SMALL_GROUP = 10

_NOTE_SMALL = ("only {n} participants in the smaller group (fewer than {m}): the standard error "
               "rests on few units and the interval on a t distribution with {df} df; read it with "
               "caution{cr2} / pienemmässä ryhmässä vain {n} osallistujaa (alle {m}): keskivirhe "
               "perustuu harvoihin havaintoyksiköihin; tulkitse varoen")
_NOTE_WEIGHT = "one comparison person carries >20 % of the weight / yksi vertailuhenkilö painaa yli 20 %"
_NOTE_SEPARATED = ("the propensity model did not converge (the covariates separate the groups): "
                   "weights rest on trimmed scores / vertailuryhmä ja osallistujat erottuvat "
                   "taustatekijöiltään täysin")


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
        note``, and ``df`` (degrees of freedom of the t interval) and
        ``se_type`` (``"CR1"`` or ``"CR2"``).
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
    se: str = "CR1",
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
    se : {"CR1", "CR2"}, default "CR1"
        Standard error. ``"CR1"``: participant-clustered (DiD) or HC1 (IPW)
        sandwich with statsmodels' small-sample factor, t on (participants − 1)
        df for DiD and (n − 2) for IPW. ``"CR2"``: the bias-reduced
        small-sample form (Bell & McCaffrey 2002) — for DiD it equals
        Welch's unpooled variance of the difference in mean change, with the
        Welch–Satterthwaite df; for IPW the HC2 variance, t on n − 2 df.

    Returns
    -------
    ComparisonResult
        ``effects`` (methods ``did`` and ``ipw``) and ``balance`` tables.

    Notes
    -----
    Difference-in-differences: the OLS fit of the (direction-signed) score
    :math:`y_{it} = \\beta_0 + \\beta_1 T_i + \\beta_2 P_t + \\delta\\,T_iP_t +
    \\varepsilon_{it}` on both phases of the paired participants with
    standard errors clustered by participant; :math:`\\hat\\delta` is the
    difference between the groups' mean changes. The fit is saturated, so
    estimate and sandwich variance have closed forms and every activity is
    fitted at once (:func:`~impactlib.effectiveness.comparisonfit.did_by_group`;
    the tests check them against statsmodels' ``OLS(...).fit(cov_type="cluster")``).
    In SD units (``smd``) it is Morris's (2008) :math:`d_{ppc2}`
    (:func:`impactlib.effectiveness.smd_ppc`), with r the pooled within-group
    pre/post correlation.

    The interval is :math:`\\hat\\delta \\pm t_{df}\\,SE`: a cluster-robust SE
    from G clusters has G − 1 degrees of freedom (Cameron & Miller 2015);
    normal critical values make the interval too narrow with few units (with
    3 + 3 participants by about a quarter: 1.96 against t₅ = 2.57). Groups
    with fewer than :data:`SMALL_GROUP` participants get a ``note``.

    Inverse probability weighting: a logistic propensity model
    :math:`e(x) = P(T=1\\mid x)` (unpenalised maximum likelihood on standardised
    covariates by Newton–Raphson, all activities at once:
    :func:`~impactlib.effectiveness.comparisonfit.logistic_by_group`), weights 1
    for participants and :math:`e/(1-e)` for the comparison group (ATT) or
    :math:`1/e`, :math:`1/(1-e)` (ATE); the effect is the weighted difference
    in mean change with a heteroskedasticity-robust (HC1, or HC2 for
    ``se="CR2"``) WLS standard error that ignores the estimation of the
    propensity score (conservative for the ATE; Lunceford & Davidian 2004).
    Balance: standardised differences
    :math:`(\\bar x_T-\\bar x_C)/\\sqrt{(s_T^2+s_C^2)/2}` before and after
    weighting, with the unweighted denominator (Austin & Stuart 2015);
    |d| < 0.1 is usually taken as balanced. ``smd`` for IPW is the estimate
    divided by the pooled pre-test SD.

    Each group needs at least 3 paired participants.

    References
    ----------
    Angrist, J. D., & Pischke, J.-S. (2009). *Mostly Harmless Econometrics*.
    Princeton University Press, ch. 5.

    Austin, P. C., & Stuart, E. A. (2015). Moving towards best practice when
    using inverse probability of treatment weighting (IPTW) using the
    propensity score. *Statistics in Medicine*, 34(28), 3661–3679.

    Bell, R. M., & McCaffrey, D. F. (2002). Bias reduction in standard errors
    for linear regression with multi-stage samples. *Survey Methodology*,
    28(2), 169–181.

    Cameron, A. C., & Miller, D. L. (2015). A practitioner's guide to
    cluster-robust inference. *Journal of Human Resources*, 50(2), 317–372.

    Imbens, G. W., & Kolesár, M. (2016). Robust standard errors in small
    samples: Some practical advice. *Review of Economics and Statistics*,
    98(4), 701–712.

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
    >>> res.effects[["method", "n_participant", "n_comparison", "df"]].to_dict("records")[0]
    {'method': 'did', 'n_participant': 40, 'n_comparison': 40, 'df': 79.0}
    >>> bool(1.0 < res.effects.estimate.iloc[0] < 3.0)
    True
    """
    if estimand not in ("ATT", "ATE"):
        raise ValueError(f"estimand must be 'ATT' or 'ATE', got {estimand!r}")
    if not 0 <= trim < 0.5:
        raise ValueError("trim must be between 0 and 0.5")
    if se not in SE_TYPES:
        raise ValueError(f"se must be one of {SE_TYPES}, got {se!r}")
    level = float(level)
    eff_cols = [
        "activity_id", "instrument", "method", "estimand", "estimate", "se", "ci_low", "ci_high", "pvalue",
        "smd", "smd_var", "smd_ci_low", "smd_ci_high", "n_participant", "n_comparison", "confidence", "note",
        "df", "se_type",
    ]  # fmt: skip
    bal_cols = [
        "activity_id", "instrument", "covariate", "mean_participant", "mean_comparison",
        "mean_participant_weighted", "mean_comparison_weighted", "smd_before", "smd_after",
    ]  # fmt: skip
    prep = prepare(outcomes, pre=pre, post=post, higher_is_better=higher_is_better, covariates=covariates,
                   level=level)
    if prep is None:
        return ComparisonResult(pd.DataFrame(columns=eff_cols), pd.DataFrame(columns=bal_cols),
                                level=level)
    keys = ["activity_id", "instrument"]
    wide, codes, n_groups, key_frame, covs = prep.wide, prep.codes, prep.n_groups, prep.key_frame, prep.covs
    ppc, n_t, n_c = prep.ppc, prep.n_t, prep.n_c
    treated = wide["treated"].to_numpy(dtype=bool)
    change = wide["change"].to_numpy(dtype=float)
    did = did_by_group(codes, n_groups, treated, change, se, level)
    small = np.minimum(n_t, n_c) < SMALL_GROUP
    cr2_hint = "" if se == "CR2" else " (se='CR2' gives the bias-reduced form)"
    did_note = np.full(n_groups, "", dtype=object)
    for i in np.flatnonzero(small):  # the notes of the small groups only
        did_note[i] = _NOTE_SMALL.format(n=min(n_t[i], n_c[i]), m=SMALL_GROUP, df=_df_text(did["df"][i]),
                                         cr2=cr2_hint)
    all_groups = np.ones(n_groups, dtype=bool)
    did_rows = _frame_of(key_frame, all_groups, dict(
        method="did", estimand="ATT", estimate=did["estimate"], se=did["se"], ci_low=did["ci_low"],
        ci_high=did["ci_high"], pvalue=did["pvalue"], smd=ppc["smd"].to_numpy(),
        smd_var=ppc["smd_var"].to_numpy(), smd_ci_low=ppc["smd_ci_low"].to_numpy(),
        smd_ci_high=ppc["smd_ci_high"].to_numpy(), n_participant=n_t, n_comparison=n_c,
        note=did_note, df=did["df"], se_type=se, _order=0,
    ))  # fmt: skip
    parts, balance, group = [did_rows], pd.DataFrame(columns=bal_cols), [np.arange(n_groups)]
    if covs:
        ipw_rows, balance, ipw_groups = _ipw(wide, keys, codes, n_groups, key_frame, covs, estimand, trim,
                                             level, se, n_t, n_c, ppc["sd_pre_pooled"].to_numpy(dtype=float),
                                             bal_cols)
        parts.append(ipw_rows)
        group.append(ipw_groups)
    # by activity and instrument (numbered in the sorted order of the keys), DiD before IPW
    eff = pd.concat(parts, ignore_index=True)
    order = np.lexsort((eff["_order"].to_numpy(), np.concatenate(group)))
    eff = eff.iloc[order].reset_index(drop=True)
    eff["confidence"] = level
    noted = eff[eff["note"] != ""]
    warns = tuple(f"{a} / {i} / {m}: {n}" for a, i, m, n in
                  zip(noted["activity_id"], noted["instrument"], noted["method"], noted["note"],
                      strict=True))
    return ComparisonResult(eff[eff_cols], balance, level=level, warnings=warns)


def _df_text(df: float) -> str:
    return "–" if not np.isfinite(df) else (f"{df:.0f}" if float(df).is_integer() else f"{df:.1f}")


def _ipw(wide, keys, codes, n_groups, key_frame, covs, estimand, trim, level, se, n_t, n_c, sd_pre,
         bal_cols):
    """IPW effects and balance rows for every group with enough complete covariates, and those
    groups' numbers."""
    complete = wide[covs].notna().all(axis=1).to_numpy()
    sub = wide[complete]
    c = codes[complete]
    treated = sub["treated"].to_numpy(dtype=bool)
    nt_s = np.bincount(c, weights=treated.astype(float), minlength=n_groups)
    nc_s = np.bincount(c, weights=(~treated).astype(float), minlength=n_groups)
    ok_group = (nt_s >= 3) & (nc_s >= 3)
    keep = ok_group[c]
    sub, c, treated = sub[keep], c[keep], treated[keep]
    xc = sub[covs].to_numpy(dtype=float)
    # standardise within each group (population SD), as the fitted probabilities do not change
    cnt = np.bincount(c, minlength=n_groups).astype(float)
    mean = np.column_stack([np.bincount(c, weights=xc[:, j], minlength=n_groups) for j in range(len(covs))])
    mean = mean / np.where(cnt > 0, cnt, 1.0)[:, None]
    dev = xc - mean[c]
    var = np.column_stack([np.bincount(c, weights=dev[:, j] ** 2, minlength=n_groups) for j in range(len(covs))])
    sd = np.sqrt(var / np.where(cnt > 0, cnt, 1.0)[:, None])
    z = dev / np.where(sd > 0, sd, 1.0)[c]
    design = np.column_stack([np.ones(len(sub)), z])
    beta, converged = logistic_by_group(c, n_groups, treated.astype(float), design)
    ps = np.clip(expit(np.einsum("ij,ij->i", design, beta[c])), trim, 1 - trim)
    if estimand == "ATT":
        w = np.where(treated, 1.0, ps / (1 - ps))
    else:
        w = np.where(treated, 1 / ps, 1 / (1 - ps))
    # groups with too few complete covariates (not ok_group) have no rows here: their sums are 0 and
    # their 0/0 values are dropped below, without a RuntimeWarning
    def quiet():
        return np.errstate(divide="ignore", invalid="ignore")

    with quiet():
        res = weighted_difference_by_group(c, n_groups, treated, sub["change"].to_numpy(dtype=float), w, se,
                                           level)
    wc = np.where(treated, 0.0, w)
    max_w = np.zeros(n_groups)
    np.maximum.at(max_w, c, wc)
    with quiet():
        share = max_w / np.bincount(c, weights=wc, minlength=n_groups)
    small = np.minimum(n_t, n_c) < SMALL_GROUP
    cr2_hint = "" if se == "CR2" else " (se='CR2' gives the bias-reduced form)"
    notes = []
    for i in range(n_groups):
        parts = []
        if share[i] > 0.2:
            parts.append(_NOTE_WEIGHT)
        if not converged[i]:
            parts.append(_NOTE_SEPARATED)
        if small[i]:
            parts.append(_NOTE_SMALL.format(n=min(n_t[i], n_c[i]), m=SMALL_GROUP, df=_df_text(res["df"][i]),
                                            cr2=cr2_hint))
        notes.append("; ".join(parts))
    s = sd_pre
    rows = _frame_of(key_frame, ok_group, dict(
        method="ipw", estimand=estimand, estimate=res["estimate"], se=res["se"], ci_low=res["ci_low"],
        ci_high=res["ci_high"], pvalue=res["pvalue"], smd=div(res["estimate"], s),
        smd_var=div(res["se"] ** 2, s**2), smd_ci_low=div(res["ci_low"], s), smd_ci_high=div(res["ci_high"], s),
        n_participant=n_t, n_comparison=n_c, note=np.array(notes, dtype=object), df=res["df"], se_type=se,
        _order=1,
    ))  # fmt: skip
    bal_covs = covs if "pre_d" in covs else [*covs, "pre_d"]  # baseline balance is always shown
    bal = []
    for j, cov in enumerate(bal_covs):
        with quiet():
            b = balance_by_group(c, n_groups, treated, sub[cov].to_numpy(dtype=float), w)
        bal.append(_frame_of(key_frame, ok_group, dict(covariate="pre" if cov == "pre_d" else cov, _j=j, **b)))
    # by activity and instrument, then covariate: the groups are numbered in the sorted order of their
    # keys, so a stable sort on (group, covariate) is the sort on the keys (without comparing text)
    group = np.tile(np.flatnonzero(ok_group), len(bal_covs))
    order = np.lexsort((np.repeat(np.arange(len(bal_covs)), int(ok_group.sum())), group))
    balance = pd.concat(bal, ignore_index=True).iloc[order]
    return rows, balance[bal_cols].reset_index(drop=True), np.flatnonzero(ok_group)


def _frame_of(key_frame: pd.DataFrame, rows: np.ndarray, columns: dict) -> pd.DataFrame:
    """``key_frame.assign(**columns)[rows]`` in one construction (arrays taken at ``rows``,
    scalars broadcast), with a fresh index."""
    take = np.flatnonzero(rows)
    out = {k: key_frame[k].array.take(take) for k in key_frame.columns}
    for k, v in columns.items():
        out[k] = np.asarray(v)[take] if np.ndim(v) else v
    return pd.DataFrame(out, index=pd.RangeIndex(len(take)))


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
