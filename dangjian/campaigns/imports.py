"""Outcome ledger imports (实事台账 / 难题台账 .xlsx): the shared dry run and all-or-nothing commit
of core.imports, as the meeting ledger import does.

  deed_import_submit / difficulty_import_submit  -> job "campaigns.<ledger>_validate": read and
      validate every row with the services' own rules (campaign visible, organisation writable and
      taking part, status, days: a deed done before its campaign started is refused), errors and
      the error workbook; writes nothing
  <ledger>_commit_submit -> job "campaigns.<ledger>_commit": validate again, then every row through
      services.deed_create / difficulty_create in ONE transaction; any error: nothing is written
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.urls import reverse

from dangjian.activities.models import Campaign
from dangjian.campaigns import errors, selectors, services
from dangjian.campaigns.enums import DeedStatus, DifficultyStatus
from dangjian.core import audit, excel, jobs
from dangjian.core import imports as core_imports
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.imports import RowError
from dangjian.core.models import AuditAction, Job
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization

MAX_ROWS = 20_000


@dataclass(frozen=True)
class Col:
    key: str
    header: str
    required: bool = False
    width: int = 16
    note: str = ""
    max_length: int | None = None
    is_date: bool = False
    is_count: bool = False  # a whole number not below 0


@dataclass(frozen=True)
class Ledger:
    name: str  # deeds | difficulties
    label: str  # 实事台账
    sheet: str
    columns: list[Col]
    statuses: type[DeedStatus] | type[DifficultyStatus] | None
    create: Callable[..., object]
    check: Callable[..., None]
    object_type: str
    example: dict
    result_url_name: str

    @property
    def validate_kind(self) -> str:
        return f"campaigns.{self.name}_validate"

    @property
    def commit_kind(self) -> str:
        return f"campaigns.{self.name}_commit"

    @property
    def required_headers(self) -> list[str]:
        return [c.header for c in self.columns if c.required]


_COMMON = [
    Col("campaign", "主题活动", True, 30, "系统中主题活动的名称。"),
    Col("organization", "党组织", True, 26, "填写党组织全称；重名时写“上级组织名称/本组织名称”。"),
]
DEEDS = Ledger(
    name="deeds",
    label="实事台账",
    sheet="实事台账",
    columns=[
        *_COMMON,
        Col("title", "实事内容", True, 40, max_length=200),
        Col("beneficiary", "服务对象", width=20, max_length=100),
        Col("status", "办理状态", True, 10, "下拉选择：计划中、推进中、已办结。"),
        Col(
            "done_on",
            "办结日期",
            width=14,
            note="已办结的必填，如 2023-05-20；不得早于主题活动开始日期。",
            is_date=True,
        ),
        Col("note", "备注", width=30, max_length=500),
    ],
    statuses=DeedStatus,
    create=services.deed_create,
    check=lambda campaign, v: services.check_deed(campaign, v["status"], v["done_on"]),
    object_type="campaigns.deed",
    example={
        "campaign": "“三年新突破 振兴当先锋”党员进社区",
        "organization": "（系统中的党支部全称）",
        "title": "为社区老年人维修楼道照明",
        "beneficiary": "XX社区居民",
        "status": "已办结",
        "done_on": "2023-05-20",
    },
    result_url_name="campaigns:deed_import_result",
)
DIFFICULTIES = Ledger(
    name="difficulties",
    label="难题台账",
    sheet="难题台账",
    columns=[
        *_COMMON,
        Col("title", "难题内容", True, 40, max_length=200),
        Col("raised_by", "反映人/来源", width=16, max_length=100),
        Col("raised_on", "提出日期", width=14, note="如 2023-04-01。", is_date=True),
        Col("status", "解决状态", True, 10, "下拉选择：待解决、推进中、已解决。"),
        Col(
            "solved_on",
            "解决日期",
            width=14,
            note="已解决的必填；不得早于主题活动开始日期和提出日期。",
            is_date=True,
        ),
        Col("note", "备注", width=30, max_length=500),
    ],
    statuses=DifficultyStatus,
    create=services.difficulty_create,
    check=lambda campaign, v: services.check_difficulty(
        campaign, v["status"], v["raised_on"], v["solved_on"]
    ),
    object_type="campaigns.difficulty",
    example={
        "campaign": "“三年新突破 振兴当先锋”党员进社区",
        "organization": "（系统中的党支部全称）",
        "title": "小区停车难",
        "raised_by": "社区居委会",
        "raised_on": "2023-04-01",
        "status": "已解决",
        "solved_on": "2023-06-10",
    },
    result_url_name="campaigns:difficulty_import_result",
)
PROJECTS = Ledger(
    name="projects",
    label="志愿服务项目台账",
    sheet="志愿服务项目",
    columns=[
        Col("campaign", "主题活动", True, 30, "系统中主题活动的名称。"),
        Col(
            "organization", "组织单位", True, 26, "开展项目的党组织全称；重名时写“上级组织名称/本组织名称”。"
        ),
        Col("title", "项目名称", True, 36, max_length=200),
        Col("first_day", "开始日期", True, 14, "须在主题活动期间内，如 2023-05-20。", is_date=True),
        Col("last_day", "结束日期", width=14, note="不填则同开始日期。", is_date=True),
        Col("place", "地点", width=20, max_length=200),
        Col("beneficiaries", "惠及人次", True, 12, "惠及群众的人次，不小于0的整数。", is_count=True),
        Col("description", "内容", width=30, max_length=2000),
    ],
    statuses=None,
    create=services.project_create,
    check=lambda campaign, v: services.check_project(
        campaign, v["first_day"], v["last_day"], v["beneficiaries"]
    ),
    object_type="activities.activity",
    example={
        "campaign": "党员志愿服务进基层",
        "organization": "（系统中的党支部全称）",
        "title": "助老志愿服务",
        "first_day": "2023-05-20",
        "place": "XX社区",
        "beneficiaries": 120,
    },
    result_url_name="campaigns:project_import_result",
)
LEDGERS = {lg.name: lg for lg in (DEEDS, DIFFICULTIES, PROJECTS)}


# --- validation -----------------------------------------------------------------------------------


@dataclass
class Lookups:
    actor: Actor
    orgs: dict[str, list[PartyOrganization]]
    campaigns: dict[str, list[Campaign]]


def load_lookups(actor) -> Lookups:
    orgs: dict[str, list[PartyOrganization]] = {}
    for org in scoping.orgs_visible(actor, write=True).filter(is_active=True).select_related("parent"):
        orgs.setdefault(org.name, []).append(org)
        if org.parent is not None:
            orgs.setdefault(f"{org.parent.name}/{org.name}", []).append(org)
    campaigns: dict[str, list[Campaign]] = {}
    for c in selectors.campaign_list(actor=actor).select_related("scope", "organization"):
        campaigns.setdefault(c.name, []).append(c)
    return Lookups(actor=actor, orgs=orgs, campaigns=campaigns)


@dataclass
class Validation:
    rows: int = 0
    plans: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    sheet: core_imports.Sheet | None = None


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else excel.cell_text(value)


def validate_row(ledger: Ledger, row: list, sheet: core_imports.Sheet, lk: Lookups) -> tuple[list, dict]:
    errs: list[tuple[str, str]] = []
    v: dict = {}
    for c in ledger.columns:
        raw = sheet.cell(row, c.key)
        text = _text(raw)
        if c.required and not text:
            errs.append((c.header, errors.ERR_IMPORT_REQUIRED.format(column=c.header)))
        elif c.max_length and len(text) > c.max_length:
            errs.append((c.header, errors.ERR_IMPORT_TOO_LONG.format(column=c.header, n=c.max_length)))
        if c.is_count:
            v[c.key] = None
            if text:
                try:
                    n = int(float(text)) if float(text) == int(float(text)) else None
                except (ValueError, OverflowError):
                    n = None
                if n is None:
                    errs.append((c.header, errors.ERR_IMPORT_NUMBER.format(column=c.header)))
                elif n < 0:
                    errs.append((c.header, errors.ERR_BENEFICIARIES))
                else:
                    v[c.key] = n
        elif c.is_date:
            v[c.key] = None
            if text:
                try:
                    v[c.key] = excel.cell_date(raw)
                except ValueError:
                    errs.append((c.header, errors.ERR_IMPORT_DATE.format(value=text)))
        else:
            v[c.key] = text
    h = {c.key: c.header for c in ledger.columns}
    campaign = None
    if v["campaign"]:
        found = lk.campaigns.get(v["campaign"], [])
        if not found:
            errs.append((h["campaign"], f"主题活动“{v['campaign']}”不存在或不在您的管理范围内。"))
        elif len(found) > 1:
            errs.append(
                (h["campaign"], f"主题活动“{v['campaign']}”有{len(found)}个重名，请在系统中逐个登记。")
            )
        else:
            campaign = found[0]
    org = None
    name = v["organization"].replace("／", "/")
    if name:
        found_orgs = lk.orgs.get(name, [])
        if not found_orgs:
            errs.append((h["organization"], errors.ERR_IMPORT_ORG_UNKNOWN.format(name=name)))
        elif len(found_orgs) > 1:
            errs.append(
                (h["organization"], errors.ERR_IMPORT_ORG_AMBIGUOUS.format(name=name, n=len(found_orgs)))
            )
        else:
            org = found_orgs[0]
    statuses = ledger.statuses
    if statuses is not None and v["status"]:
        by_label = {s.label: s.value for s in statuses} | {s.value: s.value for s in statuses}
        status = by_label.get(v["status"])
        if status is None:
            allowed = "、".join(str(s.label) for s in statuses)
            errs.append((h["status"], errors.ERR_IMPORT_STATUS.format(value=v["status"], allowed=allowed)))
        v["status"] = status
    if campaign is not None and org is not None:
        try:
            services.check_recorder(lk.actor, campaign, org)
        except ApplicationError as e:
            errs.append((h["organization"], e.message))
    if campaign is not None and not errs:
        try:
            ledger.check(campaign, v)
        except ApplicationError as e:
            errs.append((h.get(e.field or "", h.get("status", h["title"])), e.message))
    v.update(campaign=campaign, organization=org)
    return errs, v


def read(ledger: Ledger, data: bytes) -> core_imports.Sheet:
    return core_imports.read_sheet(
        data,
        sheet=ledger.sheet,
        columns={c.header: c.key for c in ledger.columns},
        required=ledger.required_headers,
        max_rows=MAX_ROWS,
    )


def validate_upload(ledger: Ledger, *, actor: Actor, data: bytes, progress=None) -> Validation:
    try:
        sheet = read(ledger, data)
    except ApplicationError as e:
        return Validation(errors=core_imports.file_errors(e))
    lk = load_lookups(actor)
    out = Validation(rows=len(sheet.rows), sheet=sheet)
    for i, (rownum, row) in enumerate(sheet.rows, start=1):
        if progress is not None and i % 200 == 0:
            progress(i)
        errs, values = validate_row(ledger, row, sheet, lk)
        if errs:
            out.errors.extend(RowError(rownum, column, reason) for column, reason in errs)
        else:
            out.plans.append((rownum, values))
    return out


def error_workbook(ledger: Ledger, validation: Validation, *, target=None):
    sheet = validation.sheet
    assert sheet is not None
    return core_imports.error_workbook(
        sheet=ledger.sheet,
        headers=sheet.headers,
        rows=sheet.rows,
        errors=validation.errors,
        template=template_columns(ledger),
        target=target,
    )


# --- commit ---------------------------------------------------------------------------------------


def _require_writer(actor) -> None:
    if not scoping.scope_of(actor).write_paths:
        raise Forbidden(errors.ERR_NO_WRITE_SCOPE)


def commit(
    ledger: Ledger,
    *,
    actor: Actor,
    data: bytes,
    filename: str = "",
    progress: jobs.Progress | None = None,
    inside: Callable[[dict], None] | None = None,
) -> dict:
    """Validate again, then create every row through the service in ONE transaction."""
    _require_writer(actor)
    validation = validate_upload(ledger, actor=actor, data=data)
    if validation.errors:
        raise core_imports.commit_invalid(validation.errors)
    if progress is not None:
        progress.total(len(validation.plans))
    with transaction.atomic():
        for i, (rownum, v) in enumerate(validation.plans, start=1):
            kwargs = {c.key: v[c.key] for c in ledger.columns}
            try:
                ledger.create(actor=actor, **kwargs)
            except ApplicationError as e:
                raise ApplicationError(
                    f"第{rownum}行：{e.message}未导入任何数据。", extra={"row": rownum}
                ) from e
            if progress is not None:
                progress.set(i)
        counts = {"rows": validation.rows, "created": len(validation.plans)}
        audit.record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type=ledger.object_type,
            object_repr=f"{ledger.label}导入 {filename}"[:200],
            org_path=core_imports.common_path([v["organization"].path for _n, v in validation.plans]),
            changes={k: [None, n] for k, n in counts.items()} | {"file": [None, filename[:100]]},
        )
        if inside is not None:
            inside(counts)
    return counts


# --- jobs -----------------------------------------------------------------------------------------


def import_submit(ledger: Ledger, *, actor: Actor, data: bytes, filename: str) -> Job:
    _require_writer(actor)
    return core_imports.import_submit(
        actor=actor,
        data=data,
        filename=filename,
        kind=ledger.validate_kind,
        title=f"{ledger.label}导入校验",
        default_name=f"{ledger.label}.xlsx",
    )


def commit_submit(ledger: Ledger, *, actor: Actor, validate_job: Job) -> Job:
    return core_imports.commit_submit(
        actor=actor,
        validate_job=validate_job,
        validate_kind=ledger.validate_kind,
        commit_kind=ledger.commit_kind,
        title=f"{ledger.label}导入",
    )


def _register(ledger: Ledger) -> None:
    def result_url(job: Job) -> str:
        return reverse(ledger.result_url_name, args=[job.pk])

    @jobs.job_handler(ledger.validate_kind)
    def _validate(job: Job, progress: jobs.Progress) -> None:
        data = core_imports.upload_read(job.params)
        validation = validate_upload(ledger, actor=job.created_by, data=data, progress=progress.set)
        core_imports.record_validation(
            job,
            rows=validation.rows,
            errors=validation.errors,
            has_sheet=validation.sheet is not None,
            counts={"create": len(validation.plans)},
            write_errors=lambda target: error_workbook(ledger, validation, target=target),
            error_name=f"{ledger.label}导入错误报告.xlsx",
            ok_message=f"校验通过：共{validation.rows}行，将新增{len(validation.plans)}条。",
            next_url=result_url(job),
        )

    @jobs.job_handler(ledger.commit_kind)
    def _commit(job: Job, progress: jobs.Progress) -> None:
        def run(**kwargs):
            return commit(ledger, **kwargs)

        counts = core_imports.run_commit(
            job, progress, validate_kind=ledger.validate_kind, commit=run, result_url=result_url
        )
        job.message = f"导入完成：新增{counts['created']}条。"


for _ledger in LEDGERS.values():
    _register(_ledger)


# --- template -------------------------------------------------------------------------------------


def template_columns(ledger: Ledger) -> list[excel.Column]:
    return [
        excel.Column(
            c.header,
            width=c.width,
            note=c.note,
            required=c.required,
            choices=[str(s.label) for s in ledger.statuses]
            if c.key == "status" and ledger.statuses
            else None,
            text=c.is_date,
        )
        for c in ledger.columns
    ]


def template_workbook(ledger: Ledger) -> bytes:
    data = excel.SheetSpec(ledger.sheet, template_columns(ledger))
    lines: list[list] = [
        [
            c.header + ("*" if c.required else ""),
            "必填" if c.required else "选填",
            c.note,
            ledger.example.get(c.key, ""),
        ]
        for c in ledger.columns
    ]
    lines.append(["", "", "", ""])
    lines.append(
        [
            "注意",
            "",
            "先上传校验（不写入任何数据），校验无误后再确认导入；导入要么全部成功，要么全部不写入。",
            "",
        ]
    )
    help_sheet = excel.SheetSpec(
        "说明",
        [
            excel.Column("列名", width=14),
            excel.Column("是否必填", width=10),
            excel.Column("填写说明", width=80),
            excel.Column("示例", width=30),
        ],
        title=f"{ledger.label}导入模板填写说明",
        rows=lines,
    )
    out = excel.write_workbook([data, help_sheet])
    assert out is not None
    return out
