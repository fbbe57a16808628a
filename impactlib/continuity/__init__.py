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
* ``by=`` always names **what the figures are broken down by**: the funding
  key of each association's money in :func:`concentration` and :func:`spells`
  (``"source"``, ``"source_group"`` or ``"funder"``: what counts as one
  source of money), and an attribute of the association in the summaries and
  :func:`mix_over_years`/:func:`dependence_bands` (``"county"``, ``"kind"``,
  … or ``None`` for one group ``"all"``).
* ``level=`` is the confidence level of every interval
  (:func:`spell_survival`; ``confidence=`` is a deprecated alias).
* Input tables are trusted to be validated (:func:`impactlib.validate`,
  :func:`impactlib.load_dataset`, :func:`impactlib.load_demo`): the functions
  check only the columns and their dtypes, and raise a
  :class:`~impactlib.errors.DataError` naming the column otherwise.
* Result objects (:class:`SurvivalResult`) have ``to_frame()``,
  ``summary(lang=)``, a readable ``repr`` and their ``warnings``.
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

from .attributes import attach_organisation, municipal_successors
from .cliff import cliff_summary, project_cliff
from .exposure import EXPOSURE_SOURCES, stea_exposure
from .handover import HANDOVER_OUTCOMES, handover, handover_euros_kept, handover_summary
from .mix import (
    DEPENDENCE_BANDS,
    ONE_FUNDER_BANDS,
    SCHEME_NAME,
    concentration,
    dependence_bands,
    funding_mix,
    mix_over_years,
    one_funder_share,
    volatility,
)
from .ph import PHTestResult, proportional_hazards
from .scenario import STEA_SOURCES, scenario, scenario_summary, stea_cut_plan, stea_cut_scenario
from .spells import interruptions, spells
from .survival import SurvivalResult, spell_survival

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
    "ONE_FUNDER_BANDS",
    "one_funder_share",
    "volatility",
    "spells",
    "interruptions",
    "SurvivalResult",
    "spell_survival",
    "PHTestResult",
    "proportional_hazards",
    "handover",
    "handover_summary",
    "handover_euros_kept",
    "project_cliff",
    "cliff_summary",
    "scenario",
    "scenario_summary",
    "STEA_SOURCES",
    "stea_cut_plan",
    "stea_cut_scenario",
    "EXPOSURE_SOURCES",
    "stea_exposure",
]
