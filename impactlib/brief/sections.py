"""The sections of a brief, each built from library results into blocks.

Every section function takes a :class:`~impactlib.brief.context.BriefContext` and returns a
:class:`~impactlib.brief.blocks.Section`: a heading, the question the section answers, a
figure or table, and sentences. Numbers come from the context's cached library results;
every text comes from the catalogue (:func:`impactlib.i18n.sentence`,
:func:`impactlib.i18n.phrase`); counts go through :mod:`impactlib.disclosure` (tables with
:func:`~impactlib.disclosure.suppress`, sentences with :func:`~impactlib.i18n.fmt_count` and
:mod:`impactlib.brief.fmt`). Figures are drawn by :mod:`impactlib.plots`.

Examples
--------
>>> from impactlib.brief import prepare
>>> ctx = prepare("keski-suomi", lang="en")
>>> sec = field_section(ctx)
>>> sec.title, [b.kind for b in sec.blocks]
('The association field', ['heading', 'paragraph', 'figure', 'paragraph'])
"""

from __future__ import annotations

import textwrap

import pandas as pd

from .. import effectiveness as eff
from .. import field as fld
from .. import model, regions
from ..continuity.mix import ONE_FUNDER_BANDS
from ..disclosure import SECONDARY, is_small, suppress
from ..i18n import (
    SMALL,
    fmt_cell,
    fmt_ci,
    fmt_count,
    fmt_date,
    fmt_eur,
    fmt_meur,
    fmt_pct,
    is_city,
    phrase,
)
from .blocks import Block, Section, heading, paragraph
from .context import BriefContext
from .county import (
    city_figure,
    city_label,
    cut_sentences,
    facts_section,
    messages_section,
    questions_section,
)
from .figures import figure_block, half_width_bars, new_figure
from .fmt import count_share_text, hidden_word, number, rate_cell, rate_text, share_cell, share_text
from .sections_market import market_section  # noqa: F401  (a section of SECTIONS, issue 13)

__all__ = [
    "SECTIONS",
    "header_section",
    "messages_section",
    "facts_section",
    "key_figures_section",
    "field_section",
    "reach_section",
    "funding_section",
    "handover_section",
    "dependence_section",
    "market_section",
    "effectiveness_section",
    "limits_section",
    "provenance_section",
    "questions_section",
    "build_sections",
]

#: Sections of a brief, in order (each a ``<name>_section`` function): page 1 leads with the
#: key messages and the published facts; the brief ends with the questions for the county.
SECTIONS = ("header", "messages", "facts", "key_figures", "field", "reach", "funding", "market",
            "handover", "dependence", "effectiveness", "limits", "provenance", "questions")

_FTE_DECIMALS = 2
_THEME_ORDER = list(model.THEMES)
#: Dependence bands that count as "≥ 90 % from one funder".
_HIGH_BANDS = list(ONE_FUNDER_BANDS)


def _half_bars(ctx: BriefContext, fig, ax, title: str | None = None) -> None:
    half_width_bars(fig, ax, all_label=ctx.p("all_lower"), whole_country=ctx.p("whole_country_lower"),
                    title=title)


# ---------------------------------------------------------------------------------------------
# Header and key figures
# ---------------------------------------------------------------------------------------------


