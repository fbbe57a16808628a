"""Key messages and questions for the county (impactlib.messages): the rules and their
thresholds, by hand-worked cases; the two-proportion z against statsmodels."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose
from statsmodels.stats.proportion import proportions_ztest

from impactlib import countyfacts
from impactlib import messages as msg


def _rows(**ind):
    """rows(name=(k, n, k_all, n_all), ...)"""
    return pd.DataFrame([{"indicator": k, "k": v[0], "n": v[1], "k_all": v[2], "n_all": v[3]}
                         for k, v in ind.items()])


def test_z_matches_statsmodels():
    d = msg.differences(_rows(a=(30, 60, 600, 3000), b=(7, 25, 400, 1000)))
    for row in d.itertuples():
        z, _ = proportions_ztest([row.k, row.k_all - row.k], [row.n, row.n_all - row.n])
        assert_allclose(row.z, z, rtol=1e-12)
    a = d.set_index("indicator").loc["a"]
    # by hand: 30/60 = 0.5 against 570/2940 = 0.19388; pooled 0.2
    assert_allclose(a.share_rest, 570 / 2940)
    assert_allclose(a.z, (0.5 - 570 / 2940) / np.sqrt(0.2 * 0.8 * (1 / 60 + 1 / 2940)))
    assert a.carried


def test_what_the_data_cannot_carry():
    d = msg.differences(_rows(
        small_area=(10, 19, 100, 3000),     # fewer than MIN_N associations in the area
        small_count=(3, 60, 1500, 3000),    # 3 of 60: the share cannot be shown
        complement=(57, 60, 600, 3000),     # 60 − 57 = 3: neither can this one
        no_difference=(12, 60, 600, 3000),  # 20 % against 20 %
        carried=(24, 60, 600, 3000),        # 40 % against 20 %: z ≈ 3.9
    )).set_index("indicator")
    assert d.carried.to_dict() == {"carried": True, "small_area": False, "small_count": False,
                                   "complement": False, "no_difference": False}
    assert d.index[0] == "carried"  # carried first
    # the threshold is |z| >= Z_CRIT exactly
    z = d.loc["carried", "z"]
    assert msg.differences(_rows(x=(24, 60, 600, 3000)), z_crit=z).carried.iloc[0]
    assert not msg.differences(_rows(x=(24, 60, 600, 3000)), z_crit=z + 1e-9).carried.iloc[0]


def test_key_messages_priority_and_three_at_most():
    comp = countyfacts.compare_areas("20")
    rows = _rows(handover_lost=(12, 40, 300, 2000), one_funder=(30, 60, 1000, 3000),
                 service_provider=(24, 60, 600, 3000))
    ms = msg.key_messages(rows, comparison=comp)
    assert [m.kind for m in ms] == ["grants_vs_areas", "handover_lost", "difference"]
    assert ms[0].real and not ms[1].real
    g = ms[0].values
    assert g["year"] == 2023 and g["amount_eur"] == 122_200 and g["rank"] == 4 and g["below_median"]
    lost = ms[1].values
    assert (lost["k"], lost["n"]) == (12, 40) and lost["share"] == pytest.approx(0.3)
    assert lost["share_all"] == pytest.approx(0.15)
    assert ms[2].values["indicator"] == "service_provider"
    # without the real comparison the next rules move up
    assert [m.kind for m in msg.key_messages(rows)] == ["handover_lost", "difference", "one_funder"]
    stea = {"k": 10, "n": 50, "k_all": 100, "n_all": 900, "threshold": 0.1, "base_year": 2024}
    assert [m.kind for m in msg.key_messages(rows.iloc[:2], stea=stea)] == ["handover_lost", "one_funder",
                                                                             "stea_exposure"]


def test_key_messages_respect_disclosure_and_minimum_group():
    # 3 of 40 lost: the share would reveal a count of 1–4; 4 associations: too few;
    # 37 of 40 from one funder: the complement (3) is small
    rows = _rows(handover_lost=(3, 40, 300, 2000), one_funder=(2, 4, 1000, 3000))
    assert msg.key_messages(rows) == []
    assert msg.key_messages(_rows(one_funder=(37, 40, 1000, 3000))) == []
    ms = msg.key_messages(_rows(handover_lost=(5, 40, 300, 2000), one_funder=(35, 40, 1000, 3000)))
    assert [(m.kind, m.values["k"]) for m in ms] == [("handover_lost", 5), ("one_funder", 35)]
    stea = {"k": 2, "n": 50, "threshold": 0.1}
    assert msg.key_messages(stea=stea) == []


def _facts(county="20", **status):
    f = countyfacts.published_facts(county)
    coop = f.cooperation.copy()
    for item, st in status.items():
        coop.loc[coop["item"] == item, "status"] = st
    return dataclasses.replace(f, cooperation=coop)


def test_question_thresholds():
    yes = {"coordinator": "yes", "cooperation_body": "yes", "written_plan": "yes"}
    f = _facts("15", **yes)   # nothing triggered but publish_grants: standing questions fill to four

    def kinds(**kw):
        return [q.kind for q in msg.questions(facts=f, **kw)]

    assert kinds() == ["publish_grants", "welfare_report", "grant_criteria", "contact_known"]
    # hand-over losses: one in five asks (8 of 40 = 0.20); 7 of 40 does not
    assert "continuity" in kinds(rows=_rows(handover_lost=(8, 40, 0, 100)))
    assert "continuity" not in kinds(rows=_rows(handover_lost=(7, 40, 0, 100)))
    # service sales: 20 % of the money asks about procurement, 19,9 % does not
    assert "procurement" in kinds(sales_share=0.20) and "procurement" not in kinds(sales_share=0.199)
    assert "procurement" not in kinds(sales_share=float("nan"))
    # one funder: 40 %
    assert "diversify" in kinds(rows=_rows(one_funder=(24, 60, 0, 100)))
    assert "diversify" not in kinds(rows=_rows(one_funder=(23, 60, 0, 100)))
    # STEA cuts: 20 % of the associations losing more than the threshold
    assert "stea_cuts" in kinds(stea={"k": 10, "n": 50, "threshold": 0.1})
    assert "stea_cuts" not in kinds(stea={"k": 9, "n": 50, "threshold": 0.1})


def test_questions_from_the_real_facts():
    # Kainuu: no coordinator found → contact; grants per inhabitant below the median → programme
    qs = msg.questions(facts=countyfacts.published_facts("20"))
    kinds = [q.kind for q in qs]
    assert kinds[:2] == ["contact", "grants_programme"] and qs[0].values["status"] == "unknown"
    assert qs[1].values["year"] == 2023
    # a group's own "no" is kept as "no" (and still asked about)
    q = msg.questions(facts=_facts("20", coordinator="no"))[0]
    assert (q.kind, q.values["status"]) == ("contact", "no")
    # Keski-Suomi has a coordinator, a cooperation body and a written plan
    kinds = [q.kind for q in msg.questions(facts=countyfacts.published_facts("15"))]
    assert "contact" not in kinds and "structures" not in kinds and "publish_grants" in kinds


def test_four_to_six_questions():
    rows = _rows(handover_lost=(20, 40, 0, 100), one_funder=(30, 60, 0, 100))
    every = msg.questions(rows, facts=countyfacts.published_facts("20"), sales_share=0.5,
                          stea={"k": 30, "n": 50, "threshold": 0.1})
    assert len(every) == msg.MAX_QUESTIONS == 6
    assert [q.kind for q in every] == ["contact", "continuity", "grants_programme", "procurement",
                                       "stea_cuts", "diversify"]
    for county in ("01", "10", "15", "20", "90"):
        n = len(msg.questions(facts=countyfacts.published_facts(county)))
        assert msg.MIN_QUESTIONS <= n <= msg.MAX_QUESTIONS


def test_rows_are_checked():
    with pytest.raises(ValueError, match="missing"):
        msg.key_messages(pd.DataFrame({"indicator": ["x"], "k": [1]}))
    with pytest.raises(ValueError, match="one row per indicator"):
        msg.differences(_rows(a=(1, 2, 3, 4)).pipe(lambda r: pd.concat([r, r])))


def test_count_rows_from_library_results(demo):
    from impactlib import continuity, field
    from impactlib.dataset import org_county

    f, o = demo.funding, demo.organisations
    ho = continuity.handover(f, o)
    hs = pd.concat([continuity.handover_summary(ho, by="county"), continuity.handover_summary(ho, by=None)])
    conc = continuity.concentration(f, by="funder", exclude_sources=["fundraising"])
    conc = conc[conc["year"] == 2025]
    ks = set(o.loc[(org_county(o) == "15").to_numpy(), "org_id"])
    dep = pd.concat([continuity.dependence_bands(conc[conc["org_id"].isin(ks)], by=None, year=2025).assign(group="15"),
                     continuity.dependence_bands(conc, by=None, year=2025)])
    kinds = field.association_counts(o, by="kind", county="15")
    exp = continuity.stea_exposure(f, o, year=2025)
    rows = msg.count_rows("15", handover=hs, dependence=dep, kinds=kinds, exposure=exp).set_index("indicator")
    # hand-over: the lost count of Keski-Suomi against a count of the hand-over table itself
    assert rows.loc["handover_lost", "k"] == int(((ho["county"] == "15") & (ho["outcome"] == "lost")).sum())
    assert rows.loc["handover_lost", "n"] == int((ho["county"] == "15").sum())
    assert rows.loc["handover_lost", "n_all"] == int(ho["outcome"].notna().sum())
    # one funder: associations of the county with a top share of 90 % or more
    mine = conc[conc["org_id"].isin(ks)]
    assert rows.loc["one_funder", ["k", "n"]].tolist() == [int((mine["top_share"] >= 0.9).sum()), len(mine)]
    sp = kinds[(kinds["area"] == "15") & (kinds["code"] == "service_provider")].iloc[0]
    assert rows.loc["service_provider", ["k", "n"]].tolist() == [int(sp["n"]), int(sp["n_area"])]
    assert rows.loc["stea_made", "n_all"] == exp[(exp.part == "made") & (exp.group == "all")]["n"].iloc[0]
    # the rows feed the rules
    assert [m.kind for m in msg.key_messages(rows.reset_index())][:1] == ["handover_lost"]
