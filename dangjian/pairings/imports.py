"""Import of the parks and enterprises registry from .xlsx (dry run, row errors, all or nothing):
one row per park or enterprise; every 统一社会信用代码 is checked (GB 32100) and a wrong check
character is refused naming the row. An enterprise may name a park of the registry or of a row
above it in the same file."""

from __future__ import annotations

from dangjian.core import creditcode
from dangjian.core.actors import Actor
from dangjian.core.areas import AREA_BY_LABEL
from dangjian.core.errors import ApplicationError
from dangjian.core.imports import RowError
from dangjian.core.table_import import RowErrors, TableColumn, TableImport
from dangjian.organizations import scoping
from dangjian.pairings import services
from dangjian.pairings.models import Enterprise, Park

KINDS = {"园区": "park", "企业": "enterprise"}
COLUMNS = [
    TableColumn("kind", "类型", required=True, choices=list(KINDS)),
    TableColumn("name", "名称", required=True, width=30),
    TableColumn("credit_code", "统一社会信用代码", note="18位，企业必填；园区可不填", text=True, width=22),
    TableColumn("area", "所在地区", required=True, choices=list(AREA_BY_LABEL)),
    TableColumn("park", "所在园区", note="企业所在园区的名称（已登记或本表前面的行）", width=24),
    TableColumn("industry", "行业"),
    TableColumn("address", "地址", width=30),
]


def parse_rows(actor: Actor, rows: list) -> tuple[list, list[RowError]]:
    errs = RowErrors(COLUMNS)
    parks = {p.name: p for p in Park.objects.all()}
    used_codes = dict(Enterprise.objects.values_list("credit_code", "name")) | dict(
        Park.objects.exclude(credit_code="").values_list("credit_code", "name")
    )
    new_parks: set[str] = set()
    plans = []
    for n, row in rows:
        before = len(errs.errors)
        kind = errs.choice(n, row, "kind", KINDS)
        name = errs.text(n, row, "name", required=True)
        raw_code = errs.text(n, row, "credit_code", max_length=40)
        area = errs.choice(n, row, "area", AREA_BY_LABEL)
        park_name = errs.text(n, row, "park")
        code = ""
        if raw_code or kind == "enterprise":
            try:
                code = creditcode.normalize(raw_code)
            except ApplicationError as e:
                errs.add(n, "credit_code", e.message)
            else:
                if code in used_codes:
                    errs.add(n, "credit_code", f"代码{code}已被“{used_codes[code]}”使用。")
                used_codes[code] = name
        if kind == "park" and name:
            if name in parks or name in new_parks:
                errs.add(n, "name", f"园区“{name}”已登记。")
            new_parks.add(name)
        if kind == "enterprise" and park_name and park_name not in parks and park_name not in new_parks:
            errs.add(n, "park", f"园区“{park_name}”未登记。")
        if len(errs.errors) > before:
            continue
        plan = {"kind": kind, "name": name, "credit_code": code, "area": area}
        if kind == "park":
            plan["address"] = errs.text(n, row, "address")
        else:
            plan |= {"park": park_name, "industry": errs.text(n, row, "industry", max_length=100)}
            plan["address"] = errs.text(n, row, "address")
        plans.append(plan)
    return plans, errs.errors


def write_plans(actor: Actor, plans: list) -> dict:
    parks = {p.name: p for p in Park.objects.all()}
    made = {"parks": 0, "enterprises": 0}
    for p in plans:
        p = dict(p)
        if p.pop("kind") == "park":
            park = services.park_create(actor=actor, **p)
            parks[park.name] = park
            made["parks"] += 1
        else:
            name = p.pop("park")
            services.enterprise_create(actor=actor, park=parks.get(name) if name else None, **p)
            made["enterprises"] += 1
    return {"created": len(plans), **made}


REGISTRY_IMPORT = TableImport(
    name="pairings.registry",
    label="园区和企业名录",
    sheet="园区和企业",
    columns=COLUMNS,
    parse=parse_rows,
    write=write_plans,
    may_import=scoping.writes_subtree,
    result_url="pairings:import_result",
    object_type=Enterprise._meta.label_lower,
    notes=[
        "每行登记一个园区或一家企业；企业必须填写统一社会信用代码（18位，按GB 32100校验末位校验码）。",
        "企业的“所在园区”须是已登记的园区，或本表中写在它前面的园区行。",
    ],
    example={
        "kind": "企业",
        "name": "辽宁某某装备制造有限公司",
        "credit_code": "91210100000123457K",
        "area": "沈阳市",
        "park": "沈阳经济技术开发区",
        "industry": "装备制造",
    },
)
