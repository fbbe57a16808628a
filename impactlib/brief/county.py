"""The brief's key messages, published facts and questions for the county.

Three sections around the data of a brief:

* :func:`messages_section` — three key messages at the top of page 1, chosen by the rules of
  :mod:`impactlib.messages` from the library's results, each with its count;
* :func:`facts_section` — "Julkiset tiedot alueelta / Published facts about the area": real
  published facts (:mod:`impactlib.countyfacts`), marked as real even when the rest is demo,
  each with its source (a link where it is a web address) and date; a group's own
  ``cooperation`` sheet is used ahead of the bundled facts, and the block says which it used;
* :func:`questions_section` — "Kysymyksiä hyvinvointialueelle / Questions for the county"
  (for Helsinki, the city), four to six questions chosen by the rules.

Every text comes from the catalogue (:mod:`impactlib.i18n`); counts go through
:func:`impactlib.i18n.fmt_count` and shares through :mod:`impactlib.brief.fmt`. A source that is
a web address is written as a link ``[domain](url)``, which the HTML and DOCX writers turn into
a hyperlink.

Examples
--------
>>> from impactlib.brief import prepare
>>> ctx = prepare("Kainuu", lang="en")
>>> sec = facts_section(ctx)
>>> sec.blocks[0].text, sec.blocks[1].style
('Published facts about the area', 'real')
>>> source_link("https://www.sttinfo.fi/tiedote/70884206/")
'[sttinfo.fi](https://www.sttinfo.fi/tiedote/70884206/)'
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pandas as pd

from .. import labels, model, regions
from ..disclosure import is_small
from ..i18n import fmt_approx, fmt_count, fmt_eur, fmt_meur, fmt_pct, is_city, organiser
from ..sources import counties as published
from .blocks import Block, Section, heading, paragraph
from .context import BriefContext
from .fmt import count_share_text, hidden_word, share_text

__all__ = ["source_link", "published_date", "message_texts", "question_texts",
           "messages_section", "facts_section", "questions_section", "city_label", "city_figure",
           "cut_sentences"]

def source_link(source) -> str:
    """A source for a sentence: a web address as a link ``[domain](url)``, other text as it is.

    Examples
    --------
    >>> source_link("pirha.fi (järjestöavustukset)")
    'pirha.fi (järjestöavustukset)'
    """
    if source is None or (not isinstance(source, str) and pd.isna(source)):
        return "–"
    s = str(source).strip()
    if not published.is_url(s):
        return s
    host = urlsplit(s).netloc.lower()
    return f"[{host[4:] if host.startswith('www.') else host}]({s})"


def published_date(value, lang: str = "fi") -> str:
    """A date as published (``2023-03-15``, ``2023-12``, ``2023``, ``undated``) for people:
    ``15.3.2023``, ``12/2023``, ``2023`` in Finnish; ``15 March 2023``, ``December 2023`` in English.

    Examples
    --------
    >>> published_date("2023-03-15"), published_date("2023-12"), published_date("2023-03-15", "en")
    ('15.3.2023', '12/2023', '15 March 2023')
    >>> published_date("2023-12", "en")
    'December 2023'
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    v = str(value)
    if v == "undated":
        return labels.pick(("päiväämätön", "undated"), lang)
    parts = v.split("-")
    if lang == "en":
        from ..i18n import fmt_date
        from ..i18n.formats import MONTHS_EN

        if len(parts) == 3:
            return fmt_date(v, "en")
        if len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
            return f"{MONTHS_EN[int(parts[1]) - 1]} {parts[0]}"
        return v
    if len(parts) == 3:
        return f"{int(parts[2])}.{int(parts[1])}.{parts[0]}"
    if len(parts) == 2:
        return f"{int(parts[1])}/{parts[0]}"
    return v


def _org(ctx: BriefContext) -> dict:
    return {"org": organiser(ctx.county, ctx.lang), "org_in": organiser(ctx.county, ctx.lang, "inessive")}


