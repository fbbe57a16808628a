"""Every (Finnish, English) label of the library in one catalogue, in one order.

Each label is a pair ``(fi, en)`` — Finnish first, always. The catalogue holds

* the **code lists of the data model** (:data:`CODE_LISTS`: kinds of
  association, categories, funding sources and source groups, data bases,
  evaluation designs, themes, age bands, phases, groups), which
  :mod:`impactlib.model` re-exports and validates against;
* the **codes of indicator results** (:data:`RESULT_CODES`: hand-over
  outcomes, dependence bands, reliable-change categories, evidence levels and
  outcomes), which :mod:`impactlib.continuity` and
  :mod:`impactlib.effectiveness` re-export under their published names;
* the **texts of figures** (:data:`FIGURE_TEXTS`: legend entries, axis labels,
  titles), which :mod:`impactlib.plots` uses.

Sentences (with numbers in them) are not labels: they are the sentence
templates of :mod:`impactlib.i18n`.

Examples
--------
>>> from impactlib import labels
>>> labels.label("source", "stea_general", "en")
'STEA general grant (Ay)'
>>> labels.label("handover_outcome", "lost", "fi")
'loppui'
>>> labels.text("hidden", "en")
'suppressed (<5)'
"""

from __future__ import annotations

from .result_codes import (
    CUT_BASES,
    EFFECT_ACTIVITIES,
    EFFECT_CLAIMS,
    EFFECT_MEASURES,
    STEA_CUT_PARTS,
)

__all__ = [
    "LANGS",
    "ALL",
    "UNKNOWN",
    "KINDS",
    "CATEGORIES",
    "SOURCES",
    "SOURCE_GROUP_LABELS",
    "BASES",
    "DESIGNS",
    "THEMES",
    "AGE_BANDS",
    "PHASES",
    "GROUPS",
    "COOPERATION_ITEMS",
    "COOPERATION_STATUSES",
    "BUYER_TYPES",
    "END_REASONS",
    "CODE_LISTS",
    "HANDOVER_OUTCOMES",
    "SALES_TRANSITIONS",
    "SALES_CHANNELS",
    "DEPENDENCE_BAND_LABELS",
    "RELIABLE_CHANGE_CATEGORIES",
    "NESTA_LEVELS",
    "KASVUN_TUKI_LEVELS",
    "KASVUN_TUKI_NEGATIVE",
    "KASVUN_TUKI_NONE",
    "EVIDENCE_OUTCOMES",
    "EVIDENCE_GAPS",
    "EVIDENCE_REASONS",
    "GRANT_MEASURES",
    "GRANT_SCOPES",
    "RECIPIENT_UNITS",
    "HANDOVER_RULES",
    "PRECISION_WORDS",
    "RESULT_CODES",
    "FIGURE_TEXTS",
    "pick",
    "label",
    "labels",
    "text",
]

#: The order of every pair in this module: Finnish first, then English.
LANGS = ("fi", "en")

#: Code of "all together" (the whole country, all associations) in ``group``/``area`` columns.
ALL = "all"
#: Code of a missing attribute in ``group`` columns.
UNKNOWN = "unknown"

# ---------------------------------------------------------------------------
# Code lists of the data model: code -> (Finnish label, English label)
# ---------------------------------------------------------------------------

#: The three kinds of association (*järjestötyypit*).
KINDS: dict[str, tuple[str, str]] = {
    "volunteer": ("vapaaehtoispohjainen", "volunteer-based"),
    "intermediate": ("välimuotoinen (matalan kynnyksen palvelut)", "intermediate (low-threshold services)"),
    "service_provider": ("sote-palveluja tuottava", "sote-service producer"),
}