def _key_figures(ctx: BriefContext) -> Block:
    lang = ctx.lang
    y = str(ctx.year)
    (n_c, r_c), (n_a, r_a) = (ctx.associations.loc[a, ["n", "per_1000"]] for a in (ctx.county, fld.ALL))
    st = ctx.staff
    known = st["n_paid_staff"] + st["n_no_paid_staff"]
    rows = [
        [ctx.p("kf_associations"), fmt_count(int(n_c), lang), fmt_count(int(n_a), lang)],
        [ctx.p("kf_associations_per_1000"), rate_cell(n_c, r_c, lang=lang),
         rate_cell(n_a, r_a, lang=lang)],
        [ctx.p("kf_paid_staff"),
         SECONDARY if st.loc[ctx.county, "hidden"]
         else share_cell(st.loc[ctx.county, "n_paid_staff"], known[ctx.county], lang=lang),
         share_cell(st.loc[fld.ALL, "n_paid_staff"], known[fld.ALL], lang=lang)],
        [ctx.p("kf_volunteers_per_1000"),
         rate_cell(n_c, st.loc[ctx.county, "volunteers_per_1000"], 1, lang),
         rate_cell(n_a, st.loc[fld.ALL, "volunteers_per_1000"], 1, lang)],
    ]
    r = ctx.reach_numbers
    if r is not None:
        c, a = r.loc[ctx.county], r.loc[fld.ALL]
        rows.append([ctx.p("kf_participations_per_1000", year=y),
                     rate_cell(c["participants"], c["participants_per_1000"], 0, lang),
                     rate_cell(a["participants"], a["participants_per_1000"], 0, lang)])
        rows.append([ctx.p("kf_volunteer_fte_per_1000", year=y),
                     rate_cell(c["n_activities"], c["volunteer_fte_per_1000"], _FTE_DECIMALS, lang),
                     rate_cell(a["n_activities"], a["volunteer_fte_per_1000"], _FTE_DECIMALS, lang)])
    hs = ctx.handover_summary
    if hs is not None:
        cells = []
        for g in (ctx.county, "all"):
            part = hs[hs["group"] == g]
            lost = part["outcome"] == "lost"
            k = int(part.loc[lost, "n"].sum())
            hidden = bool(part.loc[lost, "hidden"].any())  # as in the hand-over section
            cells.append("–" if not len(part) else SECONDARY if hidden
                         else share_cell(k, int(part["n_group"].iloc[0]), lang=lang))
        rows.append([ctx.p("kf_grant_lost", year=str(regions.REFORM_YEAR)), *cells])
    dep = ctx.dependence
    if dep is not None:
        cells = []
        for g in (ctx.county, "all"):
            d = dep[dep["group"] == g]
            k = int(d.loc[d["band"].isin(_HIGH_BANDS), "n"].sum())
            cells.append("–" if not len(d) else SECONDARY if ctx.hides(g, "dependence", "high")
                         else share_cell(k, int(d["n"].sum()), lang=lang))
        rows.append([ctx.p("kf_one_funder", year=y), *cells])
    ex = ctx.exposure
    for part in ("made", "announced"):
        d = ex[ex["part"] == part]
        if d.empty:
            continue
        cells = []
        for g in (ctx.county, "all"):
            r = d[d["group"].astype(str) == g]
            cells.append(share_cell(int(r["n_losing"].iloc[0]), int(r["n"].iloc[0]), lang=lang)
                         if len(r) else "–")
        first = d.iloc[0]
        rows.append([ctx.p(f"kf_cuts_{part}", base=str(first["base_year"]), end=str(first["end_year"]),
                           basis=ctx.p(f"basis_{first['basis']}")), *cells])
    lv = ctx.levels
    if len(lv):
        cells = []
        for part in (lv[lv["org_id"].isin(ctx.org_ids)], lv):
            cells.append(share_cell(int((part["nesta_level"] >= 3).sum()), len(part), lang=lang)
                         if len(part) else "–")
        rows.append([ctx.p("kf_evidence_3_5", year=y), *cells])
    return Block("table", text=ctx.p("key_figures"),
                 columns=[ctx.p("indicator"), ctx.name, ctx.p("whole_country")], rows=rows,
                 count_rows=[0])


def header_section(ctx: BriefContext) -> Section:
    """Title, the demo mark where the data are synthetic, date and data source."""
    title = ctx.p("brief_title", name=ctx.full_name)
    blocks = [heading(title, 1)]
    if ctx.synthetic:
        blocks.append(paragraph(ctx.s("demo_note"), "demo"))
    source = (ctx.p("demo_source") if ctx.synthetic else ctx.ds.provenance.source)
    blocks.append(paragraph(ctx.s("meta_line", date=fmt_date(ctx.date, ctx.lang), source=source),
                            "meta"))
    return Section("header", title, blocks)


