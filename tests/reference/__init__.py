"""Reference data, tolerances and helpers shared by the tests — the one place they live.

Each published dataset names where it is printed; the test that uses it names the numbers it
checks. Import as ``from reference import ...`` (pytest puts ``tests/`` on the path).

[bcg]     dat.bcg (Colditz et al. 1994), counts as printed in metafor's GitHub README
          (github.com/wviechtb/metafor, README.md, "Example") and in ``metadat``.
[egger]   dat.egger2001 (intravenous magnesium, 16 trials), as in ``metadat``.
[morris]  Morris (2008), *Organizational Research Methods* 11(2), Table 1 (treatment and
          control groups of five studies), as in metafor tests/testthat/test_misc_rma_uni.r.
[konst]   dat.konstantopoulos2011 (Konstantopoulos 2011, *Research Synthesis Methods* 2, 61-76;
          Cooper et al. 2003): 56 studies of modified school calendars in 11 districts, as in
          ``metadat`` (github.com/wviechtb/metadat, data-raw/dat.konstantopoulos2011.txt).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

# ---------------------------------------------------------------------------
# Tolerances (named for the reason of their size)
# ---------------------------------------------------------------------------

PUB4 = 5e-5  # half a unit in the last printed decimal (4 decimals)
PUB2 = 5e-3  # half a unit in the last printed decimal (2 decimals)
EXACT = 1e-10  # the same quantity computed two ways: only rounding error

# Coverage simulations: a 95 % CI covers in ~95 % of repetitions; with 200 repetitions the
# binomial SD is 1.5 points, so coverage outside 95 % ± 3.29 SD (a 99.9 % band) flags a wrong CI.
REPS = 200
BAND = 3.29 * math.sqrt(0.95 * 0.05 / REPS)

# ---------------------------------------------------------------------------
# [bcg] BCG vaccine trials
# ---------------------------------------------------------------------------

BCG_TPOS = np.array([4, 6, 3, 62, 33, 180, 8, 505, 29, 17, 186, 5, 27])
BCG_TNEG = np.array([119, 300, 228, 13536, 5036, 1361, 2537, 87886, 7470, 1699, 50448, 2493, 16886])
BCG_CPOS = np.array([11, 29, 11, 248, 47, 372, 10, 499, 45, 65, 141, 3, 29])
BCG_CNEG = np.array([128, 274, 209, 12619, 5761, 1079, 619, 87892, 7232, 1600, 27197, 2338, 17825])
BCG_ABLAT = np.array([44, 55, 42, 52, 13, 44, 19, 13, 27, 42, 18, 33, 33])


def bcg_log_rr() -> tuple[np.ndarray, np.ndarray]:
    """Log risk ratios and variances of dat.bcg (``escalc(measure="RR")``), full precision."""
    t, tn, c, cn = BCG_TPOS, BCG_TNEG, BCG_CPOS, BCG_CNEG
    yi = np.log(t / (t + tn)) - np.log(c / (c + cn))
    vi = 1 / t - 1 / (t + tn) + 1 / c - 1 / (c + cn)
    return yi, vi


# ---------------------------------------------------------------------------
# [egger] Intravenous magnesium
# ---------------------------------------------------------------------------

MG_AI = np.array([1, 9, 2, 1, 10, 1, 1, 0, 6, 1, 2, 5, 4, 90, 4, 2216])
MG_N1 = np.array([40, 135, 200, 48, 150, 59, 25, 22, 76, 27, 89, 23, 130, 1159, 107, 29011])
MG_CI = np.array([2, 23, 7, 1, 8, 9, 3, 1, 11, 7, 12, 13, 8, 118, 17, 2103])
MG_N2 = np.array([36, 135, 200, 46, 148, 56, 23, 21, 75, 27, 80, 33, 122, 1157, 108, 29039])

# ---------------------------------------------------------------------------
# [morris] Pre/post/control summaries
# ---------------------------------------------------------------------------

MORRIS_T = pd.DataFrame({"m_pre": [30.6, 23.5, 0.5, 53.4, 35.6], "m_post": [38.5, 26.8, 0.7, 75.9, 36.0],
                         "sd_pre": [15.0, 3.1, 0.1, 14.5, 4.7], "sd_post": [11.6, 4.1, 0.1, 4.4, 4.6],
                         "ni": [20, 50, 9, 10, 14], "ri": [.47, .64, .77, .89, .44]})
MORRIS_C = pd.DataFrame({"m_pre": [23.1, 24.9, 0.6, 55.7, 34.8], "m_post": [19.7, 25.3, 0.6, 60.7, 33.4],
                         "sd_pre": [13.8, 4.1, 0.2, 17.3, 3.1], "sd_post": [14.8, 3.3, 0.2, 17.9, 6.9],
                         "ni": [20, 42, 9, 11, 14], "ri": [.47, .64, .77, .89, .44]})


def summary_rows(t: pd.DataFrame, group: str = "participant") -> pd.DataFrame:
    """An ``outcome_summaries`` table of studies S1, S2, … from a Morris-style summary frame."""
    rows = []
    for i, r in t.iterrows():
        rows.append({"activity_id": f"S{i + 1}", "instrument": "X", "group": group, "phase": "pre",
                     "n": r.ni, "mean": r.m_pre, "sd": r.sd_pre, "r": np.nan})
        rows.append({"activity_id": f"S{i + 1}", "instrument": "X", "group": group, "phase": "post",
                     "n": r.ni, "mean": r.m_post, "sd": r.sd_post, "r": r.ri})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------
# [konst] Three-level data: studies (schools) within districts
# ---------------------------------------------------------------------------

KONST_DISTRICT = np.repeat([11, 12, 18, 27, 56, 58, 71, 86, 91, 108, 644],
                           [4, 4, 3, 4, 4, 11, 3, 8, 6, 5, 4])
KONST_YI = np.array([
    -0.18, -0.22, 0.23, -0.30, 0.13, -0.26, 0.19, 0.32, 0.45, 0.38, 0.29, 0.16, 0.65, 0.36, 0.60,
    0.08, 0.04, 0.19, -0.06, -0.18, 0.00, 0.00, -0.28, -0.04, -0.30, 0.07, 0.00, 0.05, -0.08,
    -0.09, 0.30, 0.98, 1.19, -0.07, -0.05, -0.01, 0.02, -0.03, 0.00, 0.01, -0.10, 0.50, 0.66,
    0.20, 0.00, 0.05, 0.07, -0.52, 0.70, -0.03, 0.27, -0.34, 0.12, 0.61, 0.04, -0.05])
KONST_VI = np.array([
    0.118, 0.118, 0.144, 0.144, 0.014, 0.014, 0.015, 0.024, 0.023, 0.043, 0.012, 0.020, 0.004,
    0.004, 0.007, 0.019, 0.007, 0.005, 0.004, 0.020, 0.018, 0.019, 0.022, 0.020, 0.021, 0.006,
    0.007, 0.007, 0.007, 0.007, 0.015, 0.011, 0.010, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001,
    0.001, 0.001, 0.010, 0.011, 0.010, 0.009, 0.013, 0.013, 0.031, 0.031, 0.030, 0.030, 0.030,
    0.087, 0.082, 0.067, 0.067])

PUB3 = 5e-4  # half a unit in the last printed decimal (3 decimals)

# ---------------------------------------------------------------------------
# Participant-level helpers
# ---------------------------------------------------------------------------


def long_scores(pre, post, activity="A", instrument="SWEMWBS", group="participant") -> pd.DataFrame:
    """An ``outcomes`` table from paired lists of pre and post scores (None = not measured)."""
    ids = [f"p{i}" for i in range(len(pre))]
    rows = [{"activity_id": activity, "participant_id": i, "phase": "pre", "instrument": instrument,
             "score": float(s), "group": group} for i, s in zip(ids, pre, strict=True) if s is not None]
    rows += [{"activity_id": activity, "participant_id": i, "phase": "post", "instrument": instrument,
              "score": float(s), "group": group} for i, s in zip(ids, post, strict=True) if s is not None]
    return pd.DataFrame(rows)


def split_activities(d: pd.DataFrame, size: int) -> pd.DataFrame:
    """Cut one big simulated sample into activities of ``size`` participants (iid, so valid)."""
    idx = d["participant_id"].str[1:].astype(int)
    return d.assign(activity_id="A" + (idx // size).astype(str))


def sim_comparison(seed, n_act=1, n=30, delta=0.35, randomised=False) -> pd.DataFrame:
    """Participants and a comparison group from the demo generator, ``n`` per activity."""
    from impactlib.demo import simulate_prepost

    rng = np.random.default_rng(seed)
    d = simulate_prepost(rng, n_act * n, delta, n_comparison=n_act * n, randomised=randomised,
                         round_scores=False)
    return split_activities(d, n)


# ---------------------------------------------------------------------------
# REML τ² the obvious way (a slow, independent reference for the fast closed forms)
# ---------------------------------------------------------------------------


def p_dense(v, t2) -> np.ndarray:
    """P = W − W X (X'WX)⁻¹ X'W of the intercept-only model, as a k × k matrix."""
    x = np.ones((len(v), 1))
    w = np.diag(1 / (np.asarray(v, dtype=float) + t2))
    return w - w @ x @ np.linalg.inv(x.T @ w @ x) @ x.T @ w


def reml_dense(y, v, tol: float = 1e-12) -> tuple[float, bool]:
    """REML τ² of the intercept-only model with dense matrices (Viechtbauer 2005).

    Fisher scoring τ² ← τ² + (y'PPy − tr P)/tr(PP) from the DerSimonian–Laird start (as
    metafor); where it has not converged in 200 steps, the dense restricted likelihood is
    maximised by bounded Brent. A positive τ² is then polished to the root of the dense score
    y'PPy − tr P (on a flat likelihood Fisher steps and Brent both stop ~1e-9 from it; seen
    with hypothesis). Returns τ² and whether Fisher scoring converged.
    """
    from scipy import optimize

    y, v = np.asarray(y, dtype=float), np.asarray(v, dtype=float)
    k = len(y)
    p0 = p_dense(v, 0.0)
    t2 = max(0.0, (y @ p0 @ y - (k - 1)) / np.trace(p0))
    converged = False
    for _ in range(200):
        p = p_dense(v, t2)
        py = p @ y
        step = (py @ py - np.trace(p)) / np.trace(p @ p)
        new = t2 + step
        while new < 0 and step < 0 and t2 > 0:
            step /= 2
            new = t2 + step
            if abs(step) < tol:
                new = 0.0
        new = max(new, 0.0)
        if abs(new - t2) <= tol * max(1.0, t2):
            t2, converged = new, True
            break
        t2 = new
    if not converged:
        one = np.ones((k, 1))

        def nll(t):
            vm = np.diag(v + t)
            vinv = np.linalg.inv(vm)
            b = one.T @ vinv @ one
            r = y - one @ np.linalg.solve(b, one.T @ vinv @ y)
            return 0.5 * (np.linalg.slogdet(vm)[1] + np.linalg.slogdet(b)[1] + r @ vinv @ r)

        t2 = float(optimize.minimize_scalar(nll, bounds=(0.0, 10 * (np.var(y) + v.max()) + 1),
                                            method="bounded", options={"xatol": 1e-12}).x)
    if t2 > 0:
        def score(t):
            pt = p_dense(v, t)
            return (pt @ y) @ (pt @ y) - np.trace(pt)

        lo, hi = max(0.0, t2 * (1 - 1e-4)), t2 * (1 + 1e-4)
        if score(lo) > 0 > score(hi):
            t2 = optimize.brentq(score, lo, hi, xtol=1e-15, rtol=1e-14)
    return float(t2), converged
