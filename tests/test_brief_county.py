"""The brief's real published facts, key messages and questions for the county (issue 9).

Checked on rendered pages and Word files: Kainuu's 2023 county grants in euros and per
inhabitant with their source, Keski-Suomi's hand-over rule quoted and its structures listed,
Helsinki spoken of as the city (no wellbeing-county wording in Finnish or English), an area
with nothing published saying so, a group's own cooperation sheet used first, the STEA cuts
with their base years. Expected values are read independently from ../shared/data/counties
(the compilers' own tables) and Statistics Finland's populations (conftest).
"""

from __future__ import annotations

import html as htmllib
import re

import pandas as pd
import pytest

from impactlib import brief, regions
from impactlib.i18n import fmt_eur, fmt_pct

DATE = "2026-01-15"


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    """Briefs of Kainuu, Keski-Suomi, Helsinki and Kymenlaakso, in Finnish and English."""
    out = tmp_path_factory.mktemp("county-briefs")
    paths = {}
    for lang in ("fi", "en"):
        got = brief.render_all(out=out, lang=lang, date=DATE, progress=False,
                               counties=["20", "15", "90", "10"])
        for code, p in got.items():
            paths[(code, lang)] = p
    return paths


def _html(pages, code, lang="fi") -> str:
    return pages[(code, lang)]["html"].read_text(encoding="utf-8")


