"""The shared mechanics of every .xlsx import (roster, meeting ledgers, ...): a dry run as one
background job, an all-or-nothing commit as a second one.

  upload_store        check the upload (core.excel.check_upload) and keep it under MEDIA_ROOT/uploads
  upload_read         read it back in a job (refused when cleaned up or changed since the dry run)
  read_sheet          the data sheet: header row found in the first 5 rows (a trailing * allowed), rows
  file_errors         a file-level ApplicationError as RowErrors (one per missing column)
  RowError            one problem: excel row number (None: the whole file), column, reason
  error_workbook      the uploaded rows again with a 错误原因 column first, bad rows highlighted
  commit_check        may this validation job be committed (own, done, error-free, not yet committed)?
  mark_committed      inside the commit's transaction: flag the validation job as committed, once
  common_path         the longest common tree path of the organisations an import touched (audit)
  import_submit       store the upload and start the dry-run job
  record_validation   a dry-run job's result, message and error workbook
  commit_submit       check (commit_check) and start the commit job
  run_commit          the commit job: read the upload again, commit, mark the validation committed

The pages (upload, result, commit) are in core.views.imports. Every import (people/imports/,
meetings/ledgers/imports.py) uses these so that none grows a second mechanism.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from dangjian.core import excel, jobs, text
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, NotFound
from dangjian.core.models import Job, JobStatus

ERROR_COLUMN = "错误原因"
ERRORS_FILE = "errors.xlsx"
MAX_SHOWN_ERRORS = 200

ERR_MISSING_COLUMN = "缺少必填列“{column}”，请使用下载的模板。"
ERR_TOO_MANY_ROWS = "数据行过多（{n}行）：一次最多导入{max}行，请分批导入。"
ERR_NOT_VALIDATED = "该文件尚未校验完成，不能导入。"
ERR_HAS_ERRORS = "校验发现{n}处错误，请修改后重新上传；未导入任何数据。"
ERR_ALREADY_COMMITTED = "该文件已经导入过，不能重复导入。"
ERR_COMMIT_INVALID = "导入前重新校验发现{n}处错误（第一处：{first}），未导入任何数据。请重新上传校验。"
ERR_UPLOAD_GONE = "上传的文件已被清理，请重新上传。"
ERR_UPLOAD_CHANGED = "上传的文件已被改动，请重新上传。"


@dataclass(slots=True)
class RowError:
    row: int | None  # None: the whole file
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}

    def text(self) -> str:
        return (f"第{self.row}行“{self.column}”：" if self.row else f"“{self.column}”：") + self.reason


def commit_invalid(errors: list[RowError]) -> ApplicationError:
    """The error a commit raises when its second validation finds problems."""
    return ApplicationError(
        ERR_COMMIT_INVALID.format(n=len(errors), first=errors[0].text()),
        extra={"errors": [e.as_dict() for e in errors[:MAX_SHOWN_ERRORS]]},
    )


# --- reading ---------------------------------------------------------------------------------------


@dataclass
class Sheet:
    """The data sheet: header cells, where each known column is (by key), and the non-empty data rows
    as (excel_row_number, cells), each padded so that `cell(row, key)` of a missing column is None."""

    headers: list[str]
    index: dict[str, int]
    rows: list[tuple[int, list]]

    def cell(self, row: list, key: str):
        j = self.index.get(key)
        return None if j is None else row[j]


def header_key(cell) -> str:
    return str(cell).strip().rstrip("*＊").strip() if cell not in (None, "") else ""


ERR_CELL_TEXT = "第{row}行“{column}”：{reason}"


def _clean_cells(n: int, names: list[str], cells: list) -> list:
    """Text cells in NFC (core.text); a refused character refuses the file, naming row and column.
    One check on the joined row first: most rows need nothing."""
    joined = "\t".join(c for c in cells if c.__class__ is str)
    if text.bad_char(joined) is None and (joined.isascii() or unicodedata.is_normalized("NFC", joined)):
        return cells
    out = []
    for j, c in enumerate(cells):
        if c.__class__ is str:
            try:
                c = text.clean_text(c)
            except ValueError as e:
                column = names[j] if j < len(names) and names[j] else f"第{j + 1}列"
                raise ApplicationError(
                    ERR_CELL_TEXT.format(row=n, column=column, reason=e), field="file"
                ) from None
        out.append(c)
    return out


def read_sheet(
    data: bytes, *, sheet: str, columns: dict[str, str], required: list[str], max_rows: int = 100_000
) -> Sheet:
    """Parse the sheet named `sheet` (else the first sheet). `columns` maps header -> key; the header
    row is the first of the first 5 rows holding every `required` header (a header may end in *).
    ApplicationError(field="file") for file-level problems; extra["columns"] names missing columns."""
    try:
        rows = excel.read_rows(data, sheet=sheet)
    except ApplicationError:  # no sheet of that name: the first sheet
        rows = excel.read_rows(data)
    if not rows:
        raise ApplicationError(excel.ERR_NO_ROWS, field="file")
    best, best_found = 0, -1
    for i in range(min(5, len(rows))):
        names = [header_key(c) for c in rows[i]]
        found = sum(1 for h in required if h in names)
        if found > best_found:
            best, best_found = i, found
        if found == len(required):
            break
    names = [header_key(c) for c in rows[best]]
    missing = [h for h in required if h not in names]
    if missing:
        raise ApplicationError(
            excel.ERR_MISSING_COLUMNS.format(columns="、".join(missing)),
            extra={"columns": missing},
            field="file",
        )
    index: dict[str, int] = {}
    for j, name in enumerate(names):
        if name in columns and columns[name] not in index:
            index[columns[name]] = j
    width = len(names)
    records = []
    for n, row in enumerate(rows[best + 1 :], start=best + 2):
        if all(c is None or c == "" for c in row):
            continue
        records.append(
            (n, _clean_cells(n, names, list(row[:width])) + [None] * (width + 1 - min(len(row), width)))
        )
    if not records:
        raise ApplicationError(excel.ERR_NO_ROWS, field="file")
    if len(records) > max_rows:
        raise ApplicationError(ERR_TOO_MANY_ROWS.format(n=len(records), max=max_rows), field="file")
    return Sheet(
        headers=[str(c) if c is not None else "" for c in rows[best]][:width], index=index, rows=records
    )


def file_errors(exc: ApplicationError) -> list[RowError]:
    missing = exc.extra.get("columns")
    if missing:
        return [RowError(None, c, ERR_MISSING_COLUMN.format(column=c)) for c in missing]
    return [RowError(None, "文件", exc.message)]


# --- uploads -------------------------------------------------------------------------------------


def upload_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def display_name(filename: str, default: str = "导入.xlsx") -> str:
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(ch for ch in name if ch.isprintable())[:100] or default


def upload_store(data: bytes) -> dict:
    """Refuse an empty / too big / non-xlsx / junk upload (ApplicationError, field "file"), else store
    it under a random name; returns the job params that find it again ({"upload", "sha256"})."""
    excel.check_upload(data)
    stored = secrets.token_hex(16) + ".xlsx"
    (upload_dir() / stored).write_bytes(data)
    return {"upload": stored, "sha256": hashlib.sha256(data).hexdigest()}


def upload_read(params: dict) -> bytes:
    """The stored upload of a job's params, refused when cleaned up or changed on disk since
    upload_store checked and stored it (its SHA-256 differs from the one recorded then)."""
    stored = str(params.get("upload", ""))
    if not stored or "/" in stored or "\\" in stored or stored.startswith("."):
        raise ApplicationError(ERR_UPLOAD_GONE)
    path = upload_dir() / stored
    if not path.is_file():
        raise ApplicationError(ERR_UPLOAD_GONE)
    data = path.read_bytes()
    digest = str(params.get("sha256", ""))
    if digest:
        if hashlib.sha256(data).hexdigest() != digest:
            raise ApplicationError(ERR_UPLOAD_CHANGED)
        # the very bytes upload_store checked before storing them: reading them needs no second scan
        excel.vouch_checked(digest)
    return data


# --- commit guard ----------------------------------------------------------------------------------


def commit_check(*, actor: Actor, validate_job: Job, validate_kind: str, commit_kind: str) -> None:
    """Only the actor's own, finished, error-free, not yet committed validation may be committed."""
    if validate_job.kind != validate_kind or validate_job.created_by_id != getattr(actor, "pk", None):
        raise NotFound()
    if validate_job.status != JobStatus.DONE:
        raise ApplicationError(ERR_NOT_VALIDATED)
    result = validate_job.result or {}
    if result.get("error_count") or result.get("file_error"):
        raise ApplicationError(ERR_HAS_ERRORS.format(n=result.get("error_count", 0)))
    commits = Job.objects.filter(kind=commit_kind, params__validate_job=validate_job.pk)
    jobs.mark_stale(commits)  # a commit whose process died wrote nothing: it does not count
    already = commits.exclude(status=JobStatus.FAILED).exists()
    if result.get("committed") or already:
        raise ApplicationError(ERR_ALREADY_COMMITTED)


