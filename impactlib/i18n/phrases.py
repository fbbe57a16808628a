"""Short texts of the briefs in Finnish and English: titles, table labels, figure captions.

Whole sentences are in :mod:`impactlib.i18n.sentences`; these are the pieces around them
(section titles, the key-figure labels, table headers, figure titles and captions, and the
fragments that stand in for a hidden number). :func:`phrase` fills them in with text only:
numbers (years included) are formatted first, so no count reaches a label unsuppressed.

Examples
--------
>>> phrase("title_handover", "en", before="2022", reform="2023")
'Municipal grants at the 2022→2023 hand-over'
>>> phrase("fewer_than_five")
'alle viisi'
"""

from __future__ import annotations

from .county import COUNTY_PHRASES
from .formats import check_lang

__all__ = ["PHRASES", "phrase"]

#: Short texts: key -> (Finnish, English). Placeholders as in :data:`SENTENCES`.
PHRASES: dict[str, tuple[str, str]] = {
    # brief and section titles
    "brief_title": ("Sote-järjestöjen näyttökooste: {name}", "Evidence brief on sote associations: {name}"),
    "title_field": ("Järjestökenttä", "The association field"),
    "title_reach": ("Tavoittavuus ja vapaaehtoistyö", "Reach and volunteer input"),
    "title_funding": ("Rahoitus lähteittäin", "Funding by source"),
    "title_handover": ("Kuntien avustukset siirrossa {before}→{reform}",
                       "Municipal grants at the {before}→{reform} hand-over"),
    "title_dependence": ("Riippuvuus ja leikkausten vaikutus", "Dependence and exposure to cuts"),
    "title_effectiveness": ("Vaikuttavuusnäyttö", "Evidence of effectiveness"),
    "title_market": ("Palveluja tuottavat järjestöt", "Service-producing associations"),
    "title_limits": ("Mitä aineisto ei kerro", "What the data cannot show"),
    "title_provenance": ("Tietolähteet", "Sources"),
    # the key-figures table
    "key_figures": ("Tunnusluvut", "Key figures"),
    "indicator": ("Tunnusluku", "Indicator"),
    "whole_country": ("Koko maa", "Whole country"),
    "kf_associations": ("Sote-järjestöjä", "Sote associations"),
    "kf_associations_per_1000": ("Järjestöjä / 1 000 asukasta", "Associations per 1,000 inhabitants"),
    "kf_paid_staff": ("Palkattua henkilöstöä, % järjestöistä", "With paid staff, % of associations"),
    "kf_volunteers_per_1000": ("Vapaaehtoisia / 1 000 asukasta", "Volunteers per 1,000 inhabitants"),
    "kf_participations_per_1000": ("Osallistumisia / 1 000 asukasta ({year})",
                                   "Participations per 1,000 inhabitants ({year})"),
    "kf_volunteer_fte_per_1000": ("Vapaaehtoistyö, htv / 1 000 asukasta ({year})",
                                  "Volunteer work, FTE per 1,000 inhabitants ({year})"),
    "kf_grant_lost": ("Kunnan avustus loppui {year}, %", "Municipal grant lost in {year}, %"),
    "kf_one_funder": ("≥ 90\u00a0% ulkopuolisesta rahoituksesta yhdeltä rahoittajalta ({year})",
                      "≥ 90% of outside funding from one funder ({year})"),
    "kf_cuts": ("Menettäisi > 10\u00a0% rahoituksestaan STEA-leikkauksissa (→ {until})",
                "Would lose > 10% of funding in the STEA cuts (→ {until})"),
    "kf_evidence_3_5": ("Toiminnoista näytön tasolla 3–5 ({year})",
                        "Activities at evidence level 3–5 ({year})"),
    # figures
    "fig_fields_title": ("Yhdistykset toimialoittain", "Associations by field"),
    "fig_fields": ("Toimialat: {name} ja koko maa", "Fields: {name} and the whole country"),
    "fig_mix_title": ("Rahoitusrakenne: {name}", "Funding mix: {name}"),
    "fig_mix": ("Rahoitusrakenne vuosittain: {name}", "Funding mix by year: {name}"),
    "fig_handover": ("Kuntien avustusten jatko {reform}: {name} ja koko maa",
                     "Municipal grants in {reform}: {name} and the whole country"),
    "fig_market_title": ("Julkiset ostot järjestöiltä ennen ja jälkeen {reform}",
                         "Public purchases from associations before and after {reform}"),
    "fig_market": ("Julkiset ostot järjestöiltä kanavittain ennen ja jälkeen {reform}: {name} ja koko "
                   "maa", "Public purchases from associations by channel before and after {reform}: "
                   "{name} and the whole country"),
    "fig_dependence": ("Suurimman rahoittajan osuus ulkopuolisesta rahoituksesta {year}",
                       "Largest funder's share of outside funding in {year}"),
    "all_lower": ("kaikki", "all"),
    "whole_country_lower": ("koko maa", "whole country"),
    # the effects table
    "effects_caption": ("Yhdistetty vaikutus keskihajonnan yksiköissä (95 %:n luottamusväli); "
                        "k = toimintoja", "Pooled effect in standard deviations (95% CI); k = activities"),
    "col_theme": ("Toimintamuoto", "Theme"),
    "col_before_after": ("Alku–loppu", "Before–after"),
    "demo_source": ("keksitty demoaineisto (impactlib)", "synthetic demo data (impactlib)"),
    "col_against_comparison": ("Ero vertailuryhmään", "Difference from comparison group"),
    "col_country_comparison": ("Koko maa, vertailuryhmään", "Whole country, against comparison"),
    "effects_caption_same": ("Yhdistetty vaikutus keskihajonnan yksiköissä (95 %:n luottamusväli; REML ja "
                             "katkaistu Knapp–Hartungin korjaus, kolmitasoinen malli, kun järjestöllä on "
                             "useita toimintoja). k = toimintoja. Rivin kaksi ensimmäistä vaikutusta ovat "
                             "samoista vertailuryhmällisistä toiminnoista; viimeiset sarakkeet ovat "
                             "pelkästään alussa ja lopussa mitattuja toimintoja.",
                             "Pooled effect in standard deviations (95% CI; REML with the truncated "
                             "Knapp–Hartung adjustment, a three-level model where an association runs "
                             "several activities). k = activities. The first two effects of a row come "
                             "from the same activities with a comparison group; the last columns are "
                             "activities measured before and after only."),
    "col_k_comparison": ("k, vertailuryhmälliset", "k, with comparison group"),
    "col_before_after_same": ("Alku–loppu, samat toiminnot", "Before–after, same activities"),
    "col_k_before_after_only": ("k, vain alku–loppu", "k, before–after only"),
    "col_before_after_only": ("Vain alku- ja loppumittaus", "Measured before–after only"),
    # stand-ins for hidden numbers inside a sentence
    "fewer_than_five": ("alle viisi", "fewer than five"),
    "all_but_fewer_than_five": ("kaikki paitsi alle viisi", "all but fewer than five"),
    "of_all_but_fewer_than_five": ("kaikista paitsi alle viidestä", "all but fewer than five"),
    # the index page
    "index_title": ("Näyttökoosteet hyvinvointialueittain",
                    "Evidence briefs by wellbeing services county"),
    "col_code": ("Koodi", "Code"),
    "col_area": ("Alue", "Area"),
    "col_files": ("Tiedostot", "Files"),
    # the key messages, published facts and questions for the county (impactlib.i18n.county)
    **COUNTY_PHRASES,
}


def phrase(key: str, lang: str = "fi", **values) -> str:
    """A short text of :data:`PHRASES` in Finnish or English, filled in.

    Parameters
    ----------
    key : str
        Name of the text.
    lang : {"fi", "en"}
    **values
        Text to fill in (years and numbers already formatted); anything else raises
        ``TypeError``.

    Returns
    -------
    str
        The text as written in the catalogue (not capitalised).

    Examples
    --------
    >>> phrase("kf_participations_per_1000", "en", year="2025")
    'Participations per 1,000 inhabitants (2025)'
    >>> phrase("kf_grant_lost", year=2023)
    Traceback (most recent call last):
    ...
    TypeError: value year=2023 of phrase 'kf_grant_lost' must be text: format numbers and years first
    """
    check_lang(lang)
    if key not in PHRASES:
        raise ValueError(f"no phrase called {key!r}")
    for name, v in values.items():
        if not isinstance(v, str):
            raise TypeError(f"value {name}={v!r} of phrase {key!r} must be text: format numbers "
                            "and years first")
    return PHRASES[key][0 if lang == "fi" else 1].format(**values)
