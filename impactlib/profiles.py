"""Published profiles of a county's sote associations (real figures, with their sources).

The figures an association field can be compared with
(:func:`impactlib.field.compare_published`): the Keski-Suomi profile as its
sources word it. These are **real published facts**, each with its source in
:data:`KESKI_SUOMI_SOURCES`; :mod:`impactlib.field` re-exports every name.

Examples
--------
>>> p = published_profile()
>>> p.loc[p.code == "total", ["published_n", "text_en", "source"]].to_dict("records")
[{'published_n': 500.0, 'text_en': 'about 500', 'source': 'kyt2019'}]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "PublishedFigure",
    "KESKI_SUOMI_COUNTY",
    "KESKI_SUOMI_SOURCES",
    "KESKI_SUOMI_PUBLISHED",
    "published_profile",
]


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
