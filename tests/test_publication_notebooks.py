"""The notebooks and the briefs of one ``make briefs`` run, checked as one publication
(issue 11): a count the notebooks show must be the count the briefs show (or hidden in both),
and with the notebooks' cells added no hidden count can be worked out.

The notebook tables are made here with the same library calls and the same formatter
(``i18n.tables.format_wide``) as notebooks 01 (associations by kind and county) and 02 (the
hand-over of municipal grants by county); their cells are read back from the formatted text,
as a reader would, and added to the briefs' :class:`impactlib.publication.Publication` under
the briefs' own cell names. ``Publication.add`` refuses a cell published as two different
things, and :func:`impactlib.publication.check` bounds every hidden cell.
"""

from __future__ import annotations

import re

import pytest

from impactlib import brief, field, model, regions
from impactlib import continuity as c
from impactlib.i18n.tables import column, format_wide
from impactlib.publication import check

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def protected(demo):
    base = brief.prepare("01", data=demo)
    contexts = [base if c == "01" else base.for_county(c) for c in regions.counties()["code"]]
    brief.protect(contexts)
    return contexts


def _count(cell: str):
    """A published cell as the reader sees it: a count, or the marker."""
    cell = cell.replace("\xa0", " ").strip()
    if cell in ("<5", "x"):
        return cell
    m = re.match(r"^([\d ]+)", cell)
    assert m, cell
    return int(m.group(1).replace(" ", ""))


def _codes() -> dict:
    names = {regions.county_name(code): code for code in regions.counties()["code"]}
    names["koko maa"] = "all"
    return names


def _add_wide(pub, table: str, wide, order, label_of) -> int:
    codes = _codes()
    added = 0
    for _, row in wide.iterrows():
        area = codes[row.iloc[0]]
        for code in order:
            pub.add(f"{table}|{area}|{code}", _count(row[label_of(code)]))
            added += 1
    return added


def test_notebook_tables_agree_with_the_briefs_and_reveal_nothing(demo, protected):
    pub = brief.publication_of(protected)
    n_before = len(pub.cells)
    kinds = field.association_counts(demo.organisations, by="kind", county="each")
    wide = format_wide(kinds, index=column("area", "county", "area"),
                       columns=column("code", "code", codes="kind"),
                       value=column(("n", "share"), "count_pct", "associations_share"),
                       total=column("n_area", "count", "associations"), groups="area",
                       order=list(model.KINDS))
    added = _add_wide(pub, "kinds", wide, list(model.KINDS), lambda k: model.label("kind", k))
    ho = c.handover_summary(c.handover(demo.funding, demo.organisations), by="county")
    wide = format_wide(ho, index=column("group", "county", "area"),
                       columns=column("outcome", "code", codes="handover_outcome"),
                       value=column(("n", "share"), "count_pct"),
                       total=column("n_group", "count", "associations"), groups="group",
                       order=list(c.HANDOVER_OUTCOMES))
    added += _add_wide(pub, "handover", wide, list(c.HANDOVER_OUTCOMES),
                       lambda o: c.HANDOVER_OUTCOMES[o][0])
    assert added >= 22 * 3 + 22 * 5
    # the notebooks' cells are the briefs' cells: nothing new was published...
    assert len(pub.cells) == n_before
    # ...and the whole set still protects every hidden count
    report = check(pub)
    assert report["protected"].all(), report[~report["protected"]]


def test_a_notebook_showing_what_a_brief_hides_is_caught(demo, protected):
    pub = brief.publication_of(protected)
    hidden = next(name for name, v in pub.cells.items() if name.startswith("fields|") and v in ("<5", "x"))
    true = int(field.association_counts(demo.organisations, by="category", county=hidden.split("|")[1])
               .query(f"area == '{hidden.split('|')[1]}' and code == '{hidden.split('|')[2]}'")["n"].iloc[0])
    with pytest.raises(ValueError, match="published as"):
        pub.add(hidden, true)
