"""Disclosure control: small-cell suppression and pseudonymisation.

Every count of people or associations shown to people is suppressed when it
is below a threshold (default 5): it is shown as ``"<5"``. So that no
suppressed value can be recovered by subtraction from a shown total, cells
are also suppressed *complementarily* (secondary suppression, shown as
``"x"``): in every group of cells that adds up to a shown total, never
exactly one cell is hidden. Values derived from a suppressed count (euros,
shares, means of the same people) are hidden with it.

Zeros are shown: a cell of 0 people describes nobody. This follows the
threshold rule for frequency tables in Hundepool et al. (2012), *Statistical
Disclosure Control*, Wiley, ch. 5.

Participant identifiers never leave the library: :func:`pseudonymise`
replaces them with keyed hashes when data must be passed on.

Rendered output can be checked before it is sent: :func:`find_small_counts`
finds counts of 1–4 written next to a noun that counts people or
associations (*3 yhdistystä*, *n = 4*) in Finnish or English text;
:func:`recoverable_cells` finds hidden cells that a shown total would give
away; :func:`scan_html` applies both to an HTML page (text, image ``alt``
texts, table cells marked ``class="count"``).

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"county": ["A", "B", "C"], "n": [12, 3, 40]})
>>> suppress(t, ["n"]).n.tolist()
['x', '<5', '40']
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence
from html.parser import HTMLParser

import numpy as np
import pandas as pd

__all__ = [
    "THRESHOLD",
    "SECONDARY",
    "suppression_mask",
    "suppress",
    "is_small",
    "suppress_share",
    "pseudonymise",
    "recoverable_cells",
    "find_small_counts",
    "scan_html",
]

#: Smallest count that may be shown.
THRESHOLD = 5
#: How a complementarily suppressed cell is shown.
SECONDARY = "x"
#: How a suppressed small count is shown (counts below :data:`THRESHOLD`;
#: :data:`impactlib.i18n.SMALL` is this same marker).
SMALL = "<5"


def is_small(n, threshold: int = THRESHOLD) -> np.ndarray:
    """True where a count is between 1 and ``threshold - 1`` (must be hidden).

    Examples
    --------
    >>> is_small([0, 1, 4, 5]).tolist()
    [False, True, True, False]
    """
    a = np.asarray(pd.to_numeric(pd.Series(n), errors="coerce"), dtype=float)
    return (a > 0) & (a < threshold)


def _complement(values: np.ndarray, hidden: np.ndarray, ordered: bool = False) -> np.ndarray:
    """Hide one more cell in a 1-d group when exactly one cell is hidden (with ``ordered``, a
    neighbour of the hidden cell, so that the two can be shown merged in place)."""
    added = np.zeros_like(hidden)
    if hidden.sum() == 1 and len(hidden) > 1:
        cand = np.where(~hidden & ~np.isnan(values))[0]
        if ordered:
            i = int(np.flatnonzero(hidden)[0])
            near = cand[np.abs(cand - i) == 1]
            cand = near if len(near) else cand
        if len(cand):
            pos = cand[values[cand] > 0]
            pool = pos if len(pos) else cand
            added[pool[np.argmin(values[pool])]] = True
    return added


def suppression_mask(
    table: pd.DataFrame,
    counts: Sequence[str],
    *,
    threshold: int = THRESHOLD,
    groups: str | Sequence[str] | None = None,
    across: bool = False,
    ordered: bool = False,
    withheld=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Primary and secondary suppression masks of the count columns.

    Parameters
    ----------
    table : pandas.DataFrame
    counts : list of str
        Columns holding counts of people or associations.
    threshold : int, default 5
        Counts from 1 to ``threshold - 1`` are hidden (primary suppression).
    groups : str or list of str, optional
        Columns whose values define groups of rows that add up to a shown
        total (e.g. the categories within each county). By default all rows
        form one group (a column total is assumed to be shown).
    across : bool, default False
        Also treat the count columns of one row as adding up to a shown row
        total.
    ordered : bool, default False
        The rows of a group are ordered categories (bands): the complementary
        cell is a neighbour of the hidden one, so that a figure can draw the
        two merged in their place (a band "under 75 %") instead of hiding a
        large band elsewhere.
    withheld : array-like of bool, optional
        Rows whose first count is hidden whatever its size, because another table of the same
        publication hides it (secondary suppression chosen across tables, e.g. by
        :func:`impactlib.brief.protect`); the complementary cells are then chosen with them.

    Examples
    --------
    >>> t = pd.DataFrame({"band": ["<50", "50-75", "75-90", "90-100"], "n": [3, 25, 16, 8]})
    >>> suppression_mask(t, ["n"])[1]["n"].tolist()
    [False, False, False, True]
    >>> suppression_mask(t, ["n"], ordered=True)[1]["n"].tolist()
    [False, True, False, False]

    Returns
    -------
    primary, secondary : pandas.DataFrame of bool
        Same index as ``table``, columns ``counts``.
    """
    vals = table[list(counts)].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    primary = is_small(vals.ravel(), threshold).reshape(vals.shape)
    hidden = primary.copy()
    if withheld is not None:
        hidden[:, 0] |= np.asarray(withheld, dtype=bool)
    if groups is None:
        gidx = [np.arange(len(table))]
    else:
        keys = [groups] if isinstance(groups, str) else list(groups)
        gidx = list(table.groupby(keys, sort=False, dropna=False).indices.values())
    for _ in range(100):  # small tables: iterate to a fixed point
        before = hidden.copy()
        for j in range(vals.shape[1]):
            for rows in gidx:
                hidden[rows, j] |= _complement(vals[rows, j], hidden[rows, j], ordered)
        if across and vals.shape[1] > 1:
            for i in range(vals.shape[0]):
                hidden[i, :] |= _complement(vals[i, :], hidden[i, :])
        if (hidden == before).all():
            break
    secondary = hidden & ~primary
    cols = list(counts)
    return (
        pd.DataFrame(primary, index=table.index, columns=cols),
        pd.DataFrame(secondary, index=table.index, columns=cols),
    )


