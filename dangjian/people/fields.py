"""Pure rules for a person's stored fields, shared by the services and the roster import: the phone
format and its masked form, the pinyin sort key of a name, the columns that store an ID number."""

from __future__ import annotations

import functools
import re

from pypinyin import Style, lazy_pinyin

from dangjian.core import crypto, idnumber

PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8})$")


def phone_valid(phone: str) -> bool:
    """An 11-digit mobile number or a landline with its area code (the dash is optional)."""
    return PHONE.match(phone) is not None


def mask_phone(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 8 else "****"


def phone_fields(phone: str) -> dict:
    """The stored columns of a (valid or empty) phone number: ciphertext and masked form."""
    return {"phone_enc": crypto.encrypt(phone) if phone else "", "phone_masked": mask_phone(phone) if phone else ""}


@functools.lru_cache(maxsize=65536)  # names repeat (王伟, 李娜...); pypinyin costs ~30 µs a name
def pinyin_key(name: str) -> str:
    return " ".join(lazy_pinyin(name, style=Style.NORMAL, errors="default")).lower()


def protected_id_fields(number: str) -> dict:
    """Columns that store an ID number: ciphertext, blind index, masked form, tail for search,
    and the birth date and gender derived from it."""
    return {
        "id_enc": crypto.encrypt(number), "id_bidx": crypto.blind_index(number),
        "id_masked": idnumber.mask(number), "id_tail": number[-6:], "id_last4": number[-4:],
        "birth_date": idnumber.birth_date(number), "gender": idnumber.gender(number),
    }
