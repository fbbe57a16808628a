"""The counts a run of briefs publishes, as one system of sums, checked before anything is written.

One ``impactlib brief --all`` publishes a brief per area beside whole-country figures. Each
brief suppresses its own small counts, but a hidden count could still be worked out from what
the *other* briefs show: the whole country's number minus every other area's, or an area's
total minus the parts it shows (issue 11). This module collects the counts the briefs state —
as numbers, or as shares of a stated base (a share of a stated base is a count) — from the same
library tables the sections read (:class:`~impactlib.brief.context.BriefContext`), and hands
them to :func:`impactlib.publication.check`, which bounds every hidden count by linear
programming.

What is collected, per area and for the whole country (``all``):

* ``kinds`` — associations by kind (volunteer-based, intermediate, service producers), with
  the area's number of associations as total (field section and key figures);
* ``handover`` — municipal grants of the year before the reform by what happened to them, with
  the number of grants as total (hand-over section and figure);
* ``dependence`` — associations with outside funding by the largest funder's share band, with
  their number as total, and the sum of the two top bands (the "≥ 90 % from one funder" count
  the key messages and the dependence sentence state);
* ``staff`` — associations with and without paid staff, among those whose staffing is known.

A relation across areas (the areas add up to the whole country) is recorded only where the
areas' totals do add up to the whole country's (an association without a home area makes the
country larger than the sum, and then the relation does not hold).

Examples
--------
>>> from impactlib import brief
>>> ctx = brief.prepare("20")
>>> pub = publication_of([ctx.for_county(c) for c in ("20", "21")])
>>> sorted({name.split("|")[0] for name in pub.cells})
['dependence', 'handover', 'kinds', 'staff']
"""

from __future__ import annotations

import pandas as pd

from ..disclosure import SECONDARY, SMALL, is_small
from ..publication import Publication, check

__all__ = ["publication_of", "check_publication", "DisclosureError"]

_ALL = "all"
#: The bands whose sum the briefs state as "at least 90 % from one funder".
_HIGH = ("90_100", "single")


class DisclosureError(ValueError):
    """A run would publish counts from which a hidden count can be worked out."""

    def __init__(self, report: pd.DataFrame):
        self.report = report
        cells = ", ".join(f"{r.cell} ({r.low:g}–{r.high:g})" for r in report.itertuples())
        super().__init__(
            f"{len(report)} hidden count(s) could be worked out from the briefs of this run: {cells}. "
            "Nothing was written. / Ajon koosteista voisi päätellä piilotetun luvun; mitään ei "
            "kirjoitettu.")


def _marker(n, hidden: bool):
    n = int(n)
    if not hidden:
        return n
    return SMALL if bool(is_small(n)[0]) else SECONDARY


def _add(pub: Publication, table: str, cells: dict, totals: dict) -> None:
    """Add one table's cells and the relations that hold: each area's parts add up to its
    total; the areas add up to the whole country where their shown totals do."""
    areas = sorted({a for a, _ in cells if a != _ALL})
    cats = sorted({c for _, c in cells})
    for (a, c), v in cells.items():
        pub.add(f"{table}|{a}|{c}", v)
    for a, v in totals.items():
        pub.add(f"{table}|{a}|total", v)
        pub.relate(f"{table}|{a}|total", [f"{table}|{a}|{c}" for c in cats if (a, c) in cells])
    shown = [totals.get(a) for a in areas]
    whole = totals.get(_ALL)
    if (isinstance(whole, int) and all(isinstance(v, int) for v in shown)
            and sum(shown) == whole):
        for c in cats:
            if (_ALL, c) in cells:
                pub.relate(f"{table}|{_ALL}|{c}", [f"{table}|{a}|{c}" for a in areas if (a, c) in cells])
        pub.relate(f"{table}|{_ALL}|total", [f"{table}|{a}|total" for a in areas])


def publication_of(contexts) -> Publication:
    """The counts the briefs of ``contexts`` (one per area, same data and year) publish.

    Parameters
    ----------
    contexts : iterable of BriefContext

    Returns
    -------
    impactlib.publication.Publication
    """
    contexts = list(contexts)
    pub = Publication()
    kinds, kinds_tot = {}, {}
    hand, hand_tot = {}, {}
    dep, dep_tot = {}, {}
    staff, staff_tot = {}, {}
    for i, ctx in enumerate(contexts):
        areas = [ctx.county] + ([_ALL] if i == 0 else [])
        k = ctx.kinds
        for a in areas:
            rows = k[k["area"].astype(str) == a]
            for r in rows.itertuples():
                kinds[(a, r.code)] = _marker(r.n, r.hidden)
            if len(rows):
                kinds_tot[a] = int(rows["n_area"].iloc[0])
        hs = ctx.handover_summary
        if hs is not None:
            from ..disclosure import suppress

            shown = suppress(hs, ["n"], groups="group")
            for a in areas:
                rows = hs[hs["group"].astype(str) == a]
                marks = shown[hs["group"].astype(str) == a]
                for r, m in zip(rows.itertuples(), marks["n"], strict=True):
                    hand[(a, r.outcome)] = int(r.n) if str(m).isdigit() else str(m)
                if len(rows):
                    hand_tot[a] = int(rows["n_group"].iloc[0])
        d = ctx.dependence
        if d is not None:
            for a in areas:
                rows = d[d["group"].astype(str) == a]
                for r in rows.itertuples():
                    dep[(a, r.band)] = _marker(r.n, r.hidden)
                if len(rows):
                    dep_tot[a] = int(rows["n"].sum())
                    high = rows[rows["band"].isin(_HIGH)]
                    pub.add(f"dependence|{a}|high", int(high["n"].sum()))
                    pub.relate(f"dependence|{a}|high", [f"dependence|{a}|{b}" for b in high["band"]])
        st = ctx.staff
        for a in areas:
            if a in st.index:
                paid, unpaid = int(st.loc[a, "n_paid_staff"]), int(st.loc[a, "n_no_paid_staff"])
                hidden = bool(is_small(paid)[0] or is_small(unpaid)[0])
                staff[(a, "paid")] = _marker(paid, hidden)
                staff[(a, "not_paid")] = _marker(unpaid, hidden)
                staff_tot[a] = paid + unpaid
    _add(pub, "kinds", kinds, kinds_tot)
    _add(pub, "handover", hand, hand_tot)
    _add(pub, "dependence", dep, dep_tot)
    _add(pub, "staff", staff, staff_tot)
    return pub


def check_publication(contexts) -> pd.DataFrame:
    """Bound every hidden count the briefs of ``contexts`` publish; raise if one is exposed.

    Returns
    -------
    pandas.DataFrame
        :func:`impactlib.publication.check`'s report (every hidden cell, its bounds and
        ``protected``).

    Raises
    ------
    DisclosureError
        When a hidden count is pinned closer than the rule allows, a whole small group is
        shown to lie in one category, or a count of 1–4 is stated as it is; the error's
        ``report`` lists those cells.
    """
    pub = publication_of(contexts)
    report = check(pub)
    # a count of 1–4 stated as it is (an area's total of three associations) is a disclosure
    # by itself, whatever the sums say
    small = [{"cell": n, "marker": str(v), "low": float(v), "high": float(v), "protected": False,
              "whole_group": False} for n, v in pub.cells.items()
             if not isinstance(v, str) and bool(is_small(v)[0])]
    if small:
        report = pd.concat([report, pd.DataFrame(small)], ignore_index=True)
    bad = report[~report["protected"]]
    if len(bad):
        raise DisclosureError(bad.reset_index(drop=True))
    return report
