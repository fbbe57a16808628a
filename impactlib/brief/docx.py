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

__all__ = ["REFERENCE_DOCX", "STYLES", "column_widths", "set_language", "thumbnail", "write_docx",
           "notebook_docx"]

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
    "caption": "Caption",
    "figure": "Brief Figure",
    "layout": "Brief Layout",
    "table": "Light List Accent 1",
    "table_text": "Brief Table Text",
    "table_number": "Brief Table Number",
    "table_header": "Brief Table Header",
    "header": "Brief Header",
    "footer": "Brief Footer",
}


#: Width of a figure beside the text, as a share of the text width (a little narrower than the
#: print page's ``figure.brief-half`` 34 % and ``figure.brief-narrow`` 31 %: the DOCX margins
#: are wider than the print page's).
FIGURE_SHARE = {"half": 0.31, "narrow": 0.28}
#: Lists set in two columns, as in print (``columns: 2`` in ``brief.css``).
TWO_COLUMN_LISTS = ("facts", "questions", "limits")
#: Document language by brief language (``w:lang``: Word's spell check and hyphenation).
LANGUAGES = {"fi": "fi-FI", "en": "en-GB"}

_TWIPS_PER_EMU = 1 / 635


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn("w:" + tag)


def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement

    el = OxmlElement("w:" + tag)
    for k, v in attrs.items():
        el.set(_w(k), str(v))
    return el


def _cell(cell, text: str, style: str) -> None:
    p = cell.paragraphs[0]
    p.text = str(text)
    p.style = style


