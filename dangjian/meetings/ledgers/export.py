"""Meeting ledgers (会议台账), export: one organisation subtree and year, as a background job
(core.jobs) "meetings.ledger_export" that re-applies the scope, writes two sheets (the meetings and
the attendance detail) and leaves an EXPORT audit row."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone

from dangjian.core import audit, excel, jobs
from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError, Forbidden, NotFound
from dangjian.core.models import AuditAction, Job
from dangjian.meetings import errors
from dangjian.meetings.enums import AttendanceStatus, MeetingKind, MeetingStatus, SignMethod
from dangjian.meetings.models import AgendaItem, Attendance
from dangjian.meetings.selectors import meetings as selectors
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization

EXPORT_KIND = "meetings.ledger_export"
LEDGER_SHEET = "会议台账"
DETAIL_SHEET = "出勤明细"
EXPORT_FILE = "ledger.xlsx"

KIND_LABELS = {k.value: k.label for k in MeetingKind}
_STATUS_LABELS = {s.value: s.label for s in MeetingStatus}
_ATT_LABELS = {s.value: s.label for s in AttendanceStatus}
_METHOD_LABELS = {s.value: s.label for s in SignMethod}


def local_time(moment: dt.datetime | None) -> dt.datetime | None:
    """A moment as the local wall-clock time that Excel shows (Excel dates carry no time zone)."""
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ApplicationError(errors.ERR_LEDGER_YEAR, field="year")
    if not 2000 <= year <= 2100:
        raise ApplicationError(errors.ERR_LEDGER_YEAR, field="year")
    return year


LEDGER_COLUMNS = [
    excel.Column("组织", 28),
    excel.Column("类型", 12),
    excel.Column("主题", 30),
    excel.Column("时间", 17),
    excel.Column("地点", 16),
    excel.Column("主持人", 10),
    excel.Column("记录人", 10),
    excel.Column("应到", 6),
    excel.Column("实到", 6),
    excel.Column("请假", 6),
    excel.Column("缺席", 6),
    excel.Column("第一议题", 30),
    excel.Column("学习内容", 40),
    excel.Column("状态", 8),
]
DETAIL_COLUMNS = [
    excel.Column("组织", 28),
    excel.Column("时间", 17),
    excel.Column("类型", 12),
    excel.Column("主题", 30),
    excel.Column("姓名", 10),
    excel.Column("出勤", 8),
    excel.Column("请假事由", 20),
    excel.Column("签到方式", 10),
    excel.Column("签到时间", 17),
]


def ledger_meetings(*, actor: Actor, org: PartyOrganization, year: int):
    """The meetings of the ledger: through selectors.meeting_list (scoped), in time order per organisation."""
    return selectors.meeting_list(actor=actor, org=org, year=year).order_by(
        "organization__path", "held_at", "id"
    )


def ledger_rows(qs):
    """One row per meeting, with the attendance counts and the first topic (one query)."""
    first = AgendaItem.objects.filter(meeting=OuterRef("pk"), is_first_topic=True)
    rows = qs.annotate(
        n_total=Count("attendance"),
        n_present=Count("attendance", filter=Q(attendance__status=AttendanceStatus.PRESENT)),
        n_leave=Count("attendance", filter=Q(attendance__status=AttendanceStatus.LEAVE)),
        n_absent=Count("attendance", filter=Q(attendance__status=AttendanceStatus.ABSENT)),
        first_title=Subquery(first.values("title")[:1]),
        first_speech=Subquery(first.values("speech")[:1]),
    ).values_list(
        "organization__name",
        "kind",
        "title",
        "held_at",
        "place",
        "host__name",
        "recorder__name",
        "n_total",
        "n_present",
        "n_leave",
        "n_absent",
        "first_title",
        "first_speech",
        "study_content",
        "status",
    )
    for (
        org,
        kind,
        title,
        held_at,
        place,
        host,
        recorder,
        total,
        present,
        leave,
        absent,
        f_title,
        f_speech,
        study,
        status,
    ) in rows.iterator(chunk_size=2000):
        first_topic = "：".join(x for x in (f_title, f_speech) if x) if (f_title or f_speech) else ""
        yield (
            org,
            KIND_LABELS.get(kind, kind),
            title,
            local_time(held_at),
            place,
            host or "",
            recorder or "",
            total,
            present,
            leave,
            absent,
            first_topic,
            study,
            _STATUS_LABELS.get(status, status),
        )


def detail_rows(qs):
    """One row per person on each meeting's roster (one query)."""
    rows = (
        Attendance.objects.filter(meeting_id__in=qs.values("pk"))
        .order_by(
            "meeting__organization__path", "meeting__held_at", "meeting_id", "person__name_pinyin", "id"
        )
        .values_list(
            "meeting__organization__name",
            "meeting__held_at",
            "meeting__kind",
            "meeting__title",
            "person__name",
            "status",
            "leave_reason",
            "method",
            "signed_in_at",
        )
    )
    for org, held_at, kind, title, name, status, reason, method, signed in rows.iterator(chunk_size=5000):
        yield (
            org,
            local_time(held_at),
            KIND_LABELS.get(kind, kind),
            title,
            name,
            _ATT_LABELS.get(status, status),
            reason,
            _METHOD_LABELS.get(method, method) if signed or method != SignMethod.MANUAL else "",
            local_time(signed),
        )


def _require_reader(actor) -> None:
    if not scoping.scope_of(actor).read_paths:
        raise Forbidden(errors.ERR_LEDGER_NO_SCOPE)


def ledger_export_submit(*, actor: Actor, org_id, year) -> Job:
    """Start the export of the ledger of `org_id`'s subtree for `year` (404 outside scope)."""
    org = scoping.access_org(actor, org_id)
    _require_reader(actor)
    year = _check_year(year)
    return jobs.job_submit(
        actor=actor,
        kind=EXPORT_KIND,
        title=f"导出会议台账：{org.name} {year}年",
        params={"org": org.pk, "year": year},
    )


@jobs.job_handler(EXPORT_KIND)
def _export_job(job: Job, progress: jobs.Progress) -> None:
    actor = job.created_by
    _require_reader(actor)
    try:  # the scope is applied again at run time: a grant revoked in between counts
        org = scoping.access_org(actor, job.params.get("org"))
    except Http404:
        raise NotFound()
    year = _check_year(job.params.get("year"))
    with jobs.read_snapshot():
        qs = ledger_meetings(actor=actor, org=org, year=year)
        total = qs.count()
        progress.total(total)
        excel.write_workbook(
            [
                excel.SheetSpec(
                    LEDGER_SHEET,
                    LEDGER_COLUMNS,
                    title=f"{org.name}{year}年会议台账（共{total}次）",
                    rows=ledger_rows(qs),
                ),
                excel.SheetSpec(DETAIL_SHEET, DETAIL_COLUMNS, rows=detail_rows(qs)),
            ],
            target=str(jobs.job_dir(job) / EXPORT_FILE),
        )
        progress.set(total)
    job.result_file = EXPORT_FILE
    job.result_name = f"会议台账-{org.name}-{year}.xlsx"
    job.result = {"meetings": total, "org": org.pk, "year": year}
    job.message = f"已导出 {total} 次会议。"
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="meetings.meeting",
        object_repr=f"会议台账导出 {org.name} {year}年 {total} 次"[:200],
        org_path=org.path,
        changes={"org": [None, org.name], "year": [None, year], "meetings": [None, total]},
    )
