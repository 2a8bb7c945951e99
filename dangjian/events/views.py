"""Event pages: the list (the activities list of the event kinds), create / edit, the detail page
(the activity's page with the event's registration, cases and results, and the participants part
of activities), self-registration, cases, results and the results export."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from dangjian.activities import selectors as activity_selectors
from dangjian.activities.enums import ParticipantRole
from dangjian.activities.views.activities import list_context
from dangjian.activities.views.participants import panel
from dangjian.core import excel
from dangjian.core.errors import get_or_404
from dangjian.core.forms import run_service, run_service_message
from dangjian.core.views.imports import XLSX
from dangjian.events import errors, forms, selectors, services
from dangjian.events.enums import EVENT_KINDS, RESULT_KINDS
from dangjian.organizations import scoping


@require_GET
def event_list(request):
    ctx = list_context(request, kinds=EVENT_KINDS)
    ctx |= {
        "page_title": "会议、交流与文体活动",
        "create_url": reverse("events:create"),
        "create_label": "登记活动",
        "detail_prefix": "/events/",
    }
    return render(request, "activities/activity_list.html", ctx)


def event_create(request):
    user = request.user
    scoping.require(bool(scoping.scope_of(user).write_paths))
    form = forms.EventForm(request.POST or None, user=user, initial={"kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        event = run_service(
            form,
            services.event_create,
            actor=user,
            organization=form.cleaned_data["organization"],
            **form.service_fields(),
        )
        if event is not None:
            messages.success(request, f"已登记“{event.activity.title}”，请添加参加人员。")
            return redirect("events:detail", event.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "title": "登记活动", "back": reverse("events:list")},
        status=400 if form.errors else 200,
    )


def event_edit(request, event_id):
    user = request.user
    event = selectors.access_event(user, event_id, write=True)
    a = event.activity
    initial = {
        f: getattr(a, f) for f in ("kind", "title", "first_day", "last_day", "place", "hours", "description")
    }
    initial |= {f: getattr(event, f) for f in forms.EVENT_ONLY}
    form = forms.EventForm(request.POST or None, user=user, with_org=False, initial=initial)
    form.fields["kind"].disabled = True
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        fields.pop("kind", None)
        fields["last_day"] = fields.get("last_day") or fields["first_day"]
        if run_service(form, services.event_update, actor=user, event=event, **fields) is not None:
            messages.success(request, "已保存。")
            return redirect("events:detail", event.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "title": f"编辑：{a.title}", "back": reverse("events:detail", args=[event.pk])},
        status=400 if form.errors else 200,
    )


@require_GET
def event_detail(request, event_id):
    user = request.user
    event = selectors.access_event(user, event_id)
    activity = event.activity  # visible with the event (open for registration: to the whole subtree)
    ctx = panel(request, activity)
    return render(
        request,
        "events/event_detail.html",
        {
            **ctx,
            "event": event,
            "activity": activity,
            "cases": selectors.cases(actor=user, event=event),
            "results": selectors.results(actor=user, event=event) if activity.kind in RESULT_KINDS else None,
            "has_results": activity.kind in RESULT_KINDS,
            "is_warning": activity.kind == "warning_education",
            "registration_open": services.registration_open(event, timezone.localdate()),
            "contestants": _contestants(user, activity),
            "case_form": forms.CaseForm(),
            "result_form": forms.ResultForm(),
        },
    )


PICK_LIMIT = 300  # more contestants than this: the result form takes a name instead of a list


def _contestants(user, activity) -> list | None:
    """The contestants to pick from in the result form, or None when there are too many to list."""
    if activity.kind not in RESULT_KINDS:
        return []
    qs = activity_selectors.participants(actor=user, activity=activity).filter(
        role=ParticipantRole.CONTESTANT
    )
    rows = list(qs[: PICK_LIMIT + 1])
    return rows if len(rows) <= PICK_LIMIT else None


@require_POST
def register(request, event_id):
    event = selectors.access_event(request.user, event_id)
    _row, error = run_service_message(services.register_self, actor=request.user, event=event)
    messages.error(request, error) if error else messages.success(request, "报名成功。")
    return redirect("events:detail", event.pk)


@require_POST
def case_add(request, event_id):
    event = selectors.access_event(request.user, event_id, write=True)
    form = forms.CaseForm(request.POST)
    if form.is_valid():
        _c, error = run_service_message(
            services.case_add, actor=request.user, event=event, **form.cleaned_data
        )
    else:
        error = "；".join(str(e) for errs in form.errors.values() for e in errs)
    messages.error(request, error) if error else messages.success(request, "已登记案例。")
    return redirect("events:detail", event.pk)


@require_POST
def case_remove(request, event_id, case_id):
    event = selectors.access_event(request.user, event_id, write=True)
    case = get_or_404(selectors.cases(actor=request.user, event=event), case_id)
    services.case_remove(actor=request.user, case=case)
    messages.success(request, f"已删除案例“{case.title}”。")
    return redirect("events:detail", event.pk)


@require_POST
def result_save(request, event_id):
    user = request.user
    event = selectors.access_event(user, event_id, write=True)
    form = forms.ResultForm(request.POST)
    if not form.is_valid():
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("events:detail", event.pk)
    d = dict(form.cleaned_data)
    pid, name = d.pop("participation"), d.pop("name")
    if pid:
        row = activity_selectors.access_participation(user, pid)
    else:
        found = list(
            activity_selectors.participants(actor=user, activity=event.activity, q=name)
            .filter(role=ParticipantRole.CONTESTANT)
            .filter(Q(person__name=name) | Q(guest_name=name))[:2]
        )
        if len(found) != 1:
            messages.error(
                request,
                errors.ERR_RESULT_NAME.format(name=name)
                if found
                else errors.ERR_RESULT_NO_NAME.format(name=name),
            )
            return redirect("events:detail", event.pk)
        row = found[0]
    _r, error = run_service_message(services.result_record, actor=user, event=event, participation=row, **d)
    messages.error(request, error) if error else messages.success(
        request, f"已登记{row.display_name}的成绩。"
    )
    return redirect("events:detail", event.pk)


@require_GET
def results_export(request, event_id):
    event = selectors.access_event(request.user, event_id)
    rows = [
        [
            r.item,
            r.rank,
            r.award,
            float(r.score) if r.score is not None else None,
            r.participation.display_name,
            r.participation.organization.name if r.participation.organization else r.participation.guest_from,
        ]
        for r in selectors.results(actor=request.user, event=event)
    ]
    columns = [
        excel.Column("项目", 16),
        excel.Column("名次", 8),
        excel.Column("奖项", 14),
        excel.Column("成绩", 10),
        excel.Column("姓名", 12),
        excel.Column("所在党组织/单位", 30),
    ]
    data = excel.write_workbook(
        [excel.SheetSpec("比赛成绩", columns, title=f"{event.activity.title} 比赛成绩", rows=rows)]
    )
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition(f"{event.activity.title[:60]}-成绩.xlsx")
    return response
