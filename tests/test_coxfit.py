"""The NumPy Cox fit (:mod:`impactlib.continuity.coxfit`) and the grouped NumPy Kaplan–Meier and
log-rank of :func:`impactlib.continuity.spell_survival`, against statsmodels and R.

References named at the numbers:

[R-coxph]  R ``survival::coxph`` on statsmodels' test data sets: the script is
           ``statsmodels/duration/tests/results/survival.R`` (``coxph(Surv(time, status) ~ exog)``
           and ``Surv(entry, time, status)``, ties "breslow" and "efron"), its printed output
           ``statsmodels/duration/tests/results/survival_r_results.py`` (7 significant digits),
           the data ``survival_data_<n>_<p>.csv`` beside them (installed with statsmodels).
[PHReg]    statsmodels ``PHReg`` (Newton–Raphson, Python loops over event times): the Cox fit
           this library used before; its ``entry`` counts a subject at its entry time, so the
           entries passed to it are shifted by half a year (times are whole years) to give the
           risk sets ``entry < t <= time``.
[SM-KM]    statsmodels ``SurvfuncRight`` (with ``quantile`` and ``quantile_ci``) and
           ``survdiff``: the Kaplan–Meier and log-rank this library called before, once per group.
[before]   ``spell_survival`` and ``proportional_hazards`` on the whole-country demo as they were
           before the NumPy fit replaced statsmodels (captured 2025-12-04 from the statsmodels-based
           code; printed to 17 digits).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from impactlib import continuity as c
from impactlib.continuity.coxfit import MAX_ITER, cox_fit, text_codes

# statsmodels' Newton stops once a step is <= 1e-8, ours one step later (gradient ~1e-11): the
# coefficients differ by about the last step; 1e-6 relative (1e-8 absolute near 0) covers it.
SM_RTOL, SM_ATOL = 1e-6, 1e-8
# R prints 7 significant digits: half a unit in the 7th place is 5e-7 relative.
R_RTOL = 1e-6
# The Kaplan-Meier and log-rank repeat statsmodels' arithmetic operation for operation (summing
# log 1 = 0 and 0 at times without ends changes nothing): they agree to the last bit here; the
# tolerance leaves room for a platform's libm only.
KM_RTOL = 1e-12


def _phreg(time, x, event, entry, ties):
    """[PHReg] with the entries shifted by half the smallest gap (risk sets entry < t <= time)."""
    from statsmodels.duration.hazard_regression import PHReg
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    u = np.unique(np.concatenate([time, entry]))
    half = 0.5 * (float(np.diff(u).min()) if len(u) > 1 else 1.0)
    shifted = np.where(entry > 0, entry + half, 0.0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = PHReg(time, x, status=event.astype(float), entry=shifted, ties=ties).fit()
    return fit, not any(issubclass(w.category, ConvergenceWarning) for w in caught)


# --- (1) against statsmodels PHReg on random data ---------------------------------------------


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(15, 150), n_num=st.integers(0, 2),
       n_lev=st.sampled_from([0, 2, 3]), late=st.sampled_from([0.0, 0.3, 0.7]),
       t_max=st.integers(2, 12), ties=st.sampled_from(["efron", "breslow"]))
def test_cox_fit_matches_statsmodels_phreg(seed, n, n_num, n_lev, late, t_max, ties):
    assume(n_num + n_lev > 0)
    rng = np.random.default_rng(seed)
    cols = [rng.normal(size=n) for _ in range(n_num)]
    if n_lev:  # a categorical covariate as 0/1 columns (the rows collapse to a few kinds)
        lev = rng.integers(0, n_lev, n)
        cols += [(lev == k).astype(float) for k in range(1, n_lev)]
    x = np.column_stack(cols)
    time = rng.integers(1, t_max + 1, n).astype(float)  # whole years: many ties
    event = rng.random(n) < 0.65
    entry = np.where(rng.random(n) < late, rng.integers(0, t_max, n), 0).astype(float)
    entry = np.minimum(entry, time - 1)
    assume(event.sum() >= 2 and np.linalg.matrix_rank(x - x.mean(axis=0)) == x.shape[1])
    try:
        ours = cox_fit(time, x, event, entry, ties)
        ref, ref_ok = _phreg(time, x, event, entry, ties)
    except np.linalg.LinAlgError:  # collinear among those at risk (both raise): nothing to compare
        assume(False)
    assume(ref_ok and ours.converged and np.isfinite(ref.bse).all())
    assert_allclose(ours.params, ref.params, rtol=SM_RTOL, atol=SM_ATOL)
    assert_allclose(ours.bse, ref.bse, rtol=SM_RTOL)
    assert_allclose(ours.loglike, ref.llf, rtol=1e-10)  # the likelihood is flat at the optimum
    assert_allclose(ours.cov_params(), ref.cov_params(), rtol=SM_RTOL, atol=1e-10)
    assert_allclose(ours.pvalues, ref.pvalues, rtol=1e-5, atol=1e-12)
    assert_allclose(ours.conf_int(0.1), ref.conf_int(0.1), rtol=SM_RTOL, atol=SM_ATOL)
    # Schoenfeld residuals (NaN for censored rows), at each fit's own coefficients
    assert_allclose(ours.schoenfeld_residuals, ref.schoenfeld_residuals, atol=1e-6)


def test_cox_fit_can_fail_against_phreg():
    """The comparison above is not vacuous: Breslow against statsmodels' Efron differs."""
    rng = np.random.default_rng(1)
    time = rng.integers(1, 4, 80).astype(float)
    x = rng.normal(size=(80, 1))
    event = rng.random(80) < 0.8
    ref, _ = _phreg(time, x, event, np.zeros(80), "efron")
    ours = cox_fit(time, x, event, None, "breslow")
    assert not np.allclose(ours.params, ref.params, rtol=SM_RTOL, atol=SM_ATOL)


