"""Meeting ledger pages: export (org + year → a background job) and the historical import (upload →
dry run with errors and error workbook → commit). Thin: the work is in meetings.ledgers."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core import excel, jobs
from dangjian.core.errors import ApplicationError, Forbidden, NotFound
from dangjian.core.models import Job, JobStatus
from dangjian.meetings import errors, ledgers
from dangjian.organizations import scoping
from dangjian.organizations.enums import OrgKind


def _years() -> list[int]:
    this = timezone.localdate().year
    return list(range(this, this - 11, -1))


def _org_options(user) -> list[tuple[int, str]]:
    rows = list(scoping.orgs_visible(user).filter(is_active=True).exclude(kind=OrgKind.PARTY_GROUP)
                .order_by("path").values_list("id", "name", "depth")[:1000])
    top = min((d for _i, _n, d in rows), default=0)
    return [(pk, "\u3000" * (depth - top) + name) for pk, name, depth in rows]


def ledger_page(request):
    user = request.user
    if not scoping.scope_of(user).read_paths:
        raise Forbidden(errors.ERR_LEDGER_NO_SCOPE)
    error = ""
    org_id, year = request.POST.get("org") or request.GET.get("org"), request.POST.get("year")
    if request.method == "POST":
        if not org_id:
            error = "请选择党组织。"
        else:
            try:
                job = ledgers.ledger_export_submit(actor=user, org_id=org_id, year=year)
            except ApplicationError as e:
                if isinstance(e, Forbidden):
                    raise
                error = e.message
            else:
                return redirect("core:job", job.pk)
    elif org_id:
        scoping.access_org(user, org_id)  # 404 outside scope
    recent = Job.objects.filter(created_by=user, kind=ledgers.EXPORT_KIND)[:10]
    return render(request, "meetings/ledger_export.html", {
        "orgs": _org_options(user), "years": _years(), "error": error, "recent": recent,
        "selected_org": str(org_id or ""), "selected_year": str(year or timezone.localdate().year),
        "can_import": bool(scoping.scope_of(user).write_paths),
    }, status=400 if error else 200)


def _require_writer(request) -> None:
    if not scoping.scope_of(request.user).write_paths:
        raise Forbidden(errors.ERR_LEDGER_NO_WRITE)


def import_page(request):
    _require_writer(request)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or not upload.size:
            error = excel.ERR_EMPTY_FILE
        elif upload.size > excel.MAX_UPLOAD_BYTES:
            error = excel.ERR_TOO_BIG.format(mb=excel.MAX_UPLOAD_BYTES // (1024 * 1024))
        else:
            try:
                job = ledgers.ledger_import_submit(actor=request.user, data=upload.read(), filename=upload.name)
            except ApplicationError as e:
                if isinstance(e, Forbidden):
                    raise
                error = e.message
            else:
                return redirect("core:job", job.pk)
    recent = Job.objects.filter(created_by=request.user, kind=ledgers.VALIDATE_KIND)[:10]
    return render(request, "meetings/ledger_import.html", {"error": error, "recent": recent,
                                                           "columns": ledgers.COLUMNS},
                  status=400 if error else 200)


def import_template(request):
    _require_writer(request)
    response = HttpResponse(ledgers.template_workbook(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = excel.content_disposition("会议台账导入模板.xlsx")
    return response


def _validate_job(request, job_id) -> Job:
    job = jobs.job_get(actor=request.user, job_id=job_id)
    if job.kind != ledgers.VALIDATE_KIND:
        raise Http404("任务不存在。")
    return job


def import_result(request, job_id):
    job = _validate_job(request, job_id)
    if job.status in (JobStatus.PENDING, JobStatus.RUNNING):
        return redirect("core:job", job.pk)
    r = job.result or {}
    can_commit = (job.status == JobStatus.DONE and not r.get("error_count") and not r.get("file_error")
                  and not r.get("committed") and r.get("rows", 0) > 0)
    return render(request, "meetings/ledger_import_result.html", {
        "job": job, "r": r, "errors": r.get("errors", []), "can_commit": can_commit,
        "more_errors": max(0, r.get("error_count", 0) - len(r.get("errors", []))),
    })


@require_POST
def import_commit(request, job_id):
    job = _validate_job(request, job_id)
    try:
        commit_job = ledgers.ledger_commit_submit(actor=request.user, validate_job=job)
    except NotFound:
        raise Http404("任务不存在。")
    except ApplicationError as e:
        messages.error(request, e.message)
        return redirect("meetings:ledger_import_result", job.pk)
    return redirect("core:job", commit_job.pk)
