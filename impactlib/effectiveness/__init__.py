"""Activity effectiveness (*toiminnan vaikuttavuus*): reach, effects, pooled
evidence and evidence levels.

Every public name is importable from here. The estimators live in one module
per topic:

* :mod:`~impactlib.effectiveness.reach` — whom the activities reached, per
  1,000 inhabitants, volunteer input and cost per participant (``reach``);
* :mod:`~impactlib.effectiveness.effectsize` — Hedges' g (``smd``), Morris's
  d_ppc2 (``smd_ppc``), the instrument table (``instruments``);
* :mod:`~impactlib.effectiveness.prepost` — pre/post change (``prepost``,
  ``prepost_from_summary``: SMCR, SMCC);
* :mod:`~impactlib.effectiveness.reliable` — Jacobson–Truax reliable change
  (``reliable_change``, ``reliable_change_rates``), felt help and Wilson
  intervals;
* :mod:`~impactlib.effectiveness.activities` — one effect per activity
  (``activity_effects``) and pooled effects per theme (``pool_by``);
* :mod:`~impactlib.effectiveness.meta` — pooling (``pool``: FE,
  DerSimonian–Laird, REML, Knapp–Hartung, prediction interval) and
  :mod:`~impactlib.effectiveness.metareg` — ``meta_regression``, both on the
  model fit of :mod:`~impactlib.effectiveness.metafit`;
* :mod:`~impactlib.effectiveness.multilevel` — the three-level model of
  activities within associations (``pool_multilevel``);
* :mod:`~impactlib.effectiveness.pubbias` — Egger's test (``egger``);
* :mod:`~impactlib.effectiveness.comparison` — difference-in-differences
  and IPW (``comparison_effect``);
* :mod:`~impactlib.effectiveness.evidence` — Nesta and Kasvun tuki levels
  (``evidence_level``);
* :mod:`~impactlib.effectiveness.claims` — what a brief may say about a
  pooled effect (``effect_table``, ``effect_claim``, ``claim_sentence``,
  ``effect_size_words``).

The modules ``impactlib.effectsize``, ``impactlib.reliable``,
``impactlib.meta``, ``impactlib.pubbias``, ``impactlib.comparison`` and
``impactlib.evidence`` of earlier versions still work: they re-export from
here.

Conventions
-----------
* ``by=`` always names **the columns the rows of the result are grouped by**
  (one row per value): :func:`reach` (which also takes the named units
  ``"activity"``, ``"organisation"``, ``"theme"``, ``"county"``),
  :func:`pool_by`, :func:`reliable_change_rates` and :func:`felt_help`.
* ``level=`` is the confidence level of every interval; tables carry it in a
  ``confidence`` column.
* Result objects (:class:`PoolResult`, :class:`MetaRegressionResult`,
  :class:`EggerResult`, :class:`SMDResult`, :class:`ComparisonResult`) have
  ``to_frame()``, ``summary(lang=)``, a readable ``repr``, ``level`` and their
  ``warnings`` (a tuple of texts).

Every table meant for people must go through
:func:`impactlib.disclosure.suppress` (counts below 5 shown as "<5").

Examples
--------
>>> from impactlib import effectiveness as eff
>>> res = eff.pool([0.2, 0.4, 0.3, 0.5], [0.02, 0.03, 0.02, 0.04], method="DL")
>>> round(res.estimate, 3)
0.321
"""

from __future__ import annotations

from .activities import activity_effects, pool_by
from .claims import (
    CLAIM_TEXTS,
    MIN_ASSOCIATIONS_CLAIM,
    MIN_K_CLAIM,
    ClaimPool,
    claim_sentence,
    claim_sentences,
    effect_claim,
    effect_size_words,
    effect_table,
    pool_for_claim,
)
from .comparison import ComparisonResult, comparison_effect, comparison_trend
from .effectsize import SMDResult, hedges_j, higher_is_better, instruments, smd, smd_ppc
from .evidence import KASVUN_TUKI_LEVELS, NESTA_LEVELS, OUTCOMES, evidence_level
from .meta import METHODS, PoolResult, pool
from .metareg import MetaRegressionResult, meta_regression
from .multilevel import MultilevelResult, pool_multilevel
from .prepost import ASSUMED_R, paired_scores, prepost, prepost_from_summary
from .pubbias import EggerResult, egger
from .reach import FTE_HOURS, reach, reach_summary
from .reliable import (
    RELIABLE_CHANGE_CATEGORIES,
    RELIABLE_CHANGE_CRITERION,
    clustered_wilson_ci,
    felt_help,
    reliable_change,
    reliable_change_rates,
    wilson_ci,
)

__all__ = [
    # reach
    "FTE_HOURS",
    "reach",
    "reach_summary",
    # activities
    "activity_effects",
    "pool_by",
    # comparison
    "ComparisonResult",
    "comparison_effect",
    "comparison_trend",
    # evidence
    "NESTA_LEVELS",
    "KASVUN_TUKI_LEVELS",
    "OUTCOMES",
    "evidence_level",
    # effectsize, prepost
    "ASSUMED_R",
    "instruments",
    "higher_is_better",
    "hedges_j",
    "SMDResult",
    "smd",
    "smd_ppc",
    "paired_scores",
    "prepost",
    "prepost_from_summary",
    # reliable
    "RELIABLE_CHANGE_CRITERION",
    "RELIABLE_CHANGE_CATEGORIES",
    "wilson_ci",
    "clustered_wilson_ci",
    "reliable_change",
    "reliable_change_rates",
    "felt_help",
    # meta, pubbias
    "METHODS",
    "PoolResult",
    "MetaRegressionResult",
    "EggerResult",
    "pool",
    "meta_regression",
    "egger",
    # multilevel
    "MultilevelResult",
    "pool_multilevel",
    # claims (what a brief may say)
    "MIN_K_CLAIM",
    "MIN_ASSOCIATIONS_CLAIM",
    "CLAIM_TEXTS",
    "ClaimPool",
    "pool_for_claim",
    "effect_claim",
    "effect_size_words",
    "effect_table",
    "claim_sentence",
    "claim_sentences",
]
