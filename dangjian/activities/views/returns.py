"""Unit return pages (填报): the list, a new return (the committee asks units for a figure), its
page (who answered what, who has not answered, the total; each unit files its own number) and
the .xlsx export."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from dangjian.activities import exports, forms, selectors, services
from dangjian.core import excel
from dangjian.core.errors import get_or_404
from dangjian.core.forms import run_service
from dangjian.core.views.imports import XLSX
from dangjian.organizations import scoping


@require_GET
def return_list(request):
    user = request.user
    year = request.GET.get("year", "")
    year = year if year.isdigit() and len(year) == 4 else ""
    qs = selectors.unit_return_list(actor=user, year=int(year) if year else None)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    returns = list(page.object_list)
    totals = {r.pk: selectors.unit_return_total(r.pk) for r in returns}
    return render(
        request,
        "activities/return_list.html",
        {
            "page": page,
            "rows": [(r, totals[r.pk]) for r in returns],
            "can_create": bool(scoping.scope_of(user).write_paths),
            "year": year,
        },
    )


def return_create(request):
    user = request.user
    scoping.require(bool(scoping.scope_of(user).write_paths))
    initial = {"activity": request.GET.get("activity", "")}
    form = forms.UnitReturnForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        activity = selectors.access_activity(user, d["activity"]) if d.get("activity") else None
        ret = run_service(
            form,
            services.unit_return_create,
            actor=user,
            title=d["title"],
            measure=d["measure"],
            organization=d["organization"],
            year=d["year"],
            due_on=d["due_on"],
            units=d["units"],
            activity=activity,
        )
        if ret is not None:
            messages.success(request, f"已发起填报“{ret.title}”，共{ret.units.count()}个单位。")
            return redirect("activities:return_detail", ret.pk)
    return render(request, "activities/return_form.html", {"form": form}, status=400 if form.errors else 200)


def _detail_context(request, ret) -> dict:
    user = request.user
    rows = selectors.unit_return_rows(actor=user, unit_return=ret)
    for r in rows:
        org = services.unit_organization(r.unit)
        r.may_file = (
            r.entry is None
            and org is not None
            and (
                scoping.can_write_path(user, org.path) or scoping.can_write_path(user, ret.organization.path)
            )
        )
    return {
        "ret": ret,
        "rows": rows,
        "missing": [r for r in rows if r.entry is None],
        "total": selectors.unit_return_total(ret),
        "form": forms.ReturnFileForm(),
    }


def return_detail(request, return_id):
    ret = selectors.access_unit_return(request.user, return_id)
    return render(request, "activities/return_detail.html", _detail_context(request, ret))


@require_POST
def return_file(request, return_id):
    user = request.user
    ret = selectors.access_unit_return(user, return_id)
    unit = get_or_404(scoping.units_visible(user), request.POST.get("unit") or 0)
    form = forms.ReturnFileForm(request.POST)
    if form.is_valid():
        entry = run_service(
            form, services.unit_return_file, actor=user, unit_return=ret, unit=unit, **form.cleaned_data
        )
        if entry is not None:
            messages.success(request, f"“{unit.name}”已填报：{entry.value}。")
            return redirect("activities:return_detail", ret.pk)
    ctx = _detail_context(request, ret)
    ctx |= {"form": form, "form_unit": unit.pk}
    return render(request, "activities/return_detail.html", ctx, status=400)


@require_GET
def return_export(request, return_id):
    ret = selectors.access_unit_return(request.user, return_id)
    rows = selectors.unit_return_rows(actor=request.user, unit_return=ret)
    data = exports.unit_return_workbook(ret, rows, selectors.unit_return_total(ret))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition(f"{ret.title[:60]}-填报汇总.xlsx")
    return response
