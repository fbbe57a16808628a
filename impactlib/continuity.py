"""Funding continuity (*rahoituksen jatkuvuus*): mix, dependence, spells, the reform hand-over, cuts.

Every function here takes the ``funding`` table of the data model (and the
``organisations`` table where it needs the kind or home county of an
association) and returns a tidy :class:`pandas.DataFrame` or a small result
object. The functions are pure and vectorised (grouped pandas/NumPy
operations, no Python loops over associations), never modify their input and
never round. Survival analysis uses :mod:`statsmodels.duration`.

Conventions
-----------
* A year counts as *funded* by a funder or source when its euros in that year
  are above zero; rows of 0 € are kept in totals but never start or extend a
  funding relationship.
* Years are calendar years; euros are nominal (not deflated).
* Tables meant for people go through :func:`impactlib.disclosure.suppress`;
  the summary functions here (``*_summary``, :func:`dependence_bands`,
  :func:`mix_over_years`) return the numbers together with a ``hidden`` column
  that marks the cells small-cell suppression hides (counts of associations
  from 1 to 4 and their complements), so figures can hide them too.

The indicators, their Finnish and English names and their references are
listed in ``docs/INDICATORS.md`` of the project.

Examples
--------
>>> import pandas as pd
>>> from impactlib import continuity
>>> f = pd.DataFrame({
...     "org_id": ["0112038-9"] * 4,
...     "year": [2021, 2021, 2022, 2023],
...     "source": ["municipality", "fundraising", "municipality", "county"],
...     "funder": ["179", "own", "179", "15"],
...     "amount_eur": [3000.0, 1000.0, 3000.0, 3000.0],
... })
>>> continuity.concentration(f, by="source")[["year", "total", "n", "hhi", "top"]]
   year   total  n    hhi           top
0  2021  4000.0  2  0.625  municipality
1  2022  3000.0  1  1.000  municipality
2  2023  3000.0  1  1.000        county
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import model, regions
from .disclosure import THRESHOLD, suppression_mask
from .errors import DataError, Problem

__all__ = [
    "SCHEME_NAME",
    "HANDOVER_OUTCOMES",
    "DEPENDENCE_BANDS",
    "municipal_successors",
    "attach_organisation",
    "funding_mix",
    "mix_over_years",
    "concentration",
    "dependence_bands",
    "volatility",
    "spells",
    "interruptions",
    "SurvivalResult",
    "spell_survival",
    "handover",
    "handover_summary",
    "project_cliff",
    "cliff_summary",
    "scenario",
    "scenario_summary",
]

#: Name of the default source-group scheme, :data:`impactlib.model.SOURCE_GROUPS`.
SCHEME_NAME = "impactlib-2024"

#: Outcomes of the reform hand-over, best to worst: code -> (Finnish, English).
HANDOVER_OUTCOMES: dict[str, tuple[str, str]] = {
    "continued_municipality": ("kunta jatkoi", "continued by municipality"),
    "taken_over_county": ("hyvinvointialue jatkoi", "taken over by county"),
    "split": ("kunta ja hyvinvointialue yhdessä", "split between municipality and county"),
    "reduced": ("pieneni", "reduced"),
    "lost": ("loppui", "lost"),
}

#: Default bands of the largest funder's share for :func:`dependence_bands`:
#: code -> (lower bound inclusive, Finnish label, English label).
DEPENDENCE_BANDS: dict[str, tuple[float, str, str]] = {
    "under_50": (0.0, "alle 50 %", "under 50%"),
    "50_75": (0.5, "50–75 %", "50–75%"),
    "75_90": (0.75, "75–90 %", "75–90%"),
    "90_100": (0.9, "90–<100 %", "90–<100%"),
    "single": (1.0, "100 % (yksi rahoittaja)", "100% (one funder)"),
}

_FUNDING_REQUIRED = ("org_id", "year", "source", "funder", "amount_eur")
_MAX_LISTED = 20  # problems listed per rule before "... and N more"
_TOL_SINGLE = 1e-12  # a share within this of 1 counts as "one funder" (float rounding)


# ---------------------------------------------------------------------------
# Input checks
# ---------------------------------------------------------------------------


def _problems(mask: np.ndarray, values: pd.Series, *, column: str, rule: str, en: str, fi: str,
              table: str) -> list[Problem]:
    """Problems for the rows where ``mask`` is true (first few listed, the rest counted)."""
    idx = np.flatnonzero(mask)
    out = [
        Problem(file=table, row=int(i) + 2, column=column, value=str(values.iloc[i])[:60],
                rule=rule, message_en=en, message_fi=fi)
        for i in idx[:_MAX_LISTED]
    ]
    if len(idx) > _MAX_LISTED:
        more = len(idx) - _MAX_LISTED
        out.append(Problem(file=table, row=None, column=column, value=None, rule=rule,
                           message_en=f"... and {more} more rows with the same problem",
                           message_fi=f"... ja {more} muuta riviä, joissa sama ongelma"))
    return out


def _check_funding(funding: pd.DataFrame, *, table: str = "funding") -> pd.DataFrame:
    """Check the funding table and return a slim working copy with plain dtypes.

    Raises :class:`~impactlib.errors.DataError` listing every problem: missing
    columns, empty cells, years or euros that are not numbers, negative euros
    and unknown source codes. Row numbers count the header as row 1.
    """
    if not isinstance(funding, pd.DataFrame):
        raise TypeError(
            f"funding must be a pandas DataFrame (the funding table), got {type(funding).__name__}"
        )
    missing = [c for c in _FUNDING_REQUIRED if c not in funding.columns]
    if missing:
        raise DataError([
            Problem(file=table, row=None, column=c, value=None, rule="missing_column",
                    message_en=f"the funding table needs a column '{c}'",
                    message_fi=f"rahoitustaulukosta puuttuu sarake '{c}'")
            for c in missing
        ])
    probs: list[Problem] = []
    for c in ("org_id", "source", "funder"):
        na = funding[c].isna().to_numpy()
        probs += _problems(na, funding[c], column=c, rule="missing_value", table=table,
                           en="empty cell; every funding row needs a value here",
                           fi="tyhjä solu; jokaisella rahoitusrivillä pitää olla arvo")
    year = pd.to_numeric(funding["year"], errors="coerce")
    bad_year = (year.isna() | (year.round() != year)).to_numpy()
    probs += _problems(bad_year, funding["year"], column="year", rule="type", table=table,
                       en="the year must be a whole number such as 2023",
                       fi="vuoden pitää olla kokonaisluku, esim. 2023")
    amount = pd.to_numeric(funding["amount_eur"], errors="coerce")
    bad_amount = amount.isna().to_numpy()
    probs += _problems(bad_amount, funding["amount_eur"], column="amount_eur", rule="type",
                       table=table, en="the amount must be a number of euros",
                       fi="summan pitää olla euromäärä (luku)")
    neg = (amount < 0).fillna(False).to_numpy()
    probs += _problems(neg, funding["amount_eur"], column="amount_eur", rule="range", table=table,
                       en="the amount must be 0 or more (enter refunds as a smaller grant)",
                       fi="summan pitää olla vähintään 0 (kirjaa palautukset pienempänä avustuksena)")
    src = funding["source"].astype("string")
    unknown = (~src.isin(list(model.SOURCES)) & src.notna()).to_numpy()
    probs += _problems(unknown, funding["source"], column="source", rule="code_list", table=table,
                       en="unknown funding source; use one of " + ", ".join(model.SOURCES),
                       fi="tuntematon rahoituslähde; käytä jotakin näistä: " + ", ".join(model.SOURCES))
    if probs:
        raise DataError(probs)
    out = pd.DataFrame({
        "org_id": funding["org_id"].astype(str).to_numpy(),
        "year": year.astype("int64").to_numpy(),
        "source": src.astype(str).to_numpy(),
        "funder": funding["funder"].astype(str).to_numpy(),
        "amount_eur": amount.astype("float64").to_numpy(),
    })
    if "grant_id" in funding.columns:
        out["grant_id"] = funding["grant_id"].astype("string").to_numpy()
    return out


def _scheme(scheme: Mapping[str, str] | None, scheme_name: str | None) -> tuple[dict, str]:
    if scheme is None:
        return dict(model.SOURCE_GROUPS), scheme_name or SCHEME_NAME
    missing = [s for s in model.SOURCES if s not in scheme]
    if missing:
        raise ValueError(
            "the source-group scheme must give a group for every source code; missing: "
            + ", ".join(missing)
        )
    return dict(scheme), scheme_name or "custom"


def _window(f: pd.DataFrame, window: tuple[int, int] | None) -> tuple[pd.DataFrame, int, int]:
    if window is None:
        if f.empty:
            raise ValueError("the funding table has no rows")
        return f, int(f["year"].min()), int(f["year"].max())
    first, last = (int(window[0]), int(window[1]))
    if first > last:
        raise ValueError(f"window must be (first year, last year), got {window!r}")
    f = f[(f["year"] >= first) & (f["year"] <= last)]
    if f.empty:
        raise ValueError(f"the funding table has no rows in the years {first}–{last}")
    return f, first, last


def _hidden(table: pd.DataFrame, count: str, group: str | None) -> np.ndarray:
    """Cells hidden by small-cell suppression (primary or complementary)."""
    if table.empty:
        return np.zeros(0, dtype=bool)
    primary, secondary = suppression_mask(table, [count], threshold=THRESHOLD, groups=group)
    return (primary[count] | secondary[count]).to_numpy()


# ---------------------------------------------------------------------------
# Helpers: municipal mergers, organisation attributes
# ---------------------------------------------------------------------------


def municipal_successors() -> dict[str, str]:
    """Municipality codes merged away since 2013 mapped to the municipality that continues them.

    Chains of mergers are followed to the end. Pass the result as ``recode=``
    to :func:`spells` so that a municipality's grants keep one funder code
    across a merger (otherwise the merger ends the spell and starts a new one).

    Returns
    -------
    dict of str to str
        Old code -> current code (Statistics Finland classification, bundled
        in ``data/regions/municipalities.csv``).

    Examples
    --------
    >>> municipal_successors()["099"]   # Honkajoki merged into Kankaanpää in 2021
    '214'
    """
    return regions.successors()


def attach_organisation(
    frame: pd.DataFrame,
    organisations: pd.DataFrame,
    *,
    columns: Sequence[str] = ("kind", "category", "municipality", "county"),
) -> pd.DataFrame:
    """Add attributes of the association (kind, home county, …) to a result table.

    Parameters
    ----------
    frame : pandas.DataFrame
        Any table with an ``org_id`` column.
    organisations : pandas.DataFrame
        The ``organisations`` table.
    columns : list of str
        Columns of ``organisations`` to add; ``county`` is the wellbeing
        services county of the home municipality (2023 classification,
        :func:`impactlib.regions.county_of`).

    Returns
    -------
    pandas.DataFrame
        A copy of ``frame`` with the columns added (``<NA>`` for associations
        missing from ``organisations``). Columns already in ``frame`` are
        left as they are.

    Examples
    --------
    >>> orgs = pd.DataFrame({"org_id": ["0112038-9"], "municipality": ["179"],
    ...                      "kind": ["volunteer"]})
    >>> attach_organisation(pd.DataFrame({"org_id": ["0112038-9"]}), orgs,
    ...                     columns=["kind", "county"])
          org_id       kind county
    0  0112038-9  volunteer     15
    """
    if "org_id" not in organisations.columns:
        raise ValueError("organisations must have an 'org_id' column (the Y-tunnus)")
    if "org_id" not in frame.columns:
        raise ValueError("the table must have an 'org_id' column to attach association data to")
    want = [c for c in columns if c not in frame.columns]
    if not want:
        return frame.copy()
    orgs = organisations.drop_duplicates("org_id")
    attrs = pd.DataFrame({"org_id": orgs["org_id"].astype(str).to_numpy()})
    for c in want:
        if c == "county":
            if "municipality" not in orgs.columns:
                raise ValueError("organisations needs a 'municipality' column to find the county")
            attrs["county"] = regions.county_of(orgs["municipality"].astype("string")).to_numpy()
        elif c in orgs.columns:
            attrs[c] = orgs[c].to_numpy()
        else:
            raise ValueError(f"organisations has no column '{c}'")
    key = frame["org_id"].astype(str)
    looked = attrs.set_index("org_id").reindex(key.to_numpy())
    out = frame.copy()
    for c in want:
        out[c] = looked[c].to_numpy()
        if c in ("county", "kind", "category", "municipality"):
            out[c] = out[c].astype("string")
    return out


# ---------------------------------------------------------------------------
# Funding mix and concentration
# ---------------------------------------------------------------------------


def funding_mix(
    funding: pd.DataFrame,
    *,
    levels: Sequence[str] = ("source", "source_group"),
    scheme: Mapping[str, str] | None = None,
    scheme_name: str | None = None,
) -> pd.DataFrame:
    """Funding mix (*rahoitusrakenne*): each source's share of an association's yearly total.

    Parameters
    ----------
    funding : pandas.DataFrame
        The ``funding`` table.
    levels : sequence of {"source", "source_group"}
        Compute shares by single source code, by source group, or both
        (stacked in one long table with a ``level`` column).
    scheme : dict, optional
        Source code -> source group. Default :data:`impactlib.model.SOURCE_GROUPS`
        (scheme ``"impactlib-2024"``). Results by group depend on the scheme,
        so its name is returned in the ``scheme`` column.
    scheme_name : str, optional
        Name of a custom scheme (default ``"custom"``).

    Returns
    -------
    pandas.DataFrame
        One row per association, year, level and code with money: ``org_id,
        year, level, code, amount_eur, total, share, scheme``. ``amount_eur``
        and ``total`` in euros; ``share`` 0–1 (NaN where the year's total is
        0 €). Sorted by ``org_id, year, level, code``.

    Notes
    -----
    For association :math:`j`, year :math:`t` and source (group) :math:`i`
    with euros :math:`a_{ijt}`:

    .. math::

        s_{ijt} = \\frac{a_{ijt}}{\\sum_k a_{kjt}}, \\qquad \\sum_i s_{ijt} = 1.

    Computed with grouped sums in pandas.

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2024] * 3,
    ...                   "source": ["stea_general", "stea_project", "fundraising"],
    ...                   "funder": ["STEA", "STEA", "own"],
    ...                   "amount_eur": [6000.0, 2000.0, 2000.0]})
    >>> funding_mix(f, levels=["source_group"])[["code", "amount_eur", "share", "scheme"]]
       code  amount_eur  share          scheme
    0   own      2000.0    0.2  impactlib-2024
    1  stea      8000.0    0.8  impactlib-2024
    """
    f = _check_funding(funding)
    groups, name = _scheme(scheme, scheme_name)
    bad = [lv for lv in levels if lv not in ("source", "source_group")]
    if bad or not levels:
        raise ValueError(f"levels must be 'source' and/or 'source_group', got {list(levels)!r}")
    f["source_group"] = f["source"].map(groups)
    parts = []
    for lv in levels:  # at most two levels
        g = f.groupby(["org_id", "year", lv], sort=True)["amount_eur"].sum().reset_index()
        g = g.rename(columns={lv: "code"})
        g.insert(2, "level", lv)
        parts.append(g)
    out = pd.concat(parts, ignore_index=True)
    tot = f.groupby(["org_id", "year"])["amount_eur"].sum().rename("total")
    out = out.join(tot, on=["org_id", "year"])
    out["share"] = out["amount_eur"] / out["total"]
    out.loc[out["total"] == 0, "share"] = np.nan
    out["scheme"] = name
    out = out.sort_values(["org_id", "year", "level", "code"], kind="mergesort")
    return out.reset_index(drop=True)


def mix_over_years(
    funding: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    by: str | None = None,
    level: str = "source_group",
    scheme: Mapping[str, str] | None = None,
    scheme_name: str | None = None,
) -> pd.DataFrame:
    """Funding mix of all associations together per year (optionally per county or kind).

    The euros of all associations (in each group) are added up per year and
    source (group); the share is of the group's yearly total. This is the
    table behind the stacked funding-mix figure
    (:func:`impactlib.plots.plot_funding_mix`).

    Parameters
    ----------
    funding : pandas.DataFrame
    organisations : pandas.DataFrame, optional
        Needed when ``by`` is given.
    by : {None, "county", "kind", "category"}, optional
        Split by an attribute of the association (county of its home
        municipality). ``None``: one group ``"all"``.
    level : {"source_group", "source"}
    scheme, scheme_name
        As in :func:`funding_mix`.

    Returns
    -------
    pandas.DataFrame
        ``group, year, code, amount_eur, total, share, n_orgs, hidden,
        scheme``: euros, share 0–1, number of associations receiving money
        from the code that year, and whether that count is hidden by
        small-cell suppression (within the group and year).

    Notes
    -----
    .. math::

        S_{igt} = \\frac{\\sum_{j \\in g} a_{ijt}}{\\sum_{j \\in g} \\sum_k a_{kjt}}

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9", "0112038-9"], "year": [2022, 2023],
    ...                   "source": ["municipality", "county"], "funder": ["179", "15"],
    ...                   "amount_eur": [100.0, 90.0]})
    >>> mix_over_years(f)[["year", "code", "share", "n_orgs", "hidden"]]
       year          code  share  n_orgs  hidden
    0  2022  municipality    1.0       1    True
    1  2023        county    1.0       1    True
    """
    f = _check_funding(funding)
    groups, name = _scheme(scheme, scheme_name)
    if level not in ("source", "source_group"):
        raise ValueError(f"level must be 'source' or 'source_group', got {level!r}")
    f["source_group"] = f["source"].map(groups)
    if by is None:
        f["group"] = "all"
    else:
        if organisations is None:
            raise ValueError(f"by={by!r} needs the organisations table")
        f["group"] = attach_organisation(f[["org_id"]], organisations, columns=[by])[by].fillna(
            "unknown").to_numpy()
    g = f.groupby(["group", "year", level], sort=True)
    out = g["amount_eur"].sum().rename("amount_eur").to_frame()
    pos = f[f["amount_eur"] > 0]
    out["n_orgs"] = pos.groupby(["group", "year", level])["org_id"].nunique()
    out["n_orgs"] = out["n_orgs"].fillna(0).astype("int64")
    out = out.reset_index().rename(columns={level: "code"})
    out["total"] = out.groupby(["group", "year"])["amount_eur"].transform("sum")
    out["share"] = out["amount_eur"] / out["total"]
    out.loc[out["total"] == 0, "share"] = np.nan
    out["gy"] = out["group"].astype(str) + "|" + out["year"].astype(str)
    out["hidden"] = _hidden(out, "n_orgs", "gy")
    out["scheme"] = name
    cols = ["group", "year", "code", "amount_eur", "total", "share", "n_orgs", "hidden", "scheme"]
    return out[cols].reset_index(drop=True)


def concentration(
    funding: pd.DataFrame,
    *,
    by: str = "source",
    scheme: Mapping[str, str] | None = None,
    exclude_sources: Sequence[str] = (),
) -> pd.DataFrame:
    """Revenue concentration (*rahoituksen keskittyneisyys*, HHI) and largest-funder dependence.

    Parameters
    ----------
    funding : pandas.DataFrame
        The ``funding`` table.
    by : {"source", "source_group", "funder"}
        What counts as one revenue source: a source code, a source group (see
        ``scheme``) or an individual funder (``funder`` column: one
        municipality, one county, ``"STEA"`` for all three STEA grant types,
        ``"own"`` for own fundraising, a foundation …). Use ``"funder"`` for
        largest-funder dependence (*riippuvuus yhdestä rahoittajasta*).
    scheme : dict, optional
        Source -> group for ``by="source_group"`` (default
        :data:`impactlib.model.SOURCE_GROUPS`).
    exclude_sources : list of str, optional
        Sources left out before anything is computed, e.g.
        ``["fundraising"]`` for dependence on *outside* funders only (own
        fundraising is then not counted as a funder). Default: none.

    Returns
    -------
    pandas.DataFrame
        One row per association and year: ``org_id, year, total, n, hhi,
        hhi_norm, n_eff, top, top_share, public_share``.

        ``total``
            euros that year; ``n`` number of sources with more than 0 €;
        ``hhi``
            Herfindahl–Hirschman index (0–1]; NaN when the total is 0 €;
        ``hhi_norm``
            normalised HHI 0–1; NaN for ``n`` ≤ 1, where the formula is 0/0
            (an association with one source has ``hhi`` = 1);
        ``n_eff``
            effective number of sources, 1/HHI;
        ``top``, ``top_share``
            the largest source and its share (ties: alphabetically first
            code);
        ``public_share``
            share of public money (:data:`impactlib.model.PUBLIC_SOURCES`:
            STEA, municipalities, counties, other state, EU), by source
            whatever ``by`` is.

    Notes
    -----
    With shares :math:`s_i = a_i / \\sum_k a_k` of the :math:`n` sources with
    money (Tuckman & Chang 1991, *revenue concentration index*):

    .. math::

        \\mathrm{HHI} = \\sum_{i=1}^{n} s_i^2, \\qquad \\frac{1}{n} \\le \\mathrm{HHI} \\le 1,
        \\qquad \\mathrm{HHI}^{*} = \\frac{\\mathrm{HHI} - 1/n}{1 - 1/n}\\ (n > 1),
        \\qquad n_{\\mathrm{eff}} = \\frac{1}{\\mathrm{HHI}}.

    Computed with grouped sums in pandas.

    References
    ----------
    Tuckman, H. P., & Chang, C. F. (1991). A methodology for measuring the
    financial vulnerability of charitable nonprofit organizations. *Nonprofit
    and Voluntary Sector Quarterly*, 20(4), 445–460.
    https://doi.org/10.1177/089976409102000407

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2024] * 3,
    ...                   "source": ["municipality", "municipality", "fundraising"],
    ...                   "funder": ["179", "410", "own"],
    ...                   "amount_eur": [5000.0, 3000.0, 2000.0]})
    >>> c = concentration(f, by="funder")
    >>> c[["n", "hhi", "hhi_norm", "n_eff", "top", "top_share", "public_share"]]
       n   hhi  hhi_norm     n_eff  top  top_share  public_share
    0  3  0.38      0.07  2.631579  179        0.5           0.8
    """
    f = _check_funding(funding)
    if by not in ("source", "source_group", "funder"):
        raise ValueError(f"by must be 'source', 'source_group' or 'funder', got {by!r}")
    unknown = sorted(set(exclude_sources) - set(model.SOURCES))
    if unknown:
        raise ValueError("unknown source(s) in exclude_sources: " + ", ".join(unknown))
    if len(exclude_sources):
        f = f[~f["source"].isin(list(exclude_sources))]
    if by == "source_group":
        groups, _ = _scheme(scheme, None)
        f["source_group"] = f["source"].map(groups)
    keys = ["org_id", "year"]
    tot = f.groupby(keys, sort=True)["amount_eur"].sum().rename("total").to_frame()
    g = f.groupby([*keys, by], sort=False)["amount_eur"].sum().reset_index()
    g = g[g["amount_eur"] > 0]
    g = g.join(tot, on=keys)
    g["share"] = g["amount_eur"] / g["total"]
    g["share2"] = g["share"] ** 2
    agg = g.groupby(keys).agg(n=("share", "size"), hhi=("share2", "sum"))
    top = g.sort_values([*keys, "amount_eur", by], ascending=[True, True, False, True],
                        kind="mergesort").drop_duplicates(keys)
    top = top.set_index(keys)[[by, "share"]].rename(columns={by: "top", "share": "top_share"})
    pub = f[f["source"].isin(model.PUBLIC_SOURCES)].groupby(keys)["amount_eur"].sum()
    out = tot.join(agg).join(top)
    out["n"] = out["n"].fillna(0).astype("int64")
    out["hhi"] = out["hhi"].where(out["n"] > 0)
    inv_n = 1.0 / out["n"].where(out["n"] > 0)
    out["hhi_norm"] = ((out["hhi"] - inv_n) / (1.0 - inv_n)).where(out["n"] > 1)
    out["n_eff"] = 1.0 / out["hhi"]
    out["public_share"] = (pub.reindex(out.index).fillna(0.0) / out["total"]).where(out["total"] > 0)
    out["top"] = out["top"].astype("string")
    out = out.reset_index()
    cols = ["org_id", "year", "total", "n", "hhi", "hhi_norm", "n_eff", "top", "top_share",
            "public_share"]
    return out[cols]


def dependence_bands(
    conc: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    by: str | None = "kind",
    year: int | None = None,
    bands: Mapping[str, tuple[float, str, str]] | None = None,
) -> pd.DataFrame:
    """Distribution of largest-funder dependence (*riippuvuus suurimmasta rahoittajasta*) by group.

    Associations are counted in bands of the largest funder's share
    (``top_share`` from :func:`concentration`, best with ``by="funder"``) in
    one year. Shares rather than single values are shown so that no
    association can be picked out; cells of 1–4 associations are marked
    ``hidden``.

    Parameters
    ----------
    conc : pandas.DataFrame
        Output of :func:`concentration`.
    organisations : pandas.DataFrame, optional
        Needed when ``by`` is given.
    by : {"kind", "county", "category", None}
    year : int, optional
        Default: the last year in ``conc``.
    bands : dict, optional
        Code -> (lower bound, Finnish label, English label), increasing; the
        default is :data:`DEPENDENCE_BANDS` (the last band, ``single``, is
        exactly 100 %: all money from one funder).

    Returns
    -------
    pandas.DataFrame
        ``group, band, lower, n, share, hidden`` — ``n`` associations in the
        band, ``share`` of the group's associations (0–1).

    Examples
    --------
    >>> conc = pd.DataFrame({"org_id": ["a", "b", "c"], "year": [2024] * 3,
    ...                      "top_share": [1.0, 0.6, 0.3]})
    >>> dependence_bands(conc, by=None)[["band", "n", "share"]]
           band  n     share
    0  under_50  1  0.333333
    1     50_75  1  0.333333
    2     75_90  0  0.000000
    3    90_100  0  0.000000
    4    single  1  0.333333
    """
    for c in ("org_id", "year", "top_share"):
        if c not in conc.columns:
            raise ValueError(f"conc must be the output of concentration(); column '{c}' is missing")
    bands = dict(DEPENDENCE_BANDS if bands is None else bands)
    lowers = np.array([b[0] for b in bands.values()], dtype=float)
    if np.any(np.diff(lowers) <= 0):
        raise ValueError("band lower bounds must increase")
    y = int(conc["year"].max()) if year is None else int(year)
    d = conc[(conc["year"] == y) & conc["top_share"].notna()][["org_id", "top_share"]]
    if by is None:
        d = d.assign(group="all")
    else:
        if organisations is None:
            raise ValueError(f"by={by!r} needs the organisations table")
        d = attach_organisation(d, organisations, columns=[by]).rename(columns={by: "group"})
        d["group"] = d["group"].fillna("unknown")
    share = d["top_share"].to_numpy(dtype=float)
    # values within float rounding of 1 belong to the top band when it starts at 1
    share = np.where(np.abs(share - 1.0) <= _TOL_SINGLE, 1.0, share)
    idx = np.searchsorted(lowers, share, side="right") - 1
    codes = np.array(list(bands))
    d = d.assign(band=codes[np.clip(idx, 0, len(codes) - 1)])
    counts = d.groupby(["group", "band"]).size()
    full = pd.MultiIndex.from_product([sorted(d["group"].astype(str).unique()), list(bands)],
                                      names=["group", "band"])
    out = counts.reindex(full, fill_value=0).rename("n").reset_index()
    out["lower"] = out["band"].map({k: v[0] for k, v in bands.items()})
    out["share"] = out["n"] / out.groupby("group")["n"].transform("sum")
    out["hidden"] = _hidden(out, "n", "group")
    return out[["group", "band", "lower", "n", "share", "hidden"]]


def volatility(
    funding: pd.DataFrame,
    *,
    window: tuple[int, int] | None = None,
    ddof: int = 1,
    missing_as_zero: bool = False,
) -> pd.DataFrame:
    """Funding volatility (*rahoituksen vaihtelu*): CV of yearly totals and the largest drop.

    Parameters
    ----------
    funding : pandas.DataFrame
    window : (int, int), optional
        First and last year to use (inclusive). Default: all years.
    ddof : int, default 1
        Delta degrees of freedom of the standard deviation (1: sample SD).
    missing_as_zero : bool, default False
        Count years between an association's first and last year without
        any funding row as 0 €. By default such years are *not observed*:
        they are left out of the CV, and no year-on-year change is computed
        across them.

    Returns
    -------
    pandas.DataFrame
        One row per association: ``org_id, first_year, last_year, years,
        mean_total, sd_total, cv, drop_eur, drop_eur_year, drop_pct,
        drop_pct_year``.

        ``years``
            number of years observed in the window;
        ``cv``
            coefficient of variation of yearly totals (NaN with fewer than
            ``ddof + 1`` years or a mean of 0 €);
        ``drop_eur``, ``drop_eur_year``
            largest fall from one year to the next in euros (0 if totals
            never fell) and the year of the lower total; NaN/``<NA>`` when
            no two consecutive years are observed;
        ``drop_pct``, ``drop_pct_year``
            largest relative fall (0–1, share of the earlier year's total)
            and its year.

    Notes
    -----
    With yearly totals :math:`T_t` over the observed years:

    .. math::

        \\mathrm{CV} = \\frac{\\mathrm{SD}(T)}{\\bar T}, \\qquad
        \\Delta^{\\mathrm{EUR}} = \\max_t\\,\\max(T_{t-1} - T_t, 0), \\qquad
        \\Delta^{\\%} = \\max_t \\frac{\\max(T_{t-1} - T_t, 0)}{T_{t-1}}.

    Computed with grouped pandas operations.

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2022, 2023, 2024],
    ...                   "source": ["municipality"] * 3, "funder": ["179"] * 3,
    ...                   "amount_eur": [1000.0, 400.0, 1000.0]})
    >>> v = volatility(f)
    >>> v[["years", "mean_total", "cv", "drop_eur", "drop_eur_year", "drop_pct"]]
       years  mean_total        cv  drop_eur  drop_eur_year  drop_pct
    0      3       800.0  0.433013     600.0           2023       0.6
    """
    f, first, last = _window(_check_funding(funding), window)
    t = f.groupby(["org_id", "year"], sort=True)["amount_eur"].sum().reset_index()
    if missing_as_zero:
        span = t.groupby("org_id")["year"].agg(["min", "max"])
        lens = (span["max"] - span["min"] + 1).to_numpy()
        org = np.repeat(span.index.to_numpy(), lens)
        start = np.repeat(span["min"].to_numpy(), lens)
        offs = np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens)
        full = pd.DataFrame({"org_id": org, "year": start + offs})
        t = full.merge(t, on=["org_id", "year"], how="left").fillna({"amount_eur": 0.0})
    prev_year = t.groupby("org_id")["year"].shift()
    prev_tot = t.groupby("org_id")["amount_eur"].shift()
    consec = (t["year"] - prev_year) == 1
    fall = (prev_tot - t["amount_eur"]).clip(lower=0.0).where(consec)
    pct = (fall / prev_tot).where(consec & (prev_tot > 0))
    pct = pct.where(~(consec & (prev_tot == 0)), 0.0)  # nothing to lose from 0 €
    t = t.assign(fall=fall, pct=pct)
    g = t.groupby("org_id", sort=True)
    out = pd.DataFrame({
        "first_year": g["year"].min(),
        "last_year": g["year"].max(),
        "years": g["year"].size(),
        "mean_total": g["amount_eur"].mean(),
        "sd_total": g["amount_eur"].std(ddof=ddof),
    })
    out["cv"] = (out["sd_total"] / out["mean_total"]).where(out["mean_total"] > 0)
    out["drop_eur"] = g["fall"].max()
    out["drop_pct"] = g["pct"].max()
    for col, ycol in (("fall", "drop_eur_year"), ("pct", "drop_pct_year")):
        best = t[t[col] > 0].sort_values(["org_id", col, "year"], ascending=[True, False, True],
                                         kind="mergesort").drop_duplicates("org_id")
        out[ycol] = best.set_index("org_id")["year"].reindex(out.index).astype("Int64")
    out = out.reset_index()
    cols = ["org_id", "first_year", "last_year", "years", "mean_total", "sd_total", "cv",
            "drop_eur", "drop_eur_year", "drop_pct", "drop_pct_year"]
    return out[cols]


# ---------------------------------------------------------------------------
# Funding spells and interruptions
# ---------------------------------------------------------------------------


def _spell_numbers(keys: list[pd.Series], year: pd.Series, gap_tolerance: int) -> np.ndarray:
    """Spell number of each row of a frame sorted by keys and year (rows = funded years)."""
    new = np.zeros(len(year), dtype=bool)
    if len(year):
        new[0] = True
    for k in keys:
        a = k.to_numpy()
        new[1:] |= a[1:] != a[:-1]
    y = year.to_numpy()
    new[1:] |= (y[1:] - y[:-1]) > gap_tolerance + 1
    return np.cumsum(new)


def spells(
    funding: pd.DataFrame,
    *,
    by: str = "funder",
    gap_tolerance: int = 0,
    window: tuple[int, int] | None = None,
    recode: Mapping[str, str] | str | None = None,
    scheme: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Funding spells (*rahoitussuhteet*): continuous runs of years one funder funds one association.

    Parameters
    ----------
    funding : pandas.DataFrame
        The ``funding`` table.
    by : {"funder", "source", "source_group"}
        The other party of the relationship: an individual funder (default),
        a source code, or a source group.
    gap_tolerance : int, default 0
        Years without money that do not end a spell: with 1, funding in
        2019 and 2021 but not 2020 is one spell 2019–2021 (length 3,
        ``years_funded`` 2).
    window : (int, int), optional
        The observation window (first, last year). Default: the first and
        last year in the table.
    recode : dict or "municipal_mergers", optional
        Map funder codes before building spells, for a funder that changed
        its code. ``"municipal_mergers"`` maps municipalities merged since
        2013 to their successor (:func:`municipal_successors`). By default a
        changed code ends one spell and starts another.
    scheme : dict, optional
        Source -> group (default :data:`impactlib.model.SOURCE_GROUPS`), for
        ``by="source_group"`` and the ``source_group`` column.

    Returns
    -------
    pandas.DataFrame
        One row per spell: ``org_id, <by>, start, end, length, amount_eur,
        censored, truncated, years_funded, first_amount_eur, last_amount_eur,
        source_group, spell_id``.

        ``start``, ``end``
            first and last funded year; ``length`` = end − start + 1 years
            (including tolerated gaps);
        ``amount_eur``, ``first_amount_eur``, ``last_amount_eur``
            euros over the spell, in its first and in its last year;
        ``censored``
            right-censored: the spell may still be running, because it
            reaches the last ``gap_tolerance`` + 1 years of the window;
        ``truncated``
            left-truncated: it may have started before the window (it
            starts within the first ``gap_tolerance`` + 1 years), so its
            true start and length are unknown;
        ``source_group``
            the group of the source with the most euros in the spell
            (*funder type*);
        ``spell_id``
            running number 1, 2, … in the sort order ``org_id, <by>, start``.

    Notes
    -----
    A year :math:`t` is funded by funder :math:`f` for association :math:`j`
    when :math:`a_{jft} > 0`. Funded years :math:`t_1 < t_2 < \\dots` of one
    pair are cut into spells where :math:`t_{k+1} - t_k > g + 1`,
    :math:`g` the gap tolerance. With window :math:`[F, L]`:

    .. math::

        \\mathrm{censored} = [\\mathrm{end} \\ge L - g], \\qquad
        \\mathrm{truncated} = [\\mathrm{start} \\le F + g].

    Spells partition the funded years: each funded year of a pair belongs to
    exactly one spell. Computed with sorted, grouped pandas operations.

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 4, "year": [2019, 2020, 2022, 2023],
    ...                   "source": ["municipality"] * 4, "funder": ["179"] * 4,
    ...                   "amount_eur": [100.0, 100.0, 50.0, 60.0]})
    >>> spells(f, window=(2018, 2024))[["funder", "start", "end", "length", "amount_eur",
    ...                                 "censored", "truncated"]]
      funder  start   end  length  amount_eur  censored  truncated
    0    179   2019  2020       2       200.0     False      False
    1    179   2022  2023       2       110.0     False      False
    >>> spells(f, gap_tolerance=1, window=(2018, 2024))[["start", "end", "length",
    ...                                                 "years_funded", "censored"]]
       start   end  length  years_funded  censored
    0   2019  2023       5             4      True
    """
    if by not in ("funder", "source", "source_group"):
        raise ValueError(f"by must be 'funder', 'source' or 'source_group', got {by!r}")
    if int(gap_tolerance) != gap_tolerance or gap_tolerance < 0:
        raise ValueError(f"gap_tolerance must be a whole number of years ≥ 0, got {gap_tolerance!r}")
    gap_tolerance = int(gap_tolerance)
    f, first, last = _window(_check_funding(funding), window)
    groups, _ = _scheme(scheme, None)
    f["source_group"] = f["source"].map(groups)
    if recode is not None:
        mapping = municipal_successors() if recode == "municipal_mergers" else dict(recode)
        f["funder"] = f["funder"].map(lambda v: mapping.get(v, v)) if mapping else f["funder"]
    f = f[f["amount_eur"] > 0]
    keys = ["org_id", by]
    y = f.groupby([*keys, "year"], sort=True)["amount_eur"].sum().reset_index()
    y["spell_id"] = _spell_numbers([y["org_id"], y[by]], y["year"], gap_tolerance)
    g = y.groupby("spell_id", sort=True)
    out = g.agg(org_id=("org_id", "first"), key=(by, "first"), start=("year", "min"),
                end=("year", "max"), amount_eur=("amount_eur", "sum"),
                years_funded=("year", "size"), first_amount_eur=("amount_eur", "first"),
                last_amount_eur=("amount_eur", "last"))
    out = out.rename(columns={"key": by})
    if by == "source_group":
        out["source_group"] = out[by]
    else:
        sg = f.groupby([*keys, "year", "source_group"])["amount_eur"].sum().reset_index()
        sg = sg.merge(y[[*keys, "year", "spell_id"]], on=[*keys, "year"])
        sg = sg.groupby(["spell_id", "source_group"])["amount_eur"].sum().reset_index()
        sg = sg.sort_values(["spell_id", "amount_eur", "source_group"],
                            ascending=[True, False, True], kind="mergesort")
        out["source_group"] = sg.drop_duplicates("spell_id").set_index("spell_id")["source_group"]
    out["length"] = out["end"] - out["start"] + 1
    out["censored"] = out["end"] >= last - gap_tolerance
    out["truncated"] = out["start"] <= first + gap_tolerance
    out = out.reset_index()
    for c in ("start", "end", "length", "years_funded"):
        out[c] = out[c].astype("int64")
    out[by] = out[by].astype("string")
    out["source_group"] = out["source_group"].astype("string")
    cols = ["org_id", by, "start", "end", "length", "amount_eur", "censored", "truncated",
            "years_funded", "first_amount_eur", "last_amount_eur", "source_group", "spell_id"]
    out = out[cols]
    out.attrs["window"] = (first, last)
    out.attrs["gap_tolerance"] = gap_tolerance
    return out


