"""Rules for what a brief may say about effectiveness (*vaikuttavuusväitteiden säännöt*).

A pooled effect is **stated** only when the evidence can carry it:

* it rests on at least :data:`MIN_K_CLAIM` activities from at least
  :data:`MIN_ASSOCIATIONS_CLAIM` associations, and
* its confidence interval excludes 0 — the interval of a random-effects model
  with the Knapp–Hartung adjustment truncated at 1 (:func:`pool` with
  ``knapp_hartung="truncated"``), or of the three-level model
  (:func:`pool_multilevel`, t on associations − 1 df) when an area's activities
  cluster in associations (some association runs more than one of them).

Otherwise the sentence says that the evidence does not yet allow a conclusion.
Pools are stated one by one in a fixed order (never "the largest pooled
effect": pools on different instruments and activities are not comparable),
each effect size comes with a plain-language scale (:func:`effect_size_words`),
and a table puts side by side only numbers from the same activities
(:func:`effect_table`: the before–after change and the comparison-adjusted
effect of the activities that have a comparison group; the activities measured
before and after only in rows of their own).

Examples
--------
>>> import pandas as pd
>>> e = pd.DataFrame({"theme": "peer_support", "effect_type": "smcr", "org_id": list("abc"),
...                   "smd": [0.3, 0.5, 0.4], "smd_var": [0.02, 0.03, 0.02],
...                   "smcr": [0.3, 0.5, 0.4], "smcr_var": [0.02, 0.03, 0.02], "poolable": True})
>>> tab = effect_table(e)
>>> tab[["activities", "measure", "k", "claim", "reason"]].to_dict("records")
[{'activities': 'before_after_only', 'measure': 'before_after', 'k': 3, 'claim': 'not_yet', 'reason': 'few_activities'}]
>>> print(claim_sentence(tab.iloc[0], "Peer support", lang="en"))
Peer support, activities measured before and after only (k < 5): the evidence does not yet allow a conclusion (at least 5 activities are needed).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .._util import check_level, floats, require
from .meta import pool
from .multilevel import pool_multilevel

__all__ = ["MIN_K_CLAIM", "MIN_ASSOCIATIONS_CLAIM", "CLAIM_TEXTS", "ClaimPool", "pool_for_claim",
           "effect_claim", "effect_size_words", "effect_table", "claim_sentence", "claim_sentences"]

#: Fewest activities behind a stated pooled effect. With fewer than five studies a
#: random-effects meta-analysis estimates τ² poorly and has less power than a single large
#: study (Jackson & Turner 2017), and the Knapp–Hartung interval is then very wide anyway.
MIN_K_CLAIM = 5
#: Fewest associations behind a stated pooled effect: one association's activities say
#: something about that association, not about the activity type.
MIN_ASSOCIATIONS_CLAIM = 2

#: Sentences of the claims: key -> (Finnish, English).
CLAIM_TEXTS: dict[str, tuple[str, str]] = {
    "with_comparison_group": ("vertailuryhmälliset toiminnot", "activities with a comparison group"),
    "before_after_only": ("vain alussa ja lopussa mitatut toiminnot",
                          "activities measured before and after only"),
    "before_after": ("osallistujien muutos alusta loppuun", "participants' change from start to end"),
    "against_comparison": ("muutos vertailuryhmään verrattuna", "change against the comparison group"),
    "not_yet": ("näyttö ei vielä riitä johtopäätökseen", "the evidence does not yet allow a conclusion"),
    "few_activities": ("tarvitaan vähintään {min_k} toimintoa", "at least {min_k} activities are needed"),
    "one_association": ("kaikki toiminnot ovat samalta järjestöltä",
                        "all the activities come from one association"),
    "includes_zero": ("vaikutuksen luottamusväli {ci} sisältää nollan",
                      "the interval of the effect, {ci}, includes zero"),
    "positive_adjusted": ("osallistujien tila parani {d} keskihajontaa enemmän kuin vertailuryhmän "
                          "({pct} %:n lv {ci}) — {words}",
                          "participants improved by {d} standard deviations more than the comparison "
                          "group ({pct}% CI {ci}) — {words}"),
    "negative_adjusted": ("osallistujien tila heikkeni {d} keskihajontaa vertailuryhmään verrattuna "
                          "({pct} %:n lv {ci}) — {words}",
                          "participants fared worse than the comparison group by {d} standard "
                          "deviations ({pct}% CI {ci}) — {words}"),
    "positive_before_after": ("osallistujien tila parani alusta loppuun {d} keskihajontaa ({pct} %:n lv "
                              "{ci}) — {words}; ilman vertailuryhmää ei tiedetä, johtuiko muutos "
                              "toiminnasta",
                              "participants improved from start to end by {d} standard deviations "
                              "({pct}% CI {ci}) — {words}; without a comparison group it is not known "
                              "whether the activity caused the change"),
    "negative_before_after": ("osallistujien tila heikkeni alusta loppuun {d} keskihajontaa ({pct} %:n lv "
                              "{ci}) — {words}",
                              "participants' state worsened from start to end by {d} standard "
                              "deviations ({pct}% CI {ci}) — {words}"),
    "not_yet_themes": ("Näyttö ei vielä riitä johtopäätökseen näissä toimintamuodoissa: {themes} "
                       "(toimintoja on alle {min_k} tai vaikutuksen luottamusväli sisältää nollan)",
                       "For {themes}, the evidence does not yet allow a conclusion: there are fewer "
                       "than {min_k} activities, or the interval of the effect includes zero"),
    "size_negligible": ("hyvin pieni ero", "a very small difference"),
    "size_small": ("pieni ero", "a small difference"),
    "size_medium": ("keskikokoinen ero", "a medium-sized difference"),
    "size_large": ("suuri ero", "a large difference"),
    "u3_adjusted": ("keskimääräinen osallistuja pärjää paremmin kuin {u3} vertailuryhmästä",
                    "the average participant ends up better off than {u3} of the comparison group"),
    "u3_before_after": ("keskimääräinen osallistuja on lopussa paremmassa tilassa kuin {u3} "
                        "osallistujista alussa",
                        "the average participant ends up better off than {u3} of the participants "
                        "were at the start"),
}


def _t(key: str, lang: str, **kw) -> str:
    fi, en = CLAIM_TEXTS[key]
    return (fi if lang == "fi" else en).format(**kw)


@dataclass(frozen=True)
class ClaimPool:
    """The pooled effect a claim rests on (:func:`pool_for_claim`).

    ``model`` is ``"knapp_hartung_truncated"`` (two-level REML, Knapp–Hartung
    scale truncated at 1) or ``"three_level"`` (activities within
    associations, REML, t on associations − 1 df); ``result`` is the
    :class:`PoolResult` or :class:`MultilevelResult` itself.
    """

    estimate: float
    ci_low: float
    ci_high: float
    k: int
    n_associations: int
    model: str
    df: float
    level: float
    warnings: tuple[str, ...]
    result: object

    def to_frame(self) -> pd.DataFrame:
        """One-row table (with ``confidence``)."""
        cols = ("k", "n_associations", "model", "estimate", "ci_low", "ci_high", "df")
        row = {c: getattr(self, c) for c in cols}
        row["confidence"] = self.level
        row["warnings"] = " | ".join(self.warnings)
        return pd.DataFrame([row])

    def summary(self, lang: str = "fi") -> str:
        """The pooled effect with its model, in Finnish or English."""
        from ..i18n import fmt_ci, fmt_number

        model = {"three_level": ("kolmitasoinen malli", "three-level model"),
                 "knapp_hartung_truncated": ("REML ja Knapp–Hartung", "REML with Knapp–Hartung")}[self.model]
        name = model[0] if lang == "fi" else model[1]
        return (f"{fmt_number(self.estimate, 2, lang)} ({fmt_ci(self.ci_low, self.ci_high, 2, lang)}), "
                f"k = {self.k}, {name}")

    def __repr__(self) -> str:
        return (f"ClaimPool(model={self.model!r}, k={self.k}, n_associations={self.n_associations}, "
                f"estimate={self.estimate:.4f}, ci=[{self.ci_low:.4f}, {self.ci_high:.4f}])")


def pool_for_claim(yi, vi, cluster=None, *, level: float = 0.95) -> ClaimPool:
    """Pool effects the way a claim needs: Knapp–Hartung truncated, or three-level when clustered.

    Parameters
    ----------
    yi, vi : array-like of float
        Effect sizes and their sampling variances.
    cluster : array-like, optional
        The association of each effect (e.g. ``org_id``). When some
        association has more than one effect, the three-level model
        (:func:`pool_multilevel`, t on associations − 1 df) is used;
        otherwise :func:`pool` (REML, ``knapp_hartung="truncated"``).
    level : float, default 0.95

    Returns
    -------
    ClaimPool

    Examples
    --------
    >>> p = pool_for_claim([0.2, 0.4, 0.3, 0.5, 0.1], [0.02] * 5, ["a", "a", "b", "c", "d"])
    >>> p.model, p.k, p.n_associations, p.df
    ('three_level', 5, 4, 3.0)
    >>> pool_for_claim([0.2, 0.4, 0.3], [0.02] * 3).model
    'knapp_hartung_truncated'
    """
    level = check_level(level)
    y, v = floats(yi).ravel(), floats(vi).ravel()
    k = y.size
    if cluster is None:
        cl = np.arange(k)
    else:
        cl = pd.factorize(pd.Series(np.asarray(cluster, dtype=object).ravel()), sort=True)[0]
    n_assoc = int(len(np.unique(cl)))
    if n_assoc < k and n_assoc >= 2:
        r = pool_multilevel(y, v, cl, test="t", level=level)
        return ClaimPool(r.estimate, r.ci_low, r.ci_high, k, n_assoc, "three_level", r.df, level,
                         r.warnings, r)
    r = pool(y, v, knapp_hartung="truncated", level=level)
    return ClaimPool(r.estimate, r.ci_low, r.ci_high, k, n_assoc, "knapp_hartung_truncated", r.df,
                     level, r.warnings, r)


def effect_claim(k: int, n_associations: int, ci_low: float, ci_high: float, *,
                 min_k: int = MIN_K_CLAIM) -> tuple[str, str]:
    """What may be said of a pooled effect: ``(claim, reason)``.

    ``claim`` is ``"positive"`` or ``"negative"`` (the interval excludes 0)
    or ``"not_yet"``; ``reason`` is ``"few_activities"``,
    ``"one_association"``, ``"includes_zero"`` or ``""``.

    Examples
    --------
    >>> effect_claim(4, 4, 0.1, 0.5), effect_claim(8, 6, -0.1, 0.5), effect_claim(8, 6, 0.1, 0.5)
    (('not_yet', 'few_activities'), ('not_yet', 'includes_zero'), ('positive', ''))
    """
    if k < min_k:
        return "not_yet", "few_activities"
    if n_associations < MIN_ASSOCIATIONS_CLAIM:
        return "not_yet", "one_association"
    if not (np.isfinite(ci_low) and np.isfinite(ci_high)) or ci_low <= 0 <= ci_high:
        return "not_yet", "includes_zero"
    return ("positive", "") if ci_low > 0 else ("negative", "")


def effect_size_words(d: float, kind: str = "against_comparison", lang: str = "fi") -> str:
    """A standardised effect in plain words: Cohen's size label and Cohen's U3.

    Parameters
    ----------
    d : float
        Effect in standard deviations (positive = improvement).
    kind : {"against_comparison", "before_after"}
        What the effect compares, which decides how U3 is read.
    lang : {"fi", "en"}

    Notes
    -----
    Size (Cohen 1988): |d| < 0.2 very small, < 0.5 small, < 0.8 medium,
    otherwise large — conventions, not verdicts on what matters for people.
    U3 = Φ(d): the share of the comparison distribution (or of the
    participants' own start) below the average participant after the
    activity, assuming normal scores of equal spread.

    References
    ----------
    Cohen, J. (1988). *Statistical Power Analysis for the Behavioral
    Sciences* (2nd ed.). Erlbaum, ch. 2.

    Examples
    --------
    >>> effect_size_words(0.35, lang="en")
    'a small difference: the average participant ends up better off than 64% of the comparison group'
    """
    from ..i18n import fmt_pct

    a = abs(float(d))
    size = ("size_negligible" if a < 0.2 else "size_small" if a < 0.5 else
            "size_medium" if a < 0.8 else "size_large")
    u3 = fmt_pct(float(stats.norm.cdf(d)), 0, lang)
    key = "u3_adjusted" if kind == "against_comparison" else "u3_before_after"
    return f"{_t(size, lang)}: {_t(key, lang, u3=u3)}"


def effect_table(
    effects: pd.DataFrame,
    by: str | list[str] = "theme",
    *,
    cluster: str | None = "org_id",
    level: float = 0.95,
    min_k: int = MIN_K_CLAIM,
) -> pd.DataFrame:
    """Pooled effects for a brief's table, each column from the same activities, with its claim.

    Parameters
    ----------
    effects : pandas.DataFrame
        Output of :func:`impactlib.effectiveness.activity_effects` (rows with
        ``poolable`` true are used).
    by : str or list of str, default "theme"
    cluster : str or None, default "org_id"
        Column naming each activity's association (see :func:`pool_for_claim`).
    level : float, default 0.95
    min_k : int, default :data:`MIN_K_CLAIM`

    Returns
    -------
    pandas.DataFrame
        One row per ``by`` group, set of activities and measure, in the
        order of ``by`` and then ``activities`` = ``"with_comparison_group"``
        (measures ``"before_after"`` and ``"against_comparison"``, both over
        the same activities) and ``"before_after_only"`` (measure
        ``"before_after"``): ``k, n_associations, estimate, ci_low, ci_high,
        df, model, claim, reason, confidence``. Never sorted by the size of
        the effect.

    Notes
    -----
    The before–after column of the comparison-group activities is their
    participants' standardised mean change (``smcr``), so the two columns of
    one row differ only by what the comparison group changed. Activities
    measured before and after only are pooled separately; putting their
    change beside the comparison-adjusted effect of other activities would
    compare different activities.

    Examples
    --------
    >>> e = pd.DataFrame({"theme": "t", "effect_type": ["ppc"] * 5, "org_id": list("abcde"),
    ...                   "smd": [0.3, 0.4, 0.35, 0.5, 0.2], "smd_var": [0.01] * 5,
    ...                   "smcr": [0.6, 0.7, 0.6, 0.8, 0.5], "smcr_var": [0.01] * 5, "poolable": True})
    >>> t = effect_table(e)
    >>> t[["measure", "k", "claim"]].to_dict("records")
    [{'measure': 'before_after', 'k': 5, 'claim': 'positive'}, {'measure': 'against_comparison', 'k': 5, 'claim': 'positive'}]
    """
    level = check_level(level)
    keys = [by] if isinstance(by, str) else list(by)
    require(effects, [*keys, "effect_type", "smd", "smd_var", "smcr", "smcr_var"], "effects")
    e = effects[effects["poolable"].astype(bool)] if "poolable" in effects.columns else effects
    y = floats(e["smd"])
    e = e[np.isfinite(y) & (floats(e["smd_var"]) > 0)]
    rows = []
    plan = (("with_comparison_group", "ppc", (("before_after", "smcr", "smcr_var"),
                                              ("against_comparison", "smd", "smd_var"))),
            ("before_after_only", "smcr", (("before_after", "smd", "smd_var"),)))
    # columns as arrays once; each pool takes its rows by position (the same values, in order)
    e = e.reset_index(drop=True)
    col = {c: floats(e[c]) for c in ("smd", "smd_var", "smcr", "smcr_var")}
    is_type = {t: (e["effect_type"] == t).to_numpy(dtype=bool) for t in ("ppc", "smcr")}
    cl_all = None
    for key, d in e.groupby(keys, sort=True, dropna=False):
        key = key if isinstance(key, tuple) else (key,)
        base = dict(zip(keys, key, strict=True))
        at = d.index.to_numpy()
        for acts, etype, measures in plan:
            sub = at[is_type[etype][at]]
            for measure, yc, vc in measures:
                s = sub[np.isfinite(col[yc][sub]) & (col[vc][sub] > 0)]
                if s.size == 0:
                    continue
                if cluster and cl_all is None:
                    cl_all = e[cluster].astype(str).to_numpy()
                cl = cl_all[s] if cluster else None
                p = pool_for_claim(col[yc][s], col[vc][s], cl, level=level)
                claim, reason = effect_claim(p.k, p.n_associations, p.ci_low, p.ci_high, min_k=min_k)
                rows.append({**base, "activities": acts, "measure": measure, "k": p.k,
                             "n_associations": p.n_associations, "estimate": p.estimate, "ci_low": p.ci_low,
                             "ci_high": p.ci_high, "df": p.df, "model": p.model, "claim": claim,
                             "reason": reason, "confidence": level})
    cols = [*keys, "activities", "measure", "k", "n_associations", "estimate", "ci_low", "ci_high", "df",
            "model", "claim", "reason", "confidence"]
    return pd.DataFrame(rows, columns=cols)


def claim_sentence(row, label: str, *, lang: str = "fi", min_k: int = MIN_K_CLAIM, show_k: bool = True) -> str:
    """The sentence a brief may write about one row of :func:`effect_table`.

    Stated only when ``row.claim`` is ``"positive"`` or ``"negative"``;
    otherwise it says that the evidence does not yet allow a conclusion, and
    why. Every stated effect carries its plain-language scale
    (:func:`effect_size_words`). The number of activities is written with
    :func:`impactlib.i18n.fmt_count`, and 1–4 as "k < 5"; ``show_k=False``
    leaves it out (where a table shows it as a complementary hidden cell).

    Examples
    --------
    >>> row = pd.Series({"activities": "with_comparison_group", "measure": "against_comparison", "k": 12,
    ...                  "estimate": 0.35, "ci_low": 0.12, "ci_high": 0.58, "claim": "positive",
    ...                  "reason": "", "confidence": 0.95})
    >>> print(claim_sentence(row, "Low-threshold help", lang="en"))
    Low-threshold help, activities with a comparison group (k = 12): participants improved by 0.35 standard deviations more than the comparison group (95% CI 0.12 to 0.58) — a small difference: the average participant ends up better off than 64% of the comparison group.
    """
    from ..i18n import fmt_ci, fmt_count, fmt_number

    n = int(row["k"])
    k = "k < 5" if 0 < n < 5 else f"k = {fmt_count(n, lang)}"  # 1-4 never exact (impactlib.disclosure)
    k = f" ({k})" if show_k else ""  # show_k=False where a table hides the count (complementary cell)
    head = f"{label[:1].upper()}{label[1:]}, {_t(row['activities'], lang)}{k}: "
    ci = fmt_ci(row["ci_low"], row["ci_high"], 2, lang)
    if row["claim"] in ("positive", "negative"):
        kind = "adjusted" if row["measure"] == "against_comparison" else "before_after"
        words = effect_size_words(row["estimate"], row["measure"], lang)
        pct = fmt_number(100 * float(row.get("confidence", 0.95)), 0, lang)
        return head + _t(f"{row['claim']}_{kind}", lang, d=fmt_number(abs(row["estimate"]), 2, lang), ci=ci,
                         pct=pct, words=words) + "."
    why = _t(row["reason"], lang, min_k=min_k, ci=ci) if row["reason"] else ""
    return head + _t("not_yet", lang) + (f" ({why})" if why else "") + "."


def claim_sentences(table: pd.DataFrame, labels: dict, *, by: str = "theme", order=None, lang: str = "fi",
                    min_k: int = MIN_K_CLAIM, hide_k=()) -> list[str]:
    """The sentences a brief writes from an :func:`effect_table`, in a fixed order.

    One pool per group is spoken of: the effect against the comparison group
    where the group has comparison-group activities, otherwise the
    before–after change of the activities measured before and after only.
    Stated effects get a sentence each (:func:`claim_sentence`); the groups
    whose evidence does not yet allow a conclusion share one sentence. The
    order is ``order`` (e.g. the themes of :data:`impactlib.model.THEMES`), never
    the size of the effect: pools on different instruments and activities are
    not ranked.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`effect_table` grouped by the single column ``by``.
    labels : dict
        Group value -> its name in ``lang``.
    by : str, default "theme"
    order : sequence, optional
        Order of the groups; default the order of ``table``.
    lang : {"fi", "en"}
    hide_k : collection, optional
        Groups whose number of activities a table hides: their sentences leave it out.

    Returns
    -------
    list of str

    Examples
    --------
    >>> t = pd.DataFrame({"theme": ["a", "b"], "activities": "with_comparison_group",
    ...                   "measure": "against_comparison", "k": [12, 3], "estimate": [0.3, 0.9],
    ...                   "ci_low": [0.1, 0.2], "ci_high": [0.5, 1.6], "claim": ["positive", "not_yet"],
    ...                   "reason": ["", "few_activities"], "confidence": 0.95})
    >>> for s in claim_sentences(t, {"a": "peer support", "b": "counselling"}, lang="en"):
    ...     print(s)
    Peer support, activities with a comparison group (k = 12): participants improved by 0.30 standard deviations more than the comparison group (95% CI 0.10 to 0.50) — a small difference: the average participant ends up better off than 62% of the comparison group.
    For counselling, the evidence does not yet allow a conclusion: there are fewer than 5 activities, or the interval of the effect includes zero.
    """
    if table.empty:
        return []
    groups = list(dict.fromkeys(order if order is not None else table[by]))
    stated, not_yet = [], []
    for g in groups:
        rows = table[table[by] == g]
        if rows.empty:
            continue
        adj = rows[rows["measure"] == "against_comparison"]
        row = adj.iloc[0] if len(adj) else rows[rows["activities"] == "before_after_only"].iloc[0]
        label = labels.get(g, str(g))
        if row["claim"] in ("positive", "negative"):
            stated.append(claim_sentence(row, label, lang=lang, min_k=min_k, show_k=g not in set(hide_k)))
        else:
            not_yet.append(label)
    if not_yet:
        joined = not_yet[0] if len(not_yet) == 1 else (
            ", ".join(not_yet[:-1]) + (" ja " if lang == "fi" else " and ") + not_yet[-1])
        stated.append(_t("not_yet_themes", lang, themes=joined, min_k=min_k) + ".")
    return stated
