"""The one table formatter of notebooks and briefs (impactlib.i18n.tables).

Finnish number format: Kotimaisten kielten keskus, *Kielitoimiston ohjepankki*, "Luvut ja
numerot" / "Prosenttimerkki" — a (non-breaking) space between thousands, a decimal comma and a
space before ``%``. Suppression: counts of 1–4 shown as ``<5``, complementary cells ``x``
(Hundepool et al. 2012, *Statistical Disclosure Control*, ch. 5), as
:func:`impactlib.disclosure.suppress` does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from impactlib import disclosure, labels, regions
from impactlib.brief import Block
from impactlib.i18n import NBSP
from impactlib.i18n.tables import (
    HEADERS,
    KINDS,
    column,
    fmt_count_pct,
    fmt_interval,
    fmt_pvalue,
    format_table,
    format_wide,
    table_cells,
)


def _table():
    return pd.DataFrame({
        "code": ["01", "15", "90", "08"],
        "kind": ["volunteer", "intermediate", "service_provider", "volunteer"],
        "n": [104, 3, 1200, 60],
        "share": [0.418, 0.012, 0.5, 0.241],
        "ci_low": [0.36, 0.0, 0.47, 0.19],
        "ci_high": [0.48, 0.04, 0.53, 0.30],
        "population": [98972.0, 272437.0, 694392.0, 532671.0],
    })


# --- cell formats -----------------------------------------------------------


def test_count_beside_percentage_finnish_and_english():
    # the issue's own example: "104 (41,8 %)"
    assert fmt_count_pct(104, 0.418) == f"104{NBSP}(41,8{NBSP}%)"
    assert fmt_count_pct(1234, 0.5) == f"1{NBSP}234{NBSP}(50,0{NBSP}%)"
    assert fmt_count_pct(104, 0.418, lang="en") == "104 (41.8%)"
    assert fmt_count_pct(1234, 0.5, 0, "en") == "1,234 (50%)"


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_small_count_never_shown_with_its_share(n):
    assert fmt_count_pct(n, n / 10) == "<5"
    assert fmt_count_pct(str(n), 0.1, lang="en") == "<5"


def test_markers_and_missing_values_pass_through():
    assert fmt_count_pct("x", 0.3) == "x"
    assert fmt_count_pct("104", "x") == "x"
    assert fmt_count_pct(0, 0.0) == f"0{NBSP}(0,0{NBSP}%)"  # zero describes nobody: shown
    assert fmt_count_pct(12, float("nan")) == "12"
    assert fmt_count_pct(None, 0.2) == "–"


def test_one_interval_notation():
    assert fmt_interval(0.2134, 0.4471) == "0,21…0,45"
    assert fmt_interval(0.2134, 0.4471, lang="en") == "0.21 to 0.45"
    assert fmt_interval(-0.1, 0.3, decimals=1) == "−0,1…0,3"  # typographic minus in Finnish
    assert fmt_interval(0.36, 0.48, "pct") == f"36,0{NBSP}%…48,0{NBSP}%"
    assert fmt_interval(0.36, 0.48, "pct", lang="en") == "36.0% to 48.0%"
    assert fmt_interval(1500, 2500, "eur") == f"1{NBSP}500{NBSP}€…2{NBSP}500{NBSP}€"
    assert fmt_interval(np.nan, 0.3) == "–"
    assert fmt_interval("<5", 0.3) == "<5"
    with pytest.raises(ValueError, match="interval kind"):
        fmt_interval(0, 1, "count")


def test_pvalue():
    assert fmt_pvalue(0.0004) == f"<{NBSP}0,001"
    assert fmt_pvalue(0.0004, "en") == "< 0.001"
    assert fmt_pvalue(0.001) == "0,001"
    assert fmt_pvalue(0.2649) == "0,265"


# --- format_table -----------------------------------------------------------


def _spec():
    return [column("code", "county", "area"), column("kind", "code", "kind"),
            column(("n", "share"), "count_pct", "associations_share"),
            column(("ci_low", "ci_high"), "pct_interval", "ci95"),
            column("population", "int", "population", of=None)]


def test_format_table_finnish():
    t = _table()
    before = t.copy()
    out = format_table(t, _spec())
    pd.testing.assert_frame_equal(t, before)  # the input is not modified
    assert out.columns.tolist() == ["alue", "yhdistystyyppi", "yhdistyksiä (osuus)", "95 %:n lv",
                                    "asukkaita"]
    assert out["alue"].tolist() == [regions.county_name(c) for c in t["code"]]
    assert out["yhdistystyyppi"].tolist() == [labels.label("kind", k) for k in t["kind"]]
    # 3 is below five; the complement is the smallest other count (60, Pirkanmaa)
    assert out["yhdistyksiä (osuus)"].tolist() == [
        f"104{NBSP}(41,8{NBSP}%)", "<5", f"1{NBSP}200{NBSP}(50,0{NBSP}%)", "x"]
    # the interval is derived from the same people: hidden with the count
    assert out["95 %:n lv"].tolist() == [f"36,0{NBSP}%…48,0{NBSP}%", "x", f"47,0{NBSP}%…53,0{NBSP}%", "x"]
    # a population describes nobody: never hidden
    assert out["asukkaita"].tolist() == [f"98{NBSP}972", f"272{NBSP}437", f"694{NBSP}392", f"532{NBSP}671"]
    assert out.attrs["count_columns"] == [2] and out.attrs["lang"] == "fi"
    assert out.index.tolist() == [0, 1, 2, 3]


def test_format_table_english():
    out = format_table(_table(), _spec(), lang="en")
    assert out.columns.tolist() == ["area", "kind of association", "associations (share)", "95% CI",
                                    "inhabitants"]
    assert out.iloc[1].tolist() == ["Central Finland", "intermediate (low-threshold services)", "<5", "x",
                                    "272,437"]
    assert out.iloc[0, 2] == "104 (41.8%)" and out.iloc[0, 3] == "36.0% to 48.0%"


def test_format_table_hides_exactly_what_disclosure_hides():
    """The formatter's hidden cells are those of impactlib.disclosure.suppress on the same
    counts, groups and dependents (an independent call of the disclosure function)."""
    rng = np.random.default_rng(7)
    t = pd.DataFrame({"g": np.repeat(["a", "b", "c", "d"], 3), "c": list("xyz") * 4,
                      "n": rng.integers(0, 12, 12), "m": rng.integers(0, 9, 12),
                      "v": rng.random(12)})
    out = format_table(t, [column("g", "text", "g"), column("c", "text", "c"),
                           column("n", "count", "n"), column("m", "count", "m"),
                           column("v", "number", "v", of="m")], groups="g")
    ref = disclosure.suppress(t, ["n", "m"], groups="g", dependent={"m": ["v"]})
    for col in ("n", "m", "v"):
        hidden_ref = ref[col].isin(["<5", "x"]).tolist()
        hidden_out = out[col].isin(["<5", "x"]).tolist()
        assert hidden_out == hidden_ref, col
    shown = out.loc[~out["n"].isin(["<5", "x"]), "n"].astype(int)
    assert ((shown == 0) | (shown >= 5)).all()  # no count of 1–4 is shown


def test_of_none_and_named_count():
    t = pd.DataFrame({"g": ["a", "b", "c"], "n": [2, 30, 40], "k": [50, 60, 3], "eur": [1.0, 2.0, 3.0]})
    spec = [column("g"), column("n", "count", "n"), column("k", "count", "k")]
    row = format_table(t, spec + [column("eur", "eur", "eur")])
    named = format_table(t, spec + [column("eur", "eur", "eur", of="n")])
    free = format_table(t, spec + [column("eur", "eur", "eur", of=None)])
    assert row.iloc[:, -1].tolist() == ["x", "x", "x"]  # every row holds a hidden count
    assert named.iloc[:, -1].tolist() == ["x", "x", f"3{NBSP}€"]  # n is hidden in rows a and b
    assert free.iloc[:, -1].tolist() == [f"1{NBSP}€", f"2{NBSP}€", f"3{NBSP}€"]


def test_estimate_interval_and_other_kinds():
    t = pd.DataFrame({"est": [0.3412, np.nan], "lo": [0.3188, 0.1], "hi": [0.3577, 0.2],
                      "p": [0.00001, 0.2649], "ok": [True, False], "year": [2025, 2024],
                      "d": [0.0123, -0.02], "m": [12_300_000.0, 0.0], "g": ["stea", "county"]})
    out = format_table(t, [column(("est", "lo", "hi"), "estimate_interval", "effect"),
                           column("p", "pvalue", "pvalue"), column("ok", "bool", "proportional"),
                           column("year", "year", "year"), column("d", "pp", "difference_pp"),
                           column("m", "meur", "meur"), column("g", "code", codes="source_group")],
                       lang="fi")
    assert out.iloc[0].tolist() == ["0,34 (0,32…0,36)", f"<{NBSP}0,001", "kyllä", "2025", "1,2",
                                    f"12,3{NBSP}milj.{NBSP}€", labels.label("source_group", "stea")]
    assert out.iloc[1].tolist()[:5] == ["–", "0,265", "ei", "2024", "−2,0"]
    assert out.columns[0] == HEADERS["effect"][0]


def test_headers_as_pairs_and_texts_and_duplicates():
    t = pd.DataFrame({"a": ["x1"], "b": ["x2"]})
    out = format_table(t, [column("a", header=("eka", "first")), column("b", header="eka")], lang="en")
    assert out.columns.tolist() == ["first", "eka"]
    out = format_table(t, [column("a", header="sama"), column("b", header="sama")])
    assert len(set(out.columns)) == 2  # two columns of the same header stay apart


def test_county_codes_all_and_multiple():
    t = pd.DataFrame({"c": ["all", "multiple", "90", "zz"]})
    assert format_table(t, [column("c", "county")]).iloc[:, 0].tolist() == [
        "koko maa", "useita alueita", "Helsinki", "zz"]
    assert format_table(t, [column("c", "county")], lang="en").iloc[:2, 0].tolist() == [
        "whole country", "several areas"]


def test_bad_specs_raise():
    t = _table()
    with pytest.raises(ValueError, match="kind must be one of"):
        column("n", "counts")
    with pytest.raises(ValueError, match="takes 2 source"):
        column("n", "count_pct")
    with pytest.raises(ValueError, match="no column"):
        format_table(t, [column("nope")])
    with pytest.raises(ValueError, match="not a count column"):
        format_table(t, [column("n", "count"), column("share", "pct", of="share")])
    with pytest.raises(ValueError, match="lang"):
        format_table(t, [column("code")], lang="sv")
    assert set(KINDS) >= {"count", "count_pct", "pct", "pct_interval", "interval"}


# --- format_wide and the brief's table block --------------------------------


def test_format_wide_suppresses_within_each_row_group():
    t = pd.DataFrame({"group": ["15"] * 3 + ["90"] * 3, "outcome": ["kept", "split", "lost"] * 2,
                      "n": [40, 6, 10, 3, 20, 30], "share": [40 / 56, 6 / 56, 10 / 56, 3 / 53, 20 / 53, 30 / 53],
                      "n_group": [56] * 3 + [53] * 3})
    out = format_wide(t, index=column("group", "county", "area"),
                      columns=column("outcome", "code", "outcome", codes="handover_outcome"),
                      value=column(("n", "share"), "count_pct"),
                      total=column("n_group", "count", "associations"), groups="group",
                      order=["lost", "split", "kept"])
    assert out.columns.tolist() == ["alue", "yhdistyksiä", labels.label("handover_outcome", "lost"),
                                    labels.label("handover_outcome", "split"),
                                    labels.label("handover_outcome", "kept")]
    assert out["alue"].tolist() == ["Keski-Suomi", "Helsinki"]
    assert out["yhdistyksiä"].tolist() == ["56", "53"]
    assert out.iloc[0, 2:].tolist() == [f"10{NBSP}(17,9{NBSP}%)", f"6{NBSP}(10,7{NBSP}%)",
                                        f"40{NBSP}(71,4{NBSP}%)"]
    # Helsinki: 3 is primary, the smallest other count of the same row group (20) its complement
    assert out.iloc[1, 2:].tolist() == [f"30{NBSP}(56,6{NBSP}%)", "x", "<5"]
    assert out.attrs["count_columns"] == [1, 2, 3, 4]


def test_format_wide_missing_combination_is_a_dash():
    t = pd.DataFrame({"a": ["p", "q"], "b": ["u", "v"], "x": [0.1, 0.2]})
    out = format_wide(t, index=column("a"), columns=column("b"), value=column("x", "pct", of=None))
    assert out.iloc[0].tolist() == ["p", f"10,0{NBSP}%", "–"]


def test_table_cells_make_a_brief_block():
    out = format_table(_table(), _spec())
    cells = table_cells(out)
    b = Block("table", text="Yhdistykset", **cells)
    assert b.columns == out.columns.tolist() and b.count_columns == [2]
    assert b.rows[1][2] == "<5" and all(isinstance(v, str) for r in b.rows for v in r)
    assert Block.from_json(b.to_json()) == b


def test_withheld_rows_are_hidden_with_a_complement():
    """A count another table of the publication hides (``withheld``) is hidden here too, and a
    second count of its group is hidden with it, so that the group total does not give it."""
    t = pd.DataFrame({"group": ["15"] * 3, "outcome": ["a", "b", "c"], "n": [30, 8, 12],
                      "share": [0.6, 0.16, 0.24], "hidden": [False, True, False]})
    cols = [column("outcome", "text", "outcome"), column(("n", "share"), "count_pct", "associations")]
    plain = format_table(t, cols, groups="group")
    assert plain.iloc[:, 1].tolist()[1].startswith("8")  # nothing small: all shown without it
    out = format_table(t, cols, groups="group", withheld="hidden")
    cells = out.iloc[:, 1].tolist()
    assert cells[1] == "x" and cells.count("x") == 2 and cells[0].startswith("30")
    wide = format_wide(t, index=column("group", "county", "area"), columns=column("outcome"),
                       value=column(("n", "share"), "count_pct"), groups="group", withheld="hidden")
    assert wide.iloc[0].tolist()[1:] == ["30\xa0(60,0\xa0%)", "x", "x"]