def key_figures_section(ctx: BriefContext) -> Section:
    """What the brief is, and the key figures beside the whole country."""
    blocks = [paragraph(ctx.s("intro", area=ctx.area), "lead"), _key_figures(ctx),
              paragraph(ctx.s("key_figures_note", before=str(regions.REFORM_YEAR - 1)), "note")]
    return Section("key_figures", ctx.p("key_figures"), blocks)


# ---------------------------------------------------------------------------------------------
# The association field and reach
# ---------------------------------------------------------------------------------------------


def field_section(ctx: BriefContext) -> Section:
    """The association field: how many, by kind and category, paid staff and volunteers."""
    lang = ctx.lang
    title = ctx.p("title_field")
    blocks = [heading(title), paragraph(ctx.s("question_field"), "question")]
    (n_c, r_c), (n_a, r_a) = (ctx.associations.loc[a, ["n", "per_1000"]] for a in (ctx.county, fld.ALL))
    text = [ctx.s("field_total", area=ctx.area, n=int(n_c), per1000=rate_text(n_c, r_c, lang=lang),
                  per1000_all=rate_text(n_a, r_a, lang=lang))]
    k = ctx.kinds
    vals = {}
    for area, suffix in ((ctx.county, ""), (fld.ALL, "_all")):
        for code, key in (("volunteer", "volunteer"), ("intermediate", "intermediate"),
                          ("service_provider", "service")):
            r = k[(k["area"] == area) & (k["code"] == code)].iloc[0]
            if r["hidden"]:
                vals[key + suffix] = hidden_word(lang)
            elif suffix:  # the whole country as a share beside the area's count and share
                vals[key + suffix] = fmt_pct(r["share"], 1, lang)
            else:
                vals[key + suffix] = count_share_text(int(r["n"]), int(r["n_area"]), lang=lang)
    text.append(ctx.s("field_kinds", **vals))
    cat = ctx.categories
    here = cat[(cat["area"] == ctx.county) & ~cat["hidden"]]
    # the largest field is named only when it is one: a shown count of at least five that is
    # no smaller than all hidden counts together (known from the area's total, so the choice
    # tells nothing about them; issue 11: "the largest field ... (0,0 %)" when all were hidden)
    top = here.sort_values(["n", "code"], ascending=[False, True]).iloc[0] if len(here) else None
    hidden_sum = int(n_c) - int(here["n"].sum())
    if top is not None and top["n"] >= 5 and top["n"] >= hidden_sum:
        text.append(ctx.s("field_largest", category=model.label("category", top["code"], lang),
                          share=fmt_pct(top["share"], 1, lang)))
    st = ctx.staff
    known = st["n_paid_staff"] + st["n_no_paid_staff"]
    text.append(ctx.s(
        "field_staff",
        paid=(hidden_word(lang) if st.loc[ctx.county, "hidden"]
              else count_share_text(st.loc[ctx.county, "n_paid_staff"], known[ctx.county], lang=lang)),
        paid_all=share_text(st.loc[fld.ALL, "n_paid_staff"], known[fld.ALL], lang=lang),
        fte=rate_text(n_c, st.loc[ctx.county, "staff_fte_per_1000"], 2, lang),
        fte_all=rate_text(n_a, st.loc[fld.ALL, "staff_fte_per_1000"], 2, lang),
        vol=rate_text(n_c, st.loc[ctx.county, "volunteers_per_1000"], 1, lang),
        vol_all=rate_text(n_a, st.loc[fld.ALL, "volunteers_per_1000"], 1, lang)))
    fig, (ax,) = new_figure(4.4, 3.2)
    fld.plot_profile(cat, areas=[ctx.county, fld.ALL], lang=lang, ax=ax, synthetic=ctx.synthetic,
                     title=ctx.p("fig_fields_title"))
    # labels on one line where they fit (two-line labels overlapped at this height), the legend
    # under the axes rather than over the bars; brief.figures.overlaps() finds neither (a test)
    ax.set_yticklabels([textwrap.fill(lab.get_text().replace("\n", " "), 34)
                        for lab in ax.get_yticklabels()], fontsize=7.5)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.3, -0.16), ncol=2, fontsize=8,
              frameon=False, handlelength=1.2)
    fig.subplots_adjust(left=0.47, bottom=0.24, right=0.97)
    blocks.append(figure_block(fig, ctx.p("fig_fields", name=ctx.name), "half"))
    blocks.append(paragraph(" ".join(text)))
    return Section("field", title, blocks)


