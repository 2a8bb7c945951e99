"""API: demonstration sites. Reads through the selectors, writes through the services; outside
scope is 404, visible but not allowed 403."""

from __future__ import annotations

from ninja import Query, Router
from ninja.responses import Status

from dangjian.core import workflow
from dangjian.core.errors import get_or_404
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.organizations import scoping
from dangjian.organizations.models import PartyOrganization
from dangjian.sites import schemas as s
from dangjian.sites import selectors, services
from dangjian.sites.workflows import SITE

router = Router(tags=["示范点"])


def _detail(site, actor) -> dict:
    out = s.SiteOut.from_orm(site).model_dump()
    out["next_steps"] = [
        {"name": t.name, "label": t.label} for t in workflow.allowed_transitions(site, actor, workflow=SITE)
    ]
    out["timeline"] = list(workflow.timeline(site, workflow=SITE))
    return out


@router.get("/demo-sites", response=Page[s.SiteOut], summary="示范点列表（按状态、年度、党支部）")
def site_list(request, filters: Query[s.SiteQuery], page: Query[PageIn]):
    return paginate(selectors.site_list(actor=request.auth, **filters.model_dump()), page)


@router.get("/demo-sites/{site_id}", response=s.SiteDetailOut, summary="示范点详情、可执行操作与流转记录")
def site_detail(request, site_id: Id):
    return _detail(selectors.site_get(actor=request.auth, site_id=site_id), request.auth)


@router.post("/demo-sites", response={201: s.SiteDetailOut}, summary="党支部申报或推荐示范点")
def site_propose(request, payload: s.SiteIn):
    org = get_or_404(scoping.orgs_visible(request.auth).filter(is_active=True), payload.organization_id)
    assert isinstance(org, PartyOrganization)
    site = services.site_propose(
        actor=request.auth,
        organization=org,
        statement=payload.statement,
        year=payload.year,
        proposed_on=payload.proposed_on,
    )
    return Status(201, _detail(site, request.auth))


@router.post(
    "/demo-sites/{site_id}/steps",
    response=s.SiteDetailOut,
    summary="执行流程操作（评估、命名、核查、撤销、推荐）",
)
def site_step(request, site_id: Id, payload: s.StepIn):
    site = selectors.site_get(actor=request.auth, site_id=site_id)
    services.site_step(actor=request.auth, site=site, **payload.model_dump())
    return _detail(selectors.site_get(actor=request.auth, site_id=site_id), request.auth)
