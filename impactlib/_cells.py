"""Checks and parsing of single text cells: web addresses, sources, dates of some precision.

Private leaf module (imports nothing from impactlib), used by :mod:`impactlib.model` (schema
checks), :mod:`impactlib.validation` (Finnish parsing) and :mod:`impactlib.sources.counties`.
The names have no leading underscore because the module itself is private.

Examples
--------
>>> import pandas as pd
>>> parse_dates(pd.Series(["2023", "6.3.2023", "3/2024", "31.2.2023"])).tolist()
['2023', '2023-03-06', '2024-03', None]
>>> source_ok(pd.Series(["https://pohde.fi/x", "Aluevaltuusto 12.12.2023", "12345", "htps:/x"])).tolist()
[True, True, False, False]
"""

from __future__ import annotations

import datetime as dt
import re

import numpy as np
import pandas as pd

__all__ = ["URL_PATTERN", "CONTROL_CHARS", "is_url", "source_ok", "free_of_control_chars",
           "parse_dates", "period_has_begun"]

#: A web address: ``http(s)://``, a host with a dot, no spaces.
URL_PATTERN = r"https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?"
_URL = re.compile(URL_PATTERN)
_LOOKS_LIKE_ADDRESS = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]*:/|www\.)|://")
_LETTER = re.compile(r"[^\W\d_]")


def is_url(text) -> bool:
    """True when ``text`` is a whole web address (``http://`` or ``https://``, a host with a
    dot, no spaces; :data:`URL_PATTERN`).

    Examples
    --------
    >>> is_url("https://pohde.fi/x"), is_url("pohde.fi"), is_url(None)
    (True, False, False)
    """
    return isinstance(text, str) and _URL.fullmatch(text.strip()) is not None


def _source_ok(text) -> bool:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return True  # an empty cell is the "required" rule's business
    t = str(text).strip()
    if is_url(t):
        return True
    return _LOOKS_LIKE_ADDRESS.search(t) is None and len(_LETTER.findall(t)) >= 3


def source_ok(s: pd.Series) -> pd.Series:
    """A source is a web address, or text naming it: at least three letters, and nothing that
    starts like an address (``htps:/…``, ``www.…``, ``…://…``) unless it is a whole one."""
    codes, uniques = pd.factorize(s)
    ok = np.array([_source_ok(u) for u in uniques] + [True], dtype=bool)
    return pd.Series(ok[codes], index=s.index)


#: Control characters a text cell may not hold: C0 except tab, line feed and carriage return,
#: and DEL (they ring, clear or move a terminal and break documents; issue 11).
CONTROL_CHARS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
_CONTROL = re.compile(CONTROL_CHARS)


def free_of_control_chars(s: pd.Series) -> pd.Series:
    """True where a text cell holds no control character (:data:`CONTROL_CHARS`; a pandera
    check over the distinct values only).

    Examples
    --------
    >>> free_of_control_chars(pd.Series(["Demo ry", "rivi\\nrivi", "kello\\x07", None])).tolist()
    [True, True, False, True]
    """
    codes, uniques = pd.factorize(s)
    ok = np.array([not (isinstance(u, str) and _CONTROL.search(u)) for u in uniques] + [True],
                  dtype=bool)
    return pd.Series(ok[codes], index=s.index)


_DATE_FORMS = (
    (re.compile(r"(\d{4})"), lambda m: (m[1], None, None)),
    (re.compile(r"(\d{4})-(\d{1,2})"), lambda m: (m[1], m[2], None)),
    (re.compile(r"(\d{1,2})/(\d{4})"), lambda m: (m[2], m[1], None)),
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00:00)?"), lambda m: (m[1], m[2], m[3])),
    (re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})"), lambda m: (m[3], m[2], m[1])),
)


def _one_date(text) -> str | None:
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return None
    t = str(text).strip()
    for pattern, parts in _DATE_FORMS:
        m = pattern.fullmatch(t)
        if m is None:
            continue
        y, mo, d = parts(m)
        try:
            if d is not None:
                return dt.date(int(y), int(mo), int(d)).isoformat()
            if mo is not None:
                return dt.date(int(y), int(mo), 1).isoformat()[:7]
            return y
        except ValueError:
            return None
    return None


def parse_dates(text: pd.Series) -> pd.Series:
    """Dates as ISO text of their precision: ``2023``, ``2023-03`` or ``2023-03-06``.

    Accepts those forms, the Finnish ``6.3.2023`` and ``3/2023``, and a spreadsheet date
    (``2023-03-06T00:00:00``); anything else, or a day that does not exist, is None. Each
    distinct text is parsed once.
    """
    codes, uniques = pd.factorize(text)
    parsed = np.array([_one_date(u) for u in uniques] + [None], dtype=object)
    return pd.Series(parsed[codes], index=text.index, dtype=object)


def period_has_begun(s: pd.Series, today: dt.date | None = None) -> pd.Series:
    """True where the period of an ISO date (``2023``, ``2023-03``, ``2023-03-06``) began on or
    before ``today`` (default: today's date); empty cells pass.

    Examples
    --------
    >>> period_has_begun(pd.Series(["2026", "2026-12", "2027"]), dt.date(2026, 12, 2)).tolist()
    [True, True, False]
    """
    day = (today or dt.date.today()).isoformat()
    t = s.astype(object)
    start = t.map(lambda v: None if v is None or (not isinstance(v, str) and pd.isna(v))
                  else v + "-01-01" if len(v) == 4 else v + "-01" if len(v) == 7 else v)
    return ~start.map(lambda v: v is not None and v > day).astype(bool)


_SPACES_RE = re.compile(r"[\s\u00a0\u202f]")
#: Largest magnitude a number cell may hold (a trillion): beyond it a value is a typing or
#: export error, never a grant, a count or an hour total; also keeps integer columns exact.
NUMBER_LIMIT = 1e12
_THOUSANDS_DOT = r"^-?\d{1,3}(?:\.\d{3})+$"
_THOUSANDS_COMMA = r"^-?\d{1,3}(?:,\d{3})+$"


def parse_number(text: pd.Series, decimal: str) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series, pd.Series]:
    """Parse numbers.

    Returns (values, bad type, decimal comma in a point file, ambiguous mark, not finite or
    beyond :data:`NUMBER_LIMIT`). A dot followed by groups of exactly three digits (``12.500``)
    in a decimal-comma file, or either mark so in a tab file, could be a thousands separator or
    a decimal mark: refused as ambiguous rather than guessed.
    """
    t = text.str.replace(_SPACES_RE, "", regex=True)
    has_comma = t.str.contains(",", regex=False).fillna(False).astype(bool)
    bad_comma = has_comma & (decimal == "dot")
    ambiguous = pd.Series(False, index=text.index)
    if decimal in ("comma", "any"):
        ambiguous = ambiguous | t.str.fullmatch(_THOUSANDS_DOT).fillna(False).astype(bool)
    if decimal == "any":
        ambiguous = ambiguous | t.str.fullmatch(_THOUSANDS_COMMA).fillna(False).astype(bool)
    t = t.str.replace("−", "-", regex=False)
    t = t.where(~has_comma, t.str.replace(",", ".", regex=False))
    num = pd.to_numeric(t.where(~(bad_comma | ambiguous), pd.NA), errors="coerce").astype("float64")
    bad = text.notna() & num.isna() & ~bad_comma & ~ambiguous
    wild = num.notna() & ~(num.abs() <= NUMBER_LIMIT)  # inf and nan text parse as numbers
    return (num.mask(wild), bad.astype(bool), bad_comma.astype(bool), ambiguous.astype(bool),
            wild.astype(bool))
