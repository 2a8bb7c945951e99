"""The home page (工作台): the counters of the user's scope. It will grow into the per-role
dashboards; it reads the areas' selectors, and nothing imports it but the URL configuration."""

from django.shortcuts import render
from django.utils import timezone

from dangjian.core.models import Job
from dangjian.organizations import scoping
from dangjian.organizations import selectors as org_selectors
from dangjian.organizations.enums import OrgKind
from dangjian.people import selectors as people_selectors
from dangjian.people.enums import MembershipStatus
from dangjian.reports import todo


def home(request):
    user = request.user
    kinds = org_selectors.org_counts_by_kind(actor=user)
    statuses = people_selectors.membership_counts(actor=user)
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
    return render(
        request,
        "reports/home.html",
        {
            "org_rows": org_rows,
            "status_rows": status_rows,
            "units": units,
            "subunits": subunits,
            "chart": chart,
            "members_total": statuses.get("full", 0) + statuses.get("probationary", 0),
            "recent_jobs": Job.objects.filter(created_by=user)[:5],
            "todo": todo.todo_for(user) if has_tree else None,
            "me": None if has_tree else todo.member_home(user),
            "today": timezone.localdate(),
        },
    )
