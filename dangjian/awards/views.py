"""Pages of selections and awards: the selections of a year, a selection with its quotas,
nominations and result list, a nomination with its steps and timeline. Thin: reads through
selectors, writes through services; outside scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.awards import exports, selectors, services
from dangjian.awards.enums import NominationStatus
from dangjian.awards.forms import NominationForm, SelectionForm
from dangjian.awards.workflows import AWARD
from dangjian.core import workflow
from dangjian.core.errors import ApplicationError
from dangjian.core.excel import content_disposition
from dangjian.core.forms import run_service
from dangjian.organizations import scoping

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> int | None:
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        return None
    return year if 2000 <= year <= 2100 else None


def selection_list(request):
    user = request.user
    scoping.require(scoping.reads_subtree(user))
    year = _year(request)
    return render(
        request,
        "awards/selection_list.html",
        {
            "selections": selectors.selection_list(actor=user, year=year),
            "year": year,
            "committee": scoping.is_committee(user),
        },
    )


@scoping.committee_required
def selection_create(request):
    user = request.user
    form = SelectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        selection = run_service(form, services.selection_create, actor=user, **form.cleaned_data)
        if selection is not None:
            messages.success(request, f"已新建评选：{selection}。")
            return redirect("awards:selection", selection.pk)
    return render(request, "awards/selection_form.html", {"form": form})


def selection_detail(request, selection_id):
    user = request.user
    selection = selectors.selection_get(actor=user, selection_id=selection_id)
    may_nominate = scoping.writes_subtree(user)
    form = None
    if request.method == "POST":
        scoping.require(may_nominate)
        form = NominationForm(request.POST, actor=user)
        if form.is_valid():
            nomination = run_service(
                form, services.nomination_create, actor=user, selection=selection, **form.cleaned_data
            )
            if nomination is not None:
                messages.success(request, f"已推荐：{nomination.name}。")
                return redirect("awards:selection", selection.pk)
    elif may_nominate:
        form = NominationForm(actor=user)
    status = request.GET.get("status", "")
    status = status if status in NominationStatus.values else ""
    return render(
        request,
        "awards/selection_detail.html",
        {
            "selection": selection,
            "nominations": selectors.nomination_list(actor=user, selection=selection, status=status),
            "status": status,
            "statuses": NominationStatus.choices,
            "form": form,
            "today": timezone.localdate(),
        },
    )


def selection_results(request, selection_id):
    user = request.user
    selection = selectors.selection_get(actor=user, selection_id=selection_id)
    status = request.GET.get("status", "")
    rows = selectors.nomination_list(
        actor=user, selection=selection, status=status if status in NominationStatus.values else ""
    )
    response = HttpResponse(
        exports.result_list(actor=user, selection=selection, nominations=rows), content_type=XLSX
    )
    response["Content-Disposition"] = content_disposition(f"{selection}结果名单.xlsx")
    return response


def nomination_detail(request, nomination_id):
    user = request.user
    nomination = selectors.nomination_get(actor=user, nomination_id=nomination_id)
    panel = workflow.panel(
        nomination, user, workflow=AWARD, action_url=reverse("awards:step", args=[nomination.pk])
    )
    return render(request, "awards/nomination_detail.html", {"n": nomination, "panel": panel})


@require_POST
def nomination_step(request, nomination_id):
    user = request.user
    nomination = selectors.nomination_get(actor=user, nomination_id=nomination_id)
    name = request.POST.get("transition", "")
    try:
        services.nomination_step(
            actor=user, nomination=nomination, name=name, note=request.POST.get("note", "")[:1000]
        )
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, workflow.MSG_DONE.format(label=AWARD.transition(name).label))
    return redirect("awards:nomination", nomination.pk)
