"""The committee's working-day calendar: its own days off and working days on top of the official
holiday calendar (core.workdays). Committee staff only; every change audited by the service."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core import workdays
from dangjian.core.forms import run_service
from dangjian.core.models import WorkdayOverride
from dangjian.organizations import forms
from dangjian.organizations.scoping import committee_required


def _year(request, default: int) -> int:
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


def _back_to(year: int):
    return redirect(f"{reverse('organizations:workday_list')}?year={year}")


@committee_required
def workday_list(request):
    today = timezone.localdate()
    year = _year(request, today.year)
    form = forms.WorkdayOverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = run_service(form, workdays.override_add, actor=request.user, **form.cleaned_data)
        if row is not None:
            messages.success(request, f"已添加{row}。")
            return _back_to(row.day.year)
    days = WorkdayOverride.objects.filter(day__year=year)
    years = [
        {"year": y, "source": source, "label": workdays.SOURCE_LABELS[source]}
        for y in sorted({today.year, today.year + 1, year})
        for source in [workdays.year_source(y)]
    ]
    return render(
        request,
        "organizations/workday_list.html",
        {
            "form": form,
            "days": days,
            "year": year,
            "years": years,
            "fallback": workdays.FALLBACK,
            "year_choices": range(today.year - 3, today.year + 3),
        },
    )


@committee_required
@require_POST
def workday_delete(request, pk: int):
    row = get_object_or_404(WorkdayOverride, pk=pk)
    workdays.override_remove(actor=request.user, override=row)
    messages.success(request, f"已删除{row}。")
    return _back_to(row.day.year)
