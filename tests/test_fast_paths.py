"""Fast paths agree with a slow, obvious implementation (issue 12), on random inputs.

Each fast path of the indicator core is checked against the same numbers written the plain way,
on small random data sets drawn by hypothesis:

* ``population.area_denominators`` (each distinct area once, joined back) against a plain loop
  over the rows;
* ``effectiveness.comparison_effect`` (closed-form DiD, batched Newton propensity models and
  grouped WLS over all activity × instrument groups at once) against one statsmodels fit per
  group (``OLS`` with participant-clustered SEs, ``Logit``, ``WLS`` with HC1/HC2) and, for CR2, the
  Bell–McCaffrey sandwich written out with dense matrices;
* ``effectiveness.pool_by`` (REML in O(k) per Fisher step) against Fisher scoring with the dense
  k × k matrix P and a Q-profile interval from the dense generalised Q, one group at a time;
* the continuity indicators on a funding table with Arrow strings (no re-validation, no copy
  through Python objects) against per-association loops;
* ``continuity.spell_survival``'s up-front separation check against a plain count of ended
  spells per level, and its Cox fit against lifelines where nothing is separated.

Each test also shows that its comparison can fail (a deliberately wrong input gives different
numbers).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from reference import p_dense, reml_dense

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


# --- comparison_effect: one statsmodels fit per activity × instrument -------------------------

HIGHER_IS_BETTER = {"SWEMWBS": True, "PHQ9": False}


def _outcomes(seed: int, n_act: int, missing: float) -> pd.DataFrame:
    """Random outcomes of ``n_act`` activities, each on one or two instruments (one of them lower
    is better), 2–9 participants and 2–9 comparison persons, some post-tests and ages missing."""
    rng = np.random.default_rng(seed)
    rows = []
    for a in range(n_act):
        instruments = ["SWEMWBS", "PHQ9"][: int(rng.integers(1, 3))]
        for ins in instruments:
            effect = rng.normal(1.0, 1.0)
            for grp, n in (("participant", rng.integers(2, 10)), ("comparison", rng.integers(2, 10))):
                for i in range(n):
                    age = float(rng.integers(18, 80)) if rng.random() > missing else np.nan
                    pre = float(np.round(rng.normal(20 + (2 if grp == "comparison" else 0), 4), 1))
                    post = pre + rng.normal(0.5 + (effect if grp == "participant" else 0.0), 2)
                    pid = f"{grp[0]}{i}"
                    rows.append((f"A{a}", pid, "pre", ins, pre, grp, age))
                    if rng.random() > missing:
                        rows.append((f"A{a}", pid, "post", ins, float(np.round(post, 1)), grp, age))
    return pd.DataFrame(rows, columns=["activity_id", "participant_id", "phase", "instrument", "score",
                                       "group", "age"])


def _t_interval(est, se, df):
    from scipy import stats

    crit = stats.t.ppf(0.975, df)
    return est - crit * se, est + crit * se, 2 * stats.t.sf(abs(est / se), df)


def _cr2_dense(x, e, clusters, col):
    """Bell & McCaffrey (2002) CR2 variance of one coefficient, written out with dense matrices."""
    bread = np.linalg.inv(x.T @ x)
    meat = np.zeros((x.shape[1], x.shape[1]))
    for g in np.unique(clusters):
        m = clusters == g
        xg = x[m]
        hgg = xg @ bread @ xg.T
        val, vec = np.linalg.eigh(np.eye(m.sum()) - hgg)
        adj = vec @ np.diag(val ** -0.5) @ vec.T
        u = xg.T @ adj @ e[m]
        meat += np.outer(u, u)
    return (bread @ meat @ bread)[col, col]


def _slow_comparison(o: pd.DataFrame, se_type: str, estimand: str, trim: float = 0.01):
    """Pairs by a dict, then for each activity × instrument: OLS with clustered SEs (CR1) or the
    dense CR2 sandwich with Welch's df (scipy), a statsmodels Logit, and WLS with HC1/HC2."""
    import warnings

    import statsmodels.api as sm
    from scipy import stats

    pairs: dict = {}
    for r in o.itertuples(index=False):
        pairs.setdefault((r.activity_id, r.instrument), {}).setdefault((r.group, r.participant_id), {})[
            r.phase] = r.score
        pairs[(r.activity_id, r.instrument)][(r.group, r.participant_id)]["age"] = r.age
    did, ipw, bal = {}, {}, {}
    for (act, ins), people in sorted(pairs.items()):
        sign = 1.0 if HIGHER_IS_BETTER[ins] else -1.0
        ok = [(g, p["pre"] * sign, p["post"] * sign, p["age"]) for (g, _), p in sorted(people.items())
              if "pre" in p and "post" in p]
        t = np.array([g == "participant" for g, *_ in ok], dtype=float)
        if t.sum() < 3 or (1 - t).sum() < 3:
            continue
        pre = np.array([r[1] for r in ok])
        post = np.array([r[2] for r in ok])
        age = np.array([r[3] for r in ok])
        n = len(ok)
        y = np.concatenate([pre, post])
        tt, ph = np.concatenate([t, t]), np.repeat([0.0, 1.0], n)
        x = np.column_stack([np.ones(2 * n), tt, ph, tt * ph])
        clusters = np.tile(np.arange(n), 2)
        fit = sm.OLS(y, x).fit(cov_type="cluster", cov_kwds={"groups": clusters})
        est = fit.params[3]
        if se_type == "CR1":
            se, df = fit.bse[3], n - 1.0
        else:
            se = math.sqrt(_cr2_dense(x, y - x @ fit.params, clusters, 3))
            ch = post - pre
            df = stats.ttest_ind(ch[t == 1], ch[t == 0], equal_var=False).df
        did[(act, ins)] = (est, se, *_t_interval(est, se, df), df)
        # inverse probability weighting on the complete ages
        c = ~np.isnan(age)
        tc, ac, chc, prc = t[c], age[c], (post - pre)[c], pre[c]
        if tc.sum() < 3 or (1 - tc).sum() < 3:
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                lf = sm.Logit(tc, sm.add_constant(ac)).fit(disp=0, maxiter=200)
            except Exception:  # noqa: BLE001 - perfect separation: no MLE to compare
                continue
        if caught or not lf.mle_retvals["converged"]:
            continue  # separated or unconverged propensity models have no MLE to compare
        ps = np.clip(lf.predict(), trim, 1 - trim)
        if estimand == "ATT":
            w = np.where(tc == 1, 1.0, ps / (1 - ps))
        else:
            w = np.where(tc == 1, 1 / ps, 1 / (1 - ps))
        wls = sm.WLS(chc, sm.add_constant(tc), weights=w).fit(cov_type="HC1" if se_type == "CR1" else "HC2")
        est, se = wls.params[1], wls.bse[1]
        ipw[(act, ins)] = (est, se, *_t_interval(est, se, len(tc) - 2.0), len(tc) - 2.0)
        for cov, xv in (("age", ac), ("pre", prc)):
            mt, mc = xv[tc == 1].mean(), xv[tc == 0].mean()
            sd = math.sqrt((xv[tc == 1].var(ddof=1) + xv[tc == 0].var(ddof=1)) / 2)
            mwt = np.average(xv[tc == 1], weights=w[tc == 1])
            mwc = np.average(xv[tc == 0], weights=w[tc == 0])
            bal[(act, ins, cov)] = (mt, mc, mwt, mwc, (mt - mc) / sd, (mwt - mwc) / sd)
    return did, ipw, bal


