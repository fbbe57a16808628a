"""Tables for people, notebooks and briefs alike: one formatter (*taulukoiden muotoilu*).

:func:`format_table` turns a tidy result table of the library into a table of text cells fit to
show: small counts suppressed through :func:`impactlib.disclosure.suppress` (``<5``, and ``x``
for complementary and derived cells), codes replaced by their Finnish or English labels
(:mod:`impactlib.labels`, county names from :mod:`impactlib.regions`), numbers in the Finnish
format (decimal comma, non-breaking thousands space, ``12,3 %``) or, on request, the English
one, **one interval notation** (:func:`fmt_interval`: ``0,21…0,45`` / ``0.21 to 0.45``, each
bound in the unit of its column) and **counts beside percentages** (:func:`fmt_count_pct`:
``104 (41,8 %)``). :func:`format_wide` does the same for a long table shown wide (areas down,
categories across); :func:`table_cells` hands a formatted table to a brief's table block.

A table is described by its columns, each a :func:`column`: where the values come from, what
they are (``kind``), the header (a key of :data:`HEADERS`, a ``(fi, en)`` pair or a text) and,
for values derived from a count, which count hides them (``of``). Counts of people or
associations (``kind="count"`` or ``"count_pct"``) are the columns suppression works on;
every value column is hidden in a row where a count of that row is hidden unless it names its
own count (``of="n"``) or none (``of=None``: not derived from people, e.g. a population).

The formatter never computes a statistic and never rounds the input: it only formats.

Examples
--------
>>> import pandas as pd
>>> t = pd.DataFrame({"code": ["15", "90", "08"], "n": [104, 3, 60], "share": [0.418, 0.012, 0.241],
...                   "ci_low": [0.36, 0.0, 0.19], "ci_high": [0.48, 0.04, 0.30]})
>>> out = format_table(t, [column("code", "county", "area"),
...                        column(("n", "share"), "count_pct", "associations_share"),
...                        column(("ci_low", "ci_high"), "pct_interval", "ci95")])
>>> out.columns.tolist()
['alue', 'yhdistyksiä (osuus)', '95 %:n lv']
>>> out.iloc[:, 1].tolist()
['104\\xa0(41,8\\xa0%)', '<5', 'x']
>>> out.iloc[0, 2], out.iloc[2, 2], out.iloc[2, 0]
('36,0\\xa0%…48,0\\xa0%', 'x', 'Pirkanmaa')
>>> format_table(t.iloc[:1], [column("code", "county", "area"),
...                           column(("n", "share"), "count_pct", "associations_share")], lang="en").iloc[0].tolist()
['Central Finland', '104 (41.8%)']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from .formats import (
    NBSP,
    SMALL,
    check_lang,
    fmt_count,
    fmt_eur,
    fmt_meur,
    fmt_number,
    fmt_pct,
)
from .headers import HEADERS

__all__ = [
    "HEADERS",
    "KINDS",
    "Column",
    "column",
    "fmt_interval",
    "fmt_count_pct",
    "fmt_pvalue",
    "format_table",
    "format_wide",
    "table_cells",
]


#: Kinds of column and what their cells show.
KINDS: dict[str, str] = {
    "text": "the value as text (missing → –)",
    "code": "the label of a code in the code list ``codes`` (impactlib.labels)",
    "county": "the county's short name; 'all' → whole country, 'multiple' → several areas",
    "year": "a year or other whole number that describes nobody (never suppressed)",
    "count": "a count of people or associations (suppressed below 5)",
    "count_pct": "a count with its share beside it: 104 (41,8 %); source (count, share)",
    "total": "a count that is the shown total of the row's counts (``across=True``): 1–4 shown "
             "as <5, never a cell of the suppression pattern itself",
    "int": "a whole number that is not a count of people (k of figures, df)",
    "number": "a number with ``decimals`` decimals",
    "pct": "a share (0–1) as a percentage",
    "pp": "a difference of shares (0–1) in percentage points",
    "eur": "euros",
    "meur": "euros in millions",
    "interval": "an interval of numbers: source (low, high)",
    "pct_interval": "an interval of shares: source (low, high)",
    "estimate_interval": "an estimate and its interval: 0,34 (0,32…0,36); source (estimate, low, high)",
    "pvalue": "a p-value: < 0,001 below 0.001, else three decimals",
    "bool": "kyllä / ei (yes / no)",
}

_DEFAULT_DECIMALS = {"number": 2, "pct": 1, "pp": 1, "eur": 0, "meur": 1, "interval": 2,
                     "pct_interval": 1, "estimate_interval": 2, "count_pct": 1}
_COUNT_KINDS = ("count", "count_pct")
_PLAIN_KINDS = ("text", "code", "county", "year")
_ROW = "row"
_MARKERS = (SMALL, "x")
_WHOLE_COUNTRY = ("koko maa", "whole country")
_SEVERAL = ("useita alueita", "several areas")
_YES_NO = (("kyllä", "yes"), ("ei", "no"))


def _missing(v) -> bool:
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _marker(v) -> bool:
    return isinstance(v, str) and v.strip() in _MARKERS


def fmt_interval(low, high, kind: str = "number", decimals: int | None = None,
                 lang: str = "fi") -> str:
    """An interval in the one notation of the library: ``0,21…0,45`` (fi), ``0.21 to 0.45`` (en).

    Each bound is written in the unit of its kind, so a percentage interval reads
    ``36,0 %…48,0 %`` / ``36.0% to 48.0%``. A hidden bound (``<5``, ``x``) hides the interval;
    a missing bound gives ``–``.

    Parameters
    ----------
    low, high : float or str
    kind : {"number", "pct", "eur", "meur"}
    decimals : int, optional
        Default 2 for numbers, 1 for percentages, 0 for euros, 1 for millions.
    lang : {"fi", "en"}

    Examples
    --------
    >>> fmt_interval(0.2134, 0.4471), fmt_interval(0.36, 0.48, "pct", lang="en")
    ('0,21…0,45', '36.0% to 48.0%')
    >>> fmt_interval(-0.1, 0.3, decimals=1), fmt_interval("x", 0.3), fmt_interval(None, 0.3)
    ('−0,1…0,3', 'x', '–')
    """
    check_lang(lang)
    for b in (low, high):
        if _marker(b):
            return b.strip()
    if _missing(low) or _missing(high):
        return "–"
    d = _DEFAULT_DECIMALS.get(kind, 2) if decimals is None else decimals
    fmt = {"number": fmt_number, "pct": fmt_pct, "eur": fmt_eur, "meur": fmt_meur}.get(kind)
    if fmt is None:
        raise ValueError(f"interval kind must be number, pct, eur or meur, got {kind!r}")
    lo, hi = fmt(low, d, lang), fmt(high, d, lang)
    return f"{lo}…{hi}" if lang == "fi" else f"{lo} to {hi}"


def fmt_count_pct(count, share, decimals: int = 1, lang: str = "fi") -> str:
    """A count with its share beside it: ``104 (41,8 %)`` / ``104 (41.8%)``.

    A count of 1–4 shows ``<5`` alone, and a hidden count or share (``<5``, ``x``) hides the
    cell; zero is shown (``0 (0,0 %)``). A missing share shows the count alone.

    Examples
    --------
    >>> fmt_count_pct(104, 0.418), fmt_count_pct(104, 0.418, lang="en")
    ('104\\xa0(41,8\\xa0%)', '104 (41.8%)')
    >>> fmt_count_pct(3, 0.01), fmt_count_pct("104", "x"), fmt_count_pct(0, 0.0)
    ('<5', 'x', '0\\xa0(0,0\\xa0%)')
    """
    check_lang(lang)
    if _marker(count):
        return count.strip()
    if _missing(count):
        return "–"
    n = int(count) if not isinstance(count, str) else int(count.strip())
    c = fmt_count(n, lang)
    if c == SMALL:
        return c
    if _marker(share):
        return share.strip()
    if _missing(share):
        return c
    sep = NBSP if lang == "fi" else " "
    return f"{c}{sep}({fmt_pct(share, decimals, lang)})"


def fmt_pvalue(p, lang: str = "fi") -> str:
    """A p-value for people: ``< 0,001`` below 0.001, else three decimals.

    Examples
    --------
    >>> fmt_pvalue(0.00002), fmt_pvalue(0.0417), fmt_pvalue(0.2, "en"), fmt_pvalue(None)
    ('<\\xa00,001', '0,042', '0.200', '–')
    """
    check_lang(lang)
    if _missing(p):
        return "–"
    if float(p) < 0.001:
        return f"<{NBSP}{fmt_number(0.001, 3, lang)}" if lang == "fi" else "< 0.001"
    return fmt_number(p, 3, lang)


@dataclass(frozen=True)
class Column:
    """One column of a table for people (made by :func:`column`).

    Attributes
    ----------
    source : tuple of str
        Columns of the input table the cell is made from.
    kind : str
        One of :data:`KINDS`.
    header : str or tuple of (str, str)
        Key of :data:`HEADERS`, a ``(fi, en)`` pair, or a text used as it is.
    decimals : int or None
    codes : str or None
        Code list of ``kind="code"`` (:func:`impactlib.labels.label`).
    precision : str or None
        Column of precision codes (``about``, ``at_most`` …): the word goes before the value
        (:func:`impactlib.i18n.fmt_approx`, "noin 2,5 milj. €").
    of : str or None
        ``"row"`` (hidden where any count of the row is hidden), the name of the count column
        it is derived from, or ``None`` (never hidden).
    """

    source: tuple
    kind: str
    header: object
    decimals: int | None = None
    codes: str | None = None
    of: str | None = _ROW
    precision: str | None = None

    def title(self, lang: str) -> str:
        """The header in ``lang``."""
        h = self.header
        if isinstance(h, tuple):
            return h[0] if lang == "fi" else h[1]
        if h in HEADERS:
            return HEADERS[h][0] if lang == "fi" else HEADERS[h][1]
        return str(h)


def column(source: str | Sequence[str], kind: str = "text", header=None, *,
           decimals: int | None = None, codes: str | None = None, of: str | None = _ROW,
           precision: str | None = None) -> Column:
    """Describe one column of a table for :func:`format_table`.

    Parameters
    ----------
    source : str or sequence of str
        Input column(s): one, or ``(count, share)`` for ``count_pct``, ``(low, high)`` for the
        intervals, ``(estimate, low, high)`` for ``estimate_interval``.
    kind : str, default "text"
        One of :data:`KINDS`.
    header : str or (str, str), optional
        Key of :data:`HEADERS`, a ``(fi, en)`` pair or a text; default the source column's name
        (or its :data:`HEADERS` entry when it has one).
    decimals : int, optional
        Decimals of numbers, percentages and intervals (defaults by kind).
    codes : str, optional
        For ``kind="code"``: the code list (``"kind"``, ``"theme"``, ``"source_group"`` …);
        default the source column's name.
    of : str or None, default "row"
        What hides a value column: ``"row"`` any hidden count of the row, a count column's
        name that count only, ``None`` nothing (values not derived from people). Label,
        year and count columns are never hidden this way.

    Examples
    --------
    >>> column("n", "count", "associations").title("en")
    'associations'
    >>> column(("lo", "hi"), "pct_interval", ("lv", "CI")).title("fi")
    'lv'
    """
    src = (source,) if isinstance(source, str) else tuple(source)
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, got {kind!r}")
    need = {"count_pct": 2, "interval": 2, "pct_interval": 2, "estimate_interval": 3}.get(kind, 1)
    if len(src) != need:
        raise ValueError(f"a {kind!r} column takes {need} source column(s), got {src}")
    if kind == "code" and codes is None:
        codes = src[0]
    return Column(src, kind, src[0] if header is None else header, decimals, codes, of, precision)


def _cell(col: Column, values: tuple, lang: str) -> str:
    """Format one cell of ``col`` from its source values (already suppressed)."""
    k = col.kind
    v = values[0]
    d = _DEFAULT_DECIMALS.get(k, 1) if col.decimals is None else col.decimals
    if k == "count_pct":
        return fmt_count_pct(v, values[1], d, lang)
    if k in ("interval", "pct_interval"):
        return fmt_interval(values[0], values[1], "pct" if k == "pct_interval" else "number", d, lang)
    if k == "estimate_interval":
        if _marker(v):
            return v.strip()
        est = fmt_number(v, d, lang)
        if est == "–":
            return est
        iv = fmt_interval(values[1], values[2], "number", d, lang)
        return est if iv == "–" else f"{est} ({iv})"
    if _marker(v):
        return v.strip()
    if _missing(v):
        return "–"
    if k == "text":
        return str(v)
    if k == "code":
        from ..labels import label

        return label(col.codes, v, lang)
    if k == "county":
        s = str(v)
        if s == "all":
            return _WHOLE_COUNTRY[lang == "en"]
        if s == "multiple":
            return _SEVERAL[lang == "en"]
        from ..regions import county_name

        try:
            return county_name(s, lang)
        except KeyError:
            return s
    if k == "year":
        return str(int(v)) if not isinstance(v, str) else v
    if k in ("count", "total"):
        return fmt_count(int(v) if not isinstance(v, str) else int(v.strip()), lang)
    if k == "int":
        return fmt_number(v, 0, lang)
    if k == "number":
        return fmt_number(v, d, lang)
    if k == "pct":
        return fmt_pct(v, d, lang)
    if k == "pp":
        return fmt_number(100 * float(v), d, lang)
    if k == "eur":
        return fmt_eur(v, d, lang)
    if k == "meur":
        return fmt_meur(v, d, lang)
    if k == "pvalue":
        return fmt_pvalue(v, lang)
    if k == "bool":
        return _YES_NO[0 if bool(v) else 1][lang == "en"]
    raise ValueError(f"unknown column kind {k!r}")  # pragma: no cover (checked in column())


def _suppressed(table: pd.DataFrame, columns: Sequence[Column], *, groups, across: bool,
                threshold: int, withheld: str | None = None) -> pd.DataFrame:
    """``table`` through :func:`impactlib.disclosure.suppress`, the dependents taken from ``columns``."""
    from .. import disclosure

    counts = list(dict.fromkeys(c.source[0] for c in columns if c.kind in _COUNT_KINDS))
    if not counts:
        return table
    deps: dict[str, list[str]] = {c: [] for c in counts}
    for col in columns:
        if col.kind in _PLAIN_KINDS or col.kind in ("count", "total") or col.of is None:
            continue
        srcs = col.source[1:] if col.kind == "count_pct" else col.source
        if col.of == _ROW:
            owners = counts
        elif col.of in deps:
            owners = [col.of]
        else:
            raise ValueError(f"column {col.source}: of={col.of!r} is not a count column of the "
                             f"table ({counts})")
        for o in owners:
            deps[o] += [s for s in srcs if s not in deps[o] and s not in counts]
    return disclosure.suppress(table, counts, dependent=deps, groups=groups, across=across,
                               threshold=threshold,
                               withheld=None if withheld is None else table[withheld].astype(bool))


def format_table(table: pd.DataFrame, columns: Sequence[Column], *, lang: str = "fi",
                 groups: str | Sequence[str] | None = None, across: bool = False,
                 threshold: int | None = None, withheld: str | None = None) -> pd.DataFrame:
    """A table fit to show: suppressed, labelled and formatted (Finnish by default).

    Parameters
    ----------
    table : pandas.DataFrame
        A result table of the library (numbers, codes); not modified.
    columns : sequence of Column
        The columns to show, in order (:func:`column`).
    lang : {"fi", "en"}, default "fi"
    groups : str or list of str, optional
        Columns whose rows add up to a shown total (complementary suppression within each
        group), as in :func:`impactlib.disclosure.suppress`; default all rows form one group.
    across : bool, default False
        The count columns of a row add up to a shown row total.
    threshold : int, optional
        Smallest count shown (default :data:`impactlib.disclosure.THRESHOLD`).
    withheld : str, optional
        A boolean column: rows whose first count is hidden because the same publication hides
        it elsewhere (e.g. ``"hidden"`` of a table from :func:`impactlib.brief.run_table`).

    Returns
    -------
    pandas.DataFrame
        Text cells, headers in ``lang``, a fresh ``RangeIndex``; ``attrs["count_columns"]``
        holds the positions of the count columns and ``attrs["lang"]`` the language.

    Notes
    -----
    Suppression is :func:`impactlib.disclosure.suppress` (Hundepool et al. 2012, ch. 5) on the
    count columns, with the value columns as its dependents; formats are those of
    :mod:`impactlib.i18n.formats` (Kielitoimiston ohjepankki: "Luvut ja numerot").

    Examples
    --------
    >>> t = pd.DataFrame({"kind": ["volunteer", "service_provider"], "n": [6290, 2],
    ...                   "share": [0.9997, 0.0003], "population": [5.6e6, 5.6e6]})
    >>> format_table(t, [column("kind", "code", "kind"), column("n", "count", "associations"),
    ...                  column("share", "pct", "share"),
    ...                  column("population", "int", "population", of=None)], lang="en")
         kind of association associations share inhabitants
    0        volunteer-based            x     x   5,600,000
    1  sote-service producer           <5     x   5,600,000
    """
    check_lang(lang)
    missing = sorted({s for c in columns for s in (*c.source, *([c.precision] if c.precision else []))}
                     - set(table.columns))
    if missing:
        raise ValueError(f"format_table: the table has no column(s) {missing}")
    from ..disclosure import THRESHOLD

    shown = _suppressed(table, columns, groups=groups, across=across,
                        threshold=THRESHOLD if threshold is None else threshold, withheld=withheld)
    out = {}
    for col in columns:
        cells = [_cell(col, vals, lang) for vals in zip(*(shown[s].tolist() for s in col.source),
                                                        strict=True)]
        if col.precision:
            from .county import fmt_approx

            cells = [c if c in ("–", *_MARKERS) else fmt_approx(c, p, lang)
                     for c, p in zip(cells, shown[col.precision].tolist(), strict=True)]
        title = col.title(lang)
        while title in out:
            title += " "
        out[title] = cells
    frame = pd.DataFrame(out, index=pd.RangeIndex(len(table)), dtype=object)
    frame.attrs["count_columns"] = [i for i, c in enumerate(columns)
                                    if c.kind in (*_COUNT_KINDS, "total")]
    frame.attrs["lang"] = lang
    return frame


def format_wide(table: pd.DataFrame, *, index: Column, columns: Column, value: Column,
                total: Column | None = None, order: Sequence | None = None, lang: str = "fi",
                groups: str | Sequence[str] | None = None, threshold: int | None = None,
                withheld: str | None = None) -> pd.DataFrame:
    """A long table shown wide: one row per ``index`` value, one column per ``columns`` value.

    The long table is suppressed and formatted first (:func:`format_table`; with ``groups``,
    typically the ``index`` column, the categories of each row add up to its total), then
    laid out; rows keep their order of first appearance, columns follow ``order`` (codes) or
    their order of first appearance.

    Parameters
    ----------
    table : pandas.DataFrame
        Long table: one row per (index, column) pair.
    index, columns : Column
        The row labels and the column labels (kinds ``code``, ``county``, ``text``, ``year``).
    value : Column
        The cell (e.g. ``column(("n", "share"), "count_pct", ...)``).
    total : Column, optional
        A count shown first, once per row (taken from the row's first long row), e.g. the
        group's number of associations.
    order : sequence, optional
        Codes of ``columns`` in the order to show (others left out).
    lang, groups, threshold, withheld
        As in :func:`format_table`.

    Examples
    --------
    >>> t = pd.DataFrame({"group": ["15", "15", "90", "90"], "outcome": ["kept", "lost"] * 2,
    ...                   "n": [40, 10, 3, 30], "share": [0.8, 0.2, 0.09, 0.91],
    ...                   "n_group": [50, 50, 33, 33]})
    >>> format_wide(t, index=column("group", "county", "area"), columns=column("outcome"),
    ...             value=column(("n", "share"), "count_pct"), total=column("n_group", "count",
    ...             "associations"), groups="group", order=["lost", "kept"], lang="en")
                   area associations        lost        kept
    0   Central Finland           50  10 (20.0%)  40 (80.0%)
    1  City of Helsinki           33           x          <5
    """
    cols = [index, columns, value] + ([total] if total is not None else [])
    flat = format_table(table, cols, lang=lang, groups=groups, threshold=threshold,
                        withheld=withheld)
    ih, ch, vh = (c.title(lang) for c in (index, columns, value))
    keys = table[columns.source[0]].tolist()
    codes = list(dict.fromkeys(keys)) if order is None else [c for c in order if c in set(keys)]
    label_of = dict(zip(keys, flat[ch], strict=True))
    rows = list(dict.fromkeys(flat[ih]))
    wide = flat.pivot_table(index=ih, columns=ch, values=vh, aggfunc="first", sort=False)
    wide = wide.reindex(index=rows, columns=[label_of[c] for c in codes]).fillna("–")
    out = wide.reset_index()
    out.columns.name = None
    if total is not None:
        th = flat.columns[-1]
        out.insert(1, th, flat.groupby(ih, sort=False)[th].first().reindex(rows).to_numpy())
    out = out.astype(object)
    out.attrs["count_columns"] = ([1] if total is not None else []) + (
        list(range(1 + (total is not None), out.shape[1])) if value.kind in _COUNT_KINDS else [])
    out.attrs["lang"] = lang
    return out


def table_cells(frame: pd.DataFrame) -> dict:
    """A formatted table as the parts of a brief's table block.

    Returns ``{"columns": [...], "rows": [[...], ...], "count_columns": [...]}``, to be passed
    as ``Block("table", text=caption, **table_cells(frame))``
    (:class:`impactlib.brief.Block`).

    Examples
    --------
    >>> t = pd.DataFrame({"kind": ["volunteer"], "n": [12]})
    >>> table_cells(format_table(t, [column("kind", "code"), column("n", "count", "associations")]))
    {'columns': ['yhdistystyyppi', 'yhdistyksiä'], 'rows': [['vapaaehtoispohjainen', '12']], 'count_columns': [1]}
    """
    return {"columns": [str(c) for c in frame.columns],
            "rows": [[str(v) for v in r] for r in frame.itertuples(index=False, name=None)],
            "count_columns": list(frame.attrs.get("count_columns", []))}

