"""HTML pages of briefs, the index of briefs and notebooks, from jinja2 templates.

Blocks are read by their attributes only (this module imports nothing of the brief), so the
document model (:mod:`impactlib.brief.blocks`) can render itself through it.

The templates and the CSS are files in ``impactlib/templates/`` (``page.html.j2``,
``brief.html.j2``, ``blocks.html.j2``, ``index.html.j2``, ``notebook.html.j2``,
``brief.css``, ``notebook.css``), rendered by jinja2 with autoescaping on: every text of a
block is escaped; only the bundled CSS and the HTML nbconvert makes of our own notebooks are
marked safe. The page is self-contained: inline CSS, figures as ``data:`` URIs with their
labels as ``alt`` text, no scripts and no external resources; it prints on two A4 pages,
with the demo mark on every page for synthetic data.

Examples
--------
>>> from impactlib.brief.blocks import Block
>>> block_html(Block("paragraph", text="<5 associations & more", style="note"))
'<p class="brief-note">&lt;5 associations &amp; more</p>'
>>> t = Block("table", columns=["Area", "n"], rows=[["A", "<5"]], count_columns=[1])
>>> print(block_html(t))
<div class="brief-table-wrap" role="region" tabindex="0">
<table class="brief-table"><thead><tr><th scope="col" class="label">Area</th><th scope="col" class="count">n</th></tr></thead><tbody><tr><th scope="row" class="label">A</th><td class="count">&lt;5</td></tr></tbody></table>
</div>
"""

from __future__ import annotations

import base64
import functools
import re

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import _paths

__all__ = ["environment", "stylesheet", "render_page", "segments", "block_view", "block_html",
           "brief_page", "index_page"]


@functools.cache
def environment() -> Environment:
    """The jinja2 environment of the bundled templates (autoescaping on, undefined names fail)."""
    return Environment(loader=FileSystemLoader(str(_paths.TEMPLATES_DIR)), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


@functools.cache
def stylesheet(name: str) -> Markup:
    """A bundled style sheet (``brief.css``, ``notebook.css``), trusted as it is (our own file)."""
    return Markup((_paths.TEMPLATES_DIR / name).read_text(encoding="utf-8").strip())


def _cell_class(j: int, count: bool) -> str:
    return "count" if count else ("num" if j else "label")


#: A link inside a text: ``[text](https://…)`` (written by :func:`impactlib.brief.county.source_link`).
_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def segments(text: str) -> list[tuple[str, str]]:
    """A text cut into ``(text, url)`` pieces: ``url`` is empty for plain text, else the piece is
    a link ``[text](https://…)``.

    Examples
    --------
    >>> segments("Source: [stea.fi](https://stea.fi/x), 2024.")
    [('Source: ', ''), ('stea.fi', 'https://stea.fi/x'), (', 2024.', '')]
    """
    out, pos = [], 0
    for m in _LINK.finditer(text):
        if m.start() > pos:
            out.append((text[pos:m.start()], ""))
        out.append((m.group(1), m.group(2)))
        pos = m.end()
    if pos < len(text) or not out:
        out.append((text[pos:], ""))
    return out


def block_view(block) -> dict:
    """What the block template needs: texts (cut into plain and link pieces), cell classes
    (``label``, ``num``, ``count``), the heading level clipped to 1–4, the figure as a ``data:``
    URI."""
    v = {"kind": block.kind, "text": block.text, "style": block.style, "pieces": segments(block.text)}
    if block.kind == "heading":
        v["level"] = min(max(int(block.level), 1), 4)
    elif block.kind == "list":
        v["entries"] = [segments(item) for item in block.items]
    elif block.kind == "table":
        cc, cr = set(block.count_columns), set(block.count_rows)
        v.update(caption=block.text, additive=block.additive,
                 head=[(_cell_class(j, j in cc), c) for j, c in enumerate(block.columns)],
                 rows=[[(_cell_class(j, j in cc or (j > 0 and i in cr)), x) for j, x in enumerate(r)]
                       for i, r in enumerate(block.rows)])
    elif block.kind == "figure":
        v.update(caption=block.text, alt=block.alt, layout=block.style,
                 src="data:image/png;base64," + base64.b64encode(block.png).decode("ascii"))
    return v


def block_html(block) -> str:
    """One block as an HTML fragment (``blocks.html.j2``; count cells ``class="count"``)."""
    macro = environment().get_template("blocks.html.j2").module.block
    return str(macro(block_view(block)))


def _demo_mark(synthetic: bool, lang: str = "fi") -> str:
    if not synthetic:
        return ""
    from ..plots import DEMO_MARKS

    return DEMO_MARKS[lang]


def render_page(template: str, *, title: str, lang: str, css: Markup, synthetic: bool,
                **values) -> str:
    """Render a page template (one that extends ``page.html.j2``) with the page's common values:
    title, language, inline CSS, the demo banner for synthetic data, the library version."""
    from .. import __version__

    return environment().get_template(template).render(
        title=title, lang=lang, css=css, demo_mark=_demo_mark(synthetic, lang), version=__version__,
        **values)


def brief_page(sections, *, title: str, lang: str = "fi", synthetic: bool = False) -> str:
    """The HTML page of a brief.

    Parameters
    ----------
    sections : list of Section or list of list of Block
        The brief's sections in order (each kept together on a printed page).
    title : str
        Page title.
    lang : {"fi", "en"}
        Language of the page (``<html lang>``).
    synthetic : bool
        Add the fixed demo banner (repeated on every printed page).

    Returns
    -------
    str
    """
    views = [[block_view(b) for b in getattr(s, "blocks", s)] for s in sections]
    return render_page("brief.html.j2", title=title, lang=lang, css=stylesheet("brief.css"),
                       synthetic=synthetic, sections=views)


def index_page(rows, *, lang: str = "fi") -> str:
    """The index of rendered briefs.

    Parameters
    ----------
    rows : list of dict
        ``{"code", "name", "files": [(kind, file name), …]}`` per area.
    lang : {"fi", "en"}
    """
    from ..i18n import phrase

    title = phrase("index_title", lang)
    return render_page("index.html.j2", title=title, lang=lang, css=stylesheet("brief.css"),
                       synthetic=False, rows=rows, code_label=phrase("col_code", lang), area_label=phrase("col_area", lang),
                       files_label=phrase("col_files", lang))
