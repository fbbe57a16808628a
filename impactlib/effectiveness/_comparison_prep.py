"""The inputs of :func:`~impactlib.effectiveness.comparison_effect` (private).

From the ``outcomes`` table to what the grouped fits need: the paired participants of every
activity × instrument with at least 3 paired people in both the participant and the comparison
group (one row each, sorted by activity, instrument, group and participant), their
direction-signed change, the group code of each row and Morris's (2008) :math:`d_{ppc2}` per
activity × instrument (:func:`~impactlib.effectiveness.smd_ppc`, with the pooled within-group
pre/post correlation).

Two routes give the same numbers: :func:`_prepare_on_pairs` on the integer codes of
:func:`~impactlib.effectiveness._pairs.pair_codes` (every validated table: no wide table, no
group-by on text) and :func:`_prepare_general` on the wide table of :func:`paired_scores` (any
keys, and covariates that name a computed column). Means, SDs and sums are pandas' grouped
kernels on the same rows in the same order in both, grouped by integers in the first (so the
same floats; the tests compare the two exactly).

Examples
--------
>>> Prepared.__name__
'Prepared'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._util import div, require
from ._pairs import UNIT_KEYS, column_at, pair_codes
from .effectsize import higher_is_better_lookup, smd_ppc

__all__ = ["Prepared", "prepare"]

#: Columns :func:`_prepare_general` computes on the wide table: covariates with these names take
#: that path.
_COMPUTED = ("pre", "post", "pre_d", "post_d", "change", "treated", "_cp")


@dataclass(frozen=True)
class Prepared:
    """What the fits of :func:`comparison_effect` need (see the module).

    ``wide`` holds one row per paired participant with at least the columns ``treated``
    (0/1), ``change`` and ``pre_d`` (direction-signed) and the covariates ``covs``; ``codes``
    numbers each row's activity × instrument (0 … ``n_groups`` − 1, the rows of ``key_frame``,
    ``n_t``, ``n_c`` and ``ppc``).
    """

    wide: pd.DataFrame
    codes: np.ndarray
    n_groups: int
    key_frame: pd.DataFrame
    n_t: np.ndarray
    n_c: np.ndarray
    ppc: pd.DataFrame
    covs: list


def prepare(outcomes, *, pre, post, higher_is_better, covariates, level) -> Prepared | None:
    """The inputs (``None`` when no activity has both groups with at least 3 pairs)."""
    extra = [c for c in outcomes.columns if c not in (*UNIT_KEYS, "phase", "score")]
    if covariates is None:
        covs = ["age"] if "age" in extra else []
    else:
        covs = ["pre_d" if c == "pre" else c for c in covariates]
    plain = all(c == "pre_d" or (c in extra and c not in _COMPUTED) for c in covs)
    p = pair_codes(outcomes, pre, post) if plain else None
    if p is None:
        return _prepare_general(outcomes, pre, post, higher_is_better, covariates, level)
    return _prepare_on_pairs(outcomes, p, higher_is_better, covs, level)


def _prepare_on_pairs(outcomes, p, higher_is_better, covs, level) -> Prepared | None:
    """:func:`_prepare_general` on the units of :func:`pair_codes`."""
    labels = pd.Series(p.group)
    part_g = (labels == "participant").to_numpy(dtype=bool, na_value=False)
    comp_g = (labels == "comparison").to_numpy(dtype=bool, na_value=False)
    units = np.flatnonzero(~np.isnan(p.pre) & ~np.isnan(p.post) & (part_g | comp_g)[p.gid])
    gu = p.gid[units]
    ai = p.activity_code[gu] * len(p.instruments) + p.instrument_code[gu]  # sorted with the units
    new = np.ones(len(ai), dtype=bool)
    new[1:] = ai[1:] != ai[:-1]
    ai_id = np.cumsum(new) - 1
    n_ai = int(new.sum())
    treated = part_g[gu]
    eligible = (np.bincount(ai_id[treated], minlength=n_ai) >= 3) & (np.bincount(ai_id[~treated], minlength=n_ai) >= 3)
    if not eligible.any():
        return None
    sel = eligible[ai_id]
    units, gu, treated = units[sel], gu[sel], treated[sel]
    codes = (np.cumsum(eligible) - 1)[ai_id[sel]]
    n_groups = int(eligible.sum())
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    key_frame = p.key_frame(gu[starts])[["activity_id", "instrument"]]
    names = pd.Series(np.asarray(p.instruments, dtype=object))
    icode = p.instrument_code[gu]
    used = np.flatnonzero(np.bincount(icode, minlength=len(names)))
    hib = np.zeros(len(names), dtype=bool)
    hib[used] = higher_is_better_lookup(names.iloc[used].reset_index(drop=True), higher_is_better)
    sign = np.where(hib[icode], 1.0, -1.0)
    pre_d, post_d = sign * p.pre[units], sign * p.post[units]
    wide = pd.DataFrame({"treated": treated.astype(np.int64), "change": post_d - pre_d, "pre_d": pre_d})
    rows = p.row[units]
    for c in covs:
        if c not in wide.columns:
            wide[c] = column_at(outcomes, c, rows)
    # descriptives per activity x instrument x group (pandas' kernels, grouped by the integer)
    g = pd.DataFrame({"pre_d": pre_d, "post_d": post_d}).groupby(gu, sort=True)
    size, mean, sd = g.size(), g.mean(), g.std()
    present = size.index.to_numpy()
    m_pre, m_post = np.full(p.n_groups, np.nan), np.full(p.n_groups, np.nan)
    m_pre[present], m_post[present] = mean["pre_d"].to_numpy(), mean["post_d"].to_numpy()
    cp = (pre_d - m_pre[gu]) * (post_d - m_post[gu])
    first = np.searchsorted(gu, present)  # each group's first row
    code_g, part = codes[first], part_g[present]

    def per_pair(values: np.ndarray, of_participants: bool) -> np.ndarray:
        out = np.empty(n_groups, dtype=values.dtype)
        mask = part if of_participants else ~part
        out[code_g[mask]] = values[mask]
        return out

    n = size.to_numpy()
    n_t, n_c = per_pair(n, True), per_pair(n, False)
    desc = {}
    for c, values in (("m_pre", mean["pre_d"]), ("m_post", mean["post_d"]), ("sd_pre", sd["pre_d"]),
                      ("sd_post", sd["post_d"])):
        desc[c] = (per_pair(values.to_numpy(), True), per_pair(values.to_numpy(), False))
    cov_p = pd.Series(cp).groupby(codes, sort=True).sum().to_numpy() / (n_t + n_c - 2)
    ppc = _ppc(desc, n_t, n_c, cov_p, level)
    return Prepared(wide, codes, n_groups, key_frame, n_t, n_c, ppc, covs)


def _ppc(desc: dict, n_t, n_c, cov_p, level) -> pd.DataFrame:
    """Morris's d_ppc2 from the descriptives ``desc`` (``{name: (participant, comparison)}``)."""
    def sp(c):  # pooled SD of one phase
        return np.sqrt(((n_t - 1) * desc[c][0] ** 2 + (n_c - 1) * desc[c][1] ** 2) / (n_t + n_c - 2))

    r_pooled = np.clip(div(cov_p, sp("sd_pre") * sp("sd_post")), -1, 1)
    return smd_ppc(desc["m_pre"][0], desc["m_post"][0], desc["sd_pre"][0], n_t, desc["m_pre"][1],
                   desc["m_post"][1], desc["sd_pre"][1], n_c, r_pooled, level=level)