def reach_section(ctx: BriefContext) -> Section:
    """Reach and volunteer input per 1,000 inhabitants, beside the whole country."""
    lang = ctx.lang
    title = ctx.p("title_reach")
    blocks = [heading(title), paragraph(ctx.s("question_reach"), "question")]
    r = ctx.reach_numbers
    if r is None or r.loc[ctx.county, "n_activities"] == 0:
        blocks.append(paragraph(ctx.s("reach_none", year=str(ctx.year))))
        return Section("reach", title, blocks)
    c, a = r.loc[ctx.county], r.loc[fld.ALL]
    participants = int(c["participants"])
    text = [ctx.s("reach", year=str(ctx.year), k=int(c["n_activities"]),
                  participants=(phrase("fewer_than_five", lang) if bool(is_small(participants)[0])
                                else participants),
                  per1000=rate_text(participants, c["participants_per_1000"], 0, lang),
                  per1000_all=number(a["participants_per_1000"], 0, lang))]
    if not bool(is_small(participants)[0]):
        text.append(ctx.s("reach_volunteers", hours=number(c["volunteer_hours"], 0, lang),
                          fte=number(c["volunteer_fte"], 1, lang),
                          fte1000=number(c["volunteer_fte_per_1000"], _FTE_DECIMALS, lang),
                          fte1000_all=number(a["volunteer_fte_per_1000"], _FTE_DECIMALS, lang),
                          fte_hours=number(c["fte_hours"], 0, lang)))
        text.append(ctx.s("reach_cost", cost=fmt_meur(c["cost_eur"], 2, lang),
                          cpp=fmt_eur(c["cost_per_participant"], 0, lang),
                          cpp_all=fmt_eur(a["cost_per_participant"], 0, lang)))
    blocks.append(paragraph(" ".join(text)))
    return Section("reach", title, blocks)


# ---------------------------------------------------------------------------------------------
# Funding, the hand-over, dependence and cuts
# ---------------------------------------------------------------------------------------------


def _mix_share(ctx: BriefContext, mix: pd.DataFrame, group: str, year: int, code: str) -> str:
    d = mix[(mix["group"].astype(str) == group) & (mix["year"] == year) & (mix["code"] == code)]
    if d.empty:
        return fmt_pct(0.0, 1, ctx.lang)
    r = d.iloc[0]
    return hidden_word(ctx.lang) if bool(r["hidden"]) else fmt_pct(r["share"], 1, ctx.lang)


