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
* ``fields`` — associations by field (the field figure and "the most associations are in …");
* ``handover`` — municipal grants of the year before the reform by what happened to them, with
  the number of grants as total (hand-over section and figure);
* ``dependence`` — associations with outside funding by the largest funder's share band, with
  their number as total, and the sum of the two top bands (the "≥ 90 % from one funder" count
  the key messages and the dependence sentence state);
* ``staff`` — associations with and without paid staff, among those whose staffing is known;
* ``market`` — service producers that sold to municipalities the year before the reform, by
  what followed (all five outcomes, with their number as total): the brief states three of
  them and the number, and notebook 05 of the same run shows the whole table
  (:func:`run_table`), so the whole table is what the run publishes;
* shares stated in sentences as "k (p %)" for the area and "p %" for the whole country — each a
  count, its base and the percentage's rounding interval (:meth:`Publication.relate_share`):
  ``levels`` (activities at evidence level 2 or more and 3 or more), ``felt`` (respondents who
  felt helped), ``cliff`` (ended STEA projects without an operating grant the year after),
  ``cut`` (associations losing more than the threshold in the cut made and in the cuts
  announced), ``back`` (lost municipal grants that came back the year after) and ``prepost``
  (activities measured before and after only).

A relation across areas (the areas add up to the whole country) is recorded only where the
areas' totals do add up to the whole country's (an association without a home area makes the
country larger than the sum, and then the relation does not hold).

:func:`protect` adds the secondary suppression the proof asks for, across the briefs, by
marking more cells ``hidden`` in each context's own tables (:func:`withhold`), so that every
section, figure, key figure and key message hides them; :func:`check_publication` then proves
that nothing can be worked out, or raises :class:`DisclosureError` (a stated total of 1–4
cannot be protected by hiding more: nothing is written).

Examples
--------
>>> from impactlib import brief
>>> ctx = brief.prepare("20")
>>> pub = publication_of([ctx.for_county(c) for c in ("20", "21")])
>>> sorted({name.split("|")[0] for name in pub.cells})  # doctest: +NORMALIZE_WHITESPACE
['back', 'cliff', 'cut', 'dependence', 'felt', 'fields', 'handover', 'kinds', 'levels', 'market',
 'prepost', 'staff']
"""

from __future__ import annotations

import pandas as pd

from ..disclosure import SECONDARY, SMALL, is_small
from ..publication import UNSTATED, Publication, check
from .fmt import share_decimals

__all__ = ["publication_of", "check_publication", "protect", "withhold", "run_table", "TABLES",
           "DisclosureError"]

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


def _state(pub: Publication, table: str, area: str, cat: str, k: int, n: int, *,
           whole: bool, decimals: int = 1) -> None:
    """One share ``k / n`` as a brief states it: for an area "k (p %)" (the count, and the share
    of a base given or not), for the whole country "p %" alone (brief.fmt.count_share_text and
    share_text: hidden when ``k``, ``n − k`` or ``n`` is 1–4). The cells are ``k``, its rest
    ``n − k`` and the base ``n`` (``{table}|{area}|{cat}``, ``…~rest``, ``…~base``)."""
    part, rest, base = (f"{table}|{area}|{cat}", f"{table}|{area}|{cat}~rest",
                        f"{table}|{area}|{cat}~base")
    small_k, small_rest, small_n = (bool(is_small(v)[0]) for v in (k, n - k, n))
    # the small one of a hidden pair is the count to protect; its partner is merely unstated
    if small_n:  # nothing is said of a base of 1–4 (fmt.share_text)
        pub.add(part, SMALL if small_k else UNSTATED)
        pub.add(rest, SMALL if small_rest else UNSTATED)
        pub.add(base, SMALL)
    elif small_k or small_rest:
        pub.add(part, SMALL if small_k else UNSTATED)
        pub.add(rest, SMALL if small_rest else UNSTATED)
        pub.add(base, UNSTATED)
    else:
        pub.add(part, UNSTATED if whole else k)
        pub.add(rest, UNSTATED)
        pub.add(base, UNSTATED)
        if n:
            pub.relate_share(part, base, k / n, share_decimals(n, decimals))
    pub.relate(base, [part, rest])


def _shares(pub: Publication, table: str, stated: dict) -> None:
    """Add the shares of one statement for every area and the whole country (``stated``:
    ``(area, category)`` → ``(k, n)``), and the relation across areas where the areas' bases add
    up to the whole country's."""
    for (a, c), (k, n) in stated.items():
        _state(pub, table, a, c, int(k), int(n), whole=(a == _ALL))
    for c in sorted({c for _, c in stated}):
        areas = [a for a, cc in stated if cc == c and a != _ALL]
        if (_ALL, c) not in stated or not areas:
            continue
        k_all, n_all = stated[(_ALL, c)]
        if sum(stated[(a, c)][1] for a in areas) == n_all and sum(stated[(a, c)][0] for a in areas) == k_all:
            for suffix in ("", "~rest", "~base"):
                pub.relate(f"{table}|{_ALL}|{c}{suffix}", [f"{table}|{a}|{c}{suffix}" for a in areas])


