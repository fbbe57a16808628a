"""Where the package's own files are: bundled data, templates and the curated notebooks.

Everything the library reads at run time lives inside the package and is found with
:mod:`importlib.resources`, so a wheel installed anywhere works the same as the source tree.

* ``DATA_DIR``: bundled facts (regions, populations, instruments, STEA totals, published
  county facts) and the synthetic demo data, each listed in ``data/catalogue.csv``;
* ``TEMPLATES_DIR``: the brief notebook, HTML templates and CSS, the reference DOCX;
* :func:`notebooks_dir`: the curated notebooks. In the repository they sit at the top
  (``notebooks/``, where researchers look for them); the wheel ships them as
  ``impactlib/_notebooks/`` (``[tool.setuptools.package-dir]`` in ``pyproject.toml``).

Examples
--------
>>> from impactlib import _paths
>>> (_paths.DATA_DIR / "catalogue.csv").is_file()
True
>>> sorted(p.name for p in _paths.notebooks_dir().glob("00_*.ipynb"))
['00_quickstart.ipynb']
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

__all__ = ["PACKAGE_DIR", "DATA_DIR", "TEMPLATES_DIR", "notebooks_dir"]

#: The installed package folder (``impactlib/``).
PACKAGE_DIR = Path(str(files("impactlib")))
#: Bundled data: facts and the synthetic demo data.
DATA_DIR = PACKAGE_DIR / "data"
#: Templates: the brief notebook, HTML/CSS, the reference DOCX.
TEMPLATES_DIR = PACKAGE_DIR / "templates"


def notebooks_dir() -> Path:
    """Folder of the curated notebooks: inside the package when installed from a wheel,
    else ``notebooks/`` beside the package in the source tree."""
    inside = PACKAGE_DIR / "_notebooks"
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / "notebooks"
