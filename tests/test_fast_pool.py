"""Fast paths of pooling and reach give the numbers of the plain computation (issue 12).

* the quantiles and tail probabilities of :mod:`impactlib.effectiveness._dist` against
  :mod:`scipy.stats`, bit for bit;
* the intercept-only fit in scalars (:mod:`impactlib.effectiveness._metamean`) against the
  general weighted least squares of ``metafit.fit_model`` with a column of ones, bit for bit;
* :func:`pool_by` against a plain loop of :func:`pool` over the groups, and the group loop over
  the key columns only (:mod:`impactlib.effectiveness._poolby`) against :func:`pool_by`;
* :func:`reach` per activity against a plain loop over the rows, and per county, association
  and theme against the plain pandas group-by of the row values (with the county of each row
  from a plain loop over its codes and the association's home county).

Random tables are drawn by hypothesis (groups of one and two effects, ties, missing effects,
zero and negative variances, missing keys, areas without a population, missing participants);
each comparison is also shown to fail on a deliberately wrong input.
"""

from __future__ import annotations

import importlib
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from impactlib import effectiveness as eff
from impactlib import regions
from impactlib.effectiveness import _dist, _metamean, _poolby, metafit
from impactlib.population import denominators

reach_module = importlib.import_module(
    "impactlib.effectiveness.reach"
)  # the module, not the function

# --- distributions: the scipy.special functions scipy.stats calls --------------------------------


def test_dist_is_scipy_stats_bit_for_bit():
    rng = np.random.default_rng(0)
    q = np.r_[rng.random(300), 0.975, 0.025, 0.5, 0.95, 0.05, 0.995, 0.005]
    x = np.r_[rng.random(300) * 60, 0.0, 1e-300, 1e3, np.inf, np.nan]
    for df in (1, 2, 3, 7, 15, 62, 963, 5000):
        for a, b in (
            (_dist.chi2_ppf(q, df), stats.chi2.ppf(q, df)),
            (_dist.t_ppf(q, df), stats.t.ppf(q, df)),
            (_dist.t_sf(x, df), stats.t.sf(x, df)),
        ):
            np.testing.assert_array_equal(a, b)
        for xi in (*x[:50], 0.0, -0.5, -0.0, np.nan):
            assert _dist.chi2_sf(float(xi), df) == stats.chi2.sf(xi, df) or (
                np.isnan(xi) and np.isnan(_dist.chi2_sf(float(xi), df))
            )
    np.testing.assert_array_equal(_dist.norm_ppf(q), stats.norm.ppf(q))
    np.testing.assert_array_equal(_dist.norm_sf(x), stats.norm.sf(x))
    # the comparison can fail: another df gives another quantile
    assert _dist.chi2_ppf(0.975, 7) != stats.chi2.ppf(0.975, 8)


# --- the intercept-only fit: scalars against the general WLS -------------------------------------


def _effects(draw_y, draw_v):
    return np.asarray(draw_y, dtype=float), np.asarray(draw_v, dtype=float)


