"""The house style of every figure: palette, fixed colours, number axes, the demo mark.

Private to :mod:`impactlib.plots`, which re-exports every name here.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("agg")
>>> import matplotlib.pyplot as plt
>>> fig, ax = plt.subplots()
>>> with house_style():
...     _ = ax.bar(["a", "b"], [1200, 3400])
>>> number_axis(ax, "y", lang="fi")
>>> ax.yaxis.get_major_formatter()(2500, 0)
'2\\xa0500'
>>> plt.close(fig)
"""

from __future__ import annotations

import contextlib

import matplotlib as mpl
import matplotlib.ticker as mticker

from ..i18n import fmt_number, fmt_pct

__all__ = [
    "PALETTE",
    "SOURCE_GROUP_COLOURS",
    "OUTCOME_COLOURS",
    "OUTCOME_HATCHES",
    "SOURCE_GROUP_HATCHES",
    "DEMO_MARKS",
    "MIX_SIX",
    "MERGED_GROUP_LABELS",
    "BAND_RAMP",
    "DEMO_MARK",
    "house_style",
    "number_axis",
    "percent_axis",
    "demo_mark",
    "source_note",
]

#: Colour-blind-safe palette (Okabe & Ito 2008) used for categories.
PALETTE = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#999999",
]

#: Fixed colours of the funding source groups, so every figure agrees.
SOURCE_GROUP_COLOURS = {
    "stea": "#0072B2",
    "municipality": "#E69F00",
    "county": "#D55E00",
    "public_other": "#56B4E9",
    "foundation": "#009E73",
    "sales": "#CC79A7",
    "own": "#F0E442",
    "in_kind": "#999999",
    "other": "#000000",
}

#: Hatch patterns that tell apart, in greyscale print, source groups whose colours print as
#: nearly the same grey (the lines are drawn in the bar's white edge colour; a test checks
#: every figure of a brief with :func:`impactlib.brief.figures.greyscale_clashes`).
SOURCE_GROUP_HATCHES = {
    "foundation": "//",
    "county": "..",
    "public_other": "\\\\",
    "sales": "||",
    "in_kind": "xx",
}

#: Source groups merged for a figure of at most six colours (issue 14: about six colours per
#: chart, small sources grouped): the state and EU, foundations, in-kind support and other
#: money — together about an eighth of the demo's funding — become one group ``others``.
#: Pass as ``plot_funding_mix(..., groups=MIX_SIX)``; the briefs do.
MIX_SIX = {"public_other": "others", "foundation": "others", "in_kind": "others", "other": "others"}

#: Names of merged groups (Finnish, English).
MERGED_GROUP_LABELS = {
    "others": ("valtio, EU, säätiöt ym.", "state, EU, foundations etc."),
}

#: Colour and hatch of the merged group ``others``.
SOURCE_GROUP_COLOURS_MERGED = {"others": "#999999"}
SOURCE_GROUP_HATCHES_MERGED = {"others": "xx"}

#: Colours of the 2022→2023 hand-over outcomes (good to bad).
OUTCOME_COLOURS = {
    "continued_municipality": "#009E73",
    "taken_over_county": "#56B4E9",
    "split": "#0072B2",
    "reduced": "#E69F00",
    "lost": "#D55E00",
}

#: Hatch patterns of the hand-over outcomes, for greyscale print (as for the source groups).
OUTCOME_HATCHES = {"split": "//", "reduced": "..", "lost": "xx"}

#: Light to dark blues for ordered bands (ColorBrewer Blues): each step prints at least 0.1
#: apart in greyscale.
BAND_RAMP = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c"]

#: The text of the mark on every figure made from synthetic data (both languages: a figure
#: drawn without a language).
DEMO_MARK = "DEMO — keksitty aineisto / synthetic data"

#: The mark in one language, for a figure or page in that language (issue 14: no English in
#: a Finnish brief).
DEMO_MARKS = {"fi": "DEMO — keksitty aineisto", "en": "DEMO — synthetic data"}

_RC = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.figsize": (7.0, 4.0),
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "legend.frameon": False,
    "svg.hashsalt": "impactlib",  # deterministic SVG ids
    "path.simplify": True,
}


@contextlib.contextmanager
def house_style():
    """Context manager that applies the house style to figures made inside it."""
    with mpl.rc_context(_RC):
        yield


def number_axis(ax, which: str = "y", *, lang: str = "fi", decimals: int = 0) -> None:
    """Format an axis with Finnish (``1 234``) or English (``1,234``) numbers."""
    fmt = mticker.FuncFormatter(lambda v, _pos: fmt_number(v, decimals, lang))
    (ax.yaxis if which == "y" else ax.xaxis).set_major_formatter(fmt)


def percent_axis(ax, which: str = "y", *, lang: str = "fi", decimals: int = 0) -> None:
    """Format an axis of shares (0–1) as percentages (``25 %``)."""
    fmt = mticker.FuncFormatter(lambda v, _pos: fmt_pct(v, decimals, lang))
    (ax.yaxis if which == "y" else ax.xaxis).set_major_formatter(fmt)


def demo_mark(fig_or_ax, synthetic: bool = True, lang: str | None = None) -> None:
    """Put the visible "synthetic data" mark on a figure (no-op for real data).

    Parameters
    ----------
    fig_or_ax : matplotlib Figure or Axes
    synthetic : bool
        Pass ``dataset.synthetic``; nothing is drawn for real data.
    lang : {"fi", "en"}, optional
        The figure's language (:data:`DEMO_MARKS`); without it the mark is in both
        (:data:`DEMO_MARK`).
    """
    if not synthetic:
        return
    fig = getattr(fig_or_ax, "figure", None) or fig_or_ax
    if getattr(fig, "figure", None) is not None and fig.figure is not fig:
        fig = fig.figure
    fig.text(
        0.99,
        0.01,
        DEMO_MARKS.get(lang, DEMO_MARK) if lang else DEMO_MARK,
        ha="right",
        va="bottom",
        fontsize=8,
        color="#b00020",
        fontweight="bold",
        alpha=0.9,
    )


def source_note(fig_or_ax, text: str) -> None:
    """Write a source line (``Lähde: …``) at the bottom left of a figure."""
    fig = getattr(fig_or_ax, "figure", None) or fig_or_ax
    fig.text(0.01, 0.01, text, ha="left", va="bottom", fontsize=7, color="#555555")
