"""Finnish and English number formats, labels and sentence helpers.

Finnish number format (*suomalainen lukumuoto*): a non-breaking space as the
thousands separator, a decimal comma, a space before ``€`` and ``%``
(Kotimaisten kielten keskus, *Kielitoimiston ohjepankki*: "Luvut ja
numerot"). English uses a comma separator and a decimal point.

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
    "t",
]

LANGS = ("fi", "en")
NBSP = "\u00a0"
#: How a suppressed small count is shown (counts below 5).
SMALL = "<5"


def _check_lang(lang: str) -> None:
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
    _check_lang(lang)
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
    """Format euros in millions: ``12,3 milj. €`` (fi) or ``€12.3 million`` (en)."""
    if x is None:
        return "–"
    n = fmt_number(x / 1e6 if x == x else x, decimals, lang)
    if n == "–":
        return n
    return f"{n}{NBSP}milj.{NBSP}€" if lang == "fi" else f"€{n} million"


def fmt_pct(share, decimals: int = 1, lang: str = "fi") -> str:
    """Format a share (0–1) as a percentage: ``12,3 %`` (fi) or ``12.3%`` (en)."""
    if share is None:
        return "–"
    n = fmt_number(share * 100 if share == share else share, decimals, lang)
    if n == "–":
        return n
    return f"{n}{NBSP}%" if lang == "fi" else f"{n}%"


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
    _check_lang(lang)
    return fi if lang == "fi" else en
