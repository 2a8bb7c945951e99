from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path

from dangjian.accounts import urls as accounts_urls
from dangjian.accounts.views import admin_login
from dangjian.api import api
from dangjian.reports import audit, dashboard
from dangjian.reports.api import router as reports_router
from dangjian.users import urls as users_urls

# Staff sign in through the login page (lockout, audit); the admin's own form is never served.
admin.site.login = admin_login  # type: ignore[method-assign]  # the default site, without subclassing it

# The API authenticates each request by its bearer token (or session) and answers 401 itself.
# Nothing imports reports, so its API router is mounted here; the catch-all JSON 404 stays last.
api.add_router("", reports_router)
api_patterns, api_app, api_namespace = api.urls
api_patterns.sort(key=lambda p: str(p.pattern) == "<path:rest>")
for pattern in api_patterns:
    assert pattern.callback is not None  # ninja's patterns are views, not includes
    login_not_required(pattern.callback)

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("audit/", audit.audit_list, name="audit"),
    path("audit/export/", audit.audit_export, name="audit_export"),
    path("", include("dangjian.core.urls")),
    # Sign-in (accounts) and user management (users) share the addresses and names under accounts/.
    path("accounts/", include((accounts_urls.urlpatterns + users_urls.urlpatterns, "accounts"))),
    path("orgs/", include("dangjian.organizations.urls")),
    path("people/", include("dangjian.people.urls")),
    # Work prompts and study materials keep the addresses they had as part of meetings.
    path("meetings/prompts/", include("dangjian.prompts.urls")),
    path("meetings/materials/", include("dangjian.materials.urls")),
    path("campaigns/", include("dangjian.campaigns.urls")),
    path("problems/", include("dangjian.problems.urls")),
    path("assessments/", include("dangjian.assessments.urls")),
    path("meetings/", include("dangjian.meetings.urls")),
    path("trainings/", include("dangjian.trainings.urls")),
    path("sites/", include("dangjian.sites.urls")),
    path("awards/", include("dangjian.awards.urls")),
    path("complaints/", include("dangjian.complaints.urls")),
    path("activities/", include("dangjian.activities.urls")),
    path("events/", include("dangjian.events.urls")),
    path("transfers/", include("dangjian.transfers.urls")),
    path("care/", include("dangjian.care.urls")),
    path("fees/", include("dangjian.fees.urls")),
    path("development/", include("dangjian.development.urls")),
    path("elections/", include("dangjian.elections.urls")),
    path("initiatives/", include("dangjian.initiatives.urls")),
    path("pairings/", include("dangjian.pairings.urls")),
    path("villages/", include("dangjian.villages.urls")),
    path("masses/", include("dangjian.masses.urls")),
    path("reports/", include("dangjian.reports.urls")),
    path("api/v1/", (api_patterns, api_app, api_namespace)),
    path("admin/", admin.site.urls),
]
