from django.urls import path

from dangjian.organizations import views, views_workdays

app_name = "organizations"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("options/", views.org_options, name="org_options"),
    path("<int:org_id>/", views.detail, name="detail"),
    path("<int:org_id>/children/", views.children, name="children"),
    path("<int:org_id>/edit/", views.org_edit, name="org_edit"),
    path("<int:org_id>/move/", views.org_move, name="org_move"),
    path("<int:org_id>/merge/", views.org_merge, name="org_merge"),
    path("<int:org_id>/dissolve/", views.org_dissolve, name="org_dissolve"),
    path("manage/", views.org_list, name="org_list"),
    path("manage/new/", views.org_create, name="org_create"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:unit_id>/edit/", views.unit_edit, name="unit_edit"),
    path("workdays/", views_workdays.workday_list, name="workday_list"),
    path("workdays/<int:pk>/delete/", views_workdays.workday_delete, name="workday_delete"),
]
