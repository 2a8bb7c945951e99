"""One-sheet registry imports (initiatives, parks and enterprises, village cadres, internship posts):
a row of the sheet is one record. Built on core.imports (dry run as a job, all-or-nothing commit as a
second job, error workbook) so a registry describes only its columns, how a row is read and how the
read rows are written:

    REGISTRY_IMPORT = TableImport(
        name="initiatives.registry", label="支部特色工作", sheet="支部特色工作",
        columns=[TableColumn("kind", "类型", required=True, choices=[...]), ...],
        parse=parse_rows,      # (actor, rows: [(excel_row, {key: cell})]) -> (plans, [RowError])
        write=write_plans,     # (actor, plans) -> {"created": n}, called inside the transaction
        may_import=lambda actor: ...,
        result_url="initiatives:import_result", notes=[...], example={...},
    )

`parse` must not write; `write` runs in the commit's transaction after a second `parse` of the same
upload, so nothing is written unless every row is valid (and nothing at all on any error).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse

from dangjian.core import audit, excel, jobs
from dangjian.core import imports as core_imports
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.models import AuditAction, Job
from dangjian.core.views.imports import ImportFlow

Row = tuple[int, dict[str, Any]]
ERR_NO_RIGHT = "您没有导入该名录的权限。"


@dataclass(frozen=True)
class TableColumn:
    key: str
    header: str
    required: bool = False
    note: str = ""
    choices: Sequence[str] | None = None
    text: bool = False
    width: int = 16


@dataclass
class Outcome:
    rows: int
    plans: list
    errors: list[core_imports.RowError]
    sheet: core_imports.Sheet | None


@dataclass
class TableImport:
    name: str  # "<app>.<what>": the job kinds are "<name>_validate" and "<name>_commit"
    label: str  # what is imported, e.g. "支部特色工作"
    sheet: str
    columns: list[TableColumn]
    parse: Callable[[Actor, list[Row]], tuple[list, list[core_imports.RowError]]]
    write: Callable[[Actor, list], dict]
    may_import: Callable[[Actor], bool]
    result_url: str  # URL name of the dry-run result page (takes the job id)
    object_type: str  # audit object type of the import row, e.g. "initiatives.initiative"
    notes: list[str] = field(default_factory=list)
    example: dict[str, str] = field(default_factory=dict)
    max_rows: int = 20_000

    def __post_init__(self) -> None:
        jobs.job_handler(self.validate_kind)(self._validate_job)
        jobs.job_handler(self.commit_kind)(self._commit_job)

    @property
    def validate_kind(self) -> str:
        return f"{self.name}_validate"

    @property
    def commit_kind(self) -> str:
        return f"{self.name}_commit"

    # --- reading and checking ---------------------------------------------------------------------

    def read(self, *, actor: Actor, data: bytes) -> Outcome:
        try:
            sheet = core_imports.read_sheet(
                data,
                sheet=self.sheet,
                columns={c.header: c.key for c in self.columns},
                required=[c.header for c in self.columns if c.required],
                max_rows=self.max_rows,
            )
        except ApplicationError as e:
            return Outcome(0, [], core_imports.file_errors(e), None)
        rows = [(n, {c.key: sheet.cell(cells, c.key) for c in self.columns}) for n, cells in sheet.rows]
        plans, errors = self.parse(actor, rows)
        return Outcome(len(rows), plans if not errors else [], errors, sheet)

    def _require(self, actor: Actor) -> None:
        if not self.may_import(actor):
            raise Forbidden(ERR_NO_RIGHT)

    def commit(self, *, actor: Actor, data: bytes, filename: str = "", progress=None, inside=None) -> dict:
        """Check every row again, then write them all in one transaction (or nothing)."""
        self._require(actor)
        outcome = self.read(actor=actor, data=data)
        if outcome.errors:
            raise core_imports.commit_invalid(outcome.errors)
        with transaction.atomic():
            counts = {"rows": outcome.rows, **self.write(actor, outcome.plans)}
            audit.record(
                actor=actor,
                action=AuditAction.IMPORT,
                object_type=self.object_type,
                object_repr=f"{self.label}导入 {filename}"[:200],
                changes={k: [None, v] for k, v in counts.items()} | {"file": [None, filename[:100]]},
            )
            if inside is not None:
                inside(counts)
        return counts

    # --- jobs ------------------------------------------------------------------------------------

    def submit(self, *, actor: Actor, data: bytes, filename: str) -> Job:
        self._require(actor)
        return core_imports.import_submit(
            actor=actor,
            data=data,
            filename=filename,
            kind=self.validate_kind,
            title=f"{self.label}导入校验",
            default_name=f"{self.label}.xlsx",
        )

    def commit_submit(self, *, actor: Actor, validate_job: Job) -> Job:
        return core_imports.commit_submit(
            actor=actor,
            validate_job=validate_job,
            validate_kind=self.validate_kind,
            commit_kind=self.commit_kind,
            title=f"{self.label}导入",
        )

    def _result_url(self, job: Job) -> str:
        return reverse(self.result_url, args=[job.pk])

    def _validate_job(self, job: Job, progress: jobs.Progress) -> None:
        data = core_imports.upload_read(job.params)
        outcome = self.read(actor=job.created_by, data=data)
        sheet = outcome.sheet
        core_imports.record_validation(
            job,
            rows=outcome.rows,
            errors=outcome.errors,
            has_sheet=sheet is not None,
            counts={"create": len(outcome.plans)},
            write_errors=lambda target: core_imports.error_workbook(
                sheet=self.sheet,
                headers=sheet.headers if sheet else [],
                rows=sheet.rows if sheet else [],
                errors=outcome.errors,
                template=self.template_columns(),
                target=target,
            ),
            error_name=f"{self.label}导入错误报告.xlsx",
            ok_message=f"校验通过：共{outcome.rows}行，将新增{len(outcome.plans)}条{self.label}。",
            next_url=self._result_url(job),
        )

    def _commit_job(self, job: Job, progress: jobs.Progress) -> None:
        counts = core_imports.run_commit(
            job,
            progress,
            validate_kind=self.validate_kind,
            commit=self.commit,
            result_url=self._result_url,
        )
        job.message = f"导入完成：新增{counts.get('created', 0)}条{self.label}。"

    # --- template --------------------------------------------------------------------------------

    def template_columns(self) -> list[excel.Column]:
        return [
            excel.Column(
                c.header, width=c.width, note=c.note, required=c.required, choices=c.choices, text=c.text
            )
            for c in self.columns
        ]

    def template_workbook(self) -> bytes:
        lines: list[list] = [
            [
                c.header + ("*" if c.required else ""),
                "必填" if c.required else "选填",
                c.note,
                self.example.get(c.key, ""),
            ]
            for c in self.columns
        ]
        notes = [
            *self.notes,
            "先上传校验（不写入任何数据），校验无误后再点“确认导入”；导入要么全部成功，要么全部不写入。",
        ]
        lines.append(["", "", "", ""])
        lines += [[f"注意{i}", "", note, ""] for i, note in enumerate(notes, start=1)]
        help_sheet = excel.SheetSpec(
            "说明",
            [
                excel.Column("列名", width=16),
                excel.Column("是否必填", width=10),
                excel.Column("填写说明", width=80),
                excel.Column("示例", width=30),
            ],
            title=f"{self.label}导入模板填写说明",
            rows=lines,
        )
        data = excel.write_workbook([excel.SheetSpec(self.sheet, self.template_columns()), help_sheet])
        assert data is not None
        return data

    def flow(self, *, upload_template: str, result_template: str, urls: str) -> ImportFlow:
        """The pages' ImportFlow; `urls` is the URL-name prefix: "<ns>:import" -> "<ns>:import",
        "<ns>:import_result", "<ns>:import_commit"."""

        def require_writer(request) -> None:
            self._require(request.user)

        return ImportFlow(
            validate_kind=self.validate_kind,
            submit=self.submit,
            commit_submit=self.commit_submit,
            require_writer=require_writer,
            template_workbook=self.template_workbook,
            template_name=f"{self.label}导入模板.xlsx",
            columns=lambda: list(self.columns),
            upload_template=upload_template,
            result_template=result_template,
            upload_url=urls,
            result_url=f"{urls}_result",
            commit_url=f"{urls}_commit",
        )


# --- reading cells -------------------------------------------------------------------------------


class RowErrors:
    """Collects the errors of one row: `need(row, key)` etc. append a RowError naming the column."""

    def __init__(self, columns: list[TableColumn]) -> None:
        self.headers = {c.key: c.header for c in columns}
        self.errors: list[core_imports.RowError] = []

    def add(self, n: int, key: str, reason: str) -> None:
        self.errors.append(core_imports.RowError(n, self.headers.get(key, key), reason))

    def text(self, n: int, row: dict, key: str, *, required: bool = False, max_length: int = 200) -> str:
        value = excel.cell_text(row.get(key))
        if required and not value:
            self.add(n, key, "必填，不能为空。")
        elif len(value) > max_length:
            self.add(n, key, f"不能超过{max_length}个字。")
            value = value[:max_length]
        return value

    def date(self, n: int, row: dict, key: str, *, required: bool = False):
        try:
            value = excel.cell_date(row.get(key))
        except ValueError as e:
            self.add(n, key, str(e))
            return None
        if value is None and required:
            self.add(n, key, "必填，不能为空。")
        return value

    def integer(self, n: int, row: dict, key: str, *, minimum: int = 0, default: int = 0) -> int:
        raw = excel.cell_text(row.get(key))
        if not raw:
            return default
        try:
            value = int(raw)
        except ValueError:
            self.add(n, key, f"应为整数（当前“{raw}”）。")
            return default
        if value < minimum:
            self.add(n, key, f"不能小于{minimum}。")
        return value

    def choice(self, n: int, row: dict, key: str, choices: dict[str, str], *, required: bool = True) -> str:
        """The value whose label is the cell (`choices`: label -> value)."""
        raw = excel.cell_text(row.get(key))
        if not raw:
            if required:
                self.add(n, key, "必填，不能为空。")
            return ""
        if raw not in choices:
            self.add(n, key, f"“{raw}”不是可选值（{'、'.join(choices)}）。")
            return ""
        return choices[raw]


class _RolledBack(Exception):
    """Raised to roll back a service called only for its checks."""


def service_refusal(call: Callable[[], Any]) -> ApplicationError | None:
    """Run `call` (a row's service calls) only for the service's own checks, in a transaction that
    is rolled back: the ApplicationError it raised, or None when it would have written the row. A
    dry run thus refuses exactly what the commit would."""
    try:
        with transaction.atomic():
            call()
            raise _RolledBack()
    except _RolledBack:
        return None
    except ApplicationError as e:
        return e


def error_text(e: ApplicationError) -> str:
    return e.message
