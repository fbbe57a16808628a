"""The DOCX is the brief (issue 14): two A4 pages like the printed HTML, figures beside their
text, tables with set column widths and repeated header rows, captions as captions, the
document's own language, properties and thumbnail.

The page count is measured, not assumed: LibreOffice converts every demo brief to PDF in one
run and pypdf counts the pages and reads the text back. Only DejaVu fonts may be installed
where this runs (LibreOffice then substitutes them for the reference document's Calibri, which
is wider): the layout is measured in that worst case.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from conftest import BRIEF_DATE

from impactlib import brief
from impactlib.brief.docx import FIGURE_SHARE, REFERENCE_DOCX

pytestmark = pytest.mark.slow

#: English briefs converted beside the 22 Finnish ones: the largest and smallest areas and the
#: one the team reads first.
EN_AREAS = ("90", "18", "15")


def _soffice_pdfs(docx_paths, out):
    """Convert DOCX files to PDF with LibreOffice in one run; {stem: pdf path}."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs libreoffice-writer")
    res = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{out}/lo-profile",
         "--convert-to", "pdf", "--outdir", str(out), *map(str, docx_paths)],
        capture_output=True, text=True, timeout=600,
    )
    pdfs = {p.stem: p for p in out.glob("*.pdf")}
    if res.returncode != 0 or not pdfs:
        if "no export filter" in (res.stdout + res.stderr).lower():
            pytest.skip("LibreOffice Writer is not installed (only Calc); "
                        ".ci/run installs libreoffice-writer")
        raise AssertionError(res.stdout + res.stderr)
    return pdfs


@pytest.fixture(scope="module")
def converted(rendered, tmp_path_factory):
    """Every Finnish demo brief and three English ones as PDF: {stem: PdfReader}."""
    from pypdf import PdfReader

    en_out = tmp_path_factory.mktemp("briefs_en")
    docx = [p["docx"] for p in rendered["paths"].values()]
    for code in EN_AREAS:
        docx.append(brief.render(code, lang="en", out=en_out, date=BRIEF_DATE)["docx"])
    pdfs = _soffice_pdfs(docx, tmp_path_factory.mktemp("pdf"))
    assert len(pdfs) == len(docx)
    return {stem: PdfReader(str(p)) for stem, p in pdfs.items()}


def test_every_docx_brief_prints_on_two_a4_pages(converted):
    assert len(converted) == 22 + len(EN_AREAS)
    pages = {stem: len(r.pages) for stem, r in converted.items()}
    assert {s: n for s, n in pages.items() if n != 2} == {}
    for stem, reader in converted.items():
        box = reader.pages[0].mediabox
        # A4 = 595 × 842 pt
        assert abs(float(box.width) - 595.3) < 1 and abs(float(box.height) - 841.9) < 1, stem
        # the demo mark is in the header of both pages
        for page in reader.pages:
            assert "DEMO" in page.extract_text()[:200], stem


def _data_tables(doc):
    return [t for t in doc.tables if t.style.name != "Brief Layout"]


def test_no_word_of_a_table_is_broken_on_the_page(rendered, converted):
    """Every word of every data table (header and cells) is found whole in the PDF text:
    a column narrower than its longest word would print "Toimintamuot" + "o"."""
    from docx import Document

    checked = 0
    for code, paths in rendered["paths"].items():
        stem = paths["docx"].stem
        text = " ".join(p.extract_text() for p in converted[stem].pages)
        text = re.sub(r"\s+", " ", text)
        doc = Document(str(paths["docx"]))
        for table in _data_tables(doc):
            for row in table.rows:
                for cell in row.cells:
                    for word in re.findall(r"[A-Za-zÅÄÖåäö]{5,}", cell.text):
                        assert re.search(rf"(?<![A-Za-zÅÄÖåäö]){word}", text), (code, word)
                        checked += 1
    assert checked > 22 * 20


