"""No figure of a brief has overlapping labels, a legend over its bars, or two legend entries
that print alike in greyscale (issue 14).

Each figure is captured as the sections build it (before it becomes a PNG), drawn at the
brief's size and checked with ``impactlib.brief.figures.overlaps``: no two visible texts (title,
tick labels, legend entries, annotations) overlap, and no legend covers a bar; and with
``greyscale_clashes``: any two legend entries differ by at least 0.1 in grey (ITU-R BT.601
luma) or by hatch pattern. Pirkanmaa and
Helsinki in Finnish, Keski-Pohjanmaa (a small area) in English: the labels are the same in
every area, only bar lengths differ.
"""

from __future__ import annotations

import textwrap

import pytest

from impactlib import brief
from impactlib.brief import figures, sections, sections_market


@pytest.fixture(scope="module")
def drawn(demo):
    caught = []
    real = figures.figure_block

    def spy(fig, caption, layout="full"):
        caught.append((caption, fig))
        return real(fig, caption, layout)

    mp = pytest.MonkeyPatch()
    mp.setattr(sections, "figure_block", spy)
    mp.setattr(sections_market, "figure_block", spy)
    try:
        for lang, codes in (("fi", ("08", "90")), ("en", ("18",))):
            national = brief.prepare(codes[0], data=demo, lang=lang)
            for code in codes:
                sections.build_sections(national.for_county(code))
    finally:
        mp.undo()
    return caught


def test_no_figure_of_the_22_finnish_briefs_overlaps_or_prints_alike(rendered_figures):
    """Issue 14's done-when: the label-overlap check on the 22 demo briefs (every figure as
    ``make briefs`` draws it), and the greyscale check with it."""
    figs = rendered_figures
    assert len(figs) >= 22 * 4
    bad = [(cap, o) for cap, fig in figs if (o := figures.overlaps(fig))]
    assert not bad, bad[:5]
    grey = [(cap, g) for cap, fig in figs if (g := figures.greyscale_clashes(fig))]
    assert not grey, grey[:5]


def test_every_figure_of_three_briefs_was_checked(drawn):
    assert len(drawn) == 3 * 5  # field, funding mix, market, hand-over, dependence


def test_no_labels_overlap_and_no_legend_covers_a_bar(drawn):
    bad = [(caption, found) for caption, fig in drawn if (found := figures.overlaps(fig))]
    assert bad == [], bad[:3]


def test_the_check_finds_the_old_field_layout(drawn):
    """The field figure as it was (labels wrapped at 26 characters in 8.5 pt, the legend inside
    the axes) overlaps: the check can fail on a real figure."""
    caption, fig = next((c, f) for c, f in drawn if c.startswith("Associations by field")
                        or c.startswith("Toimialat") or c.startswith("Fields"))
    ax = fig.axes[0]
    ax.set_yticklabels([textwrap.fill(t.get_text().replace("\n", " "), 26)
                        for t in ax.get_yticklabels()], fontsize=8.5)
    ax.legend(loc="lower right", fontsize=8)
    fig.subplots_adjust(left=0.42, bottom=0.2)
    assert figures.overlaps(fig), caption


def test_no_two_legend_entries_print_alike_in_greyscale(drawn):
    bad = [(caption, found) for caption, fig in drawn if (found := figures.greyscale_clashes(fig))]
    assert bad == [], bad[:3]


def test_the_greyscale_check_finds_colours_alone(drawn):
    """Without their hatch patterns, the funding-mix sources clash in greyscale (municipalities,
    other public money, sales and in-kind support all print near 0.6): the check can fail."""
    caption, fig = next((c, f) for c, f in drawn if c.startswith(("Rahoitusrakenne", "Funding mix")))
    for ax in fig.axes:
        if ax.get_legend() is not None:
            for handle in ax.get_legend().legend_handles:
                if hasattr(handle, "set_hatch"):
                    handle.set_hatch(None)
    assert len(figures.greyscale_clashes(fig)) >= 3, caption


