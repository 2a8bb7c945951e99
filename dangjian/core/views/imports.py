"""The pages of every .xlsx import (roster, meeting ledgers, ...): upload (starts the dry run), template
download, dry-run result (counts, first errors, error workbook) and commit. Each import describes
itself once as an ImportFlow; its views are thin wrappers around the functions here. The shared page
parts are the templates imports/_upload_form.html and imports/_result.html.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from dangjian.core import excel, jobs
from dangjian.core.errors import ApplicationError, Forbidden, NotFound
from dangjian.core.models import Job, JobStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ImportFlow:
    validate_kind: str
    submit: Callable[..., Job]  # (*, actor: Actor, data, filename) -> the dry-run job
    commit_submit: Callable[..., Job]  # (*, actor: Actor, validate_job) -> the commit job
    require_writer: Callable[[object], None]  # (request): raises when the user may not import
    template_workbook: Callable[[], bytes]
    template_name: str  # file name of the downloaded template
    columns: Callable[[], list]  # the template's columns (listed on the upload page)
    upload_template: str
    result_template: str
    upload_url: str  # URL names
    result_url: str
    commit_url: str

    def urls(self) -> dict:
        return {
            "upload_url_name": self.upload_url,
            "result_url_name": self.result_url,
            "commit_url_name": self.commit_url,
        }


def start_job(submit: Callable[..., Job], **kwargs) -> tuple[Job | None, str]:
    """(job, "") from `submit(**kwargs)`, or (None, message) to show on the page when it refuses;
    Forbidden is raised on (403)."""
    try:
        return submit(**kwargs), ""
    except ApplicationError as e:
        if isinstance(e, Forbidden):
            raise
        return None, e.message


def upload_page(request, flow: ImportFlow):
    flow.require_writer(request)
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            data = excel.upload_bytes(upload)
        except ApplicationError as e:
            error = e.message
        else:
            job, error = start_job(flow.submit, actor=request.user, data=data, filename=upload.name)
            if job is not None:
                return redirect("core:job", job.pk)
    recent = Job.objects.filter(created_by=request.user, kind=flow.validate_kind)[:10]
    columns = flow.columns()
    return render(
        request,
        flow.upload_template,
        {
            "error": error,
            "recent": recent,
            "columns": columns,
            "required_headers": [c.header for c in columns if c.required],
            **flow.urls(),
        },
        status=400 if error else 200,
    )


def template_download(request, flow: ImportFlow):
    flow.require_writer(request)
    response = HttpResponse(flow.template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = excel.content_disposition(flow.template_name)
    return response


def validate_job(request, flow: ImportFlow, job_id) -> Job:
    job = jobs.job_get(actor=request.user, job_id=job_id)
    if job.kind != flow.validate_kind:
        raise Http404("任务不存在。")
    return job


def result_page(request, flow: ImportFlow, job_id):
    job = validate_job(request, flow, job_id)
    if job.status in (JobStatus.PENDING, JobStatus.RUNNING):
        return redirect("core:job", job.pk)
    r = job.result or {}
    can_commit = (
        job.status == JobStatus.DONE
        and not r.get("error_count")
        and not r.get("file_error")
        and not r.get("committed")
        and r.get("rows", 0) > 0
    )
    return render(
        request,
        flow.result_template,
        {
            "job": job,
            "r": r,
            "errors": r.get("errors", []),
            "can_commit": can_commit,
            "more_errors": max(0, r.get("error_count", 0) - len(r.get("errors", []))),
            **flow.urls(),
        },
    )


def commit(request, flow: ImportFlow, job_id):
    """POST only (the wrapping view carries @require_POST)."""
    job = validate_job(request, flow, job_id)
    try:
        commit_job = flow.commit_submit(actor=request.user, validate_job=job)
    except NotFound:
        raise Http404("任务不存在。")
    except ApplicationError as e:
        messages.error(request, e.message)
        return redirect(flow.result_url, job.pk)
    return redirect("core:job", commit_job.pk)
