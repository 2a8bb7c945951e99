"""Checks of a problem's attachment: size, an allowed type, and bytes that match the extension.
The same rules as the meetings' attachments (meetings/services/meetings.py); areas do not import
each other, so the few lines are repeated here (a candidate for core when a third area needs it)."""

from __future__ import annotations

import io
import os
import zipfile

from dangjian.core.errors import ApplicationError
from dangjian.problems import errors

MAX_BYTES = 20 * 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
}
ACCEPT = ",".join(f".{ext}" for ext in TYPES)


def _ooxml_has(data: bytes, part: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and part in names


def _content_matches(ext: str, data: bytes) -> bool:
    if ext == "pdf":
        return data.startswith(b"%PDF-")
    if ext in ("doc", "xls"):
        return data.startswith(OLE2)
    if ext == "docx":
        return data.startswith(b"PK\x03\x04") and _ooxml_has(data, "word/document.xml")
    if ext == "xlsx":
        return data.startswith(b"PK\x03\x04") and _ooxml_has(data, "xl/workbook.xml")
    if ext == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    return False


def check(*, name: str, data: bytes) -> tuple[str, str]:
    """(clean display name, content type), or ApplicationError(field="file")."""
    clean = os.path.basename((name or "").replace("\\", "/")).strip().replace("\x00", "")[-200:] or "附件"
    ext = clean.rsplit(".", 1)[-1].lower() if "." in clean else ""
    if not data:
        raise ApplicationError(errors.ERR_ATTACHMENT_EMPTY, field="file")
    if len(data) > MAX_BYTES:
        raise ApplicationError(errors.ERR_ATTACHMENT_SIZE.format(mb=MAX_BYTES // (1024 * 1024)), field="file")
    if ext not in TYPES:
        raise ApplicationError(errors.ERR_ATTACHMENT_TYPE, field="file")
    if not _content_matches(ext, data):
        raise ApplicationError(errors.ERR_ATTACHMENT_MISMATCH.format(ext=ext), field="file")
    return clean, TYPES[ext]
