"""Streaming the rows of a workbook sheet within the loader's limits (issue 11).

openpyxl's read-only worksheets trust the sheet's declared dimension: a 10 KB workbook that
declares ``A1:XFD1048576`` and holds one cell in its last row makes ``iter_rows`` build a
million rows of 16 384 empty cells. :func:`iter_sheet_rows` reads the sheet XML with
openpyxl's own streaming parser instead and yields only the rows that hold cells, each as
wide as its last cell with a value, and stops with :class:`LimitExceeded` at the first cell
beyond :data:`~impactlib.sources.limits.MAX_COLUMNS`, the first row beyond
:data:`~impactlib.sources.limits.MAX_ROWS` or the first cell longer than
:data:`~impactlib.sources.limits.MAX_CELL_CHARS`. :func:`check_archive` bounds the
decompressed size of the workbook before any XML is parsed and reports macros
(``xl/vbaProject.bin``), which are never run.

Examples
--------
>>> str(LimitExceeded("columns", 200, "row 3"))
'columns: more than 200 (row 3)'
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

from . import limits

__all__ = ["LimitExceeded", "check_archive", "iter_sheet_rows"]


class LimitExceeded(Exception):
    """A limit of :mod:`impactlib.sources.limits` was reached while reading."""

    def __init__(self, what: str, limit: int, where: str = ""):
        self.what, self.limit, self.where = what, limit, where
        super().__init__(f"{what}: more than {limit:,}" + (f" ({where})" if where else ""))


def check_archive(path: Path) -> bool:
    """Bound the workbook's decompressed size; return True when it holds macros.

    Raises
    ------
    LimitExceeded
        When the parts of the workbook would decompress to more than ``MAX_BYTES``.
    zipfile.BadZipFile
        When it is not a zip archive.
    """
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        total = sum(i.file_size for i in infos)
        if total > limits.MAX_BYTES:
            raise LimitExceeded("decompressed bytes", limits.MAX_BYTES, f"{total:,} declared")
        return any(i.filename.lower().endswith("vbaproject.bin") for i in infos)


def iter_sheet_rows(ws) -> Iterator[tuple[int, list]]:
    """Yield ``(row number, values)`` for the rows of a read-only sheet that hold cells.

    Parameters
    ----------
    ws : openpyxl.worksheet._read_only.ReadOnlyWorksheet
        A sheet of a workbook opened with ``read_only=True``.

    Yields
    ------
    (int, list)
        The spreadsheet row number (1-based) and the cell values from column A to the last
        cell with a value (``None`` for empty cells).

    Raises
    ------
    LimitExceeded
        At the first cell beyond ``MAX_COLUMNS``, row beyond ``MAX_ROWS`` or text longer than
        ``MAX_CELL_CHARS``.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    wb = ws.parent
    n = 0
    with ws._get_source() as src:  # the sheet's XML part, streamed
        parser = WorkSheetParser(src, ws._shared_strings, data_only=wb.data_only, epoch=wb.epoch,
                                 date_formats=wb._date_formats, timedelta_formats=wb._timedelta_formats)
        for idx, cells in parser.parse():
            present = [c for c in cells if c.get("value") is not None]
            if not present:
                continue
            n += 1
            if n > limits.MAX_ROWS:
                raise LimitExceeded("rows", limits.MAX_ROWS, f"sheet {ws.title}")
            last = max(c["column"] for c in present)
            if last > limits.MAX_COLUMNS:
                raise LimitExceeded("columns", limits.MAX_COLUMNS, f"sheet {ws.title}, row {idx}")
            row = [None] * last
            for c in present:
                v = c["value"]
                if isinstance(v, str) and len(v) > limits.MAX_CELL_CHARS:
                    raise LimitExceeded("characters in a cell", limits.MAX_CELL_CHARS,
                                        f"sheet {ws.title}, row {idx}")
                row[c["column"] - 1] = v
            yield idx, row
