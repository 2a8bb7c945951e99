"""Attachments of the public complaint page: refused by size before they are read, then by what
their first bytes say they are (the name alone proves nothing). Accepted: PDF, JPEG, PNG, .docx,
.xlsx and plain UTF-8 text. Executables and scripts are refused with their own message."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from dangjian.complaints import errors, rules
from dangjian.core.errors import ApplicationError

EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"#!", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa")
EXECUTABLE_EXT = {
    ".exe",
    ".dll",
    ".com",
    ".scr",
    ".msi",
    ".bat",
    ".cmd",
    ".sh",
    ".ps1",
    ".vbs",
    ".js",
    ".jar",
    ".apk",
    ".elf",
    ".bin",
    ".py",
    ".pl",
    ".php",
    ".hta",
    ".lnk",
    ".reg",
}
TYPES = {  # extension -> (content type, magic prefixes)
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".txt": ("text/plain; charset=utf-8", ()),
}


@dataclass
class CheckedFile:
    name: str
    content_type: str
    data: bytes
    sha256: str


def _safe_name(name: str) -> str:
    base = os.path.basename((name or "").replace("\\", "/")).strip() or "附件"
    return "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/|?*')[:120] or "附件"


def check_file(upload) -> CheckedFile:
    name = _safe_name(getattr(upload, "name", ""))
    limit = rules.intake()["max_file_mb"] * 1024 * 1024
    size = getattr(upload, "size", 0) or 0
    if size > limit:
        raise ApplicationError(
            errors.ERR_FILE_TOO_BIG.format(name=name, mb=limit // (1024 * 1024)), field="attachments"
        )
    if not size:
        raise ApplicationError(errors.ERR_FILE_EMPTY.format(name=name), field="attachments")
    ext = os.path.splitext(name)[1].lower()
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ApplicationError(
            errors.ERR_FILE_TOO_BIG.format(name=name, mb=limit // (1024 * 1024)), field="attachments"
        )
    if ext in EXECUTABLE_EXT or data.startswith(EXECUTABLE_MAGIC):
        raise ApplicationError(errors.ERR_FILE_EXECUTABLE.format(name=name), field="attachments")
    if ext not in TYPES:
        raise ApplicationError(errors.ERR_FILE_TYPE.format(name=name), field="attachments")
    content_type, magic = TYPES[ext]
    if magic and not data.startswith(magic):
        raise ApplicationError(errors.ERR_FILE_TYPE.format(name=name), field="attachments")
    if not magic:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ApplicationError(errors.ERR_FILE_TYPE.format(name=name), field="attachments") from None
        if "\x00" in text:
            raise ApplicationError(errors.ERR_FILE_TYPE.format(name=name), field="attachments")
    return CheckedFile(name, content_type, data, hashlib.sha256(data).hexdigest())


def check_files(uploads) -> list[CheckedFile]:
    uploads = [u for u in (uploads or []) if u is not None]
    n = rules.intake()["max_files"]
    if len(uploads) > n:
        raise ApplicationError(errors.ERR_TOO_MANY_FILES.format(n=n), field="attachments")
    return [check_file(u) for u in uploads]


def max_request_bytes() -> int:
    """What a whole submission may weigh: every attachment at its limit, and the text."""
    i = rules.intake()
    return i["max_files"] * i["max_file_mb"] * 1024 * 1024 + 256 * 1024