#: Categories of sote associations, as in the Keski-Suomi field survey.
CATEGORIES: dict[str, tuple[str, str]] = {
    "older_people": ("ikäihmiset", "older people"),
    "patients_disability": (
        "potilas-, kansanterveys- ja vammaisjärjestöt",
        "patients, public health and disability",
    ),
    "children_families": ("lapset ja perheet", "children and families"),
    "health_wellbeing": ("yleinen terveys ja hyvinvointi", "general health and wellbeing"),
    "mental_health_substance": ("mielenterveys ja päihteet", "mental health and substance use"),
    "carers": ("omaishoitajat", "carers"),
    "rescue": ("vapaaehtoinen pelastuspalvelu", "rescue volunteers"),
    "youth": ("nuoret", "youth"),
    "employment": ("työllisyys", "employment"),
    "other": ("muu", "other"),
}

#: Funding sources (*rahoituslähteet*). STEA grant types as STEA names them.
SOURCES: dict[str, tuple[str, str]] = {
    "stea_general": ("STEA yleisavustus (Ay)", "STEA general grant (Ay)"),
    "stea_targeted": ("STEA kohdennettu toiminta-avustus (Ak)", "STEA targeted operating grant (Ak)"),
    "stea_project": ("STEA hankeavustus (C)", "STEA project grant (C)"),
    "municipality": ("kunta", "municipality"),
    "county": ("hyvinvointialue", "wellbeing services county"),
    "state_other": ("muu valtionrahoitus", "other state funding"),
    "eu": ("EU-rahoitus", "EU funding"),
    "foundation": ("säätiöt ja rahastot", "foundations and funds"),
    "procurement": ("palvelumyynti: hankinnat", "sales: public procurement"),
    "service_voucher": ("palvelumyynti: palveluseteli", "sales: service vouchers"),
    "personal_budget": ("palvelumyynti: henkilökohtainen budjetti", "sales: personal budgets"),
    "fundraising": ("oma varainhankinta ja jäsenmaksut", "own fundraising and membership fees"),
    "in_kind_premises": ("tilat maksutta (luontoissuoritus)", "in-kind: free use of premises"),
    "other": ("muu", "other"),
}

#: Labels of the source groups in :data:`SOURCE_GROUPS`.
SOURCE_GROUP_LABELS: dict[str, tuple[str, str]] = {
    "stea": ("STEA", "STEA"),
    "municipality": ("kunnat", "municipalities"),
    "county": ("hyvinvointialueet", "wellbeing services counties"),
    "public_other": ("muu julkinen (valtio, EU)", "other public (state, EU)"),
    "foundation": ("säätiöt", "foundations"),
    "sales": ("palvelumyynti", "sales of services"),
    "own": ("oma varainhankinta", "own fundraising"),
    "in_kind": ("luontoissuoritukset", "in-kind support"),
    "other": ("muu", "other"),
}

#: Data basis of a figure, as STEA asks in its reporting (*tiedon perusta*).
BASES: dict[str, tuple[str, str]] = {
    "collected": ("kerätty tieto", "collected"),
    "sample": ("otos", "sample"),
    "estimate": ("arvio", "estimate"),
}

#: Evaluation designs, weakest to strongest (*arviointiasetelma*).
DESIGNS: dict[str, tuple[str, str]] = {
    "none": ("ei arviointia", "no evaluation"),
    "monitoring": ("seuranta", "monitoring"),
    "pre_post": ("alku- ja loppumittaus", "pre/post measurement"),
    "comparison_group": ("vertailuryhmä", "comparison group"),
    "randomised": ("satunnaistettu vertailu", "randomised comparison"),
}

#: Activity themes (*toimintamuoto*).
THEMES: dict[str, tuple[str, str]] = {
    "peer_support": ("vertaistuki", "peer support"),
    "volunteer_help": ("vapaaehtoistoiminta", "volunteer help"),
    "low_threshold": ("matalan kynnyksen apu (järjestölähtöinen auttamistyö)", "low-threshold help"),
    "guidance": ("neuvonta ja ohjaus", "guidance and counselling"),
    "group_activity": ("ryhmä- ja harrastustoiminta", "group and leisure activity"),
    "service": ("sote-palvelu", "sote service"),
    "other": ("muu", "other"),
}

