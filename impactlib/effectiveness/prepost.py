"""Pre/post change of participants (*alku- ja loppumittauksen muutos*): standardised mean change.

From participant-level paired scores (:func:`prepost`) or from reported
summaries (:func:`prepost_from_summary`): n pairs, means, SDs, r, mean change
with CI, standardised mean change (raw-score standardisation as ``metafor``
``SMCR``, change-score standardisation as ``SMCC``). Positive = improvement.

Examples
--------
>>> import pandas as pd
>>> out = pd.DataFrame({
...     "activity_id": ["A"] * 6, "participant_id": ["p1", "p2", "p3"] * 2,
...     "phase": ["pre"] * 3 + ["post"] * 3, "instrument": ["SWEMWBS"] * 6,
...     "score": [20.0, 22.0, 25.0, 23.0, 24.0, 27.0], "group": ["participant"] * 6})
>>> pp = prepost(out)
>>> pp[["n_pairs", "mean_change"]].round(4).to_dict("records")
[{'n_pairs': 3, 'mean_change': 2.3333}]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._util import dense, div, floats, require, sqrt, tcrit, text_codes, zcrit
from ..errors import DataError, Problem
from ._pairs import column_at, grouped_pair_stats, pair_codes, raise_duplicates
from .effectsize import hedges_j, higher_is_better_lookup

__all__ = ["ASSUMED_R", "paired_scores", "prepost", "prepost_from_summary"]

#: Pre/post correlation assumed when a summary does not report it
#: (a common middle value; see the ``sensitivity`` option of
#: :func:`prepost_from_summary` and Borenstein et al. 2009, ch. 4).
ASSUMED_R = 0.5


# ---------------------------------------------------------------------------
# Pre/post change: shared core for participant-level and summary data
# ---------------------------------------------------------------------------

_NOTE = {
    "few": "fewer than 2 pairs / alle 2 paria",
    "sd0": "no variation in pre-test scores / alkumittauksessa ei vaihtelua",
    "sdd0": "no variation in change scores / muutoksissa ei vaihtelua",
}


def _smc_core(n, m_pre, m_post, sd_pre, sd_post, r, sign, level: float) -> pd.DataFrame:
    """Standardised mean change (SMCR, SMCC) and mean change, vectorised."""
    n, m_pre, m_post, sd_pre, sd_post, r, sign = (
        np.atleast_1d(floats(x)) for x in np.broadcast_arrays(n, m_pre, m_post, sd_pre, sd_post, r, sign)
    )
    z = zcrit(level)
    r = np.clip(r, -1.0, 1.0)
    r = np.where(np.abs(1.0 - r) < 1e-12, 1.0, r)  # r = 1 up to rounding error: exactly 1
    ok_n = np.isfinite(n) & (n >= 2)
    n_ok = np.where(ok_n, n, np.nan)
    change = m_post - m_pre
    diff = sign * change
    j = floats(hedges_j(n_ok - 1))
    sd_change = sqrt(sd_pre**2 + sd_post**2 - 2 * r * sd_pre * sd_post)
    se_change = div(sd_change, sqrt(n_ok))
    tq = tcrit(level, n_ok - 1)
    smcr = j * div(diff, sd_pre)
    smcr_var = div(2 * (1 - r), n_ok) + div(smcr**2, 2 * n_ok)
    smcc = j * div(diff, sd_change)
    smcc_var = div(1.0, n_ok) + div(smcc**2, 2 * n_ok)
    se_r, se_c = sqrt(smcr_var), sqrt(smcc_var)
    note = np.full(n.shape, "", dtype=object)
    note = np.where(~np.isfinite(smcc) & ok_n & (sd_change == 0), _NOTE["sdd0"], note)
    note = np.where(~np.isfinite(smcr) & ok_n & (sd_pre == 0), _NOTE["sd0"], note)
    note = np.where(~ok_n, _NOTE["few"], note)
    return pd.DataFrame(
        {
            "mean_change": change,
            "mean_change_se": se_change,
            "mean_change_ci_low": change - tq * se_change,
            "mean_change_ci_high": change + tq * se_change,
            "smcr": smcr,
            "smcr_var": smcr_var,
            "smcr_ci_low": smcr - z * se_r,
            "smcr_ci_high": smcr + z * se_r,
            "smcc": smcc,
            "smcc_var": smcc_var,
            "smcc_ci_low": smcc - z * se_c,
            "smcc_ci_high": smcc + z * se_c,
            "confidence": float(level),
            "note": note,
        }
    )


def paired_scores(outcomes: pd.DataFrame, *, pre: str = "pre", post: str = "post") -> pd.DataFrame:
    """Pair each participant's pre and post scores (one row per participant).

    Parameters
    ----------
    outcomes : pandas.DataFrame
        The ``outcomes`` table (``activity_id, participant_id, phase,
        instrument, score``, optional ``group``; other columns such as the
        covariate ``age`` are carried along from the pre-test row).
    pre, post : str
        Phase codes to pair (e.g. ``post="follow_up"``).

    Returns
    -------
    pandas.DataFrame
        Columns ``activity_id, instrument, group, participant_id, pre,
        post`` and any extra columns; rows with one phase missing are kept
        (with NaN) so that unpaired participants can be counted.

    Raises
    ------
    DataError
        If a participant has two scores for the same phase and instrument.

    Examples
    --------
    >>> o = pd.DataFrame({"activity_id": ["A", "A", "A"], "participant_id": ["p1", "p1", "p2"],
    ...                   "phase": ["pre", "post", "pre"], "instrument": ["GAD7"] * 3,
    ...                   "score": [12.0, 8.0, 10.0]})
    >>> paired_scores(o)[["participant_id", "pre", "post"]].to_dict("list")
    {'participant_id': ['p1', 'p2'], 'pre': [12.0, 10.0], 'post': [8.0, nan]}
    """
    p = pair_codes(outcomes, pre, post)
    if p is None:
        return _paired_general(outcomes, pre, post)
    rows = p.row
    wide = {}
    for c in ("activity_id", "instrument", "group", "participant_id"):
        wide[c] = column_at(outcomes, c, rows)
    wide["pre"], wide["post"] = p.pre, p.post
    for c in outcomes.columns:
        if c not in wide and c not in ("phase", "score"):
            wide[c] = column_at(outcomes, c, rows)
    return pd.DataFrame(wide)


def _paired_general(outcomes: pd.DataFrame, pre: str, post: str) -> pd.DataFrame:
    """:func:`paired_scores` for keys that are not plain text (and the other cases
    :func:`~impactlib.effectiveness._pairs.pair_codes` leaves out): a grouped pass where the keys
    are text of any kind, else ``DataFrame.pivot``."""
    df = outcomes[outcomes["phase"].isin([pre, post])].copy()
    if "group" not in df.columns:
        df["group"] = "participant"
    keys = ["activity_id", "instrument", "group", "participant_id"]
    fast = _paired_fast(df, keys, pre, post)
    if fast is not None:
        return fast
    dup = df.duplicated(keys + ["phase"], keep=False)
    raise_duplicates(df, dup)
    extra = [c for c in df.columns if c not in (*keys, "phase", "score")]
    wide = df.pivot(index=keys, columns="phase", values="score")
    for ph in (pre, post):
        if ph not in wide.columns:
            wide[ph] = np.nan
    wide = wide[[pre, post]].rename(columns={pre: "pre", post: "post"})
    wide.columns.name = None
    wide = wide.reset_index()
    if extra:
        first = df.sort_values("phase", key=lambda s: s.ne(pre)).drop_duplicates(keys)[keys + extra]
        wide = wide.merge(first, on=keys, how="left")
    return wide


def _paired_fast(df: pd.DataFrame, keys: list[str], pre: str, post: str) -> pd.DataFrame | None:
    """:func:`paired_scores` in one grouped pass, or ``None`` where the plain pivot is needed.

    The same table as ``DataFrame.pivot`` and the merge of the pre-test rows: participants
    numbered in the sorted order of their keys (:meth:`pandas.DataFrame.groupby` ``ngroup``, the
    order of the pivot's index), their scores put in place with numpy, keys and extra columns
    taken from each participant's pre-test row (or post-test row where there is none). Used for
    text keys without missing values and float scores (every validated ``outcomes`` table);
    anything else takes the pivot.
    """
    def texty(s: pd.Series) -> bool:
        return isinstance(s.dtype, pd.StringDtype) or pd.api.types.is_object_dtype(s.dtype)

    if pre == post or not all(texty(df[k]) for k in keys) or df["score"].dtype != np.float64 \
            or bool(df[keys].isna().to_numpy().any()):
        return None
    gid = df.groupby(keys, sort=True).ngroup().to_numpy()
    n = int(gid.max()) + 1 if len(gid) else 0
    is_pre = (df["phase"] == pre).to_numpy(dtype=bool)
    slot = 2 * gid + is_pre
    dup = np.bincount(slot, minlength=2 * n)[slot] > 1
    raise_duplicates(df, pd.Series(dup, index=df.index))
    score = df["score"].to_numpy()
    pre_v, post_v = np.full(n, np.nan), np.full(n, np.nan)
    pre_v[gid[is_pre]] = score[is_pre]
    post_v[gid[~is_pre]] = score[~is_pre]
    order = np.lexsort((~is_pre, gid))  # per participant its pre-test row first
    first = order[np.r_[True, gid[order][1:] != gid[order][:-1]]] if n else order
    extra = [c for c in df.columns if c not in (*keys, "phase", "score")]
    wide = df[keys].iloc[first].reset_index(drop=True)
    wide.attrs = {}  # a new table: not the outcomes table, so without its marks (as the pivot)
    wide["pre"], wide["post"] = pre_v, post_v
    for c in extra:
        wide[c] = df[c].iloc[first].to_numpy() if not isinstance(df[c].dtype, pd.api.extensions.ExtensionDtype) \
            else df[c].array.take(first)
    return wide


def prepost(
    outcomes: pd.DataFrame,
    *,
    level: float = 0.95,
    pre: str = "pre",
    post: str = "post",
    higher_is_better: dict[str, bool] | None = None,
) -> pd.DataFrame:
    """Pre/post change of participants, with standardised mean change.

    *Alku- ja loppumittauksen muutos* (standardised mean change, *vakioitu
    keskimuutos*) per activity, instrument and group, from participant-level
    paired scores. Unit of ``mean_change``: instrument points (post − pre,
    raw sign); unit of ``smcr``/``smcc``: standard deviations, **positive =
    improvement** whatever the instrument's direction.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        The ``outcomes`` table (one row per participant, phase, instrument).
    level : float, default 0.95
        Confidence level (``confidence`` column).
    pre, post : str
        Phases to compare; ``post="follow_up"`` gives the follow-up change.
    higher_is_better : dict, optional
        Directions for instruments not in :func:`instruments`.

    Returns
    -------
    pandas.DataFrame
        One row per ``activity_id, instrument, group`` with ``n_pairs,
        n_pre_only, n_post_only`` (unpaired participants are reported, not
        silently dropped), ``mean_pre, mean_post, sd_pre, sd_post, r,
        higher_is_better, mean_change, mean_change_se, mean_change_ci_low,
        mean_change_ci_high, smcr, smcr_var, smcr_ci_low, smcr_ci_high,
        smcc, smcc_var, smcc_ci_low, smcc_ci_high, confidence, r_source,
        note``. Means, SDs and r use the paired participants only.

    Notes
    -----
    With n pairs, :math:`J = J(n-1)` (:func:`hedges_j`), direction
    :math:`s = \\pm 1`:

    .. math::

        \\text{SMCR} = J\\,\\frac{s(\\bar x_{post}-\\bar x_{pre})}{s_{pre}},\\qquad
        v = \\frac{2(1-r)}{n} + \\frac{\\text{SMCR}^2}{2n}

    .. math::

        \\text{SMCC} = J\\,\\frac{s(\\bar x_{post}-\\bar x_{pre})}{s_d},\\quad
        s_d = \\sqrt{s_{pre}^2+s_{post}^2-2r\\,s_{pre}s_{post}},\\quad
        v = \\frac1n + \\frac{\\text{SMCC}^2}{2n}

    as ``metafor::escalc(measure="SMCR"/"SMCC")`` (Becker 1988; Morris &
    DeShon 2002). SMCR (raw-score standardisation) is comparable with
    between-group effects; SMCC equals Cohen's :math:`d_z` (Lakens 2013)
    times J. The CI of the mean change uses t with n − 1 df; of SMCR/SMCC
    :math:`\\pm z\\sqrt v`. Edge cases give NaN with a ``note``: n < 2, no
    variation in pre-test scores, or no variation in change (identical pre
    and post, r = 1). The scores are paired on integer codes of the keys
    (:func:`pandas.factorize`; Arrow text sorted by
    :func:`pyarrow.compute.sort_indices`, see
    :mod:`impactlib.effectiveness._pairs`) and the statistics computed with
    pandas' grouped mean, SD and sum over the pairs in sorted order.

    A pre/post change is **not** the effect of the activity: it includes
    everything that changes anyway (time, season, regression to the mean).
    Use :func:`impactlib.effectiveness.comparison_effect` where there is a
    comparison group.

    References
    ----------
    Becker, B. J. (1988). Synthesizing standardized mean-change measures.
    *British Journal of Mathematical and Statistical Psychology*, 41(2),
    257–278.

    Morris, S. B., & DeShon, R. P. (2002). Combining effect size estimates
    in meta-analysis with repeated measures and independent-groups designs.
    *Psychological Methods*, 7(1), 105–125.

    Lakens, D. (2013). Calculating and reporting effect sizes to facilitate
    cumulative science: a practical primer for t-tests and ANOVAs.
    *Frontiers in Psychology*, 4, 863.

    Examples
    --------
    >>> o = pd.DataFrame({
    ...     "activity_id": "A", "instrument": "UCLA3", "group": "participant",
    ...     "participant_id": ["p1", "p2", "p3", "p4", "p1", "p2", "p3"],
    ...     "phase": ["pre"] * 4 + ["post"] * 3,
    ...     "score": [7.0, 6.0, 8.0, 5.0, 5.0, 5.0, 6.0]})
    >>> r = prepost(o).iloc[0]
    >>> int(r.n_pairs), int(r.n_pre_only), round(float(r.mean_change), 4), bool(r.smcr > 0)
    (3, 1, -1.6667, True)
    """
    p = pair_codes(outcomes, pre, post)
    if p is not None:  # plain-text keys: the units' codes, without the wide table
        out = _stats_frame(p.key_frame(), grouped_pair_stats(p.gid, p.n_groups, p.pre, p.post))
    else:
        wide = _paired_general(outcomes, pre, post)
        keys = ["activity_id", "instrument", "group"]
        out = _pair_stats_fast(wide, keys)
        if out is None:
            out = _pair_stats(wide, keys)
    out["higher_is_better"] = higher_is_better_lookup(out["instrument"], higher_is_better)
    core = _smc_core(
        out["n_pairs"], out["mean_pre"], out["mean_post"], out["sd_pre"], out["sd_post"],
        out["r"], np.where(out["higher_is_better"], 1.0, -1.0), level,
    )  # fmt: skip
    out = pd.concat([out.reset_index(drop=True), core], axis=1)
    out["r_source"] = "data"
    return out[_PREPOST_COLUMNS]


def _pair_stats(wide: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Counts, means, SDs and r of the paired scores per group (pandas group-by)."""
    has_pre, has_post = wide["pre"].notna(), wide["post"].notna()
    counts = (
        wide.assign(
            n_pairs=(has_pre & has_post).astype(int),
            n_pre_only=(has_pre & ~has_post).astype(int),
            n_post_only=(~has_pre & has_post).astype(int),
        )
        .groupby(keys, sort=True)[["n_pairs", "n_pre_only", "n_post_only"]]
        .sum()
    )
    paired = wide[has_pre & has_post].copy()
    g = paired.groupby(keys, sort=True)
    desc = pd.DataFrame(
        {
            "mean_pre": g["pre"].mean(),
            "mean_post": g["post"].mean(),
            "sd_pre": g["pre"].std(ddof=1),
            "sd_post": g["post"].std(ddof=1),
        }
    )
    paired["_cp"] = (paired["pre"] - g["pre"].transform("mean")) * (paired["post"] - g["post"].transform("mean"))
    cov = div(paired.groupby(keys, sort=True)["_cp"].sum().to_numpy(), counts.loc[desc.index, "n_pairs"].to_numpy() - 1)
    desc["r"] = np.clip(div(cov, desc["sd_pre"].to_numpy() * desc["sd_post"].to_numpy()), -1.0, 1.0)
    out = counts.join(desc, how="left").reset_index()
    return out


def group_codes(df: pd.DataFrame, keys: list[str]) -> tuple[np.ndarray, int, np.ndarray] | None:
    """Each row's group as ``df.groupby(keys, sort=True).ngroup()`` numbers it, the number of
    groups and the first row of each; ``None`` unless every key is plain text without missing
    values (:func:`impactlib._util.text_codes`)."""
    code, size = np.zeros(len(df), dtype=np.int64), 1
    for k in keys:
        tc = text_codes(df[k])
        if tc is None or size * len(tc[1]) >= 2**62:
            return None
        code, size = code * len(tc[1]) + tc[0], size * len(tc[1])
    present, gid = dense(code, size)
    first = np.empty(len(present), dtype=np.int64)
    first[gid[::-1]] = np.arange(len(gid) - 1, -1, -1)
    return gid, len(present), first


def _pair_stats_fast(wide: pd.DataFrame, keys: list[str]) -> pd.DataFrame | None:
    """:func:`_pair_stats` on integer group codes: the same floats (the same pandas kernels on
    the same rows in the same order, grouped by an integer instead of three text columns), or
    ``None`` where the keys are not plain text (then :func:`_pair_stats`)."""
    if wide["pre"].dtype != np.float64 or wide["post"].dtype != np.float64:
        return None
    gc = group_codes(wide, keys)
    if gc is None:
        return None
    gid, n_groups, first = gc
    out = wide[keys].iloc[first].reset_index(drop=True)
    out.attrs = {}
    stats = grouped_pair_stats(gid, n_groups, wide["pre"].to_numpy(dtype=float), wide["post"].to_numpy(dtype=float))
    return _stats_frame(out, stats)


def _stats_frame(out: pd.DataFrame, stats: dict) -> pd.DataFrame:
    """The group keys ``out`` with the columns of :func:`_pair_stats` from
    :func:`~impactlib.effectiveness._pairs.grouped_pair_stats`."""
    for c in ("n_pairs", "n_pre_only", "n_post_only", "mean_pre", "mean_post", "sd_pre", "sd_post"):
        out[c] = stats[c]
    out["r"] = np.clip(div(stats["cov"], stats["sd_pre"] * stats["sd_post"]), -1.0, 1.0)
    return out


_PREPOST_COLUMNS = [
    "activity_id", "instrument", "group", "n_pairs", "n_pre_only", "n_post_only", "mean_pre",
    "mean_post", "sd_pre", "sd_post", "r", "higher_is_better", "mean_change", "mean_change_se",
    "mean_change_ci_low", "mean_change_ci_high", "smcr", "smcr_var", "smcr_ci_low", "smcr_ci_high",
    "smcc", "smcc_var", "smcc_ci_low", "smcc_ci_high", "confidence", "r_source", "note",
]  # fmt: skip


def prepost_from_summary(
    summaries: pd.DataFrame,
    *,
    assumed_r: float = ASSUMED_R,
    sensitivity=None,
    level: float = 0.95,
    pre: str = "pre",
    post: str = "post",
    higher_is_better: dict[str, bool] | None = None,
) -> pd.DataFrame:
    """Pre/post change from reported summaries (n, means, SDs, r).

    *Muutos yhteenvetotiedoista* — for associations that report only the
    number measured, means and SDs per phase (the ``outcome_summaries``
    table). Same formulas and columns as :func:`prepost`.

    Parameters
    ----------
    summaries : pandas.DataFrame
        ``activity_id, instrument, group, phase, n, mean, sd`` and optional
        ``r`` (pre/post correlation, on the post row).
    assumed_r : float, default 0.5
        Correlation used where ``r`` is missing (``r_source = "assumed"``).
        SMCR's variance and SMCC depend on it; see ``sensitivity``.
    sensitivity : sequence of float, optional
        If given, the table is computed once for each assumed r and stacked,
        with the value in column ``scenario_r`` (rows with a reported r are
        the same in every scenario).
    level : float, default 0.95
    pre, post : str
    higher_is_better : dict, optional

    Returns
    -------
    pandas.DataFrame
        The :func:`prepost` columns (``n_pre_only``/``n_post_only`` are
        missing: summaries do not say who was measured twice; ``n_pairs``
        is the smaller of the two n's, with a note when they differ), plus
        ``scenario_r`` with ``sensitivity``.

    Notes
    -----
    See :func:`prepost`. Assuming r = 0.5 makes the SMCR variance
    :math:`1/n + \\text{SMCR}^2/2n`; a higher true r means the reported
    variance is too large (conservative), a lower one too small.

    References
    ----------
    Borenstein, M., Hedges, L. V., Higgins, J. P. T., & Rothstein, H. R.
    (2009). *Introduction to Meta-Analysis*. Wiley, ch. 4 (matched groups).

    Examples
    --------
    Morris (2008) data, treatment group of study 1 (``metafor`` SMCR
    0.5056, variance 0.0594):

    >>> s = pd.DataFrame({"activity_id": "S1", "instrument": "X", "group": "participant",
    ...                   "phase": ["pre", "post"], "n": [20, 20], "mean": [30.6, 38.5],
    ...                   "sd": [15.0, 11.6], "r": [None, 0.47]})
    >>> r = prepost_from_summary(s, higher_is_better={"X": True}).iloc[0]
    >>> round(float(r.smcr), 4), round(float(r.smcr_var), 4), r.r_source
    (0.5056, 0.0594, 'reported')
    """
    require(summaries, ("activity_id", "instrument", "phase", "n", "mean", "sd"), "outcome_summaries")
    df = summaries[summaries["phase"].isin([pre, post])].copy()
    if "group" not in df.columns:
        df["group"] = "participant"
    if "r" not in df.columns:
        df["r"] = np.nan
    keys = ["activity_id", "instrument", "group"]
    dup = df.duplicated(keys + ["phase"], keep=False)
    if dup.any():
        raise DataError(
            [
                Problem(file="outcome_summaries", row=None, column="phase", value=str(df.at[i, "activity_id"]),
                        rule="unique_key", message_en="two summary rows for the same phase",
                        message_fi="kaksi yhteenvetoriviä samalle mittaukselle")
                for i in df.index[dup][:20]
            ]
        )  # fmt: skip
    wide = df.pivot(index=keys, columns="phase", values=["n", "mean", "sd", "r"])
    wide.columns = [f"{a}_{b}" for a, b in wide.columns]
    for c in ("n", "mean", "sd", "r"):
        for ph in (pre, post):
            if f"{c}_{ph}" not in wide.columns:
                wide[f"{c}_{ph}"] = np.nan
    wide = wide.reset_index()
    n_pre, n_post = floats(wide[f"n_{pre}"]), floats(wide[f"n_{post}"])
    n = np.fmin(n_pre, n_post)
    n = np.where(np.isfinite(n_pre) & np.isfinite(n_post), n, np.nan)
    r_rep = floats(wide[f"r_{post}"].astype(float))
    r_rep = np.where(np.isfinite(r_rep), r_rep, floats(wide[f"r_{pre}"].astype(float)))
    base = pd.DataFrame(
        {
            "activity_id": wide["activity_id"],
            "instrument": wide["instrument"],
            "group": wide["group"],
            "n_pairs": pd.array(np.where(np.isfinite(n), n, np.nan), dtype="Float64").astype("Int64"),
            "n_pre_only": pd.array([pd.NA] * len(wide), dtype="Int64"),
            "n_post_only": pd.array([pd.NA] * len(wide), dtype="Int64"),
            "mean_pre": floats(wide[f"mean_{pre}"]),
            "mean_post": floats(wide[f"mean_{post}"]),
            "sd_pre": floats(wide[f"sd_{pre}"]),
            "sd_post": floats(wide[f"sd_{post}"]),
        }
    )
    base["higher_is_better"] = higher_is_better_lookup(base["instrument"], higher_is_better)
    differ = np.isfinite(n_pre) & np.isfinite(n_post) & (n_pre != n_post)
    scenarios = [assumed_r] if sensitivity is None else list(sensitivity)
    for rr in scenarios:
        if not -1 <= float(rr) <= 1:
            raise ValueError(f"assumed correlations must be between -1 and 1, got {rr}")
    parts = []
    for rr in scenarios:  # a handful of scenarios, not a loop over activities
        part = base.copy()
        part["r"] = np.where(np.isfinite(r_rep), r_rep, float(rr))
        core = _smc_core(
            floats(n), part["mean_pre"], part["mean_post"], part["sd_pre"], part["sd_post"], part["r"],
            np.where(part["higher_is_better"], 1.0, -1.0), level,
        )  # fmt: skip
        part = pd.concat([part.reset_index(drop=True), core], axis=1)
        part["r_source"] = np.where(np.isfinite(r_rep), "reported", "assumed")
        note = part["note"].to_numpy(dtype=object)
        part["note"] = np.where(
            differ, np.where(note == "", "n differs between phases; the smaller n is used / n eroaa mittausten välillä",
                             note + "; n differs between phases"), note)  # fmt: skip
        if sensitivity is not None:
            part["scenario_r"] = float(rr)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    cols = _PREPOST_COLUMNS + (["scenario_r"] if sensitivity is not None else [])
    return out[cols]
