"""Figures for :mod:`impactlib.countyfacts`: the areas' published grants (re-exported by
:mod:`impactlib.plots`).

Examples
--------
>>> import matplotlib
>>> matplotlib.use("agg")
>>> from impactlib import countyfacts
>>> fig = plot_county_grants(countyfacts.grants_per_inhabitant(), lang="en")
>>> fig.axes[0].get_title(loc="left"), len([a for a in fig.axes if a.axison])   # 17 areas published; Pirkanmaa's newest figure is the highest
('Pirkanmaa', 17)
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import labels as catalogue
from .. import regions

__all__ = ["MEASURE_MARKERS", "plot_county_grants"]

#: Marker of each kind of published figure: granted ●, budget ■, other ▲ (readable in greyscale);
#: a hollow marker is part of the grants (a scope other than ``all``).
MEASURE_MARKERS = {"granted": "o", "granted_first_round": "o", "budget": "s",
                   "budget_equal_to_2022_actual": "s"}
_OTHER_MARKER = "^"
_PREFIX = {"about": "≈", "derived": "≈", "more_than": ">"}


def plot_county_grants(per: pd.DataFrame, *, lang: str = "fi", ncols: int = 4, title: str | None = None):
    """The areas' published grants per inhabitant by year, one small panel per area.

    Every published figure is a marker at its grant year and euros per inhabitant, on one
    scale for all panels (highest newest figure first). The shape tells the measure
    (● amount granted, ■ budget, ▲ other), a filled marker covers all grants and a hollow
    one part of them (e.g. operating grants only); ``≈`` marks an approximate figure and
    ``>`` a lower bound. A line joins an area's figures of the same measure and scope: only
    those may be read as a trend. Black and grey only, so the figure prints in greyscale.

    Parameters
    ----------
    per : pandas.DataFrame
        Output of :func:`impactlib.countyfacts.grants_per_inhabitant`; computes nothing.
    lang : {"fi", "en"}
    ncols : int, default 4
        Panels per row.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.ticker import MaxNLocator

    from ._style import house_style, number_axis, source_note

    need = {"county", "year", "measure", "scope", "eur_per_inhabitant", "amount_precision"}
    if not need <= set(per.columns):
        raise ValueError("expected the table returned by countyfacts.grants_per_inhabitant()")
    d = per[per["eur_per_inhabitant"].notna()].copy()
    if d.empty:
        raise ValueError("no published figure with euros to draw")
    d["year"] = d["year"].astype(int)
    latest = d.sort_values(["year", "eur_per_inhabitant"]).groupby("county")["eur_per_inhabitant"].last()
    order = list(latest.sort_values(ascending=False, kind="stable").index)
    years = list(range(int(d["year"].min()), int(d["year"].max()) + 1))
    top = float(d["eur_per_inhabitant"].max()) * 1.12
    nrows = int(np.ceil((len(order) + 1) / ncols))
    with house_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(7.0, 1.45 * nrows + 0.9), sharex=True, sharey=True)
        axes = np.atleast_1d(axes).ravel()
        for ax, county in zip(axes, order, strict=False):
            g = d[d["county"] == county]
            for _key, s in g.groupby(["measure", "scope"], sort=False):
                s = s.sort_values("year")
                if len(s) > 1:
                    ax.plot(s["year"], s["eur_per_inhabitant"], color="#777777", linewidth=0.9, zorder=1)
            for r in g.itertuples(index=False):
                filled = str(r.scope) == "all"
                ax.scatter([r.year], [r.eur_per_inhabitant], marker=MEASURE_MARKERS.get(str(r.measure), _OTHER_MARKER),
                           s=26, facecolors="#222222" if filled else "white", edgecolors="#222222",
                           linewidths=1.0, zorder=3)
                mark = _PREFIX.get(str(r.amount_precision), "")
                if mark:
                    ax.annotate(mark, (r.year, r.eur_per_inhabitant), xytext=(4, 2), textcoords="offset points",
                                fontsize=7, color="#333333")
            ax.set_title(regions.county_name(county, "en" if lang == "en" else "fi"), fontsize=8.5,
                         fontweight="normal")
            ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        for ax in axes[len(order):]:
            ax.axis("off")
        axes[0].set_ylim(0, top)
        axes[0].yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
        axes[0].set_xlim(years[0] - 0.5, years[-1] + 0.5)
        axes[0].set_xticks(years)
        axes[0].set_xticklabels([f"{y % 100:02d}" for y in years])
        for ax in axes[: len(order)]:
            ax.tick_params(labelsize=7, labelbottom=True)
            number_axis(ax, "y", lang=lang, decimals=0)
        legend_ax = axes[len(order)] if len(order) < len(axes) else axes[-1]
        handles = [
            Line2D([], [], marker="o", linestyle="", color="#222222", label=catalogue.text("grants_granted", lang)),
            Line2D([], [], marker="s", linestyle="", color="#222222", label=catalogue.text("grants_budget", lang)),
            Line2D([], [], marker=_OTHER_MARKER, linestyle="", color="#222222",
                   label=catalogue.text("grants_other", lang)),
            Line2D([], [], marker="o", linestyle="", markerfacecolor="white", markeredgecolor="#222222",
                   label=catalogue.text("grants_part_scope", lang)),
            Line2D([], [], color="#777777", linewidth=0.9, label=catalogue.text("grants_line", lang)),
        ]
        legend_ax.legend(handles=handles, loc="center left", fontsize=6.5, title=catalogue.text("grants_approx", lang),
                         title_fontsize=6.5, alignment="left")
        fig.suptitle(title or catalogue.text("county_grants_title", lang), x=0.01, ha="left",
                     fontsize=11, fontweight="bold")
        fig.supylabel(catalogue.text("eur_per_inhabitant", lang), fontsize=8.5)
        fig.tight_layout(rect=(0, 0.05, 1, 0.98))
        source_note(fig, catalogue.text("grants_source", lang))
    return fig