def _spell_key(sp: pd.DataFrame) -> str:
    for k in ("funder", "source", "source_group"):
        if k in sp.columns:
            return k
    raise ValueError("spells must be the output of spells(): no funder/source column")


def _check_spells(sp: pd.DataFrame) -> None:
    if not isinstance(sp, pd.DataFrame):
        raise TypeError("expected the table returned by spells()")
    need = ["org_id", "start", "end", "length", "censored", "truncated", "first_amount_eur",
            "last_amount_eur"]
    missing = [c for c in need if c not in sp.columns]
    if missing:
        hint = " (this looks like the funding table: pass spells(funding) instead)" if (
            "amount_eur" in sp.columns and "year" in sp.columns) else ""
        raise ValueError("expected the table returned by spells(); missing columns: "
                         + ", ".join(missing) + hint)


def interruptions(spells: pd.DataFrame) -> pd.DataFrame:
    """Interruptions (*katkokset*): spells that end before the data do, and whether they resumed.

    Parameters
    ----------
    spells : pandas.DataFrame
        Output of :func:`spells`.

    Returns
    -------
    pandas.DataFrame
        One row per ended (not right-censored) spell: ``org_id, <by>,
        start, end, stop_year, lost_eur, resumed, resumed_year, gap_years,
        resumed_eur, source_group``.

        ``stop_year``
            the first year without money (end + 1);
        ``lost_eur``
            euros the funder paid in the spell's last year, which it did
            not pay in ``stop_year``;
        ``resumed``, ``resumed_year``, ``gap_years``
            whether the same funder funded the association again later,
            when, and how many years without money came in between;
        ``resumed_eur``
            euros in the first year of the next spell.

    Notes
    -----
    For a spell ending in year :math:`e` with last-year euros :math:`a_e`:
    lost € :math:`= a_e` in year :math:`e + 1`; gap = next start − e − 1.

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2019, 2020, 2023],
    ...                   "source": ["foundation"] * 3, "funder": ["F1"] * 3,
    ...                   "amount_eur": [100.0, 120.0, 80.0]})
    >>> i = interruptions(spells(f, window=(2018, 2023)))   # 2023: still running
    >>> i[["end", "stop_year", "lost_eur", "resumed", "resumed_year", "gap_years"]]
        end  stop_year  lost_eur  resumed  resumed_year  gap_years
    0  2020       2021     120.0     True          2023          2
    """
    _check_spells(spells)
    key = _spell_key(spells)
    sp = spells.sort_values(["org_id", key, "start"], kind="mergesort").reset_index(drop=True)
    same = (sp["org_id"].shift(-1) == sp["org_id"]) & (sp[key].shift(-1) == sp[key])
    nxt_start = sp["start"].shift(-1).where(same)
    out = sp[~sp["censored"].astype(bool)].copy()
    nxt = nxt_start[out.index]
    out["stop_year"] = (out["end"] + 1).astype("int64")
    out["lost_eur"] = out["last_amount_eur"]
    out["resumed"] = nxt.notna().to_numpy()
    out["resumed_year"] = nxt.astype("Int64")
    out["gap_years"] = (nxt - out["end"] - 1).astype("Int64")
    out["resumed_eur"] = sp["first_amount_eur"].shift(-1)[out.index].where(out["resumed"])
    cols = ["org_id", key, "start", "end", "stop_year", "lost_eur", "resumed", "resumed_year",
            "gap_years", "resumed_eur"]
    if "source_group" in out.columns and key != "source_group":
        cols.append("source_group")
    return out[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------
# Spell survival
# ---------------------------------------------------------------------------


@dataclass
class SurvivalResult:
    """Kaplan–Meier survival of funding spells, with log-rank and Cox results.

    Attributes
    ----------
    table : pandas.DataFrame
        ``group, time, at_risk, events, censored, survival, se, ci_low,
        ci_high`` — one row per group and whole year ``time`` = 1 … the
        longest spell: spells at risk of ending after ``time`` years,
        spells ending then (*events*), spells censored then, the Kaplan–Meier
        survival probability P(spell lasts more than ``time`` years), its
        Greenwood standard error and pointwise log-log confidence limits.
    medians : pandas.DataFrame
        ``group, n, events, median, ci_low, ci_high``: median spell length in
        years (NaN: the curve never falls below 0.5) with a confidence
        interval (statsmodels ``quantile_ci``, cloglog; NaN upper limit: not
        reached).
    logrank : pandas.DataFrame or None
        ``statistic, df, pvalue`` of the log-rank test that all groups have
        the same survival (None with one group).
    cox : pandas.DataFrame or None
        ``term, coef, hr, se, ci_low, ci_high, pvalue`` of a Cox
        proportional-hazards model of the ``covariates`` (None without
        covariates).
    group : str or None
        Name of the grouping column(s).
    confidence : float
        Confidence level of the intervals.
    n_used, n_dropped : int
        Spells analysed, and left-truncated spells left out because their
        true start is unknown.
    notes : tuple of str
        Things a reader should know (left-out spells, small groups).
    cox_converged : bool or None
        Whether the Cox model converged (None without covariates).
    """

    table: pd.DataFrame
    medians: pd.DataFrame
    logrank: pd.DataFrame | None
    cox: pd.DataFrame | None
    group: str | None
    confidence: float
    n_used: int
    n_dropped: int
    notes: tuple[str, ...] = field(default_factory=tuple)
    cox_converged: bool | None = None

    def to_frame(self) -> pd.DataFrame:
        """The survival table (:attr:`table`)."""
        return self.table.copy()

    def __repr__(self) -> str:
        lines = [f"SurvivalResult(group={self.group!r}, spells={self.n_used}, "
                 f"left out (left-truncated)={self.n_dropped}, confidence={self.confidence})"]
        for r in self.medians.itertuples():
            lines.append(f"  {r.group}: n={r.n}, events={r.events}, median={r.median}")
        if self.logrank is not None:
            lr = self.logrank.iloc[0]
            lines.append(f"  log-rank chi2={lr['statistic']:.3f}, df={int(lr['df'])}, "
                         f"p={lr['pvalue']:.4g}")
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(lines)


def _km_table(time: np.ndarray, event: np.ndarray, entry: np.ndarray, z: float):
    """Kaplan–Meier by statsmodels plus at-risk counts at every whole year."""
    from statsmodels.duration.survfunc import SurvfuncRight

    late = bool(np.any(entry > 0))
    sf = SurvfuncRight(time, event.astype(float), entry=entry if late else None)
    tmax = int(time.max())
    grid = np.arange(1, tmax + 1, dtype=float)
    ts, te = np.sort(time), np.sort(entry)
    at_risk = np.searchsorted(te, grid, side="left") - np.searchsorted(ts, grid, side="left")
    ev = np.bincount(time[event].astype(int), minlength=tmax + 1)[1:]
    ce = np.bincount(time[~event].astype(int), minlength=tmax + 1)[1:]
    pos = np.searchsorted(sf.surv_times, grid, side="right") - 1
    has = pos >= 0
    surv = np.where(has, sf.surv_prob[np.clip(pos, 0, None)], 1.0) if len(sf.surv_times) else \
        np.ones_like(grid)
    se = np.where(has, sf.surv_prob_se[np.clip(pos, 0, None)], 0.0) if len(sf.surv_times) else \
        np.zeros_like(grid)
    # log-log interval: Var(log(-log S)) = se^2 / (S log S)^2  (Kalbfleisch & Prentice 2002)
    inner = (surv > 0) & (surv < 1) & np.isfinite(se)
    s_in = np.where(inner, surv, 0.5)
    sig = np.where(inner, se, 0.0) / np.abs(s_in * np.log(s_in))
    lo = np.where(inner, s_in ** np.exp(z * sig), np.where(surv >= 1, 1.0, np.nan))
    hi = np.where(inner, s_in ** np.exp(-z * sig), np.where(surv >= 1, 1.0, np.nan))
    table = pd.DataFrame({"time": grid.astype("int64"), "at_risk": at_risk.astype("int64"),
                          "events": ev.astype("int64"), "censored": ce.astype("int64"),
                          "survival": surv, "se": se, "ci_low": lo, "ci_high": hi})
    median = sf.quantile(0.5)
    with np.errstate(divide="ignore", invalid="ignore"):
        # statsmodels takes log(0) when the curve reaches 0; those points are excluded anyway
        qlo, qhi = sf.quantile_ci(0.5, alpha=2 * (1 - _norm_cdf(z)), method="cloglog")
    qhi = np.nan if not np.isfinite(qhi) else qhi
    return table, (float(median), float(qlo), float(qhi))


def _norm_cdf(z: float) -> float:
    from scipy.stats import norm

    return float(norm.cdf(z))


def _design(df: pd.DataFrame, covariates: Sequence[str]) -> pd.DataFrame:
    """Covariate matrix: numbers as they are, categories as 0/1 columns (first level = reference)."""
    parts = []
    for c in covariates:
        if c not in df.columns:
            raise ValueError(f"covariate '{c}' is not a column of the spells table")
        s = df[c]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            parts.append(s.astype(float).rename(c).to_frame())
        else:
            cat = s.astype("string").fillna("unknown")
            levels = sorted(cat.unique())
            d = pd.DataFrame({f"{c}[{lv}]": (cat == lv).astype(float).to_numpy() for lv in levels[1:]},
                             index=df.index)
            parts.append(d)
    return pd.concat(parts, axis=1)


def spell_survival(
    spells: pd.DataFrame,
    *,
    group: str | Sequence[str] | None = None,
    covariates: Sequence[str] | None = None,
    origin: str | None = None,
    confidence: float = 0.95,
    ties: str = "efron",
) -> SurvivalResult:
    """Survival of funding spells (*rahoitussuhteiden kesto*): Kaplan–Meier, log-rank, Cox.

    How long does a funding relationship last? The time is the spell length
    in years; a spell *ends* (an event) when the funder stops; spells still
    running in the last observed years are right-censored. Uses
    :mod:`statsmodels.duration` (``SurvfuncRight``, ``survdiff``, ``PHReg``):
    statsmodels is already a core dependency of impactlib, and all three
    support delayed entry (``entry=``) for left truncation; lifelines is used
    only in the tests, as an independent check.

    Parameters
    ----------
    spells : pandas.DataFrame
        Output of :func:`spells`, optionally with association attributes
        added by :func:`attach_organisation`.
    group : str or list of str, optional
        Column(s) to compare, e.g. ``"source_group"`` (funder type),
        ``"kind"``, ``"county"``. Missing values form a group ``"unknown"``.
    covariates : list of str, optional
        Columns for a Cox proportional-hazards model (categories are coded
        0/1 against their alphabetically first level).
    origin : str, optional
        Column with the year a relationship really began, where known (e.g.
        from a grant register). Left-truncated spells with a known origin
        enter the risk set late (delayed entry): they are counted only for
        the years they were observed. Left-truncated spells whose origin is
        unknown are left out (``n_dropped``), because their length is
        unknown; without ``origin`` all left-truncated spells are left out.
    confidence : float, default 0.95
    ties : {"efron", "breslow"}
        Handling of tied spell lengths in the Cox model (lengths are whole
        years, so ties are many; Efron's method is the more accurate).

    Returns
    -------
    SurvivalResult
        ``.table`` has the columns ``group, time, at_risk, events, censored,
        survival, se, ci_low, ci_high``; see :class:`SurvivalResult`.

    Raises
    ------
    ValueError
        When no spell is left to analyse, e.g. with one year of data (every
        spell is then both left-truncated and right-censored).

    Notes
    -----
    Spell :math:`i` has length :math:`T_i` years, event indicator
    :math:`\\delta_i` (1 = ended, 0 = censored) and entry time :math:`E_i`
    (0, or the years already lasted before the window when ``origin`` is
    known). It is at risk at time :math:`t` when :math:`E_i < t \\le T_i`.
    With :math:`n_t` at risk and :math:`d_t` ending at :math:`t`, the
    Kaplan–Meier estimator and Greenwood's variance are

    .. math::

        \\hat S(t) = \\prod_{u \\le t} \\left(1 - \\frac{d_u}{n_u}\\right), \\qquad
        \\widehat{\\mathrm{Var}}\\,\\hat S(t) = \\hat S(t)^2 \\sum_{u \\le t}
        \\frac{d_u}{n_u (n_u - d_u)},

    and the log-log interval is :math:`\\hat S(t)^{\\exp(\\pm z\\,\\sigma_t)}`
    with :math:`\\sigma_t = \\mathrm{SE}/(\\hat S |\\log \\hat S|)`. The median
    is the first time with :math:`\\hat S(t) < 0.5` (statsmodels/SAS
    convention). The log-rank statistic compares observed and expected ends
    per group, :math:`\\chi^2_{k-1}`. The same risk sets :math:`E_i < t \\le
    T_i` are used throughout: statsmodels' ``PHReg`` would also count a
    spell at its entry time, so entry times are passed to it shifted by half
    the smallest gap between distinct times (half a year), which gives R's
    ``coxph(Surv(entry, time, event) ~ …)`` risk sets.

    References
    ----------
    Kaplan, E. L., & Meier, P. (1958). Nonparametric estimation from
    incomplete observations. *Journal of the American Statistical
    Association*, 53(282), 457–481.

    Mantel, N. (1966). Evaluation of survival data and two new rank order
    statistics arising in its consideration. *Cancer Chemotherapy Reports*,
    50(3), 163–170.

    Cox, D. R. (1972). Regression models and life-tables. *Journal of the
    Royal Statistical Society B*, 34(2), 187–220.

    Klein, J. P., & Moeschberger, M. L. (2003). *Survival Analysis:
    Techniques for Censored and Truncated Data* (2nd ed.), ch. 4.6
    (left truncation). Springer.

    Examples
    --------
    >>> sp = pd.DataFrame({"org_id": list("abcdef"), "funder": ["F"] * 6,
    ...                    "start": [2016] * 6, "end": [2017, 2017, 2018, 2019, 2020, 2020],
    ...                    "length": [2, 2, 3, 4, 5, 5],
    ...                    "censored": [False, False, True, False, True, False],
    ...                    "truncated": [False] * 6,
    ...                    "first_amount_eur": [1.0] * 6, "last_amount_eur": [1.0] * 6})
    >>> res = spell_survival(sp)
    >>> res.table[["time", "at_risk", "events", "survival"]]
       time  at_risk  events  survival
    0     1        6       0  1.000000
    1     2        6       2  0.666667
    2     3        4       0  0.666667
    3     4        3       1  0.444444
    4     5        2       1  0.222222
    >>> float(res.medians["median"].iloc[0])
    4.0
    """
    _check_spells(spells)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    if ties not in ("efron", "breslow"):
        raise ValueError(f"ties must be 'efron' or 'breslow', got {ties!r}")
    from scipy.stats import chi2, norm

    z = float(norm.ppf(1 - (1 - confidence) / 2))
    sp = spells.reset_index(drop=True)
    trunc = sp["truncated"].astype(bool).to_numpy()
    start = sp["start"].to_numpy(dtype=float)
    end = sp["end"].to_numpy(dtype=float)
    time = sp["length"].to_numpy(dtype=float)
    entry = np.zeros(len(sp))
    use = ~trunc
    if origin is not None:
        if origin not in sp.columns:
            raise ValueError(f"origin column '{origin}' is not in the spells table")
        o = pd.to_numeric(sp[origin], errors="coerce").to_numpy(dtype=float)
        known = ~np.isnan(o)
        if np.any(known & (o > start)):
            raise ValueError(f"'{origin}' must not be after the spell's first observed year (start)")
        late = trunc & known
        entry = np.where(late, start - np.where(known, o, start), 0.0)
        time = np.where(late, end - np.where(known, o, start) + 1, time)
        use = ~trunc | known
    n_dropped = int((~use).sum())
    if not use.any():
        raise ValueError(
            "no spells left to analyse: every spell is left-truncated (it may have started before "
            "the data do, so its length is unknown). This happens with one year of data; give "
            "more years or an 'origin' column with the true start years."
        )
    d = sp[use].copy()
    d["_time"], d["_entry"] = time[use], entry[use]
    d["_event"] = ~d["censored"].astype(bool).to_numpy()
    if group is None:
        gcol = None
        d["_group"] = "all"
    else:
        cols = [group] if isinstance(group, str) else list(group)
        missing = [c for c in cols if c not in d.columns]
        if missing:
            raise ValueError("group column(s) not in the spells table: " + ", ".join(missing)
                             + " (add association attributes with attach_organisation())")
        gcol = " / ".join(cols)
        lab = d[cols[0]].astype("string").fillna("unknown")
        for c in cols[1:]:
            lab = lab + " / " + d[c].astype("string").fillna("unknown")
        d["_group"] = lab.astype(str)
    tables, meds = [], []
    labels = sorted(d["_group"].unique())
    notes = []
    if n_dropped:
        notes.append(f"{n_dropped} left-truncated spells left out: they were already running in the "
                     "first observed years, so their length is unknown")
    for lab in labels:  # one Kaplan–Meier per group (a handful of groups)
        gd = d[d["_group"] == lab]
        t, (m, mlo, mhi) = _km_table(gd["_time"].to_numpy(), gd["_event"].to_numpy(),
                                     gd["_entry"].to_numpy(), z)
        t.insert(0, "group", lab)
        tables.append(t)
        meds.append({"group": lab, "n": len(gd), "events": int(gd["_event"].sum()),
                     "median": m, "ci_low": mlo, "ci_high": mhi})
        if len(gd) < THRESHOLD:
            notes.append(f"group {lab!r} has fewer than {THRESHOLD} spells")
    table = pd.concat(tables, ignore_index=True)
    medians = pd.DataFrame(meds)
    logrank = None
    late = bool((d["_entry"] > 0).any())
    if len(labels) > 1:
        from statsmodels.duration.survfunc import survdiff

        stat, p = survdiff(d["_time"].to_numpy(), d["_event"].to_numpy().astype(float),
                           d["_group"].to_numpy(), entry=d["_entry"].to_numpy() if late else None)
        # p from the survival function of chi2 (statsmodels' 1 - cdf rounds tiny p to 0)
        p = float(chi2.sf(stat, len(labels) - 1))
        logrank = pd.DataFrame({"statistic": [float(stat)], "df": [len(labels) - 1],
                                "pvalue": [p]})
    cox = None
    converged = None
    if covariates:
        from statsmodels.duration.hazard_regression import PHReg

        x = _design(d, covariates)
        keep = x.notna().all(axis=1).to_numpy()
        # PHReg keeps a subject in the risk set *at* its entry time (Stata's convention), while
        # SurvfuncRight, survdiff, R's coxph and lifelines use entry < t. Shift positive entry
        # times by half the smallest gap between distinct times so PHReg uses entry < t too.
        cox_entry = d["_entry"].to_numpy()
        if late:
            u = np.unique(np.concatenate([d["_time"].to_numpy(), cox_entry]))
            half = 0.5 * (float(np.diff(u).min()) if len(u) > 1 else 1.0)
            cox_entry = np.where(cox_entry > 0, cox_entry + half, 0.0)
        if (~keep).any():
            notes.append(f"{int((~keep).sum())} spells with a missing covariate left out of the Cox model")
        import warnings

        from statsmodels.tools.sm_exceptions import ConvergenceWarning

        with warnings.catch_warnings(record=True) as caught:
            # recorded, not printed: non-convergence becomes a note and cox_converged=False
            warnings.simplefilter("always", ConvergenceWarning)
            fit = PHReg(d["_time"].to_numpy()[keep], x[keep].to_numpy(),
                        status=d["_event"].to_numpy()[keep].astype(float),
                        entry=cox_entry[keep] if late else None, ties=ties).fit()
        other = [w for w in caught if not issubclass(w.category, ConvergenceWarning)]
        for w in other:  # pass on anything else unchanged
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
        converged = len(other) == len(caught)  # PHReg reports non-convergence only by warning
        if not converged:
            notes.append("the Cox model did not converge: a group where no spell ended (or every "
                         "spell ended) has an infinite hazard ratio; leave it out or merge groups")
        ci = np.asarray(fit.conf_int(alpha=1 - confidence))
        with np.errstate(over="ignore"):  # exp of a diverging coefficient is inf, shown as such
            cox = pd.DataFrame({"term": list(x.columns), "coef": fit.params,
                                "hr": np.exp(fit.params), "se": fit.bse,
                                "ci_low": np.exp(ci[:, 0]), "ci_high": np.exp(ci[:, 1]),
                                "pvalue": fit.pvalues})
    return SurvivalResult(table=table, medians=medians, logrank=logrank, cox=cox, group=gcol,
                          confidence=confidence, n_used=int(use.sum()), n_dropped=n_dropped,
                          notes=tuple(notes), cox_converged=converged)


# ---------------------------------------------------------------------------
# The 2022 -> 2023 hand-over
# ---------------------------------------------------------------------------


def _classify(before: np.ndarray, mun: np.ndarray, cty: np.ndarray, threshold: float) -> np.ndarray:
    total = mun + cty
    return np.select(
        [total <= 0, total < (1 - threshold) * before, cty <= 0, mun <= 0],
        ["lost", "reduced", "continued_municipality", "taken_over_county"],
        "split",
    )


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
    f = _check_funding(funding)
    if not 0 <= reduced_threshold < 1:
        raise ValueError(f"reduced_threshold must be between 0 and 1, got {reduced_threshold!r}")
    r = int(reform_year)
    succ = municipal_successors()
    mun = f[f["source"].isin(list(municipal_sources)) & (f["amount_eur"] > 0)]
    mun = mun.assign(funder=mun["funder"].map(lambda v: succ.get(v, v)))
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
    out = rel.groupby(keys, sort=True).agg(
        municipalities=("funder", lambda s: " ".join(sorted(s))),
        n_municipalities=("funder", "size"), before_eur=("amount_eur", "sum"))
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
    hidden = _hidden(out, "n", "group")
    small_group = ((out["n_group"] > 0) & (out["n_group"] < THRESHOLD)).to_numpy()
    out["hidden"] = hidden | small_group
    return out[["group", "outcome", "n", "n_group", "share", "before_eur", "after_eur", "hidden"]]


# ---------------------------------------------------------------------------
# Project cliff
# ---------------------------------------------------------------------------


def project_cliff(
    funding: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    project_source: str = "stea_project",
    follow_up: Sequence[str] = ("stea_targeted", "stea_general"),
    window: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Project cliff (*hankkeen jälkeinen pudotus*): STEA projects that end with no STEA follow-up.

    A STEA project grant (C) ends in its last funded year; it falls off a
    *cliff* when the association gets no STEA targeted (Ak) or general (Ay)
    operating grant in the following year.

    Parameters
    ----------
    funding : pandas.DataFrame
    organisations : pandas.DataFrame, optional
        Adds ``kind`` and ``county`` (home county) of the association.
    project_source : str, default "stea_project"
    follow_up : list of str, default ``("stea_targeted", "stea_general")``
        Sources that count as continuing funding the year after.
    window : (int, int), optional
        Observation window; default all years in the table.

    Returns
    -------
    pandas.DataFrame
        One row per project: ``org_id, grant_id, start, end, years,
        amount_eur, last_amount_eur, followed_by, new_project_next, cliff``
        (+ ``kind, county``).

        A project is identified by its ``grant_id``; rows without one are
        grouped into spells of consecutive years of the association's
        project money. ``followed_by`` is the follow-up source with the
        most euros the year after (``<NA>``: none); ``new_project_next``
        whether another project grant starts that year (not counted as a
        follow-up); ``cliff`` is ``<NA>`` when the project ends in the last
        observed year (what follows is not yet known), and projects already
        running in the first observed year are kept with their observed
        start.

    Notes
    -----
    For project :math:`p` of association :math:`j` ending in year :math:`e`:
    :math:`\\mathrm{cliff}_p = [\\sum_{s \\in \\mathrm{follow\\ up}} a_{j,s,e+1} = 0]`.

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 4 + ["0116297-6"] * 3,
    ...     "year": [2019, 2020, 2021, 2022, 2019, 2020, 2022],
    ...     "source": ["stea_project"] * 2 + ["stea_targeted"] * 2 + ["stea_project"] * 2
    ...               + ["fundraising"],
    ...     "funder": ["STEA"] * 6 + ["own"], "amount_eur": [9e4, 9e4, 7e4, 7e4, 5e4, 5e4, 1e3],
    ...     "grant_id": ["C-1", "C-1", "Ak-1", "Ak-1", "C-2", "C-2", None]})
    >>> project_cliff(f)[["org_id", "grant_id", "end", "followed_by", "cliff"]]
          org_id grant_id   end    followed_by  cliff
    0  0112038-9      C-1  2020  stea_targeted  False
    1  0116297-6      C-2  2020           <NA>   True
    """
    f, first, last = _window(_check_funding(funding), window)
    p = f[(f["source"] == project_source) & (f["amount_eur"] > 0)].copy()
    cols = ["org_id", "grant_id", "start", "end", "years", "amount_eur", "last_amount_eur",
            "followed_by", "new_project_next", "cliff"]
    if p.empty:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
        return out if organisations is None else attach_organisation(out, organisations,
                                                                      columns=["kind", "county"])
    gid = p["grant_id"] if "grant_id" in p.columns else pd.Series(pd.NA, index=p.index, dtype="string")
    gid = gid.astype("string").str.strip().replace("", pd.NA)
    p["grant_id"] = gid
    # rows without a grant id: spells of consecutive years of the association's project money
    nog = p[gid.isna()].groupby(["org_id", "year"], sort=True)["amount_eur"].sum().reset_index()
    if len(nog):
        nog["grant_id"] = "(spell " + pd.Series(
            _spell_numbers([nog["org_id"]], nog["year"], 0), index=nog.index).astype(str) + ")"
    withg = p[gid.notna()].groupby(["org_id", "grant_id", "year"], sort=True)["amount_eur"].sum()
    y = pd.concat([withg.reset_index(), nog], ignore_index=True).sort_values(
        ["org_id", "grant_id", "year"], kind="mergesort")
    g = y.groupby(["org_id", "grant_id"], sort=True)
    out = g.agg(start=("year", "min"), end=("year", "max"), years=("year", "size"),
                amount_eur=("amount_eur", "sum"), last_amount_eur=("amount_eur", "last"))
    out = out.reset_index()
    fu = f[f["source"].isin(list(follow_up)) & (f["amount_eur"] > 0)]
    fu = fu.groupby(["org_id", "year", "source"])["amount_eur"].sum().reset_index()
    fu = fu.sort_values(["org_id", "year", "amount_eur", "source"],
                        ascending=[True, True, False, True], kind="mergesort")
    best = fu.drop_duplicates(["org_id", "year"]).set_index(["org_id", "year"])["source"]
    nxt = pd.MultiIndex.from_arrays([out["org_id"], out["end"] + 1])
    out["followed_by"] = pd.array(best.reindex(nxt).to_numpy(), dtype="string")
    starts = out.groupby(["org_id", "start"]).size()
    out["new_project_next"] = starts.reindex(nxt).fillna(0).to_numpy() > 0
    observed = (out["end"] < last).to_numpy()
    cliff = out["followed_by"].isna().to_numpy()
    out["cliff"] = pd.array(np.where(observed, cliff, None), dtype="boolean")
    for c in ("start", "end", "years"):
        out[c] = out[c].astype("int64")
    out["grant_id"] = out["grant_id"].astype("string")
    out = out[cols]
    if organisations is not None:
        out = attach_organisation(out, organisations, columns=["kind", "county"])
    return out


def cliff_summary(cliffs: pd.DataFrame, *, by: str | None = "county") -> pd.DataFrame:
    """Project cliffs per year the projects ended (and per county or kind).

    Parameters
    ----------
    cliffs : pandas.DataFrame
        Output of :func:`project_cliff` (with ``organisations`` for ``by``).
    by : {"county", "kind", None}

    Returns
    -------
    pandas.DataFrame
        ``group, end, n_ended, n_cliff, n_followed, share_cliff, cliff_eur,
        hidden`` — projects ending in year ``end`` (whose next year is
        observed), how many had no STEA follow-up and how many had one, the
        share without, and the project euros of their last year; ``hidden``
        marks rows small-cell suppression hides (``n_cliff`` or
        ``n_followed`` from 1 to 4: either reveals the other). For people:
        ``disclosure.suppress(t, ["n_ended", "n_cliff", "n_followed"],
        across=True, dependent=["share_cliff", "cliff_eur"])``.

    Examples
    --------
    >>> c = pd.DataFrame({"end": [2020] * 6, "cliff": [True] * 4 + [False] * 2,
    ...                   "last_amount_eur": [10.0] * 6})
    >>> cliff_summary(c, by=None)[["end", "n_ended", "n_cliff", "share_cliff", "cliff_eur"]]
        end  n_ended  n_cliff  share_cliff  cliff_eur
    0  2020        6        4     0.666667       40.0
    """
    for c in ("end", "cliff", "last_amount_eur"):
        if c not in cliffs.columns:
            raise ValueError(f"expected the table returned by project_cliff(); column '{c}' is missing")
    d = cliffs[cliffs["cliff"].notna()].copy()
    if by is None:
        d["group"] = "all"
    else:
        if by not in d.columns:
            raise ValueError(f"by={by!r} is not a column (pass organisations to project_cliff)")
        d["group"] = d[by].astype("string").fillna("unknown").astype(str)
    d["_c"] = d["cliff"].astype(bool)
    d["_ce"] = d["last_amount_eur"].where(d["_c"], 0.0)
    g = d.groupby(["group", "end"], sort=True)
    out = pd.DataFrame({"n_ended": g.size(), "n_cliff": g["_c"].sum(),
                        "cliff_eur": g["_ce"].sum()}).reset_index()
    out["n_cliff"] = out["n_cliff"].astype("int64")
    out["share_cliff"] = out["n_cliff"] / out["n_ended"]
    out["end"] = out["end"].astype("int64")
    out["n_followed"] = out["n_ended"] - out["n_cliff"]
    # n_ended = n_cliff + n_followed: hide cliff and followed counts together (complementary)
    if out.empty:
        out["hidden"] = pd.Series(dtype=bool)
    else:
        prim, sec = suppression_mask(out, ["n_cliff", "n_followed"], threshold=THRESHOLD,
                                     across=True, groups=["group", "end"])
        small = ((out["n_ended"] > 0) & (out["n_ended"] < THRESHOLD)).to_numpy()
        out["hidden"] = (prim | sec).any(axis=1).to_numpy() | small
    return out[["group", "end", "n_ended", "n_cliff", "n_followed", "share_cliff", "cliff_eur",
                "hidden"]]


# ---------------------------------------------------------------------------
# Scenario
# ---------------------------------------------------------------------------


def _rules(changes) -> pd.DataFrame:
    if isinstance(changes, Mapping):
        rules = pd.DataFrame({"source": list(changes), "change": list(changes.values())})
    else:
        rules = pd.DataFrame(list(changes) if not isinstance(changes, pd.DataFrame) else changes)
    if "source" not in rules.columns or "change" not in rules.columns:
        raise ValueError("each change needs a 'source' and a relative 'change' (e.g. -0.1 for −10 %)")
    rules = rules.copy()
    for c, default in (("min_eur", 0.0), ("max_eur", np.inf)):
        if c not in rules.columns:
            rules[c] = default
        rules[c] = pd.to_numeric(rules[c]).fillna(default).astype(float)
    rules["change"] = pd.to_numeric(rules["change"]).astype(float)
    unknown = sorted(set(rules["source"]) - set(model.SOURCES))
    if unknown:
        raise ValueError("unknown source(s) in the scenario: " + ", ".join(unknown))
    if (rules["change"] < -1).any():
        raise ValueError("a change cannot be below −1 (−100 %: the money stops)")
    return rules[["source", "change", "min_eur", "max_eur"]].reset_index(drop=True)


def scenario(
    funding: pd.DataFrame,
    changes,
    *,
    organisations: pd.DataFrame | None = None,
    year: int | None = None,
    threshold: float = 0.10,
) -> pd.DataFrame:
    """Cut scenario (*leikkausskenaario*): association totals after relative changes by source.

    Parameters
    ----------
    funding : pandas.DataFrame
    changes : dict or list of dict or pandas.DataFrame
        ``{source: change}`` (e.g. ``{"stea_general": -0.10}`` for −10 %),
        or rules with keys ``source, change`` and optionally ``min_eur``
        (inclusive) and ``max_eur`` (exclusive): the association's euros
        from that source in the year must lie in ``[min_eur, max_eur)``
        for the rule to apply, e.g. −19 % for STEA general grants of 1 M€
        or more and −10 % below. Rules of one source must not overlap.
    organisations : pandas.DataFrame, optional
        Adds ``kind`` and ``county`` (home county).
    year : int, optional
        Base year; default the last year in the table.
    threshold : float, default 0.10
        An association *loses* when its total falls by more than this share.

    Returns
    -------
    pandas.DataFrame
        One row per association with money in the base year: ``org_id,
        year, total_eur, total_after_eur, change_eur, change_pct, loses``
        (+ ``kind, county``). ``change_pct`` is 0–1 of the total (negative
        for a loss), NaN when the total is 0 €.

    Notes
    -----
    With :math:`a_{js}` the euros of association :math:`j` from source
    :math:`s` in the base year and :math:`c_{js}` the change of the rule
    that applies (0 if none):

    .. math::

        T'_j = \\sum_s a_{js} (1 + c_{js}), \\qquad
        \\mathrm{loses}_j = \\left[\\frac{T'_j - T_j}{T_j} < -\\theta\\right].

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 2 + ["0116297-6"],
    ...                   "year": [2024] * 3,
    ...                   "source": ["stea_general", "fundraising", "stea_general"],
    ...                   "funder": ["STEA", "own", "STEA"],
    ...                   "amount_eur": [2_000_000.0, 500_000.0, 100_000.0]})
    >>> rules = [{"source": "stea_general", "change": -0.19, "min_eur": 1e6},
    ...          {"source": "stea_general", "change": -0.10, "max_eur": 1e6}]
    >>> scenario(f, rules)[["org_id", "total_eur", "total_after_eur", "change_pct", "loses"]]
          org_id  total_eur  total_after_eur  change_pct  loses
    0  0112038-9  2500000.0        2120000.0      -0.152   True
    1  0116297-6   100000.0          90000.0      -0.100  False
    """
    f = _check_funding(funding)
    rules = _rules(changes)
    y = int(f["year"].max()) if year is None else int(year)
    f = f[f["year"] == y]
    if f.empty:
        raise ValueError(f"no funding rows in the base year {y}")
    a = f.groupby(["org_id", "source"], sort=True)["amount_eur"].sum().reset_index()
    m = a.reset_index().merge(rules, on="source", how="inner")
    m = m[(m["amount_eur"] >= m["min_eur"]) & (m["amount_eur"] < m["max_eur"])]
    dup = m["index"].duplicated(keep=False)
    if dup.any():
        src = ", ".join(sorted(m.loc[dup, "source"].unique()))
        raise ValueError(f"scenario rules overlap for source(s) {src}: give each amount one rule")
    a["change"] = m.set_index("index")["change"].reindex(a.index).fillna(0.0)
    a["after"] = a["amount_eur"] * (1.0 + a["change"])
    g = a.groupby("org_id", sort=True)
    out = pd.DataFrame({"total_eur": g["amount_eur"].sum(), "total_after_eur": g["after"].sum()})
    out = out.reset_index()
    out.insert(1, "year", y)
    out["change_eur"] = out["total_after_eur"] - out["total_eur"]
    out["change_pct"] = (out["change_eur"] / out["total_eur"]).where(out["total_eur"] > 0)
    out["loses"] = (out["change_pct"] < -threshold).fillna(False).astype(bool)
    if organisations is not None:
        out = attach_organisation(out, organisations, columns=["kind", "county"])
    out.attrs["rules"] = rules
    out.attrs["threshold"] = threshold
    return out


def scenario_summary(sc: pd.DataFrame, *, by: str | None = "kind") -> pd.DataFrame:
    """Share of associations losing more than the threshold, by kind or county.

    Parameters
    ----------
    sc : pandas.DataFrame
        Output of :func:`scenario` (with ``organisations`` for ``by``).
    by : {"kind", "county", None}

    Returns
    -------
    pandas.DataFrame
        ``group, n, n_losing, n_not_losing, share_losing, total_eur,
        total_after_eur, change_eur, hidden``; ``hidden`` marks rows where
        ``n_losing`` or ``n_not_losing`` is 1–4 (either reveals the other).
        For people: ``disclosure.suppress(t, ["n", "n_losing",
        "n_not_losing"], across=True, dependent=["share_losing"])``.

    Examples
    --------
    >>> sc = pd.DataFrame({"kind": ["volunteer"] * 6, "loses": [True] * 5 + [False],
    ...                    "total_eur": [10.0] * 6, "total_after_eur": [8.0] * 6})
    >>> scenario_summary(sc)[["group", "n", "n_losing", "share_losing", "change_eur"]]
           group  n  n_losing  share_losing  change_eur
    0  volunteer  6         5      0.833333       -12.0
    """
    for c in ("loses", "total_eur", "total_after_eur"):
        if c not in sc.columns:
            raise ValueError(f"expected the table returned by scenario(); column '{c}' is missing")
    d = sc.copy()
    if by is None:
        d["group"] = "all"
    else:
        if by not in d.columns:
            raise ValueError(f"by={by!r} is not a column (pass organisations to scenario)")
        d["group"] = d[by].astype("string").fillna("unknown").astype(str)
    g = d.groupby("group", sort=True)
    out = pd.DataFrame({"n": g.size(), "n_losing": g["loses"].sum(),
                        "total_eur": g["total_eur"].sum(),
                        "total_after_eur": g["total_after_eur"].sum()}).reset_index()
    out["n_losing"] = out["n_losing"].astype("int64")
    out["share_losing"] = out["n_losing"] / out["n"]
    out["change_eur"] = out["total_after_eur"] - out["total_eur"]
    out["n_not_losing"] = out["n"] - out["n_losing"]
    prim, sec = suppression_mask(out, ["n_losing", "n_not_losing"], threshold=THRESHOLD,
                                 across=True, groups="group")
    small = ((out["n"] > 0) & (out["n"] < THRESHOLD)).to_numpy()
    out["hidden"] = (prim | sec).any(axis=1).to_numpy() | small
    return out[["group", "n", "n_losing", "n_not_losing", "share_losing", "total_eur",
                "total_after_eur", "change_eur", "hidden"]]
