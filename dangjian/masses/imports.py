"""Import of internship posts (扬帆计划) from .xlsx (dry run, row errors, all or nothing): one row
per post of a unit in the importer's write scope."""

from __future__ import annotations

from django.utils import timezone

from dangjian.core.actors import Actor
from dangjian.core.imports import RowError
from dangjian.core.table_import import RowErrors, TableColumn, TableImport
from dangjian.masses import services
from dangjian.masses.models import InternshipPost
from dangjian.masses.selectors import units_for_posts
from dangjian.organizations import scoping

COLUMNS = [
    TableColumn("unit", "单位", required=True, width=24),
    TableColumn("title", "岗位名称", required=True, width=24),
    TableColumn("department", "处室"),
    TableColumn("places", "招收人数", note="整数，至少1", text=True),
    TableColumn("majors", "专业要求", width=24),
    TableColumn("offered_on", "发布日期", required=True, text=True),
    TableColumn("description", "岗位说明", width=40),
]


def parse_rows(actor: Actor, rows: list) -> tuple[list, list[RowError]]:
    errs = RowErrors(COLUMNS)
    units = {u.name: u for u in units_for_posts(actor=actor)}
    today = timezone.localdate()
    plans = []
    for n, row in rows:
        before = len(errs.errors)
        unit_name = errs.text(n, row, "unit", required=True, max_length=100)
        title = errs.text(n, row, "title", required=True, max_length=100)
        places = errs.integer(n, row, "places", minimum=1, default=1)
        offered = errs.date(n, row, "offered_on", required=True)
        unit = units.get(unit_name)
        if unit_name and unit is None:
            errs.add(n, "unit", f"“{unit_name}”不存在或不在您的管理范围内。")
        if offered and offered > today:
            errs.add(n, "offered_on", "发布日期不能晚于今天。")
        if len(errs.errors) > before or unit is None or offered is None:
            continue
        plans.append(
            {
                "unit": unit,
                "title": title,
                "places": places,
                "offered_on": offered,
                "department": errs.text(n, row, "department", max_length=100),
                "majors": errs.text(n, row, "majors"),
                "description": errs.text(n, row, "description", max_length=2000),
            }
        )
    return plans, errs.errors


def write_plans(actor: Actor, plans: list) -> dict:
    for p in plans:
        services.post_create(actor=actor, **p)
    return {"created": len(plans)}


REGISTRY_IMPORT = TableImport(
    name="masses.internship_posts",
    label="实习岗位",
    sheet="实习岗位",
    columns=COLUMNS,
    parse=parse_rows,
    write=write_plans,
    may_import=scoping.writes_subtree,
    result_url="masses:import_result",
    object_type=InternshipPost._meta.label_lower,
    notes=["每行登记一个实习岗位（扬帆计划）；单位须在您的管理范围内。"],
    example={
        "unit": "省财政厅",
        "title": "预算管理实习生",
        "places": "2",
        "majors": "财政学、会计学",
        "offered_on": "2023-05-10",
    },
)
