"""Excel I/O shared by every ledger: safe reading of uploads (python-calamine), writing with
formula-injection escaping (XlsxWriter), import templates with text-formatted ID columns and
dropdowns, and error workbooks that repeat the rows with a 错误原因 column.

Pitfall (stack-and-security.md §0.6): an 18-digit ID typed as a number comes back as a float with
digits lost. Templates format such columns as text; readers must report numeric cells in them as
row errors (see `cell_text`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import posixpath
import re
import threading
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import xlsxwriter
from python_calamine import CalamineWorkbook

from dangjian.core.errors import ApplicationError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
# What the reader may allocate: calamine builds a dense grid of the sheet's bounding box (and reserves
# the declared <dimension> up front), so both are checked, in a streaming pass, before it runs.
MAX_ROWS = 100_010  # the largest import (100,000 data rows) plus a title and a header row
MAX_COLUMNS = 200
MAX_CELLS = 4_000_000
_SCAN_CHUNK = 1 << 20
_ESCAPE = ("=", "+", "-", "@", "\t", "\r", "\0")

ERR_EMPTY_FILE = "上传的文件是空的。"
ERR_NOT_XLSX = "文件不是 Excel 工作簿（.xlsx），请用模板另存为 .xlsx 后再上传。"
ERR_TOO_BIG = "文件太大：不能超过 {mb} MB。"
ERR_ZIP_BOMB = "文件解压后过大或包含的部件过多，已拒绝。"
ERR_UNREADABLE = "无法读取该 Excel 文件：{detail}"
ERR_NO_ROWS = "工作表中没有数据行。"
ERR_MISSING_COLUMNS = "缺少必填列：{columns}。请使用下载的模板。"
ERR_SHEET_ROWS = "工作表行数过多：一次最多导入{max}行，请分批导入。"
ERR_SHEET_COLUMNS = "工作表列数过多：最多{max}列，请使用下载的模板。"
ERR_SHEET_AREA = "工作表的数据范围过大（{ref}），请把数据复制到下载的模板中再上传。"


def needs_quote(value) -> bool:
    """ASVS 1.2.10: a text cell starting with = + - @ tab CR or NUL could be taken for a formula.
    Such cells are written as text strings with Excel's quote prefix (a cell style, not part of the
    value): the cell holds exactly what was typed, shows no apostrophe, and stays text when edited."""
    return isinstance(value, str) and value.startswith(_ESCAPE)


def upload_bytes(upload, *, max_bytes: int = MAX_UPLOAD_BYTES) -> bytes:
    """The content of an uploaded file, refused by its size before anything is read into memory."""
    if upload is None or not upload.size:
        raise ApplicationError(ERR_EMPTY_FILE, field="file")
    if upload.size > max_bytes:
        raise ApplicationError(ERR_TOO_BIG.format(mb=max_bytes // (1024 * 1024)), field="file")
    return upload.read()


# The uploads that passed check_upload lately, by SHA-256 and limits: an import checks its upload when it
# is stored and reads it again in its jobs (up to three times), byte for byte the same; the scan
# (about a second at 50,000 rows) need not be repeated for the same bytes. In-process memory only,
# bounded; a miss just checks again.
_PASSED: dict[tuple, None] = {}
_PASSED_MAX = 16
_PASSED_LOCK = threading.Lock()


def _passed_key(digest: bytes, max_bytes: int, max_rows: int) -> tuple:
    return (digest, max_bytes, max_rows, MAX_UNPACKED_BYTES, MAX_ZIP_ENTRIES, MAX_COLUMNS, MAX_CELLS)


def _remember_passed(key: tuple) -> None:
    with _PASSED_LOCK:
        _PASSED.pop(key, None)
        _PASSED[key] = None
        while len(_PASSED) > _PASSED_MAX:
            del _PASSED[next(iter(_PASSED))]


def vouch_checked(sha256_hex: str) -> None:
    """Record that content with this SHA-256 passed `check_upload` with the default limits: for
    core.imports.upload_read, which has just verified that a stored upload is byte for byte the file
    that upload_store checked (and recorded the digest of) before storing it. A job run in another
    process (`dangjian run_jobs`) then reads it without scanning it again."""
    _remember_passed(_passed_key(bytes.fromhex(sha256_hex), MAX_UPLOAD_BYTES, MAX_ROWS))


def check_upload(data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES, max_rows: int = MAX_ROWS) -> None:
    """Refuse before parsing: empty, too large, not a zip (xlsx), a zip bomb (ASVS 5.2.2/5.2.3), or a
    worksheet whose declared or real extent is beyond the caps (`check_sheets`). Content that passed
    with the same limits a moment ago (same SHA-256, see _PASSED) passes without a second scan."""
    if not data or len(data) > max_bytes:  # refused by its size before it is even hashed
        _check_upload(data, max_bytes=max_bytes, max_rows=max_rows)
    key = _passed_key(hashlib.sha256(data).digest(), max_bytes, max_rows)
    if key in _PASSED:
        return
    _check_upload(data, max_bytes=max_bytes, max_rows=max_rows)
    _remember_passed(key)


def _check_upload(data: bytes, *, max_bytes: int, max_rows: int) -> None:
    if not data:
        raise ApplicationError(ERR_EMPTY_FILE, field="file")
    if len(data) > max_bytes:
        raise ApplicationError(ERR_TOO_BIG.format(mb=max_bytes // (1024 * 1024)), field="file")
    if not data.startswith(b"PK\x03\x04"):
        raise ApplicationError(ERR_NOT_XLSX, field="file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > MAX_ZIP_ENTRIES or sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
                raise ApplicationError(ERR_ZIP_BOMB, field="file")
            names = set(z.namelist())
            # calamine opens xl/workbook.xml as .xlsx; a binary workbook (.xlsb) is not scanned: refused.
            if (
                "[Content_Types].xml" not in names
                or "xl/workbook.xml" not in names
                or "xl/workbook.bin" in names
            ):
                raise ApplicationError(ERR_NOT_XLSX, field="file")
            check_sheets(z, max_rows=max_rows)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise ApplicationError(ERR_NOT_XLSX, field="file")


_REL = re.compile(rb"<(?:\w+:)?Relationship\b[^>]*>")
_REL_TYPE = re.compile(rb"\bType=\"([^\"]*)\"")
_REL_TARGET = re.compile(rb"\bTarget=\"([^\"]*)\"")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*?\bref=\"([^\"]*)\"")
# Fast path: plain patterns for the way every writer saves cells and rows (` r="B12"`, ` r="12"`),
# used only when the tag counts show that every row and cell of the chunk was written that way;
# otherwise the chunk takes the exact path, tag by tag.
_NUMBER = re.compile(rb' r="[A-Za-z]*(\d+)"')  # of a row (r="12") or a cell (r="B12")
_COLUMN = re.compile(rb' r="([A-Za-z]+)\d')
_ROW_OR_CELL = re.compile(rb"<(?:\w+:)?(row|c)(?=[\s>/])[^>]*")
_TAG_ROW = re.compile(rb'\sr="(\d+)"')
_TAG_CELL = re.compile(rb'\sr="([A-Za-z]+)(\d+)"')
_REF = re.compile(r"([A-Za-z]{1,3})(\d+)")


def worksheet_parts(z: zipfile.ZipFile) -> list[str]:
    """The zip entries of the workbook's worksheets, as its relationships name them."""
    try:
        info = z.getinfo("xl/_rels/workbook.xml.rels")
    except KeyError:
        return []
    if info.file_size > _SCAN_CHUNK:
        raise ApplicationError(ERR_NOT_XLSX, field="file")
    parts = []
    for tag in _REL.findall(z.read(info)):
        kind, target = _REL_TYPE.search(tag), _REL_TARGET.search(tag)
        if kind and target and kind.group(1).endswith(b"/worksheet"):
            path = target.group(1).decode("utf-8", "replace").lstrip("/")
            found = {posixpath.normpath(p) for p in (path, posixpath.join("xl", path))} & set(z.NameToInfo)
            if not found:  # a sheet the reader might find where this scan does not look
                raise ApplicationError(ERR_NOT_XLSX, field="file")
            parts.extend(sorted(found))
    return parts


