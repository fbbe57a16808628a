"""Every Finnish word and sentence of the 22 demo briefs passes Voikko (issue 14).

Voikko (libvoikko with the ``voikko-fi`` morphology) is the free Finnish spell and grammar
checker LibreOffice and many Finnish tools use. The texts are read from the rendered HTML pages
(what a reader sees), so the sentence catalogue, the labels and the real published facts are
all checked as printed. Words Voikko does not know are accepted only from the short reviewed
list ``impactlib.i18n.proofread.ACCEPTED``, each with its reason; the grammar checker must
report nothing on running text (paragraphs and list items).

Skips with a clear reason where Voikko is absent (Debian: ``apt-get install libvoikko1
voikko-fi``; ``pip install libvoikko``; CI installs them).
"""

from __future__ import annotations

import pytest

from impactlib.i18n import proofread

try:
    VOIKKO = proofread.checker()
    WHY = ""
except ImportError as err:
    VOIKKO, WHY = None, str(err)

pytestmark = pytest.mark.skipif(
    VOIKKO is None, reason=f"Voikko not available ({WHY}); this test spell- and grammar-checks "
                           "the Finnish briefs")


@pytest.fixture(scope="module")
def texts(rendered) -> dict[str, list[str]]:
    out = {"running": [], "labels": []}
    for paths in rendered["paths"].values():
        page = proofread.page_texts(paths["html"].read_text(encoding="utf-8"))
        for kind in out:
            out[kind].extend(page[kind])
    assert len(rendered["paths"]) == 22 and len(out["running"]) > 22 * 20
    return out


def test_every_word_of_the_22_finnish_briefs_passes_the_spell_check(texts):
    bad = proofread.spelling_errors(texts["running"] + texts["labels"], VOIKKO)
    assert bad.empty, bad.head(20).to_string()


def test_the_grammar_checker_reports_nothing_on_running_text(texts):
    reports = proofread.grammar_reports(texts["running"], VOIKKO)
    assert reports.empty, reports.drop_duplicates("description").head(20).to_string()


def test_every_accepted_word_is_needed(texts):
    """The list stays short: each entry is unknown to Voikko and printed in some brief."""
    printed = {w.split(":")[0].split("-")[0]
               for t in texts["running"] + texts["labels"] for w in proofread.words(t)}
    for word in proofread.ACCEPTED:
        assert not VOIKKO.spell(word), f"Voikko knows {word!r}: drop it from ACCEPTED"
        assert word in printed, f"{word!r} is printed in no brief: drop it from ACCEPTED"


@pytest.mark.parametrize("text, word", [
    ("Alueella on 12 yhdistystä ja 3 yhdistyställe.", "yhdistyställe"),  # no such form
    ("Vain alku–loppu-mitatut", "loppu-mitatut"),                        # the header this replaced
    ("toiminta- ja kertaavustukset", "kertaavustukset"),                  # kerta-avustukset
    ("STEA-avustuksia ja STEA-avustukssia", "STEA-avustukssia"),          # an accepted prefix only
])
def test_the_spell_check_can_fail(text, word):
    assert proofread.spelling_errors([text], VOIKKO)["word"].tolist() == [word]


@pytest.mark.parametrize("text", [
    "Suurin toimiala: ikäihmiset (20,1 % alueen yhdistyksistä).",  # the sentences this replaced
    "Todellinen julkaistu tieto.",
    "Muutos samalla mittarilla: 2023→2024 0 € (0,0 %).",
])
def test_the_grammar_check_can_fail(text):
    assert not proofread.grammar_reports([text], VOIKKO).empty


def test_page_texts_leaves_out_link_targets_provenance_and_alt_texts():
    html = ('<h1 class="brief-h1">Otsikko</h1><p>Katso <a href="https://soste.fi/a-b">soste.fi</a>.'
            '</p><figure><img alt="tikkutekstit xyz"></figure><table><caption>Taulukko</caption>'
            '<tr><th>Tunnusluku</th><td>5</td></tr></table>'
            '<ul class="brief-meta"><li>impactlib brief --county 15 seed</li></ul><ul><li>Kohta</li></ul>')
    got = proofread.page_texts(html)
    assert got["running"] == ["Katso soste.fi.", "Kohta"]
    assert got["labels"] == ["Otsikko", "Taulukko", "Tunnusluku", "5"]
