"""The data model: the public column contract, code lists, the Y-tunnus check."""

from __future__ import annotations

import pytest

from impactlib import model


def test_public_column_contract():
    # Column names are the public contract (foundation issue): extend, never rename.
    assert model.column_names("organisations")[:5] == ["org_id", "name", "municipality", "kind", "category"]
    assert model.column_names("funding")[:6] == ["org_id", "year", "source", "funder", "amount_eur", "basis"]
    acts = model.column_names("activities")
    assert {"activity_id", "org_id", "year", "participants", "cost_eur", "design"} <= set(acts)
    assert model.column_names("outcomes")[:6] == ["activity_id", "participant_id", "phase", "instrument", "score", "group"]
    assert set(model.column_names("outcome_summaries")) >= {"activity_id", "instrument", "group", "phase", "n", "mean", "sd", "r"}


def test_code_lists_contract():
    assert list(model.KINDS) == ["volunteer", "intermediate", "service_provider"]
    assert list(model.SOURCES) == [
        "stea_general", "stea_targeted", "stea_project", "municipality", "county", "state_other", "eu",
        "foundation", "procurement", "service_voucher", "personal_budget", "fundraising",
        "in_kind_premises", "other",
    ]
    assert list(model.BASES) == ["collected", "sample", "estimate"]
    assert list(model.DESIGNS) == ["none", "monitoring", "pre_post", "comparison_group", "randomised"]
    assert list(model.PHASES) == ["pre", "post", "follow_up"]
    assert list(model.GROUPS) == ["participant", "comparison"]
    assert set(model.SOURCE_GROUPS) == set(model.SOURCES)
    assert set(model.SOURCE_GROUPS.values()) <= set(model.SOURCE_GROUP_LABELS)
    for name, codes in model.CODE_LISTS.items():
        for code, (fi, en) in codes.items():
            assert fi and en, (name, code)


def test_every_field_is_documented_in_english_and_finnish():
    for spec in model.TABLES.values():
        for f in spec.fields:
            assert f.en and f.fi, (spec.name, f.name)
            if f.kind == "code":
                assert f.codes in model.CODE_LISTS


@pytest.mark.parametrize(
    "ytunnus, valid",
    [
        # Published business IDs from the Finnish Trade Register (YTJ):
        ("0112038-9", True),  # Nokia Oyj
        ("0109862-8", True),  # Kesko Oyj
        ("0112038-8", False),
        ("0109862-0", False),
        ("112038-9", False),
        ("0112038 9", False),
        ("", False),
        (None, False),
    ],
)
def test_ytunnus_check_digit(ytunnus, valid):
    assert model.is_valid_ytunnus([ytunnus]).tolist() == [valid]


def test_ytunnus_remainder_one_has_no_valid_check_digit():
    # weights 7,9,10,5,8,4,2 (Finnish Tax Administration): the body "0000006" gives
    # 2·6 = 12, 12 mod 11 = 1, for which no check digit exists.
    body = "0000006"
    assert model.ytunnus_check_digit(body) is None
    assert not model.is_valid_ytunnus([f"{body}-{d}" for d in range(10)]).any()


def test_empty_tables_have_model_dtypes():
    for name in model.TABLES:
        t = model.empty_table(name)
        assert list(t.columns) == model.column_names(name)
    assert str(model.empty_table("funding")["year"].dtype) == "Int64"
    for name in model.TABLES:  # and pass their own schemas (pandera raises otherwise)
        model.schema(name).validate(t := model.empty_table(name), lazy=True)
        assert t.shape == (0, len(model.column_names(name)))


def test_labels():
    assert model.label("source", "stea_project", "fi") == "STEA hankeavustus (C)"
    assert model.label("kind", "service_provider", "en") == "sote-service producer"
    assert model.label("kind", "unknown-code") == "unknown-code"
    assert model.labels("design", "fi")["randomised"] == "satunnaistettu vertailu"


def test_every_schema_check_is_a_named_rule_with_a_message():
    """validate() reports a failed check under its name, with the message of that rule."""
    from impactlib.validation import RULES

    seen = set()
    for name in model.TABLES:
        s = model.schema(name)
        checks = [c for col in s.columns.values() for c in col.checks] + list(s.checks)
        for c in checks:
            assert c.name in RULES, (name, c.name)
            seen.add(c.name)
    # the single-table rules live in the schemas (validation.py keeps only rules across tables)
    assert {"code_list", "range", "ytunnus", "municipality_code", "personal_id", "feedback"} <= seen
    # issue 13 extended the key: two contracts with one buyer in one year are two rows
    assert model.schema("funding").unique == ["org_id", "year", "source", "funder", "grant_id",
                                              "contract_start"]
