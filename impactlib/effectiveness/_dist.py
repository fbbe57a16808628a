"""Quantiles and tail probabilities of the normal, t and χ² distributions for the pooling code.

The same numbers as :mod:`scipy.stats` (``norm``, ``t``, ``chi2``), from the :mod:`scipy.special`
functions those distributions call (``ndtri``, ``ndtr``, ``stdtrit``, ``stdtr``, ``gammaincinv``,
``chdtrc``), without the argument checking and broadcasting of :mod:`scipy.stats`, which costs
about 0.1–0.2 ms per call: :func:`impactlib.effectiveness.pool_by` makes several calls per group.
``tests/test_fast_pool.py`` checks that they agree bit for bit with :mod:`scipy.stats` on the
arguments the library passes (probabilities in (0, 1), degrees of freedom ≥ 1, statistics ≥ 0).

Examples
--------
>>> from scipy import stats
>>> bool(norm_ppf(0.975) == stats.norm.ppf(0.975))
True
>>> bool(chi2_ppf(0.025, 7) == stats.chi2.ppf(0.025, 7))
True
"""

from __future__ import annotations

from scipy import special

__all__: list[str] = []


def norm_ppf(q):
    """``scipy.stats.norm.ppf(q)`` for ``0 < q < 1`` (:func:`scipy.special.ndtri`)."""
    return special.ndtri(q)


def norm_sf(x):
    """``scipy.stats.norm.sf(x)`` (:func:`scipy.special.ndtr` of ``-x``)."""
    return special.ndtr(-x)


def t_ppf(q, df):
    """``scipy.stats.t.ppf(q, df)`` for ``0 < q < 1``, ``df > 0``
    (:func:`scipy.special.stdtrit`)."""
    return special.stdtrit(df, q)


def t_sf(x, df):
    """``scipy.stats.t.sf(x, df)`` for ``df > 0`` (:func:`scipy.special.stdtr` of ``-x``)."""
    return special.stdtr(df, -x)


def chi2_ppf(q, df):
    """``scipy.stats.chi2.ppf(q, df)`` for ``0 < q < 1``, ``df > 0``
    (twice :func:`scipy.special.gammaincinv` at ``df / 2``, as :mod:`scipy.stats` computes it)."""
    return 2 * special.gammaincinv(df / 2, q)


def chi2_sf(x, df):
    """``scipy.stats.chi2.sf(x, df)`` for scalar ``x`` and ``df > 0`` (:func:`scipy.special.chdtrc`;
    1 below the support, as :mod:`scipy.stats`)."""
    return special.chdtrc(df, x) if not x < 0 else special.chdtrc(df, 0.0)
