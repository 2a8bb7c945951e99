"""API: campaigns (主题活动), their figures for the caller's scope, activities with who took part,
and their outcomes (deeds, difficulties, volunteer projects). Reads through the selectors (outside
scope is 404), writes through the services (visible but not allowed is 403)."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from ninja import Query, Router
from ninja.responses import Status

from dangjian.activities import services as activity_services
from dangjian.activities.enums import ActivityKind
from dangjian.campaigns import schemas as s
from dangjian.campaigns import selectors as sx
from dangjian.campaigns import services
from dangjian.core.schemas import Id, Page, PageIn, paginate
from dangjian.organizations import scoping

router = Router(tags=["主题活动"])


def _campaign_out(campaign) -> dict:
    reporting = getattr(campaign, "reporting", None) if hasattr(campaign, "reporting") else None
    return {
        "id": campaign.pk,
        "name": campaign.name,
        "kind": campaign.kind,
        "organization": campaign.organization,
        "scope": campaign.scope,
        "first_day": campaign.first_day,
        "last_day": campaign.last_day,
        "description": campaign.description,
        "report_line": services.report_line_of(campaign) if reporting is None else reporting.report_line,
        "activity_count": getattr(campaign, "activity_count", 0),
    }


def _org(actor, org_id):
    return scoping.access_org(actor, org_id)


@router.get("/campaigns", response=Page[s.CampaignOut], summary="主题活动列表")
def campaign_list(request, filters: Query[s.CampaignQuery], page: Query[PageIn]):
    qs = sx.campaign_list(actor=request.auth, year=filters.year, q=filters.q)
    return paginate(qs, page, prepare=lambda rows: [_campaign_out(c) for c in rows])


@router.post("/campaigns", response={201: s.CampaignDetailOut}, summary="发起主题活动")
def campaign_create(request, payload: s.CampaignIn):
    actor = request.auth
    org = _org(actor, payload.organization_id)
    scope = _org(actor, payload.scope_id) if payload.scope_id else None
    with transaction.atomic():
        campaign = activity_services.campaign_create(
            actor=actor,
            name=payload.name,
            organization=org,
            scope=scope,
            kind=payload.kind,
            first_day=payload.first_day,
            last_day=payload.last_day,
            description=payload.description,
        )
        if payload.report_line:
            services.report_line_set(actor=actor, campaign=campaign, report_line=payload.report_line)
    return Status(201, _detail(actor, campaign))


def _detail(actor, campaign) -> dict:
    path = sx.viewer_path(actor, campaign)
    figures = sx.campaign_figures(campaign, path)
    return {**_campaign_out(campaign), "figures": {"scope_path": path, **asdict(figures)}}


@router.get("/campaigns/{campaign_id}", response=s.CampaignDetailOut, summary="主题活动及本范围内的参与情况")
def campaign_get(request, campaign_id: Id):
    campaign = sx.access_campaign(request.auth, campaign_id)
    return _detail(request.auth, campaign)


@router.patch("/campaigns/{campaign_id}", response=s.CampaignDetailOut, summary="修改主题活动")
def campaign_update(request, campaign_id: Id, payload: s.CampaignPatch):
    actor = request.auth
    campaign = sx.access_campaign(actor, campaign_id, write=True)
    fields = payload.model_dump(exclude_unset=True)
    line = fields.pop("report_line", None)
    with transaction.atomic():
        if fields:
            campaign = activity_services.campaign_update(actor=actor, campaign=campaign, **fields)
        if line is not None:
            services.report_line_set(actor=actor, campaign=campaign, report_line=line)
    return _detail(actor, campaign)


@router.get("/campaigns/{campaign_id}/units", response=list[s.UnitRowOut], summary="各单位参与情况")
def campaign_units(request, campaign_id: Id):
    campaign = sx.access_campaign(request.auth, campaign_id)
    return [asdict(r) for r in sx.unit_breakdown(campaign, sx.viewer_path(request.auth, campaign))]


@router.get("/campaigns/{campaign_id}/activities", response=Page[s.ActivityOut], summary="主题活动下的活动")
def activity_list(request, campaign_id: Id, page: Query[PageIn], kind: str = ""):
    campaign = sx.access_campaign(request.auth, campaign_id)
    qs = sx.campaign_activities(actor=request.auth, campaign=campaign, kind=kind or None)
    return paginate(qs, page, prepare=sx.with_took_part)


@router.post(
    "/campaigns/{campaign_id}/activities", response={201: s.ActivityOut}, summary="登记活动（含志愿服务项目）"
)
def activity_create(request, campaign_id: Id, payload: s.ActivityIn):
    actor = request.auth
    campaign = sx.access_campaign(actor, campaign_id)
    activity = services.campaign_activity_create(
        actor=actor,
        campaign=campaign,
        kind=payload.kind,
        title=payload.title,
        organization=_org(actor, payload.organization_id),
        first_day=payload.first_day,
        last_day=payload.last_day,
        place=payload.place,
        beneficiaries=payload.beneficiaries,
        description=payload.description,
    )
    return Status(201, activity)


@router.post(
    "/campaigns/{campaign_id}/activities/{activity_id}/participants",
    response={201: s.ParticipantsOut},
    summary="登记参加人员（名册中的党员）",
)
def participants_add(request, campaign_id: Id, activity_id: Id, payload: s.ParticipantsIn):
    actor = request.auth
    campaign = sx.access_campaign(actor, campaign_id)
    activity = sx.access_campaign_activity(actor, campaign, activity_id)
    rows = activity_services.participants_add(actor=actor, activity=activity, person_ids=payload.person_ids)
    return Status(201, {"added": len(rows)})


@router.get("/campaigns/{campaign_id}/projects", response=Page[s.ActivityOut], summary="志愿服务项目")
def project_list(request, campaign_id: Id, page: Query[PageIn]):
    campaign = sx.access_campaign(request.auth, campaign_id)
    qs = sx.campaign_activities(
        actor=request.auth,
        campaign=campaign,
        kind=ActivityKind.VOLUNTEER,
        path=sx.viewer_path(request.auth, campaign),
    )
    return paginate(qs, page, prepare=sx.with_took_part)


# --- deeds ----------------------------------------------------------------------------------------


def _activity_of(actor, campaign, activity_id):
    return sx.access_campaign_activity(actor, campaign, activity_id) if activity_id else None


@router.get("/campaigns/{campaign_id}/deeds", response=Page[s.DeedOut], summary="办实事台账")
def deed_list(request, campaign_id: Id, filters: Query[s.OutcomeQuery], page: Query[PageIn]):
    campaign = sx.access_campaign(request.auth, campaign_id)
    return paginate(sx.deed_list(actor=request.auth, campaign=campaign, status=filters.status), page)


@router.post("/campaigns/{campaign_id}/deeds", response={201: s.DeedOut}, summary="登记实事")
def deed_create(request, campaign_id: Id, payload: s.DeedIn):
    actor = request.auth
    campaign = sx.access_campaign(actor, campaign_id)
    deed = services.deed_create(
        actor=actor,
        campaign=campaign,
        organization=_org(actor, payload.organization_id),
        title=payload.title,
        beneficiary=payload.beneficiary,
        status=payload.status,
        done_on=payload.done_on,
        activity=_activity_of(actor, campaign, payload.activity_id),
        note=payload.note,
    )
    return Status(201, deed)


@router.get("/campaigns/deeds/{deed_id}", response=s.DeedOut, summary="实事详情")
def deed_get(request, deed_id: Id):
    return sx.access_deed(request.auth, deed_id)


@router.patch("/campaigns/deeds/{deed_id}", response=s.DeedOut, summary="修改实事（如标记办结）")
def deed_update(request, deed_id: Id, payload: s.DeedPatch):
    deed = sx.access_deed(request.auth, deed_id)
    return services.deed_update(actor=request.auth, deed=deed, **payload.model_dump(exclude_unset=True))


@router.delete("/campaigns/deeds/{deed_id}", response={204: None}, summary="删除实事")
def deed_delete(request, deed_id: Id):
    services.deed_delete(actor=request.auth, deed=sx.access_deed(request.auth, deed_id))
    return Status(204, None)


# --- difficulties ---------------------------------------------------------------------------------


@router.get("/campaigns/{campaign_id}/difficulties", response=Page[s.DifficultyOut], summary="解难题台账")
def difficulty_list(request, campaign_id: Id, filters: Query[s.OutcomeQuery], page: Query[PageIn]):
    campaign = sx.access_campaign(request.auth, campaign_id)
    return paginate(sx.difficulty_list(actor=request.auth, campaign=campaign, status=filters.status), page)


@router.post("/campaigns/{campaign_id}/difficulties", response={201: s.DifficultyOut}, summary="登记难题")
def difficulty_create(request, campaign_id: Id, payload: s.DifficultyIn):
    actor = request.auth
    campaign = sx.access_campaign(actor, campaign_id)
    row = services.difficulty_create(
        actor=actor,
        campaign=campaign,
        organization=_org(actor, payload.organization_id),
        title=payload.title,
        raised_by=payload.raised_by,
        raised_on=payload.raised_on,
        status=payload.status,
        solved_on=payload.solved_on,
        activity=_activity_of(actor, campaign, payload.activity_id),
        note=payload.note,
    )
    return Status(201, row)


@router.get("/campaigns/difficulties/{difficulty_id}", response=s.DifficultyOut, summary="难题详情")
def difficulty_get(request, difficulty_id: Id):
    return sx.access_difficulty(request.auth, difficulty_id)


@router.patch(
    "/campaigns/difficulties/{difficulty_id}", response=s.DifficultyOut, summary="修改难题（如标记解决）"
)
def difficulty_update(request, difficulty_id: Id, payload: s.DifficultyPatch):
    row = sx.access_difficulty(request.auth, difficulty_id)
    return services.difficulty_update(
        actor=request.auth, difficulty=row, **payload.model_dump(exclude_unset=True)
    )


@router.delete("/campaigns/difficulties/{difficulty_id}", response={204: None}, summary="删除难题")
def difficulty_delete(request, difficulty_id: Id):
    services.difficulty_delete(
        actor=request.auth, difficulty=sx.access_difficulty(request.auth, difficulty_id)
    )
    return Status(204, None)