def _same(a, b) -> bool:
    """Equal, NaN equal to NaN, arrays and tuples elementwise."""
    if isinstance(a, (tuple, list)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        return a.shape == b.shape and bool(np.all((a == b) | (np.isnan(a) & np.isnan(b))))
    if isinstance(a, (float, np.floating)) and isinstance(b, (float, np.floating)):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


effect_sets = st.integers(1, 40).flatmap(
    lambda k: st.tuples(
        st.lists(
            st.one_of(st.floats(-2, 2, allow_nan=False), st.just(0.3)), min_size=k, max_size=k
        ),
        st.lists(st.one_of(st.floats(1e-4, 0.5), st.just(0.02)), min_size=k, max_size=k),
    )
)


@settings(max_examples=50, deadline=None)
@given(
    effect_sets,
    st.sampled_from(["REML", "DL", "FE"]),
    st.sampled_from([False, True, "truncated"]),
    st.sampled_from([0.95, 0.9]),
)
def test_fit_mean_is_fit_model_with_ones(yv, method, kh, level):
    y, v = _effects(*yv)
    fast = _metamean.fit_mean(y, v, method, kh, level)
    slow = metafit.fit_model(y, v, np.ones((y.size, 1)), method, kh, level)
    assert fast.keys() == slow.keys()
    for key in slow:
        assert _same(fast[key], slow[key]), key
    inter = metafit.intercept_fit(y, v, method)
    assert _same(
        [inter["tau2"], inter["qe"], inter["qe_p"]], [slow["tau2"], slow["qe"], slow["qe_p"]]
    )


def test_fit_mean_edge_cases_and_a_failing_comparison():
    for y, v in (
        ([0.3], [0.02]),
        ([0.3, 0.3], [0.02, 0.02]),
        ([0.1, 0.5], [0.01, 0.3]),
        ([0.3] * 6, [0.02, 0.03, 0.02, 0.05, 0.01, 0.02]),
    ):
        y, v = np.array(y), np.array(v)
        for method in ("REML", "DL", "FE"):
            for kh in (False, True, "truncated"):
                fast = _metamean.fit_mean(y, v, method, kh, 0.95)
                slow = metafit.fit_model(y, v, np.ones((y.size, 1)), method, kh, 0.95)
                assert all(_same(fast[key], slow[key]) for key in slow), (y, method, kh)
    y, v = np.array([0.1, 0.5, 0.3, 0.9]), np.array([0.02, 0.03, 0.04, 0.02])
    other = metafit.fit_model(y, v, np.column_stack([np.ones(4), v]), "REML", False, 0.95)
    assert not _same(_metamean.fit_mean(y, v, "REML", False, 0.95)["tau2"], other["tau2"])


def test_pool_studies_table_is_the_plain_one():
    y, v = [0.1, 0.5, 0.3], [0.02, 0.03, 0.04]
    s = eff.pool(y, v).studies
    z = stats.norm.ppf(0.975)
    plain = pd.DataFrame(
        {
            "label": ["1", "2", "3"],
            "n": pd.array([pd.NA] * 3, dtype="Int64"),
            "yi": y,
            "vi": v,
            "se": np.sqrt(v),
            "ci_low": np.array(y) - z * np.sqrt(v),
            "ci_high": np.array(y) + z * np.sqrt(v),
            "weight": s["weight"],
        }
    )
    pd.testing.assert_frame_equal(s, plain, check_exact=True)
    assert eff.pool(y, v, labels=["a", "b", "c"], n=[10, 20, 30]).studies["label"].tolist() == [
        "a",
        "b",
        "c",
    ]


# --- pool_by: a loop of pool ----------------------------------------------------------------------

effect_rows = st.lists(
    st.tuples(
        st.sampled_from(["a", "b", "c", None]),  # theme, missing too
        st.sampled_from(["x", "y"]),  # instrument
        st.one_of(st.floats(-1.5, 1.5, allow_nan=False), st.just(0.25), st.just(math.nan)),
        st.one_of(
            st.floats(1e-3, 0.3), st.just(0.02), st.just(0.0), st.just(-0.01), st.just(math.nan)
        ),
    ),
    min_size=1,
    max_size=30,
)


def _effect_table(rows) -> pd.DataFrame:
    e = pd.DataFrame(rows, columns=["theme", "instrument", "smd", "smd_var"])
    e["theme"] = e["theme"].astype("string[pyarrow]")
    e["other"] = np.arange(len(e))  # a column pool_by does not use
    return e


def _plain_pool_by(e: pd.DataFrame, keys: list[str], **kw) -> list[dict]:
    """One pool per distinct key (sorted, missing last), over the rows with an effect and a
    positive variance, in a plain Python loop."""
    groups: dict = {}
    for i in range(len(e)):
        key = tuple(None if pd.isna(e[k].iloc[i]) else e[k].iloc[i] for k in keys)
        groups.setdefault(key, []).append(i)
    rows = []
    for key in sorted(groups, key=lambda t: [(x is None, x if x is not None else "") for x in t]):
        y = [float(e["smd"].iloc[i]) for i in groups[key]]
        v = [float(e["smd_var"].iloc[i]) for i in groups[key]]
        keep = [
            (a, b)
            for a, b in zip(y, v, strict=True)
            if math.isfinite(a) and math.isfinite(b) and b > 0
        ]
        row = {"key": key, "k_dropped": len(y) - len(keep)}
        if keep:
            row.update(
                eff.pool([a for a, _ in keep], [b for _, b in keep], **kw)
                .to_frame()
                .iloc[0]
                .to_dict()
            )
        rows.append(row)
    return rows


@settings(max_examples=50, deadline=None)
@given(
    effect_rows,
    st.sampled_from(
        [
            {},
            {"method": "DL", "knapp_hartung": True},
            {"method": "FE"},
            {"knapp_hartung": "truncated", "level": 0.9},
        ]
    ),
)
def test_pool_by_is_a_loop_of_pool(rows, kw):
    e = _effect_table(rows)
    keys = ["theme", "instrument"]
    got = eff.pool_by(e, keys, **kw)
    plain = _plain_pool_by(e, keys, **kw)
    assert len(got) == len(plain)
    for (_, g), p in zip(got.iterrows(), plain, strict=True):
        assert tuple(None if pd.isna(g[k]) else g[k] for k in keys) == p["key"]
        for col, val in p.items():
            if col != "key":
                assert _same(g[col], val), col
    # the group loop over the key columns only gives pool_by's table itself
    pd.testing.assert_frame_equal(_poolby.pool_groups(e, keys, **kw), got, check_exact=True)
    pd.testing.assert_frame_equal(
        _poolby.pool_groups(e, ["theme"], **kw), eff.pool_by(e, "theme", **kw), check_exact=True
    )


def test_pool_by_comparison_can_fail():
    e = _effect_table(
        [("a", "x", 0.2, 0.02), ("a", "x", 0.5, 0.03), ("a", "x", 0.1, 0.02), ("b", "x", 0.4, 0.02)]
    )
    got = eff.pool_by(e, ["theme", "instrument"])
    wrong = _plain_pool_by(e.assign(smd=e["smd"] + [0.0, 0.1, 0.0, 0.0]), ["theme", "instrument"])
    assert got["estimate"].iloc[0] != wrong[0]["estimate"]
    assert got["k"].tolist() == [3, 1] and got["k_dropped"].tolist() == [0, 0]


# --- reach: a plain loop per activity, the plain group-by per county -------------------------

POP = pd.Series({"15": 272437.0, "90": 664028.0, "179": 146000.0, "091": 664028.0, "02": 480000.5})
AREAS = [None, "", "15", "90", "179", "091", "15 90", "179, 15", "999", "999 179", "02", "179 091"]
ORGS = pd.DataFrame(
    {"org_id": ["o1", "o2", "o2", "o3"], "municipality": ["179", "091", "179", "999"]}
)


def _county_of(code: str):
    c = regions.county_of(pd.Series([code])).iloc[0]
    return None if pd.isna(c) else str(c)


def _plain_county(area, org, organisations) -> str | None:
    codes = area.replace(",", " ").split() if isinstance(area, str) else []
    counties = [c if len(c) == 2 else _county_of(c) for c in codes]
    known = {c for c in counties if c is not None}
    county = "multiple" if len(known) > 1 else (counties[0] if known else None)
    if county is None and organisations is not None:  # the first row of the association
        first = organisations[organisations["org_id"] == org]
        county = _county_of(first["municipality"].iloc[0]) if len(first) else None
    return county


activity_rows = st.lists(
    st.tuples(
        st.sampled_from(AREAS),
        st.sampled_from(["o1", "o2", "o3", "o4"]),
        st.sampled_from([2023, 2024, None]),
        st.sampled_from(["t1", "t2", None]),
        st.one_of(st.integers(0, 400), st.none()),
        st.one_of(st.floats(0, 2000, allow_nan=False), st.none()),
        st.one_of(st.floats(0, 1e5, allow_nan=False), st.none()),
    ),
    min_size=1,
    max_size=25,
)


def _activities(rows) -> pd.DataFrame:
    a = pd.DataFrame(
        rows,
        columns=["area", "org_id", "year", "theme", "participants", "volunteer_hours", "cost_eur"],
    )
    a.insert(0, "activity_id", [f"A{i}" for i in range(len(a))])
    for c in ("activity_id", "org_id", "theme", "area"):
        a[c] = a[c].astype("string[pyarrow]")
    a["year"] = a["year"].astype("Int64")
    a["participants"] = a["participants"].astype("Int64")
    a[["volunteer_hours", "cost_eur"]] = a[["volunteer_hours", "cost_eur"]].astype(float)
    a["paid_hours"] = np.where(np.arange(len(a)) % 3 == 0, 0.0, 100.0)
    return a


def _plain_rates(out: pd.DataFrame) -> pd.DataFrame:
    def ratio(a, b):
        return a / b if math.isfinite(a) and math.isfinite(b) and b != 0 else math.nan

    out = out.copy()
    out["participants_per_1000"] = [
        1000 * ratio(p, q) for p, q in zip(out["participants"], out["population"], strict=True)
    ]
    out["volunteer_fte"] = out["volunteer_hours"] / 1600.0
    out["volunteer_to_paid_ratio"] = [
        ratio(a, b) for a, b in zip(out["volunteer_hours"], out["paid_hours"], strict=True)
    ]
    out["cost_per_participant"] = [
        ratio(a, b) for a, b in zip(out["cost_eur"], out["participants"], strict=True)
    ]
    return out


CHECKED = [
    "n_activities",
    "contacts",
    "population",
    "participants_per_1000",
    "volunteer_hours",
    "volunteer_fte",
    "paid_hours",
    "volunteer_to_paid_ratio",
    "cost_eur",
    "cost_per_participant",
]


def _compare(got: pd.DataFrame, plain: pd.DataFrame, keys: list[str]) -> None:
    assert list(got.columns[: len(keys)]) == keys
    assert len(got) == len(plain)
    for k in keys:
        assert [None if pd.isna(x) else x for x in got[k]] == [
            None if pd.isna(x) else x for x in plain[k]
        ], k
    part = plain["participants"].to_numpy(dtype=float)
    if np.isnan(part).any():
        np.testing.assert_array_equal(got["participants"].to_numpy(dtype=float), part)
    else:
        assert str(got["participants"].dtype) == "Int64"
        assert got["participants"].tolist() == [round(p) for p in part]
    for c in CHECKED:
        np.testing.assert_array_equal(
            got[c].to_numpy(dtype=float), plain[c].to_numpy(dtype=float), err_msg=c
        )


@settings(max_examples=50, deadline=None)
@given(activity_rows)
def test_reach_per_activity_is_a_plain_loop(rows):
    a = _activities(rows)
    before = a.copy()
    got = eff.reach(a, population=POP)
    plain = pd.DataFrame(
        {
            "activity_id": a["activity_id"],
            "n_activities": 1,
            "participants": a["participants"].astype(float),
            "contacts": np.nan,
            "volunteer_hours": a["volunteer_hours"].astype(float),
            "paid_hours": a["paid_hours"],
            "cost_eur": a["cost_eur"].astype(float),
            "population": [
                math.nan
                if not isinstance(x, str)
                or not x.replace(",", " ").split()
                or any(c not in POP.index for c in x.replace(",", " ").split())
                else sum(POP[c] for c in x.replace(",", " ").split())
                for x in a["area"].astype(object)
            ],
        }
    )
    _compare(got, _plain_rates(plain), ["activity_id"])
    assert list(got.columns[:5]) == ["activity_id", "org_id", "year", "theme", "area"]
    pd.testing.assert_series_equal(got["year"], a["year"].reset_index(drop=True))
    pd.testing.assert_frame_equal(a, before)  # the input is not modified


@settings(max_examples=50, deadline=None)
@given(activity_rows, st.sampled_from(["county", "county_orgs", "organisation", "theme"]))
def test_reach_by_unit_is_the_plain_group_by(rows, by):
    a = _activities(rows)
    organisations = ORGS if by == "county_orgs" else None
    unit = "county" if by.startswith("county") else by
    got = eff.reach(a, by=unit, organisations=organisations, population=POP)
    keys = {
        "county": ["county", "year"],
        "organisation": ["org_id", "year"],
        "theme": ["theme", "year"],
    }[unit]
    rows_ = a.assign(participants=a["participants"].astype(float), contacts=np.nan)
    if unit == "county":
        rows_["county"] = pd.array(
            [
                _plain_county(x, o, organisations)
                for x, o in zip(a["area"].astype(object), a["org_id"].astype(object), strict=True)
            ],
            dtype="string",
        )
    vals = ["participants", "contacts", "volunteer_hours", "paid_hours", "cost_eur"]
    g = rows_[keys + vals].groupby(keys, dropna=False, sort=True)
    plain = g.sum(min_count=1).reset_index()
    plain["n_activities"] = g.size().to_numpy()
    plain["population"] = (
        plain["county"].astype(object).map(POP).astype(float) if unit == "county" else math.nan
    )
    _compare(got, _plain_rates(plain), keys)
    if unit == "county":
        assert str(got["county"].dtype) == "string"


def test_reach_comparison_can_fail():
    a = _activities(
        [("15", "o1", 2023, "t1", 100, 10.0, 50.0), ("179", "o1", 2023, "t1", 50, 0.0, 5.0)]
    )
    got = eff.reach(a, by="county", population=POP)
    assert got["participants"].tolist() == [150] and got["population"].tolist() == [POP["15"]]
    assert eff.reach(a, population=POP)["population"].tolist() == [POP["15"], POP["179"]]
    # an area outside printable ASCII goes the way of regions.parse_area, with the same numbers
    b = a.assign(area=pd.array(["15\u00a090", "179"], dtype="string[pyarrow]"))
    assert eff.reach(b, population=POP)["population"].tolist() == [
        POP["15"] + POP["90"],
        POP["179"],
    ]
    assert eff.reach(b, by="county", population=POP)["county"].tolist() == ["15", "multiple"]
    # and a wrong population gives other numbers
    assert eff.reach(a, population=POP * 2)["population"].tolist() != [POP["15"], POP["179"]]


def test_reach_home_county_fills_only_rows_without_an_area_county():
    a = _activities(
        [
            ("999", "o2", 2023, "t1", 10, 1.0, 1.0),
            ("15", "o2", 2023, "t1", 20, 1.0, 1.0),
            (None, "o3", 2023, "t1", 30, 1.0, 1.0),
            (None, "o9", 2023, "t1", 40, 1.0, 1.0),
        ]
    )
    got = eff.reach(a, by="county", organisations=ORGS, population=POP)
    # o2's first row is in 091 (Helsinki, county 90); o3's municipality is unknown; o9 is not listed
    assert got["county"].tolist()[:2] == ["15", "90"] and got["participants"].tolist()[:2] == [
        20,
        10,
    ]
    assert pd.isna(got["county"].iloc[2]) and got["participants"].iloc[2] == 70
    with pytest.raises(ValueError, match="municipality"):
        eff.reach(a, by="county", organisations=ORGS[["org_id"]], population=POP)


@pytest.mark.parametrize("by", ["county", "theme"])
def test_group_sums_on_an_empty_and_a_float_keyed_table(by):
    a = _activities([("15", "o1", 2023, "t1", 100, 10.0, 50.0)]).iloc[:0]
    got = eff.reach(a, by=by, population=POP)
    assert got.empty and list(got.columns[:2]) == [by, "year"]
    e = pd.DataFrame({"k": [1.5, np.nan, 0.5, 1.5, np.nan], "x": [1.0, 2.0, 3.0, np.nan, 5.0]})
    lead, n, sums = reach_module._group_sums(e, ["k"], {"x": e["x"].to_numpy()})
    plain = e.groupby("k", dropna=False, sort=True)["x"]
    np.testing.assert_array_equal(lead["k"], plain.sum().index.to_numpy())
    np.testing.assert_array_equal(n, plain.size().to_numpy())
    np.testing.assert_array_equal(sums["x"], plain.sum(min_count=1).to_numpy())


def test_default_population_is_the_county_table():
    a = _activities([("15", "o1", 2023, "t1", 100, 10.0, 50.0)])
    assert eff.reach(a)["population"].iloc[0] == denominators()["15"]
