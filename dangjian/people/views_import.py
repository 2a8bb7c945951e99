"""Roster import pages: upload (dry run), result with errors and error workbook, confirm (commit)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.core import excel, jobs
from dangjian.core.errors import ApplicationError, NotFound
from dangjian.core.models import Job, JobStatus
from dangjian.organizations import scoping
from dangjian.people import imports


def _require_writer(request) -> None:
    if not scoping.scope_of(request.user).write_paths:
        raise PermissionDenied(imports.ERR_NO_WRITE_SCOPE)


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
                job = imports.roster_import_submit(actor=request.user, data=upload.read(), filename=upload.name)
            except ApplicationError as e:
                error = e.message
            else:
                return redirect("core:job", job.pk)
    recent = Job.objects.filter(created_by=request.user, kind=imports.VALIDATE_KIND)[:10]
    return render(request, "people/import.html", {"error": error, "recent": recent,
                                                  "columns": [c for c in imports.COLUMNS if c.in_template]},
                  status=400 if error else 200)


def import_template(request):
    _require_writer(request)
    response = HttpResponse(imports.template_workbook(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = excel.content_disposition("党员名册导入模板.xlsx")
    return response


def _validate_job(request, job_id) -> Job:
    job = jobs.job_get(actor=request.user, job_id=job_id)
    if job.kind != imports.VALIDATE_KIND:
        raise Http404("任务不存在。")
    return job


def import_result(request, job_id):
    job = _validate_job(request, job_id)
    if job.status in (JobStatus.PENDING, JobStatus.RUNNING):
        return redirect("core:job", job.pk)
    r = job.result or {}
    can_commit = (job.status == JobStatus.DONE and not r.get("error_count") and not r.get("file_error")
                  and not r.get("committed") and r.get("rows", 0) > 0)
    return render(request, "people/import_result.html", {
        "job": job, "r": r, "errors": r.get("errors", []), "can_commit": can_commit,
        "more_errors": max(0, r.get("error_count", 0) - len(r.get("errors", []))),
    })


@require_POST
def import_commit(request, job_id):
    job = _validate_job(request, job_id)
    try:
        commit_job = imports.roster_commit_submit(actor=request.user, validate_job=job)
    except NotFound:
        raise Http404("任务不存在。")
    except ApplicationError as e:
        messages.error(request, e.message)
        return redirect("people:import_result", job.pk)
    return redirect("core:job", commit_job.pk)
