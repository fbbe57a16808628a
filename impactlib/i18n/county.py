"""Texts of the briefs' key messages, published facts and questions for the county.

Part of the sentence catalogue (:data:`impactlib.i18n.SENTENCES` and
:data:`impactlib.i18n.PHRASES` include these), kept in its own module because they belong
together: the first page's key messages and published facts, and the last section's questions.
Texts that name the organiser of sote services take ``{org}`` forms from :func:`organiser`, so
that the City of Helsinki, which organises its services itself, is never called a wellbeing
services county; where the wording must differ more, a ``…_city`` variant exists.

Examples
--------
>>> organiser("15", "fi", "allative"), organiser("90", "fi", "allative"), organiser("90", "en")
('hyvinvointialueelle', 'kaupungille', 'the city')
"""

from __future__ import annotations

from .formats import check_lang

__all__ = ["CITY", "ORGANISER_FORMS", "organiser", "is_city", "fmt_approx", "COUNTY_SENTENCES",
           "COUNTY_PHRASES"]

#: Code of the City of Helsinki, which organises its social and health services itself.
CITY = "90"

#: How the organiser of sote services is named: form -> ((county fi, city fi), (county en, city en)).
ORGANISER_FORMS: dict[str, tuple[tuple[str, str], tuple[str, str]]] = {
    "nominative": (("hyvinvointialue", "kaupunki"), ("the county", "the city")),
    "genitive": (("hyvinvointialueen", "kaupungin"), ("the county's", "the city's")),
    "allative": (("hyvinvointialueelle", "kaupungille"), ("the county", "the city")),
    "inessive": (("hyvinvointialueella", "kaupungissa"), ("in the county", "in the city")),
}


def is_city(code: str) -> bool:
    """True for the City of Helsinki (``"90"``), which is not a wellbeing services county."""
    return str(code) == CITY


def organiser(code: str, lang: str = "fi", form: str = "nominative") -> str:
    """The organiser of sote services of an area in a sentence: the county, or the city.

    Parameters
    ----------
    code : str
        County code; ``"90"`` is the City of Helsinki.
    lang : {"fi", "en"}
    form : {"nominative", "genitive", "allative", "inessive"}
        Finnish case (English: the matching phrase).
    """
    check_lang(lang)
    fi, en = ORGANISER_FORMS[form]
    pair = fi if lang == "fi" else en
    return pair[1] if is_city(code) else pair[0]


def fmt_approx(text: str, precision, lang: str = "fi") -> str:
    """Put the word of a figure's precision before it: ``noin 2,5 milj. €``, ``enintään 53 %``.

    Parameters
    ----------
    text : str
        The figure, already formatted.
    precision : str or None
        ``exact`` (or missing: nothing added), ``about``, ``more_than``, ``derived``,
        ``at_most``, ``at_least`` (:data:`impactlib.labels.PRECISION_WORDS`); an
        ``undetermined`` value is shown as the word alone.
    lang : {"fi", "en"}

    Examples
    --------
    >>> from impactlib.i18n import fmt_pct
    >>> fmt_approx(fmt_pct(0.5286), "at_most"), fmt_approx("€2.6 million", "about", "en")
    ('enintään 52,9\xa0%', 'about €2.6 million')
    >>> fmt_approx("1\xa0000\xa0€", "exact"), fmt_approx("–", "undetermined", "en")
    ('1\xa0000\xa0€', 'undetermined')
    """
    from ..labels import PRECISION_WORDS

    check_lang(lang)
    if precision is None or (not isinstance(precision, str) and precision != precision):
        return text
    pair = PRECISION_WORDS.get(str(precision))
    if pair is None:
        return text
    word = pair[0] if lang == "fi" else pair[1]
    if precision == "undetermined":
        return word
    if precision == "derived":
        return f"{text} ({word})"
    return f"{word} {text}"


