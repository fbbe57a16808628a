"""Figures for :mod:`impactlib.effectiveness` (re-exported by :mod:`impactlib.plots`).

Each function takes a result computed by :mod:`impactlib.effectiveness`
(a :class:`~impactlib.meta.PoolResult` or a table) and returns the
matplotlib ``Axes`` it drew on; none computes a statistic. Counts of people
from 1 to 4 are never shown: sample sizes in labels go through
:func:`impactlib.i18n.fmt_count` ("<5"), and bars built on small counts are
hidden with :func:`impactlib.disclosure.suppression_mask` (drawn as one grey
"piilotettu (<5)" segment). Labels are Finnish by default (``lang="en"``),
numbers in the Finnish format, and figures from synthetic data carry the
demo mark.

Examples
--------
>>> import matplotlib
>>> matplotlib.use("agg")
>>> from impactlib import plots
>>> from impactlib.effectiveness import pool
>>> res = pool([0.3, 0.5, 0.2, 0.6], [0.02, 0.04, 0.03, 0.05], labels=["A", "B", "C", "D"], n=[40, 3, 25, 30])
>>> ax = plots.plot_forest(res, lang="en", synthetic=True)
>>> [t.get_text() for t in ax.get_yticklabels()][:2]
['A (n = 40)', 'B (n = <5)']
>>> import matplotlib.pyplot as plt; plt.close("all")
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import labels as catalogue

__all__ = [
    "EFFECT_COLOURS",
    "plot_forest",
    "plot_funnel",
    "plot_reliable_change",
    "plot_reach",
]

#: Colours of reliable-change categories (improved, no change, deteriorated).
EFFECT_COLOURS = {
    "improved": "#009E73",
    "no_reliable_change": "#BBBBBB",
    "deteriorated": "#D55E00",
    "pooled": "#0072B2",
}
_HIDDEN_COLOUR = "#dddddd"


def _new_fig_ax(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=figsize)
    return fig, ax


def _row_label(label, n, lang: str) -> str:
    from ..i18n import fmt_count

    if n is None or pd.isna(n):
        return str(label)
    return f"{label} (n = {fmt_count(n, lang)})"


def plot_forest(
    result,
    *,
    lang: str = "fi",
    ax=None,
    synthetic: bool = False,
    title: str | None = None,
    xlabel: str | None = None,
    max_rows: int = 30,
    decimals: int = 2,
):
    """Forest plot: each activity's effect with CI, the pooled diamond and the prediction interval.

    *Metsäkuvio*. Squares are sized by the study's weight in the pooled
    estimate; the diamond spans the pooled CI; the dashed line through it is
    the prediction interval for a new, comparable activity.

    Parameters
    ----------
    result : PoolResult
        From :func:`impactlib.effectiveness.pool` (with ``labels`` and ``n``).
    lang : {"fi", "en"}
    ax : matplotlib Axes, optional
    synthetic : bool
        Pass ``dataset.synthetic`` to put the demo mark on the figure.
    title, xlabel : str, optional
    max_rows : int, default 30
        With more studies, the ``max_rows`` with the largest weight are drawn
        and the number left out is written under the plot (the pooled values
        always use all studies).
    decimals : int, default 2

    Returns
    -------
    matplotlib.axes.Axes
    """
    from matplotlib.patches import Polygon
    from matplotlib.ticker import MaxNLocator

    from ..i18n import fmt_number
    from ._style import demo_mark, house_style, number_axis

    st = result.studies
    shown = st.nlargest(max_rows, "weight").sort_index() if len(st) > max_rows else st
    m = len(shown)
    with house_style():
        fig, ax = _new_fig_ax(ax, (7.5, 1.2 + 0.28 * (m + 3)))
        y = np.arange(m)
        size = 30 + 250 * np.sqrt(shown["weight"].to_numpy() / max(st["weight"].max(), 1e-12))
        ax.hlines(y, shown["ci_low"], shown["ci_high"], color="#333333", linewidth=1)
        ax.scatter(shown["yi"], y, s=size, marker="s", color=EFFECT_COLOURS["pooled"], zorder=3)
        yp = m + 1
        diamond = Polygon(
            [(result.ci_low, yp), (result.estimate, yp - 0.35), (result.ci_high, yp), (result.estimate, yp + 0.35)],
            closed=True, color="#222222", zorder=3,
        )  # fmt: skip
        ax.add_patch(diamond)
        if np.isfinite(result.pi_low):
            ax.hlines(yp, result.pi_low, result.pi_high, color="#222222", linestyle="--", linewidth=1)
            ax.vlines([result.pi_low, result.pi_high], yp - 0.15, yp + 0.15, color="#222222", linewidth=1)
        ax.axvline(0, color="#888888", linewidth=0.8)
        labels = [_row_label(lab, n, lang) for lab, n in zip(shown["label"], shown["n"], strict=True)]
        pooled_label = catalogue.text("pooled", lang, method=result.method, k=result.k)
        ax.set_yticks([*y, yp])
        ax.set_yticklabels([*labels, pooled_label])
        ax.set_ylim(yp + 1, -1)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        right = [
            f"{fmt_number(v, decimals, lang)} [{fmt_number(lo, decimals, lang)}; {fmt_number(hi, decimals, lang)}]"
            for v, lo, hi in zip(shown["yi"], shown["ci_low"], shown["ci_high"], strict=True)
        ]
        right.append(
            f"{fmt_number(result.estimate, decimals, lang)} [{fmt_number(result.ci_low, decimals, lang)}; "
            f"{fmt_number(result.ci_high, decimals, lang)}]"
        )
        trans = ax.get_yaxis_transform()
        for yy, txt in zip([*y, yp], right, strict=True):
            ax.text(1.02, yy, txt, transform=trans, va="center", ha="left", fontsize=8)
        ax.set_xlabel(xlabel or catalogue.text("smd_axis", lang))
        ax.xaxis.set_major_locator(MaxNLocator(nbins=8, steps=[1, 2, 5, 10]))
        number_axis(ax, "x", lang=lang, decimals=1)
        note = catalogue.text("pi_note", lang)
        if len(st) > m:
            note += catalogue.text("weights_not_shown", lang, n=len(st) - m)
        ax.text(0, -0.12 - 0.6 / (m + 3), note, transform=ax.transAxes, fontsize=7, color="#555555", va="top")
        if title:
            ax.set_title(title)
        demo_mark(fig, synthetic, lang)
    return ax


def plot_funnel(
    result,
    *,
    lang: str = "fi",
    ax=None,
    synthetic: bool = False,
    title: str | None = None,
    level: float = 0.95,
):
    """Funnel plot: effect sizes against their standard errors (*suppilokuvio*).

    Without small-study effects the points scatter symmetrically inside the
    funnel around the pooled estimate; asymmetry can be tested with
    :func:`impactlib.effectiveness.egger`.

    Parameters
    ----------
    result : PoolResult
    lang, ax, synthetic, title
    level : float, default 0.95
        Width of the pseudo-confidence funnel.

    Returns
    -------
    matplotlib.axes.Axes
    """
    from scipy import stats

    from ._style import demo_mark, house_style, number_axis

    st = result.studies
    with house_style():
        own = ax is None
        fig, ax = _new_fig_ax(ax, (6.0, 4.5))
        if own:
            fig.subplots_adjust(bottom=0.17)  # room for the x label above the demo mark
        se_max = float(st["se"].max()) * 1.05
        se_line = np.linspace(0, se_max, 50)
        z = stats.norm.ppf(0.5 + level / 2)
        ax.fill_betweenx(se_line, result.estimate - z * se_line, result.estimate + z * se_line, color="#eeeeee")
        ax.plot(result.estimate - z * se_line, se_line, color="#999999", linewidth=0.8)
        ax.plot(result.estimate + z * se_line, se_line, color="#999999", linewidth=0.8)
        ax.axvline(result.estimate, color="#222222", linewidth=1)
        ax.axvline(0, color="#888888", linewidth=0.8, linestyle=":")
        ax.scatter(st["yi"], st["se"], s=14, color=EFFECT_COLOURS["pooled"], alpha=0.7, zorder=3)
        ax.set_ylim(se_max, 0)
        ax.set_xlabel(catalogue.text("effect_size", lang))
        ax.set_ylabel(catalogue.text("standard_error", lang))
        number_axis(ax, "x", lang=lang, decimals=1)
        number_axis(ax, "y", lang=lang, decimals=2)
        ax.grid(axis="x", visible=True)
        if title:
            ax.set_title(title)
        demo_mark(fig, synthetic, lang)
    return ax


def _theme_label(code, lang: str) -> str:
    return catalogue.label("theme", code, lang)


def plot_reliable_change(
    rates: pd.DataFrame,
    *,
    label: str = "theme",
    lang: str = "fi",
    ax=None,
    synthetic: bool = False,
    title: str | None = None,
):
    """Reliable change per activity or group: shares improved / unchanged / deteriorated.

    *Luotettava muutos*. Stacked bars of the shares from
    :func:`impactlib.effectiveness.reliable_change_rates`. Rows where a
    count is 1–4 (and the cells needed to hide it) are pooled into a grey
    "piilotettu (<5)" segment.

    Parameters
    ----------
    rates : pandas.DataFrame
        Output of ``reliable_change_rates`` (grouped by theme, or per
        activity).
    label : str, default "theme"
        Column naming the rows (theme codes get their Finnish/English
        names); the instrument is added.
    lang, ax, synthetic, title

    Returns
    -------
    matplotlib.axes.Axes
    """
    from ..disclosure import suppression_mask
    from ._style import demo_mark, house_style, percent_axis

    cats = ["n_improved", "n_no_change", "n_deteriorated"]
    names = {
        "n_improved": catalogue.text("rc_improved", lang),
        "n_no_change": catalogue.text("rc_no_change", lang),
        "n_deteriorated": catalogue.text("rc_deteriorated", lang),
    }
    colours = dict(zip(cats, [EFFECT_COLOURS["improved"], EFFECT_COLOURS["no_reliable_change"],
                              EFFECT_COLOURS["deteriorated"]], strict=True))  # fmt: skip
    primary, secondary = suppression_mask(rates, cats, across=True)
    hidden = (primary | secondary).to_numpy()
    counts = rates[cats].to_numpy(dtype=float)
    n = rates["n_pairs"].to_numpy(dtype=float)
    shares = np.divide(counts, n[:, None], out=np.zeros_like(counts), where=n[:, None] > 0)
    rows = [
        _row_label(f"{_theme_label(a, lang)}, {b}", nn, lang)
        for a, b, nn in zip(rates[label], rates["instrument"], rates["n_pairs"], strict=True)
    ]
    with house_style():
        fig, ax = _new_fig_ax(ax, (8.0, 1.0 + 0.4 * len(rows)))
        y = np.arange(len(rows))
        left = np.zeros(len(rows))
        for j, c in enumerate(cats):
            vals = np.where(hidden[:, j], 0.0, shares[:, j])
            ax.barh(y, vals, left=left, color=colours[c], label=names[c], height=0.7, edgecolor="white")
            left += vals
        pooled = np.where(hidden, shares, 0.0).sum(axis=1)
        if hidden.any():
            ax.barh(y, pooled, left=left, color=_HIDDEN_COLOUR, hatch="//", height=0.7, edgecolor="white",
                    label=catalogue.text("hidden", lang))  # fmt: skip
        ax.set_yticks(y)
        ax.set_yticklabels(rows)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        percent_axis(ax, "x", lang=lang)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ax.legend(loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=4, fontsize=8)
        ax.set_title(title or catalogue.text("reliable_change_title", lang),
                     pad=22)
        demo_mark(fig, synthetic, lang)
    return ax


def plot_reach(
    table: pd.DataFrame,
    *,
    value: str = "participants_per_1000",
    lang: str = "fi",
    ax=None,
    synthetic: bool = False,
    title: str | None = None,
):
    """Reach per 1,000 inhabitants by wellbeing services county (*tavoittavuus*).

    Parameters
    ----------
    table : pandas.DataFrame
        Output of ``reach(activities, by="county")`` for **one** year (filter
        it first). Counties whose participant count is 1–4 are not drawn
        (label "<5"); the row ``multiple`` (activities spanning counties) is
        left out because it has no population.
    value : str, default "participants_per_1000"
    lang, ax, synthetic, title

    Returns
    -------
    matplotlib.axes.Axes
    """
    from .. import regions
    from ..disclosure import is_small
    from ..i18n import SMALL
    from ._style import demo_mark, house_style, number_axis

    if "county" not in table.columns:
        raise ValueError("plot_reach needs the output of reach(..., by='county')")
    if "year" in table.columns and table["year"].nunique() > 1:
        raise ValueError("plot_reach draws one year: filter the table first, e.g. table[table.year == 2024]")
    t = table[table["county"].astype(str).str.fullmatch(r"\d{2}")].copy()
    t = t.sort_values(value, ascending=True)
    small = is_small(t["participants"])
    names = [regions.county_name(c, lang) for c in t["county"].astype(str)]
    with house_style():
        fig, ax = _new_fig_ax(ax, (7.0, 1.0 + 0.3 * len(t)))
        vals = np.where(small, 0.0, pd.to_numeric(t[value], errors="coerce").to_numpy(dtype=float))
        ax.barh(np.arange(len(t)), vals, color=EFFECT_COLOURS["pooled"], height=0.7)
        for i in np.flatnonzero(small):
            ax.text(0, i, f" {SMALL}", va="center", fontsize=8, color="#555555")
        ax.set_yticks(np.arange(len(t)))
        ax.set_yticklabels(names)
        number_axis(ax, "x", lang=lang, decimals=0)
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
        ax.set_xlabel(catalogue.text("per_1000_axis", lang))
        if title:
            ax.set_title(title)
        demo_mark(fig, synthetic, lang)
    return ax
