"""STEA grants: published yearly totals and the announced cuts.

STEA grants (*STEA-avustukset*) are the discretionary government grants the
Ministry of Social Affairs and Health (STM) gives social and health
associations for general-interest work, prepared by the Funding Centre for
Social Welfare and Health Organisations (STEA). They are the largest single
public source for many sote associations (in :mod:`impactlib.model`: sources
``stea_general`` (Ay), ``stea_targeted`` (Ak) and ``stea_project`` (C)).

This module bundles the national totals as facts, each with the page it is
taken from (``data/stea/stea_totals.csv``), and the cuts announced for 2025
onwards, so a brief can set an association's STEA money against the national
trend. Per-association grant data (avustukset.stea.fi) are not bundled.

Examples
--------
>>> t = stea_totals()
>>> float(t.set_index("year").loc[2023, "granted_total_meur"])
373.6
>>> ANNOUNCED_CUTS_MEUR[2025]
-79.5
"""

from __future__ import annotations

import pandas as pd

from ..regions import DATA_DIR

__all__ = [
    "STEA_TOTALS_FILE",
    "ANNOUNCED_CUTS_MEUR",
    "FURTHER_CUT_MEUR_PER_YEAR",
    "CUTS_SOURCE_URL",
    "stea_totals",
    "announced_cuts",
]

#: The bundled table of yearly totals (see ``data/stea/README.md``).
STEA_TOTALS_FILE = DATA_DIR / "stea" / "stea_totals.csv"

#: Page announcing the cuts (STEA, *Kysymyksiä ja vastauksia STEA-avustuksista*,
#: 2024): "vuonna 2025 avustuksia myönnetään 79,5 miljoonaa euroa vähemmän ja
#: sitä seuraavina vuosina 25 miljoonaa euroa vähemmän vuosittain".
CUTS_SOURCE_URL = (
    "https://stea.fi/tietoa-steasta/mita-stea-tekee/kysymyksia-ja-vastauksia-stea-avustuksista"
)
#: Announced change of the STEA grant total from the year before, million euros.
ANNOUNCED_CUTS_MEUR: dict[int, float] = {2025: -79.5}
#: The further change announced for every year after 2025, million euros a year.
FURTHER_CUT_MEUR_PER_YEAR: float = -25.0

_INT_COLS = ("year", "recipient_orgs", "granted_targets", "applicant_orgs", "applications")
_FLOAT_COLS = (
    "granted_total_meur",
    "applied_total_meur",
    "granted_continuous_meur",
    "granted_projects_investments_meur",
)
_TEXT_COLS = ("status", "decision_date", "notes", "source_url")


def stea_totals() -> pd.DataFrame:
    """Published yearly totals of STEA grants (bundled facts with their sources).

    Returns
    -------
    pandas.DataFrame
        One row per year from 2017: ``year``; ``granted_total_meur``
        (million euros granted; NaN where not published); ``approximate``
        (the source says *about / nearly*); ``status`` (``decided``,
        ``partly_decided``, ``announced_cut``); ``recipient_orgs``,
        ``granted_targets``, ``applicant_orgs``, ``applications`` (``Int64``);
        ``applied_total_meur``, ``granted_continuous_meur``,
        ``granted_projects_investments_meur``; ``decision_date``; ``notes``;
        ``source_url``. See ``data/stea/README.md``.

    Notes
    -----
    *STEA-avustukset yhteensä* (STEA grants in total), unit million euros
    (M€), nominal. The figures are those the ministry and STEA announced at
    the time of the decision; later corrections are not included. Read with
    pandas.

    References
    ----------
    .. [1] Sosiaali- ja terveysministeriö. Press releases on STEA grants,
       2018–2023 (stm.fi, valtioneuvosto.fi); URLs per row in ``source_url``.
    .. [2] STEA. *Kysymyksiä ja vastauksia STEA-avustuksista* (2024).
       https://stea.fi/tietoa-steasta/mita-stea-tekee/kysymyksia-ja-vastauksia-stea-avustuksista

    Examples
    --------
    >>> t = stea_totals()
    >>> t.loc[t.year.between(2019, 2022), ["year", "granted_total_meur"]].to_string(index=False)
    ' year  granted_total_meur\\n 2019              362.00\\n 2020              380.00\\n 2021              362.00\\n 2022              362.44'
    """
    df = pd.read_csv(
        STEA_TOTALS_FILE,
        dtype={c: "string" for c in _TEXT_COLS},
        keep_default_na=False,
        na_values={c: [""] for c in (*_INT_COLS, *_FLOAT_COLS)},
    )
    for c in _INT_COLS:
        df[c] = df[c].astype("Int64")
    for c in _FLOAT_COLS:
        df[c] = df[c].astype("float64")
    df["approximate"] = df["approximate"].astype("string").str.lower().map({"true": True, "false": False}).astype("boolean")
    for c in _TEXT_COLS:
        df[c] = df[c].replace("", pd.NA).astype("string")
    return df