#: Target age bands (*kohderyhmän ikäryhmä*); ``all`` = all ages.
AGE_BANDS: dict[str, tuple[str, str]] = {
    "all": ("kaikki ikäryhmät", "all ages"),
    "0-17": ("lapset ja nuoret 0–17 v.", "children and young people 0–17"),
    "15-29": ("nuoret 15–29 v.", "young people 15–29"),
    "18-64": ("työikäiset 18–64 v.", "working age 18–64"),
    "65+": ("65 vuotta täyttäneet", "aged 65 and over"),
    "75+": ("75 vuotta täyttäneet", "aged 75 and over"),
}

#: Measurement phases (*mittausajankohta*).
PHASES: dict[str, tuple[str, str]] = {
    "pre": ("alkumittaus", "pre"),
    "post": ("loppumittaus", "post"),
    "follow_up": ("seurantamittaus", "follow-up"),
}

#: Groups in outcome data (*ryhmä*).
GROUPS: dict[str, tuple[str, str]] = {
    "participant": ("osallistuja", "participant"),
    "comparison": ("vertailuryhmä", "comparison"),
}

#: Who bought a service an association sold (*ostaja*), on sales rows of ``funding``.
BUYER_TYPES: dict[str, tuple[str, str]] = {
    "municipality": ("kunta", "municipality"),
    "county": ("hyvinvointialue", "wellbeing services county"),
    "state": ("valtio", "state"),
    "private_company": ("yritys", "private company"),
    "private_person": ("yksityishenkilö", "private person"),
    "other": ("muu", "other"),
}

#: Why a sales contract ended (*sopimuksen päättymisen syy*), where the association records it.
END_REASONS: dict[str, tuple[str, str]] = {
    "expired": ("sopimuskausi päättyi", "contract period ended"),
    "tender_lost": ("uusi kilpailutus hävittiin", "new tender lost"),
    "in_house": ("ostaja otti palvelun omaksi tuotannokseen", "buyer took the service in-house"),
    "terminated": ("sopimus irtisanottiin", "contract terminated"),
    "other": ("muu syy", "other reason"),
}

#: All code lists by name (the ``codes`` of a :class:`Field`).
#: Cooperation structures between a county and associations (the ``cooperation`` sheet;
#: the published facts of :mod:`impactlib.sources.counties`). Worded so that they fit the
#: City of Helsinki too (no "wellbeing services county" in them).
COOPERATION_ITEMS: dict[str, tuple[str, str]] = {
    "coordinator": ("järjestöyhteistyön koordinaattori tai yhteyshenkilö",
                    "coordinator or contact person for associations"),
    "cooperation_body": ("järjestöjen yhteistyöelin (neuvottelukunta, kumppanuuspöytä)",
                         "cooperation body (advisory board, partnership table)"),
    "written_plan": ("kirjattu järjestöyhteistyön malli, periaatteet tai suunnitelma",
                     "written model, principles or plan for working with associations"),
    "premises_offered": ("tiloja järjestöjen käyttöön", "premises offered to associations"),
    "partnership_agreements": ("kumppanuussopimukset", "partnership agreements"),
    "strategy_mentions_associations": ("järjestöt mainittu strategiassa",
                                       "associations named in the strategy"),
}

#: Whether a cooperation structure exists: yes, no, or not known.
COOPERATION_STATUSES: dict[str, tuple[str, str]] = {
    "yes": ("kyllä", "yes"),
    "no": ("ei", "no"),
    "unknown": ("ei tiedossa", "not known"),
}

CODE_LISTS: dict[str, dict[str, tuple[str, str]]] = {
    "kind": KINDS,
    "category": CATEGORIES,
    "source": SOURCES,
    "source_group": SOURCE_GROUP_LABELS,
    "basis": BASES,
    "design": DESIGNS,
    "theme": THEMES,
    "age_band": AGE_BANDS,
    "phase": PHASES,
    "group": GROUPS,
    "cooperation_item": COOPERATION_ITEMS,
    "cooperation_status": COOPERATION_STATUSES,
    "buyer_type": BUYER_TYPES,
    "end_reason": END_REASONS,
}


