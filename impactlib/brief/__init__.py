"""Evidence briefs per wellbeing services county (*näyttökooste hyvinvointialueelle*).

A brief is an HTML page (self-contained, two A4 pages in print) and an editable Word file
(DOCX), in Finnish or English, for one of the 22 organiser areas, compared with the whole
country. It is built in layers, each a module:

* :mod:`~impactlib.brief.blocks`: the document model — :class:`Block` (heading, paragraph,
  list, figure, table) and :class:`Section`;
* :mod:`~impactlib.brief.context`: :class:`BriefContext` selects the county and caches the
  library results the sections need (no arithmetic of its own), :func:`prepare`;
* :mod:`~impactlib.brief.sections`: one builder per section (:data:`SECTIONS`); every text
  from the catalogue of :mod:`impactlib.i18n`, every count through
  :mod:`impactlib.disclosure`;
* :mod:`~impactlib.brief.html` (jinja2 templates, autoescaped; CSS as a file) and
  :mod:`~impactlib.brief.docx` (python-docx, styles from a bundled reference document);
* :mod:`~impactlib.brief.render`: :func:`render` and :func:`render_all`, in process by
  default; the parameterised notebook :data:`NOTEBOOK` is executed with papermill only when
  the executed notebook itself is asked for (``notebook=True``).

The curated notebooks' export lives in :mod:`impactlib.notebooks` and the command line in
:mod:`impactlib.cli`; :func:`curated_notebooks`, :func:`render_notebooks` and
:func:`add_cli` are reachable here too (imported on first use).

Examples
--------
From the command line::

    impactlib brief --county "Keski-Suomi"            # Finnish HTML + DOCX into build/briefs
    impactlib brief --all --out build/briefs           # all 22 areas, with a progress bar

In Python:

>>> ctx = prepare("keski-suomi", lang="en")
>>> ctx.county, ctx.name
('15', 'Central Finland')
>>> sec = field_section(ctx)
>>> sec.title
'The association field'
"""

from __future__ import annotations

import importlib

from .blocks import BLOCK_MIME, Block, Section
from .context import NATIONAL, BriefContext, prepare
from .docx import notebook_docx
from .ledger import DisclosureError, check_publication, protect, publication_of, run_table, withhold
from .render import NOTEBOOK, brief_filename, notebook_html, prepare_run, render, render_all
from .sections import (
    SECTIONS,
    dependence_section,
    effectiveness_section,
    facts_section,
    field_section,
    funding_section,
    handover_section,
    header_section,
    key_figures_section,
    limits_section,
    market_section,
    messages_section,
    provenance_section,
    questions_section,
    reach_section,
)

__all__ = [
    "NOTEBOOK",
    "NOTEBOOKS_DIR",
    "BLOCK_MIME",
    "SECTIONS",
    "Block",
    "Section",
    "BriefContext",
    "NATIONAL",
    "prepare",
    "DisclosureError",
    "check_publication",
    "publication_of",
    "protect",
    "withhold",
    "run_table",
    "prepare_run",
    "header_section",
    "messages_section",
    "facts_section",
    "key_figures_section",
    "field_section",
    "reach_section",
    "funding_section",
    "handover_section",
    "dependence_section",
    "market_section",
    "effectiveness_section",
    "limits_section",
    "provenance_section",
    "questions_section",
    "brief_filename",
    "render",
    "render_all",
    "notebook_html",
    "notebook_docx",
    "curated_notebooks",
    "render_notebooks",
    "add_cli",
]

#: Names defined elsewhere and kept reachable here (the public API pins them), imported on
#: first use so that ``impactlib.notebooks`` and ``impactlib.cli`` may import this package.
_ELSEWHERE = {
    "NOTEBOOKS_DIR": "impactlib.notebooks",
    "curated_notebooks": "impactlib.notebooks",
    "render_notebooks": "impactlib.notebooks",
    "add_cli": "impactlib.cli",
}


def __getattr__(name: str):
    if name in _ELSEWHERE:
        value = getattr(importlib.import_module(_ELSEWHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'impactlib.brief' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
