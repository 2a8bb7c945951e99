"""Excel I/O shared by every ledger: safe reading of uploads (python-calamine), writing with
formula-injection escaping (XlsxWriter), import templates with text-formatted ID columns and
dropdowns, and error workbooks that repeat the rows with a 错误原因 column.

Pitfall (stack-and-security.md §0.6): an 18-digit ID typed as a number comes back as a float with
digits lost. Templates format such columns as text; readers must report numeric cells in them as
row errors (see `cell_text`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import xlsxwriter
from python_calamine import CalamineWorkbook

from dangjian.core.errors import ApplicationError

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 2000
_ESCAPE = ("=", "+", "-", "@", "\t", "\r", "\0")

ERR_EMPTY_FILE = "上传的文件是空的。"
ERR_NOT_XLSX = "文件不是 Excel 工作簿（.xlsx），请用模板另存为 .xlsx 后再上传。"
ERR_TOO_BIG = "文件太大：不能超过 {mb} MB。"
ERR_ZIP_BOMB = "文件解压后过大或包含的部件过多，已拒绝。"
ERR_UNREADABLE = "无法读取该 Excel 文件：{detail}"
ERR_NO_ROWS = "工作表中没有数据行。"
ERR_MISSING_COLUMNS = "缺少必填列：{columns}。请使用下载的模板。"


def escape(value):
    """ASVS 1.2.10: a text cell starting with = + - @ tab CR or NUL is prefixed with '."""
    if isinstance(value, str) and value.startswith(_ESCAPE):
        return "'" + value
    return value


def check_upload(data: bytes, *, max_bytes: int = MAX_UPLOAD_BYTES) -> None:
    """Refuse before parsing: empty, too large, not a zip (xlsx), or a zip bomb (ASVS 5.2.2/5.2.3)."""
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
            if "[Content_Types].xml" not in z.namelist():
                raise ApplicationError(ERR_NOT_XLSX, field="file")
    except zipfile.BadZipFile:
        raise ApplicationError(ERR_NOT_XLSX, field="file")


def read_rows(data: bytes, *, sheet: int | str = 0) -> list[list]:
    """All rows of one sheet as Python values (str, float, int, bool, date, datetime, None...)."""
    check_upload(data)
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


def read_table(data: bytes, *, required: Iterable[str], header_row: int | None = None,
               sheet: int | str = 0) -> Table:
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
        raise ApplicationError(ERR_MISSING_COLUMNS.format(columns="、".join(missing or required)), field="file")
    headers = [str(c).strip() if c not in (None, "") else "" for c in rows[header_idx]]
    records = []
    for i, row in enumerate(rows[header_idx + 1:], start=header_idx + 2):
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
    text = cell_text(value).replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
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


def write_workbook(sheets: list[SheetSpec], *, target=None, highlight_rows: set[int] | None = None) -> bytes | None:
    """Write sheets (constant memory): the header row frozen, with an autofilter over the rows when there
    are any; dates as Excel dates. Returns bytes when `target` is None, else writes to the path."""
    out = io.BytesIO() if target is None else None
    wb = xlsxwriter.Workbook(target or out, {"constant_memory": True, "strings_to_numbers": False,
                                             "strings_to_formulas": False, "strings_to_urls": False})
    head = wb.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1})
    req_head = wb.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "font_color": "#C00000"})
    title_fmt = wb.add_format({"bold": True, "font_size": 14})
    text_fmt = wb.add_format({"num_format": "@"})
    err_fmt = wb.add_format({"bg_color": "#FFC7CE"})
    dates = {(bad, timed): wb.add_format({"num_format": DATETIME_FORMAT if timed else DATE_FORMAT}
                                         | ({"bg_color": "#FFC7CE"} if bad else {}))
             for bad in (False, True) for timed in (False, True)}
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
                ws.data_validation(r0 + 1, c, r0 + 20000, c, {"validate": "list", "source": list(col.choices)})
            if col.note:
                ws.data_validation(r0 + 1, c, r0 + 20000, c, {"validate": "any", "input_message": col.note[:255]}) \
                    if not col.choices else None
        ws.freeze_panes(r0 + 1, 0)
        last = r0
        for i, row in enumerate(spec.rows, start=r0 + 1):
            bad = bool(highlight_rows and i in highlight_rows)
            fmt = err_fmt if bad else None
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    _write(ws, i, c, value, dates[bad, isinstance(value, dt.datetime)])
                else:
                    _write(ws, i, c, value, text_fmt if spec.columns[c].text and fmt is None else fmt)
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
        ws.write_string(r, c, str(escape(str(value))), fmt)


def content_disposition(filename: str) -> str:
    """RFC 6266 with a UTF-8 name (ASVS 5.4.2), for Chinese file names."""
    from urllib.parse import quote

    ascii_name = "".join(ch if ord(ch) < 128 and ch not in '"\\' else "_" for ch in filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
