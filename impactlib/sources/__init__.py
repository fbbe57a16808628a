"""Readers of the publishers' own formats and of the project's data-entry formats.

One module per publisher or format:

- :mod:`~impactlib.sources.tables` — a dataset from a folder of CSV files or an ``.xlsx`` workbook
- :mod:`~impactlib.sources.template` — the data-entry workbook for associations
- :mod:`~impactlib.sources.statfin` — Statistics Finland PxWeb: queries and downloads, and the
  readers :mod:`~impactlib.sources.jsonstat` (JSON-stat 2.0) and :mod:`~impactlib.sources.pxcsv`
  (CSV exports), with their shared codes in :mod:`~impactlib.sources.pxcodes`
- :mod:`~impactlib.sources.sotkanet` — THL Sotkanet REST 1.1
- :mod:`~impactlib.sources.stea` — STEA grant totals published by STM/STEA
- :mod:`~impactlib.sources.download` — explicit downloads with an on-disk cache
"""

from . import download, sotkanet, statfin, stea, tables, template
from .statfin import population_from_jsonstat, read_jsonstat, read_px_csv
from .stea import stea_totals
from .tables import load_dataset, neutralise_formulas
from .template import write_template

__all__ = [
    "download",
    "sotkanet",
    "statfin",
    "stea",
    "tables",
    "template",
    "load_dataset",
    "neutralise_formulas",
    "population_from_jsonstat",
    "read_jsonstat",
    "read_px_csv",
    "stea_totals",
    "write_template",
]