def _statements(ctx, areas) -> dict[str, dict]:
    """The shares a brief states in its sentences, per table: ``(area, category)`` → ``(k, n)``
    (the same library tables and the same selections as the sections)."""
    out: dict[str, dict] = {t: {} for t in ("levels", "felt", "cliff", "cut", "back", "prepost")}
    lv = ctx.levels
    if len(lv):
        here = lv[lv["org_id"].isin(ctx.org_ids)]
        for a, rows in ((ctx.county, here), (_ALL, lv)):
            if a in areas and len(rows):
                for lvl in (2, 3):
                    out["levels"][(a, f"ge{lvl}")] = (int((rows["nesta_level"] >= lvl).sum()), len(rows))
    fh = ctx.felt_help
    if fh is not None and ctx.county in fh.index and int(fh.loc[ctx.county, "respondents"]):
        out["felt"][(ctx.county, "helped")] = (int(fh.loc[ctx.county, "helped"]),
                                               int(fh.loc[ctx.county, "respondents"]))
        if _ALL in areas:
            out["felt"][(_ALL, "helped")] = (int(fh["helped"].sum()), int(fh["respondents"].sum()))
    pc = ctx.cliffs
    done = pc[pc["cliff"].notna()]
    if len(done):
        for a, rows in ((ctx.county, done[done["county"].astype(str) == ctx.county]), (_ALL, done)):
            if a in areas and len(rows):
                out["cliff"][(a, "cliff")] = (int(rows["cliff"].astype(bool).sum()), len(rows))
    ex = ctx.exposure
    for part in ("made", "announced"):
        for a in areas:
            r = ex[(ex["part"] == part) & (ex["group"].astype(str) == a)]
            if len(r):
                out["cut"][(a, part)] = (int(r["n_losing"].iloc[0]), int(r["n"].iloc[0]))
    ho = ctx.handover
    if ho is not None:
        lost = ho[(ho["county"] == ctx.county) & (ho["outcome"] == "lost") & ho["outcome_next"].notna()]
        if len(lost):
            out["back"][(ctx.county, "back")] = (int((lost["outcome_next"] != "lost").sum()), len(lost))
    e = ctx.effects_c
    if len(e) and ctx.trend is not None:
        out["prepost"][(ctx.county, "pre_post")] = (int((e["design"] == "pre_post").sum()), len(e))
    return out


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
    fields, fields_tot = {}, {}
    hand, hand_tot = {}, {}
    market, market_tot = {}, {}
    dep, dep_tot = {}, {}
    staff, staff_tot = {}, {}
    stated: dict[str, dict] = {}
    for i, ctx in enumerate(contexts):
        areas = [ctx.county] + ([_ALL] if i == 0 else [])
        for table, cells in _statements(ctx, areas).items():
            stated.setdefault(table, {}).update(cells)
        for table, cells, tot in ((ctx.kinds, kinds, kinds_tot), (ctx.categories, fields, fields_tot)):
            for a in areas:
                rows = table[table["area"].astype(str) == a]
                for r in rows.itertuples():
                    cells[(a, r.code)] = _marker(r.n, r.hidden)
                if len(rows):
                    tot[a] = int(rows["n_area"].iloc[0])
        for table, cells, tot in ((ctx.handover_summary, hand, hand_tot),
                                  (ctx.market_transition_by_county, market, market_tot)):
            if table is None:
                continue
            for a in areas:
                rows = table[table["group"].astype(str) == a]
                for r in rows.itertuples():
                    cells[(a, r.outcome)] = _marker(r.n, r.hidden)
                if len(rows):  # a number of 1–4 is not stated (the market and hand-over
                    # sentences say "fewer than five")
                    n = int(rows["n_group"].iloc[0])
                    tot[a] = _marker(n, bool(is_small(n)[0]))
        d = ctx.dependence
        if d is not None:
            for a in areas:
                rows = d[d["group"].astype(str) == a]
                for r in rows.itertuples():
                    dep[(a, r.band)] = _marker(r.n, r.hidden)
                if len(rows):
                    dep_tot[a] = int(rows["n"].sum())
                    high = rows[rows["band"].isin(_HIGH)]
                    pub.add(f"dependence|{a}|high",
                            SECONDARY if ctx.hides(a, "dependence", "high") else int(high["n"].sum()))
                    pub.relate(f"dependence|{a}|high", [f"dependence|{a}|{b}" for b in high["band"]])
        st = ctx.staff
        for a in areas:
            if a in st.index:
                paid, unpaid = int(st.loc[a, "n_paid_staff"]), int(st.loc[a, "n_no_paid_staff"])
                hidden = bool(is_small(paid)[0] or is_small(unpaid)[0] or st.loc[a, "hidden"])
                staff[(a, "paid")] = _marker(paid, hidden)
                staff[(a, "not_paid")] = _marker(unpaid, hidden)
                staff_tot[a] = paid + unpaid
    _add(pub, "kinds", kinds, kinds_tot)
    _add(pub, "fields", fields, fields_tot)
    _add(pub, "handover", hand, hand_tot)
    _add(pub, "dependence", dep, dep_tot)
    _add(pub, "staff", staff, staff_tot)
    _add(pub, "market", market, market_tot)
    for table, cells in stated.items():
        _shares(pub, table, cells)
    return pub


