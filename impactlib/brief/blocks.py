"""The document model of a brief: blocks (heading, paragraph, list, figure, table) in sections.

A brief is a list of :class:`Section` objects, each a list of :class:`Block` objects. A
block knows its content only: text, table cells already formatted and suppressed, a figure as
PNG bytes with its labels as alternative text. Writers turn blocks into an HTML page
(:mod:`impactlib.brief.html`) or an editable Word file (:mod:`impactlib.brief.docx`); in a
notebook a section displays itself block by block, each block carrying its JSON form under
:data:`BLOCK_MIME`, from which :func:`blocks_from_notebook` reads the blocks back.

Examples
--------
>>> b = Block("table", text="Key figures", columns=["Indicator", "n"], rows=[["Associations", "<5"]],
...           count_columns=[1])
>>> b.to_json()["rows"]
[['Associations', '<5']]
>>> Block.from_json(b.to_json()) == b
True
>>> print(Section("field", "Field", [heading("Field"), paragraph("Text.")]).text())
## Field
<BLANKLINE>
Text.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field

__all__ = ["BLOCK_MIME", "KINDS", "Block", "Section", "heading", "paragraph", "blocks_from_notebook",
           "sections_from_notebook"]

#: MIME type of the JSON form of a block in a notebook's outputs.
BLOCK_MIME = "application/vnd.impactlib.block+json"
#: The kinds of block.
KINDS = ("heading", "paragraph", "list", "figure", "table")


@dataclass
class Block:
    """One piece of a brief: a heading, a paragraph, a list, a figure or a table.

    Attributes
    ----------
    kind : {"heading", "paragraph", "list", "figure", "table"}
    text : str
        Heading or paragraph text; for a figure or a table its caption.
    level : int
        Heading level (1 = the brief's title).
    style : str
        Paragraph or list style: ``lead``, ``question``, ``finding``, ``note``, ``meta``,
        ``demo``, ``limits``; for a figure its layout (``full``, ``half`` or ``narrow`` width).
    items : list of str
        List items.
    png : bytes
        The figure as PNG.
    alt : str
        The figure's text (caption, title, labels, legend) for screen readers and for the
        disclosure scan.
    columns : list of str
        Table header.
    rows : list of list of str
        Table cells, already formatted and suppressed.
    count_columns : list of int
        Columns holding counts of people or associations.
    count_rows : list of int
        Rows whose value cells (all but the first column) are such counts.
    additive : str
        ``"columns"`` when the rows add up to a total (complementary suppression applies down
        each count column), else ``""``.
    """

    kind: str
    text: str = ""
    level: int = 2
    style: str = "finding"
    items: list = field(default_factory=list)
    png: bytes = b""
    alt: str = ""
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    count_columns: list = field(default_factory=list)
    count_rows: list = field(default_factory=list)
    additive: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}; one of {KINDS}")

    def to_json(self) -> dict:
        """The block as JSON (no PNG: in a notebook the figure travels as ``image/png``)."""
        d = {"type": self.kind}
        if self.kind == "heading":
            d.update(text=self.text, level=self.level)
        elif self.kind == "paragraph":
            d.update(text=self.text, style=self.style)
        elif self.kind == "list":
            d.update(items=list(self.items), style=self.style)
        elif self.kind == "figure":
            d.update(caption=self.text, alt=self.alt, layout=self.style)
        else:
            d.update(caption=self.text, columns=list(self.columns), rows=[list(r) for r in self.rows],
                     count_columns=list(self.count_columns), count_rows=list(self.count_rows),
                     additive=self.additive)
        return d

    @classmethod
    def from_json(cls, d: dict, png: bytes = b"") -> Block:
        """The block back from :meth:`to_json` (and, for a figure, its PNG bytes)."""
        kind = d["type"]
        if kind == "heading":
            return cls(kind, text=d["text"], level=int(d["level"]))
        if kind == "paragraph":
            return cls(kind, text=d["text"], style=d.get("style", "finding"))
        if kind == "list":
            return cls(kind, items=list(d["items"]), style=d.get("style", "finding"))
        if kind == "figure":
            return cls(kind, text=d.get("caption", ""), alt=d.get("alt", ""),
                       style=d.get("layout", "full"), png=png)
        return cls(kind, text=d.get("caption", ""), columns=list(d["columns"]),
                   rows=[list(r) for r in d["rows"]], count_columns=list(d.get("count_columns", [])),
                   count_rows=list(d.get("count_rows", [])), additive=d.get("additive", ""))

    def to_html(self) -> str:
        """The block as an HTML fragment (:func:`impactlib.brief.html.block_html`)."""
        from .html import block_html

        return block_html(self)

    def to_text(self) -> str:
        """Plain text (what ``text/plain`` shows and nbval compares)."""
        if self.kind == "heading":
            return "#" * self.level + " " + self.text
        if self.kind == "paragraph":
            return self.text
        if self.kind == "list":
            return "\n".join(f"- {i}" for i in self.items)
        if self.kind == "figure":
            return f"[{self.text}]"
        widths = [max(len(str(c)), *(len(str(r[j])) for r in self.rows)) if self.rows else len(str(c))
                  for j, c in enumerate(self.columns)]
        lines = [self.text] if self.text else []
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(self.columns, widths, strict=True)))
        lines += ["  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)) for r in self.rows]
        return "\n".join(lines)

    def bundle(self) -> tuple[dict, dict]:
        """MIME bundle and metadata for :func:`IPython.display.display`."""
        data = {"text/plain": self.to_text(), BLOCK_MIME: self.to_json()}
        meta = {}
        if self.kind == "figure":
            data["image/png"] = base64.b64encode(self.png).decode("ascii")
            meta = {"image/png": {"alt": self.alt}}
        else:
            data["text/html"] = self.to_html()
        return data, meta


@dataclass
class Section:
    """A section of a brief: its blocks, displayed in order in a notebook.

    Attributes
    ----------
    key : str
        One of :data:`impactlib.brief.SECTIONS`.
    title : str
    blocks : list of Block
    """

    key: str
    title: str
    blocks: list

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for b in self.blocks:
            data, meta = b.bundle()
            display(data, raw=True, metadata={**meta, BLOCK_MIME: {"section": self.key}})

    def text(self) -> str:
        """The section as plain text."""
        return "\n\n".join(b.to_text() for b in self.blocks)

    def __repr__(self) -> str:
        return f"<Section {self.key!r}: {self.title!r}, {len(self.blocks)} blocks>"


def heading(text: str, level: int = 2) -> Block:
    """A heading block (level 1 is the brief's title)."""
    return Block("heading", text=text, level=level)


def paragraph(text: str, style: str = "finding") -> Block:
    """A paragraph block."""
    return Block("paragraph", text=text, style=style)


def _displayed_blocks(nb):
    """(section key, block) for every block the notebook displayed, in order."""
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            if BLOCK_MIME in data:
                png = base64.b64decode(data["image/png"]) if "image/png" in data else b""
                block = data[BLOCK_MIME]
                d = json.loads(block) if isinstance(block, str) else dict(block)
                key = o.get("metadata", {}).get(BLOCK_MIME, {}).get("section", f"cell{i}")
                yield key, Block.from_json(d, png)


def sections_from_notebook(nb) -> list[Section]:
    """The sections an executed brief notebook displayed, in order.

    Each block carries its section's key in its output metadata (``{BLOCK_MIME: {"section":
    key}}``, written by :meth:`Section._ipython_display_`); the title is the section's first
    heading.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed brief notebook (figures as ``image/png`` beside their JSON).

    Returns
    -------
    list of Section
    """
    out: list[Section] = []
    for key, block in _displayed_blocks(nb):
        if not out or out[-1].key != key:
            out.append(Section(key, block.text if block.kind == "heading" else "", []))
        out[-1].blocks.append(block)
    return out


def blocks_from_notebook(nb) -> list[Block]:
    """The blocks an executed brief notebook displayed, in order (from :data:`BLOCK_MIME`).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed brief notebook (figures as ``image/png`` beside their JSON).

    Returns
    -------
    list of Block

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook()
    >>> data, _ = paragraph("Hei.").bundle()
    >>> nb.cells = [nbformat.v4.new_code_cell(outputs=[nbformat.v4.new_output("display_data", data)])]
    >>> blocks_from_notebook(nb)[0].text
    'Hei.'
    """
    return [b for s in sections_from_notebook(nb) for b in s.blocks]
