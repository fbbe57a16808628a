"""The bundled county facts (impactlib/data/counties) against the hand-compiled tables in
../shared/data/counties, cell by cell: no value was changed when they were bundled.

The shared tables are the compilers' own record of the counties' releases, SOSTE and
Yhdistystori (../shared/data/SOURCES.md, section counties/). The bundled files rename columns
to the library's words and resolve "same" in source columns; every other cell must be equal.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from impactlib.sources import counties as src


def _shared(shared_data, name):
    return pd.read_csv(shared_data / "counties" / name, dtype=str, keep_default_na=False)


def _same_resolved(values):
    """The shared tables write "same" for "the source of the row above"."""
    out, prev = [], None
    for v in values:
        prev = prev if v == "same" else v
        out.append(prev)
    return out


def _cell(v) -> str:
    """A bundled cell as the text of the shared table ("" for missing; 26800.0 → "26800")."""
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def _assert_same(bundled: pd.DataFrame, shared: pd.DataFrame, columns: dict[str, str], what: str):
    assert len(bundled) == len(shared), what
    for ours, theirs in columns.items():
        got = [_cell(v) for v in bundled[ours]]
        want = list(shared[theirs])
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            if g != w:
                # a number written with a different number of decimals is the same number
                try:
                    if math.isclose(float(g), float(w), rel_tol=0, abs_tol=1e-9):
                        continue
                except ValueError:
                    pass
                pytest.fail(f"{what}, row {i + 2}, {ours} ({theirs}): bundled {g!r}, published {w!r}")


def test_county_grants_every_cell(shared_data):
    sh = _shared(shared_data, "county_grants_published.csv")
    cols = {"county": "code", "county_name": "county", "year": "grant_year", "measure": "measure",
            "scope": "scope", "amount_eur": "amount_eur", "amount_precision": "amount_precision",
            "recipients": "n_recipients", "recipients_unit": "n_recipients_unit",
            "recipients_precision": "n_recipients_precision", "applications": "n_applications",
            "applications_precision": "n_applications_precision", "applied_eur": "applied_eur",
            "applied_precision": "applied_precision", "published": "published", "source": "source",
            "note": "note"}
    assert set(cols.values()) == set(sh.columns)  # every published column is kept
    _assert_same(src.county_grants(), sh, cols, "county_grants")


def test_handover_rules_every_cell(shared_data):
    sh = _shared(shared_data, "handover_rules_published.csv")
    cols = {"county": "code", "county_name": "county", "rule": "rule", "quote_fi": "quote_fi",
            "published": "published", "source": "source"}
    assert set(cols.values()) == set(sh.columns)
    _assert_same(src.handover_rules(), sh, cols, "handover_rules")


def test_cooperation_structures_every_cell(shared_data):
    sh = _shared(shared_data, "cooperation_structures_published.csv")
    cols = {"county": "code", "county_name": "county", "item": "item", "since": "as_of",
            "description_fi": "value_fi", "source": "source"}
    assert set(cols.values()) == set(sh.columns)
    ours = src.cooperation_structures()
    _assert_same(ours, sh, cols, "cooperation_structures")
    assert (ours["status"] == "yes").all()  # every row is a structure found


def test_sote_associations_every_cell(shared_data):
    sh = _shared(shared_data, "sote_associations_2023.csv")
    sh = sh.assign(code=sh["code"].replace("", "all"), definition=_same_resolved(sh["definition"]),
                   source=_same_resolved(sh["source"]))
    cols = {"area": "code", "area_name": "area", "n_associations": "n_associations",
            "ref_date": "ref_date", "definition": "definition", "source": "source"}
    assert set(cols.values()) == set(sh.columns)
    ours = src.sote_associations()
    _assert_same(ours, sh, cols, "sote_associations")
    # SOURCES.md: "whole country 10 708, Helsinki 1 799, Varsinais-Suomi 938, Pirkanmaa 935"
    by = ours.groupby("area")["n_associations"].apply(list).to_dict()
    assert by["all"] == [10708] and by["90"] == [1799] and by["05"] == [938] and by["08"] == [935]
    assert by["15"] == [300, 350, 420, 500]


def test_jarjestobarometri_every_cell(shared_data):
    sh = _shared(shared_data, "jarjestobarometri_2024_county_grants.csv")
    sh = sh.assign(source=_same_resolved(sh["source"]))
    cols = {"indicator": "indicator", "value_pct": "value_pct", "source": "source", "note": "note"}
    assert set(cols.values()) == set(sh.columns)
    _assert_same(src.jarjestobarometri(), sh, cols, "jarjestobarometri")


def test_counties_are_known_and_types_are_tidy():
    from impactlib import regions

    known = set(regions.counties()["code"])
    for df, col in ((src.county_grants(), "county"), (src.handover_rules(), "county"),
                    (src.cooperation_structures(), "county")):
        assert set(df[col]) <= known
    g = src.county_grants()
    assert str(g["amount_eur"].dtype) == "float64" and str(g["year"].dtype) == "Int64"
    assert set(g["amount_precision"].dropna()) <= set(src.PRECISIONS)
    assert set(g["applied_precision"].dropna()) <= set(src.PRECISIONS)
    # a precision is given exactly where its value is
    for v, p in (("amount_eur", "amount_precision"), ("applied_eur", "applied_precision"),
                 ("applications", "applications_precision"), ("recipients", "recipients_precision")):
        assert (g[v].isna() == g[p].isna()).all(), v
