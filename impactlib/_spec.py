"""The two classes that describe the data model's tables: :class:`Field` and :class:`TableSpec`.

Re-exported by :mod:`impactlib.model`, which defines the tables with them (kept apart so that
the table definitions, code lists and schemas fit in one readable module).

Examples
--------
>>> f = Field("year", "year", "Calendar year", "vuosi", min=2000)
>>> TableSpec("t", "taulu", "table", (f,), ("year",)).field("year").min
2000
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Field", "TableSpec"]


@dataclass(frozen=True)
class Field:
    """One column of a table.

    Attributes
    ----------
    name : str
        Column name (the public contract).
    kind : {"str", "int", "float", "bool", "year", "code", "ytunnus", "municipality", "area", "county", "date", "period"}
        (``date``: a day, read as ``datetime64``; ``period``: a year, month or day kept as
        ISO text of its precision, e.g. ``2023-03``)
        Logical type; ``code`` values come from ``CODE_LISTS[codes]``; ``county`` is a
        2-digit county code (Helsinki ``90``); ``date`` is a year, month or day written
        ``2023``, ``2023-03`` or ``2023-03-06`` (text after reading).
    en, fi : str
        Description in English and the Finnish term with a short description.
    required : bool
        Column must be present.
    nullable : bool
        Cells may be empty.
    codes : str, optional
        Code-list name for ``kind="code"``.
    min, max : float, optional
        Allowed range (inclusive).
    example : object
        Example value (used in the data-entry template).
    """

    name: str
    kind: str
    en: str
    fi: str
    required: bool = True
    nullable: bool = False
    codes: str | None = None
    min: float | None = None
    max: float | None = None
    example: object = None


@dataclass(frozen=True)
class TableSpec:
    """A table of the data model: its fields, key and names."""

    name: str
    fi: str
    en: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]
    sheet_aliases: tuple[str, ...] = field(default_factory=tuple)

    def field(self, name: str) -> Field:
        """Return the :class:`Field` called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)