# --- colours, alternative text and hidden bands (issue 14) -----------------------------------

def _colours(fig) -> set:
    """Distinct fill colours of a figure's legend entries, the grey of hidden cells left out."""
    from matplotlib.colors import to_hex

    from impactlib import labels as catalogue

    hidden = {catalogue.text("hidden", lang) for lang in ("fi", "en")}
    out = set()
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=False):
            if hasattr(handle, "get_facecolor") and handle.get_fill() and text.get_text() not in hidden:
                out.add(to_hex(handle.get_facecolor()))
    return out


def test_at_most_six_colours_per_figure(drawn):
    """Issue 14: "at most about six colours per chart (group small sources)"."""
    many = [(caption, len(c)) for caption, fig in drawn if len(c := _colours(fig)) > 6]
    assert many == []


def test_the_colour_count_finds_the_ungrouped_funding_mix(demo):
    """The funding mix with all nine source groups (as before) has more than six colours."""
    from impactlib.plots import plot_funding_mix

    ctx = brief.prepare("08", data=demo)
    fig, (ax,) = figures.new_figure(4.4, 3.0)
    plot_funding_mix(ctx.mix, group=ctx.county, ax=ax)
    assert len(_colours(fig)) > 6


def test_alt_text_gives_the_values_the_figure_shows(demo):
    """The hand-over figure's alternative text states each shown outcome's share as the data give
    it (recomputed here from the library's table, whole percentages), not the axis ticks."""
    from impactlib import labels as catalogue
    from impactlib.i18n import fmt_pct

    ctx = brief.prepare("08", data=demo)
    block = next(b for b in sections.handover_section(ctx).blocks if b.kind == "figure")
    names = catalogue.labels("handover_outcome", "fi")
    hs = ctx.handover_summary
    shown = hs[~hs["hidden"].astype(bool) & (hs["n"] > 0)]
    assert len(shown) >= 5
    for _, r in shown.iterrows():
        assert f"{names[r['outcome']]} {fmt_pct(r['share'], 0, 'fi')}" in block.alt
    assert "0\xa0% · 20\xa0%" not in block.alt and "20\xa0% · 40\xa0%" not in block.alt
    assert block.alt.startswith(block.text + " — ")


def test_every_figure_has_values_in_its_alt_text(drawn):
    """Every brief figure is a bar chart whose alternative text lists values (a percentage after a
    label), and no run of axis ticks."""
    import re

    for caption, fig in drawn:
        values = figures.figure_values(fig)
        assert re.search(r"\w \d+\s?%", values), caption
        assert not re.search(r"0\s?% · 20\s?%|0\s?% · 5\s?%", values), caption


def test_hidden_bands_are_merged_in_their_place(demo):
    """Kainuu 2025: the band under 50 % has fewer than five associations. Its complement is the
    neighbouring band (50–75 %), and the figure draws the two as one grey segment at the start
    of the bar, not a large band hidden at its end (issue 14)."""
    ctx = brief.prepare("20", data=demo)
    d = ctx.dependence
    here = d[d["group"] == ctx.county].set_index("band")
    assert here.loc["under_50", "n"] < 5
    assert list(here.index[here["hidden"]]) == ["under_50", "50_75"]
    caught = []
    real = figures.figure_block
    mp = pytest.MonkeyPatch()
    mp.setattr(sections, "figure_block", lambda fig, c, layout="full": caught.append(fig) or real(fig, c, layout))
    try:
        sections.dependence_section(ctx)
    finally:
        mp.undo()
    ax = caught[0].axes[0]
    from impactlib import labels as catalogue

    grey = [p for c in ax.containers if c.get_label() == catalogue.text("hidden", "fi")
            for p in c.patches if p.get_width() > 0]
    assert len(grey) == 1
    assert grey[0].get_x() == pytest.approx(0.0)
    assert grey[0].get_width() == pytest.approx(here.loc[["under_50", "50_75"], "share"].sum())
