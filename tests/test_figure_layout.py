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