#: The tables whose cells :func:`protect` may withhold, and the context attribute each is read from.
TABLES = {"kinds": "kinds", "fields": "categories", "handover": "handover_summary",
          "dependence": "dependence", "staff": "staff", "market": "market_transition_by_county"}


#: The area and category columns of each table in :data:`TABLES`.
_KEYS = {"kinds": ("area", "code"), "fields": ("area", "code"), "handover": ("group", "outcome"),
         "dependence": ("group", "band"), "market": ("group", "outcome")}


def run_table(contexts, table: str) -> pd.DataFrame | None:
    """One table as a run of briefs publishes it: each area's rows from its own brief, the
    whole country's from the first, with the ``hidden`` flags the run chose (:func:`protect`).

    Notebooks that show a table the briefs also show (notebook 01's field profile, notebook
    05's sales at the reform) take it from here, so that the run publishes each count once,
    hidden or shown alike everywhere.

    Parameters
    ----------
    contexts : mapping or iterable of BriefContext
        The protected contexts of one run (:func:`impactlib.brief.prepare_run`).
    table : str
        A key of :data:`TABLES` other than ``"staff"``.

    Returns
    -------
    pandas.DataFrame or None
        The rows of the contexts' table (``None`` when the data give none).

    Examples
    --------
    >>> from impactlib import brief
    >>> run = brief.prepare_run(counties=["20", "21"])
    >>> t = run_table(run, "fields")
    >>> sorted(t["area"].unique())
    ['20', '21', 'all']
    """
    contexts = list(contexts.values()) if isinstance(contexts, dict) else list(contexts)
    key = _KEYS[table][0]
    parts = []
    for i, ctx in enumerate(contexts):
        t = getattr(ctx, TABLES[table])
        if t is None:
            return None
        areas = [ctx.county] + ([_ALL] if i == 0 else [])
        parts.append(t[t[key].astype(str).isin(areas)])
    return pd.concat(parts, ignore_index=True)


def withhold(ctx, cells, *, area: str | None = None) -> None:
    """Mark cells of one area's brief as hidden (secondary suppression chosen across briefs).

    Sets ``hidden`` on the rows of the context's own copies of its tables (:data:`TABLES`; the
    shared whole-country tables are never changed), so every section, figure, key figure and
    key message that reads the table hides them.

    Parameters
    ----------
    ctx : BriefContext
    cells : iterable of (str, str)
        ``(table, category)``; for ``staff`` any category hides the area's paid-staff share.
    area : str, optional
        Whose rows: the context's county (default) or ``"all"``, the whole country's rows of
        this brief (:func:`protect` then changes every brief of the run alike).
    """
    area = ctx.county if area is None else area
    by_table: dict[str, set] = {}
    for table, cat in cells:
        if cat == "high":  # a sum no table row carries: the sections ask the context
            ctx.withheld.add((area, table, cat))
            ctx.__dict__.pop("message_rows", None)
            continue
        by_table.setdefault(table, set()).add(cat)
    for table, cats in by_table.items():
        attr = TABLES[table]
        t = getattr(ctx, attr)
        if t is None:
            continue
        t = t.copy()
        if table == "staff":
            t.loc[area, "hidden"] = True
        else:
            key, col = _KEYS[table]
            here = (t[key].astype(str) == area) & t[col].astype(str).isin(cats)
            t.loc[here, "hidden"] = True
        ctx.__dict__[attr] = t
        ctx.__dict__.pop("message_rows", None)  # read again from the changed tables


