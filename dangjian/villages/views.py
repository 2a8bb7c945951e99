"""Pages of village cadres (驻村干部): the list (by unit, area, role, year) and its export, a cadre's
page (days present per month against the minimum, leave, spot checks), the check page (the months
below the minimum and the "两头不见人" list, exported), the import, and the survey teams (调研组)
with their visits and findings. Thin: reads through selectors, writes through services."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core.excel import content_disposition
from dangjian.core.forms import run_service
from dangjian.core.views import imports as import_views
from dangjian.core.views.imports import XLSX
from dangjian.organizations import scoping
from dangjian.people.models import Person
from dangjian.problems.selectors import mark_overdue
from dangjian.villages import exports, rules, selectors, services
from dangjian.villages.forms import (
    CheckFilter,
    EndForm,
    FindingForm,
    LeaveForm,
    PresenceForm,
    SpotCheckForm,
    StationingFilter,
    StationingForm,
    TeamForm,
    VisitForm,
)
from dangjian.villages.imports import REGISTRY_IMPORT

PAGE_SIZE = 50


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(name)
    return response


def _stationings(request):
    scoping.require(scoping.reads_subtree(request.user))
    f = StationingFilter(request.GET or None)
    data = f.cleaned_data if f.is_valid() else {}
    qs = selectors.stationing_list(
        actor=request.user,
        unit_id=data.get("unit"),
        area=data.get("area") or "",
        role=data.get("role") or "",
        year=data.get("year"),
    )
    return f, qs


def stationing_list(request):
    f, qs = _stationings(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "villages/stationing_list.html",
        {
            "filter": f,
            "page": page,
            "may_write": scoping.writes_subtree(request.user),
            "query": request.GET.urlencode(),
            "minimum": rules.min_days_per_month(),
        },
    )


def stationing_export(request):
    _f, qs = _stationings(request)
    return _xlsx(exports.stationings_workbook(qs), "驻村干部台账.xlsx")


def stationing_create(request):
    scoping.require(scoping.writes_subtree(request.user))
    form = StationingForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit, name = data["unit"], data.pop("person_name")
        people = list(Person.objects.filter(Q(unit=unit) | Q(unit__parent=unit), name=name)[:2])
        if len(people) != 1:
            form.add_error(
                "person_name", f"“{unit.name}”{'没有' if not people else '有不止一位'}名为“{name}”的人员。"
            )
        else:
            row = run_service(form, services.stationing_create, actor=request.user, person=people[0], **data)
            if row is not None:
                messages.success(request, f"已登记驻村干部{row.person.name}。")
                return redirect("villages:detail", row.pk)
    return render(
        request, "villages/form.html", {"form": form, "title": "登记驻村干部", "back": "villages:list"}
    )


FORMS = {"presence": PresenceForm, "leave": LeaveForm, "check": SpotCheckForm, "end": EndForm}
SERVICES = {
    "presence": services.presence_record,
    "leave": services.leave_record,
    "check": services.spot_check_record,
    "end": services.stationing_end,
}


def stationing_detail(request, stationing_id):
    scoping.require(scoping.reads_subtree(request.user))
    row = selectors.stationing_get(actor=request.user, stationing_id=stationing_id)
    may_write = scoping.can_write_path(request.user, row.organization.path)
    today = timezone.localdate()
    forms_ = {
        k: cls(initial={"month": today.replace(day=1), "checked_on": today}) for k, cls in FORMS.items()
    }
    if request.method == "POST":
        scoping.require(may_write)
        which = request.POST.get("form", "")
        if which in FORMS:
            form = FORMS[which](request.POST)
            forms_[which] = form
            if form.is_valid() and run_service(
                form, SERVICES[which], actor=request.user, stationing=row, **form.cleaned_data
            ):
                messages.success(request, "已保存。")
                return redirect("villages:detail", row.pk)
    months = [
        {"row": m, "required": rules.required_days(m.month, row.started_on, row.ended_on)}
        for m in row.months.order_by("month")
    ]
    return render(
        request,
        "villages/stationing_detail.html",
        {
            "row": row,
            "months": months,
            "leaves": row.leaves.order_by("starts_on"),
            "checks": row.checks.order_by("-checked_on"),
            "may_write": may_write,
            "forms": forms_ if may_write else {},
            "minimum": rules.min_days_per_month(),
        },
    )


def _check_range(request) -> tuple[CheckFilter, dt.date, dt.date, dt.date]:
    today = timezone.localdate()
    f = CheckFilter(request.GET or None)
    data = f.cleaned_data if f.is_valid() else {}
    start = data.get("start") or today.replace(month=1, day=1)
    end = data.get("end") or today
    month = (data.get("month") or today).replace(day=1)
    return f, start, end, month


def checks(request):
    """The months below the minimum and the "两头不见人" list, for the actor's scope."""
    scoping.require(scoping.reads_subtree(request.user))
    f, start, end, month = _check_range(request)
    absent = selectors.two_ends_absent(actor=request.user, start=start, end=end)
    return render(
        request,
        "villages/checks.html",
        {
            "filter": f,
            "start": start,
            "end": end,
            "month": month,
            "absent": absent[:500],
            "absent_count": absent.count(),
            "short": selectors.short_months(actor=request.user, month=month),
            "minimum": rules.min_days_per_month(),
            "query": request.GET.urlencode(),
        },
    )


