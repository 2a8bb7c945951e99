"""Pure rules for a person's stored fields, shared by the services and the roster import: the phone
format and its masked form, the pinyin sort key of a name, the columns that store an ID number."""

from __future__ import annotations

import functools
import re

from pypinyin import Style
from pypinyin.constants import PHRASES_DICT, PINYIN_DICT
from pypinyin.converter import UltimateConverter
from pypinyin.core import Pinyin

from dangjian.core import crypto, idnumber

PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


def phone_valid(phone: str) -> bool:
    """An 11-digit mobile number or a landline with its area code (the dash is optional)."""
    return PHONE.match(phone) is not None


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def phone_fields(phone: str) -> dict:
    """The stored columns of a (valid or empty) phone number: ciphertext and masked form."""
    return {
        "phone_enc": crypto.encrypt(phone) if phone else "",
        "phone_masked": mask_phone(phone) if phone else "",
    }


class _StyleCache(UltimateConverter):
    """pypinyin's converter of `lazy_pinyin` (no v_to_u, no tone sandhi), remembering the style
    conversion of each character's reading: about half of its cost, and a roster has a few thousand
    distinct characters but tens of thousands of distinct names."""

    @functools.lru_cache(maxsize=16384)  # noqa: B019 (one instance, kept for the process)
    def convert_style(self, han, orig_pinyin, style, strict, **kwargs):
        return super().convert_style(han, orig_pinyin, style, strict, **kwargs)


_PINYIN = Pinyin(_StyleCache())


@functools.lru_cache(maxsize=65536)  # names repeat (王伟, 李娜...)
def pinyin_key(name: str) -> str:
    """The sort key of a name: its pinyin without tones, lower case (as pypinyin.lazy_pinyin)."""
    if len(name) > 1 and _read_per_character(name):
        return " ".join(map(pinyin_key, name))  # the same result, from the characters' cached keys
    return " ".join(_PINYIN.lazy_pinyin(name, style=Style.NORMAL, errors="default")).lower()


def _read_per_character(name: str) -> bool:
    """Whether pypinyin reads `name` one character at a time, each as on its own: every character
    has a reading and no run of them is an entry of its phrase dictionary (only such an entry is read
    as a whole; any other segment is read character by character)."""
    if any(ord(c) not in PINYIN_DICT for c in name):
        return False
    n = len(name)
    return not any(name[i:j] in PHRASES_DICT for i in range(n) for j in range(i + 1, n + 1))


def protected_id_fields(number: str, bidx: str = "") -> dict:
    """Columns that store an ID number: ciphertext, blind index (`bidx` when already known), masked
    form, tail for search, and the birth date and gender derived from it."""
    return {
        "id_enc": crypto.encrypt(number),
        "id_bidx": bidx or crypto.blind_index(number),
        "id_masked": idnumber.mask(number),
        "id_tail": number[-6:],
        "id_last4": number[-4:],
        "birth_date": idnumber.birth_date(number),
        "gender": idnumber.gender(number),
    }
