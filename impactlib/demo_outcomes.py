"""The synthetic demo data, part 2: activities, participants' outcome scores and their
summaries (internal).

Activities 2023–2025 with planted true effects, a secular trend, selection into
comparison designs and drop-out. :func:`impactlib.demo.generate` calls these;
:func:`simulate_prepost` is public (re-exported by :mod:`impactlib.demo`).
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from . import model, regions

#: Years of activity data.
ACTIVITY_YEARS = (2023, 2024, 2025)
#: Planted true effect per activity theme and instrument: the standardised mean change
#: caused by the activity, in the improvement direction, raw-score standardised by the
#: pre-test SD (metafor ``SMCR``), before the secular trend is added.
TRUE_EFFECTS: dict[str, dict[str, float]] = {
    "peer_support": {"SWEMWBS": 0.35, "UCLA3": 0.30},
    "volunteer_help": {"UCLA3": 0.25},
    "low_threshold": {"CORE10": 0.40},
    "guidance": {"GAD7": 0.20},
    "group_activity": {"SWEMWBS": 0.15},
    "service": {"PHQ9": 0.50},
    "other": {"SWEMWBS": 0.10},
}
#: Between-activity standard deviation of true effects (τ, in SMC units).
TAU = 0.10
#: Change (SD units, improvement direction) that happens without the activity, in
#: participants and comparison groups alike: a pre/post design estimates δ + trend.
SECULAR_TREND = 0.10
#: Pre/post correlation of scores.
PREPOST_R = 0.60
#: Baseline mean and SD of each instrument in the demo population.
INSTRUMENT_NORMS: dict[str, tuple[float, float]] = {
    "SWEMWBS": (21.0, 4.0),
    "WEMWBS": (48.0, 8.0),
    "UCLA3": (6.0, 1.2),
    "PHQ9": (12.0, 4.5),
    "GAD7": (10.0, 4.0),
    "CORE10": (18.0, 6.0),
}
#: Participants of non-randomised comparison designs start this many SDs worse off than
#: their comparison group, and are this many years older on average (selection).
SELECTION_SHIFT = 0.30
SELECTION_AGE = 5.0
#: Share of participants measured before but not after (drop-out).
DROPOUT = 0.15

_THEMES_BY_KIND = {
    "volunteer": (["volunteer_help", "group_activity", "peer_support", "other"], [0.40, 0.30, 0.25, 0.05]),
    "intermediate": (["low_threshold", "peer_support", "guidance", "group_activity"], [0.35, 0.30, 0.25, 0.10]),
    "service_provider": (["service", "guidance", "low_threshold"], [0.55, 0.25, 0.20]),
}
_INSTRUMENT_BY_THEME = {t: next(iter(v)) for t, v in TRUE_EFFECTS.items()}
_AGE_BAND = {
    "older_people": "65+", "children_families": "0-17", "youth": "15-29", "employment": "18-64",
    "carers": "all", "patients_disability": "all", "health_wellbeing": "all",
    "mental_health_substance": "18-64", "rescue": "all", "other": "all",
}
def simulate_prepost(
    rng: np.random.Generator,
    n: int,
    delta: float,
    *,
    instrument: str = "SWEMWBS",
    trend: float = SECULAR_TREND,
    rho: float = PREPOST_R,
    n_comparison: int = 0,
    randomised: bool = False,
    dropout: float = 0.0,
    follow_up: bool = False,
    round_scores: bool = True,
) -> pd.DataFrame:
    """Simulate participant-level pre/post scores with a known true effect.

    Pre scores are normal with the instrument's demo mean and SD
    (:data:`INSTRUMENT_NORMS`); post scores have correlation ``rho`` with
    pre scores and the same SD, and move by ``(delta + trend) · SD`` in the
    improvement direction (down for instruments where lower is better). A
    comparison group, if any, moves by ``trend · SD`` only; unless
    ``randomised``, participants' group mean starts :data:`SELECTION_SHIFT`
    SDs worse off and they are :data:`SELECTION_AGE` years older (age does
    not affect scores). Each group regresses towards its own mean, so
    difference-in-differences is unbiased for ``delta``, while adjusting or
    weighting on the pre score is biased by ``(1 − rho) · SELECTION_SHIFT``
    (Lord's paradox; see :func:`impactlib.comparison.comparison_effect`).

    Parameters
    ----------
    rng : numpy.random.Generator
    n : int
        Participants measured at baseline.
    delta : float
        True standardised mean change caused by the activity (SMCR units).
    instrument : str
        Key of :data:`INSTRUMENT_NORMS` (direction from ``data/instruments.csv``).
    trend, rho : float
        Secular trend (SD units) and pre/post correlation.
    n_comparison : int
        Size of the comparison group (0 = none).
    randomised : bool
        If True, no selection difference between groups.
    dropout : float
        Share of participants with no post score.
    follow_up : bool
        Add a follow-up measurement where half the effect remains.
    round_scores : bool
        Round scores to whole points and clip them to the instrument's range.

    Returns
    -------
    pandas.DataFrame
        Columns ``participant_id, phase, instrument, score, group, age``.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> d = simulate_prepost(rng, 2000, 0.5, trend=0.0, round_scores=False)
    >>> w = d.pivot(index="participant_id", columns="phase", values="score")
    >>> bool(abs((w.post - w.pre).mean() / w.pre.std() - 0.5) < 0.05)
    True
    """
    inst = _instrument_table().loc[instrument]
    mean, sd = INSTRUMENT_NORMS[instrument]
    sign = 1.0 if inst["higher_is_better"] else -1.0
    out = []
    for group, size, eff in (("participant", n, delta + trend), ("comparison", n_comparison, trend)):
        if size <= 0:
            continue
        sel = group == "participant" and n_comparison > 0 and not randomised
        mu = mean - sign * SELECTION_SHIFT * sd if sel else mean
        age = rng.normal(45 + (SELECTION_AGE if sel else 0.0), 12, size).clip(18, 90)
        pre = mu + sd * rng.standard_normal(size)
        post = mu + rho * (pre - mu) + np.sqrt(1 - rho**2) * sd * rng.standard_normal(size) + sign * eff * sd
        ids = np.array([f"{group[0]}{i:03d}" for i in range(size)])
        frames = [("pre", pre, np.ones(size, bool)), ("post", post, rng.random(size) >= dropout)]
        if follow_up:
            fu = mu + rho * (pre - mu) + np.sqrt(1 - rho**2) * sd * rng.standard_normal(size) + sign * (trend + (eff - trend) / 2) * sd
            frames.append(("follow_up", fu, frames[1][2] & (rng.random(size) >= 0.2)))
        for phase, score, keep in frames:
            out.append(pd.DataFrame({"participant_id": ids[keep], "phase": phase, "instrument": instrument,
                                     "score": score[keep], "group": group, "age": np.round(age[keep]).astype(int)}))
    df = pd.concat(out, ignore_index=True)
    if round_scores:
        df["score"] = df["score"].round().clip(inst["min"], inst["max"])
    return df


@functools.lru_cache(maxsize=1)
def _instrument_table() -> pd.DataFrame:
    t = pd.read_csv(regions.DATA_DIR / "instruments.csv").set_index("instrument")
    t["higher_is_better"] = t["higher_is_better"].astype(bool)
    return t


def activities(rng: np.random.Generator, org: pd.DataFrame, fund: pd.DataFrame):
    stea_orgs = set(fund.loc[fund["source"].str.startswith("stea"), "org_id"])
    per_kind = {"volunteer": (1, 0.6), "intermediate": (2, 0.9), "service_provider": (2, 0.95)}
    base = []
    for year in ACTIVITY_YEARS:
        alive = org[org["founded"] <= year]
        k = alive["kind"].map(lambda x: per_kind[x][0]).to_numpy()
        rep = np.repeat(np.arange(len(alive)), k)
        a = alive.iloc[rep].reset_index(drop=True)
        a["_k"] = np.arange(len(a)) - np.repeat(np.cumsum(k) - k, k) + 1
        p = a["kind"].map(lambda x: per_kind[x][1]).to_numpy()
        a = a[rng.random(len(a)) < p].copy()
        a["year"] = year
        base.append(a)
    a = pd.concat(base, ignore_index=True)
    n = len(a)
    # a stable theme per association activity slot, whatever the year
    slot_u = pd.util.hash_pandas_object(a[["org_id", "_k"]], index=False).to_numpy() % 10_000 / 10_000
    theme = np.empty(n, dtype=object)
    for kind, (themes, probs) in _THEMES_BY_KIND.items():
        sel = (a["kind"] == kind).to_numpy()
        cum = np.cumsum(probs)
        theme[sel] = np.array(themes)[(slot_u[sel][:, None] > cum).sum(axis=1)]
    a["theme"] = theme
    a["activity_id"] = "D" + a["org_id"].str[:7] + "-" + a["_k"].astype(str) + "-" + a["year"].astype(str)
    names = {t: model.label("theme", t, "fi").split(" (")[0].capitalize() for t in model.THEMES}
    a["name"] = a["theme"].map(names) + " (demo)"
    a["target_group"] = a["category"]
    a["age_band"] = a["category"].map(_AGE_BAND)
    u = rng.random(n)
    a["area"] = np.where(u < 0.80, a["municipality"], np.where(u < 0.95, a["county"], a["municipality"] + " " + a["county"]))
    # a municipality plus its own county code is redundant; use municipality only
    a["area"] = np.where(u >= 0.95, a["municipality"], a["area"])
    # Pertunmaa (588) merged into Mäntyharju (507) on 1.1.2025
    a["area"] = np.where((a["year"] >= 2025) & (a["area"] == "588"), "507", a["area"])
    med = {"volunteer_help": 25, "peer_support": 15, "low_threshold": 120, "guidance": 200,
           "group_activity": 30, "service": 80, "other": 20}
    part = np.round(np.exp(rng.normal(np.log(a["theme"].map(med).to_numpy(float)), 0.9))).astype(int)
    part = np.maximum(part, 1)
    a["participants"] = part
    a["contacts"] = np.round(part * rng.uniform(2, 12, n)).astype(int)
    kind = a["kind"].to_numpy()
    a["volunteer_hours"] = np.round(part * np.select([kind == "volunteer", kind == "intermediate"], [12.0, 6.0], 1.5) * np.exp(rng.normal(0, 0.5, n)))
    a["paid_hours"] = np.round(part * np.select([kind == "volunteer", kind == "intermediate"], [0.3, 3.0], 10.0) * np.exp(rng.normal(0, 0.5, n)))
    a["cost_eur"] = np.round(a["paid_hours"] * 38 + part * rng.uniform(20, 80, n) + rng.uniform(200, 3000, n))
    # evaluation designs: measuring is rarer in volunteer-based associations
    u = rng.random(n)
    vol = kind == "volunteer"
    cut = np.where(vol[:, None], [0.50, 0.94, 0.985, 0.997], [0.28, 0.80, 0.955, 0.99])
    a["design"] = np.array(["none", "monitoring", "pre_post", "comparison_group", "randomised"])[(u[:, None] > cut).sum(axis=1)]
    measured = a["design"].isin(["pre_post", "comparison_group", "randomised"]).to_numpy()
    a["instrument"] = np.where(measured, a["theme"].map(_INSTRUMENT_BY_THEME), None)
    older = (a["category"] == "older_people").to_numpy() & (a["theme"] == "peer_support").to_numpy()
    a.loc[measured & older, "instrument"] = "UCLA3"
    stea = a["org_id"].isin(stea_orgs).to_numpy()
    a["theory_of_change"] = rng.random(n) < np.where(stea, 0.75, np.where(measured, 0.55, 0.25))
    a["independent_evaluation"] = rng.random(n) < np.where(measured, 0.15, 0.01)
    a["replicated"] = rng.random(n) < np.where(stea, 0.12, 0.03)
    a["manualised"] = rng.random(n) < np.where(stea, 0.20, 0.04)
    fb = a["design"].to_numpy() != "none"
    resp = np.where(fb, rng.binomial(part, 0.5), 0)
    helped_p = a["theme"].map({"volunteer_help": 0.85, "peer_support": 0.88, "low_threshold": 0.80, "guidance": 0.78,
                               "group_activity": 0.82, "service": 0.75, "other": 0.70}).to_numpy()
    a["feedback_respondents"] = pd.array(np.where(fb, resp, pd.NA), dtype="Int64")
    a["feedback_helped"] = pd.array(np.where(fb, rng.binomial(resp, helped_p), pd.NA), dtype="Int64")
    a["basis"] = np.where(rng.random(n) < 0.8, "collected", np.where(rng.random(n) < 0.5, "sample", "estimate"))

    # outcomes for measured activities: true effects vary around the theme's planted effect
    m = a[measured].copy()
    m["delta"] = [TRUE_EFFECTS[t].get(i, TRUE_EFFECTS[t][next(iter(TRUE_EFFECTS[t]))]) for t, i in zip(m["theme"], m["instrument"], strict=True)]
    m["delta"] += rng.normal(0, TAU, len(m))
    m["n_measured"] = np.minimum(m["participants"], rng.integers(8, 41, len(m)))
    m["summary_only"] = rng.random(len(m)) < 0.30
    m["follow_up"] = rng.random(len(m)) < 0.20
    a["participants"] = a["participants"].where(~a["activity_id"].isin(m["activity_id"]),
                                                 a["activity_id"].map(m.set_index("activity_id")["n_measured"]).fillna(0).astype(int).clip(lower=a["participants"]))
    outs = []
    for rec in m.itertuples(index=False):  # measured activities (a few thousand), not associations
        ncomp = int(rec.n_measured) if rec.design != "pre_post" else 0
        d = simulate_prepost(rng, int(rec.n_measured), float(rec.delta), instrument=rec.instrument, n_comparison=ncomp,
                             randomised=rec.design == "randomised", dropout=DROPOUT, follow_up=bool(rec.follow_up))
        d.insert(0, "activity_id", rec.activity_id)
        d["participant_id"] = rec.activity_id[1:8] + "-" + d["participant_id"]
        outs.append(d)
    outc = pd.concat(outs, ignore_index=True)
    outc["participant_id"] = "P" + pd.util.hash_pandas_object(outc[["activity_id", "participant_id"]], index=False).astype("uint64").map(lambda h: f"{h % 10**10:010d}")
    summ_ids = set(m.loc[m["summary_only"], "activity_id"])
    is_sum = outc["activity_id"].isin(summ_ids)
    summ = summaries(outc[is_sum])
    outc = outc[~is_sum].reset_index(drop=True)
    truth = m[["activity_id", "theme", "instrument", "design", "delta"]].rename(columns={"delta": "true_delta"})
    acts = a[model.column_names("activities")].sort_values("activity_id").reset_index(drop=True)
    return acts, outc[model.column_names("outcomes")], summ, truth


def summaries(outc: pd.DataFrame) -> pd.DataFrame:
    key = ["activity_id", "instrument", "group"]
    s = outc.groupby(key + ["phase"], as_index=False)["score"].agg(n="count", mean="mean", sd="std")
    w = outc.pivot_table(index=key + ["participant_id"], columns="phase", values="score").reset_index()
    rs = []
    for ph in ("post", "follow_up"):
        if ph in w:
            pair = w.dropna(subset=["pre", ph])
            r = pair.groupby(key)[["pre", ph]].corr().xs("pre", level=-1)[ph].rename("r").reset_index()
            rs.append(r.assign(phase=ph))
    r = pd.concat(rs, ignore_index=True)
    s = s.merge(r, on=key + ["phase"], how="left")
    s[["mean", "sd"]] = s[["mean", "sd"]].round(3)
    s["r"] = s["r"].round(3)
    return s[model.column_names("outcome_summaries")].sort_values(key + ["phase"]).reset_index(drop=True)