def funding_section(ctx: BriefContext) -> Section:
    """Funding by source over the years, county beside the whole country."""
    lang = ctx.lang
    title = ctx.p("title_funding")
    blocks = [heading(title), paragraph(ctx.s("question_funding"), "question")]
    mix = ctx.mix
    here = mix[mix["group"].astype(str) == ctx.county]
    if here.empty:
        blocks.append(paragraph(ctx.s("funding_none")))
        return Section("funding", title, blocks)
    years = sorted(int(y) for y in here["year"].unique())
    totals = here.groupby("year")["total"].first()
    n_orgs = ctx.funding_c.groupby("year")["org_id"].nunique()
    text = []
    if not is_small(n_orgs.get(years[0], 0))[0] and not is_small(n_orgs.get(years[-1], 0))[0]:
        text.append(ctx.s("funding_total", first=str(years[0]), last=str(years[-1]),
                          first_eur=fmt_meur(totals[years[0]], 1, lang),
                          last_eur=fmt_meur(totals[years[-1]], 1, lang)))
    ry = regions.REFORM_YEAR
    if ry - 1 in years and ry in years:
        text.append(ctx.s(
            "funding_reform_city" if is_city(ctx.county) else "funding_reform",
            before=str(ry - 1), reform=str(ry),
            mun_before=_mix_share(ctx, mix, ctx.county, ry - 1, "municipality"),
            mun_after=_mix_share(ctx, mix, ctx.county, ry, "municipality"),
            county_after=_mix_share(ctx, mix, ctx.county, ry, "county"),
            mun_after_all=_mix_share(ctx, mix, "all", ry, "municipality"),
            county_after_all=_mix_share(ctx, mix, "all", ry, "county")))
    last = min(ctx.year, years[-1])
    if last - 1 in years:
        text.append(ctx.s(
            "funding_stea", prev=str(last - 1), last=str(last),
            stea_prev=_mix_share(ctx, mix, ctx.county, last - 1, "stea"),
            stea_last=_mix_share(ctx, mix, ctx.county, last, "stea"),
            stea_prev_all=_mix_share(ctx, mix, "all", last - 1, "stea"),
            stea_last_all=_mix_share(ctx, mix, "all", last, "stea")))
    from ..plots import plot_funding_mix
    from ..plots._style import MIX_SIX

    fig, (ax,) = new_figure(4.4, 3.0)
    plot_funding_mix(mix, group=ctx.county, lang=lang, ax=ax, synthetic=ctx.synthetic,
                     groups=MIX_SIX)
    city_figure(ctx, fig)
    ax.set_title(ctx.p("fig_mix_title", name=ctx.name), loc="left", fontsize=10)
    ax.set_xticks(years)
    ax.set_xticklabels([f"{y % 100:02d}" if i else str(y) for i, y in enumerate(years)], fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylabel("")
    handles, labels = ax.get_legend_handles_labels()
    labels = [city_label(ctx, lab) for lab in labels]
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.45, -0.12), ncol=3, fontsize=7.5,
              frameon=False)
    fig.subplots_adjust(left=0.13, bottom=0.36, top=0.9, right=0.98)
    blocks.append(figure_block(fig, ctx.p("fig_mix", name=ctx.name), "half"))
    blocks.append(paragraph(" ".join(text)))
    return Section("funding", title, blocks)


