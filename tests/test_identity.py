"""No personal data in a dataset, and never echoed in a message (issue 11)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import impactlib
from impactlib import DataError, identity

SMALL = Path(__file__).resolve().parent / "data" / "small_dataset"
# 131052-308T is the example code of the Finnish Digital and Population Data Services Agency
# (Digi- ja väestötietovirasto, "Henkilötunnus"); its control character T = 131052308 mod 31.
HETU_FORMS = ["131052-308T", "131052-308t", "131052308T", "p131052-308T", "131052 - 308 T",
              "131052A308T", " 131052-308T ", "id:131052-308T"]
CONTACT = ["maija.meikalainen@example.fi", "+358 40 123 4567", "040-1234567", "0401234567"]
NAMES = ["Matti Meikäläinen", "Anna-Liisa Virtanen"]


@pytest.fixture(scope="module")
def small():
    return impactlib.load_dataset(SMALL)


def _with_participant(ds, values):
    o = ds.outcomes.copy()
    o["participant_id"] = o["participant_id"].astype(object)
    for i, v in enumerate(values):
        o.iloc[i, o.columns.get_loc("participant_id")] = v
    return replace(ds, outcomes=o, origins={})


def _problems(ds):
    with pytest.raises(DataError) as err:
        impactlib.validate(ds)
    return err.value.problems


def test_control_character_reference():
    assert identity.hetu_control("131052308") == "T"


@pytest.mark.parametrize("value", HETU_FORMS)
def test_identity_code_in_any_form_is_refused_and_masked(small, value):
    probs = _problems(_with_participant(small, [value]))
    hits = [p for p in probs if p.rule == "personal_id"]
    assert hits and hits[0].column == "participant_id"
    text = "\n".join(str(p) for p in probs)
    assert "308" not in text and "131052" not in text


@pytest.mark.parametrize("value,rule", [(v, "personal_contact") for v in CONTACT]
                         + [(v, "person_name") for v in NAMES])
def test_contacts_and_names_are_refused_as_participant_ids(small, value, rule):
    probs = _problems(_with_participant(small, [value]))
    assert any(p.rule == rule for p in probs)
    assert value not in "\n".join(str(p) for p in probs)


def test_identity_codes_in_other_text_fields(small):
    f = small.funding.copy()
    f["grant_id"] = f["grant_id"].astype(object)
    f.iloc[0, f.columns.get_loc("grant_id")] = "131052-308T"
    probs = _problems(replace(small, funding=f, origins={}))
    assert any(p.rule == "personal_id" and p.column == "grant_id" for p in probs)


def test_duplicate_key_message_does_not_print_the_code(small):
    o = small.outcomes.copy()
    o["participant_id"] = o["participant_id"].astype(object)
    first = o.iloc[0]
    dup = first.copy()
    o.iloc[0, o.columns.get_loc("participant_id")] = "131052-308T"
    dup["participant_id"] = "131052-308T"
    o = pd.concat([o, dup.to_frame().T], ignore_index=True).astype(small.outcomes.dtypes.to_dict())
    probs = _problems(replace(small, outcomes=o, origins={}))
    assert "131052" not in "\n".join(str(p) for p in probs)


def test_ordinary_ids_pass():
    s = pd.Series(["p001", "A-0001-2023", "P-12345", "1234567-8", "STEA C 5432", "2023-0101-77",
                   "Esimerkkiyhdistys ry", "120345678"], dtype="string")
    assert identity.personal_data(s).isna().all()
    assert not any(identity.is_personal(v) for v in s)
