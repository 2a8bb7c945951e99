"""Pages of branch initiatives: the registry list (by kind, unit, status, year), its .xlsx export,
registering, editing and closing an initiative, and the .xlsx import. Thin: reads through
selectors, writes through services; outside scope is 404."""

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
from dangjian.initiatives import exports, selectors, services
from dangjian.initiatives.enums import InitiativeKind
from dangjian.initiatives.forms import CloseForm, InitiativeFilter, InitiativeForm
from dangjian.initiatives.imports import REGISTRY_IMPORT
from dangjian.organizations import scoping

PAGE_SIZE = 50


def _filtered(request):
    scoping.require(scoping.reads_subtree(request.user))
    f = InitiativeFilter(request.GET or None)
    data = f.cleaned_data if f.is_valid() else {}
    qs = selectors.initiative_list(
        actor=request.user,
        kind=data.get("kind") or "",
        unit_id=data.get("unit"),
        status=data.get("status") or "",
        year=data.get("year"),
        q=data.get("q") or "",
    )
    return f, qs


def initiative_list(request):
    f, qs = _filtered(request)
    counts = selectors.kind_counts(qs)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_member_counts(page.object_list)
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "filter": f,
            "page": page,
            "kinds": [(k.label, counts.get(k.value, 0)) for k in InitiativeKind],
            "may_write": scoping.writes_subtree(request.user),
            "query": request.GET.urlencode(),
        },
    )


def initiative_export(request):
    _f, qs = _filtered(request)
    data = exports.workbook(qs)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition("支部特色工作台账.xlsx")
    return response


def initiative_create(request):
    scoping.require(scoping.writes_subtree(request.user))
    form = InitiativeForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["members"] = services.members_by_names(data["organization"], data.pop("members"))
        except ApplicationError as e:
            form.add_error("members", e.message)
        else:
            row = run_service(form, services.initiative_create, actor=request.user, **data)
            if row is not None:
                messages.success(request, f"已登记{row.get_kind_display()}“{row.name}”。")
                return redirect("initiatives:detail", row.pk)
    return render(request, "initiatives/initiative_form.html", {"form": form, "title": "登记支部特色工作"})


def initiative_detail(request, initiative_id):
    scoping.require(scoping.reads_subtree(request.user))
    row = selectors.initiative_get(actor=request.user, initiative_id=initiative_id)
    may_write = scoping.can_write_path(request.user, row.organization.path)
    return render(
        request,
        "initiatives/initiative_detail.html",
        {
            "row": row,
            "members": row.members.select_related("organization").order_by("name"),
            "may_write": may_write,
            "close_form": CloseForm() if may_write and not row.closed_on else None,
        },
    )


def initiative_edit(request, initiative_id):
    row = selectors.initiative_get(actor=request.user, initiative_id=initiative_id)
    scoping.require(scoping.can_write_path(request.user, row.organization.path))
    initial = {
        "name": row.name,
        "established_on": row.established_on,
        "description": row.description,
        "members": "、".join(p.name for p in row.members.order_by("name")),
    }
    form = InitiativeForm(request.POST or None, actor=request.user, edit=True, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["members"] = services.members_by_names(row.organization, data.pop("members"))
        except ApplicationError as e:
            form.add_error("members", e.message)
        else:
            if run_service(form, services.initiative_update, actor=request.user, initiative=row, **data):
                messages.success(request, "已保存。")
                return redirect("initiatives:detail", row.pk)
    return render(
        request, "initiatives/initiative_form.html", {"form": form, "title": f"修改：{row.name}", "row": row}
    )


@require_POST
def initiative_close(request, initiative_id):
    row = selectors.initiative_get(actor=request.user, initiative_id=initiative_id)
    scoping.require(scoping.can_write_path(request.user, row.organization.path))
    form = CloseForm(request.POST)
    if form.is_valid() and run_service(
        form, services.initiative_close, actor=request.user, initiative=row, **form.cleaned_data
    ):
        messages.success(request, "已撤销。")
    else:
        messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("initiatives:detail", row.pk)


# --- import -----------------------------------------------------------------------------------

FLOW = REGISTRY_IMPORT.flow(
    upload_template="initiatives/import.html",
    result_template="initiatives/import_result.html",
    urls="initiatives:import",
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
