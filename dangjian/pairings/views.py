"""Pages of liaison pairings (双进双促): the pairings (list, export, register, record visits and
problems solved, import), the parks and enterprises registry (list, export, register, import). Thin: reads
through selectors, writes through services; outside scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.core.errors import ApplicationError
from dangjian.core.excel import content_disposition
from dangjian.core.forms import run_service
from dangjian.core.views import imports as import_views
from dangjian.core.views.imports import XLSX
from dangjian.organizations import scoping
from dangjian.pairings import exports, selectors, services
from dangjian.pairings.forms import (
    EnterpriseForm,
    PairingFilter,
    PairingForm,
    PairingUpdateForm,
    ParkForm,
    RegistryFilter,
)
from dangjian.pairings.imports import PAIRING_IMPORT, REGISTRY_IMPORT

PAGE_SIZE = 50


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(name)
    return response


def _pairings(request):
    scoping.require(scoping.reads_subtree(request.user))
    f = PairingFilter(request.GET or None)
    data = f.cleaned_data if f.is_valid() else {}
    qs = selectors.pairing_list(
        actor=request.user, unit_id=data.get("unit"), partner=data.get("partner") or "", year=data.get("year")
    )
    return f, qs


def pairing_list(request):
    f, qs = _pairings(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    totals = {
        "units": qs.order_by().values("unit_id").distinct().count(),
        "parks": qs.order_by().exclude(park=None).values("park_id").distinct().count(),
        "enterprises": qs.order_by().exclude(enterprise=None).values("enterprise_id").distinct().count(),
    }
    return render(
        request,
        "pairings/pairing_list.html",
        {
            "filter": f,
            "page": page,
            "totals": totals,
            "may_write": scoping.writes_subtree(request.user),
            "query": request.GET.urlencode(),
        },
    )


def pairing_export(request):
    _f, qs = _pairings(request)
    return _xlsx(exports.pairings_workbook(qs), "双进双促对接关系台账.xlsx")


def pairing_create(request):
    scoping.require(scoping.writes_subtree(request.user))
    form = PairingForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["cadres"] = services.cadres_by_names(data["unit"], data.pop("cadres"))
        except ApplicationError as e:
            form.add_error("cadres", e.message)
        else:
            row = run_service(form, services.pairing_create, actor=request.user, **data)
            if row is not None:
                messages.success(request, f"已登记对接关系：{row}。")
                return redirect("pairings:detail", row.pk)
    return render(
        request, "pairings/form.html", {"form": form, "title": "登记对接关系", "back": "pairings:list"}
    )


def pairing_detail(request, pairing_id):
    scoping.require(scoping.reads_subtree(request.user))
    row = selectors.pairing_get(actor=request.user, pairing_id=pairing_id)
    may_write = scoping.can_write_path(request.user, row.organization.path)
    form = None
    if may_write:
        initial = {
            "visits": row.visits,
            "problems_solved": row.problems_solved,
            "ended_on": row.ended_on,
            "note": row.note,
            "cadres": "、".join(c.name for c in row.cadres.order_by("name")),
        }
        form = PairingUpdateForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = dict(form.cleaned_data)
            try:
                data["cadres"] = services.cadres_by_names(row.unit, data.pop("cadres"))
            except ApplicationError as e:
                form.add_error("cadres", e.message)
            else:
                if run_service(form, services.pairing_update, actor=request.user, pairing=row, **data):
                    messages.success(request, "已保存。")
                    return redirect("pairings:detail", row.pk)
    elif request.method == "POST":
        scoping.require(False)
    return render(
        request,
        "pairings/pairing_detail.html",
        {"row": row, "cadres": row.cadres.select_related("organization").order_by("name"), "form": form},
    )


# --- the registry ----------------------------------------------------------------------------------


def _registry(request):
    scoping.require(scoping.reads_subtree(request.user))
    f = RegistryFilter(request.GET or None)
    data = f.cleaned_data if f.is_valid() else {}
    area, q = data.get("area") or "", data.get("q") or ""
    parks = selectors.park_list(actor=request.user, area=area, q=q)
    enterprises = selectors.enterprise_list(actor=request.user, area=area, q=q)
    return f, parks, enterprises


def registry(request):
    f, parks, enterprises = _registry(request)
    page = Paginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "pairings/registry.html",
        {
            "filter": f,
            "parks": parks[:200],
            "park_count": parks.count(),
            "page": page,
            "may_write": scoping.writes_subtree(request.user),
            "query": request.GET.urlencode(),
        },
    )


def registry_export(request):
    _f, parks, enterprises = _registry(request)
    return _xlsx(exports.registry_workbook(parks, enterprises), "园区和企业名录.xlsx")


def park_create(request):
    scoping.require(scoping.writes_subtree(request.user))
    form = ParkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        park = run_service(form, services.park_create, actor=request.user, **form.cleaned_data)
        if park is not None:
            messages.success(request, f"已登记园区“{park.name}”。")
            return redirect("pairings:registry")
    return render(
        request, "pairings/form.html", {"form": form, "title": "登记园区", "back": "pairings:registry"}
    )


def enterprise_create(request):
    scoping.require(scoping.writes_subtree(request.user))
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = run_service(form, services.enterprise_create, actor=request.user, **form.cleaned_data)
        if row is not None:
            messages.success(request, f"已登记企业“{row.name}”。")
            return redirect("pairings:registry")
    return render(
        request, "pairings/form.html", {"form": form, "title": "登记企业", "back": "pairings:registry"}
    )


FLOW = REGISTRY_IMPORT.flow(
    upload_template="pairings/import.html",
    result_template="pairings/import_result.html",
    urls="pairings:import",
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


PAIRING_FLOW = PAIRING_IMPORT.flow(
    upload_template="pairings/pairing_import.html",
    result_template="pairings/pairing_import_result.html",
    urls="pairings:pairing_import",
)


def pairing_import_page(request):
    return import_views.upload_page(request, PAIRING_FLOW)


def pairing_import_template(request):
    return import_views.template_download(request, PAIRING_FLOW)


def pairing_import_result(request, job_id):
    return import_views.result_page(request, PAIRING_FLOW, job_id)


@require_POST
def pairing_import_commit(request, job_id):
    return import_views.commit(request, PAIRING_FLOW, job_id)
