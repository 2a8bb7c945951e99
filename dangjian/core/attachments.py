"""Attachments of records (a meeting's minutes, a problem's evidence...): the display name kept
from the user's file name, and the checks every area applies before storing one: not empty, not
above the size limit, an allowed type, and first bytes (or, for .docx/.xlsx, zip parts) that match
the extension, so a renamed executable is refused. The files themselves are stored by each area
under MEDIA_ROOT/<area>/<record id>/<random name>; the user's name is never a path.

The public complaint page has its own, stricter policy (complaints/uploads.py: per-file messages,
executables named, plain text accepted)."""

from __future__ import annotations

import io
import os
import zipfile

from dangjian.core.errors import ApplicationError

MAX_BYTES = 20 * 1024 * 1024
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
TYPES = {  # extension -> content type
    "pdf": "application/pdf",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
}

ERR_SIZE = "附件不能超过{mb} MB。"
ERR_TYPE = "附件类型不允许：只接受 PDF、Word、Excel、图片。"
ERR_EMPTY = "附件为空文件。"
ERR_MISMATCH = "附件内容与扩展名“{ext}”不符（文件可能已损坏或被改名）。"


def clean_name(name: str) -> str:
    """The last path component of an uploaded file's name, without NULs, at most 200 characters."""
    return os.path.basename((name or "").replace("\\", "/")).strip().replace("\x00", "")[-200:] or "附件"


def _ooxml_has(data: bytes, part: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" in names and part in names


def content_matches(ext: str, data: bytes) -> bool:
    """Whether the bytes are what the extension says."""
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
    if ext == "gif":
        return data[:6] in (b"GIF87a", b"GIF89a")
    if ext == "webp":
        return data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    return False


def check(
    *, name: str, data: bytes, types: dict[str, str] = TYPES, max_bytes: int = MAX_BYTES
) -> tuple[str, str]:
    """(clean display name, content type) of an acceptable upload; ApplicationError(field="file")
    when empty, too big, of a type not in `types`, or when the bytes do not match the extension."""
    clean = clean_name(name)
    ext = clean.rsplit(".", 1)[-1].lower() if "." in clean else ""
    if not data:
        raise ApplicationError(ERR_EMPTY, field="file")
    if len(data) > max_bytes:
        raise ApplicationError(ERR_SIZE.format(mb=max_bytes // (1024 * 1024)), field="file")
    if ext not in types:
        raise ApplicationError(ERR_TYPE, field="file")
    if not content_matches(ext, data):
        raise ApplicationError(ERR_MISMATCH.format(ext=ext), field="file")
    return clean, types[ext]