def _shares(ctx: BriefContext, v: dict) -> dict:
    return {"k": v["k"], "n": v["n"], "share": share_text(v["k"], v["n"], lang=ctx.lang),
            "share_all": ("–" if v.get("n_all") in (None, 0)
                          else share_text(v["k_all"], v["n_all"], lang=ctx.lang))}


def _rank(ctx: BriefContext, rank: int, n: int) -> str:
    if rank == 1:
        return ctx.p("rank_highest")
    if rank == n:
        return ctx.p("rank_lowest")
    return ctx.p("rank_nth", k=str(rank))


def _measure(ctx: BriefContext, measure: str, scope: str) -> str:
    return (f"{labels.label('grant_measure', measure, ctx.lang)}, "
            f"{labels.label('grant_scope', scope, ctx.lang)}")


def message_texts(ctx: BriefContext) -> list[str]:
    """The key messages of the brief as sentences (:func:`impactlib.messages.key_messages`)."""
    lang = ctx.lang
    ry = regions.REFORM_YEAR
    out = []
    for m in ctx.key_messages:
        v = m.values
        if m.kind == "grants_vs_areas":
            prec = "about" if v["approximate"] else None
            out.append(ctx.s("msg_grants_vs_areas", year=str(v["year"]),
                             amount=fmt_eur(v["amount_eur"], 0, lang),
                             per_inh=fmt_approx(fmt_eur(v["eur_per_inhabitant"], 2, lang), prec, lang),
                             rank=_rank(ctx, v["rank"], v["n_areas"]), n_areas=str(v["n_areas"]),
                             measure=_measure(ctx, v["measure"], v["scope"]),
                             median=fmt_eur(v["median"], 2, lang)))
        elif m.kind == "handover_lost":
            key = "msg_handover_lost_city" if is_city(ctx.county) else "msg_handover_lost"
            out.append(ctx.s(key, before=str(ry - 1), reform=str(ry), **_shares(ctx, v)))
        elif m.kind == "difference":
            out.append(ctx.s("msg_difference", label=ctx.p(f"ind_{v['indicator']}"), **_shares(ctx, v)))
        elif m.kind == "one_funder":
            out.append(ctx.s("msg_one_funder", year=str(ctx.year), **_shares(ctx, v)))
        elif m.kind == "stea_exposure":
            out.append(ctx.s("msg_stea_exposure", base=str(v["base_year"]), until=str(v["end_year"]),
                             change=fmt_pct(v["national_change"], 1, lang),
                             threshold=fmt_pct(v["threshold"], 0, lang),
                             made=fmt_meur(abs(ctx.stea_made_meur) * 1e6, 1, lang), **_shares(ctx, v)))
    return out


def question_texts(ctx: BriefContext) -> list[str]:
    """The questions for the county as sentences (:func:`impactlib.messages.questions`)."""
    lang = ctx.lang
    ry = regions.REFORM_YEAR
    org = _org(ctx)
    out = []
    for q in ctx.questions:
        v = q.values
        if q.kind == "contact":
            out.append(ctx.s("q_contact_no" if v.get("status") == "no" else "q_contact", **org))
        elif q.kind == "continuity":
            key = "q_continuity_city" if is_city(ctx.county) else "q_continuity"
            out.append(ctx.s(key, before=str(ry - 1), reform=str(ry), **org, **_shares(ctx, v)))
        elif q.kind == "grants_programme":
            out.append(ctx.s("q_grants_programme", year=str(v["year"]),
                             per_inh=fmt_eur(v["eur_per_inhabitant"], 2, lang),
                             median=fmt_eur(v["median"], 2, lang), **org))
        elif q.kind == "procurement":
            out.append(ctx.s("q_procurement", share=fmt_pct(v["sales_share"], 1, lang), **org))
        elif q.kind == "stea_cuts":
            out.append(ctx.s("q_stea_cuts", threshold=fmt_pct(v.get("threshold", 0.1), 0, lang),
                             **org, **_shares(ctx, v)))
        elif q.kind == "diversify":
            out.append(ctx.s("q_diversify", **org, **_shares(ctx, v)))
        elif q.kind == "structures":
            missing = [ctx.p(f"coop_{i}") for i in ("cooperation_body", "written_plan") if v.get(i) != "yes"]
            out.append(ctx.s("q_structures", missing=", ".join(missing), **org))
        else:  # publish_grants, welfare_report, grant_criteria, contact_known
            out.append(ctx.s(f"q_{q.kind}", **org))
    return out


