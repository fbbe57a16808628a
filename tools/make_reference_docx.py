"""Write ``impactlib/templates/reference.docx``: the page and the styles of the DOCX briefs.

The brief writer (:mod:`impactlib.brief.docx`) opens this document and fills it with the
brief's blocks, giving each paragraph, list and table a named style from here, so a
development group can change the look in Word (Styles pane) or here without touching the
writer. Run from the repository::

    .venv/bin/python tools/make_reference_docx.py

and commit the file. The output is byte-identical on every run (fixed zip timestamps and
document properties). Uses python-docx only.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

TARGET = Path(__file__).resolve().parents[1] / "impactlib" / "templates" / "reference.docx"

INK = RGBColor(0x1A, 0x1A, 0x1A)
MUTED = RGBColor(0x55, 0x55, 0x55)
ACCENT = RGBColor(0x00, 0x72, 0xB2)
DEMO = RGBColor(0xB0, 0x00, 0x20)

#: Paragraph styles the writer uses: name -> (based on, size pt, bold, italic, colour, alignment).
#: The sizes follow the printed HTML page (brief.css, ``@media print``): two A4 pages.
PARAGRAPH_STYLES = {
    "Brief Lead": ("Normal", 7.2, False, False, MUTED, None),
    "Brief Finding": ("Normal", 7.5, False, False, None, None),
    "Brief Question": ("Normal", 7, False, True, MUTED, None),
    "Brief Note": ("Normal", 6.5, False, False, MUTED, None),
    "Brief Meta": ("Normal", 6.5, False, False, MUTED, None),
    "Brief Demo": ("Normal", 7.5, True, False, DEMO, None),
    "Brief List": ("List Bullet", 7.4, False, False, None, None),
    "Brief Meta List": ("List Bullet", 6.3, False, False, MUTED, None),
    "Brief Figure": ("Normal", 7, False, False, None, WD_ALIGN_PARAGRAPH.CENTER),
    "Brief Table Text": ("Normal", 7, False, False, None, None),
    "Brief Table Number": ("Normal", 7, False, False, None, WD_ALIGN_PARAGRAPH.RIGHT),
    "Brief Table Header": ("Normal", 7, True, False, None, None),
    "Brief Header": ("Header", 8, True, False, DEMO, WD_ALIGN_PARAGRAPH.RIGHT),
    "Brief Footer": ("Footer", 6, False, False, MUTED, None),
}
#: Built-in styles the writer uses, after the changes below.
BUILT_IN = ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption", "Light List Accent 1")
#: Language of the document (spell check, hyphenation); the writer sets en-GB for English.
LANGUAGE = "fi-FI"
#: ``docProps/app.xml``: the application that made the file (not the template's Word for Mac).
APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Template>reference.docx</Template><Application>impactlib (python-docx)</Application>"
    "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged><AppVersion>1.0000</AppVersion></Properties>"
)


def _spacing(style, before: float = 0, after: float = 1.5, keep: bool = False) -> None:
    pf = style.paragraph_format
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    pf.line_spacing = 1.0
    if keep:
        pf.keep_with_next = True


def build() -> bytes:
    """The reference document as bytes (deterministic)."""
    from docx.oxml.ns import qn

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)  # A4 portrait
    sec.left_margin = sec.right_margin = Cm(1.1)
    sec.top_margin, sec.bottom_margin = Cm(1.1), Cm(1.0)
    sec.header_distance, sec.footer_distance = Cm(0.5), Cm(0.4)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(7.5)
    normal.font.color.rgb = INK
    _spacing(normal)
    styles["Title"].font.size = Pt(14)
    styles["Title"].font.color.rgb = ACCENT
    _spacing(styles["Title"], 0, 2, keep=True)
    title_border = styles["Title"].element.pPr.find(qn("w:pBdr"))
    if title_border is not None:  # the template's rule under the title takes a line
        styles["Title"].element.pPr.remove(title_border)
    for name, size in (("Heading 1", 9.4), ("Heading 2", 8.6), ("Heading 3", 8)):
        styles[name].font.size = Pt(size)
        styles[name].font.color.rgb = ACCENT
        _spacing(styles[name], 2.5, 0.5, keep=True)
    caption = styles["Caption"]
    caption.font.size, caption.font.bold, caption.font.italic = Pt(7), True, False
    caption.font.color.rgb = INK
    _spacing(caption, 1, 1, keep=True)
    for name, (base, size, bold, italic, colour, align) in PARAGRAPH_STYLES.items():
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles[base]
        st.quick_style = True
        st.font.size = Pt(size)
        st.font.bold = bold
        st.font.italic = italic
        if colour is not None:
            st.font.color.rgb = colour
        if align is not None:
            st.paragraph_format.alignment = align
        _spacing(st, 0, 0 if name.startswith(("Brief Table", "Brief Figure")) else 1.5,
                 keep=name in ("Brief Question", "Brief Figure"))
    for name in ("Brief List", "Brief Meta List"):  # a narrow hanging bullet, as in print
        pf = styles[name].paragraph_format
        pf.space_after, pf.left_indent, pf.first_line_indent = Pt(0.8), Cm(0.35), Cm(-0.3)
    layout = styles.add_style("Brief Layout", WD_STYLE_TYPE.TABLE)
    layout.base_style = styles["Normal Table"]
    for name in BUILT_IN:
        styles[name]  # noqa: B018 - fails here, not in the writer, if python-docx drops one
    # the document's language: Finnish spell check and hyphenation (the writer's own function)
    from impactlib.brief.docx import set_language

    set_language(doc, "fi")
    for p in list(doc.paragraphs):  # an empty body: the writer adds everything
        p._element.getparent().remove(p._element)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by, props.comments = "", "impactlib", "impactlib", ""
    props.language = LANGUAGE
    props.revision = 1
    import datetime as dt

    props.created = props.modified = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps and order, so the bytes do not change per run."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/thumbnail.jpeg":
                continue  # the template's picture of another document; each brief draws its own
            if info.filename == "docProps/app.xml":
                data = APP_XML.encode("utf-8")
            if info.filename in ("_rels/.rels", "[Content_Types].xml"):
                data = _without_thumbnail(data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, data)
    return out.getvalue()


def _without_thumbnail(xml: bytes) -> bytes:
    """The package relationships or content types without the template's thumbnail."""
    import re

    text = xml.decode("utf-8")
    text = re.sub(r'<Relationship [^>]*Target="docProps/thumbnail\.jpeg"[^>]*/>', "", text)
    text = re.sub(r'<Default Extension="jpeg"[^>]*/>', "", text)
    text = re.sub(r'<Override PartName="/docProps/thumbnail\.jpeg"[^>]*/>', "", text)
    return text.encode("utf-8")


def main() -> int:
    data = build()
    TARGET.write_bytes(data)
    print(f"wrote {TARGET.relative_to(Path.cwd()) if TARGET.is_relative_to(Path.cwd()) else TARGET.name} "
          f"({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
