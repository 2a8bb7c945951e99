"""公民身份号码 (GB 11643-1999): validation, normalisation, 15→18 conversion, masking.

An unknown address code is not an error (codes change over time); only structure, checksum and
birth date are enforced.
"""

from __future__ import annotations

import datetime as dt
import re
from operator import mul

from dangjian.core.errors import ApplicationError

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_RE18 = re.compile(r"^\d{17}[\dX]$")
_RE15 = re.compile(r"^\d{15}$")

ERR_EMPTY = "身份证号不能为空。"
ERR_FORMAT = "身份证号格式不正确：应为18位（前17位数字，末位为数字或X），或15位旧号码。"
ERR_CHECK = "身份证号校验位错误（GB 11643），请核对号码。"
ERR_DATE = "身份证号中的出生日期不存在或不合理（{date}）。"
ERR_NUMERIC = "身份证号被 Excel 存成了数字，末几位已丢失；请把该列设为“文本”格式后重新填写。"


def check_char(body17: str) -> str:
    """The check character of the first 17 digits (GB 11643: weighted sum mod 11)."""
    if len(body17) != 17:
        raise ValueError("17 digits expected")
    return _CHECK[sum(map(mul, map(int, body17), WEIGHTS)) % 11]


def canonical_birth(raw: str, today: dt.date | None = None) -> dt.date | None:
    """The birth date when `raw` is already a canonical 18-character number that `normalize` would
    return unchanged (digits, upper-case check character, plausible birth date), else None: the
    common case of a bulk import, checked quickly; anything else goes through `normalize`, which
    also words the error."""
    if (
        len(raw) != 18
        or not raw.isascii()
        or not raw[:17].isdigit()
        or raw[17] not in _CHECK
        or check_char(raw[:17]) != raw[17]
    ):
        return None
    try:
        born = dt.date(int(raw[6:10]), int(raw[10:12]), int(raw[12:14]))
    except ValueError:
        return None
    return born if born.year >= 1900 and born <= (today or dt.date.today()) else None


def _birth(number: str) -> dt.date:
    raw = number[6:14]
    try:
        date = dt.date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        raise ApplicationError(ERR_DATE.format(date=raw), field="id_number")
    if date.year < 1900 or date > dt.date.today():
        raise ApplicationError(ERR_DATE.format(date=date.isoformat()), field="id_number")
    return date


def normalize(value: str | None) -> str:
    """Return the canonical 18-character number or raise ApplicationError (field id_number)."""
    if value is None:
        raise ApplicationError(ERR_EMPTY, field="id_number")
    number = str(value).strip().replace(" ", "").upper()
    if not number:
        raise ApplicationError(ERR_EMPTY, field="id_number")
    if re.fullmatch(r"\d(\.\d+)?E\+\d+", number):
        raise ApplicationError(ERR_NUMERIC, field="id_number")
    if _RE15.match(number):
        body = number[:6] + "19" + number[6:]
        number = body + check_char(body)
    elif not _RE18.match(number):
        raise ApplicationError(ERR_FORMAT, field="id_number")
    elif check_char(number[:17]) != number[17]:
        raise ApplicationError(ERR_CHECK, field="id_number")
    _birth(number)
    return number


def birth_date(number: str) -> dt.date:
    return _birth(number)


def gender(number: str) -> str:
    """'M' or 'F': the sequence code (position 17) is odd for men."""
    return "M" if int(number[16]) % 2 else "F"


def mask(number: str) -> str:
    """First 3 + last 4, e.g. 110***********002X (stack-and-security.md §3.3)."""
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def synthetic(birth: dt.date, gender_code: str, seq: int, area: str = "210102") -> str:
    """A valid number for tests and the demo: `seq` picks the sequence code, whose parity follows
    the gender ('M' odd, 'F' even)."""
    s = (seq % 500) * 2 + (1 if gender_code == "M" else 0)
    body = f"{area}{birth:%Y%m%d}{s:03d}"
    return body + check_char(body)
