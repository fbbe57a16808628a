"""Three-level meta-analysis: activities nested in associations (*kolmitasoinen meta-analyysi*).

Effects of activities run by the same association are not independent: the
association's staff, members and ways of working are shared, so its activities
tend to succeed or fail together. Pooling them as if independent
(:func:`impactlib.effectiveness.pool`) then understates the uncertainty of the
average effect. :func:`pool_multilevel` fits the three-level random-effects
model of Konstantopoulos (2011) — sampling error (level 1), activities within
an association (level 2) and associations (level 3) — by restricted maximum
likelihood, as ``metafor::rma.mv(yi, vi, random = ~ 1 | association/activity)``
does, and reports the variance at each level. ``tests/test_multilevel.py``
checks it against metafor's published analysis of ``dat.konstantopoulos2011``.

The likelihood is evaluated in O(k) per step: the covariance matrix of an
association's effects is a diagonal plus a constant, whose inverse and
determinant have closed forms (Sherman–Morrison), so no k × k matrix is
built. The two variances are found by Fisher scoring (score and expected
information in closed form, projected onto σ² ≥ 0 with step halving, as
metafor's ``rma.uni`` does for one variance), with
:func:`scipy.optimize.minimize` (L-BFGS-B) as a fallback.

Examples
--------
>>> res = pool_multilevel([0.1, 0.3, 0.5, 0.2, 0.6, 0.4], [0.02] * 6, ["a", "a", "b", "b", "c", "c"])
>>> res.k, res.n_clusters
(6, 3)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import optimize

from .._util import check_level, p_text
from . import _dist
from ._metamean import intercept_mean
from .metafit import as_effects, message

__all__ = ["MultilevelResult", "pool_multilevel"]

#: Fewer associations than this: the between-association variance is poorly estimated.
MIN_CLUSTERS = 3


@dataclass(frozen=True)
class MultilevelResult:
    """Result of :func:`pool_multilevel` (*kolmitasoinen yhdistetty vaikutus*).

    Attributes
    ----------
    estimate, se, statistic, pvalue, ci_low, ci_high : float
        Pooled (average) effect, its standard error, z or t statistic,
        two-sided p-value and confidence interval.
    pi_low, pi_high : float
        Prediction interval for the effect of a new activity in a new
        association: :math:`\\hat\\mu \\pm c\\sqrt{SE^2 + \\sigma^2_3 + \\sigma^2_2}`.
    test : {"z", "t"}
    df : float
        Degrees of freedom of the t test (associations − 1), ``inf`` for z.
    sigma2_between : float
        Level 3: variance of the true effects between associations
        (*järjestöjen välinen vaihtelu*).
    sigma2_within : float
        Level 2: variance between activities of the same association
        (*järjestön toimintojen välinen vaihtelu*).
    icc : float
        :math:`\\sigma^2_3/(\\sigma^2_3+\\sigma^2_2)`: how alike the true
        effects of one association's activities are.
    i2_between, i2_within : float
        Shares (0–1) of the total variance at levels 3 and 2 (Cheung 2014):
        :math:`\\sigma^2_\\ell/(\\sigma^2_3+\\sigma^2_2+\\tilde v)` with the
        typical sampling variance :math:`\\tilde v`.
    q, q_df, q_pvalue : float
        Cochran's Q test of heterogeneity (as in ``rma.mv``).
    loglik : float
        Restricted (or ML) log-likelihood with all constants, as ``logLik`` in metafor.
    k, n_clusters : int
        Activities (effects) and associations (clusters).
    method : {"REML", "ML"}
    level : float
    converged : bool
    warnings : tuple of str
    """

    estimate: float
    se: float
    statistic: float
    pvalue: float
    ci_low: float
    ci_high: float
    pi_low: float
    pi_high: float
    test: str
    df: float
    sigma2_between: float
    sigma2_within: float
    icc: float
    i2_between: float
    i2_within: float
    q: float
    q_df: int
    q_pvalue: float
    loglik: float
    k: int
    n_clusters: int
    method: str
    level: float
    converged: bool
    warnings: tuple[str, ...] = ()

    @property
    def confidence(self) -> float:
        """Alias of ``level`` (the column name used in tables)."""
        return self.level

    @property
    def sigma2(self) -> tuple[float, float]:
        """(between associations, within associations), in metafor's order for ``~ 1 | outer/inner``."""
        return (self.sigma2_between, self.sigma2_within)

    def to_frame(self) -> pd.DataFrame:
        """One-row table (with ``confidence`` and ``warnings``)."""
        cols = ("k", "n_clusters", "method", "estimate", "se", "ci_low", "ci_high", "pi_low",
                "pi_high", "statistic", "pvalue", "test", "df", "sigma2_between", "sigma2_within",
                "icc", "i2_between", "i2_within", "q", "q_df", "q_pvalue", "loglik", "converged")
        row = {c: getattr(self, c) for c in cols}
        row["confidence"] = self.level
        row["warnings"] = " | ".join(self.warnings)
        return pd.DataFrame([row])

    def summary(self, lang: str = "fi") -> str:
        """The pooled effect and the variance at each level, in Finnish or English.

        Examples
        --------
        >>> r = pool_multilevel([0.1, 0.3, 0.5, 0.2, 0.6, 0.4], [0.02] * 6, list("aabbcc"))
        >>> print(r.summary("en").splitlines()[0])
        Pooled effect, three-level model (REML, k = 6 activities in 3 associations): 0.35 (95% CI 0.18 to 0.52)
        """
        from ..i18n import fmt_ci, fmt_number, fmt_pct, t

        pct = fmt_number(100 * self.level, 0, lang)
        est, ci = fmt_number(self.estimate, 2, lang), fmt_ci(self.ci_low, self.ci_high, 2, lang)
        lines = [
            t(f"Yhdistetty vaikutus, kolmitasoinen malli ({self.method}, k = {self.k} toimintoa "
              f"{self.n_clusters} järjestössä): {est} ({pct} %:n lv {ci})",
              f"Pooled effect, three-level model ({self.method}, k = {self.k} activities in "
              f"{self.n_clusters} associations): {est} ({pct}% CI {ci})", lang),
            t("Vaihtelu järjestöjen välillä", "Variance between associations", lang)
            + f" σ² = {fmt_number(self.sigma2_between, 3, lang)} ({fmt_pct(self.i2_between, 0, lang)}), "
            + t("saman järjestön toimintojen välillä", "between activities of one association", lang)
            + f" σ² = {fmt_number(self.sigma2_within, 3, lang)} ({fmt_pct(self.i2_within, 0, lang)}); "
            + f"Q({self.q_df}) = {fmt_number(self.q, 2, lang)}, p {p_text(self.q_pvalue, lang)}",
        ]
        return "\n".join(lines + [f"! {w}" for w in self.warnings])

    def __repr__(self) -> str:
        return (f"MultilevelResult(method={self.method!r}, k={self.k}, n_clusters={self.n_clusters}, "
                f"estimate={self.estimate:.4f}, ci=[{self.ci_low:.4f}, {self.ci_high:.4f}], "
                f"sigma2_between={self.sigma2_between:.4f}, sigma2_within={self.sigma2_within:.4f}, "
                f"warnings={len(self.warnings)})")


