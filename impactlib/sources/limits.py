"""Limits on what the loader reads, enforced while reading (issue 11).

A data file from a development group is small: a few thousand associations, a few hundred
thousand rows at most. The limits below are far above that and far below what would hang the
loader or exhaust memory; each is checked as the bytes or rows arrive, never after the whole
input is in memory, and each breach is a :class:`impactlib.DataError` naming the limit. Change
them for one run with the environment variables named beside each (whole numbers).

Examples
--------
>>> MAX_CELL_CHARS
32767
"""

from __future__ import annotations

import os

__all__ = ["MAX_BYTES", "MAX_CELL_CHARS", "MAX_COLUMNS", "MAX_ROWS", "describe"]


def _env(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


#: Bytes of one input after decompression (a CSV, a .csv.gz, or the XML of all sheets of a
#: workbook): 512 MiB (``IMPACTLIB_MAX_BYTES``).
MAX_BYTES = _env("IMPACTLIB_MAX_BYTES", 512 * 1024 * 1024)
#: Data rows of one table: 5 million (``IMPACTLIB_MAX_ROWS``).
MAX_ROWS = _env("IMPACTLIB_MAX_ROWS", 5_000_000)
#: Columns of one table, counted to the last cell that holds a value: 200
#: (``IMPACTLIB_MAX_COLUMNS``); the widest table of the model has fewer than 30.
MAX_COLUMNS = _env("IMPACTLIB_MAX_COLUMNS", 200)
#: Characters in one cell: Excel's own limit, 32 767 (``IMPACTLIB_MAX_CELL_CHARS``).
MAX_CELL_CHARS = _env("IMPACTLIB_MAX_CELL_CHARS", 32_767)


def describe() -> dict[str, int]:
    """The limits in force, by name."""
    return {"MAX_BYTES": MAX_BYTES, "MAX_ROWS": MAX_ROWS, "MAX_COLUMNS": MAX_COLUMNS,
            "MAX_CELL_CHARS": MAX_CELL_CHARS}
