"""年度综述: the summary page, its downloads and the template editor (committee only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangjian.core import audit
from dangjian.core.errors import ApplicationError
from dangjian.core.forms import TextField, run_service
from dangjian.core.metrics import REGISTRY
from dangjian.core.models import AuditAction
from dangjian.meetings.years import year_choice
from dangjian.organizations import scoping
from dangjian.organizations import selectors as org_selectors
from dangjian.reports import documents, selectors, services, summary
from dangjian.reports.models import SummaryTemplate


def _scope_and_year(request):
    year, years = year_choice(request.GET.get("year"))
    scope = selectors.report_scope(actor=request.user, org_id=request.GET.get("org"))
    return scope, year, years


def summary_page(request):
    scope, year, years = _scope_and_year(request)
    compare = request.GET.get("compare") == "1"
    doc = summary.build(scope=scope, year=year, compare=compare)
    orgs = org_selectors.org_list(actor=request.user).exclude(kind__in=["branch", "party_group"])[:300]
    return render(
        request,
        "reports/summary.html",
        {
            "doc": doc,
            "year": year,
            "years": years,
            "scope": scope,
            "orgs": orgs,
            "compare": compare,
            "can_edit": scoping.is_committee(request.user),
        },
    )


def _download(request, fmt: str) -> HttpResponse:
    scope, year, _years = _scope_and_year(request)
    doc = summary.build(scope=scope, year=year)
    content, content_type = documents.render(doc, fmt)
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="reports.summary",
        object_repr=f"年度综述 {year} {scope.label} .{fmt}"[:200],
        org_path=scope.path,
        changes={"year": [None, year], "format": [None, fmt]},
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = documents.attachment(f"{doc.title}.{fmt}")
    return response


def summary_docx(request):
    return _download(request, "docx")


def summary_pdf(request):
    return _download(request, "pdf")


class TemplateForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    text = TextField(
        label="模板内容", widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"}), strip=False
    )


@scoping.committee_required
def template_edit(request):
    year, years = year_choice(request.GET.get("year") or request.POST.get("year"))
    if request.method == "POST":
        form = TemplateForm(request.POST)
        if form.is_valid():
            saved = run_service(
                form,
                services.template_save,
                actor=request.user,
                year=form.cleaned_data["year"],
                text=form.cleaned_data["text"],
            )
            if saved is not None:
                messages.success(request, f"{saved.year}年度综述模板已保存。")
                return redirect(f"{request.path}?year={saved.year}")
    else:
        text, source = summary.template_for(year)
        form = TemplateForm(initial={"year": year, "text": text})
    own = SummaryTemplate.objects.filter(year=year).select_related("updated_by").first()
    metrics = sorted(REGISTRY.values(), key=lambda m: (m.section, m.id))
    return render(
        request,
        "reports/summary_template.html",
        {
            "form": form,
            "year": year,
            "years": years,
            "own": own,
            "source": summary.template_for(year)[1],
            "metrics": metrics,
            "waiting": sorted(summary.expected_ids() - set(REGISTRY)),
        },
    )


@scoping.committee_required
@require_POST
def template_preview(request):
    """The text as it would read with the live figures (htmx), or the message naming the line."""
    form = TemplateForm(request.POST)
    doc, error = None, ""
    if form.is_valid():
        try:
            services.template_check(text=form.cleaned_data["text"])
            scope = selectors.report_scope(actor=request.user)
            doc = summary.build(scope=scope, year=form.cleaned_data["year"], text=form.cleaned_data["text"])
        except ApplicationError as e:
            error = e.message
    else:
        error = "；".join(str(e) for errs in form.errors.values() for e in errs)
    return render(request, "reports/_summary_preview.html", {"doc": doc, "error": error})
