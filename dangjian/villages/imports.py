"""Import of village cadres (驻村干部) from .xlsx (dry run, row errors, all or nothing): one row per
stationing, the cadre named with the sending unit (a person of that unit, unique by name there)."""

from __future__ import annotations

from functools import partial

from django.db.models import Q

from dangjian.core.actors import Actor
from dangjian.core.areas import AREA_BY_LABEL
from dangjian.core.imports import RowError
from dangjian.core.table_import import RowErrors, TableColumn, TableImport, service_refusal
from dangjian.organizations import scoping
from dangjian.people.models import Person
from dangjian.villages import services
from dangjian.villages.enums import CadreRole
from dangjian.villages.models import Stationing
from dangjian.villages.selectors import units_for_stationing

ROLES = {label: value for value, label in CadreRole.choices}
COLUMNS = [
    TableColumn("unit", "派出单位", required=True, width=24),
    TableColumn("person", "姓名", required=True),
    TableColumn("role", "身份", required=True, choices=list(ROLES)),
    TableColumn("area", "所在市", required=True, choices=list(AREA_BY_LABEL)),
    TableColumn("county", "县（市、区）"),
    TableColumn("township", "乡镇"),
    TableColumn("village", "村", required=True),
    TableColumn("started_on", "驻村开始", required=True, text=True),
    TableColumn("ended_on", "驻村结束", note="仍在驻村的留空", text=True),
]


def parse_rows(actor: Actor, rows: list) -> tuple[list, list[RowError]]:
    errs = RowErrors(COLUMNS)
    units = {u.name: u for u in units_for_stationing(actor=actor)}
    seen: set[int] = set()
    plans = []
    for n, row in rows:
        before = len(errs.errors)
        unit_name = errs.text(n, row, "unit", required=True, max_length=100)
        name = errs.text(n, row, "person", required=True, max_length=50)
        role = errs.choice(n, row, "role", ROLES)
        area = errs.choice(n, row, "area", AREA_BY_LABEL)
        village = errs.text(n, row, "village", required=True, max_length=100)
        started = errs.date(n, row, "started_on", required=True)
        ended = errs.date(n, row, "ended_on")
        unit = units.get(unit_name)
        if unit_name and unit is None:
            errs.add(n, "unit", f"“{unit_name}”不存在或不在您的管理范围内。")
        person = None
        if unit is not None and name:
            people = list(Person.objects.filter(Q(unit=unit) | Q(unit__parent=unit), name=name)[:2])
            if not people:
                errs.add(n, "person", f"“{unit_name}”没有名为“{name}”的人员。")
            elif len(people) > 1:
                errs.add(n, "person", f"“{unit_name}”有重名的“{name}”，请在页面上登记。")
            else:
                person = people[0]
        if person is not None:
            if person.pk in seen:
                errs.add(n, "person", "与本文件中前面的行重复。")
            seen.add(person.pk)
        if len(errs.errors) > before or person is None or unit is None or started is None:
            continue
        plan = {
            "person": person,
            "unit": unit,
            "role": role,
            "area": area,
            "village": village,
            "county": errs.text(n, row, "county", max_length=50),
            "township": errs.text(n, row, "township", max_length=50),
            "started_on": started,
            "ended_on": ended,
        }
        # the service's own checks (overlapping stationings...), rolled back
        refused = service_refusal(partial(services.stationing_create, actor=actor, **plan))
        if refused is not None:
            errs.add(n, refused.field or "village", refused.message)
            continue
        plans.append(plan)
    return plans, errs.errors


def write_plans(actor: Actor, plans: list) -> dict:
    for p in plans:
        services.stationing_create(actor=actor, **p)
    return {"created": len(plans)}


REGISTRY_IMPORT = TableImport(
    name="villages.stationings",
    label="驻村干部",
    sheet="驻村干部",
    columns=COLUMNS,
    parse=parse_rows,
    write=write_plans,
    may_import=scoping.writes_subtree,
    result_url="villages:import_result",
    object_type=Stationing._meta.label_lower,
    notes=["每行登记一名驻村干部的一段驻村经历；姓名须是派出单位（或其下属单位）的人员。"],
    example={
        "unit": "省财政厅",
        "person": "张三",
        "role": "第一书记",
        "area": "朝阳市",
        "county": "建平县",
        "township": "某某镇",
        "village": "某某村",
        "started_on": "2023-06-01",
    },
)
