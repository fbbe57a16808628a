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


# --- issue 12: the fast cores of volatility, interruptions, funding_mix, concentration,
# scenario and stea_exposure against their pandas paths, on random small tables ---------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from impactlib.continuity import _mixfast  # noqa: E402

_YEARS = [2015, 2016, 2018, 2021, 2022, 2023, 2024, 2025, 2026]
_AMOUNTS = st.one_of(st.integers(-100, 10**6).map(float), st.just(0.0),
                     st.floats(0, 1e7, allow_nan=False).map(lambda x: round(x, 2)),
                     st.floats(1e-3, 1e9, allow_nan=False), st.just(np.nan))


@st.composite
def funding_tables(draw, nan: bool = True):
    """Small funding tables: single rows, gaps, zero amounts, NaN, one funder, many years."""
    n_orgs = draw(st.integers(1, 4))
    rows = draw(st.lists(st.tuples(st.integers(0, n_orgs - 1), st.sampled_from(_YEARS),
                                   st.sampled_from(list(model.SOURCES)),
                                   st.sampled_from(FUNDERS[: draw(st.integers(1, 5))]),
                                   _AMOUNTS if nan else _AMOUNTS.filter(lambda x: x == x)),
                         min_size=1, max_size=40))
    dtype = draw(st.sampled_from(["string[pyarrow]", "object", "string[python]"]))
    f = pd.DataFrame(rows, columns=["org_id", "year", "source", "funder", "amount_eur"])
    f["org_id"] = np.array(ORGS)[f["org_id"].to_numpy()]
    f["year"] = f["year"].astype("int64")
    for col in ("org_id", "source", "funder"):
        f[col] = f[col].astype(object) if dtype == "object" else f[col].astype(dtype)
    return f


def _issue12_calls(f: pd.DataFrame, o: pd.DataFrame):
    yield "mix", lambda: c.funding_mix(f)
    yield "mix_source", lambda: c.funding_mix(f, levels=["source"])
    yield "conc_funder", lambda: c.concentration(f, by="funder")
    yield "conc_group", lambda: c.concentration(f, by="source_group")
    for ddof in (0, 1, 2):
        yield f"volatility_{ddof}", lambda ddof=ddof: c.volatility(f, ddof=ddof)
        yield f"volatility_zero_{ddof}", lambda ddof=ddof: c.volatility(
            f, ddof=ddof, missing_as_zero=True)
    yield "volatility_window", lambda: c.volatility(f, window=(2016, 2023))
    yield "interruptions", lambda: c.interruptions(c.spells(f))
    yield "interruptions_source", lambda: c.interruptions(c.spells(f, by="source",
                                                                    gap_tolerance=1))
    yield "interruptions_orgs", lambda: c.interruptions(c.attach_organisation(c.spells(f), o))
    yield "scenario", lambda: c.scenario(f, {"stea_general": -0.1, "municipality": -1.0},
                                         organisations=o)
    yield "scenario_rules", lambda: c.scenario(f, [
        {"source": "stea_general", "change": -0.19, "min_eur": 1000.0},
        {"source": "stea_general", "change": -0.1, "max_eur": 1000.0},
        {"source": "fundraising", "change": 0.5}], year=2024)
    yield "scenario_overlap", lambda: c.scenario(f, [
        {"source": "stea_general", "change": -0.19, "min_eur": 0.0},
        {"source": "stea_general", "change": -0.1, "max_eur": 1000.0}], year=2024)
    yield "stea_cut", lambda: c.stea_cut_scenario(f, c.stea_cut_plan(f, year=2025),
                                                  organisations=o)
    for year in (2024, 2025, 2026):
        yield f"exposure_{year}", lambda year=year: c.stea_exposure(f, o, year=year, by="kind")
    yield "exposure_none", lambda: c.stea_exposure(f, year=2025, by=None)


def _paths_agree(f: pd.DataFrame, calls) -> None:
    o = _orgs()
    fast = {name: _run(fn) for name, fn in calls(f, o)}
    with pytest.MonkeyPatch.context() as mp:
        _pandas_path(mp)
        for name, fn in calls(f, o):
            slow = _run(fn)
            if isinstance(slow, pd.DataFrame):
                assert isinstance(fast[name], pd.DataFrame), (name, fast[name])
                pd.testing.assert_frame_equal(fast[name], slow, check_exact=True, obj=name)
                assert fast[name].attrs.keys() == slow.attrs.keys(), name
            else:
                assert fast[name] == slow, name


@settings(max_examples=50, deadline=None)
@given(funding_tables())
def test_issue12_fast_paths_agree_with_pandas(f):
    _paths_agree(f, _issue12_calls)


@pytest.mark.parametrize("seed", range(6))
def test_issue12_fast_paths_agree_on_larger_tables(seed):
    _paths_agree(_funding(seed, ["string[pyarrow]", "object"][seed % 2], cents=seed % 2 == 1,
                          nan=seed % 3 == 2), _issue12_calls)