def _visible(html: str) -> str:
    """The text a reader sees or hears: text nodes and the figures' alternative texts
    (not the addresses links point to)."""
    alts = " ".join(re.findall(r'alt="([^"]*)"', html))
    body = re.sub(r"<style.*?</style>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    return htmllib.unescape(text + " " + alts).replace("\xa0", " ")


def _docx_text(path) -> str:
    from docx import Document

    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    for s in doc.sections:
        parts += [p.text for p in s.header.paragraphs] + [p.text for p in s.footer.paragraphs]
    parts += [s._inline.docPr.get("descr") or "" for s in doc.inline_shapes]
    return " ".join(parts).replace("\xa0", " ")


def _section(html: str, title: str) -> str:
    """The HTML of the section headed ``title``."""
    for sec in re.findall(r'<section class="brief-section">(.*?)</section>', html, re.S):
        if f">{title}</h" in sec:
            return sec
    raise AssertionError(f"no section {title!r}")


def _shared(shared_data, name):
    return pd.read_csv(shared_data / "counties" / name, dtype=str, keep_default_na=False)


def test_kainuu_shows_its_2023_grants_in_euros_and_per_inhabitant_with_source(
        pages, shared_data, county_population_2022):
    g = _shared(shared_data, "county_grants_published.csv")
    row = g[(g.code == "20") & (g.grant_year == "2023") & (g.measure == "granted")].iloc[0]
    amount = float(row.amount_eur)                                 # 122 200 € (county release)
    per = amount / county_population_2022["20"]                    # / 70 521 inhabitants
    for lang, eur, per_text in (("fi", fmt_eur(amount, 0, "fi"), fmt_eur(per, 2, "fi")),
                                ("en", fmt_eur(amount, 0, "en"), fmt_eur(per, 2, "en"))):
        facts = _section(_html(pages, "20", lang), "Julkiset tiedot alueelta" if lang == "fi"
                         else "Published facts about the area")
        assert eur in facts and per_text in facts, lang
        assert f'<a href="{row.source}">hyvinvointialue.kainuu.fi</a>' in facts  # the source, linked
        assert ("15.3.2023" if lang == "fi" else "15 March 2023") in facts          # and its date
        assert "44" in facts  # applications
    assert per_text == "€1.73"
    # the Word file carries the same figures and the link
    text = _docx_text(pages[("20", "fi")]["docx"])
    assert fmt_eur(amount, 0, "fi").replace("\xa0", " ") in text and "1,73 €" in text
    from docx import Document

    rels = Document(str(pages[("20", "fi")]["docx"])).part.rels.values()
    assert any(r.is_external and r.target_ref == row.source for r in rels)


def test_keski_suomi_quotes_its_hand_over_rule_and_lists_the_structures_found(pages, shared_data):
    rule = _shared(shared_data, "handover_rules_published.csv").set_index("code").loc["15", "quote_fi"]
    coop = _shared(shared_data, "cooperation_structures_published.csv")
    found = coop[coop.code == "15"]
    for lang in ("fi", "en"):
        html = _html(pages, "15", lang)
        facts = htmllib.unescape(_section(html, "Julkiset tiedot alueelta" if lang == "fi"
                                          else "Published facts about the area")).replace("\xa0", " ")
        assert rule in facts, lang                           # quoted word for word, in Finnish
        for value in found.value_fi:                         # every structure found, named
            assert value.split(" (")[0] in facts, (lang, value)
        # the items not found are listed as not found (unknown), never as "no"
        missing = "ei löytynyt lähteistä (tuntematon): tilat, kumppanuussopimukset, maininta strategiassa"
        if lang == "fi":
            assert missing in facts
        else:
            assert ("not found in the sources (unknown): premises, partnership agreements, named in the "
                    "strategy") in facts
    assert "Keski-Suomi" in _visible(_html(pages, "15"))


def test_helsinki_is_the_city_never_a_wellbeing_services_county(pages):
    for lang in ("fi", "en"):
        for text in (_visible(_html(pages, "90", lang)), _docx_text(pages[("90", lang)]["docx"])):
            low = text.lower()
            assert "hyvinvointialue" not in low, lang
            assert "wellbeing services count" not in low and "wellbeing count" not in low, lang
    fi = _visible(_html(pages, "90", "fi"))
    assert "Kysymyksiä kaupungille" in fi and "Helsingin kaupunki" in fi
    # the hand-over section explains what the reform changed in the city
    assert "Uudistus ei siirtänyt Helsingin avustuksia toiselle järjestäjälle" in fi
    en = _visible(_html(pages, "90", "en"))
    assert "Questions for the city" in en and "Questions for the county" not in en
    # the check can fail: another area's brief has the wording
    assert "hyvinvointialue" in _visible(_html(pages, "20", "fi")).lower()


def test_every_brief_leads_with_messages_and_facts_and_ends_with_questions(pages):
    for (code, lang), p in pages.items():
        html = p["html"].read_text(encoding="utf-8")
        heads = [htmllib.unescape(h) for h in re.findall(r'<h2 class="brief-h2">(.*?)</h2>', html)]
        fi = lang == "fi"
        assert heads[:2] == (["Avainviestit", "Julkiset tiedot alueelta"] if fi
                             else ["Key messages", "Published facts about the area"]), (code, lang)
        last = {("90", True): "Kysymyksiä kaupungille", ("90", False): "Questions for the city"}.get(
            (code, fi), "Kysymyksiä hyvinvointialueelle" if fi else "Questions for the county")
        assert heads[-1] == last, (code, lang)
        assert html.rstrip().endswith("</html>")
        msgs = re.search(r'<ul class="brief-messages">(.*?)</ul>', html, re.S).group(1)
        assert msgs.count("<li>") == 3, (code, lang)
        qs = re.search(r'<ul class="brief-questions">(.*?)</ul>', html, re.S).group(1)
        assert 4 <= qs.count("<li>") <= 6, (code, lang)
        # the questions are the last block of the page
        assert html.index('class="brief-questions"') > html.index(">" + heads[-2] + "<")
        # each message states its count, not only a percentage (k / n)
        assert all(re.search(r"\d+ (/|of) [\d ,\xa0]+", m) for m in re.findall(r"<li>(.*?)</li>", msgs)
                   if "Julkaistut" not in m and "Published grants" not in m), (code, lang)


def test_the_facts_are_marked_real_and_an_area_with_nothing_says_so(pages):
    for code in ("20", "10"):
        html = _html(pages, code)
        assert '<p class="brief-real">Todellisia julkaistuja tietoja lähteineen – eivät demoaineistoa.</p>' in html
    facts = _section(_html(pages, "10"), "Julkiset tiedot alueelta")
    items = re.findall(r"<li>(.*?)</li>", facts, re.S)
    # one line for the area, then the national facts (Järjestöbarometri 2024, STEA)
    assert items[0] == "Alueelta ei löytynyt julkaistuja avustus-, siirtymä-, yhteistyö- eikä järjestömäärätietoja."
    assert len(items) == 3 and "Järjestöbarometri 2024" in items[1] and "STEA" in items[2]
    # national facts: the 2025 cut made and the further announced cuts shown separately
    assert "79,5" in items[2] and "25\xa0milj." in items[2]


def test_key_figures_name_the_base_year_of_each_stea_cut(pages, demo):
    html = _html(pages, "15")
    assert "STEA-leikkauksessa 2024→2025 (toteutunut)" in html
    assert "ilmoitetuissa STEA-leikkauksissa 2025→2027 (perusvuosi 2025)" in html
    # the made cut's row against an independent count: associations of Keski-Suomi whose STEA
    # euros fell 2024→2025 by more than 10 % of their 2024 total
    f, o = demo.funding, demo.organisations
    from impactlib.dataset import org_county

    ks = set(o.loc[(org_county(o) == "15").to_numpy(), "org_id"])
    f = f[f["org_id"].isin(ks)]
    stea = f["source"].isin(["stea_general", "stea_targeted", "stea_project"])
    tot = f[f.year == 2024].groupby("org_id")["amount_eur"].sum()
    s24 = f[stea & (f.year == 2024)].groupby("org_id")["amount_eur"].sum().reindex(tot.index, fill_value=0)
    s25 = f[stea & (f.year == 2025)].groupby("org_id")["amount_eur"].sum().reindex(tot.index, fill_value=0)
    share = float(((s25 - s24) < -0.10 * tot).mean())
    m = re.search(r'2024→2025 \(toteutunut\)</th><td class="num">([^<]+)</td>', html)
    assert m and m.group(1) == fmt_pct(share, 1, "fi")


def test_own_cooperation_sheet_comes_first_and_is_named(tmp_path, demo):
    from impactlib import Dataset, validate

    coop = pd.DataFrame({"county": ["20", "20"], "item": ["coordinator", "premises_offered"],
                         "status": ["no", "yes"], "since": [pd.NA, "2024"],
                         "source": ["Oma selvitys 2026", "https://example.fi/tilat"],
                         "description": [pd.NA, "kokoustilat maksutta"]})
    ds = validate(Dataset(demo.organisations, demo.funding, demo.activities, demo.outcomes,
                          demo.outcome_summaries, cooperation=coop, provenance=demo.provenance))
    ctx = brief.prepare("20", data=ds, date=DATE)
    facts = " ".join(brief.facts_section(ctx).blocks[-1].items)
    assert "Yhteistyörakenteet (oma aineisto, cooperation-välilehti)" in facts
    assert "tilat (kokoustilat maksutta, 2024, [example.fi](https://example.fi/tilat))" in facts
    assert "koordinaattori (ei, Oma selvitys 2026)" in facts   # the group's "no" is shown as theirs
    qs = brief.questions_section(ctx).blocks[-1].items
    assert qs[0].endswith("Oman kirjauksenne mukaan järjestöyhteistyön koordinaattoria ei ole.")


def test_published_date_and_source_link():
    from impactlib.brief.county import published_date, source_link

    assert source_link("https://www.sttinfo.fi/tiedote/71609806/") == (
        "[sttinfo.fi](https://www.sttinfo.fi/tiedote/71609806/)")
    assert source_link("kyt.fi (8.3.2023)") == "kyt.fi (8.3.2023)"
    assert [published_date(d) for d in ("2023-03-15", "2025-11", "2024", "undated")] == [
        "15.3.2023", "11/2025", "2024", "päiväämätön"]
    assert regions.county_name("90", "fi", short=False) == "Helsingin kaupunki"