def mark_committed(*, validate_job_id: int, commit_job_id: int, counts: dict) -> None:
    """Inside the commit's transaction: flag the validation as committed (refused when it already is)
    and drop the stored upload once the transaction commits."""
    locked = Job.objects.select_for_update().get(pk=validate_job_id)
    if (locked.result or {}).get("committed"):
        raise ApplicationError(ERR_ALREADY_COMMITTED)
    locked.result = {
        **(locked.result or {}),
        "committed": True,
        "commit_job": commit_job_id,
        "commit_counts": counts,
    }
    locked.save(update_fields=["result", "updated_at"])
    stored = str(locked.params.get("upload", ""))
    if stored and "/" not in stored and "\\" not in stored and not stored.startswith("."):
        path = upload_dir() / stored
        transaction.on_commit(lambda: path.unlink(missing_ok=True))


def common_path(paths: list[str]) -> str:
    """The longest common prefix of materialised paths, cut to whole 4-character steps."""
    if not paths:
        return ""
    lo, hi = min(paths), max(paths)
    n = 0
    while n < min(len(lo), len(hi)) and lo[n] == hi[n]:
        n += 1
    return lo[: n - n % 4]


# --- jobs ------------------------------------------------------------------------------------------


def import_submit(
    *, actor: Actor, data: bytes, filename: str, kind: str, title: str, default_name: str
) -> Job:
    """Refuse a bad upload before any job exists (upload_store), store it and start the dry-run job
    `kind`, titled "<title>：<file name>"."""
    params = upload_store(data)
    name = display_name(filename, default_name)
    return jobs.job_submit(
        actor=actor, kind=kind, title=f"{title}：{name}", params={**params, "filename": name}
    )


