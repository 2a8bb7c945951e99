"""The audit log browser: the events of the auditor's (or committee staff's) subtrees."""

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from dangjian.core.models import AuditAction, AuditEvent
from dangjian.organizations import scoping


def audit_list(request):
    user = request.user
    qs = AuditEvent.objects.filter(scoping.audit_q(user))
    if not (scoping.scope_of(user).auditor or scoping.scope_of(user).committee):
        raise Http404("对象不存在或不在您的权限范围内。")
    f = {
        k: request.GET.get(k, "").strip()
        for k in ("actor", "action", "object_type", "date_from", "date_to", "q")
    }
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
    return render(request, "reports/audit_list.html", {"page": page, "f": f, "actions": AuditAction.choices})


def parse_date_or_none(text: str):
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None
