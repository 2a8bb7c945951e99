"""Campaign pages: the list, a campaign with its figures for the viewer's scope (distinct units,
branches, members, person-times; per unit, with a chart), its activities and who took part.
Thin: reads through selectors, writes through services; outside scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse

from dangjian.activities import services as activity_services
from dangjian.activities.enums import TOOK_PART
from dangjian.activities.models import Campaign
from dangjian.activities.views import participants as participant_views
from dangjian.campaigns import errors, selectors, services
from dangjian.campaigns.forms import ActivityForm, CampaignForm, ParticipantsForm
from dangjian.core.errors import ApplicationError, Forbidden
from dangjian.core.forms import apply_error, run_service
from dangjian.core.years import FIRST_YEAR, LAST_YEAR
from dangjian.organizations import scoping
from dangjian.people.models import Person
from dangjian.people.selectors import members_on

PAGE_SIZE = 50
CHART_UNITS = 40


def require_reader(user) -> None:
    if not scoping.scope_of(user).read_paths:
        raise Forbidden(errors.ERR_NO_READ_SCOPE)


def campaign_list(request):
    user = request.user
    require_reader(user)
    try:
        year: int | None = int(request.GET.get("year") or 0)
    except ValueError:
        year = None
    if not year or not FIRST_YEAR <= year <= LAST_YEAR:
        year = None
    q = (request.GET.get("q") or "").strip()[:100]
    page = Paginator(selectors.campaign_list(actor=user, year=year, q=q), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "campaigns/campaign_list.html",
        {"page": page, "year": year, "q": q, "may_create": scoping.writes_subtree(user)},
    )


def _campaign_form(request, user, *, campaign: Campaign | None = None):
    writable = scoping.orgs_visible(user, write=True).filter(is_active=True).order_by("path")
    committee = scoping.is_committee(user)
    initial = {}
    if campaign is not None:
        initial = {
            "name": campaign.name,
            "scope": campaign.scope_id,
            "first_day": campaign.first_day,
            "last_day": campaign.last_day,
            "description": campaign.description,
            "report_line": services.report_line_of(campaign),
        }
    return CampaignForm(
        request.POST or None,
        orgs=writable,
        scopes=writable,
        committee=committee,
        editing=campaign is not None,
        initial=initial,
    )


def campaign_create(request):
    user = request.user
    scoping.require(scoping.writes_subtree(user))
    form = _campaign_form(request, user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        line = data.pop("report_line", "")
        try:
            with transaction.atomic():
                campaign = activity_services.campaign_create(
                    actor=user,
                    name=data["name"],
                    kind=data["kind"],
                    organization=data["organization"],
                    scope=data["scope"],
                    first_day=data["first_day"],
                    last_day=data["last_day"],
                    description=data["description"],
                )
                if line:
                    services.report_line_set(actor=user, campaign=campaign, report_line=line)
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, f"已发起主题活动“{campaign.name}”。")
            return redirect("campaigns:detail", campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "title": "发起主题活动"})


def campaign_edit(request, campaign_id):
    user = request.user
    campaign = selectors.access_campaign(user, campaign_id, write=True)
    form = _campaign_form(request, user, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        line = data.pop("report_line", None)
        if data.get("scope") is None:
            data["scope"] = campaign.scope
        try:
            with transaction.atomic():
                activity_services.campaign_update(actor=user, campaign=campaign, **data)
                if line is not None:
                    services.report_line_set(actor=user, campaign=campaign, report_line=line)
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, "已保存。")
            return redirect("campaigns:detail", campaign.pk)
    return render(request, "campaigns/form.html", {"form": form, "title": f"修改主题活动：{campaign.name}"})


def _chart(campaign: Campaign, units) -> dict:
    top = units[:CHART_UNITS]
    return {
        "id": "campaign-units-chart",
        "title": "各单位参与党员（人）",
        "categories": [u.name for u in top],
        "values": [u.members for u in top],
    }


def campaign_detail(request, campaign_id):
    user = request.user
    require_reader(user)
    campaign = selectors.access_campaign(user, campaign_id)
    path = selectors.viewer_path(user, campaign)
    units = selectors.unit_breakdown(campaign, path)
    figures = selectors.campaign_figures(campaign, path, units)
    activities = Paginator(
        selectors.campaign_activities(actor=user, campaign=campaign, path=path), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    activities.object_list = selectors.with_took_part(activities.object_list)
    may_record = selectors.recorder_orgs(user, campaign).exists()
    return render(
        request,
        "campaigns/campaign_detail.html",
        {
            "campaign": campaign,
            "figures": figures,
            "units": units,
            "chart": _chart(campaign, units) if units else None,
            "page": activities,
            # one prefix instead of a reverse() per row
            "activity_prefix": reverse("campaigns:detail", args=[campaign.pk]) + "activities/",
            "report_line": selectors.line_label(services.report_line_of(campaign)),
            "may_edit": scoping.can_write_path(user, campaign.organization.path),
            "may_record": may_record,
        },
    )


def activity_create(request, campaign_id):
    user = request.user
    campaign = selectors.access_campaign(user, campaign_id)
    orgs = selectors.recorder_orgs(user, campaign)
    scoping.require(orgs.exists())
    form = ActivityForm(request.POST or None, orgs=orgs, initial={"first_day": campaign.first_day})
    if request.method == "POST" and form.is_valid():
        activity = run_service(
            form, services.campaign_activity_create, actor=user, campaign=campaign, **form.cleaned_data
        )
        if activity is not None:
            messages.success(request, f"已登记活动“{activity.title}”，请登记参加人员。")
            return redirect("campaigns:activity", campaign.pk, activity.pk)
    return render(
        request,
        "campaigns/form.html",
        {"form": form, "title": f"登记活动：{campaign.name}", "campaign": campaign},
    )


def _addable_people(user, campaign: Campaign, activity) -> list[Person]:
    """Members on the activity's first day, in the organisations the actor writes inside the
    campaign's scope (a branch records its own members), not on the activity yet."""
    scope_path = campaign.scope.path
    paths = []
    for p in scoping.scope_of(user).write_paths:
        if p.startswith(scope_path):
            paths.append(p)
        elif scope_path.startswith(p):
            paths.append(scope_path)
    ids: list[int] = []
    on_it = activity.participation.filter(person__isnull=False).values("person_id")
    for p in sorted(set(paths)):
        ids += list(
            members_on(day=activity.first_day, org_path=p)
            .exclude(person_id__in=on_it)
            .values_list("person_id", flat=True)[:500]
        )
    return list(
        Person.objects.filter(id__in=ids[:500])
        .select_related("organization")
        .order_by("organization__path", "name")
    )


