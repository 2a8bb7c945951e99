"""Import of problem lists (问题清单) from .xlsx, as background jobs with the shared dry-run /
commit mechanics of core.imports:

  problem_import_submit -> job "problems.import_validate": read + check every row (the checks of
                           services.problem_prepare), counts, row errors, error workbook
  problem_commit_submit -> job "problems.import_commit": check again, then services.problems_create_bulk
                           in ONE transaction: all rows or nothing
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit, excel, jobs
from dangjian.core import imports as core_imports
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.imports import RowError
from dangjian.core.models import AuditAction, Job
from dangjian.core.workdays import Calendar
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization, Unit
from dangjian.problems import errors, services
from dangjian.problems.enums import ProblemSource

VALIDATE_KIND = "problems.import_validate"
COMMIT_KIND = "problems.import_commit"
SHEET = "问题清单"
MAX_ROWS = 10_000


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    required: bool = False
    width: int = 14
    note: str = ""


COLUMNS = [
    Col("unit", "责任单位", True, 24, "系统中的单位全称（可为下属单位）"),
    Col("organization", "责任党组织", False, 24, "选填：该单位的党组织全称；不填则为单位的机关党委"),
    Col("source", "问题来源", True, 10, "考核、述职评议、调研、督查、举报、巡察/审查、其他"),
    Col("source_ref", "来源说明", False, 20, "如“2022年度党建工作实绩考核”"),
    Col("year", "年度", False, 8, "问题所属年度，不填为交办日期所在年度"),
    Col("description", "问题描述", True, 50, ""),
    Col("measures", "整改措施", False, 40, ""),
    Col("responsible", "责任人", False, 10, ""),
    Col("found_on", "交办日期", False, 12, "如 2023-02-15，不填为导入当天"),
    Col("deadline", "整改时限", False, 12, "不填为交办日期后三个月；遇节假日顺延"),
]
HEADER = {c.key: c.header for c in COLUMNS}
SOURCES = {str(label): value for value, label in ProblemSource.choices}
SOURCES.update(
    {"巡察": ProblemSource.REVIEW, "审查": ProblemSource.REVIEW, "实绩考核": ProblemSource.ASSESSMENT}
)


@dataclass
class Validation:
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    plans: list[dict] = field(default_factory=list)
    sheet: core_imports.Sheet | None = None


def _text(value) -> str:
    return excel.cell_text(value).strip()


def _parse_row(n: int, sheet, row, units: dict, orgs: dict) -> tuple[dict, list[RowError]]:
    errs: list[RowError] = []
    fields: dict = {}
    unit_name = _text(sheet.cell(row, "unit"))
    unit = units.get(unit_name)
    if unit is None:
        errs.append(RowError(n, HEADER["unit"], errors.ERR_IMPORT_UNIT.format(name=unit_name)))
    fields["unit"] = unit
    org_name = _text(sheet.cell(row, "organization"))
    if org_name:
        org = orgs.get((unit.pk if unit else None, org_name))
        if org is None:
            errs.append(
                RowError(n, HEADER["organization"], f"单位“{unit_name}”没有名为“{org_name}”的党组织。")
            )
        fields["organization"] = org
    source = SOURCES.get(_text(sheet.cell(row, "source")))
    if source is None:
        errs.append(
            RowError(
                n, HEADER["source"], errors.ERR_IMPORT_SOURCE.format(choices="、".join(ProblemSource.labels))
            )
        )
    fields["source"] = source or ""
    year = _text(sheet.cell(row, "year"))
    if year:
        try:
            fields["year"] = int(float(year))
        except ValueError:
            errs.append(RowError(n, HEADER["year"], errors.ERR_IMPORT_YEAR))
    for key in ("found_on", "deadline"):
        try:
            fields[key] = excel.cell_date(sheet.cell(row, key))
        except ValueError as e:
            errs.append(RowError(n, HEADER[key], str(e)))
    for key in ("source_ref", "description", "measures", "responsible"):
        fields[key] = _text(sheet.cell(row, key))
    return fields, errs


def validate(actor: Actor, sheet: core_imports.Sheet, progress=None) -> Validation:
    result = Validation(rows=len(sheet.rows), sheet=sheet)
    units = {u.name: u for u in Unit.objects.filter(is_active=True)}
    orgs = {
        (o.unit_id, o.name): o
        for o in PartyOrganization.objects.filter(scoping.org_q(actor, write=True), is_active=True)
    }
    today, cal = timezone.localdate(), Calendar.load()
    for i, (n, row) in enumerate(sheet.rows, start=1):
        fields, errs = _parse_row(n, sheet, row, units, orgs)
        if not errs:
            try:
                services.problem_prepare(actor=actor, today=today, cal=cal, **fields)
            except ApplicationError as e:
                key = {"unit": "unit", "organization": "organization"}.get(e.field or "", e.field or "")
                errs.append(RowError(n, HEADER.get(key, "问题描述"), e.message))
        result.errors.extend(errs)
        if not errs:
            result.plans.append({"row": n, **fields})
        if progress is not None and i % 200 == 0:
            progress(i)
    return result


def validate_upload(*, actor: Actor, data: bytes, progress=None) -> Validation:
    try:
        sheet = core_imports.read_sheet(
            data,
            sheet=SHEET,
            columns={c.header: c.key for c in COLUMNS},
            required=[c.header for c in COLUMNS if c.required],
            max_rows=MAX_ROWS,
        )
    except ApplicationError as e:
        return Validation(errors=core_imports.file_errors(e))
    return validate(actor, sheet, progress)


def problem_import_commit(
    *,
    actor: Actor,
    data: bytes,
    filename: str = "",
    progress: jobs.Progress | None = None,
    inside: Callable[[dict], None] | None = None,
) -> dict:
    """Check again, then create every problem in ONE transaction; any error: nothing is written."""
    if not scoping.may_assign_problems(actor):
        raise Forbidden(errors.ERR_NO_WRITE)
    validation = validate_upload(actor=actor, data=data)
    if validation.errors:
        raise core_imports.commit_invalid(validation.errors)
    with transaction.atomic():
        rows = [{k: v for k, v in p.items() if k != "row"} for p in validation.plans]
        created = services.problems_create_bulk(actor=actor, rows=rows)
        counts = {"rows": validation.rows, "created": len(created)}
        audit.record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="problems.problem",
            object_repr=f"问题清单导入 {filename}"[:200],
            org_path=core_imports.common_path([p.organization.path for p in created]),
            changes={k: [None, v] for k, v in counts.items()} | {"file": [None, filename[:100]]},
        )
        if inside is not None:
            inside(counts)
    return counts


def result_url(job: Job) -> str:
    return reverse("problems:import_result", args=[job.pk])


def problem_import_submit(*, actor: Actor, data: bytes, filename: str) -> Job:
    if not scoping.may_assign_problems(actor):
        raise Forbidden(errors.ERR_NO_WRITE)
    return core_imports.import_submit(
        actor=actor,
        data=data,
        filename=filename,
        kind=VALIDATE_KIND,
        title="问题清单导入校验",
        default_name="问题清单.xlsx",
    )


@jobs.job_handler(VALIDATE_KIND)
def _validate_job(job: Job, progress: jobs.Progress) -> None:
    data = core_imports.upload_read(job.params)
    validation = validate_upload(actor=job.created_by, data=data, progress=progress.set)
    sheet = validation.sheet
    core_imports.record_validation(
        job,
        rows=validation.rows,
        errors=validation.errors,
        has_sheet=sheet is not None,
        counts={"create": len(validation.plans)},
        write_errors=lambda target: core_imports.error_workbook(
            sheet=SHEET,
            headers=sheet.headers if sheet else [],
            rows=sheet.rows if sheet else [],
            errors=validation.errors,
            template=template_columns(),
            target=target,
        ),
        error_name="问题清单导入错误报告.xlsx",
        ok_message=f"校验通过：共{validation.rows}行，将新增{len(validation.plans)}个问题。",
        next_url=result_url(job),
    )


def problem_commit_submit(*, actor: Actor, validate_job: Job) -> Job:
    return core_imports.commit_submit(
        actor=actor,
        validate_job=validate_job,
        validate_kind=VALIDATE_KIND,
        commit_kind=COMMIT_KIND,
        title="问题清单导入",
    )


@jobs.job_handler(COMMIT_KIND)
def _commit_job(job: Job, progress: jobs.Progress) -> None:
    counts = core_imports.run_commit(
        job, progress, validate_kind=VALIDATE_KIND, commit=problem_import_commit, result_url=result_url
    )
    job.message = f"导入完成：新增{counts['created']}个问题。"


def template_columns() -> list[excel.Column]:
    return [
        excel.Column(
            c.header,
            width=c.width,
            note=c.note,
            required=c.required,
            choices=list(ProblemSource.labels) if c.key == "source" else None,
            text=c.key in ("found_on", "deadline"),
        )
        for c in COLUMNS
    ]


EXAMPLE = {
    "unit": "（系统中的单位全称）",
    "source": "考核",
    "source_ref": "2022年度党建工作实绩考核",
    "year": "2022",
    "description": "“三会一课”记录不规范，部分支部党课次数不足",
    "measures": "建立会议记录模板，按季度检查",
    "responsible": "张三",
    "found_on": "2023-02-15",
    "deadline": "2023-05-15",
}


def template_workbook() -> bytes:
    lines: list[list] = [
        [
            c.header + ("*" if c.required else ""),
            "必填" if c.required else "选填",
            c.note,
            EXAMPLE.get(c.key, ""),
        ]
        for c in COLUMNS
    ]
    lines.append(["", "", "", ""])
    lines.append(
        ["注意", "", "先上传校验（不写入任何数据），无误后再确认导入；导入要么全部成功，要么全部不写入。", ""]
    )
    help_sheet = excel.SheetSpec(
        "说明",
        [
            excel.Column("列名", width=14),
            excel.Column("是否必填", width=10),
            excel.Column("填写说明", width=60),
            excel.Column("示例", width=30),
        ],
        title="问题清单导入模板填写说明",
        rows=lines,
    )
    data = excel.write_workbook([excel.SheetSpec(SHEET, template_columns()), help_sheet])
    assert data is not None
    return data
