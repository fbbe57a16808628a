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


@pytest.fixture(scope="session")
def county_key(shared_data):
    """Municipality code → county code from Statistics Finland's own 2023 key (independent of
    the bundled table)."""
    import pandas as pd

    k = pd.read_csv(shared_data / "regions" / "geofi_municipality_key_2023.csv")
    return pd.Series(k["hyvinvointialue_code"].map("{:02d}".format).to_numpy(),
                     index=k["kunta"].map("{:03d}".format))


@pytest.fixture(scope="session")
def county_population_2022(shared_data, county_key):
    """Population 31.12.2022 by county, summed from the Sotkanet series by municipality."""
    import pandas as pd

    p = pd.read_csv(shared_data / "population" / "sotkanet_127_population_municipality_2000_2022.csv")
    p = p[p["year"] == 2022]
    county = p["municipality_code"].map("{:03d}".format).map(county_key)
    return p.groupby(county.to_numpy())["population"].sum().astype(float)


@pytest.fixture(scope="session")
def bcg():
    """dat.bcg log risk ratios and variances (see ``tests/reference``)."""
    from reference import bcg_log_rr

    return bcg_log_rr()
