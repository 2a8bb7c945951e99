"""Query codes (查询码): 20 symbols of a 32-letter alphabet without look-alikes (100 bits, read in
groups of five), made by `secrets`. Only the SHA-256 of the normalised code is stored: the code
works as a bearer secret, and a leaked database does not leak it."""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
LENGTH = 20


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + 5] for i in range(0, LENGTH, 5))


def normalise(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:64]


def code_hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()