# --- (2) published reference: R survival's coxph ----------------------------------------------


@pytest.mark.parametrize("n,p", [(20, 1), (50, 1), (50, 2), (100, 5), (1000, 10)])
@pytest.mark.parametrize("ties", ["breslow", "efron"])
@pytest.mark.parametrize("with_entry", [False, True])
def test_cox_fit_matches_r_coxph(n, p, ties, with_entry):
    """[R-coxph]: coefficients and standard errors, with and without delayed entry."""
    from importlib import resources

    results = pytest.importorskip("statsmodels.duration.tests.results.survival_r_results")
    path = resources.files("statsmodels.duration.tests.results") / f"survival_data_{n}_{p}.csv"
    data = pd.read_csv(path, sep=r"\s+", header=None).to_numpy()
    time, event, entry, x = data[:, 0], data[:, 1] == 1, data[:, 2], data[:, 3:]
    fit = cox_fit(time, x, event, entry if with_entry else None, ties)
    tag = f"{n}_{p}_{'et_' if with_entry else ''}{ties[:3]}"
    assert fit.converged
    assert_allclose(fit.params, getattr(results, f"coef_{tag}"), rtol=R_RTOL)
    assert_allclose(fit.bse, getattr(results, f"se_{tag}"), rtol=R_RTOL)


# --- (3) monotone likelihood: stop with a note, not at the iteration cap -----------------------


def test_a_group_without_events_stops_early_with_a_note():
    rng = np.random.default_rng(4)
    n = 200
    grp = rng.integers(0, 3, n)
    event = (grp != 2) & (rng.random(n) < 0.6)  # nothing ended in group 2
    x = np.column_stack([grp == 1, grp == 2]).astype(float)
    time = rng.integers(1, 8, n).astype(float)
    for ties in ("efron", "breslow"):
        fit = cox_fit(time, x, event, None, ties)
        assert not fit.converged and "monotone likelihood" in fit.note
        assert fit.n_iter < MAX_ITER / 2
        assert fit.params[1] < -10  # the coefficient of group 2 runs off to -infinity
    # the same check can fail: one ended spell in group 2 gives an ordinary fit
    event[np.flatnonzero(grp == 2)[0]] = True
    fit = cox_fit(time, x, event)
    assert fit.converged and fit.note is None and np.all(np.abs(fit.params) < 10)