COLS = ["estimate", "se", "ci_low", "ci_high", "pvalue", "df"]


def _check_comparison(o, se_type, estimand):
    from impactlib.effectiveness import comparison_effect

    res = comparison_effect(o, se=se_type, estimand=estimand)
    fast = res.effects.set_index(["activity_id", "instrument", "method"])
    did, ipw, bal = _slow_comparison(o, se_type, estimand)
    got = [(a, i) for a, i, m in fast.index if m == "did"]
    assert sorted(got) == sorted(did)  # the same groups qualify (none at all is possible)
    for key, ref in did.items():
        np.testing.assert_allclose(fast.loc[(*key, "did"), COLS].to_numpy(float), ref, rtol=1e-8, atol=1e-10)
    for key, ref in ipw.items():
        np.testing.assert_allclose(fast.loc[(*key, "ipw"), COLS].to_numpy(float), ref, rtol=1e-7, atol=1e-9)
    fb = res.balance.set_index(["activity_id", "instrument", "covariate"])
    for key, ref in bal.items():
        got = fb.loc[key, ["mean_participant", "mean_comparison", "mean_participant_weighted",
                           "mean_comparison_weighted", "smd_before", "smd_after"]].to_numpy(float)
        np.testing.assert_allclose(got, ref, rtol=1e-7, atol=1e-9)
    return len(did) + len(ipw)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**31), st.integers(1, 4), st.sampled_from([0.0, 0.15]),
       st.sampled_from(["CR1", "CR2"]), st.sampled_from(["ATT", "ATE"]))
