"""API: selections and awards. Reads through the selectors, writes through the services; outside
scope is 404, visible but not allowed 403."""

from __future__ import annotations

from ninja import Query, Router
from ninja.responses import Status

from dangjian.awards import schemas as s
from dangjian.awards import selectors, services
from dangjian.awards.workflows import AWARD
from dangjian.core import workflow
from dangjian.core.errors import get_or_404
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.organizations import scoping
from dangjian.organizations.models import Unit
from dangjian.people.models import Person

router = Router(tags=["评选表彰"])


def _detail(nomination, actor) -> dict:
    out = s.NominationOut.from_orm(nomination).model_dump()
    steps = workflow.allowed_transitions(nomination, actor, workflow=AWARD)
    out["next_steps"] = [{"name": t.name, "label": t.label} for t in steps]
    out["timeline"] = list(workflow.timeline(nomination, workflow=AWARD))
    return out


@router.get("/selections", response=Page[s.SelectionOut], summary="评选列表（含名额使用）")
def selection_list(request, filters: Query[s.YearQuery], page: Query[PageIn]):
    return paginate(selectors.selection_list(actor=request.auth, year=filters.year), page)


@router.post("/selections", response={201: s.SelectionOut}, summary="新建评选（工委）")
def selection_create(request, payload: s.SelectionIn):
    selection = services.selection_create(actor=request.auth, **payload.model_dump())
    return Status(201, selectors.selection_get(actor=request.auth, selection_id=selection.pk))


@router.get("/selections/{selection_id}", response=s.SelectionOut, summary="评选详情")
def selection_detail(request, selection_id: Id):
    return selectors.selection_get(actor=request.auth, selection_id=selection_id)


@router.get(
    "/selections/{selection_id}/nominations", response=Page[s.NominationOut], summary="推荐对象与结果名单"
)
def nomination_list(request, selection_id: Id, filters: Query[s.NominationQuery], page: Query[PageIn]):
    selection = selectors.selection_get(actor=request.auth, selection_id=selection_id)
    return paginate(
        selectors.nomination_list(actor=request.auth, selection=selection, status=filters.status), page
    )


@router.post(
    "/selections/{selection_id}/nominations", response={201: s.NominationDetailOut}, summary="推荐集体或个人"
)
def nomination_create(request, selection_id: Id, payload: s.NominationIn):
    actor = request.auth
    selection = selectors.selection_get(actor=actor, selection_id=selection_id)
    unit = get_or_404(scoping.units_visible(actor), payload.unit_id) if payload.unit_id else None
    org = (
        get_or_404(scoping.orgs_visible(actor), payload.organization_id) if payload.organization_id else None
    )
    person = (
        get_or_404(
            Person.objects.filter(scoping.person_q(actor)).select_related("unit", "organization"),
            payload.person_id,
        )
        if payload.person_id
        else None
    )
    assert unit is None or isinstance(unit, Unit)
    nomination = services.nomination_create(
        actor=actor,
        selection=selection,
        nominee_kind=payload.nominee_kind,
        unit=unit,
        nominee_org=org,
        person=person,
        office_name=payload.office_name,
        citation=payload.citation,
        nominated_on=payload.nominated_on,
    )
    return Status(201, _detail(nomination, actor))


@router.get("/nominations/{nomination_id}", response=s.NominationDetailOut, summary="推荐对象详情与流转记录")
def nomination_detail(request, nomination_id: Id):
    return _detail(selectors.nomination_get(actor=request.auth, nomination_id=nomination_id), request.auth)


@router.post(
    "/nominations/{nomination_id}/steps",
    response=s.NominationDetailOut,
    summary="推荐、决定授予、授予或未入选",
)
def nomination_step(request, nomination_id: Id, payload: s.StepIn):
    nomination = selectors.nomination_get(actor=request.auth, nomination_id=nomination_id)
    services.nomination_step(actor=request.auth, nomination=nomination, **payload.model_dump())
    return _detail(selectors.nomination_get(actor=request.auth, nomination_id=nomination_id), request.auth)
