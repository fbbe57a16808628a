"""Findings of the curated notebooks 00–03, in Finnish and English (merged into
:data:`impactlib.i18n.sentences.SENTENCES`; keys ``nbNN_…``).

A notebook states a finding with ``print(sentence("finding", lang, text=sentence(key, lang,
…)))``: counts go in as whole numbers (shown through ``fmt_count``, 1–4 as ``<5``), every other
number formatted first, as in the briefs.

Examples
--------
>>> from impactlib.i18n import sentence
>>> sentence("finding", "en", text=sentence("nb01_density", "en", n=10000, per1000="1.81"))
'Finding: The data hold 10,000 sote associations, 1.81 per 1,000 inhabitants.'
"""

from __future__ import annotations

__all__ = ["NOTEBOOK_SENTENCES"]

#: key -> (Finnish, English)
NOTEBOOK_SENTENCES: dict[str, tuple[str, str]] = {
    "finding": ("Löydös: {text}", "Finding: {text}"),
    # 01 · the association field
    "nb01_density": (
        "aineistossa on {n} sote-järjestöä eli {per1000} yhdistystä tuhatta asukasta kohden.",
        "the data hold {n} sote associations, {per1000} per 1,000 inhabitants.",
    ),
    "nb01_density_extremes": (
        "Asukaslukuun nähden niitä on eniten alueella {high} ({high_rate}; 95 %:n lv {high_ci}) ja "
        "vähiten alueella {low} ({low_rate}; {low_ci}).",
        "Relative to population there are most in {high} ({high_rate}; 95% CI {high_ci}) and "
        "fewest in {low} ({low_rate}; {low_ci}).",
    ),
    "nb01_density_overlap": (
        "Alueita ei voi asettaa järjestykseen: tiheys on {low_rate}–{high_rate} tuhatta asukasta "
        "kohden, mutta suurimman ja pienimmän luottamusvälit menevät päällekkäin (Poissonin tarkka "
        "95 %:n väli), joten erot voivat olla sattumaa.",
        "The areas cannot be ranked: the density ranges from {low_rate} to {high_rate} per 1,000 "
        "inhabitants, but the confidence intervals of the highest and the lowest overlap (exact "
        "Poisson 95% interval), so the differences may be chance.",
    ),
    "nb01_kinds": (
        "koko maassa yhdistyksistä {volunteer} on vapaaehtoispohjaisia, {intermediate} "
        "välimuotoisia ja {service} sote-palveluja tuottavia. Palveluja tuottavien osuus on pienin "
        "alueella {low_area} ({low}) ja suurin alueella {high_area} ({high}).",
        "across the country {volunteer} of the associations are volunteer-based, {intermediate} "
        "intermediate and {service} sote-service producers. The producers' share is smallest in "
        "{low_area} ({low}) and largest in {high_area} ({high}).",
    ),
    "nb01_fields": (
        "suurimmat toimialat koko maassa ovat {top3}; yhdessä niissä toimii {share} yhdistyksistä. "
        "Alueen {area} toimialajakauma poikkeaa koko maasta enimmillään {gap} prosenttiyksikköä "
        "(toimiala: {field}).",
        "the largest fields across the country are {top3}; together they hold {share} of the "
        "associations. The fields of {area} differ from the whole country by at most {gap} "
        "percentage points (field: {field}).",
    ),
    "nb01_staff": (
        "palkattua henkilöstöä on {share} yhdistyksistä: vapaaehtoispohjaisista {volunteer}, "
        "välimuotoisista {intermediate} ja palveluja tuottavista {service}. Tuhatta asukasta kohden "
        "vapaaehtoisia on {volunteers} ja palkattuja henkilötyövuosia {fte}; yhtä henkilötyövuotta "
        "kohden vapaaehtoisia on {per_fte}.",
        "{share} of the associations have paid staff: {volunteer} of the volunteer-based, "
        "{intermediate} of the intermediate and {service} of the service producers. Per 1,000 "
        "inhabitants there are {volunteers} volunteers and {fte} paid full-time equivalents; "
        "{per_fte} volunteers per full-time equivalent.",
    ),
    "nb01_volunteers_extremes": (
        "Asukaslukuun nähden vapaaehtoisia on eniten alueella {high} ({high_rate}) ja vähiten "
        "alueella {low} ({low_rate}).",
        "Relative to population there are most volunteers in {high} ({high_rate}) and fewest in "
        "{low} ({low_rate}).",
    ),
    "nb01_volunteers_overlap": (
        "Alueiden erot vapaaehtoisten määrässä asukasta kohden ovat luottamusvälien rajoissa.",
        "The areas' differences in volunteers per inhabitant are within their confidence "
        "intervals.",
    ),
    "nb01_no_keski_suomi": (
        "aineistossa ei ole Keski-Suomen yhdistyksiä, joten julkaistuun profiiliin ei verrata.",
        "the data hold no associations of Keski-Suomi, so there is no comparison with the "
        "published profile.",
    ),
    "nb01_published": (
        "aineiston Keski-Suomessa on {n} sote-järjestöä (julkaistu: noin 500). Osuudet poikkeavat "
        "julkaistuista enintään {gap} prosenttiyksikköä, ja sanamuodon rajoista ('alle 10', "
        "'lähes 100', 'suurin osa') täyttyy {within} / {bounds}.",
        "Keski-Suomi in the data has {n} sote associations (published: about 500). The shares "
        "differ from the published ones by at most {gap} percentage points, and {within} of "
        "{bounds} bounds of the wording ('under 10', 'nearly 100', 'most') hold.",
    ),
    # 02 · funding continuity
    "nb02_mix": (
        "kuntien osuus kaikesta rahoituksesta oli {mun_before} vuonna {before} ja {mun_after} vuonna "
        "{reform}, jolloin hyvinvointialueiden osuus oli {county}. STEA:n osuus oli {stea_prev} "
        "vuonna {prev} ja {stea_year} vuonna {year}.",
        "municipalities' share of all funding was {mun_before} in {before} and {mun_after} in "
        "{reform}, when the wellbeing services counties' share was {county}. STEA's share was "
        "{stea_prev} in {prev} and {stea_year} in {year}.",
    ),
    "nb02_handover": (
        "vuonna {before} kunnan avustusta sai {n} yhdistystä. Vuonna {reform} avustuksista kunta "
        "jatkoi {continued}, hyvinvointialue otti hoitaakseen {county}, {split} jaettiin kunnan ja "
        "alueen kesken, {reduced} pieneni ja {lost} loppui kokonaan. Vuoden {before} kuntien "
        "avustuseuroista {kept_eur} jatkui kunnan tai alueen rahoituksena. Avustus loppui useimmin "
        "alueella {worst} ({worst_share}) ja harvimmin alueella {best} ({best_share}). Niistä, "
        "joilta avustus loppui, {back} sai taas rahaa kunnalta tai alueelta vuonna {after}.",
        "in {before}, {n} associations had a municipal grant. In {reform} the municipality "
        "continued {continued} of the grants, the county took over {county}, {split} were split "
        "between municipality and county, {reduced} shrank and {lost} ended altogether. Of the "
        "municipal grant euros of {before}, {kept_eur} continued as municipal or county funding. "
        "Grants ended most often in {worst} ({worst_share}) and least often in {best} "
        "({best_share}). Of those whose grant ended, {back} had money from a municipality or the "
        "county again in {after}.",
    ),
    "nb02_dependence": (
        "vuonna {year} ulkopuolista rahoitusta sai {n} yhdistystä; {n_high} ({share}) niistä sai "
        "vähintään 90 % siitä yhdeltä rahoittajalta. Tyypeittäin: {parts}.",
        "in {year}, {n} associations had outside funding; {n_high} ({share}) of them had at least "
        "90% of it from one funder. By kind: {parts}.",
    ),
    "nb02_dependence_part": ("{kind} {n_high} / {n} ({share})", "{kind} {n_high} of {n} ({share})"),
    "nb02_ph_violated": (
        "suhteellisten riskien oletus ei päde {n_terms} termille ({terms}): niiden riskisuhde "
        "muuttuu suhteen keston myötä (kokonaistesti p {p}). Yllä oleva riskisuhde on siksi koko "
        "ajan keskiarvo, ei vakio: rahoittajatyyppien erot näkyvät luotettavammin kestokäyristä "
        "ja mediaaneista.",
        "the proportional-hazards assumption fails for {n_terms} terms ({terms}): their hazard "
        "ratio changes with the length of the relationship (global test p {p}). The hazard ratio "
        "above is therefore an average over time, not a constant: the funder types' differences "
        "are read more reliably from the survival curves and medians.",
    ),
    "nb02_ph_holds": (
        "suhteellisten riskien oletus pitää (kokonaistesti p {p}); riskisuhteet kuvaavat eroja "
        "koko suhteen ajalta.",
        "the proportional-hazards assumption holds (global test p {p}); the hazard ratios describe "
        "the differences over the whole relationship.",
    ),
    "nb02_survival": (
        "{n_used} rahoitussuhdetta ({n_dropped} jo vuonna {first} käynnissä ollutta jätetty pois): "
        "{lines}. Erot rahoittajatyyppien välillä: log-rank χ² = {chi2}, df = {df}, p {p}.",
        "{n_used} funding relationships ({n_dropped} already running in {first} left out): "
        "{lines}. Differences between funder types: log-rank χ² = {chi2}, df = {df}, p {p}.",
    ),
    "nb02_survival_median": ("{group}: mediaani {median} v.", "{group}: median {median} years"),
    "nb02_survival_open": (
        "{group}: yli puolet jatkuu vielä {years} vuoden jälkeen",
        "{group}: over half still continue after {years} years",
    ),
    "nb02_survival_three": ("{text}, 3 vuotta kesti {share}", "{text}, {share} lasted 3 years"),
    "nb02_cliff": (
        "vuosina {first}–{last} päättyi {ended} STEA-hanketta, ja niistä {cliffs} ({share}) jäi "
        "ilman STEA:n toiminta-avustusta seuraavana vuonna. Näiden hankkeiden viimeisen vuoden "
        "rahoitus oli yhteensä {eur}. Vuonna {last} päättyneistä ilman jatkoa jäi {share_last}.",
        "in {first}–{last}, {ended} STEA projects ended, and {cliffs} ({share}) of them had no "
        "STEA operating grant the next year. Their last year's funding totalled {eur}. Of those "
        "ending in {last}, {share_last} had no follow-up.",
    ),
    "nb02_cut_made": (
        "vuoden {end} leikkaus ({meur}, {change} vuoden {base} tasosta) on jo tehty: aineistossa "
        "{n_losing} yhdistystä ({share}) {verb} yli 10 % kokonaisrahoituksestaan, ja niiden "
        "STEA-raha muuttui {stea_change}.",
        "the cut of {end} ({meur}, {change} of the {base} level) has been made: in the data "
        "{n_losing} associations ({share}) {verb} over 10% of their total funding, and their "
        "STEA money changed by {stea_change}.",
    ),
    "nb02_cut_made_observed": ("menetti", "lost"),
    "nb02_cut_made_projected": (
        "menettäisi (aineistossa ei vielä ole leikkausvuotta)",
        "would lose (the data do not yet hold the year of the cut)",
    ),
    "nb02_cut_announced": (
        "Ilmoitetut leikkaukset {base}→{end} ({change} vuoden {base} tasosta) veisivät kaikilta "
        "samassa suhteessa leikattuina yli 10 % rahoituksesta vielä {n_losing} yhdistykseltä "
        "({share}), ja rahoitus pienenisi {meur} vuodessa.",
        "The announced cuts {base}→{end} ({change} of the {base} level), applied to everyone in the "
        "same proportion, would take over 10% of the funding of {n_losing} more associations "
        "({share}), and funding would shrink by {meur} a year.",
    ),
    "nb02_cut_kinds": ("Tyypeittäin ({parts}): {by_kind}.", "By kind ({parts}): {by_kind}."),
    # 03 · effectiveness evidence
    "nb03_data": (
        "aineisto: {source}; toimintoja {activities}, mitattuja osallistujia {participants}.",
        "data: {source}; {activities} activities, {participants} participants measured.",
    ),
    "nb03_reach": (
        "vuonna {year} toiminnoissa oli {total} osallistumiskertaa. Osallistumiskertoja oli "
        "tuhatta asukasta kohden vähiten alueella {low} ({low_rate}) ja eniten alueella {high} "
        "({high_rate}). Vapaaehtoistyötä tehtiin {fte} henkilötyövuoden verran ({hours} h / htv), "
        "arvoltaan noin {value}, kun tunnin arvo on {wage}.",
        "in {year} the activities had {total} participations. Per 1,000 inhabitants they were "
        "fewest in {low} ({low_rate}) and most in {high} ({high_rate}). Volunteers gave {fte} "
        "full-time equivalents ({hours} h per FTE), worth about {value} at {wage} an hour.",
    ),
    "nb03_effects": (
        "mitattuja toimintoja {n}, joista yhdistettävissä {usable}; vertailuryhmällisiä {ppc}.",
        "{n} activities measured, {usable} of them poolable; {ppc} with a comparison group.",
    ),
    "nb03_prediction": (
        "Matalan kynnyksen avussa uuden toiminnan vaikutus osuu todennäköisesti välille {pi} "
        "(ennusteväli).",
        "In low-threshold help, the effect of a new activity probably lies within {pi} "
        "(prediction interval).",
    ),
    "nb03_heterogeneity": (
        "vertailuryhmään verratut vaikutukset vaihtelevat toiminnoittain: I² = {i2} (95 %:n lv "
        "{i2_ci}), τ = {tau} keskihajontaa. Toimintamuoto selittää vaihtelusta {r2} "
        "(moderaattoritesti p {qm_p}); jäljelle jää τ² = {tau2}. Eggerin testi: t({df}) = {t}, "
        "p = {p}: {egger}.",
        "the comparison-adjusted effects vary between activities: I² = {i2} (95% CI {i2_ci}), "
        "τ = {tau} standard deviations. The theme explains {r2} of the variation (moderator test "
        "p {qm_p}); τ² = {tau2} remains. Egger's test: t({df}) = {t}, p = {p}: {egger}.",
    ),
    "nb03_egger_no": (
        "pienet arvioinnit eivät raportoi suurempia vaikutuksia kuin suuret",
        "small evaluations do not report larger effects than large ones",
    ),
    "nb03_egger_yes": (
        "pienet arvioinnit raportoivat suurempia vaikutuksia kuin suuret (mahdollinen julkaisuharha)",
        "small evaluations report larger effects than large ones (possible publication bias)",
    ),
    "nb03_reliable": (
        "mitatuista osallistujista {share} parantui luotettavasti. Osuus oli suurin "
        "toimintamuodossa {top} ({top_share}). Kustannus luotettavasti parantunutta osallistujaa "
        "kohden oli pienin toimintamuodossa {cheap} ({cheap_eur}) ja suurin toimintamuodossa "
        "{dear} ({dear_eur}). Luku jakaa kustannukset alku–loppu-muutoksella: se ei kerro, että "
        "toiminta aiheutti parantumisen, eikä sitä, mitä sama raha saisi aikaan toisessa "
        "toimintamuodossa, jossa osallistujat ja mittarit ovat toiset.",
        "{share} of the participants measured improved reliably. The share was largest in {top} "
        "({top_share}). The cost per reliably improved participant was lowest in {cheap} "
        "({cheap_eur}) and highest in {dear} ({dear_eur}). The figure divides costs by a "
        "before–after change: it does not say that the activity caused the improvement, nor what "
        "the same money would achieve in another theme with other participants and instruments.",
    ),
    "nb03_levels": (
        "toiminnoista {level3} yltää vähintään tasolle 3 (vertailuryhmä tukee syy-yhteyttä) ja "
        "{level2} tasolle 2. Tason nousu pysähtyy useimmiten tähän ({gap_n} toimintoa): {gap}. "
        "Mitatuista toiminnoista {no_effect}:lla vaikutus ei eronnut nollasta: luottamusväli sisälsi nollan, mikä "
        "ei osoita, ettei toiminta vaikuta.",
        "{level3} of the activities reach at least level 3 (a comparison group supports a causal "
        "link) and {level2} level 2. The most common missing step is {gap} ({gap_n} activities). "
        "For {no_effect} of the measured activities the effect did not differ from zero: the "
        "interval included zero, which does not show that the activity has no effect.",
    ),
    "nb03_felt_help": (
        "apua koki saaneensa {share} palautteeseen vastanneista; osuus oli pienin toimintamuodossa "
        "{low} ({low_share}) ja suurin toimintamuodossa {high} ({high_share}).",
        "{share} of those who gave feedback felt helped; the share was lowest in {low} "
        "({low_share}) and highest in {high} ({high_share}).",
    ),
    "nb03_comparison": (
        "vertailuryhmällisissä toiminnoissa osallistujien tila parani {naive} keskihajontaa, mutta "
        "vertailuryhmänkin tila parani {trend} keskihajontaa ilman toimintaa. Vertailuryhmään "
        "verrattu vaikutus on {adjusted} (95 %:n lv {ci}): pelkkä alku–loppu-mittaus olisi "
        "yliarvioinut vaikutuksen {over}. Erotusten erotus antaa keskimäärin {did} ja iällä "
        "painotettu vertailu {ipw} keskihajontaa toimintoa kohden. Osallistujat olivat "
        "lähtötilanteessa vertailuryhmää huonommassa tilassa (vakioitu ero {balance}); alkutilan "
        "mukaan painottaminen toisi tulokseen regressiota keskiarvoon, joten sitä ei tehdä "
        "oletuksena.",
        "in activities with a comparison group the participants improved by {naive} standard "
        "deviations, but the comparison group improved by {trend} without the activity. The "
        "comparison-adjusted effect is {adjusted} (95% CI {ci}): a before–after measurement alone "
        "would have overstated it by {over}. Difference-in-differences gives {did} and the "
        "age-weighted comparison {ipw} standard deviations per activity on average. Participants "
        "started worse off than the comparison group (standardised difference {balance}); "
        "weighting on the baseline would bring regression to the mean into the result, so it is "
        "not done by default.",
    ),
    "nb03_planted": (
        "tarkistus: {covered} / {n} yhdistetyn vaikutuksen luottamusväleistä kattaa istutetun arvon "
        "(alku–loppu-asetelmassa istutettu vaikutus + ajan trendi {trend}); arvioitu ajan trendi "
        "{estimated} vs. istutettu {trend}.",
        "check: {covered} of {n} pooled effects' confidence intervals cover the planted value "
        "(in the before–after design the planted effect + the time trend {trend}); estimated time "
        "trend {estimated} vs. planted {trend}.",
    ),
    "nb03_own_data": (
        "oma aineisto: istutettuja arvoja ei ole, joten tarkistus ohitetaan.",
        "own data: there is no planted truth, so the check is skipped.",
    ),
}
