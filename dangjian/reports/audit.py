"""The audit log browser: the events of the auditor's (or committee staff's) subtrees, in Chinese,
filtered by person, organisation, action, type and date, and exported to .xlsx."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.core.models import AuditAction
from dangjian.organizations import scoping
from dangjian.organizations.forms import OrgChoiceField
from dangjian.reports import audit_log


class AuditOrgForm(forms.Form):
    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"] = OrgChoiceField(label="党组织（含下级）", actor=actor, required_=False)


def _audit_filters(request, params) -> tuple[audit_log.AuditFilters, AuditOrgForm]:
    user = request.user
    if not scoping.browses_audit(user):
        raise Http404("对象不存在或不在您的权限范围内。")
    f = audit_log.AuditFilters.from_params(params)
    org_form = AuditOrgForm(params if params.get("org") else None, actor=user)
    if org_form.is_bound and org_form.is_valid() and org_form.cleaned_data["org"]:
        f.org_path = org_form.cleaned_data["org"].path
    elif org_form.is_bound:
        f.errors.append(audit_log.ERR_ORG)
    return f, org_form


def audit_list(request):
    f, org_form = _audit_filters(request, request.GET)
    for error in f.errors:
        messages.error(request, error)
    qs = audit_log.audit_event_list(actor=request.user, filters=f)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/audit_list.html",
        {
            "page": page,
            "rows": audit_log.describe(page.object_list),
            "f": f,
            "org_form": org_form,
            "actions": AuditAction.choices,
            "types": audit_log.object_type_choices(),
        },
    )


@require_POST
def audit_export(request):
    f, _form = _audit_filters(request, request.POST)
    job = audit_log.audit_export_submit(actor=request.user, filters=f)
    return redirect("core:job", job.pk)