def test_comparison_effect_matches_one_statsmodels_fit_per_group(seed, n_act, missing, se_type, estimand):
    _check_comparison(_outcomes(seed, n_act, missing), se_type, estimand)


def test_the_comparison_check_can_fail():
    o = _outcomes(7, 3, 0.0)
    assert _check_comparison(o, "CR1", "ATT") > 0
    moved = (o["activity_id"] == "A1") & (o["phase"] == "post") & (o["group"] == "participant")
    shifted = o.assign(score=np.where(moved, o["score"] + 1, o["score"]))  # a larger effect in A1
    from impactlib.effectiveness import comparison_effect

    fast = comparison_effect(shifted).effects.set_index(["activity_id", "instrument", "method"])
    did, _, _ = _slow_comparison(o, "CR1", "ATT")
    key = next(k for k in did if k[0] == "A1")
    assert not np.allclose(fast.loc[(*key, "did"), COLS].to_numpy(float), did[key], rtol=1e-8)


# --- pool_by: REML with the dense k × k matrix P, one group at a time --------------------------


_p_dense, _reml_dense = p_dense, reml_dense  # tests/reference: the one dense REML


def _pool_dense(y, v, level=0.95):
    """The pooled row of one group, every number from dense matrices and textbook formulas."""
    from scipy import optimize, stats

    k = len(y)
    z = stats.norm.ppf(0.5 + level / 2)
    mu_fe = np.sum(y / v) / np.sum(1 / v)
    q = float(np.sum((y - mu_fe) ** 2 / v))  # Cochran's Q (y'P(0)y, but exactly 0 for equal effects)
    if k == 1:
        t2, converged = np.nan, True
    else:
        t2, converged = _reml_dense(y, v)
    w = 1 / (v + (0.0 if np.isnan(t2) else t2))
    est = np.sum(w * y) / np.sum(w)
    se = math.sqrt(1 / np.sum(w))
    row = {"k": k, "estimate": est, "se": se, "ci_low": est - z * se, "ci_high": est + z * se,
           "tau2": t2, "q": q}
    if k == 1:
        row.update(pi_low=np.nan, pi_high=np.nan, tau2_se=np.nan, i2=np.nan, h2=np.nan,
                   q_pvalue=np.nan, tau2_ci_low=np.nan, tau2_ci_high=np.nan)
        return row, converged
    half = z * math.sqrt(se**2 + t2)
    s2 = (k - 1) / np.trace(_p_dense(v, 0.0))
    p = _p_dense(v, t2)
    row.update(pi_low=est - half, pi_high=est + half, i2=t2 / (t2 + s2), h2=(t2 + s2) / s2,
               q_pvalue=stats.chi2.sf(q, k - 1),
               tau2_se=math.sqrt(2 / np.trace(p @ p)))

    def qgen(t):
        return float(y @ _p_dense(v, t) @ y)

    def bound(target):
        if q <= target:
            return 0.0
        upper = max(1.0, 10.0 * float(np.var(y)))
        while qgen(upper) > target:
            upper *= 10.0
        return optimize.brentq(lambda t: qgen(t) - target, 0.0, upper, xtol=1e-12, rtol=1e-12)

    lo_q, hi_q = stats.chi2.ppf(1 - (1 - level) / 2, k - 1), stats.chi2.ppf((1 - level) / 2, k - 1)
    if q < hi_q:  # the Q-profile interval is the empty set
        row.update(tau2_ci_low=np.nan, tau2_ci_high=np.nan)
    else:
        row.update(tau2_ci_low=bound(lo_q), tau2_ci_high=bound(hi_q))
    return row, converged


