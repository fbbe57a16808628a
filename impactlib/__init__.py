"""impactlib: evidence on Finnish social- and health-sector associations.

Funding continuity through the sote reform (:mod:`impactlib.continuity`) and
activity effectiveness (:mod:`impactlib.effectiveness`), computed from one
validated data model (:mod:`impactlib.model`), with small-cell suppression
(:mod:`impactlib.disclosure`), figures (:mod:`impactlib.plots`) and
evidence briefs per wellbeing services county (:mod:`impactlib.brief`).
"""

from importlib.metadata import PackageNotFoundError, version

from . import disclosure, i18n, model, plots, regions
from .errors import DataError, DataWarning, Problem

try:
    __version__ = version("impactlib")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = [
    "__version__",
    "DataError",
    "DataWarning",
    "Problem",
    "disclosure",
    "i18n",
    "model",
    "plots",
    "regions",
]
