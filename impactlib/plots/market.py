"""Figures of the service producers (:mod:`impactlib.market`), readable in greyscale.

Each segment has its own hatching as well as its colour (at most five
colours), and shares of 10 % or more are written on the bars, so the
figures read the same printed in black and white. Rows that small-cell
suppression hides are drawn as one grey, cross-hatched bar.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("agg")
>>> import pandas as pd
>>> from impactlib import plots
>>> ch = pd.DataFrame({"group": ["15", "15"], "period": ["before", "after"],
...                    "years": ["2015–2022", "2023–2025"], "n_selling_public": [40, 38],
...                    "procurement_share": [0.8, 0.5], "service_voucher_share": [0.15, 0.35],
...                    "personal_budget_share": [0.05, 0.15], "hidden": [False, False]})
>>> ax = plots.plot_sales_channels(ch, lang="en")
>>> [str(p.get_hatch()) for p in ax.containers[1]]
['////', '////']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import labels as catalogue
from .. import regions

__all__ = ["CHANNEL_STYLES", "TRANSITION_STYLES", "plot_sales_channels", "plot_sales_transition"]

#: Channel → (colour, hatch): the three ways public money buys services.
CHANNEL_STYLES = {
    "procurement": ("#0072B2", ""),
    "service_voucher": ("#E69F00", "////"),
    "personal_budget": ("#009E73", "...."),
}
#: Reform outcome of public sales → (colour, hatch), best to worst.
TRANSITION_STYLES = {
    "continued_municipality": ("#009E73", ""),
    "moved_county": ("#56B4E9", "\\\\\\\\"),
    "replaced_vouchers": ("#E69F00", "////"),
    "in_house": ("#CC79A7", "...."),
    "lost": ("#D55E00", "xx"),
}
_HIDDEN = ("#bbbbbb", "++")
_MIN_LABEL = 0.10  # shares written on the bar from this size on


def _area_name(code: str, lang: str) -> str:
    code = str(code)
    if code in (catalogue.ALL, "all"):
        return catalogue.text("whole_country", lang)
    try:
        return regions.county_name(code, lang)
    except KeyError:
        return catalogue.label("kind", code, lang) if code in catalogue.KINDS else code


def _bars(ax, rows: list[str], shares: pd.DataFrame, styles: dict, names: dict, hidden: np.ndarray,
          lang: str) -> None:
    """Stacked horizontal bars with hatching and direct labels; hidden rows as one grey bar."""
    from ..i18n import fmt_pct

    y = np.arange(len(rows))
    left = np.zeros(len(rows))
    for code, (colour, hatch) in styles.items():
        vals = np.where(hidden, 0.0, shares[code].fillna(0.0).to_numpy(dtype=float))
        ax.barh(y, vals, left=left, color=colour, hatch=hatch, edgecolor="white", linewidth=0.6,
                height=0.72, label=names[code])
        for yi, (lft, v) in enumerate(zip(left, vals, strict=True)):
            if v >= _MIN_LABEL:
                ax.text(lft + v / 2, yi, fmt_pct(v, 0, lang), ha="center", va="center", fontsize=7.5,
                        color="black", bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                                             "alpha": 0.85})
        left += vals
    if hidden.any():
        ax.barh(y, np.where(hidden, 1.0, 0.0), left=0.0, color=_HIDDEN[0], hatch=_HIDDEN[1],
                edgecolor="white", linewidth=0.6, height=0.72, label=catalogue.text("hidden", lang))
    ax.set_yticks(y)
    ax.set_yticklabels(rows)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)


def plot_sales_channels(
    channels: pd.DataFrame,
    *,
    groups=None,
    lang: str = "fi",
    ax=None,
    synthetic: bool = False,
    reform_year: int = regions.REFORM_YEAR,
    legend: bool = True,
):
    """Public purchases from associations by channel, before and after the reform (stacked bars).

    Parameters
    ----------
    channels : pandas.DataFrame
        Output of :func:`impactlib.market.public_channels` (columns
        ``group, period, years, procurement_share, service_voucher_share,
        personal_budget_share, hidden``).
    groups : list of str, optional
        Groups to draw, in this order (default all).
    lang : {"fi", "en"}
    ax : matplotlib Axes, optional
    synthetic : bool
        Pass ``dataset.synthetic``: marks the figure as made from synthetic data.
    reform_year : int, default 2023
    legend : bool, default True

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    Draws the shares as they are (no statistic is computed here); rows that
    small-cell suppression hides (``hidden``) are one grey bar.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("agg")
    >>> ch = pd.DataFrame({"group": ["all"], "period": ["after"], "procurement_share": [0.6],
    ...                    "service_voucher_share": [0.3], "personal_budget_share": [0.1],
    ...                    "hidden": [False]})
    >>> ax = plot_sales_channels(ch, lang="en")
    >>> [round(float(p.get_width()), 2) for c in ax.containers for p in c.patches]
    [0.6, 0.3, 0.1]
    """
    import matplotlib.pyplot as plt

    from ._style import demo_mark, house_style, percent_axis

    need = {"group", "period", "procurement_share", "service_voucher_share", "personal_budget_share",
            "hidden"}
    if not need <= set(channels.columns):
        raise ValueError("expected the table returned by market.public_channels()")
    d = channels.assign(group=channels["group"].astype(str))
    order = list(dict.fromkeys(d["group"])) if groups is None else [str(g) for g in groups]
    d = d[d["group"].isin(order)]
    d = d.assign(_g=d["group"].map({g: i for i, g in enumerate(order)}),
                 _p=d["period"].map({"before": 0, "after": 1})).sort_values(["_g", "_p"])
    when = {"before": catalogue.text("before_reform", lang, reform=reform_year),
            "after": catalogue.text("from_reform", lang, reform=reform_year)}
    rows = [f"{_area_name(g, lang)}: {when.get(p, p)}" for g, p in zip(d["group"], d["period"], strict=True)]
    names = catalogue.labels("sales_channel", lang)
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.0, 0.34 * len(rows) + 1.3))
        shares = d.rename(columns={f"{c}_share": c for c in CHANNEL_STYLES})
        _bars(ax, rows, shares, CHANNEL_STYLES, names, d["hidden"].astype(bool).to_numpy(), lang)
        percent_axis(ax, "x", lang=lang)
        ax.set_xlabel(catalogue.text("share_of_public_purchases", lang))
        ax.set_title(catalogue.text("sales_channels_title", lang, reform=reform_year))
        if legend:
            ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.22 - 0.5 / max(len(rows), 1)),
                      ncol=4, fontsize=8)
        demo_mark(ax, synthetic, lang)
    return ax


def plot_sales_transition(
    summary: pd.DataFrame,
    *,
    groups=None,
    lang: str = "fi",
    ax=None,
    synthetic: bool = False,
    reform_year: int = regions.REFORM_YEAR,
    legend: bool = True,
):
    """What happened to associations' public sales at the reform, per area (stacked bars).

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`impactlib.market.transition_summary` (stacked for
        several groups, e.g. the county and ``"all"``).
    groups : list of str, optional
        Groups to draw, in this order (default all).
    lang, ax, synthetic, reform_year, legend
        As in :func:`plot_sales_channels`.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    A hidden cell (1–4 associations or its complement) is not drawn in its
    own colour: the hidden cells of a row are pooled into one grey segment,
    so the row still reaches 100 % and no small count can be read off it.
    A group of fewer than 5 associations is one grey bar.

    Examples
    --------
    >>> import matplotlib
    >>> matplotlib.use("agg")
    >>> from impactlib import market
    >>> tr = pd.DataFrame({"county": ["15"] * 10, "outcome": ["moved_county"] * 10,
    ...                    "before_eur": 1.0, "total_eur": 1.0})
    >>> ax = plot_sales_transition(market.transition_summary(tr), lang="en")
    >>> ax.get_yticklabels()[0].get_text()
    'Central Finland (n = 10)'
    """
    import matplotlib.pyplot as plt

    from ..i18n import fmt_count
    from ._style import demo_mark, house_style, percent_axis

    need = {"group", "outcome", "share", "n_group", "hidden"}
    if not need <= set(summary.columns):
        raise ValueError("expected the table returned by market.transition_summary()")
    d = summary.assign(group=summary["group"].astype(str))
    order = list(dict.fromkeys(d["group"])) if groups is None else [str(g) for g in groups]
    d = d[d["group"].isin(order)]
    wide = d.pivot_table(index="group", columns="outcome", values="share", aggfunc="sum",
                         fill_value=0.0).reindex(index=order, columns=list(TRANSITION_STYLES), fill_value=0.0)
    hid = d.pivot_table(index="group", columns="outcome", values="hidden", aggfunc="max", fill_value=False) \
        .reindex(index=order, columns=list(TRANSITION_STYLES), fill_value=False).astype(bool)
    sizes = d.groupby("group")["n_group"].first().reindex(order)
    rows = [f"{_area_name(g, lang)} (n = {fmt_count(int(sizes[g]), lang)})" for g in order]
    names = catalogue.labels("sales_transition", lang)
    small = ((sizes > 0) & (sizes < 5)).to_numpy()
    with house_style():
        if ax is None:
            _, ax = plt.subplots(figsize=(7.0, 0.34 * len(rows) + 1.3))
        shown = wide.where(~hid, 0.0)
        _bars(ax, rows, shown, TRANSITION_STYLES, names, small, lang)
        pooled = wide.where(hid, 0.0).sum(axis=1).to_numpy(dtype=float)
        if (pooled > 0).any():
            start = shown.sum(axis=1).to_numpy(dtype=float)
            ax.barh(np.arange(len(rows)), np.where(small, 0.0, pooled), left=start, color=_HIDDEN[0],
                    hatch=_HIDDEN[1], edgecolor="white", linewidth=0.6, height=0.72,
                    label=catalogue.text("hidden", lang) if not small.any() else None)
        percent_axis(ax, "x", lang=lang)
        ax.set_xlabel(catalogue.text("share_of_producers", lang, before=reform_year - 1))
        ax.set_title(catalogue.text("sales_transition_title", lang, before=reform_year - 1,
                                    reform=reform_year))
        if legend:
            ax.legend(loc="upper center", bbox_to_anchor=(0.45, -0.22 - 0.5 / max(len(rows), 1)),
                      ncol=3, fontsize=8)
        demo_mark(ax, synthetic, lang)
    return ax
