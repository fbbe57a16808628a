"""Numbers of a brief as people read them: shares and rates with small counts hidden.

A share ``k / n`` in a sentence reads "fewer than five" or "all but fewer than five" when
``k`` or ``n − k`` is 1–4; in a table cell it is ``x`` (the complementary mark of
:mod:`impactlib.disclosure`). A rate per 1,000 inhabitants computed from 1–4 associations or
people is hidden the same way. Formats come from :mod:`impactlib.i18n`.

Examples
--------
>>> share_text(3, 40), share_text(37, 40), share_text(20, 40, lang="en"), share_text(201, 400, lang="en")
('alle viisi', 'kaikki paitsi alle viisi', '50%', '50.2%')
>>> share_cell(3, 40), share_cell(20, 40), share_cell(201, 400)
('x', '50\\xa0%', '50,2\\xa0%')
>>> rate_text(3, 0.012, lang="en"), rate_cell(12, 1.23456)
('suppressed', '1,23')
"""

from __future__ import annotations

import numpy as np

from ..disclosure import SECONDARY, is_small, suppress_share
from ..i18n import HIDDEN, fmt_count, fmt_number, fmt_pct, phrase

__all__ = ["WHOLE_PERCENT_BELOW", "share_decimals", "share_text", "count_share_text", "share_cell",
           "rate_text", "rate_cell", "hidden_word", "number"]


def hidden_word(lang: str = "fi") -> str:
    """How a hidden value is named in a sentence (``piilotettu`` / ``suppressed``)."""
    return HIDDEN[lang == "en"]


def number(x, decimals: int = 1, lang: str = "fi") -> str:
    """A number for people (:func:`impactlib.i18n.fmt_number`)."""
    return fmt_number(x, decimals, lang)


#: Below this many in the base, a share is given in whole percentages: with n < 100 one person
#: or association moves the share by more than a percentage point, so a decimal would claim a
#: precision the count cannot carry (issue 14: "32,2 %" of 59).
WHOLE_PERCENT_BELOW = 100


def share_decimals(n, decimals: int = 1) -> int:
    """Decimals of a share of ``n``: ``decimals``, or none when ``n`` < :data:`WHOLE_PERCENT_BELOW`.

    Examples
    --------
    >>> share_decimals(59), share_decimals(249), share_decimals(249, 0)
    (0, 1, 0)
    """
    return 0 if float(n) < WHOLE_PERCENT_BELOW else decimals


def share_text(k, n, decimals: int = 1, lang: str = "fi") -> str:
    """Share ``k / n`` for a sentence; "fewer than five" / "all but fewer than five" when ``k``
    or ``n − k`` is 1–4, the hidden word when ``n`` itself is 1–4; ``–`` without a denominator; whole percentages when ``n`` < 100
    (:func:`share_decimals`).

    Examples
    --------
    >>> share_text(19, 59), share_text(28, 249), share_text(3, 59), share_text(0, 1)
    ('32\xa0%', '11,2\xa0%', 'alle viisi', 'piilotettu')
    """
    if n is None or not n or not np.isfinite(float(n)):
        return "–"
    if bool(is_small(n)[0]):  # a base of 1–4: any share of it describes a small group (issue 11:
        return hidden_word(lang)  # "all but fewer than five" was said of 0 of 1)
    if bool(is_small(k)[0]):
        return phrase("fewer_than_five", lang)
    if bool(is_small(float(n) - float(k))[0]):
        return phrase("all_but_fewer_than_five", lang)
    return fmt_pct(float(k) / float(n), share_decimals(n, decimals), lang)


def count_share_text(k, n, decimals: int = 1, lang: str = "fi") -> str:
    """The count and its share for a sentence, ``"52 (54 %)"`` (issue 14: counts beside
    percentages); hidden as in :func:`share_text` ("fewer than five", "all but fewer than
    five"), ``–`` without a denominator.

    Examples
    --------
    >>> count_share_text(19, 59), count_share_text(3, 59), count_share_text(1204, 1517, lang="en")
    ('19 (32\xa0%)', 'alle viisi', '1,204 (79.4%)')
    """
    s = share_text(k, n, decimals, lang)
    if s == "–" or not s[:1].isdigit():
        return s
    return f"{fmt_count(int(k), lang)} ({s})"


def share_cell(k, n, decimals: int = 1, lang: str = "fi") -> str:
    """Share ``k / n`` for a table cell: ``x`` when hidden
    (:func:`impactlib.disclosure.suppress_share`), ``–`` without a denominator; whole
    percentages when ``n`` < 100 (:func:`share_decimals`)."""
    if n is None or not n:
        return "–"
    if bool(suppress_share(k, n)):
        return SECONDARY
    return fmt_pct(float(k) / float(n), share_decimals(n, decimals), lang)


def rate_text(n, rate, decimals: int = 2, lang: str = "fi") -> str:
    """A rate computed from ``n`` associations or people, for a sentence (hidden when ``n`` is 1–4)."""
    return hidden_word(lang) if is_small(n)[0] else fmt_number(rate, decimals, lang)


def rate_cell(n, rate, decimals: int = 2, lang: str = "fi") -> str:
    """A rate computed from ``n`` associations or people, for a table cell (``x`` when ``n`` is 1–4)."""
    return SECONDARY if is_small(n)[0] else fmt_number(rate, decimals, lang)