def _prepare_general(outcomes, pre, post, higher_is_better, covariates, level) -> Prepared | None:
    """The inputs from the wide table of :func:`paired_scores` and pandas group-bys on its keys."""
    from .prepost import paired_scores

    wide = paired_scores(outcomes, pre=pre, post=post)
    wide = wide[wide["pre"].notna() & wide["post"].notna() & wide["group"].isin(["participant", "comparison"])]
    keys = ["activity_id", "instrument"]
    sizes = wide.groupby(keys + ["group"]).size().unstack("group", fill_value=0)
    for gname in ("participant", "comparison"):
        if gname not in sizes.columns:
            sizes[gname] = 0
    eligible = sizes[(sizes["participant"] >= 3) & (sizes["comparison"] >= 3)].index
    wide = wide[pd.MultiIndex.from_frame(wide[keys]).isin(eligible)].reset_index(drop=True)
    if wide.empty:
        return None
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
    n_t = desc[("n", "participant")].to_numpy(dtype=int)
    n_c = desc[("n", "comparison")].to_numpy(dtype=int)
    cov_p = wide.groupby(keys)["_cp"].sum().to_numpy() / (n_t + n_c - 2)
    parts = {c: (desc[(c, "participant")].to_numpy(dtype=float), desc[(c, "comparison")].to_numpy(dtype=float))
             for c in ("m_pre", "m_post", "sd_pre", "sd_post")}
    ppc = _ppc(parts, n_t, n_c, cov_p, level)
    # one pass over all activity x instrument groups (codes follow the sorted keys of desc)
    codes = desc.index.get_indexer(pd.MultiIndex.from_frame(wide[keys]))
    return Prepared(wide, codes, len(desc), desc.index.to_frame(index=False), n_t, n_c, ppc, covs)