def protect(contexts, *, max_rounds: int = 200) -> dict[str, set]:
    """Secondary suppression across the briefs of a run, until nothing can be worked out.

    While :func:`impactlib.publication.check` finds a hidden count that is pinned (or a whole
    small group in one category), one more count is hidden. The candidates are the shown counts
    that share a sum with the exposed cell, then the other shown counts of its table, each group
    ordered: an area's before the whole country's (hidden then in every brief alike); a category
    before the "≥ 90 %" sum; counts of 5 or more before smaller ones and zeros last; the exposed
    cell's own area first, and there a category already hidden in another area (so that the sum
    across areas stays uncertain); the smallest first. A stated total is never hidden. The first
    candidate that leaves the exposed cell at least :data:`impactlib.publication.MIN_WIDTH` wide
    is taken (:func:`impactlib.publication.width`), else the one that widens it most, else the
    first (when only several together widen it). The contexts are changed in place with
    :func:`withhold`. On the demo data three counts are withheld (the field "employment" in three
    areas whose three smallest fields, each 4, add up to 12).

    Returns
    -------
    dict
        Area code (or ``"all"``) → the ``(table, category)`` cells withheld.

    Raises
    ------
    DisclosureError
        When an exposed count cannot be protected this way (a stated total of 1–4).
    """
    from ..publication import MIN_WIDTH, width

    contexts = {c.county: c for c in contexts}
    added: dict[str, set] = {}
    bad = pd.DataFrame()
    pub = publication_of(contexts.values())

    def key(name, home):
        table, area, cat = name.split("|")
        v = pub.cells[name]
        # the exposed cell's own area first (its own sum pins it), and there a category already
        # hidden in another area: the sum across areas then stays uncertain
        column = sum(isinstance(pub.cells.get(f"{table}|{a}|{cat}"), str) for a in contexts if a != area)
        return (area == _ALL, cat == "high", v == 0, v < 5, area != home, column == 0, v, name)

    def hideable(name) -> bool:
        table, area, cat = name.split("|")
        # only the tables a brief can withhold (the stated shares are hidden by their own rule,
        # and an exposed one with nothing to withhold beside it stops the run)
        return (table in TABLES and not isinstance(pub.cells[name], str) and cat != "total"
                and (area in contexts or area == _ALL))

    def choose(cell: str, whole_group: bool) -> str | None:
        near = {n for total, parts in pub.relations if cell in (total, *parts)
                for n in (total, *parts) if hideable(n)}
        table = cell.split("|")[0]
        far = {n for n in pub.cells if n.startswith(table + "|") and hideable(n)} - near
        home = cell.split("|")[1]
        options = sorted(near, key=lambda n: key(n, home)) + sorted(far, key=lambda n: key(n, home))
        best, best_width = None, width(pub, cell)
        for name in options:
            keep = pub.cells[name]
            pub.cells[name] = SECONDARY
            try:
                w = width(pub, cell)
            finally:
                pub.cells[name] = keep
            if whole_group or w >= MIN_WIDTH - 1e-9:
                return name
            if w > best_width + 1e-9:
                best, best_width = name, w
        # no single count protects it: the one that widens it most, else the first
        return best if best is not None else (options[0] if options else None)

    for _ in range(max_rounds):
        report = check(pub)
        bad = report[~report["protected"]]
        if bad.empty:
            return added
        for cell, whole_group in zip(bad["cell"], bad["whole_group"], strict=True):
            # an earlier choice of this round may already have protected it
            if not whole_group and width(pub, cell) >= MIN_WIDTH - 1e-9:
                continue
            best = choose(cell, bool(whole_group))
            if best is None:
                raise DisclosureError(bad.reset_index(drop=True))
            table, area, cat = best.split("|")
            for ctx in ([contexts[area]] if area != _ALL else contexts.values()):
                withhold(ctx, [(table, cat)], area=area)
            added.setdefault(area, set()).add((table, cat))
            pub.cells[best] = SECONDARY  # as publication_of() now reads the changed contexts
    raise DisclosureError(bad.reset_index(drop=True))


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