POOL_COLS = ["k", "estimate", "se", "ci_low", "ci_high", "pi_low", "pi_high", "tau2", "tau2_se",
             "tau2_ci_low", "tau2_ci_high", "i2", "h2", "q", "q_pvalue"]

study = st.tuples(st.sampled_from(["a", "b", "c"]),
                  st.one_of(st.floats(-2, 2, allow_nan=False), st.just(math.nan)),
                  st.one_of(st.floats(0.005, 1.0), st.just(0.0)))


def _check_pool_by(rows):
    from impactlib.effectiveness import pool_by

    e = pd.DataFrame(rows, columns=["theme", "smd", "smd_var"])
    fast = pool_by(e, "theme").set_index("theme")
    for theme, d in e.groupby("theme"):
        ok = d["smd"].notna() & (d["smd_var"] > 0)
        assert fast.loc[theme, "k_dropped"] == (~ok).sum()
        if not ok.any():  # nothing to pool: no numbers (no column at all when no group has any)
            assert "estimate" not in fast.columns or math.isnan(fast.loc[theme, "estimate"])
            continue
        ref, converged = _pool_dense(d.loc[ok, "smd"].to_numpy(float), d.loc[ok, "smd_var"].to_numpy(float))
        got = fast.loc[theme, POOL_COLS].to_numpy(float)
        want = np.array([ref[c] for c in POOL_COLS], dtype=float)
        # Fisher scoring converges to 1e-12; where it oscillates both fall back to bounded Brent
        np.testing.assert_allclose(got, want, rtol=1e-8 if converged else 1e-5, atol=1e-10 if converged else 1e-7)


@settings(max_examples=60, deadline=None)
@given(st.lists(study, min_size=1, max_size=40))
def test_pool_by_matches_dense_reml_per_group(rows):
    _check_pool_by(rows)


def test_the_pool_check_can_fail():
    rows = [("a", y, v) for y, v in zip([0.1, 0.5, 0.3, 0.9, -0.2], [0.02, 0.03, 0.04, 0.02, 0.05], strict=True)]
    _check_pool_by(rows)
    from impactlib.effectiveness import pool_by

    ref, _ = _pool_dense(np.array([0.1, 0.5, 0.3, 0.9, -0.2]), np.array([0.02, 0.03, 0.04, 0.02, 0.05]))
    other = pool_by(pd.DataFrame(rows[:4], columns=["theme", "smd", "smd_var"]), "theme").iloc[0]
    assert not np.allclose(other[POOL_COLS].to_numpy(float), [ref[c] for c in POOL_COLS], rtol=1e-8)


# --- continuity: a funding table with Arrow strings against per-association loops -------------

SOURCES = ["stea_general", "municipality", "county", "foundation", "fundraising", "eu"]
FUNDERS = {"stea_general": ["STEA"], "municipality": ["179", "091", "410"], "county": ["15", "90"],
           "foundation": ["F1", "F2"], "fundraising": ["own"], "eu": ["EU"]}


@st.composite
def funding_tables(draw):
    rows = []
    for org in draw(st.lists(st.sampled_from(["0112038-9", "1234567-1", "2345678-2", "0201256-6"]),
                             min_size=1, max_size=4, unique=True)):
        for year in draw(st.lists(st.integers(2016, 2024), min_size=1, max_size=6, unique=True)):
            for _ in range(draw(st.integers(1, 4))):
                src = draw(st.sampled_from(SOURCES))
                amount = draw(st.sampled_from([0.0, 100.0, 250.0, 1000.0, 1234.5]))
                rows.append((org, year, src, draw(st.sampled_from(FUNDERS[src])), amount))
    f = pd.DataFrame(rows, columns=["org_id", "year", "source", "funder", "amount_eur"])
    # the dtypes of a validated table (impactlib.load_dataset): Arrow strings, nullable years
    return f.astype({"org_id": "string[pyarrow]", "year": "Int64", "source": "string[pyarrow]",
                     "funder": "string[pyarrow]"})


