"""The demo scaled k× for the benchmark (issue 12): k times the rows, new valid ids, the same
shares and rates as the original."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from impactlib import continuity as c
from impactlib import demo, model
from impactlib import effectiveness as eff


@pytest.fixture(scope="module")
def pair(demo_small):
    return demo_small, demo.scale_dataset(demo_small, 3)


@pytest.fixture(scope="module")
def demo_small():
    """A tenth of the demo's associations (with their rows), so the test runs in seconds."""
    from dataclasses import replace

    ds = demo.load_demo()
    keep = set(ds.organisations["org_id"].iloc[::10])
    acts = ds.activities[ds.activities["org_id"].isin(keep)]
    ids = set(acts["activity_id"])
    return replace(ds, organisations=ds.organisations[ds.organisations["org_id"].isin(keep)],
                   funding=ds.funding[ds.funding["org_id"].isin(keep)], activities=acts,
                   outcomes=ds.outcomes[ds.outcomes["activity_id"].isin(ids)],
                   outcome_summaries=ds.outcome_summaries[ds.outcome_summaries["activity_id"].isin(ids)])


def test_rows_scale_by_k_and_ids_stay_unique_and_valid(pair):
    ds, big = pair
    for name in ("organisations", "funding", "activities", "outcomes", "outcome_summaries"):
        assert len(getattr(big, name)) == 3 * len(getattr(ds, name)), name
    ids = big.organisations["org_id"].astype(str)
    assert ids.is_unique and big.activities["activity_id"].is_unique
    # every new id is a valid Y-tunnus (the check digit recomputed independently)
    body, digit = ids.str[:7], ids.str[-1].astype(int)
    assert all(model.ytunnus_check_digit(b) == d for b, d in zip(body, digit, strict=True))
    # funding rows follow their association
    assert set(big.funding["org_id"]) <= set(ids)
    assert set(big.outcomes["activity_id"]) <= set(big.activities["activity_id"])


def test_shares_are_those_of_the_original(pair):
    ds, big = pair
    a = c.funding_mix(ds.funding, levels=["source_group"]).groupby("code")["share"].mean()
    b = c.funding_mix(big.funding, levels=["source_group"]).groupby("code")["share"].mean()
    assert np.allclose(a.sort_index(), b.sort_index())
    # and the totals are three times as large
    assert np.isclose(big.funding["amount_eur"].sum(), 3 * ds.funding["amount_eur"].sum())


def test_copy_zero_is_the_original_and_every_copy_has_its_indicators(pair, demo_small):
    ds, big = pair
    n = len(ds.funding)
    pd.testing.assert_frame_equal(big.funding.iloc[:n].reset_index(drop=True),
                                  ds.funding.reset_index(drop=True))
    # per association and per activity, the copies give the original's numbers (k times each)
    for one, three in ((c.volatility(ds.funding)["cv"], c.volatility(big.funding)["cv"]),
                       (eff.prepost(ds.outcomes)["smcr"], eff.prepost(big.outcomes)["smcr"])):
        assert np.allclose(np.sort(np.tile(one.to_numpy(dtype=float), 3)),
                           np.sort(three.to_numpy(dtype=float)), equal_nan=True)
    # and the scaling is deterministic
    again = demo.scale_dataset(demo_small, 3)
    for name in ("organisations", "funding", "activities", "outcomes"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(big, name))


def test_scale_one_is_the_dataset_and_bad_k_is_refused(demo_small):
    assert demo.scale_dataset(demo_small, 1) is demo_small
    with pytest.raises(ValueError, match="at least 1"):
        demo.scale_dataset(demo_small, 0)
    with pytest.raises(ValueError, match="at most 10"):
        demo.scale_dataset(demo_small, 11)
