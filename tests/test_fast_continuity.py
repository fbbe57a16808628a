"""The integer-code paths of the continuity indicators give the very results of the pandas paths.

Each indicator is run twice on the same random funding table: as it is, and with
``_util.text_codes`` answering ``None`` (as for a categorical key), which sends it down its
grouped-pandas path. Values, dtypes, row and column order must agree exactly, floats to the
last bit: euros with cents make the order of summation matter.
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

from impactlib import _util, model
from impactlib import continuity as c

ORGS = ["0112038-9", "0116297-6", "Ääkkös-1", "2000000-1", "0200000-9", "Zeta-2", "aaa-3"]
FUNDERS = ["179", "091", "099", "214", "STEA", "own", "F1", "15", "90"]


def _funding(seed: int, dtype: str, cents: bool, nan: bool) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 400))
    amount = rng.integers(-50, 5000, n).astype(float)
    amount[rng.random(n) < 0.1] = 0.0
    if cents:
        amount = amount + rng.integers(0, 100, n) / 100 * 10.0 ** rng.integers(-3, 4, n)
    if nan:
        amount[rng.random(n) < 0.05] = np.nan
    f = pd.DataFrame({
        "org_id": rng.choice(ORGS[: int(rng.integers(1, len(ORGS) + 1))], n),
        "year": rng.choice([2015, 2016, 2018, 2019, 2021, 2022, 2023, 2024], n).astype("int64"),
        "source": rng.choice(list(model.SOURCES), n),
        "funder": rng.choice(FUNDERS, n),
        "amount_eur": amount,
    })
    mun, cty = f["source"] == "municipality", f["source"] == "county"
    f.loc[mun, "funder"] = rng.choice(["179", "091", "099", "214"], int(mun.sum()))
    f.loc[cty, "funder"] = rng.choice(["15", "90"], int(cty.sum()))
    for col in ("org_id", "source", "funder"):
        f[col] = f[col].astype(object) if dtype == "object" else f[col].astype(dtype)
    return f


def _orgs() -> pd.DataFrame:
    return pd.DataFrame({"org_id": ORGS[:-1], "municipality": ["179", "091", "214", "179", "099",
                                                                "091"],
                         "kind": ["volunteer", "patient", "volunteer", "other", "patient", "other"],
                         "category": ["a", "b", "a", "b", "a", "b"]})


def _calls(f: pd.DataFrame, o: pd.DataFrame):
    yield "mix", lambda: c.funding_mix(f)
    yield "mix_group", lambda: c.funding_mix(f, levels=["source_group"])
    yield "mix_rev", lambda: c.funding_mix(f, levels=["source_group", "source"])
    yield "over_years", lambda: c.mix_over_years(f)
    yield "over_years_county", lambda: c.mix_over_years(f, o, by="county", key="source")
    yield "over_years_kind", lambda: c.mix_over_years(f, o, by="kind")
    for by in ("source", "source_group", "funder"):
        yield f"conc_{by}", lambda by=by: c.concentration(f, by=by)
        yield f"conc_ex_{by}", lambda by=by: c.concentration(f, by=by,
                                                               exclude_sources=["fundraising"])
    yield "volatility", lambda: c.volatility(f)
    yield "volatility_zero", lambda: c.volatility(f, missing_as_zero=True, ddof=0)
    yield "spells", lambda: c.spells(f, recode="municipal_mergers")
    yield "spells_source", lambda: c.spells(f, by="source", gap_tolerance=1)
    yield "spells_group", lambda: c.spells(f, by="source_group", window=(2016, 2023))
    yield "handover", lambda: c.handover(f, o)


def _run(fn):
    try:
        return fn()
    except Exception as exc:  # both paths must fail alike
        return (type(exc).__name__, str(exc))


def _pandas_path(monkeypatch) -> None:
    monkeypatch.setattr(_util, "text_codes", lambda s: None)
    monkeypatch.setattr(sys.modules["impactlib.continuity.spells"], "text_codes", lambda s: None)


@pytest.mark.parametrize("dtype", ["string[pyarrow]", "object", "string[python]"])
@pytest.mark.parametrize("seed", range(6))
def test_codes_and_pandas_paths_agree(seed, dtype, monkeypatch):
    f = _funding(seed, dtype, cents=seed % 2 == 1, nan=seed % 3 == 2)
    o = _orgs()
    fast = {name: _run(fn) for name, fn in _calls(f, o)}
    _pandas_path(monkeypatch)
    for name, fn in _calls(f, o):
        slow = _run(fn)
        if isinstance(slow, pd.DataFrame):
            assert isinstance(fast[name], pd.DataFrame), (name, fast[name])
            pd.testing.assert_frame_equal(fast[name], slow, check_exact=True, obj=name)
            assert fast[name].attrs == slow.attrs, name
        else:
            assert fast[name] == slow, name


def test_codes_path_is_taken():
    f = _funding(1, "string[pyarrow]", cents=True, nan=False)
    assert _util.text_codes(f["org_id"]) is not None
    assert _util.text_codes(f["org_id"].astype("category")) is None
    assert _util.text_codes(pd.Series(["a", None], dtype=object)) is None
    assert _util.text_codes(pd.Series(["a", 1], dtype=object)) is None


@pytest.mark.parametrize("seed", range(40))
def test_group_sums_are_pandas_sums(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(1, 2000))
    inv = np.unique(rng.integers(0, int(rng.integers(1, 300)), n), return_inverse=True)[1]
    v = rng.standard_normal(n) * 10.0 ** rng.uniform(-3, 9, n)
    kind = seed % 4
    if kind == 1:
        v = np.round(v, 2)
    elif kind == 2:
        v[rng.random(n) < 0.1] = np.nan
        v[rng.random(n) < 0.02] = np.inf
    elif kind == 3:
        v = np.round(v)
        v[rng.random(n) < 0.1] = -0.0
    want = pd.Series(v).groupby(inv).sum().to_numpy()
    for max_rows in (256, 0):
        got = _util.group_sums(inv, v, int(inv.max()) + 1, max_rows=max_rows)
        np.testing.assert_array_equal(got, want)
        assert np.array_equal(np.signbit(got), np.signbit(want))


def test_dense_matches_unique():
    rng = np.random.default_rng(3)
    for size in (5, 1000, 10**7):
        key = rng.integers(0, size, 500)
        present, inv = _util.dense(key, size)
        u, i = np.unique(key, return_inverse=True)
        np.testing.assert_array_equal(present, u)
        np.testing.assert_array_equal(inv, i)


def test_municipality_lists_are_sorted_joins():
    handover_module = sys.modules["impactlib.continuity.handover"]
    rel = pd.DataFrame({"org_id": ["b", "a", "a", "b", "a", "c"],
                        "county": ["15", "15", "90", "15", "15", "02"],
                        "funder": pd.array(["214", "179", "091", "099", "092", "5"],
                                           dtype="string[pyarrow]")})
    want = rel.groupby(["org_id", "county"], sort=True).agg(
        m=("funder", lambda s: " ".join(sorted(s))))["m"]
    got = handover_module._joined_codes(rel, ["org_id", "county"])
    assert got.dtype == want.dtype
    assert list(got) == list(want) == ["092 179", "091", "099 214", "5"]