#: Sentences: key -> (Finnish, English). ``{org}`` … are :func:`organiser` forms.
COUNTY_SENTENCES: dict[str, tuple[str, str]] = {
    # --- key messages ----------------------------------------------------------------------
    "msg_grants_vs_areas": (
        "Julkaistut järjestöavustukset {year}: {amount} eli {per_inh} asukasta kohden – {rank} "
        "niistä {n_areas} alueesta, jotka julkaisivat saman luvun ({measure}; mediaani {median}). "
        "Tieto on todellinen ja julkaistu.",
        "Published grants to associations for {year}: {amount}, or {per_inh} per inhabitant – "
        "{rank} of the {n_areas} areas that published the same figure ({measure}; median "
        "{median}). A real published figure.",
    ),
    "msg_handover_lost": (
        "Kunnan avustus loppui siirrossa {before}→{reform} {share} yhdistyksistä, joilla se oli "
        "({k} / {n}; koko maassa {share_all}).",
        "At the {before}→{reform} hand-over the municipal grant ended for {share} of the "
        "associations that had one ({k} of {n}; whole country {share_all}).",
    ),
    "msg_handover_lost_city": (
        "Kaupungin avustus loppui vuodesta {before} vuoteen {reform} {share} yhdistyksistä, joilla "
        "se oli ({k} / {n}; kuntien avustus loppui koko maassa {share_all}).",
        "From {before} to {reform} the city's grant ended for {share} of the associations that had "
        "one ({k} of {n}; municipal grants in the whole country: {share_all}).",
    ),
    "msg_difference": (
        "Suurin ero koko maahan, jonka aineisto kantaa: {label} {share} ({k} / {n}), koko maassa "
        "{share_all}.",
        "The largest difference from the whole country that the data can carry: {label} {share} "
        "({k} of {n}); whole country {share_all}.",
    ),
    "msg_one_funder": (
        "{share} yhdistyksistä ({k} / {n}) sai vähintään 90\u00a0% ulkopuolisesta rahoituksestaan "
        "yhdeltä rahoittajalta vuonna {year} (koko maassa {share_all}).",
        "{share} of associations ({k} of {n}) got 90% or more of their outside funding from one "
        "funder in {year} (whole country {share_all}).",
    ),
    "msg_stea_exposure": (
        "Jos STEA-avustuksia leikataan ilmoitetusti vuodesta {base} vuoteen {until} ({change}, "
        "kaikille samassa suhteessa), {share} yhdistyksistä ({k} / {n}) menettäisi yli {threshold} "
        "rahoituksestaan (koko maassa {share_all}); vuoden 2025 leikkaus, {made}, on jo tehty.",
        "If STEA grants are cut as announced from {base} to {until} ({change}, the same share off every grant), "
        "{share} of associations ({k} of {n}) would lose more than {threshold} of their funding "
        "(whole country {share_all}); the 2025 cut of {made} has already been made.",
    ),
    # --- the STEA cuts in the dependence section: each part from its named base -------------
    "cuts_made_observed": (
        "Vuoden 2025 STEA-leikkaus ({made}, {change} vuoden {base} tasosta) on jo tehty: aineistossa "
        "alueen yhdistysten STEA-raha muuttui {base}→{end} {eur}, ja {losing} niistä menetti yli "
        "{threshold} rahoituksestaan (koko maassa {losing_all}).",
        "The 2025 STEA cut ({made}, {change} from the {base} level) has been made: in the data the "
        "STEA money of the area's associations changed {base}→{end} by {eur}, and {losing} of them "
        "lost more than {threshold} of their funding (whole country {losing_all}).",
    ),
    "cuts_made_scenario": (
        "Vuoden 2025 STEA-leikkaus ({made}, {change} vuoden {base} tasosta) on jo tehty: kaikille samassa "
        "suhteessa jaettuna se vei yli {threshold} rahoituksesta {losing} alueen yhdistyksistä (koko maassa "
        "{losing_all}).",
        "The 2025 STEA cut ({made}, {change} from the {base} level) has been made: spread evenly, it "
        "took more than {threshold} of the funding of {losing} of the area's associations (whole "
        "country {losing_all}).",
    ),
    "cuts_announced": (
        "Ilmoitetut leikkaukset {base}→{end} ({further} vuodessa, yhteensä {change} vuoden {base} tasosta) "
        "veisivät kaikille samassa suhteessa jaettuina yli {threshold} rahoituksesta {losing} alueen yhdistyksistä (koko "
        "maassa {losing_all}); alueen rahoitus pienenisi {eur}.",
        "The cuts announced {base}→{end} ({further} a year, {change} in all from the {base} level), spread "
        "evenly, would take more than {threshold} of the funding of {losing} of the area's "
        "associations (whole country {losing_all}); the area would lose {eur}.",
    ),
    # --- Helsinki: the city organises its services itself -----------------------------------
    "funding_reform_city": (
        "Kaupungin osuus rahoituksesta oli {mun_before} vuonna {before}; vuonna {reform} kaupungin "
        "muiden määrärahojen osuus oli {mun_after} ja sen sote-määrärahojen {county_after} (koko "
        "maassa kuntien {mun_after_all} ja sote-palvelujen järjestäjien {county_after_all}).",
        "The city gave {mun_before} of the funding in {before}; in {reform} the city's other budgets "
        "gave {mun_after} and its social and health budget {county_after} (whole country: "
        "municipalities {mun_after_all}, organisers of sote services {county_after_all}).",
    ),
    "question_handover_city": (
        "Helsinki järjestää sote-palvelunsa itse: mitä uudistus muutti kaupungin avustuksissa "
        "vuodesta 2022 vuoteen 2023?",
        "Helsinki organises its social and health services itself: what did the reform change in "
        "the city's grants from 2022 to 2023?",
    ),
    "handover_city": (
        "Uudistus ei siirtänyt Helsingin avustuksia toiselle järjestäjälle: kaupunki jatkoi niitä, "
        "ja sote-palvelujen rahoitus tulee nyt valtiolta. Vuonna {before} kaupunki avusti {n} "
        "yhdistystä. Vuonna {reform} kaupunki jatkoi avustusta muista määrärahoistaan {continued}, "
        "sote-määrärahoistaan {taken} ja molemmista {split}; {reduced} pieneni yli neljänneksellä "
        "ja {lost} loppui kokonaan (koko maassa kunnan avustus loppui {lost_all}).",
        "The reform did not move Helsinki's grants to another organiser: the city continued them, "
        "and its social and health services are now funded by the state. In {before} the city gave "
        "grants to {n} associations. In {reform} it continued {continued} of them from its other "
        "budgets, {taken} from its social and health budget and {split} from both; {reduced} fell "
        "by more than a quarter and {lost} were lost altogether (whole country: {lost_all} of "
        "municipal grants lost).",
    ),
    "handover_eur_city": (
        "Vuoden {before} kaupungin avustuseuroista jatkui vuonna {reform} {kept} (kuntien "
        "avustuseuroista koko maassa {kept_all}).",
        "Of the city's grant euros of {before}, {kept} continued in {reform} (municipal grant euros "
        "in the whole country: {kept_all}).",
    ),
    "handover_back_city": (
        "Niistä, joilta avustus loppui, {back} sai taas rahaa kaupungilta vuonna {next}.",
        "Of those whose grant was lost, {back} got money from the city again in {next}.",
    ),
    "limit_county_money_city": (
        "Kaupungin sote-määrärahoista annettu raha lasketaan avustuksen jatkoksi "
        "käyttötarkoituksesta riippumatta, ja euromäärät ovat nimellisiä (inflaatiota ei ole "
        "korjattu).",
        "Money from the city's social and health budget counts as continuing a grant whatever it "
        "is for, and euros are nominal (not adjusted for inflation).",
    ),
    # --- published facts -------------------------------------------------------------------
    "facts_real": (
        "Todellisia julkaistuja tietoja lähteineen – eivät demoaineistoa.",
        "Real published facts with their sources – not demo data.",
    ),
    "facts_grants": (
        "Järjestöavustukset {year} ({measure}, {scope}): {amount} eli {per_inh} asukasta kohden"
        "{extra}. Lähde: {source}, {date}.",
        "Grants to associations for {year} ({measure}, {scope}): {amount}, or {per_inh} per "
        "inhabitant{extra}. Source: {source}, {date}.",
    ),
    "facts_grants_none": (
        "Julkaistuista lähteistä ei löytynyt alueen järjestöavustusten euromääriä (tuntematon).",
        "No euro figures of the area's grants to associations were found in the published "
        "sources (unknown).",
    ),
    "facts_grants_other": (
        "Muut julkaistut luvut: {others}.",
        "Other published figures: {others}.",
    ),
    "facts_trend": (
        "Samalla mittarilla luku muuttui: {changes}.",
        "Change, like with like: {changes}.",
    ),
    "facts_trend_none": (
        "Eri vuosien lukuja ei voi verrata keskenään (eri mittari tai kattavuus).",
        "The years' figures cannot be compared (different measure or scope).",
    ),
    "facts_rule": (
        "Siirtymäsääntö {before}→{reform} ({rule}): ”{quote}” ({source}, {date}).",
        "Hand-over rule {before}→{reform} ({rule}; quoted in Finnish): “{quote}” ({source}, {date}).",
    ),
    "facts_rule_none": (
        "Siirtymäsääntöä {before}→{reform} ei löytynyt julkaistuista lähteistä (tuntematon).",
        "No hand-over rule for {before}→{reform} was found in the published sources (unknown).",
    ),
    "facts_rule_city": (
        "Helsinki järjestää sote-palvelunsa itse, joten uudistuksessa avustukset eivät siirtyneet "
        "toiselle järjestäjälle: kaupunki jatkoi niitä, ja sote-palvelujen rahoitus siirtyi "
        "valtiolle.",
        "Helsinki organises its social and health services itself, so at the reform no grant moved "
        "to another organiser: the city continued them, and the funding of the services passed to "
        "the state.",
    ),
    "facts_coop": (
        "Yhteistyörakenteet ({origin}): löytyi {found}; ei löytynyt lähteistä (tuntematon): "
        "{missing}.",
        "Cooperation structures ({origin}) found: {found}; not found in the sources (unknown): "
        "{missing}.",
    ),
    "facts_coop_all": (
        "Yhteistyörakenteet ({origin}): {found}.",
        "Cooperation structures ({origin}): {found}.",
    ),
    "facts_coop_none": (
        "Yhteistyörakenteita ei löytynyt julkaistuista lähteistä (tuntematon, ei ”ei”).",
        "No cooperation structures were found in the published sources (unknown, not “no”).",
    ),
    "facts_associations": (
        "Sote-järjestöjä alueella {counts}; koko maassa {total} ({date_all}, {source_all}).",
        "Sote associations in the area: {counts}; whole country {total} ({date_all}, "
        "{source_all}).",
    ),
    "facts_associations_country": (
        "Sote-järjestöjä koko maassa {total} ({date_all}, {source_all}); alueen lukua ei ole "
        "julkaistu.",
        "Sote associations in the whole country: {total} ({date_all}, {source_all}); no figure is "
        "published for the area.",
    ),
    "facts_barometer": (
        "Järjestöbarometri 2024, koko maa: alueellisista vastaajista {worse} koki järjestöavustusten "
        "saatavuuden heikentyneen sote-uudistuksen jälkeen, {same} ennallaan ja {better} "
        "parantuneen; {model} piti alueensa avustusmallia hyvänä tai melko hyvänä ({source}).",
        "Järjestöbarometri 2024, whole country: of the regional respondents {worse} found grants "
        "harder to get since the reform, {same} unchanged and {better} easier; {model} rated their "
        "area's grant model good or fairly good ({source}).",
    ),
    "facts_stea": (
        "STEA-avustukset koko maassa: {totals}. Vuoden 2025 leikkaus, {made}, on jo tehty; sen "
        "jälkeen on ilmoitettu {further} lisää leikkausta vuodessa ({source}).",
        "STEA grants in the whole country: {totals}. The 2025 cut of {made} has already been made; "
        "a further {further} a year is announced after it ({source}).",
    ),
    "facts_nothing": (
        "Alueelta ei löytynyt julkaistuja avustus-, siirtymä-, yhteistyö- eikä järjestömäärätietoja.",
        "No published figures on the area's grants, hand-over, cooperation or number of "
        "associations were found.",
    ),
    # --- questions for the county -----------------------------------------------------------
    "q_contact": (
        "Kuka on järjestöjen yhteyshenkilö {org_in}, ja miten järjestöt tavoittavat hänet? "
        "Julkaistuista lähteistä ei löytynyt järjestöyhteistyön koordinaattoria.",
        "Who is the associations' contact person {org_in}, and how do associations reach them? "
        "No coordinator for work with associations was found in the published sources.",
    ),
    "q_contact_no": (
        "Kuka on järjestöjen yhteyshenkilö {org_in}, ja miten järjestöt tavoittavat hänet? "
        "Oman kirjauksenne mukaan järjestöyhteistyön koordinaattoria ei ole.",
        "Who is the associations' contact person {org_in}, and how do associations reach them? "
        "Your own record says there is no coordinator for work with associations.",
    ),
    "q_contact_known": (
        "Mitä järjestöyhteistyön koordinaattorin tehtäviin kuuluu, ja miten järjestöt tavoittavat "
        "hänet?",
        "What does the coordinator for work with associations do, and how do associations reach "
        "them?",
    ),
    "q_continuity": (
        "Miten {org} turvaa niiden toimintojen jatkuvuuden, joiden kunnan avustus loppui siirrossa "
        "{before}→{reform} ({share} yhdistyksistä, {k} / {n})?",
        "How will {org} secure the continuity of the activities whose municipal grant ended at the "
        "{before}→{reform} hand-over ({share} of associations, {k} of {n})?",
    ),
    "q_continuity_city": (
        "Miten kaupunki turvaa niiden toimintojen jatkuvuuden, joiden kaupungin avustus loppui "
        "vuodesta {before} vuoteen {reform} ({share} yhdistyksistä, {k} / {n})?",
        "How will the city secure the continuity of the activities whose city grant ended from "
        "{before} to {reform} ({share} of associations, {k} of {n})?",
    ),
    "q_grants_programme": (
        "Miten {org} kehittää avustusohjelmaansa, kun sen julkaistut avustukset ({per_inh} "
        "asukasta kohden vuonna {year}) jäävät alle samaa lukua julkaisseiden alueiden mediaanin "
        "({median})?",
        "How will {org} develop its grants programme, when its published grants ({per_inh} per "
        "inhabitant in {year}) are below the median of the areas that published the same figure "
        "({median})?",
    ),
    "q_publish_grants": (
        "Julkaiseeko {org} järjestöavustuksensa vuosittain vertailukelpoisesti: myönnetyt eurot, "
        "hakemukset ja haettu summa? Julkaistuista lähteistä ei löytynyt euromääriä.",
        "Will {org} publish its grants to associations every year in a comparable form: euros "
        "granted, applications and the amount applied for? No euro figures were found in the "
        "published sources.",
    ),
    "q_procurement": (
        "Palvelujen myynti on {share} alueen yhdistysten rahoituksesta: miten {org} käyttää "
        "hankintoja, palveluseteleitä ja henkilökohtaista budjettia järjestöjen kanssa?",
        "Service sales are {share} of the associations' funding: how will {org} use procurement, "
        "service vouchers and personal budgets with associations?",
    ),
    "q_stea_cuts": (
        "Miten {org} varautuu STEA-leikkauksiin, kun {share} alueen yhdistyksistä ({k} / {n}) "
        "menettäisi ilmoitetuissa leikkauksissa yli {threshold} rahoituksestaan?",
        "How is {org} preparing for the STEA cuts, when {share} of the area's associations ({k} of "
        "{n}) would lose more than {threshold} of their funding in the announced cuts?",
    ),
    "q_diversify": (
        "{share} alueen yhdistyksistä ({k} / {n}) saa vähintään 90\u00a0% ulkopuolisesta "
        "rahoituksestaan yhdeltä rahoittajalta: tukeeko {org} monipuolistamista, esimerkiksi "
        "monivuotisin kumppanuusavustuksin?",
        "{share} of the associations ({k} of {n}) get 90% or more of their outside funding from one "
        "funder: will {org} help them diversify, say with multi-year partnership grants?",
    ),
    "q_structures": (
        "Onko {org_in} järjestöjen yhteistyöelin ja kirjattu malli tai suunnitelma "
        "järjestöyhteistyölle, ja keitä niissä on mukana? Julkaistuista lähteistä ei löytynyt: "
        "{missing}.",
        "Is there a cooperation body with associations and a written plan for working with them "
        "{org_in}, and who takes part? Not found in the published sources: {missing}.",
    ),
    "q_welfare_report": (
        "Miten {org} käyttää järjestöjen tietoja, kuten tätä koostetta, hyvinvointikertomuksessaan?",
        "How will {org} use associations' data, such as this brief, in its welfare report?",
    ),
    "q_grant_criteria": (
        "Millä perusteilla ja aikataululla {org} myöntää järjestöavustuksensa, ja voiko avustus "
        "olla monivuotinen?",
        "On what criteria and timetable does {org} make its grants to associations, and can a "
        "grant run over several years?",
    ),
}

