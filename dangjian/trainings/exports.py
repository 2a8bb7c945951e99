"""Exports of a class: the trainee list (学员名单) and the certificate list (结业证书名单), ID
numbers masked; each export audited."""

from __future__ import annotations

from django.http import HttpResponse

from dangjian.activities.enums import ParticipationStatus
from dangjian.core import audit, excel
from dangjian.core.actors import Actor
from dangjian.core.models import AuditAction
from dangjian.trainings.models import TrainingClass
from dangjian.trainings.selectors import TraineeRow

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition(filename)
    return response


def _audit(actor: Actor, tc: TrainingClass, what: str, n: int) -> None:
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=tc,
        changes={"export": [None, what], "rows": [None, n]},
    )


def trainee_list(*, actor: Actor, training_class: TrainingClass, rows: list[TraineeRow]) -> HttpResponse:
    columns = [
        excel.Column("序号", 6),
        excel.Column("姓名", 10),
        excel.Column("身份证号", 20, text=True),
        excel.Column("工作单位", 24),
        excel.Column("所在党组织", 28),
        excel.Column("出勤天数", 10),
        excel.Column("出勤率（%）", 12),
        excel.Column("状态", 10),
    ]
    data = [
        [
            i,
            r.participation.display_name,
            r.participation.person.id_masked if r.participation.person else "",
            r.participation.unit.name if r.participation.unit else r.participation.guest_from,
            r.participation.organization.name if r.participation.organization else "",
            r.present_days,
            float(r.rate),
            r.participation.get_status_display(),
        ]
        for i, r in enumerate(rows, start=1)
    ]
    title = f"{training_class}学员名单（共{len(data)}人）"
    _audit(actor, training_class, "trainees", len(data))
    return _response(
        excel.write_workbook([excel.SheetSpec("学员名单", columns, title=title, rows=data)]) or b"",
        f"{training_class}学员名单.xlsx",
    )


def certificate_list(*, actor: Actor, training_class: TrainingClass, rows: list[TraineeRow]) -> HttpResponse:
    columns = [
        excel.Column("证书编号", 22),
        excel.Column("姓名", 10),
        excel.Column("工作单位", 24),
        excel.Column("培训班", 36),
        excel.Column("学时", 8),
        excel.Column("结业日期", 12),
    ]
    activity = training_class.activity
    done = [r for r in rows if r.participation.status == ParticipationStatus.COMPLETED and r.certificate]
    data = [
        [
            r.certificate,
            r.participation.display_name,
            r.participation.unit.name if r.participation.unit else r.participation.guest_from,
            str(training_class),
            float(activity.hours) if activity.hours is not None else None,
            r.issued_on,
        ]
        for r in done
    ]
    title = f"{training_class}结业证书名单（共{len(data)}人）"
    _audit(actor, training_class, "certificates", len(data))
    return _response(
        excel.write_workbook([excel.SheetSpec("结业证书", columns, title=title, rows=data)]) or b"",
        f"{training_class}结业证书名单.xlsx",
    )


def hours_list(*, actor: Actor, year: int, rows: list, label: str) -> HttpResponse:
    columns = [
        excel.Column("姓名", 10),
        excel.Column("所在党组织", 30),
        excel.Column("对象", 24),
        excel.Column("年度要求学时", 14),
        excel.Column("已完成学时", 12),
        excel.Column("是否达标", 10),
    ]
    data = [[r.name, r.organization, r.category_label, r.required, float(r.hours), not r.short] for r in rows]
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="trainings.hours",
        object_repr=f"{year}年学时统计 {label}"[:200],
        changes={"year": [None, year], "rows": [None, len(data)]},
    )
    title = f"{year}年党员教育培训学时统计（{label}，共{len(data)}人）"
    return _response(
        excel.write_workbook([excel.SheetSpec("学时统计", columns, title=title, rows=data)]) or b"",
        f"{year}年学时统计.xlsx",
    )
