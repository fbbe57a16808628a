"""Reliable change of individuals and felt help, with Wilson intervals.

*Luotettava muutos ja koettu apu* — did a participant change more than the
instrument's measurement error allows (Jacobson & Truax 1991), what share of
an activity's participants did so, what that costs per reliably improved
participant, and what share of feedback respondents felt helped. Shares come
with Wilson score intervals (:func:`wilson_ci`). Vectorised numpy/pandas;
re-exported from :mod:`impactlib.effectiveness`.

Examples
--------
>>> rc = reliable_change([20, 20], [28, 21], sd_pre=4.0, reliability=0.84)
>>> rc.category.tolist()
['improved', 'no_reliable_change']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import labels
from .._util import check_level, div, floats, require, sqrt, zcrit
from ..errors import DataError, Problem
from ._pairs import pair_codes
from ._rates import COUNTS, categories, rates_by_groupby, rates_on_codes, rates_on_pairs, rci_parts
from .effectsize import instruments
from .prepost import group_codes, paired_scores

__all__ = [
    "RELIABLE_CHANGE_CRITERION",
    "RELIABLE_CHANGE_CATEGORIES",
    "wilson_ci",
    "clustered_wilson_ci",
    "reliable_change",
    "reliable_change_rates",
    "felt_help",
]

#: |RCI| above this is reliable change at the 5 % level (Jacobson & Truax 1991).
RELIABLE_CHANGE_CRITERION = 1.96
#: Reliable-change categories: code -> (Finnish, English)
#: (:data:`impactlib.labels.RELIABLE_CHANGE_CATEGORIES`).
RELIABLE_CHANGE_CATEGORIES = labels.RELIABLE_CHANGE_CATEGORIES



def wilson_ci(successes, n, *, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for a proportion (vectorised).

    .. math::

        \\frac{\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}}{1 + z^2/n}

    NaN where n = 0. Unlike the Wald interval it stays inside [0, 1] and
    behaves well for shares near 0 or 1 and small n.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and
    statistical inference. *JASA*, 22(158), 209–212.

    Newcombe, R. G. (1998). Two-sided confidence intervals for the single
    proportion: comparison of seven methods. *Statistics in Medicine*, 17(8),
    857–872.

    Examples
    --------
    >>> lo, hi = wilson_ci(81, 263)   # Newcombe (1998), Table I: 0.2553, 0.3662
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.2553, 0.3662)
    """
    lo, hi = _wilson(floats(successes), floats(n), zcrit(level))
    return (lo if lo.ndim else lo[()]), (hi if hi.ndim else hi[()])


def _wilson(x, n, c):
    """Wilson score interval with critical value(s) ``c`` (vectorised; NaN where n ≤ 0)."""
    x, nn, c = np.broadcast_arrays(floats(x), floats(n), floats(c))
    p = div(x, nn)
    denom = 1 + div(c**2, nn)
    centre = div(p + div(c**2, 2 * nn), denom)
    half = div(c * sqrt(div(p * (1 - p), nn) + div(c**2, 4 * nn**2)), denom)
    lo, hi = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    lo = np.where(x == 0, 0.0, lo)
    hi = np.where(x == nn, 1.0, hi)
    bad = ~(np.isfinite(nn) & (nn > 0) & np.isfinite(c))
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


