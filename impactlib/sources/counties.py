"""Published facts about the counties: grants, hand-over rules, cooperation, associations.

Real facts, bundled with the package (``data/counties/``, see its README): what each
wellbeing services county (and the City of Helsinki) grants to associations, how it handled
the 2022→2023 hand-over of the municipalities' grants, which cooperation structures were
found in its published sources, how many sote associations the area has, and SOSTE's
Järjestöbarometri 2024. They were compiled by hand from the counties' own releases and
minutes, SOSTE and Yhdistystori; every row names its source and publication date.

The readers return tidy DataFrames, one row per fact, with the bundled columns (sources,
dates and precision kept) and pandas dtypes: codes and text as strings, euros as floats,
counts as ``Int64``. An empty cell is a value the source does not give (``NaN``/``<NA>``).

**Absent is unknown.** A county or item missing from a table was not found in the sources
read: it is *unknown*, never zero and never "no" (see :func:`impactlib.countyfacts.cooperation`).

Examples
--------
>>> g = county_grants()
>>> row = g[(g.county == "20") & (g.year == 2023) & (g.measure == "granted")].iloc[0]
>>> float(row.amount_eur), row.amount_precision, int(row.applications)
(122200.0, 'exact', 44)
>>> handover_rules().set_index("county").loc["15", "rule"]
'continuity_of_2022_municipal_funding_considered'
>>> is_url("https://www.sttinfo.fi/tiedote/70884206/"), is_url("kyt.fi (8.3.2023)")
(True, False)
"""

from __future__ import annotations

import pandas as pd

from .._cells import is_url
from .._paths import DATA_DIR
from ..model import STRING

__all__ = [
    "COUNTIES_DIR",
    "PRECISIONS",
    "county_grants",
    "handover_rules",
    "cooperation_structures",
    "sote_associations",
    "jarjestobarometri",
    "is_url",
]

#: Folder of the bundled county facts (``impactlib/data/counties``).
COUNTIES_DIR = DATA_DIR / "counties"

#: How exact a published figure is: as stated, "about" (*noin*), "more than" (*yli*), or
#: computed from the release's own wording.
PRECISIONS = ("exact", "about", "more_than", "derived")

def _read(name: str, *, ints=(), floats=()) -> pd.DataFrame:
    df = pd.read_csv(COUNTIES_DIR / name, dtype=str, keep_default_na=False, encoding="utf-8")
    out = {}
    for c in df.columns:
        s = df[c].replace("", pd.NA)
        if c in ints:
            out[c] = pd.to_numeric(s).astype("Int64")
        elif c in floats:
            out[c] = pd.to_numeric(s).astype("float64")
        else:
            out[c] = s.astype(STRING)
    return pd.DataFrame(out)


def county_grants() -> pd.DataFrame:
    """The counties' published grants to associations, 2023–2026 (real facts).

    Returns
    -------
    pandas.DataFrame
        One row per area, grant year, measure and scope (46 rows, 17 areas): ``county``
        (2-digit code), ``county_name``, ``year``; ``measure`` (what the figure is:
        ``granted``, ``granted_first_round``, ``budget``, ``available``,
        ``applications_only``, ``paid_on_municipal_decisions``,
        ``budget_equal_to_2022_actual``); ``scope`` (which grants: ``all``, ``operating``,
        ``partnership`` …); ``amount_eur`` and ``amount_precision`` (:data:`PRECISIONS`);
        ``recipients``, ``recipients_unit``, ``recipients_precision``; ``applications``,
        ``applications_precision``; ``applied_eur``, ``applied_precision``; ``published``
        (as published: day, month or year); ``source``; ``note``.

    Notes
    -----
    *Hyvinvointialueen järjestöavustukset* (the county's grants to associations), euros,
    nominal. Measures differ between counties; compare only rows with the same ``measure``
    and ``scope`` (:func:`impactlib.countyfacts.grant_changes`). Read with pandas.

    References
    ----------
    .. [1] The counties' press releases and minutes, URL or body and meeting in ``source``.

    Examples
    --------
    >>> g = county_grants()
    >>> len(g), g.county.nunique()
    (46, 17)
    >>> g.loc[g.amount_precision == "derived", ["county_name", "year"]].to_numpy().tolist()
    [['Vantaa-Kerava', 2024]]
    """
    return _read("county_grants.csv", ints=("year", "recipients", "applications"),
                 floats=("amount_eur", "applied_eur"))


def handover_rules() -> pd.DataFrame:
    """How counties tied their first grants to the municipalities' 2022 grants (quoted).

    Returns
    -------
    pandas.DataFrame
        One row per county (5): ``county``, ``county_name``, ``rule`` (a code, labelled in
        :data:`impactlib.labels.HANDOVER_RULES`), ``quote_fi`` (the source's own words, in
        Finnish), ``published``, ``source``.

    Examples
    --------
    >>> handover_rules().county.tolist()
    ['03', '05', '08', '15', '16']
    """
    return _read("handover_rules.csv")


def cooperation_structures() -> pd.DataFrame:
    """Cooperation structures between a county and associations found in published sources.

    Returns
    -------
    pandas.DataFrame
        One row per county and item found (24): ``county``, ``county_name``, ``item``
        (:data:`impactlib.labels.COOPERATION_ITEMS`), ``status`` (``yes``: found),
        ``since`` (as published), ``description_fi``, ``source``. The same shape as the
        ``cooperation`` sheet of the data-entry template. An item not listed for a county
        is *unknown* (not found in the sources read), not "no".

    Examples
    --------
    >>> c = cooperation_structures()
    >>> sorted(c.loc[c.county == "15", "item"])
    ['cooperation_body', 'coordinator', 'written_plan']
    """
    return _read("cooperation_structures.csv")


def sote_associations() -> pd.DataFrame:
    """Published numbers of social and health associations (whole country and four areas).

    Returns
    -------
    pandas.DataFrame
        One row per area and counting rule (8): ``area`` (county code, ``all`` for the whole
        country), ``area_name``, ``n_associations``, ``ref_date`` (``undated`` where the
        source gives no date), ``definition``, ``source``, ``url``. Keski-Suomi has four
        rows: three counting rules of Yhdistystori (300, 350, 420) and an earlier estimate.

    Examples
    --------
    >>> a = sote_associations()
    >>> int(a.set_index("area").loc["all", "n_associations"])
    10708
    """
    return _read("sote_associations.csv", ints=("n_associations",))


def jarjestobarometri() -> pd.DataFrame:
    """SOSTE Järjestöbarometri 2024: what regional respondents said about county grants.

    Returns
    -------
    pandas.DataFrame
        One row per indicator (4): ``indicator``, ``value_pct`` (per cent of regional
        respondents, whole country), ``published``, ``source``, ``url``, ``note``.

    Examples
    --------
    >>> b = jarjestobarometri().set_index("indicator")["value_pct"]
    >>> int(b["grant_availability_worsened_since_counties"]), int(b.sum() - b.iloc[-1])
    (44, 100)
    """
    return _read("jarjestobarometri_2024.csv", ints=("value_pct",))