def suppress(
    table: pd.DataFrame,
    counts: Sequence[str],
    *,
    threshold: int = THRESHOLD,
    dependent: Sequence[str] | dict[str, Sequence[str]] = (),
    groups: str | Sequence[str] | None = None,
    across: bool = False,
    withheld=None,
) -> pd.DataFrame:
    """Return a copy of ``table`` fit to show to people.

    Counts from 1 to ``threshold - 1`` become ``"<5"``; complementary cells
    become ``"x"``; values derived from a hidden count (``dependent``) become
    ``"x"`` in the same row. Other cells keep their values; the input frame is
    not modified.

    Parameters
    ----------
    table : pandas.DataFrame
    counts : list of str
        Count columns (people or associations).
    threshold : int, default 5
    dependent : list of str or dict, optional
        Columns hidden in every row where any count is hidden; or a dict
        ``{count_column: [dependent columns]}`` to tie them to one count.
    groups, across, withheld
        See :func:`suppression_mask`.

    Returns
    -------
    pandas.DataFrame
        Count and dependent columns are of object dtype.

    Examples
    --------
    >>> t = pd.DataFrame({"kind": ["a", "b", "c"], "n": [2, 9, 30],
    ...                   "eur": [1000.0, 5000.0, 9000.0]})
    >>> suppress(t, ["n"], dependent=["eur"]).to_dict("list")
    {'kind': ['a', 'b', 'c'], 'n': ['<5', 'x', '30'], 'eur': ['x', 'x', 9000.0]}
    """
    primary, secondary = suppression_mask(
        table, counts, threshold=threshold, groups=groups, across=across, withheld=withheld
    )
    out = table.copy()
    for c in counts:
        col = out[c].astype(object)
        col = col.where(~primary[c], SMALL).where(~secondary[c], SECONDARY)
        shown = ~(primary[c] | secondary[c])
        col[shown] = out.loc[shown, c].map(lambda v: v if pd.isna(v) else f"{int(v)}")
        out[c] = col
    hidden_any = (primary | secondary).any(axis=1)
    if isinstance(dependent, dict):
        pairs = [(c, deps) for c, deps in dependent.items()]
    else:
        pairs = [(None, list(dependent))]
    for c, deps in pairs:
        rows = hidden_any if c is None else (primary[c] | secondary[c])
        for d in deps:
            out[d] = out[d].astype(object).where(~rows, SECONDARY)
    return out


def pseudonymise(ids, key: str | bytes, *, length: int = 12) -> pd.Series:
    """Replace identifiers with keyed SHA-256 hashes (HMAC), stable for one key.

    Use a secret key that is not shared with the data; without it the hashes
    cannot be linked back to the original identifiers.

    Examples
    --------
    >>> pseudonymise(["anna", "ben"], key="secret").str.len().tolist()
    [12, 12]
    """
    k = key.encode() if isinstance(key, str) else key
    s = pd.Series(ids, dtype="string")
    return s.map(
        lambda v: v if pd.isna(v) else hmac.new(k, str(v).encode(), hashlib.sha256).hexdigest()[:length]
    )


