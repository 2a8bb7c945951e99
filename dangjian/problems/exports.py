"""The rectification ledger (整改台账) as .xlsx, in the columns such ledgers use: the rows the
actor sees under the list's filters. Audited as an export."""

from __future__ import annotations

import datetime as dt

from dangjian.core import audit, excel
from dangjian.core.actors import Actor
from dangjian.core.models import AuditAction
from dangjian.problems import selectors as sx
from dangjian.problems.enums import OPEN_STATUSES

COLUMNS = [
    excel.Column("序号", width=6),
    excel.Column("责任单位", width=24),
    excel.Column("上级单位", width=18),
    excel.Column("责任党组织", width=24),
    excel.Column("问题来源", width=10),
    excel.Column("来源说明", width=20),
    excel.Column("年度", width=6),
    excel.Column("问题描述", width=50),
    excel.Column("整改措施", width=40),
    excel.Column("责任人", width=10),
    excel.Column("交办日期", width=12),
    excel.Column("整改时限", width=12),
    excel.Column("整改进展", width=30),
    excel.Column("整改完成情况", width=30),
    excel.Column("整改状态", width=10),
    excel.Column("销号日期", width=12),
    excel.Column("是否逾期", width=8),
]
FILENAME = "问题整改台账.xlsx"


def _row(i: int, p, today: dt.date) -> list:
    late = (p.status in OPEN_STATUSES and p.deadline < today) or (p.closed_on and p.closed_on > p.deadline)
    return [
        i,
        p.unit.name,
        p.unit.parent.name if p.unit.parent_id else "",
        p.organization.name,
        p.get_source_display(),
        p.source_ref,
        p.year,
        p.description,
        p.measures,
        p.responsible,
        p.found_on,
        p.deadline,
        p.progress,
        p.result,
        p.get_status_display(),
        p.closed_on,
        "是" if late else "否",
    ]


def ledger_workbook(*, actor: Actor, filters: sx.Filters, today: dt.date) -> tuple[bytes, int]:
    qs = sx.problem_list(actor=actor, filters=filters, today=today).prefetch_related(None)
    qs = qs.select_related("unit__parent", "organization")
    qs = qs.order_by("unit__sort_order", "unit_id", "deadline", "id")
    rows = [_row(i, p, today) for i, p in enumerate(qs.iterator(chunk_size=2000), start=1)]
    title = f"问题整改台账（导出日期：{today:%Y年%m月%d日}）"
    data = excel.write_workbook([excel.SheetSpec("整改台账", COLUMNS, title=title, rows=rows)])
    assert data is not None
    audit.record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="problems.problem",
        object_repr=FILENAME,
        changes={"rows": [None, len(rows)], "filters": [None, {k: v for k, v in vars(filters).items() if v}]},
    )
    return data, len(rows)
