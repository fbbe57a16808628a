"""Figures in one house style, with Finnish and English labels.

Plot functions take results computed elsewhere (indicator tables, result
objects) and return a matplotlib ``Axes`` or ``Figure``; they never compute
statistics themselves. Numbers on axes use the Finnish format by default
(``1 234,5``). Figures made from synthetic demo data carry a visible mark
(:func:`demo_mark`).

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

from ._style import (
    DEMO_MARK,
    DEMO_MARKS,
    OUTCOME_COLOURS,
    PALETTE,
    SOURCE_GROUP_COLOURS,
    demo_mark,
    house_style,
    number_axis,
    percent_axis,
    source_note,
)
from .continuity import plot_dependence, plot_funding_mix, plot_handover, plot_survival
from .countyfacts import plot_county_grants
from .effectiveness import (
    EFFECT_COLOURS,
    plot_forest,
    plot_funnel,
    plot_reach,
    plot_reliable_change,
)
from .field import plot_profile
from .market import CHANNEL_STYLES, TRANSITION_STYLES, plot_sales_channels, plot_sales_transition

__all__ = [
    # house style (impactlib.plots._style)
    "PALETTE",
    "SOURCE_GROUP_COLOURS",
    "OUTCOME_COLOURS",
    "DEMO_MARK",
    "DEMO_MARKS",
    "house_style",
    "number_axis",
    "percent_axis",
    "demo_mark",
    "source_note",
    # figures of impactlib.continuity (impactlib.plots.continuity)
    "plot_funding_mix",
    "plot_handover",
    "plot_survival",
    "plot_dependence",
    # figures of impactlib.effectiveness (impactlib.plots.effectiveness)
    "EFFECT_COLOURS",
    "plot_forest",
    "plot_funnel",
    "plot_reliable_change",
    "plot_reach",
    # figures of impactlib.field (impactlib.plots.field)
    "plot_profile",
    # figures of impactlib.countyfacts (impactlib.plots.countyfacts)
    "plot_county_grants",
    # figures of impactlib.market (impactlib.plots.market)
    "CHANNEL_STYLES",
    "TRANSITION_STYLES",
    "plot_sales_channels",
    "plot_sales_transition",
]
