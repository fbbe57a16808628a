"""Figures for :mod:`impactlib.continuity` (re-exported by :mod:`impactlib.plots`).

Each function takes a table or result computed by :mod:`impactlib.continuity`
and returns the matplotlib ``Axes`` it drew on; none computes a statistic.
Cells marked ``hidden`` by small-cell suppression (1–4 associations and their
complements) are drawn together as one grey segment labelled
"piilotettu (<5)" / "suppressed (<5)", so no hidden count can be read off a
figure. Labels are Finnish by default (``lang="en"`` for English), numbers
in the Finnish format.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("agg")
>>> import pandas as pd
>>> from impactlib import plots
>>> s = pd.DataFrame({"group": ["15"] * 5,
...     "outcome": ["continued_municipality", "taken_over_county", "split", "reduced", "lost"],
...     "n": [40, 25, 10, 12, 13], "n_group": [100] * 5,
...     "share": [0.40, 0.25, 0.10, 0.12, 0.13], "hidden": [False] * 5})
>>> ax = plots.plot_handover(s, lang="en", synthetic=True)
>>> ax.get_yticklabels()[0].get_text()
'Central Finland (n = 100)'
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import labels as catalogue
from .. import regions

__all__ = [
    "plot_funding_mix",
    "plot_handover",
    "plot_survival",
    "plot_dependence",
]

_HIDDEN_COLOUR = "#cccccc"


def _group_label(code, lang: str) -> str:
    """A readable name for a group code: county, kind, category, source group or as is."""
    code = str(code)
    if code in (catalogue.ALL, catalogue.UNKNOWN):
        return catalogue.text(code, lang)
    if len(code) == 2 and code.isdigit():
        try:
            return regions.county_name(code, lang)
        except KeyError:
            return code
    for codes in ("kind", "category", "source_group", "source"):
        if code in catalogue.CODE_LISTS[codes]:
            return catalogue.label(codes, code, lang)
    return code


def _new_ax(ax, figsize=None):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def _runs_in_place(hidden: np.ndarray) -> bool:
    """True when every run of neighbouring hidden cells in a row has at least two cells, so
    that each run can be drawn merged in its place without showing one hidden cell alone."""
    runs, n = [], 0
    for h in list(hidden) + [False]:
        if h:
            n += 1
        elif n:
            runs.append(n)
            n = 0
    return bool(runs) and min(runs) >= 2


def _stacked_barh(ax, table: pd.DataFrame, *, cat_col: str, order: list, colours: dict,
                  labels: dict, lang: str, row_labels: dict, hatches: dict | None = None,
                  in_place: bool = False) -> None:
    """Horizontal stacked bars of ``share`` per ``group``; hidden cells pooled in grey.

    With ``in_place`` (ordered categories such as bands), a row whose hidden cells form runs of
    at least two neighbours draws each run as one grey segment where it belongs; other rows
    pool their hidden cells at the end of the bar.
    """
    groups = list(row_labels)
    y = np.arange(len(groups))
    left = np.zeros(len(groups))
    wide = table.pivot_table(index="group", columns=cat_col, values="share", aggfunc="sum",
                             fill_value=0.0).reindex(index=groups, columns=order, fill_value=0.0)
    hid = table.pivot_table(index="group", columns=cat_col, values="hidden", aggfunc="max",
                            fill_value=False).reindex(index=groups, columns=order, fill_value=False)
    hid = hid.astype(bool)
    place = np.array([in_place and _runs_in_place(hid.loc[g].to_numpy()) for g in groups], dtype=bool)
    hidden_label = catalogue.text("hidden", lang)
    for i, cat in enumerate(order):
        if place.any():  # a run of hidden cells starting here, drawn merged where it belongs
            starts = hid[cat].to_numpy() & place & ~(hid[order[i - 1]].to_numpy() if i else False)
            run = np.zeros(len(groups))
            for r in np.flatnonzero(starts):
                for c in order[i:]:
                    if not hid.loc[groups[r], c]:
                        break
                    run[r] += wide.loc[groups[r], c]
            if run.any():
                ax.barh(y, run, left=left, color=_HIDDEN_COLOUR, hatch="//", edgecolor="white",
                        linewidth=0.5, height=0.75,
                        label=hidden_label if hidden_label not in ax.get_legend_handles_labels()[1]
                        else "_nolegend_")
                left += run
        vals = wide[cat].where(~hid[cat], 0.0).to_numpy(dtype=float)
        ax.barh(y, vals, left=left, color=colours.get(cat), label=labels.get(cat, cat),
                hatch=(hatches or {}).get(cat), edgecolor="white", linewidth=0.5, height=0.75)
        left += vals
    pooled = wide.where(hid, 0.0).sum(axis=1).to_numpy(dtype=float) * ~place
    if pooled.any() or (hid.to_numpy().any() and not place.any()):
        ax.barh(y, pooled, left=left, color=_HIDDEN_COLOUR, hatch="//", edgecolor="white",
                linewidth=0.5, height=0.75,
                label=hidden_label if hidden_label not in ax.get_legend_handles_labels()[1]
                else "_nolegend_")
    ax.set_yticks(y)
    ax.set_yticklabels([row_labels[g] for g in groups])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)


def plot_funding_mix(
    mix: pd.DataFrame,
    *,
    group: str = "all",
    lang: str = "fi",
    relative: bool = True,
    ax=None,
    synthetic: bool = False,
    groups: Mapping[str, str] | None = None,
):
    """Funding mix over the years as stacked bars (*rahoitusrakenne vuosittain*).

    Parameters
    ----------
    mix : pandas.DataFrame
        Output of :func:`impactlib.continuity.mix_over_years`.
    group : str, default "all"
        Which group of ``mix`` to draw (a county code with ``by="county"``).
    lang : {"fi", "en"}
    relative : bool, default True
        Shares of the yearly total (True) or millions of euros (False).
    ax : matplotlib Axes, optional
    synthetic : bool
        Pass ``dataset.synthetic``; marks the figure as made from synthetic data.
    groups : mapping, optional
        Source group → the group it is drawn in, to draw fewer colours (for example
        :data:`impactlib.plots._style.MIX_SIX`: six groups, the small sources together). A merged
        group is the sum of its shown members; hidden members stay in the grey segment.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ._style import (
        MERGED_GROUP_LABELS,
        SOURCE_GROUP_COLOURS,
        SOURCE_GROUP_COLOURS_MERGED,
        SOURCE_GROUP_HATCHES,
        SOURCE_GROUP_HATCHES_MERGED,
        demo_mark,
        house_style,
        number_axis,
        percent_axis,
    )

    need = {"group", "year", "code", "amount_eur", "share", "hidden"}
    if not need <= set(mix.columns):
        raise ValueError("expected the table returned by continuity.mix_over_years()")
    d = mix[mix["group"].astype(str) == str(group)]
    if d.empty:
        raise ValueError(f"no rows for group {group!r} in the funding-mix table")
    with house_style():
        ax = _new_ax(ax)
        years = sorted(d["year"].unique())
        value = "share" if relative else "amount_eur"
        hidden_rows = d["hidden"].astype(bool)
        codes = d["code"].astype(str)
        if groups:
            codes = codes.map(lambda c: groups.get(c, c))
        d = d.assign(code=codes)
        wide = d[~hidden_rows].pivot_table(index="year", columns="code", values=value, aggfunc="sum",
                                           fill_value=0.0).reindex(years).fillna(0.0)
        known = [c for c in catalogue.SOURCE_GROUP_LABELS if c in wide.columns]
        order = known + sorted(c for c in wide.columns if c not in known)
        palette = {**SOURCE_GROUP_COLOURS, **SOURCE_GROUP_COLOURS_MERGED}
        hatches = {**SOURCE_GROUP_HATCHES, **SOURCE_GROUP_HATCHES_MERGED}
        bottom = np.zeros(len(years))
        scale = 1.0 if relative else 1e-6
        for code in order:
            vals = wide[code].to_numpy(dtype=float) * scale
            name = (MERGED_GROUP_LABELS[code][lang == "en"] if code in MERGED_GROUP_LABELS
                    else _group_label(code, lang))
            ax.bar(years, vals, bottom=bottom, color=palette.get(code), width=0.8,
                   hatch=hatches.get(code), label=name, edgecolor="white", linewidth=0.4)
            bottom += vals
        pooled = (d[hidden_rows].groupby("year")[value].sum().reindex(years, fill_value=0.0)
                  .to_numpy(dtype=float) * scale)
        if hidden_rows.any():
            ax.bar(years, pooled, bottom=bottom, color=_HIDDEN_COLOUR, hatch="//", width=0.8,
                   label=catalogue.text("hidden", lang))
        ax.set_xticks(years)
        ax.set_xticklabels([str(y) for y in years], rotation=0)
        if relative:
            percent_axis(ax, "y", lang=lang)
            ax.set_ylim(0, 1)
            ax.set_ylabel(catalogue.text("share_of_funding", lang))
        else:
            number_axis(ax, "y", lang=lang)
            ax.set_ylabel(catalogue.text("meur", lang))
        where = "" if str(group) == "all" else f": {_group_label(group, lang)}"
        ax.set_title(catalogue.text("funding_mix_title", lang) + where)
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        demo_mark(ax, synthetic, lang)
    return ax


