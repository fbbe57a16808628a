"""Personal data that must never enter a dataset: identity codes, e-mail, phone numbers, names.

Participant ids are pseudonyms. The validator refuses any text field that carries a Finnish
personal identity code (*henkilötunnus*) in any case or spacing form (``131052-308T``,
``131052-308t``, ``131052308T``, ``p131052-308T``, ``131052 308 T``), or an e-mail address;
participant ids are also refused when they look like a phone number or a person's name. The
offending value is never echoed in a message (:data:`impactlib.validation` masks it).

A 6 + 3 + 1 character sequence counts as an identity code when its first six digits are a date
(ddmmyy) and either its control character is right (the remainder of the nine digits modulo 31,
Finnish Digital and Population Data Services Agency, *Henkilötunnus*) or a century sign
(``-``, ``+``, ``A``–``F``, ``U``–``Y``) stands between the date and the individual number.
Without a century sign the control character must be right and the code must be the whole
value or end in a control letter: a pseudonym such as ``P0403649450`` holds a valid date and
checksum by chance about once in 800 and is not flagged, while ``131052308T`` is.
The checks are vectorised over whole columns (pandas ``str`` methods).

Examples
--------
>>> import pandas as pd
>>> s = pd.Series(["p001", "131052-308T", "p131052-308t", "131052308T", "maija@example.fi",
...                "040 123 4567", "Matti Meikäläinen", "A-0001-2023"], dtype="string")
>>> personal_data(s, name=True, phone=True).tolist()
[None, 'hetu', 'hetu', 'hetu', 'email', 'phone', 'name', None]
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = ["CONTROL_CHARS", "MASK", "free_of_personal_data", "hetu_control", "is_personal", "personal_data"]

#: Control characters of the henkilötunnus, indexed by the remainder modulo 31.
CONTROL_CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"

_HETU = (r"(?<!\d)(?P<d>[0-3]\d)(?P<m>[01]\d)(?P<y>\d\d)(?P<sign>[-+A-FU-Y]?)(?P<n>\d{3})"
         r"(?P<c>[0-9A-Y])(?![0-9])")
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_PHONE = r"^(?:\+358|00358|0)\d{1,3}\d{5,8}$"
_NAME = r"^[A-ZÅÄÖ][a-zåäöéü]+(?:[ -][A-ZÅÄÖ][a-zåäöéü]+)+$"
_SPACE = r"[\s\u00a0\u202f]"


#: What a message shows instead of a value that carries personal data.
MASK = "(hidden / piilotettu)"

_HETU_RE = re.compile(_HETU)
_EMAIL_RE = re.compile(_EMAIL)
_PHONE_RE = re.compile(_PHONE)


def is_personal(text) -> bool:
    """True when one text carries an identity code, an e-mail address or a phone number.

    The scalar form of :func:`personal_data` (without names), for masking values in messages.

    Examples
    --------
    >>> is_personal("dup: A-1 / 131052 308t"), is_personal("A-0001-2023")
    (True, False)
    """
    if text is None:
        return False
    raw = str(text)
    compact = re.sub(_SPACE, "", raw).upper()
    for m in _HETU_RE.finditer(compact):
        unsigned_ok = (hetu_control(m["d"] + m["m"] + m["y"] + m["n"]) == m["c"]
                       and (m["c"].isalpha() or len(compact) == 10))
        if 1 <= int(m["d"]) <= 31 and 1 <= int(m["m"]) <= 12 and (m["sign"] or unsigned_ok):
            return True
    if _EMAIL_RE.search(raw):
        return True
    return any(_PHONE_RE.fullmatch(re.sub(r"[\s\u00a0\u202f()-]", "", part))
               for part in re.split(r"[/,;]", raw))


def hetu_control(nine_digits: str) -> str:
    """The control character of a henkilötunnus from its date and individual number.

    Examples
    --------
    >>> hetu_control("131052308")
    'T'
    """
    return CONTROL_CHARS[int(nine_digits) % 31]


def _hetu(text: pd.Series) -> pd.Series:
    compact = text.str.replace(_SPACE, "", regex=True).str.upper()
    parts = compact.str.extract(_HETU)
    found = parts["d"].notna()
    if not found.any():
        return found
    p = parts[found]
    day, month = p["d"].astype(int), p["m"].astype(int)
    date_ok = (day.between(1, 31)) & (month.between(1, 12))
    nine = (p["d"] + p["m"] + p["y"] + p["n"]).astype(int)
    control_ok = pd.Series(np.array(list(CONTROL_CHARS))[(nine % 31).to_numpy()], index=p.index) == p["c"]
    whole = compact[found].str.len() == 10 + (p["sign"] != "").astype(int)
    # without a century sign only a whole value, or one ending in a control letter, counts:
    # a pseudonym like P0403649450 holds a valid date and checksum by chance (1 in ~800)
    unsigned_ok = whole | p["c"].str.isalpha()
    hit = date_ok & ((p["sign"] != "") | (control_ok & unsigned_ok))
    return found & hit.reindex(found.index, fill_value=False)


def personal_data(values: pd.Series, *, phone: bool = False, name: bool = False) -> pd.Series:
    """What kind of personal data each text cell carries, or None.

    Parameters
    ----------
    values : pandas.Series
        Text cells (missing values are never flagged).
    phone, name : bool
        Also flag whole cells that look like a phone number or a person's name (for
        participant ids; free text such as an association's name would match too often).

    Returns
    -------
    pandas.Series
        ``"hetu"``, ``"email"``, ``"phone"``, ``"name"`` or None per cell (object dtype).
    """
    text = values.astype("string")
    out = pd.Series([None] * len(text), index=text.index, dtype=object)
    present = text.notna()
    if not present.any():
        return out
    t = text[present]
    kinds = [("hetu", _hetu(t)), ("email", t.str.contains(_EMAIL, regex=True).fillna(False))]
    if phone:
        digits = t.str.replace(r"[\s\u00a0\u202f()-]", "", regex=True)
        kinds.append(("phone", digits.str.fullmatch(_PHONE).fillna(False)))
    if name:
        kinds.append(("name", t.str.strip().str.fullmatch(_NAME).fillna(False)))
    for kind, mask in reversed(kinds):  # the first kind wins
        idx = mask[mask.astype(bool)].index
        out.loc[idx] = kind
    return out


def free_of_personal_data(s: pd.Series, kinds: tuple[str, ...], participant: bool = False) -> pd.Series:
    """True where a text cell carries none of ``kinds`` of personal data (a pandera check).

    Computed over the distinct values only (ids repeat across rows), with
    :func:`personal_data`; ``participant`` also looks for phone numbers and names.

    Examples
    --------
    >>> free_of_personal_data(pd.Series(["p1", "131052-308T", "p1"]), ("hetu",)).tolist()
    [True, False, True]
    """
    codes, uniques = pd.factorize(s)
    if len(uniques) == 0:
        return pd.Series(True, index=s.index)
    found = personal_data(pd.Series(uniques), phone=participant, name=participant)
    bad = found.isin(list(kinds)).to_numpy()
    ok = np.ones(len(s), dtype=bool)
    ok[codes >= 0] = ~bad[codes[codes >= 0]]
    return pd.Series(ok, index=s.index)
