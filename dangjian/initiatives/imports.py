"""Import of the initiative registry from .xlsx (dry run, row errors, all or nothing): one row per
initiative, its organisation named as in the system (with the unit when the name is not unique)."""

from __future__ import annotations

from dangjian.core.actors import Actor
from dangjian.core.errors import ApplicationError
from dangjian.core.imports import RowError
from dangjian.core.table_import import RowErrors, TableColumn, TableImport
from dangjian.initiatives import services
from dangjian.initiatives.enums import InitiativeKind
from dangjian.initiatives.models import Initiative
from dangjian.initiatives.selectors import orgs_for_initiatives
from dangjian.organizations import scoping

KINDS = {label: value for value, label in InitiativeKind.choices}
COLUMNS = [
    TableColumn("unit", "单位", note="党组织名称不唯一时填写，用于区分"),
    TableColumn(
        "organization", "党组织", required=True, note="系统中的党组织全称，如“省财政厅第一党支部”", width=28
    ),
    TableColumn("kind", "类型", required=True, choices=list(KINDS)),
    TableColumn("name", "名称", required=True, width=28),
    TableColumn("established_on", "设立日期", required=True, note="如 2023-03-01", text=True),
    TableColumn("closed_on", "撤销日期", note="仍在建的留空", text=True),
    TableColumn("members", "成员", note="本组织人员姓名，用顿号“、”分隔", width=30),
    TableColumn("description", "简介", width=40),
]


def parse_rows(actor: Actor, rows: list) -> tuple[list, list[RowError]]:
    errs = RowErrors(COLUMNS)
    by_name: dict[str, list] = {}
    for org in orgs_for_initiatives(actor=actor):
        by_name.setdefault(org.name, []).append(org)
    seen: set[tuple] = set()
    plans = []
    for n, row in rows:
        before = len(errs.errors)
        unit_name = errs.text(n, row, "unit", max_length=100)
        org_name = errs.text(n, row, "organization", required=True, max_length=100)
        kind = errs.choice(n, row, "kind", KINDS)
        name = errs.text(n, row, "name", required=True)
        established = errs.date(n, row, "established_on", required=True)
        closed = errs.date(n, row, "closed_on")
        description = errs.text(n, row, "description", max_length=2000)
        org = None
        if org_name:
            orgs = [o for o in by_name.get(org_name, []) if not unit_name or o.unit.name == unit_name]
            if not orgs:
                errs.add(n, "organization", f"“{org_name}”不存在或不在您的管理范围内。")
            elif len(orgs) > 1:
                errs.add(n, "organization", f"“{org_name}”有{len(orgs)}个同名组织，请填写“单位”列区分。")
            else:
                org = orgs[0]
        if org is not None and kind and name:
            key = (org.pk, kind, name)
            if key in seen:
                errs.add(n, "name", "与本文件中前面的行重复。")
            seen.add(key)
        if len(errs.errors) > before or org is None or established is None:
            continue
        try:
            members = services.members_by_names(org, errs.text(n, row, "members", max_length=2000))
            services._check(
                organization=org, kind=kind, name=name, established_on=established, closed_on=closed
            )
        except ApplicationError as e:
            errs.add(n, e.field or "name", e.message)
            continue
        plans.append(
            {
                "organization": org,
                "kind": kind,
                "name": name,
                "established_on": established,
                "closed_on": closed,
                "description": description,
                "members": members,
            }
        )
    return plans, errs.errors


def write_plans(actor: Actor, plans: list) -> dict:
    for p in plans:
        services.initiative_create(actor=actor, **p)
    return {"created": len(plans)}


REGISTRY_IMPORT = TableImport(
    name="initiatives.registry",
    label="支部特色工作",
    sheet="支部特色工作",
    columns=COLUMNS,
    parse=parse_rows,
    write=write_plans,
    may_import=lambda actor: bool(scoping.scope_of(actor).write_paths),
    result_url="initiatives:import_result",
    object_type=Initiative._meta.label_lower,
    notes=[
        "每行登记一项党建品牌、党员先锋岗、党员责任区或突击队；不要修改表头，红色表头为必填列。",
        "同一党组织可登记多项；同一党组织同一类型的名称不能重复。",
    ],
    example={
        "organization": "省财政厅第一党支部",
        "kind": "党建品牌",
        "name": "“财”心向党",
        "established_on": "2023-03-01",
        "members": "张三、李四",
    },
)
