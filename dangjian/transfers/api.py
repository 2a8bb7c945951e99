"""API: transfers (组织关系转接), the 6-month flag, mobile members and their check drives. Reads go
through the selectors, writes through the services; outside scope is 404."""

from __future__ import annotations

from django.utils import timezone
from ninja import Query, Router
from ninja.responses import Status

from dangjian.core import workflow
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.organizations import scoping
from dangjian.people import selectors as people_selectors
from dangjian.transfers import schemas as s
from dangjian.transfers import selectors as sx
from dangjian.transfers import services
from dangjian.transfers.workflows import TRANSFER

router = Router(tags=["组织关系转接"])


def _detail(t, actor):
    t.next_steps = [x.name for x in workflow.allowed_transitions(t, actor, workflow=TRANSFER)]
    return t


@router.get(
    "/transfers", response=Page[s.TransferOut], summary="组织关系转接（待我接收、转出办理中、逾期、全部）"
)
def transfer_list(request, filters: Query[s.TransferQuery], page: Query[PageIn]):
    qs = sx.transfer_list(
        actor=request.auth,
        box=filters.box,
        kind=filters.kind,
        status=filters.status,
        today=timezone.localdate(),
    )
    return paginate(qs, page)


@router.post(
    "/transfers", response={201: s.TransferDetailOut}, summary="发起组织关系转接（系统内或转出系统）"
)
def transfer_start(request, payload: s.TransferIn):
    actor = request.auth
    person = people_selectors.person_get(actor=actor, person_id=payload.person_id)
    t = services.transfer_start(actor=actor, person=person, **payload.model_dump(exclude={"person_id"}))
    return Status(201, _detail(sx.transfer_get(actor=actor, transfer_id=t.pk), actor))


@router.post("/transfers/in", response={201: s.TransferDetailOut}, summary="登记从系统外转入的党员")
def transfer_in(request, payload: s.TransferInIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id)
    t = services.transfer_register_in(
        actor=actor, organization=org, **payload.model_dump(exclude={"organization_id"})
    )
    return Status(201, _detail(t, actor))


@router.get("/transfers/{transfer_id}", response=s.TransferDetailOut, summary="组织关系转接详情与可执行操作")
def transfer_get(request, transfer_id: Id):
    return _detail(sx.transfer_get(actor=request.auth, transfer_id=transfer_id), request.auth)


def _step(request, transfer_id, fn, **kwargs):
    actor = request.auth
    t = sx.transfer_get(actor=actor, transfer_id=transfer_id)
    fn(actor=actor, transfer=t, **kwargs)
    return _detail(sx.transfer_get(actor=actor, transfer_id=transfer_id), actor)


@router.post("/transfers/{transfer_id}/accept", response=s.TransferDetailOut, summary="接收（党籍随之转入）")
def transfer_accept(request, transfer_id: Id, payload: s.StepIn):
    return _step(request, transfer_id, services.transfer_accept, on=payload.on, note=payload.note)


@router.post("/transfers/{transfer_id}/return", response=s.TransferDetailOut, summary="退回（须说明原因）")
def transfer_return(request, transfer_id: Id, payload: s.StepIn):
    return _step(request, transfer_id, services.transfer_return, note=payload.note, on=payload.on)


@router.post("/transfers/{transfer_id}/cancel", response=s.TransferDetailOut, summary="撤回")
def transfer_cancel(request, transfer_id: Id, payload: s.StepIn):
    return _step(request, transfer_id, services.transfer_cancel, note=payload.note)


@router.post(
    "/transfers/{transfer_id}/receipt", response=s.TransferDetailOut, summary="登记介绍信回执（转出完成）"
)
def transfer_receipt(request, transfer_id: Id, payload: s.StepIn):
    return _step(request, transfer_id, services.transfer_receipt, receipt_on=payload.on, note=payload.note)


@router.get(
    "/members/inactive", response=Page[s.InactiveOut], summary="连续6个月未参加组织生活或未交党费的党员"
)
def inactive(request, filters: Query[s.AsOfQuery], page: Query[PageIn]):
    return paginate(
        sx.inactive_members(actor=request.auth, as_of=filters.as_of or timezone.localdate()), page
    )


@router.get("/mobile-members", response=Page[s.MobileOut], summary="流动党员")
def mobile_list(request, page: Query[PageIn]):
    return paginate(sx.mobile_list(actor=request.auth), page)


@router.post("/mobile-members", response={201: s.MobileOut}, summary="登记流动党员")
def mobile_register(request, payload: s.MobileIn):
    actor = request.auth
    person = people_selectors.person_get(actor=actor, person_id=payload.person_id)
    return Status(
        201, services.mobile_register(actor=actor, person=person, **payload.model_dump(exclude={"person_id"}))
    )


@router.post("/mobile-members/{mobile_id}/end", response=s.MobileOut, summary="结束流动党员登记")
def mobile_end(request, mobile_id: Id):
    actor = request.auth
    return services.mobile_end(actor=actor, mobile=sx.mobile_get(actor=actor, mobile_id=mobile_id))


def _check_out(run, actor):
    run.units = [
        {"unit": g["unit"], "entries": g["rows"]} for g in sx.check_entries_by_unit(actor=actor, run=run)
    ]
    return run


@router.post("/mobile-checks", response={201: s.CheckOut}, summary="开展流动党员排查（生成各单位名单）")
def check_start(request, payload: s.CheckIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id)
    run = services.mobile_check_start(
        actor=actor, organization=org, title=payload.title, checked_on=payload.checked_on
    )
    return Status(201, _check_out(run, actor))


@router.get("/mobile-checks/{check_id}", response=s.CheckOut, summary="排查名单（按单位）")
def check_get(request, check_id: Id):
    actor = request.auth
    return _check_out(sx.check_get(actor=actor, check_id=check_id), actor)
