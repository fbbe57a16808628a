"""Disclosure over a publication set, proved by linear programming (issue 11)."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from impactlib import disclosure, field
from impactlib.publication import Publication, check, protect_across_areas


def test_the_issue_example_is_caught_and_then_protected():
    # one county of 3 associations: "<5" beside the whole country's 53 and the others 20, 30, 0
    t = {("A", "volunteer"): "<5", ("B", "volunteer"): 20, ("C", "volunteer"): 30,
         ("D", "volunteer"): 0, ("all", "volunteer"): 53}
    pub = Publication()
    pub.add_table("n", t)
    r = check(pub)
    assert r.loc[0, "low"] == r.loc[0, "high"] == 3 and not r.loc[0, "protected"]
    safe = protect_across_areas(t)
    pub2 = Publication()
    pub2.add_table("n", safe)
    r2 = check(pub2)
    assert r2["protected"].all() and len(r2) == 2


def test_whole_group_in_one_category_is_attribute_disclosure():
    # area A: total <5, all of them volunteer-based (the others shown as 0)
    t = {("A", "volunteer"): "<5", ("A", "intermediate"): 0, ("A", "service"): 0,
         ("B", "volunteer"): 40, ("B", "intermediate"): 30, ("B", "service"): 10}
    pub = Publication()
    pub.add_table("kinds", t, totals={"A": "<5", "B": 80})
    r = check(pub).set_index("cell")
    assert r.loc["kinds|A|volunteer", "whole_group"] and not r.loc["kinds|A|volunteer", "protected"]


def test_bounds_agree_with_brute_force_enumeration():
    """The LP interval equals the range of integer solutions found by enumeration (small case)."""
    t = {("A", "a"): "<5", ("B", "a"): "x", ("C", "a"): 7, ("all", "a"): 14,
         ("A", "b"): 6, ("B", "b"): "<5", ("C", "b"): "x", ("all", "b"): 15}
    pub = Publication()
    pub.add_table("q", t, totals={"A": 9, "B": 8, "C": "x"})
    r = check(pub).set_index("cell")
    names = list(r.index)
    sols = []
    for vals in itertools.product(range(0, 16), repeat=len(names)):
        v = dict(zip(names, vals, strict=True))
        if any(not 1 <= v[n] <= 4 for n in names if pub.cells[n] == "<5"):
            continue
        full = {**{k: x for k, x in pub.cells.items() if not isinstance(x, str)}, **v}
        if all(full[tot] == sum(full[p] for p in parts) for tot, parts in pub.relations):
            sols.append(vals)
    sols = np.array(sols)
    assert len(sols)
    for j, n in enumerate(names):
        assert r.loc[n, "low"] == pytest.approx(sols[:, j].min())
        assert r.loc[n, "high"] == pytest.approx(sols[:, j].max())


def test_inconsistent_publication_is_an_error():
    pub = Publication()
    pub.add_table("n", {("A", "v"): 2 + 3, ("B", "v"): 10, ("all", "v"): 16})
    with pytest.raises(ValueError, match="disagree"):
        check(pub)


def _kinds_publication(orgs):
    """The kinds of association per area and for the whole country, each area suppressed on its
    own as one brief table does (disclosure.suppress), plus the areas' totals."""
    t = field.association_counts(orgs, by="kind", county="each")
    shown = disclosure.suppress(t, ["n"], groups="area")
    values = {(r.area, r.code): r.n for r in shown.itertuples()}
    totals = {a: (disclosure.SMALL if 0 < n < 5 else n)
              for a, n in t.groupby("area")["n_area"].first().items()}
    return values, totals


def test_demo_kinds_publication_has_no_recoverable_cell(demo):
    values, totals = _kinds_publication(demo.organisations)
    pub = Publication()
    pub.add_table("kinds", values, totals=totals)
    assert check(pub)["protected"].all()


def test_adversarial_tiny_county(demo):
    """A county of 3 associations, all volunteer-based: a per-brief suppression is recoverable
    across the publication; protect_across_areas makes it safe."""
    orgs = demo.organisations.copy()
    oc = demo.org_county()
    kainuu = orgs["org_id"].map(oc) == "20"
    keep = orgs[kainuu & (orgs["kind"] == "volunteer")].head(3).index
    orgs = orgs[~kainuu | orgs.index.isin(keep)]
    values, totals = _kinds_publication(orgs)
    pub = Publication()
    pub.add_table("kinds", values, totals=totals)
    r = check(pub)
    assert not r["protected"].all()
    safe = protect_across_areas(values, table="kinds", totals=totals)
    pub2 = Publication()
    pub2.add_table("kinds", safe, totals=totals)
    r2 = check(pub2)
    assert r2["protected"].all(), r2[~r2["protected"]]
    assert pd.Series(list(safe.values())).isin(["x"]).sum() > 0
    assert totals["20"] == "<5" and "x" in totals.values()  # another area's total hidden too


def test_a_rounded_percentage_of_a_stated_total_pins_a_hidden_count():
    """Issue 11: "including percentages of shown totals". Areas B and C state their counts and
    bases, the whole country only "53.6 %" of its 100: the whole count lies in [53.55, 53.65],
    so the hidden A (1–4) is 3.6 ± 0.05 — pinned. Without the percentage it stays 1–4."""
    from impactlib.publication import UNSTATED

    def pub(with_share: bool) -> Publication:
        p = Publication()
        for area, k, n in (("A", "<5", 10), ("B", 20, 40), ("C", 30, 50)):
            p.add(f"t|{area}|k", k)
            p.add(f"t|{area}|n", n)
        p.add("t|all|k", UNSTATED)
        p.add("t|all|n", 100)
        p.relate("t|all|k", ["t|A|k", "t|B|k", "t|C|k"])
        if with_share:
            p.relate_share("t|all|k", "t|all|n", 0.536, 1)
        return p

    without = check(pub(False)).set_index("cell")
    assert list(without.index) == ["t|A|k"]  # unstated cells are not reported
    assert without.loc["t|A|k", "protected"] and without.loc["t|A|k", "high"] == pytest.approx(4)
    r = check(pub(True)).set_index("cell")
    assert not r.loc["t|A|k", "protected"]
    assert r.loc["t|A|k", "low"] == pytest.approx(3.55) and r.loc["t|A|k", "high"] == pytest.approx(3.65)
    # the same by enumeration of whole numbers: only A = 4 gives 54 (54 %), and no whole
    # number gives 53.55–53.65 %: the relaxation is what a reader with a calculator gets
    assert [a for a in range(1, 5) if 53.55 <= 50 + a <= 53.65] == []