def _hyperlink(paragraph, text: str, url: str) -> None:
    """Append a hyperlink run (python-docx has no API for one: the ``w:hyperlink`` element is
    written with the document part's external relationship)."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = _el("hyperlink")
    link.set(qn("r:id"), r_id)
    run = _el("r")
    props = _el("rPr")
    props.append(_el("u", val="single"))
    run.append(props)
    t = _el("t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _add_text(container, text: str, style: str, *, first=None):
    """A paragraph whose ``[text](https://…)`` pieces are hyperlinks. ``container`` is the
    document or a table cell; ``first`` an empty paragraph to fill instead of adding one."""
    from .html import segments

    p = first if first is not None else container.add_paragraph("", style=style)
    p.style = style
    for piece, url in segments(text):
        if url:
            _hyperlink(p, piece, url)
        elif piece:
            p.add_run(piece)
    return p


def _fixed_table(table, widths) -> None:
    """Fixed column widths (EMU) in the grid and in every cell: Word reads ``w:tcW``,
    LibreOffice ``w:gridCol``; a fixed layout keeps both from re-flowing the columns."""
    from docx.shared import Emu

    table.autofit = False
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(_w("tblLayout")):
        tbl_pr.remove(old)
    tbl_pr.append(_el("tblLayout", type="fixed"))
    for old in tbl_pr.findall(_w("tblW")):
        tbl_pr.remove(old)
    tbl_pr.append(_el("tblW", w=int(sum(widths) * _TWIPS_PER_EMU), type="dxa"))
    for col, grid, wd in zip(table.columns, table._tbl.tblGrid.findall(_w("gridCol")), widths,
                             strict=True):
        grid.set(_w("w"), str(int(wd * _TWIPS_PER_EMU)))
        col.width = Emu(int(wd))
    for row in table.rows:
        for cell, wd in zip(row.cells, widths, strict=True):
            cell.width = Emu(int(wd))


def _row_props(row, *, header: bool = False) -> None:
    """A row never split over two pages; a header row repeated on each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(_el("cantSplit"))
    if header:
        tr_pr.append(_el("tblHeader"))


def column_widths(columns, rows, total: int, *, char: int = 60_000, pad: int = 150_000) -> list[int]:
    """Column widths (EMU) summing to ``total``: no column narrower than its longest word
    (a word is never broken, e.g. "Toimintamuoto"), the rest shared by how long the cells are;
    when every cell fits on one line the spare width goes to the first (label) column.

    Parameters
    ----------
    columns : list of str
    rows : list of list of str
    total : int
        Table width in EMU.
    char, pad : int
        Width of one character of the table text and the cell's left and right padding, in
        EMU. 60 000 EMU (0,17 cm) is a bold character of 7 pt DejaVu Sans, the widest font
        LibreOffice substitutes for the reference document's Calibri: a word that fits then
        fits in Word too.

    Returns
    -------
    list of int

    Examples
    --------
    >>> column_widths(["Toimintamuoto", "n"], [["Vertaistuki", "1 234"]], 3_000_000)
    [2550000, 450000]
    """
    texts = [[str(c)] + [str(r[j]) for r in rows] for j, c in enumerate(columns)]
    # a header breaks between words; a value cell (numbers, intervals) is never broken
    word = [max([len(w) for w in (str(c).split() or [""])]
                + [len(str(r[j])) if j else max(len(w) for w in (str(r[j]).split() or [""]))
                   for r in rows]) * char + pad for j, c in enumerate(columns)]
    want = [max(len(t) for t in col) * char + pad for col in texts]
    if sum(word) >= total:
        scale = total / sum(word)
        return [int(w * scale) for w in word]
    spare = total - sum(word)
    extra = [max(0, a - b) for a, b in zip(want, word, strict=True)]
    grow = sum(extra)
    if grow <= spare:  # everything fits on one line: the rest goes to the first (label) column
        widths = [w + e for w, e in zip(word, extra, strict=True)]
        widths[0] += spare - grow
    else:
        widths = [w + int(spare * e / grow) for w, e in zip(word, extra, strict=True)]
    widths[0] += total - sum(widths)
    return widths


def _add_table(doc, block, width: int) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT

    if block.text:
        doc.add_paragraph(block.text, style=STYLES["caption"])
    tab = doc.add_table(rows=len(block.rows) + 1, cols=len(block.columns))
    tab.style = STYLES["table"]
    tab.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_table(tab, column_widths(block.columns, block.rows, width))
    for j, c in enumerate(block.columns):
        _cell(tab.rows[0].cells[j], c, STYLES["table_header"])
    _row_props(tab.rows[0], header=True)
    for i, r in enumerate(block.rows, start=1):
        for j, v in enumerate(r):
            _cell(tab.rows[i].cells[j], v, STYLES["table_number"] if j else STYLES["table_text"])
        _row_props(tab.rows[i])


def _layout_table(doc, widths):
    """A borderless table that places blocks side by side (style ``Brief Layout``); its row
    may continue on the next page, as a floated figure's text does on the HTML page."""
    tab = doc.add_table(rows=1, cols=len(widths))
    tab.style = STYLES["layout"]
    _fixed_table(tab, widths)
    return tab


def _fill(cell, blocks) -> None:
    """Paragraphs and lists into a layout cell (its first, empty paragraph is used first)."""
    first = cell.paragraphs[0]
    for block in blocks:
        texts = [block.text] if block.kind == "paragraph" else list(block.items)
        style = (STYLES.get(block.style, STYLES["finding"]) if block.kind == "paragraph"
                 else STYLES["meta_list"] if block.style == "meta" else STYLES["list"])
        for text in texts:
            _add_text(cell, text, style, first=first)
            first = None


def _picture(run_container, block, width: int) -> None:
    """The figure's PNG at ``width``, with its caption as title and its data as description."""
    from docx.shared import Emu

    run = run_container.add_run()
    shape = run.add_picture(io.BytesIO(block.png), width=Emu(int(width)))
    shape._inline.docPr.set("descr", block.alt)
    shape._inline.docPr.set("title", block.text)


def _add_figure(doc, block, width: int, beside=()) -> None:
    """A figure: full width, or at its share of the width with ``beside`` (paragraphs and lists)
    to its left, as the printed HTML page floats it. As in print, the figure's own title names
    it: the caption is the picture's title (``docPr/@title``, read by screen readers and shown
    by Word as alternative text), its data the description (``docPr/@descr``)."""
    share = FIGURE_SHARE.get(block.style)
    fig_w = width if share is None else int(width * share)
    if share is None or not beside:
        _picture(doc.add_paragraph(style=STYLES["figure"]), block, fig_w)
        return
    tab = _layout_table(doc, [width - fig_w, fig_w])
    left, right = tab.rows[0].cells
    _fill(left, beside)
    p = right.paragraphs[0]
    p.style = STYLES["figure"]
    _picture(p, block, fig_w - 140_000)  # inside the cell's padding


def _add_list(doc, block, width: int) -> None:
    style = STYLES["meta_list"] if block.style == "meta" else STYLES["list"]
    items = list(block.items)
    if block.style in TWO_COLUMN_LISTS and len(items) > 1:
        # two columns of about equal length, in reading order down the first column
        sizes = [len(t) + 60 for t in items]
        cut, run = 1, sizes[0]
        while cut < len(items) - 1 and run + sizes[cut] / 2 < sum(sizes) / 2:
            run += sizes[cut]
            cut += 1
        tab = _layout_table(doc, [width // 2, width - width // 2])
        for cell, part in zip(tab.rows[0].cells, (items[:cut], items[cut:]), strict=True):
            _fill(cell, [type(block)("list", items=part, style=block.style)])
        return
    for item in items:
        _add_text(doc, item, style)


def _add_section(doc, blocks, width: int) -> None:
    """One section's blocks in order; a half or narrow figure takes the paragraphs and lists
    that follow it (up to the next heading, table or figure) beside it."""
    i = 0
    while i < len(blocks):
        block = blocks[i]
        kind = block.kind
        if kind == "figure":
            j = i + 1
            while j < len(blocks) and blocks[j].kind in ("paragraph", "list") \
                    and block.style in FIGURE_SHARE:
                j += 1
            _add_figure(doc, block, width, blocks[i + 1:j])
            i = j
            continue
        if kind == "heading":
            doc.add_heading(block.text, level=max(0, min(int(block.level) - 1, 3)))
        elif kind == "paragraph":
            _add_text(doc, block.text, STYLES.get(block.style, STYLES["finding"]))
        elif kind == "list":
            _add_list(doc, block, width)
        elif kind == "table":
            _add_table(doc, block, width)
        i += 1


def set_language(doc, lang: str) -> str:
    """Set the document's language (``w:lang`` of the default run properties and of the theme
    fonts) for spell check and hyphenation: fi-FI, or en-GB for an English brief; also used by
    ``tools/make_reference_docx.py``. Returns the language tag.

    Examples
    --------
    >>> from docx import Document
    >>> set_language(Document(str(REFERENCE_DOCX)), "en")
    'en-GB'
    """
    tag = LANGUAGES.get(lang, lang)
    styles = doc.styles.element
    rpr = styles.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
    el = rpr.find(_w("lang"))
    if el is None:
        el = _el("lang")
        rpr.append(el)
    el.set(_w("val"), tag)
    el.set(_w("eastAsia"), tag)
    settings = doc.settings.element
    theme = settings.find(_w("themeFontLang"))
    if theme is not None:
        theme.set(_w("val"), tag)
    return tag


def thumbnail(title: str, figure_png: bytes = b"", *, synthetic: bool = False) -> bytes:
    """A small PNG of the first page's look (title, first figure, demo mark) for the file
    browser, drawn with matplotlib.

    Examples
    --------
    >>> thumbnail("Näyttökooste")[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    import textwrap

    from matplotlib.figure import Figure

    fig = Figure(figsize=(2.1, 2.97), dpi=60)
    fig.patch.set_facecolor("white")
    fig.text(0.08, 0.93, "\n".join(textwrap.wrap(title, 26)[:3]), fontsize=9, color="#0072B2",
             va="top", weight="bold")
    if synthetic:
        from ..plots import DEMO_MARK

        fig.text(0.08, 0.70, DEMO_MARK.split(":")[0], fontsize=7, color="#b00020", va="top",
                 weight="bold")
    if figure_png:
        import matplotlib.image as mpimg

        img = mpimg.imread(io.BytesIO(figure_png), format="png")
        ax = fig.add_axes((0.08, 0.12, 0.84, 0.52))
        ax.imshow(img)
        ax.set_axis_off()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _set_thumbnail(doc, png: bytes) -> None:
    """Replace any thumbnail the template has by ``png`` (``docProps/thumbnail.png``)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    pkg = doc.part.package
    for r_id, rel in list(pkg.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del pkg.rels[r_id]
    pkg.relate_to(Part(PackURI("/docProps/thumbnail.png"), "image/png", png, pkg), RT.THUMBNAIL)


def write_docx(sections, target, *, title: str, synthetic: bool = False, footer: str = "",
               date: str = "", lang: str = "fi") -> Path:
    """Write the brief as an editable Word file, atomically.

    The layout follows the printed HTML page: A4 with the reference document's margins, half
    and narrow figures beside their text (a borderless layout table), facts, questions and
    limits in two columns, data tables with fixed column widths (no word broken) and a header
    row repeated on each page, captions in Word's Caption style, headings kept with what
    follows. The language (``w:lang``) is fi-FI, or en-GB for English; the core properties and
    the thumbnail are the brief's own. ``tests/test_brief_docx.py`` converts the 22 demo briefs
    with LibreOffice and counts two pages each.

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
    lang : {"fi", "en"}
        Language of the brief (the document's spell-check language).

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
    width = int(sec.page_width - sec.left_margin - sec.right_margin)
    first_png = b""
    for s in sections:
        blocks = list(getattr(s, "blocks", s))
        first_png = first_png or next((b.png for b in blocks if b.kind == "figure"), b"")
        _add_section(doc, blocks, width)
    tag = set_language(doc, lang)
    props = doc.core_properties
    props.title = title
    props.subject = title.split(":")[-1].strip()
    props.author = props.last_modified_by = "impactlib"
    props.keywords = "; ".join(KEYWORDS.get(lang, KEYWORDS["fi"]))
    props.category = KEYWORDS.get(lang, KEYWORDS["fi"])[-1] if synthetic else ""
    props.language = tag
    props.comments = footer[:255]
    props.revision = 1
    if date:
        try:
            props.created = props.modified = _dt.datetime.fromisoformat(date)
        except ValueError:
            pass
    _set_thumbnail(doc, thumbnail(title, first_png, synthetic=synthetic))
    with atomic_path(target, suffix=".docx") as tmp:
        doc.save(str(tmp))
    return Path(target)


#: Keywords of the document properties; the last one is the demo mark's category.
KEYWORDS = {
    "fi": ["sote-järjestöt", "hyvinvointialue", "näyttökooste", "impactlib", "keksitty aineisto"],
    "en": ["social and health associations", "wellbeing services county", "evidence brief",
           "impactlib", "synthetic data"],
}


def notebook_docx(nb, target, *, title: str, synthetic: bool = False, footer: str = "",
                  date: str = "", lang: str = "fi") -> Path:
    """Write the DOCX of an executed brief notebook (the blocks it displayed), atomically.

    The same file :func:`write_docx` makes in process from the same sections.

    Parameters
    ----------
    nb : nbformat.NotebookNode
    target : str or Path
    title, synthetic, footer, date, lang
        As in :func:`write_docx`.

    Returns
    -------
    Path
    """
    return write_docx(sections_from_notebook(nb), target, title=title, synthetic=synthetic,
                      footer=footer, date=date, lang=lang)
