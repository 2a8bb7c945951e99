"""Ledgers of village cadres as .xlsx: the stationings, and the "两头不见人" list."""

from __future__ import annotations

from django.db.models import QuerySet

from dangjian.core.excel import Column, SheetSpec, write_workbook


def stationings_workbook(qs: QuerySet) -> bytes:
    cols = [
        Column("派出单位", 24),
        Column("姓名", 10),
        Column("身份", 10),
        Column("所在市", 10),
        Column("县（市、区）", 12),
        Column("乡镇", 12),
        Column("村", 16),
        Column("驻村开始", 12),
        Column("驻村结束", 12),
    ]
    rows = (
        [
            s.unit.name,
            s.person.name,
            s.get_role_display(),
            s.get_area_display(),
            s.county,
            s.township,
            s.village,
            s.started_on,
            s.ended_on,
        ]
        for s in qs.iterator(chunk_size=2000)
    )
    data = write_workbook([SheetSpec("驻村干部", cols, rows=rows)])
    assert data is not None
    return data


def absent_workbook(qs: QuerySet) -> bytes:
    cols = [
        Column("抽查日期", 12),
        Column("姓名", 10),
        Column("派出单位", 24),
        Column("村", 16),
        Column("抽查人", 12),
        Column("说明", 30),
    ]
    rows = (
        [
            c.checked_on,
            c.stationing.person.name,
            c.stationing.unit.name,
            c.stationing.village,
            c.checked_by,
            c.note,
        ]
        for c in qs.iterator(chunk_size=2000)
    )
    data = write_workbook([SheetSpec("两头不见人", cols, rows=rows)])
    assert data is not None
    return data
