"""Figures for :mod:`impactlib.continuity` (re-exported from :mod:`impactlib.plots`)."""

from __future__ import annotations

__all__: list[str] = []
