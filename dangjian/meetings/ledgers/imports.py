"""Meeting ledgers (会议台账), import of historical meetings.

It runs as background jobs (core.jobs) and uses the shared dry-run / commit mechanics of
core.imports (as the roster import does):
  ledger_import_submit -> job "meetings.ledger_validate": read + validate, counts, errors, error workbook
  ledger_commit_submit -> job "meetings.ledger_commit": validate again, then every meeting through
                          services.meeting_create + services.attendance_record in ONE transaction

Validation applies the rules of meetings.services before anything is written (the commit then
calls the services themselves, which check them once more): the organisation must be writable,
the kind must fit it, a held meeting cannot be in the future, attendance names must be on the
roster of that date, a person appears once per meeting, leave needs a reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dangjian.core import audit, excel, jobs
from dangjian.core import imports as core_imports
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.imports import RowError
from dangjian.core.models import AuditAction, Job
from dangjian.meetings import errors, rules
from dangjian.meetings.enums import AttendanceStatus, MeetingKind, MeetingStatus
from dangjian.meetings.ledgers.export import KIND_LABELS, LEDGER_SHEET, local_time
from dangjian.meetings.models import Meeting
from dangjian.meetings.selectors import meetings as selectors
from dangjian.meetings.services import meetings as services
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.people.models import Person

VALIDATE_KIND = "meetings.ledger_validate"
COMMIT_KIND = "meetings.ledger_commit"
MAX_ROWS = 20_000
DATE_ONLY_HOUR = 9  # a date without a time is taken as 09:00 local time


# --- import: columns ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerColumn:
    key: str
    header: str
    required: bool = False
    width: int = 14
    note: str = ""
    max_length: int | None = None


IMPORT_KINDS = [k for k in MeetingKind if k != MeetingKind.YOUTH_ACTIVITY]
COLUMNS: list[LedgerColumn] = [
    LedgerColumn("organization", "组织", True, 26, "填写党组织全称；重名时写“上级组织名称/本组织名称”。"),
    LedgerColumn("kind", "类型", True, 14, "下拉选择会议类型。"),
    LedgerColumn("title", "主题", True, 30, max_length=200),
    LedgerColumn(
        "held_at", "时间", True, 18, "日期（2023-03-05）或日期时间（2023-03-05 14:30）；只填日期按9:00计。"
    ),
    LedgerColumn("place", "地点", width=16, max_length=100),
    LedgerColumn("host", "主持人", width=10, note="本组织成员的姓名。"),
    LedgerColumn("recorder", "记录人", width=10, note="本组织成员的姓名。"),
    LedgerColumn("topics", "议题", width=30),
    LedgerColumn("study_content", "学习内容", width=30),
    LedgerColumn("first_topic", "第一议题", width=30, note="第一议题学习的重要讲话。", max_length=300),
    LedgerColumn("present", "出席", width=30, note="姓名之间用顿号“、”分隔。"),
    LedgerColumn("leave", "请假", width=30, note="写作“张三（出差）、李四（病假）”，须注明事由。"),
    LedgerColumn("absent", "缺席", width=20, note="姓名之间用顿号“、”分隔；名单中未列出的人员按缺席登记。"),
]
HEADER = {c.key: c.header for c in COLUMNS}
REQUIRED_HEADERS = [c.header for c in COLUMNS if c.required]
_KIND = (
    {k.label: k.value for k in IMPORT_KINDS}
    | {k.value: k.value for k in IMPORT_KINDS}
    | {"党员大会": MeetingKind.GENERAL_MEETING.value, "支部委员会": MeetingKind.COMMITTEE_MEETING.value}
)
_NAME_SPLIT = re.compile(r"[、,，;；\s]+")
_LEAVE = re.compile(r"^(.+?)[（(](.*)[)）]$")
_TIME = re.compile(r"^(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})?秒?)?$")


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else excel.cell_text(value)


def parse_time(value) -> dt.datetime:
    """A date (taken as 09:00) or a datetime: an Excel date/datetime cell or text like 2023-03-05,
    2023/3/5 14:30, 2023-03-05 14:30:00. An aware datetime in local time; ValueError when unreadable."""
    tz = timezone.get_default_timezone()
    if isinstance(value, dt.datetime):
        naive = value.replace(tzinfo=None)
        if naive.time() == dt.time.min:
            naive = naive.replace(hour=DATE_ONLY_HOUR)
        return timezone.make_aware(naive, tz)
    if isinstance(value, dt.date):
        return timezone.make_aware(dt.datetime.combine(value, dt.time(DATE_ONLY_HOUR)), tz)
    text = _text(value).replace("T", " ")
    if not text:
        raise ValueError("empty")
    parts = text.split()
    if len(parts) > 2:
        raise ValueError(text)
    day = excel.cell_date(parts[0])
    if day is None:
        raise ValueError(text)
    at = dt.time(DATE_ONLY_HOUR)
    if len(parts) == 2:
        m = _TIME.match(parts[1])
        if not m:
            raise ValueError(text)
        at = dt.time(int(m.group(1)), int(m.group(2)), int(m.group(3) or 0))
    return timezone.make_aware(dt.datetime.combine(day, at), tz)


def split_names(text: str) -> list[str]:
    return [n for n in _NAME_SPLIT.split(text or "") if n]


# --- import: lookups and validation --------------------------------------------------------------------


@dataclass
class Lookups:
    actor: object
    orgs: dict[str, list[PartyOrganization]]
    _rosters: dict = field(default_factory=dict)
    _hosts: dict = field(default_factory=dict)

    def roster(
        self, org: PartyOrganization, kind: str, day: dt.date
    ) -> tuple[dict[int, bool], dict[str, list[int]]]:
        """({person_id: is_voting}, {name: [person_id]}) of the roster services.meeting_create would fill."""
        key = (org.pk, kind, day)
        if key not in self._rosters:
            voting = dict(services.roster_for(organization=org, kind=kind, day=day))
            by_name: dict[str, list[int]] = {}
            for pid, name in Person.objects.filter(pk__in=list(voting)).values_list("id", "name"):
                by_name.setdefault(name, []).append(pid)
            self._rosters[key] = (voting, by_name)
        return self._rosters[key]

    def hosts(self, org: PartyOrganization) -> dict[str, list[int]]:
        """Who may host or record a meeting of `org` (as on the meeting form): {name: [person_id]}."""
        if org.pk not in self._hosts:
            by_name: dict[str, list[int]] = {}
            for pid, name in selectors.org_people(org).values_list("id", "name"):
                by_name.setdefault(name, []).append(pid)
            self._hosts[org.pk] = by_name
        return self._hosts[org.pk]


def load_lookups(actor) -> Lookups:
    orgs: dict[str, list[PartyOrganization]] = {}
    for org in scoping.orgs_visible(actor, write=True).select_related("parent", "root", "unit"):
        orgs.setdefault(org.name, []).append(org)
        if org.parent is not None:
            orgs.setdefault(f"{org.parent.name}/{org.name}", []).append(org)
    return Lookups(actor=actor, orgs=orgs)


@dataclass(slots=True)
class PlannedMeeting:
    row: int
    org: PartyOrganization
    kind: str
    title: str
    held_at: dt.datetime
    place: str
    host_id: int | None
    recorder_id: int | None
    topics: str
    study_content: str
    first_topic: str
    attendance: list[dict]  # rows for services.attendance_record


@dataclass
class Validation:
    rows: int = 0
    plans: list[PlannedMeeting] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    sheet: core_imports.Sheet | None = None

    @property
    def error_rows(self) -> set[int]:
        return {e.row for e in self.errors if e.row is not None}


def _allowed_kinds() -> str:
    return "、".join(k.label for k in IMPORT_KINDS)


def _person(by_name: dict[str, list[int]], name: str, column: str, org) -> tuple[int | None, str | None]:
    ids = by_name.get(name, [])
    if not ids:
        return None, errors.ERR_LEDGER_PERSON_UNKNOWN.format(column=column, name=name, org=org.name)
    if len(ids) > 1:
        return None, errors.ERR_LEDGER_PERSON_AMBIGUOUS.format(name=name, org=org.name, n=len(ids))
    return ids[0], None


def validate_row(
    row: list, sheet: core_imports.Sheet, lookups: Lookups
) -> tuple[list[tuple[str, str]], dict]:
    """Problems of one row as (column, reason), and the parsed values."""
    h, errs = HEADER, []
    out: dict[str, Any] = {}
    for c in COLUMNS:
        v = _text(sheet.cell(row, c.key))
        if c.required and not v:
            errs.append((c.header, errors.ERR_LEDGER_REQUIRED.format(column=c.header)))
        elif c.max_length and len(v) > c.max_length:
            errs.append((c.header, errors.ERR_LEDGER_TOO_LONG.format(column=c.header, n=c.max_length)))
        out[c.key] = v
    org = None
    name = out["organization"].replace("／", "/")
    if name:
        candidates = lookups.orgs.get(name, [])
        if not candidates:
            errs.append((h["organization"], errors.ERR_LEDGER_ORG_UNKNOWN.format(name=name)))
        elif len(candidates) > 1:
            ex = next((c for c in candidates if c.parent is not None), candidates[0])
            errs.append(
                (
                    h["organization"],
                    errors.ERR_LEDGER_ORG_AMBIGUOUS.format(
                        name=name,
                        n=len(candidates),
                        example=f"{ex.parent.name}/{ex.name}" if ex.parent else ex.name,
                    ),
                )
            )
        elif not candidates[0].is_active:
            errs.append((h["organization"], errors.ERR_LEDGER_ORG_INACTIVE.format(name=name)))
        else:
            org = candidates[0]
    kind = None
    if out["kind"]:
        kind = _KIND.get(out["kind"])
        if kind is None:
            errs.append(
                (h["kind"], errors.ERR_LEDGER_KIND.format(value=out["kind"], allowed=_allowed_kinds()))
            )
        elif org is not None:
            try:
                rules.check_kind(org, kind, None)
            except ApplicationError as e:
                errs.append((h["kind"], e.message))
                kind = None
    held_at = None
    raw_time = sheet.cell(row, "held_at")
    if out["held_at"]:
        try:
            held_at = parse_time(raw_time)
        except ValueError:
            errs.append((h["held_at"], errors.ERR_LEDGER_TIME.format(value=out["held_at"])))
        else:
            if held_at > timezone.now():
                errs.append((h["held_at"], errors.ERR_FUTURE_HELD))
                held_at = None
    out.update(org=org, kind=kind, held_at=held_at)
    if org is None or kind is None or held_at is None:
        return errs, out
    day = timezone.localtime(held_at).date()
    voting, by_name = lookups.roster(org, kind, day)
    hosts = {**lookups.hosts(org)}
    for n, ids in by_name.items():
        hosts[n] = sorted(set(hosts.get(n, [])) | set(ids))
    for key in ("host", "recorder"):
        out[f"{key}_id"] = None
        if out[key]:
            pid, err = _person(hosts, out[key], h[key], org)
            if err:
                errs.append((h[key], err))
            out[f"{key}_id"] = pid
    seen: dict[int, str] = {}
    attendance = []
    for key, status in (
        ("present", AttendanceStatus.PRESENT),
        ("leave", AttendanceStatus.LEAVE),
        ("absent", AttendanceStatus.ABSENT),
    ):
        for item in split_names(out[key]):
            person, reason = item, ""
            if status == AttendanceStatus.LEAVE:
                m = _LEAVE.match(item)
                if not m or not m.group(2).strip():
                    errs.append((h[key], errors.ERR_LEDGER_LEAVE_FORMAT.format(name=item)))
                    continue
                person, reason = m.group(1).strip(), m.group(2).strip()[:100]
            ids = by_name.get(person, [])
            if not ids:
                errs.append(
                    (h[key], errors.ERR_NOT_ON_ROSTER.format(name=person, date=day.isoformat(), org=org.name))
                )
                continue
            if len(ids) > 1:
                errs.append(
                    (h[key], errors.ERR_LEDGER_PERSON_AMBIGUOUS.format(name=person, org=org.name, n=len(ids)))
                )
                continue
            if ids[0] in seen:
                errs.append((h[key], errors.ERR_DUPLICATE_PERSON.format(name=person)))
                continue
            seen[ids[0]] = key
            attendance.append({"person_id": ids[0], "status": status, "leave_reason": reason})
    out["attendance"] = attendance
    return errs, out


def validate(
    sheet: core_imports.Sheet, lookups: Lookups, *, progress: Callable[[int], None] | None = None
) -> Validation:
    result = Validation(rows=len(sheet.rows), sheet=sheet)
    seen: dict[tuple, int] = {}
    for n_done, (rownum, row) in enumerate(sheet.rows, start=1):
        if progress is not None and n_done % 200 == 0:
            progress(n_done)
        errs, out = validate_row(row, sheet, lookups)
        if not errs:
            key = (out["org"].pk, out["kind"], out["held_at"])
            if key in seen:
                errs.append((HEADER["held_at"], errors.ERR_LEDGER_DUP_IN_FILE.format(other=seen[key])))
            elif Meeting.objects.filter(
                organization=out["org"], kind=out["kind"], held_at=out["held_at"]
            ).exists():
                errs.append(
                    (
                        HEADER["held_at"],
                        errors.ERR_LEDGER_DUP_IN_DB.format(
                            org=out["org"].name,
                            time=f"{local_time(out['held_at']):%Y-%m-%d %H:%M}",
                            kind=KIND_LABELS[out["kind"]],
                        ),
                    )
                )
            else:
                seen[key] = rownum
        if errs:
            result.errors.extend(RowError(rownum, column, reason) for column, reason in errs)
            continue
        result.plans.append(
            PlannedMeeting(
                row=rownum,
                org=out["org"],
                kind=out["kind"],
                title=out["title"],
                held_at=out["held_at"],
                place=out["place"],
                host_id=out["host_id"],
                recorder_id=out["recorder_id"],
                topics=out["topics"],
                study_content=out["study_content"],
                first_topic=out["first_topic"],
                attendance=out["attendance"],
            )
        )
    if progress is not None:
        progress(len(sheet.rows))
    return result


def read_ledger(data: bytes) -> core_imports.Sheet:
    return core_imports.read_sheet(
        data,
        sheet=LEDGER_SHEET,
        columns={c.header: c.key for c in COLUMNS},
        required=REQUIRED_HEADERS,
        max_rows=MAX_ROWS,
    )


def validate_upload(*, actor: Actor, data: bytes, progress=None, on_total=None) -> Validation:
    try:
        sheet = read_ledger(data)
    except ApplicationError as e:
        return Validation(errors=core_imports.file_errors(e))
    if on_total is not None:
        on_total(len(sheet.rows))
    return validate(sheet, load_lookups(actor), progress=progress)


def error_workbook(validation: Validation, *, target=None):
    sheet = validation.sheet
    assert sheet is not None, "an error workbook is made of rows that were read"
    return core_imports.error_workbook(
        sheet=LEDGER_SHEET,
        headers=sheet.headers,
        rows=sheet.rows,
        errors=validation.errors,
        template=template_columns(),
        target=target,
    )


# --- import: commit (one transaction) -------------------------------------------------------------------


def ledger_commit(
    *,
    actor: Actor,
    data: bytes,
    filename: str = "",
    progress: jobs.Progress | None = None,
    inside: Callable[[dict], None] | None = None,
) -> dict:
    """Validate again, then create every meeting (services.meeting_create) and record its attendance
    (services.attendance_record) in ONE transaction; any error: nothing is written."""
    if not scoping.scope_of(actor).write_paths:
        raise Forbidden(errors.ERR_LEDGER_NO_WRITE)
    validation = validate_upload(actor=actor, data=data)
    if validation.errors:
        raise core_imports.commit_invalid(validation.errors)
    plans = validation.plans
    if progress is not None:
        progress.total(len(plans))
    people = {
        p.pk: p
        for p in Person.objects.filter(pk__in={x for p in plans for x in (p.host_id, p.recorder_id) if x})
    }
    attended = 0
    with transaction.atomic():
        for i, p in enumerate(plans, start=1):
            agenda = (
                [{"title": "第一议题", "is_first_topic": True, "speech": p.first_topic}]
                if p.first_topic
                else []
            )
            try:
                meeting = services.meeting_create(
                    actor=actor,
                    organization=p.org,
                    kind=p.kind,
                    title=p.title,
                    held_at=p.held_at,
                    status=MeetingStatus.HELD,
                    place=p.place,
                    host=people.get(p.host_id) if p.host_id else None,
                    recorder=people.get(p.recorder_id) if p.recorder_id else None,
                    topics=p.topics,
                    study_content=p.study_content,
                    agenda=agenda,
                )
                if p.attendance:
                    attended += services.attendance_record(actor=actor, meeting=meeting, rows=p.attendance)
            except ApplicationError as e:
                raise ApplicationError(
                    f"第{p.row}行：{e.message}未导入任何数据。", extra={"row": p.row}
                ) from e
            if progress is not None:
                progress.set(i)
        counts = {"rows": validation.rows, "created": len(plans), "attendance": attended}
        paths = [p.org.path for p in plans]
        audit.record(
            actor=actor,
            action=AuditAction.IMPORT,
            object_type="meetings.meeting",
            object_repr=f"会议台账导入 {filename}"[:200],
            org_path=core_imports.common_path(paths),
            changes={k: [None, v] for k, v in counts.items()} | {"file": [None, filename[:100]]},
        )
        if inside is not None:
            inside(counts)
    return counts


# --- import: jobs ------------------------------------------------------------------------------------------


def result_url(job: Job) -> str:
    return reverse("meetings:ledger_import_result", args=[job.pk])


def ledger_import_submit(*, actor: Actor, data: bytes, filename: str) -> Job:
    """Refuse a bad upload before any job exists, store it, start the dry run (writes no data)."""
    if not scoping.scope_of(actor).write_paths:
        raise Forbidden(errors.ERR_LEDGER_NO_WRITE)
    return core_imports.import_submit(
        actor=actor,
        data=data,
        filename=filename,
        kind=VALIDATE_KIND,
        title="会议台账导入校验",
        default_name="会议台账.xlsx",
    )


@jobs.job_handler(VALIDATE_KIND)
def _validate_job(job: Job, progress: jobs.Progress) -> None:
    data = core_imports.upload_read(job.params)
    validation = validate_upload(
        actor=job.created_by, data=data, progress=progress.set, on_total=progress.total
    )
    core_imports.record_validation(
        job,
        rows=validation.rows,
        errors=validation.errors,
        has_sheet=validation.sheet is not None,
        counts={
            "create": len(validation.plans),
            "attendance": sum(len(p.attendance) for p in validation.plans),
        },
        write_errors=lambda target: error_workbook(validation, target=target),
        error_name="会议台账导入错误报告.xlsx",
        ok_message=f"校验通过：共{validation.rows}行，将新增{len(validation.plans)}次会议。",
        next_url=result_url(job),
    )


def ledger_commit_submit(*, actor: Actor, validate_job: Job) -> Job:
    return core_imports.commit_submit(
        actor=actor,
        validate_job=validate_job,
        validate_kind=VALIDATE_KIND,
        commit_kind=COMMIT_KIND,
        title="会议台账导入",
    )


@jobs.job_handler(COMMIT_KIND)
def _commit_job(job: Job, progress: jobs.Progress) -> None:
    counts = core_imports.run_commit(
        job, progress, validate_kind=VALIDATE_KIND, commit=ledger_commit, result_url=result_url
    )
    job.message = f"导入完成：新增{counts['created']}次会议。"


# --- import: template ---------------------------------------------------------------------------------------

EXAMPLE = {
    "organization": "（系统中的党支部全称）",
    "kind": "支部党员大会",
    "title": "学习贯彻党的二十大精神",
    "held_at": "2023-03-05 14:30",
    "place": "第一会议室",
    "host": "张三",
    "recorder": "李四",
    "topics": "1.传达学习上级精神；2.讨论发展党员",
    "study_content": "党的二十大报告",
    "first_topic": "习近平总书记重要讲话",
    "present": "张三、李四、王五",
    "leave": "赵六（出差）",
    "absent": "孙七",
}
_NOTES = [
    "在“会议台账”工作表中每行填写一次已召开的会议；不要修改表头。红色表头为必填列（上表中标*）。",
    "导入的会议均登记为“已召开”，时间不能晚于现在；应到人员按会议当天的组织成员自动生成。",
    "出席、请假、缺席填写应到人员的姓名（用顿号“、”分隔），每人只能出现一次；未列出的人员按缺席登记。",
    "先上传校验（不写入任何数据），校验无误后再点“确认导入”；导入要么全部成功，要么全部不写入。",
]


def template_columns() -> list[excel.Column]:
    return [
        excel.Column(
            c.header,
            width=c.width,
            note=c.note,
            required=c.required,
            choices=[k.label for k in IMPORT_KINDS] if c.key == "kind" else None,
            text=c.key == "held_at",
        )
        for c in COLUMNS
    ]


def template_workbook() -> bytes:
    data = excel.SheetSpec(LEDGER_SHEET, template_columns())
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
    lines += [[f"注意{i}", "", note, ""] for i, note in enumerate(_NOTES, start=1)]
    help_sheet = excel.SheetSpec(
        "说明",
        [
            excel.Column("列名", width=14),
            excel.Column("是否必填", width=10),
            excel.Column("填写说明", width=80),
            excel.Column("示例", width=30),
        ],
        title="会议台账导入模板填写说明",
        rows=lines,
    )
    content = excel.write_workbook([data, help_sheet])
    assert content is not None  # no target: the bytes
    return content
