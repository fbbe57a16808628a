"""Effect sizes of two groups: Hedges' g and the comparison-adjusted change, and the instruments.

*Vaikutuskoot* — how much participants changed, in units anyone can compare
across instruments (standard deviations), and how sure we are (confidence
intervals). Effects are signed so that **positive = improvement** on every
instrument; instruments where a lower score is better (UCLA-3, PHQ-9,
GAD-7, CORE-10) are turned round using ``higher_is_better`` in the
instrument table :func:`instruments` (``data/instruments.csv``).

All functions are vectorised over pandas/numpy (no loops over activities),
never modify their input and never round.

Functions
---------
:func:`smd`
    Hedges' g for two independent groups.
:func:`smd_ppc`
    Standardised difference in mean change between a participant and a
    comparison group (Morris 2008, d_ppc2).
:func:`hedges_j`
    The small-sample correction factor.
:func:`instruments`, :func:`higher_is_better`
    The instrument table and the direction of each instrument.

Pre/post change is in :mod:`impactlib.effectiveness.prepost`, reliable change
and felt help in :mod:`impactlib.effectiveness.reliable`.

Examples
--------
>>> r = smd(103, 5.5, 50, 100, 4.5, 50)
>>> round(float(r.g), 4)
0.5924
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special

from .._util import div, floats, sqrt, zcrit

__all__ = [
    "instruments",
    "higher_is_better",
    "higher_is_better_lookup",
    "hedges_j",
    "SMDResult",
    "smd",
    "smd_ppc",
]

_INSTRUMENTS_FILE = "instruments.csv"


# ---------------------------------------------------------------------------
# Instruments
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _instrument_table() -> pd.DataFrame:
    from ..regions import DATA_DIR

    df = pd.read_csv(DATA_DIR / _INSTRUMENTS_FILE, dtype={"instrument": str})
    df["higher_is_better"] = df["higher_is_better"].astype(str).str.lower().eq("true")
    return df


def instruments() -> pd.DataFrame:
    """The instrument table (*mittarit*) with published reliabilities.

    Columns ``instrument, name_fi, name_en, items, min, max,
    higher_is_better, reliability, reliability_type, reference`` (from
    ``data/instruments.csv``; each reliability with its published source).

    Examples
    --------
    >>> t = instruments().set_index("instrument")
    >>> bool(t.loc["PHQ9", "higher_is_better"]), float(t.loc["SWEMWBS", "reliability"])
    (False, 0.84)
    """
    return _instrument_table().copy()


def higher_is_better(codes, overrides: dict[str, bool] | None = None) -> pd.Series:
    """Look up the direction of instruments: True where a higher score is better.

    Parameters
    ----------
    codes : array-like of str
        Instrument codes.
    overrides : dict, optional
        ``{instrument: bool}`` for instruments not in :func:`instruments`.

    Raises
    ------
    ValueError
        If an instrument is in neither, naming it and the known ones.

    Examples
    --------
    >>> higher_is_better(["SWEMWBS", "UCLA3"]).tolist()
    [True, False]
    """
    table = dict(zip(_instrument_table().instrument, _instrument_table().higher_is_better, strict=True))
    table.update(overrides or {})
    s = pd.Series(codes, dtype="object") if not isinstance(codes, pd.Series) else codes.astype("object")
    out = s.map(table)
    missing = sorted(set(s[out.isna()].dropna().astype(str)))
    if missing or s.isna().any():
        raise ValueError(
            f"Unknown instrument(s) {missing or ['<missing>']}: add them to data/instruments.csv or pass "
            f"higher_is_better={{'{(missing or ['X'])[0]}': True}}. Known: {sorted(table)} / "
            "tuntematon mittari: kerro, onko suurempi pistemäärä parempi."
        )
    return out.astype(bool)



def higher_is_better_lookup(codes, overrides=None) -> np.ndarray:
    """Vectorised direction lookup used by :func:`prepost` (bool array)."""
    if len(codes) == 0:
        return np.zeros(0, dtype=bool)
    return higher_is_better(codes, overrides).to_numpy()



# ---------------------------------------------------------------------------
# Hedges' correction
# ---------------------------------------------------------------------------


def hedges_j(df, *, exact: bool = True) -> np.ndarray:
    """Small-sample bias correction factor J of standardised mean differences.

    .. math::

        J(m) = \\frac{\\Gamma(m/2)}{\\sqrt{m/2}\\;\\Gamma((m-1)/2)}
        \\approx 1 - \\frac{3}{4m - 1}

    with m the degrees of freedom (n − 1 for a mean change, n₁ + n₂ − 2 for
    two groups). The exact form is the default (as ``metafor``); the
    approximation (Hedges 1981; Borenstein et al. 2009, eq. 4.22) differs by
    less than 0.001 for m ≥ 6 and less than 0.0001 for m ≥ 19. NaN for m ≤ 1.

    References
    ----------
    Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect
    size and related estimators. *Journal of Educational Statistics*, 6(2),
    107–128.

    Examples
    --------
    >>> float(hedges_j(98, exact=False)).__round__(4)
    0.9923
    """
    m = floats(df)
    out = np.full(m.shape, np.nan)
    ok = np.isfinite(m) & (m > 1)
    mm = np.where(ok, m, 3.0)
    if exact:
        val = np.exp(special.gammaln(mm / 2) - 0.5 * np.log(mm / 2) - special.gammaln((mm - 1) / 2))
    else:
        val = 1 - 3 / (4 * mm - 1)
    out[ok] = val[ok]
    return out if out.ndim else out[()]


# ---------------------------------------------------------------------------
# Two independent groups
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SMDResult:
    """Result of :func:`smd`: arrays, one value per comparison.

    Attributes
    ----------
    g, var, se, ci_low, ci_high : numpy.ndarray
        Hedges' g, its sampling variance, SE and CI.
    d, d_var : numpy.ndarray
        Cohen's d (uncorrected) and its variance.
    j : numpy.ndarray
        Correction factor.
    sd_pooled : numpy.ndarray
    level : float
    warnings : tuple of str
        E.g. comparisons without an estimate (fewer than 2 per group, SD 0).
    """

    g: np.ndarray
    var: np.ndarray
    se: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    d: np.ndarray
    d_var: np.ndarray
    j: np.ndarray
    sd_pooled: np.ndarray
    level: float
    warnings: tuple[str, ...] = ()

    @property
    def confidence(self) -> float:
        """Alias of ``level`` (the column name used in tables)."""
        return self.level

    def to_frame(self) -> pd.DataFrame:
        """The results as a table (one row per comparison, with ``confidence``)."""
        cols = ["g", "var", "se", "ci_low", "ci_high", "d", "d_var", "j", "sd_pooled"]
        out = pd.DataFrame({c: np.atleast_1d(getattr(self, c)) for c in cols})
        out["confidence"] = self.level
        return out

    def summary(self, lang: str = "fi") -> str:
        """Hedges' g with its interval, one line per comparison, in Finnish or English.

        Examples
        --------
        >>> print(smd(103, 5.5, 50, 100, 4.5, 50).summary("en"))
        Hedges' g = 0.59 (95% CI 0.19 to 0.99)
        """
        from ..i18n import fmt_ci, fmt_number, t

        pct = fmt_number(100 * self.level, 0, lang)
        lines = [f"Hedges' g = {fmt_number(g, 2, lang)} ("
                 + t(f"{pct} %:n lv ", f"{pct}% CI ", lang) + f"{fmt_ci(lo, hi, 2, lang)})"
                 for g, lo, hi in zip(np.atleast_1d(self.g), np.atleast_1d(self.ci_low),
                                      np.atleast_1d(self.ci_high), strict=True)]
        return "\n".join(lines + [f"! {w}" for w in self.warnings])

    def __repr__(self) -> str:
        g = np.atleast_1d(self.g)
        if g.size == 1:
            return (f"SMDResult(g={g[0]:.4f}, var={float(np.atleast_1d(self.var)[0]):.4f}, "
                    f"ci=[{float(np.atleast_1d(self.ci_low)[0]):.4f}, "
                    f"{float(np.atleast_1d(self.ci_high)[0]):.4f}], level={self.level}, "
                    f"warnings={len(self.warnings)})")
        return (f"SMDResult({g.size} comparisons, g from {np.nanmin(g) if np.isfinite(g).any() else np.nan:.4f} "
                f"to {np.nanmax(g) if np.isfinite(g).any() else np.nan:.4f}, level={self.level}, "
                f"warnings={len(self.warnings)})")


def _check_n_sd(n, sd, what: str) -> None:
    n, sd = floats(n), floats(sd)
    if np.any(n[np.isfinite(n)] < 0):
        raise ValueError(f"{what}: group sizes cannot be negative / ryhmän koko ei voi olla negatiivinen.")
    if np.any(sd[np.isfinite(sd)] < 0):
        raise ValueError(f"{what}: standard deviations cannot be negative / keskihajonta ei voi olla negatiivinen.")


def smd(m1, sd1, n1, m2, sd2, n2, *, level: float = 0.95, exact: bool = True) -> SMDResult:
    """Standardised mean difference of two independent groups (Hedges' g).

    *Vakioitu keskiarvojen ero (Hedgesin g)*, unit: pooled standard
    deviations. Positive when group 1 has the higher mean.

    Parameters
    ----------
    m1, sd1, n1, m2, sd2, n2 : array-like
        Means, standard deviations and sizes of the two groups (arrays in,
        arrays out).
    level : float, default 0.95
    exact : bool, default True
        Exact (gamma-function) or approximate correction factor, see
        :func:`hedges_j`.

    Returns
    -------
    SMDResult
        Attributes ``g, var`` (and ``se, ci_low, ci_high, d, d_var, j,
        sd_pooled``).

    Notes
    -----
    .. math::

        s_p = \\sqrt{\\frac{(n_1-1)s_1^2 + (n_2-1)s_2^2}{n_1+n_2-2}},\\quad
        d = \\frac{\\bar x_1 - \\bar x_2}{s_p},\\quad g = J(n_1+n_2-2)\\,d,

    .. math::

        v_g = \\frac{n_1+n_2}{n_1 n_2} + \\frac{g^2}{2(n_1+n_2)},

    the large-sample variance as in ``metafor::escalc(measure="SMD")``
    (Hedges & Olkin 1985); CI :math:`g \\pm z_{1-\\alpha/2}\\sqrt{v_g}`.
    Borenstein et al. (2009) use :math:`J^2 v_d` instead, which is smaller
    by about :math:`(1-J^2)v_d`; ``d_var`` is their :math:`v_d`.

    References
    ----------
    Hedges, L. V., & Olkin, I. (1985). *Statistical Methods for
    Meta-Analysis*. Academic Press.

    Borenstein, M., Hedges, L. V., Higgins, J. P. T., & Rothstein, H. R.
    (2009). *Introduction to Meta-Analysis*. Wiley, ch. 4.

    Examples
    --------
    Borenstein et al. (2009), ch. 4 worked example:

    >>> r = smd(103, 5.5, 50, 100, 4.5, 50, exact=False)
    >>> print(f"d={r.d:.4f} v_d={r.d_var:.4f} J={r.j:.4f} g={r.g:.4f}")
    d=0.5970 v_d=0.0418 J=0.9923 g=0.5924
    """
    _check_n_sd(np.append(np.atleast_1d(n1), np.atleast_1d(n2)), np.append(np.atleast_1d(sd1), np.atleast_1d(sd2)), "smd")
    m1, sd1, n1, m2, sd2, n2 = np.broadcast_arrays(*(floats(a) for a in (m1, sd1, n1, m2, sd2, n2)))
    df = n1 + n2 - 2
    sp = sqrt(div((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2, df))
    d = div(m1 - m2, sp)
    j = floats(hedges_j(df, exact=exact))
    g = j * d
    base = div(n1 + n2, n1 * n2)
    var = base + div(g**2, 2 * (n1 + n2))
    d_var = base + div(d**2, 2 * (n1 + n2))
    se = sqrt(var)
    z = zcrit(level)

    def s(a):
        return a if a.ndim else a[()]

    bad = int((~np.isfinite(g)).sum())
    warn = (f"{bad} comparison(s) without an estimate: fewer than 2 in a group or no variation "
            "/ vaikutusta ei voi laskea: ryhmässä alle 2 tai ei vaihtelua",) if bad else ()
    return SMDResult(
        g=s(g), var=s(var), se=s(se), ci_low=s(g - z * se), ci_high=s(g + z * se),
        d=s(d), d_var=s(d_var), j=s(j), sd_pooled=s(sp), level=float(level), warnings=warn,
    )  # fmt: skip


def smd_ppc(
    m_pre_t, m_post_t, sd_pre_t, n_t, m_pre_c, m_post_c, sd_pre_c, n_c, r, *, level: float = 0.95
) -> pd.DataFrame:
    """Standardised difference in mean change, participant vs comparison group.

    *Muutosten ero vertailuryhmään* (Morris 2008, :math:`d_{ppc2}`), unit:
    pooled pre-test SD. Positive when participants improved more than the
    comparison group (pass means already turned so that higher is better).

    .. math::

        d_{ppc2} = J(n_T+n_C-2)\\,
        \\frac{(\\bar x_{post,T}-\\bar x_{pre,T}) - (\\bar x_{post,C}-\\bar x_{pre,C})}{s_{pre}},
        \\quad s_{pre} = \\sqrt{\\frac{(n_T-1)s_{pre,T}^2 + (n_C-1)s_{pre,C}^2}{n_T+n_C-2}}

    .. math::

        v = 2(1-r)\\Big(\\frac1{n_T}+\\frac1{n_C}\\Big) + \\frac{d^2}{2(n_T+n_C)}

    This is the estimand of a difference-in-differences in SD units: the
    change that happens anyway (also in the comparison group) is removed.

    References
    ----------
    Morris, S. B. (2008). Estimating effect sizes from pretest-posttest-control
    group designs. *Organizational Research Methods*, 11(2), 364–386.

    Examples
    --------
    Morris (2008), Table 5, first study (published d_ppc2 = 0.7684):

    >>> t = smd_ppc(30.6, 38.5, 15.0, 20, 23.1, 19.7, 13.8, 20, 0.47)
    >>> round(float(t.smd.iloc[0]), 4)
    0.7684
    """
    a = np.broadcast_arrays(*(floats(x) for x in (m_pre_t, m_post_t, sd_pre_t, n_t, m_pre_c, m_post_c, sd_pre_c, n_c, r)))
    m_pre_t, m_post_t, sd_pre_t, n_t, m_pre_c, m_post_c, sd_pre_c, n_c, r = (np.atleast_1d(x) for x in a)
    _check_n_sd(np.append(n_t, n_c), np.append(sd_pre_t, sd_pre_c), "smd_ppc")
    df = n_t + n_c - 2
    sp = sqrt(div((n_t - 1) * sd_pre_t**2 + (n_c - 1) * sd_pre_c**2, df))
    d = floats(hedges_j(df)) * div((m_post_t - m_pre_t) - (m_post_c - m_pre_c), sp)
    var = 2 * (1 - r) * (div(1, n_t) + div(1, n_c)) + div(d**2, 2 * (n_t + n_c))
    z = zcrit(level)
    se = sqrt(var)
    return pd.DataFrame(
        {"smd": d, "smd_var": var, "smd_ci_low": d - z * se, "smd_ci_high": d + z * se,
         "sd_pre_pooled": sp, "confidence": float(level)}
    )  # fmt: skip


