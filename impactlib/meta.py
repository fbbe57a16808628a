"""The meta-analysis of earlier versions: re-exports :mod:`impactlib.effectiveness.meta`.

Kept so that code written for earlier versions keeps working (the import path is
pinned by the public-API test); new code imports from :mod:`impactlib.effectiveness`.

Examples
--------
>>> from impactlib import meta
>>> from impactlib.effectiveness import meta as new
>>> meta.reml_loglik is new.reml_loglik
True
"""

from __future__ import annotations

from .effectiveness.meta import (
    METHODS,
    MetaRegressionResult,
    PoolResult,
    meta_regression,
    pool,
    q_profile_tau2_ci,
    reml_loglik,
)

__all__ = [
    "METHODS",
    "MetaRegressionResult",
    "PoolResult",
    "meta_regression",
    "pool",
    "q_profile_tau2_ci",
    "reml_loglik",
]