def test_every_event_at_the_highest_risk_score_stops_early():
    """Monotone likelihood no level check can see: a number ordering the ends exactly."""
    time = np.arange(1, 21, dtype=float)
    z = -np.arange(20.0)  # the higher z, the earlier the end
    fit = cox_fit(time, z[:, None], np.ones(20, dtype=bool))
    assert not fit.converged and "monotone" in fit.note and fit.n_iter < MAX_ITER
    sp = _spells(time, np.ones(20, dtype=bool), z=z)
    res = c.spell_survival(sp, covariates=["z"])
    assert res.cox_converged is False and any("did not converge" in w for w in res.warnings)
    ph = c.proportional_hazards(sp, ["z"])
    assert any("did not converge" in w for w in ph.warnings)


def test_edges_of_the_fit():
    time = np.array([1, 2, 2, 3, 4, 5.0])
    x = np.array([[0, 1], [1, 1], [0, 1], [1, 1], [0, 1], [1, 1.0]])
    # a column constant among those at risk has no coefficient; the other is fitted as alone
    fit, alone = cox_fit(time, x, time < 5), cox_fit(time, x[:, :1], time < 5)
    assert np.isnan(fit.params[1]) and np.isnan(fit.bse[1]) and "constant" in fit.note
    assert_allclose(fit.params[0], alone.params[0], rtol=1e-12)
    none = cox_fit(time, x[:, :1], np.zeros(6, dtype=bool))
    assert not none.converged and np.isnan(none.params).all() and "no event" in none.note
    with pytest.raises(np.linalg.LinAlgError, match="collinear"):
        cox_fit(time, np.column_stack([time % 2, time % 2]), time < 5)
    with pytest.raises(ValueError, match="entry"):
        cox_fit(time, x[:, :1], time < 5, entry=time + 1)
    with pytest.raises(ValueError, match="ties"):
        cox_fit(time, x[:, :1], time < 5, ties="exact")
    sp = _spells(time, time < 5, k=np.ones(6))
    res = c.spell_survival(sp, covariates=["k"])
    assert res.cox["coef"].isna().all() and res.cox_converged is False
    sp = _spells(time, np.zeros(6, dtype=bool), z=np.arange(6.0))
    res = c.spell_survival(sp, covariates=["z"])  # statsmodels raised IndexError here
    assert res.cox["coef"].isna().all() and any("no spell ended" in w for w in res.warnings)


# --- Kaplan–Meier, medians and log-rank: the grouped NumPy pass against statsmodels -----------


def _spells(time, event, entry=None, **cols):
    """A spells table from lengths, end indicators and years already run (origin when late)."""
    time = np.asarray(time, dtype=float)
    n = len(time)
    entry = np.zeros(n) if entry is None else np.asarray(entry, dtype=float)
    start = 2016 + entry
    trunc = entry > 0
    d = pd.DataFrame({"org_id": [f"o{i}" for i in range(n)], "funder": "F",
                      "start": start.astype(int),
                      "end": (start + time - entry - 1).astype(int), "length": time.astype(int),
                      "censored": ~np.asarray(event, dtype=bool), "truncated": trunc,
                      "first_amount_eur": 1.0, "last_amount_eur": 1.0,
                      "origin": np.where(trunc, start - entry, np.nan)})
    for k, v in cols.items():
        d[k] = v
    return d


def _km_statsmodels(time, event, entry, z):
    """[SM-KM] one group: survival and SE at whole years, median ("first") and its interval."""
    from scipy.stats import norm
    from statsmodels.duration.survfunc import SurvfuncRight

    sf = SurvfuncRight(time, event.astype(float), entry=entry if np.any(entry > 0) else None)
    grid = np.arange(1, int(time.max()) + 1, dtype=float)
    pos = np.searchsorted(sf.surv_times, grid, side="right") - 1
    ok = pos >= 0
    surv, se = np.ones(len(grid)), np.zeros(len(grid))
    if len(sf.surv_times):
        surv = np.where(ok, sf.surv_prob[np.clip(pos, 0, None)], 1.0)
        se = np.where(ok, sf.surv_prob_se[np.clip(pos, 0, None)], 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        lo, hi = sf.quantile_ci(0.5, alpha=2 * (1 - norm.cdf(z)), method="cloglog")
    return surv, se, float(sf.quantile(0.5)), float(lo), (float(hi) if np.isfinite(hi) else np.nan)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**31), n=st.integers(1, 120), k=st.integers(1, 4),
       late=st.sampled_from([0.0, 0.4]), p_end=st.sampled_from([0.0, 0.3, 0.8, 1.0]),
       level=st.sampled_from([0.9, 0.95]))
