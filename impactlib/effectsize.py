"""The effect sizes of earlier versions: re-exports :mod:`impactlib.effectiveness.effectsize` and :mod:`impactlib.effectiveness.prepost`.

Kept so that code written for earlier versions keeps working (the import path is
pinned by the public-API test); new code imports from :mod:`impactlib.effectiveness`.

Examples
--------
>>> from impactlib import effectsize
>>> from impactlib.effectiveness import effectsize as new
>>> effectsize.smd_ppc is new.smd_ppc
True
"""

from __future__ import annotations

from .effectiveness.effectsize import (
    SMDResult,
    hedges_j,
    higher_is_better,
    higher_is_better_lookup,
    instruments,
    smd,
    smd_ppc,
)
from .effectiveness.prepost import ASSUMED_R, paired_scores, prepost, prepost_from_summary

__all__ = [
    "ASSUMED_R",
    "SMDResult",
    "hedges_j",
    "higher_is_better",
    "higher_is_better_lookup",
    "instruments",
    "paired_scores",
    "prepost",
    "prepost_from_summary",
    "smd",
    "smd_ppc",
]