def suppress_share(k, n, *, threshold: int = THRESHOLD) -> np.ndarray:
    """True where a share k / n must be hidden: k or n − k is between 1 and ``threshold - 1``.

    A share of a shown total reveals its count, and so does its complement
    (n − k): both must be at least ``threshold`` or zero.

    Examples
    --------
    >>> suppress_share([3, 10, 10, 0], [50, 12, 50, 7]).tolist()
    [True, True, False, False]
    """
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    return is_small(k.ravel(), threshold).reshape(k.shape) | is_small(
        (n - k).ravel(), threshold).reshape(k.shape)


def _hidden_marker(v) -> bool:
    return isinstance(v, str) and v.strip() in (SMALL, SECONDARY)


def recoverable_cells(
    shown: pd.DataFrame,
    counts: Sequence[str],
    *,
    groups: str | Sequence[str] | None = None,
    across: bool = False,
) -> list[str]:
    """Hidden cells of a shown table that a total would give away.

    In a group of cells that adds up to a total, exactly one hidden cell can
    be worked out by subtraction. This checks a table *as shown* (after
    :func:`suppress`): in every group (rows sharing ``groups``; all rows if
    ``None``) and, with ``across``, in every row, the number of hidden count
    cells must be 0 or at least 2; and no count from 1 to 4 may be shown.

    Parameters
    ----------
    shown : pandas.DataFrame
        The table as shown to people (hidden cells are ``"<5"`` or ``"x"``).
    counts : list of str
        Its count columns.
    groups, across
        As in :func:`suppression_mask`.

    Returns
    -------
    list of str
        One message per problem; empty when the table is safe.

    Examples
    --------
    >>> t = pd.DataFrame({"n": ["<5", "12", "40"]})
    >>> recoverable_cells(t, ["n"])
    ['column n, rows [0]: exactly one hidden cell in a group that adds up to a total']
    >>> recoverable_cells(suppress(pd.DataFrame({"n": [3, 12, 40]}), ["n"]), ["n"])
    []
    """
    problems = []
    cols = list(counts)
    hidden = shown[cols].map(_hidden_marker).to_numpy(dtype=bool)
    vals = shown[cols].apply(lambda c: pd.to_numeric(
        c.astype(str).str.replace("\u00a0", "", regex=False).str.replace(",", "", regex=False),
        errors="coerce")).to_numpy(dtype=float)
    small = (vals > 0) & (vals < THRESHOLD)
    for i, j in zip(*np.nonzero(small), strict=True):
        problems.append(f"column {cols[j]}, row {shown.index[i]!r}: count {vals[i, j]:g} is shown")
    if groups is None:
        gidx = [np.arange(len(shown))]
    else:
        keys = [groups] if isinstance(groups, str) else list(groups)
        gidx = list(shown.groupby(keys, sort=False, dropna=False).indices.values())
    for j, c in enumerate(cols):
        for rows in gidx:
            if len(rows) > 1 and hidden[rows, j].sum() == 1:
                where = [shown.index[r] for r in rows[hidden[rows, j]]]
                problems.append(f"column {c}, rows {where}: exactly one hidden cell in a group "
                                "that adds up to a total")
    if across and len(cols) > 1:
        for i in np.flatnonzero(hidden.sum(axis=1) == 1):
            problems.append(f"row {shown.index[i]!r}: exactly one hidden cell across {cols}")
    return problems


_WORDS_FI = (r"yhdistys|yhdistyks|järjest|toimin(?!ta-avust)|osallistu|henkilö(?!työ)|henkilöä|"
             r"ihmis|hank(?:e|keit|kee)|vastaaj|vapaaehtois|jäsen|lapsi|lasta|perhe|asiakas|asiakka")
_WORDS_EN = (r"association|organisation|organization|activit|participa|people|person|project|"
             r"respondent|volunteer|member|child|famil|client")
_NUM = r"(?<![\w.,\u00a0\u2212/+-])([1-4])(?![\w.,%\u00a0])"
_SMALL_COUNT_RE = (
    re.compile(_NUM + r"\s+(?:[^\W\d_]+\s+){0,2}?(?:" + _WORDS_FI + "|" + _WORDS_EN
               + r")[^\W\d_]*",
               re.IGNORECASE),
    re.compile(r"(?<![\w])[nk]\s*=\s*([1-4])(?![\w.,\u00a0])", re.IGNORECASE),
)


