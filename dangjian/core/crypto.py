"""Field protection with 国密 algorithms: SM4-GCM for confidentiality and integrity, HMAC-SM3 for
a blind index (exact lookup and uniqueness without decrypting). Keys live outside the database
(settings.FIELD_KEYS / BLIND_INDEX_KEY); each ciphertext carries the id of the key it used."""

from __future__ import annotations

import base64
import functools
import hashlib
import os

from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings


@functools.cache
def _key(key_id: str) -> bytes:
    # SM4 takes a 128-bit key; derive it from the configured secret.
    return hashlib.sha256(("sm4:" + settings.FIELD_KEYS[key_id]).encode()).digest()[:16]


@functools.cache
def _algorithm(key_id: str) -> algorithms.SM4:
    return algorithms.SM4(_key(key_id))


@functools.cache
def _index_hmac() -> hmac.HMAC:
    return hmac.HMAC(hashlib.sha256(("idx:" + settings.BLIND_INDEX_KEY).encode()).digest(), hashes.SM3())


_GCM = modes.GCM  # looked up once: `modes` is a module proxy whose attribute access is slow


def encrypt(plaintext: str) -> str:
    key_id = settings.FIELD_KEY_CURRENT
    nonce = os.urandom(12)
    enc = Cipher(_algorithm(key_id), _GCM(nonce)).encryptor()
    data = enc.update(plaintext.encode()) + enc.finalize()
    return f"{key_id}:" + base64.b64encode(nonce + enc.tag + data).decode()


def decrypt(token: str) -> str:
    key_id, b64 = token.split(":", 1)
    raw = base64.b64decode(b64)
    nonce, tag, data = raw[:12], raw[12:28], raw[28:]
    dec = Cipher(_algorithm(key_id), _GCM(nonce, tag)).decryptor()
    return (dec.update(data) + dec.finalize()).decode()


def blind_index(value: str) -> str:
    h = _index_hmac().copy()
    h.update(value.encode())
    return h.finalize().hex()
