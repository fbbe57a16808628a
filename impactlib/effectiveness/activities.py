"""One effect per activity (*toimintokohtaiset vaikutuskoot*) and pooled effects by group.

Examples
--------
>>> import pandas as pd
>>> e = pd.DataFrame({"theme": ["a"] * 3, "smd": [0.2, 0.3, 0.4], "smd_var": [0.02] * 3})
>>> float(pool_by(e, method="FE")["estimate"].round(3).iloc[0])
0.3
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._util import div, floats, require
from ._poolby import pool_groups
from .effectsize import smd_ppc
from .evidence import COMPARISON_DESIGNS
from .meta import pool, pool_result  # noqa: F401 - pool: the function the docstrings name
from .prepost import ASSUMED_R, prepost, prepost_from_summary

__all__ = ["activity_effects", "pool_by"]

_ACTIVITY_FIELDS = ("org_id", "year", "name", "theme", "target_group", "design", "participants", "cost_eur")


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
    both = out.index.isin(comp.index) & np.isin(np.asarray(design, dtype=object), COMPARISON_DESIGNS)
    if both.any():
        idx = out.index[both]
        p_, c_ = part.loc[idx], comp.loc[idx]
        sign_p = np.where(p_["higher_is_better"].astype(bool), 1.0, -1.0)
        rr = np.column_stack([floats(p_["r"]), floats(c_["r"])])
        n_r = np.isfinite(rr).sum(axis=1)
        r_avg = div(np.where(np.isfinite(rr), rr, 0.0).sum(axis=1), n_r)
        ppc = smd_ppc(
            sign_p * floats(p_["mean_pre"]), sign_p * floats(p_["mean_post"]), floats(p_["sd_pre"]), floats(p_["n_pairs"]),
            sign_p * floats(c_["mean_pre"]), sign_p * floats(c_["mean_post"]), floats(c_["sd_pre"]), floats(c_["n_pairs"]),
            r_avg, level=level,
        )  # fmt: skip
        ok = np.isfinite(ppc["smd"].to_numpy()) & (np.nan_to_num(ppc["smd_var"].to_numpy(), nan=0.0) > 0)
        sel = idx[ok]
        out.loc[sel, "effect_type"] = "ppc"
        for c in ("smd", "smd_var", "smd_ci_low", "smd_ci_high"):
            out.loc[sel, c] = ppc[c].to_numpy()[ok]
        out.loc[sel, "n_comparison"] = pd.array(floats(c_["n_pairs"])[ok], dtype="Float64").astype("Int64")
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
    out["poolable"] = (np.isfinite(floats(out["smd"])) & (np.nan_to_num(floats(out["smd_var"]), nan=0.0) > 1e-12)
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
    use = out["poolable"].to_numpy() & np.isfinite(floats(out["r"]))
    w = np.where(use, n_w, 0.0)
    keys = [*av_by, "effect_type"]
    frame = out[keys].copy()
    frame["_w"], frame["_wy"] = w, w * np.nan_to_num(floats(out["smd"]))
    frame["_wr"] = w * np.nan_to_num(floats(out["r"]))
    g = frame.groupby(keys, dropna=False)
    ybar = div(g["_wy"].transform("sum"), g["_w"].transform("sum"))
    rbar = div(g["_wr"].transform("sum"), g["_w"].transform("sum"))
    v_pp = div(2 * (1 - rbar), n_t) + div(ybar**2, 2 * n_t)
    v_ppc = 2 * (1 - rbar) * (div(1, n_t) + div(1, n_c)) + div(ybar**2, 2 * (n_t + n_c))
    v = np.where(is_ppc, v_ppc, v_pp)
    ok = out["poolable"].to_numpy() & np.isfinite(v) & (v > 0)
    z = stats.norm.ppf(0.5 + level / 2)
    y = floats(out["smd"])
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
    require(effects, [*keys, yi, vi], "effects")
    # the loop over groups on the key columns and row positions only (copying every column of
    # the effects table into each group was most of the time); tests/test_fast_pool.py
    return pool_groups(effects, keys, yi=yi, vi=vi, method=method, knapp_hartung=knapp_hartung,
                       level=level)
