"""Fast paths agree with a slow, obvious implementation (issue 12), on random inputs.

``population.area_denominators`` computes each distinct area once and joins back; here the same
sum is written as a plain loop over the rows.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from impactlib.population import area_denominators

POP = pd.Series({"15": 272437.0, "90": 664028.0, "179": 146000.0, "410": 19000.0, "091": 664028.0})
CODES = [*POP.index, "999", "77"]  # two codes without a population


def _slow(areas: list) -> list[float]:
    out = []
    for a in areas:
        codes = a.replace(",", " ").split() if isinstance(a, str) else []
        if not codes or any(c not in POP.index for c in codes):
            out.append(math.nan)
        else:
            out.append(float(sum(POP[c] for c in codes)))
    return out


area = st.one_of(st.none(), st.just(""),
                 st.lists(st.sampled_from(CODES), min_size=1, max_size=3).map(" ".join),
                 st.lists(st.sampled_from(CODES), min_size=2, max_size=3).map(", ".join))


@settings(max_examples=200, deadline=None)
@given(st.lists(area, max_size=40), st.integers(0, 1000))
def test_area_denominators_match_a_plain_loop(areas, offset):
    s = pd.Series(areas, index=pd.RangeIndex(offset, offset + len(areas)), dtype="object")
    fast = area_denominators(s, POP)
    assert list(fast.index) == list(s.index)
    np.testing.assert_allclose(fast.to_numpy(dtype=float), np.array(_slow(areas), dtype=float),
                               equal_nan=True)


def test_the_comparison_can_fail():
    s = pd.Series(["15 90"])
    assert area_denominators(s, POP).iloc[0] == _slow(["15 90"])[0]
    assert area_denominators(s, POP).iloc[0] != _slow(["15"])[0]
