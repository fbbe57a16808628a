"""The reform hand-over (*siirtymä 2022→2023*): what happened to municipal grants.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"org_id": ["0112038-9"] * 2, "year": [2022, 2023],
...                   "source": ["municipality", "county"], "funder": ["179", "15"],
...                   "amount_eur": [1000.0, 1000.0]})
>>> orgs = pd.DataFrame({"org_id": ["0112038-9"], "municipality": ["179"], "kind": ["volunteer"]})
>>> handover(f, orgs)[["county", "before_eur", "county_eur", "outcome"]]
  county  before_eur  county_eur            outcome
0     15      1000.0      1000.0  taken_over_county
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from operator import itemgetter

import numpy as np
import pandas as pd

from .. import labels, regions
from .._util import check_funding, hidden_cells, recode_values
from ..disclosure import THRESHOLD
from ..errors import DataError, Problem
from .attributes import attach_organisation, municipal_successors

__all__ = ["HANDOVER_OUTCOMES", "handover", "handover_summary", "handover_euros_kept"]

#: Outcomes of the reform hand-over, best to worst: code -> (Finnish, English)
#: (the catalogue :data:`impactlib.labels.HANDOVER_OUTCOMES`).
HANDOVER_OUTCOMES: dict[str, tuple[str, str]] = labels.HANDOVER_OUTCOMES


def _classify(before: np.ndarray, mun: np.ndarray, cty: np.ndarray, threshold: float) -> np.ndarray:
    total = mun + cty
    return np.select(
        [total <= 0, total < (1 - threshold) * before, cty <= 0, mun <= 0],
        ["lost", "reduced", "continued_municipality", "taken_over_county"],
        "split",
    )


def _joined_codes(rel: pd.DataFrame, keys: list[str]):
    """The funder codes of each group of ``keys``, sorted and joined by spaces (groups sorted)."""
    rel = rel.sort_values([*keys, "funder"], kind="mergesort")
    rows = zip(zip(*(rel[k].tolist() for k in keys), strict=True), rel["funder"].tolist(),
               strict=True)
    joined = [" ".join(code for _, code in g) for _, g in itertools.groupby(rows, itemgetter(0))]
    return pd.array(joined, dtype=rel["funder"].dtype)


def handover(
    funding: pd.DataFrame,
    organisations: pd.DataFrame,
    *,
    reform_year: int = regions.REFORM_YEAR,
    reduced_threshold: float = 0.25,
    municipal_sources: Sequence[str] = ("municipality",),
    county_sources: Sequence[str] = ("county",),
) -> pd.DataFrame:
    """Reform hand-over (*siirtymä 2022→2023*): what happened to each association's municipal grants.

    For every association funded by a municipality in the year before the
    reform, the euros from those municipalities and from their wellbeing
    services county in the reform year (and the year after) are compared
    with the municipal euros before, and classified.

    Parameters
    ----------
    funding, organisations : pandas.DataFrame
        The ``funding`` and ``organisations`` tables.
    reform_year : int, default 2023
        First year of the wellbeing services counties.
    reduced_threshold : float, default 0.25
        A total that fell by more than this share counts as ``reduced``.
    municipal_sources : list of str, default ``("municipality",)``
        Sources counted as municipal grants (add ``"in_kind_premises"`` to
        follow free premises too).
    county_sources : list of str, default ``("county",)``
        Sources counted as the county's euros (funder = 2-digit county code).

    Returns
    -------
    pandas.DataFrame
        One row per association (and per county, for the rare association
        funded in the year before by municipalities of two counties):
        ``org_id, county, home_county, kind, municipalities,
        n_municipalities, before_eur, municipality_eur, county_eur,
        total_eur, ratio, outcome, municipality_eur_next, county_eur_next,
        total_eur_next, ratio_next, outcome_next``.

        ``county``
            county of the funding municipalities (2023 classification;
            Helsinki ``"90"``);
        ``before_eur``
            municipal euros in ``reform_year − 1``;
        ``municipality_eur``, ``county_eur``
            euros in ``reform_year`` from the same municipalities (a
            municipality merged later counts under its successor) and
            from their county;
        ``ratio``
            total_eur / before_eur;
        ``outcome``
            one of :data:`HANDOVER_OUTCOMES`;
        ``*_next``
            the same for ``reform_year + 1`` (``<NA>`` when that year is not
            in the data).

    Notes
    -----
    With :math:`B` the municipal euros before, :math:`M` the same
    municipalities' and :math:`C` the county's euros after, and threshold
    :math:`\\theta`:

    .. math::

        \\text{outcome} = \\begin{cases}
        \\text{lost} & M + C = 0 \\\\
        \\text{reduced} & 0 < M + C < (1 - \\theta) B \\\\
        \\text{continued\\_municipality} & C = 0 \\\\
        \\text{taken\\_over\\_county} & M = 0 \\\\
        \\text{split} & \\text{otherwise.}
        \\end{cases}

    An association funded by several municipalities of one county is
    classified once, on the sums over them: the county's grant cannot be
    attributed to one municipality's former grant. County money counts
    whatever it is for (the funding table does not say), so a new county
    grant on another purpose can make a continued grant look split.
    Associations without municipal grants in the year before (e.g. founded
    after the reform) are not in the table. Computed with grouped pandas
    operations.

    References
    ----------
    SOSTE Suomen sosiaali ja terveys ry (2021). *Aluevaalitavoitteet 2022*
    (järjestöavustusten jatkuvuus hyvinvointialueille siirryttäessä).

    Examples
    --------
    >>> f = pd.DataFrame({
    ...     "org_id": ["0112038-9"] * 3 + ["0116297-6"] * 2,
    ...     "year": [2022, 2023, 2023, 2022, 2023],
    ...     "source": ["municipality", "municipality", "county", "municipality", "county"],
    ...     "funder": ["179", "179", "15", "179", "15"],
    ...     "amount_eur": [1000.0, 500.0, 450.0, 2000.0, 600.0]})
    >>> orgs = pd.DataFrame({"org_id": ["0112038-9", "0116297-6"],
    ...                      "municipality": ["179", "179"], "kind": ["volunteer"] * 2})
    >>> handover(f, orgs)[["org_id", "county", "before_eur", "municipality_eur",
    ...                    "county_eur", "ratio", "outcome"]]
          org_id county  before_eur  municipality_eur  county_eur  ratio  outcome
    0  0112038-9     15      1000.0             500.0       450.0   0.95    split
    1  0116297-6     15      2000.0               0.0       600.0   0.30  reduced
    """
    f = check_funding(funding)
    if not 0 <= reduced_threshold < 1:
        raise ValueError(f"reduced_threshold must be between 0 and 1, got {reduced_threshold!r}")
    r = int(reform_year)
    succ = municipal_successors()
    mun = f[f["source"].isin(list(municipal_sources)) & (f["amount_eur"] > 0)]
    mun = mun.assign(funder=recode_values(mun["funder"], succ))
    before = mun[mun["year"] == r - 1]
    if before.empty:
        raise ValueError(f"no municipal grants in {r - 1} (the year before the reform) in the data")
    rel = before.groupby(["org_id", "funder"], as_index=False)["amount_eur"].sum()
    rel["county"] = regions.county_of(rel["funder"]).to_numpy()
    unknown = rel["county"].isna()
    if unknown.any():
        codes = ", ".join(sorted(rel.loc[unknown, "funder"].unique())[:10])
        raise DataError([Problem(file="funding", row=None, column="funder", value=codes,
                                 rule="municipality_code",
                                 message_en="municipal funder codes not found in the classification; "
                                            "use 3-digit Statistics Finland municipality codes",
                                 message_fi="kunnan rahoittajakoodia ei löydy luokituksesta; käytä "
                                            "Tilastokeskuksen 3-numeroisia kuntanumeroita")])
    keys = ["org_id", "county"]
    out = rel.groupby(keys, sort=True).agg(n_municipalities=("funder", "size"),
                                           before_eur=("amount_eur", "sum"))
    out.insert(0, "municipalities", _joined_codes(rel, keys))
    cty = f[f["source"].isin(list(county_sources))]
    years = set(f["year"].unique())
    for y, suffix in ((r, ""), (r + 1, "_next")):
        m = mun[mun["year"] == y].merge(rel[["org_id", "funder", "county"]], on=["org_id", "funder"])
        m_sum = m.groupby(keys)["amount_eur"].sum()
        c = cty[cty["year"] == y].rename(columns={"funder": "county"})
        c_sum = c.groupby(keys)["amount_eur"].sum()
        mm = m_sum.reindex(out.index).fillna(0.0)
        cc = c_sum.reindex(out.index).fillna(0.0)
        observed = y in years
        nan = pd.Series(np.nan, index=out.index)
        out[f"municipality_eur{suffix}"] = mm if observed else nan
        out[f"county_eur{suffix}"] = cc if observed else nan
        out[f"total_eur{suffix}"] = (mm + cc) if observed else nan
        out[f"ratio{suffix}"] = out[f"total_eur{suffix}"] / out["before_eur"]
        cls = _classify(out["before_eur"].to_numpy(), mm.to_numpy(), cc.to_numpy(), reduced_threshold)
        out[f"outcome{suffix}"] = pd.array(np.where(observed, cls, None), dtype="string")
    out = out.reset_index()
    attrs = attach_organisation(out[["org_id"]], organisations, columns=["county", "kind"])
    out.insert(2, "home_county", attrs["county"].to_numpy())
    out.insert(3, "kind", attrs["kind"].to_numpy())
    out["county"] = out["county"].astype("string")
    cols = ["org_id", "county", "home_county", "kind", "municipalities", "n_municipalities",
            "before_eur", "municipality_eur", "county_eur", "total_eur", "ratio", "outcome",
            "municipality_eur_next", "county_eur_next", "total_eur_next", "ratio_next",
            "outcome_next"]
    out = out[cols]
    out.attrs["reform_year"] = r
    out.attrs["reduced_threshold"] = reduced_threshold
    return out


def handover_summary(ho: pd.DataFrame, *, by: str | None = "county", next_year: bool = False,
                     ) -> pd.DataFrame:
    """Hand-over outcomes per county (or kind): counts, shares and euros.

    Parameters
    ----------
    ho : pandas.DataFrame
        Output of :func:`handover`.
    by : {"county", "home_county", "kind", None}
        ``None`` gives one group ``"all"`` (the whole table).
    next_year : bool, default False
        Summarise the outcome in the year after the reform year instead.

    Returns
    -------
    pandas.DataFrame
        One row per group and outcome (all five outcomes, zeros included):
        ``group, outcome, n, n_group, share, before_eur, after_eur, hidden``.
        ``share`` = n / n_group; ``after_eur`` municipal plus county euros
        after; ``hidden`` marks cells that small-cell suppression hides
        (1–4 associations, complementary cells, and whole groups under 5).
        For people, pass the table through :func:`impactlib.disclosure.suppress`
        (``counts=["n"], dependent=["share", "before_eur", "after_eur"],
        groups="group"``).

    Examples
    --------
    >>> ho = pd.DataFrame({"county": ["15"] * 6, "outcome": ["lost"] + ["split"] * 5,
    ...                    "before_eur": [100.0] * 6, "total_eur": [0.0] + [100.0] * 5})
    >>> s = handover_summary(ho)
    >>> s[["outcome", "n", "share", "hidden"]]
                      outcome  n     share  hidden
    0  continued_municipality  0  0.000000   False
    1       taken_over_county  0  0.000000   False
    2                   split  5  0.833333    True
    3                 reduced  0  0.000000   False
    4                    lost  1  0.166667    True
    """
    oc = "outcome_next" if next_year else "outcome"
    tc = "total_eur_next" if next_year else "total_eur"
    for c in (oc, tc, "before_eur"):
        if c not in ho.columns:
            raise ValueError(f"expected the table returned by handover(); column '{c}' is missing")
    d = ho[ho[oc].notna()]
    if by is None:
        grp = pd.Series("all", index=d.index)
    else:
        if by not in d.columns:
            raise ValueError(f"by={by!r} is not a column of the hand-over table")
        grp = d[by].astype("string").fillna("unknown")
    d = d.assign(group=grp.astype(str).to_numpy())
    g = d.groupby(["group", oc])
    agg = pd.DataFrame({"n": g.size(), "before_eur": g["before_eur"].sum(),
                        "after_eur": g[tc].sum()})
    full = pd.MultiIndex.from_product([sorted(d["group"].unique()), list(HANDOVER_OUTCOMES)],
                                      names=["group", "outcome"])
    out = agg.reindex(full).reset_index()
    out["n"] = out["n"].fillna(0).astype("int64")
    out[["before_eur", "after_eur"]] = out[["before_eur", "after_eur"]].fillna(0.0)
    out["n_group"] = out.groupby("group")["n"].transform("sum")
    out["share"] = out["n"] / out["n_group"]
    hidden = hidden_cells(out, "n", "group")
    small_group = ((out["n_group"] > 0) & (out["n_group"] < THRESHOLD)).to_numpy()
    out["hidden"] = hidden | small_group
    return out[["group", "outcome", "n", "n_group", "share", "before_eur", "after_eur", "hidden"]]


def handover_euros_kept(summary: pd.DataFrame) -> pd.Series:
    """Share of the municipal grant euros that continued through the hand-over, by group.

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`handover_summary` (one or more groups).

    Returns
    -------
    pandas.Series of float
        Indexed by ``group`` in the order of ``summary``: the euros the associations got from
        the same municipalities or the county in the reform year over the municipal grant
        euros of the year before (NaN for a group without euros before).

    Notes
    -----
    *Jatkuneiden avustuseurojen osuus*, a ratio of sums over the associations :math:`j` of
    the group (not a mean of their ratios):

    .. math::

        \\text{kept} = \\frac{\\sum_j \\text{after}_j}{\\sum_j \\text{before}_j}.

    A share above 1 means the group got more municipal and county money than before.

    Examples
    --------
    >>> ho = pd.DataFrame({"county": ["15"] * 3 + ["90"] * 2,
    ...                    "outcome": ["continued_municipality", "lost", "reduced", "split", "lost"],
    ...                    "before_eur": [100.0, 50.0, 100.0, 200.0, 20.0],
    ...                    "total_eur": [100.0, 0.0, 50.0, 220.0, 0.0]})
    >>> handover_euros_kept(handover_summary(ho)).round(3).to_dict()
    {'15': 0.6, '90': 1.0}
    """
    for c in ("group", "before_eur", "after_eur"):
        if c not in summary.columns:
            raise ValueError(f"expected the table returned by handover_summary(); column '{c}' is "
                             "missing")
    kept = {g: d["after_eur"].sum() / d["before_eur"].sum() if d["before_eur"].sum() else np.nan
            for g, d in summary.groupby("group", sort=False)}
    return pd.Series(kept, dtype=float, name="kept_share").rename_axis("group")