def column_number(letters: str | bytes) -> int:
    n = 0
    for ch in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        n = n * 26 + ord(ch) - 64
    return n


def check_sheets(z: zipfile.ZipFile, *, max_rows: int = MAX_ROWS) -> None:
    """Every worksheet's declared <dimension> and real extent (row and cell references, counting rows
    and cells written without one) within max_rows x MAX_COLUMNS and MAX_CELLS, streamed 1 MB at a
    time: a sheet that declares or uses a huge range, or a million rows, is refused after reading
    only as far as the first cell beyond the caps."""
    for part in worksheet_parts(z):
        with z.open(part) as stream:
            _check_sheet(stream, max_rows=max_rows)


def _check_extent(rows: int, columns: int, max_rows: int, ref: str = "") -> None:
    if ref and (rows > max_rows or columns > MAX_COLUMNS or rows * columns > MAX_CELLS):
        raise ApplicationError(ERR_SHEET_AREA.format(ref=ref[:40]), field="file")
    if rows > max_rows:
        raise ApplicationError(ERR_SHEET_ROWS.format(max=max_rows), field="file")
    if columns > MAX_COLUMNS:
        raise ApplicationError(ERR_SHEET_COLUMNS.format(max=MAX_COLUMNS), field="file")
    if rows * columns > MAX_CELLS:
        raise ApplicationError(ERR_SHEET_AREA.format(ref=f"{rows}行×{columns}列"), field="file")


