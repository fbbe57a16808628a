"""The brief's effectiveness section follows the rules for effectiveness claims
(:mod:`impactlib.effectiveness.claims`): a pooled effect is stated only from enough
activities with an interval that excludes zero, otherwise the brief says that the evidence
does not yet allow a conclusion; no "largest pooled effect" picked across pools; the table's
before-after and comparison columns come from the same activities; county pools use the
truncated Knapp-Hartung interval (or the three-level model)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from impactlib import brief, disclosure
from impactlib import effectiveness as eff
from impactlib.i18n import fmt_count


def _text(section) -> str:
    return " ".join(b.text or "" for b in section.blocks if b.kind == "paragraph")


@pytest.fixture(scope="module")
def one_small_pool(demo):
    """The demo data with Keski-Suomi's outcome data cut to three before-after activities of one
    theme: the county has one pool, and it is small."""
    ids = brief.prepare("15", data=demo).org_ids
    e = eff.activity_effects(demo.activities, demo.outcomes, demo.outcome_summaries)
    e15 = e[e.org_id.astype(str).isin(ids) & e.poolable & (e.effect_type == "smcr")
            & (e.theme == "peer_support")]
    keep = set(e15.activity_id.iloc[:3])
    county_acts = set(demo.activities.loc[demo.activities.org_id.astype(str).isin(ids), "activity_id"])
    drop = county_acts - keep
    return dataclasses.replace(
        demo, outcomes=demo.outcomes[~demo.outcomes.activity_id.isin(drop)],
        outcome_summaries=demo.outcome_summaries[~demo.outcome_summaries.activity_id.isin(drop)])


@pytest.mark.parametrize(("lang", "phrase"), [("fi", "näyttö ei vielä riitä johtopäätökseen"),
                                              ("en", "the evidence does not yet allow a conclusion")])
def test_brief_for_a_county_with_one_small_pool_draws_no_conclusion(one_small_pool, lang, phrase):
    ctx = brief.prepare("15", data=one_small_pool, lang=lang)
    claims = ctx.claims
    assert len(claims) == 1 and claims.k.iloc[0] == 3 and claims.claim.iloc[0] == "not_yet"
    text = _text(brief.effectiveness_section(ctx))
    assert phrase in text.lower() or phrase in text
    # no effect is stated, and the count of three activities is not printed
    assert "keskihajontaa enemmän" not in text and "standard deviations more" not in text
    assert disclosure.find_small_counts(text) == []


def test_brief_states_effects_in_theme_order_without_ranking(demo):
    ctx = brief.prepare("15", data=demo, lang="en")
    section = brief.effectiveness_section(ctx)
    text = _text(section)
    assert "largest" not in text and "smallest" not in text
    stated = ctx.claims[(ctx.claims.measure == "against_comparison") & (ctx.claims.claim == "positive")]
    assert len(stated) >= 1
    positions = [text.index(brief.sections.model.label("theme", th, "en").capitalize())
                 for th in stated.theme]
    order = [list(brief.sections.model.THEMES).index(th) for th in stated.theme]
    assert [p for _, p in sorted(zip(order, positions, strict=True))] == sorted(positions)
    assert "better off than" in text  # the plain-language scale comes with every stated effect
    fi = _text(brief.effectiveness_section(brief.prepare("15", data=demo)))
    assert "suurin" not in fi


def test_brief_table_columns_come_from_the_same_activities_and_use_truncated_kh(demo):
    ctx = brief.prepare("15", data=demo, lang="en")
    table = next(b for b in brief.effectiveness_section(ctx).blocks if b.kind == "table")
    assert table.columns[1:4] == ["k, with comparison group", "Before–after, same activities",
                                  "Difference from comparison group"]
    assert "same activities" in table.text and "Knapp–Hartung" in table.text
    c = ctx.claims
    e = ctx.effects_c
    e = e[e.poolable & (e.theme == "peer_support") & (e.effect_type == "ppc")]
    row = next(r for r in table.rows if r[0] == "peer support")
    assert row[1] == fmt_count(len(e), "en")
    ref = eff.pool_for_claim(e.smcr, e.smcr_var, e.org_id.astype(str))  # the same activities
    same = c[(c.theme == "peer_support") & (c.measure == "before_after")
             & (c.activities == "with_comparison_group")].iloc[0]
    assert np.isclose(same.estimate, ref.estimate) and same.model == ref.model
    assert set(c.model) <= {"knapp_hartung_truncated", "three_level"}
    pooled = ctx.pooled
    assert (pooled["knapp_hartung"] == "truncated").all()
    assert isinstance(pooled, pd.DataFrame)
