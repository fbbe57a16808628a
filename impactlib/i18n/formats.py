"""Finnish and English number formats, the language switch and county phrases.

Finnish number format (*suomalainen lukumuoto*): a non-breaking space as the
thousands separator, a decimal comma, a space before ``€`` and ``%``
(Kotimaisten kielten keskus, *Kielitoimiston ohjepankki*: "Luvut ja
numerot"). English uses a comma separator and a decimal point. Counts of
people or associations go through :func:`fmt_count` (1–4 become ``<5``).

Examples
--------
>>> fmt_number(1234.5, 1)
'1\\xa0234,5'
>>> fmt_eur(1234.5, 1)
'1\\xa0234,5\\xa0€'
>>> fmt_pct(0.123)
'12,3\\xa0%'
>>> fmt_pct(0.123, lang="en")
'12.3%'
>>> fmt_eur(2_500_000, lang="en")
'€2,500,000'
"""

from __future__ import annotations

import math

from ..disclosure import SMALL  # the marker of a suppressed small count (defined with the rule)

__all__ = [
    "LANGS",
    "NBSP",
    "SMALL",
    "fmt_number",
    "fmt_int",
    "fmt_eur",
    "fmt_meur",
    "fmt_pct",
    "fmt_count",
    "fmt_date",
    "fmt_ci",
    "fmt_cell",
    "t",
    "HIDDEN",
    "county_in",
    "county_genitive",
]

LANGS = ("fi", "en")
NBSP = "\u00a0"


