"""Cox proportional-hazards fit by Newton–Raphson on the partial likelihood (NumPy, vectorised).

Serves :func:`impactlib.continuity.spell_survival` and
:func:`impactlib.continuity.proportional_hazards`: the design matrix of the covariates with the
up-front separation check (:func:`cox_inputs`), and the fit itself (:func:`cox_fit`) —
Breslow's or Efron's handling of ties, delayed entry (left truncation), Schoenfeld residuals.
Only NumPy is called: rows alike in covariates, risk-set interval and event are merged into
one row with a count, and the risk-set sums come from rows sorted once and cumulative sums, so
one Newton iteration costs O(m p²) for the m merged rows plus O(d) for the d ends (Efron), with
no Python loop over rows or event times (statsmodels' ``PHReg``, used before, loops in Python
over both, which made it the slowest part of the indicator suite).

Examples
--------
>>> import numpy as np
>>> t = np.array([1, 2, 2, 3, 4, 5.0])
>>> fit = cox_fit(t, np.array([[0], [1], [0], [1], [0], [1.0]]), t < 5)
>>> fit.converged, round(float(fit.params[0]), 4)
(True, -0.7352)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["CoxFit", "cox_fit", "cox_inputs", "fit_cox", "text_codes"]

#: Newton stops when no coefficient moves by more than this (statsmodels' ``newton`` default).
TOL = 1e-8
#: Newton iterations at most (a fit that diverges is stopped long before, see :func:`cox_fit`).
MAX_ITER = 50
#: Ridge added to the information matrix in the Newton step, per row (statsmodels' 1e-10 on the
#: Hessian of the mean log-likelihood): it keeps the step defined when a column is constant.
RIDGE = 1e-10
#: A step that leaves the log-likelihood flat (relative change below this) while moving the linear
#: predictor by more than ``DIVERGE_ETA`` is a coefficient running off to ±∞ (monotone likelihood).
FLAT_LL = 1e-10
DIVERGE_ETA = 0.5


@dataclass(frozen=True)
class CoxFit:
    """A fitted Cox model (the figures the callers read from statsmodels' ``PHRegResults``).

    Attributes
    ----------
    params : numpy.ndarray
        Coefficients (log hazard ratios).
    cov : numpy.ndarray
        Their covariance, the inverse of the observed information at ``params``.
    loglike : float
        Log partial likelihood at ``params``.
    converged : bool
        Whether Newton–Raphson converged.
    n_iter : int
        Newton iterations done.
    note : str or None
        Why the fit did not converge (a diverging coefficient, the iteration cap) or a column
        was left out (constant among the subjects at risk: NaN coefficient), else None.
    ties : str
        ``"efron"`` or ``"breslow"``.
    """

    params: np.ndarray
    cov: np.ndarray
    loglike: float
    converged: bool
    n_iter: int
    note: str | None
    ties: str
    _risk: _RiskSets | None = None

    @property
    def bse(self) -> np.ndarray:
        """Standard errors of the coefficients (NaN where the information is not positive)."""
        with np.errstate(invalid="ignore"):
            return np.sqrt(np.diag(self.cov))

    def cov_params(self) -> np.ndarray:
        """The covariance matrix (statsmodels' name)."""
        return self.cov

    @property
    def pvalues(self) -> np.ndarray:
        """Two-sided Wald p-values, ``2 * norm.sf(|coef / se|)`` (SciPy)."""
        from scipy.stats import norm

        return norm.sf(np.abs(self.params / self.bse)) * 2

    def conf_int(self, alpha: float = 0.05) -> np.ndarray:
        """Wald intervals ``coef ± z se`` of the coefficients, one row per coefficient."""
        from scipy.stats import norm

        q = norm.ppf(1 - alpha / 2)
        return np.column_stack([self.params - q * self.bse, self.params + q * self.bse])

    @property
    def schoenfeld_residuals(self) -> np.ndarray:
        """Schoenfeld residuals: an ended spell's covariates minus the risk-weighted mean of those
        at risk when it ended (Breslow's mean over the whole risk set, as statsmodels); NaN for
        censored rows."""
        return self._risk.schoenfeld(np.nan_to_num(self.params))  # 0 for a constant column


class _RiskSets:
    """Sorted arrays of one data set, prepared once for every Newton iteration.

    A row is at risk at the distinct event time :math:`u_k` when ``entry < u_k <= time``. With
    ``kt`` the last event time ``<= time`` and ``ke`` the last ``<= entry``, the row is at risk
    exactly for ``ke < k <= kt``: its sums enter the risk sets of every ``k <= kt`` through a
    reverse cumulative sum over rows sorted by ``kt`` and leave those of ``k <= ke`` through one
    over rows sorted by ``ke``. Rows never at risk are left out, and rows alike in covariates,
    ``kt``, ``ke`` and event are merged into one row with a count (categorical covariates and
    whole-year times leave a few hundred rows of many thousands).
    """

    def __init__(self, time, x, event, entry):
        self.n, self.p = x.shape
        self.u = np.unique(time[event])
        self.k = k = len(self.u)
        kt = np.searchsorted(self.u, time, side="right") - 1
        ke = np.searchsorted(self.u, entry, side="right") - 1
        self.row_kt, self.row_event, self.row_x = kt, event, x  # for the Schoenfeld residuals
        rows = np.flatnonzero(kt > ke)
        key = _row_key(x[rows], kt[rows] * (k + 1) + ke[rows] + 1, event[rows], k)
        if key is None:
            rep, cnt = rows, np.ones(len(rows))
        else:
            inv, uniq = pd.factorize(key)
            rep = np.empty(len(uniq), dtype=np.intp)
            rep[inv] = rows  # any row of each kind: they are alike
            cnt = np.bincount(inv).astype(float)
        order = np.argsort(kt[rep], kind="stable")
        rep, self.cnt = rep[order], cnt[order]
        kt, ke, self.x, ev = kt[rep], ke[rep], x[rep], event[rep]
        iu = self.iu = np.triu_indices(self.p)
        # columns 1, x, x_j x_l (j <= l): their w-weighted sums are S0, S1 and S2
        self.z = np.concatenate([np.ones((len(rep), 1)), self.x,
                                 self.x[:, iu[0]] * self.x[:, iu[1]]], axis=1)
        self.enter_seg = _segments(kt)
        late = np.flatnonzero(ke >= 0)
        self.leave = late[np.argsort(ke[late], kind="stable")]
        self.leave_seg = _segments(ke[self.leave])
        self.ev = np.flatnonzero(ev)  # rows of ended spells, sorted by time as all rows
        self.ev_seg = _segments(kt[self.ev])
        self.x_ev = np.einsum("i,ij->j", self.cnt[self.ev], self.x[self.ev])
        # one entry per ended spell: its time k and c = j / d_k for the j-th of the d_k ties
        self.d = np.bincount(kt[self.ev], weights=self.cnt[self.ev], minlength=k)
        d_int = np.rint(self.d).astype(np.int64)
        self.e_k = np.repeat(np.arange(k), d_int)
        first = np.cumsum(d_int) - d_int
        self.tie_starts = first[d_int > 0]
        self.efron_c = (np.arange(len(self.e_k)) - first[self.e_k]) / self.d[self.e_k]

    def _by_tie(self, v):
        """Sums of the rows of ``v`` (one per ended spell, sorted by time) per event time."""
        out = np.zeros((self.k, v.shape[1]))
        present = self.d > 0
        out[present] = np.add.reduceat(v, self.tie_starts, axis=0)
        return out

    def _by_time(self, wz, seg):
        """Sums of the rows of ``wz`` (sorted by time) per distinct event time (0 where none)."""
        out = np.zeros((self.k, wz.shape[1]))
        if len(wz):
            starts, keys = seg
            out[keys] = np.add.reduceat(wz, starts, axis=0)
        return out

    def _risk_sums(self, w, order2):
        """Sums of w, w x (and w x_j x_l) over the risk set and over the ties at each time."""
        z = self.z if order2 else self.z[:, :1 + self.p]
        wz = (self.cnt * w)[:, None] * z
        s = self._by_time(wz, self.enter_seg) - self._by_time(wz[self.leave], self.leave_seg)
        s = np.cumsum(s[::-1], axis=0)[::-1]
        return s, self._by_time(wz[self.ev], self.ev_seg)

    def linpred(self, beta, x=None):
        x = self.x if x is None else x
        eta = np.einsum("ij,j->i", x, beta)  # no threaded BLAS over long vectors
        return eta - eta.max() if len(eta) else eta

    def moved(self, step) -> float:
        """Range of the change of the linear predictor over the rows at risk."""
        return float(np.ptp(np.einsum("ij,j->i", self.x, step))) if len(self.x) else 0.0

    def evaluate(self, beta, ties):
        """Log partial likelihood, its gradient and Hessian at ``beta`` (Efron or Breslow).

        Per event time, everything is scaled by the risk-set sum S0: with
        :math:`\\delta_j = 1 - c_j S^D_0 / S_0` (1 for Breslow), the j-th tie adds
        :math:`\\log S_0 + \\log\\delta_j` to :math:`-\\ell` and the mean
        :math:`(r_1 - c_j r^D_1)/\\delta_j` (:math:`r = S/S_0`) to the gradient's subtrahend.
        """
        p, kk, k = self.p, self.k, self.e_k
        eta = self.linpred(beta)
        s, tie = self._risk_sums(np.exp(eta), order2=True)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            s0 = s[:, :1]
            r, rf = s / s0, tie / s0  # 1, S1/S0, S2/S0 and the same over the ties
            ll = float((self.cnt * eta)[self.ev].sum()
                       - np.einsum("k,k->", self.d, np.log(s0[:, 0])))
            if ties == "efron":  # sums over the ties j of 1/δ, c/δ, 1/δ², c/δ², c²/δ², log δ
                c = self.efron_c
                inv = 1 / (1 - c * rf[k, 0])
                inv2 = inv * inv
                sums = self._by_tie(np.column_stack([inv, c * inv, inv2, c * inv2, c * c * inv2,
                                                     np.log(inv)]))
                a, b, al, be, ga = (sums[:, j] for j in range(5))
                ll += float(sums[:, 5].sum())
            else:  # Breslow: δ = 1
                a, al, b, be, ga = self.d, self.d, *np.zeros((3, kk))
            a, b = a[:, None], b[:, None]
            r1, rf1 = r[:, 1:1 + p], rf[:, 1:1 + p]
            grad = self.x_ev - (a * r1 - b * rf1).sum(axis=0)
            cross = np.einsum("k,ki,kj->ij", be, r1, rf1)
            hess = (self._full((b * rf[:, 1 + p:] - a * r[:, 1 + p:]).sum(axis=0))
                    + np.einsum("k,ki,kj->ij", al, r1, r1) - cross - cross.T
                    + np.einsum("k,ki,kj->ij", ga, rf1, rf1))
        return ll, grad, hess

    def _full(self, tri):
        """A symmetric p x p matrix from its upper triangle."""
        m = np.zeros((self.p, self.p))
        m[self.iu[0], self.iu[1]] = tri
        m[self.iu[1], self.iu[0]] = tri
        return m

    def schoenfeld(self, beta):
        s, _ = self._risk_sums(np.exp(self.linpred(beta)), order2=False)
        out = np.full((self.n, self.p), np.nan)
        ev = np.flatnonzero(self.row_event)
        kt = self.row_kt[ev]
        out[ev] = self.row_x[ev] - s[kt, 1:] / s[kt, :1]
        return out


def _segments(sorted_keys):
    """Start of each run of equal keys in a sorted integer array, and the keys."""
    if not len(sorted_keys):
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    return starts, sorted_keys[starts]


def _row_key(x, span, event, k):
    """One integer per row, equal for rows alike in every column, in ``span`` (the risk-set
    interval) and in ``event``; None when the distinct values are too many to combine."""
    key, size = span * 2 + event, (k + 1) ** 2 * 2
    for j in range(x.shape[1]):  # a handful of covariates
        codes, uniq = pd.factorize(x[:, j])
        if size * len(uniq) > 2**62 or len(uniq) > len(x) // 4:
            return None
        key, size = key * len(uniq) + codes, size * len(uniq)
    return key


def cox_fit(time, x, event, entry=None, ties: str = "efron", *, tol: float = TOL,
            max_iter: int = MAX_ITER) -> CoxFit:
    """Fit a Cox proportional-hazards model by Newton–Raphson (NumPy only).

    Parameters
    ----------
    time : array_like
        Follow-up time of each subject (the time of the event or of censoring).
    x : array_like, shape (n, p)
        Covariates.
    event : array_like of bool
        True where the event happened at ``time``.
    entry : array_like, optional
        Delayed entry: the subject is at risk at :math:`t` when ``entry < t <= time`` (R
        ``coxph(Surv(entry, time, event) ~ …)``, lifelines, statsmodels' ``SurvfuncRight``).
        None: 0 for everyone.
    ties : {"efron", "breslow"}
        Handling of tied event times.
    tol, max_iter
        Newton stops when no coefficient moves by more than ``tol`` (or the linear predictor
        moves by no more than ``tol`` anywhere), and after ``max_iter`` iterations at most.

    Returns
    -------
    CoxFit

    Notes
    -----
    With :math:`R_k` the subjects at risk at the k-th distinct event time, :math:`D_k` those
    ending then (:math:`d_k` of them), weights :math:`w_i = e^{x_i\\beta}` and the sums
    :math:`S_r = \\sum_{R_k} w_i x_i^{\\otimes r}`, :math:`S^D_r` the same over :math:`D_k`,
    Efron's log partial likelihood is

    .. math::

        \\ell(\\beta) = \\sum_k \\Big[\\sum_{i \\in D_k} x_i\\beta
        - \\sum_{j=0}^{d_k - 1} \\log\\big(S_{0k} - \\tfrac{j}{d_k} S^D_{0k}\\big)\\Big]

    (Breslow's drops the :math:`j/d_k` term). The sums over :math:`R_k` for every k come from
    one reverse cumulative sum over rows sorted by time minus one over rows sorted by entry, so
    the gradient and the Hessian cost O(n p²) per iteration. Each Newton step (with statsmodels'
    tiny ridge, 1e-10 per row) is halved while it lowers the likelihood. When a step moves the
    linear predictor by more than 0.5 and the likelihood by less than 1e-10 of itself, a
    coefficient is running off to ±∞ (monotone likelihood, e.g. a group without events): the
    fit stops there with ``converged=False`` and a note, instead of running to ``max_iter``.
    The covariance is the inverse of the observed information at the estimate
    (``numpy.linalg.inv``). Collinear covariates raise ``numpy.linalg.LinAlgError`` (as
    statsmodels did); a covariate constant among those at risk gets a NaN coefficient.

    References
    ----------
    Efron, B. (1977). The efficiency of Cox's likelihood function for censored data. *Journal
    of the American Statistical Association*, 72(359), 557–565.

    Therneau, T. M., & Grambsch, P. M. (2000). *Modeling Survival Data: Extending the Cox
    Model*, ch. 3. Springer.
    """
    if ties not in ("efron", "breslow"):
        raise ValueError(f"ties must be 'efron' or 'breslow', got {ties!r}")
    time = np.asarray(time, dtype=float)
    x = np.asarray(x, dtype=float)
    x = x.reshape(len(time), -1)
    event = np.asarray(event, dtype=bool)
    entry = np.zeros(len(time)) if entry is None else np.asarray(entry, dtype=float)
    if np.any(entry > time) or np.any(event & (entry >= time)):
        raise ValueError("entry times must be before the event times and not after the "
                         "censoring times")
    p = x.shape[1]
    risk = _RiskSets(time, x, event, entry)
    const = np.ptp(risk.x, axis=0) == 0 if len(risk.x) else np.ones(p, dtype=bool)
    if not event.any() or const.all():
        nan = np.full(p, np.nan)
        why = "no event" if not event.any() else "no covariate varies among those at risk"
        return CoxFit(nan, np.full((p, p), np.nan), np.nan, False, 0,
                      why + ": the model is not defined", ties, risk)
    if const.any():  # a constant column has no coefficient: fit the others, NaN for it
        sub = cox_fit(time, x[:, ~const], event, entry, ties, tol=tol, max_iter=max_iter)
        params, cov = np.full(p, np.nan), np.full((p, p), np.nan)
        params[~const] = sub.params
        cov[np.ix_(~const, ~const)] = sub.cov
        note = (f"column(s) {', '.join(map(str, np.flatnonzero(const)))} constant among those at "
                "risk: no coefficient (NaN)")
        return CoxFit(params, cov, sub.loglike, sub.converged, sub.n_iter,
                      "; ".join(n for n in (sub.note, note) if n), ties, risk)
    if np.linalg.matrix_rank(risk.x - risk.x.mean(axis=0)) < p:
        raise np.linalg.LinAlgError("Singular matrix: the covariates are collinear among the "
                                    "subjects at risk; leave one of them out")
    beta = np.zeros(p)
    ll, grad, hess = risk.evaluate(beta, ties)
    ridge = RIDGE * len(time) * np.eye(p)
    converged, note, it = False, None, 0
    while it < max_iter:
        it += 1
        step = np.linalg.solve(ridge - hess, grad)
        if _diverging(risk, grad, hess, step, None):
            note = _MONOTONE
            break
        if np.max(np.abs(step)) <= tol or risk.moved(step) <= tol:
            beta = beta + step
            ll, grad, hess = risk.evaluate(beta, ties)
            converged = True
            break
        for _ in range(40):  # step-halving while the likelihood falls
            new = beta + step
            ll_new, g_new, h_new = risk.evaluate(new, ties)
            if np.isfinite(ll_new) and ll_new >= ll - 1e-12 * abs(ll):
                break
            step = step / 2
        else:
            note = "the likelihood could not be increased (step-halving failed)"
            break
        gain = ll_new - ll
        beta, ll, grad, hess = new, ll_new, g_new, h_new
        if gain <= FLAT_LL * (1 + abs(ll)) and _diverging(risk, grad, hess, step, gain):
            note = _MONOTONE
            break
    else:
        note = f"no convergence in {max_iter} Newton iterations"
    cov = np.linalg.inv(-hess)
    return CoxFit(beta, cov, ll, converged, it, note, ties, risk)


_MONOTONE = ("monotone likelihood: a coefficient diverges to ±infinity (e.g. no event in a group, "
             "or every event at the highest risk score)")


def _diverging(risk, grad, hess, step, gain) -> bool:
    """Whether the fit is running along a direction of monotone likelihood: the plain (unridged)
    Newton step still moves the linear predictor by more than ``DIVERGE_ETA`` while the
    likelihood is flat (``gain`` small; ``gain=None``: the ridge shrinks the step to nothing)."""
    if gain is None and np.max(np.abs(step)) > TOL and risk.moved(step) > TOL:
        return False
    try:
        plain = np.linalg.solve(-hess, grad)
    except np.linalg.LinAlgError:
        return False
    return bool(np.all(np.isfinite(plain))) and risk.moved(plain) > DIVERGE_ETA


def text_codes(s: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each value's position among the sorted distinct values as text (missing: "unknown"):
    ``s.astype("string").fillna("unknown")`` converting only the distinct values to text
    (``pandas.factorize``; text columns are read without a copy)."""
    text_dtype = pd.api.types.is_object_dtype(s) or isinstance(s.dtype, pd.StringDtype)
    codes, uniq = pd.factorize(np.asarray(s.array) if text_dtype else s)
    if text_dtype and all(type(u) is str for u in uniq):  # text already
        text = [*uniq, "unknown"]  # last: missing
    else:
        text = [*pd.Series(uniq).astype("string").fillna("unknown"), "unknown"]
    levels = sorted(set(text if (codes < 0).any() else text[:-1]))
    where = np.array([levels.index(t) if t in levels else -1 for t in text], dtype=np.int64)
    return where[np.where(codes < 0, len(text) - 1, codes)], levels


def cox_inputs(d: pd.DataFrame, covariates: Sequence[str], late: bool, event: np.ndarray):
    """Design matrix, complete rows, entry times and separated levels of the Cox model.

    Serves ``spell_survival`` and ``proportional_hazards``. Numbers and booleans are taken as
    they are, categories (text, missing: ``"unknown"``) as 0/1 columns against their
    alphabetically first level; rows with a missing number are left out (``keep``). The entry
    times are the spells' own (``_entry``; zeros when no spell enters late): the risk set at
    :math:`t` is ``entry < t <= time`` throughout, as in ``SurvfuncRight``, ``survdiff``, R's
    ``coxph`` and lifelines (statsmodels' ``PHReg``, used before, counted a subject at its entry
    time too, so entries were shifted there by half the smallest gap between times).

    ``empty`` lists the levels of categorical (or 0/1) covariates where no kept spell ended,
    as ``"column = level"``: their hazard ratio is 0 or ∞ (monotone likelihood), so the model is
    not fitted.
    """
    event = np.asarray(event, dtype=bool)
    parts, found = [], []
    for c in covariates:
        if c not in d.columns:
            raise ValueError(f"covariate '{c}' is not a column of the spells table")
        s = d[c]
        if pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            parts.append(s.astype(float).rename(c).to_frame())
            if pd.api.types.is_bool_dtype(s):
                found.append((c, *text_codes(s)))
            elif set(pd.unique(s.dropna())) <= {0, 1}:  # 0/1 numbers: levels "0" and "1"
                v = s.to_numpy(dtype=float)
                found.append((c, np.where(np.isnan(v), -1, v).astype(np.int64), ["0", "1"]))
        else:
            code, levels = text_codes(s)
            parts.append(pd.DataFrame({f"{c}[{lv}]": (code == i).astype(float)
                                       for i, lv in enumerate(levels) if i > 0}, index=d.index))
            found.append((c, code, levels))
    x = pd.concat(parts, axis=1)
    keep = x.notna().all(axis=1).to_numpy()
    cox_entry = d["_entry"].to_numpy(dtype=float) if late else np.zeros(len(d))
    empty = []
    for c, code, levels in found:
        code, ev = code[keep], event[keep]
        n_lev = np.bincount(code[code >= 0], minlength=len(levels))
        ended = np.bincount(code[ev & (code >= 0)], minlength=len(levels))
        seen = [(lv, e) for lv, n, e in zip(levels, n_lev, ended, strict=True) if n > 0]
        if len(seen) > 1:
            empty += [f"{c} = {lv}" for lv, e in seen if e == 0]
    return x, keep, cox_entry, empty


def fit_cox(time, x, event, entry, ties) -> tuple[CoxFit, bool]:
    """:func:`cox_fit`, returning ``(fit, converged)`` as the callers read it."""
    fit = cox_fit(time, x, event, entry, ties)
    return fit, fit.converged
