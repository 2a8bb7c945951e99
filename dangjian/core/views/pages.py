"""Core's own pages: the jobs a user submitted, and the favicon redirect."""

import json

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from dangjian.core import jobs
from dangjian.core.models import Job


def favicon(request):
    """Browsers ask for /favicon.ico on pages without a <link rel="icon"> (the admin, files)."""
    return redirect(static("img/favicon.svg"), permanent=True)


def job_list(request):
    page = Paginator(Job.objects.filter(created_by=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "core/job_list.html", {"page": page})


def job_detail(request, job_id):
    job = jobs.job_get(actor=request.user, job_id=job_id)
    template = "core/_job_status.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job, "result_json": json.dumps(job.result, ensure_ascii=False)})


@never_cache  # exports and error reports may hold full ID numbers
def job_download(request, job_id):
    job = jobs.job_get(actor=request.user, job_id=job_id)
    if not job.result_file:
        raise Http404("没有可下载的文件。")
    path = jobs.job_dir(job) / job.result_file
    if not path.exists():
        raise Http404("文件已清理，请重新生成。")
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name or job.result_file)
