"""Imports from .xlsx (dry run, row errors, all or nothing; core.table_import):

- the parks and enterprises registry: one row per park or enterprise; every 统一社会信用代码 is
  checked (GB 32100) and a wrong check character is refused naming the row. An enterprise may name
  a park of the registry or of a row above it in the same file;
- the pairings (对接关系): one row per pairing of a unit in the importer's write scope with a park
  or an enterprise of the registry (an enterprise found by its checked credit code), with the cadres
  sent, the period, the visits and the problems solved."""

from __future__ import annotations

from functools import partial

from dangjian.core import creditcode
from dangjian.core.actors import Actor
from dangjian.core.areas import AREA_BY_LABEL
from dangjian.core.errors import ApplicationError
from dangjian.core.imports import RowError
from dangjian.core.table_import import RowErrors, TableColumn, TableImport, service_refusal
from dangjian.organizations import scoping
from dangjian.pairings import services
from dangjian.pairings.models import Enterprise, Pairing, Park
from dangjian.pairings.selectors import units_for_pairing

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


# --- pairings --------------------------------------------------------------------------------------

PAIRING_COLUMNS = [
    TableColumn("unit", "选派单位", required=True, width=24),
    TableColumn("kind", "对接类型", required=True, choices=list(KINDS)),
    TableColumn("name", "园区或企业名称", note="须是名录中已登记的园区或企业", width=30),
    TableColumn(
        "credit_code",
        "统一社会信用代码",
        note="企业必填（18位，按GB 32100校验）；园区可不填",
        text=True,
        width=22,
    ),
    TableColumn("started_on", "对接开始", required=True, text=True),
    TableColumn("ended_on", "对接结束", note="仍在对接的留空", text=True),
    TableColumn("cadres", "选派干部", note="本单位人员姓名，用顿号“、”分隔", width=24),
    TableColumn("visits", "走访次数", note="整数，不填为0", text=True),
    TableColumn("problems_solved", "解决问题数", note="整数，不填为0", text=True),
    TableColumn("note", "备注", width=30),
]


# The service's fields and the columns that hold them.
PAIRING_FIELD_COLUMNS = {
    "unit": "unit",
    "park": "name",
    "enterprise": "name",
    "started_on": "started_on",
    "ended_on": "ended_on",
    "cadres": "cadres",
    "visits": "visits",
    "problems_solved": "problems_solved",
}


def _partner(errs: RowErrors, n: int, row: dict, kind: str, parks: dict, enterprises: dict):
    """The park or enterprise a row names: an enterprise by its credit code (checked, GB 32100), a
    park by its name (or its code when one is given)."""
    name = errs.text(n, row, "name")
    raw_code = errs.text(n, row, "credit_code", max_length=40)
    code = ""
    if raw_code or kind == "enterprise":
        try:
            code = creditcode.normalize(raw_code)
        except ApplicationError as e:
            errs.add(n, "credit_code", e.message)
            return None
    if kind == "enterprise":
        found = enterprises.get(code)
        if found is None:
            errs.add(n, "credit_code", f"代码{code}的企业未在名录中登记，请先登记或导入园区和企业名录。")
        elif name and name != found.name:
            errs.add(n, "name", f"与名录中该代码的企业名称“{found.name}”不一致。")
            return None
        return found
    if not name and not code:
        errs.add(n, "name", "园区须填写名称。")
        return None
    found = parks["code"].get(code) if code else parks["name"].get(name)
    if found is None:
        errs.add(n, "name" if name else "credit_code", f"园区“{name or code}”未在名录中登记。")
    elif name and name != found.name:
        errs.add(n, "name", f"与名录中该代码的园区名称“{found.name}”不一致。")
        return None
    return found


def parse_pairings(actor: Actor, rows: list) -> tuple[list, list[RowError]]:
    errs = RowErrors(PAIRING_COLUMNS)
    units = {u.name: u for u in units_for_pairing(actor=actor)}
    parks: dict[str, dict[str, Park]] = {"name": {}, "code": {}}
    for p in Park.objects.all():
        parks["name"][p.name] = p
        if p.credit_code:
            parks["code"][p.credit_code] = p
    enterprises = {e.credit_code: e for e in Enterprise.objects.all()}
    seen: dict[tuple, int] = {}
    plans = []
    for n, row in rows:
        before = len(errs.errors)
        unit_name = errs.text(n, row, "unit", required=True, max_length=100)
        kind = errs.choice(n, row, "kind", KINDS)
        started = errs.date(n, row, "started_on", required=True)
        ended = errs.date(n, row, "ended_on")
        visits = errs.integer(n, row, "visits")
        solved = errs.integer(n, row, "problems_solved")
        note = errs.text(n, row, "note", max_length=500)
        unit = units.get(unit_name)
        if unit_name and unit is None:
            errs.add(n, "unit", f"“{unit_name}”不存在或不在您的管理范围内。")
        partner = _partner(errs, n, row, kind, parks, enterprises) if kind else None
        cadres = []
        if unit is not None:
            try:
                cadres = services.cadres_by_names(unit, errs.text(n, row, "cadres", max_length=2000))
            except ApplicationError as e:
                errs.add(n, "cadres", e.message)
        if unit is not None and partner is not None:
            key = (unit.pk, kind, partner.pk)
            if key in seen:
                errs.add(n, "name", f"与本文件第{seen[key]}行重复。")
            seen.setdefault(key, n)
        if len(errs.errors) > before or unit is None or partner is None or started is None:
            continue
        plan = {
            "unit": unit,
            kind: partner,
            "started_on": started,
            "ended_on": ended,
            "cadres": cadres,
            "visits": visits,
            "problems_solved": solved,
            "note": note,
        }
        # the service's own checks (dates, an open pairing already registered...), rolled back
        refused = service_refusal(partial(services.pairing_create, actor=actor, **plan))
        if refused is not None:
            errs.add(n, PAIRING_FIELD_COLUMNS.get(refused.field or "", "name"), refused.message)
            continue
        plans.append(plan)
    return plans, errs.errors


def write_pairings(actor: Actor, plans: list) -> dict:
    for p in plans:
        services.pairing_create(actor=actor, **p)
    return {"created": len(plans)}


PAIRING_IMPORT = TableImport(
    name="pairings.pairings",
    label="双进双促对接关系",
    sheet="对接关系",
    columns=PAIRING_COLUMNS,
    parse=parse_pairings,
    write=write_pairings,
    may_import=scoping.writes_subtree,
    result_url="pairings:pairing_import_result",
    object_type=Pairing._meta.label_lower,
    notes=[
        "每行登记一个单位与一个园区或一家企业的对接关系；选派单位须在您的管理范围内。",
        "企业按统一社会信用代码（18位，按GB 32100校验末位校验码）在名录中查找，园区按名称查找；"
        "名录中没有的，先在“园区和企业名录”登记或导入。",
        "选派干部须是选派单位（或其下属单位）的人员。",
    ],
    example={
        "unit": "省财政厅",
        "kind": "企业",
        "name": "辽宁某某装备制造有限公司",
        "credit_code": "91210100000123457K",
        "started_on": "2023-03-01",
        "cadres": "张三、李四",
        "visits": "6",
        "problems_solved": "3",
    },
)