def test_issue12_edge_tables():
    one = pd.DataFrame({"org_id": ["0112038-9"], "year": [2024], "source": ["stea_general"],
                        "funder": ["STEA"], "amount_eur": [0.0]})
    _paths_agree(one, _issue12_calls)
    gaps = pd.DataFrame({"org_id": ["a"] * 4 + ["b"], "year": [2015, 2016, 2021, 2026, 2024],
                         "source": ["stea_general"] * 5, "funder": ["STEA"] * 5,
                         "amount_eur": [10.0, 0.0, np.nan, 5.5, 3.0]})
    _paths_agree(gaps, _issue12_calls)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 6), st.one_of(
    st.floats(-1e9, 1e9, allow_nan=False), st.just(np.nan), st.just(0.0))), min_size=1,
    max_size=60), st.integers(0, 3))
def test_group_std_is_pandas_groupby_std(rows, ddof):
    group = np.sort(np.array([g for g, _ in rows]))
    values = np.array([v for _, v in rows])
    n = int(group.max()) + 1
    want = pd.Series(values).groupby(group).std(ddof=ddof).reindex(range(n)).to_numpy()
    got = _mixfast.group_std(values, group, n, ddof)
    np.testing.assert_array_equal(got, want)


def test_volatility_against_a_plain_loop():
    f = _funding(5, "string[pyarrow]", cents=True, nan=False)
    v = c.volatility(f).set_index("org_id")
    for org, g in f.groupby("org_id"):
        t = g.groupby("year")["amount_eur"].sum()
        assert v.loc[org, "years"] == len(t)
        assert v.loc[org, "mean_total"] == t.mean()
        np.testing.assert_equal(v.loc[org, "sd_total"], t.std(ddof=1))
        falls = [max(t[y - 1] - t[y], 0.0) for y in t.index if y - 1 in t.index]
        np.testing.assert_equal(v.loc[org, "drop_eur"], max(falls) if falls else np.nan)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=200), st.booleans())
def test_dense_stable_sort_is_unique(keys, presorted):
    key = np.array(sorted(keys) if presorted else keys, dtype=np.int64)
    present, inv = _util.dense(key, 10**7)  # a large key space: the sorting branch
    u, i = np.unique(key, return_inverse=True)
    np.testing.assert_array_equal(present, u)
    np.testing.assert_array_equal(inv, i.reshape(-1))


def test_check_funding_shares_but_never_writes_the_input():
    f = _funding(2, "string[pyarrow]", cents=True, nan=False)
    f.index = f.index * 3  # not a RangeIndex
    before = f.copy()
    w = _util.check_funding(f)
    assert isinstance(w.index, pd.RangeIndex) and len(w) == len(f)
    assert not w["amount_eur"].to_numpy().flags.writeable
    with pytest.raises(ValueError):
        w["amount_eur"].to_numpy()[0] = 1.0
    w["amount_eur"] = 0.0  # replacing a column is allowed and leaves the input alone
    pd.testing.assert_frame_equal(f, before)
    ints = before.assign(year=before["year"].astype("Int64"),
                         amount_eur=pd.array(before["amount_eur"], dtype="Float64"))
    w = _util.check_funding(ints)
    assert w["year"].dtype == np.int64 and w["amount_eur"].dtype == np.float64


def _attach_by_reindex(frame, organisations, columns):
    """attach_organisation as it was before issue 12: a reindex on Python strings."""
    from impactlib.dataset import org_county

    orgs = organisations.drop_duplicates("org_id")
    attrs = pd.DataFrame({"org_id": orgs["org_id"].astype("string[pyarrow]").to_numpy()})
    for col in columns:
        attrs[col] = org_county(orgs).to_numpy() if col == "county" else orgs[col].to_numpy()
    looked = attrs.set_index("org_id").reindex(
        frame["org_id"].astype("string[pyarrow]").to_numpy())
    out = frame.copy()
    for col in columns:
        out[col] = looked[col].to_numpy()
        if col in ("county", "kind", "category", "municipality"):
            out[col] = out[col].astype("string")
    return out


@pytest.mark.parametrize("seed", range(60))
def test_attach_organisation_is_the_reindex_lookup(seed):
    rng = np.random.default_rng(seed)
    ids = ["a", "b", "Ääkkös-1", "0112038-9", None]
    dtypes = ["string[pyarrow]", "object", "string[python]"]
    n = int(rng.integers(1, 6))
    orgs = pd.DataFrame({
        "org_id": pd.array(rng.choice(ids, n), dtype=dtypes[seed % 3]),  # duplicates, missing
        "municipality": rng.choice(["179", "091", "999", None], n),
        "kind": (pd.Categorical(rng.choice(["x", "y", None], n)) if seed % 2
                 else rng.choice(["x", "y"], n)),
        "n": rng.integers(0, 9, n), "w": rng.random(n)})
    fid = rng.choice([*ids, "not-there"], int(rng.integers(0, 8)))
    frame = pd.DataFrame({"org_id": pd.array(fid, dtype=dtypes[(seed // 3) % 3]),
                          "v": np.arange(len(fid))}, index=np.arange(len(fid)) * 2)
    for cols in (["kind", "county"], ["n", "w", "municipality"], ["county"]):
        pd.testing.assert_frame_equal(c.attach_organisation(frame, orgs, columns=cols),
                                      _attach_by_reindex(frame, orgs, cols), check_exact=True)