def clustered_wilson_ci(successes, n, groups=None, *, level: float = 0.95) -> pd.DataFrame:
    """Share and Wilson interval when the respondents come in clusters (activities).

    *Osuus ja luottamusväli, kun vastaajat ovat ryhmittäin* — the people of
    one activity answer alike (the same staff, the same group), so pooling
    them as independent respondents makes a plain Wilson interval too narrow.
    This is a **design-effect** interval: the design effect comes from the
    cluster-robust (linearisation) variance of the pooled share, and the
    Wilson interval is computed at the effective sample size with a t
    critical value on (clusters − 1) df (Korn & Graubard 1998).

    Parameters
    ----------
    successes, n : array-like
        Per cluster (activity): respondents with the outcome, and respondents.
    groups : array-like, optional
        The group (row of the result) of each cluster; default one group.
    level : float, default 0.95

    Returns
    -------
    pandas.DataFrame
        Indexed by group: ``successes, n, n_clusters, share, design_effect,
        n_effective, ci_low, ci_high``.

    Notes
    -----
    With :math:`G` clusters of :math:`n_j` respondents and :math:`k_j`
    successes, :math:`\\hat p = \\sum k_j / \\sum n_j = K/N` and

    .. math::

        v_{CR} = \\frac{G}{G-1}\\,\\frac{\\sum_j (k_j - \\hat p\\,n_j)^2}{N^2},\\qquad
        \\text{deff} = \\max\\Big(1, \\frac{v_{CR}}{\\hat p(1-\\hat p)/N}\\Big),\\qquad
        n_{\\text{eff}} = N/\\text{deff},

    :math:`v_{CR}` being the CR1 variance of an intercept-only regression of
    the respondents' 0/1 answers clustered by activity (what
    ``statsmodels`` OLS with ``cov_type="cluster"`` gives). The interval is
    the Wilson interval of :math:`\\hat p` on :math:`n_{\\text{eff}}` with
    :math:`t_{G-1}` in place of z, the same as Korn & Graubard's
    degrees-of-freedom-adjusted effective sample size. The design effect is
    truncated at 1 (never narrower than the plain interval), and taken as 1
    when :math:`\\hat p` is 0 or 1. With one cluster it is the plain Wilson
    interval (:func:`wilson_ci`).

    References
    ----------
    Korn, E. L., & Graubard, B. I. (1998). Confidence intervals for
    proportions with small expected number of positive counts estimated from
    survey data. *Survey Methodology*, 24(2), 193–201.

    Kish, L. (1965). *Survey Sampling*. Wiley (design effect).

    Examples
    --------
    >>> r = clustered_wilson_ci([9, 2, 10, 3], [10, 10, 10, 10])
    >>> r[["n", "n_clusters", "share"]].to_dict("records")
    [{'n': 40.0, 'n_clusters': 4, 'share': 0.6}]
    >>> bool(r.design_effect.iloc[0] > 1), bool(r.ci_low.iloc[0] < wilson_ci(24, 40)[0])
    (True, True)
    """
    from scipy import stats

    level = check_level(level)
    k, nn = (floats(a).ravel() for a in (successes, n))
    if k.shape != nn.shape:
        raise ValueError("successes and n must have one value per cluster")
    keep = np.isfinite(nn) & (nn > 0) & np.isfinite(k)
    if groups is None:
        labels_, codes = np.array(["all"], dtype=object), np.zeros(len(k), dtype=int)
    else:
        codes, labels_ = pd.factorize(pd.Series(np.asarray(groups, dtype=object).ravel()), sort=True)
    g = len(labels_)
    codes, k, nn = codes[keep], k[keep], nn[keep]
    kk, nsum = np.bincount(codes, k, g), np.bincount(codes, nn, g)
    n_cl = np.bincount(codes, minlength=g)
    p = div(kk, nsum)
    resid = k - p[codes] * nn
    v_cr = div(n_cl, n_cl - 1) * div(np.bincount(codes, resid**2, g), nsum**2)
    v_srs = div(p * (1 - p), nsum)
    deff = np.where((n_cl >= 2) & (v_srs > 0), np.fmax(1.0, div(v_cr, v_srs)), 1.0)
    n_eff = div(nsum, deff)
    crit = np.full(g, zcrit(level))
    many = n_cl >= 2
    crit[many] = stats.t.ppf(0.5 + level / 2, n_cl[many] - 1)
    lo, hi = _wilson(p * n_eff, n_eff, crit)
    return pd.DataFrame({"successes": kk, "n": nsum, "n_clusters": n_cl, "share": p, "design_effect": deff,
                         "n_effective": n_eff, "ci_low": lo, "ci_high": hi},
                        index=pd.Index(labels_, name="group"))


# ---------------------------------------------------------------------------
# Reliable change
# ---------------------------------------------------------------------------


