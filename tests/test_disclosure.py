"""Small-cell suppression, complementary suppression, text scanning, pseudonyms.

The rule (Hundepool et al. 2012, *Statistical Disclosure Control*, ch. 5,
threshold rule for frequency tables): counts from 1 to 4 are hidden; in every
group of cells that adds up to a shown total, never exactly one cell is
hidden, or it could be recovered by subtraction. Expected tables below are
worked by hand; the property tests check the rule itself on random tables.
"""

from __future__ import annotations

import hashlib
import hmac

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from impactlib import disclosure as d

# --- primary and complementary suppression (hand-worked) ----------------------


def test_small_counts_and_their_smallest_complement_are_hidden():
    t = pd.DataFrame({"county": ["A", "B", "C", "D"], "n": [12, 3, 40, 7]})
    out = d.suppress(t, ["n"])
    # 3 is primary; the smallest other positive cell (7) is the complement
    assert out["n"].tolist() == ["12", "<5", "40", "x"]
    assert t["n"].tolist() == [12, 3, 40, 7]  # input untouched


def test_two_small_cells_need_no_complement():
    out = d.suppress(pd.DataFrame({"n": [2, 4, 40]}), ["n"])
    assert out["n"].tolist() == ["<5", "<5", "40"]


def test_zero_is_shown_and_never_chosen_as_complement():
    out = d.suppress(pd.DataFrame({"n": [0, 3, 9, 20]}), ["n"])
    assert out["n"].tolist() == ["0", "<5", "x", "20"]


def test_groups_are_suppressed_separately():
    t = pd.DataFrame({"county": ["A"] * 3 + ["B"] * 3, "n": [2, 10, 20, 6, 10, 20]})
    out = d.suppress(t, ["n"], groups="county")
    assert out["n"].tolist() == ["<5", "x", "20", "6", "10", "20"]


def test_across_rows_and_dependent_columns():
    t = pd.DataFrame({"n_cliff": [3, 20], "n_followed": [15, 30], "share": [0.17, 0.4]})
    out = d.suppress(t, ["n_cliff", "n_followed"], across=True, dependent=["share"])
    # row 0: 3 hidden, 15 its complement across the row; column n_cliff then has one
    # hidden cell, so 20 is hidden too, and so on until no group has exactly one
    assert out.loc[0, "n_cliff"] == "<5" and out.loc[0, "n_followed"] == "x"
    assert out.loc[0, "share"] == "x"
    assert d.recoverable_cells(out, ["n_cliff", "n_followed"], across=True) == []


def test_dependent_dict_ties_values_to_one_count():
    t = pd.DataFrame({"k1": [3, 9, 12], "e1": [0.1, 0.2, 0.3], "k2": [20, 30, 40], "e2": [1.0, 2.0, 3.0]})
    out = d.suppress(t, ["k1", "k2"], dependent={"k1": ["e1"], "k2": ["e2"]})
    assert out["e1"].tolist() == ["x", "x", 0.3]
    assert out["e2"].tolist() == [1.0, 2.0, 3.0]


def test_suppress_share():
    # k/n hidden when k or n − k is 1–4 (worked by hand)
    assert d.suppress_share([0, 1, 4, 5, 46, 50], [50] * 6).tolist() == [False, True, True, False,
                                                                        True, False]
    assert bool(d.suppress_share(3, 3)) is True


# --- property: after suppress() nothing can be recovered ------------------------

counts = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=9)


@settings(max_examples=150, deadline=None)
@given(counts)
def test_property_one_column(values):
    t = pd.DataFrame({"n": values})
    shown = d.suppress(t, ["n"])
    assert d.recoverable_cells(shown, ["n"]) == []
    # every primary cell is hidden, every shown cell equals the input
    for v, s in zip(values, shown["n"], strict=True):
        if 0 < v < 5:
            assert s == "<5"
        elif s not in ("x",):
            assert int(s) == v


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(0, 30)),
                min_size=1, max_size=6))
def test_property_table_with_row_and_column_totals(rows):
    t = pd.DataFrame(rows, columns=["a", "b", "c"])
    shown = d.suppress(t, ["a", "b", "c"], across=True)
    assert d.recoverable_cells(shown, ["a", "b", "c"], across=True) == []


