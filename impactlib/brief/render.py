"""Rendering briefs: sections built in process, written as an HTML page and a DOCX.

By default a brief is built directly in Python: :func:`~impactlib.brief.context.prepare`
loads the data, the section builders of :mod:`impactlib.brief.sections` make the blocks, and
:mod:`impactlib.brief.html` and :mod:`impactlib.brief.docx` write the two files. The
parameterised notebook ``impactlib/templates/brief.ipynb`` (papermill ``parameters`` cell:
``county, lang, data, year, date``) runs the same section builders; it is executed with
papermill only when the executed notebook itself is asked for (``notebook=True``,
``impactlib brief --notebook``), and then the HTML and DOCX are made from the blocks it
displayed — the same blocks, hence the same files (tests/test_brief.py compares them).

:func:`render_all` renders the 22 organiser areas in one process: the whole-country results
are computed once and shared by every county's context
(:meth:`~impactlib.brief.context.BriefContext.for_county`).

Writes are atomic (:mod:`impactlib._io`): an interrupted run leaves no half-written file and
a rerun overwrites cleanly.

Examples
--------
From the command line::

    impactlib brief --county "Keski-Suomi"            # Finnish HTML + DOCX into build/briefs
    impactlib brief --county "Mellersta Finland" --lang en
    impactlib brief --all --out build/briefs           # all 22 areas, with a progress bar
    impactlib brief --county Kainuu --notebook         # also the executed brief notebook

In Python:

>>> brief_filename("90", "en")
'90-helsinki-en'
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import sys
import unicodedata
import warnings
from pathlib import Path

from .. import _paths, regions
from .._io import uninterrupted, write_text
from .blocks import Section, sections_from_notebook
from .context import BriefContext, brief_area, prepare
from .docx import write_docx
from .html import brief_page, index_page
from .ledger import check_publication, protect
from .sections import build_sections

__all__ = ["NOTEBOOK", "brief_filename", "brief_sections", "write_brief", "execute_notebook",
           "notebook_html", "render", "render_all", "write_index"]

#: The parameterised brief notebook (a template inside the package).
NOTEBOOK = _paths.TEMPLATES_DIR / "brief.ipynb"


def _slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def brief_filename(county: str, lang: str = "fi") -> str:
    """File name stem of a brief: ``15-keski-suomi-fi``.

    Examples
    --------
    >>> brief_filename("Keski-Suomi")
    '15-keski-suomi-fi'
    """
    code = regions.find_county(county)
    return f"{code}-{_slug(regions.county_name(code, 'fi'))}-{lang}"


def _today() -> str:
    """Today's date, or the date of ``SOURCE_DATE_EPOCH`` (reproducible builds)."""
    sde = os.environ.get("SOURCE_DATE_EPOCH")
    if sde and sde.isdigit():
        return _dt.datetime.fromtimestamp(int(sde), _dt.UTC).date().isoformat()
    return _dt.date.today().isoformat()


def brief_sections(ctx: BriefContext) -> list[Section]:
    """Every section of the brief of ``ctx``, built in process (:mod:`impactlib.brief.sections`)."""
    return build_sections(ctx)


def _info(sections: list[Section]) -> dict:
    """Title, demo flag and footer of a brief, read from its blocks."""
    info = {"title": "", "synthetic": False, "footer": ""}
    for block in (b for s in sections for b in s.blocks):
        if block.kind == "heading" and block.level == 1 and not info["title"]:
            info["title"] = block.text
        if block.kind == "paragraph" and block.style == "demo":
            info["synthetic"] = True
        if block.kind == "list" and block.style == "meta":
            info["footer"] = " · ".join(block.items[:3])
    return info


def write_brief(sections: list[Section], out, stem: str, *, lang: str = "fi", docx: bool = True,
                date: str = "") -> dict[str, Path]:
    """Write the HTML page (and the DOCX) of a brief's sections into ``out``.

    Returns
    -------
    dict
        ``{"html": path, "docx": path}`` (``docx`` only when written).
    """
    import shutil
    import tempfile

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    info = _info(sections)
    title = info["title"] or stem
    # both files are made in a staging folder first and moved into place together, so an
    # interrupted run never leaves an HTML page beside a DOCX from an older run
    stage = Path(tempfile.mkdtemp(prefix=f".{stem}-", dir=out))
    try:
        made = {"html": write_text(stage / f"{stem}.html", brief_page(
            sections, title=title, lang=lang, synthetic=info["synthetic"]))}
        if docx:
            made["docx"] = write_docx(sections, stage / f"{stem}.docx", title=title, lang=lang,
                                      synthetic=info["synthetic"], footer=info["footer"], date=date)
        paths = {}
        with uninterrupted():  # an interrupt between the two renames would leave a mixed pair
            for kind, tmp in made.items():
                paths[kind] = out / tmp.name
                os.replace(tmp, paths[kind])
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return paths


