"""The service-producer figures draw what the tables say, readable in greyscale: each segment
has its own hatching, shares of 10 % or more are written on the bars, at most six colours,
and hidden cells are pooled into one grey segment."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from numpy.testing import assert_allclose

from impactlib import market, plots

EXACT = 1e-12


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _bars(ax, label):
    for cont in ax.containers:
        if cont.get_label() == label:
            return list(cont.patches)
    raise AssertionError(f"no bars labelled {label!r}")


def _texts(ax):
    return [t.get_text() for t in ax.figure.findobj(lambda a: hasattr(a, "get_text"))]


CHANNELS = pd.DataFrame({
    "group": ["15", "15", "all", "all"], "period": ["before", "after"] * 2,
    "years": ["2015–2022", "2023–2025"] * 2, "n_selling_public": [40, 3, 900, 850],
    "procurement_share": [0.8, 0.5, 0.81, 0.66], "service_voucher_share": [0.15, 0.35, 0.14, 0.25],
    "personal_budget_share": [0.05, 0.15, 0.05, 0.09], "hidden": [False, True, False, False]})


def test_channels_widths_hatches_labels_and_hidden_row():
    ax = plots.plot_sales_channels(CHANNELS, lang="fi", synthetic=True)
    proc = _bars(ax, "hankintasopimus")
    assert_allclose([p.get_width() for p in proc], [0.8, 0.0, 0.81, 0.66], atol=EXACT)  # row 2 hidden
    assert {p.get_hatch() for p in _bars(ax, "palveluseteli")} == {"////"}
    assert {p.get_hatch() for p in _bars(ax, "henkilökohtainen budjetti")} == {"...."}
    hidden = _bars(ax, "piilotettu (<5)")
    assert_allclose([p.get_width() for p in hidden], [0, 1, 0, 0])
    texts = _texts(ax)
    assert "80\u00a0%" in texts and "35\u00a0%" not in texts  # the hidden row writes no share
    assert "Keski-Suomi: ennen 2023" in [t.get_text() for t in ax.get_yticklabels()]
    assert any("DEMO" in t for t in texts)
    colours = {to_hex(p.get_facecolor()) for c in ax.containers for p in c.patches}
    assert len(colours) <= 6


def test_transition_shares_and_pooled_hidden_cells():
    tr = pd.DataFrame({"county": ["15"] * 20 + ["90"] * 4,
                       "outcome": ["moved_county"] * 12 + ["lost"] * 5 + ["in_house"] * 3 + ["lost"] * 4,
                       "before_eur": 1.0, "total_eur": 0.0})
    s = pd.concat([market.transition_summary(tr), market.transition_summary(tr, by=None)])
    ax = plots.plot_sales_transition(s, groups=["15", "all"], lang="en")
    moved = _bars(ax, "moved to the county")
    assert_allclose([p.get_width() for p in moved], [12 / 20, 12 / 24], atol=EXACT)
    # in county 15, 3 in-house (hidden) and its complement are pooled; "all" shows every cell
    pooled = _bars(ax, "suppressed (<5)")
    row15 = s[(s["group"] == "15") & s["hidden"]]["share"].sum()
    assert_allclose(pooled[0].get_width(), row15, atol=EXACT) and pooled[1].get_width() == 0
    assert {p.get_hatch() for p in moved} == {"\\\\\\\\"}
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Central Finland (n = 20)", "whole country (n = 24)"]
    assert "share of associations selling to municipalities in 2022" == ax.get_xlabel()


def test_demo_figures_draw_in_both_languages(demo):
    ch = market.public_channels(demo.funding, demo.organisations)
    allc = market.public_channels(demo.funding, demo.organisations, by=None)
    t = pd.concat([ch[ch["group"] == "15"], allc])
    for lang in ("fi", "en"):
        ax = plots.plot_sales_channels(t, lang=lang, synthetic=True)
        widths = np.array([[p.get_width() for p in c.patches] for c in ax.containers[:3]])
        assert_allclose(widths.sum(axis=0), 1.0, atol=1e-9)  # the channels make up every bar