# --- recoverable_cells on tables shown by someone else -----------------------------


def test_recoverable_cells_finds_lone_hidden_cell_and_visible_small_counts():
    shown = pd.DataFrame({"g": ["A", "A", "B", "B"], "n": ["<5", "12", "3", "x"]})
    problems = d.recoverable_cells(shown, ["n"], groups="g")
    assert any("count 3 is shown" in p for p in problems)
    assert any("exactly one hidden cell" in p for p in problems)


# --- scanning text ------------------------------------------------------------------


@pytest.mark.parametrize("text, found", [
    ("Alueella on 3 yhdistystä.", ["3 yhdistystä"]),
    ("Mukana oli 2 uutta osallistujaa", ["2 uutta osallistujaa"]),
    ("Kokonaisuudessa 4 toimintoa ja 1 hanke", ["4 toimintoa", "1 hanke"]),
    ("In 2024, 2 associations lost funding", ["2 associations"]),
    ("Keski-Suomi (n = 3)", ["n = 3"]),
    ("pooled over k=2 studies", ["k=2"]),
])
def test_find_small_counts_finds(text, found):
    assert d.find_small_counts(text) == found


@pytest.mark.parametrize("text", [
    "Alueella on <5 yhdistystä ja 12 toimintoa.",
    "Vuonna 2023 osuus oli 3,4 % yhdistyksistä.",
    "Yhdistyksiä on 1\u00a0234 ja osallistujia 2\u00a0000.",
    "Näytön tasolle 3 (vertailuryhmä) yltää 12 % toiminnoista.",
    "0,72 henkilötyövuotta; 1,81 yhdistystä tuhatta asukasta kohden",
    "Kaudella 2015–2024 päättyi 40 hanketta; k = 12; n = 49.",
    "4 henkilötyövuotta",
])
def test_find_small_counts_leaves_alone(text):
    assert d.find_small_counts(text) == []


def test_scan_html_checks_text_alt_and_count_cells():
    page = ("<p>Alueella on 2 yhdistystä.</p><img alt='Keski-Suomi (n = 4)'>"
            "<table><tr><th>n</th></tr><tr><td class='count'>3</td></tr></table>"
            "<script>var n = 2;</script>")
    problems = d.scan_html(page)
    assert len(problems) == 3  # the script is not text
    assert problems[0].startswith("text:") and problems[1].startswith("figure text:")
    assert "count cell '3'" in problems[2]


def test_scan_html_complementary_suppression_in_additive_tables():
    ok = ("<table data-additive='columns'><tr><th>k</th></tr><tr><td class='count'>&lt;5</td></tr>"
          "<tr><td class='count'>x</td></tr><tr><td class='count'>12</td></tr></table>")
    assert d.scan_html(ok) == []
    lone = ok.replace("<td class='count'>x</td>", "<td class='count'>9</td>")
    assert any("exactly one hidden" in p for p in d.scan_html(lone))
    rows = ("<table data-additive='rows'><tr><td class='count'>&lt;5</td>"
            "<td class='count'>15</td></tr></table>")
    assert any("row 0" in p for p in d.scan_html(rows))


def test_scan_html_clean_page():
    page = "<p>Alueella on 492 yhdistystä, <5 hanketta ja 12,3 %.</p><img alt='(n = 249)'>"
    assert d.scan_html(page) == []


# --- is_small, pseudonymise -------------------------------------------------------


def test_is_small():
    assert d.is_small([0, 1, 4, 5, np.nan, -1]).tolist() == [False, True, True, False, False, False]
    assert d.is_small([9], threshold=10).tolist() == [True]


def test_pseudonymise_is_hmac_sha256():
    got = d.pseudonymise(["p001", None], key="salainen", length=16)
    expected = hmac.new(b"salainen", b"p001", hashlib.sha256).hexdigest()[:16]
    assert got.iloc[0] == expected
    assert pd.isna(got.iloc[1])
    other = d.pseudonymise(["p001"], key="toinen", length=16)
    assert other.iloc[0] != expected