def announced_cuts(*, until: int = 2027) -> pd.DataFrame:
    """The STEA grant totals implied by the announced cuts, year by year.

    Parameters
    ----------
    until : int, default 2027
        Last year to show (2027 is the last budget year of the 2023–2027
        government term in which the cuts were announced).

    Returns
    -------
    pandas.DataFrame
        One row per year from 2024 (the year the cuts are measured from) to
        ``until``: ``year``, ``change_meur`` (change from the year before),
        ``cumulative_change_meur`` (change from 2024), ``total_meur``
        (published 2024 total plus the cumulative change) and ``basis``
        (``"published"`` for 2024, ``"announced"`` after). Totals are
        approximate: the 2024 base is "almost 384 M€".

    Notes
    -----
    Reads the announcement as: 2025 total = 2024 total − 79.5 M€; every
    later year 25 M€ less than the year before,

    .. math::

        T_t = T_{2024} - 79.5 - 25\\,(t - 2025), \\qquad t \\ge 2025 .

    This is an arithmetic reading of an announcement, not a decided budget:
    use it as a scenario. Constants :data:`ANNOUNCED_CUTS_MEUR`,
    :data:`FURTHER_CUT_MEUR_PER_YEAR`.

    References
    ----------
    .. [1] STEA. *Kysymyksiä ja vastauksia STEA-avustuksista* (2024).
       https://stea.fi/tietoa-steasta/mita-stea-tekee/kysymyksia-ja-vastauksia-stea-avustuksista

    Examples
    --------
    >>> announced_cuts(until=2026)
       year  change_meur  cumulative_change_meur  total_meur      basis
    0  2024          0.0                     0.0       384.0  published
    1  2025        -79.5                   -79.5       304.5  announced
    2  2026        -25.0                  -104.5       279.5  announced
    """
    first_cut = min(ANNOUNCED_CUTS_MEUR)
    base_year = first_cut - 1
    if until < base_year:
        raise ValueError(f"until ({until}) must not be before base_year ({base_year})")
    totals = stea_totals().set_index("year")["granted_total_meur"]
    if base_year not in totals.index or pd.isna(totals.get(base_year)):
        raise ValueError(f"no published STEA total for {base_year} in {STEA_TOTALS_FILE.name}")
    years = pd.Series(range(base_year, until + 1), dtype="int64")
    change = years.map(lambda y: ANNOUNCED_CUTS_MEUR.get(y, FURTHER_CUT_MEUR_PER_YEAR if y > first_cut else 0.0)).astype("float64")
    out = pd.DataFrame({"year": years.astype("Int64"), "change_meur": change})
    out["cumulative_change_meur"] = out["change_meur"].cumsum()
    out["total_meur"] = float(totals[base_year]) + out["cumulative_change_meur"]
    out["basis"] = pd.array(["published"] + ["announced"] * (len(out) - 1), dtype="string")
    return out