def execute_notebook(county: str, *, lang: str = "fi", data=None, year: int | None = None,
                     date: str | None = None):
    """Execute the brief notebook with papermill (kernel ``python3``) and return it.

    Parameters
    ----------
    county, lang, year, date
        As in :func:`render`.
    data : str or Path, optional
        A data folder or workbook (a path: the kernel loads it itself).

    Returns
    -------
    nbformat.NotebookNode
        The executed notebook.
    """
    import tempfile

    import nbformat
    import papermill as pm

    if data is not None and not isinstance(data, str | os.PathLike):
        raise ValueError("the brief notebook takes data as a path to a folder or workbook, not a "
                         "loaded Dataset")
    params = {"county": brief_area(county), "lang": lang,
              "data": None if data is None else str(Path(data).resolve()), "year": year,
              "date": date or _today()}
    for key, value in (("MPLBACKEND", "agg"), ("PYDEVD_DISABLE_FILE_VALIDATION", "1")):
        os.environ.setdefault(key, value)  # the kernel inherits these
    with tempfile.TemporaryDirectory(prefix="impactlib-brief-") as tmp:
        target = Path(tmp) / "brief.ipynb"
        pm.execute_notebook(str(NOTEBOOK), str(target), parameters=params, kernel_name="python3",
                            progress_bar=False, log_output=False, cwd=str(NOTEBOOK.parent),
                            start_timeout=120)
        return nbformat.read(target, as_version=4)


def notebook_html(nb, *, title: str, lang: str = "fi", synthetic: bool = False,
                  code: bool = False) -> str:
    """A self-contained HTML page from an executed notebook.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.
    title : str
        Page title.
    lang : {"fi", "en"}
        Language of the page (``<html lang>``).
    synthetic : bool
        Add the fixed demo banner (repeated on every printed page).
    code : bool, default False
        ``False`` (a brief notebook): the page of the blocks it displayed, the same page
        :func:`~impactlib.brief.html.brief_page` makes in process. ``True`` (a curated
        notebook): code, markdown and outputs (:func:`impactlib.notebooks.notebook_page`).

    Returns
    -------
    str
        The page: inline CSS, images as ``data:`` URIs, no scripts and no external resources.
    """
    if code:
        from ..notebooks import notebook_page

        return notebook_page(nb, title=title, lang=lang, synthetic=synthetic)
    return brief_page(sections_from_notebook(nb), title=title, lang=lang, synthetic=synthetic)


def render(
    county: str,
    *,
    lang: str = "fi",
    data=None,
    year: int | None = None,
    out="build/briefs",
    docx: bool = True,
    date: str | None = None,
    national: BriefContext | None = None,
    notebook: bool = False,
) -> dict[str, Path]:
    """Render one brief: build its sections, write the HTML page and the DOCX.

    Parameters
    ----------
    county : str
        Code or name (Finnish, Swedish, English; case-insensitive).
    lang : {"fi", "en"}
    data : str or Path or Dataset, optional
        Data folder or workbook, or a loaded Dataset; default the bundled demo data.
    year : int, optional
        Snapshot year (default the last year with funding and activities).
    out : str or Path, default "build/briefs"
    docx : bool, default True
        Also write the editable DOCX.
    date : str, optional
        Date printed on the brief (default today, or ``SOURCE_DATE_EPOCH``).
    national : BriefContext, optional
        A context whose whole-country results are reused (see
        :meth:`~impactlib.brief.context.BriefContext.for_county`).
    notebook : bool, default False
        Execute the brief notebook with papermill, write it beside the page
        (``<stem>.ipynb``) and make the HTML and DOCX from the blocks it displayed.

    Returns
    -------
    dict
        ``{"html": path, "docx": path, "notebook": path}`` (``docx`` and ``notebook`` only
        when written).

    Raises
    ------
    ValueError
        For an unknown county (listing close matches) or language.
    impactlib.DataError
        When the data break the rules of the data model (every problem listed), before
        anything is written.
    """
    if lang not in ("fi", "en"):
        raise ValueError(f"lang must be 'fi' or 'en', got {lang!r}")
    code = brief_area(county)
    date = date or _today()
    stem = brief_filename(code, lang)
    if notebook:
        if data is not None:
            from ..sources.tables import load_dataset

            load_dataset(data)  # every problem in the data reported here, before a kernel starts
        import nbformat

        nb = execute_notebook(code, lang=lang, data=data, year=year, date=date)
        paths = write_brief(sections_from_notebook(nb), out, stem, lang=lang, docx=docx, date=date)
        target = Path(out) / f"{stem}.ipynb"
        paths["notebook"] = write_text(target, nbformat.writes(nb) + "\n")
        return paths
    ctx = prepare(code, lang=lang, data=data, year=year, date=date, national=national)
    protect([ctx])            # secondary suppression the brief's own sums ask for
    check_publication([ctx])  # nothing is written when a hidden count could be worked out
    return write_brief(brief_sections(ctx), out, stem, lang=lang, docx=docx, date=date)


