"""Findings of the curated notebooks 00–05, in Finnish and English (merged into
:data:`impactlib.i18n.sentences.SENTENCES`; keys ``nbNN_…``).

A notebook states a finding with ``print(sentence("finding", lang, text=sentence(key, lang,
…)))``: counts go in as whole numbers (shown through ``fmt_count``, 1–4 as ``<5``), every other
number formatted first, as in the briefs.

Examples
--------
>>> from impactlib.i18n import sentence
>>> sentence("finding", "en", text=sentence("nb01_density", "en", capitalise=False, n=10000,
...                                          per1000="1.81"))
'Finding: the data hold 10,000 sote associations, 1.81 per 1,000 inhabitants.'
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
        "Taulukossa näytetyistä toimialoista alueen {area} osuus poikkeaa koko maasta eniten "
        "toimialalla {field}: {gap} prosenttiyksikköä.",
        "the largest fields across the country are {top3}; together they hold {share} of the "
        "associations. Of the fields the table shows, the share in {area} differs most from the "
        "whole country in {field}: {gap} percentage points.",
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
    "nb03_reach_hidden": (
        "vuonna {year} osallistumiskertoja oli tuhatta asukasta kohden vähiten alueella {low} "
        "({low_rate}) ja eniten alueella {high} ({high_rate}) niistä alueista, joiden luku "
        "näytetään; kaikkien toimintojen yhteismäärää ei kerrota, koska siitä voisi päätellä "
        "piilotetun luvun. Vapaaehtoistyötä tehtiin {fte} henkilötyövuoden verran ({hours} h / "
        "htv), arvoltaan noin {value}, kun tunnin arvo on {wage}.",
        "in {year}, among the areas whose figure is shown, participations per 1,000 inhabitants "
        "were fewest in {low} ({low_rate}) and most in {high} ({high_rate}); the total of all "
        "activities is not given, as a hidden count could be worked out from it. Volunteers gave "
        "{fte} full-time equivalents ({hours} h per FTE), worth about {value} at {wage} an hour.",
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
    # 04 · county grants (published facts)
    "nb04_sources": (
        "{n} julkaistua lukua {areas} alueelta, avustusvuodet {first}–{last}; euromäärä on {n_eur} "
        "luvussa. Lähteet julkaistu {pub_first}–{pub_last}.",
        "{n} published figures from {areas} areas, grant years {first}–{last}; {n_eur} of them in "
        "euros. Sources published {pub_first}–{pub_last}.",
    ),
    "nb04_comparability": (
        "{found} alueelta 22:sta löytyi euromääriä. Niistä {trend} alueen lukuja voi verrata "
        "vuodesta toiseen ja {across} alueen uusinta lukua muihin alueisiin. Euromääriä ei löytynyt: "
        "{none} (tuntematon, ei nolla).",
        "euro figures were found for {found} of the 22 areas. For {trend} of them the figures can "
        "be compared from year to year, and for {across} the latest figure with other areas. No "
        "euro figures found: {none} (unknown, not zero).",
    ),
    "nb04_per_inhabitant": (
        "myönnetyt avustukset yhteensä (kaikki avustukset) asukasta kohden, kun vähintään kolme "
        "aluetta julkaisi saman luvun:\n- {lines}",
        "grants awarded in total (all grants) per inhabitant, where at least three areas "
        "published the same figure:\n- {lines}",
    ),
    "nb04_per_inhabitant_year": ("{year} ({n} aluetta): {areas}", "{year} ({n} areas): {areas}"),
    "nb04_share_of_applied": (
        "{n} julkaistussa myöntöluvussa avustukset kattoivat {low}–{high} haetusta summasta; "
        "{at_most} osuutta on ylärajoja, koska haettu summa julkaistiin muodossa \"yli\".",
        "in {n} published award figures the grants covered {low}–{high} of the sum applied for; "
        "{at_most} shares are upper bounds, as the sum applied for was published as \"over\".",
    ),
    "nb04_never_all": (
        "Yhdessäkään luvussa avustukset eivät kattaneet koko haettua summaa.",
        "In no figure did the grants cover the whole sum applied for.",
    ),
    "nb04_ranking": (
        "{known} aluetta 22:sta voi verrata muihin; niistä {below} on mediaanin alapuolella. Muista "
        "alueista ei ole julkaistu lukua, jota vähintään kaksi muuta aluetta olisi julkaissut "
        "samalla mittarilla (tuntematon, ei heikko).",
        "{known} of the 22 areas can be compared with others; {below} of them are below the "
        "median. For the other areas no figure was published that at least two other areas "
        "published with the same measure (unknown, not weak).",
    ),
    "nb04_cooperation": (
        "lähteistä löytyi ainakin yksi rakenne {any} alueelta 22:sta; koordinaattori {coordinator} "
        "alueelta, yhteistyöelin {body} alueelta. Muilta osin tieto puuttuu (ei tiedossa).",
        "the sources show at least one structure for {any} of the 22 areas; a coordinator for "
        "{coordinator}, a cooperation body for {body}. Otherwise the information is missing "
        "(not known).",
    ),
    # 05 · service producers
    "nb05_needs_reform": (
        "Tämä muistio vertaa uudistusta edeltävää ja seuraavaa aikaa, joten aineistossa pitää olla "
        "rahoitusvuodet {before} ja {reform}; aineiston rahoitusvuodet ovat {first}–{last}.",
        "This notebook compares the years before and after the reform, so the data must include "
        "the funding years {before} and {reform}; the data's funding years are {first}–{last}.",
    ),
    "nb05_year": (
        "tarkasteluvuosi {year}; rahoitusvuodet {first}–{last}; {n} palveluja tuottavaa yhdistystä.",
        "year shown {year}; funding years {first}–{last}; {n} service-producing associations.",
    ),
    "nb05_sales": (
        "vuonna {year} palvelumyynti oli {share} kaikkien yhdistysten tuloista (vuonna {before} "
        "{share_before}). Palveluja tuottavien yhdistysten tuloista myyntiä oli {sp_share} (95\u00a0%:n "
        "luottamusväli {sp_ci}); siitä {procurement} tuli hankintasopimuksista, {voucher} "
        "palveluseteleistä ja {budget} henkilökohtaisista budjeteista.",
        "in {year} sales were {share} of all associations' income ({share_before} in {before}). "
        "Sales were {sp_share} of the service producers' income (95% CI {sp_ci}); of that, "
        "{procurement} came from procurement contracts, {voucher} from service vouchers and "
        "{budget} from personal budgets.",
    ),
    "nb05_buyers": (
        "ennen vuotta {reform} suurin julkinen ostaja osti keskimäärin {before} yhdistyksen "
        "julkisesta myynnistä, vuodesta {reform} alkaen {after}. Ostajien HHI oli ennen {hhi_before} "
        "ja jälkeen {hhi_after}. Myynnistä kaikkiaan suurin julkinen ostaja osti {all_before} ennen "
        "ja {all_after} jälkeen: keskiarvo ei noussut, koska moni menetti julkisen myyntinsä "
        "kokonaan (kohta 4).",
        "before {reform} the largest public buyer bought on average {before} of an association's "
        "public sales, from {reform} on {after}. The buyers' HHI was {hhi_before} before and "
        "{hhi_after} after. Of all sales the largest public buyer bought {all_before} before and "
        "{all_after} after: the average did not rise, as many lost their public sales altogether "
        "(section 4).",
    ),
    "nb05_vouchers": (
        "koko maassa palvelusetelien ja henkilökohtaisen budjetin osuus julkisista ostoista "
        "yhdistyksiltä oli {before} ennen uudistusta ja {after} sen jälkeen. Pienin osuus oli "
        "alueella {low} ({low_share}, 95\u00a0%:n lv {low_ci}), suurin alueella {high} ({high_share}, "
        "{high_ci}).",
        "across the country, service vouchers and personal budgets were {before} of public "
        "purchases from associations before the reform and {after} after it. The share was "
        "lowest in {low} ({low_share}, 95% CI {low_ci}) and highest in {high} ({high_share}, "
        "{high_ci}).",
    ),
    "nb05_transition_areas": (
        "Korvautuminen seteleillä vaihteli alueittain välillä {low}–{high}.",
        "Replacement by vouchers ranged from {low} to {high} between areas.",
    ),
    "nb05_transition_hidden": (
        "Alueittaiset osuudet eivät riitä vertailuun (alle viiden yhdistyksen luvut on piilotettu).",
        "The areas' shares do not allow a comparison (figures of fewer than five associations are "
        "hidden).",
    ),
    "nb05_contracts": (
        "vuosina {first}–{last} alkaneet sopimukset kestivät keskimäärin {length} vuotta "
        "(95\u00a0%:n lv {length_ci}). Ennen uudistusta päättyneistä sopimuksista {renewed_before} "
        "uusittiin saman ostajan kanssa, uudistuksen jälkeen päättyneistä {renewed_after}. "
        "Julkisen ostosuhteen kesto oli mediaaniltaan {median} vuotta. Vuodesta {reform} alkaen "
        "yhdistysten voittamista hankinnan osista {small} oli alle {threshold} euron.",
        "contracts that started in {first}–{last} lasted {length} years on average (95% CI "
        "{length_ci}). Of the contracts ending before the reform {renewed_before} were renewed "
        "with the same buyer, of those ending after it {renewed_after}. The median public buying "
        "relationship lasted {median} years. From {reform} on, {small} of the procurement lots "
        "won by associations were under {threshold} euros.",
    ),
    # 04–05: findings whose values are table cells (counts beside shares, "<5" and "x" as in
    # the tables), and the wordings for what a small dataset leaves unshown
    "nb04_changes_by_direction": (
        "vertailukelpoisia muutoksia on {n}: kasvuja {up}, ennallaan {same}, laskuja {down}. Suurin "
        "kasvu: {area} {eur} ({years}). Euromäärät ovat nimellisiä.",
        "there are {n} comparable changes: {up} up, {same} level, {down} down. Largest increase: "
        "{area} {eur} ({years}). Amounts are nominal.",
    ),
    "nb05_vouchers_country": (
        "koko maassa palvelusetelien ja henkilökohtaisen budjetin osuus julkisista ostoista "
        "yhdistyksiltä oli {before} ennen uudistusta ja {after} sen jälkeen.",
        "across the country, service vouchers and personal budgets were {before} of public "
        "purchases from associations before the reform and {after} after it.",
    ),
    "nb05_transition_counts": (
        "vuonna {before} kunnille myi {n} yhdistystä. Vuonna {reform} niistä {continued} myi edelleen "
        "kunnalle, {moved} myi hyvinvointialueelle, {vouchers} myi palveluseteleillä tai "
        "henkilökohtaisella budjetilla, {in_house} menetti myynnin alueen omalle tuotannolle ja "
        "{lost} menetti julkisen myyntinsä kokonaan (osuuden 95\u00a0%:n lv {lost_ci}).",
        "in {before}, {n} associations sold to municipalities. In {reform}, {continued} of them still "
        "sold to the municipality, {moved} sold to the county, {vouchers} sold through service "
        "vouchers or personal budgets, {in_house} lost the sales to the county's own production "
        "and {lost} lost their public sales altogether (95% CI of the share {lost_ci}).",
    ),
    "nb05_contracts_open": (
        "vuosina {first}–{last} alkaneet sopimukset kestivät keskimäärin {length} vuotta "
        "(95\u00a0%:n lv {length_ci}). Ennen uudistusta päättyneistä sopimuksista {renewed_before} "
        "uusittiin saman ostajan kanssa, uudistuksen jälkeen päättyneistä {renewed_after}. Yli puolet "
        "julkisista ostosuhteista jatkui vielä aineiston lopussa, joten kestolla ei ole mediaania. "
        "Vuodesta {reform} alkaen yhdistysten voittamista hankinnan osista {small} oli alle "
        "{threshold} euron.",
        "contracts that started in {first}–{last} lasted {length} years on average (95% CI "
        "{length_ci}). Of the contracts ending before the reform {renewed_before} were renewed "
        "with the same buyer, of those ending after it {renewed_after}. More than half of the "
        "public buying relationships were still running at the end of the data, so their length "
        "has no median. From {reform} on, {small} of the procurement lots won by associations "
        "were under {threshold} euros.",
    ),
    "nb05_companies_share": (
        "{n_company} palveluja tuottavaa yhdistystä {n_known}:sta ({share}, 95\u00a0%:n lv {ci}) "
        "tuottaa palveluja omistamansa yhtiön kautta; ensimmäiset siirtyivät vuonna {first}.",
        "{n_company} of {n_known} service-producing associations ({share}, 95% CI {ci}) produce "
        "services through a company they own; the first moved in {first}.",
    ),
    "nb05_companies_few": (
        "{n_known} palveluja tuottavasta yhdistyksestä alle viisi tuottaa palveluja omistamansa "
        "yhtiön kautta (osuutta ei näytetä, koska yhdistyksiä on niin vähän); ensimmäiset "
        "siirtyivät vuonna {first}.",
        "fewer than five of {n_known} service-producing associations produce services through a "
        "company they own (the share is not shown, as there are so few); the first moved in "
        "{first}.",
    ),
    "nb05_companies_none": (
        "yksikään {n_known} palveluja tuottavasta yhdistyksestä ei tuota palveluja omistamansa "
        "yhtiön kautta.",
        "none of the {n_known} service-producing associations produce services through a company "
        "they own.",
    ),
    "nb05_companies_kept": (
        "Yhtiöön siirtymisen jälkeen yhdistykselle jäi {kept} aiemmasta myynnistään (95\u00a0%:n lv "
        "{kept_ci}; {n} yhdistystä, joiden kaksi vuotta ennen ja jälkeen eivät ylitä uudistusta).",
        "After the move the association kept {kept} of its earlier sales (95% CI {kept_ci}; {n} "
        "associations whose two years before and after do not cross the reform).",
    ),
    "nb05_companies_kept_none": (
        "Myyntiä ennen yhtiöön siirtymistä ja sen jälkeen ei voi verrata: yhdistyksiä, joiden kaksi "
        "vuotta ennen ja jälkeen eivät ylitä uudistusta, on {n}.",
        "Sales before and after the move cannot be compared: {n} associations have two years "
        "before and after that do not cross the reform.",
    ),
}