def record_validation(
    job: Job,
    *,
    rows: int,
    errors: list[RowError],
    has_sheet: bool,
    counts: dict,
    write_errors,
    error_name: str,
    ok_message: str,
    next_url: str,
) -> None:
    """Put a dry run's outcome on its job: `counts` (e.g. create / update) after the row count, the
    first errors, and when rows were read and some are bad, the error workbook (`write_errors(target)`)
    as the job's download named `error_name`."""
    error_rows = len({e.row for e in errors if e.row is not None})
    if errors and has_sheet:
        write_errors(str(jobs.job_dir(job) / ERRORS_FILE))
        job.result_file, job.result_name = ERRORS_FILE, error_name
    job.result = {
        "rows": rows,
        **counts,
        "error_count": len(errors),
        "error_rows": error_rows,
        "file_error": bool(errors) and not has_sheet,
        "errors": [e.as_dict() for e in errors[:MAX_SHOWN_ERRORS]],
        "filename": job.params.get("filename", ""),
        "committed": False,
        "next_url": next_url,
    }
    if errors:
        job.message = f"校验发现{len(errors)}处错误（涉及{error_rows}行），请下载错误报告修改后重新上传。"
    else:
        job.message = ok_message


def commit_submit(
    *, actor: Actor, validate_job: Job, validate_kind: str, commit_kind: str, title: str
) -> Job:
    """Start the commit of a validated upload (commit_check first), titled "<title>：<file name>".
    The validation row is locked while checking and starting, so of two commits sent at once (a
    double click, a retried request) exactly one is accepted."""
    with transaction.atomic():
        validate_job = Job.objects.select_for_update().get(pk=validate_job.pk)
        commit_check(
            actor=actor, validate_job=validate_job, validate_kind=validate_kind, commit_kind=commit_kind
        )
        return jobs.job_submit(
            actor=actor,
            kind=commit_kind,
            title=f"{title}：{validate_job.params.get('filename', '')}",
            params={"validate_job": validate_job.pk},
        )


