"""Ledgers of liaison pairings and of the parks and enterprises registry as .xlsx."""

from __future__ import annotations

from django.db.models import QuerySet

from dangjian.core.excel import Column, SheetSpec, write_workbook


def pairings_workbook(qs: QuerySet) -> bytes:
    cols = [
        Column("选派单位", 26),
        Column("对象类型", 8),
        Column("对接园区/企业", 30),
        Column("统一社会信用代码", 22, text=True),
        Column("对接开始", 12),
        Column("对接结束", 12),
        Column("选派干部", 30),
        Column("走访次数", 10),
        Column("解决问题数", 10),
        Column("备注", 30),
    ]
    rows = (
        [
            p.unit.name,
            p.partner_kind,
            p.partner.name,
            p.partner.credit_code,
            p.started_on,
            p.ended_on,
            "、".join(c.name for c in p.cadres.all()),
            p.visits,
            p.problems_solved,
            p.note,
        ]
        for p in qs.prefetch_related("cadres").iterator(chunk_size=2000)
    )
    data = write_workbook([SheetSpec("双进双促对接关系", cols, rows=rows)])
    assert data is not None
    return data


def registry_workbook(parks: QuerySet, enterprises: QuerySet) -> bytes:
    """In the import template's columns, so the file can be edited and imported elsewhere."""
    cols = [
        Column("类型", 8),
        Column("名称", 30),
        Column("统一社会信用代码", 22, text=True),
        Column("所在地区", 12),
        Column("所在园区", 24),
        Column("行业", 14),
        Column("地址", 30),
    ]
    rows = [
        ["园区", p.name, p.credit_code, p.get_area_display(), "", "", p.address] for p in parks.iterator()
    ]
    rows += [
        [
            "企业",
            e.name,
            e.credit_code,
            e.get_area_display(),
            e.park.name if e.park else "",
            e.industry,
            e.address,
        ]
        for e in enterprises.iterator()
    ]
    data = write_workbook([SheetSpec("园区和企业", cols, rows=rows)])
    assert data is not None
    return data