def check_lang(lang: str) -> None:
    """Raise ``ValueError`` unless ``lang`` is one of :data:`LANGS`."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")


def fmt_number(x, decimals: int = 0, lang: str = "fi") -> str:
    """Format a number for people: ``1 234,5`` (fi) or ``1,234.5`` (en).

    Missing values (``None``, NaN) are shown as an en dash ``–``.

    Examples
    --------
    >>> fmt_number(-1234567.891, 2, "en")
    '-1,234,567.89'
    >>> fmt_number(float("nan"))
    '–'
    """
    check_lang(lang)
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    try:
        import pandas as pd

        if pd.isna(x):
            return "–"
    except (TypeError, ValueError):
        pass
    s = f"{float(x):,.{decimals}f}"
    if s.startswith("-") and float(s.replace(",", "")) == 0:
        s = s[1:]
    if lang == "fi":
        s = s.replace(",", NBSP).replace(".", ",").replace("-", "−")
    return s


def fmt_int(x, lang: str = "fi") -> str:
    """Format a whole number (``12 345``)."""
    return fmt_number(x, 0, lang)


def fmt_eur(x, decimals: int = 0, lang: str = "fi") -> str:
    """Format euros: ``1 234 €`` (fi) or ``€1,234`` (en)."""
    n = fmt_number(x, decimals, lang)
    if n == "–":
        return n
    if lang == "fi":
        return f"{n}{NBSP}€"
    if n.startswith("-"):
        return f"-€{n[1:]}"
    return f"€{n}"


def fmt_meur(x, decimals: int = 1, lang: str = "fi") -> str:
    """Format euros in millions: ``12,3 milj. €`` (fi) or ``€12.3 million`` (en); a negative
    amount in English has its sign before the euro sign (``-€3.33 million``).

    Examples
    --------
    >>> fmt_meur(-3.33e6, 2), fmt_meur(-3.33e6, 2, "en")
    ('−3,33\xa0milj.\xa0€', '-€3.33 million')
    """
    if x is None:
        return "–"
    n = fmt_number(x / 1e6 if x == x else x, decimals, lang)
    if n == "–":
        return n
    if lang == "fi":
        return f"{n}{NBSP}milj.{NBSP}€"
    return f"-€{n[1:]} million" if n.startswith("-") else f"€{n} million"


def fmt_pct(share, decimals: int = 1, lang: str = "fi") -> str:
    """Format a share (0–1) as a percentage: ``12,3 %`` (fi) or ``12.3%`` (en)."""
    if share is None:
        return "–"
    n = fmt_number(share * 100 if share == share else share, decimals, lang)
    if n == "–":
        return n
    return f"{n}{NBSP}%" if lang == "fi" else f"{n}%"


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def fmt_date(iso: str, lang: str = "fi") -> str:
    """An ISO date (``2026-12-02``) as a reader writes it: ``2.12.2026`` (fi), ``2 December 2026`` (en).

    Text that is not an ISO date is returned as it is.

    Examples
    --------
    >>> fmt_date("2026-12-02"), fmt_date("2026-12-02", "en"), fmt_date("–")
    ('2.12.2026', '2 December 2026', '–')
    """
    import re

    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", str(iso or "").strip())
    if not m:
        return str(iso) if iso else "–"
    y, mo, d = int(m[1]), int(m[2]), int(m[3])
    return f"{d}.{mo}.{y}" if lang == "fi" else f"{d} {MONTHS_EN[mo - 1]} {y}"


def fmt_count(n, lang: str = "fi", threshold: int = 5) -> str:
    """Format a count of people or associations, showing ``<5`` for 1 to 4.

    This is the only way counts should reach people in text (see
    :mod:`impactlib.disclosure`); zero is shown, as it describes nobody.

    Examples
    --------
    >>> fmt_count(3), fmt_count(0), fmt_count(12345)
    ('<5', '0', '12\\xa0345')
    """
    if n is None:
        return "–"
    try:
        import pandas as pd

        if pd.isna(n):
            return "–"
    except (TypeError, ValueError):
        pass
    if 0 < n < threshold:
        return SMALL
    return fmt_int(n, lang)


def t(fi: str, en: str, lang: str = "fi") -> str:
    """Pick the Finnish or English text.

    Examples
    --------
    >>> t("Rahoitus", "Funding", "en")
    'Funding'
    """
    check_lang(lang)
    return fi if lang == "fi" else en


def fmt_ci(low, high, decimals: int = 2, lang: str = "fi") -> str:
    """Format a confidence interval: ``0,21…0,45`` (fi) or ``0.21 to 0.45`` (en).

    Examples
    --------
    >>> fmt_ci(0.2134, 0.4471), fmt_ci(-0.1, 0.3, 1, "en")
    ('0,21…0,45', '-0.1 to 0.3')
    """
    lo, hi = fmt_number(low, decimals, lang), fmt_number(high, decimals, lang)
    return f"{lo}…{hi}" if lang == "fi" else f"{lo} to {hi}"


#: How a hidden value is named in a sentence (a table shows ``<5`` or ``x``).
HIDDEN = ("piilotettu", "suppressed")


def fmt_cell(value, kind: str = "number", decimals: int = 1, lang: str = "fi") -> str:
    """Format a table cell; markers of suppressed cells (``<5``, ``x``) pass through.

    Parameters
    ----------
    value : number or str
        A value, or a marker put there by :func:`impactlib.disclosure.suppress`.
    kind : {"number", "count", "pct", "eur", "meur"}
    decimals : int
    lang : {"fi", "en"}

    Counts that :func:`impactlib.disclosure.suppress` left as text (``"1234"``)
    are formatted as counts too.

    Examples
    --------
    >>> fmt_cell(0.25, "pct"), fmt_cell("x", "pct"), fmt_cell(3, "count"), fmt_cell(1234.5)
    ('25,0\xa0%', 'x', '<5', '1\xa0234,5')
    >>> fmt_cell("5687", "count"), fmt_cell("<5", "count")
    ('5\xa0687', '<5')
    """
    if isinstance(value, str):
        s = value.strip()
        if kind == "count" and s.lstrip("-").isdigit():
            return fmt_count(int(s), lang)
        return value
    if kind == "count":
        return fmt_count(value, lang)
    if kind == "pct":
        return fmt_pct(value, decimals, lang)
    if kind == "eur":
        return fmt_eur(value, decimals, lang)
    if kind == "meur":
        return fmt_meur(value, decimals, lang)
    if kind == "number":
        return fmt_number(value, decimals, lang)
    raise ValueError(f"kind must be number, count, pct, eur or meur, got {kind!r}")


def county_genitive(code: str) -> str:
    """Finnish genitive of a county's name: ``Keski-Suomen``, ``Vantaan ja Keravan``.

    Taken from the official name (*Keski-Suomen hyvinvointialue*), so no
    inflection is guessed.

    Examples
    --------
    >>> county_genitive("15"), county_genitive("04"), county_genitive("90")
    ('Keski-Suomen', 'Vantaan ja Keravan', 'Helsingin')
    """
    from ..regions import county_name

    full = county_name(code, "fi", short=False)
    for tail in (" hyvinvointialue", " kaupunki"):
        if full.endswith(tail):
            return full[: -len(tail)]
    return full


def county_in(code: str, lang: str = "fi") -> str:
    """"In the county" for a sentence: ``Keski-Suomen hyvinvointialueella`` / ``in Central Finland``.

    Examples
    --------
    >>> county_in("15"), county_in("90"), county_in("15", "en"), county_in("90", "en")
    ('Keski-Suomen hyvinvointialueella', 'Helsingin kaupungissa', 'in Central Finland', 'in Helsinki')
    """
    from ..regions import county_name

    check_lang(lang)
    if lang == "en":
        return "in Helsinki" if str(code) == "90" else f"in {county_name(code, 'en')}"
    full = county_name(code, "fi", short=False)
    if full.endswith("hyvinvointialue"):
        return full + "ella"
    if full.endswith(" kaupunki"):
        return full[: -len("kaupunki")] + "kaupungissa"
    return full + "ssa"
