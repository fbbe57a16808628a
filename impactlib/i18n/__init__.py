"""Finnish and English: number formats, sentence templates and the short texts of the briefs.

* :mod:`impactlib.i18n.formats`: numbers, euros, percentages, counts (1–4 as ``<5``),
  confidence intervals, table cells, ``t(fi, en)`` and county phrases;
* :mod:`impactlib.i18n.sentences`: :data:`SENTENCES` and :func:`sentence`, every sentence
  written for people;
* :mod:`impactlib.i18n.phrases`: :data:`PHRASES` and :func:`phrase`, titles, table labels and
  figure captions of the briefs;
* :mod:`impactlib.i18n.tables`: :func:`format_table` and :func:`format_wide`, the one table
  formatter of notebooks and briefs (suppression, labels, one interval notation, counts beside
  percentages);
* :mod:`impactlib.i18n.county`: the texts of the key messages, published facts and questions for
  the county (part of :data:`SENTENCES` and :data:`PHRASES`), :func:`organiser` (the county, or
  for Helsinki the city) and :func:`fmt_approx` (precision words).

Sentences meant for people are generated from numbers with :func:`sentence`, never typed per
county; a whole number passed to a template is a count and is shown through :func:`fmt_count`,
every other number must be formatted first, so a count cannot reach a sentence unsuppressed by
accident.

Examples
--------
>>> fmt_number(1234.5, 1)
'1\\xa0234,5'
>>> fmt_pct(0.123, lang="en")
'12.3%'
>>> sentence("reach_none", "en", year="2025")
'The data hold no activities aimed at the area in 2025.'
>>> phrase("title_field", "en")
'The association field'
"""

from __future__ import annotations

from .county import fmt_approx, is_city, organiser
from .formats import (
    HIDDEN,
    LANGS,
    NBSP,
    SMALL,
    county_genitive,
    county_in,
    fmt_cell,
    fmt_ci,
    fmt_count,
    fmt_date,
    fmt_eur,
    fmt_int,
    fmt_meur,
    fmt_number,
    fmt_pct,
    t,
)
from .phrases import PHRASES, phrase
from .sentences import SENTENCES, sentence
from .tables import (
    HEADERS,
    column,
    fmt_count_pct,
    fmt_interval,
    fmt_pvalue,
    format_table,
    format_wide,
    table_cells,
)

__all__ = [
    "LANGS",
    "NBSP",
    "SMALL",
    "fmt_number",
    "fmt_int",
    "fmt_eur",
    "fmt_meur",
    "fmt_pct",
    "fmt_count",
    "fmt_date",
    "fmt_ci",
    "fmt_cell",
    "t",
    "HIDDEN",
    "county_in",
    "county_genitive",
    "fmt_approx",
    "organiser",
    "is_city",
    "SENTENCES",
    "sentence",
    "PHRASES",
    "phrase",
    # tables for people (impactlib.i18n.tables)
    "HEADERS",
    "column",
    "format_table",
    "format_wide",
    "table_cells",
    "fmt_interval",
    "fmt_count_pct",
    "fmt_pvalue",
]