# ---------------------------------------------------------------------------
# Codes of indicator results: code -> (Finnish, English)
# ---------------------------------------------------------------------------

#: Outcomes of the reform hand-over (:func:`impactlib.continuity.handover`), best to worst.
HANDOVER_OUTCOMES: dict[str, tuple[str, str]] = {
    "continued_municipality": ("kunta jatkoi", "continued by municipality"),
    "taken_over_county": ("hyvinvointialue jatkoi", "taken over by county"),
    "split": ("kunta ja hyvinvointialue yhdessä", "split between municipality and county"),
    "reduced": ("pieneni", "reduced"),
    "lost": ("loppui", "lost"),
}

#: What happened to an association's public sales at the reform
#: (:func:`impactlib.market.sales_transition`), in this order.
SALES_TRANSITIONS: dict[str, tuple[str, str]] = {
    "continued_municipality": ("kunta jatkoi ostoja", "municipality kept buying"),
    "moved_county": ("siirtyi hyvinvointialueelle", "moved to the county"),
    "replaced_vouchers": ("korvautui palvelusetelillä tai henkilökohtaisella budjetilla",
                          "replaced by vouchers or personal budgets"),
    "in_house": ("otettiin alueen omaksi tuotannoksi", "taken in-house"),
    "lost": ("myynti julkiselle loppui", "public sales lost"),
}

#: The three ways public money buys services from an association (*myyntikanavat*).
SALES_CHANNELS: dict[str, tuple[str, str]] = {
    "procurement": ("hankintasopimus", "procurement contract"),
    "service_voucher": ("palveluseteli", "service voucher"),
    "personal_budget": ("henkilökohtainen budjetti", "personal budget"),
}

#: Bands of the largest funder's share (:func:`impactlib.continuity.dependence_bands`).
DEPENDENCE_BAND_LABELS: dict[str, tuple[str, str]] = {
    "under_50": ("alle 50 %", "under 50%"),
    "50_75": ("50–75 %", "50–75%"),
    "75_90": ("75–90 %", "75–90%"),
    "90_100": ("90–<100 %", "90–<100%"),
    "single": ("100 % (yksi rahoittaja)", "100% (one funder)"),
}

#: Reliable-change categories (:func:`impactlib.effectiveness.reliable_change`).
RELIABLE_CHANGE_CATEGORIES: dict[str, tuple[str, str]] = {
    "improved": ("luotettavasti parantunut", "reliably improved"),
    "no_reliable_change": ("ei luotettavaa muutosta", "no reliable change"),
    "deteriorated": ("luotettavasti heikentynyt", "reliably deteriorated"),
}

#: Nesta Standards of Evidence (Puttick & Ludlow 2013): level -> (Finnish, English).
NESTA_LEVELS: dict[int, tuple[str, str]] = {
    0: ("ei tasoa", "no level"),
    1: ("kuvattu, miksi toiminta auttaa (muutosteoria)", "describes what it does and why it matters"),
    2: ("aineisto näyttää muutoksen osallistujissa", "data show positive change"),
    3: ("vertailuryhmä tukee syy-yhteyttä", "comparison group shows it caused the change"),
    4: ("riippumaton toistoarviointi vahvistaa tuloksen",
        "one or more independent replication evaluations confirm it"),
    5: ("käsikirja ja toimintatavat varmistavat toistettavuuden useassa paikassa",
        "manuals and procedures ensure consistent replication and positive impact"),
}
#: Kasvun tuki overall ratings (Itla; cumulative 1–5) -> (Finnish, English).
KASVUN_TUKI_LEVELS: dict[int, tuple[str, str]] = {
    0: ("ei arvioitavissa", "not rateable"),
    1: ("hyvin kuvattu menetelmä", "well-described method"),
    2: ("teoreettisesti perusteltu menetelmä", "theoretically grounded method"),
    3: ("vähäinen dokumentoitu näyttö", "little documented evidence"),
    4: ("kohtalainen dokumentoitu näyttö", "moderate documented evidence"),
    5: ("vahva dokumentoitu näyttö", "strong documented evidence"),
}
#: Measured outcomes of an activity (results, not gaps) -> (Finnish, English).
EVIDENCE_OUTCOMES: dict[str, tuple[str, str]] = {
    "positive": ("myönteinen muutos", "positive change"),
    "no_effect": ("ei havaittua vaikutusta", "no detectable effect"),
    "harmful": ("kielteinen muutos", "harmful change"),
    "not_measured": ("ei mitattu", "not measured"),
}
#: Kasvun tuki rating of an activity with harmful effects.
KASVUN_TUKI_NEGATIVE = ("kielteiset vaikutukset", "negative effects")
#: Kasvun tuki rating of an activity without a detectable effect.
KASVUN_TUKI_NONE = ("ei vaikutusta", "no effect")

