"""The curated notebooks as HTML pages: ``notebooks/NN_*.ipynb`` executed and exported.

Each notebook is executed afresh on the bundled data (nbclient, kernel ``python3``, working
folder: the notebooks' own folder) and exported by nbconvert with its code, markdown and
outputs into a self-contained page (:func:`notebook_page`, on the page template of
:mod:`impactlib.brief.html`). The brief
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

__all__ = ["NOTEBOOKS_DIR", "curated_notebooks", "notebook_page", "render_notebooks"]

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


def notebook_page(nb, *, title: str, lang: str = "fi", synthetic: bool = False) -> str:
    """An executed notebook as a self-contained HTML page: code, markdown and outputs.

    Exported by nbconvert (``basic`` template, no prompts, pygments highlighting) and put on
    the page template of :mod:`impactlib.brief.html` with ``notebook.css``.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.
    title : str
        Page title.
    lang : {"fi", "en"}
        Language of the page (``<html lang>``).
    synthetic : bool
        Add the fixed demo banner.

    Returns
    -------
    str
        The page: inline CSS, images as ``data:`` URIs, no scripts and no external resources.
    """
    from markupsafe import Markup
    from nbconvert import HTMLExporter
    from pygments.formatters import HtmlFormatter

    from .brief.html import render_page, stylesheet

    exporter = HTMLExporter(template_name="basic", exclude_input_prompt=True,
                            exclude_output_prompt=True, exclude_raw=True)
    body, _ = exporter.from_notebook_node(nb)
    css = Markup(stylesheet("notebook.css") + "\n"
                 + HtmlFormatter(style="default").get_style_defs(".highlight"))
    # nbconvert's HTML of our own executed notebooks is trusted as it is
    return render_page("notebook.html.j2", title=title, lang=lang, css=css, synthetic=synthetic,
                       body=Markup(body))


def _execute(client) -> None:
    """Run a notebook; the kernel's own log (start-up notes) goes to a temporary file and is
    shown only when the run fails, so the progress bar stays readable.

    nbclient answers SIGINT and SIGTERM itself while a notebook runs (it shuts the kernel down,
    then reports the dead kernel) and afterwards leaves the default handlers in place. Both are
    put right here: a run stopped by a signal raises ``KeyboardInterrupt`` (the command line's
    exit 130, no traceback), and the handlers in place before the notebook are restored.
    """
    import signal

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    with tempfile.TemporaryFile() as log:
        try:
            client.execute(stderr=log)  # passed on to the kernel process (subprocess.Popen)
        except KeyboardInterrupt:
            raise
        except Exception:
            # nbclient's own signal handler leaves this future behind: the kernel was stopped
            # because the run was, and the error that follows is that stop, not a failure
            if getattr(client, "_async_cleanup_kernel_future", None) is not None:
                raise KeyboardInterrupt from None
            log.seek(0)
            sys.stderr.write(log.read().decode("utf-8", errors="replace"))
            raise
        finally:
            try:
                for sig, handler in saved.items():
                    if handler is not None:
                        signal.signal(sig, handler)
            except ValueError:  # not the main thread: signals are not ours to set
                pass


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
            html = notebook_page(nb, title=_title(nb, p.stem), lang="fi", synthetic=True)
            paths.append(write_text(Path(out) / f"{p.stem}.html", html))
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return paths
