"""The group loop of :func:`impactlib.effectiveness.pool_by` over the key columns only.

:func:`pool_groups` returns the table of ``pool_by`` (the same rows, columns and floats) but
groups a frame of the key columns and the row positions instead of the whole effects table: the
pandas group-by then cuts a few small arrays per group instead of every column of
:func:`~impactlib.effectiveness.activity_effects` (27 of them), which cost more than the pools
themselves. The pools are :func:`impactlib.effectiveness.meta.pool_result` on the same values.
``tests/test_fast_pool.py`` compares it with ``pool_by`` and with a loop of
:func:`~impactlib.effectiveness.pool`.

Examples
--------
>>> import pandas as pd
>>> e = pd.DataFrame({"theme": ["a"] * 3 + ["b"] * 3, "smd": [0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
...                   "smd_var": [0.02] * 6})
>>> pool_groups(e, ["theme"], method="FE")[["theme", "k", "estimate"]].round(3).to_dict("records")
[{'theme': 'a', 'k': 3, 'estimate': 0.3}, {'theme': 'b', 'k': 3, 'estimate': 0.6}]
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._util import floats
from .meta import pool_result

__all__: list[str] = []


def pool_groups(
    effects: pd.DataFrame,
    keys: list,
    *,
    yi: str = "smd",
    vi: str = "smd_var",
    method: str = "REML",
    knapp_hartung: bool | str = False,
    level: float = 0.95,
) -> pd.DataFrame:
    """``pool_by(effects, keys, …)`` once its arguments are checked: one row per group.

    Parameters
    ----------
    effects : pandas.DataFrame
        Holds ``keys``, ``yi`` and ``vi``.
    keys : list of str
    yi, vi, method, knapp_hartung, level
        As :func:`impactlib.effectiveness.pool_by`.

    Returns
    -------
    pandas.DataFrame
        The table of :func:`~impactlib.effectiveness.pool_by`.
    """
    y, v = floats(effects[yi]), floats(effects[vi])
    usable = np.isfinite(y) & np.isfinite(v) & (v > 0)
    pos = "_pos"
    while pos in keys:  # a name that is not a key
        pos += "_"
    small = effects[keys].reset_index(drop=True)
    small[pos] = np.arange(len(effects))
    rows = []
    for key, at in small.groupby(keys, sort=True, dropna=False)[pos]:
        key = key if isinstance(key, tuple) else (key,)
        at = at.to_numpy()
        ok = usable[at]
        base = dict(zip(keys, key, strict=True))
        base["k_dropped"] = int((~ok).sum())
        if ok.sum() == 0:
            rows.append(base)
            continue
        res = pool_result(
            y[at][ok],
            v[at][ok],
            method=method,
            knapp_hartung=knapp_hartung,
            level=level,
            studies=False,
        )
        rows.append({**base, **res._row()})
    return pd.DataFrame(rows)