def messages_section(ctx: BriefContext) -> Section:
    """Three key messages at the top of page 1 (:func:`impactlib.messages.key_messages`)."""
    title = ctx.p("title_messages")
    return Section("messages", title, [heading(title), Block("list", items=message_texts(ctx),
                                                               style="messages")])


def _grant_lines(ctx: BriefContext) -> list[str]:
    lang = ctx.lang
    g = ctx.facts.grants
    money = g[g["amount_eur"].notna()]
    if money.empty:
        return [ctx.s("facts_grants_none")]
    top = money.iloc[0]
    extra = []
    if pd.notna(top.get("applications")):
        extra.append(ctx.p("applications", n=fmt_count(int(top["applications"]), lang)))
    if pd.notna(top.get("share_of_applied")):
        extra.append(ctx.p("of_applied",
                           share=fmt_approx(fmt_pct(top["share_of_applied"], 0, lang), top["share_precision"], lang),
                           applied=fmt_approx(fmt_eur(top["applied_eur"], 0, lang), top["applied_precision"], lang)))
    lines = [ctx.s("facts_grants", year=str(int(top["year"])),
                   measure=labels.label("grant_measure", top["measure"], lang),
                   scope=labels.label("grant_scope", top["scope"], lang),
                   amount=fmt_approx(fmt_eur(top["amount_eur"], 0, lang), top["amount_precision"], lang),
                   per_inh=fmt_approx(fmt_eur(top["eur_per_inhabitant"], 2, lang), top["amount_precision"], lang),
                   extra="".join("; " + e for e in extra),
                   source=source_link(top["source"]), date=published_date(top["published"], lang))]
    ch = ctx.facts.changes
    if len(ch):
        items = [ctx.p("change_item", years=f"{int(r.year_from)}→{int(r.year_to)}",
                       change=fmt_approx(fmt_eur(r.change_eur, 0, lang), r.change_precision, lang),
                       rel=fmt_approx(fmt_pct(r.change_rel, 1, lang), r.change_precision, lang))
                 for r in ch.itertuples(index=False)
                 if r.measure == top["measure"] and r.scope == top["scope"]]
        if items:
            lines.append(ctx.s("facts_trend", changes=", ".join(items)))
    elif money["year"].nunique() > 1:
        lines.append(ctx.s("facts_trend_none"))
    return lines


def _rule_line(ctx: BriefContext) -> str:
    lang = ctx.lang
    ry = regions.REFORM_YEAR
    if is_city(ctx.county):
        return ctx.s("facts_rule_city")
    r = ctx.facts.handover_rule
    if r is None:
        return ctx.s("facts_rule_none", before=str(ry - 1), reform=str(ry))
    return ctx.s("facts_rule", before=str(ry - 1), reform=str(ry),
                 rule=labels.label("handover_rule", r["rule"], lang), quote=r["quote_fi"],
                 source=source_link(r["source"]), date=published_date(r["published"], lang))


