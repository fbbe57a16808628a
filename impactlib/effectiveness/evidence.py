"""Evidence levels of activities: Nesta Standards of Evidence and the Kasvun tuki scale.

*Näytön taso* — how strong is the evidence that an activity works, which
criterion is met or missing, and what is the next step. Re-exported from
:mod:`impactlib.effectiveness`.

Examples
--------
>>> NESTA_LEVELS[3][1]
'comparison group shows it caused the change'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import labels
from .._util import floats, require

__all__ = ["NESTA_LEVELS", "KASVUN_TUKI_LEVELS", "OUTCOMES", "ADJUSTED_EFFECT_TYPES",
           "MIN_REPLICATIONS_LEVEL5", "evidence_level"]

#: Designs with a comparison group (codes of :data:`impactlib.model.DESIGNS`).
COMPARISON_DESIGNS = ("comparison_group", "randomised")


# ---------------------------------------------------------------------------
# Evidence levels
# ---------------------------------------------------------------------------

#: Nesta Standards of Evidence (Puttick & Ludlow 2013): level -> (Finnish, English).
NESTA_LEVELS = labels.NESTA_LEVELS
#: Kasvun tuki overall ratings (Itla; cumulative 1–5) -> (Finnish, English).
KASVUN_TUKI_LEVELS = labels.KASVUN_TUKI_LEVELS
#: Measured outcomes of an activity (results, not gaps) -> (Finnish, English).
OUTCOMES = labels.EVIDENCE_OUTCOMES


#: Effect types that are adjusted for a comparison group: ``effect_type`` of
#: :func:`impactlib.effectiveness.activity_effects` (``"ppc"``) or ``method`` of
#: :func:`impactlib.effectiveness.comparison_effect` (``"did"``, ``"ipw"``).
ADJUSTED_EFFECT_TYPES = ("ppc", "did", "ipw")

#: Replications needed for Nesta level 5 ("consistent replication"), counted from an optional
#: ``replications`` column of the activities table; ``replicated = True`` alone counts as one.
MIN_REPLICATIONS_LEVEL5 = 2


def _bool(s: pd.Series) -> np.ndarray:
    return s.astype("boolean").fillna(False).to_numpy(dtype=bool)


def _decide(acts: pd.DataFrame, effects: pd.DataFrame, estimate, ci_low, ci_high, variance,
            effect_type, instrument, primary, level) -> pd.DataFrame:
    """Outcome per activity from its effects: the declared instrument, or Holm over all.

    Returns one row per activity with effects: ``_pos, _neg, _pos_adj, _basis, _m,
    _inst_pos, _inst_neg, _inst_primary``.
    """
    from scipy import stats

    z = stats.norm.ppf(0.5 + level / 2)
    e = pd.DataFrame({
        "activity_id": effects["activity_id"].to_numpy(),
        "est": floats(effects[estimate]), "lo": floats(effects[ci_low]), "hi": floats(effects[ci_high]),
        "inst": (effects[instrument].astype("string").fillna("–").to_numpy(dtype=object)
                 if instrument in effects.columns else np.full(len(effects), "–", dtype=object)),
    })  # fmt: skip
    if effect_type in effects.columns:
        et = effects[effect_type]
    elif "method" in effects.columns:
        et = effects["method"]
    else:
        et = pd.Series([None] * len(effects))
    e["adj"] = et.astype("string").isin(ADJUSTED_EFFECT_TYPES).fillna(False).to_numpy(dtype=bool)
    if variance is not None and variance in effects.columns:
        se = np.sqrt(np.clip(floats(effects[variance]), 0, None))
    else:  # from a symmetric Wald interval
        se = (e["hi"].to_numpy() - e["lo"].to_numpy()) / (2 * z)
    e["se"] = se
    e = e[np.isfinite(e["est"].to_numpy())]
    declared = {}
    if primary is not None and primary in acts.columns:
        d = acts[["activity_id", primary]].dropna()
        declared = dict(zip(d["activity_id"].to_numpy(dtype=object), d[primary].astype(str).to_numpy(dtype=object),
                            strict=True))  # numpy objects: not one Arrow scalar at a time
    e["_declared"] = e["activity_id"].map(declared)
    e["_is_primary"] = (e["inst"] == e["_declared"]).fillna(False).astype(bool)
    has_primary = e.groupby("activity_id")["_is_primary"].transform("any").to_numpy(dtype=bool)
    e = e[~has_primary | e["_is_primary"].to_numpy()].copy()  # declared instrument decides alone
    e["_basis"] = np.where(e["_is_primary"], "primary", "holm")
    m = e.groupby("activity_id")["est"].transform("size").to_numpy()
    e["_m"] = m
    # one effect: its interval decides; several: Holm-adjusted p-values (Holm 1979)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = 2 * stats.norm.sf(np.abs(e["est"].to_numpy() / e["se"].to_numpy()))
    p = np.where(np.isfinite(p), p, 1.0)
    e["_p"] = p
    e = e.sort_values(["activity_id", "_p"], kind="mergesort")
    rank = e.groupby("activity_id").cumcount().to_numpy()  # 0 = smallest p
    e["_padj"] = np.minimum(1.0, (e["_m"].to_numpy() - rank) * e["_p"].to_numpy())
    e["_padj"] = e.groupby("activity_id")["_padj"].cummax()
    alpha = 1 - level
    single = e["_m"].to_numpy() == 1
    sig = np.where(single, False, e["_padj"].to_numpy() < alpha)
    pos = np.where(single, e["lo"].to_numpy() > 0, sig & (e["est"].to_numpy() > 0))
    neg = np.where(single, e["hi"].to_numpy() < 0, sig & (e["est"].to_numpy() < 0))
    e["_pos"], e["_neg"] = pos, neg
    e["_pos_adj"] = pos & e["adj"].to_numpy()
    e["_inst_pos"] = np.where(pos, e["inst"], None)
    e["_inst_neg"] = np.where(neg, e["inst"], None)
    e["_inst_adj"] = np.where(e["_pos_adj"], e["inst"], None)
    g = e.groupby("activity_id", sort=False)
    out = pd.DataFrame({"_pos": g["_pos"].any(), "_neg": g["_neg"].any(), "_pos_adj": g["_pos_adj"].any(),
                        "_basis": g["_basis"].first(), "_m": g["_m"].first()})  # fmt: skip
    for c in ("_inst_pos", "_inst_neg", "_inst_adj", "inst"):
        out[c if c != "inst" else "_inst_all"] = _names(e["activity_id"], e[c])
    return out


def _names(ids: pd.Series, names: pd.Series) -> pd.Series:
    """Distinct names per activity joined with ", " (a plain look-up where there is one row)."""
    d = pd.DataFrame({"a": ids.to_numpy(), "n": names.to_numpy(dtype=object)}).dropna()
    d = d.drop_duplicates().sort_values(["a", "n"])
    many = d["a"].duplicated(keep=False).to_numpy()
    one = d[~many].set_index("a")["n"]
    if many.any():
        one = pd.concat([one, d[many].groupby("a")["n"].agg(", ".join)])
    return one


def evidence_level(
    activities: pd.DataFrame,
    effects: pd.DataFrame | None = None,
    *,
    estimate: str = "smd",
    ci_low: str = "smd_ci_low",
    ci_high: str = "smd_ci_high",
    lang: str = "fi",
    effect_type: str = "effect_type",
    variance: str | None = "smd_var",
    instrument: str = "instrument",
    primary: str | None = "instrument",
    level: float = 0.95,
) -> pd.DataFrame:
    """Evidence level of each activity: Nesta Standards and the Kasvun tuki scale.

    *Näytön taso* — how strong is the evidence that the activity works, and
    what is the next step? A level counts only if all lower levels hold, and
    it is decided by **what the effect is**, not by the design the activity
    declares: level 3 needs a positive effect *adjusted for a comparison
    group*. "No effect" and "harmful" are outcomes of an evaluation (column
    ``outcome``), not gaps in its design, so ``next_step`` is empty for them;
    but "no effect" means only that the interval includes 0 — the evaluation
    did not detect an effect, which is not evidence that there is none (a
    small evaluation often cannot tell).

    Parameters
    ----------
    activities : pandas.DataFrame
        The ``activities`` table (``design, theory_of_change,
        independent_evaluation, replicated, manualised``; missing booleans
        count as "no"; an optional ``replications`` column counts the places
        where the activity was run and evaluated, and the ``instrument``
        column names the declared outcome instrument).
    effects : pandas.DataFrame, optional
        Effects in the improvement direction with CIs, one or more rows per
        activity (e.g. :func:`impactlib.effectiveness.activity_effects`, or
        the effects of :func:`impactlib.effectiveness.comparison_effect`).
        Without it no activity has measured results.
    estimate, ci_low, ci_high : str
        Column names in ``effects``.
    lang : {"fi", "en"}
        Language of the text columns.
    effect_type : str, default "effect_type"
        Column of ``effects`` saying what each effect is; values in
        :data:`ADJUSTED_EFFECT_TYPES` (``"ppc"``, ``"did"``, ``"ipw"``) are
        adjusted for a comparison group. Without the column, ``method`` (of
        :func:`~impactlib.effectiveness.comparison_effect`) is used; without
        either no effect counts as comparison-adjusted.
    variance : str or None, default "smd_var"
        Column of sampling variances for the Holm p-values; when missing the
        standard error comes from the (symmetric) interval at ``level``.
    instrument : str, default "instrument"
        Column of ``effects`` naming the instrument.
    primary : str or None, default "instrument"
        Column of ``activities`` with the activity's declared (primary)
        outcome instrument. None: every activity is judged on all its
        instruments.
    level : float, default 0.95
        Confidence level of the intervals in ``effects``; 1 − level is the
        family-wise error rate of the Holm procedure.

    Returns
    -------
    pandas.DataFrame
        ``activity_id, design, outcome, nesta_level, nesta_label,
        level1_met … level5_met, design_level, next_step,
        kasvun_tuki_level, kasvun_tuki_rating, outcome_basis,
        outcome_instrument, comparison_adjusted, nesta_reason``.

    Notes
    -----
    ``outcome`` is decided as follows (the choice this library makes, so that
    trying many instruments cannot make an activity "positive" by chance):

    * **declared instrument** — when the activity names its instrument
      (``primary`` column) and that instrument has an effect, only that
      effect counts: ``positive`` if its CI lies above 0, ``harmful`` if
      below, ``no_effect`` otherwise (``outcome_basis = "primary"``);
    * **all instruments, Holm-adjusted** — otherwise every effect of the
      activity counts, with Holm's (1979) step-down adjustment of the
      two-sided p-values :math:`p_i = 2\\Phi(-|\\hat\\theta_i|/SE_i)` over
      the activity's m instruments: ``positive`` if some effect above 0 has
      an adjusted p below 1 − ``level``, ``harmful`` likewise below 0
      (``outcome_basis = "holm"``; with one instrument this is its CI);
    * ``harmful`` wins over ``positive``; ``not_measured`` without effects
      or without a pre/post or stronger design.

    Nesta levels (Puttick & Ludlow 2013, in their words), cumulative:

    1. "You can describe what you do and why it matters" —
       ``theory_of_change``;
    2. "You capture data that shows positive change, but you cannot confirm
       you caused this" — pre/post or stronger design and a ``positive``
       outcome;
    3. "You can demonstrate causality using a control or comparison group" —
       a comparison-group or randomised design **and** a positive effect
       that is comparison-adjusted (a pre/post effect that
       :func:`~impactlib.effectiveness.activity_effects` used because the
       comparison data were missing does not count);
    4. "You have one + independent replication evaluations that confirms
       these conclusions" — ``independent_evaluation`` **and**
       ``replicated``;
    5. "You have manuals, systems and procedures to ensure consistent
       replication and positive impact" — ``manualised`` and at least
       :data:`MIN_REPLICATIONS_LEVEL5` replications (``replications``
       column; ``replicated`` alone records one, so level 5 needs the count).

    ``nesta_reason`` says in words why the activity has its level and what
    stops it at the next one; ``next_step`` names the first missing
    criterion (empty when the evidence stops at a result rather than a gap);
    ``design_level`` is the level the evaluation design alone would allow,
    whatever the result.

    Kasvun tuki (Itla) overall rating, approximated from the same fields
    (the real rating is a systematic review of published studies): 1 well
    described = manualised; 2 theoretically grounded = theory of change;
    3 little documented evidence = positive outcome from pre/post or better;
    4 moderate = positive comparison-adjusted effect; 5 strong = the same
    in a randomised design plus independent evaluation or replication.
    Measured null or harmful outcomes give the ratings "ei vaikutusta" /
    "kielteiset vaikutukset". Vectorised with numpy and pandas.

    References
    ----------
    Holm, S. (1979). A simple sequentially rejective multiple test procedure.
    *Scandinavian Journal of Statistics*, 6(2), 65–70.

    Puttick, R., & Ludlow, J. (2013). *Standards of Evidence: An Approach
    that Balances the Need for Evidence with Innovation*. London: Nesta.

    Kasvun tuki / Itla (2024). Arviointikäsikirja: menetelmän kokonaisarvio.
    https://kasvuntuki.fi/menetelmaarviointi/arviointikasikirja/

    Examples
    --------
    >>> a = pd.DataFrame({"activity_id": ["A", "B"], "design": ["pre_post", "comparison_group"],
    ...                   "theory_of_change": [True, True], "independent_evaluation": [False, False],
    ...                   "replicated": [False, False], "manualised": [True, False]})
    >>> e = pd.DataFrame({"activity_id": ["A", "B"], "smd": [0.4, 0.35], "effect_type": ["smcr", "smcr"],
    ...                   "smd_ci_low": [0.1, 0.05], "smd_ci_high": [0.7, 0.65]})
    >>> r = evidence_level(a, e, lang="en")
    >>> r[["activity_id", "outcome", "nesta_level", "next_step"]].to_dict("records")
    [{'activity_id': 'A', 'outcome': 'positive', 'nesta_level': 2, 'next_step': 'no comparison group'}, {'activity_id': 'B', 'outcome': 'positive', 'nesta_level': 2, 'next_step': 'no comparison-adjusted effect'}]
    >>> print(r["nesta_reason"].iloc[1])
    Level 2: positive change on –. Not level 3: the effect is a before–after change only: the comparison data are missing or the effect against the comparison group does not differ from 0.
    """
    if lang not in ("fi", "en"):
        raise ValueError("lang must be 'fi' or 'en'")
    li = 0 if lang == "fi" else 1
    require(activities, ("activity_id", "design"), "activities")
    acts = activities.drop_duplicates("activity_id").reset_index(drop=True)
    for c in ("theory_of_change", "independent_evaluation", "replicated", "manualised"):
        if c not in acts.columns:
            acts[c] = pd.NA
    toc, ind, rep, man = (_bool(acts[c]) for c in ("theory_of_change", "independent_evaluation", "replicated", "manualised"))
    if "replications" in acts.columns:
        n_rep = np.nan_to_num(floats(pd.to_numeric(acts["replications"], errors="coerce")), nan=0.0)
        n_rep = np.maximum(n_rep, rep.astype(float))
    else:
        n_rep = rep.astype(float)
    many_rep = n_rep >= MIN_REPLICATIONS_LEVEL5
    design = acts["design"].astype(str).to_numpy()
    measured_design = np.isin(design, ["pre_post", *COMPARISON_DESIGNS])
    comp_design = np.isin(design, COMPARISON_DESIGNS)
    rand = design == "randomised"
    n = len(acts)
    empty = np.full(n, "", dtype=object)
    if effects is not None and len(effects):
        require(effects, ("activity_id", estimate, ci_low, ci_high), "effects")
        dec = _decide(acts, effects, estimate, ci_low, ci_high, variance, effect_type, instrument, primary,
                      float(level)).reindex(acts["activity_id"])
        has = dec["_m"].notna().to_numpy() & measured_design
        pos = dec["_pos"].eq(True).to_numpy(dtype=bool) & has
        neg = dec["_neg"].eq(True).to_numpy(dtype=bool) & has
        pos_adj = dec["_pos_adj"].eq(True).to_numpy(dtype=bool) & has
        basis = np.where(has, dec["_basis"].fillna("").to_numpy(dtype=object), "")
        m_inst = np.nan_to_num(dec["_m"].to_numpy(dtype=float), nan=0).astype(int)
        inst_pos = dec["_inst_pos"].fillna("").to_numpy(dtype=object)
        inst_neg = dec["_inst_neg"].fillna("").to_numpy(dtype=object)
        inst_adj = dec["_inst_adj"].fillna("").to_numpy(dtype=object)
        inst_all = dec["_inst_all"].fillna("").to_numpy(dtype=object)
    else:
        has = pos = neg = pos_adj = np.zeros(n, dtype=bool)
        basis = inst_pos = inst_neg = inst_adj = inst_all = empty
        m_inst = np.zeros(n, dtype=int)
    outcome = np.where(~has, "not_measured", np.where(neg, "harmful", np.where(pos, "positive", "no_effect")))
    good = has & (outcome == "positive")
    good_adj = good & pos_adj
    l1 = toc
    l2 = l1 & good
    l3 = l2 & comp_design & good_adj
    l4 = l3 & ind & rep
    l5 = l4 & man & many_rep
    met = np.column_stack([l1, l2, l3, l4, l5])
    level_ = met.sum(axis=1)  # cumulative, so the count is the level
    dl1 = toc
    dl2 = dl1 & measured_design
    dl3 = dl2 & comp_design
    dl4 = dl3 & ind & rep
    dl5 = dl4 & man & many_rep
    design_level = np.column_stack([dl1, dl2, dl3, dl4, dl5]).sum(axis=1)
    # next step: first unmet level, unless the stop is a measured result
    gap_text = np.array([""] + [labels.EVIDENCE_GAPS[i][li] for i in range(1, 6)], dtype=object)
    nxt = np.minimum(level_ + 1, 5)
    stop_is_result = has & ~good & (design_level >= level_ + 1)
    next_step = np.where((level_ >= 5) | stop_is_result, "", gap_text[nxt])
    # a comparison design whose positive effect is not comparison-adjusted: the gap is the adjustment
    not_adj = (level_ == 2) & comp_design
    next_step = np.where(not_adj, ("ei vertailuryhmään verrattua vaikutusta", "no comparison-adjusted effect")[li],
                         next_step)
    # Kasvun tuki
    k1 = man
    k2 = k1 & toc
    k3 = k2 & good
    k4 = k3 & comp_design & good_adj
    k5 = k4 & rand & (ind | rep)
    kt = np.column_stack([k1, k2, k3, k4, k5]).sum(axis=1)
    kt_label = np.array([KASVUN_TUKI_LEVELS[i][li] for i in range(6)], dtype=object)[kt]
    kt_label = np.where(has & (outcome == "harmful"), labels.KASVUN_TUKI_NEGATIVE[li], kt_label)
    kt_label = np.where(has & (outcome == "no_effect") & comp_design, labels.KASVUN_TUKI_NONE[li], kt_label)
    combos = pd.DataFrame({"lv": level_, "outcome": outcome, "basis": basis, "m": m_inst, "ip": inst_pos,
                           "ineg": inst_neg, "iadj": inst_adj, "iall": inst_all, "comp": comp_design,
                           "ind": ind, "rep": rep, "man": man, "many": many_rep, "has": has})
    # a few hundred distinct combinations at most: each is written once (:func:`_distinct_rows`)
    first, which = _distinct_rows(combos)
    uniq = combos.iloc[first].reset_index(drop=True)
    texts = _reasons(li, *(uniq[c].to_numpy() for c in ("lv", "outcome", "basis", "m", "ip", "ineg", "iadj",
                                                        "iall", "comp", "ind", "rep", "man", "many", "has")))
    reason = texts[which]
    out = pd.DataFrame(
        {
            "activity_id": acts["activity_id"],
            "design": acts["design"],
            "outcome": outcome,
            "nesta_level": level_.astype(int),
            "nesta_label": np.array([NESTA_LEVELS[i][li] for i in range(6)], dtype=object)[level_],
            **{f"level{i + 1}_met": met[:, i] for i in range(5)},
            "design_level": design_level.astype(int),
            "next_step": next_step,
            "kasvun_tuki_level": kt.astype(int),
            "kasvun_tuki_rating": kt_label,
            "outcome_basis": basis,
            "outcome_instrument": np.where(outcome == "positive", np.where(level_ >= 3, inst_adj, inst_pos),
                                           np.where(outcome == "harmful", inst_neg, inst_all)),
            "comparison_adjusted": good_adj,
            "nesta_reason": reason,
        }
    )
    return out


def _distinct_rows(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The first row of each distinct combination of the columns' values and each row's
    combination (:func:`pandas.factorize` per column, the codes combined and numbered by
    :func:`numpy.unique`): what ``drop_duplicates`` and a merge back on every column give."""
    key, size = np.zeros(len(frame), dtype=np.int64), 1
    for c in frame.columns:
        codes, uniques = pd.factorize(frame[c], use_na_sentinel=False)
        if size * (len(uniques) + 1) >= 2**62:  # renumber the combinations so far densely
            key = np.unique(key, return_inverse=True)[1].reshape(-1)
            size = int(key.max(initial=0)) + 1
        key, size = key * (len(uniques) + 1) + codes, size * (len(uniques) + 1)
    _, first, which = np.unique(key, return_index=True, return_inverse=True)
    return first, which.reshape(-1)


