"""Outcome ledgers of a campaign: deeds (办实事), difficulties (解难题) and volunteer projects, each
listed for the viewer's scope, recorded and changed through the services, exported to .xlsx and
imported from .xlsx (core.views.imports ImportFlow: dry run, row errors, all or nothing)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.activities.enums import ActivityKind
from dangjian.campaigns import errors, exports, imports, selectors, services
from dangjian.campaigns.enums import DeedStatus, DifficultyStatus
from dangjian.campaigns.forms import DeedForm, DifficultyForm
from dangjian.campaigns.views.campaigns import PAGE_SIZE, require_reader
from dangjian.core import excel
from dangjian.core.errors import Forbidden
from dangjian.core.forms import run_service
from dangjian.core.views import imports as import_views
from dangjian.organizations import scoping

XLSX = import_views.XLSX


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition(name)
    return response


def _ledger_page(request, campaign_id, *, kind: str):
    user = request.user
    require_reader(user)
    campaign = selectors.access_campaign(user, campaign_id)
    orgs = selectors.recorder_orgs(user, campaign)
    may_record = orgs.exists()
    form_class, service, statuses = (
        (DeedForm, services.deed_create, DeedStatus)
        if kind == "deeds"
        else (DifficultyForm, services.difficulty_create, DifficultyStatus)
    )
    form = form_class(request.POST or None, orgs=orgs) if may_record else None
    if request.method == "POST":
        scoping.require(may_record)
        assert form is not None
        if form.is_valid():
            row = run_service(form, service, actor=user, campaign=campaign, **form.cleaned_data)
            if row is not None:
                messages.success(request, f"已登记：{row.title}")
                return redirect(f"campaigns:{kind}", campaign.pk)
    status = request.GET.get("status") or ""
    status = status if status in statuses.values else ""
    qs = (selectors.deed_list if kind == "deeds" else selectors.difficulty_list)(
        actor=user, campaign=campaign, status=status
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        f"campaigns/{kind}.html",
        {
            "campaign": campaign,
            "form": form,
            "page": page,
            "status": status,
            "statuses": statuses.choices,
        },
    )


def deeds(request, campaign_id):
    return _ledger_page(request, campaign_id, kind="deeds")


def difficulties(request, campaign_id):
    return _ledger_page(request, campaign_id, kind="difficulties")


def deed_edit(request, deed_id):
    user = request.user
    deed = selectors.access_deed(user, deed_id)
    scoping.require(scoping.can_write_path(user, deed.organization.path))
    form = DeedForm(
        request.POST or None,
        initial={
            "title": deed.title,
            "beneficiary": deed.beneficiary,
            "status": deed.status,
            "done_on": deed.done_on,
            "note": deed.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        if run_service(form, services.deed_update, actor=user, deed=deed, **form.cleaned_data) is not None:
            messages.success(request, "已保存。")
            return redirect("campaigns:deeds", deed.campaign_id)
    return render(
        request,
        "campaigns/form.html",
        {"form": form, "title": f"修改实事：{deed.title}", "campaign": deed.campaign},
    )


def difficulty_edit(request, difficulty_id):
    user = request.user
    row = selectors.access_difficulty(user, difficulty_id)
    scoping.require(scoping.can_write_path(user, row.organization.path))
    form = DifficultyForm(
        request.POST or None,
        initial={
            "title": row.title,
            "raised_by": row.raised_by,
            "raised_on": row.raised_on,
            "status": row.status,
            "solved_on": row.solved_on,
            "note": row.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        if (
            run_service(form, services.difficulty_update, actor=user, difficulty=row, **form.cleaned_data)
            is not None
        ):
            messages.success(request, "已保存。")
            return redirect("campaigns:difficulties", row.campaign_id)
    return render(
        request,
        "campaigns/form.html",
        {"form": form, "title": f"修改难题：{row.title}", "campaign": row.campaign},
    )


def projects(request, campaign_id):
    user = request.user
    require_reader(user)
    campaign = selectors.access_campaign(user, campaign_id)
    qs = selectors.campaign_activities(
        actor=user, campaign=campaign, kind=ActivityKind.VOLUNTEER, path=selectors.viewer_path(user, campaign)
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_took_part(page.object_list)
    return render(
        request,
        "campaigns/projects.html",
        {"campaign": campaign, "page": page, "beneficiaries": selectors.beneficiaries(qs)},
    )


# --- exports --------------------------------------------------------------------------------------


def deeds_export(request, campaign_id):
    require_reader(request.user)
    campaign = selectors.access_campaign(request.user, campaign_id)
    return _xlsx(
        exports.deeds_workbook(actor=request.user, campaign=campaign), f"实事台账-{campaign.name}.xlsx"
    )


def difficulties_export(request, campaign_id):
    require_reader(request.user)
    campaign = selectors.access_campaign(request.user, campaign_id)
    return _xlsx(
        exports.difficulties_workbook(actor=request.user, campaign=campaign), f"难题台账-{campaign.name}.xlsx"
    )


def projects_export(request, campaign_id):
    require_reader(request.user)
    campaign = selectors.access_campaign(request.user, campaign_id)
    return _xlsx(
        exports.projects_workbook(actor=request.user, campaign=campaign),
        f"志愿服务项目台账-{campaign.name}.xlsx",
    )


# --- imports --------------------------------------------------------------------------------------


def _require_writer(request) -> None:
    if not scoping.scope_of(request.user).write_paths:
        raise Forbidden(errors.ERR_NO_WRITE_SCOPE)


def _flow(ledger: imports.Ledger, prefix: str, template_name: str) -> import_views.ImportFlow:
    return import_views.ImportFlow(
        validate_kind=ledger.validate_kind,
        submit=lambda **kw: imports.import_submit(ledger, **kw),
        commit_submit=lambda **kw: imports.commit_submit(ledger, **kw),
        require_writer=_require_writer,
        template_workbook=lambda: imports.template_workbook(ledger),
        template_name=template_name,
        columns=lambda: imports.template_columns(ledger),
        upload_template=f"campaigns/{prefix}_import.html",
        result_template=f"campaigns/{prefix}_import_result.html",
        upload_url=f"campaigns:{prefix}_import",
        result_url=f"campaigns:{prefix}_import_result",
        commit_url=f"campaigns:{prefix}_import_commit",
    )


FLOWS = {
    "deed": (_flow(imports.DEEDS, "deed", "实事台账导入模板.xlsx"), imports.DEEDS),
    "difficulty": (_flow(imports.DIFFICULTIES, "difficulty", "难题台账导入模板.xlsx"), imports.DIFFICULTIES),
    "project": (_flow(imports.PROJECTS, "project", "志愿服务项目台账导入模板.xlsx"), imports.PROJECTS),
}


def _upload(request, which: str):
    return import_views.upload_page(request, FLOWS[which][0])


def deed_import(request):
    return _upload(request, "deed")


def difficulty_import(request):
    return _upload(request, "difficulty")


def deed_import_template(request):
    return import_views.template_download(request, FLOWS["deed"][0])


def difficulty_import_template(request):
    return import_views.template_download(request, FLOWS["difficulty"][0])


def deed_import_result(request, job_id):
    return import_views.result_page(request, FLOWS["deed"][0], job_id)


def difficulty_import_result(request, job_id):
    return import_views.result_page(request, FLOWS["difficulty"][0], job_id)


@require_POST
def deed_import_commit(request, job_id):
    return import_views.commit(request, FLOWS["deed"][0], job_id)


@require_POST
def difficulty_import_commit(request, job_id):
    return import_views.commit(request, FLOWS["difficulty"][0], job_id)


def project_import(request):
    return _upload(request, "project")


def project_import_template(request):
    return import_views.template_download(request, FLOWS["project"][0])


def project_import_result(request, job_id):
    return import_views.result_page(request, FLOWS["project"][0], job_id)


@require_POST
def project_import_commit(request, job_id):
    return import_views.commit(request, FLOWS["project"][0], job_id)
