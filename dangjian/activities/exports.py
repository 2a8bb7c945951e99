"""Ledgers of the participation record as .xlsx: activities (with their counts), the participants
of one activity (ID numbers masked: only the masked form is read), the answers to a unit return."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from dangjian.activities.models import Activity, Participation, UnitReturn
from dangjian.activities.selectors import ReturnRow, with_counts
from dangjian.core import excel

MAX_ROWS = 100_000


def activities_workbook(qs: QuerySet[Activity]) -> bytes:
    columns = [
        excel.Column("名称", 36),
        excel.Column("类别", 12),
        excel.Column("组织单位", 28),
        excel.Column("开始日期", 12),
        excel.Column("结束日期", 12),
        excel.Column("地点", 20),
        excel.Column("学时", 8),
        excel.Column("参加人次", 10),
        excel.Column("名单人数", 10),
    ]

    def rows():
        ids = list(qs.values_list("pk", flat=True)[:MAX_ROWS])
        for start in range(0, len(ids), 500):
            chunk = with_counts(
                list(
                    qs.model.objects.filter(pk__in=ids[start : start + 500])
                    .select_related("organization")
                    .order_by("-first_day", "-id")
                )
            )
            for a in chunk:
                yield [
                    a.title,
                    a.get_kind_display(),
                    a.organization.name,
                    a.first_day,
                    a.last_day,
                    a.place,
                    float(a.hours) if a.hours is not None else None,
                    a.took_part,
                    a.registered,
                ]

    out = excel.write_workbook([excel.SheetSpec("活动台账", columns, title="活动台账", rows=rows())])
    assert out is not None
    return out


def participants_workbook(activity: Activity, rows: Iterable[Participation]) -> bytes:
    columns = [
        excel.Column("序号", 6),
        excel.Column("姓名", 12),
        excel.Column("身份证号", 20, text=True),
        excel.Column("人员类别", 14),
        excel.Column("所在党组织", 28),
        excel.Column("单位/来自", 24),
        excel.Column("角色", 10),
        excel.Column("状态", 10),
        excel.Column("学时", 8),
        excel.Column("方式", 12),
        excel.Column("签到时间", 18),
    ]

    def lines():
        for i, r in enumerate(rows, start=1):
            person = r.person
            yield [
                i,
                r.display_name,
                person.id_masked if person is not None else "",
                r.get_guest_kind_display() if r.guest_kind else "名册人员",
                r.organization.name if r.organization is not None else "",
                (person.unit.name if person is not None else r.guest_from),
                r.get_role_display(),
                r.get_status_display(),
                float(r.hours) if r.hours is not None else None,
                r.get_added_by_display(),
                r.signed_in_at,
            ]

    title = f"{activity.title}（{activity.first_day:%Y-%m-%d}）参加人员"
    out = excel.write_workbook([excel.SheetSpec("参加人员", columns, title=title, rows=lines())])
    assert out is not None
    return out


def unit_return_workbook(unit_return: UnitReturn, rows: list[ReturnRow], total: dict) -> bytes:
    columns = [
        excel.Column("单位", 30),
        excel.Column(unit_return.measure or "数量", 12),
        excel.Column("说明", 40),
        excel.Column("填报时间", 18),
        excel.Column("状态", 10),
    ]
    lines: list[list] = [
        [
            r.unit.name,
            r.entry.value if r.entry else None,
            r.entry.note if r.entry else "",
            r.entry.created_at if r.entry else None,
            "已填报" if r.entry else "未填报",
        ]
        for r in rows
    ]
    lines.append(
        ["合计", total["total"], f"已填报{total['answered']}个单位，未填报{total['missing']}个", None, ""]
    )
    out = excel.write_workbook(
        [
            excel.SheetSpec(
                "填报汇总", columns, title=f"{unit_return.title}（{unit_return.year}年）", rows=lines
            )
        ]
    )
    assert out is not None
    return out
