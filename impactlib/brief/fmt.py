"""Numbers of a brief as people read them: shares and rates with small counts hidden.

A share ``k / n`` in a sentence reads "fewer than five" or "all but fewer than five" when
``k`` or ``n − k`` is 1–4; in a table cell it is ``x`` (the complementary mark of
:mod:`impactlib.disclosure`). A rate per 1,000 inhabitants computed from 1–4 associations or
people is hidden the same way. Formats come from :mod:`impactlib.i18n`.

Examples
--------
>>> share_text(3, 40), share_text(37, 40), share_text(20, 40, lang="en")
('alle viisi', 'kaikki paitsi alle viisi', '50.0%')
>>> share_cell(3, 40), share_cell(20, 40)
('x', '50,0\\xa0%')
>>> rate_text(3, 0.012, lang="en"), rate_cell(12, 1.23456)
('suppressed', '1,23')
"""

from __future__ import annotations

import numpy as np

from ..disclosure import SECONDARY, is_small, suppress_share
from ..i18n import HIDDEN, fmt_number, fmt_pct, phrase

__all__ = ["share_text", "share_cell", "rate_text", "rate_cell", "hidden_word", "number"]


def hidden_word(lang: str = "fi") -> str:
    """How a hidden value is named in a sentence (``piilotettu`` / ``suppressed``)."""
    return HIDDEN[lang == "en"]


def number(x, decimals: int = 1, lang: str = "fi") -> str:
    """A number for people (:func:`impactlib.i18n.fmt_number`)."""
    return fmt_number(x, decimals, lang)


def share_text(k, n, decimals: int = 1, lang: str = "fi") -> str:
    """Share ``k / n`` for a sentence; "fewer than five" / "all but fewer than five" when ``k``
    or ``n − k`` is 1–4; ``–`` without a denominator."""
    if n is None or not n or not np.isfinite(float(n)):
        return "–"
    if bool(is_small(k)[0]):
        return phrase("fewer_than_five", lang)
    if bool(is_small(float(n) - float(k))[0]):
        return phrase("all_but_fewer_than_five", lang)
    return fmt_pct(float(k) / float(n), decimals, lang)


def share_cell(k, n, decimals: int = 1, lang: str = "fi") -> str:
    """Share ``k / n`` for a table cell: ``x`` when hidden
    (:func:`impactlib.disclosure.suppress_share`), ``–`` without a denominator."""
    if n is None or not n:
        return "–"
    return SECONDARY if bool(suppress_share(k, n)) else fmt_pct(float(k) / float(n), decimals, lang)


def rate_text(n, rate, decimals: int = 2, lang: str = "fi") -> str:
    """A rate computed from ``n`` associations or people, for a sentence (hidden when ``n`` is 1–4)."""
    return hidden_word(lang) if is_small(n)[0] else fmt_number(rate, decimals, lang)


def rate_cell(n, rate, decimals: int = 2, lang: str = "fi") -> str:
    """A rate computed from ``n`` associations or people, for a table cell (``x`` when ``n`` is 1–4)."""
    return SECONDARY if is_small(n)[0] else fmt_number(rate, decimals, lang)
