"""Figures of a brief: drawn by :mod:`impactlib.plots` in the house style, laid out for half
or full page width, and kept as PNG with their texts as alternative text.

No statistics here: the plot functions draw results computed elsewhere, and these helpers
only size and label the figure. Uses matplotlib's object-oriented API (no pyplot), so nothing
is shown or kept open by itself.

Examples
--------
>>> fig, (ax,) = new_figure(3, 2)
>>> _ = ax.set_title("Fields")
>>> _ = ax.set_xticks([]), ax.set_yticks([])
>>> b = figure_block(fig, "Caption", "half")
>>> b.kind, b.style, b.png[:4], b.alt
('figure', 'half', b'\\x89PNG', 'Caption — Fields')
"""

from __future__ import annotations

import io
import textwrap

from .blocks import Block

__all__ = ["new_figure", "figure_texts", "figure_values", "figure_block", "half_width_bars",
           "overlaps", "greyscale_clashes"]

#: Resolution of the PNG in the brief.
DPI = 150


def new_figure(width: float, height: float, ncols: int = 1):
    """A figure of ``width`` × ``height`` inches in the house style, with ``ncols`` axes."""
    from matplotlib.figure import Figure

    from ..plots import house_style

    with house_style():
        fig = Figure(figsize=(width, height), dpi=100)
        axes = [fig.add_subplot(1, ncols, i + 1) for i in range(ncols)]
    return fig, axes


def figure_texts(fig) -> str:
    """Every visible text of a figure once, in drawing order, joined with `` · ``."""
    from matplotlib.text import Text

    seen, out = set(), []
    for txt in fig.findobj(Text):
        s = txt.get_text().strip()
        if s and txt.get_visible() and s not in seen:
            seen.add(s)
            out.append(s)
    return " · ".join(out)


def _hidden_labels() -> set:
    from .. import labels as catalogue

    return {catalogue.text("hidden", lang) for lang in ("fi", "en")}


def figure_values(fig) -> str:
    """The values a bar figure shows, read from its bars, as text for the alternative text.

    For every bar of every :class:`~matplotlib.container.BarContainer` (``ax.bar`` /
    ``ax.barh``): the category (the tick label nearest the bar's centre on the category axis),
    the series (the container's legend label) and the bar's length formatted by the value axis'
    own formatter (so ``20 %`` in Finnish where the axis shows percentages). Bars of length 0
    are left out; the grey segment of suppressed cells is named without a value, and a bar whose
    ``gid`` is ``"suppressed"`` (drawn empty for a hidden cell) reads ``<5 / x``. Categories are
    listed in tick order, ``category: series value, …`` and ``;`` between
    categories. Figures without bars give ``""`` (then :func:`figure_block` uses
    :func:`figure_texts`).

    Examples
    --------
    >>> fig, (ax,) = new_figure(3, 2)
    >>> _ = ax.barh([0, 1], [0.25, 0.5], label="Kainuu")
    >>> _ = ax.barh([0, 1], [0.2, 0.0], left=[0.25, 0.5], label="koko maa")
    >>> _ = ax.set_yticks([0, 1], ["first", "second"])
    >>> from impactlib.plots._style import percent_axis
    >>> percent_axis(ax, "x")
    >>> figure_values(fig)
    'first: Kainuu 25\xa0%, koko maa 20\xa0%; second: Kainuu 50\xa0%'
    """
    import numpy as np
    from matplotlib.container import BarContainer

    from ..disclosure import SECONDARY, SMALL

    hidden = _hidden_labels()
    found: list[tuple[int, str, str]] = []
    for ax in fig.axes:
        for cont in ax.containers:
            if not isinstance(cont, BarContainer):
                continue
            series = cont.get_label() or ""
            series = "" if series.startswith("_") else series.replace("\n", " ")
            horizontal = cont.orientation == "horizontal"
            cat_axis, value_axis = (ax.yaxis, ax.xaxis) if horizontal else (ax.xaxis, ax.yaxis)
            ticks = np.asarray(cat_axis.get_majorticklocs(), dtype=float)
            names = [t.get_text().replace("\n", " ") for t in cat_axis.get_ticklabels()]
            fmt = value_axis.get_major_formatter()
            for bar in cont.patches:
                v = bar.get_width() if horizontal else bar.get_height()
                suppressed = bar.get_gid() == "suppressed"
                if not suppressed and (not v or not np.isfinite(v)):
                    continue
                centre = (bar.get_y() + bar.get_height() / 2 if horizontal
                          else bar.get_x() + bar.get_width() / 2)
                j = int(np.argmin(np.abs(ticks - centre))) if len(ticks) else -1
                cat = names[j] if 0 <= j < len(names) and abs(ticks[j] - centre) <= 0.5 else ""
                if suppressed:
                    shown = f"{series} {SMALL} / {SECONDARY}".strip()
                elif series in hidden:
                    shown = series
                else:
                    shown = f"{series} {fmt(v, None)}".strip()
                found.append((j, cat, shown))
    out: dict[str, list[str]] = {}
    for _, cat, shown in sorted(found, key=lambda f: f[0]):  # categories in tick order
        out.setdefault(cat, []).append(shown)
    return "; ".join((f"{c}: " if c else "") + ", ".join(v) for c, v in out.items())