def test_tables_have_widths_header_rows_and_captions(rendered):
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(str(rendered["paths"]["15"]["docx"]))
    html = rendered["paths"]["15"]["html"].read_text(encoding="utf-8")
    sec = doc.sections[0]
    text_width_twips = (sec.page_width - sec.left_margin - sec.right_margin) / 635
    tables = _data_tables(doc)
    assert len(tables) == html.count("<table") > 0
    for table in tables:
        tbl = table._tbl
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        grid = [int(g.get(qn("w:w"))) for g in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(grid) - text_width_twips) <= len(grid)
        assert len(set(grid)) > 1  # not equal widths: the label column is the widest
        assert grid[0] == max(grid)
        first = tbl.tr_lst[0].trPr
        assert first is not None and first.find(qn("w:tblHeader")) is not None
        for tr in tbl.tr_lst:
            assert tr.trPr.find(qn("w:cantSplit")) is not None
        # the caption is a Caption paragraph right before its table
        prev = tbl.getprevious()
        assert prev.tag == qn("w:p")
        assert prev.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "Caption"
    styles = {s.name: s for s in Document(str(REFERENCE_DOCX)).styles}
    for name in ("Heading 1", "Heading 2", "Caption"):
        assert styles[name].paragraph_format.keep_with_next, name


def test_half_figures_stand_beside_their_text(rendered):
    """As on the printed page: each half or narrow figure sits in the right-hand cell of a
    borderless layout table, its text in the left cell, at the figure's share of the width."""
    from docx import Document

    html = rendered["paths"]["15"]["html"].read_text(encoding="utf-8")
    beside = len(re.findall(r'class="brief-figure brief-(?:half|narrow)"', html))
    assert beside >= 3
    doc = Document(str(rendered["paths"]["15"]["docx"]))
    sec = doc.sections[0]
    width = sec.page_width - sec.left_margin - sec.right_margin
    layout = [t for t in doc.tables if t.style.name == "Brief Layout"]
    with_figure = [t for t in layout if t.rows[0].cells[-1]._tc.xpath(".//pic:pic")]
    assert len(with_figure) == beside
    shares = set(FIGURE_SHARE.values())
    for t in with_figure:
        left, right = t.rows[0].cells
        assert left.text.strip() and not left._tc.xpath(".//pic:pic")
        assert any(abs(right.width / width - s) < 0.01 for s in shares)
    # figures that stand alone are full width, never wider than the text
    for shape in doc.inline_shapes:
        assert shape.width <= width


@pytest.mark.parametrize("lang,tag", [("fi", "fi-FI"), ("en", "en-GB")])
def test_language_properties_and_thumbnail_are_the_briefs_own(tmp_path, lang, tag):
    from docx import Document
    from docx.oxml.ns import qn

    path = brief.render("15", lang=lang, out=tmp_path, date=BRIEF_DATE)["docx"]
    doc = Document(str(path))
    lang_el = doc.styles.element.find(
        f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang_el.get(qn("w:val")) == tag
    assert doc.settings.element.find(qn("w:themeFontLang")).get(qn("w:val")) == tag
    props = doc.core_properties
    assert props.title == doc.paragraphs[0].text and props.language == tag
    assert props.author == "impactlib" and props.last_modified_by == "impactlib"
    assert props.created.date().isoformat() == BRIEF_DATE and props.revision == 1
    assert props.category in ("keksitty aineisto", "synthetic data")  # the demo is synthetic
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        assert "docProps/thumbnail.png" in names
        thumb = z.read("docProps/thumbnail.png")
        assert thumb[:8] == b"\x89PNG\r\n\x1a\n"
        with zipfile.ZipFile(REFERENCE_DOCX) as ref:
            assert not any(n.startswith("docProps/thumbnail") for n in ref.namelist())
        app = z.read("docProps/app.xml").decode()
        assert "impactlib" in app and "Microsoft" not in app