def _coop_line(ctx: BriefContext) -> str:
    lang = ctx.lang
    c = ctx.facts.cooperation
    found = c[c["origin"] != "not_found"]
    if found.empty:
        return ctx.s("facts_coop_none")
    items = []
    for r in found.itertuples(index=False):
        item = ctx.p(f"coop_{r.item}")
        status = labels.label("cooperation_status", r.status, lang)
        desc = "" if pd.isna(r.description) else str(r.description).split(" (")[0]  # the name, not the details
        when = "" if pd.isna(r.since) else published_date(r.since, lang)
        detail = ", ".join(x for x in (desc if r.status == "yes" else status, when, source_link(r.source)) if x)
        items.append(f"{item} ({detail})")
    origin = ctx.p(f"origin_{ctx.facts.cooperation_origin}")
    missing = c.loc[c["origin"] == "not_found", "item"]
    if missing.empty:
        return ctx.s("facts_coop_all", origin=origin, found="; ".join(items))
    return ctx.s("facts_coop", origin=origin, found="; ".join(items),
                 missing=", ".join(ctx.p(f"coop_{i}") for i in missing))


def _associations_line(ctx: BriefContext) -> str:
    lang = ctx.lang
    a = published.sote_associations()
    whole = a[a["area"] == "all"].iloc[0]
    here = ctx.facts.associations
    common = {"total": fmt_count(int(whole["n_associations"]), lang),
              "date_all": published_date(whole["ref_date"], lang),
              "source_all": source_link(whole["url"] if pd.notna(whole["url"]) else whole["source"])}
    if here.empty:
        return ctx.s("facts_associations_country", **common)
    parts = []
    for src, g in here.groupby("source", sort=False):
        short = str(src).split(":")[0]
        if len(g) > 1:
            parts.append(ctx.p("associations_range", low=fmt_count(int(g["n_associations"].min()), lang),
                               high=fmt_count(int(g["n_associations"].max()), lang), source=short))
        else:
            r = g.iloc[0]
            link = source_link(r["url"]) if pd.notna(r["url"]) else short
            about = str(r["definition"]).lower().startswith(("noin", "arvio"))  # as published
            parts.append(ctx.p("associations_about" if about else "associations_one",
                               n=fmt_count(int(r["n_associations"]), lang),
                               date=published_date(r["ref_date"], lang), source=link))
    return ctx.s("facts_associations", counts="; ".join(parts), **common)


def _national_lines(ctx: BriefContext) -> list[str]:
    lang = ctx.lang
    b = published.jarjestobarometri().set_index("indicator")
    pct = lambda k: fmt_pct(float(b.loc[k, "value_pct"]) / 100, 0, lang)  # noqa: E731
    lines = [ctx.s("facts_barometer", worse=pct("grant_availability_worsened_since_counties"),
                   same=pct("grant_availability_unchanged"), better=pct("grant_availability_improved"),
                   model=pct("county_grant_model_supports_well_or_fairly_well"),
                   source=source_link(b["url"].iloc[0]))]
    from ..sources import stea

    t = stea.stea_totals()
    t = t[t["granted_total_meur"].notna() & t["year"].between(2022, 2024)]
    totals = ", ".join(ctx.p("stea_total", year=str(int(r.year)),
                             total=fmt_approx(fmt_meur(r.granted_total_meur * 1e6, 1, lang),
                                              "about" if r.approximate else None, lang))
                       for r in t.itertuples(index=False))
    lines.append(ctx.s("facts_stea", totals=totals, made=fmt_meur(abs(ctx.stea_made_meur) * 1e6, 1, lang),
                       further=fmt_meur(abs(stea.FURTHER_CUT_MEUR_PER_YEAR) * 1e6, 0, lang),
                       source=source_link(stea.CUTS_SOURCE_URL)))
    return lines


def facts_section(ctx: BriefContext) -> Section:
    """"Julkiset tiedot alueelta / Published facts about the area": real facts with sources."""
    title = ctx.p("title_facts")
    blocks = [heading(title), paragraph(ctx.s("facts_real"), "real")]
    f = ctx.facts
    if f.has_any or is_city(ctx.county):
        items = _grant_lines(ctx) + [_rule_line(ctx), _coop_line(ctx), _associations_line(ctx)]
    else:
        items = [ctx.s("facts_nothing")]
    items += _national_lines(ctx)
    blocks.append(Block("list", items=items, style="facts"))
    return Section("facts", title, blocks)


