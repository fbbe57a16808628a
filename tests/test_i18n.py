"""Finnish number formats, county phrases and the sentence templates.

Reference for the Finnish format: Kotimaisten kielten keskus, *Kielitoimiston
ohjepankki*, "Luvut ja numerot" / "Prosenttimerkki": a space (here a
non-breaking one) between thousands, a decimal comma, and a space before
``%`` and ``€`` ("12,3 %", "1 234,50 €"). The county names are checked against
Statistics Finland's own classification file in ``../shared/data``.
"""

from __future__ import annotations

import string

import pandas as pd
import pytest

from impactlib import i18n, regions
from impactlib.i18n import NBSP

# --- number formats ---------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "decimals", "lang", "expected"),
    [
        (1234.5, 1, "fi", f"1{NBSP}234,5"),  # Kielitoimiston ohjepankki: "1 234,5"
        (1234567, 0, "fi", f"1{NBSP}234{NBSP}567"),
        (-0.04, 1, "fi", "0,0"),  # no "−0,0"
        (-12.5, 1, "fi", "−12,5"),  # typographic minus in Finnish text
        (1234.5, 1, "en", "1,234.5"),
        (999.95, 1, "fi", f"1{NBSP}000,0"),
    ],
)
def test_fmt_number(value, decimals, lang, expected):
    assert i18n.fmt_number(value, decimals, lang) == expected


def test_issue_examples_euro_and_percent():
    # the issue asks for "1 234,5 €; 12,3 %"
    assert i18n.fmt_eur(1234.5, 1) == f"1{NBSP}234,5{NBSP}€"
    assert i18n.fmt_pct(0.123) == f"12,3{NBSP}%"
    assert i18n.fmt_pct(0.123, lang="en") == "12.3%"


@pytest.mark.parametrize("n, expected", [(0, "0"), (1, "<5"), (4, "<5"), (5, "5"), (12345, f"12{NBSP}345")])
def test_fmt_count_hides_one_to_four(n, expected):
    assert i18n.fmt_count(n) == expected


def test_fmt_ci_and_cell():
    assert i18n.fmt_ci(0.214, 0.447) == "0,21…0,45"
    assert i18n.fmt_ci(-0.1, 0.25, 2, "en") == "-0.10 to 0.25"
    assert i18n.fmt_cell("x", "pct") == "x"
    assert i18n.fmt_cell("<5", "count") == "<5"
    assert i18n.fmt_cell(3, "count") == "<5"
    assert i18n.fmt_cell("5687", "count") == f"5{NBSP}687"  # as disclosure.suppress leaves it
    assert i18n.fmt_cell("3", "count") == "<5"
    assert i18n.fmt_cell(0.5, "pct", 0) == f"50{NBSP}%"
    assert i18n.fmt_cell(2_500_000, "meur", 1) == f"2,5{NBSP}milj.{NBSP}€"
    with pytest.raises(ValueError, match="kind must be"):
        i18n.fmt_cell(1.0, "weird")


def test_missing_values_are_a_dash():
    for f in (i18n.fmt_number, i18n.fmt_pct, i18n.fmt_eur, i18n.fmt_count):
        assert f(float("nan")) == "–"
    assert i18n.fmt_count(pd.NA) == "–"


def test_bad_language_is_refused():
    with pytest.raises(ValueError, match="lang must be one of"):
        i18n.fmt_number(1.0, 1, "sv")
    with pytest.raises(ValueError):
        i18n.sentence("intro", "de", area="x")


# --- county phrases against Statistics Finland's names -----------------------


@pytest.fixture(scope="module")
def county_names(shared_data):
    k = pd.read_csv(shared_data / "regions" / "geofi_municipality_key_2023.csv")
    k = k.drop_duplicates("hyvinvointialue_code")
    return {f"{int(c):02d}": str(n).strip() for c, n in zip(k["hyvinvointialue_code"],
                                                             k["hyvinvointialue_name_fi"], strict=True)}


def test_county_in_is_the_adessive_of_the_official_name(county_names):
    for code in regions.counties()["code"]:
        official = county_names[code]  # e.g. "Keski-Suomen hyvinvointialue", "Helsingin kaupunki"
        got = i18n.county_in(code)
        if official.endswith("hyvinvointialue"):
            assert got == official + "ella", code  # hyvinvointialue → hyvinvointialueella
        else:
            assert official == "Helsingin kaupunki" and got == "Helsingin kaupungissa"


def test_county_genitive_is_the_first_part_of_the_official_name(county_names):
    for code in regions.counties()["code"]:
        official = county_names[code]
        assert official.startswith(i18n.county_genitive(code) + " "), code
    assert i18n.county_genitive("04") == "Vantaan ja Keravan"


def test_county_in_english():
    assert i18n.county_in("15", "en") == "in Central Finland"
    assert i18n.county_in("90", "en") == "in Helsinki"


# --- sentence templates --------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_finnish_and_english_templates_take_the_same_values():
    for key, (fi, en) in i18n.SENTENCES.items():
        assert _fields(fi) == _fields(en), key


def test_every_template_fills_in_and_starts_with_a_capital():
    for key, (fi, _) in i18n.SENTENCES.items():
        values = {f: 7 for f in _fields(fi)}
        values["area"] = i18n.county_in("15")
        for lang in ("fi", "en"):
            s = i18n.sentence(key, lang, **values)
            assert s[0].isupper() or not s[0].isalpha(), (key, lang, s)
            assert "{" not in s and "}" not in s


def test_sentence_shows_counts_through_fmt_count():
    s = i18n.sentence("handover_back", back=3, next="2024")
    assert "<5" in s and " 3 " not in s
    s = i18n.sentence("handover_back", "en", back=1234, next="2024")
    assert "1,234" in s


def test_sentence_refuses_unformatted_numbers():
    with pytest.raises(TypeError, match="format other numbers"):
        i18n.sentence("handover_back", back=0.25, next="2024")
    with pytest.raises(TypeError):
        i18n.sentence("handover_back", back=True, next="2024")


def test_unknown_template_and_missing_value():
    with pytest.raises(ValueError, match="no sentence template"):
        i18n.sentence("nope")
    with pytest.raises(KeyError):
        i18n.sentence("handover_back", back=12)


def test_templates_keep_percent_signs_with_their_numbers():
    # "10 %" must not break across lines: a non-breaking space before %
    for key, (fi, _) in i18n.SENTENCES.items():
        assert " %" not in fi.replace("{", "").replace("}", ""), key
