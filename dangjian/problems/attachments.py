"""Checks of a problem's attachment (core.attachments): PDF, Word, Excel and photos (no GIF or
WebP: evidence of rectification is a document or a photo)."""

from __future__ import annotations

from dangjian.core import attachments

MAX_BYTES = attachments.MAX_BYTES
TYPES = {ext: t for ext, t in attachments.TYPES.items() if ext not in ("gif", "webp")}
ACCEPT = ",".join(f".{ext}" for ext in TYPES)


def check(*, name: str, data: bytes) -> tuple[str, str]:
    """(clean display name, content type), or ApplicationError(field="file")."""
    return attachments.check(name=name, data=data, types=TYPES, max_bytes=MAX_BYTES)
