"""Finnish and English number formats, labels and sentence helpers.

Finnish number format (*suomalainen lukumuoto*): a non-breaking space as the
thousands separator, a decimal comma, a space before ``€`` and ``%``
(Kotimaisten kielten keskus, *Kielitoimiston ohjepankki*: "Luvut ja
numerot"). English uses a comma separator and a decimal point.

Sentences meant for people are generated from numbers with
:func:`sentence` and the templates in :data:`SENTENCES`, in Finnish and
English, never typed per county. A whole number passed to a template is a
count of people or associations and is always shown through
:func:`fmt_count` (1–4 become ``<5``); every other number must be formatted
first (:func:`fmt_pct`, :func:`fmt_number` …), so a count cannot reach a
sentence unsuppressed by accident.

Examples
--------
>>> fmt_number(1234.5, 1)
'1\\xa0234,5'
>>> fmt_eur(1234.5, 1)
'1\\xa0234,5\\xa0€'
>>> fmt_pct(0.123)
'12,3\\xa0%'
>>> fmt_pct(0.123, lang="en")
'12.3%'
>>> fmt_eur(2_500_000, lang="en")
'€2,500,000'
"""

from __future__ import annotations

import math

__all__ = [
    "LANGS",
    "NBSP",
    "SMALL",
    "fmt_number",
    "fmt_int",
    "fmt_eur",
    "fmt_meur",
    "fmt_pct",
    "fmt_count",
    "fmt_ci",
    "fmt_cell",
    "fmt_approx",
    "t",
    "HIDDEN",
    "county_in",
    "county_genitive",
    "SENTENCES",
    "sentence",
]

LANGS = ("fi", "en")
NBSP = "\u00a0"
#: How a suppressed small count is shown (counts below 5).
SMALL = "<5"


def _check_lang(lang: str) -> None:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")


def fmt_number(x, decimals: int = 0, lang: str = "fi") -> str:
    """Format a number for people: ``1 234,5`` (fi) or ``1,234.5`` (en).

    Missing values (``None``, NaN) are shown as an en dash ``–``.

    Examples
    --------
    >>> fmt_number(-1234567.891, 2, "en")
    '-1,234,567.89'
    >>> fmt_number(float("nan"))
    '–'
    """
    _check_lang(lang)
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    try:
        import pandas as pd

        if pd.isna(x):
            return "–"
    except (TypeError, ValueError):
        pass
    s = f"{float(x):,.{decimals}f}"
    if s.startswith("-") and float(s.replace(",", "")) == 0:
        s = s[1:]
    if lang == "fi":
        s = s.replace(",", NBSP).replace(".", ",").replace("-", "−")
    return s


def fmt_int(x, lang: str = "fi") -> str:
    """Format a whole number (``12 345``)."""
    return fmt_number(x, 0, lang)


def fmt_eur(x, decimals: int = 0, lang: str = "fi") -> str:
    """Format euros: ``1 234 €`` (fi) or ``€1,234`` (en)."""
    n = fmt_number(x, decimals, lang)
    if n == "–":
        return n
    if lang == "fi":
        return f"{n}{NBSP}€"
    if n.startswith("-"):
        return f"-€{n[1:]}"
    return f"€{n}"


def fmt_meur(x, decimals: int = 1, lang: str = "fi") -> str:
    """Format euros in millions: ``12,3 milj. €`` (fi) or ``€12.3 million`` (en)."""
    if x is None:
        return "–"
    n = fmt_number(x / 1e6 if x == x else x, decimals, lang)
    if n == "–":
        return n
    return f"{n}{NBSP}milj.{NBSP}€" if lang == "fi" else f"€{n} million"


def fmt_pct(share, decimals: int = 1, lang: str = "fi") -> str:
    """Format a share (0–1) as a percentage: ``12,3 %`` (fi) or ``12.3%`` (en)."""
    if share is None:
        return "–"
    n = fmt_number(share * 100 if share == share else share, decimals, lang)
    if n == "–":
        return n
    return f"{n}{NBSP}%" if lang == "fi" else f"{n}%"


