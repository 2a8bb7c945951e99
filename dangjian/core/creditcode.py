"""统一社会信用代码 (GB 32100-2015): validation and normalisation of the 18-character code of an
enterprise, institution or other organisation.

Structure: 1 registration authority, 2 organisation type, 3-8 administrative division (digits),
9-17 the organisation code (GB 11714), 18 the check character. The characters are the digits and
the capital letters except I, O, S, V, Z; the check character is 31 minus the weighted sum modulo
31 (a result of 31 is "0"). Only structure and the check character are enforced: the authority and
type codes grow over time, so an unknown one is not an error.
"""

from __future__ import annotations

from dangjian.core.errors import ApplicationError

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_VALUE = {c: i for i, c in enumerate(CHARSET)}

ERR_EMPTY = "统一社会信用代码不能为空。"
ERR_LENGTH = "统一社会信用代码应为18位（当前{n}位）。"
ERR_CHARS = "统一社会信用代码含有不允许的字符“{chars}”：只能是数字和除I、O、S、V、Z以外的大写字母。"
ERR_DIVISION = "统一社会信用代码第3至8位（行政区划码）应为数字。"
ERR_CHECK = "统一社会信用代码校验位错误（GB 32100）：末位应为“{expected}”，请核对代码。"


def check_char(body17: str) -> str:
    """The check character of the first 17 characters (GB 32100)."""
    if len(body17) != 17:
        raise ValueError("17 characters expected")
    total = sum(_VALUE[c] * w for c, w in zip(body17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


def normalize(raw: str | None, *, field: str = "credit_code") -> str:
    """The code in canonical form (upper case, no spaces), or ApplicationError naming what is wrong;
    `field` is the form or API field the error is put on."""
    code = "".join((raw or "").split()).upper()
    if not code:
        raise ApplicationError(ERR_EMPTY, field=field)
    if len(code) != 18:
        raise ApplicationError(ERR_LENGTH.format(n=len(code)), field=field)
    bad = sorted({c for c in code if c not in _VALUE})
    if bad:
        raise ApplicationError(ERR_CHARS.format(chars="".join(bad)), field=field)
    if not code[2:8].isdigit():
        raise ApplicationError(ERR_DIVISION, field=field)
    expected = check_char(code[:17])
    if code[17] != expected:
        raise ApplicationError(ERR_CHECK.format(expected=expected), field=field)
    return code


def is_valid(raw: str | None) -> bool:
    try:
        normalize(raw)
    except ApplicationError:
        return False
    return True


def synthetic(division: str, serial: int, *, authority: str = "9", kind: str = "1") -> str:
    """A well-formed code for test and demo data: authority, type, a 6-digit division, a 9-character
    organisation code from `serial` (its own GB 11714 check character included), the check character."""
    body8 = f"{serial % 10**8:08d}"
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    c = 11 - sum(int(d) * w for d, w in zip(body8, weights, strict=True)) % 11
    org = body8 + ("0" if c == 11 else "X" if c == 10 else str(c))
    body = f"{authority}{kind}{division}{org}"
    return body + check_char(body)
