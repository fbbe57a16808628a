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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import model, regions
from .disclosure import THRESHOLD, suppression_mask

__all__ = [
    "ALL",
    "PublishedFigure",
    "KESKI_SUOMI_COUNTY",
    "KESKI_SUOMI_PUBLISHED",
    "KESKI_SUOMI_SOURCES",
    "org_county",
    "area_population",
    "association_counts",
    "staff_and_volunteers",
    "published_profile",
    "compare_published",
    "plot_profile",
]

#: Code of the whole country (all organiser areas together) in the ``area`` column.
ALL = "all"

_BY = ("kind", "category")


# ---------------------------------------------------------------------------
# The published Keski-Suomi profile
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedFigure:
    """One published figure about the sote associations of a county.

    Attributes
    ----------
    level : {"total", "category", "kind", "staff"}
        What the figure counts: all sote associations, one category
        (:data:`impactlib.model.CATEGORIES`), one kind
        (:data:`impactlib.model.KINDS`), or associations without paid staff.
    code : str
        ``"total"``, the category or kind code, or ``"no_paid_staff"``.
    n : float
        The number as published (NaN where the source gives none, e.g. "the rest").
    low, high : float
        Bounds the wording itself implies (``"under 10"`` → high 10, ``"nearly
        100"`` → high 100, ``"most"`` → low half of the total); NaN where the
        wording implies none (``"about 90"`` is not given a range here).
    text_fi, text_en : str
        The wording (*noin 90*, *about 90*).
    source : str
        Key of :data:`KESKI_SUOMI_SOURCES`.
    """

    level: str
    code: str
    n: float
    low: float
    high: float
    text_fi: str
    text_en: str
    source: str


#: Wellbeing services county of the published profile (Keski-Suomi).
KESKI_SUOMI_COUNTY = "15"

#: Where the published Keski-Suomi figures come from.
KESKI_SUOMI_SOURCES: dict[str, str] = {
    "kyt2019": (
        "Keski-Suomen Yhteisöjen Tuki ry (KYT), Yhdistystori: Keskisuomalaisissa "
        "eläkeläisyhdistyksissä 15 000 jäsentä (11.10.2019): noin 5 300 yhdistystä, joista noin "
        "500 toimii sosiaali- ja terveysalalla; sata eläkeläisyhdistystä. "
        "https://www.yhdistystori.fi/2019/10/11/keskisuomalaisissa-elakelaisyhdistyksissa-15-000-jasenta/"
    ),
    "kyt_toimialat": (
        "Keski-Suomen Yhteisöjen Tuki ry (KYT), Yhdistystori: Keskisuomalaiset sosiaali- ja "
        "terveysjärjestöt ja -yhdistykset — Keski-Suomen sote-järjestöistä toimialoittain "
        "(vanhus- ja eläkeläisyhdistyksiä noin sata; järjestöjä 300–420 laskutavasta riippuen). "
        "https://www.yhdistystori.fi/ajankohtaista/keski-suomen-jarjestotietoa/"
        "keski-suomen-sosiaali-ja-terveysjarjestot/"
    ),
    "kyt_kartoitus2018": (
        "Kivelä, P. (2018). Keski-Suomen järjestökartoitus 2018. Keski-Suomen vaikuttavat "
        "järjestöt -hanke, Keski-Suomen Yhteisöjen Tuki ry. "
        "https://www.yhdistystori.fi/ajankohtaista/keski-suomen-jarjestotietoa/jarjestokartoitus/"
    ),
}

_NAN = float("nan")