#: What is missing for the next Nesta level: level -> (Finnish, English).
EVIDENCE_GAPS: dict[int, tuple[str, str]] = {
    1: ("muutosteoria puuttuu", "no written theory of change"),
    2: ("ei alku- ja loppumittausta", "no pre/post outcome data"),
    3: ("ei vertailuryhmää", "no comparison group"),
    4: ("ei riippumatonta toistoarviointia", "no independent replication evaluation"),
    5: ("ei käsikirjaa tai useaa toistoa", "no manual or not replicated in several places"),
}

#: Why an activity stops at its Nesta level (:func:`impactlib.effectiveness.evidence_level`,
#: column ``nesta_reason``): code -> (Finnish, English); ``{inst}``, ``{m}``, ``{n}`` are filled in.
EVIDENCE_REASONS: dict[str, tuple[str, str]] = {
    "no_toc": ("muutosteoria puuttuu", "no written theory of change"),
    "not_measured": ("ei alku- ja loppumittausta tai vahvempaa asetelmaa", "no pre/post or stronger "
                     "outcome data"),
    "no_effect_primary": ("ilmoitetulla mittarilla {inst} vaikutuksen luottamusväli sisältää nollan",
                          "on the declared instrument {inst} the interval of the effect includes 0"),
    "no_effect_holm": ("millään {m} mittarista vaikutus ei eroa nollasta Holmin korjauksen jälkeen",
                       "on none of {m} instruments does the effect differ from 0 after Holm's "
                       "correction"),
    "harmful": ("mittarilla {inst} tila huononi", "the measured change on {inst} was harmful"),
    "positive": ("myönteinen muutos mittarilla {inst}", "positive change on {inst}"),
    "positive_adjusted": ("myönteinen vaikutus vertailuryhmään verrattuna mittarilla {inst}",
                          "positive effect against a comparison group on {inst}"),
    "no_comparison_design": ("asetelmassa ei ole vertailuryhmää", "the design has no comparison group"),
    "not_adjusted": ("vaikutus on pelkkä alku–loppu-muutos: vertailuryhmän tiedot puuttuvat tai "
                     "vertailuryhmään verrattu vaikutus ei eroa nollasta",
                     "the effect is a before–after change only: the comparison data are missing or "
                     "the effect against the comparison group does not differ from 0"),
    "no_independent": ("ei riippumatonta arviointia", "no independent evaluation"),
    "no_replication": ("ei toistettu muualla", "not replicated elsewhere"),
    "no_manual": ("ei käsikirjaa (mallinnusta)", "not manualised"),
    "few_replications": ("toistoja on kirjattu alle kaksi", "fewer than two replications recorded"),
    "top": ("kaikki tasot täyttyvät", "every level is met"),
}