def _mix_loop(f):
    out = {}
    for (org, year), g in f.groupby(["org_id", "year"]):
        total = sum(g["amount_eur"])
        for src in set(g["source"]):
            a = sum(g.loc[g["source"] == src, "amount_eur"])
            out[(org, year, src)] = (a, total, a / total if total else math.nan)
    return out


def _hhi_loop(f):
    out = {}
    public = {"stea_general", "municipality", "county", "eu"}
    for (org, year), g in f.groupby(["org_id", "year"]):
        total = float(sum(g["amount_eur"]))
        by = {fu: float(sum(g.loc[g["funder"] == fu, "amount_eur"])) for fu in set(g["funder"])}
        by = {k: a for k, a in by.items() if a > 0}
        shares = {k: a / total for k, a in by.items()}
        top = min(by, key=lambda k: (-by[k], k)) if by else None
        pub = float(sum(g.loc[g["source"].isin(public), "amount_eur"]))
        out[(org, year)] = (total, len(by), sum(s * s for s in shares.values()) if by else math.nan,
                            shares[top] if by else math.nan, pub / total if total > 0 else math.nan, top)
    return out


def _cv_loop(f):
    out = {}
    for org, g in f.groupby("org_id"):
        totals = [float(sum(g.loc[g["year"] == y, "amount_eur"])) for y in sorted(set(g["year"]))]
        mean = sum(totals) / len(totals)
        sd = math.sqrt(sum((t - mean) ** 2 for t in totals) / (len(totals) - 1)) if len(totals) > 1 else math.nan
        out[org] = (len(totals), mean, sd, sd / mean if mean > 0 else math.nan)
    return out


def _spells_loop(f, last, first, gap=0):
    out = set()
    for (org, funder), g in f[f["amount_eur"] > 0].groupby(["org_id", "funder"]):
        years = sorted(set(g["year"]))
        runs, cur = [], [years[0]]
        for y in years[1:]:
            if y - cur[-1] > gap + 1:
                runs.append(cur)
                cur = [y]
            else:
                cur.append(y)
        runs.append(cur)
        for r in runs:
            amount = float(sum(g.loc[g["year"].isin(r), "amount_eur"]))
            out.add((org, funder, r[0], r[-1], round(amount, 6), len(r), r[-1] >= last - gap, r[0] <= first + gap))
    return out


def _check_continuity(f):
    from impactlib import _util
    from impactlib import continuity as c

    before = f.copy()
    work = _util.check_funding(f)
    assert not any(pd.api.types.is_object_dtype(t) for t in work.dtypes)  # Arrow strings stay Arrow
    mix = c.funding_mix(f, levels=["source"]).set_index(["org_id", "year", "code"])
    ref = _mix_loop(f)
    assert len(mix) == len(ref)
    for key, want in ref.items():
        np.testing.assert_allclose(mix.loc[key, ["amount_eur", "total", "share"]].to_numpy(float), want,
                                   rtol=1e-12, equal_nan=True)
    conc = c.concentration(f, by="funder").set_index(["org_id", "year"])
    ref = _hhi_loop(f)
    assert len(conc) == len(ref)
    for key, (*want, top) in ref.items():
        got = conc.loc[key, ["total", "n", "hhi", "top_share", "public_share"]].to_numpy(float)
        np.testing.assert_allclose(got, want, rtol=1e-12, equal_nan=True)
        assert (pd.isna(conc.loc[key, "top"]) and top is None) or conc.loc[key, "top"] == top
    vol = c.volatility(f).set_index("org_id")
    for org, want in _cv_loop(f).items():
        np.testing.assert_allclose(vol.loc[org, ["years", "mean_total", "sd_total", "cv"]].to_numpy(float),
                                   want, rtol=1e-12, equal_nan=True)
    if (f["amount_eur"] > 0).any():
        first, last = int(f["year"].min()), int(f["year"].max())
        for gap in (0, 1):
            sp = c.spells(f, gap_tolerance=gap)
            got = {(r.org_id, r.funder, r.start, r.end, round(r.amount_eur, 6), r.years_funded, bool(r.censored),
                    bool(r.truncated)) for r in sp.itertuples()}
            assert got == _spells_loop(f, last, first, gap)
    pd.testing.assert_frame_equal(f, before)  # the input is not touched


