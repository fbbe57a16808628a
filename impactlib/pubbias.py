"""The small-study asymmetry of earlier versions: re-exports :mod:`impactlib.effectiveness.pubbias`.

Kept so that code written for earlier versions keeps working (the import path is
pinned by the public-API test); new code imports from :mod:`impactlib.effectiveness`.

Examples
--------
>>> from impactlib import pubbias
>>> from impactlib.effectiveness import pubbias as new
>>> pubbias.egger is new.egger
True
"""

from __future__ import annotations

from .effectiveness.pubbias import EggerResult, egger

__all__ = [
    "EggerResult",
    "egger",
]