#: Short texts: key -> (Finnish, English).
COUNTY_PHRASES: dict[str, tuple[str, str]] = {
    "title_messages": ("Avainviestit", "Key messages"),
    "title_facts": ("Julkiset tiedot alueelta", "Published facts about the area"),
    "title_questions": ("Kysymyksiä hyvinvointialueelle", "Questions for the county"),
    "title_questions_city": ("Kysymyksiä kaupungille", "Questions for the city"),
    "rank_highest": ("suurin", "the highest"),
    "rank_lowest": ("pienin", "the lowest"),
    "rank_nth": ("{k}. suurin", "number {k} from the top"),
    "applications": ("{n} hakemusta", "{n} applications"),
    "of_applied": ("{share} haetusta summasta ({applied})", "{share} of the {applied} applied for"),
    "change_item": ("{years} {change} ({rel})", "{years} {change} ({rel})"),
    # short names of the cooperation structures (the full labels: impactlib.labels.COOPERATION_ITEMS)
    "coop_coordinator": ("koordinaattori", "coordinator"),
    "coop_cooperation_body": ("yhteistyöelin", "cooperation body"),
    "coop_written_plan": ("kirjattu malli tai suunnitelma", "written model or plan"),
    "coop_premises_offered": ("tilat", "premises"),
    "coop_partnership_agreements": ("kumppanuussopimukset", "partnership agreements"),
    "coop_strategy_mentions_associations": ("maininta strategiassa", "named in the strategy"),
    "origin_own": ("oma aineisto, cooperation-välilehti", "own data, cooperation sheet"),
    "origin_published": ("julkaistut lähteet", "published sources"),
    "origin_own_and_published": ("oma aineisto ja julkaistut lähteet",
                                 "own data and published sources"),
    "stea_total": ("{total} ({year})", "{total} ({year})"),
    "associations_range": ("{low}–{high} laskutavasta riippuen ({source})",
                           "{low}–{high} depending on the counting rule ({source})"),
    "associations_one": ("{n} ({date}, {source})", "{n} ({date}, {source})"),
    "associations_about": ("noin {n} ({date}, {source})", "about {n} ({date}, {source})"),
    "undated": ("päiväämätön", "undated"),
    # indicators of the "largest difference" message
    "ind_volunteer": ("vapaaehtoispohjaisten osuus yhdistyksistä", "the share of volunteer-based associations"),
    "ind_intermediate": ("välimuotoisten osuus yhdistyksistä", "the share of intermediate associations"),
    "ind_service_provider": ("sote-palveluja tuottavien osuus yhdistyksistä",
                             "the share of associations producing sote services"),
    "ind_paid_staff": ("palkattua henkilöstöä työllistävien osuus yhdistyksistä",
                       "the share of associations with paid staff"),
    "ind_stea_made": ("vuoden 2025 STEA-leikkauksessa yli 10\u00a0% rahoituksestaan menettäneiden osuus",
                      "the share that lost more than 10% of funding in the 2025 STEA cut"),
    "ind_stea_announced": ("ilmoitetuissa STEA-leikkauksissa yli 10\u00a0% menettävien osuus",
                           "the share that would lose more than 10% in the announced STEA cuts"),
    # key figures: the two parts of the STEA cuts, each with its base
    "kf_cuts_made": ("Menetti > 10\u00a0% rahoituksestaan STEA-leikkauksessa {base}→{end} ({basis})",
                     "Lost > 10% of funding in the STEA cut {base}→{end} ({basis})"),
    "kf_cuts_announced": ("Menettäisi > 10\u00a0% ilmoitetuissa STEA-leikkauksissa {base}→{end} "
                          "(perusvuosi {base})",
                          "Would lose > 10% in the STEA cuts announced {base}→{end} (base year {base})"),
    "basis_observed": ("toteutunut", "observed"),
    "title_handover_city": ("Kaupungin avustukset uudistuksessa {before}→{reform}",
                            "City grants through the reform {before}→{reform}"),
    "fig_handover_city": ("Kaupungin avustukset {reform}: Helsinki ja koko maa",
                          "City grants in {reform}: Helsinki and the whole country"),
    "source_group_city": ("kaupunki sote-järjestäjänä", "the city as sote organiser"),
    "outcome_taken_over_city": ("sote-järjestäjä jatkoi", "continued by the sote organiser"),
    "outcome_split_city": ("kunta ja sote-järjestäjä yhdessä", "split between municipality and sote organiser"),
    "basis_scenario": ("skenaario", "scenario"),
}
