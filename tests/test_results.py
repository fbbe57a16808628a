"""One API for every result object and every confidence level.

Every result object has ``to_frame()``, ``summary(lang=)``, a readable ``repr``, its
confidence ``level`` and its ``warnings`` (a tuple of texts); every confidence level is
passed as ``level=`` (``confidence=`` warns); every ``by=`` is documented.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pandas as pd
import pytest
from reference import sim_comparison

from impactlib import continuity, effectiveness, field
from impactlib.continuity import SurvivalResult
from impactlib.effectiveness import (
    ComparisonResult,
    EggerResult,
    MetaRegressionResult,
    PoolResult,
    SMDResult,
)

RESULT_CLASSES = [PoolResult, MetaRegressionResult, EggerResult, SMDResult, ComparisonResult,
                  SurvivalResult]


def _spells():
    return pd.DataFrame({"org_id": list("abcdefgh"), "funder": ["F"] * 8, "start": [2016] * 8,
                         "end": [2017, 2017, 2018, 2019, 2020, 2020, 2021, 2022],
                         "length": [2, 2, 3, 4, 5, 5, 6, 7],
                         "censored": [False, False, True, False, True, False, False, True],
                         "truncated": [False] * 8, "first_amount_eur": [1.0] * 8,
                         "last_amount_eur": [1.0] * 8})


def _results(level: float):
    yi, vi = [0.1, 0.3, 0.35, 0.65, 0.45, 0.15], [0.03, 0.03, 0.05, 0.01, 0.05, 0.02]
    return {
        PoolResult: effectiveness.pool(yi, vi, level=level),
        MetaRegressionResult: effectiveness.meta_regression(yi, vi, [1, 2, 3, 4, 5, 6], level=level),
        EggerResult: effectiveness.egger(yi, vi, level=level),
        SMDResult: effectiveness.smd([103, 98], [5.5, 6], [50, 40], [100, 97], [4.5, 5], [50, 40],
                                     level=level),
        ComparisonResult: effectiveness.comparison_effect(sim_comparison(3, n=25), level=level),
        SurvivalResult: continuity.spell_survival(_spells(), level=level),
    }


@pytest.mark.parametrize("cls", RESULT_CLASSES, ids=lambda c: c.__name__)
def test_every_result_defines_the_same_methods(cls):
    for name in ("to_frame", "summary", "__repr__"):
        assert name in vars(cls), f"{cls.__name__} has no {name} of its own"
    assert list(inspect.signature(cls.summary).parameters) == ["self", "lang"]


@pytest.mark.parametrize("level", [0.9, 0.95])
def test_results_carry_level_warnings_and_a_table(level):
    for cls, res in _results(level).items():
        assert isinstance(res, cls)
        assert res.level == level, cls.__name__
        assert isinstance(res.warnings, tuple) and all(isinstance(w, str) for w in res.warnings)
        frame = res.to_frame()
        assert isinstance(frame, pd.DataFrame) and len(frame) > 0, cls.__name__
        assert (frame["confidence"] == level).all(), cls.__name__


def test_summaries_are_finnish_or_english_and_reprs_readable():
    for cls, res in _results(0.95).items():
        fi, en = res.summary("fi"), res.summary(lang="en")
        assert isinstance(fi, str) and isinstance(en, str) and fi != en, cls.__name__
        assert ("95 %" in fi and "95%" in en) or cls in (EggerResult, PoolResult), cls.__name__
        with pytest.raises(ValueError, match="lang"):
            res.summary("sv")
        r = repr(res)
        assert r.startswith(cls.__name__ + "(") and len(r) < 1500, cls.__name__
        assert "DataFrame" not in r and "array(" not in r, cls.__name__  # no raw dumps
    assert "95 %:n lv" in _results(0.95)[PoolResult].summary("fi")


def test_interval_width_follows_level():
    narrow, wide = _results(0.8), _results(0.99)
    assert wide[PoolResult].ci_high - wide[PoolResult].ci_low > narrow[PoolResult].ci_high - narrow[PoolResult].ci_low
    t_n, t_w = narrow[SurvivalResult].table, wide[SurvivalResult].table
    inner = t_n["survival"].between(0.01, 0.99)
    assert ((t_w["ci_high"] - t_w["ci_low"])[inner] > (t_n["ci_high"] - t_n["ci_low"])[inner]).all()


def test_warnings_are_kept_on_results():
    assert effectiveness.pool([0.1, 0.2], [0.01, 0.02]).warnings  # k < 3, random effects
    assert effectiveness.egger([0.1, 0.2, 0.4, 0.3], [0.01, 0.02, 0.04, 0.03]).warnings  # k < 10
    assert effectiveness.smd([1.0], [0.0], [1], [1.0], [0.0], [1]).warnings  # no estimate
    assert continuity.spell_survival(_spells().head(4)).warnings  # a group of fewer than 5 spells
    sp = _spells().assign(truncated=[True] + [False] * 7)
    assert any("left-truncated" in w for w in continuity.spell_survival(sp).warnings)


def test_confidence_is_a_deprecated_alias_of_level():
    sp = _spells()
    with pytest.warns(DeprecationWarning, match="level="):
        old = continuity.spell_survival(sp, confidence=0.9)
    new = continuity.spell_survival(sp, level=0.9)
    pd.testing.assert_frame_equal(old.table, new.table)
    assert old.level == 0.9 and old.confidence == 0.9 and old.notes == old.warnings
    f = pd.DataFrame({"org_id": ["a"], "year": [2024], "source": ["county"], "funder": ["15"],
                      "amount_eur": [1.0]})
    with pytest.warns(DeprecationWarning, match="key="):
        m = continuity.mix_over_years(f, level="source")
    pd.testing.assert_frame_equal(m, continuity.mix_over_years(f, key="source"))


def _public_functions():
    for mod in (continuity, effectiveness, field):
        for name in mod.__all__:
            obj = getattr(mod, name)
            if inspect.isfunction(obj):
                yield f"{mod.__name__}.{name}", obj


#: ``level=`` kept only as a deprecated alias of another parameter (it warns, see above).
LEVEL_DEPRECATED = {"impactlib.continuity.mix_over_years"}


def test_level_always_means_a_confidence_level():
    seen = 0
    for name, fn in _public_functions():
        params = inspect.signature(fn).parameters
        assert "alpha" not in params, name
        if "level" in params and name not in LEVEL_DEPRECATED:
            assert params["level"].default == 0.95, name
            seen += 1
        if "confidence" in params:
            assert params["confidence"].default is None and "level" in params, name  # alias only
    assert seen >= 10


def test_every_by_is_documented():
    seen = 0
    for name, fn in _public_functions():
        if "by" in inspect.signature(fn).parameters:
            seen += 1
            assert "\n    by : " in fn.__doc__, name
    assert seen >= 12
    for mod in (continuity, effectiveness):
        assert "``by=`` always names" in mod.__doc__


def test_egger_names_its_statistic():
    lm = effectiveness.egger(*np.array([[0.1, 0.3, 0.2, 0.5, 0.4], [0.01, 0.02, 0.015, 0.04, 0.03]]))
    rma = effectiveness.egger([0.1, 0.3, 0.2, 0.5, 0.4], [0.01, 0.02, 0.015, 0.04, 0.03], model="rma")
    assert lm.test == "t" and lm.t == lm.statistic and np.isnan(lm.z)
    assert rma.test == "z" and rma.z == rma.statistic and np.isnan(rma.t)


def test_no_warning_escapes_a_normal_call():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _results(0.95)
