"""The initiative ledger (台账) as .xlsx: one row per record of a scoped list."""

from __future__ import annotations

from django.db.models import QuerySet

from dangjian.core.excel import Column, SheetSpec, write_workbook
from dangjian.initiatives.enums import InitiativeKind
from dangjian.initiatives.models import Initiative

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
    """Two queries whatever the size: the records (with their organisation and unit) and the names of
    their members; no model instances of people are built."""
    kinds = dict(InitiativeKind.choices)
    members: dict[int, list[str]] = {}
    through = Initiative.members.through
    for initiative_id, name in (
        through.objects.filter(initiative__in=qs.order_by().values("pk"))
        .order_by("initiative_id", "person__name")
        .values_list("initiative_id", "person__name")
        .iterator(chunk_size=5000)
    ):
        members.setdefault(initiative_id, []).append(name)
    fields = (
        "pk",
        "kind",
        "name",
        "organization__name",
        "unit__name",
        "established_on",
        "closed_on",
        "description",
    )
    rows = (
        [
            kinds.get(kind, kind),
            name,
            org,
            unit,
            established,
            closed,
            "已撤销" if closed else "在建",
            "、".join(members.get(pk, ())),
            description,
        ]
        for pk, kind, name, org, unit, established, closed, description in qs.values_list(*fields).iterator(
            chunk_size=5000
        )
    )
    data = write_workbook([SheetSpec("支部特色工作", COLUMNS, rows=rows)])
    assert data is not None
    return data
