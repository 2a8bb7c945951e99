"""API: the party tree and units. Reads through selectors/scoping, writes through services."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Query, Router, Schema
from ninja.responses import Status

from dangjian.core.schemas import NOT_SENT, Id, In, Page, PageIn, QueryIn, SortOrder, Text, paginate
from dangjian.organizations import scoping, selectors, services
from dangjian.organizations.enums import OrgKind, UnitCategory
from dangjian.organizations.models import PartyOrganization, Unit

router = Router(tags=["党组织与单位"])


# --- schemas -------------------------------------------------------------------------------


class OrgOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    unit_id: int
    unit_name: str
    parent_id: int | None
    path: str
    depth: int
    sort_order: int
    established_on: dt.date | None
    term_started_on: dt.date | None
    term_ends_on: dt.date | None
    dissolved_on: dt.date | None
    is_active: bool

    @staticmethod
    def resolve_kind_label(obj: PartyOrganization) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_unit_name(obj: PartyOrganization) -> str:
        return obj.unit.name


class OrgDetailOut(OrgOut):
    parent_name: str | None
    member_count: int
    secretary: str
    has_children: bool

    @staticmethod
    def resolve_parent_name(obj: PartyOrganization) -> str | None:
        return obj.parent.name if obj.parent else None


class OrgFilters(QueryIn):
    kind: OrgKind | None = None
    q: Annotated[str, Text(50)] = ""
    parent: Id | None = None
    under: Id | None = None
    include_inactive: bool = False


class OrgCreateIn(In):
    name: Annotated[str, Text(100, required=True)]
    kind: OrgKind
    unit_id: Id
    parent_id: Id
    established_on: dt.date | None = None
    term_started_on: dt.date | None = None
    term_ends_on: dt.date | None = None
    sort_order: SortOrder = 0


class OrgUpdateIn(In):
    # Non-nullable fields default to None only to mean "not sent": an explicit null is a 422.
    name: Annotated[str, Text(100, required=True)] = NOT_SENT
    unit_id: Id = NOT_SENT
    sort_order: SortOrder = NOT_SENT
    established_on: dt.date | None = None
    term_started_on: dt.date | None = None
    term_ends_on: dt.date | None = None


class OrgMoveIn(In):
    parent_id: Id


class OrgMergeIn(In):
    target_id: Id
    on: dt.date | None = None


class OrgDissolveIn(In):
    on: dt.date | None = None


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    credit_code: str
    category: str
    category_label: str
    parent_id: int | None
    located_in_capital: bool
    sort_order: int
    is_active: bool

    @staticmethod
    def resolve_category_label(obj: Unit) -> str:
        return obj.get_category_display()


class UnitCreateIn(In):
    name: Annotated[str, Text(100, required=True)]
    short_name: Annotated[str, Text(40)] = ""
    credit_code: Annotated[str, Text(18)] = ""
    category: UnitCategory = UnitCategory.PROVINCIAL
    parent_id: Id | None = None
    located_in_capital: bool = True
    sort_order: SortOrder = 0


class UnitUpdateIn(In):
    name: Annotated[str, Text(100, required=True)] = NOT_SENT
    short_name: Annotated[str, Text(40)] = NOT_SENT
    credit_code: Annotated[str, Text(18)] = NOT_SENT
    category: UnitCategory = NOT_SENT
    parent_id: Id | None = None  # null: no parent unit
    located_in_capital: bool = NOT_SENT
    sort_order: SortOrder = NOT_SENT
    is_active: bool = NOT_SENT


def _detail(org: PartyOrganization) -> PartyOrganization:
    selectors.annotate_tree_nodes([org])
    return org


# --- organisations -------------------------------------------------------------------------


@router.get("/organizations", response=Page[OrgOut], summary="党组织列表")
def org_list(request, filters: Query[OrgFilters], page: Query[PageIn]):
    actor = request.auth
    qs = selectors.org_list(
        actor=actor, q=filters.q, kind=filters.kind or "", include_inactive=filters.include_inactive
    )
    if filters.parent:
        qs = qs.filter(parent=scoping.access_org(actor, filters.parent))
    if filters.under:
        qs = qs.filter(path__under=scoping.access_org(actor, filters.under).path)
    return paginate(qs, page)


@router.post("/organizations", response={201: OrgDetailOut}, summary="新建党组织（工委）")
def org_create(request, payload: OrgCreateIn):
    actor = request.auth
    parent = scoping.access_org(actor, payload.parent_id, write=True)
    unit = selectors.unit_get(actor=actor, unit_id=payload.unit_id)
    org = services.org_create(
        actor=actor,
        name=payload.name,
        kind=payload.kind,
        unit=unit,
        parent=parent,
        established_on=payload.established_on,
        term_started_on=payload.term_started_on,
        term_ends_on=payload.term_ends_on,
        sort_order=payload.sort_order,
    )
    return Status(201, _detail(scoping.access_org(actor, org.pk)))


@router.get("/organizations/{org_id}", response=OrgDetailOut, summary="党组织详情")
def org_detail(request, org_id: Id):
    return _detail(scoping.access_org(request.auth, org_id))


@router.get("/organizations/{org_id}/children", response=Page[OrgDetailOut], summary="下级党组织")
def org_children(request, org_id: Id, page: Query[PageIn]):
    org = scoping.access_org(request.auth, org_id)
    qs = selectors.org_children(actor=request.auth, org=org).select_related("parent")
    return paginate(qs, page, prepare=selectors.annotate_tree_nodes)


@router.patch("/organizations/{org_id}", response=OrgDetailOut, summary="修改党组织（工委）")
def org_update(request, org_id: Id, payload: OrgUpdateIn):
    actor = request.auth
    org = scoping.access_org(actor, org_id, write=True)
    fields = payload.model_dump(exclude_unset=True)
    if "unit_id" in fields:
        fields["unit"] = selectors.unit_get(actor=actor, unit_id=fields.pop("unit_id"))
    services.org_update(actor=actor, org=org, **fields)
    return _detail(scoping.access_org(actor, org_id))


@router.post("/organizations/{org_id}/move", response=OrgDetailOut, summary="移动党组织及其下级（工委）")
def org_move(request, org_id: Id, payload: OrgMoveIn):
    actor = request.auth
    org = scoping.access_org(actor, org_id, write=True)
    parent = scoping.access_org(actor, payload.parent_id, write=True)
    services.org_move(actor=actor, org=org, new_parent=parent)
    return _detail(scoping.access_org(actor, org_id))


@router.post("/organizations/{org_id}/merge", response=OrgDetailOut, summary="党支部合并（工委）")
def org_merge(request, org_id: Id, payload: OrgMergeIn):
    actor = request.auth
    source = scoping.access_org(actor, org_id, write=True)
    target = scoping.access_org(actor, payload.target_id, write=True)
    services.org_merge(actor=actor, source=source, target=target, on=payload.on)
    return _detail(scoping.access_org(actor, target.pk))


@router.post("/organizations/{org_id}/dissolve", response=OrgDetailOut, summary="撤销党组织（工委）")
def org_dissolve(request, org_id: Id, payload: OrgDissolveIn | None = None):
    actor = request.auth
    org = scoping.access_org(actor, org_id, write=True)
    services.org_dissolve(actor=actor, org=org, on=payload.on if payload else None)
    return _detail(scoping.access_org(actor, org_id))


# --- units ---------------------------------------------------------------------------------


class UnitFilters(QueryIn):
    q: Annotated[str, Text(50)] = ""


@router.get("/units", response=Page[UnitOut], summary="单位列表")
def unit_list(request, filters: Query[UnitFilters], page: Query[PageIn]):
    return paginate(selectors.unit_list(actor=request.auth, q=filters.q), page)


@router.post("/units", response={201: UnitOut}, summary="新建单位（工委）")
def unit_create(request, payload: UnitCreateIn):
    actor = request.auth
    scoping.require(scoping.scope_of(actor).committee)
    fields = payload.model_dump()
    parent_id = fields.pop("parent_id")
    parent = selectors.unit_get(actor=actor, unit_id=parent_id) if parent_id else None
    unit = services.unit_create(actor=actor, parent=parent, **fields)
    return Status(201, unit)


@router.get("/units/{unit_id}", response=UnitOut, summary="单位详情")
def unit_detail(request, unit_id: Id):
    return selectors.unit_get(actor=request.auth, unit_id=unit_id)


@router.patch("/units/{unit_id}", response=UnitOut, summary="修改单位（工委）")
def unit_update(request, unit_id: Id, payload: UnitUpdateIn):
    actor = request.auth
    unit = selectors.unit_get(actor=actor, unit_id=unit_id)
    scoping.require(scoping.scope_of(actor).committee)
    fields = payload.model_dump(exclude_unset=True)
    if "parent_id" in fields:
        parent_id = fields.pop("parent_id")
        fields["parent"] = selectors.unit_get(actor=actor, unit_id=parent_id) if parent_id else None
    return services.unit_update(actor=actor, unit=unit, **fields)