def _check_dimension(ref: bytes, max_rows: int) -> None:
    text = ref.decode("ascii", "replace")
    found = [_REF.fullmatch(c) for c in text.split(":")]
    corners = [m for m in found if m is not None]
    if len(corners) < len(found):
        return  # not a range calamine can use either
    rows = max(int(m.group(2)) for m in corners)
    columns = max(column_number(m.group(1)) for m in corners)
    _check_extent(rows, columns, max_rows, ref=text)


def _count_cells(part: bytes) -> int:
    """At least the opening cell tags, however written (<c, <x:c); <col, <cols and text count too,
    which only sends the chunk to the exact path."""
    return part.count(b"<c") + part.count(b":c")


def _check_sheet(stream, *, max_rows: int) -> None:
    carry, seen_dimension = b"", False
    max_row = max_column = 0
    row = column = 0  # where the last row and cell went (for rows and cells written without r)
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        buf = carry + chunk
        cut = buf.rfind(b">") + 1 if chunk else len(buf)
        part, carry = buf[:cut], buf[cut:]
        if len(carry) > _SCAN_CHUNK:  # one tag longer than 1 MB: no real sheet has that
            raise ApplicationError(ERR_NOT_XLSX, field="file")
        if not seen_dimension and b"dimension" in part and (m := _DIMENSION.search(part)):
            seen_dimension = True
            _check_dimension(m.group(1), max_rows)
        numbers, columns = _NUMBER.findall(part), _COLUMN.findall(part)
        rows = part.count(b"<row") + part.count(b":row")
        if rows == len(numbers) - len(columns) and _count_cells(part) == len(
            columns
        ):  # counts are upper bounds
            if numbers:
                row = max(map(int, set(numbers)))
                max_row = max(max_row, row)
            if columns:
                max_column = max(max_column, max(map(column_number, set(columns))))
        else:
            for m in _ROW_OR_CELL.finditer(part):
                tag = m.group(0)
                if m.group(1) == b"row":
                    ref = _TAG_ROW.search(tag)
                    row, column = (int(ref.group(1)) if ref else row + 1), 0
                else:
                    ref = _TAG_CELL.search(tag)
                    column = column_number(ref.group(1)) if ref else column + 1
                    max_row = max(max_row, int(ref.group(2)) if ref else row)
                max_row, max_column = max(max_row, row), max(max_column, column)
        _check_extent(max_row, max_column, max_rows)
        if not chunk:
            return


def read_rows(data: bytes, *, sheet: int | str = 0, max_rows: int = MAX_ROWS) -> list[list]:
    """All rows of one sheet as Python values (str, float, int, bool, date, datetime, None...), once
    `check_upload` has bounded what reading them allocates."""
    check_upload(data, max_rows=max_rows)
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        ws = wb.get_sheet_by_index(sheet) if isinstance(sheet, int) else wb.get_sheet_by_name(sheet)
        return ws.to_python(skip_empty_area=False)
    except ApplicationError:
        raise
    except Exception as e:  # noqa: BLE001 - calamine raises several types for corrupt files
        raise ApplicationError(ERR_UNREADABLE.format(detail=str(e)[:100]), field="file")


@dataclass
class Table:
    """Rows of a sheet with a header row: `records` are (excel_row_number, {header: value})."""

    headers: list[str]
    records: list[tuple[int, dict]]


def read_table(
    data: bytes, *, required: Iterable[str], header_row: int | None = None, sheet: int | str = 0
) -> Table:
    """Find the header row (the first row containing every required column, within the first 5
    rows, so a template's title or instruction row is skipped), then return the data rows."""
    rows = read_rows(data, sheet=sheet)
    required = list(required)
    candidates = [header_row] if header_row is not None else range(min(5, len(rows)))
    header_idx = None
    for i in candidates:
        names = [str(c).strip() if c not in (None, "") else "" for c in rows[i]] if i < len(rows) else []
        if all(r in names for r in required):
            header_idx = i
            break
    if header_idx is None:
        first = [str(c).strip() for c in rows[0]] if rows else []
        missing = [r for r in required if r not in first]
        raise ApplicationError(
            ERR_MISSING_COLUMNS.format(columns="、".join(missing or required)), field="file"
        )
    headers = [str(c).strip() if c not in (None, "") else "" for c in rows[header_idx]]
    records = []
    for i, row in enumerate(rows[header_idx + 1 :], start=header_idx + 2):
        if all(c in (None, "") for c in row):
            continue
        records.append((i, {h: (row[j] if j < len(row) else None) for j, h in enumerate(headers) if h}))
    if not records:
        raise ApplicationError(ERR_NO_ROWS, field="file")
    return Table(headers=headers, records=records)