def find_small_counts(text: str) -> list[str]:
    """Counts of 1–4 people or associations written out in a text (Finnish or English).

    Looks for a number from 1 to 4 standing alone (not part of a larger
    number, a decimal, a percentage or a year) followed, within two words,
    by a noun that counts people, associations, activities or projects
    (*3 yhdistystä*, *4 new participants*), and for ``n = 3`` / ``k = 2``.
    A heuristic for checking rendered output, not a proof: counts written
    as words (*kolme*) are not found.

    Parameters
    ----------
    text : str

    Returns
    -------
    list of str
        The matching pieces of text.

    Examples
    --------
    >>> find_small_counts("Alueella on 3 yhdistystä ja 12 toimintoa (n = 4).")
    ['3 yhdistystä', 'n = 4']
    >>> find_small_counts("Vuonna 2023 osuus oli 3,4 % ja <5 yhdistystä; tasolle 2 (aineisto).")
    []
    """
    found = []
    for rx in _SMALL_COUNT_RE:
        for m in rx.finditer(text):
            found.append(m.group(0).strip())
    return found


class _Page(HTMLParser):
    """Collects the visible text, image alt texts and table cells of an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.alts: list[str] = []
        self.tables: list[dict] = []
        self._skip = 0
        self._cell = None
        self._row = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "img":
            self.alts.append(a.get("alt") or "")
        elif tag == "table":
            self.tables.append({"additive": a.get("data-additive", ""), "rows": [], "count": []})
        elif tag == "tr" and self.tables:
            self._row = []
            self.tables[-1]["rows"].append(self._row)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = {"text": "", "count": "count" in (a.get("class") or "").split(),
                          "head": tag == "th"}
            self._row.append(self._cell)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th"):
            self._cell = None
        elif tag == "tr":
            self._row = None

    def handle_data(self, data):
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell["text"] += data


def scan_html(html: str) -> list[str]:
    """Check a rendered HTML page for counts of people or associations that are not suppressed.

    Three checks: (1) :func:`find_small_counts` on the visible text and on
    every image ``alt`` text (figures carry their labels there); (2) every
    table cell marked ``class="count"`` must be ``<5``, ``x``, ``–``, ``0``
    or at least 5; (3) in tables marked ``data-additive="columns"`` (rows
    add up to a column total) or ``"rows"``, no column (row) of count cells
    may have exactly one hidden cell (:func:`recoverable_cells`).

    Parameters
    ----------
    html : str

    Returns
    -------
    list of str
        Problems found; empty when none. Uses :mod:`html.parser` from the
        standard library.

    Examples
    --------
    >>> page = ('<p>Alueella on 12 yhdistystä.</p><img alt="Keski-Suomi (n = 3)">'
    ...         '<table data-additive="columns"><tr><th>n</th></tr><tr><td class="count">&lt;5</td></tr>'
    ...         '<tr><td class="count">17</td></tr></table>')
    >>> for problem in scan_html(page):
    ...     print(problem)
    figure text: 'n = 3'
    table 1, column 0: exactly one hidden count cell in a table that adds up to a total
    """
    page = _Page()
    page.feed(html)
    page.close()
    problems = [f"text: {m!r}" for m in find_small_counts(" ".join(page.text))]
    problems += [f"figure text: {m!r}" for alt in page.alts for m in find_small_counts(alt)]
    for ti, tab in enumerate(page.tables, start=1):
        body = [r for r in tab["rows"] if r and not all(c["head"] for c in r)]
        for row in body:
            for c in row:
                v = c["text"].strip()
                if not c["count"] or v in (SMALL, SECONDARY, "–", "-", ""):
                    continue
                num = pd.to_numeric(v.replace("\u00a0", "").replace(" ", "").replace(",", ""),
                                    errors="coerce")
                if pd.isna(num) or 0 < num < THRESHOLD:
                    problems.append(f"table {ti}: count cell {v!r} is not suppressed")
        width = max((len(r) for r in body), default=0)
        grid = [[(c["count"], _hidden_marker(c["text"])) for c in r] + [(False, False)] * (width - len(r))
                for r in body]
        if tab["additive"] == "columns" and len(body) > 1:
            for j in range(width):
                col = [g[j] for g in grid if g[j][0]]
                if len(col) > 1 and sum(h for _, h in col) == 1:
                    problems.append(f"table {ti}, column {j}: exactly one hidden count cell in a "
                                    "table that adds up to a total")
        if tab["additive"] == "rows":
            for i, g in enumerate(grid):
                cells = [h for is_count, h in g if is_count]
                if len(cells) > 1 and sum(cells) == 1:
                    problems.append(f"table {ti}, row {i}: exactly one hidden count cell in a row "
                                    "that adds up to a total")
    return problems