def test_kaplan_meier_and_log_rank_match_statsmodels(seed, n, k, late, p_end, level):
    from scipy.stats import norm
    from statsmodels.duration.survfunc import survdiff

    rng = np.random.default_rng(seed)
    time = rng.integers(1, 9, n).astype(float)
    event = rng.random(n) < p_end
    entry = np.minimum(np.where(rng.random(n) < late, rng.integers(0, 5, n), 0), time - 1)
    g = np.array(["b", None, "a", "c"], dtype=object)[rng.integers(0, k, n)]
    sp = _spells(time, event, entry, g=g)
    res = c.spell_survival(sp, group="g", origin="origin", level=level, median="first")
    z = float(norm.ppf(1 - (1 - level) / 2))
    lab = pd.Series(g).astype("string").fillna("unknown").to_numpy()
    assert res.medians["group"].tolist() == sorted(set(lab))
    for name, med in res.medians.set_index("group").iterrows():
        m = lab == name
        surv, se, q, lo, hi = _km_statsmodels(time[m], event[m], entry[m], z)
        tab = res.table[res.table["group"] == name]
        assert_allclose(tab["survival"], surv, rtol=KM_RTOL)
        assert_allclose(tab["se"], se, rtol=KM_RTOL)
        assert_allclose([med["median"], med["ci_low"], med["ci_high"]], [q, lo, hi], rtol=KM_RTOL)
        assert med["n"] == m.sum() and med["events"] == event[m].sum()
        # at risk at t: entered before t and still running at t (entry < t <= time), by hand
        t = tab["time"].to_numpy()[:, None]
        assert_allclose(tab["at_risk"], ((entry[m] < t) & (time[m] >= t)).sum(axis=1))
    if res.logrank is not None and np.isfinite(res.logrank["statistic"].item()):
        stat, _ = survdiff(time, event.astype(float), lab,
                           entry=entry if (entry > 0).any() else None)
        assert_allclose(res.logrank["statistic"].item(), stat, rtol=KM_RTOL)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "unknown", None, "ä", "a b"]), min_size=1, max_size=30),
       st.lists(st.sampled_from([1.0, 2.5, np.nan]), min_size=30, max_size=30))
def test_group_labels_are_the_text_of_the_values(vals, nums):
    """``text_codes`` and multi-column groups against ``astype("string")`` on every row."""
    s = pd.Series(vals, dtype=object)
    code, levels = text_codes(s)
    text = s.astype("string").fillna("unknown")
    assert levels == sorted(set(text)) and [levels[i] for i in code] == text.tolist()
    code, levels = text_codes(pd.Series(nums[: len(vals)]))
    text = pd.Series(nums[: len(vals)]).astype("string").fillna("unknown")
    assert [levels[i] for i in code] == text.tolist()
    sp = _spells(np.arange(1, len(vals) + 1), np.ones(len(vals), dtype=bool), a=vals,
                 b=np.array(nums[: len(vals)]))
    res = c.spell_survival(sp, group=["a", "b"])
    want = (sp["a"].astype("string").fillna("unknown") + " / "
            + sp["b"].astype("string").fillna("unknown"))
    assert res.medians["group"].tolist() == sorted(set(want))
    assert res.medians.set_index("group")["n"].to_dict() == want.value_counts().to_dict()


# --- (4) the public functions give what they gave before, on the demo ---------------------------

TERMS = ["source_group[foundation]", "source_group[municipality]", "source_group[stea]",
         "kind[service_provider]", "kind[volunteer]"]
# [before]: statsmodels PHReg (Efron; Breslow) and survdiff on the demo's four funder types
BEFORE_COX = {
    "efron": ([4.65098963893102, 1.5813576798354574, 1.360878185025824, 0.03153190540384822,
               0.02525715249099417],
              [0.0889863215613223, 0.08636276805817802, 0.0943652627466355, 0.0315678604991292,
               0.02086002243155726]),
    "breslow": ([3.7820886142592856, 1.525385556151602, 1.3072415712747711, 0.02098717852159397,
                 0.01383851266898316],
                [0.08936989561266806, 0.08639900374593013, 0.0942743270019727, 0.03157191027169051,
                 0.02086326104515121])}
