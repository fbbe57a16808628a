"""Dataset helpers: the snapshot year of the one-year figures."""

from __future__ import annotations

import pandas as pd
import pytest

from impactlib import Dataset


def _ds(funding_years, activity_years) -> Dataset:
    f = pd.DataFrame({"org_id": ["0112038-9"] * len(funding_years), "year": funding_years})
    a = pd.DataFrame({"activity_id": [f"A{i}" for i in range(len(activity_years))],
                      "year": activity_years})
    return Dataset(organisations=pd.DataFrame(), funding=f, activities=a)


def test_snapshot_year_is_the_last_year_of_both_tables(demo):
    assert demo.snapshot_year() == 2025  # funding 2015–2025, activities 2023–2025
    assert demo.for_county("20").snapshot_year() == 2025
    assert _ds([2020, 2021, 2022], [2021, 2023]).snapshot_year() == 2021
    assert _ds(pd.array([2024, None], dtype="Int64"), [2026]).snapshot_year() == 2024
    with pytest.raises(ValueError, match="no years"):
        _ds(pd.array([None], dtype="Int64"), [2024]).snapshot_year()
