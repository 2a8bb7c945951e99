"""The initiative ledger (台账) as .xlsx: one row per record of a scoped list."""

from __future__ import annotations

from django.db.models import QuerySet

from dangjian.core.excel import Column, SheetSpec, write_workbook

COLUMNS = [
    Column("类型", 12),
    Column("名称", 30),
    Column("党组织", 30),
    Column("单位", 24),
    Column("设立日期", 12),
    Column("撤销日期", 12),
    Column("状态", 8),
    Column("成员", 30),
    Column("简介", 40),
]


def workbook(qs: QuerySet) -> bytes:
    rows = (
        [
            i.get_kind_display(),
            i.name,
            i.organization.name,
            i.unit.name,
            i.established_on,
            i.closed_on,
            i.status_label,
            "、".join(p.name for p in i.members.all()),
            i.description,
        ]
        for i in qs.prefetch_related("members").iterator(chunk_size=2000)
    )
    data = write_workbook([SheetSpec("支部特色工作", COLUMNS, rows=rows)])
    assert data is not None
    return data
