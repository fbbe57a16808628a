"""Fast paths of the effectiveness indicators give the numbers of the plain computation (issue 12).

* the weighted least squares of :mod:`impactlib.effectiveness.metafit` (sums, never BLAS) against
  the dense k × k matrix :math:`P = W - WX(X^\\top WX)^{-1}X^\\top W`;
* ``intercept_fit`` (what :func:`pool_multilevel` needs of the two-level pool) against
  :func:`pool` itself;
* the three-level fit with the closed forms computed once per step against the same methods
  computed afresh;
* Egger's classical test in closed form against statsmodels ``WLS``;
* the grouped pre/post statistics on integer codes against the pandas group-by on the text keys.

Each comparison is also shown to fail on a deliberately wrong input.
"""

from __future__ import annotations

import importlib
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from impactlib import effectiveness as eff
from impactlib.effectiveness import metafit, multilevel

prepost = importlib.import_module("impactlib.effectiveness.prepost")  # the module, not the function


def _effects(k: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    v = rng.uniform(0.005, 0.2, k)
    return 0.3 + rng.normal(0, np.sqrt(v + 0.04)), v


def _dense_p(v, x, tau2):
    w = 1.0 / (v + tau2)
    wm = np.diag(w)
    return wm - wm @ x @ np.linalg.inv(x.T @ wm @ x) @ x.T @ wm


@pytest.mark.parametrize("p", [1, 3])
def test_wls_and_traces_equal_dense_p(p):
    y, v = _effects(60, 1)
    rng = np.random.default_rng(2)
    x = np.column_stack([np.ones(60), rng.normal(size=(60, p - 1))]) if p > 1 else np.ones((60, 1))
    tau2 = 0.03
    beta, inv, w, resid = metafit._wls(y, v, x, tau2)
    big = _dense_p(v, x, tau2)
    assert_allclose(big @ y, w * resid, rtol=1e-10, atol=1e-12)
    tr_p, tr_pp = metafit._p_traces(w, x, inv)
    assert_allclose([tr_p, tr_pp], [np.trace(big), np.trace(big @ big)], rtol=1e-10)
    wm = np.diag(w)
    assert_allclose(beta, np.linalg.solve(x.T @ wm @ x, x.T @ wm @ y), rtol=1e-10)
    # the comparison can fail: another tau2 gives another P
    assert not np.allclose(np.trace(_dense_p(v, x, 0.1)), tr_p, rtol=1e-6)


@pytest.mark.parametrize("method", ["REML", "DL"])
@pytest.mark.parametrize("k", [1, 2, 7, 300])
def test_intercept_fit_is_pool(method, k):
    y, v = _effects(k, k)
    r = eff.pool(y, v, method=method)
    f = metafit.intercept_fit(y, v, method)
    assert_allclose([f["tau2"], f["estimate"], f["se"], f["qe"], f["qe_p"]],
                    [r.tau2, r.estimate, r.se, r.q, r.q_pvalue], rtol=0, atol=0, equal_nan=True)
    if k > 2:
        assert metafit.intercept_fit(y + np.arange(k) * 0.01, v, method)["estimate"] != r.estimate


@pytest.mark.parametrize("reml", [True, False])
def test_blocks_parts_once_per_step_is_the_same(reml):
    rng = np.random.default_rng(3)
    y, v = _effects(120, 3)
    codes = np.sort(rng.integers(0, 40, 120))
    codes = pd.factorize(codes, sort=True)[0]
    b = multilevel._Blocks(y, v, codes, codes.max() + 1)
    th = (0.02, 0.01)
    pt = b.parts(*th)
    assert b.loglik(*th, reml) == b.loglik(*th, reml, parts=pt)
    assert np.array_equal(b.gradient(*th, reml), b.gradient(*th, reml, parts=pt))
    assert np.array_equal(b.information(*th, reml), b.information(*th, reml, parts=pt))
    # the information is the expected one: ½ tr(P Z_m P Z_n) with dense matrices
    z3 = (codes[:, None] == codes[None, :]).astype(float)
    vm = np.diag(v + th[0]) + th[1] * z3
    vi = np.linalg.inv(vm)
    one = np.ones((120, 1))
    p = vi - vi @ one @ one.T @ vi / float((one.T @ vi @ one)[0, 0]) if reml else vi
    zs = (np.eye(120), z3)
    dense = 0.5 * np.array([[np.trace(p @ a @ p @ c) for c in zs] for a in zs])
    assert_allclose(b.information(*th, reml), dense, rtol=1e-9)
    assert not np.allclose(b.information(0.05, 0.01, reml), dense, rtol=1e-6)


@pytest.mark.parametrize("predictor", ["sei", "sqrtninv"])
@pytest.mark.parametrize("level", [0.95, 0.9])
def test_egger_lm_equals_statsmodels_wls(predictor, level):
    import statsmodels.api as sm

    y, v = _effects(40, 7)
    ni = np.random.default_rng(8).integers(10, 200, 40)
    x = np.sqrt(v) if predictor == "sei" else 1 / np.sqrt(ni)
    fit = sm.WLS(y, sm.add_constant(x, has_constant="add"), weights=1.0 / v).fit()
    ci = fit.conf_int(alpha=1 - level)
    r = eff.egger(y, v, predictor=predictor, ni=ni if predictor == "sqrtninv" else None, level=level)
    assert_allclose([r.intercept, r.se, r.statistic, r.pvalue, r.df],
                    [fit.params[1], fit.bse[1], fit.tvalues[1], fit.pvalues[1], fit.df_resid], rtol=1e-10)
    assert_allclose([r.limit_estimate, r.limit_ci_low, r.limit_ci_high], [fit.params[0], *ci[0]], rtol=1e-10)
    wrong = eff.egger(y[::-1], v, predictor=predictor, ni=ni if predictor == "sqrtninv" else None)
    assert not np.isclose(wrong.intercept, fit.params[1], rtol=1e-6)


def _wide(seed: int, dtype) -> pd.DataFrame:
    """A paired table sorted by its keys, with unpaired rows, one-pair and constant groups."""
    rng = np.random.default_rng(seed)
    n = 400
    df = pd.DataFrame({
        "activity_id": rng.choice(["A1", "A2", "B7", "C", "ä"], n),
        "instrument": rng.choice(["GAD7", "PHQ9", "UCLA3"], n),
        "group": rng.choice(["comparison", "participant"], n),
        "participant_id": [f"p{i}" for i in range(n)],
        "pre": rng.integers(0, 20, n).astype(float) + rng.choice([0.0, 0.1, 0.3], n),
        "post": rng.integers(0, 20, n).astype(float),
    })
    df.loc[rng.random(n) < 0.15, "pre"] = np.nan
    df.loc[rng.random(n) < 0.15, "post"] = np.nan
    one = (df["activity_id"] == "ä") & (df["instrument"] == "GAD7")
    df.loc[one, ["pre", "post"]] = 5.0  # constant: SD 0
    for c in ("activity_id", "instrument", "group", "participant_id"):
        df[c] = df[c].astype(dtype)
    return df.sort_values(["activity_id", "instrument", "group", "participant_id"]).reset_index(drop=True)


@pytest.mark.parametrize("dtype", [object, "string[pyarrow]", "string[python]"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pair_stats_on_codes_equal_pandas_groupby(seed, dtype):
    keys = ["activity_id", "instrument", "group"]
    wide = _wide(seed, dtype)
    fast = prepost._pair_stats_fast(wide, keys)
    assert fast is not None
    pd.testing.assert_frame_equal(fast, prepost._pair_stats(wide, keys), check_exact=True)
    shuffled = wide.sample(frac=1.0, random_state=seed).reset_index(drop=True)  # any row order
    pd.testing.assert_frame_equal(prepost._pair_stats_fast(shuffled, keys), prepost._pair_stats(shuffled, keys),
                                  check_exact=True)
    wrong = wide.assign(pre=wide["pre"] + 1e-9)
    assert not prepost._pair_stats_fast(wrong, keys)["mean_pre"].equals(fast["mean_pre"])


def test_pair_stats_fall_back_for_other_keys():
    keys = ["activity_id", "instrument", "group"]
    wide = _wide(4, object)
    wide["activity_id"] = wide["activity_id"].map({"A1": 1, "A2": 2, "B7": 7, "C": 3, "ä": 9})
    assert prepost._pair_stats_fast(wide, keys) is None
    wide2 = _wide(4, object)
    wide2.loc[3, "group"] = None
    assert prepost._pair_stats_fast(wide2, keys) is None


def test_prepost_on_demo_equals_the_pandas_path(demo):
    keys = ["activity_id", "instrument", "group"]
    wide = eff.paired_scores(demo.outcomes)
    pd.testing.assert_frame_equal(prepost._pair_stats_fast(wide, keys), prepost._pair_stats(wide, keys),
                                  check_exact=True)


@pytest.mark.parametrize("kw", [{}, {"sd_from": "activity"}, {"group": None}, {"by": "theme", "use_activities": 1}])
def test_reliable_change_rates_on_codes_equal_the_pandas_path(demo, monkeypatch, kw):
    rel = importlib.import_module("impactlib.effectiveness.reliable")
    kw = dict(kw)
    if kw.pop("use_activities", 0):
        kw["activities"] = demo.activities
    o = demo.outcomes[demo.outcomes["activity_id"] < "D9003"]
    o = o[~((o["activity_id"] == o["activity_id"].iloc[0]) & (o["phase"] == "post"))]  # no pairs there
    fast = eff.reliable_change_rates(o, **kw)
    monkeypatch.setattr(rel, "pair_codes", lambda *a, **k: None)  # the wide table: codes on it ...
    middle = eff.reliable_change_rates(o, **kw)
    pd.testing.assert_frame_equal(fast, middle, check_exact=True)
    monkeypatch.setattr(rel, "group_codes", lambda df, keys: None)  # ... and the pandas group-by
    slow = eff.reliable_change_rates(o, **kw)
    pd.testing.assert_frame_equal(fast, slow, check_exact=True)
    assert (fast["n_pairs"] == 0).any() or "n_activities" in fast.columns  # by theme: summed
    wrong = eff.reliable_change_rates(o.assign(score=o["score"] + np.arange(len(o)) % 7), **kw)
    assert not wrong["n_improved"].equals(slow["n_improved"])


def test_q_mean_is_q_gen_of_ones():
    y, v = _effects(80, 11)
    x = np.ones((80, 1))
    for t in (0.0, 1e-6, 0.013, 0.5, 40.0):
        assert metafit._q_mean(y, v, t) == metafit._q_gen(y, v, x, t)
    assert metafit._q_mean(y, v, 0.1) != metafit._q_gen(y, v, np.column_stack([x, v]), 0.1)


@pytest.mark.parametrize("kw", [{}, {"method": "DL", "knapp_hartung": True}, {"method": "FE"}])
def test_pool_by_rows_are_pool_to_frame(kw):
    rng = np.random.default_rng(12)
    y, v = _effects(90, 12)
    y[[3, 40]] = np.nan
    e = pd.DataFrame({"theme": rng.choice(["a", "b", "c", "d"], 90), "smd": y, "smd_var": v})
    e.loc[e["theme"] == "d", "smd"] = np.nan  # a group with nothing to pool
    e.loc[e.index[e["theme"] == "c"][1:], "smd_var"] = -1.0  # and one of one effect
    rows = []
    for theme, d in e.groupby("theme", sort=True):
        ok = np.isfinite(d["smd"]) & (d["smd_var"] > 0)
        base = {"theme": theme, "k_dropped": int((~ok).sum())}
        rows.append({**base, **eff.pool(d["smd"][ok], d["smd_var"][ok], **kw).to_frame().iloc[0].to_dict()}
                    if ok.any() else base)
    pd.testing.assert_frame_equal(eff.pool_by(e, **kw), pd.DataFrame(rows), check_exact=True)


# --- pairing on integer codes (``_pairs.pair_codes``) against the plain paths ------------------
#
# prepost, reliable_change_rates, comparison_effect and paired_scores pair the scores on integer
# codes (Arrow strings: one sort on the group code and the participant text) and never build the
# wide table; their general paths (the wide table of ``_paired_general`` and group-bys on it) are
# unchanged. Both must give the same tables, floats included: the sums of the fast path run over
# the same rows in the same order. The plain loops below check the numbers independently.

KEY_COLUMNS = ["activity_id", "participant_id", "phase", "instrument", "group"]
PEOPLE = ["p1", "P2", "ä3", "Ö4", "p10", "z", "Z", "p1 ", "aa"]  # case, accents, a trailing space
NO_FAST = {"pair_codes": lambda *a, **k: None}


@st.composite
def outcome_tables(draw, *, duplicates: bool = False):
    """Small outcomes tables: ties, missing phases, NaN scores, one-person groups, follow-ups."""
    out = []
    for _ in range(draw(st.integers(0, 30))):
        unit = (draw(st.sampled_from(["A", "B", "Å", "a"])), draw(st.sampled_from(PEOPLE)))
        inst, grp = draw(st.sampled_from(["PHQ9", "GAD7", "SWEMWBS"])), draw(st.sampled_from(["participant", "comparison"]))
        for phase in draw(st.sampled_from([("pre", "post"), ("pre", "post"), ("pre",), ("post",),
                                           ("pre", "post", "follow_up"), ("pre", "follow_up")])):
            score = draw(st.one_of(st.integers(0, 27).map(float), st.floats(0, 27, allow_nan=False),
                                   st.just(math.nan)))
            out.append((*unit, phase, inst, grp, score, draw(st.one_of(st.integers(18, 90), st.none()))))
    seen, rows = set(), []
    for r in out:  # one score per participant, phase, instrument and group (unless repeated below)
        if r[:5] not in seen:
            seen.add(r[:5])
            rows.append(r)
    if duplicates and rows and draw(st.integers(0, 3)) == 0:  # one time in four: a repeated row
        rows.append(rows[draw(st.integers(0, len(rows) - 1))])
    order = draw(st.permutations(range(len(rows))))
    return [rows[i] for i in order]


def _frame(rows, dtype, *, group=True) -> pd.DataFrame:
    o = pd.DataFrame(rows, columns=[*KEY_COLUMNS, "score", "age"]).astype({c: dtype for c in KEY_COLUMNS})
    o["score"] = o["score"].astype(float)
    o["age"] = o["age"].astype("Int64")
    if not group:
        o = o.drop(columns="group")
    return o


def _without(module, **names):
    """Context manager: ``module``'s names replaced (e.g. ``pair_codes`` by one returning None)."""
    from contextlib import ExitStack
    from unittest import mock

    stack = ExitStack()
    for name, value in names.items():
        stack.enter_context(mock.patch.object(module, name, value))
    return stack


def _same_outcome(fast, slow):
    """Both calls give the same table, or both raise the same error (same message and rows)."""
    try:
        want = slow()
    except Exception as exc:  # noqa: BLE001 - the same exception is expected of the fast path
        with pytest.raises(type(exc)) as info:
            fast()
        assert str(info.value) == str(exc)
        if hasattr(exc, "problems"):
            assert [(p.row, p.value) for p in info.value.problems] == [(p.row, p.value) for p in exc.problems]
        return None
    got = fast()
    return got, want


DTYPES = ["object", "string[pyarrow]", "string[python]"]


@settings(max_examples=50, deadline=None)
@given(outcome_tables(duplicates=True), st.sampled_from(DTYPES), st.booleans(), st.booleans())
def test_paired_scores_and_prepost_on_codes_equal_the_general_path(rows, dtype, follow_up, group):
    o = _frame(rows, dtype, group=group)
    post = "follow_up" if follow_up else "post"
    res = _same_outcome(lambda: eff.paired_scores(o, post=post), lambda: prepost._paired_general(o, "pre", post))
    if res is not None:
        pd.testing.assert_frame_equal(*res, check_exact=True)
    res = _same_outcome(lambda: eff.prepost(o, post=post), _plainly(prepost, lambda: eff.prepost(o, post=post)))
    if res is not None:
        pd.testing.assert_frame_equal(*res, check_exact=True)


def _plainly(module, fn, **names):
    """``fn`` to be called with ``module.pair_codes`` (and ``names``) switched off: the general path."""
    def call():
        with _without(module, **NO_FAST, **names):
            return fn()
    return call


def _plain_prepost(o: pd.DataFrame, post: str = "post") -> dict:
    """n pairs, means, SDs and r per activity × instrument × group by a dict and numpy."""
    pairs: dict = {}
    for r in o.itertuples(index=False):
        if r.phase in ("pre", post):
            e = pairs.setdefault((r.activity_id, r.instrument, r.group), {}).setdefault(r.participant_id, {})
            e["pre" if r.phase == "pre" else "post"] = r.score
    out = {}
    for key, people in pairs.items():
        xy = np.array([(e.get("pre", np.nan), e.get("post", np.nan)) for e in people.values()], dtype=float)
        xy = xy[~np.isnan(xy).any(axis=1)]
        n = len(xy)
        sd = xy.std(axis=0, ddof=1) if n >= 2 else np.array([np.nan, np.nan])
        with np.errstate(invalid="ignore", divide="ignore"):
            r = float(np.corrcoef(xy.T)[0, 1]) if n >= 2 and (sd > 0).all() else np.nan
        out[key] = (n, *(xy.mean(axis=0) if n else (np.nan, np.nan)), *sd, r)
    return out


@settings(max_examples=40, deadline=None)
@given(outcome_tables(), st.sampled_from(["object", "string[pyarrow]"]))
def test_prepost_on_codes_equal_a_plain_loop(rows, dtype):
    o = _frame(rows, dtype)
    got = eff.prepost(o)
    want = _plain_prepost(o)
    assert [tuple(k) for k in got[["activity_id", "instrument", "group"]].itertuples(index=False)] == sorted(want)
    cols = ["n_pairs", "mean_pre", "mean_post", "sd_pre", "sd_post", "r"]
    plain = np.array([want[k] for k in sorted(want)], dtype=float).reshape(-1, len(cols))
    # the plain loop sums in another order (numpy's pairwise sums, two-pass SDs): 1e-9 relative
    assert_allclose(got[cols].to_numpy(dtype=float)[:, :5], plain[:, :5], rtol=1e-9, atol=1e-9)
    finite = np.isfinite(plain[:, 5]) & (np.abs(got["r"].to_numpy(dtype=float)) < 1 - 1e-9)
    assert_allclose(got["r"].to_numpy(dtype=float)[finite], plain[finite, 5], rtol=1e-7, atol=1e-7)


def test_the_plain_prepost_loop_can_fail():
    o = _frame([("A", "p1", "pre", "PHQ9", "participant", 10.0, 30), ("A", "p1", "post", "PHQ9", "participant", 7.0, 30),
                ("A", "p2", "pre", "PHQ9", "participant", 12.0, 30), ("A", "p2", "post", "PHQ9", "participant", 8.0, 30)],
               "string[pyarrow]")
    want = _plain_prepost(o)[("A", "PHQ9", "participant")]
    got = eff.prepost(o).iloc[0]
    assert (got["n_pairs"], got["mean_pre"], got["mean_post"]) == want[:3] == (2, 11.0, 7.5)
    wrong = _plain_prepost(o.assign(score=o["score"] + [0, 0, 0, 1]))[("A", "PHQ9", "participant")]
    assert wrong[2] != got["mean_post"]


@settings(max_examples=50, deadline=None)
@given(outcome_tables(duplicates=True), st.sampled_from(DTYPES), st.sampled_from(["instrument", "activity"]),
       st.sampled_from(["participant", None, "comparison"]))
def test_reliable_change_rates_on_codes_equal_the_general_paths(rows, dtype, sd_from, group):
    rel = importlib.import_module("impactlib.effectiveness.reliable")
    o = _frame(rows, dtype)
    kw = {"sd_from": sd_from, "group": group}
    fast = lambda: eff.reliable_change_rates(o, **kw)  # noqa: E731
    for names in ({}, {"group_codes": lambda df, keys: None}):  # codes on the wide table, then group-by
        res = _same_outcome(fast, _plainly(rel, lambda: eff.reliable_change_rates(o, **kw), **names))
        if res is not None:
            pd.testing.assert_frame_equal(*res, check_exact=True)


@settings(max_examples=30, deadline=None)
@given(outcome_tables(), st.sampled_from(["object", "string[pyarrow]"]))
def test_reliable_counts_equal_a_plain_loop(rows, dtype):
    o = _frame(rows, dtype)
    got = eff.reliable_change_rates(o).set_index(["activity_id", "instrument"])
    rel = eff.instruments().set_index("instrument")["reliability"].to_dict()
    hib = eff.instruments().set_index("instrument")["higher_is_better"].to_dict()
    pairs: dict = {}
    for r in o[o["group"] == "participant"].itertuples(index=False):
        if r.phase in ("pre", "post"):
            pairs.setdefault((r.activity_id, r.instrument), {}).setdefault(r.participant_id, {})[r.phase] = r.score
    done = {k: [(e["pre"], e["post"]) for e in v.values()
                if not np.isnan(e.get("pre", np.nan)) and not np.isnan(e.get("post", np.nan))]
            for k, v in pairs.items()}
    sd = {i: np.std([x for (a, j), v in done.items() if j == i for x, _ in v], ddof=1)
          if sum(len(v) for (a, j), v in done.items() if j == i) >= 2 else np.nan
          for i in {j for _, j in done}}
    for key, v in done.items():
        s_diff = np.sqrt(2) * sd[key[1]] * np.sqrt(1 - rel[key[1]])
        ok = np.isfinite(s_diff) and s_diff > 0
        rci = [(1 if hib[key[1]] else -1) * (y - x) / s_diff for x, y in v] if ok else []
        n_imp, n_det = sum(c > 1.96 for c in rci), sum(c < -1.96 for c in rci)
        assert tuple(got.loc[key, ["n_pairs", "n_improved", "n_deteriorated"]]) == (len(rci), n_imp, n_det)
    assert set(got.index) == set(pairs)


@st.composite
def comparison_tables(draw):
    """Activities with 0–7 paired people per group, missing ages and unpaired rows."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    rows = []
    for act in draw(st.lists(st.sampled_from(["A", "B", "Ä", "c"]), min_size=1, max_size=3, unique=True)):
        for inst in draw(st.lists(st.sampled_from(["PHQ9", "SWEMWBS"]), min_size=1, max_size=2, unique=True)):
            for grp in ("participant", "comparison"):
                for i in range(draw(st.integers(0, 7))):
                    pid, age = f"{grp[0]}{i}{act}", (None if rng.random() < 0.1 else int(rng.integers(18, 80)))
                    pre_ = float(rng.integers(0, 27))
                    rows.append((act, pid, "pre", inst, grp, pre_, age))
                    if rng.random() < 0.85:
                        rows.append((act, pid, "post", inst, grp, float(rng.integers(0, 27)), age))
    return rows


@settings(max_examples=40, deadline=None)
@given(comparison_tables(), st.sampled_from(["object", "string[pyarrow]"]), st.sampled_from(["CR1", "CR2"]),
       st.sampled_from([None, ["age", "pre"], ["pre"]]))
def test_comparison_effect_on_codes_equals_the_general_path(rows, dtype, se, covariates):
    prep = importlib.import_module("impactlib.effectiveness._comparison_prep")
    o = _frame(rows, dtype)
    fast = eff.comparison_effect(o, se=se, covariates=covariates)
    with _without(prep, **NO_FAST):
        slow = eff.comparison_effect(o, se=se, covariates=covariates)
    pd.testing.assert_frame_equal(fast.effects, slow.effects, check_exact=True)
    pd.testing.assert_frame_equal(fast.balance, slow.balance, check_exact=True)
    assert fast.warnings == slow.warnings


def test_comparison_effect_on_codes_equals_the_general_path_on_the_demo(demo):
    prep = importlib.import_module("impactlib.effectiveness._comparison_prep")
    o = demo.outcomes[demo.outcomes["activity_id"] < "D9040"]
    fast = eff.comparison_effect(o)
    assert len(fast.effects) >= 40
    with _without(prep, **NO_FAST):
        slow = eff.comparison_effect(o)
    pd.testing.assert_frame_equal(fast.effects, slow.effects, check_exact=True)
    pd.testing.assert_frame_equal(fast.balance, slow.balance, check_exact=True)
    wrong = eff.comparison_effect(o.assign(score=o["score"] + (np.arange(len(o)) % 3)))
    assert not np.allclose(wrong.effects["estimate"], fast.effects["estimate"])


def test_pairing_edge_cases_on_codes():
    o = _frame([("A", "p1", "pre", "PHQ9", "participant", 10.0, 30)], "string[pyarrow]")
    pd.testing.assert_frame_equal(eff.paired_scores(o), prepost._paired_general(o, "pre", "post"), check_exact=True)
    empty = o.iloc[:0]
    for t in (o, empty, o.assign(phase="follow_up")):
        with _without(prepost, **NO_FAST):
            want = eff.prepost(t)
        pd.testing.assert_frame_equal(eff.prepost(t), want, check_exact=True)
    assert eff.comparison_effect(o).effects.empty
    # a missing key on a pre/post row, numbers as keys, Arrow with nulls: the general path
    pairs = importlib.import_module("impactlib.effectiveness._pairs")
    two = _frame([("A", "p1", "pre", "PHQ9", "participant", 10.0, 30), ("A", None, "post", "PHQ9", "participant", 7.0, 30)],
                 "string[pyarrow]")
    assert pairs.pair_codes(two, "pre", "post") is None
    assert pairs.pair_codes(o.assign(activity_id=1), "pre", "post") is None
    assert pairs.pair_codes(o, "pre", "pre") is None
    # a missing key on a follow-up row does not matter
    three = pd.concat([o, _frame([("A", None, "follow_up", "PHQ9", "participant", 1.0, 30)], "string[pyarrow]")],
                      ignore_index=True)
    assert pairs.pair_codes(three, "pre", "post") is not None
    # duplicates: the same DataError, naming the same rows
    dup = pd.concat([o, o], ignore_index=True)
    from impactlib.errors import DataError

    with pytest.raises(DataError) as fast:
        eff.prepost(dup)
    with pytest.raises(DataError) as slow, _without(prepost, **NO_FAST):
        eff.prepost(dup)
    assert [(p.row, p.value) for p in fast.value.problems] == [(p.row, p.value) for p in slow.value.problems] \
        == [(2, "p1"), (3, "p1")]


def test_distinct_rows_equal_drop_duplicates_and_merge():
    from impactlib.effectiveness import evidence

    rng = np.random.default_rng(5)
    n = 500
    frame = pd.DataFrame({"a": rng.integers(0, 4, n), "b": rng.choice(["x", "", "y, z"], n).astype(object),
                          "c": rng.random(n) < 0.5, "d": rng.choice(["p", "q"], n).astype(object)})
    first, which = evidence._distinct_rows(frame)
    uniq = frame.drop_duplicates().reset_index(drop=True)
    assert len(first) == len(uniq)
    labels_ = np.arange(len(uniq))
    want = frame.merge(uniq.assign(_i=labels_), how="left", on=list(frame.columns))["_i"].to_numpy()
    # the same partition of the rows, whatever the numbering
    got_uniq = frame.iloc[first].reset_index(drop=True)
    back = got_uniq.merge(uniq.assign(_i=labels_), how="left", on=list(frame.columns))["_i"].to_numpy()
    assert np.array_equal(back[which], want)
    assert not np.array_equal(back[np.roll(which, 1)], want)