def reliable_change(
    pre,
    post,
    sd_pre,
    reliability,
    *,
    higher_is_better=True,
    criterion: float = RELIABLE_CHANGE_CRITERION,
) -> pd.DataFrame:
    """Jacobson–Truax reliable change index per participant.

    *Luotettava muutos (RCI)* — did this person change more than the
    instrument's measurement error allows?

    Parameters
    ----------
    pre, post : array-like of float
        Each participant's scores (pandas index is kept).
    sd_pre : float or array-like
        Standard deviation of pre-test scores (of the pre-treatment group,
        or a normative SD).
    reliability : float or array-like
        Reliability :math:`r_{xx}` of the instrument, 0 < r < 1 (test–retest
        or Cronbach's alpha; see :func:`impactlib.effectiveness.instruments`).
    higher_is_better : bool or array-like of bool, default True
        Direction, so that "improved" means better.
    criterion : float, default 1.96
        |RCI| above this is reliable change (5 % two-sided).

    Returns
    -------
    pandas.DataFrame
        Columns ``change`` (post − pre, points), ``s_diff``, ``rci``
        (Jacobson–Truax sign: positive = score went up) and ``category``
        (``improved``, ``no_reliable_change``, ``deteriorated``; missing
        where a score is missing).

    Notes
    -----
    .. math::

        S_E = s_{pre}\\sqrt{1-r_{xx}},\\qquad
        S_{diff} = \\sqrt{2 S_E^2},\\qquad
        \\text{RCI} = \\frac{x_{post}-x_{pre}}{S_{diff}}

    Improved if :math:`s\\cdot\\text{RCI} > 1.96` with :math:`s=\\pm1` the
    instrument's direction; deteriorated if :math:`s\\cdot\\text{RCI} < -1.96`.

    References
    ----------
    Jacobson, N. S., & Truax, P. (1991). Clinical significance: A
    statistical approach to defining meaningful change in psychotherapy
    research. *Journal of Consulting and Clinical Psychology*, 59(1), 12–19.

    Examples
    --------
    >>> rc = reliable_change([20, 20, 20], [28, 21, 14], sd_pre=4.0, reliability=0.84)
    >>> rc.rci.round(3).tolist(), rc.category.tolist()
    ([3.536, 0.442, -2.652], ['improved', 'no_reliable_change', 'deteriorated'])
    """
    idx = pre.index if isinstance(pre, pd.Series) else None
    parts = rci_parts(pre, post, sd_pre, reliability, higher_is_better, criterion)
    change, s_diff, rci, signed = parts["change"], parts["s_diff"], parts["rci"], parts["signed"]
    cat = categories(rci, signed, criterion)
    return pd.DataFrame({"change": change, "s_diff": s_diff, "rci": rci, "category": cat}, index=idx)


