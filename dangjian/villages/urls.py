from django.urls import path

from dangjian.villages import views

app_name = "villages"
urlpatterns = [
    path("", views.stationing_list, name="list"),
    path("export.xlsx", views.stationing_export, name="export"),
    path("new/", views.stationing_create, name="create"),
    path("<int:stationing_id>/", views.stationing_detail, name="detail"),
    path("checks/", views.checks, name="checks"),
    path("checks/absent.xlsx", views.absent_export, name="absent_export"),
    path("teams/", views.team_list, name="teams"),
    path("teams/new/", views.team_create, name="team_create"),
    path("teams/<int:team_id>/", views.team_detail, name="team_detail"),
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:job_id>/", views.import_result, name="import_result"),
    path("import/<int:job_id>/commit/", views.import_commit, name="import_commit"),
]
