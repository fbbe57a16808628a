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


# ---------------------------------------------------------------------------
# Published reference values used by more than one test file (source beside each)
# ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def helsinki_population() -> dict[int, int]:
    """Population of Helsinki (091) on 31 December, by year.

    Statistics Finland, table 11re, as recorded in ../shared/data/statfin_pxweb
    (SOURCES.md: "Helsinki 2021–2025: 658,457; 664,028; 674,500; 684,018;
    694,392"). THL Sotkanet indicator 127 publishes the same counts (SOURCES.md:
    "Helsinki 2023 = 674,500"). Whole numbers: compare exactly.
    """
    return {2021: 658_457, 2022: 664_028, 2023: 674_500, 2024: 684_018, 2025: 694_392}


@pytest.fixture(scope="session")
def finland_population_2022() -> int:
    """Population of Finland on 31.12.2022: 5,563,970 (Sotkanet indicator 127 by municipality,
    summed; ../shared/data/SOURCES.md, population/)."""
    return 5_563_970


@pytest.fixture(scope="session")
def municipality_key_2023(shared_data):
    """Statistics Finland's municipality key for 2023 (via rOpenGov/geofi, SOURCES.md), indexed
    by the 3-digit municipality code: names, county and region codes (independent of the
    bundled classification)."""
    import pandas as pd

    k = pd.read_csv(shared_data / "regions" / "geofi_municipality_key_2023.csv")
    return k.set_index(k["kunta"].astype(int).map("{:03d}".format).rename("code"))


@pytest.fixture(scope="session")
def county_key(municipality_key_2023):
    """Municipality code → county code from Statistics Finland's own 2023 key (independent of
    the bundled table)."""
    return municipality_key_2023["hyvinvointialue_code"].map("{:02d}".format)


@pytest.fixture(scope="session")
def county_population_2022(shared_data, county_key):
    """Population 31.12.2022 by county, summed from the Sotkanet series by municipality."""
    import pandas as pd

    p = pd.read_csv(shared_data / "population" / "sotkanet_127_population_municipality_2000_2022.csv")
    p = p[p["year"] == 2022]
    county = p["municipality_code"].map("{:03d}".format).map(county_key)
    return p.groupby(county.to_numpy())["population"].sum().astype(float)


# ---------------------------------------------------------------------------
# The network: never used in tests. Publisher readers are tested offline with a
# stand-in for impactlib.sources.download's opener that serves recorded responses.
# ---------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    """Fail loudly if anything tries to open a connection."""
    from impactlib.sources import download

    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to use the network")

    monkeypatch.setattr(download, "_urlopen", refuse)


@pytest.fixture
def serve(monkeypatch):
    """Replace the URL opener: ``calls = serve(handler)``.

    ``handler(request)`` returns the response body (bytes) or raises as
    urllib would (``URLError``, ``HTTPError``); every request made is
    appended to the returned list ``calls`` (``urllib.request.Request``
    objects: ``.full_url``, ``.data``, ``.get_method()``). Calling ``serve``
    again replaces the handler.
    """
    import io

    from impactlib.sources import download

    def install(handler):
        calls = []

        def opener(req, timeout=None):
            calls.append(req)
            return io.BytesIO(handler(req))

        monkeypatch.setattr(download, "_urlopen", opener)
        return calls

    return install


@pytest.fixture(scope="session")
def bcg():
    """dat.bcg log risk ratios and variances (see ``tests/reference``)."""
    from reference import bcg_log_rr

    return bcg_log_rr()


#: The date every brief rendered by the tests carries.
BRIEF_DATE = "2026-01-15"


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """The 22 Finnish demo briefs (HTML and DOCX), rendered once per test run:
    ``{"out": folder, "paths": {code: {"html": …, "docx": …}}}``.

    Under pytest-xdist the workers share one rendering (the first worker to get here renders
    into the run's common temporary folder under an ``fcntl`` lock, the others wait and read
    it): the briefs take about 50 s of CPU, and several test files look at them. Where
    ``fcntl`` is missing (Windows), each worker renders its own."""
    import json

    from impactlib import brief

    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    out = root / "briefs"
    try:
        import fcntl
    except ImportError:  # pragma: no cover (not POSIX)
        fcntl, out = None, base / "briefs"
    index = out.parent / "briefs.json"
    with open(out.parent / "briefs.lock", "w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not index.exists():
                made = brief.render_all(out=out, progress=False, date=BRIEF_DATE)
                index.write_text(json.dumps({c: {k: str(v) for k, v in p.items()}
                                             for c, p in made.items()}), encoding="utf-8")
        finally:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_UN)
    paths = {c: {k: Path(v) for k, v in p.items()}
             for c, p in json.loads(index.read_text(encoding="utf-8")).items()}
    return {"out": out, "paths": paths}


@pytest.fixture(scope="session")
def rendered_figures(tmp_path_factory):
    """Every figure of the 22 Finnish demo briefs, captured as the sections hand it to
    ``figure_block`` while ``render_all`` draws them (for the layout checks of issue 14):
    ``[(caption, matplotlib Figure), …]``. Renders on its own (HTML only)."""
    from impactlib import brief
    from impactlib.brief import figures, sections, sections_market

    caught = []
    real = figures.figure_block

    def spy(fig, caption, layout="full"):
        caught.append((caption, fig))
        return real(fig, caption, layout)

    mp = pytest.MonkeyPatch()
    mp.setattr(sections, "figure_block", spy)
    mp.setattr(sections_market, "figure_block", spy)
    try:
        brief.render_all(out=tmp_path_factory.mktemp("briefs_figures"), progress=False,
                         date=BRIEF_DATE, docx=False)
    finally:
        mp.undo()
    return caught