BEFORE_ORIGIN_EFRON = ([4.534485464441536, 1.5060477984449765, 1.059782267573927,
                        0.05125337893982427, 0.05245569198529649],
                       [0.08288903755217172, 0.08436172017584634, 0.0918493912589338,
                        0.02977339296827155, 0.01930828721886292])
BEFORE_LOGRANK, BEFORE_LOGRANK_ORIGIN = 11895.364352255741, 15793.12950629797
BEFORE_PH_KM_EFRON = ([16.743000055834457, 43.56234731165441, 119.66322901081237,
                       158.08449297600623],
                      [0.03417744990385289, 0.05972438315471545, 0.09689114124932985])
BEFORE_PH_RANK_BRESLOW = [46.05212403068772, 60.368874570495166, 151.47686853607075,
                          168.69823379269224]
BEFORE_PH_ORIGIN = [4.625860061954026, 65.37185210517067, 64.0993195862349, 3.249383713982519,
                    7.9050783183819044, 604.5499306630617]
# statsmodels stopped its Newton iterations a step (~1e-11) short of ours; the p-values of the
# test statistics move relatively more, so the statistics are compared
BEFORE_RTOL = 1e-8


@pytest.fixture(scope="module")
def four(demo):
    sp = c.spells(demo.funding, recode="municipal_mergers")
    sp = c.attach_organisation(sp, demo.organisations)
    four = sp[sp["source_group"].isin(["stea", "municipality", "county", "foundation"])]
    rng = np.random.default_rng(11)  # a known origin for 60 % of the left-truncated spells
    known = four["truncated"].to_numpy(dtype=bool) & (rng.random(len(four)) < 0.6)
    origin = np.where(known, four["start"] - rng.integers(1, 6, len(four)), np.nan)
    return four.assign(origin=origin)


def test_spell_survival_on_the_demo_is_as_before(four):
    for ties, (coef, se) in BEFORE_COX.items():
        res = c.spell_survival(four, group="source_group", covariates=["source_group", "kind"],
                               ties=ties)
        assert res.cox["term"].tolist() == TERMS and res.cox_converged is True
        assert_allclose(res.cox["coef"], coef, rtol=BEFORE_RTOL)
        assert_allclose(res.cox["se"], se, rtol=BEFORE_RTOL)
        assert res.logrank["statistic"].item() == BEFORE_LOGRANK  # the same operations
        assert res.medians["median"].tolist()[1:3] == [1.0, 6.0]
    res = c.spell_survival(four, group="source_group", covariates=["source_group", "kind"],
                           origin="origin")
    assert_allclose(res.cox["coef"], BEFORE_ORIGIN_EFRON[0], rtol=BEFORE_RTOL)
    assert_allclose(res.cox["se"], BEFORE_ORIGIN_EFRON[1], rtol=BEFORE_RTOL)
    assert res.logrank["statistic"].item() == BEFORE_LOGRANK_ORIGIN
    assert_allclose(res.medians[["median", "ci_low"]].to_numpy()[2:],
                    [[8.0, 7.0], [15.0, 9.0]], rtol=0)


def test_proportional_hazards_on_the_demo_is_as_before(four):
    km = c.proportional_hazards(four, ["source_group"]).table
    assert_allclose(km["statistic"], BEFORE_PH_KM_EFRON[0], rtol=BEFORE_RTOL)
    assert_allclose(km["rho"][:3], BEFORE_PH_KM_EFRON[1], rtol=BEFORE_RTOL)
    rank = c.proportional_hazards(four, ["source_group"], transform="rank", ties="breslow").table
    assert_allclose(rank["statistic"], BEFORE_PH_RANK_BRESLOW, rtol=BEFORE_RTOL)
    late = c.proportional_hazards(four, ["source_group", "kind"], origin="origin").table
    assert_allclose(late["statistic"], BEFORE_PH_ORIGIN, rtol=BEFORE_RTOL)