def run_commit(job: Job, progress: jobs.Progress, *, validate_kind: str, commit, result_url) -> dict:
    """The body of a commit job: read the validated upload again and call
    `commit(actor=, data=, filename=, progress=, inside=)`, which marks the validation committed inside
    its transaction. Sets job.result (the counts and next_url) and returns the counts."""
    vjob = Job.objects.get(pk=job.params["validate_job"], created_by=job.created_by, kind=validate_kind)
    if (vjob.result or {}).get("committed"):
        raise ApplicationError(ERR_ALREADY_COMMITTED)
    data = upload_read(vjob.params)

    def mark(counts: dict) -> None:  # inside the import's transaction
        mark_committed(validate_job_id=vjob.pk, commit_job_id=job.pk, counts=counts)

    counts = commit(
        actor=job.created_by,
        data=data,
        filename=vjob.params.get("filename", ""),
        progress=progress,
        inside=mark,
    )
    refresh_statistics()
    job.result = {**counts, "next_url": result_url(vjob)}
    return counts


def refresh_statistics() -> None:
    """After a large import, let SQLite refresh its planner statistics where they went stale (its
    plans for the member list depend on them); PostgreSQL's autovacuum does this by itself."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA optimize")


# --- error workbook --------------------------------------------------------------------------------


def error_workbook(
    *,
    sheet: str,
    headers: list[str],
    rows: list[tuple[int, list]],
    errors: list[RowError],
    template: Sequence[excel.Column] = (),
    target=None,
) -> bytes | None:
    """The uploaded rows (excel row number, cells) again, with a 错误原因 column first and the bad
    rows highlighted. A column whose header is one of the `template` columns keeps that column's
    format, dropdown and input message, so the corrected file uploads as the template would."""
    reasons: dict[int, list[str]] = {}
    for e in errors:
        if e.row is not None:
            reasons.setdefault(e.row, []).append(f"{e.column}：{e.reason}")
    width = len(headers)
    by_header = {c.header: c for c in template}
    columns = [excel.Column(ERROR_COLUMN, width=50)] + [
        _error_column(h or f"列{j + 1}", by_header.get(header_key(h))) for j, h in enumerate(headers)
    ]
    out, highlight = [], set()
    for i, (rownum, row) in enumerate(rows, start=1):
        cells = list(row[:width]) + [None] * (width - len(row))
        cells = [_cell(c) for c in cells]
        if rownum in reasons:
            highlight.add(i)
        out.append(["；".join(reasons.get(rownum, []))] + cells)
    return excel.write_workbook(
        [excel.SheetSpec(sheet, columns, rows=out)], target=target, highlight_rows=highlight
    )


def _error_column(header: str, like: excel.Column | None) -> excel.Column:
    if like is None:
        return excel.Column(header, width=16)
    return excel.Column(
        header,
        width=max(like.width, 16),
        text=like.text,
        choices=like.choices,
        note=like.note,
        required=like.required,
    )


def _cell(value):
    if isinstance(value, dt.datetime):  # excel._write keeps only the date of a date
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != dt.time.min else value.date()
    return value if value is None or isinstance(value, (str, int, float, bool, dt.date)) else str(value)
