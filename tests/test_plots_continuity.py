"""Tests for the funding-continuity figures (impactlib._plots_continuity via impactlib.plots).

The figures compute nothing; these tests check that they draw what the tables
say (bar widths equal the shares), hide suppressed cells, use Finnish or
English labels and number formats, and carry the demo mark.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle
from numpy.testing import assert_allclose

from impactlib import continuity as c
from impactlib import plots
from impactlib.i18n import NBSP

EXACT = 1e-12  # bar geometry is the table's floats, drawn without arithmetic beyond sums


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text"))]


def _bars(ax, label) -> list[Rectangle]:
    for cont in ax.containers:
        if cont.get_label() == label:
            return list(cont.patches)
    raise AssertionError(f"no bars labelled {label!r}")


SUMMARY = pd.DataFrame({
    "group": ["15"] * 5 + ["90"] * 5,
    "outcome": list(c.HANDOVER_OUTCOMES) * 2,
    "n": [40, 25, 10, 12, 13, 50, 3, 20, 7, 20],
    "n_group": [100] * 5 + [100] * 5,
    "share": [0.40, 0.25, 0.10, 0.12, 0.13, 0.50, 0.03, 0.20, 0.07, 0.20],
    "hidden": [False] * 5 + [False, True, False, True, False],
})


def test_handover_bars_equal_shares_and_hidden_cells_are_pooled():
    ax = plots.plot_handover(SUMMARY, lang="fi", synthetic=True)
    cont = _bars(ax, "kunta jatkoi")
    assert_allclose([p.get_width() for p in cont], [0.40, 0.50], rtol=EXACT)
    # Helsinki's hidden cells (3 and 7 associations) are not drawn in their own colours ...
    assert_allclose(_bars(ax, "hyvinvointialue jatkoi")[1].get_width(), 0.0)
    assert_allclose(_bars(ax, "pieneni")[1].get_width(), 0.0)
    # ... but pooled in one grey segment of 0.03 + 0.07, so the bar still reaches 100 %
    pooled = _bars(ax, "piilotettu (<5)")
    assert_allclose([p.get_width() for p in pooled], [0.0, 0.10], atol=EXACT)
    assert_allclose(pooled[1].get_x() + pooled[1].get_width(), 1.0, rtol=EXACT)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Keski-Suomi (n = 100)", "Helsinki (n = 100)"]
    assert ax.xaxis.get_major_formatter()(0.25, 0) == f"25{NBSP}%"
    assert plots.DEMO_MARKS["fi"] in _texts(ax.figure)


def test_handover_english_labels_and_no_demo_mark_for_real_data():
    ax = plots.plot_handover(SUMMARY, lang="en", synthetic=False)
    assert ax.get_title(loc="left") == "Municipal grants 2022→2023"  # house style: left titles
    assert _bars(ax, "continued by municipality")
    assert ax.xaxis.get_major_formatter()(0.25, 0) == "25%"
    assert not any("DEMO" in t for t in _texts(ax.figure))
    with pytest.raises(ValueError, match="handover_summary"):
        plots.plot_handover(SUMMARY.drop(columns="hidden"))


def test_funding_mix_bars_stack_to_the_shares():
    f = pd.DataFrame({"org_id": ["a", "a", "b"] * 2, "year": [2022] * 3 + [2023] * 3,
                      "source": ["municipality", "fundraising", "fundraising"] * 2,
                      "funder": ["179", "own", "own"] * 2,
                      "amount_eur": [600.0, 200.0, 200.0, 300.0, 100.0, 100.0]})
    mix = c.mix_over_years(f).assign(hidden=False)  # this tiny table would be all hidden
    ax = plots.plot_funding_mix(mix, lang="en")
    assert_allclose([p.get_height() for p in _bars(ax, "municipalities")], [0.6, 0.6], rtol=EXACT)
    own = _bars(ax, "own fundraising")
    assert_allclose([p.get_y() for p in own], [0.6, 0.6], rtol=EXACT)
    ax2 = plots.plot_funding_mix(mix, relative=False)
    # millions of euros: 600 € = 0.0006 M€
    assert_allclose(_bars(ax2, "kunnat")[0].get_height(), 6e-4, rtol=EXACT)
    with pytest.raises(ValueError, match="no rows for group"):
        plots.plot_funding_mix(mix, group="15")


def test_survival_curve_at_risk_table_and_small_counts():
    sp = pd.DataFrame({"org_id": list("abcdefgh"), "funder": "F", "start": 2016,
                       "end": [2016, 2016, 2017, 2017, 2018, 2019, 2019, 2020],
                       "length": [1, 1, 2, 2, 3, 4, 4, 5],
                       "censored": [False, False, False, True, False, False, True, True],
                       "truncated": False, "first_amount_eur": 1.0, "last_amount_eur": 1.0})
    res = c.spell_survival(sp)
    ax = plots.plot_survival(res, synthetic=True, min_at_risk=5)
    line = ax.get_lines()[0]
    # drawn from (0, 1) while at least 5 spells are at risk: t = 1 (8 at risk), t = 2 (6)
    assert_allclose(line.get_xdata(), [0, 1, 2])
    assert_allclose(line.get_ydata(), [1.0] + res.table["survival"].iloc[:2].tolist(), rtol=EXACT)
    texts = _texts(ax.figure)
    # at-risk counts of 1-4 are shown as "<5", never as the number
    assert "<5" in texts and "8" in texts and "3" not in texts
    assert plots.DEMO_MARKS["fi"] in texts
    with pytest.raises(ValueError, match="spell_survival"):
        plots.plot_survival(res.table)


def test_dependence_bars_and_labels():
    bands = pd.DataFrame({"group": ["volunteer"] * 5, "band": list(c.DEPENDENCE_BANDS),
                          "lower": [b[0] for b in c.DEPENDENCE_BANDS.values()],
                          "n": [10, 20, 30, 20, 20], "share": [0.1, 0.2, 0.3, 0.2, 0.2],
                          "hidden": False})
    ax = plots.plot_dependence(bands)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["vapaaehtoispohjainen (n = 100)"]
    widths = [_bars(ax, lab)[0].get_width() for lab in
              ("alle 50 %", "50–75 %", "75–90 %", "90–<100 %", "100 % (yksi rahoittaja)")]
    assert_allclose(widths, [0.1, 0.2, 0.3, 0.2, 0.2], rtol=EXACT)
    assert np.isclose(sum(widths), 1.0)


def test_figures_on_the_demo_data(demo):
    f, o = demo.funding, demo.organisations
    ax = plots.plot_handover(c.handover_summary(c.handover(f, o)), synthetic=demo.synthetic)
    assert len(ax.get_yticklabels()) == 22
    ax = plots.plot_funding_mix(c.mix_over_years(f), synthetic=demo.synthetic)
    assert [t.get_text() for t in ax.get_xticklabels()] == [str(y) for y in range(2015, 2026)]
    assert plots.DEMO_MARKS["fi"] in _texts(ax.figure)