def overlaps(fig, *, tolerance: float = 1.0) -> list[tuple[str, str]]:
    """Pairs of things that overlap on a drawn figure: two visible texts, or the legend and a bar.

    Draws the figure with matplotlib's Agg renderer and compares the window extents (in pixels
    at the figure's dpi) of every visible, non-empty :class:`~matplotlib.text.Text` (titles, tick
    labels, legend entries, annotations), and of the legend box with every bar
    (:class:`~matplotlib.patches.Rectangle` of an Axes' ``patches``). Overlaps of at most
    ``tolerance`` pixels in either direction are ignored (anti-aliased edges). A text inside its
    own legend is compared with other texts, not with the legend box.

    Returns
    -------
    list of (str, str)
        The two texts (a bar as ``"bar"``, the legend as ``"legend"``), first 40 characters each.

    Examples
    --------
    >>> fig, (ax,) = new_figure(3, 2)
    >>> _ = ax.text(0.1, 0.5, "first label"), ax.text(0.12, 0.5, "second label")
    >>> overlaps(fig)
    [('first label', 'second label')]
    """
    import itertools

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    r = canvas.get_renderer()
    boxes = [(t.get_text().strip()[:40], t.get_window_extent(r)) for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.figure is not None]

    def hit(a, b) -> bool:
        return (min(a.x1, b.x1) - max(a.x0, b.x0) > tolerance
                and min(a.y1, b.y1) - max(a.y0, b.y0) > tolerance)

    out = [(a, b) for (a, ba), (b, bb) in itertools.combinations(boxes, 2) if hit(ba, bb)]
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None or not legend.get_visible():
            continue
        lb = legend.get_window_extent(r)
        out += [("legend", "bar") for p in ax.patches
                if p.get_visible() and p.get_width() and hit(lb, p.get_window_extent(r))][:1]
    return out


def _grey(rgba) -> float:
    """Lightness of a colour printed in greyscale: luma Y' = 0.299 R + 0.587 G + 0.114 B
    (ITU-R BT.601, the conversion of most printers' and viewers' greyscale modes)."""
    r, g, b = rgba[:3]
    return 0.299 * r + 0.587 * g + 0.114 * b


def greyscale_clashes(fig, *, min_difference: float = 0.1) -> list[tuple[str, str]]:
    """Legend entries of a figure that print alike in greyscale.

    Two filled legend entries clash when their greys (:func:`_grey`) differ by less than
    ``min_difference`` (0–1) and they carry the same hatch pattern.

    Returns
    -------
    list of (str, str)
        The labels of each clashing pair.

    Examples
    --------
    >>> fig, (ax,) = new_figure(3, 2)
    >>> _ = ax.bar([0], [1], color="#E69F00", label="municipality")
    >>> _ = ax.bar([1], [1], color="#56B4E9", label="other public")
    >>> _ = ax.bar([2], [1], color="#56B4E9", hatch="/", label="hatched")
    >>> _ = ax.legend()
    >>> greyscale_clashes(fig)
    [('municipality', 'other public')]
    """
    import itertools

    out = []
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        entries = [(t.get_text(), _grey(h.get_facecolor()), h.get_hatch() or "")
                   for h, t in zip(legend.legend_handles, legend.get_texts(), strict=False)
                   if hasattr(h, "get_hatch") and h.get_fill()]
        out += [(a, b) for (a, ga, ha), (b, gb, hb) in itertools.combinations(entries, 2)
                if ha == hb and abs(ga - gb) < min_difference]
    return out


def figure_block(fig, caption: str, layout: str = "full") -> Block:
    """The figure as a block: PNG (150 dpi, no software stamp) with caption and alternative text;
    ``layout`` ``"full"``, ``"half"`` or ``"narrow"`` page width.

    The alternative text is the caption, the values the bars show (:func:`figure_values`, not
    the axis ticks) and the demo mark where the figure has one; a figure without bars gets its
    visible texts (:func:`figure_texts`).
    """
    from ..plots import DEMO_MARK, DEMO_MARKS

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.05,
                metadata={"Software": None})
    values = figure_values(fig)
    if values:
        marks = [m for m in figure_texts(fig).split(" · ") if m in (DEMO_MARK, *DEMO_MARKS.values())]
        alt = caption + " — " + values + "".join(f". {m}" for m in marks)
    else:
        alt = caption + " — " + figure_texts(fig)
    return Block("figure", text=caption, png=buf.getvalue(), alt=alt, style=layout)


def half_width_bars(fig, ax, *, all_label: str, whole_country: str, title: str | None = None) -> None:
    """Lay out a two-bar county/country figure for half the page width.

    Renames the bar ``all_label`` to ``whole_country``, breaks the ``(n = …)`` onto its own
    line, wraps the title and the axis label, and puts the legend under the axes.
    """
    ax.set_yticklabels([lab.get_text().replace(all_label, whole_country).replace(" (n = ", "\n(n = ")
                        for lab in ax.get_yticklabels()], fontsize=9)
    if title:
        ax.set_title(textwrap.fill(title, 44), loc="left", fontsize=10)
    ax.set_xlabel(textwrap.fill(ax.get_xlabel(), 60), fontsize=7.5)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.4, -0.5), ncol=2, fontsize=8,
              frameon=False, handlelength=1.2, labelspacing=0.3)
    fig.subplots_adjust(left=0.25, bottom=0.5, top=0.84)
