"""Meeting ledger pages: export (org + year → a background job) and the historical import (upload →
dry run with errors and error workbook → commit). Thin: the work is in the ledgers package."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.core.errors import Forbidden
from dangjian.core.models import Job
from dangjian.core.views import imports as import_views
from dangjian.meetings import errors
from dangjian.meetings.ledgers import export as ledger_export
from dangjian.meetings.ledgers import imports as ledger_imports
from dangjian.meetings.years import year_choice
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind


def _org_options(user) -> list[tuple[int, str]]:
    rows = list(
        scoping.orgs_visible(user)
        .filter(is_active=True)
        .exclude(kind=OrgKind.PARTY_GROUP)
        .order_by("path")
        .values_list("id", "name", "depth")[:1000]
    )
    top = min((d for _i, _n, d in rows), default=0)
    return [(pk, "\u3000" * (depth - top) + name) for pk, name, depth in rows]


def ledger_page(request):
    user = request.user
    if not scoping.scope_of(user).read_paths:
        raise Forbidden(errors.ERR_LEDGER_NO_SCOPE)
    error = ""
    org_id, year = (
        request.POST.get("org") or request.GET.get("org"),
        request.POST.get("year") or request.GET.get("year"),
    )
    if request.method == "POST":
        if not org_id:
            error = "请选择党组织。"
        else:
            job, error = import_views.start_job(
                ledger_export.ledger_export_submit, actor=user, org_id=org_id, year=year
            )
            if job is not None:
                return redirect("core:job", job.pk)
    elif org_id:
        scoping.access_org(user, org_id)  # 404 outside scope
    recent = Job.objects.filter(created_by=user, kind=ledger_export.EXPORT_KIND)[:10]
    selected_year, years = year_choice(year)
    return render(
        request,
        "meetings/ledger_export.html",
        {
            "orgs": _org_options(user),
            "years": years,
            "error": error,
            "recent": recent,
            "selected_org": str(org_id or ""),
            "selected_year": selected_year,
            "can_import": bool(scoping.scope_of(user).write_paths),
        },
        status=400 if error else 200,
    )


def _require_writer(request) -> None:
    if not scoping.scope_of(request.user).write_paths:
        raise Forbidden(errors.ERR_LEDGER_NO_WRITE)


IMPORT_FLOW = import_views.ImportFlow(
    validate_kind=ledger_imports.VALIDATE_KIND,
    submit=ledger_imports.ledger_import_submit,
    commit_submit=ledger_imports.ledger_commit_submit,
    require_writer=_require_writer,
    template_workbook=ledger_imports.template_workbook,
    template_name="会议台账导入模板.xlsx",
    columns=lambda: ledger_imports.COLUMNS,
    upload_template="meetings/ledger_import.html",
    result_template="meetings/ledger_import_result.html",
    upload_url="meetings:ledger_import",
    result_url="meetings:ledger_import_result",
    commit_url="meetings:ledger_import_commit",
)


def import_page(request):
    return import_views.upload_page(request, IMPORT_FLOW)


def import_template(request):
    return import_views.template_download(request, IMPORT_FLOW)


def import_result(request, job_id):
    return import_views.result_page(request, IMPORT_FLOW, job_id)


@require_POST
def import_commit(request, job_id):
    return import_views.commit(request, IMPORT_FLOW, job_id)
