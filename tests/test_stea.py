"""Tests of impactlib.sources.stea.

The bundled totals (data/stea/stea_totals.csv) were written as facts from
the ministry's and STEA's pages; here every figure is compared with the
independently hand-compiled ../shared/data/stea/stea_yearly_totals_press_releases.csv
wherever both have it. Announced-cut arithmetic is checked by hand.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from impactlib.sources import stea

#: Published totals are decimal figures with at most two decimals, read
#: from text: they must agree to the cent of a million (floating-point slack only).
FIGURE = dict(rtol=0, atol=1e-9)

#: shared column → bundled column
COLUMNS = {
    "granted_total_meur": "granted_total_meur",
    "recipient_orgs": "recipient_orgs",
    "applicant_orgs": "applicant_orgs",
    "applications_or_targets_applied": "applications",
    "applied_total_meur": "applied_total_meur",
    "granted_continuous_meur": "granted_continuous_meur",
    "granted_projects_investments_meur": "granted_projects_investments_meur",
}


@pytest.fixture(scope="module")
def shared_stea(shared_data):
    return pd.read_csv(shared_data / "stea" / "stea_yearly_totals_press_releases.csv")


def test_bundled_totals_agree_with_shared_compilation(shared_stea):
    mine = stea.stea_totals().set_index("year")
    ref = shared_stea.set_index("year")
    assert set(ref.index) <= set(mine.index)
    compared = 0
    for col_ref, col_mine in COLUMNS.items():
        have = ref[col_ref].notna()
        years = ref.index[have]
        assert mine.loc[years, col_mine].notna().all(), f"{col_mine} missing for {list(years)}"
        assert_allclose(mine.loc[years, col_mine].astype(float), ref.loc[years, col_ref].astype(float), **FIGURE)
        compared += int(have.sum())
    # all 15 figures of the shared compilation were compared (2019: 1, 2020: 5, 2023: 7, 2024: 2)
    assert compared == 15


def test_announced_cut_matches_shared_notes(shared_stea):
    note = shared_stea.set_index("year").loc[2025, "notes"]
    m = re.search(r"cut: ([\d.]+) MEUR less than 2024", note)
    assert m is not None
    # shared compilation (from the STEA page): "79.5 MEUR less than 2024"
    assert_allclose(-stea.ANNOUNCED_CUTS_MEUR[2025], float(m.group(1)), **FIGURE)
    assert stea.FURTHER_CUT_MEUR_PER_YEAR == -25.0
    assert stea.CUTS_SOURCE_URL == shared_stea.set_index("year").loc[2025, "source_url"]


def test_every_row_has_a_source_and_sane_values():
    t = stea.stea_totals()
    assert t["year"].is_unique and t["year"].is_monotonic_increasing
    assert t["source_url"].str.match(r"^https://").all()
    decided = t[t.status != "announced_cut"]
    assert decided["granted_total_meur"].between(250, 450).all()
    assert (decided["applied_total_meur"].dropna() > decided.loc[decided["applied_total_meur"].notna(), "granted_total_meur"]).all()
    split = t.dropna(subset=["granted_continuous_meur", "granted_projects_investments_meur"])
    # 2023: 286 + about 88 = 374 ≈ 373.6 (the split is rounded in the press release)
    assert_allclose(split["granted_continuous_meur"] + split["granted_projects_investments_meur"],
                    split["granted_total_meur"], rtol=0, atol=0.5)
    assert str(t["approximate"].dtype) == "boolean"
    assert set(t["status"]) <= {"decided", "partly_decided", "announced_cut"}


def test_announced_cuts_hand_computed():
    a = stea.announced_cuts(until=2028)
    base = float(stea.stea_totals().set_index("year").loc[2024, "granted_total_meur"])
    # by hand: 384 − 79.5 = 304.5; then −25 a year: 279.5, 254.5, 229.5
    expected = np.array([base, base - 79.5, base - 104.5, base - 129.5, base - 154.5])
    assert a["year"].tolist() == [2024, 2025, 2026, 2027, 2028]
    assert_allclose(a["total_meur"], expected, **FIGURE)
    assert_allclose(a["total_meur"], [384.0, 304.5, 279.5, 254.5, 229.5], **FIGURE)
    assert a["basis"].tolist() == ["published"] + ["announced"] * 4
    with pytest.raises(ValueError, match="until"):
        stea.announced_cuts(until=2020)
