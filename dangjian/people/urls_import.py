from django.urls import path

from dangjian.people import views_import

urlpatterns = [
    path("import/", views_import.import_page, name="import"),
    path("import/template/", views_import.import_template, name="import_template"),
    path("import/<int:job_id>/", views_import.import_result, name="import_result"),
    path("import/<int:job_id>/commit/", views_import.import_commit, name="import_commit"),
    path("import/<int:job_id>/accounts/", views_import.import_accounts, name="import_accounts"),
]