def plot_handover(
    summary: pd.DataFrame,
    *,
    lang: str = "fi",
    ax=None,
    synthetic: bool = False,
    reform_year: int = 2023,
):
    """Hand-over outcomes per county as stacked bars of shares (*siirtymän tulokset*).

    Parameters
    ----------
    summary : pandas.DataFrame
        Output of :func:`impactlib.continuity.handover_summary`.
    lang : {"fi", "en"}
    ax : matplotlib Axes, optional
    synthetic : bool
    reform_year : int, default 2023
        Only for the title.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..i18n import fmt_count
    from ._style import OUTCOME_COLOURS, OUTCOME_HATCHES, demo_mark, house_style, percent_axis

    need = {"group", "outcome", "share", "hidden", "n_group"}
    if not need <= set(summary.columns):
        raise ValueError("expected the table returned by continuity.handover_summary()")
    groups = list(dict.fromkeys(summary["group"].astype(str)))
    sizes = summary.groupby(summary["group"].astype(str))["n_group"].first()
    row_labels = {g: f"{_group_label(g, lang)} (n = {fmt_count(int(sizes[g]), lang)})"
                  for g in groups}
    names = catalogue.labels("handover_outcome", lang)
    with house_style():
        ax = _new_ax(ax, figsize=(8.0, 0.32 * len(groups) + 1.6))
        d = summary.assign(group=summary["group"].astype(str))
        _stacked_barh(ax, d, cat_col="outcome", order=list(catalogue.HANDOVER_OUTCOMES),
                      colours=OUTCOME_COLOURS, labels=names, lang=lang, row_labels=row_labels,
                      hatches=OUTCOME_HATCHES)
        percent_axis(ax, "x", lang=lang)
        ax.set_xlabel(catalogue.text("handover_axis", lang, year=reform_year - 1))
        ax.set_title(catalogue.text("handover_title", lang, before=reform_year - 1,
                                    after=reform_year))
        ax.legend(loc="upper center", bbox_to_anchor=(0.4, -0.12 - 0.6 / max(len(groups), 1)),
                  ncol=2, fontsize=8)
        demo_mark(ax, synthetic, lang)
    return ax


def plot_survival(
    result,
    *,
    groups=None,
    lang: str = "fi",
    ax=None,
    synthetic: bool = False,
    at_risk_times=None,
    min_at_risk: int = 5,
    ci: bool = True,
):
    """Kaplan–Meier curves of funding spells with confidence bands and an at-risk table.

    Parameters
    ----------
    result : SurvivalResult
        Output of :func:`impactlib.continuity.spell_survival`.
    groups : list of str, optional
        Groups to draw (default all).
    lang : {"fi", "en"}
    ax : matplotlib Axes, optional
    synthetic : bool
    at_risk_times : list of int, optional
        Years at which the number of spells at risk is printed under the
        axis (default every year, at most 12 columns). Numbers from 1 to 4
        are shown as "<5".
    min_at_risk : int, default 5
        Each curve stops where fewer spells than this are at risk, so that
        its last steps cannot be traced to single associations.
    ci : bool, default True
        Draw the pointwise confidence band.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..i18n import fmt_count
    from ._style import PALETTE, demo_mark, house_style, percent_axis

    table = getattr(result, "table", None)
    if table is None:
        raise ValueError("expected the result of continuity.spell_survival()")
    labels = list(dict.fromkeys(table["group"].astype(str)))
    if groups is not None:
        labels = [g for g in labels if g in {str(x) for x in groups}]
        if not labels:
            raise ValueError(f"none of the groups {list(groups)!r} is in the result")
    tmax = int(table["time"].max())
    if at_risk_times is None:
        step = max(1, int(np.ceil(tmax / 12)))
        at_risk_times = list(range(0, tmax + 1, step))
    with house_style():
        ax = _new_ax(ax, figsize=(7.5, 4.6 + 0.25 * len(labels)))
        for i, g in enumerate(labels):
            d = table[(table["group"].astype(str) == g) & (table["at_risk"] >= min_at_risk)]
            colour = PALETTE[i % len(PALETTE)]
            x = np.concatenate([[0], d["time"].to_numpy(dtype=float)])
            s = np.concatenate([[1.0], d["survival"].to_numpy(dtype=float)])
            ax.step(x, s, where="post", color=colour, label=_group_label(g, lang), linewidth=1.6)
            if ci and len(d):
                lo = np.concatenate([[1.0], d["ci_low"].to_numpy(dtype=float)])
                hi = np.concatenate([[1.0], d["ci_high"].to_numpy(dtype=float)])
                ax.fill_between(x, lo, hi, step="post", color=colour, alpha=0.15, linewidth=0)
        ax.set_ylim(0, 1.02)
        ax.set_xlim(-0.5, tmax + 0.5)
        percent_axis(ax, "y", lang=lang)
        ax.set_xlabel(catalogue.text("survival_axis", lang))
        ax.set_ylabel(catalogue.text("survival_share", lang))
        ax.set_title(catalogue.text("survival_title", lang, pct=round(100 * result.level)))
        ax.legend(loc="upper right", fontsize=8)
        # at-risk table in its own axes under the curves, sharing the time axis
        from mpl_toolkits.axes_grid1 import make_axes_locatable

        tab = make_axes_locatable(ax).append_axes("bottom", size=0.18 * len(labels) + 0.2,
                                                  pad=0.75, sharex=ax)
        for i, g in enumerate(labels):
            d = table[table["group"].astype(str) == g].set_index("time")["at_risk"]
            for t in at_risk_times:
                # the spells at risk just after time 0 are those at risk at year 1
                n = d.get(max(int(t), 1), 0)
                tab.text(t, i, fmt_count(int(n), lang), ha="center", va="center", fontsize=7)
        tab.set_ylim(len(labels) - 0.5, -0.5)
        tab.set_yticks(range(len(labels)))
        tab.set_yticklabels([_group_label(g, lang) for g in labels], fontsize=7)
        for i, lab in enumerate(tab.get_yticklabels()):
            lab.set_color(PALETTE[i % len(PALETTE)])
        tab.tick_params(axis="both", length=0)
        tab.tick_params(axis="y", pad=8)
        tab.tick_params(axis="x", labelbottom=False)
        tab.grid(False)
        for side in ("top", "right", "bottom", "left"):
            tab.spines[side].set_visible(False)
        tab.set_title(catalogue.text("at_risk", lang),
                      fontsize=8, fontweight="normal", loc="left")
        demo_mark(ax, synthetic, lang)
    return ax


