"""The evidence levels of earlier versions: re-exports :mod:`impactlib.effectiveness.evidence`.

Kept so that code written for earlier versions keeps working (the import path is
pinned by the public-API test); new code imports from :mod:`impactlib.effectiveness`.

Examples
--------
>>> from impactlib import evidence
>>> from impactlib.effectiveness import evidence as new
>>> evidence.evidence_level is new.evidence_level
True
"""

from __future__ import annotations

from .effectiveness.evidence import KASVUN_TUKI_LEVELS, NESTA_LEVELS, OUTCOMES, evidence_level

__all__ = [
    "KASVUN_TUKI_LEVELS",
    "NESTA_LEVELS",
    "OUTCOMES",
    "evidence_level",
]