def questions_section(ctx: BriefContext) -> Section:
    """"Kysymyksiä hyvinvointialueelle / Questions for the county" (for Helsinki: the city)."""
    title = ctx.p("title_questions_city" if is_city(ctx.county) else "title_questions")
    return Section("questions", title, [heading(title), Block("list", items=question_texts(ctx),
                                                                style="questions")])


# ---------------------------------------------------------------------------------------------
# Used by the other sections: Helsinki's figure labels, the two parts of the STEA cuts
# ---------------------------------------------------------------------------------------------


def city_label(ctx: BriefContext, text: str) -> str:
    """A figure label in the words that fit the area: the City of Helsinki is not a wellbeing
    services county, so labels naming one are replaced by the city's sote budget or, where the
    whole country is shown too, by "the sote organiser" (true of both)."""
    if not is_city(ctx.county):
        return text
    lang = ctx.lang
    swap = {model.label("source_group", "county", lang): ctx.p("source_group_city"),
            model.label("source", "county", lang): ctx.p("source_group_city"),
            labels.label("handover_outcome", "taken_over_county", lang):
                ctx.p("outcome_taken_over_city"),
            labels.label("handover_outcome", "split", lang): ctx.p("outcome_split_city")}
    return swap.get(text, text)


def city_figure(ctx: BriefContext, fig) -> None:
    """Relabel every text of a figure with :func:`_city_label` (a no-op outside Helsinki)."""
    if not is_city(ctx.county):
        return
    from matplotlib.text import Text

    for txt in fig.findobj(Text):
        new = city_label(ctx, txt.get_text())
        if new != txt.get_text():
            txt.set_text(new)
    for ax in fig.axes:  # the bars' own labels too: the alternative text reads them
        for cont in ax.containers:
            new = city_label(ctx, cont.get_label() or "")
            if new != (cont.get_label() or ""):
                cont.set_label(new)


def cut_sentences(ctx: BriefContext) -> list[str]:
    """The STEA cut already made and the cuts announced after it, each from its named base
    (:func:`impactlib.continuity.stea_exposure`)."""
    from ..sources import stea

    lang = ctx.lang
    ex = ctx.exposure
    threshold = fmt_pct(float(ctx.exposure_all.attrs.get("threshold", 0.10)), 0, lang)
    out = []
    for part in ("made", "announced"):
        d = ex[(ex["part"] == part) & (ex["group"].astype(str) == ctx.county)]
        a = ex[(ex["part"] == part) & (ex["group"] == "all")]
        if d.empty or a.empty:
            if part == "announced":
                out.append(ctx.s("cuts_none", base=str(max(ctx.year, 2025)), until="2027"))
            continue
        r, w = d.iloc[0], a.iloc[0]
        n = int(r["n"])
        common = {"base": str(r["base_year"]), "end": str(r["end_year"]), "threshold": threshold,
                  "change": fmt_pct(float(r["national_change"]), 1, lang),
                  "losing": count_share_text(int(r["n_losing"]), n, lang=lang),
                  "losing_all": share_text(int(w["n_losing"]), int(w["n"]), lang=lang)}
        eur = hidden_word(lang) if is_small(n)[0] else fmt_meur(float(r["stea_change_eur"]), 2, lang)
        if part == "made":
            made = fmt_meur(abs(ctx.stea_made_meur) * 1e6, 1, lang)
            key = "cuts_made_observed" if r["basis"] == "observed" else "cuts_made_scenario"
            out.append(ctx.s(key, made=made, eur=eur, **common))
        else:
            loss = hidden_word(lang) if is_small(n)[0] else fmt_meur(-float(r["stea_change_eur"]), 2, lang)
            out.append(ctx.s("cuts_announced", eur=loss,
                             further=fmt_meur(abs(stea.FURTHER_CUT_MEUR_PER_YEAR) * 1e6, 0, lang), **common))
    return out
