"""Edge cases and conventions of :func:`impactlib.continuity.spell_survival`, and the
proportional-hazards check :func:`impactlib.continuity.proportional_hazards`.

References named at the numbers:

[R-median] R ``survival``: ``print.survfit`` help ("If any of the intersections is not a point
           then we use the center of the intersection interval, e.g., if the survival curve were
           exactly equal to 0.5 over an interval. When data is uncensored this agrees with the
           usual definition of a median.") and ``R/quantile.survfit.R`` (``findq``: the midpoint
           of the flat, and for a flat at the end of the curve the midpoint to the last time),
           github.com/therneau/survival.
[aml]      R ``survival``: ``survfit(Surv(time, status) ~ x, data = aml)`` prints medians 31
           (Maintained) and 23 (Nonmaintained) (Miller 1997; the data of test_continuity).
[GT]       Grambsch & Therneau (1994): the scaled-Schoenfeld test, computed independently by
           lifelines' ``proportional_hazard_test`` (tie-free data, where Breslow and Efron
           residuals coincide) and written out here for the Kaplan-Meier transform.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from impactlib import continuity as c


def spell_frame(time, event, entry=None, **cols):
    """A spells table from lengths, end indicators and (optionally) years already run."""
    time = np.asarray(time, dtype=float)
    n = len(time)
    entry = np.zeros(n) if entry is None else np.asarray(entry, dtype=float)
    start = 2016 + entry
    trunc = entry > 0
    d = pd.DataFrame({"org_id": [f"o{i}" for i in range(n)], "funder": "F", "start": start.astype(int),
                      "end": (start + time - entry - 1).astype(int), "length": time.astype(int),
                      "censored": ~np.asarray(event, dtype=bool), "truncated": trunc,
                      "first_amount_eur": 1.0, "last_amount_eur": 1.0,
                      "origin": np.where(trunc, start - entry, np.nan)})
    for k, v in cols.items():
        d[k] = v
    return d


# --- median convention ----------------------------------------------------------------------


def test_median_midpoint_is_r_survivals_rule():
    sp = spell_frame([1, 2, 3, 4], [1, 1, 1, 1])  # S = 0.75, 0.5, 0.25, 0: flat at 0.5 on [2, 3)
    mid = c.spell_survival(sp).medians["median"].item()
    assert mid == 2.5  # [R-median]: uncensored data, the usual median of 1, 2, 3, 4
    assert c.spell_survival(sp, median="first").medians["median"].item() == 3.0
    # the curve stays at 0.5 to the end (last time 5, censored): [R-median] findq "lastpt"
    end = spell_frame([2, 2, 3, 5], [1, 1, 0, 0])
    assert c.spell_survival(end).medians["median"].item() == (2 + 5) / 2
    assert np.isnan(c.spell_survival(end, median="first").medians["median"].item())
    with pytest.raises(ValueError, match="median must be"):
        c.spell_survival(sp, median="sas")


def test_median_of_aml_matches_r():
    aml_t = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
    aml_e = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
    x = ["Maintained"] * 11 + ["Nonmaintained"] * 12
    res = c.spell_survival(spell_frame(aml_t, aml_e, x=x), group="x")
    assert res.medians.set_index("group")["median"].to_dict() == {"Maintained": 31.0, "Nonmaintained": 23.0}


# --- edges answered with NaN and a note -------------------------------------------------------


def test_groups_where_every_spell_is_censored_give_nan_log_rank_with_a_note():
    sp = spell_frame([2, 3, 4, 2, 5, 3], [0] * 6, x=["a", "a", "a", "b", "b", "b"])
    res = c.spell_survival(sp, group="x")  # statsmodels' survdiff raised LinAlgError here
    lr = res.logrank.iloc[0]
    assert np.isnan(lr["statistic"]) and np.isnan(lr["pvalue"]) and lr["df"] == 1
    assert any("log-rank test is not defined" in w for w in res.warnings)
    assert (res.table["survival"] == 1.0).all() and res.medians["median"].isna().all()


def test_cox_with_a_group_without_ended_spells_stops_with_a_note():
    rng = np.random.default_rng(3)
    n = 300
    grp = rng.choice(["a", "b", "c"], n)
    event = np.where(grp == "c", False, rng.random(n) < 0.6)  # nothing ended in group c
    sp = spell_frame(rng.integers(1, 9, n), event, x=grp, size=rng.normal(0, 1, n))
    res = c.spell_survival(sp, covariates=["x", "size"])
    assert res.cox_converged is False
    assert res.cox[["coef", "hr", "se", "pvalue"]].isna().all().all()
    assert res.cox.term.tolist() == ["x[b]", "x[c]", "size"]
    note = next(w for w in res.warnings if "Cox model" in w)
    assert "x = c" in note and "did not converge" in note
    ok = c.spell_survival(sp[sp.x != "c"], covariates=["x", "size"])
    assert ok.cox_converged is True and ok.cox["hr"].notna().all()


def test_summary_words_hazard_ratios_as_relative_hazards():
    aml_t = [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161, 5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45]
    aml_e = [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1]
    x = ["Maintained"] * 11 + ["Nonmaintained"] * 12
    res = c.spell_survival(spell_frame(aml_t, aml_e, x=x), group="x", covariates=["x"])
    en, fi = res.summary("en"), res.summary("fi")
    assert "relative hazard" in en and "x[Nonmaintained]: 2.50" in en
    assert "suhteellinen riski" in fi and "2,50" in fi


# --- proportional hazards ---------------------------------------------------------------------


def _tie_free(seed, n=200, crossing=False):
    rng = np.random.default_rng(seed)
    x = rng.integers(0, 2, n)
    if crossing:  # group 1 ends early or lasts long: hazards cross, not proportional
        t = np.where(x == 1, np.where(rng.random(n) < 0.5, rng.exponential(0.3, n), rng.exponential(6, n)),
                     rng.exponential(1.5, n))
    else:
        t = rng.exponential(1 / np.exp(0.7 * x))
    t = np.round(t * 1000 + 1)  # distinct whole numbers
    _, idx = np.unique(t, return_index=True)
    keep = np.zeros(n, dtype=bool)
    keep[idx] = True
    event = rng.random(n) < 0.8
    return t[keep], event[keep], x[keep], rng.normal(0, 1, n)[keep]


@pytest.mark.parametrize("transform", ["identity", "log"])
def test_ph_test_matches_lifelines_on_tie_free_data(transform):
    import lifelines
    from lifelines.statistics import proportional_hazard_test

    t, e, x, z = _tie_free(5)
    sp = spell_frame(t, e, g=np.where(x == 1, "b", "a"), z=z)
    ours = c.proportional_hazards(sp, ["g", "z"], transform=transform).table.set_index("term")
    df = pd.DataFrame({"T": t, "E": e.astype(int), "g": x, "z": z})
    cph = lifelines.CoxPHFitter().fit(df, "T", "E")
    ref = proportional_hazard_test(cph, df, time_transform=transform).summary
    assert_allclose(ours.loc["g[b]", "statistic"], ref.loc["g", "test_statistic"], rtol=1e-4)
    assert_allclose(ours.loc["z", "statistic"], ref.loc["z", "test_statistic"], rtol=1e-4)
    assert_allclose(ours.loc["z", "pvalue"], ref.loc["z", "p"], rtol=1e-3)


def test_ph_test_km_transform_written_out():
    """[GT] with g(t) = 1 - KM(t-), R survival 2.x cox.zph's default, computed by hand."""
    from statsmodels.duration.hazard_regression import PHReg

    t, e, x, _ = _tie_free(9, n=80)
    sp = spell_frame(t, e, g=np.where(x == 1, "b", "a"))
    ours = c.proportional_hazards(sp, ["g"]).table.set_index("term")
    fit = PHReg(t, x[:, None].astype(float), status=e.astype(float)).fit()
    order = np.argsort(t)
    tt, ee, xx = t[order], e[order], x[order]
    s, km_before = 1.0, []
    for i in range(len(tt)):  # Kaplan-Meier product-limit, value just before each end
        if ee[i]:
            km_before.append(s)
            s *= 1 - 1 / (len(tt) - i)
    g = 1 - np.array(km_before)
    at_risk = [(tt >= u) for u in tt[ee]]
    w = np.exp(fit.params[0] * xx)
    resid = np.array([xx[ee][k] - np.sum(w[r] * xx[r]) / np.sum(w[r]) for k, r in enumerate(at_risk)])
    d = ee.sum()
    v = fit.cov_params()[0, 0]
    gc = g - g.mean()
    stat = (gc @ (d * v * resid)) ** 2 / (d * v * (gc @ gc))
    assert_allclose(ours.loc["g[b]", "statistic"], stat, rtol=1e-8)


def test_ph_test_finds_crossing_hazards():
    t, e, x, _ = _tie_free(2, n=400, crossing=True)
    r = c.proportional_hazards(spell_frame(t, e, g=np.where(x == 1, "b", "a")), ["g"])
    assert r.violated == ["g[b]"] and r.table.set_index("term").loc["GLOBAL", "pvalue"] < 0.001
    assert "changes with time" in r.summary("en") and "muuttuu" in r.summary("fi")
    assert "PHTestResult" in repr(r) and "transform" in r.to_frame().columns


def test_ph_test_edges():
    sp = spell_frame([2, 3, 4, 2, 5, 3], [1, 1, 1, 0, 0, 0], x=["a", "a", "a", "b", "b", "b"])
    r = c.proportional_hazards(sp, ["x"])  # nothing ended in b
    assert r.table["statistic"].isna().all() and "cannot be fitted" in r.warnings[0]
    with pytest.raises(ValueError, match="transform"):
        c.proportional_hazards(sp, ["x"], transform="square")
