"""Disclosure over a whole publication: can any suppressed count be recovered? (issue 11)

One run publishes many tables: a brief per area beside a whole-country column, notebook tables,
figure labels. Each table may be safe on its own while their sums and differences give a hidden
cell away: a county of 3 associations shown as ``<5`` beside a whole country of 53, while the
other areas show 20, 30 and 0, is 53 − 20 − 30 − 0 = 3. This module treats the published counts
as one system of linear equations and *proves* how much each hidden count stays uncertain.

* :class:`Publication` collects cells (a name, a shown count or a marker) and the additive
  relations between them (parts that add up to a total), from any number of tables;
  :meth:`Publication.add_table` adds an area × category table with its whole-country row and
  row totals in one call.
* :func:`check` solves, for every hidden cell, the smallest and the largest value it can take
  given everything shown (two linear programmes each, :func:`scipy.optimize.linprog`, HiGHS),
  with a hidden ``<5`` cell bounded to 1–4 and a complementary ``x`` cell to ≥ 0.

**The rule** (:data:`MIN_WIDTH`): a hidden count is protected when what is published leaves it
at least :data:`MIN_WIDTH` apart between its smallest and largest possible value, so that it
cannot be narrowed to fewer than three whole numbers. A ``<5`` cell alone (1–4, width 3) meets
it; one pinned to a single value, or to 3–4, does not. The bounds are those of the continuous
relaxation, so the integer range can only be narrower: a cell reported protected by the
relaxation is protected; a cell reported exposed is exposed. A hidden cell that can only be 0
is protected: a zero describes nobody (zeros are shown, :mod:`impactlib.disclosure`).

:func:`protect_across_areas` adds the secondary suppression the rule asks for in an area ×
category table with a whole-country row: in every category with a hidden area, a second area
(the smallest shown) is hidden too, repeated until :func:`check` finds nothing.

Examples
--------
>>> pub = Publication()
>>> pub.add_table("kinds", {("A", "volunteer"): "<5", ("B", "volunteer"): 20, ("C", "volunteer"): 30,
...                         ("D", "volunteer"): 0, ("all", "volunteer"): 53})
>>> r = check(pub)
>>> r[["cell", "low", "high", "protected"]].to_dict("records")
[{'cell': 'kinds|A|volunteer', 'low': 3.0, 'high': 3.0, 'protected': False}]
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .disclosure import SECONDARY, SMALL, THRESHOLD

__all__ = ["MIN_WIDTH", "UNSTATED", "Publication", "check", "width", "protect_across_areas"]

#: Smallest width of the interval a hidden count must keep (see the module's rule).
MIN_WIDTH = 2.0
#: Marker of a count that is not published as a number but takes part in the sums (a base
#: stated only through a percentage, the rest of a stated part): a reader may bound it, and it
#: needs no protection of its own.
UNSTATED = "?"
_WHOLE = "all"


class Publication:
    """The published counts of one run and the relations between them.

    Attributes
    ----------
    cells : dict
        Cell name → the shown count (int) or a marker (``"<5"``, ``"x"``). A name seen in two
        tables is one cell: the same count published twice.
    relations : list of (str, list of str)
        ``(total, parts)``: the parts add up to the total.
    shares : list of (str, str, float, float)
        ``(part, total, low, high)``: a published percentage says ``low ≤ part / total ≤ high``
        (the interval the rounding leaves, :meth:`relate_share`).
    """

    def __init__(self):
        self.cells: dict[str, object] = {}
        self.relations: list[tuple[str, list[str]]] = []
        self.shares: list[tuple[str, str, float, float]] = []

    def add(self, name: str, value) -> str:
        """Add one cell (a count or a marker); a name already present must agree."""
        value = _value(value)
        if name in self.cells and self.cells[name] != value:
            raise ValueError(f"cell {name} published as {self.cells[name]!r} and {value!r}")
        self.cells[name] = value
        return name

    def merge(self, name: str, value) -> str:
        """Add a cell that another output of the run may publish differently: what the two
        together tell a reader.

        A count shown in one output and hidden as ``"x"`` (or unstated) in another is shown;
        ``"<5"`` beside ``"x"`` tells that the count is 1–4. Refused (``ValueError``): two
        different counts, a count of 1–4 shown, and a count shown where another output hides
        it as ``"<5"``.

        Examples
        --------
        >>> pub = Publication()
        >>> _ = pub.add("lost", 8), pub.merge("lost", "x")
        >>> pub.cells["lost"]
        8
        """
        value = _value(value)
        old = self.cells.get(name)
        if isinstance(value, int) and 0 < value < THRESHOLD:
            raise ValueError(f"cell {name}: a count of 1–{THRESHOLD - 1} is published ({value})")
        if old is None or old == value:
            self.cells[name] = value
        elif SMALL in (old, value) and not (isinstance(old, str) and isinstance(value, str)):
            raise ValueError(f"cell {name} published as {old!r} and {value!r}")
        elif isinstance(old, int) and isinstance(value, int):
            raise ValueError(f"cell {name} published as {old!r} and {value!r}")
        elif isinstance(value, int) or value == SMALL or old == UNSTATED:
            self.cells[name] = value
        return name

    def relate(self, total: str, parts) -> None:
        """Record that the cells ``parts`` add up to the cell ``total``."""
        self.relations.append((total, list(parts)))

    def relate_share(self, part: str, total: str, share: float, decimals: int) -> None:
        """Record that ``part / total`` was published as ``share`` rounded to ``decimals``
        decimals of a percentage (``0.656`` shown as "65.6 %": between 65.55 % and 65.65 %).

        Examples
        --------
        >>> pub = Publication()
        >>> _ = pub.add("k", "<5"), pub.add("n", UNSTATED)
        >>> pub.relate_share("k", "n", 3 / 40, 1)   # "7.5 %" of an unstated base
        >>> pub.shares[0][2:]
        (0.0745, 0.0755)
        """
        half = 0.5 * 10.0 ** (-decimals) / 100.0
        pct = round(100.0 * float(share), decimals) / 100.0
        self.shares.append((part, total, round(max(pct - half, 0.0), 12), round(pct + half, 12)))

    def add_table(self, table: str, values: Mapping[tuple[str, str], object], *,
                  totals: Mapping[str, object] | None = None) -> None:
        """Add an area × category table of counts.

        Parameters
        ----------
        table : str
            Name of the quantity (cells of the same quantity in other tables share names).
        values : mapping
            ``(area, category)`` → count or marker; area ``"all"`` is the whole country, whose
            cells are the sums of the areas' cells.
        totals : mapping, optional
            Area → its total over the categories (for example the area's number of
            associations), when published.
        """
        areas = sorted({a for a, _ in values if a != _WHOLE})
        cats = sorted({c for _, c in values})
        for (a, c), v in values.items():
            self.add(_name(table, a, c), v)
        for c in cats:
            if (_WHOLE, c) in values:
                self.relate(_name(table, _WHOLE, c), [_name(table, a, c) for a in areas if (a, c) in values])
        for a, v in (totals or {}).items():
            self.add(_name(table, a, "total"), v)
            self.relate(_name(table, a, "total"), [_name(table, a, c) for c in cats if (a, c) in values])
        if totals and _WHOLE in totals:
            self.relate(_name(table, _WHOLE, "total"), [_name(table, a, "total") for a in areas if a in totals])


def _name(table, area, cat) -> str:
    return f"{table}|{area}|{cat}"


def _value(v):
    if isinstance(v, str):
        s = v.strip()
        if s in (SMALL, SECONDARY, UNSTATED):
            return s
        return int(s.replace(" ", "").replace("\u00a0", ""))
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return SECONDARY
    return int(v)


def check(pub: Publication, *, min_width: float = MIN_WIDTH) -> pd.DataFrame:
    """Bound every hidden cell of a publication by linear programming.

    Parameters
    ----------
    pub : Publication
    min_width : float
        The protection rule (:data:`MIN_WIDTH`).

    Returns
    -------
    pandas.DataFrame
        ``cell, marker, low, high, protected, whole_group`` — one row per hidden cell;
        ``low``/``high`` are the smallest and largest values consistent with everything
        published; ``whole_group`` marks a hidden part that must equal its hidden (``<5``)
        total, which tells that the whole (small) group is in that category (not protected).

    Notes
    -----
    Each bound is a linear programme (scipy's ``linprog`` with HiGHS) over the hidden cells
    connected to the cell through the published sums and shares (its connected component,
    :func:`scipy.sparse.csgraph.connected_components`): cells in no common sum cannot narrow
    each other, so the bounds are those of the whole system, found on a much smaller one. A
    relation whose parts are all shown is a consistency check and raises ``ValueError`` if it
    fails.
    """
    system = _System(pub)
    out = []
    for n in system.hidden:
        if pub.cells[n] == UNSTATED:  # takes part in the sums; not a suppressed count
            continue
        low, high = system.bounds({n: 1.0})
        # a hidden zero pinned at 0 describes nobody (zeros are shown: impactlib.disclosure)
        out.append({"cell": n, "marker": pub.cells[n], "low": low, "high": high,
                    "protected": bool(high - low >= min_width - 1e-9 or high < 0.5),
                    "whole_group": False})
    res = pd.DataFrame(out, columns=["cell", "marker", "low", "high", "protected", "whole_group"])
    # attribute disclosure: a hidden part that must equal its hidden total tells that the whole
    # (small) group is in that category, e.g. "all 3 are volunteer-based"
    for total, parts in pub.relations:
        if not isinstance(pub.cells[total], str) or pub.cells[total] != SMALL:
            continue
        for p in parts:
            if not isinstance(pub.cells[p], str):
                continue
            _, gap = system.bounds({total: 1.0, p: -1.0})
            if gap < 0.5:
                res.loc[res["cell"] == p, ["protected", "whole_group"]] = [False, True]
    return res


def width(pub: Publication, cell: str) -> float:
    """How far apart the smallest and largest value of one hidden cell can be, given everything
    ``pub`` shows (two linear programmes; ``inf`` when unbounded above).

    Examples
    --------
    >>> pub = Publication()
    >>> pub.add_table("n", {("A", "v"): "<5", ("B", "v"): "x", ("all", "v"): 12})
    >>> width(pub, "n|A|v")
    3.0
    """
    low, high = _System(pub).bounds({cell: 1.0})
    return high - low


def _matrices(pub: Publication) -> tuple:
    """The sums (``F_eq · cells = 0``) and shares (``F_ub · cells ≤ 0``) over all cells of
    ``pub``, shown and hidden, as sparse matrices with one column per cell; kept on ``pub``
    while its cells' names, relations and shares stay the same (only values change when a
    count is withheld)."""
    from scipy import sparse

    key = (tuple(pub.cells), len(pub.relations), len(pub.shares))
    cached = getattr(pub, "_matrices", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    pos = {n: i for i, n in enumerate(pub.cells)}

    def build(relations):
        r = [i for i, terms in enumerate(relations) for _ in terms]
        c = [pos[name] for terms in relations for name, _ in terms]
        v = [w for terms in relations for _, w in terms]
        m = sparse.csr_matrix((v, (r, c)), shape=(len(relations), len(pos)))  # sums duplicates
        m.eliminate_zeros()
        return m

    eq = [[(total, 1.0)] + [(p, -1.0) for p in parts] for total, parts in pub.relations]
    # a published percentage: low·total ≤ part ≤ high·total, as two rows of A_ub x ≤ b_ub
    ub = [[(part, sign), (total, -sign * ratio)] for part, total, low, high in pub.shares
          for sign, ratio in ((1.0, high), (-1.0, low))]
    out = (build(eq), build(ub))
    pub._matrices = (key, out)
    return out


def _split(m, hidden: np.ndarray, values: np.ndarray) -> tuple:
    """Rows of ``m`` over the hidden cells (``A x ⋛ b``) and the constants of the rows with no
    hidden cell."""
    a = m[:, hidden]
    const = m[:, ~hidden] @ values[~hidden]
    has = a.getnnz(axis=1) > 0
    return a[has], -const[has], np.flatnonzero(~has), const[~has]


class _System:
    """The hidden cells of a publication and the equations and inequalities the shown cells put
    on them, as sparse matrices (``a_eq x = b_eq``, ``a_ub x ≤ b_ub``), with the connected
    components of the hidden cells."""

    def __init__(self, pub: Publication):
        from scipy import sparse
        from scipy.sparse.csgraph import connected_components

        f_eq, f_ub = _matrices(pub)
        is_hidden = np.array([isinstance(v, str) for v in pub.cells.values()], dtype=bool)
        values = np.array([0.0 if isinstance(v, str) else float(v) for v in pub.cells.values()])
        self.hidden = [n for n, h in zip(pub.cells, is_hidden, strict=True) if h]
        self.index = {n: i for i, n in enumerate(self.hidden)}
        self.a_eq, self.b_eq, rows, consts = _split(f_eq, is_hidden, values)
        for i, const in zip(rows, consts, strict=True):  # all shown: the counts must agree
            if abs(const) > 1e-9:
                total, parts = pub.relations[i]
                raise ValueError(f"published counts disagree: {total} ≠ sum of {parts}")
        self.a_ub, self.b_ub, _, _ = _split(f_ub, is_hidden, values)
        self.lower = np.array([1.0 if pub.cells[n] == SMALL else 0.0 for n in self.hidden])
        self.upper = np.array([THRESHOLD - 1.0 if pub.cells[n] == SMALL else np.inf
                               for n in self.hidden])
        both = sparse.vstack([abs(self.a_eq), abs(self.a_ub)]).tocsc()
        _, self.component = connected_components(both.T @ both, directed=False)

    def bounds(self, objective: dict[str, float]) -> tuple[float, float]:
        """Smallest and largest value of ``sum(w * cell)`` over the cells' component."""
        from scipy.optimize import linprog

        cols = np.flatnonzero(np.isin(self.component,
                                      [self.component[self.index[n]] for n in objective]))
        c = np.zeros(len(cols))
        pos = {j: i for i, j in enumerate(cols)}
        for n, w in objective.items():
            c[pos[self.index[n]]] += w
        kw = {"bounds": np.column_stack([self.lower[cols], self.upper[cols]]), "method": "highs"}
        for name, a, b in (("eq", self.a_eq, self.b_eq), ("ub", self.a_ub, self.b_ub)):
            sub = a[:, cols]
            keep = np.flatnonzero(sub.getnnz(axis=1))
            if len(keep):
                kw[f"A_{name}"], kw[f"b_{name}"] = sub[keep], b[keep]
        lo = linprog(c, **kw)
        hi = linprog(-c, **kw)
        low = lo.fun if lo.status == 0 else np.nan
        high = -hi.fun if hi.status == 0 else (np.inf if hi.status == 3 else np.nan)
        return float(low), float(high)


