"""Shared fixtures.

``shared_data`` points at ``../shared/data`` (real open data and recorded API
responses beside the repository, see its SOURCES.md); tests that need it skip
with a clear reason where it is absent. Set ``IMPACTLIB_SHARED`` to use
another folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("agg")

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("IMPACTLIB_SHARED", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """Folder of real publisher data; skips the test where it is absent."""
    if not (SHARED / "SOURCES.md").exists():
        pytest.skip(
            f"real publisher data not found at {SHARED} (expected ../shared/data beside the "
            "repository, or set IMPACTLIB_SHARED); this test checks against real data only"
        )
    return SHARED


@pytest.fixture(scope="session")
def demo():
    """The bundled synthetic demo Dataset, loaded and validated once per session."""
    from impactlib import load_demo

    return load_demo()
