"""The outcome ledgers as .xlsx (实事台账, 难题台账, 志愿服务项目台账): the rows the actor sees, written
with core.excel, each export leaving an EXPORT audit row. No personal ID numbers are exported."""

from __future__ import annotations

from dangjian.activities.enums import ActivityKind
from dangjian.activities.models import Campaign
from dangjian.campaigns import selectors
from dangjian.core import audit, excel
from dangjian.core.actors import Actor
from dangjian.core.models import AuditAction

MAX_EXPORT_ROWS = 100_000


def _audit(actor: Actor, campaign: Campaign, what: str, n: int) -> None:
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=campaign,
        object_repr=f"{campaign.name} {what}"[:200],
        changes={"rows": [None, n], "ledger": [None, what]},
    )


def deeds_workbook(*, actor: Actor, campaign: Campaign) -> bytes:
    qs = selectors.deed_list(actor=actor, campaign=campaign).order_by("organization__path", "done_on", "id")
    rows = [
        [
            campaign.name,
            d.organization.name,
            d.unit.name,
            d.title,
            d.beneficiary,
            d.get_status_display(),
            d.done_on,
            d.activity.title if d.activity else "",
            d.note,
        ]
        for d in qs[:MAX_EXPORT_ROWS]
    ]
    columns = [
        excel.Column("主题活动", 30),
        excel.Column("党组织", 28),
        excel.Column("单位", 20),
        excel.Column("实事内容", 40),
        excel.Column("服务对象", 20),
        excel.Column("办理状态", 10),
        excel.Column("办结日期", 12),
        excel.Column("相关活动", 24),
        excel.Column("备注", 30),
    ]
    _audit(actor, campaign, "实事台账", len(rows))
    return excel.write_workbook([excel.SheetSpec("实事台账", columns, rows=rows)]) or b""


def difficulties_workbook(*, actor: Actor, campaign: Campaign) -> bytes:
    qs = selectors.difficulty_list(actor=actor, campaign=campaign).order_by(
        "organization__path", "raised_on", "id"
    )
    rows = [
        [
            campaign.name,
            d.organization.name,
            d.unit.name,
            d.title,
            d.raised_by,
            d.raised_on,
            d.get_status_display(),
            d.solved_on,
            d.note,
        ]
        for d in qs[:MAX_EXPORT_ROWS]
    ]
    columns = [
        excel.Column("主题活动", 30),
        excel.Column("党组织", 28),
        excel.Column("单位", 20),
        excel.Column("难题内容", 40),
        excel.Column("反映人/来源", 16),
        excel.Column("提出日期", 12),
        excel.Column("解决状态", 10),
        excel.Column("解决日期", 12),
        excel.Column("备注", 30),
    ]
    _audit(actor, campaign, "难题台账", len(rows))
    return excel.write_workbook([excel.SheetSpec("难题台账", columns, rows=rows)]) or b""


def projects_workbook(*, actor: Actor, campaign: Campaign) -> bytes:
    qs = selectors.campaign_activities(
        actor=actor,
        campaign=campaign,
        kind=ActivityKind.VOLUNTEER,
        path=selectors.viewer_path(actor, campaign),
    )
    rows = [
        [
            a.title,
            a.organization.name,
            a.unit.name,
            a.first_day,
            a.last_day,
            a.place,
            getattr(a, "took_part", 0),  # annotated by the selector
            a.beneficiaries or 0,
        ]
        for a in selectors.with_took_part(qs[:MAX_EXPORT_ROWS])
    ]
    columns = [
        excel.Column("项目名称", 36),
        excel.Column("组织单位", 28),
        excel.Column("单位", 20),
        excel.Column("开始日期", 12),
        excel.Column("结束日期", 12),
        excel.Column("地点", 20),
        excel.Column("参加党员（人次）", 14),
        excel.Column("惠及群众（人次）", 14),
    ]
    _audit(actor, campaign, "志愿服务项目台账", len(rows))
    return excel.write_workbook([excel.SheetSpec("志愿服务项目", columns, rows=rows)]) or b""
