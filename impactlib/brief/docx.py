"""The editable Word file (DOCX) of a brief, written with python-docx.

Why DOCX and not PDF: a development group (*kehittäjäryhmä, järjestöareena,
kumppanuuspöytä*) edits the brief before it goes to the county — adds its own paragraph,
removes a section, attaches it to minutes. python-docx is pure Python from PyPI alone (only
``lxml``), while good PDF writers need system libraries; a PDF is one click away from the
HTML page in any browser (print → save as PDF).

The page (A4 portrait, margins) and every style come from the bundled reference document
``impactlib/templates/reference.docx`` (made by ``tools/make_reference_docx.py``): the writer
gives each paragraph, list and table a named style (:data:`STYLES`) and sets no fonts or
colours of its own, so the look is changed in one place. The demo mark is in the page header
(every page) for synthetic data; figures carry their labels as alternative text. Writes are
atomic (:mod:`impactlib._io`).

Examples
--------
>>> import tempfile, pathlib
>>> from impactlib.brief.blocks import heading, paragraph
>>> path = write_docx([[heading("Title", 1), paragraph("Why?", "question")]],
...                   pathlib.Path(tempfile.mkdtemp()) / "b.docx", title="Title")
>>> from docx import Document
>>> [(p.text, p.style.name) for p in Document(str(path)).paragraphs]
[('Title', 'Title'), ('Why?', 'Brief Question')]
"""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path

from .. import _paths
from .._io import atomic_path
from .blocks import sections_from_notebook

__all__ = ["REFERENCE_DOCX", "STYLES", "write_docx", "notebook_docx"]

#: The reference document: page setup and styles of every DOCX brief.
REFERENCE_DOCX = _paths.TEMPLATES_DIR / "reference.docx"

#: Style of each kind of content (paragraph styles by block style, then the rest).
STYLES = {
    "lead": "Brief Lead",
    "finding": "Brief Finding",
    "question": "Brief Question",
    "note": "Brief Note",
    "meta": "Brief Meta",
    "demo": "Brief Demo",
    "list": "Brief List",
    "meta_list": "Brief Meta List",
    "caption": "Brief Caption",
    "table": "Light List Accent 1",
    "table_text": "Brief Table Text",
    "table_number": "Brief Table Number",
    "table_header": "Brief Table Header",
    "header": "Brief Header",
    "footer": "Brief Footer",
}


def _cell(cell, text: str, style: str) -> None:
    p = cell.paragraphs[0]
    p.text = str(text)
    p.style = style


def _add_block(doc, block, width) -> None:
    kind = block.kind
    if kind == "heading":
        doc.add_heading(block.text, level=max(0, min(int(block.level) - 1, 3)))
    elif kind == "paragraph":
        doc.add_paragraph(block.text, style=STYLES.get(block.style, STYLES["finding"]))
    elif kind == "list":
        style = STYLES["meta_list"] if block.style == "meta" else STYLES["list"]
        for item in block.items:
            doc.add_paragraph(item, style=style)
    elif kind == "figure":
        doc.add_picture(io.BytesIO(block.png), width=width)
        shape = doc.inline_shapes[-1]
        shape._inline.docPr.set("descr", block.alt)
        shape._inline.docPr.set("title", block.text)
    elif kind == "table":
        if block.text:
            doc.add_paragraph(block.text, style=STYLES["caption"])
        tab = doc.add_table(rows=len(block.rows) + 1, cols=len(block.columns))
        tab.style = STYLES["table"]
        from docx.enum.table import WD_TABLE_ALIGNMENT

        tab.alignment = WD_TABLE_ALIGNMENT.CENTER
        for j, c in enumerate(block.columns):
            _cell(tab.rows[0].cells[j], c, STYLES["table_header"])
        for i, r in enumerate(block.rows, start=1):
            for j, v in enumerate(r):
                _cell(tab.rows[i].cells[j], v, STYLES["table_number"] if j else STYLES["table_text"])


def write_docx(sections, target, *, title: str, synthetic: bool = False, footer: str = "",
               date: str = "") -> Path:
    """Write the brief as an editable Word file, atomically.

    Parameters
    ----------
    sections : list of Section or list of list of Block
        The brief's sections in order.
    target : str or Path
    title : str
        Document title (file properties).
    synthetic : bool
        Put the demo mark in the page header (every page).
    footer : str
        Text of the page footer (source, SHA-256, version).
    date : str
        ISO date for the document properties.

    Returns
    -------
    Path
    """
    from docx import Document

    doc = Document(str(REFERENCE_DOCX))
    sec = doc.sections[0]
    if synthetic:
        from ..plots import DEMO_MARK

        hp = sec.header.paragraphs[0]
        hp.text, hp.style = DEMO_MARK, STYLES["header"]
    if footer:
        fp = sec.footer.paragraphs[0]
        fp.text, fp.style = footer, STYLES["footer"]
    width = sec.page_width - sec.left_margin - sec.right_margin
    for s in sections:
        for block in getattr(s, "blocks", s):
            _add_block(doc, block, width)
    props = doc.core_properties
    props.title = title
    props.author = "impactlib"
    props.comments = footer[:255]
    if date:
        try:
            props.created = props.modified = _dt.datetime.fromisoformat(date)
        except ValueError:
            pass
    with atomic_path(target, suffix=".docx") as tmp:
        doc.save(str(tmp))
    return Path(target)


def notebook_docx(nb, target, *, title: str, synthetic: bool = False, footer: str = "",
                  date: str = "") -> Path:
    """Write the DOCX of an executed brief notebook (the blocks it displayed), atomically.

    The same file :func:`write_docx` makes in process from the same sections.

    Parameters
    ----------
    nb : nbformat.NotebookNode
    target : str or Path
    title, synthetic, footer, date
        As in :func:`write_docx`.

    Returns
    -------
    Path
    """
    return write_docx(sections_from_notebook(nb), target, title=title, synthetic=synthetic,
                      footer=footer, date=date)
