"""Ledgers of internship posts and suggestions as .xlsx."""

from __future__ import annotations

from django.db.models import QuerySet

from dangjian.core.excel import Column, SheetSpec, write_workbook


def posts_workbook(qs: QuerySet) -> bytes:
    cols = [
        Column("单位", 24),
        Column("岗位名称", 24),
        Column("处室", 16),
        Column("招收人数", 10),
        Column("专业要求", 24),
        Column("发布日期", 12),
        Column("申请人数", 10),
        Column("到岗人数", 10),
    ]
    rows = (
        [
            p.unit.name,
            p.title,
            p.department,
            p.places,
            p.majors,
            p.offered_on,
            p.application_count,
            p.placed_count,
        ]
        for p in qs
    )
    data = write_workbook([SheetSpec("实习岗位", cols, rows=rows)])
    assert data is not None
    return data


def suggestions_workbook(qs: QuerySet) -> bytes:
    cols = [
        Column("活动", 16),
        Column("建言人", 10),
        Column("工作单位及身份", 24),
        Column("推荐单位", 20),
        Column("题目", 30),
        Column("建议内容", 60),
        Column("提交日期", 12),
        Column("已采纳", 8),
        Column("采纳日期", 12),
    ]
    rows = (
        [
            s.drive,
            s.submitter,
            s.affiliation,
            s.unit.name if s.unit else "",
            s.topic,
            s.text,
            s.submitted_on,
            s.adopted,
            s.adopted_on,
        ]
        for s in qs.iterator(chunk_size=2000)
    )
    data = write_workbook([SheetSpec("建言献策", cols, rows=rows)])
    assert data is not None
    return data
