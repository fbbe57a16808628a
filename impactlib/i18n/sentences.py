"""Sentence templates of the briefs and notebooks, in Finnish and English.

Sentences meant for people are generated from numbers with :func:`sentence` and the templates
in :data:`SENTENCES`, never typed per county. A whole number passed to a template is a count
of people or associations and is always shown through
:func:`~impactlib.i18n.formats.fmt_count` (1–4 become ``<5``); every other number must be
formatted first (:func:`~impactlib.i18n.formats.fmt_pct`,
:func:`~impactlib.i18n.formats.fmt_number` …), so a count cannot reach a sentence unsuppressed
by accident. Short labels (titles, table headers, figure captions) are in
:mod:`impactlib.i18n.phrases`.

Examples
--------
>>> sentence("reach_none", "en", year="2025")
'The data hold no activities aimed at the area in 2025.'
"""

from __future__ import annotations

import numbers

from .county import COUNTY_SENTENCES
from .formats import check_lang, fmt_count
from .notebook_sentences import NOTEBOOK_SENTENCES

__all__ = ["SENTENCES", "sentence"]

#: Sentence templates: key -> (Finnish, English). Placeholders take counts (whole
#: numbers, shown with :func:`fmt_count`) or text already formatted; ``{area}`` is
#: :func:`~impactlib.i18n.formats.county_in`.
SENTENCES: dict[str, tuple[str, str]] = {
    "intro": (
        "Tämä kooste kokoaa {area} toimivien sosiaali- ja terveysalan järjestöjen (sote-järjestöjen) "
        "toiminnan, rahoituksen ja vaikuttavuusnäytön luvut ja vertaa niitä koko maahan. Kaikki "
        "luvut ja lauseet on laskettu aineistosta impactlib-kirjastolla; alle viiden yhdistyksen tai "
        "henkilön luvut on piilotettu.",
        "This brief brings together the figures on the activities, funding and evidence of "
        "effectiveness of social and health associations (sote associations) based {area}, "
        "compared with the whole country. Every number and sentence is computed from the data with "
        "the impactlib library; counts of fewer than five associations or people are suppressed.",
    ),
    "key_figures_note": (
        "Perusjoukot: henkilöstö – yhdistykset, joista tieto on; avustus loppui – vuonna {before} "
        "kunnan avustusta saaneet; yksi rahoittaja – ulkopuolista rahoitusta saaneet; leikkaukset – "
        "perusvuonna rahaa saaneet; näytön taso – vuoden toiminnot. <5 = alle viisi, piilotettu; "
        "x = piilotettu, jottei <5-lukua voi laskea muista; – = ei tietoa.",
        "Bases: paid staff – associations whose staffing is known; grant lost – associations with "
        "a municipal grant in {before}; one funder – associations with outside funding; cuts – "
        "associations with money in the base year; evidence level – the year's activities. <5 = "
        "fewer than five, hidden; x = hidden so that a <5 cannot be worked out from the others; "
        "– = no data.",
    ),
    "field_total": (
        "{area} on aineistossa {n} sote-järjestöä; tuhatta asukasta kohden niitä on {per1000} "
        "(koko maassa {per1000_all}).",
        "The data hold {n} sote associations {area}, {per1000} per 1,000 inhabitants (whole "
        "country {per1000_all}).",
    ),
    "field_kinds": (
        "Niistä {volunteer} on vapaaehtoispohjaisia, {intermediate} välimuotoisia (matalan kynnyksen "
        "palveluja) ja {service} sote-palveluja tuottavia (koko maassa {volunteer_all}, "
        "{intermediate_all} ja {service_all}).",
        "Of these, {volunteer} are volunteer-based, {intermediate} intermediate (low-threshold "
        "services) and {service} produce sote services (whole country {volunteer_all}, "
        "{intermediate_all} and {service_all}).",
    ),
    "field_largest": (
        "Eniten yhdistyksiä on toimialalla ”{category}” ({share} alueen yhdistyksistä).",
        "The largest field is {category} ({share} of the area's associations).",
    ),
    "field_staff": (
        "Yhdistyksistä {paid} työllistää palkattua henkilöstöä (koko maassa {paid_all}); tuhatta "
        "asukasta kohden on {fte} palkattua henkilötyövuotta ja {vol} vapaaehtoista (koko maassa "
        "{fte_all} ja {vol_all}).",
        "{paid} of the associations have paid staff (whole country {paid_all}); there are {fte} "
        "paid full-time equivalents and {vol} volunteers per 1,000 inhabitants (whole country "
        "{fte_all} and {vol_all}).",
    ),
    "reach": (
        "Vuonna {year} alueelle suunnatuissa {k} toiminnossa oli {participants} osallistumiskertaa; "
        "tuhatta asukasta kohden niitä oli {per1000} (koko maassa {per1000_all}).",
        "In {year} the {k} activities aimed at the area recorded {participants} participations, "
        "{per1000} per 1,000 inhabitants (whole country {per1000_all}).",
    ),
    "reach_volunteers": (
        "Vapaaehtoiset tekivät niissä {hours} tuntia eli {fte} henkilötyövuotta ({fte1000} "
        "henkilötyövuotta tuhatta asukasta kohden; koko maassa {fte1000_all}; "
        "henkilötyövuosi = {fte_hours} tuntia).",
        "Volunteers gave {hours} hours to them, {fte} full-time equivalents ({fte1000} per 1,000 "
        "inhabitants; whole country {fte1000_all}; one full-time equivalent = {fte_hours} hours).",
    ),
    "reach_cost": (
        "Toimintojen kustannukset olivat {cost}, {cpp} osallistumista kohden (koko maassa {cpp_all}).",
        "The activities cost {cost}, {cpp} per participation (whole country {cpp_all}).",
    ),
    "reach_none": (
        "Aineistossa ei ole alueelle suunnattuja toimintoja vuodelta {year}.",
        "The data hold no activities aimed at the area in {year}.",
    ),
    "funding_total": (
        "Alueen yhdistysten rahoitus oli yhteensä {first_eur} vuonna {first} ja {last_eur} vuonna "
        "{last} (nimellisinä euroina).",
        "The associations of the area received {first_eur} in {first} and {last_eur} in {last} "
        "(nominal euros).",
    ),
    "funding_reform": (
        "Kuntien osuus rahoituksesta oli {mun_before} vuonna {before}; vuonna {reform} kuntien osuus "
        "oli {mun_after} ja hyvinvointialueen {county_after} (koko maassa {mun_after_all} ja "
        "{county_after_all}).",
        "Municipalities gave {mun_before} of the funding in {before}; in {reform} municipalities "
        "gave {mun_after} and the wellbeing services county {county_after} (whole country "
        "{mun_after_all} and {county_after_all}).",
    ),
    "funding_stea": (
        "STEA:n osuus oli {stea_prev} vuonna {prev} ja {stea_last} vuonna {last} (koko maassa "
        "{stea_prev_all} ja {stea_last_all}).",
        "STEA's share was {stea_prev} in {prev} and {stea_last} in {last} (whole country "
        "{stea_prev_all} and {stea_last_all}).",
    ),
    "handover_n": (
        "Vuonna {before} alueen kunnat avustivat {n} yhdistystä. Vuonna {reform} näistä avustuksista "
        "kunta jatkoi {continued}, hyvinvointialue otti hoitaakseen {taken}, {split} jaettiin "
        "kunnan ja alueen kesken, {reduced} pieneni yli neljänneksellä ja {lost} loppui kokonaan "
        "(koko maassa loppui {lost_all}).",
        "In {before} the municipalities of the area gave grants to {n} associations. In {reform} the "
        "municipality continued {continued} of them, the county took over {taken}, {split} were "
        "split between the two, {reduced} fell by more than a quarter and {lost} were lost "
        "altogether (whole country: {lost_all} lost).",
    ),
    "handover_eur": (
        "Vuoden {before} kuntien avustuseuroista jatkui vuonna {reform} kunnan tai alueen "
        "rahoituksena {kept} (koko maassa {kept_all}).",
        "Of the municipal grant euros of {before}, {kept} continued in {reform} as municipal or "
        "county money (whole country {kept_all}).",
    ),
    "handover_back": (
        "Niistä, joilta avustus loppui, {back} sai taas rahaa kunnalta tai alueelta vuonna {next}.",
        "Of those whose grant was lost, {back} got money from the municipality or the county "
        "again in {next}.",
    ),
    "handover_none": (
        "Aineistossa ei ole alueen kuntien avustuksia vuodelta {before}.",
        "The data hold no municipal grants of the area for {before}.",
    ),
    "dependence": (
        "Vuonna {year} ulkopuolista rahoitusta sai {n} alueen yhdistystä; {high} niistä sai "
        "vähintään 90\u00a0% siitä yhdeltä rahoittajalta (koko maassa {high_all}). Yhdistyksen omaa "
        "varainhankintaa ei lasketa rahoittajaksi.",
        "In {year}, {n} associations of the area had outside funding; {high} of them got at least "
        "90% of it from one funder (whole country {high_all}). An association's own fundraising is not "
        "counted as a funder.",
    ),
    "cuts": (
        "Jos STEA-avustukset pienenevät ilmoitetusti vuoteen {until} mennessä ({cut} vuoden {base} "
        "tasosta, kaikille samassa suhteessa), {losing} alueen yhdistyksistä menettäisi yli 10\u00a0% "
        "kokonaisrahoituksestaan (koko maassa {losing_all}); alueen yhdistysten rahoitus pienenisi "
        "{eur}.",
        "If STEA grants shrink as announced until {until} ({cut} from the {base} level, the same "
        "share off every grant), {losing} of the area's associations would lose more than 10% of their total "
        "funding (whole country {losing_all}); the area's associations would lose {eur}.",
    ),
    "cuts_none": (
        "Vuoden {base} jälkeen ei ole ilmoitettuja STEA-leikkauksia vuoteen {until} mennessä.",
        "No STEA cuts are announced after {base} until {until}.",
    ),
    "cliff": (
        "Vuosina {first}–{last} päättyneistä alueen STEA-hankkeista {share} jäi ilman STEA:n "
        "toiminta-avustusta seuraavana vuonna (koko maassa {share_all}).",
        "Of the area's STEA projects that ended in {first}–{last}, {share} had no STEA operating "
        "grant the year after (whole country {share_all}).",
    ),
    "effects_n": (
        "Vuosina {first}–{last} alueen yhdistysten toiminnoista {k} mitattiin alku- ja "
        "loppumittauksella, niistä {k_comp} vertailuryhmän kanssa.",
        "In {first}–{last}, {k} activities of the area's associations were measured before and "
        "after, {k_comp} of them with a comparison group.",
    ),
    "effects_best": (
        "Vertailuryhmään verrattuna suurin yhdistetty vaikutus oli toimintamuodossa {theme}: "
        "{estimate} keskihajontaa (95\u00a0%:n luottamusväli {ci}; koko maassa {estimate_all}).",
        "Against a comparison group, the largest pooled effect was in {theme}: {estimate} standard "
        "deviations (95% CI {ci}; whole country {estimate_all}).",
    ),
    "effects_none": (
        "Alueella ei ole tarpeeksi vertailuryhmällisiä mittauksia toimintamuotoa kohden (vähintään "
        "5) yhdistetyn vaikutuksen laskemiseen.",
        "The area has too few comparison-group measurements per theme (at least 5 are needed) for a "
        "pooled effect.",
    ),
    "effects_no_data": (
        "Aineistossa ei ole alueen yhdistysten toimintojen alku- ja loppumittauksia.",
        "The data hold no before/after measurements of the area's activities.",
    ),
    "levels": (
        "Vuoden {year} toiminnoista {l2} yltää näytön tasolle 2 (aineisto näyttää muutoksen) ja "
        "{l3} tasolle 3 (vertailuryhmä tukee syy-yhteyttä); koko maassa {l2_all} ja {l3_all}. "
        "Yleisin este seuraavalle tasolle: {gap}.",
        "Of the activities of {year}, {l2} reach evidence level 2 (data show change) and {l3} "
        "level 3 (a comparison group supports causation); whole country {l2_all} and {l3_all}. The "
        "most common obstacle to the next level: {gap}.",
    ),
    "felt_help": (
        "Palautteeseen vastanneista {share} koki saaneensa apua (koko maassa {share_all}); tämä "
        "kertoo tyytyväisyydestä, ei vaikutuksesta.",
        "{share} of feedback respondents felt helped (whole country {share_all}); this measures "
        "satisfaction, not effect.",
    ),
    "limit_prepost": (
        "{share} alueen mitatuista toiminnoista on vain alku- ja loppumittaus. Koko maan "
        "vertailuryhmien tila parani {trend} keskihajontaa ilman toimintaa, joten pelkkä "
        "alku- ja loppumittauksen ero yliarvioi toiminnan vaikutusta.",
        "{share} of the area's measured activities have only a before/after measurement. Comparison "
        "groups across the country improved by {trend} standard deviations without the activity, so "
        "before/after change alone overstates the effect.",
    ),
    "limit_participations": (
        "Osallistujat lasketaan toiminnoittain: sama ihminen voi olla mukana useassa toiminnossa, "
        "joten luvut ovat osallistumisia eivätkä eri henkilöitä.",
        "Participants are counted per activity: one person can take part in several, so the "
        "figures are participations, not different people.",
    ),
    "limit_reporting": (
        "Toimintatietoja on {n_act} alueen yhdistyksestä (kaikkiaan {n}); muiden toiminnasta "
        "aineisto ei kerro.",
        "Activity data come from {n_act} of the area's {n} associations; the data say nothing of the "
        "others' activities.",
    ),
    "limit_county_money": (
        "Hyvinvointialueen raha lasketaan kunnan avustuksen jatkoksi käyttötarkoituksesta "
        "riippumatta, ja euromäärät ovat nimellisiä (inflaatiota ei ole korjattu).",
        "County money counts as continuing a municipal grant whatever it is for, and euros are "
        "nominal (not adjusted for inflation).",
    ),
    "limit_cuts": (
        "Leikkauslaskelma on skenaario ilmoituksen pohjalta, ei päätetty talousarvio.",
        "The cut calculation is a scenario built on an announcement, not a decided budget.",
    ),
    "limit_disclosure": (
        "Alle viiden yhdistyksen tai henkilön luvut näytetään muodossa <5, ja luvut, joista ne "
        "voisi päätellä, muodossa x.",
        "Counts of fewer than five associations or people are shown as <5, and figures from "
        "which they could be worked out as x.",
    ),
    "limit_demo": (
        "Aineisto on keksitty demoaineisto: luvut eivät kuvaa todellisia järjestöjä eivätkä "
        "ihmisiä.",
        "The data are invented demo data: the figures describe no real association or person.",
    ),

    # --- the brief's questions, notes and sources ------------------------------------------
    "demo_note": (
        "DEMO — keksitty aineisto: luvut eivät kuvaa todellisia järjestöjä.",
        "DEMO — synthetic data: the figures describe no real association.",
    ),
    "meta_line": (
        "Päiväys {date} · vertailu koko maahan · aineisto: {source}",
        "Date {date} · compared with the whole country · data: {source}",
    ),
    "question_field": (
        "Kuinka monta sote-järjestöä alueella on, minkä tyyppisiä ja millä toimialoilla, ja "
        "kuinka moni toimii vapaaehtoisvoimin?",
        "How many sote associations does the area have, of which kinds and fields, and how many "
        "run on volunteers alone?",
    ),
    "question_reach": (
        "Kuinka paljon alueelle suunnattu toiminta tavoittaa asukkaita ja paljonko vapaaehtoiset "
        "tekevät työtä?",
        "How many inhabitants do the activities aimed at the area reach, and how much do "
        "volunteers give?",
    ),
    "question_funding": (
        "Mistä alueen yhdistysten raha tulee, ja miten rakenne muuttui uudistuksessa?",
        "Where does the money of the area's associations come from, and how did the mix change "
        "with the reform?",
    ),
    "question_handover": (
        "Kun järjestämisvastuu siirtyi hyvinvointialueelle, jatkoiko kunta avustustaan, ottiko "
        "alue sen hoitaakseen, pienenikö se vai loppuiko se?",
        "When the county took over, did the municipality continue its grant, did the county take "
        "it over, was it reduced or lost?",
    ),
    "question_dependence": (
        "Kuinka moni yhdistys on yhden rahoittajan varassa, ja mitä ilmoitetut STEA-leikkaukset "
        "tekisivät?",
        "How many associations depend on one funder, and what would the announced STEA cuts do?",
    ),
    "question_effectiveness": (
        "Mitä mittaukset kertovat toiminnan vaikutuksista, ja kuinka vahvaa näyttö on?",
        "What do measurements say about the effects of the activities, and how strong is the "
        "evidence?",
    ),
    "funding_none": (
        "Aineistossa ei ole alueen yhdistysten rahoitusta.",
        "The data hold no funding of the area's associations.",
    ),
    # --- service-producing associations (impactlib.market; issue 13) -------------------------
    "question_market": (
        "Kuinka paljon palveluja tuottavat järjestöt myyvät, kenelle ja miten, ja mitä uudistus "
        "muutti?",
        "How much do the service-producing associations sell, to whom and how, and what did the "
        "reform change?",
    ),
    "market_share": (
        "{area} on {n} palveluja tuottavaa järjestöä; vuonna {year} myynti oli {share} niiden "
        "tuloista (koko maassa {share_all}). Suurin julkinen ostaja osti keskimäärin {top_before} "
        "järjestön julkisesta myynnistä ennen vuotta {reform} ja {top_after} sen jälkeen.",
        "There are {n} service-producing associations {area}; in {year} sales were {share} of "
        "their income (whole country {share_all}). The largest public buyer bought on average "
        "{top_before} of an association's public sales before {reform} and {top_after} after.",
    ),
    "market_share_hidden_n": (
        "{area} palveluja tuottavien järjestöjen lukumäärä on piilotettu, jotta pientä lukua ei "
        "voisi päätellä muista koosteista; vuonna {year} myynti oli {share} niiden tuloista (koko "
        "maassa {share_all}). Suurin julkinen ostaja osti keskimäärin {top_before} järjestön "
        "julkisesta myynnistä ennen vuotta {reform} ja {top_after} sen jälkeen.",
        "The number of service-producing associations {area} is suppressed so that a small count "
        "cannot be worked out from the other briefs; in {year} sales were {share} of their income "
        "(whole country {share_all}). The largest public buyer bought on average {top_before} of "
        "an association's public sales before {reform} and {top_after} after.",
    ),
    "market_transition": (
        "Kunnille vuonna {before} myyneistä {n} järjestöstä {moved} myi vuonna {reform} alueelle, "
        "{replaced} siirtyi seteleihin tai budjettiin ja {lost} menetti julkisen myyntinsä (koko "
        "maassa {lost_all}).",
        "Of the {n} that sold to municipalities in {before}, {moved} sold to the county in "
        "{reform}, {replaced} moved to vouchers or personal budgets and {lost} lost their public "
        "sales (whole country {lost_all}).",
    ),
    "market_transition_few": (
        "Kunnille vuonna {before} myi alle viisi järjestöä, joten siitä, mitä niiden myynnille "
        "tapahtui vuonna {reform}, ei näytetä lukuja (koko maassa {lost_all} menetti julkisen "
        "myyntinsä).",
        "Fewer than five associations sold to municipalities in {before}, so no figures are shown "
        "on what happened to their sales in {reform} (whole country: {lost_all} lost their public "
        "sales).",
    ),
    "market_none": (
        "{area} on alle viisi palveluja myyvää järjestöä, joten niiden myynnistä ei näytetä lukuja: "
        "yksittäisen järjestön voisi tunnistaa.",
        "Fewer than five associations {area} sell services, so no figures on their sales are "
        "shown: a single association could be recognised.",
    ),
    "source_data": (
        "Aineisto: {source}. Lisenssi: {licence}. Aineiston päiväys: {date}.",
        "Data: {source}. Licence: {licence}. Data date: {date}.",
    ),
    "source_sha256": (
        "Aineiston SHA-256: {sha256}",
        "SHA-256 of the data: {sha256}",
    ),
    "source_computed": (
        "Laskettu: impactlib {version}, {date}. Toista: {command}",
        "Computed with impactlib {version} on {date}. Reproduce: {command}",
    ),
    "source_footer": (
        "Aineisto: {source}, {licence}, päiväys {data_date} · SHA-256 {sha256} · laskettu: impactlib "
        "{version}, {date} · toista: {command}",
        "Data: {source}, {licence}, dated {data_date} · SHA-256 {sha256} · computed: impactlib "
        "{version}, {date} · reproduce: {command}",
    ),
    "source_references": (
        "Väestö 31.12.2022 ja aluejako 2023: Tilastokeskus (CC BY 4.0). STEA-leikkaukset: STEA, "
        "Kysymyksiä ja vastauksia STEA-avustuksista (2024). Menetelmät: vaikutuskoot Morris (2008) "
        "ja Becker (1988), yhdistäminen REML (Viechtbauer 2010), näytön tasot Nesta (Puttick & "
        "Ludlow 2013).",
        "Population on 31 December 2022 and the 2023 classification: Statistics Finland (CC BY 4.0). STEA "
        "cuts: STEA, Kysymyksiä ja vastauksia STEA-avustuksista (2024). Methods: effect sizes "
        "Morris (2008) and Becker (1988), pooling by REML (Viechtbauer 2010), evidence levels "
        "Nesta (Puttick & Ludlow 2013).",
    ),
    # the key messages, published facts and questions for the county (impactlib.i18n.county)
    **COUNTY_SENTENCES,
    **NOTEBOOK_SENTENCES,
}


