"""Activity pages: the list (filters, pages, .xlsx), create / edit / delete and the detail page,
whose participants part (`participants.panel`) other areas' pages include the same way. Thin:
reads through selectors, writes through services; outside scope is 404, read-only 403."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from dangjian.activities import exports, forms, selectors, services
from dangjian.activities.views.participants import panel
from dangjian.core import excel
from dangjian.core.forms import run_service
from dangjian.core.views.imports import XLSX
from dangjian.organizations import scoping

PAGE_SIZE = 30


def list_context(request, *, kinds: Iterable[str] | None = None) -> dict:
    """The filtered, paginated list of activities (of `kinds`): for this page and areas' lists."""
    user = request.user
    kinds = list(kinds) if kinds is not None else None
    form = forms.ActivityFilterForm(request.GET or None, user=user, kinds=kinds)
    filters = form.filters() if request.GET else {}
    qs = selectors.activity_list(actor=user, kinds=kinds, **{k: v for k, v in filters.items() if v})
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "form": form,
        "page": page,
        "activities": selectors.with_counts(list(page.object_list)),
        "can_create": bool(scoping.scope_of(user).write_paths),
        "export_query": request.GET.urlencode(),
    }


@require_GET
def activity_list(request):
    return render(request, "activities/activity_list.html", list_context(request))


@require_GET
def activity_export(request):
    """The filtered list as .xlsx: one sheet of activities with their counts."""
    user = request.user
    form = forms.ActivityFilterForm(request.GET or None, user=user)
    filters = form.filters() if request.GET else {}
    qs = selectors.activity_list(actor=user, **{k: v for k, v in filters.items() if v})
    response = HttpResponse(exports.activities_workbook(qs), content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition("活动台账.xlsx")
    return response


def activity_create(request):
    user = request.user
    scoping.require(bool(scoping.scope_of(user).write_paths))
    form = forms.ActivityForm(request.POST or None, user=user, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        activity = run_service(
            form,
            services.activity_create,
            actor=user,
            organization=form.cleaned_data["organization"],
            **form.service_fields(),
        )
        if activity is not None:
            messages.success(request, f"已登记活动“{activity.title}”，请添加参加人员。")
            return redirect("activities:detail", activity.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "title": "登记活动", "back": reverse("activities:list")},
        status=400 if form.errors else 200,
    )


def activity_edit(request, activity_id):
    user = request.user
    activity = selectors.access_activity(user, activity_id, write=True)
    initial = {f: getattr(activity, f) for f in ("kind", "title", "first_day", "last_day", "place", "hours")}
    initial |= {"beneficiaries": activity.beneficiaries, "description": activity.description}
    form = forms.ActivityForm(request.POST or None, user=user, with_org=False, initial=initial)
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        fields.pop("kind", None)
        fields["last_day"] = fields.get("last_day") or fields["first_day"]
        if run_service(form, services.activity_update, actor=user, activity=activity, **fields) is not None:
            messages.success(request, "已保存活动信息。")
            return redirect("activities:detail", activity.pk)
    return render(
        request,
        "activities/activity_form.html",
        {
            "form": form,
            "activity": activity,
            "title": f"编辑活动：{activity.title}",
            "back": reverse("activities:detail", args=[activity.pk]),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def activity_delete(request, activity_id):
    activity = selectors.access_activity(request.user, activity_id, write=True)
    services.activity_delete(actor=request.user, activity=activity)
    messages.success(request, f"已删除活动“{activity.title}”及其参加记录。")
    return redirect("activities:list")


@require_GET
def activity_detail(request, activity_id):
    activity = selectors.access_activity(request.user, activity_id)
    return render(
        request,
        "activities/activity_detail.html",
        {"activity": activity, **panel(request, activity)},
    )
