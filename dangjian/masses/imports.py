"""Imports from .xlsx (dry run, row errors, all or nothing; core.table_import): internship posts
(扬帆计划), one row per post of a unit in the importer's write scope; suggestions (建言献策), one row
per suggestion, recommended by a unit in the importer's write scope (or filed under the importer's
own organisation), adopted when the row gives the adoption date."""

from __future__ import annotations

from functools import partial

from django.utils import timezone

from dangjian.core.actors import Actor
from dangjian.core.imports import RowError
from dangjian.core.table_import import RowErrors, TableColumn, TableImport, service_refusal
from dangjian.masses import services
from dangjian.masses.models import InternshipPost, Suggestion
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


# --- suggestions (建言献策) ---------------------------------------------------------------------------

SUGGESTION_COLUMNS = [
    TableColumn("drive", "活动", required=True, width=20),
    TableColumn("submitter", "建言人", required=True),
    TableColumn("affiliation", "工作单位及身份", width=24),
    TableColumn("unit", "推荐单位", note="须在您的管理范围内；不填则登记在您所在的组织下", width=24),
    TableColumn("topic", "题目", required=True, width=30),
    TableColumn("text", "建议内容", required=True, width=50),
    TableColumn("submitted_on", "提交日期", required=True, text=True),
    TableColumn("adopted_on", "采纳日期", note="已采纳的填写，不早于提交日期；未采纳的留空", text=True),
    TableColumn("adoption_note", "采纳情况", width=30),
]
# The services' fields and the columns that hold them.
SUGGESTION_FIELD_COLUMNS = {
    "drive": "drive",
    "submitter": "submitter",
    "unit": "unit",
    "topic": "topic",
    "text": "text",
    "submitted_on": "submitted_on",
    "adopted_on": "adopted_on",
}


def _write_suggestion(actor: Actor, plan: dict) -> None:
    plan = dict(plan)
    adopted_on, note = plan.pop("adopted_on"), plan.pop("adoption_note")
    row = services.suggestion_create(actor=actor, **plan)
    if adopted_on is not None:
        services.suggestion_adopt(actor=actor, suggestion=row, adopted_on=adopted_on, note=note)


def parse_suggestions(actor: Actor, rows: list) -> tuple[list, list[RowError]]:
    errs = RowErrors(SUGGESTION_COLUMNS)
    units = {u.name: u for u in units_for_posts(actor=actor)}
    plans = []
    for n, row in rows:
        before = len(errs.errors)
        plan = {
            "drive": errs.text(n, row, "drive", required=True, max_length=100),
            "submitter": errs.text(n, row, "submitter", required=True, max_length=50),
            "affiliation": errs.text(n, row, "affiliation", max_length=100),
            "topic": errs.text(n, row, "topic", required=True, max_length=200),
            "text": errs.text(n, row, "text", required=True, max_length=20000),
            "submitted_on": errs.date(n, row, "submitted_on", required=True),
            "adopted_on": errs.date(n, row, "adopted_on"),
            "adoption_note": errs.text(n, row, "adoption_note", max_length=500),
            "unit": None,
        }
        unit_name = errs.text(n, row, "unit", max_length=100)
        if unit_name:
            plan["unit"] = units.get(unit_name)
            if plan["unit"] is None:
                errs.add(n, "unit", f"“{unit_name}”不存在或不在您的管理范围内。")
        if len(errs.errors) > before:
            continue
        # the services' own checks (dates, scope), rolled back
        refused = service_refusal(partial(_write_suggestion, actor, plan))
        if refused is not None:
            errs.add(n, SUGGESTION_FIELD_COLUMNS.get(refused.field or "", "topic"), refused.message)
            continue
        plans.append(plan)
    return plans, errs.errors


def write_suggestions(actor: Actor, plans: list) -> dict:
    for p in plans:
        _write_suggestion(actor, p)
    return {"created": len(plans)}


SUGGESTION_IMPORT = TableImport(
    name="masses.suggestions",
    label="建言献策",
    sheet="建言献策",
    columns=SUGGESTION_COLUMNS,
    parse=parse_suggestions,
    write=write_suggestions,
    may_import=scoping.writes_subtree,
    result_url="masses:suggestion_import_result",
    object_type=Suggestion._meta.label_lower,
    notes=[
        "每行登记一条建议（如“百名博士献百策”活动收到的建议）；推荐单位须在您的管理范围内。",
        "已采纳的建议填写采纳日期（不早于提交日期、不晚于今天），导入后即为“已采纳”。",
    ],
    example={
        "drive": "百名博士献百策",
        "submitter": "王博",
        "affiliation": "东北大学 博士",
        "unit": "省财政厅",
        "topic": "关于优化营商环境的建议",
        "text": "建议……",
        "submitted_on": "2023-06-10",
    },
)
