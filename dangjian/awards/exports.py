"""The result list of a selection (.xlsx): the nominations the actor may see, each export audited.
Individuals are listed by name and unit; no ID number is written."""

from __future__ import annotations

from django.db.models import QuerySet

from dangjian.core import audit
from dangjian.core.actors import Actor
from dangjian.core.excel import Column, SheetSpec, write_workbook
from dangjian.core.models import AuditAction

COLUMNS = [
    Column("序号", 6),
    Column("集体/个人", 10),
    Column("对象类别", 10),
    Column("名称/姓名", 30),
    Column("单位", 24),
    Column("状态", 12),
    Column("提名日期", 12),
    Column("推荐日期", 12),
    Column("决定日期", 12),
    Column("获评日期", 12),
    Column("主要事迹", 40),
]


def result_list(*, actor: Actor, selection, nominations: QuerySet) -> bytes:
    rows = [
        [
            i,
            "集体" if n.is_collective else "个人",
            n.get_nominee_kind_display(),
            n.name,
            n.unit.name,
            n.get_status_display(),
            n.nominated_on,
            n.recommended_on,
            n.decided_on,
            n.awarded_on,
            n.citation,
        ]
        for i, n in enumerate(nominations, start=1)
    ]
    title = f"{selection}结果名单"
    data = write_workbook([SheetSpec("结果名单", COLUMNS, title=title, rows=rows)])
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        obj=selection,
        object_repr=title[:200],
        changes={"rows": [None, len(rows)]},
    )
    assert data is not None
    return data