def plot_dependence(
    bands: pd.DataFrame,
    *,
    lang: str = "fi",
    ax=None,
    synthetic: bool = False,
):
    """Distribution of largest-funder dependence by group, as stacked bars of shares.

    Hidden bands (fewer than five associations and their neighbouring complement, see
    :func:`impactlib.continuity.dependence_bands`) are drawn merged in their place as one grey
    segment, so the bar reads in band order and agrees with the text.

    Parameters
    ----------
    bands : pandas.DataFrame
        Output of :func:`impactlib.continuity.dependence_bands`.
    lang : {"fi", "en"}
    ax : matplotlib Axes, optional
    synthetic : bool

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..i18n import fmt_count
    from ._style import BAND_RAMP, demo_mark, house_style, percent_axis

    need = {"group", "band", "n", "share", "hidden"}
    if not need <= set(bands.columns):
        raise ValueError("expected the table returned by continuity.dependence_bands()")
    order = list(dict.fromkeys(bands["band"].astype(str)))
    known = catalogue.labels("dependence_band", lang)
    colours = {b: BAND_RAMP[min(i, len(BAND_RAMP) - 1)] for i, b in enumerate(order)}
    groups = list(dict.fromkeys(bands["group"].astype(str)))
    sizes = bands.groupby(bands["group"].astype(str))["n"].sum()
    row_labels = {g: f"{_group_label(g, lang)} (n = {fmt_count(int(sizes[g]), lang)})"
                  for g in groups}
    with house_style():
        ax = _new_ax(ax, figsize=(8.0, 0.4 * len(groups) + 1.8))
        d = bands.assign(group=bands["group"].astype(str), band=bands["band"].astype(str))
        _stacked_barh(ax, d, cat_col="band", order=order, colours=colours,
                      labels={b: known.get(b, b) for b in order}, lang=lang, row_labels=row_labels,
                      in_place=True)
        percent_axis(ax, "x", lang=lang)
        ax.set_xlabel(catalogue.text("share_of_associations", lang))
        ax.set_title(catalogue.text("dependence_title", lang))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.5 / max(len(groups), 1)),
                  ncol=3, fontsize=8)
        demo_mark(ax, synthetic, lang)
    return ax
