"""One label catalogue, one (fi, en) order: impactlib.labels."""

from __future__ import annotations

import pytest

from impactlib import continuity, effectiveness, labels, model


def _pairs():
    for name, cat in {**labels.CODE_LISTS, **labels.RESULT_CODES}.items():
        for code, pair in cat.items():
            yield f"{name}:{code}", pair
    for key, pair in labels.FIGURE_TEXTS.items():
        yield f"figure:{key}", pair


def test_every_label_is_a_finnish_english_pair():
    for where, pair in _pairs():
        assert isinstance(pair, tuple) and len(pair) == 2, where
        assert all(isinstance(s, str) and s.strip() for s in pair), where


def test_finnish_comes_first():
    # a few words that exist in only one of the two languages, checked in both positions
    fi_words = {"kunta", "hyvinvointialue", "piilotettu", "osuus", "vertaistuki", "loppui"}
    en_words = {"municipality", "county", "suppressed", "share", "peer", "lost"}
    seen = 0
    for where, (fi, en) in _pairs():
        assert not (set(fi.lower().split()) & en_words), where
        assert not (set(en.lower().split()) & fi_words), where
        seen += bool(set(fi.lower().split()) & fi_words)
    assert seen >= 5  # the check looked at real labels


def test_model_and_indicators_read_the_catalogue():
    assert model.CODE_LISTS is labels.CODE_LISTS
    assert model.SOURCES is labels.SOURCES and model.SOURCE_GROUP_LABELS is labels.SOURCE_GROUP_LABELS
    assert continuity.HANDOVER_OUTCOMES is labels.HANDOVER_OUTCOMES
    assert effectiveness.RELIABLE_CHANGE_CATEGORIES is labels.RELIABLE_CHANGE_CATEGORIES
    assert effectiveness.NESTA_LEVELS is labels.NESTA_LEVELS
    assert effectiveness.OUTCOMES is labels.EVIDENCE_OUTCOMES
    assert {k: v[1:] for k, v in continuity.DEPENDENCE_BANDS.items()} == labels.DEPENDENCE_BAND_LABELS
    assert model.label("source", "county", "en") == "wellbeing services county"
    assert model.labels("phase", "fi")["pre"] == "alkumittaus"


def test_lookups():
    assert labels.label("handover_outcome", "split", "en") == "split between municipality and county"
    assert labels.label("theme", "no_such_code") == "no_such_code"
    assert labels.text("survival_title", "fi", pct=90) == (
        "Rahoitussuhteiden kesto (Kaplan–Meier, 90 %:n luottamusväli)")
    with pytest.raises(ValueError, match="lang"):
        labels.label("kind", "volunteer", "sv")
    with pytest.raises(KeyError, match="no code list"):
        labels.labels("no_such_list")
    with pytest.raises(KeyError, match="not a code list of the data model"):
        model.label("handover_outcome", "lost")
