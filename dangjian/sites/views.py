"""Pages of demonstration sites: the list by status and year, a site with its steps and timeline,
a branch's history, the application form and the ledger export. Thin: reads through selectors,
writes through services; outside scope is 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from dangjian.core import workflow
from dangjian.core.errors import ApplicationError, get_or_404
from dangjian.core.excel import content_disposition
from dangjian.core.forms import run_service
from dangjian.organizations import scoping
from dangjian.sites import exports, selectors, services
from dangjian.sites.enums import SiteStatus
from dangjian.sites.forms import SiteProposeForm
from dangjian.sites.workflows import SITE

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _filters(request) -> dict:
    status = request.GET.get("status", "")
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    return {
        "status": status if status in SiteStatus.values else "",
        "year": year if 2000 <= year <= 2100 else None,
    }


def site_list(request):
    user = request.user
    scoping.require(scoping.reads_subtree(user))
    f = _filters(request)
    qs = selectors.site_list(actor=user, **f)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.status_counts(actor=user, year=f["year"])
    return render(
        request,
        "sites/site_list.html",
        {
            "page": page,
            "f": f,
            "statuses": [(v, label, counts.get(v, 0)) for v, label in SiteStatus.choices],
            "may_propose": scoping.writes_subtree(user),
        },
    )


def site_export(request):
    user = request.user
    scoping.require(scoping.reads_subtree(user))
    f = _filters(request)
    qs = selectors.site_list(actor=user, **f)
    title = f"示范点台账{'_' + str(f['year']) + '年' if f['year'] else ''}"
    response = HttpResponse(exports.site_ledger(actor=user, sites=qs, title=title), content_type=XLSX)
    response["Content-Disposition"] = content_disposition(f"{title}.xlsx")
    return response


def site_propose(request):
    user = request.user
    scoping.require(scoping.writes_subtree(user))
    form = SiteProposeForm(request.POST or None, actor=user)
    if request.method == "POST" and form.is_valid():
        site = run_service(form, services.site_propose, actor=user, **form.cleaned_data)
        if site is not None:
            messages.success(request, f"已提交示范点申报：{site.organization.name}。")
            return redirect("sites:detail", site.pk)
    return render(request, "sites/site_form.html", {"form": form})


def site_detail(request, site_id):
    user = request.user
    site = selectors.site_get(actor=user, site_id=site_id)
    panel = workflow.panel(site, user, workflow=SITE, action_url=reverse("sites:step", args=[site.pk]))
    history = selectors.site_list(actor=user, organization_id=site.organization_id).exclude(pk=site.pk)
    return render(request, "sites/site_detail.html", {"site": site, "panel": panel, "history": history})


@require_POST
def site_step(request, site_id):
    user = request.user
    site = selectors.site_get(actor=user, site_id=site_id)
    name = request.POST.get("transition", "")
    try:
        services.site_step(actor=user, site=site, name=name, note=request.POST.get("note", "")[:1000])
    except ApplicationError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, workflow.MSG_DONE.format(label=SITE.transition(name).label))
    return redirect("sites:detail", site.pk)


def branch_history(request, org_id):
    user = request.user
    org = get_or_404(scoping.orgs_visible(user), org_id)
    sites = selectors.site_list(actor=user, organization_id=org.pk)
    return render(
        request, "sites/branch_history.html", {"org": org, "sites": sites, "today": timezone.localdate()}
    )
