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

__all__ = ["NESTA_LEVELS", "KASVUN_TUKI_LEVELS", "OUTCOMES", "evidence_level"]

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
        activity (e.g. :func:`impactlib.effectiveness.activity_effects`). Without it no activity
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
       :func:`impactlib.effectiveness.activity_effects`);
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
    require(activities, ("activity_id", "design"), "activities")
    acts = activities.drop_duplicates("activity_id").reset_index(drop=True)
    for c in ("theory_of_change", "independent_evaluation", "replicated", "manualised"):
        if c not in acts.columns:
            acts[c] = pd.NA
    toc, ind, rep, man = (_bool(acts[c]) for c in ("theory_of_change", "independent_evaluation", "replicated", "manualised"))
    design = acts["design"].astype(str).to_numpy()
    measured_design = np.isin(design, ["pre_post", *COMPARISON_DESIGNS])
    comp_design = np.isin(design, COMPARISON_DESIGNS)
    rand = design == "randomised"
    if effects is not None and len(effects):
        require(effects, ("activity_id", estimate, ci_low, ci_high), "effects")
        e = effects.assign(
            _pos=floats(effects[ci_low]) > 0, _neg=floats(effects[ci_high]) < 0, _has=np.isfinite(floats(effects[estimate]))
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
    gap_text = np.array([""] + [labels.EVIDENCE_GAPS[i][li] for i in range(1, 6)], dtype=object)
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
    kt_label = np.where(has & (outcome == "harmful"), labels.KASVUN_TUKI_NEGATIVE[li], kt_label)
    kt_label = np.where(has & (outcome == "no_effect") & comp_design, labels.KASVUN_TUKI_NONE[li], kt_label)
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
