"""Figures for :mod:`impactlib.field` (re-exported by :mod:`impactlib.plots`).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("agg")
>>> import pandas as pd
>>> t = pd.DataFrame({"area": ["all", "all"], "code": ["volunteer", "intermediate"],
...                   "n": [40, 10], "n_area": [50, 50], "share": [0.8, 0.2],
...                   "hidden": [False, False]})
>>> ax = plot_profile(t, code_list="kind", lang="en")
>>> ax.get_xlabel()
"share of the area's associations"
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .. import labels as catalogue
from .. import regions

__all__ = ["plot_profile"]


def plot_profile(
    table: pd.DataFrame,
    *,
    areas: Sequence[str] | None = None,
    code_list: str = "category",
    lang: str = "fi",
    ax=None,
    synthetic: bool = False,
    title: str | None = None,
):
    """Shares of associations by category (or kind), one bar per area (county beside the country).

    Takes the output of :func:`impactlib.field.association_counts`; computes nothing. Cells
    marked ``hidden`` are not drawn and are labelled "<5"/"x" instead, so no
    hidden count can be read off the figure.

    Parameters
    ----------
    table : pandas.DataFrame
        Output of :func:`impactlib.field.association_counts` (``by="category"`` or ``"kind"``).
    areas : list of str, optional
        Areas to draw, in order (default: the counties in the table, then
        the whole country).
    code_list : {"category", "kind"}
        Code list of the ``code`` column (for the labels).
    lang : {"fi", "en"}
    ax : matplotlib Axes, optional
    synthetic : bool
        Pass ``dataset.synthetic`` to mark the figure as synthetic data.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    import textwrap

    from matplotlib.ticker import MaxNLocator

    from ._style import PALETTE, demo_mark, house_style, percent_axis

    need = {"area", "code", "share", "hidden", "n_area"}
    if not need <= set(table.columns):
        raise ValueError("expected the table returned by field.association_counts()")
    present = list(dict.fromkeys(table["area"].astype(str)))
    if areas is None:
        areas = [a for a in present if a != catalogue.ALL] + ([catalogue.ALL] if catalogue.ALL in present else [])
    areas = [str(a) for a in areas]
    missing = [a for a in areas if a not in present]
    if missing:
        raise ValueError(f"area(s) {missing} are not in the table")
    codes = list(dict.fromkeys(table["code"].astype(str)))
    wide = table.pivot_table(index="code", columns="area", values="share", aggfunc="sum").reindex(
        index=codes, columns=areas)
    hid = table.pivot_table(index="code", columns="area", values="hidden", aggfunc="max").reindex(
        index=codes, columns=areas).fillna(False).astype(bool)

    def _area_label(a: str) -> str:
        if a == catalogue.ALL:
            return catalogue.text("whole_country", lang)
        try:
            return regions.county_name(a, lang)
        except KeyError:
            return a

    with house_style():
        if ax is None:
            import matplotlib.pyplot as plt

            _, ax = plt.subplots(figsize=(7.0, 0.45 * len(codes) + 1.2))
        y = np.arange(len(codes), dtype=float)
        h = 0.8 / max(len(areas), 1)
        colours = [PALETTE[0], PALETTE[8], *PALETTE[1:8]]
        for i, a in enumerate(areas):
            vals = wide[a].to_numpy(dtype=float)
            hidden = hid[a].to_numpy(dtype=bool)
            pos = y - 0.4 + h * (i + 0.5)
            bars = ax.barh(pos, np.where(hidden | ~np.isfinite(vals), 0.0, vals), height=h * 0.95,
                           color=colours[i % len(colours)], label=_area_label(a))
            for j in np.flatnonzero(hidden):
                bars.patches[j].set_gid("suppressed")  # read by brief.figures.figure_values
            for j in np.flatnonzero(hidden):
                ax.text(0.002, pos[j], " <5 / x", va="center", fontsize=7, color="#555555")
        ax.set_yticks(y)
        ax.set_yticklabels([textwrap.fill(catalogue.label(code_list, c, lang), 26) for c in codes],
                           fontsize=8)
        ax.invert_yaxis()
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 5, 10]))
        percent_axis(ax, "x", lang=lang)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ax.set_xlabel(catalogue.text("share_of_area", lang))
        ax.set_title(title or catalogue.text("field_title", lang))
        ax.legend(loc="lower right", fontsize=8)
        demo_mark(ax, synthetic, lang)
    return ax