def fmt_count(n, lang: str = "fi", threshold: int = 5) -> str:
    """Format a count of people or associations, showing ``<5`` for 1 to 4.

    This is the only way counts should reach people in text (see
    :mod:`impactlib.disclosure`); zero is shown, as it describes nobody.

    Examples
    --------
    >>> fmt_count(3), fmt_count(0), fmt_count(12345)
    ('<5', '0', '12\\xa0345')
    """
    if n is None:
        return "–"
    try:
        import pandas as pd

        if pd.isna(n):
            return "–"
    except (TypeError, ValueError):
        pass
    if 0 < n < threshold:
        return SMALL
    return fmt_int(n, lang)


def t(fi: str, en: str, lang: str = "fi") -> str:
    """Pick the Finnish or English text.

    Examples
    --------
    >>> t("Rahoitus", "Funding", "en")
    'Funding'
    """
    _check_lang(lang)
    return fi if lang == "fi" else en


def fmt_ci(low, high, decimals: int = 2, lang: str = "fi") -> str:
    """Format a confidence interval: ``0,21…0,45`` (fi) or ``0.21 to 0.45`` (en).

    Examples
    --------
    >>> fmt_ci(0.2134, 0.4471), fmt_ci(-0.1, 0.3, 1, "en")
    ('0,21…0,45', '-0.1 to 0.3')
    """
    lo, hi = fmt_number(low, decimals, lang), fmt_number(high, decimals, lang)
    return f"{lo}…{hi}" if lang == "fi" else f"{lo} to {hi}"


#: How a hidden value is named in a sentence (a table shows ``<5`` or ``x``).
HIDDEN = ("piilotettu", "suppressed")


