"""Free text typed by people (names, titles, notes, import cells): one rule everywhere.

Text is normalised to NFC (so "é" typed two ways is one value in searches and uniqueness) and
refused when it holds characters that nobody types on purpose but that change how text reads:
control characters other than tab and line breaks, bidirectional overrides such as U+202E (which
make "txt.exe" read as "exe.txt"), zero-width and other invisible format characters.
Forms use `core.forms.TextField`, the API `core.schemas.Text`, imports `core.excel.read_table`:
all three call `clean_text`.
"""

from __future__ import annotations

import re
import unicodedata

ERR_BAD_CHAR = "不能包含控制字符或不可见的格式字符（发现 U+{code:04X}），请删除后重试。"

# Cc (controls) except tab, LF, CR; Cf (format: bidi embeddings/overrides/isolates, zero-width
# space/joiners, BOM, soft hyphen...); line/paragraph separators; surrogates; noncharacters.
_BAD = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2028\u2029\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f]"
)


def schema_pattern() -> str:
    """The same rule as a JSON-schema pattern for the OpenAPI document, so that clients and fuzzers
    generate only text the API accepts. BMP characters only (\\uXXXX reads the same in ECMA-262 and
    Python regular expressions); the few astral format characters are left to the server."""
    body, parts, i = _BAD.pattern[1:-1], [], 0
    while i < len(body):
        lo = hi = body[i]
        if i + 2 < len(body) and body[i + 1] == "-":
            hi, i = body[i + 2], i + 3
        else:
            i += 1
        if ord(lo) <= 0xFFFF and lo != "\ud800":  # surrogates cannot arrive in UTF-8 anyway
            parts.append(f"\\u{ord(lo):04x}" + (f"-\\u{ord(hi):04x}" if hi != lo else ""))
    return "^[^" + "".join(parts) + "]*$"


def bad_char(value: str) -> str | None:
    """The first character `clean_text` refuses, or None."""
    m = _BAD.search(value)
    return m.group() if m else None


def clean_text(value: str) -> str:
    """`value` in NFC; ValueError (a Chinese message naming the code point) when it holds a refused
    character."""
    ch = bad_char(value)
    if ch is not None:
        raise ValueError(ERR_BAD_CHAR.format(code=ord(ch)))
    if value.isascii() or unicodedata.is_normalized("NFC", value):
        return value
    return unicodedata.normalize("NFC", value)


def clean_input(value: str, *, field: str, label: str = "") -> str:
    """`clean_text` for text a service receives without a form field or schema (a hand-built
    form's inputs): an ApplicationError on `field`, prefixed with `label` when given."""
    from dangjian.core.errors import ApplicationError

    try:
        return clean_text(value)
    except ValueError as e:
        raise ApplicationError(f"{label}：{e}" if label else str(e), field=field) from None