def cell_text(value) -> str:
    """A cell as text. Floats that are whole numbers lose their '.0'; a float with an exponent
    (an ID typed as a number) is returned as Excel showed it, so validators can name the problem."""
    if value is None:
        return ""
    if isinstance(value, float):
        if abs(value) >= 1e15:
            return f"{value:.14E}".replace("E+0", "E+")
        if value.is_integer():
            return str(int(value))
    if isinstance(value, (dt.datetime, dt.date)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip()


def cell_date(value) -> dt.date | None:
    """A date cell: a real Excel date, or text like 2023-01-05 / 2023/1/5 / 2023.1.5 / 20230105."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = (
        cell_text(value)
        .replace("/", "-")
        .replace(".", "-")
        .replace("年", "-")
        .replace("月", "-")
        .rstrip("日")
    )
    if len(text) == 8 and text.isdigit():
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    try:
        y, m, d = (int(x) for x in text.split("-"))
        return dt.date(y, m, d)
    except ValueError:
        raise ValueError(f"日期格式不正确：“{cell_text(value)}”，应为 2023-01-05")


@dataclass
class Column:
    header: str
    width: int = 14
    text: bool = False  # format as text (@): ID numbers, phones
    choices: Sequence[str] | None = None  # dropdown
    note: str = ""  # input message
    required: bool = False


@dataclass
class SheetSpec:
    name: str
    columns: list[Column]
    title: str = ""
    rows: Iterable[Sequence] = field(default_factory=list)


def write_workbook(
    sheets: list[SheetSpec], *, target=None, highlight_rows: set[int] | None = None
) -> bytes | None:
    """Write sheets (constant memory): the header row frozen, with an autofilter over the rows when there
    are any; dates as Excel dates. Returns bytes when `target` is None, else writes to the path."""
    out = io.BytesIO() if target is None else None
    wb = xlsxwriter.Workbook(
        target or out,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    head = wb.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    req_head = wb.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "font_color": "#C00000"})
    title_fmt = wb.add_format({"bold": True, "font_size": 14})
    text_fmt = wb.add_format({"num_format": "@"})
    err_fmt = wb.add_format({"bg_color": "#FFC7CE"})
    quoted = {
        None: wb.add_format({"quote_prefix": True}),
        text_fmt: wb.add_format({"num_format": "@", "quote_prefix": True}),
        err_fmt: wb.add_format({"bg_color": "#FFC7CE", "quote_prefix": True}),
    }
    dates = {
        (bad, timed): wb.add_format(
            {"num_format": DATETIME_FORMAT if timed else DATE_FORMAT}
            | ({"bg_color": "#FFC7CE"} if bad else {})
        )
        for bad in (False, True)
        for timed in (False, True)
    }
    for spec in sheets:
        ws = wb.add_worksheet(spec.name[:31])
        r0 = 0
        if spec.title:
            ws.write_string(0, 0, spec.title, title_fmt)
            r0 = 1
        for c, col in enumerate(spec.columns):
            ws.set_column(c, c, col.width, text_fmt if col.text else None)
            ws.write_string(r0, c, col.header, req_head if col.required else head)
            if col.choices:
                ws.data_validation(
                    r0 + 1, c, r0 + 20000, c, {"validate": "list", "source": list(col.choices)}
                )
            if col.note:
                ws.data_validation(
                    r0 + 1, c, r0 + 20000, c, {"validate": "any", "input_message": col.note[:255]}
                ) if not col.choices else None
        ws.freeze_panes(r0 + 1, 0)
        last = r0
        for i, row in enumerate(spec.rows, start=r0 + 1):
            bad = bool(highlight_rows and i in highlight_rows)
            fmt = err_fmt if bad else None
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    _write(ws, i, c, value, dates[bad, isinstance(value, dt.datetime)])
                else:
                    cell_fmt = text_fmt if spec.columns[c].text and fmt is None else fmt
                    _write(ws, i, c, value, quoted[cell_fmt] if needs_quote(value) else cell_fmt)
            last = i
        if last > r0:
            ws.autofilter(r0, 0, last, len(spec.columns) - 1)
    wb.close()
    return out.getvalue() if out is not None else None


DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def _write(ws, r, c, value, fmt):
    if value is None or value == "":
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(r, c, "是" if value else "否", fmt)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        ws.write_number(r, c, value, fmt)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(r, c, value.replace(tzinfo=None), fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, value, fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


def content_disposition(filename: str) -> str:
    """RFC 6266 with a UTF-8 name (ASVS 5.4.2), for Chinese file names."""
    from urllib.parse import quote

    ascii_name = "".join(ch if ord(ch) < 128 and ch not in '"\\' else "_" for ch in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