#: What a published county grant figure is (:func:`impactlib.sources.counties.county_grants`).
GRANT_MEASURES: dict[str, tuple[str, str]] = {
    "granted": ("myönnetty", "granted"),
    "granted_first_round": ("myönnetty ensimmäisellä haulla", "granted in the first round"),
    "budget": ("määräraha", "budget"),
    "available": ("haettavissa", "available for application"),
    "applications_only": ("vain haettu summa julkaistu", "only the amount applied for published"),
    "paid_on_municipal_decisions": ("maksettu kuntien päätösten perusteella",
                                    "paid on the municipalities' decisions"),
    "budget_equal_to_2022_actual": ("määräraha vuoden 2022 toteuman suuruinen",
                                    "budget set at the 2022 actual grants"),
}
#: Which grants a published county figure covers.
GRANT_SCOPES: dict[str, tuple[str, str]] = {
    "all": ("kaikki avustukset", "all grants"),
    "operating": ("toiminta-avustukset", "operating grants"),
    "partnership": ("kumppanuusavustukset", "partnership grants"),
    "general": ("yleisavustukset", "general grants"),
    "targeted": ("kohdeavustukset", "targeted grants"),
    "general_and_partnership": ("yleis- ja kumppanuusavustukset", "general and partnership grants"),
    "operating_and_one_off": ("toiminta- ja kerta-avustukset", "operating and one-off grants"),
    "city_board_health_promotion": ("kaupunginhallituksen terveyden edistämisen avustukset",
                                    "the city board's health-promotion grants"),
}
#: What a published recipient count counts.
RECIPIENT_UNITS: dict[str, tuple[str, str]] = {
    "organisations": ("järjestöä", "organisations"),
    "applicants": ("hakijaa", "applicants"),
    "applications": ("hakemusta", "applications"),
    "grants": ("avustusta", "grants"),
    "grant_targets": ("avustuskohdetta", "grant targets"),
}
#: How a county tied its first grants to the municipalities' 2022 grants (published rules).
HANDOVER_RULES: dict[str, tuple[str, str]] = {
    "municipalities_paid_2023": ("vuoden 2023 avustukset maksettiin kuntien päätösten perusteella",
                                 "the 2023 grants were paid on the municipalities' decisions"),
    "county_grant_based_on_2022_municipal_grant": (
        "avustukset perustuivat pääosin hakijoiden vuoden 2022 kunta-avustuksiin",
        "grants were based mainly on the applicants' 2022 municipal grants"),
    "same_principles_as_municipalities": ("avustukset myönnettiin samoin periaattein kuin kunnat aiemmin",
                                          "grants were made on the same principles as the "
                                          "municipalities' before"),
    "continuity_of_2022_municipal_funding_considered": (
        "vuonna 2022 kuntien tukemien toimintojen jatkuvuus otettiin huomioon",
        "the continuity of activities funded by municipalities in 2022 was taken into account"),
    "budget_equal_to_2022_actual": ("määräraha asetettiin vuoden 2022 avustusten suuruiseksi",
                                    "the budget was set at the grants made for 2022"),
}

#: How exact a published figure, or a number computed from it, is (the word put before it;
#: an exact figure has none). See :func:`impactlib.countyfacts.ratio_precision`.
PRECISION_WORDS: dict[str, tuple[str, str]] = {
    "about": ("noin", "about"),
    "more_than": ("yli", "more than"),
    "derived": ("laskettu", "derived"),
    "at_most": ("enintään", "at most"),
    "at_least": ("vähintään", "at least"),
    "undetermined": ("ei määritettävissä", "undetermined"),
}

