from django.urls import path

from dangjian.organizations.views import orgs, workdays

app_name = "organizations"
urlpatterns = [
    path("", orgs.tree, name="tree"),
    path("options/", orgs.org_options, name="org_options"),
    path("<int:org_id>/", orgs.detail, name="detail"),
    path("<int:org_id>/children/", orgs.children, name="children"),
    path("<int:org_id>/edit/", orgs.org_edit, name="org_edit"),
    path("<int:org_id>/move/", orgs.org_move, name="org_move"),
    path("<int:org_id>/merge/", orgs.org_merge, name="org_merge"),
    path("<int:org_id>/dissolve/", orgs.org_dissolve, name="org_dissolve"),
    path("manage/", orgs.org_list, name="org_list"),
    path("manage/new/", orgs.org_create, name="org_create"),
    path("units/", orgs.unit_list, name="unit_list"),
    path("units/new/", orgs.unit_create, name="unit_create"),
    path("units/<int:unit_id>/edit/", orgs.unit_edit, name="unit_edit"),
    path("workdays/", workdays.workday_list, name="workday_list"),
    path("workdays/<int:pk>/delete/", workdays.workday_delete, name="workday_delete"),
]