class _Blocks:
    """Closed forms for V = diag(v + σ²₂) + σ²₃ · blockdiag(11ᵀ) of the clusters (Sherman–Morrison).

    Every sum over the k effects is a numpy reduction or :func:`numpy.bincount`, never BLAS (a
    threaded BLAS dot product on k values is slow on a busy machine). :meth:`parts` is computed
    once per value of (σ²₂, σ²₃) in :meth:`fit` and shared by the likelihood, score and information.
    """

    def __init__(self, y, v, codes, n_clusters):
        self.y, self.v, self.codes, self.g = y, v, codes, n_clusters

    def csum(self, x):
        return np.bincount(self.codes, weights=x, minlength=self.g)

    def parts(self, s2, s3):
        a = 1.0 / (self.v + s2)
        s = self.csum(a)  # Σ a_i per cluster
        d = 1.0 + s3 * s  # V_j⁻¹ 1 = a / d_j
        u = a / d[self.codes]  # V⁻¹ 1
        h = s / d  # 1ᵀ V_j⁻¹ 1
        b = float(h.sum())  # 1ᵀ V⁻¹ 1
        mu = float((self.csum(a * self.y) / d).sum()) / b
        r = self.y - mu
        ar = a * r
        c = s3 / d  # V_j⁻¹ = diag(a) − c_j a aᵀ
        py = ar - a * (c * self.csum(ar))[self.codes]  # V⁻¹ r = P y
        logdet = float(np.log(self.v + s2).sum() + np.log(d).sum())
        return a, s, d, u, b, mu, r, py, c, logdet, h

    def loglik(self, s2, s3, reml=True, parts=None):
        *_, b, mu, r, py, c, logdet, _ = parts if parts is not None else self.parts(s2, s3)
        k = self.y.size
        rss = float((r * py).sum())
        if reml:  # metafor's full REML likelihood (REMLf = TRUE): + ½ log|XᵀX| = ½ log k
            return -0.5 * (k - 1) * np.log(2 * np.pi) + 0.5 * np.log(k) - 0.5 * logdet - 0.5 * np.log(b) - 0.5 * rss
        return -0.5 * k * np.log(2 * np.pi) - 0.5 * logdet - 0.5 * rss

    def gradient(self, s2, s3, reml=True, parts=None):
        """∂ℓ/∂(σ²₂, σ²₃) = −½[tr(P Z) − yᵀP Z P y] (REML; V⁻¹ in place of P for ML)."""
        a, s, d, u, b, mu, r, py, c, _, h = parts if parts is not None else self.parts(s2, s3)
        tr_vinv = float((a - c[self.codes] * a**2).sum())  # tr V⁻¹
        tr_vinv_z3 = b  # Σ_j 1ᵀ V_j⁻¹ 1
        if reml:
            tr2 = tr_vinv - float((u * u).sum()) / b
            tr3 = tr_vinv_z3 - float((h**2).sum()) / b
        else:
            tr2, tr3 = tr_vinv, tr_vinv_z3
        q2 = float((py * py).sum())
        q3 = float((self.csum(py) ** 2).sum())
        return np.array([-0.5 * (tr2 - q2), -0.5 * (tr3 - q3)])

    def information(self, s2, s3, reml=True, parts=None):
        """Expected information ½ tr(P Z_m P Z_n) (V⁻¹ for ML) in closed form, O(k)."""
        a, s, d, u, b, *_, c, _, h = parts if parts is not None else self.parts(s2, s3)
        sa2, sa3 = self.csum(a**2), self.csum(a**3)
        d2 = d**2
        t22 = float((sa2 - 2 * c * sa3 + c**2 * sa2**2).sum())  # tr(V⁻¹V⁻¹)
        t33 = float((h**2).sum())  # tr(V⁻¹Z₃V⁻¹Z₃)
        t23 = float((sa2 / d2).sum())  # tr(V⁻¹V⁻¹Z₃) = Σ‖V_j⁻¹1‖²
        if reml:
            uu = t23  # uᵀu
            uzu = t33  # uᵀZ₃u = Σ h_j²
            uvu = float((sa3 / d2 - c * (sa2 / d) ** 2).sum())  # uᵀV⁻¹u
            uvzu = float((sa2 / d2 * h).sum())  # uᵀV⁻¹Z₃u
            uzvzu = float((h**3).sum())  # uᵀZ₃V⁻¹Z₃u
            t22 += -2 * uvu / b + uu**2 / b**2
            t33 += -2 * uzvzu / b + uzu**2 / b**2
            t23 += -2 * uvzu / b + uu * uzu / b**2
        return 0.5 * np.array([[t22, t23], [t23, t33]])

    def fit(self, start, reml=True, maxiter=200, tol=1e-10):
        """Projected Fisher scoring over σ²₂, σ²₃ ≥ 0 with step halving; returns (θ, converged)."""
        th = np.maximum(np.asarray(start, dtype=float), 0.0)
        pt = self.parts(*th)
        ll = self.loglik(*th, reml, parts=pt)
        halved = False  # Fisher scoring left its quadratic regime (a flat ridge of the likelihood)
        for _ in range(maxiter):
            g = self.gradient(*th, reml, parts=pt)
            info = self.information(*th, reml, parts=pt)
            free = ~((th <= 0) & (g <= 0))  # at the bound 0 with the score pointing out: fixed
            step = np.zeros(2)
            if free.all():
                try:
                    step = np.linalg.solve(info, g)
                except np.linalg.LinAlgError:  # pragma: no cover - singular only for singletons
                    return th, False
            elif free.any():
                i = int(np.flatnonzero(free)[0])
                try:
                    step[i] = np.linalg.solve(info[i:i + 1, i:i + 1], g[i:i + 1])[0]
                except np.linalg.LinAlgError:  # pragma: no cover - singular only for singletons
                    return th, False
            # on a ridge (clusters of mostly one effect: σ²₂ and σ²₃ barely told apart) full steps
            # overshoot and halved ones crawl; stop when the quadratic model promises no more
            # likelihood (Newton decrement ½ gᵀI⁻¹g, relative 1e-12: nlminb's rel.tol in metafor
            # is 1e-10) instead of running to maxiter and the fallback
            if halved and 0.5 * float(g @ step) <= 1e-12 * max(1.0, abs(ll)):
                return th, True
            t = 1.0
            while True:
                new = np.maximum(th + t * step, 0.0)
                pt_new = self.parts(*new)
                ll_new = self.loglik(*new, reml, parts=pt_new)
                if ll_new >= ll - 1e-13 * max(1.0, abs(ll)) or t < 1e-8:
                    break
                t /= 2
                halved = True
            done = np.max(np.abs(new - th)) <= tol * max(1.0, float(np.max(th)))
            th, ll, pt = new, ll_new, pt_new
            if done:
                return th, True
        return th, False  # pragma: no cover - Fisher scoring converges on test data


