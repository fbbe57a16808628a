"""The synthetic demo data: deterministic, validated, marked as synthetic,
and shaped as documented (data/demo/README.md)."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from impactlib import demo as demo_module
from impactlib import regions
from impactlib.demo import PREPOST_R


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    sums = demo_module.write_demo(out)
    return out, sums


def test_regenerating_gives_byte_identical_files(regenerated):
    out, sums = regenerated
    meta = json.loads((demo_module.DEMO_DIR / "dataset.json").read_text(encoding="utf-8"))
    assert sums == meta["files"], "regenerated demo differs from the recorded checksums"
    for name, digest in meta["files"].items():
        assert hashlib.sha256((demo_module.DEMO_DIR / name).read_bytes()).hexdigest() == digest, name
    for name in ("README.md", "dataset.json"):
        assert (out / name).read_bytes() == (demo_module.DEMO_DIR / name).read_bytes(), name


def test_every_file_says_it_is_synthetic():
    meta = json.loads((demo_module.DEMO_DIR / "dataset.json").read_text(encoding="utf-8"))
    assert meta["synthetic"] is True and "keksitty" in meta["source"]
    for name in meta["files"]:
        assert name.startswith("DEMO_keksitty_"), name
    readme = (demo_module.DEMO_DIR / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Demo data — keksitty aineisto / synthetic data")


def test_demo_loads_validated_and_marked(demo):
    assert demo.synthetic and demo.validated
    assert "keksitty" in demo.provenance.source
    assert demo.organisations["name"].str.startswith("Demo-").all()
    assert demo.organisations["org_id"].str.startswith("9").all()  # unused Y-tunnus range
    assert demo.organisations["org_id"].is_unique


def test_associations_in_proportion_to_population(demo):
    n = demo.org_county().value_counts()
    pop = regions.county_population()
    assert set(n.index) == set(pop.index) and len(n) == 22
    demo_n = demo.organisations.shape[0]
    expected = pop / pop.sum() * demo_n
    assert (n.reindex(pop.index) - expected).abs().max() <= 1  # largest-remainder allocation
    assert 9_500 <= demo_n <= 10_500


def test_keski_suomi_profile(demo):
    """Published Keski-Suomi figures (about 500 sote associations): about a fifth for older
    people, nearly 100 patient/disability, about 90 child and family, about 65 general health,
    about 35 mental health and substance use, carers/rescue/youth under 10 each, about 30 in
    employment, about 60 selling services, most with no paid staff."""
    o = demo.organisations[demo.org_county().to_numpy() == "15"]
    assert 450 <= len(o) <= 550
    c = o["category"].value_counts()
    assert 0.17 <= c["older_people"] / len(o) <= 0.23
    assert 85 <= c["patients_disability"] <= 100
    assert 80 <= c["children_families"] <= 100
    assert 55 <= c["health_wellbeing"] <= 75
    assert 28 <= c["mental_health_substance"] <= 42
    assert all(c[k] < 10 for k in ("carers", "rescue", "youth"))
    assert 25 <= c["employment"] <= 35
    assert 40 <= (o["kind"] == "service_provider").sum() <= 75
    assert (o["staff_fte"] == 0).mean() > 0.5


def test_planted_handover_rates_are_drawn_as_documented():
    planted = pd.read_csv(demo_module.DEMO_DIR / "DEMO_keksitty_planted_handover.csv", dtype=str)
    for county, g in planted.groupby("org_county"):
        obs = g["planted_outcome"].value_counts().reindex(demo_module.HANDOVER_OUTCOMES, fill_value=0)
        exp = np.array([demo_module.HANDOVER_RATES[county][o] for o in demo_module.HANDOVER_OUTCOMES]) * len(g)
        # chi-square goodness of fit, Bonferroni over 22 counties at 0.001
        p = stats.chisquare(obs.to_numpy(), exp).pvalue
        assert p > 0.001 / 22, (county, obs.to_dict(), exp)


def test_stea_cut_in_2025(demo):
    f = demo.funding
    stea = f[f["source"].str.startswith("stea")].groupby("year")["amount_eur"].sum()
    change = stea[2025] / stea[2024] - 1
    assert -0.35 < change < -0.15, change  # planted: every grant × 0.79 and fewer new projects


def test_prepost_correlation_near_planted(demo):
    o = demo.outcomes
    w = o[o["group"] == "participant"].pivot_table(index=["activity_id", "participant_id"], columns="phase", values="score")
    w = w.dropna(subset=["pre", "post"])
    acts = w.groupby("activity_id")
    sd = acts[["pre", "post"]].std().min(axis=1)
    ok = (acts.size() > 5) & (sd > 0)
    r = w[w.index.get_level_values(0).isin(ok[ok].index)].groupby("activity_id").apply(
        lambda d: d["pre"].corr(d["post"])).median()
    assert abs(r - PREPOST_R) < 0.1


def test_simulate_prepost_recovers_delta_plus_trend():
    rng = np.random.default_rng(7)
    d = demo_module.simulate_prepost(rng, 20_000, 0.3, instrument="PHQ9", round_scores=False)
    w = d.pivot(index="participant_id", columns="phase", values="score")
    smcr = -(w["post"] - w["pre"]).mean() / w["pre"].std()  # PHQ-9: lower is better
    assert abs(smcr - (0.3 + demo_module.SECULAR_TREND)) < 0.03
    assert abs(np.corrcoef(w["pre"], w["post"])[0, 1] - demo_module.PREPOST_R) < 0.03