def handover_section(ctx: BriefContext) -> Section:
    """What happened to municipal grants when the county took over (2022→2023)."""
    lang = ctx.lang
    ry = regions.REFORM_YEAR
    city = is_city(ctx.county)
    title = ctx.p("title_handover_city" if city else "title_handover", before=str(ry - 1), reform=str(ry))
    blocks = [heading(title), paragraph(ctx.s("question_handover_city" if city else "question_handover"),
                                        "question")]
    hs = ctx.handover_summary
    here = None if hs is None else hs[hs["group"] == ctx.county]
    if here is None or here.empty or int(here["n_group"].iloc[0]) == 0:
        blocks.append(paragraph(ctx.s("handover_none", before=str(ry - 1))))
        return Section("handover", title, blocks)
    shown = suppress(hs, ["n"], dependent=["share", "before_eur", "after_eur"], groups="group")
    sh = shown[shown["group"] == ctx.county].set_index("outcome")
    sa = shown[shown["group"] == "all"].set_index("outcome")

    def _share(s, o):
        v = s.loc[o, "share"]
        return hidden_word(lang) if isinstance(v, str) else fmt_pct(v, 1, lang)

    n = int(here["n_group"].iloc[0])

    withheld = set(here.loc[here["hidden"].astype(bool), "outcome"])  # across briefs too (ledger)

    def _count(o):  # the area's grants: count and share, whole percentages below 100
        v = str(sh.loc[o, "n"])  # suppress() gives the counts as text: "7", "<5" or "x"
        return (hidden_word(lang) if not v.isdigit() or o in withheld
                else count_share_text(int(v), n, lang=lang))

    n_text = phrase("fewer_than_five", lang) if bool(is_small(n)[0]) else n  # 1–4: not stated
    text = [ctx.s("handover_city" if city else "handover_n", before=str(ry - 1), reform=str(ry), n=n_text,
                  continued=_count("continued_municipality"), taken=_count("taken_over_county"),
                  split=_count("split"), reduced=_count("reduced"), lost=_count("lost"),
                  lost_all=_share(sa, "lost"))]
    if not is_small(n)[0]:
        kept = ctx.handover_kept
        text.append(ctx.s("handover_eur_city" if city else "handover_eur", before=str(ry - 1), reform=str(ry),
                          kept=fmt_pct(kept[ctx.county], 1, lang),
                          kept_all=fmt_pct(kept["all"], 1, lang)))
    ho = ctx.handover
    lost = ho[(ho["county"] == ctx.county) & (ho["outcome"] == "lost") & ho["outcome_next"].notna()]
    if len(lost):
        back = int((lost["outcome_next"] != "lost").sum())
        text.append(ctx.s("handover_back_city" if city else "handover_back",
                          back=count_share_text(back, len(lost), lang=lang),
                          next=str(ry + 1)))
    from ..plots import plot_handover

    fig, (ax,) = new_figure(4.6, 2.45)
    plot_handover(hs.assign(group=hs["group"].astype(str)), lang=lang, ax=ax,
                  synthetic=ctx.synthetic, reform_year=ry)
    _half_bars(ctx, fig, ax)
    city_figure(ctx, fig)
    caption = (ctx.p("fig_handover_city", reform=str(ry)) if city
               else ctx.p("fig_handover", reform=str(ry), name=ctx.name))
    blocks.append(figure_block(fig, caption, "half"))
    blocks.append(paragraph(" ".join(text)))
    return Section("handover", title, blocks)


def dependence_section(ctx: BriefContext) -> Section:
    """Dependence on one funder, exposure to the announced STEA cuts, project cliffs."""
    lang = ctx.lang
    title = ctx.p("title_dependence")
    blocks = [heading(title), paragraph(ctx.s("question_dependence"), "question")]
    text = []
    dep = ctx.dependence
    if dep is not None and (dep["group"] == ctx.county).any():
        d = dep[dep["group"] == ctx.county]
        a = dep[dep["group"] == "all"]
        text.append(ctx.s(
            "dependence", year=str(ctx.year), n=int(d["n"].sum()),
            high=(hidden_word(lang) if ctx.hides(ctx.county, "dependence", "high")
                  else count_share_text(int(d.loc[d["band"].isin(_HIGH_BANDS), "n"].sum()),
                                        int(d["n"].sum()), lang=lang)),
            high_all=(hidden_word(lang) if ctx.hides("all", "dependence", "high")
                      else share_text(int(a.loc[a["band"].isin(_HIGH_BANDS), "n"].sum()),
                                      int(a["n"].sum()), lang=lang))))
        from ..plots import plot_dependence

        caption = ctx.p("fig_dependence", year=str(ctx.year))
        fig, (ax,) = new_figure(4.6, 2.45)
        plot_dependence(dep, lang=lang, ax=ax, synthetic=ctx.synthetic)
        _half_bars(ctx, fig, ax, caption)
        blocks.append(figure_block(fig, caption, "half"))
    text += cut_sentences(ctx)
    pc = ctx.cliffs
    done = pc[pc["cliff"].notna()]
    if len(done):
        here = done[done["county"].astype(str) == ctx.county]
        if len(here):
            text.append(ctx.s(
                "cliff", first=str(int(done["end"].min())), last=str(int(done["end"].max())),
                share=count_share_text(int(here["cliff"].astype(bool).sum()), len(here), lang=lang),
                share_all=share_text(int(done["cliff"].astype(bool).sum()), len(done), lang=lang)))
    blocks.append(paragraph(" ".join(text)))
    return Section("dependence", title, blocks)


