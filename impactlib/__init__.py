"""impactlib: evidence on Finnish social- and health-sector associations.

Funding continuity through the sote reform (:mod:`impactlib.continuity`) and
activity effectiveness (:mod:`impactlib.effectiveness`), computed from one
validated data model (:mod:`impactlib.model`), with small-cell suppression
(:mod:`impactlib.disclosure`), figures (:mod:`impactlib.plots`) and
evidence briefs per wellbeing services county (:mod:`impactlib.brief`).
"""

from importlib.metadata import PackageNotFoundError, version

from . import (
    brief,
    continuity,
    disclosure,
    effectiveness,
    field,
    i18n,
    model,
    plots,
    population,
    regions,
    sources,
)
from .dataset import Dataset, Provenance
from .demo import load_demo
from .errors import DataError, DataWarning, Problem
from .sources.tables import load_dataset
from .sources.template import write_template
from .validation import validate

try:
    __version__ = version("impactlib")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = [
    "__version__",
    "DataError",
    "DataWarning",
    "Dataset",
    "Problem",
    "Provenance",
    "brief",
    "continuity",
    "disclosure",
    "effectiveness",
    "field",
    "i18n",
    "load_dataset",
    "load_demo",
    "model",
    "plots",
    "population",
    "regions",
    "sources",
    "validate",
    "write_template",
]