@settings(max_examples=40, deadline=None)
@given(funding_tables())
def test_continuity_indicators_match_per_association_loops(f):
    _check_continuity(f)


def test_the_continuity_check_can_fail():
    f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2022, 2023, 2024], "source": ["municipality"] * 3,
                      "funder": ["179"] * 3, "amount_eur": [100.0, 0.0, 50.0]}).astype(
        {"org_id": "string[pyarrow]", "year": "Int64", "source": "string[pyarrow]", "funder": "string[pyarrow]"})
    _check_continuity(f)
    first, last = 2022, 2024
    assert _spells_loop(f, last, first, 1) != _spells_loop(f, last, first, 0)  # gap 2023 joins or splits
    from impactlib import continuity as c

    assert c.volatility(f)["cv"].item() != _cv_loop(f.iloc[[0, 2]])["0112038-9"][3]


# --- spell_survival: separation found up front; otherwise the Cox fit of lifelines ------------


def _spell_frame(time, event, **cols):
    n = len(time)
    d = pd.DataFrame({"org_id": [f"o{i}" for i in range(n)], "funder": "F", "start": 2016,
                      "end": 2016 + np.asarray(time) - 1, "length": np.asarray(time, dtype="int64"),
                      "censored": ~np.asarray(event, dtype=bool), "truncated": False,
                      "first_amount_eur": 1.0, "last_amount_eur": 1.0})
    for k, v in cols.items():
        d[k] = v
    return d


def _empty_levels(x, event):
    """Levels of ``x`` where no spell ended, counted by hand (none when only one level is seen)."""
    ended = {lv: 0 for lv in x}
    for lv, e in zip(x, event, strict=True):
        ended[lv] += int(e)
    return sorted(lv for lv, n in ended.items() if n == 0) if len(ended) > 1 else []


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**31), st.integers(40, 120), st.lists(st.sampled_from([0.0, 0.3, 0.6, 0.9]),
                                                              min_size=2, max_size=4))
