"""API: committee terms (with the alert status), elections and their approval, mid-term
adjustments and their approval, pre-appointment tests."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from dangjian.core.errors import ApplicationError
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.elections import schemas as s
from dangjian.elections import selectors, services
from dangjian.elections.enums import TermStatus
from dangjian.organizations import scoping
from dangjian.people import selectors as people_selectors
from dangjian.people.models import CadrePost

router = Router(tags=["换届选举与干部调整"])
Year = Annotated[int, Field(ge=1900, le=2100)]


class TermQuery(Schema):
    status: str = ""
    org: Id | None = None


@router.get("/elections/terms", response=Page[s.TermOut], summary="党组织任期（届满提醒、逾期）")
def term_list(request, filters: Query[TermQuery], page: Query[PageIn]):
    today = dt.date.today()
    status = filters.status if filters.status in TermStatus.values else ""
    qs = selectors.terms(actor=request.auth, status=status, org_id=filters.org, today=today)

    def prepare(rows):
        for o in rows:
            o.term_status = selectors.term_status(o, today)
        return rows

    return paginate(qs, page, prepare=prepare)


@router.get("/elections/elections", response=Page[s.ElectionOut], summary="换届选举列表")
def election_list(request, page: Query[PageIn], status: str = ""):
    return paginate(selectors.election_list(actor=request.auth, status=status), page)


@router.post("/elections/elections", response={201: s.ElectionOut}, summary="登记换届选举并报批")
def election_create(request, payload: s.ElectionIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id)
    members = [(people_selectors.access_person(actor, m.person_id), m.post, m.votes) for m in payload.members]
    e = services.election_create(
        actor=actor,
        organization=org,
        held_on=payload.held_on,
        method=payload.method,
        members=members,
        candidates=payload.candidates,
        voters_expected=payload.voters_expected,
        voters_present=payload.voters_present,
        note=payload.note,
    )
    return Status(201, e)


@router.get("/elections/elections/{election_id}", response=s.ElectionOut, summary="换届选举详情")
def election_detail(request, election_id: Id):
    return selectors.access_election(request.auth, election_id)


@router.post(
    "/elections/elections/{election_id}/decision", response=s.ElectionOut, summary="批复、退回或重新报批"
)
def election_decide(request, election_id: Id, payload: s.DecisionIn):
    e = selectors.access_election(request.auth, election_id)
    if payload.transition == "approve":
        services.election_approve(
            actor=request.auth, election=e, approved_on=payload.date or dt.date.today(), note=payload.note
        )
    else:
        services.election_step(actor=request.auth, election=e, name=payload.transition, note=payload.note)
    return selectors.access_election(request.auth, election_id)


@router.get("/elections/adjustments", response=Page[s.AdjustmentOut], summary="届中调整列表")
def adjustment_list(request, page: Query[PageIn], status: str = "", year: Year | None = None):
    return paginate(selectors.adjustment_list(actor=request.auth, status=status, year=year), page)


@router.post("/elections/adjustments", response={201: s.AdjustmentOut}, summary="登记届中调整并报批")
def adjustment_create(request, payload: s.AdjustmentIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id)
    left_post = None
    if payload.left_post_id is not None:
        left_post = people_selectors.access_post(actor, payload.left_post_id)
        if not isinstance(left_post, CadrePost):
            raise ApplicationError("职务不存在。", field="left_post_id")
    came = people_selectors.access_person(actor, payload.came_person_id) if payload.came_person_id else None
    adj = services.adjustment_create(
        actor=actor,
        organization=org,
        post=payload.post,
        adjusted_on=payload.adjusted_on,
        reason=payload.reason,
        left_post=left_post,
        came_person=came,
    )
    return Status(201, adj)


@router.post(
    "/elections/adjustments/{adjustment_id}/decision",
    response=s.AdjustmentOut,
    summary="批复、退回或重新报批",
)
def adjustment_decide(request, adjustment_id: Id, payload: s.DecisionIn):
    a = selectors.access_adjustment(request.auth, adjustment_id)
    if payload.transition == "approve":
        services.adjustment_approve(
            actor=request.auth, adjustment=a, approved_on=payload.date or dt.date.today(), note=payload.note
        )
    else:
        services.adjustment_step(actor=request.auth, adjustment=a, name=payload.transition, note=payload.note)
    return selectors.access_adjustment(request.auth, adjustment_id)


@router.get("/elections/pretests", response=Page[s.PreTestOut], summary="任前测试列表")
def pretest_list(request, page: Query[PageIn]):
    return paginate(selectors.pretest_list(actor=request.auth), page)


@router.post("/elections/pretests", response={201: s.PreTestOut}, summary="登记任前测试")
def pretest_create(request, payload: s.PreTestIn):
    actor = request.auth
    org = scoping.access_org(actor, payload.organization_id)
    person = people_selectors.access_person(actor, payload.person_id)
    test = services.pretest_create(
        actor=actor,
        organization=org,
        person=person,
        post=payload.post,
        tested_on=payload.tested_on,
        score=payload.score,
        passed=payload.passed,
        note=payload.note,
    )
    return Status(201, test)
