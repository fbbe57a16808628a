"""Indicators on the published county facts: grants per inhabitant, demand covered, changes.

The counties' grants to associations are real, published figures
(:func:`impactlib.sources.counties.county_grants`), but they do not all measure the same
thing: one county publishes its budget, another the amount granted, a third its operating
grants only or its first round. So this module

* divides every figure by the area's population (:func:`grants_per_inhabitant`);
* sets the amount against the amount applied for, carrying the precision through: a share
  computed from "more than 4,3 M€ applied" is an upper bound and says so
  (:func:`share_of_applied`, :func:`ratio_precision`);
* compares years only between rows with the same measure and scope (:func:`grant_changes`),
  and areas only for the same year, measure and scope (:func:`compare_areas`);
* flags, for the 22 organisers of sote services, which of their figures can be compared
  (:func:`comparability`);
* puts together the cooperation structures of a county from a group's own data and the
  published facts, own data first, an item found in neither being *unknown*
  (:func:`cooperation`); and all facts about one area for a brief (:func:`published_facts`).

**Absent is unknown**: an area or item missing from the published tables was not found in
the sources read; it is never counted as zero or "no".

Population: the area's population on 31.12.2022, the day before the counties started
(Statistics Finland, bundled; :func:`impactlib.population.denominators`), for every grant
year. Where the population grew after 2022, later years' figures per inhabitant are too high
by as much (Helsinki grew 4,6 % from 2022 to 2025).

Examples
--------
>>> g = grants_per_inhabitant()
>>> k = g[(g.county == "20") & (g.year == 2023) & (g.measure == "granted")].iloc[0]
>>> round(float(k.eur_per_inhabitant), 2)   # 122 200 € / 70 521 inhabitants
1.73
>>> s = share_of_applied()
>>> s.loc[(s.county == "05") & (s.year == 2024), "share_precision"].tolist()   # "over 4,3 M€ applied"
['at_most']
"""

from __future__ import annotations

from .area import CountyFacts, cooperation, published_facts
from .grants import (
    MEASURE_PREFERENCE,
    MIN_AREAS,
    AreaComparison,
    change_precision,
    comparability,
    compare_areas,
    grant_changes,
    grants_per_inhabitant,
    ratio_precision,
    share_of_applied,
)

__all__ = [
    "MEASURE_PREFERENCE",
    "MIN_AREAS",
    "ratio_precision",
    "change_precision",
    "grants_per_inhabitant",
    "share_of_applied",
    "grant_changes",
    "AreaComparison",
    "compare_areas",
    "comparability",
    "cooperation",
    "CountyFacts",
    "published_facts",
]