# ---------------------------------------------------------------------------------------------
# Effectiveness, limits, sources
# ---------------------------------------------------------------------------------------------


def _effect_text(ctx: BriefContext, row) -> str:
    if row is None:
        return "–"
    return f"{number(row['estimate'], 2, ctx.lang)} ({fmt_ci(row['ci_low'], row['ci_high'], 2, ctx.lang)})"


def _effects_table(ctx: BriefContext) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The county's pooled effects per theme (:attr:`BriefContext.claims`): the before–after
    change and the comparison-adjusted effect of the same activities, then the activities
    measured before and after only; and the same table with small counts suppressed."""
    c = ctx.claims
    rows = []
    for theme in _THEME_ORDER:
        def get(acts, measure, theme=theme):
            r = c[(c["theme"] == theme) & (c["activities"] == acts) & (c["measure"] == measure)]
            return None if r.empty else r.iloc[0]

        same, adj = get("with_comparison_group", "before_after"), get("with_comparison_group", "against_comparison")
        only = get("before_after_only", "before_after")
        if adj is None and only is None:
            continue
        rows.append({"theme": model.label("theme", theme, ctx.lang), "_theme": theme,
                     "k_comp": 0 if adj is None else int(adj["k"]), "same": _effect_text(ctx, same),
                     "adj": _effect_text(ctx, adj), "k_only": 0 if only is None else int(only["k"]),
                     "only": _effect_text(ctx, only)})
    if not rows:
        return None
    tab = pd.DataFrame(rows)
    return tab, suppress(tab, ["k_comp", "k_only"], dependent={"k_comp": ["same", "adj"], "k_only": ["only"]})


def effectiveness_section(ctx: BriefContext) -> Section:
    """Effects of activities pooled by theme, against the whole country, and evidence levels."""
    lang = ctx.lang
    title = ctx.p("title_effectiveness")
    blocks = [heading(title), paragraph(ctx.s("question_effectiveness"), "question")]
    e = ctx.effects_c
    text = []
    if not len(e):
        text.append(ctx.s("effects_no_data"))
    else:
        yrs = pd.to_numeric(e["year"], errors="coerce").dropna().astype(int)
        k_comp = int((e["effect_type"] == "ppc").sum())
        text.append(ctx.s("effects_n", first=str(yrs.min()), last=str(yrs.max()), k=len(e),
                          k_comp=k_comp if not is_small(len(e) - k_comp)[0]
                          else ctx.p("all_but_fewer_than_five")))
    tables = _effects_table(ctx)
    if tables is not None:
        tab, shown = tables
        cells = [[r["theme"], fmt_cell(r["k_comp"], "count", lang=lang), r["same"], r["adj"],
                  fmt_cell(r["k_only"], "count", lang=lang), r["only"]]
                 for _, r in shown.iterrows()]
        blocks.append(Block(
            "table", text=ctx.p("effects_caption_same"),
            columns=[ctx.p("col_theme"), ctx.p("col_k_comparison"), ctx.p("col_before_after_same"),
                     ctx.p("col_against_comparison"), ctx.p("col_k_before_after_only"),
                     ctx.p("col_before_after_only")],
            rows=cells, count_columns=[1, 4], additive="columns"))
        # one sentence per stated effect in the fixed theme order (never "the largest"); a count
        # the table hides is not printed in the sentence either
        hidden = {r["_theme"] for (_, r), (_, v) in zip(tab.iterrows(), shown.iterrows(), strict=True)
                  if str(v["k_comp"]) in (SMALL, SECONDARY) or str(v["k_only"]) in (SMALL, SECONDARY)}
        labels = {th: model.label("theme", th, lang) for th in _THEME_ORDER}
        text += eff.claim_sentences(ctx.claims, labels, order=_THEME_ORDER, lang=lang, hide_k=hidden)
    lv = ctx.levels
    here = lv[lv["org_id"].isin(ctx.org_ids)]
    if len(here):
        gaps = here.loc[here["next_step"] != "", "next_step"].value_counts()
        gap = (gaps.sort_index().sort_values(ascending=False, kind="mergesort").index[0]
               if len(gaps) else "–")
        text.append(ctx.s("levels", year=str(ctx.year),
                          l2=count_share_text(int((here["nesta_level"] >= 2).sum()), len(here), lang=lang),
                          l3=count_share_text(int((here["nesta_level"] >= 3).sum()), len(here), lang=lang),
                          l2_all=share_text(int((lv["nesta_level"] >= 2).sum()), len(lv), lang=lang),
                          l3_all=share_text(int((lv["nesta_level"] >= 3).sum()), len(lv), lang=lang),
                          gap=gap))
    fh = ctx.felt_help
    if fh is not None:
        tot_r, tot_h = int(fh["respondents"].sum()), int(fh["helped"].sum())
        if ctx.county in fh.index and tot_r:
            r_, h_ = int(fh.loc[ctx.county, "respondents"]), int(fh.loc[ctx.county, "helped"])
            if r_:
                text.append(ctx.s("felt_help", share=count_share_text(h_, r_, lang=lang),
                                  share_all=share_text(tot_h, tot_r, lang=lang)))
    blocks.append(paragraph(" ".join(text)))
    return Section("effectiveness", title, blocks)


def limits_section(ctx: BriefContext) -> Section:
    """What the data cannot show, with the numbers that make it concrete."""
    lang = ctx.lang
    title = ctx.p("title_limits")
    items = []
    e = ctx.effects_c
    trend = ctx.trend
    if len(e) and trend is not None:
        items.append(ctx.s("limit_prepost",
                           share=count_share_text(int((e["design"] == "pre_post").sum()), len(e),
                                                  lang=lang),
                           trend=number(trend.estimate, 2, lang)))
    items.append(ctx.s("limit_participations"))
    a = ctx.activities_c
    a = a[pd.to_numeric(a["year"], errors="coerce") == ctx.year]
    n_act, n_all = int(a["org_id"].nunique()), len(ctx.org_ids)
    items.append(ctx.s("limit_reporting", n=n_all,
                       n_act=n_act if not is_small(n_all - n_act)[0]
                       else ctx.p("of_all_but_fewer_than_five")))
    items.append(ctx.s("limit_county_money_city" if is_city(ctx.county) else "limit_county_money"))
    items.append(ctx.s("limit_cuts"))
    items.append(ctx.s("limit_disclosure"))
    if ctx.synthetic:
        items.append(ctx.s("limit_demo"))
    return Section("limits", title, [heading(title), Block("list", items=items, style="limits")])


def provenance_section(ctx: BriefContext) -> Section:
    """Data source and licence, the data's SHA-256, the library version and the date."""
    from .. import __version__

    pv = ctx.ds.provenance
    title = ctx.p("title_provenance")
    cmd = f"impactlib brief --county {ctx.county} --lang {ctx.lang} --year {ctx.year}"
    if ctx.data_label:
        cmd += f" --data {ctx.data_label}"
    # the references in the brief's language; the data, its SHA-256, the version and the command
    # (code and identifiers) as one footer line (issue 14: no English or code in running text)
    source = ctx.p("demo_source") if ctx.synthetic else pv.source
    licence = pv.licence.split(" (")[0] if ctx.synthetic else pv.licence
    footer = ctx.s("source_footer", source=source, licence=licence, data_date=fmt_date(pv.date, ctx.lang),
                   sha256=pv.sha256, version=__version__, date=fmt_date(ctx.date, ctx.lang), command=cmd)
    # references (author names, licences) and the footer line are not running text: both are
    # meta lists (the footer, last, is also the DOCX page footer: render._info)
    return Section("provenance", title, [heading(title),
                                         Block("list", items=[ctx.s("source_references")], style="meta"),
                                         Block("list", items=[footer], style="meta")])


def build_sections(ctx: BriefContext) -> list[Section]:
    """Every section of the brief, in the order of :data:`SECTIONS`."""
    return [globals()[f"{name}_section"](ctx) for name in SECTIONS]
