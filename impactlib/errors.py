"""Errors raised by impactlib.

All problems with input data are reported through one exception type,
:class:`DataError`, which carries *every* problem found (not only the first),
each naming the file, the row as a spreadsheet user counts it, the column, the
offending value and the rule that failed, in English and Finnish.

Examples
--------
>>> p = Problem(file="funding.csv", row=3, column="amount_eur", value="-5",
...             rule="range", message_en="must be 0 or more",
...             message_fi="pitää olla vähintään 0")
>>> print(DataError([p]))
1 problem in the data / 1 ongelma aineistossa:
  funding.csv, row 3, column amount_eur, value '-5': [range] must be 0 or more / pitää olla vähintään 0
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

__all__ = ["Problem", "DataError", "DataWarning"]


@dataclass(frozen=True)
class Problem:
    """One problem in the input data.

    Attributes
    ----------
    file : str
        File (or ``workbook.xlsx:sheet``) the problem is in.
    row : int or None
        Row number as a spreadsheet user counts it (the header is row 1), or
        ``None`` when the problem concerns the whole file or column.
    column : str or None
        Column name, or ``None`` when the problem concerns whole rows or files.
    value : str or None
        The offending value as text, shortened to 60 characters.
    rule : str
        Short code of the rule that failed (``type``, ``code_list``, ``range``,
        ``unique_key``, ``ytunnus``, ``municipality_code``, ``foreign_key``,
        ``prepost_pairing``, ``missing_column`` …).
    message_en, message_fi : str
        What is wrong and how to fix it, in English and Finnish.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message_en: str
    message_fi: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        return f"{', '.join(where)}: [{self.rule}] {self.message_en} / {self.message_fi}"

    def to_dict(self) -> dict:
        """Return the problem as a plain dict (for tables and JSON)."""
        return asdict(self)


class DataError(ValueError):
    """Input data break one or more rules; every problem is listed.

    Parameters
    ----------
    problems : iterable of Problem
        All problems found. The message lists every one of them.

    Attributes
    ----------
    problems : list of Problem
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        n = len(self.problems)
        head = (
            f"{n} problem{'s' if n != 1 else ''} in the data / "
            f"{n} ongelma{'a' if n != 1 else ''} aineistossa:"
        )
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

    def to_frame(self):
        """Return the problems as a :class:`pandas.DataFrame`, one row each."""
        import pandas as pd

        cols = ["file", "row", "column", "value", "rule", "message_en", "message_fi"]
        return pd.DataFrame([p.to_dict() for p in self.problems], columns=cols)


class DataWarning(UserWarning):
    """Something in the input is unusual but not wrong (e.g. an unknown extra column)."""