def reliable_change_rates(
    outcomes: pd.DataFrame,
    *,
    activities: pd.DataFrame | None = None,
    by: str | list[str] = "activity_id",
    sd_from: str = "instrument",
    reliability: dict[str, float] | None = None,
    higher_is_better: dict[str, bool] | None = None,
    group: str | None = "participant",
    level: float = 0.95,
    criterion: float = RELIABLE_CHANGE_CRITERION,
    pre: str = "pre",
    post: str = "post",
    cluster: str | None = "activity_id",
) -> pd.DataFrame:
    """Shares of reliably improved and deteriorated participants per activity.

    *Luotettavasti parantuneiden osuus* with Wilson confidence intervals,
    and the cost per reliably improved participant
    (*kustannus luotettavasti parantunutta kohden*).

    Parameters
    ----------
    outcomes : pandas.DataFrame
        The ``outcomes`` table.
    activities : pandas.DataFrame, optional
        The ``activities`` table; adds ``participants, cost_eur`` and the
        cost per reliably improved participant.
    by : str or list of str, default "activity_id"
        Unit of the table: each activity, or columns of ``activities`` such
        as ``"theme"`` (counts, participants and costs are summed over the
        activities of a group; needs ``activities``). Aggregated tables have
        fewer small cells to suppress.
    sd_from : {"instrument", "activity"}, default "instrument"
        Pre-test SD used in :math:`S_{diff}`: of all paired participants with
        that instrument in ``outcomes`` (stable), or of each activity's own
        participants (Jacobson & Truax's "pretreatment group"; noisy for
        small groups).
    reliability : dict, optional
        ``{instrument: r_xx}`` overriding :func:`impactlib.effectiveness.instruments`.
    higher_is_better : dict, optional
    group : str or None, default "participant"
        Keep only this group (None keeps all, with ``group`` in the keys).
    level, criterion, pre, post
        See :func:`reliable_change`.
    cluster : {"activity_id", None}, default "activity_id"
        For tables grouped above the activity (``by``), the intervals treat
        the participants of one activity as a cluster
        (:func:`clustered_wilson_ci`: design-effect Wilson interval, t on
        activities − 1 df); None pools them as independent (plain Wilson).
        Per-activity rows are plain Wilson intervals either way.

    Returns
    -------
    pandas.DataFrame
        One row per ``activity_id`` (or ``by``), ``instrument, group``:
        (``n_activities`` when grouped), ``n_pairs,
        n_improved, n_no_change, n_deteriorated, share_improved,
        share_improved_ci_low, share_improved_ci_high, share_deteriorated,
        share_deteriorated_ci_low, share_deteriorated_ci_high, sd_pre,
        reliability, s_diff, reliable_change_points, confidence``; with
        ``activities`` also ``participants, cost_eur, improved_estimate,
        cost_per_improved_eur``.

    Notes
    -----
    ``reliable_change_points`` = :math:`1.96\\,S_{diff}`, the smallest change
    in points that counts as reliable. The cost per reliably improved
    participant is

    .. math::

        \\frac{\\text{cost\\_eur}}{\\hat p_{improved}\\times \\text{participants}}

    which assumes that the measured participants are representative of all
    participants of the activity (state this when reporting); it is missing
    when nobody improved reliably. For groups (``by``) numerator and
    denominator are summed over the group's measured activities. Wilson intervals by :func:`wilson_ci`.
    The pairs are counted on integer codes of the keys (numpy, pandas' grouped ``std`` and
    pyarrow's sort; :mod:`impactlib.effectiveness._rates`).

    References
    ----------
    Jacobson, N. S., & Truax, P. (1991). *Journal of Consulting and Clinical
    Psychology*, 59(1), 12–19.

    Examples
    --------
    >>> o = pd.DataFrame({"activity_id": "A", "instrument": "SWEMWBS", "group": "participant",
    ...                   "participant_id": [f"p{i}" for i in range(6)] * 2,
    ...                   "phase": ["pre"] * 6 + ["post"] * 6,
    ...                   "score": [18, 20, 22, 24, 26, 21, 27, 21, 23, 30, 26, 15.0]})
    >>> r = reliable_change_rates(o).iloc[0]
    >>> int(r.n_pairs), int(r.n_improved), int(r.n_deteriorated)
    (6, 2, 1)
    """
    inst = instruments().set_index("instrument")["reliability"].to_dict()
    inst.update(reliability or {})
    p = pair_codes(outcomes, pre, post)
    out = None
    if p is not None:  # plain-text keys: counted on the units' codes, without the wide table
        out = rates_on_pairs(p, group=group, sd_from=sd_from, reliability=inst,
                             higher_is_better=higher_is_better, criterion=criterion)
    if out is None:
        out = _rates_general(paired_scores(outcomes, pre=pre, post=post), group, sd_from, inst,
                             higher_is_better, criterion)
    counts, keys = list(COUNTS), ["activity_id", "instrument", "group"]
    by_cols = [by] if isinstance(by, str) else list(by)
    if activities is not None or by_cols != ["activity_id"]:
        if activities is None:
            raise ValueError(f"by={by!r} needs the activities table (activities=...)")
        require(activities, ("activity_id", "participants", "cost_eur", *by_cols), "activities")
        extra = [c for c in by_cols if c != "activity_id"]
        act = activities[["activity_id", "participants", "cost_eur", *extra]].drop_duplicates("activity_id")
        out = out.merge(act, on="activity_id", how="left")
        participants = out["participants"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        out["participants"] = participants
        out["improved_estimate"] = div(out["n_improved"], out["n_pairs"]) * participants
        out["cost_eur"] = out["cost_eur"].astype(float)
    if cluster not in ("activity_id", None):
        raise ValueError(f"cluster must be 'activity_id' or None, got {cluster!r}")
    clustered = None
    if by_cols != ["activity_id"]:
        gkeys = [*by_cols, "instrument", "group"]
        g = out.groupby(gkeys, sort=True, dropna=False)
        if cluster is not None:
            code = g.ngroup().to_numpy()
            clustered = {what: clustered_wilson_ci(out[col].to_numpy(), out["n_pairs"].to_numpy(), code,
                                                   level=level)
                         for what, col in (("improved", "n_improved"), ("deteriorated", "n_deteriorated"))}
        agg = g[counts].sum()
        agg.insert(0, "n_activities", g.size())
        for c in ("participants", "cost_eur", "improved_estimate"):
            agg[c] = g[c].sum(min_count=1)
        for c in ("sd_pre", "reliability", "s_diff"):
            agg[c] = g[c].first() if sd_from == "instrument" else np.nan
        out = agg.reset_index()
        keys = gkeys
    n = out["n_pairs"].to_numpy()
    for what, col in (("improved", "n_improved"), ("deteriorated", "n_deteriorated")):
        out[f"share_{what}"] = div(out[col], n)
        if clustered is not None:  # groups of activities: the activity is the cluster
            cw = clustered[what].reindex(np.arange(len(out)))
            lo, hi = cw["ci_low"].to_numpy(), cw["ci_high"].to_numpy()
            out[f"design_effect_{what}"] = cw["design_effect"].to_numpy()
        else:
            lo, hi = wilson_ci(out[col].to_numpy(), n, level=level)
        out[f"share_{what}_ci_low"], out[f"share_{what}_ci_high"] = lo, hi
    out["reliable_change_points"] = criterion * out["s_diff"]
    out["confidence"] = float(level)
    cols = [
        *keys, *(["n_activities"] if "n_activities" in out.columns else []), *counts, "share_improved",
        "share_improved_ci_low", "share_improved_ci_high", "share_deteriorated",
        "share_deteriorated_ci_low", "share_deteriorated_ci_high", "sd_pre", "reliability", "s_diff",
        "reliable_change_points", "confidence",
    ]  # fmt: skip
    if "participants" in out.columns:
        out["cost_per_improved_eur"] = div(out["cost_eur"], out["improved_estimate"])
        cols += ["participants", "cost_eur", "improved_estimate", "cost_per_improved_eur"]
    if clustered is not None:
        cols += ["design_effect_improved", "design_effect_deteriorated"]
    out = out[cols]
    return out


def _rates_general(wide, group, sd_from, inst, higher_is_better, criterion) -> pd.DataFrame:
    """The table of reliable change per group from the wide table of :func:`paired_scores` (the
    general path of :func:`reliable_change_rates`: integer group codes where the keys are plain
    text, else a pandas group-by on the keys)."""
    if group is not None:
        wide = wide[wide["group"] == group]
    keys = ["activity_id", "instrument", "group"]
    codes = group_codes(wide, keys)  # None for keys that are not plain text: the pandas path
    if codes is None:
        all_keys = wide[keys].drop_duplicates().sort_values(keys)
    else:  # every group once, in sorted order, even without pairs
        all_keys = wide[keys].iloc[codes[2]].reset_index(drop=True)
    paired = (wide["pre"].notna() & wide["post"].notna()).to_numpy()
    wide = wide[paired].copy()
    rel = wide["instrument"].map(inst)
    if rel.isna().any():
        missing = sorted(set(wide.loc[rel.isna(), "instrument"].astype(str)))
        raise ValueError(
            f"No reliability for instrument(s) {missing}: add it to data/instruments.csv with its source, or "
            f"pass reliability={{'{missing[0]}': 0.8}} / mittarin reliabiliteetti puuttuu."
        )
    if sd_from == "instrument":
        sd = wide.groupby("instrument")["pre"].transform("std")
    elif sd_from == "activity":
        sd = wide.groupby(keys)["pre"].transform("std")
    else:
        raise ValueError(f"sd_from must be 'instrument' or 'activity', got {sd_from!r}")
    wide["sd_pre"] = sd
    wide["reliability"] = rel
    ok = wide["sd_pre"].notna() & (wide["sd_pre"] > 0)
    if codes is not None:
        return rates_on_codes(wide, all_keys, codes[0][paired], codes[1], ok.to_numpy(), higher_is_better,
                              criterion)
    return rates_by_groupby(wide, keys, all_keys, ok, higher_is_better, criterion)


# ---------------------------------------------------------------------------
# Felt help
# ---------------------------------------------------------------------------


def felt_help(activities: pd.DataFrame, *, by="activity_id", level: float = 0.95,
              cluster: str | None = "activity_id") -> pd.DataFrame:
    """Share of feedback respondents who felt helped, with a Wilson CI.

    *Koettu apu* — ``feedback_helped / feedback_respondents``, summed over
    the rows of each group. A satisfaction measure, not an effect: people
    who answer feedback forms tend to be those who were helped.

    Parameters
    ----------
    activities : pandas.DataFrame
        The ``activities`` table (``feedback_respondents, feedback_helped``).
    by : str or list of str, default "activity_id"
        Grouping columns, e.g. ``"theme"`` or ``["org_id", "year"]``.
    level : float, default 0.95
    cluster : str or None, default "activity_id"
        Column whose values are clusters of respondents. Respondents of one
        activity answer alike, so for a group of several activities the
        interval is the design-effect Wilson interval of
        :func:`clustered_wilson_ci` (t on clusters − 1 df). None: respondents
        are pooled as independent (plain Wilson, too narrow when activities
        differ).

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``respondents, helped, share, ci_low, ci_high,
        confidence, n_activities, design_effect``. Groups without
        respondents have a missing share.

    Notes
    -----
    :math:`\\hat p = \\sum \\text{helped} / \\sum \\text{respondents}`; Wilson
    score interval (:func:`wilson_ci`) for one activity, the design-effect
    Wilson interval (:func:`clustered_wilson_ci`) for several.

    References
    ----------
    Newcombe, R. G. (1998). Two-sided confidence intervals for the single
    proportion. *Statistics in Medicine*, 17(8), 857–872.

    Examples
    --------
    >>> a = pd.DataFrame({"activity_id": ["A", "B"], "theme": ["peer_support"] * 2,
    ...                   "feedback_respondents": [30, 20], "feedback_helped": [24, 19]})
    >>> felt_help(a, by="theme")[["respondents", "helped", "share"]].to_dict("records")
    [{'respondents': 50, 'helped': 43, 'share': 0.86}]
    """
    require(activities, ("feedback_respondents", "feedback_helped"), "activities")
    keys = [by] if isinstance(by, str) else list(by)
    require(activities, keys, "activities")
    resp = pd.to_numeric(activities["feedback_respondents"], errors="coerce")
    helped = pd.to_numeric(activities["feedback_helped"], errors="coerce")
    bad = (helped > resp).fillna(False)
    if bad.any():
        raise DataError(
            [
                Problem(file="activities", row=None, column="feedback_helped",
                        value=str(activities.loc[i, "activity_id"]) if "activity_id" in activities else str(i),
                        rule="range", message_en="more respondents helped than responded",
                        message_fi="apua saaneita on enemmän kuin vastaajia")
                for i in activities.index[bad][:20]
            ]
        )  # fmt: skip
    if cluster is not None:
        require(activities, [cluster], "activities")
    df = activities[list(dict.fromkeys([*keys, *([cluster] if cluster else [])]))].copy()
    df["respondents"], df["helped"] = resp, helped
    df = df[df["respondents"].notna() & df["helped"].notna()]
    grouped = df.groupby(keys, sort=True, dropna=False)
    g = grouped[["respondents", "helped"]].sum().reset_index()
    g["respondents"] = g["respondents"].astype("int64")
    g["helped"] = g["helped"].astype("int64")
    g["share"] = div(g["helped"], g["respondents"])
    if cluster is None:
        g["ci_low"], g["ci_high"] = wilson_ci(g["helped"].to_numpy(), g["respondents"].to_numpy(), level=level)
        g["confidence"] = float(level)
        return g
    per = df.assign(_g=grouped.ngroup().to_numpy()).groupby(["_g", cluster], sort=False, dropna=False)[
        ["respondents", "helped"]].sum().reset_index()
    per = per[per["respondents"] > 0]
    cw = clustered_wilson_ci(per["helped"].to_numpy(), per["respondents"].to_numpy(), per["_g"].to_numpy(),
                             level=level).reindex(np.arange(len(g)))
    g["ci_low"], g["ci_high"] = cw["ci_low"].to_numpy(), cw["ci_high"].to_numpy()
    g["confidence"] = float(level)
    g["n_activities"] = cw["n_clusters"].fillna(0).astype("int64").to_numpy()
    g["design_effect"] = cw["design_effect"].to_numpy()
    return g