def fmt_cell(value, kind: str = "number", decimals: int = 1, lang: str = "fi") -> str:
    """Format a table cell; markers of suppressed cells (``<5``, ``x``) pass through.

    Parameters
    ----------
    value : number or str
        A value, or a marker put there by :func:`impactlib.disclosure.suppress`.
    kind : {"number", "count", "pct", "eur", "meur"}
    decimals : int
    lang : {"fi", "en"}

    Counts that :func:`impactlib.disclosure.suppress` left as text (``"1234"``)
    are formatted as counts too.

    Examples
    --------
    >>> fmt_cell(0.25, "pct"), fmt_cell("x", "pct"), fmt_cell(3, "count"), fmt_cell(1234.5)
    ('25,0\xa0%', 'x', '<5', '1\xa0234,5')
    >>> fmt_cell("5687", "count"), fmt_cell("<5", "count")
    ('5\xa0687', '<5')
    """
    if isinstance(value, str):
        s = value.strip()
        if kind == "count" and s.lstrip("-").isdigit():
            return fmt_count(int(s), lang)
        return value
    if kind == "count":
        return fmt_count(value, lang)
    if kind == "pct":
        return fmt_pct(value, decimals, lang)
    if kind == "eur":
        return fmt_eur(value, decimals, lang)
    if kind == "meur":
        return fmt_meur(value, decimals, lang)
    if kind == "number":
        return fmt_number(value, decimals, lang)
    raise ValueError(f"kind must be number, count, pct, eur or meur, got {kind!r}")


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

    Examples
    --------
    >>> fmt_approx(fmt_pct(0.5286), "at_most"), fmt_approx("€2.6 million", "about", "en")
    ('enintään 52,9\xa0%', 'about €2.6 million')
    >>> fmt_approx("1\xa0000\xa0€", "exact"), fmt_approx("–", "undetermined", "en")
    ('1\xa0000\xa0€', 'undetermined')
    """
    from .labels import PRECISION_WORDS

    _check_lang(lang)
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


def county_genitive(code: str) -> str:
    """Finnish genitive of a county's name: ``Keski-Suomen``, ``Vantaan ja Keravan``.

    Taken from the official name (*Keski-Suomen hyvinvointialue*), so no
    inflection is guessed.

    Examples
    --------
    >>> county_genitive("15"), county_genitive("04"), county_genitive("90")
    ('Keski-Suomen', 'Vantaan ja Keravan', 'Helsingin')
    """
    from .regions import county_name

    full = county_name(code, "fi", short=False)
    for tail in (" hyvinvointialue", " kaupunki"):
        if full.endswith(tail):
            return full[: -len(tail)]
    return full


def county_in(code: str, lang: str = "fi") -> str:
    """"In the county" for a sentence: ``Keski-Suomen hyvinvointialueella`` / ``in Central Finland``.

    Examples
    --------
    >>> county_in("15"), county_in("90"), county_in("15", "en"), county_in("90", "en")
    ('Keski-Suomen hyvinvointialueella', 'Helsingin kaupungissa', 'in Central Finland', 'in Helsinki')
    """
    from .regions import county_name

    _check_lang(lang)
    if lang == "en":
        return "in Helsinki" if str(code) == "90" else f"in {county_name(code, 'en')}"
    full = county_name(code, "fi", short=False)
    if full.endswith("hyvinvointialue"):
        return full + "ella"
    if full.endswith(" kaupunki"):
        return full[: -len("kaupunki")] + "kaupungissa"
    return full + "ssa"


#: Sentence templates: key -> (Finnish, English). Placeholders take counts (whole
#: numbers, shown with :func:`fmt_count`) or text already formatted; ``{area}`` is
#: :func:`county_in`.
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
    "field_total": (
        "{area} on aineistossa {n} sote-järjestöä, {per1000} tuhatta asukasta kohden (koko maassa "
        "{per1000_all}).",
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
        "Suurin toimiala on {category} ({share} alueen yhdistyksistä).",
        "The largest field is {category} ({share} of the area's associations).",
    ),
    "field_staff": (
        "Palkattua henkilöstöä on {paid} yhdistyksistä (koko maassa {paid_all}); henkilötyövuosia "
        "on {fte} tuhatta asukasta kohden ja vapaaehtoisia {vol} tuhatta asukasta kohden (koko "
        "maassa {fte_all} ja {vol_all}).",
        "{paid} of the associations have paid staff (whole country {paid_all}); there are {fte} "
        "paid full-time equivalents and {vol} volunteers per 1,000 inhabitants (whole country "
        "{fte_all} and {vol_all}).",
    ),
    "reach": (
        "Vuonna {year} alueelle suunnatuissa {k} toiminnossa oli {participants} osallistumista, "
        "{per1000} tuhatta asukasta kohden (koko maassa {per1000_all}).",
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
        "Vuonna {before} alueen kunnat avustivat {n} yhdistystä. Vuonna {reform} kunta jatkoi "
        "avustusta {continued}, hyvinvointialue otti sen hoitaakseen {taken}, {split} jaettiin "
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
        "vähintään 90\u00a0% siitä yhdeltä rahoittajalta (koko maassa {high_all}). Oma varainhankinta "
        "ei ole rahoittaja.",
        "In {year}, {n} associations of the area had outside funding; {high} of them got at least "
        "90% of it from one funder (whole country {high_all}). Own fundraising is not a funder.",
    ),
    "cuts": (
        "Jos STEA-avustukset pienenevät ilmoitetusti vuoteen {until} mennessä ({cut} vuoden {base} "
        "tasosta, tasan kaikille), {losing} alueen yhdistyksistä menettäisi yli 10\u00a0% "
        "kokonaisrahoituksestaan (koko maassa {losing_all}); alueen yhdistysten rahoitus pienenisi "
        "{eur}.",
        "If STEA grants shrink as announced until {until} ({cut} from the {base} level, spread "
        "evenly), {losing} of the area's associations would lose more than 10% of their total "
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
        "Yleisin puuttuva askel: {gap}.",
        "Of the activities of {year}, {l2} reach evidence level 2 (data show change) and {l3} "
        "level 3 (a comparison group supports causation); whole country {l2_all} and {l3_all}. The "
        "most common missing step: {gap}.",
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
        "alku–loppu-muutos yliarvioi toiminnan vaikutusta.",
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
}


def sentence(key: str, lang: str = "fi", **values) -> str:
    """Fill in a sentence template of :data:`SENTENCES` in Finnish or English.

    Parameters
    ----------
    key : str
        Template name.
    lang : {"fi", "en"}
    **values
        Whole numbers are counts of people or associations and are shown
        with :func:`fmt_count` (1–4 as ``<5``); text is used as it is. Any
        other value (a float, a share) raises ``TypeError``: format it first,
        e.g. with :func:`fmt_pct`.

    Returns
    -------
    str
        The sentence, with its first letter capitalised.

    Examples
    --------
    >>> sentence("field_total", n=3, area=county_in("15"), per1000="0,0", per1000_all="1,8")
    'Keski-Suomen hyvinvointialueella on aineistossa <5 sote-järjestöä, 0,0 tuhatta asukasta kohden (koko maassa 1,8).'
    >>> sentence("limit_disclosure", "en")[:22]
    'Counts of fewer than f'
    """
    import numbers

    _check_lang(lang)
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
    return text[:1].upper() + text[1:] if text else text
