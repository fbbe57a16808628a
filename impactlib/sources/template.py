"""The data-entry workbook (*tiedonkeruupohja*) for associations.

:func:`write_template` writes an Excel workbook (``.xlsx``, opens in Excel
and LibreOffice Calc) with one sheet per table of the data model
(:data:`impactlib.model.TABLES`): the column names in row 1, help in Finnish
(row 2) and English (row 3), an example row (row 4), and dropdowns and
checks on every cell an association fills in. A filled workbook loads with
:func:`impactlib.sources.tables.load_dataset` (``impactlib validate
aineisto.xlsx``).

Layout of a table sheet (e.g. ``funding``)
-------------------------------------------
row 1
    the column names exactly as in the model (the loader needs them);
rows 2 and 3
    help text in Finnish and English; the first cell starts with ``#``, so
    the loader skips these rows;
row 4
    an example row made of the model's example values; the loader skips it
    while it is untouched (overwrite or delete it);
rows 4–5000
    data validation: a dropdown for every code-list column (codes from
    :data:`impactlib.model.CODE_LISTS`, listed on the hidden sheet
    ``koodit`` with Finnish and English labels), a dropdown of municipality
    codes (names on ``koodit``), ``true``/``false`` for yes/no columns,
    whole-number and decimal checks with the model's limits, and a length
    check for the Y-tunnus.

The sheet ``ohjeet`` explains, in Finnish and English, what each table is,
how to fill it in, and that participant ids must be pseudonyms, never names
or personal identity codes (*henkilötunnus*).

Examples
--------
>>> import tempfile, pathlib, openpyxl
>>> p = write_template(pathlib.Path(tempfile.mkdtemp()) / "pohja.xlsx")
>>> wb = openpyxl.load_workbook(p)
>>> wb.sheetnames
['ohjeet', 'organisations', 'funding', 'activities', 'outcomes', 'outcome_summaries', 'cooperation', 'koodit']
>>> [c.value for c in wb["funding"][1]][:4]
['org_id', 'year', 'source', 'funder']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .. import model, regions
from .._io import atomic_path

__all__ = ["CODES_SHEET", "GUIDE_SHEET", "FIRST_ROW", "LAST_ROW", "write_template", "code_ranges"]

#: Hidden sheet holding the code lists the dropdowns refer to.
CODES_SHEET = "koodit"
#: Sheet of instructions.
GUIDE_SHEET = "ohjeet"
#: First and last row that carry data validation (row 4 is the example row).
FIRST_ROW, LAST_ROW = 4, 5000

_TABLE_TEXT = {
    "organisations": (
        "Yksi rivi kutakin järjestöä kohden: Y-tunnus, nimi, kotikunta, tyyppi ja toimiala. "
        "Pakollinen.",
        "One row per association: business ID, name, home municipality, kind and field. Required.",
    ),
    "funding": (
        "Yksi rivi kutakin vuotta, rahoituslähdettä ja rahoittajaa kohden: saadut eurot. "
        "Rahoittaja on kunnan kuntanumero (esim. 179), hyvinvointialueen koodi (esim. 15), "
        "STEA tai own (oma varainhankinta). Palvelumyynnin riveillä (procurement, service_voucher, "
        "personal_budget) voi lisäksi kertoa ostajan tyypin, sopimuskauden, hankinnan osan arvon ja "
        "sopimuksen päättymisen syyn. Pakollinen.",
        "One row per year, funding source and funder: euros received. The funder is the "
        "municipality code (e.g. 179), the county code (e.g. 15), STEA or own (own fundraising). "
        "Rows of sales (procurement, service_voucher, personal_budget) may also give the buyer type, "
        "the contract period, the value of the procurement lot and why the contract ended. "
        "Required.",
    ),
    "activities": (
        "Yksi rivi kutakin toimintoa ja vuotta kohden: osallistujat, tunnit, kustannukset ja "
        "arviointi. Toiminta-alueeksi kuntanumerot tai hyvinvointialueen koodi välilyönnein.",
        "One row per activity and year: participants, hours, costs and evaluation. Area: "
        "municipality codes or a county code separated by spaces.",
    ),
    "outcomes": (
        "Osallistujakohtaiset mittaustulokset, yksi rivi kutakin osallistujaa, mittauskertaa ja "
        "mittaria kohden. Osallistujan tunnus on keksitty tunnus (pseudonyymi): ei koskaan nimi "
        "eikä henkilötunnus.",
        "Participant-level outcome scores, one row per participant, measurement phase and "
        "instrument. The participant id is a made-up code (pseudonym): never a name or a "
        "personal identity code.",
    ),
    "outcome_summaries": (
        "Vaihtoehto osallistujakohtaisille tuloksille: lukumäärä, keskiarvo ja keskihajonta "
        "mittauskerroittain ja ryhmittäin.",
        "The alternative to participant-level outcomes: number measured, mean and standard "
        "deviation by phase and group.",
    ),
    "cooperation": (
        "Alueenne yhteistyörakenteet järjestöjen kanssa, yksi rivi kutakin rakennetta kohden: onko "
        "järjestöyhteistyön koordinaattori, yhteistyöelin, kirjattu malli tai suunnitelma, tiloja, "
        "kumppanuussopimuksia, mainitaanko järjestöt strategiassa (yes, no tai unknown), mistä "
        "lähtien ja mistä tieto on (verkko-osoite tai päätös). Kooste käyttää näitä tietoja "
        "julkaistujen tietojen sijaan.",
        "Your area's cooperation structures with associations, one row per structure: is there a "
        "coordinator, a cooperation body, a written model or plan, premises, partnership agreements, "
        "are associations named in the strategy (yes, no or unknown), since when, and where it is "
        "stated (a web address or a decision). The brief uses these ahead of the published facts.",
    ),
}

_KIND_TEXT = {
    "str": ("tekstiä", "text"),
    "int": ("kokonaisluku", "whole number"),
    "float": ("luku (desimaalipilkku tai -piste)", "number (decimal comma or point)"),
    "bool": ("true/false (kyllä/ei)", "true/false (yes/no)"),
    "year": ("vuosiluku", "year"),
    "date": ("päivämäärä pp.kk.vvvv tai vvvv-kk-pp", "date as dd.mm.yyyy or yyyy-mm-dd"),
    "code": ("valitse listasta", "choose from the list"),
    "ytunnus": ("Y-tunnus muotoa 1234567-8", "business ID as 1234567-8"),
    "municipality": ("kuntanumero, valitse listasta", "municipality code, choose from the list"),
    "area": ("koodit välilyönnein", "codes separated by spaces"),
    "county": ("hyvinvointialueen koodi, valitse listasta", "county code, choose from the list"),
    "period": ("vuosi, kuukausi tai päivä (2023, 2023-03, 2023-03-06)", "year, month or day (2023, 2023-03, 2023-03-06)"),
}


def _column_letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _set(cell, value) -> None:
    """Write a value; text is always text, never a formula (``=HYPERLINK(…)`` stays inert)."""
    if isinstance(value, bool):
        cell.value = "true" if value else "false"
        cell.data_type = "s"
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _limits(f: model.Field, lang: str) -> str:
    lo, hi = f.min, f.max
    if lo is None and hi is None:
        return ""
    fmt = lambda x: f"{x:g}"  # noqa: E731
    if lo is not None and hi is not None:
        return f" ({fmt(lo)}–{fmt(hi)})"
    if lo is not None:
        return f" (≥ {fmt(lo)})" if lang == "en" else f" (vähintään {fmt(lo)})"
    return f" (≤ {fmt(hi)})" if lang == "en" else f" (enintään {fmt(hi)})"


def _help(f: model.Field, lang: str) -> str:
    """Help text of a column: description, type, limits, required."""
    i = 0 if lang == "fi" else 1
    desc = f.fi if lang == "fi" else f.en
    req = ("pakollinen", "required") if f.required and not f.nullable else ("vapaaehtoinen", "optional")
    kind = _KIND_TEXT[f.kind][i]
    return f"{desc} — {kind}{_limits(f, lang)}; {req[i]}"


def _code_blocks() -> list[tuple[str, list[tuple[str, str, str]]]]:
    """(name, [(code, fi, en)]) for each list on the ``koodit`` sheet, in column order."""
    blocks = [(name, [(c, fi, en) for c, (fi, en) in codes.items()]) for name, codes in model.CODE_LISTS.items()]
    m = _municipality_list()
    blocks.append(("municipality", list(zip(m["code"], m["name_fi"], m["name_sv"], strict=True))))
    blocks.append(("bool", [("true", "kyllä", "yes"), ("false", "ei", "no")]))
    inst = pd.read_csv(regions.DATA_DIR / "instruments.csv", dtype=str)
    blocks.append(("instrument", list(zip(inst["instrument"], inst["name_fi"], inst["name_en"], strict=True))))
    counties = regions.counties()
    funders = [("STEA", "STEA", "STEA"), ("own", "oma varainhankinta", "own fundraising")]
    funders += list(zip(counties["code"], counties["short_fi"], counties["name_en"], strict=True))
    funders += list(zip(m["code"], m["name_fi"], m["name_sv"], strict=True))
    blocks.append(("funder", funders))
    blocks.append(("county", list(zip(counties["code"], counties["short_fi"], counties["name_en"], strict=True))))
    return blocks


def _municipality_list() -> pd.DataFrame:
    """Municipalities valid at some time 2013–2026 (the codes the loader accepts)."""
    a, b = regions.municipalities(2013), regions.municipalities(2026)
    return pd.concat([a, b]).drop_duplicates("code").sort_values("code").reset_index(drop=True)


def code_ranges() -> dict[str, str]:
    """Where each list sits on the ``koodit`` sheet: list name → ``'koodit'!$A$2:$A$n``.

    Examples
    --------
    >>> code_ranges()["kind"]
    "'koodit'!$A$2:$A$4"
    """
    out = {}
    for j, (name, rows) in enumerate(_code_blocks()):
        col = _column_letter(3 * j + 1)
        out[name] = f"'{CODES_SHEET}'!${col}$2:${col}${len(rows) + 1}"
    return out


def _write_codes(wb) -> dict[str, str]:
    from openpyxl.styles import Font

    ws = wb.create_sheet(CODES_SHEET)
    for j, (name, rows) in enumerate(_code_blocks()):
        c0 = 3 * j + 1
        second = "name_sv" if name in ("municipality",) else "en"
        heads = (name, f"{name}_fi", f"{name}_{second}")
        for k, h in enumerate(heads):
            cell = ws.cell(row=1, column=c0 + k)
            _set(cell, h)
            cell.font = Font(bold=True)
        for r, triple in enumerate(rows, start=2):
            for k, v in enumerate(triple):
                _set(ws.cell(row=r, column=c0 + k), str(v))
        for k in range(3):
            ws.column_dimensions[_column_letter(c0 + k)].width = 14 if k == 0 else 32
    ws.sheet_state = "hidden"
    return code_ranges()


def _validation(f: model.Field, ranges: dict[str, str], lang: str):
    """The DataValidation for a column, or ``None``."""
    from openpyxl.worksheet.datavalidation import DataValidation

    fi_en = lambda fi, en: f"{fi} / {en}" if lang == "fi" else f"{en} / {fi}"  # noqa: E731
    dv = None
    strict = True  # refuse values outside the rule (False: the list only suggests)
    if f.kind == "code":
        dv = DataValidation(type="list", formula1=ranges[f.codes], allow_blank=True)
        dv.error = fi_en("Valitse arvo listasta.", "Choose a value from the list.")
    elif f.kind == "municipality":
        dv = DataValidation(type="list", formula1=ranges["municipality"], allow_blank=True)
        dv.error = fi_en("Valitse kuntanumero listasta (esim. 179).", "Choose a municipality code from the list (e.g. 179).")
    elif f.kind == "county":
        dv = DataValidation(type="list", formula1=ranges["county"], allow_blank=True)
        dv.error = fi_en("Valitse alueen koodi listasta (esim. 15, Helsinki 90).",
                         "Choose an area code from the list (e.g. 15, Helsinki 90).")
    elif f.kind == "bool":
        dv = DataValidation(type="list", formula1=ranges["bool"], allow_blank=True)
        dv.error = fi_en("Valitse true (kyllä) tai false (ei).", "Choose true (yes) or false (no).")
    elif f.name == "instrument" or f.name == "funder":
        # suggestions only: other instruments and funder ids are allowed
        dv = DataValidation(type="list", formula1=ranges[f.name], allow_blank=True)
        strict = False
    elif f.kind in ("int", "year", "float"):
        typ = "decimal" if f.kind == "float" else "whole"
        lo = f.min if f.min is not None else (model.YEAR_MIN if f.kind == "year" else None)
        hi = f.max if f.max is not None else (model.YEAR_MAX if f.kind == "year" else None)
        if lo is not None and hi is not None:
            dv = DataValidation(type=typ, operator="between", formula1=f"{lo:g}", formula2=f"{hi:g}", allow_blank=True)
        elif lo is not None:
            dv = DataValidation(type=typ, operator="greaterThanOrEqual", formula1=f"{lo:g}", allow_blank=True)
        elif hi is not None:
            dv = DataValidation(type=typ, operator="lessThanOrEqual", formula1=f"{hi:g}", allow_blank=True)
        elif typ == "whole":
            dv = DataValidation(type="whole", operator="between", formula1="-2147483648", formula2="2147483647", allow_blank=True)
        else:
            dv = None
        if dv is not None:
            what = ("kokonaisluku", "a whole number") if typ == "whole" else ("luku", "a number")
            dv.error = fi_en(f"Anna {what[0]}{_limits(f, 'fi')}.", f"Enter {what[1]}{_limits(f, 'en')}.")
    elif f.kind == "date":
        dv = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                            formula2="DATE(2100,12,31)", allow_blank=True)
        dv.error = fi_en("Anna päivämäärä (esim. 31.12.2024).", "Enter a date (e.g. 2024-12-31).")
    elif f.kind == "ytunnus":
        dv = DataValidation(type="textLength", operator="equal", formula1="9", allow_blank=True)
        dv.error = fi_en("Y-tunnus muotoa 1234567-8.", "Business ID as 1234567-8.")
    if dv is not None:
        dv.showErrorMessage = strict
        if strict:
            dv.errorStyle = "stop"
            dv.errorTitle = f.name[:32]
        dv.promptTitle = f.name[:32]
        dv.prompt = (_help(f, lang))[:250]
        dv.showInputMessage = True
    return dv


def _write_table(wb, table: str, ranges: dict[str, str], lang: str) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    spec = model.TABLES[table]
    ws = wb.create_sheet(table)
    head_fill = PatternFill("solid", fgColor="DDE6F0")
    help_font = Font(italic=True, color="555555", size=9)
    example_font = Font(italic=True, color="888888")
    for j, f in enumerate(spec.fields, start=1):
        col = _column_letter(j)
        c = ws.cell(row=1, column=j)
        _set(c, f.name)
        c.font = Font(bold=True)
        c.fill = head_fill
        for r, lg in ((2, "fi"), (3, "en")):
            text = _help(f, lg)
            if j == 1:
                text = f"# {text}"
            h = ws.cell(row=r, column=j)
            _set(h, text)
            h.font = help_font
            h.alignment = Alignment(wrap_text=True, vertical="top")
        ex = ws.cell(row=FIRST_ROW, column=j)
        if f.example is not None and f.example != "":
            _set(ex, f.example)
        ex.font = example_font
        if f.kind in ("str", "code", "ytunnus", "municipality", "area", "county", "period"):
            ws.column_dimensions[col].number_format = "@"  # keep 091 and 1234567-8 as text
        elif f.kind == "date":
            ws.column_dimensions[col].number_format = "yyyy-mm-dd"
        longest = max(len(f.name), len(str(f.example or "")), 12)
        ws.column_dimensions[col].width = min(max(longest + 2, 16), 40)
        dv = _validation(f, ranges, lang)
        if dv is not None:
            dv.add(f"{col}{FIRST_ROW}:{col}{LAST_ROW}")
            ws.add_data_validation(dv)
    ws.row_dimensions[2].height = 60
    ws.row_dimensions[3].height = 60
    ws.freeze_panes = f"A{FIRST_ROW}"


def _guide_lines(lang: str) -> list[tuple[str, str]]:
    """(style, text) lines of the instructions sheet."""
    fi = [
        ("title", "Tiedonkeruupohja: sote-järjestöjen rahoitus ja toiminnan vaikuttavuus"),
        ("", "Tämä työkirja kerää järjestöjen tiedot impactlib-kirjaston muodossa. Täytetty työkirja "
             "luetaan komennolla: impactlib validate aineisto.xlsx"),
        ("head", "Näin täytät"),
        ("", "1. Jokaisella taulukolla on oma välilehtensä. Rivi 1 on sarakkeiden nimet: älä muuta niitä."),
        ("", "2. Rivit 2 ja 3 ovat ohjeita suomeksi ja englanniksi (alkavat #-merkillä) ja ne ohitetaan."),
        ("", "3. Rivi 4 on esimerkkirivi. Kirjoita sen päälle tai poista se; koskematon esimerkkirivi ohitetaan."),
        ("", "4. Valitse koodit pudotusvalikosta (esim. rahoituslähde, järjestön tyyppi, kuntanumero)."),
        ("", "5. Desimaaliluvuissa käy desimaalipilkku tai -piste. Euromäärät ilman €-merkkiä."),
        ("", "6. Pakolliset välilehdet ovat organisations (järjestöt) ja funding (rahoitus); muut täytetään, jos tietoja on."),
        ("head", "Tietosuoja"),
        ("", "Osallistujan tunnus (participant_id) on keksitty tunnus eli pseudonyymi, esim. p001. "
             "Älä koskaan kirjoita nimeä, henkilötunnusta, puhelinnumeroa tai muuta tunnistetta. "
             "Henkilötunnuksen näköiset tunnukset hylätään."),
        ("", "Raporteissa alle viiden henkilön tai järjestön luvut näytetään muodossa <5."),
        ("head", "Taulukot"),
    ]
    en = [
        ("title", "Data-entry workbook: funding and effectiveness of sote associations"),
        ("", "This workbook collects associations' data in the impactlib format. Load the filled "
             "workbook with: impactlib validate data.xlsx"),
        ("head", "How to fill it in"),
        ("", "1. Each table has its own sheet. Row 1 holds the column names: do not change them."),
        ("", "2. Rows 2 and 3 are help in Finnish and English (starting with #) and are skipped."),
        ("", "3. Row 4 is an example. Overwrite or delete it; an untouched example row is skipped."),
        ("", "4. Pick codes from the dropdowns (funding source, kind of association, municipality code …)."),
        ("", "5. Decimals may use a comma or a point. Euro amounts without the € sign."),
        ("", "6. The sheets organisations and funding are required; fill in the others where you have the data."),
        ("head", "Data protection"),
        ("", "The participant id (participant_id) is a made-up code, a pseudonym such as p001. "
             "Never enter a name, personal identity code (henkilötunnus), phone number or other "
             "identifier. Ids that look like a personal identity code are rejected."),
        ("", "In reports, counts of fewer than five people or associations are shown as <5."),
        ("head", "Tables"),
    ]
    first, second = (fi, en) if lang == "fi" else (en, fi)
    lines = list(first)
    for name, spec in model.TABLES.items():
        t_fi, t_en = _TABLE_TEXT[name]
        label = f"{name} ({spec.fi})" if lang == "fi" else f"{name} ({spec.en})"
        lines.append(("table", label))
        lines.append(("", t_fi if lang == "fi" else t_en))
        req = [f.name for f in spec.fields if f.required and not f.nullable]
        lines.append(("", ("Pakolliset sarakkeet: " if lang == "fi" else "Required columns: ") + ", ".join(req)))
    lines.append(("", ""))
    lines += list(second)
    for name, spec in model.TABLES.items():
        t_fi, t_en = _TABLE_TEXT[name]
        lines.append(("table", f"{name} ({spec.en if lang == 'fi' else spec.fi})"))
        lines.append(("", t_en if lang == "fi" else t_fi))
    lines.append(("", ""))
    lines.append(("", "impactlib: " + ("lähde ja ohjeet" if lang == "fi" else "source and documentation")
                  + " https://github.com/impactlib/impactlib"))
    return lines


def _write_guide(wb, lang: str) -> None:
    from openpyxl.styles import Alignment, Font

    ws = wb.active
    ws.title = GUIDE_SHEET
    ws.column_dimensions["A"].width = 110
    styles = {"title": Font(bold=True, size=14), "head": Font(bold=True, size=12), "table": Font(bold=True)}
    for r, (style, text) in enumerate(_guide_lines(lang), start=1):
        c = ws.cell(row=r, column=1)
        _set(c, text)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if style:
            c.font = styles[style]


def write_template(path, *, lang: str = "fi") -> Path:
    """Write the data-entry workbook for associations (``.xlsx``).

    Parameters
    ----------
    path : str or Path
        Output file; ``.xlsx`` is added if the name has no suffix. An
        existing file is replaced (atomically: a temporary file is written
        and renamed, so a half-written workbook never appears).
    lang : {"fi", "en"}, default "fi"
        Language that comes first in the instructions and in the error
        messages of the dropdowns. The help rows are always Finnish (row 2)
        and English (row 3).

    Returns
    -------
    pathlib.Path
        The file written.

    Notes
    -----
    Written with openpyxl. Sheets: ``ohjeet`` (instructions), one sheet per
    table of :data:`impactlib.model.TABLES` named by the table, and the
    hidden ``koodit`` (code lists: code, Finnish and English label; for
    municipalities code, Finnish and Swedish name). Every text is written as
    text, never as a formula.

    Examples
    --------
    >>> import tempfile, pathlib, openpyxl
    >>> p = write_template(pathlib.Path(tempfile.mkdtemp()) / "pohja", lang="en")
    >>> p.name
    'pohja.xlsx'
    >>> ws = openpyxl.load_workbook(p)["organisations"]
    >>> ws["A2"].value[:12], ws["A4"].value, ws.freeze_panes
    ('# Y-tunnus (', '1234567-1', 'A4')
    """
    import openpyxl

    if lang not in ("fi", "en"):
        raise ValueError(f"lang must be 'fi' or 'en', got {lang!r}")
    path = Path(path)
    if path.suffix == "":
        path = path.with_suffix(".xlsx")
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"{path.name}: the template is an Excel workbook; give a name ending in .xlsx")
    wb = openpyxl.Workbook()
    _write_guide(wb, lang)
    ranges = code_ranges()
    for table in model.TABLE_ORDER:
        _write_table(wb, table, ranges, lang)
    _write_codes(wb)
    wb.active = 0
    with atomic_path(path, suffix=".xlsx") as tmp:
        wb.save(tmp)
    return path