def absent_export(request):
    scoping.require(scoping.reads_subtree(request.user))
    _f, start, end, _m = _check_range(request)
    qs = selectors.two_ends_absent(actor=request.user, start=start, end=end)
    return _xlsx(exports.absent_workbook(qs), f"两头不见人_{start}_{end}.xlsx")


# --- survey teams --------------------------------------------------------------------------------


def team_list(request):
    scoping.require(scoping.reads_subtree(request.user))
    try:
        year = int(request.GET.get("year") or 0) or None
    except ValueError:
        year = None
    if year is not None and not 2000 <= year <= 2100:
        year = None
    teams = selectors.team_list(actor=request.user, year=year)
    return render(
        request,
        "villages/team_list.html",
        {"teams": teams, "year": year or "", "may_write": scoping.may_keep_survey_teams(request.user)},
    )


def _names(text: str) -> list[Person]:
    names = [n for n in re.split(r"[、,，;；\s]+", text or "") if n]
    by_name: dict[str, Person] = {}
    for p in Person.objects.filter(name__in=names).order_by("id"):
        by_name.setdefault(p.name, p)
    return [by_name[n] for n in names if n in by_name]


def team_create(request):
    scoping.require(scoping.may_keep_survey_teams(request.user))
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        members = _names(data.pop("members"))
        team = run_service(
            form,
            services.team_create,
            actor=request.user,
            leader=members[0] if members else None,
            members=members,
            **data,
        )
        if team is not None:
            messages.success(request, f"已登记调研组“{team.name}”。")
            return redirect("villages:team_detail", team.pk)
    return render(
        request, "villages/form.html", {"form": form, "title": "登记调研组", "back": "villages:teams"}
    )


def team_detail(request, team_id):
    scoping.require(scoping.reads_subtree(request.user))
    team = selectors.team_get(actor=request.user, team_id=team_id)
    may_write = scoping.may_keep_survey_teams(request.user)
    visit_form, finding_form = VisitForm(), FindingForm()
    if request.method == "POST":
        scoping.require(may_write)
        if request.POST.get("form") == "visit":
            visit_form = VisitForm(request.POST)
            if visit_form.is_valid() and run_service(
                visit_form, services.visit_add, actor=request.user, team=team, **visit_form.cleaned_data
            ):
                messages.success(request, "已登记调研行程。")
                return redirect("villages:team_detail", team.pk)
        else:
            finding_form = FindingForm(request.POST)
            if finding_form.is_valid() and run_service(
                finding_form, services.finding_add, actor=request.user, team=team, **finding_form.cleaned_data
            ):
                messages.success(request, "已登记发现的问题。")
                return redirect("villages:team_detail", team.pk)
    findings = list(selectors.finding_list(actor=request.user, team=team))
    mark_overdue([f.problem for f in findings], timezone.localdate())
    return render(
        request,
        "villages/team_detail.html",
        {
            "team": team,
            "members": team.members.order_by("name"),
            "visits": team.visits.order_by("visited_on"),
            "findings": findings,
            "may_write": may_write,
            "visit_form": visit_form,
            "finding_form": finding_form,
        },
    )


# --- import -----------------------------------------------------------------------------------

FLOW = REGISTRY_IMPORT.flow(
    upload_template="villages/import.html",
    result_template="villages/import_result.html",
    urls="villages:import",
)


def import_page(request):
    return import_views.upload_page(request, FLOW)


def import_template(request):
    return import_views.template_download(request, FLOW)


def import_result(request, job_id):
    return import_views.result_page(request, FLOW, job_id)


@require_POST
def import_commit(request, job_id):
    return import_views.commit(request, FLOW, job_id)
