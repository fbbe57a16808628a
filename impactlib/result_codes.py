"""Codes of indicator results shown in the notebooks' tables: code -> (Finnish, English).

Part of the one label catalogue: :data:`impactlib.labels.RESULT_CODES` lists them, and
:func:`impactlib.labels.label` reads them (``label("stea_cut_part", "made")``). Kept apart
only to keep :mod:`impactlib.labels` small.

Examples
--------
>>> from impactlib.labels import label
>>> label("effect_claim", "not_yet", "en"), label("stea_cut_part", "made")
('no conclusion yet', 'tehty leikkaus')
"""

from __future__ import annotations

__all__ = ["STEA_CUT_PARTS", "CUT_BASES", "EFFECT_ACTIVITIES", "EFFECT_MEASURES", "EFFECT_CLAIMS"]

#: The two parts of the STEA cut (:func:`impactlib.continuity.stea_exposure`, ``part``).
STEA_CUT_PARTS: dict[str, tuple[str, str]] = {
    "made": ("tehty leikkaus", "cut made"),
    "announced": ("ilmoitettu leikkaus", "cut announced"),
}

#: Basis of a STEA cut figure (:func:`impactlib.continuity.stea_exposure`, ``basis``).
CUT_BASES: dict[str, tuple[str, str]] = {
    "observed": ("toteutunut", "observed"),
    "scenario": ("laskelma", "scenario"),
}

#: Columns of :func:`impactlib.effectiveness.effect_table`: which activities, which measure,
#: which conclusion.
EFFECT_ACTIVITIES: dict[str, tuple[str, str]] = {
    "with_comparison_group": ("vertailuryhmälliset", "with a comparison group"),
    "before_after_only": ("vain alku–loppu", "before–after only"),
}
EFFECT_MEASURES: dict[str, tuple[str, str]] = {
    "before_after": ("alku–loppu-muutos", "before–after change"),
    "against_comparison": ("ero vertailuryhmään", "difference from the comparison group"),
}
EFFECT_CLAIMS: dict[str, tuple[str, str]] = {
    "positive": ("myönteinen", "positive"),
    "negative": ("kielteinen", "negative"),
    "not_yet": ("ei vielä johtopäätöstä", "no conclusion yet"),
}