#: Every result code list by name, for :func:`label`.
RESULT_CODES: dict[str, dict] = {
    "effect_activities": EFFECT_ACTIVITIES,
    "effect_measure": EFFECT_MEASURES,
    "effect_claim": EFFECT_CLAIMS,
    "stea_cut_part": STEA_CUT_PARTS,
    "cut_basis": CUT_BASES,
    "handover_outcome": HANDOVER_OUTCOMES,
    "dependence_band": DEPENDENCE_BAND_LABELS,
    "reliable_change": RELIABLE_CHANGE_CATEGORIES,
    "nesta_level": NESTA_LEVELS,
    "kasvun_tuki_level": KASVUN_TUKI_LEVELS,
    "evidence_outcome": EVIDENCE_OUTCOMES,
    "evidence_gap": EVIDENCE_GAPS,
    "grant_measure": GRANT_MEASURES,
    "grant_scope": GRANT_SCOPES,
    "recipients_unit": RECIPIENT_UNITS,
    "handover_rule": HANDOVER_RULES,
    "precision": PRECISION_WORDS,
    "sales_transition": SALES_TRANSITIONS,
    "sales_channel": SALES_CHANNELS,
}

# ---------------------------------------------------------------------------
# Texts of figures: key -> (Finnish, English); ``{name}`` fields are filled by text()
# ---------------------------------------------------------------------------

#: Legend entries, axis labels and titles of :mod:`impactlib.plots`.
FIGURE_TEXTS: dict[str, tuple[str, str]] = {
    # shared
    "hidden": ("piilotettu (<5)", "suppressed (<5)"),
    ALL: ("kaikki", "all"),
    UNKNOWN: ("tuntematon", "unknown"),
    "whole_country": ("koko maa", "whole country"),
    # continuity
    "share_of_funding": ("osuus rahoituksesta", "share of funding"),
    "meur": ("milj. €", "€ million"),
    "funding_mix_title": ("Rahoitusrakenne vuosittain", "Funding mix by year"),
    "handover_axis": ("osuus yhdistyksistä, joilla oli kunnan avustus vuonna {year}",
                      "share of associations with a municipal grant in {year}"),
    "handover_title": ("Kuntien avustukset {before}→{after}", "Municipal grants {before}→{after}"),
    "survival_axis": ("vuotta rahoitussuhteen alusta", "years since the relationship began"),
    "survival_share": ("yhä jatkuvia", "still running"),
    "survival_title": ("Rahoitussuhteiden kesto (Kaplan–Meier, {pct} %:n luottamusväli)",
                       "Duration of funding relationships (Kaplan–Meier, {pct}% CI)"),
    "at_risk": ("riskissä (jatkuvia suhteita)", "at risk (relationships running)"),
    "share_of_associations": ("osuus yhdistyksistä", "share of associations"),
    "dependence_title": ("Suurimman rahoittajan osuus kokonaisrahoituksesta",
                         "Largest funder's share of total funding"),
    # effectiveness
    "pooled": ("Yhdistetty ({method}, k = {k})", "Pooled ({method}, k = {k})"),
    "pi_note": ("Katkoviiva: ennusteväli uudelle toiminnalle",
                "Dashed line: prediction interval for a new activity"),
    "weights_not_shown": ("; {n} pienintä painoa ei näytetä", "; {n} smallest weights not shown"),
    "smd_axis": ("Vakioitu muutos (keskihajontaa), 95 %:n lv", "Standardised change (SD units), 95% CI"),
    "effect_size": ("Vaikutuskoko", "Effect size"),
    "standard_error": ("Keskivirhe", "Standard error"),
    "rc_improved": ("parantunut", "improved"),
    "rc_no_change": ("ei luotettavaa muutosta", "no reliable change"),
    "rc_deteriorated": ("heikentynyt", "deteriorated"),
    "reliable_change_title": ("Luotettava muutos (Jacobson–Truax)", "Reliable change (Jacobson–Truax)"),
    "per_1000_axis": ("Osallistumisia 1 000 asukasta kohden", "Participations per 1,000 inhabitants"),
    # published county grants (impactlib.countyfacts)
    "county_grants_title": ("Alueiden julkaistut järjestöavustukset asukasta kohden",
                            "Areas' published grants to associations per inhabitant"),
    "eur_per_inhabitant": ("€ asukasta kohden (väestö 31.12.2022)", "€ per inhabitant (population 31.12.2022)"),
    "grants_granted": ("myönnetty", "granted"),
    "grants_budget": ("määräraha", "budget"),
    "grants_other": ("muu (haettavissa)", "other (available)"),
    "grants_all_scope": ("täysi = kaikki avustukset", "filled = all grants"),
    "grants_part_scope": ("osa avustuksista (ontto)", "part of the grants (hollow)"),
    "grants_line": ("sama mittari ja kattavuus", "same measure and scope"),
    "grants_approx": ("≈ noin, > yli", "≈ about, > more than"),
    "grants_source": ("Lähde: alueiden tiedotteet ja pöytäkirjat, lähde riveittäin (impactlib.sources.counties);\n"
                      "väestö 31.12.2022 Tilastokeskus. Todellisia julkaistuja tietoja, ei demoaineistoa.",
                      "Source: the areas' releases and minutes, source per row (impactlib.sources.counties);\n"
                      "population 31.12.2022 Statistics Finland. Real published facts, not demo data."),
    # market (service producers)
    "share_of_public_purchases": ("osuus julkisista ostoista", "share of public purchases"),
    "share_of_producers": ("osuus yhdistyksistä, jotka myivät kunnille vuonna {before}",
                           "share of associations selling to municipalities in {before}"),
    "sales_channels_title": ("Julkiset palveluostot yhdistyksiltä ennen ja jälkeen {reform}",
                             "Public purchases from associations before and after {reform}"),
    "sales_transition_title": ("Julkisen myynnin kohtalo {before}→{reform}",
                               "Public sales {before}→{reform}"),
    "before_reform": ("ennen {reform}", "before {reform}"),
    "from_reform": ("{reform} alkaen", "from {reform}"),
    # field
    "share_of_area": ("osuus alueen yhdistyksistä", "share of the area's associations"),
    "field_title": ("Yhdistykset toimialoittain", "Associations by field"),
}