def sentence(key: str, lang: str = "fi", *, capitalise: bool = True, **values) -> str:
    """Fill in a sentence template of :data:`SENTENCES` in Finnish or English.

    Parameters
    ----------
    key : str
        Template name.
    lang : {"fi", "en"}
    capitalise : bool, default True
        Capitalise the first letter (``False`` for a part of a longer sentence).
    **values
        Whole numbers are counts of people or associations and are shown
        with ``fmt_count`` (1–4 as ``<5``); text is used as it is. Any
        other value (a float, a share) raises ``TypeError``: format it first,
        e.g. with ``fmt_pct``.

    Returns
    -------
    str
        The sentence, with its first letter capitalised.

    Examples
    --------
    >>> from impactlib.i18n import county_in
    >>> sentence("field_total", n=3, area=county_in("15"), per1000="0,0", per1000_all="1,8")
    'Keski-Suomen hyvinvointialueella on aineistossa <5 sote-järjestöä; tuhatta asukasta kohden niitä on 0,0 (koko maassa 1,8).'
    >>> sentence("limit_disclosure", "en")[:22]
    'Counts of fewer than f'
    """
    check_lang(lang)
    if key not in SENTENCES:
        raise ValueError(f"no sentence template called {key!r}")
    shown = {}
    for name, v in values.items():
        if isinstance(v, bool) or not isinstance(v, numbers.Integral | str):
            raise TypeError(
                f"value {name}={v!r} of sentence {key!r} must be a count (int) or formatted text; "
                "format other numbers with fmt_pct, fmt_number, fmt_eur …"
            )
        shown[name] = fmt_count(int(v), lang) if isinstance(v, numbers.Integral) else v
    text = SENTENCES[key][0 if lang == "fi" else 1].format(**shown)
    return text[:1].upper() + text[1:] if text and capitalise else text