#: The published profile of the Keski-Suomi sote associations (about 500), as the
#: sources word it. Only the total and the older-people figure could be checked
#: word for word in the stored source pages (see :data:`KESKI_SUOMI_SOURCES`); the
#: other category figures, the number selling services and "most without paid
#: staff" are the by-field figures of the same KYT material as the project's
#: foundation brief quotes them (also used to plant the demo data,
#: :data:`impactlib.demo.CATEGORY_SHARES`). Check them against the source before
#: publishing a comparison.
KESKI_SUOMI_PUBLISHED: tuple[PublishedFigure, ...] = (
    PublishedFigure("total", "total", 500.0, _NAN, _NAN, "noin 500", "about 500", "kyt2019"),
    PublishedFigure("category", "older_people", 100.0, _NAN, _NAN, "noin 100 (viidennes)",
                    "about 100 (a fifth)", "kyt_toimialat"),
    PublishedFigure("category", "patients_disability", 100.0, _NAN, 100.0, "lähes 100",
                    "nearly 100", "kyt_toimialat"),
    PublishedFigure("category", "children_families", 90.0, _NAN, _NAN, "noin 90", "about 90",
                    "kyt_toimialat"),
    PublishedFigure("category", "health_wellbeing", 65.0, _NAN, _NAN, "noin 65", "about 65",
                    "kyt_toimialat"),
    PublishedFigure("category", "mental_health_substance", 35.0, _NAN, _NAN, "noin 35",
                    "about 35", "kyt_toimialat"),
    PublishedFigure("category", "carers", _NAN, _NAN, 10.0, "alle 10", "under 10",
                    "kyt_toimialat"),
    PublishedFigure("category", "rescue", _NAN, _NAN, 10.0, "alle 10", "under 10",
                    "kyt_toimialat"),
    PublishedFigure("category", "youth", _NAN, _NAN, 10.0, "alle 10", "under 10",
                    "kyt_toimialat"),
    PublishedFigure("category", "employment", 30.0, _NAN, _NAN, "noin 30", "about 30",
                    "kyt_toimialat"),
    PublishedFigure("category", "other", _NAN, _NAN, _NAN, "loput", "the rest", "kyt_toimialat"),
    PublishedFigure("kind", "service_provider", 60.0, _NAN, _NAN, "noin 60 myy palveluja",
                    "about 60 sell services", "kyt_kartoitus2018"),
    PublishedFigure("staff", "no_paid_staff", _NAN, 250.0, _NAN, "suurin osa ilman palkattua "
                    "henkilöstöä", "most without paid staff", "kyt_kartoitus2018"),
)


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
        County codes (2023 classification, :func:`impactlib.regions.county_of`),
        same index as ``organisations``; ``"unknown"`` where the code is not
        in the classification.

    Examples
    --------
    >>> org_county(pd.DataFrame({"municipality": ["179", "091", "999"]})).tolist()
    ['15', '90', 'unknown']
    """
    _check_orgs(organisations, ["municipality"])
    c = regions.county_of(organisations["municipality"].astype("string"))
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
    if population is None:
        population = regions.county_population(include_aland="91" in set(counties))
    pop = pd.Series(population, dtype=float).rename(index=str)
    return pd.concat([pop, pd.Series({ALL: float(pop.sum())})])


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
    out["hidden"] = _hidden_cells(out, ["n"], "area")
    return out[["area", "code", "n", "n_area", "share", "population", "per_1000", "hidden"]]


def _hidden_cells(table: pd.DataFrame, counts: list[str], groups, across: bool = False) -> np.ndarray:
    if table.empty:
        return np.zeros(0, dtype=bool)
    primary, secondary = suppression_mask(table, counts, threshold=THRESHOLD, groups=groups,
                                          across=across)
    return (primary | secondary).any(axis=1).to_numpy()


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
    hid = _hidden_cells(out, ["n_paid_staff", "n_no_paid_staff"], ["area", "code"], across=True)
    small = ((out["n"] > 0) & (out["n"] < THRESHOLD)).to_numpy()
    out["hidden"] = hid | small
    return out.reset_index(drop=True)


# ---------------------------------------------------------------------------
# Comparison with the published profile
# ---------------------------------------------------------------------------


def published_profile(figures: Sequence[PublishedFigure] = KESKI_SUOMI_PUBLISHED) -> pd.DataFrame:
    """The published figures as a table.

    Returns
    -------
    pandas.DataFrame
        ``level, code, published_n, published_low, published_high,
        published_share, text_fi, text_en, source`` — ``published_share`` is
        ``published_n`` of the published total.

    Examples
    --------
    >>> p = published_profile()
    >>> p.loc[p.code == "children_families", ["published_n", "published_share"]].to_dict("records")
    [{'published_n': 90.0, 'published_share': 0.18}]
    """
    t = pd.DataFrame([f.__dict__ for f in figures]).rename(
        columns={"n": "published_n", "low": "published_low", "high": "published_high"})
    total = t.loc[t["level"] == "total", "published_n"]
    if len(total) != 1 or not np.isfinite(total.iloc[0]) or total.iloc[0] <= 0:
        raise ValueError("the published figures must hold exactly one positive 'total'")
    t["published_share"] = t["published_n"] / float(total.iloc[0])
    return t[["level", "code", "published_n", "published_low", "published_high",
              "published_share", "text_fi", "text_en", "source"]]


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
# Figure
# ---------------------------------------------------------------------------


def plot_profile(
    table: pd.DataFrame,
    *,
    areas: Sequence[str] | None = None,
    code_list: str = "category",
    lang: str = "fi",
    ax=None,
    synthetic: bool = False,
    title: str | None = None,
):
    """Shares of associations by category (or kind), one bar per area (county beside the country).

    Takes the output of :func:`association_counts`; computes nothing. Cells
    marked ``hidden`` are not drawn and are labelled "<5"/"x" instead, so no
    hidden count can be read off the figure.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`association_counts` (``by="category"`` or ``"kind"``).
    areas : list of str, optional
        Areas to draw, in order (default: the counties in the table, then
        the whole country).
    code_list : {"category", "kind"}
        Code list of the ``code`` column (for the labels).
    lang : {"fi", "en"}
    ax : matplotlib Axes, optional
    synthetic : bool
        Pass ``dataset.synthetic`` to mark the figure as synthetic data.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import textwrap

    from matplotlib.ticker import MaxNLocator

    from .i18n import t
    from .plots import PALETTE, demo_mark, house_style, percent_axis

    need = {"area", "code", "share", "hidden", "n_area"}
    if not need <= set(table.columns):
        raise ValueError("expected the table returned by field.association_counts()")
    present = list(dict.fromkeys(table["area"].astype(str)))
    if areas is None:
        areas = [a for a in present if a != ALL] + ([ALL] if ALL in present else [])
    areas = [str(a) for a in areas]
    missing = [a for a in areas if a not in present]
    if missing:
        raise ValueError(f"area(s) {missing} are not in the table")
    codes = list(dict.fromkeys(table["code"].astype(str)))
    wide = table.pivot_table(index="code", columns="area", values="share", aggfunc="sum").reindex(
        index=codes, columns=areas)
    hid = table.pivot_table(index="code", columns="area", values="hidden", aggfunc="max").reindex(
        index=codes, columns=areas).fillna(False).astype(bool)

    def _area_label(a: str) -> str:
        if a == ALL:
            return t("koko maa", "whole country", lang)
        try:
            return regions.county_name(a, lang)
        except KeyError:
            return a

    with house_style():
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(7.0, 0.45 * len(codes) + 1.2))
        y = np.arange(len(codes), dtype=float)
        h = 0.8 / max(len(areas), 1)
        colours = [PALETTE[0], PALETTE[8], *PALETTE[1:8]]
        for i, a in enumerate(areas):
            vals = wide[a].to_numpy(dtype=float)
            hidden = hid[a].to_numpy(dtype=bool)
            pos = y - 0.4 + h * (i + 0.5)
            ax.barh(pos, np.where(hidden | ~np.isfinite(vals), 0.0, vals), height=h * 0.95,
                    color=colours[i % len(colours)], label=_area_label(a))
            for j in np.flatnonzero(hidden):
                ax.text(0.002, pos[j], " <5 / x", va="center", fontsize=7, color="#555555")
        ax.set_yticks(y)
        ax.set_yticklabels([textwrap.fill(model.label(code_list, c, lang), 26) for c in codes],
                           fontsize=8)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
        percent_axis(ax, "x", lang=lang)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ax.set_xlabel(t("osuus alueen yhdistyksistä", "share of the area's associations", lang))
        ax.set_title(title or t("Yhdistykset toimialoittain", "Associations by field", lang))
        ax.legend(loc="lower right", fontsize=8)
        demo_mark(ax, synthetic)
    return ax
