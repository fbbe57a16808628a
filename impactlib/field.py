"""The association field (*järjestökenttä*): who the associations are, where, and with whom.

Counts of associations by kind (volunteer-based, intermediate,
service-producing), by category and by wellbeing services county; paid staff
against volunteers; everything per 1,000 inhabitants; and a comparison with
the published profile of the Keski-Suomi sote associations
(:data:`KESKI_SUOMI_PUBLISHED`). The field-overview notebook
(``notebooks/01_field_overview.ipynb``) and the county briefs
(:mod:`impactlib.brief`) call these functions; they hold no logic of their own.

Every function takes the ``organisations`` table of the data model
(:mod:`impactlib.model`) and returns a tidy :class:`pandas.DataFrame`. The
functions are vectorised pandas group-bys, never modify their input and never
round. Count tables carry a ``hidden`` column that marks the cells small-cell
suppression hides (1–4 associations and their complements,
:func:`impactlib.disclosure.suppression_mask`); pass tables meant for people
through :func:`impactlib.disclosure.suppress`.

Denominators are the population on 31.12.2022 (Statistics Finland, CC BY 4.0)
of the 21 wellbeing services counties and Helsinki, bundled in
:mod:`impactlib.regions`; "the whole country" (*koko maa*) is the sum of these
22 organiser areas (5 533 611 inhabitants; Åland, outside the reform, is added
only when the data hold Åland associations).

Examples
--------
>>> import pandas as pd
>>> from impactlib import field
>>> orgs = pd.DataFrame({"org_id": ["0112038-9", "0116297-6", "0109862-8"],
...                      "municipality": ["179", "179", "091"],
...                      "kind": ["volunteer", "volunteer", "service_provider"],
...                      "category": ["older_people", "carers", "older_people"],
...                      "staff_fte": [0.0, 1.5, 12.0], "volunteers": [20, 5, 40]})
>>> field.association_counts(orgs, by="kind")[["area", "code", "n", "share"]]
  area              code  n     share
0  all         volunteer  2  0.666667
1  all      intermediate  0  0.000000
2  all  service_provider  1  0.333333
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import dataset, model, regions
from ._util import hidden_cells
from .disclosure import THRESHOLD
from .population import ALL, denominators
from .profiles import (
    KESKI_SUOMI_COUNTY,
    KESKI_SUOMI_PUBLISHED,
    KESKI_SUOMI_SOURCES,
    PublishedFigure,
    published_profile,
)

__all__ = [
    "ALL",
    "PublishedFigure",
    "KESKI_SUOMI_COUNTY",
    "KESKI_SUOMI_PUBLISHED",
    "KESKI_SUOMI_SOURCES",
    "org_county",
    "area_population",
    "association_counts",
    "association_rate",
    "staff_and_volunteers",
    "published_profile",
    "compare_published",
    "plot_profile",
]


_BY = ("kind", "category")


# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def _check_orgs(organisations: pd.DataFrame, needed: Sequence[str]) -> None:
    if not isinstance(organisations, pd.DataFrame):
        raise ValueError("organisations must be the organisations table (a pandas DataFrame)")
    missing = [c for c in needed if c not in organisations.columns]
    if missing:
        raise ValueError(
            "the organisations table has no column(s) " + ", ".join(repr(c) for c in missing)
            + " / järjestötaulukosta puuttuu sarake: " + ", ".join(missing)
        )


def org_county(organisations: pd.DataFrame) -> pd.Series:
    """Wellbeing services county of each association's home municipality.

    Parameters
    ----------
    organisations : pandas.DataFrame
        With a ``municipality`` column (3-digit codes).

    Returns
    -------
    pandas.Series of str
        County codes (2023 classification, :func:`impactlib.dataset.org_county`,
        the one county-of-an-association helper), same index as
        ``organisations``; ``"unknown"`` where the code is not in the
        classification.

    Examples
    --------
    >>> org_county(pd.DataFrame({"municipality": ["179", "091", "999"]})).tolist()
    ['15', '90', 'unknown']
    """
    _check_orgs(organisations, ["municipality"])
    c = dataset.org_county(organisations)
    return pd.Series(c.fillna("unknown").astype(str).to_numpy(), index=organisations.index,
                     name="county")


def area_population(counties: Sequence[str] = (), population: pd.Series | None = None) -> pd.Series:
    """Population by area code, with the whole country under :data:`ALL`.

    Parameters
    ----------
    counties : list of str, optional
        County codes present in the data; Åland (``"91"``) is added to the
        whole country only when it is among them.
    population : pandas.Series, optional
        Population by county code; default
        :func:`impactlib.regions.county_population` (31.12.2022).

    See :func:`impactlib.population.denominators` (the one place
    denominators are made), which this calls.

    Returns
    -------
    pandas.Series of float
        Indexed by county code plus ``"all"``.

    Examples
    --------
    >>> p = area_population()
    >>> int(p["15"]), int(p["all"])
    (272437, 5533611)
    """
    return denominators(counties, population)


def _codes(by: str, values: pd.Series) -> list[str]:
    """All codes of a grouping column: the code list, plus anything else present."""
    if by == "county":
        known = list(regions.counties(include_aland="91" in set(values))["code"])
    elif by in model.CODE_LISTS:
        known = list(model.CODE_LISTS[by])
    else:
        known = []
    extra = sorted(set(values.astype(str)) - set(known))
    return known + extra


def _areas(d: pd.DataFrame, county: str | Sequence[str] | None) -> pd.DataFrame:
    """Stack the whole country (area ``all``) and, optionally, counties (area = code)."""
    parts = [d.assign(area=ALL)]
    if county is not None:
        wanted = [county] if isinstance(county, str) else list(county)
        if wanted == ["each"]:
            wanted = _codes("county", d["county"])
        cs = d[d["county"].isin(wanted)]
        parts.append(cs.assign(area=cs["county"].to_numpy()))
        return pd.concat(parts, ignore_index=True), [ALL, *wanted]
    return parts[0], [ALL]


# ---------------------------------------------------------------------------
# Counts
# ---------------------------------------------------------------------------


def association_counts(
    organisations: pd.DataFrame,
    *,
    by: str = "kind",
    county: str | Sequence[str] | None = None,
    population: pd.Series | None = None,
) -> pd.DataFrame:
    """Number of associations by kind or category (*järjestöjen määrä*), per 1,000 inhabitants.

    Parameters
    ----------
    organisations : pandas.DataFrame
        The ``organisations`` table.
    by : {"kind", "category", "county"}
        What to count by. Every code of the code list is listed, zeros
        included (``"county"``: the 22 organiser areas).
    county : str or list of str or "each", optional
        Also count within these wellbeing services counties (codes, see
        :func:`impactlib.regions.find_county`); ``"each"`` for every county.
        The whole country is always included (area ``"all"``).
    population : pandas.Series, optional
        Population by county code (default 31.12.2022, Statistics Finland).

    Returns
    -------
    pandas.DataFrame
        One row per area and code: ``area, code, n, n_area, share,
        population, per_1000, hidden``.

        ``n``
            associations; ``n_area`` all associations of the area;
        ``share``
            n / n_area (0–1; NaN for an empty area);
        ``population``, ``per_1000``
            inhabitants of the area (of the county itself for ``by="county"``)
            and associations per 1,000 inhabitants;
        ``hidden``
            cells small-cell suppression hides within the area (1–4
            associations and their complements).

    Notes
    -----
    *Järjestöjä tuhatta asukasta kohden* (associations per 1,000 inhabitants):

    .. math::

        \\text{share}_{ac} = \\frac{n_{ac}}{\\sum_{c'} n_{ac'}}, \\qquad
        \\text{per 1 000}_{ac} = 1000\\,\\frac{n_{ac}}{P_a},

    with :math:`P_a` the population of area :math:`a` (of county :math:`c`
    for ``by="county"``). Grouped counts with pandas.

    Examples
    --------
    >>> orgs = pd.DataFrame({"org_id": ["0112038-9", "0116297-6", "0109862-8"],
    ...                      "municipality": ["179", "179", "091"],
    ...                      "kind": ["volunteer", "volunteer", "service_provider"],
    ...                      "category": ["older_people", "carers", "older_people"]})
    >>> t = association_counts(orgs, by="county")
    >>> t.loc[t.code == "15", ["n", "population", "per_1000"]].round(5).to_dict("records")
    [{'n': 2, 'population': 272437.0, 'per_1000': 0.00734}]
    """
    if by not in ("kind", "category", "county"):
        raise ValueError(f"by must be 'kind', 'category' or 'county', got {by!r}")
    _check_orgs(organisations, ["municipality"] + ([] if by == "county" else [by]))
    d = pd.DataFrame({"county": org_county(organisations).to_numpy()})
    if by != "county":
        d[by] = organisations[by].astype("string").fillna("unknown").astype(str).to_numpy()
    pop = area_population(d["county"].unique(), population)
    stacked, areas = _areas(d, county)
    codes = _codes(by, d[by])
    counts = stacked.groupby(["area", by]).size()
    full = pd.MultiIndex.from_product([areas, codes], names=["area", "code"])
    out = counts.reindex(full, fill_value=0).rename("n").reset_index()
    out["n"] = out["n"].astype("int64")
    out["n_area"] = out.groupby("area")["n"].transform("sum")
    out["share"] = out["n"] / out["n_area"].where(out["n_area"] > 0)
    key = out["code"] if by == "county" else out["area"]
    out["population"] = key.map(pop).astype(float)
    out["per_1000"] = 1000.0 * out["n"] / out["population"]
    out["hidden"] = hidden_cells(out, ["n"], "area")
    return out[["area", "code", "n", "n_area", "share", "population", "per_1000", "hidden"]]


def association_rate(
    organisations: pd.DataFrame,
    *,
    county: str | Sequence[str] | None = None,
    population: pd.Series | None = None,
) -> pd.DataFrame:
    """Associations per 1,000 inhabitants by area (*järjestöjä tuhatta asukasta kohden*).

    Parameters
    ----------
    organisations : pandas.DataFrame
        The ``organisations`` table (``municipality`` gives the home county,
        :func:`impactlib.dataset.org_county`).
    county : str or list of str or "each", optional
        Also these wellbeing services counties (codes) beside the whole country (area
        ``"all"``), as in :func:`association_counts`.
    population : pandas.Series, optional
        Population by county code (default 31.12.2022, Statistics Finland, through
        :func:`impactlib.population.denominators`).

    Returns
    -------
    pandas.DataFrame
        One row per area (``"all"`` first): ``area, n, population, per_1000, hidden``;
        ``hidden`` marks areas of 1–4 associations, whose count and rate are shown as
        ``<5`` / ``x``.

    Notes
    -----
    .. math::

        \\text{per 1 000}_a = 1000\\,\\frac{n_a}{P_a},

    with :math:`n_a` the associations based in area :math:`a` and :math:`P_a` its
    population. The whole country's rate is the rate of all associations over all
    counties' population, not a mean of county rates. Grouped counts with pandas.

    Examples
    --------
    >>> orgs = pd.DataFrame({"org_id": ["0112038-9", "0116297-6", "0109862-8"],
    ...                      "municipality": ["179", "179", "091"]})
    >>> association_rate(orgs, county="15").round(5)
      area  n  population  per_1000  hidden
    0  all  3   5533611.0   0.00054    True
    1   15  2    272437.0   0.00734    True
    """
    _check_orgs(organisations, ["municipality"])
    d = pd.DataFrame({"county": org_county(organisations).to_numpy()})
    pop = area_population(d["county"].unique(), population)
    stacked, areas = _areas(d, county)
    n = stacked.groupby("area").size().reindex(areas, fill_value=0)
    out = pd.DataFrame({"area": areas, "n": n.to_numpy().astype("int64")})
    out["population"] = out["area"].map(pop).astype(float)
    out["per_1000"] = 1000.0 * out["n"] / out["population"]
    out["hidden"] = ((out["n"] > 0) & (out["n"] < THRESHOLD)).to_numpy()
    return out


def staff_and_volunteers(
    organisations: pd.DataFrame,
    *,
    by: str | None = None,
    county: str | Sequence[str] | None = None,
    population: pd.Series | None = None,
) -> pd.DataFrame:
    """Paid staff against volunteers (*palkattu henkilöstö ja vapaaehtoiset*), per 1,000 inhabitants.

    Parameters
    ----------
    organisations : pandas.DataFrame
        The ``organisations`` table (``staff_fte``, ``volunteers``, ``members``).
    by : {None, "kind", "category"}
        Split each area by kind or category; ``None`` gives one row per area
        (code ``"all"``).
    county : str or list of str or "each", optional
        Counties to report beside the whole country (see
        :func:`association_counts`).
    population : pandas.Series, optional
        Population by county code (default 31.12.2022).

    Returns
    -------
    pandas.DataFrame
        One row per area and code: ``area, code, n, n_paid_staff,
        n_no_paid_staff, n_staff_unknown, share_paid_staff, staff_fte,
        volunteers, n_volunteers_unknown, members, volunteers_per_fte,
        population, staff_fte_per_1000, volunteers_per_1000,
        members_per_1000, hidden``.

        ``n_paid_staff``
            associations with more than 0 paid full-time equivalents;
        ``share_paid_staff``
            of those whose staff is known (NaN when none is known);
        ``staff_fte``, ``volunteers``, ``members``
            sums over the associations (missing values count as 0 and are
            counted in ``n_*_unknown``);
        ``volunteers_per_fte``
            volunteers / paid FTE (NaN with no paid staff);
        ``*_per_1000``
            per 1,000 inhabitants of the area (only for ``by=None``: a kind
            or category has no population of its own);
        ``hidden``
            rows where ``n_paid_staff`` or ``n_no_paid_staff`` is 1–4
            (either reveals the other through ``n``), or ``n`` is 1–4.

    Notes
    -----
    .. math::

        \\text{share paid} = \\frac{\\#\\{j: \\mathrm{FTE}_j > 0\\}}{\\#\\{j: \\mathrm{FTE}_j
        \\text{ known}\\}},\\qquad
        \\text{volunteers per 1 000} = 1000\\,\\frac{\\sum_j V_j}{P_a}.

    Volunteers are the associations' own counts of active volunteers
    (*vapaaehtoisia*): a person active in two associations is counted twice,
    so the sum is volunteer positions, an upper bound of people. Grouped sums
    with pandas.

    Examples
    --------
    >>> orgs = pd.DataFrame({"org_id": ["0112038-9", "0116297-6"], "municipality": ["179", "179"],
    ...                      "kind": ["volunteer", "intermediate"], "staff_fte": [0.0, 2.0],
    ...                      "volunteers": [30, 10], "members": [100, 50]})
    >>> s = staff_and_volunteers(orgs)
    >>> s[["area", "n", "n_paid_staff", "share_paid_staff", "staff_fte", "volunteers_per_fte"]]
      area  n  n_paid_staff  share_paid_staff  staff_fte  volunteers_per_fte
    0  all  2             1               0.5        2.0                20.0
    """
    if by not in (None, "kind", "category"):
        raise ValueError(f"by must be None, 'kind' or 'category', got {by!r}")
    _check_orgs(organisations, ["municipality", "staff_fte", "volunteers"]
                + ([] if by is None else [by]))
    d = pd.DataFrame({"county": org_county(organisations).to_numpy()})
    d["code"] = (ALL if by is None
                 else organisations[by].astype("string").fillna("unknown").astype(str).to_numpy())
    staff = pd.to_numeric(organisations["staff_fte"], errors="coerce").astype(float).to_numpy()
    vol = pd.to_numeric(organisations["volunteers"], errors="coerce").astype(float).to_numpy()
    mem = (pd.to_numeric(organisations["members"], errors="coerce").astype(float).to_numpy()
           if "members" in organisations.columns else np.full(len(d), np.nan))
    d["one"] = 1
    d["paid"] = (staff > 0).astype("int64")
    d["unpaid"] = (staff == 0).astype("int64")
    d["staff_unknown"] = np.isnan(staff).astype("int64")
    d["staff_fte"] = np.nan_to_num(staff, nan=0.0)
    d["volunteers"] = np.nan_to_num(vol, nan=0.0)
    d["vol_unknown"] = np.isnan(vol).astype("int64")
    d["members"] = np.nan_to_num(mem, nan=0.0)
    pop = area_population(d["county"].unique(), population)
    stacked, areas = _areas(d, county)
    codes = [ALL] if by is None else _codes(by, d["code"])
    sums = stacked.groupby(["area", "code"])[
        ["one", "paid", "unpaid", "staff_unknown", "staff_fte", "volunteers", "vol_unknown",
         "members"]].sum()
    full = pd.MultiIndex.from_product([areas, codes], names=["area", "code"])
    g = sums.reindex(full, fill_value=0).reset_index()
    out = pd.DataFrame({"area": g["area"], "code": g["code"]})
    out["n"] = g["one"].astype("int64")
    out["n_paid_staff"] = g["paid"].astype("int64")
    out["n_no_paid_staff"] = g["unpaid"].astype("int64")
    out["n_staff_unknown"] = g["staff_unknown"].astype("int64")
    known = out["n_paid_staff"] + out["n_no_paid_staff"]
    out["share_paid_staff"] = out["n_paid_staff"] / known.where(known > 0)
    out["staff_fte"] = g["staff_fte"].astype(float)
    out["volunteers"] = g["volunteers"].astype(float)
    out["n_volunteers_unknown"] = g["vol_unknown"].astype("int64")
    out["members"] = g["members"].astype(float)
    out["volunteers_per_fte"] = out["volunteers"] / out["staff_fte"].where(out["staff_fte"] > 0)
    out["population"] = out["area"].map(pop).astype(float) if by is None else np.nan
    for col in ("staff_fte", "volunteers", "members"):
        out[f"{col}_per_1000"] = 1000.0 * out[col] / out["population"]
    hid = hidden_cells(out, ["n_paid_staff", "n_no_paid_staff"], ["area", "code"], across=True)
    small = ((out["n"] > 0) & (out["n"] < THRESHOLD)).to_numpy()
    out["hidden"] = hid | small
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------
# Comparison with the published profile
# ---------------------------------------------------------------------------


def compare_published(
    organisations: pd.DataFrame,
    *,
    county: str = KESKI_SUOMI_COUNTY,
    figures: Sequence[PublishedFigure] = KESKI_SUOMI_PUBLISHED,
) -> pd.DataFrame:
    """Compare a county's associations in the data with a published profile.

    *Vertailu julkaistuun profiiliin.* Published figures are rounded ("about
    90"), so the comparison is of shares and of the bounds the wording implies,
    not a test.

    Parameters
    ----------
    organisations : pandas.DataFrame
        The ``organisations`` table (``municipality, kind, category,
        staff_fte``).
    county : str, default "15"
        County the published figures describe.
    figures : sequence of PublishedFigure
        Default :data:`KESKI_SUOMI_PUBLISHED`.

    Returns
    -------
    pandas.DataFrame
        One row per published figure: ``level, code, published_n,
        published_low, published_high, published_share, text_fi, text_en,
        source, n, share, difference, within_bounds, hidden``.

        ``n``, ``share``
            associations in the data and their share of the county's
            associations;
        ``difference``
            share − published share (NaN where nothing was published);
        ``within_bounds``
            whether ``n`` lies within the bounds the wording implies
            (``<NA>`` where it implies none);
        ``hidden``
            ``n`` is 1–4 (show as "<5").

    Notes
    -----
    .. math::

        \\Delta_c = \\frac{n_c}{n} - \\frac{N_c}{N},

    with :math:`n_c, n` the data's counts and :math:`N_c, N` the published
    ones. Counts with pandas.

    Examples
    --------
    >>> orgs = pd.DataFrame({"org_id": [f"x{i}" for i in range(10)], "municipality": ["179"] * 10,
    ...                      "kind": ["volunteer"] * 9 + ["service_provider"],
    ...                      "category": ["older_people"] * 2 + ["carers"] * 8,
    ...                      "staff_fte": [0.0] * 10})
    >>> c = compare_published(orgs)
    >>> c.loc[c.code == "older_people", ["n", "share", "published_share", "difference"]].to_dict("records")
    [{'n': 2, 'share': 0.2, 'published_share': 0.2, 'difference': 0.0}]
    """
    _check_orgs(organisations, ["municipality", "kind", "category", "staff_fte"])
    pub = published_profile(figures)
    here = organisations[org_county(organisations).to_numpy() == str(county)]
    n_total = len(here)
    staff = pd.to_numeric(here["staff_fte"], errors="coerce")
    counts = {
        "total": {"total": n_total},
        "category": here["category"].astype(str).value_counts().to_dict(),
        "kind": here["kind"].astype(str).value_counts().to_dict(),
        "staff": {"no_paid_staff": int((staff == 0).sum()), "paid_staff": int((staff > 0).sum())},
    }
    n = np.array([counts.get(lv, {}).get(code, 0) for lv, code in zip(pub["level"], pub["code"],
                                                                       strict=True)], dtype="int64")
    out = pub.copy()
    out["n"] = n
    out["share"] = n / n_total if n_total > 0 else np.nan
    out["difference"] = out["share"] - out["published_share"]
    low = out["published_low"].to_numpy(dtype=float)
    high = out["published_high"].to_numpy(dtype=float)
    has = np.isfinite(low) | np.isfinite(high)
    ok = (~np.isfinite(low) | (n >= low)) & (~np.isfinite(high) | (n <= high))
    out["within_bounds"] = pd.array(np.where(has, ok, None), dtype="boolean")
    out["hidden"] = (n > 0) & (n < THRESHOLD)
    return out


# ---------------------------------------------------------------------------
# Figure (drawn by impactlib.plots.field)
# ---------------------------------------------------------------------------


def plot_profile(table: pd.DataFrame, **kwargs):
    """Shares of associations by category (or kind), one bar per area (county beside the country).

    The figure of :func:`association_counts`; drawn by
    :func:`impactlib.plots.plot_profile` (see there for the parameters), which
    imports matplotlib.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("agg")
    >>> orgs = pd.DataFrame({"org_id": list("abcdef"), "municipality": ["179"] * 6,
    ...                      "category": ["older_people"] * 6})
    >>> ax = plot_profile(association_counts(orgs, by="category", county="15"), lang="en")
    >>> ax.get_legend_handles_labels()[1]
    ['Central Finland', 'whole country']
    >>> import matplotlib.pyplot as plt; plt.close("all")
    """
    from .plots.field import plot_profile as draw

    return draw(table, **kwargs)
