"""impactlib: evidence on Finnish social- and health-sector associations.

Funding continuity through the sote reform (:mod:`impactlib.continuity`) and
activity effectiveness (:mod:`impactlib.effectiveness`), computed from one
validated data model (:mod:`impactlib.model`), with small-cell suppression
(:mod:`impactlib.disclosure`), figures (:mod:`impactlib.plots`) and
evidence briefs per wellbeing services county (:mod:`impactlib.brief`).

Submodules and the top-level functions are imported on first use (PEP 562
``__getattr__``), so ``import impactlib`` is quick and loads neither
matplotlib, pandera, papermill nor the brief machinery until they are needed.

Examples
--------
>>> import impactlib
>>> impactlib.regions.find_county("Keski-Suomi")
'15'
"""

from __future__ import annotations

import importlib
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("impactlib")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

#: Submodules reachable as attributes (``impactlib.continuity``), imported on first use.
_SUBMODULES = (
    "brief",
    "continuity",
    "countyfacts",
    "disclosure",
    "effectiveness",
    "field",
    "i18n",
    "labels",
    "messages",
    "market",
    "model",
    "plots",
    "population",
    "rates",
    "regions",
    "sources",
)

#: Top-level names → the module that defines them, imported on first use.
_NAMES = {
    "DataError": "errors",
    "DataWarning": "errors",
    "Problem": "errors",
    "Dataset": "dataset",
    "Provenance": "dataset",
    "load_demo": "demo",
    "load_dataset": "sources.tables",
    "write_template": "sources.template",
    "validate": "validation",
}

__all__ = ["__version__", *_SUBMODULES, *_NAMES]


def __getattr__(name: str):
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    if name in _NAMES:
        value = getattr(importlib.import_module(f".{_NAMES[name]}", __name__), name)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module 'impactlib' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
