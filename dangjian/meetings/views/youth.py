"""Pages of youth theory study groups (青年理论学习小组). Thin: reads
through selectors/youth.py, writes through services/youth.py; outside scope is 404, a visible object
the actor may not change is 403 (Forbidden, turned into the 403 page by the middleware)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dangjian.core.errors import ApplicationError
from dangjian.core.forms import apply_error
from dangjian.meetings.forms import youth as forms
from dangjian.meetings.selectors import youth as selectors
from dangjian.meetings.services import youth as youth_services
from dangjian.meetings.years import year_choice
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind
from dangjian.organizations.models import Unit

PAGE_SIZE = 30
ORG_SELECT_LIMIT = 300  # above this, the organisation selects list committees and general branches only


def _meeting_url(meeting_id: int) -> str:
    return reverse("meetings:detail", args=[meeting_id])


def _orgs_for_select(qs, selected=None):
    if qs.count() > ORG_SELECT_LIMIT:
        qs = qs.filter(
            kind__in=[OrgKind.WORKING_COMMITTEE, OrgKind.ORGAN_COMMITTEE, OrgKind.GENERAL_BRANCH]
        ) | qs.filter(pk=selected or 0)
    return qs


def _writable_units(user):
    return Unit.objects.filter(pk__in=selectors.youth_guiding_orgs(actor=user).values("unit_id")).order_by(
        "sort_order", "id"
    )


def _date_param(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip()[:10])
    except ValueError:
        return None


# --- youth groups ------------------------------------------------------------------------------


@require_GET
def youth_group_list(request):
    user = request.user
    try:
        unit_id = int(request.GET.get("unit") or 0) or None
    except ValueError:
        unit_id = None
    include_dissolved = request.GET.get("dissolved") == "1"
    q = request.GET.get("q", "").strip()[:50]
    qs = selectors.youth_group_list(actor=user, unit_id=unit_id, include_dissolved=include_dissolved, q=q)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    units = scoping.units_visible(user).order_by("sort_order", "id").values_list("id", "name")
    return render(
        request,
        "meetings/youth_list.html",
        {
            "page": page,
            "groups": page.object_list,
            "units": list(units),
            "unit_id": unit_id,
            "q": q,
            "include_dissolved": include_dissolved,
            "can_create": selectors.youth_guiding_orgs(actor=user).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def youth_group_create(request):
    user = request.user
    orgs = selectors.youth_guiding_orgs(actor=user)
    scoping.require(orgs.exists())
    form = forms.YouthGroupForm(
        request.POST or None,
        units=_writable_units(user),
        orgs=_orgs_for_select(orgs, request.POST.get("organization")),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            group = youth_services.youth_group_create(
                actor=user,
                unit=d["unit"],
                organization=d["organization"],
                name=d["name"],
                established_on=d["established_on"],
            )
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, f"已登记青年理论学习小组“{group.name}”。")
            return redirect("meetings:youth_group_detail", group.pk)
    return render(request, "meetings/youth_form.html", {"form": form, "group": None})


@require_http_methods(["GET", "POST"])
def youth_group_edit(request, group_id):
    user = request.user
    group = selectors.access_youth_group(user, group_id, write=True)
    orgs = selectors.youth_guiding_orgs(actor=user).filter(unit_id=group.unit_id)
    leaders = [
        (m.person_id, m.person.name) for m in selectors.youth_members(group=group) if m.left_on is None
    ]
    form = forms.YouthGroupForm(
        request.POST or None,
        units=None,
        orgs=_orgs_for_select(orgs, group.organization_id),
        instance=group,
        leaders=leaders,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        leader = None
        if d.get("leader"):
            leader = selectors.person_for_youth(actor=user, person_id=d["leader"])
        try:
            youth_services.youth_group_update(
                actor=user,
                group=group,
                name=d["name"],
                organization=d["organization"],
                established_on=d["established_on"],
                leader=leader,
            )
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, "已保存。")
            return redirect("meetings:youth_group_detail", group.pk)
    return render(request, "meetings/youth_form.html", {"form": form, "group": group})


def _detail(
    request, group, *, member_form=None, activity_form=None, dissolve_form=None, leave_errors=None, status=200
):
    user = request.user
    writable = scoping.can_write_path(user, group.organization.path)
    members = list(selectors.youth_members(group=group))
    activities = list(selectors.youth_activities(group=group)[:200])
    for a in activities:
        a.detail_url = _meeting_url(a.pk)
    candidates = []
    age_error = ""
    posted_on = getattr(member_form, "cleaned_data", {}).get("joined_on") if member_form is not None else None
    on = _date_param(request.GET.get("on")) or posted_on or dt.date.today()
    if writable and group.dissolved_on is None:
        try:
            limit = selectors.youth_age_limit()
        except ApplicationError as e:
            limit, age_error = None, e.message
        if limit is not None:
            candidates = [
                (p.pk, f"{p.name}（{p.organization.name}，{p.age_on(on)}岁）")
                for p in selectors.youth_candidates(actor=user, group=group, on=on)
            ]
    else:
        limit = None
    if member_form is not None:
        member_form.fields["person"].widget.choices = [("", "请选择人员"), *candidates]
    return render(
        request,
        "meetings/youth_detail.html",
        {
            "group": group,
            "members": members,
            "activities": activities,
            "writable": writable,
            "on": on,
            "current_count": sum(1 for m in members if m.left_on is None),
            "age_limit": limit,
            "age_error": age_error,
            "member_form": member_form
            or forms.YouthMemberForm(candidates=candidates, initial={"joined_on": on}),
            "activity_form": activity_form or forms.YouthActivityForm(),
            "dissolve_form": dissolve_form or forms.YouthDissolveForm(),
            "leave_form": forms.YouthLeaveForm(),
            "leave_errors": leave_errors or {},
        },
        status=status,
    )


@require_GET
def youth_group_detail(request, group_id):
    return _detail(request, selectors.access_youth_group(request.user, group_id))


@require_POST
def youth_member_add(request, group_id):
    user = request.user
    group = selectors.access_youth_group(user, group_id, write=True)
    form = forms.YouthMemberForm(request.POST)
    if form.is_valid():
        try:
            person = selectors.person_for_youth(actor=user, person_id=form.cleaned_data["person"])
        except Http404:
            form.add_error("person", forms.ERR_PERSON_CHOICE)
        else:
            try:
                youth_services.youth_member_add(
                    actor=user, group=group, person=person, joined_on=form.cleaned_data["joined_on"]
                )
            except ApplicationError as e:
                apply_error(form, e)
            else:
                messages.success(request, f"已将{person.name}加入小组。")
                return redirect("meetings:youth_group_detail", group.pk)
    return _detail(request, group, member_form=form, status=400)


@require_POST
def youth_member_remove(request, group_id, member_id):
    user = request.user
    group = selectors.access_youth_group(user, group_id, write=True)
    member = selectors.youth_member_get(group=group, member_id=member_id)
    member.group = group
    form = forms.YouthLeaveForm(request.POST)
    if form.is_valid():
        try:
            youth_services.youth_member_remove(
                actor=user, member=member, left_on=form.cleaned_data["left_on"]
            )
        except ApplicationError as e:
            apply_error(form, e)  # a Forbidden goes on to the 403 page
            return _detail(request, group, leave_errors={member.pk: e.message}, status=400)
        messages.success(request, f"{member.person.name}已退出小组。")
        return redirect("meetings:youth_group_detail", group.pk)
    refused = "；".join(str(e) for e in form.errors.get("left_on") or [])
    return _detail(request, group, leave_errors={member.pk: refused}, status=400)


@require_POST
def youth_group_dissolve(request, group_id):
    user = request.user
    group = selectors.access_youth_group(user, group_id, write=True)
    form = forms.YouthDissolveForm(request.POST)
    if form.is_valid():
        try:
            youth_services.youth_group_dissolve(actor=user, group=group, on=form.cleaned_data["on"])
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, f"小组“{group.name}”已撤销。")
            return redirect("meetings:youth_group_detail", group.pk)
    return _detail(request, group, dissolve_form=form, status=400)


@require_POST
def youth_activity_create(request, group_id):
    user = request.user
    group = selectors.access_youth_group(user, group_id, write=True)
    form = forms.YouthActivityForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            meeting = youth_services.youth_activity_create(
                actor=user,
                group=group,
                title=d["title"],
                held_at=d["held_at"],
                place=d["place"],
                study_content=d["study_content"],
                status=d["status"],
            )
        except ApplicationError as e:
            apply_error(form, e)
        else:
            messages.success(request, f"已登记活动“{meeting.title}”。")
            return redirect("meetings:youth_group_detail", group.pk)
    return _detail(request, group, activity_form=form, status=400)


@require_GET
def youth_coverage(request):
    user = request.user
    form = forms.CoverageForm(request.GET or None)
    year, years = year_choice(request.GET.get("year"))
    start, end = selectors.year_bounds(year)
    end = min(end, max(start, dt.date.today()))
    try:
        rows, total, limit = selectors.youth_coverage(actor=user, start=start, end=end)
        error = ""
    except ApplicationError as e:
        rows, total, limit, error = [], None, None, e.message
    return render(
        request,
        "meetings/youth_coverage.html",
        {
            "form": form,
            "year": year,
            "years": years,
            "start": start,
            "end": end,
            "rows": rows,
            "total": total,
            "age_limit": limit,
            "error": error,
        },
    )
