"""The package installs anywhere: every subpackage is listed for the wheel, the bundled files
are found through importlib.resources, and ``import impactlib`` stays light.

The wheel itself is built and installed outside the repository by ``.ci/wheel-check``
(run by ``.ci/run``), which then validates the demo data and renders one brief from there.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import impactlib
from impactlib import _paths

ROOT = Path(__file__).resolve().parents[1]


def test_every_subpackage_is_listed_for_the_wheel():
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
                 ["packages"])
    pkg = Path(impactlib.__file__).parent
    found = {".".join(("impactlib", *p.parent.relative_to(pkg).parts))
             for p in pkg.rglob("__init__.py")}
    assert found | {"impactlib._notebooks"} == listed


def test_bundled_files_live_inside_the_package():
    pkg = Path(impactlib.__file__).parent
    assert _paths.DATA_DIR.parent == pkg and (_paths.DATA_DIR / "catalogue.csv").is_file()
    assert (_paths.TEMPLATES_DIR / "brief.ipynb").is_file()
    assert (_paths.DATA_DIR / "demo" / "dataset.json").is_file()
    # the curated notebooks: in the repository beside the package, in a wheel inside it
    assert {p.name for p in _paths.notebooks_dir().glob("0*.ipynb")} >= {"00_quickstart.ipynb"}


def test_import_is_light():
    """``import impactlib`` loads none of the heavy machinery until it is used."""
    code = ("import sys, impactlib; heavy = ['matplotlib', 'papermill', 'pandera', 'nbformat', "
            "'docx', 'impactlib.brief', 'impactlib.plots', 'statsmodels', 'scipy']; "
            "print(','.join(m for m in heavy if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_lazy_names_resolve_and_are_listed():
    for name in impactlib.__all__:
        assert getattr(impactlib, name) is not None
    assert set(impactlib.__all__) <= set(dir(impactlib))
