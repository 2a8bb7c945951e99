"""核对单位总结: find the figures of a hand-written summary, match them to metrics (the user
confirms), compute them for the unit and year, and flag each mismatch with its records."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.urls import reverse

from dangjian.core.errors import ApplicationError
from dangjian.core.forms import TextField
from dangjian.core.metrics import REGISTRY, Period
from dangjian.meetings.years import year_choice
from dangjian.organizations import selectors as org_selectors
from dangjian.reports import check, selectors


class CheckForm(forms.Form):
    text = TextField(label="总结全文", required=False, widget=forms.Textarea(attrs={"rows": 14}), strip=False)
    file = forms.FileField(label="或上传 Word 文件（.docx）", required=False)


def check_page(request):
    year, years = year_choice(request.GET.get("year") or request.POST.get("year"))
    scope = selectors.report_scope(
        actor=request.user, org_id=request.GET.get("org") or request.POST.get("org")
    )
    orgs = org_selectors.org_list(actor=request.user).exclude(kind__in=["branch", "party_group"])[:300]
    context: dict = {
        "year": year,
        "years": years,
        "scope": scope,
        "orgs": orgs,
        "metrics": list(REGISTRY.values()),
    }
    form = CheckForm(request.POST or None, request.FILES or None)
    context["form"] = form
    if request.method != "POST" or not form.is_valid():
        return render(request, "reports/check.html", context)
    text = form.cleaned_data["text"] or ""
    try:
        upload = form.cleaned_data.get("file")
        if upload is not None:
            text = check.read_docx(
                upload.read() if upload.size <= check.MAX_DOCX_BYTES else b"x" * (check.MAX_DOCX_BYTES + 1)
            )
        found = check.find_figures(text)
    except ApplicationError as e:
        form.add_error(e.field if e.field in form.fields else None, e.message)
        return render(request, "reports/check.html", context)
    context.update(text=text, found=found)
    if request.POST.get("step") == "check":
        values = selectors.metric_values(scope=scope, period=Period.year(year))
        params = urlencode({k: v for k, v in (("year", year), ("org", scope.org_id)) if v})
        verdicts = []
        for f in found:
            chosen = request.POST.get(f"metric_{f.index}", "")
            if chosen in REGISTRY and chosen in values:
                url = reverse("reports:metric", args=[chosen]) + "?" + params
                verdicts.append(check.verdict(f, chosen, values[chosen], url))
        context.update(verdicts=verdicts, mismatches=sum(1 for v in verdicts if not v.ok))
    return render(request, "reports/check.html", context)