def test_cox_separation_is_found_up_front_and_other_fits_match_lifelines(seed, n, p_end):
    import warnings

    import lifelines
    from hypothesis import assume

    from impactlib import continuity as c

    rng = np.random.default_rng(seed)
    levels = np.array(list("abcd"[: len(p_end)]))
    x = levels[rng.integers(0, len(levels), n)]
    event = rng.random(n) < np.array(p_end)[np.searchsorted(levels, x)]  # level-wise share of ends
    size = rng.normal(0, 1, n)
    time = rng.integers(1, 9, n)
    sp = _spell_frame(time, event, x=x, size=size)
    res = c.spell_survival(sp, covariates=["x", "size"])
    empty = _empty_levels(x, event)
    note = [w for w in res.warnings if "Cox model" in w]
    if empty:
        assert res.cox_converged is False
        assert res.cox[["coef", "hr", "se", "pvalue"]].isna().all().all()
        assert note and all(f"x = {lv}" in note[0] for lv in empty)
        assert not any(f"x = {lv}" in note[0] for lv in set(x) - set(empty))
        return
    assert not note or "did not converge" not in note[0] or res.cox_converged is False
    assume(res.cox_converged)
    present = sorted(set(x))
    df = pd.DataFrame({"T": time, "E": event.astype(int), "size": size,
                       **{f"x[{lv}]": (x == lv).astype(float) for lv in present[1:]}})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # Efron's ties, as spell_survival; lifelines' default stopping rule leaves a gradient of
            # about 1e-4, so it is asked to go on to machine precision
            cph = lifelines.CoxPHFitter().fit(df, "T", "E", fit_options={"precision": 1e-14})
        except Exception:  # noqa: BLE001 - lifelines' own convergence failure: nothing to compare
            assume(False)
    assume(not any("converge" in str(w.message).lower() for w in caught))
    terms = [f"x[{lv}]" for lv in present[1:]] + ["size"]
    got = res.cox.set_index("term").loc[terms]
    np.testing.assert_allclose(got["coef"], cph.params_[terms], rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(got["se"], cph.standard_errors_[terms], rtol=1e-6)


def test_the_separation_check_can_fail():
    from impactlib import continuity as c

    x = np.array(["a"] * 5 + ["b"] * 5)
    event = np.array([1, 0, 1, 1, 0, 0, 0, 0, 0, 0], dtype=bool)
    assert _empty_levels(x, event) == ["b"]
    res = c.spell_survival(_spell_frame(np.arange(1, 11), event, x=x), covariates=["x"])
    assert res.cox["coef"].isna().all()
    event[7] = True  # one ended spell in b: the model is fitted
    assert _empty_levels(x, event) == []
    res = c.spell_survival(_spell_frame(np.arange(1, 11), event, x=x), covariates=["x"])
    assert res.cox["coef"].notna().all()


# --- paired_scores: one grouped pass against pairing by a dict --------------------------------

PEOPLE = ["p1", "P2", "ä3", "Ö4", "p10", "z"]


@st.composite
def outcome_rows(draw):
    rows = {}
    for _ in range(draw(st.integers(0, 40))):
        key = (draw(st.sampled_from(["A", "B", "Å"])), draw(st.sampled_from(PEOPLE)),
               draw(st.sampled_from(["pre", "post", "follow_up"])), draw(st.sampled_from(["PHQ9", "GAD7"])),
               draw(st.sampled_from(["participant", "comparison"])))
        rows[key] = (draw(st.one_of(st.floats(0, 27, allow_nan=False), st.just(math.nan))),
                     draw(st.integers(18, 90)))
    return [(*k, *v) for k, v in rows.items()]


def _pairs_plain(rows, pre="pre", post="post"):
    """Pair by a dict: one entry per activity, instrument, group and participant, sorted by them;
    the age from the pre-test row (the post-test row where there is none)."""
    out: dict = {}
    for act, pid, phase, ins, grp, score, age in rows:
        if phase not in (pre, post):
            continue
        e = out.setdefault((act, ins, grp, pid), {"pre": math.nan, "post": math.nan, "age": None})
        e["pre" if phase == pre else "post"] = score
        if phase == pre or e["age"] is None:
            e["age"] = age
    return [(*k, e["pre"], e["post"], e["age"]) for k, e in sorted(out.items())]


@settings(max_examples=80, deadline=None)
@given(outcome_rows(), st.sampled_from(["object", "string[pyarrow]"]), st.booleans())
def test_paired_scores_match_pairing_by_a_dict(rows, dtype, follow_up):
    from impactlib.effectiveness import paired_scores

    o = pd.DataFrame(rows, columns=["activity_id", "participant_id", "phase", "instrument", "group", "score",
                                    "age"])
    o = o.astype({c: dtype for c in ["activity_id", "participant_id", "phase", "instrument", "group"]})
    post = "follow_up" if follow_up else "post"
    got = paired_scores(o, post=post)
    want = _pairs_plain(rows, post=post)
    assert list(got.columns) == ["activity_id", "instrument", "group", "participant_id", "pre", "post", "age"]
    assert [tuple(r[:4]) for r in got.itertuples(index=False)] == [w[:4] for w in want]
    np.testing.assert_array_equal(got[["pre", "post", "age"]].to_numpy(float),
                                  np.array([w[4:] for w in want], dtype=float).reshape(-1, 3))


def test_the_pairing_check_can_fail():
    rows = [("A", "p1", "pre", "PHQ9", "participant", 10.0, 30), ("A", "p1", "post", "PHQ9", "participant", 7.0, 31)]
    assert _pairs_plain(rows) == [("A", "PHQ9", "participant", "p1", 10.0, 7.0, 30)]
    from impactlib.effectiveness import paired_scores

    o = pd.DataFrame(rows, columns=["activity_id", "participant_id", "phase", "instrument", "group", "score", "age"])
    got = paired_scores(o).iloc[0]
    assert (got["pre"], got["post"], got["age"]) == (10.0, 7.0, 30)  # the pre-test row's age, not 31
