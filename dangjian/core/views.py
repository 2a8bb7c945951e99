import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import render

from dangjian.core import jobs
from dangjian.core.models import AuditAction, AuditEvent, Job
from dangjian.organizations import scoping
from dangjian.organizations import selectors as org_selectors
from dangjian.organizations.enums import OrgKind
from dangjian.people.enums import MembershipStatus


def home(request):
    user = request.user
    from dangjian.people.models import Person

    kinds = org_selectors.org_counts_by_kind(actor=user)
    statuses = dict(Person.objects.filter(scoping.person_q(user)).values_list("membership__status")
                    .annotate(n=Count("id")).values_list("membership__status", "n"))
    visible_units = scoping.units_visible(user).exclude(category="committee")
    has_tree = bool(scoping.scope_of(user).read_paths)
    units = visible_units.filter(parent__isnull=True).count() if has_tree else 0
    subunits = visible_units.filter(parent__isnull=False).count() if has_tree else 0
    org_rows = [(k.label, kinds.get(k.value, 0)) for k in OrgKind]
    status_rows = [(s.label, statuses.get(s.value, 0)) for s in MembershipStatus]
    chart = {
        "title": "党员及发展对象构成",
        "categories": [label for label, _ in status_rows[:5]],
        "values": [n for _, n in status_rows[:5]],
    }
    return render(request, "core/home.html", {
        "org_rows": org_rows, "status_rows": status_rows, "units": units, "subunits": subunits, "chart": chart,
        "members_total": statuses.get("full", 0) + statuses.get("probationary", 0),
        "recent_jobs": Job.objects.filter(created_by=user)[:5],
    })


def job_list(request):
    page = Paginator(Job.objects.filter(created_by=request.user), 20).get_page(request.GET.get("page"))
    return render(request, "core/job_list.html", {"page": page})


def job_detail(request, job_id):
    job = jobs.job_get(actor=request.user, job_id=job_id)
    template = "core/_job_status.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job, "result_json": json.dumps(job.result, ensure_ascii=False)})


def job_download(request, job_id):
    job = jobs.job_get(actor=request.user, job_id=job_id)
    if not job.result_file:
        raise Http404("没有可下载的文件。")
    path = jobs.job_dir(job) / job.result_file
    if not path.exists():
        raise Http404("文件已清理，请重新生成。")
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name or job.result_file)


def audit_list(request):
    user = request.user
    qs = AuditEvent.objects.filter(scoping.audit_q(user))
    if not (scoping.scope_of(user).auditor or scoping.scope_of(user).committee):
        raise Http404("对象不存在或不在您的权限范围内。")
    f = {k: request.GET.get(k, "").strip() for k in ("actor", "action", "object_type", "date_from", "date_to", "q")}
    if f["actor"]:
        qs = qs.filter(actor_name=f["actor"])
    if f["action"]:
        qs = qs.filter(action=f["action"])
    if f["object_type"]:
        qs = qs.filter(object_type=f["object_type"])
    for key, lookup in (("date_from", "at__date__gte"), ("date_to", "at__date__lte")):
        day = parse_date_or_none(f[key])
        if day:
            qs = qs.filter(**{lookup: day})
        elif f[key]:
            messages.error(request, f"日期格式不正确：“{f[key]}”，应为 2023-01-05。")
    if f["q"]:
        qs = qs.filter(object_repr__contains=f["q"])
    page = Paginator(qs.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"page": page, "f": f, "actions": AuditAction.choices})


def parse_date_or_none(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
