"""The demonstration-site ledger (.xlsx): the rows the actor may see, each export audited."""

from __future__ import annotations

from django.db.models import QuerySet

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.excel import Column, SheetSpec, write_workbook
from dangjian.core.models import AuditAction

COLUMNS = [
    Column("党支部", 30),
    Column("单位", 22),
    Column("来源", 10),
    Column("状态", 10),
    Column("申报年度", 10),
    Column("申报日期", 12),
    Column("命名日期", 12),
    Column("有效期至", 12),
    Column("最近核查", 12),
    Column("撤销日期", 12),
    Column("撤销原因", 30),
    Column("推荐省级日期", 14),
]


def site_ledger(*, actor: Actor, sites: QuerySet, title: str) -> bytes:
    rows = [
        [
            s.organization.name,
            s.unit.name,
            s.get_origin_display(),
            s.get_status_display(),
            s.year,
            s.proposed_on,
            s.named_on,
            s.valid_until,
            s.last_reviewed_on,
            s.revoked_on,
            s.revoke_reason,
            s.provincial_on,
        ]
        for s in sites
    ]
    data = write_workbook([SheetSpec("示范点台账", COLUMNS, title=title, rows=rows)])
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="sites.demosite",
        object_repr=title[:200],
        changes={"rows": [None, len(rows)]},
    )
    assert data is not None
    return data