# ---------------------------------------------------------------------------
# Look-ups
# ---------------------------------------------------------------------------


def pick(pair: tuple[str, str], lang: str = "fi") -> str:
    """The Finnish (``lang="fi"``) or English element of a ``(fi, en)`` pair.

    Examples
    --------
    >>> pick(("kunta", "municipality"), "en")
    'municipality'
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be 'fi' or 'en', got {lang!r}")
    return pair[0] if lang == "fi" else pair[1]


def _catalogue(code_list: str) -> dict:
    if code_list in CODE_LISTS:
        return CODE_LISTS[code_list]
    if code_list in RESULT_CODES:
        return RESULT_CODES[code_list]
    raise KeyError(f"no code list {code_list!r}; known: {sorted({**CODE_LISTS, **RESULT_CODES})}")


def label(code_list: str, code, lang: str = "fi") -> str:
    """The label of a code of a code list (data model or indicator results).

    Parameters
    ----------
    code_list : str
        A key of :data:`CODE_LISTS` or :data:`RESULT_CODES`.
    code : str or int
    lang : {"fi", "en"}

    Returns
    -------
    str
        The label, or the code itself (as text) if it is not in the list.

    Examples
    --------
    >>> label("kind", "volunteer", "en"), label("kind", "nonexistent")
    ('volunteer-based', 'nonexistent')
    """
    pair = _catalogue(code_list).get(code)
    return str(code) if pair is None else pick(pair, lang)


def labels(code_list: str, lang: str = "fi") -> dict:
    """``{code: label}`` for a whole code list, in the list's order.

    Examples
    --------
    >>> list(labels("dependence_band", "en").values())[-1]
    '100% (one funder)'
    """
    return {c: pick(p, lang) for c, p in _catalogue(code_list).items()}


def text(key: str, lang: str = "fi", **fields) -> str:
    """A text of a figure (:data:`FIGURE_TEXTS`), with ``{name}`` fields filled in.

    Examples
    --------
    >>> text("handover_title", "en", before=2022, after=2023)
    'Municipal grants 2022→2023'
    """
    s = pick(FIGURE_TEXTS[key], lang)
    return s.format(**fields) if fields else s