def protect_across_areas(values: Mapping[tuple[str, str], object], *, table: str = "t",
                         totals: Mapping[str, object] | None = None) -> dict[tuple[str, str], object]:
    """Secondary suppression of an area × category table so that :func:`check` finds nothing.

    While a hidden cell is exposed, hide the smallest shown count among the other areas of
    its category (and, when row totals are published, among the other categories of its
    area), shown as ``"x"``. The whole-country row stays shown.

    Returns
    -------
    dict
        The table's cells with the added ``"x"`` markers; a ``totals`` dict passed in is
        updated in place with the markers its totals need.

    Examples
    --------
    >>> t = {("A", "v"): "<5", ("B", "v"): 20, ("C", "v"): 30, ("all", "v"): 53}
    >>> protect_across_areas(t)[("B", "v")]
    'x'
    """
    cells = {k: _value(v) for k, v in values.items()}
    tot = None if totals is None else {a: _value(v) for a, v in totals.items()}
    for _ in range(len(cells) + len(tot or {})):
        pub = Publication()
        pub.add_table(table, cells, totals=tot)
        res = check(pub)
        bad = res[~res["protected"]]
        if bad.empty:
            if totals is not None and isinstance(totals, dict):
                totals.update(tot)  # the caller's totals get the same markers
            return cells
        _, area, cat = bad["cell"].iloc[0].split("|")
        if cat == "total":  # an area's total: hide the smallest other area's total too
            others = [(v, a) for a, v in tot.items() if a not in (area, _WHOLE) and not isinstance(v, str)]
            if not others:
                raise ValueError(f"cannot protect the total of {area}: nothing left to hide")
            tot[min(others)[1]] = SECONDARY
            continue
        shown = [(v, k) for k, v in cells.items()
                 if not isinstance(v, str) and k[0] != _WHOLE and k != (area, cat)
                 and (k[1] == cat or (totals is not None and k[0] == area))]
        if not shown:
            raise ValueError(f"cannot protect {area}/{cat}: nothing left to hide")
        cells[min(shown)[1]] = SECONDARY
    return cells