def prepare_run(*, lang: str = "fi", data=None, year: int | None = None, date: str | None = None,
                counties=None) -> dict:
    """The contexts of one run of briefs (what :func:`render_all` publishes), protected as one.

    The data are loaded once and the whole-country results computed once; every county's
    context shares them (:meth:`~impactlib.brief.context.BriefContext.for_county`). The counts
    of all briefs are one system of sums: secondary suppression is added across the briefs
    where a hidden count could be worked out (:func:`~impactlib.brief.ledger.protect`), then
    :func:`~impactlib.brief.ledger.check_publication` proves that none can (issue 11).

    Parameters
    ----------
    lang, data, year, date
        As in :func:`render`.
    counties : list of str, optional
        Only these (default all 22).

    Returns
    -------
    dict
        County code → :class:`~impactlib.brief.context.BriefContext`.

    Raises
    ------
    impactlib.brief.DisclosureError
        When no secondary suppression can protect a hidden count.

    Examples
    --------
    >>> run = prepare_run(counties=["20", "21"])
    >>> sorted(run)
    ['20', '21']
    """
    codes = ([brief_area(c) for c in counties] if counties
             else list(regions.counties()["code"]))
    base = prepare(codes[0], lang=lang, data=data, year=year, date=date or _today())
    base.national()  # the whole-country results, once
    contexts = {c: base if c == base.county else base.for_county(c) for c in codes}
    protect(contexts.values())
    check_publication(contexts.values())
    return contexts


def render_all(
    *,
    lang: str = "fi",
    data=None,
    year: int | None = None,
    out="build/briefs",
    docx: bool = True,
    date: str | None = None,
    jobs: int | None = None,
    progress: bool = True,
    counties=None,
) -> dict[str, dict]:
    """Render the briefs of all 22 organiser areas in this process, with an index page.

    The data are loaded once and the whole-country results computed once; every county's
    context shares them (:meth:`~impactlib.brief.context.BriefContext.for_county`).

    Parameters
    ----------
    lang, data, year, out, docx, date
        As in :func:`render`.
    jobs : int, optional
        Deprecated and ignored: briefs render in one process (a ``DeprecationWarning``).
    progress : bool, default True
        Show a tqdm progress bar (on standard error).
    counties : list of str, optional
        Only these (default all 22).

    Returns
    -------
    dict
        County code -> the paths :func:`render` returned.
    """
    if jobs is not None:
        warnings.warn("render_all(jobs=...) is ignored: briefs render in one process",
                      DeprecationWarning, stacklevel=2)
    if lang not in ("fi", "en"):
        raise ValueError(f"lang must be 'fi' or 'en', got {lang!r}")
    date = date or _today()
    contexts = prepare_run(lang=lang, data=data, year=year, date=date, counties=counties)
    codes = list(contexts)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(codes), desc="briefs", unit="brief", file=sys.stderr)
    results: dict[str, dict] = {}
    try:
        for c in codes:
            ctx = contexts[c]
            results[c] = write_brief(brief_sections(ctx), out, brief_filename(c, lang), lang=lang,
                                     docx=docx, date=date)
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    write_index(Path(out), results, lang=lang)
    return results


def write_index(out, results: dict, *, lang: str = "fi") -> Path:
    """Write ``index.html`` (``index-en.html`` for English) linking every brief's files."""
    rows = [{"code": code, "name": regions.county_name(code, "en" if lang == "en" else "fi"),
             "files": [(kind, Path(p).name) for kind, p in paths.items()]}
            for code, paths in results.items()]
    return write_text(Path(out) / ("index.html" if lang == "fi" else f"index-{lang}.html"),
                      index_page(rows, lang=lang))
