"""Effect sizes for activities: change in participants and two-group differences.

*Vaikutuskoot* — how much participants changed, in units anyone can compare
across instruments (standard deviations), and how sure we are (confidence
intervals).

All functions are vectorised over pandas/numpy (no loops over activities),
never modify their input and never round. Effects are signed so that
**positive = improvement** on every instrument; instruments where a lower
score is better (UCLA-3, PHQ-9, GAD-7, CORE-10) are turned round using
``higher_is_better`` in the instrument table :func:`instruments`
(``data/instruments.csv``).

Functions
---------
:func:`prepost`
    Participant-level pre/post scores → n pairs, means, SDs, r, mean change
    with CI, standardised mean change (raw-score standardisation as
    ``metafor`` ``SMCR``, change-score standardisation as ``SMCC``).
:func:`prepost_from_summary`
    The same from reported n, means, SDs and r (r assumed when missing, with
    a sensitivity option).
:func:`smd`
    Hedges' g for two independent groups.
:func:`smd_ppc`
    Standardised difference in mean change between a participant and a
    comparison group (Morris 2008, d_ppc2).

Reliable change and felt help are in :mod:`impactlib.reliable`.

Examples
--------
>>> import pandas as pd
>>> out = pd.DataFrame({
...     "activity_id": ["A"] * 6, "participant_id": ["p1", "p2", "p3"] * 2,
...     "phase": ["pre"] * 3 + ["post"] * 3, "instrument": ["SWEMWBS"] * 6,
...     "score": [20.0, 22.0, 25.0, 23.0, 24.0, 27.0], "group": ["participant"] * 6})
>>> pp = prepost(out)
>>> pp[["n_pairs", "mean_change"]].round(4).to_dict("records")
[{'n_pairs': 3, 'mean_change': 2.3333}]
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import special, stats

from .errors import DataError, Problem

__all__ = [
    "ASSUMED_R",
    "instruments",
    "higher_is_better",
    "hedges_j",
    "SMDResult",
    "smd",
    "smd_ppc",
    "prepost",
    "prepost_from_summary",
    "paired_scores",
    "higher_is_better_lookup",
]

#: Pre/post correlation assumed when a summary does not report it
#: (a common middle value; see the ``sensitivity`` option of
#: :func:`prepost_from_summary` and Borenstein et al. 2009, ch. 4).
ASSUMED_R = 0.5
_INSTRUMENTS_FILE = "instruments.csv"


# ---------------------------------------------------------------------------
# Small numeric helpers (no warnings on empty, zero or missing input)
# ---------------------------------------------------------------------------


def _f(x) -> np.ndarray:
    return np.asarray(x, dtype=float)


def _div(a, b) -> np.ndarray:
    """a / b, NaN where b is 0 or either is missing (no RuntimeWarning)."""
    a, b = np.broadcast_arrays(_f(a), _f(b))
    out = np.full(a.shape, np.nan)
    ok = np.isfinite(a) & np.isfinite(b) & (b != 0)
    np.divide(a, b, out=out, where=ok)
    return out


def _sqrt(x) -> np.ndarray:
    """Square root; tiny negative rounding errors become 0, NaN stays NaN."""
    x = _f(x)
    out = np.full(x.shape, np.nan)
    ok = np.isfinite(x)
    np.sqrt(np.clip(x, 0.0, None), out=out, where=ok)
    return out


def _zcrit(level: float) -> float:
    level = float(level)
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level}")
    return float(stats.norm.ppf(0.5 + level / 2))


def _tcrit(level: float, df) -> np.ndarray:
    df = _f(df)
    out = np.full(df.shape, np.nan)
    ok = np.isfinite(df) & (df >= 1)
    out[ok] = stats.t.ppf(0.5 + level / 2, df[ok])
    return out


# ---------------------------------------------------------------------------
# Instruments
# ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _instrument_table() -> pd.DataFrame:
    from .regions import DATA_DIR

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


def _direction(codes, overrides) -> np.ndarray:
    return np.where(higher_is_better(codes, overrides).to_numpy(), 1.0, -1.0)


# ---------------------------------------------------------------------------
# Hedges' correction, Wilson interval
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
    m = _f(df)
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

    def to_frame(self) -> pd.DataFrame:
        """The results as a table."""
        cols = ["g", "var", "se", "ci_low", "ci_high", "d", "d_var", "j", "sd_pooled"]
        out = pd.DataFrame({c: np.atleast_1d(getattr(self, c)) for c in cols})
        out["confidence"] = self.level
        return out


def _check_n_sd(n, sd, what: str) -> None:
    n, sd = _f(n), _f(sd)
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
    m1, sd1, n1, m2, sd2, n2 = np.broadcast_arrays(*(_f(a) for a in (m1, sd1, n1, m2, sd2, n2)))
    df = n1 + n2 - 2
    sp = _sqrt(_div((n1 - 1) * sd1**2 + (n2 - 1) * sd2**2, df))
    d = _div(m1 - m2, sp)
    j = _f(hedges_j(df, exact=exact))
    g = j * d
    base = _div(n1 + n2, n1 * n2)
    var = base + _div(g**2, 2 * (n1 + n2))
    d_var = base + _div(d**2, 2 * (n1 + n2))
    se = _sqrt(var)
    z = _zcrit(level)

    def s(a):
        return a if a.ndim else a[()]

    return SMDResult(
        g=s(g), var=s(var), se=s(se), ci_low=s(g - z * se), ci_high=s(g + z * se),
        d=s(d), d_var=s(d_var), j=s(j), sd_pooled=s(sp), level=float(level),
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
    a = np.broadcast_arrays(*(_f(x) for x in (m_pre_t, m_post_t, sd_pre_t, n_t, m_pre_c, m_post_c, sd_pre_c, n_c, r)))
    m_pre_t, m_post_t, sd_pre_t, n_t, m_pre_c, m_post_c, sd_pre_c, n_c, r = (np.atleast_1d(x) for x in a)
    _check_n_sd(np.append(n_t, n_c), np.append(sd_pre_t, sd_pre_c), "smd_ppc")
    df = n_t + n_c - 2
    sp = _sqrt(_div((n_t - 1) * sd_pre_t**2 + (n_c - 1) * sd_pre_c**2, df))
    d = _f(hedges_j(df)) * _div((m_post_t - m_pre_t) - (m_post_c - m_pre_c), sp)
    var = 2 * (1 - r) * (_div(1, n_t) + _div(1, n_c)) + _div(d**2, 2 * (n_t + n_c))
    z = _zcrit(level)
    se = _sqrt(var)
    return pd.DataFrame(
        {"smd": d, "smd_var": var, "smd_ci_low": d - z * se, "smd_ci_high": d + z * se,
         "sd_pre_pooled": sp, "confidence": float(level)}
    )  # fmt: skip


# ---------------------------------------------------------------------------
# Pre/post change: shared core for participant-level and summary data
# ---------------------------------------------------------------------------

_NOTE = {
    "few": "fewer than 2 pairs / alle 2 paria",
    "sd0": "no variation in pre-test scores / alkumittauksessa ei vaihtelua",
    "sdd0": "no variation in change scores / muutoksissa ei vaihtelua",
}


def _smc_core(n, m_pre, m_post, sd_pre, sd_post, r, sign, level: float) -> pd.DataFrame:
    """Standardised mean change (SMCR, SMCC) and mean change, vectorised."""
    n, m_pre, m_post, sd_pre, sd_post, r, sign = (
        np.atleast_1d(_f(x)) for x in np.broadcast_arrays(n, m_pre, m_post, sd_pre, sd_post, r, sign)
    )
    z = _zcrit(level)
    r = np.clip(r, -1.0, 1.0)
    r = np.where(np.abs(1.0 - r) < 1e-12, 1.0, r)  # r = 1 up to rounding error: exactly 1
    ok_n = np.isfinite(n) & (n >= 2)
    n_ok = np.where(ok_n, n, np.nan)
    change = m_post - m_pre
    diff = sign * change
    j = _f(hedges_j(n_ok - 1))
    sd_change = _sqrt(sd_pre**2 + sd_post**2 - 2 * r * sd_pre * sd_post)
    se_change = _div(sd_change, _sqrt(n_ok))
    tq = _tcrit(level, n_ok - 1)
    smcr = j * _div(diff, sd_pre)
    smcr_var = _div(2 * (1 - r), n_ok) + _div(smcr**2, 2 * n_ok)
    smcc = j * _div(diff, sd_change)
    smcc_var = _div(1.0, n_ok) + _div(smcc**2, 2 * n_ok)
    se_r, se_c = _sqrt(smcr_var), _sqrt(smcc_var)
    note = np.full(n.shape, "", dtype=object)
    note = np.where(~np.isfinite(smcc) & ok_n & (sd_change == 0), _NOTE["sdd0"], note)
    note = np.where(~np.isfinite(smcr) & ok_n & (sd_pre == 0), _NOTE["sd0"], note)
    note = np.where(~ok_n, _NOTE["few"], note)
    return pd.DataFrame(
        {
            "mean_change": change,
            "mean_change_se": se_change,
            "mean_change_ci_low": change - tq * se_change,
            "mean_change_ci_high": change + tq * se_change,
            "smcr": smcr,
            "smcr_var": smcr_var,
            "smcr_ci_low": smcr - z * se_r,
            "smcr_ci_high": smcr + z * se_r,
            "smcc": smcc,
            "smcc_var": smcc_var,
            "smcc_ci_low": smcc - z * se_c,
            "smcc_ci_high": smcc + z * se_c,
            "confidence": float(level),
            "note": note,
        }
    )


_OUTCOME_COLS = ("activity_id", "participant_id", "phase", "instrument", "score")


def _require(df: pd.DataFrame, cols, table: str) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise DataError(
            [
                Problem(
                    file=table, row=None, column=c, value=None, rule="missing_column",
                    message_en=f"column {c!r} is needed", message_fi=f"sarake {c!r} puuttuu",
                )
                for c in missing
            ]
        )  # fmt: skip


def paired_scores(outcomes: pd.DataFrame, *, pre: str = "pre", post: str = "post") -> pd.DataFrame:
    """Pair each participant's pre and post scores (one row per participant).

    Parameters
    ----------
    outcomes : pandas.DataFrame
        The ``outcomes`` table (``activity_id, participant_id, phase,
        instrument, score``, optional ``group``; other columns such as the
        covariate ``age`` are carried along from the pre-test row).
    pre, post : str
        Phase codes to pair (e.g. ``post="follow_up"``).

    Returns
    -------
    pandas.DataFrame
        Columns ``activity_id, instrument, group, participant_id, pre,
        post`` and any extra columns; rows with one phase missing are kept
        (with NaN) so that unpaired participants can be counted.

    Raises
    ------
    DataError
        If a participant has two scores for the same phase and instrument.

    Examples
    --------
    >>> o = pd.DataFrame({"activity_id": ["A", "A", "A"], "participant_id": ["p1", "p1", "p2"],
    ...                   "phase": ["pre", "post", "pre"], "instrument": ["GAD7"] * 3,
    ...                   "score": [12.0, 8.0, 10.0]})
    >>> paired_scores(o)[["participant_id", "pre", "post"]].to_dict("list")
    {'participant_id': ['p1', 'p2'], 'pre': [12.0, 10.0], 'post': [8.0, nan]}
    """
    _require(outcomes, _OUTCOME_COLS, "outcomes")
    df = outcomes[outcomes["phase"].isin([pre, post])].copy()
    if "group" not in df.columns:
        df["group"] = "participant"
    keys = ["activity_id", "instrument", "group", "participant_id"]
    dup = df.duplicated(keys + ["phase"], keep=False)
    if dup.any():
        rows = df.index[dup][:20]
        raise DataError(
            [
                Problem(
                    file="outcomes", row=int(i) + 2 if isinstance(i, (int, np.integer)) else None,
                    column="participant_id", value=str(df.at[i, "participant_id"]), rule="prepost_pairing",
                    message_en="the same participant has two scores for one phase and instrument",
                    message_fi="samalla osallistujalla on kaksi tulosta samassa mittauksessa",
                )
                for i in rows
            ]
        )  # fmt: skip
    extra = [c for c in df.columns if c not in (*keys, "phase", "score")]
    wide = df.pivot(index=keys, columns="phase", values="score")
    for ph in (pre, post):
        if ph not in wide.columns:
            wide[ph] = np.nan
    wide = wide[[pre, post]].rename(columns={pre: "pre", post: "post"})
    wide.columns.name = None
    wide = wide.reset_index()
    if extra:
        first = df.sort_values("phase", key=lambda s: s.ne(pre)).drop_duplicates(keys)[keys + extra]
        wide = wide.merge(first, on=keys, how="left")
    return wide


def prepost(
    outcomes: pd.DataFrame,
    *,
    level: float = 0.95,
    pre: str = "pre",
    post: str = "post",
    higher_is_better: dict[str, bool] | None = None,
) -> pd.DataFrame:
    """Pre/post change of participants, with standardised mean change.

    *Alku- ja loppumittauksen muutos* (standardised mean change, *vakioitu
    keskimuutos*) per activity, instrument and group, from participant-level
    paired scores. Unit of ``mean_change``: instrument points (post − pre,
    raw sign); unit of ``smcr``/``smcc``: standard deviations, **positive =
    improvement** whatever the instrument's direction.

    Parameters
    ----------
    outcomes : pandas.DataFrame
        The ``outcomes`` table (one row per participant, phase, instrument).
    level : float, default 0.95
        Confidence level (``confidence`` column).
    pre, post : str
        Phases to compare; ``post="follow_up"`` gives the follow-up change.
    higher_is_better : dict, optional
        Directions for instruments not in :func:`instruments`.

    Returns
    -------
    pandas.DataFrame
        One row per ``activity_id, instrument, group`` with ``n_pairs,
        n_pre_only, n_post_only`` (unpaired participants are reported, not
        silently dropped), ``mean_pre, mean_post, sd_pre, sd_post, r,
        higher_is_better, mean_change, mean_change_se, mean_change_ci_low,
        mean_change_ci_high, smcr, smcr_var, smcr_ci_low, smcr_ci_high,
        smcc, smcc_var, smcc_ci_low, smcc_ci_high, confidence, r_source,
        note``. Means, SDs and r use the paired participants only.

    Notes
    -----
    With n pairs, :math:`J = J(n-1)` (:func:`hedges_j`), direction
    :math:`s = \\pm 1`:

    .. math::

        \\text{SMCR} = J\\,\\frac{s(\\bar x_{post}-\\bar x_{pre})}{s_{pre}},\\qquad
        v = \\frac{2(1-r)}{n} + \\frac{\\text{SMCR}^2}{2n}

    .. math::

        \\text{SMCC} = J\\,\\frac{s(\\bar x_{post}-\\bar x_{pre})}{s_d},\\quad
        s_d = \\sqrt{s_{pre}^2+s_{post}^2-2r\\,s_{pre}s_{post}},\\quad
        v = \\frac1n + \\frac{\\text{SMCC}^2}{2n}

    as ``metafor::escalc(measure="SMCR"/"SMCC")`` (Becker 1988; Morris &
    DeShon 2002). SMCR (raw-score standardisation) is comparable with
    between-group effects; SMCC equals Cohen's :math:`d_z` (Lakens 2013)
    times J. The CI of the mean change uses t with n − 1 df; of SMCR/SMCC
    :math:`\\pm z\\sqrt v`. Edge cases give NaN with a ``note``: n < 2, no
    variation in pre-test scores, or no variation in change (identical pre
    and post, r = 1). Computed with pandas group-by aggregation.

    A pre/post change is **not** the effect of the activity: it includes
    everything that changes anyway (time, season, regression to the mean).
    Use :func:`impactlib.effectiveness.comparison_effect` where there is a
    comparison group.

    References
    ----------
    Becker, B. J. (1988). Synthesizing standardized mean-change measures.
    *British Journal of Mathematical and Statistical Psychology*, 41(2),
    257–278.

    Morris, S. B., & DeShon, R. P. (2002). Combining effect size estimates
    in meta-analysis with repeated measures and independent-groups designs.
    *Psychological Methods*, 7(1), 105–125.

    Lakens, D. (2013). Calculating and reporting effect sizes to facilitate
    cumulative science: a practical primer for t-tests and ANOVAs.
    *Frontiers in Psychology*, 4, 863.

    Examples
    --------
    >>> o = pd.DataFrame({
    ...     "activity_id": "A", "instrument": "UCLA3", "group": "participant",
    ...     "participant_id": ["p1", "p2", "p3", "p4", "p1", "p2", "p3"],
    ...     "phase": ["pre"] * 4 + ["post"] * 3,
    ...     "score": [7.0, 6.0, 8.0, 5.0, 5.0, 5.0, 6.0]})
    >>> r = prepost(o).iloc[0]
    >>> int(r.n_pairs), int(r.n_pre_only), round(float(r.mean_change), 4), bool(r.smcr > 0)
    (3, 1, -1.6667, True)
    """
    wide = paired_scores(outcomes, pre=pre, post=post)
    keys = ["activity_id", "instrument", "group"]
    has_pre, has_post = wide["pre"].notna(), wide["post"].notna()
    counts = (
        wide.assign(
            n_pairs=(has_pre & has_post).astype(int),
            n_pre_only=(has_pre & ~has_post).astype(int),
            n_post_only=(~has_pre & has_post).astype(int),
        )
        .groupby(keys, sort=True)[["n_pairs", "n_pre_only", "n_post_only"]]
        .sum()
    )
    paired = wide[has_pre & has_post].copy()
    g = paired.groupby(keys, sort=True)
    desc = pd.DataFrame(
        {
            "mean_pre": g["pre"].mean(),
            "mean_post": g["post"].mean(),
            "sd_pre": g["pre"].std(ddof=1),
            "sd_post": g["post"].std(ddof=1),
        }
    )
    paired["_cp"] = (paired["pre"] - g["pre"].transform("mean")) * (paired["post"] - g["post"].transform("mean"))
    cov = _div(paired.groupby(keys, sort=True)["_cp"].sum().to_numpy(), counts.loc[desc.index, "n_pairs"].to_numpy() - 1)
    desc["r"] = np.clip(_div(cov, desc["sd_pre"].to_numpy() * desc["sd_post"].to_numpy()), -1.0, 1.0)
    out = counts.join(desc, how="left").reset_index()
    out["higher_is_better"] = higher_is_better_lookup(out["instrument"], higher_is_better)
    core = _smc_core(
        out["n_pairs"], out["mean_pre"], out["mean_post"], out["sd_pre"], out["sd_post"],
        out["r"], np.where(out["higher_is_better"], 1.0, -1.0), level,
    )  # fmt: skip
    out = pd.concat([out.reset_index(drop=True), core], axis=1)
    out["r_source"] = "data"
    return out[_PREPOST_COLUMNS]


def higher_is_better_lookup(codes, overrides=None) -> np.ndarray:
    """Vectorised direction lookup used by :func:`prepost` (bool array)."""
    if len(codes) == 0:
        return np.zeros(0, dtype=bool)
    return higher_is_better(codes, overrides).to_numpy()


_PREPOST_COLUMNS = [
    "activity_id", "instrument", "group", "n_pairs", "n_pre_only", "n_post_only", "mean_pre",
    "mean_post", "sd_pre", "sd_post", "r", "higher_is_better", "mean_change", "mean_change_se",
    "mean_change_ci_low", "mean_change_ci_high", "smcr", "smcr_var", "smcr_ci_low", "smcr_ci_high",
    "smcc", "smcc_var", "smcc_ci_low", "smcc_ci_high", "confidence", "r_source", "note",
]  # fmt: skip


def prepost_from_summary(
    summaries: pd.DataFrame,
    *,
    assumed_r: float = ASSUMED_R,
    sensitivity=None,
    level: float = 0.95,
    pre: str = "pre",
    post: str = "post",
    higher_is_better: dict[str, bool] | None = None,
) -> pd.DataFrame:
    """Pre/post change from reported summaries (n, means, SDs, r).

    *Muutos yhteenvetotiedoista* — for associations that report only the
    number measured, means and SDs per phase (the ``outcome_summaries``
    table). Same formulas and columns as :func:`prepost`.

    Parameters
    ----------
    summaries : pandas.DataFrame
        ``activity_id, instrument, group, phase, n, mean, sd`` and optional
        ``r`` (pre/post correlation, on the post row).
    assumed_r : float, default 0.5
        Correlation used where ``r`` is missing (``r_source = "assumed"``).
        SMCR's variance and SMCC depend on it; see ``sensitivity``.
    sensitivity : sequence of float, optional
        If given, the table is computed once for each assumed r and stacked,
        with the value in column ``scenario_r`` (rows with a reported r are
        the same in every scenario).
    level : float, default 0.95
    pre, post : str
    higher_is_better : dict, optional

    Returns
    -------
    pandas.DataFrame
        The :func:`prepost` columns (``n_pre_only``/``n_post_only`` are
        missing: summaries do not say who was measured twice; ``n_pairs``
        is the smaller of the two n's, with a note when they differ), plus
        ``scenario_r`` with ``sensitivity``.

    Notes
    -----
    See :func:`prepost`. Assuming r = 0.5 makes the SMCR variance
    :math:`1/n + \\text{SMCR}^2/2n`; a higher true r means the reported
    variance is too large (conservative), a lower one too small.

    References
    ----------
    Borenstein, M., Hedges, L. V., Higgins, J. P. T., & Rothstein, H. R.
    (2009). *Introduction to Meta-Analysis*. Wiley, ch. 4 (matched groups).

    Examples
    --------
    Morris (2008) data, treatment group of study 1 (``metafor`` SMCR
    0.5056, variance 0.0594):

    >>> s = pd.DataFrame({"activity_id": "S1", "instrument": "X", "group": "participant",
    ...                   "phase": ["pre", "post"], "n": [20, 20], "mean": [30.6, 38.5],
    ...                   "sd": [15.0, 11.6], "r": [None, 0.47]})
    >>> r = prepost_from_summary(s, higher_is_better={"X": True}).iloc[0]
    >>> round(float(r.smcr), 4), round(float(r.smcr_var), 4), r.r_source
    (0.5056, 0.0594, 'reported')
    """
    _require(summaries, ("activity_id", "instrument", "phase", "n", "mean", "sd"), "outcome_summaries")
    df = summaries[summaries["phase"].isin([pre, post])].copy()
    if "group" not in df.columns:
        df["group"] = "participant"
    if "r" not in df.columns:
        df["r"] = np.nan
    keys = ["activity_id", "instrument", "group"]
    dup = df.duplicated(keys + ["phase"], keep=False)
    if dup.any():
        raise DataError(
            [
                Problem(file="outcome_summaries", row=None, column="phase", value=str(df.at[i, "activity_id"]),
                        rule="unique_key", message_en="two summary rows for the same phase",
                        message_fi="kaksi yhteenvetoriviä samalle mittaukselle")
                for i in df.index[dup][:20]
            ]
        )  # fmt: skip
    wide = df.pivot(index=keys, columns="phase", values=["n", "mean", "sd", "r"])
    wide.columns = [f"{a}_{b}" for a, b in wide.columns]
    for c in ("n", "mean", "sd", "r"):
        for ph in (pre, post):
            if f"{c}_{ph}" not in wide.columns:
                wide[f"{c}_{ph}"] = np.nan
    wide = wide.reset_index()
    n_pre, n_post = _f(wide[f"n_{pre}"]), _f(wide[f"n_{post}"])
    n = np.fmin(n_pre, n_post)
    n = np.where(np.isfinite(n_pre) & np.isfinite(n_post), n, np.nan)
    r_rep = _f(wide[f"r_{post}"].astype(float))
    r_rep = np.where(np.isfinite(r_rep), r_rep, _f(wide[f"r_{pre}"].astype(float)))
    base = pd.DataFrame(
        {
            "activity_id": wide["activity_id"],
            "instrument": wide["instrument"],
            "group": wide["group"],
            "n_pairs": pd.array(np.where(np.isfinite(n), n, np.nan), dtype="Float64").astype("Int64"),
            "n_pre_only": pd.array([pd.NA] * len(wide), dtype="Int64"),
            "n_post_only": pd.array([pd.NA] * len(wide), dtype="Int64"),
            "mean_pre": _f(wide[f"mean_{pre}"]),
            "mean_post": _f(wide[f"mean_{post}"]),
            "sd_pre": _f(wide[f"sd_{pre}"]),
            "sd_post": _f(wide[f"sd_{post}"]),
        }
    )
    base["higher_is_better"] = higher_is_better_lookup(base["instrument"], higher_is_better)
    differ = np.isfinite(n_pre) & np.isfinite(n_post) & (n_pre != n_post)
    scenarios = [assumed_r] if sensitivity is None else list(sensitivity)
    for rr in scenarios:
        if not -1 <= float(rr) <= 1:
            raise ValueError(f"assumed correlations must be between -1 and 1, got {rr}")
    parts = []
    for rr in scenarios:  # a handful of scenarios, not a loop over activities
        part = base.copy()
        part["r"] = np.where(np.isfinite(r_rep), r_rep, float(rr))
        core = _smc_core(
            _f(n), part["mean_pre"], part["mean_post"], part["sd_pre"], part["sd_post"], part["r"],
            np.where(part["higher_is_better"], 1.0, -1.0), level,
        )  # fmt: skip
        part = pd.concat([part.reset_index(drop=True), core], axis=1)
        part["r_source"] = np.where(np.isfinite(r_rep), "reported", "assumed")
        note = part["note"].to_numpy(dtype=object)
        part["note"] = np.where(
            differ, np.where(note == "", "n differs between phases; the smaller n is used / n eroaa mittausten välillä",
                             note + "; n differs between phases"), note)  # fmt: skip
        if sensitivity is not None:
            part["scenario_r"] = float(rr)
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    cols = _PREPOST_COLUMNS + (["scenario_r"] if sensitivity is not None else [])
    return out[cols]