def activity_detail(request, campaign_id, activity_id):
    user = request.user
    require_reader(user)
    campaign = selectors.access_campaign(user, campaign_id)
    activity = selectors.access_campaign_activity(user, campaign, activity_id)
    people = _addable_people(user, campaign, activity) if scoping.writes_subtree(user) else []
    form = (
        ParticipantsForm(request.POST or None, people=people) if people or request.method == "POST" else None
    )
    if request.method == "POST":
        scoping.require(bool(people))
        assert form is not None
        if form.is_valid():
            rows = run_service(
                form,
                activity_services.participants_add,
                field_map={"person_ids": "person_ids"},
                actor=user,
                activity=activity,
                person_ids=form.cleaned_data["person_ids"],
            )
            if rows is not None:
                messages.success(request, f"已登记{len(rows)}名参加人员。")
                return redirect("campaigns:activity", campaign.pk, activity.pk)
    rows = scoping.visible(user, activity.participation.all())
    return render(
        request,
        "campaigns/activity_detail.html",
        {
            "campaign": campaign,
            "activity": activity,
            "took_part": rows.filter(status__in=TOOK_PART).count(),
            "form": form,
            "back": reverse("campaigns:detail", args=[campaign.pk]),
            # who took part: the participation record's own panel (activities), with its add page
            # (by subtree, saved lists, guests), Excel import, bulk attendance and export
            **participant_views.panel(request, activity),
        },
    )
