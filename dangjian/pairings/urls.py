from django.urls import path

from dangjian.pairings import views

app_name = "pairings"
urlpatterns = [
    path("", views.pairing_list, name="list"),
    path("export.xlsx", views.pairing_export, name="export"),
    path("new/", views.pairing_create, name="create"),
    path("<int:pairing_id>/", views.pairing_detail, name="detail"),
    path("import/", views.pairing_import_page, name="pairing_import"),
    path("import/template.xlsx", views.pairing_import_template, name="pairing_import_template"),
    path("import/<int:job_id>/", views.pairing_import_result, name="pairing_import_result"),
    path("import/<int:job_id>/commit/", views.pairing_import_commit, name="pairing_import_commit"),
    path("registry/", views.registry, name="registry"),
    path("registry/export.xlsx", views.registry_export, name="registry_export"),
    path("registry/parks/new/", views.park_create, name="park_create"),
    path("registry/enterprises/new/", views.enterprise_create, name="enterprise_create"),
    path("registry/import/", views.import_page, name="import"),
    path("registry/import/template.xlsx", views.import_template, name="import_template"),
    path("registry/import/<int:job_id>/", views.import_result, name="import_result"),
    path("registry/import/<int:job_id>/commit/", views.import_commit, name="import_commit"),
]
