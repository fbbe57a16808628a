"""The section of a brief on service-producing associations (*palveluja tuottavat järjestöt*).

Shown when the area has at least five service-producing associations and at least five of
them sell to public buyers after the reform; otherwise one sentence says why not (a single
association could be recognised). Numbers come from the context's cached
:mod:`impactlib.market` results, texts from the catalogue (:func:`impactlib.i18n.sentence`,
:func:`impactlib.i18n.phrase`), shares of counts through :mod:`impactlib.brief.fmt`, and the
figure from :func:`impactlib.plots.plot_sales_channels` (hatched, labelled: readable in
greyscale). The figure carries the channel shares (vouchers and personal budgets against
procurement, before and after the reform, the area beside the whole country) on its bars; the
text gives the sales share, the buyers and the reform. The figure is narrow (40 % of the page)
so that the section fits the brief's two pages.

Examples
--------
>>> from impactlib.brief import prepare
>>> sec = market_section(prepare("keski-suomi", lang="en"))
>>> sec.title, [b.kind for b in sec.blocks]
('Service-producing associations', ['heading', 'paragraph', 'figure', 'paragraph'])
"""

from __future__ import annotations

import pandas as pd

from .. import field as fld
from .. import regions
from ..disclosure import THRESHOLD, is_small
from ..i18n import fmt_pct
from .blocks import Section, heading, paragraph
from .context import BriefContext
from .figures import figure_block, new_figure
from .fmt import count_share_text, hidden_word, share_text

__all__ = ["market_section"]


def _n_producers(ctx: BriefContext) -> tuple[int, bool]:
    """The area's number of service producers and whether the run hides it (its kinds table)."""
    k = ctx.kinds
    row = k[(k["area"] == ctx.county) & (k["code"] == "service_provider")]
    return (int(row["n"].iloc[0]), bool(row["hidden"].iloc[0])) if len(row) else (0, False)


def _euro_share(row, column: str, lang: str) -> str:
    """A share of euros of a group of associations: hidden with its row (fewer than five)."""
    if row is None or bool(row["hidden"]) or pd.isna(row[column]):
        return hidden_word(lang) if row is not None and bool(row["hidden"]) else "–"
    return fmt_pct(float(row[column]), 1, lang)


def _row(table: pd.DataFrame, **where):
    d = table
    for k, v in where.items():
        d = d[d[k].astype(str) == str(v)]
    return d.iloc[0] if len(d) else None


def market_section(ctx: BriefContext) -> Section:
    """Service-producing associations: sales share, channels and buyers, the reform, against the
    whole country; or one sentence why the area has too few of them to show."""
    lang = ctx.lang
    ry = regions.REFORM_YEAR
    title = ctx.p("title_market")
    blocks = [heading(title), paragraph(ctx.s("question_market"), "question")]
    ch = ctx.market_channels_by_county
    after = _row(ch, group=ctx.county, period="after")
    n_prod, n_hidden = _n_producers(ctx)
    selling = 0 if after is None else int(after["n_selling_public"])
    if n_prod < THRESHOLD or selling < THRESHOLD:
        blocks[1:] = [paragraph(ctx.s("market_none", area=ctx.area))]
        return Section("market", title, blocks)

    text = []
    buy = ctx.market_buyers_by_county
    tops = {}
    for period in ("before", "after"):
        r = _row(buy, group=ctx.county, period=period)
        tops[period] = ("–" if r is None else hidden_word(lang) if bool(is_small(int(r["n"]))[0])
                        else fmt_pct(float(r["mean"]), 1, lang))
    sh = ctx.market_share_by_county
    here, allk = (_row(sh, county=c, kind="service_provider") for c in (ctx.county, fld.ALL))
    if here is not None and allk is not None:
        # a number the run withholds (kinds) is not stated here either
        text.append(ctx.s("market_share_hidden_n" if n_hidden else "market_share", area=ctx.area, n=n_prod, year=str(ctx.year), reform=str(ry),
                          share=_euro_share(here, "sales_share", lang),
                          share_all=_euro_share(allk, "sales_share", lang),
                          top_before=tops["before"], top_after=tops["after"]))
    tr = ctx.market_transition_by_county
    if tr is not None and (tr["group"] == ctx.county).any():
        t = tr[tr["group"] == ctx.county].set_index("outcome")
        ta = tr[tr["group"] == fld.ALL].set_index("outcome")
        n = int(t["n_group"].iloc[0])

        def withheld(tab, o, text):  # a number the run's table hides (ledger: across briefs
            # and notebook 05) is hidden here too; "fewer than five" stays, as it is true
            return hidden_word(lang) if bool(tab.loc[o, "hidden"]) and text[:1].isdigit() else text

        def share(tab, o, total):
            return withheld(tab, o, share_text(int(tab.loc[o, "n"]), total, lang=lang))

        def count(o):  # the area's associations: count and share
            return withheld(t, o, count_share_text(int(t.loc[o, "n"]), n, lang=lang))

        lost_all = share(ta, "lost", int(ta["n_group"].iloc[0]))
        if bool(is_small(n)[0]):  # the number itself is 1–4: nothing is said of them
            text.append(ctx.s("market_transition_few", before=str(ry - 1), reform=str(ry),
                              lost_all=lost_all))
        else:
            text.append(ctx.s("market_transition", before=str(ry - 1), reform=str(ry), n=n,
                              moved=count("moved_county"), replaced=count("replaced_vouchers"),
                              lost=count("lost"), lost_all=lost_all))
    from ..plots import plot_sales_channels

    fig, (ax,) = new_figure(3.6, 1.75)
    rows = ch[ch["group"].astype(str).isin([ctx.county, fld.ALL])]
    plot_sales_channels(rows, groups=[ctx.county, fld.ALL], lang=lang, ax=ax, synthetic=ctx.synthetic,
                        reform_year=ry, legend=False)
    names = {ctx.county: ctx.name, fld.ALL: ctx.p("whole_country")}
    ax.set_yticklabels([f"{names[g]} –{ry - 1}" if p == "before" else f"{names[g]} {ry}–"
                        for g in (ctx.county, fld.ALL) for p in ("before", "after")
                        if ((rows["group"].astype(str) == g) & (rows["period"] == p)).any()], fontsize=7.5)
    ax.set_title(ctx.p("fig_market_title", reform=str(ry)), loc="left", fontsize=8.5)
    ax.tick_params(axis="x", labelsize=7)
    ax.set_xlabel("")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.3, -0.14), ncol=2, fontsize=7,
              frameon=False, handlelength=1.4, columnspacing=0.8, labelspacing=0.25)
    fig.subplots_adjust(left=0.33, bottom=0.36, top=0.86, right=0.98)
    blocks.append(figure_block(fig, ctx.p("fig_market", reform=str(ry), name=ctx.name), "narrow"))
    blocks.append(paragraph(" ".join(text)))
    return Section("market", title, blocks)