def pool_multilevel(
    yi,
    vi,
    cluster,
    *,
    method: str = "REML",
    test: str = "z",
    level: float = 0.95,
) -> MultilevelResult:
    """Pool effects nested in clusters (activities in associations): a three-level model.

    *Kolmitasoinen meta-analyysi* — the average effect when several
    activities come from the same association, with the variance of the true
    effects between associations and between activities of one association.

    Parameters
    ----------
    yi, vi : array-like of float
        Effect sizes and their sampling variances (> 0), one per activity.
    cluster : array-like
        The association (or other cluster) of each effect, e.g. ``org_id``.
    method : {"REML", "ML"}, default "REML"
    test : {"z", "t"}, default "z"
        Normal (metafor's default) or t with (associations − 1) degrees of
        freedom: the number of associations, not of activities, limits how
        well the average is known, so ``"t"`` is the cautious choice when
        there are few associations.
    level : float, default 0.95

    Returns
    -------
    MultilevelResult

    Notes
    -----
    The model is :math:`y_{ij} = \\mu + u_j + w_{ij} + e_{ij}` with
    :math:`u_j \\sim N(0, \\sigma^2_3)` (association *j*),
    :math:`w_{ij} \\sim N(0, \\sigma^2_2)` (activity *i* of association *j*)
    and :math:`e_{ij} \\sim N(0, v_{ij})`. The marginal covariance of
    association *j*'s effects is :math:`V_j = D_j + \\sigma^2_3 \\mathbf{1}\\mathbf{1}^\\top`
    with :math:`D_j = \\operatorname{diag}(v_{ij} + \\sigma^2_2)`, so with
    :math:`a_{ij} = 1/(v_{ij}+\\sigma^2_2)` and :math:`s_j = \\sum_i a_{ij}`

    .. math::

        V_j^{-1} = D_j^{-1} - \\frac{\\sigma^2_3}{1+\\sigma^2_3 s_j} a_j a_j^\\top,\\qquad
        \\log|V_j| = \\sum_i \\log(v_{ij}+\\sigma^2_2) + \\log(1+\\sigma^2_3 s_j).

    :math:`\\hat\\mu = \\sum_j \\frac{\\sum_i a_{ij}y_{ij}}{1+\\sigma^2_3 s_j} \\Big/
    \\sum_j \\frac{s_j}{1+\\sigma^2_3 s_j}`, its variance the inverse of the
    denominator. The restricted log-likelihood (with metafor's constants) is
    maximised over :math:`\\sigma^2_2, \\sigma^2_3 \\ge 0` by Fisher scoring with the
    score :math:`-\\tfrac12[\\operatorname{tr}(PZ_m) - y^\\top P Z_m P y]` and the
    information :math:`\\tfrac12\\operatorname{tr}(PZ_mPZ_n)`, :math:`Z_2 = I`,
    :math:`Z_3` the association indicator times its transpose.
    With only one activity per association the two levels cannot be told
    apart: the result is then the two-level :func:`~impactlib.effectiveness.pool` with the variance at
    level 2 and NaN at level 3, and a warning.

    References
    ----------
    Konstantopoulos, S. (2011). Fixed effects and variance components
    estimation in three-level meta-analysis. *Research Synthesis Methods*,
    2(1), 61–76.

    Cheung, M. W.-L. (2014). Modeling dependent effect sizes with
    three-level meta-analyses: A structural equation modeling approach.
    *Psychological Methods*, 19(2), 211–229.

    Viechtbauer, W. (2010). Conducting meta-analyses in R with the metafor
    package. *Journal of Statistical Software*, 36(3), 1–48.

    Examples
    --------
    >>> r = pool_multilevel([0.1, 0.3, 0.5, 0.2, 0.6, 0.4], [0.02] * 6, list("aabbcc"))
    >>> round(r.estimate, 2), r.sigma2_between >= 0, r.test
    (0.35, True, 'z')
    """
    method = str(method).upper()
    if method not in ("REML", "ML"):
        raise ValueError(f"method must be 'REML' or 'ML', got {method!r}")
    if test not in ("z", "t"):
        raise ValueError(f"test must be 'z' or 't', got {test!r}")
    level = check_level(level)
    y, v = as_effects(yi, vi)
    cl = pd.Series(np.asarray(cluster, dtype=object).ravel())
    if len(cl) != y.size:
        raise ValueError(f"cluster has {len(cl)} values but there are {y.size} effect sizes")
    if cl.isna().any():
        raise ValueError("cluster is missing for some effects / klusteri (järjestö) puuttuu")
    codes, uniq = pd.factorize(cl, sort=True)
    g, k = len(uniq), y.size
    warn: list[str] = []
    base = intercept_mean(y, v, "REML" if method == "REML" else "DL")  # the numbers of pool()
    w0 = 1.0 / v
    q = base["qe"]
    q_df = k - 1
    vt = (k - 1) * w0.sum() / (w0.sum() ** 2 - np.sum(w0**2)) if k > 1 else np.nan  # typical v
    if g == k or k < 2:
        warn.append(message("ml_singletons"))
        s2, s3, converged = (base["tau2"] if k > 1 else np.nan), np.nan, True
        blocks = None
    else:
        blocks = _Blocks(y, v, codes, g)
        reml = method == "REML"
        start = max(base["tau2"], 0.01 * float(np.var(y)), 1e-6)
        (s2, s3), converged = blocks.fit((0.5 * start, 0.5 * start), reml)
        if not converged:  # pragma: no cover - a bounded quasi-Newton search as a fallback
            def fun(th):
                return -blocks.loglik(*th, reml), -blocks.gradient(*th, reml)

            opt = optimize.minimize(fun, np.array([0.5 * start, 0.5 * start]), jac=True,
                                    method="L-BFGS-B", bounds=[(0.0, None), (0.0, None)],
                                    options={"ftol": 1e-15, "gtol": 1e-11, "maxiter": 2000})
            (s2, s3), converged = opt.x, bool(opt.success)
            if not converged:
                warn.append("The three-level fit did not converge / kolmitasoinen malli ei konvergoinut.")
        s2, s3 = float(s2), float(s3)
        if g < MIN_CLUSTERS:
            warn.append(message("ml_few_clusters", g=g))
    if blocks is not None:
        b, mu = blocks.parts(s2, s3)[4:6]
        se = float(np.sqrt(1.0 / b))
        loglik = blocks.loglik(s2, s3, method == "REML")
    else:
        mu, se = base["estimate"], base["se"]
        loglik = np.nan
    df = float(g - 1) if test == "t" else np.inf
    if test == "t" and g < 2:
        crit = np.nan
    else:
        upper = 0.5 + level / 2
        crit = float(_dist.t_ppf(upper, df) if test == "t" else _dist.norm_ppf(upper))
    stat = mu / se if se > 0 else np.nan
    pval = float(2 * (_dist.t_sf(abs(stat), df) if test == "t" else _dist.norm_sf(abs(stat)))) \
        if np.isfinite(stat) and np.isfinite(crit) else np.nan
    tot = np.nansum([s2, s3])
    half_pi = crit * np.sqrt(se**2 + tot) if k > 1 else np.nan
    s3_ = 0.0 if np.isnan(s3) else s3
    denom = s2 + s3_ + vt
    return MultilevelResult(
        estimate=float(mu), se=se, statistic=float(stat), pvalue=pval,
        ci_low=float(mu - crit * se), ci_high=float(mu + crit * se),
        pi_low=float(mu - half_pi), pi_high=float(mu + half_pi), test=test, df=df,
        sigma2_between=float(s3), sigma2_within=float(s2),
        icc=float(s3 / (s2 + s3)) if np.isfinite(s3) and s2 + s3 > 0 else np.nan,
        i2_between=float(s3 / denom) if np.isfinite(s3) else np.nan,
        i2_within=float(s2 / denom) if np.isfinite(denom) else np.nan,
        q=float(q), q_df=int(q_df), q_pvalue=float(base["qe_p"]), loglik=float(loglik), k=k,
        n_clusters=g, method=method, level=level, converged=converged, warnings=tuple(warn),
    )  # fmt: skip
