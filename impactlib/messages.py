"""Key messages and questions for the county: rules from the numbers, thresholds stated.

A brief opens with three key messages (*avainviestit*) and ends with four to six questions
for the county (*kysymyksiä hyvinvointialueelle*; for Helsinki, the city). Both are chosen by
the rules below from the library's results, never typed per county, so that every brief says
what its own numbers carry and nothing more. Every rule and threshold is a documented
constant here and is tested.

Inputs are small tables of counts: one row per indicator with ``k`` of ``n`` associations in
the area and ``k_all`` of ``n_all`` in the whole country (the area included). The indicators
with a rule of their own are :data:`HANDOVER_LOST` (municipal grant lost at the 2022→2023
hand-over) and :data:`ONE_FUNDER` (90 % or more of outside funding from one funder); every
other row is a candidate for the largest difference from the whole country.

**Key messages** (:func:`key_messages`), at most three, in this order of priority:

1. ``grants_vs_areas`` — the area's *real* published grants per inhabitant against the other
   areas that published the same measure (:func:`impactlib.countyfacts.compare_areas`);
2. ``handover_lost`` — associations whose municipal grant ended at the hand-over, when at
   least :data:`MIN_GROUP` associations had one;
3. ``difference`` — the indicator whose share differs most from the whole country among
   those the data can carry (:func:`differences`: at least :data:`MIN_N` associations in the
   area and in the rest of the country, a two-proportion z-test with :math:`|z| \\ge`
   :data:`Z_CRIT`, and a share that disclosure lets us show);
4. ``one_funder`` — associations with one funder for 90 % or more of their outside money;
5. ``stea_exposure`` — associations that would lose more than the threshold of their money
   in the announced STEA cuts, with the base year named.

**Questions** (:func:`questions`), triggered in this order and capped at :data:`MAX_QUESTIONS`;
the standing questions fill up to :data:`MIN_QUESTIONS`:

* ``contact`` — no coordinator was found (status not ``yes``): who is the associations'
  contact? (Unknown is asked about, never reported as "no".)
* ``continuity`` — the municipal grant ended for at least :data:`HANDOVER_LOST_SHARE` of the
  associations that had one: how is continuity secured?
* ``grants_programme`` — published grants per inhabitant below the median of the areas
  compared: how will the grants programme develop? ``publish_grants`` — no euro figure was
  found: will the grants be published in a comparable form?
* ``procurement`` — service sales are at least :data:`SALES_SHARE` of the associations'
  money: procurement, service vouchers and personal budgets;
* ``stea_cuts`` — at least :data:`STEA_EXPOSED_SHARE` of the associations would lose more
  than the scenario's threshold in the STEA cuts;
* ``diversify`` — at least :data:`ONE_FUNDER_SHARE` of the associations depend on one funder;
* ``structures`` — no cooperation body or written plan found;
* standing: ``welfare_report`` (associations' data in the welfare report) and
  ``grant_criteria`` (criteria and timetable of the grants).

Disclosure: a message states a count and its share, so a rule fires only where both can be
shown: at least :data:`MIN_GROUP` associations and neither the count nor its complement 1–4
(:func:`impactlib.disclosure.suppress_share`); such an indicator is never picked as a
difference either. Counts in questions are shown with :func:`impactlib.i18n.fmt_count`.

Examples
--------
>>> rows = pd.DataFrame({"indicator": ["handover_lost", "one_funder"], "k": [12, 30],
...                      "n": [40, 60], "k_all": [300, 1000], "n_all": [2000, 3000]})
>>> [m.kind for m in key_messages(rows)]
['handover_lost', 'one_funder']
>>> [q.kind for q in questions(rows)]
['contact', 'continuity', 'diversify', 'structures']
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .continuity.mix import ONE_FUNDER_BANDS
from .disclosure import suppress_share

__all__ = [
    "HANDOVER_LOST",
    "ONE_FUNDER",
    "MIN_GROUP",
    "MIN_N",
    "Z_CRIT",
    "N_MESSAGES",
    "HANDOVER_LOST_SHARE",
    "SALES_SHARE",
    "STEA_EXPOSED_SHARE",
    "ONE_FUNDER_SHARE",
    "MIN_QUESTIONS",
    "MAX_QUESTIONS",
    "HIGH_BANDS",
    "Message",
    "Question",
    "count_rows",
    "differences",
    "key_messages",
    "questions",
]

#: Indicator name of "municipal grant lost at the hand-over" (k lost of n with a grant).
HANDOVER_LOST = "handover_lost"
#: Indicator name of "90 % or more of outside funding from one funder".
ONE_FUNDER = "one_funder"

#: Fewest associations behind a hand-over message (fewer are too few to say anything).
MIN_GROUP = 5
#: Fewest associations in the area, and in the rest of the country, before a share is
#: compared with the whole country.
MIN_N = 20
#: Two-sided 5 % critical value of the standard normal distribution: a difference is carried
#: by the data when :math:`|z| \ge 1.96`.
Z_CRIT = 1.959963984540054
#: Key messages at the top of a brief.
N_MESSAGES = 3

#: Share of the associations with a municipal grant that lost it at the hand-over from which
#: the county is asked how continuity is secured (one in five).
HANDOVER_LOST_SHARE = 0.20
#: Share of the associations' money from service sales (procurement, vouchers, personal
#: budgets) from which the county is asked about procurement.
SALES_SHARE = 0.20
#: Share of associations that would lose more than the scenario's threshold in the STEA cuts
#: from which the county is asked how it responds.
STEA_EXPOSED_SHARE = 0.20
#: Share of associations with one funder for 90 % or more of their outside money from which
#: the county is asked about diversifying.
ONE_FUNDER_SHARE = 0.40
#: Fewest and most questions for the county.
MIN_QUESTIONS, MAX_QUESTIONS = 4, 6


@dataclass(frozen=True)
class Message:
    """One key message: what rule chose it and the numbers it states.

    Attributes
    ----------
    kind : str
        ``grants_vs_areas``, ``handover_lost``, ``difference``, ``one_funder`` or
        ``stea_exposure``.
    real : bool
        True when it states published facts (not the brief's data, which may be demo).
    values : dict
        The numbers: counts ``k``, ``n``, ``k_all``, ``n_all``; shares ``share``,
        ``share_all`` (``None`` where disclosure hides them); and the kind's own
        (``indicator``; ``year``, ``eur_per_inhabitant``, ``median`` …).
    """

    kind: str
    real: bool = False
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """One question for the county: the rule that asks it and the numbers behind it."""

    kind: str
    values: dict = field(default_factory=dict)


#: Dependence bands that count as "90 % or more from one funder" (:data:`ONE_FUNDER`).
HIGH_BANDS = ONE_FUNDER_BANDS


def count_rows(county: str, *, handover: pd.DataFrame | None = None,
               dependence: pd.DataFrame | None = None, kinds: pd.DataFrame | None = None,
               staff: pd.DataFrame | None = None, exposure: pd.DataFrame | None = None,
               ) -> pd.DataFrame:
    """The counts the rules read, picked from the library's results for one area and the country.

    Parameters
    ----------
    county : str
        County code.
    handover : pandas.DataFrame, optional
        :func:`impactlib.continuity.handover_summary` rows of the county and of ``all``
        (gives :data:`HANDOVER_LOST`: associations whose municipal grant was lost).
    dependence : pandas.DataFrame, optional
        :func:`impactlib.continuity.dependence_bands` with ``group`` the county and ``all``
        (gives :data:`ONE_FUNDER`: bands :data:`HIGH_BANDS`).
    kinds : pandas.DataFrame, optional
        :func:`impactlib.field.association_counts` by kind (``area`` the county and ``all``):
        rows ``volunteer``, ``intermediate``, ``service_provider``.
    staff : pandas.DataFrame, optional
        :func:`impactlib.field.staff_and_volunteers` (``area`` column or index): row
        ``paid_staff`` (associations with paid staff among those whose staff is known).

    A count whose row is ``hidden`` in its table (the lost grants, a kind, the area's staff) gives
    no row: the brief hides it, so no message may state it.
    exposure : pandas.DataFrame, optional
        :func:`impactlib.continuity.stea_exposure` by county: rows ``stea_made`` and
        ``stea_announced`` (associations losing more than the threshold).

    Returns
    -------
    pandas.DataFrame
        ``indicator, k, n, k_all, n_all``, one row per indicator the inputs give.

    Examples
    --------
    >>> dep = pd.DataFrame({"group": ["15", "15", "all", "all"], "band": ["single", "under_50"] * 2,
    ...                     "n": [12, 28, 300, 700]})
    >>> count_rows("15", dependence=dep).to_numpy().tolist()
    [['one_funder', 12, 40, 300, 1000]]
    """
    rows = []

    def add(name, k, n, ka, na):
        rows.append({"indicator": name, "k": int(k), "n": int(n), "k_all": int(ka), "n_all": int(na)})

    def hidden(rows_) -> bool:  # a count the brief hides is no message (e.g. withheld across briefs)
        return "hidden" in rows_.columns and bool(rows_["hidden"].astype(bool).any())

    if handover is not None and len(handover):
        h = handover.assign(group=handover["group"].astype(str))
        here, every = h[h["group"] == county], h[h["group"] == "all"]
        if len(here) and len(every) and not hidden(here[here["outcome"] == "lost"]):
            add(HANDOVER_LOST, here.loc[here["outcome"] == "lost", "n"].sum(), here["n"].sum(),
                every.loc[every["outcome"] == "lost", "n"].sum(), every["n"].sum())
    if dependence is not None and len(dependence):
        d = dependence.assign(group=dependence["group"].astype(str))
        here, every = d[d["group"] == county], d[d["group"] == "all"]
        if len(here) and len(every):
            add(ONE_FUNDER, here.loc[here["band"].isin(HIGH_BANDS), "n"].sum(), here["n"].sum(),
                every.loc[every["band"].isin(HIGH_BANDS), "n"].sum(), every["n"].sum())
    if kinds is not None and len(kinds):
        k = kinds.assign(area=kinds["area"].astype(str)).set_index(["area", "code"])
        for code in ("volunteer", "intermediate", "service_provider"):
            if (county, code) in k.index and ("all", code) in k.index:
                a, b = k.loc[(county, code)], k.loc[("all", code)]
                if not bool(a.get("hidden", False)):
                    add(code, a["n"], a["n_area"], b["n"], b["n_area"])
    if staff is not None and len(staff):
        st = staff.set_index("area") if "area" in staff.columns else staff
        if county in st.index and "all" in st.index and not bool(st.loc[county].get("hidden", False)):
            known = st["n_paid_staff"] + st["n_no_paid_staff"]
            add("paid_staff", st.loc[county, "n_paid_staff"], known[county],
                st.loc["all", "n_paid_staff"], known["all"])
    if exposure is not None and len(exposure):
        e = exposure.assign(group=exposure["group"].astype(str))
        for part in ("made", "announced"):
            here = e[(e["part"] == part) & (e["group"] == county)]
            every = e[(e["part"] == part) & (e["group"] == "all")]
            if len(here) and len(every):
                add(f"stea_{part}", here["n_losing"].iloc[0], here["n"].iloc[0],
                    every["n_losing"].iloc[0], every["n"].iloc[0])
    return pd.DataFrame(rows, columns=["indicator", "k", "n", "k_all", "n_all"])


def _check_rows(rows: pd.DataFrame | None) -> pd.DataFrame:
    cols = ["indicator", "k", "n", "k_all", "n_all"]
    if rows is None:
        return pd.DataFrame({c: pd.Series(dtype="object" if c == "indicator" else "float64") for c in cols})
    missing = [c for c in cols if c not in rows.columns]
    if missing:
        raise ValueError(f"rows must have the columns {cols}; missing: {missing}")
    if rows["indicator"].duplicated().any():
        raise ValueError("one row per indicator: " + ", ".join(map(str, rows["indicator"][rows["indicator"].duplicated()])))
    return rows


def differences(rows: pd.DataFrame, *, min_n: int = MIN_N, z_crit: float = Z_CRIT) -> pd.DataFrame:
    """Compare each share of the area with the rest of the country; flag what the data carry.

    Parameters
    ----------
    rows : pandas.DataFrame
        ``indicator, k, n, k_all, n_all``: ``k`` of ``n`` associations in the area,
        ``k_all`` of ``n_all`` in the whole country (the area included).
    min_n : int, default :data:`MIN_N`
    z_crit : float, default :data:`Z_CRIT`

    Returns
    -------
    pandas.DataFrame
        The rows with ``share`` (k/n), ``share_all`` (k_all/n_all), ``share_rest`` (the rest
        of the country), ``diff`` (share − share_all), ``z`` and ``carried``; sorted by
        ``carried`` first, then by \\|diff\\| largest first.

    Notes
    -----
    Two-proportion z-test of the area against the rest of the country, with the pooled
    share :math:`\\hat p = k_{all}/n_{all}`:

    .. math:: z = \\frac{k/n - (k_{all}-k)/(n_{all}-n)}
                         {\\sqrt{\\hat p (1-\\hat p) (1/n + 1/(n_{all}-n))}}

    (Agresti 2013, *Categorical Data Analysis*, 3rd ed., §2.1; as
    ``statsmodels.stats.proportion.proportions_ztest``). A difference is *carried* when
    :math:`n \\ge` ``min_n``, :math:`n_{all} - n \\ge` ``min_n``, :math:`|z| \\ge`
    ``z_crit`` and neither ``k`` nor ``n − k`` is 1–4 (so the share can be shown). With
    several indicators some differences will pass by chance; the rule picks one message,
    it does not test a hypothesis.

    Examples
    --------
    >>> r = pd.DataFrame({"indicator": ["a", "b"], "k": [30, 12], "n": [60, 60],
    ...                   "k_all": [600, 650], "n_all": [3000, 3000]})
    >>> d = differences(r)
    >>> d[["indicator", "diff", "carried"]].round(3).to_numpy().tolist()
    [['a', 0.3, True], ['b', -0.017, False]]
    """
    d = _check_rows(rows).copy()
    k, n = d["k"].astype(float), d["n"].astype(float)
    ka, na = d["k_all"].astype(float), d["n_all"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share, share_all = k / n, ka / na
        rest = (ka - k) / (na - n)
        p = share_all
        se = np.sqrt(p * (1 - p) * (1 / n + 1 / (na - n)))
        z = (share - rest) / se
    d["share"], d["share_all"], d["share_rest"] = share, share_all, rest
    d["diff"] = share - share_all
    d["z"] = z.where(se > 0)
    shown = ~suppress_share(k.to_numpy(), n.to_numpy())
    d["carried"] = ((n >= min_n) & (na - n >= min_n) & (d["z"].abs() >= z_crit) & shown).fillna(False).astype(bool)
    order = d.assign(_a=-d["diff"].abs().fillna(0), _c=~d["carried"]).sort_values(["_c", "_a"], kind="stable")
    return order.drop(columns=["_a", "_c"]).reset_index(drop=True)


def _counts(row) -> dict:
    k, n = int(row["k"]), int(row["n"])
    ka, na = row.get("k_all"), row.get("n_all")
    out = {"indicator": str(row["indicator"]), "k": k, "n": n,
           "share": None if suppress_share([k], [n])[0] or n == 0 else k / n}
    if ka is not None and na is not None and not (pd.isna(ka) or pd.isna(na)) and na > 0:
        out.update(k_all=int(ka), n_all=int(na), share_all=float(ka) / float(na))
    else:
        out.update(k_all=None, n_all=None, share_all=None)
    return out


def _shown(row) -> bool:
    """A count can carry a message: at least :data:`MIN_GROUP` associations, and a share that
    disclosure lets us show (neither ``k`` nor ``n − k`` is 1–4)."""
    if row is None or pd.isna(row.get("n")) or int(row["n"]) < MIN_GROUP:
        return False
    return not bool(suppress_share([row["k"]], [row["n"]])[0])


def key_messages(rows: pd.DataFrame | None = None, *, comparison=None, stea: dict | None = None,
                 n: int = N_MESSAGES) -> list[Message]:
    """The key messages of a brief, chosen by the rules of this module (see its docstring).

    Parameters
    ----------
    rows : pandas.DataFrame, optional
        Counts per indicator (``indicator, k, n, k_all, n_all``), with :data:`HANDOVER_LOST`
        and :data:`ONE_FUNDER` where known; the other rows are difference candidates.
    comparison : impactlib.countyfacts.AreaComparison, optional
        The area's published grants against other areas (real facts).
    stea : dict, optional
        The STEA cut exposure: ``k`` associations that would lose more than
        ``threshold`` of their money, of ``n`` with money in ``base_year``; ``k_all``,
        ``n_all`` for the whole country; ``until`` (last year of the announced cuts).
    n : int, default :data:`N_MESSAGES`

    Returns
    -------
    list of Message
        At most ``n``, in the order of the rules' priority.

    Examples
    --------
    >>> rows = pd.DataFrame({"indicator": ["handover_lost", "service_provider"],
    ...                      "k": [3, 30], "n": [40, 60], "k_all": [300, 600], "n_all": [2000, 3000]})
    >>> ms = key_messages(rows)   # 3 of 40 lost: a hidden share carries no message
    >>> [(m.kind, m.values["k"], m.values["share"]) for m in ms]
    [('difference', 30, 0.5)]
    """
    r = _check_rows(rows)
    by = {str(i): row for i, row in zip(r["indicator"], r.to_dict("records"), strict=True)}
    out: list[Message] = []
    if comparison is not None:
        out.append(Message("grants_vs_areas", real=True, values={
            "year": comparison.year, "measure": comparison.measure, "scope": comparison.scope,
            "eur_per_inhabitant": comparison.eur_per_inhabitant, "median": comparison.median,
            "n_areas": comparison.n_areas, "rank": comparison.rank,
            "below_median": comparison.below_median, "approximate": comparison.approximate,
            "amount_eur": float(comparison.table.set_index("county").loc[comparison.county, "amount_eur"])}))
    lost = by.get(HANDOVER_LOST)
    if _shown(lost):
        out.append(Message("handover_lost", values=_counts(lost)))
    special = {HANDOVER_LOST, ONE_FUNDER}
    cand = r[~r["indicator"].astype(str).isin(special)]
    if len(cand):
        d = differences(cand)
        d = d[d["carried"]]
        if len(d):
            out.append(Message("difference", values={**_counts(d.iloc[0]), "z": float(d.iloc[0]["z"])}))
    one = by.get(ONE_FUNDER)
    if _shown(one):
        out.append(Message("one_funder", values=_counts(one)))
    if stea is not None and _shown(stea):
        out.append(Message("stea_exposure", values={**_counts({"indicator": "stea_exposure", **stea}),
                                                    **{k: v for k, v in stea.items() if k not in ("k", "n", "k_all", "n_all")}}))
    return out[:n]


def _share(rows_by: dict, name: str) -> float | None:
    row = rows_by.get(name)
    if row is None or not row["n"] or int(row["n"]) < MIN_GROUP:
        return None
    return float(row["k"]) / float(row["n"])


def questions(rows: pd.DataFrame | None = None, *, facts=None, sales_share: float | None = None,
              stea: dict | None = None) -> list[Question]:
    """Four to six questions for the county, chosen by the rules of this module.

    Parameters
    ----------
    rows : pandas.DataFrame, optional
        As in :func:`key_messages` (:data:`HANDOVER_LOST` and :data:`ONE_FUNDER` are used).
    facts : impactlib.countyfacts.CountyFacts, optional
        The area's published facts (cooperation, grants, comparison). Without them the
        cooperation structures count as unknown.
    sales_share : float, optional
        Share (0–1) of the area's associations' money from service sales.
    stea : dict, optional
        As in :func:`key_messages`.

    Returns
    -------
    list of Question
        Between :data:`MIN_QUESTIONS` and :data:`MAX_QUESTIONS`.

    Examples
    --------
    >>> from impactlib.countyfacts import published_facts
    >>> [q.kind for q in questions(facts=published_facts("20"), sales_share=0.31)]
    ['contact', 'grants_programme', 'procurement', 'structures']
    >>> [q.kind for q in questions(facts=published_facts("15"))]   # a coordinator was found
    ['publish_grants', 'welfare_report', 'grant_criteria', 'contact_known']
    """
    r = _check_rows(rows)
    by = {str(i): row for i, row in zip(r["indicator"], r.to_dict("records"), strict=True)}
    status = {}
    if facts is not None:
        status = dict(zip(facts.cooperation["item"].astype(str), facts.cooperation["status"].astype(str),
                          strict=True))
    out: list[Question] = []
    coordinator = status.get("coordinator", "unknown")
    if coordinator != "yes":
        out.append(Question("contact", {"status": coordinator}))
    lost = _share(by, HANDOVER_LOST)
    if lost is not None and lost >= HANDOVER_LOST_SHARE:
        out.append(Question("continuity", _counts(by[HANDOVER_LOST])))
    if facts is not None:
        comp = facts.comparison
        if comp is not None and comp.below_median:
            out.append(Question("grants_programme", {"year": comp.year, "eur_per_inhabitant": comp.eur_per_inhabitant,
                                                     "median": comp.median, "n_areas": comp.n_areas}))
        elif not facts.grants["amount_eur"].notna().any():
            out.append(Question("publish_grants", {}))
    if sales_share is not None and not math.isnan(sales_share) and sales_share >= SALES_SHARE:
        out.append(Question("procurement", {"sales_share": float(sales_share)}))
    if stea is not None and int(stea.get("n", 0)) >= MIN_GROUP and stea["k"] / stea["n"] >= STEA_EXPOSED_SHARE:
        out.append(Question("stea_cuts", _counts({"indicator": "stea_exposure", **stea})
                            | {k: v for k, v in stea.items() if k not in ("k", "n", "k_all", "n_all")}))
    one = _share(by, ONE_FUNDER)
    if one is not None and one >= ONE_FUNDER_SHARE:
        out.append(Question("diversify", _counts(by[ONE_FUNDER])))
    if status.get("cooperation_body", "unknown") != "yes" or status.get("written_plan", "unknown") != "yes":
        out.append(Question("structures", {"cooperation_body": status.get("cooperation_body", "unknown"),
                                           "written_plan": status.get("written_plan", "unknown")}))
    for standing in ("welfare_report", "grant_criteria", "contact_known"):
        if len(out) >= MIN_QUESTIONS:
            break
        if standing == "contact_known" and coordinator != "yes":
            continue
        out.append(Question(standing, {}))
    return out[:MAX_QUESTIONS]
