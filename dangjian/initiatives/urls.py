from django.urls import path

from dangjian.initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("export.xlsx", views.initiative_export, name="export"),
    path("new/", views.initiative_create, name="create"),
    path("<int:initiative_id>/", views.initiative_detail, name="detail"),
    path("<int:initiative_id>/edit/", views.initiative_edit, name="edit"),
    path("<int:initiative_id>/close/", views.initiative_close, name="close"),
    path("import/", views.import_page, name="import"),
    path("import/template.xlsx", views.import_template, name="import_template"),
    path("import/<int:job_id>/", views.import_result, name="import_result"),
    path("import/<int:job_id>/commit/", views.import_commit, name="import_commit"),
]