def _reasons(li, level_, outcome, basis, m_inst, inst_pos, inst_neg, inst_adj, inst_all, comp_design, ind,
             rep, man, many_rep, has) -> np.ndarray:
    """``nesta_reason``: why this level, and what stops the next one (one sentence pair)."""
    r = labels.EVIDENCE_REASONS
    t = lambda key, **kw: r[key][li].format(**kw)  # noqa: E731
    head = ("Taso {lv}: ", "Level {lv}: ")[li]
    nxt = ("Ei tasoa {lv}: ", "Not level {lv}: ")[li]
    out = []
    for i in range(len(level_)):  # text for each distinct combination only; decisions are vectorised
        lv = int(level_[i])
        if lv == 0:
            out.append(head.format(lv=0) + t("no_toc") + ".")
            continue
        if lv == 1:
            if not has[i]:
                why = t("not_measured")
            elif outcome[i] == "harmful":
                why = t("harmful", inst=inst_neg[i] or "–")
            elif basis[i] == "primary" or m_inst[i] <= 1:
                why = t("no_effect_primary", inst=inst_all[i] or "–")
            else:
                why = t("no_effect_holm", m=int(m_inst[i]))
            out.append(head.format(lv=1) + ("muutosteoria" if li == 0 else "theory of change") + ". "
                       + nxt.format(lv=2) + why + ".")
            continue
        if lv == 2:
            why = t("not_adjusted") if comp_design[i] else t("no_comparison_design")
            out.append(head.format(lv=2) + t("positive", inst=inst_pos[i] or "–") + ". "
                       + nxt.format(lv=3) + why + ".")
            continue
        got = t("positive_adjusted", inst=inst_adj[i] or "–")
        if lv == 3:
            miss = [t(k) for k, ok in (("no_independent", ind[i]), ("no_replication", rep[i])) if not ok]
            out.append(head.format(lv=3) + got + ". " + nxt.format(lv=4) + "; ".join(miss) + ".")
        elif lv == 4:
            miss = [t(k) for k, ok in (("no_manual", man[i]), ("few_replications", many_rep[i])) if not ok]
            out.append(head.format(lv=4) + got + "; " + ("riippumaton toistoarviointi" if li == 0 else
                       "independent replication evaluation") + ". " + nxt.format(lv=5) + "; ".join(miss) + ".")
        else:
            out.append(head.format(lv=5) + got + "; " + t("top") + ".")
    return np.array(out, dtype=object)
