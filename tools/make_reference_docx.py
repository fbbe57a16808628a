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
PARAGRAPH_STYLES = {
    "Brief Lead": ("Normal", 10, False, False, None, None),
    "Brief Finding": ("Normal", 10, False, False, None, None),
    "Brief Question": ("Normal", 10, False, True, MUTED, None),
    "Brief Note": ("Normal", 8, False, False, MUTED, None),
    "Brief Meta": ("Normal", 8, False, False, MUTED, None),
    "Brief Demo": ("Normal", 10, True, False, DEMO, None),
    "Brief List": ("List Bullet", 10, False, False, None, None),
    "Brief Meta List": ("List Bullet", 8, False, False, MUTED, None),
    "Brief Caption": ("Normal", 9, True, False, None, None),
    "Brief Table Text": ("Normal", 8.5, False, False, None, None),
    "Brief Table Number": ("Normal", 8.5, False, False, None, WD_ALIGN_PARAGRAPH.RIGHT),
    "Brief Table Header": ("Normal", 8.5, True, False, None, None),
    "Brief Header": ("Header", 9, True, False, DEMO, WD_ALIGN_PARAGRAPH.RIGHT),
    "Brief Footer": ("Footer", 7, False, False, MUTED, None),
}
#: Built-in styles the writer uses as they are, after the changes below.
BUILT_IN = ("Title", "Heading 1", "Heading 2", "Heading 3", "Light List Accent 1")


def build() -> bytes:
    """The reference document as bytes (deterministic)."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)  # A4 portrait
    sec.left_margin = sec.right_margin = Cm(1.8)
    sec.top_margin, sec.bottom_margin = Cm(1.6), Cm(1.5)
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    normal.font.color.rgb = INK
    styles["Title"].font.size = Pt(18)
    styles["Title"].font.color.rgb = ACCENT
    styles["Heading 1"].font.size = Pt(12)
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
    for name in BUILT_IN:
        styles[name]  # noqa: B018 - fails here, not in the writer, if python-docx drops one
    for p in list(doc.paragraphs):  # an empty body: the writer adds everything
        p._element.getparent().remove(p._element)
    props = doc.core_properties
    props.title, props.author, props.last_modified_by, props.comments = "", "impactlib", "impactlib", ""
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
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def main() -> int:
    data = build()
    TARGET.write_bytes(data)
    print(f"wrote {TARGET.relative_to(Path.cwd()) if TARGET.is_relative_to(Path.cwd()) else TARGET.name} "
          f"({len(data):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
