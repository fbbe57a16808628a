"""The comparison-group effects of earlier versions: re-exports :mod:`impactlib.effectiveness.comparison`.

Kept so that code written for earlier versions keeps working (the import path is
pinned by the public-API test); new code imports from :mod:`impactlib.effectiveness`.

Examples
--------
>>> from impactlib import comparison
>>> from impactlib.effectiveness import comparison as new
>>> comparison.comparison_effect is new.comparison_effect
True
"""

from __future__ import annotations

from .effectiveness.comparison import ComparisonResult, comparison_effect

__all__ = [
    "ComparisonResult",
    "comparison_effect",
]
