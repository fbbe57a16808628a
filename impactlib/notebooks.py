"""The curated notebooks as HTML pages: ``notebooks/NN_*.ipynb`` executed and exported.

Each notebook is executed afresh on the bundled data (nbclient, kernel ``python3``, working
folder: the notebooks' own folder) and exported by nbconvert with its code, markdown and
outputs into a self-contained page (:func:`impactlib.brief.html.notebook_html`). The brief
template ``impactlib/templates/brief.ipynb`` is not one of them (see :mod:`impactlib.brief`).

Examples
--------
From the command line::

    impactlib notebooks --out build/notebooks

In Python:

>>> [p.name for p in curated_notebooks()][:1]
['00_quickstart.ipynb']
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from . import _paths
from ._io import write_text

__all__ = ["NOTEBOOKS_DIR", "curated_notebooks", "render_notebooks"]

#: Folder of the curated notebooks (:func:`impactlib._paths.notebooks_dir`).
NOTEBOOKS_DIR = _paths.notebooks_dir()


def curated_notebooks() -> list[Path]:
    """The curated notebooks, in order: ``NN_*.ipynb`` in :data:`NOTEBOOKS_DIR`.

    Examples
    --------
    >>> all(p.name[:2].isdigit() for p in curated_notebooks())
    True
    """
    return sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def _title(nb, default: str) -> str:
    """The first line of the first markdown cell, without ``#``."""
    return next((c.source.splitlines()[0].lstrip("# ").strip() for c in nb.cells
                 if c.cell_type == "markdown" and c.source.strip()), default)


def _execute(client) -> None:
    """Run a notebook; the kernel's own log (start-up notes) goes to a temporary file and is
    shown only when the run fails, so the progress bar stays readable."""
    with tempfile.TemporaryFile() as log:
        try:
            client.execute(stderr=log)  # passed on to the kernel process (subprocess.Popen)
        except Exception:
            log.seek(0)
            sys.stderr.write(log.read().decode("utf-8", errors="replace"))
            raise


def render_notebooks(out="build/notebooks", *, execute: bool = True, progress: bool = True,
                     timeout: int = 900) -> list[Path]:
    """Execute the curated notebooks on the bundled data and write them as HTML pages.

    Parameters
    ----------
    out : str or Path, default "build/notebooks"
    execute : bool, default True
        Run each notebook afresh (nbclient, kernel ``python3``, working folder
        :data:`NOTEBOOKS_DIR`); ``False`` converts the stored outputs.
    progress : bool
        Show a tqdm progress bar (on standard error).
    timeout : int
        Seconds per cell.

    Returns
    -------
    list of Path
        The HTML pages written (atomically).
    """
    import nbformat
    from nbclient import NotebookClient

    from .brief.html import notebook_html

    for key, value in (("MPLBACKEND", "agg"), ("PYDEVD_DISABLE_FILE_VALIDATION", "1")):
        os.environ.setdefault(key, value)  # the kernels inherit these
    nbs = curated_notebooks()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(nbs), desc="notebooks", unit="nb", file=sys.stderr)
    paths = []
    try:
        for p in nbs:
            nb = nbformat.read(p, as_version=4)
            if execute:
                _execute(NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}))
            html = notebook_html(nb, title=_title(nb, p.stem), lang="fi", synthetic=True, code=True)
            paths.append(write_text(Path(out) / f"{p.stem}.html", html))
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return paths
