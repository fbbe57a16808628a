"""The reliable change of earlier versions: re-exports :mod:`impactlib.effectiveness.reliable`.

Kept so that code written for earlier versions keeps working (the import path is
pinned by the public-API test); new code imports from :mod:`impactlib.effectiveness`.

Examples
--------
>>> from impactlib import reliable
>>> from impactlib.effectiveness import reliable as new
>>> reliable.wilson_ci is new.wilson_ci
True
"""

from __future__ import annotations

from .effectiveness.reliable import (
    RELIABLE_CHANGE_CATEGORIES,
    RELIABLE_CHANGE_CRITERION,
    felt_help,
    reliable_change,
    reliable_change_rates,
    wilson_ci,
)

__all__ = [
    "RELIABLE_CHANGE_CATEGORIES",
    "RELIABLE_CHANGE_CRITERION",
    "felt_help",
    "reliable_change",
    "reliable_change_rates",
    "wilson_ci",
]
